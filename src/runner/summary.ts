/**
 * summary.csv: one row per scenario x sweep point x (commodity x segment | actor) x metric, with
 * the mean over replicates, its sd and 95% interval, and the paired difference against
 * `reference_scenario` at the same point (docs/outputs.md lists the columns).
 *
 * Pairing: replicate k of every scenario and point runs with the same seed (common random
 * numbers), so the difference of scenario s from the reference is taken replicate by replicate,
 * d_k = x(s, p, k) - x(ref, p, k), over the replicates where both runs finished and both values
 * are defined; diff_mean is the mean of the d_k and its interval is the interval of that mean.
 *
 * Built at the end of an experiment from the journal, one scenario x point block at a time
 * (memory: the metrics of 2 x replications runs), in run-list order, so it is the same bytes
 * whatever the thread count or the sessions. The bootstrap's draws are keyed by the config's seed
 * and the block's scenario name and point id (src/core/rng.ts), so adding a scenario or a point
 * leaves the other blocks' rows unchanged.
 */
import { stringify } from 'csv-stringify/sync';
import { COMMODITIES, SEGMENTS } from '../agents/ids.js';
import { deriveSeed, seedKey } from '../core/rng.js';
import { sha256Hex } from './canonical.js';
import type { CiMethod } from './config.js';
import { effectiveValue, type PlannedRun } from './expand.js';
import { formatExact, formatMetric } from './format.js';
import { ACTOR_METRICS, ACTOR_ROW_METRICS, ACTOR_ROWS, MARKET_METRICS } from './metrics.js';
import { bootstrapInterval, BootstrapDraws, tInterval, type Interval } from './stats.js';
import type { RunResult } from './task.js';

export const SUMMARY_FILE = 'summary.csv';

export const SUMMARY_STAT_COLUMNS = ['mean', 'sd', 'ci_low', 'ci_high', 'n', 'ci_method', 'diff_mean', 'diff_ci_low', 'diff_ci_high', 'diff_n'] as const;

/** scenario, point, the swept parameters, what the row measures, then the statistics. */
export function summaryColumns(swept: readonly string[]): string[] {
  return ['scenario', 'point', ...swept, 'kind', 'commodity', 'segment', 'actor', 'metric', ...SUMMARY_STAT_COLUMNS];
}

export interface SummarySpec {
  /** the scenario differences are taken against, or null (diff columns empty) */
  reference: string | null;
  ci: CiMethod;
  /** bootstrap resamples (ci = bootstrap) */
  resamples: number;
  /** the config's seed (the bootstrap's draws derive from it) */
  seed: number;
}

/** Tag mixed into the config seed for the bootstrap's key ("boot"). */
export const BOOTSTRAP_SEED_TAG = 0x626f6f74;

/** The runs of one scenario at one point, in replicate order. */
export interface Block {
  scenario: string;
  scenarioIndex: number;
  pointIndex: number;
  pointId: string;
  runs: PlannedRun[];
}

/** Run list -> scenario x point blocks (contiguous in run-list order). */
export function summaryBlocks(runs: readonly PlannedRun[]): Block[] {
  const blocks: Block[] = [];
  for (const r of runs) {
    const last = blocks.at(-1);
    if (last && last.scenarioIndex === r.scenarioIndex && last.pointIndex === r.pointIndex) last.runs.push(r);
    else blocks.push({ scenario: r.scenario, scenarioIndex: r.scenarioIndex, pointIndex: r.pointIndex, pointId: r.pointId, runs: [r] });
  }
  return blocks;
}

/** What a summary row measures: a market cell or an actor cell, and where it sits in a RunResult. */
interface Cell {
  kind: 'market' | 'actor';
  commodity: string;
  segment: string;
  actor: string;
  metric: string;
  array: 'market' | 'actor';
  offset: number;
}

let cellsCache: Cell[] | null = null;

