import { describe, expect, it } from 'vitest';
import { seededRand } from '../../src/runner/game/random.js';

describe('seededRand', () => {
  it('is a pure function of (seed, stream, draw number): golden values for seed 42', () => {
    const a = seededRand(42);
    const first = [a(), a(), a()];
    const b = seededRand(42);
    expect([b(), b(), b()]).toEqual(first);
    expect(first.every((u) => u > 0 && u < 1)).toBe(true);
    expect(seededRand(42, 1)()).not.toBe(first[0]);
    expect(seededRand(43)()).not.toBe(first[0]);
    // Pinned: a change here changes every seeded solver result.
    expect(first[0]).toBe(0.4448786805212657);
  });
});
