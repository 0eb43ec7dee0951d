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

/**
 * Checks that a shape is a non-empty list of positive sizes or `null`; the layer is named only in
 * the error.
 */
export function checkDims(layer: { readonly name: string }, shape: Shape): void {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new TypeError(
      `Invalid input shape for layer "${layer.name}": expected a list of sizes with the batch ` +
        `dimension first, received ${describeValue(shape)}`,
    );
  }
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isSafeInteger(d) || d < 1)) {
      const message = `Invalid input shape for layer "${layer.name}": every size must be a ` +
        `positive integer or null, received ${describeValue(d)} in ${describeValue(shape)}`;
      throw typeof d === "number" ? new RangeError(message) : new TypeError(message);
    }
  }
}

/**
 * The layer a check is for: its name and class are read only for a message, when one is thrown
 * (a check on every call should not ask a layer for them when all is well).
 */
export interface CheckedLayer {
  readonly name: string;
  readonly className: string;
}

/**
 * Checks an input shape against a layer's input spec, with Keras's wording ("expected ndim=3,
 * found ndim=2").
 */
export function checkInputSpec(layer: CheckedLayer, spec: InputSpec, inputShape: Shape): void {
  const received = inputShape.length;
  if (spec.ndim !== undefined && received !== spec.ndim) {
    throw incompatible(layer, inputShape, `expected ndim=${spec.ndim}, found ndim=${received}`);
  }
  if (spec.minNdim !== undefined && received < spec.minNdim) {
    throw incompatible(
      layer,
      inputShape,
      `expected min_ndim=${spec.minNdim}, found ndim=${received}`,
    );
  }
  const axes = spec.definedAxes;
  if (axes === undefined) return;
  for (const axis of axes) {
    const index = axis < 0 ? received + axis : axis;
    if (inputShape[index] === null) {
      throw incompatible(
        layer,
        inputShape,
        `axis ${axis} of the input must be known to build the layer's weights, found None`,
      );
    }
  }
}

/** The error of an input that does not meet a layer's input spec. */
function incompatible(
  layer: CheckedLayer,
  inputShape: Shape,
  problem: string,
): IncompatibleShapeError {
  return new IncompatibleShapeError(
    layer.name,
    inputShape,
    `Input 0 of layer "${layer.name}" is incompatible with the layer: ${problem}. ` +
      `Full shape received: ${formatShape(inputShape)}`,
  );
}

/** Checks an input shape, or a list of them for a layer that takes several, before building. */
export function checkListOrShape(
  layer: CheckedLayer,
  takesList: boolean,
  inputShape: InputShape,
): void {
  if (takesList) {
    if (!Array.isArray(inputShape) || !inputShape.every((s) => Array.isArray(s))) {
      throw new TypeError(
        `Layer "${layer.name}" (${layer.className}) takes a list of inputs, received ${
          describeValue(inputShape)
        }`,
      );
    }
    for (const shape of inputShape as readonly Shape[]) checkDims(layer, shape);
  } else {
    checkDims(layer, inputShape as Shape);
  }
}

/**
 * Checks that a call gives a layer as many inputs as it takes: one tensor, or a list for a layer
 * that takes several. `listLength` is the list's length, `undefined` when one tensor was given.
 */
export function checkCallArity(
  layer: CheckedLayer,
  takesList: boolean,
  listLength: number | undefined,
): void {
  if (listLength !== undefined && !takesList && listLength !== 1) {
    throw new TypeError(
      `Layer "${layer.name}" (${layer.className}) takes one input, received a list of ${listLength}`,
    );
  }
  if (takesList && listLength === undefined) {
    throw new TypeError(
      `Layer "${layer.name}" (${layer.className}) takes a list of inputs, e.g. [a, b], received ` +
        `one tensor`,
    );
  }
}
