// Reading the summaries people actually print (issue 11): every style's quirks read, each row's
// input found from `Connected to`, cut names resolved only when the numbers agree, totals
// explained where Keras explains them, a closing line that never claims more than was checked,
// and an HTML view with everything escaped.

import assert from "assert";
import fc from "fast-check";
import {
  Add,
  Concatenate,
  Dense,
  explainSummary,
  Input,
  JUPYTER_DISPLAY,
  Model,
  parseSummaries,
  parseSummary,
  Sequential,
  SummaryNestingError,
  SummaryParseError,
} from "../mod.ts";
import {
  FUNCTIONAL,
  KERAS3_ANSI,
  KERAS3_FUNCTIONAL,
  KERAS3_TRAINED,
  NESTED,
  OLD_FUNCTIONAL,
  tf211Row,
  tf211Table,
  TFJS_FUNCTIONAL,
  TIED,
  WRAPPED,
} from "./_summaries.ts";
import { replaySeed } from "./_support.ts";
import { explainText } from "../tools/explain.ts";
import { formatRow } from "../lib/summary/keras2.ts";

const SEED = replaySeed("read_test");

const rowsOf = (text: string) =>
  parseSummary(text).rows.map((r) => [r.name, r.className, r.outputShape, r.paramCount]);

// ---------------------------------------------------------------------------------------------
// Reading.

Deno.test("TF ≥ 2.11's wrapped cells are joined: names, classes and a bare ) on its own line", () => {
  assert.deepEqual(rowsOf(WRAPPED), [
    ["embedding", "Embedding", [null, 20, 16], 16000],
    ["bidirectional", "Bidirectional", [null, 16], 1600],
    ["repeat_vector", "RepeatVector", [null, 3, 16], 0],
    ["time_distributed_with_a_long_name", "TimeDistributed", [null, 3, 4], 68],
  ]);
  assert.equal(parseSummary(WRAPPED).totalParams, 17668);
});

Deno.test("the issue's cut-short table reads all three rows, not one", () => {
  const text = [
    'Model: "sequential"',
    "_".repeat(65),
    ...tf211Row(["Layer (type)", "Output Shape", "Param #"], [29, 55, 65]),
    "=".repeat(65),
    ...tf211Row(["embedding (Embedding)", "(None, 5, 64)", "6400"], [29, 55, 65]),
    " ".repeat(65),
    ...tf211Row(["bidirectional (Bidirectional)", "(None, 5, 128)", "66048"], [29, 55, 65]),
    " ".repeat(65),
    ...tf211Row(["dense (Dense)", "(None, 5, 1)", "129"], [29, 55, 65]),
    " ".repeat(65),
    "=".repeat(65),
    "Total params: 72,577",
  ].join("\n");
  assert.ok(text.includes(" bidirectional (Bidirectiona  (None, 5, 128)"), text);
  assert.ok(text.includes("\n l)   "), text);
  const result = explainSummary(text);
  assert.equal(result.rows.length, 3);
  assert.equal(result.rows[1].className, "Bidirectional");
  assert.equal(result.summary.totalParams, 72577);
  assert.ok(result.fullyExplained, String(result));
});

Deno.test("a functional table's Connected to gives each row its inputs, over wrapped lists", () => {
  const summary = parseSummary(FUNCTIONAL);
  assert.equal(summary.connections, true);
  assert.deepEqual(summary.rows.map((r) => r.inbound), [
    [],
    [],
    ["left_input"],
    ["right_input"],
    ["left_dense", "right_dense"],
    ["concatenate_the_two_branches"],
  ]);
  const result = explainSummary(summary);
  assert.equal(
    result.inputReason,
    "the first of 2 inputs: left_input (None, 4), right_input (None, 6)",
  );
  // right_dense reads right_input (6 features), not the row above (left_dense, 8).
  const right = result.rows[3];
  assert.deepEqual(right.layerInputShape, [null, 6]);
  assert.ok(right.checked && right.consistent, right.note);
  assert.deepEqual(result.rows[5].layerInputShape, [null, 16]);
  assert.ok(result.rows[5].consistent);
  // The merge reads both branches, and its shape is checked on them.
  const merge = result.rows[4];
  assert.ok(merge.checked && merge.consistent && !merge.countOnly, merge.note);
  assert.deepEqual(merge.layer, { className: "Concatenate" });
  assert.ok(result.fullyExplained);
});

Deno.test("Keras 2's functional table: connections one per line, cut names matched to rows", () => {
  const result = explainSummary(OLD_FUNCTIONAL);
  assert.deepEqual(result.rows.map((r) => r.inputsFrom), [
    [],
    ["input_1"],
    ["dense_block_with_a_long_name_on"],
    ["dense_block_with_a_long_name_on", "dense_1"],
  ]);
  assert.equal(result.rows[1].nameCut, true);
  assert.ok(result.rows[2].checked && result.rows[2].consistent, result.rows[2].note);
});

Deno.test("Keras 3's functional table: several outputs and multi-line connections read", () => {
  const summary = parseSummary(KERAS3_FUNCTIONAL);
  assert.deepEqual(summary.rows[1].outputShape, [[null, 8], [null, 8], [null, 8]]);
  assert.deepEqual(summary.rows[3].inbound, ["dense", "lstm"]);
  assert.deepEqual(summary.rows[0].inbound, []);
});

Deno.test("TensorFlow.js's Receives inputs column and a class cut to a bare ( read", () => {
  const summary = parseSummary(TFJS_FUNCTIONAL);
  const last = summary.rows[3];
  assert.equal(last.name, "concatenate_Concatenate1");
  assert.equal(last.className, "");
  assert.equal(last.classNameCut, true);
  assert.deepEqual(last.inputShape, [[null, 4], [null, 3]]);
  assert.deepEqual(last.inbound, ["a", "dense_Dense1"]);
});

