import { findCollection, store } from './collections.svelte.js'

// Tokens of the filter/rule grammar, for highlighting. The order matters:
// strings and comments first so that operators inside them stay text.
const TOKEN = /("(?:[^"\\]|\\.)*"?|'(?:[^'\\]|\\.)*'?)|(\/\/[^\n]*)|(@[\w.:]+)|(-?\d+(?:\.\d+)?\b)|(\b(?:true|false|null)\b)|(\?\?=|\?!=|\?>=|\?<=|\?!~|\?=|\?>|\?<|\?~|!=|>=|<=|!~|&&|\|\||[=<>~])|([A-Za-z_][\w.:]*)/g

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** HTML of the rule with <span class="t-…"> around each token. */
export function highlight(src) {
  let out = ''
  let last = 0
  src.replace(TOKEN, (m, str, comment, macro, num, lit, op, ident, offset) => {
    out += esc(src.slice(last, offset))
    const cls = str ? 'str' : comment ? 'cmt' : macro ? 'var' : num ? 'num' : lit ? 'lit' : op ? 'op' : 'id'
    out += `<span class="t-${cls}">${esc(m)}</span>`
    last = offset + m.length
    return m
  })
  return out + esc(src.slice(last)) + '\n'
}

const MODIFIERS = [':isset', ':changed', ':length', ':each', ':lower']
const MACROS = ['@now', '@second', '@minute', '@hour', '@weekday', '@day', '@month', '@year', '@yesterday', '@tomorrow', '@todayStart', '@todayEnd', '@monthStart', '@monthEnd', '@yearStart', '@yearEnd']
const FUNCS = ['geoDistance(', 'strftime(']

function fieldPaths(collection, prefix, depth) {
  const out = []
  for (const f of collection?.fields ?? []) {
    if (f.type === 'password' || f.name === 'tokenKey') continue
    out.push(prefix + f.name)
    if (f.type === 'relation' && depth > 0) {
      out.push(...fieldPaths(findCollection(f.collectionId), prefix + f.name + '.', depth - 1))
    }
  }
  return out
}

/** Every completion for a rule of collection (fields, @request.*, @collection.*, macros). */
export function completions(collection, { fieldsOnly = false } = {}) {
  const list = fieldPaths(collection, '', 1)
  if (fieldsOnly) return [...list, ...MACROS]
  const authCols = store.list.filter((c) => c.type === 'auth')
  const auth = new Set(['@request.auth.id', '@request.auth.collectionName', '@request.auth.collectionId'])
  for (const c of authCols) for (const p of fieldPaths(c, '@request.auth.', 0)) auth.add(p)
  list.push(...auth)
  list.push(...fieldPaths(collection, '@request.body.', 0))
  list.push('@request.method', '@request.context', '@request.query.', '@request.headers.')
  for (const c of store.list) list.push(...fieldPaths(c, `@collection.${c.name}.`, 0))
  list.push(...MACROS, ...FUNCS)
  return list
}

/** The word being typed just before the caret (start index and text). */
export function wordAt(src, caret) {
  let i = caret
  while (i > 0 && /[\w.@:]/.test(src[i - 1])) i--
  return { start: i, word: src.slice(i, caret) }
}

/** Completions for word: modifiers after ":" else prefix matches. */
export function suggest(all, word) {
  if (!word) return []
  const colon = word.lastIndexOf(':')
  if (colon > 0) {
    const base = word.slice(0, colon)
    return MODIFIERS.filter((m) => m.startsWith(word.slice(colon))).map((m) => base + m)
  }
  const w = word.toLowerCase()
  return all.filter((s) => s.toLowerCase().startsWith(w) && s !== word).slice(0, 12)
}
