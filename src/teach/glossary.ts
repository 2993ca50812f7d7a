/**
 * Every term the page uses, in plain words: the tooltip sentence and the glossary paragraph.
 * Based on kernel-model.md §11, written for someone who has never read the IOMMU code.
 */

export interface GlossaryEntry {
  id: string;
  term: string;
  /** One sentence, shown on hover or focus. */
  short: string;
  /** A few sentences for the glossary panel. */
  long: string;
  /** The kernel function or structure that embodies it, linked to the source. */
  fn?: string;
  /** Other entries worth reading next. */
  see?: string[];
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  {
    id: 'iommu',
    term: 'IOMMU',
    short:
      'Hardware between devices and memory that translates and checks the addresses devices use for DMA.',
    long: 'Devices read and write memory on their own (DMA). An IOMMU sits in that path, like the MMU does for programs: it translates the addresses a device uses and refuses the ones it was not given. Intel calls theirs VT-d; Linux calls its driver DMAR or intel-iommu.',
    fn: 'intel_iommu_init',
    see: ['group', 'domain'],
  },
  {
    id: 'dma',
    term: 'DMA',
    short: 'Direct memory access: a device reading or writing memory without the CPU copying the data.',
    long: 'A network card writes received packets straight into memory, a disk controller reads the data to write from memory. Without an IOMMU a device can reach any address; with one, only what its domain maps.',
    see: ['iommu', 'dma-mask'],
  },
  {
    id: 'iova',
    term: 'IOVA',
    short:
      'I/O virtual address: the address a device is given for DMA when the IOMMU translates, mapped by its domain to real memory.',
    long: 'When a driver maps a buffer through the DMA API, a translating domain hands out an IOVA and writes a page-table entry from it to the buffer’s physical address. The device only ever sees the IOVA. If the domain changes or is freed, the same IOVA means nothing: the IOMMU blocks it (a DMA fault) or, with translation off, it lands on whatever physical memory has that number.',
    fn: 'iommu_dma_map_page',
    see: ['dma', 'dma-domain', 'dma-fault'],
  },
  {
    id: 'dma-fault',
    term: 'DMA fault',
    short:
      'DMA that went wrong: blocked by the IOMMU (a DMAR fault), sent to the wrong memory, or aimed at a buffer out of reach.',
    long: 'Only a blocked DMA shows in dmesg: the context entry or page tables have no translation for the address, so the IOMMU refuses it and logs a DMAR fault (“DMAR: [DMA Read] Request device [03:00.0] fault addr … [fault reason 06]”); nothing is read or written. DMA to the wrong memory logs nothing: an old IOVA that goes through untranslated (hardware pass-through, or VT-d switched off) or 1:1 lands on whatever memory has that number, and the harm is silent corruption. A buffer out of the device’s reach lies above what its DMA mask can address (above 4 GiB for a 32-bit device left identity-mapped). And a device whose context still points at freed page tables is blocked or sent anywhere, depending on what that memory holds now.',
    fn: 'dmar_fault',
    see: ['iova', 'pass-through', 'dma-mask'],
  },
  {
    id: 'attach',
    term: 'Attach',
    short:
      'Pointing a device’s context entry at a domain: from then on the IOMMU translates the device’s DMA with that domain’s page tables.',
    long: 'The VT-d unit finds, for each requester ID, a context entry naming the page tables to use. Attaching writes it; detaching clears it (DMA then faults). The core attaches a group’s devices to its domain; before 5.3 the Intel driver attached each device itself, at boot for identity-mapped ones and at its driver’s first DMA map for the rest. In a kdump kernel the attach may be deferred.',
    fn: 'domain_context_mapping',
    see: ['domain', 'deferred-attach'],
  },
  {
    id: 'driver-view',
    term: 'Driver view / core view',
    short:
      'Two answers to “which domain is this device in?”: its group’s (core view) and the one the Intel driver attached it to (driver view).',
    long: 'The IOMMU core answers with the group’s domain (iommu_get_domain_for_dev). The Intel driver keeps its own answer in the device’s private data, and the hardware follows that one. They differ in 5.1 (groups have no domain; the driver attaches each device itself), in 5.3 to 5.7 when a device gets a private domain, and in a kdump kernel while a device’s attach is deferred. The inspector shows both when they differ.',
    fn: 'iommu_get_domain_for_dev',
    see: ['private-domain', 'deferred-attach', 'attach'],
  },
  {
    id: 'group',
    term: 'IOMMU group',
    short:
      'The smallest set of devices the IOMMU can keep apart from each other: the unit the kernel gives a domain and hands to user space.',
    long: 'If two devices can talk to each other without passing through the IOMMU (peer-to-peer below a bridge without ACS), or reach it under each other’s name (DMA aliases), the IOMMU cannot tell them apart, so Linux puts them in one group. A group is what you hand to a virtual machine: all of it or nothing. The core gives a group one domain for all its members, but some versions of the Intel driver attach a member to a domain of its own (see Driver view / core view). /sys/kernel/iommu_groups/N lists its devices.',
    fn: 'pci_device_group',
    see: ['acs', 'dma-alias', 'vfio-viability', 'driver-view'],
  },
  {
    id: 'domain',
    term: 'IOMMU domain',
    short: 'An address space: the set of translations the IOMMU applies to the devices attached to it.',
    long: 'Devices attached to the same domain see the same addresses. Domains have a type: identity (addresses equal physical memory), DMA or DMA-FQ (the kernel maps only the buffers drivers ask for), unmanaged (a user such as a virtual machine decides), blocking (nothing gets through).',
    fn: 'iommu_domain_alloc',
    see: ['default-domain', 'identity', 'dma-domain', 'unmanaged', 'blocking'],
  },
  {
    id: 'default-domain',
    term: 'Default domain',
    short:
      'The domain the kernel gives a group for normal driver DMA; the group returns to it when user space lets go.',
    long: 'Since the 2019 VT-d rework every group gets a default domain when it is formed, of the type the command line, Kconfig and the driver decide (its type is what /sys/kernel/iommu_groups/N/type reads). Before that series the Intel driver kept its own per-device domains and ignored the core’s.',
    fn: 'iommu_group_alloc_default_domain',
    see: ['domain', 'sysfs-type'],
  },
  {
    id: 'si-domain',
    term: 'si_domain',
    short:
      'The Intel driver’s one shared identity domain: every identity-mapped device is attached to it, and it must never be freed.',
    long: 'Rather than one identity domain per device, the Intel driver keeps a single static one, si_domain, built at boot (init_dmars → si_domain_init). It is implemented by hardware pass-through when the IOMMU supports it, else by 1:1 page tables. Because it is shared, freeing it when one group lets go of it leaves every other identity device pointing at freed memory: the use-after-free the review caught.',
    fn: 'si_domain_init',
    see: ['identity', 'pass-through'],
  },
  {
    id: 'identity',
    term: 'Identity',
    short: 'DMA addresses equal physical addresses: fast, but the device can reach all memory.',
    long: 'An identity (1:1) domain translates every address to itself. It costs nothing per transfer, which is why iommu=pt exists, but it protects nothing: a buggy or malicious device can read and write any memory. Some devices get it whatever the default: display devices under intel_iommu=igfx_off, the Azalia audio quirk, and on Debian’s 6.1 the Intel integrated GPU.',
    see: ['pass-through', 'si-domain', 'iommu-pt'],
  },
  {
    id: 'pass-through',
    term: 'Pass-through',
    short:
      'The IOMMU lets a device’s DMA through untranslated (hardware pass-through), the fastest identity mapping.',
    long: 'VT-d units can mark a device’s context entry “pass-through”: no page tables are walked at all. The Intel driver uses it for si_domain when the hardware supports it (ecap PT), otherwise it builds 1:1 page tables. iommu=pt asks for identity domains; it does not by itself mean hardware pass-through, though the kernel’s log calls the identity default type “Passthrough”.',
    fn: 'domain_context_mapping_one',
    see: ['identity', 'iommu-pt'],
  },
  {
    id: 'iommu-pt',
    term: 'iommu=pt',
    short:
      'Command-line option: identity-map devices by default instead of giving them translated DMA domains.',
    long: 'Up to 5.3 iommu=pt sets the Intel driver’s own IDENTMAP_ALL flag: the driver identity-maps each device no rule keeps out, and leaves the core’s default domain type alone; iommu.passthrough= is a separate switch, which 5.1’s driver does not read at all. From 5.4 (iommu_set_default_passthrough) both set the core’s default domain type, and the last one on the command line wins. Some devices still get DMA domains: an untrusted (external) device (unless, from 5.8, it shares a group with a device that needs identity); up to 5.7 a conventional PCI device behind a bridge, and up to 5.3 one whose firmware memory (RMRR) pins it; and up to 5.7 a device whose driver sets a 32-bit DMA mask on a machine with memory above 4 GiB (it leaves identity at its first DMA map). From 5.8 such a device stays identity and its buffers above 4 GiB bounce through swiotlb.',
    fn: 'iommu_setup',
    see: ['identity', 'dma-mask', 'untrusted', 'swiotlb', 'default-domain'],
  },
  {
    id: 'dma-domain',
    term: 'DMA domain',
    short:
      'A translated domain: the kernel’s DMA API maps only the buffers a driver asks for, and unmaps them afterwards.',
    long: 'With a DMA domain a device can only reach memory a driver mapped for it, so a faulty device cannot corrupt the rest of the kernel. Each unmap must invalidate the IOMMU’s TLB; a strict domain does it at once.',
    fn: 'iommu_dma_map_page',
    see: ['dma-fq', 'strict'],
  },
  {
    id: 'dma-fq',
    term: 'DMA-FQ',
    short:
      'A DMA domain with a flush queue: unmapped addresses are invalidated lazily, in batches, for speed.',
    long: 'Invalidating the IOTLB on every unmap is slow. A flush queue collects unmapped addresses and invalidates them together a little later; for that short time a device could still reach a freed buffer. iommu.strict=0 (or the lazy Kconfig default) chooses it; 5.x kernels had the same idea without the name.',
    fn: 'iommu_dma_init_fq',
    see: ['dma-domain', 'strict'],
  },
  {
    id: 'strict',
    term: 'Strict / lazy',
    short: 'Whether the IOTLB is invalidated at every unmap (strict) or in batches later (lazy).',
    long: 'iommu.strict=1 (or intel_iommu=strict) asks for strict invalidation; iommu.strict=0 for lazy. Up to 5.11 the Intel driver read only its own intel_iommu=strict. An untrusted device (below an external-facing port) is always strict: before 5.11 the driver flushes its unmaps at once whatever its domain does (so a domain only untrusted devices use reads strict), 5.11 gives its domain no flush queue, 6.1 never a DMA-FQ domain.',
    fn: 'iommu_set_dma_strict',
    see: ['dma-fq'],
  },
  {
    id: 'unmanaged',
    term: 'Unmanaged domain',
    short: 'A domain whose mappings a user of the IOMMU API decides, such as vfio for a virtual machine.',
    long: 'When user space takes a group through vfio, the group moves from its default domain to an unmanaged one; the VM’s memory map is programmed into it. The kernel’s DMA API no longer touches the group.',
    fn: 'vfio_iommu_type1_attach_group',
    see: ['vfio-viability'],
  },
  {
    id: 'blocking',
    term: 'Blocking domain',
    short: '(6.1) A domain that lets no DMA through, used while user space claims a group.',
    long: 'In 6.1, when user space claims a group, the group first moves to a blocking domain so no device can DMA while ownership changes hands; when vfio lets go it goes back there until the ownership is released, and only then to its default domain. On Intel it is an empty unmanaged domain.',
    fn: '__iommu_group_alloc_blocking_domain',
    see: ['unmanaged', 'vfio-viability'],
  },
  {
    id: 'acs',
    term: 'ACS',
    short:
      'PCIe Access Control Services: lets a bridge force traffic between devices up to the IOMMU, so they can be isolated.',
    long: 'Below a bridge or switch port, two devices could exchange data directly (peer-to-peer) without the IOMMU seeing it. A port with ACS can redirect that traffic upstream. Without ACS on every port between a device and the root, Linux must put everything that could talk peer-to-peer into one group. Some chipsets isolate anyway and have a quirk saying so.',
    fn: 'pci_acs_path_enabled',
    see: ['group'],
  },
  {
    id: 'dma-alias',
    term: 'DMA alias',
    short:
      'Another requester ID under which a device’s DMA reaches the IOMMU; devices that alias each other must share a group.',
    long: 'The IOMMU knows a device only by the requester ID on its DMA. Devices behind a PCIe-to-PCI bridge all arrive under the bridge’s ID, and some quirky functions use another function’s ID. The IOMMU cannot tell such devices apart, so they share a group.',
    fn: 'pci_for_each_dma_alias',
    see: ['group'],
  },
  {
    id: 'rmrr',
    term: 'RMRR',
    short:
      'Memory the firmware says a device uses behind the OS’s back (USB legacy, graphics); it stays mapped 1:1 in the device’s domain.',
    long: 'The ACPI DMAR table lists Reserved Memory Region Reporting structures: ranges some devices DMA into before and after the OS takes over. The kernel maps those ranges 1:1 inside the device’s domain, so a translated DMA domain keeps them working; the device does not need an identity domain. Up to 5.3 the Intel driver even kept such a device (other than USB and graphics) out of identity, and it refuses to attach one to a vfio domain (-EPERM), since a VM would remap that memory.',
    fn: 'device_rmrr_is_relaxable',
    see: ['dma-domain', 'identity'],
  },
  {
    id: 'private-domain',
    term: 'Private domain',
    short:
      '(5.3–5.7) A domain the Intel driver gives one device when it cannot change the whole group’s default domain.',
    long: 'In 5.3 to 5.7, when a device needed another domain type than its group’s default (say a 32-bit device in an identity group), the Intel driver attached that one device to a domain of its own. The core still believed the device used the group’s domain: two views that disagree, removed again in 5.8.',
    fn: 'request_default_domain_for_dev',
    see: ['default-domain'],
  },
  {
    id: 'kdump',
    term: 'kdump',
    short:
      'A second kernel booted right after a crash to save the crashed kernel’s memory; it inherits the crashed kernel’s IOMMU state.',
    long: 'When a kernel panics, kexec boots a small crash kernel that writes the old memory to disk. Devices may still be doing DMA programmed by the crashed kernel; the crash kernel copies the old IOMMU tables so that DMA keeps landing where it did, until each device’s driver resets it.',
    fn: 'copy_translation_tables',
    see: ['translation-pre-enabled', 'deferred-attach'],
  },
  {
    id: 'translation-pre-enabled',
    term: 'Translation pre-enabled',
    short: 'The IOMMU was already translating when this kernel started, as in a kdump kernel.',
    long: 'The crash kernel finds VT-d switched on with the old kernel’s tables. It copies them rather than switching translation off, which would make in-flight DMA hit random memory.',
    fn: 'init_dmars',
    see: ['kdump', 'deferred-attach'],
  },
  {
    id: 'deferred-attach',
    term: 'Deferred attach',
    short:
      'Postponing a device’s domain attach until its driver first uses the DMA API, so the copied kdump mappings keep working meanwhile.',
    long: 'Attaching a new domain replaces the copied context entry; any DMA the crashed kernel programmed would then fault or hit the wrong memory. So in a kdump kernel the attach waits until the device’s driver has reset it and makes its first DMA API call. The function that does it changes name: inside find_domain in 5.3, do_deferred_attach (from iommu_need_mapping) in 5.7 and 5.8, iommu_dma_deferred_attach in 5.11, iommu_deferred_attach in 6.1. From 5.8 a device left identity-mapped uses dma-direct, which never calls it; up to 5.7 its intel_dma_ops do, identity or not.',
    fn: 'iommu_deferred_attach',
    see: ['kdump'],
  },
  {
    id: 'dma-mask',
    term: 'DMA mask',
    short: 'The highest address a device can reach (32-bit, 64-bit); known only when its driver probes.',
    long: 'A driver tells the kernel how many address bits its device can drive (dma_set_mask). A 32-bit device cannot reach memory above 4 GiB, so with identity mapping on a big machine it needs bounce buffers or a translated domain. The kernel only learns the mask when the driver binds, after groups and domains were already decided.',
    fn: 'dma_set_mask',
    see: ['iommu-pt', 'swiotlb'],
  },
  {
    id: 'swiotlb',
    term: 'swiotlb (bounce buffer)',
    short:
      'Memory every device can reach: the kernel copies a DMA buffer through it when a device cannot (or must not) use the buffer itself.',
    long: 'A device with a 32-bit DMA mask cannot reach memory above 4 GiB. When no IOMMU translates for it, dma-direct copies such a buffer into a slot of the swiotlb pool below 4 GiB before the device reads it, and back after the device wrote it: it works, at the cost of a copy per transfer. Before 5.8 the Intel driver switched swiotlb off when VT-d came on (from 5.4 it kept it for untrusted devices) and moved a 32-bit identity-mapped device to a DMA domain instead; from 5.8 the device stays identity and its buffers bounce.',
    fn: 'swiotlb_tbl_map_single',
    see: ['dma-mask', 'dma-ops', 'iommu-pt', 'untrusted'],
  },
  {
    id: 'dma-ops',
    term: 'DMA ops',
    short:
      'The code a driver’s DMA API calls run: dma-direct (physical addresses) or an IOMMU layer that maps IOVAs in the device’s DMA domain.',
    long: 'A driver maps a buffer with dma_map_page and its kin; the device’s DMA ops decide what that does. dma-direct hands out the physical address (bouncing through swiotlb when the device cannot reach the buffer): untranslated devices use it, and from 5.8 identity-mapped ones. intel_dma_ops (up to 5.10) and iommu-dma (the generic layer, from 5.11) allocate an IOVA and map it in the device’s DMA domain. Before 5.8 every device behind VT-d has intel_dma_ops, identity-mapped or not: at each map iommu_need_mapping() decides, and an identity-mapped device’s buffer is handed on to dma-direct. bounce_dma_ops (5.4 to 5.10) also copy an untrusted device’s buffers through swiotlb.',
    fn: 'dma_map_page_attrs',
    see: ['swiotlb', 'dma-domain', 'identity', 'iova'],
  },
  {
    id: 'untrusted',
    term: 'Untrusted device',
    short:
      'A device below an external-facing port (Thunderbolt): the kernel asks for a translated domain for it, whatever the command line says.',
    long: 'Firmware marks ports that users can plug things into. Everything below them is untrusted (up to 5.8 the external-facing root port itself too): whatever the command line says, the Intel driver (from 5.11 the core) asks for a translated DMA domain for it. The request can lose: from 5.8, a group whose members need different types falls back to the default type, so under iommu=pt an untrusted device that shares a group with one that needs identity runs untranslated (example E6). From 5.4 the Intel driver (and from 5.11 the generic IOMMU DMA layer it moved to) also sends its DMA through bounce buffers, so it cannot see neighbouring data in a shared page.',
    fn: 'set_pcie_untrusted',
    see: ['identity', 'iommu-pt', 'group', 'strict'],
  },
  {
    id: 'vfio-viability',
    term: 'vfio viability',
    short: 'User space may take a group only when no member is driven by a kernel driver that does DMA.',
    long: 'To give a device to a virtual machine, vfio must own its whole group: every member must be unbound, bound to vfio-pci, or a bridge. Before 5.19 vfio checked this itself (viability); in 6.1 the core counts DMA owners (owner_cnt) and refuses a claim while a kernel driver uses the default domain.',
    fn: 'iommu_group_claim_dma_owner',
    see: ['group', 'unmanaged'],
  },
  {
    id: 'owner-cnt',
    term: 'owner_cnt',
    short:
      '(6.1) How many users a group’s DMA has: each bound driver that uses the DMA API, or the one user-space owner.',
    long: 'In 6.1 a group counts its DMA users. Binding a driver that uses the DMA API adds one (iommu_device_use_default_domain) and unbinding takes it away; drivers that manage DMA themselves (vfio-pci, pci-stub, pcieport) do not count. User space can claim the group only while the count is 0; the claim makes it the owner with a count of 1, and until it lets go no kernel DMA driver can bind (-EBUSY).',
    fn: 'iommu_device_use_default_domain',
    see: ['vfio-viability', 'blocking'],
  },
  {
    id: 'sysfs-type',
    term: 'sysfs type',
    short:
      'What /sys/kernel/iommu_groups/N/type reads (DMA, DMA-FQ, identity, …); writable since 5.11 to change the default domain.',
    long: 'Since 5.11 root can write identity, DMA, DMA-FQ or auto to the file of a group whose devices have no driver bound, and the kernel rebuilds the group’s default domain of that type.',
    fn: 'iommu_group_store_type',
    see: ['default-domain'],
  },
  {
    id: 'igfx-off',
    term: 'intel_iommu=igfx_off',
    short:
      'Command-line option: leave graphics out of translation: display devices are identity-mapped, and a VT-d unit serving only them is ignored.',
    long: 'With igfx_off the Intel driver does two things. A VT-d unit whose scope lists only display devices is ignored: those devices get no IOMMU at all, no group, and DMA to physical addresses. And every display-class device gets identity (IDENTMAP_GFX; from 5.8 through def_domain_type). Some chipsets’ graphics quirks do the same without the option.',
    fn: 'init_no_remapping_devices',
    see: ['identity', 'group'],
  },
  {
    id: 'intgpu',
    term: 'intgpu (Debian)',
    short:
      'Debian’s 6.1 kernel leaves an Intel integrated GPU identity-mapped unless intel_iommu=on is given.',
    long: 'Debian patches its kernel so that VT-d is on without any parameter, but with dmar_map_intgpu off: an Intel display device on the root bus (the integrated GPU) gets an identity domain: some laptop firmware still touches the iGPU behind the OS’s back without listing it in an RMRR, and translating it broke those machines. intel_iommu=on turns dmar_map_intgpu on, so on Debian that option is not a no-op: the iGPU is translated like every other device; intel_iommu=intgpu_off forces the exclusion back. Upstream kernels have no such rule.',
    see: ['identity', 'igfx-off'],
  },
  {
    id: 'iotlb',
    term: 'IOTLB',
    short:
      'The IOMMU’s cache of address translations: after an unmap the kernel must invalidate it, or the device can still reach the page.',
    long: 'Like a CPU’s TLB, an IOMMU keeps the translations it walked recently in an I/O translation lookaside buffer. Taking a buffer out of a domain’s page tables is not enough: until the kernel invalidates the IOTLB entry, the device can still reach that page. Strict mode invalidates at every unmap; lazy mode (DMA-FQ) queues the freed addresses and invalidates them in batches, which is faster but leaves a short window.',
    fn: 'iommu_iotlb_sync',
    see: ['strict', 'dma-fq'],
  },
  {
    id: 'bus-master',
    term: 'Bus master',
    short:
      'A device that starts its own reads and writes of memory (DMA); bridges, ports and an SMBus controller start none.',
    long: 'A PCI function that initiates transactions on the bus is a bus master: a network card, a disk controller, a GPU. The IOMMU matters only for them. Bridges and ports forward the DMA of what is below them but start none of their own, and some controllers (an SMBus controller) are driven through their registers alone. The sandbox shows such a device’s DMA as “none: not a bus master”.',
    fn: 'pci_set_master',
    see: ['dma'],
  },
  {
    id: 'kconfig',
    term: 'Kconfig (CONFIG_…)',
    short:
      'Options chosen when the kernel was built: they set the IOMMU defaults that the command line can override at boot.',
    long: 'A kernel is compiled with a configuration of CONFIG_ options (a distribution ships it as /boot/config-*). For the IOMMU they set defaults: CONFIG_IOMMU_DEFAULT_PASSTHROUGH (identity by default; “is not set” means translated), CONFIG_IOMMU_DEFAULT_DMA_LAZY or _STRICT (how the IOTLB is invalidated), CONFIG_INTEL_IOMMU_DEFAULT_ON (VT-d on without intel_iommu=on). Options on the command line override them at boot.',
    see: ['iommu-pt', 'strict'],
  },
  {
    id: 'policy',
    term: 'Policy A–D',
    short:
      'The sandbox’s names for four ways kernels decided a group’s domains: A before the 2019 series, B its v3, C as merged (5.3), D from 5.8.',
    long: 'A (5.1): groups have no default domain; the Intel driver picks identity or DMA per device. B (James Sewart’s v3, known from the review thread): a device that needs identity is moved into a group of its own. C (5.3 to 5.7): every group gets a default domain, and the Intel driver swaps it for the group or gives one device a private domain. D (5.8 on): the core asks the driver for each member’s type (def_domain_type) before it allocates the group’s default domain, once.',
    see: ['default-domain', 'private-domain'],
  },
  {
    id: 'lose-children',
    term: 'DOMAIN_FLAG_LOSE_CHILDREN',
    short:
      '(5.3–5.7) The Intel driver’s mark on a group’s default domain that one of its devices left it for a private domain.',
    long: 'When a device needed another domain type than its group’s default and the core could not change the whole group, the Intel driver moved that device to a private domain and flagged the group’s domain as one that loses children. When the last device leaves a domain so flagged, the driver frees it.',
    fn: 'dmar_remove_one_dev_info',
    see: ['private-domain', 'driver-view'],
  },
  {
    id: 'review-fix',
    term: 'Review fix',
    short:
      'A fix from the review of the 2019 VT-d default-domain rework, or one that came later; switch it off to run the kernel with its bug.',
    long: 'The sandbox is built around the review of the Intel VT-d “default domain” series. Each switch under Review fixes is a change that review asked for or a fix that followed in a later kernel (the caption says which kernels shipped it). A kernel starts with the fixes it shipped; switching one off runs it without, so you can watch the bug it prevents, such as the shared si_domain freed while still in use. The CLI’s --fix takes the same names.',
    see: ['si-domain', 'deferred-attach'],
  },
  {
    id: 'bdf',
    term: 'BDF',
    short: 'Bus:device.function, the PCI address of a device (01:00.0).',
    long: 'Each PCI function has an address: the bus number, the device (slot) on it and the function. Functions of one multifunction device share the bus and device numbers.',
    see: ['group'],
  },
  {
    id: 'rciep',
    term: 'RC integrated endpoint (RCiEP)',
    short:
      'A PCIe device built into the root complex: it sits on the root bus (bus 00) with no port or bridge above it.',
    long: 'Chipset functions such as integrated graphics, SATA, USB or network controllers are often root-complex integrated endpoints. With no bridge between them and the IOMMU there is no ACS path to check: devices in different slots get groups of their own, and the functions of one multifunction slot that lack ACS share one (from 5.8, and 5.7 with its stable fixes as the sandbox runs it, a quirk counts Intel RCiEPs as isolated). Only a DMA alias joins devices across slots.',
    fn: 'pci_device_group',
    see: ['group', 'acs', 'bdf'],
  },
  {
    id: 'sandbox-note',
    term: 'Sandbox note',
    short:
      'An event-log line the sandbox adds to show a step the kernel does silently; the kernel itself prints nothing there.',
    long: 'Much of what the IOMMU code does prints nothing: attaching a device to a domain, a driver’s DMA map, the release of a group. The event log shows such steps as lines tagged “sandbox note”, each still naming the kernel function that does it. Lines without the tag are what the kernel prints (dmesg); the sentence under every line, after the function, is the sandbox’s explanation.',
    see: ['attach'],
  },
];

const byId = new Map(GLOSSARY.map((e) => [e.id, e]));

/** The entry `id`; throws for an unknown id, which is a programming error caught by the tests. */
export function glossary(id: string): GlossaryEntry {
  const e = byId.get(id);
  if (!e) throw new Error(`no glossary entry ${id}`);
  return e;
}
