// Tests for the summary renderers. Every expected table below is real Keras (or TF.js) output,
// quoted from where it was printed; the SummaryData objects are written by hand.

import assert from "assert";
import {
  formatKeras3Shape,
  JUPYTER_DISPLAY,
  renderHtml,
  renderKeras2,
  renderKeras3,
  Summary,
  type SummaryData,
  type SummaryRow,
} from "../lib/summary/mod.ts";
import { formatRow } from "../lib/summary/keras2.ts";
import { formatFixed2, readableMemorySize } from "../lib/summary/_format.ts";
import { absolutePositions } from "../lib/summary/_positions.ts";
import { seedShows, seedText } from "./_seeds.ts";

/** Builds summary data from rows, every parameter trainable unless told otherwise. */
function summaryOf(modelName: string, rows: SummaryRow[], nonTrainableParams = 0): SummaryData {
  const totalParams = rows.reduce((sum, row) => sum + row.paramCount, 0);
  return {
    modelName,
    rows,
    totalParams,
    trainableParams: totalParams - nonTrainableParams,
    nonTrainableParams,
  };
}

function row(
  name: string,
  className: string,
  outputShape: SummaryRow["outputShape"],
  paramCount: number,
  formula?: string,
): SummaryRow {
  return formula === undefined
    ? { name, className, outputShape, paramCount }
    : { name, className, outputShape, paramCount, formula };
}

/** The lines of a seed from the first line containing `first` to the line containing `last`. */
function seedBlock(id: "001" | "002", first: string, last: string): string[] {
  const lines = seedText(id).split(/\r?\n/);
  const start = lines.findIndex((l) => l.includes(first));
  const end = lines.findIndex((l, i) => i >= start && l.includes(last));
  assert.ok(start >= 0 && end >= start, `seed ${id} shows ${first} … ${last}`);
  return lines.slice(start, end + 1);
}

// ---------------------------------------------------------------------------------------------
// Keras 2 / tf.keras

const SEED_001 = summaryOf("sequential_4", [
  row("lstm_4", "LSTM", [null, null, 10], 480),
  row("time_distributed_4", "TimeDistributed", [null, null, 1], 11),
]);

Deno.test("renderKeras2() reproduces seed 001's table byte for byte", () => {
  // Seed 001 (Stack Overflow 50947079) was printed by standalone Keras 2.2: no `Model:` line, and
  // the poster stopped copying after "Non-trainable params: 0", before the closing rule.
  const expected = seedBlock("001", "_____", "Non-trainable params: 0");
  const lines = renderKeras2(SEED_001, { showModelName: false }).split("\n");
  assert.deepEqual(lines.slice(0, -1), expected);
  assert.equal(lines.at(-1), "_".repeat(65));
});

Deno.test("renderKeras2() cuts a long name where Keras cuts it", () => {
  const lines = renderKeras2(SEED_001).split("\n");
  assert.equal(lines[0], 'Model: "sequential_4"');
  assert.equal(lines[6], "time_distributed_4 (TimeDist (None, None, 1)           11        ");
});

Deno.test("renderKeras2() reproduces seed 002's 59,910-parameter table, modulo its indentation", () => {
  // The document indents every non-rule line by four spaces (a copying artefact); the rules and
  // the spacing inside lines are Keras's. We compare after removing that indentation.
  const data = summaryOf("sequential", [
    row("lstm_1", "LSTM", [null, 100, 64], 18176),
    row("dropout_1", "Dropout", [null, 100, 64], 0),
    row("lstm_2", "LSTM", [null, 64], 33024),
    row("dense_1", "Dense", [null, 64], 4160),
    row("dense_2", "Dense", [null, 64], 4160),
    row("dense_3", "Dense", [null, 6], 390),
  ]);
  assert.equal(data.totalParams, 59910);
  const expected = seedBlock("002", "Layer (type)", "Non-trainable params: 0")
    .map((l) => l.replace(/^ {4}/, ""));
  const lines = renderKeras2(data, { showModelName: false }).split("\n");
  assert.deepEqual(lines.slice(1, -1), expected);
  assert.ok(lines.includes("Total params: 59,910"));
});

