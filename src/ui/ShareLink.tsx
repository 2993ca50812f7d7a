/**
 * The Share link button: copies a link that reopens this scenario at this step (in compare mode,
 * with both worlds), and shows it too.
 */
import { useEffect, useId, useState } from 'react';
import { useStore } from 'zustand';
import { rightWorld, useCompare, useSandbox } from '../store';
import { selectDraftChanged } from '../store/draftChanged';

type Status = 'idle' | 'copied' | 'manual';

// The share code (lz-string) is only needed on click; hovering or focusing the button fetches it early.
const loadShare = () => import('../store/shareNow');

/** Share link button, status and a read-only field with the link for browsers without clipboard access. */
export function ShareLink() {
  const [link, setLink] = useState('');
  const [status, setStatus] = useState<Status>('idle');
  const fieldId = useId();
  const scenario = useSandbox((s) => s.scenario);
  const cursor = useSandbox((s) => s.cursor);
  const comparing = useCompare((s) => s.on);
  const right = useCompare((s) => s.right);
  // A link carries what was booted: edits waiting for Boot are not in it, which the status says.
  const pageUnbooted = useSandbox(selectDraftChanged);
  const rightUnbooted = useStore(rightWorld, selectDraftChanged);
  const unbooted = pageUnbooted || (comparing && rightUnbooted);
  const selection = useSandbox((s) => s.selection);
  const logFilter = useSandbox((s) => s.logFilter);
  const rightSelection = useStore(rightWorld, (s) => s.selection);
  const rightLogFilter = useStore(rightWorld, (s) => s.logFilter);
  const onlyDiffering = useCompare((s) => s.onlyDifferingLines);
  // A link made before the last change would share the wrong state: take it away.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset whenever what the link carries changes
  useEffect(() => {
    setLink('');
    setStatus('idle');
  }, [
    scenario,
    cursor,
    comparing,
    right,
    selection,
    logFilter,
    rightSelection,
    rightLogFilter,
    onlyDiffering,
  ]);

  const share = async () => {
    const url = (await loadShare()).shareUrlNow(window.location.href);
    setLink(url);
    try {
      await navigator.clipboard.writeText(url);
      setStatus('copied');
    } catch {
      setStatus('manual');
    }
  };

  return (
    <>
      <button
        type="button"
        className="btn btn-dark"
        onClick={() => void share()}
        onPointerEnter={() => void loadShare()}
        onFocus={() => void loadShare()}
      >
        Share link
      </button>
      <span role="status" className="share-status">
        {status === 'idle' ? '' : status === 'copied' ? 'Link copied' : 'Copy the link'}
        {status !== 'idle' &&
          (unbooted ? ' (settings not booted yet are not in it)' : status === 'manual' ? ':' : '')}
      </span>
      {link && (
        <>
          <label htmlFor={fieldId} className="visually-hidden">
            Share link URL
          </label>
          <input
            id={fieldId}
            className="input share-field mono"
            readOnly
            value={link}
            onFocus={(e) => e.currentTarget.select()}
          />
        </>
      )}
    </>
  );
}
