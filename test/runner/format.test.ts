import { describe, expect, test } from 'vitest';
import fc from 'fast-check';
import { formatExact, formatMetric } from '../../src/runner/format.js';

describe('formatMetric', () => {
  test.each([
    [0, '0'],
    [-0, '0'],
    [1, '1'],
    [42, '42'],
    [9007199254740991, '9007199254740991'],
    [1.5, '1.5'],
    [0.1 + 0.2, '0.3'],
    [1 / 3, '0.333333333333'],
    [-2.5e-7, '-2.5e-7'],
    [1.23456789012345e-16, '1.23456789012e-16'],
    [123456789012.5, '123456789013'],
    [1.5e21, '1.5e+21'],
    [NaN, ''],
    [Infinity, ''],
    [-Infinity, ''],
    [null, ''],
    [undefined, ''],
  ])('%s -> %j', (x, s) => {
    expect(formatMetric(x as number)).toBe(s);
  });

  test('never prints NaN or Infinity, always parses back within 12 digits', () => {
    fc.assert(
      fc.property(fc.double(), (x) => {
        const s = formatMetric(x);
        expect(s).not.toMatch(/NaN|Infinity/);
        if (Number.isFinite(x)) {
          const back = Number(s);
          expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.abs(x) * 1e-11);
        } else expect(s).toBe('');
      }),
    );
  });
});

describe('formatExact', () => {
  test('round-trips every finite double', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (x) => {
        expect(Object.is(Number(formatExact(x)), x === 0 ? 0 : x)).toBe(true);
      }),
    );
  });
  test('missing values are empty', () => {
    expect(formatExact(NaN)).toBe('');
    expect(formatExact(null)).toBe('');
  });
});
