/**
 * Build of the three Electron targets. The main build also produces the
 * `briefing` CLI and the browser-mode server, so every host ships from one build.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// ESM-only libraries are bundled into main (lowdb), and so are the small ones every
// start loads (zod's hundreds of modules cost ~50 ms to resolve); the rest stay in node_modules.
const bundled = ['lowdb', 'steno', 'zod', 'approx-string-match', 'diff'];

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      externalizeDeps: { exclude: bundled },
      rollupOptions: {
        input: {
          index: resolve('src-main/electron/main.ts'),
          cli: resolve('src-main/cli/main.ts'),
          'import-worker': resolve('src-main/core/import/worker.ts'),
          'search-worker': resolve('src-main/core/search/build-worker.ts'),
        },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require nothing but 'electron': bundle everything it uses.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src-main/preload/index.ts') },
        // Sandboxed preloads must be CommonJS.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'src-renderer',
    // The app icon's PNG sizes (resources/icons), copied beside index.html as its favicons:
    // the browser-mode app window and tabs show the app's icon.
    publicDir: resolve('resources/icons'),
    build: {
      outDir: 'out/renderer',
      rollupOptions: { input: resolve('src-renderer/index.html') },
    },
    plugins: [react()],
  },
});
