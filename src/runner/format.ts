/**
 * Number formatting for the CSVs. Both forms are exactly specified by ECMAScript
 * (Number::toString and Number.prototype.toPrecision), so the same double always gives the same
 * bytes, on any machine and thread count. Missing values (NaN, +-Infinity, null) are empty cells,
 * never the strings "NaN" or "Infinity".
 */

/** Significant digits of a metric: more than any metric is worth, few enough to hide nothing real. */
export const METRIC_DIGITS = 12;

/**
 * A metric: integers as integers (exact up to 2^53), anything else with 12 significant digits,
 * trailing zeros dropped ("1.5", "0.000123", "1.2e-16").
 */
export function formatMetric(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  if (Number.isInteger(x) && Math.abs(x) <= Number.MAX_SAFE_INTEGER) return x === 0 ? '0' : String(x);
  return stripZeros(x.toPrecision(METRIC_DIGITS));
}

/**
 * An input value (a parameter, a seed): the shortest string that reads back as the same double,
 * so a value copied from a CSV reproduces the run exactly.
 */
export function formatExact(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '';
  return x === 0 ? '0' : String(x);
}

function stripZeros(s: string): string {
  const e = s.indexOf('e');
  const mant = e < 0 ? s : s.slice(0, e);
  const exp = e < 0 ? '' : s.slice(e);
  if (!mant.includes('.')) return s;
  const m = mant.replace(/0+$/, '').replace(/\.$/, '');
  return m + exp;
}
