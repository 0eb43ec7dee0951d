// Quantized weights in a printed table: Keras 3's model.quantize (int8, int4, float8) stores a
// kernel in a byte or less a parameter and adds scales, which changes a layer's count, and no
// table prints a layer's dtype. The sizes after the totals tell when some weights take less
// than two bytes a parameter, which no float dtype does. Internal to the reader.

import { findKind } from "../layers/registry.ts";
import type { LayerConfig } from "../layers/kind.ts";
import type { ExplainedRow, ParsedSummary } from "./rows.ts";

/** Why a row whose layer Keras may have quantized is not checked. */
export const QUANTIZED = "quantized weights possible";

const UNITS = ["B", "KB", "MB", "GB", "TB", "PB"];

/** The bytes a size Keras printed (two decimals of its unit, `552.00 B`) may stand for. */
function bytesOf(size: string): readonly [number, number] | undefined {
  // tf.keras 2 writes bytes as `Byte`.
  const match = /^(\d+(?:\.\d+)?)\s*([KMGTP]?B)(?:yte)?$/.exec(size);
  if (!match) return undefined;
  const scale = 1024 ** UNITS.indexOf(match[2]);
  const value = Number(match[1]);
  return [(value - 0.005) * scale, (value + 0.005) * scale];
}

/**
 * Whether the sizes printed after `Trainable params` or `Non-trainable params` say that some of
 * those weights take less than two bytes a parameter: float16 and bfloat16 take two, float32
 * four, float64 eight; model.quantize's int8, int4 and float8 kernels one or less.
 *
 * @param summary The parsed table.
 * @returns Whether the table's model holds quantized weights.
 *
 * @example Keras 3.15.1 after model.quantize("int8"): 348 non-trainable parameters in 552 bytes
 * ```ts
 * import { quantizedBySizes } from "./_quantized.ts";
 * import assert from "assert";
 *
 * const summary = { rows: [], nonTrainableParams: 348, nonTrainableSize: "552.00 B" };
 * assert.equal(quantizedBySizes(summary as never), true);
 * // 331 float32 parameters take 1,324 bytes, printed 1.29 KB.
 * assert.equal(quantizedBySizes({ rows: [], trainableParams: 331, trainableSize: "1.29 KB" } as never), false);
 * ```
 */
export function quantizedBySizes(summary: ParsedSummary): boolean {
  const lines = [
    [summary.trainableParams, summary.trainableSize],
    [summary.nonTrainableParams, summary.nonTrainableSize],
  ] as const;
  return lines.some(([count, size]) => {
    if (count === undefined || count === 0 || size === undefined) return false;
    const bytes = bytesOf(size);
    return bytes !== undefined && bytes[1] < 2 * count;
  });
}

/** Whether a layer, or a layer it wraps or holds, is of a kind Keras 3 quantizes. */
function holdsQuantizable(config: unknown): boolean {
  if (Array.isArray(config)) return config.some(holdsQuantizable);
  if (typeof config !== "object" || config === null) return false;
  const className = (config as { className?: unknown }).className;
  if (typeof className !== "string") return false;
  const kind = findKind(className);
  if (kind?.read?.quantizable === true || kind?.holdsQuantizable === true) return true;
  return Object.values(config).some((value) =>
    typeof value === "object" && holdsQuantizable(value)
  );
}

/**
 * In a table whose sizes say some weights are quantized ({@linkcode quantizedBySizes}), the
 * rows read as layers Keras quantizes (or that hold such layers) are not checked, whether a
 * configuration fit them or not: a quantized layer's count is another configuration's, and the
 * table does not say which layers were quantized. Rows are updated in place.
 *
 * @param summary The parsed table.
 * @param rows Its rows as read.
 */
export function uncheckQuantizable(summary: ParsedSummary, rows: ExplainedRow[]): void {
  if (!quantizedBySizes(summary)) return;
  rows.forEach((row, i) => {
    if (!row.checked || row.layer === undefined || !holdsQuantizable(row.layer as LayerConfig)) {
      return;
    }
    rows[i] = {
      ...row,
      checked: false,
      consistent: true,
      notCheckedReason: QUANTIZED,
      note: `The sizes after the totals say some weights take less than two bytes a ` +
        `parameter: Keras 3's model.quantize stored them (int8, int4 or float8), which changes ` +
        `a ${row.layer.className}'s count and which a table does not print for each layer, so ` +
        `this row is not checked${
          row.consistent ? ` (unquantized, it would read: ${row.note ?? "a layer that fits"})` : ""
        }.`,
    };
  });
}
