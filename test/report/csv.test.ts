import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { cellNumber, CsvParser, parseCsv, streamCsvFile } from '../../src/runner/report/csv.js';
import { tempDir } from './fixtures.js';

function parseChunks(chunks: string[]): string[][] {
  const out: string[][] = [];
  const p = new CsvParser((r) => out.push(r));
  for (const c of chunks) p.push(c);
  p.end();
  return out;
}

describe('csv', () => {
  test('quoted fields with commas, quotes and line breaks; CRLF; no final newline', () => {
    const { header, rows } = parseCsv('a,b,c\r\n1,"x, y","he said ""hi"""\r\n2,"two\nlines",\n3,,last');
    expect(header.columns).toEqual(['a', 'b', 'c']);
    expect(header.index('c')).toBe(2);
    expect(header.index('zz')).toBe(-1);
    expect(rows).toEqual([
      ['1', 'x, y', 'he said "hi"'],
      ['2', 'two\nlines', ''],
      ['3', '', 'last'],
    ]);
  });

  test('a lone CR is data; CRLF split across chunks ends a record', () => {
    expect(parseChunks(['a\rb,c\r', '\nd,e'])).toEqual([
      ['a\rb', 'c'],
      ['d', 'e'],
    ]);
  });

  test('blank lines are skipped, an empty quoted field is kept', () => {
    expect(parseChunks(['a\n\n""\n'])).toEqual([['a'], ['']]);
  });

  test('any records, written by csv-stringify and cut into any chunks, read back the same', () => {
    const field = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', ' ', 'é', '1'), maxLength: 6 });
    fc.assert(
      fc.property(fc.array(fc.array(field, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 8 }), fc.array(fc.nat(40), { maxLength: 6 }), (records, cuts) => {
        // a record of one empty field is written as an empty line, which readers skip
        const recs = records.map((r) => r.map((f, i) => (i === 0 ? 'k' + f : f)));
        const text = stringify(recs, { record_delimiter: 'unix' });
        const at = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const c of at) {
          chunks.push(text.slice(prev, c));
          prev = c;
        }
        chunks.push(text.slice(prev));
        expect(parseChunks(chunks)).toEqual(recs);
      }),
      { numRuns: 300 },
    );
  });

  test('streamCsvFile hands the header first, then every row', async () => {
    const f = join(tempDir(), 't.csv');
    writeFileSync(f, '\ufeffx,y\n1,2\n3,"4,5"\n');
    const rows: string[][] = [];
    let cols: string[] = [];
    await streamCsvFile(f, (h) => {
      cols = h.columns;
      return (r) => rows.push(r);
    });
    expect(cols).toEqual(['x', 'y']);
    expect(rows).toEqual([
      ['1', '2'],
      ['3', '4,5'],
    ]);
  });

  test('cellNumber: an empty cell is NaN, numbers parse', () => {
    expect(cellNumber('')).toBeNaN();
    expect(cellNumber(undefined)).toBeNaN();
    expect(cellNumber('abc')).toBeNaN();
    expect(cellNumber('2.5e-7')).toBe(2.5e-7);
  });
});
