#!/usr/bin/env node
// Profile an experiment with clinic (issue 5): `npm run profile -- CONFIG [flame|doctor]`.
//
// Runs `chokepoint run CONFIG --parallel none` (every run in the main thread, so the flame graph
// shows the kernels rather than a pool waiting on workers) under `clinic flame` (default) or
// `clinic doctor`, into a fresh temporary folder, and prints where the HTML report went.
// NO_INSIGHT=1 is set: without it clinic asks about its telemetry and, with no one at the
// terminal, exits silently without profiling.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TOOLS = ['flame', 'doctor'];
const [config, tool = 'flame', ...rest] = process.argv.slice(2);
if (!config || !TOOLS.includes(tool) || rest.length > 0) {
  console.error(`usage: npm run profile -- CONFIG [${TOOLS.join('|')}]   (default flame)`);
  process.exit(2);
}
if (!existsSync(config)) {
  console.error(`no such config: ${config}`);
  process.exit(2);
}
const root = fileURLToPath(new URL('..', import.meta.url));
const clinic = join(root, 'node_modules', 'clinic', 'bin.js');
if (!existsSync(clinic)) {
  console.error('clinic is not installed: run `npm install` (it is a dev dependency)');
  process.exit(2);
}
const work = mkdtempSync(join(tmpdir(), 'chokepoint-profile-'));
const dest = join(work, 'clinic');
const out = join(work, 'results');
const args = [clinic, tool, '--open=false', '--dest', dest, '--', process.execPath, join(root, 'bin', 'chokepoint.js'), 'run', resolve(config), '--parallel', 'none', '--out', out, '--force', '--no-report'];
console.error(`clinic ${tool} on: chokepoint run ${config} --parallel none --out ${out} --force --no-report`);
const r = spawnSync(process.execPath, args, { stdio: 'inherit', env: { ...process.env, NO_INSIGHT: '1' } });
const html = existsSync(dest) ? readdirSync(dest).filter((f) => f.endsWith('.html')) : [];
if (html.length === 0) {
  console.error(`clinic ${tool} wrote no HTML report (exit ${r.status ?? r.signal}); its data, if any, is in ${dest}`);
  process.exit(r.status || 1);
}
for (const f of html) console.log(`report: ${join(dest, f)}`);
process.exit(r.status ?? 0);
