/**
 * Plot builders for notebooks: pure data in, a plotly figure out.
 *
 * A figure is the last value of a notebook cell, and Deno's Jupyter kernel shows it as one
 * output with three renderings: plotly JSON for plotly-aware front ends, HTML that draws it
 * with an inline plotly.js (so exported notebooks render offline), and plain text for
 * terminals. plotly.js itself is read only when the first figure is displayed.
 *
 * The builders take numbers, not layers: a caller computes parameter counts with the layer
 * classes and passes them in.
 *
 * @example A line figure from numbers
 * ```ts
 * import { lineFigure } from "./plot.ts";
 * import assert from "assert";
 *
 * const figure = lineFigure({
 *   title: "SimpleRNN on 3 input features",
 *   xTitle: "units",
 *   yTitle: "parameters",
 *   series: [{ name: "SimpleRNN", x: [1, 2, 3], y: [5, 14, 27] }],
 * });
 * assert.equal(figure.data.length, 1);
 * ```
 *
 * @module
 */

export { Figure, FIGURE_NOTE, PLOTLY_MIME } from "./plot/figure.ts";
export type {
  Config,
  Data,
  FigureBundle,
  Frame,
  Layout,
  LayoutAxis,
  PlotlyJson,
} from "./plot/figure.ts";
export { blocksFigure, sliderLineFigure } from "./plot/slider.ts";
export type {
  BlocksFigureOptions,
  BlocksFrame,
  BlockTensor,
  SliderLineFigureOptions,
  SliderStep,
} from "./plot/slider.ts";
export { lineFigure } from "./plot/line.ts";
export type { LineFigureOptions, LineSeries } from "./plot/line.ts";
export { heatmapFigure } from "./plot/heatmap.ts";
export { barFigure } from "./plot/bar.ts";
export { breakdownFigure } from "./plot/breakdown.ts";
export type { BreakdownData, BreakdownFigureOptions } from "./plot/breakdown.ts";
export type { BarFigureOptions, BarSeries } from "./plot/bar.ts";
export type { HeatmapFigureOptions } from "./plot/heatmap.ts";
