/**
 * The CSV outputs (docs/outputs.md lists every column): row builders, and an ordered writer that
 * streams rows to temp files as runs finish but always in run-list order, builds summary.csv from
 * the journal at the end (summary.ts), then renames the temp files into place (atomic: a reader
 * never sees half a CSV under the final name).
 *
 * Order: runs finish in any order on the pool; the writer keeps only a handle (a journal entry)
 * for each finished run that is ahead of the next one to write, and writes as soon as the gap
 * fills. The bytes therefore depend on the run list alone, never on thread count or timing.
 */
import { closeSync, existsSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { BLOCS, COMMODITIES, SEGMENTS } from '../agents/ids.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS, type EventRecord } from '../agents/model.js';
import { weekDate } from '../core/clock.js';
import { effectiveValue, type PlannedRun } from './expand.js';
import { formatExact, formatMetric } from './format.js';
import type { JournalRecord } from './journal.js';
import { ACTOR_BASE_METRICS, ACTOR_EXTRA_METRICS, ACTOR_METRICS, ACTOR_ROWS, MARKET_METRICS } from './metrics.js';
import { summaryColumns, writeSummaryRows, type SummarySpec } from './summary.js';
import type { BooksData, FlowsData, RunResult, TimeseriesData } from './task.js';

export const RUN_ID_COLUMNS = ['run_id', 'scenario', 'replicate', 'seed'] as const;
export const TIMESERIES_COLUMNS = ['run_id', 'scenario', 'replicate', 'week', 'date', 'commodity', 'segment', 'price', 'traded', 'demand', 'supply', 'shortage'] as const;
export const FLOWS_COLUMNS = ['run_id', 'scenario', 'replicate', 'week', 'date', 'commodity', 'origin', 'destination', 'tonnes'] as const;
export const EVENTS_COLUMNS = ['run_id', 'scenario', 'replicate', 'week', 'date', 'actor', 'type', 'commodity', 'target', 'value', 'detail'] as const;
export const POSTURES_COLUMNS = ['run_id', 'scenario', 'replicate', 'actor', 'changes', 'last_change_week', 'last_change_date', 'final_posture', 'settled', 'weeks_unchanged'] as const;
/** A posture has settled when it has not changed for this many weeks at the end of the run. */
export const SETTLE_WEEKS = 104;
/** The actors postures.csv follows: the allied governments, then China's export-control office. */
export const POSTURE_ACTORS = ['gov_jp', 'gov_kr', 'gov_tw', 'gov_eu', 'gov_au', 'gov_in', 'cn_office'] as const;
export const BOOKS_COLUMNS = [
  'run_id',
  'scenario',
  'replicate',
  'week',
  'date',
  ...VAULT_BOOK_COLUMNS.map((c) => `vault_${c}`),
  ...CN_OFFICE_COLUMNS.map((c) => `cn_${c}`),
  'floor_topups',
  'floor_offtake',
] as const;
/** flows.csv origin ids: index 0 = made in China, 1 = made elsewhere */
export const FLOW_ORIGINS = ['cn', 'non_cn'] as const;

export const FILES = {
  runs: 'runs.csv',
  actors: 'actors.csv',
  summary: 'summary.csv',
  timeseries: 'timeseries.csv',
  flows: 'flows.csv',
  events: 'events.csv',
  postures: 'postures.csv',
  books: 'books.csv',
  failures: 'failures.csv',
  manifest: 'manifest.json',
} as const;

/** runs.csv: ids, commodity, segment, the market metrics, then one column per swept parameter. */
export function runsColumns(swept: readonly string[]): string[] {
  return [...RUN_ID_COLUMNS, 'commodity', 'segment', ...MARKET_METRICS, ...swept];
}

/**
 * actors.csv: ids, actor, the groups' metrics, one column per swept parameter, then the policy
 * actors' columns (added later: kept at the end so that the earlier columns keep their places).
 */
export function actorsColumns(swept: readonly string[]): string[] {
  return [...RUN_ID_COLUMNS, 'actor', ...ACTOR_BASE_METRICS, ...swept, ...ACTOR_EXTRA_METRICS];
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
  const B = ACTOR_BASE_METRICS.length;
  if (result.actor.length !== ACTOR_ROWS.length * K) throw new Error(`run ${run.run_id}: ${result.actor.length} actor values, expected ${ACTOR_ROWS.length} rows x ${K}`);
  return ACTOR_ROWS.map((g, gi) => {
    const cells = [...id, g];
    for (let k = 0; k < B; k++) cells.push(formatMetric(result.actor[gi * K + k]));
    cells.push(...sw);
    for (let k = B; k < K; k++) cells.push(formatMetric(result.actor[gi * K + k]));
    return cells;
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

/** flows.csv rows: the non-zero cells, in week, commodity, origin, destination order. */
export function flowsRows(run: PlannedRun, fl: FlowsData, dates: readonly string[]): string[][] {
  const rows: string[][] = [];
  const rep = String(run.replicate);
  const NB = BLOCS.length;
  if (fl.width !== COMMODITIES.length * 2 * NB) throw new Error(`run ${run.run_id}: flows have ${fl.width} cells a week, expected ${COMMODITIES.length * 2 * NB}`);
  for (let k = 0; k < fl.cell.length; k++) {
    const cell = fl.cell[k]!;
    const t = Math.floor(cell / fl.width);
    const j = cell - t * fl.width;
    const c = Math.floor(j / (2 * NB));
    const o = Math.floor(j / NB) % 2;
    const d = j % NB;
    rows.push([run.run_id, run.scenario, rep, String(t), dates[t] ?? '', COMMODITIES[c]!, FLOW_ORIGINS[o]!, BLOCS[d]!, formatMetric(fl.tonnes[k])]);
  }
  return rows;
}

/** events.csv rows, in the model's order (by week, then as they happened). */
export function eventsRows(run: PlannedRun, events: readonly EventRecord[], dates: readonly string[]): string[][] {
  const rep = String(run.replicate);
  return events.map((e) => [run.run_id, run.scenario, rep, String(e.week), dates[e.week] ?? '', e.actor, e.type, e.commodity, e.target, formatMetric(e.value), e.detail]);
}

/**
 * postures.csv rows, from the run's event log: for each allied government its `alignment` changes
 * (final_posture: 1 align, 0.5 hedge, 0 accommodate, empty when it never changed), and for China's
 * office its retaliations planned and lifted (final_posture: retaliation regimes still in force).
 * settled: no change in the last SETTLE_WEEKS weeks of the run (or none at all).
 */
export function posturesRows(run: PlannedRun, events: readonly EventRecord[], dates: readonly string[]): string[][] {
  const rep = String(run.replicate);
  const end = dates.length;
  return POSTURE_ACTORS.map((actor) => {
    let changes = 0;
    let last = -1;
    let final = '';
    let active = 0;
    for (const e of events) {
      if (e.actor !== actor) continue;
      if (actor === 'cn_office') {
        const retaliation = e.detail.startsWith('retaliation');
        if (e.type === 'retaliation_planned' || (e.type === 'lifted' && retaliation)) {
          changes++;
          last = e.week;
        }
        if (retaliation && e.type === 'licences_required') active++;
        if (retaliation && e.type === 'lifted') active--;
      } else if (e.type === 'alignment') {
        changes++;
        last = e.week;
        final = formatMetric(e.value);
      }
    }
    if (actor === 'cn_office') final = String(active);
    const unchanged = last < 0 ? end : end - 1 - last;
    return [run.run_id, run.scenario, rep, actor, String(changes), last < 0 ? '' : String(last), last < 0 ? '' : (dates[last] ?? ''), final, String(unchanged >= SETTLE_WEEKS), String(unchanged)];
  });
}

/** books.csv rows: one a week. */
export function booksRows(run: PlannedRun, bk: BooksData, dates: readonly string[]): string[][] {
  const rows: string[][] = [];
  const rep = String(run.replicate);
  const V = VAULT_BOOK_COLUMNS.length;
  const C = CN_OFFICE_COLUMNS.length;
  for (let t = 0; t < bk.weeks; t++) {
    const cells = [run.run_id, run.scenario, rep, String(t), dates[t] ?? ''];
    for (let k = 0; k < V; k++) cells.push(formatMetric(bk.vault[t * V + k]));
    for (let k = 0; k < C; k++) cells.push(formatMetric(bk.cn[t * C + k]));
    cells.push(formatMetric(bk.floor[t * 2]), formatMetric(bk.floor[t * 2 + 1]));
    rows.push(cells);
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
  /** write flows.csv, events.csv (with postures.csv), books.csv (the runs must carry them) */
  flows?: boolean;
  events?: boolean;
  books?: boolean;
  /** write summary.csv at finish (null or absent: no summary) */
  summary?: SummarySpec | null;
  /** fetch a finished run's record from its handle */
  load: (handle: H) => JournalRecord;
  /** the same without the bulky parts (for summary.csv; default: load) */
  loadCore?: (handle: H) => JournalRecord;
  /** called for every run as it is written, in run-list order */
  onWritten?: (run: PlannedRun, rec: JournalRecord) => void;
}

/** Writes finished runs' rows in run-list order, whatever order they finish in. */
export class OrderedWriter<H> {
  private readonly o: OrderedWriterOptions<H>;
  private readonly pending = new Map<number, H>();
  private readonly files: { runs: CsvTemp; actors: CsvTemp; failures: CsvTemp; timeseries: CsvTemp | null; flows: CsvTemp | null; events: CsvTemp | null; postures: CsvTemp | null; books: CsvTemp | null };
  private readonly dates: string[];
  /** handles of the ok runs, by index (for summary.csv at the end) */
  private readonly okHandles: (H | undefined)[] = [];
  /** summary.csv's temp file while finish() builds it */
  private summaryTemp: CsvTemp | null = null;
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
      flows: o.flows ? temp(FILES.flows, FLOWS_COLUMNS) : null,
      events: o.events ? temp(FILES.events, EVENTS_COLUMNS) : null,
      postures: o.events ? temp(FILES.postures, POSTURES_COLUMNS) : null,
      books: o.books ? temp(FILES.books, BOOKS_COLUMNS) : null,
    };
    this.dates = o.timeseries || o.flows || o.events || o.books ? weekDates(o.startDate, o.horizonWeeks) : [];
  }

  /** In file order: the final files, then failures.csv (summary.csv is made at finish). */
  private all(): CsvTemp[] {
    const f = this.files;
    return [f.runs, f.actors, f.timeseries, f.flows, f.events, f.postures, f.books, f.failures].filter((x): x is CsvTemp => x !== null);
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
      const rec = this.o.load(h);
      this.writeOne(this.o.runs[this.nextIndex]!, rec);
      if (rec.kind === 'ok' && this.o.summary) this.okHandles[this.nextIndex] = h;
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
      if (this.files.flows) {
        if (!rec.result.flows) throw new Error(`run ${run.run_id} has no flows`);
        this.files.flows.write(csv(flowsRows(run, rec.result.flows, this.dates)));
      }
      if (this.files.events) {
        if (!rec.result.events) throw new Error(`run ${run.run_id} has no event log`);
        this.files.events.write(csv(eventsRows(run, rec.result.events, this.dates)));
        this.files.postures!.write(csv(posturesRows(run, rec.result.events, this.dates)));
      }
      if (this.files.books) {
        if (!rec.result.books) throw new Error(`run ${run.run_id} has no books`);
        this.files.books.write(csv(booksRows(run, rec.result.books, this.dates)));
      }
      this.okCount++;
    } else {
      this.files.failures.write(csv([failureRow(run, rec.error, this.o.swept)]));
      this.failedCount++;
    }
    this.o.onWritten?.(run, rec);
  }

  /**
   * Every run is written: build summary.csv (when asked) from the journal, then close and rename
   * the temp files into place. Returns the final paths.
   */
  finish(): string[] {
    if (this.nextIndex !== this.o.runs.length) throw new Error(`cannot finish: ${this.o.runs.length - this.nextIndex} runs not written`);
    const all = this.all();
    if (this.o.summary) {
      const summary = new CsvTemp(join(this.o.tmpDir, FILES.summary + '.tmp'), join(this.o.dir, FILES.summary), summaryColumns(this.o.swept));
      this.summaryTemp = summary;
      const loadCore = this.o.loadCore ?? this.o.load;
      writeSummaryRows({
        runs: this.o.runs,
        swept: this.o.swept,
        spec: this.o.summary,
        get: (i) => {
          const h = this.okHandles[i];
          if (h === undefined) return null;
          const rec = loadCore(h);
          return rec.kind === 'ok' ? rec.result : null;
        },
        write: (text) => summary.write(text),
      });
      all.splice(2, 0, summary);
    }
    for (const f of all) f.close();
    for (const f of all) renameSync(f.tmp, f.final);
    return all.map((f) => f.final);
  }

  /** Stop without publishing: close and delete the temp files (the journal keeps the results). */
  abandon(): void {
    for (const f of [...this.all(), this.summaryTemp]) {
      if (!f) continue;
      f.close();
      if (existsSync(f.tmp)) rmSync(f.tmp, { force: true });
    }
  }
}
