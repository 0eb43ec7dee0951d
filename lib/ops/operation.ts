/**
 * A Keras operation in a graph: a `keras.ops` call on symbolic tensors (`ops.not_equal(x, 0)`,
 * `ops.transpose(h, [0, 2, 1])`, `x[:, 0]`). Keras 3 writes each as an entry of its own and
 * prints it as a row of the summary; it holds no weights, and its output shape follows its
 * declaration's rule ({@linkcode OperationKind}). Here it is a layer marked as an operation, so a
 * {@linkcode Model} holds it, prints its row and counts its 0 parameters as any other.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import type { Shape } from "../shape.ts";
import { type ApplyInput, Layer, snakeCase } from "../layers/base.ts";
import type { InputShape, InputSpec, OutputShape, WeightSpec } from "../layers/args.ts";
import type { LayerKind } from "../layers/kind.ts";
import { SymbolicTensor } from "../layers/base.ts";
import {
  type CallValue,
  ELLIPSIS,
  type OperationKind,
  REQUIRED,
  Slice,
  TensorArg,
} from "./kind.ts";
import { findOperation, isKerasOperation } from "./table.ts";

/**
 * Where a call's tensor goes among an operation's arguments: the `index`-th tensor the
 * operation is applied to. A call written as a template of constants and slots is filled with
 * the tensors' shapes when the operation is applied.
 *
 * @example `ops.not_equal(x, 0)` as a template
 * ```ts
 * import { Input, Operation, TensorSlot } from "../../mod.ts";
 * import assert from "assert";
 *
 * const op = new Operation("NotEqual", {}, [new TensorSlot(0), 0]);
 * assert.deepEqual(op.apply(new Input({ shape: [20] })).shape, [null, 20]);
 * ```
 */
export class TensorSlot {
  /**
   * Names the tensor.
   *
   * @param index Which of the tensors given to `apply` goes here.
   */
  constructor(readonly index: number) {}
}

/** A call's arguments with slots for its tensors. */
export type CallTemplate =
  | TensorSlot
  | Exclude<CallValue, TensorArg | readonly CallValue[]>
  | readonly CallTemplate[];

/**
 * A Keras operation was read that the library has no rule for: Keras defines it (or its
 * module says it is an operation), but paramlab cannot compute its output shape.
 *
 * @example
 * ```ts
 * import { Operation, UnknownOperationError } from "./operation.ts";
 * import assert from "assert";
 *
 * assert.throws(() => new Operation("Fft2"), UnknownOperationError);
 * ```
 */
export class UnknownOperationError extends TypeError {
  /** The class Keras wrote. */
  readonly className: string;
  /** The module Keras wrote, when known (`"keras.src.ops.math"`). */
  readonly module: string | undefined;

  /**
   * Creates the error, naming the operation.
   *
   * @param className The class.
   * @param module The module, when known.
   * @param where Where it was read (`layer 16 "tile" (Sort)`), when it was.
   */
  constructor(className: string, module?: string, where?: string) {
    super(
      `${where === undefined ? "" : `In ${where}: `}${JSON.stringify(className)}${
        module === undefined ? "" : ` (module "${module}")`
      } is an unknown Keras operation: paramlab has no rule for its output shape, so the ` +
        `model is refused rather than read wrong${
          isKerasOperation(className) ? "" : `. Keras 3.15 defines no operation of that name`
        }`,
    );
    this.name = "UnknownOperationError";
    this.className = className;
    this.module = module;
  }
}

const LAYER_KINDS = new Map<OperationKind, LayerKind>();

/** The layer kind an operation stands as in a model: no options, no weights. */
function layerKindOf(op: OperationKind): LayerKind {
  let kind = LAYER_KINDS.get(op);
  if (!kind) {
    kind = {
      className: op.className,
      family: "operation",
      summary: op.summary,
      options: {},
      create: (config) => new Operation(op.className, config),
      weightless: true,
      noWeights: () =>
        `${op.className} is a Keras operation (keras.src.ops.${op.module}): ${
          op.summary[0].toLowerCase() + op.summary.slice(1)
        } A fixed computation on its inputs, so it has no weights.`,
    };
    LAYER_KINDS.set(op, kind);
  }
  return kind;
}

/**
 * A Keras operation, as a node of a graph.
 *
 * @example `ops.not_equal(tokens, 0)`, then `ops.transpose`
 * ```ts
 * import { Input, Model, Operation } from "../../mod.ts";
 * import assert from "assert";
 *
 * const tokens = new Input({ shape: [12] });
 * const mask = new Operation("NotEqual").call(tokens, 0);
 * assert.deepEqual(mask.shape, [null, 12]);
 * const h = new Input({ shape: [12, 8] });
 * const t = new Operation("Transpose", { axes: [0, 2, 1] }).call(h);
 * assert.deepEqual(t.shape, [null, 8, 12]);
 * const model = new Model({ inputs: [tokens, h], outputs: [mask, t] });
 * assert.equal(model.paramCount(), 0);
 * ```
 */
