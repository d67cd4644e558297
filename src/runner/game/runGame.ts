/**
 * `chokepoint game CONFIG`: simulate every profile of the game under every US posture with
 * common random numbers, turn the runs into payoffs, solve each posture's game, and write
 * payoffs.csv, payoff_components.csv, equilibria.csv, game.nfg (+ game-<posture>.nfg),
 * stackelberg.csv, sweep.csv and manifest.json (docs/game.md, docs/outputs.md).
 *
 * Runs: posture x profile x replicate, replicate k of every profile and posture with the seed
 * deriveSeed(seed, k) (common random numbers: profile differences are paired). They go through a
 * worker pool; each finished run is appended to DIR/.game/journal.jsonl (a line of NPVs), so
 * `--resume` after a stop runs only what is missing, and a re-run with other weights (omega,
 * access values, WTO cost: anything but the simulation) re-solves from the journal in seconds.
 * The journal stays after the game is written; `--force` clears it.
 *
 * Determinism: the outputs depend on the config alone (runs are put back in run-list order
 * before anything is summed), never on thread count or timing.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { UsageError } from '../errors.js';
import { replicateSeed } from '../expand.js';
import { formatExact, formatMetric } from '../format.js';
import { gitInfo, SCHEMA_VERSION, toolInfo, writeJsonAtomic } from '../manifest.js';
import { inShard, parseShardDirName, SHARD_SLICING, shardDirName, SHARDS_DIR, type ShardSpec } from '../shard.js';
import { meanGame, supportStability } from './bootstrap.js';
import { allyBooks, type LoadedGame, type ResolvedGame } from './config.js';
import { streamNames, type GameRunResult, type GameTask } from './gameRun.js';
import { createGameExecutor, runGameTasks } from './gamePool.js';
import { formatCsvNumber } from './nash.js';
import { writeNfg } from './nfg.js';
import { createGame, expectedPayoffs, profileStrides, type MixedProfile, type NormalFormGame } from './normalForm.js';
import { median, meanSe, payoffComponents, payoffOf, type Weights } from './payoffs.js';
import { seededRand } from './random.js';
import { analyseGame, EQUILIBRIA_COLUMNS, type Equilibrium, type SolveReport } from './solve.js';
import { stackelberg, type StackelbergResult } from './stackelberg.js';
import { enumerateProfiles, gameShape, profileAlignments, profileEvents, type GameShape, type Profile } from './strategies.js';
import { acquireLock, checkLock } from '../lock.js';

export const GAME_STATE_DIR = '.game';
const PLAN = 'plan.json';
const JOURNAL = 'journal.jsonl';

export const GAME_FILES = {
  payoffs: 'payoffs.csv',
  components: 'payoff_components.csv',
  equilibria: 'equilibria.csv',
  nfg: 'game.nfg',
  stackelberg: 'stackelberg.csv',
  sweep: 'sweep.csv',
  epsilon: 'epsilon_equilibria.csv',
  manifest: 'manifest.json',
} as const;

export const PAYOFFS_COLUMNS = ['posture', 'profile', 'player', 'mean', 'se', 'n'] as const;
export const COMPONENTS_COLUMNS = ['posture', 'profile', 'player', 'component', 'part', 'mean', 'se', 'n'] as const;
export const GAME_EQUILIBRIA_COLUMNS = ['posture', ...EQUILIBRIA_COLUMNS] as const;
export const STACKELBERG_COLUMNS = ['posture', 'china_strategy', 'response', 'response_pure', 'china_payoff', 'commitment', 'credible', 'differs_from_simultaneous', 'value_of_commitment'] as const;
export const EPSILON_COLUMNS = ['posture', 'profile', 'regret_over_epsilon'] as const;
export const SWEEP_COLUMNS = ['posture', 'omega', 'access_value', 'equilibrium', 'kind', 'description', 'regret', 'china_payoff'] as const;

export interface GameOptions {
  loaded: LoadedGame;
  outDir: string;
  /** worker threads; 0 runs in this thread */
  threads: number;
  force?: boolean;
  resume?: boolean;
  signal?: AbortSignal;
  onProgress?: (done: number, total: number) => void;
  /** messages for the user (stderr) */
  log?: (s: string) => void;
  /** run only this slice of the run list into OUT/shards/K-of-N/ (no solving: `--merge` solves) */
  shard?: ShardSpec;
  /** solve from the journals of OUT/shards/K-of-N/ (written by --shard), running nothing */
  merge?: boolean;
}

