/**
 * The differential test of issue 5: the typed-array kernels (src/agents/world.ts) against the
 * scalar object-per-agent reference (src/agents/reference/), side by side on small worlds over
 * three years with the policy paths running (a ban, the Vault, and in the second world shocks, a
 * price floor with offtake, a flood, the extraterritorial rule, adaptive postures and
 * retaliation). Same prices and quantities to 1e-9 relative (in practice they are identical).
 */
import { describe, expect, it } from 'vitest';
import type { RunSeries, RunSpec, ScenarioEvent } from '../../src/agents/model.js';
import { resolveParams } from '../../src/agents/params.js';
import type { RefWorld } from '../../src/agents/reference/tick.js';
import { buildReference, refTick, simulateReference } from '../../src/agents/reference/tick.js';
import type { World } from '../../src/agents/state.js';
import { buildWorld, simulate, tick } from '../../src/agents/world.js';

const TOL = 1e-9;

/** Relative difference, 0 for equal values (NaN equal to NaN, infinities to themselves). */
function relDiff(a: number, b: number): number {
  if (a === b || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

/** The worst relative difference of two arrays and where it is. */
function worst(a: ArrayLike<number>, b: ArrayLike<number>): { diff: number; at: number } {
  expect(a.length).toBe(b.length);
  let diff = 0;
  let at = -1;
  for (let i = 0; i < a.length; i++) {
    const d = relDiff(a[i]!, b[i]!);
    if (!(d <= diff)) {
      diff = d;
      at = i;
    }
  }
  return { diff, at };
}

function expectClose(what: string, a: ArrayLike<number>, b: ArrayLike<number>): void {
  const w = worst(a, b);
  if (!(w.diff <= TOL)) throw new Error(`${what}: relative difference ${w.diff} at index ${w.at} (kernel ${a[w.at]}, reference ${b[w.at]})`);
}

/** Every column of every agent against the reference's objects. */
function compareAgents(k: World, r: RefWorld, when: string): void {
  const pairs: [string, Record<string, ArrayLike<number>>, Record<string, unknown>[], number][] = [
    ['seller', k.sellers.cols as unknown as Record<string, ArrayLike<number>>, r.sellers as unknown as Record<string, unknown>[], k.sellers.size],
    ['plant', k.plants.cols as unknown as Record<string, ArrayLike<number>>, r.plants as unknown as Record<string, unknown>[], k.plants.size],
    ['line', k.lines.cols as unknown as Record<string, ArrayLike<number>>, r.lines as unknown as Record<string, unknown>[], k.lines.size],
  ];
  for (const [kind, cols, objs, n] of pairs) {
    expect(objs.length).toBe(n);
    for (const [f, col] of Object.entries(cols)) {
      // staging columns of the kernels' serial sums (the flows they add to w.flows, compared there)
      if ((kind === 'line' && (f === 'flowCn' || f === 'flowNon')) || (kind === 'seller' && f === 'fill')) continue;
      const width = col.length / Math.max(n, 1);
      const mine = new Float64Array(col.length);
      for (let i = 0; i < n; i++) {
        const v = objs[i]![f];
        if (Array.isArray(v)) for (let j = 0; j < width; j++) mine[i * width + j] = v[j] as number;
        else if (typeof v === 'number') mine[i] = v;
        else if (v === null) mine[i] = -1;
        else if (v && typeof v === 'object' && 'index' in v) mine[i] = (v as { index: number }).index;
        else if (f === 'firstLine') mine[i] = (objs[i]!.lines as { index: number }[])[0]?.index ?? col[i]!;
        else if (f === 'nLines') mine[i] = (objs[i]!.lines as unknown[]).length;
        else throw new Error(`${kind}.${f}: no field in the reference`);
      }
      expectClose(`${when}: ${kind}.${f}`, col, mine);
    }
  }
}

const MARKET_STATE = ['price', 'index', 'anchor', 'ema26', 'ema52', 'vol', 'risk', 'termPrice', 'mDemand', 'mSupply', 'mShort', 'mTraded', 'deliv', 'nom', 'avail', 'spotCn', 'spotAll', 'production', 'recycling', 'consumption', 'gross', 'flows', 'vaultBooks', 'cnWeek', 'floorBooks', 'alignment', 'policyRisk'] as const;

/** Tick both side by side, comparing market state every week and every agent at a few weeks. */
function sideBySide(spec: RunSpec): { k: World; r: RefWorld } {
  const k = buildWorld(spec);
  const r = buildReference(spec);
  compareAgents(k, r, 'start');
  for (let t = 0; t < spec.horizonWeeks; t++) {
    k.tick = t;
    r.w.tick = t;
    tick(k);
    refTick(r);
    for (const f of MARKET_STATE) expectClose(`week ${t}: ${f}`, k[f], r.w[f]);
    expectClose(`week ${t}: stockpile stocks`, k.stockpiles.cols.invNon, r.w.stockpiles.cols.invNon);
    expectClose(`week ${t}: trader stocks`, k.traders.cols.invCn, r.w.traders.cols.invCn);
    if (t % 52 === 51 || t === spec.horizonWeeks - 1) compareAgents(k, r, `week ${t}`);
  }
  expect(r.w.eventLog).toEqual(k.eventLog);
  return { k, r };
}

function compareSeries(a: RunSeries, b: RunSeries): void {
  for (const [key, v] of Object.entries(a)) {
    const u = (b as unknown as Record<string, unknown>)[key];
    if (v instanceof Float64Array) expectClose(`series.${key}`, v, u as Float64Array);
    else expect(u, key).toEqual(v);
  }
}

const BAN: ScenarioEvent = { type: 'export_control', commodity: ['ndpr', 'dytb', 'magnet', 'graphite_anode', 'gallium'], target: 'ex_cn', approval: 0, start: 60, end: 100 };
const VAULT: ScenarioEvent = { type: 'vault', start: 20 };

describe('the scalar reference against the kernels', () => {
  it('agrees on a ban with the Vault (population.scale 0.2, 156 weeks)', () => {
    const spec: RunSpec = { params: resolveParams({ 'population.scale': 0.2, 'vault.buy_cap': 0.2 }), seed: 7, horizonWeeks: 156, startDate: '2025-01-06', events: [VAULT, BAN] };
    const { k } = sideBySide(spec);
    // the policy paths ran: licences capped, the Vault bought, and prices moved
    expect(Math.max(...simulate(spec).cnOffice.filter((_, i) => i % 8 === 7))).toBeGreaterThan(0);
    expect(k.vaultBooks[2]!).toBeGreaterThan(0); // loan drawn
    expect(k.eventLog.some((e) => e.type === 'licences_required')).toBe(true);
  });

  it('agrees with shocks, a floor with offtake, a flood, the 0.1% rule and adaptive actors (scale 0.05)', () => {
    const events: ScenarioEvent[] = [
      VAULT,
      BAN,
      { type: 'supply_outage', commodity: 'gallium', where: 'cn_origin', share: 0.5, start: 30, end: 50 },
      { type: 'demand_shock', commodity: ['lithium', 'nickel'], where: 'kr_battery', factor: 0.7, start: 40, end: 70 },
      { type: 'price_floor', commodity: 'ndpr', floor: 110, start: 10 },
      { type: 'flood', commodity: 'graphite_anode', depth: 0.3, start: 110, end: 130 },
      { type: 'fdpr', commodity: 'magnet', target: 'exports', threshold: 0.001, announce: 65, start: 70, end: 120 },
      { type: 'alignment', bloc: 'kr', alignment: 1, start: 53 },
      { type: 'chip_controls', bloc: 'jp', start: 58 },
    ];
    const spec: RunSpec = {
      params: resolveParams({ 'population.scale': 0.05, 'price_floor.offtake_share': 0.2, 'cn_office.adaptive': 1, 'governments.adaptive': 1, 'eu.united': 0 }),
      seed: 11,
      horizonWeeks: 156,
      startDate: '2025-01-06',
      events,
    };
    const { k } = sideBySide(spec);
    expect(k.floorBooks[0]! + k.floorBooks[1]!).toBeGreaterThan(0);
    expect(k.eventLog.some((e) => e.type === 'retaliation_planned')).toBe(true);
    expect(k.eventLog.some((e) => e.type === 'flood')).toBe(true);
  });

  it('gives the same run series as simulate()', () => {
    const spec: RunSpec = { params: resolveParams({ 'population.scale': 0.1 }), seed: 3, horizonWeeks: 104, startDate: '2025-01-06', events: [VAULT, { ...BAN, start: 40, end: 70 }] };
    compareSeries(simulate(spec), simulateReference(spec));
  });
});
