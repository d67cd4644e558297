/** The game pool's worker: one task = one run of a profile (gameRun.ts). Loaded through gameWorker.mjs. */
import { runGameTask, type GameRunResult, type GameTask } from './gameRun.js';

export default function runTask(task: GameTask): GameRunResult {
  return runGameTask(task);
}
