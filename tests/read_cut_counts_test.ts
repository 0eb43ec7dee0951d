// Counts a narrow console cuts with `…`, filled from what the table adds up to
// (lib/read/_cut_counts.ts): the printed total over the top rows, a nested model's count over
// its layers printed below it (expand_nested). Every table here is one Keras 3.15.1 printed
// whole (its model given beside it), with cells cut as a narrower column cuts them.

import assert from "assert";
import { explainSummary, parseSummary } from "../mod.ts";

/**
 * Printed by Keras 3.15.1, `summary(line_length=60, expand_nested=True)` of
 * `Model(i, Dense(2)(block(i)), name="outer")`, `i = Input((32,))`, `block =
 * Sequential([Input((32,)), Dense(64), Dense(10)], name="block")`; the counts given replace
 * Keras's (2,762, 2,112 and 650) as a narrower column cuts them.
 */
function outer(block: string, dense: string, dense1: string, total = "2,784"): string {
  const cell = (text: string) => text.padStart(9);
  return [
    'Model: "outer"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓",
    "┃ Layer (type)             ┃ Output Shape      ┃   Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩",
    "│ input_layer_1            │ (None, 32)        │         0 │",
    "│ (InputLayer)             │                   │           │",
    "├──────────────────────────┼───────────────────┼───────────┤",
    `│ block (Sequential)       │ (None, 10)        │ ${cell(block)} │`,
    "├──────────────────────────┼───────────────────┼───────────┤",
    `│    └ dense (Dense)       │ (None, 64)        │ ${cell(dense)} │`,
    "├──────────────────────────┼───────────────────┼───────────┤",
    `│    └ dense_1 (Dense)     │ (None, 10)        │ ${cell(dense1)} │`,
    "├──────────────────────────┼───────────────────┼───────────┤",
    "│ dense_2 (Dense)          │ (None, 2)         │        22 │",
    "└──────────────────────────┴───────────────────┴───────────┘",
    ` Total params: ${total} (10.88 KB)`,
    ` Trainable params: ${total} (10.88 KB)`,
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n");
}

const byName = (text: string) =>
  new Map(explainSummary(text).rows.map((r) => [r.name, r] as const));

Deno.test("the table as Keras printed it reads fully", () => {
  const result = explainSummary(outer("2,762", "2,112", "650"));
  assert.ok(result.fullyExplained, String(result));
});

Deno.test("a nested model's printed count decides its layers' cut counts", () => {
  // dense is Dense(64) on 32 features: (32 + 1) × 64 = 2,112 with its bias, 32 × 64 = 2,048
  // without; dense_1 on 64: 650 or 640. Cut to `2…` and `6…`, each fits both; of the four
  // sums only 2,112 + 650 is block's 2,762.
  const rows = byName(outer("2,762", "2…", "6…"));
  assert.equal(rows.get("dense")!.expectedParamCount, (32 + 1) * 64);
  assert.equal(rows.get("dense_1")!.expectedParamCount, (64 + 1) * 10);
  for (const name of ["dense", "dense_1", "block"]) {
    const row = rows.get(name)!;
    assert.ok(row.checked && row.consistent, `${name}: ${row.note}`);
  }
  assert.match(rows.get("dense")!.note ?? "", /only 2,112 gives block's count/);
});

Deno.test("a nested model's cut count, the total less the other rows, decides its layers' cut counts", () => {
  // block is cut to `2,7…` too: the total less dense_2's 22 gives it, 2,762.
  const result = explainSummary(outer("2,7…", "2…", "6…"));
  assert.ok(result.fullyExplained, String(result));
  const rows = new Map(result.rows.map((r) => [r.name, r] as const));
  assert.equal(rows.get("block")!.expectedParamCount, 2_762);
  assert.equal(rows.get("dense")!.expectedParamCount, 2_112);
  assert.equal(rows.get("dense_1")!.expectedParamCount, 650);
});

Deno.test("cut counts that no sum tells apart stay unknown, never guessed", () => {
  // The totals not pasted: block's `2,7…` is 2,112 + 650 = 2,762 or 2,112 + 640 = 2,752 (the
  // other two sums start 2,6), so neither filling is taken.
  const table = outer("2,7…", "2…", "6…").split("\n").filter((l) => !/params:/.test(l));
  const rows = byName(table.join("\n"));
  for (const name of ["dense", "dense_1"]) {
    assert.equal(rows.get(name)!.checked, false, name);
    assert.equal(rows.get(name)!.notCheckedReason, "count cut", name);
  }
  assert.equal(rows.get("block")!.checked, false);
  assert.equal(rows.get("block")!.expectedParamCount, null);
  // A nested model's printed count that no filling gives (shared layers could) decides nothing.
  const other = byName(outer("2,763", "2…", "6…", "2,785"));
  assert.equal(other.get("dense")!.checked, false);
  assert.equal(other.get("dense")!.expectedParamCount, null);
  assert.equal(other.get("block")!.consistent, true);
});

/**
 * Printed by Keras 3.15.1 at `line_length=43` in a 43-column console:
 * `Sequential([Input(...), block], name="sequential_1")` where `block`, named "sequential", is a
 * Sequential of 3,234 parameters; its layers are printed nowhere.
 */
function printedNowhere(total: string): string {
  return [
    'Model: "sequential_1"',
    "┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━┳━━━━┓",
    "┃                ┃ Output     ┃ Par… ┃    ┃",
    "┃ Layer (type)   ┃ Shape      ┃    # ┃ T… ┃",
    "┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━╇━━━━┩",
    "│ sequential     │ (None, 1,  │ 3,2… │ Y  │",
    "│ (Sequential)   │ 1, 7)      │      │    │",
    "└────────────────┴────────────┴──────┴────┘",
    ` Total params: ${total} (12.63 KB)`,
    ` Trainable params: ${total} (12.63 KB)`,
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n");
}

Deno.test("a nested model printed nowhere gets its cut count from the total, and stays not checked", () => {
  const nested = explainSummary(printedNowhere("3,234")).rows[0];
  assert.equal(nested.expectedParamCount, 3_234);
  assert.equal(nested.checked, false);
  assert.equal(nested.notCheckedReason, "nested Sequential, its layers not shown");
  assert.match(nested.note ?? "", /the printed total less the other rows gives 3,234/);
  // A total that does not start as the cut count tells nothing.
  assert.equal(explainSummary(printedNowhere("4,234")).rows[0].expectedParamCount, null);
});

Deno.test("a totals line a narrow console cut inside its size reads its count", () => {
  // Keras 3.15.1 in a 45-column console: the sizes `(510.27 GB)` and `(1020.54 GB)` are cut,
  // their rest carried to the next line (tests/fixtures/keras_prints/fixed/
  // trainable-params-line-cut.txt is the whole table).
  const table = [
    "┏━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━┳━━━━━━━━┓",
    "┃ Layer (type)      ┃ Output Shape ┃  Param ┃",
    "┡━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━╇━━━━━━━━┩",
    "│ dense (Dense)     │ (None, 5)    │     70 │",
    "└───────────────────┴──────────────┴────────┘",
    " Total params: 410,922,943,502 (1.49 TB)",
    " Trainable params: 136,974,314,500 (510.27 ",
    "GB)",
    " Non-trainable params: 0 (0.00 B)",
    " Optimizer params: 273,948,629,002 (1020.54 ",
    "GB)",
  ].join("\n");
  const parsed = parseSummary(table);
  assert.equal(parsed.trainableParams, 136_974_314_500);
  assert.equal(parsed.nonTrainableParams, 0);
  assert.equal(parsed.optimizerParams, 273_948_629_002);
  // A count cut short is still an error, named.
  assert.throws(
    () => parseSummary(table.replace("136,974,314,500 (510.27 ", "136,974,3")),
    /cannot read the trainable params count/,
  );
});

Deno.test("a nested model and its one layer both cut: the total less the other rows gives both", () => {
  // Printed by Keras 3.15.1, `summary(line_length=40, expand_nested=True)` in a 40-column
  // console: Sequential([Input((20, 300)), inner, Dense(3)]) with inner =
  // Sequential([Input((20, 300)), SimpleRNN(33)]). SimpleRNN(33) on 300 features:
  // 300 × 33 + 33 × 33 + 33 = 11,022; Dense(3) on 33: 102; total 11,124.
  const result = explainSummary([
    'Model: "outer"',
    "┏━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━┓",
    "┃                 ┃ Output     ┃ Param ┃",
    "┃ Layer (type)    ┃ Shape      ┃     # ┃",
    "┡━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━┩",
    "│ inner           │ (None, 33) │ 11,0… │",
    "│ (Sequential)    │            │       │",
    "├─────────────────┼────────────┼───────┤",
    "│    └ simple_rnn │ (None, 33) │ 11,0… │",
    "│ (SimpleRNN)     │            │       │",
    "├─────────────────┼────────────┼───────┤",
    "│ dense (Dense)   │ (None, 3)  │   102 │",
    "└─────────────────┴────────────┴───────┘",
    " Total params: 11,124 (43.45 KB)",
    " Trainable params: 11,124 (43.45 KB)",
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n"));
  assert.ok(result.fullyExplained, String(result));
  assert.deepEqual(result.rows.map((r) => r.expectedParamCount), [11_022, 11_022, 102]);
  assert.match(result.rows[1].note ?? "", /total less the other rows gives 11,022/);
});

Deno.test("the one cut count of a row no configuration can be checked on is the total less the others, and the row stays not checked", () => {
  // Printed by Keras 3.15.1 (the oracle's seed 35219462, compiled with Adadelta): an RNN over a
  // cell the table does not name, first in the model, so its input is unknown. Its count, cut
  // to "86,290,8…", is the total less the optimizer's 2: 86,290,825,922 - 2.
  const table = [
    'Model: "sequential"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━┓",
    "┃ Layer (type)            ┃ Output Shape     ┃   Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━┩",
    "│ rnn (RNN)               │ (None, 293748)   │ 86,290,8… │",
    "└─────────────────────────┴──────────────────┴───────────┘",
    " Total params: 86,290,825,922 (321.46 GB)",
    " Trainable params: 0 (0.00 B)",
    " Non-trainable params: 86,290,825,920 (321.46 GB)",
    " Optimizer params: 2 (8.00 B)",
  ].join("\n");
  const [row] = explainSummary(parseSummary(table)).rows;
  assert.equal(row.checked, false);
  assert.equal(row.expectedParamCount, 86_290_825_922 - 2);
  assert.match(row.note ?? "", /the total less the other rows gives 86,290,825,920/);
});

Deno.test("a cut count that one RNN cell starts as is no proof: stacked cells may give it, and the sums give the count", () => {
  // Printed by Keras 3.15.1 (the oracle's seed 433805956, model 1107418557): the RNN runs
  // StackedRNNCells (two GRUCells and a SimpleRNNCell), which its row does not show. One
  // GRU cell's 227,651,989,092 starts as "227,651,9…" too; the total, less the Conv1D's 25,
  // gives Keras's 227,651,989,746.
  const table = [
    'Model: "functional_1"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┓",
    "┃ Layer (type)              ┃ Output Shape       ┃    Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━┩",
    "│ input_layer_1             │ (None, 19, 5)      │          0 │",
    "│ (InputLayer)              │                    │            │",
    "├───────────────────────────┼────────────────────┼────────────┤",
    "│ sequential (Sequential)   │ (None, 275468)     │ 227,651,9… │",
    "├───────────────────────────┼────────────────────┼────────────┤",
    "│    └ conv1d (Conv1D)      │ (None, 10, 5)      │         25 │",
    "├───────────────────────────┼────────────────────┼────────────┤",
    "│    └ rnn (RNN)            │ (None, 275468)     │ 227,651,9… │",
    "├───────────────────────────┼────────────────────┼────────────┤",
    "│    └                      │ (None, 275468)     │          0 │",
    "│ activity_regularization   │                    │            │",
    "│ (ActivityRegularization)  │                    │            │",
    "├───────────────────────────┼────────────────────┼────────────┤",
    "│ activation (Activation)   │ (None, 275468)     │          0 │",
    "└───────────────────────────┴────────────────────┴────────────┘",
    " Total params: 227,651,989,771 (848.07 GB)",
    " Trainable params: 227,651,989,771 (848.07 GB)",
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n");
  const result = explainSummary(parseSummary(table));
  const rnn = result.rows.find((r) => r.name === "rnn")!;
  assert.equal(rnn.checked, false);
  assert.equal(rnn.expectedParamCount, 227_651_989_771 - 25);
  assert.ok(result.totals.consistent, String(result));
});

Deno.test("cut counts: guesses of a kind read generically are no proof, even when the total fits one pair", () => {
  // Real Keras 3.15.1 printed this (scan seed 759827977): an Embedding whose vocabulary is not
  // printed (2,790) and a SeparableConv2D with a depth multiplier of 3 (1,629), both cut to
  // "2,…" and "1,…". The convolution's usual guesses give 1,749 among others, and the total
  // less it, 2,670, fits an Embedding: a filling that adds up, and is wrong. Only a kind whose
  // reading tries every configuration, or whose count forms hold every count it may have (the
  // separable convolutions' since, every window, depth multiplier and bias), may have its
  // counts chosen by the total: each row is not checked, or checked with Keras's count.
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL("./fixtures/cut_counts_guesses_are_no_proof.json", import.meta.url),
    ),
  );
  const kerasCounts = record.rows.map((r: { params: number }) => r.params);
  assert.deepEqual(kerasCounts.slice(0, 2), [2790, 1629]);
  const result = explainSummary(record.table);
  for (const row of result.rows.slice(0, 2)) {
    assert.ok(
      row.expectedParamCount === null ||
        row.expectedParamCount === kerasCounts[result.rows.indexOf(row)],
      `${row.name}: ${row.expectedParamCount}`,
    );
  }
  assert.ok(result.rows.every((r) => r.consistent), String(result));
});

Deno.test("two BatchNormalizations' cut counts, one with renorm, are told apart by the total", () => {
  // Printed by Keras 3.15.1, summary(line_length=44, show_trainable=True) in a console of 64
  // columns, of Sequential([Input((340, 330)), BatchNormalization(renorm=True),
  // BatchNormalization(axis=1), Dense(2)], name="renorm"): Keras counts 2,310 (7 × 330: gamma,
  // beta, the moving mean and variance, and renorm's moving_stddev, renorm_mean and
  // renorm_stddev), 1,360 (4 × 340) and 662. "2,3…" fits 7 × 330 and 7 × 340 (renorm on axis
  // 1); "1,3…" fits 4 × 330 and 4 × 340: of the four sums only 2,310 + 1,360 is the total less
  // the Dense's 662.
  const table = [
    'Model: "renorm"',
    "┏━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┳━━━━━━┳━━━━┓",
    "┃                ┃ Output      ┃ Par… ┃    ┃",
    "┃ Layer (type)   ┃ Shape       ┃    # ┃ T… ┃",
    "┡━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━╇━━━━━━╇━━━━┩",
    "│ batch_normali… │ (None, 340, │ 2,3… │ Y  │",
    "│ (BatchNormali… │ 330)        │      │    │",
    "├────────────────┼─────────────┼──────┼────┤",
    "│ batch_normali… │ (None, 340, │ 1,3… │ Y  │",
    "│ (BatchNormali… │ 330)        │      │    │",
    "├────────────────┼─────────────┼──────┼────┤",
    "│ dense (Dense)  │ (None, 340, │  662 │ Y  │",
    "│                │ 2)          │      │    │",
    "└────────────────┴─────────────┴──────┴────┘",
    " Total params: 4,332 (16.92 KB)",
    " Trainable params: 2,002 (7.82 KB)",
    " Non-trainable params: 2,330 (9.10 KB)",
  ].join("\n");
  const result = explainSummary(table);
  assert.ok(result.fullyExplained, String(result));
  const [renorm, channels] = result.rows;
  assert.equal(renorm.expectedParamCount, 7 * 330);
  assert.equal(renorm.layer?.renorm, true);
  assert.equal(channels.expectedParamCount, 4 * 340);
  assert.equal(channels.layer?.axis, 1);
  assert.match(channels.note ?? "", /only 1,360 gives the printed total/);
  // Without the totals, neither is taken.
  const alone = explainSummary(table.split("\n").filter((l) => !/params:/.test(l)).join("\n"));
  for (const row of alone.rows.slice(0, 2)) {
    assert.equal(row.checked, false, row.name);
    assert.equal(row.expectedParamCount ?? null, null, row.name);
  }
});

Deno.test("the Trainable column bounds a filling of the total: frozen rows hold nothing trainable", () => {
  // CI's oracle (seed 1714442906, tests/fixtures/keras_prints/fixed/console-cut-trainable-
  // column-bounds-the-counts.json): a frozen TimeDistributed cut to "251,97…" beside a
  // trainable Conv2DTranspose cut to "20,866…", whose 3 × 3 kernel on 289,813 channels to 8
  // filters is 20,866,536, or 20,866,544 with its bias. Both leave the TimeDistributed a count
  // that starts as printed; but frozen rows (N, or - without weights) hold none of the
  // 20,866,544 trainable parameters, so the Conv2DTranspose holds them all: 20,866,544.
  const table: { table: string } = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/console-cut-trainable-column-bounds-the-counts.json",
        import.meta.url,
      ),
    ),
  );
  const rows = new Map(explainSummary(table.table).rows.map((r) => [r.name, r] as const));
  assert.equal(rows.get("conv2d_transpose")!.expectedParamCount, 20_866_544);
  assert.equal(rows.get("time_distributed")!.expectedParamCount, 251_999_069_215 - 8 - 20_866_544);
  // Without the Trainable column's flags, the two fillings are not told apart.
  const unflagged = table.table.replace(/│ {2}[NY-] *$/gm, "│    ");
  assert.notEqual(unflagged, table.table);
  const open = explainSummary(unflagged).rows.find((r) => r.name === "conv2d_transpose")!;
  assert.equal(open.expectedParamCount ?? null, null);
});

Deno.test("counts cut short that several fillings of the table each meet with layers that fit are left open, every one named", () => {
  // Real Keras 3 printed this (the oracle, seed 1258413884): Embedding(829, 32) then Dense(38),
  // both frozen, their counts cut to "26…" and "1,…". Embedding(828, 32) then Dense(38,
  // use_bias=False) with LoRA of rank 1 prints the same table: 26,496 + 1,286 = 26,528 + 1,254.
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/cut-counts-the-table-leaves-open.json",
        import.meta.url,
      ),
    ),
  );
  assert.equal(26_496 + 1_286, 26_528 + 1_254);
  assert.equal(828 * 32, 26_496);
  assert.equal(32 * 38 + 38 * 1 + 32 * 1, 1_286); // kernel, LoRA's two factors of rank 1
  // Every way, by Keras 3's counts: Embedding(n, 32) with LoRA of rank r (0: none) holds
  // 32n + r(n + 32); Dense(38) on 32 features 32 × 38, a bias of 38 or none, and r(32 + 38).
  // Both frozen, so the Trainable column says nothing; the total is 27,782.
  const embeddings = new Set<number>();
  const denses = new Set<number>();
  for (let dense = 0; dense <= 27_782; dense++) {
    const e = 27_782 - dense;
    if (!String(e).startsWith("26") || String(e).length !== 5) continue;
    if (!String(dense).startsWith("1") || String(dense).length !== 4) continue;
    const denseFits = [0, 38].some((bias) =>
      (dense - 32 * 38 - bias) % 70 === 0 &&
      dense - 32 * 38 - bias >= 0
    );
    let embeddingFits = false;
    for (let r = 0; r < 32 * 38 && !embeddingFits; r++) {
      embeddingFits = (e - 32 * r) % (32 + r) === 0 && e - 32 * r > 0;
    }
    if (denseFits && embeddingFits) {
      embeddings.add(e);
      denses.add(dense);
    }
  }
  assert.ok(embeddings.has(26_496) && embeddings.has(26_528) && embeddings.size === 15);
  const [embedding, dense] = explainSummary(record.table).rows;
  assert.equal(embedding.checked, false);
  assert.deepEqual(embedding.openCounts, [...embeddings].sort((a, b) => a - b));
  assert.equal(dense.checked, false);
  assert.deepEqual(dense.openCounts, [...denses].sort((a, b) => a - b));
  assert.match(embedding.note ?? "", /cannot tell which/);
});

