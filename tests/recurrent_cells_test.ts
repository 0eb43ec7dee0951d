// ConvLSTM1D/2D/3D and RNN(cell) with SimpleRNNCell, LSTMCell, GRUCell and StackedRNNCells,
// against real Keras 3.15.1 (KERAS_BACKEND=jax): every expected shape and count was printed by
// Keras, with the snippet beside it; the fixtures and their summaries come from the same Keras.
// TF.js 4.22 builds ConvLSTM2D and RNN with cells, and its counts must agree.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import {
  configOf,
  ConvLSTM1D,
  ConvLSTM2D,
  ConvLSTM3D,
  type Embedding,
  fromKerasJson,
  GRUCell,
  IncompatibleShapeError,
  Input,
  layerFromConfig,
  LSTM,
  LSTMCell,
  RNN,
  Sequential,
  type Shape,
  SimpleRNNCell,
  StackedRNNCells,
} from "../mod.ts";
import { toTfjs } from "../lib/tfjs.ts";
import { tfjsForTests } from "./_support.ts";
import { convLstmCountForms } from "../lib/layers/_conv_counts.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url);
const fixture = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

type Named = { name: string; shape: readonly number[] };
const shapes = (layer: { weights(): readonly Named[] }) =>
  layer.weights().map((w) => [w.name, [...w.shape]]);

// ---------------------------------------------------------------------------------------------
// ConvLSTM

Deno.test("ConvLSTM2D has four gates of convolutions over input and state, as Keras builds it", () => {
  // ConvLSTM2D(8, 3).build((None, 5, 16, 16, 3)): kernel (3, 3, 3, 32), recurrent_kernel
  // (3, 3, 8, 32), bias (32,); count_params() 3200; compute_output_shape (None, 14, 14, 8)
  const layer = new ConvLSTM2D(8, { kernelSize: 3 }).build([null, 5, 16, 16, 3]);
  assert.deepEqual(shapes(layer), [
    ["kernel", [3, 3, 3, 32]],
    ["recurrent_kernel", [3, 3, 8, 32]],
    ["bias", [32]],
  ]);
  assert.equal(layer.paramCount(), 3200);
  assert.deepEqual(layer.outputShape(), [null, 14, 14, 8]);
});

Deno.test("ConvLSTM's padding, strides, dilation, data format and returns shape its output as in Keras", () => {
  const cases: [() => ConvLSTM2D | ConvLSTM1D | ConvLSTM3D, Shape, number, unknown][] = [
    // ConvLSTM2D(8, 3, padding="same", strides=2, return_sequences=True) on (None, 5, 15, 16, 3)
    [
      () =>
        new ConvLSTM2D(8, { kernelSize: 3, padding: "same", strides: 2, returnSequences: true }),
      [null, 5, 15, 16, 3],
      3200,
      [null, 5, 8, 8, 8],
    ],
    // ConvLSTM2D(4, (3, 2), data_format="channels_first", use_bias=False) on (None, 5, 3, 16, 12)
    [
      () => new ConvLSTM2D(4, { kernelSize: [3, 2], dataFormat: "channels_first", useBias: false }),
      [null, 5, 3, 16, 12],
      672,
      [null, 4, 14, 11],
    ],
    // ConvLSTM1D(4, 3, dilation_rate=2) on (None, 7, 20, 2)
    [() => new ConvLSTM1D(4, { kernelSize: 3, dilationRate: 2 }), [null, 7, 20, 2], 304, [
      null,
      16,
      4,
    ]],
    // ConvLSTM3D(2, 2, return_state=True) on (None, 3, 6, 6, 6, 1)
    [
      () => new ConvLSTM3D(2, { kernelSize: 2, returnState: true }),
      [null, 3, 6, 6, 6, 1],
      200,
      [[null, 5, 5, 5, 2], [null, 5, 5, 5, 2], [null, 5, 5, 5, 2]],
    ],
    // ConvLSTM3D(2, 2, return_sequences=True, return_state=True) on (None, None, 6, 6, 6, 1)
    [
      () => new ConvLSTM3D(2, { kernelSize: 2, returnSequences: true, returnState: true }),
      [null, null, 6, 6, 6, 1],
      200,
      [[null, null, 5, 5, 5, 2], [null, 5, 5, 5, 2], [null, 5, 5, 5, 2]],
    ],
  ];
  for (const [make, input, count, output] of cases) {
    const layer = make().build(input);
    assert.equal(layer.paramCount(), count, layer.className);
    assert.deepEqual(layer.outputShape(), output, layer.className);
  }
});

