// Keras prints, we read: tables real Keras 3.15.1 printed (tools/keras_oracle/prints.py) at
// random line lengths, with show_trainable and expand_nested at random, some layers frozen and
// some models compiled, each read back by explainSummary and compared row by row with what Keras
// recorded (tools/keras_oracle/prints_check.ts). Every table must be fully explained, except
// for rows no reader could check from the table alone (listed), and the known differences of
// tests/keras_prints_known_differences.ts, each of which must still occur.
//
// The committed set is tests/fixtures/keras_prints/tables.json.gz (regenerate with
// `KERAS_BACKEND=jax .venv/bin/python tools/keras_oracle/prints.py OUT.json --seed 16
// --models 60 --graphs 40 --per-model 3 --never-drop 4`, then `gzip -9n`), plus one failing
// table per known difference in tests/fixtures/keras_prints/failing/, and in fixed/ one table of
// each difference the reader no longer shows, which must read fully, and in exceptions/ one
// table of each kind of row no reader could check from the table alone, asserted as such, and in
// declined/ tables the reader once read wrong and now declines, asserted never wrong. `deno task oracle` and
// `deno task oracle:graphs` check fresh tables the same way.

import assert from "assert";
import { explainSummary, parseSummary } from "../mod.ts";
import {
  checkAll,
  checkTable,
  type KerasRow,
  type PrintedTable,
  tablesOf,
} from "../tools/keras_oracle/prints_check.ts";
import { KNOWN_PRINT_DIFFERENCES } from "./keras_prints_known_differences.ts";

const FOLDER = new URL("./fixtures/keras_prints/", import.meta.url);

async function committed(): Promise<{ seed: number; tables: PrintedTable[] }> {
  const bytes = await Deno.readFile(new URL("tables.json.gz", FOLDER));
  const text = await new Response(
    new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip")),
  ).text();
  const data = JSON.parse(text);
  return { seed: data.seed, tables: tablesOf(data) };
}

/** The tables of `folder` (`failing/` or `fixed/`), by file name without `.json`. */
function examples(folder: string): Map<string, PrintedTable> {
  const found = new Map<string, PrintedTable>();
  for (const entry of Deno.readDirSync(new URL(folder, FOLDER))) {
    if (!entry.name.endsWith(".json")) continue;
    const text = Deno.readTextFileSync(new URL(`${folder}${entry.name}`, FOLDER));
    found.set(entry.name.replace(/\.json$/, ""), JSON.parse(text));
  }
  return found;
}

/** The failing examples, one per known difference, by the difference's file name. */
const failing = (): Map<string, PrintedTable> => examples("failing/");

/** A known difference's file name: `two-line header` is `two-line-header`. */
function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}

Deno.test("every table Keras printed is fully explained, or a known difference", async () => {
  const { seed, tables } = await committed();
  assert.ok(tables.length >= 100, `only ${tables.length} tables (seed ${seed})`);
  const { checks, counts } = checkAll([...tables, ...failing().values()]);
  const unknown = checks.filter((c) => c.known.some((k) => k === undefined));
  for (const [name, n] of counts.byKnown) console.log(`known difference "${name}": ${n} tables`);
  console.log(
    `${counts.tables} tables: ${counts.fullyExplained} fully explained, ${counts.failures} ` +
      `known differences; ${counts.exceptionRows} rows no reader could check`,
  );
  assert.deepEqual(
    unknown.slice(0, 5).map((c) => ({
      table: `${c.table.source} seed ${c.table.seed} table ${c.table.variant}`,
      options: c.table.options,
      findings: c.findings.filter((_, i) => c.known[i] === undefined),
    })),
    [],
    `${unknown.length} tables are not fully explained (tools/keras_oracle/prints.py seed ${seed})`,
  );
  // Most tables read fully: the known differences are the exception.
  assert.ok(counts.fullyExplained >= tables.length / 3, `${counts.fullyExplained} fully explained`);
  const unused = KNOWN_PRINT_DIFFERENCES.filter((k) => !counts.byKnown.has(k.name));
  assert.deepEqual(
    unused.map((k) => k.name),
    [],
    "these known differences no longer occur: remove them from " +
      "tests/keras_prints_known_differences.ts (and move their example from " +
      "tests/fixtures/keras_prints/failing/ into fixed/, the tables that must read fully)",
  );
});

