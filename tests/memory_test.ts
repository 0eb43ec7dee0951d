// trainingMemory() and activationMemory(): the optimizer's state against the `Optimizer params`
// real Keras 3 prints after compiling and building (tests/fixtures/keras3_optimizer_params.json,
// written by tools/keras_oracle/optimizer_params.py), the rest against formulas written here.

import assert from "assert";
import {
  activationMemory,
  Conv2D,
  Dense,
  Flatten,
  fromKerasJson,
  GlobalAveragePooling2D,
  IncompatibleShapeError,
  Input,
  LSTM,
  Model,
  MultiHeadAttention,
  type OptimizerName,
  OPTIMIZERS,
  Sequential,
  sweepImageSize,
  sweepLength,
  trainingMemory,
  UnknownSizeError,
} from "../mod.ts";

interface OptimizerRecord {
  readonly model: string;
  readonly optimizer: OptimizerName;
  readonly optimizer_params: number;
  readonly trainable_params: number;
}

const FIXTURE = new URL("./fixtures/keras3_optimizer_params.json", import.meta.url);
const { models, records } = JSON.parse(await Deno.readTextFile(FIXTURE)) as {
  models: Record<string, object>;
  records: OptimizerRecord[];
};

Deno.test("optimizerParams equals Keras's printed Optimizer params for every optimizer", () => {
  const optimizers = new Set<string>();
  for (const r of records) {
    const model = fromKerasJson(models[r.model]);
    assert.equal(model.trainableParamCount(), r.trainable_params, r.model);
    const memory = trainingMemory(model, { optimizer: r.optimizer, batchSize: 1 });
    assert.equal(memory.optimizerParams, r.optimizer_params, `${r.model} ${r.optimizer}`);
    optimizers.add(r.optimizer);
  }
  assert.deepEqual([...optimizers].sort(), [...OPTIMIZERS].sort());
  assert.ok(records.length >= 4 * OPTIMIZERS.length);
});

function seed000(): Sequential {
  return new Sequential([
    new LSTM({ units: 5, returnSequences: true, inputShape: [400, 13] }),
    new LSTM({ units: 5 }),
    new Dense(650),
  ]);
}

Deno.test("training memory: weights, gradients, optimizer state and activations add up", () => {
  const memory = trainingMemory(seed000(), { optimizer: "adam", batchSize: 32 });
  const params = 380 + 220 + 3900;
  assert.equal(memory.weights, params * 4);
  assert.equal(memory.gradients, params * 4);
  assert.equal(memory.optimizerState, (2 + 2 * params) * 4);
  // Each LSTM keeps h and c at its 400 steps; Dense keeps its 650 outputs.
  assert.equal(memory.activationElements, 2 * 400 * 2 * 5 + 650);
  assert.equal(memory.activations, 32 * (2 * 400 * 2 * 5 + 650) * 4);
  assert.equal(
    memory.total,
    memory.weights + memory.gradients + memory.optimizerState + memory.activations,
  );
});

Deno.test("mixed precision halves the activations, keeps float32 weights and state", () => {
  const f32 = trainingMemory(seed000(), { optimizer: "sgd", batchSize: 8 });
  const f16 = trainingMemory(seed000(), { optimizer: "sgd", batchSize: 8, dtype: "mixed_float16" });
  const bf16 = trainingMemory(seed000(), {
    optimizer: "sgd",
    batchSize: 8,
    dtype: "mixed_bfloat16",
  });
  assert.equal(f16.activations * 2, f32.activations);
  assert.equal(bf16.activations, f16.activations);
  assert.equal(f16.weights, f32.weights);
  assert.equal(f16.optimizerState, 2 * 4);
});

Deno.test("a frozen layer has no gradients and no optimizer state", () => {
  const model = new Sequential([
    new Input({ shape: [13] }),
    new Dense({ units: 5, trainable: false }),
    new Dense(3),
  ]);
  const memory = trainingMemory(model, { optimizer: "adam", batchSize: 1 });
  assert.equal(memory.gradients, 18 * 4);
  assert.equal(memory.optimizerParams, 2 + 2 * 18);
  assert.equal(memory.weights, (70 + 18) * 4);
});

