/**
 * The market side every seller and buyer shares: quarterly term books at a lagged index,
 * spot offers and bids on the grid, fills, and the weekly update of prices, indices and risk.
 * (MODEL-NOTES.md: "Most volume moves on term contracts"; "Bids come from inventory cover";
 * "Sellers offer capacity at marginal cost, and stocks at the value of waiting".)
 * Licence caps (cnOffice.ts) bind here: a licensed seller's deliveries into a capped market are
 * scaled so that its class stays within the week's cap, term first, then spot.
 */
import { LIC_NONE } from './cnOffice.js';
import { BLOCS } from './ids.js';
import { ORIGIN_CN, ORIGIN_NON, SELLER_REFINER, SELLER_RECYCLER, type World } from './state.js';

const NB = BLOCS.length;

/** Shipping cost per unit from an origin into a segment, as a multiple of the reference price. */
export function shipCost(w: World, origin: number, seg: number): number {
  if (origin === ORIGIN_CN) return seg === 0 ? 0 : w.k.exportCost;
  return seg === 0 ? w.k.importCostCn : 0;
}

/** Is seller i's supply into segment s capped by a licence this week? */
function capped(w: World, cls: number, m: number): boolean {
  return cls !== LIC_NONE && m % 3 !== 0 && w.lic.cap[m * 4 + cls]! < Infinity;
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
      // A seller that needs a licence commits only what the cap lets through (none under a ban).
      const open = capped(w, S.lic[i]!, m) ? Math.min(1, w.lic.cap[m * 4 + S.lic[i]!]! / Math.max(w.lic.ema[m * 4 + S.lic[i]!]!, 1e-300)) : 1;
      const v = w.nom[m * 2 + o]! * open;
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

/** Sum what licensed sellers are due to deliver into capped markets (before sellersDeliverTerm). */
export function sellersWantTerm(w: World, from: number, to: number): void {
  if (!w.lic.anyCap) return;
  const S = w.sellers.cols;
  for (let i = from; i < to; i++) {
    const cls = S.lic[i]!;
    if (cls === LIC_NONE) continue;
    const c = S.commodity[i]!;
    for (let s = 1; s < 3; s++) {
      const m = c * 3 + s;
      if (capped(w, cls, m)) w.lic.want[m * 4 + cls]! += S.commit[i * 3 + s]!;
    }
  }
}

/** Weekly term deliveries from stock, pro rata when stock is short or a licence cap binds. */
export function sellersDeliverTerm(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const lic = w.lic;
  for (let i = from; i < to; i++) {
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    const cls = S.lic[i]!;
    let due = 0;
    for (let s = 0; s < 3; s++) {
      const m = c * 3 + s;
      let d = S.commit[i * 3 + s]!;
      if (lic.anyCap && capped(w, cls, m)) {
        const want = lic.want[m * 4 + cls]!;
        const cap = lic.cap[m * 4 + cls]!;
        if (want > cap) d *= cap / want;
      }
      S.askQ[i * 3 + s] = d; // scratch until sellersAsk: this week's term delivery per segment
      due += d;
    }
    if (!(due > 0)) continue;
    const stock = S.stock[i]!;
    const ratio = stock >= due ? 1 : stock / due;
    let out = 0;
    for (let s = 0; s < 3; s++) {
      const d = S.askQ[i * 3 + s]! * ratio;
      if (d === 0) continue;
      const m = c * 3 + s;
      w.deliv[m * 2 + o]! += d;
      out += d;
      const price = w.termPrice[m]! - shipCost(w, o, s) * w.ref[c]!;
      S.revenue[i]! += d * price;
      if (cls !== LIC_NONE) {
        lic.delivered[m * 4 + cls]! += d;
        if (s !== 0 && capped(w, cls, m)) lic.remain[m * 4 + cls]! -= d;
      }
      if (o === ORIGIN_CN) {
        // China's office books, written here rather than through a helper taking doubles, which
        // V8 boxes on every call it does not inline (bench/alloc-sites.ts found them).
        const scale = w.k.unitScale[c]!;
        if (s === 0) w.cnWeek[3]! += d * price * scale;
        else {
          w.cnWeek[0]! += d * price * scale;
          w.cnWeek[1]! += d * S.mc[i]! * scale;
        }
      }
    }
    S.stock[i] = ratio === 1 ? stock - out : 0;
    S.sold[i]! += out;
    w.gross[c]! += out;
  }
}

/** China's books in $: domestic revenue, export revenue and the cost of what was exported. */

/**
 * settle, serial, after sellersSettle: the spot sales summed into the markets (origin mix), China's
 * export books, licensed deliveries and gross flow, in seller order.
 */
export function sellersAddSales(w: World): void {
  const S = w.sellers.cols;
  const lic = w.lic;
  for (let i = 0; i < w.sellers.size; i++) {
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    const cls = S.lic[i]!;
    let out = 0;
    for (let s = 0; s < 3; s++) {
      const q = S.fill[i * 3 + s]!;
      if (q === 0) continue;
      out += q;
      const m = c * 3 + s;
      w.spotAll[m]! += q;
      if (o === ORIGIN_CN) {
        w.spotCn[m]! += q;
        const price = w.price[m]! - shipCost(w, o, s) * w.ref[c]!;
        const scale = w.k.unitScale[c]!;
        if (s === 0) w.cnWeek[3]! += q * price * scale;
        else {
          w.cnWeek[0]! += q * price * scale;
          w.cnWeek[1]! += q * S.mc[i]! * scale;
        }
      }
      if (cls !== LIC_NONE) lic.delivered[m * 4 + cls]! += q;
    }
    w.gross[c]! += out;
  }
}

/** Buyers take their share of each pool's deliveries (sum over buyers == deliveries). */
export function linesReceiveTerm(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
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
    L.flowCn[i] = rc;
    L.flowNon[i] = rn;
  }
}

