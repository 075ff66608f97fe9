package tests

import (
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
	"github.com/hookbase/hookbase/tests/mailcapture"
	"github.com/johannesboyne/gofakes3"
	"github.com/johannesboyne/gofakes3/backend/s3mem"
)

// bigCollectionMigration makes a 100k-row collection for the records page
// timing (one INSERT … SELECT, so it takes well under a second).
const bigCollectionMigration = `
migrate((app) => {
  app.save(new Collection({
    type: "base",
    name: "big",
    listRule: null,
    fields: [
      { type: "text", name: "title" },
      { type: "number", name: "n" },
      { type: "autodate", name: "created", onCreate: true },
      { type: "autodate", name: "updated", onCreate: true, onUpdate: true },
    ],
  }))
  app.db().newQuery(
    "WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 100000) " +
    "INSERT INTO big (id, title, n, created, updated) " +
    "SELECT printf('r%014d', x), 'row ' || x, x, '2026-01-01 00:00:00.000Z', '2026-01-01 00:00:00.000Z' FROM c"
  ).execute()
})
`

// cronHook registers a job that only runs when started from the crons page
// (its schedule is once a year) and a route that tells how often it ran.
const cronHook = `
cronAdd("dashboard_test_job", "0 0 1 1 *", () => {
  $app.store().set("cronRuns", ($app.store().get("cronRuns") || 0) + 1)
})
routerAdd("GET", "/dashboard-test/cron-runs", (e) => e.json(200, { runs: $app.store().get("cronRuns") || 0 }))
`

var installerLink = regexp.MustCompile(`http://\S+/_/#/pbinstall/\S+`)

// TestDashboardBrowser drives the dashboard at /_/ with Debian's chromium
// (installed with apt-get when missing) through playwright-core, against
// the real binary started without a superuser (tests/ui/dashboard.test.mjs).
func TestDashboardBrowser(t *testing.T) {
	chromium := harness.EnsureChromium(t)
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "tests", "ui")
	harness.EnsureNodeDeps(t, dir)

	mails := mailcapture.Start(t)
	s3backend := s3mem.New()
	if err := s3backend.CreateBucket("dashboard"); err != nil {
		t.Fatal(err)
	}
	s3 := httptest.NewServer(gofakes3.New(s3backend).Server())
	t.Cleanup(s3.Close)
	srv := harness.Start(t, harness.Options{
		NoSuperuser: true,
		Migrations:  map[string]string{"1700000000_big.js": bigCollectionMigration},
		Hooks:       map[string]string{"dashboard_cron.pb.js": cronHook},
	})
	var link string
	deadline := time.Now().Add(10 * time.Second)
	for link == "" {
		link = installerLink.FindString(srv.Log())
		if link == "" && time.Now().After(deadline) {
			t.Fatalf("serve printed no installer link:\n%s", srv.Log())
		}
		time.Sleep(50 * time.Millisecond)
	}

	harness.RunNodeTestFiles(t, dir, 5*time.Minute, []string{
		"HOOKBASE_URL=" + srv.URL,
		"HOOKBASE_INSTALLER_URL=" + link,
		"CHROMIUM=" + chromium,
		"HOOKBASE_UI_ARTIFACTS=" + filepath.Join(dir, "artifacts"),
		"HOOKBASE_MAIL_URL=" + mails.URL,
		"HOOKBASE_S3_URL=" + s3.URL,
		"HOOKBASE_SMTP_HOST=" + mails.SMTPHost,
		"HOOKBASE_SMTP_PORT=" + strconv.Itoa(mails.SMTPPort),
	}, "dashboard.test.mjs")

	// HOOKBASE_UI_DOCS=<dir> also saves screenshots of each page (light and
	// dark) into dir, from the data the test above left behind.
	if docs := os.Getenv("HOOKBASE_UI_DOCS"); docs != "" {
		harness.RunNodeTestFiles(t, dir, 3*time.Minute, []string{
			"HOOKBASE_URL=" + srv.URL, "CHROMIUM=" + chromium, "HOOKBASE_UI_DOCS=" + docs,
		}, "screenshots.mjs")
	}
}
