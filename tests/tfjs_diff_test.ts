// Differential tests against TensorFlow.js, whose Layers API is a port of Keras. Random valid
// Sequential stacks are built twice from one configuration (our layers' argument names are
// TF.js's), once here and once with tf.layers; every layer's count, trainable split, output shape
// and name must agree. The same stacks go through TF.js's toJSON() into fromKerasJson, and
// through toTfjs. Run with PARAMLAB_SEED=<n> to replay a run (the seed is printed first), and
// PARAMLAB_RUNS=<n> for more than the 200 stacks per property.

import assert from "assert";
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs";
import {
  Activation,
  AveragePooling1D,
  AveragePooling2D,
  BatchNormalization,
  Bidirectional,
  Conv1D,
  Conv2D,
  countWeights,
  Dense,
  Dropout,
  Embedding,
  Flatten,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  GRU,
  Input,
  type Layer,
  LayerNormalization,
  LSTM,
  MaxPooling1D,
  MaxPooling2D,
  type Model,
  type OutputShape,
  RepeatVector,
  Sequential,
  type Shape,
  SimpleRNN,
  TimeDistributed,
} from "../mod.ts";
import { seed000Dense, seed000Lstm } from "./_models.ts";
import { fromKerasJson } from "../lib/json/mod.ts";
import { toTfjs, toTfjsLayer } from "../lib/tfjs.ts";
import { type SeedId, seedShowsRow } from "./_seeds.ts";
import { replaySeed, tfjsForTests } from "./_support.ts";

await tfjsForTests();

const SEED = replaySeed("tfjs_diff_test");
const RUNS = Number(Deno.env.get("PARAMLAB_RUNS") ?? 200);

// ---------------------------------------------------------------------------------------------
// One configuration, two libraries

const OURS = {
  Dense,
  Dropout,
  Flatten,
  Activation,
  RepeatVector,
  Embedding,
  SimpleRNN,
  LSTM,
  GRU,
  TimeDistributed,
  Bidirectional,
  Conv1D,
  Conv2D,
  MaxPooling1D,
  MaxPooling2D,
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  BatchNormalization,
  LayerNormalization,
} satisfies Record<string, new (args: never) => Layer>;

type Kind = keyof typeof OURS;

const THEIRS: Record<Kind, (args: never) => tf.layers.Layer> = {
  Dense: tf.layers.dense,
  Dropout: tf.layers.dropout,
  Flatten: tf.layers.flatten,
  Activation: tf.layers.activation,
  RepeatVector: tf.layers.repeatVector,
  Embedding: tf.layers.embedding,
  SimpleRNN: tf.layers.simpleRNN,
  LSTM: tf.layers.lstm,
  GRU: tf.layers.gru,
  TimeDistributed: tf.layers.timeDistributed,
  Bidirectional: tf.layers.bidirectional,
  Conv1D: tf.layers.conv1d,
  Conv2D: tf.layers.conv2d,
  MaxPooling1D: tf.layers.maxPooling1d,
  MaxPooling2D: tf.layers.maxPooling2d,
  AveragePooling1D: tf.layers.averagePooling1d,
  AveragePooling2D: tf.layers.averagePooling2d,
  GlobalAveragePooling1D: tf.layers.globalAveragePooling1d,
  GlobalAveragePooling2D: tf.layers.globalAveragePooling2d,
  BatchNormalization: tf.layers.batchNormalization,
  LayerNormalization: tf.layers.layerNormalization,
};

/** A layer's configuration, in the argument names both libraries share. */
interface Spec {
  readonly kind: Kind;
  readonly args: Record<string, unknown>;
  readonly inner?: Spec;
}

function ourLayer(spec: Spec): Layer {
  const args = spec.inner ? { ...spec.args, layer: ourLayer(spec.inner) } : spec.args;
  return new OURS[spec.kind](args as never);
}

function theirLayer(spec: Spec): tf.layers.Layer {
  // A copy: TF.js's factories add to the object they are given (a recurrent layer's `cell`).
  const args = spec.inner ? { ...spec.args, layer: theirLayer(spec.inner) } : { ...spec.args };
  // A wrapper created with trainable: false keeps its wrapped layer trainable in Keras 3, and
  // TF.js drops the argument, so both leave the wrapped weights trainable.
  return THEIRS[spec.kind](args as never);
}

// ---------------------------------------------------------------------------------------------
// Generating valid stacks: each step's numbers are read against the current output shape

