package apis

import (
	"net/http"
	"strconv"
	"time"

	"github.com/hookbase/hookbase/engine/core"
	"github.com/hookbase/hookbase/engine/tools/router"
	"github.com/pocketbase/dbx"
)

func bindAnalyticsApi(r *Router) {
	r.GET("/api/analytics", analyticsReport).BindFunc(cronsRequireSuperuser)
}

type analyticsRow struct {
	Day      string `db:"day" json:"day,omitempty"`
	Kind     string `db:"kind" json:"-"`
	Value    string `db:"value" json:"value"`
	Views    int64  `db:"views" json:"views"`
	Visitors int64  `db:"visitors" json:"visitors"`
}

// analyticsReport answers the visitor stats of the last ?days=N days
// (default 30): per day, per page, per device class, browser family and
// referrer host. Pending counts are saved first so the answer is current.
func analyticsReport(e *core.RequestEvent) error {
	days, _ := strconv.Atoi(e.Request.URL.Query().Get("days"))
	if days <= 0 || days > 366 {
		days = 30
	}
	if err := visitorStatsOf(e.App).flush(e.App); err != nil {
		return router.NewInternalServerError("", err)
	}
	since := time.Now().UTC().AddDate(0, 0, -(days - 1)).Format("2006-01-02")
	db := e.App.AuxDB()
	since2 := dbx.NewExp("[[day]] >= {:since}", dbx.Params{"since": since})

	daily := []analyticsRow{}
	if err := db.Select("day", "views", "visitors").From(analyticsDimsTable).
		Where(dbx.HashExp{"kind": "site"}).AndWhere(since2).OrderBy("day ASC").All(&daily); err != nil {
		return router.NewInternalServerError("", err)
	}
	pages := []analyticsRow{}
	if err := db.Select("path AS value", "SUM(views) AS views", "SUM(visitors) AS visitors").From(analyticsPagesTable).
		Where(since2).GroupBy("path").OrderBy("views DESC", "path ASC").Limit(100).All(&pages); err != nil {
		return router.NewInternalServerError("", err)
	}
	dims := []analyticsRow{}
	if err := db.Select("kind", "value", "SUM(views) AS views", "SUM(visitors) AS visitors").From(analyticsDimsTable).
		Where(dbx.NewExp("[[kind]] IN ('device', 'browser', 'referrer')")).AndWhere(since2).
		GroupBy("kind", "value").OrderBy("views DESC", "value ASC").All(&dims); err != nil {
		return router.NewInternalServerError("", err)
	}
	byKind := map[string][]analyticsRow{"device": {}, "browser": {}, "referrer": {}}
	for _, d := range dims {
		byKind[d.Kind] = append(byKind[d.Kind], d)
	}
	return e.JSON(http.StatusOK, map[string]any{
		"enabled":   e.App.Settings().Observability.AnalyticsEnabled,
		"days":      days,
		"daily":     daily,
		"pages":     pages,
		"devices":   byKind["device"],
		"browsers":  byKind["browser"],
		"referrers": byKind["referrer"],
	})
}
