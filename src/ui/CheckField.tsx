/** A checkbox whose accessible name is exactly its label; the description is announced separately. */
import { type ReactNode, useId } from 'react';

interface Props {
  label: string;
  /** Added to the accessible name, not shown: " (left)" in a comparison's pane. */
  nameSuffix?: string;
  description?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** A labelled checkbox with an optional description under the label. */
export function CheckField({ label, nameSuffix, description, checked, onChange }: Props) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        aria-label={nameSuffix ? label + nameSuffix : undefined}
        aria-describedby={description ? `${id}-desc` : undefined}
        onChange={(e) => onChange(e.target.checked)}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {description && (
          <p id={`${id}-desc`} className="hint">
            {description}
          </p>
        )}
      </div>
    </div>
  );
}
