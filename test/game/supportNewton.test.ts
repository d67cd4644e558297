import { describe, expect, it } from 'vitest';
import { maxRegret } from '../../src/runner/game/normalForm.js';
import { solveOnSupport } from '../../src/runner/game/supportNewton.js';
import { battleOfTheSexes, jordan3, matchingPennies, rockPaperScissors } from './games.js';

describe("Newton's method on a support", () => {
  it('solves battle of the sexes on the full support from a rough start', () => {
    const sol = solveOnSupport(battleOfTheSexes(), [[0.5, 0.5], [0.5, 0.5]], [[0, 1], [0, 1]])!;
    expect(sol[0]![0]).toBeCloseTo(2 / 3, 12);
    expect(sol[1]![0]).toBeCloseTo(1 / 3, 12);
  });

  it('solves rock-paper-scissors and the 3-player Jordan game from off-centre starts', () => {
    const rps = solveOnSupport(rockPaperScissors(), [[0.5, 0.3, 0.2], [0.1, 0.6, 0.3]], [[0, 1, 2], [0, 1, 2]])!;
    rps.forEach((s) => s.forEach((p) => expect(p).toBeCloseTo(1 / 3, 12)));
    const j = solveOnSupport(jordan3(), [[0.3, 0.7], [0.6, 0.4], [0.8, 0.2]], [[0, 1], [0, 1], [0, 1]])!;
    j.forEach((s) => s.forEach((p) => expect(p).toBeCloseTo(0.5, 12)));
    expect(maxRegret(jordan3(), j)).toBeLessThan(1e-12);
  });

  it('puts zeros off the support (a pure support is solved at once)', () => {
    expect(solveOnSupport(battleOfTheSexes(), [[0.9, 0.1], [0.8, 0.2]], [[0], [0]])).toEqual([[1, 0], [1, 0]]);
  });

  it('returns null when the support system is singular', () => {
    // Matching pennies with P1 restricted to heads: P2's indifference cannot hold.
    expect(solveOnSupport(matchingPennies(), [[1, 0], [0.5, 0.5]], [[0], [0, 1]])).toBeNull();
  });
});
