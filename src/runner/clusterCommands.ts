/**
 * Commands for running one experiment on many machines (docs/cluster.md): `merge DIR` joins the
 * shards `run --shard K/N` wrote, `slurm CONFIG --shards N` writes (and with --submit submits)
 * the Slurm job array and its merge job. `run --shard` itself lives in cli.ts; resolveRunShard
 * turns its option into a shard.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import { loadConfig } from './config.js';
import { countRuns } from './expand.js';
import { mergeShards } from './merge.js';
import { parseShardOption, SHARDS_DIR, shardSize, type ShardSpec } from './shard.js';
import { slurmScripts, submitSlurm, writeSlurmScripts } from './slurm.js';

export interface ClusterContext {
  out(s: string): void;
  err(s: string): void;
  setExit(code: number): void;
}

/**
 * `run --shard`: K/N as given, `auto` from the scheduler's environment. Without --shard the
 * whole run list runs, even inside a Slurm array task (a note says so): slicing is never
 * switched on behind the user's back, since an array may as well run one config per task.
 */
export function resolveRunShard(value: string | undefined, env: NodeJS.ProcessEnv, err: (s: string) => void): (ShardSpec & { source: string }) | null {
  if (value === undefined) {
    if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_ID !== '') {
      err(`note: running every run of the config in Slurm array task ${env.SLURM_ARRAY_TASK_ID}; to run one slice per task give --shard auto`);
    }
    return null;
  }
  return parseShardOption(value, env);
}

/** What `run --shard` prints about the shard before it starts. */
export function describeShard(s: ShardSpec & { source: string }, total: number): string {
  const n = shardSize(total, s);
  return `shard ${s.index}/${s.count} (${s.source}): ${n} of ${total} runs${n === 0 ? ' (none: more shards than runs)' : ''}`;
}

