import { describe, expect, it } from 'vitest';
import { demoParams } from './demoParams';

describe('demoParams', () => {
  it('is null without ?demo', () => {
    expect(demoParams('')).toBeNull();
    expect(demoParams('?speed=2')).toBeNull();
  });
  it('presents the opened scenario at speed 1 for a bare ?demo', () => {
    expect(demoParams('?demo')).toEqual({ scenario: null, speed: 1 });
  });
  it('reads a library scenario and a known speed', () => {
    expect(demoParams('?demo=library/server.v6.1&speed=2')).toEqual({
      scenario: 'library/server.v6.1',
      speed: 2,
    });
  });
  it('falls back to speed 1 for a speed it does not offer', () => {
    expect(demoParams('?demo&speed=1000')?.speed).toBe(1);
    expect(demoParams('?demo&speed=abc')?.speed).toBe(1);
  });
});
