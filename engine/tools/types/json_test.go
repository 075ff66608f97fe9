package types

import (
	"encoding/json"
	"reflect"
	"testing"
)

func TestJSONRaw(t *testing.T) {
	var empty JSONRaw
	if b, _ := empty.MarshalJSON(); string(b) != "null" {
		t.Fatalf("empty marshal = %s", b)
	}
	if v, _ := empty.Value(); v != nil {
		t.Fatalf("empty Value = %#v", v)
	}

	type doc struct {
		Data JSONRaw `json:"data"`
	}
	in := `{"data":{"a":[1,2,{"b":null}]}}`
	var d doc
	if err := json.Unmarshal([]byte(in), &d); err != nil {
		t.Fatal(err)
	}
	if d.Data.String() != `{"a":[1,2,{"b":null}]}` {
		t.Fatalf("unmarshal kept %q", d.Data)
	}
	out, _ := json.Marshal(d)
	if string(out) != in {
		t.Fatalf("round trip = %s", out)
	}

	r, err := ParseJSONRaw(map[string]int{"x": 1})
	if err != nil || r.String() != `{"x":1}` {
		t.Fatalf("ParseJSONRaw map = %s %v", r, err)
	}
	if r, _ := ParseJSONRaw("plain text"); r.String() != `"plain text"` {
		t.Fatalf("ParseJSONRaw text = %s", r)
	}
}

func TestJSONRawSQLite(t *testing.T) {
	db := openDB(t)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, j JSON DEFAULT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t VALUES (1, ?), (2, ?), (3, 'not json'), (4, 12.5)`,
		JSONRaw(`[1,"two"]`), JSONRaw(nil)); err != nil {
		t.Fatal(err)
	}
	want := map[int]string{1: `[1,"two"]`, 2: ``, 3: `"not json"`, 4: `12.5`}
	for id, w := range want {
		var got JSONRaw
		if err := db.QueryRow(`SELECT j FROM t WHERE id = ?`, id).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != w {
			t.Errorf("id %d: got %q, want %q", id, got, w)
		}
	}
}

func TestJSONArray(t *testing.T) {
	var nilArr JSONArray[string]
	if b, _ := json.Marshal(nilArr); string(b) != "[]" {
		t.Fatalf("nil marshal = %s", b)
	}
	if v, _ := nilArr.Value(); v != "[]" {
		t.Fatalf("nil Value = %#v", v)
	}
	arr := JSONArray[any]{"a", 1.5, true}
	b, _ := json.Marshal(arr)
	var back JSONArray[any]
	if err := json.Unmarshal(b, &back); err != nil || !reflect.DeepEqual(back, arr) {
		t.Fatalf("round trip = %v %v", back, err)
	}

	db := openDB(t)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, j JSON DEFAULT '[]' NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t VALUES (1, ?), (2, ?)`, JSONArray[string]{"x", "y"}, nilArr); err != nil {
		t.Fatal(err)
	}
	var got JSONArray[string]
	if err := db.QueryRow(`SELECT j FROM t WHERE id = 1`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, JSONArray[string]{"x", "y"}) {
		t.Fatalf("scan = %v", got)
	}
	for _, q := range []string{`SELECT j FROM t WHERE id = 2`, `SELECT NULL`, `SELECT ''`} {
		var e JSONArray[string]
		if err := db.QueryRow(q).Scan(&e); err != nil {
			t.Fatal(err)
		}
		if e == nil || len(e) != 0 {
			t.Fatalf("%s: expected empty non-nil, got %#v", q, e)
		}
	}
	var bad JSONArray[string]
	if err := bad.Scan(`{"a":1}`); err == nil {
		t.Fatal("expected error scanning an object into an array")
	}
}

func TestJSONMap(t *testing.T) {
	var nilMap JSONMap[any]
	if b, _ := json.Marshal(nilMap); string(b) != "{}" {
		t.Fatalf("nil marshal = %s", b)
	}
	m := JSONMap[any]{}
	m.Set("a", 1.0)
	if m.Get("a") != 1.0 || m.Get("missing") != nil {
		t.Fatal("Get/Set")
	}
	// Set works on a non-addressable value (type assertion result).
	var boxed any = m
	boxed.(JSONMap[any]).Set("b", "x")
	if m.Get("b") != "x" {
		t.Fatal("Set through interface did not write")
	}

	db := openDB(t)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, j JSON DEFAULT '{}' NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t VALUES (1, ?)`, m); err != nil {
		t.Fatal(err)
	}
	var got JSONMap[any]
	if err := db.QueryRow(`SELECT j FROM t WHERE id = 1`).Scan(&got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, m) {
		t.Fatalf("scan = %v", got)
	}
	var empty JSONMap[string]
	if err := db.QueryRow(`SELECT NULL`).Scan(&empty); err != nil || empty == nil {
		t.Fatalf("NULL scan = %#v %v", empty, err)
	}
}

func TestGeoPoint(t *testing.T) {
	p := GeoPoint{Lon: 23.5, Lat: -42.25}
	if p.String() != `{"lon":23.5,"lat":-42.25}` {
		t.Fatalf("String = %s", p)
	}
	var back GeoPoint
	if err := json.Unmarshal([]byte(p.String()), &back); err != nil || back != p {
		t.Fatalf("json = %v %v", back, err)
	}

	db := openDB(t)
	if _, err := db.Exec(`CREATE TABLE t (id INTEGER PRIMARY KEY, g JSON DEFAULT '{"lon":0,"lat":0}' NOT NULL)`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t (id, g) VALUES (1, ?)`, p); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`INSERT INTO t (id) VALUES (2)`); err != nil {
		t.Fatal(err)
	}
	var got, def GeoPoint
	if err := db.QueryRow(`SELECT g FROM t WHERE id = 1`).Scan(&got); err != nil || got != p {
		t.Fatalf("scan = %v %v", got, err)
	}
	// json_extract proves the stored text is real JSON with the expected keys.
	var lat float64
	if err := db.QueryRow(`SELECT json_extract(g, '$.lat') FROM t WHERE id = 1`).Scan(&lat); err != nil || lat != -42.25 {
		t.Fatalf("json_extract = %v %v", lat, err)
	}
	if err := db.QueryRow(`SELECT g FROM t WHERE id = 2`).Scan(&def); err != nil || def != (GeoPoint{}) {
		t.Fatalf("default scan = %v %v", def, err)
	}
	if err := got.Scan(nil); err != nil || got != (GeoPoint{}) {
		t.Fatalf("nil scan = %v %v", got, err)
	}
}
