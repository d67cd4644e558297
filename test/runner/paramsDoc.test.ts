import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PARAMETERS } from '../../src/agents/params.js';
import { ODD_FILE } from '../../src/runner/commands.js';
import { renderOdd } from '../../src/runner/paramsDoc.js';

describe('docs/ODD.md', () => {
  const doc = readFileSync(ODD_FILE, 'utf8');

  it('has the parameter, calibration and plant tables the code generates (npx chokepoint params --write-odd)', () => {
    expect(renderOdd(doc)).toBe(doc);
  });

  it('lists every parameter with its default', () => {
    for (const p of PARAMETERS) expect(doc, p.path).toContain(`| \`${p.path}\` | ${Number.isInteger(p.default) ? p.default : Number(p.default.toPrecision(6))} |`);
  });
});
