/**
 * Keras's initializers, regularizers and constraints: the names Keras knows each by and the
 * arguments its constructor takes, as Keras 3.15.1 defines them (`keras/src/initializers`,
 * `regularizers`, `constraints`: each module's `ALL_OBJECTS_DICT` and each class's
 * `__init__`). None decides a shape or a count, but a value Keras cannot read is a model Keras
 * cannot load: `model_from_json` refuses a misspelt name, an unknown class or a key a class does
 * not take, and so does paramlab, naming the layer, the option and the value. CI's fixture
 * `keras_object_edits` holds Keras's verdict on every name and class, and on each such edit.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { nearest } from "./naming.ts";

/** Which of Keras's three families of objects an option takes. */
export type KerasObjectKind = "initializer" | "regularizer" | "constraint";

/** One of Keras's classes: the names it is known by, the arguments it takes. */
export interface KerasClass {
  /** Every name Keras finds it by, its class name first. */
  readonly names: readonly string[];
  /** The arguments its constructor takes, the keys its config may hold. */
  readonly keys: readonly string[];
  /** Arguments it cannot do without (Constant's `value`): its bare name cannot be read. */
  readonly required?: readonly string[];
  /** It takes any key (Constant reads `value` and ignores the rest). */
  readonly anyKeys?: boolean;
  /** An abstract base Keras cannot build a weight with (`Initializer`). */
  readonly abstract?: boolean;
  /**
   * What the constructor requires of some arguments' values (Keras raises building the model):
   * each check returns what a value must be, or `undefined` when it is one.
   */
  readonly values?: Readonly<Record<string, (value: unknown) => string | undefined>>;
}

/** `null` or an integer from 0: Keras's seed (a negative one overflows building the weights). */
function seed(value: unknown): string | undefined {
  return value === null || typeof value === "boolean" ||
      (typeof value === "number" && Number.isSafeInteger(value) && value >= 0)
    ? undefined
    : "null or a non-negative integer";
}

/** A penalty's factor: `null` or a number from 0 (Keras's `validate_float_arg`). */
function factor(value: unknown): string | undefined {
  return value === null || typeof value === "boolean" ||
      (typeof value === "number" && Number.isFinite(value) && value >= 0)
    ? undefined
    : "a non-negative number";
}

/** A number the weights are drawn or scaled with (a mean, a deviation, a bound, a gain). */
function numeric(value: unknown): string | undefined {
  return typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))
    ? undefined
    : "a number";
}

/** OrthogonalRegularizer's factor: a number from 0, never `null`. */
function positiveFactor(value: unknown): string | undefined {
  return value === null ? "a non-negative number" : factor(value);
}

/** Constant's value: a number or a list of them (Keras fills the weight with it). */
function filling(value: unknown): string | undefined {
  return typeof value === "string" || value === null ||
      (typeof value === "object" && !Array.isArray(value))
    ? "a number or a list of numbers"
    : undefined;
}

function oneOf(...allowed: string[]): (value: unknown) => string | undefined {
  return (value) =>
    typeof value === "string" && allowed.includes(value)
      ? undefined
      : `one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`;
}

const SEEDED = ["input_axes", "output_axes", "seed"];

// keras/src/initializers/random_initializers.py, VarianceScaling.__init__: the distribution is
// lower-cased and "normal" read as "truncated_normal" (what TF.js and Keras 2 write).
const VARIANCE_SCALING_VALUES = {
  scale: (v: unknown) =>
    typeof v === "number" && v > 0 || v === true ? undefined : "a positive number",
  mode: oneOf("fan_in", "fan_out", "fan_avg"),
  distribution: (v: unknown) =>
    typeof v === "string" &&
      ["uniform", "truncated_normal", "untruncated_normal", "normal"].includes(v.toLowerCase())
      ? undefined
      : 'one of "uniform", "truncated_normal", "untruncated_normal" (or "normal")',
};

