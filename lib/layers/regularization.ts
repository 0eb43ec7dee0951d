/**
 * Regularization, noise and masking layers: Dropout, SpatialDropout1D/2D/3D, GaussianNoise,
 * GaussianDropout, AlphaDropout, ActivityRegularization, Masking. They change values while
 * training (or mark time steps to skip) and keep the shape; none of them has a weight.
 *
 * @module
 */

import type { Dim } from "../shape.ts";
import type { InputSpec, LayerArgs } from "./args.ts";
import type { RankedConstructor } from "./ranked.ts";
import { DATA_FORMAT, type DataFormat } from "./window.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { keepsShape } from "./reading.ts";
import { inert, opt, type Option } from "./options.ts";
import { ShapeKeeping } from "./shape_keeping.ts";
import { weightlessCounterpart } from "./pytorch.ts";
import { rankedClass } from "./ranked.ts";

/** A finite number ≥ 0, as Keras's L1L2 regularizer requires of its factors. */
function nonNegative(fallback: number): Option<number> {
  return opt.custom<number>(
    "a number ≥ 0",
    (v) => typeof v === "number" && Number.isFinite(v) && v >= 0,
    fallback,
  );
}

/**
 * The shape of a dropout mask, batch included: positive sizes, or `null` for the input's size on
 * that axis, as Keras 3's Dropout checks it. It decides no count.
 */
const NOISE_SHAPE: Option<readonly Dim[] | null> = {
  ...opt.custom<readonly Dim[] | null>(
    "a list of positive integers or null (one per input axis), or null",
    (v) =>
      v === null ||
      Array.isArray(v) &&
        v.every((d) => d === null || Number.isSafeInteger(d) && (d as number) >= 1),
    null,
  ),
  inert: true,
};

/** Arguments of {@linkcode Dropout}. */
export interface DropoutArgs extends LayerArgs {
  /** The fraction of inputs dropped during training, in [0, 1]. */
  readonly rate: number;
  /**
   * The shape of the dropout mask, batch included, `null` for an axis of the input's size
   * (`[null, 1, 64]` drops the same features at every step). It adds no parameters.
   * @default {null}
   */
  readonly noiseShape?: readonly Dim[] | null;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/** Dropout's options, and AlphaDropout's. */
const DROPOUT_OPTIONS = { rate: opt.fraction(), noiseShape: NOISE_SHAPE, ...inert("seed") };
/** The options of a dropout without a mask shape: SpatialDropout1D's, and GaussianDropout's. */
const RATE_OPTIONS = { rate: opt.fraction(), ...inert("seed") };

/**
 * Randomly zeroes inputs during training. It learns nothing, so it has no parameters.
 *
 * @example
 * ```ts
 * import { Dropout } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dropout = new Dropout({ rate: 0.5, inputShape: [100, 64] });
 * assert.equal(dropout.paramCount(), 0);
 * assert.deepEqual(dropout.outputShape(), [null, 100, 64]);
 * assert.equal(new Dropout(0.5).rate, 0.5);
 * ```
 */
export class Dropout extends ShapeKeeping {
  /** The declaration of Keras's `Dropout`. */
  static readonly kind: LayerKind = defineKind({
    className: "Dropout",
    samples: [{ rate: 0.5, inputShape: [4] }],
    pytorch: (layer) => weightlessCounterpart(`torch.nn.Dropout(p=${layer.config.rate})`),
    family: "regularization",
    summary: "Zeroes a random fraction of its inputs while training; no weights.",
    options: DROPOUT_OPTIONS,
    positional: "rate",
    create: (config) => new Dropout(config as unknown as DropoutArgs),
    read: keepsShape({ rate: 0.5 }),
    tfjs: { factory: "dropout", args: (layer) => ({ rate: (layer as Dropout).rate }) },
    weightless: true,
    noWeights: () =>
      "Dropout sets a random fraction (the rate) of its inputs to zero while training and " +
      "passes everything through at inference. Nothing is learned, so it has no weights.",
  });
  /** The fraction dropped. */
  readonly rate: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param rate The fraction dropped, or the whole configuration.
   * @param args The rest of the configuration, when `rate` came first.
   */
  constructor(rate: number | DropoutArgs, args?: Omit<DropoutArgs, "rate">) {
    super(positional(Dropout.kind, rate, args), Dropout.kind);
    this.rate = this.options(DROPOUT_OPTIONS).rate;
  }
}

// ---------------------------------------------------------------------------------------------
// Spatial dropout

/** Arguments of {@linkcode SpatialDropout1D}. */
export interface SpatialDropout1DArgs extends LayerArgs {
  /** The fraction of feature maps dropped during training, in [0, 1]. */
  readonly rate: number;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/** Arguments of {@linkcode SpatialDropout2D} and {@linkcode SpatialDropout3D}. */
export interface SpatialDropoutArgs extends SpatialDropout1DArgs {
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
}

const SPATIAL_OPTIONS = { ...RATE_OPTIONS, dataFormat: DATA_FORMAT };

/**
 * What the spatial dropouts share: a rate, a fixed input rank, no weights.
 *
 * @example
 * ```ts
 * import { SpatialDropout, SpatialDropout2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const drop = new SpatialDropout2D(0.1);
 * assert.ok(drop instanceof SpatialDropout);
 * assert.equal(drop.dataFormat, "channels_last");
 * ```
 */
export abstract class SpatialDropout extends ShapeKeeping {
  /** The fraction of feature maps dropped. */
  readonly rate: number;
  /** Where the channels axis is (always last for 1D). */
  readonly dataFormat: DataFormat;
  readonly #ndim: number;

