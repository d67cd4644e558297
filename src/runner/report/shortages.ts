/**
 * Figure "shortages": by actor group, the mean over runs of shortage_share (value of unmet input
 * needs / value of needs) and of unit_cost_change, per scenario, with a 95% t interval over the
 * runs as a whisker. From actors.csv.
 */
import type { TopLevelSpec } from 'vega-lite';
import { tInterval } from '../stats.js';
import { scenarioColor, sig } from './channels.js';
import { cellNumber, readCsvFile } from './csv.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';

/** actors.csv metrics drawn, in panel order, with their panel titles */
export const ACTOR_METRICS = [
  { metric: 'shortage_share', title: 'shortage share' },
  { metric: 'unit_cost_change', title: 'unit cost change' },
] as const;

export interface ActorBar {
  actor: string;
  scenario: string;
  metric: string;
  mean: number | null;
  lo: number | null;
  hi: number | null;
  n: number;
}

export interface ShortagesData {
  bars: ActorBar[];
  scenarios: string[];
  actors: string[];
  metrics: string[];
}

export function shortagesSpec(d: ShortagesData): TopLevelSpec {
  const y = { field: 'actor', type: 'nominal', sort: d.actors, title: null };
  const yOffset = { field: 'scenario', type: 'nominal', sort: d.scenarios };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Shortages and costs by actor group', subtitle: 'mean over runs per scenario; whisker: 95% t interval over runs' },
    data: { values: d.bars },
    facet: { column: { field: 'metric', type: 'nominal', sort: d.metrics, header: { title: null, labelFontSize: 12 } } },
    spec: {
      width: 260,
      height: { step: Math.max(6, Math.min(12, Math.floor(36 / Math.max(1, d.scenarios.length)))) },
      layer: [
        { mark: { type: 'bar' }, encoding: { y, yOffset, x: { field: 'mean', type: 'quantitative', title: null, axis: { format: '~%' } }, color: scenarioColor(d.scenarios, { symbolType: 'square' }) } },
        { mark: { type: 'rule', color: '#333' }, encoding: { y, yOffset, x: { field: 'lo', type: 'quantitative' }, x2: { field: 'hi' } } },
      ],
    },
    resolve: { scale: { x: 'independent' } },
    config: THEME,
  } as TopLevelSpec;
}

export function shortagesData(actorsCsv: string, scenarioOrder: readonly string[]): ShortagesData | null {
  const { header, rows } = readCsvFile(actorsCsv);
  const iScenario = header.index('scenario');
  const iActor = header.index('actor');
  const metrics = ACTOR_METRICS.filter((m) => header.index(m.metric) >= 0);
  if (iScenario < 0 || iActor < 0 || metrics.length === 0 || rows.length === 0) return null;
  const groups = new Map<string, { actor: string; scenario: string; values: number[][] }>();
  for (const r of rows) {
    const actor = r[iActor] ?? '';
    const scenario = r[iScenario] ?? '';
    const k = `${actor}\u0000${scenario}`;
    let g = groups.get(k);
    if (!g) {
      g = { actor, scenario, values: metrics.map(() => []) };
      groups.set(k, g);
    }
    metrics.forEach((m, j) => g.values[j]!.push(cellNumber(r[header.index(m.metric)])));
  }
  const bars: ActorBar[] = [];
  metrics.forEach((m, j) => {
    for (const g of groups.values()) {
      const s = tInterval(g.values[j]!.filter(Number.isFinite));
      if (s.n === 0) continue;
      const lo = Number.isFinite(s.low) ? s.low : s.mean;
      const hi = Number.isFinite(s.high) ? s.high : s.mean;
      bars.push({ actor: g.actor, scenario: g.scenario, metric: m.title, mean: sig(s.mean), lo: sig(lo), hi: sig(hi), n: s.n });
    }
  });
  if (bars.length === 0) return null;
  return {
    bars,
    scenarios: orderOf([...groups.values()].map((g) => g.scenario), scenarioOrder),
    actors: orderOf([...groups.values()].map((g) => g.actor)),
    metrics: metrics.map((m) => m.title),
  };
}

export function shortagesFigure(actorsCsv: string, scenarioOrder: readonly string[]): Figure | null {
  const d = shortagesData(actorsCsv, scenarioOrder);
  if (!d) return null;
  return { name: 'shortages', title: 'Shortages by actor group', caption: 'Per actor group (actors.csv): shortage_share (value of unmet input needs over the value of needs, after burn-in) and unit_cost_change (measured window over baseline window), mean over runs per scenario with a 95% t interval.', spec: shortagesSpec(d) };
}
