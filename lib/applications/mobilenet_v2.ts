/**
 * MobileNetV2, layer for layer as Keras 3 builds it (`keras/src/applications/mobilenet_v2.py`):
 * inverted residual blocks (expand, depthwise, project), widths scaled by `alpha`.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { ReLU } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { DepthwiseConv2D } from "../layers/depthwise_conv.ts";
import { Add } from "../layers/merging.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { GlobalAveragePooling2D } from "../layers/pooling.ts";
import { ZeroPadding2D } from "../layers/padding_cropping.ts";
import {
  type ApplicationArgs,
  checkAlpha,
  checkArgs,
  correctPad,
  finishModel,
  globalPooling,
  makeDivisible,
  modelInput,
  obtainInputShape,
  predictions,
  pythonFixed2,
  pythonFloat,
} from "./_common.ts";

/** The arguments of {@linkcode MobileNetV2}: Keras's, with the width multiplier. */
export interface MobileNetV2Args extends ApplicationArgs {
  /**
   * The width multiplier: every block's filters are scaled by it (rounded to multiples of 8).
   * ImageNet weights exist for 0.35, 0.5, 0.75, 1.0, 1.3 and 1.4.
   * @default {1.0}
   */
  readonly alpha?: number;
}

/** The input sizes Keras has MobileNetV2 ImageNet weights for. */
const WEIGHT_SIZES = [96, 128, 160, 192, 224];

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({ axis: -1, epsilon: 1e-3, momentum: 0.999, name }).apply(x);
}

function relu6(x: SymbolicTensor, name: string): SymbolicTensor {
  return new ReLU({ maxValue: 6, name }).apply(x);
}

/** Keras's `_inverted_res_block`. */
function invertedResBlock(
  inputs: SymbolicTensor,
  expansion: number,
  stride: number,
  alpha: number,
  filters: number,
  blockId: number,
): SymbolicTensor {
  const inChannels = inputs.shape[3]!;
  const pointwiseFilters = makeDivisible(Math.trunc(filters * alpha), 8);
  let x = inputs;
  let prefix = `block_${blockId}_`;
  if (blockId) {
    x = new Conv2D({
      filters: expansion * inChannels,
      kernelSize: 1,
      padding: "same",
      useBias: false,
      activation: null,
      name: `${prefix}expand`,
    }).apply(x);
    x = relu6(bn(x, `${prefix}expand_BN`), `${prefix}expand_relu`);
  } else {
    prefix = "expanded_conv_";
  }
  if (stride === 2) {
    x = new ZeroPadding2D({ padding: correctPad(x.shape, 3), name: `${prefix}pad` }).apply(x);
  }
  x = new DepthwiseConv2D({
    kernelSize: 3,
    strides: stride,
    activation: null,
    useBias: false,
    padding: stride === 1 ? "same" : "valid",
    name: `${prefix}depthwise`,
  }).apply(x);
  x = relu6(bn(x, `${prefix}depthwise_BN`), `${prefix}depthwise_relu`);
  x = new Conv2D({
    filters: pointwiseFilters,
    kernelSize: 1,
    padding: "same",
    useBias: false,
    activation: null,
    name: `${prefix}project`,
  }).apply(x);
  x = bn(x, `${prefix}project_BN`);
  if (inChannels === pointwiseFilters && stride === 1) {
    return new Add({ name: `${prefix}add` }).apply([inputs, x]);
  }
  return x;
}

