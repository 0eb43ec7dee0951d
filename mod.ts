/**
 * paramlab: where every parameter of a Keras model comes from.
 *
 * Layers with Keras's names, shapes and counts; a Sequential model with Keras's summary. Counting
 * never allocates a weight. Heavy dependencies (TensorFlow.js, plotly.js) are not loaded here:
 * import them from their own entry points where they are wanted,
 * `import { toTfjs } from "@paramlab/paramlab/tfjs"` (the TensorFlow.js bridge) and
 * `import { lineFigure } from "@paramlab/paramlab/plot"` (plotly figures for notebooks).
 *
 * @example Why the first LSTM has more parameters than the second
 * ```ts
 * import { Input, LSTM, Sequential } from "./mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new Input({ shape: [400, 13] }),
 *   new LSTM({ units: 5, returnSequences: true }),
 *   new LSTM({ units: 5, returnSequences: true }),
 * ]);
 * assert.deepEqual(model.layers.map((l) => l.paramCount()), [380, 220]);
 * ```
 *
 * @module
 */

export * from "./lib/shape.ts";
export * from "./lib/errors.ts";
export * from "./lib/html.ts";
export * from "./lib/layers/base.ts";
export type { RankedConstructor } from "./lib/layers/ranked.ts";
export * from "./lib/layers/args.ts";
export * from "./lib/layers/totals.ts";
export * from "./lib/layers/macs.ts";
export * from "./lib/layers/declaration.ts";
export * from "./lib/layers/kind.ts";
export {
  type CallArgsOf,
  type CallArgument,
  callArgumentNamed,
  type CallArgumentType,
  type CallTable,
  callTableOf,
  checkInitialState,
  DOT_ATTENTION_CALL,
  MASKED_CALL,
  PROJECTED_ATTENTION_CALL,
  type ReadCall,
  readCall,
  RECURRENT_CALL,
  TRAINING_MASKED_CALL,
} from "./lib/layers/call.ts";
export {
  activationNames,
  checkKeys,
  nearest,
  type Option,
  type OptionTable,
  pythonName,
  type Resolved,
  resolveOptions,
} from "./lib/layers/options.ts";
export * from "./lib/layers/registry.ts";
export {
  checkKerasObject,
  type KerasClass,
  kerasObjectClasses,
  type KerasObjectKind,
  regularizers,
  type SerializedRegularizer,
} from "./lib/layers/keras_objects.ts";
// The registry's: the one configuration format (the summary reader's own is internal to it).
export { layerFromConfig } from "./lib/layers/registry.ts";
export * from "./lib/layers/core.ts";
export * from "./lib/layers/shape_keeping.ts";
export * from "./lib/layers/weightless_spatial.ts";
export * from "./lib/layers/activations.ts";
export * from "./lib/layers/regularization.ts";
export * from "./lib/layers/preprocessing.ts";
export * from "./lib/layers/embedding.ts";
export * from "./lib/layers/recurrent.ts";
export * from "./lib/layers/wrappers.ts";
export * from "./lib/layers/window.ts";
export * from "./lib/layers/convolutional.ts";
export * from "./lib/layers/conv_transpose.ts";
export * from "./lib/layers/depthwise_conv.ts";
export * from "./lib/layers/reshaping.ts";
export * from "./lib/layers/lambda.ts";
export * from "./lib/layers/padding_cropping.ts";
export * from "./lib/layers/pooling.ts";
export * from "./lib/layers/normalization.ts";
export * from "./lib/layers/unit_normalization.ts";
export * from "./lib/layers/merging.ts";
export * from "./lib/layers/base.ts";
export { analyzeEinsum, type EinsumAnalysis } from "./lib/layers/einsum.ts";
export * from "./lib/layers/einsum_dense.ts";
export * from "./lib/layers/attention.ts";
export * from "./lib/layers/multi_head_attention.ts";
export * from "./lib/layers/keras_hub.ts";
export * from "./lib/layers/conv_lstm.ts";
export * from "./lib/layers/recurrent_cells.ts";
export * from "./lib/ops/mod.ts";
export * from "./lib/model/mod.ts";
export * from "./lib/breakdown.ts";
export * from "./lib/summary/mod.ts";
export * from "./lib/json/mod.ts";
export * from "./lib/explain/mod.ts";
export { currentLanguage, type Language, setLanguage, t } from "./lib/language.ts";
export * from "./lib/infer.ts";
export * from "./lib/read/mod.ts";
export * from "./lib/frameworks.ts";
export * from "./lib/frameworks_model.ts";
export * from "./lib/sweep.ts";
export * from "./lib/keras_code.ts";
export * from "./lib/applications/mod.ts";
export * from "./lib/compute/memory.ts";
export * from "./lib/compute/sweep.ts";
export * from "./lib/hub/mod.ts";
