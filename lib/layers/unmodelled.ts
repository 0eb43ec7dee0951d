/**
 * Keras and keras-hub classes the library knows by name only. A summary reader needs them: a
 * class name cut by its column (`(Conv2DT`, `(M`) is resolved only when exactly one class, modelled
 * or not, starts with what is printed, so a cut name is never taken for the one modelled class
 * that shares its prefix. Some of them Keras gives no weights, which a reader can still check.
 *
 * @module
 */

/**
 * Keras classes with weights, or whose weights depend on their configuration or on code the
 * table does not show (a wrapped JAX, Flax or torch module, a SavedModel, a base class).
 */
const WITH_WEIGHTS = [
  "BertBackbone",
  "CategoryEncoding",
  "Discretization",
  "FlaxLayer",
  "Functional",
  "Hashing",
  "IntegerLookup",
  "JaxLayer",
  "Layer",
  "Model",
  "Pipeline",
  "ReversibleEmbedding",
  "STFTSpectrogram",
  "Sequential",
  "SpectralNormalization",
  "StringLookup",
  "TFSMLayer",
  "TextVectorization",
  "TorchModuleWrapper",
  "Wrapper",
] as const;

/**
 * Keras classes without weights: TF-op lambdas, reshapes, resizing and crops, hashing, the
 * spectrogram of fixed filters, and random augmentations (Keras 3.15.1 builds each of those it
 * exports with no weights: tests/fixtures/keras3_layer_classes.py).
 */
const WEIGHTLESS = [
  "AugMix",
  "AutoContrast",
  "CenterCrop",
  "ContrastLimitedAdaptiveHistogramEqualization",
  "CutMix",
  "Equalization",
  "HashedCrossing",
  "Identity",
  "MaxNumBoundingBoxes",
  "MelSpectrogram",
  "MixUp",
  "RandAugment",
  "RandomBrightness",
  "RandomColorDegeneration",
  "RandomColorJitter",
  "RandomContrast",
  "RandomCrop",
  "RandomElasticTransform",
  "RandomErasing",
  "RandomFlip",
  "RandomGaussianBlur",
  "RandomGrayscale",
  "RandomHue",
  "RandomInvert",
  "RandomPerspective",
  "RandomPosterization",
  "RandomRotation",
  "RandomSaturation",
  "RandomSharpness",
  "RandomShear",
  "RandomTranslation",
  "RandomZoom",
  "Resizing",
  "SlicingOpLambda",
  "Solarization",
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
 * assert.ok(kerasClassNames().includes("TFOpLambda"));
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

/**
 * TensorFlow operations that act value by value. Keras 2 wraps such an op, called on a Keras
 * tensor, in a `TFOpLambda` layer named after it (`tf.nn.relu_7`); its output has its input's
 * shape, and with several inputs of one shape, that shape.
 */
const ELEMENTWISE_OPS: ReadonlySet<string> = new Set([
  "tf.__operators__.add",
  "tf.__operators__.sub",
  "tf.__operators__.mul",
  "tf.__operators__.truediv",
  "tf.math.abs",
  "tf.math.add",
  "tf.math.divide",
  "tf.math.exp",
  "tf.math.log",
  "tf.math.maximum",
  "tf.math.minimum",
  "tf.math.multiply",
  "tf.math.negative",
  "tf.math.pow",
  "tf.math.sigmoid",
  "tf.math.sqrt",
  "tf.math.square",
  "tf.math.subtract",
  "tf.math.tanh",
  "tf.math.truediv",
  "tf.nn.elu",
  "tf.nn.gelu",
  "tf.nn.relu",
  "tf.nn.relu6",
  "tf.nn.selu",
  "tf.nn.sigmoid",
  "tf.nn.silu",
  "tf.nn.softplus",
  "tf.nn.swish",
  "tf.nn.tanh",
]);

/**
 * Whether a printed row is a `TFOpLambda` layer whose name says it wraps an op that acts value
 * by value, so that its output has its input's shape.
 *
 * @param className The printed class.
 * @param layerName The printed layer name, e.g. `"tf.nn.relu_7"`.
 * @returns Whether the class is `TFOpLambda` and the op it names (the name without Keras's
 * `_N`) acts value by value.
 *
 * @example
 * ```ts
 * import { isElementwiseOp } from "./unmodelled.ts";
 * import assert from "assert";
 *
 * assert.ok(isElementwiseOp("TFOpLambda", "tf.nn.relu_7"));
 * assert.ok(isElementwiseOp("TFOpLambda", "tf.__operators__.add"));
 * assert.ok(!isElementwiseOp("TFOpLambda", "tf.tile"));
 * assert.ok(!isElementwiseOp("Lambda", "tf.nn.relu"));
 * ```
 */
export function isElementwiseOp(className: string, layerName: string): boolean {
  return className === "TFOpLambda" && ELEMENTWISE_OPS.has(layerName.replace(/_\d+$/, ""));
}
