// parseSummary: every table of the seed documents as pasted, Keras 3 box tables, TensorFlow.js
// tables printed by TensorFlow.js itself, the quirks of pasting, clear errors, and fuzzing. Each
// expected seed row is first checked to be printed in the document.

import assert from "assert";
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs";
import {
  explainSummary,
  type ParsedRow,
  parseSummaries,
  parseSummary,
  type Shape,
  SummaryParseError,
} from "../mod.ts";
import { formatRow } from "../lib/summary/keras2.ts";
import { type SeedId, seedShowsRow, seedText } from "./_seeds.ts";
import { replaySeed, tfjsForTests } from "./_support.ts";

await tfjsForTests();

const SEED = replaySeed("parse_summary_test");

type Expected = [label: string, shape: Shape, params: number | null];

/** The rows as [name (class, as printed), shape, count], each checked to be in the seed. */
function assertRows(id: SeedId, rows: readonly ParsedRow[], expected: readonly Expected[]): void {
  assert.equal(rows.length, expected.length, "row count");
  expected.forEach(([label, shape, params], i) => {
    if (params !== null) {
      assert.ok(seedShowsRow(id, { label, shape, params }), `seed ${id} prints ${label}`);
    }
    const row = rows[i];
    const printedLabel = row.className === undefined
      ? row.name
      : `${row.name} (${row.className}${row.classNameCut ? "" : ")"}`;
    assert.equal(printedLabel, label);
    assert.deepEqual(row.outputShape, shape, `${label}: shape`);
    assert.equal(row.paramCount, params, `${label}: count`);
  });
}

Deno.test("seed 000's three tables are all found, and the first reads as printed", () => {
  const tables = parseSummaries(seedText("000"));
  assert.equal(tables.length, 3);
  assert.equal(tables[0].format, "keras2");
  assertRows("000", tables[0].rows, [
    ["lstm_1 (LSTM)", [null, 400, 5], 380],
    ["lstm_2 (LSTM)", [null, 400, 5], 220],
    ["time_distributed_1 (TimeDist", [null, 400, 650], 3900],
    ["lstm_3 (LSTM)", [null, 400, 20], 53680],
    ["lstm_4 (LSTM)", [null, 400, 20], 3280],
  ]);
  assert.equal(tables[0].totalParams, undefined, "the question's table has no totals");
  assert.ok(tables[0].rows[2].classNameCut);
});

Deno.test("seed 000's annotated table keeps each annotation and the ? of the cut row", () => {
  const table = parseSummaries(seedText("000"))[1];
  assert.deepEqual(table.rows.map((r) => [r.name, r.className, r.paramCount, r.annotation]), [
    ["input_6", "InputLayer", 0, undefined],
    ["lstm_1", "LSTM", 380, "4*(13*5 + 5*5 + 5)"],
    ["lstm_2", "LSTM", 220, "4*(5*5 + 5*5 + 5)"],
    ["time_distributed_1", undefined, 3900, "?"],
    ["lstm_3", "LSTM", 53680, "4*(650*20 + 20*20 + 20)"],
    ["lstm_4", "LSTM", 3280, "4*(20*20 + 20*20 + 20)"],
  ]);
  assert.deepEqual(table.rows[0].outputShape, [null, 400, 13]);
  const dense = parseSummaries(seedText("000"))[2];
  assert.deepEqual(dense.rows.map((r) => r.annotation), [
    undefined,
    "13*5 + 5",
    "5*5 + 5",
    "5*650 + 650",
    "650*20 + 20",
    "20*20 + 20",
  ]);
});

Deno.test("seed 001's table reads with its totals", () => {
  const table = parseSummary(seedText("001"));
  assertRows("001", table.rows, [
    ["lstm_4 (LSTM)", [null, null, 10], 480],
    ["time_distributed_4 (TimeDist", [null, null, 1], 11],
  ]);
  assert.deepEqual(
    [table.totalParams, table.trainableParams, table.nonTrainableParams],
    [491, 491, 0],
  );
});

Deno.test("seed 002's indented table reads, commas and all", () => {
  const table = parseSummary(seedText("002"));
  assertRows("002", table.rows, [
    ["lstm_1 (LSTM)", [null, 100, 64], 18176],
    ["dropout_1 (Dropout)", [null, 100, 64], 0],
    ["lstm_2 (LSTM)", [null, 64], 33024],
    ["dense_1 (Dense)", [null, 64], 4160],
    ["dense_2 (Dense)", [null, 64], 4160],
    ["dense_3 (Dense)", [null, 6], 390],
  ]);
  assert.equal(table.totalParams, 59910);
  assert.equal(table.trainableParams, 59910);
});

