package apis

import (
	"regexp"
	"testing"
)

// recordWriteCollection replaced a regexp on the write path; it must
// accept exactly the paths the regexp accepted.
func TestRecordWriteCollectionMatchesTheRouteRegexp(t *testing.T) {
	re := regexp.MustCompile(`^/api/collections/([^/]+)/records(?:/[^/]+)?/?$`)
	for _, path := range []string{
		"/api/collections/posts/records", "/api/collections/posts/records/", "/api/collections/posts/records/abc",
		"/api/collections/posts/records/abc/", "/api/collections/posts/records//", "/api/collections/posts/records/abc//",
		"/api/collections/posts/records/abc/def", "/api/collections/posts/recordsX", "/api/collections//records",
		"/api/collections/posts", "/api/collections/posts/", "/api/collections/", "/api/collection/posts/records",
		"/api/collections/posts/records/abc/auth-refresh", "x/api/collections/posts/records", "/api/collections/a b/records/%2F",
	} {
		want := ""
		if m := re.FindStringSubmatch(path); m != nil {
			want = m[1]
		}
		if got := recordWriteCollection(path); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}
