import { describe, expect, it } from 'vitest';
import { place } from './Tour';

// A 390×844 phone with the panels stacked; the card is 340×260.
const phone = [340, 260, 390, 844] as const;

describe('the tour card', () => {
  it('goes beside its target where it fits', () => {
    expect(place({ top: 60, left: 10, width: 300, height: 500 }, 340, 260, 1600, 1000)).toEqual({
      top: 60,
      left: 322,
    });
  });

  it('on a phone goes below or above its target, inside the screen', () => {
    expect(place({ top: 30, left: 6, width: 378, height: 40 }, ...phone)).toEqual({ top: 82, left: 12 });
    expect(place({ top: 324, left: 6, width: 378, height: 520 }, ...phone)).toEqual({ top: 52, left: 12 });
  });

  it('over a target taller than the screen stays on screen (the stop that stuck on a phone)', () => {
    // The inspector, right half of a two-column phone layout, reaching below the fold.
    const { top, left } = place({ top: 0, left: 199, width: 185, height: 1400 }, ...phone);
    expect(left + 340).toBeLessThanOrEqual(390 - 12);
    expect(top + 260).toBeLessThanOrEqual(844 - 12);
  });
});
