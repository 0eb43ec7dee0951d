/**
 * Parameter counts over ranges of units and input features: the numbers behind the plots of how
 * a layer's size grows. Every count comes from building a real layer and summing its weights,
 * and every formula from that layer's `explain()`, never from a formula written here, so a sweep
 * cannot disagree with the layer classes.
 *
 * A layer is built on a sequence of unknown length, `(batch, time, features)`: recurrent layers
 * need the time axis, and a Dense layer applies to the last axis, so its count is the same as on
 * `(batch, features)`. The count never depends on the time axis.
 *
 * @example LSTM against Dense on 13 input features
 * ```ts
 * import { countParams, LAYER_FACTORIES } from "./sweep.ts";
 * import assert from "assert";
 *
 * const lstm = countParams(LAYER_FACTORIES.LSTM, { units: 5, features: 13 });
 * assert.equal(lstm.params, 380);
 * assert.equal(lstm.formula, "4*(13*5 + 5*5 + 5)");
 * assert.equal(countParams(LAYER_FACTORIES.Dense, { units: 5, features: 13 }).params, 70);
 * ```
 *
 * @module
 */

import { describeValue } from "./errors.ts";
import type { Layer } from "./layers/base.ts";
import { findKind, layerKinds } from "./layers/registry.ts";
import { explainLayer } from "./explain/mod.ts";
import { expectArray, expectFunction, expectObject } from "./guard.ts";

/**
 * Makes a new, unbuilt layer with the given number of units, e.g. `(units) => new LSTM({ units })`.
 * A sweep calls it once per point.
 */
export type LayerFactory = (units: number) => Layer;

/**
 * A factory for a layer kind whose first argument is its units (Dense and the recurrent layers),
 * with other options fixed.
 *
 * @param className The Keras class name, e.g. `"GRU"`.
 * @param options Options every layer of the sweep gets, e.g. `{ resetAfter: false }`.
 * @returns The factory.
 * @throws {TypeError} When the class is unknown, or its kind does not take units first
 * ("not supported for Conv2D"), or an option is invalid.
 *
 * @example A GRU without Keras's second bias row
 * ```ts
 * import { countParams, layerFactory } from "./sweep.ts";
 * import assert from "assert";
 *
 * const classic = layerFactory("GRU", { resetAfter: false });
 * assert.equal(countParams(classic, { units: 5, features: 13 }).params, 3 * (65 + 25 + 5));
 * assert.throws(() => layerFactory("Conv2D"), /not supported for Conv2D/);
 * ```
 */
export function layerFactory(
  className: string,
  options: Readonly<Record<string, unknown>> = {},
): LayerFactory {
  const kind = findKind(className);
  if (!kind) {
    throw new TypeError(
      `Unknown layer class ${JSON.stringify(className)}: sweeps take ${
        Object.keys(LAYER_FACTORIES).join(", ")
      }`,
    );
  }
  if (kind.positional !== "units") {
    throw new TypeError(
      `Sweeping units is not supported for ${kind.className}: its first argument is ${
        kind.positional ?? "none"
      }, not units`,
    );
  }
  kind.create({ ...options, units: 1 }); // refuse a bad option now, not at the first point
  return (units) => kind.create({ ...options, units });
}

/**
 * Every layer kind that takes units as its first argument (Dense, SimpleRNN, LSTM, GRU), each
 * with Keras's defaults (GRU with `resetAfter: true`, so its bias has two rows), by class name.
 *
 * @example
 * ```ts
 * import { LAYER_FACTORIES } from "./sweep.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(Object.keys(LAYER_FACTORIES).sort(), ["Dense", "GRU", "LSTM", "SimpleRNN"]);
 * assert.equal(LAYER_FACTORIES.GRU(8).className, "GRU");
 * ```
 */
export const LAYER_FACTORIES: Readonly<Record<string, LayerFactory>> = Object.fromEntries(
  layerKinds()
    // Layers that take units first and read a sequence's features (RNN cells are parts of an
    // RNN layer, not layers a sweep builds on a sequence).
    .filter((kind) => kind.positional === "units" && kind.inputSize !== undefined)
    .map((kind) => [kind.className, (units: number) => kind.create({ units })]),
);

