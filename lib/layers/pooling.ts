/**
 * Pooling layers: windows that take a maximum or an average, global pooling over every
 * position, and adaptive pooling to a given output size. They learn nothing, so they have no parameters; they change the shape.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { LayerArgs } from "./args.ts";
import type { Layer } from "./base.ts";
import { WeightlessSpatial } from "./weightless_spatial.ts";
import type { RankedConstructor } from "./ranked.ts";
import {
  DATA_FORMAT,
  type DataFormat,
  joinChannels,
  type Padding,
  slidingOutputLength,
  splitChannels,
} from "./window.ts";
import { defineKind, type LayerKind, type RowCandidate, type RowReading } from "./kind.ts";
import { MASKED_CALL } from "./call.ts";
import { lastSize, listText } from "./reading.ts";
import { opt, type Option } from "./options.ts";
import { weightlessCounterpart } from "./pytorch.ts";
import { rankedClass } from "./ranked.ts";
import { tfjsDataFormat } from "./_bridge_args.ts";

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
  readonly padding?: "valid" | "same";
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
}

function poolingOptions(rank: number) {
  const tuple = opt.tuple(rank, 2);
  const strides: Option<readonly number[] | null> = {
    ...opt.tuple(rank),
    expected: `null or ${opt.tuple(rank).expected}`,
    required: false,
    fallback: null,
    nullInJson: false,
    check(owner, key, value) {
      return value === null ? null : opt.tuple(rank).check(owner, key, value);
    },
  };
  return {
    poolSize: tuple,
    strides,
    padding: opt.oneOf(["valid", "same"] as const, "valid"),
    dataFormat: DATA_FORMAT,
  };
}

type PoolingOptions = ReturnType<typeof poolingOptions>;

const OPERATIONS = { Max: "maximum", Average: "average" } as const;

/** Why a pooling layer has no weights: what it does, then what that means for the count. */
function fixedOperation(what: string): string {
  return `${what}: a fixed operation, so nothing is learned and it has no weights. It changes ` +
    `the shape, not the count.`;
}

/** What the windowed pooling layers share: a window, a stride, a padding; no weights. */
export abstract class Pooling extends WeightlessSpatial {
  /** The window size per spatial axis. */
  readonly poolSize: readonly number[];
  /** The stride per spatial axis. */
  readonly strides: readonly number[];
  /** Border handling. */
  readonly padding: Padding;