/** Every row of a block, in order: markets (commodity, segment, metric), then actors (row, metric). */
export function summaryCells(): Cell[] {
  if (cellsCache) return cellsCache;
  const cells: Cell[] = [];
  const Km = MARKET_METRICS.length;
  COMMODITIES.forEach((c, ci) => {
    SEGMENTS.forEach((s, si) => {
      MARKET_METRICS.forEach((m, k) => cells.push({ kind: 'market', commodity: c, segment: s, actor: '', metric: m, array: 'market', offset: (ci * SEGMENTS.length + si) * Km + k }));
    });
  });
  const Ka = ACTOR_METRICS.length;
  ACTOR_ROWS.forEach((a, ai) => {
    for (const m of ACTOR_ROW_METRICS[ai]!) cells.push({ kind: 'actor', commodity: '', segment: '', actor: a, metric: m, array: 'actor', offset: ai * Ka + ACTOR_METRICS.indexOf(m) });
  });
  cellsCache = cells;
  return cells;
}

/** A 32-bit stream id from a text (the first 8 hex digits of its sha256). */
function streamOf(text: string): number {
  return parseInt(sha256Hex(text).slice(0, 8), 16) | 0;
}

export interface SummaryWriterOptions {
  runs: readonly PlannedRun[];
  swept: readonly string[];
  spec: SummarySpec;
  /** a finished run's result (its metrics), or null when the run failed */
  get: (index: number) => RunResult | null;
  /** receives the CSV text, block by block (the header is not included) */
  write: (text: string) => void;
}

/** Compute and write every row of summary.csv but the header. Returns the number of rows. */
export function writeSummaryRows(o: SummaryWriterOptions): number {
  const blocks = summaryBlocks(o.runs);
  const byKey = new Map<string, Block>();
  for (const b of blocks) byKey.set(`${b.scenarioIndex}:${b.pointIndex}`, b);
  const refIndex = o.spec.reference === null ? -1 : (blocks.find((b) => b.scenario === o.spec.reference)?.scenarioIndex ?? -1);
  const key = seedKey(deriveSeed(o.spec.seed, BOOTSTRAP_SEED_TAG));
  let rows = 0;
  for (const b of blocks) {
    const mine = b.runs.map((r) => o.get(r.index));
    const refBlock = refIndex >= 0 && b.scenarioIndex !== refIndex ? byKey.get(`${refIndex}:${b.pointIndex}`) : undefined;
    const ref = refBlock ? refBlock.runs.map((r) => o.get(r.index)) : null;
    const draws = o.spec.ci === 'bootstrap' ? new BootstrapDraws(key, streamOf(`${b.scenario}\u0000${b.pointId}`), o.spec.resamples, b.runs.length) : null;
    const interval = (values: number[]): Interval => (draws ? bootstrapInterval(values, draws) : tInterval(values));
    const lead = [b.scenario, b.pointId, ...o.swept.map((p) => formatExact(effectiveValue(b.runs[0]!, p)))];
    const out: string[][] = [];
    for (const cell of summaryCells()) {
      const values: number[] = [];
      const diffs: number[] = [];
      for (let k = 0; k < mine.length; k++) {
        const x = mine[k]?.[cell.array][cell.offset];
        if (x === undefined || !Number.isFinite(x)) continue;
        values.push(x);
        const y = ref?.[k]?.[cell.array][cell.offset];
        if (y !== undefined && Number.isFinite(y)) diffs.push(x - y);
      }
      const s = interval(values);
      const row = [...lead, cell.kind, cell.commodity, cell.segment, cell.actor, cell.metric, formatMetric(s.mean), formatMetric(s.sd), formatMetric(s.low), formatMetric(s.high), String(s.n), o.spec.ci];
      if (ref) {
        const d = interval(diffs);
        row.push(formatMetric(d.mean), formatMetric(d.low), formatMetric(d.high), String(d.n));
      } else {
        row.push('', '', '', '');
      }
      out.push(row);
    }
    if (out.length > 0) o.write(stringify(out, { record_delimiter: 'unix' }));
    rows += out.length;
  }
  return rows;
}
