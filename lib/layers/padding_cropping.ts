/**
 * ZeroPadding1D/2D/3D and Cropping1D/2D/3D: an amount added or removed at the start and at the
 * end of each spatial axis. No weights.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { LayerArgs } from "./args.ts";
import type { Layer } from "./base.ts";
import { WeightlessSpatial } from "./weightless_spatial.ts";
import { DATA_FORMAT, type DataFormat, joinChannels, splitChannels } from "./window.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import type { Option, OptionTable } from "./options.ts";
import { tfjsDataFormat } from "./_bridge_args.ts";

/** Per spatial axis, what is added or removed at its start and at its end. */
export type Margins = readonly (readonly [number, number])[];

/**
 * The options `padding` and `cropping`: an integer for every side, one integer per axis (both
 * sides), or a `[start, end]` pair per axis; in 1D an integer or one `[start, end]` pair. The
 * value is kept in Keras's config form: `[start, end]` in 1D, a pair per axis otherwise.
 */
function marginsOption(rank: number, fallback: number): Option<readonly unknown[]> {
  const expected = rank === 1
    ? "an integer ≥ 0 or a [start, end] pair of them"
    : `an integer ≥ 0, a list of ${rank} of them (one per axis), or a list of ${rank} ` +
      `[start, end] pairs`;
  const toForm = (pairs: number[][]) => rank === 1 ? pairs[0] : pairs;
  const defaultForm = toForm(new Array(rank).fill(0).map(() => [fallback, fallback]));
  const isInt = (v: unknown): v is number => typeof v === "number" && Number.isSafeInteger(v);
  const pair = (v: unknown): number[] | undefined =>
    isInt(v) ? [v, v] : Array.isArray(v) && v.length === 2 && v.every(isInt) ? [...v] : undefined;
  return {
    expected,
    fallback: defaultForm,
    required: false,
    check(owner, key, value) {
      let pairs: number[][] | undefined;
      if (isInt(value)) pairs = new Array(rank).fill(0).map(() => [value, value]);
      else if (rank === 1) {
        const p = Array.isArray(value) ? pair(value) : undefined;
        pairs = p && [p];
      } else if (Array.isArray(value) && value.length === rank) {
        const each = value.map(pair);
        if (each.every((p) => p !== undefined)) pairs = each as number[][];
      }
      if (pairs === undefined) {
        throw new TypeError(
          `Invalid ${key} for ${owner}: expected ${expected}, received ${describeValue(value)}`,
        );
      }
      if (pairs.flat().some((v) => v < 0)) {
        throw new RangeError(
          `Invalid ${key} for ${owner}: expected ${expected}, received ${
            describeValue(value)
          } (a negative amount)`,
        );
      }
      const same = pairs.every((p) => p[0] === fallback && p[1] === fallback);
      return same ? defaultForm : toForm(pairs);
    },
  };
}

/** A margins option's value as one `[start, end]` pair per spatial axis. */
function marginsOf(value: unknown, rank: number): Margins {
  return (rank === 1 ? [value] : value) as Margins;
}

/** What zero padding and cropping share: a margin per axis, added or taken away. */
export abstract class SpatialMargins extends WeightlessSpatial {
  /** What is added (padding) or removed (cropping) at the start and end of each spatial axis. */
  readonly margins: Margins;
  readonly #sign: 1 | -1;

