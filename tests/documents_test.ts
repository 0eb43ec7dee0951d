// Every parameter count, output shape and total printed in the seed documents, one test per
// worked example. Each expected row is first checked to be printed in the document itself, so
// the numbers here come from the documents, not from the code under test.

import assert from "assert";
import {
  Dense,
  Dropout,
  Embedding,
  Input,
  type Layer,
  LSTM,
  regularizers,
  Sequential,
  TimeDistributed,
} from "../mod.ts";
import { seed000Dense, seed000Lstm } from "./_models.ts";
import { type SeedId, type SeedRow, seedShows, seedShowsRow } from "./_seeds.ts";

function assertRowsMatchDocument(id: SeedId, model: Sequential, rows: readonly SeedRow[]): void {
  assert.equal(model.layers.length, rows.length, "one layer per printed row");
  rows.forEach((row, i) => {
    assert.ok(seedShowsRow(id, row), `seed ${id} prints ${row.label} ${row.shape} ${row.params}`);
    const layer: Layer = model.layers[i];
    assert.equal(layer.paramCount(), row.params, `${row.label}: parameter count`);
    assert.deepEqual(layer.outputShape(), row.shape, `${row.label}: output shape`);
  });
}

function sum(rows: readonly SeedRow[]): number {
  return rows.reduce((total, row) => total + row.params, 0);
}

Deno.test("seed 000: the LSTM stack on 400×13 has 380, 220, 3900, 53680, 3280", () => {
  const rows: SeedRow[] = [
    { label: "lstm_1 (LSTM)", shape: [null, 400, 5], params: 380 },
    { label: "lstm_2 (LSTM)", shape: [null, 400, 5], params: 220 },
    { label: "time_distributed_1 (TimeDist", shape: [null, 400, 650], params: 3900 },
    { label: "lstm_3 (LSTM)", shape: [null, 400, 20], params: 53680 },
    { label: "lstm_4 (LSTM)", shape: [null, 400, 20], params: 3280 },
  ];
  const model = seed000Lstm();
  assertRowsMatchDocument("000", model, rows);
  assert.equal(model.paramCount(), sum(rows));
  assert.equal(model.paramCount(), 61460);
});

Deno.test("seed 000: the answer's input (None, 400, 13) and its per-layer formulas", () => {
  assert.ok(
    seedShowsRow("000", { label: "input_6 (InputLayer)", shape: [null, 400, 13], params: 0 }),
  );
  // The answer's annotations, evaluated as written in the document.
  const annotations: [string, number, number][] = [
    ["380   = 4*(13*5 + 5*5 + 5)", 380, 4 * (13 * 5 + 5 * 5 + 5)],
    ["220   = 4*(5*5 + 5*5 + 5)", 220, 4 * (5 * 5 + 5 * 5 + 5)],
    ["53680 = 4*(650*20 + 20*20 + 20)", 53680, 4 * (650 * 20 + 20 * 20 + 20)],
    ["3280  = 4*(20*20 + 20*20 + 20)", 3280, 4 * (20 * 20 + 20 * 20 + 20)],
  ];
  for (const [text, printed, value] of annotations) {
    assert.ok(seedShows("000", text), `seed 000 prints ${text}`);
    assert.equal(value, printed);
  }
  const input = new Input({ shape: [400, 13] });
  assert.deepEqual(input.outputShape(), [null, 400, 13]);
  assert.equal(input.paramCount(), 0);
  assert.ok(seedShows("000", "3900  = ?"), "the document leaves the TimeDistributed row open");
});

Deno.test("seed 000: the same stack with Dense layers has 70, 30, 3900, 13020, 420", () => {
  const rows: SeedRow[] = [
    { label: "dense_1 (Dense)", shape: [null, 5], params: 70 },
    { label: "dense_2 (Dense)", shape: [null, 5], params: 30 },
    { label: "dense_3 (Dense)", shape: [null, 650], params: 3900 },
    { label: "dense_4 (Dense)", shape: [null, 20], params: 13020 },
    { label: "dense_5 (Dense)", shape: [null, 20], params: 420 },
  ];
  const model = seed000Dense();
  assertRowsMatchDocument("000", model, rows);
  for (
    const [text, value] of [
      ["70    = 13*5 + 5", 13 * 5 + 5],
      ["30    = 5*5 + 5", 5 * 5 + 5],
      ["3900  = 5*650 + 650", 5 * 650 + 650],
      ["13020 = 650*20 + 20", 650 * 20 + 20],
      ["420   = 20*20 + 20", 20 * 20 + 20],
    ] as const
  ) {
    assert.ok(seedShows("000", text), `seed 000 prints ${text}`);
    assert.equal(value, Number(text.split("=")[0]));
  }
});

