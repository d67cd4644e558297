/**
 * Counter-based randomness: every draw is a pure hash of its key
 * (run seed, stream, index, tick, purpose), so a draw never depends on the order in which
 * agents are visited, on which worker made it, or on how many draws came before it.
 * DESIGN.md keys draws by (run seed, stable agent key, tick, purpose); the stable key here is
 * (stream = the agent's group, index = its index inside the group).
 *
 * The mixer is MurmurHash3's block mix and 32-bit finaliser applied to a fixed-length key
 * (Appleby, public domain); two differently-salted lanes give 53 random bits per double.
 * Cost: ~20 integer multiplies per draw, no allocation.
 */

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;

function mixK(h: number, k: number): number {
  k = Math.imul(k, C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function lane(salt: number, a: number, b: number, c: number, d: number, e: number, f: number): number {
  let h = salt;
  h = mixK(h, a);
  h = mixK(h, b);
  h = mixK(h, c);
  h = mixK(h, d);
  h = mixK(h, e);
  h = mixK(h, f);
  return fmix(h ^ 24);
}

/** A run seed split into two 32-bit halves (the low 53 bits of the seed are used). */
export interface SeedKey {
  readonly lo: number;
  readonly hi: number;
}

export const MAX_SEED = Number.MAX_SAFE_INTEGER; // 2^53 - 1

export function seedKey(seed: number): SeedKey {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative safe integer, got ${seed}`);
  return { lo: seed % 0x100000000 >>> 0, hi: Math.floor(seed / 0x100000000) >>> 0 };
}

/** Uniform double in (0, 1): never 0 or 1, so logs and inverse CDFs are safe. */
export function uniform(key: SeedKey, stream: number, index: number, tick: number, purpose: number): number {
  const a = lane(0x9e3779b9, key.lo, key.hi, stream | 0, index | 0, tick | 0, purpose | 0);
  const b = lane(0x7f4a7c15, key.lo, key.hi, stream | 0, index | 0, tick | 0, purpose | 0);
  // 32 bits from a, 21 from b -> 53 bits, then shift half a step off zero.
  return ((a * 2097152 + (b >>> 11)) + 0.5) / 9007199254740992;
}

/** Standard normal by the inverse CDF (Acklam's rational approximation, |rel err| < 1.2e-9). */
export function normal(key: SeedKey, stream: number, index: number, tick: number, purpose: number): number {
  return invNormal(uniform(key, stream, index, tick, purpose));
}

const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

export function invNormal(p: number): number {
  const pl = 0.02425;
  if (p < pl) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  if (p > 1 - pl) {
    const q = Math.sqrt(-2 * Math.log(1 - p));
    return -(((((C[0]! * q + C[1]!) * q + C[2]!) * q + C[3]!) * q + C[4]!) * q + C[5]!) / ((((D[0]! * q + D[1]!) * q + D[2]!) * q + D[3]!) * q + 1);
  }
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0]! * r + A[1]!) * r + A[2]!) * r + A[3]!) * r + A[4]!) * r + A[5]!) * q) / (((((B[0]! * r + B[1]!) * r + B[2]!) * r + B[3]!) * r + B[4]!) * r + 1);
}

/** Lognormal with the given median and log-sd. */
export function lognormal(key: SeedKey, stream: number, index: number, tick: number, purpose: number, median: number, sigma: number): number {
  return median * Math.exp(sigma * normal(key, stream, index, tick, purpose));
}

/** Uniform on [lo, hi). */
export function uniformIn(key: SeedKey, stream: number, index: number, tick: number, purpose: number, lo: number, hi: number): number {
  return lo + (hi - lo) * uniform(key, stream, index, tick, purpose);
}

/**
 * Derive a child seed from a base seed and integers (e.g. replicate): a 53-bit hash.
 * DESIGN.md: run seed = hash(base seed, replicate), not of scenario or parameters, so that
 * replicate k of every scenario and point sees the same shocks (common random numbers).
 */
export function deriveSeed(base: number, ...parts: number[]): number {
  const k = seedKey(base);
  let a = 0x243f6a88;
  let b = 0x85a308d3;
  a = mixK(a, k.lo);
  a = mixK(a, k.hi);
  b = mixK(b, k.hi);
  b = mixK(b, k.lo);
  for (const p of parts) {
    a = mixK(a, p | 0);
    b = mixK(b, (p | 0) ^ 0x5bd1e995);
  }
  const ha = fmix(a ^ (parts.length * 4 + 8));
  const hb = fmix(b ^ (parts.length * 4 + 8));
  return (hb & 0x1fffff) * 0x100000000 + ha;
}
