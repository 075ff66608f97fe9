package search

import (
	"database/sql/driver"
	"sync"
	"testing"
	"time"

	"github.com/pocketbase/dbx"
	"modernc.org/sqlite"
)

// rendezvous is an SQL function for the test below: a call waits (up to a
// timeout, once) until another call is running at the same time, and
// records the most calls seen running together.
var rendezvous = struct {
	sync.Mutex
	cond      *sync.Cond
	inside    int
	maxInside int
	gaveUp    bool
}{}

var registerRendezvous = sync.OnceValue(func() error {
	rendezvous.cond = sync.NewCond(&rendezvous.Mutex)
	return sqlite.RegisterScalarFunction("hb_test_rendezvous", 0, func(*sqlite.FunctionContext, []driver.Value) (driver.Value, error) {
		r := &rendezvous
		r.Lock()
		defer r.Unlock()
		r.inside++
		r.maxInside = max(r.maxInside, r.inside)
		r.cond.Broadcast()
		deadline := time.Now().Add(5 * time.Second)
		for r.maxInside < 2 && !r.gaveUp {
			if time.Now().After(deadline) {
				r.gaveUp = true
				break
			}
			r.Unlock()
			time.Sleep(5 * time.Millisecond)
			r.Lock()
		}
		r.inside--
		return int64(1), nil
	})
})

// The total count and the page are read at the same time, as PocketBase
// does: each query's WHERE calls hb_test_rendezvous, whose first call only
// returns early when the other query's call is running alongside it.
func TestProviderCountsAndPagesConcurrently(t *testing.T) {
	if err := registerRendezvous(); err != nil {
		t.Fatal(err)
	}
	db := openTestDB(t) // opened after the registration: its connections have the function
	var rows []itemRow
	res, err := NewProvider(newRelResolver()).
		Query(db.Select("items.*").From("items").AndWhere(dbx.NewExp("hb_test_rendezvous() = 1"))).
		PerPage(2).
		Sort([]SortField{{"id", SortAsc}}).
		Exec(&rows)
	if err != nil {
		t.Fatal(err)
	}
	if res.TotalItems != 7 || len(rows) != 2 {
		t.Fatalf("result %+v, %d rows", res, len(rows))
	}
	rendezvous.Lock()
	defer rendezvous.Unlock()
	if rendezvous.maxInside < 2 {
		t.Fatalf("the count and page queries ran one after the other (gave up waiting: %v)", rendezvous.gaveUp)
	}
}
