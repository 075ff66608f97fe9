package core

import (
	"encoding/json"
	"math"
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// AppendJSON must give exactly the bytes encoding/json gives for the
// public export, for every field type, visibility rule, custom data and
// nested expand.
func TestRecordAppendJSONMatchesEncodingJSON(t *testing.T) {
	app := newTestApp(t)
	users := NewAuthCollection("people")
	users.Fields.Add(&TextField{FieldBase: FieldBase{Name: "nick"}})
	mustSave(t, app, users)

	c := NewBaseCollection("everything")
	c.Fields.Add(
		&TextField{FieldBase: FieldBase{Name: "title"}},
		&TextField{FieldBase: FieldBase{Name: "secret", Hidden: true}},
		&NumberField{FieldBase: FieldBase{Name: "n"}},
		&BoolField{FieldBase: FieldBase{Name: "flag"}},
		&SelectField{FieldBase: FieldBase{Name: "tags"}, Values: []string{"a", "<b>", "c"}, MaxSelect: 3},
		&SelectField{FieldBase: FieldBase{Name: "one"}, Values: []string{"x", "y"}, MaxSelect: 1},
		&JSONField{FieldBase: FieldBase{Name: "data"}},
		&DateField{FieldBase: FieldBase{Name: "when"}},
		&EditorField{FieldBase: FieldBase{Name: "body"}},
		&URLField{FieldBase: FieldBase{Name: "link"}},
		&EmailField{FieldBase: FieldBase{Name: "contact"}},
		&GeoPointField{FieldBase: FieldBase{Name: "where"}},
		&FileField{FieldBase: FieldBase{Name: "files"}, MaxSelect: 5},
		&RelationField{FieldBase: FieldBase{Name: "owner"}, CollectionId: users.Id, MaxSelect: 1},
		&RelationField{FieldBase: FieldBase{Name: "friends"}, CollectionId: users.Id, MaxSelect: 9},
		&AutodateField{FieldBase: FieldBase{Name: "created"}, OnCreate: true},
	)
	mustSave(t, app, c)

	person := NewRecord(users)
	person.SetEmail("p&q@example.com")
	person.SetPassword("secret123456")
	person.Set("nick", "a\u2028b</script>")
	mustSave(t, app, person)

	full := NewRecord(c)
	full.Set("title", "quote \" backslash \\ tab \t nl \n ctl \x01 \x7f html <&> bad \xff end \u2029 ü 😀")
	full.Set("secret", "hidden")
	full.Set("n", 1.5e-7)
	full.Set("flag", true)
	full.Set("tags", []string{"a", "<b>"})
	full.Set("one", "y")
	full.Set("data", `{"b": [1, 2,  3], "a": "<x>"}`)
	full.Set("when", "2024-02-03 04:05:06.789Z")
	full.Set("body", "<p>hi</p>")
	full.Set("link", "https://example.com/?a=1&b=2")
	full.Set("contact", "c@example.com")
	full.Set("where", map[string]any{"lon": 1.25, "lat": -3.5})
	full.Set("owner", person.Id)
	full.Set("friends", []string{person.Id})
	mustSave(t, app, full)

	check := func(name string, r *Record) {
		t.Helper()
		want, err := json.Marshal(r.PublicExport())
		if err != nil {
			t.Fatal(err)
		}
		got, err := r.AppendJSON(nil)
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
		viaMarshal, _ := json.Marshal(r)
		if string(viaMarshal) != string(want) {
			t.Errorf("%s via json.Marshal:\n got %s\nwant %s", name, viaMarshal, want)
		}
	}

	check("saved", full)
	check("empty", NewRecord(c))
	check("auth hidden email", person)
	person.SetEmailVisibility(true)
	check("auth visible email", person)

	fresh, err := app.FindRecordById(c, full.Id)
	if err != nil {
		t.Fatal(err)
	}
	check("loaded", fresh)

	fresh.Hide("title").Unhide("secret")
	fresh.WithCustomData(true)
	fresh.Set("custom", []any{1, "two", map[string]any{"z": nil, "a": 3.0}})
	fresh.Set("collectionName", "not exported over the real one")
	fresh.SetExpand(map[string]any{"owner": person, "friends": []*Record{person, person}})
	check("custom, visibility, expand", fresh)

	fresh.SetExpand(map[string]any{})
	check("empty expand", fresh)
}

func TestAppendJSONStringMatchesEncodingJSON(t *testing.T) {
	var all strings.Builder
	for c := 0; c < 256; c++ {
		all.WriteByte(byte(c))
	}
	cases := []string{"", all.String(), "\u2028\u2029\ufffd", "a\xc3", "\xed\xa0\x80", "😀é"}
	rng := rand.New(rand.NewSource(1))
	for i := 0; i < 2000; i++ {
		b := make([]byte, rng.Intn(20))
		for j := range b {
			b[j] = byte(rng.Intn(256))
		}
		cases = append(cases, string(b))
		var r strings.Builder
		for j := 0; j < 8; j++ {
			r.WriteRune(rune(rng.Intn(0x30000)))
		}
		cases = append(cases, r.String())
	}
	for _, s := range cases {
		want, _ := json.Marshal(s)
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("%q: got %s want %s (valid utf8 %v)", s, got, want, utf8.ValidString(s))
		}
	}
}

func TestAppendJSONFloatMatchesEncodingJSON(t *testing.T) {
	cases := []float64{0, math.Copysign(0, -1), 1, -1, 0.1, 1e-6, 9.99e-7, 1e-7, 1e20, 1e21, 1.5e300, -2.5e-300,
		123456789, 1 << 53, math.MaxFloat64, math.SmallestNonzeroFloat64}
	rng := rand.New(rand.NewSource(2))
	for i := 0; i < 5000; i++ {
		cases = append(cases, math.Float64frombits(rng.Uint64()), rng.NormFloat64()*math.Pow(10, float64(rng.Intn(60)-30)))
	}
	for _, f := range cases {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			continue
		}
		want, _ := json.Marshal(f)
		if got := appendJSONFloat(nil, f); string(got) != string(want) {
			t.Fatalf("%v: got %s want %s", f, got, want)
		}
	}
}
