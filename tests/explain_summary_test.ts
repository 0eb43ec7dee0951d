// explainSummary: every seed table, the `?`s, the inconsistencies, and round trips from random
// models through both summary styles (and TensorFlow.js's own table) back to the same layer
// configurations and counts. Seed numbers are checked to be printed in the documents; round-trip
// expectations are the models' own configurations, counted by TensorFlow.js where it can.

import assert from "assert";
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs";
import {
  BatchNormalization,
  Bidirectional,
  configOf,
  Conv1D,
  Dense,
  Dropout,
  type ExplainedRow,
  explainSummary,
  GlobalAveragePooling1D,
  GRU,
  Input,
  type Layer,
  type LayerConfig,
  LayerNormalization,
  LSTM,
  MaxPooling1D,
  parseSummaries,
  renderKeras2,
  renderKeras3,
  RepeatVector,
  Sequential,
  type Shape,
  SimpleRNN,
  SummaryParseError,
  TimeDistributed,
} from "../mod.ts";
import { explainText } from "../tools/explain.ts";
import { seedShows, seedText } from "./_seeds.ts";
import { replaySeed, runDeno, tfjsForTests } from "./_support.ts";

await tfjsForTests();

const SEED = replaySeed("explain_summary_test");

// What the reader reports: the one configuration format, Keras's defaults left out.
const lstm = (units: number, returnSequences = true) =>
  ({ className: "LSTM", units, ...(returnSequences ? { returnSequences } : {}) }) as const;
const dense = (units: number, useBias = true) =>
  ({ className: "Dense", units, ...(useBias ? {} : { useBias }) }) as const;

function tables(id: "000" | "001" | "002" | "003" | "004") {
  return parseSummaries(seedText(id));
}

Deno.test("seed 000: the question's table gives the input (None, 400, 13) and every formula", () => {
  const result = explainSummary(tables("000")[0]);
  assert.ok(seedShows("000", "通过一些计算,我们可以推断出您的输入具有 (None, 400, 13)"));
  assert.deepEqual(result.inputShape, [null, 400, 13]);
  assert.match(result.inputReason, /13 input features/);
  assert.match(result.inputReason, /400 time steps/);
  // The answer's annotations, as printed in the document's second table.
  const annotated = tables("000")[1].rows.slice(1).map((r) => r.annotation);
  assert.deepEqual(annotated, [
    "4*(13*5 + 5*5 + 5)",
    "4*(5*5 + 5*5 + 5)",
    "?",
    "4*(650*20 + 20*20 + 20)",
    "4*(20*20 + 20*20 + 20)",
  ]);
  assert.deepEqual(result.rows.map((r) => r.formula), [
    annotated[0],
    annotated[1],
    "5*650 + 650",
    annotated[3],
    annotated[4],
  ]);
  assert.deepEqual(result.rows.map((r) => r.layer), [
    lstm(5),
    lstm(5),
    { className: "TimeDistributed", layer: dense(650) },
    lstm(20),
    lstm(20),
  ]);
  assert.ok(result.rows.every((r) => r.consistent && r.checked));
  assert.ok(result.consistent);
});

Deno.test("seed 000: the answer's ? is TimeDistributed(Dense(650)) on 5 features, 3,900", () => {
  const result = explainSummary(tables("000")[1]);
  assert.deepEqual(result.inputShape, [null, 400, 13]);
  const td = result.rows[3];
  assert.equal(td.name, "time_distributed_1");
  assert.equal(td.annotation, "?");
  assert.ok(td.filled);
  assert.deepEqual(td.layer, { className: "TimeDistributed", layer: dense(650) });
  assert.deepEqual(td.layerInputShape, [null, 400, 5]);
  assert.equal(td.expectedParamCount, 5 * 650 + 650);
  assert.equal(td.formula, "5*650 + 650");
  assert.match(td.note!, /TimeDistributed\(Dense\(650\)\) on 5 features: 5×650 \+ 650 = 3,900/);
  assert.ok(result.consistent);
});

