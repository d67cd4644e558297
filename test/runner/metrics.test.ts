import { describe, expect, test } from 'vitest';
import { ACTOR_GROUPS, COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { ACTOR_METRICS, actorMetrics, checkSeriesShape, MARKET_METRICS, marketMetrics, metricWindows, type MetricSeries as RunSeries } from '../../src/runner/metrics.js';

const M = COMMODITIES.length * SEGMENTS.length;
const G = ACTOR_GROUPS.length;

/** A series where every market / group follows the given functions of the week. */
function series(weeks: number, firstShockWeek: number, f: { price?: (t: number, m: number) => number; demand?: (t: number) => number; shortage?: (t: number) => number; output?: (t: number, g: number) => number; cost?: (t: number, g: number) => number; need?: (t: number) => number; short?: (t: number) => number; revenue?: (t: number) => number }): RunSeries {
  const mk = (w: number, fn: (t: number, c: number) => number): Float64Array => {
    const a = new Float64Array(weeks * w);
    for (let t = 0; t < weeks; t++) for (let c = 0; c < w; c++) a[t * w + c] = fn(t, c);
    return a;
  };
  return {
    weeks,
    markets: M,
    price: mk(M, f.price ?? (() => 10)),
    traded: mk(M, () => 1),
    demand: mk(M, (t) => (f.demand ?? (() => 100))(t)),
    supply: mk(M, () => 1),
    shortage: mk(M, (t) => (f.shortage ?? (() => 0))(t)),
    groups: G,
    groupOutput: mk(G, f.output ?? (() => 10)),
    groupCost: mk(G, f.cost ?? (() => 50)),
    groupShortValue: mk(G, (t) => (f.short ?? (() => 0))(t)),
    groupNeedValue: mk(G, (t) => (f.need ?? (() => 0))(t)),
    groupRevenue: mk(G, (t) => (f.revenue ?? (() => 1))(t)),
    firstShockWeek,
    agents: 1,
  };
}

const mk = (s: RunSeries, m = 0, cw: [number, number] | null = null): Record<string, number> => {
  const out = marketMetrics(s, metricWindows(s.weeks, s.firstShockWeek, cw));
  return Object.fromEntries(MARKET_METRICS.map((k, i) => [k, out[m * MARKET_METRICS.length + i]!]));
};
const ac = (s: RunSeries, g = 0, cw: [number, number] | null = null): Record<string, number> => {
  const out = actorMetrics(s, metricWindows(s.weeks, s.firstShockWeek, cw));
  return Object.fromEntries(ACTOR_METRICS.map((k, i) => [k, out[g * ACTOR_METRICS.length + i]!]));
};

describe('windows', () => {
  test('no shock: baseline is weeks 0-51, measured from week 52', () => {
    expect(metricWindows(260, -1)).toEqual({ weeks: 260, burnIn: 52, baselineStart: 0, baselineEnd: 52, measureStart: 52, measureEnd: 260 });
  });
  test('shock at week 60: baseline 8-59; cost window in years after the shock', () => {
    expect(metricWindows(260, 60)).toMatchObject({ baselineStart: 8, baselineEnd: 60, measureStart: 60, measureEnd: 260 });
    expect(metricWindows(260, 60, [0, 1])).toMatchObject({ measureStart: 60, measureEnd: 112 });
    expect(metricWindows(260, 60, [1, 10])).toMatchObject({ measureStart: 112, measureEnd: 260 });
  });
});

describe('market metrics', () => {
  test('a flat price: ratio 1, no volatility, no weeks above 2x', () => {
    const r = mk(series(104, -1, {}));
    expect(r).toEqual({ mean_price: 10, peak_price_ratio: 1, realized_vol: 0, weeks_above_2x: 0, shortage_share: 0, baseline_price: 10 });
  });

  test('a spike after a shock at week 60', () => {
    // 10 until week 59, 30 in weeks 60-69, 15 from week 70 on (horizon 100)
    const price = (t: number): number => (t < 60 ? 10 : t < 70 ? 30 : 15);
    const r = mk(series(100, 60, { price }));
    expect(r.baseline_price).toBe(10);
    expect(r.peak_price_ratio).toBe(3);
    expect(r.weeks_above_2x).toBe(10); // 30 > 20 for 10 weeks; 15 is not
    // mean over weeks 52-99: 8 x 10 + 10 x 30 + 30 x 15 over 48
    expect(r.mean_price).toBeCloseTo((8 * 10 + 10 * 30 + 30 * 15) / 48, 12);
    // returns (weeks 53..99): 46 zeros, ln 3 at week 60, ln 0.5 at week 70
    const rets = [...Array(45).fill(0), Math.log(3), Math.log(0.5)];
    const mu = rets.reduce((a, b) => a + b) / rets.length;
    const sd = Math.sqrt(rets.reduce((a, b) => a + (b - mu) ** 2, 0) / (rets.length - 1));
    expect(r.realized_vol).toBeCloseTo(sd * Math.sqrt(52), 12);
  });

  test('baseline is the 52 weeks before the shock, not the burn-in', () => {
    const price = (t: number): number => (t < 20 ? 100 : t < 60 ? 10 : 25);
    const r = mk(series(100, 60, { price }));
    // weeks 8-59: 12 weeks at 100, 40 at 10
    expect(r.baseline_price).toBeCloseTo((12 * 100 + 40 * 10) / 52, 12);
  });

  test('shortage share = sum shortage / sum demand after burn-in; 0 with no demand', () => {
    const r = mk(series(62, -1, { demand: (t) => (t < 52 ? 1000 : 100), shortage: (t) => (t < 52 ? 999 : t === 52 ? 50 : 0) }));
    expect(r.shortage_share).toBeCloseTo(50 / 1000, 12);
    expect(mk(series(62, -1, { demand: () => 0 })).shortage_share).toBe(0);
  });

  test('undefined metrics are NaN, not errors: zero baseline, shock at week 0', () => {
    const z = mk(series(60, -1, { price: () => 0 }));
    expect(z.peak_price_ratio).toBeNaN();
    expect(z.weeks_above_2x).toBeNaN();
    expect(z.realized_vol).toBeNaN();
    const s0 = mk(series(60, 0, {}));
    expect(s0.baseline_price).toBeNaN();
    expect(s0.peak_price_ratio).toBeNaN();
    expect(s0.mean_price).toBe(10);
  });

  test('each market is measured on its own column', () => {
    const r = mk(series(60, -1, { price: (t, m) => (m === 7 && t >= 55 ? 50 : 10) }), 7);
    expect(r.peak_price_ratio).toBe(5);
    expect(mk(series(60, -1, { price: (t, m) => (m === 7 && t >= 55 ? 50 : 10) }), 6).peak_price_ratio).toBe(1);
  });
});

describe('actor metrics', () => {
  test('unit cost change over the measured window', () => {
    // unit cost 5 before week 60, 6.5 after -> +30%
    const s = series(120, 60, { output: () => 10, cost: (t) => (t < 60 ? 50 : 65) });
    expect(ac(s).unit_cost_change).toBeCloseTo(0.3, 12);
  });

  test('cost_window_years selects years after the shock', () => {
    // +30% in the first year after the shock, +10% later
    const s = series(260, 60, { output: () => 10, cost: (t) => (t < 60 ? 50 : t < 112 ? 65 : 55) });
    expect(ac(s, 0, [0, 1]).unit_cost_change).toBeCloseTo(0.3, 12);
    expect(ac(s, 0, [1, 5]).unit_cost_change).toBeCloseTo(0.1, 12);
  });

  test('output and revenue change; shortage share of need value after burn-in', () => {
    const s = series(104, -1, { output: (t) => (t < 52 ? 10 : 8), cost: (t) => (t < 52 ? 50 : 40), revenue: (t) => (t < 52 ? 100 : 120), need: () => 200, short: (t) => (t < 52 ? 200 : 20) });
    const r = ac(s);
    expect(r.unit_cost_change).toBeCloseTo(0, 12);
    expect(r.output_change).toBeCloseTo(-0.2, 12);
    expect(r.revenue_change).toBeCloseTo(0.2, 12);
    expect(r.shortage_share).toBeCloseTo(0.1, 12);
  });

  test('weeks without output do not enter the unit cost; no output at all is NaN; no need is 0', () => {
    const s = series(104, -1, { output: (t, g) => (g === 1 ? 0 : t % 2 === 0 ? 10 : 0), cost: () => 50 });
    expect(ac(s, 0).unit_cost_change).toBe(0);
    expect(ac(s, 1).unit_cost_change).toBeNaN();
    expect(ac(s, 1).output_change).toBeNaN();
    expect(ac(s, 1).shortage_share).toBe(0);
  });
});

describe('shape', () => {
  test('a series of the wrong shape is refused with a reason', () => {
    const s = series(60, -1, {});
    expect(() => checkSeriesShape(s)).not.toThrow();
    expect(() => checkSeriesShape({ ...s, markets: 3 })).toThrow(/markets/);
    expect(() => checkSeriesShape({ ...s, price: new Float64Array(5) })).toThrow(/price/);
  });
});
