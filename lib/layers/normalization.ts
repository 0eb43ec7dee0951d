/**
 * Normalization layers: BatchNormalization and LayerNormalization, one scale and one offset per
 * feature on the last axis.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { flag } from "./_validate.ts";

/** Arguments of the normalization layers. */
export interface NormalizationArgs extends LayerArgs {
  /**
   * Learn a scale `gamma` per feature.
   * @default {true}
   */
  readonly scale?: boolean;
  /**
   * Learn an offset `beta` per feature.
   * @default {true}
   */
  readonly center?: boolean;
}

/** What BatchNormalization and LayerNormalization share: `gamma` and `beta` per feature. */
export abstract class Normalization extends Layer {
  /** Whether `gamma` is learned. */
  readonly scale: boolean;
  /** Whether `beta` is learned. */
  readonly center: boolean;

  /**
   * Checks the normalization's configuration.
   *
   * @param args The layer's configuration.
   * @param owner The class name, for error messages.
   */
  protected constructor(args: NormalizationArgs, owner: string) {
    super(args, owner);
    this.scale = flag(owner, "scale", args.scale, true);
    this.center = flag(owner, "center", args.center, true);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const features = [inputShape.at(-1)!];
    return [
      ...(this.scale ? [{ name: "gamma", shape: features, trainable: true }] : []),
      ...(this.center ? [{ name: "beta", shape: features, trainable: true }] : []),
    ];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * Normalizes each feature over the batch. Besides the learned `gamma` and `beta`, it keeps a
 * moving mean and a moving variance per feature: statistics, updated by averaging rather than by
 * gradients, hence non-trainable.
 *
 * @example Four vectors of 64, two of them non-trainable
 * ```ts
 * import { BatchNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * const bn = new BatchNormalization({ inputShape: [64] });
 * assert.equal(bn.paramCount(), 256);
 * assert.equal(bn.nonTrainableParamCount(), 128);
 * ```
 */
export class BatchNormalization extends Normalization {
  /** The Keras class name. */
  readonly className: string = "BatchNormalization";

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: NormalizationArgs = {}) {
    super(args, "BatchNormalization");
  }

  /** The weight tensors the layer creates for an input shape. */
  protected override buildWeights(inputShape: Shape): WeightSpec[] {
    const features = [inputShape.at(-1)!];
    return [
      ...super.buildWeights(inputShape),
      { name: "moving_mean", shape: features, trainable: false },
      { name: "moving_variance", shape: features, trainable: false },
    ];
  }
}

/**
 * Normalizes each sample over its features, then scales and shifts: `gamma` and `beta`, both
 * trainable.
 *
 * @example
 * ```ts
 * import { LayerNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new LayerNormalization({ inputShape: [10, 64] }).paramCount(), 128);
 * ```
 */
export class LayerNormalization extends Normalization {
  /** The Keras class name. */
  readonly className: string = "LayerNormalization";

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: NormalizationArgs = {}) {
    super(args, "LayerNormalization");
  }
}
