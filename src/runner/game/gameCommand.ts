/**
 * `chokepoint game CONFIG [--out DIR] [--threads N] [--replications R] [--seed S] [--force]
 * [--resume] [--validate] [--no-report]`: the retaliation game (runGame.ts, docs/game.md).
 * Exit codes as `run`: 0 ok, 1 a run failed, 2 bad usage or config, 130 interrupted.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../errors.js';
import { defaultThreads } from '../pool.js';
import { duration, ProgressLine } from '../progress.js';
import { resolveRunShard } from '../clusterCommands.js';
import { loadGameConfig, type LoadedGame } from './config.js';
import { expectedPayoffs } from './normalForm.js';
import { describeProfile, planGameRuns, runGame } from './runGame.js';
import { enumerateProfiles, gameShape } from './strategies.js';

export interface GameCommandContext {
  out(s: string): void;
  err(s: string): void;
  setExit(code: number): void;
  stderr: NodeJS.WriteStream | NodeJS.WritableStream;
}

interface GameOpts {
  out?: string;
  threads?: number;
  replications?: number;
  seed?: number;
  force?: boolean;
  resume?: boolean;
  validate?: boolean;
  report?: boolean;
  shard?: string;
  merge?: boolean;
}

export function registerGameCommand(program: Command, ctx: GameCommandContext): void {
  program
    .command('game')
    .description('the retaliation game: simulate every strategy profile under every US posture (common random numbers), solve for Nash equilibria, write payoffs.csv, equilibria.csv, game.nfg (docs/game.md)')
    .argument('<config>', 'game config (YAML), e.g. experiments/retaliation-game.yaml')
    .option('--out <dir>', 'output folder (default: results/<config name>/)')
    .option('--threads <n>', 'worker threads (default: all cores); 0 runs in this thread', intArg('--threads', 0, 1024))
    .option('--replications <r>', "replications per profile (replaces the config's)", intArg('--replications', 1, 100_000))
    .option('--seed <s>', "base seed (replaces the config's)", intArg('--seed', 0, Number.MAX_SAFE_INTEGER))
    .option('--force', "start over in an existing output folder (removes only chokepoint's own files there)")
    .option('--resume', 'continue an interrupted game, or re-solve a finished one with new weights, from its journal (OUT/.game/)')
    .option('--validate', 'check the config and say how many runs it makes; runs nothing')
    .option('--no-report', 'do not draw the figures and report.html at the end')
    .option('--shard <K/N|auto>', 'simulate only runs whose index mod N = K into OUT/shards/K-of-N/ (no solving); then `--merge` (docs/cluster.md)')
    .option('--merge', 'solve from the shards in OUT/shards/ (written by --shard), simulating nothing; refuses missing or foreign shards')
    .action(async (configPath: string, opts: GameOpts) => {
      ctx.setExit(await gameCommand(configPath, opts, ctx));
    });
}

/** What a game config makes, in one line ("name": players x strategies = profiles x ... runs). */
function describeGame(g: LoadedGame['game']): string {
  const shape = gameShape(g);
  const profiles = enumerateProfiles(shape).length;
  const runs = profiles * g.us_postures.length * g.replications;
  return `"${g.name}": ${shape.players.map((p, i) => `${p} (${shape.strategies[i]!.length})`).join(' x ')} = ${profiles} profiles x ${g.us_postures.length} US posture${g.us_postures.length === 1 ? '' : 's'} x ${g.replications} replication${g.replications === 1 ? '' : 's'} = ${runs} runs of ${g.horizon_weeks} weeks (shock in week ${g.shock_week})`;
}

/** `game --validate` and `validate` on a game config: check it, build every profile, say what it makes. */
export function validateGameFile(configPath: string, opts: { replications?: number | undefined; seed?: number | undefined }, err: (s: string) => void): string {
  const loaded = loadGameConfig(configPath, opts);
  for (const w of loaded.warnings) err(`warning: ${w}`);
  planGameRuns(loaded.game); // builds every profile's events
  return `ok: ${configPath}: ${describeGame(loaded.game)}; config hash ${loaded.hash.slice(0, 12)}`;
}

