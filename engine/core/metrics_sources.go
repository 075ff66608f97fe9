package core

import (
	"database/sql"
	"sort"
	"sync"

	"github.com/pocketbase/dbx"
)

// metricsSources are figures that layers above the engine (the JS VM)
// publish for GET /api/metrics, by name.
type metricsSources struct {
	mu  sync.RWMutex
	fns map[string]func() map[string]float64
}

var appMetricsSources sync.Map // *appShared → *metricsSources

func (app *App) metricsSources() *metricsSources {
	v, _ := appMetricsSources.LoadOrStore(app.appShared, &metricsSources{fns: map[string]func() map[string]float64{}})
	return v.(*metricsSources)
}

// RegisterMetricsSource publishes the figures fn returns under name in
// the app's metrics (e.g. "jsPool" → {"live": 4, "idle": 3}). fn is called
// on every metrics read, so it must be cheap. A second call replaces it.
func (app *App) RegisterMetricsSource(name string, fn func() map[string]float64) {
	s := app.metricsSources()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.fns[name] = fn
}

// MetricsSources reads every registered source, by name.
func (app *App) MetricsSources() map[string]map[string]float64 {
	s := app.metricsSources()
	s.mu.RLock()
	names := make([]string, 0, len(s.fns))
	fns := make(map[string]func() map[string]float64, len(s.fns))
	for n, fn := range s.fns {
		names = append(names, n)
		fns[n] = fn
	}
	s.mu.RUnlock()
	sort.Strings(names)
	out := make(map[string]map[string]float64, len(names))
	for _, n := range names {
		out[n] = fns[n]()
	}
	return out
}

// DBStats are the connection pool figures of the app's databases
// ("data", "dataWriter", "aux", "auxWriter"); empty before Bootstrap.
func (app *App) DBStats() map[string]sql.DBStats {
	out := map[string]sql.DBStats{}
	root := app.root
	for name, db := range map[string]*dbx.DB{
		"data": root.dataDB, "dataWriter": root.dataWriter, "aux": root.auxDBConn, "auxWriter": root.auxWriter,
	} {
		if db != nil && db.DB() != nil {
			out[name] = db.DB().Stats()
		}
	}
	return out
}
