/**
 * The scalar reference of the weekly tick (issue 5): the same algorithms, in the same order and
 * with the same summation order as the typed-array kernels of src/agents, written plainly over
 * one object per agent (agents.ts) and a book of per-market objects (book.ts). It exists for two
 * things: the differential test (test/agents/reference.test.ts: same prices and quantities as
 * the kernels) and the baseline of the benchmarks (`chokepoint bench`).
 *
 * Re-implemented here, per object: every loop over sellers, plants and input lines (production,
 * investment, the quarterly term book and weekly deliveries, spot offers and bids, clearing,
 * settlement, Leontief consumption, makers, the lines' side of the stockpiles and shocks, the
 * sellers' licence classes), the market update and the weekly records.
 * Shared with the kernels, through a World facade whose agent columns are empty: the policy
 * actors that work on market-level state and their own small tables (China's licence regimes,
 * governments' postures, the Vault's and the price floor's books, stockpiles' and traders'
 * decisions and fills, which bid into the reference's book through the facade).
 *
 * When a kernel changes, this file must change with it: the differential test says where.
 */
import { uniform, uniformIn } from '../../core/rng.js';
import type { OrderBook } from '../../core/grid.js';
import { createColumns } from '../../core/columns.js';
import { LIC_CN, LIC_FDPR, LIC_NONE, LIC_OWNED, licenceSettle, licenceWeek, scriptedPostures } from '../cnOffice.js';
import { firstShockWeek } from '../events.js';
import { governmentsWeek } from '../government.js';
import { ACTOR_GROUPS, BLOCS, BUYER_GROUPS, COMMODITIES, SEG_CN, SEG_EX, SEG_OTHER } from '../ids.js';
import { CN_OFFICE_COLUMNS, VAULT_BOOK_COLUMNS, type RunSeries, type RunSpec } from '../model.js';
import { floorWeek } from '../priceFloor.js';
import { PURPOSE_INVEST_FAIL, PURPOSE_INVEST_LAG, SELLER_STREAM } from '../refiner.js';
import { OWNER_CN_STATE, OWNER_GOV_EU, OWNER_GOV_JP, OWNER_GOV_KR, OWNER_OFFTAKE, OWNER_VAULT, OWNERS, stockpilesDecide, stockpilesRelease, stockpilesSettle, stockpilesSettleAsks } from '../stockpile.js';
import { LINE_SCHEMA, ORIGIN_CN, ORIGIN_NON, PLANT_SCHEMA, SELLER_MAKER, SELLER_RECYCLER, SELLER_REFINER, SELLER_SCHEMA, type World } from '../state.js';
import { tradersOrder, tradersSettleAsks, tradersSettleBids } from '../trader.js';
import { vaultDraw, vaultEntitlement, vaultSettle, vaultWeek } from '../vault.js';
import { buildWorld } from '../world.js';
import { agentsFromWorld, type RefLine, type RefPlant, type RefSeller } from './agents.js';
import { RefBook } from './book.js';
import { trackSegmentDemand } from '../market.js';
import { clubShare } from '../refiner.js';

const NB = BLOCS.length;
const BLOC_CN = BLOCS.indexOf('cn');
const BLOC_US = BLOCS.indexOf('us');
const BLOC_JP = BLOCS.indexOf('jp');
const BLOC_KR = BLOCS.indexOf('kr');
const BLOC_EU = BLOCS.indexOf('eu');
const ALLY = BLOCS.map((b) => ['jp', 'kr', 'tw', 'eu', 'au', 'in'].includes(b));
const GROUP_DEFENSE = ACTOR_GROUPS.indexOf('us_defense');

export interface RefWorld {
  /** market state and policy actors, shared with the policy functions; its agent columns are empty */
  readonly w: World;
  readonly book: RefBook;
  readonly sellers: RefSeller[];
  readonly plants: RefPlant[];
  readonly lines: RefLine[];
}

/**
 * The reference world of a World just built (tick 0): agents copied into objects; the World's
 * market and policy state taken over by the facade (so do not tick the World itself as well).
 */
export function referenceFromWorld(world: World): RefWorld {
  const agents = agentsFromWorld(world);
  const p = world.p;
  const ref: number[] = [];
  for (let m = 0; m < world.M; m++) ref.push(world.ref[Math.floor(m / 3)]!);
  const book = new RefBook(p['market.grid_points']!, p['market.grid_min']!, p['market.grid_max']!, ref);
  const w: World = {
    ...world,
    sellers: createColumns(SELLER_SCHEMA, 0),
    plants: createColumns(PLANT_SCHEMA, 0),
    lines: createColumns(LINE_SCHEMA, 0),
    // stockpiles and traders call bidBin/askBin/addBid/addAsk/buyFill/sellFill on it
    book: book as unknown as OrderBook,
  };
  return { w, book, ...agents };
}

export function buildReference(spec: RunSpec): RefWorld {
  return referenceFromWorld(buildWorld(spec));
}

// ---------------------------------------------------------------- helpers

function shipCost(w: World, origin: number, seg: number): number {
  if (origin === ORIGIN_CN) return seg === 0 ? 0 : w.k.exportCost;
  return seg === 0 ? w.k.importCostCn : 0;
}

function capped(w: World, cls: number, m: number): boolean {
  return cls !== LIC_NONE && m % 3 !== 0 && w.lic.cap[m * 4 + cls]! < Infinity;
}

