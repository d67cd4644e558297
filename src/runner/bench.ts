/**
 * `chokepoint bench` (issue 5): throughput of the typed-array kernels against the scalar
 * object-per-agent reference (src/agents/reference/), of sweeps on the runner's Piscina pool,
 * and the allocation per tick, measured with tinybench.
 *
 * Cases (the `case` field of each record), each run in a fresh Node process of its own:
 *   reference, kernel  one world ticked on one thread, at 1e3, 1e4, 1e5 agents (kernel also at
 *                      1e6); agents = sellers + plants, sized with population.scale. Ticks run in
 *                      batches of 13 (a quarter: every batch holds one term-book week), after
 *                      warm-up batches, from week 0 of the calm baseline world, seed 1.
 *   sweep              an experiment of 8 runs of 520 weeks of the default world (--quick: 4
 *                      runs of 52 weeks at 0.2), seeds derived from 1, through the runner's
 *                      pool at 1 and 2 threads: runs_per_s.
 *   sharded            one world at 1e6 agents (1e4 with --quick) ticked with its per-row
 *                      passes split over 1 and 2 threads (`--parallel agents`, src/agents/team.ts).
 * Allocation is measured apart from the timings, at 1e3 and 1e4 agents, on a fresh world after
 * five years of warm-up: each tick runs between two full collections and the growth of the heap
 * (plus array buffers) is its allocation; the figure is the median over ticks, less the same
 * measurement around an empty step. bench/alloc-sites.ts says where the bytes come from.
 *
 * Numbers depend on the machine: machineInfo() says which one, and bench/RESULTS.md keeps the
 * latest figures with the command that made them.
 */
import { spawn } from 'node:child_process';
import { cpus, loadavg, platform, release, totalmem } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { RunSpec } from '../agents/model.js';
import { resolveParams } from '../agents/params.js';
import { buildReference, refTick } from '../agents/reference/tick.js';
import { createTeam } from '../agents/team.js';
import { buildWorld, tick } from '../agents/world.js';
import { deriveSeed } from '../core/rng.js';
import { PACKAGE_ROOT } from './paths.js';
import { createExecutor, runTasks } from './pool.js';
import { DEFAULT_MODEL_MODULE, type RunTask } from './task.js';

export const BENCH_CASES = ['reference', 'kernel', 'sweep', 'sharded'] as const;
export type BenchCase = (typeof BENCH_CASES)[number];

export interface BenchRecord {
  case: BenchCase;
  /** sellers + plants of one world */
  agents: number;
  threads: number;
  /** ticks timed (per run for sweeps) */
  ticks: number;
  /** null when the case could not run */
  agent_ticks_per_s: number | null;
  /** sweeps: runs finished per second */
  runs_per_s?: number;
  /** population.scale that gave `agents` */
  scale?: number;
  /** input lines (the third kind of agent record: one per plant x input) */
  lines?: number;
  ms_per_tick?: number;
  ns_per_agent_tick?: number;
  /** relative margin of error of the mean time per batch, % (tinybench) */
  rme_pct?: number;
  /** bytes allocated per tick after warm-up (median over ticks), measured apart */
  alloc_bytes_per_tick?: number;
  runs?: number;
  /** sweeps: CPU seconds of the whole process (all threads) per wall-clock second while timed:
   * about the thread count when every thread had a core, less when others' work took them */
  cpu_per_wall?: number;
  /** seconds to build the world (not timed in the throughput) */
  build_s?: number;
  note?: string;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memory_gib: number;
  node: string;
  os: string;
  /** 1-minute load average when the bench started: others' work on the machine skews the figures */
  load: number;
}

