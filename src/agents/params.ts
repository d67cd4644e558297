/**
 * The model's parameters as one flat registry keyed by dotted path (the same path a config's
 * `overrides` and `sweep` use). Each entry has its default, the hard bounds a config may not
 * leave (an error names them), the plausible range from the literature (for sweeps and docs),
 * a unit and its source. docs/ODD.md's parameter table is this registry.
 *
 * Resolved parameters are a plain Record<string, number>, read once when a world is built:
 * never in the per-tick hot path.
 */
import { COMMODITIES } from './ids.js';
import { COMMODITY_CALIBRATION } from './calibration.js';

export interface ParamSpec {
  path: string;
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  /** plausible range for sweeps (literature or estimate) */
  range: [number, number];
  unit: string;
  source: string;
  description: string;
}

const MN = 'MODEL-NOTES.md';
const P = (path: string, d: number, min: number, max: number, range: [number, number], unit: string, source: string, description: string, integer = false): ParamSpec => ({ path, default: d, min, max, range, unit, source, description, integer });

const GLOBAL: ParamSpec[] = [
  P('population.scale', 1, 0.001, 250, [0.1, 200], 'x', 'design', 'multiplies every agent count (1 = ~5,000 agents; 200 = ~1,000,000); totals stay calibrated', false),
  P('market.grid_points', 512, 64, 16384, [512, 2048], 'points', MN + ': >= 512 log-spaced prices', 'points on the spot price grid', true),
  P('market.grid_min', 0.05, 0.001, 1, [0.05, 0.05], 'x ref', MN + ': 0.05-50x the reference', 'lowest grid price as a multiple of the reference price'),
  P('market.grid_max', 50, 2, 1000, [50, 50], 'x ref', MN + ': 0.05-50x the reference', 'highest grid price as a multiple of the reference price'),
  P('market.term_share_min', 0.6, 0, 1, [0.6, 0.8], 'share', MN + ': 60-80% on quarterly contracts', 'lowest share of a buyer\'s need bought on term contracts'),
  P('market.term_share_max', 0.8, 0, 1, [0.6, 0.8], 'share', MN + ': 60-80% on quarterly contracts', 'highest share of a buyer\'s need bought on term contracts'),
  P('market.index_weeks', 13, 1, 52, [13, 13], 'weeks', MN + ': lagged 3-month price index', 'weeks in the spot price index that prices term contracts', true),
  P('market.arbitrage_beta', 10, 0, 100, [5, 20], '1/log price', 'tuned: segment prices converge within burn-in', 'how strongly sellers shift offers toward the segment with the best netback'),
  P('market.anchor_weight', 0.5, 0, 1, [0.3, 0.8], '-', 'tuned: a calm baseline (no drift of the price level)', 'weight of the 13-week index (vs the calibrated normal price) in the price buyers and sellers expect'),
  P('market.arbitrage_rate', 0.25, 0.01, 1, [0.1, 0.5], '1/week', 'tuned: no cobweb between segments', 'share of the gap to the target offer split that sellers close each week'),
  P('market.export_cost', 0.05, 0, 1, [0.02, 0.1], 'x ref', '(E) freight, insurance, lost VAT rebate', 'cost of shipping Chinese output to a non-Chinese segment, as a share of the reference price'),
  P('market.import_cost_cn', 0.05, 0, 1, [0.02, 0.1], 'x ref', '(E) freight and duties', 'cost of selling non-Chinese output into China'),
  P('buyers.theta_min', 0.5, 0.05, 5, [0.5, 1.5], '-', MN + ': theta 0.5-1.5', 'lowest curvature of the restocking bid P_ref*(cover/target)^(-1/theta)'),
  P('buyers.theta_max', 1.5, 0.05, 5, [0.5, 1.5], '-', MN + ': theta 0.5-1.5', 'highest curvature of the restocking bid'),
  P('buyers.min_cover_min', 1, 0, 10, [1, 2], 'weeks', MN + ': below 1-2 weeks of cover a buyer bids up to its choke price', 'lowest emergency cover'),
  P('buyers.min_cover_max', 2, 0, 10, [1, 2], 'weeks', MN, 'highest emergency cover'),
  P('buyers.adjust_weeks_min', 4, 1, 52, [4, 8], 'weeks', MN + ': stock gaps close over 4-8 weeks', 'fastest closing of a stock gap'),
  P('buyers.adjust_weeks_max', 8, 1, 52, [4, 8], 'weeks', MN, 'slowest closing of a stock gap'),
  P('buyers.restock_cap', 3, 1, 50, [2, 5], 'x normal price', 'tuned: precautionary restocking is price-sensitive; spikes in the single digits', 'highest restocking bid as a multiple of the normal price (running needs still bid to the choke price)'),
  P('buyers.phi', 1.5, 0, 5, [1, 2], '-', MN + ': target = base*(1+phi*risk), phi 1-2', 'how much perceived risk raises target cover'),
  P('buyers.spike_risk', 1, 0, 5, [0.5, 1], 'risk per unit', '(E)', 'perceived risk from a price spike: this x (price / 26-week average - 1)'),
  P('buyers.risk_halflife', 13, 1, 520, [8, 26], 'weeks', '(E)', 'half-life of perceived risk after a price spike'),
  P('buyers.size_sigma', 1, 0, 3, [0.5, 1.5], 'log sd', '(E) plant sizes are skewed: a few large plants', 'log-sd of plant sizes within a group'),
  P('buyers.thrift_rate', 0.003, 0, 0.1, [0.001, 0.01], '1/week', 'tuned: long-run elasticity -0.3 to -1.0 (' + MN + ')', 'weekly cut in input intensity per unit of log price above the threshold'),
  P('buyers.thrift_threshold', 0.25, 0, 3, [0.1, 0.5], 'log price', '(E)', 'log of smoothed price over reference above which thrifting starts'),
  P('buyers.pass_through', 0.5, 0, 1, [0.3, 0.8], 'share', '(E)', 'share of a unit-cost change passed on in the output price'),
  P('buyers.margin', 0.15, 0, 2, [0.05, 0.3], 'share', '(E)', 'downstream margin over unit cost at baseline'),
  P('buyers.noncn_pref_ex', 1.5, 0, 10, [1, 3], 'x', '(E) Western buyers diversify', 'aligned buyers\' term book from non-Chinese sellers, as a multiple of the non-Chinese supply share'),
  P('producers.utilisation', 0.85, 0.3, 1, [0.75, 0.9], 'share', '(E)', 'capacity utilisation at the reference price'),
  P('producers.supply_elasticity', 0.4, 0, 3, [0.2, 0.8], '-', '(E) short-run supply elasticity of refiners', 'utilisation = u0*(price/ref)^e, capped at 1'),
  P('producers.byproduct_elasticity', 0.05, 0, 1, [0, 0.1], '-', MN + ': by-products barely respond to their own price', 'own-price supply elasticity of by-products'),
  P('producers.theta', 1, 0.05, 5, [0.5, 1.5], '-', MN + ': stocks offered at the value of waiting', 'curvature of sellers\' reserve price in their stock cover'),
  P('producers.stock_weeks_min', 2, 0, 52, [2, 6], 'weeks', MN + ': Chinese refiners 2-6 weeks', 'lowest target stock of a seller'),
  P('producers.stock_weeks_max', 6, 0, 52, [2, 6], 'weeks', MN, 'highest target stock of a seller'),
  P('producers.carry_rate', 0.1, 0, 1, [0.05, 0.15], '1/year', '(E) cost of capital and storage', 'yearly carrying cost of stocks; stocks are offered at about expected price/(1+carry)'),
  P('producers.cn_cost_ratio', 0.75, 0.1, 1.5, [0.6, 0.9], 'x ref', '(E)', 'Chinese marginal cost as a share of the reference price'),
  P('producers.noncn_cost_premium', 0.35, 0, 2, [0.2, 0.5], 'share', MN + ': ex-China operating costs 20-50% above China\'s (E)', 'non-Chinese marginal cost above Chinese'),
  P('producers.cost_sigma', 0.1, 0, 1, [0.05, 0.2], 'log sd', '(E)', 'log-sd of marginal costs across sellers'),
  P('investment.hazard', 0.1, 0, 1, [0.05, 0.15], '1/year', MN + ': yearly hazard of a Chinese price war 0.05-0.15', 'h in E[P](1-h*loss) > LRMC*m'),
  P('investment.loss', 0.5, 0, 1, [0.3, 0.7], 'share', '(E) Molycorp', 'share of revenue lost in a price war'),
  P('investment.real_option', 1.5, 1, 5, [1.3, 2], 'x', MN + ': real-options multiplier 1.3-2', 'm: hurdle over long-run marginal cost'),
  P('investment.club_offtake', 0.3, 0, 1, [0, 0.5], '-', MN + ': a larger club raises offtake (complementarity) (E: size)', 'm is multiplied by 1 - this x (the aligned segment\'s share of ex-China demand - its share at the start): a larger buyers\' club signs more offtake and makes projects more bankable'),
  P('investment.vol_sensitivity', 1, 0, 10, [0.5, 2], '-', MN + ': m rises with volatility', 'm is multiplied by 1 + this x yearly realised volatility'),
  P('investment.capex_charge', 0.3, 0, 3, [0.2, 0.5], 'x mc', '(E) a $500M separation plant for 10-20 kt REO (seed 002)', 'capital charge: LRMC = mc*(1+charge)'),
  P('investment.lag_years_min', 3, 0, 30, [3, 5], 'years', MN + ': refinery lags 3-5 years', 'shortest build time'),
  P('investment.lag_years_max', 5, 0, 30, [3, 5], 'years', MN, 'longest build time'),
  P('investment.maker_lag_years_min', 1.5, 0, 30, [1, 2], 'years', '(E) like gallium/germanium recovery circuits, 1.5-3 years (' + MN + ')', 'shortest build time of a magnet or precursor line'),
  P('investment.maker_lag_years_max', 3, 0, 30, [2, 4], 'years', '(E)', 'longest build time of a magnet or precursor line'),
  P('investment.maker_expansion', 0.5, 0, 5, [0.25, 1], 'x capacity', '(E)', 'size of a maker\'s expansion, as a share of its capacity'),
  P('investment.fail_prob', 0.3, 0, 1, [0.2, 0.4], 'share', MN + ': 20-40% of projects fail', 'probability that a project never produces'),
  P('investment.project_share', 0.02, 0, 0.5, [0.01, 0.05], 'share', '(E) 10-20 kt REO per plant (seed 002)', 'size of one project as a share of world demand'),
  P('recyclers.elasticity', 0.5, 0, 3, [0.2, 1], '-', '(E) secondary supply responds with lags', 'elasticity of recycling capacity to the smoothed price'),
  P('recyclers.lag_weeks', 78, 1, 520, [52, 104], 'weeks', '(E) 1-2 years', 'smoothing of the price that drives recycling capacity'),
  P('world.demand_growth', 0, -0.5, 1, [0, 0.1], '1/year', 'design: a stationary baseline by default', 'yearly growth of every buyer\'s planned output'),
];

