/** Shared set-up for the component tests: a known scenario in the app's store, nothing selected. */
import type { Scenario } from '../kernel/types';
import { useSandbox } from '../store';

/** A small 6.1 machine: a host bridge, a NIC with e1000e, and two functions that share a group. */
export const SMALL: Scenario = {
  format: 'iommu-sandbox/scenario@1',
  name: 'Small test machine',
  kernel: 'v6.1',
  cmdline: '',
  devices: [
    { bdf: '00:00.0', type: 'host-bridge' },
    {
      bdf: '00:02.0',
      type: 'rc-endpoint',
      label: 'nic',
      class: '0200',
      driver: { name: 'e1000e', dmaMask: 64 },
    },
    { bdf: '00:1c.0', type: 'root-port', acs: true, driver: { name: 'pcieport' } },
    {
      bdf: '01:00.0',
      type: 'endpoint',
      parent: '00:1c.0',
      multifunction: true,
      label: 'f0',
      driver: { name: 'igb' },
    },
    {
      bdf: '01:00.1',
      type: 'endpoint',
      parent: '00:1c.0',
      multifunction: true,
      label: 'f1',
      driver: { name: 'igb' },
    },
  ],
  steps: [{ op: 'boot' }],
};

/** Puts `s` (default SMALL) in the store as if freshly opened. */
export function resetStore(s: Scenario = SMALL): void {
  useSandbox.getState().load(structuredClone(s), { fresh: true, libraryId: null });
  useSandbox.setState({ notice: null, selection: null, focusEvent: null });
}
