import { describe, expect, it } from 'vitest';
import { createLessonsStore, PROGRESS_KEY, parseProgress } from './progress';

/** An in-memory Storage, optionally failing on every access (privacy mode). */
function memoryStorage(initial: Record<string, string> = {}, failing = false): Storage {
  const data = new Map(Object.entries(initial));
  const guard = () => {
    if (failing) throw new DOMException('denied', 'SecurityError');
  };
  return {
    get length() {
      return data.size;
    },
    clear: () => data.clear(),
    key: (i) => [...data.keys()][i] ?? null,
    getItem(k) {
      guard();
      return data.get(k) ?? null;
    },
    setItem(k, v) {
      guard();
      data.set(k, v);
    },
    removeItem: (k) => void data.delete(k),
  };
}

describe('lesson progress', () => {
  it('is kept under the versioned key and read back by a new store (a reload)', () => {
    const storage = memoryStorage();
    const first = createLessonsStore(storage);
    first.getState().choose('vfio');
    first.getState().revealHint('vfio', 3);
    first.getState().revealHint('vfio', 3);
    first.getState().complete('first-group');
    first.getState().explain('si-domain-freed');
    expect(JSON.parse(storage.getItem(PROGRESS_KEY) ?? '')).toMatchObject({ v: 1 });

    const again = createLessonsStore(storage).getState();
    expect(again.current).toBe('vfio');
    expect(again.hints).toEqual({ vfio: 2 });
    expect(again.completed).toEqual(['first-group']);
    expect(again.explained).toEqual(['si-domain-freed']);
  });

  it('shows hints only up to the lesson’s count and completes a lesson once', () => {
    const s = createLessonsStore(null);
    for (let i = 0; i < 5; i++) s.getState().revealHint('kdump', 3);
    s.getState().complete('kdump');
    s.getState().complete('kdump');
    expect(s.getState().hints.kdump).toBe(3);
    expect(s.getState().completed).toEqual(['kdump']);
  });

  it.each([
    ['not JSON', '{"v":1,'],
    ['another version', JSON.stringify({ v: 2, completed: ['vfio'] })],
    ['an array', '[1,2,3]'],
    ['null', 'null'],
    ['a string', '"lessons"'],
  ])('starts empty when the saved text is %s', (_, text) => {
    expect(parseProgress(text)).toEqual({ completed: [], current: null, hints: {}, explained: [] });
  });

  it('keeps what can be trusted from a damaged save and drops the rest', () => {
    const text = JSON.stringify({
      v: 1,
      completed: ['vfio', 42, null, 'vfio', '<img src=x onerror=alert(1)>', 'x'.repeat(500)],
      current: { id: 'vfio' },
      hints: { vfio: 2, kdump: -1, 'iommu-pt': 2.5, sysfs: 1e9, 'a b': 1 },
      explained: 'si-domain-freed',
    });
    expect(parseProgress(text)).toEqual({
      completed: ['vfio'],
      current: null,
      hints: { vfio: 2, sysfs: 10 },
      explained: [],
    });
  });

  it('works, without keeping anything, when storage refuses access', () => {
    const s = createLessonsStore(memoryStorage({}, true));
    s.getState().complete('vfio');
    expect(s.getState().completed).toEqual(['vfio']);
  });
});
