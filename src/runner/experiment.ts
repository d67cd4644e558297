/**
 * Running an experiment: the output folder (fresh, --force, --resume), the journal, the pool, the
 * ordered CSV writer and the manifest, put together.
 *
 * Folder layout while running:  DIR/.runs/plan.json   config hash, run count, sessions
 *                                DIR/.runs/journal.bin every finished run (journal.ts)
 *                                DIR/.runs/*.csv.tmp   CSVs being written, in run-list order
 *                                DIR/.runs/lock        pid of the process writing DIR
 * and when every run is done:    DIR/summary.csv is built from the journal (.runs/summary.csv.tmp),
 *                                then runs.csv, actors.csv, summary.csv, [timeseries.csv,
 *                                flows.csv, events.csv, books.csv], failures.csv are renamed into
 *                                place, then DIR/manifest.json; .runs/ is removed when no run
 *                                failed (kept otherwise, so --resume can retry the failures).
 * A stop (Ctrl-C, a crash) leaves the journal: `--resume` replays it into fresh temp CSVs and runs
 * only what is missing, so the final bytes are those of an uninterrupted run.
 *
 * A shard (`--shard K/N`, shard.ts) is the same in DIR/shards/K-of-N/ over its slice of the run
 * list, except that its journal is DIR/shards/K-of-N/journal.bin and stays (merge.ts reads it),
 * and that it writes runs.csv, actors.csv and failures.csv only.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join, resolve as resolvePath } from 'node:path';
import type { Logger } from 'pino';
import type { LoadedConfig } from './config.js';
import { UsageError } from './errors.js';
import { expandRuns, type PlannedRun } from './expand.js';
import { Headline } from './headline.js';
import { Journal, type JournalEntry, type JournalRecord } from './journal.js';
import { gitInfo, SCHEMA_VERSION, seedsOf, toolInfo, writeJsonAtomic, type Manifest, type SessionTiming } from './manifest.js';
import { FILES, OrderedWriter } from './outputs.js';
import { createExecutor, runTasks, type ParallelMode } from './pool.js';
import { schedulerInfo, SHARD_JOURNAL, SHARD_SLICING, shardDirName, shardRuns, SHARDS_DIR, type ShardSpec } from './shard.js';
import { sweptPaths } from './sweep.js';
import { DEFAULT_MODEL_MODULE, loadSimulate, type RunTask } from './task.js';
import { acquireLock, checkLock } from './lock.js';

export const STATE_DIR = '.runs';
const PLAN = 'plan.json';
const JOURNAL = 'journal.bin';

export interface ExperimentOptions {
  loaded: LoadedConfig;
  outDir: string;
  mode: ParallelMode;
  threads: number;
  force?: boolean;
  resume?: boolean;
  /** file URL of the module exporting simulate (default src/agents/world.ts) */
  modelModule?: string;
  signal?: AbortSignal;
  logger?: Logger;
  onProgress?: (p: Progress) => void;
  /**
   * Run only shard K of N (shard.ts) into outDir/shards/K-of-N/: its runs.csv, actors.csv and
   * failures.csv, its journal (journal.bin, kept for `merge`) and a manifest.json with a `shard`
   * section; no summary.csv and no per-week files (merge builds them from the journals).
   */
  shard?: ShardSpec | null;
}

export interface Progress {
  /** runs finished (ok or failed), including those taken from the journal */
  done: number;
  total: number;
  failed: number;
  /** runs taken from the journal of an earlier session */
  resumed: number;
}

export interface ExperimentOutcome {
  status: 'complete' | 'failed' | 'interrupted' | 'up-to-date';
  total: number;
  ok: number;
  failed: number;
  resumed: number;
  outDir: string;
  files: string[];
  headline: Headline;
  threads: number;
}

interface Plan {
  schema_version: number;
  config_hash: string;
  run_count: number;
  sessions: SessionTiming[];
  /** set in a shard's folder */
  shard?: ShardSpec;
}

/** Our files in an output folder: what --force removes (nothing else is touched). */
const OWN_FILES: readonly string[] = Object.values(FILES);

