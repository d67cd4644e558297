/**
 * The US price-floor programme: a contract for difference paid to non-Chinese producers (the
 * $110/kg NdPr floor for ten years; DoD's MP Materials deal, seed 002), with offtake. The floor
 * is a top-up to the producer's realised price (market.ts), not a floor on the market price; it
 * removes the downside, so covered producers invest against max(E[P], floor) with a lower
 * real-options multiplier (`price_floor.m_relief`); the programme also takes
 * `price_floor.offtake_share` of covered output at the floor into a stock held for US defence.
 */
import { COMMODITIES } from './ids.js';
import { OWNER_OFFTAKE } from './stockpile.js';
import { ORIGIN_NON, SELLER_REFINER, type World } from './state.js';

/** decide: this week's floors and the investment relief they bring. */
export function floorWeek(w: World): void {
  w.floorPrice.fill(0);
  w.floorRelief.fill(1);
  const X = w.stockpiles.cols;
  for (let c = 0; c < w.C; c++) X.active[OWNER_OFFTAKE * w.C + c] = 0;
  for (let i16 = 0; i16 < w.events.length; i16++) {
    const e = w.events[i16]!;
    const ev = e.event;
    if (ev.type !== 'price_floor' || w.tick < e.start || w.tick >= e.end) continue;
    for (let i17 = 0; i17 < e.commodities.length; i17++) {
      const c = e.commodities[i17]!;
      w.floorPrice[c] = Math.max(w.floorPrice[c]!, ev.floor);
      w.floorRelief[c] = w.p['price_floor.m_relief']!;
      X.active[OWNER_OFFTAKE * w.C + c] = 1;
      if (w.tick === e.start) w.eventLog.push({ week: w.tick, actor: 'us_price_floor', type: 'price_floor', commodity: COMMODITIES[c]!, target: 'non_cn', value: ev.floor, detail: 'contract for difference with offtake' });
    }
  }
}

/** decide, after production: the offtake share of covered output goes to the programme's stock at the floor. */
export function floorOfftake(w: World): void {
  const share = w.p['price_floor.offtake_share']!;
  if (!(share > 0)) return;
  const S = w.sellers.cols;
  const X = w.stockpiles.cols;
  for (let i = 0; i < w.sellers.size; i++) {
    const c = S.commodity[i]!;
    const floor = w.floorPrice[c]!;
    if (!(floor > 0) || S.origin[i] !== ORIGIN_NON || S.cnOwned[i] || S.kind[i] !== SELLER_REFINER) continue;
    let q = share * S.output[i]!;
    if (q > S.stock[i]!) q = S.stock[i]!;
    if (!(q > 0)) continue;
    S.stock[i]! -= q;
    S.revenue[i]! += q * floor;
    S.sold[i]! += q;
    const r = OWNER_OFFTAKE * w.C + c;
    X.invNon[r]! += q;
    X.cost[r]! += q * floor * w.k.unitScale[c]!;
    w.floorBooks[1]! += q * floor * w.k.unitScale[c]!;
    w.gross[c]! += q;
  }
}

/** settle: programme cost of the week's top-ups. */
export function floorSettle(w: World): void {
  const S = w.sellers.cols;
  for (let i = 0; i < w.sellers.size; i++) w.floorBooks[0]! += S.topup[i]! * w.k.unitScale[S.commodity[i]!]!;
}
