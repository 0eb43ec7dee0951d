/**
 * Every layer kind the library knows, by Keras class name and alias. Every part of the library
 * that deals with layers (the Keras-JSON reader, the TF.js bridge, explanations, summary
 * reading, the PyTorch comparison) iterates over this list; none of them names a class. Each
 * family file lists its own kinds (`RECURRENT_KINDS`, …); this module only gathers them, so adding
 * a kind means declaring it in its family file.
 *
 * @module
 */

import type { Layer } from "./base.ts";
import type { Family, LayerConfig, LayerKind } from "./kind.ts";

export type { LayerConfig } from "./kind.ts";
import { isWeightlessByName, kerasClassNames } from "./unmodelled.ts";
import { indexKinds } from "./_kind_index.ts";

export { isElementwiseOp, isModelClassPrefix } from "./unmodelled.ts";
// Keras operations (`keras.ops` calls in a graph) are declared in their own table, lib/ops/.
import { findOperation, operationKinds } from "../ops/table.ts";
export { isKerasOperation, operationShapeFromInputs } from "../ops/table.ts";
import { CORE_KINDS } from "./core.ts";
import { LAMBDA_KINDS } from "./lambda.ts";
import { ACTIVATION_KINDS } from "./activations.ts";
import { REGULARIZATION_KINDS } from "./regularization.ts";
import { RESHAPING_KINDS } from "./reshaping.ts";
import { PADDING_CROPPING_KINDS } from "./padding_cropping.ts";
import { EMBEDDING_KINDS } from "./embedding.ts";
import { RECURRENT_KINDS } from "./recurrent.ts";
import { WRAPPER_KINDS } from "./wrappers.ts";
import { CONVOLUTION_KINDS } from "./convolutional.ts";
import { CONV_TRANSPOSE_KINDS } from "./conv_transpose.ts";
import { DEPTHWISE_CONV_KINDS } from "./depthwise_conv.ts";
import { POOLING_KINDS } from "./pooling.ts";
import { NORMALIZATION_KINDS } from "./normalization.ts";
import { UNIT_NORMALIZATION_KINDS } from "./unit_normalization.ts";
import { MERGING_KINDS } from "./merging.ts";
import { PREPROCESSING_KINDS } from "./preprocessing.ts";
import { EINSUM_DENSE_KINDS } from "./einsum_dense.ts";
import { MULTI_HEAD_ATTENTION_KINDS } from "./multi_head_attention.ts";
import { ATTENTION_KINDS } from "./attention.ts";
import { CONV_LSTM_KINDS } from "./conv_lstm.ts";
import { RECURRENT_CELL_KINDS } from "./recurrent_cells.ts";
import { KERAS_HUB_KINDS } from "./keras_hub.ts";
import { expectWith } from "../guard.ts";

const KINDS: readonly LayerKind[] = [
  ...CORE_KINDS,
  ...LAMBDA_KINDS,
  ...ACTIVATION_KINDS,
  ...REGULARIZATION_KINDS,
  ...RESHAPING_KINDS,
  ...PADDING_CROPPING_KINDS,
  ...EMBEDDING_KINDS,
  ...RECURRENT_KINDS,
  ...WRAPPER_KINDS,
  ...CONVOLUTION_KINDS,
  ...CONV_TRANSPOSE_KINDS,
  ...DEPTHWISE_CONV_KINDS,
  ...POOLING_KINDS,
  ...NORMALIZATION_KINDS,
  ...UNIT_NORMALIZATION_KINDS,
  ...MERGING_KINDS,
  ...PREPROCESSING_KINDS,
  ...EINSUM_DENSE_KINDS,
  ...MULTI_HEAD_ATTENTION_KINDS,
  ...ATTENTION_KINDS,
  ...CONV_LSTM_KINDS,
  ...RECURRENT_CELL_KINDS,
  ...KERAS_HUB_KINDS,
];

const BY_NAME = indexKinds(KINDS);

/**
 * Every layer kind, in the order of the families.
 *
 * @returns The declarations.
 *
 * @example
 * ```ts
 * import { layerKinds } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.ok(layerKinds().some((kind) => kind.className === "LSTM"));
 * ```
 */
export function layerKinds(): readonly LayerKind[] {
  return KINDS;
}

/**
 * The kinds of one family.
 *
 * @param family The family, e.g. `"recurrent"`.
 * @returns Its declarations.
 *
 * @example
 * ```ts
 * import { kindsOf } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(kindsOf("recurrent").map((k) => k.className).slice(0, 3), ["SimpleRNN", "LSTM", "GRU"]);
 * ```
 */
export function kindsOf(family: Family): readonly LayerKind[] {
  return KINDS.filter((kind) => kind.family === family);
}

/**
 * The kind of a Keras class name or alias, exactly as Keras spells it.
 *
 * @param className A class name such as `"LSTM"` or an alias such as `"MaxPool2D"`.
 * @returns The declaration, or `undefined` when the library has no such kind (it never guesses
 * a near name).
 *
 * @example
 * ```ts
 * import { findKind } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.equal(findKind("MaxPool2D")?.className, "MaxPooling2D");
 * assert.equal(findKind("Conv2DTransposeX"), undefined);
 * ```
 */
export function findKind(className: string): LayerKind | undefined {
  return BY_NAME.get(className);
}

/**
 * Every class name and alias the library knows.
 *
 * @returns The names, sorted.
 *
 * @example
 * ```ts
 * import { knownClassNames } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.ok(knownClassNames().includes("Convolution1D"));
 * ```
 */
export function knownClassNames(): string[] {
  return [...BY_NAME.keys()].sort();
}

