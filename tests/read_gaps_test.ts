// Issue 16's reading gaps, each on a table real Keras 3.15.1 printed
// (tests/fixtures/keras3_prints_reader/, made by its make.py), on a TF ≥ 2.11 table printed by
// that version's print_row (tests/fixtures/keras2_prints_reader/), or on a table written by hand
// in Keras's style. What Keras printed is the truth: every count and shape in a fixture is
// Keras's own, so a table is "fully explained" only if the reader agrees with Keras on each row.

import assert from "assert";
import {
  countForInputSize,
  describeConfig,
  explainSummary,
  inferInputFeatures,
  nearestInputSizes,
  parseSummaries,
  parseSummary,
  SummaryExplanation,
  SummaryParseError,
} from "../mod.ts";

const KERAS3 = new URL("./fixtures/keras3_prints_reader/", import.meta.url);
const KERAS2 = new URL("./fixtures/keras2_prints_reader/", import.meta.url);

function read(dir: URL, name: string): string {
  return Deno.readTextFileSync(new URL(`${name}.txt`, dir));
}

function explained(name: string, dir = KERAS3): SummaryExplanation {
  return explainSummary(read(dir, name));
}

/** Every row checked and every number agreeing with Keras, or the rows that are not. */
function assertFull(result: SummaryExplanation, what: string): void {
  const bad = result.rows.filter((r) => !r.checked || !r.consistent)
    .map((r) => `${r.name}: ${r.notCheckedReason ?? "INCONSISTENT"}: ${r.note}`);
  assert.ok(result.fullyExplained, `${what}: ${bad.join("\n")}\n${result.totals.note ?? ""}`);
}

function row(result: SummaryExplanation, name: string) {
  const found = result.rows.find((r) => r.name === name);
  assert.ok(found, `no row ${name} in ${result.rows.map((r) => r.name).join(", ")}`);
  return found;
}

// --- Keras's headers and cut cells ------------------------------------------------------------

Deno.test("a header rich wraps onto two or three lines is read joined (Layer over (type), Pa… over #)", () => {
  for (const name of ["global_pools_50", "narrow_40"]) {
    const parsed = parseSummary(read(KERAS3, name));
    assert.equal(parsed.connections, true, name);
    assert.equal(parsed.format, "keras3");
    assert.equal(parsed.headerLine, 3, `${name}: the header starts under the top rule`);
    assert.match(parsed.modelName ?? "", /^functional/);
    if (name === "global_pools_50") {
      assertFull(explained(name), name);
      continue;
    }
    // narrow_40: conv2d_14's count is cut to "18…" and a convolution's kernel is only guessed
    // when its count is not printed (a "same" padding fits any kernel), and conv2d_15's cut
    // input fits two rows; the total, one sum over two open rows, does not decide them. Every
    // other row is checked, and none is flagged.
    const result = explained(name);
    assert.deepEqual(result.rows.filter((r) => !r.checked).map((r) => r.name), [
      "conv2d_14",
      "conv2d_15",
    ]);
    assert.ok(result.rows.every((r) => r.consistent), name);
  }
  // 5 rows printed in global_pools_50, 10 in narrow_40.
  assert.equal(parseSummary(read(KERAS3, "global_pools_50")).rows.length, 5);
  assert.equal(parseSummary(read(KERAS3, "narrow_40")).rows.length, 10);
});

Deno.test("a narrow show_trainable table and a line_length 50 table read", () => {
  const trainable = parseSummary(read(KERAS3, "narrow_trainable_60"));
  assert.deepEqual(trainable.rows.map((r) => r.paramCount), [0, 53, 8]);
  const narrow = parseSummary(read(KERAS3, "narrow_50"));
  assert.equal(narrow.totalParams, 49);
  assert.equal(narrow.rows.length, 3);
});

Deno.test("a name Keras cuts with … sets nameCut and loses its …", () => {
  const rows = parseSummary(read(KERAS3, "narrow_40")).rows;
  const cut = rows.filter((r) => r.nameCut);
  assert.ok(cut.length >= 4, `${cut.length} cut names`);
  for (const r of rows) assert.ok(!r.name.includes("…"), r.name);
  assert.ok(cut.every((r) =>
    "batch_normalization_input_layer_activation_global_average_pooling2d"
      .includes(r.name) || r.name.startsWith("batch_no") || r.name.startsWith("activati")
  ));
});

Deno.test("a cut Connected to entry is resolved by the one row whose output fits, never the first", () => {
  // Keras printed the Activation reading batch_normalization_1 (64 channels) as
  // `batch_normal…`, which also fits batch_normalization (32 channels), printed first.
  const result = explained("cut_names_60");
  assertFull(result, "cut_names_60");
  const activation = row(result, "activation");
  assert.deepEqual(activation.layerInputShape, [null, 20, 20, 64]);
  assert.match(activation.note ?? "", /cut short by its column and fits 2 rows/);
  assertFull(explained("cut_names_80"), "cut_names_80");
});

Deno.test("a cut entry that fits rows of different outputs, each fitting the row, is not checked", () => {
  // Dense(4) reading `dense_…`: on dense_1's 3 features it has 3 × 4 + 4 = 16 parameters, on
  // dense_2's 5 it has 24; the count is cut to `…`, so the table cannot tell which.
  const text = [
    "┏━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)          ┃ Output Shape  ┃   Param # ┃ Connected to   ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩",
    "│ input_layer           │ (None, 2)     │         0 │ -              │",
    "├───────────────────────┼───────────────┼───────────┼────────────────┤",
    "│ dense_1 (Dense)       │ (None, 3)     │         9 │ input_layer[0… │",
    "├───────────────────────┼───────────────┼───────────┼────────────────┤",
    "│ dense_2 (Dense)       │ (None, 5)     │        15 │ input_layer[0… │",
    "├───────────────────────┼───────────────┼───────────┼────────────────┤",
    "│ dense_3 (Dense)       │ (None, 4)     │         … │ dense_…        │",
    "└───────────────────────┴───────────────┴───────────┴────────────────┘",
  ].join("\n");
  const result = explainSummary(text);
  const last = row(result, "dense_3");
  assert.equal(last.checked, false);
  assert.equal(last.consistent, true);
  assert.equal(last.notCheckedReason, "input cut short, fits several rows");
  assert.match(last.note ?? "", /dense_2, dense_1/);
  assert.ok(result.consistent);
});

