/**
 * The arithmetic of a sliding window, which convolutions, pooling, ConvLSTM, padding and
 * up-sampling share: where the channels axis is, how long the output of a window is along one
 * axis (plain, strided, dilated, padded, transposed).
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import { opt, type Option } from "./options.ts";
import { expectArray, expectWith } from "../guard.ts";
import { sizesOf } from "./_built.ts";

/**
 * The sizes a window's output length is worked out from: a length (or `null`, unknown), a window
 * and a stride, each a positive integer, so that a wrong one is an error and never `NaN`.
 */
function windowSizes(fn: string, length: unknown, window: unknown, stride: unknown): void {
  if (length !== null && !(Number.isInteger(length) && (length as number) >= 0)) {
    throw new TypeError(
      `${fn} expects its length to be an integer ≥ 0 or null (unknown), received ${
        describeValue(length)
      }`,
    );
  }
  positiveSize(fn, "window", window);
  positiveSize(fn, "stride", stride);
}

function positiveSize(fn: string, what: string, value: unknown): void {
  if (!(Number.isInteger(value) && (value as number) > 0)) {
    throw new TypeError(
      `${fn} expects its ${what} to be a positive integer, received ${describeValue(value)}`,
    );
  }
}

/**
 * How a window treats the borders: `"valid"` drops incomplete windows, `"same"` pads, and
 * `"causal"` (Conv1D only) pads the start so no output sees the future.
 */
export type Padding = "valid" | "same" | "causal";

/** Where the channels axis is: last (Keras's default) or right after the batch. */
export type DataFormat = "channels_last" | "channels_first";

/** The `dataFormat` option every spatial layer shares. */
export const DATA_FORMAT: Option<DataFormat> = opt.oneOf(
  ["channels_last", "channels_first"] as const,
  "channels_last",
);

/**
 * The spatial sizes and the channel count of an input, whichever side its channels are on.
 *
 * @param inputShape The input shape, batch first.
 * @param dataFormat Where the channels are.
 * @returns The spatial sizes and the channels.
 *
 * @example
 * ```ts
 * import { splitChannels } from "./window.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(splitChannels([null, 28, 28, 3], "channels_last"), {
 *   spatial: [28, 28],
 *   channels: 3,
 * });
 * assert.deepEqual(splitChannels([null, 3, 28, 28], "channels_first"), {
 *   spatial: [28, 28],
 *   channels: 3,
 * });
 * ```
 */
export function splitChannels(
  inputShape: Shape,
  dataFormat: DataFormat,
): { spatial: Shape; channels: number | null } {
  expectArray("splitChannels", "its input shape", inputShape, "a shape (a list of sizes)");
  return dataFormat === "channels_first"
    ? { spatial: inputShape.slice(2), channels: inputShape[1] }
    : { spatial: inputShape.slice(1, -1), channels: inputShape.at(-1)! };
}

/**
 * Puts spatial sizes and a channel count back together in the data format's order.
 *
 * @param batch The batch size.
 * @param spatial The spatial sizes.
 * @param channels The channel count.
 * @param dataFormat Where the channels go.
 * @returns The shape.
 *
 * @example
 * ```ts
 * import { joinChannels } from "./window.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(joinChannels(null, [14, 14], 8, "channels_first"), [null, 8, 14, 14]);
 * ```
 */
export function joinChannels(
  batch: number | null,
  spatial: Shape,
  channels: number | null,
  dataFormat: DataFormat,
): Shape {
  expectArray("joinChannels", "its spatial sizes", spatial, "a shape (a list of sizes)");
  return dataFormat === "channels_first"
    ? sizesOf(batch, channels, spatial)
    : sizesOf(batch, spatial, channels);
}

/**
 * The output size of one spatial axis under a sliding window, as Keras computes it.
 *
 * @param layer The layer, for the error message.
 * @param inputShape The full input shape, for the error message.
 * @param length The input size on that axis, or `null`.
 * @param window The window size on that axis (after dilation).
 * @param stride The stride on that axis.
 * @param padding The padding mode.
 * @returns The output size, or `null` when the input size is not known.
 * @throws {IncompatibleShapeError} When a `"valid"` window is larger than the input.
 *
 * @example
 * ```ts
 * import { slidingOutputLength } from "./window.ts";
 * import assert from "assert";
 *
 * assert.equal(slidingOutputLength("conv1d", [null, 10, 3], 10, 3, 1, "valid"), 8);
 * assert.equal(slidingOutputLength("conv1d", [null, 10, 3], 10, 3, 2, "same"), 5);
 * ```
 */
export function slidingOutputLength(
  layer: string,
  inputShape: Shape,
  length: number | null,
  window: number,
  stride: number,
  padding: Padding,
): number | null {
  windowSizes("slidingOutputLength", length, window, stride);
  if (length === null) return null;
  if (padding === "same" || padding === "causal") return Math.ceil(length / stride);
  if (length < window) {
    throw new IncompatibleShapeError(
      layer,
      inputShape,
      `Layer "${layer}": computed output size would be negative: a window of size ${window} ` +
        `does not fit in an input of size ${length} with padding "valid". ` +
        `Full shape received: ${formatShape(inputShape)}`,
    );
  }
  return Math.floor((length - window) / stride) + 1;
}

/** A window's geometry: its size, step and dilation per spatial axis, and its border handling. */
export interface SlidingWindow {
  /** The window size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** The dilation per spatial axis. */
  readonly dilationRate: readonly number[];
  /** Border handling. */
  readonly padding: Padding;
}

