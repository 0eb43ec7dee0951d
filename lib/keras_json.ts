/**
 * Reading a Sequential model from the JSON that Keras and TensorFlow.js export: Keras 2's and
 * tf.keras's `model.to_json()`, Keras 3's `model.to_json()` (and the `config.json` of a `.keras`
 * file), TensorFlow.js's `model.toJSON()` and the `model.json` files that `tfjs.converters` and
 * `model.save()` write. Only what decides shapes and counts is read; initializers, regularizers,
 * constraints and dtypes are ignored.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "./errors.ts";
import type { Shape } from "./shape.ts";
import { Sequential } from "./model.ts";
import { Model } from "./functional.ts";
import { asLayer } from "./nested.ts";
import type { SymbolicTensor } from "./layers/node.ts";
import { type Layer, MAX_NESTING, snakeCase } from "./layers/base.ts";
import type { JsonReader, LayerKind } from "./layers/kind.ts";
import { pythonName } from "./layers/options.ts";
import { createLayer, findKind, isInputClass, knownClassNames } from "./layers/registry.ts";

type Json = Record<string, unknown>;

/** One layer entry of the JSON: `{"class_name": …, "config": {…}}`, plus where it sits. */
interface Entry {
  readonly className: string;
  readonly config: Json;
  /** How to name the entry in an error message, e.g. `layer 2 "lstm_1" (LSTM)`. */
  readonly where: string;
  /** Keras 3's `build_config.input_shape`: the shape the layer was built for. */
  readonly builtFor: unknown;
  /** In a Functional model, the layer's calls: `inbound_nodes`. */
  readonly inbound: unknown;
  /** Keras 3's `module`, e.g. `"keras.layers"`, or `"keras.src.ops.numpy"` for an operation. */
  readonly module: string | undefined;
  /**
   * Keras 3's `registered_name`: a class registered as serializable is named by its package,
   * `"keras_hub>TransformerEncoder"`; Keras's own layers write `null`.
   */
  readonly registeredName: string | undefined;
}

/** What a layer's converter knows besides its own config. */
interface Context {
  /** The rank of the layer's input (batch included), when the model's input is known. */
  readonly rank: number | undefined;
  /** Names taken in the model; a wrapped layer gets one that is not, and adds it. */
  readonly takenNames: Set<string>;
  /** The model's input shape, for the first layer when no InputLayer declares it. */
  readonly batchInputShape: Shape | undefined;
  /** How many wrappers deep the entry is. */
  readonly depth: number;
}