Deno.test("a cut tensor index [0][… names its layer whole, and no first output", () => {
  const connections = parseSummary(read(KERAS3, "cut_names_80")).rows
    .find((r) => r.name === "conv2d_3")!;
  assert.deepEqual(connections.inbound, ["input_layer_1"]);
  assert.deepEqual(connections.inboundTensors, [-1]);
  assert.equal(connections.inboundNamesCut, undefined);
});

Deno.test("a cut Global… class is resolved by its input's rank", () => {
  const result = explained("global_pools_50");
  // Conv1D(8, 3) on 6 channels: 3 × 6 × 8 + 8 = 152, Keras's count; its output has rank 3.
  assert.equal(row(result, "conv1d").expectedParamCount, 152);
  const pooled = result.rows.filter((r) => r.classNameCut);
  assert.ok(pooled.length >= 2);
  assert.deepEqual(
    pooled.filter((r) => r.layer?.className.startsWith("Global")).map((r) => r.layer!.className),
    ["GlobalAveragePooling1D", "GlobalMaxPooling1D"],
  );
  // Without an input, a flat output does not tell the rank: not checked, never guessed.
  const alone = explainSummary(
    "Layer (type) Output Shape Param #\n===\ng (GlobalAveragePool (None, 8) 0",
  );
  assert.equal(alone.rows[0].checked, false);
});

// --- Counts Keras 2 wraps, totals ------------------------------------------------------------

Deno.test("TF ≥ 2.11's count wrapped onto the next line (1312358, then 4) reads whole, with the totals", () => {
  const parsed = parseSummary(read(KERAS2, "wrapped_count_85"));
  // Dense(8192) on 1,601 features: 1601 × 8192 + 8192 = 13,123,584.
  assert.deepEqual(parsed.rows.map((r) => r.paramCount), [
    0,
    0,
    13_123_584,
    13_123_584,
    0,
    81_930,
  ]);
  assert.equal(parsed.totalParams, 26_329_098);
  assertFull(explained("wrapped_count_85", KERAS2), "wrapped_count_85");
});

Deno.test("a total one above the rows, all of it non-trainable, is a variable outside every layer, not frozen layers", () => {
  // TensorFlow Decision Forests keeps one variable in the model and none in a layer.
  const forest = explainSummary(`Model: "random_forest_model"
_________________________________________________________________
 Layer (type)                Output Shape              Param #
=================================================================
 dense (Dense)               (None, 4)                 20

=================================================================
Total params: 21
Trainable params: 20
Non-trainable params: 1
_________________________________________________________________`);
  assert.ok(forest.consistent, forest.totals.note);
  assert.match(forest.totals.note ?? "", /outside every layer/);
  assert.doesNotMatch(forest.totals.note ?? "", /frozen/);
  // A total one above the rows that the trainable and non-trainable counts do not add up to
  // is still flagged.
  const edited = explainSummary(`Layer (type) Output Shape Param #
===
dense (Dense) (None, 4) 20
===
Total params: 21
Trainable params: 20
Non-trainable params: 0`);
  assert.equal(edited.totals.consistent, false);
});

// --- Kinds read from their rows ----------------------------------------------------------------

Deno.test("useBias: false is read for every kind with a bias, as MobileNet builds them", () => {
  for (const name of ["no_bias", "mobilenet_block"]) {
    const result = explained(name);
    assertFull(result, name);
    const unbiased = result.rows.filter((r) => r.layer?.useBias === false);
    assert.ok(unbiased.length >= 3, `${name}: ${unbiased.length}`);
  }
  const result = explained("no_bias");
  // Conv2DTranspose(4, 3) without bias on 16 channels: 3 × 3 × 4 × 16 = 576.
  const transpose = row(result, "conv2d_transpose");
  assert.equal(transpose.paramCount, 576);
  assert.equal(
    describeConfig(transpose.layer!),
    "Conv2DTranspose(4, kernelSize: [3, 3], useBias: false)",
  );
  // DepthwiseConv2D(3, depthMultiplier: 2) without bias on 32 channels: 3 × 3 × 32 × 2 = 576.
  const depthwise = row(explained("mobilenet_block"), "depthwise_conv2d_2");
  assert.equal(depthwise.layer?.depthMultiplier, 2);
});

Deno.test("non-square kernels are read where the spatial size is unknown", () => {
  const result = explained("nonsquare");
  assertFull(result, "nonsquare");
  // Conv2D(16, (5, 3)) on 32 channels: 5 × 3 × 32 × 16 + 16 = 7,696; the row tells 15 kernel
  // positions, not their shape.
  const second = row(result, "conv2d_9");
  assert.equal(second.expectedParamCount, 7_696);
  assert.match(second.note ?? "", /15 positions but not its shape/);
  assert.match(second.note ?? "", /3×5/);
  assert.match(second.note ?? "", /5×3/);
});

Deno.test("dilated convolutions, keepdims pooling and BatchNormalization over axis 1 are read", () => {
  for (const name of ["assorted", "pools_keepdims", "batchnorm_axis1"]) {
    assertFull(explained(name), name);
  }
  // Conv2D(8, 3, dilation_rate=2) takes 12 to 12 - 2 × 2 = 8.
  assert.deepEqual(row(explained("assorted"), "conv2d_11").layer?.dilationRate, [2, 2]);
  // BatchNormalization(axis=1) on (None, 6, 10): 4 × 6 = 24, Keras's count.
  assert.equal(row(explained("batchnorm_axis1"), "batch_normalization_8").layer?.axis, 1);
});

