/**
 * Makers of intermediate products (calibration.ts INTERMEDIATES): NdFeB magnet makers (inputs
 * NdPr and Dy/Tb, ~90% Chinese) and battery cathode-precursor (pCAM) makers (inputs nickel and
 * cobalt, ~90% Chinese). A maker is a plant whose input lines are bought like any plant's and
 * whose output is a seller record: it plans output from expected sales and its output stock gap,
 * limited by its capacity (magnet capacity outside China binds even when oxide exists), makes
 * what its inputs allow, and offers at the value of waiting floored at its current unit cost.
 */
import { effectiveCapacity } from './refiner.js';
import type { World } from './state.js';

/** decide: planned output of maker plants, and their marginal cost from input costs. */
export function makersPlan(w: World, from: number, to: number): void {
  const P = w.plants.cols;
  const S = w.sellers.cols;
  const L = w.lines.cols;
  for (let p = from; p < to; p++) {
    const s = P.seller[p]!;
    if (s < 0) continue;
    // Its output arrives after this week's offer, so at steady state it holds target + a week's sales.
    const gap = (S.stockTarget[s]! + S.emaSales[s]! - S.stock[s]!) / 4;
    const cap = effectiveCapacity(w, s) * S.capFactor[s]!;
    let plan = S.emaSales[s]! + gap;
    if (plan > cap) plan = cap;
    P.planned[p] = plan > 0 ? plan : 0;
    // Unit cost in $ per tonne of output, then in the output's price unit.
    let unit = P.nonMineral[p]!;
    const a = P.firstLine[p]!;
    for (let i = a; i < a + P.nLines[p]!; i++) unit += L.baseNeed[i]! * L.intensity[i]! * L.avgCost[i]! * w.k.unitScale[L.commodity[i]!]!;
    S.mc[s] = unit / w.k.unitScale[S.commodity[s]!]!;
  }
}

/** settle: what the plant made goes into its output stock (production of the intermediate). */
export function makersOutput(w: World, from: number, to: number): void {
  const P = w.plants.cols;
  const S = w.sellers.cols;
  for (let p = from; p < to; p++) {
    const s = P.seller[p]!;
    if (s < 0) continue;
    const q = P.output[p]!;
    S.output[s] = q;
    S.u[s] = S.cap[s]! > 0 ? q / S.cap[s]! : 0;
    S.stock[s]! += q;
    const c = S.commodity[s]!;
    w.production[c]! += q;
    w.gross[c]! += q;
  }
}
