import type { PhaseLeader } from '../core/parallel.js';
/**
 * The state of one world: agent columns (struct of arrays), market state per commodity x
 * segment, and the week's books. Kernels in the agent files are free functions over index
 * ranges of these columns.
 */
import type { ColumnStore } from '../core/columns.js';
import type { OrderBook } from '../core/grid.js';
import type { SeedKey } from '../core/rng.js';
import type { Params } from './params.js';
import type { EventRecord, ScenarioEvent } from './model.js';

/** Sellers: refiners and miners, recyclers, intermediate makers' output (magnets, precursors). */
export const SELLER_SCHEMA = {
  fill: 'f64x3', // this week's spot sales per segment (summed into the markets in seller order)
  kind: 'u8', // SELLER_* below
  origin: 'u8', // ORIGIN_CN: made in China; ORIGIN_NON: made elsewhere
  cnOwned: 'u8', // Chinese-owned plant abroad (Indonesian nickel)
  group: 'i32', // actor group index
  commodity: 'i32',
  bloc: 'i32',
  partner: 'i32', // joint-product partner (NdPr <-> Dy/Tb separation), -1 if none
  plant: 'i32', // an intermediate maker's plant, -1 if none
  cap: 'f64', // capacity, t/week (for recyclers: capacity at the reference price)
  mc: 'f64', // marginal cost, $/unit
  pRef: 'f64', // netback expected at baseline, $/unit
  u: 'f64', // utilisation this week
  output: 'f64', // production this week, t
  baseOut: 'f64', // baseline production, t/week
  stock: 'f64', // t
  stockTarget: 'f64', // t
  theta: 'f64',
  emaPrice: 'f64', // smoothed realised netback, $/unit
  emaSales: 'f64', // smoothed sales, t/week
  capFactor: 'f64', // share of capacity available this week (scripted outages)
  sold: 'f64', // spot + term sold this week, t
  revenue: 'f64', // this week, $
  alloc: 'f64x3', // offer weights per segment
  askQ: 'f64x3', // spot offer per segment, t
  askBin: 'i32x3',
  commit: 'f64x3', // term commitment per segment, t/week (this quarter)
  projSize: 'f64', // capacity of the project in progress, t/week
  projOnline: 'i32', // week it comes online, -1 none
  projFailed: 'u8',
  phase: 'i32', // week of the year of its investment review
  lic: 'u8', // licence class this week (LIC_* in cnOffice.ts)
  content: 'f64', // Chinese content of what it sells (makers: of their input stock)
  topup: 'f64', // price-floor top-up received this week, $
} as const;

export const SELLER_REFINER = 0;
export const SELLER_RECYCLER = 1;
/** the output record of an intermediate maker (magnets, battery precursors) */
export const SELLER_MAKER = 2;
export const ORIGIN_CN = 0;
export const ORIGIN_NON = 1;

/** Plants of manufacturers (and intermediate makers' input side). */
export const PLANT_SCHEMA = {
  group: 'i32',
  type: 'i32',
  bloc: 'i32',
  seg: 'i32', // segment its buyers are in this week
  seller: 'i32', // an intermediate maker's output record, -1 if none
  firstLine: 'i32',
  nLines: 'i32',
  alignDraw: 'f64', // fixed uniform: in ex_cn while alignDraw < its government's alignment
  size: 'f64', // planned output at baseline, units/week
  planned: 'f64',
  frac: 'f64', // share of planned output made this week (Leontief over its inputs)
  output: 'f64',
  nonMineral: 'f64', // other costs per unit of output, $
  uc0: 'f64', // baseline unit cost, $ per unit of output
  inputUc0: 'f64', // baseline cost of purchased inputs per unit of output, $ (values output for group unit-cost indices)
  inputCost: 'f64', // this week's purchased inputs consumed, at the prices paid, $
  cost: 'f64', // this week's cost of output, $
  ucEma: 'f64', // smoothed unit cost, $ per unit
  revenue: 'f64', // this week: output x price, the price passing through part of the cost change
} as const;

