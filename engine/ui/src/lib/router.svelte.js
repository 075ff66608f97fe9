// A hash router: the server only has to serve index.html at /_/, and a
// reload keeps the page. Routes are matched in order; ":name" is one segment.
//
// A few pages also have a real path under the dashboard (/_/docs) so they
// can be linked from outside; the server answers index.html for any
// extension-less path under /_/, and the path stands for the route while the
// URL has no hash route.
const routes = []

/** First segments of the routes that use a real path instead of a hash. */
const PATH_ROUTES = ['/docs']

export const route = $state({ name: '', params: {}, query: {}, path: '/' })

export function addRoute(name, pattern) {
  const keys = []
  const re = new RegExp(
    '^' + pattern.replace(/:(\w+)/g, (_, k) => (keys.push(k), '([^/]+)')) + '/?$',
  )
  routes.push({ name, re, keys })
}

/** The dashboard's own path prefix ("/_", or "/sub/_" behind a proxy). */
function base() {
  const i = location.pathname.indexOf('/_/')
  return i >= 0 ? location.pathname.slice(0, i + 2) : '/_'
}

const isPathRoute = (path) => PATH_ROUTES.some((p) => path === p || path.startsWith(p + '/'))

function current() {
  const hash = location.hash.replace(/^#/, '')
  if (hash.startsWith('/')) return hash
  const rest = location.pathname.slice(base().length).replace(/\/+$/, '')
  return (isPathRoute(rest) ? rest : '/') + location.search
}

function parse() {
  const [path, qs = ''] = current().split('?')
  const query = Object.fromEntries(new URLSearchParams(qs))
  for (const r of routes) {
    const m = path.match(r.re)
    if (m) {
      const params = {}
      r.keys.forEach((k, i) => (params[k] = decodeURIComponent(m[i + 1])))
      return { name: r.name, params, query, path }
    }
  }
  return { name: 'notfound', params: {}, query, path }
}

function sync() {
  // A hash route followed from a path route's page (/_/docs#/logs): show the
  // plain dashboard URL again.
  if (location.hash.startsWith('#/') && location.pathname !== base() + '/') {
    history.replaceState(history.state, '', base() + '/' + location.hash)
  }
  Object.assign(route, parse())
}

export function startRouter() {
  window.addEventListener('hashchange', sync)
  window.addEventListener('popstate', sync)
  sync()
}

export function navigate(path, { replace = false } = {}) {
  const onHashPage = location.pathname === base() + '/'
  if (isPathRoute(path.split('?')[0]) || !onHashPage) {
    const url = isPathRoute(path.split('?')[0]) ? base() + path : base() + '/#' + path
    if (replace) history.replaceState(null, '', url)
    else history.pushState(null, '', url)
    sync()
  } else if (replace) {
    history.replaceState(null, '', '#' + path)
    sync()
  } else {
    location.hash = path
  }
}

/** A link's href for path (a hash for most routes, a real path for some). */
export function href(path) {
  return isPathRoute(path.split('?')[0]) ? base() + path : '#' + path
}

/**
 * An onclick for links to path routes: follows them without a reload (a
 * modified click still opens a new tab).
 */
export function follow(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return
  const a = e.currentTarget
  if (a.getAttribute('href')?.startsWith('#')) return
  const path = a.pathname.slice(base().length)
  if (!isPathRoute(path)) return
  e.preventDefault()
  navigate(path + a.search)
}

/** Sets query parameters of the current route without a history entry. */
export function setQuery(patch) {
  const q = { ...route.query, ...patch }
  for (const k of Object.keys(q)) if (q[k] === '' || q[k] == null) delete q[k]
  const qs = new URLSearchParams(q).toString()
  navigate(route.path + (qs ? '?' + qs : ''), { replace: true })
}
