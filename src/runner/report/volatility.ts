/**
 * Figure "volatility": the distribution over runs of realized_vol (annualised volatility of
 * weekly log returns after burn-in) per scenario, for every commodity (rows) and segment
 * (columns): a min-max box plot with every run as a dot. From runs.csv.
 */
import type { TopLevelSpec } from 'vega-lite';
import { scenarioColor, sig } from './channels.js';
import { cellNumber, readCsvFile } from './csv.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';

export interface VolatilityPoint {
  scenario: string;
  commodity: string;
  segment: string;
  run_id: string;
  realized_vol: number | null;
}

export interface VolatilityData {
  points: VolatilityPoint[];
  scenarios: string[];
  commodities: string[];
  segments: string[];
}

export function volatilitySpec(d: VolatilityData): TopLevelSpec {
  const y = { field: 'scenario', type: 'nominal', sort: d.scenarios, title: null, axis: { labelLimit: 120 } };
  const x = { field: 'realized_vol', type: 'quantitative', title: null, scale: { zero: false } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Realized volatility by scenario', subtitle: 'annualised sd of weekly log returns after burn-in, one dot a run; box: quartiles, whiskers: min-max' },
    data: { values: d.points.filter((p) => p.realized_vol !== null) },
    facet: {
      row: { field: 'commodity', type: 'nominal', sort: d.commodities, header: { title: null, labelOrient: 'top', labelAngle: 0, labelAlign: 'left', labelAnchor: 'start', labelFontWeight: 'bold' } },
      column: { field: 'segment', type: 'nominal', sort: d.segments, header: { title: null } },
    },
    spec: {
      width: 190,
      height: Math.max(24, 16 * d.scenarios.length),
      layer: [
        { mark: { type: 'boxplot', extent: 'min-max', size: 10, opacity: 0.5, median: { color: '#222' } }, encoding: { x, y, color: { ...scenarioColor(d.scenarios), legend: null } } },
        { mark: { type: 'point', filled: true, size: 14, opacity: 0.8, color: '#222' }, encoding: { x, y } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: THEME,
  } as TopLevelSpec;
}

export function volatilityData(runsCsv: string, scenarioOrder: readonly string[]): VolatilityData | null {
  const { header, rows } = readCsvFile(runsCsv);
  const c = { run: header.index('run_id'), scenario: header.index('scenario'), commodity: header.index('commodity'), segment: header.index('segment'), vol: header.index('realized_vol') };
  if (Object.values(c).some((i) => i < 0)) return null;
  const points = rows.map((r) => ({ scenario: r[c.scenario] ?? '', commodity: r[c.commodity] ?? '', segment: r[c.segment] ?? '', run_id: r[c.run] ?? '', realized_vol: sig(cellNumber(r[c.vol])) }));
  if (!points.some((p) => p.realized_vol !== null)) return null;
  return {
    points,
    scenarios: orderOf(points.map((p) => p.scenario), scenarioOrder),
    commodities: orderOf(points.map((p) => p.commodity)),
    segments: orderOf(points.map((p) => p.segment), ['cn', 'ex_cn', 'ex_cn_other']),
  };
}

export function volatilityFigure(runsCsv: string, scenarioOrder: readonly string[]): Figure | null {
  const d = volatilityData(runsCsv, scenarioOrder);
  if (!d) return null;
  return { name: 'volatility', title: 'Realized volatility', caption: 'Distribution over runs of realized_vol (runs.csv) per scenario, commodity (rows) and segment (columns): one dot a run, the box spans the quartiles and the whiskers min to max.', spec: volatilitySpec(d) };
}