Deno.test("seed 003's squeezed tables read, 146.0 totals and glued text included", () => {
  const tables = parseSummaries(seedText("003"));
  assert.equal(tables.length, 3);
  assertRows("003", tables[0].rows, [
    ["lstm_1 (LSTM)", [null, 1, 5], 140],
    ["dense_1 (Dense)", [null, 1, 1], 6],
  ]);
  assertRows("003", tables[1].rows, [
    ["lstm_1 (LSTM)", [null, 5], 140],
    ["dense_1 (Dense)", [null, 5], 30],
  ]);
  assertRows("003", tables[2].rows, [
    ["lstm_1 (LSTM)", [null, 5, 5], 140],
    ["time_distributed_1 (TimeDist", [null, 5, 1], 6],
  ]);
  assert.deepEqual(tables.map((t) => t.totalParams), [146, 170, 146]);
  assert.deepEqual(tables.map((t) => t.nonTrainableParams), [0, 0, 0]);
  assert.match(tables[0].notes.join(" "), /146\.0/);
});

Deno.test("seed 004's table reads", () => {
  const table = parseSummary(seedText("004"));
  assertRows("004", table.rows, [["lstm_8 (LSTM)", [null, 10], 640]]);
  assert.equal(table.totalParams, 640);
});

// A Keras 3 table as Keras 3 draws it (rich box characters, a wrapped name, counts with commas,
// memory sizes after the totals), for a model written out here:
// Embedding(5000, 32) = 160,000; Bidirectional(LSTM(32, returnSequences)) on 32 features =
// 2 × 4 × (32·32 + 32·32 + 32) = 16,640; TimeDistributed(Dense(1)) on 64 = 65.
const KERAS3 = `Model: "sentiment"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ embedding (Embedding)           │ (None, 80, 32)         │       160,000 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ bidirectional (Bidirectional)   │ (None, 80, 64)         │        16,640 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ time_distributed                │ (None, 80, 1)          │            65 │
│ (TimeDistributed)               │                        │               │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 176,705 (690.25 KB)
 Trainable params: 176,705 (690.25 KB)
 Non-trainable params: 0 (0.00 B)`;

Deno.test("a Keras 3 box table reads, wrapped names joined", () => {
  const table = parseSummary(KERAS3);
  assert.equal(table.format, "keras3");
  assert.equal(table.modelName, "sentiment");
  assert.deepEqual(table.rows.map((r) => [r.name, r.className, r.outputShape, r.paramCount]), [
    ["embedding", "Embedding", [null, 80, 32], 160_000],
    ["bidirectional", "Bidirectional", [null, 80, 64], 16_640],
    ["time_distributed", "TimeDistributed", [null, 80, 1], 65],
  ]);
  assert.deepEqual(
    [table.totalParams, table.trainableParams, table.nonTrainableParams],
    [176_705, 176_705, 0],
  );
  assert.deepEqual(table.rows.map((r) => r.line), [5, 7, 9]);
});

Deno.test("Keras 3 variants read: no row rules, heavy verticals, unbuilt rows, R's prefix", () => {
  const noRules = KERAS3.split("\n").filter((l) => !l.startsWith("├")).join("\n");
  assert.deepEqual(parseSummary(noRules).rows.map((r) => r.paramCount), [160_000, 16_640, 65]);
  const heavy = KERAS3.replace("│ (None, 80, 32)         │", "┃ (None, 80, 32)         ┃");
  assert.deepEqual(parseSummary(heavy).rows[0].outputShape, [null, 80, 32]);
  const prefixed = KERAS3.split("\n").map((l) => `    ## ${l}`).join("\n");
  assert.equal(parseSummary(prefixed).rows.length, 3);
  const unbuilt = `┏━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┓
┃ Layer (type)  ┃ Output Shape ┃      Param # ┃
┡━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━┩
│ dense (Dense) │ ?            │  0 (unbuilt) │
└───────────────┴──────────────┴──────────────┘`;
  const row = parseSummary(unbuilt).rows[0];
  assert.equal(row.outputShape, null);
  assert.equal(row.paramCount, null);
});

