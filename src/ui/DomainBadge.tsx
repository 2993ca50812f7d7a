/** A domain's type badge: 6.1's blocking domain is grey whatever its Intel type; freed is dashed. */
import type { Domain } from '../kernel/types';
import { domainTypeText } from './describe';
import { TypeBadge } from './TypeBadge';

/** The badge for one domain. */
export function DomainBadge({ domain }: { domain: Domain }) {
  const type = domain.kind === 'blocking' ? 'blocked' : domain.type;
  const text = domain.freed ? `${domainTypeText(domain)} · freed` : domainTypeText(domain);
  return <TypeBadge type={type} text={text} freed={domain.freed} />;
}
