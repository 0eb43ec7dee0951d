// The layer kinds the summary reader recognises by their printed class name. Which classes the
// library has comes from the layer registry (aliases included); this file adds only which of
// them the reader solves with a dedicated rule (the rest are tried generically), and the Keras
// classes nobody models, so that a cut name like `(Conv2DT` or `(M` is never taken for the one
// modelled kind that happens to share its prefix. Internal.

import { snakeCase } from "../layers/base.ts";
import type { LayerKind } from "../layers/kind.ts";
import { findKind, knownClassNames } from "../layers/registry.ts";

/** Layers without weights that keep the shape. */
export type IdentityClass =
  | "Dropout"
  | "SpatialDropout1D"
  | "SpatialDropout2D"
  | "GaussianNoise"
  | "GaussianDropout"
  | "AlphaDropout"
  | "ActivityRegularization"
  | "Activation"
  | "ReLU"
  | "LeakyReLU"
  | "Softmax"
  | "ELU"
  | "Masking";

export const IDENTITY_CLASSES: readonly IdentityClass[] = [
  "Dropout",
  "SpatialDropout1D",
  "SpatialDropout2D",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
  "ActivityRegularization",
  "Activation",
  "ReLU",
  "LeakyReLU",
  "Softmax",
  "ELU",
  "Masking",
];

/** The classes the reader solves with a dedicated rule, by Keras class name. */
export const KNOWN_CLASSES = [
  "InputLayer",
  "Dense",
  "SimpleRNN",
  "LSTM",
  "GRU",
  "TimeDistributed",
  "Bidirectional",
  "Conv1D",
  "Conv2D",
  "Embedding",
  "BatchNormalization",
  "LayerNormalization",
  "MaxPooling1D",
  "MaxPooling2D",
  "AveragePooling1D",
  "AveragePooling2D",
  "GlobalAveragePooling1D",
  "GlobalAveragePooling2D",
  "Flatten",
  "RepeatVector",
  ...IDENTITY_CLASSES,
] as const;

export type KnownClass = typeof KNOWN_CLASSES[number];

let snakeNames: readonly (readonly [string, string])[] | undefined;

function defaultNames(): readonly (readonly [string, string])[] {
  return snakeNames ??= [
    ...KNOWN_CLASSES.map((c) => [snakeCase(c), c] as const),
    ...knownClassNames().map((c) => [snakeCase(c), canonicalClass(c)] as const),
    ...unmodelledClasses().map((c) => [snakeCase(c), c] as const),
    ["input", "InputLayer"] as const,
    ["input_layer", "InputLayer"] as const,
  ].sort((a, b) => b[0].length - a[0].length);
}

/**
 * Keras's default names (`lstm_1`) and TensorFlow.js's (`lstm_LSTM1`) tell the class; the
 * longest default name that fits wins, so `conv2d_transpose_1` is no Conv2D.
 */
export function classFromName(name: string): string | undefined {
  for (const [snake, className] of defaultNames()) {
    if (name === snake || name.startsWith(`${snake}_`)) {
      return isKnownClass(className) || findKind(className) ? className : undefined;
    }
  }
  return undefined;
}

/**
 * Keras and keras-hub classes; those the registry has no kind for are the ones nobody models. A
 * cut class name is resolved only when exactly one class, modelled or not, starts with what is
 * printed.
 */
