/**
 * Statistics for summary.csv: mean, sample sd, the 95% Student t interval and a seeded
 * percentile bootstrap. Means and sds come from simple-statistics; the t quantile is computed
 * here (simple-statistics has none) by inverting the t CDF, which is the regularised incomplete
 * beta function (continued fraction, Numerical Recipes 6.4, with a Lanczos log-gamma), so it is
 * right for small n where a normal approximation is not (t_{0.975, 3} = 3.1824, not 1.96).
 *
 * Everything is a pure function of its inputs: the bootstrap draws come from src/core/rng.ts,
 * keyed by (seed, stream, resample, draw), never from Math.random.
 */
import { mean as ssMean, sampleStandardDeviation } from 'simple-statistics';
import { uniform, type SeedKey } from '../core/rng.js';

/** Two-sided 95% intervals. */
export const CI_LEVEL = 0.95;

// --- log-gamma and the regularised incomplete beta function

const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** ln Gamma(x) for x > 0 (Lanczos, g = 7, 9 terms; relative error ~1e-15). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + LANCZOS_G + 0.5;
  for (let i = 1; i < LANCZOS.length; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of the incomplete beta function (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const TINY = 1e-300;
  const EPS = 1e-16;
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const del = d * c;
    h *= del;
    if (Math.abs(del - 1) < EPS) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b), a, b > 0, 0 <= x <= 1. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const lnFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  const front = Math.exp(lnFront);
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(a, b, x)) / a;
  return 1 - (front * betaContinuedFraction(b, a, 1 - x)) / b;
}

/** P(T <= t) for Student's t with df > 0 degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

const quantileCache = new Map<string, number>();

/**
 * The p-quantile of Student's t with df degrees of freedom (0 < p < 1, df > 0). Closed forms for
 * df = 1 (Cauchy) and df = 2; otherwise bisection on the CDF, which is monotone, down to
 * adjacent doubles (about 60 steps), so the result is as good as the CDF (~1e-14 relative for
 * the df a summary meets). Cached: summary.csv asks for the same few df over and over.
 */
export function tQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  const key = `${p}:${df}`;
  const hit = quantileCache.get(key);
  if (hit !== undefined) return hit;
  let q: number;
  if (df === 1) q = Math.tan(Math.PI * (p - 0.5));
  else if (df === 2) q = (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
  else if (p < 0.5) q = -tQuantile(1 - p, df);
  else {
    let lo = 0;
    let hi = 2;
    while (studentTCdf(hi, df) < p) {
      lo = hi;
      hi *= 2;
      if (hi > 1e300) break;
    }
    for (let i = 0; i < 2000; i++) {
      const mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) break;
      if (studentTCdf(mid, df) < p) lo = mid;
      else hi = mid;
    }
    q = lo + (hi - lo) / 2;
  }
  if (quantileCache.size < 10_000) quantileCache.set(key, q);
  return q;
}

// --- descriptive statistics and intervals

export interface Interval {
  /** number of values (finite ones) */
  n: number;
  /** NaN when n = 0 */
  mean: number;
  /** sample sd (n - 1); NaN when n < 2 */
  sd: number;
  /** NaN when n < 2 */
  low: number;
  high: number;
}

export function describe(values: readonly number[]): { n: number; mean: number; sd: number } {
  const n = values.length;
  if (n === 0) return { n, mean: NaN, sd: NaN };
  const m = ssMean(values as number[]);
  const sd = n >= 2 ? sampleStandardDeviation(values as number[]) : NaN;
  return { n, mean: m, sd };
}

/** mean +- t_{0.975, n-1} sd / sqrt(n). */
export function tInterval(values: readonly number[], level = CI_LEVEL): Interval {
  const d = describe(values);
  if (d.n < 2) return { ...d, low: NaN, high: NaN };
  const half = (tQuantile(1 - (1 - level) / 2, d.n - 1) * d.sd) / Math.sqrt(d.n);
  return { ...d, low: d.mean - half, high: d.mean + half };
}

/**
 * The uniforms of a bootstrap: draw i of resample b is uniform(key, stream, b, i, purpose), so a
 * resample depends only on the key, the stream (summary.ts makes it from the scenario and point)
 * and (b, i), never on which other rows are computed. Held as a B x width matrix when that is
 * small (the same draws serve every metric of a scenario x point), computed on the fly otherwise.
 */
export class BootstrapDraws {
  readonly resamples: number;
  private readonly key: SeedKey;
  private readonly stream: number;
  private readonly width: number;
  private readonly table: Float64Array | null;

  static readonly PURPOSE = 0x62;
  static readonly MAX_TABLE = 1 << 22;

  constructor(key: SeedKey, stream: number, resamples: number, width: number) {
    this.key = key;
    this.stream = stream | 0;
    this.resamples = resamples;
    this.width = width;
    if (resamples * width <= BootstrapDraws.MAX_TABLE) {
      const t = new Float64Array(resamples * width);
      for (let b = 0; b < resamples; b++) for (let i = 0; i < width; i++) t[b * width + i] = uniform(key, this.stream, b, i, BootstrapDraws.PURPOSE);
      this.table = t;
    } else {
      this.table = null;
    }
  }

  /** uniform in (0, 1) for draw i (< width) of resample b */
  u(b: number, i: number): number {
    return this.table !== null && i < this.width ? this.table[b * this.width + i]! : uniform(this.key, this.stream, b, i, BootstrapDraws.PURPOSE);
  }
}

/**
 * Percentile bootstrap of the mean: B resamples of the n values with replacement (draw i of
 * resample b takes value floor(u(b, i) * n)), the interval is the (1 - level)/2 and
 * (1 + level)/2 quantiles of the B resample means (linear interpolation between order
 * statistics, R's type 7). Mean and sd are those of the values themselves.
 */
export function bootstrapInterval(values: readonly number[], draws: BootstrapDraws, level = CI_LEVEL): Interval {
  const d = describe(values);
  if (d.n < 2) return { ...d, low: NaN, high: NaN };
  const B = draws.resamples;
  const n = d.n;
  const means = new Float64Array(B);
  for (let b = 0; b < B; b++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += values[Math.min(n - 1, Math.floor(draws.u(b, i) * n))]!;
    means[b] = s / n;
  }
  means.sort();
  const a = (1 - level) / 2;
  return { ...d, low: quantileSorted7(means, a), high: quantileSorted7(means, 1 - a) };
}

/** Quantile of sorted values by linear interpolation between order statistics (R type 7). */
export function quantileSorted7(sorted: Float64Array | readonly number[], p: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}
