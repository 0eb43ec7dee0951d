// Each layer family against formulas written here from the layer's definition, independent of
// the weight lists in lib/. The differential tests (tfjs_diff_test.ts) check the same against
// TensorFlow.js.

import assert from "assert";
import {
  Activation,
  AveragePooling2D,
  BatchNormalization,
  Bidirectional,
  Conv1D,
  Conv2D,
  Dense,
  Embedding,
  GlobalAveragePooling1D,
  GRU,
  Input,
  LayerNormalization,
  LSTM,
  MaxPooling2D,
  RepeatVector,
  Sequential,
  SimpleRNN,
  TimeDistributed,
} from "../mod.ts";

Deno.test("Dense applies to the last axis of any rank", () => {
  const dense = new Dense({ units: 7, inputShape: [4, 6, 3] });
  assert.deepEqual(dense.outputShape(), [null, 4, 6, 7]);
  assert.equal(dense.paramCount(), 3 * 7 + 7);
  assert.equal(new Dense({ units: 7, useBias: false, inputShape: [3] }).paramCount(), 21);
});

Deno.test("recurrent layers count g × (n·m + m² + m) with g = 1, 4, 3", () => {
  for (const [n, m] of [[1, 1], [13, 5], [650, 20], [3, 128]]) {
    const shape = [7, n];
    assert.equal(new SimpleRNN({ units: m, inputShape: shape }).paramCount(), n * m + m * m + m);
    assert.equal(new LSTM({ units: m, inputShape: shape }).paramCount(), 4 * (n * m + m * m + m));
    assert.equal(
      new GRU({ units: m, resetAfter: false, inputShape: shape }).paramCount(),
      3 * (n * m + m * m + m),
    );
    assert.equal(
      new GRU({ units: m, inputShape: shape }).paramCount(),
      3 * (n * m + m * m + 2 * m),
    );
    assert.equal(
      new LSTM({ units: m, useBias: false, inputShape: shape }).paramCount(),
      4 * (n * m + m * m),
    );
  }
});

Deno.test("the sequence length never changes a recurrent count", () => {
  const counts = [1, 10, 400, null].map((t) =>
    new LSTM({ units: 5, inputShape: [t, 13] }).paramCount()
  );
  assert.deepEqual(counts, [380, 380, 380, 380]);
});

Deno.test("returnSequences keeps the time axis", () => {
  assert.deepEqual(new GRU({ units: 4, returnSequences: true, inputShape: [9, 2] }).outputShape(), [
    null,
    9,
    4,
  ]);
  assert.deepEqual(new GRU({ units: 4, inputShape: [9, 2] }).outputShape(), [null, 4]);
});

Deno.test("Bidirectional doubles the count and merges as asked", () => {
  const count = 2 * 4 * (13 * 5 + 5 * 5 + 5);
  const merged = (mergeMode: "concat" | "sum" | "mul" | "ave" | null) =>
    new Bidirectional({ layer: new LSTM({ units: 5 }), mergeMode, inputShape: [400, 13] });
  assert.equal(merged("concat").paramCount(), count);
  assert.deepEqual(merged("concat").outputShape(), [null, 10]);
  for (const mode of ["sum", "mul", "ave"] as const) {
    assert.deepEqual(merged(mode).outputShape(), [null, 5]);
  }
  assert.deepEqual(merged(null).outputShape(), [[null, 5], [null, 5]]);
  const names = merged("concat").weights().map((w) => w.name);
  assert.deepEqual(names, [
    "forward_lstm/kernel",
    "forward_lstm/recurrent_kernel",
    "forward_lstm/bias",
    "backward_lstm/kernel",
    "backward_lstm/recurrent_kernel",
    "backward_lstm/bias",
  ]);
});

Deno.test("TimeDistributed counts its inner layer once, whatever the sequence length", () => {
  for (const steps of [1, 5, 400]) {
    const td = new TimeDistributed({ layer: new Dense({ units: 650 }), inputShape: [steps, 5] });
    assert.equal(td.paramCount(), 5 * 650 + 650);
    assert.deepEqual(td.outputShape(), [null, steps, 650]);
  }
  const conv = new TimeDistributed({
    layer: new Conv2D({ filters: 8, kernelSize: 3 }),
    inputShape: [10, 32, 32, 3],
  });
  assert.equal(conv.paramCount(), 3 * 3 * 3 * 8 + 8);
  assert.deepEqual(conv.outputShape(), [null, 10, 30, 30, 8]);
});