Deno.test("ConvLSTM refuses unknown spatial sizes and windows larger than the input", () => {
  assert.throws(() => new ConvLSTM2D(4, { kernelSize: 3 }).build([null, 5, null, 16, 3]), {
    name: "IncompatibleShapeError",
    message: /ConvLSTM layers only support static input shapes for the spatial dimension/,
  });
  assert.throws(
    () => new ConvLSTM2D(4, { kernelSize: 3 }).build([null, 5, 2, 16, 3]),
    IncompatibleShapeError,
  );
  assert.throws(() => new ConvLSTM2D(4, { kernelSize: 3 }).build([null, 16, 16, 3]), {
    message: /expected ndim=5, found ndim=4/,
  });
  assert.throws(
    () => new ConvLSTM2D(4, { kernelSize: 3, strides: 2, dilationRate: 2 }),
    /strides > 1 cannot be combined with dilationRate > 1/,
  );
  assert.throws(
    () => new ConvLSTM2D(4, { kernelSize: 3, padding: "causal" as never }),
    /Invalid padding for ConvLSTM2D/,
  );
});

Deno.test("ConvLSTM explains its four convolutional gates and why size and length do not enter", () => {
  const e = new ConvLSTM2D(8, { kernelSize: 3, inputShape: [5, 16, 16, 3] }).explain();
  assert.equal(e.symbolic, "k1 × k2 × c × 4 × f + k1 × k2 × f × 4 × f + 4f");
  assert.equal(e.numeric, "3 × 3 × 3 × 4 × 8 + 3 × 3 × 8 × 4 × 8 + 4 × 8 = 3200");
  assert.match(e.why.join(" "), /never on the image size or the sequence length/);
});

// ---------------------------------------------------------------------------------------------
// RNN and cells

Deno.test("RNN(cell) has the matching recurrent layer's weights", () => {
  // RNN(LSTMCell(5)) on (None, 400, 13): 380; RNN(GRUCell(5), return_sequences=True): 300,
  // bias (2, 15); RNN(GRUCell(5, reset_after=False)): 285; RNN(SimpleRNNCell(10,
  // use_bias=False)) on (None, 13, 5): 150.
  const lstm = new RNN(new LSTMCell(5)).build([null, 400, 13]);
  assert.deepEqual(shapes(lstm), [["kernel", [13, 20]], ["recurrent_kernel", [5, 20]], ["bias", [
    20,
  ]]]);
  assert.equal(lstm.paramCount(), new LSTM(5).build([null, 400, 13]).paramCount());
  assert.deepEqual(lstm.outputShape(), [null, 5]);
  const gru = new RNN(new GRUCell(5), { returnSequences: true }).build([null, 400, 13]);
  assert.equal(gru.paramCount(), 300);
  assert.deepEqual(gru.weights()[2].shape, [2, 15]);
  assert.deepEqual(gru.outputShape(), [null, 400, 5]);
  assert.equal(
    new RNN(new GRUCell(5, { resetAfter: false })).build([null, 400, 13]).paramCount(),
    285,
  );
  assert.equal(
    new RNN(new SimpleRNNCell(10, { useBias: false })).build([null, 13, 5]).paramCount(),
    150,
  );
});

