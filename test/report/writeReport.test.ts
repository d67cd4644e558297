/**
 * writeReport on a synthetic folder: every figure the files allow, SVG bytes that do not depend
 * on what the process rendered before or on the time zone, a self-contained page, atomic writes
 * (no temp files left), figures of files that went away removed.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';
import { FIGURE_NAMES, writeReport } from '../../src/runner/report/writeReport.js';
import { externalReferences } from './externalReferences.js';
import { tempDir, writeFixture } from './fixtures.js';

const BIN = fileURLToPath(new URL('../../bin/chokepoint.js', import.meta.url));

describe('writeReport', () => {
  test('a folder with every file gives every figure as SVG, PNG and spec, and the page', async () => {
    const { dir, validation } = writeFixture({ books: true, game: true });
    const r = await writeReport(dir, { validationFile: validation });
    expect(r.warnings.filter((w) => !w.startsWith('DejaVu'))).toEqual([]);
    expect(r.figures.map((f) => f.name)).toEqual([...FIGURE_NAMES]);
    expect(r.skipped).toEqual([]);
    const files = readdirSync(join(dir, 'report', 'figures')).sort();
    expect(files).toEqual(FIGURE_NAMES.flatMap((n) => [`${n}.png`, `${n}.svg`, `${n}.vl.json`]).sort());
    for (const f of r.figures) {
      const png = readFileSync(f.png!);
      expect(png.subarray(1, 4).toString()).toBe('PNG');
      expect(readFileSync(f.svg, 'utf8')).toMatch(/^<svg /);
    }
    const html = readFileSync(r.html, 'utf8');
    expect(externalReferences(html)).toEqual([]);
    for (const n of FIGURE_NAMES) expect(html).toContain(`<figure class="chart" id="fig-${n}"`);
    expect((html.match(/<svg\b/g) ?? []).length).toBe(FIGURE_NAMES.length);
    // ids unique across the inlined figures
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
    expect(new Set(ids).size).toBe(ids.length);
    // manifest, summary with CIs, links to the CSVs (relative: the report is in DIR/report)
    expect(html).toContain('f'.repeat(64));
    expect(html).toContain('Markets (computed from runs.csv)');
    expect(html).toMatch(/<span class="ci">\[[-\d.e+]+, [-\d.e+]+\]<\/span>/);
    expect(html).toContain('<a href="../runs.csv">runs.csv</a>');
    expect(html).toContain('Equilibria (equilibria.csv)');
    expect(html).toContain('synthetic &lt;folder&gt; &amp; &quot;quotes&quot;');
    // atomic writes leave no temp files
    expect(readdirSync(join(dir, 'report')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  test('the same folder gives byte-identical SVG and HTML, whatever was rendered before and in any time zone', async () => {
    const { dir, validation } = writeFixture({ books: true, game: true });
    const a = await writeReport(dir, { out: join(tempDir(), 'a'), validationFile: validation, png: false });
    // again in this process: Vega's id counters have moved on
    const b = await writeReport(dir, { out: join(tempDir(), 'b'), validationFile: validation, png: false });
    // and through the CLI in a process on the other side of the date line (TZ is read at
    // process start: setting it in a worker thread changes nothing)
    const c = join(tempDir(), 'c');
    const child = spawnSync(process.execPath, [BIN, 'report', dir, '--out', c, '--validation', validation], { env: { ...process.env, TZ: 'Pacific/Chatham' }, encoding: 'utf8' });
    expect(child.status, child.stderr).toBe(0);
    expect(child.stdout).toContain('8 figures');
    for (const other of [b.outDir, c]) {
      for (const f of a.figures) {
        const svg = join(other, 'figures', `${f.name}.svg`);
        expect(readFileSync(svg).equals(readFileSync(f.svg)), `${svg} differs`).toBe(true);
        expect(readFileSync(join(other, 'figures', `${f.name}.vl.json`)).equals(readFileSync(f.spec)), `${f.name}.vl.json differs`).toBe(true);
      }
    }
    // the pages differ only in the relative links to the CSVs (other --out folders) and the PNG
    // links (the CLI writes PNGs)
    const page = (d: string): string =>
      readFileSync(join(d, 'report.html'), 'utf8')
        .replace(/href="(\.\.\/)+[^"]*"/g, 'href=""')
        .replace(/<a href="figures\/[a-z]+\.png">PNG<\/a> /g, '');
    expect(page(b.outDir)).toBe(page(a.outDir));
    expect(page(c)).toBe(page(a.outDir));
    expect(a.figures.every((f) => f.png === null)).toBe(true);
  });

  test('optional files: no timeseries, books or game files -> the figures of runs.csv and actors.csv, the others listed as not drawn', async () => {
    const { dir, validation } = writeFixture({ timeseries: false });
    const r = await writeReport(dir, { validationFile: validation });
    expect(r.figures.map((f) => f.name)).toEqual(['volatility', 'shortages']);
    expect(r.skipped.map((s) => s.name)).toEqual(['prices', 'spread']);
    expect(r.skipped[0]!.reason).toContain('outputs.timeseries');
    const html = readFileSync(r.html, 'utf8');
    expect(html).toContain('Not drawn: Price paths');
  });

  test('a figure whose file went away is removed on the next report', async () => {
    const { dir, validation } = writeFixture({ books: true });
    await writeReport(dir, { validationFile: validation, png: false });
    expect(existsSync(join(dir, 'report', 'figures', 'vault.svg'))).toBe(true);
    rmSync(join(dir, 'books.csv'));
    const r = await writeReport(dir, { validationFile: validation, png: false });
    expect(r.figures.map((f) => f.name)).not.toContain('vault');
    expect(existsSync(join(dir, 'report', 'figures', 'vault.svg'))).toBe(false);
  });

  test('no validation file: no history figure, said why', async () => {
    const { dir } = writeFixture();
    const r = await writeReport(dir, { validationFile: join(dir, 'nope.csv'), png: false });
    expect(r.skipped).toEqual([{ name: 'history', title: 'Historical episodes', reason: `${join(dir, 'nope.csv')} not found` }]);
  });

  test('a folder without results is a usage error', async () => {
    await expect(writeReport(tempDir())).rejects.toThrow(/no results/);
    await expect(writeReport(join(tempDir(), 'missing'))).rejects.toThrow(/not a folder/);
  });
});