const INITIALIZERS: Readonly<Record<string, KerasClass>> = {
  Constant: {
    names: ["Constant", "constant"],
    keys: ["value"],
    required: ["value"],
    anyKeys: true,
    values: { value: filling },
  },
  GlorotNormal: { names: ["GlorotNormal", "glorot_normal"], keys: SEEDED },
  GlorotUniform: { names: ["GlorotUniform", "glorot_uniform"], keys: SEEDED },
  HeNormal: { names: ["HeNormal", "he_normal"], keys: SEEDED },
  HeUniform: { names: ["HeUniform", "he_uniform"], keys: SEEDED },
  Identity: {
    names: ["Identity", "IdentityInitializer", "identity"],
    keys: ["gain"],
    values: { gain: numeric },
  },
  Initializer: { names: ["Initializer", "initializer"], keys: [], abstract: true },
  LecunNormal: { names: ["LecunNormal", "lecun_normal"], keys: SEEDED },
  LecunUniform: { names: ["LecunUniform", "lecun_uniform"], keys: SEEDED },
  Ones: { names: ["Ones", "one", "ones"], keys: [] },
  Orthogonal: {
    names: ["Orthogonal", "OrthogonalInitializer", "orthogonal"],
    keys: ["gain", "seed"],
    values: { gain: numeric },
  },
  RandomNormal: {
    names: ["RandomNormal", "normal", "random_normal"],
    keys: ["mean", "seed", "stddev"],
    values: { mean: numeric, stddev: numeric },
  },
  RandomUniform: {
    names: ["RandomUniform", "random_uniform", "uniform"],
    keys: ["maxval", "minval", "seed"],
    values: { maxval: numeric, minval: numeric },
  },
  // A short-time Fourier transform's kernel: Keras builds it only for a weight of rank 3 (a
  // Conv1D kernel), which is not checked here.
  STFT: {
    names: ["STFT", "STFTInitializer", "stft"],
    keys: ["periodic", "scaling", "side", "window"],
  },
  TruncatedNormal: {
    names: ["TruncatedNormal", "truncated_normal"],
    keys: ["mean", "seed", "stddev"],
    values: { mean: numeric, stddev: numeric },
  },
  VarianceScaling: {
    names: ["VarianceScaling", "variance_scaling"],
    keys: ["distribution", "mode", "scale", ...SEEDED],
    values: VARIANCE_SCALING_VALUES,
  },
  Zeros: { names: ["Zeros", "zero", "zeros"], keys: [] },
  // TensorFlow.js writes these two for Keras's LecunNormal and LecunUniform.
  LeCunNormal: { names: ["LeCunNormal"], keys: ["seed"] },
  LeCunUniform: { names: ["LeCunUniform"], keys: ["seed"] },
};

const REGULARIZERS: Readonly<Record<string, KerasClass>> = {
  L1: { names: ["L1", "l1"], keys: ["l1"], values: { l1: factor } },
  L1L2: { names: ["L1L2", "l1l2"], keys: ["l1", "l2"], values: { l1: factor, l2: factor } },
  L2: { names: ["L2", "l2"], keys: ["l2"], values: { l2: factor } },
  OrthogonalRegularizer: {
    names: ["OrthogonalRegularizer", "orthogonal_regularizer"],
    keys: ["factor", "mode"],
    values: { factor: positiveFactor, mode: oneOf("rows", "columns") },
  },
  Regularizer: { names: ["Regularizer", "regularizer"], keys: [] },
};

const CONSTRAINTS: Readonly<Record<string, KerasClass>> = {
  Constraint: { names: ["Constraint", "constraint"], keys: [] },
  MaxNorm: { names: ["MaxNorm", "max_norm"], keys: ["axis", "max_value"] },
  MinMaxNorm: {
    names: ["MinMaxNorm", "min_max_norm"],
    keys: ["axis", "max_value", "min_value", "rate"],
  },
  NonNeg: { names: ["NonNeg", "non_neg"], keys: [] },
  UnitNorm: { names: ["UnitNorm", "unit_norm"], keys: ["axis"] },
};

const CLASSES: Readonly<Record<KerasObjectKind, Readonly<Record<string, KerasClass>>>> = {
  initializer: INITIALIZERS,
  regularizer: REGULARIZERS,
  constraint: CONSTRAINTS,
};

/** A name of each kind, for messages. */
const EXAMPLE: Readonly<Record<KerasObjectKind, string>> = {
  initializer: "glorot_uniform",
  regularizer: "l2",
  constraint: "max_norm",
};

function byName(classes: Readonly<Record<string, KerasClass>>): ReadonlyMap<string, KerasClass> {
  return new Map(Object.values(classes).flatMap((c) => c.names.map((name) => [name, c] as const)));
}

/** Each kind's classes by every name they are known by. */
const BY_NAME: Readonly<Record<KerasObjectKind, ReadonlyMap<string, KerasClass>>> = {
  initializer: byName(INITIALIZERS),
  regularizer: byName(REGULARIZERS),
  constraint: byName(CONSTRAINTS),
};

