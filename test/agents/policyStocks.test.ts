// What the stockpile and decoupling scenarios must show (issue 3), at the shipped defaults.
import { describe, expect, it } from 'vitest';
import { COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { VAULT_BOOK_COLUMNS } from '../../src/agents/model.js';
import { runExperiment } from './scenarioHelpers.js';

describe('Project Vault under a ban (experiments/vault.yaml)', () => {
  const r = runExperiment('vault.yaml');
  const vault = r.get('ban-vault')!;
  const none = r.get('ban-no-vault')!;
  const stocked = ['ndpr', 'dytb', 'gallium', 'graphite_anode'];
  const sum = (s: typeof vault, metric: 'shortage_share' | 'weeks_above_2x' | 'realized_vol') => stocked.reduce((a, c) => a + s.market(c, 'ex_cn', metric), 0);

  it('cuts realized volatility, shortages and weeks above 2x on the stockpiled commodities', () => {
    expect(sum(vault, 'shortage_share')).toBeLessThan(0.8 * sum(none, 'shortage_share'));
    expect(sum(vault, 'weeks_above_2x')).toBeLessThan(sum(none, 'weeks_above_2x') - 4);
    expect(sum(vault, 'realized_vol')).toBeLessThan(0.85 * sum(none, 'realized_vol'));
    // and on each of them (the release acts in the week of the shock); ndpr is never short
    for (const c of stocked) {
      expect(vault.market(c, 'ex_cn', 'realized_vol'), c).toBeLessThan(none.market(c, 'ex_cn', 'realized_vol'));
      expect(vault.market(c, 'ex_cn', 'weeks_above_2x'), c).toBeLessThan(none.market(c, 'ex_cn', 'weeks_above_2x'));
      if (none.market(c, 'ex_cn', 'shortage_share') > 1e-3) expect(vault.market(c, 'ex_cn', 'shortage_share'), c).toBeLessThan(none.market(c, 'ex_cn', 'shortage_share'));
    }
  });

  it('sells its releases in the ban\'s first week, into the same clearing', () => {
    // The ban starts in week 156 (2028-01-03). In the week the gallium price first jumps past
    // 1.5x its level before the ban, the Vault's stock already falls: no week's lag.
    const K = VAULT_BOOK_COLUMNS.length;
    const inv = VAULT_BOOK_COLUMNS.indexOf('inventory_cost');
    const m = COMMODITIES.indexOf('gallium') * 3 + SEGMENTS.indexOf('ex_cn');
    for (const s of vault.runs) {
      const before = s.price[150 * s.markets + m]!;
      let t = 151;
      while (t < 170 && s.price[t * s.markets + m]! < 1.5 * before) t++;
      expect(t).toBeLessThan(170);
      expect(s.vaultBooks[t * K + inv]!).toBeLessThan(0.995 * s.vaultBooks[(t - 1) * K + inv]!);
    }
  });

  it('keeps books that balance every week: cash + inventory at cost = loan + capital + fees - interest - storage + gains', () => {
    const K = VAULT_BOOK_COLUMNS.length;
    const col = (n: (typeof VAULT_BOOK_COLUMNS)[number]) => VAULT_BOOK_COLUMNS.indexOf(n);
    for (const s of vault.runs) {
      let capital = 0;
      for (let t = 0; t < s.weeks; t++) {
        const b = (n: (typeof VAULT_BOOK_COLUMNS)[number]) => s.vaultBooks[t * K + col(n)]!;
        capital = Math.max(capital, b('loan') + b('private_capital'));
        const lhs = b('cash') + b('inventory_cost');
        const rhs = b('loan') + b('private_capital') + b('fees') - b('interest_paid') - b('storage') + b('realised_gains');
        expect(Math.abs(lhs - rhs)).toBeLessThanOrEqual(1e-9 * Math.max(capital, 1));
      }
      expect(capital).toBeGreaterThan(1e9);
    }
  });
});

describe('decoupling Korea, Japan and the US from Chinese supply (experiments/decoupling.yaml)', () => {
  const r = runExperiment('decoupling.yaml');
  const cut = r.get('decoupling')!;
  const base = r.get('baseline')!;

  it('raises Korean battery makers\' unit cost by 20-60% over years 3-5 after the cut (seed 000: +30-40%)', () => {
    const u = cut.actor('kr_battery', 'unit_cost_change');
    expect(u).toBeGreaterThanOrEqual(0.2);
    expect(u).toBeLessThanOrEqual(0.6);
    expect(Math.abs(base.actor('kr_battery', 'unit_cost_change'))).toBeLessThan(0.05);
  });

  it('reports lost output apart, as shortage', () => {
    expect(cut.actor('kr_battery', 'shortage_share')).toBeGreaterThan(0.01);
    expect(cut.actor('kr_battery', 'output_change')).toBeLessThan(-0.05);
  });
});

describe('the EU under a ban (experiments/eu-unified-vs-bilateral.yaml)', () => {
  const r = runExperiment('eu-unified-vs-bilateral.yaml');
  const united = r.get('eu-united')!;
  const bilateral = r.get('eu-bilateral')!;

  it('pays less and is short less when it buys as one', () => {
    expect(united.actor('eu_buyers', 'unit_cost_change')).toBeLessThan(bilateral.actor('eu_buyers', 'unit_cost_change'));
    expect(united.actor('eu_buyers', 'shortage_share')).toBeLessThan(bilateral.actor('eu_buyers', 'shortage_share'));
  });
});
