/**
 * Vitest: the core is loaded before every test file, so the store's actions take effect at once, as
 * they do in the page once the core's code is there (src/store/core.ts). Tests of the wait before
 * that reset the modules.
 */
import { loadCore } from './core';

await loadCore();

// jsdom has no ResizeObserver, which React Flow's canvas uses once it mounts: a test that renders
// the whole App may see the lazily loaded graph arrive while it runs. Nothing is ever resized there.
if (typeof window !== 'undefined' && !('ResizeObserver' in globalThis)) {
  globalThis.ResizeObserver = class {
    observe(): void {}
    unobserve(): void {}
    disconnect(): void {}
  };
}

// Nor SVG geometry, which React Flow measures edge labels with: now that nodes come with their
// sizes, a graph that arrives during a test draws its edges at once.
if (typeof window !== 'undefined' && !('getBBox' in SVGElement.prototype)) {
  Object.defineProperty(SVGElement.prototype, 'getBBox', {
    value: () => ({ x: 0, y: 0, width: 0, height: 0 }),
  });
}
