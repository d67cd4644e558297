import { describe, expect, it } from 'vitest';
import { createGame, gameFromFunction, maxRegret } from '../../src/runner/game/normalForm.js';
import { analyseGame, EQUILIBRIA_COLUMNS, equilibriaRows, solveGame } from '../../src/runner/game/solve.js';
import { seededRand } from '../../src/runner/game/random.js';
import {
  battleOfTheSexes,
  coordination3,
  degenerate3x2,
  jordan3,
  matchingPennies,
  prisonersDilemma,
  rockPaperScissors,
} from './games.js';

const approx = (x: number[][]) => x.map((s) => s.map((p) => Math.round(p * 1e9) / 1e9));

describe('solveGame', () => {
  it("prisoner's dilemma: one pure equilibrium, defect/defect", () => {
    expect(solveGame(prisonersDilemma())).toEqual([{ id: 1, kind: 'pure', strategies: [[0, 1], [0, 1]], regret: 0 }]);
  });

  it('matching pennies: one mixed equilibrium (1/2, 1/2)', () => {
    expect(solveGame(matchingPennies())).toEqual([{ id: 1, kind: 'mixed', strategies: [[0.5, 0.5], [0.5, 0.5]], regret: 0 }]);
  });

  it('battle of the sexes: pure ones first in profile order, then the mixed 2/3-1/3', () => {
    const eqs = solveGame(battleOfTheSexes());
    expect(eqs.map((e) => [e.id, e.kind, approx(e.strategies)])).toEqual([
      [1, 'pure', [[1, 0], [1, 0]]],
      [2, 'pure', [[0, 1], [0, 1]]],
      [3, 'mixed', approx([[2 / 3, 1 / 3], [1 / 3, 2 / 3]])],
    ]);
    for (const e of eqs) expect(e.regret).toBeLessThan(1e-15);
  });

  it('rock-paper-scissors: uniform', () => {
    const eqs = solveGame(rockPaperScissors());
    expect(eqs).toHaveLength(1);
    expect(approx(eqs[0]!.strategies)).toEqual(approx([[1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3]]));
    expect(eqs[0]!.regret).toBeLessThan(1e-15);
  });

  it('3-player coordination: the two pure equilibria (exhaustive) and the mixed one (replicator)', () => {
    const r = analyseGame(coordination3(), { rand: seededRand(7) });
    expect(r.methods).toEqual(['pure', 'replicator']);
    expect(r.complete).toBe(false);
    expect(r.equilibria.map((e) => [e.kind, approx(e.strategies)])).toEqual([
      ['pure', [[1, 0], [1, 0], [1, 0]]],
      ['pure', [[0, 1], [0, 1], [0, 1]]],
      ['mixed', [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]]],
    ]);
  });

  it("3-player Jordan game: the unique mixed equilibrium; the default RNG is seeded, so results repeat", () => {
    const a = solveGame(jordan3());
    expect(a).toEqual([{ id: 1, kind: 'mixed', strategies: [[0.5, 0.5], [0.5, 0.5], [0.5, 0.5]], regret: 0 }]);
    expect(solveGame(jordan3())).toEqual(a);
  });

  it('n players: when the first replicator budget finds nothing, a larger one is tried and said so', () => {
    // Jordan's game with a lopsided payoff for matching on H: no pure equilibrium, and the mixed
    // one is not the centroid, so one unpolished step from the centroid finds nothing.
    const g = gameFromFunction({ players: ['P1', 'P2', 'P3'], strategies: [['H', 'T'], ['H', 'T'], ['H', 'T']] }, ([a, b, c]) => [
      a === b ? (a === 0 ? 3 : 1) : -1,
      b === c ? 1 : -1,
      c !== a ? 1 : -1,
    ]);
    const tiny = analyseGame(g, { rand: seededRand(3), replicator: { starts: 1, iterations: 1, polish: false } });
    expect(tiny.methods).toEqual(['pure', 'replicator', 'replicator(4 starts x 10 steps, h 5)', 'replicator(4 starts x 10 steps, h 0.5)']);
    expect(tiny.notes.join(' ')).toMatch(/a larger one did not either/);
    expect(tiny.equilibria).toEqual([]);
    // polished, the first budget finds the equilibrium and nothing more is run
    const ok = analyseGame(g, { rand: seededRand(3), replicator: { starts: 1, iterations: 1 } });
    expect(ok.methods).toEqual(['pure', 'replicator']);
    expect(ok.equilibria).toHaveLength(1);
    expect(ok.equilibria[0]!.regret).toBeLessThan(1e-9);
  });

  it('a degenerate game: no crash, regret ~0, degeneracy reported', () => {
    const r = analyseGame(degenerate3x2());
    expect(r.degenerate).toBe(true);
    expect(r.methods).toEqual(['pure', 'support', 'vertex']);
    expect(r.notes.join(' ')).toMatch(/continuum/);
    expect(r.equilibria.map((e) => e.kind)).toEqual(['pure', 'mixed', 'mixed']);
    for (const e of r.equilibria) expect(e.regret).toBeLessThan(1e-12);
  });

  it('1-player games: the best strategies', () => {
    const g = createGame({ players: ['solo'], strategies: [['a', 'b', 'c']], payoffs: [1, 3, 3] });
    expect(solveGame(g).map((e) => e.strategies)).toEqual([[[0, 1, 0]], [[0, 0, 1]]]);
  });

  it('mixed: false gives the pure equilibria only', () => {
    expect(solveGame(battleOfTheSexes(), { mixed: false })).toHaveLength(2);
    expect(analyseGame(battleOfTheSexes(), { mixed: false }).complete).toBe(false);
  });

  it('scales: the same game in billions gives the same equilibria, regret in its own units', () => {
    const g = battleOfTheSexes();
    const big = { ...g, payoffs: g.payoffs.map((x) => x * 1e9 + 12345) };
    const eqs = solveGame(big);
    expect(eqs.map((e) => approx(e.strategies))).toEqual(solveGame(g).map((e) => approx(e.strategies)));
    for (const e of eqs) expect(e.regret).toBeLessThan(1e-6);
    for (const e of eqs) expect(e.regret).toBe(maxRegret(big, e.strategies));
  });
});

describe('equilibriaRows', () => {
  it('one row per equilibrium x player x played strategy, in the equilibria.csv columns', () => {
    const g = battleOfTheSexes();
    const rows = equilibriaRows(g, solveGame(g));
    expect(Object.keys(rows[0]!)).toEqual([...EQUILIBRIA_COLUMNS]);
    expect(rows.map((r) => [r.equilibrium, r.kind, r.player, r.strategy])).toEqual([
      [1, 'pure', 'Row', 'opera'],
      [1, 'pure', 'Column', 'opera'],
      [2, 'pure', 'Row', 'football'],
      [2, 'pure', 'Column', 'football'],
      [3, 'mixed', 'Row', 'opera'],
      [3, 'mixed', 'Row', 'football'],
      [3, 'mixed', 'Column', 'opera'],
      [3, 'mixed', 'Column', 'football'],
    ]);
    expect(rows.every((r) => r.support_stability === '')).toBe(true);
  });

  it('carries support_stability per equilibrium and checks its length', () => {
    const g = battleOfTheSexes();
    const eqs = solveGame(g);
    const rows = equilibriaRows(g, eqs, [1, 0.9, 0.1]);
    expect(rows.map((r) => r.support_stability)).toEqual([1, 1, 0.9, 0.9, 0.1, 0.1, 0.1, 0.1]);
    expect(() => equilibriaRows(g, eqs, [1])).toThrow(/3 equilibria but 1/);
  });
});
