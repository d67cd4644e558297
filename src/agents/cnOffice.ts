/**
 * China's export-control office (MOFCOM). It licenses Chinese-made supply per commodity x
 * destination segment, with a delay pipeline and approval rates (MODEL-NOTES.md "How two prices
 * arise"); announcement and effective dates; the extraterritorial 0.1% rule (non-Chinese sellers
 * whose Chinese content exceeds the threshold need licences too); retaliation against blocs that
 * align with the US club or impose chip controls; the state stockpile (stockpile.ts, owner
 * cn_state); and the books it weighs (export rent, market share, others' capacity).
 *
 * A licence regime caps, each week, what each licence class may deliver into a market:
 *   cap = approval x (1 - defence share) x F(weeks since start) x base,
 * base being that class's smoothed deliveries into the market when the regime took effect (the
 * volume applied for), F the lognormal delay distribution of licence decisions (median
 * `cn_office.licence_delay_weeks`, by statute 45 working days: the first weeks of a new regime see
 * almost no exports). Defence end users are never approved. The cap binds term deliveries first,
 * then spot offers (market.ts); what cannot go where it was meant to is offered elsewhere.
 */
import { BLOCS, COMMODITIES, SEGMENTS, SEG_EX, SEG_OTHER, blocIndex } from './ids.js';
import { ORIGIN_CN, SELLER_MAKER, type LicenceState, type Regime, type World } from './state.js';

// Loops over arrays are indexed, not for...of: in functions that run once a tick V8 leaves them
// unoptimised, and each for...of allocated an iterator (bench/alloc-sites.ts).
export const LIC_NONE = 0;
/** made in China */
export const LIC_CN = 1;
/** Chinese-owned plant abroad (licensed only by regimes that say so) */
export const LIC_OWNED = 2;
/** non-Chinese seller whose Chinese content exceeds the extraterritorial threshold */
export const LIC_FDPR = 3;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf; |error| < 1.5e-7). */
export function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Share of licence applications decided within `weeks` of filing. */
export function licenceDecided(weeks: number, median: number, sigma: number): number {
  if (weeks <= 0) return 0;
  return normalCdf(Math.log(weeks / median) / sigma);
}

export function createLicenceState(M: number, C: number): LicenceState {
  return {
    cap: new Float64Array(M * 4).fill(Infinity),
    remain: new Float64Array(M * 4).fill(Infinity),
    ema: new Float64Array(M * 4),
    delivered: new Float64Array(M * 4),
    want: new Float64Array(M * 4),
    closing: new Float64Array(M * 4),
    anyClosing: false,
    defenseShare: new Float64Array(M),
    fdprThreshold: new Float64Array(C).fill(Infinity),
    regimes: [],
    anyCap: false,
  };
}

function segsOf(target: string): number[] {
  if (target === 'ex_cn') return [SEG_EX];
  if (target === 'ex_cn_other') return [SEG_OTHER];
  if (target === 'exports') return [SEG_EX, SEG_OTHER];
  throw new RangeError(`unknown export-control target ${JSON.stringify(target)} (allowed: ex_cn, ex_cn_other, exports)`);
}

/** Regimes from the scenario's export_control and fdpr events. */
export function scriptedRegimes(w: World): Regime[] {
  const out: Regime[] = [];
  const p = w.p;
  for (let i1 = 0; i1 < w.events.length; i1++) {
    const e = w.events[i1]!;
    const ev = e.event;
    if (ev.type === 'export_control') {
      out.push({
        source: 'script',
        kind: 'export_control',
        commodities: e.commodities,
        segs: segsOf(ev.target),
        classes: ev.cn_owned ? [LIC_CN, LIC_OWNED] : [LIC_CN],
        approval: ev.approval ?? p['cn_office.approval_targeted']!,
        delay: ev.delay_weeks ?? p['cn_office.licence_delay_weeks']!,
        threshold: Infinity,
        announce: e.announce,
        start: e.start,
        end: e.end,
        base: null,
      });
    } else if (ev.type === 'fdpr') {
      out.push({
        source: 'script',
        kind: 'fdpr',
        commodities: e.commodities,
        segs: segsOf(ev.target),
        classes: [LIC_FDPR],
        approval: ev.approval ?? p['cn_office.approval_targeted']!,
        delay: ev.delay_weeks ?? p['cn_office.licence_delay_weeks']!,
        threshold: ev.threshold ?? 0.001,
        announce: e.announce,
        start: e.start,
        end: e.end,
        base: null,
      });
    }
  }
  return out;
}