/** One layer size and what it costs. */
export interface ParamPoint {
  /** The layer's units. */
  readonly units: number;
  /** The input features per time step. */
  readonly features: number;
  /** The layer's parameter count. */
  readonly params: number;
  /**
   * How the weights add up to `params`, as the LSTM Q&As write it beside a summary row, e.g.
   * `"4*(13*5 + 5*5 + 5)"`: the layer's `explain().annotation`.
   */
  readonly formula: string;
}

/** Which layer size to count. */
export interface LayerSize {
  /** The layer's units. */
  readonly units: number;
  /** The input features per time step. */
  readonly features: number;
}

/**
 * Counts the parameters of one layer size.
 *
 * @param factory Makes the layer, e.g. {@linkcode LAYER_FACTORIES}`.LSTM`.
 * @param size The units and the input features.
 * @returns The size, its count and the formula.
 * @throws {TypeError} When the factory does not return a new, unbuilt layer.
 * @throws {RangeError} When units or features is not a positive integer.
 *
 * @example "Analysing the number of neurons in an LSTM": LSTM(10) on 5 features per step
 * ```ts
 * import { countParams, LAYER_FACTORIES } from "./sweep.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(countParams(LAYER_FACTORIES.LSTM, { units: 10, features: 5 }), {
 *   units: 10,
 *   features: 5,
 *   params: 640,
 *   formula: "4*(5*10 + 10*10 + 10)",
 * });
 * ```
 */
export function countParams(factory: LayerFactory, size: LayerSize): ParamPoint {
  expectFunction(
    "countParams",
    "its factory",
    factory,
    "a function from units to a layer (units) => new LSTM(units)",
  );
  expectObject("countParams", "its size", size, "{ units, features }");
  const layer = buildFor(factory, size);
  return {
    units: size.units,
    features: size.features,
    params: layer.paramCount(),
    formula: explainLayer(layer).annotation,
  };
}

function buildFor(factory: LayerFactory, { units, features }: LayerSize): Layer {
  const layer = factory(units);
  if (typeof layer !== "object" || layer === null || typeof layer.build !== "function") {
    throw new TypeError(
      `A layer factory must return a layer such as new LSTM({ units }), received ${
        describeValue(layer)
      }`,
    );
  }
  if (layer.built) {
    throw new TypeError(
      `A layer factory must return a new, unbuilt layer on every call; "${layer.name}" is ` +
        `already built for ${JSON.stringify(layer.inputShape())}`,
    );
  }
  return layer.build([null, null, features]);
}

/**
 * Counts a layer for several unit counts on the same input.
 *
 * @param factory Makes the layer.
 * @param features The input features per time step.
 * @param units The unit counts, in the order wanted.
 * @returns One point per unit count.
 *
 * @example LSTM on 1 feature, as in "Keras: Understanding the number of trainable LSTM
 * parameters" and the blog post on LSTM counts and TimeDistributed
 * ```ts
 * import { LAYER_FACTORIES, sweepUnits } from "./sweep.ts";
 * import assert from "assert";
 *
 * const points = sweepUnits(LAYER_FACTORIES.LSTM, 1, [5, 10]);
 * assert.deepEqual(points.map((p) => p.params), [140, 480]);
 * ```
 */
export function sweepUnits(
  factory: LayerFactory,
  features: number,
  units: readonly number[],
): ParamPoint[] {
  expectFunction(
    "sweepUnits",
    "its factory",
    factory,
    "a function from units to a layer (units) => new LSTM(units)",
  );
  expectArray("sweepUnits", "its units", units, "a list of unit counts");
  return units.map((u) => countParams(factory, { units: u, features }));
}

/**
 * Counts a layer of fixed units for several input sizes.
 *
 * @param factory Makes the layer.
 * @param units The layer's units.
 * @param features The input features per time step, in the order wanted.
 * @returns One point per input size.
 *
 * @example Why a second LSTM(5) has fewer parameters than the first: 13 features, then the
 * first LSTM's 5 outputs
 * ```ts
 * import { LAYER_FACTORIES, sweepFeatures } from "./sweep.ts";
 * import assert from "assert";
 *
 * const points = sweepFeatures(LAYER_FACTORIES.LSTM, 5, [13, 5]);
 * assert.deepEqual(points.map((p) => p.params), [380, 220]);
 * ```
 */
