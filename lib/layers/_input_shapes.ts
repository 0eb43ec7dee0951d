/**
 * Checks and comparisons of the input a layer is built or called on: one shape, or a list of
 * shapes for a layer that takes several.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { formatShape, isShapeList, sameShape, type Shape } from "../shape.ts";
import type { InputShape } from "./args.ts";

/** Whether two inputs (shapes or lists of shapes) are the same. */
export function sameInput(a: InputShape, b: InputShape): boolean {
  if (isShapeList(a) || isShapeList(b)) {
    return isShapeList(a) && isShapeList(b) && a.length === b.length &&
      a.every((s, i) => Array.isArray(b[i]) && sameShape(s, b[i]));
  }
  return sameShape(a, b);
}

/** A copy of an input, so a caller's later change does not reach the layer. */
export function copyInput(shape: InputShape): InputShape {
  return isShapeList(shape) ? shape.map((s) => [...s]) : [...shape];
}

/** The first shape of an input, for an error that names one shape. */
export function firstShape(shape: InputShape): Shape {
  return isShapeList(shape) ? shape[0] : shape;
}

/** An input as Keras prints it: `(None, 3)`, or a list of them. */
export function formatInput(shape: InputShape): string {
  return isShapeList(shape) ? `[${shape.map(formatShape).join(", ")}]` : formatShape(shape);
}

/** Checks that a shape is a non-empty list of positive sizes or `null`. */
export function checkDims(layer: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new TypeError(
      `Invalid input shape for layer "${layer}": expected a list of sizes with the batch ` +
        `dimension first, received ${describeValue(shape)}`,
    );
  }
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isSafeInteger(d) || d < 1)) {
      const message = `Invalid input shape for layer "${layer}": every size must be a ` +
        `positive integer or null, received ${describeValue(d)} in ${describeValue(shape)}`;
      throw typeof d === "number" ? new RangeError(message) : new TypeError(message);
    }
  }
}