/**
 * The output sizes of a window sliding over the spatial axes, as Keras's
 * `compute_conv_output_shape`: each axis by {@linkcode slidingOutputLength}, the window dilated.
 *
 * @param layer The layer, for the error message.
 * @param inputShape The full input shape, for the error message.
 * @param spatial The input's spatial sizes.
 * @param window The window.
 * @returns The output's spatial sizes.
 * @throws {IncompatibleShapeError} When a `"valid"` window is larger than the input.
 *
 * @example A 3×3 window dilated by 2 spans 5×5
 * ```ts
 * import { type SlidingWindow, slidingOutputSizes } from "./window.ts";
 * import assert from "assert";
 *
 * const window: SlidingWindow = {
 *   kernelSize: [3, 3],
 *   strides: [1, 1],
 *   dilationRate: [2, 2],
 *   padding: "valid",
 * };
 * assert.deepEqual(slidingOutputSizes("conv2d", [null, 9, 9, 3], [9, 9], window), [5, 5]);
 * ```
 */
export function slidingOutputSizes(
  layer: string,
  inputShape: Shape,
  spatial: Shape,
  window: SlidingWindow,
): Shape {
  expectArray("slidingOutputSizes", "its spatial sizes", spatial, "a shape (a list of sizes)");
  expectWith(
    "slidingOutputSizes",
    "its window",
    window,
    "a sliding window ({ kernelSize, strides, padding, dilationRate })",
    "kernelSize",
  );
  return spatial.map((length, i) =>
    slidingOutputLength(
      layer,
      inputShape,
      length,
      (window.kernelSize[i] - 1) * window.dilationRate[i] + 1,
      window.strides[i],
      window.padding,
    )
  );
}

/**
 * Refuses strides > 1 with dilation > 1, as Keras's convolutions, transposed convolutions and
 * convolutional LSTMs do.
 *
 * @param className The layer's class, for the message.
 * @param window The window.
 * @throws {RangeError} When a stride and a dilation are both above 1.
 *
 * @example
 * ```ts
 * import { refuseStridedDilation } from "./window.ts";
 * import assert from "assert";
 *
 * const window = { kernelSize: [3], strides: [2], dilationRate: [2], padding: "valid" } as const;
 * assert.throws(() => refuseStridedDilation("Conv1D", window), RangeError);
 * ```
 */
export function refuseStridedDilation(className: string, window: SlidingWindow): void {
  expectWith(
    "refuseStridedDilation",
    "its window",
    window,
    "a sliding window ({ strides, dilationRate })",
    "strides",
  );
  if (window.strides.some((s) => s > 1) && window.dilationRate.some((d) => d > 1)) {
    throw new RangeError(
      `Invalid strides for ${className}: strides > 1 cannot be combined with dilationRate > 1, ` +
        `received strides ${formatShape(window.strides)} and dilationRate ${
          formatShape(window.dilationRate)
        }`,
    );
  }
}

/**
 * The output size of one spatial axis of a transposed convolution, as Keras computes it: with
 * `"valid"` padding `(i - 1)·s + max(w, s)`, with `"same"` `i·s`, where `w` is the dilated
 * window; an `outputPadding` replaces the default `"valid"` surplus (`max(w, s) - w`), or for
 * `"same"` gives `(i - 1)·s + w mod 2 + outputPadding`.
 *
 * @param layer The layer, for the error message.
 * @param inputShape The full input shape, for the error message.
 * @param length The input size on that axis, or `null`.
 * @param window The window size on that axis (after dilation).
 * @param stride The stride on that axis.
 * @param padding `"valid"` or `"same"`.
 * @param outputPadding The extra size on that axis, or `null` for Keras's default.
 * @returns The output size, or `null` when the input size is not known.
 * @throws {IncompatibleShapeError} When the size would be zero.
 *
 * @example
 * ```ts
 * import { transposedOutputLength } from "./window.ts";
 * import assert from "assert";
 *
 * // keras.layers.Conv2DTranspose(4, 3, strides=2) on (5, 5, 3) outputs (None, 11, 11, 4)
 * assert.equal(transposedOutputLength("t", [null, 5, 5, 3], 5, 3, 2, "valid", null), 11);
 * // ... and with padding="same", output_padding=1: (None, 10, 10, 4)
 * assert.equal(transposedOutputLength("t", [null, 5, 5, 3], 5, 3, 2, "same", 1), 10);
 * ```
 */
export function transposedOutputLength(
  layer: string,
  inputShape: Shape,
  length: number | null,
  window: number,
  stride: number,
  padding: Padding,
  outputPadding: number | null,
): number | null {
  windowSizes("transposedOutputLength", length, window, stride);
  if (length === null) return null;
  const size = padding === "valid"
    ? (length - 1) * stride + window + (outputPadding ?? Math.max(window, stride) - window)
    : outputPadding === null
    ? length * stride
    : (length - 1) * stride + (window % 2) + outputPadding;
  if (size < 1) {
    throw new IncompatibleShapeError(
      layer,
      inputShape,
      `Layer "${layer}": computed output size would be ${size}: an input of size ${length} ` +
        `with a window of ${window}, stride ${stride}, padding "${padding}" and outputPadding ` +
        `${outputPadding}. Full shape received: ${formatShape(inputShape)}`,
    );
  }
  return size;
}
