// Checks on layer configuration values. Internal: the layer classes call these from their
// constructors so a learner's typo fails where it was typed, naming the layer and the value.

import { describeValue } from "../errors.ts";
import { expectArray, expectObject, expectWith } from "../guard.ts";
import type { LayerArgs } from "./args.ts";

function fail(owner: string, field: string, expected: string, value: unknown): never {
  const message = `Invalid ${field} for ${owner}: expected ${expected}, received ${
    describeValue(value)
  }`;
  throw typeof value === "number" ? new RangeError(message) : new TypeError(message);
}

/** A whole number ≥ `min` (1 by default), as units, filters or dimensions must be. */
export function intAtLeast(owner: string, field: string, value: unknown, min = 1): number {
  const expected = min === 1 ? "a positive integer" : `an integer ≥ ${min}`;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    fail(owner, field, expected, value);
  }
  return value;
}

/** A number in [0, 1], as a dropout rate must be. */
export function fraction(owner: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !(value >= 0 && value <= 1)) {
    fail(owner, field, "a number between 0 and 1", value);
  }
  return value;
}

/** A boolean flag, defaulting when absent. */
export function flag(owner: string, field: string, value: unknown, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (typeof value !== "boolean") fail(owner, field, "true or false", value);
  return value;
}

/** One of a fixed set of strings (or `null` where allowed). */
export function oneOf<T extends string | null>(
  owner: string,
  field: string,
  value: unknown,
  options: readonly T[],
  fallback: T,
): T {
  if (value === undefined) return fallback;
  if (!options.includes(value as T)) {
    fail(owner, field, `one of ${options.map((o) => describeValue(o)).join(", ")}`, value);
  }
  return value as T;
}

/** An integer or a tuple of `rank` integers (kernel sizes, strides, pool sizes). */
export function intTuple(
  owner: string,
  field: string,
  value: unknown,
  rank: number,
): number[] {
  const values = typeof value === "number" ? new Array(rank).fill(value) : value;
  if (!Array.isArray(values) || values.length !== rank) {
    fail(
      owner,
      field,
      rank === 1 ? "a positive integer" : `a positive integer or ${rank} of them`,
      value,
    );
  }
  for (const v of values) {
    if (typeof v !== "number" || !Number.isSafeInteger(v) || v < 1) {
      fail(owner, field, `positive integers`, value);
    }
  }
  return values as number[];
}

/** A layer name: a non-empty string. */
export function layerName(owner: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value.length === 0) {
    fail(owner, "name", "a non-empty string", value);
  }
  return value;
}

/** Checks the options every layer takes, for the layer `owner`. */
export function checkCommon(owner: string, args: LayerArgs): void {
  if (args.batchSize !== undefined) intAtLeast(owner, "batchSize", args.batchSize);
  if (args.trainable !== undefined && typeof args.trainable !== "boolean") {
    throw new TypeError(
      `Invalid trainable for ${owner}: expected true or false, received ${
        describeValue(args.trainable)
      }`,
    );
  }
  checkSizes(owner, "inputShape", args.inputShape);
  checkSizes(owner, "batchInputShape", args.batchInputShape);
}

function checkSizes(owner: string, key: string, value: unknown): void {
  if (value !== undefined && !Array.isArray(value)) {
    throw new TypeError(
      `Invalid ${key} for ${owner}: expected a list of sizes such as [400, 13], received ${
        describeValue(value)
      }`,
    );
  }
}

/** The deepest nesting of wrappers the library follows; deeper is a RangeError, not a crash. */
export const MAX_NESTING = 64;

/**
 * A layer's constructor is given its kind (its arguments are checked by `checkKeys`): the base classes (`Layer`,
 * `Conv`, `Recurrent`, …) are exported for `instanceof` and types, and `new Conv(null)` in a
 * notebook gets this error, not an engine error from inside.
 */
export function checkKind(created: string, kind: unknown): void {
  const className = (kind as { className?: unknown } | null | undefined)?.className;
  if (typeof className !== "string") {
    throw new TypeError(
      `${created} is a base class of layers and is not created directly (its kind was ` +
        `${describeValue(kind)}): create a layer by its class, e.g. new Dense(2), or by its ` +
        `Keras name, e.g. createLayer("Dense", { units: 2 })`,
    );
  }
}

/** A node is made by `layer.apply(inputs)`: its layer, its input tensors and output shapes. */
export function checkNodeParts(layer: unknown, inputs: unknown, outputShapes: unknown): void {
  expectWith("Node", "its layer", layer, "a layer (a Node is made by layer.apply(inputs))", "kind");
  expectArray("Node", "its inputs", inputs, "a list of tensors");
  expectArray("Node", "its output shapes", outputShapes, "a list of shapes");
}

/** `layer.macs(options)` takes an options object (a notebook may pass `null`, as Python's `None`). */
export function checkMacsOptions(owner: string, options: unknown): void {
  expectObject(
    `macs() of ${owner}`,
    "its options",
    options,
    "options such as { inputShape: [400, 13] }",
  );
}
