/** Where the package lives (for `list`, the manifest's version and git commit), whatever the cwd. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const PACKAGE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const EXPERIMENTS_DIR = fileURLToPath(new URL('../../experiments/', import.meta.url));

export interface PackageInfo {
  name: string;
  version: string;
}

let cached: PackageInfo | null = null;

export function packageInfo(): PackageInfo {
  if (!cached) {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name?: string; version?: string };
    cached = { name: pkg.name ?? 'chokepoint', version: pkg.version ?? '0.0.0' };
  }
  return cached;
}
