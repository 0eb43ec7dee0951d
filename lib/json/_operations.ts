// Keras 3 writes a keras.ops call on symbolic tensors (`ops.not_equal(x, 0)`, `x[:, 0]`) as an
// entry of its own, whose `module` is `keras.src.ops…`: the operation's configuration in
// `config`, and its call's arguments (tensors and constants: 0, slices, `...`) in its one
// inbound node. This reads such an entry into an Operation whose call keeps the constants, with
// a slot for each tensor in the order `_graph.ts` applies it to them. Internal to lib/json/.

import type { Layer } from "../layers/base.ts";
import { findOperation } from "../ops/table.ts";
import { ELLIPSIS, Slice } from "../ops/kind.ts";
import {
  type CallTemplate,
  Operation,
  TensorSlot,
  UnknownOperationError,
} from "../ops/operation.ts";
import { brief, isObject } from "./_detect.ts";
import type { Entry } from "./_entries.ts";

/** Whether an entry is a Keras operation, not a layer. */
export function isOperationEntry(entry: Entry): boolean {
  // Most entries are layers (`keras.layers`): the substring rules them out before the pattern.
  return entry.module !== undefined && entry.module.includes(".ops") &&
    /^keras(\.src)?\.ops(\.|$)/.test(entry.module);
}

/**
 * The operation an entry stands for, its call's constants kept.
 *
 * @throws {UnknownOperationError} When the library has no rule for the class.
 * @throws {TypeError} When its configuration or a constant cannot be read.
 */
export function operationFromEntry(entry: Entry): Layer {
  const kind = findOperation(entry.className);
  if (!kind) throw new UnknownOperationError(entry.className, entry.module, entry.where);
  return new Operation(entry.className, entry.config, callTemplate(entry, kind.args));
}

function isTensor(value: unknown): boolean {
  return isObject(value) && value.class_name === "__keras_tensor__";
}

/**
 * The call's arguments with slots for its tensors, numbered as `_graph.ts` finds them: a call
 * on one list takes the list's tensors; any other, its positional tensors then its keyword ones.
 */
function callTemplate(entry: Entry, names: readonly string[]): CallTemplate[] | undefined {
  const inbound = entry.inbound;
  if (!Array.isArray(inbound) || inbound.length === 0) return undefined;
  const node = inbound[0];
  if (!isObject(node)) return undefined;
  const args = Array.isArray(node.args) ? node.args : [];
  let next = 0;
  const sole = args.length === 1 && Array.isArray(args[0]);
  const read = (value: unknown, depth: number): CallTemplate => {
    if (isTensor(value)) {
      if (depth > (sole ? 1 : 0)) {
        throw new TypeError(
          `Invalid call of ${entry.where}: a tensor nested in a list argument is not read`,
        );
      }
      return new TensorSlot(next++);
    }
    if (Array.isArray(value)) return value.map((v) => read(v, depth + 1));
    if (isObject(value)) {
      if (value.class_name === "__slice__" && isObject(value.config)) {
        const { start, stop, step } = value.config;
        return new Slice(bound(start, entry), bound(stop, entry), bound(step, entry));
      }
      if (value.class_name === "__ellipsis__") return ELLIPSIS;
      throw new TypeError(
        `Invalid call of ${entry.where}: the constant ${brief(value)} is not read, so the ` +
          `operation's shape cannot be computed`,
      );
    }
    if (
      value === null || typeof value === "number" || typeof value === "boolean" ||
      typeof value === "string"
    ) {
      return value;
    }
    throw new TypeError(`Invalid call of ${entry.where}: ${brief(value)}`);
  };
  const template: CallTemplate[] = args.map((a) => read(a, 0));
  if (isObject(node.kwargs)) {
    for (const [key, value] of Object.entries(node.kwargs)) {
      const at = names.indexOf(key);
      if (at < 0) {
        throw new TypeError(
          `Invalid call of ${entry.where}: ${entry.className} takes ${
            names.join(", ")
          }, not "${key}"`,
        );
      }
      while (template.length < at) template.push(null);
      template[at] = read(value, 0);
    }
  }
  return template;
}

function bound(value: unknown, entry: Entry): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new TypeError(`Invalid slice in the call of ${entry.where}: ${brief(value)}`);
}
