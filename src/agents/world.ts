/**
 * The world: builds the populations from the calibration and parameters, and runs the weekly
 * tick as decide -> clear -> settle (DESIGN.md, "One tick"). Every draw is keyed by
 * (run seed, group stream, index within the group, tick, purpose), so resizing one group never
 * reshuffles another's draws, and nothing depends on the order of evaluation.
 */
import { createColumns } from '../core/columns.js';
import { OrderBook } from '../core/grid.js';
import { lognormal, seedKey, uniform, uniformIn } from '../core/rng.js';
import { BATTERY_SHARE, CHIPS_SHARE, CHOKE_MULTIPLE, COMMODITY_CALIBRATION, COVER_WEEKS, INTERMEDIATES, MINERAL_COST_SHARE, PLANT_COUNTS, PLANT_INPUTS, PRODUCER_COUNTS } from './calibration.js';
import { compileEvents, applyShocks, firstShockWeek } from './events.js';
import { createLicenceState, licenceSettle, licenceWeek, officeBooks, scriptedPostures, scriptedRegimes } from './cnOffice.js';
import { governmentsWeek } from './government.js';
import { floorOfftake, floorSettle, floorWeek } from './priceFloor.js';
import { linesDrawStockpiles, OWNER_CN_STATE, OWNER_GOV_EU, OWNER_GOV_JP, OWNER_GOV_KR, OWNER_OFFTAKE, OWNER_SEG, OWNER_VAULT, OWNERS, stockpilesDecide, linesAddNeeds, linesMembers, stockpilesRelease, stockpilesSettle, stockpilesSettleAsks } from './stockpile.js';
import { TRADER_ROUTES, tradersOrder, tradersSettleAsks, tradersSettleBids } from './trader.js';
import { vaultDraw, vaultEntitlement, vaultSettle, vaultWeek } from './vault.js';
import { ACTOR_GROUPS, BLOCS, BUYER_GROUP_BLOC, BUYER_GROUPS, COMMODITIES, PLANT_TYPES, SEG_CN, SEG_EX, SEG_OTHER, blocIndex, commodityIndex, groupIndex, type Bloc, type BuyerGroup, type Commodity, type PlantType } from './ids.js';
import { makersOutput, makersPlan } from './intermediateMaker.js';
import { linesAddBids, linesAddSettled, linesBid, linesNeed, linesSettle, marketFactors, plantsConsume, plantsPlan } from './manufacturer.js';
import { linesAddFlows, linesNominate, linesReceiveTerm, sellersCommitTerm, sellersAddAsks, sellersAddSales, sellersAsk, sellersDeliverTerm, sellersLicensed, sellersSettle, sellersSplit, sellersShareTerm, sellersWantTerm, updateMarkets } from './market.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS, type RunSeries, type RunSpec } from './model.js';
import { defaultParams, type Params } from './params.js';
import { recyclersProduce } from './recycler.js';
import { clubShare, effectiveCapacity, refinersAddOutput, refinersInvest, refinersProduce, SELLER_STREAM } from './refiner.js';
import { LINE_SCHEMA, ORIGIN_CN, ORIGIN_NON, PLANT_SCHEMA, SELLER_MAKER, SELLER_RECYCLER, SELLER_REFINER, SELLER_SCHEMA, STOCKPILE_SCHEMA, TRADER_SCHEMA, type World, type WorldConstants } from './state.js';

const C = COMMODITIES.length;
const M = C * 3;

// Draw purposes (the last part of every random key).
const PUR_SIZE = 1;
const PUR_COST = 2;
const PUR_TARGET = 3;
const PUR_THETA = 4;
const PUR_CHOKE = 5;
const PUR_TERM = 6;
const PUR_ADJUST = 7;
const PUR_MINCOVER = 8;
const PUR_ALIGN = 9;
const PUR_STOCK = 10;
const PUR_PHASE = 11;
const PLANT_STREAM = 1000;
const RECYCLER_BLOCS: Partial<Record<Bloc, number>> = { cn: 0.5, jp: 0.2, kr: 0.1, eu: 0.1, us: 0.1 };

const scaled = (n: number, scale: number): number => (n > 0 ? Math.max(1, Math.round(n * scale)) : 0);

