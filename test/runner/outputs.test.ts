import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { ACTOR_GROUPS, COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { expandRuns } from '../../src/runner/expand.js';
import type { JournalRecord } from '../../src/runner/journal.js';
import { ACTOR_METRICS, MARKET_METRICS } from '../../src/runner/metrics.js';
import { actorsColumns, OrderedWriter, runsColumns, runsRows, TIMESERIES_COLUMNS } from '../../src/runner/outputs.js';
import type { RunResult } from '../../src/runner/task.js';
import { loaded, tempDir } from './helpers.js';

const M = COMMODITIES.length * SEGMENTS.length;
const G = ACTOR_GROUPS.length;

const config = loaded({ replications: 3, horizon_weeks: 53, scenarios: [{ name: 'a' }, { name: 'b' }], sweep: { grid: { 'buyers.phi': [1, 2] } }, outputs: { timeseries: true } }).config;
const runs = expandRuns(config);

function record(i: number): JournalRecord {
  if (i === 4) return { kind: 'failed', index: i, run_id: runs[i]!.run_id, error: 'Error, with "quotes"\nand a newline', attempts: 2 };
  const market = new Float64Array(M * MARKET_METRICS.length).map((_, k) => (k % 7 === 3 ? NaN : i + k / 3));
  const actor = new Float64Array(G * ACTOR_METRICS.length).map((_, k) => -k / 7);
  const w = config.horizon_weeks;
  const ts = (f: number): Float64Array => new Float64Array(w * M).map((_, k) => f * k + i);
  const result: RunResult = { index: i, run_id: runs[i]!.run_id, market, actor, agents: 1, firstShockWeek: -1, ms: 1, timeseries: { weeks: w, markets: M, price: ts(1), traded: ts(2), demand: ts(3), supply: ts(4), shortage: ts(0) } };
  return { kind: 'ok', index: i, run_id: runs[i]!.run_id, result };
}

function writeInOrder(order: number[]): Record<string, string> {
  const dir = tempDir();
  const w = new OrderedWriter<number>({ dir, tmpDir: dir, runs, swept: ['buyers.phi'], startDate: config.start_date, horizonWeeks: config.horizon_weeks, timeseries: true, load: record });
  for (const i of order) w.done(i, i);
  expect(w.written).toBe(runs.length);
  const files = w.finish();
  return Object.fromEntries(files.map((f) => [f.slice(dir.length + 1), readFileSync(f, 'utf8')]));
}

describe('ordered writer', () => {
  test('any completion order gives the same bytes', () => {
    const inOrder = writeInOrder([...runs.keys()]);
    fc.assert(
      fc.property(fc.shuffledSubarray([...runs.keys()], { minLength: runs.length, maxLength: runs.length }), (order) => {
        expect(writeInOrder(order)).toEqual(inOrder);
      }),
      { numRuns: 10 },
    );
  });

  test('headers, row counts, empty cells for NaN, failures quoted', () => {
    const f = writeInOrder([...runs.keys()]);
    const lines = (name: string): string[] => f[name]!.split('\n').slice(0, -1);
    expect(lines('runs.csv')[0]).toBe(runsColumns(['buyers.phi']).join(','));
    expect(lines('runs.csv')[0]).toBe('run_id,scenario,replicate,seed,commodity,segment,mean_price,peak_price_ratio,realized_vol,weeks_above_2x,shortage_share,baseline_price,buyers.phi');
    expect(lines('actors.csv')[0]).toBe(actorsColumns(['buyers.phi']).join(','));
    expect(lines('actors.csv')[0]).toBe('run_id,scenario,replicate,seed,actor,unit_cost_change,shortage_share,output_change,revenue_change,buyers.phi');
    expect(lines('timeseries.csv')[0]).toBe(TIMESERIES_COLUMNS.join(','));
    expect(lines('runs.csv')).toHaveLength(1 + (runs.length - 1) * M);
    expect(lines('actors.csv')).toHaveLength(1 + (runs.length - 1) * G);
    expect(lines('timeseries.csv')).toHaveLength(1 + (runs.length - 1) * M * config.horizon_weeks);
    expect(f['runs.csv']).not.toMatch(/NaN|Infinity/);
    const row0 = lines('runs.csv')[1]!.split(',');
    expect(row0.slice(0, 6)).toEqual([runs[0]!.run_id, 'a', '0', String(runs[0]!.seed), 'ndpr', 'cn']);
    expect(row0[6 + 3]).toBe(''); // k = 3 is NaN
    expect(row0.at(-1)).toBe('1');
    expect(f['failures.csv']).toBe(`run_id,scenario,replicate,seed,error,buyers.phi\n${runs[4]!.run_id},a,1,${runs[4]!.seed},"Error, with ""quotes""\nand a newline",2\n`);
    expect(lines('timeseries.csv')[1]).toBe(`${runs[0]!.run_id},a,0,0,2025-01-06,ndpr,cn,0,0,0,0,0`);
  });

  test('nothing appears under the final names before finish; abandon leaves nothing', () => {
    const dir = tempDir();
    const tmp = join(dir, '.runs');
    const mkw = (): OrderedWriter<number> => {
      mkdirSync(tmp, { recursive: true });
      return new OrderedWriter<number>({ dir, tmpDir: tmp, runs, swept: [], startDate: config.start_date, horizonWeeks: 53, timeseries: false, load: record });
    };
    const w = mkw();
    w.done(1, 1);
    expect(w.written).toBe(0);
    expect(w.waiting).toBe(1);
    w.done(0, 0);
    expect(w.written).toBe(2);
    expect(readdirSync(dir)).toEqual(['.runs']);
    expect(() => w.finish()).toThrow(/not written/);
    w.abandon();
    expect(readdirSync(tmp)).toEqual([]);
    expect(existsSync(join(dir, 'runs.csv'))).toBe(false);
  });

  test('a run reported twice is a bug', () => {
    const dir = tempDir();
    const w = new OrderedWriter<number>({ dir, tmpDir: dir, runs, swept: [], startDate: config.start_date, horizonWeeks: 53, timeseries: false, load: record });
    w.done(0, 0);
    expect(() => w.done(0, 0)).toThrow(/twice/);
    w.abandon();
  });

  test('swept columns show the value the run used', () => {
    const r = record(0);
    const rows = runsRows(runs[0]!, (r as { result: RunResult }).result, ['buyers.phi', 'producers.theta']);
    expect(rows[0]!.slice(-2)).toEqual(['1', '1']);
  });
});
