/**
 * Run a shipped experiment in-process (as the runner would: same expansion, seeds and metrics)
 * and average its metrics per scenario, for tests of what the scenarios must show.
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ACTOR_GROUPS, COMMODITIES, SEGMENTS } from '../../src/agents/ids.js';
import type { RunSeries } from '../../src/agents/model.js';
import { simulate } from '../../src/agents/world.js';
import { loadConfig } from '../../src/runner/config.js';
import { expandRuns, runSpec } from '../../src/runner/expand.js';
import { ACTOR_METRICS, ACTOR_ROWS, MARKET_METRICS, actorMetrics, marketMetrics, metricWindows } from '../../src/runner/metrics.js';

const EXPERIMENTS = fileURLToPath(new URL('../../experiments/', import.meta.url));

export interface ScenarioResult {
  runs: RunSeries[];
  /** mean over replications of a market metric */
  market(commodity: string, segment: string, metric: (typeof MARKET_METRICS)[number]): number;
  /** mean over replications of an actor metric */
  actor(actor: string, metric: (typeof ACTOR_METRICS)[number]): number;
}

export function runExperiment(file: string, replications = 2): Map<string, ScenarioResult> {
  const { config } = loadConfig(join(EXPERIMENTS, file), { replications });
  const out = new Map<string, { runs: RunSeries[]; m: Float64Array[]; a: Float64Array[] }>();
  for (const run of expandRuns(config)) {
    const s = simulate(runSpec(config, run));
    const w = metricWindows(s.weeks, s.firstShockWeek, config.outputs.cost_window_years);
    const e = out.get(run.scenario) ?? { runs: [], m: [], a: [] };
    e.runs.push(s);
    e.m.push(marketMetrics(s, w));
    e.a.push(actorMetrics(s, w));
    out.set(run.scenario, e);
  }
  const mean = (xs: number[]) => xs.reduce((p, q) => p + q, 0) / xs.length;
  return new Map(
    [...out].map(([name, e]) => [
      name,
      {
        runs: e.runs,
        market: (c, seg, metric) => {
          const m = COMMODITIES.indexOf(c as never) * 3 + SEGMENTS.indexOf(seg as never);
          return mean(e.m.map((x) => x[m * MARKET_METRICS.length + MARKET_METRICS.indexOf(metric)]!));
        },
        actor: (actor, metric) => {
          const g = ACTOR_ROWS.indexOf(actor);
          return mean(e.a.map((x) => x[g * ACTOR_METRICS.length + ACTOR_METRICS.indexOf(metric)]!));
        },
      } satisfies ScenarioResult,
    ]),
  );
}

export const groupIndex = (g: string): number => ACTOR_GROUPS.indexOf(g as never);