/** Input lines: one per plant x input commodity (the buyer side of the market). */
export const LINE_SCHEMA = {
  flowCn: 'f64', // this phase's flow to add to w.flows, made in China (accumulated in line order)
  flowNon: 'f64', // the same, made elsewhere
  plant: 'i32',
  group: 'i32',
  commodity: 'i32',
  market: 'i32', // spot market this week (commodity * 3 + plant's segment)
  termMarket: 'i32', // market of this quarter's term contract
  bidBin: 'i32', // urgent tranche
  bidBin2: 'i32', // restocking tranche
  baseNeed: 'f64', // t/week per unit of planned output
  intensity: 'f64', // 1 at start, falls irreversibly with thrifting and substitution
  need: 'f64', // this week, t
  demandFactor: 'f64', // scripted demand shocks this week
  invCn: 'f64', // inventory of Chinese origin, t
  invNon: 'f64', // inventory of non-Chinese origin, t
  avgCost: 'f64', // weighted average cost of inventory, $/unit
  targetWeeks: 'f64',
  minCover: 'f64',
  theta: 'f64',
  adjust: 'f64',
  choke: 'f64', // $/unit
  termShare: 'f64',
  nsShare: 'f64', // share of its term book from non-Chinese sellers
  nomCn: 'f64', // term nomination this quarter, t/week
  nomNon: 'f64',
  termRecv: 'f64', // this week, t
  termRecvCn: 'f64',
  bidQ: 'f64',
  bidQ2: 'f64',
  spotRecv: 'f64',
  spent: 'f64', // this week, $
  consumed: 'f64',
  short: 'f64',
  members: 'u8', // stockpiles it may draw on (bit per owner, OWNER_* in stockpile.ts)
  stockRecv: 'f64', // this week from stockpiles, t
  fee: 'f64', // this week: Vault carrying fee charged to it, $
} as const;

/** Transshipment traders: leakage between segments at a cost (material in transit). */
export const TRADER_SCHEMA = {
  commodity: 'i32',
  src: 'i32', // market bought in
  dst: 'i32', // market sold in
  bidBin: 'i32',
  askBin: 'i32',
  cap: 'f64', // t/week it can move
  cost: 'f64', // leakage cost, share of price
  invCn: 'f64',
  invNon: 'f64',
  bidQ: 'f64',
  askQ: 'f64',
  avgCost: 'f64',
} as const;

/** Stockpiles: one record per owner x commodity (record = owner * commodities + commodity). */
export const STOCKPILE_SCHEMA = {
  owner: 'i32',
  commodity: 'i32',
  market: 'i32',
  bidBin: 'i32',
  active: 'u8',
  invCn: 'f64',
  invNon: 'f64',
  cost: 'f64', // cost basis of the stock, $
  budget: 'f64', // largest cost basis it may hold, $
  target: 'f64', // stock it aims at, t (Infinity: as much as the budget buys)
  buyCap: 'f64', // share of the market's weekly demand it may buy in a week
  buyBelow: 'f64', // buys only at or below this x 52-week average
  releaseAbove: 'f64', // releases above this x 52-week average
  gamma: 'f64', // release = gamma * (P/MA52 - releaseAbove) * members' need
  releaseWeeks: 'f64', // releases at most stock / releaseWeeks a week
  releasing: 'u8', // in a release episode (hysteresis)
  bidQ: 'f64',
  release: 'f64', // this week, t
  memberNeed: 'f64', // members' need this week, t
  price: 'f64', // contract price members pay this week, $/unit
  toMarket: 'u8', // 1: releases are offers in the market (the Vault), 0: drawn by members
  askBin: 'i32', // lowest bin of this week's release offers (-1: none)
  askCap: 'f64', // most it offers this week, t
} as const;

export type SellerStore = ColumnStore<typeof SELLER_SCHEMA>;
export type PlantStore = ColumnStore<typeof PLANT_SCHEMA>;
export type LineStore = ColumnStore<typeof LINE_SCHEMA>;
export type TraderStore = ColumnStore<typeof TRADER_SCHEMA>;
export type StockpileStore = ColumnStore<typeof STOCKPILE_SCHEMA>;

