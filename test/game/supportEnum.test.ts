import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNfg } from '../../src/runner/game/nfg.js';
import { createGame, maxRegret, type NormalFormGame, payoffScale } from '../../src/runner/game/normalForm.js';
import { pureNash } from '../../src/runner/game/pure.js';
import { supportEnumeration } from '../../src/runner/game/supportEnum.js';
import { extremeEquilibria } from '../../src/runner/game/vertexEnum.js';
import { battleOfTheSexes, bimatrixGame, degenerate3x2, matchingPennies, mulberry32, prisonersDilemma, rockPaperScissors, zeroGame } from './games.js';

type Pair = [number[], number[]];

function expectSameSet(actual: Pair[], expected: Pair[], digits = 9): void {
  expect(actual).toHaveLength(expected.length);
  for (const e of expected) {
    const hit = actual.some((a) => a.every((v, i) => v.every((p, s) => Math.abs(p - e[i]![s]!) < 10 ** -digits)));
    if (!hit) expect.fail(`missing equilibrium ${JSON.stringify(e)} in ${JSON.stringify(actual)}`);
  }
}

function randomBimatrix(m: number, n: number, values: number[]): NormalFormGame {
  return createGame({
    players: ['Row', 'Column'],
    strategies: [Array.from({ length: m }, (_, i) => `r${i}`), Array.from({ length: n }, (_, j) => `c${j}`)],
    payoffs: values,
  });
}

const arbShape = fc.record({ m: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 5 }) });
// Generic (nondegenerate with probability 1): payoffs from a seeded uniform RNG, so shrinking
// changes the seed rather than collapsing payoffs into ties.
const arbGeneric = fc.record({ m: fc.integer({ min: 1, max: 5 }), n: fc.integer({ min: 1, max: 5 }), seed: fc.integer() }).map(({ m, n, seed }) => {
  const rand = mulberry32(seed);
  return randomBimatrix(m, n, Array.from({ length: 2 * m * n }, () => rand() * 2 - 1));
});
const arbDegenerate = arbShape.chain(({ m, n }) =>
  fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 2 * m * n, maxLength: 2 * m * n }).map((v) => randomBimatrix(m, n, v)),
);

// Selten's game, Gambit's e02.nfg: row 1 against a column mix with y2 <= 1/2 is a continuum.
const E02 = readNfg(`NFG 1 R "Selten (IJGT, 75), Figure 2, normal form" { "Player 1" "Player 2" } { 3 2 }
1 1 0 2 0 2 1 1 0 3 2 0`);

