// Rows of classes Keras gives no weights but whose shape the reader does not compute (lambdas,
// merges and reshapes no rule covers): their count is checked, their shape is not. Internal.

import type { ParsedRow } from "./rows.ts";
import {
  isElementwiseOp,
  isKerasOperation,
  isWeightlessClass,
  operationShapeFromInputs,
} from "../layers/registry.ts";
import { formatShape, sameShape, type Shape } from "../shape.ts";
import type { ExplainedRow } from "./rows.ts";

/** A registered kind the generic solver could not configure: if Keras gives it no weights, its count is still checked. */
export function orCountOnly(
  explained: ExplainedRow,
  className: string,
  row: ParsedRow,
  base: Omit<ExplainedRow, "checked" | "consistent">,
): ExplainedRow {
  if (explained.checked || !isWeightlessClass(className)) return explained;
  return weightless(row, className, base);
}

/**
 * A class Keras gives no weights but whose shape the reader does not compute: its count is
 * checked, its shape is not.
 */
export function weightless(
  row: ParsedRow,
  className: string,
  base: Omit<ExplainedRow, "checked" | "consistent">,
  inputs: readonly Shape[] = [],
): ExplainedRow {
  if (row.paramCount === 0 || row.paramCount === null) {
    const kept = keptShape(row, className, inputs);
    if (kept) {
      return {
        ...base,
        expectedParamCount: 0,
        expectedOutputShape: kept,
        filled: row.paramCount === null,
        checked: true,
        consistent: true,
        note: `${row.name} ${
          isElementwiseOp(className, row.name)
            ? "wraps a TensorFlow op that acts value by value: no weights, and its input's shape"
            : `is the Keras operation ${className}: no weights, and a shape its rule gives on ` +
              `its inputs,`
        } ${formatShape(kept)}${
          row.outputShapeCut ? ", which the shape cut short by its column starts as" : ""
        }.`,
      };
    }
    return {
      ...base,
      expectedParamCount: 0,
      filled: row.paramCount === null,
      checked: true,
      consistent: true,
      countOnly: true,
      note: isKerasOperation(className)
        ? `The Keras operation ${className} has no weights, so its count is 0; its output shape ` +
          `depends on its configuration (its axes, its key), which a summary does not print, ` +
          `so only the count is checked.`
        : `Keras's ${className} has no weights, so its count is 0; its output shape depends ` +
          `on its configuration (a lambda's, on its code), which paramlab does not read, so ` +
          `only the count is checked.`,
    };
  }
  return {
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: `${className} with weights`,
    note: `Keras's ${className} has no weights, but ${row.paramCount} is printed: a subclass ` +
      `or a layer of the same name, which paramlab cannot check.`,
  };
}

/**
 * The output of a `TFOpLambda` row whose op acts value by value, when its inputs share one shape,
 * or of a Keras operation whose inputs decide its shape, when the printed output is that shape
 * (or, cut by its column, starts as it); else `undefined`, and only the count is checked (a
 * constant operand may broadcast the shape).
 */
function keptShape(
  row: ParsedRow,
  className: string,
  inputs: readonly Shape[],
): Shape | undefined {
  if (inputs.length === 0) return undefined;
  let shape: Shape | undefined = inputs[0];
  if (isElementwiseOp(className, row.name)) {
    if (!inputs.every((other) => sameShape(other, inputs[0]))) return undefined;
  } else {
    // A Keras operation whose shape its inputs decide (`not_equal`, `logical_or`, `matmul`).
    shape = operationShapeFromInputs(
      className,
      inputs,
      row.outputShapeCut ? undefined : row.outputSingle ?? undefined,
    );
    if (!shape) return undefined;
  }
  const printed = row.outputSingle;
  if (!printed) return undefined;
  const fits = row.outputShapeCut
    ? printed.length <= shape.length && printed.every((d, i) => d === shape[i])
    : sameShape(printed, shape);
  return fits ? shape : undefined;
}
