/**
 * The reverse question: given a layer's configuration and its parameter count, what input size
 * produced it? Seed 000's answer does this by hand to find the 13 features behind 380.
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
import { Dense } from "./layers/core.ts";
import { Conv1D, Conv2D } from "./layers/convolutional.ts";
import { Embedding } from "./layers/embedding.ts";
import { BatchNormalization, LayerNormalization } from "./layers/normalization.ts";
import { GRU, LSTM, type Recurrent, SimpleRNN } from "./layers/recurrent.ts";
import { Bidirectional, type MergeMode, TimeDistributed } from "./layers/wrappers.ts";

/** A Dense layer whose input features are sought. */
export interface DenseSpec {
  /** Which layer. */
  readonly layer: "Dense";
  /** The layer's units. */
  readonly units: number;
  /**
   * Whether the layer has biases.
   * @default {true}
   */
  readonly useBias?: boolean;
}

/** A SimpleRNN or LSTM whose input features are sought. */
export interface RecurrentSpec {
  /** Which layer. */
  readonly layer: "SimpleRNN" | "LSTM";
  /** The layer's units. */
  readonly units: number;
  /**
   * Whether the layer has biases.
   * @default {true}
   */
  readonly useBias?: boolean;
}

/** A GRU whose input features are sought. */
export interface GRUSpec {
  /** Which layer. */
  readonly layer: "GRU";
  /** The layer's units. */
  readonly units: number;
  /**
   * Whether the layer has biases.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * Keras's default since 2.3 (two bias rows); Keras 2.2 and TensorFlow.js use `false`.
   * @default {true}
   */
  readonly resetAfter?: boolean;
}

/** A convolution whose input channels are sought. */
export interface ConvSpec {
  /** Which layer. */
  readonly layer: "Conv1D" | "Conv2D";
  /** The layer's filters. */
  readonly filters: number;
  /** The window size: one integer, or one per spatial axis. */
  readonly kernelSize: number | readonly number[];
  /**
   * Whether the layer has biases.
   * @default {true}
   */
  readonly useBias?: boolean;
}

/** An Embedding whose vocabulary size (`inputDim`) is sought. */
export interface EmbeddingSpec {
  /** Which layer. */
  readonly layer: "Embedding";
  /** The vector size. */
  readonly outputDim: number;
}

/** A normalization layer whose number of features is sought. */
export interface NormalizationSpec {
  /** Which layer. */
  readonly layer: "BatchNormalization" | "LayerNormalization";
  /**
   * Whether a scale `gamma` is learned.
   * @default {true}
   */
  readonly scale?: boolean;
  /**
   * Whether an offset `beta` is learned.
   * @default {true}
   */
  readonly center?: boolean;
}

/** A layer without a wrapper. */
export type PlainSpec =
  | DenseSpec
  | RecurrentSpec
  | GRUSpec
  | ConvSpec
  | EmbeddingSpec
  | NormalizationSpec;

/** TimeDistributed around a layer: the input size is the inner layer's, per time step. */
export interface TimeDistributedSpec {
  /** Which layer. */
  readonly layer: "TimeDistributed";
  /** The wrapped layer. */
  readonly inner: PlainSpec;
}

/** Bidirectional around a recurrent layer: two copies. */
export interface BidirectionalSpec {
  /** Which layer. */
  readonly layer: "Bidirectional";
  /** The wrapped recurrent layer. */
  readonly inner: RecurrentSpec | GRUSpec;
  /**
   * How the two directions are combined.
   * @default {"concat"}
   */
  readonly mergeMode?: MergeMode;
}

/** A layer configuration whose input size is sought, without the count. */
export type LayerSpec = PlainSpec | TimeDistributedSpec | BidirectionalSpec;

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
 * @throws {TypeError} When the configuration is not one of {@linkcode LayerSpec}.
 *
 * @example 381 is not an LSTM(5) count
 * ```ts
 * import { nearestInputSizes } from "../mod.ts";
 * import assert from "assert";
 *
 * const near = nearestInputSizes({ layer: "LSTM", units: 5, params: 381 });
 * assert.equal(near.exact, undefined);
 * assert.deepEqual(near.below, { inputSize: 13, params: 380 });
 * assert.deepEqual(near.above, { inputSize: 14, params: 400 });
 * ```
 */
