/** What can be done to a device: bind (with a driver and DMA mask), unbind, DMA, remove, request a domain. */
import { useId, useState } from 'react';
import type { DriverSpec, Step } from '../kernel/types';
import { has } from '../kernel/versions';
import { selectMachine, useCompare, useSandbox } from '../store';
import { keepFocusInInspector } from './SelectLink';
import { StaleStepsHint } from './StaleStepsHint';
import './inspectorDetail.css';

const MANAGED = ['vfio-pci', 'pci-stub', 'pcieport'];

/** The bind step the form describes: the device's own driver stays implicit, as a scenario writes it. */
export function bindStep(
  device: string,
  own: DriverSpec | null | undefined,
  name: string,
  mask: number,
): Step {
  const n = name.trim();
  if (n === '' || (own && own.name === n && (own.dmaMask ?? 64) === mask)) return { op: 'bind', device };
  // DMA-managing drivers take no mask; the core knows them by name.
  if (MANAGED.includes(n)) return { op: 'bind', device, driver: n };
  return { op: 'bind', device, driver: { name: n, dmaMask: mask } };
}

/** The device's action buttons; every one is a scenario step given to store.act. */
export function DeviceActions({ bdf }: { bdf: string }) {
  const own = useSandbox((s) => selectMachine(s).devices[bdf]?.spec.driver);
  const bound = useSandbox((s) => selectMachine(s).devices[bdf]?.driver);
  const [name, setName] = useState(bound?.name ?? own?.name ?? '');
  const [mask, setMask] = useState(String(bound?.dmaMask ?? own?.dmaMask ?? 64));
  const id = useId();
  const act = (step: Step) => useSandbox.getState().act(step);
  // iommu_request_dm_for_dev() and its DMA twin exist in 5.3–5.7 only; a comparison keeps them,
  // since asking a kernel without them is part of what it compares.
  const kernel = useSandbox((s) => selectMachine(s).kernel);
  const comparing = useCompare((s) => s.on);
  const requests = comparing || has.requestDomain(kernel);
  const maskBits = Number(mask);
  const maskOk = Number.isInteger(maskBits) && maskBits >= 24 && maskBits <= 64;
  return (
    <section className="actions" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="section-title">
        Actions
      </h3>
      <form
        className="bind-form"
        onSubmit={(e) => {
          e.preventDefault();
          if (maskOk) act(bindStep(bdf, own, name, maskBits));
        }}
      >
        <div className="field">
          <label htmlFor={`${id}-driver`}>Driver name</label>
          <input
            id={`${id}-driver`}
            className="input mono"
            value={name}
            list={`${id}-drivers`}
            placeholder="its own driver"
            onChange={(e) => setName(e.target.value)}
          />
          <datalist id={`${id}-drivers`}>
            {[own?.name, 'vfio-pci', 'pci-stub'].filter(Boolean).map((n) => (
              <option key={n} value={n} />
            ))}
          </datalist>
        </div>
        <div className="field field-narrow">
          <label htmlFor={`${id}-mask`}>DMA mask (bits)</label>
          <input
            id={`${id}-mask`}
            className="input mono"
            inputMode="numeric"
            value={mask}
            aria-invalid={!maskOk}
            aria-describedby={maskOk ? undefined : `${id}-mask-error`}
            onChange={(e) => setMask(e.target.value)}
          />
          {!maskOk && (
            <p id={`${id}-mask-error`} className="field-error">
              24 to 64 bits
            </p>
          )}
        </div>
        <button type="submit" className="btn" disabled={!maskOk}>
          Bind driver
        </button>
      </form>
      <div className="action-row">
        {/* Without a driver there is no unbind file to write (a comparison's other world may have
            one). aria-disabled, not disabled: the button that just unbound keeps keyboard focus. */}
        <button
          type="button"
          className="btn"
          aria-disabled={(!bound && !comparing) || undefined}
          aria-describedby={!bound && !comparing ? `${id}-unbound` : undefined}
          onClick={() => (bound || comparing) && act({ op: 'unbind', device: bdf })}
        >
          Unbind driver
        </button>
        {!bound && !comparing && (
          <span id={`${id}-unbound`} className="visually-hidden">
            No driver is bound.
          </span>
        )}
        <button type="button" className="btn" onClick={() => act({ op: 'dma', device: bdf })}>
          First DMA
        </button>
        <button
          type="button"
          className="btn btn-danger"
          // The inspector then says the device is gone, in place of the button that removed it.
          onClick={(e) => keepFocusInInspector(e.currentTarget, () => act({ op: 'hot-remove', device: bdf }))}
        >
          Hot-remove
        </button>
      </div>
      {requests && (
        <div className="action-row">
          <button
            type="button"
            className="btn"
            onClick={() => act({ op: 'request-domain', device: bdf, type: 'identity' })}
          >
            Request identity domain
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => act({ op: 'request-domain', device: bdf, type: 'DMA' })}
          >
            Request DMA domain
          </button>
        </div>
      )}
      <StaleStepsHint />
    </section>
  );
}