function exportBooks(w: World, c: number, seg: number, q: number, price: number, mc: number): void {
  const scale = w.k.unitScale[c]!;
  if (seg === 0) {
    w.cnWeek[3]! += q * price * scale;
    return;
  }
  w.cnWeek[0]! += q * price * scale;
  w.cnWeek[1]! += q * mc * scale;
}

function effectiveCapacity(w: World, s: RefSeller): number {
  let cap = s.cap;
  const on = s.projOnline;
  if (on >= 0 && w.tick >= on && !s.projFailed) {
    const years = Math.floor((w.tick - on) / 52);
    cap += s.projSize * (years === 0 ? 0.3 : years === 1 ? 0.6 : 0.9);
  }
  return cap;
}

// ---------------------------------------------------------------- the tick

export function refTick(r: RefWorld): void {
  const w = r.w;
  resetWeek(r);
  applyShocks(r);
  scriptedPostures(w);
  governmentsWeek(w);
  floorWeek(w);
  vaultWeek(w);
  licenceWeek(w); // its last step classifies sellers: none in the facade, so here:
  classifySellers(r);
  plantsPlan(r);
  makersPlan(r);
  linesNeed(r);
  stockpilesMemberNeed(r);
  vaultEntitlement(w);
  refinersProduce(r);
  recyclersProduce(r);
  floorOfftake(r);
  refinersInvest(r);
  if (w.tick % 13 === 0) {
    w.nom.fill(0);
    w.avail.fill(0);
    linesNominate(r);
    sellersShareTerm(r);
    sellersCommitTerm(r);
    w.termPrice.set(w.index);
  }
  sellersWantTerm(r);
  sellersDeliverTerm(r);
  linesReceiveTerm(r);
  r.book.reset();
  stockpilesDecide(w);
  linesDrawStockpiles(r);
  stockpilesRelease(w);
  sellersOffer(r);
  tradersOrder(w);
  linesBid(r);
  for (let m = 0; m < w.M; m++) {
    r.book.clear(m);
    const p = r.book.markets[m]!.price;
    if (p > 0) w.price[m] = p;
  }
  sellersSettle(r);
  tradersSettleAsks(w);
  stockpilesSettleAsks(w);
  stockpilesSettle(w);
  vaultDraw(w);
  tradersSettleBids(w);
  linesSettle(r);
  plantsConsume(r);
  makersOutput(r);
  licenceSettle(w);
  floorSettle(r);
  vaultSettle(w);
  updateMarkets(r);
  officeBooks(r);
  w.mDemandPrev.set(w.mDemand);
}

function resetWeek(r: RefWorld): void {
  const w = r.w;
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
  w.flows.fill(0);
  w.cnWeek.fill(0);
  for (const s of r.sellers) {
    s.sold = 0;
    s.revenue = 0;
    s.output = 0;
  }
  for (const l of r.lines) l.spent = 0;
}

// ---------------------------------------------------------------- scripted shocks

function sellerMatches(s: RefSeller, where: string): boolean {
  if (where === 'all') return true;
  if (where === 'cn_origin') return s.origin === ORIGIN_CN;
  if (where === 'non_cn') return s.origin === ORIGIN_NON;
  return BLOCS[s.bloc] === where;
}

function lineMatches(l: RefLine, where: string): boolean {
  if (where === 'all') return true;
  if ((BUYER_GROUPS as readonly string[]).includes(where)) return BUYER_GROUPS[l.plant.group] === where;
  return BLOCS[l.plant.bloc] === where;
}

function applyShocks(r: RefWorld): void {
  const w = r.w;
  const t = w.tick;
  let touched = false;
  for (const e of w.events) {
    if (e.event.type !== 'supply_outage' && e.event.type !== 'demand_shock') continue;
    if (t >= e.start && t <= e.end) touched = true;
  }
  if (!touched) return;
  for (const s of r.sellers) s.capFactor = 1;
  for (const l of r.lines) l.demandFactor = 1;
  for (const e of w.events) {
    if (t < e.start || t >= e.end) continue;
    const ev = e.event;
    if (ev.type === 'supply_outage') {
      for (const s of r.sellers) if (e.commodities.includes(s.commodity) && sellerMatches(s, ev.where)) s.capFactor *= 1 - ev.share;
    } else if (ev.type === 'demand_shock') {
      for (const l of r.lines) if (e.commodities.includes(l.commodity) && lineMatches(l, ev.where)) l.demandFactor *= ev.factor;
    }
  }
}

// ---------------------------------------------------------------- decide

function classifySellers(r: RefWorld): void {
  const w = r.w;
  for (const s of r.sellers) {
    let content = s.origin === ORIGIN_CN || s.cnOwned ? 1 : 0;
    if (s.kind === SELLER_MAKER && s.origin !== ORIGIN_CN) {
      let cn = 0;
      let all = 0;
      for (const l of s.plant!.lines) {
        cn += l.invCn;
        all += l.invCn + l.invNon;
      }
      content = all > 0 ? cn / all : 0;
    }
    s.content = content;
    if (s.origin === ORIGIN_CN) s.lic = LIC_CN;
    else if (s.cnOwned) s.lic = LIC_OWNED;
    else if (content > w.lic.fdprThreshold[s.commodity]!) s.lic = LIC_FDPR;
    else s.lic = LIC_NONE;
  }
}