Deno.test("a count cut short that no row tells is said to be not printed whole, not that no configuration fits", () => {
  // CI's oracle (seed 787849708) printed this: an Embedding(852, 10) on 7 tokens cut to "8,…"
  // in a nested model beside an RNN over stacked cells whose count is cut too. Embedding(852, 10)
  // fits the row; the note had said that no Embedding configuration does.
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/declined/cut-count-beside-stacked-cells-in-a-nested-model.json",
        import.meta.url,
      ),
    ),
  );
  const embedding = explainSummary(record.table).rows.find((r) => r.name === "embedding")!;
  assert.equal(embedding.checked, false);
  assert.equal(embedding.notCheckedReason, "count cut");
  assert.match(embedding.note ?? "", /not printed whole/);
  assert.doesNotMatch(embedding.note ?? "", /configuration fits/);
});

Deno.test("a first LSTM's count cut short beside an RNN over stacked cells is open among every input size's count", () => {
  // Real Keras 3 printed this (the oracle, seed 205577977): LSTM(10) on 21 features, its count
  // cut to "1,2…", then an RNN over stacked cells cut to "1,3…", under a total of 2,599.
  // LSTM(10) on f features holds 4 × 10 × (f + 10 + 1) with its bias, 4 × 10 × (f + 10)
  // without: 1,200, 1,240 and 1,280 start "1,2" (f = 19 to 21, or 20 to 22 without a bias),
  // and leave the RNN 1,399, 1,359 or 1,319, each "1,3…", which cells printed nowhere may hold.
  const counts = new Set<number>();
  for (let f = 1; f < 100; f++) {
    for (const bias of [1, 0]) {
      const lstm = 4 * 10 * (f + 10 + bias);
      if (String(lstm).startsWith("12") && String(2_599 - lstm).startsWith("13")) {
        counts.add(lstm);
      }
    }
  }
  assert.deepEqual([...counts].sort((a, b) => a - b), [1_200, 1_240, 1_280]);
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/cut-count-of-a-first-lstm-beside-stacked-cells.json",
        import.meta.url,
      ),
    ),
  );
  const [lstm] = explainSummary(record.table).rows;
  assert.equal(lstm.checked, false);
  assert.deepEqual(lstm.openCounts, [1_200, 1_240, 1_280]);
});

