/**
 * Xception, layer for layer as Keras 3 builds it (`keras/src/applications/xception.py`):
 * separable convolutions in an entry flow, eight middle blocks and an exit flow, with residual
 * 1×1 convolutions Keras leaves unnamed (`conv2d`, `batch_normalization`, `add`, …).
 *
 * @module
 */

import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { Activation } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { SeparableConv2D } from "../layers/depthwise_conv.ts";
import { Add } from "../layers/merging.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { MaxPooling2D } from "../layers/pooling.ts";
import { type ApplicationArgs, finishModel, poolingTop, startModel } from "./_common.ts";

function bn(x: SymbolicTensor, name?: string): SymbolicTensor {
  return new BatchNormalization(name === undefined ? { axis: -1 } : { axis: -1, name }).apply(x);
}

function relu(x: SymbolicTensor, name: string): SymbolicTensor {
  return new Activation({ activation: "relu", name }).apply(x);
}

function sepConv(x: SymbolicTensor, filters: number, name: string): SymbolicTensor {
  return new SeparableConv2D({
    filters,
    kernelSize: [3, 3],
    padding: "same",
    useBias: false,
    name,
  }).apply(x);
}

/** The strided 1×1 convolution of a residual branch, unnamed as in Keras. */
function residualConv(x: SymbolicTensor, filters: number): SymbolicTensor {
  const conv = new Conv2D({
    filters,
    kernelSize: [1, 1],
    strides: [2, 2],
    padding: "same",
    useBias: false,
  }).apply(x);
  return bn(conv);
}

function pool(x: SymbolicTensor, name: string): SymbolicTensor {
  return new MaxPooling2D({ poolSize: [3, 3], strides: [2, 2], padding: "same", name }).apply(x);
}

/**
 * Keras's `keras.applications.Xception`: 22,910,480 parameters with its ImageNet top, input
 * 299×299×3 by default, at least 71×71.
 *
 * @param args Keras's arguments: `includeTop`, `weights`, `inputShape`, `pooling`, `classes`, …
 * @returns The model, named `"xception"`.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words.
 *
 * @example Without its top, on 160×160 images: the 20,861,480 a summary shows
 * ```ts
 * import { Xception } from "../../mod.ts";
 * import assert from "assert";
 *
 * const base = Xception({ includeTop: false, inputShape: [160, 160, 3] });
 * assert.deepEqual(base.outputShape(), [null, 5, 5, 2048]);
 * assert.equal(base.paramCount(), 20_861_480);
 * ```
 */
export function Xception(args?: ApplicationArgs): Model {
  const { args: checked, input } = startModel("Xception", args, { defaultSize: 299, minSize: 71 });
  let x = new Conv2D({
    filters: 32,
    kernelSize: [3, 3],
    strides: [2, 2],
    useBias: false,
    name: "block1_conv1",
  }).apply(input.tensor);
  x = relu(bn(x, "block1_conv1_bn"), "block1_conv1_act");
  x = new Conv2D({ filters: 64, kernelSize: [3, 3], useBias: false, name: "block1_conv2" })
    .apply(x);
  x = relu(bn(x, "block1_conv2_bn"), "block1_conv2_act");

  // Entry flow: block 2 starts without an activation, blocks 3 and 4 with one.
  for (const [block, filters] of [[2, 128], [3, 256], [4, 728]]) {
    const residual = residualConv(x, filters);
    const p = `block${block}`;
    if (block > 2) x = relu(x, `${p}_sepconv1_act`);
    x = bn(sepConv(x, filters, `${p}_sepconv1`), `${p}_sepconv1_bn`);
    x = relu(x, `${p}_sepconv2_act`);
    x = bn(sepConv(x, filters, `${p}_sepconv2`), `${p}_sepconv2_bn`);
    x = pool(x, `${p}_pool`);
    x = new Add().apply([x, residual]);
  }

  // Middle flow: eight blocks of three separable convolutions with an identity shortcut.
  for (let i = 0; i < 8; i++) {
    const residual = x;
    const p = `block${i + 5}`;
    for (let k = 1; k <= 3; k++) {
      x = relu(x, `${p}_sepconv${k}_act`);
      x = bn(sepConv(x, 728, `${p}_sepconv${k}`), `${p}_sepconv${k}_bn`);
    }
    x = new Add().apply([x, residual]);
  }

  // Exit flow.
  const residual = residualConv(x, 1024);
  x = relu(x, "block13_sepconv1_act");
  x = bn(sepConv(x, 728, "block13_sepconv1"), "block13_sepconv1_bn");
  x = relu(x, "block13_sepconv2_act");
  x = bn(sepConv(x, 1024, "block13_sepconv2"), "block13_sepconv2_bn");
  x = pool(x, "block13_pool");
  x = new Add().apply([x, residual]);
  x = bn(sepConv(x, 1536, "block14_sepconv1"), "block14_sepconv1_bn");
  x = relu(x, "block14_sepconv1_act");
  x = bn(sepConv(x, 2048, "block14_sepconv2"), "block14_sepconv2_bn");
  x = relu(x, "block14_sepconv2_act");

  x = poolingTop(x, checked);
  return finishModel(input, x, checked.name ?? "xception");
}