Deno.test("renderKeras2() matches tf.keras 2 output from the keras.io RNN guide", () => {
  // https://github.com/keras-team/keras-io/blob/ad4fc805f5e1a4a4c0bcdd416aa9feac6608fb6c/guides/md/working_with_rnns.md
  const embedding = summaryOf("sequential", [
    row("embedding", "Embedding", [null, null, 64], 64000),
    row("lstm", "LSTM", [null, 128], 98816),
    row("dense", "Dense", [null, 10], 1290),
  ]);
  assert.deepEqual(renderKeras2(embedding).split("\n"), [
    'Model: "sequential"',
    "_________________________________________________________________",
    "Layer (type)                 Output Shape              Param #   ",
    "=================================================================",
    "embedding (Embedding)        (None, None, 64)          64000     ",
    "_________________________________________________________________",
    "lstm (LSTM)                  (None, 128)               98816     ",
    "_________________________________________________________________",
    "dense (Dense)                (None, 10)                1290      ",
    "=================================================================",
    "Total params: 164,106",
    "Trainable params: 164,106",
    "Non-trainable params: 0",
    "_________________________________________________________________",
  ]);
  const bidirectional = summaryOf("sequential_2", [
    row("bidirectional", "Bidirectional", [null, 5, 128], 38400),
    row("bidirectional_1", "Bidirectional", [null, 64], 41216),
    row("dense_3", "Dense", [null, 10], 650),
  ]);
  assert.deepEqual(renderKeras2(bidirectional).split("\n"), [
    'Model: "sequential_2"',
    "_________________________________________________________________",
    "Layer (type)                 Output Shape              Param #   ",
    "=================================================================",
    "bidirectional (Bidirectional (None, 5, 128)            38400     ",
    "_________________________________________________________________",
    "bidirectional_1 (Bidirection (None, 64)                41216     ",
    "_________________________________________________________________",
    "dense_3 (Dense)              (None, 10)                650       ",
    "=================================================================",
    "Total params: 80,266",
    "Trainable params: 80,266",
    "Non-trainable params: 0",
    "_________________________________________________________________",
  ]);
});

Deno.test("renderKeras2() matches tf.keras 2 output from the keras.io MNIST convnet", () => {
  // https://github.com/keras-team/keras-io/blob/38324b71e65c48731fb8ff4342cd8fcaac276953/examples/vision/md/mnist_convnet.md
  const data = summaryOf("sequential", [
    row("conv2d", "Conv2D", [null, 26, 26, 32], 320),
    row("max_pooling2d", "MaxPooling2D", [null, 13, 13, 32], 0),
    row("conv2d_1", "Conv2D", [null, 11, 11, 64], 18496),
    row("max_pooling2d_1", "MaxPooling2D", [null, 5, 5, 64], 0),
    row("flatten", "Flatten", [null, 1600], 0),
    row("dropout", "Dropout", [null, 1600], 0),
    row("dense", "Dense", [null, 10], 16010),
  ]);
  assert.deepEqual(renderKeras2(data).split("\n"), [
    'Model: "sequential"',
    "_________________________________________________________________",
    "Layer (type)                 Output Shape              Param #   ",
    "=================================================================",
    "conv2d (Conv2D)              (None, 26, 26, 32)        320       ",
    "_________________________________________________________________",
    "max_pooling2d (MaxPooling2D) (None, 13, 13, 32)        0         ",
    "_________________________________________________________________",
    "conv2d_1 (Conv2D)            (None, 11, 11, 64)        18496     ",
    "_________________________________________________________________",
    "max_pooling2d_1 (MaxPooling2 (None, 5, 5, 64)          0         ",
    "_________________________________________________________________",
    "flatten (Flatten)            (None, 1600)              0         ",
    "_________________________________________________________________",
    "dropout (Dropout)            (None, 1600)              0         ",
    "_________________________________________________________________",
    "dense (Dense)                (None, 10)                16010     ",
    "=================================================================",
    "Total params: 34,826",
    "Trainable params: 34,826",
    "Non-trainable params: 0",
    "_________________________________________________________________",
  ]);
});

