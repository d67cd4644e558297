/**
 * An n-player game in normal (strategic) form.
 *
 * Payoffs are one flat Float64Array, `payoffs[profile * nPlayers + player]`, where `profile` is the
 * mixed-radix index of a pure-strategy profile with the FIRST player's strategy varying fastest:
 * profile = s_0 + k_0 * (s_1 + k_1 * (s_2 + ...)). This is Gambit's order (the .nfg payoff list is
 * this array written out front to back), so reading and writing .nfg files is a straight copy.
 *
 * Mixed profiles are per-player arrays of probabilities (`MixedProfile`). Everything here is
 * O(profiles x players) per call unless stated; no allocation per profile.
 */

export interface NormalFormGame {
  readonly title: string;
  readonly comment: string;
  readonly players: readonly string[];
  /** strategies[player] = that player's strategy names. */
  readonly strategies: readonly (readonly string[])[];
  /** payoffs[profile * players.length + player]; profile in Gambit's order (first player fastest). */
  readonly payoffs: Float64Array;
}

/** A mixed profile: strategies[player][strategy] = probability. */
export type MixedProfile = readonly (readonly number[])[];

export interface GameSpec {
  readonly players: readonly string[];
  readonly strategies: readonly (readonly string[])[];
  /** Flat payoffs in the layout of `NormalFormGame.payoffs`; zeros when omitted. */
  readonly payoffs?: ArrayLike<number>;
  readonly title?: string;
  readonly comment?: string;
}

/** Builds and validates a game (copies the payoffs). Throws RangeError on a malformed spec. */
export function createGame(spec: GameSpec): NormalFormGame {
  const n = spec.players.length;
  if (n < 1) throw new RangeError('a game needs at least one player');
  if (spec.strategies.length !== n) {
    throw new RangeError(`${n} players but strategy lists for ${spec.strategies.length}`);
  }
  let profiles = 1;
  spec.strategies.forEach((s, i) => {
    if (s.length < 1) throw new RangeError(`player ${i + 1} (${spec.players[i]}) has no strategies`);
    profiles *= s.length;
  });
  if (!Number.isSafeInteger(profiles * n)) throw new RangeError(`game too large: ${profiles} profiles`);
  const payoffs = new Float64Array(profiles * n);
  if (spec.payoffs !== undefined) {
    if (spec.payoffs.length !== payoffs.length) {
      throw new RangeError(`expected ${payoffs.length} payoffs (${profiles} profiles x ${n} players), got ${spec.payoffs.length}`);
    }
    for (let k = 0; k < payoffs.length; k++) {
      const v = spec.payoffs[k]!;
      if (!Number.isFinite(v)) throw new RangeError(`payoff ${k} (profile ${Math.floor(k / n)}, player ${(k % n) + 1}) is not finite: ${v}`);
      payoffs[k] = v;
    }
  }
  return {
    title: spec.title ?? '',
    comment: spec.comment ?? '',
    players: [...spec.players],
    strategies: spec.strategies.map((s) => [...s]),
    payoffs,
  };
}

/** Builds a game from a payoff function of the pure profile (strategy indices, one per player). */
export function gameFromFunction(
  spec: Omit<GameSpec, 'payoffs'>,
  payoffOf: (strategies: readonly number[]) => readonly number[],
): NormalFormGame {
  const game = createGame(spec);
  const n = game.players.length;
  const counts = strategyCounts(game);
  const tuple = new Array<number>(n).fill(0);
  const total = profileCount(game);
  for (let p = 0; p < total; p++) {
    const u = payoffOf(tuple);
    if (u.length !== n) throw new RangeError(`payoff function returned ${u.length} payoffs for ${n} players`);
    for (let i = 0; i < n; i++) {
      const v = u[i]!;
      if (!Number.isFinite(v)) throw new RangeError(`payoff of player ${i + 1} at profile [${tuple.join(',')}] is not finite: ${v}`);
      game.payoffs[p * n + i] = v;
    }
    increment(tuple, counts);
  }
  return game;
}

export function strategyCounts(game: NormalFormGame): number[] {
  return game.strategies.map((s) => s.length);
}

export function profileCount(game: NormalFormGame): number {
  return game.payoffs.length / game.players.length;
}

/** Stride of each player's strategy in the profile index: stride[0] = 1, stride[i] = k_0...k_{i-1}. */
export function profileStrides(game: NormalFormGame): number[] {
  const out: number[] = [];
  let s = 1;
  for (const strategies of game.strategies) {
    out.push(s);
    s *= strategies.length;
  }
  return out;
}

/** Profile index of a pure profile (one strategy index per player). */
export function profileIndex(game: NormalFormGame, strategies: readonly number[]): number {
  const n = game.players.length;
  if (strategies.length !== n) throw new RangeError(`a profile needs ${n} strategies, got ${strategies.length}`);
  let index = 0;
  let stride = 1;
  for (let i = 0; i < n; i++) {
    const k = game.strategies[i]!.length;
    const s = strategies[i]!;
    if (!Number.isInteger(s) || s < 0 || s >= k) throw new RangeError(`player ${i + 1} has strategies 0..${k - 1}, got ${s}`);
    index += s * stride;
    stride *= k;
  }
  return index;
}

