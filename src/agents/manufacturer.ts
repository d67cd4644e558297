/**
 * Manufacturers as many plant agents (Korean battery makers, Japanese and Taiwanese makers of
 * magnets, chips and equipment, US manufacturers and defence buyers, EU buyers, Chinese and
 * rest-of-world manufacturers). A plant uses its inputs in fixed proportions (Leontief): short of
 * one, it loses output, reported as shortage, not priced. Each input is a line with an
 * origin-tagged inventory whose target cover rises with perceived risk; it buys most of its need
 * on quarterly term contracts and bids the rest on the spot grid from its cover, up to its choke
 * price. Input intensity falls slowly and irreversibly when prices stay high (thrifting and
 * substitution: the long-run elasticity); the short-run elasticity acts on this week's need.
 * Its output price passes a share of its unit-cost change on to its customers (revenue and
 * margins for the payoffs; planned output does not answer its own price: the input-level
 * short-run elasticity already carries that response).
 */
import { BLOCS, SEG_CN, SEG_EX, SEG_OTHER } from './ids.js';

const NB = BLOCS.length;
import type { World } from './state.js';

/** Segment of a plant's buyers from its government's posture (cn plants buy in cn). */
export function plantSegment(w: World, i: number): number {
  const P = w.plants.cols;
  const b = P.bloc[i]!;
  if (b === 0) return SEG_CN;
  return P.alignDraw[i]! < w.alignment[b]! ? SEG_EX : SEG_OTHER;
}

/** decide, plants: segment and planned output (makers plan in intermediateMaker.ts). */
export function plantsPlan(w: World, from: number, to: number): void {
  const P = w.plants.cols;
  const growth = Math.pow(1 + w.k.growthWeekly, w.tick);
  for (let i = from; i < to; i++) {
    P.seg[i] = plantSegment(w, i);
    if (P.seller[i]! < 0) P.planned[i] = P.size[i]! * growth;
  }
}

/**
 * decide, once per market before linesNeed: the log excess of the yearly average over the
 * reference (thrifting) and the short-run demand factor (index/ref)^elasticity. Per market, not
 * per line: the same numbers, O(markets) instead of O(lines) calls to log and pow.
 */
export function marketFactors(w: World): void {
  const k = w.k;
  for (let m = 0; m < w.M; m++) {
    const c = (m / 3) | 0;
    const ref = w.ref[c]!;
    w.thriftExcess[m] = Math.log(w.ema52[m]! / ref) - k.thriftThreshold;
    w.srFactor[m] = Math.pow(Math.min(50, Math.max(0.05, w.index[m]! / ref)), k.elasticity[c]!);
  }
}

/** decide, lines: thrifting, this week's need, and the market it buys in. */
export function linesNeed(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
  const k = w.k;
  for (let i = from; i < to; i++) {
    const c = L.commodity[i]!;
    const p = L.plant[i]!;
    const m = c * 3 + P.seg[p]!;
    L.market[i] = m;
    // Long run: irreversible thrifting and substitution when the yearly average stays high.
    const lr = w.thriftExcess[m]!;
    if (lr > 0) {
      const next = L.intensity[i]! - k.thriftRate * lr;
      const floor = k.thriftFloor[c]!;
      L.intensity[i] = next > floor ? next : floor;
    }
    // Short run: this quarter's price index against the reference.
    L.need[i] = L.baseNeed[i]! * L.intensity[i]! * w.srFactor[m]! * L.demandFactor[i]! * P.planned[p]!;
  }
}


/**
 * decide, lines: the spot bids, in two tranches. What the plant needs to keep running this week
 * (need less term receipts) is bid at the restocking price while cover is comfortable and at the
 * choke price once cover falls under the emergency level. The rest closes the stock gap over
 * `adjust` weeks at anchor * (cover/target)^(-1/theta), capped at `restock_cap` x normal price:
 * precautionary stock is price-sensitive, running stock is not (MODEL-NOTES.md: bids come from
 * inventory cover; ODD.md says why the cap).
 */
