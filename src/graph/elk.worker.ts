/**
 * The ELK layout engine in a web worker, so laying out a big machine never blocks the page and
 * elkjs (1.6 MB) stays out of the first-load bundle. Protocol: { id, graph } → { id, result | error }.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import type { ElkNode } from 'elkjs/lib/elk-api';

// Constructed before our handler is installed: in a worker, elk's bundled fake worker claims
// self.onmessage for its own protocol when it starts, and ours must win.
const elk = new ELK();

self.onmessage = async (e: MessageEvent<{ id: number; graph: ElkNode }>) => {
  const { id, graph } = e.data;
  try {
    const result = await elk.layout(graph);
    self.postMessage({ id, result });
  } catch (err) {
    self.postMessage({ id, error: err instanceof Error ? err.message : String(err) });
  }
};