/**
 * Keras's classes of one kind, with the names and arguments each takes.
 *
 * @param kind Initializers, regularizers or constraints.
 * @returns The classes by class name.
 *
 * @example
 * ```ts
 * import { kerasObjectClasses } from "./keras_objects.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(kerasObjectClasses("regularizer").L2.keys, ["l2"]);
 * ```
 */
export function kerasObjectClasses(
  kind: KerasObjectKind,
): Readonly<Record<string, Readonly<KerasClass>>> {
  return CLASSES[kind];
}

/**
 * Checks an initializer, a regularizer or a constraint as Keras reads it: `null`, one of
 * Keras's names (`"glorot_uniform"`), a function (Keras takes a callable), or a serialized
 * object `{class_name, config}`, whose class Keras must know (unless registered as the user's
 * own: its code, not a count, is what Keras would need) and whose config keys its class takes.
 * The module a serialized object names is not read: Keras finds the class by its name.
 *
 * @param kind What the option takes.
 * @param owner The layer, for the message.
 * @param key The option's name, for the message.
 * @param value The value given.
 * @returns The value, as given.
 * @throws {TypeError} If Keras could not read the value, naming the layer, the option and it.
 *
 * @example A misspelt name is refused with the nearest of Keras's names
 * ```ts
 * import { checkKerasObject } from "./keras_objects.ts";
 * import assert from "assert";
 *
 * assert.equal(checkKerasObject("initializer", 'Dense "d"', "kernel_initializer", "he_normal"), "he_normal");
 * assert.throws(
 *   () => checkKerasObject("initializer", 'Dense "d"', "kernel_initializer", "glorot_unifrom"),
 *   /Keras knows no initializer named "glorot_unifrom"; did you mean "glorot_uniform"\?/,
 * );
 * assert.throws(
 *   () => checkKerasObject("regularizer", 'Dense "d"', "kernel_regularizer", {
 *     class_name: "L2",
 *     config: { l2: 0.01, l3: 1 },
 *   }),
 *   /L2 takes no "l3"/,
 * );
 * ```
 */
