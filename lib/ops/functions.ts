/**
 * `keras.ops` as functions, made from the declarations: `ops.notEqual(x, 0)` is Keras's
 * `ops.not_equal(x, 0)`, `ops.mean(x, 1)` or `ops.mean(x, { axis: 1, keepdims: true })` is
 * `ops.mean(x, axis=1, keepdims=True)`. The arguments come in Keras's order: the call's tensors
 * (and constants), then the configuration's fields in the order Keras declares them; a last
 * plain object gives fields by name (Keras's or camelCase).
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { snakeCase } from "../layers/base.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import type { OperationKind } from "./kind.ts";
import { Slice } from "./kind.ts";
import { Operation } from "./operation.ts";
import { operationKinds } from "./table.ts";

/** A `keras.ops` function: tensors and constants in, the output tensor out. */
export type OpFunction = (...args: unknown[]) => SymbolicTensor;

function isOptions(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) &&
    Object.getPrototypeOf(value) === Object.prototype && !(value instanceof Slice);
}

function camelCase(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

function functionOf(kind: OperationKind): OpFunction {
  const fields = Object.keys(kind.config);
  // `einsum(subscripts, *operands)`: the configuration comes first.
  const configFirst = kind.args[0].startsWith("*");
  const callCount = configFirst ? Infinity : kind.args.length;
  return (...given: unknown[]) => {
    const args = [...given];
    const named: Record<string, unknown> = {};
    if (args.length > 0 && isOptions(args.at(-1))) {
      for (const [key, value] of Object.entries(args.pop() as Record<string, unknown>)) {
        const field = fields.includes(key) ? key : snakeCase(key);
        if (!fields.includes(field) && key !== "name") {
          throw new TypeError(
            `ops.${camelCase(snakeCase(kind.className))} has no option ${
              describeValue(key)
            }: Keras's ${kind.className} takes ${fields.join(", ") || "none"}`,
          );
        }
        named[key === "name" ? "name" : field] = value;
      }
    }
    const config: Record<string, unknown> = {};
    const leading = configFirst ? fields.length : 0;
    const positional = configFirst ? args.slice(leading) : args.slice(0, callCount);
    const options = configFirst ? args.slice(0, leading) : args.slice(callCount);
    if (options.length > fields.length) {
      throw new TypeError(
        `ops.${camelCase(snakeCase(kind.className))} takes ${
          [...kind.args, ...fields].join(", ")
        }, received ${given.length} arguments`,
      );
    }
    options.forEach((value, i) => (config[fields[i]] = value));
    for (const [key, value] of Object.entries(named)) {
      if (Object.hasOwn(config, key)) {
        throw new TypeError(`ops.${camelCase(snakeCase(kind.className))} got ${key} twice`);
      }
      config[key] = value;
    }
    return new Operation(kind.className, config).call(...positional);
  };
}

/**
 * Every operation the library reads, as a function named as Keras names it, in camelCase
 * (`notEqual`, `expandDims`, `getItem` for `x[key]`). Those with several outputs (`Split`,
 * `Unstack`, `TopK`, `Moments`) are called with `new Operation(className, config).callSeveral()`.
 *
 * @example `ops.not_equal`, `ops.expand_dims`, `ops.mean`, `ops.stack`, `x[:, 0]`
 * ```ts
 * import { Input, ops, Slice } from "../../mod.ts";
 * import assert from "assert";
 *
 * const tokens = new Input({ shape: [12] });
 * const mask = ops.notEqual(tokens, 0);
 * assert.deepEqual(ops.expandDims(mask, -1).shape, [null, 12, 1]);
 * const h = new Input({ shape: [12, 8] });
 * assert.deepEqual(ops.mean(h, { axis: 1, keepdims: true }).shape, [null, 1, 8]);
 * assert.deepEqual(ops.stack([ops.mean(h, 1), ops.getItem(h, [new Slice(), 0])], 1).shape, [
 *   null,
 *   2,
 *   8,
 * ]);
 * assert.deepEqual(ops.einsum("bij,bjk->bik", h, ops.transpose(h, [0, 2, 1])).shape, [
 *   null,
 *   12,
 *   12,
 * ]);
 * ```
 */
export const ops: Readonly<Record<string, OpFunction>> = Object.freeze(
  Object.fromEntries(
    operationKinds().filter((kind) => !kind.severalOutputs).flatMap((kind) =>
      [kind.className, ...(kind.aliases ?? [])].map((
        name,
      ) => [camelCase(snakeCase(name)), functionOf(kind)])
    ),
  ),
);
