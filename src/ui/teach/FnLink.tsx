/** A kernel function's name, linked to its source in the kernel version being simulated. */
import type { KernelId } from '../../kernel/types';
import { useWorldState } from '../world';
import './term.css';
import { elixirUrl } from '../../teach/elixir';

const TAG_TEXT: Record<KernelId, string> = {
  'v5.1': 'Linux 5.1',
  'v3-sewart': 'Linux 5.1 (the tree the v3 series patched)',
  'v5.3': 'Linux 5.3',
  'v5.7': 'Linux 5.7',
  'v5.8': 'Linux 5.8',
  'v5.11': 'Linux 5.11',
  'v6.1': 'Linux 6.1',
};

/** `fn()` as a link to elixir.bootlin.com; `kernel` defaults to the running machine's. */
export function FnLink({ fn, kernel }: { fn: string; kernel?: KernelId }) {
  const running = useWorldState((s) => s.scenario.kernel);
  const k = kernel ?? running;
  const url = elixirUrl(k, fn);
  if (!url) return <code className="fn">{fn}</code>;
  return (
    <a
      className="fn fn-link"
      href={url}
      target="_blank"
      rel="noopener noreferrer"
      title={`${fn}() in the ${TAG_TEXT[k]} source, on elixir.bootlin.com`}
    >
      <code>{fn}()</code>
    </a>
  );
}