Deno.test("structured outputs read: dicts and tuples of shapes, wrapped over lines", () => {
  const summary = parseSummary(TIED);
  // A dict's outputs in the order Keras numbers them (`keras.tree.flatten` sorts the keys:
  // `[2, 1]` for {'sequence_output': 1, 'pooled_output': 2} in Keras 3.15.1), so that a
  // `Connected to` entry's `[0][1]` is the sequence output.
  assert.deepEqual(summary.rows[2].outputShape, [[null, 8], [null, 5, 8]]);
  const tuple = tf211Table("m", [
    { name: "x", className: "Custom", shape: "((None, 128, 768), (None, 768))", params: 0 },
  ], { total: 0, trainable: 0, nonTrainable: 0 });
  assert.deepEqual(parseSummary(tuple).rows[0].outputShape, [[null, 128, 768], [null, 768]]);
});

Deno.test("Keras 3 after training: a … count is unknown, (unbuilt) wraps, Optimizer params read", () => {
  const summary = parseSummary(KERAS3_TRAINED);
  assert.deepEqual(summary.rows.map((r) => r.paramCount), [2112, 585, null, null]);
  assert.equal(summary.rows[2].paramCountCut, true);
  assert.equal(summary.rows[2].paramCountPrefix, "1,000,");
  assert.equal(summary.rows[3].unbuilt, true);
  assert.equal(summary.optimizerParams, 2005395);
  const result = explainSummary(summary);
  assert.ok(result.consistent, String(result));
  assert.equal(result.rows[2].expectedParamCount, 1_000_000);
  assert.match(result.rows[2].note!, /cut to "1,000,…"/);
  assert.equal(result.rows[3].notCheckedReason, "unbuilt");
  assert.match(result.totals.note!, /includes 2,005,395 optimizer params/);
});

Deno.test("a count cut with … that cannot be Keras's is flagged", () => {
  const text = KERAS3_TRAINED.replace("1,000,… │", "2,000,… │");
  const result = explainSummary(text);
  assert.equal(result.rows[2].consistent, false);
  assert.match(
    result.rows[2].note!,
    /cut to "2,000,…", but Dense\(100000\) on 9 features has 1,000,000/,
  );
});

Deno.test("ANSI colour codes and CRLF line ends are read through", () => {
  const summary = parseSummary(KERAS3_ANSI);
  assert.deepEqual(summary.rows.map((r) => [r.name, r.className, r.paramCount]), [
    ["dense", "Dense", 2112],
    ["dense_1", "Dense", 650],
  ]);
  assert.equal(summary.totalParams, 2762);
});

Deno.test("tabs and non-breaking spaces from a web page read as spaces", () => {
  const text = "Layer (type)\tOutput Shape\tParam #\n===\n" +
    "dense\u00a0(Dense)\u00a0\u00a0(None,\u00a05)\u00a0\u00a070\n" +
    "dense_1 (Dense)\t(None, 2)\t12\n===";
  assert.deepEqual(rowsOf(text), [
    ["dense", "Dense", [null, 5], 70],
    ["dense_1", "Dense", [null, 2], 12],
  ]);
});

Deno.test("names with any characters read: non-ASCII, spaces, parentheses", () => {
  const names = ["couche_dense_é", "编码器", "my layer", "block (v2)", "x|y", "a\u00a0b"];
  const rows = names.map((name) => ({
    name,
    className: "Dense",
    shape: "(None, 5)",
    params: 30,
  }));
  const text = tf211Table("m", rows, { total: 180, trainable: 180, nonTrainable: 0 });
  assert.deepEqual(
    parseSummary(text).rows.map((r) => [r.name, r.className]),
    names.map((n) => [n.replace("\u00a0", " "), "Dense"]),
  );
});

Deno.test("a line the reader cannot place inside a table is an error, never a silent cut", () => {
  const text = WRAPPED.replace(/^ repeat_vector .*$/m, "this line was mangled by a paste");
  assert.throws(() => parseSummary(text), (error: unknown) => {
    assert.ok(error instanceof SummaryParseError);
    assert.match(error.message, /expected a layer row/);
    return true;
  });
});

Deno.test("shapes nested past the limit raise a SummaryNestingError naming the line", () => {
  const deep = "[".repeat(40) + "5" + "]".repeat(40);
  const text = `Layer (type) Output Shape Param #\n===\nd (Dense) ${deep} 70\n===`;
  assert.throws(() => parseSummary(text), (error: unknown) => {
    assert.ok(error instanceof SummaryNestingError);
    assert.ok(error instanceof SummaryParseError);
    assert.equal(error.line, 3);
    assert.equal(error.limit, 16);
    return true;
  });
  const fine = "[".repeat(3) + "5" + "]".repeat(3);
  assert.doesNotThrow(() =>
    parseSummary(`Layer (type) Output Shape Param #\n===\nd (D) ${fine} 0`)
  );
});

// ---------------------------------------------------------------------------------------------
// An honest report.

const classic = (rows: string[]) =>
  ["Layer (type)                 Output Shape              Param #   ", "=".repeat(65), ...rows]
    .join("\n");

Deno.test("a class cut to a prefix no modelled class fits is not checked, with the reason", () => {
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 4, 4, 1)]         0         ",
    "pixel_conv_layer (PixelConvL (None, 4, 4, 16)          160       ",
  ]));
  const row = result.rows[1];
  assert.equal(row.checked, false);
  assert.equal(row.consistent, true);
  assert.equal(row.notCheckedReason, 'class cut to "PixelConvL"');
  assert.match(result.verdict(), /^1 of 2 rows checked; 1 not checked: pixel_conv_layer/);
});

Deno.test("a cut class the registry declares is resolved when the numbers agree", () => {
  // Conv2DTranspose(16, 3) on one channel: 3 × 3 × 1 × 16 + 16 = 160, and 4 grows to 6.
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 4, 4, 1)]         0         ",
    "conv2d_transpose (Conv2DTran (None, 6, 6, 16)          160       ",
  ]));
  const row = result.rows[1];
  assert.ok(row.checked && row.consistent, row.note);
  assert.match(row.note!, /"Conv2DTran" is Conv2DTranspose cut short/);
});

