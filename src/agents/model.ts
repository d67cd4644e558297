/**
 * The model's public surface for the runner: what one run takes and what it gives back.
 * Everything a run returns is typed arrays (cheap to transfer from a worker thread).
 */
import type { Params } from './params.js';

/** A scripted event in a scenario (dates as ISO or week index from the start). */
export type ScenarioEvent =
  | {
      type: 'supply_outage';
      commodity: string;
      /** which sellers: a bloc id, 'cn_origin' (made in China), 'non_cn' or 'all' */
      where: string;
      /** share of capacity lost, 0..1 */
      share: number;
      start: string | number;
      end?: string | number | undefined;
    }
  | {
      type: 'demand_shock';
      commodity: string;
      /** which buyers: a bloc id, a buyer group id, or 'all' */
      where: string;
      /** multiplier on planned use, e.g. 0.7 = -30% */
      factor: number;
      start: string | number;
      end?: string | number | undefined;
    };

export interface RunSpec {
  params: Params;
  /** the run's seed (53-bit safe integer), from hash(base seed, replicate) */
  seed: number;
  horizonWeeks: number;
  startDate: string;
  events: readonly ScenarioEvent[];
}

/** Weekly series of one run. Index: [week * width + column]. */
export interface RunSeries {
  weeks: number;
  /** markets: commodity * 3 + segment */
  markets: number;
  price: Float64Array;
  traded: Float64Array;
  demand: Float64Array;
  supply: Float64Array;
  shortage: Float64Array;
  /** actor groups (ACTOR_GROUPS order) */
  groups: number;
  groupOutput: Float64Array;
  groupCost: Float64Array;
  groupShortValue: Float64Array;
  groupNeedValue: Float64Array;
  groupRevenue: Float64Array;
  /** commodities (COMMODITIES order): the books of mass balance */
  commodities: number;
  production: Float64Array;
  recycling: Float64Array;
  consumption: Float64Array;
  stocks: Float64Array;
  /** stocks per commodity before the first week */
  initialStocks: Float64Array;
  /** gross flow used to scale the mass-balance tolerance: sum of all moves of material */
  grossFlow: Float64Array;
  /** week of the first scripted shock, or -1 */
  firstShockWeek: number;
  /** number of agents in the world */
  agents: number;
}
