/**
 * The words of the command line that no kernel parameter claims, and where they go: start_kernel
 * parses the line with unknown_bootoption (init/main.c), which hands a word to init as an argument
 * (no '=') or an environment variable (with '=', replacing an earlier one of the same name),
 * drops a dotted word (an unused module parameter), and keeps a word a __setup or early_param
 * handler took; the words after `--` all become init's arguments (set_init_arg). From 5.15
 * (86d1919a4fb0, worded by its fix in 5.15) print_unknown_bootoptions lists them:
 * `Unknown kernel command line parameters "splash BOOT_IMAGE=/vmlinuz", will be passed to user space.`
 *
 * The sandbox knows the IOMMU parameters exactly; for the rest it knows the names below, the
 * __setup and early_param names of 6.1 (x86) seen most often on real command lines. A real
 * parameter missing from the list would be listed as unknown, so the line is marked inferred.
 */
import type { CmdlineWord } from './kstrtobool';

const KNOWN = new Set(
  `ro rw quiet debug loglevel ignore_loglevel log_buf_len initcall_debug root rootfstype rootflags
  rootwait rootdelay init rdinit initrd noinitrd console earlycon earlyprintk keep_bootcon panic
  panic_on_warn oops nmi_watchdog nowatchdog nosoftlockup crashkernel elfcorehdr reset_devices
  maxcpus nr_cpus nosmp possible_cpus isolcpus nohz nohz_full rcu_nocbs irqaffinity idle
  mem memmap hugepages hugepagesz default_hugepagesz transparent_hugepage numa_balancing
  noapic nolapic apic acpi acpi_osi acpi_backlight noacpi pci pcie_aspm pcie_ports pci_hotplug
  iomem intremap swiotlb amd_iommu amd_iommu_dump amd_iommu_intr noiotrap nomodeset video vga
  fbcon efi noefi add_efi_memmap resume noresume hibernate nokaslr mitigations nopti pti
  spectre_v2 nospectre_v2 spectre_v2_user spec_store_bypass_disable l1tf mds tsx tsx_async_abort
  noexec nosmap nosmep selinux apparmor security lsm audit module_blacklist lpj tsc clocksource
  nohpet hpet notsc nomce mce reboot cgroup_enable cgroup_disable cgroup_no_v1 psi
  intel_pstate dis_ucode_ldr irqpoll irqfixup noirqdebug`.split(/\s+/),
);

/** What init gets: its arguments, its environment (after HOME=/ and TERM=linux), by word index. */
export interface InitArgs {
  argv: number[];
  envp: number[];
}

/** A non-IOMMU kernel parameter the sandbox knows the kernel takes ('-' and '_' alike, as parameq). */
export const isKnownParam = (name: string): boolean => KNOWN.has(name.replace(/-/g, '_'));

/**
 * Which words go to init. `claimed(i)`: the kernel's IOMMU handlers took word i; `end`: the index
 * of `--` (or the number of words).
 */
export function initArgs(
  words: readonly CmdlineWord[],
  end: number,
  claimed: (i: number) => boolean,
): InitArgs {
  const argv: number[] = [];
  const envp: number[] = [];
  const envName = new Map<string, number>();
  for (let i = 0; i < end; i++) {
    const w = words[i]!;
    if (claimed(i) || isKnownParam(w.name) || w.name.includes('.')) continue;
    if (w.value === null) {
      argv.push(i);
      continue;
    }
    // The same name again replaces the variable where it first stood; HOME and TERM replace
    // init's own (envp_init[0] and [1]), which print_unknown_bootoptions does not list.
    if (w.name === 'HOME' || w.name === 'TERM') continue;
    const at = envName.get(w.name);
    if (at === undefined) {
      envName.set(w.name, envp.length);
      envp.push(i);
    } else envp[at] = i;
  }
  for (let i = end + 1; i < words.length; i++) argv.push(i);
  return { argv, envp };
}

/** print_unknown_bootoptions's line (5.15+), or null when init gets nothing. */
export function unknownParamsLine(words: readonly CmdlineWord[], init: InitArgs): string | null {
  // As next_arg leaves them: quotes gone, name=value joined again (repair_env_string).
  const listed = [...init.argv, ...init.envp].map((i) => {
    const w = words[i]!;
    return w.value === null ? w.name : `${w.name}=${w.value}`;
  });
  if (listed.length === 0) return null;
  return `Unknown kernel command line parameters "${listed.join(' ')}", will be passed to user space.`;
}
