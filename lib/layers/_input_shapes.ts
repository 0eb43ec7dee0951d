/**
 * Checks and comparisons of the input a layer is built or called on: one shape, or a list of
 * shapes for a layer that takes several.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { formatShape, isShapeList, sameShape, type Shape } from "../shape.ts";
import type { InputShape, InputSpec } from "./args.ts";
import { IncompatibleShapeError } from "../errors.ts";

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

/**
 * Checks an input shape against a layer's input spec, with Keras's wording ("expected ndim=3,
 * found ndim=2").
 */
export function checkInputSpec(name: string, spec: InputSpec, inputShape: Shape): void {
  const received = inputShape.length;
  const incompatible = (problem: string) =>
    new IncompatibleShapeError(
      name,
      inputShape,
      `Input 0 of layer "${name}" is incompatible with the layer: ${problem}. ` +
        `Full shape received: ${formatShape(inputShape)}`,
    );
  if (spec.ndim !== undefined && received !== spec.ndim) {
    throw incompatible(`expected ndim=${spec.ndim}, found ndim=${received}`);
  }
  if (spec.minNdim !== undefined && received < spec.minNdim) {
    throw incompatible(`expected min_ndim=${spec.minNdim}, found ndim=${received}`);
  }
  for (const axis of spec.definedAxes ?? []) {
    const index = axis < 0 ? received + axis : axis;
    if (inputShape[index] === null) {
      throw incompatible(
        `axis ${axis} of the input must be known to build the layer's weights, found None`,
      );
    }
  }
}

/** Checks an input shape, or a list of them for a layer that takes several, before building. */
export function checkListOrShape(
  name: string,
  className: string,
  takesList: boolean,
  inputShape: InputShape,
): void {
  if (takesList) {
    if (!Array.isArray(inputShape) || !inputShape.every((s) => Array.isArray(s))) {
      throw new TypeError(
        `Layer "${name}" (${className}) takes a list of inputs, received ${
          describeValue(inputShape)
        }`,
      );
    }
    for (const shape of inputShape as readonly Shape[]) checkDims(name, shape);
  } else {
    checkDims(name, inputShape as Shape);
  }
}

/**
 * Checks that a call gives a layer as many inputs as it takes: one tensor, or a list for a layer
 * that takes several. `listLength` is the list's length, `undefined` when one tensor was given.
 */
export function checkCallArity(
  name: string,
  className: string,
  takesList: boolean,
  listLength: number | undefined,
): void {
  if (listLength !== undefined && !takesList && listLength !== 1) {
    throw new TypeError(
      `Layer "${name}" (${className}) takes one input, received a list of ${listLength}`,
    );
  }
  if (takesList && listLength === undefined) {
    throw new TypeError(
      `Layer "${name}" (${className}) takes a list of inputs, e.g. [a, b], received one tensor`,
    );
  }
}
