/**
 * Keras's tensor products: `Matmul` (NumPy's `@`, the leading axes broadcast) and `Einsum`
 * (the output shape from the subscripts, as Keras's `Einsum.compute_output_spec` works it out).
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import {
  type CallValue,
  defineOperation,
  operandShape,
  type OperationCall,
  type OperationKind,
  REQUIRED,
  TensorArg,
  tensorShape,
} from "./kind.ts";
import { broadcastShapes, product } from "./_shapes.ts";

/** Keras's `compute_matmul_output_shape`: a 1-D operand is promoted to 2-D, then dropped. */
function matmul(call: OperationCall): Shape {
  let a: Shape = tensorShape(call, 0);
  let b: Shape = tensorShape(call, 1);
  const aVector = a.length === 1;
  const bVector = b.length === 1;
  if (a.length === 0 || b.length === 0) {
    throw new RangeError(`matmul needs tensors of rank 1 or more, received a scalar`);
  }
  if (aVector) a = [1, a[0]];
  if (bVector) b = [b[0], 1];
  const inner = a.at(-1)!;
  const rows = b.at(-2)!;
  if (inner !== null && rows !== null && inner !== rows) {
    throw new RangeError(
      `Inner dimensions (\`x1.shape[-1]\` and \`x2.shape[-2]\`) must be equal, but received ` +
        `\`x1.shape=${formatShape(a)}\` and \`x2.shape=${formatShape(b)}\`.`,
    );
  }
  const out: Dim[] = [...broadcastShapes(a.slice(0, -2), b.slice(0, -2)), a.at(-2)!, b.at(-1)!];
  if (aVector) out.splice(-2, 1);
  if (bVector) out.splice(-1, 1);
  return out;
}

/**
 * Keras's einsum shape rule, step by step as Keras writes it (it works on strings: each letter of
 * an operand's subscript is replaced by its size in the output's subscript, letters left over
 * become 1, and the operands' shapes are broadcast together).
 */
function einsum(call: OperationCall): Shape {
  const subscripts = call.config.subscripts;
  if (typeof subscripts !== "string") {
    throw new TypeError(
      `Invalid subscripts of operation "${call.name}": expected a string, received ${
        describeValue(subscripts)
      }`,
    );
  }
  const operands = call.args.map((a, i) => {
    if (!(a instanceof TensorArg)) return tensorShape(call, i);
    return a.shape;
  });
  const split = subscripts.split("->");
  if (split.length > 2) {
    throw new RangeError(`At most one '->' is supported in \`einsum\` subscripts`);
  }
  const [inputs, outputSpec] = split.length === 2 ? split : [subscripts, undefined];
  const specs = inputs.split(",");
  if (specs.length !== operands.length) {
    throw new RangeError(
      `Number of operands (${operands.length}) does not match the number of input specs ` +
        `(${specs.length}) in \`einsum\`, received subscripts=${subscripts}.`,
    );
  }
  let reduced = new Set<string>();
  let kept = new Set<string>();
  for (const s of inputs) {
    if (!/^[a-zA-Z]$/.test(s)) continue;
    if (!reduced.has(s) && !kept.has(s)) kept.add(s);
    else if (kept.has(s)) {
      kept.delete(s);
      reduced.add(s);
    }
  }
  if (outputSpec !== undefined) {
    const newKept = new Set(kept);
    const newReduced = new Set(reduced);
    for (const d of kept) {
      if (!outputSpec.includes(d)) {
        newKept.delete(d);
        newReduced.add(d);
      }
    }
    for (const d of reduced) {
      if (outputSpec.includes(d)) {
        newReduced.delete(d);
        newKept.add(d);
      }
    }
    kept = newKept;
    reduced = newReduced;
  }
  const target = outputSpec ?? `...${[...kept].sort().join("")}`;
  const shapes = operands.map((shape, k) => {
    const sizes = shape.map((d) => (d === null ? -1 : d));
    const parts = specs[k].split("...");
    let expanded = target;
    if (parts.length === 1) {
      if (sizes.length !== parts[0].length) {
        throw new RangeError(
          `Number of dimensions in the subscript does not match the number of dimensions in ` +
            `the operand, received subscript \`${specs[k]}\` and operand of shape ` +
            `${formatShape(shape)}.`,
        );
      }
      [...parts[0]].forEach((s, i) => (expanded = expanded.replaceAll(s, `${sizes[i]} `)));
      expanded = expanded.replaceAll("...", "");
    } else {
      const [head, tail] = parts;
      for (let i = 0; i < head.length; i++) {
        expanded = expanded.replaceAll(head[i], `${sizes[i]} `);
      }
      for (let i = 0; i < tail.length; i++) {
        expanded = expanded.replaceAll(tail[tail.length - 1 - i], `${sizes.at(-1 - i)} `);
      }
      const wildcard = sizes.slice(head.length, tail.length === 0 ? sizes.length : -tail.length);
      expanded = expanded.replaceAll("...", `${wildcard.join(" ")} `);
    }
    return expanded.replace(/[a-z]/g, "1 ").split(/\s+/).filter((p) => p !== "").map((p) =>
      p === "-1" ? null : Number(p)
    );
  });
  return shapes.reduce((a, b) => broadcastShapes(a, b));
}

