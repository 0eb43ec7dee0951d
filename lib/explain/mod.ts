/**
 * Why a layer has the parameters it has: its weight tensors, the formula they add up to (with
 * symbols, with numbers, and in the compact form the documents use), the split per gate for
 * recurrent cells, and what wrappers share. Everything is read from the layer's own weight
 * tensors (`layer.weights()`): the formula is the structure of those shapes, never a second,
 * hand-written count that could drift from them.
 *
 * @module
 */

import type { Layer } from "../layers/base.ts";
import { explanationOf } from "./analysis.ts";
import type { Explanation } from "./explanation.ts";

export { Explanation, type ExplanationParts, type InnerExplanation } from "./explanation.ts";
export type { ExplanationData, GateTerm, Variable, WeightTerm } from "./data.ts";
export { explanationText } from "./text.ts";
export { explanationHtml } from "./html.ts";
export type { ComputeExplanation, ComputeTerm } from "./compute.ts";
export { ModelExplanation } from "./model.ts";
export {
  explanationSvg,
  explanationSvgPart,
  OKABE_ITO,
  svgDocument,
  type SvgOptions,
  type SvgPart,
} from "./svg.ts";
export { bandName, type DrawingLanguage, type DrawingWords, drawingWords } from "./words.ts";
export {
  type Band,
  type BandKind,
  type DrawingSection,
  type TensorDrawing,
  type WeightDrawing,
  weightDrawing,
} from "./drawing.ts";
import { expectWith } from "../guard.ts";

/**
 * Explains a built layer's parameter count from its weight tensors.
 *
 * @param layer Any layer; it is built from its declared input shape if it has not been built.
 * @returns The explanation.
 * @throws {Error} When the layer has no input shape to be built for.
 *
 * @example Why Dropout has none, and what BatchNormalization keeps
 * ```ts
 * import { BatchNormalization, Dropout, explainLayer } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dropout = explainLayer(new Dropout({ rate: 0.5, inputShape: [100, 64] }));
 * assert.equal(dropout.paramCount, 0);
 * assert.match(dropout.why.join(" "), /nothing is learned/i);
 *
 * const bn = explainLayer(new BatchNormalization({ inputShape: [64] }));
 * assert.equal(bn.symbolic, "4 × f");
 * assert.deepEqual(bn.weights.filter((w) => !w.trainable).map((w) => w.name), [
 *   "moving_mean",
 *   "moving_variance",
 * ]);
 * ```
 */
export function explainLayer(layer: Layer): Explanation {
  expectWith("explainLayer", "its layer", layer, "a layer (e.g. new Dense(2))", "paramCount");
  return explanationOf(layer);
}

/**
 * Does nothing: `layer.explain()` calls the explainer directly now. It used to install what
 * `layer.explain()` calls, when the layers could not import the explainer.
 *
 * @deprecated `layer.explain()` needs no installing; remove the call.
 * @param _explain Ignored.
 *
 * @example
 * ```ts
 * import { explainLayer, installExplainer, LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * installExplainer(explainLayer);
 * assert.equal(new LSTM(5, { inputShape: [400, 13] }).explain().paramCount, 380);
 * ```
 */
export function installExplainer(_explain: (layer: Layer) => Explanation): void {}