Deno.test("renderKeras2() honours lineLength and positions, fractional or absolute", () => {
  const data = SEED_001;
  const wide = renderKeras2(data, { lineLength: 80 }).split("\n");
  // int(80 * .45) = 36, int(80 * .85) = 68.
  assert.equal(wide[1], "_".repeat(80));
  assert.equal(
    wide[2],
    "Layer (type)".padEnd(36) + "Output Shape".padEnd(32) + "Param #".padEnd(12),
  );
  const absolute = renderKeras2(data, { positions: [20, 40, 50] }).split("\n");
  assert.equal(absolute[1], "_".repeat(65), "rules keep the line length, as in Keras");
  assert.equal(absolute[6], "time_distributed_4  (None, None, 1)     11        ");
  assert.throws(() => renderKeras2(data, { positions: [0.5, 1] }), RangeError);
  assert.throws(() => renderKeras2(data, { lineLength: -3 }), RangeError);
});

Deno.test("renderKeras2() lists several outputs as Python prints a list of tuples", () => {
  // tf.keras 2 prints a layer with several outputs as a list of tuples, cut like any field. In
  // https://github.com/keras-team/keras-io/blob/ad4fc805f5e1a4a4c0bcdd416aa9feac6608fb6c/guides/md/working_with_rnns.md
  // a functional model (positions [.33, .55, .67, 1] at 98 columns) prints the row below; its
  // first three fields are exactly our three columns at those positions.
  const printed =
    "encoder (LSTM)                  [(None, 64), (None,  33024       embedding_2[0][0]                ";
  const data = summaryOf("model", [
    row("encoder", "LSTM", [[null, 64], [null, 64], [null, 64]], 33024),
  ]);
  const lines = renderKeras2(data, { lineLength: 98, positions: [0.33, 0.55, 0.67] }).split("\n");
  assert.equal(lines[4], printed.slice(0, 65));
});

Deno.test("renderKeras2() with explain appends the formulas as seed 000 writes them", () => {
  const lstms = summaryOf("sequential", [
    row("lstm_1", "LSTM", [null, 400, 5], 380, "4*(13*5 + 5*5 + 5)"),
    row("lstm_2", "LSTM", [null, 400, 5], 220, "4*(5*5 + 5*5 + 5)"),
    row("lstm_3", "LSTM", [null, 400, 20], 53680, "4*(650*20 + 20*20 + 20)"),
    row("lstm_4", "LSTM", [null, 400, 20], 3280, "4*(20*20 + 20*20 + 20)"),
  ]);
  const lines = renderKeras2(lstms, { explain: true }).split("\n");
  // The seed's hand-made table uses other column widths: compare modulo runs of spaces.
  for (const line of lines.filter((l) => l.startsWith("lstm_"))) {
    assert.ok(seedShows("000", line.trimEnd()), line);
  }
  assert.equal(
    lines[4].trimEnd(),
    "lstm_1 (LSTM)                (None, 400, 5)            380   = 4*(13*5 + 5*5 + 5)",
  );
  // The line grows to fit the longest formula, rules too.
  const width =
    "lstm_3 (LSTM)                (None, 400, 20)           53680 = 4*(650*20 + 20*20 + 20)".length;
  assert.equal(lines[1], "_".repeat(width));
  assert.ok(lines.every((l) => l.length <= width));

  const denses = summaryOf("sequential", [
    row("dense_1", "Dense", [null, 5], 70, "13*5 + 5"),
    row("dense_5", "Dense", [null, 20], 420, "20*20 + 20"),
  ]);
  for (
    const line of renderKeras2(denses, { explain: true }).split("\n").filter((l) =>
      l.startsWith("dense_")
    )
  ) {
    assert.ok(seedShows("000", line.trimEnd()), line);
  }
  // Without explain, formulas are ignored.
  assert.ok(!renderKeras2(lstms).includes(" = 4*"));
});

