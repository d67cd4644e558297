/**
 * The lock of an output folder's state directory (a file holding the writer's pid), shared by
 * `run`, `game` and `merge`: one process writes a results folder at a time. Local to a machine
 * (a pid on another node is not seen; docs/cluster.md).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from './errors.js';

export const LOCK_FILE = 'lock';

/** Throws (exit 2) when another live process holds the lock in stateDir; `what` names the folder in the message. */
export function checkLock(stateDir: string, what: string = stateDir): void {
  const path = join(stateDir, LOCK_FILE);
  if (!existsSync(path)) return;
  const pid = Number(readFileSync(path, 'utf8').trim());
  if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
    throw new UsageError(`${what} is being written by another chokepoint process (pid ${pid}); wait for it or stop it first`);
  }
}

export function acquireLock(stateDir: string): { release: () => void } {
  checkLock(stateDir);
  const path = join(stateDir, LOCK_FILE);
  writeFileSync(path, String(process.pid));
  return {
    release: () => {
      try {
        if (existsSync(path) && readFileSync(path, 'utf8').trim() === String(process.pid)) rmSync(path, { force: true });
      } catch {
        /* the folder may be gone already */
      }
    },
  };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