Deno.test("each failing example shows its known difference, and only known ones", () => {
  const examples = failing();
  for (const known of KNOWN_PRINT_DIFFERENCES) {
    const table = examples.get(slug(known.name));
    assert.ok(table, `tests/fixtures/keras_prints/failing/${slug(known.name)}.json is missing`);
    const check = checkTable(table);
    assert.ok(
      check.known.some((k) => k === known),
      `failing/${slug(known.name)}.json no longer shows "${known.name}": ${
        JSON.stringify(check.findings)
      }`,
    );
    assert.ok(check.known.every((k) => k !== undefined), `failing/${slug(known.name)}.json`);
  }
  assert.equal(examples.size, KNOWN_PRINT_DIFFERENCES.length, [...examples.keys()].join(", "));
});

Deno.test("each example of a difference the reader fixed reads fully", () => {
  const fixed = examples("fixed/");
  assert.ok(fixed.size >= 20, `${fixed.size} examples in tests/fixtures/keras_prints/fixed/`);
  const unexplained = [...fixed].map(([name, table]) => ({ name, check: checkTable(table, []) }))
    .filter(({ check }) => check.findings.length > 0)
    .map(({ name, check }) => ({ name, findings: check.findings }));
  assert.deepEqual(unexplained, []);
});

Deno.test("the committed tables cover the ways people print", async () => {
  const { tables } = await committed();
  const count = (test: (t: PrintedTable) => boolean) => tables.filter(test).length;
  const nestedExpanded = count((t) => t.rows.some((r: KerasRow) => r.depth > 0));
  assert.ok(nestedExpanded >= 5, `${nestedExpanded} tables print a nested model's rows`);
  assert.ok(count((t) => t.options.optimizer !== null) >= 10, "compiled models");
  assert.ok(count((t) => t.totals.optimizer !== null && t.totals.optimizer > 0) >= 10);
  assert.ok(count((t) => t.options.frozen.length > 0) >= 20, "frozen layers");
  assert.ok(count((t) => t.options.show_trainable) >= 20, "show_trainable");
  assert.ok(count((t) => t.options.line_length < 60) >= 10, "narrow tables");
  assert.ok(count((t) => t.options.line_length > 140) >= 10, "wide tables");
  assert.ok(count((t) => t.table.includes("Connected to")) >= 20, "graph tables");
  assert.ok(count((t) => t.table.includes("Optimizer params")) >= 10, "Optimizer params");
});

Deno.test("a row read wrong is found: the check can fail", async () => {
  const { tables } = await committed();
  const full = tables.find((t) =>
    checkTable(t).findings.length === 0 && t.rows.some((r) => (r.params ?? 0) > 0)
  );
  assert.ok(full, "a fully explained table with a count");
  const index = full.rows.findIndex((r) => (r.params ?? 0) > 0);
  const wrong = (change: Partial<KerasRow>): PrintedTable => ({
    ...full,
    rows: full.rows.map((r, i) => i === index ? { ...r, ...change } : r),
  });
  const kinds = (t: PrintedTable) => checkTable(t, []).findings.map((f) => f.kind);
  assert.ok(kinds(wrong({ name: "another_name" })).includes("name"));
  assert.ok(kinds(wrong({ params: full.rows[index].params! + 1 })).includes("count"));
  assert.ok(kinds(wrong({ output_shape: [null, 123456] })).includes("shape"));
  assert.ok(
    kinds({ ...full, totals: { ...full.totals, total: full.totals.total + 1 } })
      .includes("totals"),
  );
  assert.ok(kinds({ ...full, rows: full.rows.slice(1) }).includes("rows"));
});