export interface PostureResult {
  posture: string;
  game: NormalFormGame;
  report: SolveReport;
  stability: number[];
  /** $: one for every player (solver.epsilon), or per player (2 x its median SE) */
  epsilon: number | number[];
  /** pure profiles whose every player's regret is within its epsilon (the payoffs cannot rule them out) */
  epsilonEquilibria: number;
  stackelberg: StackelbergResult | null;
}

export interface GameOutcome {
  status: 'complete' | 'failed' | 'interrupted';
  outDir: string;
  total: number;
  ok: number;
  failed: number;
  resumed: number;
  files: string[];
  postures: PostureResult[];
  shape: GameShape;
  /** failures: run id and error */
  failures: { run_id: string; error: string }[];
  /** problems with the payoffs (implausible values) */
  warnings: string[];
  threads: number;
}

interface PlannedGameRun {
  index: number;
  posture: number;
  profile: Profile;
  replicate: number;
  task: GameTask;
}

/** The run list: posture, then profile (Gambit order), then replicate. Pure. */
export function planGameRuns(g: ResolvedGame): PlannedGameRun[] {
  const shape = gameShape(g);
  const profiles = enumerateProfiles(shape);
  const allies = shape.players.slice(1).map((p) => ({ player: p, ...allyBooks(p) }));
  const out: PlannedGameRun[] = [];
  g.us_postures.forEach((post, pi) => {
    for (const prof of profiles) {
      const events = profileEvents(g, pi, prof);
      const overrides = Object.freeze({ ...g.overrides, ...post.overrides });
      for (let r = 0; r < g.replications; r++) {
        const index = out.length;
        out.push({
          index,
          posture: pi,
          profile: prof,
          replicate: r,
          task: {
            index,
            run_id: `${post.name}-p${prof.index}-r${r}`,
            seed: replicateSeed(g.seed, r),
            overrides,
            events,
            horizonWeeks: g.horizon_weeks,
            startDate: g.start_date,
            shockWeek: g.shock_week,
            discount: { rate: g.payoffs.discount_rate, terminal: g.payoffs.terminal },
            allies,
            cnGroup: 'cn_manufacturing',
          },
        });
      }
    }
  });
  return out;
}

