/**
 * Pooling layers: windows that take a maximum or an average. They learn nothing, so they have no
 * parameters; they change the shape.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { type Padding, slidingOutputLength } from "./convolutional.ts";
import { intTuple, oneOf } from "./_validate.ts";

/** Arguments of the windowed pooling layers. */
export interface PoolingArgs extends LayerArgs {
  /**
   * The window size: one integer, or one per spatial axis.
   * @default {2}
   */
  readonly poolSize?: number | readonly number[];
  /**
   * The step between windows; defaults to the window size.
   */
  readonly strides?: number | readonly number[] | null;
  /**
   * Border handling.
   * @default {"valid"}
   */
  readonly padding?: Padding;
}

/** What the windowed pooling layers share: a window, a stride, a padding; no weights. */
export abstract class Pooling extends Layer {
  /** The window size per spatial axis. */
  readonly poolSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** Border handling. */
  readonly padding: Padding;
  readonly #rank: number;

  /**
   * Checks the pooling configuration.
   *
   * @param args The layer's configuration.
   * @param owner The class name, for error messages.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: PoolingArgs, owner: string, rank: number) {
    super(args, owner);
    this.#rank = rank;
    this.poolSize = intTuple(owner, "poolSize", args.poolSize ?? 2, rank);
    this.strides = intTuple(owner, "strides", args.strides ?? this.poolSize, rank);
    this.padding = oneOf(owner, "padding", args.padding, ["valid", "same"] as const, "valid");
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: this.#rank + 2 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const spatial = inputShape.slice(1, -1).map((length, i) =>
      slidingOutputLength(
        this.name,
        inputShape,
        length,
        this.poolSize[i],
        this.strides[i],
        this.padding,
      )
    );
    return [inputShape[0], ...spatial, inputShape.at(-1)!];
  }
}

/**
 * Maximum over windows of steps: (batch, steps, channels) → (batch, pooled steps, channels).
 *
 * @example
 * ```ts
 * import { MaxPooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new MaxPooling1D({ inputShape: [10, 4] }).outputShape(), [null, 5, 4]);
 * ```
 */
export class MaxPooling1D extends Pooling {
  /** The Keras class name. */
  readonly className: string = "MaxPooling1D";
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: PoolingArgs = {}) {
    super(args, "MaxPooling1D", 1);
  }
}

/**
 * Maximum over 2D windows: (batch, rows, cols, channels).
 *
 * @example
 * ```ts
 * import { MaxPooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new MaxPooling2D({ inputShape: [28, 28, 8] }).outputShape(), [null, 14, 14, 8]);
 * ```
 */
export class MaxPooling2D extends Pooling {
  /** The Keras class name. */
  readonly className: string = "MaxPooling2D";
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: PoolingArgs = {}) {
    super(args, "MaxPooling2D", 2);
  }
}

/**
 * Average over windows of steps.
 *
 * @example
 * ```ts
 * import { AveragePooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const pool = new AveragePooling1D({ poolSize: 3, padding: "same", inputShape: [10, 4] });
 * assert.deepEqual(pool.outputShape(), [null, 4, 4]);
 * ```
 */
export class AveragePooling1D extends Pooling {
  /** The Keras class name. */
  readonly className: string = "AveragePooling1D";
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: PoolingArgs = {}) {
    super(args, "AveragePooling1D", 1);
  }
}

/**
 * Average over 2D windows.
 *
 * @example
 * ```ts
 * import { AveragePooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(
 *   new AveragePooling2D({ poolSize: [2, 3], inputShape: [8, 9, 3] }).outputShape(),
 *   [null, 4, 3, 3],
 * );
 * ```
 */
export class AveragePooling2D extends Pooling {
  /** The Keras class name. */
  readonly className: string = "AveragePooling2D";
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: PoolingArgs = {}) {
    super(args, "AveragePooling2D", 2);
  }
}

/** What the global pooling layers share: every position averaged away; no weights. */
export abstract class GlobalPooling extends Layer {
  readonly #rank: number;

  /**
   * Checks the common arguments.
   *
   * @param args The common layer arguments.
   * @param owner The class name, for error messages.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: LayerArgs, owner: string, rank: number) {
    super(args, owner);
    this.#rank = rank;
  }
  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: this.#rank + 2 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0], inputShape.at(-1)!];
  }
}

/**
 * Average over all steps: (batch, steps, channels) → (batch, channels).
 *
 * @example
 * ```ts
 * import { GlobalAveragePooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalAveragePooling1D({ inputShape: [10, 4] }).outputShape(), [null, 4]);
 * ```
 */
export class GlobalAveragePooling1D extends GlobalPooling {
  /** The Keras class name. */
  readonly className: string = "GlobalAveragePooling1D";
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The common layer arguments.
   */
  constructor(args: LayerArgs = {}) {
    super(args, "GlobalAveragePooling1D", 1);
  }
}

/**
 * Average over all positions of an image: (batch, rows, cols, channels) → (batch, channels).
 *
 * @example
 * ```ts
 * import { GlobalAveragePooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalAveragePooling2D({ inputShape: [7, 7, 64] }).outputShape(), [null, 64]);
 * ```
 */
export class GlobalAveragePooling2D extends GlobalPooling {
  /** The Keras class name. */
  readonly className: string = "GlobalAveragePooling2D";
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The common layer arguments.
   */
  constructor(args: LayerArgs = {}) {
    super(args, "GlobalAveragePooling2D", 2);
  }
}
