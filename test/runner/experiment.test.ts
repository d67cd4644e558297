import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { UsageError } from '../../src/runner/errors.js';
import { runExperiment, type ExperimentOptions } from '../../src/runner/experiment.js';
import type { Manifest } from '../../src/runner/manifest.js';
import { ACTOR_ROWS } from '../../src/runner/metrics.js';
import { POSTURE_ACTORS } from '../../src/runner/outputs.js';
import { replayRun } from '../../src/runner/replay.js';
import { loaded, snapshotDir, STUB_MODEL, tempDir } from './helpers.js';

/** rows of runs.csv per run */
const MARKETS = COMMODITIES.length * SEGMENTS.length;

const base = {
  seed: 3,
  replications: 3,
  horizon_weeks: 70,
  scenarios: [
    { name: 'baseline', overrides: { 'population.scale': 0.05 } },
    {
      name: 'outage',
      overrides: { 'population.scale': 0.05 },
      events: [
        { type: 'supply_outage', commodity: 'gallium', where: 'cn_origin', share: 0.8, start: 55, end: 60 },
        { type: 'vault', start: 56 },
      ],
    },
  ],
  reference_scenario: 'baseline',
  sweep: { grid: { 'buyers.phi': [1, 2] } },
  outputs: { timeseries: true, flows: true, events: true, books: true, ci: 'bootstrap', bootstrap_resamples: 200 },
};

const opts = (outDir: string, o: Partial<ExperimentOptions> = {}, cfg: Record<string, unknown> = base): ExperimentOptions => ({
  loaded: loaded(cfg, 'exp.yaml'),
  outDir,
  mode: 'runs',
  threads: 2,
  modelModule: STUB_MODEL,
  ...o,
});