export async function runGame(opts: GameOptions): Promise<GameOutcome> {
  const { game: g } = opts.loaded;
  const root = resolvePath(opts.outDir);
  if (opts.shard && opts.merge) throw new UsageError('--shard and --merge exclude each other: run the shards, then merge them');
  // A shard works in its own folder, like `run --shard` (docs/cluster.md).
  const outDir = opts.shard ? join(root, SHARDS_DIR, shardDirName(opts.shard)) : root;
  const shape = gameShape(g);
  const runs = planGameRuns(g);
  const stateDir = join(outDir, GAME_STATE_DIR);
  // Merging starts the folder's own files over but keeps shards/.
  const shardResults = opts.merge ? readGameShards(root, opts.loaded, runs) : null;
  prepareDir(outDir, opts.loaded, runs.length, opts.merge ? { ...opts, force: true, resume: false } : opts);
  const lock = acquireLock(stateDir);
  const startedAt = new Date();
  const journalPath = join(stateDir, JOURNAL);
  const results: (GameRunResult | null)[] = new Array(runs.length).fill(null);
  let resumed = 0;
  for (const rec of readJournal(journalPath)) {
    if (rec.index < runs.length && runs[rec.index]!.task.run_id === rec.run_id && results[rec.index] === null) {
      results[rec.index] = rec;
      resumed++;
    }
  }
  if (shardResults) {
    for (const rec of shardResults) if (results[rec.index] === null) results[rec.index] = rec;
    resumed = results.filter((x) => x !== null).length;
  }
  const todo = runs.filter((r) => results[r.index] === null && (!opts.shard || inShard(r.index, opts.shard))).map((r) => r.task);
  const failures: { run_id: string; error: string }[] = [];
  let exec: ReturnType<typeof createGameExecutor>;
  try {
    // no pool (and no worker start-up) when the journal holds every run
    exec = createGameExecutor(todo.length === 0 ? 0 : Math.min(opts.threads, todo.length), (e) => opts.log?.(`worker pool error: ${e.message}`));
  } catch (e) {
    lock.release();
    throw e;
  }
  let done = resumed;
  let runMs = 0;
  let aborted = false;
  try {
    opts.onProgress?.(done, runs.length);
    const r = await runGameTasks(
      todo,
      exec,
      (o) => {
        done++;
        if (o.kind === 'ok') {
          results[o.task.index] = o.result;
          runMs += o.result.ms;
          appendFileSync(journalPath, JSON.stringify({ index: o.result.index, run_id: o.result.run_id, npv: o.result.npv, ms: 0 }) + '\n');
        } else {
          failures.push({ run_id: o.task.run_id, error: o.error });
        }
        opts.onProgress?.(done, runs.length);
      },
      opts.signal,
    );
    aborted = r.aborted;
  } catch (e) {
    lock.release();
    throw e;
  } finally {
    await exec.close();
  }
  const ok = results.filter((x) => x !== null).length;
  const base = { outDir, total: runs.length, ok, failed: failures.length, resumed, shape, failures, threads: exec.threads };
  if (aborted || failures.length > 0) {
    lock.release();
    return { ...base, status: aborted ? 'interrupted' : 'failed', files: [], postures: [], warnings: [] };
  }
  if (opts.shard) {
    // A shard's work ends with its journal; the shard's manifest says what it holds.
    const mine = runs.filter((r) => inShard(r.index, opts.shard!)).length;
    writeJsonAtomic(join(outDir, GAME_FILES.manifest), {
      schema_version: SCHEMA_VERSION,
      kind: 'game-shard',
      tool: toolInfo(),
      config_file: opts.loaded.file,
      simulation_hash: opts.loaded.simHash,
      shard: { index: opts.shard.index, count: opts.shard.count, slicing: SHARD_SLICING, runs: mine },
    });
    lock.release();
    return { ...base, total: mine, ok: mine, status: 'complete', files: [join(outDir, GAME_FILES.manifest)], postures: [], warnings: [] };
  }
  try {
    const t1 = Date.now();
    const written = writeGameOutputs(outDir, opts.loaded, runs, results as GameRunResult[]);
    const solveSeconds = (Date.now() - t1) / 1000;
    const finishedAt = new Date();
    const plan = readPlan(stateDir);
    const session = { started_at: startedAt.toISOString(), finished_at: finishedAt.toISOString(), wall_seconds: (finishedAt.getTime() - startedAt.getTime()) / 1000, runs: done - resumed, threads: exec.threads };
    plan.sessions.push(session);
    writeJsonAtomic(join(stateDir, PLAN), plan);
    const manifest = {
      schema_version: SCHEMA_VERSION,
      kind: 'game',
      tool: toolInfo(),
      git: gitInfo(),
      node_version: process.version,
      platform: `${process.platform}-${process.arch}`,
      config_file: opts.loaded.file,
      config_hash: opts.loaded.hash,
      simulation_hash: opts.loaded.simHash,
      config: g,
      seeds: Array.from({ length: g.replications }, (_, r) => ({ replicate: r, seed: replicateSeed(g.seed, r) })),
      runs: { total: runs.length, ok, failed: 0, from_journal: resumed },
      status: 'complete',
      threads: exec.threads,
      game: {
        players: shape.players,
        strategies: shape.strategies,
        profiles: written.profiles,
        postures: written.postures.map((p) => ({
          name: p.posture,
          epsilon: p.epsilon,
          methods: p.report.methods,
          complete: p.report.complete,
          degenerate: p.report.degenerate,
          notes: p.report.notes,
          equilibria: p.report.equilibria.length,
          epsilon_equilibria: p.epsilonEquilibria,
          nfg: nfgName(g, p.posture),
        })),
      },
      files: [...written.files.map((f) => f.slice(outDir.length + 1)), GAME_FILES.manifest],
      warnings: [...opts.loaded.warnings, ...written.warnings],
      timings: {
        started_at: plan.sessions[0]?.started_at ?? session.started_at,
        finished_at: session.finished_at,
        wall_seconds: plan.sessions.reduce((a, s) => a + s.wall_seconds, 0),
        run_seconds: runMs / 1000,
        solve_seconds: solveSeconds,
        sessions: plan.sessions,
      },
    };
    writeJsonAtomic(join(outDir, GAME_FILES.manifest), manifest);
    return { ...base, status: 'complete', files: [...written.files, join(outDir, GAME_FILES.manifest)], postures: written.postures, warnings: written.warnings };
  } finally {
    lock.release();
  }
}

export function nfgName(g: ResolvedGame, posture: string): string {
  return `game-${posture}.nfg`;
}

// ---------------------------------------------------------------------------------------------
// From runs to files

