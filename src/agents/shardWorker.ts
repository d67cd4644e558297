/**
 * A shard follower (team.ts): build the run's world, point its arrays at the leader's shared
 * memory, and run this shard's rows of every pass the leader starts until it stops.
 */
import { attachArrays, follow, viewControlBlock } from '../core/parallel.js';
import type { ShardTask } from './team.js';
import { buildWorld, PASSES, readScalars } from './world.js';

export default function shardWorker(task: ShardTask): void {
  const w = buildWorld(task.spec);
  attachArrays(w, task.entries);
  const block = viewControlBlock(task.block);
  follow(block, task.shard, (k, a, b) => {
    readScalars(w, block.scalars);
    PASSES[k]![0](w, a, b);
  });
}
