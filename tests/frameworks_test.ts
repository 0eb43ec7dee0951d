// PyTorch's conventions beside Keras's. Expected PyTorch shapes and counts are written out here
// from the "Variables" section of torch.nn.LSTM / GRU / RNN's documentation: weight_ih_l[k]
// (G·h, input_size) for k = 0 and (G·h, directions·h) after, weight_hh_l[k] (G·h, h), bias_ih
// and bias_hh (G·h), weight_hr_l[k] (proj_size, h) with projections, where proj_size also
// replaces h in weight_hh and in the next layer's input; G = 4 for LSTM, 3 for GRU, 1 for RNN.

import assert from "assert";
import fc from "fast-check";
import {
  BatchNormalization,
  Bidirectional,
  compareFrameworks,
  compareModelFrameworks,
  Concatenate,
  Conv1D,
  Conv2D,
  Conv3D,
  defineKind,
  Dense,
  Dropout,
  Embedding,
  GRU,
  Input,
  InputLayer,
  JUPYTER_DISPLAY,
  type Layer,
  type LayerArgs,
  type LayerKind,
  LayerNormalization,
  LSTM,
  Model,
  pytorchParamCount,
  pytorchRecurrentWeights,
  RepeatVector,
  Sequential,
  ShapeKeeping,
  SimpleRNN,
  type SymbolicTensor,
  TimeDistributed,
} from "../mod.ts";
import { replaySeed } from "./_support.ts";

const SEED = replaySeed("frameworks_test");

Deno.test("torch.nn.LSTM(13, 5) registers four tensors, two of them biases", () => {
  assert.deepEqual(
    pytorchRecurrentWeights({ kind: "LSTM", inputSize: 13, hiddenSize: 5 }).map((w) => [
      w.name,
      w.shape,
      w.size,
    ]),
    [
      ["weight_ih_l0", [20, 13], 260],
      ["weight_hh_l0", [20, 5], 100],
      ["bias_ih_l0", [20], 20],
      ["bias_hh_l0", [20], 20],
    ],
  );
  assert.equal(
    pytorchParamCount({ kind: "LSTM", inputSize: 13, hiddenSize: 5 }),
    4 * (13 * 5 + 25 + 10),
  );
});

Deno.test("stacked and bidirectional modules name their layers and reverse copies", () => {
  const weights = pytorchRecurrentWeights({
    kind: "GRU",
    inputSize: 10,
    hiddenSize: 20,
    numLayers: 2,
    bidirectional: true,
  });
  assert.deepEqual(weights.map((w) => w.name), [
    "weight_ih_l0",
    "weight_hh_l0",
    "bias_ih_l0",
    "bias_hh_l0",
    "weight_ih_l0_reverse",
    "weight_hh_l0_reverse",
    "bias_ih_l0_reverse",
    "bias_hh_l0_reverse",
    "weight_ih_l1",
    "weight_hh_l1",
    "bias_ih_l1",
    "bias_hh_l1",
    "weight_ih_l1_reverse",
    "weight_hh_l1_reverse",
    "bias_ih_l1_reverse",
    "bias_hh_l1_reverse",
  ]);
  // The second layer reads both directions of the first: 2 × 20 features.
  assert.deepEqual(weights.find((w) => w.name === "weight_ih_l1")?.shape, [60, 40]);
});

Deno.test("proj_size shrinks weight_hh and the next layer's input and adds weight_hr", () => {
  const weights = pytorchRecurrentWeights({
    kind: "LSTM",
    inputSize: 10,
    hiddenSize: 20,
    numLayers: 2,
    projSize: 5,
  });
  const shapes = Object.fromEntries(weights.map((w) => [w.name, w.shape]));
  assert.deepEqual(shapes["weight_ih_l0"], [80, 10]);
  assert.deepEqual(shapes["weight_hh_l0"], [80, 5]);
  assert.deepEqual(shapes["weight_hr_l0"], [5, 20]);
  assert.deepEqual(shapes["weight_ih_l1"], [80, 5]);
  assert.equal(
    pytorchParamCount({ kind: "LSTM", inputSize: 10, hiddenSize: 20, numLayers: 2, projSize: 5 }),
    (80 * 10 + 80 * 5 + 160 + 5 * 20) + (80 * 5 + 80 * 5 + 160 + 5 * 20),
  );
});

