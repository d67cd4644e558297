/**
 * All pure-strategy Nash equilibria by exhaustive check, O(profiles x players) time and memory:
 * one pass records, for every player and every profile of the others, the best payoff the player
 * can get; a second pass compares each profile's payoffs with those bests.
 */

import { type NormalFormGame, profileCount, profileStrategies, profileStrides, strategyCounts } from './normalForm.js';

export interface PureEquilibrium {
  /** Profile index (Gambit's order). */
  readonly profile: number;
  /** Strategy index of each player. */
  readonly strategies: number[];
  /** Max over players of (best deviation payoff - payoff): 0 for an exact equilibrium. */
  readonly regret: number;
}

/** Regret of every pure profile: out[profile] = the most any one player gains by deviating. */
export function pureRegrets(game: NormalFormGame): Float64Array {
  const n = game.players.length;
  const total = profileCount(game);
  const counts = strategyCounts(game);
  const strides = profileStrides(game);
  const u = game.payoffs;
  const out = new Float64Array(total);
  for (let i = 0; i < n; i++) {
    const k = counts[i]!;
    const stride = strides[i]!;
    // Profiles that differ only in player i's strategy: base + s * stride, base with s_i = 0.
    for (let base = 0; base < total; base++) {
      if (Math.floor(base / stride) % k !== 0) continue;
      let best = -Infinity;
      for (let s = 0; s < k; s++) best = Math.max(best, u[(base + s * stride) * n + i]!);
      for (let s = 0; s < k; s++) {
        const p = base + s * stride;
        const r = best - u[p * n + i]!;
        if (r > out[p]!) out[p] = r;
      }
    }
  }
  return out;
}

/**
 * Every pure profile whose regret is at most `epsilon` (absolute, in payoff units; 0 = exact Nash
 * equilibria), in profile order.
 */
export function pureNash(game: NormalFormGame, epsilon = 0): PureEquilibrium[] {
  if (!(epsilon >= 0)) throw new RangeError(`epsilon must be >= 0, got ${epsilon}`);
  const r = pureRegrets(game);
  const out: PureEquilibrium[] = [];
  r.forEach((regret, profile) => {
    if (regret <= epsilon) out.push({ profile, strategies: profileStrategies(game, profile), regret });
  });
  return out;
}
