/** A reference to a domain by id: its name and badge, selectable; "none" when there is none. */
import { selectMachine } from '../store';
import { DomainBadge } from './DomainBadge';
import { SelectLink } from './SelectLink';
import { useWorldState } from './world';
import './inspectorDetail.css';

/** Shows domain `id` of the viewed machine, or `none`. */
export function DomainRef({ id, none = 'none' }: { id: string | null; none?: string }) {
  const dom = useWorldState((s) => (id === null ? undefined : selectMachine(s).domains[id]));
  if (id === null) return <span className="dim">{none}</span>;
  if (!dom) return <span className="mono">{id}</span>;
  return (
    <span className="domain-ref">
      <SelectLink sel={{ kind: 'domain', id }}>
        <span className="mono">{dom.name ? `${dom.name} (${dom.id})` : dom.id}</span>
      </SelectLink>{' '}
      <DomainBadge domain={dom} />
    </span>
  );
}
