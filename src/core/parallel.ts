/**
 * Splitting the per-row passes of one simulation over threads (issue 5, `--parallel agents`).
 *
 * The world lives in SharedArrayBuffers (shareArrays / attachArrays); a leader thread runs the
 * tick and, at each parallel pass, wakes its followers through an Atomics barrier in a small
 * shared control block (no postMessage per tick): every thread runs its shard of the rows, the
 * leader shard 0, and the leader goes on once all have finished. Passes write only their own
 * rows; sums over rows are serial passes in row order, so results do not depend on the number of
 * threads (or on whether there are any), nor on where the shards are cut: the leader moves the
 * cuts toward each thread's measured speed on each pass, so no thread waits long for another.
 */

/** Slots of the control block (Int32Array on a SharedArrayBuffer). */
const SEQ = 0; // incremented once per pass (followers wait on it)
const PHASE = 1; // which pass
const DONE = 2; // followers finished with this pass
const READY = 3; // followers attached and waiting
const STOP = 4; // 1: followers return
const ERROR = 5; // 1: a follower threw (its message in the scalar block is not kept: see stderr)
export const CONTROL_SLOTS = 8;
/** Doubles the leader hands its followers with each pass (the world's per-tick scalars). */
export const SCALAR_SLOTS = 16;

/** Most threads a team can have (the bounds and times blocks are sized for it). */
export const MAX_THREADS = 64;

export interface ControlBlock {
  readonly ctrl: Int32Array;
  readonly scalars: Float64Array;
  /** this pass's shard bounds: thread j runs rows [bounds[j], bounds[j + 1]) */
  readonly bounds: Int32Array;
  /** each thread's milliseconds on its shard of the last pass (for the leader's balancing) */
  readonly times: Float64Array;
}

export function createControlBlock(): ControlBlock {
  return {
    ctrl: new Int32Array(new SharedArrayBuffer(4 * CONTROL_SLOTS)),
    scalars: new Float64Array(new SharedArrayBuffer(8 * SCALAR_SLOTS)),
    bounds: new Int32Array(new SharedArrayBuffer(4 * (MAX_THREADS + 1))),
    times: new Float64Array(new SharedArrayBuffer(8 * MAX_THREADS)),
  };
}

export function viewControlBlock(b: { ctrl: SharedArrayBuffer; scalars: SharedArrayBuffer; bounds: SharedArrayBuffer; times: SharedArrayBuffer }): ControlBlock {
  return { ctrl: new Int32Array(b.ctrl), scalars: new Float64Array(b.scalars), bounds: new Int32Array(b.bounds), times: new Float64Array(b.times) };
}

/** The buffers of a control block, to hand to another thread. */
export function controlBuffers(b: ControlBlock): { ctrl: SharedArrayBuffer; scalars: SharedArrayBuffer; bounds: SharedArrayBuffer; times: SharedArrayBuffer } {
  return { ctrl: b.ctrl.buffer as SharedArrayBuffer, scalars: b.scalars.buffer as SharedArrayBuffer, bounds: b.bounds.buffer as SharedArrayBuffer, times: b.times.buffer as SharedArrayBuffer };
}

/**
 * The leader's side of the barrier. It also balances the shards: each pass's split follows the
 * threads' measured speed on it (rows per millisecond, smoothed), since passes write only their
 * own rows the split changes no result, only who waits for whom.
 */
export class PhaseLeader {
  readonly block: ControlBlock;
  readonly followers: number;
  /** per pass: each thread's share of the rows */
  private readonly shares = new Map<number, Float64Array>();
  private readonly speed: Float64Array;

  constructor(block: ControlBlock, followers: number) {
    if (followers + 1 > MAX_THREADS) throw new RangeError(`a team has at most ${MAX_THREADS} threads`);
    this.block = block;
    this.followers = followers;
    this.speed = new Float64Array(followers + 1);
  }

  /** Followers that have attached and wait for passes. */
  get ready(): number {
    return Atomics.load(this.block.ctrl, READY);
  }

  /** Run pass `phase` over n rows: wake the followers, run `own` on this thread's shard here, wait for all. */
  run(phase: number, n: number, own: (from: number, to: number) => void): void {
    const K = this.followers + 1;
    let share = this.shares.get(phase);
    if (!share) {
      share = new Float64Array(K).fill(1 / K);
      this.shares.set(phase, share);
    }
    const bounds = this.block.bounds;
    const times = this.block.times;
    let acc = 0;
    bounds[0] = 0;
    for (let j = 0; j < K; j++) {
      acc += share[j]!;
      bounds[j + 1] = j === K - 1 ? n : Math.min(n, Math.round(acc * n));
    }
    const c = this.block.ctrl;
    Atomics.store(c, DONE, 0);
    Atomics.store(c, PHASE, phase);
    Atomics.add(c, SEQ, 1);
    Atomics.notify(c, SEQ);
    const t0 = performance.now();
    own(bounds[0]!, bounds[1]!);
    times[0] = performance.now() - t0;
    for (;;) {
      const done = Atomics.load(c, DONE);
      if (done >= this.followers) break;
      Atomics.wait(c, DONE, done, 10_000);
    }
    if (Atomics.load(c, ERROR)) throw new Error('a shard thread failed in pass ' + phase + ' (its error is on stderr)');
    // Rebalance: shares toward each thread's speed on this pass (a fifth of the way a pass).
    const speed = this.speed;
    let total = 0;
    let all = true;
    for (let j = 0; j < K; j++) {
      const rows = bounds[j + 1]! - bounds[j]!;
      speed[j] = rows > 0 && times[j]! > 0 ? rows / times[j]! : 0;
      if (!(speed[j]! > 0)) all = false;
      total += speed[j]!;
    }
    if (all) for (let j = 0; j < K; j++) share[j] = 0.8 * share[j]! + 0.2 * (speed[j]! / total);
  }

