/**
 * Keras operations that move, add, remove, repeat or join axes: `Reshape`, `Transpose`,
 * `ExpandDims`, `Squeeze`, `Tile`, `Repeat`, `Stack`, `Concatenate`, `Swapaxes`, `Moveaxis`,
 * `Flip`, `Cumsum`, `Cumprod`, `BroadcastTo`, `OneHot` and `Take`, each with the rule of its
 * `compute_output_spec`.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import {
  type CallValue,
  defineOperation,
  describeConstant,
  type OperationCall,
  type OperationKind,
  REQUIRED,
  TensorArg,
  tensorShape,
} from "./kind.ts";
import { broadcastShapes, canonicalizeAxis, int, intList, product } from "./_shapes.ts";
import {
  addsAxis,
  addsOnes,
  concatenates,
  dropsOnes,
  keepsOrFlattens,
  keepsSize,
  permutes,
  stacks,
  tiles,
} from "./_fits.ts";

/** Keras's `compute_reshape_output_shape`. */
function reshape(call: OperationCall): Shape {
  const input = tensorShape(call, 0);
  const raw = call.config.newshape;
  const wanted: Dim[] = typeof raw === "number"
    ? [raw]
    : Array.isArray(raw)
    ? raw.map((d) => (typeof d === "number" && Number.isInteger(d) ? d : null))
    : (() => {
      throw new TypeError(
        `Invalid newshape of operation "${call.name}": expected a list of sizes, received ${
          describeValue(raw)
        }`,
      );
    })();
  const unknown = wanted.filter((d) => d === -1).length;
  if (wanted.some((d) => d !== null && d < -1) || unknown > 1) {
    throw new RangeError(
      `Each dimension in \`newshape\` must be a non-negative integer, or \`-1\` for a single ` +
        `unknown dimension. Received: newshape=${describeValue(raw)}`,
    );
  }
  if (input.includes(null) || wanted.includes(null)) {
    return wanted.map((d) => (d === -1 ? null : d));
  }
  const size = product(input)!;
  if (unknown === 0) {
    if (size !== product(wanted)) {
      throw new RangeError(
        `The total size of the tensor must be unchanged. Received: input_shape=${
          formatShape(input)
        }, newshape=${describeValue(raw)}`,
      );
    }
    return wanted;
  }
  const known = product(wanted.filter((d) => d !== -1))!;
  if (known === 0 || size % known !== 0) {
    throw new RangeError(
      `The total size of the tensor must be unchanged, however, the input size cannot by ` +
        `divided by the specified dimensions in newshape. Received: input_shape=${
          formatShape(input)
        }, newshape=${describeValue(raw)}`,
    );
  }
  return wanted.map((d) => (d === -1 ? size / known : d));
}

/** Keras's `compute_transpose_output_shape`: the axes reversed when none are given. */
function transpose(call: OperationCall): Shape {
  const input = tensorShape(call, 0);
  const axes = intList(call, "axes", call.config.axes);
  if (axes === null) return [...input].reverse();
  const n = input.length;
  if (axes.length !== n) {
    throw new RangeError(
      `axis must be a list of the same length as the input shape, expected ${n}, but ` +
        `received ${axes.length}`,
    );
  }
  const normal = axes.map((a) => {
    if (a < -n || a >= n) {
      throw new RangeError(
        `Each axis in \`axes\` must be an integer in [-${n}, ${n}). Received: axes=${
          JSON.stringify(axes)
        }`,
      );
    }
    return ((a % n) + n) % n;
  });
  if (new Set(normal).size !== n) {
    throw new RangeError(
      `\`axes\` must be a valid permutation of the input dimensions (no duplicates). ` +
        `Received: axes=${JSON.stringify(axes)} for input of rank ${n}`,
    );
  }
  return normal.map((a) => input[a]);
}

/** Keras's `compute_expand_dims_output_shape`: a 1 at each axis of the output. */
function expandDims(call: OperationCall): Shape {
  const input = tensorShape(call, 0);
  const axes = intList(call, "axis", call.config.axis) ?? [input.length];
  const ndim = axes.length + input.length;
  const at = axes.map((a) => canonicalizeAxis(call, a, ndim));
  let next = 0;
  return Array.from({ length: ndim }, (_, i) => (at.includes(i) ? 1 : input[next++]));
}

/** Python's `list[i]` for a possibly negative index, or `undefined` past the end. */
function pyIndex<T>(list: readonly T[], i: number): T | undefined {
  return list[i < 0 ? i + list.length : i];
}

