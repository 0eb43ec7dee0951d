/**
 * Preprocessing layers that sit in a model: Rescaling (a fixed `x × scale + offset`) and
 * Normalization (`(x - mean) / √variance` with statistics that `adapt()` computes from data, kept
 * as non-trainable weights, or given as constants).
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { AxisMeaning, InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { keepsShape } from "./reading.ts";
import { opt, type Option } from "./options.ts";
import { ShapeKeeping } from "./shape_keeping.ts";

/**
 * A number, or a list (of lists…) of numbers, as NumPy would take it: Rescaling's scale and
 * offset, Normalization's mean and variance.
 */
export type NumberArray = number | readonly NumberArray[];

/**
 * The shape of a number or a rectangular nested list of finite numbers, as `np.shape` gives it.
 *
 * @param value Anything.
 * @returns The shape (`[]` for a number), or `undefined` when the value is not such an array.
 */
function arrayShape(value: unknown): number[] | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? [] : undefined;
  if (!Array.isArray(value) || value.length === 0) return undefined;
  const inner = arrayShape(value[0]);
  if (inner === undefined) return undefined;
  for (const item of value) {
    const shape = arrayShape(item);
    if (shape === undefined || shape.join() !== inner.join()) return undefined;
  }
  return [value.length, ...inner];
}

function numbers(fallback?: NumberArray | null): Option<NumberArray | null> {
  return opt.custom<NumberArray | null>(
    fallback === null
      ? "a number, a list of numbers, or null"
      : "a number or a list of numbers (one per channel)",
    (v) => (fallback === null && v === null) || arrayShape(v) !== undefined,
    fallback,
  );
}

/** Arguments of {@linkcode Rescaling}. */
export interface RescalingArgs extends LayerArgs {
  /** The factor every value is multiplied by, e.g. `1 / 255`; or one per channel. */
  readonly scale: NumberArray;
  /**
   * The value added after scaling; or one per channel.
   * @default {0}
   */
  readonly offset?: NumberArray;
}

const RESCALING_OPTIONS = { scale: numbers(), offset: numbers(0) };

/**
 * Multiplies every value by `scale` and adds `offset`: `Rescaling(1 / 255)` maps pixels from
 * [0, 255] to [0, 1]. Both are chosen, not learned: no parameters, same shape.
 *
 * @example
 * ```ts
 * import { Rescaling } from "../../mod.ts";
 * import assert from "assert";
 *
 * const rescale = new Rescaling(1 / 127.5, { offset: -1, inputShape: [224, 224, 3] });
 * assert.equal(rescale.paramCount(), 0);
 * assert.deepEqual(rescale.outputShape(), [null, 224, 224, 3]);
 * ```
 */
export class Rescaling extends ShapeKeeping {
  /** The declaration of Keras's `Rescaling`. */
  static readonly kind: LayerKind = defineKind({
    className: "Rescaling",
    family: "preprocessing",
    summary: "x × scale + offset with a fixed scale and offset; no weights.",
    options: RESCALING_OPTIONS,
    positional: "scale",
    create: (config) => new Rescaling(config as unknown as RescalingArgs),
    read: keepsShape({ scale: 1 }),
    tfjs: {
      factory: "rescaling",
      args: (layer) => ({ scale: layer.config.scale, offset: layer.config.offset }),
      refuse: (layer) =>
        typeof layer.config.scale === "number" && typeof layer.config.offset === "number"
          ? undefined
          : `Layer "${layer.name}" (Rescaling) has a scale or offset per channel, which ` +
            `TensorFlow.js's Rescaling does not take (one number each)`,
    },
    weightless: true,
    noWeights: (layer) =>
      `Rescaling computes x × ${formatNumbers(layer.config.scale)} + ${
        formatNumbers(layer.config.offset)
      } with a scale and offset that are chosen, not learned, so it has no weights.`,
  });
  /** The factor every value is multiplied by. */
  readonly scale: NumberArray;
  /** The value added after scaling. */
  readonly offset: NumberArray;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param scale The factor, or the whole configuration.
   * @param args The rest of the configuration, when `scale` came first.
   */
  constructor(scale: NumberArray | RescalingArgs, args?: Omit<RescalingArgs, "scale">) {
    super(positional(Rescaling.kind, scale, args), Rescaling.kind);
    const c = this.options(RESCALING_OPTIONS);
    this.scale = c.scale!;
    this.offset = c.offset!;
  }
}

function formatNumbers(value: unknown): string {
  return typeof value === "number" ? String(value) : describeValue(value);
}