Deno.test("PyTorch's own checks on proj_size and sizes are kept", () => {
  assert.throws(
    () => pytorchParamCount({ kind: "GRU", inputSize: 3, hiddenSize: 4, projSize: 2 }),
    /proj_size is only supported for LSTM/,
  );
  assert.throws(
    () => pytorchParamCount({ kind: "LSTM", inputSize: 3, hiddenSize: 4, projSize: 4 }),
    /proj_size has to be smaller than hidden_size/,
  );
  assert.throws(() => pytorchParamCount({ kind: "RNN", inputSize: 0, hiddenSize: 4 }), RangeError);
  assert.throws(
    () => pytorchParamCount({ kind: "Elman", inputSize: 3, hiddenSize: 4 } as never),
    TypeError,
  );
});

Deno.test("PyTorch counts agree with G × (n·h + h² + 2h) per layer and direction", () => {
  fc.assert(
    fc.property(
      fc.constantFrom("LSTM", "GRU", "RNN" as const),
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 1, max: 50 }),
      fc.integer({ min: 1, max: 3 }),
      fc.boolean(),
      fc.boolean(),
      (kind, n, h, layers, bidirectional, bias) => {
        const g = { LSTM: 4, GRU: 3, RNN: 1 }[kind];
        const d = bidirectional ? 2 : 1;
        const b = bias ? 2 : 0;
        let expected = d * g * (n * h + h * h + b * h);
        for (let k = 1; k < layers; k++) expected += d * g * (d * h * h + h * h + b * h);
        assert.equal(
          pytorchParamCount({
            kind,
            inputSize: n,
            hiddenSize: h,
            numLayers: layers,
            bidirectional,
            bias,
          }),
          expected,
        );
      },
    ),
    { seed: SEED, numRuns: 200 },
  );
});

Deno.test("an LSTM has 4m more parameters in PyTorch, from the second bias", () => {
  const c = compareFrameworks(new LSTM({ units: 5, inputShape: [400, 13] }));
  assert.equal(c.keras.paramCount, 4 * (13 * 5 + 5 * 5 + 5));
  assert.equal(c.pytorch?.paramCount, 4 * (13 * 5 + 5 * 5 + 2 * 5));
  assert.equal(c.difference, 4 * 5);
  assert.equal(c.pytorch?.module, "torch.nn.LSTM(13, 5)");
  assert.match(c.why.join(" "), /bias_ih and bias_hh/);
  const text = String(c);
  assert.match(text, /kernel \(13, 20\) = 260\s+weight_ih_l0 \(20, 13\) = 260/);
});

Deno.test("Keras's GRU with resetAfter matches PyTorch; without it, 3m fewer", () => {
  const after = compareFrameworks(new GRU({ units: 5, inputShape: [400, 13] }));
  assert.equal(after.difference, 0);
  assert.match(after.why.join(" "), /resetAfter/);
  const before = compareFrameworks(new GRU({ units: 5, resetAfter: false, inputShape: [400, 13] }));
  assert.equal(before.difference, 3 * 5);
});

Deno.test("SimpleRNN, Bidirectional and bias-free layers compare as the formulas say", () => {
  assert.equal(compareFrameworks(new SimpleRNN({ units: 7, inputShape: [4, 3] })).difference, 7);
  const bi = compareFrameworks(
    new Bidirectional({ layer: new LSTM({ units: 5 }), inputShape: [4, 13] }),
  );
  assert.equal(bi.pytorch?.module, "torch.nn.LSTM(13, 5, bidirectional=True)");
  assert.equal(bi.difference, 2 * 4 * 5);
  const noBias = compareFrameworks(new LSTM({ units: 5, useBias: false, inputShape: [4, 13] }));
  assert.equal(noBias.difference, 0);
  assert.equal(noBias.pytorch?.module, "torch.nn.LSTM(13, 5, bias=False)");
});

