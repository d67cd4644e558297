/**
 * Vega-Lite spec -> SVG text, in Node, without a canvas: vega-lite compiles the spec to Vega,
 * a headless View (renderer 'none') renders it to an SVG string, and normalizeSvg makes the ids
 * deterministic. Warnings of either library are collected, not printed, so a test can demand
 * none and the CLI can show them once.
 *
 * Text widths: without node-canvas Vega estimates a label's width (0.8 x characters x font
 * size). We force that estimate even when a canvas happens to be installed, so the layout (and
 * the bytes) never depend on what else is on the machine; the estimate is wider than DejaVu Sans
 * (about 0.6 em a character), so labels get room to spare rather than overlap.
 */
import * as vega from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { normalizeSvg } from './normalizeSvg.js';

// not in vega's typings: vega-scenegraph's textMetrics, re-exported by vega
(vega as unknown as { textMetrics?: { canvas(use: boolean): void } }).textMetrics?.canvas(false);

export interface RenderedSvg {
  svg: string;
  width: number;
  height: number;
  warnings: string[];
}

/** A vega-util style logger that keeps warnings and errors. */
export function collectingLogger(sink: string[]): vega.LoggerInterface {
  let level = vega.Warn;
  const logger = {
    level(l?: number) {
      if (l === undefined) return level;
      level = l;
      return logger;
    },
    error(...args: readonly unknown[]) {
      sink.push(`error: ${args.map(String).join(' ')}`);
      return logger;
    },
    warn(...args: readonly unknown[]) {
      if (level >= vega.Warn) sink.push(args.map(String).join(' '));
      return logger;
    },
    info() {
      return logger;
    },
    debug() {
      return logger;
    },
  };
  return logger as unknown as vega.LoggerInterface;
}

/** Compile a Vega-Lite spec (warnings into `warnings`). Throws on a spec vega-lite rejects. */
export function compileSpec(spec: TopLevelSpec, warnings: string[] = []): vega.Spec {
  return compile(spec, { logger: collectingLogger(warnings) }).spec as vega.Spec;
}

export async function renderSvg(spec: TopLevelSpec, idPrefix: string): Promise<RenderedSvg> {
  const warnings: string[] = [];
  const vg = compileSpec(spec, warnings);
  // ids restart at 0/1 for every figure (normalizeSvg renames them anyway)
  vega.resetSVGDefIds();
  const view = new vega.View(vega.parse(vg), { renderer: 'none', logger: collectingLogger(warnings), logLevel: vega.Warn });
  try {
    const svg = normalizeSvg(await view.toSVG(), idPrefix);
    const size = /^<svg[^>]*\swidth="([\d.]+)"[^>]*\sheight="([\d.]+)"/.exec(svg);
    return { svg, width: Number(size?.[1] ?? 0), height: Number(size?.[2] ?? 0), warnings };
  } finally {
    view.finalize();
  }
}
