/**
 * The pool worker: one task = one run. Loaded through worker.mjs, which registers tsx so that a
 * plain Node worker thread can import TypeScript.
 */
import { executeRun, loadSimulate, type RunResult, type RunTask } from './task.js';

export default async function runTask(task: RunTask): Promise<RunResult> {
  const simulate = await loadSimulate(task.modelModule);
  return executeRun(task, simulate);
}
