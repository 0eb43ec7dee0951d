/**
 * The TensorFlow.js bridge: builds the TF.js model that matches a paramlab model, to train it or
 * to check our counts against TF.js's. TF.js's Layers API is a port of Keras; where its defaults
 * differ from Keras's, the bridge sets Keras's explicitly: `recurrentActivation: "sigmoid"` for
 * LSTM and GRU (TF.js defaults to `hardSigmoid`, Keras 2's old default), `unitForgetBias: true`
 * for LSTM, and `kernelInitializer: "glorotUniform"` (TF.js defaults to `glorotNormal`).
 *
 * LSTM, GRU and SimpleRNN get Keras's orthogonal recurrent initializer computed in plain
 * JavaScript: TF.js's runs its QR decomposition as tensor operations, which take seconds for an
 * LSTM(64) on the CPU backend. It serializes as TF.js's `Orthogonal`, so saved models load as usual.
 *
 * Activations are mapped by name (`hard_sigmoid` → `hardSigmoid`, `silu` → `swish`). TF.js's
 * `hardSigmoid` is Keras 2's (0.2·x + 0.5, clipped); Keras 3's `hard_sigmoid` is relu6(x + 3) / 6,
 * so a model that uses it trains slightly differently in TF.js. Counts are unaffected.
 *
 * This module imports `@tensorflow/tfjs`; `mod.ts` does not, so only its users load TF.js.
 *
 * @module
 */

import * as tfjs from "@tensorflow/tfjs";
import { quietCpuBackend } from "./_tfjs_quiet.ts";
import type { Shape } from "./shape.ts";
import type { Sequential } from "./model/sequential.ts";
import { Model } from "./model/functional.ts";
import { type Node, SymbolicTensor } from "./layers/base.ts";
import { Layer } from "./layers/base.ts";

// ---------------------------------------------------------------------------------------------
// Keras's orthogonal initializer, fast

type Initializer = ReturnType<typeof tfjs.initializers.zeros>;

/**
 * The values of Keras's `Orthogonal` initializer for a kernel of `shape`: the Q of the QR
 * decomposition of a standard normal (max(r, c) × min(r, c)) matrix, its columns signed so R's
 * diagonal is positive (what Gram–Schmidt gives), transposed when r < c.
 */
function orthogonalValues(shape: readonly number[], gain: number): Float32Array {
  const cols = shape[shape.length - 1];
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  const n = Math.max(rows, cols);
  const k = Math.min(rows, cols);
  const q = Array.from({ length: k }, () => Float64Array.from({ length: n }, gaussian));
  const dot = (a: Float64Array, b: Float64Array) => a.reduce((sum, x, i) => sum + x * b[i], 0);
  for (let j = 0; j < k; j++) {
    // Two passes of Gram–Schmidt keep the columns orthogonal to float64 precision.
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < j; i++) {
        const projection = dot(q[i], q[j]);
        for (let t = 0; t < n; t++) q[j][t] -= projection * q[i][t];
      }
    }
    const norm = Math.sqrt(dot(q[j], q[j]));
    for (let t = 0; t < n; t++) q[j][t] /= norm;
  }
  const values = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      values[r * cols + c] = gain * (rows >= cols ? q[c][r] : q[r][c]);
    }
  }
  return values;
}

function gaussian(): number {
  // Box–Muller; 1 - random() is in (0, 1], so the logarithm is finite.
  return Math.sqrt(-2 * Math.log(1 - Math.random())) * Math.cos(2 * Math.PI * Math.random());
}

interface OrthogonalClass {
  new (args?: { gain?: number }): Initializer;
  readonly className: string;
  fromConfig: typeof tfjs.serialization.Serializable.fromConfig;
}

const orthogonalClasses = new WeakMap<Tfjs, OrthogonalClass>();

/** An `Orthogonal` initializer class for `tf`, a subclass of its (unexported) Initializer. */
function fastOrthogonal(tf: Tfjs): OrthogonalClass {
  let Class = orthogonalClasses.get(tf);
  if (!Class) {
    const Base = Object.getPrototypeOf(tf.initializers.zeros().constructor) as new () =>
    Initializer;
    Class = class Orthogonal extends Base {
      static readonly className = "Orthogonal";
      readonly gain: number;
      constructor(args: { gain?: number } = {}) {
        super();
        this.gain = args.gain ?? 1;
      }
      override apply(shape: number[]): tfjs.Tensor {
        return tf.tensor(orthogonalValues(shape, this.gain), shape, "float32");
      }
      override getConfig(): tfjs.serialization.ConfigDict {
        return { gain: this.gain, seed: null };
      }
    } as unknown as OrthogonalClass;
    orthogonalClasses.set(tf, Class);
  }
  return Class;
}

