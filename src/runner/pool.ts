/**
 * Running tasks: an Executor runs one task (on a Piscina worker thread, or in this thread for
 * `--parallel none`), and runTasks drives a list of tasks through it with bounded concurrency,
 * one retry, and a clean stop on abort.
 *
 * Concurrency is bounded (2 tasks per thread): tasks are handed out in run-list order as slots
 * free up, so the out-of-order window the ordered writer must bridge stays small, memory does
 * not grow with the sweep, and Ctrl-C has little queued work to cancel.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import { executeRun, finishRun, loadCreateTeam, loadSimulate, runSpecOf, type ModelTeam, type RunResult, type RunTask } from './task.js';

export type ParallelMode = 'runs' | 'agents' | 'none';

export interface Executor {
  readonly mode: ParallelMode;
  /** worker threads (0 in-process) */
  readonly threads: number;
  run(task: RunTask, signal?: AbortSignal): Promise<RunResult>;
  close(): Promise<void>;
}

export const WORKER_URL = new URL('./worker.mjs', import.meta.url).href;

export function defaultThreads(): number {
  return availableParallelism();
}

/** Pool of `threads` worker threads (`mode: 'runs'`) or this thread (`mode: 'none'`). */
export function createExecutor(opts: { mode: ParallelMode; threads: number; onPoolError?: (e: Error) => void }): Executor {
  if (opts.mode === 'none') return inProcessExecutor();
  if (opts.mode === 'agents') return teamExecutor(Math.max(1, Math.floor(opts.threads)));
  const threads = Math.max(1, Math.floor(opts.threads));
  const pool = new Piscina<RunTask, RunResult>({
    filename: WORKER_URL,
    minThreads: threads,
    maxThreads: threads,
    // a worker holds its model module and warm JIT for the whole experiment
    idleTimeout: 60_000,
  });
  // Piscina emits 'error' for events outside any task; without a listener the EventEmitter would
  // throw. The known case is benign: a run aborted by Ctrl-C whose worker had already posted its
  // result ("Unexpected message from Worker"), which we drop like the abort asked.
  pool.on('error', (e: Error) => {
    if (!/^Unexpected message from Worker/.test(e.message)) opts.onPoolError?.(e);
  });
  return {
    mode: 'runs',
    threads,
    run: (task, signal) => (signal ? pool.run(task, { signal }) : pool.run(task)),
    close: () => pool.destroy(),
  };
}

/**
 * `--parallel agents`: runs one after another in this thread, each split over `threads` threads
 * by the model's team (its per-row passes on SharedArrayBuffers behind an Atomics barrier). For
 * very large worlds; the same bytes as the other modes.
 */
function teamExecutor(threads: number): Executor {
  const teams = new Map<string, Promise<ModelTeam>>();
  return {
    mode: 'agents',
    threads,
    async run(task, signal) {
      await new Promise<void>((r) => setImmediate(r));
      if (signal?.aborted) throw abortError();
      let team = teams.get(task.modelModule);
      if (!team) {
        team = loadCreateTeam(task.modelModule).then((create) => create(threads));
        teams.set(task.modelModule, team);
      }
      const t0 = performance.now();
      return finishRun(task, await (await team).simulate(runSpecOf(task)), t0);
    },
    async close() {
      for (const t of teams.values()) await (await t.catch(() => null))?.close();
    },
  };
}

function inProcessExecutor(): Executor {
  return {
    mode: 'none',
    threads: 0,
    async run(task, signal) {
      // let signal handlers and I/O run between runs (a run itself blocks this thread)
      await new Promise<void>((r) => setImmediate(r));
      if (signal?.aborted) throw abortError();
      return executeRun(task, await loadSimulate(task.modelModule));
    },
    close: async () => {},
  };
}

export type TaskOutcome =
  | { kind: 'ok'; task: RunTask; result: RunResult; attempts: number }
  | { kind: 'failed'; task: RunTask; error: string; attempts: number };

export interface RunTasksOptions {
  /** tasks in flight at once (default 2 per thread, 1 in-process) */
  concurrency?: number;
  /** retries after a first failure (default 1) */
  retries?: number;
  signal?: AbortSignal;
  /** called once per task that finished (ok, or failed after its retries), in completion order */
  onOutcome: (o: TaskOutcome) => void;
  /** called when an attempt failed and the task will be tried again */
  onRetry?: (task: RunTask, error: string, attempt: number) => void;
}

/**
 * Run every task; resolves when all are done or, after an abort, when the tasks in flight have
 * settled (those cut short are neither ok nor failed: they are simply not done).
 */
export async function runTasks(tasks: readonly RunTask[], exec: Executor, opts: RunTasksOptions): Promise<{ aborted: boolean }> {
  const concurrency = Math.max(1, opts.concurrency ?? (exec.threads > 0 ? exec.threads * 2 : 1));
  const retries = opts.retries ?? 1;
  const signal = opts.signal;
  let next = 0;
  // An error in onOutcome (the caller's bookkeeping, not a run) stops every lane and is rethrown.
  let fatal: { error: unknown } | null = null;

  const lane = async (): Promise<void> => {
    while (!signal?.aborted && fatal === null && next < tasks.length) {
      const task = tasks[next++]!;
      let outcome: TaskOutcome | null = null;
      for (let attempt = 1; outcome === null; attempt++) {
        try {
          const result = await exec.run(task, signal);
          outcome = { kind: 'ok', task, result, attempts: attempt };
        } catch (e) {
          if (signal?.aborted) return; // cut short by the abort: not a failure, not done
          const error = errorText(e);
          if (attempt <= retries) {
            opts.onRetry?.(task, error, attempt);
            continue;
          }
          outcome = { kind: 'failed', task, error, attempts: attempt };
        }
      }
      if (fatal !== null) return;
      try {
        opts.onOutcome(outcome);
      } catch (e) {
        fatal = { error: e };
        return;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, tasks.length) }, lane));
  if (fatal !== null) throw (fatal as { error: unknown }).error;
  return { aborted: signal?.aborted ?? false };
}

/** Error classes whose name survives the structured clone from a worker thread. */
const CLONED_ERROR_NAMES = new Set(['EvalError', 'RangeError', 'ReferenceError', 'SyntaxError', 'TypeError', 'URIError']);

/**
 * The message of a thrown value, the same whether it was thrown in-process or in a worker: no
 * stack (failures.csv must not depend on file paths) and a class name only where cloning keeps it.
 */
export function errorText(e: unknown): string {
  const msg = e instanceof Error ? `${CLONED_ERROR_NAMES.has(e.name) ? e.name + ': ' : ''}${e.message}` : String(e);
  return msg.length > 2000 ? msg.slice(0, 1997) + '...' : msg;
}

function abortError(): Error {
  const e = new Error('aborted');
  e.name = 'AbortError';
  return e;
}
