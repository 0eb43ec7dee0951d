// A prototype of a fast path proposed for lib/layers/base.ts, kept here (not in the core) until
// the lead decides. It counts a layer for an input shape without building it: it asks the
// layer's own `buildWeights` (the method `build()` uses) for the weight shapes and sums their
// sizes, so it cannot disagree with `build()`. What it skips is everything a sweep does not
// need per point: naming, storing the built state, and the input checks' eagerly formatted
// error messages. The sweep only passes shapes it made itself, `[null, null, features]` with a
// positive integer, so the input check it skips could not fail.

import { LSTM, safeAdd, type Shape, sizeOf } from "../mod.ts";

/**
 * An LSTM that can count itself for many input shapes without being built for any: the
 * proposed `Layer.paramCountFor(inputShape)`.
 *
 * @example Seed 000's first and second LSTM from one layer object
 * ```ts
 * import { SweepLSTM } from "./_proposed_fast_path.ts";
 * import assert from "node:assert/strict";
 *
 * const lstm = new SweepLSTM({ units: 5 });
 * assert.equal(lstm.paramCountFor([null, null, 13]), 380);
 * assert.equal(lstm.paramCountFor([null, null, 5]), 220);
 * ```
 */
export class SweepLSTM extends LSTM {
  /**
   * The parameter count the layer would have if built for `inputShape`.
   *
   * @param inputShape A valid LSTM input shape, batch dimension first.
   * @returns The sum of the sizes of the weights `build(inputShape)` would create.
   * @throws {RangeError} When the count exceeds `Number.MAX_SAFE_INTEGER`.
   */
  paramCountFor(inputShape: Shape): number {
    let total = 0;
    for (const weight of this.buildWeights(inputShape)) {
      total = safeAdd(total, sizeOf(weight.shape));
    }
    return total;
  }
}

/**
 * The 1,000,000-point heatmap data through the proposed fast path: one layer per unit count,
 * counted for every input size.
 *
 * @param units The unit counts (columns).
 * @param features The input sizes (rows).
 * @returns `counts[row][column]` for `features[row]` and `units[column]`.
 */
export function sweepFastPath(
  units: readonly number[],
  features: readonly number[],
): number[][] {
  const layers = units.map((u) => new SweepLSTM({ units: u }));
  const rows: number[][] = new Array(features.length);
  for (let r = 0; r < features.length; r++) {
    const shape: Shape = [null, null, features[r]];
    const row: number[] = new Array(layers.length);
    for (let c = 0; c < layers.length; c++) row[c] = layers[c].paramCountFor(shape);
    rows[r] = row;
  }
  return rows;
}