Deno.test("seed 000: the Dense table's annotations are the inferred formulas", () => {
  const table = tables("000")[2];
  const result = explainSummary(table);
  assert.deepEqual(result.inputShape, [null, 13]);
  assert.deepEqual(
    result.rows.slice(1).map((r) => r.formula),
    table.rows.slice(1).map((r) => r.annotation),
  );
  assert.ok(result.consistent);
});

Deno.test("seed 001: LSTM(10) on one feature, then TimeDistributed(Dense(1))", () => {
  const result = explainSummary(seedText("001"));
  assert.deepEqual(result.inputShape, [null, null, 1]);
  assert.deepEqual(result.rows.map((r) => r.layer), [
    lstm(10),
    { className: "TimeDistributed", layer: dense(1) },
  ]);
  assert.deepEqual(result.totals.expected, {
    totalParams: 491,
    trainableParams: 491,
    nonTrainableParams: 0,
  });
  assert.ok(result.consistent);
});

Deno.test("seed 002: the input (None, 100, 6), Dropout's zero, 59,910 in all", () => {
  const result = explainSummary(seedText("002"));
  assert.deepEqual(result.inputShape, [null, 100, 6]);
  assert.deepEqual(result.rows.map((r) => r.layer), [
    lstm(64),
    { className: "Dropout" },
    lstm(64, false),
    dense(64),
    dense(64),
    dense(6),
  ]);
  assert.equal(result.rows[1].expectedParamCount, 0);
  assert.ok(seedShows("002", "Total params: 59,910"));
  assert.equal(result.totals.expected?.totalParams, 59910);
  assert.ok(result.consistent);
});

Deno.test("seed 003: the first example's (None, 1, 5) is not what LSTM(5) outputs", () => {
  // The code beside the table: model.add(LSTM(n_neurons, input_shape=(1, 1))), no
  // return_sequences.
  assert.ok(seedShows("003", "model.add(LSTM(n_neurons, input_shape=(1, 1)))"));
  const table = tables("003")[0];
  const declared = explainSummary(table, {
    declared: { lstm_1: { returnSequences: false } },
    inputShape: [null, 1, 1],
  });
  const row = declared.rows[0];
  assert.equal(row.consistent, false);
  assert.deepEqual(row.expectedOutputShape, [null, 5]);
  assert.match(
    row.note!,
    /Printed \(None, 1, 5\), but LSTM\(5\) on \(None, 1, 1\) outputs \(None, 5\)/,
  );
  assert.match(row.note!, /returnSequences: true/);
  assert.equal(declared.consistent, false);
  assert.match(String(declared), /INCONSISTENT/);
  // From the table alone, (None, 1, 5) can only be returnSequences over one step: said so.
  const alone = explainSummary(table);
  assert.equal(alone.rows[0].consistent, true);
  assert.match(
    alone.rows[0].note!,
    /single time step; an LSTM without returnSequences outputs \(None, 5\)/,
  );
});

Deno.test("seed 003: the second and third examples agree with Keras", () => {
  const [, second, third] = tables("003");
  const many = explainSummary(second);
  assert.deepEqual(many.rows.map((r) => r.layer), [lstm(5, false), dense(5)]);
  assert.ok(many.consistent);
  const sequence = explainSummary(third);
  assert.deepEqual(sequence.inputShape, [null, 5, 1]);
  assert.deepEqual(sequence.rows.map((r) => r.layer), [
    lstm(5),
    { className: "TimeDistributed", layer: dense(1) },
  ]);
  assert.ok(sequence.consistent);
});

Deno.test("seed 004: 640 for LSTM(10) means samples of 5 features", () => {
  const result = explainSummary(seedText("004"));
  assert.deepEqual(result.inputShape, [null, null, 5]);
  assert.match(result.inputReason, /time steps cannot be read/);
  assert.equal(result.rows[0].formula, "4*(5*10 + 10*10 + 10)");
});

const HEADER = "Layer (type)                 Output Shape              Param #\n" + "=".repeat(65);

