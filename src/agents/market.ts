/**
 * The market side every seller and buyer shares: quarterly term books at a lagged index,
 * spot offers and bids on the grid, fills, and the weekly update of prices, indices and risk.
 * (MODEL-NOTES.md: "Most volume moves on term contracts"; "Bids come from inventory cover";
 * "Sellers offer capacity at marginal cost, and stocks at the value of waiting".)
 */
import { ORIGIN_CN, SELLER_RECYCLER, type World } from './state.js';

/** Shipping cost per unit from an origin into a segment, as a multiple of the reference price. */
export function shipCost(w: World, origin: number, seg: number): number {
  if (origin === ORIGIN_CN) return seg === 0 ? 0 : w.k.exportCost;
  return seg === 0 ? w.k.importCostCn : 0;
}

/** Access of a seller to a market: Chinese-made supply to other segments needs a licence. */
function accessOf(w: World, origin: number, m: number): number {
  return origin === ORIGIN_CN ? w.access[m]! : 1;
}

// ---------------------------------------------------------------- term contracts (quarterly)

/** Buyers nominate their term book for the quarter (accumulates w.nom; zero it first). */
export function linesNominate(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  for (let i = from; i < to; i++) {
    const m = L.market[i]!;
    L.termMarket[i] = m;
    const nom = L.termShare[i]! * L.need[i]!;
    const non = nom * L.nsShare[i]!;
    L.nomNon[i] = non;
    L.nomCn[i] = nom - non;
    w.nom[m * 2]! += nom - non;
    w.nom[m * 2 + 1]! += non;
  }
}

/**
 * Sellers spread their expected sales over the nominated pools they can reach (pass 1 sums the
 * availability per pool into w.avail, keeping each seller's shares in `commit`), then commit in
 * proportion so that no pool is over-committed (pass 2). Two passes over sellers, O(n).
 */
export function sellersShareTerm(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  for (let i = from; i < to; i++) {
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    let tot = 0;
    for (let s = 0; s < 3; s++) {
      const m = c * 3 + s;
      const v = w.nom[m * 2 + o]! * accessOf(w, o, m);
      S.commit[i * 3 + s] = v;
      tot += v;
    }
    const exp = S.emaSales[i]!;
    for (let s = 0; s < 3; s++) {
      const share = tot > 0 ? S.commit[i * 3 + s]! / tot : 0;
      S.commit[i * 3 + s] = share;
      w.avail[(c * 3 + s) * 2 + o]! += exp * share;
    }
  }
}

export function sellersCommitTerm(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  for (let i = from; i < to; i++) {
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    const exp = S.emaSales[i]!;
    for (let s = 0; s < 3; s++) {
      const pool = (c * 3 + s) * 2 + o;
      const av = w.avail[pool]!;
      const ratio = av > 0 ? Math.min(0.95, w.nom[pool]! / av) : 0;
      S.commit[i * 3 + s] = exp * S.commit[i * 3 + s]! * ratio;
    }
  }
}

/** Weekly term deliveries from stock, pro rata when stock is short (accumulates w.deliv). */
export function sellersDeliverTerm(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  for (let i = from; i < to; i++) {
    const due = S.commit[i * 3]! + S.commit[i * 3 + 1]! + S.commit[i * 3 + 2]!;
    if (!(due > 0)) continue;
    const stock = S.stock[i]!;
    const ratio = stock >= due ? 1 : stock / due;
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    let out = 0;
    for (let s = 0; s < 3; s++) {
      const d = S.commit[i * 3 + s]! * ratio;
      if (d === 0) continue;
      const m = c * 3 + s;
      w.deliv[m * 2 + o]! += d;
      out += d;
      S.revenue[i]! += d * (w.termPrice[m]! - shipCost(w, o, s) * w.ref[c]!);
    }
    S.stock[i] = ratio === 1 ? stock - out : 0;
    S.sold[i]! += out;
    w.gross[c]! += out;
  }
}

/** Buyers take their share of each pool's deliveries (sum over buyers == deliveries). */
export function linesReceiveTerm(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  for (let i = from; i < to; i++) {
    const m = L.termMarket[i]!;
    const nc = w.nom[m * 2]!;
    const nn = w.nom[m * 2 + 1]!;
    const rc = nc > 0 ? L.nomCn[i]! * (w.deliv[m * 2]! / nc) : 0;
    const rn = nn > 0 ? L.nomNon[i]! * (w.deliv[m * 2 + 1]! / nn) : 0;
    L.termRecvCn[i] = rc;
    L.termRecv[i] = rc + rn;
    L.invCn[i]! += rc;
    L.invNon[i]! += rn;
    L.spent[i]! += (rc + rn) * w.termPrice[m]!;
  }
}

// ---------------------------------------------------------------- spot

/**
 * Sellers offer their stock on the spot grid, split over segments by a logit on last week's
 * netbacks (arbitrage at a cost), each at the value of waiting
 * max(marginal cost + freight, anchor * clamp((stock/target)^(-1/theta), 0.5, 1.5) / (1 + carry)).
 */
const tgt = new Float64Array(3); // scratch, reused: no allocation per call

