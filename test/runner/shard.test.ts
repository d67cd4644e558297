/**
 * Shards and merge (issue 8): `run --shard K/N` runs a round-robin slice of the run list into
 * OUT/shards/K-of-N/, `merge OUT` joins the slices into the very bytes one machine writes, and
 * refuses (exit 2, the shard named) when shards are missing, doubled, of mixed splits or of
 * another config. `slurm` writes the job array and its merge job.
 * The stub model (CHOKEPOINT_MODEL_MODULE) keeps most of it fast; one block runs the real model.
 */
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { main } from '../../src/runner/cli.js';
import { expandRuns } from '../../src/runner/expand.js';
import { runExperiment, type ExperimentOptions } from '../../src/runner/experiment.js';
import type { Manifest } from '../../src/runner/manifest.js';
import { mergeShards } from '../../src/runner/merge.js';
import { parseShardDirName, parseShardOption, shardFromEnv, shardRuns, shardSize } from '../../src/runner/shard.js';
import { parseJobId, slurmScripts, submitSlurm, writeSlurmScripts } from '../../src/runner/slurm.js';
import { UsageError } from '../../src/runner/errors.js';
import { loaded, snapshotDir, STUB_MODEL, tempDir, writeYaml } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WORLD = join(ROOT, 'src', 'agents', 'world.ts');
const HAS_MODEL = existsSync(WORLD) && /export function simulate\b/.test(readFileSync(WORLD, 'utf8')) && process.env.CHOKEPOINT_SKIP_MODEL_TESTS !== '1';

const scale = { 'population.scale': 0.05 };
const base = {
  name: 'tiny',
  seed: 3,
  replications: 3,
  horizon_weeks: 60,
  scenarios: [
    { name: 'baseline', overrides: scale },
    {
      name: 'outage',
      overrides: scale,
      events: [
        { type: 'supply_outage', commodity: 'gallium', where: 'cn_origin', share: 0.8, start: 53, end: 57 },
        { type: 'vault', start: 54 },
      ],
    },
  ],
  reference_scenario: 'baseline',
  sweep: { grid: { 'buyers.phi': [1, 2] } },
  outputs: { timeseries: true, flows: true, events: true, books: true, ci: 'bootstrap', bootstrap_resamples: 100 },
};

const opts = (outDir: string, o: Partial<ExperimentOptions> = {}, cfg: Record<string, unknown> = base): ExperimentOptions => ({
  loaded: loaded(cfg, 'tiny.yaml'),
  outDir,
  mode: 'none',
  threads: 0,
  modelModule: STUB_MODEL,
  ...o,
});

/** The result files of a folder (not the manifest, the shards, dot-folders or the report). */
const results = (dir: string): Record<string, string> => snapshotDir(dir, (n) => n === 'manifest.json' || n.startsWith('.') || n === 'shards' || n === 'slurm' || n === 'report');

async function sharded(out: string, n: number, o: Partial<ExperimentOptions> = {}, cfg: Record<string, unknown> = base): Promise<void> {
  for (let k = 0; k < n; k++) await runExperiment(opts(out, { shard: { index: k, count: n }, ...o }, cfg));
}

