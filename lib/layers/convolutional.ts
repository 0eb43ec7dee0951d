/**
 * Convolutions: Conv1D and Conv2D (channels last). A kernel is shared over every position, so
 * the count depends on the kernel size and channels, never on the length or image size.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { flag, intAtLeast, intTuple, oneOf } from "./_validate.ts";

/** How a window treats the borders: `"valid"` drops incomplete windows, `"same"` pads. */
export type Padding = "valid" | "same";

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
 * import { slidingOutputLength } from "./convolutional.ts";
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
  if (length === null) return null;
  if (padding === "same") return Math.ceil(length / stride);
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

/** Arguments of {@linkcode Conv1D} and {@linkcode Conv2D}. */
export interface ConvArgs extends LayerArgs {
  /** The number of output channels. */
  readonly filters: number;
  /** The window size: one integer, or one per spatial axis. */
  readonly kernelSize: number | readonly number[];
  /**
   * The step between windows.
   * @default {1}
   */
  readonly strides?: number | readonly number[];
  /**
   * Border handling.
   * @default {"valid"}
   */
  readonly padding?: Padding;
  /**
   * Spacing between kernel elements.
   * @default {1}
   */
  readonly dilationRate?: number | readonly number[];
  /**
   * Whether to add a bias per filter.
   * @default {true}
   */
  readonly useBias?: boolean;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
}

/** What Conv1D and Conv2D share: a kernel per window position, shared over positions. */
export abstract class Conv extends Layer {
  /** The number of output channels. */
  readonly filters: number;
  /** The window size per spatial axis. */
  readonly kernelSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** The dilation per spatial axis. */
  readonly dilationRate: readonly number[];
  /** Border handling. */
  readonly padding: Padding;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  readonly #rank: number;

  /**
   * Checks the convolution's configuration.
   *
   * @param args The layer's configuration.
   * @param owner The class name, for error messages.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: ConvArgs, owner: string, rank: number) {
    super(args, owner);
    this.#rank = rank;
    this.filters = intAtLeast(owner, "filters", args.filters);
    this.kernelSize = intTuple(owner, "kernelSize", args.kernelSize, rank);
    this.strides = intTuple(owner, "strides", args.strides ?? 1, rank);
    this.dilationRate = intTuple(owner, "dilationRate", args.dilationRate ?? 1, rank);
    this.padding = oneOf(owner, "padding", args.padding, ["valid", "same"] as const, "valid");
    if (this.strides.some((s) => s > 1) && this.dilationRate.some((d) => d > 1)) {
      throw new RangeError(
        `Invalid strides for ${owner}: strides > 1 cannot be combined with dilationRate > 1, ` +
          `received strides ${formatShape(this.strides)} and dilationRate ${
            formatShape(this.dilationRate)
          }`,
      );
    }
    this.useBias = flag(owner, "useBias", args.useBias, true);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: this.#rank + 2, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const channels = inputShape.at(-1)!;
    return [
      { name: "kernel", shape: [...this.kernelSize, channels, this.filters], trainable: true },
      ...(this.useBias ? [{ name: "bias", shape: [this.filters], trainable: true }] : []),
    ];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const spatial = inputShape.slice(1, -1).map((length, i) =>
      slidingOutputLength(
        this.name,
        inputShape,
        length,
        (this.kernelSize[i] - 1) * this.dilationRate[i] + 1,
        this.strides[i],
        this.padding,
      )
    );
    return [inputShape[0], ...spatial, this.filters];
  }
}

/**
 * A 1D convolution over (batch, steps, channels): kernel (kernelSize, channels, filters).
 *
 * @example
 * ```ts
 * import { Conv1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const conv = new Conv1D({ filters: 8, kernelSize: 3, inputShape: [10, 4] });
 * assert.equal(conv.paramCount(), 3 * 4 * 8 + 8);
 * assert.deepEqual(conv.outputShape(), [null, 8, 8]);
 * ```
 */
export class Conv1D extends Conv {
  /** The Keras class name. */
  readonly className: string = "Conv1D";

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: ConvArgs) {
    super(args, "Conv1D", 1);
  }
}

/**
 * A 2D convolution over (batch, rows, cols, channels): kernel (kh, kw, channels, filters).
 *
 * @example
 * ```ts
 * import { Conv2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const conv = new Conv2D({ filters: 32, kernelSize: 3, padding: "same", inputShape: [28, 28, 1] });
 * assert.equal(conv.paramCount(), 3 * 3 * 1 * 32 + 32);
 * assert.deepEqual(conv.outputShape(), [null, 28, 28, 32]);
 * ```
 */
export class Conv2D extends Conv {
  /** The Keras class name. */
  readonly className: string = "Conv2D";

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: ConvArgs) {
    super(args, "Conv2D", 2);
  }
}
