import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { latinHypercube, streamOf } from '../../src/runner/lhs.js';
import { gridPoints, lhsPoints, pointId, sweepPoints, sweptPaths } from '../../src/runner/sweep.js';

describe('grid and points', () => {
  test('cartesian product, last key fastest, then the explicit points', () => {
    const pts = sweepPoints({ grid: { a: [1, 2], b: [10, 20, 30] }, points: [{ c: 5 }], lhs: null });
    expect(pts.map((p) => p.values)).toEqual([
      { a: 1, b: 10 },
      { a: 1, b: 20 },
      { a: 1, b: 30 },
      { a: 2, b: 10 },
      { a: 2, b: 20 },
      { a: 2, b: 30 },
      { c: 5 },
    ]);
    expect(sweptPaths({ grid: { a: [1, 2], b: [10, 20, 30] }, points: [{ c: 5, a: 3 }], lhs: null })).toEqual(['a', 'b', 'c']);
  });
  test('no sweep is one point with no values and no id', () => {
    expect(sweepPoints(null)).toEqual([{ id: '', values: {} }]);
    expect(sweptPaths(null)).toEqual([]);
  });
  test('point ids are content hashes: key order does not matter, values do', () => {
    expect(pointId({ a: 1, b: 2 })).toBe(pointId({ b: 2, a: 1 }));
    expect(pointId({ a: 1, b: 2 })).not.toBe(pointId({ a: 1, b: 2.0000001 }));
    expect(pointId({ a: 1 })).toMatch(/^[0-9a-f]{12}$/);
    expect(gridPoints({})).toEqual([{}]);
  });
});

describe('latin hypercube', () => {
  test('every stratum of every dimension holds exactly one point', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.integer({ min: 1, max: 5 }), fc.nat(), (n, dims, seed) => {
        const streams = Array.from({ length: dims }, (_, d) => streamOf(`p${d}`));
        const x = latinHypercube(n, streams, seed);
        expect(x).toHaveLength(n);
        for (let d = 0; d < dims; d++) {
          const strata = x.map((row) => Math.floor(row[d]! * n)).sort((a, b) => a - b);
          expect(strata).toEqual([...Array(n).keys()]);
        }
      }),
      { numRuns: 50 },
    );
  });
  test('deterministic; another seed gives another sample', () => {
    const s = [streamOf('a'), streamOf('b')];
    expect(latinHypercube(20, s, 7)).toEqual(latinHypercube(20, s, 7));
    expect(latinHypercube(20, s, 7)).not.toEqual(latinHypercube(20, s, 8));
  });
  test('adding a dimension leaves the other dimensions unchanged', () => {
    const a = lhsPoints({ n: 10, seed: 3, ranges: { 'buyers.phi': [1, 2] } });
    const b = lhsPoints({ n: 10, seed: 3, ranges: { 'buyers.phi': [1, 2], 'producers.theta': [0.5, 1.5] } });
    expect(b.map((p) => p['buyers.phi'])).toEqual(a.map((p) => p['buyers.phi']));
  });
  test('scaled into the ranges; integer parameters are rounded', () => {
    const pts = lhsPoints({ n: 50, seed: 1, ranges: { 'buyers.phi': [1, 2], 'market.index_weeks': [4, 30] } });
    for (const p of pts) {
      expect(p['buyers.phi']).toBeGreaterThanOrEqual(1);
      expect(p['buyers.phi']).toBeLessThan(2);
      expect(Number.isInteger(p['market.index_weeks'])).toBe(true);
    }
  });
});
