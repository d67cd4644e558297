import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createGame, maxRegret, profileCount, profileStrategies, pureToMixed } from '../../src/runner/game/normalForm.js';
import { pureNash, pureRegrets } from '../../src/runner/game/pure.js';
import { battleOfTheSexes, coordination3, jordan3, matchingPennies, prisonersDilemma } from './games.js';

describe('pure Nash equilibria', () => {
  it("prisoner's dilemma: defect/defect only", () => {
    expect(pureNash(prisonersDilemma())).toEqual([{ profile: 3, strategies: [1, 1], regret: 0 }]);
  });

  it('battle of the sexes: both coordinated profiles', () => {
    expect(pureNash(battleOfTheSexes()).map((e) => e.strategies)).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('matching pennies and Jordan game: none', () => {
    expect(pureNash(matchingPennies())).toEqual([]);
    expect(pureNash(jordan3())).toEqual([]);
  });

  it('3-player coordination: all-A and all-B', () => {
    expect(pureNash(coordination3()).map((e) => e.strategies)).toEqual([
      [0, 0, 0],
      [1, 1, 1],
    ]);
  });

  it('epsilon admits near-equilibria: in the PD (C,D) and (D,C) have regret 1, (C,C) regret 2', () => {
    expect(pureNash(prisonersDilemma(), 0.99).map((e) => e.strategies)).toEqual([[1, 1]]);
    expect(pureNash(prisonersDilemma(), 1).map((e) => [e.strategies, e.regret])).toEqual([
      [[1, 0], 1],
      [[0, 1], 1],
      [[1, 1], 0],
    ]);
    expect(pureNash(prisonersDilemma(), 2)).toHaveLength(4);
    expect(() => pureNash(prisonersDilemma(), -1)).toThrow(RangeError);
  });

  it('pure regrets equal maxRegret of the pure profile, on random n-player games', () => {
    const arb = fc.array(fc.integer({ min: 1, max: 3 }), { minLength: 1, maxLength: 4 }).chain((counts) => {
      const size = counts.reduce((a, b) => a * b, 1) * counts.length;
      return fc.array(fc.integer({ min: -5, max: 5 }), { minLength: size, maxLength: size }).map((payoffs) =>
        createGame({ players: counts.map((_, i) => `p${i}`), strategies: counts.map((k) => Array.from({ length: k }, (_, s) => `${s}`)), payoffs }),
      );
    });
    fc.assert(
      fc.property(arb, (g) => {
        const r = pureRegrets(g);
        for (let p = 0; p < profileCount(g); p++) expect(r[p]).toBe(maxRegret(g, pureToMixed(g, profileStrategies(g, p))));
        expect(pureNash(g).map((e) => e.profile)).toEqual(Array.from(r.keys()).filter((p) => r[p] === 0));
      }),
    );
  });
});
