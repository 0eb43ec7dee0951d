/**
 * A layer's call arguments, as Keras's `layer(inputs, **kwargs)` takes them: each kind declares
 * once, in its {@linkcode LayerKind}, what its call takes besides its inputs (`initialState`,
 * `mask`, `value`, `returnAttentionScores`, …). `layer.apply()` and the Keras-JSON reader both
 * read that declaration; neither names a class. A tensor given as a call argument is an edge of
 * the graph, as in Keras: it is one of the call's inputs, and the layer that made it is part of
 * the model.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import { nearest, pythonName } from "./options.ts";
import { expectArray, expectFunction, expectObject, expectString, expectWith } from "../guard.ts";

/**
 * The call arguments `layer.apply(inputs, callArgs)` takes, each as Keras names it in camelCase,
 * for a tensor type `T`. Which ones a layer takes is declared by its kind (see
 * {@linkcode callTableOf}); any other is refused.
 */
export interface CallArgsOf<T> {
  /** A recurrent layer's initial states: `[h, c]` for an LSTM, `[h]` for a GRU. */
  readonly initialState?: T | readonly T[] | null;
  /** The mask, for the layers that take one (Attention takes `[queryMask, valueMask]`). */
  readonly mask?: T | readonly (T | null)[] | null;
  /** Whether the call is in training mode: decides no shape and no count. */
  readonly training?: boolean | null;
  /** Attention's value (cross-attention), when it is not the query. */
  readonly value?: T;
  /** Attention's key, when it is not the value. */
  readonly key?: T | null;
  /** MultiHeadAttention's mask of the query. */
  readonly queryMask?: T | null;
  /** MultiHeadAttention's mask of the value. */
  readonly valueMask?: T | null;
  /** MultiHeadAttention's mask of the key. */
  readonly keyMask?: T | null;
  /** Which positions may attend to which. */
  readonly attentionMask?: T | null;
  /** Whether each position attends only to itself and the positions before it. */
  readonly useCausalMask?: boolean | null;
  /** Whether the call returns `[output, scores]`. */
  readonly returnAttentionScores?: boolean | null;
  /** keras-hub's TransformerEncoder: which positions of the sequence are padding. */
  readonly paddingMask?: T | null;
  /** keras-hub's TransformerDecoder: the encoder's sequence, which the cross-attention reads. */
  readonly encoderSequence?: T | null;
  /** keras-hub's TransformerDecoder: which positions of the decoder sequence are padding. */
  readonly decoderPaddingMask?: T | null;
  /** keras-hub's TransformerDecoder: which decoder positions may attend to which. */
  readonly decoderAttentionMask?: T | null;
  /** keras-hub's TransformerDecoder: which positions of the encoder sequence are padding. */
  readonly encoderPaddingMask?: T | null;
  /** keras-hub's TransformerDecoder: which decoder positions may attend to which encoder ones. */
  readonly encoderAttentionMask?: T | null;
  /** keras-hub's MaskedLMHead: the positions whose tokens are predicted. */
  readonly maskPositions?: T;
  /** keras-hub's position embeddings: the position of the sequence's first step. */
  readonly startIndex?: number | T | null;
  /** keras-hub's position embeddings: each step's position, when not its index. */
  readonly positions?: T | null;
}

/**
 * What one call argument takes: `"tensors"` (a tensor, a list of them, or `null`: each tensor
 * is an edge of the graph), `"flag"` (`true`, `false` or `null`), `"index"` (a whole number
 * `>= 0`, a tensor holding one, which is an edge, or `null`), or `"unmodelled"` (an argument
 * the kind's call takes that changes what the call returns in a way the library does not
 * model: only `null` is accepted, and anything else is refused by name).
 */
export type CallArgumentType = "tensors" | "flag" | "index" | "unmodelled";

/** One argument a kind's call takes besides its inputs. */
export interface CallArgument {
  /** What it takes. */
  readonly takes: CallArgumentType;
  /** In a sentence fragment, what it is for (`"the states the first step starts from"`). */
  readonly about: string;
}

/**
 * A kind's call arguments, by their camelCase names, in the order of Keras's `call` signature
 * (so a positional argument Keras's JSON writes after the inputs finds its name).
 */
export type CallTable = { readonly [name: string]: CallArgument };

/**
 * A call's arguments, checked and normalised once: the form every layer reads.
 *
 * @typeParam T The tensors (`SymbolicTensor`; this room does not import it, to stay below it).
 */
