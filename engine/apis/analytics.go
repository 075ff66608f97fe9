package apis

import (
	"crypto/rand"
	"crypto/sha256"
	"fmt"
	"net/http"
	"net/url"
	"path"
	"strings"
	"sync"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/medama-io/go-useragent"
	"github.com/pocketbase/dbx"
)

// Visitor stats of pb_public pages. Nothing identifying is kept: a
// visitor is a hash of (daily random salt, IP, User-Agent) that lives in
// memory for the day only; the database gets aggregated counts per day.
// The salt is never stored, so yesterday's hashes cannot be recomputed
// (a restart starts a new salt: a visitor may then count twice that day).

const (
	analyticsPagesTable = "_analyticsPages" // day, path, views, visitors
	analyticsDimsTable  = "_analyticsDims"  // day, kind (device|browser|referrer|site), value, views, visitors
)

var analyticsSchema = []string{
	"CREATE TABLE IF NOT EXISTS `" + analyticsPagesTable + "` (`day` TEXT NOT NULL, `path` TEXT NOT NULL, `views` INTEGER DEFAULT 0 NOT NULL, `visitors` INTEGER DEFAULT 0 NOT NULL, PRIMARY KEY (`day`, `path`))",
	"CREATE TABLE IF NOT EXISTS `" + analyticsDimsTable + "` (`day` TEXT NOT NULL, `kind` TEXT NOT NULL, `value` TEXT NOT NULL, `views` INTEGER DEFAULT 0 NOT NULL, `visitors` INTEGER DEFAULT 0 NOT NULL, PRIMARY KEY (`day`, `kind`, `value`))",
}

type analyticsKey struct{ kind, value string } // kind "page" for pages

type analyticsCount struct{ views, visitors int64 }

// visitorStats aggregates page views in memory until the next flush.
type visitorStats struct {
	mu      sync.Mutex
	day     string
	salt    []byte
	seen    map[string]bool // kind|value|hash seen today (in memory only)
	pending map[string]map[analyticsKey]*analyticsCount
	parser  *useragent.Parser
	flushMu sync.Mutex
}

var (
	appVisitorStats sync.Map // *core.App (root) → *visitorStats
	uaParserOnce    sync.Once
	uaParser        *useragent.Parser
)

func visitorStatsOf(app *core.App) *visitorStats {
	root := app.NonTransactional()
	if v, ok := appVisitorStats.Load(root); ok {
		return v.(*visitorStats)
	}
	v, _ := appVisitorStats.LoadOrStore(root, &visitorStats{pending: map[string]map[analyticsKey]*analyticsCount{}})
	return v.(*visitorStats)
}

// isPageRequest tells a page view (an HTML document) from its assets.
func isPageRequest(req *http.Request) bool {
	if req.Method != http.MethodGet {
		return false
	}
	ext := strings.ToLower(path.Ext(req.URL.Path))
	return ext == "" || ext == ".html" || ext == ".htm"
}

// analyticsMiddleware counts the successful page views of the pb_public
// route when settings.observability.analyticsEnabled is on.
func analyticsMiddleware() *core.Middleware {
	return &core.Middleware{Id: "hbVisitorStats", Func: func(e *core.RequestEvent) error {
		err := e.Next()
		if err != nil || !e.App.Settings().Observability.AnalyticsEnabled || !isPageRequest(e.Request) {
			return err
		}
		// a 304 is a page view too: the browser shows its cached copy of
		// a page it had (a revisit, a link back to it)
		if status := responseStatus(e, nil); status != http.StatusOK && status != http.StatusNotModified {
			return err
		}
		visitorStatsOf(e.App).record(e.Request, e.RealIP(), time.Now().UTC())
		return err
	}}
}