/** Default posture of each bloc's government: 1 align (buyers in ex_cn), 0.5 hedge (half), 0 accommodate (ex_cn_other). */
const ALIGNMENT: Record<string, [number, string]> = {
  us: [1, 'the US leads the buyers\' club'],
  jp: [1, 'seed 000: Japan diversifies away from China'],
  eu: [1, 'seed 002: EU coordinates with the US (E)'],
  tw: [1, 'seed 000 (E)'],
  au: [1, 'seed 002: Australia supplies the club (E)'],
  kr: [0.5, 'seed 000: Korea between its supplier and its ally (E)'],
  in: [0.5, '(E)'],
  id: [0, '(E) Chinese-owned plants'],
  row: [0, '(E) non-aligned buyers'],
};

function alignmentSpecs(): ParamSpec[] {
  return Object.entries(ALIGNMENT).map(([b, [d, src]]) =>
    P(`alignment.${b}`, d, 0, 1, [0, 1], 'share', src, `posture of ${b}'s government: share of its buyers in the aligned segment ex_cn`),
  );
}

const POLICY: ParamSpec[] = [
  P('cn_office.licence_delay_weeks', 9, 0.5, 104, [4, 16], 'weeks', MN + ': by statute 45 working days; lognormal, median ~9 weeks, range 4-16', 'median delay of a licence decision'),
  P('cn_office.licence_delay_sigma', 0.35, 0.01, 3, [0.25, 0.5], 'log sd', MN + ': range 4-16 weeks', 'log-sd of licence delays'),
  P('cn_office.approval_targeted', 0.35, 0, 1, [0.2, 0.5], 'share', MN + ': targeted end uses 0.2-0.5', 'approval rate when a regime does not name one'),
  P('cn_office.approval_civilian', 0.9, 0, 1, [0.8, 0.95], 'share', MN + ': civilian untargeted 0.8-0.95', 'approval rate for untargeted civilian end uses (use it in events)'),
  P('cn_office.announcement_risk', 1, 0, 1, [0.25, 1], 'risk', 'tuned: gallium rose 27% in the week after the July 2023 announcement (DOMAIN.md)', 'perceived risk an announced or active control gives buyers in the markets it covers'),
  P('cn_office.adaptive', 0, 0, 1, [0, 1], 'switch', 'design', '1: China retaliates against blocs that align fully or impose chip controls'),
  P('cn_office.retaliation_lag', 8, 0, 104, [4, 26], 'weeks', '(E) graphite controls came ~10 weeks after Japan\'s chip controls', 'weeks from provocation to retaliation'),
  P('cn_office.retaliation_approval', 0.3, 0, 1, [0, 0.5], 'share', MN + ': targeted 0.2-0.5', 'approval rate of retaliatory licences'),
  P('cn_office.retaliation_weeks', 52, 1, 1040, [26, 104], 'weeks', '(E)', 'how long a retaliation lasts'),
  P('cn_office.state_stock_weeks', 8, 0, 104, [0, 26], 'weeks', MN + ': the state bought ~100 t of germanium in 2024, two-thirds of a year\'s output', 'China\'s state reserve target, weeks of domestic use'),
  P('cn_office.state_buy_cap', 0.1, 0, 1, [0.05, 0.3], 'share', '(E)', 'largest weekly state purchase, share of weekly domestic use'),
  P('cn_office.state_buy_below', 0.97, 0.5, 1.5, [0.9, 1], 'x MA52', '(E) the state buys dips', 'the state buys at or below this multiple of the 52-week average domestic price'),
  P('cn_office.state_release_above', 1.15, 1, 10, [1.1, 1.3], 'x MA52', '(E) the reserve sells to cool domestic prices', 'the state reserve releases to Chinese buyers above this multiple of the 52-week average domestic price'),
  P('cn_office.state_release_to_market', 1, 0, 1, [0, 1], 'switch', 'the State Reserve Bureau sells by public auction (2021 metal auctions, E)', '1: the state reserve offers its releases in the cn market above the threshold, in the same week\'s clearing; 0: Chinese buyers draw releases decided on last week\'s price'),
  P('cn_office.state_gamma', 0.75, 0, 10, [0.75, 3], '-', 'tuned: gallium-2023, China\'s price peaked within +25% (DOMAIN.md)', 'release rate of the state reserve: gamma x (P/MA52 - threshold) x domestic need'),
  P('traders.leak_cost', 0.2, 0, 3, [0.1, 0.3], 'share', '(E) transshipment through third countries', 'cost of moving material from ex_cn_other to ex_cn, share of price'),
  P('traders.leak_capacity', 0.05, 0, 1, [0.02, 0.1], 'share', '(E)', 'most the re-export route moves a week, share of ex_cn baseline demand'),
  P('traders.smuggle_cost', 0.4, 0, 5, [0.2, 0.6], 'share', '(E)', 'cost of moving Chinese-made material past export licences to ex_cn_other'),
  P('traders.smuggle_capacity', 0.02, 0, 1, [0, 0.05], 'share', '(E)', 'most the smuggling route moves a week, share of ex_cn_other baseline demand'),
  P('vault.loan_bn', 10, 0, 1000, [6, 24], '$bn', 'seed 004: $10bn EXIM loan', 'Project Vault\'s EXIM loan'),
  P('vault.private_bn', 1.67, 0, 1000, [0, 5], '$bn', 'seed 004: $1.67bn private capital', 'Project Vault\'s private capital'),
  P('vault.loan_rate', 0.05, 0, 0.5, [0.045, 0.055], '1/year', MN + ': EXIM loan ~4.5-5.5% (E)', 'interest on the loan'),
  P('vault.storage_rate', 0.015, 0, 0.5, [0.01, 0.02], '1/year', MN + ': storage 1-2% of value a year', 'storage cost, share of inventory at cost'),
  P('vault.upfront_fee', 0.01, 0, 0.5, [0, 0.03], 'share', 'seed 004: members pay up-front fees (E: 1% of the fund)', 'members\' up-front fees as a share of the fund'),
  P('vault.buy_cap', 0.05, 0, 1, [0.02, 0.2], 'share', MN + ': at no more than 5% of weekly ex_cn use', 'largest weekly purchase, share of weekly ex_cn use'),
  P('vault.release_threshold', 1.3, 1, 10, [1.2, 1.5], 'x MA52', MN + ': release above 1.3x the 52-week average', 'the Vault releases when the ex_cn price exceeds this multiple of its 52-week average'),
  P('vault.gamma', 0.75, 0, 10, [0.5, 1], '-', MN + ': gamma 0.5-1', 'release = gamma x (P/MA52 - threshold) x members\' need'),
  P('vault.release_weeks', 13, 1, 520, [4, 26], 'weeks', 'tuned: releases bridge a squeeze instead of emptying the Vault in its first weeks', 'the Vault releases at most its stock / this many weeks a week'),
  P('vault.release_to_market', 1, 0, 1, [0, 1], 'switch', 'design: a release rule must act in the week of the shock (docs/ODD.md 3.9)', '1: the Vault offers its releases in the ex_cn market at prices above the threshold, in the same week\'s clearing, and passes the margin over cost back to members; 0: members draw releases decided on last week\'s price'),
  P('vault.crowding', 0.5, 0, 1, [0.3, 0.7], '-', MN + ': members cut own cover by 0.3-0.7 of their entitlement', 'weeks of own cover given up per week of Vault entitlement'),
  P('vault.ally_access', 1, 0, 1.01, [0.5, 1.01], 'alignment', 'seed 000: "trusted allies" on undefined criteria', 'an ally\'s buyers are members when its alignment is at least this (1.01: US only)'),
  P('price_floor.m_relief', 0.75, 0.1, 1, [0.6, 0.9], 'x', MN + ': floors and CfDs remove the downside and so lower m', 'multiplier on the real-options hurdle of covered producers'),
  P('price_floor.offtake_share', 0, 0, 1, [0, 0.5], 'share', 'seed 002: DoD offtake of MP Materials', 'share of covered producers\' output the programme buys at the floor'),
  P('governments.adaptive', 0, 0, 1, [0, 1], 'switch', 'design', '1: allied governments choose postures from observed costs'),
  P('governments.compliance_cost', 0.01, 0, 0.5, [0.005, 0.03], 'share of input value', '(E) FEOC due diligence, traceability and certification of sourcing (seed 000: conditions on sourcing)', 'what buying in the aligned segment costs a plant outside China each week, as a share of the value of its input need'),
  P('governments.access_value', 0.05, 0, 1, [0, 0.2], 'share of input bill', '(E) e.g. the 45X credit, $35/kWh', 'value of US market access that alignment keeps'),
  P('governments.hysteresis', 0.02, 0, 1, [0.01, 0.05], 'share', '(E)', 'band around the access value in which a posture holds'),
  P('governments.jp_stock_days', 60, 0, 720, [60, 180], 'days', MN + ': JOGMEC 60 days (180 for high-risk metals)', 'Japan\'s public stockpile, days of its buyers\' use'),
  P('governments.kr_stock_days', 100, 0, 720, [60, 120], 'days', MN + ': KOMIR aims at about 100 days (E)', 'Korea\'s public stockpile'),
  P('governments.eu_stock_days', 60, 0, 720, [30, 90], 'days', '(E) a joint EU reserve, as proposed', 'the EU\'s joint reserve when it buys as one'),
  P('governments.release_threshold', 1.3, 1, 10, [1.2, 1.5], 'x MA52', MN, 'public stockpiles release above this multiple of the 52-week average'),
  P('governments.gamma', 0.75, 0, 10, [0.5, 1], '-', MN, 'public stockpiles\' release rate'),
  P('eu.united', 1, 0, 1, [0, 1], 'switch', 'seed 002: united front vs bilateral MOUs', '1: the EU buys as one (joint reserve, all EU buyers in the Vault club); 0: bilateral MOUs'),
  P('eu.united_sourcing', 1, 1, 10, [1, 2], 'x', '(E) joint purchasing of non-Chinese supply', 'when the EU buys as one: multiplier on its buyers\' non-Chinese share of term contracts'),
  P('eu.mou_share', 0.4, 0, 1, [0.2, 0.6], 'share', '(E)', 'share of EU buyers covered by bilateral MOUs when the EU does not buy as one'),
];

