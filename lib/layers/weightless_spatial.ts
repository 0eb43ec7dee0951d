/**
 * The base of the weightless layers that work on a fixed number of spatial axes: pooling
 * (windowed, global and adaptive), zero padding and cropping, upsampling. It lives in a file of
 * its own so that every family file can extend it without importing another family.
 *
 * @module
 */

import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import type { LayerKind } from "./kind.ts";
import type { DataFormat } from "./window.ts";

/**
 * A layer without weights over (batch, spatial axes…, channels), channels first or last, with a
 * fixed number of spatial axes: the input must have exactly that many plus two. What the pooling,
 * padding, cropping and upsampling layers have in common; each says its own output shape.
 *
 * @example
 * ```ts
 * import { WeightlessSpatial } from "./weightless_spatial.ts";
 * import { MaxPooling2D } from "./pooling.ts";
 * import assert from "assert";
 *
 * const pool = new MaxPooling2D({ dataFormat: "channels_first", inputShape: [3, 8, 8] });
 * assert.ok(pool instanceof WeightlessSpatial);
 * assert.equal(pool.rank, 2);
 * assert.equal(pool.dataFormat, "channels_first");
 * assert.equal(pool.paramCount(), 0);
 * assert.throws(() => new MaxPooling2D({ inputShape: [8, 8] }).outputShape(), /ndim=4/);
 * ```
 */
export abstract class WeightlessSpatial extends Layer {
  /** The number of spatial axes. */
  readonly rank: number;
  /** Where the channels axis is. */
  readonly dataFormat: DataFormat;

  /**
   * Reads the number of spatial axes and the data format.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: LayerArgs, kind: LayerKind, rank: number) {
    super(args, kind);
    this.rank = rank;
    this.dataFormat = (this.config.dataFormat as DataFormat | undefined) ?? "channels_last";
  }

  /** What input the layer accepts: the batch, its spatial axes and the channels. */
  protected get inputSpec(): InputSpec {
    return { ndim: this.rank + 2 };
  }

  /** The weight tensors the layer creates: none. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
}
