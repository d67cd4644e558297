/** Shared bits of the runner tests: temp folders, configs from objects, the stub model. */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { stringify } from 'yaml';
import { afterAll } from 'vitest';
import { validateConfigObject, type LoadedConfig } from '../../src/runner/config.js';

export const STUB_MODEL_PATH = new URL('./fixtures/stub-model.ts', import.meta.url).pathname;
export const STUB_MODEL = pathToFileURL(STUB_MODEL_PATH).href;

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'chokepoint-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

export function writeYaml(dir: string, name: string, obj: unknown): string {
  const p = join(dir, name);
  writeFileSync(p, typeof obj === 'string' ? obj : stringify(obj));
  return p;
}

export function loaded(obj: Record<string, unknown>, file = 'test.yaml'): LoadedConfig {
  return validateConfigObject(obj, file);
}

/** Every file in a folder (name -> contents; sub-folders such as report/ and shards/ left out), for byte comparisons. */
export function snapshotDir(dir: string, skip: (name: string) => boolean = (n) => n === 'manifest.json' || n.startsWith('.')): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of readdirSync(dir).sort()) if (!skip(f) && statSync(join(dir, f)).isFile()) out[f] = readFileSync(join(dir, f), 'utf8');
  return out;
}
