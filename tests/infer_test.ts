// inferInputFeatures: from a layer's configuration and printed count back to its input size.
// Expected sizes come from the seed documents (each count checked to be printed there), from
// TensorFlow.js, or from counts written out here by hand.

import assert from "assert";
import fc from "fast-check";
import * as tf from "@tensorflow/tfjs";
import {
  countForInputSize,
  describeSpec,
  type InferenceQuery,
  inferInputFeatures,
  nearestInputSizes,
} from "../mod.ts";
import { seedShowsRow } from "./_seeds.ts";
import { replaySeed, tfjsForTests } from "./_support.ts";

await tfjsForTests();

const SEED = replaySeed("infer_test");

Deno.test("seed 000's counts give 13 features first, then 5, 650 and 20", () => {
  const rows: [string, [null, number, number], InferenceQuery, number][] = [
    ["lstm_1 (LSTM)", [null, 400, 5], { className: "LSTM", units: 5, params: 380 }, 13],
    ["lstm_2 (LSTM)", [null, 400, 5], { className: "LSTM", units: 5, params: 220 }, 5],
    [
      "time_distributed_1 (TimeDist",
      [null, 400, 650],
      { className: "TimeDistributed", layer: { className: "Dense", units: 650 }, params: 3900 },
      5,
    ],
    ["lstm_3 (LSTM)", [null, 400, 20], { className: "LSTM", units: 20, params: 53680 }, 650],
    ["lstm_4 (LSTM)", [null, 400, 20], { className: "LSTM", units: 20, params: 3280 }, 20],
  ];
  for (const [label, shape, query, features] of rows) {
    assert.ok(seedShowsRow("000", { label, shape, params: query.params }), label);
    assert.equal(inferInputFeatures(query), features, label);
  }
});

Deno.test("seed 000's Dense stack gives 13, 5, 5, 650 and 20 input features", () => {
  const rows: [string, number, number, number][] = [
    ["dense_1 (Dense)", 5, 70, 13],
    ["dense_2 (Dense)", 5, 30, 5],
    ["dense_3 (Dense)", 650, 3900, 5],
    ["dense_4 (Dense)", 20, 13020, 650],
    ["dense_5 (Dense)", 20, 420, 20],
  ];
  for (const [label, units, params, features] of rows) {
    assert.ok(seedShowsRow("000", { label, shape: [null, units], params }), label);
    assert.equal(inferInputFeatures({ className: "Dense", units, params }), features, label);
  }
});

Deno.test("seeds 001 to 004: every printed recurrent and dense count gives its input size", () => {
  const rows: [
    "001" | "002" | "003" | "004",
    string,
    (number | null)[],
    InferenceQuery,
    number,
  ][] = [
    ["001", "lstm_4 (LSTM)", [null, null, 10], { className: "LSTM", units: 10, params: 480 }, 1],
    [
      "001",
      "time_distributed_4 (TimeDist",
      [null, null, 1],
      { className: "TimeDistributed", layer: { className: "Dense", units: 1 }, params: 11 },
      10,
    ],
    ["002", "lstm_1 (LSTM)", [null, 100, 64], { className: "LSTM", units: 64, params: 18176 }, 6],
    ["002", "lstm_2 (LSTM)", [null, 64], { className: "LSTM", units: 64, params: 33024 }, 64],
    ["002", "dense_1 (Dense)", [null, 64], { className: "Dense", units: 64, params: 4160 }, 64],
    ["002", "dense_3 (Dense)", [null, 6], { className: "Dense", units: 6, params: 390 }, 64],
    ["003", "lstm_1 (LSTM)", [null, 5], { className: "LSTM", units: 5, params: 140 }, 1],
    ["003", "dense_1 (Dense)", [null, 5], { className: "Dense", units: 5, params: 30 }, 5],
    ["003", "dense_1 (Dense)", [null, 1, 1], { className: "Dense", units: 1, params: 6 }, 5],
    ["004", "lstm_8 (LSTM)", [null, 10], { className: "LSTM", units: 10, params: 640 }, 5],
  ];
  for (const [seed, label, shape, query, size] of rows) {
    assert.ok(seedShowsRow(seed, { label, shape, params: query.params }), `${seed} ${label}`);
    assert.equal(inferInputFeatures(query), size, `${seed} ${label}`);
  }
});

Deno.test("a count no input size gives is refused with the nearest counts", () => {
  // LSTM(5): 4 × ((n + 5) × 5 + 5) = 20n + 120, so 380 (n = 13) and 400 (n = 14) surround 381.
  assert.throws(
    () => inferInputFeatures({ className: "LSTM", units: 5, params: 381 }),
    (error: unknown) => {
      assert.ok(error instanceof RangeError);
      assert.match(error.message, /An LSTM with 5 units cannot have 381 parameters/);
      assert.match(error.message, /380 \(13 input features\) and 400 \(14 input features\)/);
      assert.match(error.message, /go up by 20 per input feature/);
      return true;
    },
  );
  assert.deepEqual(nearestInputSizes({ className: "LSTM", units: 5, params: 381 }), {
    below: { inputSize: 13, params: 380 },
    above: { inputSize: 14, params: 400 },
    step: 20,
  });
});

