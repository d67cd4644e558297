/**
 * Figure "payoffs" (games): the payoff table of payoffs.csv (profile, player, mean, se, n), a
 * profile a row and a player a column. Each cell shows the mean payoff; its colour is the
 * payoff standardised within the player's column (players' payoffs are in different units and
 * scales, so only the order within a column is comparable).
 */
import type { TopLevelSpec } from 'vega-lite';
import { sig } from './channels.js';
import { cellNumber, readCsvFile } from './csv.js';
import { VEGA_LITE_SCHEMA, type Figure } from './figure.js';
import { orderOf } from './resultsFolder.js';
import { THEME } from './theme.js';

export interface PayoffCell {
  profile: string;
  player: string;
  mean: number | null;
  se: number | null;
  n: number | null;
  /** (mean - column mean) / column sd, clamped to [-2.5, 2.5]; 0 when the column is constant */
  z: number | null;
  label: string;
}

export interface PayoffsData {
  cells: PayoffCell[];
  profiles: string[];
  players: string[];
}

export function payoffsSpec(d: PayoffsData): TopLevelSpec {
  const x = { field: 'player', type: 'nominal', sort: d.players, title: null, axis: { orient: 'top', labelAngle: 0 } };
  // An explicit sort list compiles to one nested expression per value, which overflows the stack
  // past ~1,000 values (a game: 486 profiles x 3 postures): then the data's order, which is the same.
  const y = { field: 'profile', type: 'nominal', sort: d.profiles.length > 200 ? null : d.profiles, title: null, axis: { labelLimit: 320 } };
  return {
    $schema: VEGA_LITE_SCHEMA,
    title: { text: 'Payoff table', subtitle: 'mean payoff per strategy profile and player (payoffs.csv); colour: payoff standardised within the player' },
    data: { values: d.cells },
    width: { step: 90 },
    height: { step: 16 },
    layer: [
      { mark: { type: 'rect' }, encoding: { x, y, color: { field: 'z', type: 'quantitative', scale: { scheme: 'blueorange', domain: [-2.5, 2.5] }, legend: { title: 'standardised payoff', direction: 'horizontal', gradientLength: 160 } } } },
      { mark: { type: 'text', fontSize: 9, color: '#111' }, encoding: { x, y, text: { field: 'label', type: 'nominal' } } },
    ],
    config: THEME,
  } as TopLevelSpec;
}

/** 1234567 -> "1.23M"; small numbers keep 3 significant digits */
export function shortNumber(x: number): string {
  const a = Math.abs(x);
  const units: [number, string][] = [
    [1e12, 'T'],
    [1e9, 'B'],
    [1e6, 'M'],
    [1e3, 'k'],
  ];
  for (const [v, s] of units) if (a >= v) return `${Number((x / v).toPrecision(3))}${s}`;
  return String(Number(x.toPrecision(3)));
}

export function payoffsData(payoffsCsv: string): PayoffsData | null {
  const { header, rows } = readCsvFile(payoffsCsv);
  const c = { profile: header.index('profile'), player: header.index('player'), mean: header.index('mean'), se: header.index('se'), n: header.index('n'), posture: header.index('posture') };
  if (c.profile < 0 || c.player < 0 || c.mean < 0 || rows.length === 0) return null;
  // `chokepoint game` writes one game per US posture (column posture): a row per posture x profile
  const profileOf = (r: string[]): string => (c.posture >= 0 ? `${r[c.posture] ?? ''} | ${r[c.profile] ?? ''}` : (r[c.profile] ?? ''));
  const raw = rows.map((r) => ({ profile: profileOf(r), player: r[c.player] ?? '', mean: cellNumber(r[c.mean]), se: c.se >= 0 ? cellNumber(r[c.se]) : Number.NaN, n: c.n >= 0 ? cellNumber(r[c.n]) : Number.NaN }));
  const players = orderOf(raw.map((r) => r.player));
  const stats = new Map<string, { m: number; sd: number }>();
  for (const p of players) {
    const v = raw.filter((r) => r.player === p && Number.isFinite(r.mean)).map((r) => r.mean);
    const m = v.reduce((a, b) => a + b, 0) / Math.max(1, v.length);
    const sd = Math.sqrt(v.reduce((a, b) => a + (b - m) * (b - m), 0) / Math.max(1, v.length - 1));
    stats.set(p, { m, sd });
  }
  const cells = raw.map((r) => {
    const s = stats.get(r.player)!;
    const z = !Number.isFinite(r.mean) ? null : s.sd > 0 ? Math.max(-2.5, Math.min(2.5, (r.mean - s.m) / s.sd)) : 0;
    return { profile: r.profile, player: r.player, mean: sig(r.mean), se: sig(r.se), n: Number.isFinite(r.n) ? r.n : null, z: z === null ? null : sig(z), label: Number.isFinite(r.mean) ? shortNumber(r.mean) : '' };
  });
  return { cells, profiles: orderOf(raw.map((r) => r.profile)), players };
}

export function payoffsFigure(payoffsCsv: string): Figure | null {
  const d = payoffsData(payoffsCsv);
  if (!d) return null;
  return { name: 'payoffs', title: 'Payoff table', caption: 'Mean payoff of every player (columns) under every strategy profile (rows), from payoffs.csv; the colour ranks a payoff within its player\'s column (standard scores), the standard errors are in the file.', spec: payoffsSpec(d) };
}
