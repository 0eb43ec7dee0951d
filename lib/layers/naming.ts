/**
 * Layer names as Keras makes them from class names.
 *
 * @module
 */
import { expectArray, expectString } from "../guard.ts";

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

/**
 * The option name nearest to a mistyped one, when it is near enough to be a typo.
 *
 * @param typed What was typed.
 * @param valid The names allowed.
 * @returns The nearest name, or `undefined`.
 *
 * @example
 * ```ts
 * import { nearest } from "./naming.ts";
 * import assert from "assert";
 *
 * assert.equal(nearest("returnSequence", ["units", "returnSequences"]), "returnSequences");
 * assert.equal(nearest("zzz", ["units"]), undefined);
 * ```
 */
export function nearest(typed: string, valid: readonly string[]): string | undefined {
  expectString("nearest", "its typed name", typed);
  expectArray("nearest", "its valid names", valid, "a list of names");
  // Names are short; a long input cannot be a near miss and is not compared (linear time).
  if (typed.length > 64) return undefined;
  const lower = typed.toLowerCase().replaceAll("_", "");
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of valid) {
    const d = distance(lower, candidate.toLowerCase().replaceAll("_", ""));
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const allowed = Math.max(1, Math.floor(typed.length / 4));
  return bestDistance <= allowed ? best : undefined;
}

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