Deno.test("Keras 3's one-dimensional (None) and list shapes read", () => {
  const text = `┏━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓
┃ Layer (type)            ┃ Output Shape             ┃   Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩
│ flat (Flatten)          │ (None)                   │         0 │
├─────────────────────────┼──────────────────────────┼───────────┤
│ bi (Bidirectional)      │ [(None, 5), (None, 5)]   │       380 │
└─────────────────────────┴──────────────────────────┴───────────┘`;
  const rows = parseSummary(text).rows;
  assert.deepEqual(rows[0].outputShape, [null]);
  assert.deepEqual(rows[1].outputShape, [[null, 5], [null, 5]]);
});

Deno.test("a TensorFlow.js table, printed by TensorFlow.js, reads with its input shapes", () => {
  const model = tf.sequential();
  model.add(tf.layers.lstm({ units: 5, returnSequences: true, inputShape: [400, 13] }));
  model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: 650 }) }));
  model.add(tf.layers.bidirectional({ layer: tf.layers.gru({ units: 4 }) as tf.layers.RNN }));
  model.add(tf.layers.batchNormalization());
  model.add(tf.layers.dense({ units: 3 }));
  const lines: string[] = [];
  model.summary(undefined, undefined, (line: string) => lines.push(line));
  const table = parseSummary(lines.join("\n"));
  assert.equal(table.format, "tfjs");
  assert.equal(table.rows.length, model.layers.length);
  table.rows.forEach((row, i) => {
    const layer = model.layers[i];
    assert.ok(layer.name.startsWith(row.name), `${layer.name} is printed cut to ${row.name}`);
    assert.deepEqual(row.outputShape, layer.outputShape);
    assert.equal(row.paramCount, layer.countParams());
  });
  assert.deepEqual(table.rows[0].inputShape, [null, 400, 13]);
  assert.equal(table.totalParams, model.countParams());
  assert.equal(
    table.nonTrainableParams,
    model.nonTrainableWeights.reduce((t, w) => t + w.shape.reduce((a, b) => a! * b!, 1)!, 0),
  );
});

Deno.test("an older TensorFlow.js table without input shapes reads", () => {
  // Dense(32) on 784 inputs: 784 × 32 + 32 = 25,120; Dense(10) on 32: 330.
  const text = `_________________________________________________________________
Layer (type)                 Output shape              Param #
=================================================================
dense_Dense1 (Dense)         [null,32]                 25120
_________________________________________________________________
dense_Dense2 (Dense)         [null,10]                 330
=================================================================
Total params: 25450
Trainable params: 25450
Non-trainable params: 0
_________________________________________________________________`;
  const table = parseSummary(text);
  assert.equal(table.format, "tfjs");
  assert.deepEqual(table.rows.map((r) => [r.name, r.outputShape, r.paramCount]), [
    ["dense_Dense1", [null, 32], 25120],
    ["dense_Dense2", [null, 10], 330],
  ]);
  assert.equal(table.totalsLine, 8);
});

Deno.test("a classic functional table reads: leading spaces, input lists, connections", () => {
  // LSTM(8) on 4 features: 4 × (4·8 + 8·8 + 8) = 416; Dense(1) on 8: 9.
  const text = `Model: "model"
__________________________________________________________________________________________________
 Layer (type)                   Output Shape         Param #     Connected to
==================================================================================================
 input_1 (InputLayer)           [(None, 10, 4)]      0           []
 lstm (LSTM)                    (None, 8)            416         ['input_1[0][0]']
 dense (Dense)                  (None, 1)            9           ['lstm[0][0]']
==================================================================================================
Total params: 425
Trainable params: 425
Non-trainable params: 0
__________________________________________________________________________________________________`;
  const table = parseSummary(text);
  assert.equal(table.modelName, "model");
  assert.deepEqual(table.rows.map((r) => [r.name, r.outputShape, r.paramCount]), [
    ["input_1", [null, 10, 4], 0],
    ["lstm", [null, 8], 416],
    ["dense", [null, 1], 9],
  ]);
});

