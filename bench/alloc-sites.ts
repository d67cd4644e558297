/**
 * Where the kernel tick allocates (issue 5): V8's sampling heap profiler over `ticks` ticks of
 * one world after `warm` ticks of warm-up, counting objects that were collected as well, summed
 * by the allocating function and its caller. The bench's allocation figure says how much; this
 * says where.
 *
 *   node --import tsx bench/alloc-sites.ts [scale=1.7688] [warm=300] [ticks=52] [calm|ban]
 *
 * `ban` adds the Vault (week 20) and a ban on five inputs to ex_cn from week 60, so the licence
 * paths run. Functions are named with their file; tsx's transpiled code reports line 1, so read
 * the function for the site (closures, arrays, for-of iterators, doubles boxed across calls that
 * were not inlined).
 */
import { Session } from 'node:inspector/promises';
import type { ScenarioEvent } from '../src/agents/model.js';
import { resolveParams } from '../src/agents/params.js';
import { buildWorld, tick } from '../src/agents/world.js';

interface Node {
  callFrame: { functionName: string; url: string };
  selfSize: number;
  children: Node[];
}

const [scaleArg, warmArg, ticksArg, mode] = process.argv.slice(2);
const scale = Number(scaleArg ?? 1.7688);
const warm = Number(warmArg ?? 300);
const n = Number(ticksArg ?? 52);
const events: ScenarioEvent[] =
  mode === 'ban'
    ? [
        { type: 'vault', start: 20 },
        { type: 'export_control', commodity: ['ndpr', 'dytb', 'magnet', 'graphite_anode', 'gallium'], target: 'ex_cn', approval: 0, start: 60 },
      ]
    : [];
const w = buildWorld({ params: resolveParams({ 'population.scale': scale }), seed: 1, horizonWeeks: warm + n, startDate: '2025-01-06', events });
let t = 0;
for (; t < warm; t++) {
  w.tick = t;
  tick(w);
}
const session = new Session();
session.connect();
await session.post('HeapProfiler.enable');
// includeObjectsCollectedBy*: count what the tick allocated, not only what survived
await session.post('HeapProfiler.startSampling', { samplingInterval: 16, includeObjectsCollectedByMajorGC: true, includeObjectsCollectedByMinorGC: true } as never);
for (let i = 0; i < n; i++, t++) {
  w.tick = t;
  tick(w);
}
const { profile } = (await session.post('HeapProfiler.stopSampling')) as unknown as { profile: { head: Node } };
session.disconnect();

const sites = new Map<string, number>();
let total = 0;
const name = (f: Node['callFrame']): string => `${f.functionName || '(anonymous)'}${f.url ? ` (${f.url.replace(/^.*\/src\//, 'src/')})` : ''}`;
function walk(node: Node, caller: string): void {
  const me = name(node.callFrame);
  if (node.selfSize > 0) {
    const key = `${me}  <  ${caller}`;
    sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    total += node.selfSize;
  }
  for (const c of node.children) walk(c, me);
}
walk(profile.head, '');
console.log(`agents ${w.sellers.size + w.plants.size}, ${n} ticks after ${warm}: about ${Math.round(total / n)} bytes a tick (sampled)`);
for (const [k, v] of [...sites.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`${String(Math.round(v / n)).padStart(8)}  ${k}`);
