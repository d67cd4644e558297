import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  bestResponsePayoffs,
  bestResponses,
  cleanProfile,
  createGame,
  expectedPayoffs,
  fixStrategy,
  gameFromFunction,
  maxRegret,
  payoffScale,
  profileCount,
  profileIndex,
  profileStrategies,
  pureStrategiesOf,
  pureToMixed,
  regrets,
  strategyValues,
  uniformProfile,
} from '../../src/runner/game/normalForm.js';
import { battleOfTheSexes, matchingPennies, prisonersDilemma } from './games.js';

const shape = fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 4 });
const gameOf = (counts: number[], payoffs?: number[]) =>
  createGame({ players: counts.map((_, i) => `p${i}`), strategies: counts.map((k) => Array.from({ length: k }, (_, s) => `s${s}`)), payoffs });

const arbGameAndProfile = shape.chain((counts) => {
  const size = counts.reduce((a, b) => a * b, 1) * counts.length;
  return fc.record({
    payoffs: fc.array(fc.integer({ min: -50, max: 50 }), { minLength: size, maxLength: size }),
    weights: fc.tuple(...counts.map((k) => fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: k, maxLength: k }))),
  }).map(({ payoffs, weights }) => {
    const game = gameOf(counts, payoffs);
    const mixed = weights.map((w) => {
      const s = w.reduce((a, b) => a + b, 0);
      return w.map((x) => x / s);
    });
    return { game, mixed };
  });
});

/** Brute force: sum over all profiles of prob x payoff, with player i's strategy forced. */
function bruteValue(game: ReturnType<typeof gameOf>, mixed: number[][], player: number, s: number): number {
  let v = 0;
  for (let p = 0; p < profileCount(game); p++) {
    const t = profileStrategies(game, p);
    if (t[player] !== s) continue;
    let w = 1;
    t.forEach((st, j) => {
      if (j !== player) w *= mixed[j]![st]!;
    });
    v += w * game.payoffs[p * game.players.length + player]!;
  }
  return v;
}

describe('profile indexing (Gambit order: first player fastest)', () => {
  it('numbers a 3x2 game as Gambit does', () => {
    const g = gameOf([3, 2]);
    expect([0, 1, 2, 3, 4, 5].map((p) => profileStrategies(g, p))).toEqual([
      [0, 0],
      [1, 0],
      [2, 0],
      [0, 1],
      [1, 1],
      [2, 1],
    ]);
  });

  it('index <-> strategy tuple are inverse for every profile of random shapes', () => {
    fc.assert(
      fc.property(shape, (counts) => {
        const g = gameOf(counts);
        for (let p = 0; p < profileCount(g); p++) expect(profileIndex(g, profileStrategies(g, p))).toBe(p);
      }),
    );
  });

  it('rejects out-of-range strategies and indices', () => {
    const g = gameOf([2, 2]);
    expect(() => profileIndex(g, [2, 0])).toThrow(RangeError);
    expect(() => profileIndex(g, [0])).toThrow(RangeError);
    expect(() => profileStrategies(g, 4)).toThrow(RangeError);
  });
});

describe('createGame validation', () => {
  it('rejects malformed specs', () => {
    expect(() => createGame({ players: [], strategies: [] })).toThrow(/at least one player/);
    expect(() => createGame({ players: ['a'], strategies: [[]] })).toThrow(/no strategies/);
    expect(() => createGame({ players: ['a', 'b'], strategies: [['x']] })).toThrow(/strategy lists/);
    expect(() => createGame({ players: ['a'], strategies: [['x', 'y']], payoffs: [1] })).toThrow(/expected 2 payoffs/);
    expect(() => createGame({ players: ['a'], strategies: [['x']], payoffs: [Infinity] })).toThrow(/not finite/);
  });
});

describe('payoffs of mixed profiles', () => {
  it('strategy values match brute-force summation over random games', () => {
    fc.assert(
      fc.property(arbGameAndProfile, ({ game, mixed }) => {
        const v = strategyValues(game, mixed);
        v.forEach((vi, i) => vi.forEach((x, s) => expect(x).toBeCloseTo(bruteValue(game, mixed, i, s), 9)));
        const e = expectedPayoffs(game, mixed);
        const b = bestResponsePayoffs(game, mixed);
        const r = regrets(game, mixed);
        e.forEach((ei, i) => {
          expect(b[i]! + 1e-9).toBeGreaterThanOrEqual(ei);
          expect(r[i]).toBeCloseTo(Math.max(0, b[i]! - ei), 9);
        });
        expect(maxRegret(game, mixed)).toBe(Math.max(...r));
      }),
    );
  });

  it('knows the classic values', () => {
    const bos = battleOfTheSexes();
    const mixed = [
      [2 / 3, 1 / 3],
      [1 / 3, 2 / 3],
    ];
    expect(Array.from(expectedPayoffs(bos, mixed))).toEqual([2 / 3, 2 / 3].map((x) => expect.closeTo(x, 12)));
    expect(maxRegret(bos, mixed)).toBeLessThan(1e-15);
    expect(maxRegret(prisonersDilemma(), pureToMixed(prisonersDilemma(), [0, 0]))).toBe(2); // defecting gains 5 - 3
    expect(maxRegret(matchingPennies(), uniformProfile(matchingPennies()))).toBe(0);
    expect(bestResponses(prisonersDilemma(), uniformProfile(prisonersDilemma()), 0)).toEqual([1]);
    expect(bestResponses(matchingPennies(), uniformProfile(matchingPennies()), 1)).toEqual([0, 1]);
  });
});

describe('helpers', () => {
  it('payoffScale is the largest per-player range, 1 for constant games', () => {
    expect(payoffScale(prisonersDilemma())).toBe(5);
    expect(payoffScale(gameOf([2, 2]))).toBe(1);
  });

  it('cleanProfile zeroes dust and renormalises; pureStrategiesOf recognises pure profiles', () => {
    const c = cleanProfile([[1 - 1e-13, 1e-13], [0.5, 0.5]]);
    expect(c).toEqual([[1, 0], [0.5, 0.5]]);
    expect(pureStrategiesOf(c)).toBeNull();
    expect(pureStrategiesOf([[0, 1], [1, 0, 0]])).toEqual([1, 0]);
  });

  it('fixStrategy gives the followers game for a fixed player', () => {
    const g = gameFromFunction({ players: ['L', 'F1', 'F2'], strategies: [['a', 'b'], ['x', 'y', 'z'], ['u', 'v']] }, ([l, f1, f2]) => [
      100 * l! + 10 * f1! + f2!,
      l! - f1!,
      f2! * 7 + l!,
    ]);
    const sub = fixStrategy(g, 0, 1);
    expect(sub.players).toEqual(['F1', 'F2']);
    expect(sub.strategies).toEqual([['x', 'y', 'z'], ['u', 'v']]);
    for (let f1 = 0; f1 < 3; f1++) {
      for (let f2 = 0; f2 < 2; f2++) {
        const q = profileIndex(sub, [f1, f2]);
        expect([sub.payoffs[q * 2], sub.payoffs[q * 2 + 1]]).toEqual([1 - f1, f2 * 7 + 1]);
      }
    }
  });
});
