/**
 * What-if for the lead (issue 5): the kernels as built, against the same kernels after each
 * column store's `cols` object is rebuilt in V8's fast-properties mode, and the scalar reference.
 * createColumns (src/core/columns.ts) adds one property per column with a computed key, and past
 * a dozen such properties V8 turns the object into a dictionary: every `L.need[i]` in a kernel
 * loop is then a hash lookup through an inline cache, not a field load. Prices are checked equal.
 *
 *   node --import tsx bench/whatif-fast-columns.ts [scale=1.7688] [batches=6]
 *
 * Each variant runs in a process of its own: in one process, kernels that have seen one shape
 * of column object and then another become polymorphic, which would blur the comparison.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { resolveParams } from '../src/agents/params.js';
import { buildReference, refTick } from '../src/agents/reference/tick.js';
import type { World } from '../src/agents/state.js';
import { buildWorld, tick } from '../src/agents/world.js';

const scale = Number(process.argv[2] ?? 1.7688);
const batches = Number(process.argv[3] ?? 6);
const variant = process.argv[4];
if (variant === undefined) {
  for (const v of ['as-built', 'fast', 'reference']) {
    const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), String(scale), String(batches), v], { stdio: 'inherit' });
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
  process.exit(0);
}
const spec = { params: resolveParams({ 'population.scale': scale }), seed: 1, horizonWeeks: 13 * batches, startDate: '2025-01-06', events: [] };
const hasFast = (() => {
  try {
    return new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;
  } catch {
    return null; // without --allow-natives-syntax
  }
})();

function fastColumns(w: World): World {
  const x = w as unknown as Record<string, { cols: object }>;
  for (const k of ['sellers', 'plants', 'lines', 'traders', 'stockpiles']) x[k] = { ...x[k]!, cols: Object.fromEntries(Object.entries(x[k]!.cols)) };
  return w;
}

function time(label: string, step: (t: number) => void): number[] {
  const per: number[] = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < 13; i++) step(b * 13 + i);
    per.push((performance.now() - t0) / 13);
  }
  const steady = per.slice(1).sort((a, b) => a - b);
  console.log(`${label.padEnd(28)} ms/tick by quarter: ${per.map((x) => x.toFixed(2)).join(' ')}  (median after the first: ${steady[Math.floor(steady.length / 2)]!.toFixed(2)})`);
  return per;
}

if (variant === 'reference') {
  const ref = buildReference(spec);
  time('reference (objects)', (t) => {
    ref.w.tick = t;
    refTick(ref);
  });
  console.log(`  price checksum ${ref.w.price.reduce((a, b) => a + b, 0)}`);
} else {
  const w = variant === 'fast' ? fastColumns(buildWorld(spec)) : buildWorld(spec);
  if (hasFast) console.log(`fast properties: lines.cols ${hasFast(w.lines.cols)}, sellers.cols ${hasFast(w.sellers.cols)}, plants.cols ${hasFast(w.plants.cols)}`);
  console.log(`agents ${w.sellers.size + w.plants.size}, lines ${w.lines.size}`);
  time(variant === 'fast' ? 'kernel, fast column objects' : 'kernel, columns as built', (t) => {
    w.tick = t;
    tick(w);
  });
  console.log(`  price checksum ${w.price.reduce((a, b) => a + b, 0)}`);
}