export function nearestInputSizes(query: InferenceQuery): NearestInputSizes {
  const params = query.params;
  if (typeof params !== "number" || !Number.isSafeInteger(params) || params < 0) {
    throw new RangeError(
      `Invalid params: expected a non-negative integer, received ${describeValue(params)}`,
    );
  }
  const count = counter(query);
  const first = count(1);
  const step = count(2) - first;
  if (step <= 0) {
    throw new RangeError(
      `The parameter count of ${describeSpec(query)} does not depend on its input size ` +
        `(${first} for any input), so the count cannot tell the input size`,
    );
  }
  if (params < first) return { above: { inputSize: 1, params: first }, step };
  const offset = params - first;
  const lower = Math.floor(offset / step) + 1;
  const lowerCount = count(lower);
  if (lowerCount === params) {
    return {
      exact: lower,
      ...(lower > 1 ? { below: { inputSize: lower - 1, params: count(lower - 1) } } : {}),
      above: { inputSize: lower + 1, params: count(lower + 1) },
      step,
    };
  }
  return {
    below: { inputSize: lower, params: lowerCount },
    above: { inputSize: lower + 1, params: count(lower + 1) },
    step,
  };
}

/**
 * The input size a layer's parameter count implies: input features for Dense, SimpleRNN, LSTM,
 * GRU and the wrappers, input channels for convolutions, the vocabulary size (`inputDim`) for
 * Embedding, features for normalization layers.
 *
 * @param query The layer's configuration and its count.
 * @returns The input size.
 * @throws {RangeError} When no input size gives that count; the message names the nearest counts
 * that can be reached.
 *
 * @example Seed 000: an LSTM with 5 units and 380 parameters reads 13 features
 * ```ts
 * import { inferInputFeatures } from "../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(inferInputFeatures({ layer: "LSTM", units: 5, params: 380 }), 13);
 * assert.equal(
 *   inferInputFeatures({ layer: "TimeDistributed", inner: { layer: "Dense", units: 650 }, params: 3900 }),
 *   5,
 * );
 * assert.throws(
 *   () => inferInputFeatures({ layer: "LSTM", units: 5, params: 381 }),
 *   /380 \(13 input features\) and 400 \(14 input features\)/,
 * );
 * ```
 */
export function inferInputFeatures(query: InferenceQuery): number {
  const near = nearestInputSizes(query);
  if (near.exact !== undefined) return near.exact;
  const unit = sizeName(query);
  const options = [near.below, near.above]
    .filter((a): a is Achievable => a !== undefined)
    .map((a) => `${a.params} (${a.inputSize} ${unit}${a.inputSize === 1 ? "" : "s"})`);
  const fewest = near.below === undefined
    ? ` It has at least ${near.above!.params} (with 1 ${unit}).`
    : ` The nearest counts it can have are ${options.join(" and ")}; they go up by ${near.step} ` +
      `per ${unit}.`;
  const subject = describeSpec(query);
  throw new RangeError(
    `${subject[0].toUpperCase()}${subject.slice(1)} cannot have ${query.params} parameters, ` +
      `whatever its input size.${fewest}`,
  );
}

/**
 * The parameter count of a layer configuration for an input size, counted by building the layer.
 *
 * @param spec The layer's configuration.
 * @param inputSize Input features (channels for convolutions, vocabulary size for Embedding).
 * @returns The count.
 *
 * @example
 * ```ts
 * import { countForInputSize } from "../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(countForInputSize({ layer: "LSTM", units: 5 }, 13), 380);
 * assert.equal(countForInputSize({ layer: "Embedding", outputDim: 300 }, 1000), 300000);
 * ```
 */
export function countForInputSize(spec: LayerSpec, inputSize: number): number {
  return counter(spec)(inputSize);
}

/**
 * A short name for a layer configuration, e.g. `an LSTM with 5 units`.
 *
 * @param spec The configuration.
 * @returns The description.
 *
 * @example
 * ```ts
 * import { describeSpec } from "../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(describeSpec({ layer: "LSTM", units: 5 }), "an LSTM with 5 units");
 * ```
 */