Deno.test("TimeDistributed around Conv2D, MaxPooling2D and Flatten is read as them", () => {
  const result = explained("time_distributed");
  assertFull(result, "time_distributed");
  const inner = result.rows.map((r) => (r.layer?.layer as { className?: string })?.className);
  assert.deepEqual(inner.slice(1), ["MaxPooling2D", "Flatten", "Dense"]);
  // The first row's 224 fits Conv2D(8, 3) on 3 channels, and Dense(8) on 27 features alike:
  // the input is not printed, so the note names both.
  assert.match(result.rows[0].note ?? "", /Conv2D/);
});

Deno.test("TimeDistributed around transposed convolutions is read as them, and around a cropping, an upsampling or a padding by its count, the kind assumed", () => {
  // tests/fixtures/keras3_prints_reader/make.py: Conv2DTranspose(7, 3, strides=2) of 4 channels
  // (3 × 3 × 4 × 7 + 7 = 259 each step), Cropping2D, UpSampling2D((2, 3)), ZeroPadding2D(1),
  // then Conv1DTranspose(2, 2) of 7 channels (2 × 7 × 2 + 2 = 30).
  const result = explained("time_distributed_generic_steps");
  assertFull(result, "time_distributed_generic_steps");
  const inner = result.rows.map((r) => (r.layer?.layer as { className?: string })?.className);
  assert.equal(inner[1], "Conv2DTranspose");
  assert.equal(inner[6], "Conv1DTranspose");
  // A weightless step layer's kind is printed nowhere: its count, 0, is checked, and the note
  // says the kind read is assumed.
  for (const name of ["time_distributed_1", "time_distributed_2", "time_distributed_3"]) {
    assert.equal(row(result, name).expectedParamCount, 0);
    assert.match(row(result, name).note ?? "", /assumed/, name);
  }
  assert.equal(row(result, "time_distributed").expectedParamCount, 3 * 3 * 4 * 7 + 7);
  assert.equal(row(result, "time_distributed_4").expectedParamCount, 2 * 7 * 2 + 2);
});

Deno.test("transposed convolutions given output_padding are read, the configuration said to be assumed", () => {
  // tests/fixtures/keras3_prints_reader/make.py: Conv2DTranspose(4, (3, 2), strides (2, 3),
  // "same", output_padding (1, 2)) on (5, 6, 3): 3 × 2 × 3 × 4 + 4 = 76 and (4 × 2 + 1 + 1,
  // 5 × 3 + 0 + 2) = (10, 17); Conv1DTranspose(2, 4, "same", output_padding 0) on 170 × 4:
  // 4 × 4 × 2 + 2 = 34 and 169 × 1 + 0 + 0 = 169 (an even kernel shrinks it by one).
  const result = explained("output_padding");
  assertFull(result, "output_padding");
  assert.equal(row(result, "conv2d_transpose").expectedParamCount, 76);
  assert.equal(row(result, "conv1d_transpose").expectedParamCount, 34);
  for (const name of ["conv2d_transpose", "conv1d_transpose"]) {
    const layer = row(result, name).layer as { outputPadding?: number[] };
    assert.ok(layer.outputPadding, name);
    assert.match(row(result, name).note ?? "", /output padding .* may too/, name);
  }
});

Deno.test("Bidirectional with return_state is read with its states", () => {
  for (const name of ["bidirectional_state", "bidirectional_gru_state"]) {
    assertFull(explained(name), name);
  }
  // Bidirectional(LSTM(5, return_state=True)) on 3 features: 2 × 4 × ((3 + 5) × 5 + 5) = 360.
  const lstm = row(explained("bidirectional_state"), "bidirectional");
  assert.equal(lstm.expectedParamCount, 360);
  assert.equal((lstm.layer?.layer as { returnState?: boolean }).returnState, true);
});

Deno.test("a list of outputs Keras 2 cut inside its last one binds only the sizes it prints", () => {
  // Before TF 2.11 a cell was cut at its column: `[(None, 32), (None,` of a GRU's two outputs.
  const result = explained("state_cut_inside_98", KERAS2);
  assertFull(result, "state_cut_inside_98");
  const gru = row(result, "state_encoder");
  // GRU(32) on 16 features, reset_after: 3 × (16 × 32 + 32 × 32 + 2 × 32) = 4,800.
  assert.equal(gru.expectedParamCount, 3 * (16 * 32 + 32 * 32 + 2 * 32));
  assert.deepEqual(gru.expectedOutputShape, [[null, 32], [null, 32]]);
  assert.equal((gru.layer as { returnState?: boolean }).returnState, true);
  // The cut output binds what it prints: (None, 8) second is no fit for `(None, 32), (None,`'s
  // first, and a configuration of one output none at all.
  const wrong = read(KERAS2, "state_cut_inside_98").replace(
    "[(None, 32), (None, ",
    "[(None, 8), (None,  ",
  );
  assert.equal(row(explainSummary(wrong), "state_encoder").checked, false);
});

Deno.test("Normalization given its mean and variance has 0 parameters", () => {
  const result = explained("normalization_given");
  assertFull(result, "normalization_given");
  assert.equal(result.rows[0].expectedParamCount, 0);
  assert.match(result.rows[0].note ?? "", /given its mean and variance/);
});

Deno.test("MaskedLMHead is read from its row: the vocabulary from the output, the inputs from Connected to", () => {
  // keras-io's getting-started table: MaskedLMHead(30522) on BERT-tiny's 128 features has
  // 128 × 30522 + 30522 + (128 × 128 + 128) + 2 × 128 = 3,954,106.
  const result = explainSummary(`Model: "model_1"
__________________________________________________________________________________________________
 Layer (type)                   Output Shape         Param #     Connected to
==================================================================================================
 input_2 (InputLayer)           [(None, None, 128)]  0           []

 input_1 (InputLayer)           [(None, None)]       0           []

 masked_lm_head (MaskedLMHead)  (None, None, 30522)  3954106     ['input_2[0][0]',
                                                                  'input_1[0][0]']

==================================================================================================
Total params: 3,954,106
Trainable params: 3,954,106
Non-trainable params: 0
__________________________________________________________________________________________________`);
  assertFull(result, "masked lm head");
  assert.deepEqual(result.rows[2].layer, { className: "MaskedLMHead", vocabularySize: 30522 });
});

