// Small helpers the summary reader's rooms share for writing shapes, counts and words.

import type { Explanation } from "../explain/mod.ts";
import type { Shape } from "../shape.ts";
import { formatOutputShape, formatShape } from "../shape.ts";
import { groupThousands } from "../numbers.ts";
import { findKind, type LayerConfig } from "../layers/registry.ts";
import type { PrintedRow } from "../layers/kind.ts";

export function singleShape(shape: Shape | readonly Shape[] | null | undefined): Shape | null {
  if (!shape) return null;
  if (shape.length > 0 && Array.isArray(shape[0])) return null;
  return shape as Shape;
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function equation(e: Explanation): string {
  if (e.paramCount === 0) return "no weights, 0 parameters";
  return `${e.expanded} = ${commas(e.paramCount)}`;
}

export function commas(n: number): string {
  return groupThousands(n);
}

/**
 * What one unit of a configuration's input size is, from its kind's declaration (a wrapper's,
 * from the layer it wraps): `"input feature"`, `"input channel"`, `"token id"`.
 */
export function inputUnit(config: LayerConfig): string | undefined {
  const kind = findKind(config.className);
  if (kind?.inputSize) return kind.inputSize.unit;
  const inner = config.layer as LayerConfig | undefined;
  return kind?.wrapper && inner && typeof inner.className === "string"
    ? inputUnit(inner)
    : undefined;
}

/** ` on 5 features`, ` on 3 channels`, or ` on (None, 10)`. */
export function onInput(config: LayerConfig, input: Shape | null): string {
  if (!input) return "";
  const last = input.at(-1);
  const unit = inputUnit(config);
  if (typeof last !== "number" || !unit || !/(feature|channel)$/.test(unit)) {
    return ` on ${formatShape(input)}`;
  }
  return ` on ${plural(last, unit.replace(/^input /, ""))}`;
}

export function lastOf(shape: Shape | null): number | undefined {
  const last = shape?.at(-1);
  return typeof last === "number" ? last : undefined;
}

/** One unit of the input size a count tells, in words: `input feature` by default. */
export function sizeWord(config: LayerConfig): string {
  return inputUnit(config) ?? "input feature";
}

/**
 * A row's printed output in words for a note: the shape, the list of them, or, for a list the
 * column cut short, the outputs printed whole and then `…` (never a cut output shown whole, and
 * never `()` for a shape that is not printed whole: `?`, `multiple`, or one shape cut short).
 */
export function printedOutput(row: PrintedRow): string {
  if (row.out !== null) return formatShape(row.out);
  if (row.outList === null) return "not printed whole";
  if (row.outListCut !== true) return formatOutputShape(row.outList);
  // The last printed output may lack its last sizes: only those before it are whole.
  const whole = row.outList.slice(0, -1).map(formatShape);
  return `[${[...whole, "…"].join(", ")}`;
}

/** Why a row's configuration cannot be inferred, in a sentence. */
export function cannotInfer(className: string, row: PrintedRow): string {
  if (row.input === null && row.inputs === null && row.params === null) {
    return `Neither the input of this ${className} nor its count is known, so its ` +
      `configuration cannot be inferred.`;
  }
  if (row.out === null && row.outList === null) {
    return `The output shape of this ${className} is not printed, so its configuration ` +
      `cannot be inferred.`;
  }
  if (row.input === null && row.inputs === null && row.params !== null) {
    return `No ${className} fits a count of ${row.params} with output ` +
      `${printedOutput(row)}, so its input cannot be inferred.`;
  }
  if (row.params === null) {
    return `The count of this ${className} is not printed whole, so the sizes it would tell ` +
      `cannot be inferred.`;
  }
  return `No ${className} configuration fits this row.`;
}
