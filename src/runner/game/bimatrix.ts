/**
 * A two-player game as the pair of payoff matrices (A for the row player, B for the column player),
 * each affinely rescaled to [0, 1]. Nash equilibria are invariant under a positive affine change of
 * one player's payoffs, so the 2-player solvers work on these and state their tolerances in units
 * of each player's payoff range.
 */

import type { NormalFormGame } from './normalForm.js';

export interface Bimatrix {
  /** Strategies of the row player (player 1) and the column player (player 2). */
  readonly m: number;
  readonly n: number;
  /** Row-major m x n: a[i * n + j] = row player's payoff at (i, j), rescaled to [0, 1]. */
  readonly a: Float64Array;
  readonly b: Float64Array;
}

export function bimatrix(game: NormalFormGame): Bimatrix {
  if (game.players.length !== 2) throw new RangeError(`a bimatrix game has 2 players, this game has ${game.players.length}`);
  const m = game.strategies[0]!.length;
  const n = game.strategies[1]!.length;
  const a = new Float64Array(m * n);
  const b = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      const p = i + m * j; // Gambit's order: row player's strategy fastest
      a[i * n + j] = game.payoffs[p * 2]!;
      b[i * n + j] = game.payoffs[p * 2 + 1]!;
    }
  }
  rescale(a);
  rescale(b);
  return { m, n, a, b };
}

function rescale(x: Float64Array): void {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of x) {
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  const range = hi - lo;
  for (let k = 0; k < x.length; k++) x[k] = range > 0 ? (x[k]! - lo) / range : 0;
}

/** (A y)_i for every row i, into `out` (no allocation in the enumeration loops). */
export function rowValues(bm: Bimatrix, y: ArrayLike<number>, out: Float64Array = new Float64Array(bm.m)): Float64Array {
  for (let i = 0; i < bm.m; i++) {
    let s = 0;
    for (let j = 0; j < bm.n; j++) if (y[j] !== 0) s += bm.a[i * bm.n + j]! * y[j]!;
    out[i] = s;
  }
  return out;
}

/** (x^T B)_j for every column j, into `out`. */
export function columnValues(bm: Bimatrix, x: ArrayLike<number>, out: Float64Array = new Float64Array(bm.n)): Float64Array {
  for (let j = 0; j < bm.n; j++) {
    let s = 0;
    for (let i = 0; i < bm.m; i++) if (x[i] !== 0) s += bm.b[i * bm.n + j]! * x[i]!;
    out[j] = s;
  }
  return out;
}

/** Max regret of (x, y) in the rescaled game (a fraction of the deviating player's payoff range). */
export function bimatrixRegret(bm: Bimatrix, x: ArrayLike<number>, y: ArrayLike<number>): number {
  const rv = rowValues(bm, y);
  const cv = columnValues(bm, x);
  let e1 = 0;
  let b1 = -Infinity;
  for (let i = 0; i < bm.m; i++) {
    e1 += x[i]! * rv[i]!;
    b1 = Math.max(b1, rv[i]!);
  }
  let e2 = 0;
  let b2 = -Infinity;
  for (let j = 0; j < bm.n; j++) {
    e2 += y[j]! * cv[j]!;
    b2 = Math.max(b2, cv[j]!);
  }
  return Math.max(0, b1 - e1, b2 - e2);
}

/** Clips values below `tol` to 0 and rescales to sum 1; null if nothing is left. */
export function normaliseDistribution(v: ArrayLike<number>, tol: number): number[] | null {
  const out = Array.from(v, (p) => (p < tol ? 0 : p));
  const s = out.reduce((a, b) => a + b, 0);
  if (!(s > 0)) return null;
  return out.map((p) => p / s);
}