function plantsPlan(r: RefWorld): void {
  const w = r.w;
  const growth = Math.pow(1 + w.k.growthWeekly, w.tick);
  for (const p of r.plants) {
    p.seg = p.bloc === 0 ? SEG_CN : p.alignDraw < w.alignment[p.bloc]! ? SEG_EX : SEG_OTHER;
    if (!p.seller) p.planned = p.size * growth;
  }
}

function makersPlan(r: RefWorld): void {
  const w = r.w;
  for (const p of r.plants) {
    const s = p.seller;
    if (!s) continue;
    const gap = (s.stockTarget + s.emaSales - s.stock) / 4;
    const cap = effectiveCapacity(w, s) * s.capFactor;
    let plan = s.emaSales + gap;
    if (plan > cap) plan = cap;
    p.planned = plan > 0 ? plan : 0;
    let unit = p.nonMineral;
    for (const l of p.lines) unit += l.baseNeed * l.intensity * l.avgCost * w.k.unitScale[l.commodity]!;
    s.mc = unit / w.k.unitScale[s.commodity]!;
  }
}

function linesNeed(r: RefWorld): void {
  const w = r.w;
  const k = w.k;
  for (const l of r.lines) {
    const c = l.commodity;
    const m = c * 3 + l.plant.seg;
    l.market = m;
    const ref = w.ref[c]!;
    const lr = Math.log(w.ema52[m]! / ref) - k.thriftThreshold;
    if (lr > 0) {
      const next = l.intensity - k.thriftRate * lr;
      const floor = k.thriftFloor[c]!;
      l.intensity = next > floor ? next : floor;
    }
    const sr = Math.pow(Math.min(50, Math.max(0.05, w.index[m]! / ref)), k.elasticity[c]!);
    l.need = l.baseNeed * l.intensity * sr * l.demandFactor * l.plant.planned;
    w.mDemand[m]! += l.need;
  }
}

function stockpilesMemberNeed(r: RefWorld): void {
  const w = r.w;
  const X = w.stockpiles.cols;
  const C = w.C;
  X.memberNeed.fill(0);
  w.blocNeed.fill(0);
  const allyAccess = w.p['vault.ally_access']!;
  const united = w.p['eu.united']! > 0;
  const mou = w.p['eu.mou_share']!;
  let vaultOn = X.active[OWNER_VAULT * C] === 1;
  for (let c = 0; c < C && !vaultOn; c++) if (X.active[OWNER_VAULT * C + c]) vaultOn = true;
  for (const l of r.lines) {
    const p = l.plant;
    const b = p.bloc;
    const c = l.commodity;
    w.blocNeed[b * C + c]! += l.need;
    let bits = 0;
    if (vaultOn && b !== BLOC_CN) {
      if (b === BLOC_US) bits |= 1 << OWNER_VAULT;
      else if (ALLY[b] && w.alignment[b]! >= allyAccess) {
        const u = (p.alignDraw * 7919) % 1;
        if (b !== BLOC_EU || united || u < mou) bits |= 1 << OWNER_VAULT;
      }
    }
    if (b === BLOC_JP) bits |= 1 << OWNER_GOV_JP;
    else if (b === BLOC_KR) bits |= 1 << OWNER_GOV_KR;
    else if (b === BLOC_EU && united) bits |= 1 << OWNER_GOV_EU;
    else if (b === BLOC_CN) bits |= 1 << OWNER_CN_STATE;
    if (p.group === GROUP_DEFENSE) bits |= 1 << OWNER_OFFTAKE;
    l.members = bits;
    for (let o = 0; o < OWNERS.length; o++) if (bits & (1 << o)) X.memberNeed[o * C + c]! += l.need;
  }
}

function utilisation(w: World, s: RefSeller, priceRatio: number): number {
  const eta = w.k.byproduct[s.commodity] ? w.k.etaBy : w.k.eta;
  const stockFactor = Math.sqrt(s.stockTarget / Math.max(s.stock, 1e-3 * s.stockTarget));
  const u = w.k.u0 * Math.pow(Math.max(priceRatio, 1e-3), eta) * Math.min(stockFactor, 1.5);
  return u > 1 ? 1 : u;
}

function produce(w: World, s: RefSeller, u: number): void {
  const c = s.commodity;
  if (w.flood[c]! > 0 && s.origin === ORIGIN_CN) u = 1;
  const q = effectiveCapacity(w, s) * u * s.capFactor;
  s.u = u;
  s.output = q;
  s.stock += q;
  w.production[c]! += q;
  w.gross[c]! += q;
}

function refinersProduce(r: RefWorld): void {
  const w = r.w;
  for (const s of r.sellers) {
    if (s.kind !== SELLER_REFINER) continue;
    const j = s.partner;
    if (j && j.index < s.index) continue; // produced with its partner
    let u: number;
    if (j) {
      const vi = s.baseOut * s.pRef;
      const vj = j.baseOut * j.pRef;
      const ratio = (s.emaPrice * s.baseOut + j.emaPrice * j.baseOut) / (vi + vj);
      const ui = utilisation(w, s, ratio);
      const uj = utilisation(w, j, ratio);
      u = (ui * vi + uj * vj) / (vi + vj);
      produce(w, j, u);
    } else {
      u = utilisation(w, s, s.emaPrice / s.pRef);
    }
    produce(w, s, u);
  }
}