// TF.js prints the same rows as Keras 2 (same `printRow`), but with an extra "Input Shape"
// column, shapes as JSON, line length 90 and positions [0.32, 0.61, 0.89, 1] by default, and
// totals without thousands separators. We check our row builder against its rows.
Deno.test("formatRow() builds rows exactly as TF.js 4.22 model.summary() does", async () => {
  const tf = await import("@tensorflow/tfjs");
  const model = tf.sequential({ name: "sequential_4" });
  model.add(
    tf.layers.lstm({ name: "lstm_4", units: 10, inputShape: [null, 1], returnSequences: true }),
  );
  model.add(
    tf.layers.timeDistributed({ name: "time_distributed_4", layer: tf.layers.dense({ units: 1 }) }),
  );
  model.add(tf.layers.dense({ name: "a_dense_layer_with_a_very_long_name_indeed", units: 1234 }));
  const printedDefault: string[] = [];
  model.summary(undefined, undefined, (line: string) => printedDefault.push(line));
  assert.equal(
    printedDefault[5],
    "time_distributed_4 (TimeDis [[null,null,10]]          [null,null,1]             11        ",
  );
  const layouts: [number | undefined, number[] | undefined][] = [
    [undefined, undefined],
    [65, [0.3, 0.5, 0.8, 1]],
    [70, [20, 40, 60, 70]],
  ];
  for (const [lineLength, positions] of layouts) {
    const printed: string[] = [];
    model.summary(lineLength, positions, (line: string) => printed.push(line));
    const length = lineLength ?? 90;
    const ends = absolutePositions(positions ?? [0.32, 0.61, 0.89, 1], length, 4);
    const expectedRows = model.layers.map((layer) =>
      formatRow([
        `${layer.name} (${layer.getClassName()})`,
        JSON.stringify(layer.inboundNodes.map((n) => n.inputShapes)[0]),
        JSON.stringify(layer.outputShape),
        String(layer.countParams()),
      ], ends)
    );
    // Lines: rule, header, rule, then each row followed by a rule.
    const printedRows = model.layers.map((_, i) => printed[3 + 2 * i]);
    assert.deepEqual(printedRows, expectedRows);
    assert.equal(printed[0], "_".repeat(length));
    assert.equal(printed.at(-4), `Total params: ${model.countParams()}`);
  }
});

// ---------------------------------------------------------------------------------------------
// Keras 3

Deno.test("renderKeras3() matches Keras 3 output from the keras.io addition RNN example", () => {
  // https://github.com/keras-team/keras-io/blob/018f6fb360934bbb1b0474c2147792e07a38e58d/examples/nlp/md/addition_rnn.md
  // (rich's HTML export; tags removed). That Keras 3 release used positions [0.45, 0.84, 1.0];
  // the line length is 76 as for any output that is not a terminal.
  const data = summaryOf("sequential", [
    row("lstm", "LSTM", [null, 128], 72192),
    row("repeat_vector", "RepeatVector", [null, 4, 128], 0),
    row("lstm_1", "LSTM", [null, 4, 128], 131584),
    row("dense", "Dense", [null, 4, 12], 1548),
  ]);
  assert.equal(
    renderKeras3(data, { positions: [0.45, 0.84, 1] }),
    `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape              ┃    Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ lstm (LSTM)                     │ (None, 128)               │     72,192 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ repeat_vector (RepeatVector)    │ (None, 4, 128)            │          0 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ lstm_1 (LSTM)                   │ (None, 4, 128)            │    131,584 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ dense (Dense)                   │ (None, 4, 12)             │      1,548 │
└─────────────────────────────────┴───────────────────────────┴────────────┘
 Total params: 205,324 (802.05 KB)
 Trainable params: 205,324 (802.05 KB)
 Non-trainable params: 0 (0.00 B)`,
  );
});