Deno.test("a cut class that several classes fit lists them and is not checked", () => {
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 10, 64)]          0         ",
    "encoder_0/multiheadattention (M (None, 10, 64)         16640     ",
  ]));
  const row = result.rows[1];
  assert.equal(row.checked, false);
  assert.ok(row.classCandidates!.includes("MultiHeadAttention"), String(row.classCandidates));
  assert.ok(row.classCandidates!.includes("MaxPooling1D"));
  assert.match(row.note!, /could be/);
});

Deno.test("a cut class is resolved when one class fits and the numbers agree", () => {
  const result = explainSummary(classic([
    "dense (Dense)                (None, 64)                2112      ",
    "batch_normalization (BatchNo (None, 64)                256       ",
  ]));
  assert.equal(result.rows[1].checked, true);
  assert.deepEqual(result.rows[1].layer, { className: "BatchNormalization" });
  assert.match(result.rows[1].note!, /"BatchNo" is BatchNormalization cut short/);
});

Deno.test("a resolved cut class whose numbers disagree is not checked rather than flagged", () => {
  // Conv2D's prefix with a transposed convolution's growing output.
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 4, 4, 1)]         0         ",
    "my_deconv (Conv2D            (None, 6, 6, 16)          160       ",
  ]));
  assert.equal(result.rows[1].checked, false);
  assert.ok(result.consistent);
  assert.doesNotMatch(result.verdict(), /every number agrees/);
});

Deno.test("the closing line never says every number agrees when a row was not checked", () => {
  const all = explainSummary(
    classic(["dense (Dense)                (None, 64)                2112      "]),
  );
  assert.equal(all.verdict(), "The 1 row checked; every number agrees with Keras.");
  const some = explainSummary(OLD_FUNCTIONAL.replace("add (Add)", "add (MyAdd)"));
  assert.equal(
    some.verdict(),
    "3 of 4 rows checked; 1 not checked: add (MyAdd is a class the model's own code defines; " +
      "no reader can know its weights). What was checked agrees with Keras.",
  );
  assert.ok(String(some).endsWith(some.verdict()));
  assert.equal(some.fullyExplained, false);
});

Deno.test("a class Keras gives no weights is checked by its count only, and says so", () => {
  const result = explainSummary(
    classic([
      "input_1 (InputLayer)         [(None, 8)]               0         ",
      "tf.tile (TFOpLambda)         (None, 8)                 0         ",
      "dense (Dense)                (None, 2)                 18        ",
    ]),
  );
  const op = result.rows[1];
  assert.ok(op.checked && op.countOnly, op.note);
  assert.match(op.note!, /only the count is checked/);
  assert.equal(
    result.verdict(),
    "All 3 rows checked (1 by their count only: tf.tile (TFOpLambda)); every number " +
      "checked agrees with Keras.",
  );
  const weighty = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 8)]               0         ",
    "lambda (Lambda)              (None, 8)                 10        ",
  ]));
  assert.equal(weighty.rows[1].checked, false);
  assert.equal(weighty.rows[1].notCheckedReason, "Lambda with weights");
});

Deno.test("tied weights counted in two rows explain a total below the rows' sum", () => {
  const result = explainSummary(TIED);
  assert.ok(result.totals.consistent, result.totals.note);
  assert.match(result.totals.note!, /800 more than the total 900.*shared or tied weights/);
});

Deno.test("a total off the rows' sum with no reason Keras has is flagged", () => {
  // Below the rows, with its parts agreeing: no summary prints that (a layer_range prints
  // fewer rows, a total above them), and no weight is shared.
  const result = explainSummary(
    FUNCTIONAL.replace("Total params: 113", "Total params: 100")
      .replace("Trainable params: 113", "Trainable params: 100"),
  );
  assert.equal(result.totals.consistent, false);
  assert.match(result.totals.note!, /Total params 100 is not the sum of the rows, 113/);
  assert.match(result.verdict(), /disagree/);
});

Deno.test("a summary of some layers (layer_range) with the whole model's totals is read, its totals not checked", () => {
  // Real Keras 3.15.1 (tests/fixtures/keras3_layer_range.py): summary(layer_range=("b", "c"))
  // of Dense 16, 8, 4, 2 on 8 features prints 136 and 36 and Total params 326. Before, flagged:
  // "Total params 326 is not the sum of the rows, 172", on a table Keras printed.
  const { tables } = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/keras3_layer_range.json", import.meta.url)),
  ) as { tables: Record<string, { table: string; total: number }> };
  for (const [name, { table, total }] of Object.entries(tables)) {
    const result = explainSummary(table);
    assert.equal(result.consistent, true, `${name}: ${result.totals.note}`);
    assert.equal(result.totals.checked, false, name);
    assert.equal(result.fullyExplained, false, name);
    assert.ok(result.rows.every((r) => r.checked && r.consistent), name);
    assert.match(result.totals.note!, /summary\(layer_range=\.\.\.\) prints some layers/);
    assert.match(result.totals.note!, new RegExp(`less than Total params ${total}`));
    assert.match(result.verdict(), /the totals are not checked/);
  }
});

Deno.test("pooling with strides other than its pool is recognised from the shapes", () => {
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 258, 258, 64)]    0         ",
    "pool (MaxPooling2D)          (None, 128, 128, 64)      0         ",
  ]));
  assert.ok(result.rows[1].checked && result.rows[1].consistent, result.rows[1].note);
  assert.match(result.rows[1].note!, /strides/);
});

// ---------------------------------------------------------------------------------------------
// The Jupyter view.

Deno.test("the report shows in Jupyter as an HTML table, every printed text escaped", () => {
  const text = tf211Table("m", [
    { name: "input_1", className: "InputLayer", shape: "[(None, 4)]", params: 0 },
    { name: "<img src=x onerror=alert(1)>", className: "Dense", shape: "(None, 8)", params: 40 },
    { name: "a&b", className: "<b>Custom</b>", shape: "(None, 8)", params: 0 },
  ], { total: 40, trainable: 40, nonTrainable: 0 });
  const result = explainSummary(text);
  const bundle = result[JUPYTER_DISPLAY]();
  const html = bundle["text/html"];
  assert.match(html, /^<div class="paramlab-explain">/);
  assert.match(html, /<table/);
  assert.equal((html.match(/<tr/g) ?? []).length, 1 + result.rows.length);
  assert.ok(!html.includes("<img"), html);
  assert.ok(html.includes("&lt;img src=x onerror=alert(1)&gt;"));
  assert.ok(html.includes("a&amp;b"));
  assert.ok(!html.includes("<b>Custom"));
  assert.equal(bundle["text/plain"], String(result));
});

