/**
 * A layer kind's configuration, declared once: each option's check, default and Keras JSON name.
 * The layer constructors, the Keras-JSON reader and the TF.js bridge all read these tables, so a
 * key Keras spells `return_sequences` is `returnSequences` everywhere, and a key nobody declared
 * is refused where it was typed, with the key it most likely meant.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { type Dim, formatShape } from "../shape.ts";
import { expectObject, expectString } from "../guard.ts";
import { nearest } from "./naming.ts";
import { checkKerasObject, type KerasObjectKind } from "./keras_objects.ts";
export { nearest };
import { fromPlan, inTableOrder, makePlan, type OptionPlan, sameKeys } from "./_option_plan.ts";
export { COMPILE_AFTER, generatedFunction } from "./_option_plan.ts";

/** One option of a layer kind's configuration. */
export interface Option<T> {
  /**
   * Checks a value a user gave and returns it as the layer keeps it.
   *
   * @param owner The class name, for error messages.
   * @param key The option's name.
   * @param value The value given (never `undefined`: absent values take the default).
   */
  readonly check: (owner: string, key: string, value: unknown) => T;
  /** The value when the option is absent; `undefined` where the option is required. */
  readonly fallback: T | undefined;
  /** Whether the option must be given. */
  readonly required: boolean;
  /** What a valid value looks like, in words: `"a positive integer"`. */
  readonly expected: string;
  /** Keras's JSON name, when it is not the snake_case of the option's name. */
  readonly json?: string;
  /**
   * How Keras's JSON value becomes the option's value (e.g. a serialized activation object
   * becomes its name). By default the value is taken as it is.
   */
  readonly fromJson?: (value: unknown) => unknown;
  /** In Keras JSON, `null` is a value of its own (`merge_mode: null`), not "the default". */
  readonly nullInJson?: boolean;
  /**
   * The option decides no shape and no count (an initializer, a regularizer, a dropout rate):
   * it is checked and kept, and nothing else reads it.
   */
  readonly inert?: boolean;
}

/** A kind's options by name. */
export type OptionTable = { readonly [key: string]: Option<unknown> };

/** The values a table's options resolve to. */
export type Resolved<O extends OptionTable> = {
  readonly [K in keyof O]: O[K] extends Option<infer T> ? T : never;
};

function fail(owner: string, field: string, expected: string, value: unknown): never {
  const message = `Invalid ${field} for ${owner}: expected ${expected}, received ${
    describeValue(value)
  }`;
  throw typeof value === "number" ? new RangeError(message) : new TypeError(message);
}

function option<T>(
  expected: string,
  check: (value: unknown) => boolean,
  extra: Partial<Option<T>> = {},
): Option<T> {
  return {
    expected,
    check: (owner, key, value) => {
      if (!check(value)) fail(owner, key, expected, value);
      return value as T;
    },
    fallback: undefined,
    required: false,
    ...extra,
  };
}

