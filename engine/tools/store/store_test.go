package store

import (
	"fmt"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
)

func TestZeroValue(t *testing.T) {
	var s Store[string, int]
	if s.Get("a") != 0 || s.Has("a") || s.Length() != 0 {
		t.Fatal("zero store must be empty")
	}
	if _, ok := s.GetOk("a"); ok {
		t.Fatal("GetOk on empty store")
	}
	s.Remove("a")
	s.Set("a", 1)
	if v, ok := s.GetOk("a"); !ok || v != 1 || !s.Has("a") {
		t.Fatal("Set/GetOk")
	}
	var s2 Store[string, int]
	if !s2.SetIfLessThanLimit("x", 1, 1) {
		t.Fatal("SetIfLessThanLimit on zero store")
	}
	var s3 Store[string, int]
	if s3.GetOrSet("k", func() int { return 7 }) != 7 {
		t.Fatal("GetOrSet on zero store")
	}
}

func TestNewCopiesInput(t *testing.T) {
	src := map[string]int{"a": 1, "b": 2}
	s := New(src)
	src["c"] = 3
	if s.Length() != 2 || s.Has("c") {
		t.Fatal("New must copy its input")
	}
	all := s.GetAll()
	all["z"] = 26
	if s.Has("z") {
		t.Fatal("GetAll must return a copy")
	}
	vals := s.Values()
	sort.Ints(vals)
	if fmt.Sprint(vals) != "[1 2]" {
		t.Fatalf("Values = %v", vals)
	}
	if New[string, int](nil).Length() != 0 {
		t.Fatal("New(nil)")
	}
}

func TestRemoveAndReset(t *testing.T) {
	s := New(map[int]string{1: "a", 2: "b"})
	s.Remove(1)
	if s.Has(1) || s.Length() != 1 {
		t.Fatal("Remove")
	}
	s.Reset(map[int]string{5: "e"})
	if s.Length() != 1 || s.Get(5) != "e" {
		t.Fatal("Reset")
	}
	s.RemoveAll()
	if s.Length() != 0 {
		t.Fatal("RemoveAll")
	}
	s.Set(9, "i")
	if s.Get(9) != "i" {
		t.Fatal("Set after RemoveAll")
	}
}

func TestSetIfLessThanLimit(t *testing.T) {
	s := New[string, int](nil)
	if !s.SetIfLessThanLimit("a", 1, 2) || !s.SetIfLessThanLimit("b", 2, 2) {
		t.Fatal("below the limit must store")
	}
	if s.SetIfLessThanLimit("c", 3, 2) || s.Has("c") {
		t.Fatal("at the limit a new key must be refused")
	}
	if !s.SetIfLessThanLimit("a", 10, 2) || s.Get("a") != 10 {
		t.Fatal("replacing an existing key must be allowed at the limit")
	}
	if s.SetIfLessThanLimit("d", 4, 0) {
		t.Fatal("limit 0 must refuse")
	}
}

func TestGetOrSet(t *testing.T) {
	s := New(map[string]int{"a": 1})
	if s.GetOrSet("a", func() int { t.Fatal("must not be called"); return 0 }) != 1 {
		t.Fatal("existing key")
	}
	if s.GetOrSet("b", func() int { return 2 }) != 2 || s.Get("b") != 2 {
		t.Fatal("missing key")
	}
}

func TestConcurrent(t *testing.T) {
	s := &Store[int, int]{}
	var calls atomic.Int32
	var wg sync.WaitGroup
	for g := 0; g < 16; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := 0; i < 200; i++ {
				s.Set(i, g)
				s.Get(i)
				s.Has(i)
				s.SetIfLessThanLimit(1000+i, i, 150)
				s.GetOrSet(-1, func() int { calls.Add(1); return 42 })
				if i%50 == 0 {
					s.GetAll()
					s.Values()
					s.Length()
				}
				s.Remove(i)
			}
		}(g)
	}
	wg.Wait()
	if calls.Load() != 1 {
		t.Fatalf("GetOrSet setFunc ran %d times", calls.Load())
	}
	if s.Get(-1) != 42 {
		t.Fatal("GetOrSet value lost")
	}
	limited := 0
	for k := range s.GetAll() {
		if k >= 0 && k < 200 {
			t.Fatalf("key %d should have been removed", k)
		}
		if k >= 1000 {
			limited++
		}
	}
	if limited == 0 || limited > 150 {
		t.Fatalf("%d limited keys stored, want 1..150", limited)
	}
}