Deno.test("feed-forward layers count the same, stored transposed or reordered", () => {
  const dense = compareFrameworks(new Dense({ units: 5, inputShape: [13] }));
  assert.equal(dense.difference, 0);
  assert.deepEqual(dense.pytorch?.weights.map((w) => w.shape), [[5, 13], [5]]);
  const td = compareFrameworks(
    new TimeDistributed({ layer: new Dense({ units: 650 }), inputShape: [400, 5] }),
  );
  assert.equal(td.pytorch?.module, "torch.nn.Linear(5, 650)");
  assert.equal(td.difference, 0);
  const conv = compareFrameworks(
    new Conv2D({ filters: 32, kernelSize: 3, inputShape: [28, 28, 1] }),
  );
  assert.deepEqual(conv.pytorch?.weights[0].shape, [32, 1, 3, 3]);
  assert.equal(conv.difference, 0);
  assert.equal(compareFrameworks(new Embedding({ inputDim: 100, outputDim: 8 })).difference, 0);
  assert.equal(compareFrameworks(new LayerNormalization({ inputShape: [64] })).difference, 0);
  assert.equal(
    compareFrameworks(new Dropout({ rate: 0.5, inputShape: [4] })).pytorch?.paramCount,
    0,
  );
});

Deno.test("BatchNormalization's moving statistics are buffers in PyTorch, not parameters", () => {
  const c = compareFrameworks(new BatchNormalization({ inputShape: [64] }));
  assert.equal(c.keras.paramCount, 4 * 64);
  assert.equal(c.pytorch?.paramCount, 2 * 64);
  assert.deepEqual(c.pytorch?.buffers.map((b) => b.name), [
    "running_mean",
    "running_var",
    "num_batches_tracked",
  ]);
  assert.equal(c.difference, -2 * 64);
  assert.match(c.why.join(" "), /buffers/);
});

// The PyTorch modules below were built in torch 2.13.0 (CPU); their parameters and buffers,
// `[(k, tuple(v.shape)) for k, v in m.named_parameters()]` and `named_buffers()`, are the ones
// written here, and `sum(p.numel() for p in m.parameters())` the counts.

Deno.test("LayerNormalization without its offset is torch.nn.LayerNorm(64, bias=False)", () => {
  // torch.nn.LayerNorm(64, bias=False): weight (64,), 64 parameters; LayerNorm(64) has 128.
  const c = compareFrameworks(new LayerNormalization({ center: false, inputShape: [64] }));
  assert.equal(c.pytorch?.module, "torch.nn.LayerNorm(64, bias=False)");
  assert.deepEqual(c.pytorch?.weights.map((w) => [w.name, w.shape]), [["weight", [64]]]);
  assert.equal(c.pytorch?.paramCount, 64);
  assert.equal(c.keras.paramCount, 64);
  assert.equal(c.difference, 0);
});

Deno.test("LayerNormalization with an offset and no scale matches no PyTorch LayerNorm", () => {
  // torch's elementwise_affine=False drops weight and bias (0 parameters), bias=False keeps the
  // weight: no LayerNorm keeps the bias alone.
  const c = compareFrameworks(new LayerNormalization({ scale: false, inputShape: [64] }));
  assert.equal(c.pytorch, undefined);
  assert.equal(c.keras.paramCount, 64);
  assert.match(c.why.join(" "), /No PyTorch LayerNorm matches/);
  assert.match(c.why.join(" "), /elementwise_affine=False drops both/);
  assert.doesNotMatch(String(c), /PyTorch: torch\.nn\.LayerNorm/);
});