/**
 * Builds a {@linkcode Sequential} model from the model topology Keras or TensorFlow.js exports.
 *
 * Accepted forms:
 * - Keras 2 / tf.keras `model.to_json()`: `{"class_name": "Sequential", "config": {"name", "layers"}}`,
 *   or, before Keras 2.2, `"config"` as the bare list of layers; the input shape comes from an
 *   `InputLayer` entry or the first layer's `batch_input_shape`.
 * - Keras 3 `model.to_json()`: layers with `"module"`, `"registered_name"` and `"build_config"`,
 *   an `InputLayer` with `"batch_shape"`, wrapped layers nested as full objects.
 * - TensorFlow.js `model.toJSON()` (a string, or an object with `toJSON(null, false)`), and a
 *   `model.json` file: `{"modelTopology": …, "weightsManifest": …}`, whose topology is either the
 *   model itself or `{"model_config": …, "keras_version", "backend"}`.
 * - Any of these encoded twice, as `json.dump(model.to_json(), f)` writes it.
 *
 * A GRU entry without `reset_after` is read as `false`: only Keras versions older than the option
 * omit it, and they behaved that way.
 *
 * @param json The JSON text, or the object it parses to.
 * @returns The model, built when the JSON says what its input shape is.
 * @throws {SyntaxError} When the text is not valid JSON, e.g. cut off.
 * @throws {TypeError} When the JSON is not a Sequential model (a Functional model, no list of
 * layers), names a layer class this library does not have, or a layer's config holds a value of
 * the wrong type (the message names the layer).
 * @throws {RangeError} When a layer's config holds a number out of range.
 * @throws {IncompatibleShapeError} When a layer cannot take its predecessor's output.
 *
 * @example Seed 000's first two LSTMs, as Keras 2 writes them
 * ```ts
 * import { fromKerasJson } from "./keras_json.ts";
 * import assert from "assert";
 *
 * const model = fromKerasJson({
 *   class_name: "Sequential",
 *   config: {
 *     name: "sequential_1",
 *     layers: [
 *       {
 *         class_name: "LSTM",
 *         config: {
 *           name: "lstm_1",
 *           batch_input_shape: [null, 400, 13],
 *           units: 5,
 *           return_sequences: true,
 *         },
 *       },
 *       { class_name: "LSTM", config: { name: "lstm_2", units: 5, return_sequences: true } },
 *     ],
 *   },
 *   keras_version: "2.2.4",
 *   backend: "tensorflow",
 * });
 * assert.deepEqual(model.layers.map((l) => l.paramCount()), [380, 220]);
 * assert.equal(model.layers[1].name, "lstm_2");
 * ```
 *
 * @example A cut-off file is a SyntaxError that says so
 * ```ts
 * import { fromKerasJson } from "./keras_json.ts";
 * import assert from "assert";
 *
 * assert.throws(() => fromKerasJson('{"class_name": "Sequential", "config": {'), SyntaxError);
 * ```
 */