export function registerClusterCommands(program: Command, ctx: ClusterContext): void {
  program
    .command('merge')
    .description('join the shards of an experiment (DIR/shards/K-of-N/, written by run --shard K/N) into the runs.csv, actors.csv, summary.csv, ... and manifest.json one machine writes, byte for byte')
    .argument('<dir>', 'the experiment\'s output folder (the --out of the shards)')
    .option('--no-report', 'do not draw the figures and report.html at the end')
    .action(async (dir: string, o: { report?: boolean }) => {
      // Shards of a game (`game --shard`) merge through the game command, which solves them.
      const gameConfig = gameShardConfig(dir);
      if (gameConfig !== null) {
        const { main } = await import('./cli.js');
        ctx.setExit(await main(['node', 'chokepoint', 'game', gameConfig, '--out', dir, '--merge', ...(o.report === false ? ['--no-report'] : [])], { stdout: { write: (s: string) => (ctx.out(s.replace(/\n$/, '')), true) } as unknown as NodeJS.WritableStream, stderr: { write: (s: string) => (ctx.err(s.replace(/\n$/, '')), true) } as unknown as NodeJS.WritableStream }));
        return;
      }
      const r = mergeShards({ dir });
      const shown = relative(process.cwd(), r.outDir) || '.';
      for (const n of r.notes) ctx.err(`note: ${n}`);
      ctx.out(`merged ${r.shards} shard${r.shards === 1 ? '' : 's'}: ${r.total} runs (${r.ok} ok${r.failed ? `, ${r.failed} failed` : ''})\n`);
      ctx.out(r.headline.format() + '\n');
      ctx.out('(means over runs; peak = peak_price_ratio, short = shortage_share)');
      ctx.out(`files in ${shown}/: ${r.files.map((f) => relative(r.outDir, f)).join(', ')}`);
      if (o.report !== false && r.ok > 0) {
        try {
          const { writeReport } = await import('./report/writeReport.js');
          const rep = await writeReport(r.outDir);
          ctx.out(`report: ${relative(process.cwd(), rep.html) || rep.html}`);
        } catch (e) {
          ctx.err(`the report could not be drawn (${(e as Error).message}); the CSVs are complete. Try: chokepoint report ${shown}`);
        }
      }
      if (r.failed > 0) {
        const again = r.failedShards.map((k) => `  chokepoint run ${r.configFile} --shard ${k}/${r.shards} --resume --out ${shown}`).join('\n');
        ctx.err(`${r.failed} run${r.failed === 1 ? '' : 's'} failed twice (see ${shown}/failures.csv), in shard${r.failedShards.length === 1 ? '' : 's'} ${r.failedShards.join(', ')}. Retry them, then merge again:\n${again}`);
        ctx.setExit(1);
      }
    });

  program
    .command('slurm')
    .description('write a Slurm job array running an experiment in N shards and a merge job after it (OUT/slurm/*.sbatch); --submit submits both')
    .argument('<config>', 'experiment config (YAML or JSON)')
    .requiredOption('--shards <n>', 'number of shards (array tasks)', posInt('--shards', 100_000))
    .option('--partition <p>', 'Slurm partition (#SBATCH --partition)')
    .option('--time <t>', 'time limit of each task and of the merge (#SBATCH --time, e.g. 2:00:00)')
    .option('--cpus <c>', 'CPUs per array task, the threads of each shard (#SBATCH --cpus-per-task)', posInt('--cpus', 4096), 1)
    .option('--out <dir>', 'the experiment\'s output folder, on storage every node sees (default: results/<config name>/)')
    .option('--replications <r>', "replications per scenario and point (replaces the config's)", posInt('--replications', 100_000))
    .option('--seed <s>', "base seed (replaces the config's)", nonNegInt('--seed'))
    .option('--submit', 'submit the array and the merge job with sbatch')
    .action((configPath: string, o: { shards: number; partition?: string; time?: string; cpus: number; out?: string; replications?: number; seed?: number; submit?: boolean }) => {
      const loaded = loadConfig(configPath, { replications: o.replications, seed: o.seed });
      for (const w of loaded.warnings) ctx.err(`warning: ${w}`);
      const total = countRuns(loaded.config);
      if (o.shards > total) ctx.err(`warning: ${o.shards} shards for ${total} runs: ${o.shards - total} shard${o.shards - total === 1 ? '' : 's'} will have nothing to do`);
      const outDir = o.out ?? join('results', loaded.config.name);
      const s = slurmScripts({ config: configPath, name: loaded.config.name, outDir, shards: o.shards, partition: o.partition, time: o.time, cpus: o.cpus, replications: o.replications, seed: o.seed });
      writeSlurmScripts(s);
      for (const f of [s.shards, s.merge, s.submit]) ctx.out(`==> ${relative(process.cwd(), f.path) || f.path} <==\n${f.text}`);
      if (!o.submit) {
        ctx.out(`${total} runs in ${o.shards} shards of about ${Math.ceil(total / o.shards)}. Submit with: ${relative(process.cwd(), s.submit.path)} (or chokepoint slurm ... --submit)`);
        return;
      }
      const j = submitSlurm(s);
      ctx.out(`submitted: shards job ${j.array} (array 0-${o.shards - 1}), merge job ${j.merge} (after ${j.array} succeeds)`);
      ctx.out(`check: squeue -j ${j.array},${j.merge}   (sacct -j ${j.array} where accounting is on)`);
    });
}

function posInt(flag: string, max: number): (v: string) => number {
  return (v: string) => {
    if (!/^\d+$/.test(v.trim()) || Number(v) < 1 || Number(v) > max) throw new InvalidArgumentError(`${flag} must be an integer from 1 to ${max}, got ${JSON.stringify(v)}`);
    return Number(v);
  };
}

function nonNegInt(flag: string): (v: string) => number {
  return (v: string) => {
    if (!/^\d+$/.test(v.trim()) || !Number.isSafeInteger(Number(v))) throw new InvalidArgumentError(`${flag} must be a non-negative integer, got ${JSON.stringify(v)}`);
    return Number(v);
  };
}

/** The config file of a sharded game in DIR (from a shard's manifest, kind game-shard), or null. */
function gameShardConfig(dir: string): string | null {
  const shards = join(dir, SHARDS_DIR);
  if (!existsSync(shards)) return null;
  for (const name of readdirSync(shards)) {
    const m = join(shards, name, 'manifest.json');
    if (!existsSync(m)) continue;
    try {
      const j = JSON.parse(readFileSync(m, 'utf8')) as { kind?: string; config_file?: string };
      if (j.kind === 'game-shard' && typeof j.config_file === 'string') return j.config_file;
    } catch {
      /* not ours: mergeShards reports it */
    }
  }
  return null;
}
