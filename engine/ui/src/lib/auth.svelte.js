import { pb, isSuperuser, SUPERUSERS } from './pb.js'

export const session = $state({ ok: isSuperuser(), email: pb.authStore.record?.email ?? '' })

pb.authStore.onChange(() => {
  session.ok = isSuperuser()
  session.email = pb.authStore.record?.email ?? ''
})

function tokenExp() {
  try {
    const payload = JSON.parse(atob(pb.authStore.token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/')))
    return (payload.exp || 0) * 1000
  } catch {
    return 0
  }
}

export async function refresh() {
  if (!pb.authStore.isValid) return
  try {
    await pb.collection(SUPERUSERS).authRefresh({ requestKey: null })
  } catch (err) {
    if (err?.status === 401 || err?.status === 403 || err?.status === 404) pb.authStore.clear()
  }
}

// Refresh the token once it has less than a fifth of a (default 14 days)
// lifetime or ten minutes left, whichever comes first.
let timer
export function keepFresh() {
  clearInterval(timer)
  timer = setInterval(() => {
    const left = tokenExp() - Date.now()
    if (pb.authStore.isValid && left < 10 * 60 * 1000) refresh()
  }, 60 * 1000)
}

export function logout() {
  pb.authStore.clear()
}

// Any 401 from the API means the session is gone.
pb.afterSend = (response, data) => {
  if (response.status === 401 && pb.authStore.token) pb.authStore.clear()
  return data
}