export interface ReadCall<T> {
  /** The tensors given as call arguments, in Keras's order: by Python name, then in order. */
  readonly edges: readonly T[];
  /** The tensors of each tensor argument given, by camelCase name, `null`s left out. */
  readonly tensors: Readonly<Record<string, readonly T[]>>;
  /** The flags given (`true` only; `false` and `null` are the default). */
  readonly flags: Readonly<Record<string, boolean>>;
  /** The arguments as given, for whoever rebuilds the call. */
  readonly given: Readonly<Record<string, unknown>>;
}

const TRAINING: CallTable = {
  training: { takes: "flag", about: "whether the call is in training mode" },
};

/** The mask, then the training flag: Lambda's, Softmax's and GlobalAveragePooling1D's call. */
export const MASKED_CALL: CallTable = {
  mask: { takes: "tensors", about: "which positions of the input are padding" },
  ...TRAINING,
};

/** The training flag and the mask, in that order: BatchNormalization, TimeDistributed, models. */
export const TRAINING_MASKED_CALL: CallTable = { ...TRAINING, mask: MASKED_CALL.mask };

/** What a recurrent layer's call takes (SimpleRNN, LSTM, GRU, RNN, ConvLSTM, Bidirectional). */
export const RECURRENT_CALL: CallTable = {
  initialState: { takes: "tensors", about: "the states the first step starts from" },
  ...MASKED_CALL,
};

/** What MultiHeadAttention's and GroupedQueryAttention's calls take, after the query. */
export const PROJECTED_ATTENTION_CALL: CallTable = {
  value: { takes: "tensors", about: "the sequence attended to" },
  key: { takes: "tensors", about: "the sequence compared with the query" },
  queryMask: { takes: "tensors", about: "the query's padding mask" },
  valueMask: { takes: "tensors", about: "the value's padding mask" },
  keyMask: { takes: "tensors", about: "the key's padding mask" },
  attentionMask: { takes: "tensors", about: "which positions may attend to which" },
  returnAttentionScores: { takes: "flag", about: "whether the scores are returned too" },
  ...TRAINING,
  useCausalMask: { takes: "flag", about: "whether a position sees only the ones before it" },
};

/** What Attention's and AdditiveAttention's calls take, after `[query, value, key]`. */
export const DOT_ATTENTION_CALL: CallTable = {
  mask: { takes: "tensors", about: "[queryMask, valueMask]" },
  ...TRAINING,
  returnAttentionScores: { takes: "flag", about: "whether the scores are returned too" },
  useCausalMask: { takes: "flag", about: "whether a position sees only the ones before it" },
};

/**
 * The names of the call arguments a call gave by position, in order, as a key of its call
 * arguments (a reader of Keras's JSON sets it: `layer(query, value, key)` is written with
 * `args`). Keras's node lists a call's positional tensors in order, before its keyword ones,
 * which it sorts by name; so does `Connected to`.
 *
 * @example MultiHeadAttention called as `mha(q, v, k)`: value before key
 * ```ts
 * import { POSITIONAL, readCall } from "./call.ts";
 * import { Input, MultiHeadAttention, SymbolicTensor } from "../../mod.ts";
 * import assert from "assert";
 *
 * const tensorOf = (v: unknown) => v instanceof SymbolicTensor ? v : undefined;
 * const [v, k] = [new Input({ shape: [3, 4] }).output, new Input({ shape: [3, 5] }).output];
 * const mha = new MultiHeadAttention({ numHeads: 1, keyDim: 2 });
 * assert.deepEqual(readCall(mha, { value: v, key: k }, tensorOf).edges, [k, v]);
 * const byPosition = { value: v, key: k, [POSITIONAL]: ["value", "key"] };
 * assert.deepEqual(readCall(mha, byPosition, tensorOf).edges, [v, k]);
 * ```
 */
export const POSITIONAL: unique symbol = Symbol("paramlab.positional");

/**
 * The call arguments a kind takes: its declaration, and `training`, which Keras's
 * `Layer.__call__` takes for every layer.
 *
 * @param kind The kind.
 * @returns Its call table.
 *
 * @example
 * ```ts
 * import { callTableOf } from "./call.ts";
 * import { Dense, LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(Object.keys(callTableOf(Dense.kind)), ["training"]);
 * assert.deepEqual(Object.keys(callTableOf(LSTM.kind)), ["initialState", "mask", "training"]);
 * ```
 */
export function callTableOf(kind: { readonly call?: CallTable }): CallTable {
  expectObject("callTableOf", "its kind", kind, "a layer kind (e.g. Dense.kind)");
  if (!kind.call) return TRAINING;
  if (Object.hasOwn(kind.call, "training")) return kind.call;
  let table = WITH_TRAINING.get(kind.call);
  if (!table) WITH_TRAINING.set(kind.call, table = { ...kind.call, ...TRAINING });
  return table;
}

const WITH_TRAINING = new WeakMap<CallTable, CallTable>();

