/**
 * The scalar reference's spot book: one object per market holding its bids and asks per grid
 * bin in ordinary arrays, cleared by the same rule as src/core/grid.ts (suffix sums of bids,
 * prefix sums of asks, log-linear interpolation at the crossing, pro-rata fills at the margin),
 * in the same summation order, so its prices agree with the typed-array OrderBook.
 *
 * It has the methods the policy actors call on World.book (bidBin, askBin, addBid, addAsk,
 * buyFill, sellFill), so stockpiles and traders bid into it through the World facade.
 */

export class RefMarketBook {
  bids: number[];
  asks: number[];
  price = NaN;
  traded = 0;
  buyFullFrom = 0;
  buyPartialBin = -1;
  buyPartial = 0;
  sellFullTo = -1;
  sellPartialBin = -1;
  sellPartial = 0;
  constructor(
    readonly ref: number,
    points: number,
  ) {
    this.bids = new Array<number>(points).fill(0);
    this.asks = new Array<number>(points).fill(0);
  }
}

export class RefBook {
  readonly markets: RefMarketBook[] = [];
  readonly points: number;
  readonly lnMin: number;
  readonly dln: number;

  constructor(points: number, minMult: number, maxMult: number, ref: readonly number[]) {
    this.points = points;
    this.lnMin = Math.log(minMult);
    this.dln = (Math.log(maxMult) - this.lnMin) / (points - 1);
    for (const r of ref) this.markets.push(new RefMarketBook(r, points));
  }

  reset(): void {
    for (const mk of this.markets) {
      mk.bids.fill(0);
      mk.asks.fill(0);
    }
  }

  gridPrice(m: number, j: number): number {
    return this.markets[m]!.ref * Math.exp(this.lnMin + j * this.dln);
  }

  bidBin(m: number, limit: number): number {
    const x = (Math.log(limit / this.markets[m]!.ref) - this.lnMin) / this.dln;
    const j = Math.floor(x + 1e-9);
    return j < 0 ? 0 : j >= this.points ? this.points - 1 : j;
  }

  askBin(m: number, reserve: number): number {
    if (!(reserve > 0)) return 0;
    const x = (Math.log(reserve / this.markets[m]!.ref) - this.lnMin) / this.dln;
    const j = Math.ceil(x - 1e-9);
    return j < 0 ? 0 : j >= this.points ? this.points - 1 : j;
  }

  addBid(m: number, bin: number, q: number): void {
    this.markets[m]!.bids[bin]! += q;
  }

  addAsk(m: number, bin: number, q: number): void {
    this.markets[m]!.asks[bin]! += q;
  }

  clear(m: number): void {
    const mk = this.markets[m]!;
    const G = this.points;
    let dTot = 0;
    let sTot = 0;
    for (let j = 0; j < G; j++) {
      dTot += mk.bids[j]!;
      sTot += mk.asks[j]!;
    }
    if (!(dTot > 0) || !(sTot > 0)) {
      mk.price = NaN;
      mk.traded = 0;
      mk.buyFullFrom = G;
      mk.buyPartialBin = -1;
      mk.buyPartial = 0;
      mk.sellFullTo = -1;
      mk.sellPartialBin = -1;
      mk.sellPartial = 0;
      return;
    }
    // Demand at or above each bin (suffix sums), then walk up adding asks to the crossing.
    const demandAbove: number[] = new Array<number>(G);
    let acc = 0;
    for (let q = G - 1; q >= 0; q--) {
      acc += mk.bids[q]!;
      demandAbove[q] = acc;
    }
    let dPrev = demandAbove[0]!;
    let sPrev = 0;
    let D = dPrev;
    let S = 0;
    let j = 0;
    for (; j < G; j++) {
      D = demandAbove[j]!;
      S = sPrev + mk.asks[j]!;
      if (S >= D) break;
      dPrev = D;
      sPrev = S;
    }
    if (j === 0) {
      mk.price = this.gridPrice(m, 0);
      mk.traded = D;
      mk.buyFullFrom = 0;
      mk.buyPartialBin = -1;
      mk.buyPartial = 0;
      mk.sellFullTo = -1;
      mk.sellPartialBin = 0;
      mk.sellPartial = D / S;
      return;
    }
    if (j === G) {
      const top = mk.bids[G - 1]!;
      mk.price = this.gridPrice(m, G - 1);
      mk.traded = sPrev;
      mk.buyFullFrom = G;
      mk.buyPartialBin = G - 1;
      mk.buyPartial = top > 0 ? sPrev / top : 0;
      mk.sellFullTo = G - 1;
      mk.sellPartialBin = -1;
      mk.sellPartial = 0;
      return;
    }
    const ek = dPrev - sPrev;
    const ej = D - S;
    const t = ek / (ek - ej);
    mk.price = mk.ref * Math.exp(this.lnMin + (j - 1 + t) * this.dln);
    const viaD = dPrev - t * (dPrev - D);
    const viaS = sPrev + t * (S - sPrev);
    const q = viaD < viaS ? viaD : viaS;
    mk.traded = q;
    mk.buyFullFrom = j;
    mk.buyPartialBin = j - 1;
    mk.buyPartial = dPrev > D ? (q - D) / (dPrev - D) : 0;
    mk.sellFullTo = j - 1;
    mk.sellPartialBin = j;
    mk.sellPartial = S > sPrev ? (q - sPrev) / (S - sPrev) : 0;
  }

  buyFill(m: number, bin: number): number {
    const mk = this.markets[m]!;
    if (bin >= mk.buyFullFrom) return 1;
    if (bin === mk.buyPartialBin) return mk.buyPartial;
    return 0;
  }

  sellFill(m: number, bin: number): number {
    const mk = this.markets[m]!;
    if (bin <= mk.sellFullTo) return 1;
    if (bin === mk.sellPartialBin) return mk.sellPartial;
    return 0;
  }
}
