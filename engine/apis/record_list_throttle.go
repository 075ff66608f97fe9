package apis

import (
	"context"
	"crypto/rand"
	"math/big"
	"time"

	"github.com/hookbase/hookbase/engine/core"
)

// A list rule also acts as a filter and runs in one query with the
// client's filter, so timing the answers of filtered lists could hint at
// values the rule hides. Like PocketBase, a client that keeps getting
// empty filtered lists under a list rule (more than 3 in 3 seconds, per
// IP and collection, whatever the rate limit settings say) has each
// further empty answer delayed by a random 0–500ms.

// listTimingRule is PocketBase's allowance before the delay starts.
var listTimingRule = core.RateLimitRule{MaxRequests: 3, Duration: 3}

const (
	listTimingStoreKey = "@hb_list_timing_limiter"
	listTimingMaxDelay = 500 * time.Millisecond
)

// throttleEmptyFilteredList delays the answer of an empty filtered list
// as described above; superusers and rule-less lists are never delayed.
func throttleEmptyFilteredList(e *core.RequestEvent, collection *core.Collection, info *core.RequestInfo, found int) {
	if found > 0 || info.HasSuperuserAuth() || collection.ListRule == nil || *collection.ListRule == "" || info.Query["filter"] == "" {
		return
	}
	limiter, _ := e.App.Store().GetOrSet(listTimingStoreKey, func() any { return newRateLimiter() }).(*rateLimiter)
	if limiter == nil {
		return
	}
	rule := listTimingRule
	rule.Label = "@pb_list_timing_check_" + collection.Id
	if limiter.allow(e.RealIP(), rule) {
		return
	}
	e.App.Logger().Debug("Randomized throttle because of too many failed searches", "collectionId", collection.Id)
	randomDelay(e.Request.Context(), listTimingMaxDelay)
}

// randomDelay sleeps a uniformly random duration below max (max itself
// when no randomness is available), or until ctx ends.
func randomDelay(ctx context.Context, max time.Duration) {
	d := max
	if n, err := rand.Int(rand.Reader, big.NewInt(int64(max))); err == nil {
		d = time.Duration(n.Int64())
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}
