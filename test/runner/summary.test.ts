import { parse } from 'csv-parse/sync';
import { describe, expect, test } from 'vitest';
import { ACTOR_ROWS, ACTOR_METRICS, MARKET_METRICS } from '../../src/runner/metrics.js';
import { expandRuns } from '../../src/runner/expand.js';
import { summaryBlocks, summaryCells, summaryColumns, writeSummaryRows, type SummarySpec } from '../../src/runner/summary.js';
import { tInterval } from '../../src/runner/stats.js';
import { COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import type { RunResult } from '../../src/runner/task.js';
import { loaded } from './helpers.js';

const M = COMMODITIES.length * SEGMENTS.length * MARKET_METRICS.length;
const A = ACTOR_ROWS.length * ACTOR_METRICS.length;

/** Metrics of a run as a function of (scenario index, point index, replicate, cell offset). */
type Fn = (s: number, p: number, k: number, o: number) => number;

function summarize(cfg: Record<string, unknown>, f: Fn, spec: Partial<SummarySpec> = {}, failed: (s: number, p: number, k: number) => boolean = () => false): Record<string, string>[] {
  const config = loaded(cfg).config;
  const runs = expandRuns(config);
  const results = runs.map((r): RunResult | null =>
    failed(r.scenarioIndex, r.pointIndex, r.replicate)
      ? null
      : {
          index: r.index,
          run_id: r.run_id,
          market: new Float64Array(M).map((_, o) => f(r.scenarioIndex, r.pointIndex, r.replicate, o)),
          actor: new Float64Array(A).map((_, o) => f(r.scenarioIndex, r.pointIndex, r.replicate, M + o)),
          agents: 1,
          firstShockWeek: -1,
          ms: 0,
          timeseries: null,
        },
  );
  let text = summaryColumns(Object.keys(config.sweep?.grid ?? {})).join(',') + '\n';
  writeSummaryRows({
    runs,
    swept: Object.keys(config.sweep?.grid ?? {}),
    spec: { reference: config.reference_scenario, ci: config.outputs.ci, resamples: config.outputs.bootstrap_resamples, seed: config.seed, ...spec },
    get: (i) => results[i] ?? null,
    write: (t) => (text += t),
  });
  return parse(text, { columns: true }) as Record<string, string>[];
}

const two = { replications: 4, horizon_weeks: 53, scenarios: [{ name: 'base' }, { name: 'shock' }], reference_scenario: 'base' };
const noise = (s: number, k: number, o: number): number => Math.sin(1 + s * 7.1 + k * 3.3 + o * 0.37);

describe('summary.csv', () => {
  test('a row per scenario x cell x metric, in order; rows match hand computations', () => {
    const rows = summarize(two, (s, _p, k, o) => noise(s, k, o));
    const cells = summaryCells();
    expect(rows).toHaveLength(2 * cells.length);
    expect(rows[0]).toMatchObject({ scenario: 'base', point: '', kind: 'market', commodity: 'ndpr', segment: 'cn', actor: '', metric: 'mean_price', n: '4', ci_method: 't', diff_mean: '', diff_n: '' });
    // market cell 0 of scenario 'shock': mean, sd and t interval of the 4 replicates
    const r = rows[cells.length]!;
    const values = [0, 1, 2, 3].map((k) => noise(1, k, 0));
    const t = tInterval(values);
    expect(Number(r.mean)).toBeCloseTo(t.mean, 11);
    expect(Number(r.sd)).toBeCloseTo(t.sd, 11);
    expect(Number(r.ci_low)).toBeCloseTo(t.low, 11);
    expect(Number(r.ci_high)).toBeCloseTo(t.high, 11);
    // actor rows: only the metrics each actor has
    const actors = rows.filter((x) => x.kind === 'actor' && x.scenario === 'base');
    expect(actors.filter((x) => x.actor === 'kr_battery').map((x) => x.metric)).toEqual(['unit_cost_change', 'shortage_share', 'output_change', 'revenue_change']);
    expect(actors.filter((x) => x.actor === 'us_vault').map((x) => x.metric)).toEqual(['revenue', 'net_income', 'books_residual_max', 'inventory_cost_end', 'inventory_value_end']);
    expect(actors.filter((x) => x.actor === 'us_price_floor').map((x) => x.metric)).toEqual(['price_floor_cost']);
  });

  test('paired differences are the mean of the per-replicate differences, over the replicates both have', () => {
    // replicate 2 of the reference failed: 3 pairs
    const rows = summarize(two, (s, _p, k, o) => noise(s, k, o), {}, (s, _p, k) => s === 0 && k === 2);
    const cells = summaryCells();
    for (const c of [0, 17, cells.length - 1]) {
      const r = rows[cells.length + c]!;
      const o = cells[c]!.array === 'market' ? cells[c]!.offset : M + cells[c]!.offset;
      const d = [0, 1, 3].map((k) => noise(1, k, o) - noise(0, k, o));
      const t = tInterval(d);
      expect(r.diff_n).toBe('3');
      expect(Number(r.diff_mean)).toBeCloseTo(d.reduce((a, b) => a + b) / 3, 11);
      expect(Number(r.diff_ci_low)).toBeCloseTo(t.low, 11);
      expect(Number(r.diff_ci_high)).toBeCloseTo(t.high, 11);
      // the mean of the differences is the difference of the means only over the same replicates
      expect(r.n).toBe('4');
      expect(rows[c]!.n).toBe('3');
    }
  });

  test('pairing beats the unpaired difference when replicates share their noise', () => {
    // a common shock per replicate (common random numbers) and a constant effect of 0.5
    const rows = summarize(two, (s, _p, k, o) => 10 * noise(0, k, o) + (s === 1 ? 0.5 : 0));
    const r = rows[summaryCells().length]!;
    expect(Number(r.diff_mean)).toBeCloseTo(0.5, 12);
    expect(Number(r.diff_ci_high) - Number(r.diff_ci_low)).toBeLessThan(1e-9);
    expect(Number(r.ci_high) - Number(r.ci_low)).toBeGreaterThan(1);
  });

  test('undefined values are left out; n = 1 gives a mean without sd or interval', () => {
    const rows = summarize({ ...two, replications: 2 }, (s, _p, k, o) => (o === 0 && k === 1 ? NaN : noise(s, k, o)));
    expect(rows[0]).toMatchObject({ n: '1', sd: '', ci_low: '', ci_high: '' });
    expect(Number(rows[0]!.mean)).toBeCloseTo(noise(0, 0, 0), 11);
    expect(rows[1]!.n).toBe('2');
    const single = summarize({ ...two, replications: 1 }, (s, _p, k, o) => noise(s, k, o));
    expect(single[summaryCells().length]).toMatchObject({ n: '1', sd: '', ci_low: '', diff_n: '1', diff_ci_low: '' });
  });

  test('a sweep: one block per scenario x point, swept values in their columns, paired at the same point', () => {
    const cfg = { ...two, sweep: { grid: { 'buyers.phi': [1, 2] } } };
    const rows = summarize(cfg, (s, p, k, o) => noise(s, k, o) + 100 * p);
    const n = summaryCells().length;
    expect(rows).toHaveLength(4 * n);
    expect(rows.map((r) => `${r.scenario}/${r['buyers.phi']}`).filter((_, i) => i % n === 0)).toEqual(['base/1', 'base/2', 'shock/1', 'shock/2']);
    // the point offset (100 p) cancels: differences taken at the same point
    expect(Math.abs(Number(rows[3 * n]!.diff_mean))).toBeLessThan(10);
    expect(summaryBlocks(expandRuns(loaded(cfg).config)).map((b) => b.runs.length)).toEqual([4, 4, 4, 4]);
  });

  test('bootstrap: deterministic, keyed by the seed, and another scenario leaves the others unchanged', () => {
    const cfg = { ...two, replications: 6, outputs: { ci: 'bootstrap', bootstrap_resamples: 300 } };
    const f: Fn = (s, _p, k, o) => noise(s, k, o);
    const a = summarize(cfg, f);
    expect(summarize(cfg, f)).toEqual(a);
    expect(a[0]!.ci_method).toBe('bootstrap');
    expect(Number(a[0]!.ci_low)).toBeLessThan(Number(a[0]!.mean));
    expect(summarize({ ...cfg, seed: 2 }, f)[0]!.ci_low).not.toBe(a[0]!.ci_low);
    // a third scenario (its runs differ): the first two scenarios' rows are the same bytes
    const three = summarize({ ...cfg, scenarios: [...cfg.scenarios, { name: 'other' }] }, f);
    expect(three.slice(0, a.length)).toEqual(a);
    // the bootstrap interval of the differences brackets their mean
    const r = a[summaryCells().length]!;
    expect(Number(r.diff_ci_low)).toBeLessThanOrEqual(Number(r.diff_mean));
    expect(Number(r.diff_ci_high)).toBeGreaterThanOrEqual(Number(r.diff_mean));
  });

  test('no reference scenario: the diff columns are empty', () => {
    const rows = summarize({ ...two, reference_scenario: null }, (s, _p, k, o) => noise(s, k, o));
    expect(rows.every((r) => r.diff_mean === '' && r.diff_n === '')).toBe(true);
  });
});
