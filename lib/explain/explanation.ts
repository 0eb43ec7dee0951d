/**
 * The explanation of a layer's parameter count, as an object: its data, and its text and HTML.
 *
 * @module
 */

import type { ComputeExplanation } from "./compute.ts";
import type { WrapperRelation } from "../layers/args.ts";
import type { Shape } from "../shape.ts";
import { JUPYTER_DISPLAY } from "../summary/summary.ts";
import type { ExplanationData, GateTerm, Variable, WeightTerm } from "./data.ts";
import { explanationHtml } from "./html.ts";
import { explanationText } from "./text.ts";
import { explanationSvg, type SvgOptions } from "./svg.ts";

/** How a wrapper relates to the layer it wraps. */
export interface InnerExplanation {
  /**
   * `"shared over time"` for TimeDistributed (one set of weights used at every step), `"two
   * copies"` for Bidirectional (a forward and a backward layer, each with its own weights).
   */
  readonly relation: WrapperRelation;
  /** How many sets of the inner layer's weights the wrapper holds. */
  readonly copies: number;
  /** The inner layer's explanation. */
  readonly explanation: Explanation;
}

/** Everything an {@linkcode Explanation} says: its fields, without its methods. */
export type ExplanationParts = {
  readonly [
    K in keyof Explanation as Explanation[K] extends (...args: never[]) => unknown ? never
      : K
  ]: Explanation[K];
};

/**
 * Why a layer has its parameter count. Prints as text; displays as HTML in Jupyter.
 *
 * @example "Why does the first LSTM have more params?": 13 features, 5 units
 * ```ts
 * import { LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
 * assert.deepEqual(e.weights.map((w) => [w.name, w.size]), [
 *   ["kernel", 260],
 *   ["recurrent_kernel", 100],
 *   ["bias", 20],
 * ]);
 * assert.equal(e.symbolic, "4 × ((n + m) × m + m)");
 * assert.equal(e.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
 * assert.equal(e.expanded, "4 × (13×5 + 5×5 + 5)");
 * assert.equal(e.annotation, "4*(13*5 + 5*5 + 5)");
 * ```
 */
export class Explanation implements ExplanationData {
  /** The layer's name. */
  declare readonly layerName: string;
  /** The layer's class, e.g. `"LSTM"`. */
  declare readonly className: string;
  /** The input shape the layer was built for (the first, for a merge layer that takes several). */
  declare readonly inputShape: Shape;
  /** The parameter count: the sum of the weights' sizes. */
  declare readonly paramCount: number;
  /** The parameters training updates. */
  declare readonly trainableParamCount: number;
  /** The parameters training does not update. */
  declare readonly nonTrainableParamCount: number;
  /** The weight tensors, in Keras's order, each with what it holds. */
  declare readonly weights: readonly WeightTerm[];
  /** The formula's symbols and their values. */
  declare readonly variables: readonly Variable[];
  /** The formula with symbols, e.g. `4 × ((n + m) × m + m)`; `0` for a layer without weights. */
  declare readonly symbolic: string;
  /** The formula with numbers and its value, e.g. `4 × ((13 + 5) × 5 + 5) = 380`. */
  declare readonly numeric: string;
  /** The documents' equivalent form, e.g. `4 × (13×5 + 5×5 + 5)` or `13×5 + 5`. */
  declare readonly expanded: string;
  /**
   * The annotation the answer to "Why does the first LSTM in a Keras model have more params?"
   * writes beside a summary row, e.g. `4*(13*5 + 5*5 + 5)`.
   */
  declare readonly annotation: string;
  /** For a recurrent cell, its gate blocks in kernel column order; otherwise empty. */
  declare readonly gates: readonly GateTerm[];
  /** For a wrapper, the layer it wraps and how. */
  declare readonly inner: InnerExplanation | undefined;
  /** Why, in sentences. */
  declare readonly why: readonly string[];
  /** What one call computes for one example, beside what it stores; absent: no MACs. */
  declare readonly compute?: ComputeExplanation;

  /**
   * Use {@linkcode explainLayer} or `layer.explain()`; this assembles the parts.
   *
   * @param parts What the explanation says.
   */
  constructor(parts: ExplanationParts) {
    Object.assign(this, parts);
  }

  /**
   * The explanation as text.
   *
   * @returns Several lines: the weights, the formula three ways, the gates, the inner layer, why.
   *
   * @example
   * ```ts
   * import { Dense } from "../../mod.ts";
   * import assert from "assert";
   *
   * const text = String(new Dense({ units: 5, inputShape: [13] }).explain());
   * assert.match(text, /n × m \+ m/);
   * assert.match(text, /13 × 5 \+ 5 = 70/);
   * ```
   */
  toString(): string {
    return explanationText(this);
  }

  /**
   * The explanation as HTML, every text escaped, with the drawing of its weights.
   *
   * @returns A `<div>` with the drawing, a table of the weights and the formulas.
   *
   * @example
   * ```ts
   * import { Dense } from "../../mod.ts";
   * import assert from "assert";
   *
   * const html = new Dense({ units: 5, inputShape: [13], name: "<b>" }).explain().toHtml();
   * assert.ok(html.includes("&lt;b&gt;"));
   * assert.ok(!html.includes("<b>"));
   * ```
   */
  toHtml(): string {
    return explanationHtml(this, this.svg());
  }

  /**
   * A drawing of the layer's weight tensors, as a standalone SVG string: each tensor a rectangle
   * with its shape on its sides and its count inside, the gates, heads and groups as labelled
   * bands, frozen weights hatched. See {@linkcode explanationSvg}.
   *
   * @param options The language: `{ lang: "zh" }` writes the heading, the gates' names and the
   *   legend in Chinese (遗忘门, 可训练 …).
   * @returns An `<svg>` element as a string, every text escaped.
   *
   * @example An LSTM(5) on 13 features: a 13 × 20 kernel in four gate bands
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const svg = new LSTM({ units: 5, inputShape: [400, 13] }).explain().svg();
   * assert.match(svg, /^<svg /);
   * assert.match(svg, /data-name="kernel" data-shape="13,20"/);
   * assert.equal(svg.match(/data-kind="gate"/g)?.length, 12);
   * ```
   */
  svg(options: SvgOptions = {}): string {
    return explanationSvg(this, options);
  }

  /**
   * What Deno's Jupyter kernel displays: the text, the HTML (with the drawing inside) and the
   * drawing alone as `image/svg+xml`, which shows where HTML is not trusted.
   *
   * @returns A MIME bundle.
   *
   * @example
   * ```ts
   * import { Dropout, JUPYTER_DISPLAY } from "../../mod.ts";
   * import assert from "assert";
   *
   * const e = new Dropout({ rate: 0.5, inputShape: [10] }).explain();
   * const bundle = e[JUPYTER_DISPLAY]();
   * assert.equal(bundle["text/plain"], String(e));
   * assert.ok(bundle["text/html"].startsWith("<div"));
   * assert.ok(bundle["image/svg+xml"].startsWith("<svg"));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string; "image/svg+xml": string } {
    const svg = this.svg();
    return {
      "text/plain": this.toString(),
      "text/html": explanationHtml(this, svg),
      "image/svg+xml": svg,
    };
  }
}