function log(w: World, type: string, commodity: string, target: string, value: number, detail: string): void {
  w.eventLog.push({ week: w.tick, actor: 'cn_office', type, commodity, target, value, detail });
}

const names = (cs: readonly number[]) => cs.map((c) => COMMODITIES[c]).join('+');
const segNames = (ss: readonly number[]) => ss.map((s) => SEGMENTS[s]).join('+');

/**
 * decide, before any delivery: retaliation, regimes' announcements and starts, this week's caps,
 * the policy risk buyers see, and each seller's licence class. O(regimes x markets + sellers).
 */
export function licenceWeek(w: World): void {
  const t = w.tick;
  const lic = w.lic;
  retaliate(w);
  lic.cap.fill(Infinity);
  lic.fdprThreshold.fill(Infinity);
  w.policyRisk.fill(0);
  lic.closing.fill(0);
  lic.anyClosing = false;
  let any = false;
  const sigma = w.p['cn_office.licence_delay_sigma']!;
  for (let i2 = 0; i2 < lic.regimes.length; i2++) {
    const r = lic.regimes[i2]!;
    if (t === r.announce && r.announce < r.start) log(w, 'announce', names(r.commodities), segNames(r.segs), r.approval, `${r.kind} takes effect in week ${r.start}`);
    if (t === r.start) {
      r.base = Float64Array.from(lic.ema);
      log(w, r.kind === 'fdpr' ? 'fdpr_start' : 'licences_required', names(r.commodities), segNames(r.segs), r.approval, `${r.source}; median delay ${r.delay} weeks`);
    }
    if (t === r.end) log(w, 'lifted', names(r.commodities), segNames(r.segs), 1, r.source);
    const announced = t >= r.announce && t < r.end;
    if (!announced) continue;
    // Fear moves first (MODEL-NOTES.md): the risk buyers see jumps at the announcement and then
    // fades with their risk half-life as a regime becomes known; shortages then speak for
    // themselves through cover.
    const risk = w.p['cn_office.announcement_risk']! * Math.pow(w.k.riskDecay, t - r.announce);
    for (let i3 = 0; i3 < r.commodities.length; i3++) {
      const c = r.commodities[i3]!;
      for (let i4 = 0; i4 < r.segs.length; i4++) {
        const s = r.segs[i4]!;
        if (w.policyRisk[c * 3 + s]! < risk) w.policyRisk[c * 3 + s] = risk;
      }
      if (r.kind === 'fdpr' && r.threshold < lic.fdprThreshold[c]!) lic.fdprThreshold[c] = r.threshold;
    }
    // What sellers expect to lose: from the announcement on they know their licensed sales there
    // will fall to approval x the licences decided (none before the start), so they do not read
    // the front-loaded sales of an announcement window as lasting demand (market.ts, cover).
    // Before the start, only the part of their four-week horizon (the value of waiting's) that
    // falls after it counts.
    const decided = licenceDecided(t - r.start + 0.5, r.delay, sigma);
    const ahead = t >= r.start ? 1 : t + 4 - r.start > 0 ? (t + 4 - r.start) / 4 : 0;
    for (let i3 = 0; i3 < r.commodities.length; i3++) {
      const c = r.commodities[i3]!;
      for (let i4 = 0; i4 < r.segs.length; i4++) {
        const m = c * 3 + r.segs[i4]!;
        const lose = ahead * (1 - r.approval * (1 - lic.defenseShare[m]!) * decided);
        for (let i7 = 0; i7 < r.classes.length; i7++) {
          const j = m * 4 + r.classes[i7]!;
          if (lose > lic.closing[j]!) lic.closing[j] = lose;
        }
      }
    }
    lic.anyClosing = true;
    if (t < r.start || !r.base) continue;
    for (let i5 = 0; i5 < r.commodities.length; i5++) {
      const c = r.commodities[i5]!;
      for (let i6 = 0; i6 < r.segs.length; i6++) {
        const s = r.segs[i6]!;
        const m = c * 3 + s;
        const approval = r.approval * (1 - lic.defenseShare[m]!);
        for (let i7 = 0; i7 < r.classes.length; i7++) {
          const cls = r.classes[i7]!;
          const j = m * 4 + cls;
          const cap = approval * decided * r.base[j]!;
          if (cap < lic.cap[j]!) lic.cap[j] = cap;
          any = true;
        }
      }
    }
  }
  lic.anyCap = any;
  floodWeek(w);
  lic.remain.set(lic.cap);
  lic.want.fill(0);
  lic.delivered.fill(0);
  classifySellers(w);
}

