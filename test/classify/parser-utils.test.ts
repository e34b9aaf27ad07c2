import { describe, expect, it } from 'vitest';
import { emptyCollection } from '../../src/classify/parser.ts';

describe('emptyCollection', () => {
  it('empties a Map and a Set, which stay usable', () => {
    const map = new Map<string, { i: number }>(Array.from({ length: 40 }, (_, i) => [`k${i}`, { i }]));
    const set = new Set(['a', 'b', 'c']);
    emptyCollection(map);
    emptyCollection(set);
    expect([map.size, set.size]).toEqual([0, 0]);
    map.set('again', { i: 1 });
    set.add('d');
    expect([[...map.keys()], [...set]]).toEqual([['again'], ['d']]);
  });

  it('ends an iterator taken before it', () => {
    const set = new Set([1, 2, 3]);
    const it = set.values();
    emptyCollection(set);
    expect(it.next().done).toBe(true);
  });
});
