/**
 * The CLI end to end: `node bin/chokepoint.js ...` in a child process.
 * The first blocks run the stub model (CHOKEPOINT_MODEL_MODULE) so they test the runner alone;
 * the last block runs the real model and only runs once src/agents/world.ts exports simulate.
 */
import { spawn } from 'node:child_process';
import { Writable } from 'node:stream';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { EXPERIMENTS_DIR } from '../../src/runner/paths.js';
import { autoMode, main } from '../../src/runner/cli.js';
import { loaded, snapshotDir, STUB_MODEL_PATH, tempDir, writeYaml } from './helpers.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = join(ROOT, 'bin', 'chokepoint.js');
const WORLD = join(ROOT, 'src', 'agents', 'world.ts');
// Set CHOKEPOINT_SKIP_MODEL_TESTS=1 to skip them while the model is being rewritten.
const HAS_MODEL = existsSync(WORLD) && /export function simulate\b/.test(readFileSync(WORLD, 'utf8')) && process.env.CHOKEPOINT_SKIP_MODEL_TESTS !== '1';

interface Done {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function cli(args: string[], o: { cwd?: string; env?: Record<string, string>; stub?: boolean; onSpawn?: (kill: (s: NodeJS.Signals) => void) => void } = {}): Promise<Done> {
  return new Promise((resolve, reject) => {
    const env: Record<string, string | undefined> = { ...process.env, ...o.env };
    if (o.stub !== false) env.CHOKEPOINT_MODEL_MODULE = STUB_MODEL_PATH;
    else delete env.CHOKEPOINT_MODEL_MODULE;
    const child = spawn(process.execPath, [BIN, ...args], { cwd: o.cwd ?? ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
    o.onSpawn?.((s) => child.kill(s));
  });
}

/** main() in this process (no tsx start-up): for the cases that write nothing. */
async function inProcess(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const sink = (f: (s: string) => void): Writable => new Writable({ write: (c: Buffer, _e, cb) => (f(c.toString()), cb()) });
  const code = await main(['node', 'chokepoint', ...args], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
  return { code, stdout, stderr };
}

const small = {
  seed: 2,
  replications: 3,
  horizon_weeks: 60,
  scenarios: [
    { name: 'baseline', overrides: { 'population.scale': 0.05 } },
    { name: 'ga-cut', overrides: { 'population.scale': 0.05 }, events: [{ type: 'supply_outage', commodity: 'gallium', where: 'cn_origin', share: 0.8, start: 53, end: 57 }] },
  ],
  reference_scenario: 'baseline',
  sweep: { grid: { 'buyers.phi': [1, 2] } },
};

describe('bad configs: exit 2, the problem named, nothing written', () => {
  const cases: [string, string, RegExp][] = [
    ['wrong type', 'horizon_weeks: "long"\n', /horizon_weeks: must be an integer.*"long"/],
    ['unknown key', 'replicatoins: 2\n', /replicatoins: unknown key \(did you mean "replications"\?\)/],
    ['negative population', 'scenarios:\n  - name: a\n    overrides: {population.scale: -1}\n', /scenarios\[0\]\.overrides\.population\.scale: must be in \[0\.001, 250\].*-1/],
    ['unknown commodity', 'scenarios:\n  - name: a\n    events: [{type: supply_outage, commodity: unobtainium, where: all, share: 0.5, start: 60}]\n', /scenarios\[0\]\.events\[0\]\.commodity: must be one of .*gallium.*"unobtainium"/],
    ['malformed YAML', 'seed: 1\nscenarios: [\n  - name: a\n', /line \d+, column \d+: malformed YAML/],
    ['replications: -3', 'replications: -3\n', /replications: must be a positive integer.*-3/],
    ['seed: "abc"', 'seed: "abc"\n', /seed: must be a non-negative integer.*"abc"/],
  ];
  test.each(cases)('%s', async (_name, text, problem) => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'bad.yaml', text);
    const out = join(dir, 'out');
    const v = await inProcess(['validate', cfg]);
    expect(v.code).toBe(2);
    expect(v.stderr).toMatch(problem);
    const r = await inProcess(['run', cfg, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(problem);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
  });

  test('through bin/chokepoint.js: exit status 2, nothing written, not even results/', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'bad.yaml', 'seed: "abc"\nscenarios: [{name: a, overrides: {population.scale: -1}}]\n');
    const r = await cli(['run', cfg], { cwd: dir });
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toContain('2 problems');
    expect(r.stderr).toMatch(/seed: .*"abc"/);
    expect(r.stderr).toMatch(/scenarios\[0\]\.overrides\.population\.scale: .*-1/);
    expect(readdirSync(dir)).toEqual(['bad.yaml']);
    const u = await cli(['run', cfg, '--threads', 'many'], { cwd: dir });
    expect(u.code).toBe(2);
    expect(u.stderr).toContain('--threads must be an integer');
  });

  test('usage errors are exit 2 too', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'ok.yaml', small);
    for (const args of [['run', cfg, '--threads', 'many'], ['run', cfg, '--bogus'], ['run'], ['frobnicate'], [], ['run', cfg, '--force', '--resume'], ['run', cfg, '--parallel', 'sideways'], ['run', join(dir, 'missing.yaml')], ['replay', dir, 'x-r0']]) {
      const r = await inProcess(args);
      expect(r.code, `${args.join(' ')}\n${r.stderr}`).toBe(2);
    }
    expect((await inProcess(['--help'])).code).toBe(0);
    expect((await inProcess(['--version'])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
    expect(readdirSync(dir)).toEqual(['ok.yaml']);
  });
});

describe('run (stub model)', () => {
  test('--threads 1 and --threads 2 write byte-identical CSVs; the summary names the files', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'small.yaml', small);
    const [a, b] = await Promise.all([cli(['run', cfg, '--out', join(dir, 't1'), '--threads', '1'], { cwd: dir }), cli(['run', cfg, '--out', join(dir, 't2'), '--threads', '2'], { cwd: dir })]);
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(snapshotDir(join(dir, 't1'))).toEqual(snapshotDir(join(dir, 't2')));
    expect(a.stdout).toContain('12 runs (12 ok)');
    expect(a.stdout).toMatch(/ga-cut\s+6/);
    expect(a.stdout).toContain('runs.csv, actors.csv, summary.csv, failures.csv, manifest.json');
    expect(JSON.parse(readFileSync(join(dir, 't2', 'manifest.json'), 'utf8')).threads).toBe(2);
  });

