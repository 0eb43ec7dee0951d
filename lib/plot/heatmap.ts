/**
 * Heatmaps: a value for every (x, y) pair, e.g. parameters against units and input size.
 *
 * @module
 */

import { Figure } from "./figure.ts";
import type { Data, Layout } from "./_plotly_types.ts";
import { labelRange, plotlyText, range } from "./_text.ts";

/** What a {@linkcode heatmapFigure} shows. */
export interface HeatmapFigureOptions {
  /** The figure's title. */
  readonly title: string;
  /** The x axis title. */
  readonly xTitle: string;
  /** The y axis title. */
  readonly yTitle: string;
  /** The column labels, left to right. */
  readonly x: readonly (number | string)[];
  /** The row labels, bottom to top. */
  readonly y: readonly (number | string)[];
  /** The values: `z[row][column]`, one row per `y` label, one column per `x` label. */
  readonly z: readonly (readonly number[])[];
  /**
   * Hover text, shaped like `z`, e.g. the formula that gave each value. Newlines become line
   * breaks.
   */
  readonly hover?: readonly (readonly string[])[];
  /** The colour bar's title, e.g. `"parameters"`. */
  readonly zTitle?: string;
}

/**
 * Builds a heatmap with a colour bar.
 *
 * All text (titles, string labels, hover text) is escaped, so it is shown as written, never
 * as markup.
 *
 * @param options The titles, labels, values and hover text.
 * @returns The figure; the last value of a notebook cell displays it.
 * @throws {RangeError} If `z` (or `hover`) does not have one row per `y` label and one
 * column per `x` label.
 *
 * @example Dense parameters for every pair of input size and units
 * ```ts
 * import { heatmapFigure } from "../plot.ts";
 * import assert from "assert";
 *
 * const inputs = [4, 8];
 * const units = [16, 32, 64];
 * const figure = heatmapFigure({
 *   title: "Dense parameters",
 *   xTitle: "units",
 *   yTitle: "input features",
 *   zTitle: "parameters",
 *   x: units,
 *   y: inputs,
 *   z: inputs.map((n) => units.map((u) => n * u + u)),
 *   hover: inputs.map((n) => units.map((u) => `${n}*${u} + ${u} = ${n * u + u}`)),
 * });
 * assert.equal(figure.data[0].type, "heatmap");
 * assert.match(figure.description, /80 … 576/);
 * ```
 */
export function heatmapFigure(options: HeatmapFigureOptions): Figure {
  const { title, xTitle, yTitle, x, y, z, hover, zTitle } = options;
  checkShape(title, "z", z, x.length, y.length);
  if (hover !== undefined) checkShape(title, "hover", hover, x.length, y.length);

  const data: Data[] = [{
    type: "heatmap",
    x: x.map(label),
    y: y.map(label),
    z: z.map((row) => [...row]),
    colorscale: "Viridis",
    colorbar: zTitle === undefined ? {} : { title: { text: plotlyText(zTitle) } },
    ...(hover === undefined ? {} : {
      // plotly's typings allow a 2-d `text` nowhere, a 2-d `customdata` everywhere.
      customdata: hover.map((row) => row.map(plotlyText)),
      hovertemplate: `${plotlyText(xTitle)} = %{x}<br>${plotlyText(yTitle)} = %{y}<br>` +
        "%{customdata}<extra></extra>",
    }),
  }];
  const layout: Partial<Layout> = {
    title: { text: plotlyText(title) },
    xaxis: { title: { text: plotlyText(xTitle) }, type: "category" },
    yaxis: { title: { text: plotlyText(yTitle) }, type: "category" },
  };
  return new Figure(data, layout, describe(options));
}

function label(value: number | string): number | string {
  return typeof value === "string" ? plotlyText(value) : value;
}

function checkShape(
  title: string,
  what: string,
  rows: readonly (readonly unknown[])[],
  columns: number,
  expectedRows: number,
): void {
  if (rows.length !== expectedRows) {
    throw new RangeError(
      `Heatmap "${title}" has ${expectedRows} y labels but ${rows.length} ${what} rows`,
    );
  }
  const bad = rows.findIndex((row) => row.length !== columns);
  if (bad !== -1) {
    throw new RangeError(
      `Heatmap "${title}" has ${columns} x labels but ${what} row ${bad} has ${
        rows[bad].length
      } values`,
    );
  }
}

function describe(options: HeatmapFigureOptions): string {
  const { title, xTitle, yTitle, zTitle, x, y, z } = options;
  return [
    `Heatmap "${title}" (${y.length} × ${x.length})`,
    `x: ${xTitle}, ${labelRange(x)}`,
    `y: ${yTitle}, ${labelRange(y)}`,
    `z: ${zTitle ?? "value"}, ${range(z.flat())}`,
  ].join("\n");
}
