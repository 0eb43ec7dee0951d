/**
 * A Keras operation's declaration: everything the library knows about one `keras.ops` class
 * (`NotEqual`, `Transpose`, `GetItem`, …), said once. Keras 3 writes a `keras.ops` call on a
 * symbolic tensor as an entry of its own in a Functional model's JSON, and prints it as a row of
 * the summary; an operation holds no weights, and its output shape follows the rule its
 * `compute_output_spec` computes. The Keras-JSON reader, the summary reader and
 * {@linkcode Operation} all read the declaration; none of them names an operation.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Shape } from "../shape.ts";
import { expectNumber, expectObject, expectString, expectWith } from "../guard.ts";

/** The module of `keras.src.ops` an operation is defined in. */
export type OperationModule = "numpy" | "nn" | "core" | "math";

/**
 * A tensor given to an operation, as its shape rule sees it: its shape.
 *
 * @example
 * ```ts
 * import { TensorArg } from "./kind.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(new TensorArg([null, 12]).shape, [null, 12]);
 * ```
 */
export class TensorArg {
  /**
   * Wraps a tensor's shape.
   *
   * @param shape The tensor's shape, batch dimension first.
   */
  constructor(readonly shape: Shape) {}
}

/**
 * A Python slice, `start:stop:step`, as Keras writes one (`{"class_name": "__slice__"}`).
 *
 * @example `x[:, 0, 1:]`'s key
 * ```ts
 * import { Slice } from "./kind.ts";
 * import assert from "assert";
 *
 * const key = [new Slice(), 0, new Slice(1)];
 * assert.equal((key[2] as Slice).start, 1);
 * ```
 */
export class Slice {
  /**
   * Creates the slice `start:stop:step`.
   *
   * @param start Where the slice starts, `null` for the default.
   * @param stop Where it stops, `null` for the default.
   * @param step Its step, `null` for 1.
   */
  constructor(
    readonly start: number | null = null,
    readonly stop: number | null = null,
    readonly step: number | null = null,
  ) {}
}

/**
 * Python's `...` in an index (`x[..., 0]`).
 *
 * @example
 * ```ts
 * import { ELLIPSIS, Input, Operation } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [3, 4, 5] });
 * assert.deepEqual(new Operation("GetItem").call(x, [ELLIPSIS, 0]).shape, [null, 3, 4]);
 * ```
 */
export const ELLIPSIS: unique symbol = Symbol("Ellipsis");

/**
 * A value an operation is called with: a tensor, or a constant as Keras writes it (a number, a
 * flag, a string, `null`, a slice, `...`, or a list of values).
 */
export type CallValue =
  | TensorArg
  | Slice
  | typeof ELLIPSIS
  | number
  | boolean
  | string
  | null
  | readonly CallValue[];

/**
 * Marks a configuration field Keras must be given (`Reshape`'s `newshape`).
 *
 * @example
 * ```ts
 * import { findOperation, REQUIRED } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(findOperation("Reshape")?.config.newshape, REQUIRED);
 * ```
 */
export const REQUIRED: unique symbol = Symbol("required");

