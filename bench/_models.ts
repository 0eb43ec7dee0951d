// The models the benchmarks build, written once as data so that paramlab and TensorFlow.js
// build exactly the same stack. Internal to bench/: `_tfjs.ts` turns a spec into a TF.js model,
// `buildModel` below into ours. Layers are in the library's one configuration format,
// `{ className, ...options }`, whose option names are TF.js's too.

import {
  Add,
  Dense,
  Input,
  type Layer,
  type LayerConfig,
  layerFromConfig,
  Model,
  Sequential,
  type SymbolicTensor,
} from "../mod.ts";

/** A Sequential model: its input shape without the batch dimension, then its layers. */
export interface ModelSpec {
  /** Short name for tables, e.g. `"seed 002"`. */
  readonly id: string;
  /** What the model is, for tables. */
  readonly title: string;
  /** The input shape without the batch dimension (`null` for unknown time steps). */
  readonly inputShape: readonly (number | null)[];
  /** The layers, in order. */
  readonly layers: readonly LayerConfig[];
  /** The total the seed document prints, checked against both libraries before timing. */
  readonly paramCount: number;
}

const lstm = (units: number, returnSequences = false): LayerConfig => ({
  className: "LSTM",
  units,
  returnSequences,
});
const dense = (units: number): LayerConfig => ({ className: "Dense", units });
const timeDistributedDense = (units: number): LayerConfig => ({
  className: "TimeDistributed",
  layer: dense(units),
});

/** Every model the seed documents build, with the totals they print. */
export const SEED_MODELS: readonly ModelSpec[] = [
  {
    id: "seed 000 LSTM",
    title: "LSTM(5)→LSTM(5)→TimeDistributed(Dense(650))→LSTM(20)→LSTM(20) on (400, 13)",
    inputShape: [400, 13],
    layers: [
      lstm(5, true),
      lstm(5, true),
      timeDistributedDense(650),
      lstm(20, true),
      lstm(20, true),
    ],
    paramCount: 61460,
  },
  {
    id: "seed 000 Dense",
    title: "Dense(5)→Dense(5)→Dense(650)→Dense(20)→Dense(20) on (13,)",
    inputShape: [13],
    layers: [dense(5), dense(5), dense(650), dense(20), dense(20)],
    paramCount: 17440,
  },
  {
    id: "seed 001",
    title: "LSTM(10, return_sequences)→TimeDistributed(Dense(1)) on (None, 1)",
    inputShape: [null, 1],
    layers: [lstm(10, true), timeDistributedDense(1)],
    paramCount: 491,
  },
  {
    id: "seed 002",
    title: "LSTM(64, rs)→Dropout(0.5)→LSTM(64)→Dense(64)→Dense(64)→Dense(6) on (100, 6)",
    inputShape: [100, 6],
    layers: [
      lstm(64, true),
      { className: "Dropout", rate: 0.5 },
      lstm(64),
      dense(64),
      dense(64),
      dense(6),
    ],
    paramCount: 59910,
  },
  {
    id: "seed 003 one-to-one",
    title: "LSTM(5)→Dense(1) on (1, 1)",
    inputShape: [1, 1],
    layers: [lstm(5), dense(1)],
    paramCount: 146,
  },
  {
    id: "seed 003 many-to-one",
    title: "LSTM(5)→Dense(5) on (5, 1)",
    inputShape: [5, 1],
    layers: [lstm(5), dense(5)],
    paramCount: 170,
  },
  {
    id: "seed 003 many-to-many",
    title: "LSTM(5, rs)→TimeDistributed(Dense(1)) on (5, 1)",
    inputShape: [5, 1],
    layers: [lstm(5, true), timeDistributedDense(1)],
    paramCount: 146,
  },
  {
    id: "seed 004",
    title: "LSTM(10) on (13, 5)",
    inputShape: [13, 5],
    layers: [lstm(10)],
    paramCount: 640,
  },
];

/**
 * One LSTM with as many units as input features, the growth suite's model.
 *
 * @param size Units and features.
 * @returns The spec, with its count 4·(2·size² + size).
 */
export function lstmSpec(size: number): ModelSpec {
  return {
    id: `LSTM ${size}×${size}`,
    title: `LSTM(${size}) on (None, ${size})`,
    inputShape: [null, size],
    layers: [lstm(size)],
    paramCount: 4 * (2 * size * size + size),
  };
}

/**
 * A stack of `depth` Dense(16) layers on 16 features, the deep-model suite's model.
 *
 * @param depth The number of layers.
 * @returns The spec, with its count depth·(16·16 + 16).
 */
export function deepDenseSpec(depth: number): ModelSpec {
  return {
    id: `${depth.toLocaleString("en-US")} × Dense(16)`,
    title: `${depth} Dense(16) layers on (16,)`,
    inputShape: [16],
    layers: Array.from({ length: depth }, () => dense(16)),
    paramCount: depth * (16 * 16 + 16),
  };
}

function ourLayer(config: LayerConfig, inputShape?: readonly (number | null)[]): Layer {
  return layerFromConfig(inputShape ? { ...config, inputShape } : config);
}

/**
 * Builds the spec with paramlab, the way a user writes it: the first layer takes `inputShape`.
 *
 * @param spec The model.
 * @returns Our Sequential model, built.
 */
export function buildModel(spec: ModelSpec): Sequential {
  return new Sequential(
    spec.layers.map((layer, i) => ourLayer(layer, i === 0 ? spec.inputShape : undefined)),
  );
}

/**
 * What a user reading a summary does with paramlab: build, count, render the summary text.
 *
 * @param spec The model.
 * @returns The total count and the summary's length, so the work cannot be optimised away.
 */
export function summarise(spec: ModelSpec): number {
  const model = buildModel(spec);
  return model.paramCount() + String(model.summary()).length;
}

/**
 * A functional graph of `calls` layer calls on (4,): Dense(4) and Add in turn, each Add joining
 * the Dense's output to the block's input (a residual chain), so half the calls merge two
 * branches. The graph suite's model; its count is (calls / 2)·(4·4 + 4).
 *
 * @param calls The number of layer calls after the input, even.
 * @returns The model, built.
 */
export function residualGraph(calls: number): Model {
  const input = new Input({ shape: [4] }).output;
  let x: SymbolicTensor = input;
  for (let i = 0; i < calls; i += 2) {
    const y = new Dense(4).apply(x) as SymbolicTensor;
    x = new Add().apply([y, x]) as SymbolicTensor;
  }
  return new Model({ inputs: input, outputs: x });
}
