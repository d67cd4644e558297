import { describe, expect, it } from 'vitest';
import { meanGame, meanPayoffs, supportStability } from '../../src/runner/game/bootstrap.js';
import { type NormalFormGame, pureToMixed } from '../../src/runner/game/normalForm.js';
import { seededRand } from '../../src/runner/game/random.js';
import { bimatrixGame, matchingPennies, mulberry32, prisonersDilemma } from './games.js';

/** R replications: the game's payoffs plus independent noise of the given size (uniform on +-noise). */
function noisySamples(game: NormalFormGame, R: number, noise: number, seed: number): Float64Array[] {
  const rand = mulberry32(seed);
  return Array.from({ length: R }, () => game.payoffs.map((x) => x + noise * (2 * rand() - 1)));
}

describe('bootstrap support_stability', () => {
  it('noise-free replications: equilibria always stay, non-equilibria never do', () => {
    const g = prisonersDilemma();
    const samples = [g.payoffs, g.payoffs, g.payoffs];
    const s = supportStability(g, samples, [pureToMixed(g, [1, 1]), pureToMixed(g, [0, 0])], { resamples: 50, rand: seededRand(1), epsilon: 1e-9 });
    expect(s).toEqual([1, 0]);
  });

  it("a robust equilibrium (PD's defect/defect, margins of 1-2 against noise of 0.3) stays in every resample", () => {
    const g = prisonersDilemma();
    const s = supportStability(g, noisySamples(g, 20, 0.3, 4), [pureToMixed(g, [1, 1])], { resamples: 200, rand: seededRand(2), epsilon: 0 });
    expect(s).toEqual([1]);
  });

  it('a knife-edge equilibrium (margin 0.02 against noise of 1) survives only part of the resamples', () => {
    const g = bimatrixGame(
      [
        [1.02, 0],
        [1, 0],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const samples = noisySamples(g, 30, 1, 9);
    const [s] = supportStability(g, samples, [pureToMixed(g, [0, 0])], { resamples: 400, rand: seededRand(3), epsilon: 0 });
    expect(s).toBeGreaterThan(0.05);
    expect(s).toBeLessThan(0.95);
  });

  it('a mixed equilibrium relies on indifference: stability ~0 at epsilon 0, 1 at an epsilon above the noise', () => {
    const g = matchingPennies();
    const samples = noisySamples(g, 25, 0.2, 5);
    const eq = [
      [0.5, 0.5],
      [0.5, 0.5],
    ];
    const [strict] = supportStability(g, samples, [eq], { resamples: 200, rand: seededRand(4), epsilon: 0 });
    const [loose] = supportStability(g, samples, [eq], { resamples: 200, rand: seededRand(4), epsilon: 0.5 });
    expect(strict).toBeLessThan(0.05);
    expect(loose).toBe(1);
  });

  it('resamples whole replications: a shock common to all profiles in a replication (common random numbers) never flips an equilibrium', () => {
    const g = bimatrixGame(
      [
        [1.01, 0],
        [1, 0],
      ],
      [
        [1, 0],
        [0, 1],
      ],
    );
    const rand = mulberry32(6);
    const samples = Array.from({ length: 15 }, () => {
      const shock = 100 * (2 * rand() - 1);
      return g.payoffs.map((x) => x + shock);
    });
    expect(supportStability(g, samples, [pureToMixed(g, [0, 0])], { resamples: 300, rand: seededRand(5), epsilon: 0 })).toEqual([1]);
  });

  it('is reproducible for a seed', () => {
    const g = matchingPennies();
    const samples = noisySamples(g, 10, 0.5, 1);
    const eq = [[[0.5, 0.5], [0.5, 0.5]]];
    const opts = { resamples: 100, epsilon: 0.2 };
    expect(supportStability(g, samples, eq, { ...opts, rand: seededRand(9) })).toEqual(supportStability(g, samples, eq, { ...opts, rand: seededRand(9) }));
  });

  it('mean game and validation', () => {
    const g = prisonersDilemma();
    const a = g.payoffs.map((x) => x + 1);
    const b = g.payoffs.map((x) => x - 1);
    expect(Array.from(meanPayoffs([a, b]))).toEqual(Array.from(g.payoffs));
    expect(Array.from(meanGame(g, [a, b]).payoffs)).toEqual(Array.from(g.payoffs));
    const rand = seededRand(1);
    expect(() => supportStability(g, [], [], { resamples: 10, rand, epsilon: 0 })).toThrow(/at least one replication/);
    expect(() => supportStability(g, [a], [], { resamples: 0, rand, epsilon: 0 })).toThrow(/resamples/);
    expect(() => supportStability(g, [a], [], { resamples: 1, rand, epsilon: -1 })).toThrow(/epsilon/);
    expect(() => supportStability(g, [new Float64Array(3)], [], { resamples: 1, rand, epsilon: 0 })).toThrow(/has 3 payoffs/);
  });
});
