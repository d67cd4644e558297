import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OrderBook } from '../../src/core/grid.js';

const spec = { points: 512, minMult: 0.05, maxMult: 50 };

/** Clear a book with the given orders and return the totals bought and sold through the fills. */
function run(book: OrderBook, bids: [number, number][], asks: [number, number][]) {
  book.reset();
  const bb = bids.map(([p, q]) => {
    const b = book.bidBin(0, p);
    book.addBid(0, b, q);
    return [b, q] as const;
  });
  const ab = asks.map(([p, q]) => {
    const b = book.askBin(0, p);
    book.addAsk(0, b, q);
    return [b, q] as const;
  });
  book.clear(0);
  const bought = bb.reduce((s, [b, q]) => s + q * book.buyFill(0, b), 0);
  const sold = ab.reduce((s, [b, q]) => s + q * book.sellFill(0, b), 0);
  return { bought, sold, price: book.price[0]!, traded: book.traded[0]! };
}

const order = fc.tuple(fc.double({ min: 0.06, max: 45, noNaN: true }), fc.double({ min: 0.001, max: 1000, noNaN: true }));

describe('grid clearing', () => {
  it('has a log-spaced grid of the requested size and span', () => {
    const b = new OrderBook(1, spec, [10]);
    expect(b.gridPrice(0, 0)).toBeCloseTo(0.5, 12);
    expect(b.gridPrice(0, 511)).toBeCloseTo(500, 9);
    expect(b.gridPrice(0, 1) / b.gridPrice(0, 0)).toBeCloseTo(b.gridPrice(0, 300) / b.gridPrice(0, 299), 12);
  });

  it('crosses a simple supply and demand where they meet', () => {
    const b = new OrderBook(1, spec, [1]);
    // 10 units wanted at up to 2.0; 4 offered at 1.0 and 10 more at 3.0 -> 4 trade, price between 1 and 2.
    const r = run(b, [[2, 10]], [[1, 4], [3, 10]]);
    expect(r.traded).toBeCloseTo(4, 9);
    expect(r.price).toBeGreaterThanOrEqual(0.99);
    expect(r.price).toBeLessThanOrEqual(2.01);
  });

  it('fills exactly what is traded, on both sides (books balance)', () => {
    fc.assert(
      fc.property(fc.array(order, { minLength: 1, maxLength: 40 }), fc.array(order, { minLength: 1, maxLength: 40 }), (bids, asks) => {
        const b = new OrderBook(1, spec, [1]);
        const r = run(b, bids, asks);
        const scale = Math.max(1, r.traded);
        expect(Math.abs(r.bought - r.traded)).toBeLessThanOrEqual(1e-9 * scale);
        expect(Math.abs(r.sold - r.traded)).toBeLessThanOrEqual(1e-9 * scale);
        expect(r.traded).toBeLessThanOrEqual(bids.reduce((s, x) => s + x[1], 0) * (1 + 1e-12));
        expect(r.traded).toBeLessThanOrEqual(asks.reduce((s, x) => s + x[1], 0) * (1 + 1e-12));
        expect(r.price).toBeGreaterThanOrEqual(0.05 * (1 - 1e-12));
        expect(r.price).toBeLessThanOrEqual(50 * (1 + 1e-12));
      }),
    );
  });

  it('never lowers the price when demand is added', () => {
    fc.assert(
      fc.property(fc.array(order, { minLength: 1, maxLength: 20 }), fc.array(order, { minLength: 1, maxLength: 20 }), order, (bids, asks, extra) => {
        const b = new OrderBook(1, spec, [1]);
        const p1 = run(b, bids, asks).price;
        const p2 = run(b, [...bids, extra], asks).price;
        expect(p2).toBeGreaterThanOrEqual(p1 * (1 - 1e-12));
      }),
    );
  });

  it('gives no price when one side is empty', () => {
    const b = new OrderBook(1, spec, [1]);
    expect(Number.isNaN(run(b, [[1, 1]], []).price)).toBe(true);
    expect(Number.isNaN(run(b, [], [[1, 1]]).price)).toBe(true);
  });

  it('rations at the floor and at the ceiling', () => {
    const b = new OrderBook(1, spec, [1]);
    const glut = run(b, [[0.01, 1]], [[0.01, 10]]);
    expect(glut.price).toBeCloseTo(0.05, 9);
    expect(glut.sold).toBeCloseTo(1, 9);
    const famine = run(b, [[100, 10]], [[0.5, 1]]);
    expect(famine.price).toBeCloseTo(50, 6);
    expect(famine.bought).toBeCloseTo(1, 9);
  });
});
