/**
 * Per-run metrics (DESIGN.md, "Time, units, metrics"), computed from a RunSeries.
 *
 * Windows (weeks counted from 0, half-open [from, to)):
 *   burn-in           [0, 52)
 *   after burn-in     [52, weeks)                    mean_price, realized_vol, shortage_share
 *   baseline window   [s - 52, s) where s = the first shock's week (firstShockWeek), or
 *                     [0, 52) when there is no shock
 *   after baseline    [s, weeks)                     peak_price_ratio, weeks_above_2x
 *   measured window   [s, weeks) by default, or [s + 52*from, s + 52*to) from
 *                     outputs.cost_window_years       unit_cost_change, output_change, revenue_change
 * Returns are r_t = ln(p_t / p_{t-1}) for both weeks after burn-in (t >= 53); realized_vol is
 * their sample standard deviation x sqrt(52).
 *
 * A metric that is not defined (an empty window, a zero or non-finite baseline, fewer than two
 * returns) is NaN here and an empty cell in the CSV. Cost: O(weeks x (markets + groups)).
 */
import { ACTOR_GROUPS, COMMODITIES, SEGMENTS } from '../agents/ids.js';
import type { RunSeries } from '../agents/model.js';

/**
 * The part of a RunSeries the runner reads (metrics and timeseries.csv). Typed as a Pick so that
 * the model can grow new outputs without touching the runner or its test stubs.
 */
export type MetricSeries = Pick<
  RunSeries,
  'weeks' | 'markets' | 'price' | 'traded' | 'demand' | 'supply' | 'shortage' | 'groups' | 'groupOutput' | 'groupCost' | 'groupShortValue' | 'groupNeedValue' | 'groupRevenue' | 'firstShockWeek' | 'agents'
>;

export const BURN_IN_WEEKS = 52;
export const WEEKS_PER_YEAR = 52;
/** weeks in the baseline window before the first shock */
export const BASELINE_WEEKS = 52;

/** Columns of runs.csv per market (commodity x segment), in order. */
export const MARKET_METRICS = ['mean_price', 'peak_price_ratio', 'realized_vol', 'weeks_above_2x', 'shortage_share', 'baseline_price'] as const;
/** Columns of actors.csv per actor group, in order. */
export const ACTOR_METRICS = ['unit_cost_change', 'shortage_share', 'output_change', 'revenue_change'] as const;

export interface MetricWindows {
  weeks: number;
  /** first week after burn-in */
  burnIn: number;
  baselineStart: number;
  baselineEnd: number;
  measureStart: number;
  measureEnd: number;
}

export function metricWindows(weeks: number, firstShockWeek: number, costWindowYears: readonly [number, number] | null = null): MetricWindows {
  const burnIn = Math.min(BURN_IN_WEEKS, weeks);
  const shock = firstShockWeek >= 0 ? Math.min(firstShockWeek, weeks) : burnIn;
  const baselineStart = Math.max(0, shock - BASELINE_WEEKS);
  let measureStart = shock;
  let measureEnd = weeks;
  if (costWindowYears) {
    measureStart = Math.min(weeks, shock + Math.round(WEEKS_PER_YEAR * costWindowYears[0]));
    measureEnd = Math.min(weeks, shock + Math.round(WEEKS_PER_YEAR * costWindowYears[1]));
  }
  return { weeks, burnIn, baselineStart, baselineEnd: shock, measureStart, measureEnd };
}

/** Throws if the series does not have the shape the ids promise (a model bug, reported as a failed run). */
export function checkSeriesShape(s: MetricSeries): void {
  const markets = COMMODITIES.length * SEGMENTS.length;
  if (s.markets !== markets) throw new Error(`series has ${s.markets} markets, expected ${markets} (commodities x segments)`);
  if (s.groups !== ACTOR_GROUPS.length) throw new Error(`series has ${s.groups} actor groups, expected ${ACTOR_GROUPS.length}`);
  if (!Number.isInteger(s.weeks) || s.weeks < 1) throw new Error(`series has ${s.weeks} weeks`);
  const check = (name: string, a: Float64Array, width: number): void => {
    if (a.length !== s.weeks * width) throw new Error(`series.${name} has ${a.length} values, expected ${s.weeks} weeks x ${width}`);
  };
  for (const k of ['price', 'traded', 'demand', 'supply', 'shortage'] as const) check(k, s[k], s.markets);
  for (const k of ['groupOutput', 'groupCost', 'groupShortValue', 'groupNeedValue', 'groupRevenue'] as const) check(k, s[k], s.groups);
}

