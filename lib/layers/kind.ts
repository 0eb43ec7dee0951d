/**
 * A layer kind's declaration: everything the library knows about one Keras layer class, said
 * once. The layer class, the Keras-JSON reader, the TF.js bridge, the explanations and the
 * registry all read it; none of them names the class.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Shape } from "../shape.ts";
import type { Layer } from "./base.ts";
import type { Option, OptionTable } from "./options.ts";
import type { PyTorchDeclaration } from "./pytorch.ts";

/** The families layers are grouped in, one file each under `lib/layers/`. */
export type Family =
  | "core"
  | "activation"
  | "reshaping"
  | "embedding"
  | "recurrent"
  | "wrappers"
  | "convolutional"
  | "pooling"
  | "normalization"
  | "preprocessing"
  | "regularization"
  | "merging"
  | "attention"
  | "keras_hub";

/** A Keras JSON config: `{"units": 5, "return_sequences": true, …}`. */
export type JsonConfig = Readonly<Record<string, unknown>>;

/** What a kind's JSON hook can ask of the reader that is reading it. */
export interface JsonReader {
  /** The rank of the layer's input (batch included), when known. */
  readonly rank: number | undefined;
  /**
   * Reads the layer a wrapper holds under `key` (`{"class_name", "config"}`).
   *
   * @param key The JSON key, e.g. `"layer"`.
   * @param rank The inner layer's input rank, when known.
   * @param stripPrefix A prefix Keras added to the inner layer's name (`"forward_"`).
   */
  layer(key: string, rank: number | undefined, stripPrefix?: string): Layer;
  /**
   * Reads the list of layers a kind holds under `key` (`StackedRNNCells`'s `"cells"`).
   *
   * @param key The JSON key, e.g. `"cells"`.
   * @param rank The inner layers' input rank, when known.
   */
  layers(key: string, rank: number | undefined): Layer[];
}

/** How a kind is built in TensorFlow.js, described as data: the bridge does the building. */
export interface TfjsDeclaration {
  /** The `tf.layers` factory, e.g. `"lstm"`. */
  readonly factory: string;
  /**
   * The factory's arguments besides `name`, `trainable` and the input shape. Values that are
   * layers are converted by the bridge. By default: every option that is not inert, as it is.
   */
  readonly args?: (layer: Layer) => Record<string, unknown>;
  /** Why TF.js cannot build this configuration, or `undefined` when it can. */
  readonly refuse?: (layer: Layer) => string | undefined;
}

/**
 * How a wrapper holds the layer it wraps: `"shared over time"` (one set of the inner layer's
 * weights applied at every time step; the inner layer sees one step, the input without its
 * axis 1) or `"two copies"` (two copies of the inner layer, each with its own weights, on the
 * same input).
 */
export type WrapperRelation = "shared over time" | "two copies";

/** What a wrapper declares about the layer it wraps. */
export interface WrapperDeclaration {
  /** How it holds the inner layer. */
  readonly relation: WrapperRelation;
  /** How many sets of the inner layer's weights it holds. */
  readonly copies: number;
  /** The built copies whose weights it holds, in order (`forward_lstm`, `backward_lstm`). */
  readonly layers: (layer: Layer) => readonly Layer[];
}

/**
 * What a parameter count tells about a layer's input, for inverse inference: the count is
 * affine in one input size (input features, channels, vocabulary), and this says how to build
 * the layer for a given size.
 */
export interface InputSizeDeclaration {
  /** One unit of the input size, singular: `"input feature"`, `"input channel"`, `"token id"`. */
  readonly unit: string;
  /**
   * The input shape (batch first) to build a layer of this configuration on for an input size,
   * and options to put over the configuration (Embedding's `inputDim`); `undefined` when this
   * configuration's count is not affine in one input size.
   */
  readonly input: (
    config: Readonly<Record<string, unknown>>,
    size: number,
  ) => { readonly shape: Shape; readonly options?: Record<string, unknown> } | undefined;
}

/**
 * A layer in the library's one configuration format: its Keras class name and its options, a
 * wrapped layer nested in the same format. The summary reader, the inverse inference, the
 * benchmarks and the tests all describe layers this way.
 */
export interface LayerConfig {
  /** The Keras class name, e.g. `"LSTM"`. */
  readonly className: string;
  /** The options, as the layer's constructor takes them (`layer` for a wrapper's inner one). */
  readonly [option: string]: unknown;
}

/** What one row of a printed `model.summary()` shows about its layer, for a kind's row reader. */
export interface PrintedRow {
  /** The printed output shape, when it is one shape. */
  readonly out: Shape | null;
  /** The printed outputs, when the layer has several (`return_state=True`). */
  readonly outList: readonly Shape[] | null;
  /** The layer's input, when known: the row above, or the row its `Connected to` names. */
  readonly input: Shape | null;
  /** A layer's several inputs, in order, when its `Connected to` names more than one. */
  readonly inputs: readonly Shape[] | null;
  /** The printed count, when it is printed in full. */
  readonly params: number | null;
  /** Options the code that printed the table declares for the layer (`returnSequences`). */
  readonly declared: Readonly<Record<string, unknown>>;
  /** Which program printed the table: TF.js's defaults differ (its GRU's `resetAfter`). */
  readonly printer: "keras" | "tfjs";
}