function squeeze(call: OperationCall): Shape {
  const input = tensorShape(call, 0);
  const axes = intList(call, "axis", call.config.axis);
  if (axes === null) return input.filter((d) => d !== 1);
  for (const a of axes) {
    if (pyIndex(input, a) !== 1) {
      throw new RangeError(`Cannot squeeze axis ${a}, because the dimension is not 1.`);
    }
  }
  const at = axes.map((a) => canonicalizeAxis(call, a, input.length));
  return input.filter((_, i) => !at.includes(i));
}

function tile(call: OperationCall): Shape {
  let input: Dim[] = [...tensorShape(call, 0)];
  let repeats = intList(call, "repeats", call.config.repeats) ?? [];
  if (input.length > repeats.length) {
    repeats = [...Array(input.length - repeats.length).fill(1), ...repeats];
  } else {
    input = [...Array(repeats.length - input.length).fill(1), ...input];
  }
  return input.map((d, i) => (d === null ? null : d * repeats[i]));
}

function repeat(call: OperationCall): Shape {
  const input: Dim[] = [...tensorShape(call, 0)];
  const repeats = intList(call, "repeats", call.config.repeats) ?? [];
  const broadcast = repeats.length === 1;
  const sum = repeats.reduce((a, b) => a + b, 0);
  const axisValue = call.config.axis;
  if (axisValue === null) {
    const flat = product(input);
    if (flat === null) return [null];
    if (broadcast) return [flat * repeats[0]];
    if (repeats.length !== flat) {
      throw new RangeError(
        `Size of \`repeats\` and dimensions of \`x\` after flattening should be compatible. ` +
          `Received: ${repeats.length} and ${flat}`,
      );
    }
    return [sum];
  }
  const axis = int(call, "axis", axisValue);
  const size = pyIndex(input, axis);
  if (size === undefined) throw new RangeError(`list index out of range: axis ${axis}`);
  if (size === null) return input;
  const at = axis < 0 ? axis + input.length : axis;
  if (broadcast) input[at] = size * repeats[0];
  else if (size !== repeats.length) {
    throw new RangeError(
      `Size of \`repeats\` and dimensions of \`axis ${axis} of x\` should be compatible. ` +
        `Received: ${repeats.length} and ${formatShape(input)}`,
    );
  } else input[at] = sum;
  return input;
}

/** The tensors of a list argument (`Stack`'s, `Concatenate`'s). */
function tensorList(call: OperationCall): Shape[] {
  const list = call.args[0];
  if (!Array.isArray(list) || list.length === 0 || !list.every((t) => t instanceof TensorArg)) {
    throw new TypeError(
      `Operation "${call.name}" takes a list of tensors, received ${
        describeConstant(list as CallValue)
      }`,
    );
  }
  return list.map((t) => (t as TensorArg).shape);
}

/** Whether two shapes are equal but for some axes, an unknown size matching any (`shape_equal`). */
function sameBut(a: Shape, b: Shape, skip: readonly number[]): boolean {
  return a.length === b.length &&
    a.every((d, i) => skip.includes(i) || d === null || b[i] === null || d === b[i]);
}

function stack(call: OperationCall): Shape {
  const shapes = tensorList(call);
  const first = shapes[0];
  const axis = canonicalizeAxis(call, call.config.axis, first.length + 1);
  for (const s of shapes) {
    if (!sameBut(s, first, [])) {
      throw new RangeError(
        `Every value in \`x\` must have the same shape. But found element of shape ` +
          `${formatShape(s)}, which is different from the first element's shape ` +
          `${formatShape(first)}.`,
      );
    }
  }
  const out: Dim[] = [...first];
  out.splice(axis, 0, shapes.length);
  return out;
}

function concatenate(call: OperationCall): Shape {
  const shapes = tensorList(call);
  const first = shapes[0];
  if (call.config.axis === null) throw new RangeError("`axis` cannot be None for `concatenate`.");
  const axis = canonicalizeAxis(call, call.config.axis, first.length);
  let total: Dim = 0;
  for (const s of shapes) {
    if (!sameBut(s, first, [axis])) {
      throw new RangeError(
        `Every value in \`xs\` must have the same shape except on the \`axis\` dim. But found ` +
          `element of shape ${formatShape(s)}, which is different from the first element's ` +
          `shape ${formatShape(first)}.`,
      );
    }
    total = total === null || s[axis] === null ? null : total + s[axis]!;
  }
  const out: Dim[] = [...first];
  out[axis] = total;
  return out;
}