/** Reads choices from a list of random naturals, so fast-check can shrink them. */
class Picker {
  #i = 0;
  constructor(private readonly values: readonly number[]) {}
  /** One of `options`, chosen by the list's first number; the rest configure the options. */
  static choose<T>(values: readonly number[], options: (p: Picker) => readonly T[]): T {
    const choices = options(new Picker(values.slice(1)));
    return choices[values[0] % choices.length];
  }
  int(lo: number, hi: number): number {
    const v = this.values[this.#i++ % this.values.length];
    return lo + (v % (hi - lo + 1));
  }
  bool(percentTrue = 50): boolean {
    return this.int(0, 99) < percentTrue;
  }
  pick<T>(options: readonly T[]): T {
    return options[this.int(0, options.length - 1)];
  }
  /** Numbers for a nested choice, read on from here. */
  numbers(count: number): number[] {
    return Array.from({ length: count }, () => this.int(0, 9_999));
  }
}

type Dims = readonly (number | null)[];

const ACTIVATIONS = [
  "linear",
  "relu",
  "tanh",
  "sigmoid",
  "softmax",
  "elu",
  "selu",
  "softplus",
  "softsign",
  "relu6",
  "hardSigmoid",
  "swish",
] as const;

function trainable(p: Picker): { trainable?: boolean } {
  return p.bool(12) ? { trainable: false } : {};
}

function recurrentSpec(p: Picker): Spec {
  const kind = p.pick(["SimpleRNN", "LSTM", "GRU"] as const);
  const args: Record<string, unknown> = {
    units: p.int(1, 16),
    returnSequences: p.bool(),
    useBias: p.bool(80),
    activation: p.pick(["tanh", "relu", "linear"]),
    dropout: p.bool(20) ? 0.25 : 0,
    recurrentDropout: p.bool(20) ? 0.25 : 0,
    goBackwards: p.bool(20),
    ...trainable(p),
  };
  if (kind !== "SimpleRNN") args.recurrentActivation = p.pick(["sigmoid", "hardSigmoid"]);
  if (kind === "GRU") args.resetAfter = false; // the only GRU TF.js has
  return { kind, args };
}

/** A window (kernel or pool) that fits an axis of `length` under "valid" padding. */
function windowFor(p: Picker, length: number | null, max: number, dilation = 1): number {
  const room = length === null ? max : Math.floor((length - 1) / dilation) + 1;
  return p.int(1, Math.max(1, Math.min(max, room)));
}

function convSpec(p: Picker, dims: Dims): Spec {
  const rank = dims.length - 1;
  const padding = p.pick(["valid", "same"] as const);
  const strided = p.bool(30);
  const strides = dims.slice(0, rank).map(() => (strided ? p.int(1, 3) : 1));
  // Keras refuses strides > 1 together with dilation > 1.
  const dilation = dims.slice(0, rank).map(() => (strided ? 1 : p.int(1, 3)));
  const kernel = dims.slice(0, rank).map((length, i) =>
    padding === "same" ? p.int(1, 5) : windowFor(p, length, 5, dilation[i])
  );
  const square = kernel.every((k) => k === kernel[0]) && p.bool();
  return {
    kind: rank === 1 ? "Conv1D" : "Conv2D",
    args: {
      filters: p.int(1, 16),
      kernelSize: rank === 1 || square ? kernel[0] : kernel,
      strides: rank === 1 ? strides[0] : strides,
      dilationRate: rank === 1 ? dilation[0] : dilation,
      padding,
      useBias: p.bool(80),
      activation: p.pick(ACTIVATIONS),
      ...trainable(p),
    },
  };
}

function poolingSpec(p: Picker, dims: Dims, op: "Max" | "Average"): Spec {
  const rank = dims.length - 1;
  const padding = p.pick(["valid", "same"] as const);
  const pool = dims.slice(0, rank).map((length) =>
    padding === "same" ? p.int(1, 4) : windowFor(p, length, 4)
  );
  const args: Record<string, unknown> = { padding, poolSize: rank === 1 ? pool[0] : pool };
  if (p.bool(40)) {
    const strides = pool.map(() => p.int(1, 3));
    args.strides = rank === 1 ? strides[0] : strides;
  }
  return { kind: `${op}Pooling${rank}D` as Kind, args };
}

/** Layers that take any rank and keep the shape, or work on the last axis. */
function anyRankSpecs(p: Picker): Spec[] {
  return [
    {
      kind: "Dense",
      args: {
        units: p.int(1, 32),
        useBias: p.bool(80),
        activation: p.pick(ACTIVATIONS),
        ...trainable(p),
      },
    },
    { kind: "Dropout", args: { rate: p.pick([0, 0.1, 0.5]) } },
    { kind: "Activation", args: { activation: p.pick(ACTIVATIONS) } },
    {
      kind: p.pick(["BatchNormalization", "LayerNormalization"] as const),
      args: { center: p.bool(80), scale: p.bool(80), ...trainable(p) },
    },
  ];
}

function flattenFits(dims: Dims): boolean {
  return dims.length >= 2 && dims.every((d) => d !== null) &&
    (dims as number[]).reduce((a, b) => a * b, 1) <= 2048;
}

/** Every layer that accepts (batch, ...dims), built from the same random numbers. */
function candidates(p: Picker, dims: Dims, insideWrapper = false): Spec[] {
  const specs = anyRankSpecs(p);
  if (flattenFits(dims)) specs.push({ kind: "Flatten", args: {} });
  if (dims.length === 1) specs.push({ kind: "RepeatVector", args: { n: p.int(1, 6) } });
  if (dims.length === 2) {
    specs.push(
      recurrentSpec(p),
      convSpec(p, dims),
      poolingSpec(p, dims, p.pick(["Max", "Average"] as const)),
      { kind: "GlobalAveragePooling1D", args: {} },
    );
    if (!insideWrapper) {
      specs.push({
        kind: "Bidirectional",
        args: { mergeMode: p.pick(["concat", "sum", "mul", "ave"]), ...trainable(p) },
        inner: recurrentSpec(p),
      });
    }
  }
  if (dims.length === 3) {
    specs.push(
      convSpec(p, dims),
      poolingSpec(p, dims, p.pick(["Max", "Average"] as const)),
      { kind: "GlobalAveragePooling2D", args: {} },
    );
  }
  if (dims.length >= 2 && !insideWrapper) {
    const inner = Picker.choose(p.numbers(24), (q) => candidates(q, dims.slice(1), true));
    specs.push({ kind: "TimeDistributed", args: { ...trainable(p) }, inner });
  }
  return specs;
}

/** The first layer: a plain input of rank 2 to 5, or an Embedding of token ids. */
function firstSpec(values: readonly number[]): Spec {
  const p = new Picker(values.slice(1));
  const shape: Dims = p.pick([
    [p.int(1, 16)],
    [p.bool(25) ? null : p.int(1, 20), p.int(1, 16)],
    [p.int(1, 12), p.int(1, 12), p.int(1, 4)],
    [p.int(1, 4), p.int(1, 8), p.int(1, 8), p.int(1, 3)],
  ]);
  const embedding = {
    inputDim: p.int(1, 64),
    outputDim: p.int(1, 16),
    ...trainable(p),
  };
  if (p.bool(20)) {
    return {
      kind: "Embedding",
      args: p.pick([
        { ...embedding, inputLength: p.int(1, 20) },
        { ...embedding, inputShape: [p.bool(25) ? null : p.int(1, 20)] },
        { ...embedding, inputShape: [p.int(1, 6), p.int(1, 6)] },
        embedding,
      ]),
    };
  }
  const spec = Picker.choose(values, (q) => candidates(q, shape));
  const batchSize = p.bool(10) ? { batchSize: p.int(1, 8) } : {};
  return { ...spec, args: { ...spec.args, inputShape: shape, ...batchSize } };
}

/** Names the top-level layers alike in both libraries; inner layers keep their defaults. */
function named(spec: Spec, i: number): Spec {
  return { ...spec, args: { ...spec.args, name: `layer_${i}` } };
}

/** Plans a valid stack, steering each step by the output shape so far. */
function plan(steps: readonly (readonly number[])[]): Spec[] {
  const specs = [named(firstSpec(steps[0]), 0)];
  const scratch = new Sequential([ourLayer(specs[0])]);
  for (const values of steps.slice(1)) {
    const dims = (scratch.outputShape() as Shape).slice(1);
    const spec = named(Picker.choose(values, (p) => candidates(p, dims)), specs.length);
    specs.push(spec);
    scratch.add(ourLayer(spec));
  }
  return specs;
}

const stepsArbitrary = fc.array(fc.array(fc.nat(9_999), { minLength: 48, maxLength: 48 }), {
  minLength: 1,
  maxLength: 6,
});

// ---------------------------------------------------------------------------------------------
// Comparing

interface Counts {
  readonly name: string;
  readonly total: number;
  readonly trainable: number;
  readonly nonTrainable: number;
  readonly outputShape: OutputShape;
}

function sizeOfWeights(weights: readonly tf.LayerVariable[]): number {
  // A weight's shape is always fully known.
  return weights.reduce((sum, w) => sum + (w.shape as number[]).reduce((a, b) => a * b, 1), 0);
}

function theirCounts(layer: tf.layers.Layer): Counts {
  return {
    name: layer.name,
    total: layer.countParams(),
    trainable: sizeOfWeights(layer.trainableWeights),
    nonTrainable: sizeOfWeights(layer.nonTrainableWeights),
    outputShape: layer.outputShape as OutputShape,
  };
}

function ourCounts(layer: Layer): Counts {
  // TF.js's `trainableWeights` is the per-weight view (a wrapper created frozen keeps its
  // wrapped layer trainable, as Keras 3's model totals do); Keras 3's own row for such a wrapper
  // lists no trainable weights, which the Keras oracle checks. Compare the per-weight view here.
  const split = countWeights([layer]);
  return {
    name: layer.name,
    total: layer.paramCount(),
    trainable: split.trainable,
    nonTrainable: split.nonTrainable,
    outputShape: layer.outputShape(),
  };
}

function assertSameLayers(
  ours: Sequential | Model,
  theirs: tf.LayersModel,
  context: string,
): void {
  assert.equal(ours.layers.length, theirs.layers.length, `${context}: number of layers`);
  ours.layers.forEach((layer, i) => {
    assert.deepEqual(
      ourCounts(layer),
      theirCounts(theirs.layers[i]),
      `${context}: layer ${i} (${layer.className})`,
    );
  });
  assert.equal(ours.paramCount(), theirs.countParams(), `${context}: total`);
}

function describe(specs: readonly Spec[]): string {
  return JSON.stringify(specs);
}

// ---------------------------------------------------------------------------------------------
// The properties

Deno.test("random stacks have TF.js's counts, trainable splits and output shapes, layer by layer", () => {
  const before = tf.memory().numTensors;
  const kindsSeen = new Set<string>();
  fc.assert(
    fc.property(stepsArbitrary, (steps) => {
      const specs = plan(steps);
      for (const s of specs) {
        kindsSeen.add(s.kind);
        if (s.inner) kindsSeen.add(`${s.kind}(${s.inner.kind})`);
      }
      const ours = new Sequential(specs.map(ourLayer));
      const theirs = tf.sequential({ layers: specs.map(theirLayer) });
      try {
        assertSameLayers(ours, theirs, describe(specs));
      } finally {
        theirs.dispose();
      }
    }),
    { numRuns: RUNS, seed: SEED },
  );
  assert.equal(tf.memory().numTensors, before, "every TF.js model was disposed");
  console.log(`layer kinds in this run: ${[...kindsSeen].sort().join(", ")}`);
});

Deno.test("hand-picked stacks that random ones reach rarely have TF.js's counts too", () => {
  const lstm = (args: Record<string, unknown> = {}): Spec => ({
    kind: "LSTM",
    args: { units: 3, returnSequences: true, ...args },
  });
  const stacks: Spec[][] = [
    // TimeDistributed of recurrent layers and of Conv2D, on rank-4 and rank-5 inputs.
    [{ kind: "TimeDistributed", args: { inputShape: [4, 6, 3] }, inner: lstm() }],
    [{
      kind: "TimeDistributed",
      args: { inputShape: [3, 8, 8, 2], trainable: false },
      inner: { kind: "Conv2D", args: { filters: 4, kernelSize: [3, 2], padding: "same" } },
    }],
    // Frozen Bidirectional around a frozen and an unfrozen layer, then a fixed batch size.
    [
      { kind: "Bidirectional", args: { trainable: false, inputShape: [5, 2] }, inner: lstm() },
      { kind: "Bidirectional", args: { mergeMode: "ave" }, inner: lstm({ trainable: false }) },
      { kind: "GRU", args: { units: 2, resetAfter: false } },
    ],
    [
      {
        kind: "Conv1D",
        args: { filters: 3, kernelSize: 2, strides: 3, inputShape: [10, 2], batchSize: 4 },
      },
      { kind: "BatchNormalization", args: { center: false, scale: false } },
      { kind: "Flatten", args: {} },
      { kind: "RepeatVector", args: { n: 2 } },
      { kind: "SimpleRNN", args: { units: 4, useBias: false } },
    ],
  ];
  for (const specs of stacks) {
    const named = specs.map((spec, i) => ({ ...spec, args: { ...spec.args, name: `layer_${i}` } }));
    const theirs = tf.sequential({ layers: named.map(theirLayer) });
    try {
      assertSameLayers(new Sequential(named.map(ourLayer)), theirs, describe(named));
    } finally {
      theirs.dispose();
    }
  }
});

Deno.test("fromKerasJson rebuilds every random stack from TF.js's toJSON(), as text and as object", () => {
  const before = tf.memory().numTensors;
  fc.assert(
    fc.property(stepsArbitrary, (steps) => {
      const specs = plan(steps);
      const theirs = tf.sequential({ layers: specs.map(theirLayer) });
      try {
        const text = theirs.toJSON();
        assert.equal(typeof text, "string", "TF.js 4.22's toJSON() returns a string");
        assertSameLayers(fromKerasJson(text as string), theirs, `text of ${describe(specs)}`);
        const object = theirs.toJSON(undefined, false) as object;
        assertSameLayers(fromKerasJson(object), theirs, `object of ${describe(specs)}`);
      } finally {
        theirs.dispose();
      }
    }),
    { numRuns: RUNS, seed: SEED + 1 },
  );
  assert.equal(tf.memory().numTensors, before, "every TF.js model was disposed");
});

Deno.test("toTfjs builds every random stack with our names, counts and output shapes", () => {
  const before = tf.memory().numTensors;
  fc.assert(
    fc.property(stepsArbitrary, (steps) => {
      const specs = plan(steps);
      const ours = new Sequential(specs.map(ourLayer));
      const bridged = toTfjs(ours);
      try {
        assertSameLayers(ours, bridged, `toTfjs of ${describe(specs)}`);
      } finally {
        bridged.dispose();
      }
    }),
    { numRuns: RUNS, seed: SEED + 2 },
  );
  assert.equal(tf.memory().numTensors, before, "every TF.js model was disposed");
});

Deno.test("Bidirectional with mergeMode null has TF.js's two output shapes and count", () => {
  const before = tf.memory().numTensors;
  fc.assert(
    fc.property(fc.array(fc.nat(10_000), { minLength: 16, maxLength: 16 }), (values) => {
      const p = new Picker(values);
      const inputShape = [p.bool(25) ? null : p.int(1, 20), p.int(1, 16)];
      const spec: Spec = {
        kind: "Bidirectional",
        args: { mergeMode: null },
        inner: recurrentSpec(p),
      };
      const ours = new Bidirectional({
        ...spec.args,
        layer: ourLayer(spec.inner!),
        inputShape,
      } as never);
      const theirs = theirLayer(spec);
      try {
        const outputs = theirs.apply(tf.input({ shape: inputShape })) as tf.SymbolicTensor[];
        assert.deepEqual(ours.outputShape(), outputs.map((o) => o.shape), describe([spec]));
        assert.equal(ours.paramCount(), theirs.countParams(), describe([spec]));
        assert.equal(ours.trainableParamCount(), sizeOfWeights(theirs.trainableWeights));
      } finally {
        theirs.dispose();
      }
    }),
    { numRuns: 50, seed: SEED + 3 },
  );
  assert.equal(tf.memory().numTensors, before, "every TF.js layer was disposed");
});

Deno.test("toTfjsLayer builds Bidirectional with mergeMode null for the functional API", () => {
  const bi = new Bidirectional({
    layer: new GRU({ units: 4, resetAfter: false }),
    mergeMode: null,
  });
  const layer = toTfjsLayer(bi);
  const outputs = layer.apply(tf.input({ shape: [7, 3] })) as tf.SymbolicTensor[];
  assert.deepEqual(outputs.map((o) => o.shape), [[null, 4], [null, 4]]);
  assert.equal(layer.countParams(), bi.build([null, 7, 3]).paramCount());
  layer.dispose();
});

Deno.test("toTfjs refuses Bidirectional with mergeMode null, which a TF.js Sequential cannot hold", () => {
  const model = new Sequential([
    new Bidirectional({ layer: new LSTM({ units: 3 }), mergeMode: null, inputShape: [5, 2] }),
  ]);
  assert.throws(() => toTfjs(model), /mergeMode null.*toTfjsLayer/s);
});

// ---------------------------------------------------------------------------------------------
// GRU with resetAfter: true, which TF.js lacks: checked against Keras's formula instead

Deno.test("GRU with resetAfter true counts 3 × (n·m + m² + 2m), Keras's formula", () => {
  // Keras's GRUCell.build with reset_after: kernel (n, 3m), recurrent_kernel (m, 3m) and a bias
  // of shape (2, 3m), one row for the input product and one for the recurrent product.
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 512 }),
      fc.integer({ min: 1, max: 512 }),
      fc.boolean(),
      (n, m, useBias) => {
        const gru = new GRU({ units: m, useBias, inputShape: [null, n] });
        const expected = 3 * (n * m + m * m + (useBias ? 2 * m : 0));
        assert.equal(gru.paramCount(), expected);
        assert.equal(gru.trainableParamCount(), expected);
      },
    ),
    { numRuns: 200, seed: SEED + 4 },
  );
});