interface Written {
  files: string[];
  postures: PostureResult[];
  profiles: number;
  /** payoffs that look like a model blow-up */
  warnings: string[];
}

export function writeGameOutputs(outDir: string, loaded: LoadedGame, runs: readonly PlannedGameRun[], results: readonly GameRunResult[]): Written {
  const g = loaded.game;
  const shape = gameShape(g);
  const n = shape.players.length;
  const allies = shape.players.slice(1);
  const profiles = enumerateProfiles(shape);
  const R = g.replications;
  const P = profiles.length;
  const weights: Weights = { omega: g.payoffs.omega, access: allies.map((a) => g.payoffs.access_value[a] ?? 0) };
  const payRows: string[][] = [];
  const compRows: string[][] = [];
  const eqRows: string[][] = [];
  const stRows: string[][] = [];
  const sweepRows: string[][] = [];
  const epsRows: string[][] = [];
  const postures: PostureResult[] = [];
  const files: string[] = [];
  const warnings: string[] = [];
  const check = streamNames(shape.players.slice(1).map((p) => ({ player: p, ...allyBooks(p) })));

  g.us_postures.forEach((post, pi) => {
    // samples[r][profile * n + player]; base = payoffs without the weight terms (for the sweep)
    const samples = Array.from({ length: R }, () => new Float64Array(P * n));
    const baseSamples = Array.from({ length: R }, () => new Float64Array(P * n));
    const K = new Float64Array(R);
    for (const prof of profiles) {
      const al = profileAlignments(shape, prof.strategies);
      const comps: Map<string, number[]>[] = Array.from({ length: n }, () => new Map());
      const parts = new Map<string, 'term' | 'detail'>();
      for (let r = 0; r < R; r++) {
        const run = runs[(pi * P + prof.index) * R + r]!;
        const res = results[run.index]!;
        for (const k of check) if (!(k in res.npv)) throw new Error(`run ${res.run_id}: stream ${k} missing (journal from another version? use --force)`);
        K[r] = res.npv.years!;
        const cs = payoffComponents(res.npv, allies, al, g.payoffs, weights);
        const zero = payoffComponents(res.npv, allies, al, g.payoffs, { omega: 0, access: allies.map(() => 0) });
        cs.forEach((list, i) => {
          samples[r]![prof.index * n + i] = payoffOf(list);
          baseSamples[r]![prof.index * n + i] = payoffOf(zero[i]!);
          for (const c of list) {
            const key = `${i}\u0000${c.name}`;
            parts.set(key, c.part);
            const m = comps[i]!;
            if (!m.has(c.name)) m.set(c.name, []);
            m.get(c.name)!.push(c.value);
          }
        });
      }
      shape.players.forEach((player, i) => {
        const s = meanSe(samples.map((x) => x[prof.index * n + i]!));
        payRows.push([post.name, prof.id, player, formatMetric(s.mean), formatMetric(s.se), String(s.n)]);
        for (const [name, xs] of comps[i]!) {
          const c = meanSe(xs);
          compRows.push([post.name, prof.id, player, name, parts.get(`${i}\u0000${name}`)!, formatMetric(c.mean), formatMetric(c.se), String(c.n)]);
        }
      });
    }

    const odd = implausible(shape, profiles, samples);
    if (odd.length > 0) {
      warnings.push(
        `US posture ${post.name}: ${odd.length} payoff${odd.length === 1 ? '' : 's'} (${[...new Set(odd.map((o) => o.player))].join(', ')}) exceed ${IMPLAUSIBLE}x the player's median, e.g. ${odd[0]!.profile} (${odd[0]!.player}: ${odd[0]!.value.toPrecision(3)} $): a blow-up in the model, not an economic outcome (docs/game.md, "When payoffs are implausible"); this posture's equilibria are not to be trusted`,
      );
    }
    const spec = { players: shape.players, strategies: shape.strategies, title: `${g.name}: ${post.name}`, comment: gameComment(g, post.name) };
    const template = createGame(spec);
    const game = meanGame(template, samples);
    const solveOpts = { rand: seededRand(g.seed, 100 + pi), replicator: { starts: g.solver.replicator_starts, iterations: g.solver.replicator_iterations } };
    const report = analyseGame(game, solveOpts);
    const noise = playerNoise(samples, n, P);
    const stab = stabilityOf(template, samples, report.equilibria, noise, g.solver.epsilon, g.solver.bootstrap_resamples, seededRand(g.seed, 200 + pi));
    const stability = stab.values;
    const epsilon = stab.epsilon;
    for (const row of equilibriumRecords(game, report.equilibria, stability)) eqRows.push([post.name, ...row]);
    const epsVec = Array.isArray(epsilon) ? epsilon : shape.players.map(() => epsilon);
    const near = epsilonEquilibria(game, profiles, epsVec);
    for (const e of near) epsRows.push([post.name, e.profile, formatCsvNumber(e.ratio)]);

    const nfgText = writeNfg(game);
    const nfgPath = join(outDir, nfgName(g, post.name));
    writeAtomic(nfgPath, nfgText);
    files.push(nfgPath);
    if (pi === 0) {
      writeAtomic(join(outDir, GAME_FILES.nfg), nfgText);
      files.push(join(outDir, GAME_FILES.nfg));
    }

    let st: StackelbergResult | null = null;
    if (g.stackelberg) {
      st = stackelberg(game, { leader: 0, simultaneous: report.equilibria.map((e) => e.strategies), solve: solveOpts });
      for (const r of st.responses) {
        stRows.push([
          post.name,
          shape.strategies[0]![r.leaderStrategy]!,
          r.profile ? describeProfile(game, r.profile, 1) : '',
          String(r.pure),
          formatMetric(r.payoffs[0]),
          String(r.leaderStrategy === st.commitment),
          r.leaderStrategy === st.commitment ? String(st.credible) : '',
          r.leaderStrategy === st.commitment ? String(st.differsFromSimultaneous) : '',
          r.leaderStrategy === st.commitment ? formatMetric(st.valueOfCommitment) : '',
        ]);
      }
    }

    if (g.sweep) {
      const access = g.sweep.access_value.length > 0 ? g.sweep.access_value : [null];
      for (const omega of g.sweep.omega) {
        for (const a of access) {
          const w: Weights = { omega, access: allies.map((p) => (a === null ? (g.payoffs.access_value[p] ?? 0) : a)) };
          const swept = reweighted(shape, profiles, baseSamples, K, w);
          const sg = meanGame(template, swept);
          const rep = analyseGame(sg, { rand: seededRand(g.seed, 300 + pi), replicator: { starts: Math.min(8, g.solver.replicator_starts), iterations: g.solver.replicator_iterations } });
          for (const e of rep.equilibria) {
            sweepRows.push([post.name, formatExact(omega), a === null ? 'config' : formatExact(a), String(e.id), e.kind, describeProfile(sg, e.strategies, 0), formatCsvNumber(e.regret), formatMetric(expectedPayoffs(sg, e.strategies)[0])]);
          }
          if (rep.equilibria.length === 0) sweepRows.push([post.name, formatExact(omega), a === null ? 'config' : formatExact(a), '', '', 'none found', '', '']);
          if (g.stackelberg) {
            // omega moves no simultaneous equilibrium (it depends on the allies' strategies only),
            // but it moves what China would commit to: the Stackelberg row shows it
            const sk = stackelberg(sg, { leader: 0, simultaneous: rep.equilibria.map((e) => e.strategies), solve: { rand: seededRand(g.seed, 400 + pi), replicator: { starts: Math.min(8, g.solver.replicator_starts), iterations: g.solver.replicator_iterations } } });
            sweepRows.push([post.name, formatExact(omega), a === null ? 'config' : formatExact(a), '', 'stackelberg', describeProfile(sg, sk.outcome, 0), formatCsvNumber(sk.leaderRegret), formatMetric(sk.leaderPayoff)]);
          }
        }
      }
    }
    postures.push({ posture: post.name, game, report, stability, epsilon, stackelberg: st, epsilonEquilibria: near.length });
  });

  const csv = (name: string, cols: readonly string[], rows: string[][]): void => {
    const p = join(outDir, name);
    writeAtomic(p, stringify([[...cols], ...rows], { record_delimiter: 'unix' }));
    files.push(p);
  };
  csv(GAME_FILES.payoffs, PAYOFFS_COLUMNS, payRows);
  csv(GAME_FILES.components, COMPONENTS_COLUMNS, compRows);
  csv(GAME_FILES.equilibria, GAME_EQUILIBRIA_COLUMNS, eqRows);
  csv(GAME_FILES.epsilon, EPSILON_COLUMNS, epsRows);
  if (g.stackelberg) csv(GAME_FILES.stackelberg, STACKELBERG_COLUMNS, stRows);
  if (g.sweep) csv(GAME_FILES.sweep, SWEEP_COLUMNS, sweepRows);
  return { files: files.sort(), postures, profiles: P, warnings };
}

