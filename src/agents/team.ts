/**
 * `--parallel agents`: one run's per-row passes split over threads (issue 5). The leader (the
 * calling thread) builds the world, moves its arrays onto SharedArrayBuffers and starts
 * `threads - 1` followers on a Piscina pool; each follower builds the same world from the spec,
 * points its arrays at the shared memory and waits on the Atomics barrier (src/core/parallel.ts)
 * for passes. Passes write only their own rows and every sum over rows is a serial pass in row
 * order, so the run's series are bit-identical whatever the thread count (tested).
 */
import { Piscina } from 'piscina';
import { controlBuffers, createControlBlock, PhaseLeader, shareArrays, type SharedEntry } from '../core/parallel.js';
import type { RunSeries, RunSpec } from './model.js';
import type { World } from './state.js';
import { buildWorld, runWorld } from './world.js';

export interface ShardTask {
  spec: RunSpec;
  entries: SharedEntry[];
  block: ReturnType<typeof controlBuffers>;
  /** this follower's index in the team (1..threads - 1; the leader is 0) */
  shard: number;
}

export interface Team {
  readonly threads: number;
  /** Build and run one world, its passes split over the team. */
  simulate(spec: RunSpec): Promise<RunSeries>;
  /**
   * Split a world built from `spec` (and not yet ticked past what the followers can rebuild: they
   * copy nothing but its arrays) over the team: sets w.team; the returned function releases it.
   */
  join(w: World, spec: RunSpec): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

const SHARD_WORKER = new URL('./shardWorker.mjs', import.meta.url).href;

/** A team of `threads` threads (this one and threads - 1 followers) for runs split by rows. */
export function createTeam(threads: number): Team {
  const followers = Math.max(0, Math.floor(threads) - 1);
  const pool = followers > 0 ? new Piscina<ShardTask, void>({ filename: SHARD_WORKER, minThreads: followers, maxThreads: followers, idleTimeout: 60_000 }) : null;
  const join = async (w: World, spec: RunSpec): Promise<() => Promise<void>> => {
    if (!pool) return async () => {};
    const entries = shareArrays(w);
    const block = createControlBlock();
    const leader = new PhaseLeader(block, followers);
    let failed: unknown = null;
    const tasks = Array.from({ length: followers }, (_, k) =>
      pool.run({ spec, entries, block: controlBuffers(block), shard: k + 1 }).catch((e: unknown) => {
        failed = e;
      }),
    );
    // Followers build their world before they wait: let this thread's event loop hand them
    // their tasks, then block on the barrier only once all are attached.
    while (leader.ready < followers) {
      if (failed) {
        leader.stop();
        throw failed;
      }
      await new Promise((r) => setTimeout(r, 2));
    }
    w.team = leader;
    return async () => {
      w.team = null;
      leader.stop();
      await Promise.all(tasks);
      if (failed) throw failed;
    };
  };
  return {
    threads: followers + 1,
    join,
    async simulate(spec: RunSpec): Promise<RunSeries> {
      const w = buildWorld(spec);
      const release = await join(w, spec);
      let series: RunSeries;
      try {
        series = runWorld(w, spec);
      } catch (e) {
        await release().catch(() => {});
        throw e;
      }
      await release();
      return series;
    },
    close: async () => {
      if (pool) await pool.destroy();
    },
  };
}