Deno.test("GRU with resetAfter true counts 3m more than TF.js's GRU with resetAfter false", () => {
  const before = tf.memory().numTensors;
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 24 }), fc.integer({ min: 1, max: 24 }), (n, m) => {
      const theirs = tf.sequential({ layers: [tf.layers.gru({ units: m, inputShape: [4, n] })] });
      try {
        const ours = new GRU({ units: m, inputShape: [4, n] });
        assert.equal(ours.paramCount() - theirs.countParams(), 3 * m);
      } finally {
        theirs.dispose();
      }
    }),
    { numRuns: 30, seed: SEED + 5 },
  );
  assert.equal(tf.memory().numTensors, before);
});

Deno.test("toTfjs refuses GRU with resetAfter true, saying TF.js lacks it", () => {
  const model = new Sequential([new GRU({ units: 5, inputShape: [400, 13] })]);
  assert.throws(
    () => toTfjs(model),
    (error: Error) =>
      error.constructor === Error && /resetAfter: true/.test(error.message) &&
      /TensorFlow\.js does not implement/.test(error.message) &&
      /resetAfter: false/.test(error.message),
  );
});

// ---------------------------------------------------------------------------------------------
// What toTfjs sets beyond counts: Keras's defaults where TF.js's differ

Deno.test("toTfjs gives LSTM and GRU Keras's sigmoid gates, not TF.js's hardSigmoid default", () => {
  const model = new Sequential([
    new LSTM({ units: 4, returnSequences: true, inputShape: [6, 3] }),
    new GRU({ units: 4, resetAfter: false, returnSequences: true }),
    new Bidirectional({ layer: new LSTM({ units: 2 }) }),
    new Dense({ units: 3, activation: "softmax" }),
  ]);
  const tfModel = toTfjs(model);
  try {
    const config = (i: number) => tfModel.layers[i].getConfig();
    assert.equal(config(0).recurrentActivation, "sigmoid");
    assert.equal(config(0).activation, "tanh");
    assert.equal(config(0).unitForgetBias, true);
    assert.equal(config(1).recurrentActivation, "sigmoid");
    const inner = (config(2).layer as { config: Record<string, unknown> }).config;
    assert.equal(inner.recurrentActivation, "sigmoid");
    assert.equal(config(3).activation, "softmax");
    assert.deepEqual(tfModel.layers.map((l) => l.name), model.layers.map((l) => l.name));
  } finally {
    tfModel.dispose();
  }
});