Deno.test("a nested model whose layers' cut counts the table leaves open is checked by the one sum they all hold", () => {
  // Real Keras 3 printed this (the oracle, seed 1418666105): a nested Sequential cut to
  // "10,82…" with a Dense and an RNN over stacked cells below it, both cut. The total,
  // 10,828,439, less the top rows (an input and an activation, 0 each) is the nested model's
  // count, whichever way its layers fill it.
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/cut-nested-count-its-open-layers-hold-alike.json",
        import.meta.url,
      ),
    ),
  );
  const rows = explainSummary(record.table).rows;
  const nested = rows.find((r) => r.name === "sequential")!;
  assert.equal(nested.checked, true);
  assert.equal(nested.expectedParamCount, 10_828_439);
  const dense = rows.find((r) => r.name === "dense")!;
  assert.equal(dense.checked, false);
  // Dense(257,793) on 30 features holds 31 × 257,793 = 7,991,583 with its bias, not "9,022…";
  // LoRA of rank r adds r × (30 + 257,793): rank 4 with the bias gives Keras's 9,022,875, and
  // rank 5 without it 9,022,905. The RNN's cells, printed nowhere, take either remainder.
  assert.equal(31 * 257_793 + 4 * (30 + 257_793), 9_022_875);
  assert.equal(30 * 257_793 + 5 * (30 + 257_793), 9_022_905);
  assert.deepEqual(dense.openCounts, [9_022_875, 9_022_905]);
});

