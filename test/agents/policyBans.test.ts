// What the policy scenarios must show (issue 3), at the shipped defaults, means over
// replications, run exactly as the runner runs them (same expansion, seeds and metrics).
import { describe, expect, it } from 'vitest';
import { COMMODITIES } from '../../src/agents/ids.js';
import { runExperiment } from './scenarioHelpers.js';

describe('export ban (experiments/export-ban.yaml)', () => {
  const r = runExperiment('export-ban.yaml');
  const ban = r.get('export-ban')!;
  const base = r.get('baseline')!;

  it('doubles the ex_cn NdPr price while China\'s own price stays within +10% of the baseline\'s', () => {
    expect(ban.market('ndpr', 'ex_cn', 'peak_price_ratio')).toBeGreaterThanOrEqual(2);
    expect(ban.market('ndpr', 'cn', 'mean_price')).toBeLessThanOrEqual(1.1 * base.market('ndpr', 'cn', 'mean_price'));
    expect(ban.market('ndpr', 'ex_cn_other', 'peak_price_ratio')).toBeLessThan(1.5);
  });

  it('puts the shortages on the aligned buyers', () => {
    const aligned = ['jp_manufacturing', 'tw_chips', 'us_manufacturing', 'us_defense', 'eu_buyers'].map((g) => ban.actor(g, 'shortage_share'));
    const others = ['cn_manufacturing', 'row_manufacturing'].map((g) => ban.actor(g, 'shortage_share'));
    for (const s of aligned) expect(s).toBeGreaterThan(3 * Math.max(...others));
    for (const g of ['jp_manufacturing', 'us_manufacturing', 'eu_buyers']) expect(ban.actor(g, 'shortage_share')).toBeGreaterThan(base.actor(g, 'shortage_share') + 0.01);
  });
});

describe('a price floor (experiments/price-floor.yaml)', () => {
  const r = runExperiment('price-floor.yaml');
  const floor = r.get('floor')!;
  const none = r.get('no-floor')!;
  const ndpr = COMMODITIES.indexOf('ndpr');

  it('builds more non-Chinese NdPr capacity by year 8', () => {
    const at = (s: typeof floor, week: number) => s.runs.reduce((a, x) => a + x.capacity[(week * x.commodities + ndpr) * 2 + 1]!, 0) / s.runs.length;
    expect(at(floor, 8 * 52)).toBeGreaterThan(at(none, 8 * 52) * 1.1);
    expect(at(floor, 8 * 52)).toBeGreaterThan(at(floor, 52));
  });

  it('leaves smaller shortages in the later ban', () => {
    expect(floor.market('dytb', 'ex_cn', 'shortage_share')).toBeLessThan(none.market('dytb', 'ex_cn', 'shortage_share'));
  });
});

describe('the extraterritorial 0.1% rule (experiments/fdpr-0.1pct.yaml)', () => {
  const r = runExperiment('fdpr-0.1pct.yaml');
  const fdpr = r.get('controls-fdpr')!;
  const ctl = r.get('controls')!;

  it('reaches non-Chinese makers that buy no Chinese oxide directly: magnet users', () => {
    expect(fdpr.market('magnet', 'ex_cn', 'shortage_share')).toBeGreaterThan(ctl.market('magnet', 'ex_cn', 'shortage_share'));
    for (const g of ['us_manufacturing', 'eu_buyers', 'us_defense']) {
      expect(fdpr.actor(g, 'shortage_share'), g).toBeGreaterThan(ctl.actor(g, 'shortage_share'));
      expect(fdpr.actor(g, 'unit_cost_change'), g).toBeGreaterThan(ctl.actor(g, 'unit_cost_change'));
    }
  });
});