  /**
   * Checks the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes: the input has them, the batch and the channels.
   */
  protected constructor(args: LayerArgs, kind: LayerKind, rank: number) {
    super(args, kind);
    this.rate = this.config.rate as number;
    this.dataFormat = (this.config.dataFormat as DataFormat | undefined) ?? "channels_last";
    this.#ndim = rank + 2;
  }

  /** What input the layer accepts: exactly its rank. */
  protected override get inputSpec(): InputSpec {
    return { ndim: this.#ndim };
  }
}

function spatialKind(
  rank: number,
  create: (config: Record<string, unknown>) => SpatialDropout,
): LayerKind {
  const maps = ["", "1D feature maps (a channel at every step)", "2D feature maps", "3D volumes"];
  return defineKind({
    className: `SpatialDropout${rank}D`,
    family: "regularization",
    summary: `Drops whole ${maps[rank]} at random while training; no weights.`,
    options: rank === 1 ? RATE_OPTIONS : SPATIAL_OPTIONS,
    positional: "rate",
    create,
    read: keepsShape({ rate: 0.5 }),
    // Keras 2 and TF.js write Dropout's noise_shape, which spatial dropout replaces by its own.
    jsonIgnored: ["noise_shape"],
    tfjs: rank === 1
      ? { factory: "spatialDropout1d", args: (layer) => ({ rate: (layer as SpatialDropout).rate }) }
      : undefined,
    weightless: true,
    noWeights: (layer) =>
      `${layer.className} sets whole channels to zero at random while training (each with ` +
      `probability ${(layer as SpatialDropout).rate}, the same channel at every position) and ` +
      `passes everything through at inference. Nothing is learned, so it has no weights.`,
  });
}

/**
 * Dropout of whole channels of a sequence (batch, steps, channels): a dropped channel is zero
 * at every step. No parameters.
 *
 * @example
 * ```ts
 * import { SpatialDropout1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const drop = new SpatialDropout1D(0.2, { inputShape: [100, 64] });
 * assert.equal(drop.paramCount(), 0);
 * assert.deepEqual(drop.outputShape(), [null, 100, 64]);
 * ```
 */
export const SpatialDropout1D: RankedConstructor<SpatialDropout1DArgs, "rate", SpatialDropout> =
  rankedClass(SpatialDropout, 1, spatialKind);
/** A layer that {@linkcode SpatialDropout1D} creates. */
export type SpatialDropout1D = SpatialDropout;

/**
 * Dropout of whole feature maps of an image: a dropped channel is zero at every pixel. No
 * parameters.
 *
 * @example
 * ```ts
 * import { SpatialDropout2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const drop = new SpatialDropout2D(0.2, { dataFormat: "channels_first", inputShape: [16, 8, 8] });
 * assert.equal(drop.paramCount(), 0);
 * assert.deepEqual(drop.outputShape(), [null, 16, 8, 8]);
 * ```
 */
export const SpatialDropout2D: RankedConstructor<SpatialDropoutArgs, "rate", SpatialDropout> =
  rankedClass(SpatialDropout, 2, spatialKind);
/** A layer that {@linkcode SpatialDropout2D} creates. */
export type SpatialDropout2D = SpatialDropout;

/**
 * Dropout of whole channels of a volume (batch, depth, height, width, channels). No parameters.
 *
 * @example
 * ```ts
 * import { SpatialDropout3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new SpatialDropout3D(0.1, { inputShape: [4, 8, 8, 3] }).paramCount(), 0);
 * assert.throws(() => new SpatialDropout3D(0.1, { inputShape: [8, 8, 3] }).outputShape());
 * ```
 */
export const SpatialDropout3D: RankedConstructor<SpatialDropoutArgs, "rate", SpatialDropout> =
  rankedClass(SpatialDropout, 3, spatialKind);
/** A layer that {@linkcode SpatialDropout3D} creates. */
export type SpatialDropout3D = SpatialDropout;

// ---------------------------------------------------------------------------------------------
// Noise

/** Arguments of {@linkcode GaussianNoise}. */
export interface GaussianNoiseArgs extends LayerArgs {
  /** The noise's standard deviation; Keras 3 requires it in [0, 1]. */
  readonly stddev: number;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

const NOISE_OPTIONS = { stddev: opt.fraction(), ...inert("seed") };

/**
 * Adds zero-centred Gaussian noise of standard deviation `stddev` while training. No
 * parameters.
 *
 * @example
 * ```ts
 * import { GaussianNoise } from "../../mod.ts";
 * import assert from "assert";
 *
 * const noise = new GaussianNoise(0.1, { inputShape: [28, 28, 1] });
 * assert.equal(noise.stddev, 0.1);
 * assert.equal(noise.paramCount(), 0);
 * ```
 */
export class GaussianNoise extends ShapeKeeping {
  /** The declaration of Keras's `GaussianNoise`. */
  static readonly kind: LayerKind = defineKind({
    className: "GaussianNoise",
    family: "regularization",
    summary: "Adds Gaussian noise while training; no weights.",
    options: NOISE_OPTIONS,
    positional: "stddev",
    create: (config) => new GaussianNoise(config as unknown as GaussianNoiseArgs),
    read: keepsShape({ stddev: 0.1 }),
    tfjs: {
      factory: "gaussianNoise",
      args: (layer) => ({ stddev: (layer as GaussianNoise).stddev }),
    },
    weightless: true,
    noWeights: (layer) =>
      `GaussianNoise adds random noise of standard deviation ${
        (layer as GaussianNoise).stddev
      } to every value while training and passes everything through at inference. Nothing is ` +
      `learned, so it has no weights.`,
  });
  /** The noise's standard deviation. */
  readonly stddev: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param stddev The noise's standard deviation, or the whole configuration.
   * @param args The rest of the configuration, when `stddev` came first.
   */
  constructor(stddev: number | GaussianNoiseArgs, args?: Omit<GaussianNoiseArgs, "stddev">) {
    super(positional(GaussianNoise.kind, stddev, args), GaussianNoise.kind);
    this.stddev = this.options(NOISE_OPTIONS).stddev;
  }
}

/** Arguments of {@linkcode GaussianDropout}. */
export interface GaussianDropoutArgs extends LayerArgs {
  /** The drop probability, in [0, 1]: the noise has standard deviation √(rate / (1 - rate)). */
  readonly rate: number;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/**
 * Multiplies every value by Gaussian noise of mean 1 while training. No parameters.
 *
 * @example
 * ```ts
 * import { GaussianDropout } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new GaussianDropout(0.2, { inputShape: [64] }).paramCount(), 0);
 * ```
 */
export class GaussianDropout extends ShapeKeeping {
  /** The declaration of Keras's `GaussianDropout`. */
  static readonly kind: LayerKind = defineKind({
    className: "GaussianDropout",
    family: "regularization",
    summary: "Multiplies by Gaussian noise of mean 1 while training; no weights.",
    options: RATE_OPTIONS,
    positional: "rate",
    create: (config) => new GaussianDropout(config as unknown as GaussianDropoutArgs),
    read: keepsShape({ rate: 0.5 }),
    tfjs: {
      factory: "gaussianDropout",
      args: (layer) => ({ rate: (layer as GaussianDropout).rate }),
    },
    weightless: true,
    noWeights: (layer) => {
      const rate = (layer as GaussianDropout).rate;
      return `GaussianDropout multiplies every value by random noise of mean 1 (standard ` +
        `deviation √(rate / (1 - rate)) with rate ${rate}) while training, and passes ` +
        `everything through at inference. Nothing is learned, so it has no weights.`;
    },
  });
  /** The drop probability. */
  readonly rate: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param rate The drop probability, or the whole configuration.
   * @param args The rest of the configuration, when `rate` came first.
   */
  constructor(rate: number | GaussianDropoutArgs, args?: Omit<GaussianDropoutArgs, "rate">) {
    super(positional(GaussianDropout.kind, rate, args), GaussianDropout.kind);
    this.rate = this.options(RATE_OPTIONS).rate;
  }
}

/** Arguments of {@linkcode AlphaDropout}. */
export interface AlphaDropoutArgs extends LayerArgs {
  /** The drop probability, in [0, 1]. */
  readonly rate: number;
  /**
   * The shape of the dropout mask, batch included, `null` for an axis of the input's size
   * (`[null, 1, 64]` drops the same features at every step).
   * @default {null}
   */
  readonly noiseShape?: readonly Dim[] | null;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/**
 * Dropout that keeps the mean and variance of its inputs, for self-normalizing networks
 * (`selu`): dropped values are set to SELU's negative saturation, then everything is scaled and
 * shifted back. No parameters.
 *
 * @example
 * ```ts
 * import { AlphaDropout } from "../../mod.ts";
 * import assert from "assert";
 *
 * const drop = new AlphaDropout(0.1, { noiseShape: [null, 1, 64], inputShape: [10, 64] });
 * assert.equal(drop.paramCount(), 0);
 * assert.deepEqual(drop.outputShape(), [null, 10, 64]);
 * ```
 */
export class AlphaDropout extends ShapeKeeping {
  /** The declaration of Keras's `AlphaDropout`. */
  static readonly kind: LayerKind = defineKind({
    className: "AlphaDropout",
    family: "regularization",
    summary: "Dropout that keeps the inputs' mean and variance (for selu); no weights.",
    options: DROPOUT_OPTIONS,
    positional: "rate",
    create: (config) => new AlphaDropout(config as unknown as AlphaDropoutArgs),
    read: keepsShape({ rate: 0.5 }),
    tfjs: {
      factory: "alphaDropout",
      args: (layer) => {
        const noiseShape = layer.config.noiseShape as readonly Dim[] | null;
        return {
          rate: (layer as AlphaDropout).rate,
          ...(noiseShape === null ? {} : { noiseShape: [...noiseShape] }),
        };
      },
    },
    weightless: true,
    noWeights: (layer) =>
      `AlphaDropout replaces a random fraction (${
        (layer as AlphaDropout).rate
      }) of its inputs by SELU's negative saturation value while training, then scales and ` +
      `shifts so the mean and variance stay the same; at inference it passes everything ` +
      `through. The scale and shift follow from the rate; nothing is learned, so it has no ` +
      `weights.`,
  });
  /** The drop probability. */
  readonly rate: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param rate The drop probability, or the whole configuration.
   * @param args The rest of the configuration, when `rate` came first.
   */
  constructor(rate: number | AlphaDropoutArgs, args?: Omit<AlphaDropoutArgs, "rate">) {
    super(positional(AlphaDropout.kind, rate, args), AlphaDropout.kind);
    this.rate = this.options(DROPOUT_OPTIONS).rate;
  }
}

// ---------------------------------------------------------------------------------------------
// Activity regularization and masking

/** Arguments of {@linkcode ActivityRegularization}. */
export interface ActivityRegularizationArgs extends LayerArgs {
  /**
   * The L1 factor: `l1 × Σ|x|` is added to the loss.
   * @default {0}
   */
  readonly l1?: number;
  /**
   * The L2 factor: `l2 × Σx²` is added to the loss.
   * @default {0}
   */
  readonly l2?: number;
}

const ACTIVITY_OPTIONS = { l1: nonNegative(0), l2: nonNegative(0) };

/**
 * Passes its input through and adds an L1/L2 penalty on it to the loss. No parameters.
 *
 * @example
 * ```ts
 * import { ActivityRegularization } from "../../mod.ts";
 * import assert from "assert";
 *
 * const reg = new ActivityRegularization({ l1: 0.01, inputShape: [64] });
 * assert.equal(reg.paramCount(), 0);
 * assert.equal(reg.l2, 0);
 * ```
 */
export class ActivityRegularization extends ShapeKeeping {
  /** The declaration of Keras's `ActivityRegularization`. */
  static readonly kind: LayerKind = defineKind({
    className: "ActivityRegularization",
    family: "regularization",
    summary: "Passes values through and adds an L1/L2 penalty on them to the loss; no weights.",
    options: ACTIVITY_OPTIONS,
    positional: "l1",
    create: (config) => new ActivityRegularization(config as ActivityRegularizationArgs),
    read: keepsShape(),
    // The L1L2 regularizer the layer builds from l1 and l2, when a config writes it too.
    jsonIgnored: ["activity_regularizer"],
    weightless: true,
    noWeights: (layer) => {
      const { l1, l2 } = layer as ActivityRegularization;
      return `ActivityRegularization passes its input through unchanged and adds ` +
        `${l1} × Σ|x| + ${l2} × Σx² of it to the loss: a penalty on values, not a weight, so ` +
        `it has no weights.`;
    },
  });
  /** The L1 factor. */
  readonly l1: number;
  /** The L2 factor. */
  readonly l2: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param l1 The L1 factor, or the whole configuration.
   * @param args The rest of the configuration, when `l1` came first.
   */
  constructor(
    l1?: number | ActivityRegularizationArgs,
    args?: Omit<ActivityRegularizationArgs, "l1">,
  ) {
    super(positional(ActivityRegularization.kind, l1, args), ActivityRegularization.kind);
    const c = this.options(ACTIVITY_OPTIONS);
    this.l1 = c.l1;
    this.l2 = c.l2;
  }
}

/** Arguments of {@linkcode Masking}. */
export interface MaskingArgs extends LayerArgs {
  /**
   * A time step whose values all equal it is skipped by later layers.
   * @default {0}
   */
  readonly maskValue?: number;
}

const MASKING_OPTIONS = { maskValue: opt.number(0) };

/**
 * Marks the time steps whose features all equal `maskValue`, so later layers (LSTM, GRU, …) skip
 * them. No parameters, same shape.
 *
 * @example
 * ```ts
 * import { LSTM, Masking, Sequential, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([new Input({ shape: [10, 8] }), new Masking(-1), new LSTM(32)]);
 * assert.deepEqual(model.layers.map((l) => l.paramCount()), [0, 4 * (8 * 32 + 32 * 32 + 32)]);
 * ```
 */
export class Masking extends ShapeKeeping {
  /** The declaration of Keras's `Masking`. */
  static readonly kind: LayerKind = defineKind({
    className: "Masking",
    family: "regularization",
    summary: "Marks time steps equal to a mask value for later layers to skip; no weights.",
    options: MASKING_OPTIONS,
    positional: "maskValue",
    create: (config) => new Masking(config as MaskingArgs),
    read: keepsShape(),
    tfjs: { factory: "masking", args: (layer) => ({ maskValue: (layer as Masking).maskValue }) },
    weightless: true,
    noWeights: (layer) =>
      `Masking marks every time step whose values all equal ${
        (layer as Masking).maskValue
      } so that later layers skip it; a comparison, not a learned function, so it has no ` +
      `weights.`,
  });
  /** The value that marks a step to skip. */
  readonly maskValue: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param maskValue The value that marks a step to skip, or the whole configuration.
   * @param args The rest of the configuration, when the value came first.
   */
  constructor(maskValue?: number | MaskingArgs, args?: LayerArgs) {
    super(positional(Masking.kind, maskValue, args), Masking.kind);
    this.maskValue = this.options(MASKING_OPTIONS).maskValue;
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { REGULARIZATION_KINDS } from "./regularization.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(REGULARIZATION_KINDS.map((kind) => kind.className), ["Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianNoise", "GaussianDropout", "AlphaDropout", "ActivityRegularization", "Masking"]);
 * ```
 */
export const REGULARIZATION_KINDS: readonly LayerKind[] = [
  Dropout.kind,
  SpatialDropout1D.kind,
  SpatialDropout2D.kind,
  SpatialDropout3D.kind,
  GaussianNoise.kind,
  GaussianDropout.kind,
  AlphaDropout.kind,
  ActivityRegularization.kind,
  Masking.kind,
];
