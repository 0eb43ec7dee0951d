/**
 * The reverse question: given a layer's configuration and its parameter count, what input size
 * produced it? The answer to "Why does the first LSTM in a Keras model have more params than the
 * subsequent one?" does this by hand to find the 13 features behind 380.
 *
 * The count is never solved from a formula written here: the layer is built (by our Keras-exact
 * classes) for input sizes 1 and 2, and since a layer's count grows by the same amount with each
 * extra input feature, those two counts give every other; the answer is then built once more and
 * checked.
 *
 * @module
 */

import { describeValue } from "./errors.ts";
import type { Layer } from "./layers/base.ts";
import type { LayerKind } from "./layers/kind.ts";
import { findKind, type LayerConfig, layerFromConfig } from "./layers/registry.ts";
import { article } from "./layers/reading.ts";
import type { Shape } from "./shape.ts";

/**
 * A layer configuration whose input size is sought, without the count: the library's one
 * format, {@linkcode LayerConfig} (`{ className: "LSTM", units: 5 }`, a wrapped layer nested
 * under `layer`).
 */
export type LayerSpec = LayerConfig;

/** A layer configuration and its parameter count. */
export type InferenceQuery = LayerSpec & {
  /** The parameter count, as printed in a summary. */
  readonly params: number;
};

/** One input size and the count it gives. */
export interface Achievable {
  /** The input size (features, channels, or vocabulary size for Embedding). */
  readonly inputSize: number;
  /** The parameter count the layer has with it. */
  readonly params: number;
}

/** What {@linkcode nearestInputSizes} finds. */
export interface NearestInputSizes {
  /** The input size that gives exactly the count, if one does. */
  readonly exact?: number;
  /** The largest input size whose count is below the given count. */
  readonly below?: Achievable;
  /** The smallest input size whose count is above the given count. */
  readonly above?: Achievable;
  /** How much the count grows with each extra unit of input size. */
  readonly step: number;
}

/**
 * Finds the input size that gives a layer a parameter count, or the nearest ones that come
 * closest when none does.
 *
 * @param query The layer's configuration and its count.
 * @returns The exact input size if there is one, and the achievable counts either side.
 * @throws {RangeError} When the count is not a non-negative integer, or the count does not depend
 * on the input size (a layer without weights on the input axis).
 * @throws {TypeError} When the class is unknown, or inferring the input size is not supported
 * for its kind (the message says "not supported for" the class).
 *
 * @example 381 is not an LSTM(5) count
 * ```ts
 * import { nearestInputSizes } from "../mod.ts";
 * import assert from "assert";
 *
 * const near = nearestInputSizes({ className: "LSTM", units: 5, params: 381 });
 * assert.equal(near.exact, undefined);
 * assert.deepEqual(near.below, { inputSize: 13, params: 380 });
 * assert.deepEqual(near.above, { inputSize: 14, params: 400 });
 * ```
 */
export function nearestInputSizes(query: InferenceQuery): NearestInputSizes {
  checkQuery(query, "nearestInputSizes");
  const { params, ...spec } = query as InferenceQuery & Record<string, unknown>;
  if (typeof params !== "number" || !Number.isSafeInteger(params) || params < 0) {
    throw new RangeError(
      `Invalid params: expected a non-negative integer, received ${describeValue(params)}`,
    );
  }
  const count = counter(spec as LayerSpec);
  const first = count(1);
  const step = count(2) - first;
  if (step <= 0) {
    throw new RangeError(
      `The parameter count of ${describeSpec(spec as LayerSpec)} does not depend on its input ` +
        `size (${first} for any input), so the count cannot tell the input size`,
    );
  }
  if (params < first) return { above: { inputSize: 1, params: first }, step };
  const offset = params - first;
  const lower = Math.floor(offset / step) + 1;
  const lowerCount = count(lower);
  // The next size up may have more parameters than can be counted exactly: then there is none.
  const next = params > Number.MAX_SAFE_INTEGER - step ? undefined : lower + 1;
  const above = next === undefined ? {} : { above: { inputSize: next, params: count(next) } };
  if (lowerCount === params) {
    return {
      exact: lower,
      ...(lower > 1 ? { below: { inputSize: lower - 1, params: count(lower - 1) } } : {}),
      ...above,
      step,
    };
  }
  return { below: { inputSize: lower, params: lowerCount }, ...above, step };
}

/** A query is an object: a configuration with its count. */
function checkQuery(query: unknown, caller: string): void {
  if (typeof query !== "object" || query === null || Array.isArray(query)) {
    throw new TypeError(
      `${caller} expects its query as a layer configuration with its count, such as ` +
        `{ className: "LSTM", units: 5, params: 380 }, received ${describeValue(query)}`,
    );
  }
}

