/**
 * Normalization layers: BatchNormalization, LayerNormalization and GroupNormalization, one scale
 * and one offset per feature of the normalized axis (UnitNormalization and LayerScale are in
 * `unit_normalization.ts`).
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import { thousands } from "../numbers.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { AxisMeaning, InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { listOf } from "./_built.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import {
  BATCH_NORMALIZATION_READING,
  GROUP_NORMALIZATION_READING,
  LAYER_NORMALIZATION_READING,
} from "./_normalization_reading.ts";
import { TRAINING_MASKED_CALL } from "./call.ts";
import { inert, opt } from "./options.ts";
import { type PyTorchCounterpart, pytorchTensor } from "./pytorch.ts";

/**
 * What Keras accepts about `gamma` and `beta` besides their shapes: initializers, regularizers
 * and constraints. They decide no shape or count.
 */
export interface GammaBetaExtrasArgs {
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

/** Arguments of the normalization layers. */
export interface NormalizationArgs extends LayerArgs, GammaBetaExtrasArgs {
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
  renorm: opt.bool(false),
  ...inert(
    "movingMeanInitializer",
    "movingVarianceInitializer",
    "renormClipping",
    "renormMomentum",
    "synchronized",
  ),
};

/** Arguments of {@linkcode BatchNormalization}. */
export interface BatchNormalizationArgs extends NormalizationArgs {
  /**
   * Batch renormalization: Keras keeps three more statistics per feature (`moving_stddev`,
   * `renorm_mean`, `renorm_stddev`), non-trainable.
   * @default {false}
   */
  readonly renorm?: boolean;
  /** The clipping of the renormalization's corrections; it adds no parameters. */
  readonly renormClipping?: unknown;
  /** The renormalization's momentum; it adds no parameters. */
  readonly renormMomentum?: number;
  /** Initializers of the moving statistics: accepted, no parameters. */
  readonly movingMeanInitializer?: unknown;
  /** See `movingMeanInitializer`. */
  readonly movingVarianceInitializer?: unknown;
  /** Synchronized statistics across devices (TensorFlow); it adds no parameters. */
  readonly synchronized?: boolean;
}

// BatchNormalization's statistics, as explanations describe them.
const MOVING_MEAN_ROLE = "running mean of each feature, updated by averaging, not by gradients";
const MOVING_VARIANCE_ROLE =
  "running variance of each feature, updated by averaging, not by gradients";
// Batch renormalization's (`renorm`), as Keras's `build` adds them.
const RENORM_WEIGHTS = [
  ["moving_stddev", "running standard deviation of each feature, used at inference"],
  ["renorm_mean", "mean of each feature that renormalizes batches in training"],
  ["renorm_stddev", "standard deviation of each feature that renormalizes batches in training"],
] as const;

const LAYER_OPTIONS = {
  ...COMMON_OPTIONS,
  axis: AXES,
  epsilon: { ...opt.number(1e-3), inert: true },
  rmsScaling: opt.bool(false),
};

/**
 * What BatchNormalization, LayerNormalization and GroupNormalization share: `gamma` and `beta`
 * per feature. (Keras's `Normalization` is the preprocessing layer, in `preprocessing.ts`.)
 *
 * @example
 * ```ts
 * import { GammaBetaNormalization, GroupNormalization, LayerNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * const norms = [new LayerNormalization({ inputShape: [64] }), new GroupNormalization(8, { inputShape: [64] })];
 * for (const norm of norms) {
 *   assert.ok(norm instanceof GammaBetaNormalization);
 *   assert.deepEqual(norm.weights().map((w) => w.name), ["gamma", "beta"]);
 * }
 * ```
 */
export abstract class GammaBetaNormalization extends Layer {
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
    // A layer keeps its axes: a list made by a builtin, with no allocation site (see `_built.ts`).
    this.axes = typeof axis === "number" ? listOf(axis) : [...axis].sort((a, b) => a - b);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }

