import { describe, expect, test } from 'vitest';
import { attachArrays, createControlBlock, MAX_THREADS, PhaseLeader, shareArrays } from '../../src/core/parallel.js';

describe('shareArrays / attachArrays', () => {
  const build = () => {
    const shared = new Float64Array([1, 2, 3]);
    return { a: shared, nested: { b: new Int32Array([4, 5]), alias: shared, c: new Uint8Array(3) }, list: [new Float64Array(1)], n: 7 };
  };

  test('moves typed arrays onto shared memory in place, keeps values and aliases', () => {
    const o = build();
    const entries = shareArrays(o);
    expect(o.a.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect([...o.a]).toEqual([1, 2, 3]);
    expect([...o.nested.b]).toEqual([4, 5]);
    expect(o.nested.alias).toBe(o.a); // still one array
    expect(o.list[0]!.buffer).not.toBeInstanceOf(SharedArrayBuffer); // arrays of objects are not walked
    expect(entries.map((e) => e[0])).toEqual(['a', 'nested.b', 'nested.alias', 'nested.c']);
  });

  test('another graph built the same way sees and writes the same memory', () => {
    const o = build();
    const entries = shareArrays(o);
    const p = build();
    attachArrays(p, entries);
    p.a[1] = 42;
    expect(o.a[1]).toBe(42);
    expect(p.nested.alias[1]).toBe(42); // the alias points at the same shared memory
    o.nested.c[2] = 9;
    expect(p.nested.c[2]).toBe(9);
  });

  test('a graph that differs is refused by path', () => {
    const entries = shareArrays(build());
    const q = build() as unknown as { nested: { b: Float64Array } };
    q.nested.b = new Float64Array(2);
    expect(() => attachArrays(q, entries)).toThrow(/nested\.b differs/);
  });
});

describe('PhaseLeader without followers', () => {
  test('runs all the rows itself and returns', () => {
    const leader = new PhaseLeader(createControlBlock(), 0);
    const got: [number, number][] = [];
    leader.run(3, 17, (a, b) => got.push([a, b]));
    leader.run(3, 17, (a, b) => got.push([a, b]));
    expect(got).toEqual([
      [0, 17],
      [0, 17],
    ]);
    leader.stop();
  });

  test('refuses more threads than the control block holds', () => {
    expect(() => new PhaseLeader(createControlBlock(), MAX_THREADS)).toThrow(/at most/);
  });
});
