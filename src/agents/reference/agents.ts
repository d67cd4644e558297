/**
 * The scalar reference's agents: one object per seller, plant and input line, with ordinary
 * number fields and small number arrays, linked by object references (a line knows its plant, a
 * maker plant its output seller, a seller its joint-product partner). This is the
 * object-per-agent code a user would otherwise write (JavaScript classes, or Mesa's Agent), kept
 * only as the differential test of the typed-array kernels and as the benchmarks' baseline.
 *
 * Objects are filled from the columns of a World built by buildWorld, so the reference and the
 * kernels start from the same state. Every column of the schemas must have a field here of the
 * same name (index columns become references): a column added to a schema without one is an
 * error, not a silent difference.
 */
import type { ColumnStore, Schema } from '../../core/columns.js';
import type { World } from '../state.js';

export class RefSeller {
  /** index in the World's seller columns (keys its random draws) */
  index = 0;
  kind = 0;
  origin = 0;
  cnOwned = 0;
  group = 0;
  commodity = 0;
  bloc = 0;
  partner: RefSeller | null = null;
  plant: RefPlant | null = null;
  cap = 0;
  mc = 0;
  pRef = 0;
  u = 0;
  output = 0;
  baseOut = 0;
  stock = 0;
  stockTarget = 0;
  theta = 0;
  emaPrice = 0;
  emaSales = 0;
  capFactor = 0;
  sold = 0;
  revenue = 0;
  alloc: number[] = [0, 0, 0];
  askQ: number[] = [0, 0, 0];
  fill: number[] = [0, 0, 0]; // staging column of the kernels (their serial sums of sales); unused here
  askBin: number[] = [0, 0, 0];
  commit: number[] = [0, 0, 0];
  projSize = 0;
  projOnline = 0;
  projFailed = 0;
  phase = 0;
  lic = 0;
  content = 0;
  topup = 0;
}

export class RefPlant {
  index = 0;
  group = 0;
  type = 0;
  bloc = 0;
  seg = 0;
  seller: RefSeller | null = null;
  lines: RefLine[] = [];
  alignDraw = 0;
  size = 0;
  planned = 0;
  frac = 0;
  output = 0;
  nonMineral = 0;
  uc0 = 0;
  inputUc0 = 0;
  inputCost = 0;
  cost = 0;
  ucEma = 0;
  revenue = 0;
}

export class RefLine {
  index = 0;
  plant!: RefPlant;
  group = 0;
  commodity = 0;
  market = 0;
  termMarket = 0;
  bidBin = 0;
  bidBin2 = 0;
  baseNeed = 0;
  intensity = 0;
  need = 0;
  demandFactor = 0;
  invCn = 0;
  invNon = 0;
  avgCost = 0;
  targetWeeks = 0;
  minCover = 0;
  theta = 0;
  adjust = 0;
  choke = 0;
  termShare = 0;
  nsShare = 0;
  nomCn = 0;
  nomNon = 0;
  termRecv = 0;
  termRecvCn = 0;
  bidQ = 0;
  bidQ2 = 0;
  spotRecv = 0;
  flowCn = 0; // staging columns of the kernels (their serial sums into w.flows); unused here
  flowNon = 0;
  spent = 0;
  consumed = 0;
  short = 0;
  members = 0;
  stockRecv = 0;
  fee = 0;
}

/** Columns that hold an index into another store: they become object references. */
const LINKS: Readonly<Record<string, readonly string[]>> = {
  seller: ['partner', 'plant'],
  plant: ['seller', 'firstLine', 'nLines'],
  line: ['plant'],
};

/** Copy row i of a column store into an object's fields of the same names. */
function copyRow<S extends Schema>(kind: string, store: ColumnStore<S>, i: number, into: object): void {
  const target = into as Record<string, unknown>;
  const cols = store.cols as Record<string, Float64Array | Int32Array | Uint8Array>;
  for (const f of Object.keys(store.schema)) {
    if (LINKS[kind]!.includes(f)) continue;
    if (!(f in target)) throw new Error(`reference: the ${kind} column "${f}" has no field in src/agents/reference/agents.ts`);
    const col = cols[f]!;
    const k = store.schema[f]!;
    target[f] = k === 'f64x3' || k === 'i32x3' ? [col[i * 3]!, col[i * 3 + 1]!, col[i * 3 + 2]!] : col[i]!;
  }
}

export interface RefAgents {
  sellers: RefSeller[];
  plants: RefPlant[];
  /** every line, in the World's line order (plant by plant) */
  lines: RefLine[];
}

/** Objects for the agents of a World, in the World's order. */
export function agentsFromWorld(w: World): RefAgents {
  const S = w.sellers.cols;
  const P = w.plants.cols;
  const L = w.lines.cols;
  const sellers: RefSeller[] = [];
  for (let i = 0; i < w.sellers.size; i++) {
    const s = new RefSeller();
    copyRow('seller', w.sellers, i, s);
    s.index = i;
    sellers.push(s);
  }
  const plants: RefPlant[] = [];
  for (let i = 0; i < w.plants.size; i++) {
    const p = new RefPlant();
    copyRow('plant', w.plants, i, p);
    p.index = i;
    plants.push(p);
  }
  const lines: RefLine[] = [];
  for (let i = 0; i < w.lines.size; i++) {
    const l = new RefLine();
    copyRow('line', w.lines, i, l);
    l.index = i;
    l.plant = plants[L.plant[i]!]!;
    lines.push(l);
  }
  for (let i = 0; i < w.sellers.size; i++) {
    const s = sellers[i]!;
    s.partner = S.partner[i]! >= 0 ? sellers[S.partner[i]!]! : null;
    s.plant = S.plant[i]! >= 0 ? plants[S.plant[i]!]! : null;
  }
  for (let i = 0; i < w.plants.size; i++) {
    const p = plants[i]!;
    p.seller = P.seller[i]! >= 0 ? sellers[P.seller[i]!]! : null;
    for (let l = P.firstLine[i]!; l < P.firstLine[i]! + P.nLines[i]!; l++) p.lines.push(lines[l]!);
  }
  return { sellers, plants, lines };
}
