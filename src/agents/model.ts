/**
 * The model's public surface for the runner: what one run takes and what it gives back.
 * Everything a run returns is typed arrays (cheap to transfer from a worker thread).
 */
import type { Params } from './params.js';

/** When an event happens: an ISO date or a week index from the start. */
export type When = string | number;

/**
 * A scripted event in a scenario. `commodity` takes one id or a list. Policies have an
 * announcement date (`announce`, optional) and an effective date (`start`).
 */
export type ScenarioEvent =
  | {
      type: 'supply_outage';
      commodity: string | string[];
      /** which sellers: a bloc id, 'cn_origin' (made in China), 'non_cn' or 'all' */
      where: string;
      /** share of capacity lost, 0..1 */
      share: number;
      start: When;
      end?: When | undefined;
    }
  | {
      type: 'demand_shock';
      commodity: string | string[];
      /** which buyers: a bloc id, a buyer group id, or 'all' */
      where: string;
      /** multiplier on planned use, e.g. 0.7 = -30% */
      factor: number;
      start: When;
      end?: When | undefined;
    }
  | {
      /** China's export licences on Chinese-made supply to a segment (a ban when approval is 0). */
      type: 'export_control';
      commodity: string | string[];
      /** the destination: 'ex_cn' (aligned blocs), 'ex_cn_other', or 'exports' (both) */
      target: string;
      /** share of applications approved, 0..1 (default: cn_office.approval_targeted) */
      approval?: number | undefined;
      /** median licence delay in weeks (default: cn_office.licence_delay_weeks) */
      delay_weeks?: number | undefined;
      /** also licence Chinese-owned plants abroad (Indonesian nickel) */
      cn_owned?: boolean | undefined;
      announce?: When | undefined;
      start: When;
      end?: When | undefined;
    }
  | {
      /** The extraterritorial rule: non-Chinese sellers whose Chinese content exceeds the threshold need licences. */
      type: 'fdpr';
      commodity: string | string[];
      target: string;
      /** Chinese content share above which a licence is needed (default 0.001 = 0.1%) */
      threshold?: number | undefined;
      approval?: number | undefined;
      delay_weeks?: number | undefined;
      announce?: When | undefined;
      start: When;
      end?: When | undefined;
    }
  | {
      /** A government's posture: 1 align, 0.5 hedge, 0 accommodate. */
      type: 'alignment';
      bloc: string;
      alignment: number;
      start: When;
    }
  | {
      /** A bloc imposes chip export controls on China (an adaptive China may retaliate). */
      type: 'chip_controls';
      bloc: string;
      start: When;
    }
  | {
      /** Project Vault operates from `start` (its size and rules are parameters vault.*). */
      type: 'vault';
      start: When;
      end?: When | undefined;
    }
  | {
      /** China floods the market (a price war against new entrants): Chinese sellers run flat out and offer below the expected price. */
      type: 'flood';
      commodity: string | string[];
      /** how far below the expected price Chinese supply is offered, 0..1 (default 0.3) */
      depth?: number | undefined;
      start: When;
      end?: When | undefined;
    }
  | {
      /** A contract-for-difference price floor paid to non-Chinese producers, with offtake. */
      type: 'price_floor';
      commodity: string | string[];
      /** floor price in the commodity's unit (the $110/kg NdPr floor) */
      floor: number;
      start: When;
      end?: When | undefined;
    };

export const EVENT_TYPES = ['supply_outage', 'demand_shock', 'export_control', 'fdpr', 'alignment', 'chip_controls', 'vault', 'price_floor', 'flood'] as const;

/** A line of events.csv: what a policy actor decided, or what a script made happen. */
export interface EventRecord {
  week: number;
  actor: string;
  type: string;
  commodity: string;
  target: string;
  value: number;
  detail: string;
}

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
  /** refining and making capacity per week: [week][commodity][origin 0 = in China, 1 = elsewhere], t/week (projects count when ramped) */
  capacity: Float64Array;
  /** flows per week: [week][commodity][origin 0 = made in China, 1 = elsewhere][destination bloc] */
  flows: Float64Array;
  /** Project Vault's books per week, columns VAULT_BOOK_COLUMNS */
  vaultBooks: Float64Array;
  /** China's export-control office per week, columns CN_OFFICE_COLUMNS */
  cnOffice: Float64Array;
  /** price-floor programme, cumulative per week: [top-ups $, offtake purchases $] */
  floorBooks: Float64Array;
  /** licence decisions, retaliation, alignment changes */
  eventLog: EventRecord[];
  /** week of the first scripted shock, or -1 */
  firstShockWeek: number;
  /** number of agents in the world */
  agents: number;
}

/** Columns of RunSeries.vaultBooks (one row a week). */
export const VAULT_BOOK_COLUMNS = [
  'cash',
  'inventory_cost',
  'loan',
  'interest_accrued',
  'interest_paid',
  'private_capital',
  'fees',
  'storage',
  'realised_gains',
  'inventory_value',
  'books_residual',
] as const;

/** Columns of RunSeries.cnOffice (one row a week). */
export const CN_OFFICE_COLUMNS = [
  'export_revenue',
  'export_cost',
  'export_volume_value',
  'domestic_revenue',
  'ex_cn_share',
  'state_stock_value',
  'noncn_capacity',
  'controls_active',
] as const;
