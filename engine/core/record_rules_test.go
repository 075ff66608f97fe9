package core

import (
	"errors"
	"slices"
	"testing"

	"github.com/hookbase/hookbase/engine/search"
)

func TestApplyRecordRule(t *testing.T) {
	f := newResolverFixture(t)
	cases := []struct {
		name    string
		rule    *string
		info    *RequestInfo
		want    []string
		wantErr error
	}{
		{name: "locked for guests", rule: nil, info: f.guestInfo, wantErr: ErrRuleLocked},
		{name: "locked for users", rule: nil, info: f.u1Info, wantErr: ErrRuleLocked},
		{name: "locked open to superusers", rule: nil, info: f.suInfo, want: []string{"p1", "p2", "p3", "p4"}},
		{name: "public", rule: rulePtr(""), info: f.guestInfo, want: []string{"p1", "p2", "p3", "p4"}},
		{name: "auth only, guest", rule: rulePtr(`@request.auth.id != ""`), info: f.guestInfo, want: []string{}},
		{name: "auth only, nil info", rule: rulePtr(`@request.auth.id != ""`), info: nil, want: []string{}},
		{name: "auth only, user", rule: rulePtr(`@request.auth.id != ""`), info: f.u1Info, want: []string{"p1", "p2", "p3", "p4"}},
		{name: "owner", rule: rulePtr("author = @request.auth.id"), info: f.u2Info, want: []string{"p2"}},
		{name: "hidden fields allowed in rules", rule: rulePtr("notes = 'n1' || author.secret = 's2'"), info: f.guestInfo, want: []string{"p1", "p2"}},
		{name: "superuser bypasses", rule: rulePtr("1 = 2"), info: f.suInfo, want: []string{"p1", "p2", "p3", "p4"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			q := f.app.RecordQuery(f.posts)
			err := f.app.ApplyRecordRule(q, f.posts, tc.info, tc.rule)
			if tc.wantErr != nil {
				if !errors.Is(err, tc.wantErr) {
					t.Fatalf("got %v, want %v", err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			records, err := f.app.FindRecordsByQuery(f.posts, q)
			if err != nil {
				t.Fatal(err)
			}
			if got := f.labelsOf(records); !slices.Equal(got, tc.want) {
				t.Fatalf("got %v, want %v", got, tc.want)
			}
		})
	}

	q := f.app.RecordQuery(f.posts)
	if err := f.app.ApplyRecordRule(q, f.posts, f.guestInfo, rulePtr("nope = 1")); err == nil || !search.IsUserError(err) {
		t.Fatalf("invalid rule: %v", err)
	}
}

func TestCanAccessRecord(t *testing.T) {
	f := newResolverFixture(t)
	cases := []struct {
		name   string
		record *Record
		rule   *string
		info   *RequestInfo
		want   bool
	}{
		{"locked guest", f.p1, nil, f.guestInfo, false},
		{"locked superuser", f.p1, nil, f.suInfo, true},
		{"public", f.p1, rulePtr(""), nil, true},
		{"guest never passes an auth rule", f.p1, rulePtr(`@request.auth.id != ""`), f.guestInfo, false},
		{"user passes an auth rule", f.p1, rulePtr(`@request.auth.id != ""`), f.u2Info, true},
		{"owner", f.p2, rulePtr("author = @request.auth.id"), f.u2Info, true},
		{"not owner", f.p1, rulePtr("author = @request.auth.id"), f.u2Info, false},
		{"relation rule", f.p1, rulePtr("author.team.name = 'Red' && editors.id ?= @request.auth.id"), f.u2Info, true},
		{"relation rule fails", f.p2, rulePtr("author.team.name = 'Red'"), f.u2Info, false},
		{"back relation rule", f.p1, rulePtr("comments_via_post.user ?= @request.auth.id"), f.u2Info, true},
	}
	for _, tc := range cases {
		got, err := f.app.CanAccessRecord(tc.record, tc.info, tc.rule)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if _, err := f.app.CanAccessRecord(f.p1, f.u1Info, rulePtr("nope = 1")); err == nil {
		t.Fatal("an invalid rule gave no error")
	}
}

func TestCheckRecordRuleCreate(t *testing.T) {
	f := newResolverFixture(t)
	newPost := func(values map[string]any) *Record {
		r := NewRecord(f.posts)
		r.Load(values)
		return r
	}
	withBody := func(info *RequestInfo, body map[string]any) *RequestInfo {
		c := info.Clone()
		c.Method = "POST"
		c.Body = body
		return c
	}
	rule := `@request.auth.id != "" && author = @request.auth.id && author.role = "admin"`
	cases := []struct {
		name   string
		record *Record
		rule   *string
		info   *RequestInfo
		want   bool
	}{
		{"locked", newPost(nil), nil, f.u1Info, false},
		{"locked superuser", newPost(nil), nil, f.suInfo, true},
		{"public", newPost(nil), rulePtr(""), f.guestInfo, true},
		{"guest", newPost(map[string]any{"author": f.u1.Id}), &rule, f.guestInfo, false},
		{"admin author", newPost(map[string]any{"author": f.u1.Id}), &rule, f.u1Info, true},
		{"foreign author", newPost(map[string]any{"author": f.u1.Id}), &rule, f.u2Info, false},
		{"non-admin author", newPost(map[string]any{"author": f.u2.Id}), &rule, f.u2Info, false},
		{"values of the would-be record", newPost(map[string]any{"views": 3, "tags": []string{"a", "b"}}),
			rulePtr("views = 3 && tags:length = 2 && tags:each ?= 'b'"), f.guestInfo, true},
		{"values of the would-be record fail", newPost(map[string]any{"views": 4}), rulePtr("views = 3"), f.guestInfo, false},
		{"multi relation of the would-be record", newPost(map[string]any{"editors": []string{f.u2.Id, f.u3.Id}}),
			rulePtr("editors.role = 'member'"), f.guestInfo, true},
		{"multi relation of the would-be record fails", newPost(map[string]any{"editors": []string{f.u1.Id, f.u3.Id}}),
			rulePtr("editors.role = 'member'"), f.guestInfo, false},
		{"body", newPost(map[string]any{"title": "x"}),
			rulePtr("@request.body.title:isset = true && @request.body.status:isset = false"), withBody(f.guestInfo, map[string]any{"title": "x"}), true},
		{"body forbids a field", newPost(map[string]any{"status": "published"}),
			rulePtr("@request.body.status:isset = false"), withBody(f.guestInfo, map[string]any{"status": "published"}), false},
		{"json of the would-be record", newPost(map[string]any{"data": map[string]any{"k": 1}}), rulePtr("data.k = 1"), f.guestInfo, true},
	}
	for _, tc := range cases {
		got, err := f.app.CheckRecordRule(tc.record, tc.info, tc.rule)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}
	if n, _ := f.app.CountRecords(f.posts); n != 4 {
		t.Fatalf("the create checks wrote records: %d posts", n)
	}
}

func TestCheckRecordRuleUpdateUsesStoredRow(t *testing.T) {
	f := newResolverFixture(t)
	rec := f.reload(t, f.p2) // views 5, author u2
	rec.Set("views", 100)
	info := f.u2Info.Clone()
	info.Method = "PATCH"
	info.Body = map[string]any{"views": 100}
	cases := []struct {
		rule string
		info *RequestInfo
		want bool
	}{
		{"views = 5", info, true}, // stored value, not the unsaved change
		{"views = 100", info, false},
		{"@request.body.views = 100 && author = @request.auth.id", info, true},
		{"@request.body.views:changed = true", info, true},
		{"author = @request.auth.id", f.u1Info, false},
	}
	for _, c := range cases {
		got, err := f.app.CheckRecordRule(rec, c.info, &c.rule)
		if err != nil {
			t.Fatalf("%s: %v", c.rule, err)
		}
		if got != c.want {
			t.Errorf("%s: got %v, want %v", c.rule, got, c.want)
		}
	}
}

func TestCanManageRecord(t *testing.T) {
	f := newResolverFixture(t)
	f.users.ManageRule = rulePtr(`@request.auth.role = "admin"`)
	rsSave(t, f.app, f.users)
	u2 := f.reload(t, f.u2)
	u1 := f.reload(t, f.u1)
	newUser := NewRecord(u2.Collection())
	newUser.SetEmail("new@x.com")

	cases := []struct {
		name   string
		record *Record
		info   *RequestInfo
		want   bool
	}{
		{"admin manages another user", u2, f.u1Info, true},
		{"member cannot manage", u1, f.u2Info, false},
		{"guest cannot manage", u2, f.guestInfo, false},
		{"superuser manages", u2, f.suInfo, true},
		{"admin manages a new user", newUser, f.u1Info, true},
		{"member cannot manage a new user", newUser, f.u2Info, false},
		{"not an auth collection", f.p1, f.u1Info, false},
	}
	for _, tc := range cases {
		got, err := f.app.CanManageRecord(tc.record, tc.info)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if got != tc.want {
			t.Errorf("%s: got %v, want %v", tc.name, got, tc.want)
		}
	}

	// saving refuses "" (nil or a rule); data stored by older versions may have it
	f.users.ManageRule = rulePtr("")
	if err := f.app.SaveNoValidate(f.users); err != nil {
		t.Fatal(err)
	}
	u2 = f.reload(t, f.u2)
	if ok, _ := f.app.CanManageRecord(u2, f.u1Info); ok {
		t.Fatal("an empty manageRule granted access")
	}
}

// A create rule cannot be satisfied by a client that claims verification.
func TestCheckRecordRuleIgnoresClaimedVerification(t *testing.T) {
	f := newResolverFixture(t)
	u := NewRecord(f.users)
	u.SetEmail("v@x.com")
	u.SetVerified(true)
	ok, err := f.app.CheckRecordRule(u, f.guestInfo, rulePtr("verified = true"))
	if err != nil || ok {
		t.Fatalf("got %v %v", ok, err)
	}
}

func rulePtr(s string) *string { return &s }
