/**
 * Canonical JSON: object keys sorted at every level, arrays in order, undefined dropped. Equal
 * values give equal bytes, so a hash of it identifies a config (or a sweep point) whatever the
 * key order in the YAML.
 */
import { createHash } from 'node:crypto';

export function canonicalJson(v: unknown): string {
  return JSON.stringify(sortKeys(v));
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
    const rec = v as Record<string, unknown>;
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(rec).sort()) if (rec[k] !== undefined) out[k] = sortKeys(rec[k]);
    return out;
  }
  return v;
}
