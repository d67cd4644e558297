/**
 * Shards: deterministic slices of an experiment's run list, to spread one experiment over the
 * machines of a cluster (a Slurm job array, a Kubernetes Indexed Job) and merge the pieces
 * into the files one machine would have written (merge.ts).
 *
 * Slicing is round-robin by run index: shard K of N (K from 0) holds the runs whose index i in
 * run-list order (scenario, point, replicate) has i mod N = K. So every shard gets a mix of
 * scenarios, points and replicates (runs of similar cost are spread evenly, whatever the order
 * of the config), a shard's runs never depend on the machine, and the union of the N shards is
 * the run list, each run exactly once.
 *
 * Where a shard goes: OUT/shards/K-of-N/ (SHARDS_DIR, shardDirName). `--shard auto` reads K and N
 * from the scheduler's environment (shardFromEnv).
 */
import type { PlannedRun } from './expand.js';
import { UsageError } from './errors.js';

export interface ShardSpec {
  /** K, from 0 */
  index: number;
  /** N */
  count: number;
}

/** The folder under an experiment's output folder that holds the shards. */
export const SHARDS_DIR = 'shards';
/** The shard's journal (kept after it finishes: merge reads it). */
export const SHARD_JOURNAL = 'journal.bin';
/** How the run list is sliced (recorded in the manifests). */
export const SHARD_SLICING = 'round-robin by run index: shard K of N holds the runs with index mod N = K';

/** Env var set by the scripts `chokepoint slurm` writes (and to set in a Kubernetes Job): N. */
export const SHARDS_ENV = 'CHOKEPOINT_SHARDS';

const MAX_SHARDS = 1_000_000;

export function shardDirName(s: ShardSpec): string {
  return `${s.index}-of-${s.count}`;
}

