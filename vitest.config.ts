/**
 * Test projects: unit (node) for common/core/hosts, components (jsdom) for
 * the renderer, e2e (real Chromium against browser mode) and the Electron
 * smoke test. `npm test` runs them all after a build.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// Every process the tests start (CLI, browser-mode server, the app) logs here, not in the user's data folder.
process.env.BRIEFING_DESK_LOG_DIR ??= join(tmpdir(), 'briefing-desk-test-logs');

export default defineConfig({
  test: {
    reporters: ['default', './tests/summary-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          environment: 'node',
          include: ['src-main/**/*.test.ts', 'tests/unit/**/*.test.ts', 'bench/**/*.test.ts'],
          testTimeout: 30_000,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'components',
          environment: 'jsdom',
          // tests/renderer: renderer modules driven by a real core in-process (they need Node, so they live outside src-renderer).
          include: ['src-renderer/**/*.test.tsx', 'src-renderer/**/*.test.ts', 'tests/renderer/**/*.test.ts'],
        },
      },
      {
        test: {
          name: 'e2e',
          environment: 'node',
          include: ['tests/e2e/**/*.test.ts', 'tests/electron/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          // One file at a time, in a group of its own that starts after the unit and component files
          // are done (vitest puts a project with one worker and no groupOrder there): each file's
          // server, Chromium and background work (a search index build) never share the cores
          // with another file's.
          fileParallelism: false,
          // expect.poll waits on the page's real state; a loaded machine can take longer than
          // vitest's default second to reload, page or save, so a poll gives up after 30 s.
          expect: { poll: { timeout: 30_000, interval: 50 } },
        },
      },
    ],
  },
});