  /**
   * Checks the pooling configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: PoolingArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    const c = this.options(kind.options as PoolingOptions);
    this.poolSize = c.poolSize;
    this.strides = c.strides ?? c.poolSize;
    this.padding = c.padding;
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { spatial, channels } = splitChannels(inputShape, this.dataFormat);
    const out = spatial.map((length, i) =>
      slidingOutputLength(
        this.name,
        inputShape,
        length,
        this.poolSize[i],
        this.strides[i],
        this.padding,
      )
    );
    return joinChannels(inputShape[0], out, channels, this.dataFormat);
  }
}

/**
 * How a pooling row is read: the pool size, strides and padding that take the input's sizes to
 * the output's, Keras's default (a pool of 2, strides of the pool, "valid") first. Other pools
 * and strides are an assumption, and said; a first layer's input is assumed pooled by 2.
 */
function poolingReading(rank: number): RowReading {
  return {
    candidates: (row) => {
      const out = row.out;
      if (!out || out.length !== rank + 2) return [];
      const input = row.input;
      if (!input) {
        return [{
          config: { poolSize: new Array(rank).fill(2) },
          input: [out[0], ...out.slice(1, -1).map((d) => (d === null ? null : d * 2)), out.at(-1)!],
          assumption: `The pool size cannot be read from the first layer's row; the default 2 ` +
            `is assumed.`,
        }];
      }
      if (input.length !== out.length) return [];
      const found: RowCandidate[] = [];
      // Channels last, Keras's default; then channels first (`data_format="channels_first"`).
      for (const first of [false, true]) {
        const spatialIn = first ? input.slice(2) : input.slice(1, -1);
        const spatialOut = first ? out.slice(2) : out.slice(1, -1);
        for (const padding of ["valid", "same"] as const) {
          const dims = spatialIn.map((d, i) => poolFits(d, spatialOut[i], padding));
          if (dims.some((d) => d === undefined)) continue;
          const poolSize = dims.map((d) => d!.pool);
          const strides = dims.map((d) => d!.stride);
          found.push({
            config: {
              poolSize,
              ...(strides.every((t, i) => t === poolSize[i]) ? {} : { strides }),
              ...(padding === "valid" ? {} : { padding }),
              ...(first ? { dataFormat: "channels_first" } : {}),
            },
            input,
            ...(first ? { unusual: true } : {}),
            ...(dims.some((d) => d!.assumed)
              ? {
                assumption: `The pool size and strides are not printed; ${
                  listText(poolSize)
                } with strides ${listText(strides)}${
                  padding === "same" ? ` and padding "same"` : ""
                } gives the printed size, and is assumed.`,
              }
              : {}),
          });
        }
      }
      if (found.length === 0) {
        found.push({ config: { poolSize: new Array(rank).fill(2) }, input });
      }
      return found.sort((a, b) =>
        (a.unusual ? 2 : 0) + (a.assumption ? 1 : 0) - (b.unusual ? 2 : 0) -
        (b.assumption ? 1 : 0)
      );
    },
    lastSizes: (input) => {
      const last = lastSize(input);
      return last === undefined ? [] : [last];
    },
  };
}

/** A pool size and stride that take `d` to `o`, the default first; a bounded search. */
function poolFits(
  d: number | null,
  o: number | null,
  padding: "valid" | "same",
): { pool: number; stride: number; assumed: boolean } | undefined {
  if (d === null || o === null) return { pool: 2, stride: 2, assumed: false };
  const size = (p: number, s: number) =>
    padding === "same" ? Math.ceil(d / s) : Math.floor((d - p) / s) + 1;
  if (d >= 2 && size(2, 2) === o) return { pool: 2, stride: 2, assumed: false };
  const limit = Math.min(d, 32);
  for (let p = 1; p <= limit; p++) {
    if (size(p, p) === o) return { pool: p, stride: p, assumed: false };
  }
  for (let p = 1; p <= limit; p++) {
    for (let s = 1; s <= limit; s++) {
      if (size(p, s) === o) return { pool: p, stride: s, assumed: true };
    }
  }
  return undefined;
}

/**
 * How a global pooling row is read: on its input, or, for a first layer, on an input of unknown
 * positions; features before positions (`"channels_first"`) only when the default fails.
 */
function globalReading(rank: number): RowReading {
  return {
    candidates: (row) => {
      const spatial = new Array<null>(rank).fill(null);
      const input = row.input ?? (row.out ? [row.out[0], ...spatial, row.out.at(-1)!] : null);
      // `keepdims: true` keeps each pooled axis as a size of 1: the output has the input's rank.
      const kept = row.out?.length === rank + 2;
      return [
        { config: kept ? { keepdims: true } : {}, input },
        ...(row.input || (kept && row.out)
          ? [{
            config: { dataFormat: "channels_first", ...(kept ? { keepdims: true } : {}) },
            input: row.input ?? [row.out![0], row.out![1], ...spatial],
            unusual: true,
          }]
          : []),
      ];
    },
  };
}

/** The inputs the pooling kinds are checked on against PyTorch, by rank. */
const SAMPLE_INPUTS: Readonly<Record<number, readonly number[]>> = {
  1: [8, 3],
  2: [8, 8, 3],
  3: [8, 8, 8, 3],
};

function poolingKind(
  op: keyof typeof OPERATIONS,
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
): LayerKind {
  const short = op === "Max" ? "MaxPool" : "AvgPool";
  return defineKind({
    className: `${op}Pooling${rank}D`,
    aliases: [`${short}${rank}D`],
    family: "pooling",
    summary: `Takes the ${OPERATIONS[op]} over each ${rank}D window; no weights.`,
    options: poolingOptions(rank),
    positional: "poolSize",
    create,
    samples: [
      op === "Average" && rank === 1
        ? { poolSize: 3, strides: 1, inputShape: [8, 3] }
        : { inputShape: SAMPLE_INPUTS[rank] },
    ],
    read: poolingReading(rank),
    tfjs: rank === 3 ? undefined : {
      factory: `${op === "Max" ? "max" : "average"}Pooling${rank}d`,
      args: (layer) => {
        const p = layer as Pooling;
        const scalar = (t: readonly number[]) => rank === 1 ? t[0] : [...t];
        return {
          poolSize: scalar(p.poolSize),
          strides: scalar(p.strides),
          padding: p.padding,
          ...(rank === 2 ? { dataFormat: tfjsDataFormat(p.dataFormat) } : {}),
        };
      },
      refuse: (layer) =>
        rank === 1 && (layer as Pooling).dataFormat === "channels_first"
          ? `TensorFlow.js's 1D pooling has no dataFormat option`
          : undefined,
    },
    pytorch: (layer) => {
      const p = layer as Pooling;
      const size = (t: readonly number[]) =>
        t.every((v) => v === t[0]) ? String(t[0]) : `(${t.join(", ")})`;
      const stride = p.strides.every((v, i) => v === p.poolSize[i])
        ? ""
        : `, stride=${size(p.strides)}`;
      return weightlessCounterpart(
        `torch.nn.${short}${rank}d(${size(p.poolSize)}${stride})`,
      );
    },
    weightless: true,
    noWeights: (layer) => {
      const global = layer.className.startsWith("Global");
      return fixedOperation(
        `A pooling layer takes the ${OPERATIONS[op]} over ${
          global ? "all positions" : "each window"
        }`,
      );
    },
  });
}

/** Declares a windowed pooling class: a subclass of {@linkcode Pooling} with its kind. */
function poolingClass(op: keyof typeof OPERATIONS, rank: number): PoolingConstructor {
  return rankedClass(Pooling, rank, (rank, create) => poolingKind(op, rank, create));
}

/**
 * A windowed pooling layer's constructor: the window size first (or the whole configuration).
 */
export type PoolingConstructor = {
  /** The declaration of the Keras class. */
  readonly kind: LayerKind;
  /**
   * Creates the layer, checking its configuration.
   *
   * @param poolSize The window size, or the whole configuration.
   * @param args The rest of the configuration, when the window size came first.
   */
  new (poolSize?: number | readonly number[] | PoolingArgs, args?: PoolingArgs): Pooling;
};

/**
 * The maximum over each window of a sequence.
 *
 * @example
 * ```ts
 * import { MaxPooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new MaxPooling1D({ inputShape: [10, 4] }).outputShape(), [null, 5, 4]);
 * ```
 */
export const MaxPooling1D: PoolingConstructor = poolingClass("Max", 1);
/**
 * The maximum over each window of an image.
 *
 * @example
 * ```ts
 * import { MaxPooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new MaxPooling2D(2, { inputShape: [28, 28, 3] }).outputShape(), [null, 14, 14, 3]);
 * ```
 */
export const MaxPooling2D: PoolingConstructor = poolingClass("Max", 2);
/**
 * The maximum over each window of a volume.
 *
 * @example
 * ```ts
 * import { MaxPooling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new MaxPooling3D({ inputShape: [4, 4, 4, 1] }).outputShape(), [null, 2, 2, 2, 1]);
 * ```
 */
export const MaxPooling3D: PoolingConstructor = poolingClass("Max", 3);
/**
 * The average over each window of a sequence.
 *
 * @example
 * ```ts
 * import { AveragePooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new AveragePooling1D({ inputShape: [10, 4] }).outputShape(), [null, 5, 4]);
 * ```
 */
export const AveragePooling1D: PoolingConstructor = poolingClass("Average", 1);
/**
 * The average over each window of an image.
 *
 * @example
 * ```ts
 * import { AveragePooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const pool = new AveragePooling2D({ poolSize: 3, strides: 1, inputShape: [5, 5, 2] });
 * assert.deepEqual(pool.outputShape(), [null, 3, 3, 2]);
 * ```
 */
export const AveragePooling2D: PoolingConstructor = poolingClass("Average", 2);
/**
 * The average over each window of a volume.
 *
 * @example
 * ```ts
 * import { AveragePooling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new AveragePooling3D({ inputShape: [4, 4, 4, 1] }).outputShape(), [null, 2, 2, 2, 1]);
 * ```
 */
export const AveragePooling3D: PoolingConstructor = poolingClass("Average", 3);

/** Arguments of the global pooling layers. */
export interface GlobalPoolingArgs extends LayerArgs {
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
  /**
   * Keep the pooled axes, with size 1.
   * @default {false}
   */
  readonly keepdims?: boolean;
}

const GLOBAL_OPTIONS = { dataFormat: DATA_FORMAT, keepdims: opt.bool(false) };

/** Pooling over every position at once: one value per channel. */
export abstract class GlobalPooling extends WeightlessSpatial {
  /** Whether the pooled axes are kept with size 1. */
  readonly keepdims: boolean;

