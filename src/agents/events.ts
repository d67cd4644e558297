/**
 * Scripted events of a scenario: compiled once to weeks, applied each tick as factors on the
 * sellers' capacity and the lines' demand. O((sellers + lines) x active events) per tick, and
 * nothing at all in weeks without active events after the last one ends.
 */
import { dateWeek } from '../core/clock.js';
import { BLOCS, BUYER_GROUPS, commodityIndex } from './ids.js';
import type { ScenarioEvent } from './model.js';
import { ORIGIN_CN, ORIGIN_NON, type CompiledEvent, type World } from './state.js';

export function eventWeek(startDate: string, at: string | number): number {
  return typeof at === 'number' ? at : dateWeek(startDate, at);
}

export function compileEvents(startDate: string, events: readonly ScenarioEvent[]): CompiledEvent[] {
  return events.map((e) => {
    const c = commodityIndex(e.commodity);
    if (c < 0) throw new RangeError(`unknown commodity ${JSON.stringify(e.commodity)} in a ${e.type} event`);
    const start = eventWeek(startDate, e.start);
    const end = e.end === undefined ? Infinity : eventWeek(startDate, e.end);
    if (end <= start) throw new RangeError(`event ${e.type} on ${e.commodity} ends (${e.end}) before it starts (${e.start})`);
    return { event: e, start, end, commodity: c };
  });
}

/** Week of the first scripted shock, or -1. */
export function firstShockWeek(events: readonly CompiledEvent[]): number {
  let first = -1;
  for (const e of events) if (first < 0 || e.start < first) first = e.start;
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

/** Set this week's capacity and demand factors from the events active at w.tick. */
export function applyEvents(w: World): void {
  const t = w.tick;
  let active = false;
  for (const e of w.events) if (t >= e.start && t <= e.end) active = true; // <= end: reset the week after
  if (!active) return;
  const S = w.sellers.cols;
  const L = w.lines.cols;
  S.capFactor.fill(1);
  L.demandFactor.fill(1);
  for (const e of w.events) {
    if (t < e.start || t >= e.end) continue;
    const ev = e.event;
    if (ev.type === 'supply_outage') {
      for (let i = 0; i < w.sellers.size; i++) {
        if (S.commodity[i] === e.commodity && sellerMatches(w, i, ev.where)) S.capFactor[i]! *= 1 - ev.share;
      }
    } else {
      for (let i = 0; i < w.lines.size; i++) {
        if (L.commodity[i] === e.commodity && lineMatches(w, i, ev.where)) L.demandFactor[i]! *= ev.factor;
      }
    }
  }
}