export function machineInfo(): MachineInfo {
  const c = cpus();
  return {
    cpu: c[0]?.model.trim() ?? 'unknown',
    cores: c.length,
    memory_gib: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()}`,
    load: Math.round(loadavg()[0]! * 100) / 100,
  };
}

/** population.scale giving about 1e3, 1e4, 1e5, 1e6 agents (sellers + plants) in the default calibration. */
export const SCALE_FOR_AGENTS: Readonly<Record<number, number>> = { 1e3: 0.1708, 1e4: 1.7688, 1e5: 17.6786, 1e6: 176.8 };

const BATCH = 13;
const SEED = 1;
const START = '2025-01-06';

function benchSpec(scale: number, weeks: number): RunSpec {
  return { params: resolveParams({ 'population.scale': scale }), seed: SEED, horizonWeeks: weeks, startDate: START, events: [] };
}

interface Stepper {
  agents: number;
  lines: number;
  step(): void;
}

function stepper(kind: 'kernel' | 'reference', scale: number): Stepper {
  const spec = benchSpec(scale, 1040);
  let t = 0;
  if (kind === 'kernel') {
    const w = buildWorld(spec);
    return {
      agents: w.sellers.size + w.plants.size,
      lines: w.lines.size,
      step: () => {
        w.tick = t++;
        tick(w);
      },
    };
  }
  const r = buildReference(spec);
  return {
    agents: r.sellers.length + r.plants.length,
    lines: r.lines.length,
    step: () => {
      r.w.tick = t++;
      refTick(r);
    },
  };
}

type Tinybench = typeof import('tinybench');

async function loadTinybench(): Promise<Tinybench> {
  try {
    return await import('tinybench');
  } catch {
    throw new Error('chokepoint bench needs the dev dependency tinybench: run `npm install` in a checkout of the repository');
  }
}

/** Time `batches` batches of 13 ticks of one world after `warmup` batches. */
async function tickCase(tb: Tinybench, kind: 'kernel' | 'reference', target: number, batches: number, warmup: number): Promise<BenchRecord> {
  const scale = SCALE_FOR_AGENTS[target]!;
  const b0 = performance.now();
  const s = stepper(kind, scale);
  const buildS = (performance.now() - b0) / 1000;
  const bench = new tb.Bench({ name: `${kind} ${target}`, time: 0, iterations: batches, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true });
  bench.add(kind, () => {
    for (let i = 0; i < BATCH; i++) s.step();
  });
  await bench.run();
  const res = bench.tasks[0]!.result;
  if (!('latency' in res)) throw new Error(`bench ${kind} at ${target} agents did not complete (${res.state})`);
  const msPerTick = res.latency.mean / BATCH;
  return {
    case: kind,
    agents: s.agents,
    threads: 1,
    ticks: batches * BATCH,
    agent_ticks_per_s: (s.agents * 1000) / msPerTick,
    scale,
    lines: s.lines,
    ms_per_tick: msPerTick,
    ns_per_agent_tick: (msPerTick * 1e6) / s.agents,
    rme_pct: res.latency.rme,
    build_s: buildS,
  };
}

// ---------------------------------------------------------------- allocation

let gcFn: (() => void) | null = null;

/** global.gc without --expose-gc on the command line. */
function gc(): void {
  if (!gcFn) {
    const g = (globalThis as { gc?: () => void }).gc;
    if (g) gcFn = g;
    else {
      setFlagsFromString('--expose-gc');
      gcFn = runInNewContext('gc') as () => void;
    }
  }
  gcFn();
}

function heapBytes(): number {
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const n = s.length;
  return n === 0 ? NaN : n % 2 ? s[(n - 1) / 2]! : (s[n / 2 - 1]! + s[n / 2]!) / 2;
}

/** Bytes allocated per call of step (median over `n` calls after `warmup` calls), less the probe's own. */
export function allocationPerStep(step: () => void, warmup: number, n: number): { median: number; mean: number; max: number; samples: number[] } {
  for (let i = 0; i < warmup; i++) step();
  const probe: number[] = [];
  const samples: number[] = [];
  const empty = (): void => {};
  for (let i = 0; i < n; i++) {
    gc();
    const a = heapBytes();
    empty();
    const b = heapBytes();
    probe.push(b - a);
    gc();
    const h0 = heapBytes();
    step();
    const h1 = heapBytes();
    samples.push(h1 - h0);
  }
  const bias = median(probe);
  const net = samples.map((x) => Math.max(0, x - bias));
  return { median: median(net), mean: net.reduce((a, b) => a + b, 0) / n, max: Math.max(...net), samples: net };
}

// ---------------------------------------------------------------- sweeps on the pool

function sweepTasks(n: number, scale: number, weeks: number, from: number): RunTask[] {
  return Array.from({ length: n }, (_, i) => ({
    index: from + i,
    run_id: `bench-r${from + i}`,
    seed: deriveSeed(SEED, from + i),
    overrides: { 'population.scale': scale },
    events: [],
    horizonWeeks: weeks,
    startDate: START,
    costWindowYears: null,
    timeseries: false,
    modelModule: DEFAULT_MODEL_MODULE,
  }));
}

async function sweepCase(tb: Tinybench, threads: number, runs: number, weeks: number, iterations: number, scale: number): Promise<BenchRecord> {
  const exec = createExecutor({ mode: 'runs', threads });
  let agents = 0;
  let next = 0;
  const batch = async (n: number): Promise<void> => {
    const tasks = sweepTasks(n, scale, weeks, next);
    next += n;
    let failed = '';
    await runTasks(tasks, exec, {
      onOutcome: (o) => {
        if (o.kind === 'ok') agents = o.result.agents;
        else failed = o.error;
      },
    });
    if (failed) throw new Error(`a bench run failed: ${failed}`);
  };
  try {
    // Warm-up: every worker loads the model and runs it once (JIT), not timed.
    await batch(threads * 2);
    const bench = new tb.Bench({ name: `sweep ${threads}`, time: 0, iterations, warmup: false, throws: true });
    bench.add('sweep', () => batch(runs));
    const cpu0 = process.cpuUsage();
    const wall0 = performance.now();
    await bench.run();
    const cpu = process.cpuUsage(cpu0);
    const cpuPerWall = (cpu.user + cpu.system) / 1000 / (performance.now() - wall0);
    const res = bench.tasks[0]!.result;
    if (!('latency' in res)) throw new Error(`bench sweep on ${threads} threads did not complete (${res.state})`);
    const s = res.latency.mean / 1000;
    return {
      case: 'sweep',
      agents,
      threads,
      ticks: weeks,
      agent_ticks_per_s: (agents * weeks * runs) / s,
      runs_per_s: runs / s,
      scale,
      runs,
      rme_pct: res.latency.rme,
      cpu_per_wall: Math.round(cpuPerWall * 100) / 100,
    };
  } finally {
    await exec.close();
  }
}

// ---------------------------------------------------------------- all cases

/** One measurement, run in a fresh Node process of its own (runBench) or in this one (runCase). */
export interface CasePlan {
  case: BenchCase;
  agents: number;
  threads: number;
  /** tick cases: batches of 13 ticks timed, after `warmup` batches; sweeps: timed iterations */
  batches: number;
  warmup: number;
  /** tick cases: also measure the allocation per tick (after `allocWarmup` ticks, over `allocTicks`) */
  allocWarmup?: number;
  allocTicks?: number;
  /** sweeps: runs per iteration and their length */
  runs?: number;
  weeks?: number;
  /** sweeps: population.scale of each run */
  scale?: number;
}


export function planCases(quick: boolean, cases: readonly BenchCase[] = BENCH_CASES): CasePlan[] {
  const want = new Set(cases);
  const plans: CasePlan[] = [];
  // [agents, batches of 13 ticks timed, warm-up batches]
  const sizes: [number, number, number][] = quick
    ? [
        [1e3, 2, 1],
        [1e4, 2, 1],
      ]
    : [
        [1e3, 8, 4],
        [1e4, 6, 2],
        [1e5, 3, 1],
        [1e6, 2, 1],
      ];
  for (const [agents, batches, warmup] of sizes) {
    for (const kind of ['reference', 'kernel'] as const) {
      if (!want.has(kind) || (kind === 'reference' && agents > 1e5)) continue;
      // Allocation on a fresh world warmed up for five years: functions called once a tick take a
      // few hundred ticks to be optimised, and box doubles until then.
      const alloc = agents <= 1e4 ? { allocWarmup: quick ? 52 : 260, allocTicks: quick ? 13 : 52 } : {};
      plans.push({ case: kind, agents, threads: 1, batches, warmup, ...alloc });
    }
  }
  // Sweeps of research-sized runs (the default world, ten years): with runs of a few hundred
  // milliseconds (the first version: 0.2 worlds, two years) the main thread's share of the work
  // and the workers' JIT and GC threads kept one "thread" at ~1.4 CPUs, capping 2 threads at ~1.4x.
  if (want.has('sweep')) for (const threads of [1, 2]) plans.push({ case: 'sweep', agents: 0, threads, batches: quick ? 1 : 2, warmup: 1, runs: quick ? 4 : 8, weeks: quick ? 52 : 520, scale: quick ? 0.2 : 1 });
  if (want.has('sharded')) for (const threads of [1, 2]) plans.push({ case: 'sharded', agents: quick ? 1e4 : 1e6, threads, batches: quick ? 1 : 2, warmup: 1 });
  return plans;
}

export function describePlan(p: CasePlan): string {
  if (p.case === 'sweep') return `sweep of ${p.runs} runs of ${p.weeks} weeks at population.scale ${p.scale ?? 1} on ${p.threads} thread${p.threads === 1 ? '' : 's'}`;
  if (p.case === 'sharded') return `sharded at ${p.agents} agents on ${p.threads} thread${p.threads === 1 ? '' : 's'}`;
  return `${p.case} at ${p.agents} agents: ${p.batches * BATCH} ticks after ${p.warmup * BATCH}${p.allocTicks ? `, then allocation over ${p.allocTicks} ticks` : ''}`;
}

/** Run one planned case in this process. */
/** One world's ticks with its passes split over `threads` threads (the leader is this one). */
async function shardedCase(tb: Tinybench, target: number, threads: number, batches: number, warmup: number): Promise<BenchRecord> {
  const scale = SCALE_FOR_AGENTS[target]!;
  const spec = benchSpec(scale, 1040);
  const b0 = performance.now();
  const w = buildWorld(spec);
  const team = createTeam(threads);
  const release = await team.join(w, spec);
  const buildS = (performance.now() - b0) / 1000;
  let t = 0;
  try {
    const bench = new tb.Bench({ name: `sharded ${target} ${threads}`, time: 0, iterations: batches, warmup: warmup > 0, warmupIterations: warmup, warmupTime: 0, throws: true });
    bench.add('sharded', () => {
      for (let i = 0; i < BATCH; i++) {
        w.tick = t++;
        tick(w);
      }
    });
    await bench.run();
    const res = bench.tasks[0]!.result;
    if (!('latency' in res)) throw new Error(`bench sharded at ${target} agents on ${threads} threads did not complete (${res.state})`);
    const msPerTick = res.latency.mean / BATCH;
    const agents = w.sellers.size + w.plants.size;
    return {
      case: 'sharded',
      agents,
      threads,
      ticks: batches * BATCH,
      agent_ticks_per_s: (agents * 1000) / msPerTick,
      scale,
      lines: w.lines.size,
      ms_per_tick: msPerTick,
      ns_per_agent_tick: (msPerTick * 1e6) / agents,
      rme_pct: res.latency.rme,
      build_s: buildS,
    };
  } finally {
    await release();
    await team.close();
  }
}

export async function runCase(p: CasePlan): Promise<BenchRecord> {
  const tb = await loadTinybench();
  if (p.case === 'sweep') return sweepCase(tb, p.threads, p.runs ?? 8, p.weeks ?? 520, p.batches, p.scale ?? 1);
  if (p.case === 'sharded') return shardedCase(tb, p.agents, p.threads, p.batches, p.warmup);
  const r = await tickCase(tb, p.case, p.agents, p.batches, p.warmup);
  if (p.allocTicks) {
    gc();
    const s = stepper(p.case, SCALE_FOR_AGENTS[p.agents]!);
    r.alloc_bytes_per_tick = Math.round(allocationPerStep(s.step, p.allocWarmup ?? 260, p.allocTicks).median);
  }
  return r;
}

export interface BenchOptions {
  quick?: boolean;
  /** run only these cases (default all) */
  cases?: readonly BenchCase[];
  /** each record as it is measured */
  onRecord?: (r: BenchRecord) => void;
  /** progress lines (stderr) */
  log?: (s: string) => void;
}

/**
 * Every planned case, each in a fresh Node process (`chokepoint bench --one PLAN`): a JIT that has
 * compiled the kernels for one world's shapes, or the shared policy functions for both the
 * kernels' World and the reference's facade, would otherwise carry that into the next case.
 */
export async function runBench(opts: BenchOptions = {}): Promise<BenchRecord[]> {
  const plans = planCases(opts.quick ?? false, opts.cases);
  const out: BenchRecord[] = [];
  for (const p of plans) {
    opts.log?.(describePlan(p) + '...');
    const r = await runInChild(p);
    out.push(r);
    opts.onRecord?.(r);
  }
  return out;
}

function runInChild(p: CasePlan): Promise<BenchRecord> {
  const bin = join(PACKAGE_ROOT, 'bin', 'chokepoint.js');
  return new Promise((resolveP, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, bin, 'bench', '--one', JSON.stringify(p)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let text = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => (text += d));
    child.on('error', reject);
    child.on('close', (code, signal) => {
      const last = text.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`bench case "${describePlan(p)}" failed (exit ${code ?? signal})`));
      try {
        resolveP(JSON.parse(last) as BenchRecord);
      } catch {
        reject(new Error(`bench case "${describePlan(p)}" printed no record: ${last.slice(0, 200)}`));
      }
    });
  });
}

// ---------------------------------------------------------------- output

function num(x: number | null | undefined, digits = 3): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '-';
  if (Math.abs(x) >= 1e5) return x.toExponential(digits - 1);
  return x.toPrecision(digits);
}

export function formatTable(records: readonly BenchRecord[]): string {
  const head = ['case', 'agents', 'threads', 'ticks', 'agent_ticks/s', 'runs/s', 'cpu/wall', 'ms/tick', 'ns/agent-tick', '±%', 'alloc B/tick', 'note'];
  const rows = records.map((r) => [
    r.case,
    String(r.agents),
    String(r.threads),
    String(r.ticks),
    num(r.agent_ticks_per_s),
    num(r.runs_per_s),
    num(r.cpu_per_wall),
    num(r.ms_per_tick),
    num(r.ns_per_agent_tick),
    r.rme_pct === undefined ? '-' : r.rme_pct.toFixed(0),
    r.alloc_bytes_per_tick === undefined ? '-' : String(r.alloc_bytes_per_tick),
    r.note ?? '',
  ]);
  const width = head.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(width[i]!) : c.padStart(width[i]!))).join('  ').trimEnd();
  return [line(head), line(width.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The issue's targets that the records can speak to, each with its numbers. */
export function targetLines(records: readonly BenchRecord[]): string[] {
  const find = (c: BenchCase, agents: number, threads = 1): BenchRecord | undefined =>
    records.find((r) => r.case === c && r.threads === threads && r.agent_ticks_per_s !== null && Math.abs(Math.log10(r.agents) - Math.log10(agents)) < 0.1);
  const out: string[] = [];
  const k5 = find('kernel', 1e5);
  const r5 = find('reference', 1e5);
  if (k5 && r5) {
    const x = k5.agent_ticks_per_s! / r5.agent_ticks_per_s!;
    out.push(`kernel / reference at 1e5 agents: ${x.toFixed(2)}x (target >= 10x): ${x >= 10 ? 'holds' : 'does not hold'}`);
  }
  const k4 = find('kernel', 1e4);
  const k6 = find('kernel', 1e6);
  if (k4 && k6) {
    const x = k6.ns_per_agent_tick! / k4.ns_per_agent_tick!;
    out.push(`cost per agent-tick at 1e6 / at 1e4: ${x.toFixed(2)}x (target <= 1.5x): ${x <= 1.5 ? 'holds' : 'does not hold'}`);
  }
  const allocs = records.filter((r) => r.case === 'kernel' && r.alloc_bytes_per_tick !== undefined);
  for (const r of allocs) out.push(`kernel allocation per tick at ${r.agents} agents: ${r.alloc_bytes_per_tick} bytes (target 0): ${r.alloc_bytes_per_tick === 0 ? 'holds' : 'does not hold'}`);
  const s1 = records.find((r) => r.case === 'sweep' && r.threads === 1);
  const s2 = records.find((r) => r.case === 'sweep' && r.threads === 2);
  if (s1?.runs_per_s && s2?.runs_per_s) {
    const x = s2.runs_per_s / s1.runs_per_s;
    out.push(`sweep runs/s at 2 threads / 1 thread: ${x.toFixed(2)}x (target >= 1.8x): ${x >= 1.8 ? 'holds' : 'does not hold'}`);
  }
  const h1 = records.find((r) => r.case === 'sharded' && r.threads === 1);
  const h2 = records.find((r) => r.case === 'sharded' && r.threads === 2);
  if (h1?.agent_ticks_per_s && h2?.agent_ticks_per_s) {
    const x = h2.agent_ticks_per_s / h1.agent_ticks_per_s;
    out.push(`sharded at ${h1.agents} agents, 2 threads / 1 thread: ${x.toFixed(2)}x (target >= 1.5x at 1e6): ${x >= 1.5 ? 'holds' : 'does not hold'}`);
  }
  return out;
}
