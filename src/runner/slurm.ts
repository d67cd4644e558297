/**
 * `chokepoint slurm CONFIG --shards N`: the batch scripts that run an experiment as a Slurm job
 * array of N shards and merge them when every shard has finished. Written into OUT/slurm/ (each
 * through a temp file and a rename):
 *
 *   shards.sbatch  #SBATCH --array=0-(N-1); each task runs
 *                  npx chokepoint run CONFIG --shard auto --out OUT --threads $SLURM_CPUS_PER_TASK --resume --no-report
 *                  (--resume: a re-submitted or requeued task continues its shard, a finished
 *                  shard is left as it is; CHOKEPOINT_SHARDS=N lets --shard auto map the task id
 *                  to the shard even when only part of the array is re-submitted)
 *   merge.sbatch   npx chokepoint merge OUT, submitted with --dependency=afterok:<array job id>
 *   submit.sh      submits both, the merge after the array (what --submit does)
 *   logs/          the jobs' stdout/stderr (Slurm does not create the folder itself)
 *
 * The scripts hold absolute paths (config, output folder, project folder as --chdir) so they can
 * be submitted from anywhere; results must be on storage every node sees.
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve as resolvePath } from 'node:path';
import { UsageError } from './errors.js';
import { writeFileAtomic } from './report/atomicWrite.js';
import { SHARDS_ENV } from './shard.js';

export const SLURM_DIR = 'slurm';
export const SHARDS_SCRIPT = 'shards.sbatch';
export const MERGE_SCRIPT = 'merge.sbatch';
export const SUBMIT_SCRIPT = 'submit.sh';
export const LOGS_DIR = 'logs';

export interface SlurmOptions {
  /** the config file (made absolute in the scripts) */
  config: string;
  /** experiment name (job names) */
  name: string;
  /** the experiment's output folder (made absolute) */
  outDir: string;
  shards: number;
  partition?: string | undefined;
  time?: string | undefined;
  /** CPUs per array task (--cpus-per-task; the shard's --threads) */
  cpus: number;
  /** folder the jobs start in (npx finds the package there); default the current folder */
  workDir?: string;
  /** the command that runs chokepoint in a job (default `npx chokepoint`) */
  command?: string;
  /** config overrides to pass on (they enter the config hash) */
  replications?: number | undefined;
  seed?: number | undefined;
}

export interface SlurmScripts {
  dir: string;
  shards: { path: string; text: string };
  merge: { path: string; text: string };
  submit: { path: string; text: string };
}

