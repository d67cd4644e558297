import { describe, expect, test } from 'vitest';
import { expandRuns } from '../../src/runner/expand.js';
import { createExecutor, errorText, runTasks, type Executor, type TaskOutcome } from '../../src/runner/pool.js';
import type { RunResult, RunTask } from '../../src/runner/task.js';
import { loaded, STUB_MODEL } from './helpers.js';

const config = loaded({
  horizon_weeks: 60,
  replications: 3,
  scenarios: [{ name: 'a' }, { name: 'bad', overrides: { 'population.scale': 0.013 } }, { name: 'c', events: [{ type: 'supply_outage', commodity: 'gallium', where: 'cn_origin', share: 0.8, start: 53, end: 57 }] }],
}).config;

const tasks: RunTask[] = expandRuns(config).map((r) => ({
  index: r.index,
  run_id: r.run_id,
  seed: r.seed,
  overrides: r.overrides,
  events: r.events,
  horizonWeeks: config.horizon_weeks,
  startDate: config.start_date,
  costWindowYears: null,
  timeseries: true,
  modelModule: STUB_MODEL,
}));

async function runAll(exec: Executor, list = tasks): Promise<TaskOutcome[]> {
  const out: TaskOutcome[] = [];
  try {
    await runTasks(list, exec, { onOutcome: (o) => out.push(o) });
  } finally {
    await exec.close();
  }
  return out.sort((a, b) => a.task.index - b.task.index);
}

const strip = (o: TaskOutcome): unknown => (o.kind === 'ok' ? { ...o.result, ms: 0 } : { error: o.error, attempts: o.attempts });

describe('pool', () => {
  test('worker threads load the TypeScript worker and give the in-process numbers', async () => {
    const [pooled, inline] = [await runAll(createExecutor({ mode: 'runs', threads: 2 })), await runAll(createExecutor({ mode: 'none', threads: 0 }))];
    expect(pooled).toHaveLength(9);
    expect(pooled.map(strip)).toEqual(inline.map(strip));
    const ok = pooled.filter((o) => o.kind === 'ok');
    expect(ok).toHaveLength(6);
    const r = (ok[0] as { result: RunResult }).result;
    expect(r.market).toBeInstanceOf(Float64Array);
    expect(r.timeseries?.price).toBeInstanceOf(Float64Array);
  });

  test('a run that throws is retried once, then reported failed with its message; the others go on', async () => {
    const retried: string[] = [];
    const out: TaskOutcome[] = [];
    const exec = createExecutor({ mode: 'runs', threads: 2 });
    try {
      await runTasks(tasks, exec, { onOutcome: (o) => out.push(o), onRetry: (t) => retried.push(t.run_id) });
    } finally {
      await exec.close();
    }
    const failed = out.filter((o) => o.kind === 'failed');
    expect(failed.map((o) => o.task.run_id).sort()).toEqual(['bad-r0', 'bad-r1', 'bad-r2']);
    expect(retried.sort()).toEqual(['bad-r0', 'bad-r1', 'bad-r2']);
    for (const f of failed) expect(f).toMatchObject({ attempts: 2, error: 'RangeError: stub model: population.scale 0.013 always fails' });
    expect(out.filter((o) => o.kind === 'ok')).toHaveLength(6);
  });

  test('a failure on the first attempt only is healed by the retry', async () => {
    let calls = 0;
    const flaky: Executor = {
      mode: 'none',
      threads: 0,
      run: async (t) => {
        calls++;
        if (calls % 2 === 1) throw new Error('transient');
        return { index: t.index, run_id: t.run_id, market: new Float64Array(), actor: new Float64Array(), agents: 0, firstShockWeek: -1, timeseries: null, ms: 0 };
      },
      close: async () => {},
    };
    const out = await runAll(flaky, tasks.slice(0, 3));
    expect(out.map((o) => [o.kind, o.attempts])).toEqual([
      ['ok', 2],
      ['ok', 2],
      ['ok', 2],
    ]);
  });

  test('abort: no new runs start, runs cut short are neither ok nor failed', async () => {
    const ac = new AbortController();
    const out: TaskOutcome[] = [];
    const exec = createExecutor({ mode: 'none', threads: 0 });
    const { aborted } = await runTasks(tasks, exec, {
      signal: ac.signal,
      onOutcome: (o) => {
        out.push(o);
        if (out.length === 2) ac.abort();
      },
    });
    expect(aborted).toBe(true);
    expect(out.map((o) => o.task.index)).toEqual([0, 1]);
  });

  test('an error in the bookkeeping is not a run failure: it stops the lanes and is rethrown', async () => {
    let seen = 0;
    const exec = createExecutor({ mode: 'none', threads: 0 });
    await expect(
      runTasks(tasks, exec, {
        concurrency: 3,
        onOutcome: () => {
          seen++;
          throw new Error('disk full');
        },
      }),
    ).rejects.toThrow('disk full');
    expect(seen).toBe(1);
  });

  test('errorText keeps standard class names and drops stacks', () => {
    expect(errorText(new RangeError('x'))).toBe('RangeError: x');
    class ModelError extends Error {
      override name = 'ModelError';
    }
    expect(errorText(new ModelError('y'))).toBe('y');
    expect(errorText('plain')).toBe('plain');
  });
});
