/**
 * Keras operations with several outputs: `Split`, `Unstack`, `TopK` (values and indices) and
 * `Moments` (mean and variance). A graph reads each output as `split[0][1]`; through the API,
 * `Operation.callSeveral()` returns them all.
 *
 * @module
 */

import { type Dim, formatShape, type Shape } from "../shape.ts";
import {
  defineOperation,
  type OperationCall,
  type OperationKind,
  REQUIRED,
  tensorShape,
} from "./kind.ts";
import { canonicalizeAxis, int, intList, reduceShape } from "./_shapes.ts";

/** Keras's `_compute_split_output_spec`: equal sections, or the pieces between indices. */
function split(call: OperationCall): Shape[] {
  const input: Dim[] = [...tensorShape(call, 0)];
  const axis = canonicalizeAxis(call, call.config.axis, input.length);
  const size = input[axis];
  const sections = call.config.indices_or_sections;
  if (typeof sections === "number") {
    const n = int(call, "indices_or_sections", sections);
    if (n <= 0) throw new RangeError(`indices_or_sections must be positive, received ${n}`);
    if (size !== null && size % n !== 0) {
      throw new RangeError(
        `\`x\` size on given \`axis\` must be divisible by \`indices_or_sections\` when ` +
          `\`indices_or_sections\` is an int. But received ${size} and ${n}.`,
      );
    }
    const piece = input.map((d, i) => (i === axis ? (size === null ? null : size / n) : d));
    return Array.from({ length: n }, () => piece);
  }
  const indices = [0, ...(intList(call, "indices_or_sections", sections) ?? []), size];
  return indices.slice(0, -1).map((start, i) => {
    const end = indices[i + 1];
    return input.map((
      d,
      k,
    ) => (k === axis ? (start === null || end === null ? null : end - start) : d));
  });
}

function unstack(call: OperationCall): Shape[] {
  const input = tensorShape(call, 0);
  const axis = canonicalizeAxis(call, call.config.axis, input.length);
  const num = call.config.num === null ? input[axis] : int(call, "num", call.config.num);
  if (num === null) {
    throw new RangeError(
      `Cannot infer argument \`num\` from shape ${formatShape(input)}. Either provide a tensor ` +
        `with a concrete shape in the \`axis\` dimension or explicitly pass the \`num\` argument.`,
    );
  }
  const piece = input.filter((_, i) => i !== axis);
  return Array.from({ length: num }, () => piece);
}

function topK(call: OperationCall): Shape[] {
  const out: Dim[] = [...tensorShape(call, 0)];
  out[out.length - 1] = int(call, "k", call.config.k);
  return [out, out];
}

function moments(call: OperationCall): Shape[] {
  const out = reduceShape(call, tensorShape(call, 0), call.config.axes, call.config.keepdims);
  return [out, out];
}

/**
 * The operations with several outputs.
 *
 * @example
 * ```ts
 * import { SEVERAL_OUTPUT_OPERATIONS } from "./several.ts";
 * import assert from "assert";
 *
 * assert.ok(SEVERAL_OUTPUT_OPERATIONS.some((op) => op.className === "Split"));
 * ```
 */
export const SEVERAL_OUTPUT_OPERATIONS: readonly OperationKind[] = [
  defineOperation({
    className: "Split",
    module: "numpy",
    summary: "The input cut along an axis into equal sections, or at indices.",
    config: { indices_or_sections: REQUIRED, axis: 0 },
    args: ["x"],
    shape: split,
    severalOutputs: true,
  }),
  defineOperation({
    className: "Unstack",
    module: "core",
    summary: "The slices of the input along an axis, each without that axis.",
    config: { num: null, axis: 0 },
    args: ["x"],
    shape: unstack,
    severalOutputs: true,
  }),
  defineOperation({
    className: "TopK",
    module: "math",
    summary: "The k largest values along the last axis, and their indices.",
    config: { k: REQUIRED, sorted: true },
    args: ["x"],
    shape: topK,
    severalOutputs: true,
  }),
  defineOperation({
    className: "Moments",
    module: "nn",
    summary: "The mean and the variance over axes.",
    config: { axes: REQUIRED, keepdims: false, synchronized: false },
    args: ["x"],
    shape: moments,
    severalOutputs: true,
  }),
];