export function sellersOffer(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const book = w.book;
  const carry = 1 + 4 * w.k.carryWeekly;
  for (let i = from; i < to; i++) {
    const stock = S.stock[i]!;
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    const ref = w.ref[c]!;
    let best = -Infinity;
    for (let s = 0; s < 3; s++) {
      const nb = w.price[c * 3 + s]! - shipCost(w, o, s) * ref;
      if (nb > best) best = nb;
    }
    // Target weights from last week's netbacks, then a partial step toward them: sellers move
    // cargoes over weeks, not all at once (without it, one-week price gaps flip all supply
    // between segments and prices cobweb). Licences (access) bind at once.
    let tot = 0;
    for (let s = 0; s < 3; s++) {
      const m = c * 3 + s;
      const nb = w.price[m]! - shipCost(w, o, s) * ref;
      const x = (w.k.beta * (nb - best)) / ref;
      tgt[s] = w.segShare[m]! * Math.exp(x < -30 ? -30 : x);
      tot += tgt[s]!;
    }
    let sum = 0;
    for (let s = 0; s < 3; s++) {
      const m = c * 3 + s;
      const j = i * 3 + s;
      const prev = S.alloc[j]!;
      const a = accessOf(w, o, m) * (prev + w.k.allocRate * (tgt[s]! / tot - prev));
      S.alloc[j] = a;
      sum += a;
    }
    tot = sum;
    // Cover counts the week's flow: at steady state stock = target + a week's sales here.
    const full = S.stockTarget[i]! + S.emaSales[i]!;
    const cover = full > 0 ? Math.max(stock / full, 0.01) : 1;
    // Held back a little when stocks are thin, pushed out when they pile up; bounded so that a
    // seller with little left does not ask a multiple of the expected price (that is buyers' job).
    const tilt = Math.pow(cover, -1 / S.theta[i]!);
    const wait = (tilt < 0.5 ? 0.5 : tilt > 1.5 ? 1.5 : tilt) / carry;
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      const a = tot > 0 ? S.alloc[j]! / tot : 0;
      S.alloc[j] = a;
      const q = stock * a;
      S.askQ[j] = q;
      if (!(q > 0)) {
        S.askBin[j] = -1;
        continue;
      }
      const m = c * 3 + s;
      const reserve = Math.max(S.mc[i]! + shipCost(w, o, s) * ref, w.anchor[m]! * wait);
      const bin = book.askBin(m, reserve);
      S.askBin[j] = bin;
      book.addAsk(m, bin, q);
      w.mSupply[m]! += q;
    }
  }
}

/** Sellers take their spot fills; sales by origin feed the origin mix buyers receive. */
export function sellersSettle(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const book = w.book;
  for (let i = from; i < to; i++) {
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    let out = 0;
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      const bin = S.askBin[j]!;
      if (bin < 0) continue;
      const m = c * 3 + s;
      const q = S.askQ[j]! * book.sellFill(m, bin);
      if (q === 0) continue;
      out += q;
      S.revenue[i]! += q * (w.price[m]! - shipCost(w, o, s) * w.ref[c]!);
      w.spotAll[m]! += q;
      if (o === ORIGIN_CN) w.spotCn[m]! += q;
    }
    S.stock[i]! -= out;
    if (S.stock[i]! < 0) S.stock[i] = 0; // rounding only: fills never exceed the offer
    S.sold[i]! += out;
    w.gross[c]! += out;
    const sold = S.sold[i]!;
    S.emaSales[i] = 0.9 * S.emaSales[i]! + 0.1 * sold;
    if (sold > 0) {
      const rate = S.kind[i] === SELLER_RECYCLER ? 1 / w.k.recLag : 0.2;
      S.emaPrice[i] = (1 - rate) * S.emaPrice[i]! + rate * (S.revenue[i]! / sold);
    }
  }
}

// ---------------------------------------------------------------- market update

/** After clearing: carry the price where nothing traded, update index ring, EMAs, volatility and risk. */
export function updateMarkets(w: World): void {
  const W = w.indexWeeks;
  const slot = w.tick % W;
  for (let m = 0; m < w.M; m++) {
    const prev = w.price[m]!;
    let p = w.book.price[m]!;
    if (!(p > 0)) p = prev;
    w.price[m] = p;
    const r = Math.log(p / prev);
    w.vol[m] = (51 / 52) * w.vol[m]! + (1 / 52) * r * r;
    w.ring[m * W + slot] = p;
    let sum = 0; // recomputed, not a running sum, so no rounding drift over long runs: O(W)
    for (let j = 0; j < W; j++) sum += w.ring[m * W + j]!;
    w.index[m] = sum / W;
    // The price both sides expect: the index, pulled toward the calibrated normal price so that
    // the level is pinned by costs and stocks rather than by its own past (no drift).
    w.anchor[m] = Math.pow(w.index[m]!, w.k.anchorWeight) * Math.pow(w.p0[m]!, 1 - w.k.anchorWeight);
    w.ema26[m] = w.ema26[m]! + (p - w.ema26[m]!) / 26;
    w.ema52[m] = w.ema52[m]! + (p - w.ema52[m]!) / 52;
    const spike = Math.min(1, Math.max(0, p / w.ema26[m]! - 1));
    w.risk[m] = Math.max(w.risk[m]! * w.k.riskDecay, spike);
    w.mTraded[m] = w.book.traded[m]! + w.deliv[m * 2]! + w.deliv[m * 2 + 1]!;
  }
}
