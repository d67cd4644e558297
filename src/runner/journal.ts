/**
 * The run journal: an append-only file of finished runs (DIR/.runs/journal.bin), the resumable
 * form of an experiment's results. Every finished run is appended as soon as it finishes; the
 * CSVs are built from the journal in run-list order, so an interrupted experiment resumed later
 * writes the same bytes as one that never stopped.
 *
 * Framing, per record: u32 LE payload length, u32 LE run index, u8 kind (1 ok, 2 failed), then
 * the msgpack payload. A scan reads only the 9-byte frames; a frame cut off by a crash at the end
 * of the file is dropped (and truncated away) when the journal is reopened. Typed arrays are
 * stored as msgpack binary (little-endian doubles, the only byte order Node runs on in practice).
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { decode, encode } from '@msgpack/msgpack';
import type { RunResult, TimeseriesData } from './task.js';

export type JournalRecord =
  | { kind: 'ok'; index: number; run_id: string; result: RunResult }
  | { kind: 'failed'; index: number; run_id: string; error: string; attempts: number };

/** Where a record sits in the file. */
export interface JournalEntry {
  index: number;
  kind: 'ok' | 'failed';
  offset: number;
  length: number;
}

const FRAME = 9;
const KIND_OK = 1;
const KIND_FAILED = 2;

export class Journal {
  private fd: number;
  private size: number;

  private constructor(fd: number, size: number) {
    this.fd = fd;
    this.size = size;
  }

  /** Create a new, empty journal (replacing any file at the path). */
  static create(path: string): Journal {
    const fd = openSync(path, 'w+');
    return new Journal(fd, 0);
  }

  /** Open an existing journal for appending, returning its intact records in file order. */
  static open(path: string): { journal: Journal; entries: JournalEntry[]; droppedBytes: number } {
    if (!existsSync(path)) return { journal: Journal.create(path), entries: [], droppedBytes: 0 };
    const fd = openSync(path, 'r+');
    const fileSize = fstatSync(fd).size;
    const entries: JournalEntry[] = [];
    const frame = Buffer.alloc(FRAME);
    let pos = 0;
    while (pos + FRAME <= fileSize) {
      readFully(fd, frame, pos);
      const len = frame.readUInt32LE(0);
      const index = frame.readUInt32LE(4);
      const kind = frame.readUInt8(8);
      if ((kind !== KIND_OK && kind !== KIND_FAILED) || pos + FRAME + len > fileSize) break;
      entries.push({ index, kind: kind === KIND_OK ? 'ok' : 'failed', offset: pos, length: FRAME + len });
      pos += FRAME + len;
    }
    const droppedBytes = fileSize - pos;
    if (droppedBytes > 0) ftruncateSync(fd, pos);
    return { journal: new Journal(fd, pos), entries, droppedBytes };
  }

  append(rec: JournalRecord): JournalEntry {
    const payload = encode(toWire(rec));
    const buf = Buffer.allocUnsafe(FRAME + payload.byteLength);
    buf.writeUInt32LE(payload.byteLength, 0);
    buf.writeUInt32LE(rec.index, 4);
    buf.writeUInt8(rec.kind === 'ok' ? KIND_OK : KIND_FAILED, 8);
    buf.set(payload, FRAME);
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done, this.size + done);
    const entry: JournalEntry = { index: rec.index, kind: rec.kind, offset: this.size, length: buf.length };
    this.size += buf.length;
    return entry;
  }

  read(entry: JournalEntry): JournalRecord {
    const buf = Buffer.allocUnsafe(entry.length);
    readFully(this.fd, buf, entry.offset);
    return fromWire(decode(buf.subarray(FRAME)) as Wire);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

function readFully(fd: number, buf: Buffer, pos: number): void {
  let done = 0;
  while (done < buf.length) {
    const n = readSync(fd, buf, done, buf.length - done, pos + done);
    if (n === 0) throw new Error(`journal ends early at byte ${pos + done}`);
    done += n;
  }
}

// --- wire format (short keys: the journal can hold many thousands of runs)

interface WireTs {
  w: number;
  m: number;
  p: Uint8Array;
  t: Uint8Array;
  d: Uint8Array;
  s: Uint8Array;
  h: Uint8Array;
}
interface Wire {
  k: number;
  i: number;
  id: string;
  mk?: Uint8Array;
  ac?: Uint8Array;
  ag?: number;
  fs?: number;
  ms?: number;
  ts?: WireTs | null;
  e?: string;
  at?: number;
}

function toWire(rec: JournalRecord): Wire {
  if (rec.kind === 'failed') return { k: KIND_FAILED, i: rec.index, id: rec.run_id, e: rec.error, at: rec.attempts };
  const r = rec.result;
  const ts = r.timeseries;
  return {
    k: KIND_OK,
    i: rec.index,
    id: rec.run_id,
    mk: bytes(r.market),
    ac: bytes(r.actor),
    ag: r.agents,
    fs: r.firstShockWeek,
    ms: r.ms,
    ts: ts ? { w: ts.weeks, m: ts.markets, p: bytes(ts.price), t: bytes(ts.traded), d: bytes(ts.demand), s: bytes(ts.supply), h: bytes(ts.shortage) } : null,
  };
}

function fromWire(w: Wire): JournalRecord {
  if (w.k === KIND_FAILED) return { kind: 'failed', index: w.i, run_id: w.id, error: w.e ?? '', attempts: w.at ?? 0 };
  const ts: TimeseriesData | null = w.ts
    ? { weeks: w.ts.w, markets: w.ts.m, price: f64(w.ts.p), traded: f64(w.ts.t), demand: f64(w.ts.d), supply: f64(w.ts.s), shortage: f64(w.ts.h) }
    : null;
  return {
    kind: 'ok',
    index: w.i,
    run_id: w.id,
    result: { index: w.i, run_id: w.id, market: f64(w.mk!), actor: f64(w.ac!), agents: w.ag ?? 0, firstShockWeek: w.fs ?? -1, ms: w.ms ?? 0, timeseries: ts },
  };
}

function bytes(a: Float64Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/**
 * Copy into a fresh Float64Array: decoded binaries are not 8-byte aligned, and may be Buffer views
 * into a shared pool (Buffer#slice does not copy), so copy byte-wise into a buffer of our own.
 */
function f64(u: Uint8Array): Float64Array {
  if (u.byteLength % 8 !== 0) throw new Error(`journal: ${u.byteLength} bytes is not a whole number of doubles`);
  const copy = new Uint8Array(u.byteLength);
  copy.set(u);
  return new Float64Array(copy.buffer);
}
