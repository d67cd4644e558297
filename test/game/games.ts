/** Classic games with known equilibria, shared by the solver tests. */

import { createGame, gameFromFunction, type NormalFormGame } from '../../src/runner/game/normalForm.js';

/** Two-player game from row-player and column-player matrices (rows = player 1's strategies). */
export function bimatrixGame(a: number[][], b: number[][], rows?: string[], cols?: string[], title = ''): NormalFormGame {
  const m = a.length;
  const n = a[0]!.length;
  return gameFromFunction(
    {
      title,
      players: ['Row', 'Column'],
      strategies: [rows ?? Array.from({ length: m }, (_, i) => `r${i + 1}`), cols ?? Array.from({ length: n }, (_, j) => `c${j + 1}`)],
    },
    ([i, j]) => [a[i!]![j!]!, b[i!]![j!]!],
  );
}

export const prisonersDilemma = (): NormalFormGame =>
  bimatrixGame(
    [
      [3, 0],
      [5, 1],
    ],
    [
      [3, 5],
      [0, 1],
    ],
    ['cooperate', 'defect'],
    ['cooperate', 'defect'],
    "Prisoner's dilemma",
  );

export const matchingPennies = (): NormalFormGame =>
  bimatrixGame(
    [
      [1, -1],
      [-1, 1],
    ],
    [
      [-1, 1],
      [1, -1],
    ],
    ['heads', 'tails'],
    ['heads', 'tails'],
  );

/** Battle of the sexes: Row prefers opera (2 vs 1), Column football. */
export const battleOfTheSexes = (): NormalFormGame =>
  bimatrixGame(
    [
      [2, 0],
      [0, 1],
    ],
    [
      [1, 0],
      [0, 2],
    ],
    ['opera', 'football'],
    ['opera', 'football'],
  );

export const rockPaperScissors = (): NormalFormGame =>
  bimatrixGame(
    [
      [0, -1, 1],
      [1, 0, -1],
      [-1, 1, 0],
    ],
    [
      [0, 1, -1],
      [-1, 0, 1],
      [1, -1, 0],
    ],
    ['rock', 'paper', 'scissors'],
    ['rock', 'paper', 'scissors'],
  );

/** Three players each pick A or B; all get 1 if all pick the same, else 0. */
export const coordination3 = (): NormalFormGame =>
  gameFromFunction({ players: ['P1', 'P2', 'P3'], strategies: [['A', 'B'], ['A', 'B'], ['A', 'B']] }, ([a, b, c]) => {
    const same = a === b && b === c ? 1 : 0;
    return [same, same, same];
  });

/**
 * Jordan's (1993) three-player matching pennies: P1 wants to match P2, P2 to match P3, P3 to
 * mismatch P1. No pure equilibrium; the unique equilibrium has everyone mixing 1/2-1/2.
 */
export const jordan3 = (): NormalFormGame =>
  gameFromFunction({ players: ['P1', 'P2', 'P3'], strategies: [['H', 'T'], ['H', 'T'], ['H', 'T']] }, ([a, b, c]) => [
    a === b ? 1 : -1,
    b === c ? 1 : -1,
    c !== a ? 1 : -1,
  ]);

/**
 * Von Stengel's (2007, Fig. 3.5 family) degenerate game: row 1 has two best responses (both columns
 * pay 3), so equilibria form a continuum {r1} x {y : y2 <= 1/3}.
 */
export const degenerate3x2 = (): NormalFormGame =>
  bimatrixGame(
    [
      [3, 3],
      [2, 5],
      [0, 6],
    ],
    [
      [3, 3],
      [2, 6],
      [3, 1],
    ],
  );

/** Every payoff zero: every profile is an equilibrium (maximally degenerate). */
export const zeroGame = (m: number, n: number): NormalFormGame =>
  createGame({ players: ['Row', 'Column'], strategies: [Array.from({ length: m }, (_, i) => `r${i}`), Array.from({ length: n }, (_, j) => `c${j}`)] });

/** Deterministic uniforms for tests (mulberry32; the solvers take any rand()). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
