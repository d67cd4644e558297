/**
 * System test (npm run test:system): a real Slurm. `chokepoint slurm --submit` puts a 4-shard
 * job array of a small experiment and its merge job (afterok on the array) on the cluster; when
 * both have finished, the merged CSVs must be byte-identical to a single-machine run of the same
 * config.
 *
 * The cluster: .ci/slurm-setup.sh installs Debian's slurm-wlm and munge and starts a one-node
 * cluster as root (proctrack/linuxproc, task/none). The folders live under results/ in the
 * project (git-ignored), not in /tmp: on a real cluster the compute nodes must see them.
 *
 * Without sbatch, or with a cluster that does not answer, the test skips with a printed reason;
 * under CI=true it fails instead.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { afterAll, describe, expect, test } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'chokepoint.js');
const CI = process.env.CI === 'true';
const SHARDS = 4;
/** how long the array and the merge may take on the cluster */
const WAIT_MS = 240_000;

function slurmStatus(): { ok: true } | { ok: false; reason: string } {
  const v = spawnSync('sbatch', ['--version'], { encoding: 'utf8', timeout: 10_000 });
  if (v.error || v.status !== 0) return { ok: false, reason: 'sbatch not found (sudo .ci/slurm-setup.sh installs and starts a one-node Slurm)' };
  const s = spawnSync('sinfo', ['-h', '-o', '%t'], { encoding: 'utf8', timeout: 20_000 });
  if (s.error || s.status !== 0) return { ok: false, reason: `sinfo fails: ${(s.stderr || String(s.error)).trim()} (is slurmctld running? .ci/slurm-setup.sh)` };
  const states = s.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
  if (!states.some((t) => /^(idle|mix|alloc|comp)/.test(t))) return { ok: false, reason: `no node up in sinfo (states: ${states.join(', ') || 'none'}; .ci/slurm-setup.sh)` };
  return { ok: true };
}

const STATUS = slurmStatus();
const HAVE = STATUS.ok;
if (!STATUS.ok && !CI) console.log(`skipping the Slurm system test: ${STATUS.reason}`);

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