export async function runExperiment(opts: ExperimentOptions): Promise<ExperimentOutcome> {
  const { config, hash } = opts.loaded;
  const log = opts.logger;
  const shard = opts.shard ?? null;
  const outDir = resolvePath(shard ? join(opts.outDir, SHARDS_DIR, shardDirName(shard)) : opts.outDir);
  const allRuns = expandRuns(config);
  const runs = shard ? shardRuns(allRuns, shard) : allRuns;
  /** run index (in the whole run list) -> position in `runs` (the writer's order) */
  const position = new Map<number, number>(runs.map((r, i) => [r.index, i]));
  const headline = new Headline(config.scenarios.map((s) => s.name));
  const modelModule = opts.modelModule ?? DEFAULT_MODEL_MODULE;
  const startedAt = new Date();

  // Fail before touching the folder if the model cannot be loaded at all.
  await loadSimulate(modelModule);

  const prep = prepareDir(outDir, hash, runs.length, opts);
  const journalPath = shard ? join(outDir, SHARD_JOURNAL) : join(stateDirOf(outDir), JOURNAL);
  if (prep.kind === 'up-to-date') {
    return { status: 'up-to-date', total: runs.length, ok: prep.ok, failed: 0, resumed: runs.length, outDir, files: [], headline, threads: 0 };
  }
  const stateDir = stateDirOf(outDir);
  const lock = acquireLock(stateDir);
  let journal: Journal | null = null;
  let writer: OrderedWriter<JournalEntry> | null = null;
  const exec = createExecutor({
    mode: opts.mode,
    threads: Math.min(opts.threads, Math.max(1, runs.length)),
    onPoolError: (e) => log?.error({ error: e.message }, 'worker pool error'),
  });
  try {
    let entries: JournalEntry[] = [];
    let runMs = 0;
    if (prep.kind === 'fresh') {
      journal = Journal.create(journalPath);
    } else {
      const opened = Journal.open(journalPath);
      journal = opened.journal;
      entries = opened.entries;
      if (opened.droppedBytes > 0) log?.warn({ bytes: opened.droppedBytes }, 'dropped a record cut off at the end of the journal');
    }
    const j = journal;
    writer = new OrderedWriter<JournalEntry>({
      dir: outDir,
      tmpDir: stateDir,
      runs,
      swept: sweptPaths(config.sweep),
      startDate: config.start_date,
      horizonWeeks: config.horizon_weeks,
      // a shard writes the small files only; its journal keeps the rest for `merge`
      timeseries: !shard && config.outputs.timeseries,
      flows: !shard && config.outputs.flows,
      events: !shard && config.outputs.events,
      books: !shard && config.outputs.books,
      summary: shard ? null : { reference: config.reference_scenario, ci: config.outputs.ci, resamples: config.outputs.bootstrap_resamples, seed: config.seed },
      load: shard ? (e) => j.readCore(e) : (e) => j.read(e),
      loadCore: (e) => j.readCore(e),
      onWritten: (run: PlannedRun, rec: JournalRecord) => {
        headline.add(run, rec);
        if (rec.kind === 'ok') runMs += rec.result.ms;
      },
    });
    const w = writer;

    // Replay what earlier sessions finished (ok runs only: failed ones are tried again).
    const have = new Map<number, JournalEntry>();
    for (const e of entries) {
      if (!position.has(e.index)) {
        throw new UsageError(`${outDir}: the journal holds run ${e.index} but the ${shard ? 'shard' : 'config'} has no such run (${shard ? `${runs.length} runs of ${allRuns.length}` : `${runs.length} runs`}); use --force to start over`);
      }
      if (e.kind === 'ok' && !have.has(e.index)) have.set(e.index, e);
    }
    for (const idx of [...have.keys()].sort((a, b) => a - b)) w.done(position.get(idx)!, have.get(idx)!);
    const resumed = have.size;
    if (resumed > 0) log?.info({ resumed }, 'resuming: runs already in the journal');

    const tasks: RunTask[] = runs
      .filter((r) => !have.has(r.index))
      .map((r) => ({
        index: r.index,
        run_id: r.run_id,
        seed: r.seed,
        overrides: r.overrides,
        events: r.events,
        horizonWeeks: config.horizon_weeks,
        startDate: config.start_date,
        costWindowYears: config.outputs.cost_window_years,
        timeseries: config.outputs.timeseries,
        keep: { flows: config.outputs.flows, events: config.outputs.events, books: config.outputs.books },
        modelModule,
      }));

    let done = resumed;
    let failed = 0;
    const progress = (): void => opts.onProgress?.({ done, total: runs.length, failed, resumed });
    progress();
    log?.info({ runs: runs.length, todo: tasks.length, threads: exec.threads, mode: exec.mode, out: outDir }, 'experiment started');

    const { aborted } = await runTasks(tasks, exec, {
      signal: opts.signal,
      onRetry: (task, error) => log?.warn({ run_id: task.run_id, error }, 'run failed; retrying once'),
      onOutcome: (o) => {
        const rec: JournalRecord =
          o.kind === 'ok'
            ? { kind: 'ok', index: o.task.index, run_id: o.task.run_id, result: o.result }
            : { kind: 'failed', index: o.task.index, run_id: o.task.run_id, error: o.error, attempts: o.attempts };
        const entry = j.append(rec);
        w.done(position.get(o.task.index)!, entry);
        done++;
        if (o.kind === 'failed') {
          failed++;
          log?.error({ run_id: o.task.run_id, error: o.error }, 'run failed twice; recorded in failures.csv');
        } else {
          log?.debug({ run_id: o.task.run_id, ms: Math.round(o.result.ms), agents: o.result.agents }, 'run done');
        }
        progress();
      },
    });

    const finishedAt = new Date();
    const session: SessionTiming = {
      started_at: startedAt.toISOString(),
      finished_at: finishedAt.toISOString(),
      wall_seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000,
      runs: done - resumed,
      threads: exec.threads,
      parallel: exec.mode,
      interrupted: aborted,
    };
    const plan = readPlan(stateDir);
    plan.sessions.push(session);

    if (aborted) {
      w.abandon();
      writePlan(stateDir, plan);
      log?.warn({ done, total: runs.length }, 'interrupted; finished runs are kept in the journal');
      return { status: 'interrupted', total: runs.length, ok: done - failed, failed, resumed, outDir, files: [], headline, threads: exec.threads };
    }

    const files = w.finish();
    // the journal is complete on disk before the manifest says so (another machine may read it
    // from shared storage as soon as the manifest appears)
    j.close();
    journal = null;
    if (shard) files.push(journalPath);

    const git = gitInfo();
    const manifest: Manifest = {
      schema_version: SCHEMA_VERSION,
      tool: toolInfo(),
      git,
      node_version: process.version,
      platform: `${process.platform}-${process.arch}`,
      config_file: opts.loaded.file,
      config_hash: hash,
      config,
      seeds: seedsOf(config),
      swept_parameters: sweptPaths(config.sweep),
      runs: { total: runs.length, ok: w.okCount, failed: w.failedCount },
      status: w.failedCount > 0 ? 'failed' : 'complete',
      threads: exec.threads,
      parallel: exec.mode,
      model_module: modelModule === DEFAULT_MODEL_MODULE ? null : modelModule,
      files: files.map((f) => f.slice(outDir.length + 1)).concat(FILES.manifest),
      warnings: opts.loaded.warnings,
      timings: {
        started_at: plan.sessions[0]?.started_at ?? session.started_at,
        finished_at: session.finished_at,
        wall_seconds: plan.sessions.reduce((a, s) => a + s.wall_seconds, 0),
        run_seconds: runMs / 1000,
        runs_per_second: session.wall_seconds > 0 ? (done - resumed) / session.wall_seconds : 0,
        sessions: plan.sessions,
      },
    };
    if (shard) {
      manifest.shard = {
        index: shard.index,
        count: shard.count,
        slicing: SHARD_SLICING,
        experiment_runs: allRuns.length,
        run_ids: runs.map((r) => r.run_id),
        journal: SHARD_JOURNAL,
        host: hostname(),
        scheduler: schedulerInfo(),
      };
    }
    writeJsonAtomic(join(outDir, FILES.manifest), manifest);
    if (w.failedCount === 0) {
      rmSync(stateDir, { recursive: true, force: true });
    } else {
      writePlan(stateDir, plan);
    }
    log?.info({ ok: w.okCount, failed: w.failedCount, out: outDir }, 'experiment finished');
    return {
      status: w.failedCount > 0 ? 'failed' : 'complete',
      total: runs.length,
      ok: w.okCount,
      failed: w.failedCount,
      resumed,
      outDir,
      files: [...files, join(outDir, FILES.manifest)],
      headline,
      threads: exec.threads,
    };
  } catch (e) {
    writer?.abandon();
    throw e;
  } finally {
    journal?.close();
    await exec.close();
    lock.release();
  }
}

