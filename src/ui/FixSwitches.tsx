/** One checkbox per review fix that means something on the kernel being configured. */
import { useShallow } from 'zustand/react/shallow';
import { fixesFor, resolveFixes } from '../kernel/fixes';
import { useSandbox } from '../store';
import { CheckField } from './CheckField';

/** The review fixes of the draft kernel, each named by its title. */
export function FixSwitches() {
  const kernel = useSandbox((s) => s.draft.kernel);
  const given = useSandbox(useShallow((s) => s.draft.fixes));
  const fixes = fixesFor(kernel);
  if (fixes.length === 0) return null;
  const on = resolveFixes(kernel, given);
  return (
    <fieldset className="fieldset">
      <legend className="field-label">Review fixes</legend>
      {fixes.map((f) => (
        <CheckField
          key={f.id}
          label={f.title}
          checked={on[f.id]}
          description={
            <>
              <code>{f.catalogue}</code> ·{' '}
              {f.onIn.includes(kernel) ? 'shipped in this kernel' : 'not in this kernel'} · without it:{' '}
              {f.without}
            </>
          }
          onChange={(checked) => {
            const draft = useSandbox.getState().draft;
            useSandbox.getState().editDraft({ fixes: { ...draft.fixes, [f.id]: checked } });
          }}
        />
      ))}
    </fieldset>
  );
}