function recyclersProduce(r: RefWorld): void {
  const w = r.w;
  const e = w.k.recElasticity;
  for (const s of r.sellers) {
    if (s.kind !== SELLER_RECYCLER) continue;
    const c = s.commodity;
    const ratio = Math.min(10, Math.max(0.1, s.emaPrice / s.pRef));
    const stockFactor = Math.min(1.5, Math.sqrt(s.stockTarget / Math.max(s.stock, 1e-3 * s.stockTarget)));
    const q = s.cap * w.k.u0 * Math.pow(ratio, e) * Math.min(1, stockFactor) * s.capFactor;
    s.u = q / s.cap;
    s.output = q;
    s.stock += q;
    w.recycling[c]! += q;
    w.gross[c]! += q;
  }
}

function floorOfftake(r: RefWorld): void {
  const w = r.w;
  const share = w.p['price_floor.offtake_share']!;
  if (!(share > 0)) return;
  const X = w.stockpiles.cols;
  for (const s of r.sellers) {
    const c = s.commodity;
    const floor = w.floorPrice[c]!;
    if (!(floor > 0) || s.origin !== ORIGIN_NON || s.cnOwned || s.kind !== SELLER_REFINER) continue;
    let q = share * s.output;
    if (q > s.stock) q = s.stock;
    if (!(q > 0)) continue;
    s.stock -= q;
    s.revenue += q * floor;
    s.sold += q;
    const x = OWNER_OFFTAKE * w.C + c;
    X.invNon[x]! += q;
    X.cost[x]! += q * floor * w.k.unitScale[c]!;
    w.floorBooks[1]! += q * floor * w.k.unitScale[c]!;
    w.gross[c]! += q;
  }
}

function refinersInvest(r: RefWorld): void {
  const w = r.w;
  const k = w.k;
  const t = w.tick;
  for (const s of r.sellers) {
    const kind = s.kind;
    if (kind !== SELLER_REFINER && kind !== SELLER_MAKER) continue;
    const on = s.projOnline;
    if (on >= 0 && t >= on + 156) {
      if (!s.projFailed) {
        const j = s.partner;
        if (j && s.cap > 0) j.cap += j.cap * (s.projSize / s.cap);
        s.cap += s.projSize;
      }
      s.projOnline = -1;
      s.projSize = 0;
      s.projFailed = 0;
    }
    if (s.origin !== ORIGIN_NON || s.cnOwned || t % 52 !== s.phase || t < 52) continue;
    if (s.projOnline >= 0) continue;
    const c = s.commodity;
    const m = c * 3 + SEG_EX;
    const floor = kind === SELLER_REFINER ? w.floorPrice[c]! : 0;
    const expected = Math.max(w.ema52[m]! * (1 - k.hazard * k.loss), floor);
    const yearlyVol = Math.sqrt(52 * w.vol[m]!);
    const club = 1 - k.clubOfftake * (clubShare(w.segShare, c) - w.clubShare0[c]!);
    const hurdle = s.mc * (1 + k.capexCharge) * k.realOption * club * (1 + k.volSensitivity * yearlyVol) * w.floorRelief[c]!;
    if (expected <= hurdle) continue;
    const maker = kind === SELLER_MAKER;
    const lagYears = maker
      ? uniformIn(w.key, SELLER_STREAM + c, s.index, t, PURPOSE_INVEST_LAG, k.makerLagMin, k.makerLagMax)
      : uniformIn(w.key, SELLER_STREAM + c, s.index, t, PURPOSE_INVEST_LAG, k.lagMin, k.lagMax);
    s.projOnline = t + Math.round(lagYears * 52);
    s.projFailed = uniform(w.key, SELLER_STREAM + c, s.index, t, PURPOSE_INVEST_FAIL) < k.failProb ? 1 : 0;
    s.projSize = maker ? k.makerExpansion * s.cap : (k.projectShare * k.demandWeekly[c]!) / k.u0;
    w.eventLog.push({ week: t, actor: w.actorName(s.group), type: 'investment', commodity: COMMODITIES[c]!, target: BLOCS[s.bloc]!, value: s.projSize * 52, detail: `online in week ${s.projOnline}${s.projFailed ? ' (will fail)' : ''}` });
  }
}

// ---------------------------------------------------------------- term contracts

function linesNominate(r: RefWorld): void {
  const w = r.w;
  for (const l of r.lines) {
    const m = l.market;
    l.termMarket = m;
    const nom = l.termShare * l.need;
    const non = nom * l.nsShare;
    l.nomNon = non;
    l.nomCn = nom - non;
    w.nom[m * 2]! += nom - non;
    w.nom[m * 2 + 1]! += non;
  }
}

function sellersShareTerm(r: RefWorld): void {
  const w = r.w;
  for (const s of r.sellers) {
    const c = s.commodity;
    const o = s.origin;
    let tot = 0;
    for (let seg = 0; seg < 3; seg++) {
      const m = c * 3 + seg;
      const open = capped(w, s.lic, m) ? Math.min(1, w.lic.cap[m * 4 + s.lic]! / Math.max(w.lic.ema[m * 4 + s.lic]!, 1e-300)) : 1;
      const v = w.nom[m * 2 + o]! * open;
      s.commit[seg] = v;
      tot += v;
    }
    const exp = s.emaSales;
    for (let seg = 0; seg < 3; seg++) {
      const share = tot > 0 ? s.commit[seg]! / tot : 0;
      s.commit[seg] = share;
      w.avail[(c * 3 + seg) * 2 + o]! += exp * share;
    }
  }
}