/**
 * Pure profiles that are epsilon-equilibria of the mean game: every player's regret (its best
 * deviation's gain) at most its epsilon. `ratio` = the largest regret_i / epsilon_i (<= 1).
 * O(profiles x players x strategies).
 */
export function epsilonEquilibria(game: NormalFormGame, profiles: readonly Profile[], epsilon: readonly number[]): { profile: string; ratio: number }[] {
  const n = game.players.length;
  const strides = profileStrides(game);
  const out: { profile: string; ratio: number }[] = [];
  if (!epsilon.every((e) => Number.isFinite(e) && e > 0)) return out;
  for (const q of profiles) {
    let ratio = 0;
    for (let i = 0; i < n && ratio <= 1; i++) {
      const own = game.payoffs[q.index * n + i]!;
      let best = own;
      const base = q.index - q.strategies[i]! * strides[i]!;
      for (let s = 0; s < game.strategies[i]!.length; s++) best = Math.max(best, game.payoffs[(base + s * strides[i]!) * n + i]!);
      ratio = Math.max(ratio, (best - own) / epsilon[i]!);
    }
    if (ratio <= 1) out.push({ profile: q.id, ratio });
  }
  return out;
}

/** A payoff more than this many times its player's median |payoff| is flagged. */
export const IMPLAUSIBLE = 100;