Deno.test("activation memory grows with the length; parameters do not", () => {
  const model = new Sequential([new LSTM({ units: 5, inputShape: [null, 13] })]);
  assert.throws(() => activationMemory(model, { batchSize: 1 }), UnknownSizeError);
  const short = activationMemory(model, { batchSize: 1, inputShape: [10, 13] });
  const long = activationMemory(model, { batchSize: 1, inputShape: [1000, 13] });
  assert.equal(short, 10 * 2 * 5 * 4);
  assert.equal(long, 100 * short);
});

Deno.test("an unknown optimizer or dtype is a TypeError with the nearest name", () => {
  const model = seed000();
  assert.throws(
    () => trainingMemory(model, { optimizer: "Adam_W" as OptimizerName, batchSize: 1 }),
    { name: "TypeError", message: /did you mean "adamw"/ },
  );
  assert.throws(
    () => trainingMemory(model, { optimizer: "adam", batchSize: 1, dtype: "float16" as never }),
    { name: "TypeError", message: /Unknown dtype "float16".*"mixed_float16"/s },
  );
  assert.throws(
    () => trainingMemory(model, { optimizer: "adam", batchSize: 0 }),
    { name: "TypeError", message: /batchSize.*received 0/ },
  );
});

Deno.test("sweepLength: seed 000's parameters flat, MACs and memory linear in the steps", () => {
  const model = new Sequential([
    new LSTM({ units: 5, returnSequences: true, inputShape: [null, 13] }),
    new LSTM({ units: 5 }),
    new Dense(650),
  ]);
  const lengths = [1, 10, 400, 10_000];
  const points = sweepLength(model, lengths, { batchSize: 32 });
  for (const [i, t] of lengths.entries()) {
    assert.equal(points[i].params, 4500);
    // 4 × 5 × (13 + 5) and 4 × 5 × (5 + 5) per step, 5 × 650 once.
    assert.equal(points[i].macs, t * 360 + t * 200 + 3250);
    assert.equal(points[i].activationElements, 2 * t * 2 * 5 + 650);
    assert.equal(points[i].activationBytes, 32 * (2 * t * 2 * 5 + 650) * 4);
  }
});

Deno.test("sweepLength: self-attention's scores grow with the square of the length", () => {
  const x = new Input({ shape: [null, 16] });
  const model = new Model({
    inputs: x,
    outputs: new MultiHeadAttention({ numHeads: 2, keyDim: 4 }).apply([x, x]),
  });
  const [short, long] = sweepLength(model, [10, 100]);
  // Projections: 4 × L × 16 × 8; scores and weighted sum: 2 × L² × 8.
  assert.equal(short.macs, 4 * 10 * 16 * 8 + 2 * 100 * 8);
  assert.equal(long.macs, 4 * 100 * 16 * 8 + 2 * 10_000 * 8);
  assert.equal(short.params, long.params);
});

Deno.test("sweepImageSize: a model whose weights depend on the size refuses it", () => {
  const model = new Sequential([
    new Conv2D({ filters: 4, kernelSize: 3, inputShape: [8, 8, 3] }),
    new Flatten(),
    new Dense(2),
  ]);
  assert.throws(() => sweepImageSize(model, [16]), IncompatibleShapeError);
  const open = new Sequential([
    new Conv2D({ filters: 4, kernelSize: 3, inputShape: [null, null, 3] }),
    new GlobalAveragePooling2D(),
    new Dense(2),
  ]);
  const [a, b] = sweepImageSize(open, [10, 18]);
  assert.equal(a.macs, 8 * 8 * 4 * 27 + 4 * 2);
  assert.equal(b.macs, 16 * 16 * 4 * 27 + 4 * 2);
});