/** Shell-quote a word (single quotes unless it is plainly safe). */
export function shq(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** #SBATCH lines cannot quote: paths in them must not hold white space or quotes. */
function sbatchPath(p: string, what: string): string {
  if (/[\s'"\\#]/.test(p)) throw new UsageError(`${what} ${JSON.stringify(p)} holds a space, quote, backslash or #, which #SBATCH lines cannot carry; use a path without them`);
  return p;
}

export function checkPartition(p: string): string {
  if (!/^[A-Za-z0-9_.,-]+$/.test(p)) throw new UsageError(`--partition must be a Slurm partition name (letters, digits, _ . , -), got ${JSON.stringify(p)}`);
  return p;
}

/** Slurm's time formats: M, M:S, H:M:S, D-H, D-H:M, D-H:M:S. */
export function checkTime(t: string): string {
  if (!/^(\d+-)?\d+(:\d+){0,2}$/.test(t) || /^\d+-\d+:\d+:\d+:\d+$/.test(t)) {
    throw new UsageError(`--time must be a Slurm time limit (minutes, M:S, H:M:S, D-H, D-H:M or D-H:M:S, e.g. 2:00:00), got ${JSON.stringify(t)}`);
  }
  return t;
}

export function slurmScripts(o: SlurmOptions): SlurmScripts {
  if (!Number.isSafeInteger(o.shards) || o.shards < 1) throw new UsageError(`--shards must be a positive integer, got ${o.shards}`);
  const outDir = sbatchPath(resolvePath(o.outDir), 'the output folder');
  const config = resolvePath(o.config);
  const workDir = sbatchPath(resolvePath(o.workDir ?? process.cwd()), 'the working folder');
  const dir = join(outDir, SLURM_DIR);
  const logs = join(dir, LOGS_DIR);
  const cmd = o.command ?? 'npx chokepoint';
  const jobName = `chokepoint-${o.name}`.replace(/[^A-Za-z0-9_.-]/g, '-');
  const common = [...(o.partition ? [`#SBATCH --partition=${checkPartition(o.partition)}`] : []), ...(o.time ? [`#SBATCH --time=${checkTime(o.time)}`] : [])];
  const overrides = [...(o.replications !== undefined ? ['--replications', String(o.replications)] : []), ...(o.seed !== undefined ? ['--seed', String(o.seed)] : [])];
  const shardsPath = join(dir, SHARDS_SCRIPT);
  const mergePath = join(dir, MERGE_SCRIPT);
  const submitPath = join(dir, SUBMIT_SCRIPT);

  const shards = [
    '#!/bin/bash',
    `# Written by \`chokepoint slurm\`: experiment "${o.name}" as a job array of ${o.shards} shard${o.shards === 1 ? '' : 's'}.`,
    `# Each array task runs shard K = SLURM_ARRAY_TASK_ID of N = ${o.shards} into ${join(outDir, 'shards')}/K-of-${o.shards}/.`,
    `# Submit with ${submitPath} (this array, then the merge after it).`,
    `# Re-run failed shards only: sbatch --array=2,5 ${shardsPath}   (then run the merge)`,
    `#SBATCH --job-name=${jobName}`,
    `#SBATCH --array=0-${o.shards - 1}`,
    `#SBATCH --cpus-per-task=${o.cpus}`,
    '#SBATCH --ntasks=1',
    ...common,
    `#SBATCH --chdir=${workDir}`,
    `#SBATCH --output=${join(logs, 'shard-%a.out')}`,
    'set -euo pipefail',
    `export ${SHARDS_ENV}=${o.shards}`,
    `${cmd} run ${shq(config)} --shard auto --out ${shq(outDir)} --threads "\${SLURM_CPUS_PER_TASK:-${o.cpus}}" --resume --no-report${overrides.length ? ' ' + overrides.join(' ') : ''}`,
    '',
  ].join('\n');

  const merge = [
    '#!/bin/bash',
    `# Written by \`chokepoint slurm\`: merge the ${o.shards} shards of experiment "${o.name}" into ${outDir}/.`,
    '# Submitted after the array: sbatch --dependency=afterok:<array job id> ' + mergePath,
    `# (or run \`chokepoint merge ${shq(outDir)}\` anywhere that sees the folder)`,
    `#SBATCH --job-name=${jobName}-merge`,
    '#SBATCH --cpus-per-task=1',
    '#SBATCH --ntasks=1',
    ...common,
    `#SBATCH --chdir=${workDir}`,
    `#SBATCH --output=${join(logs, 'merge-%j.out')}`,
    'set -euo pipefail',
    `${cmd} merge ${shq(outDir)}`,
    '',
  ].join('\n');

  const submit = [
    '#!/bin/bash',
    `# Written by \`chokepoint slurm\`: submit the ${o.shards} shards of "${o.name}", then the merge once every shard succeeded.`,
    'set -euo pipefail',
    `array=$(sbatch --parsable ${shq(shardsPath)})`,
    'array=${array%%;*}',
    `merge=$(sbatch --parsable --dependency=afterok:\${array} ${shq(mergePath)})`,
    'merge=${merge%%;*}',
    'echo "shards: job ${array} (array 0-' + String(o.shards - 1) + '); merge: job ${merge}, after ${array} succeeds"',
    'echo "check:  squeue -j ${array},${merge}"',
    '',
  ].join('\n');

  return { dir, shards: { path: shardsPath, text: shards }, merge: { path: mergePath, text: merge }, submit: { path: submitPath, text: submit } };
}

/** Write the scripts (atomically) and the logs folder. */
export function writeSlurmScripts(s: SlurmScripts): void {
  mkdirSync(join(s.dir, LOGS_DIR), { recursive: true });
  for (const f of [s.shards, s.merge, s.submit]) {
    writeFileAtomic(f.path, f.text);
    chmodSync(f.path, 0o755);
  }
}

/** `sbatch --parsable` prints `jobid` or `jobid;cluster`. */
export function parseJobId(out: string): string {
  const line = out.trim().split('\n').at(-1) ?? '';
  const id = line.split(';')[0]!.trim();
  if (!/^\d+$/.test(id)) throw new Error(`sbatch printed no job id: ${JSON.stringify(out.trim())}`);
  return id;
}

export interface Submitted {
  array: string;
  merge: string;
}

/** Submit the array, then the merge after it (what submit.sh does). */
export function submitSlurm(s: SlurmScripts, sbatch = 'sbatch'): Submitted {
  const run = (args: string[]): string => {
    try {
      return execFileSync(sbatch, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      const err = e as NodeJS.ErrnoException & { stderr?: string };
      if (err.code === 'ENOENT') throw new UsageError(`${sbatch} not found: --submit needs Slurm's sbatch on PATH (the scripts are in ${s.dir})`);
      throw new Error(`${sbatch} ${args.join(' ')} failed: ${(err.stderr ?? err.message).trim()}`);
    }
  };
  const array = parseJobId(run(['--parsable', s.shards.path]));
  const merge = parseJobId(run(['--parsable', `--dependency=afterok:${array}`, s.merge.path]));
  return { array, merge };
}
