/**
 * A layer kind's declaration: everything the library knows about one Keras layer class, said
 * once. The layer class, the Keras-JSON reader, the TF.js bridge, the explanations and the
 * registry all read it; none of them names the class.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Layer } from "./base.ts";
import type { Option } from "./options.ts";
import type {
  JsonReaderOf,
  KindDeclaration,
  TfjsDeclarationOf,
  WrapperDeclarationOf,
} from "./declaration.ts";

export type { WrapperRelation } from "./args.ts";
export type {
  CountForm,
  Family,
  InputSizeDeclaration,
  JsonConfig,
  LayerConfig,
  PrintedRow,
  RowCandidate,
  RowReading,
} from "./declaration.ts";
import { expectObject, expectString, expectWith } from "../guard.ts";

/** Everything the library knows about a Keras layer class (see `KindDeclaration`). */
export type LayerKind = KindDeclaration<Layer>;

/** What a kind's JSON hook can ask of the reader that is reading it (see `JsonReaderOf`). */
export type JsonReader = JsonReaderOf<Layer>;

/** How a kind is built in TensorFlow.js (see `TfjsDeclarationOf`). */
export type TfjsDeclaration = TfjsDeclarationOf<Layer>;

/** What a wrapper declares about the layer it wraps (see `WrapperDeclarationOf`). */
export type WrapperDeclaration = WrapperDeclarationOf<Layer>;

/**
 * Declares a layer kind. Checks the declaration itself, so a slip in a family file fails when
 * the library loads, not in some reader later.
 *
 * @param kind The declaration.
 * @returns The declaration as the library keeps it: its fields, every field of a declaration
 * present in one order (`undefined` where it declares nothing).
 * @throws {TypeError} When the positional option is not one of the options, or a field is not
 * one a declaration has (a misspelt `fromJSON` would otherwise be dropped).
 *
 * @example
 * ```ts
 * import { defineKind } from "./kind.ts";
 * import { opt } from "./options.ts";
 * import { Dense } from "./core.ts";
 * import assert from "assert";
 *
 * const kind = defineKind({
 *   className: "MyDense",
 *   family: "core",
 *   summary: "A dense layer under another name.",
 *   options: { units: opt.int() },
 *   positional: "units",
 *   create: (config) => new Dense(config as { units: number }),
 * });
 * assert.equal(kind.positional, "units");
 * assert.throws(
 *   () => defineKind({ ...kind, fromJSON: () => ({}) } as never),
 *   /"fromJSON" is not a field of a kind's declaration/,
 * );
 * ```
 */
export function defineKind(kind: LayerKind): LayerKind {
  expectObject(
    "defineKind",
    "its kind",
    kind,
    "a kind's declaration ({ className, family, summary, options, … })",
  );
  expectString("defineKind", "its className", kind.className, "a Keras class name");
  if (kind.positional !== undefined && !Object.hasOwn(kind.options, kind.positional)) {
    throw new TypeError(
      `Invalid declaration of ${kind.className}: positional option ${kind.positional} is not ` +
        `one of its options`,
    );
  }
  for (const key in kind) {
    if (!KIND_FIELDS.has(key)) {
      throw new TypeError(
        `Invalid declaration of ${kind.className}: ${JSON.stringify(key)} is not a field of a ` +
          `kind's declaration (${[...KIND_FIELDS].join(", ")})`,
      );
    }
  }
  return new DeclaredKind(kind);
}

/**
 * A kind's declaration as the library keeps it: every field of {@linkcode KindDeclaration} an own
 * property, in one order, `undefined` where the kind declares nothing. Every kind then has the
 * same hidden class in V8, so code that reads the kinds of many layers (`layer.kind.className`,
 * `kind.options`, `kind.create`) reads one shape, not one per kind: a read site that meets more
 * than four shapes turns megamorphic, each read a lookup in a global cache (measured on
 * ResNet50's JSON, whose 177 layers are of 9 kinds).
 */
class DeclaredKind implements LayerKind {
  readonly className: string;
  readonly aliases: LayerKind["aliases"];
  readonly family: LayerKind["family"];
  readonly summary: string;
  readonly options: LayerKind["options"];
  readonly positional: LayerKind["positional"];
  readonly create: LayerKind["create"];
  readonly jsonIgnored: LayerKind["jsonIgnored"];
  readonly weightsInTrainableCell: LayerKind["weightsInTrainableCell"];
  readonly holdsQuantizable: LayerKind["holdsQuantizable"];
  readonly fromJson: LayerKind["fromJson"];
  readonly tfjs: LayerKind["tfjs"];
  readonly noWeights: LayerKind["noWeights"];
  readonly weightless: LayerKind["weightless"];
  readonly why: LayerKind["why"];
  readonly describe: LayerKind["describe"];
  readonly gates: LayerKind["gates"];
  readonly gatesOf: LayerKind["gatesOf"];
  readonly wrapper: LayerKind["wrapper"];
  readonly inputSize: LayerKind["inputSize"];
  readonly pytorch: LayerKind["pytorch"];
  readonly read: LayerKind["read"];
  readonly countForms: LayerKind["countForms"];
  readonly call: LayerKind["call"];
  readonly samples: LayerKind["samples"];
  readonly macs: LayerKind["macs"];
  readonly saved: LayerKind["saved"];

