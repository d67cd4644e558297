/**
 * manifest.json: what a paper cites to make its numbers reproducible — the resolved config and
 * its hash, the schema version of the outputs, the seed of every replicate, the package version
 * and git commit, the Node version, the thread count and the timings. (Timings live here and
 * never in a CSV, so the CSVs stay byte-identical.)
 */
import { execFileSync } from 'node:child_process';
import { renameSync, writeFileSync } from 'node:fs';
import type { ResolvedConfig } from './config.js';
import { replicateSeed } from './expand.js';
import { PACKAGE_ROOT, packageInfo } from './paths.js';

/** Version of the output files' layout (columns, meanings); bump on any incompatible change. */
export const SCHEMA_VERSION = 1;

export interface SessionTiming {
  started_at: string;
  finished_at: string;
  wall_seconds: number;
  runs: number;
  threads: number;
  parallel: string;
  interrupted: boolean;
}

export interface Manifest {
  schema_version: number;
  tool: { name: string; version: string };
  git: { commit: string | null; dirty: boolean | null };
  node_version: string;
  platform: string;
  config_file: string;
  config_hash: string;
  config: ResolvedConfig;
  seeds: { replicate: number; seed: number }[];
  swept_parameters: string[];
  runs: { total: number; ok: number; failed: number };
  status: 'complete' | 'failed';
  threads: number;
  parallel: string;
  model_module: string | null;
  files: string[];
  warnings: string[];
  timings: {
    started_at: string;
    finished_at: string;
    wall_seconds: number;
    /** sum of the runs' own wall times (all sessions) */
    run_seconds: number;
    runs_per_second: number;
    sessions: SessionTiming[];
  };
  /** in a shard's folder (OUT/shards/K-of-N/): which slice of the run list it holds */
  shard?: ShardManifestInfo;
  /** in a folder made by `merge`: the shards it was made from */
  merged_from?: MergeInfo;
}

/** manifest.json of a shard: `runs` counts the shard's runs, `files` its own files. */
export interface ShardManifestInfo {
  /** K (from 0) */
  index: number;
  /** N */
  count: number;
  slicing: string;
  /** runs in the whole experiment */
  experiment_runs: number;
  /** the shard's runs, in run-list order */
  run_ids: string[];
  /** the shard's journal (merge reads it) */
  journal: string;
  host: string;
  /** Slurm / Kubernetes job ids where it ran */
  scheduler: Record<string, string>;
}

/** manifest.json of a merged experiment: what differs from a single machine's is here and in threads and timings. */
export interface MergeInfo {
  count: number;
  slicing: string;
  merged_at: string;
  merge_seconds: number;
  shards: {
    index: number;
    runs: number;
    ok: number;
    failed: number;
    threads: number;
    wall_seconds: number;
    started_at: string;
    finished_at: string;
    host: string;
    scheduler: Record<string, string>;
    git_commit: string | null;
    node_version: string;
  }[];
  /** things that did not stop the merge (shards run at different git commits or Node versions) */
  notes: string[];
}

export function seedsOf(config: ResolvedConfig): { replicate: number; seed: number }[] {
  return Array.from({ length: config.replications }, (_, r) => ({ replicate: r, seed: replicateSeed(config.seed, r) }));
}

/** The git commit of the package checkout and whether tracked files differ from it; nulls when git is unavailable. */
export function gitInfo(cwd: string = PACKAGE_ROOT): { commit: string | null; dirty: boolean | null } {
  const git = (args: string[]): string | null => {
    try {
      return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'ignore'], timeout: 5000, encoding: 'utf8' }).trim();
    } catch {
      return null;
    }
  };
  const commit = git(['rev-parse', 'HEAD']);
  if (commit === null || !/^[0-9a-f]{40,64}$/.test(commit)) return { commit: null, dirty: null };
  const status = git(['status', '--porcelain', '--untracked-files=no']);
  return { commit, dirty: status === null ? null : status.length > 0 };
}

export function toolInfo(): { name: string; version: string } {
  const p = packageInfo();
  return { name: p.name, version: p.version };
}

/** Write JSON through a temp file and a rename. */
export function writeJsonAtomic(path: string, value: unknown): void {
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(value, null, 2) + '\n');
  renameSync(tmp, path);
}