Deno.test("a shape cut short by Keras 2's column is read as far as it goes", () => {
  const header = formatRow(["Layer (type)", "Output Shape", "Param #"], [29, 55, 65]);
  const rows = [
    formatRow(["conv3d (Conv3D)", "(None, 100, 1024, 1024, 128)", "1312"], [29, 55, 65]),
    formatRow(["conv3d_1 (Conv3D)", "(None, 100, 1024, 10240, 12)", "1312"], [29, 55, 65]),
  ];
  const table = parseSummary([header, "=".repeat(65), ...rows].join("\n"));
  for (const row of table.rows) {
    assert.deepEqual(row.outputShape, [null, 100, 1024, row.name === "conv3d" ? 1024 : 10240]);
    assert.equal(row.outputShapeCut, true);
    assert.equal(row.paramCount, 1312);
  }
});

Deno.test("counts read with or without commas, as ?, and whole-number floats", () => {
  const text = `Layer (type) Output Shape Param #
===
a (Dense) (None, 1000) 1,001,000
b (Dense) (None, 1000) 1001000
c (Dense) (None, 5) ?
d (Dense) (None, 5) 30.0
===
Total params: 2,002,035.0`;
  const table = parseSummary(text);
  assert.deepEqual(table.rows.map((r) => r.paramCount), [1_001_000, 1_001_000, null, 30]);
  assert.equal(table.totalParams, 2_002_035);
});

Deno.test("text that is not a summary gets an error naming its first line", () => {
  assert.throws(
    () => parseSummary("\n\nThis is not a table.\nNeither is this."),
    (error: unknown) => {
      assert.ok(error instanceof SummaryParseError);
      assert.ok(error instanceof SyntaxError);
      assert.equal(error.line, 3);
      assert.equal(error.text, "This is not a table.");
      assert.match(error.message, /no model summary found/);
      return true;
    },
  );
  assert.throws(() => parseSummary(""), SummaryParseError);
});

Deno.test("a row the parser cannot read gets an error naming the line and the problem", () => {
  const cases: [string, number, RegExp][] = [
    ["lstm_1 (LSTM) (None, 400 5) 380", 4, /cannot read the output shape of "lstm_1"/],
    ["lstm_1 (LSTM) (None, 400, 5)", 4, /cannot read the parameter count of "lstm_1"/],
    ["lstm_1 (LSTM) (None, 400, 5) 38o", 4, /cannot read the parameter count/],
    ["lstm_1 (LSTM) (None, 400, 5) 380 extra", 4, /unexpected text "extra"/],
    ["lstm_1 (LSTM) 380", 4, /cannot read the output shape/],
  ];
  for (const [row, line, problem] of cases) {
    const text = `Model: "m"\nLayer (type)   Output Shape   Param #\n=====\n${row}\n=====`;
    assert.throws(() => parseSummary(text), (error: unknown) => {
      assert.ok(error instanceof SummaryParseError, row);
      assert.equal(error.line, line, row);
      assert.equal(error.text, row);
      assert.match(error.message, problem);
      assert.match(error.message, new RegExp(`^Line ${line}: `));
      return true;
    });
  }
});

Deno.test("a total or a box row that cannot be read is named too", () => {
  assert.throws(
    () =>
      parseSummary(
        "Layer (type) Output Shape Param #\n===\na (Dense) (None, 5) 30\n===\nTotal params: lots",
      ),
    /Line 5: cannot read the total params count "lots"/,
  );
  const broken = KERAS3.replace("│ (None, 80, 64)         │", "│ (None, 80, 64)          ");
  assert.throws(() => parseSummary(broken), /Line 7: expected 3 cells/);
  const badShape = KERAS3.replace("(None, 80, 32)", "(None, 80, 3x)");
  assert.throws(
    () => parseSummary(badShape),
    /Line 5: cannot read the output shape "\(None, 80, 3x\)"/,
  );
});

Deno.test("a header with rows of prose after it says a row was expected", () => {
  assert.throws(
    () => parseSummary("Layer (type) Output Shape Param #\n=====\nthis is prose"),
    /Line 3: expected a layer row/,
  );
});

