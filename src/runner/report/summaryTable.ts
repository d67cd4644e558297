/**
 * The report's table of statistics with confidence intervals. From summary.csv when the run
 * wrote one (its mean, ci_low, ci_high and the paired difference against the reference
 * scenario, diff_mean [diff_ci_low, diff_ci_high]), pivoted to a row per scenario x point x
 * (commodity x segment | actor) and a column per metric. Without summary.csv it is computed
 * from runs.csv: mean and 95% t interval over the runs per scenario x commodity x segment for the
 * headline metrics (sweep points pooled, which the note says).
 */
import { tInterval } from '../stats.js';
import { cellNumber, readCsvFile } from './csv.js';

/** runs.csv metrics of the computed table */
export const FALLBACK_METRICS = ['peak_price_ratio', 'realized_vol', 'weeks_above_2x', 'shortage_share'] as const;
/** rows drawn in the page at most (per table); the CSV has them all */
export const MAX_TABLE_ROWS = 2000;

export interface StatCell {
  mean: number;
  lo: number;
  hi: number;
  n: number;
  diff?: { mean: number; lo: number; hi: number } | undefined;
}

export interface StatTable {
  title: string;
  /** what the numbers are, where they come from */
  note: string;
  keyColumns: string[];
  metrics: string[];
  rows: { keys: string[]; cells: Map<string, StatCell> }[];
  /** rows left out of the page (beyond MAX_TABLE_ROWS) */
  omitted: number;
}

/** A table for a summary.csv in the layout of src/runner/summary.ts, or null for another layout. */
export function summaryTablesFromSummaryCsv(path: string, reference: string | null): StatTable[] | null {
  const { header, rows } = readCsvFile(path);
  const need = ['scenario', 'metric', 'mean', 'ci_low', 'ci_high'];
  if (need.some((c) => header.index(c) < 0)) return null;
  const stats = new Set(['metric', 'mean', 'sd', 'ci_low', 'ci_high', 'n', 'ci_method', 'diff_mean', 'diff_ci_low', 'diff_ci_high', 'diff_n', 'kind']);
  // key columns: everything before the statistics that is not empty in every row
  const keyCols = header.columns.filter((c) => !stats.has(c) && rows.some((r) => (r[header.index(c)] ?? '') !== ''));
  const iKind = header.index('kind');
  const at = (r: string[], c: string): string => r[header.index(c)] ?? '';
  const method = new Set(rows.map((r) => at(r, 'ci_method')).filter((m) => m !== ''));
  const hasDiff = header.index('diff_mean') >= 0 && rows.some((r) => at(r, 'diff_mean') !== '');
  const byKind = new Map<string, string[][]>();
  for (const r of rows) {
    const k = iKind >= 0 ? (r[iKind] ?? '') : '';
    let list = byKind.get(k);
    if (!list) byKind.set(k, (list = []));
    list.push(r);
  }
  const tables: StatTable[] = [];
  for (const [kind, kindRows] of byKind) {
    const cols = keyCols.filter((c) => kindRows.some((r) => at(r, c) !== ''));
    const metrics: string[] = [];
    const seen = new Set<string>();
    const index = new Map<string, { keys: string[]; cells: Map<string, StatCell> }>();
    for (const r of kindRows) {
      const metric = at(r, 'metric');
      if (!seen.has(metric)) {
        seen.add(metric);
        metrics.push(metric);
      }
      const keys = cols.map((c) => at(r, c));
      const id = keys.join('\u0000');
      let row = index.get(id);
      if (!row) index.set(id, (row = { keys, cells: new Map() }));
      const diff = hasDiff && at(r, 'diff_mean') !== '' ? { mean: cellNumber(at(r, 'diff_mean')), lo: cellNumber(at(r, 'diff_ci_low')), hi: cellNumber(at(r, 'diff_ci_high')) } : undefined;
      row.cells.set(metric, { mean: cellNumber(at(r, 'mean')), lo: cellNumber(at(r, 'ci_low')), hi: cellNumber(at(r, 'ci_high')), n: cellNumber(at(r, 'n')), diff });
    }
    const all = [...index.values()];
    const what = kind === 'market' ? 'Markets' : kind === 'actor' ? 'Actor groups' : kind ? kind : 'Summary';
    tables.push({
      title: `${what} (summary.csv)`,
      note: `mean over runs [95% interval${method.size ? `, ${[...method].join('/')}` : ''}]${hasDiff ? `; second line: paired difference against ${reference ?? 'the reference scenario'} [95% interval]` : ''}`,
      keyColumns: cols,
      metrics,
      rows: all.slice(0, MAX_TABLE_ROWS),
      omitted: Math.max(0, all.length - MAX_TABLE_ROWS),
    });
  }
  return tables;
}

/** The computed table from runs.csv (no summary.csv). */
export function summaryTableFromRuns(path: string, pooledPoints: boolean): StatTable | null {
  const { header, rows } = readCsvFile(path);
  const iS = header.index('scenario');
  const iC = header.index('commodity');
  const iG = header.index('segment');
  const metrics = FALLBACK_METRICS.filter((m) => header.index(m) >= 0);
  if (iS < 0 || iC < 0 || iG < 0 || metrics.length === 0) return null;
  const groups = new Map<string, { keys: string[]; values: number[][] }>();
  for (const r of rows) {
    const keys = [r[iS] ?? '', r[iC] ?? '', r[iG] ?? ''];
    const id = keys.join('\u0000');
    let g = groups.get(id);
    if (!g) groups.set(id, (g = { keys, values: metrics.map(() => []) }));
    metrics.forEach((m, j) => g.values[j]!.push(cellNumber(r[header.index(m)])));
  }
  const all = [...groups.values()].map((g) => ({
    keys: g.keys,
    cells: new Map(
      metrics.map((m, j) => {
        const s = tInterval(g.values[j]!.filter(Number.isFinite));
        return [m, { mean: s.mean, lo: s.low, hi: s.high, n: s.n }] as const;
      }),
    ),
  }));
  return {
    title: 'Markets (computed from runs.csv)',
    note: `mean over runs [95% t interval: mean +- t(0.975, n-1) sd / sqrt(n)]; summary.csv is absent${pooledPoints ? '; sweep points are pooled within a scenario' : ''}`,
    keyColumns: ['scenario', 'commodity', 'segment'],
    metrics: [...metrics],
    rows: all.slice(0, MAX_TABLE_ROWS),
    omitted: Math.max(0, all.length - MAX_TABLE_ROWS),
  };
}
