import { describe, expect, it } from 'vitest';
import { COMMODITY_CALIBRATION, INTERMEDIATES } from '../../src/agents/calibration.js';
import { COMMODITIES } from '../../src/agents/ids.js';
import { PARAMETERS, defaultParams, resolveParams } from '../../src/agents/params.js';
import { buildWorld } from '../../src/agents/world.js';

const world = (scale: number) => buildWorld({ params: resolveParams({ 'population.scale': scale }), seed: 1, horizonWeeks: 1, startDate: '2025-01-06', events: [] });

describe('calibration', () => {
  it('has demand shares that sum to 1 and non-Chinese supply shares that sum to 1', () => {
    for (const c of COMMODITIES) {
      const k = COMMODITY_CALIBRATION[c];
      const extra = Object.values(INTERMEDIATES).reduce((a, x) => a + (x.feed[c] ?? 0), 0);
      const d = Object.values(k.demand_by_group).reduce((a, b) => a + b!, 0) + extra;
      expect(d, c).toBeCloseTo(1, 9);
      expect(Object.values(k.noncn_blocs).reduce((a, b) => a + b!, 0), c).toBeCloseTo(1, 9);
      expect(k.demand_src.length + k.ref_src.length + k.cn_share_src.length).toBeGreaterThan(30);
    }
  });

  it('builds a world whose supply equals demand at the reference price, for every commodity, at any scale', () => {
    for (const scale of [0.05, 1, 3]) {
      const w = world(scale);
      const supply = new Float64Array(w.C);
      const demand = new Float64Array(w.C);
      const S = w.sellers.cols;
      const L = w.lines.cols;
      for (let i = 0; i < w.sellers.size; i++) supply[S.commodity[i]!]! += S.baseOut[i]!;
      for (let i = 0; i < w.lines.size; i++) demand[L.commodity[i]!]! += L.need[i]!;
      COMMODITIES.forEach((c, i) => {
        const target = defaultParams()[`commodities.${c}.demand_tpy`]! / 52;
        expect(demand[i]! / target, `${c} demand at scale ${scale}`).toBeCloseTo(1, 9);
        expect(supply[i]! / target, `${c} supply at scale ${scale}`).toBeCloseTo(1, 9);
      });
    }
  });

  it('keeps the default world near 5,000 agents and scales the count with population.scale', () => {
    const a = world(1);
    const n = a.sellers.size + a.plants.size;
    expect(n).toBeGreaterThan(4500);
    expect(n).toBeLessThan(6500);
    const b = world(2);
    expect((b.sellers.size + b.plants.size) / n).toBeCloseTo(2, 1);
  });

  it('places China\'s share of each commodity with Chinese-made supply', () => {
    const w = world(1);
    const S = w.sellers.cols;
    COMMODITIES.forEach((c, ci) => {
      let cn = 0;
      let all = 0;
      for (let i = 0; i < w.sellers.size; i++) {
        if (S.commodity[i] !== ci || S.kind[i] === 1) continue; // primary supply only
        all += S.baseOut[i]!;
        if (S.origin[i] === 0) cn += S.baseOut[i]!;
      }
      expect(cn / all, c).toBeCloseTo(COMMODITY_CALIBRATION[c].cn_share, 6);
    });
  });

  it('has a default, bounds that contain it, a plausible range and a source for every parameter', () => {
    for (const p of PARAMETERS) {
      expect(p.default, p.path).toBeGreaterThanOrEqual(p.min);
      expect(p.default, p.path).toBeLessThanOrEqual(p.max);
      expect(p.range[0], p.path).toBeLessThanOrEqual(p.range[1]);
      expect(p.source.length, p.path).toBeGreaterThan(2);
    }
  });

  it('rejects unknown parameters and impossible values with a message naming them', () => {
    expect(() => resolveParams({ 'population.scael': 1 })).toThrow(/unknown parameter "population.scael"/);
    expect(() => resolveParams({ 'population.scale': -1 })).toThrow(/population.scale must be in \[0.001, 250\]/);
    expect(() => resolveParams({ 'market.grid_points': 100.5 })).toThrow(/integer/);
    expect(() => resolveParams({ 'buyers.theta_min': 2, 'buyers.theta_max': 1 })).toThrow(/must not exceed/);
    expect(() => resolveParams({ 'commodities.ndpr.cn_share': 'high' as unknown as number })).toThrow(/finite number/);
  });
});
