import { describe, expect, it } from 'vitest';
import { bimatrix, bimatrixRegret, columnValues, normaliseDistribution, rowValues } from '../../src/runner/game/bimatrix.js';
import { battleOfTheSexes, coordination3, degenerate3x2 } from './games.js';

describe('bimatrix view of a 2-player game', () => {
  it('reads Gambit-ordered payoffs into row-major matrices rescaled to [0, 1]', () => {
    const bm = bimatrix(degenerate3x2());
    expect([bm.m, bm.n]).toEqual([3, 2]);
    expect(Array.from(bm.a)).toEqual([3, 3, 2, 5, 0, 6].map((x) => x / 6));
    expect(Array.from(bm.b)).toEqual([3, 3, 2, 6, 3, 1].map((x) => (x - 1) / 5));
  });

  it('values and regret', () => {
    const bm = bimatrix(battleOfTheSexes());
    expect(Array.from(rowValues(bm, [1 / 3, 2 / 3]))).toEqual([1 / 3, 1 / 3].map((x) => expect.closeTo(x, 12)));
    expect(Array.from(columnValues(bm, [2 / 3, 1 / 3]))).toEqual([1 / 3, 1 / 3].map((x) => expect.closeTo(x, 12)));
    expect(bimatrixRegret(bm, [2 / 3, 1 / 3], [1 / 3, 2 / 3])).toBeLessThan(1e-15);
    expect(bimatrixRegret(bm, [1, 0], [0, 1])).toBe(0.5);
  });

  it('rejects games that are not 2-player', () => {
    expect(() => bimatrix(coordination3())).toThrow(/2 players/);
  });

  it('normaliseDistribution clips dust and returns null for nothing', () => {
    expect(normaliseDistribution([0.5, -1e-12, 0.5], 1e-9)).toEqual([0.5, 0, 0.5]);
    expect(normaliseDistribution([0, -1], 1e-9)).toBeNull();
  });
});
