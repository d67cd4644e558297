import { describe, expect, it } from 'vitest';
import { extremeEquilibria } from '../../src/runner/game/vertexEnum.js';
import { battleOfTheSexes, degenerate3x2, rockPaperScissors, zeroGame } from './games.js';

const round = (eqs: [number[], number[]][]) => eqs.map((e) => e.map((v) => v.map((p) => Math.round(p * 1e9) / 1e9))).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

describe('vertex enumeration of the best-response polytopes', () => {
  it('battle of the sexes: three equilibria, nondegenerate', () => {
    const r = extremeEquilibria(battleOfTheSexes());
    expect(r.degenerate).toBe(false);
    expect(round(r.equilibria)).toEqual(
      round([
        [[1, 0], [1, 0]],
        [[0, 1], [0, 1]],
        [[2 / 3, 1 / 3], [1 / 3, 2 / 3]],
      ]),
    );
  });

  it('rock-paper-scissors: the uniform profile', () => {
    expect(round(extremeEquilibria(rockPaperScissors()).equilibria)).toEqual(round([[[1 / 3, 1 / 3, 1 / 3], [1 / 3, 1 / 3, 1 / 3]]]));
  });

  it('degenerate 3x2: flags degeneracy (a vertex with too many labels) and finds the extreme equilibria', () => {
    const r = extremeEquilibria(degenerate3x2());
    expect(r.degenerate).toBe(true);
    expect(r.equilibria).toHaveLength(3);
  });

  it('all-zero game: the polytopes are simplices; every pure pair is an equilibrium', () => {
    const r = extremeEquilibria(zeroGame(3, 3));
    expect(r.vertices).toEqual([3, 3]);
    expect(r.equilibria).toHaveLength(9);
  });

  it('a size limit returns incomplete, not an error', () => {
    expect(extremeEquilibria(rockPaperScissors(), { maxPairs: 3 }).complete).toBe(false);
  });
});
