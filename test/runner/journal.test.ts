import { appendFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { Journal, type JournalRecord } from '../../src/runner/journal.js';
import { sparseFlows, type RunResult } from '../../src/runner/task.js';
import { tempDir } from './helpers.js';

const result = (index: number, withTs = false): RunResult => ({
  index,
  run_id: `a-r${index}`,
  market: new Float64Array([1.5, NaN, -0, 1e-300, Infinity]),
  actor: new Float64Array([index, 0.25]),
  agents: 5000,
  firstShockWeek: 60,
  ms: 12.5,
  timeseries: withTs ? { weeks: 2, markets: 1, price: new Float64Array([1, 2]), traded: new Float64Array([3, 4]), demand: new Float64Array([5, 6]), supply: new Float64Array([7, 8]), shortage: new Float64Array([0, NaN]) } : null,
});

/** A result with every optional part: flows, events, books. */
const full = (index: number): RunResult => ({
  ...result(index, true),
  flows: sparseFlows(new Float64Array([0, 0, 3.5, 0, NaN, 1e-12, 0, 0]), 2),
  events: [
    { week: 1, actor: 'cn_office', type: 'licences_required', commodity: 'ndpr', target: 'ex_cn', value: 0.25, detail: 'a, "b"' },
    { week: 1, actor: 'gov_jp', type: 'alignment', commodity: '', target: 'jp', value: 1, detail: '' },
  ],
  books: { weeks: 2, vault: new Float64Array([1, 2, 3]), cn: new Float64Array([4, NaN]), floor: new Float64Array([5, 6, 7, 8]) },
});

describe('journal', () => {
  test('records read back exactly (NaN, -0, typed arrays, time series)', () => {
    const path = join(tempDir(), 'journal.bin');
    const j = Journal.create(path);
    const recs: JournalRecord[] = [
      { kind: 'ok', index: 3, run_id: 'a-r3', result: result(3, true) },
      { kind: 'failed', index: 1, run_id: 'a-r1', error: 'RangeError: boom', attempts: 2 },
      { kind: 'ok', index: 0, run_id: 'a-r0', result: result(0) },
    ];
    const entries = recs.map((r) => j.append(r));
    for (let i = recs.length - 1; i >= 0; i--) expect(j.read(entries[i]!)).toEqual(recs[i]);
    const back = j.read(entries[0]!);
    expect(back.kind === 'ok' && Object.is(back.result.market[2], -0)).toBe(true);
    j.close();

    const { journal, entries: scanned, droppedBytes } = Journal.open(path);
    expect(droppedBytes).toBe(0);
    expect(scanned).toEqual(entries);
    expect(journal.read(scanned[2]!)).toEqual(recs[2]);
    journal.close();
  });

  test('flows (sparse), events and books read back exactly; readCore skips them', () => {
    const path = join(tempDir(), 'journal.bin');
    const j = Journal.create(path);
    const rec: JournalRecord = { kind: 'ok', index: 7, run_id: 'a-r7', result: full(7) };
    const e = j.append(rec);
    const back = j.read(e);
    expect(back).toEqual(rec);
    expect(back.kind === 'ok' && [...back.result.flows!.cell]).toEqual([2, 4, 5]);
    const core = j.readCore(e);
    expect(core.kind === 'ok' && core.result.timeseries).toBe(null);
    expect(core.kind === 'ok' && [core.result.flows, core.result.events, core.result.books]).toEqual([undefined, undefined, undefined]);
    expect(core.kind === 'ok' && core.result.actor).toEqual(rec.result.actor);
    // a failed record has no bulk
    const f = j.append({ kind: 'failed', index: 8, run_id: 'a-r8', error: 'x', attempts: 2 });
    expect(j.readCore(f)).toEqual(j.read(f));
    j.close();
    expect(Journal.open(path).entries).toHaveLength(2);
  });

  test('a record cut off by a crash is dropped and the file truncated; appending goes on', () => {
    const path = join(tempDir(), 'journal.bin');
    const j = Journal.create(path);
    const e0 = j.append({ kind: 'ok', index: 0, run_id: 'a-r0', result: result(0) });
    j.close();
    const intact = statSync(path).size;
    appendFileSync(path, Buffer.from([200, 0, 0, 0, 1, 0, 0, 0, 1, 0x81, 0xa1])); // frame says 200 bytes, 2 follow
    const { journal, entries, droppedBytes } = Journal.open(path);
    expect(entries).toEqual([e0]);
    expect(droppedBytes).toBe(11);
    expect(statSync(path).size).toBe(intact);
    const e1 = journal.append({ kind: 'ok', index: 1, run_id: 'a-r1', result: result(1) });
    expect(e1.offset).toBe(intact);
    journal.close();
    expect(Journal.open(path).entries).toHaveLength(2);
  });

  test('opening a missing journal creates it', () => {
    const { journal, entries } = Journal.open(join(tempDir(), 'none.bin'));
    expect(entries).toEqual([]);
    journal.close();
  });
});