Deno.test("a flagged row is highlighted in the HTML view", () => {
  const html = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 32)]              0         ",
    "dense (Dense)                (None, 64)                2113      ",
  ])).toHtml();
  assert.match(html, /INCONSISTENT/);
  assert.match(html, /background:#ffebe9/);
});

Deno.test("a nested model printed with expand_nested is checked by the sum of its layers", () => {
  const result = explainSummary(NESTED);
  assert.deepEqual(result.rows.map((r) => [r.name, r.depth ?? 0]), [
    ["input_1", 0],
    ["inner", 0],
    ["dense", 1],
    ["dense_1", 1],
    ["dense_2", 0],
  ]);
  assert.deepEqual(result.rows[2].layerInputShape, [null, 4]);
  assert.deepEqual(result.rows[4].inputsFrom, ["inner"]);
  assert.ok(result.rows[1].checked && result.rows[1].consistent);
  assert.match(result.rows[1].note!, /Its 2 layers, printed below it, hold 58/);
  assert.ok(result.fullyExplained, String(result));
  const wrong = explainSummary(
    NESTED.replace(/^( inner \(Sequential\) +\(None, 2\) +)58 /m, "$159 "),
  );
  assert.equal(wrong.rows[1].checked, false);
});

Deno.test("a functional model's tables, as we print them, are fully explained in both styles", () => {
  const a = new Input({ shape: [8] });
  const b = new Input({ shape: [6] });
  const sum = new Add().apply([new Dense(4).apply(a), new Dense(4).apply(b)]);
  const joined = new Concatenate().apply([sum, a]);
  const model = new Model({ inputs: [a, b], outputs: new Dense(1).apply(joined) });
  for (const style of ["keras3", "keras2"] as const) {
    const result = explainSummary(String(model.summary({ style })));
    assert.ok(result.fullyExplained, String(result));
    const add = result.rows.find((r) => r.name === "add")!;
    assert.deepEqual(add.layerInputShapes, [[null, 4], [null, 4]]);
    assert.match(String(result), /add \(Add\) +\[\(None, 4\), \(None, 4\)\]/);
  }
});

Deno.test("a shape Keras 2's column cut is checked when the kind and count tell its last size", () => {
  const text = [
    "Layer (type)                    Output Shape         Param #     Connected to                     ",
    "=".repeat(98),
    "input_1 (InputLayer)            [(None, 128, 128, 3) 0                                            ",
    "conv2_block1_0_conv (Conv2D)    (None, 128, 128, 256 1024        input_1[0][0]                    ",
    "conv2_block1_0_bn (BatchNormali (None, 128, 128, 256 1024        conv2_block1_0_conv[0][0]        ",
    "=".repeat(98),
  ].join("\n");
  const result = explainSummary(text);
  assert.equal(result.rows[1].outputShapeCut, true);
  // 1,024 = (1 × 1 × 3 + 1) × 256: a 1×1 convolution to 256 channels.
  assert.ok(result.rows[1].checked && result.rows[1].consistent, result.rows[1].note);
  assert.deepEqual(result.rows[1].expectedOutputShape, [null, 128, 128, 256]);
  assert.ok(result.rows[2].checked && result.rows[2].consistent, result.rows[2].note);
  // A count no configuration fits with what was printed: not checked, not flagged.
  const odd = explainSummary(text.replace("1024        input_1", "1025        input_1"));
  assert.equal(odd.rows[1].checked, false);
  assert.equal(odd.rows[1].notCheckedReason, "output shape cut");
});

