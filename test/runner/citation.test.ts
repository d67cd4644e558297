import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { parse } from 'yaml';
import { packageInfo } from '../../src/runner/paths.js';

const root = (f: string): string => readFileSync(new URL(`../../${f}`, import.meta.url), 'utf8');

describe('citation and licence', () => {
  test('CITATION.cff: CFF 1.2.0, the package version, MIT, a message naming the config hash', () => {
    const c = parse(root('CITATION.cff')) as Record<string, unknown>;
    expect(c['cff-version']).toBe('1.2.0');
    expect(c.title).toBe('chokepoint');
    expect(c.version).toBe(packageInfo().version);
    expect(c.license).toBe('MIT');
    expect(c.authors).toEqual([{ name: 'chokepoint developers' }]);
    expect(String(c.message)).toMatch(/config_hash/);
  });
  test('LICENSE: MIT, 2026, chokepoint developers', () => {
    const l = root('LICENSE');
    expect(l).toMatch(/^MIT License/);
    expect(l).toContain('Copyright (c) 2026 chokepoint developers');
  });
});