/** Each seller's licence class this week; makers' Chinese content from their input stock. */
function classifySellers(w: World): void {
  const S = w.sellers.cols;
  const P = w.plants.cols;
  const L = w.lines.cols;
  for (let i = 0; i < w.sellers.size; i++) {
    let content = S.origin[i] === ORIGIN_CN || S.cnOwned[i] ? 1 : 0;
    if (S.kind[i] === SELLER_MAKER && S.origin[i] !== ORIGIN_CN) {
      const p = S.plant[i]!;
      let cn = 0;
      let all = 0;
      for (let l = P.firstLine[p]!; l < P.firstLine[p]! + P.nLines[p]!; l++) {
        cn += L.invCn[l]!;
        all += L.invCn[l]! + L.invNon[l]!;
      }
      content = all > 0 ? cn / all : 0;
    }
    S.content[i] = content;
    const c = S.commodity[i]!;
    if (S.origin[i] === ORIGIN_CN) S.lic[i] = LIC_CN;
    else if (S.cnOwned[i]) S.lic[i] = LIC_OWNED;
    else if (content > w.lic.fdprThreshold[c]!) S.lic[i] = LIC_FDPR;
    else S.lic[i] = LIC_NONE;
  }
}

/** settle, end of week: smooth deliveries per market x class (the base of future regimes). */
export function licenceSettle(w: World): void {
  const lic = w.lic;
  for (let j = 0; j < lic.ema.length; j++) lic.ema[j] = lic.ema[j]! + (lic.delivered[j]! - lic.ema[j]!) / 13;
}

/**
 * Adaptive retaliation (cn_office.adaptive = 1): a bloc that aligns fully with the US club or
 * imposes chip controls triggers, after `cn_office.retaliation_lag` weeks, licences on the
 * retaliation commodities to the aligned segment at `cn_office.retaliation_approval`, for
 * `cn_office.retaliation_weeks` weeks.
 */
export function noteProvocation(w: World, bloc: number, why: string): void {
  if (!(w.p['cn_office.adaptive']! > 0)) return;
  if (w.retaliationDue[bloc]! >= 0) return;
  const due = w.tick + Math.round(w.p['cn_office.retaliation_lag']!);
  w.retaliationDue[bloc] = due;
  log(w, 'retaliation_planned', names(RETALIATION_COMMODITIES), 'ex_cn', w.p['cn_office.retaliation_approval']!, `against ${BLOCS[bloc]} (${why}); effective week ${due}`);
}

export const RETALIATION_COMMODITIES: readonly number[] = ['gallium', 'germanium', 'graphite_anode', 'dytb', 'magnet'].map((c) => COMMODITIES.indexOf(c as never));

