import { describe, expect, it } from 'vitest';
import { allocationPerStep, formatTable, planCases, runCase, targetLines, type BenchRecord } from '../../src/runner/bench.js';

describe('bench', () => {
  it('plans the issue cases: reference and kernel by size, sweeps on 1 and 2 threads, sharded', () => {
    const full = planCases(false);
    const key = (c: string) => full.filter((p) => p.case === c).map((p) => `${p.agents}/${p.threads}`);
    expect(key('reference')).toEqual(['1000/1', '10000/1', '100000/1']);
    expect(key('kernel')).toEqual(['1000/1', '10000/1', '100000/1', '1000000/1']);
    expect(key('sweep')).toEqual(['0/1', '0/2']);
    expect(key('sharded')).toEqual(['1000000/1', '1000000/2']);
    expect(planCases(true, ['kernel']).every((p) => p.case === 'kernel' && p.agents <= 1e4)).toBe(true);
  });

  it('measures allocation per step: none for an empty step, about what a step allocates otherwise', () => {
    // the test runner allocates a little of its own between the collections
    expect(allocationPerStep(() => {}, 2, 8).median).toBeLessThan(4096);
    let keep: unknown = null;
    const r = allocationPerStep(() => {
      keep = new Float64Array(4096);
    }, 2, 8);
    expect(keep).not.toBeNull();
    expect(r.median).toBeGreaterThanOrEqual(4096 * 8);
    expect(r.median).toBeLessThan(4096 * 8 + 8192);
  });

  it('runs a kernel case in-process and reports throughput and allocation', async () => {
    const r = await runCase({ case: 'kernel', agents: 1e3, threads: 1, batches: 1, warmup: 0, allocWarmup: 2, allocTicks: 2 });
    expect(r.case).toBe('kernel');
    expect(Math.abs(r.agents - 1000)).toBeLessThan(20);
    expect(r.ticks).toBe(13);
    expect(r.agent_ticks_per_s).toBeGreaterThan(0);
    expect(r.alloc_bytes_per_tick).toBeGreaterThanOrEqual(0);
  });

  it('runs the sharded case (a world split over 2 threads) and reports the targets from the records', async () => {
    const sh = await runCase({ case: 'sharded', agents: 1e3, threads: 2, batches: 1, warmup: 0 });
    expect(sh).toMatchObject({ case: 'sharded', threads: 2, ticks: 13 });
    expect(sh.agent_ticks_per_s).toBeGreaterThan(0);
    const recs: BenchRecord[] = [
      { case: 'reference', agents: 100_000, threads: 1, ticks: 39, agent_ticks_per_s: 1e5 },
      { case: 'kernel', agents: 100_000, threads: 1, ticks: 39, agent_ticks_per_s: 2e6 },
      { case: 'kernel', agents: 10_000, threads: 1, ticks: 78, agent_ticks_per_s: 2e6, ns_per_agent_tick: 500, alloc_bytes_per_tick: 0 },
      { case: 'kernel', agents: 999_980, threads: 1, ticks: 26, agent_ticks_per_s: 1e6, ns_per_agent_tick: 1000 },
      { case: 'sweep', agents: 1155, threads: 1, ticks: 104, agent_ticks_per_s: 1, runs_per_s: 1 },
      { case: 'sweep', agents: 1155, threads: 2, ticks: 104, agent_ticks_per_s: 1, runs_per_s: 1.9 },
      { case: 'sharded', agents: 1_000_440, threads: 1, ticks: 26, agent_ticks_per_s: 3e6 },
      { case: 'sharded', agents: 1_000_440, threads: 2, ticks: 26, agent_ticks_per_s: 4.2e6 },
    ];
    const lines = targetLines(recs).join('\n');
    expect(lines).toMatch(/at 1e5 agents: 20\.00x .*: holds/);
    expect(lines).toMatch(/1e6 \/ at 1e4: 2\.00x .*: does not hold/);
    expect(lines).toMatch(/10000 agents: 0 bytes .*: holds/);
    expect(lines).toMatch(/1 thread: 1\.90x .*: holds/);
    expect(lines).toMatch(/sharded at 1000440 agents, 2 threads \/ 1 thread: 1\.40x .*: does not hold/);
    const table = formatTable(recs);
    expect(table.split('\n')).toHaveLength(recs.length + 2);
  });
});
