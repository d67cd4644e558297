// --parallel agents (issue 5): one run split over threads gives the same series, bit for bit.
import { describe, expect, test } from 'vitest';
import type { RunSeries, ScenarioEvent } from '../../src/agents/model.js';
import { resolveParams } from '../../src/agents/params.js';
import { createTeam } from '../../src/agents/team.js';
import { simulate } from '../../src/agents/world.js';

const BAN: ScenarioEvent = { type: 'export_control', commodity: ['ndpr', 'dytb', 'magnet', 'gallium'], target: 'ex_cn', approval: 0.2, delay_weeks: 4, start: 60, end: 100 };
const spec = {
  params: resolveParams({ 'population.scale': 0.1, 'cn_office.adaptive': 1, 'governments.adaptive': 1 }),
  seed: 11,
  horizonWeeks: 130,
  startDate: '2025-01-06',
  events: [{ type: 'vault', start: 55 } as ScenarioEvent, BAN, { type: 'price_floor', commodity: 'ndpr', floor: 110, start: 53 } as ScenarioEvent],
};

function sameSeries(a: RunSeries, b: RunSeries): void {
  for (const [k, v] of Object.entries(a)) {
    const u = (b as unknown as Record<string, unknown>)[k];
    if (v instanceof Float64Array) {
      const w = u as Float64Array;
      expect(w.length, k).toBe(v.length);
      for (let i = 0; i < v.length; i++) if (!Object.is(v[i], w[i])) expect.fail(`${k}[${i}]: ${v[i]} in one thread, ${w[i]} split`);
    } else expect(u, k).toEqual(v);
  }
}

describe('a run split over threads (createTeam)', () => {
  const serial = simulate(spec);

  test.each([2, 3])('%i threads: the same series as one thread, bit for bit, with licences, the Vault, a floor and adaptive actors', async (threads) => {
    const team = createTeam(threads);
    try {
      sameSeries(serial, await team.simulate(spec));
      // and again on the same team (its threads are reused run after run)
      sameSeries(serial, await team.simulate(spec));
    } finally {
      await team.close();
    }
  });

  test('1 thread runs in place', async () => {
    const team = createTeam(1);
    expect(team.threads).toBe(1);
    sameSeries(serial, await team.simulate(spec));
    await team.close();
  });
});