Deno.test("LayerNormalization over two axes is torch.nn.LayerNorm((8, 64))", () => {
  // torch.nn.LayerNorm((8, 64)): weight (8, 64) and bias (8, 64), 1024 parameters.
  const c = compareFrameworks(new LayerNormalization({ axis: [1, 2], inputShape: [8, 64] }));
  assert.equal(c.pytorch?.module, "torch.nn.LayerNorm((8, 64))");
  assert.deepEqual(c.pytorch?.weights.map((w) => [w.name, w.shape]), [
    ["weight", [8, 64]],
    ["bias", [8, 64]],
  ]);
  assert.equal(c.pytorch?.paramCount, 1024);
  assert.equal(c.difference, 0);
  // Without scale and offset: LayerNorm(64, elementwise_affine=False), 0 parameters.
  const plain = compareFrameworks(
    new LayerNormalization({ scale: false, center: false, inputShape: [64] }),
  );
  assert.equal(plain.pytorch?.module, "torch.nn.LayerNorm(64, elementwise_affine=False)");
  assert.equal(plain.pytorch?.paramCount, 0);
});

Deno.test("LayerNormalization over an axis that is not last has no PyTorch LayerNorm", () => {
  // torch.nn.LayerNorm normalizes over the trailing dimensions only.
  const c = compareFrameworks(new LayerNormalization({ axis: 1, inputShape: [8, 64] }));
  assert.equal(c.pytorch, undefined);
  assert.match(c.why.join(" "), /normalizes over the last dimensions/);
});

Deno.test("BatchNormalization's PyTorch module follows its rank, axis and offset", () => {
  // torch.nn.BatchNorm1d(64, bias=False): weight (64,), 64 parameters; BatchNorm2d(3): 6.
  const noOffset = compareFrameworks(new BatchNormalization({ center: false, inputShape: [64] }));
  assert.equal(noOffset.pytorch?.module, "torch.nn.BatchNorm1d(64, bias=False)");
  assert.equal(noOffset.pytorch?.paramCount, 64);
  const channelsFirst = compareFrameworks(
    new BatchNormalization({ axis: 1, inputShape: [3, 8, 8] }),
  );
  assert.equal(channelsFirst.pytorch?.module, "torch.nn.BatchNorm2d(3)");
  assert.equal(channelsFirst.pytorch?.paramCount, 6);
  const noScale = compareFrameworks(new BatchNormalization({ scale: false, inputShape: [64] }));
  assert.equal(noScale.pytorch, undefined);
  assert.match(noScale.why.join(" "), /No PyTorch BatchNorm1d matches/);
});

Deno.test("grouped and 3D convolutions name the PyTorch module with the same count", () => {
  // torch.nn.Conv1d(4, 8, 3, groups=2): weight (8, 2, 3) and bias (8,), 56 parameters;
  // torch.nn.Conv3d(2, 8, (3, 3, 3)): weight (8, 2, 3, 3, 3) and bias (8,), 440.
  const grouped = compareFrameworks(
    new Conv1D({ filters: 8, kernelSize: 3, groups: 2, inputShape: [10, 4] }),
  );
  assert.equal(grouped.pytorch?.module, "torch.nn.Conv1d(4, 8, 3, groups=2)");
  assert.deepEqual(grouped.pytorch?.weights[0].shape, [8, 2, 3]);
  assert.equal(grouped.pytorch?.paramCount, 56);
  const conv3d = compareFrameworks(
    new Conv3D({ filters: 8, kernelSize: 3, inputShape: [10, 10, 10, 2] }),
  );
  assert.equal(conv3d.pytorch?.module, "torch.nn.Conv3d(2, 8, (3, 3, 3))");
  assert.equal(conv3d.pytorch?.paramCount, 440);
  assert.equal(conv3d.difference, 0);
});

