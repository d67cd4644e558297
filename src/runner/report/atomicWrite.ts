/**
 * Write a file through a temp file in the same folder and a rename, so a reader (a browser, a
 * crash) never sees half a report.html or half a figure. The temp name carries the pid so two
 * reports of the same folder at once do not write into each other's temp file.
 */
import { renameSync, rmSync, writeFileSync } from 'node:fs';

export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
