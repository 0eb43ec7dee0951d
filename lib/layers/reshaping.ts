/**
 * Reshaping layers: Flatten, RepeatVector, Reshape, Permute, and the upsampling of 1D, 2D and 3D
 * inputs (zero padding and cropping are in `padding_cropping.ts`). None of them learns anything, so none has weights: they
 * change the shape, and so what the next layer counts.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, safeMultiply, type Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { WeightlessSpatial } from "./weightless_spatial.ts";
import { DATA_FORMAT, type DataFormat, joinChannels, splitChannels } from "./window.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { opt, type Option, type OptionTable } from "./options.ts";
import { weightlessCounterpart } from "./pytorch.ts";
import { tfjsDataFormat } from "./_bridge_args.ts";

/** Arguments of {@linkcode Flatten}. */
export interface FlattenArgs extends LayerArgs {
  /** Keras's `data_format`; with `"channels_first"` the channels are flattened first. */
  readonly dataFormat?: "channels_last" | "channels_first";
}

const FLATTEN_OPTIONS = {
  dataFormat: opt.oneOf(["channels_last", "channels_first"] as const, "channels_last"),
};

/**
 * Flattens every axis after the batch into one. An unknown size among them makes the flattened
 * size unknown (`None`), as in Keras 3.
 *
 * @example
 * ```ts
 * import { Flatten } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Flatten({ inputShape: [400, 13] }).outputShape(), [null, 5200]);
 * ```
 */
export class Flatten extends Layer {
  /** The declaration of Keras's `Flatten`. */
  static readonly kind: LayerKind = defineKind({
    className: "Flatten",
    samples: [{ inputShape: [4, 5] }],
    pytorch: () => weightlessCounterpart("torch.nn.Flatten()"),
    family: "reshaping",
    summary: "Lays every axis after the batch out in one row; no weights.",
    options: FLATTEN_OPTIONS,
    create: (config) => new Flatten(config as FlattenArgs),
    tfjs: { factory: "flatten", args: () => ({}) },
    weightless: true,
    noWeights: () =>
      "Flatten only rearranges the values into one axis; a reshape has nothing to learn.",
    read: { candidates: (row) => [{ config: {}, input: row.input }] },
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The common layer arguments.
   */
  constructor(args: FlattenArgs = {}) {
    super(args, Flatten.kind);
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    if (rest.some((d) => d === null)) return [inputShape[0], null];
    let size = 1;
    for (const d of rest as number[]) {
      size = safeMultiply(size, d, `flattened size of layer "${this.name}"`);
    }
    return [inputShape[0], size];
  }
}

/** Arguments of {@linkcode RepeatVector}. */
export interface RepeatVectorArgs extends LayerArgs {
  /** How many times to repeat the input vector. */
  readonly n: number;
}

const REPEAT_OPTIONS = { n: opt.int() };

/**
 * Repeats a vector `n` times: (batch, features) → (batch, n, features). No parameters.
 *
 * @example
 * ```ts
 * import { RepeatVector } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new RepeatVector({ n: 3, inputShape: [5] }).outputShape(), [null, 3, 5]);
 * ```
 */
export class RepeatVector extends Layer {
  /** The declaration of Keras's `RepeatVector`. */
  static readonly kind: LayerKind = defineKind({
    className: "RepeatVector",
    samples: [{ n: 3, inputShape: [5] }],
    family: "reshaping",
    summary: "Repeats a vector n times into a sequence; no weights.",
    options: REPEAT_OPTIONS,
    positional: "n",
    create: (config) => new RepeatVector(config as unknown as RepeatVectorArgs),
    tfjs: { factory: "repeatVector", args: (layer) => ({ n: (layer as RepeatVector).n }) },
    weightless: true,
    noWeights: () => "RepeatVector copies its input a fixed number of times; nothing is learned.",
    read: {
      // The repetitions are the output's steps; a first layer's input is one step of it.
      candidates: (row) => {
        const out = row.out;
        if (!out || out.length !== 3 || out[1] === null) return [];
        return [{ config: { n: out[1] }, input: row.input ?? [out[0], out[2]] }];
      },
    },
    pytorch: (layer) => ({
      none: `PyTorch has no module that repeats a vector: x.unsqueeze(1).expand(-1, ` +
        `${layer.config.n}, -1) does it, with no parameters in either framework.`,
    }),
  });
  /** The number of repetitions. */
  readonly n: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param n The number of repetitions, or the whole configuration.
   * @param args The rest of the configuration, when `n` came first.
   */
  constructor(n: number | RepeatVectorArgs, args?: Omit<RepeatVectorArgs, "n">) {
    super(positional(RepeatVector.kind, n, args), RepeatVector.kind);
    this.n = this.options(REPEAT_OPTIONS).n;
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: 2 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0], this.n, inputShape[1]];
  }
}

