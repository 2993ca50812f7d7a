/** A coloured badge for a domain type, in the colours the graph uses. */

/** A badge: `type` picks the colour (theme.css .t-*), `text` what it says. */
export function TypeBadge({ type, text, freed = false }: { type: string; text?: string; freed?: boolean }) {
  return <span className={`badge ${freed ? 't-freed' : `t-${type}`}`}>{text ?? type}</span>;
}