Deno.test("toTfjs gives Dense without an activation TF.js's linear, and maps Keras's names", () => {
  const model = new Sequential([
    new Dense({ units: 2, inputShape: [3] }),
    new Dense({ units: 2, activation: "hard_sigmoid" }),
    new Activation({ activation: "silu" }),
  ]);
  const tfModel = toTfjs(model);
  try {
    assert.deepEqual(
      tfModel.layers.map((l) => l.getConfig().activation),
      ["linear", "hardSigmoid", "swish"],
    );
  } finally {
    tfModel.dispose();
  }
});

Deno.test("toTfjs refuses an activation TF.js does not have, naming it", () => {
  const model = new Sequential([
    new Dense({ units: 2, activation: "leaky_relu", inputShape: [3] }),
  ]);
  assert.throws(() => toTfjs(model), /"leaky_relu"/);
});

Deno.test("toTfjs initializes recurrent kernels orthogonally, as Keras, and saves TF.js's Orthogonal", () => {
  const registered = tf.serialization.SerializationMap.getMap().classNameMap.Orthogonal;
  const model = new Sequential([
    new LSTM({ units: 64, returnSequences: true, inputShape: [100, 6] }),
    new Bidirectional({ layer: new GRU({ units: 8, resetAfter: false }) }),
  ]);
  const tfModel = toTfjs(model);
  try {
    // LSTM(64): recurrent kernel (64, 256), so K·Kᵀ = I; the GRU's (8, 24) likewise.
    const kernels = [
      tfModel.layers[0].weights[1],
      tfModel.layers[1].weights.find((w) => /forward.*recurrent_kernel/.test(w.originalName))!,
    ];
    for (const kernel of kernels) {
      const error = tf.tidy(() => {
        const k = kernel.read();
        const gram = tf.matMul(k, k, false, true);
        return tf.max(tf.abs(tf.sub(gram, tf.eye(k.shape[0])))).dataSync()[0];
      });
      assert.ok(error < 1e-5, `${kernel.name}: |K·Kᵀ − I| = ${error}`);
    }
    const json = JSON.parse(tfModel.toJSON() as string);
    const initializer = json.config.layers[0].config.recurrent_initializer;
    assert.deepEqual(initializer, { class_name: "Orthogonal", config: { gain: 1, seed: null } });
    assert.equal(tf.serialization.SerializationMap.getMap().classNameMap.Orthogonal, registered);
  } finally {
    tfModel.dispose();
  }
});

