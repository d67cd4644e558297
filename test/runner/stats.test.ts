import { describe, expect, test } from 'vitest';
import { normal, seedKey, uniform } from '../../src/core/rng.js';
import { bootstrapInterval, BootstrapDraws, incompleteBeta, logGamma, quantileSorted7, studentTCdf, tInterval, tQuantile } from '../../src/runner/stats.js';

const close = (a: number, b: number, rel: number): void => {
  expect(Math.abs(a - b), `${a} vs ${b}`).toBeLessThanOrEqual(rel * Math.abs(b));
};

describe('Student t', () => {
  test('log-gamma and the incomplete beta at known points', () => {
    expect(Math.abs(logGamma(1))).toBeLessThan(1e-14);
    close(logGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-14);
    close(logGamma(10), Math.log(362880), 1e-14);
    close(incompleteBeta(0.5, 2, 2), 0.5, 1e-14);
    close(incompleteBeta(0.3, 1, 1), 0.3, 1e-14);
    close(incompleteBeta(0.2, 2, 3), 0.1808, 1e-13); // 1 - (1-x)^3 (1 + 3x)
  });

  test('0.975 quantiles match published values (scipy.stats.t.ppf) to 1e-12', () => {
    const known: [number, number][] = [
      [1, 12.706204736174707], // tan(0.475 pi)
      [2, 4.302652729749464],
      [3, 3.182446305284263],
      [4, 2.7764451051977934],
      [5, 2.5705818356363146],
      [9, 2.262157162798205],
      [10, 2.228138851986274],
      [29, 2.045229642132703],
      [100, 1.9839715185235518],
    ];
    for (const [df, q] of known) close(tQuantile(0.975, df), q, 1e-12);
    close(tQuantile(0.975, 1000), 1.9623390808264083, 1e-11);
    // towards the normal quantile as df grows; symmetric; the CDF inverts it
    expect(tQuantile(0.975, 1e6)).toBeGreaterThan(1.959963984540054);
    expect(tQuantile(0.975, 1e6)).toBeLessThan(1.96);
    close(tQuantile(0.025, 7), -tQuantile(0.975, 7), 1e-15);
    for (const df of [3, 7, 30]) close(studentTCdf(tQuantile(0.9, df), df), 0.9, 1e-13);
    expect(tQuantile(0.5, 4)).toBe(0);
    expect(tQuantile(1, 4)).toBeNaN();
  });

  test('hand-computed 95% t interval of 4 values', () => {
    // 0.12, -0.03, 0.40, 0.27: mean 0.19, sample sd 0.186010752377383, t_{0.975,3} = 3.182446305284263
    const r = tInterval([0.12, -0.03, 0.4, 0.27]);
    expect(r.n).toBe(4);
    close(r.mean, 0.19, 1e-14);
    close(r.sd, 0.18601075237738277, 1e-13);
    const half = (3.182446305284263 * 0.18601075237738277) / 2;
    close(r.low, 0.19 - half, 1e-12);
    close(r.high, 0.19 + half, 1e-12);
    close(r.low, -0.10598461582322222, 1e-12);
    close(r.high, 0.4859846158232222, 1e-12);
  });

  test('n = 1: mean only; n = 0: nothing', () => {
    const one = tInterval([3]);
    expect(one.mean).toBe(3);
    expect([one.sd, one.low, one.high]).toEqual([NaN, NaN, NaN]);
    expect(tInterval([]).mean).toBeNaN();
  });
});

describe('percentile bootstrap', () => {
  const key = seedKey(42);

  test('type-7 quantiles', () => {
    expect(quantileSorted7([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(quantileSorted7([1, 2, 3, 4], 0)).toBe(1);
    expect(quantileSorted7([1, 2, 3, 4], 1)).toBe(4);
    close(quantileSorted7([10, 20, 30], 0.025), 10.5, 1e-15);
  });

  test('deterministic: the same key and stream give the same interval; another stream another', () => {
    const v = [1.2, 0.7, 3.1, 2.2, 1.9, 0.4, 2.8];
    const a = bootstrapInterval(v, new BootstrapDraws(key, 5, 1000, v.length));
    const b = bootstrapInterval(v, new BootstrapDraws(key, 5, 1000, v.length));
    const c = bootstrapInterval(v, new BootstrapDraws(key, 6, 1000, v.length));
    expect(b).toEqual(a);
    expect(c.low).not.toBe(a.low);
    // a table too large to hold is drawn on the fly: the same numbers
    const big = new BootstrapDraws(key, 5, 1000, v.length);
    const onTheFly = { resamples: 1000, u: (bb: number, i: number) => uniform(key, 5, bb, i, BootstrapDraws.PURPOSE) } as unknown as BootstrapDraws;
    expect(bootstrapInterval(v, onTheFly)).toEqual(bootstrapInterval(v, big));
    // the interval holds the mean and lies inside the data's range
    expect(a.low).toBeLessThan(a.mean);
    expect(a.high).toBeGreaterThan(a.mean);
    expect(a.low).toBeGreaterThanOrEqual(0.4);
    expect(a.high).toBeLessThanOrEqual(3.1);
    expect(a.mean).toBe(tInterval(v).mean);
    expect(a.sd).toBe(tInterval(v).sd);
  });

  test('coverage: about 95% of intervals hold the true mean (normal data, n = 30)', () => {
    const trials = 200;
    let covered = 0;
    for (let k = 0; k < trials; k++) {
      const v = Array.from({ length: 30 }, (_, i) => 5 + 2 * normal(key, 99, k, i, 1));
      const r = bootstrapInterval(v, new BootstrapDraws(key, k, 400, 30));
      if (r.low <= 5 && 5 <= r.high) covered++;
    }
    // the percentile bootstrap undercovers a little at n = 30 (~93-94%); binomial sd ~1.6%
    expect(covered / trials).toBeGreaterThan(0.88);
    expect(covered / trials).toBeLessThan(0.99);
  });

  test('constant data: a zero-width interval', () => {
    const r = bootstrapInterval([2, 2, 2], new BootstrapDraws(key, 1, 200, 3));
    expect([r.low, r.mean, r.high, r.sd]).toEqual([2, 2, 2, 0]);
  });
});
