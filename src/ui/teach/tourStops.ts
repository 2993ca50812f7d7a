/** The first-visit tour: where it stops and what it says there. */

export interface TourStop {
  title: string;
  text: string;
  /** The element the stop points at (a panel of the page). */
  target: string;
}

export const TOUR_STOPS: readonly TourStop[] = [
  {
    title: 'Welcome to the IOMMU Sandbox',
    text: 'Devices such as network cards and disks read and write memory on their own (DMA); the IOMMU sits between them and the memory and decides which memory each device may reach. This page runs a model of how Linux groups PCI devices for the IOMMU and which address space (domain) each group gets, version by version from 5.1 to 6.1. New to it? The Lessons button starts at the beginning. Nothing here touches your machine: it all runs in your browser.',
    target: '.area-graph',
  },
  {
    title: 'Pick a machine',
    text: 'The Scenario list holds ready-made machines (a laptop, a server) and the cases of the 2019 VT-d review. Each comes with a short description.',
    target: '.header select',
  },
  {
    title: 'Kernel and boot',
    text: 'Choose the kernel version, switch review fixes off to see the bugs they prevent, edit the command line (try iommu=pt) or boot as a kdump kernel. Press Boot to run the machine again.',
    target: '.area-config',
  },
  {
    title: 'Groups and domains',
    text: 'Devices sit inside boxes: their IOMMU groups. Each group has an edge to its domain on the right, coloured by type. Select anything to inspect it; drag nodes to arrange them. Hover a device to see why it is in its group.',
    target: '.area-graph',
  },
  {
    title: 'The inspector',
    text: 'Facts about what you selected, what you can do to it (bind a driver, hot-remove, give the group to vfio), and the chain of reasons behind it. Each reason names a kernel function: follow it to that version’s source. Underlined words open the glossary.',
    target: '.area-inspector',
  },
  {
    title: 'The timeline',
    text: 'Every action is a step. Go back to any earlier step to see the machine as it was; acting from there replaces the later steps. Undo and Redo (Ctrl+Z, Ctrl+Shift+Z) work as everywhere.',
    target: '.area-timeline',
  },
  {
    title: 'The event log',
    text: 'What the kernel printed, as dmesg shows it, with the function that printed it and why. Select a message to highlight what it touched.',
    target: '.area-log',
  },
  {
    title: 'Learn by doing',
    text: 'Lessons walk you through the ideas one goal at a time. The Help menu brings back this tour, the glossary and the keyboard shortcuts.',
    target: '.header-learn',
  },
];
