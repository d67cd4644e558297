import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial, forEachSubset } from '../../src/runner/game/subsets.js';

describe('k-subsets', () => {
  it('lists the 2-subsets of 4 in lexicographic order', () => {
    const out: number[][] = [];
    forEachSubset(4, 2, (s) => void out.push([...s]));
    expect(out).toEqual([[0, 1], [0, 2], [0, 3], [1, 2], [1, 3], [2, 3]]);
  });

  it('yields C(n, k) distinct increasing subsets', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 9 }), fc.integer({ min: 0, max: 9 }), (n, k) => {
        const seen = new Set<string>();
        forEachSubset(n, k, (s) => {
          expect(s.every((x, i) => x >= 0 && x < n && (i === 0 || x > s[i - 1]!))).toBe(true);
          seen.add(s.join(','));
        });
        expect(seen.size).toBe(binomial(n, k));
      }),
    );
  });

  it('stops when the callback returns false', () => {
    let calls = 0;
    expect(forEachSubset(5, 2, () => ++calls < 3)).toBe(false);
    expect(calls).toBe(3);
  });

  it('binomial', () => {
    expect([binomial(5, 0), binomial(5, 2), binomial(24, 12), binomial(3, 4)]).toEqual([1, 10, 2704156, 0]);
  });
});