export interface World {
  /** the leader of the threads that share this world's per-row passes (--parallel agents), or null */
  team: PhaseLeader | null;
  readonly p: Params;
  readonly key: SeedKey;
  readonly horizon: number;
  readonly startDate: string;
  readonly events: readonly CompiledEvent[];
  tick: number;
  readonly C: number;
  readonly M: number;
  /** reference price per commodity */
  readonly ref: Float64Array;
  readonly book: OrderBook;
  readonly sellers: SellerStore;
  readonly plants: PlantStore;
  readonly lines: LineStore;
  // market state, per market (commodity * 3 + segment)
  readonly price: Float64Array;
  readonly index: Float64Array;
  /** per market this week: log(MA52/ref) - thrift threshold, and (index/ref)^elasticity */
  readonly thriftExcess: Float64Array;
  readonly srFactor: Float64Array;
  /** expected price: index^a * normal^(1-a) (market.anchor_weight) */
  readonly anchor: Float64Array;
  readonly ring: Float64Array; // [market * indexWeeks + slot]
  readonly indexWeeks: number;
  readonly termPrice: Float64Array;
  readonly ema26: Float64Array;
  readonly ema52: Float64Array;
  readonly vol: Float64Array; // EWMA of squared weekly log returns
  readonly risk: Float64Array;
  /** per commodity: the aligned segment's share of ex-China demand at the start (club offtake's zero) */
  readonly clubShare0: Float64Array;
  readonly segShare: Float64Array; // demand share of each segment, per market (smoothed over a quarter)
  // term pools per market x origin
  readonly nom: Float64Array;
  readonly avail: Float64Array;
  readonly deliv: Float64Array;
  // spot origin mix per market
  readonly spotCn: Float64Array;
  readonly spotAll: Float64Array;
  // week's books per commodity
  readonly production: Float64Array;
  readonly recycling: Float64Array;
  readonly consumption: Float64Array;
  readonly gross: Float64Array;
  // week's per-market tallies
  readonly mDemand: Float64Array;
  readonly mSupply: Float64Array;
  readonly mShort: Float64Array;
  readonly mTraded: Float64Array;
  /** alignment (0..1) of each bloc's government this week */
  readonly alignment: Float64Array;
  /** licence access of Chinese-made supply to each market (1 = free), next issue's licences set it */
  readonly access: Float64Array;
  /** per commodity: multiplier on the investment hurdle (price floors lower it; 1 = none) */
  readonly floorRelief: Float64Array;
  /** market value of all stocks at the start of the run, per commodity (books) */
  readonly p0: Float64Array;
  // constants derived from params, read in kernels
  readonly k: WorldConstants;
  // policy actors
  readonly traders: TraderStore;
  readonly stockpiles: StockpileStore;
  readonly lic: LicenceState;
  /** risk from announced or active policies, per market (buyers' target cover rises with it) */
  readonly policyRisk: Float64Array;
  /** this week's flows: [commodity][origin 0 cn / 1 other][destination bloc] */
  readonly flows: Float64Array;
  readonly eventLog: EventRecord[];
  /** Project Vault's books, VAULT_BOOK_COLUMNS order (cumulative where it says so) */
  readonly vaultBooks: Float64Array;
  /** China's export-control office this week, CN_OFFICE_COLUMNS order */
  readonly cnWeek: Float64Array;
  /** China's price war per commodity this week: depth below the expected price (0 = none) */
  readonly flood: Float64Array;
  /** price floor per commodity this week (0 = none) */
  readonly floorPrice: Float64Array;
  /** the Vault's stock per commodity in weeks of its members' need (crowding out) */
  readonly entitleWeeks: Float64Array;
  /** per bloc: a retaliation pending against it: week it takes effect (-1 none, -2 done) */
  readonly retaliationDue: Int32Array;
  /** the Vault's carrying fee this week ($) and per $ of members' need */
  vaultFee: number;
  /** margin over cost on the Vault's market releases this week, rebated to members next week */
  vaultRebate: number;
  vaultFeeRate: number;
  /** the EXIM loan facility (0 before launch); VAULT_LOAN is what has been drawn */
  vaultFacility: number;
  /** price-floor programme: cumulative top-ups and offtake purchases, $ */
  readonly floorBooks: Float64Array;
  /** need per bloc x commodity this week (governments read it) */
  readonly blocNeed: Float64Array;
  /** last week's demand per market (stockpiles size their purchases on it) */
  readonly mDemandPrev: Float64Array;
  /** name of an actor group (for events) */
  actorName(group: number): string;
}

