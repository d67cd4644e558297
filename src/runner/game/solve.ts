/**
 * One entry point for a game's equilibria, and their rows in equilibria.csv (DESIGN.md):
 *   - pure Nash equilibria, always, by exhaustive check (pure.ts);
 *   - 2 players: every equilibrium by support enumeration, with vertex enumeration for degenerate
 *     games (supportEnum.ts, vertexEnum.ts): complete up to continua, which are reported by their
 *     extreme points;
 *   - more players: mixed equilibria from replicator dynamics from seeded starts, polished by
 *     Newton's method (replicator.ts): the approximate equilibria found, not necessarily all;
 *   - 1 player: its best strategies.
 * Equilibria are numbered 1.. : pure ones first in profile order, then mixed ones ordered by
 * their probabilities (larger weight on earlier strategies first), so ids are deterministic.
 */

import {
  cleanProfile,
  maxRegret,
  type MixedProfile,
  type NormalFormGame,
  payoffScale,
  profileDistance,
  pureStrategiesOf,
  pureToMixed,
} from './normalForm.js';
import { pureNash } from './pure.js';
import { seededRand } from './random.js';
import { compareProfiles, type ReplicatorOptions, replicatorEquilibria } from './replicator.js';
import { type SupportEnumOptions, supportEnumeration } from './supportEnum.js';

export interface Equilibrium {
  /** 1-based, in the order described above. */
  readonly id: number;
  readonly kind: 'pure' | 'mixed';
  /** strategies[player][strategy] = probability (exact zeros off the support). */
  readonly strategies: number[][];
  /** Max regret (epsilon) in the game's payoff units. */
  readonly regret: number;
}

export interface SolveOptions {
  /**
   * Regret tolerance (absolute, payoff units) for pure equilibria and for accepting replicator
   * results. Default: 1e-9 x the largest payoff range (1e-6 x for replicator results).
   */
  readonly epsilon?: number;
  /** Uniforms in [0, 1) for the replicator's random starts (n > 2). Default: seededRand(1). */
  readonly rand?: () => number;
  readonly replicator?: Omit<ReplicatorOptions, 'rand'>;
  readonly supportEnum?: SupportEnumOptions;
  /** Look for mixed equilibria (default true); false gives the pure ones only. */
  readonly mixed?: boolean;
}

export interface SolveReport {
  readonly equilibria: Equilibrium[];
  /** Methods that ran, e.g. ['pure', 'support'] or ['pure', 'replicator']. */
  readonly methods: string[];
  /** True when the list holds every equilibrium (every extreme one, for degenerate 2-player games). */
  readonly complete: boolean;
  readonly degenerate: boolean;
  readonly notes: string[];
}

export function analyseGame(game: NormalFormGame, opts: SolveOptions = {}): SolveReport {
  const n = game.players.length;
  const scale = payoffScale(game);
  const epsilon = opts.epsilon ?? 1e-9 * scale;
  const methods = ['pure'];
  const notes: string[] = [];
  let complete = true;
  let degenerate = false;
  const candidates: number[][][] = pureNash(game, epsilon).map((e) => pureToMixed(game, e.strategies));

  if (opts.mixed !== false && n === 2) {
    methods.push('support');
    const r = supportEnumeration(game, opts.supportEnum);
    if (r.method === 'support+vertex') methods.push('vertex');
    complete = r.complete;
    degenerate = r.degenerate;
    notes.push(...r.notes);
    for (const [x, y] of r.equilibria) candidates.push([x, y]);
  } else if (opts.mixed !== false && n > 2) {
    methods.push('replicator');
    const r = replicatorEquilibria(game, {
      ...opts.replicator,
      ...(opts.epsilon !== undefined ? { epsilon: opts.epsilon } : {}),
      rand: opts.rand ?? seededRand(1),
    });
    complete = false;
    notes.push(
      `${n} players: all pure equilibria; mixed ones are those replicator dynamics reached from ${opts.replicator?.starts ?? 16} starts (not necessarily all)`,
    );
    for (const e of r) candidates.push(e.strategies);
    if (candidates.length === 0) {
      // Every finite game has an equilibrium: when the first budget finds none (trajectories
      // cycle, or crawl near a face), try again with 4x the starts, 10x the steps, and a larger
      // then a smaller step size, stopping at the first round that finds one.
      const starts = 4 * (opts.replicator?.starts ?? 16);
      const iterations = 10 * (opts.replicator?.iterations ?? 2000);
      for (const step of [5, 0.5]) {
        const more = replicatorEquilibria(game, {
          ...opts.replicator,
          ...(opts.epsilon !== undefined ? { epsilon: opts.epsilon } : {}),
          starts,
          iterations,
          step,
          rand: opts.rand ?? seededRand(1),
        });
        methods.push(`replicator(${starts} starts x ${iterations} steps, h ${step})`);
        for (const e of more) candidates.push(e.strategies);
        if (candidates.length > 0) break;
      }
      notes.push(`the first replicator budget found no equilibrium; a larger one ${candidates.length > 0 ? 'did' : 'did not either'}`);
    }
  } else if (n === 1) {
    notes.push('1 player: its best strategies (mixtures of tied best strategies are equilibria too)');
  } else {
    complete = false;
    notes.push('pure equilibria only (mixed search switched off)');
  }
  return { equilibria: finalise(game, candidates), methods, complete, degenerate, notes };
}