/**
 * Runs `build` with `Orthogonal` resolving to the fast class: TF.js's Bidirectional re-creates its
 * layer from its serialized config, which would otherwise bring back TF.js's slow initializer.
 * The registration is restored before returning.
 */
function withFastOrthogonal<T>(tf: Tfjs, build: () => T): T {
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  const original = map.Orthogonal;
  const Class = fastOrthogonal(tf);
  map.Orthogonal = [Class, Class.fromConfig];
  try {
    return build();
  } finally {
    if (original) map.Orthogonal = original;
    else delete map.Orthogonal;
  }
}

// ---------------------------------------------------------------------------------------------
// The bridge

/** The TensorFlow.js namespace, `import * as tf from "@tensorflow/tfjs"`. */
export type Tfjs = typeof tfjs;

/** A TensorFlow.js layer. */
export type TfjsLayer = tfjs.layers.Layer;

/** A TensorFlow.js functional model (`tf.model`). */
export type TfjsModel = tfjs.LayersModel;

/** A TensorFlow.js Sequential model. */
export type TfjsSequential = tfjs.Sequential;

type ActivationName = NonNullable<Parameters<typeof tfjs.layers.activation>[0]>["activation"];

// Keras's activation names, as our layers take them, to TF.js's identifiers.
const ACTIVATIONS: Record<string, ActivationName> = {
  linear: "linear",
  relu: "relu",
  relu6: "relu6",
  elu: "elu",
  selu: "selu",
  sigmoid: "sigmoid",
  hard_sigmoid: "hardSigmoid",
  hardSigmoid: "hardSigmoid",
  softmax: "softmax",
  softplus: "softplus",
  softsign: "softsign",
  tanh: "tanh",
  swish: "swish",
  silu: "swish",
  mish: "mish",
  gelu: "gelu",
  gelu_new: "gelu_new",
};

function tfjsActivation(layer: Layer, name: unknown, fallback: ActivationName): ActivationName {
  if (name === undefined || name === null) return fallback;
  const activation = typeof name === "string" && Object.hasOwn(ACTIVATIONS, name)
    ? ACTIVATIONS[name]
    : undefined;
  if (activation === undefined) {
    throw new Error(
      `Layer "${layer.name}" uses the activation ${JSON.stringify(name)}, which TensorFlow.js ` +
        `does not have; it knows ${Object.keys(ACTIVATIONS).join(", ")}`,
    );
  }
  return activation;
}

/**
 * Builds the TensorFlow.js model equivalent to a paramlab model: same layers, configuration,
 * names, activations and trainable flags, with Keras's defaults where TF.js's differ. The model
 * allocates its weights; dispose it (`tfModel.dispose()`) when done.
 *
 * @param model A built model (its input shape known).
 * @param options A seed for repeatable initial weights; the TensorFlow.js namespace to use.
 * @returns A `tf.Sequential`, ready to compile and fit.
 * @throws {Error} When the model has no input shape yet, or when a layer has no TF.js equivalent: GRU with `resetAfter: true` (Keras's
 * default, which TF.js does not implement), an activation TF.js lacks, or Bidirectional with
 * `mergeMode: null` (two outputs, which a TF.js Sequential model refuses).
 *
 * @example The blog post on LSTM counts and TimeDistributed: its many-to-one model, trained with
 * adam and mse
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { toTfjs } from "./tfjs.ts";
 * import { Dense, LSTM, Sequential } from "../mod.ts";
 * import assert from "assert";
 *
 * await tf.setBackend("cpu");
 * const model = new Sequential([
 *   new LSTM({ units: 5, inputShape: [5, 1] }),
 *   new Dense({ units: 5 }),
 * ]);
 * const tfModel = toTfjs(model);
 * assert.equal(tfModel.countParams(), 170);
 * tfModel.compile({ optimizer: "adam", loss: "meanSquaredError" });
 * const x = tf.tensor3d([[[0], [0.2], [0.4], [0.6], [0.8]]]);
 * const y = tf.tensor2d([[0, 0.2, 0.4, 0.6, 0.8]]);
 * const history = await tfModel.fit(x, y, { epochs: 3, verbose: 0 });
 * assert.equal(history.history.loss.length, 3);
 * tf.dispose([x, y]);
 * tfModel.dispose();
 * ```
 */