Deno.test("huge inputs are read in bounded time", () => {
  const row = "dense_1 (Dense)              (None, 64)                4160      ";
  const many = ["Layer (type) Output Shape Param #", "=".repeat(65)];
  for (let i = 0; i < 20_000; i++) many.push(row, "_".repeat(65));
  const cases = [
    many.join("\n"),
    "Layer (type) Output Shape Param #\n===\nx " + "(".repeat(200_000),
    "Layer (type) Output Shape Param #\n===\nx (Dense) " + "[".repeat(200_000),
    "Layer (type)\n".repeat(20_000),
    "## Layer (type) Output Shape Param #\n".repeat(20_000),
    "\n".repeat(200_000) + "Layer (type) Output Shape Param #\n===\na (Dense) (None, 5) 30",
    "Layer (type) Output Shape Param #\n===\n" + "a (Dense) (None, 5) 30\n\n\n".repeat(20_000),
    "x".repeat(1_000_000),
  ];
  for (const text of cases) {
    const start = performance.now();
    try {
      parseSummaries(text);
    } catch (error) {
      assert.ok(error instanceof SummaryParseError, String(error));
    }
    const elapsed = performance.now() - start;
    assert.ok(elapsed < 3000, `took ${elapsed.toFixed(0)} ms on ${text.length} characters`);
  }
});

// ---------------------------------------------------------------------------------------------
// Fuzzing: any text either reads or fails with a SummaryParseError, quickly; what reads can be
// explained without an exception.

/** Reads and explains a text; fails the property on anything but a SummaryParseError. */
function readsOrRefuses(text: string): void {
  const start = performance.now();
  try {
    for (const summary of parseSummaries(text)) explainSummary(summary);
  } catch (error) {
    if (!(error instanceof SummaryParseError)) throw error;
    const lines = text.split(/\r\n|\r|\n/).length;
    assert.ok(error.line >= 1 && error.line <= lines, `line ${error.line} of ${lines}`);
  }
  const elapsed = performance.now() - start;
  assert.ok(elapsed < 1000, `took ${elapsed.toFixed(0)} ms`);
}

const TOKENS = [
  "Layer (type)",
  "Output Shape",
  "Param #",
  "Input Shape",
  "Connected to",
  'Model: "m"',
  "lstm_1",
  "(LSTM)",
  "(TimeDist",
  "(None, 400, 5)",
  "(None,",
  "[null,5]",
  "[(None, 5)]",
  "380",
  "3,900",
  "146.0",
  "?",
  "= ?",
  "= 4*(13*5 + 5*5 + 5)",
  "Total params:",
  "Trainable params:",
  "Non-trainable params:",
  "=".repeat(30),
  "_".repeat(30),
  "┏━━┳━━┓",
  "┃",
  "│",
  "├──┼──┤",
  "└──┴──┘",
  "┡━━╇━━┩",
  "…",
  "(",
  ")",
  "[",
  "]",
  ",",
  " ",
  "  ",
  "\t",
  "\n",
  "\r\n",
  "0 (unbuilt)",
  "multiple",
];

Deno.test("fuzzing: random text either reads or fails with a SummaryParseError", () => {
  fc.assert(
    fc.property(fc.string({ unit: "binary", maxLength: 500 }), readsOrRefuses),
    { seed: SEED, numRuns: 300 },
  );
  fc.assert(
    fc.property(
      fc.array(fc.constantFrom(...TOKENS), { maxLength: 120 }).map((t) => t.join("")),
      readsOrRefuses,
    ),
    { seed: SEED, numRuns: 500 },
  );
});

const MUTATION_CHARS = [..."()[],=?_-│┃━┏┡└├ \t\n0123456789NnoeLSTMx.…#:"];

interface Mutation {
  readonly kind: "delete" | "insert" | "replace" | "dropLine" | "doubleLine" | "swapLines";
  readonly at: number;
  readonly char: string;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  kind: fc.constantFrom("delete", "insert", "replace", "dropLine", "doubleLine", "swapLines"),
  at: fc.nat(),
  char: fc.constantFrom(...MUTATION_CHARS),
});

function mutate(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) {
    const i = out.length === 0 ? 0 : m.at % out.length;
    const lines = out.split("\n");
    const l = lines.length === 0 ? 0 : m.at % lines.length;
    switch (m.kind) {
      case "delete":
        out = out.slice(0, i) + out.slice(i + 1);
        break;
      case "insert":
        out = out.slice(0, i) + m.char + out.slice(i);
        break;
      case "replace":
        out = out.slice(0, i) + m.char + out.slice(i + 1);
        break;
      case "dropLine":
        lines.splice(l, 1);
        out = lines.join("\n");
        break;
      case "doubleLine":
        lines.splice(l, 0, lines[l] ?? "");
        out = lines.join("\n");
        break;
      case "swapLines": {
        const k = (l + 1) % Math.max(1, lines.length);
        [lines[l], lines[k]] = [lines[k], lines[l]];
        out = lines.join("\n");
        break;
      }
    }
  }
  return out;
}

