import { describe, expect, test } from 'vitest';
import { escapeHtml, fmt, inlineSvg, renderHtml, type ReportPage } from '../../src/runner/report/html.js';
import { externalReferences } from './externalReferences.js';

const page = (over: Partial<ReportPage> = {}): ReportPage => ({
  title: 'chokepoint report: t',
  description: 'a <b> & c',
  facts: [['config hash', 'abc']],
  figures: [{ name: 'prices', title: 'Price paths', caption: 'see https://example.org in text', svg: '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="10" height="10"><path d="M0,0"/></svg>', svgHref: 'figures/prices.svg', pngHref: 'figures/prices.png', specHref: 'figures/prices.vl.json' }],
  skipped: [{ name: 'vault', title: 'Vault', reason: 'no books.csv' }],
  tables: [],
  rawTables: [],
  manifest: { config: { name: 't', note: 'http://in.text/only' } },
  files: [{ label: 'runs.csv', href: '../runs.csv' }],
  warnings: [],
  ...over,
});

describe('report.html', () => {
  test('inline SVG loses its xmlns attributes and gains a label', () => {
    expect(inlineSvg('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" class="marks" width="1"><g/></svg>', 'A "b"')).toBe('<svg class="marks" width="1" role="img" aria-label="A &quot;b&quot;"><g/></svg>');
  });

  test('no script, no stylesheet link, no http(s) URL outside text; text is escaped', () => {
    const html = renderHtml(page());
    expect(externalReferences(html)).toEqual([]);
    expect(html).not.toMatch(/<script/i);
    expect(html).toContain('a &lt;b&gt; &amp; c');
    expect(html).toContain('https://example.org'); // in text: allowed
    expect(html).toContain('<a href="../runs.csv">runs.csv</a>');
    expect(html).toContain('id="fig-prices"');
    expect(html).toContain('Not drawn: Vault (no books.csv)');
  });

  test('the checker catches remote references', () => {
    expect(externalReferences('<img src="https://x.org/a.png">')).toHaveLength(1);
    expect(externalReferences('<link rel="stylesheet" href="//cdn.x/a.css">')).toHaveLength(1);
    expect(externalReferences('<style>body{background:url(http://x/y.png)}</style>')).toHaveLength(1);
    expect(externalReferences('<script>1</script>')).toHaveLength(1);
    expect(externalReferences('<p>see https://x.org</p>')).toEqual([]);
  });

  test('numbers', () => {
    expect(fmt(1.23456)).toBe('1.235');
    expect(fmt(0)).toBe('0');
    expect(fmt(Number.NaN)).toBe('');
    expect(fmt(12345678)).toBe('1.235e+7');
    expect(fmt(0.00001234)).toBe('1.234e-5');
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;');
  });
});