function sellersCommitTerm(r: RefWorld): void {
  const w = r.w;
  for (const s of r.sellers) {
    const c = s.commodity;
    const o = s.origin;
    const exp = s.emaSales;
    for (let seg = 0; seg < 3; seg++) {
      const pool = (c * 3 + seg) * 2 + o;
      const av = w.avail[pool]!;
      const ratio = av > 0 ? Math.min(0.95, w.nom[pool]! / av) : 0;
      s.commit[seg] = exp * s.commit[seg]! * ratio;
    }
  }
}

function sellersWantTerm(r: RefWorld): void {
  const w = r.w;
  if (!w.lic.anyCap) return;
  for (const s of r.sellers) {
    const cls = s.lic;
    if (cls === LIC_NONE) continue;
    for (let seg = 1; seg < 3; seg++) {
      const m = s.commodity * 3 + seg;
      if (capped(w, cls, m)) w.lic.want[m * 4 + cls]! += s.commit[seg]!;
    }
  }
}

function sellersDeliverTerm(r: RefWorld): void {
  const w = r.w;
  const lic = w.lic;
  for (const s of r.sellers) {
    const c = s.commodity;
    const o = s.origin;
    const cls = s.lic;
    let due = 0;
    for (let seg = 0; seg < 3; seg++) {
      const m = c * 3 + seg;
      let d = s.commit[seg]!;
      if (lic.anyCap && capped(w, cls, m)) {
        const want = lic.want[m * 4 + cls]!;
        const cap = lic.cap[m * 4 + cls]!;
        if (want > cap) d *= cap / want;
      }
      s.askQ[seg] = d;
      due += d;
    }
    if (!(due > 0)) continue;
    const stock = s.stock;
    const ratio = stock >= due ? 1 : stock / due;
    let out = 0;
    for (let seg = 0; seg < 3; seg++) {
      const d = s.askQ[seg]! * ratio;
      if (d === 0) continue;
      const m = c * 3 + seg;
      w.deliv[m * 2 + o]! += d;
      out += d;
      const price = w.termPrice[m]! - shipCost(w, o, seg) * w.ref[c]!;
      s.revenue += d * price;
      if (cls !== LIC_NONE) {
        lic.delivered[m * 4 + cls]! += d;
        if (seg !== 0 && capped(w, cls, m)) lic.remain[m * 4 + cls]! -= d;
      }
      if (o === ORIGIN_CN) exportBooks(w, c, seg, d, price, s.mc);
    }
    s.stock = ratio === 1 ? stock - out : 0;
    s.sold += out;
    w.gross[c]! += out;
  }
}

function linesReceiveTerm(r: RefWorld): void {
  const w = r.w;
  for (const l of r.lines) {
    const m = l.termMarket;
    const nc = w.nom[m * 2]!;
    const nn = w.nom[m * 2 + 1]!;
    const rc = nc > 0 ? l.nomCn * (w.deliv[m * 2]! / nc) : 0;
    const rn = nn > 0 ? l.nomNon * (w.deliv[m * 2 + 1]! / nn) : 0;
    l.termRecvCn = rc;
    l.termRecv = rc + rn;
    l.invCn += rc;
    l.invNon += rn;
    l.spent += (rc + rn) * w.termPrice[m]!;
    const f = l.commodity * 2 * NB + l.plant.bloc;
    w.flows[f]! += rc;
    w.flows[f + NB]! += rn;
  }
}

// ---------------------------------------------------------------- spot

function linesDrawStockpiles(r: RefWorld): void {
  const w = r.w;
  const X = w.stockpiles.cols;
  const C = w.C;
  for (const l of r.lines) {
    l.stockRecv = 0;
    const bits = l.members;
    if (!bits) continue;
    const c = l.commodity;
    for (let o = 0; o < OWNERS.length; o++) {
      if (!(bits & (1 << o))) continue;
      const x = o * C + c;
      const rel = X.release[x]!;
      if (!(rel > 0)) continue;
      const q = rel * (l.need / X.memberNeed[x]!);
      const stock = X.invCn[x]! + X.invNon[x]!;
      const cnShare = stock > 0 ? X.invCn[x]! / stock : 0;
      l.invCn += q * cnShare;
      l.invNon += q * (1 - cnShare);
      l.stockRecv += q;
      l.spent += q * X.price[x]!;
    }
  }
}

