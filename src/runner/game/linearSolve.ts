/**
 * Dense linear solve by Gaussian elimination with partial pivoting, for the small systems of the
 * equilibrium solvers (indifference conditions, Newton steps, polytope vertices): O(n^3), n rarely
 * above 20.
 */

/**
 * Solves A x = b for square A (row-major, n x n). A and b are not modified. Returns null when A is
 * singular to working precision: a pivot below `pivotTol` x the largest |entry| of A. Callers treat
 * null as "no unique solution" (a degenerate support, a non-vertex), never as an error.
 */
export function solveLinear(a: ArrayLike<number>, b: ArrayLike<number>, n: number, pivotTol = 1e-11): Float64Array | null {
  if (a.length !== n * n || b.length !== n) throw new RangeError(`solveLinear: expected a ${n}x${n} matrix and ${n} right-hand sides`);
  const x = Float64Array.from(b);
  return solveLinearInPlace(Float64Array.from(a), x, n, pivotTol) ? x : null;
}

/**
 * The same, overwriting `m` (destroyed) and `x` (right-hand side in, solution out): no allocation,
 * for the inner loops of the support and vertex enumerations. Returns false when singular.
 */
export function solveLinearInPlace(m: Float64Array, x: Float64Array, n: number, pivotTol = 1e-11): boolean {
  let scale = 0;
  for (let k = 0; k < n * n; k++) scale = Math.max(scale, Math.abs(m[k]!));
  if (scale === 0) return n === 0;
  const threshold = pivotTol * scale;
  for (let col = 0; col < n; col++) {
    let piv = col;
    let best = Math.abs(m[col * n + col]!);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(m[r * n + col]!);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (!(best > threshold)) return false;
    if (piv !== col) {
      for (let c = col; c < n; c++) {
        const t = m[col * n + c]!;
        m[col * n + c] = m[piv * n + c]!;
        m[piv * n + c] = t;
      }
      const t = x[col]!;
      x[col] = x[piv]!;
      x[piv] = t;
    }
    const d = m[col * n + col]!;
    for (let r = col + 1; r < n; r++) {
      const f = m[r * n + col]! / d;
      if (f === 0) continue;
      for (let c = col; c < n; c++) m[r * n + c] = m[r * n + c]! - f * m[col * n + c]!;
      x[r] = x[r]! - f * x[col]!;
    }
  }
  for (let r = n - 1; r >= 0; r--) {
    let s = x[r]!;
    for (let c = r + 1; c < n; c++) s -= m[r * n + c]! * x[c]!;
    x[r] = s / m[r * n + r]!;
  }
  for (let r = 0; r < n; r++) if (!Number.isFinite(x[r]!)) return false;
  return true;
}
