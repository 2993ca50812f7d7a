/**
 * The facts of the selected object as a two-column table: a row header (the term) and its value.
 * A table rather than a <dl>: row headers name each value for screen readers and tests alike.
 */
import type { ReactNode } from 'react';
import { Term } from './teach/Term';
import './inspectorDetail.css';

/** One fact; `hidden` rows are left out (a fact that does not apply to this kernel). */
export interface Fact {
  term: string;
  value: ReactNode;
  hidden?: boolean;
  /** The glossary entry that explains the term (its sentence shows on hover and focus). */
  glossary?: string;
}

/** The facts, labelled `label` ("Device facts"). */
export function Facts({ facts, label }: { facts: Fact[]; label: string }) {
  return (
    <table className="facts-table" aria-label={label}>
      <tbody>
        {facts
          .filter((f) => !f.hidden)
          .map((f) => (
            <tr key={f.term}>
              <th scope="row">{f.glossary ? <Term id={f.glossary}>{f.term}</Term> : f.term}</th>
              <td>{f.value}</td>
            </tr>
          ))}
      </tbody>
    </table>
  );
}
