/**
 * System test (npm run test:system): report.html opened in headless Chromium (Debian's
 * chromium, driven by playwright-core) shows every figure, rendered at a non-zero size with its
 * marks, with no console error and no request leaving file://. Two folders: a synthetic one
 * with every file the report reads (all eight figures, games included) and a tiny real run.
 *
 * Without /usr/bin/chromium the test skips with a printed reason, and fails under CI=true
 * (.ci/run installs chromium with apt-get).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { FIGURE_NAMES, writeReport } from '../../src/runner/report/writeReport.js';
import { tempDir, writeFixture } from '../report/fixtures.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const HAVE = existsSync(CHROMIUM);
const CI = process.env.CI === 'true';
const BIN = fileURLToPath(new URL('../../bin/chokepoint.js', import.meta.url));

if (!HAVE && !CI) console.log(`skipping the report browser test: ${CHROMIUM} not found (apt-get install -y chromium fonts-dejavu-core)`);

interface Seen {
  figures: { id: string; width: number; height: number; marks: number; texts: number }[];
  errors: string[];
  requests: string[];
}

async function openInChromium(html: string): Promise<Seen> {
  const profile = tempDir('chokepoint-chromium-'); // a fresh --user-data-dir, removed after the file
  const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 900 } });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    const requests: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file:') || url.startsWith('data:')) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(pathToFileURL(html).href, { waitUntil: 'load' });
    const figures = await page.$$eval('figure.chart', (els) =>
      els.map((fig) => {
        const svg = fig.querySelector('svg');
        const box = svg?.getBoundingClientRect();
        return {
          id: fig.id,
          width: box?.width ?? 0,
          height: box?.height ?? 0,
          marks: svg ? svg.querySelectorAll('path[d]:not([d=""]), rect, line, circle').length : 0,
          texts: svg ? [...svg.querySelectorAll('text')].filter((t) => t.getComputedTextLength() > 0).length : 0,
        };
      }),
    );
    return { figures, errors, requests };
  } finally {
    await context.close();
  }
}

function tinyRun(): string {
  const base = tempDir();
  const scale = { 'population.scale': 0.05 };
  writeFileSync(
    join(base, 'tiny.yaml'),
    stringify({
      name: 'tiny',
      replications: 2,
      horizon_weeks: 60,
      scenarios: [{ name: 'baseline', overrides: scale }, { name: 'ban', overrides: scale, events: [{ type: 'export_control', commodity: ['gallium'], target: 'ex_cn', approval: 0, start: 52 }] }],
      outputs: { timeseries: true, books: true },
    }),
  );
  const out = join(base, 'out');
  const r = spawnSync(process.execPath, [BIN, 'run', join(base, 'tiny.yaml'), '--out', out, '--threads', '0'], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tiny run failed (${r.status}): ${r.stderr}`);
  return out;
}

describe('report.html in headless Chromium', () => {
  test.runIf(!HAVE && CI)('chromium is installed (CI)', () => {
    expect.fail(`${CHROMIUM} not found: .ci/run installs it with apt-get install chromium`);
  });

  test.runIf(HAVE)('a folder with every file: all eight figures render, no console error, no network', async () => {
    const { dir, validation } = writeFixture({ books: true, game: true });
    const r = await writeReport(dir, { validationFile: validation });
    expect(r.figures.map((f) => f.name)).toEqual([...FIGURE_NAMES]);
    const seen = await openInChromium(r.html);
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.figures.map((f) => f.id)).toEqual(FIGURE_NAMES.map((n) => `fig-${n}`));
    for (const f of seen.figures) {
      expect(f.width, f.id).toBeGreaterThan(100);
      expect(f.height, f.id).toBeGreaterThan(100);
      expect(f.marks, f.id).toBeGreaterThan(5);
      expect(f.texts, f.id).toBeGreaterThan(3);
    }
  });

  test.runIf(HAVE)('the report of a tiny real run renders every figure it has', async () => {
    const dir = tinyRun();
    const r = await writeReport(dir);
    expect(r.figures.map((f) => f.name)).toEqual(expect.arrayContaining(['prices', 'spread', 'volatility', 'shortages']));
    const seen = await openInChromium(r.html);
    expect(seen.errors).toEqual([]);
    expect(seen.requests).toEqual([]);
    expect(seen.figures.map((f) => f.id)).toEqual(r.figures.map((f) => `fig-${f.name}`));
    for (const f of seen.figures) {
      expect(f.width, f.id).toBeGreaterThan(100);
      expect(f.height, f.id).toBeGreaterThan(100);
      expect(f.marks, f.id).toBeGreaterThan(5);
    }
  });
});
