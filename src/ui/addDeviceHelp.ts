/**
 * What each field of the Add device form means to the kernel: the hints under the fields, so that
 * someone who has not read pci_device_group() or the Intel driver's identity rules knows what a
 * choice changes. Each sentence follows kernel-model.md (§1.1 attributes, §4 grouping, §5 identity).
 */
import type { DeviceType } from '../kernel/types';

/** What the grouping code (pci_device_group, §4.2–4.5) does with a device of each type. */
export const TYPE_HELP: Record<DeviceType, string> = {
  'host-bridge':
    'On the root bus, with no bridge above it: a group of its own, unless other functions share its slot.',
  'root-port':
    'A bridge: what is plugged in below joins its group unless it has ACS (and so has every bridge above it).',
  'switch-upstream':
    'The top of a PCIe switch: isolated itself if single-function; each downstream port needs ACS to keep what is below it apart.',
  'switch-downstream': 'A switch’s port: without ACS, what is plugged in below joins its group.',
  endpoint:
    'A PCIe function: isolated itself (one function); its group depends on the ACS of the bridges above.',
  'rc-endpoint':
    'Root-complex integrated, on the root bus: alone in its slot it is isolated; in a multifunction slot an Intel one too from 5.7 (a quirk).',
  'legacy-endpoint': 'A PCIe legacy endpoint: grouped as an endpoint is.',
  'pcie-to-pci-bridge':
    'Conventional devices behind it reach the IOMMU as its secondary bus’s 00.0 (a DMA alias): they all share its group.',
  'pci-to-pcie-bridge': 'Devices below it reach the IOMMU as the bridge (its own ID): they share its group.',
  'pci-bridge': 'A conventional bridge: devices below it use its ID as their alias and share its group.',
  pci: 'Conventional PCI has no ACS: the other functions of its slot share its group; behind a bridge it shares the bridge’s.',
  acpi: 'Not on the PCI bus (a device the DMAR table lists): in 5.7 and later a group of its own; earlier, none.',
};

/** The other fields' hints, by the form's field names. */
export const FIELD_HELP = {
  bdf: 'BB:DD.F (bus, device, function)',
  parent: 'The bridge or port above it',
  label: 'Shown beside the BDF; the kernel never sees it',
  class: 'hex, e.g. 0200 (network); 03xx (display) and 0c03 (USB) change the graphics and RMRR rules',
  vendor:
    'intel or a hex id; the RCiEP quirk and Debian’s iGPU rule need Intel; a few ACS quirks match others',
  driver: 'Bound when the device appears; empty: none. vfio-pci and pci-stub keep its group usable by vfio.',
  dmaMask:
    'Learned when the driver binds. Up to 5.7, 32 bits with RAM above 4 GiB takes the device out of identity at its first DMA map (5.1 spares igfx_off graphics); from 5.8 it stays and its buffers bounce.',
  multifunction: 'One of several functions in a slot: those without ACS share a group.',
  externalFacing:
    'A port the firmware marks external (a Thunderbolt slot): what is below it (up to 5.8 the port too) is untrusted and translated, even under iommu=pt.',
  rmrr: 'The firmware reserves memory it uses: mapped 1:1 in its domain. Unless it is USB or display, vfio refuses it (-EPERM), and up to 5.3 it is never identity.',
} as const;
