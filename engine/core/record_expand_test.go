package core

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

func expandLabels(f *resolverFixture, v any) any {
	switch x := v.(type) {
	case *Record:
		return f.labels[x.Id]
	case []*Record:
		out := []string{}
		for _, r := range x {
			out = append(out, f.labels[r.Id])
		}
		return out
	}
	return nil
}

func TestExpandRecords(t *testing.T) {
	f := newResolverFixture(t)
	p1, p4 := f.reload(t, f.p1), f.reload(t, f.p4)
	errs := f.app.ExpandRecords([]*Record{p1, p4}, []string{
		"author", " editors.team ", "comments_via_post.user,comments_via_post.post", "nope", "author.nope", "author",
	}, nil)

	if got := expandLabels(f, p1.Expand()["author"]); got != "u1" {
		t.Fatalf("single relation: %v", got)
	}
	if got := expandLabels(f, p1.Expand()["editors"]); !slices.Equal(got.([]string), []string{"u1", "u2"}) {
		t.Fatalf("multi relation: %v", got)
	}
	// stored order, not id or insertion order
	if got := expandLabels(f, p4.Expand()["editors"]); !slices.Equal(got.([]string), []string{"u3", "u1"}) {
		t.Fatalf("multi relation order: %v", got)
	}
	editors := p1.ExpandedAll("editors")
	if expandLabels(f, editors[0].Expand()["team"]) != "t1" || expandLabels(f, editors[1].Expand()["team"]) != "t2" {
		t.Fatalf("nested: %v %v", editors[0].Expand(), editors[1].Expand())
	}
	if _, ok := p4.Expand()["author"]; ok {
		t.Fatal("an empty relation was expanded")
	}
	comments, ok := p1.Expand()["comments_via_post"].([]*Record)
	if !ok || !slices.Equal(expandLabels(f, comments).([]string), []string{"c1", "c2"}) {
		t.Fatalf("back relation: %#v", p1.Expand()["comments_via_post"])
	}
	if expandLabels(f, comments[1].Expand()["user"]) != "u2" || expandLabels(f, comments[0].Expand()["post"]) != "p1" {
		t.Fatalf("nested back relation: %v", comments[1].Expand())
	}
	if _, ok := p4.Expand()["comments_via_post"]; ok {
		t.Fatal("a back relation without records was expanded")
	}
	if errs["nope"] == nil || errs["author.nope"] == nil || len(errs) != 2 {
		t.Fatalf("errors: %v", errs)
	}

	raw, _ := json.Marshal(p1)
	var out map[string]any
	_ = json.Unmarshal(raw, &out)
	expand, _ := out["expand"].(map[string]any)
	if _, ok := expand["author"].(map[string]any); !ok {
		t.Fatalf("author is not an object: %s", raw)
	}
	if _, ok := expand["comments_via_post"].([]any); !ok {
		t.Fatalf("back relation is not an array: %s", raw)
	}
	if _, ok := expand["nope"]; ok || strings.Contains(string(raw), `"secret"`) {
		t.Fatalf("unexpected keys: %s", raw)
	}

	// unknown paths only: no expand key at all
	p3 := f.reload(t, f.p3)
	f.app.ExpandRecord(p3, []string{"nope", "title"}, nil)
	raw, _ = json.Marshal(p3)
	if strings.Contains(string(raw), `"expand"`) {
		t.Fatalf("expand key for unknown paths: %s", raw)
	}
}

