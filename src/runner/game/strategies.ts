/**
 * From strategies to scenario events (docs/game.md, "Strategies"), and the profiles of a game.
 *
 * Allies: a posture is an `alignment` event at the shock week (align 1, hedge 0.5, accommodate
 * 0): the share of the bloc's buyers in the aligned segment ex_cn.
 * China: a doctrine is a set of export-control, extraterritorial and flood events from the shock
 * week to the end of the run. Every restriction targets ex_cn, so a doctrine is China's response
 * to the allies' alignment: it hits aligned buyers (and the aligned half of a hedger's), while
 * accommodators buy in ex_cn_other and keep their licences (the carrot).
 *   restraint         nothing
 *   targeted          export_control on doctrines.targeted.commodities to ex_cn at its approval (0.35)
 *   broad             export_control on doctrines.broad.commodities to ex_cn at approval 0
 *   extraterritorial  targeted + fdpr (the 0.1% rule) on doctrines.extraterritorial.commodities
 *   flood             flood on doctrines.flood.commodities for doctrines.flood.weeks
 *   on_off            export_control on doctrines.on_off.commodities in windows of period_weeks,
 *                     on and off in turn
 * Pure functions: the same config gives the same profiles, ids and events.
 */
import type { ScenarioEvent } from '../../agents/model.js';
import { ALLY_ALIGNMENT, type AllyStrategy, type ChinaStrategy, type DoctrineSpecs, type ResolvedGame } from './config.js';

export const CHINA = 'china';

export function doctrineEvents(d: ChinaStrategy, specs: DoctrineSpecs, shockWeek: number, horizonWeeks: number): ScenarioEvent[] {
  const S = shockWeek;
  const targeted: ScenarioEvent = { type: 'export_control', commodity: [...specs.targeted.commodities], target: 'ex_cn', approval: specs.targeted.approval, start: S };
  switch (d) {
    case 'restraint':
      return [];
    case 'targeted':
      return [targeted];
    case 'broad':
      return [{ type: 'export_control', commodity: [...specs.broad.commodities], target: 'ex_cn', approval: specs.broad.approval, start: S }];
    case 'extraterritorial': {
      const x = specs.extraterritorial;
      return [targeted, { type: 'fdpr', commodity: [...x.commodities], target: 'ex_cn', threshold: x.threshold, approval: x.approval, start: S }];
    }
    case 'flood': {
      const f = specs.flood;
      const end = S + f.weeks;
      return [{ type: 'flood', commodity: [...f.commodities], depth: f.depth, start: S, ...(end < horizonWeeks ? { end } : {}) }];
    }
    case 'on_off': {
      const o = specs.on_off;
      const out: ScenarioEvent[] = [];
      for (let on = S; on < horizonWeeks; on += 2 * o.period_weeks) {
        const end = on + o.period_weeks;
        out.push({ type: 'export_control', commodity: [...o.commodities], target: 'ex_cn', approval: o.approval, start: on, ...(end < horizonWeeks ? { end } : {}) });
      }
      return out;
    }
  }
}

export function postureEvent(bloc: string, s: AllyStrategy, shockWeek: number): ScenarioEvent {
  return { type: 'alignment', bloc, alignment: ALLY_ALIGNMENT[s], start: shockWeek };
}

/** One pure-strategy profile: a strategy index per player (China first, then the allies in game order). */
export interface Profile {
  /** index in Gambit's order (the first player's strategy varies fastest) */
  index: number;
  strategies: number[];
  /** "china:targeted jp:align kr:hedge ..." */
  id: string;
}

export interface GameShape {
  players: string[];
  strategies: string[][];
}

export function gameShape(g: ResolvedGame): GameShape {
  const allies = Object.keys(g.players.allies);
  return { players: [CHINA, ...allies], strategies: [[...g.players.china], ...allies.map((a) => [...g.players.allies[a]!])] };
}

/** Every profile, in Gambit's order. O(profiles x players). */
export function enumerateProfiles(shape: GameShape): Profile[] {
  const counts = shape.strategies.map((s) => s.length);
  const total = counts.reduce((a, b) => a * b, 1);
  const out: Profile[] = [];
  const tuple = new Array<number>(counts.length).fill(0);
  for (let p = 0; p < total; p++) {
    out.push({ index: p, strategies: [...tuple], id: profileId(shape, tuple) });
    for (let i = 0; i < tuple.length; i++) {
      tuple[i]!++;
      if (tuple[i]! < counts[i]!) break;
      tuple[i] = 0;
    }
  }
  return out;
}

export function profileId(shape: GameShape, strategies: readonly number[]): string {
  return shape.players.map((p, i) => `${p}:${shape.strategies[i]![strategies[i]!]}`).join(' ');
}

/** The events of a profile under a US posture: the posture's, the fixed postures', the allies' and China's. */
export function profileEvents(g: ResolvedGame, posture: number, profile: Profile): ScenarioEvent[] {
  const shape = gameShape(g);
  const allies = shape.players.slice(1);
  const out: ScenarioEvent[] = [...g.us_postures[posture]!.events];
  for (const [bloc, a] of Object.entries(g.fixed_postures)) out.push({ type: 'alignment', bloc, alignment: a, start: g.shock_week });
  allies.forEach((bloc, i) => out.push(postureEvent(bloc, shape.strategies[i + 1]![profile.strategies[i + 1]!] as AllyStrategy, g.shock_week)));
  out.push(...doctrineEvents(shape.strategies[0]![profile.strategies[0]!] as ChinaStrategy, g.doctrines, g.shock_week, g.horizon_weeks));
  return out;
}

/** Alignment of each allied player in a profile (game order). */
export function profileAlignments(shape: GameShape, strategies: readonly number[]): number[] {
  return shape.players.slice(1).map((_, i) => ALLY_ALIGNMENT[shape.strategies[i + 1]![strategies[i + 1]!] as AllyStrategy]);
}