Deno.test("a list of outputs cut right after an output's (None is read as that output begun", () => {
  // Keras 2 cuts each field at its column: `[(None, 8), (None, 8), (None, 8)]` of an LSTM with
  // return_state in an 18-character column prints `[(None, 8), (None`. Its second output began
  // there: its sizes are unknown, not none (it is no scalar), and the first output is whole.
  const positions = [32, 50, 62, 98];
  const text = [
    formatRow(["Layer (type)", "Output Shape", "Param #", "Connected to"], positions),
    "=".repeat(98),
    formatRow(["input_1 (InputLayer)", "[(None, 10, 4)]", "0", ""], positions),
    formatRow(
      ["lstm (LSTM)", "[(None, 8), (None, 8), (None, 8)]", "416", "input_1[0][0]"],
      positions,
    ),
    formatRow(["dense (Dense)", "(None, 1)", "9", "lstm[0][0]"], positions),
    "=".repeat(98),
  ].join("\n");
  assert.match(text, /\[\(None, 8\), \(None 416 /);
  const result = explainSummary(text);
  const lstm = result.rows[1];
  assert.equal(lstm.outputLastCut, true);
  // 416 = 4 × (8 × (4 + 8) + 8): LSTM(8) on 4 features, whose outputs start as printed.
  assert.ok(lstm.checked && lstm.consistent, lstm.note);
  assert.equal(lstm.layer?.className, "LSTM");
  assert.equal(result.fullyExplained, true);
  // The report shows the shape as printed, open where it was cut: never `()`, nor whole.
  assert.match(String(result), /lstm \(LSTM\) +\(None, 10, 4\) +\[\(None, 8\), \(… +416 /);
});

Deno.test("a note on a row of several outputs names them as printed, never as ()", () => {
  // No LSTM gives 417 (an LSTM's count is a multiple of 4), and its input is printed nowhere.
  const noteOf = (printedOut: string, positions: number[]) =>
    explainSummary([
      formatRow(["Layer (type)", "Output Shape", "Param #"], positions),
      "=".repeat(positions[2]),
      formatRow(["lstm (LSTM)", printedOut, "417"], positions),
      "=".repeat(positions[2]),
    ].join("\n")).rows[0].note ?? "";
  const outputs = "[(None, 8), (None, 8), (None, 8)]";
  const whole = noteOf(outputs, [32, 70, 82]);
  assert.match(whole, /count of 417 with output \[\(None, 8\), \(None, 8\), \(None, 8\)\],/);
  // Cut to `[(None, 8), (None` by its column: the first output is whole, the rest unknown.
  const cut = noteOf(outputs, [32, 50, 62]);
  assert.match(cut, /count of 417 with output \[\(None, 8\), …,/);
  assert.doesNotMatch(whole + cut, /\(\)/);
});

Deno.test("the report shows a cut output shape open at its cut, never as a whole shape", () => {
  const text = [
    "Layer (type)                    Output Shape         Param #     Connected to                     ",
    "=".repeat(98),
    "input_1 (InputLayer)            [(None, 128, 128, 3) 0                                            ",
    "conv2_block1_0_conv (Conv2D)    (None, 128, 128, 256 1024        input_1[0][0]                    ",
    "=".repeat(98),
  ].join("\n");
  const report = String(explainSummary(text));
  // The digits printed of the cut size stay, and `…` says more may follow.
  assert.match(report, /\(Conv2D\) +\(None, 128, 128, 3\) +\(None, 128, 128, 256… +1024 /);
  assert.doesNotMatch(report, /\(None, 128, 128\) /);
});

Deno.test("GlobalAveragePooling1D over features first (channels_first) is recognised", () => {
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 12, 100)]         0         ",
    "global_average_pooling1d (Gl (None, 12)                0         ",
  ]));
  const row = result.rows[1];
  assert.ok(row.checked && row.consistent, row.note);
  assert.deepEqual(row.layer, {
    className: "GlobalAveragePooling1D",
    dataFormat: "channels_first",
  });
});

Deno.test("Conv3D is read by the convolutions' own reading: filters, kernel and channels", () => {
  // Conv3D(8, 3) on one channel: 3 × 3 × 3 × 1 × 8 + 8 = 224; GlobalMaxPooling3D: none.
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 8, 8, 8, 1)]      0         ",
    "conv3d (Conv3D)              (None, 6, 6, 6, 8)        224       ",
    "global_max_pooling3d (Global (None, 8)                 0         ",
  ]));
  assert.deepEqual(result.rows[1].layer, {
    className: "Conv3D",
    filters: 8,
    kernelSize: [3, 3, 3],
  });
  assert.ok(result.rows[1].checked && result.rows[1].consistent);
  assert.equal(result.rows[1].formula, result.rows[1].explanation!.annotation);
  assert.ok(result.rows[2].checked, result.rows[2].note);
  // A count no tried configuration gives is not checked, never flagged.
  const odd = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 8, 8, 8, 1)]      0         ",
    "conv3d (Conv3D)              (None, 6, 6, 6, 8)        225       ",
  ]));
  assert.equal(odd.rows[1].checked, false);
  assert.equal(odd.rows[1].notCheckedReason, "no Conv3D fits");
});

Deno.test("an LSTM with return_state is read with its states, and each reader takes the output it names", () => {
  const result = explainSummary(KERAS3_FUNCTIONAL);
  const lstm = result.rows[1];
  assert.ok(lstm.checked && lstm.consistent, lstm.note);
  assert.match(String(result), /LSTM\(8, returnState: true\)/);
  assert.deepEqual(result.summary.rows[3].inboundTensors, [0, 1]);
  assert.deepEqual(result.rows[3].layerInputShapes, [[null, 3], [null, 8]]);
  assert.ok(result.fullyExplained, String(result));
});

Deno.test("a Keras 3 table wider than an 80-column console, cut at the right, is read and not flagged", () => {
  const model = new Sequential([new Input({ shape: [32] }), new Dense(64), new Dense(10)]);
  const text = String(model.summary({ lineLength: 88 }));
  assert.ok(text.split("\n").some((l) => l.length === 80 && !l.endsWith("┃")), text);
  const summary = parseSummary(text);
  assert.deepEqual(summary.rows.map((r) => [r.name, r.paramCountCut]), [
    ["dense", true],
    ["dense_1", true],
  ]);
  const result = explainSummary(summary);
  assert.ok(result.consistent, String(result));
  // Both counts are cut off whole (the edge falls before their digits). The second Dense reads
  // the first's 64: with its bias (64 + 1) * 10 = 650, without 640, and in a Keras 3 table with
  // LoRA each rank adds 64 + 10. So the total does not tell them: 2,112 + 650 (no LoRA) and
  // 2,048 + 714 (no bias, the second with rank 1) both make 2,762. Neither row is flagged, and
  // the true count is among the second's candidates.
  assert.deepEqual(result.rows.map((r) => r.expectedParamCount), [null, null]);
  assert.ok(result.rows.every((r) => r.consistent), String(result));
  assert.ok(result.rows[1].candidateCounts?.includes(650) === true);
  assert.ok(result.rows[1].candidateCounts?.includes(714) === true);
});

Deno.test("fuzzing: mutated tables of every style read, explain and render, or fail with a SummaryParseError", () => {
  const tables = [
    WRAPPED,
    FUNCTIONAL,
    OLD_FUNCTIONAL,
    KERAS3_TRAINED,
    KERAS3_ANSI,
    KERAS3_FUNCTIONAL,
    TFJS_FUNCTIONAL,
    TIED,
    NESTED,
  ];
  const chars = [..."()[]{},'=?_-|│┃━┏┡└├¯ \t\n0123456789NnoeLSTMx.…#:\u00a0\x1b"];
  const mutation = fc.record({
    table: fc.nat(tables.length - 1),
    edits: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...chars), fc.boolean()), { maxLength: 6 }),
  });
  fc.assert(
    fc.property(mutation, ({ table, edits }) => {
      let text = tables[table];
      for (const [at, c, insert] of edits) {
        const i = at % (text.length + 1);
        text = text.slice(0, i) + c + text.slice(insert ? i : i + 1);
      }
      try {
        for (const summary of parseSummaries(text)) {
          const result = explainSummary(summary);
          String(result);
          result.toHtml();
        }
      } catch (error) {
        if (!(error instanceof SummaryParseError)) throw error;
      }
    }),
    { seed: SEED, numRuns: 400 },
  );
});

