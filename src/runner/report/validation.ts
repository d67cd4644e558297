/**
 * Figure "history": the historical episodes of data/validation.csv (read by ../history.ts, which
 * also prints the same comparison as a table: `chokepoint history DIR`) beside the simulated
 * prices. An episode is drawn when its name is one of the experiment's scenarios or the
 * experiment's own name (gallium-2023, graphite-2023, rare-earths-2010); failing that, every
 * episode whose dates fall inside the simulated ones.
 *
 * A `level` row is a published price: its panel (episode x commodity x segment) shows the
 * simulated mean and band per scenario around the published dates (+- 26 weeks) and the
 * published prices as black dots, converted to the model's unit when quoted per kg against per
 * tonne. A `ratio` row is a published move (price at `date` / price at `ref_date`): its panel
 * shows the simulated mean price over the simulated mean price of the ref_date's week, the
 * quantity `chokepoint history` compares, with the published ratios as black dots.
 */
import type { TopLevelSpec } from 'vega-lite';
import { dateWeek } from '../../core/clock.js';
import type { ValidationRow } from '../history.js';
import { describeBand, type BandRow, type BandSummary } from './band.js';
import { priceUnit, scenarioColor, scenarioFill, sig } from './channels.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';
import type { TimeseriesBands } from './timeseries.js';

/** weeks of simulation shown before the first and after the last published figure of a panel */
export const MARGIN_WEEKS = 26;

export interface HistoryPoint {
  panel: string;
  series: 'simulated' | 'published';
  scenario: string | null;
  date: string;
  mean: number | null;
  lo: number | null;
  hi: number | null;
  published: number | null;
}

export interface HistoryData {
  points: HistoryPoint[];
  panels: string[];
  /** panels whose values are ratios (a rule at 1 is drawn) */
  ratioPanels: string[];
  scenarios: string[];
  bandText: string;
  notes: string[];
  episodes: string[];
}

export function historySpec(d: HistoryData): TopLevelSpec {
  const x = { field: 'date', type: 'temporal', scale: { type: 'utc' }, axis: { title: null, format: '%b %Y', labelAngle: 0, tickCount: 4 } };
  const y = { type: 'quantitative', title: null, scale: { zero: false } };
  const sim = { filter: "datum.series === 'simulated'" };
  const pub = { filter: "datum.series === 'published'" };
  const ratio = { filter: { field: 'panel', oneOf: d.ratioPanels.length > 0 ? d.ratioPanels : ['\u0000'] } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Historical episodes: simulated and published prices', subtitle: `black dots: published (validation file); lines: simulated, ${d.bandText}` },
    data: { values: d.points },
    facet: { field: 'panel', type: 'nominal', sort: d.panels, header: { title: null, labelLimit: 0 } },
    columns: 2,
    spec: {
      width: 320,
      height: 150,
      layer: [
        { transform: [ratio, { aggregate: [{ op: 'min', field: 'date', as: 'date' }] }], mark: { type: 'rule', color: '#999', strokeDash: [3, 3] }, encoding: { y: { datum: 1, type: 'quantitative' } } },
        { transform: [sim], mark: { type: 'area', opacity: 0.18 }, encoding: { x, y: { ...y, field: 'lo' }, y2: { field: 'hi' }, fill: scenarioFill(d.scenarios) } },
        { transform: [sim], mark: { type: 'line', strokeWidth: 1.3 }, encoding: { x, y: { ...y, field: 'mean' }, color: scenarioColor(d.scenarios) } },
        { transform: [pub], mark: { type: 'point', color: '#111', filled: true, size: 36, opacity: 1 }, encoding: { x, y: { ...y, field: 'published' } } },
      ],
    },
    resolve: { scale: { x: 'independent', y: 'independent' } },
    config: THEME,
  } as TopLevelSpec;
}

/** '$/kg' | '$/t' | null from the ways a unit is written ($/kg, USD/kg, $/tonne, USD per t, ...) */
export function normalizeUnit(u: string): '$/kg' | '$/t' | null {
  const s = u.toLowerCase().replace(/\s+/g, '').replace(/^(usd|us\$)/, '$').replace('per', '/');
  if (/^\$?\/kg$/.test(s)) return '$/kg';
  if (/^\$?\/(t|mt|tonne|ton|metricton)$/.test(s)) return '$/t';
  return null;
}

/** factor from a published unit to the model's; null when the published unit is unreadable */
export function unitFactor(from: string, to: string | null): number | null {
  if (!from.trim() || !to) return 1; // no unit given, or a commodity the model does not know: as is
  const f = normalizeUnit(from);
  if (!f) return null;
  if (f === to) return 1;
  return f === '$/kg' ? 1000 : 0.001; // $/kg -> $/t: x 1000
}

const DAY_MS = 86_400_000;
const shiftIso = (iso: string, weeks: number): string => new Date(Date.parse(iso.slice(0, 10) + 'T00:00:00Z') + weeks * 7 * DAY_MS).toISOString().slice(0, 10);