Deno.test("a nested model printed nowhere is an exception, listed, not a failure", () => {
  const table = [
    'Model: "outer"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                      ┃ Output Shape             ┃       Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
    "│ block (Sequential)                │ (None, 4)                │           172 │",
    "├───────────────────────────────────┼──────────────────────────┼───────────────┤",
    "│ dense_3 (Dense)                   │ (None, 2)                │            10 │",
    "└───────────────────────────────────┴──────────────────────────┴───────────────┘",
    " Total params: 182 (728.00 B)",
    " Trainable params: 182 (728.00 B)",
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n");
  // Printed by Keras 3.15.1: Sequential([Input((16,)), block, Dense(2)], name="outer") with
  // block = Sequential([Input((16,)), Dense(8), Dense(4)]), summary(line_length=80).
  const row = (name: string, class_name: string, params: number, shape: number[]) => ({
    name,
    class_name,
    params,
    trainable: params,
    output_shape: [null, ...shape],
    depth: 0,
    inbound: [],
    nested_model: class_name === "Sequential",
    expanded: false,
    built: true,
  });
  const check = checkTable({
    source: "sequential",
    seed: 0,
    variant: 0,
    options: {
      line_length: 80,
      show_trainable: false,
      expand_nested: false,
      columns: 80,
      frozen: [],
      optimizer: null,
    },
    table,
    rows: [row("block", "Sequential", 172, [4]), row("dense_3", "Dense", 10, [2])],
    totals: { total: 182, trainable: 182, non_trainable: 0, optimizer: null },
  }, []);
  assert.deepEqual(check.findings, []);
  assert.deepEqual(check.exceptions, [
    "block (Sequential): a nested model whose layers are printed nowhere",
  ]);
});

Deno.test("rows no reader could check from the table alone are exceptions, by the reader's reason", () => {
  // Each table of exceptions/ reads fully but for one row the reader itself leaves not checked,
  // for a reason the table cannot settle.
  const expected: Record<string, string | readonly string[]> = {
    "rnn-over-stacked-cells":
      "rnn (RNN): an RNN over stacked cells, whose kinds and sizes are printed nowhere",
    "first-rnn-over-stacked-cells":
      "rnn (RNN): an RNN over stacked cells, whose kinds and sizes are printed nowhere",
    "time-distributed-over-stacked-cells": "time_distributed (TimeDistributed): a " +
      "TimeDistributed of an RNN over stacked cells, whose kinds and sizes are printed nowhere",
    "cut-wrapper-over-stacked-cells": "time_distributed (TimeDistributed): a " +
      "TimeDistributed of an RNN over stacked cells, whose kinds and sizes are printed nowhere",
    "time-distributed-over-an-equation": "time_distributed (TimeDistributed): a " +
      "TimeDistributed of an EinsumDense of an equation printed nowhere, other than a " +
      "projection of the last axis",
    "lora-rank-input-not-printed":
      "dense_1 (Dense): an input printed nowhere, with which several LoRA ranks fit the count",
    "cut-class-not-resolved":
      "global_max_pooling2d (GlobalMaxPooling2D): a class cut short that several classes fit",
    "console-cut-inside-the-names": "normalization (Normalization): the console cut the table " +
      "inside its Layer (type) column, so no shape or count is printed",
    "cut-connected-to-entries":
      "conv1d_2 (Conv1D): a Connected to entry cut short that several rows fit",
    "positions-cut-an-output-shape":
      "dense_1 (Dense): a column narrower than its output shape (summary's positions), which cut it",
    // The oracle's seed 1487254245: an RNN of one LSTM cell first in an expanded nested
    // Sequential, its count cut to "1,1…" beside an RNN over stacked cells cut to "1,8…".
    "cut-rnn-first-in-an-expanded-nested-model": [
      "sequential (Sequential): a nested model whose layers' sum is open only through layers " +
      "no reader could check (listed with it)",
      "rnn (RNN): an input printed nowhere, on which the kind gives the printed output any count",
      "rnn_1 (RNN): an RNN over stacked cells, whose kinds and sizes are printed nowhere",
    ],
    // The oracle's seed 1597303323, at positions [0.12, 0.67, 0.89, 1]: a name column three
    // wide cuts the nested layers' `   └` markers to `  …`; after a class cut short, which may
    // be a model's, how deep a layer is is open.
    "positions-cut-nested-markers": [
      "input_layer_1 (InputLayer): a class cut short that several classes fit",
      "with space (Sequential): a column narrower than its layers' └ markers (summary's " +
      "positions), which cut them",
      ...[
        "lstm_99_837 (Rescaling)",
        "activation (Activation)",
        "activity_regularization (ActivityRegularization)",
        "re_lu (ReLU)",
        "global_average_pooling2d (GlobalAveragePooling2D)",
        "Dense_345 (RepeatVector)",
        "activation_1 (Activation)",
      ].map((row) => `${row}: a class cut short that several classes fit`),
    ],
    // The graphs oracle's seed 717244402: an Output Shape column one wide cuts every shape,
    // so the Attention's inputs are printed nowhere.
    "positions-cut-the-shape-that-feeds-a-row": "attention (Attention): a column narrower " +
      "than the output shape of the row that feeds it (summary's positions), which cut it",
    // The graphs oracle's seed 1068492580: a name column one wide shows no └ marker, so which
    // rows are the nested model's layers, and what the total adds up, is not printed.
    "positions-name-column-one-wide": [
      "Total params: a name column narrower than the └ markers (summary's positions), which " +
      "leaves open which rows the total adds up",
      ...[
        "input_layer (InputLayer)",
        "block_751490 (Sequential)",
        "dense (Dense)",
        "dense_1 (Dense)",
        "dense_2 (Dense)",
        "dense_3 (Dense)",
        "dense_4 (Dense)",
        "input_layer_1 (InputLayer)",
        "in_2 (InputLayer)",
        "average (Average)",
      ].map((row) =>
        `${row}: a column narrower than its layer's class (summary's positions), which cut it`
      ),
    ],
    // The graphs oracle's seed 831043563: a Param # column of no width; two attention layers,
    // which fit almost any count, leave the printed total open to every row.
    "positions-count-column-of-no-width": [
      "dense (Dense)",
      "multi_head_attention (MultiHeadAttention)",
      "multi_head_attention_1 (MultiHeadAttention)",
      "layer_normalization (LayerNormalization)",
    ].map((row) =>
      `${row}: a Param # column of no width (summary's positions): the count is printed ` +
      `nowhere, and the rest of the table does not tell it`
    ),
    // The oracle's seed 136906377: a first GRU whose output shape a column cut to "(N… 18…".
    "positions-first-layer-with-its-output-shape-cut":
      "gru (GRU): a column narrower than its output shape (summary's positions), which cut it",
    // The oracle's seed 647549390: a console 71 wide cut the table just past its Layer (type)
    // column, 67 wide at positions [0.69, …]: a header of that column alone.
    "positions-console-cut-at-the-names-edge": [
      "input_layer_3 (InputLayer)",
      "sequential_2 (Sequential)",
      "activation (Activation)",
    ].map((row) =>
      `${row}: the console cut the table inside its Layer (type) column, so no shape or count ` +
      `is printed`
    ),
    "positions-cut-classes": [
      "input_layer (InputLayer): a column narrower than its layer's class (summary's " +
      "positions), which cut it",
      "gru (GRU): a column narrower than its layer's class (summary's positions), which cut it",
      "in_0 (InputLayer): a column narrower than its layer's class (summary's positions), " +
      "which cut it",
      "additive_attention (AdditiveAttention): a class cut short that several classes fit",
    ],
  };
  const tables = examples("exceptions/");
  assert.deepEqual([...tables.keys()].sort(), Object.keys(expected).sort());
  for (const [name, table] of tables) {
    const check = checkTable(table, []);
    assert.deepEqual(check.findings, [], name);
    assert.deepEqual(check.exceptions, [expected[name]].flat(), name);
  }
  // A class or shape cut the same way in a table printed without positions of its own is no
  // excuse: rich wraps a name or a shape there, it does not cut it.
  for (const name of ["positions-cut-classes", "positions-cut-an-output-shape"]) {
    const placed = tables.get(name)!;
    const { positions: _, ...options } = placed.options;
    const unplaced: PrintedTable = { ...placed, options };
    assert.ok(checkTable(unplaced, []).findings.some((f) => f.kind === "not checked"), name);
  }
  // Only the reader's own reason excuses a row: a stacked-cells RNN row Keras says is a plain
  // cell, or a class the cut one cannot be, is a failure.
  const rnn = tables.get("rnn-over-stacked-cells")!;
  const plain: PrintedTable = {
    ...rnn,
    rows: rnn.rows.map((r) =>
      r.class_name === "RNN"
        ? { ...r, config: { ...r.config, cell: { class_name: "SimpleRNNCell" } } }
        : r
    ),
  };
  assert.deepEqual(checkTable(plain, []).findings.map((f) => f.kind), ["not checked"]);
  // The same for a TimeDistributed whose RNN Keras says runs one plain cell.
  const wrapped = tables.get("time-distributed-over-stacked-cells")!;
  const plainWrapped: PrintedTable = {
    ...wrapped,
    rows: wrapped.rows.map((r) => {
      if (r.class_name !== "TimeDistributed") return r;
      const layer = r.config!.layer as { config: Record<string, unknown> };
      const cell = { class_name: "SimpleRNNCell" };
      return {
        ...r,
        config: { ...r.config, layer: { ...layer, config: { ...layer.config, cell } } },
      };
    }),
  };
  assert.deepEqual(checkTable(plainWrapped, []).findings.map((f) => f.kind), ["not checked"]);
  // And for a TimeDistributed whose EinsumDense Keras says projects the last axis, the one form
  // the reader tries in it ("abc,o->abo" said to be "abc,co->abo").
  const equation = tables.get("time-distributed-over-an-equation")!;
  const projecting: PrintedTable = {
    ...equation,
    rows: equation.rows.map((r) => {
      if (r.class_name !== "TimeDistributed") return r;
      const layer = r.config!.layer as { config: Record<string, unknown> };
      return {
        ...r,
        config: {
          ...r.config,
          layer: { ...layer, config: { ...layer.config, equation: "abc,co->abo" } },
        },
      };
    }),
  };
  assert.deepEqual(checkTable(projecting, []).findings.map((f) => f.kind), ["not checked"]);
  // A LoRA rank Keras did not use is no excuse: the rank must be among the reader's readings.
  const lora = tables.get("lora-rank-input-not-printed")!;
  const otherRank: PrintedTable = {
    ...lora,
    rows: lora.rows.map((r) =>
      r.class_name === "Dense" ? { ...r, config: { ...r.config, lora_rank: 7 } } : r
    ),
  };
  assert.deepEqual(checkTable(otherRank, []).findings.map((f) => f.kind), ["not checked"]);
  const pooling = tables.get("cut-class-not-resolved")!;
  const other: PrintedTable = {
    ...pooling,
    rows: pooling.rows.map((r) =>
      r.class_name === "GlobalMaxPooling2D" ? { ...r, class_name: "GlobalMaxPoolingXD" } : r
    ),
  };
  assert.ok(checkTable(other, []).findings.some((f) => f.kind === "not checked"));
});

Deno.test("the Trainable column is read: Keras 3's - for a layer without weights, Y or N", async () => {
  const { tables } = await committed();
  const shown = tables.filter((t) => t.options.show_trainable);
  assert.ok(shown.length >= 100, `${shown.length} tables printed with show_trainable`);
  let rows = 0;
  for (const t of tables) {
    const flags = parseSummary(t.table).rows.map((r) => r.trainableFlag);
    if (!t.options.show_trainable) {
      assert.ok(flags.every((f) => f === undefined), `seed ${t.seed}: a flag read from no column`);
      continue;
    }
    flags.forEach((flag, i) => {
      const keras = t.rows[i];
      if (!keras.built) return;
      rows++;
      // Keras 3 prints "-" exactly when the layer has no weights (summary_utils.py).
      assert.equal(flag === "-", keras.params === 0, `seed ${t.seed} ${keras.name}: ${flag}`);
      assert.ok(flag !== undefined, `seed ${t.seed} ${keras.name}: no flag read`);
    });
  }
  assert.ok(rows >= 500, `${rows} rows with a flag`);
  // A flag that contradicts the layer is flagged: a Dense marked "-", a Dropout marked "Y".
  const table = [
    'Model: "sequential"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┳━━━━━━━━━━━━┓",
    "┃ Layer (type)            ┃ Output Shape        ┃  Param # ┃ Trainable  ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━╇━━━━━━━━━━━━┩",
    "│ dense (Dense)           │ (None, 5)           │       70 │     Y      │",
    "├─────────────────────────┼─────────────────────┼──────────┼────────────┤",
    "│ dropout (Dropout)       │ (None, 5)           │        0 │     -      │",
    "└─────────────────────────┴─────────────────────┴──────────┴────────────┘",
    " Total params: 70 (280.00 B)",
    " Trainable params: 70 (280.00 B)",
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n");
  assert.ok(explainSummary(table).fullyExplained, String(explainSummary(table)));
  const swapped = table.replace("│     Y      │", "│     -      │").replace(
    "│        0 │     -      │",
    "│        0 │     Y      │",
  );
  const rowsRead = explainSummary(swapped).rows;
  assert.deepEqual(rowsRead.map((r) => [r.trainableFlag, r.consistent]), [
    ["-", false],
    ["Y", false],
  ]);
  assert.match(rowsRead[0].note ?? "", /Keras 3 prints "-" for a layer without weights/);
  assert.match(rowsRead[1].note ?? "", /Dropout has none/);
});

Deno.test("each table the reader once read wrong is declined, never flagged or misread", () => {
  // declined/: tables real Keras printed that the reader read wrong (a row flagged, a count
  // or shape misread) and now leaves rows of not checked, which the table may not decide.
  const tables = examples("declined/");
  assert.ok(tables.size >= 1, `${tables.size} tables in tests/fixtures/keras_prints/declined/`);
  for (const [name, table] of tables) {
    const wrong = checkTable(table, []).findings.filter((f) => f.declined !== true);
    assert.deepEqual(wrong, [], name);
  }
});

Deno.test("a LoRA count cut in a nested model is not flagged by the total of the model around it", () => {
  // declined/cut-lora-count-in-a-nested-model (CI's oracle, seed 2058298283): Keras printed
  // Dense(6, lora_rank=7) on 163,037 features, 2,119,529, cut to "2,11…" below a nested
  // Sequential cut to "2,77…". The total less the top rows gives the nested model's count, not
  // the Dense's: the reader flagged it with 978,228, the Dense without LoRA.
  const table = examples("declined/").get("cut-lora-count-in-a-nested-model")!;
  const dense = explainSummary(table.table).rows.find((r) => r.name === "dense_1")!;
  assert.equal(dense.checked, false);
  assert.equal(dense.consistent, true);
  assert.ok(dense.candidateCounts?.includes(2_119_529), String(dense.candidateCounts));
});
