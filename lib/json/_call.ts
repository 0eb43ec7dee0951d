/**
 * One call of a layer as the JSON writes it, read as Keras reads it: Keras 3's
 * `{"args": [...], "kwargs": {...}}` (tensors as `__keras_tensor__` entries anywhere in either),
 * Keras 2's and TF.js's `[[name, node, tensor, kwargs], ...]` (kwargs in each entry's fourth
 * element, tensors in them as `[name, node, tensor]`). Every tensor, in the arguments or in the
 * keyword arguments, is an edge of the graph; a keyword argument is matched to the call argument
 * the layer's kind declares under that Python name, and one the kind does not declare is refused.
 *
 * @module
 */

import type { Layer } from "../layers/base.ts";
import { SymbolicTensor } from "../layers/base.ts";
import { callArgumentNamed, callTableOf, POSITIONAL } from "../layers/call.ts";
import { pythonName } from "../layers/options.ts";
import { brief, isObject } from "./_detect.ts";

/** A tensor as the JSON names it: the layer that made it, which call, which output. */
export interface TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;
}

/** One call of a layer as the JSON writes it. */
export interface CallRef {
  /** The positional arguments: the inputs first, then any argument passed by position. */
  readonly args: readonly unknown[];
  /** The keyword arguments, by Python name. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Every tensor the call reads, in Keras's order: the call waits until all exist. */
  readonly refs: readonly TensorRef[];
  /** Keras 2 / TF.js: the inputs are the entries of a list, each its own argument. */
  readonly classic: boolean;
  /** The tensor the first positional argument is, when it is one tensor (not a list of them). */
  readonly first?: TensorRef;
}

/**
 * The tensor a JSON value names, or `undefined` when it names none.
 *
 * @param value A JSON value.
 * @returns The tensor it names.
 */
/**
 * A tensor reference as read: a class rather than an object literal, as a reader makes many at
 * once that live as long as the read (see `ReadEntry` in `_entries.ts`).
 */
class Ref implements TensorRef {
  readonly layer: string;
  readonly node: number;
  readonly tensor: number;

  constructor(layer: string, node: number, tensor: number) {
    this.layer = layer;
    this.node = node;
    this.tensor = tensor;
  }
}

/** A call as read (see {@linkcode Ref}). */
class Call implements CallRef {
  readonly args: readonly unknown[];
  readonly kwargs: Readonly<Record<string, unknown>>;
  readonly refs: readonly TensorRef[];
  readonly classic: boolean;
  readonly first: TensorRef | undefined;

  constructor(
    args: readonly unknown[],
    kwargs: Readonly<Record<string, unknown>>,
    refs: readonly TensorRef[],
    classic: boolean,
    first?: TensorRef,
  ) {
    this.args = args;
    this.kwargs = kwargs;
    this.refs = refs;
    this.classic = classic;
    this.first = first;
  }
}

export function tensorRef(value: unknown): TensorRef | undefined {
  // Keras 3: {"class_name": "__keras_tensor__", "config": {"keras_history": [name, node, i]}}.
  if (isObject(value) && value.class_name === "__keras_tensor__" && isObject(value.config)) {
    return tensorRef(value.config.keras_history);
  }
  // Keras 2, TF.js and Keras 3's input_layers: [name, node, tensor] (Keras 2 adds kwargs).
  if (
    Array.isArray(value) && typeof value[0] === "string" && Number.isInteger(value[1]) &&
    Number.isInteger(value[2])
  ) {
    return new Ref(value[0], value[1], value[2]);
  }
  return undefined;
}

/**
 * Every tensor a JSON value names, however deep in lists and dicts, in Keras's order, added to
 * `refs`.
 */
function refsIn(value: unknown, refs: TensorRef[] = []): TensorRef[] {
  const ref = tensorRef(value);
  if (ref) {
    refs.push(ref);
  } else if (Array.isArray(value)) {
    for (const item of value) refsIn(item, refs);
  } else if (isObject(value)) {
    // keras.tree.flatten walks a dict by sorted keys.
    const keys = Object.keys(value);
    if (keys.length > 1) keys.sort();
    for (const key of keys) refsIn(value[key], refs);
  }
  return refs;
}

