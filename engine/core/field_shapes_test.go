package core

import (
	"encoding/json"
	"reflect"
	"testing"

	"github.com/hookbase/hookbase/engine/tools/dialect"
)

// The field objects of PocketBase's "every" collection (one field of each
// type, options at their defaults) and of the default "users" collection,
// as its API returns them.
const everyFieldsJSON = `[{"autogeneratePattern":"[a-z0-9]{15}","help":"","hidden":false,"id":"text3208210256","max":15,"min":15,"name":"id","pattern":"^[a-z0-9]+$","presentable":false,"primaryKey":true,"required":true,"system":true,"type":"text"},{"autogeneratePattern":"","help":"","hidden":false,"id":"text2238339752","max":0,"min":0,"name":"t","pattern":"","presentable":false,"primaryKey":false,"required":false,"system":false,"type":"text"},{"help":"","hidden":false,"id":"number2013832146","max":null,"min":null,"name":"n","onlyInt":false,"presentable":false,"required":false,"system":false,"type":"number"},{"help":"","hidden":false,"id":"bool1908338681","name":"b","presentable":false,"required":false,"system":false,"type":"bool"},{"exceptDomains":[],"help":"","hidden":false,"id":"email4024072794","name":"e","onlyDomains":[],"presentable":false,"required":false,"system":false,"type":"email"},{"exceptDomains":[],"help":"","hidden":false,"id":"url4067256894","name":"u","onlyDomains":[],"presentable":false,"required":false,"system":false,"type":"url"},{"convertURLs":false,"help":"","hidden":false,"id":"editor327952476","maxSize":0,"name":"ed","presentable":false,"required":false,"system":false,"type":"editor"},{"help":"","hidden":false,"id":"date2564639436","max":"","min":"","name":"d","presentable":false,"required":false,"system":false,"type":"date"},{"hidden":false,"id":"autodate2011229528","name":"ad","onCreate":true,"onUpdate":true,"presentable":false,"system":false,"type":"autodate"},{"help":"","hidden":false,"id":"select453955339","maxSelect":2,"name":"s","presentable":false,"required":false,"system":false,"type":"select","values":["a","b"]},{"help":"","hidden":false,"id":"file1993550816","maxSelect":1,"maxSize":0,"mimeTypes":[],"name":"f","presentable":false,"protected":false,"required":false,"system":false,"thumbs":[],"type":"file"},{"cascadeDelete":false,"collectionId":"_pb_users_auth_","help":"","hidden":false,"id":"relation1812594589","maxSelect":1,"minSelect":0,"name":"r","presentable":false,"required":false,"system":false,"type":"relation"},{"help":"","hidden":false,"id":"json2137352139","maxSize":0,"name":"j","presentable":false,"required":false,"system":false,"type":"json"},{"help":"","hidden":false,"id":"geoPoint30677878","name":"g","presentable":false,"required":false,"system":false,"type":"geoPoint"}]`

const usersFieldsJSON = `[{"autogeneratePattern":"[a-z0-9]{15}","help":"","hidden":false,"id":"text3208210256","max":15,"min":15,"name":"id","pattern":"^[a-z0-9]+$","presentable":false,"primaryKey":true,"required":true,"system":true,"type":"text"},{"cost":0,"help":"","hidden":true,"id":"password901924565","max":0,"min":8,"name":"password","pattern":"","presentable":false,"required":true,"system":true,"type":"password"},{"autogeneratePattern":"[a-zA-Z0-9]{50}","help":"","hidden":true,"id":"text2504183744","max":60,"min":30,"name":"tokenKey","pattern":"","presentable":false,"primaryKey":false,"required":true,"system":true,"type":"text"},{"exceptDomains":[],"help":"","hidden":false,"id":"email3885137012","name":"email","onlyDomains":[],"presentable":false,"required":true,"system":true,"type":"email"},{"help":"","hidden":false,"id":"bool1547992806","name":"emailVisibility","presentable":false,"required":false,"system":true,"type":"bool"},{"help":"","hidden":false,"id":"bool256245529","name":"verified","presentable":false,"required":false,"system":true,"type":"bool"},{"autogeneratePattern":"","help":"","hidden":false,"id":"text1579384326","max":255,"min":0,"name":"name","pattern":"","presentable":false,"primaryKey":false,"required":false,"system":false,"type":"text"},{"help":"","hidden":false,"id":"file376926767","maxSelect":1,"maxSize":0,"mimeTypes":["image/jpeg","image/png","image/svg+xml","image/gif","image/webp"],"name":"avatar","presentable":false,"protected":false,"required":false,"system":false,"thumbs":[],"type":"file"},{"hidden":false,"id":"autodate2990389176","name":"created","onCreate":true,"onUpdate":false,"presentable":false,"system":false,"type":"autodate"},{"hidden":false,"id":"autodate3332085495","name":"updated","onCreate":true,"onUpdate":true,"presentable":false,"system":false,"type":"autodate"}]`

func decodeJSONAny(t *testing.T, raw []byte) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return v
}

