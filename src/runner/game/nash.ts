/**
 * `chokepoint nash FILE.nfg` without the CLI: .nfg text in, equilibria.csv text out (header and a
 * row per equilibrium x player x played strategy; regret filled in, support_stability empty since
 * a bare game has no replications to resample).
 */

import { stringify } from 'csv-stringify/sync';
import { readNfg } from './nfg.js';
import { EQUILIBRIA_COLUMNS, type EquilibriumRow, type SolveOptions, solveGame, equilibriaRows } from './solve.js';

/** Significant digits of a probability or regret in equilibria.csv. */
export const CSV_DIGITS = 10;

/**
 * A number for equilibria.csv: rounded to 10 significant digits, then the shortest decimal for
 * that value (ECMAScript Number::toString), so the same double always gives the same bytes:
 * "0.6666666667", "0.5", "1", "1234567.891". Exponents appear only below 1e-6 or from 1e21 up;
 * -0 prints as "0"; non-finite values are empty.
 */
export function formatCsvNumber(x: number): string {
  if (!Number.isFinite(x)) return '';
  const r = Number(x.toPrecision(CSV_DIGITS));
  return r === 0 ? '0' : String(r);
}

/** equilibria.csv text from rows (a header line even when there are no rows; '\n' line ends). */
export function equilibriaCsv(rows: readonly EquilibriumRow[]): string {
  const records = rows.map((r) => [
    String(r.equilibrium),
    r.kind,
    r.player,
    r.strategy,
    formatCsvNumber(r.probability),
    formatCsvNumber(r.regret),
    r.support_stability === '' ? '' : formatCsvNumber(r.support_stability),
  ]);
  return stringify([[...EQUILIBRIA_COLUMNS], ...records], { record_delimiter: 'unix' });
}

/** Parses .nfg text (either version) and returns its equilibria as equilibria.csv text. */
export function nashCsv(text: string, opts: SolveOptions = {}): string {
  const game = readNfg(text);
  return equilibriaCsv(equilibriaRows(game, solveGame(game, opts)));
}