export function toTfjs(model: Sequential, options?: ToTfjsOptions): TfjsSequential;
/**
 * Builds a functional model in TensorFlow.js; see {@linkcode toTfjsModel}.
 *
 * @param model A functional model.
 * @param options A seed for repeatable initial weights; the TensorFlow.js namespace to use.
 * @returns A `tf.LayersModel`.
 */
export function toTfjs(model: Model, options?: ToTfjsOptions): TfjsModel;
/**
 * Builds a Sequential or a functional model in TensorFlow.js.
 *
 * @param model The model.
 * @param options A seed for repeatable initial weights; the TensorFlow.js namespace to use.
 * @returns The TF.js model.
 */
export function toTfjs(
  model: Sequential | Model,
  options?: ToTfjsOptions,
): TfjsSequential | TfjsModel;
export function toTfjs(
  model: Sequential | Model,
  options: ToTfjsOptions = {},
): TfjsSequential | TfjsModel {
  if (model instanceof Model) return toTfjsModel(model, options);
  const tf = options.tf ?? tfjs;
  const inputShape = model.inputShape();
  if (model.layers.length === 0) {
    throw new Error(`Model "${model.name}" has no layers to build in TensorFlow.js`);
  }
  const several = model.layers.find((l) => Array.isArray(l.outputShape()[0]));
  if (several) {
    throw new Error(
      `Layer "${several.name}" (${several.className}) returns ${
        (several.outputShape() as readonly Shape[]).length
      } outputs${
        several.config.mergeMode === null ? " (a Bidirectional with mergeMode null)" : ""
      }; a TensorFlow.js Sequential model takes single-output layers only. Use ` +
        `toTfjsLayer() and the functional API (tf.model) instead`,
    );
  }
  return withSeed(options.seed, () =>
    withFastOrthogonal(tf, () => {
      const layers = model.layers.map((layer, i) =>
        convert(layer, tf, { batchInputShape: i === 0 ? inputShape : undefined })
      );
      // TF.js's LSTM with unitForgetBias leaks the pieces its bias initializer concatenates (4
      // tensors per LSTM, tfjs-layers 4.22 LSTMCell.build); tidy disposes them and keeps the
      // weights, which are variables.
      let tfModel: TfjsSequential | undefined;
      tf.tidy(() => {
        tfModel = tf.sequential({ name: model.name, layers });
      });
      return tfModel!;
    }));
}

/**
 * Builds the TensorFlow.js functional model (`tf.model`) equivalent to a paramlab {@linkcode Model}:
 * the same layers, each called on the same tensors in the same order, shared layers shared. It
 * refuses, naming the layer, when TF.js lacks one of the layers.
 *
 * @param model A functional model.
 * @param options A seed for repeatable initial weights; the TensorFlow.js namespace to use.
 * @returns A `tf.LayersModel`; dispose it when done.
 * @throws {Error} When a layer has no TF.js equivalent.
 *
 * @example A residual block: TF.js counts what paramlab counts
 * ```ts
 * import { toTfjsModel } from "./tfjs.ts";
 * import { Add, Dense, Input, Model } from "../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [16] });
 * const model = new Model({ inputs: x, outputs: new Add().apply([x, new Dense(16).apply(x)]) });
 * const tfModel = toTfjsModel(model);
 * assert.equal(tfModel.countParams(), model.paramCount());
 * tfModel.dispose();
 * ```
 */