// --- expand_nested ------------------------------------------------------------------------------

Deno.test("expand_nested rows (└ name) are the nested model's layers, and check its row", () => {
  for (const name of ["expand_nested", "expand_nested_trainable"]) {
    const result = explained(name);
    assertFull(result, name);
    const nested = result.rows.filter((r) => (r.depth ?? 0) === 1);
    assert.ok(nested.length >= 2, name);
    assert.ok(nested.every((r) => !r.name.includes("└")));
  }
  // inner = Dense(4) on 8 (36) and Dense(2) on 4 (10): 46, Keras's count of the nested row.
  const inner = row(explained("expand_nested"), "inner");
  assert.ok(inner.checked);
  assert.match(inner.note ?? "", /Its 2 layers, printed below it, hold 46/);
});

// --- Keras operations ---------------------------------------------------------------------------

Deno.test("keras.ops rows and Embedding(mask_zero=True)'s are read, and an operation with no rule is not checked, never flagged", () => {
  for (const name of ["keras_ops", "mask_zero"]) assertFull(explained(name), name);
  const names = explained("mask_zero").rows.map((r) => r.className);
  assert.ok(names.includes("NotEqual") && names.includes("LogicalOr"), names.join(", "));
  // Cholesky is a Keras operation with no shape rule in the library's table.
  const result = explainSummary(
    "Layer (type) Output Shape Param #\n===\nin (InputLayer) [(None, 4, 4)] 0\n" +
      "c (Cholesky) (None, 4, 4) 0",
  );
  assert.equal(result.rows[1].notCheckedReason, "an unknown Keras operation");
  assert.equal(result.rows[1].expectedParamCount, null);
  assert.ok(result.consistent);
});

// --- Reliability --------------------------------------------------------------------------------

Deno.test("the reader's public functions refuse null, undefined and wrong types with a TypeError naming the argument", () => {
  const table = "Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70";
  const cases: [string, () => unknown, RegExp][] = [
    ["parseSummary(null)", () => parseSummary(null as never), /parseSummary expects its text/],
    ["parseSummaries(undefined)", () => parseSummaries(undefined as never), /its text/],
    [
      "explainSummary(null)",
      () => explainSummary(null as never),
      /explainSummary expects the summary/,
    ],
    ["explainSummary(42)", () => explainSummary(42 as never), /received 42/],
    ["explainSummary(text, null)", () => explainSummary(table, null as never), /its options/],
    [
      "explainSummary(text, { declared: 3 })",
      () => explainSummary(table, { declared: 3 } as never),
      /options\.declared/,
    ],
    [
      "explainSummary(text, { inputShape: 'x' })",
      () => explainSummary(table, { inputShape: "x" } as never),
      /options\.inputShape/,
    ],
    [
      "describeConfig(null)",
      () => describeConfig(null as never),
      /describeConfig expects its config/,
    ],
    [
      "inferInputFeatures(null)",
      () => inferInputFeatures(null as never),
      /inferInputFeatures expects its query/,
    ],
    [
      "nearestInputSizes(undefined)",
      () => nearestInputSizes(undefined as never),
      /nearestInputSizes expects its query/,
    ],
    ["countForInputSize(null, 3)", () => countForInputSize(null as never, 3), /spec/],
    [
      "countForInputSize(spec, 'x')",
      () => countForInputSize({ className: "Dense", units: 2 }, "x" as never),
      /inputSize/,
    ],
  ];
  cases.push([
    "new SummaryExplanation(null, …)",
    () => new SummaryExplanation(null as never, null, "", [], { expected: null, consistent: true }),
    /SummaryExplanation expects its summary/,
  ]);
  for (const [what, call, message] of cases) {
    assert.throws(call, (e: unknown) => {
      assert.ok(e instanceof TypeError, `${what}: ${e}`);
      assert.match(e.message, message, what);
      return true;
    });
  }
});

Deno.test("an input size past exact integers names the caller's configuration, not a layer it never made", () => {
  // Dense(1) has f + 1 parameters on f features: 2**53 - 1 of them on 2**53 - 2 features.
  assert.equal(
    inferInputFeatures({ className: "Dense", units: 1, params: 2 ** 53 - 1 }),
    2 ** 53 - 2,
  );
  assert.throws(
    () => countForInputSize({ className: "Dense", units: 1 }, 2 ** 53 - 1),
    (e: unknown) => {
      assert.ok(e instanceof RangeError);
      assert.match(e.message, /a Dense with 1 unit on 9007199254740991 input features/);
      assert.doesNotMatch(e.message, /"dense"/);
      return true;
    },
  );
});

Deno.test("the oracle's kinds are read: GroupNormalization, PReLU sharing an axis, grouped and channels-first layers, separable with a multiplier, ConvLSTM", () => {
  const result = explained("oracle_kinds");
  assertFull(result, "oracle_kinds");
  const layer = (name: string) => row(result, name).layer!;
  // GroupNormalization on 12 channels: gamma and beta, 2 × 12 = 24, whatever its groups.
  assert.equal(row(result, "group_normalization").expectedParamCount, 24);
  // PReLU sharing axis 1 of (6, 8, 12): one slope per (8, 12) position, 96.
  assert.deepEqual(layer("p_re_lu").sharedAxes, [1]);
  // Conv2D(6, (3, 2), groups=3) on 12 channels: 3 × 2 × 4 × 6 + 6 = 150; 6 × 8 becomes 4 × 7.
  assert.equal(layer("conv2d_16").groups, 3);
  assert.equal(layer("max_pooling2d_2").dataFormat, "channels_first");
  // SeparableConv1D(5, 3, depth_multiplier=2) on 4 channels: 3·4·2 + 4·2·5 + 5 = 69.
  assert.equal(row(result, "separable_conv1d").expectedParamCount, 69);
  assert.equal(layer("separable_conv1d").depthMultiplier, 2);
  // Normalization(axis=None): one mean, one variance, one count.
  assert.equal(layer("normalization_1").axis, null);
  // ConvLSTM1D(3, 2) on 1 channel: 4 × (2·1·3 + 2·3·3 + 3) = 108.
  assert.equal(row(result, "conv_lstm1d").expectedParamCount, 108);
});

