// Screenshots of each dashboard page in light and dark, for engine/ui/docs.
// Run after dashboard.test.mjs on the same server (it leaves a superuser,
// collections, records and logs behind):
//   HOOKBASE_UI_DOCS=$PWD/engine/ui/docs go test ./tests -run TestDashboardBrowser
import { test } from 'node:test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { BASE, launch } from './lib.mjs'

const OUT = process.env.HOOKBASE_UI_DOCS
const EMAIL = 'admin@hookbase.test'
const PASSWORD = 'a-long-password-123'

const shots = [
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
