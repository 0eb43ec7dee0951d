/**
 * Every Keras operation the library reads, from one table: each family file lists its own
 * declarations, and this file only joins them and finds one by class name. The Keras-JSON reader
 * (an entry whose module is `keras.src.ops…`), {@linkcode Operation} and the summary reader (a
 * row such as `not_equal (NotEqual)`) all look operations up here.
 *
 * @module
 */

import { isShapeList, type Shape } from "../shape.ts";
import { type OperationKind, TensorArg } from "./kind.ts";
import { KERAS_OPERATION_NAMES } from "./_keras_names.ts";
import {
  ACTIVATION_OPERATIONS,
  BROADCASTING_OPERATIONS,
  VALUE_BY_VALUE_OPERATIONS,
} from "./elementwise.ts";
import { REDUCTION_OPERATIONS } from "./reductions.ts";
import { SHAPING_OPERATIONS } from "./shaping.ts";
import { INDEXING_OPERATIONS } from "./indexing.ts";
import { PRODUCT_OPERATIONS } from "./products.ts";
import { SEVERAL_OUTPUT_OPERATIONS } from "./several.ts";

const OPERATIONS: readonly OperationKind[] = [
  ...VALUE_BY_VALUE_OPERATIONS,
  ...ACTIVATION_OPERATIONS,
  ...BROADCASTING_OPERATIONS,
  ...REDUCTION_OPERATIONS,
  ...SHAPING_OPERATIONS,
  ...INDEXING_OPERATIONS,
  ...PRODUCT_OPERATIONS,
  ...SEVERAL_OUTPUT_OPERATIONS,
];

const KERAS_NAMES = new Set(KERAS_OPERATION_NAMES);
const BY_NAME = new Map<string, OperationKind>();
for (const kind of OPERATIONS) {
  for (const name of [kind.className, ...(kind.aliases ?? [])]) {
    if (BY_NAME.has(name)) throw new Error(`Operation ${name} is declared twice`);
    if (!KERAS_NAMES.has(name)) throw new Error(`Keras defines no operation ${name}`);
    BY_NAME.set(name, kind);
  }
}

/**
 * Every operation the library reads.
 *
 * @returns The declarations, family by family.
 *
 * @example
 * ```ts
 * import { operationKinds } from "./table.ts";
 * import assert from "assert";
 *
 * assert.ok(operationKinds().some((op) => op.className === "NotEqual"));
 * ```
 */
export function operationKinds(): readonly OperationKind[] {
  return OPERATIONS;
}

/**
 * The declaration of an operation class, exactly as Keras spells it.
 *
 * @param className A Keras operation class, e.g. `"Transpose"`.
 * @returns Its declaration, or `undefined` when the library has no rule for it.
 *
 * @example
 * ```ts
 * import { findOperation } from "./table.ts";
 * import assert from "assert";
 *
 * assert.equal(findOperation("GetItem")?.module, "numpy");
 * assert.equal(findOperation("Abs")?.className, "Absolute");
 * assert.equal(findOperation("Fft"), undefined);
 * ```
 */
export function findOperation(className: string): OperationKind | undefined {
  return BY_NAME.get(className);
}

/**
 * Whether Keras 3 defines an operation class of this name (in `keras.src.ops`), whether or not
 * the library has a rule for its shape. An operation never holds weights.
 *
 * @param className A class name.
 * @returns Whether it is a Keras operation.
 *
 * @example
 * ```ts
 * import { isKerasOperation } from "./table.ts";
 * import assert from "assert";
 *
 * assert.ok(isKerasOperation("NotEqual"));
 * assert.ok(isKerasOperation("FFT"));
 * assert.ok(!isKerasOperation("Dense"));
 * ```
 */
export function isKerasOperation(className: string): boolean {
  return KERAS_NAMES.has(className);
}

/**
 * Every Keras operation class, the library's rule or not (for a reader that resolves a class
 * cut short by its column).
 *
 * @returns The names, sorted.
 *
 * @example
 * ```ts
 * import { kerasOperationNames } from "./table.ts";
 * import assert from "assert";
 *
 * assert.ok(kerasOperationNames().includes("LogicalOr"));
 * ```
 */
export function kerasOperationNames(): readonly string[] {
  return KERAS_OPERATION_NAMES;
}

/**
 * The output shape a printed row of an operation is checked against, from the shapes of the
 * tensors it was called on: what its rule gives when its inputs decide its shape (value by
 * value, broadcast, `Matmul`); else, for an operation whose shape depends on a configuration a
 * row does not show (`Transpose`'s axes, `Mean`'s axis), the printed output when some
 * configuration gives it. `undefined` when neither holds, or the inputs do not fit.
 *
 * @param className The operation's class.
 * @param inputs The shapes of the tensors it was called on, in order.
 * @param printed The printed output, when it is printed whole.
 * @returns The output shape, or `undefined`.
 *
 * @example A mask: `not_equal (NotEqual)` on (None, 20), two masks joined, a transpose
 * ```ts
 * import { operationShapeFromInputs } from "./table.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(operationShapeFromInputs("NotEqual", [[null, 20]]), [null, 20]);
 * assert.deepEqual(operationShapeFromInputs("LogicalOr", [[null, 20], [null, 20]]), [null, 20]);
 * assert.equal(operationShapeFromInputs("Transpose", [[null, 8, 12]]), undefined);
 * assert.deepEqual(
 *   operationShapeFromInputs("Transpose", [[null, 12, 8]], [null, 8, 12]),
 *   [null, 8, 12],
 * );
 * assert.equal(operationShapeFromInputs("Transpose", [[null, 12, 8]], [null, 8, 8]), undefined);
 * ```
 */
export function operationShapeFromInputs(
  className: string,
  inputs: readonly Shape[],
  printed?: Shape,
): Shape | undefined {
  const kind = BY_NAME.get(className);
  if (!kind || inputs.length === 0) return undefined;
  if (!kind.byInputs) return printed && kind.fits?.(inputs, printed) ? printed : undefined;
  const config = Object.fromEntries(
    Object.entries(kind.config).map((
      [key, value],
    ) => [key, typeof value === "symbol" ? null : value]),
  );
  try {
    const shape = kind.shape({
      name: className,
      args: inputs.map((shape) => new TensorArg(shape)),
      config,
    });
    return isShapeList(shape) ? undefined : shape;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}