/**
 * The calls of a layer, from its `inbound_nodes`.
 *
 * @param inbound The entry's `inbound_nodes`.
 * @param entry The entry, for messages (its `where`, read only when one is thrown).
 * @returns The calls.
 * @throws {TypeError} When a node is neither form.
 */
export function callsOf(inbound: unknown, entry: { readonly where: string }): CallRef[] {
  const nodes = inbound ?? [];
  if (!Array.isArray(nodes)) {
    throw new TypeError(`Invalid "inbound_nodes" of ${entry.where}: ${brief(nodes)}`);
  }
  // A list a builtin makes (`map`; a hole, which `map` would skip, is refused first): the read
  // keeps each entry's calls, and an `Array` constructor's site is one V8 may pretenure (see
  // `lib/layers/_built.ts`).
  for (let i = 0; i < nodes.length; i++) {
    if (!(i in nodes)) throw new TypeError(`Invalid inbound node of ${entry.where}: undefined`);
  }
  return nodes.map((node): CallRef => {
    if (isObject(node)) {
      const args = Array.isArray(node.args) ? node.args : NO_ARGS;
      const kwargs = isObject(node.kwargs) ? node.kwargs : NO_KWARGS;
      // The inputs, the first argument, are most often one tensor: read once, kept for the call.
      const first = args.length > 0 ? tensorRef(args[0]) : undefined;
      const refs: TensorRef[] = NO_REFS.slice();
      if (first === undefined) refsIn(args, refs);
      else {
        refs.push(first);
        for (let k = 1; k < args.length; k++) refsIn(args[k], refs);
      }
      return new Call(args, kwargs, refsIn(kwargs, refs), false, first);
    }
    if (Array.isArray(node)) {
      const entries = node.filter((a) => tensorRef(a) !== undefined) as unknown[][];
      const kwargs: Record<string, unknown> = {};
      for (const entry of entries) {
        if (isObject(entry[3])) Object.assign(kwargs, entry[3]);
      }
      return new Call(
        entries.map((e) => e.slice(0, 3)),
        kwargs,
        refsIn(kwargs, entries.map((e) => tensorRef(e)!)),
        true,
      );
    }
    throw new TypeError(`Invalid inbound node of ${entry.where}: ${brief(node)}`);
  });
}

// Sliced, never written to: a call keeps its list of references for the read, and a list
// `slice` makes has no allocation site V8 could pretenure (see `lib/layers/_built.ts`).
const NO_REFS: readonly TensorRef[] = [];
// A Keras 3 call without positional or keyword arguments reads these; nothing writes to them.
const NO_ARGS: readonly unknown[] = Object.freeze([]);
const NO_KWARGS: Readonly<Record<string, unknown>> = Object.freeze({});

export interface Invocation {
  readonly inputs: SymbolicTensor | SymbolicTensor[];
  readonly callArgs: Record<string, unknown>;
}

/**
 * A call's inputs and call arguments, its tensors found: the first argument is the inputs (a
 * tensor, or a list for a layer called on a list); a later positional argument is the call
 * argument at its place in the kind's declaration; a keyword argument is the one the kind
 * declares under that Python name.
 *
 * @param layer The layer called.
 * @param call The call.
 * @param entry The entry, passed on to `find`.
 * @param find The tensor a reference names (all are made when the call is).
 * @returns The inputs and the call arguments.
 * @throws {TypeError} When a keyword argument is not one the layer's call takes.
 */
