/**
 * A Functional model from its layer entries: every layer created, then called on the tensors its
 * `inbound_nodes` name, in the order Keras would, and the model made from `input_layers` and
 * `output_layers`.
 *
 * @module
 */

import { Model } from "../model/functional.ts";
import { SymbolicTensor } from "../layers/base.ts";
import type { Layer } from "../layers/base.ts";
import { isInputClass } from "../layers/registry.ts";
import { brief, isObject, stringOr } from "./_detect.ts";
import { type CallRef, callsOf, invocation, type TensorRef, tensorRef } from "./_call.ts";
import { checkBuiltFor, checkWrapped } from "./_built.ts";
import {
  type Context,
  convert,
  type Entry,
  inContext,
  inputLayer,
  readEntry,
  registerModelReader,
  takenNamesOf,
  type Wrapped,
} from "./_entries.ts";
import { isOperationEntry, operationFromEntry } from "./_operations.ts";

/**
 * The tensors `input_layers` or `output_layers` names, flattened as Keras flattens them: lists in
 * order, dicts (Keras 3's named inputs and outputs) by sorted key, nested as deep as written.
 */
function refList(value: unknown, what: string): TensorRef[] {
  const single = tensorRef(value);
  if (single) return [single];
  if (isObject(value)) {
    return Object.keys(value).sort().flatMap((key) => refList(value[key], `${what}["${key}"]`));
  }
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Invalid ${what}: expected [[name, node, tensor], ...], received ${brief(value)}`,
    );
  }
  return value.flatMap((v) => {
    if (!Array.isArray(v) && !isObject(v)) throw new TypeError(`Invalid ${what}: ${brief(v)}`);
    return refList(v, what);
  });
}

/**
 * A layer of the model being read: its entry, the layer, its calls and their outputs so far. A
 * class rather than an object literal, as a reader makes one per layer at once and they live as
 * long as the read (see `ReadEntry` in `_entries.ts`).
 */
class Reading {
  readonly entry: Entry;
  readonly layer: Layer;
  readonly calls: readonly CallRef[];
  /**
   * Each call's outputs: a list, or the one tensor of a call with one output. No list here is
   * made by a literal: V8 pretenured such a literal's site (`[result]`), and an old list keeps
   * the young tensors in it, and through them the whole model, alive until a full collection.
   */
  readonly made: (SymbolicTensor | readonly SymbolicTensor[])[];

  constructor(
    entry: Entry,
    layer: Layer,
    calls: readonly CallRef[],
    made: (SymbolicTensor | readonly SymbolicTensor[])[],
  ) {
    this.entry = entry;
    this.layer = layer;
    this.calls = calls;
    this.made = made;
  }
}

// Sliced, never written to: a list `slice` makes has no allocation site (see `Reading.made`).
const NONE: readonly never[] = [];

/** A reading's list of calls' outputs: empty, or an input layer's one call. */
function madeList(
  outputs: readonly SymbolicTensor[] | undefined,
): (SymbolicTensor | readonly SymbolicTensor[])[] {
  const made: (SymbolicTensor | readonly SymbolicTensor[])[] = NONE.slice();
  if (outputs !== undefined) made.push(outputs);
  return made;
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
  const entries = layers.map((value, i) => readEntry(value, i));
  const takenNames = takenNamesOf(entries);
  // What every layer is read in: the same for all of them (nothing writes to it).
  const wrapped: Wrapped[] = [];
  const context: Context = {
    rank: undefined,
    takenNames,
    batchInputShape: undefined,
    depth,
    wrapped,
  };
  // Each layer with its calls, and the outputs of the calls made so far.
  const byName = new Map<string, Reading>();
  const pending: Reading[] = [];
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
    const input = isInputClass(entry.className);
    // Keras 3 writes the operations between layers (`x + y`) as entries of their own.
    let layer: Layer;
    // As `withContext` does, without a closure per entry.
    try {
      layer = isOperationEntry(entry)
        ? operationFromEntry(entry)
        : input
        ? inputLayer(entry)
        : convert(entry, context);
    } catch (error) {
      throw inContext(entry, error);
    }
    const reading = new Reading(
      entry,
      layer,
      callsOf(entry.inbound, entry),
      madeList(input ? layer.inboundNodes[0].outputs.slice() : undefined),
    );
    byName.set(layerName, reading);
    if (reading.calls.length > 0) pending.push(reading);
  }
  // The tensor a reference names, once the call that makes it has been made.
  const find = (ref: TensorRef, entry: { readonly where: string }): SymbolicTensor | undefined => {
    const reading = byName.get(ref.layer);
    if (reading === undefined) {
      throw new TypeError(
        `${entry.where} reads from layer "${ref.layer}", which the model does not have`,
      );
    }
    const made = reading.made[ref.node];
    return made instanceof SymbolicTensor
      ? (ref.tensor === 0 ? made : undefined)
      : made?.[ref.tensor];
  };
  const ready = (call: CallRef, entry: Entry): boolean => {
    for (const ref of call.refs) if (find(ref, entry) === undefined) return false;
    return true;
  };
  let waiting = pending;
  while (waiting.length > 0) {
    const next: Reading[] = [];
    let progress = false;
    for (const reading of waiting) {
      const { made, calls, entry } = reading;
      while (made.length < calls.length) {
        const call = calls[made.length];
        if (!ready(call, entry)) break;
        const result = callLayer(reading, call, find);
        made.push(result);
        // Keras built the layer from its build_config before this, its first call.
        if (made.length === 1) {
          const node = (result instanceof SymbolicTensor ? result : result[0]).node;
          checkBuiltFor(entry, reading.layer, node.inputs);
        }
        progress = true;
      }
      if (made.length < calls.length) next.push(reading);
    }
    if (!progress) {
      throw new TypeError(
        `The Functional model's layers cannot all be called: ${
          next.map((n) => n.entry.where).join(", ")
        } read tensors no layer produces`,
      );
    }
    waiting = next;
  }
  checkWrapped(wrapped);
  const resolve = (value: unknown, what: string) =>
    refList(value, what).map((ref) => {
      const tensor = find(ref, { where: what });
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

/** Makes one call of a layer on the tensors it names (all made already). */
function callLayer(
  reading: Reading,
  call: CallRef,
  find: (ref: TensorRef, entry: Entry) => SymbolicTensor | undefined,
): SymbolicTensor | SymbolicTensor[] {
  const { entry, layer } = reading;
  try {
    // An operation (`x + 3.0`) may read one tensor and a constant: it takes its tensors as a
    // list, as the merge layer of the same name does.
    if (layer.isOperation) return layer.apply(call.refs.map((ref) => find(ref, entry)!));
    const { inputs, callArgs } = invocation(layer, call, entry, find);
    return layer.apply(inputs, callArgs);
  } catch (error) {
    throw inContext(entry, error);
  }
}

registerModelReader(
  "functional",
  (found, _builtFor, depth) =>
    buildFunctional(found.name, found.layers, found.inputLayers, found.outputLayers, depth),
);