export class Operation extends Layer {
  /** The operation's declaration. */
  readonly operation: OperationKind;
  /** Its configuration by Keras's names, defaults filled in. */
  readonly operationConfig: Readonly<Record<string, unknown>>;
  #template: readonly CallTemplate[] | undefined;

  /**
   * Creates an operation from its Keras class and configuration.
   *
   * @param className The Keras class, e.g. `"Mean"`.
   * @param config Its configuration by Keras's names (`{ axis: 1, keepdims: false }`), and
   * optionally its `name`.
   * @param call The arguments of its call, tensors as {@linkcode TensorSlot}s (the JSON reader
   * gives them; `call()` makes them from its arguments).
   * @throws {UnknownOperationError} When the library has no rule for the class.
   * @throws {TypeError} When the configuration has a field Keras's class does not take, or
   * lacks one it must be given.
   */
  constructor(
    className: string,
    config: Readonly<Record<string, unknown>> = {},
    call?: readonly CallTemplate[],
  ) {
    if (typeof className !== "string") {
      throw new TypeError(
        `Invalid operation class: expected a Keras class name such as "NotEqual", received ${
          describeValue(className)
        }`,
      );
    }
    const op = findOperation(className);
    if (!op) throw new UnknownOperationError(className);
    if (typeof config !== "object" || config === null || Array.isArray(config)) {
      throw new TypeError(
        `Invalid configuration of operation ${className}: expected an object, received ${
          describeValue(config)
        }`,
      );
    }
    const { name, ...fields } = config;
    if (name !== undefined && typeof name !== "string") {
      throw new TypeError(
        `Invalid name of operation ${className}: expected a string, received ${
          describeValue(name)
        }`,
      );
    }
    super(name === undefined ? {} : { name }, layerKindOf(op));
    this.operation = op;
    this.operationConfig = resolveConfig(op, fields);
    this.#template = call;
    this.markOperation();
  }

  /**
   * Calls the operation as Keras's `keras.ops` function is called: tensors and constants, in
   * Keras's order (`call(x, 0)` for `ops.not_equal(x, 0)`; `call([a, b])` for `ops.stack`).
   *
   * @param args The arguments: tensors (or `Input`s), numbers, flags, strings, `null`,
   * {@linkcode Slice}s, {@linkcode ELLIPSIS}, or lists of them.
   * @returns The output tensor.
   * @throws {IncompatibleShapeError} When Keras would refuse the shapes.
   */
  call(...args: readonly unknown[]): SymbolicTensor {
    if (this.operation.severalOutputs) {
      throw new TypeError(
        `Operation ${this.className} has several outputs: call it with callSeveral()`,
      );
    }
    return this.#callWith(args) as SymbolicTensor;
  }

  /**
   * Calls an operation with several outputs (`Split`, `Unstack`, `TopK`, `Moments`), as
   * `call()` does.
   *
   * @param args The arguments, as for `call()`.
   * @returns The output tensors.
   * @throws {IncompatibleShapeError} When Keras would refuse the shapes.
   *
   * @example `ops.split(x, 2, axis=-1)`
   * ```ts
   * import { Input, Operation } from "../../mod.ts";
   * import assert from "assert";
   *
   * const x = new Input({ shape: [12, 8] });
   * const [a, b] = new Operation("Split", { indices_or_sections: 2, axis: -1 }).callSeveral(x);
   * assert.deepEqual([a.shape, b.shape], [[null, 12, 4], [null, 12, 4]]);
   * ```
   */
  callSeveral(...args: readonly unknown[]): SymbolicTensor[] {
    const result = this.#callWith(args);
    return Array.isArray(result) ? result : [result];
  }

