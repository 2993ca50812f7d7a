/** The Machine section's switches (loaded when the section is first opened). */
import { machineDefaults } from '../kernel/machineDefaults';
import type { MachineSpec } from '../kernel/types';
import { CheckField } from './CheckField';
import { Glossed } from './teach/Glossed';
import { nameSuffix, useWorld, useWorldState } from './world';

type Switch = 'ramAbove4G' | 'hwPassThrough' | 'cachingMode' | 'gfxOnlyUnit' | 'dmarPlatformOptIn';

const SWITCHES: { key: Switch; label: string; description: string }[] = [
  { key: 'ramAbove4G', label: 'RAM above 4 GiB', description: 'A 32-bit device cannot reach all of memory.' },
  {
    key: 'hwPassThrough',
    label: 'Hardware pass-through',
    description: 'si_domain needs no 1:1 page tables.',
  },
  {
    key: 'cachingMode',
    label: 'Caching mode (virtual VT-d)',
    description: 'A virtual IOMMU such as QEMU’s; 5.11 and 6.1 turn lazy flushing off.',
  },
  {
    key: 'gfxOnlyUnit',
    label: 'Graphics-only DMAR unit',
    description: 'Display devices sit behind their own VT-d unit (igfx_off ignores it).',
  },
  {
    key: 'dmarPlatformOptIn',
    label: 'Firmware DMA protection opt-in',
    description: 'With an external-facing port, VT-d is forced on; only intel_iommu=off keeps it off.',
  },
];
const DESCRIPTIONS = SWITCHES.map((s) => s.description);

/** One check box per switch, editing the world's draft. */
export default function MachineSwitchList() {
  const { store, side } = useWorld();
  const machine = useWorldState((s) => s.draft.machine);
  const values = machineDefaults(machine);
  const set = (key: Switch, on: boolean) => {
    const current: MachineSpec = store.getState().draft.machine;
    store.getState().editDraft({ machine: { ...current, [key]: on } });
  };
  return SWITCHES.map((s, i) => (
    <CheckField
      key={s.key}
      label={s.label}
      nameSuffix={nameSuffix(side)}
      description={<Glossed text={s.description} after={DESCRIPTIONS.slice(0, i)} />}
      checked={values[s.key]}
      onChange={(on) => set(s.key, on)}
    />
  ));
}