  /**
   * The size of each normalized axis: the shape of `gamma` and `beta`. A layer that builds no
   * weights (no scale, no center: LayerNormalization) normalizes over an axis of unknown size,
   * as Keras's `build` only reads the sizes for its weights.
   */
  protected featureShape(inputShape: Shape, sizesNeeded = true): (number | null)[] {
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
      if (size === null && sizesNeeded) {
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

  /** The input axes normalized over, counted from 0 (the batch), in order. */
  protected normalizedAxes(inputShape: Shape): number[] {
    return this.axes.map((axis) => (axis < 0 ? inputShape.length + axis : axis));
  }

  /** What each axis of the per-feature vectors stands for. */
  protected featureAxes(inputShape: Shape): { symbol: string; meaning: string }[] {
    const indices = this.normalizedAxes(inputShape);
    if (indices.length === 1) {
      const where = indices[0] === inputShape.length - 1 ? "the last axis" : `axis ${indices[0]}`;
      return [{ symbol: "f", meaning: `features on ${where}` }];
    }
    return indices.map((index, i) => ({
      symbol: `f${i + 1}`,
      meaning: `features on axis ${index}`,
    }));
  }

  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    if (!this.scale && !this.center) {
      this.featureShape(inputShape, false);
      return [];
    }
    return this.gammaBeta(this.featureShape(inputShape) as number[], this.featureAxes(inputShape));
  }

  /** `gamma` and `beta` of a shape, each when the layer learns it. */
  protected gammaBeta(shape: number[], axes: readonly AxisMeaning[]): WeightSpec[] {
    const weights: WeightSpec[] = [];
    if (this.scale) {
      weights.push({ name: "gamma", shape, trainable: true, axes, role: "scale, one per feature" });
    }
    if (this.center) {
      weights.push({ name: "beta", shape, trainable: true, axes, role: "offset, one per feature" });
    }
    return weights;
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

// One vector (or, over several axes, one tensor) of values per normalized feature.
function normalizationWhy(layer: Layer): string[] {
  const weights = layer.weights();
  const shape = weights[0].shape;
  const k = weights.length;
  const names = (list: readonly string[]) =>
    list.length <= 2 ? list.join(" and ") : `${list.slice(0, -1).join(", ")} and ${list.at(-1)}`;
  const trainable = weights.filter((w) => w.trainable).map((w) => w.name);
  const frozen = weights.filter((w) => !w.trainable).map((w) => w.name);
  const size = shape.reduce((a, b) => a * b, 1);
  const axes = weights[0].axes ?? [];
  const why = shape.length === 1
    ? [
      `${layer.className} keeps ${k} vector${k === 1 ? "" : "s"} of f = ${shape[0]} values, ` +
      `one per ${(axes[0]?.meaning ?? "features").replace(/^features/, "feature")}: ${
        weights.map((w) => w.name).join(", ")
      }.`,
    ]
    : [
      `${layer.className} keeps ${k} tensor${k === 1 ? "" : "s"} of ${shape.join(" × ")} = ` +
      `${size} values, one per position of the normalized ${
        axes.map((a) => a.meaning.replace(/^features on /, "")).join(" and ")
      }: ${weights.map((w) => w.name).join(", ")}.`,
    ];
  if (trainable.length > 0) why.push(`${names(trainable)}: learned, trainable.`);
  if (frozen.length > 0) {
    why.push(
      `${names(frozen)}: ${
        layer.trainable
          ? "statistics, updated by moving averages during training rather than by gradients, " +
            "so non-trainable"
          : "non-trainable"
      } (${frozen.length} × ${size} = ${frozen.length * size}).`,
    );
  }
  return why;
}

// The count is affine in the features of a single normalized axis: build on (batch, features).
const NORMALIZATION_INPUT = {
  unit: "feature",
  input: (config: Readonly<Record<string, unknown>>, f: number) => {
    const axis = config.axis ?? -1;
    const single = typeof axis === "number"
      ? axis
      : Array.isArray(axis) && axis.length === 1
      ? axis[0]
      : undefined;
    return single === -1 || single === 1 ? { shape: [null, f] } : undefined;
  },
};

function layerNormCounterpart(layer: Layer): PyTorchCounterpart {
  const norm = layer as GammaBetaNormalization;
  const input = layer.inputShape();
  const indices = [...new Set(norm.axes.map((a) => (a < 0 ? input.length + a : a)))].sort(
    (a, b) => a - b,
  );
  const shape = indices.map((i) => input[i] as number);
  const trailing = indices.every((index, i) => index === input.length - indices.length + i);
  if (!trailing) {
    return {
      none: `No PyTorch LayerNorm matches: torch.nn.LayerNorm normalizes over the last ` +
        `dimensions of its input, and this LayerNormalization normalizes over axis ` +
        `${indices.join(", ")} of an input of ${input.length - 1} dimensions after the batch.`,
    };
  }
  if (layer.config.rmsScaling === true) {
    return {
      none: `No PyTorch module matches Keras's deprecated rmsScaling, which divides by the ` +
        `variance rather than the root mean square; torch.nn.RMSNorm has the same ` +
        `${shape.reduce((a, b) => a * b, 1)} parameters but computes another function.`,
    };
  }
  const normalized = shape.length === 1 ? String(shape[0]) : `(${shape.join(", ")})`;
  if (!norm.scale && norm.center) {
    return {
      none: `No PyTorch LayerNorm matches a LayerNormalization with scale: false and an ` +
        `offset: torch.nn.LayerNorm(${normalized}, bias=False) keeps the scale without the ` +
        `offset, and elementwise_affine=False drops both; none keeps the offset alone.`,
    };
  }
  const args = [
    normalized,
    ...(!norm.scale ? ["elementwise_affine=False"] : !norm.center ? ["bias=False"] : []),
  ];
  return {
    module: `torch.nn.LayerNorm(${args.join(", ")})`,
    weights: [
      ...(norm.scale ? [pytorchTensor("weight", shape)] : []),
      ...(norm.center ? [pytorchTensor("bias", shape)] : []),
    ],
    why: () => [
      norm.scale && !norm.center
        ? `The same scale per feature and no offset (bias=False), the same count.`
        : `The same scale and offset per feature, the same count.`,
    ],
  };
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
 *
 * @example Batch renormalization keeps three more statistics per feature
 * ```ts
 * import { BatchNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * // Keras 3.15.1: BatchNormalization(renorm=True) on (None, 64) counts 448, 320 non-trainable.
 * const bn = new BatchNormalization({ renorm: true, inputShape: [64] });
 * assert.equal(bn.paramCount(), 7 * 64);
 * assert.equal(bn.nonTrainableParamCount(), 5 * 64);
 * ```
 */
export class BatchNormalization extends GammaBetaNormalization {
  /** The declaration of Keras's `BatchNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "BatchNormalization",
    // Elementwise work and lookups only: no matrix products.
    macs: noMacs,
    samples: [
      { inputShape: [64] },
      { center: false, inputShape: [64] },
      { center: false, scale: false, inputShape: [64] },
      { axis: 1, inputShape: [3, 8, 8] },
      { inputShape: [4, 4, 4, 3] },
      // No PyTorch module corresponds: each says why.
      { scale: false, inputShape: [64] },
      { renorm: true, inputShape: [64] },
    ],
    family: "normalization",
    summary: "Normalizes each feature over the batch: gamma and beta trained, the moving mean " +
      "and variance not.",
    options: BATCH_OPTIONS,
    positional: "axis",
    create: (config) => new BatchNormalization(config as BatchNormalizationArgs),
    call: TRAINING_MASKED_CALL,
    tfjs: {
      factory: "batchNormalization",
      args: (layer) => ({
        axis: layer.config.axis,
        center: layer.config.center,
        scale: layer.config.scale,
      }),
      refuse: (layer) =>
        (layer as BatchNormalization).renorm
          ? `Layer "${layer.name}" uses renorm, which TensorFlow.js's batchNormalization does ` +
            `not have`
          : undefined,
    },
    why: normalizationWhy,
    describe: (layer) => {
      const weights = layer.weights();
      const greek: Readonly<Record<string, string>> = { gamma: "γ", beta: "β" };
      const trained = weights.filter((w) => w.trainable).map((w) => greek[w.name] ?? w.name);
      const kept = weights.filter((w) => !w.trainable)
        .map((w) => w.name.replace(/^moving_/, "").replaceAll("_", " "));
      const list = (words: readonly string[]) =>
        words.length < 2 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
      return `a batch norm of ${thousands(weights[0].shape[0])} channels: ` +
        `${trained.length > 0 ? list(trained) : "nothing"} trained, the moving ${list(kept)} not`;
    },
    inputSize: NORMALIZATION_INPUT,
    read: BATCH_NORMALIZATION_READING,
    pytorch: (layer) => {
      const norm = layer as BatchNormalization;
      const rank = layer.inputShape().length;
      const f = layer.weights().find((w) => w.name === "moving_mean")!.shape[0];
      const dims = rank === 2 || rank === 3 ? "1d" : rank === 4 ? "2d" : rank === 5 ? "3d" : "";
      if (norm.renorm) {
        return {
          none: `No PyTorch module has batch renormalization: torch.nn.BatchNorm keeps a ` +
            `running mean and variance, not the moving standard deviation and the renorm ` +
            `mean and standard deviation Keras adds with renorm=True.`,
        };
      }
      if (!dims) {
        return {
          none: `No PyTorch BatchNorm takes a ${rank - 1}-dimensional sample: BatchNorm1d, ` +
            `2d and 3d take 1 to 4 dimensions after the batch.`,
        };
      }
      if (!norm.scale && norm.center) {
        return {
          none: `No PyTorch BatchNorm${dims} matches a BatchNormalization with scale: false and ` +
            `an offset: bias=False drops the offset and affine=False drops both, but none keeps ` +
            `the offset alone.`,
        };
      }
      const args = [
        String(f),
        ...(!norm.scale ? ["affine=False"] : !norm.center ? ["bias=False"] : []),
      ];
      const buffers = [
        pytorchTensor("running_mean", [f]),
        pytorchTensor("running_var", [f]),
        pytorchTensor("num_batches_tracked", []),
      ];
      return {
        module: `torch.nn.BatchNorm${dims}(${args.join(", ")})`,
        weights: [
          ...(norm.scale ? [pytorchTensor("weight", [f])] : []),
          ...(norm.center ? [pytorchTensor("bias", [f])] : []),
        ],
        buffers,
        why: (keras, pytorch) => [
          `Keras counts the moving mean and variance as non-trainable weights; PyTorch keeps ` +
          `them (running_mean, running_var, and a step counter) as buffers, which ` +
          `parameters() does not list: ${keras} in Keras, ${pytorch} in PyTorch.`,
          ...(norm.scale && !norm.center
            ? [`bias=False (a keyword of recent PyTorch; 2.13 has it) keeps the scale alone.`]
            : []),
        ],
      };
    },
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: BatchNormalizationArgs = {}) {
    super(args, BatchNormalization.kind);
    this.renorm = this.config.renorm === true;
  }

  /** Whether the layer uses batch renormalization, with its three statistics more. */
  readonly renorm: boolean;

  /** The weight tensors the layer creates for an input shape, in Keras's order. */
  protected override buildWeights(inputShape: Shape): WeightSpec[] {
    const shape = this.featureShape(inputShape) as number[];
    const axes = this.featureAxes(inputShape);
    const weights = this.gammaBeta(shape, axes);
    weights.push(
      { name: "moving_mean", shape, trainable: false, axes, role: MOVING_MEAN_ROLE },
      { name: "moving_variance", shape, trainable: false, axes, role: MOVING_VARIANCE_ROLE },
    );
    if (this.renorm) {
      for (const [name, role] of RENORM_WEIGHTS) {
        weights.push({ name, shape, trainable: false, axes, role });
      }
    }
    return weights;
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
export class LayerNormalization extends GammaBetaNormalization {
  /** The declaration of Keras's `LayerNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "LayerNormalization",
    // Elementwise work and lookups only: no matrix products.
    macs: noMacs,
    samples: [
      { inputShape: [64] },
      { center: false, inputShape: [64] },
      { center: false, scale: false, inputShape: [64] },
      { axis: [1, 2], inputShape: [8, 64] },
      { axis: [-2, -1], center: false, inputShape: [8, 64] },
      // No PyTorch module corresponds: each says why.
      { scale: false, inputShape: [64] },
      { axis: 1, inputShape: [8, 64] },
    ],
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
    why: normalizationWhy,
    inputSize: NORMALIZATION_INPUT,
    read: LAYER_NORMALIZATION_READING,
    pytorch: layerNormCounterpart,
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

/** Arguments of {@linkcode GroupNormalization}. */
export interface GroupNormalizationArgs extends LayerArgs, GammaBetaExtrasArgs {
  /**
   * The number of groups the channels are split into; `-1` for one group per channel (instance
   * normalization). The number of channels must be a multiple of it.
   * @default {32}
   */
  readonly groups?: number;
  /**
   * The channels axis.
   * @default {-1}
   */
  readonly axis?: number;
  /**
   * Learn a scale `gamma` per channel.
   * @default {true}
   */
  readonly scale?: boolean;
  /**
   * Learn an offset `beta` per channel.
   * @default {true}
   */
  readonly center?: boolean;
  /** A small constant for numerical stability; it adds no parameters. */
  readonly epsilon?: number;
}

const GROUP_OPTIONS = {
  groups: opt.custom<number>(
    "a positive integer, or -1 for one group per channel",
    (v) => Number.isSafeInteger(v) && ((v as number) >= 1 || v === -1),
    32,
  ),
  ...COMMON_OPTIONS,
  axis: opt.axis(-1),
};

/**
 * Normalizes each sample over groups of channels, then scales and shifts: `gamma` and `beta`,
 * one per channel, both trainable. The number of groups changes what is averaged, not the
 * count.
 *
 * @example 64 channels in 32 groups: 64 + 64 parameters
 * ```ts
 * import { GroupNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new GroupNormalization({ inputShape: [8, 8, 64] }).paramCount(), 128);
 * assert.throws(() => new GroupNormalization(5, { inputShape: [64] }).paramCount(), /multiple/);
 * ```
 */
export class GroupNormalization extends GammaBetaNormalization {
  /** The declaration of Keras's `GroupNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "GroupNormalization",
    // Elementwise work and lookups only: no matrix products.
    macs: noMacs,
    family: "normalization",
    summary: "Normalizes each sample over groups of channels: gamma and beta per channel.",
    options: GROUP_OPTIONS,
    positional: "groups",
    create: (config) => new GroupNormalization(config as GroupNormalizationArgs),
    read: GROUP_NORMALIZATION_READING,
  });
  /** The number of groups as configured (`-1`: one per channel). */
  readonly groups: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param groups The number of groups, or the whole configuration.
   * @param args The rest of the configuration, when `groups` came first.
   */
  constructor(groups?: number | GroupNormalizationArgs, args?: GroupNormalizationArgs) {
    super(
      positional(GroupNormalization.kind, groups, args) as NormalizationArgs,
      GroupNormalization.kind,
    );
    this.groups = this.options(GROUP_OPTIONS).groups;
  }

  /** The channel count, checked against the groups as Keras's `build` does. */
  protected override featureShape(inputShape: Shape): number[] {
    const axis = this.axes[0];
    const index = axis < 0 ? inputShape.length + axis : axis;
    if (index < 0 || index >= inputShape.length) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Invalid axis ${axis} for layer "${this.name}": the input has ${inputShape.length} ` +
          `axes (batch included). Full shape received: ${formatShape(inputShape)}`,
      );
    }
    const channels = inputShape[index];
    if (channels === null) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Axis ${axis} of the input of layer "${this.name}" should have a defined dimension, ` +
          `found None. Full shape received: ${formatShape(inputShape)}`,
      );
    }
    const groups = this.groups === -1 ? channels : this.groups;
    if (channels < groups) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Invalid groups for layer "${this.name}": the number of groups (${groups}) cannot be ` +
          `more than the number of channels (${channels}). Full shape received: ${
            formatShape(inputShape)
          }`,
      );
    }
    if (channels % groups !== 0) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Invalid groups for layer "${this.name}": the number of channels (${channels}) must be ` +
          `a multiple of the number of groups (${groups}). Full shape received: ${
            formatShape(inputShape)
          }`,
      );
    }
    return [channels];
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { NORMALIZATION_KINDS } from "./normalization.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(NORMALIZATION_KINDS.map((kind) => kind.className), ["BatchNormalization", "LayerNormalization", "GroupNormalization"]);
 * ```
 */
export const NORMALIZATION_KINDS: readonly LayerKind[] = [
  BatchNormalization.kind,
  LayerNormalization.kind,
  GroupNormalization.kind,
];