Deno.test("a wrapper created frozen keeps its wrapped layer trainable, as Keras 3 and TF.js do; the setter freezes it", () => {
  // Keras 3.15: Bidirectional(LSTM(4, return_sequences=True), trainable=False) on (5, 3) prints
  // Trainable params: 256 in the model's summary (measured); setting .trainable = False after
  // creating it prints Non-trainable params: 256.
  const direct = tf.layers.timeDistributed({
    layer: tf.layers.dense({ units: 3 }),
    inputShape: [5, 2],
    trainable: false,
  });
  const probe = tf.sequential({ layers: [direct] });
  assert.equal(probe.layers[0].trainableWeights.length, 2);
  probe.dispose();
  const created = new Sequential([
    new Input({ shape: [5, 3] }),
    new Bidirectional(new LSTM(4, { returnSequences: true }), { trainable: false }),
  ]);
  assert.equal(created.trainableParamCount(), 256);
  assert.equal(created.nonTrainableParamCount(), 0);
  const frozen = new Bidirectional(new LSTM(4, { returnSequences: true }));
  frozen.trainable = false;
  const set = new Sequential([new Input({ shape: [5, 3] }), frozen]);
  assert.equal(set.trainableParamCount(), 0);
  assert.equal(set.nonTrainableParamCount(), 256);
  const tfModel = toTfjs(set);
  try {
    assert.deepEqual(tfModel.layers.map((l) => l.trainableWeights.length), [0]);
  } finally {
    tfModel.dispose();
  }
});