/** Options of every kind: the same builders, so every kind words its errors the same way. */
export const opt = {
  /**
   * A whole number ≥ `min` (1 by default): units, filters, dimensions.
   *
   * @param fallback The default; absent means the option is required.
   * @param min The smallest value allowed.
   * @returns The option.
   */
  int(fallback?: number, min = 1): Option<number> {
    const expected = min === 1 ? "a positive integer" : `an integer ≥ ${min}`;
    return option(
      expected,
      (v) => typeof v === "number" && Number.isSafeInteger(v) && v >= min,
      { fallback, required: fallback === undefined },
    );
  },
  /**
   * A whole number ≥ `min`, or `null`.
   *
   * @param min The smallest value allowed.
   * @returns The option; absent is `null`.
   */
  intOrNull(min = 1): Option<number | null> {
    const expected = min === 1 ? "a positive integer or null" : `an integer ≥ ${min} or null`;
    return option(
      expected,
      (v) => v === null || typeof v === "number" && Number.isSafeInteger(v) && v >= min,
      { fallback: null, nullInJson: true },
    );
  },
  /**
   * Any integer (an axis, which may count from the end).
   *
   * @param fallback The default.
   * @returns The option.
   */
  axis(fallback: number): Option<number> {
    return option("an integer axis", (v) => typeof v === "number" && Number.isSafeInteger(v), {
      fallback,
    });
  },
  /**
   * A number in [0, 1]: a rate.
   *
   * @param fallback The default; absent means required.
   * @returns The option.
   */
  fraction(fallback?: number): Option<number> {
    return option("a number between 0 and 1", (v) => typeof v === "number" && v >= 0 && v <= 1, {
      fallback,
      required: fallback === undefined,
    });
  },
  /**
   * A finite number.
   *
   * @param fallback The default; absent means required.
   * @returns The option.
   */
  number(fallback?: number): Option<number> {
    return option("a finite number", (v) => typeof v === "number" && Number.isFinite(v), {
      fallback,
      required: fallback === undefined,
    });
  },
  /**
   * `true` or `false`.
   *
   * @param fallback The default.
   * @returns The option.
   */
  bool(fallback: boolean): Option<boolean> {
    return option("true or false", (v) => typeof v === "boolean", { fallback });
  },
  /**
   * One of a fixed set of values.
   *
   * @param values The values allowed.
   * @param fallback The default; absent means required.
   * @returns The option.
   */
  oneOf<T extends string | null>(values: readonly T[], fallback?: T): Option<T> {
    const expected = `one of ${values.map((v) => describeValue(v)).join(", ")}`;
    return {
      expected,
      fallback,
      required: fallback === undefined,
      nullInJson: values.includes(null as T),
      check: (owner, key, value) => {
        if (values.includes(value as T)) return value as T;
        const near = typeof value === "string"
          ? nearest(value, values.filter((v): v is T & string => typeof v === "string"))
          : undefined;
        const hint = near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`;
        return fail(owner, key, expected + hint, value);
      },
    };
  },
  /**
   * An integer or a tuple of `rank` integers (kernel sizes, strides), kept as the tuple.
   *
   * @param rank How many spatial axes.
   * @param fallback The default, a number for every axis; absent means required.
   * @param min The smallest value allowed.
   * @returns The option.
   */
  tuple(rank: number, fallback?: number, min = 1): Option<readonly number[]> {
    const expected = rank === 1
      ? `a positive integer`
      : `a positive integer or a list of ${rank} of them`;
    const isInt = (v: unknown) => typeof v === "number" && Number.isSafeInteger(v) && v >= min;
    return {
      expected: min === 1
        ? expected
        : expected.replace("a positive integer", `an integer ≥ ${min}`),
      fallback: fallback === undefined ? undefined : new Array(rank).fill(fallback),
      required: fallback === undefined,
      check(owner, key, value) {
        const values = typeof value === "number" ? new Array(rank).fill(value) : value;
        if (!Array.isArray(values) || values.length !== rank || !values.every(isInt)) {
          fail(owner, key, this.expected, value);
        }
        return [...values] as number[];
      },
    };
  },
  /**
   * An activation's name, as Keras or TF.js spells it.
   *
   * @param fallback The default name (`null` when none is given).
   * @returns The option; it decides no shape or count.
   */
  activation(fallback: string | null = null): Option<string | null> {
    return {
      expected: 'an activation\'s name such as "relu"',
      fallback,
      required: false,
      inert: true,
      fromJson: activationFromJson,
      check: (owner, key, value) => checkActivation(owner, key, value),
    };
  },
  /**
   * A value that decides no shape and no count (an initializer, a regularizer, a constraint):
   * accepted and kept as it is.
   *
   * @returns The option.
   */
  inert(): Option<unknown> {
    return { expected: "anything", fallback: undefined, required: false, inert: true, check: keep };
  },
  /**
   * An initializer, a regularizer or a constraint: it decides no shape and no count, and is
   * checked as Keras reads it (one of Keras's names, a function, or a serialized object of a
   * class Keras knows with keys that class takes; see `checkKerasObject`) and kept as given.
   *
   * @param kind Which of the three.
   * @returns The option.
   */
  kerasObject(kind: KerasObjectKind): Option<unknown> {
    return {
      expected: `a Keras ${kind}`,
      fallback: undefined,
      required: false,
      inert: true,
      check: (owner, key, value) => checkKerasObject(kind, owner, key, value),
    };
  },
  /**
   * A shape without the batch dimension: sizes or `null` for unknown.
   *
   * @param fallback The default; absent means required.
   * @returns The option.
   */
  shape(fallback?: readonly Dim[]): Option<readonly Dim[]> {
    const expected = "a list of positive integers or null";
    return {
      expected,
      fallback,
      required: fallback === undefined,
      check(owner, key, value) {
        if (!Array.isArray(value)) fail(owner, key, expected, value);
        for (const d of value) {
          if (d !== null && !(typeof d === "number" && Number.isSafeInteger(d) && d >= 1)) {
            const message = `Invalid ${key} for ${owner}: every size must be a positive ` +
              `integer or null, received ${describeValue(d)} in ${describeValue(value)}`;
            throw typeof d === "number" ? new RangeError(message) : new TypeError(message);
          }
        }
        return value as Dim[];
      },
    };
  },
  /**
   * A list of integers (e.g. a permutation of axes, or a target shape with `-1`).
   *
   * @param fallback The default; absent means required.
   * @returns The option.
   */
  ints(fallback?: readonly number[]): Option<readonly number[]> {
    return option(
      "a list of integers",
      (v) => Array.isArray(v) && v.every((d) => typeof d === "number" && Number.isSafeInteger(d)),
      { fallback, required: fallback === undefined },
    );
  },
  /**
   * An option Keras has that adds weights or outputs this library does not model: only its
   * default is accepted; anything else is refused with a TypeError that says why.
   *
   * @param allowed The default, the one value accepted.
   * @param why What the option does, e.g. `"adds low-rank adapter weights"`.
   * @returns The option.
   */
  unsupported<T>(allowed: T, why: string): Option<T> {
    return {
      expected: describeValue(allowed),
      fallback: allowed,
      required: false,
      check(owner, key, value) {
        if (value === allowed) return value as T;
        throw new TypeError(
          `Unsupported option ${key}: ${describeValue(value)} for ${owner}: it ${why}, which ` +
            `this library does not model; only ${describeValue(allowed)} is read`,
        );
      },
    };
  },
  /**
   * Anything, checked by `check` (returning an error's "expected" text, or `undefined`).
   *
   * @param expected What a valid value looks like.
   * @param valid Whether a value is valid.
   * @param fallback The default; absent means required.
   * @returns The option.
   */
  custom<T>(expected: string, valid: (v: unknown) => boolean, fallback?: T): Option<T> {
    return option(expected, valid, { fallback, required: fallback === undefined });
  },
};

function keep(_owner: string, _key: string, value: unknown): unknown {
  return value;
}

/**
 * Gives an option another JSON name, or a JSON reader, or marks it inert.
 *
 * @param base The option.
 * @param extra What to change.
 * @returns The changed option.
 *
 * @example
 * ```ts
 * import { opt, withJson } from "./options.ts";
 * import assert from "assert";
 *
 * assert.equal(withJson(opt.int(), { json: "output_dim" }).json, "output_dim");
 * ```
 */
export function withJson<T>(base: Option<T>, extra: Partial<Option<T>>): Option<T> {
  return { ...base, ...extra };
}

// ---------------------------------------------------------------------------------------------
// Activations

/** Keras 3's activation names, and TF.js's camelCase spellings of the same functions. */
const ACTIVATIONS: readonly string[] = [
  "celu",
  "elu",
  "exponential",
  "gelu",
  "glu",
  "hard_shrink",
  "hard_sigmoid",
  "hard_silu",
  "hard_swish",
  "hard_tanh",
  "leaky_relu",
  "linear",
  "log_sigmoid",
  "log_softmax",
  "mish",
  "relu",
  "relu6",
  "selu",
  "sigmoid",
  "silu",
  "soft_shrink",
  "softmax",
  "softplus",
  "softsign",
  "sparse_plus",
  "sparse_sigmoid",
  "sparsemax",
  "squareplus",
  "swish",
  "tanh",
  "tanh_shrink",
  "threshold",
  // TF.js's spellings.
  "hardSigmoid",
  "logSigmoid",
  "gelu_new",
];

const ACTIVATION_SET = new Set(ACTIVATIONS);

/**
 * The activation names layers accept: Keras 3's, and TF.js's camelCase spellings.
 *
 * @returns The names.
 *
 * @example
 * ```ts
 * import { activationNames } from "./options.ts";
 * import assert from "assert";
 *
 * assert.ok(activationNames().includes("relu"));
 * ```
 */
export function activationNames(): readonly string[] {
  return ACTIVATIONS;
}

function checkActivation(owner: string, key: string, value: unknown): string | null {
  if (value === null) return null;
  if (typeof value === "string" && ACTIVATION_SET.has(value)) return value;
  const near = typeof value === "string" ? nearest(value, ACTIVATIONS) : undefined;
  const hint = near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`;
  return fail(owner, key, `an activation's name such as "relu"${hint}`, value);
}

/** Keras 2 writes an activation's name; Keras 3 may write a serialized function object. */
function activationFromJson(value: unknown): unknown {
  if (typeof value === "object" && value !== null && !Array.isArray(value)) {
    const object = value as Record<string, unknown>;
    if (typeof object.config === "string") return object.config;
    if (typeof object.class_name === "string") return object.class_name;
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Checking a whole configuration

/** Keys every layer accepts, with what they are. */
export const COMMON_KEYS: readonly string[] = [
  "name",
  "inputShape",
  "batchInputShape",
  "batchSize",
  "trainable",
  "dtype",
];

/**
 * Keras's snake_case form of a camelCase option name, as its JSON writes it.
 *
 * @param key A camelCase name such as `"returnSequences"`.
 * @returns `"return_sequences"`.
 *
 * @example
 * ```ts
 * import { pythonName } from "./options.ts";
 * import assert from "assert";
 *
 * assert.equal(pythonName("returnSequences"), "return_sequences");
 * assert.equal(pythonName("kernelSize"), "kernel_size");
 * assert.equal(pythonName("inputDim"), "input_dim");
 * ```
 */
export function pythonName(key: string): string {
  expectString("pythonName", "its key", key);
  let name = PYTHON_NAMES.get(key);
  if (name === undefined) {
    name = key.replace(/([A-Z])/g, (c) => `_${c.toLowerCase()}`);
    // Option names are few; a flood of other strings does not grow the memo without bound.
    if (PYTHON_NAMES.size >= 1024) PYTHON_NAMES.clear();
    PYTHON_NAMES.set(key, name);
  }
  return name;
}

// Reading a JSON call or sorting call arguments asks for the same few names again and again.
const PYTHON_NAMES = new Map<string, string>();

/**
 * Refuses a configuration key that is not an option of the kind, naming it, and saying what it
 * is called here when it is Keras's Python name or a near miss.
 *
 * @param owner The class name.
 * @param options The kind's options.
 * @param args The configuration given.
 * @param common Keys accepted besides the options (by default those every layer takes).
 * @throws {TypeError} When `args` is not an object or has an unknown key.
 *
 * @example Keras's Python name gets the TypeScript one
 * ```ts
 * import { checkKeys, opt } from "./options.ts";
 * import assert from "assert";
 *
 * const options = { units: opt.int(), returnSequences: opt.bool(false) };
 * assert.throws(
 *   () => checkKeys("LSTM", options, { units: 5, return_sequences: true }),
 *   /"return_sequences" is Keras's Python name; here it is returnSequences/,
 * );
 * assert.throws(
 *   () => checkKeys("LSTM", options, { units: 5, returnSequence: true }),
 *   /did you mean returnSequences/,
 * );
 * ```
 */
export function checkKeys(
  owner: string,
  options: OptionTable,
  args: unknown,
  common: readonly string[] = COMMON_KEYS,
): void {
  checkedKeys(owner, options, args, common);
}

/**
 * {@linkcode checkKeys}, returning the keys it listed (a layer's constructor reuses them).
 *
 * @param owner The class name.
 * @param options The kind's options.
 * @param args The configuration.
 * @param common The keys every layer takes.
 * @returns `Object.keys(args)`.
 * @throws {TypeError} As {@linkcode checkKeys}.
 *
 * @example
 * ```ts
 * import { checkedKeys, opt } from "./options.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(checkedKeys("Dense", { units: opt.int() }, { units: 5, name: "d" }), ["units", "name"]);
 * ```
 */
export function checkedKeys(
  owner: string,
  options: OptionTable,
  args: unknown,
  common: readonly string[] = COMMON_KEYS,
): string[] {
  expectString("checkKeys", "its owner", owner);
  expectObject("checkKeys", "its options", options, "an option table (a kind's options)");
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new TypeError(
      `Invalid configuration for ${owner}: expected an object such as { ${
        exampleKey(options)
      } }, received ${describeValue(args)}`,
    );
  }
  // Most tables are checked against every layer's keys: their union is worked out once.
  const table = common === COMMON_KEYS ? compiled(options) : undefined;
  const accepted = table?.accepted;
  const keys = Object.keys(args);
  // The same keys in the same order as the last configuration accepted (a model's layers of a
  // kind give theirs so): accepted again without a lookup per key.
  if (table?.acceptedKeys !== undefined && sameKeys(table.acceptedKeys, keys)) return keys;
  for (const key of keys) {
    if (accepted ? accepted.has(key) : Object.hasOwn(options, key) || common.includes(key)) {
      continue;
    }
    const valid = [...Object.keys(options), ...common];
    const python = valid.find((k) => pythonName(k) === key || jsonNameOf(options, k) === key);
    const shown = key.length > 60 ? `${key.slice(0, 57)}...` : key;
    if (python !== undefined) {
      throw new TypeError(
        `Unknown option "${shown}" for ${owner}: "${shown}" is Keras's Python name; here it is ` +
          `${python}`,
      );
    }
    const near = nearest(key, valid);
    throw new TypeError(
      `Unknown option "${shown}" for ${owner}: ${
        near === undefined ? "" : `did you mean ${near}? `
      }${owner} takes ${valid.join(", ")}`,
    );
  }
  if (table !== undefined) table.acceptedKeys = keys.slice();
  return keys;
}

function jsonNameOf(options: OptionTable, key: string): string | undefined {
  return Object.hasOwn(options, key) ? options[key].json : undefined;
}

function exampleKey(options: OptionTable): string {
  const required = Object.entries(options).find(([, o]) => o.required);
  return required ? `${required[0]}: ...` : "name: ...";
}

/**
 * Checks every option of a configuration and fills in the defaults.
 *
 * @param owner The class name.
 * @param options The kind's options.
 * @param args The configuration given (its keys already checked).
 * @param given `Object.keys(args)`, when the caller has listed them already.
 * @returns Each option's value.
 * @throws {TypeError} When a required option is missing or a value has the wrong type.
 * @throws {RangeError} When a number is out of range.
 *
 * @example
 * ```ts
 * import { opt, resolveOptions } from "./options.ts";
 * import assert from "assert";
 *
 * const options = { units: opt.int(), useBias: opt.bool(true) };
 * assert.deepEqual(resolveOptions("Dense", options, { units: 5 }), { units: 5, useBias: true });
 * assert.throws(() => resolveOptions("Dense", options, {}), /Invalid units for Dense/);
 * ```
 */
export function resolveOptions<O extends OptionTable>(
  owner: string,
  options: O,
  args: Readonly<Record<string, unknown>>,
  given?: readonly string[],
): Resolved<O> {
  expectString("resolveOptions", "its owner", owner);
  expectObject("resolveOptions", "its options", options, "an option table (a kind's options)");
  expectObject("resolveOptions", "its arguments", args);
  const keys = given ?? Object.keys(args);
  const table = compiled(options);
  // Keys in the same order as the last configuration resolved: its plan (`_option_plan.ts`).
  const planned = fromPlan(table.plan, keys, owner, args, table.required);
  if (planned !== undefined) return planned as Resolved<O>;
  const { defaults, required, order } = table;
  // Every option starts at its default (one copy of an object of the table's defaults; an option
  // whose default is undefined is left out, which reads the same); only the options given, and
  // the required ones, are looked at, in the order they were given.
  const resolved: Record<string, unknown> = { ...defaults };
  let failure: { readonly error: unknown } | undefined;
  // An option without a default is added after the defaults, in the table's order.
  let added = -1;
  let inOrder = true;
  for (const key of keys) {
    const value = args[key];
    if (value === undefined) continue;
    const position = order.get(key);
    if (position === undefined) continue;
    try {
      resolved[key] = options[key].check(owner, key, value);
    } catch (error) {
      failure = { error };
      break;
    }
    if (!Object.hasOwn(defaults, key)) {
      inOrder &&= position > added;
      added = position;
    }
  }
  for (const key of required) {
    if (args[key] === undefined) failure ??= { error: undefined };
  }
  if (failure) {
    // The error thrown is the one the table's order meets first, whatever order the keys came in.
    throwFirstError(owner, options, args);
    throw failure.error;
  }
  table.plan = makePlan(keys, args, options, order, defaults, table.otherKeys);
  return (inOrder
    ? resolved
    : inTableOrder(resolved, table.defaultKeys, table.otherKeys)) as Resolved<O>;
}

/**
 * Throws the error of the first option, in the table's order, that is invalid (given) or
 * missing (required).
 */
function throwFirstError(
  owner: string,
  options: OptionTable,
  args: Readonly<Record<string, unknown>>,
): void {
  for (const key of compiled(options).order.keys()) {
    const option = options[key];
    if (Object.hasOwn(args, key) && args[key] !== undefined) {
      option.check(owner, key, args[key]);
    } else if (option.required && args[key] === undefined) {
      throw new TypeError(
        `Invalid ${key} for ${owner}: expected ${option.expected}, received undefined`,
      );
    }
  }
}

/** What `resolveOptions` needs of a table, computed once per table. */
interface CompiledTable {
  /** Every option whose default is not `undefined`, at its default, in the table's order. */
  readonly defaults: Readonly<Record<string, unknown>>;
  /** The options that have no default. */
  readonly required: readonly string[];
  /** Each option's position in the table, so errors come in the table's order. */
  readonly order: ReadonlyMap<string, number>;
  /** The keys of `defaults`, in the table's order. */
  readonly defaultKeys: readonly string[];
  /** The other options (required, or without a default), in the table's order. */
  readonly otherKeys: readonly string[];
  /** The options and the keys every layer takes ({@linkcode COMMON_KEYS}). */
  readonly accepted: ReadonlySet<string>;
  /** The plan for the keys of the last configuration resolved by the full path. */
  plan?: OptionPlan;
  /** The keys of the last configuration whose keys were all accepted, in their order. */
  acceptedKeys?: readonly string[];
}

const COMPILED = new WeakMap<OptionTable, CompiledTable>();

function compiled(options: OptionTable): CompiledTable {
  let table = COMPILED.get(options);
  if (table === undefined) {
    const defaults: Record<string, unknown> = {};
    const required: string[] = [];
    const order = new Map<string, number>();
    const defaultKeys: string[] = [];
    const otherKeys: string[] = [];
    for (const [key, option] of Object.entries(options)) {
      order.set(key, order.size);
      if (option.required) required.push(key);
      if (!option.required && option.fallback !== undefined) {
        defaults[key] = option.fallback;
        defaultKeys.push(key);
      } else {
        otherKeys.push(key);
      }
    }
    const accepted = new Set([...order.keys(), ...COMMON_KEYS]);
    COMPILED.set(options, table = { defaults, required, order, defaultKeys, otherKeys, accepted });
  }
  return table;
}

/**
 * Formats a tuple option for a message, e.g. `(3, 3)`.
 *
 * @param values The tuple.
 * @returns Its printed form.
 *
 * @example
 * ```ts
 * import { formatTuple } from "./options.ts";
 * import assert from "assert";
 *
 * assert.equal(formatTuple([3, 3]), "(3, 3)");
 * ```
 */
export function formatTuple(values: readonly number[]): string {
  return formatShape(values);
}

/**
 * Options that decide no shape or count, by name, each kept as given: a name ending in
 * `Initializer`, `Regularizer` or `Constraint` is checked as Keras reads one (`opt.kerasObject`),
 * any other is accepted as it is.
 *
 * @param keys The options' names.
 * @returns The options.
 *
 * @example
 * ```ts
 * import { inert } from "./options.ts";
 * import assert from "assert";
 *
 * assert.ok(inert("kernelInitializer").kernelInitializer.inert);
 * ```
 */
export function inert<K extends string>(...keys: K[]): { readonly [key in K]: Option<unknown> } {
  const table = {} as { [key in K]: Option<unknown> };
  for (const key of keys) {
    const kind = /(Initializer|Regularizer|Constraint)$/.exec(key)?.[1].toLowerCase();
    table[key] = kind === undefined ? opt.inert() : opt.kerasObject(kind as KerasObjectKind);
  }
  return table;
}

/** What a dense kernel and bias accept besides their sizes. */
export const KERNEL_EXTRAS = inert(
  "kernelInitializer",
  "biasInitializer",
  "kernelRegularizer",
  "biasRegularizer",
  "activityRegularizer",
  "kernelConstraint",
  "biasConstraint",
);

/**
 * The same option, but not required: absent is `undefined`.
 *
 * @param option An option.
 * @returns The option, optional.
 *
 * @example
 * ```ts
 * import { opt, optional } from "./options.ts";
 * import assert from "assert";
 *
 * assert.equal(optional(opt.int()).required, false);
 * ```
 */
export function optional<T>(option: Option<T>): Option<T | undefined> {
  return { ...option, required: false, fallback: undefined };
}