  /** Release the followers (they return from follow()). */
  stop(): void {
    const c = this.block.ctrl;
    Atomics.store(c, STOP, 1);
    Atomics.add(c, SEQ, 1);
    Atomics.notify(c, SEQ);
  }
}

/** A follower's loop (thread `index` of the team, 1..): run its shard of each pass until the leader stops. Blocks its thread. */
export function follow(block: ControlBlock, index: number, onPass: (phase: number, from: number, to: number) => void): void {
  const c = block.ctrl;
  let seq = Atomics.load(c, SEQ);
  Atomics.add(c, READY, 1);
  for (;;) {
    Atomics.wait(c, SEQ, seq);
    const now = Atomics.load(c, SEQ);
    if (now === seq) continue;
    seq = now;
    if (Atomics.load(c, STOP)) return;
    const t0 = performance.now();
    try {
      onPass(Atomics.load(c, PHASE), block.bounds[index]!, block.bounds[index + 1]!);
    } catch (e) {
      Atomics.store(c, ERROR, 1);
      process.stderr.write(`shard thread: ${(e as Error).stack ?? String(e)}\n`);
    }
    block.times[index] = performance.now() - t0;
    Atomics.add(c, DONE, 1);
    Atomics.notify(c, DONE);
  }
}

type Typed = Float64Array | Int32Array | Uint8Array;
/** One shared array: where it sits in the object graph, its element type and its memory. */
export type SharedEntry = [path: string, kind: 'f64' | 'i32' | 'u8', buffer: SharedArrayBuffer];

function kindOf(a: Typed): 'f64' | 'i32' | 'u8' {
  return a instanceof Float64Array ? 'f64' : a instanceof Int32Array ? 'i32' : 'u8';
}

function isTyped(v: unknown): v is Typed {
  return v instanceof Float64Array || v instanceof Int32Array || v instanceof Uint8Array;
}

/**
 * Move every typed array reachable from `root` through plain properties (not arrays of objects)
 * up to `depth` levels onto SharedArrayBuffers, in place, keeping aliases aliased; returns where
 * each one is, for attachArrays in another thread that built the same object graph.
 */
export function shareArrays(root: object, depth = 3): SharedEntry[] {
  const entries: SharedEntry[] = [];
  const moved = new Map<Typed, Typed>();
  const walk = (obj: Record<string, unknown>, prefix: string, d: number): void => {
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      const path = prefix ? `${prefix}.${key}` : key;
      if (isTyped(v)) {
        let s = moved.get(v);
        if (!s) {
          if (v.buffer instanceof SharedArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) s = v;
          else {
            const buf = new SharedArrayBuffer(v.byteLength);
            s = v instanceof Float64Array ? new Float64Array(buf) : v instanceof Int32Array ? new Int32Array(buf) : new Uint8Array(buf);
            s.set(v as never);
          }
          moved.set(v, s);
        }
        obj[key] = s;
        entries.push([path, kindOf(s), s.buffer as SharedArrayBuffer]);
      } else if (d > 0 && v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Map) && !(v instanceof Set)) {
        walk(v as Record<string, unknown>, path, d - 1);
      }
    }
  };
  walk(root as Record<string, unknown>, '', depth);
  return entries;
}

/** Point the arrays of an identically built object graph at the shared memory of shareArrays. */
export function attachArrays(root: object, entries: readonly SharedEntry[]): void {
  for (const [path, kind, buffer] of entries) {
    const keys = path.split('.');
    let obj = root as Record<string, unknown>;
    for (let i = 0; i < keys.length - 1; i++) {
      const next = obj[keys[i]!];
      if (next === null || typeof next !== 'object') throw new Error(`attachArrays: no ${keys.slice(0, i + 1).join('.')} here`);
      obj = next as Record<string, unknown>;
    }
    const last = keys[keys.length - 1]!;
    const old = obj[last];
    if (!isTyped(old) || kindOf(old) !== kind || old.byteLength !== buffer.byteLength) throw new Error(`attachArrays: ${path} differs between the threads`);
    obj[last] = kind === 'f64' ? new Float64Array(buffer) : kind === 'i32' ? new Int32Array(buffer) : new Uint8Array(buffer);
  }
}