async function gameCommand(configPath: string, opts: GameOpts, ctx: GameCommandContext): Promise<number> {
  if (opts.validate) {
    ctx.out(validateGameFile(configPath, { replications: opts.replications, seed: opts.seed }, ctx.err));
    return 0;
  }
  const loaded = loadGameConfig(configPath, { replications: opts.replications, seed: opts.seed });
  for (const w of loaded.warnings) ctx.err(`warning: ${w}`);
  const g = loaded.game;
  const about = describeGame(g);
  ctx.err(about);
  const threads = opts.threads === 0 ? 0 : opts.threads && opts.threads > 0 ? opts.threads : defaultThreads();
  const outDir = opts.out ?? join('results', g.name);
  const progress = new ProgressLine(process.stderr, (ctx.stderr as NodeJS.WriteStream).isTTY === true);
  const ac = new AbortController();
  const onSignal = (sig: NodeJS.Signals): void => {
    if (ac.signal.aborted) process.exit(130);
    progress.clear();
    ctx.err(`\n${sig}: stopping; finished runs are kept (signal again to quit at once)`);
    ac.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const t0 = Date.now();
  try {
    const shard = resolveRunShard(opts.shard, process.env, (s) => ctx.err(s));
    const r = await runGame({
      loaded,
      outDir,
      threads,
      force: opts.force ?? false,
      resume: opts.resume ?? false,
      ...(shard ? { shard: { index: shard.index, count: shard.count } } : {}),
      merge: opts.merge ?? false,
      signal: ac.signal,
      onProgress: (done, total) => progress.update({ done, total, failed: 0, resumed: 0 }),
      log: (s) => ctx.err(s),
    });
    progress.clear();
    const shown = relative(process.cwd(), r.outDir) || '.';
    if (r.status === 'interrupted') {
      ctx.err(`interrupted after ${r.ok}/${r.total} runs; they are kept in ${shown}/.game/. Continue with:\n  chokepoint game ${configPath} --resume${opts.out ? ` --out ${opts.out}` : ''}`);
      return 130;
    }
    if (r.status === 'failed') {
      for (const f of r.failures.slice(0, 10)) ctx.err(`run ${f.run_id} failed twice: ${f.error}`);
      ctx.err(`${r.failed} run${r.failed === 1 ? '' : 's'} failed: no game can be solved without every profile; retry them with --resume (finished runs are kept in ${shown}/.game/)`);
      return 1;
    }
    const secs = (Date.now() - t0) / 1000;
    if (shard) {
      ctx.out(`shard ${shard.index}/${shard.count} (${shard.source}): ${r.total} runs in ${duration(secs)} into ${shown}/; when every shard is done: chokepoint game ${configPath} --merge${opts.out ? ` --out ${opts.out}` : ''}`);
      return 0;
    }
    ctx.out(`${r.total} runs (${r.total - r.resumed} simulated${r.resumed ? `, ${r.resumed} from the journal` : ''}) in ${duration(secs)} ${r.threads > 0 ? `on ${r.threads} thread${r.threads === 1 ? '' : 's'}` : 'in-process'}\n`);
    for (const p of r.postures) {
      ctx.out(`US posture ${p.posture}: ${p.report.equilibria.length} equilibri${p.report.equilibria.length === 1 ? 'um' : 'a'} (${p.report.methods.join(', ')}${p.report.complete ? ', all' : ''}); epsilon for support_stability ${Array.isArray(p.epsilon) ? p.epsilon.map((e, i) => `${p.game.players[i]} ${fmtMoney(e)}`).join(', ') : fmtMoney(p.epsilon)}`);
      p.report.equilibria.slice(0, 12).forEach((e, k) => {
        const u = expectedPayoffs(p.game, e.strategies);
        ctx.out(`  ${e.id} ${e.kind.padEnd(5)} ${describeProfile(p.game, e.strategies)}  regret ${fmtMoney(e.regret)}  stability ${Number.isFinite(p.stability[k]) ? p.stability[k]!.toFixed(2) : '-'}  china ${fmtMoney(u[0]!)}`);
      });
      if (p.report.equilibria.length > 12) ctx.out(`  ... and ${p.report.equilibria.length - 12} more in equilibria.csv`);
      ctx.out(`  ${p.epsilonEquilibria} pure profile${p.epsilonEquilibria === 1 ? ' is an epsilon-equilibrium' : 's are epsilon-equilibria'} (every player within 2 x its SE of its best reply: epsilon_equilibria.csv)`);
      if (p.stackelberg) {
        const s = p.stackelberg;
        ctx.out(`  Stackelberg (China commits first): ${p.game.strategies[0]![s.commitment]} -> ${describeProfile(p.game, s.outcome, 1)}; ${s.credible ? 'credible (a Nash equilibrium)' : `not credible (China would gain ${fmtMoney(s.leaderRegret)} by switching)`}; ${s.differsFromSimultaneous ? 'differs from' : 'matches'} the simultaneous play`);
      }
    }
    for (const w of r.warnings) ctx.err(`warning: ${w}`);
    ctx.out(`\nfiles in ${shown}/: ${r.files.map((f) => relative(r.outDir, f)).join(', ')}`);
    if (opts.report !== false) {
      try {
        const { writeReport } = await import('../report/writeReport.js');
        const rep = await writeReport(r.outDir);
        ctx.out(`report: ${relative(process.cwd(), rep.html) || rep.html}`);
      } catch (e) {
        ctx.err(`the report could not be drawn (${(e as Error).message}); the CSVs are complete. Try: chokepoint report ${shown}`);
      }
    }
    return 0;
  } finally {
    progress.clear();
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** A game config has a top-level `players` key (YAML `players:` or JSON `"players":`). */
export function isGameConfig(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return false;
  }
  return /^players:/m.test(text) || /^\s*\{[\s\S]*"players"\s*:/.test(text);
}

/**
 * For `chokepoint list`: a game config's line (description, runs, how to run it), or null when
 * the file is not a game config (no top-level `players` key).
 */
export function gameListing(path: string): string | null {
  if (!isGameConfig(path)) return null;
  try {
    const g = loadGameConfig(path).game;
    const runs = enumerateProfiles(gameShape(g)).length * g.us_postures.length * g.replications;
    return `${g.description.trim().split('\n')[0] || '(no description)'}  [game: ${runs} runs; chokepoint game]`;
  } catch (e) {
    return e instanceof ConfigError ? `(invalid game: ${e.issues[0]?.path}: ${e.issues[0]?.message})` : `(unreadable: ${(e as Error).message})`;
  }
}

/** $ with a unit: "12.3bn", "450m", "-2.1bn". */
export function fmtMoney(x: number): string {
  if (!Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  if (a >= 1e9) return `${(x / 1e9).toFixed(a >= 1e11 ? 0 : 2)}bn`;
  if (a >= 1e6) return `${(x / 1e6).toFixed(1)}m`;
  return x.toFixed(0);
}

function intArg(flag: string, min: number, max: number): (v: string) => number {
  return (v: string) => {
    if (!/^\d+$/.test(v.trim())) throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}, got ${JSON.stringify(v)}`);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min || n > max) throw new InvalidArgumentError(`${flag} must be an integer from ${min} to ${max}, got ${v}`);
    return n;
  };
}