export function describeSpec(spec: LayerSpec): string {
  switch (spec.layer) {
    case "Dense":
    case "SimpleRNN":
    case "LSTM":
    case "GRU": {
      const flags = [
        spec.useBias === false ? "no bias" : "",
        spec.layer === "GRU" && spec.resetAfter === false ? "resetAfter: false" : "",
      ].filter(Boolean);
      return `${article(spec.layer)} ${spec.layer} with ${spec.units} unit${
        spec.units === 1 ? "" : "s"
      }${flags.length ? ` (${flags.join(", ")})` : ""}`;
    }
    case "Conv1D":
    case "Conv2D":
      return `a ${spec.layer} with ${spec.filters} filters and kernel size ${
        Array.isArray(spec.kernelSize) ? spec.kernelSize.join("×") : spec.kernelSize
      }`;
    case "Embedding":
      return `an Embedding with outputDim ${spec.outputDim}`;
    case "BatchNormalization":
    case "LayerNormalization":
      return `a ${spec.layer}`;
    case "TimeDistributed":
      return `TimeDistributed(${describeSpec(spec.inner)})`;
    case "Bidirectional":
      return `Bidirectional(${describeSpec(spec.inner)})`;
    default:
      return describeValue(spec);
  }
}

function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? "an" : "a";
}

function sizeName(spec: LayerSpec): string {
  switch (spec.layer) {
    case "Conv1D":
    case "Conv2D":
      return "input channel";
    case "Embedding":
      return "token id";
    case "BatchNormalization":
    case "LayerNormalization":
      return "feature";
    case "TimeDistributed":
      return sizeName(spec.inner);
    default:
      return "input feature";
  }
}

/** Builds the layer for an input size and counts its parameters. */
function counter(spec: LayerSpec): (inputSize: number) => number {
  const make = factory(spec);
  return (inputSize) => {
    const { layer, inputShape } = make(inputSize);
    return layer.build(inputShape).paramCount();
  };
}

interface Made {
  readonly layer: Layer;
  readonly inputShape: (number | null)[];
}

function factory(spec: LayerSpec): (inputSize: number) => Made {
  if (typeof spec !== "object" || spec === null) {
    throw new TypeError(`Invalid layer specification: received ${describeValue(spec)}`);
  }
  switch (spec.layer) {
    case "Dense":
      return (n) => ({
        layer: new Dense({ units: spec.units, useBias: spec.useBias }),
        inputShape: [null, n],
      });
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return (n) => ({ layer: recurrentLayer(spec), inputShape: [null, null, n] });
    case "Conv1D":
    case "Conv2D": {
      const Class = spec.layer === "Conv1D" ? Conv1D : Conv2D;
      const spatial = spec.layer === "Conv1D" ? [null] : [null, null];
      return (c) => ({
        layer: new Class({
          filters: spec.filters,
          kernelSize: spec.kernelSize,
          useBias: spec.useBias,
        }),
        inputShape: [null, ...spatial, c],
      });
    }
    case "Embedding":
      return (v) => ({
        layer: new Embedding({ inputDim: v, outputDim: spec.outputDim }),
        inputShape: [null, null],
      });
    case "BatchNormalization":
    case "LayerNormalization": {
      const Class = spec.layer === "BatchNormalization" ? BatchNormalization : LayerNormalization;
      return (f) => ({
        layer: new Class({ scale: spec.scale, center: spec.center }),
        inputShape: [null, f],
      });
    }
    case "TimeDistributed": {
      const inner = factory(spec.inner);
      return (n) => {
        const made = inner(n);
        return {
          layer: new TimeDistributed({ layer: made.layer }),
          inputShape: [made.inputShape[0], null, ...made.inputShape.slice(1)],
        };
      };
    }
    case "Bidirectional":
      return (n) => ({
        layer: new Bidirectional({ layer: recurrentLayer(spec.inner), mergeMode: spec.mergeMode }),
        inputShape: [null, null, n],
      });
    default:
      throw new TypeError(
        `Invalid layer for inferring the input size: expected one of Dense, SimpleRNN, LSTM, ` +
          `GRU, Conv1D, Conv2D, Embedding, BatchNormalization, LayerNormalization, ` +
          `TimeDistributed, Bidirectional, received ${
            describeValue((spec as { layer?: unknown }).layer)
          }`,
      );
  }
}

function recurrentLayer(spec: RecurrentSpec | GRUSpec): Recurrent {
  const args = { units: spec.units, useBias: spec.useBias };
  switch (spec.layer) {
    case "SimpleRNN":
      return new SimpleRNN(args);
    case "LSTM":
      return new LSTM(args);
    case "GRU":
      return new GRU({ ...args, resetAfter: spec.resetAfter });
    default:
      throw new TypeError(
        `Invalid recurrent layer: expected SimpleRNN, LSTM or GRU, received ${
          describeValue((spec as { layer?: unknown }).layer)
        }`,
      );
  }
}