export function sweepFeatures(
  factory: LayerFactory,
  units: number,
  features: readonly number[],
): ParamPoint[] {
  expectFunction(
    "sweepFeatures",
    "its factory",
    factory,
    "a function from units to a layer (units) => new LSTM(units)",
  );
  expectArray("sweepFeatures", "its features", features, "a list of feature counts");
  return features.map((f) => countParams(factory, { units, features: f }));
}

/** Counts for every pair of units and input features, laid out for a heatmap. */
export interface ParamGrid {
  /** The unit counts: the columns. */
  readonly units: readonly number[];
  /** The input sizes: the rows. */
  readonly features: readonly number[];
  /** `params[row][column]`: the count for `features[row]` and `units[column]`. */
  readonly params: readonly (readonly number[])[];
  /** The formulas, laid out like `params`, when asked for with `{ formulas: true }`. */
  readonly formulas?: readonly (readonly string[])[];
}

/** Options of {@linkcode countGrid}. */
export interface CountGridOptions {
  /**
   * Also give every cell's formula (the layer's `explain().annotation`), e.g. for hover text.
   * Each costs an explanation, microseconds, so leave it off for large grids.
   * @default {false}
   */
  readonly formulas?: boolean;
}

/**
 * A layer's count as a function of its input features, read off its weights. The features are
 * one dimension of one weight tensor (the kernel) and appear nowhere else, so the count is
 * `intercept + slope × features`: two builds give both, and a third, at the largest size asked
 * for, checks the line (and that the largest count is exact). A layer that broke the rule would
 * be counted point by point instead.
 */
function countsOverFeatures(
  factory: LayerFactory,
  units: number,
  features: readonly number[],
): number[] {
  const at = (n: number) => buildFor(factory, { units, features: n }).paramCount();
  const intercept0 = at(1);
  const slope = at(2) - intercept0;
  const intercept = intercept0 - slope;
  let largest = 0;
  for (const n of features) {
    if (!Number.isSafeInteger(n) || n < 1) at(n); // let the layer say what is wrong with n
    if (n > largest) largest = n;
  }
  if (largest > 2 && at(largest) !== intercept + slope * largest) {
    return features.map(at);
  }
  return features.map((n) => intercept + slope * n);
}

/**
 * Counts a layer for every pair of unit count and input size: one row per input size, one
 * column per unit count, as {@linkcode heatmapFigure} in `lib/plot.ts` takes them. Each unit
 * count's layer is built three times, whatever the number of input sizes: the count is affine
 * in the input features (they are one dimension of the kernel), so the slope and intercept read
 * off two builds give every row, and a build at the largest size checks them.
 *
 * @param factory Makes the layer.
 * @param units The unit counts (columns).
 * @param features The input sizes (rows).
 * @param options Whether to add every cell's formula.
 * @returns The counts, and the formulas when asked for.
 *
 * @example LSTM counts for two input sizes and three unit counts
 * ```ts
 * import { countGrid, LAYER_FACTORIES } from "./sweep.ts";
 * import assert from "assert";
 *
 * const grid = countGrid(LAYER_FACTORIES.LSTM, [5, 10, 20], [1, 13], { formulas: true });
 * assert.deepEqual(grid.params, [[140, 480, 1760], [380, 960, 2720]]);
 * assert.equal(grid.formulas?.[1][0], "4*(13*5 + 5*5 + 5)");
 * ```
 */
export function countGrid(
  factory: LayerFactory,
  units: readonly number[],
  features: readonly number[],
  options: CountGridOptions = {},
): ParamGrid {
  expectFunction(
    "countGrid",
    "its factory",
    factory,
    "a function from units to a layer (units) => new LSTM(units)",
  );
  expectArray("countGrid", "its units", units, "a list of unit counts");
  expectArray("countGrid", "its features", features, "a list of feature counts");
  expectObject("countGrid", "its options", options);
  const columns = units.map((u) => countsOverFeatures(factory, u, features));
  const params = features.map((_, row) => columns.map((column) => column[row]));
  return {
    units: [...units],
    features: [...features],
    params,
    ...(options.formulas
      ? { formulas: features.map((f) => sweepUnits(factory, f, units).map((p) => p.formula)) }
      : {}),
  };
}