// Entry deterrence: the incumbent's "fight" is weakly dominated; (out, fight) needs a non-credible threat.
const entry = () =>
  bimatrixGame(
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

describe('support enumeration: classic games', () => {
  it("prisoner's dilemma: only defect/defect", () => {
    const r = supportEnumeration(prisonersDilemma());
    expectSameSet(r.equilibria, [[[0, 1], [0, 1]]]);
    expect(r.degenerate).toBe(false);
  });

  it('matching pennies: one mixed equilibrium, 1/2-1/2', () => {
    expectSameSet(supportEnumeration(matchingPennies()).equilibria, [[[0.5, 0.5], [0.5, 0.5]]]);
  });

  it('battle of the sexes: two pure equilibria and the mixed 2/3-1/3', () => {
    const r = supportEnumeration(battleOfTheSexes());
    expectSameSet(r.equilibria, [
      [[1, 0], [1, 0]],
      [[0, 1], [0, 1]],
      [[2 / 3, 1 / 3], [1 / 3, 2 / 3]],
    ]);
    expect(r).toMatchObject({ degenerate: false, complete: true, method: 'support', supportPairs: 5 });
  });

  it('rock-paper-scissors: uniform, the only equilibrium', () => {
    const r = supportEnumeration(rockPaperScissors());
    expectSameSet(r.equilibria, [[[1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3]]]);
    expect(r.degenerate).toBe(false);
    expect(r.complete).toBe(true);
  });
});

describe('support enumeration: degenerate games do not crash and report extreme equilibria', () => {
  it("von Stengel's degenerate 3x2 game: the continuum's two ends and the isolated mixed equilibrium", () => {
    const r = supportEnumeration(degenerate3x2());
    expect(r.degenerate).toBe(true);
    expect(r.method).toBe('support+vertex');
    expect(r.notes.join(' ')).toMatch(/degenerate/);
    expectSameSet(r.equilibria, [
      [[1, 0, 0], [1, 0]],
      [[1, 0, 0], [2 / 3, 1 / 3]],
      [[0, 1 / 3, 2 / 3], [1 / 3, 2 / 3]],
    ]);
    for (const [x, y] of r.equilibria) expect(maxRegret(degenerate3x2(), [x, y])).toBeLessThan(1e-12);
  });

  it("Gambit's e02 (Selten): row 1 against y2 in [0, 1/2]", () => {
    const r = supportEnumeration(E02);
    expect(r.degenerate).toBe(true);
    expectSameSet(r.equilibria, [
      [[1, 0, 0], [1, 0]],
      [[1, 0, 0], [0.5, 0.5]],
    ]);
  });

  it('entry deterrence (a weakly dominated strategy): (in, accommodate) and the (out, fight >= 1/2) continuum', () => {
    const r = supportEnumeration(entry());
    expect(r.degenerate).toBe(true);
    expectSameSet(r.equilibria, [
      [[0, 1], [0, 1]],
      [[1, 0], [1, 0]],
      [[1, 0], [0.5, 0.5]],
    ]);
  });

  it('an all-zero game: every pure profile, nothing else', () => {
    const r = supportEnumeration(zeroGame(2, 3));
    expect(r.degenerate).toBe(true);
    expect(r.equilibria).toHaveLength(6);
    for (const [x, y] of r.equilibria) {
      expect(x.filter((p) => p === 1)).toHaveLength(1);
      expect(y.filter((p) => p === 1)).toHaveLength(1);
    }
  });

  it('1 x n and m x 1 games', () => {
    const g = bimatrixGame([[1, 2, 2]], [[3, 1, 3]]);
    expectSameSet(supportEnumeration(g).equilibria, [
      [[1], [1, 0, 0]],
      [[1], [0, 0, 1]],
    ]);
  });

  it('vertexFallback "never" flags what it may have missed', () => {
    const r = supportEnumeration(E02, { vertexFallback: 'never' });
    expect(r.method).toBe('support');
    expect(r.notes.join(' ')).toMatch(/may be missing/);
  });

  it('a size limit makes the result incomplete, not an error', () => {
    const r = supportEnumeration(rockPaperScissors(), { maxSupportPairs: 4 });
    expect(r.complete).toBe(false);
    expect(r.supportPairs).toBe(4);
    expect(r.notes.join(' ')).toMatch(/stopped after 4/);
  });
});

describe('support enumeration: properties over random games', () => {
  it('generic games: an odd number of equilibria (Wilson), all with zero regret, agreeing with vertex enumeration', () => {
    fc.assert(
      fc.property(arbGeneric, (g) => {
        const r = supportEnumeration(g, { vertexFallback: 'never' });
        expect(r.equilibria.length % 2).toBe(1);
        for (const e of r.equilibria) expect(maxRegret(g, e)).toBeLessThan(1e-9 * payoffScale(g));
        expectSameSet(extremeEquilibria(g).equilibria, r.equilibria, 7);
      }),
      { numRuns: 200 },
    );
  });

  it('degenerate integer games: no crash, zero regret, every pure equilibrium and every extreme equilibrium found', () => {
    fc.assert(
      fc.property(arbDegenerate, (g) => {
        const r = supportEnumeration(g);
        expect(r.equilibria.length).toBeGreaterThan(0);
        for (const e of r.equilibria) expect(maxRegret(g, e)).toBeLessThan(1e-9);
        const has = (e: Pair) => r.equilibria.some((f) => f.every((v, i) => v.every((p, s) => Math.abs(p - e[i]![s]!) < 1e-7)));
        for (const p of pureNash(g)) {
          const pair: Pair = [g.strategies[0]!.map((_, s) => (s === p.strategies[0] ? 1 : 0)), g.strategies[1]!.map((_, s) => (s === p.strategies[1] ? 1 : 0))];
          expect(has(pair)).toBe(true);
        }
        // Whether or not the fallback ran, nothing vertex enumeration finds is missing.
        for (const e of extremeEquilibria(g).equilibria) expect(has(e)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