  test('default output folder is results/<name>/; a second run is refused, --force starts over', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'tiny.yaml', { ...small, replications: 1 });
    expect((await cli(['run', cfg, '--threads', '1'], { cwd: dir })).code).toBe(0);
    expect(existsSync(join(dir, 'results', 'tiny', 'runs.csv'))).toBe(true);
    const again = await cli(['run', cfg, '--threads', '1'], { cwd: dir });
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/not empty.*--force/);
    expect((await cli(['run', cfg, '--threads', '1', '--force'], { cwd: dir })).code).toBe(0);
    expect((await cli(['run', cfg, '--threads', '1', '--resume'], { cwd: dir })).stdout).toContain('nothing to do');
  });

  test('--replications and --seed replace the config values', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'tiny.yaml', { ...small, replications: 1 });
    const r = await cli(['run', cfg, '--replications', '2', '--seed', '9', '--threads', '1', '--out', join(dir, 'o')], { cwd: dir });
    expect(r.code, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(dir, 'o', 'manifest.json'), 'utf8'));
    expect([m.config.replications, m.config.seed, m.seeds.length]).toEqual([2, 9, 2]);
  });

  test('a failing run: failures.csv, exit 1, the other runs written', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'f.yaml', { ...small, scenarios: [...small.scenarios, { name: 'broken', overrides: { 'population.scale': 0.013 } }] });
    const r = await cli(['run', cfg, '--out', join(dir, 'o'), '--threads', '2'], { cwd: dir });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('failures.csv');
    const failures = readFileSync(join(dir, 'o', 'failures.csv'), 'utf8').trim().split('\n');
    expect(failures).toHaveLength(1 + 6);
    expect(readFileSync(join(dir, 'o', 'runs.csv'), 'utf8').trim().split('\n')).toHaveLength(1 + 12 * COMMODITIES.length * SEGMENTS.length);
  });

  test('Ctrl-C keeps finished runs; --resume gives the bytes of an uninterrupted run', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 's.yaml', small);
    const env = { STUB_MODEL_SLEEP_MS: '150' };
    const whole = await cli(['run', cfg, '--out', join(dir, 'whole'), '--threads', '2'], { cwd: dir, env });
    expect(whole.code, whole.stderr).toBe(0);

    const out = join(dir, 'cut');
    const journal = join(out, '.runs', 'journal.bin');
    const cut = await cli(['run', cfg, '--out', out, '--threads', '2'], {
      cwd: dir,
      env,
      onSpawn: (kill) => {
        const poll = setInterval(() => {
          // a finished run's record is a few kB: wait for about three of them
          if (existsSync(journal) && statSync(journal).size > 9000) {
            clearInterval(poll);
            kill('SIGINT');
          }
        }, 20);
      },
    });
    expect(cut.code, cut.stderr).toBe(130);
    expect(cut.stderr).toContain('--resume');
    expect(readdirSync(out)).toEqual(['.runs']);

    const resumed = await cli(['run', cfg, '--out', out, '--threads', '1', '--resume'], { cwd: dir, env });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/from an earlier session/);
    expect(snapshotDir(out)).toEqual(snapshotDir(join(dir, 'whole')));
  });

  test('validate and list', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'small.yaml', small);
    const v = await inProcess(['validate', cfg]);
    expect(v.code).toBe(0);
    expect(v.stdout).toContain('2 scenarios x 2 points x 3 replications = 12 runs');
    expect(readdirSync(dir)).toEqual(['small.yaml']);
    const l = await inProcess(['list']);
    expect(l.code).toBe(0);
    expect(l.stdout).toMatch(/experiments\/baseline\.yaml\s+\S/);
    expect(l.stdout).toMatch(/experiments\/supply-shock\.yaml\s+\S/);
  });

  test('validate on a game config checks it as a game (as game --validate does), not as an experiment', async () => {
    const ok = await inProcess(['validate', join(EXPERIMENTS_DIR, 'retaliation-game-small.yaml')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/^ok: .*retaliation-game-small\.yaml: "retaliation-game-small": china \(2\) x jp \(2\) = 4 profiles x 1 US posture x 2 replications = 8 runs/);
    const dir = tempDir();
    const bad = writeYaml(dir, 'bad-game.yaml', { name: 'g', players: { china: ['restraint', 'nonsense'] } });
    const b = await inProcess(['validate', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/players\.china\[1\]: must be one of restraint/);
    expect(b.stderr).not.toMatch(/unknown key/);
  });
});

