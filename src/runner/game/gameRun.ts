/**
 * One run of a game profile: the world stepped week by week (buildWorld + tick, the loop of
 * src/agents/world.ts simulate) with the books the payoffs need read off the agents each week,
 * then discounted to the shock week and closed with a terminal value. What crosses the thread
 * boundary is a few dozen numbers (GameRunResult), not the weekly series.
 *
 * Why not simulate() and its RunSeries: an ally's operating profit needs the non-mineral cost
 * of the output it made (plants' `cost`), which RunSeries does not carry (its groupCost is the
 * purchased-input bill only; docs/game.md says why profit must net it). Reading the plants'
 * columns after each tick sees exactly the world simulate() would record.
 *
 * Streams (each an NPV in $ at the shock week, terminal value included):
 *   cn.export_rent      China's export revenue - cost of what it exported (refined and intermediates)
 *   cn.downstream       margin x output of China's final-goods plants at baseline unit cost
 *   cn.capacity_growth  ex-China refining capacity ($/week at reference prices) above its level
 *                       in the week before the shock
 *   cn.controls_years   years (discounted) with an export control or extraterritorial rule in force
 *   <ally>.revenue / .input_cost / .other_cost   its manufacturing group's books
 *   <ally>.stock_value  value of its government's stockpile x years (discounted)
 *   years               the discounted length of the whole horizon with its terminal value (K)
 * Cost: horizon x (plants + sellers) on top of the simulation itself (a few percent).
 */
import { ACTOR_GROUPS, BLOCS, groupIndex } from '../../agents/ids.js';
import type { ScenarioEvent } from '../../agents/model.js';
import { resolveParams } from '../../agents/params.js';
import { OWNERS } from '../../agents/stockpile.js';
import { SELLER_MAKER } from '../../agents/state.js';
import { buildWorld, tick } from '../../agents/world.js';

/** cnOffice columns (CN_OFFICE_COLUMNS in src/agents/model.ts). */
const CN_EXPORT_REVENUE = 0;
const CN_EXPORT_COST = 1;
const CN_NONCN_CAPACITY = 6;
const CN_CONTROLS_ACTIVE = 7;

export type TerminalRule = 'perpetuity' | 'growing' | 'annuity' | 'none';

export interface TerminalSpec {
  rule: TerminalRule;
  /** yearly growth of the last year's flow (rule growing) */
  growth: number;
  /** years the last year's flow lasts (rule annuity) */
  years: number;
}

export interface DiscountSpec {
  /** yearly discount rate */
  rate: number;
  terminal: TerminalSpec;
}

/** An allied player: its bloc's manufacturing group and its government's stockpile owner. */
export interface AllyBooks {
  player: string;
  group: string;
  /** owner name in OWNERS (src/agents/stockpile.ts), or null when the bloc has none */
  stockpile: string | null;
}

export interface GameTask {
  index: number;
  run_id: string;
  seed: number;
  overrides: Readonly<Record<string, number>>;
  events: readonly ScenarioEvent[];
  horizonWeeks: number;
  startDate: string;
  shockWeek: number;
  discount: DiscountSpec;
  allies: readonly AllyBooks[];
  /** China's downstream group */
  cnGroup: string;
}

export interface GameRunResult {
  index: number;
  run_id: string;
  /** stream name -> NPV (see the file comment) */
  npv: Record<string, number>;
  /** wall-clock milliseconds: logs and the manifest only */
  ms: number;
}

/** Discount factor of week t (to the shock week) and the terminal value factor on the last year's flow. */
export function discountFactors(shockWeek: number, horizonWeeks: number, d: DiscountSpec): { weekly: Float64Array; terminal: number } {
  const n = horizonWeeks - shockWeek;
  if (!(n > 0)) throw new RangeError(`the horizon (${horizonWeeks} weeks) must end after the shock week (${shockWeek})`);
  const weekly = new Float64Array(n);
  const g = Math.pow(1 + d.rate, -1 / 52);
  let f = 1;
  for (let i = 0; i < n; i++) {
    weekly[i] = f;
    f *= g;
  }
  // f is now the factor of week n (the first week after the horizon), where the terminal value sits.
  return { weekly, terminal: f * terminalMultiple(d) };
}

