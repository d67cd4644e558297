/**
 * Stockpiles: Project Vault (vault.ts adds its financing), allied governments' reserves
 * (Japan's JOGMEC ~60 days, Korea's KOMIR ~100 days, a joint EU reserve when the EU buys as one),
 * China's state reserve, and the price-floor programme's offtake. One record per owner x
 * commodity. The rule that calms rather than stirs prices (MODEL-NOTES.md "Project Vault"): buy
 * only at or below `buyBelow` x the 52-week average, at most `buyCap` of the market's weekly
 * use; release r = gamma x max(0, P/MA52 - releaseAbove) x members' need, delivered to members
 * at the contract price (the stock's average cost); refill at or below the average.
 */
import { ACTOR_GROUPS, BLOCS, SEG_CN, SEG_EX } from './ids.js';
import type { World } from './state.js';

export const OWNER_VAULT = 0;
export const OWNER_GOV_JP = 1;
export const OWNER_GOV_KR = 2;
export const OWNER_GOV_EU = 3;
export const OWNER_CN_STATE = 4;
export const OWNER_OFFTAKE = 5;
export const OWNERS = ['us_vault', 'gov_jp', 'gov_kr', 'gov_eu', 'cn_state', 'us_floor_offtake'] as const;
export const OWNER_SEG = [SEG_EX, SEG_EX, SEG_EX, SEG_EX, SEG_CN, SEG_EX] as const;

/**
 * Needs per market, per stockpile and per bloc, summed in line order (serial, after linesNeed and
 * linesMembers): one pass over the lines for the three sums.
 */
export function linesAddNeeds(w: World): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
  const X = w.stockpiles.cols;
  const C = w.C;
  X.memberNeed.fill(0);
  w.blocNeed.fill(0);
  for (let i = 0; i < w.lines.size; i++) {
    const c = L.commodity[i]!;
    const need = L.need[i]!;
    w.mDemand[L.market[i]!]! += need;
    w.blocNeed[P.bloc[L.plant[i]!]! * C + c]! += need;
    const bits = L.members[i]!;
    if (bits === 0) continue;
    for (let o = 0; o < OWNERS.length; o++) if (bits & (1 << o)) X.memberNeed[o * C + c]! += need;
  }
}

/**
 * decide, lines pass: who may draw on which stockpile this week (bits of L.members). Vault access:
 * US buyers, and allies whose government's alignment is at least `vault.ally_access`; EU buyers
 * all when the EU buys as one, else only the `eu.mou_share` covered by bilateral MOUs. Members'
 * need per stockpile (for release shares) and each bloc's need are linesAddNeeds's.
 */
export function linesMembers(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  const P = w.plants.cols;
  const X = w.stockpiles.cols;
  const C = w.C;
  const allyAccess = w.p['vault.ally_access']!;
  const united = w.p['eu.united']! > 0;
  const mou = w.p['eu.mou_share']!;
  const vaultOn = X.active[OWNER_VAULT * C] === 1 || anyActive(w, OWNER_VAULT);
  for (let i = from; i < to; i++) {
    const p = L.plant[i]!;
    const b = P.bloc[p]!;
    let bits = 0;
    if (vaultOn && b !== BLOC_CN) {
      if (b === BLOC_US) bits |= 1 << OWNER_VAULT;
      else if (ALLY[b] && w.alignment[b]! >= allyAccess) {
        // A second, independent uniform from the plant's fixed draw picks the MOU-covered EU buyers.
        const u = (P.alignDraw[p]! * 7919) % 1;
        if (b !== BLOC_EU || united || u < mou) bits |= 1 << OWNER_VAULT;
      }
    }
    if (b === BLOC_JP) bits |= 1 << OWNER_GOV_JP;
    else if (b === BLOC_KR) bits |= 1 << OWNER_GOV_KR;
    else if (b === BLOC_EU && united) bits |= 1 << OWNER_GOV_EU;
    else if (b === BLOC_CN) bits |= 1 << OWNER_CN_STATE;
    if (P.group[p] === GROUP_DEFENSE) bits |= 1 << OWNER_OFFTAKE;
    L.members[i] = bits;
  }
}

function anyActive(w: World, owner: number): boolean {
  const X = w.stockpiles.cols;
  for (let c = 0; c < w.C; c++) if (X.active[owner * w.C + c]) return true;
  return false;
}

const BLOC_CN = BLOCS.indexOf('cn');
const BLOC_US = BLOCS.indexOf('us');
const BLOC_JP = BLOCS.indexOf('jp');
const BLOC_KR = BLOCS.indexOf('kr');
const BLOC_EU = BLOCS.indexOf('eu');
const ALLY = BLOCS.map((b) => ['jp', 'kr', 'tw', 'eu', 'au', 'in'].includes(b));
const GROUP_DEFENSE = ACTOR_GROUPS.indexOf('us_defense');

