/**
 * Approximate Nash equilibria of n-player games by discrete-time replicator dynamics from several
 * seeded starts, each end point polished by Newton's method on its support (supportNewton.ts).
 *
 * Dynamics (multi-population, Taylor & Jonker 1978; discrete form as in Weibull 1995, ch. 4): with
 * each player's payoffs rescaled to [0, 1] (equilibria do not change),
 *   x_i(s) <- x_i(s) (1 + h u_i(s, x_-i)) / (1 + h u_i(x)),
 * which keeps x on the simplex and moves weight to better-than-average strategies. Strict
 * equilibria attract it; interior equilibria of multi-population dynamics never do (Selten 1980)
 * and trajectories can cycle around them, so three points of each run are kept as candidates:
 * the end point, the point of lowest regret on the way, and the time average of the second half
 * (which approaches the equilibrium in cycling games). Each candidate is polished on its
 * support(s) and kept when its max regret in the original game is at most epsilon.
 *
 * Not exhaustive: equilibria no trajectory comes near are not found. The RNG is the caller's
 * (`rand` returns uniforms in [0, 1)); Math.random is never used, so results are reproducible.
 * Cost per start: iterations x O(profiles x players).
 */

import {
  cleanProfile,
  createGame,
  maxRegret,
  type MixedProfile,
  type NormalFormGame,
  payoffScale,
  profileDistance,
  strategyOffsets,
  strategyValuesFlat,
  uniformProfile,
} from './normalForm.js';
import { solveOnSupport } from './supportNewton.js';

export interface ReplicatorOptions {
  /** Uniform random numbers in [0, 1) for the random starts. */
  readonly rand: () => number;
  /** Number of starts: the centroid first, then uniform draws from the product of simplices. Default 16. */
  readonly starts?: number;
  /** Replicator steps per start. Default 2000. */
  readonly iterations?: number;
  /** Step size h on the [0, 1]-rescaled payoffs. Default 2. */
  readonly step?: number;
  /** Accept a profile when its max regret is at most this (absolute payoff units). Default 1e-6 x payoff scale. */
  readonly epsilon?: number;
  /** Polish candidates by Newton's method on their support. Default true. */
  readonly polish?: boolean;
}

export interface ApproximateEquilibrium {
  readonly strategies: number[][];
  /** Max regret in the original game's payoff units. */
  readonly regret: number;
  /** Indices of the starts that led here. */
  readonly starts: number[];
}

/** Distinct approximate equilibria found from the starts, sorted deterministically. */
export function replicatorEquilibria(game: NormalFormGame, opts: ReplicatorOptions): ApproximateEquilibrium[] {
  const starts = opts.starts ?? 16;
  const iterations = opts.iterations ?? 2000;
  const h = opts.step ?? 2;
  const epsilon = opts.epsilon ?? 1e-6 * payoffScale(game);
  const polish = opts.polish ?? true;
  const scaled = rescaled(game);
  const found: { strategies: number[][]; regret: number; starts: number[] }[] = [];

  for (let st = 0; st < starts; st++) {
    const x0 = st === 0 ? uniformProfile(game) : randomProfile(game, opts.rand);
    const run = replicatorRun(scaled, x0, iterations, h);
    let best: { strategies: number[][]; regret: number } | null = null;
    const candidates: number[][][] = [];
    for (const c of [run.last, run.best, run.average]) if (!candidates.some((d) => profileDistance(c, d) <= 1e-9)) candidates.push(c);
    const tried = new Set<string>();
    for (const candidate of candidates) {
      const raw = cleanProfile(candidate, 1e-12);
      const rawRegret = maxRegret(game, raw);
      if (rawRegret <= epsilon && (best === null || rawRegret < best.regret)) best = { strategies: raw, regret: rawRegret };
      if (!polish || rawRegret === 0) continue;
      for (const theta of [1e-3, 5e-2]) {
        const sup = candidate.map((sigma) => {
          const s = sigma.flatMap((p, k) => (p >= theta ? [k] : []));
          return s.length > 0 ? s : [sigma.indexOf(Math.max(...sigma))];
        });
        // The same support from a nearby start converges to the same point: solve it once per start.
        const key = JSON.stringify(sup);
        if (tried.has(key)) continue;
        tried.add(key);
        const sol = solveOnSupport(scaled, candidate, sup);
        if (!sol || !sol.every((sigma) => sigma.every((p) => p >= -1e-9))) continue;
        const o = cleanProfile(sol, 1e-12);
        const r = maxRegret(game, o);
        if (r <= epsilon && (best === null || r < best.regret)) best = { strategies: o, regret: r };
      }
    }
    if (best === null) continue;
    const same = found.find((f) => profileDistance(f.strategies, best!.strategies) <= 1e-6);
    if (same) {
      same.starts.push(st);
      if (best.regret < same.regret) {
        same.strategies = best.strategies;
        same.regret = best.regret;
      }
    } else found.push({ ...best, starts: [st] });
  }
  found.sort((a, b) => compareProfiles(a.strategies, b.strategies));
  return found;
}