  constructor(kind: LayerKind) {
    this.className = kind.className;
    this.aliases = kind.aliases;
    this.family = kind.family;
    this.summary = kind.summary;
    this.options = kind.options;
    this.positional = kind.positional;
    this.create = kind.create;
    this.jsonIgnored = kind.jsonIgnored;
    this.weightsInTrainableCell = kind.weightsInTrainableCell;
    this.holdsQuantizable = kind.holdsQuantizable;
    this.fromJson = kind.fromJson;
    this.tfjs = kind.tfjs;
    this.noWeights = kind.noWeights;
    this.weightless = kind.weightless;
    this.why = kind.why;
    this.describe = kind.describe;
    this.gates = kind.gates;
    this.gatesOf = kind.gatesOf;
    this.wrapper = kind.wrapper;
    this.inputSize = kind.inputSize;
    this.pytorch = kind.pytorch;
    this.read = kind.read;
    this.countForms = kind.countForms;
    this.call = kind.call;
    this.samples = kind.samples;
    this.macs = kind.macs;
    this.saved = kind.saved;
  }
}

// Every field of a declaration is one `DeclaredKind` keeps: a field added to `KindDeclaration`
// and not here fails to compile (an optional field missing from a class that implements the
// interface would not), rather than being refused by `defineKind` when the library loads.
const KEEPS_EVERY_FIELD: [Exclude<keyof LayerKind, keyof DeclaredKind>] extends [never] ? true
  : never = true;
void KEEPS_EVERY_FIELD;

/** The fields a declaration may have: those a {@linkcode DeclaredKind} keeps. */
const KIND_FIELDS: ReadonlySet<string> = new Set(
  Object.keys(new DeclaredKind({} as LayerKind)),
);

/**
 * Keras's positional first argument: `new LSTM(5, { returnSequences: true })` is
 * `new LSTM({ units: 5, returnSequences: true })`.
 *
 * @param kind The layer's kind.
 * @param first The first constructor argument: the configuration, or the positional option.
 * @param rest The configuration, when the first argument was the positional option.
 * @returns The configuration as one object.
 * @throws {TypeError} When a configuration object is followed by another argument.
 *
 * @example
 * ```ts
 * import { positional } from "./kind.ts";
 * import { LSTM } from "./recurrent.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(positional(LSTM.kind, 5, { returnSequences: true }), {
 *   units: 5,
 *   returnSequences: true,
 * });
 * assert.deepEqual(positional(LSTM.kind, { units: 5 }, undefined), { units: 5 });
 * ```
 */
export function positional(
  kind: LayerKind,
  first: unknown,
  rest: unknown,
): Record<string, unknown> {
  expectWith("positional", "its kind", kind, "a layer kind (e.g. Dense.kind)", "className");
  const isConfig = typeof first === "object" && first !== null && !Array.isArray(first) &&
    Object.getPrototypeOf(first) === Object.prototype;
  if (first === undefined && rest === undefined) return {};
  if (isConfig || kind.positional === undefined) {
    if (rest !== undefined) {
      throw new TypeError(
        `Invalid arguments for ${kind.className}: expected one configuration object, received ` +
          `a second argument ${describeValue(rest)}`,
      );
    }
    return first as Record<string, unknown>;
  }
  if (rest !== undefined && (typeof rest !== "object" || rest === null || Array.isArray(rest))) {
    throw new TypeError(
      `Invalid configuration for ${kind.className}: expected an object after ${
        describeValue(first)
      }, received ${describeValue(rest)}`,
    );
  }
  const config = (rest ?? {}) as Record<string, unknown>;
  if (Object.hasOwn(config, kind.positional)) {
    throw new TypeError(
      `${kind.className} got ${kind.positional} twice: as its first argument and in its ` +
        `configuration`,
    );
  }
  return { ...config, [kind.positional]: first };
}

/**
 * The option of a kind, by name.
 *
 * @param kind The kind.
 * @param key The option's name.
 * @returns The option, or `undefined` when the kind has none of that name.
 *
 * @example
 * ```ts
 * import { optionOf } from "./kind.ts";
 * import { LSTM } from "./recurrent.ts";
 * import assert from "assert";
 *
 * assert.equal(optionOf(LSTM.kind, "returnSequences")?.fallback, false);
 * ```
 */
export function optionOf(kind: LayerKind, key: string): Option<unknown> | undefined {
  expectWith("optionOf", "its kind", kind, "a layer kind (e.g. Dense.kind)", "options");
  expectString("optionOf", "its key", key);
  return Object.hasOwn(kind.options, key) ? kind.options[key] : undefined;
}
