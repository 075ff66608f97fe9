package tests

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/hookbase/hookbase/tests/harness"
)

// obsUIMigration makes a collection whose CRUD operations the docs page
// lists, each with the rule guarding it.
const obsUIMigration = `
migrate((app) => {
  app.save(new Collection({
    type: "base",
    name: "orders",
    listRule: "@request.auth.id != ''",
    viewRule: "",
    createRule: "@request.auth.id != '' && total > 0",
    updateRule: null,
    deleteRule: null,
    fields: [
      { type: "text", name: "customer", required: true },
      { type: "number", name: "total" },
      { type: "bool", name: "paid" },
    ],
  }))
})
`

// obsUIHooks has a JS route described by a metadata argument and a cron
// job that always fails (run from the crons page).
const obsUIHooks = `
routerAdd("POST", "/shop/orders/{id}/refund", (e) => e.json(200, { ok: true }), {
  summary: "Refund an order",
  description: "Gives the order's total back to the customer.",
  tags: ["shop"],
  query: { reason: "why the order is refunded" },
  body: { type: "object", properties: { amount: { type: "number", description: "how much to give back" } }, required: ["amount"] },
  response: { type: "object", properties: { ok: { type: "boolean" } } },
})

cronAdd("failing_job", "0 0 1 1 *", () => {
  throw new Error("refund queue unreachable")
})
`

// TestDashboardObservabilityBrowser drives the dashboard's observability
// pages (API docs, metrics, cron runs, visitor stats and their settings)
// with Debian's chromium through playwright-core, against the real binary
// (tests/ui/observability.test.mjs).
func TestDashboardObservabilityBrowser(t *testing.T) {
	chromium := harness.EnsureChromium(t)
	root, err := harness.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(root, "tests", "ui")
	harness.EnsureNodeDeps(t, dir)

	public := t.TempDir()
	for name, body := range map[string]string{
		"index.html":   "<!doctype html><title>shop</title><h1>Shop</h1><a href=\"/pricing.html\">Pricing</a>",
		"pricing.html": "<!doctype html><title>pricing</title><h1>Pricing</h1>",
	} {
		if err := os.WriteFile(filepath.Join(public, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	srv := harness.Start(t, harness.Options{
		Migrations: map[string]string{"1700000000_orders.js": obsUIMigration},
		Hooks:      map[string]string{"ui_obs.pb.js": obsUIHooks},
		Args:       []string{"--publicDir=" + public},
	})
	env := []string{
		"HOOKBASE_URL=" + srv.URL,
		"CHROMIUM=" + chromium,
		"HOOKBASE_UI_ARTIFACTS=" + filepath.Join(dir, "artifacts"),
		"HOOKBASE_EMAIL=" + srv.SuperuserEmail,
		"HOOKBASE_PASSWORD=" + srv.SuperuserPassword,
	}
	harness.RunNodeTestFiles(t, dir, 4*time.Minute, env, "observability.test.mjs")

	// HOOKBASE_UI_DOCS=<dir> also saves screenshots of these pages (light
	// and dark) into dir, from the data the test above left behind.
	if docs := os.Getenv("HOOKBASE_UI_DOCS"); docs != "" {
		harness.RunNodeTestFiles(t, dir, 3*time.Minute, append(env, "HOOKBASE_UI_DOCS="+docs, "HOOKBASE_UI_SHOTS=observability"), "screenshots.mjs")
	}
}
