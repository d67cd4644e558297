import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { BLOCS, COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS } from '../../src/agents/model.js';
import { expandRuns } from '../../src/runner/expand.js';
import type { JournalRecord } from '../../src/runner/journal.js';
import { ACTOR_METRICS, ACTOR_ROWS, MARKET_METRICS } from '../../src/runner/metrics.js';
import { actorsColumns, BOOKS_COLUMNS, EVENTS_COLUMNS, FLOWS_COLUMNS, OrderedWriter, POSTURE_ACTORS, POSTURES_COLUMNS, posturesRows, runsColumns, runsRows, SETTLE_WEEKS, TIMESERIES_COLUMNS } from '../../src/runner/outputs.js';
import { summaryColumns } from '../../src/runner/summary.js';
import { FLOW_WIDTH, sparseFlows, type RunResult } from '../../src/runner/task.js';
import { loaded, tempDir } from './helpers.js';

const M = COMMODITIES.length * SEGMENTS.length;
const G = ACTOR_ROWS.length;

const config = loaded({ replications: 3, horizon_weeks: 53, scenarios: [{ name: 'a' }, { name: 'b' }], sweep: { grid: { 'buyers.phi': [1, 2] } }, outputs: { timeseries: true } }).config;
const runs = expandRuns(config);

function record(i: number): JournalRecord {
  if (i === 4) return { kind: 'failed', index: i, run_id: runs[i]!.run_id, error: 'Error, with "quotes"\nand a newline', attempts: 2 };
  const market = new Float64Array(M * MARKET_METRICS.length).map((_, k) => (k % 7 === 3 ? NaN : i + k / 3));
  const actor = new Float64Array(G * ACTOR_METRICS.length).map((_, k) => -k / 7);
  const w = config.horizon_weeks;
  const ts = (f: number): Float64Array => new Float64Array(w * M).map((_, k) => f * k + i);
  const flows = new Float64Array(w * FLOW_WIDTH);
  flows[2] = 1.5 + i; // week 0, ndpr, from China, to jp (BLOCS[2])
  flows[FLOW_WIDTH + 2 * BLOCS.length + BLOCS.length + 9] = 2; // week 1, dytb, not from China, to row
  const books = { weeks: w, vault: new Float64Array(w * VAULT_BOOK_COLUMNS.length).fill(i), cn: new Float64Array(w * CN_OFFICE_COLUMNS.length).fill(0.5), floor: new Float64Array(w * 2).fill(7) };
  const events = [{ week: 2, actor: 'cn_office', type: 'licences_required', commodity: 'ndpr+dytb', target: 'ex_cn', value: 0.25, detail: 'script, "quoted"' }];
  const result: RunResult = { index: i, run_id: runs[i]!.run_id, market, actor, agents: 1, firstShockWeek: -1, ms: 1, timeseries: { weeks: w, markets: M, price: ts(1), traded: ts(2), demand: ts(3), supply: ts(4), shortage: ts(0) }, flows: sparseFlows(flows, w), events, books };
  return { kind: 'ok', index: i, run_id: runs[i]!.run_id, result };
}

