/**
 * Line figures: one or more series of (x, y) points, e.g. parameters against units.
 *
 * @module
 */

import { Figure } from "./figure.ts";
import type { Data, Layout } from "./_plotly_types.ts";
import { plotlyText, range } from "./_text.ts";

/** One line of a {@linkcode lineFigure}. */
export interface LineSeries {
  /** The legend entry, e.g. `"LSTM"`. */
  readonly name: string;
  /** The x values, one per point. */
  readonly x: readonly number[];
  /** The y values, one per point. */
  readonly y: readonly number[];
  /**
   * Hover text, one per point, e.g. the formula that gave y: `"4*(8*16 + 16*16 + 16) = 1600"`.
   * Newlines become line breaks.
   */
  readonly hover?: readonly string[];
  /**
   * How the line is drawn, so that a line lying on top of another stays visible.
   * @default {"solid"}
   */
  readonly dash?: "solid" | "dot" | "dash" | "longdash" | "dashdot";
  /**
   * The marker at each point, a plotly marker symbol such as `"circle"`, `"circle-open"`,
   * `"square"` or `"diamond-open"`.
   * @default {"circle"}
   */
  readonly marker?:
    | "circle"
    | "circle-open"
    | "square"
    | "square-open"
    | "diamond"
    | "diamond-open";
}

/** What a {@linkcode lineFigure} shows. */
export interface LineFigureOptions {
  /** The figure's title. */
  readonly title: string;
  /** The x axis title. */
  readonly xTitle: string;
  /** The y axis title. */
  readonly yTitle: string;
  /** The lines, drawn in order. */
  readonly series: readonly LineSeries[];
  /**
   * Whether the x axis is logarithmic; then every x must be positive.
   * @default {false}
   */
  readonly logX?: boolean;
  /**
   * Whether the y axis is logarithmic; then every y must be positive.
   * @default {false}
   */
  readonly logY?: boolean;
}

/**
 * Builds a line figure, one line per series, with markers at the points.
 *
 * All text (title, axis titles, series names, hover text) is escaped, so a layer called
 * `<b>` is shown as written, never as markup.
 *
 * @param options The title, axis titles, series and axis scales.
 * @returns The figure; the last value of a notebook cell displays it.
 * @throws {RangeError} If there is no series, if a series' `x`, `y` and `hover` differ in
 * length, or if a value on a logarithmic axis is not positive.
 *
 * @example Parameters of LSTM against units, on log axes, with the formula on hover
 * ```ts
 * import { lineFigure } from "../plot.ts";
 * import assert from "assert";
 *
 * const units = [1, 10, 100];
 * const params = units.map((u) => 4 * (8 * u + u * u + u));
 * const figure = lineFigure({
 *   title: "LSTM on 8 input features",
 *   xTitle: "units",
 *   yTitle: "parameters",
 *   series: [{
 *     name: "LSTM",
 *     x: units,
 *     y: params,
 *     hover: units.map((u, i) => `4*(8*${u} + ${u}*${u} + ${u}) = ${params[i]}`),
 *   }],
 *   logX: true,
 *   logY: true,
 * });
 * assert.equal(figure.layout.xaxis?.type, "log");
 * assert.equal(figure.layout.yaxis?.type, "log");
 * assert.match(figure.description, /LSTM: 3 points/);
 * ```
 */
export function lineFigure(options: LineFigureOptions): Figure {
  const { title, xTitle, yTitle, series, logX = false, logY = false } = options;
  if (series.length === 0) {
    throw new RangeError(`Line figure "${title}" needs at least one series, received none`);
  }
  for (const s of series) checkSeries(s, logX, logY);

  const data: Data[] = series.map((s) => ({
    type: "scatter",
    mode: "lines+markers",
    name: plotlyText(s.name),
    x: [...s.x],
    y: [...s.y],
    ...(s.dash === undefined ? {} : { line: { dash: s.dash } }),
    ...(s.marker === undefined ? {} : { marker: { symbol: s.marker, size: 8 } }),
    ...(s.hover === undefined ? {} : {
      text: s.hover.map(plotlyText),
      hovertemplate: `${plotlyText(xTitle)} = %{x}<br>${plotlyText(yTitle)} = %{y}<br>%{text}` +
        "<extra>%{fullData.name}</extra>",
    }),
  }));
  const layout: Partial<Layout> = {
    title: { text: plotlyText(title) },
    xaxis: { title: { text: plotlyText(xTitle) }, type: logX ? "log" : "linear" },
    yaxis: { title: { text: plotlyText(yTitle) }, type: logY ? "log" : "linear" },
    hovermode: "closest",
    showlegend: true,
  };
  return new Figure(data, layout, describe(options));
}

function checkSeries(s: LineSeries, logX: boolean, logY: boolean): void {
  if (s.x.length !== s.y.length) {
    throw new RangeError(
      `Series "${s.name}" has ${s.x.length} x values but ${s.y.length} y values`,
    );
  }
  if (s.hover !== undefined && s.hover.length !== s.x.length) {
    throw new RangeError(
      `Series "${s.name}" has ${s.x.length} points but ${s.hover.length} hover texts`,
    );
  }
  if (logX) checkPositive(s, "x", s.x);
  if (logY) checkPositive(s, "y", s.y);
}

function checkPositive(s: LineSeries, axis: string, values: readonly number[]): void {
  const bad = values.find((v) => !(v > 0));
  if (bad !== undefined) {
    throw new RangeError(
      `Series "${s.name}" has ${axis} = ${bad}, which a logarithmic ${axis} axis cannot show`,
    );
  }
}

function describe(options: LineFigureOptions): string {
  const { title, xTitle, yTitle, series, logX, logY } = options;
  const scales = [logX ? "log x" : "", logY ? "log y" : ""].filter(Boolean).join(", ");
  const lines = [
    `Line figure "${title}"${scales ? ` (${scales})` : ""}`,
    `x: ${xTitle}, ${range(series.flatMap((s) => s.x))}`,
    `y: ${yTitle}, ${range(series.flatMap((s) => s.y))}`,
    ...series.map((s) =>
      `  ${s.name}: ${s.x.length} point${s.x.length === 1 ? "" : "s"}, ` +
      `x ${range(s.x)}, y ${range(s.y)}`
    ),
  ];
  return lines.join("\n");
}
