/** The Add device dialog: a hot-plug form, checked field by field before anything is added. */
import { useId, useState } from 'react';
import { isBridge, typeName } from '../kernel/deviceTypes';
import { DEVICE_TYPES, type DeviceSpec, type Step } from '../kernel/types';
import { selectMachine, useSandbox } from '../store';
import { FIELD_HELP, TYPE_HELP } from './addDeviceHelp';
import { CheckField } from './CheckField';
import { DialogButtons } from './DialogButtons';
import { FormField } from './FormField';
import {
  checkNewDevice,
  EMPTY_FORM,
  type FormErrors,
  type NewDeviceForm,
  suggestBdf,
  toSpec,
} from './newDevice';
import { useModal } from './useModal';
import './addDevice.css';

/** The BDF field's hint: the free address for the chosen parent, and what it takes. */
function bdfHint(parent: string, suggestion: string): string {
  const where = parent ? `below ${parent}` : 'on the root bus';
  // Below a PCIe port whose link already reaches a device, only another function of it fits.
  const fn = suggestion.endsWith('.0') ? '' : ' (another function of its device: tick Multifunction)';
  return `${FIELD_HELP.bdf}; free ${where}: ${suggestion}${fn}, used if left empty`;
}

/** The modal form: `act` takes the hot-add step; `onClose` is called after Add or Cancel. */
export function AddDeviceDialog({ act, onClose }: { act(step: Step): void; onClose(): void }) {
  const ref = useModal();
  const devices = useSandbox((s) => selectMachine(s).devices);
  const [form, setForm] = useState<NewDeviceForm>(EMPTY_FORM);
  const [errors, setErrors] = useState<FormErrors>({});
  const id = useId();
  const present: DeviceSpec[] = Object.values(devices).map((d) => d.spec);
  const bridges = present.filter(isBridge);
  const removed = useSandbox((s) => selectMachine(s).removed);
  const suggestion = suggestBdf(form.parent, present, removed);

  const set = <K extends keyof NewDeviceForm>(key: K, value: NewDeviceForm[K]) =>
    setForm((f) => ({ ...f, [key]: value }));
  const submit = () => {
    // An empty address takes the one suggested in its placeholder, Multifunction ticked as its
    // hint asks when that is another function of a device.
    const filled =
      form.bdf.trim() === ''
        ? { ...form, bdf: suggestion, multifunction: form.multifunction || !suggestion.endsWith('.0') }
        : form;
    if (filled !== form) setForm(filled);
    const found = checkNewDevice(filled, present);
    setErrors(found);
    if (Object.keys(found).length > 0) {
      // The first field to mend, scrolled into the dialog's view (with its hints the form is taller
      // than a laptop's dialog, and Add, which kept focus, is at its foot).
      requestAnimationFrame(() => ref.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    act({ op: 'hot-add', device: toSpec(filled) });
    onClose();
  };
  const field = (key: keyof NewDeviceForm, label: string, hint?: string) => ({
    id: `${id}-${key}`,
    label,
    hint,
    error: errors[key],
  });

  return (
    <dialog ref={ref} className="dialog" aria-labelledby={`${id}-title`} onClose={onClose} onCancel={onClose}>
      <form
        method="dialog"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          submit();
        }}
      >
        <h2 id={`${id}-title`} className="dialog-title">
          Add device (hot-plug)
        </h2>
        <div className="dialog-grid">
          <FormField {...field('bdf', 'BDF', bdfHint(form.parent, suggestion))}>
            {(p) => (
              <input
                {...p}
                placeholder={suggestion}
                className="input mono"
                value={form.bdf}
                onChange={(e) => set('bdf', e.target.value)}
              />
            )}
          </FormField>
          <FormField {...field('type', 'Type', TYPE_HELP[form.type])}>
            {(p) => (
              <select
                {...p}
                className="input"
                value={form.type}
                onChange={(e) => set('type', e.target.value as NewDeviceForm['type'])}
              >
                {DEVICE_TYPES.map((t) => (
                  <option key={t} value={t}>
                    {typeName(t)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField {...field('parent', 'Parent', FIELD_HELP.parent)}>
            {(p) => (
              <select
                {...p}
                className="input"
                value={form.parent}
                onChange={(e) => set('parent', e.target.value)}
              >
                <option value="">(root bus)</option>
                {bridges.map((b) => (
                  <option key={b.bdf} value={b.bdf}>
                    {b.bdf} {b.label ?? typeName(b.type)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
          <FormField {...field('label', 'Label', FIELD_HELP.label)}>
            {(p) => (
              <input
                {...p}
                className="input"
                value={form.label}
                onChange={(e) => set('label', e.target.value)}
              />
            )}
          </FormField>
          <FormField {...field('class', 'Class', FIELD_HELP.class)}>
            {(p) => (
              <input
                {...p}
                className="input mono"
                value={form.class}
                onChange={(e) => set('class', e.target.value)}
              />
            )}
          </FormField>
          <FormField {...field('vendor', 'Vendor', FIELD_HELP.vendor)}>
            {(p) => (
              <input
                {...p}
                className="input mono"
                value={form.vendor}
                onChange={(e) => set('vendor', e.target.value)}
              />
            )}
          </FormField>
          <FormField {...field('driver', 'Driver name', FIELD_HELP.driver)}>
            {(p) => (
              <input
                {...p}
                className="input mono"
                value={form.driver}
                onChange={(e) => set('driver', e.target.value)}
              />
            )}
          </FormField>
          <FormField {...field('dmaMask', 'DMA mask (bits)', FIELD_HELP.dmaMask)}>
            {(p) => (
              <input
                {...p}
                className="input mono"
                inputMode="numeric"
                value={form.dmaMask}
                onChange={(e) => set('dmaMask', e.target.value)}
              />
            )}
          </FormField>
        </div>
        <div className="dialog-checks">
          <CheckField
            label="Multifunction"
            description={FIELD_HELP.multifunction}
            checked={form.multifunction}
            onChange={(v) => set('multifunction', v)}
          />
          <CheckField
            label="External-facing"
            description={FIELD_HELP.externalFacing}
            checked={form.externalFacing}
            onChange={(v) => set('externalFacing', v)}
          />
          <CheckField
            label="RMRR"
            description={FIELD_HELP.rmrr}
            checked={form.rmrr}
            onChange={(v) => set('rmrr', v)}
          />
          {/* Lesson 2 is about the port above a card: this box is easily read as the slot's ACS. */}
          <CheckField
            label="ACS"
            description="The new device’s own ACS capability. It counts when the device is a root or downstream port (isolating what is plugged in below it) or has several functions (isolating them from each other); it does not give the port above it ACS."
            checked={form.acs}
            onChange={(v) => set('acs', v)}
          />
        </div>
        <DialogButtons submit="Add" onCancel={onClose} />
      </form>
    </dialog>
  );
}