func (s *visitorStats) record(req *http.Request, ip string, now time.Time) {
	uaParserOnce.Do(func() { uaParser = useragent.NewParser() })
	ua := uaParser.Parse(req.UserAgent())
	device := strings.ToLower(ua.Device().String())
	if device == "" {
		device = "unknown"
	}
	browser := ua.Browser().String()
	if browser == "" {
		browser = "Unknown"
	}
	referrer := ""
	if ref, err := url.Parse(req.Referer()); err == nil && ref.Host != "" && !strings.EqualFold(ref.Host, req.Host) {
		referrer = strings.ToLower(ref.Host)
	}
	page := path.Clean("/" + req.URL.Path)
	day := now.Format("2006-01-02")

	s.mu.Lock()
	defer s.mu.Unlock()
	if s.day != day {
		s.day = day
		s.salt = make([]byte, 32)
		_, _ = rand.Read(s.salt)
		s.seen = map[string]bool{}
	}
	h := sha256.New()
	h.Write(s.salt)
	h.Write([]byte(ip + "\x00" + req.UserAgent()))
	visitor := fmt.Sprintf("%x", h.Sum(nil)[:16])

	counts := s.pending[day]
	if counts == nil {
		counts = map[analyticsKey]*analyticsCount{}
		s.pending[day] = counts
	}
	for _, k := range []analyticsKey{{"page", page}, {"site", ""}, {"device", device}, {"browser", browser}, {"referrer", referrer}} {
		c := counts[k]
		if c == nil {
			c = &analyticsCount{}
			counts[k] = c
		}
		c.views++
		if id := k.kind + "|" + k.value + "|" + visitor; !s.seen[id] {
			s.seen[id] = true
			c.visitors++
		}
	}
}

// flush adds the pending counts to auxiliary.db and applies the retention.
func (s *visitorStats) flush(app *core.App) error {
	s.flushMu.Lock()
	defer s.flushMu.Unlock()
	s.mu.Lock()
	pending := s.pending
	s.pending = map[string]map[analyticsKey]*analyticsCount{}
	s.mu.Unlock()

	db := app.NonTransactional().AuxNonconcurrentDB()
	for _, stmt := range analyticsSchema {
		if _, err := db.NewQuery(stmt).Execute(); err != nil {
			return fmt.Errorf("create analytics tables: %w", err)
		}
	}
	for day, counts := range pending {
		for k, c := range counts {
			var q *dbx.Query
			if k.kind == "page" {
				q = db.NewQuery("INSERT INTO {{" + analyticsPagesTable + "}} ([[day]], [[path]], [[views]], [[visitors]]) VALUES ({:day}, {:value}, {:views}, {:visitors}) " +
					"ON CONFLICT([[day]], [[path]]) DO UPDATE SET [[views]] = [[views]] + excluded.[[views]], [[visitors]] = [[visitors]] + excluded.[[visitors]]")
			} else {
				q = db.NewQuery("INSERT INTO {{" + analyticsDimsTable + "}} ([[day]], [[kind]], [[value]], [[views]], [[visitors]]) VALUES ({:day}, {:kind}, {:value}, {:views}, {:visitors}) " +
					"ON CONFLICT([[day]], [[kind]], [[value]]) DO UPDATE SET [[views]] = [[views]] + excluded.[[views]], [[visitors]] = [[visitors]] + excluded.[[visitors]]")
			}
			q.Bind(dbx.Params{"day": day, "kind": k.kind, "value": k.value, "views": c.views, "visitors": c.visitors})
			if _, err := q.Execute(); err != nil {
				return fmt.Errorf("save analytics: %w", err)
			}
		}
	}
	maxDays := app.Settings().Observability.AnalyticsMaxDays
	if maxDays <= 0 {
		maxDays = 90
	}
	cutoff := time.Now().UTC().AddDate(0, 0, -maxDays).Format("2006-01-02")
	for _, table := range []string{analyticsPagesTable, analyticsDimsTable} {
		if _, err := db.Delete(table, dbx.NewExp("[[day]] < {:cutoff}", dbx.Params{"cutoff": cutoff})).Execute(); err != nil {
			return fmt.Errorf("trim analytics: %w", err)
		}
	}
	return nil
}

// runAnalyticsFlusher writes the pending counts every interval until stop.
func runAnalyticsFlusher(app *core.App, interval time.Duration, stop <-chan struct{}) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-t.C:
		case <-stop:
			_ = visitorStatsOf(app).flushIfAny(app)
			return
		}
		if err := visitorStatsOf(app).flushIfAny(app); err != nil {
			app.Logger().Warn("failed to save the visitor stats", "error", err)
		}
	}
}

func (s *visitorStats) flushIfAny(app *core.App) error {
	s.mu.Lock()
	empty := len(s.pending) == 0
	s.mu.Unlock()
	if empty || !app.IsBootstrapped() {
		return nil
	}
	return s.flush(app)
}