/**
 * The camelCase name of a call argument Keras's JSON writes in Python (`initial_state`).
 *
 * @param kind The layer's kind.
 * @param python The Python name.
 * @returns The camelCase name, or `undefined` when the kind's call takes no such argument.
 *
 * @example
 * ```ts
 * import { callArgumentNamed } from "./call.ts";
 * import { LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(callArgumentNamed(LSTM.kind, "initial_state"), "initialState");
 * assert.equal(callArgumentNamed(LSTM.kind, "initial_states"), undefined);
 * ```
 */
export function callArgumentNamed(
  kind: { readonly call?: CallTable },
  python: string,
): string | undefined {
  expectObject("callArgumentNamed", "its kind", kind, "a layer kind (e.g. Dense.kind)");
  expectString("callArgumentNamed", "its name", python);
  return byPythonName(callTableOf(kind)).get(python);
}

/** A call table's camelCase names by their Python names, worked out once per table. */
function byPythonName(table: CallTable): ReadonlyMap<string, string> {
  let names = BY_PYTHON_NAME.get(table);
  if (!names) {
    names = new Map(Object.keys(table).map((name) => [pythonName(name), name]));
    BY_PYTHON_NAME.set(table, names);
  }
  return names;
}

const BY_PYTHON_NAME = new WeakMap<CallTable, ReadonlyMap<string, string>>();

/**
 * Checks and normalises a call's arguments against the layer's kind: an argument the call does
 * not take is refused by name (Keras's Python name gets the camelCase one), a tensor argument
 * must hold tensors, a flag must be a boolean.
 *
 * @param layer The layer called: its name and kind.
 * @param layer.name The layer's name, for messages.
 * @param layer.kind The layer's kind, whose call table is read.
 * @param args The call arguments, camelCase, or `undefined`.
 * @param tensorOf The tensor a value stands for (a tensor, an `Input`), or `undefined`.
 * @returns The arguments, normalised.
 * @throws {TypeError} When an argument is not one the call takes, or holds the wrong type.
 *
 * @example
 * ```ts
 * import { readCall } from "./call.ts";
 * import { Dense, Input, LSTM, SymbolicTensor } from "../../mod.ts";
 * import assert from "assert";
 *
 * const tensorOf = (v: unknown) => v instanceof SymbolicTensor ? v : undefined;
 * const h = new Input({ shape: [4] }).output;
 * assert.deepEqual(readCall(new LSTM(4), { initialState: [h, h] }, tensorOf).edges, [h, h]);
 * assert.throws(() => readCall(new Dense(2), { trainingg: false }, tensorOf), /trainingg/);
 * ```
 */
export function readCall<T>(
  layer: { readonly name: string; readonly kind: { className: string; call?: CallTable } },
  args: unknown,
  tensorOf: (value: unknown) => T | undefined,
): ReadCall<T> {
  expectWith("readCall", "its layer", layer, "a layer (e.g. new Dense(2))", "kind");
  expectFunction("readCall", "its tensorOf", tensorOf);
  if (args === undefined) return { edges: [], tensors: {}, flags: {}, given: {} };
  // Named only in messages: most calls are checked without one.
  const owner = () => `layer "${layer.name}" (${layer.kind.className})`;
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new TypeError(
      `Invalid call arguments for ${owner()}: expected an object such as { training: false }, ` +
        `received ${describeValue(args)}`,
    );
  }
  const table = callTableOf(layer.kind);
  const tensors: Record<string, T[]> = {};
  const flags: Record<string, boolean> = {};
  let tensorNames: string[] | undefined;
  for (const name of Object.keys(args)) {
    if (!Object.hasOwn(table, name)) throw unknownArgument(owner(), table, name);
    const value = (args as Record<string, unknown>)[name];
    if (value === undefined || value === null) continue;
    if (table[name].takes === "unmodelled") {
      throw new TypeError(
        `Unsupported call argument ${name} for ${owner()}: ${table[name].about}; paramlab does ` +
          `not model it, so the call is refused rather than read wrong`,
      );
    }
    if (table[name].takes === "index" && !tensorOf(value)) {
      if (!Number.isSafeInteger(value) || (value as number) < 0) {
        throw new TypeError(
          `Invalid ${name} for ${owner()}: expected a whole number >= 0 or a tensor, received ` +
            describeValue(value),
        );
      }
      continue;
    }
    if (table[name].takes === "flag") {
      if (typeof value !== "boolean") {
        throw new TypeError(
          `Invalid ${name} for ${owner()}: expected true or false, received ${
            describeValue(value)
          }`,
        );
      }
      if (value) flags[name] = true;
      continue;
    }
    tensors[name] = tensorsIn(value, () => `${name} for ${owner()}`, tensorOf);
    (tensorNames ??= []).push(name);
  }
  if (tensorNames === undefined) {
    return { edges: [], tensors, flags, given: args as Record<string, unknown> };
  }
  // Keras's node flattens its positional arguments in order, then its keyword arguments with
  // their keys sorted (keras.tree.flatten of `(args, kwargs)`).
  const positional = (args as { readonly [POSITIONAL]?: readonly string[] })[POSITIONAL] ?? [];
  const byKey = (a: string, b: string) => compare(pythonName(a), pythonName(b));
  const edges = [
    ...positional.filter((name) => tensorNames!.includes(name)),
    ...tensorNames.filter((name) => !positional.includes(name)).sort(byKey),
  ].flatMap((name) => tensors[name]);
  return { edges, tensors, flags, given: args as Record<string, unknown> };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function unknownArgument(owner: string, table: CallTable, name: string): TypeError {
  const valid = Object.keys(table);
  const shown = name.length > 60 ? `${name.slice(0, 57)}...` : name;
  const python = valid.find((k) => pythonName(k) === name);
  if (python !== undefined) {
    return new TypeError(
      `Unknown call argument "${shown}" for ${owner}: "${shown}" is Keras's Python name; ` +
        `here it is ${python}`,
    );
  }
  const near = nearest(name, valid);
  return new TypeError(
    `Unknown call argument "${shown}" for ${owner}: ${
      near === undefined ? "" : `did you mean ${near}? `
    }its call takes ${valid.join(", ")}`,
  );
}

