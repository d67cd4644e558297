/**
 * Refiners and miners, Chinese and non-Chinese (an integrated refiner stands for its mines:
 * mines are 7-15 year projects, an exogenous pipeline a scenario can script as capacity).
 * Production follows last weeks' realised netback through utilisation (short-run supply
 * elasticity, lower for by-products whose supply follows a host metal), and falls when unsold
 * stock piles up. NdPr and Dy/Tb come out of the same separation plants: paired records run at
 * one utilisation set by the basket's value. Non-Chinese refiners invest under political risk:
 * once a year each reviews E[P](1 - h*loss) > LRMC*m, with m rising with volatility; a project
 * comes online after a 3-5 year lag (20-40% fail) and ramps 30/60/90% over three years.
 * Non-Chinese intermediate makers (magnets, precursors) review the same way against their unit
 * cost, with shorter lags (`investment.maker_lag_years_*`) and an expansion of their own plant. Price floors raise the
 * expected price to the floor and lower the hurdle (priceFloor.ts).
 */
import { uniform, uniformIn } from '../core/rng.js';
import { BLOCS, COMMODITIES, SEG_EX, SEG_OTHER } from './ids.js';
import { ORIGIN_CN, ORIGIN_NON, SELLER_MAKER, SELLER_REFINER, type World } from './state.js';

export const PURPOSE_INVEST_LAG = 41;
export const PURPOSE_INVEST_FAIL = 42;
export const SELLER_STREAM = 2000;

/** Capacity available this week including a ramping project. */
export function effectiveCapacity(w: World, i: number): number {
  const S = w.sellers.cols;
  let cap = S.cap[i]!;
  const on = S.projOnline[i]!;
  if (on >= 0 && w.tick >= on && !S.projFailed[i]) {
    const years = Math.floor((w.tick - on) / 52);
    cap += S.projSize[i]! * (years === 0 ? 0.3 : years === 1 ? 0.6 : 0.9);
  }
  return cap;
}

/** The price ratio handed to utilisation(): a typed-array slot, so no double is boxed per call. */
const RATIO = new Float64Array(1);

/** Utilisation at the price ratio in RATIO[0], written to S.u[i] (a slot, not a returned double). */
function utilisation(w: World, i: number): void {
  const S = w.sellers.cols;
  const priceRatio = RATIO[0]!;
  const c = S.commodity[i]!;
  const eta = w.k.byproduct[c] ? w.k.etaBy : w.k.eta;
  const stockFactor = Math.sqrt(S.stockTarget[i]! / Math.max(S.stock[i]!, 1e-3 * S.stockTarget[i]!));
  const u = w.k.u0 * Math.pow(Math.max(priceRatio, 1e-3), eta) * Math.min(stockFactor, 1.5);
  S.u[i] = u > 1 ? 1 : u;
}

/** decide: production into stock. Joint products use the basket of the pair (lower index decides). */
export function refinersProduce(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  for (let i = from; i < to; i++) {
    if (S.kind[i] !== SELLER_REFINER) continue;
    const j = S.partner[i]!;
    if (j >= 0 && j < i) continue; // produced with its partner
    if (j >= 0) {
      const vi = S.baseOut[i]! * S.pRef[i]!;
      const vj = S.baseOut[j]! * S.pRef[j]!;
      RATIO[0] = (S.emaPrice[i]! * S.baseOut[i]! + S.emaPrice[j]! * S.baseOut[j]!) / (vi + vj);
      utilisation(w, i);
      utilisation(w, j);
      const u = (S.u[i]! * vi + S.u[j]! * vj) / (vi + vj);
      S.u[i] = u;
      S.u[j] = u;
      produce(w, j);
    } else {
      RATIO[0] = S.emaPrice[i]! / S.pRef[i]!;
      utilisation(w, i);
    }
    produce(w, i);
  }
}

/** Production at S.u[i] into stock. */
function produce(w: World, i: number): void {
  const S = w.sellers.cols;
  const c = S.commodity[i]!;
  if (w.flood[c]! > 0 && S.origin[i] === ORIGIN_CN) S.u[i] = 1; // a price war runs flat out
  const q = effectiveCapacity(w, i) * S.u[i]! * S.capFactor[i]!;
  S.output[i] = q;
  S.stock[i]! += q;
}