/** `K-of-N` -> the spec; null for any other name. */
export function parseShardDirName(name: string): ShardSpec | null {
  const m = /^(\d+)-of-(\d+)$/.exec(name);
  if (!m) return null;
  const index = Number(m[1]);
  const count = Number(m[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || count < 1 || index >= count) return null;
  return { index, count };
}

/** Is run `index` in shard s? */
export function inShard(index: number, s: ShardSpec): boolean {
  return index % s.count === s.index;
}

/** The runs of shard s, in run-list order. */
export function shardRuns<T extends Pick<PlannedRun, 'index'>>(runs: readonly T[], s: ShardSpec): T[] {
  return runs.filter((r) => inShard(r.index, s));
}

/** Number of runs of shard s out of a run list of `total`. */
export function shardSize(total: number, s: ShardSpec): number {
  return s.index < total ? Math.floor((total - 1 - s.index) / s.count) + 1 : 0;
}

/**
 * `--shard` -> the spec. `K/N` as written (0 <= K < N); `auto` from the environment
 * (shardFromEnv). Throws UsageError (exit 2) on anything else.
 */
export function parseShardOption(text: string, env: NodeJS.ProcessEnv = process.env): ShardSpec & { source: string } {
  const t = text.trim();
  if (t === 'auto') return shardFromEnv(env);
  const m = /^(\d+)\s*\/\s*(\d+)$/.exec(t);
  if (!m) throw new UsageError(`--shard must be K/N (K from 0 to N-1, e.g. --shard 0/4) or auto, got ${JSON.stringify(text)}`);
  return { ...checkShard(Number(m[1]), Number(m[2]), `--shard ${t}`), source: `--shard ${t}` };
}

/**
 * `--shard auto`: K and N from the scheduler.
 *   Slurm job array (SLURM_ARRAY_TASK_ID set):
 *     K = SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN, N = SLURM_ARRAY_TASK_COUNT
 *     (N = SLURM_ARRAY_TASK_MAX - SLURM_ARRAY_TASK_MIN + 1 where COUNT is not set);
 *     but when CHOKEPOINT_SHARDS is set (the scripts of `chokepoint slurm` set it):
 *     K = SLURM_ARRAY_TASK_ID, N = CHOKEPOINT_SHARDS, so that re-submitting part of the array
 *     (`sbatch --array=2,5 shards.sbatch`) re-runs exactly shards 2 and 5 of N.
 *   Kubernetes Indexed Job (JOB_COMPLETION_INDEX set, no Slurm): K = JOB_COMPLETION_INDEX,
 *     N = CHOKEPOINT_SHARDS (the Job's completions; Kubernetes does not pass it on).
 */
export function shardFromEnv(env: NodeJS.ProcessEnv = process.env): ShardSpec & { source: string } {
  const int = (name: string): number | undefined => {
    const v = env[name];
    if (v === undefined || v.trim() === '') return undefined;
    if (!/^\d+$/.test(v.trim())) throw new UsageError(`--shard auto: ${name}=${JSON.stringify(v)} is not a non-negative integer`);
    return Number(v);
  };
  const fixed = int(SHARDS_ENV);
  const task = int('SLURM_ARRAY_TASK_ID');
  if (task !== undefined) {
    if (fixed !== undefined) {
      return { ...checkShard(task, fixed, `--shard auto (SLURM_ARRAY_TASK_ID=${task}, ${SHARDS_ENV}=${fixed})`), source: `SLURM_ARRAY_TASK_ID=${task}, ${SHARDS_ENV}=${fixed}` };
    }
    const min = int('SLURM_ARRAY_TASK_MIN') ?? 0;
    const max = int('SLURM_ARRAY_TASK_MAX');
    const count = int('SLURM_ARRAY_TASK_COUNT') ?? (max !== undefined ? max - min + 1 : undefined);
    if (count === undefined) throw new UsageError('--shard auto: SLURM_ARRAY_TASK_ID is set but neither SLURM_ARRAY_TASK_COUNT nor SLURM_ARRAY_TASK_MAX is; give --shard K/N');
    const where = `SLURM_ARRAY_TASK_ID=${task}, SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_COUNT=${count}`;
    return { ...checkShard(task - min, count, `--shard auto (${where})`), source: where };
  }
  const index = int('JOB_COMPLETION_INDEX');
  if (index !== undefined) {
    if (fixed === undefined) throw new UsageError(`--shard auto: JOB_COMPLETION_INDEX=${index} is set (a Kubernetes Indexed Job) but ${SHARDS_ENV} is not: set it to the Job's completions, or give --shard $(JOB_COMPLETION_INDEX)/N`);
    return { ...checkShard(index, fixed, `--shard auto (JOB_COMPLETION_INDEX=${index}, ${SHARDS_ENV}=${fixed})`), source: `JOB_COMPLETION_INDEX=${index}, ${SHARDS_ENV}=${fixed}` };
  }
  throw new UsageError('--shard auto needs a Slurm job array (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX and CHOKEPOINT_SHARDS); outside them give --shard K/N');
}

function checkShard(index: number, count: number, what: string): ShardSpec {
  if (!Number.isSafeInteger(count) || count < 1 || count > MAX_SHARDS) throw new UsageError(`${what}: N must be from 1 to ${MAX_SHARDS}, got ${count}`);
  if (!Number.isSafeInteger(index) || index < 0 || index >= count) throw new UsageError(`${what}: K must be from 0 to N-1 = ${count - 1}, got ${index}`);
  return { index, count };
}

/** Where the shard ran: the host and the scheduler's job ids (for the manifests; never a CSV). */
export function schedulerInfo(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const keys = ['SLURM_JOB_ID', 'SLURM_ARRAY_JOB_ID', 'SLURM_ARRAY_TASK_ID', 'SLURM_CLUSTER_NAME', 'JOB_COMPLETION_INDEX'];
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = env[k];
    if (v !== undefined && v !== '') out[k] = v;
  }
  return out;
}