/** Profiles whose mean payoff for some player is non-finite or beyond IMPLAUSIBLE x that player's median |payoff|. */
export function implausible(shape: GameShape, profiles: readonly Profile[], samples: readonly Float64Array[]): { profile: string; player: string; value: number }[] {
  const n = shape.players.length;
  const out: { profile: string; player: string; value: number }[] = [];
  for (let i = 0; i < n; i++) {
    const means = profiles.map((q) => samples.reduce((a, s) => a + s[q.index * n + i]!, 0) / samples.length);
    const m = median(means.map(Math.abs));
    means.forEach((v, k) => {
      if (!Number.isFinite(v) || (m > 0 && Math.abs(v) > IMPLAUSIBLE * m)) out.push({ profile: profiles[k]!.id, player: shape.players[i]!, value: v });
    });
  }
  return out;
}

/** Each player's median standard error of its payoff over the profiles (NaN with one replication). */
export function playerNoise(samples: readonly Float64Array[], n: number, profiles: number): number[] {
  return Array.from({ length: n }, (_, i) => {
    const ses: number[] = [];
    for (let q = 0; q < profiles; q++) ses.push(meanSe(samples.map((s) => s[q * n + i]!)).se);
    return median(ses);
  });
}

/**
 * support_stability (bootstrap.ts) with epsilon = 2 x each player's median payoff SE: players'
 * payoffs differ in scale and noise by orders of magnitude (China's NPV carries its whole
 * downstream industry), so each player's payoffs are divided by its own median SE before
 * resampling (equilibria do not change under a positive rescaling of a player's payoffs) and the
 * threshold is 2 in those units. A configured solver.epsilon ($) applies to every player as is.
 * Returns '' values (NaN) with one replication: nothing to resample.
 */
export function stabilityOf(template: NormalFormGame, samples: readonly Float64Array[], eqs: readonly Equilibrium[], noise: readonly number[], epsilon: number | null, resamples: number, rand: () => number): { values: number[]; epsilon: number | number[] } {
  const n = template.players.length;
  if (samples.length < 2) return { values: eqs.map(() => NaN), epsilon: epsilon ?? noise.map(() => NaN) };
  const profiles = eqs.map((e) => e.strategies);
  if (epsilon !== null) return { values: supportStability(template, samples, profiles, { resamples, rand, epsilon }), epsilon };
  // a player whose payoff never varies (SE 0) keeps its units: any regret of its counts
  const scale = noise.map((x) => (Number.isFinite(x) && x > 0 ? x : 1));
  const scaled = samples.map((s) => s.map((v, k) => v / scale[k % n]!));
  return { values: supportStability(template, scaled, profiles, { resamples, rand, epsilon: 2 }), epsilon: scale.map((x) => 2 * x) };
}

