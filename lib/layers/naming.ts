/**
 * Layer names as Keras makes them from class names.
 *
 * @module
 */
import { expectString } from "../guard.ts";

/**
 * Keras's `to_snake_case`: the default name of a layer class.
 *
 * @param className A class name such as `"TimeDistributed"`.
 * @returns Its snake_case form, e.g. `"time_distributed"`.
 *
 * @example
 * ```ts
 * import { snakeCase } from "./naming.ts";
 * import assert from "assert";
 *
 * assert.equal(snakeCase("TimeDistributed"), "time_distributed");
 * assert.equal(snakeCase("SimpleRNN"), "simple_rnn");
 * assert.equal(snakeCase("MaxPooling2D"), "max_pooling2d");
 * ```
 */
export function snakeCase(className: string): string {
  expectString("snakeCase", "its class name", className);
  let name = SNAKE_CASE.get(className);
  if (name === undefined) {
    name = className
      .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
      .replace(/([a-z])([A-Z])/g, "$1_$2")
      .toLowerCase();
    // Class names are few; a flood of other strings does not grow the memo without bound.
    if (SNAKE_CASE.size >= 1024) SNAKE_CASE.clear();
    SNAKE_CASE.set(className, name);
  }
  return name;
}

// Every layer a model names asks for its class's snake_case: computed once per class name.
const SNAKE_CASE = new Map<string, string>();
