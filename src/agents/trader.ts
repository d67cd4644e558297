/**
 * Transshipment traders: leakage between segments at a cost (MODEL-NOTES.md "How two prices
 * arise"). A trader buys in its source market when the destination's last price, less the
 * leakage cost, beats the source price, and sells there above source price plus cost. What it
 * holds is material in transit. Routes: `ex_cn_other` -> `ex_cn` (re-export through third
 * countries, `traders.leak_cost`) and `cn` -> `ex_cn_other` (smuggling past export licences,
 * `traders.smuggle_cost`). Idle while segment prices stay within the cost of each other.
 */
import { SEG_CN, SEG_EX, SEG_OTHER } from './ids.js';
import type { World } from './state.js';

/** Routes and their parameters (source segment, destination segment, cost key, capacity key). */
export const TRADER_ROUTES = [
  [SEG_OTHER, SEG_EX, 'traders.leak_cost', 'traders.leak_capacity'],
  [SEG_CN, SEG_OTHER, 'traders.smuggle_cost', 'traders.smuggle_capacity'],
] as const;

/** decide: bid in the source market, offer stock in the destination. */
export function tradersOrder(w: World): void {
  const T = w.traders.cols;
  const book = w.book;
  for (let i = 0; i < w.traders.size; i++) {
    const src = T.src[i]!;
    const dst = T.dst[i]!;
    const cost = T.cost[i]!;
    const stock = T.invCn[i]! + T.invNon[i]!;
    const cap = T.cap[i]!;
    T.bidQ[i] = 0;
    T.bidBin[i] = -1;
    T.askQ[i] = 0;
    T.askBin[i] = -1;
    const room = 2 * cap - stock;
    if (room > 0) {
      const bin = book.bidBin(src, w.price[dst]! / (1 + cost));
      T.bidQ[i] = room < cap ? room : cap;
      T.bidBin[i] = bin;
      book.addBid(src, bin, T.bidQ[i]!);
    }
    if (stock > 0) {
      const q = stock < cap ? stock : cap;
      const reserve = Math.max(T.avgCost[i]!, w.price[src]!) * (1 + cost);
      const bin = book.askBin(dst, reserve);
      T.askQ[i] = q;
      T.askBin[i] = bin;
      book.addAsk(dst, bin, q);
      w.mSupply[dst]! += q;
    }
  }
}

/** settle, with the sellers: sales in the destination (their origin mix joins its sales). */
export function tradersSettleAsks(w: World): void {
  const T = w.traders.cols;
  for (let i = 0; i < w.traders.size; i++) {
    const bin = T.askBin[i]!;
    if (bin < 0) continue;
    const dst = T.dst[i]!;
    const q = T.askQ[i]! * w.book.sellFill(dst, bin);
    if (!(q > 0)) continue;
    const stock = T.invCn[i]! + T.invNon[i]!;
    const cnPart = q >= stock ? T.invCn[i]! : q * (T.invCn[i]! / stock);
    if (q >= stock) {
      T.invCn[i] = 0;
      T.invNon[i] = 0;
    } else {
      T.invCn[i]! -= cnPart;
      T.invNon[i]! -= q - cnPart;
    }
    w.spotAll[dst]! += q;
    w.spotCn[dst]! += cnPart;
    w.gross[T.commodity[i]!]! += q;
  }
}

/** settle, after all sales are known: purchases in the source market. */
export function tradersSettleBids(w: World): void {
  const T = w.traders.cols;
  for (let i = 0; i < w.traders.size; i++) {
    const bin = T.bidBin[i]!;
    if (bin < 0) continue;
    const src = T.src[i]!;
    const q = T.bidQ[i]! * w.book.buyFill(src, bin);
    if (!(q > 0)) continue;
    const all = w.spotAll[src]!;
    const cnShare = all > 0 ? w.spotCn[src]! / all : 0;
    const before = T.invCn[i]! + T.invNon[i]!;
    T.invCn[i]! += q * cnShare;
    T.invNon[i]! += q * (1 - cnShare);
    T.avgCost[i] = (T.avgCost[i]! * before + q * w.price[src]!) / (before + q);
    w.gross[T.commodity[i]!]! += q;
  }
}
