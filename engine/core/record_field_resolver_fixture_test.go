package core

import (
	"slices"
	"testing"

	"github.com/hookbase/hookbase/engine/search"
	"github.com/pocketbase/dbx"
)

// resolverFixture is a small schema with every kind of path a filter can
// take: single and multi relations, relations of relations, a single and a
// multi back-relation, multi selects, JSON, geoPoint, hidden fields and an
// auth collection with a hidden and a public email.
type resolverFixture struct {
	app                               *App
	users, teams, posts, comments     *Collection
	news                              *Collection
	t1, t2                            *Record
	u1, u2, u3                        *Record
	p1, p2, p3, p4                    *Record
	c1, c2, c3                        *Record
	labels                            map[string]string // record id → short label
	superuser                         *Record
	guestInfo, u1Info, u2Info, suInfo *RequestInfo
}

func rsSave(t testing.TB, app *App, m Model) {
	t.Helper()
	if err := app.Save(m); err != nil {
		t.Fatalf("save %T: %v", m, err)
	}
}

func newResolverFixture(t testing.TB) *resolverFixture {
	t.Helper()
	app := newTestApp(t)
	f := &resolverFixture{app: app, labels: map[string]string{}}

	f.teams = NewBaseCollection("teams")
	f.teams.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "name"}},
		&SelectField{FieldBase: FieldBase{Name: "tags"}, Values: []string{"a", "b", "c"}, MaxSelect: 3},
	)
	rsSave(t, app, f.teams)

	users, err := app.FindCollectionByNameOrId(CollectionNameUsers)
	if err != nil {
		t.Fatal(err)
	}
	users.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "name"}},
		&SelectField{FieldBase: FieldBase{Name: "role"}, Values: []string{"admin", "member"}, MaxSelect: 1},
		&RelationField{FieldBase: FieldBase{Name: "team"}, CollectionId: f.teams.Id, MaxSelect: 1},
		&TextField{FieldBase: FieldBase{Name: "secret", Hidden: true}},
	)
	rsSave(t, app, users)
	f.users = users

	f.posts = NewBaseCollection("posts")
	f.posts.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "title"}},
		&SelectField{FieldBase: FieldBase{Name: "status"}, Values: []string{"draft", "published"}, MaxSelect: 1},
		&SelectField{FieldBase: FieldBase{Name: "tags"}, Values: []string{"a", "b", "c"}, MaxSelect: 3},
		&RelationField{FieldBase: FieldBase{Name: "author"}, CollectionId: users.Id, MaxSelect: 1},
		&RelationField{FieldBase: FieldBase{Name: "editors"}, CollectionId: users.Id, MaxSelect: 5},
		&JSONField{FieldBase: FieldBase{Name: "data"}},
		&NumberField{FieldBase: FieldBase{Name: "views"}},
		&BoolField{FieldBase: FieldBase{Name: "published"}},
		&TextField{FieldBase: FieldBase{Name: "notes", Hidden: true}},
		&GeoPointField{FieldBase: FieldBase{Name: "loc"}},
		&TextField{FieldBase: FieldBase{Name: "category"}},
	)
	rsSave(t, app, f.posts)

	f.comments = NewBaseCollection("comments")
	f.comments.Fields.Add(
		&RelationField{FieldBase: FieldBase{Name: "post"}, CollectionId: f.posts.Id, MaxSelect: 1},
		&RelationField{FieldBase: FieldBase{Name: "user"}, CollectionId: users.Id, MaxSelect: 1},
		&TextField{FieldBase: FieldBase{Name: "message"}},
	)
	rsSave(t, app, f.comments)

	f.news = NewBaseCollection("news")
	f.news.Fields.Add(&TextField{FieldBase: FieldBase{Name: "category"}}, &TextField{FieldBase: FieldBase{Name: "owner"}})
	rsSave(t, app, f.news)

	// Client filters cross relations only into listable collections (see
	// fieldWalk.listGuard): the cases here are about the SQL of the paths,
	// so every collection is listable; the guard has its own tests.
	for _, c := range []*Collection{f.teams, users, f.posts, f.comments, f.news} {
		public := ""
		c.ListRule = &public
		rsSave(t, app, c)
	}

	rec := func(c *Collection, label string, values map[string]any) *Record {
		r := NewRecord(c)
		if c.IsAuth() {
			r.SetPassword("1234567890")
		}
		for k, v := range values {
			r.Set(k, v)
		}
		rsSave(t, app, r)
		f.labels[r.Id] = label
		return r
	}

	f.t1 = rec(f.teams, "t1", map[string]any{"name": "Red", "tags": []string{"a", "b"}})
	f.t2 = rec(f.teams, "t2", map[string]any{"name": "Blue"})

	f.u1 = rec(users, "u1", map[string]any{"email": "a@x.com", "emailVisibility": true, "verified": true,
		"name": "Alice", "role": "admin", "team": f.t1.Id, "secret": "s1"})
	f.u2 = rec(users, "u2", map[string]any{"email": "b@x.com", "name": "Bob", "role": "member", "team": f.t2.Id, "secret": "s2"})
	f.u3 = rec(users, "u3", map[string]any{"email": "c@x.com", "name": "Carol", "role": "member"})

	f.p1 = rec(f.posts, "p1", map[string]any{"title": "Hello World", "status": "published", "tags": []string{"a", "b"},
		"author": f.u1.Id, "editors": []string{f.u1.Id, f.u2.Id}, "data": map[string]any{"a": map[string]any{"b": 1}, "arr": []int{1, 2}, "s": "x"},
		"views": 10, "published": true, "notes": "n1", "loc": map[string]any{"lon": 23.32, "lat": 42.69}, "category": "x"})
	f.p2 = rec(f.posts, "p2", map[string]any{"title": "second post", "status": "draft", "tags": []string{"a"},
		"author": f.u2.Id, "editors": []string{f.u2.Id}, "data": map[string]any{"a": map[string]any{"b": 2}},
		"views": 5, "category": "y", "loc": map[string]any{"lon": 2.35, "lat": 48.86}})
	f.p3 = rec(f.posts, "p3", map[string]any{"title": "Third", "status": "published", "author": f.u1.Id, "views": 0, "category": "z"})
	f.p4 = rec(f.posts, "p4", map[string]any{"title": "100% sure", "status": "draft", "tags": []string{"c"},
		"editors": []string{f.u3.Id, f.u1.Id}, "data": "str", "views": -1})

	f.c1 = rec(f.comments, "c1", map[string]any{"post": f.p1.Id, "user": f.u1.Id, "message": "hello there"})
	f.c2 = rec(f.comments, "c2", map[string]any{"post": f.p1.Id, "user": f.u2.Id, "message": "nice"})
	f.c3 = rec(f.comments, "c3", map[string]any{"post": f.p2.Id, "user": f.u1.Id, "message": "Hello again"})

	rec(f.news, "n1", map[string]any{"category": "x", "owner": f.u1.Id})
	rec(f.news, "n2", map[string]any{"category": "y", "owner": f.u2.Id})

	su, err := app.FindCollectionByNameOrId(CollectionNameSuperusers)
	if err != nil {
		t.Fatal(err)
	}
	f.superuser = NewRecord(su)
	f.superuser.Id = "superuser1"

	f.guestInfo = &RequestInfo{Method: "GET", Context: RequestContextDefault}
	f.u1Info = &RequestInfo{Method: "GET", Context: RequestContextDefault, Auth: f.reload(t, f.u1)}
	f.u2Info = &RequestInfo{Method: "GET", Context: RequestContextDefault, Auth: f.reload(t, f.u2)}
	f.suInfo = &RequestInfo{Method: "GET", Context: RequestContextDefault, Auth: f.superuser}
	return f
}