/** Samples with the weight terms of `w` on top of the base payoffs. */
function reweighted(shape: GameShape, profiles: readonly Profile[], base: readonly Float64Array[], K: Float64Array, w: Weights): Float64Array[] {
  const n = shape.players.length;
  return base.map((b, r) => {
    const out = Float64Array.from(b);
    for (const prof of profiles) {
      const al = profileAlignments(shape, prof.strategies);
      out[prof.index * n]! += w.omega * al.reduce((a, x) => a + (1 - x), 0) * K[r]!;
      al.forEach((x, i) => (out[prof.index * n + i + 1]! += (w.access[i] ?? 0) * x * K[r]!));
    }
    return out;
  });
}

/** equilibria.csv records (without the posture), numbers formatted like `chokepoint nash`. */
function equilibriumRecords(game: NormalFormGame, eqs: readonly Equilibrium[], stability: readonly number[]): string[][] {
  const rows: string[][] = [];
  eqs.forEach((eq, k) => {
    eq.strategies.forEach((sigma, i) => {
      sigma.forEach((p, s) => {
        if (!(p > 0)) return;
        rows.push([String(eq.id), eq.kind, game.players[i]!, game.strategies[i]![s]!, formatCsvNumber(p), formatCsvNumber(eq.regret), formatCsvNumber(stability[k]!)]);
      });
    });
  });
  return rows;
}

/** "china:targeted jp:align kr:{align 0.6, accommodate 0.4}" (players from `from`). */
export function describeProfile(game: NormalFormGame, profile: MixedProfile, from = 0): string {
  const parts: string[] = [];
  for (let i = from; i < game.players.length; i++) {
    const sigma = profile[i]!;
    const support = sigma.map((p, s) => [p, s] as const).filter(([p]) => p > 1e-9);
    const name = (s: number): string => game.strategies[i]![s]!;
    if (support.length === 1) parts.push(`${game.players[i]}:${name(support[0]![1])}`);
    else parts.push(`${game.players[i]}:{${support.map(([p, s]) => `${name(s)} ${Number(p.toPrecision(3))}`).join(', ')}}`);
  }
  return parts.join(' ');
}

function gameComment(g: ResolvedGame, posture: string): string {
  const alloc = g.payoffs;
  return `chokepoint game ${g.name}, US posture ${posture}: payoffs are NPVs in US$ at the shock week (week ${g.shock_week}) over ${g.horizon_weeks - g.shock_week} weeks, discount rate ${alloc.discount_rate}, terminal value ${alloc.terminal.rule}; means over ${g.replications} replications with common random numbers (docs/game.md)`;
}

function writeAtomic(path: string, text: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path); // atomic on one file system: a reader never sees half a file
}

// ---------------------------------------------------------------------------------------------
// The output folder and the journal

interface Plan {
  schema_version: number;
  simulation_hash: string;
  run_count: number;
  sessions: { started_at: string; finished_at: string; wall_seconds: number; runs: number; threads: number }[];
}

function ownFile(name: string): boolean {
  return (Object.values(GAME_FILES) as string[]).includes(name) || /^game-.*\.nfg$/.test(name);
}

/**
 * The output folder before anything runs:
 *   missing or empty -> fresh; --force -> remove our files (and .game, report/), fresh;
 *   --resume -> continue from .game/journal.jsonl when the simulation hash matches, else refuse;
 *   anything else non-empty -> refuse (exit 2).
 */
function prepareDir(outDir: string, loaded: LoadedGame, runCount: number, opts: GameOptions): void {
  if (opts.force && opts.resume) throw new UsageError('--force and --resume exclude each other: --force starts over, --resume continues');
  if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new UsageError(`${outDir} exists and is not a folder`);
  const stateDir = join(outDir, GAME_STATE_DIR);
  const empty = !existsSync(outDir) || readdirSync(outDir).length === 0;
  const fresh = (): void => {
    if (existsSync(outDir)) for (const f of readdirSync(outDir)) if (ownFile(f)) rmSync(join(outDir, f), { force: true });
    rmSync(join(outDir, 'report'), { recursive: true, force: true });
    rmSync(stateDir, { recursive: true, force: true });
    mkdirSync(stateDir, { recursive: true });
    writeJsonAtomic(join(stateDir, PLAN), { schema_version: SCHEMA_VERSION, simulation_hash: loaded.simHash, run_count: runCount, sessions: [] } satisfies Plan);
  };
  if (empty) return fresh();
  if (opts.force) {
    checkLock(stateDir);
    return fresh();
  }
  if (opts.resume) {
    if (!existsSync(join(stateDir, PLAN))) throw new UsageError(`${outDir} holds no game to resume (no ${GAME_STATE_DIR}/${PLAN}); use --force to start over, or another --out`);
    checkLock(stateDir);
    const plan = readPlan(stateDir);
    if (plan.simulation_hash !== loaded.simHash || plan.run_count !== runCount) {
      throw new UsageError(
        `${outDir} holds the runs of another game (simulation hash ${plan.simulation_hash.slice(0, 12)}, ${plan.run_count} runs; this one is ${loaded.simHash.slice(0, 12)}, ${runCount} runs). ` +
          'Only the weights, the solver and the sweep may change on --resume; use --force to start over, or another --out.',
      );
    }
    for (const f of readdirSync(outDir)) if (ownFile(f)) rmSync(join(outDir, f), { force: true });
    rmSync(join(outDir, 'report'), { recursive: true, force: true });
    return;
  }
  throw new UsageError(`${outDir} exists and is not empty; use --force to start over, --resume to continue (or to re-solve with new weights), or --out DIR for another folder`);
}

