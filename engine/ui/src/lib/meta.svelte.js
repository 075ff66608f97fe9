import { pb } from './pb.js'

// settings.meta that the whole dashboard uses: the app name in the title and
// hideControls (no collection create/edit buttons, as in PocketBase).
export const meta = $state({ appName: '', hideControls: false })

export async function loadMeta() {
  try {
    const s = await pb.settings.getAll({ fields: 'meta', requestKey: null })
    setMeta(s.meta)
  } catch {
    // not fatal: the dashboard works without them
  }
}

export function setMeta(m) {
  meta.appName = m?.appName ?? ''
  meta.hideControls = !!m?.hideControls
  document.title = meta.appName ? `${meta.appName} – hookbase` : 'hookbase'
}