/**
 * The input size a layer's parameter count implies: what its kind declares as its input size
 * (input features for Dense, SimpleRNN, LSTM, GRU and the wrappers, input channels for
 * convolutions, the vocabulary size `inputDim` for Embedding, features for normalization).
 *
 * @param query The layer's configuration and its count.
 * @returns The input size.
 * @throws {RangeError} When no input size gives that count; the message names the nearest counts
 * that can be reached.
 * @throws {TypeError} As {@linkcode nearestInputSizes}.
 *
 * @example An LSTM with 5 units and 380 parameters reads 13 features
 * ```ts
 * import { inferInputFeatures } from "../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(inferInputFeatures({ className: "LSTM", units: 5, params: 380 }), 13);
 * assert.equal(
 *   inferInputFeatures({
 *     className: "TimeDistributed",
 *     layer: { className: "Dense", units: 650 },
 *     params: 3900,
 *   }),
 *   5,
 * );
 * assert.throws(
 *   () => inferInputFeatures({ className: "LSTM", units: 5, params: 381 }),
 *   /380 \(13 input features\) and 400 \(14 input features\)/,
 * );
 * ```
 */
export function inferInputFeatures(query: InferenceQuery): number {
  checkQuery(query, "inferInputFeatures");
  const near = nearestInputSizes(query);
  if (near.exact !== undefined) return near.exact;
  const { params: _, ...spec } = query as InferenceQuery & Record<string, unknown>;
  const unit = solverOf(spec as LayerSpec).unit;
  const options = [near.below, near.above]
    .filter((a): a is Achievable => a !== undefined)
    .map((a) => `${a.params} (${a.inputSize} ${unit}${a.inputSize === 1 ? "" : "s"})`);
  const fewest = near.below === undefined
    ? ` It has at least ${near.above!.params} (with 1 ${unit}).`
    : near.above === undefined
    ? ` The nearest count it can have is ${options[0]}; one ${unit} more would give more ` +
      `parameters than can be counted exactly.`
    : ` The nearest counts it can have are ${options.join(" and ")}; they go up by ${near.step} ` +
      `per ${unit}.`;
  const subject = describeSpec(spec as LayerSpec);
  throw new RangeError(
    `${subject[0].toUpperCase()}${subject.slice(1)} cannot have ${query.params} parameters, ` +
      `whatever its input size.${fewest}`,
  );
}

/**
 * The parameter count of a layer configuration for an input size, counted by building the layer.
 *
 * @param spec The layer's configuration (a query's `params`, if present, is ignored).
 * @param inputSize What its kind declares as its input size (input features, channels, the
 * vocabulary size for Embedding).
 * @returns The count.
 * @throws {TypeError} As {@linkcode nearestInputSizes}.
 *
 * @example
 * ```ts
 * import { countForInputSize } from "../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(countForInputSize({ className: "LSTM", units: 5 }, 13), 380);
 * assert.equal(countForInputSize({ className: "Embedding", outputDim: 300 }, 1000), 300000);
 * ```
 */
export function countForInputSize(spec: LayerSpec, inputSize: number): number {
  if (typeof inputSize !== "number") {
    throw new TypeError(
      `Invalid inputSize: expected a positive integer, received ${describeValue(inputSize)}`,
    );
  }
  if (!Number.isSafeInteger(inputSize) || inputSize < 1) {
    throw new RangeError(
      `Invalid inputSize: expected a positive integer, received ${describeValue(inputSize)}`,
    );
  }
  return counter(spec)(inputSize);
}

/**
 * A short name for a layer configuration, e.g. `an LSTM with 5 units`: its first positional
 * option, then the others in parentheses.
 *
 * @param spec The configuration.
 * @returns The description.
 *
 * @example
 * ```ts
 * import { describeSpec } from "../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(describeSpec({ className: "LSTM", units: 5 }), "an LSTM with 5 units");
 * assert.equal(
 *   describeSpec({ className: "GRU", units: 3, resetAfter: false, useBias: false }),
 *   "a GRU with 3 units (no bias, resetAfter: false)",
 * );
 * ```
 */
export function describeSpec(spec: LayerSpec): string {
  const config = configOfSpec(spec);
  const { className, ...options } = config;
  const kind = findKind(className);
  if (kind?.wrapper) {
    const { layer, ...rest } = options;
    const flags = optionWords(kind, rest);
    const inner = isLayerSpec(layer) ? describeSpec(layer) : describeValue(layer);
    return `${className}(${inner})${flags.length ? ` (${flags.join(", ")})` : ""}`;
  }
  const main = kind?.positional;
  const value = main === undefined ? undefined : options[main];
  const withMain = value === undefined ? "" : ` with ${quantity(value, main!)}`;
  const rest = { ...options };
  if (main !== undefined) delete rest[main];
  const flags = kind ? optionWords(kind, rest) : [];
  return `${article(className)} ${className}${withMain}${
    flags.length ? ` (${flags.join(", ")})` : ""
  }`;
}

function quantity(value: unknown, name: string): string {
  if (typeof value === "number" && name.endsWith("s")) {
    return `${value} ${value === 1 ? name.slice(0, -1) : name}`;
  }
  return `${name} ${formatValue(value)}`;
}

