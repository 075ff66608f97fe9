// Screenshots of each dashboard page in light and dark, for engine/ui/docs.
// Run after dashboard.test.mjs on the same server (it leaves a superuser,
// collections, records and logs behind):
//   HOOKBASE_UI_DOCS=$PWD/engine/ui/docs go test ./tests -run TestDashboardBrowser
// or, with HOOKBASE_UI_SHOTS=observability, after observability.test.mjs
// (API docs, metrics, cron runs, visitor stats):
//   HOOKBASE_UI_DOCS=$PWD/engine/ui/docs go test ./tests -run TestDashboardObservabilityBrowser
import { test } from 'node:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BASE, launch } from './lib.mjs'

const OUT = process.env.HOOKBASE_UI_DOCS
const EMAIL = process.env.HOOKBASE_EMAIL || 'admin@hookbase.test'
const PASSWORD = process.env.HOOKBASE_PASSWORD || 'a-long-password-123'
const OBSERVABILITY = process.env.HOOKBASE_UI_SHOTS === 'observability'

const dashboardShots = [
  ['login', async (page) => {
    await page.goto(`${BASE}/_/#/login`)
    await page.evaluate(() => localStorage.clear())
    await page.reload()
    await page.getByRole('heading', { name: 'Superuser login' }).waitFor()
  }],
  ['records', async (page) => { await open(page, '#/collections/posts'); await page.locator('tbody tr').first().waitFor() }],
  ['record-editor', async (page) => { await open(page, '#/collections/posts'); await page.locator('tbody tr').first().click(); await page.getByRole('dialog').waitFor() }],
  ['collection-fields', async (page) => { await open(page, '#/collections/posts'); await page.getByRole('button', { name: 'Edit collection' }).click(); await page.getByRole('dialog').waitFor() }],
  ['collection-rules', async (page) => {
    await open(page, '#/collections/posts')
    await page.getByRole('button', { name: 'Edit collection' }).click()
    await page.getByRole('tab', { name: 'API rules' }).click()
    await page.getByLabel('List/Search rule').focus()
    await page.getByLabel('List/Search rule').press('End')
    await page.getByLabel('List/Search rule').pressSequentially(' && @request.au')
  }],
  ['settings-application', async (page) => { await open(page, '#/settings/application'); await page.getByLabel('Application name').waitFor() }],
  ['settings-mail', async (page) => { await open(page, '#/settings/mail'); await page.getByLabel('Sender name').waitFor() }],
  ['settings-crons', async (page) => { await open(page, '#/settings/crons'); await page.locator('tbody tr').first().waitFor() }],
  ['settings-backups', async (page) => { await open(page, '#/settings/backups'); await page.getByLabel('Backup name').waitFor(); await page.waitForTimeout(300) }],
  ['auth-options', async (page) => {
    await open(page, '#/collections/members')
    await page.getByRole('button', { name: 'Edit collection' }).click()
    await page.getByRole('tab', { name: 'Auth options' }).click()
  }],
  ['logs', async (page) => { await open(page, '#/logs'); await page.locator('tbody tr').first().waitFor() }],
]

const observabilityShots = [
  ['api-docs', async (page) => {
    await page.goto('about:blank')
    await page.goto(`${BASE}/_/docs`)
    const op = page.locator('details.op', { hasText: 'Create a orders record' })
    await op.locator('summary').click()
    await op.locator('details.media', { hasText: 'The created record.' }).locator('summary').click()
    await page.getByRole('region', { name: 'orders', exact: true }).evaluate((el) => el.scrollIntoView())
  }],
  ['api-docs-js-route', async (page) => {
    await page.goto('about:blank')
    await page.goto(`${BASE}/_/docs?q=refund`)
    await page.locator('details.op summary').first().click()
  }],
  ['metrics', async (page) => { await open(page, '#/metrics'); await page.locator('[data-metric=requests]').waitFor(); await page.waitForTimeout(3500) }],
  ['cron-runs', async (page) => {
    await open(page, '#/settings/crons')
    await page.locator('tr[data-job=failing_job]').getByRole('button', { name: 'Runs' }).click()
    await page.getByRole('dialog').locator('li.run').first().waitFor()
  }],
  ['settings-observability', async (page) => { await open(page, '#/settings/observability'); await page.getByLabel('Count page views').waitFor() }],
  ['visitors', async (page) => { await open(page, '#/analytics'); await page.locator('[data-metric=views]').waitFor() }],
]

const shots = OBSERVABILITY ? observabilityShots : dashboardShots

async function open(page, hash) {
  await page.goto('about:blank')
  await page.goto(`${BASE}/_/${hash}`)
}

test('screenshots of each page, light and dark', { skip: !OUT && 'HOOKBASE_UI_DOCS not set' }, async () => {
  mkdirSync(OUT, { recursive: true })
  const browser = await launch()
  const { page } = browser
  try {
    await page.goto(`${BASE}/_/#/login`)
    await page.evaluate(() => localStorage.clear())
    for (const scheme of ['light', 'dark']) {
      await page.emulateMedia({ colorScheme: scheme })
      for (const [name, go] of shots) {
        if (name !== 'login' && !(await page.evaluate(() => !!localStorage.getItem('__hookbase_superuser__')))) {
          await page.goto(`${BASE}/_/#/login`)
          await page.getByLabel('Email').fill(EMAIL)
          await page.getByLabel('Password').fill(PASSWORD)
          await page.getByRole('button', { name: 'Login' }).click()
          await page.getByRole('button', { name: 'Log out' }).waitFor()
        }
        await go(page)
        await page.waitForTimeout(150)
        await page.screenshot({ path: join(OUT, `${name}-${scheme}.png`) })
      }
      if (OBSERVABILITY) continue
      // The phone layout of the records page.
      await page.setViewportSize({ width: 390, height: 844 })
      await open(page, '#/collections/posts')
      await page.locator('tbody tr').first().waitFor()
      await page.screenshot({ path: join(OUT, `records-phone-${scheme}.png`) })
      await page.setViewportSize({ width: 1280, height: 800 })
    }
  } finally {
    await browser.close()
  }
})
