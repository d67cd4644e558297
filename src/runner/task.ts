/**
 * One run as a task: what crosses the thread boundary (RunTask in, RunResult out) and the work a
 * worker does with it (executeRun). The same code runs in a pool worker and in-process
 * (`--parallel none`), so both give the same numbers.
 *
 * Results are typed arrays (a few hundred doubles of metrics, plus the weekly series when
 * outputs.timeseries asks for them): cheap to clone across threads and to journal as msgpack.
 */
import type { RunSpec, ScenarioEvent } from '../agents/model.js';
import { resolveParams } from '../agents/params.js';
import { actorMetrics, checkSeriesShape, marketMetrics, metricWindows, type MetricSeries } from './metrics.js';

/** The model's entry point (src/agents/world.ts returns a full RunSeries; the runner reads this part). */
export type Simulate = (spec: RunSpec) => MetricSeries;

/** The module (file URL) that exports simulate(spec). */
export const DEFAULT_MODEL_MODULE = new URL('../agents/world.ts', import.meta.url).href;

export interface RunTask {
  index: number;
  run_id: string;
  seed: number;
  overrides: Readonly<Record<string, number>>;
  events: readonly ScenarioEvent[];
  horizonWeeks: number;
  startDate: string;
  costWindowYears: readonly [number, number] | null;
  timeseries: boolean;
  /** file URL of the module exporting simulate (DEFAULT_MODEL_MODULE unless a test swaps it) */
  modelModule: string;
}

/** The weekly market series of a run (timeseries.csv), each weeks x markets. */
export interface TimeseriesData {
  weeks: number;
  markets: number;
  price: Float64Array;
  traded: Float64Array;
  demand: Float64Array;
  supply: Float64Array;
  shortage: Float64Array;
}

export interface RunResult {
  index: number;
  run_id: string;
  /** markets x MARKET_METRICS (NaN = undefined) */
  market: Float64Array;
  /** actor groups x ACTOR_METRICS (NaN = undefined) */
  actor: Float64Array;
  agents: number;
  firstShockWeek: number;
  timeseries: TimeseriesData | null;
  /** wall-clock milliseconds of the run: for logs and the manifest, never for a CSV */
  ms: number;
}

/** Run one task with the given model: simulate, check the shape, compute the metrics. */
export function executeRun(task: RunTask, simulate: Simulate): RunResult {
  const t0 = performance.now();
  const spec: RunSpec = {
    params: resolveParams(task.overrides),
    seed: task.seed,
    horizonWeeks: task.horizonWeeks,
    startDate: task.startDate,
    events: task.events,
  };
  const series = simulate(spec);
  checkSeriesShape(series);
  if (series.weeks !== task.horizonWeeks) throw new Error(`the model returned ${series.weeks} weeks, the run asked for ${task.horizonWeeks}`);
  const w = metricWindows(series.weeks, series.firstShockWeek, task.costWindowYears);
  const timeseries: TimeseriesData | null = task.timeseries
    ? {
        weeks: series.weeks,
        markets: series.markets,
        // copies: the model's arrays may be views on a larger (shared) buffer
        price: series.price.slice(),
        traded: series.traded.slice(),
        demand: series.demand.slice(),
        supply: series.supply.slice(),
        shortage: series.shortage.slice(),
      }
    : null;
  return {
    index: task.index,
    run_id: task.run_id,
    market: marketMetrics(series, w),
    actor: actorMetrics(series, w),
    agents: series.agents,
    firstShockWeek: series.firstShockWeek,
    timeseries,
    ms: performance.now() - t0,
  };
}

const models = new Map<string, Promise<Simulate>>();

/** Import a model module once per thread and return its simulate. */
export function loadSimulate(moduleUrl: string): Promise<Simulate> {
  let p = models.get(moduleUrl);
  if (!p) {
    p = import(moduleUrl).then(
      (mod: { simulate?: unknown }) => {
        if (typeof mod.simulate !== 'function') throw new Error(`${moduleUrl} does not export a function simulate(spec)`);
        return mod.simulate as Simulate;
      },
      (e: unknown) => {
        models.delete(moduleUrl);
        throw new Error(`cannot load the model from ${moduleUrl}: ${(e as Error).message}`);
      },
    );
    models.set(moduleUrl, p);
  }
  return p;
}