/**
 * After a lines pass that set L.flowCn / L.flowNon: add them to w.flows in line order (serial,
 * so that a pass split over threads sums in the same order as one that is not).
 */
export function linesAddFlows(w: World): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
  for (let i = 0; i < w.lines.size; i++) {
    const f = L.commodity[i]! * 2 * NB + P.bloc[L.plant[i]!]!;
    w.flows[f]! += L.flowCn[i]!;
    w.flows[f + NB]! += L.flowNon[i]!;
  }
}

// ---------------------------------------------------------------- spot

/** scratch, reused: no allocation per call; one per thread (module state is per worker) */
const TGT = new Float64Array(3);

/*
 * Sellers offer their stock on the spot grid, split over segments by a logit on last week's
 * netbacks (arbitrage at a cost), each at the value of waiting
 * max(marginal cost + freight, anchor * clamp((stock/target)^(-1/theta), 0.7, 1.2) / (1 + carry)),
 * in four steps the tick runs in order: sellersSplit (rows), sellersLicensed (serial: licensed
 * wishes against the caps), sellersAsk (rows: capped segments scaled, the rest sent to the open
 * ones), sellersAddAsks (serial: into the book in seller order).
 */

/** decide, sellers: this week's split of each seller's stock over the segments (its own rows). */
export function sellersSplit(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const tgt = TGT;
  for (let i = from; i < to; i++) {
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
    // between segments and prices cobweb).
    let tot = 0;
    for (let s = 0; s < 3; s++) {
      const nb = w.price[c * 3 + s]! - shipCost(w, o, s) * ref;
      const x = (w.k.beta * (nb - best)) / ref;
      tgt[s] = w.segShare[c * 3 + s]! * Math.exp(x < -30 ? -30 : x);
      tot += tgt[s]!;
    }
    let sum = 0;
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      const prev = S.alloc[j]!;
      const a = prev + w.k.allocRate * (tgt[s]! / tot - prev);
      S.alloc[j] = a;
      sum += a;
    }
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      S.alloc[j] = sum > 0 ? S.alloc[j]! / sum : 1 / 3;
    }
  }
}

