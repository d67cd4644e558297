/**
 * Calibrated defaults: every figure with its source. (E) marks an estimate (documented as such
 * in DOMAIN.md or made here); "seed NNN" is one of the articles in shared/seeds/. Parameters that
 * were tuned to a target rather than read from a source say so (`tuned:`), and docs/ODD.md lists
 * them with the target they were tuned to.
 *
 * Units: prices in USD per `unit` (per kg for oxides, metals and magnets sold by the kilogram,
 * per tonne where the trade quotes per tonne); quantities in tonnes (lithium in tonnes LCE).
 */
import type { BuyerGroup, Commodity, PlantType, Bloc } from './ids.js';

export interface CommodityCalibration {
  unit: '$/kg' | '$/t';
  /** world demand, tonnes a year */
  demand_tpy: number;
  demand_src: string;
  /** share of refined supply located in China */
  cn_share: number;
  /** share of refined supply outside China but in Chinese-owned plants (Indonesian nickel) */
  cn_owned_abroad: number;
  cn_share_src: string;
  /** reference (China-domestic) price in `unit` */
  ref_price: number;
  ref_src: string;
  /** supply follows a host metal (alumina, zinc, copper/nickel) and barely its own price */
  byproduct: boolean;
  /** short-run (one quarter) price elasticity of demand: default and range (MODEL-NOTES.md) */
  elasticity_sr: number;
  elasticity_sr_range: [number, number];
  /** largest irreversible cut in use per unit of output through thrifting and substitution */
  thrift_max: number;
  thrift_src: string;
  /** share of supply from recycling at baseline */
  recycling_share: number;
  /** where non-Chinese refined supply is located, shares summing to 1 */
  noncn_blocs: Partial<Record<Bloc, number>>;
  noncn_src: string;
  /** demand by buyer group, shares summing to 1 (for ndpr/dytb: uses other than magnet making) */
  demand_by_group: Partial<Record<BuyerGroup, number>>;
}

const E = '(E) estimate made for chokepoint from DOMAIN.md figures';

