import { describe, expect, it, vi } from 'vitest';
import { createGame, maxRegret } from '../../src/runner/game/normalForm.js';
import { randomProfile, replicatorEquilibria, replicatorRun, rescaled } from '../../src/runner/game/replicator.js';
import { battleOfTheSexes, coordination3, jordan3, matchingPennies, mulberry32, prisonersDilemma } from './games.js';

describe('replicator dynamics', () => {
  it('converges to the dominant-strategy equilibrium of the PD from any start', () => {
    const rand = mulberry32(3);
    const g = rescaled(prisonersDilemma());
    for (let k = 0; k < 5; k++) {
      const run = replicatorRun(g, randomProfile(g, rand), 5000, 2);
      expect(run.last[0]![1]).toBeGreaterThan(1 - 1e-9);
      expect(run.last[1]![1]).toBeGreaterThan(1 - 1e-9);
    }
  });

  it('3-player coordination: finds both pure equilibria and the symmetric mixed one', () => {
    const eqs = replicatorEquilibria(coordination3(), { rand: mulberry32(11), starts: 12 });
    const rounded = eqs.map((e) => e.strategies.map((s) => s.map((p) => Math.round(p * 1e6) / 1e6)));
    expect(rounded).toEqual([
      [[1, 0], [1, 0], [1, 0]],
      [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]],
      [[0, 1], [0, 1], [0, 1]],
    ]);
    for (const e of eqs) expect(e.regret).toBeLessThan(1e-9);
    // The centroid start sits on the mixed equilibrium itself.
    expect(eqs[1]!.starts).toContain(0);
  });

  it("Jordan's 3-player matching pennies: the unique equilibrium (1/2, 1/2, 1/2), with no pure one to fall into", () => {
    const eqs = replicatorEquilibria(jordan3(), { rand: mulberry32(5), starts: 6 });
    expect(eqs).toHaveLength(1);
    eqs[0]!.strategies.forEach((s) => s.forEach((p) => expect(p).toBeCloseTo(0.5, 12)));
    expect(eqs[0]!.regret).toBeLessThan(1e-12);
    // Found from random starts too, not only from the centroid.
    expect(eqs[0]!.starts.filter((s) => s > 0).length).toBeGreaterThan(0);
  });

  it('a 3-player game with a known interior equilibrium away from 1/2 (found from random starts)', () => {
    // An asymmetric Jordan game: P1 wants to match P2 (1 on H-H, 3 on T-T), P2 to match P3,
    // P3 to mismatch P1 (2 for H against T, 1 for T against H). No pure equilibrium.
    const g = createGame({
      players: ['P1', 'P2', 'P3'],
      strategies: [['H', 'T'], ['H', 'T'], ['H', 'T']],
      payoffs: (() => {
        const u: number[] = [];
        for (let c = 0; c < 2; c++)
          for (let b = 0; b < 2; b++)
            for (let a = 0; a < 2; a++) {
              u.push(a === b ? (a === 0 ? 1 : 3) : 0, b === c ? 1 : 0, c !== a ? (c === 0 ? 2 : 1) : 0);
            }
        return u;
      })(),
    });
    // P1 indifferent: q2 * 1 = (1 - q2) * 3 -> q2 = 3/4. P2 indifferent: q3 = 1/2.
    // P3 indifferent: H pays 2 (1 - q1) when P1 plays T, T pays q1 -> 2 (1 - q1) = q1 -> q1 = 2/3.
    const eqs = replicatorEquilibria(g, { rand: mulberry32(8), starts: 8 });
    const mixed = eqs.filter((e) => e.strategies.every((s) => s.every((p) => p > 0 && p < 1)));
    expect(mixed).toHaveLength(1);
    const [x1, x2, x3] = mixed[0]!.strategies;
    expect(x1![0]).toBeCloseTo(2 / 3, 10);
    expect(x2![0]).toBeCloseTo(3 / 4, 10);
    expect(x3![0]).toBeCloseTo(1 / 2, 10);
    expect(maxRegret(g, mixed[0]!.strategies)).toBeLessThan(1e-12);
  });

  it('is reproducible: the same seed gives the same result; Math.random is never called', () => {
    const spy = vi.spyOn(Math, 'random');
    const a = replicatorEquilibria(battleOfTheSexes(), { rand: mulberry32(1), starts: 8 });
    const b = replicatorEquilibria(battleOfTheSexes(), { rand: mulberry32(1), starts: 8 });
    expect(a).toEqual(b);
    expect(spy).not.toHaveBeenCalled();
    spy.mockRestore();
  });

  it('returns only profiles within epsilon, and nothing when polishing is off and dynamics cycle', () => {
    const noPolish = replicatorEquilibria(matchingPennies(), { rand: mulberry32(2), starts: 4, polish: false, epsilon: 1e-9 });
    for (const e of noPolish) expect(e.regret).toBeLessThanOrEqual(1e-9);
    const polished = replicatorEquilibria(matchingPennies(), { rand: mulberry32(2), starts: 4 });
    expect(polished).toHaveLength(1);
    polished[0]!.strategies.forEach((s) => s.forEach((p) => expect(p).toBeCloseTo(0.5, 12)));
  });
});
