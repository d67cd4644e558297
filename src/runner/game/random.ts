/**
 * A seeded `rand(): number` for the game solvers, drawn from the project's counter-based RNG
 * (src/core/rng.ts): draw k of stream s under seed S is uniform(S, s, k), so a result depends only
 * on (seed, stream) and how many draws came before it in that stream, never on Math.random.
 */

import { seedKey, uniform } from '../../core/rng.js';

/** Uniforms in (0, 1) from (seed, stream); the k-th call returns draw k. Good for 2^31 draws. */
export function seededRand(seed: number, stream = 0): () => number {
  const key = seedKey(seed);
  let k = 0;
  return () => uniform(key, stream, k++, 0, 0x67616d65 /* "game" */);
}
