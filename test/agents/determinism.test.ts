import { describe, expect, it } from 'vitest';
import { market, priceAt, runWorld } from './helpers.js';

describe('determinism', () => {
  it('gives identical series for the same config and seed', () => {
    const ev = [{ type: 'supply_outage' as const, commodity: 'gallium', where: 'cn_origin', share: 0.5, start: 30, end: 50 }];
    const a = runWorld({}, ev, 80, 3);
    const b = runWorld({}, ev, 80, 3);
    expect(Buffer.from(a.price.buffer).equals(Buffer.from(b.price.buffer))).toBe(true);
    expect(Buffer.from(a.groupCost.buffer).equals(Buffer.from(b.groupCost.buffer))).toBe(true);
    expect(Buffer.from(a.stocks.buffer).equals(Buffer.from(b.stocks.buffer))).toBe(true);
  });

  it('differs between seeds (the agents are drawn, not fixed)', () => {
    const a = runWorld({}, [], 60, 3);
    const b = runWorld({}, [], 60, 4);
    expect(Buffer.from(a.price.buffer).equals(Buffer.from(b.price.buffer))).toBe(false);
  });

  it('does not reshuffle one group when another is resized', async () => {
    const { buildWorld } = await import('../../src/agents/world.js');
    const { resolveParams } = await import('../../src/agents/params.js');
    const a = buildWorld({ params: resolveParams({ 'population.scale': 0.2 }), seed: 9, horizonWeeks: 10, startDate: '2025-01-06', events: [] });
    const b = buildWorld({ params: resolveParams({ 'population.scale': 0.3 }), seed: 9, horizonWeeks: 10, startDate: '2025-01-06', events: [] });
    // The first plant of the first group keeps its fixed draws (alignment draw, first line's cover target).
    expect(a.plants.cols.alignDraw[0]).toBe(b.plants.cols.alignDraw[0]);
    expect(a.lines.cols.targetWeeks[0]).toBe(b.lines.cols.targetWeeks[0]);
    expect(priceAt({ ...runWorld({}, [], 2, 9) }, market('ndpr', 'cn'), 0)).toBeGreaterThan(0);
  });
});