/** decide: each active stockpile decides its release (to members) and its purchase bid. */
export function stockpilesDecide(w: World): void {
  const X = w.stockpiles.cols;
  const book = w.book;
  for (let r = 0; r < w.stockpiles.size; r++) {
    X.release[r] = 0;
    X.bidQ[r] = 0;
    X.bidBin[r] = -1;
    X.askBin[r] = -1;
    if (!X.active[r]) continue;
    const m = X.market[r]!;
    const stock = X.invCn[r]! + X.invNon[r]!;
    const ma = w.ema52[m]!;
    const p = w.price[m]!;
    const scale = w.k.unitScale[X.commodity[r]!]!;
    X.price[r] = stock > 0 ? X.cost[r]! / (stock * scale) : p; // per price unit
    // Hysteresis: releases start above releaseAbove x MA52 and go on until the price is back at
    // its average, so the stockpile does not switch on and off around the threshold.
    const ratio = p / ma;
    if (ratio > X.releaseAbove[r]!) X.releasing[r] = 1;
    else if (ratio <= 1) X.releasing[r] = 0;
    if (X.toMarket[r]) {
      // The release rule as a supply schedule in this week's clearing: at grid price P it offers
      // gamma x (P/MA52 - releaseAbove) x members' need, up to stock / releaseWeeks. It acts in
      // the week of a shock, not a week after it, and only while the price is above the band.
      if (stock > 0 && X.memberNeed[r]! > 0) {
        const cap = stock / X.releaseWeeks[r]!;
        X.askCap[r] = cap < stock ? cap : stock;
        X.askBin[r] = book.askBin(m, X.releaseAbove[r]! * ma);
        releaseOffers(w, r, true);
      }
      if (X.releasing[r]) continue; // refill only once the price is back at its average
    }
    const excess = Math.max(ratio - X.releaseAbove[r]!, X.releasing[r] ? w.k.releaseFloor : 0);
    if (!X.toMarket[r] && X.releasing[r] && excess > 0 && stock > 0 && X.memberNeed[r]! > 0) {
      // Spread over at least `releaseWeeks` so a squeeze is bridged, not met once and then left.
      let q = X.gamma[r]! * excess * X.memberNeed[r]!;
      const pace = stock / X.releaseWeeks[r]!;
      if (q > pace) q = pace;
      X.release[r] = q < stock ? q : stock;
      continue; // no buying while releasing
    }
    // A standing limit order at the average: it fills only when the market clears at or below
    // it, so the stockpile leans against dips and never chases a rise.
    const limit = X.buyBelow[r]! * ma;
    const room = X.target[r]! - stock;
    let money = (X.budget[r]! - X.cost[r]!) / (p * scale);
    if (X.owner[r] === OWNER_VAULT) {
      // Funds on hand: cash plus what is left of the loan facility.
      const funds = w.vaultBooks[0]! + w.vaultFacility - w.vaultBooks[2]!;
      const q = funds / (limitPrice(w, r) * scale);
      if (q < money) money = q;
    }
    let q = X.buyCap[r]! * w.mDemandPrev[m]!;
    if (room < q) q = room;
    if (money < q) q = money;
    if (!(q > 0)) continue;
    const bin = book.bidBin(m, limit);
    X.bidQ[r] = q;
    X.bidBin[r] = bin;
    book.addBid(m, bin, q);
  }
}

/**
 * decide, lines pass after stockpiles decide: members receive releases pro rata to their need,
 * at the contract price, origin mixed as the stockpile's stock.
 */
export function linesDrawStockpiles(w: World, from: number, to: number): void {
  const L = w.lines.cols;
  const X = w.stockpiles.cols;
  const C = w.C;
  for (let i = from; i < to; i++) {
    L.stockRecv[i] = 0;
    const bits = L.members[i]!;
    if (!bits) continue;
    const c = L.commodity[i]!;
    for (let o = 0; o < OWNERS.length; o++) {
      if (!(bits & (1 << o))) continue;
      const r = o * C + c;
      const rel = X.release[r]!;
      if (!(rel > 0)) continue;
      const q = rel * (L.need[i]! / X.memberNeed[r]!);
      const stock = X.invCn[r]! + X.invNon[r]!;
      const cnShare = stock > 0 ? X.invCn[r]! / stock : 0;
      L.invCn[i]! += q * cnShare;
      L.invNon[i]! += q * (1 - cnShare);
      L.stockRecv[i]! += q;
      L.spent[i]! += q * X.price[r]!;
    }
  }
}

