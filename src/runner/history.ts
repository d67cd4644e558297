/**
 * Set a historical episode's simulated prices beside the published ones (data/validation.csv:
 * one row per published figure, with its source). A `level` row compares prices; a `ratio` row
 * compares the price at `date` over the price at `ref_date` in the same segment (a move, which
 * is what a model started from a calibrated year can be asked to reproduce). The simulated
 * value is the mean over replicates of the week containing the date.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { dateWeek } from '../core/clock.js';
import { UsageError } from './errors.js';
import { PACKAGE_ROOT } from './paths.js';

export const VALIDATION_FILE = join(PACKAGE_ROOT, 'data', 'validation.csv');

export interface ValidationRow {
  episode: string;
  commodity: string;
  segment: string;
  date: string;
  price: number;
  unit: string;
  kind: 'level' | 'ratio';
  ref_date: string;
  source: string;
}

export interface HistoryRow extends ValidationRow {
  week: number;
  model: number | null;
  /** model / published */
  fit: number | null;
}

export function readValidation(file = VALIDATION_FILE): ValidationRow[] {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  return rows.map((r, i) => {
    const kind = r.kind;
    if (kind !== 'level' && kind !== 'ratio') throw new UsageError(`${file}: row ${i + 2}: kind must be level or ratio, got ${JSON.stringify(kind)}`);
    const price = Number(r.price);
    if (!Number.isFinite(price)) throw new UsageError(`${file}: row ${i + 2}: price is not a number: ${JSON.stringify(r.price)}`);
    return { episode: r.episode ?? '', commodity: r.commodity ?? '', segment: r.segment ?? '', date: r.date ?? '', price, unit: r.unit ?? '', kind, ref_date: r.ref_date ?? '', source: r.source ?? '' };
  });
}

/** Mean price over replicates per (scenario, commodity, segment, week) from timeseries.csv. */
function meanPrices(file: string, wanted: Set<string>): Map<string, number> {
  const rows = parse(readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Record<string, string>[];
  const sum = new Map<string, [number, number]>();
  for (const r of rows) {
    const k = `${r.scenario}|${r.commodity}|${r.segment}`;
    if (!wanted.has(k)) continue;
    const key = `${k}|${r.week}`;
    const acc = sum.get(key) ?? [0, 0];
    acc[0] += Number(r.price);
    acc[1] += 1;
    sum.set(key, acc);
  }
  return new Map([...sum].map(([k, [s, n]]) => [k, s / n]));
}

export function compareHistory(dir: string, validation = readValidation()): HistoryRow[] {
  const manifestFile = join(dir, 'manifest.json');
  const ts = join(dir, 'timeseries.csv');
  if (!existsSync(manifestFile)) throw new UsageError(`${dir}: no manifest.json (is it a results folder?)`);
  if (!existsSync(ts)) throw new UsageError(`${dir}: no timeseries.csv: run the episode with outputs.timeseries: true`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as { config: { start_date: string; scenarios: { name: string }[] } };
  const start = manifest.config.start_date;
  const scenarios = new Set(manifest.config.scenarios.map((s) => s.name));
  const rows = validation.filter((v) => scenarios.has(v.episode));
  if (rows.length === 0) throw new UsageError(`${dir}: none of its scenarios (${[...scenarios].join(', ')}) is an episode of ${VALIDATION_FILE}`);
  const means = meanPrices(ts, new Set(rows.map((r) => `${r.episode}|${r.commodity}|${r.segment}`)));
  return rows.map((r) => {
    const week = dateWeek(start, r.date);
    const at = (w: number) => means.get(`${r.episode}|${r.commodity}|${r.segment}|${w}`);
    let model: number | null = at(week) ?? null;
    if (r.kind === 'ratio') {
      const ref = at(dateWeek(start, r.ref_date));
      model = model !== null && ref ? model / ref : null;
    }
    return { ...r, week, model, fit: model !== null && r.price !== 0 ? model / r.price : null };
  });
}

export function historyTable(rows: HistoryRow[]): string {
  const f = (x: number | null, d = 3) => (x === null ? '-' : Number(x.toPrecision(d)).toString());
  const head = ['episode', 'commodity', 'segment', 'date', 'kind', 'published', 'model', 'model/published', 'source'];
  const body = rows.map((r) => [r.episode, r.commodity, r.segment, r.date, r.kind, f(r.price, 4), f(r.model, 4), f(r.fit), r.source]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ');
  return [line(head), ...body.map(line)].join('\n');
}