Deno.test("a kind without a reading of its own is tried generically, and a miss is not a flag", () => {
  // A Conv2DTranspose on (6, 6, 1) printed with its output size and count.
  const transposed = (side: number, count: number) =>
    explainSummary(classic([
      "input_1 (InputLayer)         [(None, 6, 6, 1)]         0         ",
      "conv2d_transpose (Conv2DTran " + `(None, ${side}, ${side}, 8)`.padEnd(26) +
      String(count).padEnd(10),
    ])).rows[1];
  // Conv2DTranspose(8, 3): its kernel is 3 × 3 × 8 × 1, plus 8 biases: 80; the output grows by
  // the kernel less one, 6 + 3 - 1 = 8.
  const fits = transposed(8, 80);
  assert.deepEqual(fits.layer, { className: "Conv2DTranspose", filters: 8, kernelSize: [3, 3] });
  assert.ok(fits.checked && fits.consistent, fits.note);
  // Past the usual sides: 13 × 13 × 8 + 8 = 1,360 positions read from the count, and 13 × 13
  // "valid" grows 6 to 6 + 13 - 1 = 18.
  const wide = transposed(18, 1360);
  assert.deepEqual(wide.layer, { className: "Conv2DTranspose", filters: 8, kernelSize: [13, 13] });
  assert.ok(wide.checked && wide.consistent, wide.note);
  // A count no configuration gives (8 per position, and 8 biases or none: not 1,361) is not
  // checked, never flagged.
  const missed = transposed(18, 1361);
  assert.deepEqual([missed.checked, missed.consistent], [false, true]);
  assert.match(missed.note!, /no configuration it tries .* gives this row's count/);
});

Deno.test("PReLU over a sequence, one slope per feature shared over steps, is recognised", () => {
  const result = explainSummary(classic([
    "input_1 (InputLayer)         [(None, None, 50)]        0         ",
    "p_re_lu (PReLU)              (None, None, 50)          50        ",
  ]));
  assert.ok(result.rows[1].checked && result.rows[1].consistent, result.rows[1].note);
  assert.deepEqual(result.rows[1].layer, { className: "PReLU", sharedAxes: [1] });
});

/** A tf.keras functional table with a `Connected to` column, 98 columns wide. */
const graph = (rows: string[]) =>
  [
    "Layer (type)                    Output Shape         Param #     Connected to                     ",
    "=".repeat(98),
    ...rows,
    "=".repeat(98),
  ].join("\n");

Deno.test("self-attention reads heads × key size from its count, and says the split is not told", () => {
  // MultiHeadAttention(num_heads=4, key_dim=256) over 1 feature: the query, key and value
  // projections are 1 × 4 × 256 kernels with 4 × 256 biases, 2,048 each; the output projection
  // 4 × 256 × 1 + 1 = 1,025. In all 3 × 2,048 + 1,025 = 7,169.
  const result = explainSummary(graph([
    "input_1 (InputLayer)            [(None, 500, 1)]     0                                            ",
    "layer_normalization (LayerNorma (None, 500, 1)       2           input_1[0][0]                    ",
    "multi_head_attention (MultiHead (None, 500, 1)       7169        layer_normalization[0][0]        ",
    "                                                                 layer_normalization[0][0]        ",
  ]));
  const row = result.rows[2];
  assert.ok(row.checked && row.consistent, row.note);
  assert.equal(row.expectedParamCount, 7169);
  assert.deepEqual(row.layerInputShapes, [[null, 500, 1], [null, 500, 1]]);
  assert.match(row.note!, /"MultiHead" is MultiHeadAttention cut short/);
  assert.match(row.note!, /numHeads × keyDim = 1024/);
  // 7,170 is no self-attention over one feature with one head size: 7,169, less the output
  // bias, is no multiple of 7. With a value head size of its own it is: Keras 3.15.1 counts
  // MultiHeadAttention(1, key_dim=1025, value_dim=1023) on (None, 500, 1) 7,170, 4 per key unit
  // and 3 per value unit, 4 × 1,025 + 3 × 1,023 + 1. This table is Keras 2's, which had no
  // gate (Keras 3's MultiHeadAttention(1, 1434, use_bias=False, use_gate=True) also counts 7,170).
  const odd = explainSummary(graph([
    "input_1 (InputLayer)            [(None, 500, 1)]     0                                            ",
    "multi_head_attention (MultiHeadAttention) (None, 500, 1) 7170 input_1[0][0]",
    "                                                                 input_1[0][0]                    ",
  ]));
  assert.deepEqual([odd.rows[1].checked, odd.rows[1].consistent], [true, true]);
  assert.match(odd.rows[1].note!, /keyDim 1025 and valueDim 1023 is shown, and 596 other pairs/);
  assert.doesNotMatch(odd.rows[1].note!, /useGate/);
  assert.ok(odd.consistent);
});

Deno.test("a nested model's row is checked by the model's own summary, printed before it", () => {
  // The encoder: Dense(4) on 8 features, 8 × 4 + 4 = 36. The autoencoder nests it, then
  // Dense(8) on its 4 outputs, 4 × 8 + 8 = 40: 76 in all.
  const encoderTable = [
    'Model: "encoder"',
    ...classic([
      "input_1 (InputLayer)         [(None, 8)]               0         ",
      "dense (Dense)                (None, 4)                 36        ",
    ]).split("\n"),
    "=".repeat(65),
    "Total params: 36",
  ].join("\n");
  const autoencoder = (count: number) =>
    [
      'Model: "autoencoder"',
      ...classic([
        "input_2 (InputLayer)         [(None, 8)]               0         ",
        `encoder (Functional)         (None, 4)                 ${count}        `,
        "dense_1 (Dense)              (None, 8)                 40        ",
      ]).split("\n"),
      "=".repeat(65),
      `Total params: ${count + 40}`,
    ].join("\n");
  const encoder = explainSummary(encoderTable);
  assert.ok(encoder.rows.every((r) => r.checked && r.consistent));
  const alone = explainSummary(autoencoder(36));
  assert.equal(alone.rows[1].checked, false);
  assert.match(alone.rows[1].notCheckedReason!, /nested Functional, its layers not shown/);
  const nested = explainSummary(autoencoder(36), { models: { encoder } });
  assert.ok(nested.rows[1].checked && nested.rows[1].consistent, nested.rows[1].note);
  assert.match(nested.rows[1].note!, /Model "encoder", printed before it, totals 36/);
  assert.ok(nested.rows.every((r) => r.checked));
  // Another model of the same name (a count of 37) is not checked by it, and not flagged.
  const other = explainSummary(autoencoder(37), { models: { encoder } });
  assert.equal(other.rows[1].checked, false);
  assert.match(other.rows[1].note!, /totals 36, not the 37 printed here/);
  // The explain command reads both tables from one paste and links them.
  const { report } = explainText(`${encoderTable}\n\n${autoencoder(36)}`);
  assert.match(report, /Model "encoder", printed before it, totals 36/);
});

Deno.test("a nested Keras application is rebuilt from its name, input and count", () => {
  // Real Keras 3.15.1's Xception without its top on 160 × 160 × 3 has 20,861,480 parameters and
  // outputs (None, 5, 5, 2048) (tests/fixtures/keras3_applications/Xception__notop_160.json.gz).
  const table = (count: number) =>
    classic([
      "input_1 (InputLayer)         [(None, 160, 160, 3)]     0         ",
      `xception (Functional)        (None, 5, 5, 2048)        ${count}  `,
      "global_average_pooling2d (Gl (None, 2048)              0         ",
      "dense (Dense)                (None, 1)                 2049      ",
    ]);
  const result = explainSummary(table(20861480));
  const row = result.rows[1];
  assert.ok(row.checked && row.consistent, row.note);
  assert.equal(row.expectedParamCount, 20861480);
  assert.match(row.note!, /Xception\(\{ includeTop: false \}\) on \(None, 160, 160, 3\)/);
  assert.ok(result.rows.every((r) => r.checked));
  // One more parameter is no Xception: not checked, and not flagged (another Keras may differ).
  const odd = explainSummary(table(20861481));
  assert.equal(odd.rows[1].checked, false);
  assert.equal(odd.rows[1].notCheckedReason, "Xception not rebuilt");
  assert.ok(odd.consistent);
  // A nested model of another name is not guessed at.
  const other = explainSummary(
    table(20861480).replace("xception (Functional)  ", "my_backbone (Functional)"),
  );
  assert.equal(other.rows[1].checked, false);
  assert.match(other.rows[1].note!, /A nested model \(Functional\)/);
});

/** A tf.keras table whose shape column is 21 wide, so longer shapes are cut by it. */
const narrow = (rows: string[]) =>
  ["Layer (type)                 Output Shape         Param #   ", "=".repeat(60), ...rows].join(
    "\n",
  );

Deno.test("a shape cut inside its last size is completed only by sizes that start with its digits", () => {
  // Conv2D on 304 channels with 700,416 parameters and no bias: 3 × 3 × 304 × 256 (256
  // filters) or 1 × 1 × 304 × 2,304 (2,304 filters). `…, 256` cut by its column tells which;
  // `…, 2` does not.
  const table = (shape: string) =>
    narrow([
      `conv2d (Conv2D)              ${shape} 700416    `,
      `batch_normalization (BatchNo ${shape} 1024      `,
    ]);
  const told = explainSummary(table("(None, 128, 128, 256"), { inputShape: [null, 128, 128, 304] });
  assert.equal(told.rows[0].outputShapeCutDigits, "256");
  assert.deepEqual(told.rows[0].expectedOutputShape, [null, 128, 128, 256]);
  assert.ok(told.rows.every((r) => r.checked && r.consistent), told.rows[1].note);
  const untold = explainSummary(table("(None, 1280, 1280, 2"), {
    inputShape: [null, 1280, 1280, 304],
  });
  assert.equal(untold.rows[0].checked, false);
  assert.match(untold.rows[0].note!, /\(None, 1280, 1280, 2304\), \(None, 1280, 1280, 256\)/);
  assert.ok(untold.consistent);
});

Deno.test("a TFOpLambda of an op that acts value by value keeps its input's shape, and is checked so", () => {
  // Conv2D(4, 3) on 3 channels: 3 × 3 × 3 × 4 + 4 = 112; tf.nn.relu keeps (None, 6, 6, 4).
  const result = explainSummary(graph([
    "input_1 (InputLayer)            [(None, 8, 8, 3)]    0                                            ",
    "conv2d (Conv2D)                 (None, 6, 6, 4)      112         input_1[0][0]                    ",
    "tf.nn.relu (TFOpLambda)         (None, 6, 6, 4)      0           conv2d[0][0]                     ",
    "tf.tile (TFOpLambda)            (None, 12, 6, 4)     0           tf.nn.relu[0][0]                 ",
  ]));
  const [, , relu, tile] = result.rows;
  assert.ok(relu.checked && !relu.countOnly, relu.note);
  assert.deepEqual(relu.expectedOutputShape, [null, 6, 6, 4]);
  // tf.tile changes the shape by its multiples, which are not printed: its count alone.
  assert.ok(tile.checked && tile.countOnly, tile.note);
  // A relu printed with another shape is not taken for one (a constant may broadcast it).
  const odd = explainSummary(graph([
    "input_1 (InputLayer)            [(None, 8, 8, 3)]    0                                            ",
    "tf.nn.relu (TFOpLambda)         (None, 8, 8, 6)      0           input_1[0][0]                    ",
  ]));
  assert.ok(odd.rows[1].countOnly);
  assert.ok(odd.consistent);
});

Deno.test("keras-hub rows are read from their counts, and what a count cannot tell is said", () => {
  // keras-io's GPT (text_generation_gpt): TokenAndPositionEmbedding(5000, 80, 256) has
  // (5,000 + 80) × 256 = 1,300,480; TransformerDecoder(256, num_heads=3) on 256 features has
  // 394,749 (the Keras composition in tests/fixtures/keras_hub_oracle.json agrees); FNetEncoder(512)
  // on 128: 2 × 2 × 128 + (128 × 512 + 512) + (512 × 128 + 128) = 132,224.
  const gpt = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 80)]              0         ",
    "token_and_position_embedding (None, 80, 256)           1300480   ",
    "transformer_decoder (Transfo (None, 80, 256)           394749    ",
  ]));
  const [, embedding, decoder] = gpt.rows;
  assert.ok(embedding.checked && embedding.consistent, embedding.note);
  assert.match(embedding.note!, /add up to 5080, and how they split is not printed/);
  assert.equal(embedding.formula, undefined);
  assert.ok(decoder.checked && decoder.consistent, decoder.note);
  assert.deepEqual(decoder.layer, { className: "TransformerDecoder", intermediateDim: 256 });
  assert.match(decoder.note!, /does not tell numHeads: 3, 5, 15, 17, 51, 85/);
  // The count is 4·d·w + 3·w + 6·d + (2·d + 1)·i for heads w wide in all and a feed-forward i
  // wide: one parameter more is w = 256 (1, 2, 4, … heads) and i = 254.
  const other = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 80, 256)]         0         ",
    "transformer_decoder (Transfo (None, 80, 256)           394750    ",
  ]));
  assert.deepEqual(other.rows[1].layer, { className: "TransformerDecoder", intermediateDim: 254 });
  assert.match(other.rows[1].note!, /does not tell numHeads: 1, 2, 4, 8, 16, 32, … heads/);
  // Less than any decoder on 256 features has is none.
  const small = explainSummary(classic([
    "input_1 (InputLayer)         [(None, 80, 256)]         0         ",
    "transformer_decoder (Transfo (None, 80, 256)           1000      ",
  ]));
  assert.equal(small.rows[1].checked, false);
  assert.ok(small.consistent);
  const fnet = explainSummary(classic([
    "input_1 (InputLayer)         [(None, None, 128)]       0         ",
    "f_net_encoder (FNetEncoder)  (None, None, 128)         132224    ",
  ]));
  assert.deepEqual(fnet.rows[1].layer, { className: "FNetEncoder", intermediateDim: 512 });
  assert.equal(fnet.rows[1].formula, fnet.rows[1].explanation!.annotation);
});