/** Strategy indices (one per player) of a profile index. */
export function profileStrategies(game: NormalFormGame, index: number): number[] {
  const total = profileCount(game);
  if (!Number.isInteger(index) || index < 0 || index >= total) throw new RangeError(`profile index must be in 0..${total - 1}, got ${index}`);
  const out: number[] = [];
  let rest = index;
  for (const s of game.strategies) {
    out.push(rest % s.length);
    rest = Math.floor(rest / s.length);
  }
  return out;
}

/** Advances a strategy tuple to the next profile in Gambit's order (first player fastest). */
export function increment(tuple: number[], counts: readonly number[]): void {
  for (let i = 0; i < tuple.length; i++) {
    const next = tuple[i]! + 1;
    if (next < counts[i]!) {
      tuple[i] = next;
      return;
    }
    tuple[i] = 0;
  }
}

export function payoffAt(game: NormalFormGame, profile: number, player: number): number {
  return game.payoffs[profile * game.players.length + player]!;
}

/** The mixed profile that plays the given pure strategies with probability one. */
export function pureToMixed(game: NormalFormGame, strategies: readonly number[]): number[][] {
  return game.strategies.map((s, i) => s.map((_, j) => (j === strategies[i] ? 1 : 0)));
}

export function uniformProfile(game: NormalFormGame): number[][] {
  return game.strategies.map((s) => s.map(() => 1 / s.length));
}

/** Throws unless `mixed` has one probability vector of the right length per player, all finite and >= 0. */
export function checkMixed(game: NormalFormGame, mixed: MixedProfile): void {
  if (mixed.length !== game.players.length) throw new RangeError(`a mixed profile needs ${game.players.length} players, got ${mixed.length}`);
  mixed.forEach((sigma, i) => {
    const k = game.strategies[i]!.length;
    if (sigma.length !== k) throw new RangeError(`player ${i + 1} has ${k} strategies, got ${sigma.length} probabilities`);
    for (const p of sigma) if (!Number.isFinite(p) || p < 0) throw new RangeError(`player ${i + 1}: invalid probability ${p}`);
  });
}

/**
 * values[player][s] = expected payoff to `player` of playing pure strategy s while everyone else
 * plays `mixed`. One pass over the profiles, O(profiles x players): see strategyValuesFlat.
 */
export function strategyValues(game: NormalFormGame, mixed: MixedProfile): Float64Array[] {
  const offsets = strategyOffsets(game);
  const probs = new Float64Array(offsets[offsets.length - 1]!);
  mixed.forEach((sigma, i) => sigma.forEach((p, s) => (probs[offsets[i]! + s] = p)));
  const out = new Float64Array(probs.length);
  strategyValuesFlat(game, probs, offsets, out);
  return game.strategies.map((_, i) => out.slice(offsets[i]!, offsets[i + 1]!));
}

/**
 * Start of each player's block in a flat per-strategy array (player i's strategies at
 * offsets[i] .. offsets[i+1]-1), the layout of strategyValuesFlat.
 */
export function strategyOffsets(game: NormalFormGame): Int32Array {
  const out = new Int32Array(game.players.length + 1);
  game.strategies.forEach((s, i) => (out[i + 1] = out[i]! + s.length));
  return out;
}

/**
 * strategyValues on flat arrays without allocation, for inner loops (replicator dynamics):
 * `probs` and `out` in the strategyOffsets layout. For each profile the weight of "everyone but
 * i" is a prefix product times a suffix product, so zero probabilities need no division.
 */
export function strategyValuesFlat(game: NormalFormGame, probs: Float64Array, offsets: Int32Array, out: Float64Array): void {
  const n = game.players.length;
  const u = game.payoffs;
  const total = u.length / n;
  const tuple = new Int32Array(n);
  const prefix = new Float64Array(n + 1);
  const counts = new Int32Array(n);
  for (let i = 0; i < n; i++) counts[i] = offsets[i + 1]! - offsets[i]!;
  out.fill(0);
  prefix[0] = 1;
  for (let p = 0, base = 0; p < total; p++, base += n) {
    for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i]! * probs[offsets[i]! + tuple[i]!]!;
    let suffix = 1;
    for (let i = n - 1; i >= 0; i--) {
      const idx = offsets[i]! + tuple[i]!;
      const w = prefix[i]! * suffix;
      if (w !== 0) out[idx] = out[idx]! + w * u[base + i]!;
      suffix *= probs[idx]!;
    }
    for (let i = 0; i < n; i++) {
      if (++tuple[i]! < counts[i]!) break;
      tuple[i] = 0;
    }
  }
}

/** Expected payoff of each player under `mixed`. */
export function expectedPayoffs(game: NormalFormGame, mixed: MixedProfile): Float64Array {
  return summarise(game, mixed, strategyValues(game, mixed)).expected;
}

/** Each player's best-response payoff against the others' part of `mixed`. */
export function bestResponsePayoffs(game: NormalFormGame, mixed: MixedProfile): Float64Array {
  return summarise(game, mixed, strategyValues(game, mixed)).best;
}

