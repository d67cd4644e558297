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
import { ACTOR_GROUPS, BLOCS, COMMODITIES, SEGMENTS } from '../agents/ids.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS, type RunSeries } from '../agents/model.js';

/**
 * The part of a RunSeries the runner reads (metrics, timeseries.csv and the optional files).
 * Typed as a Pick so that the model can grow new outputs without touching the runner or its test
 * stubs; the policy actors' books, flows and the event log are optional: without them the policy
 * rows of actors.csv are empty, and asking for flows.csv / events.csv / books.csv fails the run.
 */
export type MetricSeries = Pick<
  RunSeries,
  'weeks' | 'markets' | 'price' | 'traded' | 'demand' | 'supply' | 'shortage' | 'groups' | 'groupOutput' | 'groupCost' | 'groupShortValue' | 'groupNeedValue' | 'groupRevenue' | 'firstShockWeek' | 'agents'
> &
  Partial<Pick<RunSeries, 'flows' | 'vaultBooks' | 'cnOffice' | 'floorBooks' | 'eventLog'>>;

export const BURN_IN_WEEKS = 52;
export const WEEKS_PER_YEAR = 52;
/** weeks in the baseline window before the first shock */
export const BASELINE_WEEKS = 52;

/** Columns of runs.csv per market (commodity x segment), in order. */
export const MARKET_METRICS = ['mean_price', 'peak_price_ratio', 'realized_vol', 'weeks_above_2x', 'shortage_share', 'baseline_price'] as const;
/** The first metric columns of actors.csv (before the swept parameters), in order. */
export const ACTOR_BASE_METRICS = ['unit_cost_change', 'shortage_share', 'output_change', 'revenue_change'] as const;
/** The policy actors' columns of actors.csv (after the swept parameters), in order. */
export const ACTOR_EXTRA_METRICS = [
  'revenue',
  'rent',
  'net_income',
  'books_residual_max',
  'inventory_cost_end',
  'inventory_value_end',
  'ex_cn_share_change',
  'noncn_capacity_change',
  'price_floor_cost',
] as const;
/** Every actor metric, in the order of RunResult.actor (base, then extra). */
export const ACTOR_METRICS = [...ACTOR_BASE_METRICS, ...ACTOR_EXTRA_METRICS] as const;
export type ActorMetric = (typeof ACTOR_METRICS)[number];

/**
 * Policy actors reported from their books (RunSeries.vaultBooks, cnOffice, floorBooks) after the
 * model's actor groups: Project Vault, China's export-control office and the US price-floor
 * programme (the actor name its events carry in events.csv).
 */
export const POLICY_ACTORS = ['us_vault', 'cn_office', 'us_price_floor'] as const;
/** The rows of actors.csv per run, in order. */
export const ACTOR_ROWS: readonly string[] = [...ACTOR_GROUPS, ...POLICY_ACTORS];

/** The metrics each actor row has (the others are empty cells, and absent from summary.csv). */
export const ACTOR_ROW_METRICS: readonly (readonly ActorMetric[])[] = ACTOR_ROWS.map((a): readonly ActorMetric[] => {
  switch (a) {
    case 'us_vault':
      return ['revenue', 'net_income', 'books_residual_max', 'inventory_cost_end', 'inventory_value_end'];
    case 'cn_office':
      return ['revenue_change', 'revenue', 'rent', 'inventory_value_end', 'ex_cn_share_change', 'noncn_capacity_change'];
    case 'us_price_floor':
      return ['price_floor_cost'];
    default:
      return ACTOR_BASE_METRICS;
  }
});

const VB = VAULT_BOOK_COLUMNS.length;
const CB = CN_OFFICE_COLUMNS.length;
const vcol = (c: (typeof VAULT_BOOK_COLUMNS)[number]): number => VAULT_BOOK_COLUMNS.indexOf(c);
const ccol = (c: (typeof CN_OFFICE_COLUMNS)[number]): number => CN_OFFICE_COLUMNS.indexOf(c);

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
  if (s.flows) check('flows', s.flows, COMMODITIES.length * 2 * BLOCS.length);
  if (s.vaultBooks) check('vaultBooks', s.vaultBooks, VB);
  if (s.cnOffice) check('cnOffice', s.cnOffice, CB);
  if (s.floorBooks) check('floorBooks', s.floorBooks, 2);
  if (s.eventLog && !Array.isArray(s.eventLog)) throw new Error('series.eventLog is not a list');
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

