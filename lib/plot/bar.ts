/**
 * Stacked bars: one bar per category (a model's stage), split by series (layer kinds), for
 * where a model's parameters sit. Pure data in; plotly.js draws it in the notebook.
 *
 * @module
 */

import { Figure } from "./figure.ts";
import type { Data, Layout } from "./_plotly_types.ts";
import { plotlyText } from "./_text.ts";

/** One series of a {@linkcode barFigure}: one value per category. */
export interface BarSeries {
  /** The legend entry, e.g. `"Conv2D"`. */
  readonly name: string;
  /** One value per category, in the categories' order. */
  readonly values: readonly number[];
}

/** What a {@linkcode barFigure} shows. */
export interface BarFigureOptions {
  /** The figure's title. */
  readonly title: string;
  /** The categories, e.g. `["conv1", "conv2", …]`. */
  readonly categories: readonly string[];
  /** The category axis title. */
  readonly xTitle: string;
  /** The value axis title. */
  readonly yTitle: string;
  /** The series, stacked in order. */
  readonly series: readonly BarSeries[];
}

/**
 * A stacked bar chart.
 *
 * @param options The title, categories and series.
 * @returns The figure; it displays in Jupyter.
 * @throws {RangeError} When a series has a value count other than the categories'.
 *
 * @example
 * ```ts
 * import { barFigure } from "./bar.ts";
 * import assert from "assert";
 *
 * const figure = barFigure({
 *   title: "Parameters by stage",
 *   categories: ["conv1", "conv2"],
 *   xTitle: "stage",
 *   yTitle: "parameters",
 *   series: [{ name: "Conv2D", values: [9472, 212992] }],
 * });
 * assert.equal(figure.data.length, 1);
 * assert.match(figure.description, /conv2/);
 * ```
 */
export function barFigure(options: BarFigureOptions): Figure {
  const { title, categories, xTitle, yTitle, series } = options;
  for (const s of series) {
    if (s.values.length !== categories.length) {
      throw new RangeError(
        `Series "${s.name}" has ${s.values.length} values for ${categories.length} categories`,
      );
    }
  }
  const data: Data[] = series.map((s) => ({
    type: "bar",
    name: plotlyText(s.name),
    x: categories.map(plotlyText),
    y: [...s.values],
    hovertemplate: `%{x}: %{y:,} parameters<extra>${plotlyText(s.name)}</extra>`,
  }));
  const layout: Partial<Layout> = {
    title: { text: plotlyText(title) },
    barmode: "stack",
    xaxis: { title: { text: plotlyText(xTitle) } },
    yaxis: { title: { text: plotlyText(yTitle) } },
    showlegend: true,
  };
  const totals = categories.map((c, i) =>
    `${c}: ${series.reduce((sum, s) => sum + s.values[i], 0).toLocaleString("en-US")}`
  );
  return new Figure(data, layout, `${title} (${yTitle} by ${xTitle}): ${totals.join(", ")}`);
}
