/**
 * Experiment expansion: a resolved config -> the list of runs (scenarios x sweep points x
 * replications), a pure function (Mesa's batch_run / Agents.jl's paramscan do the same).
 *
 * Run order is scenario, then point, then replicate. A run's id and seed depend only on its own
 * scenario name, point values and replicate:
 *   run_id = `${scenario}-r${replicate}`                 (no sweep)
 *            `${scenario}-p${pointId}-r${replicate}`     (with a sweep; pointId = hash of values)
 *   seed   = deriveSeed(config.seed, replicate)         (DESIGN.md: common random numbers)
 * so appending a sweep value or a scenario changes no other run's id, seed or results.
 *
 * Parameters are kept as overrides (scenario overrides, then the point's values on top) and
 * resolved against the defaults only when a run starts (runSpec): a 10,000-point sweep does not
 * hold 10,000 full parameter sets.
 */
import type { RunSpec, ScenarioEvent } from '../agents/model.js';
import { PARAM_INDEX, resolveParams, type Params } from '../agents/params.js';
import { deriveSeed } from '../core/rng.js';
import type { ResolvedConfig } from './config.js';
import { sweepPoints } from './sweep.js';

export interface PlannedRun {
  /** position in run-list order (the order of rows in every CSV) */
  index: number;
  run_id: string;
  scenario: string;
  scenarioIndex: number;
  /** position of the point in the sweep (0 when there is no sweep); not part of any output */
  pointIndex: number;
  /** content hash of the point's values ('' when there is no sweep) */
  pointId: string;
  /** the swept parameters' values at this point */
  point: Readonly<Record<string, number>>;
  replicate: number;
  seed: number;
  /** scenario overrides with the point's values on top (shared between replicates) */
  overrides: Readonly<Record<string, number>>;
  events: readonly ScenarioEvent[];
}

export function runId(scenario: string, pointId: string, replicate: number): string {
  return pointId ? `${scenario}-p${pointId}-r${replicate}` : `${scenario}-r${replicate}`;
}

/** Seed of replicate k: the same for every scenario and point. */
export function replicateSeed(baseSeed: number, replicate: number): number {
  return deriveSeed(baseSeed, replicate);
}

export function expandRuns(config: ResolvedConfig): PlannedRun[] {
  const points = sweepPoints(config.sweep);
  const seeds = Array.from({ length: config.replications }, (_, r) => replicateSeed(config.seed, r));
  const runs: PlannedRun[] = [];
  config.scenarios.forEach((s, si) => {
    points.forEach((p, pi) => {
      const overrides = Object.freeze({ ...s.overrides, ...p.values });
      const point = Object.freeze({ ...p.values });
      for (let r = 0; r < config.replications; r++) {
        runs.push({
          index: runs.length,
          run_id: runId(s.name, p.id, r),
          scenario: s.name,
          scenarioIndex: si,
          pointIndex: pi,
          pointId: p.id,
          point,
          replicate: r,
          seed: seeds[r]!,
          overrides,
          events: s.events,
        });
      }
    });
  });
  return runs;
}

/** Number of runs without building them. */
export function countRuns(config: ResolvedConfig): number {
  return config.scenarios.length * sweepPoints(config.sweep).length * config.replications;
}

/** Full parameters of a run (defaults + overrides); throws RangeError like resolveParams. */
export function runParams(run: Pick<PlannedRun, 'overrides'>): Params {
  return resolveParams(run.overrides);
}

/** What the model takes for one run. */
export function runSpec(config: Pick<ResolvedConfig, 'horizon_weeks' | 'start_date'>, run: Pick<PlannedRun, 'overrides' | 'seed' | 'events'>): RunSpec {
  return { params: runParams(run), seed: run.seed, horizonWeeks: config.horizon_weeks, startDate: config.start_date, events: run.events };
}

/** The value a run used for a parameter: its override (scenario or point) or the default. */
export function effectiveValue(run: Pick<PlannedRun, 'overrides'>, path: string): number {
  const v = run.overrides[path];
  if (v !== undefined) return v;
  const spec = PARAM_INDEX.get(path);
  if (!spec) throw new RangeError(`unknown parameter "${path}"`);
  return spec.default;
}
