/**
 * VGG16 and VGG19, layer for layer as Keras 3 builds them (`keras/src/applications/vgg16.py`,
 * `vgg19.py`): five blocks of 3×3 convolutions and max pooling, then three Dense layers whose
 * first holds most of the parameters.
 *
 * @module
 */

import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { Dense } from "../layers/core.ts";
import { MaxPooling2D } from "../layers/pooling.ts";
import { Flatten } from "../layers/reshaping.ts";
import {
  type ApplicationArgs,
  finishModel,
  globalPooling,
  predictions,
  startModel,
} from "./_common.ts";

/** Keras's VGG: blocks of `convs[i]` convolutions with 64, 128, 256, 512, 512 filters. */
function vgg(
  owner: string,
  given: ApplicationArgs | undefined,
  convs: readonly number[],
  defaultName: string,
): Model {
  const { args, input } = startModel(owner, given, { defaultSize: 224, minSize: 32 });
  let x: SymbolicTensor = input.tensor;
  [64, 128, 256, 512, 512].forEach((filters, i) => {
    for (let k = 1; k <= convs[i]; k++) {
      x = new Conv2D({
        filters,
        kernelSize: [3, 3],
        activation: "relu",
        padding: "same",
        name: `block${i + 1}_conv${k}`,
      }).apply(x);
    }
    x = new MaxPooling2D({ poolSize: [2, 2], strides: [2, 2], name: `block${i + 1}_pool` })
      .apply(x);
  });
  if (args.includeTop) {
    x = new Flatten({ name: "flatten" }).apply(x);
    x = new Dense({ units: 4096, activation: "relu", name: "fc1" }).apply(x);
    x = new Dense({ units: 4096, activation: "relu", name: "fc2" }).apply(x);
    x = predictions(x, args);
  } else {
    x = globalPooling(x, args.pooling);
  }
  return finishModel(input, x, args.name ?? defaultName);
}

/**
 * Keras's `keras.applications.VGG16`: 138,357,544 parameters with its ImageNet top, of which
 * `fc1` (7·7·512 inputs × 4096 units) holds 102,764,544.
 *
 * @param args Keras's arguments: `includeTop`, `weights`, `inputShape`, `pooling`, `classes`, …
 * @returns The model, named `"vgg16"`.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words.
 *
 * @example Most of VGG16 is its top
 * ```ts
 * import { VGG16 } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = VGG16();
 * assert.equal(model.paramCount(), 138_357_544);
 * assert.equal(model.layers.find((l) => l.name === "fc1")!.paramCount(), 7 * 7 * 512 * 4096 + 4096);
 * assert.equal(VGG16({ includeTop: false }).paramCount(), 14_714_688);
 * ```
 */
export function VGG16(args?: ApplicationArgs): Model {
  return vgg("VGG16", args, [2, 2, 3, 3, 3], "vgg16");
}

/**
 * Keras's `keras.applications.VGG19`: VGG16 with a fourth convolution in blocks 3 to 5.
 *
 * @param args Keras's arguments, as for {@linkcode VGG16}.
 * @returns The model, named `"vgg19"`.
 *
 * @example
 * ```ts
 * import { VGG19 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(VGG19().paramCount(), 143_667_240);
 * ```
 */
export function VGG19(args?: ApplicationArgs): Model {
  return vgg("VGG19", args, [2, 2, 4, 4, 4], "vgg19");
}
