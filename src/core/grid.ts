/**
 * Spot clearing over typed arrays on a log-spaced price grid (DESIGN.md, "One tick").
 *
 * Each market m has a reference price ref[m]; grid point j is ref[m] * exp(lnMin + j * dln),
 * j = 0..G-1. A bid (quantity q up to limit b) lands in bin floor(.), an ask (q from reserve r)
 * in bin ceil(.), both clamped to the grid. After all bids and asks are in:
 *   D(j) = sum of bids with bin >= j   (non-increasing)
 *   S(j) = sum of asks with bin <= j   (non-decreasing)
 * The crossing is the first j* with S(j*) >= D(j*); between k = j*-1 and j* the excess demand is
 * interpolated linearly and the price log-linearly. Fills are pro rata at the margin: bids above
 * the crossing bin are filled in full, bids in bin k get (1 - t); asks below are sold in full,
 * asks in bin j* get t. Then sum(bids x fill) == sum(asks x fill) == traded exactly in real
 * arithmetic (floating rounding only), which is what keeps the books balanced.
 * Cost: O(bids + asks) to fill the bins, O(G) per market to clear; no sort, no allocation.
 */

export interface GridSpec {
  /** number of grid points (>= 2) */
  readonly points: number;
  /** lowest and highest grid price as multiples of the market's reference price */
  readonly minMult: number;
  readonly maxMult: number;
}

export class OrderBook {
  readonly markets: number;
  readonly points: number;
  readonly lnMin: number;
  readonly dln: number;
  /** reference price per market (grid is relative to it) */
  readonly ref: Float64Array;
  /** bids and asks per market x bin, row-major (market * points + bin) */
  readonly bids: Float64Array;
  readonly asks: Float64Array;
  /** results per market after clear() */
  readonly price: Float64Array;
  readonly traded: Float64Array;
  readonly bidTotal: Float64Array;
  readonly askTotal: Float64Array;
  /** fill rule per market: bins > buyFullFrom-1 filled 1, bin buyPartialBin gets buyPartial */
  readonly buyFullFrom: Int32Array;
  readonly buyPartialBin: Int32Array;
  readonly buyPartial: Float64Array;
  readonly sellFullTo: Int32Array;
  readonly sellPartialBin: Int32Array;
  readonly sellPartial: Float64Array;
  private readonly scratch: Float64Array;

  constructor(markets: number, spec: GridSpec, ref: ArrayLike<number>) {
    if (spec.points < 2) throw new RangeError('grid needs at least 2 points');
    if (!(spec.minMult > 0 && spec.maxMult > spec.minMult)) throw new RangeError('grid needs 0 < minMult < maxMult');
    this.markets = markets;
    this.points = spec.points;
    this.lnMin = Math.log(spec.minMult);
    this.dln = (Math.log(spec.maxMult) - this.lnMin) / (spec.points - 1);
    this.ref = Float64Array.from(ref);
    this.bids = new Float64Array(markets * spec.points);
    this.asks = new Float64Array(markets * spec.points);
    this.price = new Float64Array(markets);
    this.traded = new Float64Array(markets);
    this.bidTotal = new Float64Array(markets);
    this.askTotal = new Float64Array(markets);
    this.buyFullFrom = new Int32Array(markets);
    this.buyPartialBin = new Int32Array(markets);
    this.buyPartial = new Float64Array(markets);
    this.sellFullTo = new Int32Array(markets);
    this.sellPartialBin = new Int32Array(markets);
    this.sellPartial = new Float64Array(markets);
    this.scratch = new Float64Array(spec.points);
  }

  reset(): void {
    this.bids.fill(0);
    this.asks.fill(0);
  }

  /** Grid price of bin j in market m. */
  gridPrice(m: number, j: number): number {
    return this.ref[m]! * Math.exp(this.lnMin + j * this.dln);
  }

  /** Highest bin whose price is <= limit (clamped to the grid). */
  bidBin(m: number, limit: number): number {
    const x = (Math.log(limit / this.ref[m]!) - this.lnMin) / this.dln;
    const j = Math.floor(x + 1e-9);
    return j < 0 ? 0 : j >= this.points ? this.points - 1 : j;
  }

  /** Lowest bin whose price is >= reserve (clamped to the grid). */
  askBin(m: number, reserve: number): number {
    if (!(reserve > 0)) return 0;
    const x = (Math.log(reserve / this.ref[m]!) - this.lnMin) / this.dln;
    const j = Math.ceil(x - 1e-9);
    return j < 0 ? 0 : j >= this.points ? this.points - 1 : j;
  }

  addBid(m: number, bin: number, q: number): void {
    this.bids[m * this.points + bin]! += q;
  }

