/** The legend's contents: what colours, borders, edges and markers mean, with glossary terms. */
import { Term } from '../teach/Term';
import './legendBody.css';

// [type class, glossary entry, term, explanation]
const DOMAIN_TYPES = [
  ['identity', 'identity', 'identity', '(pass-through / 1:1)'],
  ['DMA', 'dma-domain', 'DMA', '(translated)'],
  ['DMA-FQ', 'dma-fq', 'DMA-FQ', '(translated, lazy flush)'],
  ['unmanaged', 'unmanaged', 'unmanaged', '(vfio, user space)'],
  ['blocked', 'blocking', 'blocked / blocking', ''],
] as const;

/** The open legend. */
export default function LegendBody() {
  return (
    // biome-ignore lint/a11y/noNoninteractiveTabindex: it scrolls on a short canvas; focusable, keys scroll it (it sits outside React Flow, so the wheel scrolls it, not the zoom)
    <section className="legend-body" aria-label="Legend contents" tabIndex={0}>
      <div className="legend-title">Domains (colour = type)</div>
      <ul>
        {DOMAIN_TYPES.map(([t, entry, term, text]) => (
          <li key={t}>
            <span className={`lg-swatch t-${t}`} />
            <span>
              <Term id={entry}>{term}</Term> {text}
            </span>
          </li>
        ))}
        <li>
          <span className="lg-swatch t-identity lg-si" />
          <span>
            <Term id="si-domain">si_domain</Term> (thick amber border)
          </span>
        </li>
        <li>
          <span className="lg-swatch lg-freed" />
          freed domain (hatched, struck through)
        </li>
        <li>
          <span className="lg-swatch t-identity lg-si lg-unused" />
          unused domain (faint, dashed: nothing goes through it)
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
          <span>
            group → <Term id="default-domain">default domain</Term> (when different)
          </span>
        </li>
        <li>
          <svg className="lg-edge" viewBox="0 0 36 8" aria-hidden="true">
            <line x1="0" y1="4" x2="36" y2="4" className="lg-driver" />
          </svg>
          <span>
            device → its driver's own domain (<Term id="private-domain">private</Term>, driver view)
          </span>
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
          <span className="dma-chip dma-unattached">not attached yet</span>
          <span>no context until its driver's first DMA map</span>
        </li>
        <li>
          <span className="dma-chip dma-none">DMA: none</span>
          <span>never masters the bus (host bridge, bridge, port)</span>
        </li>
        <li>
          <span className="chip chip-deferred">deferred attach</span>
          <span>
            until the first DMA map (<Term id="kdump">kdump</Term>)
          </span>
        </li>
        <li>
          <span className="lg-glow" />
          changed in the last step
        </li>
      </ul>
    </section>
  );
}
