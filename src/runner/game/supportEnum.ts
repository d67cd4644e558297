/**
 * All Nash equilibria of a two-player game by support enumeration (Porter, Nudelman & Shoham
 * 2008; von Stengel 2007, "Equilibrium computation for two-player games in strategic and extensive
 * form", section 3.3).
 *
 * For every pair of supports I (rows) and J (columns) of equal size k, the column player's y on J
 * must make every row in I equally good (A_I y = v, sum y = 1) and the row player's x on I every
 * column in J (x B_J = u, sum x = 1): two (k+1) x (k+1) linear systems, solved by Gaussian
 * elimination with partial pivoting. A solution with x, y >= 0 against which no other pure
 * strategy does better is an equilibrium. In a nondegenerate game every equilibrium has equal-size
 * supports and is found this way, exactly once. Cost: sum_k C(m,k) C(n,k) = C(m+n, m) - 1 pairs,
 * O(k^3) each.
 *
 * Degenerate games (a strategy with more pure best responses than its support size: ties,
 * weakly dominated strategies, continua of equilibria) can have equilibria with unequal supports
 * or singular systems. Both leave a trace here: any equilibrium with |I| != |J| gives, for a
 * square sub-system of its best-response set, either a singular matrix or a strategy with too many
 * best responses. When either is seen (or when asked), the extreme equilibria are also computed by
 * vertex enumeration of the best-response polytopes (vertexEnum.ts), which is complete for
 * degenerate games too, and the two lists are merged. A continuum is then reported by its extreme
 * points; nothing here throws on a degenerate game.
 */

import { bimatrix, bimatrixRegret, type Bimatrix, columnValues, normaliseDistribution, rowValues } from './bimatrix.js';
import { solveLinearInPlace } from './linearSolve.js';
import type { NormalFormGame } from './normalForm.js';
import { binomial, forEachSubset } from './subsets.js';
import { extremeEquilibria } from './vertexEnum.js';

export interface SupportEnumOptions {
  /** Tolerance for probabilities and payoffs, in units of each player's payoff range. Default 1e-9. */
  readonly tol?: number;
  /** Run vertex enumeration too: 'auto' (default) when a degeneracy is suspected, 'always', 'never'. */
  readonly vertexFallback?: 'auto' | 'always' | 'never';
  /** Stop after this many support pairs (the result is then marked incomplete). Default 5e6. */
  readonly maxSupportPairs?: number;
}

export interface SupportEnumResult {
  /** Equilibria as [x, y] (probabilities of the row and the column player), deduplicated. */
  readonly equilibria: [number[], number[]][];
  /** A strategy with more pure best responses than its support size was found. */
  readonly degenerate: boolean;
  /** False when a size limit cut the enumeration short. */
  readonly complete: boolean;
  readonly method: 'support' | 'support+vertex';
  /** Support pairs examined and how many of their linear systems were singular. */
  readonly supportPairs: number;
  readonly singularSystems: number;
  /** What happened, in words (degeneracy, fallback, limits). */
  readonly notes: string[];
}

export function supportEnumeration(game: NormalFormGame, opts: SupportEnumOptions = {}): SupportEnumResult {
  const bm = bimatrix(game);
  const tol = opts.tol ?? 1e-9;
  const limit = opts.maxSupportPairs ?? 5e6;
  const { m, n } = bm;
  const found: [number[], number[]][] = [];
  const dedupeTol = Math.max(1e-7, 100 * tol);
  let pairs = 0;
  let singular = 0;
  let tied = false;
  let complete = true;
  const notes: string[] = [];

  const ws = new Workspace(bm);
  for (let k = 1; k <= Math.min(m, n) && complete; k++) {
    ws.resize(k);
    forEachSubset(m, k, (I) =>
      forEachSubset(n, k, (J) => {
        if (pairs >= limit) {
          complete = false;
          return false;
        }
        pairs++;
        const ySolved = ws.solveColumnStrategy(I, J);
        const xSolved = ws.solveRowStrategy(I, J);
        if (!ySolved) singular++;
        if (!xSolved) singular++;
        const yOk = ySolved && nonNegative(ws.y, tol) && checkSide(ws.y, ws.v, rowValues(bm, ws.y, ws.rowVals), tol);
        const xOk = xSolved && nonNegative(ws.x, tol) && checkSide(ws.x, ws.u, columnValues(bm, ws.x, ws.colVals), tol);
        if (yOk === 'tied' || xOk === 'tied') tied = true;
        if (yOk && xOk) {
          const x = normaliseDistribution(ws.x, tol);
          const y = normaliseDistribution(ws.y, tol);
          if (x && y && bimatrixRegret(bm, x, y) <= 10 * tol) addUnique(found, [x, y], dedupeTol);
        }
        return true;
      }),
    );
  }
  if (!complete) notes.push(`support enumeration stopped after ${limit} of ${binomial(m + n, m) - 1} support pairs`);

  const mode = opts.vertexFallback ?? 'auto';
  const suspect = tied || singular > 0;
  let degenerate = tied;
  let method: SupportEnumResult['method'] = 'support';
  if (mode === 'always' || (mode === 'auto' && suspect)) {
    method = 'support+vertex';
    const v = extremeEquilibria(game, { tol, maxPairs: opts.maxSupportPairs ?? 5e6 });
    degenerate = degenerate || v.degenerate;
    if (!v.complete) {
      complete = false;
      notes.push('vertex enumeration stopped at its size limit');
    }
    for (const e of v.equilibria) addUnique(found, e, dedupeTol);
    if (mode === 'auto') {
      notes.push(
        tied
          ? 'degenerate game (a strategy has more best responses than its support size): extreme equilibria added by vertex enumeration; a continuum of equilibria is reported by its extreme points'
          : `${singular} singular indifference systems: checked by vertex enumeration${v.degenerate ? ' (the game is degenerate; a continuum of equilibria is reported by its extreme points)' : ''}`,
      );
    }
  } else if (suspect) {
    notes.push('possible degeneracy seen but vertex enumeration was switched off: unequal-support equilibria may be missing');
  }
  return { equilibria: found, degenerate, complete, method, supportPairs: pairs, singularSystems: singular, notes };
}