Deno.test("convolutions count kernel × channels × filters + filters", () => {
  const conv1 = new Conv1D({ filters: 16, kernelSize: 5, strides: 2, inputShape: [100, 3] });
  assert.equal(conv1.paramCount(), 5 * 3 * 16 + 16);
  assert.deepEqual(conv1.outputShape(), [null, Math.floor((100 - 5) / 2) + 1, 16]);
  const conv2 = new Conv2D({
    filters: 4,
    kernelSize: [3, 5],
    strides: [1, 2],
    padding: "same",
    inputShape: [9, 9, 2],
  });
  assert.equal(conv2.paramCount(), 3 * 5 * 2 * 4 + 4);
  assert.deepEqual(conv2.outputShape(), [null, 9, 5, 4]);
  const dilated = new Conv1D({ filters: 1, kernelSize: 3, dilationRate: 2, inputShape: [10, 1] });
  assert.deepEqual(dilated.outputShape(), [null, 10 - (3 - 1) * 2, 1]);
});

Deno.test("pooling layers have no parameters and shrink the spatial axes", () => {
  const pool = new MaxPooling2D({ poolSize: 2, inputShape: [7, 8, 3] });
  assert.equal(pool.paramCount(), 0);
  assert.deepEqual(pool.outputShape(), [null, 3, 4, 3]);
  const same = new AveragePooling2D({ poolSize: 2, padding: "same", inputShape: [7, 8, 3] });
  assert.deepEqual(same.outputShape(), [null, 4, 4, 3]);
  assert.deepEqual(new GlobalAveragePooling1D({ inputShape: [null, 6] }).outputShape(), [null, 6]);
});

Deno.test("BatchNormalization keeps four vectors, two of them non-trainable", () => {
  const bn = new BatchNormalization({ inputShape: [10, 32] });
  assert.equal(bn.paramCount(), 4 * 32);
  assert.equal(bn.trainableParamCount(), 2 * 32);
  assert.equal(bn.nonTrainableParamCount(), 2 * 32);
  assert.deepEqual(bn.weights().map((w) => [w.name, w.trainable]), [
    ["gamma", true],
    ["beta", true],
    ["moving_mean", false],
    ["moving_variance", false],
  ]);
  assert.equal(new LayerNormalization({ inputShape: [32] }).paramCount(), 2 * 32);
  assert.equal(new BatchNormalization({ scale: false, inputShape: [32] }).paramCount(), 3 * 32);
});

Deno.test("trainable false moves every weight to non-trainable", () => {
  const dense = new Dense({ units: 5, trainable: false, inputShape: [13] });
  assert.equal(dense.trainableParamCount(), 0);
  assert.equal(dense.nonTrainableParamCount(), 13 * 5 + 5);
});

Deno.test("Embedding counts one vector per token and builds from inputLength", () => {
  const embedding = new Embedding({ inputDim: 10_000, outputDim: 64 });
  assert.deepEqual(embedding.outputShape(), [null, null, 64]);
  assert.equal(embedding.paramCount(), 10_000 * 64);
  const model = new Sequential([
    new Embedding({ inputDim: 100, outputDim: 8, inputLength: 20 }),
    new LSTM({ units: 4 }),
  ]);
  assert.equal(model.paramCount(), 100 * 8 + 4 * (8 * 4 + 4 * 4 + 4));
});

Deno.test("RepeatVector and Activation reshape or keep without parameters", () => {
  const model = new Sequential([
    new Input({ shape: [6] }),
    new RepeatVector({ n: 4 }),
    new Activation({ activation: "tanh" }),
  ]);
  assert.deepEqual(model.outputShape(), [null, 4, 6]);
  assert.equal(model.paramCount(), 0);
});

Deno.test("Sequential names layers like Keras, inner layers included", () => {
  const model = new Sequential([
    new Input({ shape: [5, 3] }),
    new LSTM({ units: 4, returnSequences: true }),
    new LSTM({ units: 4, returnSequences: true }),
    new TimeDistributed({ layer: new Dense({ units: 2 }) }),
    new Dense({ units: 1, name: "head" }),
    new Dense({ units: 1 }),
  ]);
  assert.deepEqual(model.layers.map((l) => l.name), [
    "lstm",
    "lstm_1",
    "time_distributed",
    "head",
    "dense_1",
  ]);
});

Deno.test("a large count is exact: LSTM(100,000) on 100,000 features", () => {
  const lstm = new LSTM({ units: 100_000, inputShape: [null, 100_000] });
  assert.equal(lstm.paramCount(), 4 * (1e10 + 1e10 + 1e5));
  assert.equal(lstm.paramCount(), 80_000_400_000);
});

Deno.test("Sequential built with add() matches one built from a list", () => {
  const model = new Sequential();
  model.add(new Input({ shape: [400, 13] }));
  model.add(new LSTM({ units: 5 }));
  model.add(new Dense({ units: 1 }));
  assert.equal(model.paramCount(), 4 * (13 * 5 + 5 * 5 + 5) + 5 + 1);
  assert.deepEqual(model.inputShape(), [null, 400, 13]);
});
