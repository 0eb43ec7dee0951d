/**
 * DenseNet121, DenseNet169 and DenseNet201, layer for layer as Keras 3 builds them
 * (`keras/src/applications/densenet.py`): dense blocks, each layer's 32 new channels
 * concatenated to everything before, and transitions that halve the channels.
 *
 * @module
 */

import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { Activation } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { Concatenate } from "../layers/merging.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { AveragePooling2D, MaxPooling2D } from "../layers/pooling.ts";
import { ZeroPadding2D } from "../layers/padding_cropping.ts";
import { type ApplicationArgs, finishModel, poolingTop, startModel } from "./_common.ts";

const EPSILON = 1.001e-5;
const GROWTH_RATE = 32;

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({ axis: 3, epsilon: EPSILON, name }).apply(x);
}

function relu(x: SymbolicTensor, name: string): SymbolicTensor {
  return new Activation({ activation: "relu", name }).apply(x);
}

/** Keras's `conv_block`: a bottleneck whose 32 new channels join the input's. */
function convBlock(x: SymbolicTensor, name: string): SymbolicTensor {
  let x1 = relu(bn(x, `${name}_0_bn`), `${name}_0_relu`);
  x1 = new Conv2D({
    filters: 4 * GROWTH_RATE,
    kernelSize: 1,
    useBias: false,
    name: `${name}_1_conv`,
  })
    .apply(x1);
  x1 = relu(bn(x1, `${name}_1_bn`), `${name}_1_relu`);
  x1 = new Conv2D({
    filters: GROWTH_RATE,
    kernelSize: 3,
    padding: "same",
    useBias: false,
    name: `${name}_2_conv`,
  }).apply(x1);
  return new Concatenate({ axis: 3, name: `${name}_concat` }).apply([x, x1]);
}

/** Keras's `transition_block`: half the channels, half the size. */
function transitionBlock(x: SymbolicTensor, reduction: number, name: string): SymbolicTensor {
  x = relu(bn(x, `${name}_bn`), `${name}_relu`);
  x = new Conv2D({
    filters: Math.trunc(x.shape[3]! * reduction),
    kernelSize: 1,
    useBias: false,
    name: `${name}_conv`,
  }).apply(x);
  return new AveragePooling2D({ poolSize: 2, strides: 2, name: `${name}_pool` }).apply(x);
}

/** Keras's `DenseNet`. */
function denseNet(
  owner: string,
  given: ApplicationArgs | undefined,
  blocks: readonly number[],
  defaultName: string,
): Model {
  const { args, input } = startModel(owner, given, { defaultSize: 224, minSize: 32 });
  let x = new ZeroPadding2D({ padding: [[3, 3], [3, 3]] }).apply(input.tensor);
  x = new Conv2D({ filters: 64, kernelSize: 7, strides: 2, useBias: false, name: "conv1_conv" })
    .apply(x);
  x = relu(bn(x, "conv1_bn"), "conv1_relu");
  x = new ZeroPadding2D({ padding: [[1, 1], [1, 1]] }).apply(x);
  x = new MaxPooling2D({ poolSize: 3, strides: 2, name: "pool1" }).apply(x);
  blocks.forEach((count, i) => {
    for (let k = 1; k <= count; k++) x = convBlock(x, `conv${i + 2}_block${k}`);
    if (i < 3) x = transitionBlock(x, 0.5, `pool${i + 2}`);
  });
  x = relu(bn(x, "bn"), "relu");
  x = poolingTop(x, args, { avg: "avg_pool", max: "max_pool" });
  return finishModel(input, x, args.name ?? defaultName);
}

/**
 * Keras's `keras.applications.DenseNet121`: dense blocks of 6, 12, 24 and 16 layers;
 * 8,062,504 parameters with its ImageNet top.
 *
 * @param args Keras's arguments: `includeTop`, `weights`, `inputShape`, `pooling`, `classes`, …
 * @returns The model, named `"densenet121"`.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words.
 *
 * @example
 * ```ts
 * import { DenseNet121 } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = DenseNet121();
 * assert.equal(model.paramCount(), 8_062_504);
 * assert.equal(model.layers.length, 429);
 * ```
 */
export function DenseNet121(args?: ApplicationArgs): Model {
  return denseNet("DenseNet121", args, [6, 12, 24, 16], "densenet121");
}

/**
 * Keras's `keras.applications.DenseNet169`: dense blocks of 6, 12, 32 and 32 layers.
 *
 * @param args Keras's arguments, as for {@linkcode DenseNet121}.
 * @returns The model, named `"densenet169"`.
 *
 * @example
 * ```ts
 * import { DenseNet169 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(DenseNet169().paramCount(), 14_307_880);
 * ```
 */
export function DenseNet169(args?: ApplicationArgs): Model {
  return denseNet("DenseNet169", args, [6, 12, 32, 32], "densenet169");
}

/**
 * Keras's `keras.applications.DenseNet201`: dense blocks of 6, 12, 48 and 32 layers.
 *
 * @param args Keras's arguments, as for {@linkcode DenseNet121}.
 * @returns The model, named `"densenet201"`.
 *
 * @example
 * ```ts
 * import { DenseNet201 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(DenseNet201().paramCount(), 20_242_984);
 * ```
 */
export function DenseNet201(args?: ApplicationArgs): Model {
  return denseNet("DenseNet201", args, [6, 12, 48, 32], "densenet201");
}
