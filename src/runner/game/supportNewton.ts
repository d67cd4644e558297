/**
 * Newton's method on the equilibrium conditions of a fixed support, for n-player games: the
 * polishing step after replicator dynamics (and the local solver Gambit's enumpoly uses per
 * support). Given supports S_i, a Nash equilibrium with exactly those supports solves
 *   u_i(s, sigma_-i) - v_i = 0   for every player i and s in S_i,
 *   sum_{s in S_i} sigma_i(s) = 1 for every player i,
 * a square polynomial system in (sigma, v). Its Jacobian has d u_i(s, sigma_-i) / d sigma_j(t) =
 * u_i(s, t, sigma_-ij) for j != i (multilinearity) and -1 for v_i. One Newton step costs
 * O(prod |S_i| x n^3) for the Jacobian plus O((sum |S_i| + n)^3) for the solve.
 * Non-negativity and "no better reply off the support" are the caller's checks.
 */

import { solveLinear } from './linearSolve.js';
import { type MixedProfile, type NormalFormGame, profileStrides } from './normalForm.js';

export interface SupportNewtonOptions {
  /** Stop when every residual is below this (payoff units of `game`). Default 1e-12 x payoff scale of 1. */
  readonly tol?: number;
  readonly maxIterations?: number;
}

/**
 * Solves the support's equilibrium conditions from `start` (probabilities off the support are
 * ignored and set to 0). Returns the solution's mixed profile, or null when Newton fails to
 * converge or meets a singular Jacobian. The solution may have negative entries.
 */
export function solveOnSupport(
  game: NormalFormGame,
  start: MixedProfile,
  support: readonly (readonly number[])[],
  opts: SupportNewtonOptions = {},
): number[][] | null {
  const n = game.players.length;
  if (n < 2) return null;
  const tol = opts.tol ?? 1e-12;
  const maxIter = opts.maxIterations ?? 40;
  const strides = profileStrides(game);
  const u = game.payoffs;
  const sizes = support.map((s) => s.length);
  if (sizes.some((k) => k < 1)) return null;
  // Variable layout: sigma_i(S_i[a]) at offset[i] + a, then v_i at nSigma + i.
  const offset: number[] = [];
  let nSigma = 0;
  for (const k of sizes) {
    offset.push(nSigma);
    nSigma += k;
  }
  const nVar = nSigma + n;
  const sigma = support.map((s, i) => {
    const raw = s.map((st) => Math.max(start[i]![st]!, 0));
    const sum = raw.reduce((a, b) => a + b, 0);
    return sum > 0 ? raw.map((p) => p / sum) : raw.map(() => 1 / raw.length);
  });
  // D[i][j][a * k_j + b] = u_i(S_i[a], S_j[b], sigma_-ij), for i != j.
  const D = sizes.map((ki, i) => sizes.map((kj, j) => (i === j ? new Float64Array(0) : new Float64Array(ki * kj))));
  const tuple = new Array<number>(n).fill(0);
  const prob = new Float64Array(n);
  let v = new Float64Array(n);
  let first = true;

  for (let iter = 0; iter <= maxIter; iter++) {
    for (const row of D) for (const d of row) d.fill(0);
    tuple.fill(0);
    // Profiles inside the support product only: the others carry zero weight.
    for (;;) {
      let p = 0;
      for (let i = 0; i < n; i++) {
        p += support[i]![tuple[i]!]! * strides[i]!;
        prob[i] = sigma[i]![tuple[i]!]!;
      }
      for (let i = 0; i < n; i++) {
        const ui = u[p * n + i]!;
        if (ui === 0) continue;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          let w = ui;
          for (let k = 0; k < n; k++) if (k !== i && k !== j) w *= prob[k]!;
          D[i]![j]![tuple[i]! * sizes[j]! + tuple[j]!]! += w;
        }
      }
      let i = 0;
      for (; i < n; i++) {
        tuple[i]!++;
        if (tuple[i]! < sizes[i]!) break;
        tuple[i] = 0;
      }
      if (i === n) break;
    }
    // Values U_i(a) = sum_b D_ij(a, b) sigma_j(b) with any j != i.
    const values = sizes.map((ki, i) => {
      const j = i === 0 ? 1 : 0;
      const out = new Float64Array(ki);
      for (let a = 0; a < ki; a++) {
        let s = 0;
        for (let b = 0; b < sizes[j]!; b++) s += D[i]![j]![a * sizes[j]! + b]! * sigma[j]![b]!;
        out[a] = s;
      }
      return out;
    });
    if (first) {
      // Start v_i at the mean value on the support.
      v = Float64Array.from(values, (vals, i) => vals.reduce((acc, x, a) => acc + x * sigma[i]![a]!, 0));
      first = false;
    }
    const F = new Float64Array(nVar);
    let resid = 0;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < sizes[i]!; a++) F[offset[i]! + a] = values[i]![a]! - v[i]!;
      F[nSigma + i] = sigma[i]!.reduce((x, y) => x + y, 0) - 1;
    }
    for (const f of F) resid = Math.max(resid, Math.abs(f));
    if (resid <= tol) return expand(game, support, sigma);
    if (iter === maxIter) break;
    // Newton converges quadratically near a root; a residual still large after many steps means
    // the start was outside the basin (or the support has no solution): stop paying for it.
    if (iter >= 12 && resid > 1e-3) return null;
    const J = new Float64Array(nVar * nVar);
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < sizes[i]!; a++) {
        const r = offset[i]! + a;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          for (let b = 0; b < sizes[j]!; b++) J[r * nVar + offset[j]! + b] = D[i]![j]![a * sizes[j]! + b]!;
        }
        J[r * nVar + nSigma + i] = -1;
      }
      for (let a = 0; a < sizes[i]!; a++) J[(nSigma + i) * nVar + offset[i]! + a] = 1;
    }
    const step = solveLinear(J, F.map((f) => -f), nVar);
    if (step === null) return null;
    for (let i = 0; i < n; i++) {
      for (let a = 0; a < sizes[i]!; a++) sigma[i]![a] = sigma[i]![a]! + step[offset[i]! + a]!;
      v[i] = v[i]! + step[nSigma + i]!;
    }
    if (sigma.some((s) => s.some((p) => !Number.isFinite(p) || Math.abs(p) > 1e6))) return null;
  }
  return null;
}

function expand(game: NormalFormGame, support: readonly (readonly number[])[], sigma: number[][]): number[][] {
  return game.strategies.map((s, i) => {
    const out = new Array<number>(s.length).fill(0);
    support[i]!.forEach((st, a) => (out[st] = sigma[i]![a]!));
    return out;
  });
}