Deno.test("seed 001: LSTM(10) on one feature has 480, TimeDistributed(Dense(1)) 11, 491 in all", () => {
  const rows: SeedRow[] = [
    { label: "lstm_4 (LSTM)", shape: [null, null, 10], params: 480 },
    { label: "time_distributed_4 (TimeDist", shape: [null, null, 1], params: 11 },
  ];
  const model = new Sequential([
    new LSTM({ units: 10, returnSequences: true, inputShape: [null, 1] }),
    new TimeDistributed({ layer: new Dense({ units: 1, activation: "linear" }) }),
  ]);
  assertRowsMatchDocument("001", model, rows);
  for (const line of ["Total params: 491", "Trainable params: 491", "Non-trainable params: 0"]) {
    assert.ok(seedShows("001", line), `seed 001 prints ${line}`);
  }
  assert.equal(model.paramCount(), 491);
  assert.equal(model.trainableParamCount(), 491);
  assert.equal(model.nonTrainableParamCount(), 0);
});

Deno.test("seed 001: reading the formula per unit gives 120, per layer 480", () => {
  // params = 4 * ((input_size + 1) * output_size + output_size^2), as the question quotes it.
  const quoted = (inputSize: number, outputSize: number) =>
    4 * ((inputSize + 1) * outputSize + outputSize ** 2);
  assert.ok(seedShows("001", "totaling to 120 parameters"));
  assert.equal(quoted(1, 1) * 10, 120, "the misreading: 12 per unit, times 10 units");
  const lstm = new LSTM({ units: 10, inputShape: [null, 1] });
  assert.equal(lstm.paramCount(), quoted(1, 10), "output_size is the layer's 10 units");
  assert.notEqual(lstm.paramCount(), 120);
});

Deno.test("seed 002: LSTM(64) on 100×6, Dropout, LSTM(64), Dense ×3: 59,910", () => {
  const rows: SeedRow[] = [
    { label: "lstm_1 (LSTM)", shape: [null, 100, 64], params: 18176 },
    { label: "dropout_1 (Dropout)", shape: [null, 100, 64], params: 0 },
    { label: "lstm_2 (LSTM)", shape: [null, 64], params: 33024 },
    { label: "dense_1 (Dense)", shape: [null, 64], params: 4160 },
    { label: "dense_2 (Dense)", shape: [null, 64], params: 4160 },
    { label: "dense_3 (Dense)", shape: [null, 6], params: 390 },
  ];
  const l2 = regularizers.l2(0.0015); // the document's l2(0.0015)
  const model = new Sequential([
    new LSTM({ units: 64, returnSequences: true, recurrentRegularizer: l2, inputShape: [100, 6] }),
    new Dropout({ rate: 0.5 }),
    // The document passes input_shape to the second LSTM too; Keras ignores it there.
    new LSTM({ units: 64, recurrentRegularizer: l2, inputShape: [100, 6] }),
    new Dense({ units: 64, activation: "relu" }),
    new Dense({ units: 64, activation: "relu" }),
    new Dense({ units: 6, activation: "softmax" }),
  ]);
  assertRowsMatchDocument("002", model, rows);
  for (
    const line of ["Total params: 59,910", "Trainable params: 59,910", "Non-trainable params: 0"]
  ) {
    assert.ok(seedShows("002", line), `seed 002 prints ${line}`);
  }
  assert.equal(model.paramCount(), 59910);
  assert.equal(model.trainableParamCount(), 59910);
});

Deno.test("seed 002: (64 + 6) × 64 + 64 = 4544 per block, × 4 = 18176", () => {
  assert.ok(seedShows("002", "= (64+6)*64+64"));
  assert.ok(seedShows("002", "= 4544"));
  assert.ok(seedShows("002", "= 18176"));
  const block = (64 + 6) * 64 + 64;
  assert.equal(block, 4544);
  assert.equal(new LSTM({ units: 64, inputShape: [100, 6] }).paramCount(), 4 * block);
});