export function invocation<E>(
  layer: Layer,
  call: CallRef,
  entry: E,
  find: (ref: TensorRef, entry: E) => SymbolicTensor | undefined,
): Invocation {
  const callArgs: Record<string, unknown> = {};
  let inputs: SymbolicTensor | SymbolicTensor[];
  let rest: readonly unknown[];
  if (call.classic) {
    const tensors = call.args.map((a) => resolve(a, entry, find)) as SymbolicTensor[];
    // Keras 2 called a recurrent layer on [sequence, *initial states].
    const states = tensors.length > 1 && callArgumentNamed(layer.kind, "initial_state");
    if (states) callArgs[states] = tensors.slice(1);
    inputs = states || tensors.length === 1 ? tensors[0] : tensors;
    rest = NO_ARGS;
  } else if (!layer.kind.call && (extraPositional(call) || hasKeywordTensor(call))) {
    // A kind that declares no call arguments, called on several tensors by position or by a
    // keyword, takes them as its list of inputs: its own apply() says which is which.
    inputs = [
      ...call.args.filter((a) => tensorRef(a)).map((a) => resolve(a, entry, find)),
      ...keywordTensors(call).map((key) => resolve(call.kwargs[key], entry, find)),
    ] as SymbolicTensor[];
    rest = NO_ARGS;
  } else {
    const resolved = call.first ? find(call.first, entry) : resolve(call.args[0], entry, find);
    inputs = Array.isArray(resolved) ? resolved.filter(isTensorLike) : resolved as SymbolicTensor;
    rest = call.args.length > 1 ? call.args.slice(1) : NO_ARGS;
  }
  if (rest.length > 0) {
    const names = Object.keys(callTableOf(layer.kind));
    rest.forEach((value, i) => {
      if (i >= names.length) {
        throw new TypeError(
          `The call of layer "${layer.name}" (${layer.className}) has ${rest.length + 1} ` +
            `positional arguments; its call takes the inputs, then ${names.join(", ")}`,
        );
      }
      callArgs[names[i]] = resolve(value, entry, find);
    });
    (callArgs as { [POSITIONAL]?: readonly string[] })[POSITIONAL] = names.slice(0, rest.length);
  }
  for (const python in call.kwargs) {
    const value = call.kwargs[python];
    if (!layer.kind.call && tensorRef(value)) continue; // among the inputs, above
    const name = callArgumentNamed(layer.kind, python);
    if (name === undefined) {
      const takes = Object.keys(callTableOf(layer.kind)).map(pythonName);
      throw new TypeError(
        `Unknown call argument "${python}" in the call of layer "${layer.name}" ` +
          `(${layer.className}): its call takes ${takes.join(", ")}. It may change the ` +
          `model's graph, so the model is refused rather than read wrong`,
      );
    }
    callArgs[name] = resolve(value, entry, find);
  }
  return { inputs, callArgs };
}

/** A call argument with its tensors found, as `keras.tree` walks it. */
function resolve<E>(
  value: unknown,
  entry: E,
  find: (ref: TensorRef, entry: E) => SymbolicTensor | undefined,
): unknown {
  const ref = tensorRef(value);
  if (ref) return find(ref, entry);
  if (Array.isArray(value)) return value.map((v) => resolve(v, entry, find));
  // A dict (a model with named inputs called on them, and its masks) is its values by sorted
  // key, as keras.tree.flatten gives them.
  if (isObject(value)) {
    return Object.keys(value).sort().map((key) => resolve(value[key], entry, find));
  }
  return value;
}

/** Whether a tensor is passed by position after the inputs. */
function extraPositional(call: CallRef): boolean {
  for (let i = 1; i < call.args.length; i++) {
    if (tensorRef(call.args[i]) !== undefined) return true;
  }
  return false;
}

/** Whether a keyword argument holds one tensor. */
function hasKeywordTensor(call: CallRef): boolean {
  for (const key in call.kwargs) {
    if (tensorRef(call.kwargs[key]) !== undefined) return true;
  }
  return false;
}

/** The keyword arguments that hold one tensor. */
function keywordTensors(call: CallRef): string[] {
  return Object.keys(call.kwargs).filter((key) => tensorRef(call.kwargs[key]) !== undefined);
}

function isTensorLike(value: unknown): value is SymbolicTensor {
  return value instanceof SymbolicTensor;
}
