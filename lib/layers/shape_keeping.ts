/**
 * The base of the weightless layers that pass their input's shape through unchanged: Dropout,
 * Activation and the activation layers, noise, masking, rescaling. It lives in a file of its own
 * so that every family file can extend it without importing another family.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { InputSpec, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";

/**
 * A layer without weights that passes its input's shape through: what Dropout, Activation,
 * the activation layers, noise and masking have in common.
 *
 * @example
 * ```ts
 * import { ShapeKeeping } from "./shape_keeping.ts";
 * import { ReLU } from "./activations.ts";
 * import assert from "assert";
 *
 * const relu = new ReLU({ inputShape: [10, 64] });
 * assert.ok(relu instanceof ShapeKeeping);
 * assert.deepEqual(relu.outputShape(), [null, 10, 64]);
 * assert.equal(relu.paramCount(), 0);
 * ```
 */
export abstract class ShapeKeeping extends Layer {
  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates: none. */
  protected buildWeights(_inputShape: Shape): readonly WeightSpec[] {
    return [];
  }
  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}