/** Arguments of {@linkcode Normalization}. */
export interface NormalizationLayerArgs extends LayerArgs {
  /**
   * The axis (or axes) that keep a separate mean and variance for each index; `null` (or `[]`)
   * for one mean and variance over everything.
   * @default {-1}
   */
  readonly axis?: number | readonly number[] | null;
  /**
   * The mean, given instead of computed by `adapt()`; with it, the layer has no weights.
   * @default {null}
   */
  readonly mean?: NumberArray | null;
  /**
   * The variance; given together with `mean`.
   * @default {null}
   */
  readonly variance?: NumberArray | null;
  /**
   * Undo a normalization instead: `mean + x × √variance`.
   * @default {false}
   */
  readonly invert?: boolean;
}

const PREPROCESSING_NORMALIZATION_OPTIONS = {
  axis: {
    ...opt.custom<number | readonly number[] | null>(
      "an integer axis, a list of them, or null",
      (v) =>
        v === null || Number.isSafeInteger(v) ||
        Array.isArray(v) && v.every((a) => Number.isSafeInteger(a)),
      -1,
    ),
    nullInJson: true,
  },
  mean: numbers(null),
  variance: numbers(null),
  invert: opt.bool(false),
};

/**
 * Normalizes features to mean 0 and variance 1 with statistics of the data: `(x - mean) /
 * √variance`. `adapt()` in Keras computes them and stores them as three non-trainable weights:
 * `mean` and `variance` (one value per index of the kept axes) and `count` (one number, the
 * samples seen). Given `mean` and `variance` in the configuration, it keeps them as constants
 * and has no weights.
 *
 * @example 5 features: 5 means, 5 variances and a count, all non-trainable
 * ```ts
 * import { Normalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * const norm = new Normalization({ inputShape: [10, 5] });
 * assert.deepEqual(norm.weights().map((w) => [w.name, w.shape]), [
 *   ["mean", [5]],
 *   ["variance", [5]],
 *   ["count", []],
 * ]);
 * assert.equal(norm.nonTrainableParamCount(), 11);
 * assert.equal(new Normalization({ mean: 3, variance: 2, inputShape: [5] }).paramCount(), 0);
 * ```
 */
export class Normalization extends Layer {
  /** The declaration of Keras's `Normalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "Normalization",
    // Elementwise work and lookups only: no matrix products.
    macs: noMacs,
    family: "preprocessing",
    summary: "(x - mean) / √variance with statistics of the data: mean, variance and count " +
      "non-trainable.",
    options: PREPROCESSING_NORMALIZATION_OPTIONS,
    positional: "axis",
    create: (config) => new Normalization(config as NormalizationLayerArgs),
    read: {
      // Adapted, it keeps a mean, a variance and a count per kept feature: the last axis by
      // default, any other set of the sample's axes, or none (`axis=None` keeps 3 scalars); given
      // its statistics, it keeps them as constants: 0 parameters. Over an input of known batch
      // and at most 6 axes, every set of axes is tried: that is every configuration.
      partial: true,
      completeFor: (row) => {
        const input = row.input ?? row.out;
        return input !== null && input[0] === null && input.length <= 6;
      },
      candidates: (row) => {
        const input = row.input ?? row.out;
        if (!input) return [];
        const axes = input.slice(1).map((_, i) => i + 1);
        const sets: number[][] = [];
        if (input.length <= 6) {
          for (let mask = 1; mask < 1 << axes.length; mask++) {
            const set = axes.filter((_, i) => (mask & (1 << i)) !== 0);
            const last = set.length === 1 && set[0] === input.length - 1;
            if (!last && set.every((a) => input[a] !== null)) sets.push(set);
          }
        } else {
          sets.push(...axes.slice(0, -1).map((axis) => [axis]));
        }
        return [
          { config: {}, input },
          { config: { axis: null }, input },
          ...sets.map((set) => ({
            config: { axis: set.length === 1 ? set[0] : set },
            input,
            unusual: true,
          })),
          {
            config: { mean: 0, variance: 1 },
            input,
            unread: ["mean", "variance"],
            assumption: `0 parameters: the layer was given its mean and variance, which Keras ` +
              `keeps as constants, not weights.`,
          },
        ];
      },
      lastSizes: (input) => {
        const last = input.at(-1);
        return typeof last === "number" ? [last] : [];
      },
    },
    noWeights: () =>
      "Normalization was given its mean and variance, so it keeps them as constants rather " +
      "than weights; (x - mean) / √variance then has nothing to learn or adapt.",
  });
  /** The kept axes, as given (negative counts from the end); empty for one scalar mean. */
  readonly axes: readonly number[];
  /** The given mean, or `null` when `adapt()` computes it. */
  readonly mean: NumberArray | null;
  /** The given variance, or `null`. */
  readonly variance: NumberArray | null;
  /** Whether the layer undoes a normalization. */
  readonly invert: boolean;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param axis The kept axis or axes, or the whole configuration.
   * @param args The rest of the configuration, when the axis came first.
   * @throws {TypeError} When only one of `mean` and `variance` is given, their shapes differ,
   * or `mean` has more axes than `axis` keeps.
   */
  constructor(
    axis?: number | readonly number[] | null | NormalizationLayerArgs,
    args?: Omit<NormalizationLayerArgs, "axis">,
  ) {
    super(positional(Normalization.kind, axis, args), Normalization.kind);
    const c = this.options(PREPROCESSING_NORMALIZATION_OPTIONS);
    this.axes = c.axis === null ? [] : typeof c.axis === "number" ? [c.axis] : [...c.axis];
    this.mean = c.mean;
    this.variance = c.variance;
    this.invert = c.invert;
    if ((this.mean === null) !== (this.variance === null)) {
      throw new TypeError(
        `Invalid configuration for Normalization: give both mean and variance, or neither; ` +
          `received mean ${describeValue(this.mean)} and variance ${describeValue(this.variance)}`,
      );
    }
    if (this.mean !== null) {
      const meanShape = arrayShape(this.mean)!;
      const varianceShape = arrayShape(this.variance)!;
      if (meanShape.join() !== varianceShape.join()) {
        throw new TypeError(
          `Invalid configuration for Normalization: mean and variance must have the same ` +
            `shape; received mean of shape ${formatShape(meanShape)} and variance of shape ` +
            `${formatShape(varianceShape)}`,
        );
      }
      if (meanShape.length > this.axes.length) {
        throw new TypeError(
          `Invalid mean for Normalization: its rank must be at most the number of axes ` +
            `(${this.axes.length}); received mean of shape ${formatShape(meanShape)} for ` +
            `axis ${formatShape(this.axes)}`,
        );
      }
    }
  }

