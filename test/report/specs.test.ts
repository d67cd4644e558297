/**
 * Every figure's spec builder gives valid Vega-Lite: vega-lite compiles it without a warning,
 * Vega renders it to SVG without a warning, and the text is set in DejaVu Sans.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, test } from 'vitest';
import { readValidation } from '../../src/runner/history.js';
import { equilibriaFigure } from '../../src/runner/report/equilibria.js';
import type { Figure } from '../../src/runner/report/figure.js';
import { payoffsFigure } from '../../src/runner/report/payoffs.js';
import { pricePathsFigure } from '../../src/runner/report/pricePaths.js';
import { compileSpec, renderSvg } from '../../src/runner/report/renderSvg.js';
import { shortagesFigure } from '../../src/runner/report/shortages.js';
import { spreadFigure } from '../../src/runner/report/spread.js';
import { FONT_FAMILY } from '../../src/runner/report/theme.js';
import { readTimeseriesBands } from '../../src/runner/report/timeseries.js';
import { historyFigure, normalizeUnit, unitFactor } from '../../src/runner/report/validation.js';
import { vaultBooksFigure } from '../../src/runner/report/vaultBooks.js';
import { volatilityFigure } from '../../src/runner/report/volatility.js';
import { SCENARIOS, writeFixture } from './fixtures.js';

const figures = new Map<string, Figure | null>();

beforeAll(async () => {
  const { dir, validation } = writeFixture({ books: true, game: true });
  const ts = await readTimeseriesBands(join(dir, 'timeseries.csv'));
  figures.set('prices', pricePathsFigure(ts, SCENARIOS));
  figures.set('spread', spreadFigure(ts, SCENARIOS));
  figures.set('history', historyFigure(readValidation(validation), ts, SCENARIOS, SCENARIOS));
  figures.set('volatility', volatilityFigure(join(dir, 'runs.csv'), SCENARIOS));
  figures.set('shortages', shortagesFigure(join(dir, 'actors.csv'), SCENARIOS));
  figures.set('vault', await vaultBooksFigure(join(dir, 'books.csv'), SCENARIOS));
  figures.set('payoffs', payoffsFigure(join(dir, 'payoffs.csv')));
  figures.set('equilibria', equilibriaFigure(join(dir, 'equilibria.csv')));
});

describe.each(['prices', 'spread', 'history', 'volatility', 'shortages', 'vault', 'payoffs', 'equilibria'])('figure %s', (name) => {
  test('compiles with vega-lite without warnings', () => {
    const f = figures.get(name);
    expect(f, `${name} was not built`).toBeTruthy();
    expect(f!.name).toBe(name);
    const warnings: string[] = [];
    const vg = compileSpec(f!.spec, warnings);
    expect(warnings).toEqual([]);
    expect(vg.marks?.length ?? 0).toBeGreaterThan(0);
  });

  test('renders to SVG without warnings, text in DejaVu Sans, a non-empty size', async () => {
    const r = await renderSvg(figures.get(name)!.spec, name);
    expect(r.warnings).toEqual([]);
    expect(r.svg.startsWith('<svg')).toBe(true);
    expect(r.width).toBeGreaterThan(100);
    expect(r.height).toBeGreaterThan(100);
    const families = new Set([...r.svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
    expect([...families]).toEqual([FONT_FAMILY]);
  });
});

describe('figure data', () => {
  test('the band across replications covers the mean', () => {
    const spec = figures.get('prices')!.spec as unknown as { data: { values: { mean: number; lo: number; hi: number }[] } };
    expect(spec.data.values.length).toBe(2 * 2 * 3 * 60);
    for (const p of spec.data.values) {
      expect(p.lo).toBeLessThanOrEqual(p.mean);
      expect(p.hi).toBeGreaterThanOrEqual(p.mean);
    }
  });

  test('history: a matching episode is drawn; $/t converted to the model\'s $/kg; an unreadable unit is noted', () => {
    const f = figures.get('history')!;
    expect(f.caption).toContain('gallium-2023');
    expect(f.caption).toContain('unit "$/g" drawn as given');
    const values = (f.spec as unknown as { data: { values: { panel: string; series: string; published: number | null }[] } }).data.values;
    const cn = values.filter((v) => v.series === 'published' && v.panel.startsWith('gallium-2023: gallium cn'));
    expect(cn.map((v) => v.published)).toEqual([240]);
    expect(values.some((v) => v.panel.includes('other-episode'))).toBe(false);
    expect(values.some((v) => v.panel.includes('/ price on'))).toBe(true);
  });

  test('units', () => {
    expect(normalizeUnit('USD/kg')).toBe('$/kg');
    expect(normalizeUnit('$/tonne')).toBe('$/t');
    expect(normalizeUnit('USD per t')).toBe('$/t');
    expect(normalizeUnit('x ref_date')).toBeNull();
    expect(unitFactor('$/kg', '$/t')).toBe(1000);
    expect(unitFactor('$/t', '$/kg')).toBe(0.001);
    expect(unitFactor('', '$/kg')).toBe(1);
  });
});