/**
 * decide, serial, after sellersSplit: licensed sellers' wishes summed into capped markets in
 * seller order, then turned into the scale factor for each capped market x class.
 */
export function sellersLicensed(w: World): void {
  const lic = w.lic;
  if (!lic.anyCap) return;
  const S = w.sellers.cols;
  for (let i = 0; i < w.sellers.size; i++) {
    const cls = S.lic[i]!;
    const c = S.commodity[i]!;
    for (let s = 0; s < 3; s++) {
      const m = c * 3 + s;
      if (capped(w, cls, m)) lic.want[m * 4 + cls]! += S.stock[i]! * S.alloc[i * 3 + s]!;
    }
  }
  // From here on `want` holds the scale factor for each capped market x class.
  for (let j = 0; j < lic.want.length; j++) {
    const want = lic.want[j]!;
    const room = lic.remain[j]! > 0 ? lic.remain[j]! : 0;
    lic.want[j] = want > room ? room / want : 1;
  }
}

/** decide, sellers: each seller's asks (quantity and bin per segment; its own rows). */
export function sellersAsk(w: World, from: number, to: number): void {
  const S = w.sellers.cols;
  const lic = w.lic;
  const book = w.book;
  const carry = 1 + 4 * w.k.carryWeekly;
  for (let i = from; i < to; i++) {
    const stock = S.stock[i]!;
    const c = S.commodity[i]!;
    const o = S.origin[i]!;
    const ref = w.ref[c]!;
    const cls = S.lic[i]!;
    // Cover counts the week's flow: at steady state stock = target + a week's sales here, less
    // the share of sales that announced or active licence regimes will cut off (lic.closing), so
    // the rush abroad before a ban does not read as lasting demand. (Scaling the target too was
    // measured and rejected: gallium-2023's China price then falls 25% and stays at the floor of
    // the value of waiting, and the jump abroad at the announcement shrinks to +7%.)
    let keep = 1;
    if (lic.anyClosing && cls !== LIC_NONE) for (let s = 0; s < 3; s++) keep -= S.alloc[i * 3 + s]! * lic.closing[(c * 3 + s) * 4 + cls]!;
    const full = S.stockTarget[i]! + S.emaSales[i]! * (keep > 0 ? keep : 0);
    const cover = full > 0 ? Math.max(stock / full, 0.01) : 1;
    // Held back a little when stocks are thin, pushed out when they pile up; bounded so that a
    // seller with little left does not ask a multiple of the expected price (that is buyers' job).
    const tilt = Math.pow(cover, -1 / S.theta[i]!);
    const wait = (tilt < 0.7 ? 0.7 : tilt > 1.2 ? 1.2 : tilt) / carry;
    // Licence caps: scale capped segments, move what is blocked to the open ones.
    let blocked = 0;
    let openWeight = 0;
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      const m = c * 3 + s;
      let q = stock * S.alloc[j]!;
      if (lic.anyCap && capped(w, cls, m)) {
        const f = lic.want[m * 4 + cls]!;
        blocked += q * (1 - f);
        q *= f;
      } else openWeight += S.alloc[j]!;
      S.askQ[j] = q;
    }
    if (blocked > 0 && openWeight > 0) {
      for (let s = 0; s < 3; s++) {
        if (lic.anyCap && capped(w, cls, c * 3 + s)) continue;
        S.askQ[i * 3 + s]! += (blocked * S.alloc[i * 3 + s]!) / openWeight;
      }
    }
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      const q = S.askQ[j]!;
      if (!(q > 0)) {
        S.askBin[j] = -1;
        continue;
      }
      const m = c * 3 + s;
      const flood = o === ORIGIN_CN ? w.flood[c]! : 0;
      const reserve = flood > 0 ? w.anchor[m]! * (1 - flood) : Math.max(S.mc[i]! + shipCost(w, o, s) * ref, w.anchor[m]! * wait);
      const bin = book.askBin(m, reserve);
      S.askBin[j] = bin;
    }
  }
}

