import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { solveLinear } from '../../src/runner/game/linearSolve.js';

describe('solveLinear (Gaussian elimination with partial pivoting)', () => {
  it('solves a system that needs pivoting (zero in the first pivot position)', () => {
    const x = solveLinear([0, 1, 1, 1], [2, 3], 2)!;
    expect(Array.from(x)).toEqual([1, 2]);
  });

  it('returns null for singular systems', () => {
    expect(solveLinear([1, 2, 2, 4], [1, 2], 2)).toBeNull();
    expect(solveLinear([0, 0, 0, 0], [0, 0], 2)).toBeNull();
  });

  it('recovers x from A x for random well-conditioned systems', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 8 }).chain((n) =>
          fc.tuple(
            fc.constant(n),
            fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: n * n, maxLength: n * n }),
            fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: n, maxLength: n }),
          ),
        ),
        ([n, a, x]) => {
          // Diagonally dominant: well conditioned.
          for (let i = 0; i < n; i++) a[i * n + i] = (a[i * n + i]! >= 0 ? 1 : -1) * (n + 1);
          const b = Array.from({ length: n }, (_, i) => x.reduce((s, xj, j) => s + a[i * n + j]! * xj, 0));
          const sol = solveLinear(a, b, n)!;
          sol.forEach((v, i) => expect(v).toBeCloseTo(x[i]!, 9));
        },
      ),
    );
  });

  it('does not modify its inputs', () => {
    const a = [2, 1, 1, 3];
    const b = [3, 5];
    solveLinear(a, b, 2);
    expect(a).toEqual([2, 1, 1, 3]);
    expect(b).toEqual([3, 5]);
  });
});
