/**
 * Keras operations that reduce axes (`Mean`, `Sum`, `Max`, `Argmax`, …): Keras's
 * `reduce_shape` removes the axes given (all of them when `axis` is `None`), or keeps each as
 * 1 with `keepdims`.
 *
 * @module
 */

import { defineOperation, type OperationKind, type OperationModule, tensorShape } from "./kind.ts";
import { reduceShape } from "./_shapes.ts";
import { reduces } from "./_fits.ts";

function reduction(
  className: string,
  summary: string,
  module: OperationModule = "numpy",
  extra: Readonly<Record<string, unknown>> = {},
): OperationKind {
  return defineOperation({
    className,
    module,
    summary,
    config: { axis: null, keepdims: false, ...extra },
    args: ["x"],
    shape: (call) =>
      reduceShape(call, tensorShape(call, 0), call.config.axis, call.config.keepdims),
    fits: reduces,
  });
}

/**
 * The reductions.
 *
 * @example
 * ```ts
 * import { REDUCTION_OPERATIONS } from "./reductions.ts";
 * import assert from "assert";
 *
 * assert.ok(REDUCTION_OPERATIONS.some((op) => op.className === "Mean"));
 * ```
 */
export const REDUCTION_OPERATIONS: readonly OperationKind[] = [
  reduction("Mean", "The mean over axes."),
  reduction("Sum", "The sum over axes."),
  reduction("Max", "The largest value over axes.", "numpy", { initial: null }),
  reduction("Min", "The smallest value over axes.", "numpy", { initial: null }),
  reduction("Amax", "The largest value over axes."),
  reduction("Amin", "The smallest value over axes."),
  reduction("Prod", "The product over axes.", "numpy", { dtype: null }),
  reduction("Any", "Whether any value over axes is true."),
  reduction("All", "Whether every value over axes is true."),
  reduction("Std", "The standard deviation over axes."),
  reduction("Var", "The variance over axes."),
  reduction("Logsumexp", "log(sum(e^x)) over axes.", "math"),
  reduction("Argmax", "Where the largest value is along an axis (over all when none)."),
  reduction("Argmin", "Where the smallest value is along an axis (over all when none)."),
];