Deno.test("a first layer of a kind without a reading of its own is read, its kernel's assumption said", () => {
  // DepthwiseConv2D((3, 2)) on 6 channels: 3 × 2 × 6 + 6 = 42; the output's channels tell the
  // input's, and the count the kernel's 6 positions.
  const depthwise = explained("first_depthwise");
  assertFull(depthwise, "first_depthwise");
  assert.equal(depthwise.rows[0].expectedParamCount, 42);
  assert.match(depthwise.rows[0].note ?? "", /6 positions are read from the count/);
  // ConvLSTM1D(3, 2) on 11 channels: 4 × (2 × 11 × 3 + 2 × 3 × 3 + 3) = 348; a kernel and its
  // channels share the count (a kernel of 1 on 25 channels gives 348 too), so the kernel is an
  // assumption, said, and Keras's own configuration is among the fits the note names.
  const lstm = explained("first_conv_lstm");
  assertFull(lstm, "first_conv_lstm");
  assert.equal(lstm.rows[0].expectedParamCount, 348);
  assert.match(lstm.rows[0].note ?? "", /share one count/);
  assert.match(
    lstm.rows[0].note ?? "",
    /ConvLSTM1D\(3, kernelSize: 2, returnSequences: true\) on \(None, 18, 19, 11\)/,
  );
});

Deno.test("a class cut short that several modelled classes could be is the one that fits what is printed", () => {
  // `Multi…` is MultiHeadAttention or Multiply; with no weights and two (None, 4) inputs, only
  // Multiply fits. The name `gate` does not tell it.
  const text = [
    "┏━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)          ┃ Output Shape  ┃   Param # ┃ Connected to   ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩",
    "│ input_layer           │ (None, 4)     │         0 │ -              │",
    "│ (InputLayer)          │               │           │                │",
    "├───────────────────────┼───────────────┼───────────┼────────────────┤",
    "│ dense (Dense)         │ (None, 4)     │        20 │ input_layer[0… │",
    "├───────────────────────┼───────────────┼───────────┼────────────────┤",
    "│ gate (Multi…          │ (None, 4)     │         0 │ input_layer[0… │",
    "│                       │               │           │ dense[0][0]    │",
    "└───────────────────────┴───────────────┴───────────┴────────────────┘",
  ].join("\n");
  const gate = row(explainSummary(text), "gate");
  assert.ok(gate.checked && gate.consistent, gate.note);
  assert.equal(gate.layer?.className, "Multiply");
  assert.match(gate.note ?? "", /only Multiply fits/);
  // A first row, whose inputs are not printed, tells neither: it is not checked.
  const unsure = explainSummary(
    "Layer (type) Output Shape Param #\n===\ngate (Multi (None, 4) 0",
  );
  assert.equal(unsure.rows[0].checked, false);
});

Deno.test("the one count cut short is the total less the other rows, when a layer fits it", () => {
  // Embedding(1000, 8) = 8,000, cut to `8,0…`; Dense(2) on 8 features = 18; total 8,018.
  const table = (total: string) =>
    [
      "┏━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┳━━━━━━━━━┓",
      "┃ Layer (type)          ┃ Output Shape   ┃ Param # ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━╇━━━━━━━━━┩",
      "│ embedding (Embedding) │ (None, 10, 8)  │    8,0… │",
      "├───────────────────────┼────────────────┼─────────┤",
      "│ dense (Dense)         │ (None, 10, 2)  │      18 │",
      "└───────────────────────┴────────────────┴─────────┘",
      ` Total params: ${total} (31.32 KB)`,
    ].join("\n");
  const result = explainSummary(table("8,018"));
  assertFull(result, "cut count");
  assert.equal(result.rows[0].expectedParamCount, 8_000);
  assert.deepEqual(result.rows[0].layer, {
    className: "Embedding",
    inputDim: 1000,
    outputDim: 8,
  });
  assert.match(result.rows[0].note ?? "", /total less the other rows gives 8,000/);
  // A total whose difference does not start as the cut count tells nothing.
  assert.equal(explainSummary(table("9,018")).rows[0].checked, false);
});

Deno.test("a nested Functional's layers printed without Connected to are no chain: the row above is no input", () => {
  // Keras printed the Dense(3) reading the nested model's input (5 features: 5 × 3 + 3 = 18),
  // right below the Dense(2), whose 2 features would give 9.
  const result = explained("nested_graph");
  assertFull(result, "nested_graph");
  assert.equal(row(result, "dense_17").expectedParamCount, 18);
  // The nested model's row: its layers below it hold 12 + 18 = 30, Keras's count.
  assert.match(row(result, "branches").note ?? "", /hold 30/);
});

Deno.test("GroupedQueryAttention is read from its row, the split of its heads an assumption said", () => {
  // head_dim 4, 4 query heads, 2 key/value heads on 16 features: query 16 × 16 + 16 = 272, key
  // and value 16 × 8 + 8 = 136 each, output 16 × 16 + 16 = 272: 816, Keras's count.
  const result = explained("grouped_query_attention");
  assertFull(result, "grouped_query_attention");
  const gqa = row(result, "grouped_query_attention");
  assert.equal(gqa.expectedParamCount, 816);
  assert.match(gqa.note ?? "", /not how many heads share them/);
});

