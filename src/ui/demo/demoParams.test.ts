import { describe, expect, it } from 'vitest';
import { demoParams } from './demoParams';

describe('demoParams', () => {
  it('is null without ?demo', () => {
    expect(demoParams('')).toBeNull();
    expect(demoParams('?speed=2')).toBeNull();
  });
  it('presents the opened scenario at speed 1 for a bare ?demo', () => {
    expect(demoParams('?demo')).toEqual({ scenario: null, speed: 1, badSpeed: null });
  });
  it('reads a library scenario and a known speed', () => {
    expect(demoParams('?demo=library/server.v6.1&speed=2')).toEqual({
      scenario: 'library/server.v6.1',
      speed: 2,
      badSpeed: null,
    });
  });
  it('falls back to speed 1 for a speed it does not offer', () => {
    expect(demoParams('?demo&speed=1000')).toMatchObject({ speed: 1, badSpeed: '1000' });
    expect(demoParams('?demo&speed=abc')).toMatchObject({ speed: 1, badSpeed: 'abc' });
    expect(demoParams('?demo&speed=')).toMatchObject({ speed: 1, badSpeed: '' });
    expect(demoParams('?demo&speed=0.5')).toMatchObject({ speed: 0.5, badSpeed: null });
  });
});
