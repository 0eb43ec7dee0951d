/**
 * The arguments every keras.applications builder takes, as Keras's, in camelCase.
 *
 * @module
 */

import type { SymbolicTensor } from "../layers/base.ts";

/** How a model without its top pools the last feature map: by average, by maximum, or not. */
export type ApplicationPooling = "avg" | "max";

/**
 * The arguments every keras.applications builder takes, as Keras's, in camelCase, with Keras's
 * defaults (ImageNet weights included: they decide which arguments are allowed).
 *
 * @example Keras's `ResNet50(include_top=False, input_shape=(160, 160, 3), pooling="avg")`
 * ```ts
 * import { type ApplicationArgs, ResNet50 } from "../../mod.ts";
 * import assert from "assert";
 *
 * const args: ApplicationArgs = { includeTop: false, inputShape: [160, 160, 3], pooling: "avg" };
 * assert.deepEqual(ResNet50(args).outputShape(), [null, 2048]);
 * // Ten classes need weights other than ImageNet's, as in Keras.
 * assert.throws(() => ResNet50({ classes: 10 }), RangeError);
 * assert.equal(ResNet50({ classes: 10, weights: null }).outputShape()[1], 10);
 * ```
 */
export interface ApplicationArgs {
  /**
   * Whether the classifier on top (pooling and `Dense(classes)`, or VGG's three Dense layers)
   * is built.
   * @default {true}
   */
  readonly includeTop?: boolean;
  /**
   * The weights Keras would load: `"imagenet"`, `null` (random initialization) or a path to a
   * `.weights.h5`, `.keras` or `.h5` file. paramlab never loads weights; the value decides what
   * Keras decides with it: which arguments are allowed (ImageNet weights fix `classes` to 1000
   * and, with the top, the input shape), EfficientNet's extra `Rescaling` layer, and MobileNet's
   * model name.
   * @default {"imagenet"}
   */
  readonly weights?: string | null;
  /**
   * A tensor to build the model on, as Keras's `input_tensor`: the model's inputs are then the
   * inputs that tensor comes from.
   */
  readonly inputTensor?: SymbolicTensor;
  /**
   * The image shape without the batch dimension, `[rows, cols, channels]`; `null` for a size
   * left open. By default the application's size (224×224×3 for most), or `[null, null, 3]`
   * without the top.
   */
  readonly inputShape?: readonly (number | null)[];
  /**
   * Without the top: `"avg"` or `"max"` adds a global pooling layer, so the output is one
   * vector per image; `null` keeps the last feature map. Ignored with the top, as in Keras.
   * @default {null}
   */
  readonly pooling?: ApplicationPooling | null;
  /**
   * The number of classes of the top's classifier.
   * @default {1000}
   */
  readonly classes?: number;
  /**
   * The activation of the top's classifier; `null` gives logits.
   * @default {"softmax"}
   */
  readonly classifierActivation?: string | null;
  /** The model's name; by default Keras's (`"resnet50"`, `"mobilenetv2_1.00_224"`, …). */
  readonly name?: string;
}