/**
 * ACTOR_ROWS x ACTOR_METRICS, row-major; NaN where a row does not have a metric (ACTOR_ROW_METRICS)
 * or it is undefined. The policy rows read the books (docs/outputs.md, actors.csv):
 *   us_vault        revenue = fees over [s, weeks) (cumulative fees at the end - before s);
 *                   net_income = the same difference of fees + realised gains - interest paid
 *                   - storage; books_residual_max = max |books_residual| over every week;
 *                   inventory_cost_end / inventory_value_end = the last week's, at cost / at market
 *   cn_office       revenue, rent = sums of export revenue, export revenue - export cost over
 *                   [s, weeks); revenue_change = mean weekly export revenue, measured window /
 *                   baseline window - 1; inventory_value_end = the state stockpile at market, last
 *                   week; ex_cn_share_change = mean ex_cn_share over [s, weeks) / over the
 *                   baseline window - 1; noncn_capacity_change = non-Chinese capacity in the last
 *                   week of the measured window / in its first week - 1
 *   us_price_floor  price_floor_cost = cumulative top-ups + offtake purchases at the end
 * where s = the end of the baseline window (the first shock, or week 52).
 */
export function actorMetrics(s: MetricSeries, w: MetricWindows): Float64Array {
  const K = ACTOR_METRICS.length;
  const G = s.groups;
  const out = new Float64Array(ACTOR_ROWS.length * K).fill(NaN);
  const at = (m: ActorMetric): number => ACTOR_METRICS.indexOf(m);
  for (let g = 0; g < G; g++) {
    const o = g * K;
    out[o] = change(meanUnitCost(s, g, w.measureStart, w.measureEnd), meanUnitCost(s, g, w.baselineStart, w.baselineEnd));
    out[o + 1] = share(s.groupShortValue, s.groupNeedValue, G, g, w.burnIn, w.weeks);
    out[o + 2] = change(mean(s.groupOutput, G, g, w.measureStart, w.measureEnd), mean(s.groupOutput, G, g, w.baselineStart, w.baselineEnd));
    out[o + 3] = change(mean(s.groupRevenue, G, g, w.measureStart, w.measureEnd), mean(s.groupRevenue, G, g, w.baselineStart, w.baselineEnd));
  }
  const T = w.weeks;
  const from = w.baselineEnd;
  const last = T - 1;
  const row = (actor: string): number => ACTOR_ROWS.indexOf(actor) * K;

  const v = s.vaultBooks;
  if (v) {
    const o = row('us_vault');
    // cumulative book entry c in week t, 0 before the first week
    const cum = (c: number, t: number): number => (t >= 0 ? v[t * VB + c]! : 0);
    const fees = vcol('fees');
    const equity = (t: number): number => cum(fees, t) + cum(vcol('realised_gains'), t) - cum(vcol('interest_paid'), t) - cum(vcol('storage'), t);
    out[o + at('revenue')] = from <= last ? cum(fees, last) - cum(fees, from - 1) : NaN;
    out[o + at('net_income')] = from <= last ? equity(last) - equity(from - 1) : NaN;
    let worst = 0;
    const res = vcol('books_residual');
    for (let t = 0; t < T; t++) {
      const r = Math.abs(v[t * VB + res]!);
      if (Number.isNaN(r)) {
        worst = NaN; // a book that is not a number is not balanced: no maximum hides it
        break;
      }
      if (r > worst) worst = r;
    }
    out[o + at('books_residual_max')] = worst;
    out[o + at('inventory_cost_end')] = cum(vcol('inventory_cost'), last);
    out[o + at('inventory_value_end')] = cum(vcol('inventory_value'), last);
  }

  const c = s.cnOffice;
  if (c) {
    const o = row('cn_office');
    const rev = ccol('export_revenue');
    const cost = ccol('export_cost');
    let revenue = 0;
    let rent = 0;
    for (let t = from; t < T; t++) {
      revenue += c[t * CB + rev]!;
      rent += c[t * CB + rev]! - c[t * CB + cost]!;
    }
    out[o + at('revenue')] = from < T ? revenue : NaN;
    out[o + at('rent')] = from < T ? rent : NaN;
    out[o + at('revenue_change')] = change(mean(c, CB, rev, w.measureStart, w.measureEnd), mean(c, CB, rev, w.baselineStart, w.baselineEnd));
    out[o + at('inventory_value_end')] = c[last * CB + ccol('state_stock_value')]!;
    const share = ccol('ex_cn_share');
    out[o + at('ex_cn_share_change')] = change(mean(c, CB, share, from, T), mean(c, CB, share, w.baselineStart, w.baselineEnd));
    const cap = ccol('noncn_capacity');
    out[o + at('noncn_capacity_change')] = w.measureEnd > w.measureStart ? change(c[(w.measureEnd - 1) * CB + cap]!, c[w.measureStart * CB + cap]!) : NaN;
  }

  const f = s.floorBooks;
  if (f) out[row('us_price_floor') + at('price_floor_cost')] = f[last * 2]! + f[last * 2 + 1]!;
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
