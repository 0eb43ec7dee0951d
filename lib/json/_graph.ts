/**
 * A Functional model from its layer entries: every layer created, then called on the tensors its
 * `inbound_nodes` name, in the order Keras would, and the model made from `input_layers` and
 * `output_layers`.
 *
 * @module
 */

import { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/node.ts";
import type { Layer } from "../layers/base.ts";
import { isInputClass } from "../layers/registry.ts";
import { brief, isObject, stringOr } from "./_detect.ts";
import {
  convert,
  type Entry,
  inputLayer,
  readEntry,
  registerModelReader,
  withContext,
} from "./_entries.ts";
import { isOperationEntry, operationFromEntry } from "./_operations.ts";

interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** One call of a layer as the JSON writes it: the tensors it takes, and whether as a list. */
interface CallRef {
  readonly inputs: readonly TensorRef[];
  readonly list: boolean;
}

function tensorRef(value: unknown, where: string): TensorRef | undefined {
  // Keras 3: {"class_name": "__keras_tensor__", "config": {"keras_history": [name, node, i]}}.
  if (isObject(value) && value.class_name === "__keras_tensor__" && isObject(value.config)) {
    return tensorRef(value.config.keras_history, where);
  }
  // Keras 2, TF.js and Keras 3's input_layers: [name, node, tensor] (Keras 2 adds kwargs).
  if (
    Array.isArray(value) && typeof value[0] === "string" && Number.isInteger(value[1]) &&
    Number.isInteger(value[2])
  ) {
    return { layer: value[0], node: value[1], tensor: value[2] };
  }
  // Anything else (None, a flag such as training=False, a list) is an argument, not a tensor.
  void where;
  return undefined;
}

/** The calls of a layer, from Keras 3's `{args, kwargs}` or Keras 2's `[[name, node, i, {}]]`. */
function callsOf(entry: Entry): CallRef[] {
  const inbound = entry.inbound ?? [];
  if (!Array.isArray(inbound)) {
    throw new TypeError(`Invalid "inbound_nodes" of ${entry.where}: ${brief(inbound)}`);
  }
  return inbound.map((node): CallRef => {
    if (isObject(node)) {
      const args = Array.isArray(node.args) ? node.args : [];
      if (
        args.length === 1 && Array.isArray(args[0]) && tensorRef(args[0], entry.where) === undefined
      ) {
        const inputs = args[0].map((a) => tensorRef(a, entry.where)).filter(isRef);
        return { inputs, list: true };
      }
      const inputs = args.map((a) => tensorRef(a, entry.where)).filter(isRef);
      if (isObject(node.kwargs)) {
        for (const value of Object.values(node.kwargs)) {
          const ref = tensorRef(value, entry.where);
          if (ref) inputs.push(ref);
        }
      }
      return { inputs, list: inputs.length > 1 };
    }
    if (Array.isArray(node)) {
      const inputs = node.map((a) => tensorRef(a, entry.where)).filter(isRef);
      return { inputs, list: inputs.length > 1 };
    }
    throw new TypeError(`Invalid inbound node of ${entry.where}: ${brief(node)}`);
  });
}

function isRef(ref: TensorRef | undefined): ref is TensorRef {
  return ref !== undefined;
}

function refList(value: unknown, what: string): TensorRef[] {
  const single = tensorRef(value, what);
  if (single) return [single];
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Invalid ${what}: expected [[name, node, tensor], ...], received ${brief(value)}`,
    );
  }
  return value.map((v) => {
    const ref = tensorRef(v, what);
    if (!ref) throw new TypeError(`Invalid ${what}: ${brief(v)}`);
    return ref;
  });
}

/**
 * Rebuilds a Functional model: creates every layer, then calls each on the tensors its
 * `inbound_nodes` name, in the order Keras would, deferring a call until its inputs exist.
 */
export function buildFunctional(
  name: string | undefined,
  layers: readonly unknown[],
  inputLayers: unknown,
  outputLayers: unknown,
  depth: number,
): Model {
  const entries = layers.map((value, i) => readEntry(value, `layer ${i}`));
  const takenNames = new Set(
    entries.map((e) => e.config.name).filter((n): n is string => typeof n === "string"),
  );
  const byName = new Map<string, { entry: Entry; layer: Layer; calls: CallRef[] }>();
  const outputs = new Map<string, SymbolicTensor[][]>();
  for (const entry of entries) {
    const layerName = stringOr(entry.config.name);
    if (layerName === undefined) {
      throw new TypeError(`Invalid ${entry.where}: a Functional model's layer needs a "name"`);
    }
    if (byName.has(layerName)) {
      throw new TypeError(
        `The name "${layerName}" is used 2 times in the model. All operation names should be ` +
          `unique.`,
      );
    }
    // Keras 3 writes the operations between layers (`x + y`) as entries of their own.
    const layer = isOperationEntry(entry)
      ? withContext(entry, () => operationFromEntry(entry))
      : isInputClass(entry.className)
      ? withContext(entry, () => inputLayer(entry))
      : withContext(entry, () =>
        convert(entry, { rank: undefined, takenNames, batchInputShape: undefined, depth }));
    byName.set(layerName, { entry, layer, calls: callsOf(entry) });
    outputs.set(
      layerName,
      isInputClass(entry.className) ? [[...layer.inboundNodes[0].outputs]] : [],
    );
  }
  const find = (ref: TensorRef, where: string): SymbolicTensor | undefined => {
    if (!byName.has(ref.layer)) {
      throw new TypeError(
        `${where} reads from layer "${ref.layer}", which the model does not have`,
      );
    }
    return outputs.get(ref.layer)?.[ref.node]?.[ref.tensor];
  };
  let pending = [...byName.values()].filter((l) => l.calls.length > 0);
  while (pending.length > 0) {
    const next: typeof pending = [];
    let progress = false;
    for (const item of pending) {
      const made = outputs.get(stringOr(item.entry.config.name)!)!;
      while (made.length < item.calls.length) {
        const call = item.calls[made.length];
        const inputs = call.inputs.map((ref) => find(ref, item.entry.where));
        if (inputs.some((t) => t === undefined)) break;
        const tensors = inputs as SymbolicTensor[];
        // An operation (`x + 3.0`) may read one tensor and a constant: it takes its tensors
        // as a list, as the merge layer of the same name does.
        const asList = call.list || tensors.length !== 1 || item.layer.isOperation;
        const result = withContext(
          item.entry,
          () => item.layer.apply(asList ? tensors : tensors[0]),
        );
        made.push(Array.isArray(result) ? result : [result]);
        progress = true;
      }
      if (made.length < item.calls.length) next.push(item);
    }
    if (!progress) {
      throw new TypeError(
        `The Functional model's layers cannot all be called: ${
          next.map((n) => n.entry.where).join(", ")
        } read tensors no layer produces`,
      );
    }
    pending = next;
  }
  const resolve = (value: unknown, what: string) =>
    refList(value, what).map((ref) => {
      const tensor = find(ref, what);
      if (!tensor) {
        throw new TypeError(
          `Invalid ${what}: "${ref.layer}" has no output [${ref.node}][${ref.tensor}]`,
        );
      }
      return tensor;
    });
  return new Model({
    inputs: resolve(inputLayers, `"input_layers"`),
    outputs: resolve(outputLayers, `"output_layers"`),
    name,
  });
}

registerModelReader(
  "functional",
  (found, _builtFor, depth) =>
    buildFunctional(found.name, found.layers, found.inputLayers, found.outputLayers, depth),
);
