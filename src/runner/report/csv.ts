/**
 * Reading the tidy CSVs back (RFC 4180: quoted fields may hold commas, quotes and line breaks).
 * The runner writes them with csv-stringify; the report reads them with this small state machine
 * so that timeseries.csv (7,800 rows a run) streams through in chunks instead of being held as
 * one string. O(bytes); one array of strings a record, handed to the caller and not kept.
 * Why not csv-parse's stream: on the 7.2 MB timeseries.csv of experiments/export-ban.yaml this
 * reads every record in 48 ms, csv-parse in 235 ms, and a sweep's timeseries runs to gigabytes.
 */
import { createReadStream, readFileSync } from 'node:fs';

/**
 * Splits CSV text pushed in arbitrary chunks into records. Records end at LF or CRLF; a lone CR
 * stays in its field (csv-stringify does not quote one, so it is data, not a line end).
 */
export class CsvParser {
  private field = '';
  private record: string[] = [];
  private quoted = false;
  /** the previous chunk ended on a quote inside a quoted field: `""` or the closing quote */
  private pendingQuote = false;
  private sawAny = false;

  constructor(private readonly onRecord: (fields: string[]) => void) {}

  push(chunk: string): void {
    let i = 0;
    const n = chunk.length;
    if (this.pendingQuote && n > 0) {
      this.pendingQuote = false;
      if (chunk.charCodeAt(0) === 34) {
        this.field += '"';
        i = 1;
      } else this.quoted = false;
    }
    while (i < n) {
      if (this.quoted) {
        const q = chunk.indexOf('"', i);
        if (q < 0) {
          this.field += chunk.slice(i);
          return;
        }
        this.field += chunk.slice(i, q);
        if (q + 1 >= n) {
          this.pendingQuote = true;
          return;
        }
        if (chunk.charCodeAt(q + 1) === 34) {
          this.field += '"';
          i = q + 2;
        } else {
          this.quoted = false;
          i = q + 1;
        }
        continue;
      }
      const c = chunk.charCodeAt(i);
      if (c === 44) {
        this.record.push(this.field);
        this.field = '';
        this.sawAny = true;
      } else if (c === 10) {
        // CRLF: the CR went into the field (it may have come in the previous chunk)
        if (this.field.endsWith('\r')) this.field = this.field.slice(0, -1);
        this.endRecord();
      } else if (c === 34 && this.field === '') {
        this.quoted = true;
        this.sawAny = true;
      } else {
        // plain run of characters up to the next delimiter
        let j = i + 1;
        while (j < n) {
          const d = chunk.charCodeAt(j);
          if (d === 44 || d === 10) break;
          j++;
        }
        this.field += chunk.slice(i, j);
        this.sawAny = true;
        i = j;
        continue;
      }
      i++;
    }
  }

  end(): void {
    this.pendingQuote = false;
    this.quoted = false;
    if (this.sawAny || this.field !== '' || this.record.length > 0) this.endRecord();
  }

  private endRecord(): void {
    this.record.push(this.field);
    const r = this.record;
    this.field = '';
    this.record = [];
    const blank = r.length === 1 && r[0] === '' && !this.sawAny;
    this.sawAny = false;
    if (!blank) this.onRecord(r);
  }
}

/** A CSV file's header and a column lookup. */
export interface CsvHeader {
  columns: string[];
  /** index of a column, -1 when absent */
  index(name: string): number;
}

function makeHeader(columns: string[]): CsvHeader {
  const at = new Map(columns.map((c, i) => [c, i] as const));
  return { columns, index: (name) => at.get(name) ?? -1 };
}

/** Parse a whole CSV text: header and rows. */
export function parseCsv(text: string): { header: CsvHeader; rows: string[][] } {
  const records: string[][] = [];
  const p = new CsvParser((r) => records.push(r));
  p.push(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  p.end();
  return { header: makeHeader(records.shift() ?? []), rows: records };
}

export function readCsvFile(path: string): { header: CsvHeader; rows: string[][] } {
  return parseCsv(readFileSync(path, 'utf8'));
}

/**
 * Stream a CSV file record by record. `onHeader` gets the header first and returns the row
 * callback (so the caller can resolve its column indices once).
 */
export async function streamCsvFile(path: string, onHeader: (header: CsvHeader) => (row: string[]) => void): Promise<void> {
  let onRow: ((row: string[]) => void) | null = null;
  const parser = new CsvParser((r) => {
    if (onRow) onRow(r);
    else onRow = onHeader(makeHeader(r));
  });
  let first = true;
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    let s = chunk as string;
    if (first && s.charCodeAt(0) === 0xfeff) s = s.slice(1);
    first = false;
    parser.push(s);
  }
  parser.end();
  if (!onRow) onHeader(makeHeader([]));
}

/** A CSV cell as a number; an empty cell (an undefined metric) or text gives NaN. */
export function cellNumber(s: string | undefined): number {
  if (s === undefined || s === '') return Number.NaN;
  const x = Number(s);
  return Number.isFinite(x) ? x : Number.NaN;
}
