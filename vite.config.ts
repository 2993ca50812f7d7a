import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import type { Plugin } from 'vite';
import { defineConfig } from 'vitest/config';
import { precomputedRun } from './scripts/precomputed-run.ts';
import { trimFlowCss } from './scripts/trim-flow-css.ts';
import { trimFlowErrorsPlugin } from './scripts/trim-flow-errors.ts';

/** The page's entry module (index.html loads it) and the component it renders. */
const ENTRY = /src[\\/](main|ui[\\/]App)\.tsx$/;
/** The lazily imported graph canvas, which the first view shows (src/ui/GraphSlot.tsx). */
const GRAPH_VIEW = /src[\\/]ui[\\/]graph[\\/]GraphView\.tsx$/;

/**
 * Lets the browser fetch the graph canvas's chunk and CSS while the entry downloads, instead of
 * only once the entry has run and asked for it: the graph is part of the first view.
 */
function preloadGraphView(): Plugin {
  let base = '/';
  return {
    name: 'preload-graph-view',
    apply: 'build',
    configResolved(config) {
      base = config.base;
    },
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunk = Object.values(ctx.bundle ?? {}).find(
          (c) => c.type === 'chunk' && c.facadeModuleId !== null && GRAPH_VIEW.test(c.facadeModuleId),
        );
        if (chunk?.type !== 'chunk') return [];
        const css = [...(chunk.viteMetadata?.importedCss ?? [])];
        return [
          {
            tag: 'link',
            attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${chunk.fileName}` },
          },
          ...css.map((href) => ({
            tag: 'link',
            attrs: { rel: 'preload', as: 'style', crossorigin: true, href: `${base}${href}` },
          })),
        ].map((t) => ({ ...t, injectTo: 'head' as const }));
      },
    },
  };
}

export default defineConfig({
  plugins: [react(), preloadGraphView(), precomputedRun(), trimFlowCss(), trimFlowErrorsPlugin()],
  resolve: {
    alias: {
      // zustand (ours, and React Flow's own copy) reads stores through the shim for React before 18;
      // React 19 has useSyncExternalStore, which the shim only forwards to: about 300 bytes gzip
      // less on the first load.
      'use-sync-external-store/shim/with-selector.js': 'use-sync-external-store/with-selector.js',
      // React Flow never tweens a colour (src/shims/d3-color.ts): ~3.7 KiB gzip less.
      'd3-color': fileURLToPath(new URL('./src/shims/d3-color.ts', import.meta.url)),
    },
  },
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    // scripts/bundle-size.mjs reads what the first view loads from the manifest.
    manifest: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          // What the entry imports statically in two chunks (libraries, our code) rather than the
          // ten small ones the automatic split made: fewer requests, and gzip compresses the whole
          // better (about 3 KiB less). The entry (main.tsx, App.tsx) stays a chunk of its own: it
          // awaits lazy chunks (the share link's validator) at top level, and those must not
          // import the very chunk that is waiting for them.
          groups: [
            { name: 'vendor', tags: ['$initial'], test: /node_modules/ },
            { name: 'app', tags: ['$initial'], test: (id) => /[\\/]src[\\/]/.test(id) && !ENTRY.test(id) },
          ],
        },
      },
    },
  },
  test: {
    include: ['src/**/*.test.{ts,tsx}', 'scripts/**/*.test.ts'],
    environment: 'node',
    setupFiles: ['src/store/vitest.setup.ts'],
    // Component tests opt into jsdom with a `// @vitest-environment jsdom` header.
    pool: 'threads',
  },
});