export function checkKerasObject(
  kind: KerasObjectKind,
  owner: string,
  key: string,
  value: unknown,
): unknown {
  if (value === null || value === undefined || typeof value === "function") return value;
  const where = `Invalid ${key} for ${owner}`;
  if (typeof value === "string") {
    const known = BY_NAME[kind].get(value);
    if (known === undefined) {
      // The nearest name written as the value is: "glorot_unifrom" gets "glorot_uniform".
      const names = [...BY_NAME[kind].keys()];
      const alike = names.filter((n) =>
        (n === n.toLowerCase()) === (value === value.toLowerCase())
      );
      const near = nearest(value, alike.length > 0 ? alike : names);
      throw new TypeError(
        `${where}: Keras knows no ${kind} named ${JSON.stringify(value)}` +
          (near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`),
      );
    }
    if (known.required && known.required.length > 0) {
      throw new TypeError(
        `${where}: ${known.names[0]} needs ${
          known.required.map((k) => JSON.stringify(k)).join(", ")
        }, so Keras cannot make it from its name ${JSON.stringify(value)}: give ` +
          `{"class_name": "${known.names[0]}", "config": {...}}`,
      );
    }
    return abstractCheck(known, where, value);
  }
  if (
    typeof value !== "object" || Array.isArray(value) ||
    typeof (value as { class_name?: unknown }).class_name !== "string"
  ) {
    throw new TypeError(
      `${where}: Keras reads a ${kind} from a name such as "${
        EXAMPLE[kind]
      }" or a serialized object {"class_name": ..., "config": {...}}, received ${
        describeValue(value)
      }`,
    );
  }
  const object = value as { class_name: string; config?: unknown; registered_name?: unknown };
  const known = BY_NAME[kind].get(object.class_name);
  if (known === undefined) {
    // The user's own class, registered: Keras needs its code to load it, and no count does.
    if (typeof object.registered_name === "string") return value;
    const near = nearest(object.class_name, Object.keys(CLASSES[kind]));
    throw new TypeError(
      `${where}: Keras knows no ${kind} class ${JSON.stringify(object.class_name)}` +
        (near === undefined ? "" : `; did you mean ${JSON.stringify(near)}?`),
    );
  }
  const config = object.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new TypeError(
      `${where}: the config of ${object.class_name} must be an object, received ${
        describeValue(config)
      }`,
    );
  }
  const missing = (known.required ?? []).filter((k) => !(k in config));
  if (missing.length > 0) {
    throw new TypeError(
      `${where}: ${object.class_name} needs ${
        missing.map((k) => JSON.stringify(k)).join(", ")
      } in its config, received ${describeValue(config)}`,
    );
  }
  if (!known.anyKeys) {
    // TensorFlow 1's Keras wrote a dtype into an initializer's config, in the form without a
    // module that Keras 2 and TF.js write; Keras 2 reads it (Keras 3, which writes a module,
    // does not).
    const legacy = kind === "initializer" && !("module" in object) ? ["dtype"] : [];
    const unknown = Object.keys(config).filter((k) =>
      !known.keys.includes(k) && !legacy.includes(k)
    );
    if (unknown.length > 0) {
      throw new TypeError(
        `${where}: ${object.class_name} takes no ${
          unknown.map((k) => JSON.stringify(k)).join(", ")
        } (it takes ${
          known.keys.length === 0 ? "no arguments" : known.keys.map((k) => `"${k}"`).join(", ")
        }), so Keras cannot load it`,
      );
    }
  }
  // Every seeded initializer's seed is checked building the weights.
  const rules = { ...(known.keys.includes("seed") ? { seed } : {}), ...known.values };
  for (const [key, rule] of Object.entries(rules)) {
    if (!(key in config)) continue;
    const given = (config as Record<string, unknown>)[key];
    const wanted = rule(given);
    if (wanted !== undefined) {
      throw new TypeError(
        `${where}: ${object.class_name}'s "${key}" must be ${wanted}, received ${
          describeValue(given)
        }, so Keras cannot load it`,
      );
    }
  }
  return abstractCheck(known, where, value);
}

function abstractCheck(known: KerasClass, where: string, value: unknown): unknown {
  if (known.abstract) {
    throw new TypeError(
      `${where}: ${known.names[0]} is Keras's abstract base, which makes no weights ` +
        `(Keras raises NotImplementedError building the layer), received ${describeValue(value)}`,
    );
  }
  return value;
}

/** A serialized regularizer, as Keras writes one and as the layers take one. */
export interface SerializedRegularizer {
  /** Keras's class. */
  readonly class_name: "L1" | "L2" | "L1L2";
  /** Its arguments: the penalties' factors. */
  readonly config: { readonly l1?: number; readonly l2?: number };
}

function penalty(name: string, value: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `Invalid value for argument ${name}: expected a non-negative number, received ${
        describeValue(value)
      }`,
    );
  }
  return value;
}

/**
 * Keras's `keras.regularizers.l1`, `l2` and `l1l2`, for writing a document's
 * `recurrent_regularizer=l2(0.0015)` as `recurrentRegularizer: regularizers.l2(0.0015)`: each
 * returns the object Keras serializes (`{class_name: "L2", config: {l2: 0.0015}}`), with
 * Keras's defaults (0.01 for `l1` and `l2` alone, 0 for each of `l1l2`'s). A regularizer adds
 * a penalty to the loss in training and no parameter.
 *
 * @example The document's LSTM with an L2 penalty on its recurrent kernel
 * ```ts
 * import { LSTM, regularizers } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(regularizers.l2(0.0015), { class_name: "L2", config: { l2: 0.0015 } });
 * const lstm = new LSTM({ units: 64, recurrentRegularizer: regularizers.l2(0.0015), inputShape: [100, 6] });
 * assert.equal(lstm.paramCount(), 18176);
 * assert.throws(() => regularizers.l2(-1), /non-negative/);
 * ```
 */
export const regularizers: {
  readonly l1: (l1?: number) => SerializedRegularizer;
  readonly l2: (l2?: number) => SerializedRegularizer;
  readonly l1l2: (l1?: number, l2?: number) => SerializedRegularizer;
} = {
  l1: (l1 = 0.01) => ({ class_name: "L1", config: { l1: penalty("l1", l1) } }),
  l2: (l2 = 0.01) => ({ class_name: "L2", config: { l2: penalty("l2", l2) } }),
  l1l2: (l1 = 0, l2 = 0) => ({
    class_name: "L1L2",
    config: { l1: penalty("l1", l1), l2: penalty("l2", l2) },
  }),
};
