/**
 * The Scenario select over the built-in library, and the chosen scenario's description. The list
 * of names loads just after the first paint; until then the select holds the open scenario.
 */
import { useId, useState } from 'react';
import { useSandbox } from '../store';
import type { LibraryEntry } from '../store/library';
import { ClampedText } from './ClampedText';
import { lazyValue, useLazyValue } from './lazyValue';
import { PickHint, useConfirmedPick } from './useConfirmedPick';

const loadLibrary = () => import('../store/library');
const libraryList = lazyValue(() => loadLibrary().then((m) => m.LIBRARY));

const SECTIONS: LibraryEntry['section'][] = ['Machines and review cases', 'Worked examples'];
const CUSTOM = '';

/** Picks a library scenario; an imported or shared one shows as "Custom". */
export function ScenarioPicker() {
  const libraryId = useSandbox((s) => s.libraryId);
  const name = useSandbox((s) => s.scenario.name);
  const [loading, setLoading] = useState(false);
  const library = useLazyValue(libraryList);
  const selectId = useId();

  const pick = async (id: string) => {
    if (id === CUSTOM) return;
    setLoading(true);
    try {
      const scenario = await (await loadLibrary()).loadLibraryScenario(id);
      useSandbox.getState().load(scenario, { libraryId: id });
    } catch (e) {
      useSandbox.getState().notify({ kind: 'error', text: `Could not load the scenario: ${String(e)}` });
    } finally {
      setLoading(false);
    }
  };

  const choice = useConfirmedPick(libraryId ?? CUSTOM, (id) => void pick(id));

  return (
    <div className="header-scenario">
      <label htmlFor={selectId}>Scenario</label>
      <select
        id={selectId}
        className="input"
        aria-describedby={DESCRIPTION_ID}
        aria-busy={loading}
        {...choice.props}
      >
        {libraryId === null && <option value={CUSTOM}>Custom: {name ?? 'unnamed scenario'}</option>}
        {libraryId !== null && !library && <option value={libraryId}>{name}</option>}
        {library &&
          SECTIONS.map((section) => (
            <optgroup key={section} label={section}>
              {library
                .filter((e) => e.section === section)
                .map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.name}
                  </option>
                ))}
            </optgroup>
          ))}
      </select>
      <PickHint held={choice.held} />
    </div>
  );
}

const DESCRIPTION_ID = 'scenario-description';

/**
 * The open scenario's description, on the header's second row: after the first row's controls in
 * the page's order too, so that Tab goes along the first row before it comes down to More.
 */
export function ScenarioDescription() {
  const description = useSandbox((s) => s.scenario.description);
  return (
    <div className="header-description">
      <ClampedText
        id={DESCRIPTION_ID}
        className="scenario-description"
        text={description ?? 'No description.'}
      />
    </div>
  );
}
