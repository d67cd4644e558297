/**
 * A synthetic results folder for the report tests: every file the report reads (runs.csv,
 * actors.csv, timeseries.csv, books.csv, summary.csv-less, payoffs.csv, equilibria.csv) and a
 * validation file, small and made from a fixed LCG, so the tests do not depend on the model.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

const made: string[] = [];
afterAll(() => {
  for (const d of made) rmSync(d, { recursive: true, force: true });
});

export function tempDir(prefix = 'chokepoint-report-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  made.push(d);
  return d;
}

/** deterministic uniforms in [0, 1) */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

export const SCENARIOS = ['baseline', 'gallium-2023'];
export const COMMODITIES = ['ndpr', 'gallium'];
export const SEGMENTS = ['cn', 'ex_cn', 'ex_cn_other'];
export const ACTORS = ['kr_battery', 'tw_chips', 'cn_refiners'];
export const START = '2023-01-02';
export const WEEKS = 60; // crosses 2024-01-01: a year tick, where a local-time axis would move
export const REPS = 3;

const iso = (week: number): string => new Date(Date.parse(START + 'T00:00:00Z') + week * 7 * 86_400_000).toISOString().slice(0, 10);

export interface FixtureOptions {
  books?: boolean;
  game?: boolean;
  timeseries?: boolean;
}

/** Write the folder; returns its path and the validation file's. */
export function writeFixture(o: FixtureOptions = {}): { dir: string; validation: string } {
  const dir = tempDir();
  const u = lcg(7);
  const runs = ['run_id,scenario,replicate,seed,commodity,segment,mean_price,peak_price_ratio,realized_vol,weeks_above_2x,shortage_share,baseline_price'];
  const actors = ['run_id,scenario,replicate,seed,actor,unit_cost_change,shortage_share,output_change,revenue_change'];
  const ts = ['run_id,scenario,replicate,week,date,commodity,segment,price,traded,demand,supply,shortage'];
  const books = ['run_id,scenario,replicate,week,date,vault_cash,vault_inventory_cost,vault_inventory_value,cn_export_revenue'];
  SCENARIOS.forEach((s, si) => {
    for (let r = 0; r < REPS; r++) {
      const id = `${s}-r${r}`;
      const seed = 1000 + r;
      for (const c of COMMODITIES) for (const g of SEGMENTS) runs.push(`${id},${s},${r},${seed},${c},${g},${(100 + 10 * u()).toFixed(4)},${(1 + si + u()).toFixed(4)},${(0.1 + 0.3 * u()).toFixed(4)},${si * Math.floor(10 * u())},${si === 1 && g === 'ex_cn' ? (0.2 * u()).toFixed(4) : '0'}`);
      for (const a of ACTORS) actors.push(`${id},${s},${r},${seed},${a},${(si * 0.1 + 0.02 * u()).toFixed(4)},${a === 'cn_refiners' ? '' : (si * 0.2 * u()).toFixed(4)},0,0`);
      for (let w = 0; w < WEEKS; w++) {
        for (const c of COMMODITIES) {
          const base = c === 'ndpr' ? 60 : 250;
          for (const g of SEGMENTS) {
            const shock = si === 1 && w >= 26 && g === 'ex_cn' ? 1 + (w - 25) * 0.1 : 1;
            ts.push(`${id},${s},${r},${w},${iso(w)},${c},${g},${(base * shock * (1 + 0.05 * (u() - 0.5))).toFixed(4)},10,10,12,0`);
          }
        }
        const inv = si === 1 ? w * 1e6 * (1 + r) : 0;
        books.push(`${id},${s},${r},${w},${iso(w)},${12e9 - inv},${inv},${inv * 1.01},${5e8}`);
      }
    }
  });
  writeFileSync(join(dir, 'runs.csv'), runs.join('\n') + '\n');
  writeFileSync(join(dir, 'actors.csv'), actors.join('\n') + '\n');
  if (o.timeseries !== false) writeFileSync(join(dir, 'timeseries.csv'), ts.join('\n') + '\n');
  if (o.books) writeFileSync(join(dir, 'books.csv'), books.join('\n') + '\n');
  if (o.game) {
    writeFileSync(
      join(dir, 'payoffs.csv'),
      'profile,player,mean,se,n\nrestraint|align,cn,1.2e10,5e8,20\nrestraint|align,kr,3.1e9,1e8,20\nbroad|align,cn,9e9,5e8,20\nbroad|align,kr,2.1e9,1e8,20\nbroad|accommodate,cn,1.5e10,5e8,20\nbroad|accommodate,kr,2.9e9,1e8,20\n',
    );
    writeFileSync(
      join(dir, 'equilibria.csv'),
      'equilibrium,kind,player,strategy,probability,regret,support_stability\n1,pure,cn,restraint,1,0,0.9\n1,pure,kr,align,1,0,0.9\n2,mixed,cn,restraint,0.4,0.001,0.5\n2,mixed,cn,broad,0.6,0.001,0.5\n2,mixed,kr,align,0.3,0.001,0.5\n2,mixed,kr,accommodate,0.7,0.001,0.5\n',
    );
  }
  writeFileSync(
    join(dir, 'manifest.json'),
    JSON.stringify({ schema_version: 1, tool: { name: 'chokepoint', version: '0.0.0-test' }, config_hash: 'f'.repeat(64), config: { name: 'fixture', description: 'synthetic <folder> & "quotes"', seed: 1, scenarios: SCENARIOS.map((name) => ({ name })), reference_scenario: 'baseline' }, seeds: [{ replicate: 0, seed: 1000 }], swept_parameters: [], runs: { total: 6, ok: 6, failed: 0 }, status: 'complete' }, null, 2),
  );
  const vdir = join(dir, 'data');
  mkdirSync(vdir);
  const validation = join(vdir, 'validation.csv');
  writeFileSync(
    validation,
    [
      'episode,commodity,segment,date,price,unit,kind,ref_date,source',
      `gallium-2023,gallium,ex_cn,${iso(20)},250,$/kg,level,,"test source, https://example.org/prices"`,
      `gallium-2023,gallium,ex_cn,${iso(34)},0.4,$/g,level,,test: an unreadable unit is drawn as given`,
      `gallium-2023,gallium,ex_cn,${iso(30)},1.4,x ref_date,ratio,${iso(24)},test`,
      `gallium-2023,gallium,cn,${iso(32)},240000,$/t,level,,test: per tonne converted to per kg`,
      `other-episode,ndpr,cn,1999-01-04,10,$/kg,level,,not in this folder`,
    ].join('\n') + '\n',
  );
  return { dir, validation };
}