Deno.test("a ? count is filled from the layer before it", () => {
  const result = explainSummary(`${HEADER}
lstm_1 (LSTM)                (None, 400, 5)            380
time_distributed_1 (TimeDist (None, 400, 650)          ?
lstm_2 (LSTM)                (None, 400, 20)           ?`);
  const [, td, last] = result.rows;
  assert.equal(td.paramCount, null);
  assert.equal(td.expectedParamCount, 5 * 650 + 650);
  assert.ok(td.filled);
  assert.match(td.note!, /The \? is TimeDistributed\(Dense\(650\)\) on 5 features/);
  assert.equal(last.expectedParamCount, 4 * (650 * 20 + 20 * 20 + 20));
  assert.match(String(result), /\? = 3900/);
});

Deno.test("a count that contradicts the layer before it is flagged with the reason", () => {
  const result = explainSummary(`${HEADER}
lstm_1 (LSTM)                (None, 400, 5)            380
lstm_2 (LSTM)                (None, 400, 5)            221
lstm_3 (LSTM)                (None, 400, 5)            300`);
  const [, wrong, other] = result.rows;
  assert.equal(wrong.consistent, false);
  assert.equal(wrong.expectedParamCount, 220);
  assert.match(
    wrong.note!,
    /Printed 221, but LSTM\(5, returnSequences: true\) on \(None, 400, 5\)/,
  );
  assert.match(
    wrong.note!,
    /nearest counts are 220 \(on 5 input features\) and 240 \(on 6 input features\)/,
  );
  assert.equal(other.consistent, false);
  assert.match(
    other.note!,
    /300 is what it would have on 9 input features, but the layer before outputs 5/,
  );
  assert.equal(result.consistent, false);
});

Deno.test("an annotation that does not come to its count is flagged", () => {
  const result = explainSummary(`${HEADER}
lstm_1 (LSTM)                (None, 400, 5)            380 = 4*(13*5 + 5*5)`);
  assert.equal(result.rows[0].consistent, false);
  assert.match(
    result.rows[0].note!,
    /comes to 360, not 380; Keras's count is 4\*\(13\*5 \+ 5\*5 \+ 5\) = 380/,
  );
});

Deno.test("totals that contradict the rows or each other are flagged", () => {
  const result = explainSummary(`${HEADER}
dense_1 (Dense)              (None, 5)                 70
=================================================================
Total params: 71
Trainable params: 70
Non-trainable params: 0`);
  assert.equal(result.totals.consistent, false);
  // A total above the rows alone may be a summary(layer_range=...)'s (not checked); its own
  // parts not adding up to it is a contradiction.
  assert.match(result.totals.note!, /^Line 5: The rows add up to 70, 1 less than Total params 71/);
  assert.match(result.totals.note!, /Trainable 70 \+ non-trainable 0 = 70, not the total 71/);
});

Deno.test("BatchNormalization's moving statistics are expected among the non-trainable", () => {
  const result = explainSummary(`${HEADER}
dense (Dense)                (None, 64)                1408
batch_normalization (BatchNo (None, 64)                256
=================================================================
Total params: 1,664
Trainable params: 1,536
Non-trainable params: 128`);
  assert.deepEqual(result.inputShape, [null, 21]);
  // Its scale and offset are Keras's defaults, so the configuration names neither.
  assert.deepEqual(result.rows[1].layer, { className: "BatchNormalization" });
  assert.ok(result.consistent, result.totals.note);
});

Deno.test("a layer class paramlab does not model is left unchecked, not guessed", () => {
  const result = explainSummary(`${HEADER}
patches (PatchExtractor)     (None, 10, 4)             0
lstm (LSTM)                  (None, 8)                 416`);
  assert.equal(result.rows[0].checked, false);
  assert.match(result.rows[0].note!, /does not model the PatchExtractor layer/);
  assert.equal(result.rows[1].consistent, true);
  assert.deepEqual(result.rows[1].layerInputShape, [null, 10, 4]);
  assert.equal(result.inputShape, null);
});

Deno.test("explainSummary refuses text that is not a summary with a SummaryParseError", () => {
  assert.throws(() => explainSummary("print(model.summary())"), SummaryParseError);
});

