// The layer kinds the summary reader recognises by their printed class name, and the Keras
// classes it knows of but does not model (so that a cut name like `(Conv2DT` or `(M` is never
// taken for the one modelled kind that happens to share its prefix). Internal, and the one
// place these lists live: when the layer registry lands, they come from it.

import { snakeCase } from "../layers/base.ts";

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

/** The classes the reader models, by Keras class name. */
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
    ...UNMODELLED_CLASSES.map((c) => [snakeCase(c), c] as const),
    ["input", "InputLayer"] as const,
    ["input_layer", "InputLayer"] as const,
  ].sort((a, b) => b[0].length - a[0].length);
}

/**
 * Keras's default names (`lstm_1`) and TensorFlow.js's (`lstm_LSTM1`) tell the class; the
 * longest default name that fits wins, so `conv2d_transpose_1` is no Conv2D.
 */
export function classFromName(name: string): KnownClass | undefined {
  for (const [snake, className] of defaultNames()) {
    if (name === snake || name.startsWith(`${snake}_`)) {
      return isKnownClass(className) ? className : undefined;
    }
  }
  return undefined;
}

/**
 * Keras and keras-hub classes the reader does not model. A cut class name is resolved only when
 * exactly one class, modelled or not, starts with what is printed.
 */
export const UNMODELLED_CLASSES: readonly string[] = [
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

/** Whether the reader models a class. */
export function isKnownClass(name: string): name is KnownClass {
  return (KNOWN_CLASSES as readonly string[]).includes(name);
}

/** The classes, modelled or not, whose name starts with a cut class name. */
export function classesWithPrefix(prefix: string): { known: KnownClass[]; unmodelled: string[] } {
  return {
    known: KNOWN_CLASSES.filter((c) => c.startsWith(prefix)),
    unmodelled: UNMODELLED_CLASSES.filter((c) => c.startsWith(prefix)),
  };
}
