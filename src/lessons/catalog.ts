/** Every lesson, in the order a newcomer should take them: first steps first, review bugs last. */
import { firstGroup } from './l01-first-group';
import { acsHotplug } from './l02-acs-hotplug';
import { iommuPt } from './l03-iommu-pt';
import { dmaMask32 } from './l04-32bit-v5-3';
import { twoNeeds } from './l05-two-needs';
import { vfio } from './l06-vfio';
import { sysfsType } from './l07-sysfs-type';
import { kdump } from './l08-kdump';
import { siDomainFreed } from './l09-si-domain';
import type { Lesson } from './types';

export const LESSONS: readonly Lesson[] = [
  firstGroup,
  acsHotplug,
  iommuPt,
  dmaMask32,
  twoNeeds,
  vfio,
  sysfsType,
  kdump,
  siDomainFreed,
];

/** The lesson with this id, if there is one. */
export const lessonById = (id: string | null): Lesson | undefined =>
  id === null ? undefined : LESSONS.find((l) => l.id === id);