Deno.test("renderKeras3() matches Keras 3 output from the keras.io bidirectional LSTM example", () => {
  // https://github.com/keras-team/keras-io/blob/1909c6710cd3f5af6401f1176dcee9e26781b4f3/examples/nlp/md/bidirectional_lstm_imdb.md
  const data = summaryOf("functional_1", [
    row("input_layer", "InputLayer", [null, null], 0),
    row("embedding", "Embedding", [null, null, 128], 2560000),
    row("bidirectional", "Bidirectional", [null, null, 128], 98816),
    row("bidirectional_1", "Bidirectional", [null, 128], 98816),
    row("dense", "Dense", [null, 1], 129),
  ]);
  assert.equal(
    renderKeras3(data, { positions: [0.45, 0.84, 1] }),
    `Model: "functional_1"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape              ┃    Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩
│ input_layer (InputLayer)        │ (None, None)              │          0 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ embedding (Embedding)           │ (None, None, 128)         │  2,560,000 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ bidirectional (Bidirectional)   │ (None, None, 128)         │     98,816 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ bidirectional_1 (Bidirectional) │ (None, 128)               │     98,816 │
├─────────────────────────────────┼───────────────────────────┼────────────┤
│ dense (Dense)                   │ (None, 1)                 │        129 │
└─────────────────────────────────┴───────────────────────────┴────────────┘
 Total params: 2,757,761 (10.52 MB)
 Trainable params: 2,757,761 (10.52 MB)
 Non-trainable params: 0 (0.00 B)`,
  );
});

Deno.test("renderKeras3() matches a Keras 3 terminal at 88 columns (current positions)", () => {
  // https://github.com/nkanderson/ECE510-challenges/blob/3ac3719f118a6945a4935d87ca1c5800abd8442e/challenge-9/README.md
  // ("Training on 476 sequences, shape: (24, 6)"), printed in a terminal wide enough for 88.
  const data = summaryOf("sequential", [
    row("lstm", "LSTM", [null, 24, 64], 18176),
    row("lstm_1", "LSTM", [null, 32], 12416),
    row("repeat_vector", "RepeatVector", [null, 24, 32], 0),
    row("lstm_2", "LSTM", [null, 24, 32], 8320),
    row("lstm_3", "LSTM", [null, 24, 64], 24832),
    row("time_distributed", "TimeDistributed", [null, 24, 6], 390),
  ]);
  assert.equal(
    renderKeras3(data, { lineLength: 88, consoleWidth: 92 }),
    `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ lstm (LSTM)                          │ (None, 24, 64)              │          18,176 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ lstm_1 (LSTM)                        │ (None, 32)                  │          12,416 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ repeat_vector (RepeatVector)         │ (None, 24, 32)              │               0 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ lstm_2 (LSTM)                        │ (None, 24, 32)              │           8,320 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ lstm_3 (LSTM)                        │ (None, 24, 64)              │          24,832 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ time_distributed (TimeDistributed)   │ (None, 24, 6)               │             390 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘
 Total params: 64,134 (250.52 KB)
 Trainable params: 64,134 (250.52 KB)
 Non-trainable params: 0 (0.00 B)`,
  );
});