Deno.test("TimeDistributed of an LSTM, a GRU or a SimpleRNN is read from its row, each step a sequence", () => {
  // Printed by Keras 3.15.1 (line_length=90): Input((3, 3, 32)) then
  // TimeDistributed(LSTM(17)): 4 × (32 × 17 + 17 × 17 + 17) = 3,400; Input((4, 6, 8)) then
  // TimeDistributed(GRU(5, return_sequences=True)): 3 × (8 × 5 + 5 × 5 + 2 × 5) = 225, then
  // TimeDistributed(SimpleRNN(3)) on 5: 5 × 3 + 3 × 3 + 3 = 27.
  const rule =
    "├───────────────────────────────────────┼──────────────────────────────┼─────────────────┤";
  const table = (rows: string[], total: string) =>
    [
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)                          ┃ Output Shape                 ┃         Param # ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
      rows.join(`\n${rule}\n`),
      "└───────────────────────────────────────┴──────────────────────────────┴─────────────────┘",
      ` Total params: ${total}`,
    ].join("\n");
  const lstm = explainSummary(table([
    "│ input_layer (InputLayer)              │ (None, 3, 3, 32)             │               0 │",
    "│ time_distributed (TimeDistributed)    │ (None, 3, 17)                │           3,400 │",
  ], "3,400 (13.28 KB)"));
  assertFull(lstm, "TimeDistributed(LSTM(17))");
  assert.deepEqual(lstm.rows[1].layer, {
    className: "TimeDistributed",
    layer: { className: "LSTM", units: 17 },
  });
  const stacked = explainSummary(table([
    "│ input_layer_1 (InputLayer)            │ (None, 4, 6, 8)              │               0 │",
    "│ time_distributed_1 (TimeDistributed)  │ (None, 4, 6, 5)              │             225 │",
    "│ time_distributed_2 (TimeDistributed)  │ (None, 4, 3)                 │              27 │",
  ], "252 (1008.00 B)"));
  assertFull(stacked, "TimeDistributed(GRU), TimeDistributed(SimpleRNN)");
  assert.deepEqual(stacked.rows.slice(1).map((r) => describeConfig(r.layer!)), [
    "TimeDistributed(GRU(5, returnSequences: true))",
    "TimeDistributed(SimpleRNN(3))",
  ]);
});

Deno.test("TimeDistributed of a Reshape (its -1 resolved) is read on a sequence of vectors", () => {
  // Printed by Keras 3.15.1 (line_length=70):
  // TimeDistributed(Reshape((1, -1, 1, 11))) on Input((46, 11)).
  const result = explainSummary([
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━┓",
    "┃ Layer (type)                 ┃ Output Shape          ┃     Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━┩",
    "│ input_layer_2 (InputLayer)   │ (None, 46, 11)        │           0 │",
    "├──────────────────────────────┼───────────────────────┼─────────────┤",
    "│ time_distributed             │ (None, 46, 1, 1, 1,   │           0 │",
    "│ (TimeDistributed)            │ 11)                   │             │",
    "└──────────────────────────────┴───────────────────────┴─────────────┘",
    " Total params: 0 (0.00 B)",
  ].join("\n"));
  assertFull(result, "TimeDistributed(Reshape)");
  assert.equal(result.rows[1].layer?.className, "TimeDistributed");
  assert.deepEqual(result.rows[1].expectedOutputShape, [null, 46, 1, 1, 1, 11]);
});

Deno.test("an RNN of stacked cells as the first layer is not inferred, never 'no RNN fits'", () => {
  // Printed by Keras 3.15.1 (line_length=90): Sequential([Input((7, 5)),
  // RNN([LSTMCell(4), GRUCell(3)]), Dense(2)]): 4 × (5 × 4 + 4 × 4 + 4) = 160 and
  // 3 × (4 × 3 + 3 × 3 + 2 × 3) = 81. The cells are printed nowhere: one cell of 3 units fits
  // no count of 241, and stacked cells (or a custom cell) give almost any.
  const result = explainSummary([
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                          ┃ Output Shape                 ┃         Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━┩",
    "│ rnn (RNN)                             │ (None, 3)                    │             241 │",
    "├───────────────────────────────────────┼──────────────────────────────┼─────────────────┤",
    "│ dense (Dense)                         │ (None, 2)                    │               8 │",
    "└───────────────────────────────────────┴──────────────────────────────┴─────────────────┘",
    " Total params: 249 (996.00 B)",
  ].join("\n"));
  assert.ok(result.consistent, String(result));
  assert.equal(result.rows[0].checked, false);
  assert.equal(result.rows[0].notCheckedReason, "input printed nowhere, any count fits");
  assert.match(result.rows[0].note ?? "", /an RNN gives this output with almost any count/);
  assert.ok(row(result, "dense").checked);
});

Deno.test("a transposed convolution whose strides grow each size threefold is read from the shapes", () => {
  // Printed by Keras 3.15.1 (line_length=80): Input((4, 3, 7, 3)) then
  // TimeDistributed(Conv2DTranspose(8, 3, strides=3, padding="same")): each step's 3 × 7 grows
  // to 9 × 21; 3 × 3 × 3 × 8 + 8 = 224.
  const result = explainSummary([
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                      ┃ Output Shape             ┃       Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
    "│ input_layer (InputLayer)          │ (None, 4, 3, 7, 3)       │             0 │",
    "├───────────────────────────────────┼──────────────────────────┼───────────────┤",
    "│ time_distributed                  │ (None, 4, 9, 21, 8)      │           224 │",
    "│ (TimeDistributed)                 │                          │               │",
    "└───────────────────────────────────┴──────────────────────────┴───────────────┘",
    " Total params: 224 (896.00 B)",
  ].join("\n"));
  assertFull(result, "TimeDistributed(Conv2DTranspose(strides 3))");
  assert.deepEqual(result.rows[1].layer, {
    className: "TimeDistributed",
    layer: {
      className: "Conv2DTranspose",
      filters: 8,
      kernelSize: [3, 3],
      strides: [3, 3],
      padding: "same",
    },
  });
});

Deno.test("a first depthwise convolution, channels first, is tried when no channels-last one gives its channels", () => {
  // Printed by Keras 3.15.1 (line_length=80): Sequential([Input((17, 2, 11)),
  // DepthwiseConv2D((1, 2), depth_multiplier=2, data_format="channels_first")]):
  // 17 × 2 × 1 × 2 + 34 = 102. Channels last, 10 outputs from 10 channels (or 5, twice each)
  // count 10 per kernel position and 10 for the bias, or 0: never 102.
  const result = explainSummary([
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                      ┃ Output Shape             ┃       Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
    "│ depthwise_conv2d                  │ (None, 34, 2, 10)        │           102 │",
    "│ (DepthwiseConv2D)                 │                          │               │",
    "└───────────────────────────────────┴──────────────────────────┴───────────────┘",
    " Total params: 102 (408.00 B)",
  ].join("\n"));
  assertFull(result, "DepthwiseConv2D channels first");
  const row = result.rows[0];
  assert.equal(row.layer?.dataFormat, "channels_first");
  assert.deepEqual(row.layer?.kernelSize, [1, 2]);
  assert.deepEqual(row.expectedOutputShape, [null, 34, 2, 10]);
});

