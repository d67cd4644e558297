import { describe, expect, it } from 'vitest';
import { COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { market, meanPrice, peakRatio, runWorld, shortageShare } from './helpers.js';

// Default world (scale 1) where the claim is about the shipped defaults.
const full = (events: Parameters<typeof runWorld>[1] = [], weeks = 208, seed = 11) => runWorld({ 'population.scale': 1 }, events, weeks, seed);

describe('the market at its defaults', () => {
  it('stays calm without shocks: peak_price_ratio under 1.5 for every commodity and segment', () => {
    for (const seed of [1, 2]) {
      const s = full([], 260, seed);
      for (const c of COMMODITIES) {
        for (const seg of SEGMENTS) {
          const r = peakRatio(s, market(c, seg));
          expect(r, `${c} ${seg} seed ${seed}`).toBeLessThan(1.5);
          expect(r, `${c} ${seg} seed ${seed}`).toBeGreaterThan(0.9);
        }
      }
    }
  });

  it('answers a supply outage with higher prices and shortages', () => {
    const base = full();
    const hit = full([{ type: 'supply_outage', commodity: 'cobalt', where: 'all', share: 0.6, start: 60, end: 100 }]);
    const m = market('cobalt', 'ex_cn');
    expect(meanPrice(hit, m, 60, 90)).toBeGreaterThan(1.2 * meanPrice(base, m, 60, 90));
    expect(shortageShare(hit, m, 60, 110)).toBeGreaterThan(shortageShare(base, m, 60, 110));
  });

  it('answers a demand drop with lower prices', () => {
    const base = full();
    const low = full([{ type: 'demand_shock', commodity: 'lithium', where: 'all', factor: 0.7, start: 60, end: 112 }]);
    for (const seg of SEGMENTS) {
      const m = market('lithium', seg);
      expect(meanPrice(low, m, 64, 112)).toBeLessThan(0.9 * meanPrice(base, m, 64, 112));
    }
  });

  it('gives a spike set by stocks and choke prices when most supply is lost: single digits x baseline', () => {
    for (const [c, where, share] of [
      ['gallium', 'cn_origin', 0.9],
      ['ndpr', 'all', 0.8],
      ['graphite_anode', 'cn_origin', 0.8],
    ] as const) {
      const s = full([{ type: 'supply_outage', commodity: c, where, share, start: 60, end: 86 }]);
      for (const seg of SEGMENTS) {
        const r = peakRatio(s, market(c, seg), 60);
        expect(r, `${c} ${seg}`).toBeGreaterThan(2);
        expect(r, `${c} ${seg}`).toBeLessThan(10);
      }
      expect(shortageShare(s, market(c, 'ex_cn'), 60, 120)).toBeGreaterThan(0.005);
    }
  });
});
