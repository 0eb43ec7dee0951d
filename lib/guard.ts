/**
 * The checks every public function makes of its arguments before it reads them, so that a
 * notebook cell (which nothing type-checks) that passes `null`, `undefined` or a value of the
 * wrong type gets a `TypeError` naming the function, the argument and the value, never an engine
 * error from somewhere inside ("Cannot read properties of null").
 *
 * @module
 */

import { describeValue } from "./errors.ts";

/** The error: `fn expects arg to be what, received value`. */
function refused(fn: string, arg: string, what: string, value: unknown): TypeError {
  const described = describeValue(value);
  const shown = described.length > 120 ? `${described.slice(0, 119)}…` : described;
  return new TypeError(`${fn} expects ${arg} to be ${what}, received ${shown}`);
}

/**
 * Checks that `value` is an object (not `null`, not an array).
 *
 * @param fn The function or class that checks, e.g. `"explainLayer"`.
 * @param arg The argument, e.g. `"its explanation"`.
 * @param value The argument's value.
 * @param what What it should be, e.g. `"a layer's explanation (layer.explain())"`.
 * @throws {TypeError} Naming `fn`, `arg` and the value.
 *
 * @example
 * ```ts
 * import { expectObject } from "./guard.ts";
 * import assert from "assert";
 *
 * expectObject("f", "its options", { units: 2 });
 * assert.throws(() => expectObject("f", "its options", null), /f expects its options to be an object, received null/);
 * ```
 */
export function expectObject(
  fn: string,
  arg: string,
  value: unknown,
  what = "an object",
): void {
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    throw refused(fn, arg, what, value);
  }
}

/**
 * Checks that `value` is a string.
 *
 * @param fn The function or class that checks.
 * @param arg The argument.
 * @param value The argument's value.
 * @param what What it should be.
 * @throws {TypeError} Naming `fn`, `arg` and the value.
 *
 * @example
 * ```ts
 * import { expectString } from "./guard.ts";
 * import assert from "assert";
 *
 * expectString("snakeCase", "its name", "Conv2D");
 * assert.throws(() => expectString("snakeCase", "its name", 42), /snakeCase expects its name to be a string, received 42/);
 * ```
 */
export function expectString(
  fn: string,
  arg: string,
  value: unknown,
  what = "a string",
): asserts value is string {
  if (typeof value !== "string") throw refused(fn, arg, what, value);
}

/**
 * Checks that `value` is an array.
 *
 * @param fn The function or class that checks.
 * @param arg The argument.
 * @param value The argument's value.
 * @param what What it should be.
 * @throws {TypeError} Naming `fn`, `arg` and the value.
 *
 * @example
 * ```ts
 * import { expectArray } from "./guard.ts";
 * import assert from "assert";
 *
 * expectArray("countWeights", "its layers", []);
 * assert.throws(() => expectArray("countWeights", "its layers", undefined), /countWeights expects its layers to be a list, received undefined/);
 * ```
 */
export function expectArray(
  fn: string,
  arg: string,
  value: unknown,
  what = "a list",
): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw refused(fn, arg, what, value);
}

/**
 * Checks that `value` is a finite number.
 *
 * @param fn The function or class that checks.
 * @param arg The argument.
 * @param value The argument's value.
 * @param what What it should be.
 * @throws {TypeError} Naming `fn`, `arg` and the value.
 *
 * @example
 * ```ts
 * import { expectNumber } from "./guard.ts";
 * import assert from "assert";
 *
 * expectNumber("f", "its size", 3);
 * assert.throws(() => expectNumber("f", "its size", NaN), /f expects its size to be a finite number, received NaN/);
 * ```
 */
export function expectNumber(
  fn: string,
  arg: string,
  value: unknown,
  what = "a finite number",
): asserts value is number {
  if (typeof value !== "number" || !Number.isFinite(value)) throw refused(fn, arg, what, value);
}

/**
 * Checks that `value` is a function.
 *
 * @param fn The function or class that checks.
 * @param arg The argument.
 * @param value The argument's value.
 * @param what What it should be.
 * @throws {TypeError} Naming `fn`, `arg` and the value.
 *
 * @example
 * ```ts
 * import { expectFunction } from "./guard.ts";
 * import assert from "assert";
 *
 * expectFunction("countParams", "its factory", () => 1);
 * assert.throws(() => expectFunction("countParams", "its factory", 42), /countParams expects its factory to be a function, received 42/);
 * ```
 */
export function expectFunction(
  fn: string,
  arg: string,
  value: unknown,
  what = "a function",
): asserts value is (...args: never[]) => unknown {
  if (typeof value !== "function") throw refused(fn, arg, what, value);
}

/**
 * Checks that `value` is an object that holds `member` (neither `undefined` nor `null`): the
 * structural check for a value the library made, such as a layer (`"paramCount"`), a model
 * (`"layers"`) or an explanation (`"weights"`).
 *
 * @param fn The function or class that checks.
 * @param arg The argument.
 * @param value The argument's value.
 * @param what What it should be, e.g. `"a layer (e.g. new Dense(2))"`.
 * @param member A member every such value has.
 * @throws {TypeError} Naming `fn`, `arg` and the value.
 *
 * @example
 * ```ts
 * import { expectWith } from "./guard.ts";
 * import assert from "assert";
 *
 * expectWith("explainLayer", "its layer", { paramCount: () => 0 }, "a layer", "paramCount");
 * assert.throws(
 *   () => expectWith("explainLayer", "its layer", {}, "a layer", "paramCount"),
 *   /explainLayer expects its layer to be a layer, received \{\}/,
 * );
 * ```
 */
export function expectWith(
  fn: string,
  arg: string,
  value: unknown,
  what: string,
  member: string,
): void {
  if (
    typeof value !== "object" || value === null ||
    (value as Record<string, unknown>)[member] === undefined ||
    (value as Record<string, unknown>)[member] === null
  ) {
    throw refused(fn, arg, what, value);
  }
}