export const COMMODITY_CALIBRATION: Record<Commodity, CommodityCalibration> = {
  ndpr: {
    unit: '$/kg',
    demand_tpy: 95_000,
    demand_src: 'DOMAIN.md: NdPr oxide 85-100k t/yr (E); upper half because magnet demand grows',
    cn_share: 0.9,
    cn_owned_abroad: 0,
    cn_share_src: 'seed 002: ~90% of rare-earth processing; DOMAIN.md: 85-90% of NdPr refining (upper end: non-Chinese separation ~9 kt, Lynas and MP, E)',
    ref_price: 60,
    ref_src: 'DOMAIN.md: China ~$55-60/kg in 2024 (E), $63 in Jul 2025',
    byproduct: false,
    elasticity_sr: -0.05,
    elasticity_sr_range: [-0.1, -0.02],
    thrift_max: 0.3,
    thrift_src: '(E) smaller and fewer magnets per motor; induction and ferrite motors',
    recycling_share: 0.02,
    noncn_blocs: { au: 0.35, row: 0.35, us: 0.2, eu: 0.05, in: 0.05 },
    noncn_src: '(E) Lynas (Australia, separation in Malaysia = row), MP Materials (us), Solvay/Silmet (eu), IREL (in)',
    demand_by_group: { cn_manufacturing: 0.05, jp_manufacturing: 0.01, eu_buyers: 0.01, row_manufacturing: 0.01 },
  },
  dytb: {
    unit: '$/kg',
    demand_tpy: 4_000,
    demand_src: 'DOMAIN.md: Dy 2.5-3.5k t, Tb 0.5-0.7k t (E); a Dy+Tb basket',
    cn_share: 0.99,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: ~99% incl. Myanmar feed (E)',
    ref_price: 340,
    ref_src: 'DOMAIN.md: Dy ~$230/kg, Tb ~$850-1000/kg (E); basket 3.0k t Dy + 0.6k t Tb weighted = ~$340/kg',
    byproduct: false,
    elasticity_sr: -0.04,
    elasticity_sr_range: [-0.1, -0.02],
    thrift_max: 0.5,
    thrift_src: 'MODEL-NOTES.md: Dy per magnet roughly halved after 2011 (grain-boundary diffusion)',
    recycling_share: 0.01,
    noncn_blocs: { row: 0.6, au: 0.25, us: 0.15 },
    noncn_src: '(E) Lynas heavy-RE separation in Malaysia (row), Iluka (au), US pilot lines',
    demand_by_group: { cn_manufacturing: 0.06, jp_manufacturing: 0.02, us_defense: 0.01, row_manufacturing: 0.01 },
  },
  lithium: {
    unit: '$/t',
    demand_tpy: 1_300_000,
    demand_src: 'DOMAIN.md: 1.16M t LCE (2024), ~1.46M (2025); midpoint',
    cn_share: 0.67,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: 65-70% of lithium refining; seed 000: 60-90% across minerals',
    ref_price: 12_500,
    ref_src: 'DOMAIN.md: China carbonate ~CNY 90k/t avg 2024 (~$12.5k/t)',
    byproduct: false,
    elasticity_sr: -0.2,
    elasticity_sr_range: [-0.3, -0.1],
    thrift_max: 0.1,
    thrift_src: '(E) few substitutes: sodium-ion cells at the margin',
    recycling_share: 0.02,
    noncn_blocs: { row: 0.55, au: 0.2, us: 0.1, eu: 0.05, kr: 0.05, jp: 0.05 },
    noncn_src: '(E) Chile/Argentina (row), Australian hydroxide, Albemarle (us), POSCO (kr)',
    demand_by_group: { cn_manufacturing: 0.62, kr_battery: 0.18, jp_manufacturing: 0.05, us_manufacturing: 0.03, eu_buyers: 0.05, row_manufacturing: 0.07 },
  },
  cobalt: {
    unit: '$/t',
    demand_tpy: 222_000,
    demand_src: 'DOMAIN.md: 222k t (2024)',
    cn_share: 0.77,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: 75-80% of cobalt refining',
    ref_price: 26_500,
    ref_src: 'DOMAIN.md: ~$10/lb (Feb 2025) to ~$16/lb after the DRC export ban; $12/lb = $26.5k/t',
    byproduct: true,
    elasticity_sr: -0.2,
    elasticity_sr_range: [-0.3, -0.1],
    thrift_max: 0.5,
    thrift_src: 'MODEL-NOTES.md: LFP displaced nickel and cobalt in most Chinese EV batteries; high-nickel cathodes',
    recycling_share: 0.05,
    noncn_blocs: { eu: 0.35, jp: 0.2, row: 0.38, au: 0.05, us: 0.02 },
    noncn_src: '(E) Umicore/Freeport Kokkola (eu), Sumitomo (jp), Canada/Morocco/DRC (row)',
    // Uses other than battery precursors (superalloys, catalysts, tools): 28% of demand; the
    // other 72% is precursor making (INTERMEDIATES).
    demand_by_group: { cn_manufacturing: 0.12, jp_manufacturing: 0.03, us_manufacturing: 0.03, us_defense: 0.02, eu_buyers: 0.04, row_manufacturing: 0.04 },
  },
  nickel: {
    unit: '$/t',
    demand_tpy: 3_400_000,
    demand_src: 'DOMAIN.md: 3.35-3.5M t',
    cn_share: 0.33,
    cn_owned_abroad: 0.37,
    cn_share_src: 'DOMAIN.md: ~30-35% refined in China, ~70% under Chinese control incl. Indonesia (E)',
    ref_price: 16_800,
    ref_src: 'DOMAIN.md: LME ~$16.8k/t avg 2024',
    byproduct: false,
    elasticity_sr: -0.15,
    elasticity_sr_range: [-0.3, -0.1],
    thrift_max: 0.3,
    thrift_src: '(E) LFP displaces nickel in batteries; little in stainless steel',
    recycling_share: 0.03,
    noncn_blocs: { row: 0.5, jp: 0.15, au: 0.1, eu: 0.1, id: 0.1, us: 0.05 },
    noncn_src: '(E) Russia/Canada/Philippines (row), Sumitomo (jp), BHP (au), Finland/Norway (eu)',
    // Uses other than battery precursors (stainless steel, alloys, plating): 84% of demand.
    demand_by_group: { cn_manufacturing: 0.5, jp_manufacturing: 0.06, us_manufacturing: 0.035, us_defense: 0.005, eu_buyers: 0.09, row_manufacturing: 0.15 },
  },
  graphite_flake: {
    unit: '$/t',
    demand_tpy: 1_600_000,
    demand_src: 'DOMAIN.md: natural graphite ~1.6M t',
    cn_share: 0.77,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: flake mining 75-80% Chinese',
    ref_price: 460,
    ref_src: 'DOMAIN.md: flake 94% C $450-470/t fob (Oct 2024)',
    byproduct: false,
    elasticity_sr: -0.2,
    elasticity_sr_range: [-0.3, -0.1],
    thrift_max: 0.3,
    thrift_src: '(E) synthetic graphite replaces flake',
    recycling_share: 0,
    noncn_blocs: { row: 0.75, in: 0.1, eu: 0.05, au: 0.05, us: 0.05 },
    noncn_src: '(E) Mozambique, Madagascar, Brazil (row), India, Norway (eu)',
    demand_by_group: { cn_manufacturing: 0.75, kr_battery: 0.02, jp_manufacturing: 0.05, us_manufacturing: 0.04, eu_buyers: 0.06, row_manufacturing: 0.08 },
  },
  graphite_anode: {
    unit: '$/t',
    demand_tpy: 2_000_000,
    demand_src: 'DOMAIN.md: anode material 1.8-2.2M t, 80-90% synthetic (E)',
    cn_share: 0.95,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: anode 95%+ Chinese',
    ref_price: 4_500,
    ref_src: 'DOMAIN.md: anode $3-6k/t (E); midpoint',
    byproduct: false,
    elasticity_sr: -0.15,
    elasticity_sr_range: [-0.3, -0.1],
    thrift_max: 0.15,
    thrift_src: '(E) silicon blends replace a small share of anode graphite',
    recycling_share: 0,
    noncn_blocs: { jp: 0.4, kr: 0.3, us: 0.1, eu: 0.1, in: 0.1 },
    noncn_src: '(E) Japanese synthetic anode, POSCO Future M (kr), Novonix (us)',
    demand_by_group: { cn_manufacturing: 0.68, kr_battery: 0.18, jp_manufacturing: 0.05, us_manufacturing: 0.03, eu_buyers: 0.04, row_manufacturing: 0.02 },
  },
  gallium: {
    unit: '$/kg',
    demand_tpy: 760,
    demand_src: 'DOMAIN.md: ~760 t primary (check USGS)',
    cn_share: 0.98,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: ~98% of primary gallium',
    ref_price: 265,
    ref_src: 'DOMAIN.md: China ~$240-290/kg',
    byproduct: true,
    elasticity_sr: -0.05,
    elasticity_sr_range: [-0.1, -0.02],
    thrift_max: 0.3,
    thrift_src: '(E) design changes and yield gains in fabs',
    recycling_share: 0,
    noncn_blocs: { jp: 0.35, row: 0.35, kr: 0.15, eu: 0.15 },
    noncn_src: '(E) Japanese refining/recycling, Russia/Kazakhstan (row), Korea, Germany/Hungary (eu)',
    demand_by_group: { cn_manufacturing: 0.55, jp_manufacturing: 0.12, tw_chips: 0.08, us_manufacturing: 0.05, us_defense: 0.03, eu_buyers: 0.05, row_manufacturing: 0.12 },
  },
  germanium: {
    unit: '$/kg',
    demand_tpy: 150,
    demand_src: 'DOMAIN.md: 140-160 t (E)',
    cn_share: 0.68,
    cn_owned_abroad: 0,
    cn_share_src: 'DOMAIN.md: ~68% of mining',
    ref_price: 2_000,
    ref_src: 'DOMAIN.md: China ~$1,110-1,210/kg (Jan 2023) -> ~$2,600 (Sep 2024); (E) $2,000 for 2024',
    byproduct: true,
    elasticity_sr: -0.05,
    elasticity_sr_range: [-0.1, -0.02],
    thrift_max: 0.3,
    thrift_src: '(E) chalcogenide lenses for germanium optics',
    recycling_share: 0,
    noncn_blocs: { row: 0.45, eu: 0.3, us: 0.15, jp: 0.1 },
    noncn_src: '(E) Teck (Canada) and Russia (row), Umicore (eu), US recovery circuits',
    demand_by_group: { cn_manufacturing: 0.45, jp_manufacturing: 0.06, tw_chips: 0.04, us_manufacturing: 0.08, us_defense: 0.07, eu_buyers: 0.15, row_manufacturing: 0.15 },
  },
  magnet: {
    unit: '$/kg',
    demand_tpy: 290_000,
    demand_src: '(E) NdFeB output ~290k t/yr, consistent with ~92% of NdPr going to magnets at ~30% NdPr by weight; seed 002: EU imports >25k t/yr, US ~10k t',
    cn_share: 0.9,
    cn_owned_abroad: 0,
    cn_share_src: 'MODEL-NOTES.md: China ~90% of NdFeB output',
    ref_price: 70,
    ref_src: '(E) sintered NdFeB $50-100/kg',
    byproduct: false,
    elasticity_sr: -0.05,
    elasticity_sr_range: [-0.1, -0.02],
    thrift_max: 0.3,
    thrift_src: '(E) magnet-free motors (induction, wound rotor)',
    recycling_share: 0,
    noncn_blocs: { jp: 0.6, eu: 0.15, us: 0.1, row: 0.15 },
    noncn_src: '(E) Shin-Etsu, TDK, Proterial (jp), VAC (eu), MP/eVAC (us), Vietnam (row)',
    demand_by_group: { cn_manufacturing: 0.58, jp_manufacturing: 0.08, eu_buyers: 0.09, us_manufacturing: 0.035, us_defense: 0.005, tw_chips: 0.01, row_manufacturing: 0.2 },
  },
  precursor: {
    unit: '$/t',
    demand_tpy: 1_100_000,
    demand_src: '(E) NCM/NCA precursor (pCAM) ~1.1M t/yr: 16% of nickel at ~0.5 t Ni per t',
    cn_share: 0.9,
    cn_owned_abroad: 0,
    cn_share_src: '(E) China ~90% of cathode precursor output; Korea ~6%, Japan ~3%. MODEL-NOTES.md: cathode materials 35-45% of cell cost',
    ref_price: 14_500,
    ref_src: '(E) inputs ~$12.3k/t at reference nickel and cobalt prices, plus conversion',
    byproduct: false,
    elasticity_sr: -0.15,
    elasticity_sr_range: [-0.3, -0.1],
    thrift_max: 0.4,
    thrift_src: 'MODEL-NOTES.md: LFP cells displaced NCM in most Chinese EV batteries',
    recycling_share: 0,
    noncn_blocs: { kr: 0.6, jp: 0.3, row: 0.1 },
    noncn_src: '(E) Korean (EcoPro, POSCO Future M) and Japanese (Sumitomo) precursor plants',
    demand_by_group: { cn_manufacturing: 0.62, kr_battery: 0.18, jp_manufacturing: 0.05, us_manufacturing: 0.03, eu_buyers: 0.05, row_manufacturing: 0.07 },
  },
};

