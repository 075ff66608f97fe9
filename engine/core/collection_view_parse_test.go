package core

import (
	"reflect"
	"testing"
)

func TestParseViewQuery(t *testing.T) {
	for _, tc := range []struct {
		query          string
		columns, table []string // "original=alias"
	}{
		{
			"SELECT id, p.title AS t, `p`.\"views\" hits FROM posts p",
			[]string{"id=id", "p.title=t", "p.views=hits"}, []string{"posts=p"},
		},
		{
			"select distinct a.id, count(*) as n from authors a inner join posts as p on p.author = a.id, tags group by a.id",
			[]string{"a.id=id", "count(*)=n"}, []string{"authors=a", "posts=p", "tags=tags"},
		},
		{
			"WITH x AS (SELECT id FROM posts) SELECT x.id, (SELECT COUNT(*) FROM tags WHERE tags.post = x.id) AS n FROM x UNION SELECT id, 1 FROM other",
			[]string{"x.id=id", "(SELECT COUNT(*) FROM tags WHERE tags.post = x.id)=n"}, []string{"x=x"},
		},
		{
			"SELECT id, CASE WHEN views > 1 THEN 'a, b' ELSE 'c' END AS label, 'lit' AS 'quoted' -- trailing\nFROM posts LEFT OUTER JOIN users u USING (id)",
			[]string{"id=id", "CASE WHEN views > 1 THEN 'a, b' ELSE 'c' END=label", "'lit'=quoted"}, []string{"posts=posts", "users=u"},
		},
	} {
		got := parseViewQuery(tc.query)
		flat := func(ids []viewIdent) []string {
			var out []string
			for _, id := range ids {
				out = append(out, id.original+"="+id.alias)
			}
			return out
		}
		if c := flat(got.columns); !reflect.DeepEqual(c, tc.columns) {
			t.Errorf("%s\ncolumns %q, want %q", tc.query, c, tc.columns)
		}
		if tb := flat(got.tables); !reflect.DeepEqual(tb, tc.table) {
			t.Errorf("%s\ntables %q, want %q", tc.query, tb, tc.table)
		}
	}
}
