import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { BLOCS, BUYER_GROUPS, COMMODITIES } from '../../src/agents/ids.js';
import type { ScenarioEvent } from '../../src/agents/model.js';
import { runWorld, worstMassResidual } from './helpers.js';

const commodity = fc.constantFrom(...COMMODITIES);
const outage = fc.record({
  type: fc.constant('supply_outage' as const),
  commodity,
  where: fc.constantFrom('all', 'cn_origin', 'non_cn', ...BLOCS),
  share: fc.double({ min: 0, max: 1, noNaN: true }),
  start: fc.integer({ min: 0, max: 60 }),
  end: fc.integer({ min: 61, max: 90 }),
});
const shock = fc.record({
  type: fc.constant('demand_shock' as const),
  commodity,
  where: fc.constantFrom('all', ...BLOCS, ...BUYER_GROUPS),
  factor: fc.double({ min: 0, max: 3, noNaN: true }),
  start: fc.integer({ min: 0, max: 60 }),
  end: fc.integer({ min: 61, max: 90 }),
});

describe('mass balance', () => {
  it('production + recycling = consumption + change of all stocks, every commodity and week, over random worlds', () => {
    fc.assert(
      fc.property(
        fc.record({
          scale: fc.double({ min: 0.01, max: 0.15, noNaN: true }),
          weeks: fc.integer({ min: 10, max: 100 }),
          seed: fc.integer({ min: 0, max: 2 ** 40 }),
          phi: fc.double({ min: 0, max: 3, noNaN: true }),
          beta: fc.double({ min: 0, max: 40, noNaN: true }),
          align: fc.double({ min: 0, max: 1, noNaN: true }),
          growth: fc.double({ min: -0.2, max: 0.3, noNaN: true }),
          events: fc.array(fc.oneof(outage, shock), { maxLength: 4 }),
        }),
        (r) => {
          const s = runWorld(
            { 'population.scale': r.scale, 'buyers.phi': r.phi, 'market.arbitrage_beta': r.beta, 'alignment.kr': r.align, 'world.demand_growth': r.growth },
            r.events as ScenarioEvent[],
            r.weeks,
            r.seed,
          );
          expect(worstMassResidual(s)).toBeLessThanOrEqual(1e-9);
          for (const x of s.stocks) expect(x).toBeGreaterThanOrEqual(0);
          for (const x of s.price) expect(Number.isFinite(x) && x > 0).toBe(true);
        },
      ),
      { numRuns: 25 },
    );
  });
});