function retaliate(w: World): void {
  for (let b = 0; b < w.retaliationDue.length; b++) {
    if (w.retaliationDue[b] !== w.tick) continue;
    const weeks = Math.round(w.p['cn_office.retaliation_weeks']!);
    w.lic.regimes.push({
      source: `retaliation against ${BLOCS[b]}`,
      kind: 'export_control',
      commodities: RETALIATION_COMMODITIES,
      segs: [SEG_EX],
      classes: [LIC_CN],
      approval: w.p['cn_office.retaliation_approval']!,
      delay: w.p['cn_office.licence_delay_weeks']!,
      threshold: Infinity,
      announce: w.tick,
      start: w.tick,
      end: w.tick + weeks,
      base: null,
    });
    w.retaliationDue[b] = -2; // once per bloc per run
  }
}

/** Alignment and chip-control events from the script; alignment changes may provoke China. */
export function scriptedPostures(w: World): void {
  for (let i8 = 0; i8 < w.events.length; i8++) {
    const e = w.events[i8]!;
    if (e.start !== w.tick) continue;
    const ev = e.event;
    if (ev.type === 'alignment') {
      const b = blocIndex(ev.bloc);
      const before = w.alignment[b]!;
      w.alignment[b] = ev.alignment;
      w.eventLog.push({ week: w.tick, actor: `gov_${ev.bloc}`, type: 'alignment', commodity: '', target: ev.bloc, value: ev.alignment, detail: `scripted, from ${before}` });
      if (ev.alignment >= 1 && before < 1) noteProvocation(w, b, 'aligned with the US club');
    } else if (ev.type === 'chip_controls') {
      const b = blocIndex(ev.bloc);
      w.eventLog.push({ week: w.tick, actor: `gov_${ev.bloc}`, type: 'chip_controls', commodity: '', target: ev.bloc, value: 1, detail: 'scripted' });
      noteProvocation(w, b, 'chip controls');
    }
  }
}

/** The office's books this week (CN_OFFICE_COLUMNS). Revenue and cost accrue in market.ts. */
export function officeBooks(w: World): void {
  const S = w.sellers.cols;
  let exCn = 0;
  let exAll = 0;
  let noncnCap = 0;
  for (let i = 0; i < w.sellers.size; i++) if (S.origin[i] !== ORIGIN_CN && S.kind[i] === 0) noncnCap += S.cap[i]! * w.ref[S.commodity[i]!]! * w.k.unitScale[S.commodity[i]!]!;
  for (let c = 0; c < w.C; c++) {
    const m = c * 3 + SEG_EX;
    const ref = w.ref[c]!;
    exCn += w.lic.delivered[m * 4 + LIC_CN]! * ref;
    exAll += (w.mTraded[m]! > 0 ? w.mTraded[m]! : 0) * ref;
  }
  w.cnWeek[4] = exAll > 0 ? exCn / exAll : 0;
  w.cnWeek[6] = noncnCap;
  let active = 0;
  for (let i9 = 0; i9 < w.lic.regimes.length; i9++) {
    const r = w.lic.regimes[i9]!;
    if (w.tick >= r.start && w.tick < r.end) active++;
  }
  w.cnWeek[7] = active;
}

/**
 * "Flood the market" (MODEL-NOTES.md, China's doctrines): a price war against new entrants.
 * While a flood runs, Chinese refiners of the commodity produce at full capacity and offer
 * below the expected price, at (1 - depth) x anchor, without their marginal-cost floor.
 */
function floodWeek(w: World): void {
  w.flood.fill(0);
  for (let i10 = 0; i10 < w.events.length; i10++) {
    const e = w.events[i10]!;
    const ev = e.event;
    if (ev.type !== 'flood' || w.tick < e.start || w.tick >= e.end) continue;
    const depth = ev.depth ?? 0.3;
    for (let i11 = 0; i11 < e.commodities.length; i11++) {
      const c = e.commodities[i11]!;
      if (depth > w.flood[c]!) w.flood[c] = depth;
      if (w.tick === e.start) log(w, 'flood', COMMODITIES[c]!, 'all', depth, 'price war: Chinese supply offered below the expected price');
    }
  }
}
