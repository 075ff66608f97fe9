// The dashboard's observability pages in a real browser against the real
// binary: the API docs page at /_/docs (a collection's CRUD operations with
// their rules, a JS route with its metadata, search, deep link through the
// login), a request id on the logs page, the metrics page moving after requests, a failing JS cron run's
// error with file:line, the observability settings (request metrics off and
// on again, Prometheus), and the visitor stats
// counting a pb_public page view.
import { test, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { BASE, launch, withShot, superuserToken, api, noHorizontalOverflow } from './lib.mjs'

const DESKTOP = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36'
const PHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1'
const EMAIL = process.env.HOOKBASE_EMAIL
const PASSWORD = process.env.HOOKBASE_PASSWORD

let browser, page, token

before(async () => {
  browser = await launch()
  page = browser.page
  token = await superuserToken(EMAIL, PASSWORD)
})

after(async () => {
  await browser?.close()
})

const t = (name, fn) => test(name, () => withShot(page, name, fn))

// Runs action and waits for a new toast with text (older ones with the same
// text may still be on screen).
async function expectToast(text, action) {
  const count = () => page.evaluate((t) => [...document.querySelectorAll('.toast span')].filter((s) => s.textContent === t).length, text)
  const before = await count()
  await action()
  await page.waitForFunction(
    ([t, n]) => [...document.querySelectorAll('.toast span')].filter((s) => s.textContent === t).length > n,
    [text, before],
  )
}

async function visit(hash) {
  const url = `${BASE}/_/${hash}`
  if (page.url() === url) await page.reload()
  else await page.goto(url)
}

t('/_/docs is a real path: without a session it asks for the login, then comes back to the docs', async () => {
  await page.goto(`${BASE}/_/docs`)
  await page.getByRole('heading', { name: 'Superuser login' }).waitFor()
  await page.getByLabel('Email').fill(EMAIL)
  await page.getByLabel('Password').fill(PASSWORD)
  await page.getByRole('button', { name: 'Login' }).click()
  await page.getByRole('heading', { name: 'API docs', exact: true }).waitFor()
  assert.equal(new URL(page.url()).pathname, '/_/docs')
  assert.equal(new URL(page.url()).hash, '')
  // The link in the main navigation is the same path.
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API docs' })
  assert.equal(await link.getAttribute('aria-current'), 'page')
  assert.equal(await link.getAttribute('href'), '/_/docs')
})

t('the docs page lists a collection\'s CRUD operations with the rule guarding each', async () => {
  await page.goto(`${BASE}/_/docs`)
  const group = page.getByRole('region', { name: 'orders', exact: true })
  await group.waitFor()
  const summaries = await group.locator('details.op > summary').allInnerTexts()
  const ops = summaries.map((s) => s.split(/\s+/).slice(0, 2).join(' '))
  assert.deepEqual(ops.sort(), [
    'DELETE /api/collections/orders/records/{id}',
    'GET /api/collections/orders/records',
    'GET /api/collections/orders/records/{id}',
    'PATCH /api/collections/orders/records/{id}',
    'POST /api/collections/orders/records',
  ])

  const list = group.locator('details.op', { hasText: 'List orders records' })
  await list.locator('summary').click()
  await list.getByText('Guarded by listRule').waitFor()
  await list.locator('code.rule', { hasText: "@request.auth.id != ''" }).waitFor()
  for (const q of ['page', 'perPage', 'sort', 'filter', 'expand']) {
    await list.getByRole('cell', { name: q, exact: true }).waitFor()
  }

  const view = group.locator('details.op', { hasText: 'View a orders record' })
  await view.locator('summary').click()
  await view.getByText('public', { exact: true }).waitFor()

  const del = group.locator('details.op', { hasText: 'Delete a orders record' })
  assert.match(await del.locator('summary').innerText(), /Superusers only/)

  // The create operation's request body: the collection's fields with their types.
  const create = group.locator('details.op', { hasText: 'Create a orders record' })
  await create.locator('summary').click()
  await create.locator('code.rule', { hasText: "total > 0" }).waitFor()
  const body = create.locator('details.media', { hasText: 'application/json' }).first()
  for (const [field, type] of [['customer', 'string'], ['total', 'number'], ['paid', 'boolean']]) {
    const row = body.locator('li', { has: page.locator('code.name', { hasText: new RegExp(`^${field}$`) }) })
    assert.match(await row.innerText(), new RegExp(`${field}\\s+${type}`))
  }
  // The 200 response's schema is collapsed until opened, and follows the $ref.
  const ok = create.locator('details.media', { hasText: 'The created record.' })
  assert.equal(await ok.evaluate((d) => d.open), false)
  await ok.locator('summary').click()
  await ok.getByText('ordersRecord').waitFor()
  await ok.locator('code.name', { hasText: /^customer$/ }).waitFor()
})

t('the docs page shows a JS route with its metadata, and the search narrows the list', async () => {
  await page.goto(`${BASE}/_/docs`)
  const js = page.getByRole('region', { name: 'JS routes' })
  const op = js.getByRole('region', { name: 'shop' }).locator('details.op')
  await op.waitFor()
  const summary = await op.locator('summary').innerText()
  assert.match(summary, /POST\s+\/shop\/orders\/\{id\}\/refund\s+Refund an order/)
  assert.match(summary, /pb_hooks/)
  await op.locator('summary').click()
  await op.getByText("Gives the order's total back to the customer.").waitFor()
  const params = op.locator('table tbody tr')
  assert.deepEqual(await params.allInnerTexts(), ['id*\tpath\tstring\t', 'reason\tquery\tstring\twhy the order is refunded'])
  const body = op.locator('details.media', { hasText: 'application/json' }).first()
  assert.match(await body.innerText(), /amount\*?\s+number\s+how much to give back/)
  await op.locator('details.media', { hasText: '200' }).locator('summary').click()
  await op.locator('details.media', { hasText: '200' }).locator('code.name', { hasText: /^ok$/ }).waitFor()

  // Search: one operation matches "refund"; the built-in API and the collections are gone.
  await page.getByLabel('Search operations').fill('refund')
  await page.getByText('1 of').waitFor()
  assert.equal(await page.locator('details.op').count(), 1)
  assert.equal(await page.getByRole('region', { name: 'Built-in API' }).count(), 0)
  // The search is kept in the URL: a reload shows the same list.
  await page.waitForFunction(() => location.search === '?q=refund')
  await page.reload()
  await page.locator('details.op').first().waitFor()
  assert.equal(await page.locator('details.op').count(), 1)
  assert.equal(await page.getByLabel('Search operations').inputValue(), 'refund')
  await page.getByLabel('Search operations').fill('')
  await page.getByRole('region', { name: 'Built-in API' }).waitFor()
  assert.ok((await page.locator('details.op').count()) > 40)

  // A link to one operation opens it.
  await page.goto('about:blank')
  await page.goto(`${BASE}/_/docs#op-post-shop-orders-id-refund`)
  const linked = page.locator('#op-post-shop-orders-id-refund')
  await linked.getByText('why the order is refunded').waitFor()
  assert.equal(await linked.evaluate((d) => d.open), true)
  assert.equal(await page.locator('details.op[open]').count(), 1)
})

t('navigation between the docs path and the hash pages needs no reload, and back works', async () => {
  await page.goto(`${BASE}/_/docs`)
  await page.getByRole('heading', { name: 'API docs', exact: true }).waitFor()
  await page.evaluate(() => (window.__sameDocument = true))
  const nav = page.getByRole('navigation', { name: 'Main' })
  await nav.getByRole('link', { name: 'Logs' }).click()
  await page.getByRole('heading', { name: 'Logs', exact: true }).waitFor()
  assert.deepEqual(await page.evaluate(() => [location.pathname, location.hash]), ['/_/', '#/logs'])
  await nav.getByRole('link', { name: 'API docs' }).click()
  await page.getByRole('heading', { name: 'API docs', exact: true }).waitFor()
  assert.equal(new URL(page.url()).pathname, '/_/docs')
  await page.goBack()
  await page.getByRole('heading', { name: 'Logs', exact: true }).waitFor()
  await page.goBack()
  await page.getByRole('heading', { name: 'API docs', exact: true }).waitFor()
  assert.equal(await page.evaluate(() => window.__sameDocument), true)
})

t('a request id sent with a request finds its log row on the logs page', async () => {
  const res = await fetch(`${BASE}/api/collections/orders/records/missing-one`, { headers: { 'x-request-id': 'ui-trace-4711' } })
  assert.equal(res.status, 404)
  assert.equal(res.headers.get('x-request-id'), 'ui-trace-4711')
  await visit('#/logs')
  await page.getByLabel('Filter logs').fill('data.requestId = "ui-trace-4711"')
  await page.getByLabel('Filter logs').press('Enter')
  // Logs are written in batches: refresh until the row is there.
  const row = page.locator('tbody tr', { hasText: '/api/collections/orders/records/missing-one' })
  for (let i = 0; i < 40 && !(await row.count()); i++) {
    await page.waitForTimeout(250)
    await page.getByRole('button', { name: 'Refresh' }).click()
  }
  await row.click()
  const drawer = page.getByRole('dialog', { name: 'Log details' })
  const dts = await drawer.locator('dt').allInnerTexts()
  const dds = await drawer.locator('dd').allInnerTexts()
  assert.equal(dds[dts.indexOf('requestId')], 'ui-trace-4711')
  assert.equal(dds[dts.indexOf('status')], '404')
  await drawer.getByRole('button', { name: 'Close' }).click()
})

t('the metrics page moves after requests: totals, the route table and the charts', async () => {
  await visit('#/metrics')
  const requests = page.locator('[data-metric=requests]')
  await requests.waitFor()
  const count = async () => Number((await requests.innerText()).replace(/\D/g, ''))
  const before = await count()
  for (let i = 0; i < 25; i++) {
    const res = await fetch(`${BASE}/api/collections/orders/records/nope`)
    assert.equal(res.status, 404)
  }
  // The page polls every 3 s.
  await page.waitForFunction(
    (n) => Number(document.querySelector('[data-metric=requests]').innerText.replace(/\D/g, '')) >= n,
    before + 25,
    { timeout: 15_000 },
  )
  const row = page.getByRole('table', { name: 'Routes' }).locator('tr', { hasText: 'GET /api/collections/{collection}/records/{id}' })
  await row.waitFor()
  const cells = await row.locator('td').allInnerTexts()
  assert.ok(Number(cells[1]) >= 25, `requests cell ${cells[1]}`)
  assert.ok(Number(cells[10 - 1]) >= 25, `4xx cell ${cells[9]}`) // the 4xx column
  assert.ok(Number((await page.locator('[data-metric=errors]').innerText()).split('/')[0].replace(/\D/g, '')) >= 25)
  // The status chart draws 4xx bars (in the last bucket or the one before,
  // when a new 10-second bucket started since the requests).
  const chart = page.getByRole('img', { name: /^Status classes per 10 s/ })
  assert.ok((await chart.locator('rect[fill="var(--warn)"]').count()) >= 1)
  // Its legend gives the window's count.
  assert.ok(Number(/4xx (\d+)/.exec(await chart.getAttribute('aria-label'))[1]) >= 25)
  // Process figures are there and sensible.
  assert.match(await page.locator('[data-metric=rss]').innerText(), /^\d+(\.\d)? (MB|GB)$/)
  assert.ok(Number(await page.locator('[data-metric=goroutines]').innerText()) > 0)
  assert.match(await page.locator('[data-metric=db-data]').innerText(), /^\d+ open$/)
  assert.match(await page.locator('[data-metric=jspool]').innerText(), /^\d+ busy \/ [1-9]\d*$/)
  assert.equal(await noHorizontalOverflow(page), true)
})

t('request metrics can be switched off in the settings: the metrics page then shows process figures only', async () => {
  // Sets the switch to on (it must show the opposite first, as saved),
  // saves, and checks the stored setting.
  const setMetrics = async (on) => {
    await visit('#/settings/observability')
    const box = page.getByLabel("Record every request's route, status and duration")
    assert.equal(await box.isChecked(), !on)
    await box.setChecked(on)
    await expectToast('Settings saved.', () => page.getByRole('button', { name: 'Save changes' }).click())
    assert.equal((await api(token, '/api/settings')).body.observability.metricsEnabled, on)
  }
  await setMetrics(false)
  // The server stopped recording: /api/metrics has no request figures.
  const off = (await api(token, '/api/metrics')).body
  assert.equal(off.metricsEnabled, false)
  assert.equal(off.requests, null)
  await visit('#/metrics')
  await page.getByRole('note').getByText('Request metrics are off').waitFor()
  assert.equal(await page.getByRole('table', { name: 'Routes' }).count(), 0)
  assert.equal(await page.locator('[data-metric=requests]').count(), 0)
  assert.match(await page.locator('[data-metric=rss]').innerText(), /^\d+(\.\d)? (MB|GB)$/)

  await setMetrics(true)
  await visit('#/metrics')
  await page.getByRole('table', { name: 'Routes' }).waitFor()
  await page.locator('[data-metric=requests]').waitFor()
  assert.equal(await page.getByRole('note').count(), 0)
})

t('a failing JS cron job\'s run shows its outcome and its error with file:line', async () => {
  await visit('#/settings/crons')
  const row = page.locator('tr[data-job=failing_job]')
  await row.waitFor()
  assert.match(await row.innerText(), /never/)
  await row.getByRole('button', { name: 'Run now' }).click()
  await row.locator('.badge', { hasText: 'error' }).waitFor()
  const cells = await row.locator('td').allInnerTexts()
  assert.match(cells[3], /\d+(\.\d+)? (ms|s)/) // duration
  assert.match(cells[5], /^in \d+d$/) // next run: the 1st of January
  await row.getByRole('button', { name: 'Runs' }).click()
  const drawer = page.getByRole('dialog', { name: 'Runs of failing_job' })
  const run = drawer.locator('li.run').first()
  await run.waitFor()
  assert.equal(await run.getAttribute('data-status'), 'error')
  assert.match(await run.locator('code.at').innerText(), /ui_obs\.pb\.js:\d+(:\d+)?$/)
  assert.match(await run.locator('pre').innerText(), /refund queue unreachable/)
  // The API agrees with what the page shows.
  const runs = await api(token, '/api/crons/failing_job/runs')
  assert.equal(runs.body.items[0].status, 'error')
  assert.match(runs.body.items[0].error, /ui_obs\.pb\.js:\d+/)
  await drawer.getByRole('button', { name: 'Close' }).click()
})

t('the observability settings turn Prometheus on with a token, and the visitor stats on', async () => {
  await visit('#/settings/observability')
  await page.getByLabel('Serve /api/metrics/prometheus').check()
  await page.getByRole('button', { name: 'Generate' }).click()
  const scrapeToken = await page.locator('[data-token]').innerText()
  assert.match(scrapeToken, /^[0-9a-f]{48}$/)
  await page.getByLabel('Count page views').check()
  await page.getByLabel('Keep (days, 0 = 90)').fill('30')
  await expectToast('Settings saved.', () => page.getByRole('button', { name: 'Save changes' }).click())
  const settings = (await api(token, '/api/settings')).body.observability
  assert.equal(settings.prometheusEnabled, true)
  assert.equal(settings.analyticsEnabled, true)
  assert.equal(settings.analyticsMaxDays, 30)
  assert.equal(settings.prometheusToken, undefined) // never shown
  const scrape = await fetch(`${BASE}/api/metrics/prometheus`, { headers: { authorization: `Bearer ${scrapeToken}` } })
  assert.equal(scrape.status, 200)
  assert.match(await scrape.text(), /hookbase_http_requests_total/)

  // Saving again without typing a token keeps the saved one.
  await page.reload()
  await page.getByLabel('Keep (days, 0 = 90)').fill('45')
  await expectToast('Settings saved.', () => page.getByRole('button', { name: 'Save changes' }).click())
  const again = await fetch(`${BASE}/api/metrics/prometheus`, { headers: { authorization: `Bearer ${scrapeToken}` } })
  assert.equal(again.status, 200)
})

t('visitor stats show a page view after visiting a pb_public page', async () => {
  await visit('#/analytics')
  const views = page.locator('[data-metric=views]')
  await views.waitFor()
  const before = Number((await views.innerText()).replace(/\D/g, ''))
  assert.equal(await page.getByRole('note').count(), 0) // on: no "off" notice

  // Real visits in the browser, as a desktop browser coming from a news
  // site (home page, then a link to another page) and as a phone.
  const visitor = await browser.context.newPage()
  await visitor.setExtraHTTPHeaders({ 'user-agent': DESKTOP })
  await visitor.goto(`${BASE}/`, { referer: 'https://news.example.org/story/1' })
  await visitor.getByRole('link', { name: 'Pricing' }).click()
  await visitor.getByRole('heading', { name: 'Pricing' }).waitFor()
  // A reload revalidates the cached page (the server answers 304): still a
  // page view (playwright reports the cached answer's 200).
  await visitor.setExtraHTTPHeaders({ 'user-agent': PHONE })
  await visitor.reload()
  await visitor.close()

  await page.getByRole('button', { name: '↻ Refresh' }).click()
  await page.waitForFunction((n) => Number(document.querySelector('[data-metric=views]').innerText.replace(/\D/g, '')) >= n, before + 3)
  const pages = page.getByRole('region', { name: 'Top pages' })
  const pricing = pages.locator('tr', { hasText: '/pricing.html' })
  await pricing.waitFor()
  assert.deepEqual((await pricing.locator('td').allInnerTexts()).slice(1), ['2', '2'])
  const cells = async (region, text) =>
    (await page.getByRole('region', { name: region }).locator('tr', { hasText: text }).locator('td').allInnerTexts()).slice(1)
  assert.deepEqual(await cells('Referrers', 'news.example.org'), ['1', '1'])
  assert.deepEqual(await cells('Devices', 'desktop'), ['2', '1'])
  assert.deepEqual(await cells('Devices', 'mobile'), ['1', '1'])
  assert.deepEqual(await cells('Browsers', 'Chrome'), ['2', '1'])
  assert.deepEqual(await cells('Browsers', 'Safari'), ['1', '1'])
  // A same-site link has no outside referrer.
  await page.getByRole('region', { name: 'Referrers' }).locator('tr', { hasText: '(none)' }).waitFor()
  // The chart's newest day has the views.
  const chart = page.getByRole('img', { name: /^Page views and unique visitors per day/ })
  assert.match(await chart.getAttribute('aria-label'), /views [1-9]/)
  assert.equal(await noHorizontalOverflow(page), true)

  // The page's own switch (the same setting as Settings › Observability).
  const form = page.getByRole('form', { name: 'Visitor stats settings' })
  assert.equal(await form.getByLabel('Count page views').isChecked(), true)
  assert.equal(await form.getByLabel('Keep (days, 0 = 90)').inputValue(), '45')
  await form.getByLabel('Count page views').uncheck()
  await form.getByRole('button', { name: 'Save' }).click()
  await page.getByRole('note').getByText('Visitor stats are off').waitFor()
  assert.equal((await api(token, '/api/settings')).body.observability.analyticsEnabled, false)
  await form.getByLabel('Count page views').check()
  await form.getByRole('button', { name: 'Save' }).click()
  await page.getByRole('note').waitFor({ state: 'detached' })
  const obs = (await api(token, '/api/settings')).body.observability
  assert.deepEqual([obs.analyticsEnabled, obs.analyticsMaxDays, obs.prometheusEnabled], [true, 45, true])
})

t('the new pages fit a phone screen', async () => {
  await page.setViewportSize({ width: 390, height: 844 })
  try {
    for (const [url, heading] of [[`${BASE}/_/docs`, 'API docs'], [`${BASE}/_/#/metrics`, 'Metrics'], [`${BASE}/_/#/analytics`, 'Visitor stats']]) {
      await page.goto(url)
      await page.getByRole('heading', { name: heading, exact: true }).waitFor()
      await page.waitForTimeout(200)
      assert.equal(await noHorizontalOverflow(page), true, `${heading} overflows at 390 px`)
    }
  } finally {
    await page.setViewportSize({ width: 1280, height: 800 })
  }
  assert.deepEqual(browser.consoleErrors, [])
})