function sellersOffer(r: RefWorld): void {
  const w = r.w;
  const lic = w.lic;
  const tgt = [0, 0, 0];
  for (const s of r.sellers) {
    const stock = s.stock;
    const c = s.commodity;
    const o = s.origin;
    const ref = w.ref[c]!;
    let best = -Infinity;
    for (let seg = 0; seg < 3; seg++) {
      const nb = w.price[c * 3 + seg]! - shipCost(w, o, seg) * ref;
      if (nb > best) best = nb;
    }
    let tot = 0;
    for (let seg = 0; seg < 3; seg++) {
      const nb = w.price[c * 3 + seg]! - shipCost(w, o, seg) * ref;
      const x = (w.k.beta * (nb - best)) / ref;
      tgt[seg] = w.segShare[c * 3 + seg]! * Math.exp(x < -30 ? -30 : x);
      tot += tgt[seg]!;
    }
    let sum = 0;
    for (let seg = 0; seg < 3; seg++) {
      const prev = s.alloc[seg]!;
      const a = prev + w.k.allocRate * (tgt[seg]! / tot - prev);
      s.alloc[seg] = a;
      sum += a;
    }
    for (let seg = 0; seg < 3; seg++) {
      s.alloc[seg] = sum > 0 ? s.alloc[seg]! / sum : 1 / 3;
      const m = c * 3 + seg;
      if (lic.anyCap && capped(w, s.lic, m)) lic.want[m * 4 + s.lic]! += stock * s.alloc[seg]!;
    }
  }
  if (lic.anyCap) {
    for (let j = 0; j < lic.want.length; j++) {
      const want = lic.want[j]!;
      const room = lic.remain[j]! > 0 ? lic.remain[j]! : 0;
      lic.want[j] = want > room ? room / want : 1;
    }
  }
  const book = r.book;
  const carry = 1 + 4 * w.k.carryWeekly;
  for (const s of r.sellers) {
    const stock = s.stock;
    const c = s.commodity;
    const o = s.origin;
    const ref = w.ref[c]!;
    const cls = s.lic;
    let keep = 1;
    if (lic.anyClosing && cls !== LIC_NONE) for (let seg = 0; seg < 3; seg++) keep -= s.alloc[seg]! * lic.closing[(c * 3 + seg) * 4 + cls]!;
    const full = s.stockTarget + s.emaSales * (keep > 0 ? keep : 0);
    const cover = full > 0 ? Math.max(stock / full, 0.01) : 1;
    const tilt = Math.pow(cover, -1 / s.theta);
    const wait = (tilt < 0.7 ? 0.7 : tilt > 1.2 ? 1.2 : tilt) / carry;
    let blocked = 0;
    let openWeight = 0;
    for (let seg = 0; seg < 3; seg++) {
      const m = c * 3 + seg;
      let q = stock * s.alloc[seg]!;
      if (lic.anyCap && capped(w, cls, m)) {
        const f = lic.want[m * 4 + cls]!;
        blocked += q * (1 - f);
        q *= f;
      } else openWeight += s.alloc[seg]!;
      s.askQ[seg] = q;
    }
    if (blocked > 0 && openWeight > 0) {
      for (let seg = 0; seg < 3; seg++) {
        if (lic.anyCap && capped(w, cls, c * 3 + seg)) continue;
        s.askQ[seg]! += (blocked * s.alloc[seg]!) / openWeight;
      }
    }
    for (let seg = 0; seg < 3; seg++) {
      const q = s.askQ[seg]!;
      if (!(q > 0)) {
        s.askBin[seg] = -1;
        continue;
      }
      const m = c * 3 + seg;
      const flood = o === ORIGIN_CN ? w.flood[c]! : 0;
      const reserve = flood > 0 ? w.anchor[m]! * (1 - flood) : Math.max(s.mc + shipCost(w, o, seg) * ref, w.anchor[m]! * wait);
      const bin = book.askBin(m, reserve);
      s.askBin[seg] = bin;
      book.addAsk(m, bin, q);
      w.mSupply[m]! += q;
    }
  }
}

function linesBid(r: RefWorld): void {
  const w = r.w;
  const book = r.book;
  const phi = w.k.phi;
  const cap = w.k.restockCap;
  for (const l of r.lines) {
    const need = l.need;
    const m = l.market;
    const inv = l.invCn + l.invNon;
    const received = l.termRecv + l.stockRecv;
    const before = inv - received;
    let baseWeeks = l.targetWeeks;
    if (l.members & 1) {
      baseWeeks -= w.k.crowding * w.entitleWeeks[l.commodity]!;
      if (baseWeeks < l.minCover) baseWeeks = l.minCover;
    }
    const targetWeeks = baseWeeks * (1 + phi * w.risk[m]!);
    l.bidQ = 0;
    l.bidBin = -1;
    l.bidQ2 = 0;
    l.bidBin2 = -1;
    if (!(need > 0)) continue;
    const running = need - received;
    const gap = (targetWeeks * need - before) / l.adjust;
    const want = running + gap;
    if (!(want > 0)) continue;
    const cover = before / need;
    let restock = w.anchor[m]! * Math.pow(Math.max(cover, 0.01) / targetWeeks, -1 / l.theta);
    const ceiling = cap * w.p0[m]!;
    if (restock > ceiling) restock = ceiling;
    if (restock > l.choke) restock = l.choke;
    const urgent = cover < l.minCover && running > 0 ? Math.min(running, want) : 0;
    if (urgent > 0) {
      const bin = book.bidBin(m, l.choke);
      l.bidQ = urgent;
      l.bidBin = bin;
      book.addBid(m, bin, urgent);
    }
    const rest = want - urgent;
    if (rest > 0) {
      const bin = book.bidBin(m, restock);
      l.bidQ2 = rest;
      l.bidBin2 = bin;
      book.addBid(m, bin, rest);
    }
  }
}

// ---------------------------------------------------------------- settle

