/**
 * MobileNet (version 1), layer for layer as Keras 3 builds it
 * (`keras/src/applications/mobilenet.py`): depthwise separable blocks, widths scaled by
 * `alpha`, and a top made of a 1×1 convolution rather than a Dense layer.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { Activation, ReLU } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { DepthwiseConv2D } from "../layers/depthwise_conv.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { GlobalAveragePooling2D } from "../layers/pooling.ts";
import { Dropout } from "../layers/regularization.ts";
import { Reshape } from "../layers/reshaping.ts";
import { ZeroPadding2D } from "../layers/padding_cropping.ts";
import {
  type ApplicationArgs,
  checkAlpha,
  checkArgs,
  finishModel,
  globalPooling,
  modelInput,
  obtainInputShape,
  pythonFixed2,
  pythonFloat,
  validateActivation,
} from "./_common.ts";

/** The arguments of {@linkcode MobileNet}: Keras's, with the width and depth multipliers. */
export interface MobileNetArgs extends ApplicationArgs {
  /**
   * The width multiplier: every layer's filters are scaled by it (and truncated). ImageNet
   * weights exist for 0.25, 0.5, 0.75 and 1.0.
   * @default {1.0}
   */
  readonly alpha?: number;
  /**
   * The depthwise convolutions' channel multiplier (1 with ImageNet weights).
   * @default {1}
   */
  readonly depthMultiplier?: number;
  /**
   * The top's dropout rate; it adds no parameters.
   * @default {0.001}
   */
  readonly dropout?: number;
}

/** The input sizes Keras has MobileNet ImageNet weights for. */
const WEIGHT_SIZES = [128, 160, 192, 224];

/** Each block's pointwise filters and stride, block 1 to 13. */
const BLOCKS: readonly (readonly [number, number])[] = [
  [64, 1],
  [128, 2],
  [128, 1],
  [256, 2],
  [256, 1],
  [512, 2],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [512, 1],
  [1024, 2],
  [1024, 1],
];

function relu6(x: SymbolicTensor, name: string): SymbolicTensor {
  return new ReLU({ maxValue: 6, name }).apply(x);
}

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({ axis: -1, name }).apply(x);
}

/** Keras's `_depthwise_conv_block`. */
function depthwiseConvBlock(
  inputs: SymbolicTensor,
  pointwiseFilters: number,
  alpha: number,
  depthMultiplier: number,
  stride: number,
  blockId: number,
): SymbolicTensor {
  let x = inputs;
  if (stride !== 1) {
    x = new ZeroPadding2D({ padding: [[0, 1], [0, 1]], name: `conv_pad_${blockId}` }).apply(x);
  }
  x = new DepthwiseConv2D({
    kernelSize: [3, 3],
    padding: stride === 1 ? "same" : "valid",
    depthMultiplier,
    strides: stride,
    useBias: false,
    name: `conv_dw_${blockId}`,
  }).apply(x);
  x = relu6(bn(x, `conv_dw_${blockId}_bn`), `conv_dw_${blockId}_relu`);
  x = new Conv2D({
    filters: Math.trunc(pointwiseFilters * alpha),
    kernelSize: [1, 1],
    padding: "same",
    useBias: false,
    strides: [1, 1],
    name: `conv_pw_${blockId}`,
  }).apply(x);
  return relu6(bn(x, `conv_pw_${blockId}_bn`), `conv_pw_${blockId}_relu`);
}

/**
 * Keras's `keras.applications.MobileNet`: 4,253,864 parameters with its ImageNet top. Its
 * default name records `alpha` and the input rows, `"mobilenet_1.00_224"`.
 *
 * @param args Keras's arguments, with `alpha`, `depthMultiplier` and `dropout`.
 * @returns The model.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words (with ImageNet weights, an
 * `alpha` they do not exist for, or a `depthMultiplier` other than 1).
 *
 * @example A quarter-width MobileNet on 128×128 images
 * ```ts
 * import { MobileNet } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(MobileNet().paramCount(), 4_253_864);
 * const small = MobileNet({ alpha: 0.25, inputShape: [128, 128, 3] });
 * assert.equal(small.name, "mobilenet_0.25_128");
 * assert.deepEqual(small.outputShape(), [null, 1000]);
 * ```
 */
