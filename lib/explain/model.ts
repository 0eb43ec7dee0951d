/**
 * A model's explanation, layer by layer: each layer's explanation in the summary's order, with a
 * drawing of every weight tensor of the model. It reads only the layers' explanations.
 *
 * @module
 */

import { currentLanguage } from "../language.ts";
import { escapeHtml } from "../html.ts";
import { JUPYTER_DISPLAY } from "../summary/summary.ts";
import type { Explanation } from "./explanation.ts";
import { explanationHtml } from "./html.ts";
import { explanationSvgPart, svgDocument, type SvgOptions } from "./svg.ts";
import { frameWord } from "./sentences.ts";
import { drawingWords } from "./words.ts";

/**
 * Why a model has its parameter count, layer by layer: `model.explain()`. Prints as text, displays
 * as HTML with a drawing of the weights in Jupyter, and as `image/svg+xml` where HTML is not
 * trusted.
 *
 * @example "Why does the first LSTM have more params?": two LSTMs and a Dense
 * ```ts
 * import { Dense, LSTM, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new LSTM({ units: 5, returnSequences: true, inputShape: [400, 13] }),
 *   new LSTM({ units: 5 }),
 *   new Dense({ units: 1 }),
 * ]);
 * const e = model.explain();
 * assert.deepEqual(e.layers.map((l) => l.paramCount), [380, 220, 6]);
 * assert.equal(e.svg().match(/class="paramlab-weights"/g)?.length, 3);
 * ```
 */
export class ModelExplanation {
  /**
   * Use `model.explain()`; this assembles the parts.
   *
   * @param modelName The model's name.
   * @param layers Each layer's explanation, in the summary's order.
   */
  constructor(
    /** The model's name. */
    readonly modelName: string,
    /** Each layer's explanation, in the summary's order. */
    readonly layers: readonly Explanation[],
  ) {}

  /**
   * The explanation as text: each layer's, one after another.
   *
   * @returns The layers' explanations, separated by blank lines.
   *
   * @example
   * ```ts
   * import { Dense, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const text = String(new Sequential([new Dense({ units: 5, inputShape: [13] })]).explain());
   * assert.match(text, /13 × 5 \+ 5 = 70/);
   * ```
   */
  toString(): string {
    const model = frameWord("model", currentLanguage());
    return [`${model} "${this.modelName}"`, ...this.layers.map(String)].join("\n\n");
  }

  /**
   * A drawing of every weight tensor of the model, layer by layer, as one SVG string; layers
   * without weights are left out.
   *
   * @param options The language of the drawing's words.
   * @returns An `<svg>` element as a string, every text escaped.
   *
   * @example
   * ```ts
   * import { Dense, Dropout, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([
   *   new Dense({ units: 5, inputShape: [13] }),
   *   new Dropout({ rate: 0.5 }),
   *   new Dense({ units: 1 }),
   * ]);
   * const svg = model.explain().svg();
   * assert.equal(svg.match(/class="tensor"/g)?.length, 4);
   * ```
   */
  svg(options: SvgOptions = {}): string {
    const drawn = this.layers.filter((e) => e.weights.length > 0);
    return svgDocument(
      drawn.map((e) => explanationSvgPart(e, options)),
      drawingWords(options.lang ?? currentLanguage()).modelLabel(this.modelName),
    );
  }

  /**
   * The explanation as HTML: the drawing of the weights, then each layer's explanation.
   *
   * @returns A `<div>`, every text escaped.
   *
   * @example
   * ```ts
   * import { Dense, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([new Dense({ units: 5, inputShape: [13], name: "<b>" })]);
   * const html = model.explain().toHtml();
   * assert.ok(html.includes("&lt;b&gt;") && !html.includes("<b>"));
   * assert.match(html, /<svg /);
   * ```
   */
  toHtml(): string {
    const lang = currentLanguage();
    return [
      `<div class="paramlab-model-explanation">`,
      `<p><strong>${frameWord("model", lang)} ${escapeHtml(this.modelName)}</strong>${
        frameWord("layerByLayer", lang)
      }</p>`,
      `<div class="paramlab-weights-drawing">${this.svg()}</div>`,
      ...this.layers.map((e) => explanationHtml(e)),
      `</div>`,
    ].join("\n");
  }

  /**
   * What Deno's Jupyter kernel displays: the text, the HTML and the drawing as `image/svg+xml`.
   *
   * @returns A MIME bundle.
   *
   * @example
   * ```ts
   * import { Dense, JUPYTER_DISPLAY, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const bundle = new Sequential([new Dense({ units: 5, inputShape: [13] })]).explain()
   *   [JUPYTER_DISPLAY]();
   * assert.ok(bundle["image/svg+xml"].startsWith("<svg"));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string; "image/svg+xml": string } {
    return {
      "text/plain": this.toString(),
      "text/html": this.toHtml(),
      "image/svg+xml": this.svg(),
    };
  }
}