/** main() in this process (merge, slurm: no worker threads). */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await main(['node', 'chokepoint', ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

describe('slicing', () => {
  test('round-robin: shard K of N holds the runs with index mod N = K; the shards partition the run list', () => {
    const runs = expandRuns(loaded(base).config); // 2 scenarios x 2 points x 3 replicates
    for (const n of [1, 2, 3, 5, 12, 20]) {
      const seen: number[] = [];
      for (let k = 0; k < n; k++) {
        const s = shardRuns(runs, { index: k, count: n });
        expect(s.length).toBe(shardSize(runs.length, { index: k, count: n }));
        for (const r of s) expect(r.index % n).toBe(k);
        seen.push(...s.map((r) => r.index));
      }
      expect(seen.sort((a, b) => a - b)).toEqual(runs.map((r) => r.index));
    }
    // every shard of 5 gets both scenarios
    for (let k = 0; k < 5; k++) expect(new Set(shardRuns(runs, { index: k, count: 5 }).map((r) => r.scenario)).size).toBe(2);
  });

  test('--shard K/N and its errors', () => {
    expect(parseShardOption('2/4')).toMatchObject({ index: 2, count: 4 });
    expect(parseShardOption(' 0 / 1 ')).toMatchObject({ index: 0, count: 1 });
    for (const bad of ['4/4', '-1/4', '1/0', '1', 'a/b', '1/2/3', '']) expect(() => parseShardOption(bad, {}), bad).toThrow(UsageError);
    expect(parseShardDirName('3-of-8')).toEqual({ index: 3, count: 8 });
    for (const bad of ['8-of-8', '3of8', '3-of-8x', '1-of-3-copy']) expect(parseShardDirName(bad)).toBeNull();
  });

  test('--shard auto: Slurm array (ID - MIN, COUNT), CHOKEPOINT_SHARDS, Kubernetes JOB_COMPLETION_INDEX', () => {
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '4' })).toMatchObject({ index: 3, count: 4 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '12', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_COUNT: '5' })).toMatchObject({ index: 2, count: 5 });
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '12', SLURM_ARRAY_TASK_MIN: '10', SLURM_ARRAY_TASK_MAX: '14' })).toMatchObject({ index: 2, count: 5 });
    // a re-submitted part of the array (--array=2): CHOKEPOINT_SHARDS keeps K = task id
    expect(shardFromEnv({ SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_COUNT: '1', CHOKEPOINT_SHARDS: '4' })).toMatchObject({ index: 2, count: 4 });
    expect(shardFromEnv({ JOB_COMPLETION_INDEX: '7', CHOKEPOINT_SHARDS: '10' })).toMatchObject({ index: 7, count: 10 });
    expect(() => shardFromEnv({})).toThrow(/Slurm job array.*Kubernetes/);
    expect(() => shardFromEnv({ JOB_COMPLETION_INDEX: '7' })).toThrow(/CHOKEPOINT_SHARDS/);
    expect(() => shardFromEnv({ SLURM_ARRAY_TASK_ID: '5', CHOKEPOINT_SHARDS: '4' })).toThrow(/K must be from 0 to N-1 = 3, got 5/);
    expect(parseShardOption('auto', { SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '2' })).toMatchObject({ index: 1, count: 2 });
  });
});