type Prepared = { kind: 'fresh' } | { kind: 'resume' } | { kind: 'up-to-date'; ok: number };

/**
 * Decide what to do with the output folder, before anything is written:
 *   missing or empty                      -> fresh
 *   --force                               -> remove our files (OWN_FILES, .runs), fresh
 *   --resume with .runs/plan.json         -> resume if the config hash matches, else refuse
 *   --resume, complete manifest, same hash -> up to date, nothing to do
 *   anything else non-empty               -> refuse (exit 2)
 */
function prepareDir(outDir: string, hash: string, runCount: number, opts: ExperimentOptions): Prepared {
  if (opts.force && opts.resume) throw new UsageError('--force and --resume exclude each other: --force starts over, --resume continues');
  const stateDir = join(outDir, STATE_DIR);
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`${outDir} exists and is not a folder`);
  const empty = !existsSync(outDir) || readdirSync(outDir).length === 0;

  const fresh = (): Prepared => {
    for (const f of OWN_FILES) rmSync(join(outDir, f), { force: true });
    if (opts.shard) rmSync(join(outDir, SHARD_JOURNAL), { force: true });
    rmSync(join(outDir, 'report'), { recursive: true, force: true }); // the report of the old results
    rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });
    writePlan(stateDir, { schema_version: SCHEMA_VERSION, config_hash: hash, run_count: runCount, sessions: [], ...(opts.shard ? { shard: { index: opts.shard.index, count: opts.shard.count } } : {}) });
    return { kind: 'fresh' };
  };

  if (empty) return fresh();
  if (opts.force) {
    checkLock(stateDir);
    return fresh();
  }
  if (opts.resume) {
    if (existsSync(join(stateDir, PLAN))) {
      checkLock(stateDir);
      const plan = readPlan(stateDir);
      if (plan.config_hash !== hash || plan.run_count !== runCount) {
        throw new UsageError(
          `${outDir} holds an experiment with another config (hash ${plan.config_hash.slice(0, 12)}, ${plan.run_count} runs; this one is ${hash.slice(0, 12)}, ${runCount} runs). ` +
            'Resume with the same config and --replications/--seed, or use --force to start over, or another --out.',
        );
      }
      // outputs of an earlier, completed-with-failures session are rebuilt from the journal
      for (const f of OWN_FILES) rmSync(join(outDir, f), { force: true });
    rmSync(join(outDir, 'report'), { recursive: true, force: true }); // the report of the old results
      return { kind: 'resume' };
    }
    const manifestPath = join(outDir, FILES.manifest);
    if (existsSync(manifestPath)) {
      const m = JSON.parse(readFileSync(manifestPath, 'utf8')) as Partial<Manifest>;
      const sameShard = (m.shard?.index ?? null) === (opts.shard?.index ?? null) && (m.shard?.count ?? null) === (opts.shard?.count ?? null);
      if (m.config_hash === hash && m.status === 'complete' && sameShard) return { kind: 'up-to-date', ok: m.runs?.ok ?? runCount };
      throw new UsageError(`${outDir} holds finished results of another config (hash ${String(m.config_hash).slice(0, 12)}); use --force to start over, or another --out`);
    }
    throw new UsageError(`${outDir} is not empty and holds no experiment to resume (no ${STATE_DIR}/${PLAN}); use --force to start over, or another --out`);
  }
  throw new UsageError(`${outDir} exists and is not empty; use --force to start over, --resume to continue an interrupted run, or --out DIR for another folder`);
}

function stateDirOf(outDir: string): string {
  return join(outDir, STATE_DIR);
}

function readPlan(stateDir: string): Plan {
  try {
    return JSON.parse(readFileSync(join(stateDir, PLAN), 'utf8')) as Plan;
  } catch (e) {
    throw new UsageError(`cannot read ${join(stateDir, PLAN)}: ${(e as Error).message}; use --force to start over`);
  }
}

function writePlan(stateDir: string, plan: Plan): void {
  writeJsonAtomic(join(stateDir, PLAN), plan);
}

/** Refuse when another live process holds the folder. */
