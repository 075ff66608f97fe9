// What the dashboard knows about field types: labels, default options of a
// new field, and which fields a records table shows by default.

export const FIELD_TYPES = [
  ['text', 'Plain text'],
  ['editor', 'Rich editor'],
  ['number', 'Number'],
  ['bool', 'Bool'],
  ['email', 'Email'],
  ['url', 'URL'],
  ['date', 'DateTime'],
  ['autodate', 'Autodate'],
  ['select', 'Select'],
  ['file', 'File'],
  ['relation', 'Relation'],
  ['json', 'JSON'],
  ['geoPoint', 'Geo point'],
  ['password', 'Password'],
]

const DEFAULTS = {
  text: { min: 0, max: 0, pattern: '', autogeneratePattern: '', primaryKey: false },
  editor: { maxSize: 0, convertURLs: false },
  number: { min: null, max: null, onlyInt: false },
  bool: {},
  email: { exceptDomains: [], onlyDomains: [] },
  url: { exceptDomains: [], onlyDomains: [] },
  date: { min: '', max: '' },
  autodate: { onCreate: true, onUpdate: false },
  select: { values: [], maxSelect: 1 },
  file: { maxSelect: 1, maxSize: 0, mimeTypes: [], thumbs: [], protected: false },
  relation: { collectionId: '', cascadeDelete: false, minSelect: 0, maxSelect: 1 },
  json: { maxSize: 0 },
  geoPoint: {},
  password: { min: 8, max: 0, pattern: '', cost: 0 },
}

export function newField(type, name) {
  return {
    name,
    type,
    required: false,
    hidden: false,
    presentable: false,
    system: false,
    ...structuredClone(DEFAULTS[type] ?? {}),
    // Tracked only in the dashboard (to keep new rows apart); removed on save.
    _key: Math.random().toString(36).slice(2),
  }
}

export function isMulti(field) {
  return (field.type === 'select' || field.type === 'file' || field.type === 'relation') && (field.maxSelect || 1) > 1
}

const HIDDEN_COLUMNS = new Set(['password', 'tokenKey'])

/** Fields a records table can show (not secrets). */
export function tableFields(collection) {
  return (collection?.fields ?? []).filter((f) => !HIDDEN_COLUMNS.has(f.name) && f.type !== 'password')
}

/** The field whose value names a record in relation cells and pickers. */
export function titleField(collection) {
  const fields = collection?.fields ?? []
  return (
    fields.find((f) => f.presentable) ||
    fields.find((f) => ['name', 'title', 'email', 'username', 'label'].includes(f.name)) ||
    fields.find((f) => f.type === 'text' && !f.primaryKey) ||
    fields.find((f) => f.name === 'id')
  )
}

/** Local display of a stored "2006-01-02 15:04:05.000Z" date. */
export function localDate(value) {
  if (!value) return ''
  const d = new Date(String(value).replace(' ', 'T'))
  return isNaN(d) ? String(value) : d.toLocaleString()
}

/** datetime-local input value (local time) from a stored UTC date. */
export function toLocalInput(value) {
  if (!value) return ''
  const d = new Date(String(value).replace(' ', 'T'))
  if (isNaN(d)) return ''
  const p = (n) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** The stored UTC form of a datetime-local input value. */
export function fromLocalInput(value) {
  if (!value) return ''
  const d = new Date(value)
  return isNaN(d) ? '' : d.toISOString().replace('T', ' ')
}