export function toTfjsModel(model: Model, options: ToTfjsOptions = {}): TfjsModel {
  const tf = options.tf ?? tfjs;
  return withSeed(options.seed, () =>
    withFastOrthogonal(tf, () => {
      const made = new Map<Layer, TfjsLayer>();
      const tensors = new Map<SymbolicTensor, tfjs.SymbolicTensor>();
      const inputs = model.inputs.map((input) => {
        const t = tf.input({ batchShape: [...input.shape], name: input.layer.name });
        tensors.set(input, t);
        return t;
      });
      const pending = model.layers.flatMap((layer) =>
        layer.inboundNodes.filter((node) => model.hasNode(node) && node.inputs.length > 0)
      );
      let tfModel: tfjs.LayersModel | undefined;
      tf.tidy(() => {
        let remaining = pending;
        while (remaining.length > 0) {
          const next = remaining.filter((node) => !node.inputs.every((x) => tensors.has(x)));
          if (next.length === remaining.length) {
            throw new Error(`Model "${model.name}" has calls TensorFlow.js cannot order`);
          }
          for (const node of remaining) {
            if (next.includes(node)) continue;
            let tfLayer = made.get(node.layer);
            if (!tfLayer) {
              tfLayer = convert(node.layer, tf, { batchInputShape: undefined });
              made.set(node.layer, tfLayer);
            }
            const { args, kwargs } = tfjsCall(node, tensors);
            const out = tfLayer.apply(node.calledOnList ? args : args[0], kwargs) as
              | tfjs.SymbolicTensor
              | tfjs.SymbolicTensor[];
            const outs = Array.isArray(out) ? out : [out];
            node.outputs.forEach((t, i) => tensors.set(t, outs[i]));
          }
          remaining = next;
        }
        tfModel = tf.model({
          inputs,
          outputs: model.outputs.map((t) => tensors.get(t)!),
          name: model.name,
        });
      });
      return tfModel!;
    }));
}

/**
 * Builds the TensorFlow.js layer equivalent to one paramlab layer, unbuilt (TF.js builds it when
 * it is applied or added to a model). Useful for a layer a Sequential model cannot hold, such as
 * Bidirectional with `mergeMode: null`, applied with the functional API.
 *
 * @param layer Any paramlab layer this bridge knows.
 * @param options A seed for repeatable initial weights; the TensorFlow.js namespace to use.
 * @returns The TF.js layer.
 * @throws {Error} When the layer has no TF.js equivalent (see {@linkcode toTfjs}).
 *
 * @example Both outputs of a Bidirectional LSTM
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { toTfjsLayer } from "./tfjs.ts";
 * import { Bidirectional, LSTM } from "../mod.ts";
 * import assert from "assert";
 *
 * const bi = new Bidirectional({ layer: new LSTM({ units: 5 }), mergeMode: null });
 * const outputs = toTfjsLayer(bi).apply(tf.input({ shape: [400, 13] })) as tf.SymbolicTensor[];
 * assert.deepEqual(outputs.map((o) => o.shape), [[null, 5], [null, 5]]);
 * ```
 */
export function toTfjsLayer(layer: Layer, options: ToTfjsOptions = {}): TfjsLayer {
  const tf = options.tf ?? tfjs;
  return withSeed(options.seed, () =>
    withFastOrthogonal(
      tf,
      () => convert(layer, tf, { batchInputShape: undefined }),
    ));
}

/** Options of {@linkcode toTfjs} and {@linkcode toTfjsLayer}. */
export interface ToTfjsOptions {
  /**
   * Seed for the initial weights, so training runs repeat exactly. Without it, TF.js draws them
   * from `Math.random`.
   */
  readonly seed?: number;
  /**
   * The TensorFlow.js namespace to build with.
   * @default {the `@tensorflow/tfjs` this module imports}
   */
  readonly tf?: Tfjs;
}

/**
 * The TensorFlow.js namespace this bridge builds with, for notebooks that train its models.
 *
 * @example Tensors for training come from the same TF.js
 * ```ts
 * import { tf } from "./tfjs.ts";
 * import assert from "assert";
 *
 * const x = tf.tensor3d([[[0], [0.2], [0.4]]]);
 * assert.deepEqual(x.shape, [1, 3, 1]);
 * x.dispose();
 * ```
 */
export const tf: Tfjs = tfjs;
quietCpuBackend(tfjs);

// TF.js's initializers take their randomness from Math.random when no per-initializer seed is
// given (their seeds default to Math.random(), and our orthogonal initializer draws from it), so
// one seeded generator in its place while the model is built makes every initial weight repeat.
function withSeed<T>(seed: number | undefined, build: () => T): T {
  if (seed === undefined) return build();
  if (!Number.isSafeInteger(seed)) {
    throw new RangeError(`Invalid seed for toTfjs: expected an integer, received ${seed}`);
  }
  const original = Math.random;
  Math.random = mulberry32(seed);
  try {
    return build();
  } finally {
    Math.random = original;
  }
}

