// Rows of classes Keras gives no weights but whose shape the reader does not compute (lambdas,
// merges and reshapes no rule covers): their count is checked, their shape is not. Internal.

import type { ParsedRow } from "../parse_summary.ts";
import { isWeightlessClass } from "../layers/registry.ts";
import type { ExplainedRow } from "./result.ts";

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
): ExplainedRow {
  if (row.paramCount === 0 || row.paramCount === null) {
    return {
      ...base,
      expectedParamCount: 0,
      filled: row.paramCount === null,
      checked: true,
      consistent: true,
      countOnly: true,
      note: `Keras's ${className} has no weights, so its count is 0; its output shape depends ` +
        `on its configuration (a lambda's, on its code), which paramlab does not read, so only ` +
        `the count is checked.`,
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