const VAULT_SHARES: Record<string, number> = { ndpr: 0.35, dytb: 0.15, lithium: 0.1, cobalt: 0.15, nickel: 0.05, graphite_flake: 0, graphite_anode: 0.1, gallium: 0.05, germanium: 0.05, magnet: 0, precursor: 0 };

function vaultShareSpecs(): ParamSpec[] {
  return COMMODITIES.map((c) => P(`vault.share.${c}`, VAULT_SHARES[c]!, 0, 1, [0, 1], 'share', MN + ': $12bn is ~1.5 years of world NdPr+Dy+Tb sales (E: allocation)', `share of the Vault's funds for ${c} (normalised over commodities)`));
}

function commoditySpecs(): ParamSpec[] {
  const out: ParamSpec[] = [];
  for (const c of COMMODITIES) {
    const k = COMMODITY_CALIBRATION[c];
    out.push(P(`commodities.${c}.demand_tpy`, k.demand_tpy, 1e-6, 1e9, [k.demand_tpy * 0.8, k.demand_tpy * 1.2], 't/yr', k.demand_src, `world demand for ${c}`));
    out.push(P(`commodities.${c}.ref_price`, k.ref_price, 1e-6, 1e9, [k.ref_price * 0.7, k.ref_price * 1.3], k.unit, k.ref_src, `reference price of ${c} (grid anchor and baseline)`));
    out.push(P(`commodities.${c}.cn_share`, k.cn_share, 0, 1, [Math.max(0, k.cn_share - 0.1), Math.min(1, k.cn_share + 0.05)], 'share', k.cn_share_src, `China's share of refined ${c} supply`));
    out.push(P(`commodities.${c}.cn_owned_abroad`, k.cn_owned_abroad, 0, 1, [k.cn_owned_abroad, k.cn_owned_abroad], 'share', k.cn_share_src, `share of ${c} refined abroad in Chinese-owned plants`));
    out.push(P(`commodities.${c}.elasticity_sr`, k.elasticity_sr, -5, 0, k.elasticity_sr_range, '-', MN + ': short-run demand elasticity', `short-run price elasticity of ${c} demand`));
    out.push(P(`commodities.${c}.thrift_max`, k.thrift_max, 0, 0.95, [Math.max(0, k.thrift_max - 0.15), Math.min(0.95, k.thrift_max + 0.15)], 'share', k.thrift_src, `largest irreversible cut in ${c} use per unit of output (thrifting, substitution)`));
    out.push(P(`commodities.${c}.oversupply`, 0, -0.5, 2, [0, 0.3], 'share', '(E) set per episode (graphite 2023-24 was oversupplied)', `refined ${c} capacity and baseline output above demand at the reference price`));
    out.push(P(`commodities.${c}.recycling_share`, k.recycling_share, 0, 0.9, [k.recycling_share, k.recycling_share * 2], 'share', '(E)', `share of ${c} supply from recyclers`));
  }
  return out;
}