function readPlan(stateDir: string): Plan {
  try {
    return JSON.parse(readFileSync(join(stateDir, PLAN), 'utf8')) as Plan;
  } catch (e) {
    throw new UsageError(`cannot read ${join(stateDir, PLAN)}: ${(e as Error).message}; use --force to start over`);
  }
}

/** The journal's records; a line cut off by a crash (the last one) is dropped. */
function readJournal(path: string): GameRunResult[] {
  if (!existsSync(path)) return [];
  const out: GameRunResult[] = [];
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    try {
      const r = JSON.parse(line) as GameRunResult;
      if (typeof r.index === 'number' && typeof r.run_id === 'string' && r.npv && typeof r.npv === 'object') out.push(r);
    } catch {
      /* a torn last line */
    }
  }
  return out;
}


/**
 * The journals of a sharded game (OUT/shards/K-of-N/.game/journal.jsonl, written by
 * `game --shard K/N`). Refuses (exit 2), naming the shard, when shards come from another game
 * (simulation hash), mix splits, or leave runs missing.
 */
function readGameShards(root: string, loaded: LoadedGame, runs: readonly PlannedGameRun[]): GameRunResult[] {
  const dir = join(root, SHARDS_DIR);
  if (!existsSync(dir)) throw new UsageError(`${dir} not found: no game shards to merge. Run them first: chokepoint game CONFIG --shard K/N --out ${root}`);
  const found = readdirSync(dir).map((name) => ({ name, spec: parseShardDirName(name) })).filter((f) => f.spec !== null) as { name: string; spec: ShardSpec }[];
  if (found.length === 0) throw new UsageError(`${dir} holds no K-of-N shard folders`);
  const counts = [...new Set(found.map((f) => f.spec.count))];
  if (counts.length > 1) throw new UsageError(`${dir} mixes shards of different splits: ${found.map((f) => f.name).join(', ')}`);
  const N = counts[0]!;
  const problems: string[] = [];
  const out: GameRunResult[] = [];
  for (const f of found) {
    const plan = join(dir, f.name, GAME_STATE_DIR, PLAN);
    if (!existsSync(plan)) {
      problems.push(`shards/${f.name} holds no game (no ${GAME_STATE_DIR}/${PLAN})`);
      continue;
    }
    const p = JSON.parse(readFileSync(plan, 'utf8')) as Plan;
    if (p.simulation_hash !== loaded.simHash) {
      problems.push(`shards/${f.name} comes from another game (simulation hash ${p.simulation_hash.slice(0, 12)}, this one ${loaded.simHash.slice(0, 12)}): re-run it with --shard ${f.spec.index}/${N} --force`);
      continue;
    }
    for (const rec of readJournal(join(dir, f.name, GAME_STATE_DIR, JOURNAL))) {
      if (rec.index < runs.length && runs[rec.index]!.task.run_id === rec.run_id && inShard(rec.index, f.spec)) out.push(rec);
    }
  }
  const have = new Set(out.map((r) => r.index));
  for (let k = 0; k < N; k++) {
    const missing = runs.filter((r) => inShard(r.index, { index: k, count: N }) && !have.has(r.index)).length;
    if (missing > 0) problems.push(`shards/${k}-of-${N} ${found.some((f) => f.spec.index === k) ? `is missing ${missing} run${missing === 1 ? '' : 's'}: finish it with --shard ${k}/${N} --resume` : `is missing: run it with --shard ${k}/${N}`}`);
  }
  if (problems.length > 0) throw new UsageError(`cannot merge the game in ${root}:\n  - ${problems.join('\n  - ')}`);
  return out;
}
