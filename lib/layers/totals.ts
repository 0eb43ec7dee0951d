/**
 * A model's parameter totals and their bytes: each weight counted once however many layers
 * share it, each parameter by its layer's dtype, as Keras's `count_params()` and summary do.
 *
 * @module
 */

import { safeAdd } from "../shape.ts";
import { describeValue } from "../errors.ts";
import { expectWith } from "../guard.ts";

/** What the totals read of a layer's configuration: the dtype it was given (a `Layer` is one). */
export interface DtypeHolder {
  /** The layer's arguments; only `dtype` is read. */
  readonly args: { readonly dtype?: unknown };
}

/** What the totals read of a weight (a layer's `Weight` is one). */
export interface CountedWeight {
  /** Its name, a path for a weight held through another layer (`query/kernel`). */
  readonly name: string;
  /** The number of scalars it holds. */
  readonly size: number;
  /** Whether training updates it. */
  readonly trainable: boolean;
  /** Its own dtype, when it is not its layer's. */
  readonly dtype?: string;
  /** The layer that created it. */
  readonly owner: DtypeHolder;
}

/** What the totals read of a layer: its weights (a `Layer` is one). */
export interface WeightHolder {
  /** The weights the layer holds once built. */
  weights(): readonly CountedWeight[];
}

/** A model's parameter totals, each weight counted once however many layers share it. */
export interface WeightTotals {
  /** Every parameter. */
  readonly total: number;
  /** The parameters training updates. */
  readonly trainable: number;
  /** The parameters training does not update. */
  readonly nonTrainable: number;
  /** The bytes of every weight, each by its layer's variable dtype (float32: 4). */
  readonly totalBytes: number;
  /** The bytes of the trainable weights. */
  readonly trainableBytes: number;
  /** The bytes of the weights training does not update. */
  readonly nonTrainableBytes: number;
}

const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  uint32: 4,
  uint16: 2,
  int64: 8,
  uint64: 8,
  bool: 1,
};

/**
 * How many bytes one parameter of a layer takes, from its dtype as Keras gives it (a name such
 * as `"float16"` or Keras 3's `DTypePolicy` object). A mixed policy (`mixed_float16`) keeps its
 * variables in float32, as Keras does, so 4.
 *
 * @param layer A layer.
 * @param weightDtype A weight's own dtype, when it has one (an integer counter).
 * @returns 4 for float32 and anything unstated; 2 for float16 and bfloat16; 8 for float64.
 *
 * @example
 * ```ts
 * import { bytesPerParam, Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(bytesPerParam(new Dense(3)), 4);
 * assert.equal(bytesPerParam(new Dense(3, { dtype: "float16" })), 2);
 * assert.equal(bytesPerParam(new Dense(3, { dtype: "mixed_float16" })), 4);
 * ```
 */
export function bytesPerParam(layer: DtypeHolder, weightDtype?: string): number {
  expectWith("bytesPerParam", "its layer", layer, "a layer (e.g. new Dense(2))", "args");
  return dtypeBytes(weightDtype ?? layer.args.dtype);
}

/** The bytes of one parameter of a dtype, as {@linkcode bytesPerParam} reads it. */
function dtypeBytes(dtype: unknown): number {
  const name = typeof dtype === "string"
    ? dtype
    : typeof dtype === "object" && dtype !== null
    ? ((dtype as { config?: { name?: unknown } }).config?.name ??
      (dtype as { name?: unknown }).name)
    : undefined;
  if (typeof name !== "string" || name.startsWith("mixed_")) return 4;
  return Object.hasOwn(DTYPE_BYTES, name) ? DTYPE_BYTES[name] : 4;
}

/**
 * Adds up the weights of some layers, each weight once: a layer shared by two wrappers, or
 * called twice, holds one set of weights, as Keras counts it.
 *
 * @param layers The layers.
 * @param what What is counted, for the error past exact integers.
 * @returns The totals.
 * @throws {RangeError} When a total exceeds `Number.MAX_SAFE_INTEGER`.
 *
 * @example One Dense inside two TimeDistributed wrappers is counted once
 * ```ts
 * import { countWeights, Dense, TimeDistributed } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense(5);
 * const a = new TimeDistributed(dense, { inputShape: [3, 5] });
 * const b = new TimeDistributed(dense, { inputShape: [3, 5] });
 * assert.deepEqual([a.paramCount(), b.paramCount()], [30, 30]);
 * assert.equal(countWeights([a, b]).total, 30);
 * ```
 */
export function countWeights(
  layers: Iterable<WeightHolder>,
  what = "parameter count",
): WeightTotals {
  if (typeof (layers as { [Symbol.iterator]?: unknown } | null)?.[Symbol.iterator] !== "function") {
    throw new TypeError(
      `countWeights expects its layers to be a list of layers, received ${describeValue(layers)}`,
    );
  }
  // The names counted per owner: a short list (a kernel, a bias), cheaper than a set.
  const seen = new Map<DtypeHolder, string[]>();
  let total = 0;
  let trainable = 0;
  let totalBytes = 0;
  let trainableBytes = 0;
  let lastOwner: DtypeHolder | undefined;
  let ownerBytes = 4;
  for (const layer of layers) {
    if (typeof (layer as Partial<WeightHolder> | null)?.weights !== "function") {
      throw new TypeError(
        `countWeights expects its layers to be a list of layers, received one that is ${
          describeValue(layer)
        }`,
      );
    }
    for (const w of layer.weights()) {
      // The weight's name inside its owner: a layer holding another's weights names them by
      // path (`self_attention/query/kernel` is the `query` projection's `kernel`), and the
      // same weight reached through two layers is one weight.
      const slash = w.name.lastIndexOf("/");
      const key = slash < 0 ? w.name : w.name.slice(slash + 1);
      const names = seen.get(w.owner);
      if (names === undefined) seen.set(w.owner, [key]);
      else if (names.includes(key)) continue;
      else names.push(key);
      total = safeAdd(total, w.size, what);
      // A layer's weights come together: its bytes per parameter are read once for them.
      if (w.owner !== lastOwner) {
        lastOwner = w.owner;
        ownerBytes = bytesPerParam(w.owner);
      }
      const bytes = w.size * (w.dtype === undefined ? ownerBytes : bytesPerParam(w.owner, w.dtype));
      totalBytes += bytes;
      if (w.trainable) {
        trainable += w.size;
        trainableBytes += bytes;
      }
    }
  }
  return {
    total,
    trainable,
    nonTrainable: total - trainable,
    totalBytes,
    trainableBytes,
    nonTrainableBytes: totalBytes - trainableBytes,
  };
}