// ---------------------------------------------------------------------------------------------
// Reshape

/** Arguments of {@linkcode Reshape}. */
export interface ReshapeArgs extends LayerArgs {
  /**
   * The output shape without the batch dimension; one size may be `-1`, worked out from the
   * input's size, and a size may be `null` (unknown).
   */
  readonly targetShape: readonly (number | null)[];
}

const TARGET_SHAPE: Option<readonly (number | null)[]> = {
  expected: "a list of positive integers, -1 (at most once) or null",
  fallback: undefined,
  required: true,
  check(owner, key, value) {
    const valid = (d: unknown) => d === null || typeof d === "number" && Number.isSafeInteger(d);
    if (!Array.isArray(value) || !value.every(valid)) {
      throw new TypeError(
        `Invalid ${key} for ${owner}: expected ${this.expected}, received ${describeValue(value)}`,
      );
    }
    const sizes = value as (number | null)[];
    if (sizes.some((d) => d !== null && d < -1)) {
      throw new RangeError(
        `Invalid ${key} for ${owner}: each size must be a non-negative integer, or -1 for a ` +
          `single unknown size, received ${formatShape(sizes)}`,
      );
    }
    if (sizes.includes(0)) {
      throw new RangeError(
        `Invalid ${key} for ${owner}: a size of 0 makes an empty tensor, which this library does ` +
          `not model, received ${formatShape(sizes)}`,
      );
    }
    if (sizes.filter((d) => d === -1).length > 1) {
      throw new RangeError(
        `Invalid ${key} for ${owner}: there must be at most one unknown size (-1), received ` +
          formatShape(sizes),
      );
    }
    return [...sizes];
  },
};

const RESHAPE_OPTIONS = { targetShape: TARGET_SHAPE };

/**
 * Lays the values after the batch axis out in a new shape with the same number of values, as
 * Keras's `Reshape`: one `-1` is worked out from the input's size; when some size of the input
 * is unknown, the `-1` stays unknown.
 *
 * @example
 * ```ts
 * import { Reshape } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Reshape([-1, 4], { inputShape: [8, 2] }).outputShape(), [null, 4, 4]);
 * // keras.layers.Reshape((-1, 4)) on (None, 2) gives (None, None, 4)
 * assert.deepEqual(new Reshape([-1, 4], { inputShape: [null, 2] }).outputShape(), [null, null, 4]);
 * ```
 */
export class Reshape extends Layer {
  /** The declaration of Keras's `Reshape`. */
  static readonly kind: LayerKind = defineKind({
    className: "Reshape",
    family: "reshaping",
    summary: "Lays the values out in a new shape with the same number of values; no weights.",
    options: RESHAPE_OPTIONS,
    positional: "targetShape",
    create: (config) => new Reshape(config as unknown as ReshapeArgs),
    tfjs: {
      factory: "reshape",
      // TF.js 4.22 leaves a -1 unknown whenever the batch size is (always, in a model), so it
      // gets the size Keras works out.
      args: (layer) => {
        const resolved = layer.built ? (layer.outputShape() as Shape).slice(1) : [];
        const known = layer.built && !resolved.includes(null);
        return { targetShape: known ? resolved : [...(layer as Reshape).targetShape] };
      },
      refuse: (layer) =>
        (layer as Reshape).targetShape.includes(null)
          ? `Layer "${layer.name}" has an unknown size (null) in its targetShape, which ` +
            `TensorFlow.js's Reshape does not take`
          : undefined,
    },
    weightless: true,
    noWeights: () =>
      "Reshape only changes how the values are laid out in axes; a reshape has nothing to learn.",
  });
  /** The output shape without the batch dimension, as given. */
  readonly targetShape: readonly (number | null)[];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param targetShape The output shape without the batch dimension, or the whole configuration.
   * @param args The rest of the configuration, when the target shape came first.
   */
  constructor(
    targetShape: readonly (number | null)[] | ReshapeArgs,
    args?: Omit<ReshapeArgs, "targetShape">,
  ) {
    super(positional(Reshape.kind, targetShape, args), Reshape.kind);
    this.targetShape = this.options(RESHAPE_OPTIONS).targetShape;
  }

