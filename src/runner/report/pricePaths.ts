/**
 * Figure "prices": the weekly price of every commodity (rows) in every segment (columns), one
 * line per scenario (the mean over replications) with a band across them. From timeseries.csv.
 */
import type { TopLevelSpec } from 'vega-lite';
import type { BandSummary } from './band.js';
import { describeBand } from './band.js';
import { commodityLabel, scenarioColor, scenarioFill, sig, timeX } from './channels.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';
import type { TimeseriesBands } from './timeseries.js';

export interface PricePoint {
  scenario: string;
  commodity: string;
  segment: string;
  /** ISO date, or null when the file had no dates (then week is the x axis) */
  date: string | null;
  week: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

export interface PricePathsData {
  points: PricePoint[];
  scenarios: string[];
  commodities: string[];
  segments: string[];
  hasDates: boolean;
  bandText: string;
}

export function pricePathsSpec(d: PricePathsData): TopLevelSpec {
  const labels = new Map(d.commodities.map((c) => [c, commodityLabel(c)] as const));
  const x = timeX(d.hasDates);
  const color = scenarioColor(d.scenarios);
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Prices by commodity and segment', subtitle: `USD per unit; ${d.bandText}` },
    data: { values: d.points.map((p) => ({ ...p, commodity_label: labels.get(p.commodity) ?? p.commodity })) },
    facet: {
      row: { field: 'commodity_label', type: 'nominal', sort: d.commodities.map((c) => labels.get(c) ?? c), header: { title: null, labelOrient: 'left' } },
      column: { field: 'segment', type: 'nominal', sort: d.segments, header: { title: null } },
    },
    spec: {
      width: 210,
      height: 90,
      layer: [
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { field: 'lo', type: 'quantitative', title: null, scale: { zero: false } }, y2: { field: 'hi' }, fill: scenarioFill(d.scenarios) } },
        { mark: { type: 'line', strokeWidth: 1.3 }, encoding: { x, y: { field: 'mean', type: 'quantitative', title: null, scale: { zero: false } }, color } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: THEME,
  } as TopLevelSpec;
}

/** The figure from timeseries bands; the preferred scenario order is the config's. */
export function pricePathsFigure(ts: TimeseriesBands, scenarioOrder: readonly string[]): Figure {
  return { name: 'prices', title: 'Price paths', caption: `Weekly clearing price per commodity (rows) and segment (columns), from timeseries.csv; ${describeBand(ts.prices)}.`, spec: pricePathsSpec(pricePathsData(ts.prices, ts, scenarioOrder)) };
}

export function pricePathsData(bands: BandSummary, ts: Pick<TimeseriesBands, 'dates' | 'scenarios' | 'commodities' | 'segments'>, scenarioOrder: readonly string[]): PricePathsData {
  const hasDates = ts.dates.size > 0;
  return {
    points: bands.rows.map((r) => {
      const week = Number(r.x);
      return { scenario: r.keys[0] ?? '', commodity: r.keys[1] ?? '', segment: r.keys[2] ?? '', date: hasDates ? (ts.dates.get(week) ?? null) : null, week, mean: sig(r.mean), lo: sig(r.lo), hi: sig(r.hi) };
    }),
    scenarios: orderOf(ts.scenarios, scenarioOrder),
    commodities: ts.commodities,
    segments: orderOf(ts.segments, ['cn', 'ex_cn', 'ex_cn_other']),
    hasDates,
    bandText: describeBand(bands),
  };
}