/** The environment the CLI (and, through sbatch's --export=ALL, the jobs) run in: the real model. */
function env(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.CHOKEPOINT_MODEL_MODULE;
  return e;
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A job's state: squeue while it is known there, then scontrol (finished jobs), then sacct. */
function jobStates(id: string): string[] {
  const q = spawnSync('squeue', ['-h', '-j', id, '-o', '%T'], { encoding: 'utf8', timeout: 20_000 });
  const queued = q.status === 0 ? q.stdout.split('\n').map((l) => l.trim()).filter(Boolean) : [];
  if (queued.length > 0) return queued;
  const c = spawnSync('scontrol', ['show', 'job', '-o', id], { encoding: 'utf8', timeout: 20_000 });
  if (c.status === 0) {
    const states = [...c.stdout.matchAll(/JobState=(\S+)/g)].map((m) => m[1]!);
    if (states.length > 0) return states;
  }
  const a = spawnSync('sacct', ['-n', '-X', '-P', '-j', id, '-o', 'State'], { encoding: 'utf8', timeout: 20_000 });
  return a.status === 0 ? a.stdout.split('\n').map((l) => l.trim().split(' ')[0]!).filter(Boolean) : ['UNKNOWN'];
}

const ACTIVE = /^(PENDING|RUNNING|CONFIGURING|COMPLETING|REQUEUED|RESIZING|SUSPENDED)/;

async function waitFor(ids: string[], ms: number): Promise<Record<string, string[]>> {
  const until = Date.now() + ms;
  for (;;) {
    const states = Object.fromEntries(ids.map((id) => [id, jobStates(id)]));
    if (!Object.values(states).some((ss) => ss.some((s) => ACTIVE.test(s)))) return states;
    if (Date.now() > until) return states;
    await new Promise((r) => setTimeout(r, 2000));
  }
}

function logs(dir: string): string {
  const d = join(dir, 'slurm', 'logs');
  if (!existsSync(d)) return '(no logs)';
  return readdirSync(d)
    .sort()
    .map((f) => `--- ${f}\n${readFileSync(join(d, f), 'utf8').slice(-2000)}`)
    .join('\n');
}

function csvs(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (f.endsWith('.csv')) out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}

describe('a sweep on Slurm: job array of shards + merge job', () => {
  test.runIf(!HAVE && CI)('Slurm is installed and up (CI)', () => {
    expect.fail(`${STATUS.ok ? '' : STATUS.reason}: .ci/run runs .ci/slurm-setup.sh before the system tests`);
  });

  test.runIf(HAVE)(`chokepoint slurm --submit: ${SHARDS} shards and the merge give the CSVs of one machine, byte for byte`, async () => {
    const base = mkdtempSync(join(ROOT, 'results', '.slurm-test-'));
    made.push(base);
    const scale = { 'population.scale': 0.05 };
    const cfg = join(base, 'small.yaml');
    writeFileSync(
      cfg,
      stringify({
        name: 'slurm-small',
        seed: 5,
        replications: 2,
        horizon_weeks: 60,
        scenarios: [
          { name: 'baseline', overrides: scale },
          { name: 'ga-ban', overrides: scale, events: [{ type: 'export_control', commodity: ['gallium'], target: 'ex_cn', approval: 0, start: 53 }] },
        ],
        reference_scenario: 'baseline',
        sweep: { grid: { 'buyers.phi': [1, 2] } },
        outputs: { timeseries: true, events: true, books: true },
      }),
    );
    const out = join(base, 'cluster');
    const single = join(base, 'single');

    const sub = await cli(['slurm', cfg, '--shards', String(SHARDS), '--cpus', '1', '--time', '10:00', '--out', out, '--submit']);
    expect(sub.code, sub.stderr).toBe(0);
    expect(sub.stdout).toContain(`#SBATCH --array=0-${SHARDS - 1}`);
    const m = /submitted: shards job (\d+) .*merge job (\d+)/.exec(sub.stdout);
    expect(m, sub.stdout).not.toBeNull();
    const [arrayId, mergeId] = [m![1]!, m![2]!];

    // the single-machine run while the cluster works
    const one = await cli(['run', cfg, '--out', single, '--threads', '2', '--no-report']);
    expect(one.code, one.stderr).toBe(0);

    const states = await waitFor([arrayId, mergeId], WAIT_MS);
    const detail = `job states: ${JSON.stringify(states)}\n${logs(out)}`;
    expect(states[arrayId]!.every((s) => s === 'COMPLETED'), detail).toBe(true);
    expect(states[mergeId], detail).toEqual(['COMPLETED']);

    for (let k = 0; k < SHARDS; k++) expect(existsSync(join(out, 'shards', `${k}-of-${SHARDS}`, 'manifest.json')), detail).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8')) as { status: string; runs: { total: number }; merged_from: { count: number; shards: { scheduler: Record<string, string> }[] } };
    expect(manifest.status).toBe('complete');
    expect(manifest.runs.total).toBe(8);
    expect(manifest.merged_from.count).toBe(SHARDS);
    expect(manifest.merged_from.shards.map((s) => s.scheduler.SLURM_ARRAY_JOB_ID)).toEqual(Array(SHARDS).fill(arrayId));

    const a = csvs(single);
    expect(Object.keys(a)).toEqual(['actors.csv', 'books.csv', 'events.csv', 'failures.csv', 'postures.csv', 'runs.csv', 'summary.csv', 'timeseries.csv']);
    const b = csvs(out);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    for (const f of Object.keys(a)) expect(b[f] === a[f], `${f} differs between the merged shards and the single run`).toBe(true);
    expect(existsSync(join(out, 'report', 'report.html')), detail).toBe(true);
  });
});
