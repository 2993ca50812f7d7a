/** One checkbox per review fix that means something on the kernel being configured. */
import { useShallow } from 'zustand/react/shallow';
import { fixesFor, resolveFixes } from '../kernel/fixes';
import { CheckField } from './CheckField';
import { Glossed } from './teach/Glossed';
import { Term } from './teach/Term';
import { nameSuffix, useWorld, useWorldState } from './world';

/** The review fixes of the draft kernel, each named by its title and by the name files and the CLI use. */
export function FixSwitches() {
  const { store, side } = useWorld();
  const kernel = useWorldState((s) => s.draft.kernel);
  const given = useWorldState(useShallow((s) => s.draft.fixes));
  const fixes = fixesFor(kernel);
  if (fixes.length === 0) return null;
  const on = resolveFixes(kernel, given);
  const withouts = fixes.map((f) => f.without);
  return (
    <fieldset className="fieldset">
      <legend className="field-label">
        <Term id="review-fix">Review fixes</Term>
      </legend>
      {fixes.map((f, i) => (
        <CheckField
          key={f.id}
          label={f.title}
          nameSuffix={nameSuffix(side)}
          checked={on[f.id]}
          description={
            // The sentence before the name: folded to two lines, the caption still says what the switch does.
            <>
              {f.onIn.includes(kernel) ? 'Shipped in this kernel' : 'Not in this kernel'}; without it,{' '}
              <Glossed text={f.without} after={withouts.slice(0, i)} /> · <code>{f.id}</code>
            </>
          }
          onChange={(checked) => {
            const draft = store.getState().draft;
            store.getState().editDraft({ fixes: { ...draft.fixes, [f.id]: checked } });
          }}
        />
      ))}
    </fieldset>
  );
}
