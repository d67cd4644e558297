/**
 * Stackelberg play with a pure commitment: the leader commits to a pure strategy first; the
 * followers observe it and play an equilibrium of the game that remains among them. The leader
 * picks the commitment that pays it most. Comparing that commitment with the leader's strategies
 * in the simultaneous-move equilibria answers the credibility question of MODEL-NOTES.md: if the
 * leader would rather deviate once the followers have responded (`credible` false), its
 * commitment - a threat such as "broad controls against aligners" - only works if it can bind
 * itself; if the commitment differs from every simultaneous equilibrium strategy, commitment
 * changes the outcome.
 *
 * Followers' response to each commitment: a pure Nash equilibrium of the followers' game when one
 * exists, else an equilibrium from solveGame on that game (mixed). Several equilibria are broken
 * by `tieBreak`: 'leader-best' (default; the strong Stackelberg convention, followers break ties
 * in the leader's favour) or 'leader-worst' (weak Stackelberg, a pessimistic leader); remaining
 * ties (equal leader payoff within epsilon) go to the first in solveGame's order, pure ones first
 * in profile order. The leader's own ties go to its lowest-numbered strategy.
 *
 * A caveat of the normal form: `credible` asks whether the leader gains by switching strategy
 * once the followers have responded. A threat the followers never test (they comply) costs the
 * leader nothing at the outcome, so it passes this test even when carrying it out would hurt
 * the leader (entry deterrence: "fight" is a best reply to "stay out"). Where the strategies are
 * doctrines (responses to observed alignment), read `responses` too: they show what each
 * doctrine would bring about.
 */

import { expectedPayoffs, fixStrategy, type MixedProfile, type NormalFormGame, payoffScale, regrets } from './normalForm.js';
import { solveGame, type SolveOptions } from './solve.js';

export type TieBreak = 'leader-best' | 'leader-worst';

export interface StackelbergOptions {
  /** The leader's player index. Default 0 (the first player). */
  readonly leader?: number;
  readonly tieBreak?: TieBreak;
  /** Payoff tolerance for ties and equilibrium checks. Default 1e-9 x payoff scale. */
  readonly epsilon?: number;
  /** Simultaneous-move equilibria to compare with. Default: solveGame(game, solve). */
  readonly simultaneous?: readonly MixedProfile[];
  /** Options for solveGame on the followers' games and on the whole game. */
  readonly solve?: SolveOptions;
}

export interface FollowerResponse {
  readonly leaderStrategy: number;
  /** The whole profile: the leader's pure commitment and the followers' response; null if none found. */
  readonly profile: number[][] | null;
  /** The followers' response is pure. */
  readonly pure: boolean;
  /** Expected payoff of every player (game order); NaN when no response was found. */
  readonly payoffs: number[];
  /** How many follower equilibria the tie-break chose among. */
  readonly alternatives: number;
}

export interface StackelbergResult {
  readonly leader: number;
  /** The leader's optimal pure commitment. */
  readonly commitment: number;
  /** One response per leader strategy, in strategy order. */
  readonly responses: FollowerResponse[];
  /** The Stackelberg outcome: commitment plus the followers' response. */
  readonly outcome: number[][];
  readonly leaderPayoff: number;
  /** The leader's strategy and payoff in each simultaneous equilibrium. */
  readonly simultaneous: { readonly leaderStrategy: number[]; readonly leaderPayoff: number }[];
  /** The commitment is not the leader's (pure) strategy in any simultaneous equilibrium. */
  readonly differsFromSimultaneous: boolean;
  /** The commitment is a best response to the followers' response: no need to bind oneself (the outcome is a Nash equilibrium). */
  readonly credible: boolean;
  /** What the leader would gain by deviating after the followers respond (0 when credible). */
  readonly leaderRegret: number;
  /** Leader's Stackelberg payoff minus its best simultaneous-equilibrium payoff (NaN without one). */
  readonly valueOfCommitment: number;
}

export function stackelberg(game: NormalFormGame, opts: StackelbergOptions = {}): StackelbergResult {
  const n = game.players.length;
  const leader = opts.leader ?? 0;
  if (!Number.isInteger(leader) || leader < 0 || leader >= n) throw new RangeError(`leader must be a player index 0..${n - 1}, got ${leader}`);
  if (n < 2) throw new RangeError('Stackelberg play needs a leader and at least one follower');
  const epsilon = opts.epsilon ?? 1e-9 * payoffScale(game);
  const tieBreak = opts.tieBreak ?? 'leader-best';
  const k = game.strategies[leader]!.length;

  const responses: FollowerResponse[] = [];
  for (let a = 0; a < k; a++) {
    const sub = fixStrategy(game, leader, a);
    // Pure equilibria first (exhaustive and cheap); the mixed search only when there are none.
    const pureEqs = solveGame(sub, { ...opts.solve, epsilon, mixed: false });
    const pool = pureEqs.length > 0 ? pureEqs : solveGame(sub, { ...opts.solve, epsilon });
    let chosen: { profile: number[][]; payoffs: number[] } | null = null;
    for (const e of pool) {
      const profile = withLeader(game, leader, a, e.strategies);
      const payoffs = Array.from(expectedPayoffs(game, profile));
      if (chosen === null) {
        chosen = { profile, payoffs };
        continue;
      }
      const d = payoffs[leader]! - chosen.payoffs[leader]!;
      if ((tieBreak === 'leader-best' && d > epsilon) || (tieBreak === 'leader-worst' && d < -epsilon)) chosen = { profile, payoffs };
    }
    responses.push({
      leaderStrategy: a,
      profile: chosen?.profile ?? null,
      pure: pureEqs.length > 0,
      payoffs: chosen?.payoffs ?? new Array<number>(n).fill(NaN),
      alternatives: pool.length,
    });
  }

  let commitment = -1;
  for (const r of responses) {
    if (r.profile === null) continue;
    if (commitment < 0 || r.payoffs[leader]! > responses[commitment]!.payoffs[leader]! + epsilon) commitment = r.leaderStrategy;
  }
  if (commitment < 0) throw new Error('no follower response found for any leader commitment');
  const best = responses[commitment]!;
  const outcome = best.profile!;
  const leaderRegret = regrets(game, outcome)[leader]!;

  const simEqs = opts.simultaneous ?? solveGame(game, opts.solve).map((e) => e.strategies);
  const simultaneous = simEqs.map((e) => ({
    leaderStrategy: [...e[leader]!],
    leaderPayoff: expectedPayoffs(game, e)[leader]!,
  }));
  const differsFromSimultaneous = !simultaneous.some((s) => s.leaderStrategy[commitment]! >= 1 - 1e-9);
  const bestSim = simultaneous.reduce((m, s) => Math.max(m, s.leaderPayoff), -Infinity);
  return {
    leader,
    commitment,
    responses,
    outcome,
    leaderPayoff: best.payoffs[leader]!,
    simultaneous,
    differsFromSimultaneous,
    credible: leaderRegret <= epsilon,
    leaderRegret,
    valueOfCommitment: simultaneous.length > 0 ? best.payoffs[leader]! - bestSim : NaN,
  };
}

/** Re-inserts the leader's pure strategy into a followers' profile. */
function withLeader(game: NormalFormGame, leader: number, a: number, followers: MixedProfile): number[][] {
  const out: number[][] = [];
  let j = 0;
  for (let i = 0; i < game.players.length; i++) {
    if (i === leader) out.push(game.strategies[i]!.map((_, s) => (s === a ? 1 : 0)));
    else out.push([...followers[j++]!]);
  }
  return out;
}

