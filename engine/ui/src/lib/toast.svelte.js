import { errorMessage } from './pb.js'

let nextId = 1
export const toasts = $state([])

export function toast(message, kind = 'ok', ms = 4000) {
  const id = nextId++
  toasts.push({ id, message, kind })
  setTimeout(() => dismiss(id), ms)
}

export function toastError(err) {
  if (err?.isAbort) return
  toast(errorMessage(err), 'error', 7000)
}

export function dismiss(id) {
  const i = toasts.findIndex((t) => t.id === id)
  if (i >= 0) toasts.splice(i, 1)
}
