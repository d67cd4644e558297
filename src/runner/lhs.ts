/**
 * Latin-hypercube sampling on the unit cube (McKay, Beckman & Conover 1979): each dimension is
 * cut into n equal strata and every stratum holds exactly one of the n points; which point takes
 * which stratum is an independent random permutation per dimension, and the position inside the
 * stratum is uniform.
 *
 * Randomness is counter-based (src/core/rng.ts): the draws for a dimension are keyed by
 * (seed, the dimension's stream, index, purpose), not by the dimension's position, so adding a
 * dimension leaves the others' columns unchanged. O(n x dims), no Math.random.
 */
import { seedKey, uniform } from '../core/rng.js';

const PURPOSE_PERMUTE = 0x4c48; // 'LH'
const PURPOSE_JITTER = 0x4a54; // 'JT'

/**
 * n points in [0, 1)^dims: result[i][d]. `streams[d]` keys dimension d's draws (any int32; use
 * a hash of the parameter path so that a dimension's draws do not depend on the others).
 */
export function latinHypercube(n: number, streams: readonly number[], seed: number): number[][] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`latin hypercube needs n >= 1 points, got ${n}`);
  const key = seedKey(seed);
  const out: number[][] = Array.from({ length: n }, () => new Array<number>(streams.length).fill(0));
  const perm = new Int32Array(n);
  streams.forEach((stream, d) => {
    for (let i = 0; i < n; i++) perm[i] = i;
    // Fisher-Yates, drawing j for position i from the counter (stream, i)
    for (let i = n - 1; i > 0; i--) {
      const j = Math.floor(uniform(key, stream, i, 0, PURPOSE_PERMUTE) * (i + 1));
      const t = perm[i]!;
      perm[i] = perm[j]!;
      perm[j] = t;
    }
    for (let i = 0; i < n; i++) out[i]![d] = (perm[i]! + uniform(key, stream, i, 0, PURPOSE_JITTER)) / n;
  });
  return out;
}

/** FNV-1a 32-bit hash of a string, as an int32: a stable stream id for a parameter path. */
export function streamOf(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h | 0;
}
