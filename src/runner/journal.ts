/**
 * The run journal: an append-only file of finished runs (DIR/.runs/journal.bin), the resumable
 * form of an experiment's results. Every finished run is appended as soon as it finishes; the
 * CSVs are built from the journal in run-list order, so an interrupted experiment resumed later
 * writes the same bytes as one that never stopped.
 *
 * Framing, per record: u32 LE payload length, u32 LE run index, u8 kind (1 ok, 2 failed), u32 LE
 * length of the core, then the payload: the core (msgpack: ids and the per-run metrics, a few kB)
 * followed by the bulk (msgpack: the weekly series, flows, events and books asked for, possibly
 * MBs). summary.csv reads every run again at the end, through readCore, which reads the frame and
 * the core only. A scan reads only the 13-byte frames; a frame cut off by a crash at the end of
 * the file is dropped (and truncated away) when the journal is reopened. Typed arrays are stored
 * as msgpack binary (little-endian, the only byte order Node runs on in practice).
 *
 * Only what outputs asks for is journaled: flows (the largest) as their non-zero cells.
 */
import { closeSync, existsSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { decode, encode } from '@msgpack/msgpack';
import type { EventRecord } from '../agents/model.js';
import type { BooksData, FlowsData, RunResult, TimeseriesData } from './task.js';

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

const FRAME = 13;
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
    const { entries, end } = scanFrames(fd, fileSize);
    const droppedBytes = fileSize - end;
    if (droppedBytes > 0) ftruncateSync(fd, end);
    return { journal: new Journal(fd, end), entries, droppedBytes };
  }

  append(rec: JournalRecord): JournalEntry {
    const core = encode(toWire(rec));
    const bulkWire = rec.kind === 'ok' ? toBulk(rec.result) : null;
    const bulk = bulkWire ? encode(bulkWire) : new Uint8Array(0);
    const len = core.byteLength + bulk.byteLength;
    const buf = Buffer.allocUnsafe(FRAME + len);
    buf.writeUInt32LE(len, 0);
    buf.writeUInt32LE(rec.index, 4);
    buf.writeUInt8(rec.kind === 'ok' ? KIND_OK : KIND_FAILED, 8);
    buf.writeUInt32LE(core.byteLength, 9);
    buf.set(core, FRAME);
    buf.set(bulk, FRAME + core.byteLength);
    let done = 0;
    while (done < buf.length) done += writeSync(this.fd, buf, done, buf.length - done, this.size + done);
    const entry: JournalEntry = { index: rec.index, kind: rec.kind, offset: this.size, length: buf.length };
    this.size += buf.length;
    return entry;
  }

  /** The whole record. */
  read(entry: JournalEntry): JournalRecord {
    return readRecord(this.fd, entry);
  }

  /** The record without its bulk (timeseries, flows, events, books are null): reads a few kB. */
  readCore(entry: JournalEntry): JournalRecord {
    return readRecordCore(this.fd, entry);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/**
 * A journal opened read-only (merge reads the journals of finished shards, perhaps on shared
 * storage it may not write): the same records, never truncated. `trailingBytes` counts bytes
 * after the last intact record (a record cut off by a crash).
 */
export class JournalReader {
  private fd: number;
  readonly path: string;

  private constructor(path: string, fd: number) {
    this.path = path;
    this.fd = fd;
  }

  static open(path: string): { reader: JournalReader; entries: JournalEntry[]; trailingBytes: number } {
    const fd = openSync(path, 'r');
    try {
      const size = fstatSync(fd).size;
      const { entries, end } = scanFrames(fd, size);
      return { reader: new JournalReader(path, fd), entries, trailingBytes: size - end };
    } catch (e) {
      closeSync(fd);
      throw e;
    }
  }

  /** Open again after close() (the entries stay valid: the file is not written any more). */
  reopen(): void {
    if (this.fd < 0) this.fd = openSync(this.path, 'r');
  }

  get isOpen(): boolean {
    return this.fd >= 0;
  }

  read(entry: JournalEntry): JournalRecord {
    return readRecord(this.fd, entry);
  }

  readCore(entry: JournalEntry): JournalRecord {
    return readRecordCore(this.fd, entry);
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}

/** The intact records from the start of the file, and where they end. */
function scanFrames(fd: number, fileSize: number): { entries: JournalEntry[]; end: number } {
  const entries: JournalEntry[] = [];
  const frame = Buffer.alloc(FRAME);
  let pos = 0;
  while (pos + FRAME <= fileSize) {
    readFully(fd, frame, pos);
    const len = frame.readUInt32LE(0);
    const index = frame.readUInt32LE(4);
    const kind = frame.readUInt8(8);
    const core = frame.readUInt32LE(9);
    if ((kind !== KIND_OK && kind !== KIND_FAILED) || core > len || pos + FRAME + len > fileSize) break;
    entries.push({ index, kind: kind === KIND_OK ? 'ok' : 'failed', offset: pos, length: FRAME + len });
    pos += FRAME + len;
  }
  return { entries, end: pos };
}

function readRecord(fd: number, entry: JournalEntry): JournalRecord {
  const buf = Buffer.allocUnsafe(entry.length);
  readFully(fd, buf, entry.offset);
  const coreLen = buf.readUInt32LE(9);
  const rec = fromWire(decode(buf.subarray(FRAME, FRAME + coreLen)) as Wire);
  if (rec.kind === 'ok' && entry.length > FRAME + coreLen) fromBulk(decode(buf.subarray(FRAME + coreLen)) as Bulk, rec.result);
  return rec;
}

function readRecordCore(fd: number, entry: JournalEntry): JournalRecord {
  const head = Buffer.allocUnsafe(FRAME);
  readFully(fd, head, entry.offset);
  const coreLen = head.readUInt32LE(9);
  const buf = Buffer.allocUnsafe(coreLen);
  readFully(fd, buf, entry.offset + FRAME);
  return fromWire(decode(buf) as Wire);
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
interface WireFlows {
  w: number;
  n: number;
  c: Uint8Array;
  t: Uint8Array;
}
interface WireBooks {
  w: number;
  v: Uint8Array;
  c: Uint8Array;
  f: Uint8Array;
}
/** an EventRecord as [week, actor, type, commodity, target, value, detail] */
type WireEvent = [number, string, string, string, string, number, string];
interface Wire {
  k: number;
  i: number;
  id: string;
  mk?: Uint8Array;
  ac?: Uint8Array;
  ag?: number;
  fs?: number;
  ms?: number;
  e?: string;
  at?: number;
}
/** The bulk of an ok record: each part present only when outputs asked for it. */
interface Bulk {
  ts?: WireTs;
  fl?: WireFlows;
  ev?: WireEvent[];
  bk?: WireBooks;
}

function toWire(rec: JournalRecord): Wire {
  if (rec.kind === 'failed') return { k: KIND_FAILED, i: rec.index, id: rec.run_id, e: rec.error, at: rec.attempts };
  const r = rec.result;
  return { k: KIND_OK, i: rec.index, id: rec.run_id, mk: bytes(r.market), ac: bytes(r.actor), ag: r.agents, fs: r.firstShockWeek, ms: r.ms };
}

function toBulk(r: RunResult): Bulk | null {
  const b: Bulk = {};
  const ts = r.timeseries;
  if (ts) b.ts = { w: ts.weeks, m: ts.markets, p: bytes(ts.price), t: bytes(ts.traded), d: bytes(ts.demand), s: bytes(ts.supply), h: bytes(ts.shortage) };
  if (r.flows) b.fl = { w: r.flows.weeks, n: r.flows.width, c: bytes(r.flows.cell), t: bytes(r.flows.tonnes) };
  if (r.events) b.ev = r.events.map((e) => [e.week, e.actor, e.type, e.commodity, e.target, e.value, e.detail]);
  if (r.books) b.bk = { w: r.books.weeks, v: bytes(r.books.vault), c: bytes(r.books.cn), f: bytes(r.books.floor) };
  return Object.keys(b).length > 0 ? b : null;
}

function fromWire(w: Wire): JournalRecord {
  if (w.k === KIND_FAILED) return { kind: 'failed', index: w.i, run_id: w.id, error: w.e ?? '', attempts: w.at ?? 0 };
  return {
    kind: 'ok',
    index: w.i,
    run_id: w.id,
    result: { index: w.i, run_id: w.id, market: f64(w.mk!), actor: f64(w.ac!), agents: w.ag ?? 0, firstShockWeek: w.fs ?? -1, ms: w.ms ?? 0, timeseries: null },
  };
}

function fromBulk(b: Bulk, r: RunResult): void {
  if (b.ts) {
    const ts: TimeseriesData = { weeks: b.ts.w, markets: b.ts.m, price: f64(b.ts.p), traded: f64(b.ts.t), demand: f64(b.ts.d), supply: f64(b.ts.s), shortage: f64(b.ts.h) };
    r.timeseries = ts;
  }
  if (b.fl) {
    const fl: FlowsData = { weeks: b.fl.w, width: b.fl.n, cell: u32(b.fl.c), tonnes: f64(b.fl.t) };
    r.flows = fl;
  }
  if (b.ev) r.events = b.ev.map(([week, actor, type, commodity, target, value, detail]): EventRecord => ({ week, actor, type, commodity, target, value, detail }));
  if (b.bk) {
    const bk: BooksData = { weeks: b.bk.w, vault: f64(b.bk.v), cn: f64(b.bk.c), floor: f64(b.bk.f) };
    r.books = bk;
  }
}

function bytes(a: Float64Array | Uint32Array): Uint8Array {
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

function u32(u: Uint8Array): Uint32Array {
  if (u.byteLength % 4 !== 0) throw new Error(`journal: ${u.byteLength} bytes is not a whole number of u32`);
  const copy = new Uint8Array(u.byteLength);
  copy.set(u);
  return new Uint32Array(copy.buffer);
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