  /**
   * Checks the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: GlobalPoolingArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    this.keepdims = this.options(GLOBAL_OPTIONS).keepdims;
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { channels } = splitChannels(inputShape, this.dataFormat);
    if (!this.keepdims) return [inputShape[0], channels];
    return joinChannels(inputShape[0], new Array(this.rank).fill(1), channels, this.dataFormat);
  }
}

function globalClass(op: keyof typeof OPERATIONS, rank: number) {
  const short = op === "Max" ? "GlobalMaxPool" : "GlobalAvgPool";
  const GlobalClass = class extends GlobalPooling {
    static readonly kind: LayerKind = defineKind({
      className: `Global${op}Pooling${rank}D`,
      aliases: [`${short}${rank}D`],
      family: "pooling",
      summary: `Takes the ${OPERATIONS[op]} over every position: one value per channel; ` +
        `no weights.`,
      options: GLOBAL_OPTIONS,
      positional: "dataFormat",
      create: (config) => new GlobalClass(config as GlobalPoolingArgs),
      samples: [{ inputShape: SAMPLE_INPUTS[rank] }],
      // Keras's GlobalAveragePooling1D averages over the unmasked steps only.
      ...(op === "Average" && rank === 1 ? { call: MASKED_CALL } : {}),
      read: globalReading(rank),
      tfjs: rank === 3 ? undefined : {
        factory: `global${op === "Max" ? "Max" : "Average"}Pooling${rank}d`,
        args: () => ({}),
        refuse: (layer) => {
          const g = layer as GlobalPooling;
          if (g.keepdims) return `TensorFlow.js's global pooling has no keepdims option`;
          if (g.dataFormat === "channels_first") {
            return `this bridge builds TensorFlow.js's global pooling channels last only`;
          }
          return undefined;
        },
      },
      pytorch: () =>
        weightlessCounterpart(`torch.nn.Adaptive${op === "Max" ? "Max" : "Avg"}Pool${rank}d(1)`),
      weightless: true,
      noWeights: () =>
        fixedOperation(`A pooling layer takes the ${OPERATIONS[op]} over all positions`),
    });
    constructor(args: GlobalPoolingArgs = {}) {
      super(args, GlobalClass.kind, rank);
    }
  };
  return GlobalClass;
}

/** A global pooling layer's constructor. */
export type GlobalPoolingConstructor = {
  /** The declaration of the Keras class. */
  readonly kind: LayerKind;
  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The configuration.
   */
  new (args?: GlobalPoolingArgs): GlobalPooling;
};

/**
 * The average over every step of a sequence.
 *
 * @example
 * ```ts
 * import { GlobalAveragePooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalAveragePooling1D({ inputShape: [10, 4] }).outputShape(), [null, 4]);
 * ```
 */
export const GlobalAveragePooling1D: GlobalPoolingConstructor = globalClass("Average", 1);
/**
 * The average over every pixel of an image.
 *
 * @example
 * ```ts
 * import { GlobalAveragePooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const pool = new GlobalAveragePooling2D({ keepdims: true, inputShape: [7, 7, 64] });
 * assert.deepEqual(pool.outputShape(), [null, 1, 1, 64]);
 * ```
 */
export const GlobalAveragePooling2D: GlobalPoolingConstructor = globalClass("Average", 2);
/**
 * The average over every voxel of a volume.
 *
 * @example
 * ```ts
 * import { GlobalAveragePooling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalAveragePooling3D({ inputShape: [2, 2, 2, 5] }).outputShape(), [null, 5]);
 * ```
 */
export const GlobalAveragePooling3D: GlobalPoolingConstructor = globalClass("Average", 3);
/**
 * The maximum over every step of a sequence.
 *
 * @example
 * ```ts
 * import { GlobalMaxPooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalMaxPooling1D({ inputShape: [10, 4] }).outputShape(), [null, 4]);
 * ```
 */
export const GlobalMaxPooling1D: GlobalPoolingConstructor = globalClass("Max", 1);
/**
 * The maximum over every pixel of an image.
 *
 * @example
 * ```ts
 * import { GlobalMaxPooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalMaxPooling2D({ inputShape: [7, 7, 64] }).outputShape(), [null, 64]);
 * ```
 */
export const GlobalMaxPooling2D: GlobalPoolingConstructor = globalClass("Max", 2);
/**
 * The maximum over every voxel of a volume.
 *
 * @example
 * ```ts
 * import { GlobalMaxPooling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new GlobalMaxPooling3D({ inputShape: [2, 2, 2, 5] }).outputShape(), [null, 5]);
 * ```
 */
export const GlobalMaxPooling3D: GlobalPoolingConstructor = globalClass("Max", 3);

// ---------------------------------------------------------------------------------------------
// Adaptive pooling (keras/src/layers/pooling/base_adaptive_pooling.py)

/** Arguments of the adaptive pooling layers. */
export interface AdaptivePoolingArgs extends LayerArgs {
  /** The output's size on each spatial axis: one integer for every axis, or one per axis. */
  readonly outputSize: number | readonly number[];
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
}

function adaptiveOptions(rank: number) {
  return { outputSize: opt.tuple(rank), dataFormat: DATA_FORMAT };
}

/**
 * Pooling to a given output size, whatever the input's: Keras chooses the windows so they fit.
 * No weights; the output's spatial sizes are `outputSize`, its channels the input's. Keras
 * declares no input spec, but its call refuses any other rank ("supports only 1D/2D/3D inputs"):
 * the input is the batch, the spatial axes and the channels.
 */
export abstract class AdaptivePooling extends WeightlessSpatial {
  /** The output's size on each spatial axis. */
  readonly outputSize: readonly number[];

