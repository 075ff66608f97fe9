package core

import (
	"encoding/json"
	"testing"
)

// A null authRule (authentication turned off) must survive saving,
// reloading from the database, cloning and partial JSON updates; only a
// collection or payload without the key gets the default "".
func TestAuthRuleNullRoundTrip(t *testing.T) {
	app := newTestApp(t)

	c := NewAuthCollection("members")
	if c.AuthRule == nil || *c.AuthRule != "" {
		t.Fatalf("new auth collection authRule %v, want \"\"", c.AuthRule)
	}
	c.AuthRule = nil
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	stored, err := app.FindCollectionByNameOrId("members")
	if err != nil {
		t.Fatal(err)
	}
	if stored.AuthRule != nil {
		t.Fatalf("reloaded authRule %q, want nil", *stored.AuthRule)
	}
	clone, err := stored.Clone()
	if err != nil {
		t.Fatal(err)
	}
	if clone.AuthRule != nil {
		t.Fatalf("cloned authRule %q, want nil", *clone.AuthRule)
	}

	// a partial update without the key keeps null; with a value sets it
	if err := json.Unmarshal([]byte(`{"listRule":""}`), clone); err != nil {
		t.Fatal(err)
	}
	if clone.AuthRule != nil {
		t.Fatalf("partial update changed authRule to %q", *clone.AuthRule)
	}
	if err := json.Unmarshal([]byte(`{"authRule":"verified = true"}`), clone); err != nil {
		t.Fatal(err)
	}
	if clone.AuthRule == nil || *clone.AuthRule != "verified = true" {
		t.Fatalf("authRule %v after update", clone.AuthRule)
	}

	// options as PocketBase stores them in pb_data: the key present, null
	if _, err := app.DB().NewQuery(`UPDATE _collections SET options = json_set(options, '$.authRule', json('null')) WHERE name = 'users'`).Execute(); err != nil {
		t.Fatal(err)
	}
	users, err := app.FindCollectionByNameOrId("users")
	if err != nil {
		t.Fatal(err)
	}
	if users.AuthRule != nil {
		t.Fatalf("a stored null authRule read as %q", *users.AuthRule)
	}

	// payloads of new collections: absent key → "", explicit null → nil
	for payload, wantNil := range map[string]bool{
		`{"type":"auth","name":"a1"}`:                 false,
		`{"type":"auth","name":"a2","authRule":null}`: true,
	} {
		var fresh Collection
		if err := json.Unmarshal([]byte(payload), &fresh); err != nil {
			t.Fatal(err)
		}
		if (fresh.AuthRule == nil) != wantNil {
			t.Errorf("%s: authRule %v, want nil=%v", payload, fresh.AuthRule, wantNil)
		}
	}
}
