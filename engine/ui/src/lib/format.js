// Number formats shared by the observability pages.

export function bytes(n) {
  n = Number(n) || 0
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let i = 0
  while (n >= 1024 && i < units.length - 1) {
    n /= 1024
    i++
  }
  return `${n.toFixed(i && n < 100 ? 1 : 0)} ${units[i]}`
}

export function ms(v) {
  v = Number(v) || 0
  if (v >= 1000) return `${(v / 1000).toFixed(2)} s`
  if (v >= 10) return `${v.toFixed(0)} ms`
  return `${v.toFixed(v >= 1 ? 1 : 2)} ms`
}

export function num(v, digits = 0) {
  return (Number(v) || 0).toLocaleString(undefined, { maximumFractionDigits: digits })
}

export function rate(v) {
  v = Number(v) || 0
  return `${v.toFixed(v >= 10 ? 0 : v >= 1 ? 1 : 2)}/s`
}

export function duration(seconds) {
  let s = Math.floor(Number(seconds) || 0)
  const d = Math.floor(s / 86400)
  s %= 86400
  const h = Math.floor(s / 3600)
  s %= 3600
  const m = Math.floor(s / 60)
  s %= 60
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : m ? `${m}m ${s}s` : `${s}s`
}

export const clock = (t) => new Date(t).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit', second: '2-digit' })