export function fromKerasJson(json: string | object): Sequential | Model {
  let root = typeof json === "string" ? parseJson(json) : json;
  // `json.dump(model.to_json(), f)` writes the JSON text as a JSON string: read it once more.
  if (typeof root === "string" && /^\s*[[{]/.test(root)) root = parseJson(root);
  const found = findModelConfig(root, "The JSON");
  return found.functional
    ? buildFunctional(found.name, found.layers, found.inputLayers, found.outputLayers, 0)
    : buildModel(found.name, found.layers, found.buildInputShape);
}

/**
 * The class names {@linkcode fromKerasJson} understands, as Keras writes them (aliases included).
 *
 * @returns The names, sorted.
 *
 * @example
 * ```ts
 * import { supportedKerasClasses } from "./keras_json.ts";
 * import assert from "assert";
 *
 * assert.ok(supportedKerasClasses().includes("LSTM"));
 * assert.ok(supportedKerasClasses().includes("InputLayer"));
 * ```
 */
export function supportedKerasClasses(): string[] {
  return knownClassNames();
}

// ---------------------------------------------------------------------------------------------
// Parsing and finding the Sequential config

function parseJson(text: string): unknown {
  if (text.trim() === "") {
    throw new SyntaxError("The Keras model JSON is empty: expected the text of model.to_json()");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(describeJsonError(text, (error as Error).message), { cause: error });
  }
}

function describeJsonError(text: string, message: string): string {
  const trimmed = text.trimEnd();
  const position = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
  let detail = `The Keras model JSON is not valid JSON: ${message}`;
  if (/end of (JSON )?input|Unterminated/i.test(message) || position >= trimmed.length) {
    const ending = JSON.stringify(trimmed.slice(-30));
    detail += `. The text ends after ${trimmed.length} characters with ${ending}: it looks cut ` +
      `off (truncated), so copy the whole output`;
  } else if (Number.isInteger(position)) {
    const near = JSON.stringify(text.slice(Math.max(0, position - 25), position + 25));
    detail += `. Near: ${near}`;
  }
  if (/'|\bNone\b|\bTrue\b|\bFalse\b/.test(text) && !/"class_name"/.test(text)) {
    detail += ". It looks like a Python dict (single quotes, None, True): pass the text of " +
      "model.to_json() instead of print(model.get_config())";
  }
  return detail;
}

/** A value for an error message, shortened: a whole model would drown the message. */
function brief(value: unknown): string {
  const text = describeValue(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

interface ModelConfig {
  /** Whether it is a graph (Functional) rather than a Sequential stack. */
  readonly functional: boolean;
  readonly name: string | undefined;
  readonly layers: readonly unknown[];
  readonly buildInputShape: unknown;
  readonly inputLayers: unknown;
  readonly outputLayers: unknown;
}

const FUNCTIONAL_CLASSES = new Set(["Functional", "Model"]);

function modelConfig(config: Json, functional: boolean, what: string): ModelConfig {
  if (!Array.isArray(config.layers)) {
    throw new TypeError(
      `${what} has no layers: expected "config" to hold a "layers" list, received ` +
        `${brief(config.layers)}; its keys are ${describeKeys(config)}`,
    );
  }
  const graph = functional || "input_layers" in config || "output_layers" in config;
  return {
    functional: graph,
    name: stringOr(config.name),
    layers: config.layers,
    buildInputShape: config.build_input_shape,
    inputLayers: config.input_layers,
    outputLayers: config.output_layers,
  };
}

function findModelConfig(root: unknown, what: string): ModelConfig {
  // Keras ≤ 2.1's get_config(): the bare list of layers.
  if (Array.isArray(root)) {
    return {
      functional: false,
      name: undefined,
      layers: root,
      buildInputShape: undefined,
      inputLayers: undefined,
      outputLayers: undefined,
    };
  }
  if (!isObject(root)) {
    throw new TypeError(
      `${what} is not a Keras model: expected an object such as {"class_name": "Sequential", ` +
        `"config": {...}}, received ${brief(root)}`,
    );
  }
  // A TensorFlow.js model.json: {"modelTopology": ..., "weightsManifest": ...}.
  if ("modelTopology" in root) {
    if (
      root.format === "graph-model" || isObject(root.modelTopology) && "node" in root.modelTopology
    ) {
      throw new TypeError(
        `${what} is a TensorFlow.js graph model (format "graph-model"), which holds operations, ` +
          `not Keras layers: expected a layers model (format "layers-model")`,
      );
    }
    return findModelConfig(root.modelTopology, `${what}'s "modelTopology"`);
  }
  // Keras's HDF5 attribute and the converter's topology: {"model_config": ..., "keras_version"}.
  if ("model_config" in root) {
    const modelConfig = typeof root.model_config === "string"
      ? parseJson(root.model_config)
      : root.model_config;
    return findModelConfig(modelConfig, `${what}'s "model_config"`);
  }
  const className = root.class_name;
  if (className === undefined) {
    // A get_config() dict of Keras ≥ 2.2: {"name", "layers"}.
    if (Array.isArray(root.layers)) return modelConfig(root, false, what);
    throw new TypeError(
      `${what} is not a Keras model: expected "class_name": "Sequential" or "Functional" and a ` +
        `"config" with "layers", found the keys ${describeKeys(root)}`,
    );
  }
  const functional = typeof className === "string" && FUNCTIONAL_CLASSES.has(className);
  if (className !== "Sequential" && !functional) {
    throw new TypeError(
      `${what} is not a Keras model: expected "class_name": "Sequential" or "Functional", ` +
        `received ${brief(className)}`,
    );
  }
  const config = root.config;
  if (Array.isArray(config)) {
    return {
      functional: false,
      name: undefined,
      layers: config,
      buildInputShape: undefined,
      inputLayers: undefined,
      outputLayers: undefined,
    };
  }
  if (!isObject(config)) {
    throw new TypeError(
      `${what} has no layers: expected "config" to be an object with a "layers" list, ` +
        `received ${brief(config)}`,
    );
  }
  return modelConfig(config, functional, what);
}

function describeKeys(object: Json): string {
  const keys = Object.keys(object);
  return keys.length === 0 ? "(none)" : keys.map((k) => JSON.stringify(k)).join(", ");
}

function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

// ---------------------------------------------------------------------------------------------
// Building the model

function readEntry(value: unknown, label: string): Entry {
  if (!isObject(value) || typeof value.class_name !== "string") {
    throw new TypeError(
      `Invalid ${label}: expected an object with "class_name" and "config", received ` +
        `${brief(value)}`,
    );
  }
  const config = value.config ?? {};
  if (!isObject(config)) {
    throw new TypeError(
      `Invalid "config" of ${label} (${value.class_name}): expected an object, received ` +
        `${brief(config)}`,
    );
  }
  const name = typeof config.name === "string" ? ` ${JSON.stringify(config.name)}` : "";
  const buildConfig = isObject(value.build_config) ? value.build_config : {};
  return {
    className: value.class_name,
    config,
    where: `${label}${name} (${value.class_name})`,
    builtFor: buildConfig.input_shape,
    inbound: value.inbound_nodes,
    module: typeof value.module === "string" ? value.module : undefined,
    registeredName: typeof value.registered_name === "string" ? value.registered_name : undefined,
  };
}

function buildModel(
  name: string | undefined,
  layers: readonly unknown[],
  buildInputShape: unknown,
): Sequential {
  const entries = layers.map((value, i) => readEntry(value, `layer ${i}`));
  const model = new Sequential([], { name });
  const takenNames = new Set(
    entries.map((e) => e.config.name).filter((n): n is string => typeof n === "string"),
  );
  entries.forEach((entry, i) => {
    if (isInputClass(entry.className)) {
      withContext(entry, () => model.add(inputLayer(entry)));
      return;
    }
    // Keras ignores an input shape declared by any layer but the first.
    const batchInputShape = i === 0 ? declaredInputShape(entry) : undefined;
    const context: Context = {
      rank: model.built ? (model.outputShape() as Shape).length : batchInputShape?.length,
      takenNames,
      batchInputShape,
      depth: 0,
    };
    withContext(entry, () => model.add(convert(entry, context)));
  });
  if (!model.built && buildInputShape !== undefined && buildInputShape !== null) {
    model.build(buildInputShape as Shape);
  }
  return model;
}

/** A reference to a tensor in a Functional model's JSON: `[layer name, node, tensor]`. */
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
function buildFunctional(
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
    const layer = isInputClass(entry.className)
      ? withContext(entry, () => inputLayer(entry))
      : withContext(entry, () =>
        convert(entry, { rank: undefined, takenNames, batchInputShape: undefined, depth }));
    // Keras 3 writes the operations between layers (`x + y`) as entries of their own.
    if (entry.module?.startsWith("keras.src.ops")) layer.markOperation();
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

function declaredInputShape(entry: Entry): Shape | undefined {
  const shape = opt(entry.config, "batch_input_shape") ?? entry.builtFor;
  return shape === undefined || shape === null ? undefined : shape as Shape;
}

function inputLayer(entry: Entry): Layer {
  const { config } = entry;
  return createLayer(entry.className, {
    name: stringOr(config.name),
    batchShape: (opt(config, "batch_shape") ?? opt(config, "batch_input_shape")) as Shape,
    shape: (opt(config, "shape") ?? opt(config, "input_shape")) as Shape,
  });
}

/** Runs `build`, prefixing a plain TypeError or RangeError with the layer it came from. */
function withContext<T>(entry: Entry, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof IncompatibleShapeError) throw error;
    if (error instanceof TypeError || error instanceof RangeError) {
      if (error.message.startsWith("In ")) throw error;
      const Class = error instanceof TypeError ? TypeError : RangeError;
      throw new Class(`In ${entry.where}: ${error.message}`, { cause: error });
    }
    throw error;
  }
}

function convert(entry: Entry, context: Context): Layer {
  if (entry.className === "Sequential" || FUNCTIONAL_CLASSES.has(entry.className)) {
    return nestedModel(entry, context);
  }
  const kind = kindOf(entry);
  if (!kind || isInputClass(kind.className)) {
    throw new TypeError(
      `Unknown layer class ${JSON.stringify(entry.className)}${unknownBecause(entry)}: ` +
        `fromKerasJson supports ${supportedKerasClasses().join(", ")}`,
    );
  }
  const { config } = entry;
  if (config.units === undefined && config.output_dim !== undefined && "units" in kind.options) {
    throw new TypeError(
      `"output_dim" instead of "units" is Keras 1's format, which fromKerasJson does not read: ` +
        `load the model with Keras 2 or 3 and export it again`,
    );
  }
  const args: Record<string, unknown> = {
    name: stringOr(config.name),
    trainable: opt(config, "trainable"),
    batchInputShape: context.batchInputShape,
    // The dtype decides no count, but the bytes a summary prints (float16: 2 per parameter).
    ...(config.dtype === undefined || config.dtype === null ? {} : { dtype: config.dtype }),
  };
  const names = jsonNames(kind);
  for (const [jsonKey, raw] of Object.entries(config)) {
    if (IGNORED_EVERYWHERE.has(jsonKey) || kind.jsonIgnored?.includes(jsonKey)) continue;
    const key = names.get(jsonKey);
    if (key === undefined) {
      throw new TypeError(
        `Unsupported option "${jsonKey}": ${kind.className} has no such option in this ` +
          `library. It may change the weights or the shape, so the layer is refused rather ` +
          `than counted wrong`,
      );
    }
    const option = kind.options[key];
    if (raw === null && !option.nullInJson) continue;
    args[key] = option.fromJson ? option.fromJson(raw) : raw;
  }
  if (kind.fromJson) {
    Object.assign(args, kind.fromJson(config, readerFor(entry, context)));
  }
  return kind.create(args);
}

/** A registered name, `package>Class`: how Keras names a class registered as serializable. */
function packaged(name: string | undefined): name is string {
  return name !== undefined && name.includes(">");
}

/**
 * The kind an entry stands for. A class registered as serializable is its registered name
 * (Keras 3's `registered_name`, Keras 2's `class_name`: `"keras_hub>TransformerEncoder"`), which
 * the kind declares among its aliases; a kind Keras knows only under a package's name is not
 * taken for a bare class name of the same spelling, which is someone's own class.
 */
function kindOf(entry: Entry): LayerKind | undefined {
  const registered = [entry.registeredName, entry.className].find(packaged);
  if (registered !== undefined) return findKind(registered);
  const kind = findKind(entry.className);
  return kind && packagesOf(kind).length > 0 && !fromPackage(entry, kind) ? undefined : kind;
}

/** The packages a kind is registered under (`keras_hub` for `keras_hub>TransformerEncoder`). */
function packagesOf(kind: LayerKind): string[] {
  return (kind.aliases ?? []).filter(packaged).map((alias) => alias.split(">")[0]);
}

/** Whether an entry's Keras 3 module is one of the packages a kind is registered under. */
function fromPackage(entry: Entry, kind: LayerKind): boolean {
  return packagesOf(kind).some((p) => entry.module === p || entry.module?.startsWith(`${p}.`));
}

/** Why a class the registry has by name was not read, for the error message. */
function unknownBecause(entry: Entry): string {
  const registered = [entry.registeredName, entry.className].find(packaged);
  if (registered !== undefined && registered !== entry.className) {
    return ` (registered as ${JSON.stringify(registered)})`;
  }
  const kind = findKind(entry.className);
  if (!kind || registered !== undefined) return "";
  const names = (kind.aliases ?? []).filter(packaged).map((a) => JSON.stringify(a));
  return ` from ${entry.module === undefined ? "no package" : `module "${entry.module}"`}: ` +
    `paramlab's ${kind.className} is the one Keras registers as ${names.join(" or ")}, and a ` +
    `class of your own with its name may hold other weights`;
}

/** A model used as a layer: read as a model of its own, then wrapped as a layer. */
function nestedModel(entry: Entry, context: Context): Layer {
  if (context.depth + 1 > MAX_NESTING) {
    throw new RangeError(
      `${entry.where} nests models more than ${MAX_NESTING} deep; this library follows at most ` +
        `${MAX_NESTING} levels`,
    );
  }
  const found = findModelConfig({ class_name: entry.className, config: entry.config }, entry.where);
  const model = found.functional
    ? buildFunctional(
      found.name,
      found.layers,
      found.inputLayers,
      found.outputLayers,
      context.depth + 1,
    )
    : buildModel(found.name, found.layers, found.buildInputShape ?? entry.builtFor);
  return asLayer(model);
}

/** JSON keys that belong to every layer and are read elsewhere or decide nothing. */
const IGNORED_EVERYWHERE = new Set([
  "name",
  "trainable",
  "dtype",
  "batch_input_shape",
  "batch_shape",
  "input_shape",
  "autocast",
]);

const NAMES = new WeakMap<LayerKind, Map<string, string>>();

/** A kind's options by the name Keras's JSON gives them. */
function jsonNames(kind: LayerKind): Map<string, string> {
  let names = NAMES.get(kind);
  if (!names) {
    names = new Map();
    for (const [key, option] of Object.entries(kind.options)) {
      names.set(option.json ?? pythonName(key), key);
    }
    NAMES.set(kind, names);
  }
  return names;
}

function readerFor(entry: Entry, context: Context): JsonReader {
  return {
    rank: context.rank,
    layer: (key, rank, stripPrefix = "") => wrappedLayer(entry, key, context, rank, stripPrefix),
    layers: (key, rank) => {
      const list = entry.config[key];
      if (!Array.isArray(list)) {
        throw new TypeError(
          `Invalid "${key}" of ${entry.where}: expected a list of layers, received ${brief(list)}`,
        );
      }
      return list.map((_, i) => wrappedLayer(entry, key, context, rank, "", i));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Reading config values

/** A config value, with Keras's `null` ("use the default") read as absent. */
function opt(config: Json, key: string): unknown {
  const value = config[key];
  return value === null ? undefined : value;
}

/**
 * The layer a wrapper holds, converted. Its name is kept unless another layer of the model has
 * it (then it is numbered, `dense_1`); Keras 3 stores Bidirectional's layer as its forward copy,
 * so `stripPrefix` recovers the original name.
 */
function wrappedLayer(
  wrapper: Entry,
  key: string,
  context: Context,
  innerRank: number | undefined,
  stripPrefix = "",
  index?: number,
): Layer {
  const depth = context.depth + 1;
  if (depth > MAX_NESTING) {
    throw new RangeError(
      `${wrapper.where} nests wrappers more than ${MAX_NESTING} deep; this library follows at ` +
        `most ${MAX_NESTING} wrappers inside one another`,
    );
  }
  const inner = index === undefined
    ? readEntry(wrapper.config[key], `${wrapper.where}'s "${key}"`)
    : readEntry((wrapper.config[key] as unknown[])[index], `${wrapper.where}'s "${key}"[${index}]`);
  let name = stringOr(inner.config.name);
  if (name?.startsWith(stripPrefix)) name = name.slice(stripPrefix.length) || undefined;
  // Keras checks only the top-level names for uniqueness; our models check wrapped ones too.
  name = freshName(name ?? snakeCase(inner.className), context.takenNames);
  context.takenNames.add(name);
  const entry = { ...inner, config: { ...inner.config, name } };
  return withContext(
    inner,
    () =>
      convert(entry, {
        rank: innerRank,
        takenNames: context.takenNames,
        batchInputShape: undefined,
        depth,
      }),
  );
}

function freshName(name: string, taken: ReadonlySet<string>): string {
  let fresh = name;
  for (let i = 1; taken.has(fresh); i++) fresh = `${name}_${i}`;
  return fresh;
}
