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

/**
 * A size other than the batch is unknown (`None`), so a count that depends on it (MACs,
 * activation memory) cannot be given. Give the size: `model.macs({ inputShape: [400, 13] })`.
 *
 * @example A sequence of unknown length
 * ```ts
 * import { LSTM, UnknownSizeError } from "../mod.ts";
 * import assert from "assert";
 *
 * const lstm = new LSTM({ units: 5 }).build([null, null, 13]);
 * assert.throws(() => lstm.macs(), UnknownSizeError);
 * assert.equal(lstm.macs({ inputShape: [400, 13] }), 400 * 4 * 5 * (13 + 5));
 * ```
 */
export class UnknownSizeError extends RangeError {
  /** The name of the layer. */
  readonly layerName: string;
  /** The shape with the unknown size. */
  readonly shape: Shape;
  /** The unknown axis (0 is the batch). */
  readonly axis: number;

  /**
   * Creates the error.
   *
   * @param layerName The layer's name.
   * @param shape The shape.
   * @param axis The unknown axis.
   * @param index Which input or output of the layer it is.
   * @param what Whether it is an input or an output.
   */
  constructor(
    layerName: string,
    shape: Shape,
    axis: number,
    index = 0,
    what: "input" | "output" = "input",
  ) {
    if (typeof layerName !== "string" || !Array.isArray(shape) || !Number.isInteger(axis)) {
      throw new TypeError(
        `UnknownSizeError expects a layer name (a string), a shape and an axis, received ` +
          `${describeValue(layerName)}, ${describeValue(shape)} and ${describeValue(axis)}`,
      );
    }
    const example = shape.slice(1).map((d) => d ?? 400);
    super(
      `Layer "${layerName}": axis ${axis} of its ${what}${index > 0 ? ` ${index}` : ""} ${
        formatShape(shape)
      } is unknown (None), so its compute cannot be counted. Give the ` +
        `size, e.g. macs({ inputShape: [${example.join(", ")}] }) (without the batch axis)`,
    );
    this.name = "UnknownSizeError";
    this.layerName = layerName;
    this.shape = shape;
    this.axis = axis;
  }
}
