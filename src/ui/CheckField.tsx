/** A checkbox whose accessible name is exactly its label; the description is announced separately. */
import { type ReactNode, useId } from 'react';

interface Props {
  label: string;
  description?: ReactNode;
  checked: boolean;
  onChange(checked: boolean): void;
}

/** A labelled checkbox with an optional description under the label. */
export function CheckField({ label, description, checked, onChange }: Props) {
  const id = useId();
  return (
    <div className="check">
      <input
        id={id}
        type="checkbox"
        checked={checked}
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
