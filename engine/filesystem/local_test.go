package filesystem

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func TestCleanKeyRefusesEscapes(t *testing.T) {
	for _, key := range []string{"", "/abs", "a/../b", "..", "a/./b", "a//b", "a\\b", "a/\x00", "a/", "../x"} {
		if _, err := CleanKey(key); !errors.Is(err, ErrInvalidKey) {
			t.Errorf("%q: %v", key, err)
		}
	}
	for _, key := range []string{"a", "col/rec/name.png", "col/rec/thumbs_n.png/10x10_n.png", "a/..b"} {
		if _, err := CleanKey(key); err != nil {
			t.Errorf("%q: %v", key, err)
		}
	}
}

func TestLocalPutOpenDeleteAndSidecar(t *testing.T) {
	ctx := context.Background()
	root := t.TempDir()
	l, err := NewLocal(filepath.Join(root, "storage"))
	if err != nil {
		t.Fatal(err)
	}
	fsys := New(l)
	f, _ := NewFileFromBytes([]byte("hello"), "Hi There.txt")
	if err := fsys.UploadFile(f, "c/r/"+f.Name); err != nil {
		t.Fatal(err)
	}
	obj, err := fsys.GetFile("c/r/" + f.Name)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(obj)
	obj.Close()
	a := obj.Attributes()
	if string(raw) != "hello" || a.ContentType != "text/plain; charset=utf-8" || a.Metadata[MetadataOriginalName] != "Hi There.txt" || a.Size != 5 {
		t.Fatalf("read back %q %+v", raw, a)
	}
	// sidecars and keys outside the root are not addressable
	for _, key := range []string{"c/r/" + f.Name + ".attrs", "../outside", "c/../../x"} {
		if _, err := fsys.GetFile(key); err == nil {
			t.Errorf("%q opened", key)
		}
		if err := fsys.Storage.Put(ctx, key, strings.NewReader("x"), 1, PutOptions{}); err == nil {
			t.Errorf("%q written", key)
		}
	}
	if _, err := os.Stat(filepath.Join(root, "outside")); err == nil {
		t.Fatal("a file escaped the root")
	}
	objs, _ := fsys.List("c/")
	if len(objs) != 1 || objs[0].Key != "c/r/"+f.Name {
		t.Fatalf("list %+v", objs)
	}
	if errs := fsys.DeletePrefix("c/r/"); len(errs) > 0 {
		t.Fatal(errs)
	}
	if _, err := os.Stat(filepath.Join(root, "storage", "c", "r")); !os.IsNotExist(err) {
		t.Fatalf("record dir left: %v", err)
	}
	if _, err := fsys.GetFile("c/r/" + f.Name); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted: %v", err)
	}
	if errs := fsys.DeletePrefix("/"); len(errs) == 0 {
		t.Fatal("an empty prefix must be refused")
	}
}

func TestNormalizeName(t *testing.T) {
	cases := map[string]string{
		"Hello World.txt":        `^hello_world_[a-z0-9]{10}\.txt$`,
		"archive.tar.gz":         `^archive_[a-z0-9]{10}\.tar\.gz$`,
		"../../etc/passwd":       `^passwd_[a-z0-9]{10}\.txt$`, // sniffed extension
		"a.png":                  `^a[a-z0-9]{10}_[a-z0-9]{10}\.png$`,
		"..\\..\\win.ini":        `^win_[a-z0-9]{10}\.ini$`,
		"weird$$name!!.j p g":    `^weird_name_[a-z0-9]{10}\.jpg$`,
		strings.Repeat("x", 400): `^x{100}_[a-z0-9]{10}\.txt$`,
	}
	for in, pattern := range cases {
		got := NormalizeName(&BytesReader{Bytes: []byte("plain text")}, in)
		if !regexp.MustCompile(pattern).MatchString(got) || !ValidNameRegex.MatchString(got) {
			t.Errorf("%q → %q, want %s", in, got, pattern)
		}
	}
}
