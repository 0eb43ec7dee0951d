/**
 * One layer entry of the JSON turned into a layer: its kind found (by class name, registered
 * name and module), its options read by the names Keras writes, a wrapper's inner layers read
 * in turn, and a model used as a layer read as a model of its own.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import type { Shape } from "../shape.ts";
import type { Model, Sequential } from "../model/mod.ts";
import { asLayer } from "../model/nested.ts";
import { type Layer, MAX_NESTING, snakeCase } from "../layers/base.ts";
import type { JsonReader, LayerKind } from "../layers/kind.ts";
import { COMPILE_AFTER, generatedFunction, type Option, pythonName } from "../layers/options.ts";
import {
  createLayer,
  findKind,
  isInputClass,
  knownClassNames,
  layerKinds,
} from "../layers/registry.ts";
import {
  brief,
  findModelConfig,
  FUNCTIONAL_CLASSES,
  isObject,
  type Json,
  type ModelConfig,
  stringOr,
} from "./_detect.ts";

/** One layer entry of the JSON: `{"class_name": …, "config": {…}}`, plus where it sits. */
export interface Entry {
  readonly className: string;
  readonly config: Json;
  /** How to name the entry in an error message, e.g. `layer 2 "lstm_1" (LSTM)`. */
  readonly where: string;
  /**
   * Keras 3's `build_config.input_shape`: the shape the layer was built for; or the
   * `build_config` itself where it holds a `shapes_dict` instead.
   */
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
export interface Context {
  /** The rank of the layer's input (batch included), when the model's input is known. */
  readonly rank: number | undefined;
  /** Names taken in the model; a wrapped layer gets one that is not, and adds it. */
  readonly takenNames: () => Set<string>;
  /** The model's input shape, for the first layer when no InputLayer declares it. */
  readonly batchInputShape: Shape | undefined;
  /** How many wrappers deep the entry is. */
  readonly depth: number;
  /**
   * The layers wrappers hold (TimeDistributed's, Bidirectional's, an RNN's cells), with their
   * entries, for the model's reader to check against their `build_config` once the model is
   * built (see {@linkcode checkWrapped}).
   */
  readonly wrapped?: Wrapped[];
}

/**
 * A layer a wrapper holds, as read: its entry, the layer, and the wrapper once made (which may
 * run copies of the layer, as Bidirectional runs a forward and a backward one).
 */
export interface Wrapped {
  readonly entry: Entry;
  readonly layer: Layer;
  wrapper?: Layer;
}

/**
 * An entry as read: a class rather than an object literal, and its `where` written only when a
 * message asks for it. A reader makes one per layer at once, and they live as long as the read:
 * objects V8 does not pretenure for that (an object literal made in such a burst can be, and
 * from then on holds every young object it points to, the whole model, through each scavenge).
 */
class ReadEntry implements Entry {
  readonly className: string;
  readonly config: Json;
  readonly builtFor: unknown;
  readonly inbound: unknown;
  readonly module: string | undefined;
  readonly registeredName: string | undefined;
  readonly #label: string | number;
  #where: string | undefined;

  constructor(
    className: string,
    config: Json,
    label: string | number,
    builtFor: unknown,
    inbound: unknown,
    module: string | undefined,
    registeredName: string | undefined,
  ) {
    this.className = className;
    this.config = config;
    this.builtFor = builtFor;
    this.inbound = inbound;
    this.module = module;
    this.registeredName = registeredName;
    this.#label = label;
  }

  get where(): string {
    if (this.#where === undefined) {
      const name = typeof this.config.name === "string"
        ? ` ${JSON.stringify(this.config.name)}`
        : "";
      this.#where = `${labelOf(this.#label)}${name} (${this.className})`;
    }
    return this.#where;
  }