/**
 * Printed by Keras 3.15.1 for Sequential([Input((400, 13)), LSTM(500), Dense(3000), Dense(10)])
 * compiled with Adam and its optimizer built, at COLUMNS=28 (line_length=28): the table alone.
 */
const NARROW_LSTM_TABLE = [
  'Model: "sequential"',
  "┏━━━━━━━━━━━┳━━━━━━━━┳━━━━━┓",
  "┃ Layer     ┃ Output ┃ Pa… ┃",
  "┃ (type)    ┃ Shape  ┃   # ┃",
  "┡━━━━━━━━━━━╇━━━━━━━━╇━━━━━┩",
  "│ lstm      │ (None, │ 1,… │",
  "│ (LSTM)    │ 500)   │     │",
  "├───────────┼────────┼─────┤",
  "│ dense     │ (None, │ 1,… │",
  "│ (Dense)   │ 3000)  │     │",
  "├───────────┼────────┼─────┤",
  "│ dense_1   │ (None, │ 30… │",
  "│ (Dense)   │ 10)    │     │",
  "└───────────┴────────┴─────┘",
];

Deno.test("totals a narrow console wrapped inside their label or before their count are read", () => {
  // The totals as the same summary prints them at COLUMNS=20, where rich breaks
  // ` Total params: ` before its count and ` Non-trainable ` inside its label.
  const result = explainSummary([
    ...NARROW_LSTM_TABLE,
    " Total params: ",
    "7,683,032 (29.31 MB)",
    " Trainable params: ",
    "2,561,010 (9.77 MB)",
    " Non-trainable ",
    "params: 0 (0.00 B)",
    " Optimizer params: ",
    "5,122,022 (19.54 MB)",
  ].join("\n"));
  // The counts cut to "1,…" and "30…" are not decided (LoRA's ranks fit them too); none is
  // flagged, and the totals are read whole.
  assert.ok(result.rows.every((r) => r.consistent), String(result));
  assert.equal(result.summary.totalParams, 7_683_032);
  assert.equal(result.summary.trainableParams, 2_561_010);
  assert.equal(result.summary.nonTrainableParams, 0);
  assert.equal(result.summary.optimizerParams, 5_122_022);
  assert.equal(result.totals.consistent, true);
});

Deno.test("a line after the totals that reads like part of them is said, not dropped", () => {
  const table = [
    ...NARROW_LSTM_TABLE,
    " Total params: 7,683,032 (29.31 MB)",
    " Trainable params: 2,561,010 (9.77 MB)",
    " Non-trainable params: 0 (0.00 B)",
  ];
  // Without the Optimizer params line the totals disagree; a stray fragment after them is
  // named with its line, and text that is not a fragment (a notebook's `None`) is left alone.
  const stray = explainSummary([...table, " params: 5,122,022 (19.54 MB)"].join("\n"));
  assert.match(
    stray.totals.note ?? "",
    /Line 18, "params: 5,122,022 \(19\.54 MB\)", right after the totals, is not read/,
  );
  const none = explainSummary([...table, "None"].join("\n"));
  assert.doesNotMatch(none.totals.note ?? "", /after the totals/);
});

Deno.test("a LayerNormalization row no set of axes, scale or center gives is flagged, not left unchecked", () => {
  // Gamma and beta span the normalized axes: on (None, 6, 4) LayerNormalization keeps 0, 4, 6,
  // 24 (axes 1 and 2), 8, 12 or 48 parameters, and every set of axes is tried, so 10 is wrong.
  const table = (count: string) =>
    [
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)                      ┃ Output Shape             ┃       Param # ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
      "│ input_layer (InputLayer)          │ (None, 6, 4)             │             0 │",
      "├───────────────────────────────────┼──────────────────────────┼───────────────┤",
      `│ layer_normalization               │ (None, 6, 4)             │ ${count.padStart(13)} │`,
      "│ (LayerNormalization)              │                          │               │",
      "└───────────────────────────────────┴──────────────────────────┴───────────────┘",
      ` Total params: ${count}`,
    ].join("\n");
  for (const [count, axis] of [["8", undefined], ["12", 1], ["48", [1, 2]], ["24", [1, 2]]]) {
    const row = explainSummary(table(count as string)).rows[1];
    assert.ok(row.checked && row.consistent, `${count}: ${row.note}`);
    assert.deepEqual(row.layer?.axis, axis, count as string);
  }
  const wrong = explainSummary(table("10")).rows[1];
  assert.equal(wrong.checked, true);
  assert.equal(wrong.consistent, false);
});

Deno.test("a table the console cut inside its names is refused with the reason, and one cut after its shapes reads its counts as cut off", () => {
  // Printed by Keras 3.15.1: Sequential([Input((5,)), Normalization()]), line_length 64, in a
  // console of 66 columns (cut inside the names' column), and a Dense table cut after its shapes.
  const names = [
    'Model: "sequential"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━",
    "┃ Layer (type)                                                 ┃ ",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━",
    "│ normalization (Normalization)                                │ ",
    "└──────────────────────────────────────────────────────────────┴─",
    " Total params: 7 (28.00 B)",
  ].join("\n");
  assert.throws(
    () => explainSummary(names),
    (error: unknown) =>
      error instanceof SummaryParseError && error.line === 3 &&
      /console cut this table at its right edge inside its Layer \(type\) column/.test(
        error.message,
      ),
  );
  // Every count cut off.
  const shapes = explainSummary([
    'Model: "sequential"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━",
    "┃ Layer (type)                    ┃ Output Shape              ",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━",
    "│ dense (Dense)                   │ (None, 4)                 ",
    "├─────────────────────────────────┼───────────────────────────",
    "│ dense_1 (Dense)                 │ (None, 2)                 ",
    "└─────────────────────────────────┴───────────────────────────",
    " Total params: 30 (120.00 B)",
  ].join("\n"));
  assert.deepEqual(shapes.summary.consoleCut, { counts: true, connections: true });
  // dense_1 reads dense's 4: 10 with its bias, 8 without, more with LoRA; the first row's input
  // is printed nowhere, so the total of 30 does not tell them apart. Nothing is flagged.
  assert.ok(shapes.rows.every((r) => r.paramCountCut === true && r.consistent));
  assert.ok(shapes.rows[1].candidateCounts?.includes(10) === true);
  assert.ok(shapes.totals.consistent);
});

