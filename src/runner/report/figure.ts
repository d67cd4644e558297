/** What a figure builder hands the renderer: a Vega-Lite spec with data inlined, and its words. */
import type { TopLevelSpec } from 'vega-lite';

export interface Figure {
  /** file stem: figures/<name>.svg, .png, .vl.json; the HTML anchor is fig-<name> */
  name: string;
  title: string;
  /** one or two sentences under the figure: what is drawn, from which file, what the band is */
  caption: string;
  spec: TopLevelSpec;
}

/** A figure that was not drawn, and why (a file absent, no matching rows). */
export interface SkippedFigure {
  name: string;
  title: string;
  reason: string;
}

export const VEGA_LITE_SCHEMA = 'https://vega.github.io/schema/vega-lite/v6.json';