  /** The same entry with another config (a wrapped layer given a fresh name). */
  withConfig(config: Json): ReadEntry {
    const entry = new ReadEntry(
      this.className,
      config,
      this.#label,
      this.builtFor,
      this.inbound,
      this.module,
      this.registeredName,
    );
    // Named as the entry was read, whatever name the new config gives it.
    entry.#where = this.where;
    return entry;
  }
}

/** An entry's label: a number is the model's layer of that index. */
function labelOf(label: string | number): string {
  return typeof label === "number" ? `layer ${label}` : label;
}

/**
 * Reads one layer entry.
 *
 * @param value The entry as the JSON has it.
 * @param label Where it sits, for messages: a number for the model's layer of that index
 * (`layer 2`), or the words to use.
 * @returns The entry.
 * @throws {TypeError} When it is not an object with a class name and an object config.
 */
export function readEntry(value: unknown, label: string | number): Entry & {
  withConfig(config: Json): Entry;
} {
  if (!isObject(value) || typeof value.class_name !== "string") {
    throw new TypeError(
      `Invalid ${labelOf(label)}: expected an object with "class_name" and "config", received ` +
        `${brief(value)}`,
    );
  }
  const config = value.config ?? {};
  if (!isObject(config)) {
    throw new TypeError(
      `Invalid "config" of ${labelOf(label)} (${value.class_name}): expected an object, ` +
        `received ${brief(config)}`,
    );
  }
  const buildConfig = value.build_config;
  return new ReadEntry(
    value.class_name,
    config,
    label,
    // A layer whose build takes several shapes saves them as a "shapes_dict" (see _built.ts).
    isObject(buildConfig)
      ? buildConfig.input_shape ?? (isObject(buildConfig.shapes_dict) ? buildConfig : undefined)
      : undefined,
    value.inbound_nodes,
    typeof value.module === "string" ? value.module : undefined,
    typeof value.registered_name === "string" ? value.registered_name : undefined,
  );
}

/**
 * The names a model's entries take, for {@linkcode Context}: worked out when a wrapped layer
 * first needs a name of its own, as most models wrap none.
 */
export function takenNamesOf(entries: readonly Entry[]): () => Set<string> {
  let taken: Set<string> | undefined;
  return () =>
    taken ??= new Set(
      entries.map((e) => e.config.name).filter((n): n is string => typeof n === "string"),
    );
}

/**
 * The input a Sequential model's first layer declares: its own `batch_input_shape` (Keras 2),
 * else its `build_config`, unless the model has a `build_input_shape`: Keras builds the model
 * on that (the model is then built on it after its layers are read), and a first layer built
 * on another shape is refused, as Keras refuses it (see {@linkcode checkBuiltFor}).
 *
 * @param entry The first layer's entry.
 * @param buildInputShape The model's `build_input_shape`, if any.
 * @returns The shape, batch first, or `undefined` when none is declared.
 */
export function declaredInputShape(entry: Entry, buildInputShape?: unknown): Shape | undefined {
  const built = (buildInputShape === undefined || buildInputShape === null) &&
      Array.isArray(entry.builtFor)
    ? entry.builtFor
    : undefined;
  const shape = opt(entry.config, "batch_input_shape") ?? built;
  return shape === undefined || shape === null ? undefined : shape as Shape;
}

export function inputLayer(entry: Entry): Layer {
  const { config } = entry;
  return createLayer(entry.className, {
    name: stringOr(config.name),
    batchShape: (opt(config, "batch_shape") ?? opt(config, "batch_input_shape")) as Shape,
    shape: (opt(config, "shape") ?? opt(config, "input_shape")) as Shape,
  });
}

/** Runs `build`, prefixing a plain TypeError or RangeError with the layer it came from. */
export function withContext<T>(entry: Entry, build: () => T): T {
  try {
    return build();
  } catch (error) {
    throw inContext(entry, error);
  }
}

/**
 * What `withContext` throws for an error from building or calling an entry's layer: a plain
 * TypeError or RangeError prefixed with the entry, any other error as it is.
 */
export function inContext(entry: Entry, error: unknown): unknown {
  if (error instanceof IncompatibleShapeError) return error;
  if (error instanceof TypeError || error instanceof RangeError) {
    if (error.message.startsWith("In ")) return error;
    const Class = error instanceof TypeError ? TypeError : RangeError;
    return new Class(`In ${entry.where}: ${error.message}`, { cause: error });
  }
  return error;
}

export function convert(entry: Entry, context: Context): Layer {
  if (entry.className === "Sequential" || FUNCTIONAL_CLASSES.has(entry.className)) {
    return nestedModel(entry, context);
  }
  const kind = kindOf(entry);
  const own = kind ? undefined : ownClass(entry);
  if (own !== undefined) {
    throw new TypeError(
      `Unknown layer class ${JSON.stringify(entry.className)} (registered as ` +
        `${JSON.stringify(own)}): a class registered with keras.saving.` +
        `register_keras_serializable is the user's own code. Its weights are whatever its ` +
        `Python build() creates, which no reader of the JSON can know, so the model is refused ` +
        `rather than counted wrong`,
    );
  }
  if (!kind || isInputClass(kind.className)) {
    throw new TypeError(
      `Unknown layer class ${JSON.stringify(entry.className)}${unknownBecause(entry)}: ` +
        `fromKerasJson supports ${knownClassNames().join(", ")}`,
    );
  }
  // A kind keras-hub registers is told from a class of the same name by its package (kindOf).
  const foreign = foreignModule(entry);
  if (foreign !== undefined && packagesOf(kind).length === 0) {
    throw new TypeError(
      `Layer class ${JSON.stringify(entry.className)} ${foreign}: it is not Keras's ` +
        `${entry.className} but a class of the user's own code with that name (Keras 3 writes ` +
        `its own layers with module "keras.layers" and no registered name). Its weights are ` +
        `whatever its Python build() creates, which no reader of the JSON can know, so the ` +
        `model is refused rather than counted wrong`,
    );
  }
  const { config } = entry;
  if (config.units === undefined && config.output_dim !== undefined && "units" in kind.options) {
    throw new TypeError(
      `"output_dim" instead of "units" is Keras 1's format, which fromKerasJson does not read: ` +
        `load the model with Keras 2 or 3 and export it again`,
    );
  }
  // Written key by key into an empty object: a literal with keys would be an allocation site V8
  // may pretenure (see `ReadEntry`), and the layer keeps its arguments.
  const args: Record<string, unknown> = {};
  args.name = stringOr(config.name);
  args.trainable = opt(config, "trainable");
  args.batchInputShape = context.batchInputShape;
  // The dtype decides no count, but the bytes a summary prints (float16: 2 per parameter);
  // unless it quantizes the weights, which is refused.
  // Its quantization_config alone is not: Keras writes float8's on an Embedding it kept float.
  if (typeof config.dtype === "object" && config.dtype !== null) {
    refuseQuantized(entry.className, config);
  }
  if (config.dtype !== undefined && config.dtype !== null) args.dtype = config.dtype;
  const jsonKeys = Object.keys(config);
  const plan = jsonPlan(kind);
  const steps = stepsOf(plan, jsonKeys);
  const compiled = compiledSteps(plan);
  if (compiled !== undefined) compiled(config, args);
  else readSteps(kind, config, jsonKeys, steps, args);
  if (!kind.fromJson) return kind.create(args);
  const held = context.wrapped?.length ?? 0;
  Object.assign(args, kind.fromJson(config, readerFor(entry, context)));
  const layer = kind.create(args);
  // The layers this wrapper holds, read just now, are its.
  for (let i = held; i < (context.wrapped?.length ?? 0); i++) context.wrapped![i].wrapper ??= layer;
  return layer;
}

/** Reads each JSON key into the layer's arguments by its step, as {@linkcode compiledSteps}. */
function readSteps(
  kind: LayerKind,
  config: Json,
  jsonKeys: readonly string[],
  steps: readonly (JsonStep | undefined)[],
  args: Record<string, unknown>,
): void {
  for (let i = 0; i < jsonKeys.length; i++) {
    const jsonKey = jsonKeys[i];
    const step = steps[i];
    if (step === null) continue;
    if (step === undefined) {
      throw new TypeError(
        `Unsupported option "${jsonKey}": ${kind.className} has no such option in this ` +
          `library. It may change the weights or the shape, so the layer is refused rather ` +
          `than counted wrong`,
      );
    }
    const raw = config[jsonKey];
    const { key, option } = step;
    if (raw === null && !option.nullInJson) continue;
    args[key] = option.fromJson ? option.fromJson(raw) : raw;
  }
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
  const registered = registeredNameOf(entry);
  if (registered !== undefined) return findKind(registered);
  const kind = findKind(entry.className);
  return kind && packagesOf(kind).length > 0 && !fromPackage(entry, kind) ? undefined : kind;
}

/** The entry's registered name, `package>Class`, from `registered_name` or `class_name`. */
function registeredNameOf(entry: Entry): string | undefined {
  if (packaged(entry.registeredName)) return entry.registeredName;
  return packaged(entry.className) ? entry.className : undefined;
}

const PACKAGES = new WeakMap<LayerKind, readonly string[]>();

/**
 * The registered name of a class from a package no kind of the library comes from (not
 * `keras_hub`): someone's own class.
 */
function ownClass(entry: Entry): string | undefined {
  const registered = [entry.registeredName, entry.className].find(packaged);
  if (registered === undefined) return undefined;
  const known = new Set(layerKinds().flatMap(packagesOf));
  return known.has(registered.split(">")[0]) ? undefined : registered;
}

/**
 * Where an entry's class comes from, in words, when that is not Keras (nor a package a kind is
 * registered under): Keras 3 writes a class it exports as `module: "keras.layers"` with no
 * registered name, and any other class by its Python module and its name (`registered_name`).
 * Its own such classes (the operations, `Functional`) live in Keras's modules; a name with any
 * other module, or none (a class a script defines), is the user's own class, whatever it is
 * called; and a class Keras is to find in a module not its own is someone's too.
 */
function foreignModule(entry: Entry): string | undefined {
  const { module, registeredName } = entry;
  if (registeredName !== undefined && packaged(registeredName)) return undefined;
  if (module === "keras.layers") return undefined;
  if (module !== undefined && (KERAS_MODULE.test(module) || knownPackage(module))) return undefined;
  if (registeredName !== undefined) {
    return `(registered name ${JSON.stringify(registeredName)}) comes from ${
      module === undefined ? "no module" : `module ${JSON.stringify(module)}`
    }`;
  }
  return module === undefined ? undefined : `comes from module ${JSON.stringify(module)}`;
}

/** Keras's own modules, as Keras 3 and tf.keras write them. */
const KERAS_MODULE = /^(keras|tf_keras|tensorflow\.keras|tensorflow\.python\.keras)(\.|$)/;

/** Whether a module is (in) a package some kind is registered under (`keras_hub.layers`). */
function knownPackage(module: string): boolean {
  const root = module.split(".")[0];
  return layerKinds().some((kind) => packagesOf(kind).includes(root));
}

/** The packages a kind is registered under (`keras_hub` for `keras_hub>TransformerEncoder`). */
function packagesOf(kind: LayerKind): readonly string[] {
  let packages = PACKAGES.get(kind);
  if (!packages) {
    packages = (kind.aliases ?? []).filter(packaged).map((alias) => alias.split(">")[0]);
    PACKAGES.set(kind, packages);
  }
  return packages;
}

/** Whether an entry's Keras 3 module is one of the packages a kind is registered under. */
function fromPackage(entry: Entry, kind: LayerKind): boolean {
  return packagesOf(kind).some((p) => entry.module === p || entry.module?.startsWith(`${p}.`));
}

/** Why a class the registry has by name was not read, for the error message. */
function unknownBecause(entry: Entry): string {
  const registered = registeredNameOf(entry);
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

/**
 * How a model's config becomes a model: `_sequential.ts` and `_graph.ts` register theirs, as
 * Keras registers `Sequential` and `Functional` for deserialization, so that a model nested in a
 * layer entry is read by the same code as the outer model without the readers importing each
 * other in a circle.
 */
export type ModelReader = (
  found: ModelConfig,
  builtFor: unknown,
  depth: number,
) => Sequential | Model;

const MODEL_READERS = new Map<"sequential" | "functional", ModelReader>();

/**
 * Registers how a Sequential or a Functional model's config is read.
 *
 * @param form Which model the reader reads.
 * @param read The reader.
 */
export function registerModelReader(form: "sequential" | "functional", read: ModelReader): void {
  MODEL_READERS.set(form, read);
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
  const read = MODEL_READERS.get(found.functional ? "functional" : "sequential")!;
  const layer = asLayer(read(found, entry.builtFor, context.depth + 1));
  // Keras writes a frozen model's own flag as `trainable: false`; its layers' weights follow it.
  if (opt(entry.config, "trainable") === false) layer.trainable = false;
  return layer;
}

/**
 * Refuses a layer Keras 3 quantized (`model.quantize("int8")`, int4, float8, GPTQ, AWQ): its
 * dtype policy names a mode (a `QuantizedDTypePolicy`), and its weights are then packed kernels with scales (an int8
 * Dense of 8 → 16 counts 160, not 144), which the library does not model. Counted as a float
 * layer, the model would be a confident wrong answer.
 */
function refuseQuantized(className: string, config: Json): void {
  const policy = config.dtype as { class_name?: unknown; config?: { mode?: unknown } };
  const mode = policy.config?.mode;
  const quantized = mode !== undefined ||
    (typeof policy.class_name === "string" && policy.class_name !== "DTypePolicy" &&
      /quantiz|int4|gptq|awq/i.test(policy.class_name));
  if (!quantized) return;
  const how = typeof mode === "string" ? `"${mode}"` : JSON.stringify(policy.class_name ?? "");
  throw new TypeError(
    `Layer ${JSON.stringify(config.name)} (${className}) is quantized (Keras 3's ` +
      `model.quantize, mode ${how}): its weights are packed kernels with their scales, whose ` +
      `count differs from the float layer's, and paramlab does not model them, so the model ` +
      `is refused rather than counted wrong`,
  );
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

/** How one JSON key of a kind is read: into which option, or `null` when it is ignored. */
type JsonStep = { readonly key: string; readonly option: Option<unknown> } | null;

/**
 * A kind's plan: each JSON key's step, and the steps of the last entry's keys in their order,
 * kept for the next entry of the kind (a model's entries of a kind give their keys in the same
 * order: one comparison of the keys instead of a lookup each).
 */
class JsonPlan {
  readonly steps: ReadonlyMap<string, JsonStep>;
  lastKeys: readonly string[] = [];
  lastSteps: readonly (JsonStep | undefined)[] = [];
  /** How many entries the last keys' steps have read (see {@linkcode compiledSteps}). */
  uses = 0;
  /** The last keys' steps compiled, once used often enough. */
  compiled: CompiledSteps | undefined = undefined;

  constructor(steps: ReadonlyMap<string, JsonStep>) {
    this.steps = steps;
  }
}

/** Each key's step (`undefined` for a key the kind does not know), in the keys' order. */
function stepsOf(plan: JsonPlan, keys: readonly string[]): readonly (JsonStep | undefined)[] {
  const last = plan.lastKeys;
  if (last.length === keys.length) {
    let same = true;
    for (let i = 0; i < keys.length && same; i++) same = last[i] === keys[i];
    if (same) return plan.lastSteps;
  }
  const steps = keys.map((key) => plan.steps.get(key));
  plan.lastKeys = keys;
  plan.lastSteps = steps;
  plan.uses = 0;
  plan.compiled = undefined;
  return steps;
}

/** A plan's steps as one function: each option's JSON value read into the layer's arguments. */
type CompiledSteps = (config: Json, args: Record<string, unknown>) => void;

/**
 * The plan's last steps compiled into one function, once they have read
 * {@linkcode COMPILE_AFTER} entries (a model's layers of a kind: ResNet50's 53 Conv2Ds), or
 * `undefined` before, or when a key is one the kind does not know (the loop in `convert` throws
 * for it). The function does what the loop does, key by key in the same order: a `null` skipped
 * unless the option takes it, a value converted by the option's `fromJson`. Each key is named in
 * its code, so V8 reads and writes known properties instead of looking each key up; the code is
 * made from the kind's declared JSON keys and option names, written as JSON string literals.
 */
function compiledSteps(plan: JsonPlan): CompiledSteps | undefined {
  if (plan.compiled !== undefined || ++plan.uses !== COMPILE_AFTER) return plan.compiled;
  const steps = plan.lastSteps;
  if (steps.includes(undefined)) return undefined;
  const code: string[] = ["let v;"];
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step === null || step === undefined) continue;
    const { key, option } = step;
    const read = `v = config[${JSON.stringify(plan.lastKeys[i])}];`;
    const value = option.fromJson ? `S[${i}].option.fromJson(v)` : "v";
    const store = `args[${JSON.stringify(key)}] = ${value};`;
    code.push(read, option.nullInJson ? store : `if (v !== null) ${store}`);
  }
  const make = generatedFunction(["S"], `return (config, args) => {${code.join("\n")}};`);
  return plan.compiled = make?.(steps) as CompiledSteps | undefined;
}

const PLANS = new WeakMap<LayerKind, JsonPlan>();

/**
 * How a kind's JSON keys are read, worked out once per kind: each option under the name Keras's
 * JSON gives it, and the keys read elsewhere or deciding nothing (every layer's, and the kind's
 * own `jsonIgnored`) as `null`. A key the plan lacks is one the kind does not know.
 */
function jsonPlan(kind: LayerKind): JsonPlan {
  let plan = PLANS.get(kind);
  if (!plan) {
    const steps = new Map<string, JsonStep>();
    for (const [key, option] of Object.entries(kind.options)) {
      steps.set(option.json ?? pythonName(key), { key, option });
    }
    for (const ignored of [...(kind.jsonIgnored ?? []), ...IGNORED_EVERYWHERE]) {
      steps.set(ignored, null);
    }
    PLANS.set(kind, plan = new JsonPlan(steps));
  }
  return plan;
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
export function opt(config: Json, key: string): unknown {
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
  const taken = context.takenNames();
  name = freshName(name ?? snakeCase(inner.className), taken);
  taken.add(name);
  const entry = inner.withConfig({ ...inner.config, name });
  const layer = withContext(
    inner,
    () =>
      convert(entry, {
        rank: innerRank,
        takenNames: context.takenNames,
        batchInputShape: undefined,
        depth,
        wrapped: context.wrapped,
      }),
  );
  context.wrapped?.push({ entry: inner, layer });
  return layer;
}

function freshName(name: string, taken: ReadonlySet<string>): string {
  let fresh = name;
  for (let i = 1; taken.has(fresh); i++) fresh = `${name}_${i}`;
  return fresh;
}