/** One call of an operation, as its shape rule sees it. */
export interface OperationCall {
  /** The operation's name, for messages. */
  readonly name: string;
  /** The call's positional arguments, tensors as their shapes. */
  readonly args: readonly CallValue[];
  /** The configuration, by Keras's names, defaults filled in. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Everything the library knows about a Keras operation class. */
export interface OperationKind {
  /** Keras's class name, e.g. `"NotEqual"`. */
  readonly className: string;
  /** Other classes Keras writes for the same operation (`Abs` for `Absolute`). */
  readonly aliases?: readonly string[];
  /** Where Keras defines it: `keras.src.ops.<module>`. */
  readonly module: OperationModule;
  /** One line for a learner: what it computes. */
  readonly summary: string;
  /**
   * Its configuration by Keras's names (`axis`, `keepdims`, `newshape`), each with Keras's
   * default, or {@linkcode REQUIRED}. A field that decides no shape (a dtype) is declared too, so
   * that a field not declared is refused.
   */
  readonly config: Readonly<Record<string, unknown>>;
  /** The call's positional arguments by Keras's names (`["x1", "x2"]`, `["x", "key"]`). */
  readonly args: readonly string[];
  /**
   * Keras's shape rule (`compute_output_spec`): the output's shape, or a list of shapes for
   * an operation with several outputs (`Split`).
   *
   * @throws {RangeError} When Keras refuses the shapes, in Keras's words.
   * @throws {TypeError} When a configuration value or a constant is of the wrong type.
   */
  readonly shape: (call: OperationCall) => Shape | readonly Shape[];
  /**
   * Whether the output shape follows from the tensors given alone, whatever the configuration
   * (value by value, broadcast, `Matmul`): a printed row's shape can then be checked from the
   * shapes of the rows it is connected to.
   */
  readonly byInputs?: boolean;
  /** Whether it has several outputs (`Split`): its rule gives a list of shapes. */
  readonly severalOutputs?: boolean;
  /**
   * For an operation whose shape also depends on a configuration a printed row does not show
   * (`Transpose`'s axes): whether some configuration gives the printed output from the inputs.
   */
  readonly fits?: (inputs: readonly Shape[], printed: Shape) => boolean;
}

/**
 * Declares an operation. Checks the declaration itself, so a slip fails when the library
 * loads.
 *
 * @param kind The declaration.
 * @returns The same declaration.
 * @throws {TypeError} When it declares no call argument.
 *
 * @example
 * ```ts
 * import { defineOperation, tensorShape } from "./kind.ts";
 * import assert from "assert";
 *
 * const identity = defineOperation({
 *   className: "Identity",
 *   module: "core",
 *   summary: "Its input, unchanged.",
 *   config: {},
 *   args: ["x"],
 *   shape: (call) => tensorShape(call, 0),
 * });
 * assert.equal(identity.module, "core");
 * ```
 */
export function defineOperation(kind: OperationKind): OperationKind {
  expectObject(
    "defineOperation",
    "its operation",
    kind,
    "an operation's declaration ({ className, … })",
  );
  expectString("defineOperation", "its className", kind.className, "a Keras operation name");
  if (kind.args.length === 0) {
    throw new TypeError(`Invalid declaration of ${kind.className}: it declares no argument`);
  }
  return kind;
}

/**
 * The shape of the tensor an operation was given as argument `index`.
 *
 * @param call The call.
 * @param index The argument's position.
 * @returns Its shape.
 * @throws {TypeError} When that argument is not a tensor.
 *
 * @example
 * ```ts
 * import { TensorArg, tensorShape } from "./kind.ts";
 * import assert from "assert";
 *
 * const call = { name: "relu", args: [new TensorArg([null, 4])], config: {} };
 * assert.deepEqual(tensorShape(call, 0), [null, 4]);
 * ```
 */
export function tensorShape(call: OperationCall, index: number): Shape {
  expectWith("tensorShape", "its call", call, "an operation's call", "args");
  expectNumber("tensorShape", "its index", index);
  const value = call.args[index];
  if (value instanceof TensorArg) return value.shape;
  throw new TypeError(
    `Operation "${call.name}" needs a tensor as argument ${index}, received ${
      describeConstant(value)
    }`,
  );
}

/**
 * The shape Keras gives an argument of a value-by-value operation: a tensor's shape, and `()`
 * for anything else (Keras reads `getattr(x, "shape", [])`, so a constant broadcasts as a
 * scalar).
 *
 * @param value An argument.
 * @returns Its shape.
 *
 * @example
 * ```ts
 * import { operandShape, TensorArg } from "./kind.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(operandShape(new TensorArg([null, 3])), [null, 3]);
 * assert.deepEqual(operandShape(0), []);
 * ```
 */
export function operandShape(value: CallValue | undefined): Shape {
  return value instanceof TensorArg ? value.shape : [];
}

/**
 * A constant or tensor argument, for a message.
 *
 * @param value An argument.
 * @returns A short description.
 *
 * @example
 * ```ts
 * import { describeConstant, TensorArg } from "./kind.ts";
 * import assert from "assert";
 *
 * assert.equal(describeConstant(new TensorArg([null, 3])), "a tensor of shape (None, 3)");
 * ```
 */
export function describeConstant(value: CallValue | undefined): string {
  if (value instanceof TensorArg) return `a tensor of shape ${describeValue(value.shape)}`;
  if (value instanceof Slice) {
    const part = (v: number | null) => (v === null ? "" : String(v));
    return `the slice ${part(value.start)}:${part(value.stop)}${
      value.step === null ? "" : `:${value.step}`
    }`;
  }
  if (value === ELLIPSIS) return "...";
  if (value === undefined) return "nothing";
  return describeValue(value);
}
