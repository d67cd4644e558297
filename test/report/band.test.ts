import { describe, expect, test } from 'vitest';
import { BAND_QUANTILE_MIN_N, BandAccumulator, describeBand } from '../../src/runner/report/band.js';

describe('BandAccumulator', () => {
  test('fewer than 10 runs: mean and min-max, groups in first-seen order, NaN skipped', () => {
    const a = new BandAccumulator();
    a.add(['s1', 'ndpr'], 1, 3);
    a.add(['s1', 'ndpr'], 0, 10);
    a.add(['s1', 'ndpr'], 1, 1);
    a.add(['s1', 'ndpr'], 1, Number.NaN);
    a.add(['s1', 'ndpr'], 1, 2);
    const s = a.summarise();
    expect(s.band).toBe('min-max');
    expect(s.rows.map((r) => r.x)).toEqual([1, 0]);
    expect(s.rows[0]).toMatchObject({ keys: ['s1', 'ndpr'], mean: 2, lo: 1, hi: 3, n: 3 });
    expect(s.minN).toBe(1);
    expect(s.maxN).toBe(3);
    expect(describeBand(s)).toBe('line: mean; band: min-max over 1-3 runs');
  });

  test(`${BAND_QUANTILE_MIN_N} runs or more: the 10th-90th percentile (type 7)`, () => {
    const a = new BandAccumulator();
    for (let i = 10; i >= 0; i--) a.add(['k'], 'w', i); // 0..10
    const s = a.summarise();
    expect(s.band).toBe('10-90%');
    expect(s.rows[0]).toMatchObject({ mean: 5, lo: 1, hi: 9, n: 11 });
    expect(describeBand(s)).toBe('line: mean; band: 10th-90th percentile over 11 runs');
  });
});
