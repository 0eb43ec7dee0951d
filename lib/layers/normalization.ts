/**
 * Normalization layers: BatchNormalization and LayerNormalization, one scale and one offset per
 * feature of the normalized axis.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { defineKind, type LayerKind } from "./kind.ts";
import { inert, opt } from "./options.ts";

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
  /**
   * The axis normalized over (LayerNormalization: one axis or several).
   * @default {-1}
   */
  readonly axis?: number | readonly number[];
  /** A small constant for numerical stability; it adds no parameters. */
  readonly epsilon?: number;
  /** The moving average's momentum (BatchNormalization); it adds no parameters. */
  readonly momentum?: number;
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly betaInitializer?: unknown;
  /** See `betaInitializer`. */
  readonly gammaInitializer?: unknown;
  /** See `betaInitializer`. */
  readonly betaRegularizer?: unknown;
  /** See `betaInitializer`. */
  readonly gammaRegularizer?: unknown;
  /** See `betaInitializer`. */
  readonly betaConstraint?: unknown;
  /** See `betaInitializer`. */
  readonly gammaConstraint?: unknown;
}

const AXES = opt.custom<number | readonly number[]>(
  "an integer axis or a list of them",
  (v) =>
    typeof v === "number" && Number.isSafeInteger(v) ||
    Array.isArray(v) && v.length > 0 && v.every((a) => Number.isSafeInteger(a)),
  -1,
);

const COMMON_OPTIONS = {
  scale: opt.bool(true),
  center: opt.bool(true),
  epsilon: { ...opt.number(1e-3), inert: true },
  ...inert(
    "betaInitializer",
    "gammaInitializer",
    "betaRegularizer",
    "gammaRegularizer",
    "betaConstraint",
    "gammaConstraint",
  ),
};

const BATCH_OPTIONS = {
  ...COMMON_OPTIONS,
  // Keras 2 writes a built layer's axis as a one-element list.
  axis: opt.custom<number | readonly number[]>(
    "an integer axis",
    (v) =>
      typeof v === "number" && Number.isSafeInteger(v) ||
      Array.isArray(v) && v.length === 1 && Number.isSafeInteger(v[0]),
    -1,
  ),
  momentum: { ...opt.number(0.99), inert: true },
  renorm: opt.unsupported(false, "adds batch renormalization's moving statistics"),
  ...inert(
    "movingMeanInitializer",
    "movingVarianceInitializer",
    "renormClipping",
    "renormMomentum",
    "synchronized",
  ),
};

const LAYER_OPTIONS = {
  ...COMMON_OPTIONS,
  axis: AXES,
  epsilon: { ...opt.number(1e-3), inert: true },
  rmsScaling: opt.bool(false),
};

/** What BatchNormalization and LayerNormalization share: `gamma` and `beta` per feature. */
export abstract class Normalization extends Layer {
  /** Whether `gamma` is learned. */
  readonly scale: boolean;
  /** Whether `beta` is learned. */
  readonly center: boolean;
  /** The normalized axes, as given (negative counts from the end). */
  readonly axes: readonly number[];

  /**
   * Checks the normalization's configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   */
  protected constructor(args: NormalizationArgs, kind: LayerKind) {
    super(args, kind);
    const c = this.options(COMMON_OPTIONS);
    const axis = this.config.axis as number | readonly number[];
    // Keras 3's deprecated rms_scaling keeps gamma and drops beta, whatever center and scale say.
    const rms = this.config.rmsScaling === true;
    this.scale = c.scale || rms;
    this.center = c.center && !rms;
    this.axes = typeof axis === "number" ? [axis] : [...axis].sort((a, b) => a - b);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }

  /** The size of each normalized axis: the shape of `gamma` and `beta`. */
  protected featureShape(inputShape: Shape): number[] {
    return this.axes.map((axis) => {
      const index = axis < 0 ? inputShape.length + axis : axis;
      const size = inputShape[index];
      if (index < 1 || index >= inputShape.length) {
        throw new IncompatibleShapeError(
          this.name,
          inputShape,
          `Invalid axis ${axis} for layer "${this.name}": the input has ${inputShape.length} ` +
            `axes (batch included). Full shape received: ${formatShape(inputShape)}`,
        );
      }
      if (size === null) {
        throw new IncompatibleShapeError(
          this.name,
          inputShape,
          `Input 0 of layer "${this.name}" is incompatible with the layer: axis ${axis} of the ` +
            `input must be known to build the layer's weights, found None. Full shape ` +
            `received: ${formatShape(inputShape)}`,
        );
      }
      return size;
    });
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const shape = this.featureShape(inputShape);
    const axes = shape.map(() => ({ symbol: "d", meaning: "features on the normalized axis" }));
    return [
      ...(this.scale ? [{ name: "gamma", shape, trainable: true, axes }] : []),
      ...(this.center ? [{ name: "beta", shape, trainable: true, axes }] : []),
    ];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * Normalizes each feature over the batch, then scales and shifts: `gamma` and `beta` are
 * trainable; the moving mean and variance it keeps for inference are not, since they are
 * updated by averaging, not by gradients.
 *
 * @example Four vectors of 64, two of them non-trainable
 * ```ts
 * import { BatchNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * const bn = new BatchNormalization({ inputShape: [10, 64] });
 * assert.equal(bn.paramCount(), 4 * 64);
 * assert.equal(bn.nonTrainableParamCount(), 2 * 64);
 * ```
 */
export class BatchNormalization extends Normalization {
  /** The declaration of Keras's `BatchNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "BatchNormalization",
    family: "normalization",
    summary: "Normalizes each feature over the batch: gamma and beta trained, the moving mean " +
      "and variance not.",
    options: BATCH_OPTIONS,
    positional: "axis",
    create: (config) => new BatchNormalization(config as NormalizationArgs),
    tfjs: {
      factory: "batchNormalization",
      args: (layer) => ({
        axis: layer.config.axis,
        center: layer.config.center,
        scale: layer.config.scale,
      }),
    },
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: NormalizationArgs = {}) {
    super(args, BatchNormalization.kind);
  }

  /** The weight tensors the layer creates for an input shape. */
  protected override buildWeights(inputShape: Shape): WeightSpec[] {
    const shape = this.featureShape(inputShape);
    const axes = [{ symbol: "d", meaning: "features on the normalized axis" }];
    return [
      ...super.buildWeights(inputShape),
      { name: "moving_mean", shape, trainable: false, axes },
      { name: "moving_variance", shape, trainable: false, axes },
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
 * assert.equal(new LayerNormalization({ axis: [1, 2], inputShape: [10, 64] }).paramCount(), 1280);
 * ```
 */
export class LayerNormalization extends Normalization {
  /** The declaration of Keras's `LayerNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "LayerNormalization",
    family: "normalization",
    summary: "Normalizes each sample over its features: gamma and beta per feature.",
    options: LAYER_OPTIONS,
    positional: "axis",
    create: (config) => new LayerNormalization(config as NormalizationArgs),
    tfjs: {
      factory: "layerNormalization",
      args: (layer) => ({
        axis: layer.config.axis,
        center: (layer as LayerNormalization).center,
        scale: (layer as LayerNormalization).scale,
      }),
    },
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: NormalizationArgs & { readonly rmsScaling?: boolean } = {}) {
    super(args, LayerNormalization.kind);
  }
}