Deno.test("the explain command's report on seed 000's table names the input, formulas and the ?", () => {
  const pasted = seedText("000").split("\n").slice(48, 62).join("\n");
  const { report, consistent } = explainText(pasted);
  assert.ok(consistent);
  assert.match(report, /^Model input: \(None, 400, 13\)/);
  for (const formula of ["4*(13*5 + 5*5 + 5)", "4*(5*5 + 5*5 + 5)", "5*650 + 650"]) {
    assert.ok(report.includes(formula), formula);
  }
  assert.match(
    report,
    /The \? is TimeDistributed\(Dense\(650\)\) on 5 features: 5×650 \+ 650 = 3,900/,
  );
  const whole = explainText(seedText("000"));
  assert.match(whole.report, /Summary 3 of 3/);
});

const canSpawn = Deno.permissions.querySync({ name: "run" }).state === "granted" &&
  Deno.permissions.querySync({ name: "write" }).state === "granted";

Deno.test({
  name: "the explain command reads a file argument and standard input",
  ignore: !canSpawn,
}, async () => {
  const file = await Deno.makeTempFile({ suffix: ".txt" });
  const table = seedText("001");
  await Deno.writeTextFile(file, table);
  const tool = new URL("../tools/explain.ts", import.meta.url).pathname;
  const run = (args: string[], stdin?: string) =>
    runDeno(["run", "--allow-read", tool, ...args], { stdin });
  try {
    const fromFile = await run([file]);
    assert.equal(fromFile.code, 0, fromFile.stderr);
    assert.match(fromFile.stdout, /Model input: \(None, None, 1\)/);
    const fromStdin = await run([], table);
    assert.equal(fromStdin.stdout, fromFile.stdout);
    const notSummary = await run([], "hello");
    assert.equal(notSummary.code, 2);
    assert.match(notSummary.stderr, /Line 1: no model summary found/);
  } finally {
    await Deno.remove(file);
  }
});

// ---------------------------------------------------------------------------------------------
// Round trips: random models → summary text in each style → explainSummary → the same layers.

interface Draft {
  readonly make: () => Layer;
  readonly config: LayerConfig;
}

function recurrentDraft(
  kind: "LSTM" | "GRU" | "SimpleRNN",
  units: number,
  returnSequences: boolean,
  useBias: boolean,
  resetAfter: boolean,
): Draft {
  const Class = { LSTM, GRU, SimpleRNN }[kind];
  const args = { units, returnSequences, useBias, ...(kind === "GRU" ? { resetAfter } : {}) };
  return {
    make: () => new Class(args),
    config: { className: kind, ...args },
  };
}

const units = fc.integer({ min: 2, max: 24 });
const steps = fc.integer({ min: 2, max: 12 });

/** A first layer, with Keras's defaults where the count alone could not tell them apart. */
const firstLayer = fc.oneof(
  fc.tuple(fc.constantFrom("LSTM", "GRU", "SimpleRNN" as const), units, fc.boolean()).map(
    ([kind, m, seq]): Draft => recurrentDraft(kind, m, seq, true, true),
  ),
  fc.tuple(units, fc.boolean()).map(([m, seq]): Draft => ({
    make: () => new Bidirectional({ layer: new LSTM({ units: m, returnSequences: seq }) }),
    config: { className: "Bidirectional", layer: lstm(m, seq), mergeMode: "concat" },
  })),
  units.map((m): Draft => ({
    make: () => new TimeDistributed({ layer: new Dense({ units: m }) }),
    config: { className: "TimeDistributed", layer: dense(m) },
  })),
  units.map((m): Draft => ({ make: () => new Dense({ units: m }), config: dense(m) })),
  units.map((m): Draft => ({
    make: () => new Conv1D({ filters: m, kernelSize: 3 }),
    config: {
      className: "Conv1D",
      filters: m,
      kernelSize: [3],
      strides: [1],
      padding: "valid",
      useBias: true,
    },
  })),
);

