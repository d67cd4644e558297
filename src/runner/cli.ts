/**
 * The command line (commander 14): `run`, `validate`, `list`, `replay`.
 * Exit codes (DESIGN.md): 0 ok, 1 a run failed (or an unexpected error), 2 bad usage or bad
 * config (commander's own usage errors included), 130 interrupted (Ctrl-C / SIGTERM; finished
 * runs are kept for --resume).
 *
 * main() returns the exit code instead of exiting, so tests can call it in-process.
 */
import { readdirSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { pino, type Logger } from 'pino';
import { loadConfig, type LoadedConfig } from './config.js';
import { ConfigError, UsageError } from './errors.js';
import { countRuns, expandRuns } from './expand.js';
import { resolveParams } from '../agents/params.js';
import { runExperiment } from './experiment.js';
import { EXPERIMENTS_DIR, packageInfo } from './paths.js';
import { defaultThreads, type ParallelMode } from './pool.js';
import { duration, ProgressLine } from './progress.js';
import { registerModelCommands } from './commands.js';
import { describeShard, registerClusterCommands, resolveRunShard } from './clusterCommands.js';
import { gameListing, isGameConfig, registerGameCommand, validateGameFile } from './game/gameCommand.js';
import { replayRun } from './replay.js';
import { sweepPoints } from './sweep.js';

export const EXIT_OK = 0;
export const EXIT_RUN_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERRUPTED = 130;

/** Test seam: a module exporting simulate(spec) to run instead of src/agents/world.ts. */
export const MODEL_MODULE_ENV = 'CHOKEPOINT_MODEL_MODULE';

export interface CliIO {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

interface RunOpts {
  out?: string;
  threads?: number;
  replications?: number;
  seed?: number;
  force?: boolean;
  resume?: boolean;
  parallel: 'auto' | 'runs' | 'agents' | 'none';
  verbose?: boolean;
  /** false with --no-report */
  report?: boolean;
  /** K/N or auto (clusterCommands.ts, shard.ts) */
  shard?: string;
}

export async function main(argv: readonly string[] = process.argv, io: CliIO = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  let exitCode = EXIT_OK;
  const out = (s: string): void => void io.stdout.write(s.endsWith('\n') ? s : s + '\n');
  const err = (s: string): void => void io.stderr.write(s.endsWith('\n') ? s : s + '\n');

  const program = new Command()
    .name('chokepoint')
    .description('Agent-based simulation of the critical-minerals market: run experiment configs, write CSVs to publish.')
    .version(packageInfo().version)
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => void io.stdout.write(s), writeErr: (s) => void io.stderr.write(s) });

  program
    .command('run')
    .description('run an experiment: scenarios x sweep points x replications on a pool of threads, writing runs.csv, actors.csv, summary.csv, failures.csv, manifest.json (and timeseries.csv, flows.csv, events.csv, books.csv when the config asks)')
    .argument('<config>', 'experiment config (YAML or JSON), see docs/config.md')
    .option('--out <dir>', 'output folder (default: results/<config name>/)')
    .option('--threads <n>', 'worker threads (default: all cores); 0 runs in this thread like --parallel none', intArg('--threads', 0, 1024))
    .option('--replications <r>', "replications per scenario and point (replaces the config's)", intArg('--replications', 1, 100_000))
    .option('--seed <s>', "base seed (replaces the config's)", intArg('--seed', 0, Number.MAX_SAFE_INTEGER))
    .option('--force', 'start over in an existing output folder (removes only chokepoint\'s own files there)')
    .option('--resume', 'continue an interrupted experiment in its output folder, skipping finished runs')
    .addOption(
      new Option('--parallel <mode>', 'runs: one run per task on the pool; agents: each run split over the threads (very large worlds); none: every run in this thread; auto: agents when there are fewer runs than threads and worlds of 1e5+ agents, else runs')
        .choices(['auto', 'runs', 'agents', 'none'])
        .default('auto'),
    )
    .option('-v, --verbose', 'log progress details (pino JSON lines on stderr)')
    .option('--no-report', 'do not draw the figures and report.html at the end')
    .option('--shard <K/N|auto>', 'run only shard K (from 0) of N of the run list (runs whose index mod N = K) into OUT/shards/K-of-N/; merge them with `chokepoint merge OUT`. auto: K and N from a Slurm array task or a Kubernetes Indexed Job (docs/cluster.md)')
    .action(async (configPath: string, opts: RunOpts) => {
      exitCode = await runCommand(configPath, opts, io, out, err);
    });

  program
    .command('validate')
    .description('check an experiment or game config and say how many runs it makes; writes nothing')
    .argument('<config>', 'experiment config (YAML or JSON)')
    .action((configPath: string) => {
      // A game config (it names players) is checked as one, as `game --validate` would.
      if (isGameConfig(configPath)) {
        out(validateGameFile(configPath, {}, err));
        return;
      }
      const loaded = loadConfig(configPath);
      printWarnings(loaded, err);
      const c = loaded.config;
      const points = sweepPoints(c.sweep).length;
      out(
        `ok: ${configPath}: "${c.name}", ${c.scenarios.length} scenario${c.scenarios.length === 1 ? '' : 's'} x ${points} point${points === 1 ? '' : 's'} x ${c.replications} replication${c.replications === 1 ? '' : 's'} = ${countRuns(c)} runs of ${c.horizon_weeks} weeks from ${c.start_date}; config hash ${loaded.hash.slice(0, 12)}`,
      );
    });

  program
    .command('list')
    .description('list the shipped experiment configs (experiments/*.yaml) with their descriptions')
    .action(() => {
      listExperiments(out);
    });

  program
    .command('replay')
    .description("re-run one run of a finished experiment from its manifest and check it reproduces the rows written")
    .argument('<dir>', 'output folder of the experiment (holds manifest.json)')
    .argument('<run_id>', 'the run to replay (column run_id of runs.csv)')
    .action(async (dir: string, runId: string) => {
      const r = await replayRun(dir, runId, modelModule());
      for (const c of r.checks) {
        out(`${c.matched ? 'same' : 'DIFFERENT'}: ${c.rows} rows of ${relative(process.cwd(), c.file) || c.file}`);
        if (c.firstDifference) out(`  written:  ${c.firstDifference[0]}\n  replayed: ${c.firstDifference[1]}`);
      }
      out(r.reproduced ? `run ${runId} reproduces (${(r.ms / 1000).toFixed(1)} s)` : `run ${runId} does NOT reproduce`);
      exitCode = r.reproduced ? EXIT_OK : EXIT_RUN_FAILED;
    });

  // `report DIR`: figures and report.html (src/runner/report/). Imported on use: vega is only
  // loaded by the commands that draw.
  program
    .command('report')
    .description('draw the figures (SVG and PNG) and a self-contained report.html of a results folder')
    .argument('<dir>', 'output folder of a run or game (holds runs.csv, timeseries.csv or payoffs.csv)')
    .option('--out <dir>', 'where to write the report (default: <dir>/report)')
    .option('--validation <file>', 'published prices for the history figure (default: data/validation.csv)')
    .action(async (dir: string, o: { out?: string; validation?: string }) => {
      const { writeReport } = await import('./report/writeReport.js');
      const r = await writeReport(dir, { out: o.out, validationFile: o.validation });
      for (const w of r.warnings) err(`warning: ${w}`);
      out(`${r.figures.length} figure${r.figures.length === 1 ? '' : 's'}: ${r.figures.map((f) => f.name).join(', ') || 'none'}`);
      if (r.skipped.length) out(`not drawn: ${r.skipped.map((s) => `${s.name} (${s.reason})`).join('; ')}`);
      out(`report: ${relative(process.cwd(), r.html) || r.html}`);
    });

  // `bench`: throughput of the kernels against the scalar reference, sweeps on the pool, and
  // allocation per tick (src/runner/bench.ts; tinybench is loaded only here).
  program
    .command('bench')
    .description('benchmarks: the typed-array kernels against the object-per-agent reference at 1e3-1e6 agents, sweeps on 1 and 2 threads, allocation per tick (bench/RESULTS.md)')
    .option('--json', 'one JSON object a line (case, agents, threads, ticks, agent_ticks_per_s, runs_per_s, ...) instead of the table; the machine goes to stderr')
    .option('--quick', 'small sizes only (1e3 and 1e4 agents, short sweeps): a smoke test, not figures to keep')
    .option('--cases <list>', 'comma-separated subset of reference,kernel,sweep,sharded')
    .addOption(new Option('--one <plan>', 'internal: run one planned case (JSON) in this process and print its record').hideHelp())
    .action(async (o: { json?: boolean; quick?: boolean; cases?: string; one?: string }) => {
      const { BENCH_CASES, formatTable, machineInfo, runBench, runCase, targetLines } = await import('./bench.js');
      if (o.one) {
        out(JSON.stringify(await runCase(JSON.parse(o.one) as Parameters<typeof runCase>[0])));
        return;
      }
      const cases = o.cases?.split(',').map((c) => c.trim()).filter((c) => c.length > 0);
      const unknown = cases?.filter((c) => !(BENCH_CASES as readonly string[]).includes(c)) ?? [];
      if (unknown.length) throw new UsageError(`--cases: unknown case ${unknown.join(', ')} (allowed: ${BENCH_CASES.join(', ')})`);
      const machine = machineInfo();
      const about = `machine: ${machine.cpu}, ${machine.cores} cores, ${machine.memory_gib} GiB, node ${machine.node}, ${machine.os}; load average ${machine.load} at start`;
      if (o.json) err(JSON.stringify({ machine }));
      else out(about);
      const records = await runBench({
        quick: o.quick ?? false,
        cases: cases as (typeof BENCH_CASES)[number][] | undefined,
        log: (s) => err(s),
        onRecord: (r) => {
          if (o.json) out(JSON.stringify(r));
        },
      });
      if (!o.json) {
        out('\n' + formatTable(records) + '\n');
        for (const t of targetLines(records)) out(t);
      }
    });

  registerModelCommands(program, { out, err, setExit: (code) => void (exitCode = code) });
  registerClusterCommands(program, { out, err, setExit: (code) => void (exitCode = code) });
  // `game CONFIG`: the retaliation game (src/runner/game/gameCommand.ts, docs/game.md).
  registerGameCommand(program, { out, err, setExit: (code) => void (exitCode = code), stderr: io.stderr });

  try {
    await program.parseAsync([...argv]);
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version') return EXIT_OK;
      return EXIT_USAGE; // commander has printed the problem
    }
    if (e instanceof ConfigError || e instanceof UsageError) {
      err(`error: ${e.message}`);
      return EXIT_USAGE;
    }
    err(`error: ${(e as Error)?.stack ?? String(e)}`);
    return EXIT_RUN_FAILED;
  }
  return exitCode;
}

