import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { PARAM_INDEX } from '../../src/agents/params.js';
import { deriveSeed } from '../../src/core/rng.js';
import type { ResolvedConfig } from '../../src/runner/config.js';
import { countRuns, effectiveValue, expandRuns, runSpec, type PlannedRun } from '../../src/runner/expand.js';
import { loaded } from './helpers.js';

const cfg = (o: Record<string, unknown>): ResolvedConfig => loaded(o).config;

/** A run without its position (what must not change when the list grows). */
const content = ({ index: _i, pointIndex: _p, scenarioIndex: _s, ...rest }: PlannedRun): Omit<PlannedRun, 'index' | 'pointIndex' | 'scenarioIndex'> => rest;

const byId = (runs: PlannedRun[]): Map<string, ReturnType<typeof content>> => new Map(runs.map((r) => [r.run_id, content(r)]));

describe('expandRuns', () => {
  const sweep36 = { seed: 5, replications: 4, sweep: { grid: { 'buyers.phi': [1, 1.5, 2], 'producers.theta': [0.5, 1, 1.5] } } };

  test('2 parameters x 3 values x 4 replications = 36 runs', () => {
    const c = cfg({ ...sweep36, sweep: { grid: { 'buyers.phi': [1, 1.5, 2], 'producers.theta': [0.5, 1, 1.5] } } });
    const runs = expandRuns(c);
    expect(runs).toHaveLength(36);
    expect(countRuns(c)).toBe(36);
    expect(new Set(runs.map((r) => r.run_id)).size).toBe(36);
    expect(runs.map((r) => r.index)).toEqual([...Array(36).keys()]);
    // order: point, then replicate; the last grid key fastest
    expect(runs.slice(0, 5).map((r) => [r.point['buyers.phi'], r.point['producers.theta'], r.replicate])).toEqual([
      [1, 0.5, 0],
      [1, 0.5, 1],
      [1, 0.5, 2],
      [1, 0.5, 3],
      [1, 1, 0],
    ]);
    expect(runs[0]!.run_id).toMatch(/^baseline-p[0-9a-f]{12}-r0$/);
  });

  test('appending a value keeps the first 36 runs identical', () => {
    const before = byId(expandRuns(cfg(sweep36)));
    for (const grid of [
      { 'buyers.phi': [1, 1.5, 2, 2.5], 'producers.theta': [0.5, 1, 1.5] },
      { 'buyers.phi': [1, 1.5, 2], 'producers.theta': [0.5, 1, 1.5, 2] },
    ]) {
      const after = byId(expandRuns(cfg({ ...sweep36, sweep: { grid } })));
      expect(after.size).toBe(48);
      for (const [id, run] of before) expect(after.get(id)).toEqual(run);
    }
  });

  test('adding a scenario or a replication changes no other run', () => {
    const before = byId(expandRuns(cfg(sweep36)));
    const after = byId(expandRuns(cfg({ ...sweep36, replications: 5, scenarios: [{ name: 'ban', overrides: { 'buyers.phi': 1.2 } }, { name: 'baseline' }] })));
    for (const [id, run] of before) expect(after.get(id)).toEqual(run);
  });

  test('seeds depend on the replicate only (common random numbers)', () => {
    const runs = expandRuns(cfg({ ...sweep36, scenarios: [{ name: 'a' }, { name: 'b' }] }));
    for (const r of runs) expect(r.seed).toBe(deriveSeed(5, r.replicate));
    expect(new Set(runs.map((r) => r.seed)).size).toBe(4);
  });

  test('no sweep: ids are scenario-r<k>, one point with no values', () => {
    const runs = expandRuns(cfg({ replications: 2, scenarios: [{ name: 'a' }, { name: 'b' }] }));
    expect(runs.map((r) => r.run_id)).toEqual(['a-r0', 'a-r1', 'b-r0', 'b-r1']);
    expect(runs[0]!.point).toEqual({});
  });

  test('a point overrides the scenario; runSpec resolves the rest from the defaults', () => {
    const c = cfg({
      horizon_weeks: 80,
      scenarios: [{ name: 'a', overrides: { 'buyers.phi': 1.2, 'producers.theta': 2 }, events: [{ type: 'demand_shock', commodity: 'ndpr', where: 'all', factor: 0.5, start: 60 }] }],
      sweep: { points: [{ 'buyers.phi': 1.7 }] },
    });
    const [run] = expandRuns(c);
    const spec = runSpec(c, run!);
    expect(spec.params['buyers.phi']).toBe(1.7);
    expect(spec.params['producers.theta']).toBe(2);
    expect(spec.params['population.scale']).toBe(PARAM_INDEX.get('population.scale')!.default);
    expect(spec).toMatchObject({ seed: run!.seed, horizonWeeks: 80, startDate: '2025-01-06' });
    expect(spec.events).toHaveLength(1);
    expect(effectiveValue(run!, 'buyers.phi')).toBe(1.7);
    expect(effectiveValue(run!, 'population.scale')).toBe(1);
  });
});

