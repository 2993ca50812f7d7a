/**
 * Writing /sys/kernel/iommu_groups/N/type: iommu_group_store_type and iommu_change_dev_def_domain
 * (5.11.14, 6.1.192), every check in the kernel's order (kernel-model.md §7.D.7).
 */
import { allocDefaultDomain, attachDevice, freeDomain } from '../domains';
import { deviceNeed } from '../identity';
import { type Answer, finalizeDmaOps, noSuchFile, OK, refuse } from '../policies/policy';
import type { Tx } from '../tx';
import type { DomainType } from '../types';
import { has } from '../versions';

const STORE = 'iommu_group_store_type';
const CHANGE = 'iommu_change_dev_def_domain';

const TYPE_STR: Record<string, string> = {
  identity: 'Passthrough',
  DMA: 'Translated',
  'DMA-FQ': 'Translated',
};

// The ratelimited error line of a refused write: iommu_group_store_type's pr_err, or (with the
// device) iommu_change_dev_def_domain's dev_err.
function kernelErr(tx: Tx, message: string, why: string, device?: string): void {
  tx.emit({
    kind: 'sysfs',
    fn: device ? CHANGE : STORE,
    message,
    why,
    level: 'err',
    ...(device ? { device } : { prefix: 'iommu' as const }),
  });
}

/** The write of `value` to group `id`'s type file. */
export function setGroupType(tx: Tx, id: number, value: string): Answer {
  const k = tx.m.kernel;
  const g = tx.m.groups[String(id)];
  if (!g) return noSuchFile(tx, `-ENOENT: /sys/kernel/iommu_groups/${id}/type does not exist`, false);
  // A 0444 attribute: sysfs's open refuses to open it for writing, root or not
  // (KERNFS_ROOT_EXTRA_OPEN_PERM_CHECK), so no write reaches the group.
  if (!has.writableType(k))
    return refuse(`-EACCES: /sys/kernel/iommu_groups/${id}/type is read-only before 5.11`, 'kernfs_fop_open');
  if (value === '') {
    tx.emit({
      kind: 'sysfs',
      fn: 'sysfs_kf_write',
      group: id,
      message: `a write of no bytes to group ${id}'s type: nothing to store`,
      why: 'sysfs_kf_write returns 0 for an empty write without calling the store function, so nothing is checked or changed.',
      prefix: 'sandbox',
      silent: true,
    });
    return OK;
  }
  if (k === 'v6.1' && !g.defaultDomain) return refuse(`-EINVAL: group ${id} has no default domain`, STORE);
  // kernfs ends the buffer at the written length, and sysfs_streq stops at the first NUL and
  // forgives one trailing newline.
  const nul = value.indexOf('\0');
  const text = nul < 0 ? value : value.slice(0, nul);
  const v = text.endsWith('\n') ? text.slice(0, -1) : text;
  const keywords = has.dmaFqType(k) ? ['identity', 'DMA', 'DMA-FQ', 'auto'] : ['identity', 'DMA', 'auto'];
  if (!keywords.includes(v))
    return refuse(`-EINVAL: ${JSON.stringify(value)} is not one of ${keywords.join(', ')}`, STORE);
  if (g.devices.length !== 1) {
    kernelErr(
      tx,
      'Cannot change default domain: Group has more than one device',
      "Changing a group's default domain would change the mappings of every device in it, so only single-device groups may change.",
    );
    return refuse('-EINVAL: Cannot change default domain: Group has more than one device', STORE);
  }
  const bdf = g.devices[0]!;
  const dev = tx.dev(bdf);
  const cur = tx.dom(g.defaultDomain!);
  if (dev.driver && !(has.dmaFqType(k) && v === 'DMA-FQ' && cur.type === 'DMA')) {
    kernelErr(
      tx,
      'Device is still bound to driver',
      'A bound driver holds DMA mappings in the current domain; unbind it first.',
    );
    return refuse('-EBUSY: Device is still bound to driver', STORE);
  }
  if (g.domain !== g.defaultDomain) {
    kernelErr(
      tx,
      'Group not assigned to default domain',
      'User space (vfio) has the group in its own domain.',
      bdf,
    );
    return refuse('-EBUSY: Group not assigned to default domain', CHANGE);
  }
  const need = deviceNeed(tx, bdf);
  const cfg = tx.m.config!;
  let type: DomainType;
  if (v === 'auto') type = need.type ?? cfg.defaultType;
  else {
    type = v as DomainType;
    if (need.type && type !== need.type) {
      kernelErr(
        tx,
        `Device cannot be in ${TYPE_STR[type]} domain`,
        `The device needs a ${need.type} domain: ${need.why}.`,
        bdf,
      );
      return refuse(`-EINVAL: Device cannot be in ${TYPE_STR[type]} domain`, CHANGE);
    }
  }
  if (cur.type === type) {
    tx.emit({
      kind: 'sysfs',
      fn: 'iommu_change_dev_def_domain',
      group: id,
      message: `group ${id} is already ${type}: nothing to do`,
      why: 'The requested type is the current one.',
      prefix: 'sandbox',
      silent: true,
    });
    return OK;
  }
  if (type === 'DMA-FQ' && cur.type === 'DMA') {
    tx.mdom(cur.id).type = 'DMA-FQ';
    tx.emit({
      kind: 'sysfs',
      fn: 'iommu_dma_init_fq',
      group: id,
      domain: cur.id,
      message: `flush queue started on ${cur.id}`,
      why: 'DMA to DMA-FQ needs no new domain: the existing one just starts batching IOTLB invalidations.',
      prefix: 'sandbox',
      silent: true,
    });
    return OK;
  }
  const old = cur.id;
  const fresh = allocDefaultDomain(
    tx,
    id,
    type,
    'iommu_group_alloc_default_domain',
    `The sysfs write asks group ${id} for a ${type} default domain.`,
  );
  attachDevice(
    tx,
    bdf,
    fresh,
    '__iommu_attach_device',
    `The only device of group ${id} moves to the new default domain.`,
  );
  const mg = tx.mgrp(id);
  mg.defaultDomain = fresh;
  mg.domain = fresh;
  mg.typeWhy = `written to /sys/kernel/iommu_groups/${id}/type ("${v}")`;
  mg.typeWhyFn = 'iommu_group_store_type';
  finalizeDmaOps(tx, bdf, has.translatedOps(k));
  freeDomain(tx, old, 'iommu_change_dev_def_domain', `The previous default domain of group ${id} is freed.`);
  return OK;
}