/** A later layer for a (batch, steps, features) input. */
const sequenceLayer = fc.oneof(
  fc.tuple(
    fc.constantFrom("LSTM", "GRU", "SimpleRNN" as const),
    units,
    fc.boolean(),
    fc.boolean(),
    fc.boolean(),
  )
    .map(([kind, m, seq, bias, resetAfter]) => recurrentDraft(kind, m, seq, bias, resetAfter)),
  // Keras's default merge: with "sum", SimpleRNN(16) on 4 features and GRU(8) concatenated
  // print the same row, (None, 16) and 672, and the default is the reading chosen.
  fc.tuple(fc.constantFrom("LSTM", "GRU", "SimpleRNN" as const), units, fc.boolean(), fc.boolean())
    .map(([kind, m, seq, resetAfter]): Draft => {
      const mergeMode = "concat";
      const inner = recurrentDraft(kind, m, seq, true, resetAfter);
      return {
        make: () => new Bidirectional({ layer: inner.make() as LSTM, mergeMode }),
        config: { className: "Bidirectional", layer: inner.config as never, mergeMode },
      };
    }),
  fc.tuple(units, fc.boolean()).map(([m, bias]): Draft => ({
    make: () => new TimeDistributed({ layer: new Dense({ units: m, useBias: bias }) }),
    config: { className: "TimeDistributed", layer: dense(m, bias) },
  })),
  fc.tuple(units, fc.boolean()).map(([m, bias]): Draft => ({
    make: () => new Dense({ units: m, useBias: bias }),
    config: dense(m, bias),
  })),
  fc.constant<Draft>({ make: () => new Dropout({ rate: 0.2 }), config: { className: "Dropout" } }),
  fc.boolean().map((both): Draft => ({
    make: () => new LayerNormalization({ scale: both, center: both }),
    config: { className: "LayerNormalization", scale: both, center: both },
  })),
  fc.constant<Draft>({
    make: () => new GlobalAveragePooling1D(),
    config: { className: "GlobalAveragePooling1D" },
  }),
);

/** A later layer for a (batch, features) input. */
const vectorLayer = fc.oneof(
  fc.tuple(units, fc.boolean()).map(([m, bias]): Draft => ({
    make: () => new Dense({ units: m, useBias: bias }),
    config: dense(m, bias),
  })),
  fc.boolean().map((both): Draft => ({
    make: () => new BatchNormalization({ scale: both, center: both }),
    config: { className: "BatchNormalization", scale: both, center: both },
  })),
  fc.constant<Draft>({ make: () => new Dropout({ rate: 0.5 }), config: { className: "Dropout" } }),
  steps.map((n): Draft => ({
    make: () => new RepeatVector({ n }),
    config: { className: "RepeatVector", n },
  })),
);

interface RandomModel {
  readonly model: Sequential;
  readonly configs: LayerConfig[];
}

const randomModel: fc.Arbitrary<RandomModel> = fc.record({
  steps,
  features: fc.integer({ min: 1, max: 30 }),
  first: firstLayer,
  sequence: fc.array(sequenceLayer, { maxLength: 4 }),
  vector: fc.array(vectorLayer, { maxLength: 4 }),
  pool: fc.boolean(),
}).map(({ steps, features, first, sequence, vector, pool }) => {
  const model = new Sequential([new Input({ shape: [steps + 2, features] })]);
  const configs: LayerConfig[] = [];
  const add = (draft: Draft) => {
    model.add(draft.make());
    configs.push(draft.config);
  };
  add(first);
  // Keep adding while the output fits the next layer's input.
  const rank = () => (model.outputShape() as Shape).length;
  for (const draft of sequence) if (rank() === 3) add(draft);
  const length = (model.outputShape() as Shape)[1];
  if (pool && rank() === 3 && typeof length === "number" && length >= 2) {
    add({ make: () => new MaxPooling1D(), config: { className: "MaxPooling1D", poolSize: [2] } });
  }
  for (const draft of vector) {
    if (rank() === 2) add(draft);
    else if (rank() === 3 && draft.config.className === "Dense") add(draft);
  }
  return { model, configs };
});

/**
 * What a printed row can tell of a configuration: a dropout's rate is not printed, and a GRU
 * without bias has no resetAfter to tell.
 */
