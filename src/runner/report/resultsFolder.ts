/**
 * What a results folder holds, as far as the report is concerned: which of the known files are
 * there, the manifest (when the run finished), and the order scenarios appear in (the config's,
 * so colours and facets follow the order the researcher wrote).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors.js';
import type { Manifest } from '../manifest.js';

/** The files a report can read, by role. Every figure is optional on the ones present. */
export const RESULT_FILES = {
  runs: 'runs.csv',
  actors: 'actors.csv',
  summary: 'summary.csv',
  timeseries: 'timeseries.csv',
  flows: 'flows.csv',
  events: 'events.csv',
  books: 'books.csv',
  failures: 'failures.csv',
  payoffs: 'payoffs.csv',
  equilibria: 'equilibria.csv',
  nfg: 'game.nfg',
  manifest: 'manifest.json',
} as const;

export type ResultFile = keyof typeof RESULT_FILES;

export interface ResultsFolder {
  dir: string;
  /** absolute-or-relative path of each present file (as given: join(dir, name)) */
  files: Partial<Record<ResultFile, string>>;
  manifest: Partial<Manifest> | null;
  /** scenario names in config order (empty when there is no manifest: then data order is used) */
  scenarios: string[];
  swept: string[];
}

export function openResultsFolder(dir: string): ResultsFolder {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) throw new UsageError(`${dir} is not a folder: report needs the output folder of a run (it holds runs.csv)`);
  const files: Partial<Record<ResultFile, string>> = {};
  for (const [role, name] of Object.entries(RESULT_FILES) as [ResultFile, string][]) {
    const p = join(dir, name);
    if (existsSync(p) && statSync(p).isFile()) files[role] = p;
  }
  if (!files.runs && !files.payoffs && !files.timeseries) {
    throw new UsageError(`${dir} holds no results (no runs.csv, timeseries.csv or payoffs.csv)${existsSync(join(dir, '.runs')) ? ': the run was interrupted, finish it with --resume' : ''}`);
  }
  let manifest: Partial<Manifest> | null = null;
  if (files.manifest) {
    try {
      manifest = JSON.parse(readFileSync(files.manifest, 'utf8')) as Partial<Manifest>;
    } catch (e) {
      throw new UsageError(`${files.manifest} is not valid JSON: ${(e as Error).message}`);
    }
  }
  const scenarios = Array.isArray(manifest?.config?.scenarios) ? manifest.config.scenarios.map((s) => String(s.name)) : [];
  const swept = Array.isArray(manifest?.swept_parameters) ? manifest.swept_parameters.map(String) : [];
  return { dir, files, manifest, scenarios, swept };
}

/**
 * An order for the values of a column: the preferred ones first (in their order, those present),
 * then the others in first-seen order.
 */
export function orderOf(seen: Iterable<string>, preferred: readonly string[] = []): string[] {
  const present = new Set(seen);
  const out = preferred.filter((p) => present.has(p));
  const taken = new Set(out);
  for (const s of present) if (!taken.has(s)) out.push(s);
  return out;
}