Deno.test("a count cut short that one guessed configuration starts as is not read as that configuration's", () => {
  // Real Keras 3 printed these (the oracle, seeds 1580012977 and 2039781787), the console cutting
  // the counts: a DepthwiseConv1D's 12 kept "1", a SeparableConv2D's 90 kept "9". The reader
  // guesses kernels for both kinds; the one guess starting "1" held 18 (a window of 3, depth
  // multiplier 2, no bias: 3 × 3 × 2), the one starting "9" held 96, and both were taken as
  // the counts, flagging the total. Keras's were windows of 1, depth multiplier 2 and a bias:
  // DepthwiseConv1D on 3 channels, 1 × 3 × 2 + 6 = 12; SeparableConv2D(12) on 3 channels,
  // 1 × 1 × 3 × 2 + 6 × 12 + 12 = 90.
  assert.equal(1 * 3 * 2 + 6, 12);
  assert.equal(1 * 1 * 3 * 2 + 6 * 12 + 12, 90);
  for (
    const [name, row] of [
      ["console-cut-count-of-a-generic-reading-is-no-proof", "depthwise_conv1d"],
      ["console-cut-separable-count-is-no-proof", "separable_conv2d"],
    ]
  ) {
    const record = JSON.parse(
      Deno.readTextFileSync(
        new URL(`./fixtures/keras_prints/fixed/${name}.json`, import.meta.url),
      ),
    );
    const read = explainSummary(record.table);
    assert.ok(!read.rows.some((r) => r.checked && !r.consistent), name);
    const cut = read.rows.find((r) => r.name === row)!;
    const keras = record.rows.find((r: { name: string }) => r.name === row).params;
    assert.ok(cut.expectedParamCount === null || cut.expectedParamCount === keras, name);
  }
});

