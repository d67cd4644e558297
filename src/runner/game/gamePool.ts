/**
 * Running a game's profiles: a Piscina pool of worker threads (gameWorker.mjs) or this thread
 * (threads 0), driven with bounded concurrency, one retry and a clean stop on abort, like the
 * experiment runner's pool.ts (whose Executor is typed to experiment runs). Tasks are handed out
 * in list order, two per thread at a time.
 */
import { Piscina } from 'piscina';
import { errorText } from '../pool.js';
import { runGameTask, type GameRunResult, type GameTask } from './gameRun.js';

export const GAME_WORKER_URL = new URL('./gameWorker.mjs', import.meta.url).href;

export interface GameExecutor {
  /** worker threads (0 in-process) */
  readonly threads: number;
  run(task: GameTask, signal?: AbortSignal): Promise<GameRunResult>;
  close(): Promise<void>;
}

export function createGameExecutor(threads: number, onPoolError?: (e: Error) => void): GameExecutor {
  if (threads <= 0) {
    return {
      threads: 0,
      async run(task, signal) {
        await new Promise<void>((r) => setImmediate(r)); // let signals and I/O through between runs
        if (signal?.aborted) throw new Error('aborted');
        return runGameTask(task);
      },
      close: async () => {},
    };
  }
  const pool = new Piscina<GameTask, GameRunResult>({ filename: GAME_WORKER_URL, minThreads: threads, maxThreads: threads, idleTimeout: 60_000 });
  pool.on('error', (e: Error) => {
    if (!/^Unexpected message from Worker/.test(e.message)) onPoolError?.(e);
  });
  return {
    threads,
    run: (task, signal) => (signal ? pool.run(task, { signal }) : pool.run(task)),
    close: () => pool.destroy(),
  };
}

export type GameOutcome = { kind: 'ok'; task: GameTask; result: GameRunResult } | { kind: 'failed'; task: GameTask; error: string };

/** Runs every task (one retry each); resolves when all are done or, after an abort, when those in flight settled. */
export async function runGameTasks(tasks: readonly GameTask[], exec: GameExecutor, onOutcome: (o: GameOutcome) => void, signal?: AbortSignal): Promise<{ aborted: boolean }> {
  const lanes = Math.max(1, exec.threads > 0 ? exec.threads * 2 : 1);
  let next = 0;
  let fatal: { error: unknown } | null = null;
  const lane = async (): Promise<void> => {
    while (!signal?.aborted && fatal === null && next < tasks.length) {
      const task = tasks[next++]!;
      let outcome: GameOutcome | null = null;
      for (let attempt = 1; outcome === null; attempt++) {
        try {
          outcome = { kind: 'ok', task, result: await exec.run(task, signal) };
        } catch (e) {
          if (signal?.aborted) return;
          if (attempt < 2) continue;
          outcome = { kind: 'failed', task, error: errorText(e) };
        }
      }
      try {
        onOutcome(outcome);
      } catch (e) {
        fatal = { error: e };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(lanes, tasks.length) }, lane));
  if (fatal !== null) throw (fatal as { error: unknown }).error;
  return { aborted: signal?.aborted ?? false };
}
