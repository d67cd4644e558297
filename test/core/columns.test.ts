import { describe, expect, it } from 'vitest';
import { createColumns, viewColumns } from '../../src/core/columns.js';

describe('column store', () => {
  const schema = { a: 'f64', b: 'i32', c: 'u8', d: 'f64x3' } as const;

  it('allocates one typed array per field, x3 fields three wide', () => {
    const s = createColumns(schema, 5);
    expect(s.cols.a).toBeInstanceOf(Float64Array);
    expect(s.cols.b).toBeInstanceOf(Int32Array);
    expect(s.cols.c).toBeInstanceOf(Uint8Array);
    expect(s.cols.a.length).toBe(5);
    expect(s.cols.d.length).toBe(15);
  });

  it('can live on a SharedArrayBuffer and be re-viewed (as a worker would)', () => {
    const s = createColumns(schema, 7, true);
    expect(s.buffer).toBeInstanceOf(SharedArrayBuffer);
    s.cols.a[3] = 1.5;
    s.cols.b[6] = -4;
    s.cols.d[20] = 9;
    const v = viewColumns(schema, 7, s.buffer);
    expect(v.cols.a[3]).toBe(1.5);
    expect(v.cols.b[6]).toBe(-4);
    expect(v.cols.d[20]).toBe(9);
  });

  it('keeps fields from overlapping', () => {
    const s = createColumns(schema, 9);
    s.cols.a.fill(1);
    s.cols.b.fill(2);
    s.cols.c.fill(3);
    s.cols.d.fill(4);
    expect([...s.cols.a].every((x) => x === 1)).toBe(true);
    expect([...s.cols.b].every((x) => x === 2)).toBe(true);
    expect([...s.cols.c].every((x) => x === 3)).toBe(true);
  });

  it('rejects a bad size', () => {
    expect(() => createColumns(schema, -1)).toThrow(RangeError);
  });
});