export function linesBid(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  const book = w.book;
  const phi = w.k.phi;
  const cap = w.k.restockCap;
  for (let i = from; i < to; i++) {
    const need = L.need[i]!;
    const m = L.market[i]!;
    const inv = L.invCn[i]! + L.invNon[i]!;
    const received = L.termRecv[i]! + L.stockRecv[i]!;
    const before = inv - received;
    // Target cover rises with perceived risk (MODEL-NOTES.md: target = base * (1 + phi * risk)),
    // and the restocking bid follows cover against that target. Vault members hold part of their
    // cover in the Vault. (Tried: bidding against the base target, risk moving only the quantity;
    // that slowed the gallium-2023 rise toward the data but left a ban on NdPr at 1.2x.)
    let baseWeeks = L.targetWeeks[i]!;
    if (L.members[i]! & 1) {
      baseWeeks -= w.k.crowding * w.entitleWeeks[L.commodity[i]!]!;
      if (baseWeeks < L.minCover[i]!) baseWeeks = L.minCover[i]!;
    }
    const targetWeeks = baseWeeks * (1 + phi * w.risk[m]!);
    L.bidQ[i] = 0;
    L.bidBin[i] = -1;
    L.bidQ2[i] = 0;
    L.bidBin2[i] = -1;
    if (!(need > 0)) continue;
    const running = need - received;
    const gap = (targetWeeks * need - before) / L.adjust[i]!;
    const want = running + gap;
    if (!(want > 0)) continue;
    const cover = before / need;
    const anchor = w.anchor[m]!;
    let restock = anchor * Math.pow(Math.max(cover, 0.01) / targetWeeks, -1 / L.theta[i]!);
    // Capped against the normal price, not the anchor: a cap that rose with the anchor would let
    // restocking bids ratchet prices up week after week.
    const ceiling = cap * w.p0[m]!;
    if (restock > ceiling) restock = ceiling;
    if (restock > L.choke[i]!) restock = L.choke[i]!;
    const urgent = cover < L.minCover[i]! && running > 0 ? Math.min(running, want) : 0;
    if (urgent > 0) {
      L.bidQ[i] = urgent;
      L.bidBin[i] = book.bidBin(m, L.choke[i]!);
    }
    const rest = want - urgent;
    if (rest > 0) {
      L.bidQ2[i] = rest;
      L.bidBin2[i] = book.bidBin(m, restock);
    }
  }
}

/** After linesBid: the bids into the book, in line order (serial). */
export function linesAddBids(w: World): void {
  const L = w.lines.cols;
  const book = w.book;
  for (let i = 0; i < w.lines.size; i++) {
    if (L.bidBin[i]! >= 0) book.addBid(L.market[i]!, L.bidBin[i]!, L.bidQ[i]!);
    if (L.bidBin2[i]! >= 0) book.addBid(L.market[i]!, L.bidBin2[i]!, L.bidQ2[i]!);
  }
}

/**
 * After linesSettle and plantsConsume: the spot flows the lines received and what they used and
 * lacked, summed in line order (serial; one pass for all of them).
 */
export function linesAddSettled(w: World): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
  for (let i = 0; i < w.lines.size; i++) {
    const c = L.commodity[i]!;
    const f = c * 2 * NB + P.bloc[L.plant[i]!]!;
    w.flows[f]! += L.flowCn[i]!;
    w.flows[f + NB]! += L.flowNon[i]!;
    const use = L.consumed[i]!;
    w.consumption[c]! += use;
    w.gross[c]! += use;
    w.mShort[L.market[i]!]! += L.short[i]!;
  }
}

