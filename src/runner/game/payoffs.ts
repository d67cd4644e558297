/**
 * Payoffs of the retaliation game (MODEL-NOTES.md, "The retaliation game"; docs/game.md): NPVs in
 * $ at the shock week over the horizon plus a terminal value, from a run's streams (gameRun.ts).
 *
 *   China  = export rent + downstream value added
 *            - capacity_margin x NPV(ex-China capacity above its pre-shock level)
 *            - wto.probability x wto.cost x (discounted years with controls in force)
 *            + omega x sum_i (1 - alignment_i) x K
 *   Ally i = revenue - input cost - other cost of its manufacturing group (operating profit)
 *            - stockpile_carry_rate x (discounted value-years of its government's stockpile)
 *            + access_value_i x alignment_i x K
 * K is the discounted length of the horizon in years with its terminal value (stream `years`):
 * the weights are yearly values that last as long as the postures do.
 *
 * Every payoff is linear in the weights (omega, access_value), so the sweep re-weights the
 * simulated streams without running anything again.
 */
import type { PayoffSpec } from './config.js';

export interface Weights {
  omega: number;
  /** per allied player (game order) */
  access: readonly number[];
}

export interface Component {
  name: string;
  /** 'term': the terms that add up to the payoff; 'detail': a breakdown of a term */
  part: 'term' | 'detail';
  value: number;
}

/** Components of every player's payoff in one run (players: China, then the allies in order). */
export function payoffComponents(npv: Readonly<Record<string, number>>, allies: readonly string[], alignments: readonly number[], spec: PayoffSpec, w: Weights): Component[][] {
  const get = (k: string): number => {
    const v = npv[k];
    if (v === undefined || !Number.isFinite(v)) throw new RangeError(`stream ${k} is missing or not finite in a run's results (${String(v)})`);
    return v;
  };
  const K = get('years');
  const nonAligned = alignments.reduce((a, x) => a + (1 - x), 0);
  const china: Component[] = [
    { name: 'export_rent', part: 'term', value: get('cn.export_rent') },
    { name: 'downstream', part: 'term', value: get('cn.downstream') },
    { name: 'capacity_loss', part: 'term', value: -spec.capacity_margin * get('cn.capacity_growth') },
    { name: 'wto', part: 'term', value: -spec.wto.probability * spec.wto.cost * get('cn.controls_years') },
    { name: 'non_alignment', part: 'term', value: w.omega * nonAligned * K },
  ];
  const out: Component[][] = [china];
  allies.forEach((a, i) => {
    const revenue = get(`${a}.revenue`);
    const input = get(`${a}.input_cost`);
    const other = get(`${a}.other_cost`);
    out.push([
      { name: 'operating_profit', part: 'term', value: revenue - input - other },
      { name: 'stockpile_cost', part: 'term', value: -spec.stockpile_carry_rate * get(`${a}.stock_value`) },
      { name: 'access', part: 'term', value: (w.access[i] ?? 0) * alignments[i]! * K },
      { name: 'revenue', part: 'detail', value: revenue },
      { name: 'input_cost', part: 'detail', value: -input },
      { name: 'other_cost', part: 'detail', value: -other },
    ]);
  });
  return out;
}

/** A player's payoff: the sum of its terms. */
export function payoffOf(components: readonly Component[]): number {
  let v = 0;
  for (const c of components) if (c.part === 'term') v += c.value;
  return v;
}

/** Mean, standard error (sd / sqrt(n), n - 1 in the sd; NaN for n < 2) and n. */
export function meanSe(xs: readonly number[]): { mean: number; se: number; n: number } {
  const n = xs.length;
  if (n === 0) return { mean: NaN, se: NaN, n: 0 };
  let m = 0;
  for (const x of xs) m += x;
  m /= n;
  if (n < 2) return { mean: m, se: NaN, n };
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return { mean: m, se: Math.sqrt(s / (n - 1) / n), n };
}

/** The median of the finite values, or NaN. */
export function median(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  const h = Math.floor(v.length / 2);
  return v.length % 2 ? v[h]! : (v[h - 1]! + v[h]!) / 2;
}