/**
 * Intermediate products: made by maker plants from traded inputs, sold on their own markets.
 * `feed`: the share of each input's world demand that goes into the intermediate (the rest is
 * that input's demand_by_group); intensity per tonne of output follows from the totals.
 * `unitCost`: the maker's unit cost at baseline as a share of the intermediate's price.
 */
export const INTERMEDIATES: Record<'magnet' | 'precursor', { maker: PlantType; feed: Partial<Record<Commodity, number>>; unitCost: number; source: string }> = {
  magnet: { maker: 'magnet_maker', feed: { ndpr: 0.92, dytb: 0.9 }, unitCost: 0.85, source: '(E) ~92% of NdPr and ~90% of Dy/Tb go into NdFeB magnets' },
  precursor: { maker: 'precursor_maker', feed: { nickel: 0.16, cobalt: 0.72 }, unitCost: 0.9, source: '(E) batteries take ~16% of nickel and ~72% of cobalt, through NCM/NCA precursors' },
};

/** Which inputs each kind of plant uses (Leontief: short of one, it stops). Single-input kinds take one line. */
export const PLANT_INPUTS: Record<PlantType, readonly Commodity[]> = {
  battery: ['lithium', 'precursor', 'graphite_anode'],
  magnet_user: ['magnet'],
  chips: ['gallium', 'germanium'],
  magnet_maker: ['ndpr', 'dytb'],
  precursor_maker: ['nickel', 'cobalt'],
  metals: [], // single line: nickel, cobalt, lithium, ndpr, dytb, gallium, germanium for alloys, glass, catalysts
  defense: ['magnet', 'dytb', 'gallium', 'germanium', 'cobalt', 'nickel'],
  graphite_user: ['graphite_flake'],
};

