import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const repo = path.dirname(fileURLToPath(import.meta.url));

/**
 * The web app. Its root is src/web, but it imports src/contracts and src/domain (types and
 * pure rules shared with the server), so the dev server may read the whole repository.
 * Tests do not use this file: vitest.config.ts has its own projects.
 */
export default defineConfig({
  root: path.join(repo, 'src/web'),
  base: '/',
  plugins: [react()],
  server: {
    port: 5173,
    fs: { allow: [repo] },
    // The Host header is kept (no changeOrigin): the server refuses a public write (login)
    // whose Origin names another host than the request's.
    // Only the server's API: the app's own module `src/web/api/client.ts` is served as /api/client.ts.
    proxy: { '^/api/(v1|integration|health|openapi)': { target: 'http://127.0.0.1:3000' } },
  },
  build: {
    outDir: path.join(repo, 'dist/web'),
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React and the router change rarely: one long-cached chunk.
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 30,
            },
            // Charts are only in pages that show them, which load them lazily.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
          ],
        },
      },
    },
  },
});