  /** The weight tensors the layer creates: none. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const rest = inputShape.slice(1);
    const target = this.targetShape;
    if (rest.includes(null) || target.includes(null)) {
      return [inputShape[0], ...target.map((d) => d === -1 ? null : d)];
    }
    const what = `size of the input of layer "${this.name}"`;
    const size = (rest as number[]).reduce((a, b) => safeMultiply(a, b, what), 1);
    const known = (target as number[]).filter((d) => d !== -1)
      .reduce((a, b) => safeMultiply(a, b, what), 1);
    const fail = (why: string) =>
      new IncompatibleShapeError(
        this.name,
        inputShape,
        `Layer "${this.name}": the total size of the tensor must be unchanged${why}. Received: ` +
          `input_shape=${formatShape(rest)}, target_shape=${formatShape(target)}`,
      );
    if (!target.includes(-1)) {
      if (known !== size) throw fail("");
      return [inputShape[0], ...target];
    }
    if (size % known !== 0) {
      throw fail(`, however, the input size ${size} cannot be divided by ${known}`);
    }
    return [inputShape[0], ...target.map((d) => d === -1 ? size / known : d)];
  }
}

// ---------------------------------------------------------------------------------------------
// Permute

/** Arguments of {@linkcode Permute}. */
export interface PermuteArgs extends LayerArgs {
  /** The order of the axes after the batch, counted from 1: `[2, 1]` swaps the two. */
  readonly dims: readonly number[];
}

const PERMUTE_OPTIONS = { dims: opt.ints() };

/**
 * Reorders the axes after the batch, as Keras's `Permute`: `dims` lists them counted from 1.
 *
 * @example
 * ```ts
 * import { Permute } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Permute([2, 1], { inputShape: [10, 64] }).outputShape(), [null, 64, 10]);
 * ```
 */
export class Permute extends Layer {
  /** The declaration of Keras's `Permute`. */
  static readonly kind: LayerKind = defineKind({
    className: "Permute",
    family: "reshaping",
    summary: "Reorders the axes after the batch; no weights.",
    options: PERMUTE_OPTIONS,
    positional: "dims",
    create: (config) => new Permute(config as unknown as PermuteArgs),
    tfjs: { factory: "permute", args: (layer) => ({ dims: [...(layer as Permute).dims] }) },
    weightless: true,
    noWeights: () => "Permute only reorders the axes; nothing is learned.",
  });
  /** The order of the axes, counted from 1. */
  readonly dims: readonly number[];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param dims The order of the axes, or the whole configuration.
   * @param args The rest of the configuration, when `dims` came first.
   */
  constructor(dims: readonly number[] | PermuteArgs, args?: Omit<PermuteArgs, "dims">) {
    super(positional(Permute.kind, dims, args), Permute.kind);
    this.dims = this.options(PERMUTE_OPTIONS).dims;
    const sorted = [...this.dims].sort((a, b) => a - b);
    if (this.dims.length === 0 || sorted.some((d, i) => d !== i + 1)) {
      throw new RangeError(
        `Invalid dims for Permute: the axes must be 1, 2, … in some order, each once (the ` +
          `batch axis 0 stays first), received ${describeValue(this.dims)}`,
      );
    }
  }

  /** The weight tensors the layer creates: none. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: this.dims.length + 1 };
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [inputShape[0], ...this.dims.map((d) => inputShape[d])];
  }
}

// ---------------------------------------------------------------------------------------------
// Upsampling

/** Arguments of the upsampling layers. */
export interface UpSamplingArgs extends LayerArgs {
  /**
   * How many times each value is repeated along each spatial axis: an integer (in 1D the only
   * form), or one per axis.
   * @default {2}
   */
  readonly size?: number | readonly number[];
  /**
   * Where the channels axis is (2D and 3D; Keras's UpSampling1D has none).
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
  /**
   * How UpSampling2D fills in values; it decides no shape or count.
   * @default {"nearest"}
   */
  readonly interpolation?: string;
}

/** UpSampling2D's interpolations: Keras 3's, the TensorFlow backend's `area`, Keras 2's others. */
const INTERPOLATIONS = [
  "nearest",
  "bilinear",
  "bicubic",
  "lanczos3",
  "lanczos5",
  "area",
  "gaussian",
  "mitchellcubic",
] as const;

const INTERPOLATION: Option<string> = {
  ...opt.oneOf(INTERPOLATIONS, "nearest"),
  inert: true,
  check(owner, key, value) {
    // Keras lower-cases the name.
    const name = typeof value === "string" ? value.toLowerCase() : value;
    return opt.oneOf(INTERPOLATIONS, "nearest").check(owner, key, name);
  },
};

/** What the upsampling layers share: each value repeated `size` times along each axis. */
export abstract class UpSampling extends WeightlessSpatial {
  /** The repetitions per spatial axis. */
  readonly size: readonly number[];

