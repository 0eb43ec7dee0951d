// Printed MultiHeadAttention and GroupedQueryAttention rows read back, with options no table
// prints: a value head size of its own, an output width, a gate, a key of its own width. Every
// table, count and JSON is real Keras 3.15.1's (tests/fixtures/keras3_attention_unprinted_options.py).

import assert from "assert";
import { explainSummary, fromKerasJson, MultiHeadAttention } from "../mod.ts";

interface Case {
  readonly table: string;
  readonly count: number;
  readonly json?: string;
  readonly config?: Readonly<Record<string, unknown>>;
}

const { tables } = JSON.parse(
  Deno.readTextFileSync(
    new URL("./fixtures/keras3_attention_unprinted_options.json", import.meta.url),
  ),
) as { tables: Record<string, Case> };

const ATTENTION = /^(MultiHeadAttention|GroupedQueryAttention)$/;

function attentionRow(name: string) {
  const result = explainSummary(tables[name].table);
  const row = result.rows.find((r) => ATTENTION.test(r.className ?? ""));
  assert.ok(row, `${name}: no attention row`);
  assert.equal(row.paramCount, tables[name].count, name);
  return { result, row };
}

Deno.test("attention rows with a value head size, an output width or a gate of their own are checked, as Keras printed them", () => {
  const cases = Object.keys(tables).filter((name) => tables[name].json !== undefined);
  assert.equal(cases.length, 8);
  for (const name of cases) {
    const { result, row } = attentionRow(name);
    // Before, each of these was "no MultiHeadAttention fits" (or GroupedQueryAttention's
    // configuration not inferred): not checked, on a table Keras printed.
    assert.deepEqual([row.checked, row.consistent], [true, true], `${name}: ${row.note}`);
    assert.equal(result.fullyExplained, true, name);
    assert.equal(result.totals.consistent, true, `${name}: ${result.totals.note}`);
  }
});

Deno.test("a value head size the count alone cannot tell is said, with the pair shown and how many fit", () => {
  // Keras: MultiHeadAttention(2, 4, value_dim=8) on q (None, 5, 6), v (None, 7, 10): 422. With
  // one head size w for every projection, 422 = 19w + 6 + ... has no whole w.
  const { row } = attentionRow("value_dim");
  assert.match(row.note ?? "", /value's head size is not the key's \(valueDim\)/);
  assert.match(row.note ?? "", /keyDim 8 and valueDim 16/);
  // The pair shown holds: 1 head of keyDim 8 and valueDim 16 counts 422 on those inputs, as
  // Keras's 2 heads of 4 and 8 do (h·keyDim = 8, h·valueDim = 16).
  const shown = new MultiHeadAttention({ numHeads: 1, keyDim: 8, valueDim: 16 })
    .buildFor([[null, 5, 6], [null, 7, 10]]);
  assert.equal(shown.paramCount(), tables.value_dim.count);
  // A gate and an output width are said as what the count and output need.
  assert.match(attentionRow("gate").row.note ?? "", /a gate projection \(useGate\)/);
  assert.match(attentionRow("output_width").row.note ?? "", /outputShape 9, which the output/);
  assert.match(attentionRow("output_shape_2d").row.note ?? "", /outputShape \[2,3\]/);
});

Deno.test("an attention layer's value printed nowhere is said to be uncheckable, not declined", () => {
  // Keras: a Functional expanded in a Sequential prints no Connected to; its attention's value
  // is a Conv1D's 6 features, so the 142 is no self-attention of the printed (None, 2, 4).
  const { result, row } = attentionRow("nested_value_unprinted");
  assert.deepEqual([row.checked, row.consistent], [false, true]);
  assert.equal(row.notCheckedReason, "input printed nowhere, any count fits");
  assert.match(row.note ?? "", /a value and key of another width than the query's/);
  // The nested model's own row is its layers' sum, as Keras printed it.
  const nested = result.rows.find((r) => r.className === "Functional")!;
  assert.deepEqual([nested.checked, nested.consistent], [true, true], nested.note);
  assert.equal(result.totals.consistent, true);
});

Deno.test("attention read from Keras's JSON counts as Keras counts it and prints Keras's table, positional value and key in Keras's order", () => {
  for (const [name, c] of Object.entries(tables)) {
    if (c.json === undefined) continue;
    const model = fromKerasJson(c.json);
    const layer = model.layers.find((l) => ATTENTION.test(l.className))!;
    assert.equal(layer.paramCount(), c.count, name);
    // Keras printed the table at line_length 140 on a console 200 wide. `layer(q, v, k)` is
    // written with positional args, which Keras's node lists in order: v before k (sorted, as
    // keyword arguments are, k would come first).
    const ours = String(model.summary({ lineLength: 140, consoleWidth: 200 }));
    assert.equal(`${ours}\n`, c.table, name);
  }
  assert.match(tables.key_of_its_own.table, /q\[0\]\[0\], v\[0\]\[0\], k\[0\]\[0\]/);
});

Deno.test("an attention row whose count a column hid says its inputs are known, its count not", () => {
  // Keras 3.15.1 (the graphs oracle's seed 831043563, summary(positions=...) with a Param #
  // column of no width): MultiHeadAttention on in_0, input_layer and dense, all printed. Its
  // reason was "input and count unknown", which its Connected to contradicts.
  const { table } = JSON.parse(Deno.readTextFileSync(
    new URL(
      "./fixtures/keras_prints/exceptions/positions-count-column-of-no-width.json",
      import.meta.url,
    ),
  )) as { table: string };
  const row = explainSummary(table).rows.find((r) => r.name === "multi_head_attention")!;
  assert.deepEqual(row.layerInputShapes, [[null, 6, 7], [null, 6, 3], [null, 6, 7]]);
  assert.equal(row.checked, false);
  assert.equal(row.notCheckedReason, "count cut");
  assert.doesNotMatch(row.note ?? "", /Neither the input/);
});

Deno.test("GroupedQueryAttention's count is solved for every split of its heads", () => {
  // tests/fixtures/keras3_gqa_heads.py: Keras 3.15.1 printed GroupQueryAttention(3, 6, 2),
  // (5, 9, 3, use_gate=True) and (4, 5, 5, use_bias=False). The count depends on the query
  // heads per key/value head (6 / 2 = 3) and the key/value projections' width (2 × 3 = 6); the
  // reader tried 1, 2, 4 or 8 query heads a key/value head only, so 3 was "not inferred".
  const { table, counts } = JSON.parse(Deno.readTextFileSync(
    new URL("./fixtures/keras3_gqa_heads.json", import.meta.url),
  )) as { table: string; counts: Record<string, number> };
  const result = explainSummary(table);
  assert.ok(result.fullyExplained, String(result));
  const row = (name: string) => result.rows.find((r) => r.name === name)!;
  for (const name of ["six_on_two", "nine_on_three_gated", "five_on_five_no_bias"]) {
    assert.equal(row(name).expectedParamCount, counts[name], name);
  }
  assert.deepEqual(row("six_on_two").layer, {
    className: "GroupedQueryAttention",
    headDim: 6,
    numQueryHeads: 3,
    numKeyValueHeads: 1,
  });
  // 1,448 is also 6 query heads on a key/value head of 12 without a gate: both are said.
  assert.match(
    row("nine_on_three_gated").note ?? "",
    /a gate \(useGate\), 3 query heads on 1 key\/value head of 15/,
  );
});
