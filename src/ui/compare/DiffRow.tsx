/** One difference of the Differences panel: what differs, each world's side of it, the kernel functions. */
import type { Difference, DifferenceKind } from '../../compare/diff';
import { viaParts } from '../../compare/via';
import { useCompare } from '../../store';

/** How the panel names each kind of difference. */
export const KIND_WORDS: Record<DifferenceKind, string> = {
  partition: 'group',
  'group-type': 'group type',
  domain: 'domain',
  dma: 'DMA',
  'driver-view': 'driver view',
  error: 'answer',
  fault: 'fault',
};

const ABSENT = '—';

function SideValue({ side, value }: { side: string; value: string }) {
  return (
    <span className={`diff-side${value === ABSENT ? ' diff-absent' : ''}`}>
      <span className="diff-side-name">{side}</span> {value}
    </span>
  );
}

/** A row: a toggle button that highlights the difference in both panes. */
export function DiffRow({ diff, diffKey, isNew }: { diff: Difference; diffKey: string; isNew: boolean }) {
  const picked = useCompare((s) => s.picked === diffKey);
  return (
    <li>
      <button
        type="button"
        className={`diff-row diff-${diff.kind}`}
        aria-pressed={picked}
        onClick={() => useCompare.getState().pick(picked ? null : diffKey)}
      >
        <span className="diff-what">
          <span className="diff-kind">{KIND_WORDS[diff.kind]}</span>{' '}
          {diff.devices.length > 0 && <span className="diff-devices mono">{diff.devices.join(' ')} </span>}
          {diff.ended ? (
            <span className="diff-old">ended at this step</span>
          ) : isNew ? (
            <span className="diff-new">new at this step</span>
          ) : (
            <span className="diff-old">since earlier</span>
          )}
        </span>
        <SideValue side="Left" value={diff.left} /> <SideValue side="Right" value={diff.right} />{' '}
        {viaParts(diff.via).map(({ side, fns }) => (
          <span key={side ?? 'both'} className="diff-fns">
            {side && `${side === 'left' ? 'Left' : 'Right'} `}via{' '}
            {fns.map((f, i) => (
              <span key={f}>
                {i > 0 && ', '}
                <code>{f}()</code>
              </span>
            ))}
          </span>
        ))}
      </button>
    </li>
  );
}
