/** k-subsets of {0..n-1} in lexicographic order, the supports and label sets the 2-player solvers enumerate. */

/**
 * Calls `fn` with every k-subset of {0, ..., n-1}, lexicographically. The array passed is reused
 * between calls (copy it to keep it). `fn` returning false stops the enumeration. C(n, k) calls.
 */
export function forEachSubset(n: number, k: number, fn: (subset: readonly number[]) => boolean | void): boolean {
  if (k < 0 || k > n) return true;
  const idx = Array.from({ length: k }, (_, i) => i);
  for (;;) {
    if (fn(idx) === false) return false;
    let i = k - 1;
    while (i >= 0 && idx[i] === n - k + i) i--;
    if (i < 0) return true;
    idx[i]!++;
    for (let j = i + 1; j < k; j++) idx[j] = idx[j - 1]! + 1;
  }
}

/** Binomial coefficient C(n, k) as a double (exact below 2^53). */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return Math.round(r);
}