function sellersSettle(r: RefWorld): void {
  const w = r.w;
  const book = r.book;
  const lic = w.lic;
  for (const s of r.sellers) {
    const c = s.commodity;
    const o = s.origin;
    const cls = s.lic;
    let out = 0;
    for (let seg = 0; seg < 3; seg++) {
      const bin = s.askBin[seg]!;
      if (bin < 0) continue;
      const m = c * 3 + seg;
      const q = s.askQ[seg]! * book.sellFill(m, bin);
      if (q === 0) continue;
      out += q;
      const price = w.price[m]! - shipCost(w, o, seg) * w.ref[c]!;
      s.revenue += q * price;
      w.spotAll[m]! += q;
      if (o === ORIGIN_CN) {
        w.spotCn[m]! += q;
        exportBooks(w, c, seg, q, price, s.mc);
      }
      if (cls !== LIC_NONE) lic.delivered[m * 4 + cls]! += q;
    }
    s.stock -= out;
    if (s.stock < 0) s.stock = 0;
    s.sold += out;
    w.gross[c]! += out;
    const sold = s.sold;
    s.topup = 0;
    const floor = w.floorPrice[c]!;
    if (floor > 0 && sold > 0 && o === ORIGIN_NON && !s.cnOwned && s.kind === SELLER_REFINER) {
      const realised = s.revenue / sold;
      if (realised < floor) {
        s.topup = (floor - realised) * sold;
        s.revenue += s.topup;
      }
    }
    s.emaSales = 0.9 * s.emaSales + 0.1 * sold;
    if (sold > 0) {
      const rate = s.kind === SELLER_RECYCLER ? 1 / w.k.recLag : 0.2;
      s.emaPrice = (1 - rate) * s.emaPrice + rate * (s.revenue / sold);
    }
  }
}

function linesSettle(r: RefWorld): void {
  const w = r.w;
  const book = r.book;
  for (const l of r.lines) {
    const m = l.market;
    let recv = 0;
    if (l.bidBin >= 0) recv += l.bidQ * book.buyFill(m, l.bidBin);
    if (l.bidBin2 >= 0) recv += l.bidQ2 * book.buyFill(m, l.bidBin2);
    if (recv > 0) {
      const all = w.spotAll[m]!;
      const cnShare = all > 0 ? w.spotCn[m]! / all : 0;
      l.invCn += recv * cnShare;
      l.invNon += recv * (1 - cnShare);
      l.spent += recv * w.price[m]!;
      const f = l.commodity * 2 * NB + l.plant.bloc;
      w.flows[f]! += recv * cnShare;
      w.flows[f + NB]! += recv * (1 - cnShare);
    }
    l.spotRecv = recv;
    const needValue = l.need * w.price[m]! * w.k.unitScale[l.commodity]!;
    l.fee = (l.members & 1 ? w.vaultFeeRate * needValue : 0) + (m % 3 === SEG_EX && l.plant.bloc !== 0 ? w.k.compliance * needValue : 0);
    const got = recv + l.termRecv + l.stockRecv;
    if (got > 0) {
      const inv = l.invCn + l.invNon;
      const before = inv - got;
      l.avgCost = (l.avgCost * (before > 0 ? before : 0) + l.spent) / (inv > 0 ? inv : got);
    }
  }
}

function plantsConsume(r: RefWorld): void {
  const w = r.w;
  for (const p of r.plants) {
    let frac = 1;
    for (const l of p.lines) {
      if (l.need > 0) {
        const x = (l.invCn + l.invNon) / l.need;
        if (x < frac) frac = x;
      }
    }
    let cost = 0;
    for (const l of p.lines) {
      const need = l.need;
      const c = l.commodity;
      const inv = l.invCn + l.invNon;
      let use = need * frac;
      if (use >= inv) {
        use = inv;
        l.invCn = 0;
        l.invNon = 0;
      } else if (use > 0) {
        const cnPart = use * (l.invCn / inv);
        l.invCn -= cnPart;
        l.invNon -= use - cnPart;
      }
      l.consumed = use;
      const short = need > inv ? need - inv : 0;
      l.short = short;
      cost += use * l.avgCost * w.k.unitScale[c]! + l.fee;
      w.consumption[c]! += use;
      w.gross[c]! += use;
      w.mShort[l.market]! += short;
    }
    p.frac = frac;
    const out = p.planned * frac;
    p.output = out;
    p.inputCost = cost;
    p.cost = cost + p.nonMineral * out;
    if (out > 0.05 * p.planned) p.ucEma = 0.9 * p.ucEma + 0.1 * (p.cost / out);
    p.revenue = out * p.uc0 * (1 + w.k.margin) * (1 + w.k.passThrough * (p.ucEma / p.uc0 - 1));
  }
}

function makersOutput(r: RefWorld): void {
  const w = r.w;
  for (const p of r.plants) {
    const s = p.seller;
    if (!s) continue;
    const q = p.output;
    s.output = q;
    s.u = s.cap > 0 ? q / s.cap : 0;
    s.stock += q;
    w.production[s.commodity]! += q;
    w.gross[s.commodity]! += q;
  }
}

function floorSettle(r: RefWorld): void {
  const w = r.w;
  for (const s of r.sellers) w.floorBooks[0]! += s.topup * w.k.unitScale[s.commodity]!;
}

function updateMarkets(r: RefWorld): void {
  const w = r.w;
  const W = w.indexWeeks;
  const slot = w.tick % W;
  for (let m = 0; m < w.M; m++) {
    const mk = r.book.markets[m]!;
    const prev = w.price[m]!;
    let p = mk.price;
    if (!(p > 0)) p = prev;
    w.price[m] = p;
    const ret = Math.log(p / prev);
    w.vol[m] = (51 / 52) * w.vol[m]! + (1 / 52) * ret * ret;
    w.ring[m * W + slot] = p;
    let sum = 0;
    for (let j = 0; j < W; j++) sum += w.ring[m * W + j]!;
    w.index[m] = sum / W;
    w.anchor[m] = Math.pow(w.index[m]!, w.k.anchorWeight) * Math.pow(w.p0[m]!, 1 - w.k.anchorWeight);
    w.ema26[m] = w.ema26[m]! + (p - w.ema26[m]!) / 26;
    w.ema52[m] = w.ema52[m]! + (p - w.ema52[m]!) / 52;
    const spike = Math.min(1, Math.max(0, w.k.spikeRisk * (p / w.ema26[m]! - 1)));
    w.risk[m] = Math.max(w.risk[m]! * w.k.riskDecay, spike, w.policyRisk[m]!);
    w.mTraded[m] = mk.traded + w.deliv[m * 2]! + w.deliv[m * 2 + 1]!;
  }
  trackSegmentDemand(w);
}