Deno.test("a list of cells is a stack: each cell takes the previous cell's output", () => {
  // RNN([LSTMCell(5), LSTMCell(3)], return_sequences=True) on (None, 400, 13): 488, the second
  // cell's kernel (5, 12); output (None, 400, 3)
  const rnn = new RNN([new LSTMCell(5), new LSTMCell(3)], { returnSequences: true });
  rnn.build([null, 400, 13]);
  assert.deepEqual(shapes(rnn), [
    ["lstm_cell/kernel", [13, 20]],
    ["lstm_cell/recurrent_kernel", [5, 20]],
    ["lstm_cell/bias", [20]],
    ["lstm_cell_1/kernel", [5, 12]],
    ["lstm_cell_1/recurrent_kernel", [3, 12]],
    ["lstm_cell_1/bias", [12]],
  ]);
  assert.equal(rnn.paramCount(), 488);
  assert.deepEqual(rnn.outputShape(), [null, 400, 3]);
  assert.ok(rnn.cell instanceof StackedRNNCells);
  // RNN(StackedRNNCells([SimpleRNNCell(4), SimpleRNNCell(4)])) on (None, 9, 3): 68
  const stacked = new RNN(new StackedRNNCells([new SimpleRNNCell(4), new SimpleRNNCell(4)]));
  assert.equal(stacked.build([null, 9, 3]).paramCount(), 68);
});

Deno.test("RNN with returnState outputs every state of every cell, flattened", () => {
  // RNN(LSTMCell(5), return_state=True): [(None, 5), (None, 5), (None, 5)]
  const lstm = new RNN(new LSTMCell(5), { returnState: true }).build([null, 400, 13]);
  assert.deepEqual(lstm.outputShape(), [[null, 5], [null, 5], [null, 5]]);
  // RNN([LSTMCell(5), GRUCell(3), SimpleRNNCell(2)], return_state=True): 482, and Keras's
  // compute_output_shape [(None, 2), [(None, 5), (None, 5)], (None, 3), (None, 2)], the
  // LSTM cell's two states nested; the tensors it returns are these five, flattened.
  const three = new RNN([new LSTMCell(5), new GRUCell(3), new SimpleRNNCell(2)], {
    returnState: true,
  }).build([null, 400, 13]);
  assert.equal(three.paramCount(), 482);
  assert.deepEqual(three.outputShape(), [[null, 2], [null, 5], [null, 5], [null, 3], [null, 2]]);
});

Deno.test("RNN refuses what is not a cell, and a stack that lists one cell twice", () => {
  assert.throws(() => new RNN(new LSTM(5) as never), {
    name: "TypeError",
    message: /Invalid cell for RNN: expected a cell such as new LSTMCell\(5\), or a list of cells/,
  });
  const cell = new LSTMCell(4);
  assert.throws(() => new RNN([cell, cell]), /the same cell object is listed twice/);
  assert.throws(() => new RNN(new LSTMCell(5)).build([null, 13]), /expected ndim=3, found ndim=2/);
});

