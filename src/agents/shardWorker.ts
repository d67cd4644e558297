/**
 * A shard follower (team.ts): build the run's world, point its arrays at the leader's shared
 * memory, and run this shard's rows of every pass the leader starts until it stops.
 */
import { attachArrays, follow, shardRange, viewControlBlock } from '../core/parallel.js';
import type { ShardTask } from './team.js';
import { buildWorld, PASSES, passRows, readScalars } from './world.js';

export default function shardWorker(task: ShardTask): void {
  const w = buildWorld(task.spec);
  attachArrays(w, task.entries);
  const block = viewControlBlock(task.ctrl, task.scalars);
  follow(block, (k) => {
    readScalars(w, block.scalars);
    const [a, b] = shardRange(passRows(w, k), task.shard, task.shards);
    PASSES[k]![0](w, a, b);
  });
}