function officeBooks(r: RefWorld): void {
  const w = r.w;
  let exCn = 0;
  let exAll = 0;
  let noncnCap = 0;
  for (const s of r.sellers) if (s.origin !== ORIGIN_CN && s.kind === 0) noncnCap += s.cap * w.ref[s.commodity]! * w.k.unitScale[s.commodity]!;
  for (let c = 0; c < w.C; c++) {
    const m = c * 3 + SEG_EX;
    const ref = w.ref[c]!;
    exCn += w.lic.delivered[m * 4 + LIC_CN]! * ref;
    exAll += (w.mTraded[m]! > 0 ? w.mTraded[m]! : 0) * ref;
  }
  w.cnWeek[4] = exAll > 0 ? exCn / exAll : 0;
  w.cnWeek[6] = noncnCap;
  let active = 0;
  for (const g of w.lic.regimes) if (w.tick >= g.start && w.tick < g.end) active++;
  w.cnWeek[7] = active;
}

// ---------------------------------------------------------------- a run

function stocksByCommodity(r: RefWorld, out: Float64Array): void {
  const w = r.w;
  out.fill(0);
  for (const s of r.sellers) out[s.commodity]! += s.stock;
  for (const l of r.lines) out[l.commodity]! += l.invCn + l.invNon;
  const T = w.traders.cols;
  for (let i = 0; i < w.traders.size; i++) out[T.commodity[i]!]! += T.invCn[i]! + T.invNon[i]!;
  const X = w.stockpiles.cols;
  for (let i = 0; i < w.stockpiles.size; i++) out[X.commodity[i]!]! += X.invCn[i]! + X.invNon[i]!;
}

/** A whole run on the reference, returning the same series as simulate() in world.ts. */
export function simulateReference(spec: RunSpec): RunSeries {
  const r = buildReference(spec);
  const w = r.w;
  const T = spec.horizonWeeks;
  const M = w.M;
  const C = w.C;
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
    agents: r.sellers.length + r.plants.length,
  };
  stocksByCommodity(r, series.initialStocks);
  const stocks = new Float64Array(C);
  for (let t = 0; t < T; t++) {
    w.tick = t;
    refTick(r);
    record(r, series, t, stocks);
  }
  return series;
}

function record(r: RefWorld, out: RunSeries, t: number, stocks: Float64Array): void {
  const w = r.w;
  const M = w.M;
  const C = w.C;
  out.price.set(w.price, t * M);
  out.traded.set(w.mTraded, t * M);
  out.demand.set(w.mDemand, t * M);
  out.supply.set(w.mSupply, t * M);
  out.shortage.set(w.mShort, t * M);
  for (let m = 0; m < M; m++) out.supply[t * M + m]! += w.deliv[m * 2]! + w.deliv[m * 2 + 1]!;
  out.flows.set(w.flows, t * w.flows.length);
  out.vaultBooks.set(w.vaultBooks, t * w.vaultBooks.length);
  const X = w.stockpiles.cols;
  let state = 0;
  for (let c = 0; c < C; c++) {
    const x = OWNER_CN_STATE * C + c;
    state += (X.invCn[x]! + X.invNon[x]!) * w.price[X.market[x]!]! * w.k.unitScale[c]!;
  }
  w.cnWeek[5] = state;
  w.cnWeek[2] = w.cnWeek[0]!;
  out.cnOffice.set(w.cnWeek, t * w.cnWeek.length);
  out.floorBooks.set(w.floorBooks, t * 2);
  out.production.set(w.production, t * C);
  out.recycling.set(w.recycling, t * C);
  out.consumption.set(w.consumption, t * C);
  out.grossFlow.set(w.gross, t * C);
  stocksByCommodity(r, stocks);
  out.stocks.set(stocks, t * C);
  const go = t * out.groups;
  for (const p of r.plants) {
    out.groupOutput[go + p.group]! += p.output * p.inputUc0;
    out.groupCost[go + p.group]! += p.inputCost;
    if (!p.seller) out.groupRevenue[go + p.group]! += p.revenue;
  }
  for (const l of r.lines) {
    const v = w.ref[l.commodity]! * w.k.unitScale[l.commodity]!;
    out.groupShortValue[go + l.group]! += l.short * v;
    out.groupNeedValue[go + l.group]! += l.need * v;
  }
  for (const s of r.sellers) {
    if (s.kind !== SELLER_RECYCLER) out.capacity[(t * C + s.commodity) * 2 + (s.origin === ORIGIN_CN ? 0 : 1)]! += effectiveCapacity(w, s);
    const scale = w.k.unitScale[s.commodity]!;
    out.groupRevenue[go + s.group]! += s.revenue * scale;
    if (s.kind !== SELLER_MAKER) {
      out.groupOutput[go + s.group]! += s.output * s.mc * scale;
      out.groupCost[go + s.group]! += s.output * s.mc * scale;
    }
  }
}