/** Value at the horizon of a yearly flow F continuing after it, per $ of F. */
export function terminalMultiple(d: DiscountSpec): number {
  const r = d.rate;
  const t = d.terminal;
  switch (t.rule) {
    case 'none':
      return 0;
    case 'perpetuity':
      return r > 0 ? 1 / r : Infinity;
    case 'growing':
      return r > t.growth ? (1 + t.growth) / (r - t.growth) : Infinity;
    case 'annuity':
      return r > 0 ? (1 - Math.pow(1 + r, -t.years)) / r : t.years;
  }
}

/**
 * NPV of a weekly flow over [shockWeek, horizon) with a terminal value on the flow of the last
 * 52 weeks (fewer when the window is shorter, scaled to a year). `flow[t]` is week t's flow.
 */
export function npvOf(flow: ArrayLike<number>, shockWeek: number, factors: { weekly: Float64Array; terminal: number }): number {
  const n = factors.weekly.length;
  let v = 0;
  for (let i = 0; i < n; i++) v += factors.weekly[i]! * flow[shockWeek + i]!;
  if (factors.terminal !== 0) {
    const last = Math.min(52, n);
    let year = 0;
    for (let i = n - last; i < n; i++) year += flow[shockWeek + i]!;
    v += factors.terminal * year * (52 / last);
  }
  return v;
}

/** Stream names of a run with these allies, in a fixed order. */
export function streamNames(allies: readonly AllyBooks[]): string[] {
  const out = ['years', 'cn.export_rent', 'cn.downstream', 'cn.capacity_growth', 'cn.controls_years'];
  for (const a of allies) out.push(`${a.player}.revenue`, `${a.player}.input_cost`, `${a.player}.other_cost`, `${a.player}.stock_value`);
  return out;
}