/** Each player's regret: best-response payoff - expected payoff (>= 0; rounding clamped). */
export function regrets(game: NormalFormGame, mixed: MixedProfile): Float64Array {
  const { expected, best } = summarise(game, mixed, strategyValues(game, mixed));
  return best.map((b, i) => Math.max(0, b - expected[i]!));
}

/**
 * The profile's epsilon: the most any player gains by deviating alone. `mixed` is an
 * epsilon-Nash equilibrium iff maxRegret <= epsilon. Probabilities should sum to one per player.
 */
export function maxRegret(game: NormalFormGame, mixed: MixedProfile): number {
  let m = 0;
  for (const r of regrets(game, mixed)) if (r > m) m = r;
  return m;
}

/** Pure strategies of `player` within `tol` of the best response to `mixed`. */
export function bestResponses(game: NormalFormGame, mixed: MixedProfile, player: number, tol = 0): number[] {
  const v = strategyValues(game, mixed)[player]!;
  let best = -Infinity;
  for (const x of v) if (x > best) best = x;
  const out: number[] = [];
  v.forEach((x, s) => {
    if (x >= best - tol) out.push(s);
  });
  return out;
}

function summarise(game: NormalFormGame, mixed: MixedProfile, values: Float64Array[]): { expected: Float64Array; best: Float64Array } {
  const n = game.players.length;
  const expected = new Float64Array(n);
  const best = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    const sigma = mixed[i]!;
    let e = 0;
    let b = -Infinity;
    for (let s = 0; s < v.length; s++) {
      e += sigma[s]! * v[s]!;
      if (v[s]! > b) b = v[s]!;
    }
    expected[i] = e;
    best[i] = b;
  }
  return { expected, best };
}

/**
 * The largest payoff range (max - min) over players, or 1 when every payoff is constant: the unit
 * in which solvers state their default tolerances, so a game in dollars and the same game in
 * billions of dollars give the same equilibria.
 */
export function payoffScale(game: NormalFormGame): number {
  const n = game.players.length;
  let scale = 0;
  for (let i = 0; i < n; i++) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = i; k < game.payoffs.length; k += n) {
      const v = game.payoffs[k]!;
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    if (hi - lo > scale) scale = hi - lo;
  }
  return scale > 0 ? scale : 1;
}

/** L-infinity distance between two mixed profiles of the same game. */
export function profileDistance(a: MixedProfile, b: MixedProfile): number {
  let d = 0;
  a.forEach((sa, i) => {
    const sb = b[i]!;
    sa.forEach((p, s) => {
      const x = Math.abs(p - sb[s]!);
      if (x > d) d = x;
    });
  });
  return d;
}

/**
 * Cleans solver output: probabilities below `tol` (including tiny negatives from rounding) become
 * exactly 0 and each player's vector is renormalised to sum to 1.
 */
export function cleanProfile(mixed: MixedProfile, tol = 1e-10): number[][] {
  return mixed.map((sigma) => {
    const out = sigma.map((p) => (p < tol ? 0 : p));
    const sum = out.reduce((a, b) => a + b, 0);
    return sum > 0 ? out.map((p) => p / sum) : out;
  });
}

/** The pure profile (strategy indices) of a mixed profile that is pure, or null. */
export function pureStrategiesOf(mixed: MixedProfile): number[] | null {
  const out: number[] = [];
  for (const sigma of mixed) {
    const s = sigma.findIndex((p) => p === 1);
    if (s < 0 || sigma.some((p, j) => j !== s && p !== 0)) return null;
    out.push(s);
  }
  return out;
}

/**
 * The game among the other players when `player` is fixed to `strategy` (the players keep their
 * order). Used for a leader's commitment in Stackelberg play. O(profiles).
 */
export function fixStrategy(game: NormalFormGame, player: number, strategy: number): NormalFormGame {
  const n = game.players.length;
  if (n < 2) throw new RangeError('cannot fix the only player of a game');
  const k = game.strategies[player]?.length;
  if (k === undefined) throw new RangeError(`no player ${player}`);
  if (!Number.isInteger(strategy) || strategy < 0 || strategy >= k) throw new RangeError(`player ${player + 1} has strategies 0..${k - 1}, got ${strategy}`);
  const sub = createGame({
    title: game.title,
    comment: game.comment,
    players: game.players.filter((_, i) => i !== player),
    strategies: game.strategies.filter((_, i) => i !== player),
  });
  const counts = strategyCounts(sub);
  const tuple = new Array<number>(n - 1).fill(0);
  const full = new Array<number>(n).fill(0);
  const total = profileCount(sub);
  for (let q = 0; q < total; q++) {
    for (let i = 0, j = 0; i < n; i++) full[i] = i === player ? strategy : tuple[j++]!;
    const p = profileIndex(game, full);
    for (let i = 0, j = 0; i < n; i++) {
      if (i === player) continue;
      sub.payoffs[q * (n - 1) + j] = game.payoffs[p * n + i]!;
      j++;
    }
    increment(tuple, counts);
  }
  return sub;
}
