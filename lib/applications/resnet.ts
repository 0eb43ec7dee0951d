/**
 * ResNet50, ResNet101, ResNet152 and their V2 (pre-activation) versions, layer for layer as
 * Keras 3 builds them (`keras/src/applications/resnet.py`, `resnet_v2.py`).
 *
 * @module
 */

import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { Activation } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { Add } from "../layers/merging.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { MaxPooling2D } from "../layers/pooling.ts";
import { ZeroPadding2D } from "../layers/padding_cropping.ts";
import { type ApplicationArgs, finishModel, poolingTop, startModel } from "./_common.ts";

const EPSILON = 1.001e-5;

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({ axis: 3, epsilon: EPSILON, name }).apply(x);
}

function relu(x: SymbolicTensor, name: string): SymbolicTensor {
  return new Activation({ activation: "relu", name }).apply(x);
}

/** A block's projection shortcut: a strided 1×1 convolution to the block's 4 × filters. */
function projection(
  x: SymbolicTensor,
  filters: number,
  stride: number,
  name: string,
): SymbolicTensor {
  return new Conv2D({
    filters: 4 * filters,
    kernelSize: 1,
    strides: stride,
    name: `${name}_0_conv`,
  })
    .apply(x);
}

/** Keras's `residual_block_v1`: a bottleneck block, its shortcut a 1×1 convolution or none. */
function blockV1(
  x: SymbolicTensor,
  filters: number,
  stride: number,
  convShortcut: boolean,
  name: string,
): SymbolicTensor {
  let shortcut = x;
  if (convShortcut) {
    shortcut = projection(x, filters, stride, name);
    shortcut = bn(shortcut, `${name}_0_bn`);
  }
  x = new Conv2D({ filters, kernelSize: 1, strides: stride, name: `${name}_1_conv` }).apply(x);
  x = relu(bn(x, `${name}_1_bn`), `${name}_1_relu`);
  x = new Conv2D({ filters, kernelSize: 3, padding: "same", name: `${name}_2_conv` }).apply(x);
  x = relu(bn(x, `${name}_2_bn`), `${name}_2_relu`);
  x = new Conv2D({ filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv` }).apply(x);
  x = bn(x, `${name}_3_bn`);
  x = new Add({ name: `${name}_add` }).apply([shortcut, x]);
  return relu(x, `${name}_out`);
}

/** Keras's `stack_residual_blocks_v1`. */
function stackV1(
  x: SymbolicTensor,
  filters: number,
  blocks: number,
  stride1: number,
  name: string,
): SymbolicTensor {
  x = blockV1(x, filters, stride1, true, `${name}_block1`);
  for (let i = 2; i <= blocks; i++) x = blockV1(x, filters, 1, false, `${name}_block${i}`);
  return x;
}

/** Keras's `residual_block_v2`: batch normalization and ReLU before the convolutions. */
function blockV2(
  x: SymbolicTensor,
  filters: number,
  stride: number,
  convShortcut: boolean,
  name: string,
): SymbolicTensor {
  const preact = relu(bn(x, `${name}_preact_bn`), `${name}_preact_relu`);
  let shortcut: SymbolicTensor;
  if (convShortcut) {
    shortcut = projection(preact, filters, stride, name);
  } else {
    shortcut = stride > 1 ? new MaxPooling2D({ poolSize: 1, strides: stride }).apply(x) : x;
  }
  x = new Conv2D({ filters, kernelSize: 1, strides: 1, useBias: false, name: `${name}_1_conv` })
    .apply(preact);
  x = relu(bn(x, `${name}_1_bn`), `${name}_1_relu`);
  x = new ZeroPadding2D({ padding: [[1, 1], [1, 1]], name: `${name}_2_pad` }).apply(x);
  x = new Conv2D({
    filters,
    kernelSize: 3,
    strides: stride,
    useBias: false,
    name: `${name}_2_conv`,
  }).apply(x);
  x = relu(bn(x, `${name}_2_bn`), `${name}_2_relu`);
  x = new Conv2D({ filters: 4 * filters, kernelSize: 1, name: `${name}_3_conv` }).apply(x);
  return new Add({ name: `${name}_out` }).apply([shortcut, x]);
}

/** Keras's `stack_residual_blocks_v2`: the stride is on the stack's last block. */
function stackV2(
  x: SymbolicTensor,
  filters: number,
  blocks: number,
  stride1: number,
  name: string,
): SymbolicTensor {
  x = blockV2(x, filters, 1, true, `${name}_block1`);
  for (let i = 2; i < blocks; i++) x = blockV2(x, filters, 1, false, `${name}_block${i}`);
  return blockV2(x, filters, stride1, false, `${name}_block${blocks}`);
}

/** The blocks per stage (conv2 to conv5) of each depth. */
const DEPTHS: Readonly<Record<"50" | "101" | "152", readonly number[]>> = {
  "50": [3, 4, 6, 3],
  "101": [3, 4, 23, 3],
  "152": [3, 8, 36, 3],
};

/** Keras's `ResNet`: the stem, the stages, and the top or pooling. */
function resNet(
  owner: string,
  given: ApplicationArgs | undefined,
  preact: boolean,
  blocks: readonly number[],
  defaultName: string,
): Model {
  const { args, input } = startModel(owner, given, { defaultSize: 224, minSize: 32 });
  let x = new ZeroPadding2D({ padding: [[3, 3], [3, 3]], name: "conv1_pad" }).apply(input.tensor);
  x = new Conv2D({ filters: 64, kernelSize: 7, strides: 2, useBias: true, name: "conv1_conv" })
    .apply(x);
  if (!preact) x = relu(bn(x, "conv1_bn"), "conv1_relu");
  x = new ZeroPadding2D({ padding: [[1, 1], [1, 1]], name: "pool1_pad" }).apply(x);
  x = new MaxPooling2D({ poolSize: 3, strides: 2, name: "pool1_pool" }).apply(x);
  const filters = [64, 128, 256, 512];
  for (let stage = 0; stage < 4; stage++) {
    const name = `conv${stage + 2}`;
    if (preact) {
      x = stackV2(x, filters[stage], blocks[stage], stage === 3 ? 1 : 2, name);
    } else {
      x = stackV1(x, filters[stage], blocks[stage], stage === 0 ? 1 : 2, name);
    }
  }
  if (preact) x = relu(bn(x, "post_bn"), "post_relu");
  x = poolingTop(x, args, { avg: "avg_pool", max: "max_pool" });
  return finishModel(input, x, args.name ?? defaultName);
}

/**
 * Keras's `keras.applications.ResNet50`: 25,636,712 parameters with its ImageNet top.
 *
 * @param args Keras's arguments: `includeTop`, `weights`, `inputShape`, `pooling`, `classes`, …
 * @returns The model, named `"resnet50"`.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses (an input under 32×32, `classes` other than
 * 1000 with ImageNet weights and the top), in Keras's words.
 *
 * @example The base of a transfer-learning model: no top, pooled features
 * ```ts
 * import { ResNet50 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(ResNet50().paramCount(), 25_636_712);
 * const base = ResNet50({ includeTop: false, inputShape: [160, 160, 3], pooling: "avg" });
 * assert.deepEqual(base.outputShape(), [null, 2048]);
 * assert.equal(base.paramCount(), 23_587_712);
 * ```
 */
export function ResNet50(args?: ApplicationArgs): Model {
  return resNet("ResNet50", args, false, DEPTHS["50"], "resnet50");
}

/**
 * Keras's `keras.applications.ResNet101`: ResNet50 with 23 blocks in its fourth stage.
 *
 * @param args Keras's arguments, as for {@linkcode ResNet50}.
 * @returns The model, named `"resnet101"`.
 *
 * @example
 * ```ts
 * import { ResNet101 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(ResNet101().paramCount(), 44_707_176);
 * ```
 */
export function ResNet101(args?: ApplicationArgs): Model {
  return resNet("ResNet101", args, false, DEPTHS["101"], "resnet101");
}

/**
 * Keras's `keras.applications.ResNet152`: 8 blocks in the third stage, 36 in the fourth.
 *
 * @param args Keras's arguments, as for {@linkcode ResNet50}.
 * @returns The model, named `"resnet152"`.
 *
 * @example
 * ```ts
 * import { ResNet152 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(ResNet152().paramCount(), 60_419_944);
 * ```
 */
export function ResNet152(args?: ApplicationArgs): Model {
  return resNet("ResNet152", args, false, DEPTHS["152"], "resnet152");
}

/**
 * Keras's `keras.applications.ResNet50V2`: ResNet50 with batch normalization and ReLU before
 * each convolution, and one more normalization (`post_bn`) at the end.
 *
 * @param args Keras's arguments, as for {@linkcode ResNet50}.
 * @returns The model, named `"resnet50v2"`.
 *
 * @example
 * ```ts
 * import { ResNet50V2 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(ResNet50V2().paramCount(), 25_613_800);
 * ```
 */
export function ResNet50V2(args?: ApplicationArgs): Model {
  return resNet("ResNet50V2", args, true, DEPTHS["50"], "resnet50v2");
}

/**
 * Keras's `keras.applications.ResNet101V2`.
 *
 * @param args Keras's arguments, as for {@linkcode ResNet50}.
 * @returns The model, named `"resnet101v2"`.
 *
 * @example
 * ```ts
 * import { ResNet101V2 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(ResNet101V2().paramCount(), 44_675_560);
 * ```
 */
export function ResNet101V2(args?: ApplicationArgs): Model {
  return resNet("ResNet101V2", args, true, DEPTHS["101"], "resnet101v2");
}

/**
 * Keras's `keras.applications.ResNet152V2`.
 *
 * @param args Keras's arguments, as for {@linkcode ResNet50}.
 * @returns The model, named `"resnet152v2"`.
 *
 * @example
 * ```ts
 * import { ResNet152V2 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(ResNet152V2().paramCount(), 60_380_648);
 * ```
 */
export function ResNet152V2(args?: ApplicationArgs): Model {
  return resNet("ResNet152V2", args, true, DEPTHS["152"], "resnet152v2");
}