/** Keras's `Dot.compute_output_spec`: NumPy's `dot`, a scalar operand multiplying. */
function dot(call: OperationCall): Shape {
  const a: Dim[] = [...operandShape(call.args[0])];
  const b: Dim[] = [...operandShape(call.args[1])];
  if (a.length === 0 || b.length === 0) return broadcastShapes(a, b);
  if (a.length === 1 && b.length === 1) return [];
  if (b.length === 1) {
    if (a.at(-1) !== b[0]) {
      throw new RangeError(
        `Shape must match on the last axis of x1 and x2 when x1 is N-d array while x2 is 1-D, ` +
          `but receive shape x1.shape=${formatShape(a)} and x2.shape=${formatShape(b)}.`,
      );
    }
    return a.slice(0, -1);
  }
  const inner = a.at(-1)!;
  const rows = b.at(-2)!;
  if (inner === null || rows === null || inner === rows) {
    return [...a.slice(0, -1), ...b.slice(0, -2), ...b.slice(-1)];
  }
  throw new RangeError(
    `Shape must match on the last axis of x1 and second last axis of x2 when x1 is N-d array ` +
      `while x2 is M-D, but received x1.shape=${formatShape(a)} and x2.shape=${formatShape(b)}.`,
  );
}

/** Python's `list[i]` for a possibly negative index. */
function at<T>(list: readonly T[], i: number): T | undefined {
  return list[i < 0 ? i + list.length : i];
}

/** Keras's `Tensordot.compute_output_spec`: the summed axes removed, the rest joined. */
function tensordot(call: OperationCall): Shape {
  const a = operandShape(call.args[0]);
  const b = operandShape(call.args[1]);
  const axes = call.config.axes;
  if (typeof axes === "number" && Number.isInteger(axes)) {
    if (axes <= 0) return [...a, ...b];
    return [...a.slice(0, Math.max(0, a.length - axes)), ...b.slice(axes)];
  }
  if (
    !Array.isArray(axes) || axes.length !== 2 ||
    !axes.every((list) => Array.isArray(list) && list.every(Number.isInteger))
  ) {
    throw new TypeError(
      `Invalid axes of operation "${call.name}": expected an integer or two lists of axes, ` +
        `received ${describeValue(axes)}`,
    );
  }
  const [axesA, axesB] = axes as number[][];
  const pickedA = axesA.map((i) => at(a, i));
  const pickedB = axesB.map((i) => at(b, i));
  const equal = pickedA.length === pickedB.length &&
    pickedA.every((d, i) => d === null || pickedB[i] === null || d === pickedB[i]);
  if (!equal) {
    throw new RangeError(
      `Shape mismatch on x1[axes[0]] and x2[axes[1]], received ${JSON.stringify(pickedA)} and ` +
        `${JSON.stringify(pickedB)}.`,
    );
  }
  const drop = (shape: Shape, picked: number[]) => {
    const marked: (Dim | -1)[] = [...shape];
    for (const i of picked) marked[i < 0 ? i + shape.length : i] = -1;
    return marked.filter((d) => d !== -1) as Dim[];
  };
  return [...drop(a, axesA), ...drop(b, axesB)];
}

/** Keras's `Outer.compute_output_spec`: each operand flattened. */
function outer(call: OperationCall): Shape {
  const flat = (value: CallValue | undefined) =>
    value instanceof TensorArg ? product(value.shape) : 1;
  return [flat(call.args[0]), flat(call.args[1])];
}

/**
 * The products.
 *
 * @example
 * ```ts
 * import { PRODUCT_OPERATIONS } from "./products.ts";
 * import assert from "assert";
 *
 * assert.ok(PRODUCT_OPERATIONS.some((op) => op.className === "Matmul"));
 * ```
 */
export const PRODUCT_OPERATIONS: readonly OperationKind[] = [
  defineOperation({
    className: "Matmul",
    module: "numpy",
    summary: "The matrix product x1 @ x2, the leading axes broadcast.",
    config: {},
    args: ["x1", "x2"],
    shape: matmul,
    byInputs: true,
  }),
  defineOperation({
    className: "Dot",
    module: "numpy",
    summary: "NumPy's dot product: the last axis of x1 against the second last of x2.",
    config: {},
    args: ["x1", "x2"],
    shape: dot,
    byInputs: true,
  }),
  defineOperation({
    className: "Tensordot",
    module: "numpy",
    summary: "A sum of products over the axes given of x1 and x2.",
    config: { axes: 2 },
    args: ["x1", "x2"],
    shape: tensordot,
  }),
  defineOperation({
    className: "Outer",
    module: "numpy",
    summary: "Every value of x1 times every value of x2, each flattened.",
    config: {},
    args: ["x1", "x2"],
    shape: outer,
    byInputs: true,
  }),
  defineOperation({
    className: "Einsum",
    module: "numpy",
    summary: "A sum of products over the axes its subscripts name.",
    config: { subscripts: REQUIRED },
    args: ["*operands"],
    shape: einsum,
  }),
];