describe('run --shard and merge (stub model)', () => {
  test('3 shards + merge: the CSVs of one machine, byte for byte; the manifest differs only in threads, timings and merged_from', async () => {
    const d = tempDir();
    const single = join(d, 'single');
    const out = join(d, 'sharded');
    await runExperiment(opts(single, { mode: 'runs', threads: 2 }));
    await sharded(out, 3);
    const shard1 = join(out, 'shards', '1-of-3');
    expect(readdirSync(shard1).sort()).toEqual(['actors.csv', 'failures.csv', 'journal.bin', 'manifest.json', 'runs.csv']);
    const sm = JSON.parse(readFileSync(join(shard1, 'manifest.json'), 'utf8')) as Manifest;
    expect(sm.shard).toMatchObject({ index: 1, count: 3, experiment_runs: 12, journal: 'journal.bin' });
    expect(sm.shard!.run_ids).toEqual(expandRuns(loaded(base).config).filter((r) => r.index % 3 === 1).map((r) => r.run_id));
    expect(sm.runs).toEqual({ total: 4, ok: 4, failed: 0 });

    const r = mergeShards({ dir: out });
    expect(r).toMatchObject({ status: 'complete', total: 12, ok: 12, failed: 0, shards: 3 });
    const a = results(single);
    expect(Object.keys(a)).toEqual(['actors.csv', 'books.csv', 'events.csv', 'failures.csv', 'flows.csv', 'postures.csv', 'runs.csv', 'summary.csv', 'timeseries.csv']);
    expect(results(out)).toEqual(a);
    expect(existsSync(join(out, '.merge'))).toBe(false);

    const m1 = JSON.parse(readFileSync(join(single, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    const m2 = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as Record<string, unknown>;
    expect(Object.keys(m2)).toEqual([...Object.keys(m1), 'merged_from']);
    for (const k of Object.keys(m1)) if (!['threads', 'parallel', 'timings'].includes(k)) expect(m2[k], k).toEqual(m1[k]);
    expect((m2.merged_from as { count: number; shards: unknown[] }).count).toBe(3);
    expect((m2.merged_from as { shards: unknown[] }).shards).toHaveLength(3);

    // merging again gives the same bytes
    mergeShards({ dir: out });
    expect(results(out)).toEqual(a);
  });

  test('failed runs in a shard are merged as one machine writes them (failures.csv), status failed, exit 1', async () => {
    const d = tempDir();
    const cfg = { ...base, scenarios: [...base.scenarios, { name: 'broken', overrides: { 'population.scale': 0.013 } }] };
    await runExperiment(opts(join(d, 'single'), {}, cfg));
    await sharded(join(d, 'sharded'), 4, {}, cfg);
    const r = await cli(['merge', join(d, 'sharded'), '--no-report']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/6 runs failed twice.*in shards 0, 1, 2, 3/s);
    expect(r.stderr).toMatch(/--shard 0\/4 --resume/);
    expect(results(join(d, 'sharded'))).toEqual(results(join(d, 'single')));
    const m = JSON.parse(readFileSync(join(d, 'sharded', 'manifest.json'), 'utf8')) as Manifest;
    expect(m).toMatchObject({ status: 'failed', runs: { total: 18, ok: 12, failed: 6 } });
  });

  test('an interrupted shard: merge refuses naming it; --resume on that shard alone, then merge gives the same bytes', async () => {
    const d = tempDir();
    const single = join(d, 'single');
    const out = join(d, 'sharded');
    await runExperiment(opts(single));
    await runExperiment(opts(out, { shard: { index: 0, count: 3 } }));
    const ac = new AbortController();
    const cut = await runExperiment(opts(out, { shard: { index: 1, count: 3 }, signal: ac.signal, onProgress: (p) => p.done >= 2 && ac.abort() }));
    expect(cut.status).toBe('interrupted');
    await runExperiment(opts(out, { shard: { index: 2, count: 3 } }));

    const refused = await cli(['merge', out, '--no-report']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/shards\/1-of-3 did not finish.*--shard 1\/3 --resume/);
    expect(existsSync(join(out, 'runs.csv'))).toBe(false);

    const resumed = await runExperiment(opts(out, { shard: { index: 1, count: 3 }, resume: true }));
    expect(resumed).toMatchObject({ status: 'complete', total: 4, ok: 4 });
    expect(resumed.resumed).toBeGreaterThanOrEqual(2);
    const again = await runExperiment(opts(out, { shard: { index: 1, count: 3 }, resume: true }));
    expect(again.status).toBe('up-to-date');
    expect((await cli(['merge', out, '--no-report'])).code).toBe(0);
    expect(results(out)).toEqual(results(single));
  });

  test('a removed shard: merge refuses naming it; re-running it alone, then merge gives the same bytes', async () => {
    const d = tempDir();
    const single = join(d, 'single');
    const out = join(d, 'sharded');
    await runExperiment(opts(single));
    await sharded(out, 3);
    rmSync(join(out, 'shards', '2-of-3'), { recursive: true });
    const r = await cli(['merge', out, '--no-report']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shard 2\/3 is missing \(no shards\/2-of-3\/\)/);
    await runExperiment(opts(out, { shard: { index: 2, count: 3 } }));
    expect((await cli(['merge', out, '--no-report'])).code).toBe(0);
    expect(results(out)).toEqual(results(single));
  });

  test('refusals name the shard: doubled, mixed splits, another config, another version, a broken journal', async () => {
    const d = tempDir();
    const out = join(d, 'sharded');
    await sharded(out, 3);
    const shards = join(out, 'shards');
    const expectRefusal = async (re: RegExp): Promise<void> => {
      const r = await cli(['merge', out, '--no-report']);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr).toMatch(re);
      expect(existsSync(join(out, 'manifest.json'))).toBe(false);
    };

    // doubled: shard 1's folder copied over shard 2's
    renameSync(join(shards, '2-of-3'), join(d, 'keep2'));
    cpSync(join(shards, '1-of-3'), join(shards, '2-of-3'), { recursive: true });
    await expectRefusal(/shard 1\/3 is claimed twice: by shards\/1-of-3 and shards\/2-of-3/);
    rmSync(join(shards, '2-of-3'), { recursive: true });
    renameSync(join(d, 'keep2'), join(shards, '2-of-3'));

    // mixed splits: a stale 0-of-4 beside 0..2-of-3
    await runExperiment(opts(out, { shard: { index: 0, count: 4 } }));
    await expectRefusal(/shards\/0-of-4 \(of a 4-way split\) beside the 3 folders of a 3-way split/);
    rmSync(join(shards, '0-of-4'), { recursive: true });

    // another config (another seed) in shard 2
    await runExperiment(opts(out, { shard: { index: 2, count: 3 }, force: true }, { ...base, seed: 99 }));
    await expectRefusal(/shards\/2-of-3 comes from a different config: hash [0-9a-f]{12}; the other shards from [0-9a-f]{12}/);
    await runExperiment(opts(out, { shard: { index: 2, count: 3 }, force: true }));

    // another package version in shard 0
    const mPath = join(shards, '0-of-3', 'manifest.json');
    const saved = readFileSync(mPath, 'utf8');
    const m = JSON.parse(saved) as Manifest;
    writeFileSync(mPath, JSON.stringify({ ...m, tool: { ...m.tool, version: '9.9.9' } }));
    await expectRefusal(/shards\/0-of-3 comes from a different package version: chokepoint@9\.9\.9; the other shards from chokepoint@/);
    writeFileSync(mPath, saved);

    // a journal cut short
    const jPath = join(shards, '1-of-3', 'journal.bin');
    const bytes = readFileSync(jPath);
    writeFileSync(jPath, bytes.subarray(0, bytes.length - 10));
    await expectRefusal(/shards\/1-of-3\/journal\.bin lacks 1 of its runs .* cut-off record/);
    writeFileSync(jPath, bytes);

    // no shards at all
    const empty = join(d, 'empty');
    const r = await cli(['merge', empty]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/shards not found/);

    expect((await cli(['merge', out, '--no-report'])).code).toBe(0);
  });

  test('more shards than runs: the extra shards are empty and the merge still matches', async () => {
    const d = tempDir();
    const cfg = { ...base, replications: 1, sweep: null, outputs: { events: true } };
    await runExperiment(opts(join(d, 'single'), {}, cfg)); // 2 runs
    await sharded(join(d, 'sharded'), 3, {}, cfg);
    const m = JSON.parse(readFileSync(join(d, 'sharded', 'shards', '2-of-3', 'manifest.json'), 'utf8')) as Manifest;
    expect(m.runs.total).toBe(0);
    mergeShards({ dir: join(d, 'sharded') });
    expect(results(join(d, 'sharded'))).toEqual(results(join(d, 'single')));
  });
});

describe.runIf(HAS_MODEL)('run --shard and merge (the real model)', () => {
  test('3 shards + merge give the CSVs of a single run, byte for byte', async () => {
    const d = tempDir();
    const cfg = { ...base, replications: 2, outputs: { timeseries: true, events: true, books: true } };
    const single = join(d, 'single');
    const out = join(d, 'sharded');
    // in this thread like the shards: one load of the model (src/agents may change on disk while the suite runs)
    await runExperiment(opts(single, { modelModule: undefined }, cfg));
    await sharded(out, 3, { modelModule: undefined }, cfg);
    const r = mergeShards({ dir: out });
    expect(r).toMatchObject({ status: 'complete', total: 8, ok: 8 });
    const a = results(single);
    expect(Object.keys(a)).toEqual(['actors.csv', 'books.csv', 'events.csv', 'failures.csv', 'postures.csv', 'runs.csv', 'summary.csv', 'timeseries.csv']);
    expect(results(out)).toEqual(a);
  }, 120_000);
});

describe('slurm scripts', () => {
  test('the array script, the merge script, submit.sh: array line, --shard auto, dependency', () => {
    const d = tempDir();
    const cfg = writeYaml(d, 'tiny.yaml', base);
    const s = slurmScripts({ config: cfg, name: 'tiny', outDir: join(d, 'out'), shards: 4, partition: 'debug', time: '2:00:00', cpus: 2, workDir: ROOT });
    writeSlurmScripts(s);
    expect(s.dir).toBe(join(d, 'out', 'slurm'));
    expect(readdirSync(s.dir).sort()).toEqual(['logs', 'merge.sbatch', 'shards.sbatch', 'submit.sh']);
    const sh = readFileSync(s.shards.path, 'utf8');
    expect(sh).toBe(s.shards.text);
    expect(sh.split('\n')[0]).toBe('#!/bin/bash');
    expect(sh).toContain('\n#SBATCH --array=0-3\n');
    expect(sh).toContain('\n#SBATCH --cpus-per-task=2\n');
    expect(sh).toContain('\n#SBATCH --partition=debug\n');
    expect(sh).toContain('\n#SBATCH --time=2:00:00\n');
    expect(sh).toContain(`\n#SBATCH --chdir=${ROOT.replace(/\/$/, '')}\n`);
    expect(sh).toContain(`\n#SBATCH --output=${join(d, 'out', 'slurm', 'logs', 'shard-%a.out')}\n`);
    expect(sh).toContain('\nexport CHOKEPOINT_SHARDS=4\n');
    expect(sh).toContain(`\nnpx chokepoint run ${cfg} --shard auto --out ${join(d, 'out')} --threads "\${SLURM_CPUS_PER_TASK:-2}" --resume --no-report\n`);
    // every #SBATCH line comes before the first command (sbatch stops reading them there)
    const lines = sh.split('\n');
    const firstCommand = lines.findIndex((l) => l !== '' && !l.startsWith('#'));
    expect(lines.slice(firstCommand).some((l) => l.startsWith('#SBATCH'))).toBe(false);
    const merge = readFileSync(s.merge.path, 'utf8');
    expect(merge).toContain(`\nnpx chokepoint merge ${join(d, 'out')}\n`);
    expect(merge).not.toContain('--array');
    const submit = readFileSync(s.submit.path, 'utf8');
    expect(submit).toContain(`array=$(sbatch --parsable ${s.shards.path})`);
    expect(submit).toContain(`merge=$(sbatch --parsable --dependency=afterok:\${array} ${s.merge.path})`);
  });

  test('--submit: sbatch --parsable for the array, then the merge with --dependency=afterok:<array job id>', () => {
    const d = tempDir();
    const log = join(d, 'calls.log');
    const fake = join(d, 'sbatch');
    writeFileSync(fake, `#!/bin/sh\necho "$@" >> ${log}\nn=$(wc -l < ${log})\necho "$((4000 + n));cluster1"\n`);
    chmodSync(fake, 0o755);
    const s = slurmScripts({ config: writeYaml(d, 'tiny.yaml', base), name: 'tiny', outDir: join(d, 'out'), shards: 4, cpus: 1, workDir: ROOT });
    writeSlurmScripts(s);
    expect(submitSlurm(s, fake)).toEqual({ array: '4001', merge: '4002' });
    expect(readFileSync(log, 'utf8').trim().split('\n')).toEqual([`--parsable ${s.shards.path}`, `--parsable --dependency=afterok:4001 ${s.merge.path}`]);
    expect(parseJobId('123\n')).toBe('123');
    expect(() => parseJobId('sbatch: error: Batch job submission failed')).toThrow(/no job id/);
  });

  test('chokepoint slurm writes and prints the scripts; bad options exit 2', async () => {
    const d = tempDir();
    const cfg = writeYaml(d, 'tiny.yaml', base);
    const out = join(d, 'out');
    const r = await cli(['slurm', cfg, '--shards', '4', '--cpus', '2', '--time', '1:00:00', '--out', out]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('#SBATCH --array=0-3');
    expect(r.stdout).toContain('--dependency=afterok:');
    expect(existsSync(join(out, 'slurm', 'shards.sbatch'))).toBe(true);
    expect((await cli(['slurm', cfg, '--shards', '0', '--out', out])).code).toBe(2);
    expect((await cli(['slurm', cfg, '--shards', '4', '--time', 'soon', '--out', out])).code).toBe(2);
    expect((await cli(['slurm', cfg, '--out', out])).code).toBe(2); // --shards is required
    const bad = await cli(['run', cfg, '--shard', '4/4', '--out', out]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/K must be from 0 to N-1 = 3, got 4/);
  });
});
