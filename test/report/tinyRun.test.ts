/**
 * The report of a real (tiny) run: population.scale 0.05, 60 weeks, two scenarios with a Vault
 * and gallium controls, timeseries and books on. Every figure a run's files allow is drawn.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { beforeAll, describe, expect, test } from 'vitest';
import { writeReport, type ReportResult } from '../../src/runner/report/writeReport.js';
import { externalReferences } from './externalReferences.js';
import { tempDir } from './fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/chokepoint.js', import.meta.url));
const SKIP = process.env.CHOKEPOINT_SKIP_MODEL_TESTS === '1';

describe.skipIf(SKIP)('report of a tiny run', () => {
  let dir = '';
  let r: ReportResult;
  beforeAll(async () => {
    const base = tempDir();
    dir = join(base, 'out');
    const scale = { 'population.scale': 0.05 };
    const config = {
      name: 'tiny',
      seed: 5,
      replications: 2,
      horizon_weeks: 60,
      start_date: '2022-06-27',
      scenarios: [
        { name: 'no-controls', overrides: scale },
        {
          name: 'gallium-2023',
          overrides: scale,
          events: [
            { type: 'vault', start: 20 },
            { type: 'export_control', commodity: ['gallium'], target: 'exports', approval: 0.5, start: '2023-07-03' },
          ],
        },
      ],
      reference_scenario: 'no-controls',
      outputs: { timeseries: true, books: true },
    };
    writeFileSync(join(base, 'tiny.yaml'), stringify(config));
    const run = spawnSync(process.execPath, [BIN, 'run', join(base, 'tiny.yaml'), '--out', dir, '--threads', '0'], { encoding: 'utf8' });
    expect(run.status, run.stderr).toBe(0);
    const validation = join(base, 'validation.csv');
    writeFileSync(validation, 'episode,commodity,segment,date,price,unit,kind,ref_date,source\ngallium-2023,gallium,ex_cn,2023-06-26,257.5,$/kg,level,,test\ngallium-2023,gallium,ex_cn,2023-07-10,1.27,x ref_date,ratio,2023-06-26,test\n');
    r = await writeReport(dir, { validationFile: validation });
  }, 120_000);

  test('every figure of a run: prices, spread, history, volatility, shortages, vault', () => {
    expect(r.figures.map((f) => f.name)).toEqual(['prices', 'spread', 'history', 'volatility', 'shortages', 'vault']);
    expect(r.skipped).toEqual([]);
    expect(r.warnings.filter((w) => !w.startsWith('DejaVu'))).toEqual([]);
  });

  test('the page inlines them all, with the summary.csv table and the manifest, and fetches nothing', () => {
    const html = readFileSync(r.html, 'utf8');
    expect(externalReferences(html)).toEqual([]);
    for (const f of r.figures) expect(html).toContain(`id="fig-${f.name}"`);
    const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { config_hash: string };
    expect(html).toContain(manifest.config_hash);
    expect(html).toMatch(/summary\.csv|computed from runs\.csv/);
    expect(html).toContain('<a href="../runs.csv">runs.csv</a>');
  });

  test('a second report of the folder gives the same SVG bytes', async () => {
    const again = await writeReport(dir, { out: join(tempDir(), 'again'), validationFile: null, png: false });
    for (const f of again.figures) expect(readFileSync(f.svg).equals(readFileSync(join(r.outDir, 'figures', `${f.name}.svg`))), f.name).toBe(true);
  });
});