export interface ReplicatorRun {
  readonly last: number[][];
  /** The iterate of lowest max regret (in the rescaled game). */
  readonly best: number[][];
  /** Mean of the iterates of the second half of the run. */
  readonly average: number[][];
  readonly iterations: number;
}

/**
 * One replicator trajectory from x0 in `game` (use payoffs in [0, 1]; see rescaled()). Stops early
 * when the max regret falls below 1e-13.
 */
export function replicatorRun(game: NormalFormGame, x0: MixedProfile, iterations: number, h: number): ReplicatorRun {
  const n = game.players.length;
  const offsets = strategyOffsets(game);
  const size = offsets[n]!;
  let x = new Float64Array(size);
  let next = new Float64Array(size);
  x0.forEach((sigma, i) => sigma.forEach((p, s) => (x[offsets[i]! + s] = p)));
  const values = new Float64Array(size);
  const best = Float64Array.from(x);
  let bestRegret = Infinity;
  const sum = new Float64Array(size);
  let averaged = 0;
  let t = 0;
  for (; t < iterations; t++) {
    strategyValuesFlat(game, x, offsets, values);
    let regret = 0;
    for (let i = 0; i < n; i++) {
      const lo = offsets[i]!;
      const hi = offsets[i + 1]!;
      let avg = 0;
      let top = -Infinity;
      for (let k = lo; k < hi; k++) {
        avg += x[k]! * values[k]!;
        if (values[k]! > top) top = values[k]!;
      }
      regret = Math.max(regret, top - avg);
      let total = 0;
      for (let k = lo; k < hi; k++) {
        next[k] = x[k]! * (1 + h * values[k]!);
        total += next[k]!;
      }
      for (let k = lo; k < hi; k++) next[k] = next[k]! / total;
    }
    if (regret < bestRegret) {
      bestRegret = regret;
      best.set(x);
    }
    if (regret < 1e-13) break;
    [x, next] = [next, x];
    if (t >= iterations / 2) {
      averaged++;
      for (let k = 0; k < size; k++) sum[k] = sum[k]! + x[k]!;
    }
  }
  const nest = (flat: Float64Array): number[][] => game.strategies.map((_, i) => Array.from(flat.subarray(offsets[i]!, offsets[i + 1]!)));
  const average = averaged > 0 ? sum.map((v) => v / averaged) : x;
  return { last: nest(x), best: nest(best), average: nest(average), iterations: t };
}

/** The game with each player's payoffs mapped affinely onto [0, 1] (constant payoffs onto 0). */
export function rescaled(game: NormalFormGame): NormalFormGame {
  const n = game.players.length;
  const out = createGame({ ...game, payoffs: game.payoffs });
  for (let i = 0; i < n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = i; k < out.payoffs.length; k += n) {
      lo = Math.min(lo, out.payoffs[k]!);
      hi = Math.max(hi, out.payoffs[k]!);
    }
    const range = hi - lo;
    for (let k = i; k < out.payoffs.length; k += n) out.payoffs[k] = range > 0 ? (out.payoffs[k]! - lo) / range : 0;
  }
  return out;
}

/** A uniform draw from each player's simplex (normalised exponentials, i.e. Dirichlet(1, ..., 1)). */
export function randomProfile(game: NormalFormGame, rand: () => number): number[][] {
  return game.strategies.map((s) => {
    const e = s.map(() => -Math.log(Math.max(1 - rand(), 1e-300)));
    const total = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / total);
  });
}

/** Orders profiles by their probabilities, player by player, larger first. */
export function compareProfiles(a: MixedProfile, b: MixedProfile): number {
  for (let i = 0; i < a.length; i++) {
    const sa = a[i]!;
    const sb = b[i]!;
    for (let s = 0; s < sa.length; s++) {
      const d = sb[s]! - sa[s]!;
      if (Math.abs(d) > 1e-9) return d;
    }
  }
  return 0;
}
