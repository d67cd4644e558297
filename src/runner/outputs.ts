/**
 * The CSV outputs (docs/outputs.md lists every column): row builders, and an ordered writer that
 * streams rows to temp files as runs finish but always in run-list order, then renames the temp
 * files into place at the end (atomic: a reader never sees half a CSV under the final name).
 *
 * Order: runs finish in any order on the pool; the writer keeps only a handle (a journal entry)
 * for each finished run that is ahead of the next one to write, and writes as soon as the gap
 * fills. The bytes therefore depend on the run list alone, never on thread count or timing.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { ACTOR_GROUPS, COMMODITIES, SEGMENTS } from '../agents/ids.js';
import { weekDate } from '../core/clock.js';
import { effectiveValue, type PlannedRun } from './expand.js';
import { formatExact, formatMetric } from './format.js';
import type { JournalRecord } from './journal.js';
import { ACTOR_METRICS, MARKET_METRICS } from './metrics.js';
import type { RunResult, TimeseriesData } from './task.js';

export const RUN_ID_COLUMNS = ['run_id', 'scenario', 'replicate', 'seed'] as const;
export const TIMESERIES_COLUMNS = ['run_id', 'scenario', 'replicate', 'week', 'date', 'commodity', 'segment', 'price', 'traded', 'demand', 'supply', 'shortage'] as const;

export const FILES = {
  runs: 'runs.csv',
  actors: 'actors.csv',
  timeseries: 'timeseries.csv',
  failures: 'failures.csv',
  manifest: 'manifest.json',
} as const;

/** runs.csv: ids, commodity, segment, the market metrics, then one column per swept parameter. */
export function runsColumns(swept: readonly string[]): string[] {
  return [...RUN_ID_COLUMNS, 'commodity', 'segment', ...MARKET_METRICS, ...swept];
}

/** actors.csv: ids, actor, the actor metrics, then one column per swept parameter. */
export function actorsColumns(swept: readonly string[]): string[] {
  return [...RUN_ID_COLUMNS, 'actor', ...ACTOR_METRICS, ...swept];
}

/** failures.csv: ids, the error, then one column per swept parameter (to find the point that failed). */
export function failuresColumns(swept: readonly string[]): string[] {
  return [...RUN_ID_COLUMNS, 'error', ...swept];
}

function idCells(run: PlannedRun): string[] {
  return [run.run_id, run.scenario, String(run.replicate), formatExact(run.seed)];
}

function sweptCells(run: PlannedRun, swept: readonly string[]): string[] {
  return swept.map((p) => formatExact(effectiveValue(run, p)));
}

export function runsRows(run: PlannedRun, result: RunResult, swept: readonly string[]): string[][] {
  const id = idCells(run);
  const sw = sweptCells(run, swept);
  const K = MARKET_METRICS.length;
  const rows: string[][] = [];
  COMMODITIES.forEach((c, ci) => {
    SEGMENTS.forEach((s, si) => {
      const o = (ci * SEGMENTS.length + si) * K;
      const cells = [...id, c, s];
      for (let k = 0; k < K; k++) cells.push(formatMetric(result.market[o + k]));
      rows.push(cells.concat(sw));
    });
  });
  return rows;
}

export function actorsRows(run: PlannedRun, result: RunResult, swept: readonly string[]): string[][] {
  const id = idCells(run);
  const sw = sweptCells(run, swept);
  const K = ACTOR_METRICS.length;
  return ACTOR_GROUPS.map((g, gi) => {
    const cells = [...id, g];
    for (let k = 0; k < K; k++) cells.push(formatMetric(result.actor[gi * K + k]));
    return cells.concat(sw);
  });
}

export function failureRow(run: PlannedRun, error: string, swept: readonly string[]): string[] {
  return [...idCells(run), error, ...sweptCells(run, swept)];
}

export function timeseriesRows(run: PlannedRun, ts: TimeseriesData, dates: readonly string[]): string[][] {
  const rows: string[][] = [];
  const M = ts.markets;
  const rep = String(run.replicate);
  for (let t = 0; t < ts.weeks; t++) {
    const week = String(t);
    const date = dates[t] ?? '';
    COMMODITIES.forEach((c, ci) => {
      SEGMENTS.forEach((s, si) => {
        const i = t * M + ci * SEGMENTS.length + si;
        rows.push([run.run_id, run.scenario, rep, week, date, c, s, formatMetric(ts.price[i]), formatMetric(ts.traded[i]), formatMetric(ts.demand[i]), formatMetric(ts.supply[i]), formatMetric(ts.shortage[i])]);
      });
    });
  }
  return rows;
}

/** Week start dates of a run, computed once. */
export function weekDates(startDate: string, weeks: number): string[] {
  return Array.from({ length: weeks }, (_, t) => weekDate(startDate, t));
}