Deno.test("a count below the smallest possible names the smallest", () => {
  // Dense(5) on one feature: 1 × 5 + 5 = 10.
  assert.throws(
    () => inferInputFeatures({ className: "Dense", units: 5, params: 7 }),
    /cannot have 7 parameters, whatever its input size\. It has at least 10 \(with 1 input feature\)/,
  );
});

Deno.test("a count that is not a non-negative integer is refused", () => {
  for (const params of [-1, 1.5, NaN, "380"]) {
    assert.throws(
      () => inferInputFeatures({ className: "LSTM", units: 5, params } as never),
      RangeError,
    );
  }
});

Deno.test("a layer whose count ignores its input size cannot be inferred", () => {
  assert.throws(
    () =>
      inferInputFeatures({
        className: "LayerNormalization",
        scale: false,
        center: false,
        params: 0,
      }),
    /does not depend on its input size/,
  );
});

Deno.test("an unknown layer class is refused with a TypeError naming it", () => {
  assert.throws(
    () => inferInputFeatures({ className: "Conv2DTransposeX", params: 0 }),
    (error: unknown) => {
      assert.ok(error instanceof TypeError);
      assert.match(error.message, /Unknown layer class "Conv2DTransposeX"/);
      return true;
    },
  );
});

Deno.test("a kind whose count does not tell its input is not supported, and says so", () => {
  // Dropout declares no input size; a convolution with groups grows in steps of whole groups.
  assert.throws(
    () => inferInputFeatures({ className: "Dropout", rate: 0.5, params: 0 }),
    /Inferring the input size is not supported for Dropout/,
  );
  assert.throws(
    () =>
      inferInputFeatures({ className: "Conv1D", filters: 8, kernelSize: 3, groups: 2, params: 56 }),
    /not supported for a Conv1D with 8 filters/,
  );
});

Deno.test("the old { layer, inner } form is refused with the one format's names", () => {
  const legacy = { layer: "TimeDistributed", inner: { layer: "Dense", units: 650 }, params: 3900 };
  assert.throws(
    () => inferInputFeatures(legacy as never),
    TypeError,
    'the class goes under className, a wrapped layer under layer ({ className: "TimeDistributed"',
  );
});

Deno.test("GRU's count is read with either bias convention", () => {
  // 3 × (n·m + m² + 2m) with resetAfter, 3 × (n·m + m² + m) without; n = 13, m = 5.
  assert.equal(inferInputFeatures({ className: "GRU", units: 5, params: 3 * (65 + 25 + 10) }), 13);
  assert.equal(
    inferInputFeatures({
      className: "GRU",
      units: 5,
      resetAfter: false,
      params: 3 * (65 + 25 + 5),
    }),
    13,
  );
});

Deno.test("convolutions give their input channels, Embedding its vocabulary", () => {
  // Conv2D(32, 3×3) on 3 channels: 3 × 3 × 3 × 32 + 32 = 896; Conv1D(8, 5) on 4: 5 × 4 × 8 + 8.
  assert.equal(
    inferInputFeatures({ className: "Conv2D", filters: 32, kernelSize: 3, params: 896 }),
    3,
  );
  assert.equal(
    inferInputFeatures({ className: "Conv1D", filters: 8, kernelSize: 5, params: 5 * 4 * 8 + 8 }),
    4,
  );
  assert.equal(
    inferInputFeatures({ className: "Embedding", outputDim: 300, params: 300_000 }),
    1000,
  );
  assert.throws(
    () => inferInputFeatures({ className: "Embedding", outputDim: 300, params: 300_001 }),
    /300000 \(1000 token ids\) and 300300 \(1001 token ids\)/,
  );
});

Deno.test("normalization layers give their features from four or two vectors", () => {
  assert.equal(inferInputFeatures({ className: "BatchNormalization", params: 4 * 64 }), 64);
  assert.equal(
    inferInputFeatures({ className: "BatchNormalization", scale: false, params: 3 * 64 }),
    64,
  );
  assert.equal(inferInputFeatures({ className: "LayerNormalization", params: 2 * 64 }), 64);
});

Deno.test("Bidirectional halves the count before reading the input", () => {
  assert.equal(
    inferInputFeatures({
      className: "Bidirectional",
      layer: { className: "LSTM", units: 5 },
      params: 760,
    }),
    13,
  );
  assert.equal(
    inferInputFeatures({
      className: "Bidirectional",
      layer: { className: "GRU", units: 4, resetAfter: false },
      params: 2 * 3 * (650 * 4 + 16 + 4),
    }),
    650,
  );
});