  addAsk(m: number, bin: number, q: number): void {
    this.asks[m * this.points + bin]! += q;
  }

  /**
   * Clear market m. Leaves price NaN when nothing was bid or nothing offered (no trade), so the
   * caller decides what a quote without trade means (usually: carry last week's price).
   */
  clear(m: number): void {
    const G = this.points;
    const base = m * G;
    const bids = this.bids;
    const asks = this.asks;
    // D(0) and S(G-1): totals.
    let dTot = 0;
    let sTot = 0;
    for (let j = 0; j < G; j++) {
      dTot += bids[base + j]!;
      sTot += asks[base + j]!;
    }
    this.bidTotal[m] = dTot;
    this.askTotal[m] = sTot;
    if (!(dTot > 0) || !(sTot > 0)) {
      this.price[m] = NaN;
      this.traded[m] = 0;
      this.buyFullFrom[m] = G; // nobody filled
      this.buyPartialBin[m] = -1;
      this.buyPartial[m] = 0;
      this.sellFullTo[m] = -1;
      this.sellPartialBin[m] = -1;
      this.sellPartial[m] = 0;
      return;
    }
    // D(j) as suffix sums from the top (exact zeros above the highest bid, no cancellation from
    // subtracting), S(j) as prefix sums while walking up to the first j with S(j) >= D(j).
    const suf = this.scratch;
    let acc = 0;
    for (let q = G - 1; q >= 0; q--) {
      acc += bids[base + q]!;
      suf[q] = acc;
    }
    let dPrev = suf[0]!; // D(j-1) during the loop
    let sPrev = 0; // S(j-1)
    let D = dPrev;
    let S = 0;
    let j = 0;
    for (; j < G; j++) {
      D = suf[j]!;
      S = sPrev + asks[base + j]!;
      if (S >= D) break;
      dPrev = D;
      sPrev = S;
    }
    if (j === 0) {
      // Supply covers all demand at the floor price: buyers filled, asks in bin 0 rationed.
      this.price[m] = this.gridPrice(m, 0);
      this.traded[m] = D;
      this.buyFullFrom[m] = 0;
      this.buyPartialBin[m] = -1;
      this.buyPartial[m] = 0;
      this.sellFullTo[m] = -1;
      this.sellPartialBin[m] = 0;
      this.sellPartial[m] = D / S;
      return;
    }
    if (j === G) {
      // Demand exceeds all supply even at the ceiling: sellers sold out, top-bin bids rationed.
      // Here bids in the top bin exceed all supply (else the loop would have stopped).
      const top = bids[base + G - 1]!;
      this.price[m] = this.gridPrice(m, G - 1);
      this.traded[m] = sPrev;
      this.buyFullFrom[m] = G;
      this.buyPartialBin[m] = G - 1;
      this.buyPartial[m] = top > 0 ? sPrev / top : 0;
      this.sellFullTo[m] = G - 1;
      this.sellPartialBin[m] = -1;
      this.sellPartial[m] = 0;
      return;
    }
    // k = j - 1 has excess demand E_k = dPrev - sPrev > 0, bin j has E_j = D - S <= 0.
    const ek = dPrev - sPrev;
    const ej = D - S;
    const t = ek / (ek - ej);
    this.price[m] = this.ref[m]! * Math.exp(this.lnMin + (j - 1 + t) * this.dln);
    // Both sides' interpolations are equal in real arithmetic; take the smaller, and derive each
    // side's marginal fill from it directly (not as t and 1 - t, which cancel badly near 0 or 1).
    const viaD = dPrev - t * (dPrev - D);
    const viaS = sPrev + t * (S - sPrev);
    const q = viaD < viaS ? viaD : viaS;
    this.traded[m] = q;
    this.buyFullFrom[m] = j;
    this.buyPartialBin[m] = j - 1;
    this.buyPartial[m] = dPrev > D ? (q - D) / (dPrev - D) : 0;
    this.sellFullTo[m] = j - 1;
    this.sellPartialBin[m] = j;
    this.sellPartial[m] = S > sPrev ? (q - sPrev) / (S - sPrev) : 0;
  }

  /** Share of a bid in bin `bin` of market m that is filled (after clear). */
  buyFill(m: number, bin: number): number {
    if (bin >= this.buyFullFrom[m]!) return 1;
    if (bin === this.buyPartialBin[m]) return this.buyPartial[m]!;
    return 0;
  }

  /** Share of an ask in bin `bin` of market m that is sold (after clear). */
  sellFill(m: number, bin: number): number {
    if (bin <= this.sellFullTo[m]!) return 1;
    if (bin === this.sellPartialBin[m]) return this.sellPartial[m]!;
    return 0;
  }
}
