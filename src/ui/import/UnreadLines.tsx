/** The lines of a paste that could not be read, each with its paste, number and reason; as text only. */
import type { UnreadLine } from '../../import/importMachine';

export function UnreadLines({ lines }: { lines: UnreadLine[] }) {
  if (!lines.length) return null;
  // Past the cap one entry stands for the rest: the heading counts them all.
  const total = lines.reduce((n, u) => n + (u.more ?? 1), 0);
  return (
    <details className="import-unread" open={lines.length <= 8}>
      <summary>{total === 1 ? '1 line could not be read' : `${total} lines could not be read`}</summary>
      <ul aria-label="Lines that could not be read">
        {lines.map((u) => (
          <li key={`${u.source}-${u.line}-${u.reason}`}>
            <span className="import-unread-where">
              {u.source} line {u.line}
            </span>{' '}
            {u.reason}
            {u.text && <code className="import-unread-text">{u.text}</code>}
          </li>
        ))}
      </ul>
    </details>
  );
}