  /**
   * Checks the configuration.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   */
  protected constructor(args: AdaptivePoolingArgs, kind: LayerKind, rank: number) {
    super(args, kind, rank);
    this.outputSize = this.options(adaptiveOptions(rank)).outputSize;
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { channels } = splitChannels(inputShape, this.dataFormat);
    return joinChannels(inputShape[0], this.outputSize, channels, this.dataFormat);
  }
}

function adaptiveKind(
  op: keyof typeof OPERATIONS,
  rank: number,
  create: (config: Record<string, unknown>) => Layer,
): LayerKind {
  const torch = `Adaptive${op === "Max" ? "Max" : "Avg"}Pool${rank}d`;
  return defineKind({
    className: `Adaptive${op}Pooling${rank}D`,
    family: "pooling",
    summary: `Takes the ${OPERATIONS[op]} over windows chosen so the output has outputSize ` +
      `positions per axis; no weights.`,
    options: adaptiveOptions(rank),
    positional: "outputSize",
    create,
    samples: [{ outputSize: rank === 2 ? [8, 4] : 2, inputShape: SAMPLE_INPUTS[rank] }],
    pytorch: (layer) => {
      const size = (layer as AdaptivePooling).outputSize;
      return weightlessCounterpart(
        `torch.nn.${torch}(${rank === 1 ? size[0] : `(${size.join(", ")})`})`,
      );
    },
    weightless: true,
    noWeights: () =>
      fixedOperation(
        `An adaptive pooling layer takes the ${OPERATIONS[op]} over windows it chooses so the ` +
          `output has the size asked for`,
      ),
  });
}

/** An adaptive pooling layer's constructor: the output size first (or the whole configuration). */
export type AdaptivePoolingConstructor = RankedConstructor<
  AdaptivePoolingArgs,
  "outputSize",
  AdaptivePooling
>;

function adaptiveClass(op: keyof typeof OPERATIONS, rank: number): AdaptivePoolingConstructor {
  return rankedClass(AdaptivePooling, rank, (rank, create) => adaptiveKind(op, rank, create));
}

/**
 * The average over windows of a sequence, chosen so the output has `outputSize` steps.
 *
 * @example keras.layers.AdaptiveAveragePooling1D(32) on (64, 3): (None, 32, 3), no parameters
 * ```ts
 * import { AdaptiveAveragePooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const pool = new AdaptiveAveragePooling1D(32, { inputShape: [64, 3] });
 * assert.deepEqual(pool.outputShape(), [null, 32, 3]);
 * assert.equal(pool.paramCount(), 0);
 * ```
 */
export const AdaptiveAveragePooling1D: AdaptivePoolingConstructor = adaptiveClass("Average", 1);
/**
 * The average over windows of an image, chosen so the output has `outputSize` rows and columns.
 *
 * @example
 * ```ts
 * import { AdaptiveAveragePooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new AdaptiveAveragePooling2D(7, { inputShape: [32, 32, 3] }).outputShape(), [null, 7, 7, 3]);
 * ```
 */
export const AdaptiveAveragePooling2D: AdaptivePoolingConstructor = adaptiveClass("Average", 2);
/**
 * The average over windows of a volume, chosen so the output has `outputSize` per axis.
 *
 * @example
 * ```ts
 * import { AdaptiveAveragePooling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const pool = new AdaptiveAveragePooling3D(2, { dataFormat: "channels_first", inputShape: [3, 16, 16, 16] });
 * assert.deepEqual(pool.outputShape(), [null, 3, 2, 2, 2]);
 * ```
 */
export const AdaptiveAveragePooling3D: AdaptivePoolingConstructor = adaptiveClass("Average", 3);
/**
 * The maximum over windows of a sequence, chosen so the output has `outputSize` steps.
 *
 * @example
 * ```ts
 * import { AdaptiveMaxPooling1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new AdaptiveMaxPooling1D(5, { inputShape: [null, 3] }).outputShape(), [null, 5, 3]);
 * ```
 */
export const AdaptiveMaxPooling1D: AdaptivePoolingConstructor = adaptiveClass("Max", 1);
/**
 * The maximum over windows of an image, chosen so the output has `outputSize` rows and columns.
 *
 * @example keras.layers.AdaptiveMaxPooling2D((8, 4)) on (32, 32, 3): (None, 8, 4, 3)
 * ```ts
 * import { AdaptiveMaxPooling2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new AdaptiveMaxPooling2D([8, 4], { inputShape: [32, 32, 3] }).outputShape(), [null, 8, 4, 3]);
 * ```
 */
export const AdaptiveMaxPooling2D: AdaptivePoolingConstructor = adaptiveClass("Max", 2);
/**
 * The maximum over windows of a volume, chosen so the output has `outputSize` per axis.
 *
 * @example
 * ```ts
 * import { AdaptiveMaxPooling3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new AdaptiveMaxPooling3D(1, { inputShape: [4, 4, 4, 2] }).outputShape(), [null, 1, 1, 1, 2]);
 * ```
 */
export const AdaptiveMaxPooling3D: AdaptivePoolingConstructor = adaptiveClass("Max", 3);

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { POOLING_KINDS } from "./pooling.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(POOLING_KINDS.map((kind) => kind.className), ["MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D", "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D", "AdaptiveAveragePooling1D", "AdaptiveAveragePooling2D", "AdaptiveAveragePooling3D", "AdaptiveMaxPooling1D", "AdaptiveMaxPooling2D", "AdaptiveMaxPooling3D"]);
 * ```
 */
export const POOLING_KINDS: readonly LayerKind[] = [
  MaxPooling1D.kind,
  MaxPooling2D.kind,
  MaxPooling3D.kind,
  AveragePooling1D.kind,
  AveragePooling2D.kind,
  AveragePooling3D.kind,
  GlobalAveragePooling1D.kind,
  GlobalAveragePooling2D.kind,
  GlobalAveragePooling3D.kind,
  GlobalMaxPooling1D.kind,
  GlobalMaxPooling2D.kind,
  GlobalMaxPooling3D.kind,
  AdaptiveAveragePooling1D.kind,
  AdaptiveAveragePooling2D.kind,
  AdaptiveAveragePooling3D.kind,
  AdaptiveMaxPooling1D.kind,
  AdaptiveMaxPooling2D.kind,
  AdaptiveMaxPooling3D.kind,
];
