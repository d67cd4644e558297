/**
 * Recyclers: secondary supply (Japan's urban mining, Korea's battery recycling; seeds 000, 002).
 * Output follows a slow average of the realised price (lags of one to two years), so recycling
 * answers a spike late and keeps answering after it. Counted as recycling, not production, in
 * the books of mass balance.
 */
import { SELLER_RECYCLER, type World } from './state.js';

export function recyclersProduce(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const e = w.k.recElasticity;
  for (let i = from; i < to; i++) {
    if (S.kind[i] !== SELLER_RECYCLER) continue;
    const c = S.commodity[i]!;
    const ratio = Math.min(10, Math.max(0.1, S.emaPrice[i]! / S.pRef[i]!));
    const stockFactor = Math.min(1.5, Math.sqrt(S.stockTarget[i]! / Math.max(S.stock[i]!, 1e-3 * S.stockTarget[i]!)));
    const q = S.cap[i]! * w.k.u0 * Math.pow(ratio, e) * Math.min(1, stockFactor) * S.capFactor[i]!;
    S.u[i] = q / S.cap[i]!;
    S.output[i] = q;
    S.stock[i]! += q;
    w.recycling[c]! += q;
    w.gross[c]! += q;
  }
}