Deno.test("tables Keras prints with summary(positions=...) are read: titles, names and shapes cut to their columns", () => {
  // Real Keras 3.15.1 (tests/fixtures/keras3_positions.py): 36 tables of a Functional and a
  // Sequential model at random column positions. Before, 13 were refused ("no model summary
  // found", a header "with no Output Shape column", a shape "(N… 10, 8)" not read, a row with
  // no count starting nowhere). Now each is read: nothing flagged, and what is not checked is
  // cut by its column (a class, an output shape, a Connected to entry) or not printed. A shape
  // whose first word, `(None,`, a column cut to `(N…` on a line of its own is whole (26 fully
  // explained, where 23 were before it was read).
  const { tables } = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/keras3_positions.json", import.meta.url)),
  ) as { tables: { table: string; positions: number[]; total: number }[] };
  assert.equal(tables.length, 36);
  let full = 0;
  const reasons = new Set<string>();
  for (const { table, positions } of tables) {
    const result = explainSummary(table);
    assert.equal(result.consistent, true, `${positions}: ${result.totals.note}`);
    if (result.fullyExplained) full++;
    for (const row of result.rows) if (!row.checked) reasons.add(row.notCheckedReason ?? "");
  }
  assert.ok(full >= 26, `${full} of 36 fully explained`);
  for (const reason of reasons) {
    assert.match(
      reason,
      /^(class cut to ".*"|class not printed|output shape cut|input cut short, fits several rows)$/,
      reason,
    );
  }
  // A column of no width: Output Shape's ([0.91, 0.94, 1]) leaves every shape unknown, and
  // Param #'s ([0.31, 0.71, 0.76, 1]) every count, which the total fills.
  const noShapes = tables.find((t) => String(t.positions) === "0.91,0.94,1")!;
  const rows = explainSummary(noShapes.table).rows;
  assert.deepEqual(rows.map((r) => r.paramCount), [390, 120, 0, 93]);
  const noCounts = tables.find((t) => String(t.positions) === "0.31,0.71,0.76,1")!;
  const counted = explainSummary(noCounts.table);
  assert.equal(counted.fullyExplained, true, counted.verdict());
  assert.deepEqual(counted.rows.map((r) => r.expectedParamCount), [0, 360, 28, 0, 0]);
});