/** Buffers reused across support pairs of one size (the enumeration allocates nothing per pair). */
class Workspace {
  /** The column player's y and the row payoff v it equalises; the row player's x and u. */
  readonly y: Float64Array;
  readonly x: Float64Array;
  v = 0;
  u = 0;
  readonly rowVals: Float64Array;
  readonly colVals: Float64Array;
  private mat = new Float64Array(0);
  private rhs = new Float64Array(0);
  private k = 0;

  constructor(private readonly bm: Bimatrix) {
    this.y = new Float64Array(bm.n);
    this.x = new Float64Array(bm.m);
    this.rowVals = new Float64Array(bm.m);
    this.colVals = new Float64Array(bm.n);
  }

  resize(k: number): void {
    this.k = k;
    this.mat = new Float64Array((k + 1) * (k + 1));
    this.rhs = new Float64Array(k + 1);
  }

  /** y on J making the rows I indifferent: [A_IJ  -1; 1 0] [y; v] = [0; 1]. False if singular. */
  solveColumnStrategy(I: readonly number[], J: readonly number[]): boolean {
    const { k, mat, rhs, bm } = this;
    const size = k + 1;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) mat[r * size + c] = bm.a[I[r]! * bm.n + J[c]!]!;
      mat[r * size + k] = -1;
      rhs[r] = 0;
    }
    for (let c = 0; c < k; c++) mat[k * size + c] = 1;
    mat[k * size + k] = 0;
    rhs[k] = 1;
    if (!solveLinearInPlace(mat, rhs, size)) return false;
    this.y.fill(0);
    for (let c = 0; c < k; c++) this.y[J[c]!] = rhs[c]!;
    this.v = rhs[k]!;
    return true;
  }

  /** x on I making the columns J indifferent: [B_IJ^T  -1; 1 0] [x; u] = [0; 1]. False if singular. */
  solveRowStrategy(I: readonly number[], J: readonly number[]): boolean {
    const { k, mat, rhs, bm } = this;
    const size = k + 1;
    for (let r = 0; r < k; r++) {
      for (let c = 0; c < k; c++) mat[r * size + c] = bm.b[I[c]! * bm.n + J[r]!]!;
      mat[r * size + k] = -1;
      rhs[r] = 0;
    }
    for (let c = 0; c < k; c++) mat[k * size + c] = 1;
    mat[k * size + k] = 0;
    rhs[k] = 1;
    if (!solveLinearInPlace(mat, rhs, size)) return false;
    this.x.fill(0);
    for (let c = 0; c < k; c++) this.x[I[c]!] = rhs[c]!;
    this.u = rhs[k]!;
    return true;
  }
}

function nonNegative(p: Float64Array, tol: number): boolean {
  for (let i = 0; i < p.length; i++) if (p[i]! < -tol) return false;
  return true;
}

/**
 * Is p a valid equilibrium strategy: non-negative, and nothing the other player could play does
 * better than v against it? 'tied' when valid but with more best responses than its support
 * size (the mark of a degenerate game).
 */
function checkSide(p: Float64Array, v: number, values: Float64Array, tol: number): false | true | 'tied' {
  let support = 0;
  for (const x of p) {
    if (x < -tol) return false;
    if (x > tol) support++;
  }
  let ties = 0;
  for (const x of values) {
    if (x > v + tol) return false;
    if (x >= v - tol) ties++;
  }
  return ties > support ? 'tied' : true;
}

function addUnique(list: [number[], number[]][], e: [number[], number[]], tol: number): void {
  for (const f of list) {
    if (maxDiff(f[0], e[0]) <= tol && maxDiff(f[1], e[1]) <= tol) return;
  }
  list.push(e);
}

function maxDiff(a: readonly number[], b: readonly number[]): number {
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i]! - b[i]!));
  return d;
}
