/** Whether this browser has seen the tour: all the first load needs to decide to start it. */

/** localStorage key remembering that the tour was finished or dismissed. */
export const TOUR_KEY = 'iommu-sandbox/tour@1';

/** Whether this browser has not seen the tour yet (storage errors count as seen: never nag). */
export function firstVisit(storage: Pick<Storage, 'getItem'> | undefined): boolean {
  try {
    return storage?.getItem(TOUR_KEY) === null;
  } catch {
    return false;
  }
}

/** Remembers the tour as seen. */
export function markSeen(storage: Pick<Storage, 'setItem'> | undefined): void {
  try {
    storage?.setItem(TOUR_KEY, 'seen');
  } catch {
    // Private mode or a full quota: the tour may show again next time, nothing worse.
  }
}
