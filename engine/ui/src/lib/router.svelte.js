// A hash router: the server only has to serve index.html at /_/, and a
// reload keeps the page. Routes are matched in order; ":name" is one segment.
const routes = []

export const route = $state({ name: '', params: {}, query: {}, path: '/' })

export function addRoute(name, pattern) {
  const keys = []
  const re = new RegExp(
    '^' + pattern.replace(/:(\w+)/g, (_, k) => (keys.push(k), '([^/]+)')) + '/?$',
  )
  routes.push({ name, re, keys })
}

function parse() {
  const raw = location.hash.replace(/^#/, '') || '/'
  const [path, qs = ''] = raw.split('?')
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
  Object.assign(route, parse())
}

export function startRouter() {
  window.addEventListener('hashchange', sync)
  sync()
}

export function navigate(path, { replace = false } = {}) {
  const url = '#' + path
  if (replace) {
    history.replaceState(null, '', url)
    sync()
  } else {
    location.hash = path
  }
}

/** Sets query parameters of the current route without a history entry. */
export function setQuery(patch) {
  const q = { ...route.query, ...patch }
  for (const k of Object.keys(q)) if (q[k] === '' || q[k] == null) delete q[k]
  const qs = new URLSearchParams(q).toString()
  navigate(route.path + (qs ? '?' + qs : ''), { replace: true })
}