Deno.test("a layer that no PyTorch module corresponds to says so, and why", () => {
  const repeat = compareFrameworks(new RepeatVector({ n: 3, inputShape: [5] }));
  assert.equal(repeat.pytorch, undefined);
  assert.match(String(repeat), /PyTorch has no module that repeats a vector/);
  const input = compareFrameworks(new InputLayer({ inputShape: [4] }));
  assert.equal(input.pytorch, undefined);
  assert.match(String(input), /PyTorch has no input layer/);
});

// A kind that declares no PyTorch counterpart, as a newly added kind might.
const MYSTERY: LayerKind = defineKind({
  className: "Mystery",
  family: "core",
  summary: "A kind without a PyTorch declaration.",
  options: {},
  create: () => new Mystery(),
});

class Mystery extends ShapeKeeping {
  constructor(args: LayerArgs = {}) {
    super(args, MYSTERY);
  }
}

Deno.test("a kind without a PyTorch declaration is not supported, and the comparison says so", () => {
  const c = compareFrameworks(new Mystery({ inputShape: [5] }));
  assert.equal(c.pytorch, undefined);
  assert.match(String(c), /The PyTorch comparison is not supported for Mystery/);
  const wrapped = compareFrameworks(
    new TimeDistributed({ layer: new Mystery(), inputShape: [3, 5] }),
  );
  assert.equal(wrapped.pytorch, undefined);
  assert.match(String(wrapped), /not supported for Mystery, which this TimeDistributed wraps/);
});