export function runGameTask(task: GameTask): GameRunResult {
  const t0 = performance.now();
  const T = task.horizonWeeks;
  const params = resolveParams(task.overrides);
  const w = buildWorld({ params, seed: task.seed, horizonWeeks: T, startDate: task.startDate, events: task.events });
  const P = w.plants.cols;
  const S = w.sellers.cols;
  const X = w.stockpiles.cols;
  const C = w.C;
  const margin = params['buyers.margin']!;
  const cnG = groupIndex(task.cnGroup);
  if (cnG < 0) throw new RangeError(`unknown actor group ${JSON.stringify(task.cnGroup)} (allowed: ${ACTOR_GROUPS.join(', ')})`);
  const allyG = task.allies.map((a) => {
    const g = groupIndex(a.group);
    if (g < 0) throw new RangeError(`unknown actor group ${JSON.stringify(a.group)} for ${a.player} (allowed: ${ACTOR_GROUPS.join(', ')})`);
    return g;
  });
  const allyOwner = task.allies.map((a) => {
    if (a.stockpile === null) return -1;
    const o = (OWNERS as readonly string[]).indexOf(a.stockpile);
    if (o < 0) throw new RangeError(`unknown stockpile owner ${JSON.stringify(a.stockpile)} (allowed: ${OWNERS.join(', ')})`);
    return o;
  });
  const nA = task.allies.length;
  const exportRent = new Float64Array(T);
  const downstream = new Float64Array(T);
  const capacity = new Float64Array(T);
  const controls = new Float64Array(T);
  const revenue = new Float64Array(T * nA);
  const inputCost = new Float64Array(T * nA);
  const otherCost = new Float64Array(T * nA);
  const stockValue = new Float64Array(T * nA);
  const slotOfGroup = new Int32Array(ACTOR_GROUPS.length).fill(-1);
  allyG.forEach((g, a) => (slotOfGroup[g] = a));

  for (let t = 0; t < T; t++) {
    w.tick = t;
    tick(w);
    exportRent[t] = w.cnWeek[CN_EXPORT_REVENUE]! - w.cnWeek[CN_EXPORT_COST]!;
    capacity[t] = w.cnWeek[CN_NONCN_CAPACITY]!;
    controls[t] = w.cnWeek[CN_CONTROLS_ACTIVE]! > 0 ? 1 / 52 : 0;
    let down = 0;
    for (let p = 0; p < w.plants.size; p++) {
      const g = P.group[p]!;
      const maker = P.seller[p]! >= 0;
      if (g === cnG) {
        if (!maker) down += margin * P.output[p]! * P.uc0[p]!;
        continue;
      }
      const a = slotOfGroup[g]!;
      if (a < 0) continue;
      const k = t * nA + a;
      // A maker sells its output from stock (its seller record's revenue); a final-goods plant
      // sells what it made at a price passing through part of its cost change.
      if (maker) {
        const s = P.seller[p]!;
        if (S.kind[s] === SELLER_MAKER) revenue[k]! += S.revenue[s]! * w.k.unitScale[S.commodity[s]!]!;
      } else {
        revenue[k]! += P.revenue[p]!;
      }
      inputCost[k]! += P.inputCost[p]!;
      otherCost[k]! += P.cost[p]! - P.inputCost[p]!;
    }
    downstream[t] = down;
    for (let a = 0; a < nA; a++) {
      const o = allyOwner[a]!;
      if (o < 0) continue;
      let v = 0;
      for (let c = 0; c < C; c++) {
        const r = o * C + c;
        v += (X.invCn[r]! + X.invNon[r]!) * w.price[X.market[r]!]! * w.k.unitScale[c]!;
      }
      // a stock held for a week: value x 1/52 year, so the NPV is in $-years
      stockValue[t * nA + a] = v / 52;
    }
  }

  const f = discountFactors(task.shockWeek, T, task.discount);
  const base = task.shockWeek > 0 ? capacity[task.shockWeek - 1]! : capacity[0]!;
  const growth = capacity.map((c) => c - base);
  const years = new Float64Array(T).fill(1 / 52);
  const npv: Record<string, number> = {
    years: npvOf(years, task.shockWeek, f),
    'cn.export_rent': npvOf(exportRent, task.shockWeek, f),
    'cn.downstream': npvOf(downstream, task.shockWeek, f),
    'cn.capacity_growth': npvOf(growth, task.shockWeek, f),
    'cn.controls_years': npvOf(controls, task.shockWeek, f),
  };
  const col = (arr: Float64Array, a: number): Float64Array => {
    const out = new Float64Array(T);
    for (let t = 0; t < T; t++) out[t] = arr[t * nA + a]!;
    return out;
  };
  task.allies.forEach((al, a) => {
    npv[`${al.player}.revenue`] = npvOf(col(revenue, a), task.shockWeek, f);
    npv[`${al.player}.input_cost`] = npvOf(col(inputCost, a), task.shockWeek, f);
    npv[`${al.player}.other_cost`] = npvOf(col(otherCost, a), task.shockWeek, f);
    npv[`${al.player}.stock_value`] = npvOf(col(stockValue, a), task.shockWeek, f);
  });
  return { index: task.index, run_id: task.run_id, npv, ms: performance.now() - t0 };
}

/** Default books of the allied players (DESIGN.md ids): bloc -> manufacturing group and public stockpile. */
export const DEFAULT_ALLY_BOOKS: Readonly<Record<string, { group: string; stockpile: string | null }>> = {
  jp: { group: 'jp_manufacturing', stockpile: 'gov_jp' },
  kr: { group: 'kr_battery', stockpile: 'gov_kr' },
  tw: { group: 'tw_chips', stockpile: null },
  eu: { group: 'eu_buyers', stockpile: 'gov_eu' },
  us: { group: 'us_manufacturing', stockpile: null },
};

export const ALLY_BLOCS = BLOCS.filter((b) => b !== 'cn');
