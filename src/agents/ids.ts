/** The ids of DESIGN.md's contract ("Names that others depend on"): keep them exactly. */

export const COMMODITIES = ['ndpr', 'dytb', 'lithium', 'cobalt', 'nickel', 'graphite_flake', 'graphite_anode', 'gallium', 'germanium', 'magnet', 'precursor'] as const;
export type Commodity = (typeof COMMODITIES)[number];

export const SEGMENTS = ['cn', 'ex_cn', 'ex_cn_other'] as const;
export type Segment = (typeof SEGMENTS)[number];
export const SEG_CN = 0;
export const SEG_EX = 1;
export const SEG_OTHER = 2;

export const BLOCS = ['cn', 'us', 'jp', 'kr', 'tw', 'eu', 'au', 'in', 'id', 'row'] as const;
export type Bloc = (typeof BLOCS)[number];

/**
 * Actor groups reported in actors.csv. `row_manufacturing` (buyers in the rest of the world) is
 * an addition to the contract's list: without it, a third of lithium, nickel and graphite demand
 * would have no buyer. `us_vault` and `cn_office` are the policy actors of the next issue.
 */
export const ACTOR_GROUPS = [
  'kr_battery',
  'jp_manufacturing',
  'tw_chips',
  'us_manufacturing',
  'us_defense',
  'eu_buyers',
  'cn_manufacturing',
  'row_manufacturing',
  'cn_refiners',
  'row_refiners',
  'recyclers',
] as const;
export type ActorGroup = (typeof ACTOR_GROUPS)[number];

/** Buyer groups: the actor groups that run plants (manufacturers). */
export const BUYER_GROUPS = ['kr_battery', 'jp_manufacturing', 'tw_chips', 'us_manufacturing', 'us_defense', 'eu_buyers', 'cn_manufacturing', 'row_manufacturing'] as const;
export type BuyerGroup = (typeof BUYER_GROUPS)[number];

export const BUYER_GROUP_BLOC: Record<BuyerGroup, Bloc> = {
  kr_battery: 'kr',
  jp_manufacturing: 'jp',
  tw_chips: 'tw',
  us_manufacturing: 'us',
  us_defense: 'us',
  eu_buyers: 'eu',
  cn_manufacturing: 'cn',
  row_manufacturing: 'row',
};

/** Kinds of plant: which inputs a plant uses (Leontief) and whether it sells an output. */
export const PLANT_TYPES = ['battery', 'magnet_user', 'chips', 'magnet_maker', 'precursor_maker', 'metals', 'defense', 'graphite_user'] as const;
export type PlantType = (typeof PLANT_TYPES)[number];

export const commodityIndex = (c: string): number => (COMMODITIES as readonly string[]).indexOf(c);
export const segmentIndex = (s: string): number => (SEGMENTS as readonly string[]).indexOf(s);
export const blocIndex = (b: string): number => (BLOCS as readonly string[]).indexOf(b);
export const groupIndex = (g: string): number => (ACTOR_GROUPS as readonly string[]).indexOf(g);