describe('--parallel auto', () => {
  const cfg = (replications: number, scale: number) => loaded({ replications, horizon_weeks: 60, scenarios: [{ name: 'a', overrides: { 'population.scale': scale } }] }).config;
  test('splits runs over threads only for fewer runs than threads, all of 1e5+ agents', () => {
    expect(autoMode(cfg(1, 20), 2)).toBe('agents');
    expect(autoMode(cfg(1, 1), 2)).toBe('runs'); // a small world: one run per thread is better
    expect(autoMode(cfg(2, 20), 2)).toBe('runs'); // as many runs as threads: keep every thread on its own run
    expect(autoMode(cfg(1, 20), 1)).toBe('runs');
  });
});

describe.runIf(HAS_MODEL)('run (the real model)', () => {
  const real = { ...small, replications: 2, sweep: undefined };

  test('--threads 1 and --threads 2 write byte-identical CSVs', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'real.yaml', real);
    const a = await cli(['run', cfg, '--out', join(dir, 't1'), '--threads', '1'], { cwd: dir, stub: false });
    const b = await cli(['run', cfg, '--out', join(dir, 't2'), '--threads', '2'], { cwd: dir, stub: false });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(snapshotDir(join(dir, 't1'))).toEqual(snapshotDir(join(dir, 't2')));
  }, 180_000);

  test('--parallel agents (each run split over 2 threads) writes the bytes of --parallel runs', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'real.yaml', { ...real, outputs: { timeseries: true, events: true, books: true, flows: true } });
    const a = await cli(['run', cfg, '--out', join(dir, 'runs'), '--threads', '2', '--parallel', 'runs'], { cwd: dir, stub: false });
    const b = await cli(['run', cfg, '--out', join(dir, 'agents'), '--threads', '2', '--parallel', 'agents'], { cwd: dir, stub: false });
    expect(a.code, a.stderr).toBe(0);
    expect(b.code, b.stderr).toBe(0);
    expect(snapshotDir(join(dir, 'runs'))).toEqual(snapshotDir(join(dir, 'agents')));
    const m = JSON.parse(readFileSync(join(dir, 'agents', 'manifest.json'), 'utf8')) as { parallel: string };
    expect(m.parallel).toBe('agents');
  }, 180_000);

  test('Ctrl-C and --resume give the bytes of an uninterrupted run', async () => {
    const dir = tempDir();
    const cfg = writeYaml(dir, 'real.yaml', { ...real, replications: 4 });
    expect((await cli(['run', cfg, '--out', join(dir, 'whole'), '--threads', '2'], { cwd: dir, stub: false })).code).toBe(0);
    const out = join(dir, 'cut');
    const journal = join(out, '.runs', 'journal.bin');
    const cut = await cli(['run', cfg, '--out', out, '--threads', '1'], {
      cwd: dir,
      stub: false,
      onSpawn: (kill) => {
        const poll = setInterval(() => {
          if (existsSync(journal) && statSync(journal).size > 0) {
            clearInterval(poll);
            kill('SIGINT');
          }
        }, 10);
      },
    });
    expect([0, 130]).toContain(cut.code); // 0 if it finished before the signal landed
    const resumed = await cli(['run', cfg, '--out', out, '--threads', '2', '--resume'], { cwd: dir, stub: false });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(snapshotDir(out)).toEqual(snapshotDir(join(dir, 'whole')));
  }, 300_000);
});
