/** The bar over the two panes: the comparison shown and what can be taken away from it. */
import { useEffect, useState } from 'react';
import { useCompare, useSandbox } from '../../store';
import { COMPARISONS } from '../../store/comparisons';
import { comparisonDescription } from '../../store/loadComparison';
import { ClampedText } from '../ClampedText';
import { SETTINGS_ID } from './CompareConfig';
import { ExportImage } from './ExportImage';
import { ReviewSummary } from './ReviewSummary';
import { useViewsLinked } from './viewLink';

/** The description of the comparison shown, once its file has been read. */
function useDescription(id: string | null): string {
  const [text, setText] = useState({ id, text: '' });
  useEffect(() => {
    if (!id) return;
    let live = true;
    comparisonDescription(id).then((t) => {
      if (live) setText({ id, text: t });
    });
    return () => {
      live = false;
    };
  }, [id]);
  return text.id === id ? text.text : '';
}

/** The switch of the panes' linked views (viewLink.ts). */
function LinkViews() {
  const on = useViewsLinked((s) => s.on);
  return (
    <label className="link-views">
      <input type="checkbox" checked={on} onChange={(e) => useViewsLinked.getState().set(e.target.checked)} />
      Link views
    </label>
  );
}

/**
 * The comparison's name and description, the switch that links the panes' views, Copy review summary, Export image, and the switch that
 * folds the settings column away (on a projector the panes need its width more than the settings).
 */
export function CompareBar({ settings, onToggleSettings }: { settings: boolean; onToggleSettings(): void }) {
  const id = useCompare((s) => s.comparisonId);
  const entry = COMPARISONS.find((c) => c.id === id);
  const described = useDescription(entry ? entry.id : null);
  const scenario = useSandbox((s) => s.scenario.name);
  const about = useSandbox((s) => s.scenario.description);
  const description = entry
    ? described
    : `${about ?? ''} Set each side’s kernel, fixes and command line, then Boot.`;
  return (
    <div className="panel compare-bar area-bar">
      <div className="compare-about">
        <strong className="compare-name">
          {entry ? entry.name : `Your comparison: ${scenario ?? 'unnamed'}`}
        </strong>
        <div className="compare-description-row">
          <ClampedText className="compare-description" text={description} />
        </div>
      </div>
      <div className="compare-actions">
        <button
          type="button"
          className="btn"
          aria-expanded={settings}
          aria-controls={SETTINGS_ID}
          onClick={onToggleSettings}
        >
          {settings ? 'Hide settings' : 'Show settings'}
        </button>
        <LinkViews />
        <ReviewSummary />
        <ExportImage />
      </div>
    </div>
  );
}