Deno.test("a layer called again on a row below it is read on its first call's input", () => {
  // Real Keras 3 printed this (the graph oracle, seed 1497260897): Dense(12, lora_rank=6)
  // called on in_1 (None, 4, 4), then again on dense_1 below it; Keras lists both calls'
  // inputs. Built on 4 features: 4 × 12 + 12 = 60, and LoRA of rank 6 adds 6 × (4 + 12) = 96:
  // 156. Read on an input no row tells, 156 fit other sizes and ranks too.
  assert.equal(4 * 12 + 12 + 6 * (4 + 12), 156);
  const record = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/layer-called-again-on-a-row-below-it.json",
        import.meta.url,
      ),
    ),
  );
  const dense = explainSummary(record.table).rows.find((r) => r.name === "dense")!;
  assert.equal(dense.checked, true);
  assert.equal(dense.consistent, true);
  assert.deepEqual(dense.layerInputShape, [null, 4, 4]);
  assert.equal(dense.layer?.loraRank, 6);
});

Deno.test("a convolution with Keras 3.15's LoRA is not flagged by a table's reading, and says LoRA may give its count only when it can", () => {
  // tests/fixtures/keras3_conv_lora_prints.json: tables real Keras 3.15.1 printed, whose Conv1D
  // and Conv2D with lora_rank the reader flagged as a configuration that does not fit.
  const { tables } = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/keras3_conv_lora_prints.json", import.meta.url)),
  );
  assert.equal(tables.length, 2);
  for (const { table, rows } of tables as { table: string; rows: number[] }[]) {
    const read = explainSummary(table);
    assert.deepEqual(read.rows.filter((r) => r.checked && !r.consistent), [], table);
    const lora = read.rows[1];
    assert.equal(lora.notCheckedReason, "LoRA not read");
    assert.ok(rows[1] > 0);
  }
  // conv1d_9: Conv1D(4, 2) with a bias and LoRA of rank 3 on (None, 6, 8): a frozen kernel of
  // 2 × 8 × 4 = 64, 4 biases, and 3 × (2 × 8 + 4) = 60: 128, as Keras printed.
  assert.equal(2 * 8 * 4 + 4 + 3 * (2 * 8 + 4), 128);
  // 131 is no count of a Conv1D from (None, 6, 8) to (None, 5, 4): channels last, a window of 2
  // (6 to 5) over 8 / g channels (g = 1, 2 or 4), 64 / g + 4b + r × (16 / g + 4), is 131 for
  // no g, bias and rank; channels first (6 channels to 5 filters, 8 to 4 steps: a window of 1
  // to 5 by its stride), 30w + 5b + r × (6w + 5), for no window, bias and rank either.
  for (let g = 1; g <= 4; g *= 2) {
    for (let b = 0; b <= 1; b++) {
      for (let r = 0; r < 20; r++) assert.notEqual(64 / g + 4 * b + r * (16 / g + 4), 131);
    }
  }
  for (let w = 1; w <= 5; w++) {
    for (let b = 0; b <= 1; b++) {
      for (let r = 0; r < 20; r++) assert.notEqual(30 * w + 5 * b + r * (6 * w + 5), 131);
    }
  }
  // So the row says no configuration fits, and not that LoRA may give it.
  const wrong = explainSummary(
    tables[0].table.replace("│                128 │", "│                131 │"),
  );
  assert.equal(wrong.rows[1].notCheckedReason, "no Conv1D fits");
});

Deno.test("a Bidirectional that is not one RNN the same both ways is not flagged: it is not checked, or fits", () => {
  // Real Keras 3 (tests/fixtures/keras3_bidirectional_untried.py): a backward GRU beside a
  // forward LSTM (330 = 180 + 150), RNNs over stacked cells (768, 132), a ConvLSTM1D (704).
  // None is one LSTM, GRU or SimpleRNN the same both ways, which is all the reader tries; the
  // 330 and 132 were flagged before, a confident wrong answer on a table Keras printed.
  const { tables } = JSON.parse(
    Deno.readTextFileSync(
      new URL("./fixtures/keras3_bidirectional_untried.json", import.meta.url),
    ),
  ) as { tables: Record<string, { table: string; count: number }> };
  const rowOf = (name: string) => {
    const result = explainSummary(tables[name].table);
    assert.equal(result.totals.consistent, true, result.totals.note);
    const row = result.rows.find((r) => r.className === "Bidirectional")!;
    assert.equal(row.paramCount, tables[name].count, name);
    return row;
  };
  for (const name of ["backward_gru", "stacked_cells_odd", "conv_lstm1d"]) {
    const row = rowOf(name);
    assert.deepEqual([row.checked, row.consistent], [false, true], `${name}: ${row.note}`);
    assert.match(row.note ?? "", /those it does not try .* may have almost any count/, name);
  }
  // 768 is also Bidirectional(LSTM(8), merge_mode="sum") on 3 features: a configuration fits.
  assert.equal(rowOf("stacked_cells").consistent, true);
  // An RNN of one SimpleRNN cell counts as SimpleRNN(5) both ways: checked.
  const one = rowOf("rnn_one_cell");
  assert.deepEqual([one.checked, one.consistent], [true, true], one.note);
});
