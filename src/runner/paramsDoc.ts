/**
 * The parameter tables of docs/ODD.md, generated from the registry (src/agents/params.ts) and
 * the calibration module, so the documentation cannot drift from the code: a test compares the
 * tables in ODD.md with these.
 */
import { COMMODITY_CALIBRATION, CHOKE_MULTIPLE, COVER_WEEKS, MINERAL_COST_SHARE, PLANT_COUNTS } from '../agents/calibration.js';
import { COMMODITIES, PLANT_TYPES, BUYER_GROUPS } from '../agents/ids.js';
import { PARAMETERS } from '../agents/params.js';

const fmt = (x: number): string => (Number.isInteger(x) ? String(x) : String(Number(x.toPrecision(6))));
const cell = (s: string): string => s.replace(/\|/g, '\\|');

export function parameterTable(): string {
  const rows = ['| parameter | default | plausible range | allowed | unit | source | meaning |', '|---|---|---|---|---|---|---|'];
  for (const p of PARAMETERS) {
    rows.push(`| \`${p.path}\` | ${fmt(p.default)} | ${fmt(p.range[0])} – ${fmt(p.range[1])} | ${fmt(p.min)} – ${fmt(p.max)}${p.integer ? ' (integer)' : ''} | ${cell(p.unit)} | ${cell(p.source)} | ${cell(p.description)} |`);
  }
  return rows.join('\n');
}

export function calibrationTable(): string {
  const rows = ['| commodity | unit | world demand t/yr | China share | Chinese-owned abroad | reference price | by-product | recycling | sources |', '|---|---|---|---|---|---|---|---|---|'];
  for (const c of COMMODITIES) {
    const k = COMMODITY_CALIBRATION[c];
    rows.push(`| \`${c}\` | ${k.unit} | ${fmt(k.demand_tpy)} | ${fmt(k.cn_share)} | ${fmt(k.cn_owned_abroad)} | ${fmt(k.ref_price)} | ${k.byproduct ? 'yes' : 'no'} | ${fmt(k.recycling_share)} | ${cell(`${k.demand_src}; ${k.cn_share_src}; ${k.ref_src}; non-Chinese supply: ${k.noncn_src}`)} |`);
  }
  return rows.join('\n');
}

export function plantTable(): string {
  const rows = ['| kind of plant | target cover, weeks | choke price, median x ref (log-sd) | mineral share of unit cost | plants per group at scale 1 |', '|---|---|---|---|---|'];
  for (const t of PLANT_TYPES) {
    const groups = BUYER_GROUPS.filter((g) => (PLANT_COUNTS[g][t] ?? 0) > 0).map((g) => `${g} ${PLANT_COUNTS[g][t]}`).join(', ');
    const [lo, hi] = COVER_WEEKS[t];
    const [med, sd] = CHOKE_MULTIPLE[t];
    rows.push(`| \`${t}\` | ${lo}–${hi} | ${med} (${sd}) | ${t === 'magnet_maker' ? 'derived (unit cost 0.85 x magnet price)' : fmt(MINERAL_COST_SHARE[t])} | ${groups} |`);
  }
  return rows.join('\n');
}

/** Replace the text between `<!-- BEGIN name -->` and `<!-- END name -->`. */
export function fillMarkers(doc: string, name: string, body: string): string {
  const begin = `<!-- BEGIN ${name} -->`;
  const end = `<!-- END ${name} -->`;
  const a = doc.indexOf(begin);
  const b = doc.indexOf(end);
  if (a < 0 || b < a) throw new Error(`markers for ${name} not found`);
  return doc.slice(0, a + begin.length) + '\n' + body + '\n' + doc.slice(b);
}

export function renderOdd(doc: string): string {
  let out = fillMarkers(doc, 'parameters', parameterTable());
  out = fillMarkers(out, 'calibration', calibrationTable());
  out = fillMarkers(out, 'plants', plantTable());
  return out;
}
