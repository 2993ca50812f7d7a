/** Warns that acting while viewing an earlier step replaces the steps after it (Undo restores them). */
import { useSandbox } from '../store';

/** The hint, shown only when there are later steps. */
export function StaleStepsHint({ className = '' }: { className?: string }) {
  const later = useSandbox((s) => s.runs.length - 1 - s.cursor);
  if (later <= 0) return null;
  return (
    <p className={`hint ${className}`.trim()}>
      You are viewing an earlier step: an action here replaces the {later} later step{later > 1 ? 's' : ''}{' '}
      (Undo brings {later > 1 ? 'them' : 'it'} back).
    </p>
  );
}
