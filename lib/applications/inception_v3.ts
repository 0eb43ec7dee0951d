/**
 * InceptionV3, layer for layer as Keras 3 builds it (`keras/src/applications/inception_v3.py`):
 * inception modules of parallel branches concatenated (`mixed0` to `mixed10`), every
 * convolution followed by a batch normalization without scale; Keras leaves those layers
 * unnamed (`conv2d_93`, `batch_normalization_93`, `activation_93`).
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
import { type ApplicationArgs, finishModel, poolingTop, startModel } from "./_common.ts";

/** Keras's `conv2d_bn`: convolution without bias, batch normalization without scale, ReLU. */
function convBn(
  x: SymbolicTensor,
  filters: number,
  rows: number,
  cols: number,
  padding: "same" | "valid" = "same",
  strides = 1,
): SymbolicTensor {
  x = new Conv2D({
    filters,
    kernelSize: [rows, cols],
    strides: [strides, strides],
    padding,
    useBias: false,
  }).apply(x);
  x = new BatchNormalization({ axis: 3, scale: false }).apply(x);
  return new Activation({ activation: "relu" }).apply(x);
}

function concat(branches: SymbolicTensor[], name?: string): SymbolicTensor {
  return new Concatenate(name === undefined ? { axis: 3 } : { axis: 3, name }).apply(branches);
}

function avgPool(x: SymbolicTensor): SymbolicTensor {
  return new AveragePooling2D({ poolSize: [3, 3], strides: [1, 1], padding: "same" }).apply(x);
}

function maxPool(x: SymbolicTensor): SymbolicTensor {
  return new MaxPooling2D({ poolSize: [3, 3], strides: [2, 2] }).apply(x);
}

/** mixed0 to mixed2: 35×35 modules; `pool` is the pooled branch's filters. */
function module35(x: SymbolicTensor, pool: number, name: string): SymbolicTensor {
  const branch1x1 = convBn(x, 64, 1, 1);
  let branch5x5 = convBn(x, 48, 1, 1);
  branch5x5 = convBn(branch5x5, 64, 5, 5);
  let branch3x3dbl = convBn(x, 64, 1, 1);
  branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3);
  branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3);
  const branchPool = convBn(avgPool(x), pool, 1, 1);
  return concat([branch1x1, branch5x5, branch3x3dbl, branchPool], name);
}

/** mixed4 to mixed7: 17×17 modules with factorized 7×7 convolutions of `c` filters. */
function module17(x: SymbolicTensor, c: number, name: string): SymbolicTensor {
  const branch1x1 = convBn(x, 192, 1, 1);
  let branch7x7 = convBn(x, c, 1, 1);
  branch7x7 = convBn(branch7x7, c, 1, 7);
  branch7x7 = convBn(branch7x7, 192, 7, 1);
  let branch7x7dbl = convBn(x, c, 1, 1);
  branch7x7dbl = convBn(branch7x7dbl, c, 7, 1);
  branch7x7dbl = convBn(branch7x7dbl, c, 1, 7);
  branch7x7dbl = convBn(branch7x7dbl, c, 7, 1);
  branch7x7dbl = convBn(branch7x7dbl, 192, 1, 7);
  const branchPool = convBn(avgPool(x), 192, 1, 1);
  return concat([branch1x1, branch7x7, branch7x7dbl, branchPool], name);
}

/** mixed9 and mixed10: 8×8 modules with split 1×3 / 3×1 branches. */
function module8(x: SymbolicTensor, i: number): SymbolicTensor {
  const branch1x1 = convBn(x, 320, 1, 1);
  let branch3x3 = convBn(x, 384, 1, 1);
  const branch3x3a = convBn(branch3x3, 384, 1, 3);
  const branch3x3b = convBn(branch3x3, 384, 3, 1);
  branch3x3 = concat([branch3x3a, branch3x3b], `mixed9_${i}`);
  let branch3x3dbl = convBn(x, 448, 1, 1);
  branch3x3dbl = convBn(branch3x3dbl, 384, 3, 3);
  const branch3x3dblA = convBn(branch3x3dbl, 384, 1, 3);
  const branch3x3dblB = convBn(branch3x3dbl, 384, 3, 1);
  branch3x3dbl = concat([branch3x3dblA, branch3x3dblB]);
  const branchPool = convBn(avgPool(x), 192, 1, 1);
  return concat([branch1x1, branch3x3, branch3x3dbl, branchPool], `mixed${9 + i}`);
}

/**
 * Keras's `keras.applications.InceptionV3`: 23,851,784 parameters with its ImageNet top, input
 * 299×299×3 by default, at least 75×75.
 *
 * @param args Keras's arguments: `includeTop`, `weights`, `inputShape`, `pooling`, `classes`, …
 * @returns The model, named `"inception_v3"`.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words.
 *
 * @example
 * ```ts
 * import { InceptionV3 } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = InceptionV3();
 * assert.equal(model.paramCount(), 23_851_784);
 * // Its batch normalizations have no scale: beta trained, the moving mean and variance not.
 * assert.equal(model.nonTrainableParamCount(), 34_432);
 * ```
 */
export function InceptionV3(args?: ApplicationArgs): Model {
  const { args: checked, input } = startModel("InceptionV3", args, {
    defaultSize: 299,
    minSize: 75,
  });
  let x = convBn(input.tensor, 32, 3, 3, "valid", 2);
  x = convBn(x, 32, 3, 3, "valid");
  x = convBn(x, 64, 3, 3);
  x = maxPool(x);
  x = convBn(x, 80, 1, 1, "valid");
  x = convBn(x, 192, 3, 3, "valid");
  x = maxPool(x);

  x = module35(x, 32, "mixed0");
  x = module35(x, 64, "mixed1");
  x = module35(x, 64, "mixed2");

  // mixed3: 35×35 to 17×17.
  {
    const branch3x3 = convBn(x, 384, 3, 3, "valid", 2);
    let branch3x3dbl = convBn(x, 64, 1, 1);
    branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3);
    branch3x3dbl = convBn(branch3x3dbl, 96, 3, 3, "valid", 2);
    x = concat([branch3x3, branch3x3dbl, maxPool(x)], "mixed3");
  }

  x = module17(x, 128, "mixed4");
  x = module17(x, 160, "mixed5");
  x = module17(x, 160, "mixed6");
  x = module17(x, 192, "mixed7");

  // mixed8: 17×17 to 8×8.
  {
    let branch3x3 = convBn(x, 192, 1, 1);
    branch3x3 = convBn(branch3x3, 320, 3, 3, "valid", 2);
    let branch7x7x3 = convBn(x, 192, 1, 1);
    branch7x7x3 = convBn(branch7x7x3, 192, 1, 7);
    branch7x7x3 = convBn(branch7x7x3, 192, 7, 1);
    branch7x7x3 = convBn(branch7x7x3, 192, 3, 3, "valid", 2);
    x = concat([branch3x3, branch7x7x3, maxPool(x)], "mixed8");
  }

  x = module8(x, 0);
  x = module8(x, 1);

  x = poolingTop(x, checked);
  return finishModel(input, x, checked.name ?? "inception_v3");
}