Deno.test("a nested layer's └ marker cut by a narrow name column: nested, at a depth the rows above settle or leave open", () => {
  // Keras 3.15.1 (the oracle's seed 1597303323, summary(positions=[0.12, 0.67, 0.89, 1])): a
  // name column three wide prints `   └` as `  …`. Keras's depths: 0, 0, then six layers of
  // the nested model at 1, then 0. The first is settled by the model's row above it (a model
  // prints its own layers one deeper); after it, each row above has a class cut to a letter,
  // which may be a model's, so the depth stays open (at least 1), and the nested model's row
  // is not checked by its layers.
  const { table } = JSON.parse(Deno.readTextFileSync(
    new URL(
      "./fixtures/keras_prints/exceptions/positions-cut-nested-markers.json",
      import.meta.url,
    ),
  )) as { table: string };
  const result = explainSummary(table);
  assert.deepEqual(
    result.rows.map((r) => [r.depth ?? 0, r.depthCut === true]),
    [[0, false], [0, false], [1, false], ...Array(5).fill([1, true]), [0, false]],
  );
  assert.equal(result.rows[1].notCheckedReason, "S's layers' depths cut");
  assert.deepEqual(result.rows.map((r) => r.name).slice(0, 3), ["in", "wi", "ls"]);
  assert.ok(result.rows.every((r) => r.consistent), String(result));
});