Deno.test("renderKeras3() wraps long names at the space, as rich does", () => {
  // A CNN-LSTM README in the public code index (the index did not report its repository): a
  // Keras 3 table at 88 columns where "time_distributed_12 (TimeDistributed)" is too long for
  // its 36-character cell. Only the table was pasted there.
  const data = summaryOf("sequential", [
    row("time_distributed_12", "TimeDistributed", [null, 4, 30, 64], 1792),
    row("time_distributed_13", "TimeDistributed", [null, 4, 15, 64], 0),
    row("time_distributed_14", "TimeDistributed", [null, 4, 960], 0),
    row("lstm_4", "LSTM", [null, 128], 557568),
    row("dense_12", "Dense", [null, 6], 774),
  ]);
  const lines = renderKeras3(data, { lineLength: 88, consoleWidth: 92 }).split("\n");
  assert.equal(
    lines.slice(1, -3).join("\n"),
    `┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓
┃ Layer (type)                         ┃ Output Shape                ┃         Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩
│ time_distributed_12                  │ (None, 4, 30, 64)           │           1,792 │
│ (TimeDistributed)                    │                             │                 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ time_distributed_13                  │ (None, 4, 15, 64)           │               0 │
│ (TimeDistributed)                    │                             │                 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ time_distributed_14                  │ (None, 4, 960)              │               0 │
│ (TimeDistributed)                    │                             │                 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ lstm_4 (LSTM)                        │ (None, 128)                 │         557,568 │
├──────────────────────────────────────┼─────────────────────────────┼─────────────────┤
│ dense_12 (Dense)                     │ (None, 6)                   │             774 │
└──────────────────────────────────────┴─────────────────────────────┴─────────────────┘`,
  );
});

Deno.test("renderKeras3() defaults to 76 columns and positions [0.45, 0.8, 1]", () => {
  // A tutorial in the public code index (repository not reported by the index) printing a
  // Keras 3 summary with `print(model.summary())` outside a terminal.
  const data = summaryOf("sequential_3", [
    row("flatten", "Flatten", [null, 150528], 0),
    row("dense_1", "Dense", [null, 4], 602116),
  ]);
  assert.equal(
    renderKeras3(data),
    `Model: "sequential_3"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ flatten (Flatten)               │ (None, 150528)         │             0 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ dense_1 (Dense)                 │ (None, 4)              │       602,116 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 602,116 (2.30 MB)
 Trainable params: 602,116 (2.30 MB)
 Non-trainable params: 0 (0.00 B)`,
  );
});

Deno.test("renderKeras3() cuts a word too long for its cell with an ellipsis", () => {
  const data = summaryOf("sequential", [
    row("an_extremely_long_layer_name_without_spaces", "Dense", [null, 1], 2),
  ]);
  const lines = renderKeras3(data).split("\n");
  assert.equal(
    lines[4],
    "│ an_extremely_long_layer_name_w… │ (None, 1)              │             2 │",
  );
  assert.equal(
    lines[5],
    "│ (Dense)                         │                        │               │",
  );
});

Deno.test("renderKeras3() honours lineLength and refuses columns under 4 characters", () => {
  const lines = renderKeras3(SEED_001, { lineLength: 100, consoleWidth: 104 }).split("\n");
  assert.ok(lines.slice(1, -3).every((l) => [...l].length === 100));
  assert.throws(() => renderKeras3(SEED_001, { lineLength: 8 }), /Insufficient console width/);
  assert.throws(() => renderKeras3(SEED_001, { positions: [0.5, 1] }), RangeError);
});

Deno.test("renderKeras3() with explain puts formulas after the counts", () => {
  const data = summaryOf("sequential", [
    row("lstm_1", "LSTM", [null, 400, 5], 380, "4*(13*5 + 5*5 + 5)"),
    row("dropout", "Dropout", [null, 400, 5], 0),
    row("lstm_3", "LSTM", [null, 400, 20], 53680, "4*(650*20 + 20*20 + 20)"),
  ]);
  const lines = renderKeras3(data, { explain: true }).split("\n");
  // The param column grows from 13 to 33 characters: counts right-aligned under "Param #", then
  // the formulas, their "=" signs aligned.
  assert.equal(lines[2].split("┃")[3], " Param #                           ");
  assert.equal(lines[4].split("│")[3], "     380 = 4*(13*5 + 5*5 + 5)      ");
  assert.equal(lines[6].split("│")[3], "       0                           ");
  assert.equal(lines[8].split("│")[3], "  53,680 = 4*(650*20 + 20*20 + 20) ");
  assert.ok(lines.slice(1, -3).every((l) => [...l].length === [...lines[1]].length));
});