describe('properties', () => {
  // Parameters with generous ranges and no joint rules, to build random grids from.
  const PATHS = ['buyers.phi', 'producers.theta', 'investment.hazard', 'recyclers.elasticity', 'population.scale'];
  const valueFor = (path: string): fc.Arbitrary<number> => {
    const s = PARAM_INDEX.get(path)!;
    return fc.double({ min: s.range[0], max: s.range[1], noNaN: true });
  };
  const gridArb = fc
    .uniqueArray(fc.constantFrom(...PATHS), { minLength: 1, maxLength: 3 })
    .chain((paths) => fc.tuple(...paths.map((p) => fc.uniqueArray(valueFor(p), { minLength: 1, maxLength: 3, comparator: (a, b) => a === b || Object.is(a, b) }).map((vs) => [p, vs] as const))))
    .map((entries) => Object.fromEntries(entries) as Record<string, number[]>);
  const scenariosArb = fc.uniqueArray(fc.stringMatching(/^[a-z][a-z0-9-]{0,6}$/), { minLength: 1, maxLength: 3 });

  test('count = scenarios x points x replications, ids unique, seeds by replicate', () => {
    fc.assert(
      fc.property(gridArb, scenariosArb, fc.integer({ min: 1, max: 4 }), fc.nat(1e9), (grid, names, reps, seed) => {
        const c = cfg({ seed, replications: reps, scenarios: names.map((name) => ({ name })), sweep: { grid } });
        const runs = expandRuns(c);
        const points = Object.values(grid).reduce((a, v) => a * v.length, 1);
        expect(runs).toHaveLength(names.length * points * reps);
        expect(new Set(runs.map((r) => r.run_id)).size).toBe(runs.length);
        for (const r of runs) expect(r.seed).toBe(deriveSeed(seed, r.replicate));
      }),
      { numRuns: 60 },
    );
  });

  test('appending a value to any grid list keeps every existing run', () => {
    fc.assert(
      fc.property(gridArb, fc.nat(), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 3 }), (grid, which, u, reps) => {
        const paths = Object.keys(grid);
        const path = paths[which % paths.length]!;
        const s = PARAM_INDEX.get(path)!;
        const v = s.range[0] + u * (s.range[1] - s.range[0]);
        fc.pre(!grid[path]!.includes(v));
        const before = byId(expandRuns(cfg({ replications: reps, sweep: { grid } })));
        const after = byId(expandRuns(cfg({ replications: reps, sweep: { grid: { ...grid, [path]: [...grid[path]!, v] } } })));
        expect(after.size).toBeGreaterThan(before.size);
        for (const [id, run] of before) expect(after.get(id)).toEqual(run);
      }),
      { numRuns: 60 },
    );
  });

  test('expansion is pure: same config, same runs', () => {
    fc.assert(
      fc.property(gridArb, fc.integer({ min: 1, max: 3 }), (grid, reps) => {
        const c = cfg({ replications: reps, sweep: { grid } });
        expect(expandRuns(c)).toEqual(expandRuns(c));
      }),
      { numRuns: 30 },
    );
  });
});