Deno.test("seed 003: a text batch 50×10 embedded in 300 dims into LSTM(128)", () => {
  assert.ok(seedShows("003", "batch_size=50"));
  assert.ok(seedShows("003", "max_len=10"));
  // The document's formula: 4 * ((Features + Output_dim) * Output_dim + Output_dim).
  const features = 300, outputDim = 128;
  const expected = 4 * ((features + outputDim) * outputDim + outputDim);
  const model = new Sequential([
    new Embedding({ inputDim: 5000, outputDim: 300, batchInputShape: [50, 10] }),
    new LSTM({ units: 128 }),
  ]);
  assert.deepEqual(model.layers[0].outputShape(), [50, 10, 300]);
  assert.equal(model.layers[1].paramCount(), expected);
  assert.deepEqual(model.layers[1].outputShape(), [50, 128]);
});

Deno.test("seed 003: one-to-one LSTM(5) + Dense(1) has 140 + 6 = 146", () => {
  // The document's printed shapes (None, 1, 5) and (None, 1, 1) are not what Keras gives for an
  // LSTM without return_sequences: its output is (None, 5), and Dense then gives (None, 1).
  const printed: SeedRow[] = [
    { label: "lstm_1 (LSTM)", shape: [null, 1, 5], params: 140 },
    { label: "dense_1 (Dense)", shape: [null, 1, 1], params: 6 },
  ];
  for (const row of printed) assert.ok(seedShowsRow("003", row), `seed 003 prints ${row.label}`);
  const model = new Sequential([
    new LSTM({ units: 5, inputShape: [1, 1] }),
    new Dense({ units: 1 }),
  ]);
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [140, 6]);
  assert.deepEqual(model.layers[0].outputShape(), [null, 5]);
  assert.deepEqual(model.layers[1].outputShape(), [null, 1]);
  assert.ok(seedShows("003", "Total params: 146.0"), "an old Keras printed the total as a float");
  assert.equal(model.paramCount(), 146);
  // The document's hand calculation.
  assert.equal(4 * ((1 + 1) * 5 + 5 ** 2), 140);
  assert.equal(5 * 1 + 1, 6);
});

Deno.test("seed 003: many-to-one LSTM(5) + Dense(5) has 140 + 30 = 170", () => {
  const rows: SeedRow[] = [
    { label: "lstm_1 (LSTM)", shape: [null, 5], params: 140 },
    { label: "dense_1 (Dense)", shape: [null, 5], params: 30 },
  ];
  const model = new Sequential([
    new LSTM({ units: 5, inputShape: [5, 1] }),
    new Dense({ units: 5 }),
  ]);
  assertRowsMatchDocument("003", model, rows);
  assert.ok(seedShows("003", "Total params: 170.0"));
  assert.equal(model.paramCount(), 170);
  assert.equal(5 * 5 + 5, 30);
});

Deno.test("seed 003: many-to-many LSTM(5, returnSequences) + TimeDistributed(Dense(1)) has 146", () => {
  const rows: SeedRow[] = [
    { label: "lstm_1 (LSTM)", shape: [null, 5, 5], params: 140 },
    { label: "time_distributed_1 (TimeDist", shape: [null, 5, 1], params: 6 },
  ];
  const model = new Sequential([
    new LSTM({ units: 5, inputShape: [5, 1], returnSequences: true }),
    new TimeDistributed({ layer: new Dense({ units: 1 }) }),
  ]);
  assertRowsMatchDocument("003", model, rows);
  assert.equal(model.paramCount(), 146);
  assert.equal(model.trainableParamCount(), 146);
  assert.equal(model.nonTrainableParamCount(), 0);
});

Deno.test("seed 004: LSTM(10) on 13 steps of 5 features has 160 + 320 + 160 = 640", () => {
  assert.ok(seedShowsRow("004", { label: "lstm_8 (LSTM)", shape: [null, 10], params: 640 }));
  for (const text of ["15×10+10=160", "2×(15×10+10)=320", "160+320+160 =640"]) {
    assert.ok(seedShows("004", text), `seed 004 prints ${text}`);
  }
  const forget = (10 + 5) * 10 + 10;
  const inputAndCandidate = 2 * ((10 + 5) * 10 + 10);
  const output = (10 + 5) * 10 + 10;
  const model = new Sequential([new LSTM({ units: 10, inputShape: [13, 5] })]);
  assert.equal(model.paramCount(), forget + inputAndCandidate + output);
  assert.equal(model.paramCount(), 640);
  assert.deepEqual(model.outputShape(), [null, 10]);
  // The kernel's columns hold the four gate blocks of 10 units each.
  const kernel = model.layers[0].weights().find((w) => w.name === "kernel");
  assert.deepEqual(kernel?.shape, [5, 40]);
});
