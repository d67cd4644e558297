import { describe, expect, test } from 'vitest';
import { ACTOR_GROUPS, COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS } from '../../src/agents/model.js';
import { ACTOR_METRICS, ACTOR_ROW_METRICS, ACTOR_ROWS, actorMetrics, checkSeriesShape, MARKET_METRICS, marketMetrics, metricWindows, type MetricSeries as RunSeries } from '../../src/runner/metrics.js';

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
const ac = (s: RunSeries, g: number | string = 0, cw: [number, number] | null = null): Record<string, number> => {
  if (typeof g === 'string') g = ACTOR_ROWS.indexOf(g);
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

describe('policy actors', () => {
  /** Books over 100 weeks, shock at week 60: the Vault from week 60, the office's export books, a floor from week 70. */
  function withBooks(): RunSeries {
    const T = 100;
    const s = series(T, 60, {});
    const V = VAULT_BOOK_COLUMNS.length;
    const vc = (c: (typeof VAULT_BOOK_COLUMNS)[number]): number => VAULT_BOOK_COLUMNS.indexOf(c);
    const vaultBooks = new Float64Array(T * V);
    for (let t = 60; t < T; t++) {
      const k = t - 59; // weeks the Vault has run, counting this one
      const row = vaultBooks.subarray(t * V, (t + 1) * V);
      row[vc('loan')] = 1e10;
      row[vc('private_capital')] = 1e9;
      row[vc('fees')] = 1e8 + 1e6 * k;
      row[vc('interest_paid')] = row[vc('interest_accrued')] = 2e6 * k;
      row[vc('storage')] = 1e5 * k;
      row[vc('realised_gains')] = 5e4 * k;
      row[vc('inventory_cost')] = 3e8;
      row[vc('inventory_value')] = 3.3e8;
      row[vc('cash')] = 1e10 + 1e9 + row[vc('fees')]! - row[vc('interest_paid')]! - row[vc('storage')]! + row[vc('realised_gains')]! - 3e8;
      row[vc('books_residual')] = t === 80 ? -2.5e-6 : 1e-7;
    }
    const K = CN_OFFICE_COLUMNS.length;
    const cc = (c: (typeof CN_OFFICE_COLUMNS)[number]): number => CN_OFFICE_COLUMNS.indexOf(c);
    const cnOffice = new Float64Array(T * K);
    for (let t = 0; t < T; t++) {
      const row = cnOffice.subarray(t * K, (t + 1) * K);
      row[cc('export_revenue')] = t < 60 ? 100 : 150;
      row[cc('export_cost')] = 60;
      row[cc('ex_cn_share')] = t < 60 ? 0.8 : 0.6;
      row[cc('noncn_capacity')] = 1000 + 10 * t;
      row[cc('state_stock_value')] = t;
    }
    const floorBooks = new Float64Array(T * 2);
    for (let t = 70; t < T; t++) floorBooks.set([1e6 * (t - 69), 2e5 * (t - 69)], t * 2);
    return { ...s, vaultBooks, cnOffice, floorBooks };
  }

  test('us_vault: fees, net income, the largest residual, inventory at cost and at market', () => {
    const r = ac(withBooks(), 'us_vault');
    // 40 weeks of the Vault (60-99): cumulative fees at week 99 (k = 40), none before week 60
    expect(r.revenue).toBeCloseTo(1e8 + 4e7, 3);
    expect(r.net_income).toBeCloseTo(1e8 + 40 * (1e6 - 2e6 - 1e5 + 5e4), 3);
    expect(r.books_residual_max).toBe(2.5e-6);
    expect(r.inventory_cost_end).toBe(3e8);
    expect(r.inventory_value_end).toBe(3.3e8);
    expect([r.unit_cost_change, r.shortage_share, r.rent, r.price_floor_cost]).toEqual([NaN, NaN, NaN, NaN]);
  });

  test('cn_office: export revenue and rent after the baseline, the changes', () => {
    const r = ac(withBooks(), 'cn_office');
    expect(r.revenue).toBe(40 * 150);
    expect(r.rent).toBe(40 * 90);
    expect(r.revenue_change).toBeCloseTo(0.5, 12);
    expect(r.ex_cn_share_change).toBeCloseTo(0.6 / 0.8 - 1, 12);
    expect(r.noncn_capacity_change).toBeCloseTo((1000 + 990) / (1000 + 600) - 1, 12);
    expect(r.inventory_value_end).toBe(99);
    expect([r.unit_cost_change, r.shortage_share, r.output_change, r.books_residual_max]).toEqual([NaN, NaN, NaN, NaN]);
    // the measured window moves noncn_capacity_change: years [0, 0.5) after the shock = weeks 60-85
    expect(ac(withBooks(), 'cn_office', [0, 0.5]).noncn_capacity_change).toBeCloseTo((1000 + 850) / (1000 + 600) - 1, 12);
  });

  test('us_price_floor: cumulative top-ups + offtake', () => {
    expect(ac(withBooks(), 'us_price_floor').price_floor_cost).toBe(30 * 1.2e6);
  });

  test('a model without books: the policy rows are empty; a NaN residual is not hidden', () => {
    const r = actorMetrics(series(60, -1, {}), metricWindows(60, -1));
    const K = ACTOR_METRICS.length;
    for (const a of ['us_vault', 'cn_office', 'us_price_floor']) {
      const o = ACTOR_ROWS.indexOf(a) * K;
      expect([...r.subarray(o, o + K)].every(Number.isNaN)).toBe(true);
    }
    const s = withBooks();
    s.vaultBooks![70 * VAULT_BOOK_COLUMNS.length + VAULT_BOOK_COLUMNS.indexOf('books_residual')] = NaN;
    expect(ac(s, 'us_vault').books_residual_max).toBeNaN();
  });

  test('every row has exactly its metrics', () => {
    const r = actorMetrics(withBooks(), metricWindows(100, 60));
    ACTOR_ROWS.forEach((a, ai) => {
      ACTOR_METRICS.forEach((m, k) => {
        if (!ACTOR_ROW_METRICS[ai]!.includes(m)) expect(r[ai * ACTOR_METRICS.length + k], `${a} ${m}`).toBeNaN();
      });
    });
    expect(ACTOR_ROWS.slice(0, ACTOR_GROUPS.length)).toEqual([...ACTOR_GROUPS]);
  });
});

describe('shape', () => {
  test('a series of the wrong shape is refused with a reason', () => {
    const s = series(60, -1, {});
    expect(() => checkSeriesShape(s)).not.toThrow();
    expect(() => checkSeriesShape({ ...s, markets: 3 })).toThrow(/markets/);
    expect(() => checkSeriesShape({ ...s, price: new Float64Array(5) })).toThrow(/price/);
    expect(() => checkSeriesShape({ ...s, vaultBooks: new Float64Array(5) })).toThrow(/vaultBooks/);
    expect(() => checkSeriesShape({ ...s, flows: new Float64Array(5) })).toThrow(/flows/);
  });
});
