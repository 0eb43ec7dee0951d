/**
 * Keras and keras-hub classes the library knows by name only. A summary reader needs them: a
 * class name cut by its column (`(Conv2DT`, `(M`) is resolved only when exactly one class, modelled
 * or not, starts with what is printed, so a cut name is never taken for the one modelled class
 * that shares its prefix. Some of them Keras gives no weights, which a reader can still check.
 *
 * @module
 */

/** Keras classes with weights, or whose weights depend on their configuration. */
const WITH_WEIGHTS = [
  "BertBackbone",
  "CategoryEncoding",
  "Discretization",
  "Functional",
  "Hashing",
  "IntegerLookup",
  "Model",
  "Sequential",
  "StringLookup",
  "TextVectorization",
  "TokenAndPositionEmbedding",
  "TransformerDecoder",
  "TransformerEncoder",
] as const;

/** Keras classes without weights: lambdas, merges, reshapes and random augmentations. */
const WEIGHTLESS = [
  "CenterCrop",
  "Identity",
  "Lambda",
  "RandomContrast",
  "RandomCrop",
  "RandomFlip",
  "RandomRotation",
  "RandomTranslation",
  "RandomZoom",
  "Resizing",
  "SlicingOpLambda",
  "TFOpLambda",
  "ThresholdedReLU",
] as const;

/**
 * Keras classes known by name, whether or not the library models them; the registry filters
 * out those it declares.
 *
 * @returns The class names.
 *
 * @example
 * ```ts
 * import { kerasClassNames } from "./unmodelled.ts";
 * import assert from "assert";
 *
 * assert.ok(kerasClassNames().includes("Lambda"));
 * ```
 */
export function kerasClassNames(): readonly string[] {
  return [...WITH_WEIGHTS, ...WEIGHTLESS];
}

/**
 * Whether Keras gives a class the library does not model no weights at all.
 *
 * @param className A Keras class name.
 * @returns `true` for a lambda, a random augmentation, `Identity`, and the like.
 *
 * @example
 * ```ts
 * import { isWeightlessByName } from "./unmodelled.ts";
 * import assert from "assert";
 *
 * assert.ok(isWeightlessByName("TFOpLambda"));
 * assert.ok(!isWeightlessByName("Sequential"));
 * ```
 */
export function isWeightlessByName(className: string): boolean {
  return (WEIGHTLESS as readonly string[]).includes(className);
}

/** Keras's model classes: a row of one is a whole model nested in another. */
const MODELS = ["Functional", "Model", "Sequential"] as const;

/**
 * Whether a printed class name is, or is the start of, a Keras model class (`Functional`,
 * `Model`, `Sequential`): the row is a nested model.
 *
 * @param printed The printed class, possibly cut by its column (`"Functi"`).
 * @returns Whether a model class starts so.
 *
 * @example
 * ```ts
 * import { isModelClassPrefix } from "./unmodelled.ts";
 * import assert from "assert";
 *
 * assert.ok(isModelClassPrefix("Functi"));
 * assert.ok(!isModelClassPrefix("Dense"));
 * ```
 */
export function isModelClassPrefix(printed: string): boolean {
  return printed !== "" && MODELS.some((name) => name.startsWith(printed));
}