describe('runExperiment', () => {
  test('--threads 1, 2 and in-process give byte-identical CSVs', async () => {
    const dirs = [tempDir(), tempDir(), tempDir()].map((d) => join(d, 'out'));
    await runExperiment(opts(dirs[0]!, { threads: 1 }));
    await runExperiment(opts(dirs[1]!, { threads: 2 }));
    const r = await runExperiment(opts(dirs[2]!, { mode: 'none', threads: 0 }));
    expect(r).toMatchObject({ status: 'complete', total: 12, ok: 12, failed: 0 });
    const a = snapshotDir(dirs[0]!);
    expect(Object.keys(a)).toEqual(['actors.csv', 'books.csv', 'events.csv', 'failures.csv', 'flows.csv', 'postures.csv', 'runs.csv', 'summary.csv', 'timeseries.csv']);
    expect(snapshotDir(dirs[1]!)).toEqual(a);
    expect(snapshotDir(dirs[2]!)).toEqual(a);
    expect(existsSync(join(dirs[0]!, '.runs'))).toBe(false);
    expect(a['failures.csv']).toBe('run_id,scenario,replicate,seed,error,buyers.phi\n');
    expect(a['runs.csv']!.split('\n')).toHaveLength(1 + 12 * MARKETS + 1);
    expect(a['actors.csv']!.split('\n')).toHaveLength(1 + 12 * ACTOR_ROWS.length + 1);
    expect(a['events.csv']!.split('\n')).toHaveLength(1 + 6 * 2 + 1); // the outage runs log 2 events each
    expect(a['books.csv']!.split('\n')).toHaveLength(1 + 12 * 70 + 1);
    // summary: 2 scenarios x 2 points, bootstrap, paired differences for the outage rows
    const summary = a['summary.csv']!.split('\n').slice(1, -1).map((l) => l.split(','));
    expect(summary.length % 4).toBe(0);
    expect(new Set(summary.map((r) => r[summary[0]!.length - 5]))).toEqual(new Set(['bootstrap']));
    expect(new Set(summary.filter((r) => r[0] === 'outage').map((r) => r.at(-1)))).toEqual(new Set(['3', '0'])); // 0: the stub's recyclers have no output
    expect(summary.filter((r) => r[0] === 'baseline').every((r) => r.at(-1) === '')).toBe(true);
  });

  test('the manifest records config, hash, seeds, versions, threads and timings', async () => {
    const dir = join(tempDir(), 'out');
    const o = opts(dir, { threads: 2 });
    await runExperiment(o);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.schema_version).toBe(1);
    expect(m.config_hash).toBe(o.loaded.hash);
    expect(m.config).toEqual(o.loaded.config);
    expect(m.seeds.map((s) => s.replicate)).toEqual([0, 1, 2]);
    expect(m.tool.version).toMatch(/^\d+\.\d+\.\d+/);
    expect(m.node_version).toBe(process.version);
    expect(m).toMatchObject({ threads: 2, parallel: 'runs', status: 'complete', runs: { total: 12, ok: 12, failed: 0 }, swept_parameters: ['buyers.phi'] });
    expect(m.files).toEqual(['runs.csv', 'actors.csv', 'summary.csv', 'timeseries.csv', 'flows.csv', 'events.csv', 'postures.csv', 'books.csv', 'failures.csv', 'manifest.json']);
    expect(m.timings.sessions).toHaveLength(1);
    expect('commit' in m.git).toBe(true);
  });

  test('a failing run is recorded in failures.csv, the others are written, the journal is kept', async () => {
    const dir = join(tempDir(), 'out');
    const cfg = { ...base, scenarios: [...base.scenarios, { name: 'broken', overrides: { 'population.scale': 0.013 } }] };
    const r = await runExperiment(opts(dir, {}, cfg));
    expect(r).toMatchObject({ status: 'failed', total: 18, ok: 12, failed: 6 });
    const failures = readFileSync(join(dir, 'failures.csv'), 'utf8').split('\n');
    expect(failures).toHaveLength(1 + 6 + 1);
    expect(failures[1]).toMatch(/^broken-p[0-9a-f]{12}-r0,broken,0,\d+,RangeError: stub model: population.scale 0.013 always fails,1$/);
    expect(existsSync(join(dir, '.runs', 'journal.bin'))).toBe(true);
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(m).toMatchObject({ status: 'failed', runs: { ok: 12, failed: 6 } });
    // --resume retries only the failed runs (they fail again: deterministic)
    const again = await runExperiment(opts(dir, { resume: true }, cfg));
    expect(again).toMatchObject({ status: 'failed', resumed: 12, failed: 6 });
  });

  test('interrupted, then --resume: the bytes of an uninterrupted run', async () => {
    const whole = join(tempDir(), 'whole');
    await runExperiment(opts(whole, { threads: 2 }));

    const dir = join(tempDir(), 'cut');
    const ac = new AbortController();
    const first = await runExperiment(
      opts(dir, {
        threads: 2,
        signal: ac.signal,
        onProgress: (p) => {
          if (p.done >= 5) ac.abort();
        },
      }),
    );
    expect(first.status).toBe('interrupted');
    expect(first.ok).toBeGreaterThanOrEqual(5);
    expect(first.ok).toBeLessThan(12);
    // nothing that looks whole is left behind
    expect(readdirSync(dir)).toEqual(['.runs']);
    expect(readdirSync(join(dir, '.runs')).sort()).toEqual(['journal.bin', 'plan.json']);

    // a plain run into that folder is refused
    await expect(runExperiment(opts(dir))).rejects.toThrow(UsageError);

    const second = await runExperiment(opts(dir, { threads: 1, resume: true }));
    expect(second).toMatchObject({ status: 'complete', ok: 12, resumed: first.ok });
    expect(snapshotDir(dir)).toEqual(snapshotDir(whole));
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    expect(m.timings.sessions.map((s) => s.interrupted)).toEqual([true, false]);

    // resuming a finished folder is a no-op
    expect((await runExperiment(opts(dir, { resume: true }))).status).toBe('up-to-date');
  });

  test('a crash that cut the journal mid-record still resumes to the same bytes', async () => {
    const whole = join(tempDir(), 'whole');
    await runExperiment(opts(whole, { mode: 'none', threads: 0 }));
    const dir = join(tempDir(), 'crash');
    const ac = new AbortController();
    await runExperiment(opts(dir, { mode: 'none', threads: 0, signal: ac.signal, onProgress: (p) => p.done >= 4 && ac.abort() }));
    const j = join(dir, '.runs', 'journal.bin');
    writeFileSync(j, readFileSync(j).subarray(0, readFileSync(j).length - 100)); // tear the last record
    writeFileSync(join(dir, '.runs', 'runs.csv.tmp'), 'half a file');
    const r = await runExperiment(opts(dir, { mode: 'none', threads: 0, resume: true }));
    expect(r.status).toBe('complete');
    expect(r.resumed).toBe(3);
    expect(snapshotDir(dir)).toEqual(snapshotDir(whole));
  });

  test('output folder rules: refuse non-empty, --force starts over keeping foreign files, resume needs the same config', async () => {
    const dir = join(tempDir(), 'out');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    await expect(runExperiment(opts(dir))).rejects.toThrow(/not empty.*--force/);
    await expect(runExperiment(opts(dir, { resume: true }))).rejects.toThrow(/no experiment to resume/);
    await expect(runExperiment(opts(dir, { force: true, resume: true }))).rejects.toThrow(UsageError);
    const r = await runExperiment(opts(dir, { force: true }));
    expect(r.status).toBe('complete');
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('mine');

    // interrupted, then resumed with another config: refused
    const cut = join(tempDir(), 'cut');
    const ac = new AbortController();
    await runExperiment(opts(cut, { mode: 'none', signal: ac.signal, onProgress: (p) => p.done >= 2 && ac.abort() }));
    await expect(runExperiment(opts(cut, { resume: true }, { ...base, seed: 4 }))).rejects.toThrow(/another config/);
    // a finished folder of another config is refused too
    await expect(runExperiment(opts(dir, { resume: true }, { ...base, seed: 4 }))).rejects.toThrow(/another config/);
  });

  test('a model that cannot be loaded fails before anything is written', async () => {
    const dir = join(tempDir(), 'out');
    await expect(runExperiment(opts(dir, { modelModule: new URL('./fixtures/missing.ts', import.meta.url).href }))).rejects.toThrow(/cannot load the model/);
    expect(existsSync(dir)).toBe(false);
  });

  test('replay re-runs one run from the manifest and finds the same rows', async () => {
    const dir = join(tempDir(), 'out');
    await runExperiment(opts(dir, { threads: 2 }));
    const id = readFileSync(join(dir, 'runs.csv'), 'utf8').split('\n')[1 + 6 * MARKETS]!.split(',')[0]!; // the first outage run
    const r = await replayRun(dir, id, STUB_MODEL);
    expect(r.reproduced).toBe(true);
    expect(r.checks.map((c) => c.rows)).toEqual([MARKETS, ACTOR_ROWS.length, 2, POSTURE_ACTORS.length]); // runs.csv, actors.csv, events.csv, postures.csv
    // a tampered row is caught
    const p = join(dir, 'actors.csv');
    writeFileSync(p, readFileSync(p, 'utf8').replace(new RegExp(`^(${id},[^\\n]*?),(-?[0-9.e-]+)\\n`, 'm'), '$1,999\n'));
    const bad = await replayRun(dir, id, STUB_MODEL);
    expect(bad.reproduced).toBe(false);
    await expect(replayRun(dir, 'nope-r0', STUB_MODEL)).rejects.toThrow(/no run/);
  });
});