/**
 * Whether a class name (or alias) is Keras's input layer, which every graph starts from.
 *
 * @param className A Keras class name.
 * @returns `true` for `"InputLayer"`.
 *
 * @example
 * ```ts
 * import { isInputClass } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.ok(isInputClass("InputLayer"));
 * assert.ok(!isInputClass("Dense"));
 * ```
 */
export function isInputClass(className: string): boolean {
  return findKind(className)?.className === "InputLayer";
}

/**
 * Keras classes known by name that the library does not model as layers (lambdas, nested models,
 * keras-hub blocks, Keras operations), so that a reader never takes one for a modelled class of a
 * similar name.
 *
 * @returns The class names.
 *
 * @example
 * ```ts
 * import { unmodelledClasses } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.ok(unmodelledClasses().includes("TFOpLambda"));
 * assert.ok(unmodelledClasses().includes("LogicalOr"));
 * assert.ok(!unmodelledClasses().includes("Dense"));
 * ```
 */
export function unmodelledClasses(): readonly string[] {
  // The operations the library has a rule for: a cut name is never taken for one of them. (Those
  // it has none for are left out, so that a cut `BatchNo` is still BatchNormalization, not the
  // rare `ops.batch_norm`.)
  const operations = operationKinds().flatMap((op) => [op.className, ...(op.aliases ?? [])]);
  return [...new Set([...kerasClassNames(), ...operations])].filter((name) => !BY_NAME.has(name));
}

/**
 * Whether Keras gives every layer of a class no weights: a declared kind without weights, a
 * known class the library does not model (a lambda, a random augmentation), or a Keras operation
 * the library has a shape rule for (`NotEqual`).
 *
 * @param className A Keras class name or alias.
 * @returns Whether its count is always 0.
 *
 * @example
 * ```ts
 * import { isWeightlessClass } from "./registry.ts";
 * import assert from "assert";
 *
 * assert.ok(isWeightlessClass("Add"));
 * assert.ok(isWeightlessClass("Lambda"));
 * assert.ok(isWeightlessClass("NotEqual"));
 * assert.ok(!isWeightlessClass("Dense"));
 * ```
 */
export function isWeightlessClass(className: string): boolean {
  const kind = BY_NAME.get(className);
  if (kind) return kind.weightless === true;
  return isWeightlessByName(className) || findOperation(className) !== undefined;
}

/**
 * Creates a layer from its Keras class name and a configuration in the library's format.
 *
 * @param className A class name or alias.
 * @param config The configuration, e.g. `{ units: 5, returnSequences: true }`.
 * @returns The layer.
 * @throws {TypeError} When the class is unknown (naming the classes that are known), or the
 * configuration is invalid.
 *
 * @example
 * ```ts
 * import { createLayer } from "./registry.ts";
 * import assert from "assert";
 *
 * const lstm = createLayer("LSTM", { units: 5, inputShape: [400, 13] });
 * assert.equal(lstm.paramCount(), 380);
 * ```
 */
export function createLayer(className: string, config: Record<string, unknown>): Layer {
  const kind = findKind(className);
  if (!kind) {
    throw new TypeError(
      `Unknown layer class ${JSON.stringify(className)}: this library has ${
        KINDS.map((k) => k.className).join(", ")
      }`,
    );
  }
  return kind.create(config);
}

/**
 * Creates a layer from the one configuration format.
 *
 * @param config The class name and the options; a wrapped layer may itself be a config.
 * @returns The layer.
 * @throws {TypeError} When the class is unknown or an option is invalid.
 *
 * @example
 * ```ts
 * import { layerFromConfig } from "./registry.ts";
 * import assert from "assert";
 *
 * const td = layerFromConfig({
 *   className: "TimeDistributed",
 *   layer: { className: "Dense", units: 650 },
 *   inputShape: [400, 5],
 * });
 * assert.equal(td.paramCount(), 3900);
 * ```
 */
export function layerFromConfig(config: LayerConfig): Layer {
  const { className, ...rest } = config;
  const options: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    options[key] = isConfig(value)
      ? layerFromConfig(value)
      : Array.isArray(value) && value.length > 0 && value.every(isConfig)
      ? value.map(layerFromConfig)
      : value;
  }
  return createLayer(className, options);
}

/**
 * A layer's configuration in the one format: its class and every option that is not inert and
 * not at its default.
 *
 * @param layer A layer.
 * @returns Its configuration; `layerFromConfig` of it builds an equal layer.
 *
 * @example
 * ```ts
 * import { configOf } from "./registry.ts";
 * import { LSTM } from "./recurrent.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(configOf(new LSTM(5, { returnSequences: true })), {
 *   className: "LSTM",
 *   units: 5,
 *   returnSequences: true,
 * });
 * ```
 */
export function configOf(layer: Layer): LayerConfig {
  expectWith("configOf", "its layer", layer, "a layer (e.g. new Dense(2))", "paramCount");
  const config: Record<string, unknown> = { className: layer.className };
  for (const [key, option] of Object.entries(layer.kind.options)) {
    const value = layer.config[key];
    if (option.inert || value === undefined) continue;
    if (sameValue(value, option.fallback)) continue;
    config[key] = isLayer(value)
      ? configOf(value)
      : Array.isArray(value) && value.length > 0 && value.every(isLayer)
      ? value.map(configOf)
      : value;
  }
  return config as LayerConfig;
}

function isConfig(value: unknown): value is LayerConfig {
  // A built layer has a className too: it is passed on as it is, not read as a configuration.
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    typeof (value as { className?: unknown }).className === "string" && !isLayer(value);
}

function isLayer(value: unknown): value is Layer {
  return typeof value === "object" && value !== null && "kind" in value &&
    typeof (value as Layer).paramCount === "function";
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}
