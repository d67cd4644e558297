/**
 * Project Vault (seed 004): a $10bn EXIM loan at interest plus $1.67bn of private capital buys
 * and stores minerals for US makers and "trusted allies" (seed 000). Members pay an up-front
 * fee, name their materials, draw at a set price (the stock's average cost) and commit to
 * repurchase the same amount at the same cost later (the Vault refills at or below the average);
 * they pay the carrying cost (loan interest and storage). Holding the Vault's stock, members cut
 * their own cover by `vault.crowding` of their entitlement (MODEL-NOTES.md: 0.3-0.7).
 *
 * Books, every week (identity checked by a test):
 *   cash + inventory at cost = loan + private capital + fees - interest paid - storage
 *                              + realised gains
 * with interest accrued weekly on the drawn loan and paid the same week (interest_accrued =
 * interest_paid; the liability for unpaid interest stays zero). The loan is a facility of
 * `vault.loan_bn` drawn as purchases need cash. Mark-to-market value is reported apart.
 */
import { COMMODITIES } from './ids.js';
import { OWNER_VAULT } from './stockpile.js';
import type { World } from './state.js';

export const VAULT_CASH = 0;
export const VAULT_INV_COST = 1;
export const VAULT_LOAN = 2;
export const VAULT_INTEREST_ACCRUED = 3;
export const VAULT_INTEREST_PAID = 4;
export const VAULT_PRIVATE = 5;
export const VAULT_FEES = 6;
export const VAULT_STORAGE = 7;
export const VAULT_GAINS = 8;
export const VAULT_VALUE = 9;
export const VAULT_RESIDUAL = 10;

export function vaultActive(w: World): boolean {
  for (let i18 = 0; i18 < w.events.length; i18++) {
    const e = w.events[i18]!;
    if (e.event.type === 'vault' && w.tick >= e.start && w.tick < e.end) return true;
  }
  return false;
}

/** decide: launch, then each week interest, storage and the members' carrying fee. */
export function vaultWeek(w: World): void {
  const v = w.vaultBooks;
  const X = w.stockpiles.cols;
  const C = w.C;
  const active = vaultActive(w);
  const launched = w.vaultFacility > 0 || v[VAULT_PRIVATE]! > 0;
  if (active && !launched) {
    // The EXIM loan is a facility drawn as purchases need cash (vaultDraw), so interest is paid
    // on what the Vault has bought, not on an idle $10bn.
    const loan = w.p['vault.loan_bn']! * 1e9;
    const priv = w.p['vault.private_bn']! * 1e9;
    const fee = w.p['vault.upfront_fee']! * (loan + priv);
    w.vaultFacility = loan;
    v[VAULT_PRIVATE] = priv;
    v[VAULT_FEES]! += fee;
    v[VAULT_CASH]! += priv + fee;
    let shares = 0;
    for (let c = 0; c < C; c++) shares += w.p[`vault.share.${COMMODITIES[c]}`]!;
    for (let c = 0; c < C; c++) {
      const r = OWNER_VAULT * C + c;
      X.budget[r] = shares > 0 ? ((loan + priv) * w.p[`vault.share.${COMMODITIES[c]}`]!) / shares : 0;
    }
    w.eventLog.push({ week: w.tick, actor: 'us_vault', type: 'vault_launch', commodity: '', target: 'ex_cn', value: loan + priv, detail: `loan facility ${loan}, private ${priv}, fees ${fee}` });
  }
  for (let c = 0; c < C; c++) X.active[OWNER_VAULT * C + c] = active && X.budget[OWNER_VAULT * C + c]! > 0 ? 1 : 0;
  if (!(w.vaultFacility > 0 || v[VAULT_PRIVATE]! > 0)) return;
  // Interest and storage this week, paid at once; members pay them back as the carrying fee.
  let invCost = 0;
  for (let c = 0; c < C; c++) invCost += X.cost[OWNER_VAULT * C + c]!;
  const interest = (v[VAULT_LOAN]! * w.p['vault.loan_rate']!) / 52;
  const storage = (invCost * w.p['vault.storage_rate']!) / 52;
  v[VAULT_INTEREST_ACCRUED]! += interest;
  v[VAULT_INTEREST_PAID]! += interest;
  v[VAULT_STORAGE]! += storage;
  v[VAULT_CASH]! -= interest + storage;
  // Last week's margin on releases sold in the market goes back to members (stockpilesSettleAsks).
  w.vaultFee = (active ? interest + storage : 0) - w.vaultRebate;
  w.vaultRebate = 0;
  v[VAULT_FEES]! += w.vaultFee;
  v[VAULT_CASH]! += w.vaultFee;
}

/** decide, after member needs are known: entitlement in weeks of members' need per commodity. */
export function vaultEntitlement(w: World): void {
  const X = w.stockpiles.cols;
  const C = w.C;
  let needValue = 0;
  for (let c = 0; c < C; c++) {
    const r = OWNER_VAULT * C + c;
    const need = X.memberNeed[r]!;
    w.entitleWeeks[c] = need > 0 ? (X.invCn[r]! + X.invNon[r]!) / need : 0;
    needValue += need * w.price[X.market[r]!]! * w.k.unitScale[c]!;
  }
  w.vaultFeeRate = needValue > 0 ? w.vaultFee / needValue : 0;
}

/** settle: inventory at cost and at market, and the books' residual. */
export function vaultSettle(w: World): void {
  const v = w.vaultBooks;
  const X = w.stockpiles.cols;
  const C = w.C;
  let cost = 0;
  let value = 0;
  for (let c = 0; c < C; c++) {
    const r = OWNER_VAULT * C + c;
    cost += X.cost[r]!;
    value += (X.invCn[r]! + X.invNon[r]!) * w.price[X.market[r]!]! * w.k.unitScale[c]!;
  }
  v[VAULT_INV_COST] = cost;
  v[VAULT_VALUE] = value;
  v[VAULT_RESIDUAL] = v[VAULT_CASH]! + cost - (v[VAULT_LOAN]! + v[VAULT_PRIVATE]! + v[VAULT_FEES]! - v[VAULT_INTEREST_PAID]! - v[VAULT_STORAGE]! + v[VAULT_GAINS]!);
}

/** Draw on the loan facility when purchases have taken cash below zero (after stockpilesSettle). */
export function vaultDraw(w: World): void {
  const v = w.vaultBooks;
  if (v[VAULT_CASH]! >= 0) return;
  const room = w.vaultFacility - v[VAULT_LOAN]!;
  const draw = Math.min(-v[VAULT_CASH]!, room > 0 ? room : 0);
  v[VAULT_LOAN]! += draw;
  v[VAULT_CASH]! += draw;
}