  #callWith(args: readonly unknown[]): SymbolicTensor | SymbolicTensor[] {
    if (this.inboundNodes.length > 0) {
      throw new TypeError(
        `Operation "${this.name}" (${this.className}) was already called: Keras creates one ` +
          `operation per call, so create another`,
      );
    }
    const tensors: SymbolicTensor[] = [];
    const slot = (value: unknown, depth: number): CallTemplate => {
      const tensor = value instanceof SymbolicTensor
        ? value
        : value instanceof Layer && value.inboundNodes.length > 0
        ? value.inboundNodes.at(-1)!.outputs[0]
        : undefined;
      if (tensor) {
        tensors.push(tensor);
        return new TensorSlot(tensors.length - 1);
      }
      if (Array.isArray(value)) {
        if (depth > 0 && value.some((v) => v instanceof SymbolicTensor)) {
          throw new TypeError(
            `Operation "${this.name}" (${this.className}) takes tensors in its arguments or in ` +
              `one list, not in nested lists`,
          );
        }
        return value.map((v) => slot(v, depth + 1));
      }
      if (
        value === null || value === ELLIPSIS || value instanceof Slice ||
        ["number", "boolean", "string"].includes(typeof value)
      ) {
        return value as CallTemplate;
      }
      throw new TypeError(
        `Invalid argument of operation "${this.name}" (${this.className}): expected a tensor, ` +
          `a number, a flag, a string, null, a Slice, ELLIPSIS or a list of them, received ${
            describeValue(value)
          }`,
      );
    };
    this.#template = args.map((a) => slot(a, 0));
    if (tensors.length === 0) {
      throw new TypeError(
        `Operation "${this.name}" (${this.className}) needs a tensor among its arguments, ` +
          `received ${args.map(describeValue).join(", ") || "none"}: Keras computes a call on ` +
          `constants at once, with no operation in the graph`,
      );
    }
    return super.apply(tensors);
  }

  /**
   * Applies the operation to the tensors of its call (see `call()` for constants).
   *
   * @param inputs The tensors, in the order of its call.
   * @returns The output tensor.
   */
  override apply(inputs: ApplyInput): SymbolicTensor {
    const list = Array.isArray(inputs) ? inputs : [inputs];
    return super.apply(list as readonly (SymbolicTensor | Layer)[]) as SymbolicTensor;
  }

  /**
   * The shape of the one tensor the operation was called on.
   *
   * @returns The shape.
   * @throws {TypeError} When it was called on several tensors: see `inputShapes()`.
   */
  override inputShape(): Shape {
    const shapes = this.inputShapes();
    return shapes.length === 1 ? shapes[0] : super.inputShape();
  }

  /** An operation takes its tensors as a list, in the order of its call. */
  protected override get takesList(): boolean {
    return true;
  }

  /** Any input: the shape rule checks it. */
  protected get inputSpec(): InputSpec {
    return {};
  }

  /** No weights: an operation holds none. */
  protected buildWeights(): readonly WeightSpec[] {
    return [];
  }

  /**
   * The declaration's shape rule on the call, its tensors' shapes filled in.
   *
   * @param inputShape The shapes of the tensors of the call, in order.
   * @returns The output shape.
   */
  protected computeOutputShape(inputShape: InputShape): OutputShape {
    const shapes = inputShape as readonly Shape[];
    const template = this.#template ?? shapes.map((_, i) => new TensorSlot(i));
    const fill = (t: CallTemplate): CallValue => {
      if (t instanceof TensorSlot) {
        const shape = shapes[t.index];
        if (!shape) {
          throw new TypeError(
            `Operation "${this.name}" (${this.className}) was given ${shapes.length} tensor(s), ` +
              `its call reads tensor ${t.index}`,
          );
        }
        return new TensorArg(shape);
      }
      if (Array.isArray(t)) return t.map(fill);
      return t as CallValue;
    };
    const args = template.map(fill);
    const op = this.operation;
    const variadic = op.args.at(-1)!.startsWith("*");
    if (!variadic && args.length > op.args.length) {
      throw new TypeError(
        `Operation "${this.name}" (${this.className}) takes ${op.args.join(", ")}, received ` +
          `${args.length} arguments`,
      );
    }
    try {
      return op.shape({ name: this.name, args, config: this.operationConfig });
    } catch (error) {
      if (error instanceof RangeError && !(error instanceof IncompatibleShapeError)) {
        throw new IncompatibleShapeError(
          this.name,
          shapes[0] ?? [],
          `Operation "${this.name}" (${this.className}) cannot take its inputs: ${error.message}`,
        );
      }
      throw error;
    }
  }
}

/** The configuration with Keras's defaults; a field Keras's class does not take is refused. */
function resolveConfig(
  op: OperationKind,
  fields: Readonly<Record<string, unknown>>,
): Readonly<Record<string, unknown>> {
  const config: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    if (!Object.hasOwn(op.config, key)) {
      const takes = Object.keys(op.config);
      // Keras's names are snake_case (`num_classes`, `keepdims`): a camelCase key gets its name.
      const meant = takes.find((t) =>
        t === snakeCase(key) || t.replaceAll("_", "") === key.toLowerCase()
      );
      throw new TypeError(
        `Unsupported configuration "${key}" of operation ${op.className}${
          meant === undefined ? "" : ` (Keras names it "${meant}")`
        }: Keras's ${op.className} takes ${takes.length === 0 ? "none" : takes.join(", ")}`,
      );
    }
  }
  for (const [key, fallback] of Object.entries(op.config)) {
    const value = Object.hasOwn(fields, key) ? fields[key] : fallback;
    if (value === REQUIRED) {
      throw new TypeError(`Operation ${op.className} needs "${key}" in its configuration`);
    }
    config[key] = value;
  }
  return config;
}