Deno.test("specifications are described in words", () => {
  assert.equal(describeSpec({ className: "LSTM", units: 1 }), "an LSTM with 1 unit");
  assert.equal(
    describeSpec({ className: "GRU", units: 3, resetAfter: false, useBias: false }),
    "a GRU with 3 units (no bias, resetAfter: false)",
  );
  assert.equal(
    describeSpec({ className: "TimeDistributed", layer: { className: "Dense", units: 650 } }),
    "TimeDistributed(a Dense with 650 units)",
  );
});

// ---------------------------------------------------------------------------------------------
// Properties.

const size = fc.integer({ min: 1, max: 300 });
const units = fc.integer({ min: 1, max: 64 });

Deno.test("inference inverts hand-written counts for every layer kind", () => {
  fc.assert(
    fc.property(size, units, fc.boolean(), fc.integer({ min: 1, max: 7 }), (n, m, bias, k) => {
      const b = bias ? 1 : 0;
      const cases: InferenceQuery[] = [
        { className: "Dense", units: m, useBias: bias, params: n * m + b * m },
        { className: "SimpleRNN", units: m, useBias: bias, params: n * m + m * m + b * m },
        { className: "LSTM", units: m, useBias: bias, params: 4 * (n * m + m * m + b * m) },
        { className: "GRU", units: m, useBias: bias, params: 3 * (n * m + m * m + 2 * b * m) },
        {
          className: "GRU",
          units: m,
          useBias: bias,
          resetAfter: false,
          params: 3 * (n * m + m * m + b * m),
        },
        {
          className: "Conv1D",
          filters: m,
          kernelSize: k,
          useBias: bias,
          params: k * n * m + b * m,
        },
        {
          className: "Conv2D",
          filters: m,
          kernelSize: [k, 2],
          useBias: bias,
          params: k * 2 * n * m + b * m,
        },
        { className: "Embedding", outputDim: m, params: n * m },
        { className: "BatchNormalization", center: bias, params: (3 + b) * n },
        { className: "LayerNormalization", scale: bias, params: (1 + b) * n },
        {
          className: "TimeDistributed",
          layer: { className: "Dense", units: m, useBias: bias },
          params: n * m + b * m,
        },
        {
          className: "Bidirectional",
          layer: { className: "LSTM", units: m, useBias: bias },
          params: 2 * 4 * (n * m + m * m + b * m),
        },
      ];
      for (const query of cases) {
        assert.equal(inferInputFeatures(query), n, JSON.stringify(query));
        assert.equal(countForInputSize(query, n), query.params);
      }
    }),
    { seed: SEED, numRuns: 100 },
  );
});

Deno.test("a count between two achievable counts is refused, naming both", () => {
  fc.assert(
    fc.property(size, units, fc.integer({ min: 1, max: 19 }), (n, m, extra) => {
      // LSTM(m) grows by 4m per feature; step inside the gap.
      const step = 4 * m;
      fc.pre(extra < step);
      const below = 4 * (n * m + m * m + m);
      const near = nearestInputSizes({ className: "LSTM", units: m, params: below + extra });
      assert.equal(near.exact, undefined);
      assert.deepEqual(near.below, { inputSize: n, params: below });
      assert.deepEqual(near.above, { inputSize: n + 1, params: below + step });
      assert.throws(
        () => inferInputFeatures({ className: "LSTM", units: m, params: below + extra }),
        new RegExp(`${below} \\(${n} input features?\\) and ${below + step}`),
      );
    }),
    { seed: SEED, numRuns: 100 },
  );
});

Deno.test("TensorFlow.js's counts give back the input size TensorFlow.js was built with", () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 16 }), (n, m) => {
      const count = (layer: tf.layers.Layer, shape: number[]) => {
        layer.apply(tf.input({ shape }));
        return layer.countParams();
      };
      const lstm = count(tf.layers.lstm({ units: m }), [3, n]);
      const gru = count(tf.layers.gru({ units: m }), [3, n]); // resetAfter: false in TF.js
      const rnn = count(tf.layers.simpleRNN({ units: m }), [3, n]);
      const dense = count(tf.layers.dense({ units: m }), [n]);
      assert.equal(inferInputFeatures({ className: "LSTM", units: m, params: lstm }), n);
      assert.equal(
        inferInputFeatures({ className: "GRU", units: m, resetAfter: false, params: gru }),
        n,
      );
      assert.equal(inferInputFeatures({ className: "SimpleRNN", units: m, params: rnn }), n);
      assert.equal(inferInputFeatures({ className: "Dense", units: m, params: dense }), n);
    }),
    { seed: SEED, numRuns: 40 },
  );
});
