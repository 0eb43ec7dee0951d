/**
 * Errors a caller may want to catch by class. Everything else uses the built-in class that fits:
 * `TypeError` for a value of the wrong type, `RangeError` for a value out of range.
 *
 * @module
 */

import { formatShape, type Shape } from "./shape.ts";

/**
 * A layer was given an input it cannot take: the wrong rank, an undefined axis it needs, or a
 * spatial size too small for its kernel. Keras raises `ValueError` in these cases; the messages
 * follow Keras's wording.
 *
 * @example Catching a rank mismatch
 * ```ts
 * import { IncompatibleShapeError, LSTM } from "../mod.ts";
 * import assert from "assert";
 *
 * const lstm = new LSTM({ units: 5 });
 * assert.throws(() => lstm.build([null, 13]), IncompatibleShapeError);
 * ```
 */
export class IncompatibleShapeError extends RangeError {
  /** The name of the layer that refused the input. */
  readonly layerName: string;
  /** The input shape received. */
  readonly received: Shape;

  /**
   * Creates the error.
   *
   * @param layerName The layer's name.
   * @param received The input shape that was refused.
   * @param message What is wrong with it.
   */
  constructor(layerName: string, received: Shape, message: string) {
    super(message);
    this.name = "IncompatibleShapeError";
    this.layerName = layerName;
    this.received = received;
  }
}

/**
 * Formats a value received from a user for an error message: strings quoted, everything else as
 * JavaScript prints it.
 *
 * @param value Anything.
 * @returns A short printable form.
 *
 * @example
 * ```ts
 * import { describeValue } from "./errors.ts";
 * import assert from "assert";
 *
 * assert.equal(describeValue("5"), '"5" (a string)');
 * assert.equal(describeValue(NaN), "NaN");
 * assert.equal(describeValue([null, 13]), "(None, 13)");
 * ```
 */
export function describeValue(value: unknown): string {
  if (typeof value === "string") return `${JSON.stringify(value)} (a string)`;
  if (Array.isArray(value) && value.every((d) => d === null || typeof d === "number")) {
    return formatShape(value);
  }
  if (typeof value === "bigint") return `${value}n`;
  if (typeof value === "object" && value !== null) {
    try {
      return JSON.stringify(value);
    } catch {
      return Object.prototype.toString.call(value);
    }
  }
  return String(value);
}