export function MobileNet(args?: MobileNetArgs): Model {
  const checked = checkArgs("MobileNet", args, ["alpha", "depthMultiplier", "dropout"]);
  const alpha = checkAlpha("MobileNet", args?.alpha ?? 1.0);
  const depthMultiplier = args?.depthMultiplier ?? 1;
  if (typeof depthMultiplier !== "number") {
    throw new TypeError(
      `Invalid depthMultiplier for MobileNet: expected a positive integer, received ${
        describeValue(depthMultiplier)
      }`,
    );
  }
  if (!Number.isSafeInteger(depthMultiplier) || depthMultiplier < 1) {
    throw new RangeError(
      `Invalid depthMultiplier for MobileNet: expected a positive integer, received ${
        describeValue(depthMultiplier)
      }`,
    );
  }
  const dropout = args?.dropout ?? 1e-3;
  // Keras checks the rate in the top's Dropout, so only with the top.
  if (
    args?.includeTop !== false && (typeof dropout !== "number" || !(dropout >= 0 && dropout <= 1))
  ) {
    throw new RangeError(
      `Invalid dropout for MobileNet: expected a rate in [0, 1], received ${
        describeValue(dropout)
      }`,
    );
  }
  const { weights, includeTop } = checked;
  const given = checked.inputShape;
  let defaultSize = 224;
  if (given !== undefined && given[0] === given[1] && WEIGHT_SIZES.includes(given[0] ?? -1)) {
    defaultSize = given[0]!;
  }
  const shape = obtainInputShape(given, { defaultSize, minSize: 32 }, includeTop, weights);
  let rows: number | null = shape[0];
  if (weights === "imagenet") {
    if (depthMultiplier !== 1) {
      throw new RangeError(
        "If imagenet weights are being loaded, depth multiplier must be 1.  " +
          `Received depth_multiplier=${depthMultiplier}`,
      );
    }
    if (![0.25, 0.5, 0.75, 1.0].includes(alpha)) {
      throw new RangeError(
        "If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` or " +
          `\`1.0\` only.  Received alpha=${pythonFloat(alpha)}`,
      );
    }
    if (rows !== shape[1] || !WEIGHT_SIZES.includes(rows ?? -1)) rows = 224;
  }
  const input = modelInput(shape, checked.inputTensor);
  let x = new Conv2D({
    filters: Math.trunc(32 * alpha),
    kernelSize: [3, 3],
    padding: "same",
    useBias: false,
    strides: [2, 2],
    name: "conv1",
  }).apply(input.tensor);
  x = relu6(bn(x, "conv1_bn"), "conv1_relu");
  BLOCKS.forEach(([filters, stride], i) => {
    x = depthwiseConvBlock(x, filters, alpha, depthMultiplier, stride, i + 1);
  });
  if (includeTop) {
    const classes = checked.classes;
    x = new GlobalAveragePooling2D({ keepdims: true }).apply(x);
    x = new Dropout({ rate: dropout, name: "dropout" }).apply(x);
    x = new Conv2D({ filters: classes, kernelSize: [1, 1], padding: "same", name: "conv_preds" })
      .apply(x);
    x = new Reshape({ targetShape: [classes], name: "reshape_2" }).apply(x);
    validateActivation(checked);
    x = new Activation({
      activation: checked.classifierActivation ?? "linear",
      name: "predictions",
    })
      .apply(x);
  } else {
    x = globalPooling(x, checked.pooling);
  }
  return finishModel(
    input,
    x,
    checked.name ?? `mobilenet_${pythonFixed2(alpha)}_${rows ?? "None"}`,
  );
}
