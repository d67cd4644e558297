/**
 * A game run steps the same world simulate() does and reads its books: checked against
 * RunSeries (group revenue and input bill, China's export books) over a short run with the rate
 * so small that an NPV is the plain sum of the weekly flows.
 */
import { describe, expect, test } from 'vitest';
import { groupIndex } from '../../src/agents/ids.js';
import { CN_OFFICE_COLUMNS } from '../../src/agents/model.js';
import { resolveParams } from '../../src/agents/params.js';
import { simulate } from '../../src/agents/world.js';
import { DEFAULT_ALLY_BOOKS, runGameTask, streamNames } from '../../src/runner/game/gameRun.js';

describe('runGameTask', () => {
  test('its streams are the books simulate() records, summed from the shock week', () => {
    const T = 110;
    const S = 60;
    const events = [{ type: 'export_control' as const, commodity: ['gallium', 'magnet'], target: 'ex_cn', approval: 0.2, start: S }];
    const overrides = { 'population.scale': 0.02 };
    const allies = ['jp', 'kr'].map((p) => ({ player: p, ...DEFAULT_ALLY_BOOKS[p]! }));
    const r = runGameTask({ index: 0, run_id: 'x', seed: 7, overrides, events, horizonWeeks: T, startDate: '2025-01-06', shockWeek: S, discount: { rate: 1e-12, terminal: { rule: 'none', growth: 0, years: 0 } }, allies, cnGroup: 'cn_manufacturing' });
    expect(Object.keys(r.npv)).toEqual(streamNames(allies));
    const s = simulate({ params: resolveParams(overrides), seed: 7, horizonWeeks: T, startDate: '2025-01-06', events });
    const sum = (f: (t: number) => number): number => {
      let v = 0;
      for (let t = S; t < T; t++) v += f(t);
      return v;
    };
    const close = (a: number, b: number): void => expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(b)));
    for (const a of ['jp', 'kr']) {
      const g = groupIndex(DEFAULT_ALLY_BOOKS[a]!.group);
      close(r.npv[`${a}.revenue`]!, sum((t) => s.groupRevenue[t * s.groups + g]!));
      close(r.npv[`${a}.input_cost`]!, sum((t) => s.groupCost[t * s.groups + g]!));
      expect(r.npv[`${a}.other_cost`]!).toBeGreaterThan(0);
    }
    const W = CN_OFFICE_COLUMNS.length;
    close(r.npv['cn.export_rent']!, sum((t) => s.cnOffice[t * W]! - s.cnOffice[t * W + 1]!));
    close(r.npv['cn.controls_years']!, (T - S) / 52);
    close(r.npv.years!, (T - S) / 52);
  });
});