  /**
   * Reads the margins.
   *
   * @param args The layer's configuration.
   * @param kind The layer's kind.
   * @param rank The number of spatial axes.
   * @param key The option holding the margins: `"padding"` or `"cropping"`.
   */
  protected constructor(
    args: LayerArgs,
    kind: LayerKind,
    rank: number,
    key: "padding" | "cropping",
  ) {
    super(args, kind, rank);
    this.margins = marginsOf(this.config[key], rank);
    this.#sign = key === "padding" ? 1 : -1;
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const { spatial, channels } = splitChannels(inputShape, this.dataFormat);
    const out = spatial.map((d, i) =>
      d === null ? null : d + this.#sign * (this.margins[i][0] + this.margins[i][1])
    );
    if (out.some((d) => d !== null && d <= 0)) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Layer "${this.name}": the cropping must be smaller than the input on each spatial ` +
          `axis. Received: input_shape=${formatShape(inputShape)}, cropping=${
            this.rank === 1
              ? formatShape(this.margins[0])
              : `(${this.margins.map((m) => formatShape(m)).join(", ")})`
          }`,
      );
    }
    return joinChannels(inputShape[0], out, channels, this.dataFormat);
  }
}

/** Arguments of the zero padding layers. */
export interface ZeroPaddingArgs extends LayerArgs {
  /**
   * Zeros added: an integer for every side, one per spatial axis, or `[start, end]` per axis.
   * @default {1}
   */
  readonly padding?: number | readonly (number | readonly number[])[];
  /**
   * Where the channels axis is.
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
}

/** Arguments of the cropping layers. */
export interface CroppingArgs extends LayerArgs {
  /**
   * Values removed: an integer for every side, one per spatial axis, or `[start, end]` per
   * axis. Keras's defaults: 1 in 1D and 3D, 0 in 2D.
   */
  readonly cropping?: number | readonly (number | readonly number[])[];
  /**
   * Where the channels axis is (2D and 3D; Keras's Cropping1D has none).
   * @default {"channels_last"}
   */
  readonly dataFormat?: DataFormat;
}

/** A zero padding or cropping layer's constructor: the margins first, or the whole config. */
export type MarginsConstructor<A> = {
  /** The declaration of the Keras class. */
  readonly kind: LayerKind;
  /**
   * Creates the layer, checking its configuration.
   *
   * @param margins The padding or cropping, or the whole configuration.
   * @param args The rest of the configuration, when the margins came first.
   */
  new (margins?: number | readonly (number | readonly number[])[] | A, args?: A): SpatialMargins;
};

function tfjsPairs(layer: Layer): number[][] {
  return (layer as SpatialMargins).margins.map((m) => [...m]);
}

function zeroPaddingClass(rank: number): MarginsConstructor<ZeroPaddingArgs> {
  const options = { padding: marginsOption(rank, 1), dataFormat: DATA_FORMAT };
  const ZeroPaddingClass = class extends SpatialMargins {
    static readonly kind: LayerKind = defineKind({
      className: `ZeroPadding${rank}D`,
      family: "reshaping",
      summary: `Adds zeros around the ${rank}D input on each spatial axis; no weights.`,
      options,
      positional: "padding",
      create: (config) => new ZeroPaddingClass(config as ZeroPaddingArgs),
      tfjs: rank !== 2 ? undefined : {
        factory: "zeroPadding2d",
        args: (layer) => ({
          padding: tfjsPairs(layer),
          dataFormat: tfjsDataFormat((layer as SpatialMargins).dataFormat),
        }),
      },
      weightless: true,
      noWeights: () =>
        "Zero padding adds zeros at the borders of each spatial axis: a fixed operation, so " +
        "nothing is learned and it has no weights. It changes the shape, not the count.",
    });
    constructor(
      padding?: number | readonly (number | readonly number[])[] | ZeroPaddingArgs,
      args?: ZeroPaddingArgs,
    ) {
      super(
        positional(ZeroPaddingClass.kind, padding, args),
        ZeroPaddingClass.kind,
        rank,
        "padding",
      );
    }
  };
  return ZeroPaddingClass;
}

function croppingClass(rank: number): MarginsConstructor<CroppingArgs> {
  const cropping = marginsOption(rank, rank === 2 ? 0 : 1);
  // Keras's Cropping1D has no data_format.
  const options: OptionTable = rank === 1 ? { cropping } : { cropping, dataFormat: DATA_FORMAT };
  const CroppingClass = class extends SpatialMargins {
    static readonly kind: LayerKind = defineKind({
      className: `Cropping${rank}D`,
      family: "reshaping",
      summary: `Removes values at the borders of the ${rank}D input on each spatial axis; no ` +
        `weights.`,
      options,
      positional: "cropping",
      create: (config) => new CroppingClass(config as CroppingArgs),
      tfjs: rank !== 2 ? undefined : {
        factory: "cropping2D",
        args: (layer) => ({
          cropping: tfjsPairs(layer),
          dataFormat: tfjsDataFormat((layer as SpatialMargins).dataFormat),
        }),
      },
      weightless: true,
      noWeights: () =>
        "Cropping removes values at the borders of each spatial axis: a fixed operation, so " +
        "nothing is learned and it has no weights. It changes the shape, not the count.",
    });
    constructor(
      margins?: number | readonly (number | readonly number[])[] | CroppingArgs,
      args?: CroppingArgs,
    ) {
      super(positional(CroppingClass.kind, margins, args), CroppingClass.kind, rank, "cropping");
    }
  };
  return CroppingClass;
}

/**
 * Adds zeros at the start and end of a sequence: (batch, steps, channels).
 *
 * @example
 * ```ts
 * import { ZeroPadding1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new ZeroPadding1D([1, 2], { inputShape: [10, 4] }).outputShape(), [null, 13, 4]);
 * ```
 */
export const ZeroPadding1D: MarginsConstructor<ZeroPaddingArgs> = zeroPaddingClass(1);
/**
 * Adds rows and columns of zeros around an image.
 *
 * @example
 * ```ts
 * import { ZeroPadding2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * const pad = new ZeroPadding2D([[1, 2], [3, 4]], { inputShape: [28, 28, 3] });
 * assert.deepEqual(pad.outputShape(), [null, 31, 35, 3]);
 * assert.equal(pad.paramCount(), 0);
 * ```
 */
export const ZeroPadding2D: MarginsConstructor<ZeroPaddingArgs> = zeroPaddingClass(2);
/**
 * Adds zeros around a volume.
 *
 * @example
 * ```ts
 * import { ZeroPadding3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new ZeroPadding3D({ inputShape: [4, 4, 4, 1] }).outputShape(), [null, 6, 6, 6, 1]);
 * ```
 */
export const ZeroPadding3D: MarginsConstructor<ZeroPaddingArgs> = zeroPaddingClass(3);
/**
 * Removes steps at the start and end of a sequence (by default one at each end).
 *
 * @example
 * ```ts
 * import { Cropping1D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Cropping1D({ inputShape: [10, 4] }).outputShape(), [null, 8, 4]);
 * ```
 */
export const Cropping1D: MarginsConstructor<CroppingArgs> = croppingClass(1);
/**
 * Removes rows and columns at the borders of an image (by default none: Keras's default
 * cropping in 2D is 0).
 *
 * @example
 * ```ts
 * import { Cropping2D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Cropping2D([2, 4], { inputShape: [28, 28, 3] }).outputShape(), [null, 24, 20, 3]);
 * ```
 */
export const Cropping2D: MarginsConstructor<CroppingArgs> = croppingClass(2);
/**
 * Removes values at the borders of a volume (by default one at each end of each axis).
 *
 * @example
 * ```ts
 * import { Cropping3D } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new Cropping3D({ inputShape: [6, 6, 6, 2] }).outputShape(), [null, 4, 4, 4, 2]);
 * ```
 */
export const Cropping3D: MarginsConstructor<CroppingArgs> = croppingClass(3);

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { PADDING_CROPPING_KINDS } from "./padding_cropping.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(PADDING_CROPPING_KINDS.map((kind) => kind.className), ["ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Cropping1D", "Cropping2D", "Cropping3D"]);
 * ```
 */
export const PADDING_CROPPING_KINDS: readonly LayerKind[] = [
  ZeroPadding1D.kind,
  ZeroPadding2D.kind,
  ZeroPadding3D.kind,
  Cropping1D.kind,
  Cropping2D.kind,
  Cropping3D.kind,
];