/** Each block's [filters, stride, expansion], block 0 to 16. */
const BLOCKS: readonly (readonly [number, number, number])[] = [
  [16, 1, 1],
  [24, 2, 6],
  [24, 1, 6],
  [32, 2, 6],
  [32, 1, 6],
  [32, 1, 6],
  [64, 2, 6],
  [64, 1, 6],
  [64, 1, 6],
  [64, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [96, 1, 6],
  [160, 2, 6],
  [160, 1, 6],
  [160, 1, 6],
  [320, 1, 6],
];

/**
 * Keras's `keras.applications.MobileNetV2`: 3,538,984 parameters with its ImageNet top. Its
 * default name records `alpha` and the input rows, `"mobilenetv2_1.00_224"`; without the top and
 * without weights the rows are unknown: `"mobilenetv2_1.00_None"`.
 *
 * @param args Keras's arguments, and `alpha`, the width multiplier.
 * @returns The model.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words (with ImageNet weights,
 * an `alpha` they do not exist for).
 *
 * @example The usual transfer-learning base, and a narrower network
 * ```ts
 * import { MobileNetV2 } from "../../mod.ts";
 * import assert from "assert";
 *
 * const base = MobileNetV2({ includeTop: false, inputShape: [160, 160, 3] });
 * assert.equal(base.name, "mobilenetv2_1.00_160");
 * assert.deepEqual(base.outputShape(), [null, 5, 5, 1280]);
 * assert.equal(base.paramCount(), 2_257_984);
 * assert.equal(MobileNetV2({ alpha: 0.35 }).name, "mobilenetv2_0.35_224");
 * ```
 */
export function MobileNetV2(args?: MobileNetV2Args): Model {
  const checked = checkArgs("MobileNetV2", args, ["alpha"]);
  const alpha = checkAlpha("MobileNetV2", args?.alpha ?? 1.0);
  const { weights, includeTop } = checked;
  const given = checked.inputShape;
  if (given !== undefined && checked.inputTensor !== undefined) {
    if (checked.inputTensor.shape[2] !== given[1]) {
      throw new RangeError(
        "input_tensor.shape[2] must equal input_shape[1]; Received `input_tensor.shape=" +
          `${describeValue(checked.inputTensor.shape)}\`, \`input_shape=${describeValue(given)}\``,
      );
    }
  }
  // The size ImageNet weights are chosen by: the given square size when weights exist for it.
  let defaultSize = 224;
  const sized = given ?? checked.inputTensor?.shape.slice(1);
  if (sized !== undefined && sized[0] === sized[1] && WEIGHT_SIZES.includes(sized[0] ?? -1)) {
    defaultSize = sized[0]!;
  }
  const shape = obtainInputShape(given, { defaultSize, minSize: 32 }, includeTop, weights);
  let rows: number | null = shape[0];
  if (weights === "imagenet") {
    if (![0.35, 0.5, 0.75, 1.0, 1.3, 1.4].includes(alpha)) {
      throw new RangeError(
        "If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`, " +
          `\`1.0\`, \`1.3\` or \`1.4\` only; Received \`alpha=${pythonFloat(alpha)}\``,
      );
    }
    if (rows !== shape[1] || !WEIGHT_SIZES.includes(rows ?? -1)) rows = 224;
  }
  const input = modelInput(shape, checked.inputTensor);
  let x = new Conv2D({
    filters: makeDivisible(32 * alpha, 8),
    kernelSize: 3,
    strides: 2,
    padding: "same",
    useBias: false,
    name: "Conv1",
  }).apply(input.tensor);
  x = relu6(bn(x, "bn_Conv1"), "Conv1_relu");
  BLOCKS.forEach(([filters, stride, expansion], blockId) => {
    x = invertedResBlock(x, expansion, stride, alpha, filters, blockId);
  });
  const lastFilters = alpha > 1.0 ? makeDivisible(1280 * alpha, 8) : 1280;
  x = new Conv2D({ filters: lastFilters, kernelSize: 1, useBias: false, name: "Conv_1" }).apply(x);
  x = relu6(bn(x, "Conv_1_bn"), "out_relu");
  if (includeTop) {
    x = new GlobalAveragePooling2D().apply(x);
    x = predictions(x, checked);
  } else {
    x = globalPooling(x, checked.pooling);
  }
  return finishModel(
    input,
    x,
    checked.name ?? `mobilenetv2_${pythonFixed2(alpha)}_${rows ?? "None"}`,
  );
}