// ---------------------------------------------------------------------------------------------
// The seed documents' models, built in TF.js by toTfjs

interface SeedModel {
  readonly seed: SeedId;
  readonly what: string;
  readonly model: () => Sequential;
  /** The counts the document prints, layer by layer. */
  readonly counts: readonly number[];
  /** The document's labels for the rows it prints in full, to find them in the text. */
  readonly labels?: readonly string[];
}

const SEED_MODELS: readonly SeedModel[] = [
  {
    seed: "000",
    what: "LSTM(5)×2 + TimeDistributed(Dense(650)) + LSTM(20)×2 on (400, 13)",
    model: seed000Lstm,
    counts: [380, 220, 3900, 53680, 3280],
    labels: [
      "lstm_1 (LSTM)",
      "lstm_2 (LSTM)",
      "time_distributed_1 (TimeDist",
      "lstm_3 (LSTM)",
      "lstm_4 (LSTM)",
    ],
  },
  {
    seed: "000",
    what: "the same stack with Dense layers on 13 features",
    model: seed000Dense,
    counts: [70, 30, 3900, 13020, 420],
    labels: [
      "dense_1 (Dense)",
      "dense_2 (Dense)",
      "dense_3 (Dense)",
      "dense_4 (Dense)",
      "dense_5 (Dense)",
    ],
  },
  {
    seed: "001",
    what: "LSTM(10, return_sequences) on (None, 1) + TimeDistributed(Dense(1))",
    model: () =>
      new Sequential([
        new LSTM({ units: 10, returnSequences: true, inputShape: [null, 1] }),
        new TimeDistributed({ layer: new Dense({ units: 1, activation: "linear" }) }),
      ]),
    counts: [480, 11],
    labels: ["lstm_4 (LSTM)", "time_distributed_4 (TimeDist"],
  },
  {
    seed: "002",
    what: "LSTM(64)+Dropout+LSTM(64)+Dense(64)×2+Dense(6) on (100, 6)",
    model: () =>
      new Sequential([
        new LSTM({ units: 64, returnSequences: true, inputShape: [100, 6] }),
        new Dropout({ rate: 0.5 }),
        new LSTM({ units: 64 }),
        new Dense({ units: 64, activation: "relu" }),
        new Dense({ units: 64, activation: "relu" }),
        new Dense({ units: 6, activation: "softmax" }),
      ]),
    counts: [18176, 0, 33024, 4160, 4160, 390],
    labels: [
      "lstm_1 (LSTM)",
      "dropout_1 (Dropout)",
      "lstm_2 (LSTM)",
      "dense_1 (Dense)",
      "dense_2 (Dense)",
      "dense_3 (Dense)",
    ],
  },
  {
    seed: "003",
    what: "one-to-one LSTM(5) on (1, 1) + Dense(1)",
    model: () =>
      new Sequential([new LSTM({ units: 5, inputShape: [1, 1] }), new Dense({ units: 1 })]),
    // The document prints old-format shapes here ((None, 1, 5)), so only the counts are compared.
    counts: [140, 6],
  },
  {
    seed: "003",
    what: "many-to-one LSTM(5) on (5, 1) + Dense(5)",
    model: () =>
      new Sequential([new LSTM({ units: 5, inputShape: [5, 1] }), new Dense({ units: 5 })]),
    counts: [140, 30],
    labels: ["lstm_1 (LSTM)", "dense_1 (Dense)"],
  },
  {
    seed: "003",
    what: "many-to-many LSTM(5, return_sequences) on (5, 1) + TimeDistributed(Dense(1))",
    model: () =>
      new Sequential([
        new LSTM({ units: 5, returnSequences: true, inputShape: [5, 1] }),
        new TimeDistributed({ layer: new Dense({ units: 1 }) }),
      ]),
    counts: [140, 6],
    labels: ["lstm_1 (LSTM)", "time_distributed_1 (TimeDist"],
  },
  {
    seed: "004",
    what: "LSTM(10) on (13, 5)",
    model: () => new Sequential([new LSTM({ units: 10, inputShape: [13, 5] })]),
    counts: [640],
    labels: ["lstm_8 (LSTM)"],
  },
];