Deno.test("renderKeras3() prints seed 001's model with its memory sizes", () => {
  const text = renderKeras3(SEED_001);
  assert.ok(
    text.includes("│ time_distributed_4              │ (None, None, 1)        │            11 │"),
  );
  assert.ok(
    text.includes("│ (TimeDistributed)               │                        │               │"),
  );
  assert.ok(
    text.endsWith(
      " Total params: 491 (1.92 KB)\n Trainable params: 491 (1.92 KB)\n Non-trainable params: 0 (0.00 B)",
    ),
  );
});

Deno.test("formatKeras3Shape() drops Python's one-element comma and lists several outputs", () => {
  assert.equal(formatKeras3Shape([null, 5]), "(None, 5)");
  assert.equal(formatKeras3Shape([null]), "(None)");
  assert.equal(formatKeras3Shape([]), "()");
  assert.equal(formatKeras3Shape([[null, 5]]), "(None, 5)");
  assert.equal(formatKeras3Shape([[null, 5], [null, 5]]), "[(None, 5), (None, 5)]");
});

Deno.test("readableMemorySize() follows Keras 3's units and Python's rounding", () => {
  assert.equal(readableMemorySize(0), "0.00 B");
  assert.equal(readableMemorySize(1023), "1023.00 B");
  assert.equal(readableMemorySize(1024), "1.00 KB");
  assert.equal(readableMemorySize(64134 * 4), "250.52 KB");
  assert.equal(readableMemorySize(2757761 * 4), "10.52 MB");
  assert.equal(readableMemorySize(1152), "1.12 KB", "1.125 rounds to even, as Python does");
  assert.equal(formatFixed2(0.125), "0.12");
  assert.equal(formatFixed2(0.375), "0.38");
  assert.equal(formatFixed2(2.675), "2.67", "2.675 is below the tie in binary, in Python too");
});

// ---------------------------------------------------------------------------------------------
// HTML and the Summary class

Deno.test("renderHtml() escapes a hostile layer name, class, model name and formula", () => {
  const data = summaryOf("<script>x</script>", [
    row("<img src=x onerror=alert(1)>", "Dense&Co", [null, 1], 2, "a<b"),
  ]);
  const html = renderHtml(data, { explain: true });
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt; (Dense&amp;Co)"));
  assert.ok(!html.includes("<img"));
  assert.ok(!html.includes("<script>"));
  assert.ok(html.includes("a&lt;b"));
  assert.ok(html.includes("<th"));
  assert.ok(!renderHtml(data).includes("Formula"), "no formula column without explain");
});

Deno.test("renderHtml() shows counts and totals as Keras 3 does", () => {
  const html = renderHtml(SEED_001);
  assert.ok(html.includes(">480</td>"));
  assert.ok(html.includes("(None, None, 10)"));
  assert.ok(html.includes("Total params: <b>491</b> (1.92 KB)"));
  assert.ok(html.includes('Model: "sequential_4"'));
});

Deno.test("Summary prints Keras 3 by default, Keras 2 on request, and displays in Jupyter", () => {
  const summary = new Summary(SEED_001);
  assert.equal(summary.toString(), renderKeras3(SEED_001));
  assert.equal(`${summary}`, renderKeras3(SEED_001));
  assert.equal(Deno.inspect(summary), renderKeras3(SEED_001));
  const keras2 = new Summary(SEED_001, { style: "keras2", lineLength: 70 });
  assert.equal(keras2.toString(), renderKeras2(SEED_001, { lineLength: 70 }));
  const bundle = keras2[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"], keras2.toString());
  assert.equal(bundle["text/html"], renderHtml(SEED_001));
  assert.equal(summary.data, SEED_001);
  assert.deepEqual(JSON.parse(JSON.stringify(summary)), SEED_001);
});