/** decide, serial, after sellersAsk: the asks into the book and each market's supply, in seller order. */
export function sellersAddAsks(w: World): void {
  const S = w.sellers.cols;
  const book = w.book;
  for (let i = 0; i < w.sellers.size; i++) {
    const c = S.commodity[i]!;
    for (let s = 0; s < 3; s++) {
      const j = i * 3 + s;
      const bin = S.askBin[j]!;
      if (bin < 0) continue;
      const m = c * 3 + s;
      book.addAsk(m, bin, S.askQ[j]!);
      w.mSupply[m]! += S.askQ[j]!;
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
      S.fill[j] = 0;
      const bin = S.askBin[j]!;
      if (bin < 0) continue;
      const m = c * 3 + s;
      const q = S.askQ[j]! * book.sellFill(m, bin);
      S.fill[j] = q;
      if (q === 0) continue;
      out += q;
      const price = w.price[m]! - shipCost(w, o, s) * w.ref[c]!;
      S.revenue[i]! += q * price;
    }
    S.stock[i]! -= out;
    if (S.stock[i]! < 0) S.stock[i] = 0; // rounding only: fills never exceed the offer
    S.sold[i]! += out;
    const sold = S.sold[i]!;
    // Price floor: a contract for difference tops up non-Chinese refiners' realised price.
    S.topup[i] = 0;
    const floor = w.floorPrice[c]!;
    if (floor > 0 && sold > 0 && o === ORIGIN_NON && !S.cnOwned[i] && S.kind[i] === SELLER_REFINER) {
      const realised = S.revenue[i]! / sold;
      if (realised < floor) {
        S.topup[i] = (floor - realised) * sold;
        S.revenue[i]! += S.topup[i]!;
      }
    }
    S.emaSales[i] = 0.9 * S.emaSales[i]! + 0.1 * sold;
    if (sold > 0) {
      const rate = S.kind[i] === SELLER_RECYCLER ? 1 / w.k.recLag : 0.2;
      S.emaPrice[i] = (1 - rate) * S.emaPrice[i]! + rate * (S.revenue[i]! / sold);
    }
  }
}

// ---------------------------------------------------------------- market update

/** After clearing: carry the price where nothing traded, update index ring, EMAs, volatility and risk. */
/**
 * settle: sellers' prior split over segments follows where demand is (the segments' shares of
 * this week's need, smoothed over a quarter), so that when blocs change their posture supply
 * follows them instead of the calibration's split: otherwise a segment that buyers leave is
 * oversupplied and cheaper by the logit's price gap, which rewarded the last bloc in it.
 */
export function trackSegmentDemand(w: World): void {
  for (let c = 0; c < w.C; c++) {
    const m = c * 3;
    const tot = w.mDemand[m]! + w.mDemand[m + 1]! + w.mDemand[m + 2]!;
    if (!(tot > 0)) continue;
    for (let s = 0; s < 3; s++) w.segShare[m + s]! += (w.mDemand[m + s]! / tot - w.segShare[m + s]!) / 13;
  }
}

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
    const spike = Math.min(1, Math.max(0, w.k.spikeRisk * (p / w.ema26[m]! - 1)));
    const policy = w.policyRisk[m]!;
    w.risk[m] = Math.max(w.risk[m]! * w.k.riskDecay, spike, policy);
    w.mTraded[m] = w.book.traded[m]! + w.deliv[m * 2]! + w.deliv[m * 2 + 1]!;
  }
  trackSegmentDemand(w);
}