// A small, well-known 32-bit generator (Mulberry32): uniform in [0, 1).
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Options {
  /** The model's input shape, for its first layer. */
  readonly batchInputShape: Shape | undefined;
}

// Each layer keeps its own trainable flag. A wrapper created with trainable: false keeps the
// layer it wraps trainable, as Keras 3 does (and TF.js, which drops the argument); the setter,
// which freezes the wrapped layers too, has already set their flags.
function convert(layer: Layer, tf: Tfjs, options: Options): TfjsLayer {
  const common = {
    name: layer.name,
    trainable: layer.trainable,
    ...(options.batchInputShape ? { batchInputShape: [...options.batchInputShape] } : {}),
  };
  return build(layer, tf, common);
}

interface Common {
  readonly name: string;
  readonly trainable: boolean;
  readonly batchInputShape?: (number | null)[];
}

function build(layer: Layer, tf: Tfjs, common: Common): TfjsLayer {
  const declaration = layer.kind.tfjs;
  if (!declaration) {
    throw new Error(
      `Layer "${layer.name}" (${layer.className}) has no TensorFlow.js equivalent: ` +
        `TensorFlow.js has no ${layer.className} layer`,
    );
  }
  const refusal = declaration.refuse?.(layer);
  if (refusal) throw new Error(refusal);
  const factory = (tf.layers as unknown as Record<string, (args: object) => TfjsLayer>)[
    declaration.factory
  ];
  if (typeof factory !== "function") {
    throw new Error(
      `Layer "${layer.name}" (${layer.className}) has no TensorFlow.js equivalent: this ` +
        `TensorFlow.js has no tf.layers.${declaration.factory}`,
    );
  }
  const args: Record<string, unknown> = { ...common };
  for (const [key, value] of Object.entries(declaration.args?.(layer) ?? {})) {
    if (value instanceof Layer) {
      args[key] = convert(value, tf, { batchInputShape: undefined });
    } else if (Array.isArray(value) && value.length > 0 && value.every((v) => v instanceof Layer)) {
      // A list of layers (a stack of recurrent cells): each converted the same way.
      args[key] = value.map((v) => convert(v, tf, { batchInputShape: undefined }));
    } else if (key === "activation" || key === "recurrentActivation") {
      args[key] = tfjsActivation(layer, value, "linear");
    } else if (key === "recurrentInitializer" && value === "orthogonal") {
      args[key] = new (fastOrthogonal(tf))();
    } else {
      args[key] = value;
    }
  }
  return factory(args);
}

/**
 * One call in TF.js's terms: the tensors the layer was called on, and its call arguments with
 * their tensors (`initialState`, `mask`) turned into TF.js's, as TF.js's `apply(inputs, kwargs)`
 * takes them. The call arguments' tensors are the last of the node's inputs.
 */
function tfjsCall(
  node: Node,
  tensors: ReadonlyMap<SymbolicTensor, tfjs.SymbolicTensor>,
): { args: tfjs.SymbolicTensor[]; kwargs: Record<string, unknown> | undefined } {
  const entries = Object.entries(node.callArgs).filter(([, v]) => v !== undefined && v !== null);
  if (entries.length === 0) return { args: node.inputs.map((x) => tensors.get(x)!), kwargs: {} };
  let edges = 0;
  const convert = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(convert);
    const tensor = tensorOf(value);
    if (!tensor) return value;
    edges++;
    return tensors.get(tensor)!;
  };
  const kwargs = Object.fromEntries(entries.map(([k, v]) => [k, convert(v)]));
  const inputs = node.inputs.slice(0, node.inputs.length - edges);
  return { args: inputs.map((x) => tensors.get(x)!), kwargs };
}

/** The tensor a call argument stands for (a tensor, or an `Input`), if any. */
function tensorOf(value: unknown): SymbolicTensor | undefined {
  if (value instanceof SymbolicTensor) return value;
  return value instanceof Layer ? value.inboundNodes.at(-1)?.outputs[0] : undefined;
}