/** Share of a commodity's demand in a group that goes to battery / chip plants (the rest to single-line plants). (E) */
export const BATTERY_SHARE: Partial<Record<Commodity, number>> = { lithium: 0.88, precursor: 1, graphite_anode: 1 };
export const CHIPS_SHARE: Partial<Record<Commodity, number>> = { gallium: 0.8, germanium: 0.6 };

/** Plants per group and kind at population scale 1 (default world ~5,000 agents). */
export const PLANT_COUNTS: Record<BuyerGroup, Partial<Record<PlantType, number>>> = {
  kr_battery: { battery: 300, precursor_maker: 15 },
  jp_manufacturing: { magnet_user: 200, battery: 60, chips: 120, magnet_maker: 40, precursor_maker: 8, metals: 60, graphite_user: 20 },
  tw_chips: { chips: 250, magnet_user: 40, metals: 10 },
  us_manufacturing: { magnet_user: 300, battery: 80, chips: 100, magnet_maker: 10, metals: 70, graphite_user: 40 },
  us_defense: { defense: 150 },
  eu_buyers: { magnet_user: 350, battery: 100, chips: 90, magnet_maker: 20, metals: 100, graphite_user: 40 },
  cn_manufacturing: { magnet_user: 500, battery: 400, chips: 150, magnet_maker: 250, precursor_maker: 60, metals: 200, graphite_user: 100 },
  row_manufacturing: { magnet_user: 120, battery: 60, chips: 40, magnet_maker: 10, precursor_maker: 5, metals: 60, graphite_user: 20 },
};

