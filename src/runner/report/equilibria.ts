/**
 * Figure "equilibria" (games): each equilibrium of equilibria.csv (equilibrium, kind, player,
 * strategy, probability, regret, support_stability) as a bar per player split by the
 * probability of each strategy: a pure equilibrium is one colour a bar, a mixed one several.
 */
import type { TopLevelSpec } from 'vega-lite';
import { sig } from './channels.js';
import { cellNumber, readCsvFile } from './csv.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { paletteFor, THEME } from './theme.js';

/** DESIGN.md's strategy ids, in that order; other strategies follow in file order */
export const KNOWN_STRATEGIES = ['restraint', 'targeted', 'broad', 'extraterritorial', 'flood', 'on_off', 'align', 'hedge', 'accommodate'] as const;

export interface EquilibriumShare {
  equilibrium: string;
  player: string;
  strategy: string;
  probability: number | null;
}

export interface EquilibriaData {
  shares: EquilibriumShare[];
  equilibria: string[];
  players: string[];
  strategies: string[];
}

export function equilibriaSpec(d: EquilibriaData): TopLevelSpec {
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Equilibria', subtitle: "each player's strategy probabilities in each equilibrium (equilibria.csv)" },
    data: { values: d.shares.filter((s) => s.probability !== null && s.probability > 0) },
    facet: { column: { field: 'player', type: 'nominal', sort: d.players, header: { title: null, labelFontSize: 12 } } },
    spec: {
      width: 180,
      height: { step: 18 },
      mark: { type: 'bar', stroke: 'white', strokeWidth: 0.5 },
      encoding: {
        y: { field: 'equilibrium', type: 'nominal', sort: d.equilibria.length > 200 ? null : d.equilibria, title: null, axis: { labelLimit: 260 } },
        x: { field: 'probability', type: 'quantitative', stack: 'zero', scale: { domain: [0, 1] }, title: 'probability', axis: { format: '~%', tickCount: 5 } },
        color: { field: 'strategy', type: 'nominal', scale: { domain: d.strategies, range: paletteFor(d.strategies) }, legend: { title: 'strategy' } },
        order: { field: 'strategy_rank', type: 'quantitative' },
      },
    },
    config: THEME,
  } as TopLevelSpec;
}

export function equilibriaData(equilibriaCsv: string): EquilibriaData | null {
  const { header, rows } = readCsvFile(equilibriaCsv);
  const c = { eq: header.index('equilibrium'), kind: header.index('kind'), player: header.index('player'), strategy: header.index('strategy'), p: header.index('probability'), posture: header.index('posture') };
  if (c.eq < 0 || c.player < 0 || c.strategy < 0 || c.p < 0 || rows.length === 0) return null;
  const label = (r: string[]): string => {
    // `chokepoint game` numbers equilibria within each US posture (column posture)
    const id = c.posture >= 0 ? `${r[c.posture] ?? ''} ${r[c.eq] ?? ''}` : (r[c.eq] ?? '');
    const kind = c.kind >= 0 ? (r[c.kind] ?? '') : '';
    return kind ? `${id} (${kind})` : id;
  };
  const shares = rows.map((r) => ({ equilibrium: label(r), player: r[c.player] ?? '', strategy: r[c.strategy] ?? '', probability: sig(cellNumber(r[c.p])) }));
  const strategies = orderOf(shares.map((s) => s.strategy), KNOWN_STRATEGIES);
  const rank = new Map(strategies.map((s, i) => [s, i] as const));
  return {
    shares: shares.map((s) => ({ ...s, strategy_rank: rank.get(s.strategy) ?? 0 })),
    equilibria: orderOf(shares.map((s) => s.equilibrium)),
    players: orderOf(shares.map((s) => s.player)),
    strategies,
  };
}

export function equilibriaFigure(equilibriaCsv: string): Figure | null {
  const d = equilibriaData(equilibriaCsv);
  if (!d || d.shares.every((s) => !s.probability)) return null;
  return { name: 'equilibria', title: 'Equilibria', caption: 'Strategy probabilities of every player in every equilibrium found (equilibria.csv); regret and support stability are in the table below and in the file.', spec: equilibriaSpec(d) };
}