function writeInOrder(order: number[]): Record<string, string> {
  const dir = tempDir();
  const w = new OrderedWriter<number>({
    dir,
    tmpDir: dir,
    runs,
    swept: ['buyers.phi'],
    startDate: config.start_date,
    horizonWeeks: config.horizon_weeks,
    timeseries: true,
    flows: true,
    events: true,
    books: true,
    summary: { reference: 'a', ci: 't', resamples: 100, seed: 1 },
    load: record,
  });
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
    expect(lines('actors.csv')[0]).toBe(
      'run_id,scenario,replicate,seed,actor,unit_cost_change,shortage_share,output_change,revenue_change,buyers.phi,' +
        'revenue,rent,net_income,books_residual_max,inventory_cost_end,inventory_value_end,ex_cn_share_change,noncn_capacity_change,price_floor_cost',
    );
    expect(lines('actors.csv').slice(1, 1 + G).map((l) => l.split(',')[4])).toEqual([...ACTOR_ROWS]);
    expect(ACTOR_ROWS.slice(-3)).toEqual(['us_vault', 'cn_office', 'us_price_floor']);
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

  test('flows.csv (non-zero cells only), events.csv (quoted details), books.csv', () => {
    const f = writeInOrder([...runs.keys()]);
    const lines = (name: string): string[] => f[name]!.split('\n').slice(0, -1);
    expect(lines('flows.csv')[0]).toBe(FLOWS_COLUMNS.join(','));
    expect(lines('flows.csv')).toHaveLength(1 + (runs.length - 1) * 2);
    expect(lines('flows.csv')[1]).toBe(`${runs[0]!.run_id},a,0,0,2025-01-06,ndpr,cn,jp,1.5`);
    expect(lines('flows.csv')[2]).toBe(`${runs[0]!.run_id},a,0,1,2025-01-13,dytb,non_cn,row,2`);
    expect(lines('events.csv')[0]).toBe(EVENTS_COLUMNS.join(','));
    expect(lines('events.csv')[1]).toBe(`${runs[0]!.run_id},a,0,2,2025-01-20,cn_office,licences_required,ndpr+dytb,ex_cn,0.25,"script, ""quoted"""`);
    expect(lines('events.csv')).toHaveLength(runs.length);
    expect(lines('books.csv')[0]).toBe(BOOKS_COLUMNS.join(','));
    expect(lines('books.csv')[0]).toMatch(/^run_id,scenario,replicate,week,date,vault_cash,vault_inventory_cost,.*,vault_books_residual,cn_export_revenue,.*,cn_controls_active,floor_topups,floor_offtake$/);
    expect(lines('books.csv')).toHaveLength(1 + (runs.length - 1) * config.horizon_weeks);
    expect(lines('books.csv')[1]).toBe(`${runs[0]!.run_id},a,0,0,2025-01-06,${Array(VAULT_BOOK_COLUMNS.length).fill('0').join(',')},${Array(CN_OFFICE_COLUMNS.length).fill('0.5').join(',')},7,7`);
  });

  test('summary.csv: a row per scenario x point x cell x metric; failed runs left out of n', () => {
    const f = writeInOrder([...runs.keys()]);
    const lines = f['summary.csv']!.split('\n').slice(0, -1);
    expect(lines[0]).toBe(summaryColumns(['buyers.phi']).join(','));
    const perBlock = M * MARKET_METRICS.length + (G - 3) * 4 + 5 + 6 + 1;
    expect(lines).toHaveLength(1 + 4 * perBlock); // 2 scenarios x 2 points
    const rows = lines.slice(1).map((l) => l.split(','));
    const col = (name: string): number => summaryColumns(['buyers.phi']).indexOf(name);
    // block a / phi 1 has runs 0-2 (all ok); a / phi 2 has runs 3-5 with run 4 failed
    const first = rows[0]!;
    expect(first.slice(0, 8)).toEqual(['a', runs[0]!.pointId, '1', 'market', 'ndpr', 'cn', '', 'mean_price']);
    expect(first[col('n')]).toBe('3');
    expect(first[col('mean')]).toBe('1'); // k = 0: values i = 0, 1, 2
    expect(first[col('diff_n')]).toBe(''); // a is the reference
    const second = rows[perBlock]!;
    expect(second[col('n')]).toBe('2');
    expect(second[col('mean')]).toBe('4'); // runs 3 and 5
    // b - a, paired: run 6+k minus run k, so 6 for market metrics
    const b0 = rows[2 * perBlock]!;
    expect(b0[col('scenario')]).toBe('b');
    expect([b0[col('diff_mean')], b0[col('diff_ci_low')], b0[col('diff_ci_high')], b0[col('diff_n')]]).toEqual(['6', '6', '6', '3']);
    expect(rows[3 * perBlock]![col('diff_n')]).toBe('2');
    // an actor row: the Vault's books_residual_max has its own row; kr_battery has no such row
    expect(rows.some((r) => r[col('actor')] === 'us_vault' && r[col('metric')] === 'books_residual_max')).toBe(true);
    expect(rows.some((r) => r[col('actor')] === 'kr_battery' && r[col('metric')] === 'books_residual_max')).toBe(false);
  });

  test('nothing appears under the final names before finish; abandon leaves nothing', () => {
    const dir = tempDir();
    const tmp = join(dir, '.runs');
    const mkw = (): OrderedWriter<number> => {
      mkdirSync(tmp, { recursive: true });
      return new OrderedWriter<number>({ dir, tmpDir: tmp, runs, swept: [], startDate: config.start_date, horizonWeeks: 53, timeseries: false, flows: true, summary: { reference: null, ci: 't', resamples: 100, seed: 1 }, load: record });
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

describe('postures.csv (issue 6: do adaptive postures settle?)', () => {
  const run = runs[0]!;
  const dates = Array.from({ length: 300 }, (_, t) => `w${t}`);
  const ev = (week: number, actor: string, type: string, value: number, detail = ''): { week: number; actor: string; type: string; commodity: string; target: string; value: number; detail: string } => ({ week, actor, type, commodity: '', target: '', value, detail });

  test('changes, the last one, the final posture and whether it settled, per actor', () => {
    const events = [
      ev(52, 'gov_jp', 'chip_controls', 1, 'scripted'),
      ev(52, 'cn_office', 'retaliation_planned', 0.3, 'against jp'),
      ev(60, 'cn_office', 'licences_required', 0.3, 'retaliation against jp; median delay 9 weeks'),
      ev(60, 'gov_jp', 'alignment', 0.5),
      ev(70, 'cn_office', 'licences_required', 0.5, 'script; median delay 9 weeks'),
      ev(100, 'gov_jp', 'alignment', 0),
      ev(112, 'cn_office', 'lifted', 1, 'retaliation against jp'),
      ev(250, 'gov_eu', 'alignment', 0.5),
      ev(260, 'cn_office', 'lifted', 1, 'script'),
    ];
    const rows = posturesRows(run, events, dates);
    expect(rows.map((r) => r[3])).toEqual(['gov_jp', 'gov_kr', 'gov_tw', 'gov_eu', 'gov_au', 'gov_in', 'cn_office']);
    const by = new Map(rows.map((r) => [r[3], r.slice(4)]));
    // Japan: two changes, last in week 100, accommodating, unchanged for 199 weeks (>= 104): settled
    expect(by.get('gov_jp')).toEqual(['2', '100', 'w100', '0', 'true', '199']);
    // never changed: settled, no final posture
    expect(by.get('gov_kr')).toEqual(['0', '', '', '', 'true', '300']);
    // the EU hedged 49 weeks before the end: not settled
    expect(by.get('gov_eu')).toEqual(['1', '250', 'w250', '0.5', 'false', '49']);
    // China: one retaliation planned and lifted (scripted regimes are not postures), none in force
    expect(by.get('cn_office')).toEqual(['2', '112', 'w112', '0', 'true', '187']);
    expect(SETTLE_WEEKS).toBe(104);
  });

  test('written beside events.csv, a row per actor and run', () => {
    const files = writeInOrder([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    const lines = files['postures.csv']!.trimEnd().split('\n');
    expect(lines[0]).toBe(POSTURES_COLUMNS.join(','));
    expect(lines.length - 1).toBe((runs.length - 1) * POSTURE_ACTORS.length); // run 4 failed
  });
});
