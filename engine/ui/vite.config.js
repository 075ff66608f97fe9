import { defineConfig } from 'vite'
import { svelte } from '@sveltejs/vite-plugin-svelte'

// The dashboard is served by hookbase at /_/; `npm run dev` proxies the Web API
// to a local `hookbase serve` (HOOKBASE_URL, default http://127.0.0.1:8090).
const target = process.env.HOOKBASE_URL || 'http://127.0.0.1:8090'

export default defineConfig({
  base: '/_/',
  plugins: [svelte()],
  server: {
    proxy: { '/api': { target, changeOrigin: true } },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    // The build is committed and compared in CI: no source maps, stable names.
    sourcemap: false,
    target: 'es2022',
  },
})
