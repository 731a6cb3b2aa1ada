/**
 * The web app's build: React, bundled by Vite into web/dist, which the Fastify app serves at `/`.
 * Everything the app needs (fonts, the QR decoder's .wasm) is bundled: the bank's server is
 * air-gapped, so nothing may come from a CDN at run time.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { appShellServiceWorker } from './service-worker-plugin.ts';

const webRoot = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: webRoot,
  base: '/',
  publicDir: 'public',
  plugins: [react(), appShellServiceWorker()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The decoder's .wasm (about 1 MB) is a file of its own, fetched only when scanning.
    assetsInlineLimit: 4096,
    chunkSizeWarningLimit: 1200,
  },
  server: {
    // `npx vite --config web/vite.config.ts` for development, with the API from `npm start`.
    proxy: { '/api': 'http://localhost:8080' },
  },
});
