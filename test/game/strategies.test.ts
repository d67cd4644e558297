import { describe, expect, test } from 'vitest';
import { DEFAULT_DOCTRINES, validateGameObject } from '../../src/runner/game/config.js';
import { doctrineEvents, enumerateProfiles, gameShape, profileAlignments, profileEvents, profileId } from '../../src/runner/game/strategies.js';

const S = 52;
const H = 572;

describe('doctrines as events', () => {
  test('restraint does nothing; every restriction targets ex_cn (accommodators keep their licences)', () => {
    expect(doctrineEvents('restraint', DEFAULT_DOCTRINES, S, H)).toEqual([]);
    for (const d of ['targeted', 'broad', 'extraterritorial', 'on_off'] as const) {
      const ev = doctrineEvents(d, DEFAULT_DOCTRINES, S, H);
      expect(ev.length).toBeGreaterThan(0);
      for (const e of ev) expect((e as { target: string }).target).toBe('ex_cn');
    }
  });

  test('targeted at the targeted approval; broad refuses more commodities; extraterritorial adds the 0.1% rule', () => {
    const [t] = doctrineEvents('targeted', DEFAULT_DOCTRINES, S, H);
    expect(t).toEqual({ type: 'export_control', commodity: ['gallium', 'germanium', 'graphite_anode', 'dytb', 'magnet'], target: 'ex_cn', approval: 0.35, start: 52 });
    const b = doctrineEvents('broad', DEFAULT_DOCTRINES, S, H)[0] as { approval: number; commodity: string[] };
    expect(b.approval).toBe(0);
    expect(b.commodity.length).toBeGreaterThan((t as { commodity: string[] }).commodity.length);
    const x = doctrineEvents('extraterritorial', DEFAULT_DOCTRINES, S, H);
    expect(x[0]).toEqual(t);
    expect(x[1]).toMatchObject({ type: 'fdpr', commodity: ['magnet'], threshold: 0.001, target: 'ex_cn', start: 52 });
  });

  test('flood runs for its weeks; on_off alternates 13 weeks on, 13 off to the horizon', () => {
    expect(doctrineEvents('flood', DEFAULT_DOCTRINES, S, H)).toEqual([{ type: 'flood', commodity: ['ndpr', 'dytb', 'graphite_anode', 'gallium', 'lithium'], depth: 0.3, start: 52, end: 208 }]);
    const w = doctrineEvents('on_off', DEFAULT_DOCTRINES, S, H) as { start: number; end?: number; approval: number }[];
    expect(w[0]).toMatchObject({ start: 52, end: 65, approval: 0 });
    expect(w[1]).toMatchObject({ start: 78, end: 91 });
    for (let i = 1; i < w.length; i++) expect(w[i]!.start - w[i - 1]!.start).toBe(26);
    expect(w.at(-1)!.start).toBeLessThan(H);
    expect(w.length).toBe(Math.ceil((H - S) / 26));
  });
});

describe('profiles', () => {
  const { game } = validateGameObject({ players: { china: ['restraint', 'targeted'], allies: { kr: ['align', 'hedge', 'accommodate'], jp: ['align', 'accommodate'] } }, fixed_postures: { eu: 0 } }, 'g.yaml');

  test('players China first, then the allies in the order jp, kr, tw, eu; profiles in Gambit order', () => {
    const shape = gameShape(game);
    expect(shape.players).toEqual(['china', 'jp', 'kr']);
    const ps = enumerateProfiles(shape);
    expect(ps).toHaveLength(2 * 2 * 3);
    expect(ps.slice(0, 3).map((p) => p.strategies)).toEqual([
      [0, 0, 0],
      [1, 0, 0],
      [0, 1, 0],
    ]);
    expect(ps[1]!.id).toBe('china:targeted jp:align kr:align');
    expect(profileId(shape, [0, 1, 2])).toBe('china:restraint jp:accommodate kr:accommodate');
    expect(profileAlignments(shape, [0, 1, 1])).toEqual([0, 0.5]);
  });

  test("a profile's events: the fixed postures, the allies' alignment at the shock week, then China's doctrine", () => {
    const shape = gameShape(game);
    const p = enumerateProfiles(shape).find((x) => x.id === 'china:targeted jp:accommodate kr:hedge')!;
    expect(profileEvents(game, 0, p)).toEqual([
      { type: 'alignment', bloc: 'eu', alignment: 0, start: 52 },
      { type: 'alignment', bloc: 'jp', alignment: 0, start: 52 },
      { type: 'alignment', bloc: 'kr', alignment: 0.5, start: 52 },
      ...doctrineEvents('targeted', game.doctrines, 52, 572),
    ]);
  });
});
