import { COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import type { RunSeries, ScenarioEvent } from '../../src/agents/model.js';
import { resolveParams } from '../../src/agents/params.js';
import { simulate } from '../../src/agents/world.js';

export function runWorld(overrides: Record<string, number> = {}, events: ScenarioEvent[] = [], weeks = 156, seed = 7): RunSeries {
  return simulate({ params: resolveParams({ 'population.scale': 0.2, ...overrides }), seed, horizonWeeks: weeks, startDate: '2025-01-06', events });
}

export const market = (c: string, s: string): number => COMMODITIES.indexOf(c as never) * 3 + SEGMENTS.indexOf(s as never);

export function priceAt(s: RunSeries, m: number, t: number): number {
  return s.price[t * s.markets + m]!;
}

/** Baseline = mean of the 52 weeks before `shock` (weeks 0-51 without one); peak after. */
export function peakRatio(s: RunSeries, m: number, shock = 52): number {
  let base = 0;
  for (let t = shock - 52; t < shock; t++) base += priceAt(s, m, t);
  base /= 52;
  let peak = 0;
  for (let t = shock; t < s.weeks; t++) peak = Math.max(peak, priceAt(s, m, t));
  return peak / base;
}

export function meanPrice(s: RunSeries, m: number, from: number, to: number): number {
  let sum = 0;
  for (let t = from; t < to; t++) sum += priceAt(s, m, t);
  return sum / (to - from);
}

export function shortageShare(s: RunSeries, m: number, from: number, to: number): number {
  let sh = 0;
  let d = 0;
  for (let t = from; t < to; t++) {
    sh += s.shortage[t * s.markets + m]!;
    d += s.demand[t * s.markets + m]!;
  }
  return d > 0 ? sh / d : 0;
}

/**
 * Largest |production + recycling - consumption - change in stocks| / scale over commodities and
 * weeks, where scale is the week's gross flow plus 1e-7 x the stock held: a stock of S tonnes
 * is only resolved to ~1e-16 S by a double, so a week whose flows are far below that resolution
 * (a demand factor of 1e-300, say) is judged against what the arithmetic can see.
 */
export function worstMassResidual(s: RunSeries): number {
  const C = s.commodities;
  let worst = 0;
  for (let c = 0; c < C; c++) {
    for (let t = 0; t < s.weeks; t++) {
      const prev = t === 0 ? s.initialStocks[c]! : s.stocks[(t - 1) * C + c]!;
      const now = s.stocks[t * C + c]!;
      const r = s.production[t * C + c]! + s.recycling[t * C + c]! - s.consumption[t * C + c]! - (now - prev);
      const scale = s.grossFlow[t * C + c]! + 1e-7 * Math.max(now, prev);
      worst = Math.max(worst, scale > 0 ? Math.abs(r) / scale : Math.abs(r));
    }
  }
  return worst;
}
