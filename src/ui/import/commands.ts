/** The commands the import dialog asks the user to run, exactly as shown. */

/** The widely copied loop over /sys/kernel/iommu_groups, one line per device. */
export const GROUPS_COMMAND = `for d in /sys/kernel/iommu_groups/*/devices/*; do
  n=\${d#*/iommu_groups/*}; n=\${n%%/*}
  printf 'IOMMU Group %s ' "$n"; lspci -nns "\${d##*/}"
done`;

/** Root is needed: without it lspci cannot read the capabilities (port type, ACS). */
export const LSPCI_COMMAND = 'sudo lspci -vvv -nn -PP';
