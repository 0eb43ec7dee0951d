/**
 * Reading the JSON that Keras and TensorFlow.js export (`model.to_json()`, a `.keras` file's
 * `config.json`, a TF.js `model.json`) into a Sequential or Functional model.
 *
 * @example A Sequential model's JSON, as Keras 2 writes it
 * ```ts
 * import { fromKerasJson } from "./mod.ts";
 * import assert from "assert";
 *
 * const model = fromKerasJson({
 *   class_name: "Sequential",
 *   config: {
 *     layers: [
 *       { class_name: "LSTM", config: { batch_input_shape: [null, 400, 13], units: 5 } },
 *     ],
 *   },
 * });
 * assert.equal(model.paramCount(), 380);
 * ```
 *
 * @module
 */

export { fromKerasJson, supportedKerasClasses } from "./read.ts";