// reload returns the stored copy of a record (as a request's auth would be).
func (f *resolverFixture) reload(t testing.TB, r *Record) *Record {
	t.Helper()
	stored, err := f.app.FindRecordById(r.Collection(), r.Id)
	if err != nil {
		t.Fatal(err)
	}
	return stored
}

// match runs filter on the collection through a fresh resolver and returns
// the sorted labels of the matching records.
func (f *resolverFixture) match(t testing.TB, c *Collection, filter string, info *RequestInfo, allowHidden bool, params ...dbx.Params) ([]string, error) {
	t.Helper()
	resolver := NewRecordFieldResolver(f.app, c, info, allowHidden)
	expr, err := search.FilterData(filter).BuildExpr(resolver, params...)
	if err != nil {
		return nil, err
	}
	q := f.app.RecordQuery(c).AndWhere(expr)
	if err := resolver.UpdateQuery(q); err != nil {
		return nil, err
	}
	records, err := f.app.FindRecordsByQuery(c, q)
	if err != nil {
		t.Fatalf("query of %q failed: %v\nSQL: %s", filter, err, q.Build().SQL())
	}
	return f.labelsOf(records), nil
}

func (f *resolverFixture) labelsOf(records []*Record) []string {
	out := []string{}
	for _, r := range records {
		out = append(out, f.labels[r.Id])
	}
	slices.Sort(out)
	return out
}
