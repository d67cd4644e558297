/**
 * Extreme Nash equilibria of a two-player game by vertex enumeration of the best-response
 * polytopes (von Stengel 2007, "Equilibrium computation for two-player games in strategic and
 * extensive form", sections 3.2-3.4; Avis, Rosenberg, Savani & von Stengel 2010). Complete for
 * degenerate games, where support enumeration with equal supports is not: every equilibrium is
 * a convex combination of the extreme equilibria returned here.
 *
 * With payoffs rescaled to [0, 1] and shifted by +1 (so all positive; equilibria do not change):
 *   P = { x in R^m : x >= 0, B^T x <= 1 }   labels: i where x_i = 0, m + j where (B^T x)_j = 1
 *   Q = { y in R^n : A y <= 1, y >= 0 }     labels: i where (A y)_i = 1, m + j where y_j = 0
 * (x, y) != (0, 0) is an equilibrium (after normalising each to sum 1) iff every label in
 * 0..m+n-1 is a label of x or of y. A vertex of P is fixed by m linearly independent tight
 * constraints: x_i = 0 off some support I and (B^T x)_j = 1 on some J with |J| = |I|, a |I| x |I|
 * system; all such (I, J) are tried. The game is nondegenerate iff no vertex has more than m
 * (for Q: n) labels. Cost: C(m+n, m) small solves per polytope plus |V(P)| x |V(Q)| label checks.
 */

import { bimatrix, normaliseDistribution } from './bimatrix.js';
import { solveLinearInPlace } from './linearSolve.js';
import type { NormalFormGame } from './normalForm.js';
import { forEachSubset } from './subsets.js';

export interface VertexEnumOptions {
  /** Tolerance for tight constraints and feasibility (payoffs are rescaled to [1, 2]). Default 1e-9. */
  readonly tol?: number;
  /** Give up (complete = false) after this many candidate (I, J) pairs per polytope. Default 5e6. */
  readonly maxPairs?: number;
}

export interface VertexEnumResult {
  /** Extreme equilibria as [x, y], deduplicated. */
  readonly equilibria: [number[], number[]][];
  /** Some vertex has more labels than the dimension: the game is degenerate. */
  readonly degenerate: boolean;
  readonly complete: boolean;
  /** Vertices found in P and in Q (the origin excluded). */
  readonly vertices: [number, number];
}

interface Vertex {
  readonly p: Float64Array;
  readonly labels: Uint8Array;
  readonly count: number;
}

export function extremeEquilibria(game: NormalFormGame, opts: VertexEnumOptions = {}): VertexEnumResult {
  const tol = opts.tol ?? 1e-9;
  const limit = opts.maxPairs ?? 5e6;
  const bm = bimatrix(game);
  const { m, n } = bm;
  // P's constraint matrix as (columns x rows): entry (j, i) = B_ij + 1.
  const bt = (j: number, i: number): number => bm.b[i * n + j]! + 1;
  // Q's: entry (i, j) = A_ij + 1.
  const aa = (i: number, j: number): number => bm.a[i * n + j]! + 1;
  const p = vertices(m, n, bt, tol, limit, false);
  const q = vertices(n, m, (i, j) => aa(i, j), tol, limit, true);
  const equilibria: [number[], number[]][] = [];
  const total = m + n;
  for (const vx of p.list) {
    for (const vy of q.list) {
      let ok = true;
      for (let l = 0; l < total; l++) {
        if (!vx.labels[l] && !vy.labels[l]) {
          ok = false;
          break;
        }
      }
      if (!ok) continue;
      const x = normaliseDistribution(vx.p, tol);
      const y = normaliseDistribution(vy.p, tol);
      if (!x || !y) continue;
      if (!equilibria.some((e) => close(e[0], x) && close(e[1], y))) equilibria.push([x, y]);
    }
  }
  const degenerate = p.list.some((v) => v.count > m) || q.list.some((v) => v.count > n);
  return { equilibria, degenerate, complete: p.complete && q.complete, vertices: [p.list.length, q.list.length] };
}

/**
 * Non-zero vertices of { z in R^d : z >= 0, M z <= 1 } where M is e x d given as coef(row, col)
 * for the e "payoff" constraints. Labels are laid out as the game's: for P (d = m rows,
 * e = n columns) z_i = 0 is label i and payoff row j is label m + j; for Q (`swapLabels`, d = n,
 * e = m) payoff row i is label i and y_j = 0 is label m + j.
 */
function vertices(
  d: number,
  e: number,
  coef: (row: number, col: number) => number,
  tol: number,
  limit: number,
  swapLabels: boolean,
): { list: Vertex[]; complete: boolean } {
  const list: Vertex[] = [];
  let tried = 0;
  let complete = true;
  const z = new Float64Array(d);
  for (let k = 1; k <= Math.min(d, e) && complete; k++) {
    const mat = new Float64Array(k * k);
    const sol = new Float64Array(k);
    forEachSubset(d, k, (S) =>
      forEachSubset(e, k, (T) => {
        if (tried++ >= limit) {
          complete = false;
          return false;
        }
        // Rows T of M tight, restricted to the columns S: M_TS z_S = 1.
        for (let r = 0; r < k; r++) for (let c = 0; c < k; c++) mat[r * k + c] = coef(T[r]!, S[c]!);
        sol.fill(1);
        if (!solveLinearInPlace(mat, sol, k)) return true;
        for (let c = 0; c < k; c++) if (sol[c]! < -tol) return true;
        z.fill(0);
        for (let c = 0; c < k; c++) z[S[c]!] = Math.max(0, sol[c]!);
        let count = 0;
        const labels = new Uint8Array(d + e);
        for (let row = 0; row < e; row++) {
          let s = 0;
          for (let c = 0; c < k; c++) s += coef(row, S[c]!) * z[S[c]!]!;
          if (s > 1 + tol) return true;
          if (s >= 1 - tol) {
            labels[swapLabels ? row : d + row] = 1;
            count++;
          }
        }
        for (let c = 0; c < d; c++) {
          if (z[c]! <= tol) {
            labels[swapLabels ? e + c : c] = 1;
            count++;
          }
        }
        if (!list.some((v) => maxDiff(v.p, z) <= 1e3 * tol)) list.push({ p: Float64Array.from(z), labels, count });
        return true;
      }),
    );
  }
  return { list, complete };
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}

function close(a: readonly number[], b: readonly number[]): boolean {
  return maxDiff(a, b) <= 1e-7;
}
