import { describe, expect, test } from 'vitest';
import { normalizeSvg } from '../../src/runner/report/normalizeSvg.js';

describe('normalizeSvg', () => {
  test('ids get the prefix and count from 1 per stem; references follow', () => {
    const svg = '<svg><defs><clipPath id="clip7"><rect/></clipPath><clipPath id="clip12"/><linearGradient id="gradient_3"/></defs><g clip-path="url(#clip12)"><path fill="url(#gradient_3)"/><g clip-path="url(#clip7)"/><use href="#clip7"/></g></svg>';
    expect(normalizeSvg(svg, 'prices')).toBe(
      '<svg><defs><clipPath id="prices-clip1"><rect/></clipPath><clipPath id="prices-clip2"/><linearGradient id="prices-gradient1"/></defs><g clip-path="url(#prices-clip2)"><path fill="url(#prices-gradient1)"/><g clip-path="url(#prices-clip1)"/><use href="#prices-clip1"/></g></svg>',
    );
  });

  test('the same drawing with other counter values gives the same bytes', () => {
    const a = '<svg><clipPath id="clip1"/><g clip-path="url(#clip1)"/></svg>';
    const b = '<svg><clipPath id="clip40"/><g clip-path="url(#clip40)"/></svg>';
    expect(normalizeSvg(a, 'f')).toBe(normalizeSvg(b, 'f'));
  });

  test('an SVG without ids is unchanged', () => {
    expect(normalizeSvg('<svg><path d="M0,0"/></svg>', 'x')).toBe('<svg><path d="M0,0"/></svg>');
  });
});