function tensorsIn<T>(
  value: unknown,
  what: () => string,
  tensorOf: (v: unknown) => T | undefined,
): T[] {
  const tensor = tensorOf(value);
  if (tensor !== undefined) return [tensor];
  if (Array.isArray(value)) {
    return value.flatMap((v) => v === null ? [] : tensorsIn(v, what, tensorOf));
  }
  throw new TypeError(
    `Invalid ${what()}: expected a tensor from new Input({ shape }) or from another layer's ` +
      `apply(), or a list of them, received ${describeValue(value)}`,
  );
}

/**
 * Checks the initial states a recurrent layer is called with against the states it carries.
 * Keras 3 does not check them when the model is made (its symbolic call only computes shapes);
 * the model fails when it runs. Here the call is refused at once, rather than counted as if it
 * would run.
 *
 * @param layer The layer called.
 * @param layer.name Its name, for messages.
 * @param layer.className Its class, for messages.
 * @param given The initial states given.
 * @param expected The shapes of the states the layer carries, batch first.
 * @throws {IncompatibleShapeError} When the number of states or a state's shape differs.
 * @throws {TypeError} When the layer carries no states.
 *
 * @example
 * ```ts
 * import { checkInitialState } from "./call.ts";
 * import { Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const h = new Input({ shape: [64] }).output;
 * const lstm = { name: "lstm", className: "LSTM" };
 * checkInitialState(lstm, [h, h], [[null, 64], [null, 64]]);
 * assert.throws(() => checkInitialState(lstm, [h], [[null, 64], [null, 64]]), /carries 2 states/);
 * ```
 */
export function checkInitialState(
  layer: { readonly name: string; readonly className: string },
  given: readonly { readonly shape: Shape; readonly history: string }[],
  expected: readonly Shape[],
): void {
  expectObject("checkInitialState", "its layer", layer, "a layer (e.g. new Dense(2))");
  expectArray("checkInitialState", "its given states", given, "a list of tensors");
  expectArray("checkInitialState", "its expected shapes", expected, "a list of shapes");
  const wanted = expected.map(formatShape).join(", ");
  const what = `Layer "${layer.name}" (${layer.className}) carries ${expected.length} state${
    expected.length === 1 ? "" : "s"
  } (${wanted})`;
  if (expected.length === 0) {
    throw new TypeError(`Layer "${layer.name}" (${layer.className}) carries no states`);
  }
  if (given.length !== expected.length) {
    throw new IncompatibleShapeError(
      layer.name,
      given[0]?.shape ?? [],
      `${what}; its initialState has ${given.length}: ${
        given.map((t) => `${t.history} ${formatShape(t.shape)}`).join(", ")
      }. Keras would fail when the model runs`,
    );
  }
  given.forEach((state, i) => {
    const want = expected[i];
    const fits = state.shape.length === want.length &&
      state.shape.every((d, k) => d === null || want[k] === null || d === want[k]);
    if (!fits) {
      throw new IncompatibleShapeError(
        layer.name,
        state.shape,
        `${what}; initial state ${i} (${state.history}) has shape ${
          formatShape(state.shape)
        }, expected ${formatShape(want)}. Keras would fail when the model runs`,
      );
    }
  });
}
