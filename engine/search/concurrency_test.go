package search

import (
	"fmt"
	"slices"
	"sync"
	"testing"
)

// Builds share the cached AST and the param-name counter; run many at once
// against one database and check every result.
func TestConcurrentBuilds(t *testing.T) {
	db := openTestDB(t)
	filters := map[string][]string{
		`tags.name ?= "red" && num > 6`:    ids("a"),
		`title ~ "hello" || num < 0`:       ids("a,b,e"),
		`tags.score > 1`:                   ids("b,d"),
		`created >= "2024" && flag = true`: ids("a,e,f"),
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 20; i++ {
				for f, want := range filters {
					got, err := matchIDs(t, db, newRelResolver(), f)
					if err != nil {
						errs <- err.Error()
						return
					}
					if !slices.Equal(got, want) {
						errs <- fmt.Sprintf("%s: got %v, want %v", f, got, want)
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
