// Shared pieces of the dashboard browser tests: launching Debian's chromium
// through playwright-core, a superuser API client for checks, screenshots.
import { chromium } from 'playwright-core'
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export const BASE = process.env.HOOKBASE_URL
export const ARTIFACTS = process.env.HOOKBASE_UI_ARTIFACTS || join(import.meta.dirname, 'artifacts')

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'hookbase-chromium-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1280, height: 800 },
    colorScheme: 'light',
  })
  context.setDefaultTimeout(10_000)
  const page = context.pages()[0] || (await context.newPage())
  const consoleErrors = []
  page.on('pageerror', (err) => consoleErrors.push(String(err)))
  return {
    context,
    page,
    consoleErrors,
    async close() {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}

/** Runs fn; on failure saves a screenshot named after the test, then rethrows. */
export async function withShot(page, name, fn) {
  try {
    await fn()
  } catch (err) {
    mkdirSync(ARTIFACTS, { recursive: true })
    const file = join(ARTIFACTS, name.replace(/[^\w-]+/g, '_') + '.png')
    await page.screenshot({ path: file, fullPage: true }).catch(() => {})
    err.message += `\n(screenshot: ${file})`
    throw err
  }
}

/** A superuser token for direct API checks. */
export async function superuserToken(email, password) {
  const res = await fetch(`${BASE}/api/collections/_superusers/auth-with-password`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ identity: email, password }),
  })
  if (!res.ok) throw new Error(`superuser auth: ${res.status} ${await res.text()}`)
  return (await res.json()).token
}

export async function api(token, path, init = {}) {
  const res = await fetch(BASE + path, {
    ...init,
    headers: { authorization: token, 'content-type': 'application/json', ...(init.headers || {}) },
  })
  const body = await res.text()
  return { status: res.status, body: body ? JSON.parse(body) : null }
}

/** The page has no horizontal scrollbar (nothing wider than the viewport). */
export async function noHorizontalOverflow(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)
}
