/**
 * Reading a Sequential or Functional model from the JSON that Keras and TensorFlow.js export: Keras 2's and
 * tf.keras's `model.to_json()`, Keras 3's `model.to_json()` (and the `config.json` of a `.keras`
 * file), TensorFlow.js's `model.toJSON()` and the `model.json` files that `tfjs.converters` and
 * `model.save()` write. Only what decides shapes and counts is read; initializers, regularizers,
 * constraints and dtypes are ignored.
 *
 * @module
 */

import type { Sequential } from "../model/sequential.ts";
import type { Model } from "../model/functional.ts";
import { knownClassNames } from "../layers/registry.ts";
import { findModelConfig, parseJson } from "./_detect.ts";
import { buildModel } from "./_sequential.ts";
import { buildFunctional } from "./_graph.ts";

/**
 * Builds a {@linkcode Sequential} or functional {@linkcode Model} from the model topology Keras or
 * TensorFlow.js exports.
 *
 * Accepted forms:
 * - Keras 2 / tf.keras `model.to_json()`: `{"class_name": "Sequential", "config": {"name", "layers"}}`,
 *   or, before Keras 2.2, `"config"` as the bare list of layers; the input shape comes from an
 *   `InputLayer` entry or the first layer's `batch_input_shape`.
 * - Keras 3 `model.to_json()`: layers with `"module"`, `"registered_name"` and `"build_config"`,
 *   an `InputLayer` with `"batch_shape"`, wrapped layers nested as full objects.
 * - TensorFlow.js `model.toJSON()` (a string, or an object with `toJSON(null, false)`), and a
 *   `model.json` file: `{"modelTopology": …, "weightsManifest": …}`, whose topology is either the
 *   model itself or `{"model_config": …, "keras_version", "backend"}`.
 * - A Functional model (`"class_name": "Functional"`, or `"Model"` before Keras 3) in any of these
 *   forms: each layer called on the tensors its `inbound_nodes` name, the model made from
 *   `input_layers` and `output_layers`; a model used as a layer is read as a model of its own.
 * - Any of these encoded twice, as `json.dump(model.to_json(), f)` writes it.
 *
 * A GRU entry without `reset_after` is read as `false`: only Keras versions older than the option
 * omit it, and they behaved that way.
 *
 * @param json The JSON text, or the object it parses to.
 * @returns The model, built when the JSON says what its input shape is.
 * @throws {SyntaxError} When the text is not valid JSON, e.g. cut off.
 * @throws {TypeError} When the JSON is not a Keras model (no Sequential or Functional class, no
 * list of layers), names a layer class this library does not have, or a layer's config holds a
 * value of the wrong type (the message names the layer).
 * @throws {RangeError} When a layer's config holds a number out of range.
 * @throws {IncompatibleShapeError} When a layer cannot take its predecessor's output.
 *
 * @example Two stacked LSTMs on 400 steps of 13 features, as Keras 2 writes them
 * ```ts
 * import { fromKerasJson } from "./read.ts";
 * import assert from "assert";
 *
 * const model = fromKerasJson({
 *   class_name: "Sequential",
 *   config: {
 *     name: "sequential_1",
 *     layers: [
 *       {
 *         class_name: "LSTM",
 *         config: {
 *           name: "lstm_1",
 *           batch_input_shape: [null, 400, 13],
 *           units: 5,
 *           return_sequences: true,
 *         },
 *       },
 *       { class_name: "LSTM", config: { name: "lstm_2", units: 5, return_sequences: true } },
 *     ],
 *   },
 *   keras_version: "2.2.4",
 *   backend: "tensorflow",
 * });
 * assert.deepEqual(model.layers.map((l) => l.paramCount()), [380, 220]);
 * assert.equal(model.layers[1].name, "lstm_2");
 * ```
 *
 * @example A cut-off file is a SyntaxError that says so
 * ```ts
 * import { fromKerasJson } from "./read.ts";
 * import assert from "assert";
 *
 * assert.throws(() => fromKerasJson('{"class_name": "Sequential", "config": {'), SyntaxError);
 * ```
 */
export function fromKerasJson(json: string | object): Sequential | Model {
  let root = typeof json === "string" ? parseJson(json) : json;
  // `json.dump(model.to_json(), f)` writes the JSON text as a JSON string: read it once more.
  if (typeof root === "string" && /^\s*[[{]/.test(root)) root = parseJson(root);
  const found = findModelConfig(root, "The JSON");
  return found.functional
    ? buildFunctional(found.name, found.layers, found.inputLayers, found.outputLayers, 0)
    : buildModel(found.name, found.layers, found.buildInputShape);
}

/**
 * The class names {@linkcode fromKerasJson} understands, as Keras writes them (aliases included).
 *
 * @returns The names, sorted.
 *
 * @example
 * ```ts
 * import { supportedKerasClasses } from "./read.ts";
 * import assert from "assert";
 *
 * assert.ok(supportedKerasClasses().includes("LSTM"));
 * assert.ok(supportedKerasClasses().includes("InputLayer"));
 * ```
 */
export function supportedKerasClasses(): string[] {
  return knownClassNames();
}