function csv(rows: string[][]): string {
  return rows.length === 0 ? '' : stringify(rows, { record_delimiter: 'unix' });
}

class CsvTemp {
  readonly tmp: string;
  readonly final: string;
  private fd: number;

  constructor(tmp: string, final: string, header: readonly string[]) {
    this.tmp = tmp;
    this.final = final;
    this.fd = openSync(tmp, 'w');
    this.write(csv([[...header]]));
  }

  write(text: string): void {
    if (text.length === 0) return;
    const buf = Buffer.from(text, 'utf8');
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

export interface OrderedWriterOptions<H> {
  /** final folder */
  dir: string;
  /** folder for temp files, on the same file system (DIR/.runs) */
  tmpDir: string;
  runs: readonly PlannedRun[];
  swept: readonly string[];
  startDate: string;
  horizonWeeks: number;
  timeseries: boolean;
  /** fetch a finished run's record from its handle */
  load: (handle: H) => JournalRecord;
  /** called for every run as it is written, in run-list order */
  onWritten?: (run: PlannedRun, rec: JournalRecord) => void;
}

/** Writes finished runs' rows in run-list order, whatever order they finish in. */
export class OrderedWriter<H> {
  private readonly o: OrderedWriterOptions<H>;
  private readonly pending = new Map<number, H>();
  private readonly files: { runs: CsvTemp; actors: CsvTemp; failures: CsvTemp; timeseries: CsvTemp | null };
  private readonly dates: string[];
  private nextIndex = 0;
  okCount = 0;
  failedCount = 0;

  constructor(o: OrderedWriterOptions<H>) {
    this.o = o;
    const temp = (name: string, header: readonly string[]): CsvTemp => new CsvTemp(join(o.tmpDir, name + '.tmp'), join(o.dir, name), header);
    this.files = {
      runs: temp(FILES.runs, runsColumns(o.swept)),
      actors: temp(FILES.actors, actorsColumns(o.swept)),
      failures: temp(FILES.failures, failuresColumns(o.swept)),
      timeseries: o.timeseries ? temp(FILES.timeseries, TIMESERIES_COLUMNS) : null,
    };
    this.dates = o.timeseries ? weekDates(o.startDate, o.horizonWeeks) : [];
  }

  /** Runs written so far (a prefix of the run list). */
  get written(): number {
    return this.nextIndex;
  }

  /** Runs finished but waiting for an earlier run. */
  get waiting(): number {
    return this.pending.size;
  }

  /** A run finished (ok or failed): write it and any runs it was holding up. */
  done(index: number, handle: H): void {
    if (index < this.nextIndex || this.pending.has(index)) throw new Error(`run ${index} reported twice`);
    this.pending.set(index, handle);
    while (this.pending.has(this.nextIndex)) {
      const h = this.pending.get(this.nextIndex)!;
      this.pending.delete(this.nextIndex);
      this.writeOne(this.o.runs[this.nextIndex]!, this.o.load(h));
      this.nextIndex++;
    }
  }

  private writeOne(run: PlannedRun, rec: JournalRecord): void {
    if (rec.run_id !== run.run_id) throw new Error(`journal record ${rec.index} is run ${rec.run_id}, the plan says ${run.run_id}`);
    if (rec.kind === 'ok') {
      this.files.runs.write(csv(runsRows(run, rec.result, this.o.swept)));
      this.files.actors.write(csv(actorsRows(run, rec.result, this.o.swept)));
      if (this.files.timeseries) {
        if (!rec.result.timeseries) throw new Error(`run ${run.run_id} has no time series`);
        this.files.timeseries.write(csv(timeseriesRows(run, rec.result.timeseries, this.dates)));
      }
      this.okCount++;
    } else {
      this.files.failures.write(csv([failureRow(run, rec.error, this.o.swept)]));
      this.failedCount++;
    }
    this.o.onWritten?.(run, rec);
  }

  /** Every run is written: close and rename the temp files into place. Returns the final paths. */
  finish(): string[] {
    if (this.nextIndex !== this.o.runs.length) throw new Error(`cannot finish: ${this.o.runs.length - this.nextIndex} runs not written`);
    const all = [this.files.runs, this.files.actors, this.files.timeseries, this.files.failures].filter((f): f is CsvTemp => f !== null);
    for (const f of all) f.close();
    for (const f of all) renameSync(f.tmp, f.final);
    return all.map((f) => f.final);
  }

  /** Stop without publishing: close and delete the temp files (the journal keeps the results). */
  abandon(): void {
    for (const f of [this.files.runs, this.files.actors, this.files.timeseries, this.files.failures]) {
      if (!f) continue;
      f.close();
      if (existsSync(f.tmp)) rmSync(f.tmp, { force: true });
    }
  }
}
