/**
 * Scripted events of a scenario: compiled once to weeks, applied each tick. Supply outages and
 * demand shocks become factors on sellers' capacity and lines' demand; policy events (export
 * controls, the extraterritorial rule, postures, the Vault, price floors) are read by the policy
 * actors (cnOffice.ts, government.ts, stockpile.ts, priceFloor.ts).
 * Cost: O((sellers + lines) x active shocks) in weeks when a shock starts, runs or ends; nothing
 * otherwise.
 */
import { dateWeek } from '../core/clock.js';
import { BLOCS, BUYER_GROUPS, commodityIndex } from './ids.js';
import type { ScenarioEvent, When } from './model.js';
import { ORIGIN_CN, ORIGIN_NON, type CompiledEvent, type World } from './state.js';

// Loops over arrays are indexed, not for...of: in functions that run once a tick V8 leaves them
// unoptimised, and each for...of allocated an iterator (bench/alloc-sites.ts).
export function eventWeek(startDate: string, at: When): number {
  return typeof at === 'number' ? at : dateWeek(startDate, at);
}

function commoditiesOf(e: ScenarioEvent): number[] {
  if (!('commodity' in e)) return [];
  const list = Array.isArray(e.commodity) ? e.commodity : [e.commodity];
  return list.map((c) => {
    const i = commodityIndex(c);
    if (i < 0) throw new RangeError(`unknown commodity ${JSON.stringify(c)} in a ${e.type} event`);
    return i;
  });
}

export function compileEvents(startDate: string, events: readonly ScenarioEvent[]): CompiledEvent[] {
  return events.map((e) => {
    const start = eventWeek(startDate, e.start);
    const end = 'end' in e && e.end !== undefined ? eventWeek(startDate, e.end) : Infinity;
    const announce = 'announce' in e && e.announce !== undefined ? eventWeek(startDate, e.announce) : start;
    if (end <= start) throw new RangeError(`a ${e.type} event ends (${String((e as { end?: When }).end)}) before it starts (${String(e.start)})`);
    if (announce > start) throw new RangeError(`a ${e.type} event is announced (${String((e as { announce?: When }).announce)}) after it takes effect (${String(e.start)})`);
    return { event: e, start, end, announce, commodities: commoditiesOf(e) };
  });
}

/** Week of the first scripted shock or policy (its announcement when earlier), or -1. */
export function firstShockWeek(events: readonly CompiledEvent[]): number {
  let first = -1;
  for (let i12 = 0; i12 < events.length; i12++) {
    const e = events[i12]!;
    if (first < 0 || e.announce < first) first = e.announce;
  }
  return first;
}

function sellerMatches(w: World, i: number, where: string): boolean {
  const S = w.sellers.cols;
  if (where === 'all') return true;
  if (where === 'cn_origin') return S.origin[i] === ORIGIN_CN;
  if (where === 'non_cn') return S.origin[i] === ORIGIN_NON;
  return BLOCS[S.bloc[i]!] === where;
}

function lineMatches(w: World, i: number, where: string): boolean {
  if (where === 'all') return true;
  const p = w.lines.cols.plant[i]!;
  const P = w.plants.cols;
  if ((BUYER_GROUPS as readonly string[]).includes(where)) return BUYER_GROUPS[P.group[p]!] === where;
  return BLOCS[P.bloc[p]!] === where;
}

/** Set this week's capacity and demand factors from the shocks active at w.tick. */
export function applyShocks(w: World): void {
  const t = w.tick;
  let touched = false;
  for (let i13 = 0; i13 < w.events.length; i13++) {
    const e = w.events[i13]!;
    if (e.event.type !== 'supply_outage' && e.event.type !== 'demand_shock') continue;
    if (t >= e.start && t <= e.end) touched = true; // <= end: reset the week after it ends
  }
  if (!touched) return;
  const S = w.sellers.cols;
  const L = w.lines.cols;
  S.capFactor.fill(1);
  L.demandFactor.fill(1);
  for (let i14 = 0; i14 < w.events.length; i14++) {
    const e = w.events[i14]!;
    if (t < e.start || t >= e.end) continue;
    const ev = e.event;
    if (ev.type === 'supply_outage') {
      for (let i = 0; i < w.sellers.size; i++) {
        if (e.commodities.includes(S.commodity[i]!) && sellerMatches(w, i, ev.where)) S.capFactor[i]! *= 1 - ev.share;
      }
    } else if (ev.type === 'demand_shock') {
      for (let i = 0; i < w.lines.size; i++) {
        if (e.commodities.includes(L.commodity[i]!) && lineMatches(w, i, ev.where)) L.demandFactor[i]! *= ev.factor;
      }
    }
  }
}