func TestFieldsJSONRoundTrip(t *testing.T) {
	for name, shape := range map[string]string{"every": everyFieldsJSON, "users": usersFieldsJSON} {
		t.Run(name, func(t *testing.T) {
			var list FieldsList
			if err := json.Unmarshal([]byte(shape), &list); err != nil {
				t.Fatal(err)
			}
			out, err := json.Marshal(list)
			if err != nil {
				t.Fatal(err)
			}
			want, got := decodeJSONAny(t, []byte(shape)), decodeJSONAny(t, out)
			if !reflect.DeepEqual(want, got) {
				t.Fatalf("round trip differs\nwant %s\ngot  %s", shape, out)
			}
		})
	}
}

// Fields built in Go with only id and name set render every option with
// its zero value ([] for lists, null for unset number bounds, "" dates).
func TestFieldsZeroValueJSON(t *testing.T) {
	var shapes []map[string]any
	if err := json.Unmarshal([]byte(everyFieldsJSON), &shapes); err != nil {
		t.Fatal(err)
	}
	built := map[string]Field{
		"t":  &TextField{FieldBase: FieldBase{Id: "text2238339752", Name: "t"}},
		"n":  &NumberField{FieldBase: FieldBase{Id: "number2013832146", Name: "n"}},
		"b":  &BoolField{FieldBase: FieldBase{Id: "bool1908338681", Name: "b"}},
		"e":  &EmailField{FieldBase: FieldBase{Id: "email4024072794", Name: "e"}},
		"u":  &URLField{FieldBase: FieldBase{Id: "url4067256894", Name: "u"}},
		"ed": &EditorField{FieldBase: FieldBase{Id: "editor327952476", Name: "ed"}},
		"d":  &DateField{FieldBase: FieldBase{Id: "date2564639436", Name: "d"}},
		"ad": &AutodateField{FieldBase: FieldBase{Id: "autodate2011229528", Name: "ad"}, OnCreate: true, OnUpdate: true},
		"s":  &SelectField{FieldBase: FieldBase{Id: "select453955339", Name: "s"}, MaxSelect: 2, Values: []string{"a", "b"}},
		"f":  &FileField{FieldBase: FieldBase{Id: "file1993550816", Name: "f"}, MaxSelect: 1},
		"r":  &RelationField{FieldBase: FieldBase{Id: "relation1812594589", Name: "r"}, MaxSelect: 1, CollectionId: "_pb_users_auth_"},
		"j":  &JSONField{FieldBase: FieldBase{Id: "json2137352139", Name: "j"}},
		"g":  &GeoPointField{FieldBase: FieldBase{Id: "geoPoint30677878", Name: "g"}},
	}
	for _, shape := range shapes {
		name := shape["name"].(string)
		if name == "id" {
			continue
		}
		f := built[name]
		if f == nil {
			t.Fatalf("no field built for %q", name)
		}
		out, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := decodeJSONAny(t, out); !reflect.DeepEqual(any(shape), got) {
			t.Errorf("%s: got %s", name, out)
		}
		if f.Type() != shape["type"] {
			t.Errorf("%s: Type() = %q", name, f.Type())
		}
		if DefaultFieldId(f.Type(), name) != shape["id"] {
			t.Errorf("%s: default id %q, want %q", name, DefaultFieldId(f.Type(), name), shape["id"])
		}
		if _, ok := FieldFactories[f.Type()]; !ok {
			t.Errorf("%s: type %q not registered", name, f.Type())
		}
	}
	if len(FieldFactories) < 14 {
		t.Errorf("expected 14 registered field types, got %d", len(FieldFactories))
	}
}

func TestFieldsColumnTypes(t *testing.T) {
	app := newTestApp(t)
	cases := []struct {
		field Field
		kind  dialect.ColumnKind
	}{
		{&TextField{}, dialect.ColumnText},
		{&TextField{PrimaryKey: true}, dialect.ColumnPrimaryKey},
		{&NumberField{}, dialect.ColumnNumber},
		{&BoolField{}, dialect.ColumnBool},
		{&EmailField{}, dialect.ColumnText},
		{&URLField{}, dialect.ColumnText},
		{&EditorField{}, dialect.ColumnText},
		{&DateField{}, dialect.ColumnText},
		{&AutodateField{}, dialect.ColumnText},
		{&SelectField{MaxSelect: 1}, dialect.ColumnText},
		{&SelectField{MaxSelect: 2}, dialect.ColumnJSONArray},
		{&FileField{}, dialect.ColumnText},
		{&FileField{MaxSelect: 3}, dialect.ColumnJSONArray},
		{&RelationField{}, dialect.ColumnText},
		{&RelationField{MaxSelect: 5}, dialect.ColumnJSONArray},
		{&JSONField{}, dialect.ColumnJSONNullable},
		{&GeoPointField{}, dialect.ColumnGeoPoint},
		{&PasswordField{}, dialect.ColumnText},
	}
	for _, c := range cases {
		if got, want := c.field.ColumnType(app), app.Dialect().ColumnType(c.kind); got != want {
			t.Errorf("%T %+v: %q, want %q", c.field, c.field, got, want)
		}
		// Without an app (offline SQL generation) SQLite is assumed.
		if got, want := c.field.ColumnType(nil), dialect.SQLite.ColumnType(c.kind); got != want {
			t.Errorf("%T nil app: %q, want %q", c.field, got, want)
		}
	}
}