function normalize(config: LayerConfig | undefined): unknown {
  if (!config) return config;
  const copy = JSON.parse(JSON.stringify(config));
  const strip = (c: Record<string, unknown>) => {
    if (c.className === "GRU" && c.useBias === false) delete c.resetAfter;
    delete c.rate;
  };
  strip(copy);
  if (copy.layer) strip(copy.layer);
  return copy;
}

function expectedInput(model: Sequential): Shape {
  const input = model.inputShape();
  const first = model.layers[0];
  const out = first.outputShape() as Shape;
  // Steps are printed only if the first layer keeps them.
  return out.length === input.length ? input : [input[0], null, ...input.slice(2)];
}

function assertRoundTrip({ model }: RandomModel, text: string): void {
  const result = explainSummary(text);
  assert.equal(result.rows.length, model.layers.length);
  result.rows.forEach((row: ExplainedRow, i) => {
    const layer = model.layers[i];
    const where = `${layer.name} in\n${text}\n${row.note ?? ""}`;
    assert.deepEqual(normalize(row.layer), normalize(configOf(layer)), where);
    assert.equal(row.expectedParamCount, layer.paramCount(), where);
    assert.deepEqual(row.expectedOutputShape, layer.outputShape(), where);
    assert.ok(row.consistent, where);
  });
  assert.deepEqual(result.inputShape, expectedInput(model), text);
  assert.ok(result.consistent, `${text}\n${result.totals.note ?? ""}`);
}

Deno.test("round trip: random models through the Keras 2 table come back as the same layers", () => {
  fc.assert(
    fc.property(randomModel, (m) => assertRoundTrip(m, renderKeras2(m.model.summaryData()))),
    { seed: SEED, numRuns: 200 },
  );
});

Deno.test("round trip: random models through the Keras 3 table come back as the same layers", () => {
  fc.assert(
    fc.property(randomModel, (m) => assertRoundTrip(m, renderKeras3(m.model.summaryData()))),
    { seed: SEED, numRuns: 200 },
  );
});

Deno.test("round trip: annotated tables come back with the same formulas", () => {
  fc.assert(
    fc.property(randomModel, ({ model }) => {
      const data = model.summaryData({ explain: true });
      for (
        const text of [renderKeras2(data, { explain: true }), renderKeras3(data, { explain: true })]
      ) {
        const result = explainSummary(text);
        result.rows.forEach((row, i) => {
          assert.equal(row.annotation, data.rows[i].formula);
          assert.equal(row.formula, data.rows[i].formula);
          assert.ok(row.consistent, `${text}\n${row.note}`);
        });
      }
    }),
    { seed: SEED, numRuns: 100 },
  );
});

Deno.test("round trip: TensorFlow.js's own tables come back with TensorFlow.js's counts", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 20 }),
      fc.integer({ min: 2, max: 9 }),
      fc.integer({ min: 2, max: 9 }),
      fc.integer({ min: 2, max: 9 }),
      (features, a, b, c) => {
        const model = tf.sequential();
        model.add(tf.layers.lstm({ units: a, returnSequences: true, inputShape: [7, features] }));
        model.add(tf.layers.timeDistributed({ layer: tf.layers.dense({ units: b }) }));
        model.add(tf.layers.bidirectional({ layer: tf.layers.gru({ units: c }) as tf.layers.RNN }));
        model.add(tf.layers.batchNormalization());
        model.add(tf.layers.dense({ units: 1 }));
        const lines: string[] = [];
        model.summary(undefined, undefined, (line: string) => lines.push(line));
        const result = explainSummary(lines.join("\n"));
        assert.deepEqual(result.inputShape, [null, 7, features]);
        result.rows.forEach((row, i) => {
          assert.equal(row.expectedParamCount, model.layers[i].countParams(), row.note);
          assert.ok(row.consistent, row.note);
        });
        const bi = result.rows[2].layer;
        // TF.js's GRU has no resetAfter: the reading TF.js's counts give.
        assert.deepEqual(bi, {
          className: "Bidirectional",
          layer: { className: "GRU", units: c, resetAfter: false },
        });
        assert.equal(result.totals.expected?.totalParams, model.countParams());
        assert.ok(result.totals.consistent, result.totals.note);
      },
    ),
    { seed: SEED, numRuns: 25 },
  );
});