async function runCommand(configPath: string, opts: RunOpts, io: CliIO, out: (s: string) => void, err: (s: string) => void): Promise<number> {
  if (opts.force && opts.resume) throw new UsageError('--force and --resume exclude each other: --force starts over, --resume continues');
  const loaded = loadConfig(configPath, { replications: opts.replications, seed: opts.seed });
  printWarnings(loaded, err);
  const threads = opts.threads && opts.threads > 0 ? opts.threads : defaultThreads();
  const mode: ParallelMode = opts.parallel === 'none' || opts.threads === 0 ? 'none' : opts.parallel === 'auto' ? autoMode(loaded.config, threads) : opts.parallel;
  const outDir = opts.out ?? join('results', loaded.config.name);
  const shard = resolveRunShard(opts.shard, process.env, err);
  if (shard) err(describeShard(shard, countRuns(loaded.config)));
  const logger: Logger = pino({ level: opts.verbose ? 'debug' : 'warn', base: null }, pino.destination({ fd: 2, sync: true }));
  const progress = new ProgressLine(process.stderr, !opts.verbose && (io.stderr as NodeJS.WriteStream).isTTY === true);

  // Ctrl-C / SIGTERM: stop handing out runs, cut the ones in flight, keep what finished.
  // A second signal exits at once.
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ac.signal.aborted) process.exit(EXIT_INTERRUPTED);
    progress.clear();
    err(`\n${sig}: stopping; finished runs are kept (signal again to quit at once)`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const t0 = Date.now();
  try {
    const r = await runExperiment({
      loaded,
      outDir,
      mode,
      threads,
      force: opts.force ?? false,
      resume: opts.resume ?? false,
      modelModule: modelModule(),
      signal: ac.signal,
      logger,
      onProgress: (p) => progress.update(p),
      shard,
    });
    progress.clear();
    const shown = relative(process.cwd(), r.outDir) || '.';
    if (r.status === 'up-to-date') {
      out(`${shown}/ already holds the finished results of this config (${r.ok} runs); nothing to do`);
      return EXIT_OK;
    }
    if (r.status === 'interrupted') {
      err(`interrupted after ${r.ok + r.failed}/${r.total} runs; they are kept in ${shown}/${shard ? 'journal.bin' : '.runs/'}. Continue with:\n  chokepoint run ${configPath}${shard ? ` --shard ${shard.index}/${shard.count}` : ''} --resume${opts.out ? ` --out ${opts.out}` : ''}`);
      return EXIT_INTERRUPTED;
    }
    const secs = (Date.now() - t0) / 1000;
    const where = r.threads > 0 ? `on ${r.threads} thread${r.threads === 1 ? '' : 's'}` : 'in-process';
    out(`${r.total} runs (${r.ok} ok${r.failed ? `, ${r.failed} failed` : ''}${r.resumed ? `, ${r.resumed} from an earlier session` : ''}) in ${duration(secs)} ${where}\n`);
    out(r.headline.format() + '\n');
    out('(means over runs; peak = peak_price_ratio, short = shortage_share)');
    out(`files in ${shown}/: ${r.files.map((f) => relative(r.outDir, f)).join(', ')}`);
    if (shard) {
      out(`shard ${shard.index}/${shard.count} done; when all ${shard.count} are: chokepoint merge ${relative(process.cwd(), outDir) || '.'}`);
    } else if (opts.report !== false && r.ok > 0) {
      // Figures and report.html (vega loads only here). A report that cannot be drawn does not
      // lose the run: the CSVs are already in place.
      try {
        const { writeReport } = await import('./report/writeReport.js');
        const rep = await writeReport(r.outDir);
        out(`report: ${relative(process.cwd(), rep.html) || rep.html}`);
      } catch (e) {
        err(`the report could not be drawn (${(e as Error).message}); the CSVs are complete. Try: chokepoint report ${shown}`);
      }
    }
    if (r.failed > 0) {
      err(`${r.failed} run${r.failed === 1 ? '' : 's'} failed twice: see ${shown}/failures.csv (retry them with --resume${shard ? ` --shard ${shard.index}/${shard.count}` : ''})`);
      return EXIT_RUN_FAILED;
    }
    return EXIT_OK;
  } finally {
    progress.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * --parallel auto: split runs over threads (agents) only when there are fewer runs than threads
 * and every world is large (population.scale >= 18: ~1e5 agents); results are the same bytes in
 * every mode, so this only decides speed (bench/RESULTS.md, "sharded", has the crossover).
 */
export function autoMode(config: LoadedConfig['config'], threads: number): ParallelMode {
  if (threads < 2 || countRuns(config) >= threads) return 'runs';
  const runs = expandRuns(config);
  return runs.every((r) => (resolveParams(r.overrides)['population.scale'] ?? 1) >= AGENTS_MODE_MIN_SCALE) ? 'agents' : 'runs';
}
const AGENTS_MODE_MIN_SCALE = 18;

function modelModule(): string | undefined {
  const p = process.env[MODEL_MODULE_ENV];
  return p ? pathToFileURL(resolvePath(p)).href : undefined;
}

function printWarnings(loaded: LoadedConfig, err: (s: string) => void): void {
  for (const w of loaded.warnings) err(`warning: ${w}`);
}

function listExperiments(out: (s: string) => void): void {
  let files: string[];
  try {
    files = readdirSync(EXPERIMENTS_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  } catch {
    files = [];
  }
  if (files.length === 0) {
    out(`no experiments in ${EXPERIMENTS_DIR}`);
    return;
  }
  const width = Math.max(...files.map((f) => f.length));
  for (const f of files) {
    const path = join(EXPERIMENTS_DIR, f);
    let text: string;
    const game = gameListing(path); // game configs (top-level players) have their own schema
    if (game !== null) {
      out(`experiments/${f.padEnd(width)}  ${game}`);
      continue;
    }
    try {
      const c = loadConfig(path).config;
      const d = c.description.trim().split('\n')[0] ?? '';
      text = `${d || '(no description)'}  [${countRuns(c)} runs]`;
    } catch (e) {
      text = e instanceof ConfigError ? `(invalid: ${e.issues[0]?.path}: ${e.issues[0]?.message})` : `(unreadable: ${(e as Error).message})`;
    }
    out(`experiments/${f.padEnd(width)}  ${text}`);
  }
}

function intArg(flag: string, min: number, max: number): (v: string) => number {
  return (v: string) => {
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}, got ${v}`);
    return n;
  };
}
