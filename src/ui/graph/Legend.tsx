/** What the graph's colours, borders, edge styles and markers mean; collapsible. */
import './legend.css';
import { memo } from 'react';

const DOMAIN_TYPES = [
  ['identity', 'identity (pass-through / 1:1)'],
  ['DMA', 'DMA (translated)'],
  ['DMA-FQ', 'DMA-FQ (translated, lazy flush)'],
  ['unmanaged', 'unmanaged (vfio, user space)'],
  ['blocked', 'blocked / blocking'],
] as const;

/** The legend panel (a region named "Legend"), open or folded to its button. */
export const Legend = memo(function Legend({
  open,
  setOpen,
}: {
  open: boolean;
  setOpen(open: boolean): void;
}) {
  return (
    <section className="graph-legend" aria-label="Legend">
      <button type="button" className="legend-toggle" aria-expanded={open} onClick={() => setOpen(!open)}>
        Legend {open ? '▾' : '▸'}
      </button>
      {open && (
        <div className="legend-body">
          <div className="legend-title">Domains (colour = type)</div>
          <ul>
            {DOMAIN_TYPES.map(([t, text]) => (
              <li key={t}>
                <span className={`lg-swatch t-${t}`} />
                {text}
              </li>
            ))}
            <li>
              <span className="lg-swatch t-identity lg-si" />
              si_domain (thick amber border)
            </li>
            <li>
              <span className="lg-swatch lg-freed" />
              freed domain (hatched, struck through)
            </li>
          </ul>
          <div className="legend-title">Edges</div>
          <ul>
            <li>
              <svg className="lg-edge" viewBox="0 0 36 8" aria-hidden="true">
                <line x1="0" y1="4" x2="36" y2="4" className="lg-current" />
              </svg>
              group → its domain now (in the domain's colour)
            </li>
            <li>
              <svg className="lg-edge" viewBox="0 0 36 8" aria-hidden="true">
                <line x1="0" y1="4" x2="36" y2="4" className="lg-default" />
              </svg>
              group → default domain (when different)
            </li>
            <li>
              <svg className="lg-edge" viewBox="0 0 36 8" aria-hidden="true">
                <line x1="0" y1="4" x2="36" y2="4" className="lg-driver" />
              </svg>
              device → its driver's own domain (private, driver view)
            </li>
            <li>
              <svg className="lg-edge" viewBox="0 0 36 8" aria-hidden="true">
                <line x1="0" y1="4" x2="36" y2="4" className="lg-topology" />
              </svg>
              PCI topology (bridge → device)
            </li>
          </ul>
          <div className="legend-title">Devices and markers</div>
          <ul>
            <li>
              <span className="lg-device" />
              stripe: what the device's DMA does now
            </li>
            <li>
              <span className="lg-fault">!</span>
              fault (red border and badge)
            </li>
            <li>
              <span className="chip chip-deferred">deferred attach</span> until the first DMA map (kdump)
            </li>
            <li>
              <span className="lg-glow" />
              changed in the last step
            </li>
          </ul>
        </div>
      )}
    </section>
  );
});
