/**
 * support_stability: how often an equilibrium of the mean game survives resampling the
 * replications (Wiedenbeck, Cassell & Wellman 2014, "Bootstrap statistics for empirical games").
 * Each payoff is a mean over R replications run with common random numbers; a bootstrap resample
 * draws R replications with replacement (whole replications, so the pairing across profiles is
 * kept), averages them into a resampled game, and asks whether the equilibrium's max regret there
 * is at most epsilon. The share of B resamples where it is, is its support_stability.
 * Cost: B x (R + E) x profiles x players for E equilibria.
 */

import { maxRegret, type MixedProfile, type NormalFormGame } from './normalForm.js';

export interface BootstrapOptions {
  /** Number of resamples B. */
  readonly resamples: number;
  /** Uniforms in [0, 1): the caller's seeded RNG (never Math.random). */
  readonly rand: () => number;
  /**
   * Regret threshold in payoff units. An exact mixed equilibrium relies on indifferences that
   * sampling noise breaks, so a threshold of 0 gives mixed equilibria stability near 0; choose
   * epsilon on the scale of the payoffs' standard errors.
   */
  readonly epsilon: number;
}

/** Mean payoffs over replications: samples[rep][profile * nPlayers + player]. */
export function meanPayoffs(samples: readonly ArrayLike<number>[]): Float64Array {
  if (samples.length === 0) throw new RangeError('no replications to average');
  const len = samples[0]!.length;
  const out = new Float64Array(len);
  for (const s of samples) {
    if (s.length !== len) throw new RangeError(`replications disagree in length: ${s.length} vs ${len}`);
    for (let k = 0; k < len; k++) out[k] = out[k]! + s[k]!;
  }
  for (let k = 0; k < len; k++) out[k] = out[k]! / samples.length;
  return out;
}

/** The game with the same players and strategies and the mean of `samples` as payoffs. */
export function meanGame(game: NormalFormGame, samples: readonly ArrayLike<number>[]): NormalFormGame {
  const payoffs = meanPayoffs(samples);
  if (payoffs.length !== game.payoffs.length) throw new RangeError(`samples have ${payoffs.length} payoffs, the game ${game.payoffs.length}`);
  return { ...game, payoffs };
}

/**
 * support_stability of each equilibrium: the share of `resamples` bootstrap resamples (over
 * replications) in whose mean game the equilibrium's max regret is <= epsilon. `game` supplies
 * the players and strategies (its own payoffs are not used).
 */
export function supportStability(
  game: NormalFormGame,
  samples: readonly ArrayLike<number>[],
  equilibria: readonly MixedProfile[],
  opts: BootstrapOptions,
): number[] {
  const R = samples.length;
  const B = opts.resamples;
  if (R === 0) throw new RangeError('support_stability needs at least one replication');
  if (!Number.isInteger(B) || B < 1) throw new RangeError(`resamples must be a positive integer, got ${B}`);
  if (!(opts.epsilon >= 0)) throw new RangeError(`epsilon must be >= 0, got ${opts.epsilon}`);
  const len = game.payoffs.length;
  for (const s of samples) if (s.length !== len) throw new RangeError(`a replication has ${s.length} payoffs, the game ${len}`);
  const stays = new Array<number>(equilibria.length).fill(0);
  const counts = new Float64Array(R);
  const payoffs = new Float64Array(len);
  const resampled: NormalFormGame = { ...game, payoffs };
  for (let b = 0; b < B; b++) {
    counts.fill(0);
    for (let r = 0; r < R; r++) counts[Math.min(R - 1, Math.floor(opts.rand() * R))]!++;
    payoffs.fill(0);
    for (let r = 0; r < R; r++) {
      const c = counts[r]!;
      if (c === 0) continue;
      const s = samples[r]!;
      for (let k = 0; k < len; k++) payoffs[k] = payoffs[k]! + c * s[k]!;
    }
    for (let k = 0; k < len; k++) payoffs[k] = payoffs[k]! / R;
    equilibria.forEach((eq, e) => {
      if (maxRegret(resampled, eq) <= opts.epsilon) stays[e]!++;
    });
  }
  return stays.map((s) => s / B);
}