function formatValue(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

// The options given, in the order the kind declares them; `useBias: false` reads "no bias".
function optionWords(kind: LayerKind, options: Record<string, unknown>): string[] {
  const keys = [
    ...Object.keys(kind.options).filter((key) => Object.hasOwn(options, key)),
    ...Object.keys(options).filter((key) => !Object.hasOwn(kind.options, key)),
  ];
  return keys
    .filter((key) => options[key] !== undefined && (key !== "useBias" || options[key] !== true))
    .map((key) =>
      key === "useBias" && options[key] === false
        ? "no bias"
        : `${key}: ${formatValue(options[key])}`
    );
}

/**
 * Whether a value is a layer specification in either of inference's forms, `{ className, ... }`
 * or `{ layer: "LSTM", ... }`, as a plain object. The registry's configurations have only the
 * first form, so this is not the registry's check.
 */
function isLayerSpec(value: unknown): value is LayerSpec {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype &&
    (typeof (value as { className?: unknown }).className === "string" ||
      typeof (value as { layer?: unknown }).layer === "string");
}

/** The one format, from either form of a specification; a query's `params` is no option. */
function configOfSpec(spec: LayerSpec): LayerConfig {
  if (typeof spec !== "object" || spec === null) {
    throw new TypeError(`Invalid layer configuration (spec): received ${describeValue(spec)}`);
  }
  const { params: _, ...given } = spec as LayerSpec & { params?: unknown };
  if (typeof (given as LayerConfig).className === "string") return given as LayerConfig;
  const { layer } = given as { layer?: unknown };
  throw new TypeError(
    `Invalid layer configuration: expected a className such as "LSTM", received ${
      describeValue(spec)
    }${
      typeof layer === "string"
        ? `; the class goes under className, a wrapped layer under layer ({ className: ` +
          `"TimeDistributed", layer: { className: "Dense", units: 650 } })`
        : ""
    }`,
  );
}

interface Solver {
  /** One unit of the input size, singular. */
  readonly unit: string;
  /** The layer, unbuilt, and the input shape it is built on for an input size. */
  readonly make: (size: number) => { readonly layer: Layer; readonly shape: Shape };
}

/** How to build a configuration for an input size, from what its kind declares. */
function solverOf(spec: LayerSpec): Solver {
  const config = configOfSpec(spec);
  const kind = findKind(config.className);
  if (!kind) {
    throw new TypeError(
      `Unknown layer class ${JSON.stringify(config.className)}: inferring the input size is ` +
        `not supported for it`,
    );
  }
  const wrapper = kind.wrapper;
  if (wrapper) {
    if (!isLayerSpec(config.layer)) {
      throw new TypeError(
        `Invalid layer for ${kind.className}: expected the wrapped layer's configuration, such ` +
          `as { className: "Dense", units: 5 }, received ${describeValue(config.layer)}`,
      );
    }
    const inner = solverOf(config.layer);
    return {
      unit: inner.unit,
      make: (size) => {
        const made = inner.make(size);
        // Shared over time: the inner layer sees one step, the input without its time axis.
        const shape = wrapper.relation === "shared over time"
          ? [made.shape[0], null, ...made.shape.slice(1)]
          : made.shape;
        return { layer: layerFromConfig({ ...config, layer: made.layer }), shape };
      },
    };
  }
  const declared = kind.inputSize;
  if (!declared) {
    throw new TypeError(
      `Inferring the input size is not supported for ${kind.className}: its declaration does ` +
        `not say which input size its count depends on`,
    );
  }
  const { className: _, ...options } = config;
  return {
    unit: declared.unit,
    make: (size) => {
      const input = declared.input(options, size);
      if (!input) {
        throw new TypeError(
          `Inferring the input size is not supported for ${describeSpec(config)}: its count ` +
            `does not grow with one input size alone`,
        );
      }
      return { layer: layerFromConfig({ ...config, ...input.options }), shape: input.shape };
    },
  };
}

/**
 * Builds the layer for an input size and counts its parameters. The layer is the caller's
 * configuration, not a layer the caller made: an error names the configuration, not the name
 * the built layer happens to get.
 */
function counter(spec: LayerSpec): (inputSize: number) => number {
  const { make, unit } = solverOf(spec);
  return (inputSize) => {
    const { layer, shape } = make(inputSize);
    try {
      return layer.build(shape).paramCount();
    } catch (error) {
      if (error instanceof RangeError && /MAX_SAFE_INTEGER/.test(error.message)) {
        throw new RangeError(
          `${describeSpec(spec)} on ${inputSize} ${unit}${inputSize === 1 ? "" : "s"} would ` +
            `have more parameters than Number.MAX_SAFE_INTEGER (${Number.MAX_SAFE_INTEGER}), ` +
            `which cannot be counted exactly`,
        );
      }
      throw error;
    }
  };
}