  /**
   * Reads the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: UpSamplingArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    const size = this.config.size as number | readonly number[];
    this.size = typeof size === "number" ? [size] : size;
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { spatial, channels } = splitChannels(inputShape, this.dataFormat);
    const out = spatial.map((d, i) =>
      d === null ? null : safeMultiply(d, this.size[i], `output size of layer "${this.name}"`)
    );
    return joinChannels(inputShape[0], out, channels, this.dataFormat);
  }
}

/** An upsampling layer's constructor: the size first, or the whole configuration. */
export type UpSamplingConstructor = {
  /** The declaration of the Keras class. */
  readonly kind: LayerKind;
  /**
   * Creates the layer, checking its configuration.
   *
   * @param size The repetitions, or the whole configuration.
   * @param args The rest of the configuration, when the size came first.
   */
  new (size?: number | readonly number[] | UpSamplingArgs, args?: UpSamplingArgs): UpSampling;
};

function upSamplingOptions(rank: number): OptionTable {
  // Keras's UpSampling1D takes one integer and no data format; 2D and 3D take a tuple.
  if (rank === 1) return { size: opt.int(2) };
  const common = { size: opt.tuple(rank, 2), dataFormat: DATA_FORMAT };
  return rank === 2 ? { ...common, interpolation: INTERPOLATION } : common;
}

function upSamplingClass(rank: number): UpSamplingConstructor {
  const UpSamplingClass = class extends UpSampling {
    static readonly kind: LayerKind = defineKind({
      className: `UpSampling${rank}D`,
      family: "reshaping",
      summary: `Repeats each value size times along each spatial axis of the ${rank}D input; ` +
        `no weights.`,
      options: upSamplingOptions(rank),
      positional: "size",
      create: (config) => new UpSamplingClass(config as UpSamplingArgs),
      tfjs: rank !== 2 ? undefined : {
        factory: "upSampling2d",
        args: (layer) => ({
          size: [...(layer as UpSampling).size],
          dataFormat: tfjsDataFormat((layer as UpSampling).dataFormat),
          interpolation: layer.config.interpolation,
        }),
        refuse: (layer) =>
          ["nearest", "bilinear"].includes(layer.config.interpolation as string)
            ? undefined
            : `Layer "${layer.name}" uses interpolation ${
              JSON.stringify(layer.config.interpolation)
            }; TensorFlow.js's UpSampling2D has "nearest" and "bilinear" only`,
      },
      weightless: true,
      noWeights: () =>
        "Upsampling repeats (or interpolates) the values along each spatial axis: a fixed " +
        "operation, so nothing is learned and it has no weights. It changes the shape, not the " +
        "count.",
    });
    constructor(size?: number | readonly number[] | UpSamplingArgs, args?: UpSamplingArgs) {
      super(
        positional(UpSamplingClass.kind, size, args) as UpSamplingArgs,
        UpSamplingClass.kind,
        rank,
      );
    }
  };
  return UpSamplingClass;
}

/**
 * Repeats each step of a sequence `size` times.
 *
 * @example
 * ```ts
 * import { UpSampling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new UpSampling1D(3, { inputShape: [10, 4] }).outputShape(), [null, 30, 4]);
 * ```
 */
export const UpSampling1D: UpSamplingConstructor = upSamplingClass(1);
/**
 * Repeats each row and column of an image; `interpolation` decides the values, not the shape.
 *
 * @example
 * ```ts
 * import { UpSampling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const up = new UpSampling2D([2, 3], { interpolation: "bilinear", inputShape: [7, 7, 64] });
 * assert.deepEqual(up.outputShape(), [null, 14, 21, 64]);
 * ```
 */
export const UpSampling2D: UpSamplingConstructor = upSamplingClass(2);
/**
 * Repeats each value of a volume along its three spatial axes.
 *
 * @example
 * ```ts
 * import { UpSampling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new UpSampling3D({ inputShape: [2, 3, 4, 1] }).outputShape(), [null, 4, 6, 8, 1]);
 * ```
 */
export const UpSampling3D: UpSamplingConstructor = upSamplingClass(3);

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { RESHAPING_KINDS } from "./reshaping.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(RESHAPING_KINDS.map((kind) => kind.className), ["Flatten", "RepeatVector", "Reshape", "Permute", "UpSampling1D", "UpSampling2D", "UpSampling3D"]);
 * ```
 */
export const RESHAPING_KINDS: readonly LayerKind[] = [
  Flatten.kind,
  RepeatVector.kind,
  Reshape.kind,
  Permute.kind,
  UpSampling1D.kind,
  UpSampling2D.kind,
  UpSampling3D.kind,
];