function swapaxes(call: OperationCall): Shape {
  const out: Dim[] = [...tensorShape(call, 0)];
  const a = canonicalizeAxis(call, call.config.axis1, out.length);
  const b = canonicalizeAxis(call, call.config.axis2, out.length);
  [out[a], out[b]] = [out[b], out[a]];
  return out;
}

/** Keras's `Moveaxis.compute_output_spec`: the moved axes placed, the rest in order around them. */
function moveaxis(call: OperationCall): Shape {
  const input: (Dim | undefined)[] = [...tensorShape(call, 0)];
  const n = input.length;
  const sources = (intList(call, "source", call.config.source) ?? []).map((a) =>
    canonicalizeAxis(call, a, n)
  );
  const targets = (intList(call, "destination", call.config.destination) ?? []).map((a) =>
    canonicalizeAxis(call, a, n)
  );
  if (sources.length !== targets.length) {
    throw new RangeError(
      "`source` and `destination` arguments must have the same number of elements",
    );
  }
  const out: (Dim | undefined)[] = Array(n).fill(undefined);
  sources.forEach((s, k) => {
    out[targets[k]] = input[s];
    input[s] = undefined;
  });
  const rest = input.filter((d) => d !== undefined);
  let next = 0;
  return out.map((d, i) => (sources.some((_, k) => targets[k] === i) ? d! : rest[next++]!));
}

/** The input's shape, with each axis given checked (`Flip`). */
function checkedAxes(call: OperationCall): Shape {
  const shape = tensorShape(call, 0);
  for (const a of intList(call, "axis", call.config.axis) ?? []) {
    canonicalizeAxis(call, a, shape.length);
  }
  return shape;
}

/** `Cumsum`, `Cumprod`: the input's shape, or flattened when no axis is given. */
function cumulative(call: OperationCall): Shape {
  const shape = tensorShape(call, 0);
  if (call.config.axis === null) return [product(shape)];
  canonicalizeAxis(call, call.config.axis, shape.length);
  return shape;
}

function broadcastTo(call: OperationCall): Shape {
  const target = intList(call, "shape", call.config.shape) ?? [];
  broadcastShapes(tensorShape(call, 0), target);
  return target;
}

function oneHot(call: OperationCall): Shape {
  const out: Dim[] = [...tensorShape(call, 0)];
  const classes = int(call, "num_classes", call.config.num_classes);
  const axis = int(call, "axis", call.config.axis);
  if (axis === -1) out.push(classes);
  else if (axis >= 0 && axis < out.length) out.splice(axis, 0, classes);
  else {
    throw new RangeError(
      `axis must be -1 or between [0, ${out.length}), but received ${axis}.`,
    );
  }
  return out;
}

/** A constant's shape as NumPy's `np.array(value).shape` gives it. */
function arrayShape(value: CallValue): Dim[] {
  if (Array.isArray(value)) {
    return value.length === 0 ? [0] : [value.length, ...arrayShape(value[0])];
  }
  return [];
}

function take(call: OperationCall): Shape {
  const input = tensorShape(call, 0);
  const indices = call.args[1];
  const shape = indices instanceof TensorArg ? indices.shape : arrayShape(indices ?? null);
  if (call.config.axis === null) return shape;
  const axis = canonicalizeAxis(call, call.config.axis, input.length);
  return [...input.slice(0, axis), ...shape, ...input.slice(axis + 1)];
}

/**
 * The operations that change axes.
 *
 * @example
 * ```ts
 * import { SHAPING_OPERATIONS } from "./shaping.ts";
 * import assert from "assert";
 *
 * assert.ok(SHAPING_OPERATIONS.some((op) => op.className === "Transpose"));
 * ```
 */
