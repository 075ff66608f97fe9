package core

import "testing"

// Collections created without an id get PocketBase's id: "pbc_" + CRC32 of
// type+name. PocketBase's own system collections are created that way, so
// their fixed ids are known values of the function.
func TestCollectionIdChecksum(t *testing.T) {
	cases := []struct {
		c    *Collection
		want string
	}{
		{NewAuthCollection(CollectionNameSuperusers), CollectionIdSuperusers},
		{NewBaseCollection(CollectionNameMFAs), CollectionIdMFAs},
		{NewBaseCollection(CollectionNameOTPs), CollectionIdOTPs},
		{NewBaseCollection(CollectionNameExternalAuths), CollectionIdExternalAuths},
		{NewBaseCollection(CollectionNameAuthOrigins), CollectionIdAuthOrigins},
		{NewBaseCollection("posts"), "pbc_1125843985"},
		{NewAuthCollection("members"), "pbc_2620428958"},
		{NewViewCollection("post_stats"), "pbc_240029401"},
		{NewBaseCollection("posts", "given_id_123456"), "given_id_123456"},
	}
	for _, tc := range cases {
		if tc.c.Id != tc.want {
			t.Errorf("%s %s: id %q, want %q", tc.c.Type, tc.c.Name, tc.c.Id, tc.want)
		}
	}
}

// A generated id follows a rename made before the first save, and gets a
// number appended when another collection already has it.
func TestCollectionGeneratedIdOnSave(t *testing.T) {
	app := newTestApp(t)

	c := NewBaseCollection("draft")
	c.Name = "posts"
	c.Indexes = append(c.Indexes, "CREATE INDEX `idx_title_"+c.Id+"` ON `draft` (`id`)")
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	if c.Id != "pbc_1125843985" {
		t.Fatalf("id %q after renaming before save, want pbc_1125843985", c.Id)
	}
	if idx := ParseIndex(c.Indexes[0]); idx.IndexName != "idx_title_pbc_1125843985" {
		t.Errorf("index name %q did not follow the id", idx.IndexName)
	}

	c.Name = "notes"
	if err := app.Save(c); err != nil {
		t.Fatal(err)
	}
	if c.Id != "pbc_1125843985" {
		t.Fatalf("a stored collection's id changed on rename: %q", c.Id)
	}

	again := NewBaseCollection("posts")
	if err := app.Save(again); err != nil {
		t.Fatal(err)
	}
	if again.Id != "pbc_11258439852" {
		t.Fatalf("id of a second posts collection %q, want pbc_11258439852", again.Id)
	}
}