/** Split n items over weighted classes by largest remainder (deterministic). */
function apportion(n: number, weights: number[]): number[] {
  const tot = weights.reduce((a, b) => a + b, 0);
  if (!(tot > 0)) return weights.map(() => 0);
  const raw = weights.map((x) => (n * x) / tot);
  const out = raw.map(Math.floor);
  let left = n - out.reduce((a, b) => a + b, 0);
  const order = raw.map((r, i) => [r - Math.floor(r), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let j = 0; left > 0; j = (j + 1) % order.length, left--) out[order[j]![1]]! += 1;
  return out;
}

function constants(p: Params): WorldConstants {
  const elasticity = new Float64Array(C);
  const byproduct = new Uint8Array(C);
  const demandWeekly = new Float64Array(C);
  const unitScale = new Float64Array(C);
  const thriftFloor = new Float64Array(C);
  COMMODITIES.forEach((c, i) => {
    thriftFloor[i] = 1 - p[`commodities.${c}.thrift_max`]!;
    unitScale[i] = COMMODITY_CALIBRATION[c].unit === '$/kg' ? 1000 : 1;
    elasticity[i] = p[`commodities.${c}.elasticity_sr`]!;
    byproduct[i] = COMMODITY_CALIBRATION[c].byproduct ? 1 : 0;
    demandWeekly[i] = p[`commodities.${c}.demand_tpy`]! / 52;
  });
  return {
    exportCost: p['market.export_cost']!,
    anchorWeight: p['market.anchor_weight']!,
    importCostCn: p['market.import_cost_cn']!,
    beta: p['market.arbitrage_beta']!,
    allocRate: p['market.arbitrage_rate']!,
    phi: p['buyers.phi']!,
    spikeRisk: p['buyers.spike_risk']!,
    crowding: p['vault.crowding']!,
    releaseFloor: 0.2,
    compliance: p['governments.compliance_cost']!,
    restockCap: p['buyers.restock_cap']!,
    riskDecay: Math.pow(0.5, 1 / p['buyers.risk_halflife']!),
    u0: p['producers.utilisation']!,
    eta: p['producers.supply_elasticity']!,
    etaBy: p['producers.byproduct_elasticity']!,
    carryWeekly: p['producers.carry_rate']! / 52,
    thriftRate: p['buyers.thrift_rate']!,
    passThrough: p['buyers.pass_through']!,
    margin: p['buyers.margin']!,
    thriftThreshold: p['buyers.thrift_threshold']!,
    hazard: p['investment.hazard']!,
    loss: p['investment.loss']!,
    realOption: p['investment.real_option']!,
    clubOfftake: p['investment.club_offtake']!,
    volSensitivity: p['investment.vol_sensitivity']!,
    capexCharge: p['investment.capex_charge']!,
    lagMin: p['investment.lag_years_min']!,
    lagMax: p['investment.lag_years_max']!,
    makerLagMin: p['investment.maker_lag_years_min']!,
    makerLagMax: p['investment.maker_lag_years_max']!,
    makerExpansion: p['investment.maker_expansion']!,
    failProb: p['investment.fail_prob']!,
    projectShare: p['investment.project_share']!,
    recElasticity: p['recyclers.elasticity']!,
    recLag: p['recyclers.lag_weeks']!,
    growthWeekly: Math.pow(1 + p['world.demand_growth']!, 1 / 52) - 1,
    elasticity,
    byproduct,
    demandWeekly,
    unitScale,
    thriftFloor,
  };
}

// ---------------------------------------------------------------- demand layout

interface Bucket {
  group: BuyerGroup;
  type: PlantType;
  n: number;
  /** t/week per commodity for the whole bucket */
  amount: Map<Commodity, number>;
  /** commodity lists per plant (template types: one shared list) */
  perPlant: Commodity[][] | null;
  shared: Commodity[];
  /** the intermediate a maker bucket makes */
  output?: Commodity;
}

const MAKER_TYPES: readonly PlantType[] = Object.values(INTERMEDIATES).map((x) => x.maker);

/** Which share of group g's demand for c each of its plant types takes (MODEL: calibration.ts). */
function splitDemand(types: PlantType[], c: Commodity): Map<PlantType, number> {
  const out = new Map<PlantType, number>();
  let special = 0;
  for (const t of types) {
    let wgt = 0;
    if (t === 'battery' && PLANT_INPUTS.battery.includes(c)) wgt = BATTERY_SHARE[c] ?? 1;
    else if (t === 'chips' && PLANT_INPUTS.chips.includes(c)) wgt = CHIPS_SHARE[c] ?? 1;
    else if ((t === 'magnet_user' || t === 'graphite_user' || t === 'defense') && PLANT_INPUTS[t].includes(c)) wgt = 1;
    if (wgt > 0) out.set(t, wgt);
    special += wgt;
  }
  const metalsOk = types.includes('metals') && !(c in INTERMEDIATES) && c !== 'graphite_flake';
  if (special < 1 && metalsOk) out.set('metals', 1 - special);
  let tot = 0;
  for (const v of out.values()) tot += v;
  if (!(tot > 0)) {
    // No plant type of the group uses c: its metals plants take it, else its first type.
    out.set(types.includes('metals') ? 'metals' : types[0]!, 1);
    return out;
  }
  for (const [t, v] of out) out.set(t, v / tot);
  return out;
}

function layoutDemand(p: Params, scale: number): Bucket[] {
  const buckets: Bucket[] = [];
  const dW = (c: Commodity) => p[`commodities.${c}.demand_tpy`]! / 52;
  for (const g of BUYER_GROUPS) {
    const types = PLANT_TYPES.filter((t) => (PLANT_COUNTS[g][t] ?? 0) > 0);
    const mine = new Map<PlantType, Bucket>();
    for (const t of types) {
      const b: Bucket = { group: g, type: t, n: scaled(PLANT_COUNTS[g][t]!, scale), amount: new Map(), perPlant: null, shared: [] };
      mine.set(t, b);
      buckets.push(b);
    }
    const nonMaker = types.filter((t) => !MAKER_TYPES.includes(t));
    for (const c of COMMODITIES) {
      const share = COMMODITY_CALIBRATION[c].demand_by_group[g] ?? 0;
      if (!(share > 0)) continue;
      for (const [t, f] of splitDemand(nonMaker, c)) {
        const b = mine.get(t)!;
        b.amount.set(c, (b.amount.get(c) ?? 0) + dW(c) * share * f);
      }
    }
    // Intermediate makers: output share by bloc; their input needs follow output.
    for (const [x, spec] of Object.entries(INTERMEDIATES) as [Commodity, (typeof INTERMEDIATES)['magnet']][]) {
      const maker = mine.get(spec.maker);
      if (!maker) continue;
      const bloc = BUYER_GROUP_BLOC[g];
      const cnShare = p[`commodities.${x}.cn_share`]!;
      const s = bloc === 'cn' ? cnShare : (1 - cnShare) * (COMMODITY_CALIBRATION[x].noncn_blocs[bloc] ?? 0);
      maker.amount.set(x, dW(x) * s);
      maker.output = x;
    }
    for (const b of mine.values()) {
      if (b.output) {
        b.shared = Object.keys(INTERMEDIATES[b.output as 'magnet'].feed) as Commodity[];
      } else if (b.type === 'metals') {
        const cs = [...b.amount.keys()];
        if (b.n >= cs.length) {
          const counts = apportion(b.n - cs.length, cs.map((c) => b.amount.get(c)!)).map((x) => x + 1);
          b.perPlant = [];
          cs.forEach((c, j) => {
            for (let k = 0; k < counts[j]!; k++) b.perPlant!.push([c]);
          });
        } else {
          b.perPlant = Array.from({ length: b.n }, () => [] as Commodity[]);
          cs.forEach((c, j) => b.perPlant![j % b.n]!.push(c));
        }
      } else {
        // Its template's inputs, plus any input the group has no better plant for (fallback).
        b.shared = [...PLANT_INPUTS[b.type], ...[...b.amount.keys()].filter((c) => !PLANT_INPUTS[b.type].includes(c))].filter((c) => (b.amount.get(c) ?? 0) > 0);
      }
    }
  }
  return buckets;
}

// ---------------------------------------------------------------- build

export function buildWorld(spec: RunSpec): World {
  const p = spec.params;
  const key = seedKey(spec.seed);
  const scale = p['population.scale']!;
  const k = constants(p);
  const ref = new Float64Array(C);
  COMMODITIES.forEach((c, i) => (ref[i] = p[`commodities.${c}.ref_price`]!));
  const p0 = new Float64Array(M);
  for (let c = 0; c < C; c++) for (let s = 0; s < 3; s++) p0[c * 3 + s] = ref[c]! * (s === SEG_CN ? 1 : 1 + k.exportCost);

  const buckets = layoutDemand(p, scale);
  let nPlants = 0;
  let nLines = 0;
  for (const b of buckets) {
    nPlants += b.n;
    nLines += b.perPlant ? b.perPlant.reduce((a, l) => a + l.length, 0) : b.n * b.shared.length;
  }
  // Sellers: refiners per commodity (Chinese, Chinese-owned abroad, others), recyclers, intermediate makers.
  const refinerPlan: { c: number; origin: number; cnOwned: number; bloc: Bloc; share: number; kind: number; group: string; stream: number; index: number }[] = [];
  for (let ci = 0; ci < C; ci++) {
    const c = COMMODITIES[ci]!;
    if (c in INTERMEDIATES) continue; // made by maker plants, below
    const cal = COMMODITY_CALIBRATION[c];
    const rec = p[`commodities.${c}.recycling_share`]!;
    const cnS = p[`commodities.${c}.cn_share`]!;
    const idS = p[`commodities.${c}.cn_owned_abroad`]!;
    const over = 1 + p[`commodities.${c}.oversupply`]!;
    const classes: { origin: number; cnOwned: number; blocs: Partial<Record<Bloc, number>>; share: number; n: number; kind: number; group: string }[] = [
      { origin: ORIGIN_CN, cnOwned: 0, blocs: { cn: 1 }, share: over * (1 - rec) * cnS, n: PRODUCER_COUNTS.cn_refiners, kind: SELLER_REFINER, group: 'cn_refiners' },
      { origin: ORIGIN_NON, cnOwned: 1, blocs: { id: 1 }, share: over * (1 - rec) * idS, n: PRODUCER_COUNTS.row_refiners / 2, kind: SELLER_REFINER, group: 'row_refiners' },
      { origin: ORIGIN_NON, cnOwned: 0, blocs: cal.noncn_blocs, share: over * (1 - rec) * (1 - cnS - idS), n: PRODUCER_COUNTS.row_refiners, kind: SELLER_REFINER, group: 'row_refiners' },
      { origin: -1, cnOwned: 0, blocs: RECYCLER_BLOCS, share: rec, n: PRODUCER_COUNTS.recyclers, kind: SELLER_RECYCLER, group: 'recyclers' },
    ];
    classes.forEach((cl, clIdx) => {
      if (!(cl.share > 0)) return;
      const blocs = Object.entries(cl.blocs).filter(([, v]) => (v ?? 0) > 0) as [Bloc, number][];
      const n = Math.max(blocs.length, scaled(cl.n, scale));
      const counts = apportion(n - blocs.length, blocs.map(([, v]) => v)).map((x) => x + 1);
      let index = 0;
      blocs.forEach(([bloc, bs], j) => {
        for (let q = 0; q < counts[j]!; q++) {
          refinerPlan.push({ c: ci, origin: cl.origin < 0 ? (bloc === 'cn' ? ORIGIN_CN : ORIGIN_NON) : cl.origin, cnOwned: cl.cnOwned, bloc, share: (cl.share * bs) / counts[j]!, kind: cl.kind, group: cl.group, stream: SELLER_STREAM + ci * 8 + clIdx, index: index++ });
        }
      });
    });
  }
  const makerBuckets = buckets.filter((b) => b.output !== undefined);
  const nMakerSellers = makerBuckets.reduce((a, b) => a + b.n, 0);
  const nSellers = refinerPlan.length + nMakerSellers;

  const sellers = createColumns(SELLER_SCHEMA, nSellers);
  const plants = createColumns(PLANT_SCHEMA, nPlants);
  const lines = createColumns(LINE_SCHEMA, nLines);
  const S = sellers.cols;
  const P = plants.cols;
  const L = lines.cols;

  const alignment = new Float64Array(BLOCS.length);
  BLOCS.forEach((b, i) => (alignment[i] = b === 'cn' ? 0 : p[`alignment.${b}`]!));

  // --- refiners and recyclers: sizes drawn within class and bloc, normalised to the class share.
  const sizeSum = new Map<string, number>();
  const draws = refinerPlan.map((r) => {
    const x = lognormal(key, r.stream, r.index, 0, PUR_SIZE, 1, 0.8);
    const kk = `${r.stream}:${r.bloc}`;
    sizeSum.set(kk, (sizeSum.get(kk) ?? 0) + x);
    return x;
  });
  const groupCount = new Map<string, number>();
  for (const r of refinerPlan) groupCount.set(`${r.stream}:${r.bloc}`, (groupCount.get(`${r.stream}:${r.bloc}`) ?? 0) + 1);
  refinerPlan.forEach((r, i) => {
    const kk = `${r.stream}:${r.bloc}`;
    const c = r.c;
    const share = (r.share * groupCount.get(kk)! * draws[i]!) / sizeSum.get(kk)!;
    const base = share * k.demandWeekly[c]!;
    S.kind[i] = r.kind;
    S.origin[i] = r.origin;
    S.cnOwned[i] = r.cnOwned;
    S.group[i] = groupIndex(r.group);
    S.commodity[i] = c;
    S.bloc[i] = blocIndex(r.bloc);
    S.partner[i] = -1;
    S.plant[i] = -1;
    S.baseOut[i] = base;
    S.cap[i] = base / k.u0;
    const pRef = ref[c]! * (r.origin === ORIGIN_CN ? 1 : 1 + k.exportCost);
    S.pRef[i] = pRef;
    const costBase = p['producers.cn_cost_ratio']! * ref[c]! * (r.origin === ORIGIN_CN ? 1 : 1 + p['producers.noncn_cost_premium']!);
    S.mc[i] = Math.min(0.97 * pRef, lognormal(key, r.stream, r.index, 0, PUR_COST, costBase, p['producers.cost_sigma']!));
    const weeks = uniformIn(key, r.stream, r.index, 0, PUR_STOCK, p['producers.stock_weeks_min']!, p['producers.stock_weeks_max']!);
    S.stockTarget[i] = weeks * base;
    S.stock[i] = weeks * base;
    S.theta[i] = p['producers.theta']!;
    S.emaPrice[i] = pRef;
    S.emaSales[i] = base;
    S.capFactor[i] = 1;
    S.u[i] = k.u0;
    S.projOnline[i] = -1;
    S.phase[i] = Math.floor(uniform(key, r.stream, r.index, 0, PUR_PHASE) * 52);
  });
  // Joint products: pair NdPr and Dy/Tb separation records of the same class by index.
  const ndpr = commodityIndex('ndpr');
  const dytb = commodityIndex('dytb');
  for (let clIdx = 0; clIdx < 3; clIdx++) {
    const a = refinerPlan.map((r, i) => [r, i] as const).filter(([r]) => r.c === ndpr && r.stream === SELLER_STREAM + ndpr * 8 + clIdx);
    const b = refinerPlan.map((r, i) => [r, i] as const).filter(([r]) => r.c === dytb && r.stream === SELLER_STREAM + dytb * 8 + clIdx);
    for (let j = 0; j < Math.min(a.length, b.length); j++) {
      S.partner[a[j]![1]] = b[j]![1];
      S.partner[b[j]![1]] = a[j]![1];
    }
  }

  // --- plants and lines
  const cov = (lo: number, hi: number, s: number, i: number, pur: number) => uniformIn(key, s, i, 0, pur, lo, hi);
  let pi = 0;
  let li = 0;
  let si = refinerPlan.length;
  // Input per tonne of an intermediate: the feed share of the input's demand over the output's.
  const intensity = (x: Commodity, c: Commodity): number =>
    ((INTERMEDIATES[x as 'magnet'].feed[c] ?? 0) * p[`commodities.${c}.demand_tpy`]!) / p[`commodities.${x}.demand_tpy`]!;
  for (const b of buckets) {
    const g = BUYER_GROUPS.indexOf(b.group);
    const t = PLANT_TYPES.indexOf(b.type);
    const stream = PLANT_STREAM + g * 16 + t;
    const sizes = Array.from({ length: b.n }, (_, j) => lognormal(key, stream, j, 0, PUR_SIZE, 1, p['buyers.size_sigma']!));
    // Sum of sizes per commodity over the plants that use it.
    const sum = new Map<Commodity, number>();
    for (let j = 0; j < b.n; j++) {
      const cs = b.perPlant ? b.perPlant[j]! : b.shared;
      for (const c of cs) sum.set(c, (sum.get(c) ?? 0) + sizes[j]!);
    }
    let sizeTot = 0;
    for (const x of sizes) sizeTot += x;
    const bloc = BUYER_GROUP_BLOC[b.group];
    const [cmed, csig] = CHOKE_MULTIPLE[b.type];
    const [cwLo, cwHi] = COVER_WEEKS[b.type];
    for (let j = 0; j < b.n; j++) {
      P.group[pi] = groupIndex(b.group);
      P.type[pi] = t;
      P.bloc[pi] = blocIndex(bloc);
      P.alignDraw[pi] = uniform(key, stream, j, 0, PUR_ALIGN);
      P.seller[pi] = -1;
      P.firstLine[pi] = li;
      P.frac[pi] = 1;
      const seg = bloc === 'cn' ? SEG_CN : P.alignDraw[pi]! < alignment[P.bloc[pi]!]! ? SEG_EX : 2;
      P.seg[pi] = seg;
      const cs = b.perPlant ? b.perPlant[j]! : b.shared;
      let size: number;
      if (b.output) size = (b.amount.get(b.output)! * sizes[j]!) / sizeTot;
      else size = sizes[j]!; // output units: baseline output = relative size
      P.size[pi] = size;
      P.planned[pi] = size;
      let mineral = 0;
      cs.forEach((c, slot) => {
        const ci = commodityIndex(c);
        const m = ci * 3 + seg;
        const need0 = b.output ? size * intensity(b.output, c) : (b.amount.get(c)! * sizes[j]!) / sum.get(c)!;
        const ls = j * 8 + slot;
        L.plant[li] = pi;
        L.group[li] = P.group[pi]!;
        L.commodity[li] = ci;
        L.market[li] = m;
        L.termMarket[li] = m;
        L.bidBin[li] = -1;
        L.bidBin2[li] = -1;
        L.baseNeed[li] = need0 / size;
        L.intensity[li] = 1;
        L.need[li] = need0;
        L.demandFactor[li] = 1;
        L.targetWeeks[li] = cov(cwLo, cwHi, stream, ls, PUR_TARGET);
        L.minCover[li] = cov(p['buyers.min_cover_min']!, p['buyers.min_cover_max']!, stream, ls, PUR_MINCOVER);
        L.theta[li] = cov(p['buyers.theta_min']!, p['buyers.theta_max']!, stream, ls, PUR_THETA);
        L.adjust[li] = cov(p['buyers.adjust_weeks_min']!, p['buyers.adjust_weeks_max']!, stream, ls, PUR_ADJUST);
        L.termShare[li] = cov(p['market.term_share_min']!, p['market.term_share_max']!, stream, ls, PUR_TERM);
        L.choke[li] = Math.min(0.999 * p['market.grid_max']!, lognormal(key, stream, ls, 0, PUR_CHOKE, cmed, csig)) * ref[ci]!;
        L.avgCost[li] = p0[m]!;
        mineral += need0 * p0[m]! * k.unitScale[ci]!;
        li++;
      });
      P.nLines[pi] = cs.length;
      if (b.output) {
        // In $ per tonne of output: unit cost a set share of the intermediate's price.
        const x = commodityIndex(b.output);
        const unit = mineral / size;
        const perT = ref[x]! * k.unitScale[x]!;
        P.nonMineral[pi] = Math.max(0.05 * perT, INTERMEDIATES[b.output as 'magnet'].unitCost * perT - unit);
        // Its output record.
        const origin = bloc === 'cn' ? ORIGIN_CN : ORIGIN_NON;
        S.kind[si] = SELLER_MAKER;
        S.origin[si] = origin;
        S.group[si] = P.group[pi]!;
        S.commodity[si] = x;
        S.bloc[si] = P.bloc[pi]!;
        S.partner[si] = -1;
        S.plant[si] = pi;
        S.baseOut[si] = size;
        S.cap[si] = size / k.u0;
        S.pRef[si] = ref[x]! * (origin === ORIGIN_CN ? 1 : 1 + k.exportCost);
        S.mc[si] = (unit + P.nonMineral[pi]!) / k.unitScale[x]!;
        const weeks = uniformIn(key, stream, j, 0, PUR_STOCK, 2, 6);
        S.stockTarget[si] = weeks * size;
        S.stock[si] = (weeks + 1) * size; // last week's output is in stock when it offers

        S.theta[si] = p['producers.theta']!;
        S.emaPrice[si] = S.pRef[si]!;
        S.emaSales[si] = size;
        S.capFactor[si] = 1;
        S.projOnline[si] = -1;
        P.seller[pi] = si;
        si++;
      } else {
        P.nonMineral[pi] = (mineral / size) * ((1 - MINERAL_COST_SHARE[b.type]) / MINERAL_COST_SHARE[b.type]);
      }
      P.uc0[pi] = mineral / size + P.nonMineral[pi]!;
      P.inputUc0[pi] = mineral / size;
      P.ucEma[pi] = P.uc0[pi]!;
      pi++;
    }
  }

  // --- segment shares of demand, non-Chinese supply shares, then the lines' sourcing and stocks.
  const segShare = new Float64Array(M);
  for (let i = 0; i < nLines; i++) segShare[L.market[i]!]! += L.need[i]!;
  for (let c = 0; c < C; c++) {
    const tot = segShare[c * 3]! + segShare[c * 3 + 1]! + segShare[c * 3 + 2]!;
    for (let s = 0; s < 3; s++) segShare[c * 3 + s] = tot > 0 ? segShare[c * 3 + s]! / tot : 1 / 3;
  }
  for (let i = 0; i < nSellers; i++) for (let s = 0; s < 3; s++) S.alloc[i * 3 + s] = segShare[S.commodity[i]! * 3 + s]!;
  // The club at the calibration's postures (the parameters' defaults, whatever this run sets):
  // investment's club-offtake term is zero there and grows with a larger club.
  const clubShare0 = new Float64Array(C);
  {
    const inClub = new Float64Array(M);
    for (let i = 0; i < nLines; i++) {
      const pl = L.plant[i]!;
      const b = P.bloc[pl]!;
      if (BLOCS[b] === 'cn') continue;
      const seg = P.alignDraw[pl]! < DEFAULT_ALIGNMENT[b]! ? SEG_EX : SEG_OTHER;
      inClub[L.commodity[i]! * 3 + seg]! += L.need[i]!;
    }
    for (let c = 0; c < C; c++) clubShare0[c] = clubShare(inClub, c);
  }
  const nonShare = new Float64Array(C);
  const allOut = new Float64Array(C);
  for (let i = 0; i < nSellers; i++) {
    allOut[S.commodity[i]!]! += S.baseOut[i]!;
    if (S.origin[i] === ORIGIN_NON) nonShare[S.commodity[i]!]! += S.baseOut[i]!;
  }
  for (let c = 0; c < C; c++) nonShare[c] = allOut[c]! > 0 ? nonShare[c]! / allOut[c]! : 0;
  const pref = [0.5, p['buyers.noncn_pref_ex']!, 1];
  // Buying as one, the EU books non-Chinese supply on joint term contracts (seed 002's united
  // front): its buyers' non-Chinese share is `eu.united_sourcing` times what each would get alone.
  const euBloc = blocIndex('eu');
  const euSourcing = p['eu.united']! > 0 ? p['eu.united_sourcing']! : 1;
  for (let i = 0; i < nLines; i++) {
    const m = L.market[i]!;
    const c = L.commodity[i]!;
    const eu = P.bloc[L.plant[i]!] === euBloc ? euSourcing : 1;
    const ns = Math.min(0.95, nonShare[c]! * pref[m % 3]! * eu);
    L.nsShare[i] = ns;
    const inv = L.targetWeeks[i]! * L.need[i]!;
    L.invNon[i] = inv * ns;
    L.invCn[i] = inv - inv * ns;
  }

  // --- policy actors: traders, stockpiles, licences
  const routes = TRADER_ROUTES.length;
  const perRoute = Math.max(1, Math.round(4 * Math.min(scale, 1)));
  const traders = createColumns(TRADER_SCHEMA, C * routes * perRoute);
  {
    const T = traders.cols;
    let ti = 0;
    const dem = new Float64Array(M);
    for (let i = 0; i < nLines; i++) dem[L.market[i]!]! += L.need[i]!;
    for (let c = 0; c < C; c++) {
      for (const [src, dst, costKey, capKey] of TRADER_ROUTES) {
        for (let q = 0; q < perRoute; q++) {
          T.commodity[ti] = c;
          T.src[ti] = c * 3 + src;
          T.dst[ti] = c * 3 + dst;
          T.bidBin[ti] = -1;
          T.askBin[ti] = -1;
          T.cost[ti] = p[costKey]!;
          T.cap[ti] = (p[capKey]! * dem[c * 3 + dst]!) / perRoute;
          T.avgCost[ti] = p0[c * 3 + src]!;
          ti++;
        }
      }
    }
  }
  const stockpiles = createColumns(STOCKPILE_SCHEMA, OWNERS.length * C);
  {
    const X = stockpiles.cols;
    const blocDemand = new Float64Array(BLOCS.length * C);
    for (let i = 0; i < nLines; i++) blocDemand[P.bloc[L.plant[i]!]! * C + L.commodity[i]!]! += L.need[i]!;
    const cnDemand = (c: number) => segShareRaw(c, SEG_CN);
    function segShareRaw(c: number, s: number): number {
      let d = 0;
      for (let i = 0; i < nLines; i++) if (L.market[i] === c * 3 + s) d += L.need[i]!;
      return d;
    }
    const govDays: Record<number, [string, number]> = {
      [OWNER_GOV_JP]: ['jp', p['governments.jp_stock_days']!],
      [OWNER_GOV_KR]: ['kr', p['governments.kr_stock_days']!],
      [OWNER_GOV_EU]: ['eu', p['eu.united']! > 0 ? p['governments.eu_stock_days']! : 0],
    };
    for (let o = 0; o < OWNERS.length; o++) {
      for (let c = 0; c < C; c++) {
        const r = o * C + c;
        const m = c * 3 + OWNER_SEG[o]!;
        X.owner[r] = o;
        X.commodity[r] = c;
        X.market[r] = m;
        X.bidBin[r] = -1;
        X.askBin[r] = -1;
        X.buyBelow[r] = 1;
        X.price[r] = p0[m]!;
        X.releaseWeeks[r] = o === OWNER_VAULT ? p['vault.release_weeks']! : 4;
        if (o === OWNER_VAULT) {
          X.target[r] = Infinity;
          X.buyCap[r] = p['vault.buy_cap']!;
          X.releaseAbove[r] = p['vault.release_threshold']!;
          X.gamma[r] = p['vault.gamma']!;
          X.toMarket[r] = p['vault.release_to_market']! > 0 ? 1 : 0;
        } else if (o === OWNER_CN_STATE) {
          const target = p['cn_office.state_stock_weeks']! * cnDemand(c);
          X.target[r] = target;
          X.budget[r] = 2 * target * p0[m]! * k.unitScale[c]!;
          X.buyCap[r] = p['cn_office.state_buy_cap']!;
          X.buyBelow[r] = p['cn_office.state_buy_below']!;
          X.releaseAbove[r] = p['cn_office.state_release_above']!;
          X.gamma[r] = p['cn_office.state_gamma']!;
          X.toMarket[r] = p['cn_office.state_release_to_market']! > 0 ? 1 : 0;
          X.active[r] = target > 0 ? 1 : 0;
          // The reserve exists at the start (the State Reserve Bureau's stocks), made in China.
          X.invCn[r] = target;
          X.cost[r] = target * p0[m]! * k.unitScale[c]!;
        } else if (o === OWNER_OFFTAKE) {
          X.target[r] = 0;
          X.releaseAbove[r] = p['vault.release_threshold']!;
          X.gamma[r] = p['vault.gamma']!;
        } else {
          const [bloc, days] = govDays[o]!;
          // Public reserves hold raw materials; the EU's joint reserve also holds magnets (its
          // plans for joint purchasing cover permanent magnets, E).
          const held = !(COMMODITIES[c]! in INTERMEDIATES) || (o === OWNER_GOV_EU && COMMODITIES[c] === 'magnet');
          const target = held ? (days / 7) * blocDemand[blocIndex(bloc) * C + c]! : 0;
          X.target[r] = target;
          X.budget[r] = 2 * target * p0[m]! * k.unitScale[c]!;
          X.buyCap[r] = 0.05;
          X.releaseAbove[r] = p['governments.release_threshold']!;
          X.gamma[r] = p['governments.gamma']!;
          X.active[r] = target > 0 ? 1 : 0;
          // The reserve exists at the start (bought before the run), tagged like its buyers' stock.
          X.invNon[r] = target * Math.min(1, nonShare[c]! * 1.5);
          X.invCn[r] = target - X.invNon[r]!;
          X.cost[r] = target * p0[m]! * k.unitScale[c]!;
        }
      }
    }
  }
  const lic = createLicenceState(M, C);
  {
    const def = groupIndex('us_defense');
    const dem = new Float64Array(M);
    for (let i = 0; i < nLines; i++) {
      dem[L.market[i]!]! += L.need[i]!;
      if (L.group[i] === def) lic.defenseShare[L.market[i]!]! += L.need[i]!;
    }
    for (let m = 0; m < M; m++) lic.defenseShare[m] = dem[m]! > 0 ? lic.defenseShare[m]! / dem[m]! : 0;
  }

  const indexWeeks = p['market.index_weeks']!;
  const ring = new Float64Array(M * indexWeeks);
  for (let m = 0; m < M; m++) ring.fill(p0[m]!, m * indexWeeks, (m + 1) * indexWeeks);
  const book = new OrderBook(M, { points: p['market.grid_points']!, minMult: p['market.grid_min']!, maxMult: p['market.grid_max']! }, Array.from({ length: M }, (_, m) => ref[Math.floor(m / 3)]!));
  const events = compileEvents(spec.startDate, spec.events);

  const world: World = {
    p,
    key,
    horizon: spec.horizonWeeks,
    startDate: spec.startDate,
    events,
    tick: 0,
    C,
    M,
    ref,
    book,
    sellers,
    plants,
    lines,
    price: Float64Array.from(p0),
    index: Float64Array.from(p0),
    anchor: Float64Array.from(p0),
    thriftExcess: new Float64Array(M),
    srFactor: new Float64Array(M),
    ring,
    indexWeeks,
    termPrice: Float64Array.from(p0),
    ema26: Float64Array.from(p0),
    ema52: Float64Array.from(p0),
    vol: new Float64Array(M),
    risk: new Float64Array(M),
    segShare,
    clubShare0,
    nom: new Float64Array(M * 2),
    avail: new Float64Array(M * 2),
    deliv: new Float64Array(M * 2),
    spotCn: new Float64Array(M),
    spotAll: new Float64Array(M),
    production: new Float64Array(C),
    recycling: new Float64Array(C),
    consumption: new Float64Array(C),
    gross: new Float64Array(C),
    mDemand: new Float64Array(M),
    mSupply: new Float64Array(M),
    mShort: new Float64Array(M),
    mTraded: new Float64Array(M),
    alignment,
    access: new Float64Array(M).fill(1),
    floorRelief: new Float64Array(C).fill(1),
    p0,
    k,
    traders,
    stockpiles,
    lic,
    policyRisk: new Float64Array(M),
    flows: new Float64Array(C * 2 * BLOCS.length),
    eventLog: [],
    vaultBooks: new Float64Array(VAULT_BOOK_COLUMNS.length),
    cnWeek: new Float64Array(CN_OFFICE_COLUMNS.length),
    floorPrice: new Float64Array(C),
    flood: new Float64Array(C),
    entitleWeeks: new Float64Array(C),
    retaliationDue: new Int32Array(BLOCS.length).fill(-1),
    vaultFee: 0,
    vaultRebate: 0,
    team: null,
    vaultFeeRate: 0,
    vaultFacility: 0,
    floorBooks: new Float64Array(2),
    blocNeed: new Float64Array(BLOCS.length * C),
    mDemandPrev: new Float64Array(M),
    actorName: (g: number) => ACTOR_GROUPS[g] ?? 'unknown',
  };
  world.lic.regimes.push(...scriptedRegimes(world));
  // Licence bases start from the baseline flows: Chinese-made and Chinese-owned deliveries by segment.
  for (let i = 0; i < nSellers; i++) {
    const cls = S.origin[i] === ORIGIN_CN ? 1 : S.cnOwned[i] ? 2 : 0;
    if (!cls) continue;
    for (let s2 = 0; s2 < 3; s2++) world.lic.ema[(S.commodity[i]! * 3 + s2) * 4 + cls]! += S.baseOut[i]! * S.alloc[i * 3 + s2]!;
  }
  return world;
}

// ---------------------------------------------------------------- the tick

/** Total stock of each commodity held anywhere: sellers, buyers, traders (in transit), stockpiles. */
export function stocksByCommodity(w: World, out: Float64Array): void {
  out.fill(0);
  const S = w.sellers.cols;
  const L = w.lines.cols;
  for (let i = 0; i < w.sellers.size; i++) out[S.commodity[i]!]! += S.stock[i]!;
  for (let i = 0; i < w.lines.size; i++) out[L.commodity[i]!]! += L.invCn[i]! + L.invNon[i]!;
  const T = w.traders.cols;
  for (let i = 0; i < w.traders.size; i++) out[T.commodity[i]!]! += T.invCn[i]! + T.invNon[i]!;
  const X = w.stockpiles.cols;
  for (let i = 0; i < w.stockpiles.size; i++) out[X.commodity[i]!]! += X.invCn[i]! + X.invNon[i]!;
}

function resetWeek(w: World): void {
  w.production.fill(0);
  w.recycling.fill(0);
  w.consumption.fill(0);
  w.gross.fill(0);
  w.mDemand.fill(0);
  w.mSupply.fill(0);
  w.mShort.fill(0);
  w.deliv.fill(0);
  w.spotCn.fill(0);
  w.spotAll.fill(0);
  w.sellers.cols.sold.fill(0);
  w.sellers.cols.revenue.fill(0);
  w.sellers.cols.output.fill(0);
  w.lines.cols.spent.fill(0);
  w.flows.fill(0);
  w.cnWeek.fill(0);
}

const DEFAULTS = defaultParams();
const DEFAULT_ALIGNMENT = BLOCS.map((b) => DEFAULTS[`alignment.${b}`] ?? 0);

// ---------------------------------------------------------------- passes that may be split

type RowPass = (w: World, from: number, to: number) => void;

function plantsAndMakersPlan(w: World, from: number, to: number): void {
  plantsPlan(w, from, to);
  makersPlan(w, from, to); // writes its plant's seller's marginal cost: one seller per maker plant
}

function linesNeedAndMembers(w: World, from: number, to: number): void {
  linesNeed(w, from, to);
  linesMembers(w, from, to);
}
/** The per-row passes `--parallel agents` splits over threads: each writes only its own rows. */
export const PASSES: readonly (readonly [RowPass, 'lines' | 'plants' | 'sellers'])[] = [
  [linesNeedAndMembers, 'lines'],
  [linesReceiveTerm, 'lines'],
  [linesDrawStockpiles, 'lines'],
  [linesBid, 'lines'],
  [linesSettle, 'lines'],
  [plantsConsume, 'plants'],
  [sellersSplit, 'sellers'],
  [sellersAsk, 'sellers'],
  [plantsAndMakersPlan, 'plants'],
  [sellersSettle, 'sellers'],
  [refinersProduce, 'sellers'],
];
const passIndex = (f: RowPass): number => PASSES.findIndex((p) => p[0] === f);
const PASS_NEED = passIndex(linesNeedAndMembers);
const PASS_TERM = passIndex(linesReceiveTerm);
const PASS_DRAW = passIndex(linesDrawStockpiles);
const PASS_BID = passIndex(linesBid);
const PASS_SETTLE = passIndex(linesSettle);
const PASS_CONSUME = passIndex(plantsConsume);
const PASS_SPLIT = passIndex(sellersSplit);
const PASS_ASK = passIndex(sellersAsk);
const PASS_PLAN = passIndex(plantsAndMakersPlan);
const PASS_SALES = passIndex(sellersSettle);
const PASS_PRODUCE = passIndex(refinersProduce);

/** Rows of a pass. */
export function passRows(w: World, k: number): number {
  const rows = PASSES[k]![1];
  return rows === 'lines' ? w.lines.size : rows === 'plants' ? w.plants.size : w.sellers.size;
}

/** The world's per-tick scalars the passes read, handed to the other threads with each pass. */
export function writeScalars(w: World, s: Float64Array): void {
  s[0] = w.tick;
  s[1] = w.vaultFeeRate;
  s[2] = w.lic.anyCap ? 1 : 0;
  s[3] = w.lic.anyClosing ? 1 : 0;
}

export function readScalars(w: World, s: Float64Array): void {
  w.tick = s[0]!;
  w.vaultFeeRate = s[1]!;
  w.lic.anyCap = s[2] === 1;
  w.lic.anyClosing = s[3] === 1;
}

/** Run pass k over all rows: here, or split over the team's threads (shard 0 here). */
function pass(w: World, k: number): void {
  const kernel = PASSES[k]![0];
  const n = passRows(w, k);
  const team = w.team;
  if (team === null) {
    kernel(w, 0, n);
    return;
  }
  writeScalars(w, team.block.scalars);
  team.run(k, n, (a, b) => kernel(w, a, b));
}

/** One week: decide -> clear -> settle. */
export function tick(w: World): void {
  const nS = w.sellers.size;
  const nP = w.plants.size;
  const nL = w.lines.size;
  resetWeek(w);
  // decide: governments on their own schedules first, then agents
  applyShocks(w);
  scriptedPostures(w);
  governmentsWeek(w);
  floorWeek(w);
  vaultWeek(w);
  licenceWeek(w);
  pass(w, PASS_PLAN); // plants' segments and plans, makers' plans and unit costs
  marketFactors(w);
  pass(w, PASS_NEED); // and each line's stockpile memberships: one pass over the lines
  linesAddNeeds(w); // demand per market, need per stockpile and bloc
  vaultEntitlement(w);
  pass(w, PASS_PRODUCE);
  refinersAddOutput(w);
  recyclersProduce(w, 0, nS);
  floorOfftake(w);
  refinersInvest(w, 0, nS);
  if (w.tick % 13 === 0) {
    w.nom.fill(0);
    w.avail.fill(0);
    linesNominate(w, 0, nL);
    sellersShareTerm(w, 0, nS);
    sellersCommitTerm(w, 0, nS);
    w.termPrice.set(w.index);
  }
  sellersWantTerm(w, 0, nS);
  sellersDeliverTerm(w, 0, nS);
  pass(w, PASS_TERM);
  linesAddFlows(w);
  w.book.reset();
  stockpilesDecide(w);
  pass(w, PASS_DRAW);
  stockpilesRelease(w);
  pass(w, PASS_SPLIT);
  sellersLicensed(w);
  pass(w, PASS_ASK);
  sellersAddAsks(w);
  tradersOrder(w);
  pass(w, PASS_BID);
  linesAddBids(w);
  // clear
  for (let m = 0; m < w.M; m++) {
    w.book.clear(m);
    const p = w.book.price[m]!;
    if (p > 0) w.price[m] = p;
  }
  // settle: sellers first (their sales set each market's origin mix), then buyers
  pass(w, PASS_SALES);
  sellersAddSales(w); // the markets' origin mix, China's export books, licensed deliveries
  tradersSettleAsks(w);
  stockpilesSettleAsks(w);
  stockpilesSettle(w);
  vaultDraw(w);
  tradersSettleBids(w);
  pass(w, PASS_SETTLE);
  pass(w, PASS_CONSUME);
  linesAddSettled(w); // flows, use and shortage, in line order
  makersOutput(w, 0, nP);
  licenceSettle(w);
  floorSettle(w);
  vaultSettle(w);
  updateMarkets(w);
  officeBooks(w);
  w.mDemandPrev.set(w.mDemand);
}

// ---------------------------------------------------------------- a run

export function simulate(spec: RunSpec): RunSeries {
  return runWorld(buildWorld(spec), spec);
}

/** Tick a built world through the run and record it (the team, if any, is the world's). */
export function runWorld(w: World, spec: RunSpec): RunSeries {
  const T = spec.horizonWeeks;
  const G = ACTOR_GROUPS.length;
  const series: RunSeries = {
    weeks: T,
    markets: M,
    price: new Float64Array(T * M),
    traded: new Float64Array(T * M),
    demand: new Float64Array(T * M),
    supply: new Float64Array(T * M),
    shortage: new Float64Array(T * M),
    groups: G,
    groupOutput: new Float64Array(T * G),
    groupCost: new Float64Array(T * G),
    groupShortValue: new Float64Array(T * G),
    groupNeedValue: new Float64Array(T * G),
    groupRevenue: new Float64Array(T * G),
    commodities: C,
    production: new Float64Array(T * C),
    recycling: new Float64Array(T * C),
    consumption: new Float64Array(T * C),
    stocks: new Float64Array(T * C),
    initialStocks: new Float64Array(C),
    grossFlow: new Float64Array(T * C),
    capacity: new Float64Array(T * C * 2),
    flows: new Float64Array(T * C * 2 * BLOCS.length),
    vaultBooks: new Float64Array(T * VAULT_BOOK_COLUMNS.length),
    cnOffice: new Float64Array(T * CN_OFFICE_COLUMNS.length),
    floorBooks: new Float64Array(T * 2),
    eventLog: w.eventLog,
    firstShockWeek: firstShockWeek(w.events),
    agents: w.sellers.size + w.plants.size,
  };
  stocksByCommodity(w, series.initialStocks);
  const stocks = new Float64Array(C);
  for (let t = 0; t < T; t++) {
    w.tick = t;
    tick(w);
    record(w, series, t, stocks);
  }
  return series;
}

function record(w: World, out: RunSeries, t: number, stocks: Float64Array): void {
  out.price.set(w.price, t * M);
  out.traded.set(w.mTraded, t * M);
  out.demand.set(w.mDemand, t * M);
  out.supply.set(w.mSupply, t * M);
  out.shortage.set(w.mShort, t * M);
  // mSupply holds spot offers; add term deliveries so supply is all that was offered.
  for (let m = 0; m < M; m++) out.supply[t * M + m]! += w.deliv[m * 2]! + w.deliv[m * 2 + 1]!;
  out.flows.set(w.flows, t * w.flows.length);
  out.vaultBooks.set(w.vaultBooks, t * w.vaultBooks.length);
  // China's books: state stock value in the office's columns
  const X = w.stockpiles.cols;
  let state = 0;
  for (let c = 0; c < C; c++) {
    const r = OWNER_CN_STATE * C + c;
    state += (X.invCn[r]! + X.invNon[r]!) * w.price[X.market[r]!]! * w.k.unitScale[c]!;
  }
  w.cnWeek[5] = state;
  w.cnWeek[2] = w.cnWeek[0]!;
  out.cnOffice.set(w.cnWeek, t * w.cnWeek.length);
  out.floorBooks.set(w.floorBooks, t * 2);
  out.production.set(w.production, t * C);
  out.recycling.set(w.recycling, t * C);
  out.consumption.set(w.consumption, t * C);
  out.grossFlow.set(w.gross, t * C);
  stocksByCommodity(w, stocks);
  out.stocks.set(stocks, t * C);
  const G = out.groups;
  const P = w.plants.cols;
  const L = w.lines.cols;
  const S = w.sellers.cols;
  const go = t * G;
  for (let i = 0; i < w.plants.size; i++) {
    const g = P.group[i]!;
    // Unit cost on purchased inputs at the prices paid (MODEL-NOTES.md, decoupling): the group's
    // input bill over its output valued at baseline input cost per unit.
    out.groupOutput[go + g]! += P.output[i]! * P.inputUc0[i]!;
    out.groupCost[go + g]! += P.inputCost[i]!;
    if (P.seller[i]! < 0) out.groupRevenue[go + g]! += P.revenue[i]!;
  }
  for (let i = 0; i < w.lines.size; i++) {
    const g = L.group[i]!;
    const r = w.ref[L.commodity[i]!]! * w.k.unitScale[L.commodity[i]!]!;
    out.groupShortValue[go + g]! += L.short[i]! * r;
    out.groupNeedValue[go + g]! += L.need[i]! * r;
  }
  for (let i = 0; i < w.sellers.size; i++) {
    if (S.kind[i] !== SELLER_RECYCLER) out.capacity[(t * C + S.commodity[i]!) * 2 + (S.origin[i] === ORIGIN_CN ? 0 : 1)]! += effectiveCapacity(w, i);
    const g = S.group[i]!;
    const scale = w.k.unitScale[S.commodity[i]!]!;
    out.groupRevenue[go + g]! += S.revenue[i]! * scale;
    if (S.kind[i] !== SELLER_MAKER) {
      out.groupOutput[go + g]! += S.output[i]! * S.mc[i]! * scale;
      out.groupCost[go + g]! += S.output[i]! * S.mc[i]! * scale;
    }
  }
}

// The model's team for `--parallel agents` (the runner finds it next to simulate).
export { createTeam } from './team.js';
