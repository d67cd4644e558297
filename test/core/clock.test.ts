import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dateWeek, formatDays, parseIsoDate, weekDate } from '../../src/core/clock.js';

describe('weekly clock', () => {
  it('counts days like the calendar', () => {
    expect(parseIsoDate('1970-01-01')).toBe(0);
    expect(parseIsoDate('2000-03-01')).toBe(11017);
    expect(weekDate('2023-07-03', 4)).toBe('2023-07-31');
    expect(weekDate('2024-02-26', 1)).toBe('2024-03-04'); // leap year
    expect(dateWeek('2023-01-02', '2023-08-01')).toBe(30);
    expect(dateWeek('2023-01-02', '2022-12-31')).toBe(-1);
  });

  it('round-trips every day it formats', () => {
    fc.assert(
      fc.property(fc.integer({ min: -200_000, max: 200_000 }), (d) => {
        expect(parseIsoDate(formatDays(d))).toBe(d);
      }),
    );
  });

  it('rejects what is not a calendar date', () => {
    expect(() => parseIsoDate('2023-02-29')).toThrow(/calendar/);
    expect(() => parseIsoDate('2023-7-3')).toThrow(/ISO/);
    expect(() => parseIsoDate('yesterday')).toThrow(/ISO/);
  });
});