/** Licences: caps on supply that needs a licence, per market x licence class. */
export interface LicenceState {
  /** weekly cap, Infinity when no licence is needed [market * 4 + class] */
  readonly cap: Float64Array;
  readonly remain: Float64Array;
  /** smoothed deliveries [market * 4 + class]; a regime's base is this at its start */
  readonly ema: Float64Array;
  /** this week's deliveries [market * 4 + class] */
  readonly delivered: Float64Array;
  /** scratch: what licensed sellers want to deliver or offer [market * 4 + class] */
  readonly want: Float64Array;
  /** share of each market's demand that is defence (never licensed) */
  readonly defenseShare: Float64Array;
  /**
   * share of sales a seller expects to lose in a market x class to announced or active licence
   * regimes (1 - approval x share of licences decided by now), 0 when none [market * 4 + class]
   */
  readonly closing: Float64Array;
  /** any closing share above zero this week (fast path when none) */
  anyClosing: boolean;
  /** Chinese-content threshold per commodity under the extraterritorial rule (Infinity: none) */
  readonly fdprThreshold: Float64Array;
  readonly regimes: Regime[];
  /** any cap in force this week (fast path when none) */
  anyCap: boolean;
}

export interface Regime {
  readonly source: string; // 'script' or 'retaliation'
  readonly kind: 'export_control' | 'fdpr';
  readonly commodities: readonly number[];
  readonly segs: readonly number[];
  readonly classes: readonly number[];
  readonly approval: number;
  readonly delay: number;
  readonly threshold: number;
  readonly announce: number;
  readonly start: number;
  readonly end: number;
  /** deliveries per market x class frozen at the start (the volume licences are applied for) */
  base: Float64Array | null;
}

export interface WorldConstants {
  exportCost: number;
  anchorWeight: number;
  importCostCn: number;
  beta: number;
  allocRate: number;
  phi: number;
  spikeRisk: number;
  crowding: number;
  /** least (P/MA52 - threshold) a stockpile uses while in a release episode */
  releaseFloor: number;
  /** share of input value an aligned plant outside China pays for compliance */
  compliance: number;
  restockCap: number;
  riskDecay: number;
  u0: number;
  eta: number;
  etaBy: number;
  carryWeekly: number;
  thriftRate: number;
  passThrough: number;
  margin: number;
  thriftThreshold: number;
  hazard: number;
  loss: number;
  realOption: number;
  clubOfftake: number;
  volSensitivity: number;
  capexCharge: number;
  lagMin: number;
  lagMax: number;
  makerLagMin: number;
  makerLagMax: number;
  makerExpansion: number;
  failProb: number;
  projectShare: number;
  recElasticity: number;
  recLag: number;
  growthWeekly: number;
  elasticity: Float64Array; // per commodity
  byproduct: Uint8Array; // per commodity
  demandWeekly: Float64Array; // per commodity
  /** 1 - thrift_max per commodity: the floor of input intensity */
  thriftFloor: Float64Array;
  /** dollars per (price unit x tonne): 1000 for prices per kg, 1 for prices per tonne */
  unitScale: Float64Array;
}

/** A scenario event with its weeks resolved. */
export interface CompiledEvent {
  readonly event: ScenarioEvent;
  readonly announce: number; // week it becomes known (= start when not given)
  readonly start: number;
  readonly end: number; // exclusive; Infinity when open
  readonly commodities: readonly number[];
}