Deno.test("a comparison displays as escaped HTML in Jupyter", () => {
  const c = compareFrameworks(new LSTM({ units: 2, inputShape: [3, 4], name: "<x>" }));
  const bundle = c[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"], String(c));
  assert.ok(bundle["text/html"].includes("&lt;x&gt;"));
  assert.ok(!bundle["text/html"].includes("<x>"));
});

// ---------------------------------------------------------------------------------------------
// A model's identical recurrent layers as one stacked torch module. The torch counts were built
// in torch 2.13.0 (CPU): sum(p.numel() for p in m.parameters()) of torch.nn.LSTM(13, 64,
// num_layers=3) is 86,784, of torch.nn.GRU(8, 16, num_layers=2, bidirectional=True,
// dropout=0.2) 7,296, of torch.nn.LSTM(16, 8, num_layers=3, bidirectional=True) 4,992; the
// formulas beside them are the documentation's shapes summed.

Deno.test("three LSTM(64, returnSequences) layers are one torch.nn.LSTM(13, 64, num_layers=3)", () => {
  const model = new Sequential([
    new Input({ shape: [20, 13] }),
    new LSTM(64, { returnSequences: true }),
    new LSTM(64, { returnSequences: true }),
    new LSTM(64),
    new Dense(3),
  ]);
  const c = compareModelFrameworks(model);
  assert.equal(c.parts.length, 2);
  const [stack, dense] = c.parts;
  assert.deepEqual(stack.layers.map((l) => l.name), ["lstm", "lstm_1", "lstm_2"]);
  assert.equal(stack.comparison.pytorch?.module, "torch.nn.LSTM(13, 64, num_layers=3)");
  // Layer 0 reads 13 features, layers 1 and 2 read 64; two biases per layer.
  const torch = 4 * (64 * 13 + 64 * 64 + 2 * 64) + 2 * 4 * (64 * 64 + 64 * 64 + 2 * 64);
  assert.equal(torch, 86_784);
  assert.equal(stack.comparison.pytorch?.paramCount, torch);
  assert.equal(stack.comparison.keras.paramCount, torch - 3 * 4 * 64);
  assert.deepEqual(
    stack.comparison.pytorch?.weights.slice(0, 6).map((w) => [w.name, w.shape]),
    [
      ["weight_ih_l0", [256, 13]],
      ["weight_hh_l0", [256, 64]],
      ["bias_ih_l0", [256]],
      ["bias_hh_l0", [256]],
      ["weight_ih_l1", [256, 64]],
      ["weight_hh_l1", [256, 64]],
    ],
  );
  const why = stack.comparison.why.join(" ");
  assert.match(why, /num_layers = 3/);
  assert.match(why, /3 layers × 4 × 64 = 768 more/);
  assert.match(why, /h_n\[-1\]/);
  assert.equal(dense.comparison.pytorch?.module, "torch.nn.Linear(64, 3)");
  assert.equal(c.kerasParamCount, model.paramCount());
  assert.equal(c.pytorchParamCount, torch + 64 * 3 + 3);
  assert.equal(c.difference, 768);
  assert.match(
    String(c),
    /sequential: Keras 86,211 parameters, PyTorch: 86,979 parameters \(768 more\)/,
  );
});

Deno.test("two Bidirectional GRUs with Dropout(0.2) between are torch.nn.GRU(…, bidirectional=True, dropout=0.2)", () => {
  const model = new Sequential([
    new Input({ shape: [30, 8] }),
    new Bidirectional(new GRU(16, { returnSequences: true })),
    new Dropout(0.2),
    new Bidirectional(new GRU(16)),
  ]);
  const c = compareModelFrameworks(model);
  assert.equal(c.parts.length, 1);
  assert.equal(c.parts[0].layers.length, 3);
  assert.equal(
    c.parts[0].comparison.pytorch?.module,
    "torch.nn.GRU(8, 16, num_layers=2, bidirectional=True, dropout=0.2)",
  );
  // Per direction: 3·16 rows; layer 1 reads both directions of layer 0, 2 × 16.
  const torch = 2 * 3 * 16 * (8 + 16 + 2) + 2 * 3 * 16 * (32 + 16 + 2);
  assert.equal(torch, 7296);
  assert.equal(c.pytorchParamCount, torch);
  // Keras's GRU with resetAfter keeps torch's second bias: the same count.
  assert.equal(c.kerasParamCount, torch);
  const why = c.parts[0].comparison.why.join(" ");
  assert.match(why, /so does Keras's GRU with resetAfter/);
  assert.match(why, /Dropout\(0\.2\) between the layers is torch's dropout=0\.2/);
  assert.match(why, /both directions concatenated, 2 × 16/);
});

Deno.test("three Bidirectional LSTMs stack; a GRU without resetAfter keeps one bias fewer per gate", () => {
  const model = new Sequential([
    new Input({ shape: [11, 16] }),
    new Bidirectional(new LSTM(8, { returnSequences: true })),
    new Bidirectional(new LSTM(8, { returnSequences: true })),
    new Bidirectional(new LSTM(8, { returnSequences: true })),
  ]);
  const c = compareModelFrameworks(model);
  assert.equal(
    c.parts[0].comparison.pytorch?.module,
    "torch.nn.LSTM(16, 8, num_layers=3, bidirectional=True)",
  );
  assert.equal(c.pytorchParamCount, 2 * 32 * (16 + 8 + 2) + 2 * 2 * 32 * (16 + 8 + 2));
  assert.equal(c.pytorchParamCount, 4992);
  assert.equal(c.difference, 3 * 2 * 4 * 8);

  const gru = compareModelFrameworks(
    new Sequential([
      new Input({ shape: [9, 5] }),
      new GRU(12, { resetAfter: false, returnSequences: true }),
      new GRU(12, { resetAfter: false }),
    ]),
  );
  assert.equal(gru.parts[0].comparison.pytorch?.module, "torch.nn.GRU(5, 12, num_layers=2)");
  assert.equal(gru.difference, 2 * 3 * 12);
});

Deno.test("recurrent layers that differ are compared one by one, each with its own module", () => {
  const layersOf = (...layers: Layer[]) =>
    compareModelFrameworks(new Sequential([new Input({ shape: [9, 5] }), ...layers])).parts.map(
      (p) => p.comparison.pytorch?.module,
    );
  // Different units.
  assert.deepEqual(layersOf(new LSTM(8, { returnSequences: true }), new LSTM(4)), [
    "torch.nn.LSTM(5, 8)",
    "torch.nn.LSTM(8, 4)",
  ]);
  // Different kinds, different resetAfter, a bias and none.
  assert.deepEqual(layersOf(new LSTM(8, { returnSequences: true }), new GRU(8)), [
    "torch.nn.LSTM(5, 8)",
    "torch.nn.GRU(8, 8)",
  ]);
  assert.equal(
    layersOf(new GRU(8, { returnSequences: true }), new GRU(8, { resetAfter: false })).length,
    2,
  );
  assert.equal(
    layersOf(new LSTM(8, { returnSequences: true }), new LSTM(8, { useBias: false })).length,
    2,
  );
  // A layer that runs backwards, or returns its states, is no layer of torch's module.
  assert.equal(
    layersOf(new LSTM(8, { returnSequences: true, goBackwards: true }), new LSTM(8)).length,
    2,
  );
  // Dropout of different rates between the layers: torch has one dropout=.
  assert.deepEqual(
    layersOf(
      new LSTM(8, { returnSequences: true }),
      new Dropout(0.1),
      new LSTM(8, { returnSequences: true }),
      new Dropout(0.3),
      new LSTM(8),
    ),
    [
      "torch.nn.LSTM(5, 8, num_layers=2, dropout=0.1)",
      "torch.nn.Dropout(p=0.3)",
      "torch.nn.LSTM(8, 8)",
    ],
  );
  // A Bidirectional that sums its directions feeds h, not torch's concatenated 2h.
  assert.equal(
    layersOf(
      new Bidirectional(new LSTM(8, { returnSequences: true }), { mergeMode: "sum" }),
      new Bidirectional(new LSTM(8)),
    ).length,
    2,
  );
});

Deno.test("a model with a layer torch cannot hold gives no PyTorch total, and says which", () => {
  const c = compareModelFrameworks(
    new Sequential([
      new Input({ shape: [9, 5] }),
      new LSTM(8, { returnSequences: true }),
      new LayerNormalization({ scale: false }),
    ]),
  );
  assert.equal(c.pytorchParamCount, undefined);
  assert.equal(c.difference, 0);
  assert.equal(c.missing.length, 1);
  assert.match(String(c), /PyTorch's total is not known: layer_normalization/);
  const bundle = c[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"], String(c));
  assert.ok(bundle["text/html"].startsWith("<div"));
});

Deno.test("a functional model's chain of recurrent layers stacks; a layer read elsewhere ends it", () => {
  const x = new Input({ shape: [20, 13] });
  const call = (layer: Layer, input: Parameters<Layer["apply"]>[0]) =>
    layer.apply(input) as SymbolicTensor;
  const a = call(new LSTM(8, { returnSequences: true }), x);
  const b = call(new LSTM(8, { returnSequences: true }), a);
  const c = call(new LSTM(8, { returnSequences: true }), b);
  const chain = new Model({ inputs: x, outputs: call(new Dense(2), c) });
  assert.deepEqual(compareModelFrameworks(chain).parts.map((p) => p.comparison.pytorch?.module), [
    "torch.nn.LSTM(13, 8, num_layers=3)",
    "torch.nn.Linear(8, 2)",
  ]);
  // The first layer's output also reaches the concatenation: torch's stack would hide it.
  const skip = new Model({ inputs: x, outputs: call(new Concatenate(), [a, c]) });
  assert.deepEqual(
    compareModelFrameworks(skip).parts.map((p) => p.comparison.pytorch?.module).slice(0, 2),
    ["torch.nn.LSTM(13, 8)", "torch.nn.LSTM(8, 8, num_layers=2)"],
  );
  // The second layer's output is a model output: the stack ends there.
  const two = new Model({ inputs: x, outputs: [b, c] });
  assert.deepEqual(compareModelFrameworks(two).parts.map((p) => p.comparison.pytorch?.module), [
    "torch.nn.LSTM(13, 8, num_layers=2)",
    "torch.nn.LSTM(8, 8)",
  ]);
});