/** Refiner and recycler records per commodity at scale 1 (Chinese / non-Chinese / recyclers). */
export const PRODUCER_COUNTS = { cn_refiners: 50, row_refiners: 20, recyclers: 10 } as const;

/**
 * Mineral share of a plant's unit cost at baseline, by kind (E). Battery: MODEL-NOTES.md gives
 * China-exposed materials at 55-65% of cell cost; magnets: oxide ~60% of magnet cost (E);
 * end users of magnets and chips: a small share of product cost.
 */
export const MINERAL_COST_SHARE: Record<PlantType, number> = {
  battery: 0.6,
  magnet_user: 0.03,
  chips: 0.02,
  magnet_maker: 0.6,
  precursor_maker: 0.85,
  metals: 0.5,
  defense: 0.02,
  graphite_user: 0.3,
};

/** Target inventory cover in weeks by kind of plant (MODEL-NOTES.md "Fear moves first"). */
export const COVER_WEEKS: Record<PlantType, [number, number]> = {
  battery: [4, 8],
  magnet_user: [2, 4],
  chips: [8, 13],
  magnet_maker: [6, 12],
  precursor_maker: [4, 8],
  metals: [4, 8],
  defense: [4, 8],
  graphite_user: [4, 8],
};

/**
 * Choke price (median multiple of the reference price, log-sd): above it a plant stops rather
 * than pay. tuned: set so that losing most supply of an input gives spikes in the single digits
 * x baseline (2-12x in the episodes of DOMAIN.md), not the ten-thousand-fold of flow clearing.
 */
export const CHOKE_MULTIPLE: Record<PlantType, [number, number]> = {
  battery: [3.5, 0.3],
  magnet_user: [3.5, 0.35],
  chips: [3.5, 0.3],
  magnet_maker: [2.5, 0.3],
  precursor_maker: [2.5, 0.3],
  metals: [2, 0.3],
  defense: [5, 0.3],
  graphite_user: [2, 0.3],
};

export const CALIBRATION_NOTE = E;