Deno.test("a cut list of outputs binds a configuration to the outputs it prints whole", () => {
  // CI's oracle (seed 1991536557) printed a Bidirectional with return_state whose outputs the
  // console cut to "[(None, 31, 12), (None, 12), …" and whose count it cut off. The sums gave it
  // 840, and a Bidirectional(SimpleRNN(12), merge_mode=None) of 840 was taken, whose outputs are
  // (None, 31, 12) twice: its second is not the printed (None, 12).
  assert.equal(2 * 12 * (22 + 12 + 1), 840);
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/console-cut-output-list-its-whole-outputs-bind.json",
        import.meta.url,
      ),
    ),
  );
  const row = explainSummary(record.table).rows.find((r) => r.name === "bidirectional")!;
  const outputs = row.expectedOutputShape as readonly (readonly (number | null)[])[] | null;
  assert.ok(outputs === null || JSON.stringify(outputs[1]) === "[null,12]", String(outputs));
});

Deno.test("cut counts: the Trainable column's split tells fillings of the total apart", () => {
  // Real Keras 3.15.1 printed this (scan seed 97533027): in a nested Sequential, an Embedding cut
  // to "21…" and a frozen Dense(48) cut to "1,…". The total is met by 21,576 + 1,536 (Keras's)
  // and by 21,545 + 1,567 (Embedding(695, 31) and Dense(48, no bias, LoRA rank 1)), among
  // others. Every other way gives the frozen Dense more than 1,536, which with the
  // BatchNormalization's 155 moving statistics (never trainable) is more than the printed
  // Non-trainable params of 1,691; the Embedding, a kind that takes LoRA, may keep anything
  // from none of its count to all of it, and rules nothing out.
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/nested-split-tells-cut-counts-apart.json",
        import.meta.url,
      ),
    ),
  );
  const result = explainSummary(record.table);
  const counts = Object.fromEntries(result.rows.map((r) => [r.name, r.expectedParamCount]));
  assert.equal(counts["embedding"], 21_576);
  assert.equal(counts["dense"], 1_536);
  const dense = result.rows.find((r) => r.name === "dense")!;
  assert.ok(dense.checked && dense.consistent, dense.note);
  assert.match(dense.note!, /only 1,536 gives the printed total and its Non-trainable params/);
  assert.ok(result.fullyExplained, String(result));
});