  /** What input the layer accepts: any rank (the axes are checked when it is built). */
  protected get inputSpec(): InputSpec {
    return {};
  }

  /** The kept axes as indexes of the input shape, sorted, checked as Keras's `build` does. */
  #keptAxes(inputShape: Shape): number[] {
    const ndim = inputShape.length;
    const bad = this.axes.find((a) => a < -ndim || a >= ndim);
    if (bad !== undefined) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Invalid axis ${bad} for layer "${this.name}": every axis must be in the range ` +
          `[-ndim, ndim), and the input has ndim=${ndim}. Full shape received: ${
            formatShape(inputShape)
          }`,
      );
    }
    const kept = this.axes.map((a) => (a < 0 ? a + ndim : a)).sort((a, b) => a - b);
    for (const d of kept) {
      if (inputShape[d] === null) {
        throw new IncompatibleShapeError(
          this.name,
          inputShape,
          `Input 0 of layer "${this.name}" is incompatible with the layer: axis ${d} is kept ` +
            `(axis ${formatShape(this.axes)}), so its size must be known, found None. Full ` +
            `shape received: ${formatShape(inputShape)}`,
        );
      }
    }
    return kept;
  }

  /** Checks that the given mean broadcasts to the kept axes, as Keras's `build` does. */
  #checkBroadcast(inputShape: Shape, kept: readonly number[]): void {
    const meanShape = arrayShape(this.mean)!;
    const expanded = inputShape.map(() => 1);
    for (let i = 1; i <= meanShape.length; i++) {
      expanded[kept[kept.length - i]] = meanShape[meanShape.length - i];
    }
    const target = inputShape.map((d, i) => (kept.includes(i) ? d as number : 1));
    if (expanded.some((d, i) => d !== 1 && d !== target[i])) {
      throw new IncompatibleShapeError(
        this.name,
        inputShape,
        `Invalid mean for layer "${this.name}": a mean and variance of shape ` +
          `${formatShape(meanShape)} cannot be broadcast to the kept axes' shape ${
            formatShape(kept.map((d) => inputShape[d]))
          }. Full shape received: ${formatShape(inputShape)}`,
      );
    }
  }

  /** The weight tensors: `mean`, `variance` and `count`, or none when the mean was given. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const kept = this.#keptAxes(inputShape);
    if (this.mean !== null) {
      this.#checkBroadcast(inputShape, kept);
      return [];
    }
    const shape = kept.map((d) => inputShape[d] as number);
    const last = inputShape.length - 1;
    const axes: AxisMeaning[] = kept.map((d) =>
      kept.length === 1 && d === last
        ? { symbol: "f", meaning: "features on the last axis" }
        : { symbol: `d${d}`, meaning: `indexes of input axis ${d}` }
    );
    return [
      { name: "mean", shape, trainable: false, axes },
      { name: "variance", shape, trainable: false, axes },
      // Keras keeps the count as an integer (int32), whatever the layer's dtype.
      { name: "count", shape: [], trainable: false, axes: [], dtype: "int32" },
    ];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { PREPROCESSING_KINDS } from "./preprocessing.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(PREPROCESSING_KINDS.map((kind) => kind.className), ["Rescaling", "Normalization"]);
 * ```
 */
export const PREPROCESSING_KINDS: readonly LayerKind[] = [
  Rescaling.kind,
  Normalization.kind,
];