Deno.test("fuzzing: mutated real tables either read or fail with a SummaryParseError", () => {
  const lines = (id: SeedId, from: number, to: number) =>
    seedText(id).split("\n").slice(from - 1, to).join("\n");
  const tables = [
    lines("000", 9, 20),
    lines("000", 49, 62),
    lines("001", 24, 33),
    lines("002", 34, 50),
    lines("003", 50, 60),
    KERAS3,
  ];
  for (const table of tables) parseSummary(table);
  fc.assert(
    fc.property(
      fc.constantFrom(...tables),
      fc.array(mutation, { minLength: 1, maxLength: 8 }),
      (table, mutations) => readsOrRefuses(mutate(table, mutations)),
    ),
    { seed: SEED, numRuns: 1000 },
  );
});

Deno.test("a totals line whose size the console carried whole to the next line is read, and so is every total after it", () => {
  // Real Keras 3.15.1 in a 42-column console (scan seed 529861704): the count filled the line,
  // so "(25.60 GB)" went to the next one. The Optimizer params line after it was once not read,
  // and a count cut with "…" was filled from a total that left it out: off by 2.
  const record = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/totals_size_wrapped.json", import.meta.url)),
  );
  assert.match(record.table, /Non-trainable params: 6,872,990,621 *\n\(25\.60 GB\)/);
  const parsed = parseSummary(record.table);
  assert.equal(parsed.totalParams, record.totals.total);
  assert.equal(parsed.nonTrainableParams, record.totals.non_trainable);
  assert.equal(parsed.optimizerParams, record.totals.optimizer);
  assert.equal(parsed.optimizerParams, 2);
});

Deno.test("a wrapped output shape whose lines end before a console's edge is read whole", () => {
  // CI's oracle (seed 903378685, tests/fixtures/keras_prints/fixed/console-cut-after-a-wrapped-
  // output-shape.json): a console of 45 columns cut Keras 3's table right after the Output
  // Shape column. Its cell wraps `(None, 9, 9, 4,` and `124469)`, each line padded with spaces
  // before the edge, so nothing of it was lost: the shape was read as cut, its last size
  // dropped, and a Dense of 497,881 units taken where Keras printed 124,469.
  const table: { table: string } = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/console-cut-after-a-wrapped-output-shape.json",
        import.meta.url,
      ),
    ),
  );
  const dense = parseSummary(table.table).rows[1];
  assert.deepEqual(dense.outputShape, [null, 9, 9, 4, 124469]);
  assert.equal(dense.outputShapeCut, undefined);
  // A line that runs to the edge with one space after it may have lost its end: still cut.
  const edge = table.table.replace("(None, 9, 9, 4,   ", "(None, 9, 9, 4, 1 ");
  assert.equal(parseSummary(edge).rows[1].outputShapeCut, true);
});

Deno.test("a Connected to line a console cut after an entry's comma and space may go on", () => {
  // CI's graphs oracle (seed 663681918, tests/fixtures/keras_prints/fixed/console-cut-after-a-
  // connected-to-comma.json): a console of 118 columns cut Keras 3's table inside its Connected
  // to column, whose first line `in_0[0][0], in_0[0][0],` kept only `in_0[0][0], `. The space
  // after the comma is the list's, not rich's padding: the next entry is past the edge.
  const table: { table: string } = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/console-cut-after-a-connected-to-comma.json",
        import.meta.url,
      ),
    ),
  );
  const norm = parseSummary(table.table).rows[1];
  assert.deepEqual(norm.inbound, ["in_0", "batch_normal"]);
  assert.equal(norm.inboundMayGoOn, true);
});

Deno.test("a Trainable column a console cut to `Tr` keeps its flags", () => {
  // CI's oracle (seed 1714442906, tests/fixtures/keras_prints/fixed/console-cut-trainable-
  // column-bounds-the-counts.json): a console of 59 columns cut show_trainable's column to its
  // title's `Tr`; each row's one-letter flag is printed whole (`-`, `N`, `Y`, `N`).
  const table: { table: string } = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/console-cut-trainable-column-bounds-the-counts.json",
        import.meta.url,
      ),
    ),
  );
  const summary = parseSummary(table.table);
  assert.deepEqual(summary.rows.map((r) => r.trainableFlag), ["-", "N", "Y", "N"]);
  assert.equal(summary.trainableParams, 20_866_544);
});