/** The equilibria of `game` (see analyseGame for methods, notes and completeness). */
export function solveGame(game: NormalFormGame, opts: SolveOptions = {}): Equilibrium[] {
  return analyseGame(game, opts).equilibria;
}

/** Cleans, deduplicates, classifies, orders and numbers candidate equilibria. */
export function finalise(game: NormalFormGame, candidates: readonly MixedProfile[]): Equilibrium[] {
  const kept: number[][][] = [];
  for (const c of candidates) {
    const e = cleanProfile(c, 1e-10);
    if (!kept.some((k) => profileDistance(k, e) <= 1e-7)) kept.push(e);
  }
  const pure = kept.filter((e) => pureStrategiesOf(e) !== null);
  const mixed = kept.filter((e) => pureStrategiesOf(e) === null);
  pure.sort((a, b) => compareProfilesReversed(a, b));
  mixed.sort(compareProfiles);
  return [...pure, ...mixed].map((strategies, k) => ({
    id: k + 1,
    kind: k < pure.length ? 'pure' : 'mixed',
    strategies,
    regret: maxRegret(game, strategies),
  }));
}

/** Pure profiles in Gambit's profile order: the last player's strategy is most significant. */
function compareProfilesReversed(a: MixedProfile, b: MixedProfile): number {
  const sa = pureStrategiesOf(a)!;
  const sb = pureStrategiesOf(b)!;
  for (let i = sa.length - 1; i >= 0; i--) if (sa[i] !== sb[i]) return sa[i]! - sb[i]!;
  return 0;
}

/** The columns of equilibria.csv, in order. */
export const EQUILIBRIA_COLUMNS = ['equilibrium', 'kind', 'player', 'strategy', 'probability', 'regret', 'support_stability'] as const;

export interface EquilibriumRow {
  readonly equilibrium: number;
  readonly kind: 'pure' | 'mixed';
  readonly player: string;
  readonly strategy: string;
  readonly probability: number;
  readonly regret: number;
  /** Share of bootstrap resamples in which the equilibrium stays an epsilon-equilibrium; '' when not computed. */
  readonly support_stability: number | '';
}

/**
 * equilibria.csv rows: one per equilibrium x player x strategy played with positive probability.
 * `stability[k]` belongs to `eqs[k]` (bootstrap.ts, supportStability); omitted -> ''.
 */
export function equilibriaRows(game: NormalFormGame, eqs: readonly Equilibrium[], stability?: readonly number[]): EquilibriumRow[] {
  if (stability !== undefined && stability.length !== eqs.length) {
    throw new RangeError(`${eqs.length} equilibria but ${stability.length} support_stability values`);
  }
  const rows: EquilibriumRow[] = [];
  eqs.forEach((eq, k) => {
    eq.strategies.forEach((sigma, i) => {
      sigma.forEach((p, s) => {
        if (!(p > 0)) return;
        rows.push({
          equilibrium: eq.id,
          kind: eq.kind,
          player: game.players[i]!,
          strategy: game.strategies[i]![s]!,
          probability: p,
          regret: eq.regret,
          support_stability: stability === undefined ? '' : stability[k]!,
        });
      });
    });
  });
  return rows;
}
