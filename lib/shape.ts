/**
 * Shapes as Keras writes them: a batch dimension first, `null` where a size
 * is not known (Keras's `None`).
 *
 * @module
 */

/**
 * The error for a shape argument that is not a list (a value from a notebook cell, which nothing
 * type-checks). Written here rather than with `guard.ts`, which this module's importers import.
 */
function notAList(fn: string, arg: string, value: unknown, what = "a shape (a list of sizes)") {
  let shown: string;
  try {
    shown = typeof value === "string" ? `${JSON.stringify(value)} (a string)` : String(
      typeof value === "object" && value !== null ? JSON.stringify(value) : value,
    );
  } catch {
    shown = Object.prototype.toString.call(value);
  }
  return new TypeError(`${fn} expects ${arg} to be ${what}, received ${shown}`);
}

/** One dimension of a shape: a size, or `null` when it is not known (Keras's `None`). */
export type Dim = number | null;

/** A tensor shape, batch dimension included, e.g. `[null, 400, 13]`. */
export type Shape = readonly Dim[];

/**
 * Formats a shape the way Python prints a tuple, as Keras's summaries do.
 *
 * @param shape The shape to format.
 * @returns The shape as Python's `repr` of a tuple: `None` for `null`, a trailing comma for one
 * dimension.
 *
 * @example Formatting shapes like Keras
 * ```ts
 * import { formatShape } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.equal(formatShape([null, 400, 13]), "(None, 400, 13)");
 * assert.equal(formatShape([20]), "(20,)");
 * ```
 */
export function formatShape(shape: Shape): string {
  if (!Array.isArray(shape)) throw notAList("formatShape", "its shape", shape);
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(", ")})`;
}

/**
 * Whether two shapes are the same, size by size (`null` equals only `null`).
 *
 * @param a A shape.
 * @param b Another.
 * @returns Whether they have the same rank and sizes.
 *
 * @example
 * ```ts
 * import { sameShape } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.ok(sameShape([null, 5], [null, 5]));
 * assert.ok(!sameShape([null, 5], [null, 5, 1]));
 * ```
 */
export function sameShape(a: Shape, b: Shape): boolean {
  if (!Array.isArray(a)) throw notAList("sameShape", "its first shape", a);
  if (!Array.isArray(b)) throw notAList("sameShape", "its second shape", b);
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Whether an output is a list of shapes (a layer with several outputs) rather than one shape.
 *
 * @param shape One shape, or a list of them.
 * @returns Whether it is a list of shapes.
 *
 * @example
 * ```ts
 * import { isShapeList } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.equal(isShapeList([null, 64]), false);
 * assert.equal(isShapeList([[null, 64], [null, 64]]), true);
 * ```
 */
export function isShapeList(shape: Shape | readonly Shape[]): shape is readonly Shape[] {
  if (!Array.isArray(shape)) {
    throw notAList("isShapeList", "its shape", shape, "a shape or a list of shapes");
  }
  return shape.length > 0 && shape.every((d) => Array.isArray(d));
}

/**
 * Formats a layer's output: one shape as a tuple, several as a list of tuples, as Keras prints
 * them in a summary.
 *
 * @param output One shape, or a list of shapes.
 * @returns E.g. `"(None, 5)"` or `"[(None, 5), (None, 5)]"`.
 *
 * @example
 * ```ts
 * import { formatOutputShape } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.equal(formatOutputShape([null, 5]), "(None, 5)");
 * assert.equal(formatOutputShape([[null, 5], [null, 5]]), "[(None, 5), (None, 5)]");
 * ```
 */
export function formatOutputShape(output: Shape | readonly Shape[]): string {
  if (!Array.isArray(output)) {
    throw notAList("formatOutputShape", "its output", output, "a shape or a list of shapes");
  }
  return isShapeList(output) ? `[${output.map(formatShape).join(", ")}]` : formatShape(output);
}

/**
 * Multiplies the dimensions of a fully known shape, refusing a product that a JavaScript number
 * cannot hold exactly.
 *
 * @param shape A shape with no `null` dimension.
 * @param what What the product counts, for the error message.
 * @returns The number of elements.
 * @throws {RangeError} When the product is larger than `Number.MAX_SAFE_INTEGER`.
 *
 * @example Counting elements
 * ```ts
 * import { sizeOf } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.equal(sizeOf([13, 20]), 260);
 * assert.equal(sizeOf([]), 1);
 * ```
 */
export function sizeOf(shape: readonly number[], what = "shape"): number {
  if (!Array.isArray(shape)) throw notAList("sizeOf", "its shape", shape);
  let size = 1;
  for (const d of shape) size = safeMultiply(size, d, what);
  return size;
}

/**
 * Multiplies two non-negative integers exactly.
 *
 * @param a First factor.
 * @param b Second factor.
 * @param what What is being counted, for the error message.
 * @returns `a * b`.
 * @throws {RangeError} When the product exceeds `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * ```ts
 * import { safeMultiply } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.equal(safeMultiply(4, 95), 380);
 * assert.throws(() => safeMultiply(2 ** 40, 2 ** 20), RangeError);
 * ```
 */
export function safeMultiply(a: number, b: number, what = "count"): number {
  const product = a * b;
  if (!Number.isSafeInteger(product)) {
    throw new RangeError(
      `The ${what} ${a} × ${b} is larger than Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}) and cannot be counted exactly`,
    );
  }
  return product;
}

/**
 * Adds two non-negative integers exactly.
 *
 * @param a First term.
 * @param b Second term.
 * @param what What is being counted, for the error message.
 * @returns `a + b`.
 * @throws {RangeError} When the sum exceeds `Number.MAX_SAFE_INTEGER`.
 *
 * @example
 * ```ts
 * import { safeAdd } from "./shape.ts";
 * import assert from "assert";
 *
 * assert.equal(safeAdd(380, 220), 600);
 * assert.throws(() => safeAdd(Number.MAX_SAFE_INTEGER, 1), RangeError);
 * ```
 */
export function safeAdd(a: number, b: number, what = "count"): number {
  const sum = a + b;
  if (!Number.isSafeInteger(sum)) {
    throw new RangeError(
      `The ${what} ${a} + ${b} is larger than Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}) and cannot be counted exactly`,
    );
  }
  return sum;
}