Deno.test("a stack of cells explains each cell, the next one's input being the previous one's units", () => {
  const e = new RNN([new LSTMCell(5), new LSTMCell(3)], { inputShape: [400, 13] }).explain();
  assert.equal(e.paramCount, 488);
  assert.equal(e.symbolic, "n × 4 × m1 + m1 × 4 × m1 + 4m1 + m1 × 4 × m2 + m2 × 4 × m2 + 4m2");
  assert.deepEqual(e.variables.map((v) => [v.symbol, v.value]), [["n", 13], ["m1", 5], ["m2", 3]]);
  assert.match(e.why.join(" "), /lstm_cell \(LSTMCell, 380\), then lstm_cell_1 \(LSTMCell, 108\)/);
  const single = new RNN(new LSTMCell(5), { inputShape: [400, 13] }).explain();
  assert.equal(single.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
  assert.equal(single.gates.length, 4);
});

Deno.test("a cell alone holds the weights of one step", () => {
  // LSTMCell(5).build((None, 13)): kernel (13, 20), recurrent_kernel (5, 20), bias (20,)
  const cell = new LSTMCell(5).build([null, 13]);
  assert.equal(cell.paramCount(), 380);
  assert.deepEqual(cell.stateSizes, [5, 5]);
  assert.deepEqual(cell.outputShape(), [null, 5]);
});

Deno.test("RNN and its cells go through the one config format and back", () => {
  const rnn = new RNN([new LSTMCell(5), new GRUCell(3, { resetAfter: false })], {
    returnSequences: true,
  });
  const config = configOf(rnn);
  assert.equal(config.className, "RNN");
  const again = layerFromConfig(config).build([null, 400, 13]);
  assert.equal(again.paramCount(), rnn.build([null, 400, 13]).paramCount());
  assert.equal(again.paramCount(), 380 + 3 * (5 * 3 + 3 * 3 + 3));
});

// ---------------------------------------------------------------------------------------------
// Keras JSON

Deno.test("Keras 3's RNN layers with nested cells read from JSON print Keras's own summary", () => {
  const model = fromKerasJson(fixture("keras3_rnn_cells.json"));
  // model.summary(line_length=76) in Keras 3.15.1, the model the fixture was written from.
  assert.equal(
    String(model.summary()),
    `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ rnn (RNN)                       │ (None, 12, 5)          │           380 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ rnn_1 (RNN)                     │ (None, 12, 3)          │           241 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ rnn_2 (RNN)                     │ (None, 2)              │            12 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 633 (2.47 KB)
 Trainable params: 633 (2.47 KB)
 Non-trainable params: 0 (0.00 B)`,
  );
  const stacked = model.layers[1] as RNN;
  assert.deepEqual((stacked.cell as StackedRNNCells).cells.map((c) => [c.className, c.name]), [
    ["LSTMCell", "lstm_cell_1"],
    ["GRUCell", "gru_cell"],
  ]);
});

Deno.test("Keras 3's ConvLSTM1D, 2D and 3D read from JSON print Keras's own summaries", () => {
  const rows = (name: string) =>
    fromKerasJson(fixture(name)).layers.map((l) => [l.name, l.outputShape(), l.paramCount()]);
  // The rows of model.summary() in Keras 3.15.1 for the three fixtures.
  assert.deepEqual(rows("keras3_conv_lstm.json"), [
    ["conv_lstm2d", [null, 5, 8, 8, 4], 1024],
    ["conv_lstm2d_1", [null, 4, 6, 2], 296],
  ]);
  assert.deepEqual(rows("keras3_conv_lstm1d.json"), [
    ["conv_lstm1d", [null, 5, 18, 4], 304],
    ["conv_lstm1d_1", [null, 17, 3], 168],
  ]);
  assert.deepEqual(rows("keras3_conv_lstm3d.json"), [["conv_lstm3d", [null, 5, 5, 5, 2], 200]]);
  const text = String(fromKerasJson(fixture("keras3_conv_lstm.json")).summary());
  assert.ok(
    text.includes("│ conv_lstm2d (ConvLSTM2D)        │ (None, 5, 8, 8, 4)     │         1,024 │"),
    text,
  );
  assert.match(text, / Total params: 1,320 \(5.16 KB\)/);
});

Deno.test("an RNN whose JSON cell is a bare list of cells is read as a stack, as RNN(list) builds one", () => {
  const cell = (units: number) => ({
    class_name: "LSTMCell",
    config: { name: `c${units}`, units },
  });
  const model = fromKerasJson(sequentialJson([{
    class_name: "RNN",
    config: { name: "rnn", batch_input_shape: [null, 400, 13], cell: [cell(5), cell(3)] },
  }], { name: "s" }));
  assert.equal(model.paramCount(), 488);
});

Deno.test("Embedding's mask_zero and Keras 2's input_length are read from JSON", () => {
  const model = fromKerasJson(sequentialJson([{
    class_name: "Embedding",
    config: { name: "e", input_dim: 1000, output_dim: 64, input_length: 10, mask_zero: true },
  }], { name: "s", kerasVersion: "2.2.4" }));
  const embedding = model.layers[0] as Embedding;
  assert.equal(embedding.inputLength, 10);
  assert.equal(embedding.config.maskZero, true);
  assert.deepEqual(model.outputShape(), [null, 10, 64]);
  assert.equal(model.paramCount(), 64_000);
});

// ---------------------------------------------------------------------------------------------
// TF.js

Deno.test("TF.js builds ConvLSTM2D and RNN with cells with the same counts and shapes", async () => {
  const tf = await tfjsForTests();
  const models = [
    new Sequential([
      new Input({ shape: [5, 16, 16, 3] }),
      new ConvLSTM2D(4, { kernelSize: 3, padding: "same", strides: 2, returnSequences: true }),
      new ConvLSTM2D(2, { kernelSize: [3, 2], dilationRate: 2 }),
    ]),
    new Sequential([
      new Input({ shape: [5, 3, 16, 12] }),
      new ConvLSTM2D(4, { kernelSize: 3, dataFormat: "channels_first" }),
    ]),
    new Sequential([
      new Input({ shape: [12, 13] }),
      new RNN(new LSTMCell(5), { returnSequences: true }),
      new RNN([new LSTMCell(4), new GRUCell(3, { resetAfter: false })], { returnSequences: true }),
      new RNN(new StackedRNNCells([new SimpleRNNCell(4), new SimpleRNNCell(2)])),
    ]),
  ];
  for (const model of models) {
    const tfModel = toTfjs(model, { tf, seed: 1 });
    try {
      assert.equal(tfModel.countParams(), model.paramCount());
      assert.deepEqual(
        tfModel.layers.map((l) => l.outputShape),
        model.layers.map((l) => l.outputShape()),
      );
    } finally {
      tfModel.dispose();
    }
  }
});

Deno.test("TF.js refuses GRUCell with resetAfter and ConvLSTM1D, saying why", () => {
  const gru = new Sequential([new Input({ shape: [12, 13] }), new RNN(new GRUCell(3))]);
  assert.throws(() => toTfjs(gru), /GRUCell "gru_cell" uses resetAfter: true/);
  const conv1d = new Sequential([
    new Input({ shape: [5, 20, 2] }),
    new ConvLSTM1D(4, { kernelSize: 3 }),
  ]);
  assert.throws(() => toTfjs(conv1d), /TensorFlow.js has no ConvLSTM1D layer/);
});

Deno.test("each ConvLSTM Keras 3.15.1 built has its count among the counts its row allows", () => {
  // A count cut short is chosen among the counts a ConvLSTM may have on its row
  // (lib/layers/_conv_counts.ts): the true one must be there. The rows of the three fixtures,
  // as Keras printed them (input, output, count), their models in tests/fixtures/README.md.
  const rows: [number, (number | null)[], (number | null)[], number][] = [
    [2, [null, 5, 16, 16, 3], [null, 5, 8, 8, 4], 1024],
    [2, [null, 5, 8, 8, 4], [null, 4, 6, 2], 296],
    [1, [null, 5, 20, 2], [null, 5, 18, 4], 304],
    [1, [null, 5, 18, 4], [null, 17, 3], 168],
    [3, [null, 3, 6, 6, 6, 1], [null, 5, 5, 5, 2], 200],
  ];
  let listed = 0;
  for (const [rank, input, out, count] of rows) {
    const forms = convLstmCountForms(rank, { input, out });
    assert.ok(forms, JSON.stringify(input));
    const among = forms.some(({ per, plus, n }) =>
      (count - plus) % per === 0 && (n === undefined || n.includes((count - plus) / per))
    );
    assert.ok(among, `${count} on ${JSON.stringify(input)}: ${JSON.stringify(forms)}`);
    if (forms.some((f) => f.n !== undefined)) listed++;
  }
  // "valid" padding lists its windows: (3, 2) dilated by 2, 2 on 20, 2×2×2 on 6×6×6.
  assert.ok(listed >= 3, `${listed}`);
});