export function historyData(validation: readonly ValidationRow[], bands: BandSummary, ts: Pick<TimeseriesBands, 'dates' | 'scenarios'>, names: readonly string[], scenarioOrder: readonly string[]): HistoryData | null {
  if (ts.dates.size === 0 || validation.length === 0) return null;
  const weeks = [...ts.dates.keys()].sort((a, b) => a - b);
  const w0 = weeks[0]!;
  const start = shiftIso(ts.dates.get(w0)!, -w0);
  const firstDate = ts.dates.get(w0)!;
  const lastDate = ts.dates.get(weeks[weeks.length - 1]!)!;
  // the simulated series: scenario x commodity x segment x week -> band row
  const series = new Map<string, BandRow>();
  const markets = new Set<string>();
  for (const r of bands.rows) {
    series.set(`${r.keys[0]}\u0000${r.keys[1]}\u0000${r.keys[2]}\u0000${r.x}`, r);
    markets.add(`${r.keys[1]}\u0000${r.keys[2]}`);
  }
  const at = (scenario: string, v: ValidationRow, week: number): BandRow | undefined => series.get(`${scenario}\u0000${v.commodity}\u0000${v.segment}\u0000${week}`);
  const simulated = (v: ValidationRow): boolean => markets.has(`${v.commodity}\u0000${v.segment}`);
  const usable = validation.filter(simulated);
  const wanted = new Set(names);
  let chosen = usable.filter((v) => wanted.has(v.episode));
  if (chosen.length === 0) chosen = usable.filter((v) => v.date >= firstDate && v.date <= lastDate);
  if (chosen.length === 0) return null;

  const scenarios = orderOf(ts.scenarios, scenarioOrder);
  const notes = new Set<string>();
  const panels = new Map<string, { rows: ValidationRow[]; ratio: boolean }>();
  for (const v of chosen) {
    const unit = priceUnit(v.commodity) ?? v.unit;
    const panel = v.kind === 'ratio' ? `${v.episode}: ${v.commodity} ${v.segment} / price on ${v.ref_date}` : `${v.episode}: ${v.commodity} ${v.segment} (${unit})`;
    let p = panels.get(panel);
    if (!p) panels.set(panel, (p = { rows: [], ratio: v.kind === 'ratio' }));
    p.rows.push(v);
  }
  const points: HistoryPoint[] = [];
  for (const [panel, p] of panels) {
    const first = p.rows[0]!;
    for (const v of p.rows) {
      let value = v.price;
      if (!p.ratio) {
        const f = unitFactor(v.unit, priceUnit(v.commodity));
        if (f === null) notes.add(`${v.episode} ${v.commodity}: unit "${v.unit}" drawn as given`);
        value *= f ?? 1;
      }
      points.push({ panel, series: 'published', scenario: null, date: v.date.slice(0, 10), mean: null, lo: null, hi: null, published: sig(value) });
    }
    const dates = p.rows.map((v) => v.date).sort();
    const from = dateWeek(start, shiftIso(dates[0]!, -MARGIN_WEEKS));
    const to = dateWeek(start, shiftIso(dates[dates.length - 1]!, MARGIN_WEEKS));
    const refWeek = p.ratio ? dateWeek(start, first.ref_date) : 0;
    for (const scenario of scenarios) {
      let ref = 1;
      if (p.ratio) {
        const r = at(scenario, first, refWeek);
        if (!r || !(r.mean > 0)) continue;
        ref = r.mean;
      }
      for (let w = Math.max(from, w0); w <= to; w++) {
        const r = at(scenario, first, w);
        const date = ts.dates.get(w);
        if (!r || !date) continue;
        // a ratio panel shows the mean path only (a zero-width band): the band of a ratio is not
        // the ratio of the band
        const mean = sig(r.mean / ref);
        points.push({ panel, series: 'simulated', scenario, date, mean, lo: p.ratio ? mean : sig(r.lo), hi: p.ratio ? mean : sig(r.hi), published: null });
      }
    }
  }
  return {
    points,
    panels: [...panels.keys()],
    ratioPanels: [...panels].filter(([, p]) => p.ratio).map(([k]) => k),
    scenarios,
    bandText: describeBand(bands),
    notes: [...notes],
    episodes: [...new Set(chosen.map((v) => v.episode))],
  };
}

export function historyFigure(validation: readonly ValidationRow[], ts: TimeseriesBands, names: readonly string[], scenarioOrder: readonly string[]): Figure | null {
  const d = historyData(validation, ts.prices, ts, names, scenarioOrder);
  if (!d) return null;
  return {
    name: 'history',
    title: 'Historical episodes',
    caption: `Simulated prices (timeseries.csv; ${d.bandText}; ratio panels: mean path only) beside the published figures of the validation file for ${d.episodes.join(', ')}.${d.notes.length ? ' ' + d.notes.join('; ') + '.' : ''}`,
    spec: historySpec(d),
  };
}