/** markets x MARKET_METRICS, row-major (market m's metrics at m * MARKET_METRICS.length). */
export function marketMetrics(s: MetricSeries, w: MetricWindows): Float64Array {
  const K = MARKET_METRICS.length;
  const M = s.markets;
  const out = new Float64Array(M * K);
  for (let m = 0; m < M; m++) {
    const base = mean(s.price, M, m, w.baselineStart, w.baselineEnd);
    const baseOk = base > 0 && Number.isFinite(base);
    let peak = NaN;
    let above = 0;
    for (let t = w.baselineEnd; t < w.weeks; t++) {
      const p = s.price[t * M + m]!;
      if (p > peak || Number.isNaN(peak)) peak = p;
      if (p > 2 * base) above++;
    }
    const afterBaseline = w.weeks > w.baselineEnd;
    const o = m * K;
    out[o] = mean(s.price, M, m, w.burnIn, w.weeks);
    out[o + 1] = baseOk && afterBaseline ? peak / base : NaN;
    out[o + 2] = realizedVol(s.price, M, m, w.burnIn, w.weeks);
    out[o + 3] = baseOk && afterBaseline ? above : NaN;
    out[o + 4] = share(s.shortage, s.demand, M, m, w.burnIn, w.weeks);
    out[o + 5] = base;
  }
  return out;
}

/** groups x ACTOR_METRICS, row-major. */
export function actorMetrics(s: MetricSeries, w: MetricWindows): Float64Array {
  const K = ACTOR_METRICS.length;
  const G = s.groups;
  const out = new Float64Array(G * K);
  for (let g = 0; g < G; g++) {
    const o = g * K;
    out[o] = change(meanUnitCost(s, g, w.measureStart, w.measureEnd), meanUnitCost(s, g, w.baselineStart, w.baselineEnd));
    out[o + 1] = share(s.groupShortValue, s.groupNeedValue, G, g, w.burnIn, w.weeks);
    out[o + 2] = change(mean(s.groupOutput, G, g, w.measureStart, w.measureEnd), mean(s.groupOutput, G, g, w.baselineStart, w.baselineEnd));
    out[o + 3] = change(mean(s.groupRevenue, G, g, w.measureStart, w.measureEnd), mean(s.groupRevenue, G, g, w.baselineStart, w.baselineEnd));
  }
  return out;
}

/** x / base - 1, or NaN when base is not a positive finite number. */
function change(x: number, base: number): number {
  return base > 0 && Number.isFinite(base) && Number.isFinite(x) ? x / base - 1 : NaN;
}

/** Mean of column c over weeks [from, to); NaN when empty. */
function mean(a: Float64Array, width: number, c: number, from: number, to: number): number {
  if (to <= from) return NaN;
  let sum = 0;
  for (let t = from; t < to; t++) sum += a[t * width + c]!;
  return sum / (to - from);
}

/** sum(num) / sum(den) over [from, to); 0 when the denominator is 0 (nothing asked, nothing short). */
function share(num: Float64Array, den: Float64Array, width: number, c: number, from: number, to: number): number {
  if (to <= from) return NaN;
  let n = 0;
  let d = 0;
  for (let t = from; t < to; t++) {
    n += num[t * width + c]!;
    d += den[t * width + c]!;
  }
  if (d === 0) return n === 0 ? 0 : NaN;
  return n / d;
}

/** Mean over [from, to) of cost/output in the weeks with positive output; NaN when there are none. */
function meanUnitCost(s: MetricSeries, g: number, from: number, to: number): number {
  const G = s.groups;
  let sum = 0;
  let n = 0;
  for (let t = from; t < to; t++) {
    const q = s.groupOutput[t * G + g]!;
    const c = s.groupCost[t * G + g]!;
    if (q > 0 && Number.isFinite(q) && Number.isFinite(c)) {
      sum += c / q;
      n++;
    }
  }
  return n > 0 ? sum / n : NaN;
}

/** Sample sd of weekly log returns with both weeks in [from, to), x sqrt(52). Two-pass, O(to - from). */
function realizedVol(price: Float64Array, width: number, c: number, from: number, to: number): number {
  let n = 0;
  let sum = 0;
  for (let t = from + 1; t < to; t++) {
    const r = logReturn(price[(t - 1) * width + c]!, price[t * width + c]!);
    if (Number.isFinite(r)) {
      sum += r;
      n++;
    }
  }
  if (n < 2) return NaN;
  const mu = sum / n;
  let ss = 0;
  for (let t = from + 1; t < to; t++) {
    const r = logReturn(price[(t - 1) * width + c]!, price[t * width + c]!);
    if (Number.isFinite(r)) ss += (r - mu) * (r - mu);
  }
  return Math.sqrt(ss / (n - 1)) * Math.sqrt(WEEKS_PER_YEAR);
}

function logReturn(p0: number, p1: number): number {
  return p0 > 0 && p1 > 0 ? Math.log(p1 / p0) : NaN;
}