const KERAS_CLASSES: readonly string[] = [
  "Add",
  "AdditiveAttention",
  "Attention",
  "Average",
  "AveragePooling3D",
  "BertBackbone",
  "CategoryEncoding",
  "CenterCrop",
  "Concatenate",
  "Conv1DTranspose",
  "Conv2DTranspose",
  "Conv3D",
  "Conv3DTranspose",
  "ConvLSTM1D",
  "ConvLSTM2D",
  "Cropping1D",
  "Cropping2D",
  "Cropping3D",
  "DepthwiseConv1D",
  "DepthwiseConv2D",
  "Discretization",
  "Dot",
  "EinsumDense",
  "Functional",
  "GlobalAveragePooling3D",
  "GlobalMaxPooling1D",
  "GlobalMaxPooling2D",
  "GlobalMaxPooling3D",
  "GroupNormalization",
  "Hashing",
  "Identity",
  "IntegerLookup",
  "Lambda",
  "MaxPooling3D",
  "Maximum",
  "Minimum",
  "Model",
  "MultiHeadAttention",
  "Multiply",
  "Normalization",
  "Permute",
  "PReLU",
  "RandomFlip",
  "RandomRotation",
  "RandomZoom",
  "Rescaling",
  "Reshape",
  "Resizing",
  "SeparableConv1D",
  "SeparableConv2D",
  "Sequential",
  "StringLookup",
  "Subtract",
  "TextVectorization",
  "ThresholdedReLU",
  "TFOpLambda",
  "TokenAndPositionEmbedding",
  "TransformerDecoder",
  "TransformerEncoder",
  "UnitNormalization",
  "UpSampling1D",
  "UpSampling2D",
  "UpSampling3D",
  "ZeroPadding1D",
  "ZeroPadding2D",
  "ZeroPadding3D",
  "SlicingOpLambda",
];

let unmodelled: readonly string[] | undefined;

/** Keras classes the library does not model (the registry has no kind for them). */
export function unmodelledClasses(): readonly string[] {
  return unmodelled ??= KERAS_CLASSES.filter((c) => !findKind(c));
}

/** Whether the reader has a dedicated rule for a class. */
export function isKnownClass(name: string): name is KnownClass {
  return (KNOWN_CLASSES as readonly string[]).includes(name);
}

/**
 * The registered kind of a printed class name (aliases included), unless the reader solves it
 * with a dedicated rule; the reader then tries it generically.
 */
export function registeredKind(name: string): LayerKind | undefined {
  if (isKnownClass(name)) return undefined;
  const kind = findKind(name);
  if (!kind || isKnownClass(kind.className)) return undefined;
  return kind;
}

/** The class a printed name stands for: the name itself, or what its alias names. */
export function canonicalClass(name: string): string {
  return findKind(name)?.className ?? name;
}

/** The classes, modelled or not, whose name starts with a cut class name. */
export function classesWithPrefix(prefix: string): { known: string[]; unmodelled: string[] } {
  const known = new Set<string>();
  for (const c of KNOWN_CLASSES) if (c.startsWith(prefix)) known.add(c);
  for (const c of knownClassNames()) if (c.startsWith(prefix)) known.add(canonicalClass(c));
  return {
    known: [...known],
    unmodelled: unmodelledClasses().filter((c) => c.startsWith(prefix)),
  };
}

/**
 * Keras classes without weights whose output shape the reader does not compute: the lambdas
 * (their shape is their code's), merging, reshaping and preprocessing layers. Their count is
 * checked (Keras gives them no weights); their shape is not. A kind the registry declares is
 * solved by it instead.
 */
const WEIGHTLESS: ReadonlySet<string> = new Set([
  "Lambda",
  "TFOpLambda",
  "SlicingOpLambda",
  "Add",
  "Subtract",
  "Multiply",
  "Average",
  "Maximum",
  "Minimum",
  "Concatenate",
  "Dot",
  "Reshape",
  "Permute",
  "Cropping1D",
  "Cropping2D",
  "Cropping3D",
  "ZeroPadding1D",
  "ZeroPadding2D",
  "ZeroPadding3D",
  "UpSampling1D",
  "UpSampling2D",
  "UpSampling3D",
  "Rescaling",
  "CenterCrop",
  "Resizing",
  "RandomFlip",
  "RandomRotation",
  "RandomZoom",
  "RandomTranslation",
  "RandomContrast",
  "RandomCrop",
  "Identity",
  "ThresholdedReLU",
]);

/** Whether Keras gives a class no weights though the reader cannot compute its shape. */
export function isWeightless(className: string): boolean {
  return WEIGHTLESS.has(className);
}

/** Whether a class keeps its input's shape and has no weights (Dropout, activations, …). */
export function isIdentityClass(name: string): boolean {
  return (IDENTITY_CLASSES as readonly string[]).includes(name);
}
