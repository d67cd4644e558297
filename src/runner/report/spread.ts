/**
 * Figure "spread": the ex_cn (aligned, Western) price over the cn (Chinese domestic) price, as a
 * premium (ex_cn / cn - 1), one panel per commodity, one line per scenario (mean of the runs'
 * weekly ratios) with a band across runs. From timeseries.csv. An export control opens this gap.
 */
import type { TopLevelSpec } from 'vega-lite';
import { describeBand } from './band.js';
import { scenarioColor, scenarioFill, sig, timeX } from './channels.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';
import type { TimeseriesBands } from './timeseries.js';

export interface SpreadPoint {
  scenario: string;
  commodity: string;
  date: string | null;
  week: number;
  mean: number | null;
  lo: number | null;
  hi: number | null;
}

export interface SpreadData {
  points: SpreadPoint[];
  scenarios: string[];
  commodities: string[];
  hasDates: boolean;
  bandText: string;
}

export function spreadSpec(d: SpreadData): TopLevelSpec {
  const x = timeX(d.hasDates);
  const y = { type: 'quantitative', title: null, axis: { format: '~%' } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'ex_cn premium over the Chinese domestic price', subtitle: `ex_cn price / cn price - 1; ${d.bandText}` },
    data: { values: d.points },
    facet: { field: 'commodity', type: 'nominal', sort: d.commodities, header: { title: null } },
    columns: 5,
    spec: {
      width: 170,
      height: 110,
      layer: [
        { mark: { type: 'rule', color: '#888', strokeDash: [3, 3] }, encoding: { y: { datum: 0, type: 'quantitative' } } },
        { mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, fill: scenarioFill(d.scenarios) } },
        { mark: { type: 'line', strokeWidth: 1.3 }, encoding: { x, y: { ...y, field: 'mean' }, color: scenarioColor(d.scenarios) } },
      ],
    },
    resolve: { scale: { y: 'independent' } },
    config: THEME,
  } as TopLevelSpec;
}

export function spreadFigure(ts: TimeseriesBands, scenarioOrder: readonly string[]): Figure | null {
  if (ts.spread.rows.length === 0) return null;
  const hasDates = ts.dates.size > 0;
  const commodities = orderOf(
    ts.spread.rows.map((r) => r.keys[1] ?? ''),
    ts.commodities,
  );
  const data: SpreadData = {
    points: ts.spread.rows.map((r) => {
      const week = Number(r.x);
      return { scenario: r.keys[0] ?? '', commodity: r.keys[1] ?? '', date: hasDates ? (ts.dates.get(week) ?? null) : null, week, mean: sig(r.mean), lo: sig(r.lo), hi: sig(r.hi) };
    }),
    scenarios: orderOf(ts.scenarios, scenarioOrder),
    commodities,
    hasDates,
    bandText: describeBand(ts.spread),
  };
  return { name: 'spread', title: 'ex_cn vs cn spread', caption: `Premium of the ex_cn price over the cn price per commodity, computed run by run from timeseries.csv; ${describeBand(ts.spread)}.`, spec: spreadSpec(data) };
}