export const PARAMETERS: readonly ParamSpec[] = [...GLOBAL, ...alignmentSpecs(), ...POLICY, ...vaultShareSpecs(), ...commoditySpecs()];
export const PARAM_INDEX: ReadonlyMap<string, ParamSpec> = new Map(PARAMETERS.map((p) => [p.path, p]));

export type Params = Readonly<Record<string, number>>;

export function defaultParams(): Params {
  return Object.fromEntries(PARAMETERS.map((p) => [p.path, p.default]));
}

/** Why a value is not allowed for a parameter, or null when it is. */
export function checkParam(path: string, value: unknown): string | null {
  const spec = PARAM_INDEX.get(path);
  if (!spec) return `unknown parameter "${path}"`;
  if (typeof value !== 'number' || !Number.isFinite(value)) return `${path} must be a finite number, got ${JSON.stringify(value)}`;
  if (spec.integer && !Number.isInteger(value)) return `${path} must be an integer, got ${value}`;
  if (value < spec.min || value > spec.max) return `${path} must be in [${spec.min}, ${spec.max}] (${spec.unit}), got ${value}`;
  return null;
}

/** Defaults with overrides applied; throws a RangeError naming the first bad entry. */
export function resolveParams(overrides: Readonly<Record<string, unknown>> = {}): Params {
  const out: Record<string, number> = { ...defaultParams() };
  for (const [k, v] of Object.entries(overrides)) {
    const err = checkParam(k, v);
    if (err) throw new RangeError(err);
    out[k] = v as number;
  }
  const pairs: [string, string][] = [
    ['market.term_share_min', 'market.term_share_max'],
    ['buyers.theta_min', 'buyers.theta_max'],
    ['buyers.min_cover_min', 'buyers.min_cover_max'],
    ['buyers.adjust_weeks_min', 'buyers.adjust_weeks_max'],
    ['producers.stock_weeks_min', 'producers.stock_weeks_max'],
    ['investment.lag_years_min', 'investment.lag_years_max'],
    ['investment.maker_lag_years_min', 'investment.maker_lag_years_max'],
    ['market.grid_min', 'market.grid_max'],
  ];
  for (const [lo, hi] of pairs) {
    if (out[lo]! > out[hi]!) throw new RangeError(`${lo} (${out[lo]}) must not exceed ${hi} (${out[hi]})`);
  }
  for (const c of COMMODITIES) {
    if (out[`commodities.${c}.cn_share`]! + out[`commodities.${c}.cn_owned_abroad`]! > 1) throw new RangeError(`commodities.${c}.cn_share + cn_owned_abroad must not exceed 1`);
  }
  return out;
}