Deno.test("a nested model the total alone leaves open takes what the total leaves, and its layers are filled to it", () => {
  // Real Keras 3.15.1 (sequential seed 995183278, table 1, tests/fixtures/keras_prints/fixed/
  // nested-count-the-total-leaves-layers-open.json): a frozen nested Sequential cut to "6,…",
  // the one row of the table, holding a Bidirectional whose name, class and count are cut
  // ("bidirectiona…", "Bidirection…", "1,…") and a Dense(100631) on 52,412 cut to "5,…". The
  // total, 6,648,038,711, is the nested model's. The Dense has its bias (5,274,372,603) or not
  // (5,274,271,972), and a Bidirectional (whose wrapped layer may be stacked cells) may hold
  // what either leaves: both rows are open, Keras's counts among them.
  const fixture = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/nested-count-the-total-leaves-layers-open.json",
        import.meta.url,
      ),
    ),
  );
  const rows = explainSummary(fixture.table).rows;
  const nested = rows.find((r) => r.className === "Sequential")!;
  assert.deepEqual([nested.checked, nested.expectedParamCount], [true, 6_648_038_711]);
  const bidirectional = rows.find((r) => r.name === "bidirectiona")!;
  const dense = rows.find((r) => r.className === "Dense")!;
  assert.deepEqual(dense.openCounts, [5_274_271_972, 5_274_372_603]);
  assert.deepEqual(bidirectional.openCounts, [1_373_666_108, 1_373_766_739]);
  assert.equal(dense.checked, false);
});
