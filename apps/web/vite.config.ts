import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The dashboard is served by the API in production (same origin, strict CSP). In development
 * Vite serves it and forwards `/api` (including the SSE stream) to the API on port 8787, so
 * cookies and the same-origin rules behave as in production.
 */
const apiTarget = process.env.CELLWATCH_API_URL ?? 'http://localhost:8787';

export default defineConfig({
  plugins: [react()],
  server: {
    port: 5173,
    proxy: {
      '/api': {
        target: apiTarget,
        // The API refuses writes whose Origin is not its own; present the API's origin.
        changeOrigin: true,
        // Server-sent events must stream, not be buffered or compressed by the proxy.
        configure: (proxy) => {
          proxy.on('proxyReq', (proxyReq, req) => {
            if (req.headers.accept?.includes('text/event-stream'))
              proxyReq.setHeader('accept-encoding', 'identity');
            if (req.headers.origin) proxyReq.setHeader('origin', apiTarget);
          });
        },
      },
    },
  },
  build: {
    // The CSP allows scripts from this origin only: no inline module-preload polyfill.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
