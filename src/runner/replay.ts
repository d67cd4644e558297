/**
 * `replay DIR RUN_ID`: re-run one run of a finished experiment from its manifest, in this thread,
 * and check that it gives the rows that experiment wrote (byte for byte): runs.csv, actors.csv
 * and, when the experiment wrote it, events.csv. The manifest's resolved
 * config goes through validation again (resolving is idempotent, so its hash must match).
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { validateConfigObject } from './config.js';
import { UsageError } from './errors.js';
import { expandRuns } from './expand.js';
import type { Manifest } from './manifest.js';
import { actorsRows, eventsRows, posturesRows, FILES, runsRows, weekDates } from './outputs.js';
import { sweptPaths } from './sweep.js';
import { DEFAULT_MODEL_MODULE, executeRun, loadSimulate } from './task.js';

export interface ReplayCheck {
  file: string;
  rows: number;
  matched: boolean;
  /** first differing line: [written, replayed] */
  firstDifference: [string, string] | null;
}

export interface ReplayOutcome {
  run_id: string;
  reproduced: boolean;
  checks: ReplayCheck[];
  ms: number;
}

export async function replayRun(dir: string, runId: string, modelModule: string = DEFAULT_MODEL_MODULE): Promise<ReplayOutcome> {
  const manifestPath = join(dir, FILES.manifest);
  if (!existsSync(manifestPath)) throw new UsageError(`${manifestPath} not found: replay needs the folder of a finished experiment`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Manifest;
  const loaded = validateConfigObject(manifest.config, manifestPath);
  if (loaded.hash !== manifest.config_hash) {
    throw new UsageError(`${manifestPath}: the config's hash is ${loaded.hash.slice(0, 12)}, the manifest says ${String(manifest.config_hash).slice(0, 12)}: the manifest was edited or comes from another version`);
  }
  const config = loaded.config;
  const run = expandRuns(config).find((r) => r.run_id === runId);
  if (!run) throw new UsageError(`no run ${JSON.stringify(runId)} in ${dir} (run ids are in runs.csv, column run_id)`);
  const simulate = await loadSimulate(modelModule);
  const result = executeRun(
    {
      index: run.index,
      run_id: run.run_id,
      seed: run.seed,
      overrides: run.overrides,
      events: run.events,
      horizonWeeks: config.horizon_weeks,
      startDate: config.start_date,
      costWindowYears: config.outputs.cost_window_years,
      timeseries: false,
      keep: { events: config.outputs.events },
      modelModule,
    },
    simulate,
  );
  const swept = sweptPaths(config.sweep);
  const checks = [
    compare(join(dir, FILES.runs), runId, runsRows(run, result, swept)),
    compare(join(dir, FILES.actors), runId, actorsRows(run, result, swept)),
  ];
  if (config.outputs.events && result.events) {
    const dates = weekDates(config.start_date, config.horizon_weeks);
    checks.push(compare(join(dir, FILES.events), runId, eventsRows(run, result.events, dates)));
    // older outputs may predate postures.csv: check it only when it is there
    if (existsSync(join(dir, FILES.postures))) checks.push(compare(join(dir, FILES.postures), runId, posturesRows(run, result.events, dates)));
  }
  return { run_id: runId, reproduced: checks.every((c) => c.matched), checks, ms: result.ms };
}

function compare(file: string, runId: string, rows: string[][]): ReplayCheck {
  const expected = stringify(rows, { record_delimiter: 'unix' }).split('\n').slice(0, -1);
  const written = existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((l) => l.startsWith(runId + ',')) : [];
  let firstDifference: [string, string] | null = null;
  for (let i = 0; i < Math.max(expected.length, written.length); i++) {
    if (expected[i] !== written[i]) {
      firstDifference = [written[i] ?? '(no row)', expected[i] ?? '(no row)'];
      break;
    }
  }
  return { file, rows: expected.length, matched: firstDifference === null, firstDifference };
}