for (const { seed, what, model, counts, labels } of SEED_MODELS) {
  Deno.test(`toTfjs of seed ${seed}'s ${what} has the document's counts in TF.js`, () => {
    const ours = model();
    const tfModel = toTfjs(ours);
    try {
      assert.deepEqual(tfModel.layers.map((l) => l.countParams()), counts);
      assert.deepEqual(ours.layers.map((l) => l.paramCount()), counts);
      labels?.forEach((label, i) => {
        const row = { label, shape: tfModel.layers[i].outputShape as Shape, params: counts[i] };
        assert.ok(seedShowsRow(seed, row), `seed ${seed} prints ${JSON.stringify(row)}`);
      });
    } finally {
      tfModel.dispose();
    }
  });
}

// ---------------------------------------------------------------------------------------------
// Where the core differs from Keras: these fail until lib/layers is fixed (see the report)

Deno.test("Conv1D and Conv2D refuse strides > 1 with dilationRate > 1, as Keras does", () => {
  // Keras 3 (keras/src/layers/convolutional/base_conv.py, BaseConv.__init__) raises ValueError
  // "`strides > 1` not supported in conjunction with `dilation_rate > 1`". TF.js builds the
  // layer but fails when it runs: "Error in conv1D: Either stride or dilation must be 1".
  const theirs = tf.sequential({
    layers: [
      tf.layers.conv1d({
        filters: 2,
        kernelSize: 3,
        strides: 2,
        dilationRate: 2,
        inputShape: [10, 3],
      }),
    ],
  });
  try {
    assert.throws(() => tf.tidy(() => theirs.predict(tf.zeros([1, 10, 3]))), /stride or dilation/);
  } finally {
    theirs.dispose();
  }
  assert.throws(
    () => new Conv1D({ filters: 2, kernelSize: 3, strides: 2, dilationRate: 2 }),
    /dilation/i,
  );
  assert.throws(
    () => new Conv2D({ filters: 2, kernelSize: 3, strides: [1, 2], dilationRate: [2, 1] }),
    /dilation/i,
  );
});

