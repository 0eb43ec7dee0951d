/**
 * `x[key]` on a symbolic tensor: Keras writes a `GetItem` operation whose second argument is the
 * key, as Keras serialises it (integers, slices, `None` for a new axis, `...`). Its shape rule is
 * NumPy's basic indexing, as Keras's `GetItem.compute_output_spec` computes it.
 *
 * @module
 */

import { type Dim, formatShape, type Shape } from "../shape.ts";
import {
  type CallValue,
  defineOperation,
  describeConstant,
  ELLIPSIS,
  type OperationCall,
  type OperationKind,
  Slice,
  tensorShape,
} from "./kind.ts";
import { sliceLength } from "./_shapes.ts";
import { indexes } from "./_fits.ts";

function getItem(call: OperationCall): Shape {
  const shape = tensorShape(call, 0);
  const key = call.args[1];
  const keys: CallValue[] = typeof key === "number"
    ? [key]
    : Array.isArray(key)
    ? [...key]
    : (() => {
      throw new TypeError(
        `Unsupported key type for array slice. Received: ${describeConstant(key)}`,
      );
    })();
  const ellipses = keys.filter((k) => k === ELLIPSIS).length;
  if (ellipses > 1) throw new RangeError("Slice should only have one ellipsis.");
  if (ellipses === 0) keys.push(ELLIPSIS);
  let remaining: Dim[] = [...shape];
  const out: Dim[] = [];
  while (keys.length > 0) {
    const sub = keys.shift()!;
    if (sub === ELLIPSIS) {
      const needed = keys.length - keys.filter((k) => k === null).length;
      const consumed = remaining.length - needed;
      // Python's slice of a negative end: what is left is kept for the keys after `...`.
      const cut = consumed < 0 ? Math.max(0, remaining.length + consumed) : consumed;
      out.push(...remaining.slice(0, cut));
      remaining = remaining.slice(cut);
      continue;
    }
    if (sub === null) {
      out.push(1);
      continue;
    }
    if (remaining.length === 0) {
      throw new RangeError(
        `Array has shape ${formatShape(shape)} but slice has to many indices`,
      );
    }
    const length = remaining.shift()!;
    if (typeof sub === "number" && Number.isInteger(sub)) {
      if (length !== null) {
        const index = sub >= 0 ? sub : sub + length;
        if (index < 0 || index >= length) {
          throw new RangeError(
            `Array has shape ${formatShape(shape)} but out-of-bounds index ${sub} was requested.`,
          );
        }
      }
    } else if (sub instanceof Slice) {
      out.push(length === null ? null : sliceLength(sub.start, sub.stop, sub.step, length));
    } else {
      throw new TypeError(
        `Unsupported key type for array slice. Received: ${describeConstant(sub)}`,
      );
    }
  }
  return out;
}

/**
 * Indexing.
 *
 * @example
 * ```ts
 * import { INDEXING_OPERATIONS } from "./indexing.ts";
 * import assert from "assert";
 *
 * assert.ok(INDEXING_OPERATIONS.some((op) => op.className === "GetItem"));
 * ```
 */
export const INDEXING_OPERATIONS: readonly OperationKind[] = [
  defineOperation({
    className: "GetItem",
    module: "numpy",
    summary: "x[key]: integers drop axes, slices shorten them, None adds one, ... keeps the rest.",
    config: {},
    args: ["x", "key"],
    shape: getItem,
    fits: indexes,
  }),
];