/** decide, after members drew: take the released stock off the books. */
export function stockpilesRelease(w: World): void {
  const X = w.stockpiles.cols;
  for (let r = 0; r < w.stockpiles.size; r++) {
    const q = X.release[r]!;
    if (!(q > 0)) continue;
    const stock = X.invCn[r]! + X.invNon[r]!;
    const costOut = q >= stock ? X.cost[r]! : q * (X.cost[r]! / stock);
    if (q >= stock) {
      X.invCn[r] = 0;
      X.invNon[r] = 0;
      X.cost[r] = 0;
    } else {
      const cnPart = q * (X.invCn[r]! / stock);
      X.invCn[r]! -= cnPart;
      X.invNon[r]! -= q - cnPart;
      X.cost[r]! -= costOut;
    }
    w.gross[X.commodity[r]!]! += q;
    if (X.owner[r] === OWNER_VAULT) {
      const v = w.vaultBooks;
      const cashIn = q * X.price[r]! * w.k.unitScale[X.commodity[r]!]!;
      v[0]! += cashIn; // at the contract price
      v[8]! += cashIn - costOut; // realised gain (zero at cost)
    }
  }
}

/**
 * The release schedule of a stockpile that sells into the market (decide: add the offers; settle:
 * return what was sold). Cumulative offer at bin b: min(cap, gamma x (P_b/MA52 - releaseAbove) x
 * members' need), all of cap in the top bin; each bin holds the increment over the bin below.
 */
function releaseOffers(w: World, r: number, add: boolean): number {
  const X = w.stockpiles.cols;
  const book = w.book;
  const m = X.market[r]!;
  const ma = w.ema52[m]!;
  const slope = X.gamma[r]! * X.memberNeed[r]!;
  const above = X.releaseAbove[r]!;
  const cap = X.askCap[r]!;
  const top = book.points - 1;
  let prev = 0;
  let sold = 0;
  for (let b = X.askBin[r]!; b <= top && prev < cap; b++) {
    let q = slope * (book.gridPrice(m, b) / ma - above);
    if (q > cap || b === top) q = cap;
    if (!(q > prev)) continue;
    if (add) book.addAsk(m, b, q - prev);
    else {
      const f = book.sellFill(m, b);
      if (f === 0) break;
      sold += (q - prev) * f;
    }
    prev = q;
  }
  return sold;
}

/**
 * settle, with the other sellers (before buyers): releases offered in the market are sold, origin
 * mixed as the stock. The Vault is paid the market price; its margin over the stock's cost goes
 * back to members as a rebate on next week's carrying fee (vaultWeek), so members in effect draw
 * at the contract price while the physical release reaches the whole market.
 */
export function stockpilesSettleAsks(w: World): void {
  const X = w.stockpiles.cols;
  for (let r = 0; r < w.stockpiles.size; r++) {
    if (X.askBin[r]! < 0) continue;
    const q = releaseOffers(w, r, false);
    X.release[r] = q;
    if (!(q > 0)) continue;
    const m = X.market[r]!;
    const stock = X.invCn[r]! + X.invNon[r]!;
    const costOut = q >= stock ? X.cost[r]! : q * (X.cost[r]! / stock);
    const cnPart = q >= stock ? X.invCn[r]! : q * (X.invCn[r]! / stock);
    if (q >= stock) {
      X.invCn[r] = 0;
      X.invNon[r] = 0;
      X.cost[r] = 0;
    } else {
      X.invCn[r]! -= cnPart;
      X.invNon[r]! -= q - cnPart;
      X.cost[r]! -= costOut;
    }
    w.spotAll[m]! += q;
    w.spotCn[m]! += cnPart;
    w.gross[X.commodity[r]!]! += q;
    if (X.owner[r] === OWNER_VAULT) {
      const cashIn = q * w.price[m]! * w.k.unitScale[X.commodity[r]!]!;
      w.vaultBooks[0]! += cashIn;
      w.vaultBooks[8]! += cashIn - costOut;
      w.vaultRebate += cashIn - costOut;
    }
  }
}

/** settle, after sellers: purchases fill, origin mixed as the market's sales. */
export function stockpilesSettle(w: World): void {
  const X = w.stockpiles.cols;
  for (let r = 0; r < w.stockpiles.size; r++) {
    const bin = X.bidBin[r]!;
    if (bin < 0) continue;
    const m = X.market[r]!;
    const q = X.bidQ[r]! * w.book.buyFill(m, bin);
    if (!(q > 0)) continue;
    const all = w.spotAll[m]!;
    const cnShare = all > 0 ? w.spotCn[m]! / all : 0;
    X.invCn[r]! += q * cnShare;
    X.invNon[r]! += q * (1 - cnShare);
    const spend = q * w.price[m]! * w.k.unitScale[X.commodity[r]!]!;
    X.cost[r]! += spend;
    w.gross[X.commodity[r]!]! += q;
    if (X.owner[r] === OWNER_VAULT) w.vaultBooks[0]! -= spend;
  }
}

function limitPrice(w: World, r: number): number {
  const X = w.stockpiles.cols;
  return X.buyBelow[r]! * w.ema52[X.market[r]!]!;
}