export const SHAPING_OPERATIONS: readonly OperationKind[] = [
  defineOperation({
    className: "Reshape",
    module: "numpy",
    summary: "The same values in a new shape; a -1 takes what is left.",
    config: { newshape: REQUIRED },
    args: ["x"],
    shape: reshape,
    fits: keepsSize,
  }),
  defineOperation({
    className: "Transpose",
    module: "numpy",
    summary: "The axes permuted (reversed when no axes are given).",
    config: { axes: null },
    args: ["x"],
    shape: transpose,
    fits: permutes,
  }),
  defineOperation({
    className: "ExpandDims",
    module: "numpy",
    summary: "A new axis of size 1.",
    config: { axis: REQUIRED },
    args: ["x"],
    shape: expandDims,
    fits: addsOnes,
  }),
  defineOperation({
    className: "Squeeze",
    module: "numpy",
    summary: "Axes of size 1 removed.",
    config: { axis: null },
    args: ["x"],
    shape: squeeze,
    fits: dropsOnes,
  }),
  defineOperation({
    className: "Tile",
    module: "numpy",
    summary: "The input repeated along each axis.",
    config: { repeats: REQUIRED },
    args: ["x"],
    shape: tile,
    fits: tiles,
  }),
  defineOperation({
    className: "Repeat",
    module: "numpy",
    summary: "Each value repeated along an axis (or the input flattened).",
    config: { repeats: REQUIRED, axis: null },
    args: ["x"],
    shape: repeat,
  }),
  defineOperation({
    className: "Stack",
    module: "numpy",
    summary: "Tensors of one shape joined along a new axis.",
    config: { axis: 0 },
    args: ["x"],
    shape: stack,
    fits: stacks,
  }),
  defineOperation({
    className: "Concatenate",
    module: "numpy",
    summary: "Tensors joined along an existing axis.",
    config: { axis: 0 },
    args: ["xs"],
    shape: concatenate,
    fits: concatenates,
  }),
  defineOperation({
    className: "Swapaxes",
    module: "numpy",
    summary: "Two axes swapped.",
    config: { axis1: REQUIRED, axis2: REQUIRED },
    args: ["x"],
    shape: swapaxes,
    fits: permutes,
  }),
  defineOperation({
    className: "Moveaxis",
    module: "numpy",
    summary: "Axes moved to new positions, the others kept in order.",
    config: { source: REQUIRED, destination: REQUIRED },
    args: ["x"],
    shape: moveaxis,
    fits: permutes,
  }),
  defineOperation({
    className: "Flip",
    module: "numpy",
    summary: "The order of values reversed along axes.",
    config: { axis: null },
    args: ["x"],
    shape: checkedAxes,
    byInputs: true,
  }),
  defineOperation({
    className: "Cumsum",
    module: "numpy",
    summary: "Running sums along an axis (of the flattened input when none).",
    config: { axis: null, dtype: null },
    args: ["x"],
    shape: cumulative,
    fits: keepsOrFlattens,
  }),
  defineOperation({
    className: "Cumprod",
    module: "numpy",
    summary: "Running products along an axis (of the flattened input when none).",
    config: { axis: null, dtype: null },
    args: ["x"],
    shape: cumulative,
    fits: keepsOrFlattens,
  }),
  defineOperation({
    className: "Roll",
    module: "numpy",
    summary: "The values shifted along axes, those that fall off coming back at the start.",
    config: { shift: REQUIRED, axis: null },
    args: ["x"],
    shape: checkedAxes,
    byInputs: true,
  }),
  defineOperation({
    className: "Sort",
    module: "numpy",
    summary: "The values sorted along an axis (the flattened input when none).",
    config: { axis: -1 },
    args: ["x"],
    shape: cumulative,
    fits: keepsOrFlattens,
  }),
  defineOperation({
    className: "Argsort",
    module: "numpy",
    summary: "The indices that sort the values along an axis (the flattened input when none).",
    config: { axis: -1 },
    args: ["x"],
    shape: cumulative,
    fits: keepsOrFlattens,
  }),
  defineOperation({
    className: "Ravel",
    module: "numpy",
    summary: "The values flattened into one axis, the batch included.",
    config: {},
    args: ["x"],
    shape: (call) => [product(tensorShape(call, 0))],
    byInputs: true,
  }),
  defineOperation({
    className: "BroadcastTo",
    module: "numpy",
    summary: "The input broadcast to a given shape.",
    config: { shape: REQUIRED },
    args: ["x"],
    shape: broadcastTo,
  }),
  defineOperation({
    className: "OneHot",
    module: "nn",
    summary: "Each integer as a one-hot vector along a new axis.",
    config: { num_classes: REQUIRED, axis: -1, dtype: null, sparse: false },
    args: ["x"],
    shape: oneHot,
    fits: addsAxis,
  }),
  defineOperation({
    className: "Take",
    module: "numpy",
    summary: "Values picked by indices along an axis (of the flattened input when none).",
    config: { axis: null },
    args: ["x", "indices"],
    shape: take,
  }),
];
