import { describe, expect, it } from 'vitest';
import { gameFromFunction } from '../../src/runner/game/normalForm.js';
import { stackelberg } from '../../src/runner/game/stackelberg.js';
import { bimatrixGame, prisonersDilemma } from './games.js';

describe('Stackelberg commitment', () => {
  it('commitment pays when it is not credible (von Stengel & Zamir 2010 style example)', () => {
    // Row's T dominates B, so the only simultaneous equilibrium is (T, L) with 2 for Row.
    // Committing to B makes Column answer R, worth 3 to Row - but Row would then rather play T.
    const g = bimatrixGame(
      [
        [2, 4],
        [1, 3],
      ],
      [
        [1, 0],
        [0, 2],
      ],
      ['T', 'B'],
      ['L', 'R'],
    );
    const r = stackelberg(g);
    expect(r.commitment).toBe(1);
    expect(r.outcome).toEqual([[0, 1], [0, 1]]);
    expect(r.leaderPayoff).toBe(3);
    expect(r.responses.map((x) => x.payoffs)).toEqual([
      [2, 1],
      [3, 2],
    ]);
    expect(r.differsFromSimultaneous).toBe(true);
    expect(r.credible).toBe(false);
    expect(r.leaderRegret).toBe(1);
    expect(r.valueOfCommitment).toBe(1);
    expect(r.simultaneous).toEqual([{ leaderStrategy: [1, 0], leaderPayoff: 2 }]);
  });

  it("prisoner's dilemma: committing to defect is what happens anyway", () => {
    const r = stackelberg(prisonersDilemma());
    expect(r.commitment).toBe(1);
    expect(r.differsFromSimultaneous).toBe(false);
    expect(r.credible).toBe(true);
    expect(r.valueOfCommitment).toBe(0);
  });

  it('the leader can be any player: an incumbent committing to fight keeps the entrant out', () => {
    const g = bimatrixGame(
      [
        [0, 0],
        [-1, 1],
      ],
      [
        [2, 2],
        [-1, 1],
      ],
      ['out', 'in'],
      ['fight', 'accommodate'],
    );
    const r = stackelberg(g, { leader: 1 });
    expect(r.commitment).toBe(0);
    expect(r.outcome).toEqual([[1, 0], [1, 0]]);
    expect(r.leaderPayoff).toBe(2);
    // (out, fight) is also a simultaneous equilibrium (fight is never tested there).
    expect(r.differsFromSimultaneous).toBe(false);
    expect(r.credible).toBe(true);
  });

  it("followers' ties: 'leader-best' picks the followers' equilibrium the leader likes, 'leader-worst' the other", () => {
    // Two followers coordinate on A or B (both pure equilibria); the leader earns 1 at (A, A), 5 at (B, B).
    const g = gameFromFunction({ players: ['China', 'jp', 'kr'], strategies: [['restraint', 'broad'], ['A', 'B'], ['A', 'B']] }, ([c, a, b]) => {
      const same = a === b ? 1 : 0;
      const leader = a === 0 && b === 0 ? 1 : a === 1 && b === 1 ? 5 : 0;
      return [leader - c!, same, same];
    });
    const best = stackelberg(g, { tieBreak: 'leader-best' });
    expect(best.commitment).toBe(0);
    expect(best.outcome).toEqual([[1, 0], [0, 1], [0, 1]]);
    expect(best.leaderPayoff).toBe(5);
    expect(best.responses[0]!.alternatives).toBe(2);
    expect(best.responses[0]!.pure).toBe(true);
    const worst = stackelberg(g, { tieBreak: 'leader-worst' });
    expect(worst.outcome).toEqual([[1, 0], [1, 0], [1, 0]]);
    expect(worst.leaderPayoff).toBe(1);
  });

  it("followers without a pure equilibrium respond with a mixed one", () => {
    // Followers play matching pennies whatever the leader does; the leader's payoff is its strategy index.
    const g = gameFromFunction({ players: ['L', 'F1', 'F2'], strategies: [['a', 'b'], ['H', 'T'], ['H', 'T']] }, ([l, f1, f2]) => [
      l!,
      f1 === f2 ? 1 : -1,
      f1 === f2 ? -1 : 1,
    ]);
    const r = stackelberg(g);
    expect(r.commitment).toBe(1);
    expect(r.responses.every((x) => !x.pure)).toBe(true);
    r.outcome.slice(1).forEach((s) => s.forEach((p) => expect(p).toBeCloseTo(0.5, 12)));
    expect(r.credible).toBe(true);
  });

  it('rejects a bad leader index', () => {
    expect(() => stackelberg(prisonersDilemma(), { leader: 2 })).toThrow(RangeError);
  });
});
