/**
 * A backbone's parameters block by block, as a stacked bar: one bar per top-level layer (the
 * token table, each block, the final norm), stacked by part (the attention's projections, the
 * MLP, the norms …). Pure data in: the caller passes a breakdown such as keras-hub's
 * `blockBreakdown(backbone)`.
 *
 * @module
 */

import { currentLanguage } from "../language.ts";
import { barFigure } from "./bar.ts";
import { Figure } from "./figure.ts";

/** What {@linkcode breakdownFigure} draws: a count by layer and part. */
export interface BreakdownData {
  /** The model's name, e.g. `"llama3_backbone"`. */
  readonly name: string;
  /** Its class, e.g. `"Llama3Backbone"`. */
  readonly className: string;
  /** The bars: the layers, in order. */
  readonly layers: readonly string[];
  /** The stacks: each part's label and its count in each layer. */
  readonly parts: readonly { readonly label: string; readonly params: readonly number[] }[];
}

/** Options of {@linkcode breakdownFigure}. */
export interface BreakdownFigureOptions {
  /**
   * The figure's title.
   * @default {"<name> (<class>): parameters by layer and part", in the language set}
   */
  readonly title?: string;
}

/**
 * A stacked bar of a model's parameters by layer and part. Every name (the model's, its layers',
 * the parts') is shown as text, never as markup.
 *
 * @param breakdown The count by layer and part.
 * @param options The title.
 * @returns The figure; it displays in Jupyter.
 * @throws {RangeError} When a part has a count per layer other than the layers'.
 *
 * @example Llama 3 8B's 34 bars
 * ```ts
 * import { blockBreakdown, fromKerasHubPreset } from "../../mod.ts";
 * import { breakdownFigure } from "./breakdown.ts";
 * import assert from "assert";
 *
 * const figure = breakdownFigure(blockBreakdown(fromKerasHubPreset("llama3_8b_en").backbone));
 * // embeddings, output projection, query, key, value, attention output, MLP, norms
 * assert.equal(figure.data.length, 8);
 * assert.match(figure.description, /transformer_layer_31: 218,112,000/);
 * assert.match(figure.description, /token_embedding: 1,050,673,152/);
 * ```
 */
export function breakdownFigure(
  breakdown: BreakdownData,
  options: BreakdownFigureOptions = {},
): Figure {
  const zh = currentLanguage() === "zh";
  const title = options.title ??
    (zh
      ? `${breakdown.name}（${breakdown.className}）：各层各部分的参数量`
      : `${breakdown.name} (${breakdown.className}): parameters by layer and part`);
  const bars = barFigure({
    title,
    categories: breakdown.layers,
    xTitle: zh ? "层" : "layer",
    yTitle: zh ? "参数量" : "parameters",
    series: breakdown.parts.map((p) => ({ name: p.label, values: p.params })),
  });
  // Many long layer names: slanted, with the room they need below the axis.
  const layout = {
    ...bars.layout,
    xaxis: { ...bars.layout.xaxis, tickangle: -45, automargin: true },
  };
  return new Figure(bars.data, layout, bars.description);
}