/**
 * decide, serial, after refinersProduce: the refiners' output summed into production and gross
 * flow in the order they produced (a pair's later partner first, with the pair).
 */
export function refinersAddOutput(w: World): void {
  const S = w.sellers.cols;
  for (let i = 0; i < w.sellers.size; i++) {
    if (S.kind[i] !== SELLER_REFINER) continue;
    const j = S.partner[i]!;
    if (j >= 0 && j < i) continue;
    if (j >= 0) {
      w.production[S.commodity[j]!]! += S.output[j]!;
      w.gross[S.commodity[j]!]! += S.output[j]!;
    }
    w.production[S.commodity[i]!]! += S.output[i]!;
    w.gross[S.commodity[i]!]! += S.output[i]!;
  }
}

/**
 * The buyers' club's share of ex-China demand for commodity c: the aligned segment's share of the
 * demand outside China (segShare tracks demand, market.ts). Investment's club offtake term.
 */
export function clubShare(segShare: Float64Array, c: number): number {
  const ex = segShare[c * 3 + SEG_EX]!;
  const other = segShare[c * 3 + SEG_OTHER]!;
  return ex + other > 0 ? ex / (ex + other) : 0;
}

/** Once a year per refiner (at its own phase): start a project when the hurdle is met; finish ramps. */
export function refinersInvest(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const k = w.k;
  const t = w.tick;
  for (let i = from; i < to; i++) {
    const kind = S.kind[i]!;
    if (kind !== SELLER_REFINER && kind !== SELLER_MAKER) continue;
    const on = S.projOnline[i]!;
    if (on >= 0 && t >= on + 156) {
      // Ramp complete: the project becomes part of capacity (a separation plant adds its
      // joint product too, in the pair's proportion).
      if (!S.projFailed[i]) {
        const j = S.partner[i]!;
        if (j >= 0 && S.cap[i]! > 0) S.cap[j]! += S.cap[j]! * (S.projSize[i]! / S.cap[i]!);
        S.cap[i]! += S.projSize[i]!;
      }
      S.projOnline[i] = -1;
      S.projSize[i] = 0;
      S.projFailed[i] = 0;
    }
    if (S.origin[i] !== ORIGIN_NON || S.cnOwned[i] || t % 52 !== S.phase[i] || t < 52) continue;
    if (S.projOnline[i]! >= 0) continue;
    const c = S.commodity[i]!;
    const m = c * 3 + SEG_EX;
    const floor = kind === SELLER_REFINER ? w.floorPrice[c]! : 0;
    const expected = Math.max(w.ema52[m]! * (1 - k.hazard * k.loss), floor);
    const yearlyVol = Math.sqrt(52 * w.vol[m]!);
    const club = 1 - k.clubOfftake * (clubShare(w.segShare, c) - w.clubShare0[c]!);
    const hurdle = S.mc[i]! * (1 + k.capexCharge) * k.realOption * club * (1 + k.volSensitivity * yearlyVol) * w.floorRelief[c]!;
    if (expected <= hurdle) continue;
    const maker = kind === SELLER_MAKER;
    const lagYears = maker
      ? uniformIn(w.key, SELLER_STREAM + c, i, t, PURPOSE_INVEST_LAG, k.makerLagMin, k.makerLagMax)
      : uniformIn(w.key, SELLER_STREAM + c, i, t, PURPOSE_INVEST_LAG, k.lagMin, k.lagMax);
    S.projOnline[i] = t + Math.round(lagYears * 52);
    S.projFailed[i] = uniform(w.key, SELLER_STREAM + c, i, t, PURPOSE_INVEST_FAIL) < k.failProb ? 1 : 0;
    // A refinery is a lump of world demand (10-20 kt REO for a separation plant); a maker's
    // line expands the plant it belongs to.
    S.projSize[i] = maker ? k.makerExpansion * S.cap[i]! : (k.projectShare * k.demandWeekly[c]!) / k.u0;
    w.eventLog.push({ week: t, actor: w.actorName(S.group[i]!), type: 'investment', commodity: COMMODITIES[c]!, target: BLOCS[S.bloc[i]!]!, value: S.projSize[i]! * 52, detail: `online in week ${S.projOnline[i]}${S.projFailed[i] ? ' (will fail)' : ''}` });
  }
}
