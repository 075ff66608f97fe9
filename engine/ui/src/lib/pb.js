import PocketBase, { LocalAuthStore } from 'pocketbase'

// The Web API lives at the server root; the dashboard at <root>/_/. Working
// the root out of the page's path keeps the dashboard usable behind a proxy
// that mounts hookbase under a sub-path.
function apiBase() {
  const i = location.pathname.indexOf('/_/')
  return location.origin + (i >= 0 ? location.pathname.slice(0, i) : '') + '/'
}

export const pb = new PocketBase(apiBase(), new LocalAuthStore('__hookbase_superuser__'))
pb.autoCancellation(false)

export const SUPERUSERS = '_superusers'

/** The superuser's token if valid and from _superusers, otherwise null. */
export function isSuperuser() {
  return pb.authStore.isValid && pb.authStore.record?.collectionName === SUPERUSERS
}

/**
 * Flattens a ClientResponseError's data into {"path.to.field": "message"} so
 * forms can show each message next to its input.
 */
export function fieldErrors(err) {
  const out = {}
  const walk = (node, prefix) => {
    if (!node || typeof node !== 'object') return
    if (typeof node.message === 'string' && typeof node.code === 'string') {
      out[prefix] = node.message
      return
    }
    for (const [k, v] of Object.entries(node)) walk(v, prefix ? `${prefix}.${k}` : k)
  }
  walk(err?.response?.data ?? err?.data?.data, '')
  return out
}

/** A short human message for any error thrown by the SDK. */
export function errorMessage(err) {
  if (!err) return ''
  const msg = err?.response?.message || err?.message || String(err)
  const fields = Object.entries(fieldErrors(err))
  if (fields.length) return `${msg} ${fields.map(([k, v]) => `${k}: ${v}`).join('; ')}`
  return msg
}