/** settle, lines: spot fills (origin mixed as the market's sales were), average cost. */
export function linesSettle(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
  const book = w.book;
  for (let i = from; i < to; i++) {
    const m = L.market[i]!;
    const bin = L.bidBin[i]!;
    const bin2 = L.bidBin2[i]!;
    let recv = 0;
    if (bin >= 0) recv += L.bidQ[i]! * book.buyFill(m, bin);
    if (bin2 >= 0) recv += L.bidQ2[i]! * book.buyFill(m, bin2);
    if (recv > 0) {
      const all = w.spotAll[m]!;
      const cnShare = all > 0 ? w.spotCn[m]! / all : 0;
      L.invCn[i]! += recv * cnShare;
      L.invNon[i]! += recv * (1 - cnShare);
      L.spent[i]! += recv * w.price[m]!;
      L.flowCn[i] = recv * cnShare;
      L.flowNon[i] = recv * (1 - cnShare);
    } else {
      L.flowCn[i] = 0;
      L.flowNon[i] = 0;
    }
    L.spotRecv[i] = recv;
    // The Vault's carrying fee, charged to members in proportion to the value of their need, and
    // the cost of proving compliant sourcing in the aligned segment (not for Chinese plants).
    const needValue = L.need[i]! * w.price[m]! * w.k.unitScale[L.commodity[i]!]!;
    L.fee[i] = (L.members[i]! & 1 ? w.vaultFeeRate * needValue : 0) + (m % 3 === SEG_EX && P.bloc[L.plant[i]!] !== 0 ? w.k.compliance * needValue : 0);
    const got = recv + L.termRecv[i]! + L.stockRecv[i]!;
    if (got > 0) {
      const inv = L.invCn[i]! + L.invNon[i]!;
      const before = inv - got;
      L.avgCost[i] = (L.avgCost[i]! * (before > 0 ? before : 0) + L.spent[i]!) / (inv > 0 ? inv : got);
    }
  }
}

/**
 * settle, plants: Leontief output. The plant makes frac = min over its inputs of
 * available/need; each input is drawn pro rata from its Chinese and non-Chinese stock. A line's
 * shortage is what it lacked itself (not what it left unused because another input ran short).
 */
export function plantsConsume(w: World, from: number, to: number): void {
  const P = w.plants.cols;
  const L = w.lines.cols;
  for (let p = from; p < to; p++) {
    const a = P.firstLine[p]!;
    const b = a + P.nLines[p]!;
    let frac = 1;
    for (let i = a; i < b; i++) {
      const need = L.need[i]!;
      if (need > 0) {
        const r = (L.invCn[i]! + L.invNon[i]!) / need;
        if (r < frac) frac = r;
      }
    }
    let cost = 0;
    for (let i = a; i < b; i++) {
      const need = L.need[i]!;
      const c = L.commodity[i]!;
      const inv = L.invCn[i]! + L.invNon[i]!;
      let use = need * frac;
      if (use >= inv) {
        use = inv;
        L.invCn[i] = 0;
        L.invNon[i] = 0;
      } else if (use > 0) {
        const cnPart = use * (L.invCn[i]! / inv);
        L.invCn[i]! -= cnPart;
        L.invNon[i]! -= use - cnPart;
      }
      L.consumed[i] = use;
      const short = need > inv ? need - inv : 0;
      L.short[i] = short;
      cost += use * L.avgCost[i]! * w.k.unitScale[c]! + L.fee[i]!;
    }
    P.frac[p] = frac;
    const out = P.planned[p]! * frac;
    P.output[p] = out;
    P.inputCost[p] = cost;
    P.cost[p] = cost + P.nonMineral[p]! * out;
    // Cost pass-through: the output price follows a share of the smoothed unit-cost change.
    // Only from weeks with real output: a plant that made almost nothing still pays its fixed
    // charges (the Vault's fee), and cost/output would blow the smoothed unit cost up.
    if (out > 0.05 * P.planned[p]!) P.ucEma[p] = 0.9 * P.ucEma[p]! + 0.1 * (P.cost[p]! / out);
    const uc0 = P.uc0[p]!;
    P.revenue[p] = out * uc0 * (1 + w.k.margin) * (1 + w.k.passThrough * (P.ucEma[p]! / uc0 - 1));
  }
}