/** A configuration that might have printed a row, with the input it is built on. */
export interface RowCandidate {
  /** The options, in the library's format (a wrapped layer as a {@linkcode LayerConfig}). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The input to build it on (a layer of several inputs: each one's); `null` when unknown. */
  readonly input: Shape | readonly Shape[] | null;
  /**
   * Options a row cannot tell (a dropout rate): the configuration holds a stand-in value to
   * build with, and the reader leaves them out of what it reports.
   */
  readonly unread?: readonly string[];
  /** The assumption this candidate rests on (a kernel size, a pool size), in a sentence. */
  readonly assumption?: string;
  /** Away from Keras's defaults (no bias): tried only when no usual candidate fits. */
  readonly unusual?: boolean;
  /**
   * For a candidate whose input size only the count tells (a first layer's features, an
   * embedding's vocabulary): the candidate at an input size. The reader solves the size from
   * the printed count by inverse inference on `config`, and keeps the candidate only if one
   * size gives the count.
   */
  readonly sized?: (size: number) => RowCandidate;
}

/**
 * How a printed summary row of a kind is read backwards. A kind that declares it is solved by
 * it: the candidates cover every configuration Keras could have printed the row with, so a row
 * none of them fits is flagged. A kind without it is tried generically, and a row no generic
 * guess fits is only "not checked".
 */
export interface RowReading {
  /**
   * Whether the candidates may miss configurations Keras could have printed the row with (a
   * wrapper of any layer): then a row none fits is not checked, never flagged.
   */
  readonly partial?: boolean;
  /** The configurations that might have printed the row, Keras's defaults first. */
  readonly candidates: (row: PrintedRow) => readonly RowCandidate[];
  /**
   * The last sizes an output shape may have had when its column cut it off, given the input
   * and the count; absent when the kind cannot tell.
   */
  readonly lastSizes?: (input: Shape, params: number | null) => readonly number[];
  /** Remarks on a fitting configuration that are not errors (a single time step), if any. */
  readonly hints?: (config: LayerConfig, row: PrintedRow) => readonly string[];
  /**
   * A sentence that explains why the printed output (written `printed`) is not what the
   * configuration gives (`expected`), when the kind can tell.
   */
  readonly shapeHint?: (
    config: LayerConfig,
    row: PrintedRow,
    printed: string,
    expected: string,
  ) => string | undefined;
}

/** Everything the library knows about a Keras layer class. */
export interface LayerKind {
  /** Keras's class name, e.g. `"LSTM"`. */
  readonly className: string;
  /** Other names Keras writes for the same class (`"Convolution1D"`, `"MaxPool2D"`). */
  readonly aliases?: readonly string[];
  /** The family (and file) it belongs to. */
  readonly family: Family;
  /** One line for a learner: what the layer does and what it holds. */
  readonly summary: string;
  /** Its configuration beyond the options every layer has. */
  readonly options: OptionTable;
  /** The option Keras takes as its first positional argument (`LSTM(5)` is `units`). */
  readonly positional?: string;
  /** Creates the layer from a configuration in the library's one format. */
  readonly create: (config: Record<string, unknown>) => Layer;
  /**
   * Keras JSON keys this kind writes that decide no shape or count and have no option here
   * (`"unroll"`, `"implementation"`), so the reader skips them rather than refusing them.
   */
  readonly jsonIgnored?: readonly string[];
  /**
   * Reads a Keras JSON config where the generic mapping (snake_case key ↔ option) is not enough:
   * nested layers, or a default that differs between Keras versions. Returns options to put
   * over the generically read ones.
   */
  readonly fromJson?: (config: JsonConfig, reader: JsonReader) => Record<string, unknown>;
  /** How TF.js builds it; absent when TF.js has no such layer. */
  readonly tfjs?: TfjsDeclaration;
  /**
   * Why a layer of this kind has no weights, in one sentence for an explanation. Layers with
   * weights explain themselves from their weight declarations.
   */
  readonly noWeights?: (layer: Layer) => string;
  /**
   * Keras gives no layer of this kind weights, whatever its configuration, so a printed row's
   * count can be checked even when its configuration cannot be read.
   */
  readonly weightless?: boolean;
  /**
   * Why a layer of this kind with weights has its count, in sentences for an explanation, given
   * the formula its declared weight axes add up to (e.g. `"n × m + m"`).
   */
  readonly why?: (layer: Layer, formula: string) => readonly string[] | undefined;
  /**
   * The gate blocks a recurrent cell lays side by side in its kernel columns, in Keras's order,
   * in words (`"input gate"`, `"forget gate"`, `"cell candidate"`, `"output gate"`).
   */
  readonly gates?: readonly string[];
  /** For a kind whose gates depend on the layer (an `RNN` of one cell): its gate blocks. */
  readonly gatesOf?: (layer: Layer) => readonly string[] | undefined;
  /** For a wrapper: how it holds the layer it wraps. */
  readonly wrapper?: WrapperDeclaration;
  /** How the count gives back the input size; absent when it cannot. */
  readonly inputSize?: InputSizeDeclaration;
  /** The PyTorch module that corresponds, or why none does; absent when not known. */
  readonly pytorch?: PyTorchDeclaration;
  /** How a printed summary row of this kind is solved; absent: tried generically. */
  readonly read?: RowReading;
}

/**
 * Declares a layer kind. Checks the declaration itself, so a slip in a family file fails when
 * the library loads, not in some reader later.
 *
 * @param kind The declaration.
 * @returns The same declaration, typed.
 * @throws {TypeError} When the positional option is not one of the options.
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
 * ```
 */
export function defineKind(kind: LayerKind): LayerKind {
  if (kind.positional !== undefined && !Object.hasOwn(kind.options, kind.positional)) {
    throw new TypeError(
      `Invalid declaration of ${kind.className}: positional option ${kind.positional} is not ` +
        `one of its options`,
    );
  }
  return kind;
}

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
  return Object.hasOwn(kind.options, key) ? kind.options[key] : undefined;
}
