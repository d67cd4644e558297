/**
 * Struct-of-arrays column store: one typed array per field, all of one length, optionally on a
 * SharedArrayBuffer so that worker threads can read and write the same agents without copying.
 * Behaviour lives in free functions over index ranges (`step(world, from, to)`), never in an
 * object per agent.
 */

/** Element type per agent; the `x3` kinds hold three values per agent (row-major: agent * 3 + k). */
export type ColumnKind = 'f64' | 'i32' | 'u8' | 'f64x3' | 'i32x3';
export type ColumnArray<K extends ColumnKind> = K extends 'f64' | 'f64x3' ? Float64Array : K extends 'i32' | 'i32x3' ? Int32Array : Uint8Array;
export type Schema = Record<string, ColumnKind>;
export type Columns<S extends Schema> = { [F in keyof S]: ColumnArray<S[F]> };

const BYTES: Record<ColumnKind, number> = { f64: 8, i32: 4, u8: 1, f64x3: 8, i32x3: 4 };
const WIDTH: Record<ColumnKind, number> = { f64: 1, i32: 1, u8: 1, f64x3: 3, i32x3: 3 };

export interface ColumnStore<S extends Schema> {
  readonly size: number;
  readonly schema: S;
  readonly cols: Columns<S>;
  /** The buffer every column is a view of (shared when allocated shared). */
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
}

/**
 * Allocate every column in one buffer (f64 columns first so each view is aligned).
 * O(size x fields) bytes, zero-filled.
 */
export function createColumns<S extends Schema>(schema: S, size: number, shared = false): ColumnStore<S> {
  if (!Number.isInteger(size) || size < 0) throw new RangeError(`column size must be a non-negative integer, got ${size}`);
  const fields = Object.keys(schema).sort((a, b) => BYTES[schema[b]!] - BYTES[schema[a]!] || (a < b ? -1 : a > b ? 1 : 0));
  let bytes = 0;
  for (const f of fields) bytes += Math.ceil((BYTES[schema[f]!] * WIDTH[schema[f]!] * size) / 8) * 8;
  const buffer = shared ? new SharedArrayBuffer(bytes) : new ArrayBuffer(bytes);
  return viewColumns(schema, size, buffer, fields);
}

/** Re-attach views to a buffer created by createColumns (e.g. in a worker). */
export function viewColumns<S extends Schema>(schema: S, size: number, buffer: ArrayBuffer | SharedArrayBuffer, order?: string[]): ColumnStore<S> {
  const fields = order ?? Object.keys(schema).sort((a, b) => BYTES[schema[b]!] - BYTES[schema[a]!] || (a < b ? -1 : a > b ? 1 : 0));
  const views = new Map<string, Float64Array | Int32Array | Uint8Array>();
  let offset = 0;
  for (const f of fields) {
    const kind = schema[f]!;
    const n = size * WIDTH[kind];
    if (kind === 'f64' || kind === 'f64x3') views.set(f, new Float64Array(buffer, offset, n));
    else if (kind === 'i32' || kind === 'i32x3') views.set(f, new Int32Array(buffer, offset, n));
    else views.set(f, new Uint8Array(buffer, offset, n));
    offset += Math.ceil((BYTES[kind] * n) / 8) * 8;
  }
  // One object literal in schema order: adding 30+ properties one by one with computed keys puts
  // the object in V8's dictionary mode, and every `cols.x[i]` in a kernel becomes a hash lookup
  // (measured: 2.5x slower ticks, bench/whatif-fast-columns.ts). Every store of a schema gets the
  // same shape, so the kernels stay monomorphic.
  const cols = Object.fromEntries(Object.keys(schema).map((f) => [f, views.get(f)!]));
  return { size, schema, cols: cols as Columns<S>, buffer };
}