Deno.test("Bidirectional does not double the forward_ prefix of a layer named forward_…", () => {
  // Keras 3 (keras/src/layers/rnn/bidirectional.py, Bidirectional.__init__) names the copies
  // "forward_" + removeprefix(layer.name, "forward_"), so re-wrapping a forward copy, as loading a
  // Keras 3 model does, keeps "forward_lstm". Names only; counts are unaffected.
  const bi = new Bidirectional({ layer: new LSTM({ units: 2, name: "forward_lstm" }) });
  assert.equal(bi.forwardLayer.name, "forward_lstm");
});

Deno.test("a wrapped layer may share a name with a top-level layer, as in Keras", () => {
  // Keras 3's Sequential checks names among its own layers only
  // (keras/src/models/sequential.py, _is_layer_name_unique loops over self._layers), so
  // TimeDistributed(Dense()) (inner auto-named "dense") followed by Dense(name="dense") is valid.
  // TF.js agrees: tf.sequential builds it (8 + 3 parameters) and round-trips it through toJSON.
  const model = new Sequential([
    new TimeDistributed({ layer: new Dense({ units: 2 }), inputShape: [4, 3] }),
    new Dense({ units: 1, name: "dense" }),
  ]);
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [8, 3]);
});

Deno.test("toTfjs with a seed gives the same initial weights every time", () => {
  const model = new Sequential([
    new LSTM({ units: 3, inputShape: [4, 2] }),
    new Dense({ units: 1 }),
  ]);
  const weights = (seed: number) => {
    const tfModel = toTfjs(model, { seed });
    const values = tfModel.getWeights().map((w) => Array.from(w.dataSync()));
    tfModel.dispose();
    return values;
  };
  assert.deepEqual(weights(7), weights(7));
  assert.notDeepEqual(weights(7), weights(8));
  assert.throws(() => toTfjs(model, { seed: 1.5 }), RangeError);
});
