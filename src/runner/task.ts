/**
 * One run as a task: what crosses the thread boundary (RunTask in, RunResult out) and the work a
 * worker does with it (executeRun). The same code runs in a pool worker and in-process
 * (`--parallel none`), so both give the same numbers.
 *
 * Results are typed arrays (a few hundred doubles of metrics, plus the weekly series, flows,
 * books and events when outputs asks for them): cheap to clone across threads and to journal as
 * msgpack. Flows travel sparse (the non-zero cells only), since they are most of a run's bytes.
 */
import { BLOCS, COMMODITIES } from '../agents/ids.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS, type EventRecord, type RunSpec, type ScenarioEvent } from '../agents/model.js';
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
  /** also keep the flows (flows.csv), the event log (events.csv), the weekly books (books.csv) */
  keep?: { flows?: boolean; events?: boolean; books?: boolean } | undefined;
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

/** The non-zero cells of RunSeries.flows: cell = week * width + (commodity * 2 + origin) * blocs + destination. */
export interface FlowsData {
  weeks: number;
  /** cells a week: commodities x 2 origins x blocs */
  width: number;
  cell: Uint32Array;
  tonnes: Float64Array;
}

/** The weekly books (books.csv): vault weeks x VAULT_BOOK_COLUMNS, cn weeks x CN_OFFICE_COLUMNS, floor weeks x 2. */
export interface BooksData {
  weeks: number;
  vault: Float64Array;
  cn: Float64Array;
  floor: Float64Array;
}

export interface RunResult {
  index: number;
  run_id: string;
  /** markets x MARKET_METRICS (NaN = undefined) */
  market: Float64Array;
  /** ACTOR_ROWS x ACTOR_METRICS (NaN = undefined or not applicable) */
  actor: Float64Array;
  agents: number;
  firstShockWeek: number;
  timeseries: TimeseriesData | null;
  flows?: FlowsData | null;
  events?: EventRecord[] | null;
  books?: BooksData | null;
  /** wall-clock milliseconds of the run: for logs and the manifest, never for a CSV */
  ms: number;
}

/** Run one task with the given model: simulate, check the shape, compute the metrics. */
export function executeRun(task: RunTask, simulate: Simulate): RunResult {
  const t0 = performance.now();
  return finishRun(task, simulate(runSpecOf(task)), t0);
}

/** The model's RunSpec for a task. */
export function runSpecOf(task: RunTask): RunSpec {
  return {
    params: resolveParams(task.overrides),
    seed: task.seed,
    horizonWeeks: task.horizonWeeks,
    startDate: task.startDate,
    events: task.events,
  };
}

/** A run's result from the series the model returned (checked), `t0` when the run started. */
export function finishRun(task: RunTask, series: MetricSeries, t0: number): RunResult {
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
  const result: RunResult = {
    index: task.index,
    run_id: task.run_id,
    market: marketMetrics(series, w),
    actor: actorMetrics(series, w),
    agents: series.agents,
    firstShockWeek: series.firstShockWeek,
    timeseries,
    ms: 0,
  };
  if (task.keep?.flows) {
    if (!series.flows) throw new Error('outputs.flows: the model does not report flows');
    result.flows = sparseFlows(series.flows, series.weeks);
  }
  if (task.keep?.events) {
    if (!series.eventLog) throw new Error('outputs.events: the model does not report an event log');
    result.events = series.eventLog.map((e) => ({ week: e.week, actor: e.actor, type: e.type, commodity: e.commodity, target: e.target, value: e.value, detail: e.detail }));
  }
  if (task.keep?.books) {
    if (!series.vaultBooks || !series.cnOffice || !series.floorBooks) throw new Error('outputs.books: the model does not report the policy books');
    result.books = { weeks: series.weeks, vault: series.vaultBooks.slice(), cn: series.cnOffice.slice(), floor: series.floorBooks.slice() };
  }
  result.ms = performance.now() - t0;
  return result;
}

/** Cells a week of RunSeries.flows. */
export const FLOW_WIDTH = COMMODITIES.length * 2 * BLOCS.length;
/** Columns a week of the books. */
export const BOOK_WIDTHS = { vault: VAULT_BOOK_COLUMNS.length, cn: CN_OFFICE_COLUMNS.length, floor: 2 } as const;

/** The non-zero cells of a weeks x FLOW_WIDTH array, in cell order (a NaN is kept: it shows as an empty cell). */
export function sparseFlows(flows: Float64Array, weeks: number): FlowsData {
  let n = 0;
  for (let i = 0; i < flows.length; i++) if (flows[i] !== 0) n++;
  const cell = new Uint32Array(n);
  const tonnes = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < flows.length; i++) {
    const x = flows[i]!;
    if (x !== 0) {
      cell[k] = i;
      tonnes[k++] = x;
    }
  }
  return { weeks, width: FLOW_WIDTH, cell, tonnes };
}

/** A model's team for `--parallel agents` (src/agents/team.ts): one run split over threads. */
export interface ModelTeam {
  readonly threads: number;
  simulate(spec: RunSpec): Promise<MetricSeries>;
  close(): Promise<void>;
}
export type CreateTeam = (threads: number) => ModelTeam;

/** Import a model module and return its createTeam (a model without one cannot split a run). */
export async function loadCreateTeam(moduleUrl: string): Promise<CreateTeam> {
  await loadSimulate(moduleUrl);
  const mod = (await import(moduleUrl)) as { createTeam?: unknown };
  if (typeof mod.createTeam !== 'function') throw new Error(`${moduleUrl} does not export createTeam(threads): it cannot split one run over threads (--parallel agents); use --parallel runs`);
  return mod.createTeam as CreateTeam;
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