// A back-relation is a list even when the relation field is single and unique.
func TestExpandBackRelationIsAlwaysAList(t *testing.T) {
	f := newResolverFixture(t)
	profiles := NewBaseCollection("profiles")
	profiles.Fields.Add(&RelationField{FieldBase: FieldBase{Name: "user"}, CollectionId: f.users.Id, MaxSelect: 1})
	profiles.Indexes = append(profiles.Indexes, "CREATE UNIQUE INDEX idx_profiles_user ON profiles (user)")
	rsSave(t, f.app, profiles)
	pr := NewRecord(profiles)
	pr.Set("user", f.u1.Id)
	rsSave(t, f.app, pr)

	u1 := f.reload(t, f.u1)
	if errs := f.app.ExpandRecord(u1, []string{"profiles_via_user", "posts_via_editors"}, nil); errs != nil {
		t.Fatal(errs)
	}
	if list, ok := u1.Expand()["profiles_via_user"].([]*Record); !ok || len(list) != 1 {
		t.Fatalf("got %#v", u1.Expand()["profiles_via_user"])
	}
	if got := expandLabels(f, u1.Expand()["posts_via_editors"]); !slices.Equal(got.([]string), []string{"p1", "p4"}) {
		t.Fatalf("multi back relation: %v", got)
	}
	// the unique single back relation is also usable in filters
	got, err := f.match(t, f.users, "profiles_via_user.id != ''", nil, true)
	if err != nil || !slices.Equal(got, []string{"u1"}) {
		t.Fatalf("filter: %v %v", got, err)
	}
}

func TestExpandDepthLimit(t *testing.T) {
	f := newResolverFixture(t)
	nodes := NewBaseCollection("nodes")
	nodes.Fields.Add(&TextField{FieldBase: FieldBase{Name: "name"}})
	rsSave(t, f.app, nodes)
	nodes.Fields.Add(&RelationField{FieldBase: FieldBase{Name: "parent"}, CollectionId: nodes.Id, MaxSelect: 1})
	rsSave(t, f.app, nodes)
	var prev *Record
	for i := range 9 {
		n := NewRecord(nodes)
		n.Set("name", string(rune('a'+i)))
		if prev != nil {
			n.Set("parent", prev.Id)
		}
		rsSave(t, f.app, n)
		prev = n
	}
	leaf := f.reload(t, prev)
	errs := f.app.ExpandRecord(leaf, []string{strings.Repeat("parent.", 7) + "parent"}, nil)
	depth, cur := 0, leaf
	for {
		next := cur.ExpandedOne("parent")
		if next == nil {
			break
		}
		depth++
		cur = next
	}
	if depth != 6 || len(errs) != 1 {
		t.Fatalf("expanded %d levels, errors %v", depth, errs)
	}
}

func TestRuleAwareExpandFetch(t *testing.T) {
	f := newResolverFixture(t)
	f.users.ViewRule = rulePtr(`@request.auth.id != "" && @request.context = "expand"`)
	rsSave(t, f.app, f.users)
	f.teams.ViewRule = nil
	rsSave(t, f.app, f.teams)
	f.comments.ViewRule = rulePtr("user = @request.auth.id")
	rsSave(t, f.app, f.comments)

	expand := func(info *RequestInfo) *Record {
		p1 := f.reload(t, f.p1)
		f.app.ExpandRecord(p1, []string{"author.team", "editors", "comments_via_post"}, f.app.RuleAwareExpandFetch(info))
		return p1
	}

	guest := expand(f.guestInfo)
	if len(guest.Expand()) != 0 {
		t.Fatalf("a guest got expands through an auth-only rule: %v", guest.Expand())
	}
	if len(expand(nil).Expand()) != 0 {
		t.Fatal("nil request info got expands")
	}

	user := expand(f.u2Info)
	if expandLabels(f, user.Expand()["author"]) != "u1" {
		t.Fatalf("user: %v", user.Expand())
	}
	if _, ok := user.ExpandedOne("author").Expand()["team"]; ok {
		t.Fatal("a locked viewRule collection was expanded")
	}
	if got := expandLabels(f, user.Expand()["comments_via_post"]); !slices.Equal(got.([]string), []string{"c2"}) {
		t.Fatalf("back relation rule: %v", got)
	}

	su := expand(f.suInfo)
	if expandLabels(f, su.ExpandedOne("author").Expand()["team"]) != "t1" {
		t.Fatalf("superuser: %v", su.ExpandedOne("author").Expand())
	}
	if f.u2Info.Context != RequestContextDefault {
		t.Fatal("the caller's request info was changed")
	}
}
