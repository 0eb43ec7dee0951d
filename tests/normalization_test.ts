// GroupNormalization and UnitNormalization against real Keras 3.15.1: every expected weight,
// count and error below was printed by Keras (the snippet beside it, run with
// KERAS_BACKEND=jax), or read from the Keras-generated fixture. (BatchNormalization and
// LayerNormalization are checked by formula at the end, and against TF.js in tfjs_diff_test.ts;
// BatchNormalization's renorm against Keras's counts and JSON, last.)

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import {
  BatchNormalization,
  explainSummary,
  fromKerasJson,
  GammaBetaNormalization,
  GroupNormalization,
  IncompatibleShapeError,
  Input,
  LayerNormalization,
  RMSNormalization,
  Sequential,
  UnitNormalization,
} from "../mod.ts";
import { toTfjs } from "../lib/tfjs.ts";
import { assertBuildsLikeKeras, fixtureLayersOf } from "./_kinds_fixture.ts";

function weightsOf(layer: GroupNormalization): [string, readonly number[], boolean][] {
  return layer.weights().map((w) => [w.name, w.shape, w.trainable]);
}

// ---------------------------------------------------------------------------------------------
// GroupNormalization

Deno.test("GroupNormalization holds gamma and beta per channel, whatever the groups", () => {
  // layers.GroupNormalization() on (64,): 128, [('gamma', (64,), True), ('beta', (64,), True)]
  assert.deepEqual(weightsOf(new GroupNormalization({ inputShape: [64] })), [
    ["gamma", [64], true],
    ["beta", [64], true],
  ]);
  // layers.GroupNormalization(groups=4) and (groups=-1) on (10, 64): 128 each
  assert.equal(new GroupNormalization(4, { inputShape: [10, 64] }).paramCount(), 128);
  assert.equal(new GroupNormalization(-1, { inputShape: [10, 64] }).paramCount(), 128);
  // layers.GroupNormalization(groups=2, axis=1) on (10, 64): gamma (10,), beta (10,): 20
  assert.equal(new GroupNormalization(2, { axis: 1, inputShape: [10, 64] }).paramCount(), 20);
  // layers.GroupNormalization(groups=2, center=False) on (None, 64): [('gamma', (64,), True)]
  assert.deepEqual(
    weightsOf(new GroupNormalization(2, { center: false, inputShape: [null, 64] })),
    [["gamma", [64], true]],
  );
  // layers.GroupNormalization(groups=2, scale=False, center=False) on (8, 8, 64): 0, []
  assert.equal(
    new GroupNormalization(2, { scale: false, center: false, inputShape: [8, 8, 64] })
      .paramCount(),
    0,
  );
  assert.ok(new GroupNormalization() instanceof GammaBetaNormalization);
  assert.ok(new BatchNormalization() instanceof GammaBetaNormalization);
});

Deno.test("GroupNormalization refuses channels that the groups do not divide", () => {
  // layers.GroupNormalization(groups=5) on (10, 64): ValueError: Number of groups (5) must be a
  // multiple of the number of channels (64). (Keras's words have it backwards: 64 % 5 != 0.)
  assert.throws(
    () => new GroupNormalization(5, { inputShape: [10, 64] }).paramCount(),
    (e: Error) =>
      e instanceof IncompatibleShapeError &&
      /the number of channels \(64\) must be a multiple of the number of groups \(5\)/.test(
        e.message,
      ),
  );
  // layers.GroupNormalization(groups=128) on (10, 64): ValueError: Number of groups (128) cannot
  // be more than the number of channels (64).
  assert.throws(
    () => new GroupNormalization(128, { inputShape: [10, 64] }).paramCount(),
    /number of groups \(128\) cannot be more than the number of channels \(64\)/,
  );
});

Deno.test("GroupNormalization refuses an axis out of range or of unknown size", () => {
  // layers.GroupNormalization(groups=2, axis=3) on (10, 64): IndexError: tuple index out of range
  assert.throws(
    () => new GroupNormalization(2, { axis: 3, inputShape: [10, 64] }).paramCount(),
    { name: "IncompatibleShapeError", message: /Invalid axis 3 .*3 axes/ },
  );
  // layers.GroupNormalization(groups=2, axis=-3) on (10, 64): ValueError: Axis -3 of input tensor
  // should have a defined dimension but the layer received an input with shape (None, 10, 64).
  assert.throws(
    () => new GroupNormalization(2, { axis: -3, inputShape: [10, 64] }).paramCount(),
    /Axis -3 of the input .*should have a defined dimension, found None/,
  );
  // layers.GroupNormalization(groups=2, axis=1) on (None, 64): ValueError: Axis 1 ... defined dimension
  assert.throws(
    () => new GroupNormalization(2, { axis: 1, inputShape: [null, 64] }).paramCount(),
    /Axis 1 of the input/,
  );
});

Deno.test("GroupNormalization checks groups as Keras's constructor does", () => {
  // layers.GroupNormalization(groups=0), (groups=-2): ValueError ... expected a positive integer
  // (or `-1` for instance normalization)
  for (const groups of [0, -2, 1.5]) {
    assert.throws(
      () => new GroupNormalization(groups),
      {
        name: "RangeError",
        message: /Invalid groups for GroupNormalization: expected a positive integer, or -1/,
      },
    );
  }
  assert.throws(() => new GroupNormalization({ axis: [1, 2] } as never), /Invalid axis/);
  assert.equal(new GroupNormalization().groups, 32);
});

// ---------------------------------------------------------------------------------------------
// UnitNormalization

Deno.test("UnitNormalization keeps the shape, has no weights and checks its axes' bounds", () => {
  // layers.UnitNormalization() on (5,): (None, 5), 0
  const unit = new UnitNormalization({ inputShape: [5] });
  assert.deepEqual([unit.outputShape(), unit.paramCount()], [[null, 5], 0]);
  // layers.UnitNormalization(axis=[1, 2]) on (3, 4): (None, 3, 4), 0
  assert.deepEqual(new UnitNormalization([1, 2], { inputShape: [3, 4] }).outputShape(), [
    null,
    3,
    4,
  ]);
  // layers.UnitNormalization(axis=3) on (3,): ValueError ... Axis 3 is out of bounds for input
  // shape (None, 3).
  assert.throws(
    () => new UnitNormalization(3, { inputShape: [3] }).outputShape(),
    {
      name: "IncompatibleShapeError",
      message: /Axis 3 of layer "unit_normalization" is out of bounds for input shape \(None, 3\)/,
    },
  );
  // layers.UnitNormalization(axis=[1, -4]) on (3, 4): ValueError ... out of bounds
  assert.throws(
    () => new UnitNormalization([1, -4], { inputShape: [3, 4] }).outputShape(),
    /Axis -4 .*out of bounds/,
  );
  // layers.UnitNormalization(axis="a"): TypeError Invalid value for `axis` argument
  assert.throws(() => new UnitNormalization("a" as never), /Invalid axis for UnitNormalization/);
});

// ---------------------------------------------------------------------------------------------
// The Keras 3 fixture and Keras JSON

Deno.test("the Keras 3 fixture's normalization layers match Keras's summary rows", () => {
  const ours = fixtureLayersOf("normalization");
  assert.deepEqual(ours.map((l) => l.className), ["GroupNormalization", "UnitNormalization"]);
  assert.equal((ours[0] as GroupNormalization).groups, 4);
});

Deno.test("GroupNormalization reads Keras 3's config, groups -1 written as the channel count", () => {
  // Keras 3.15.1: a built GroupNormalization(groups=-1) on (64,) writes "groups": 64.
  const model = fromKerasJson(sequentialJson([
    { class_name: "InputLayer", config: { batch_shape: [null, 64], name: "input_layer" } },
    {
      class_name: "GroupNormalization",
      config: {
        name: "group_normalization",
        trainable: true,
        groups: 64,
        axis: -1,
        epsilon: 0.001,
        center: true,
        scale: false,
        beta_initializer: { module: "keras.initializers", class_name: "Zeros", config: {} },
        gamma_initializer: { module: "keras.initializers", class_name: "Ones", config: {} },
        beta_regularizer: null,
        gamma_regularizer: null,
        beta_constraint: null,
        gamma_constraint: null,
      },
    },
    { class_name: "UnitNormalization", config: { name: "unit", axis: [1] } },
  ]));
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [64, 0]);
  assert.deepEqual((model.layers[1] as UnitNormalization).axis, [1]);
});

Deno.test("toTfjs refuses GroupNormalization and UnitNormalization, which TF.js lacks", () => {
  for (const layer of [new GroupNormalization(2), new UnitNormalization()]) {
    assert.throws(
      () => toTfjs(new Sequential([new Input({ shape: [4] }), layer])),
      new RegExp(`\\(${layer.className}\\) has no TensorFlow.js equivalent`),
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Explanations

Deno.test("explain() counts GroupNormalization's two vectors and UnitNormalization's none", () => {
  const group = new GroupNormalization(4, { inputShape: [10, 64] }).explain();
  assert.equal(group.symbolic, "2 × f");
  assert.equal(group.numeric, "2 × 64 = 128");
  assert.match(String(group), /gamma\s+\(64,\)\s+64\s+trainable/);
  const unit = String(new UnitNormalization({ inputShape: [8] }).explain());
  assert.match(unit, /^unit_normalization \(UnitNormalization\): 0 parameters/);
  assert.match(unit, /L2 norm over axis -1.*no weights/);
});

// ---------------------------------------------------------------------------------------------
// Random configurations, built by Keras

Deno.test("GroupNormalization builds every random Keras case as Keras 3.15.1 did, and refuses what it refused", () => {
  assertBuildsLikeKeras("GroupNormalization");
});

Deno.test("UnitNormalization builds every random Keras case as Keras 3.15.1 did, and refuses what it refused", () => {
  assertBuildsLikeKeras("UnitNormalization");
});

// ---------------------------------------------------------------------------------------------
// Counted by formulas written here from the layers' definitions

Deno.test("BatchNormalization keeps four vectors, two of them non-trainable", () => {
  const bn = new BatchNormalization({ inputShape: [10, 32] });
  assert.equal(bn.paramCount(), 4 * 32);
  assert.equal(bn.trainableParamCount(), 2 * 32);
  assert.equal(bn.nonTrainableParamCount(), 2 * 32);
  assert.deepEqual(bn.weights().map((w) => [w.name, w.trainable]), [
    ["gamma", true],
    ["beta", true],
    ["moving_mean", false],
    ["moving_variance", false],
  ]);
  assert.equal(new LayerNormalization({ inputShape: [32] }).paramCount(), 2 * 32);
  assert.equal(new BatchNormalization({ scale: false, inputShape: [32] }).paramCount(), 3 * 32);
});

Deno.test("a LayerNormalization with neither scale nor center normalizes over an axis of unknown size, as Keras builds it", () => {
  // Real Keras 3.15.1 (oracle seed 758528164): LayerNormalization(axis=[1], center=False,
  // scale=False) on (None, None, 19, 12) builds with 0 parameters; with its gamma and beta the
  // same axis of unknown size is refused, as Keras's add_weight refuses a shape with None.
  const input = new Input({ shape: [null, 19, 12] });
  const bare = new LayerNormalization({ axis: [1], center: false, scale: false });
  const model = new Sequential([input, bare]);
  assert.equal(model.paramCount(), 0);
  assert.deepEqual(bare.outputShape(), [null, null, 19, 12]);
  assert.throws(
    () =>
      new Sequential([new Input({ shape: [null, 19, 12] }), new LayerNormalization({ axis: [1] })]),
    /axis 1 of the input must be known/,
  );
});

// ---------------------------------------------------------------------------------------------
// Batch renormalization, against real Keras 3.15.1

Deno.test("BatchNormalization with renorm keeps three more statistics per feature, as Keras builds it", () => {
  // Keras 3.15.1: BatchNormalization(renorm=True) on (None, 5, 64) counts 448, 128 trainable,
  // weights gamma, beta, moving_mean, moving_variance, moving_stddev, renorm_mean, renorm_stddev,
  // each (64,); with center=False on axis 1 (5 features), 30, without beta.
  const bn = new BatchNormalization({ renorm: true, inputShape: [5, 64] });
  assert.equal(bn.paramCount(), 448);
  assert.equal(bn.trainableParamCount(), 128);
  assert.deepEqual(bn.weights().map((w) => [w.name, w.shape, w.trainable]), [
    ["gamma", [64], true],
    ["beta", [64], true],
    ["moving_mean", [64], false],
    ["moving_variance", [64], false],
    ["moving_stddev", [64], false],
    ["renorm_mean", [64], false],
    ["renorm_stddev", [64], false],
  ]);
  const channels = new BatchNormalization({
    axis: 1,
    renorm: true,
    center: false,
    inputShape: [5, 64],
  });
  assert.equal(channels.paramCount(), 30);
  assert.equal(bn.renorm, true);
  assert.equal(new BatchNormalization().renorm, false);
});

Deno.test("BatchNormalization's renorm reads from the JSON Keras 3.15.1 wrote", () => {
  // tests/fixtures/keras3_batch_renorm.json: Keras printed 448 and 30 (frozen), total 478, of
  // which 128 trainable.
  const json = Deno.readTextFileSync(
    new URL("./fixtures/keras3_batch_renorm.json", import.meta.url),
  );
  const model = fromKerasJson(json);
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [448, 30]);
  assert.equal(model.paramCount(), 478);
  assert.equal(model.trainableParamCount(), 128);
  assert.deepEqual(model.layers[1].weights().map((w) => w.name), [
    "gamma",
    "moving_mean",
    "moving_variance",
    "moving_stddev",
    "renorm_mean",
    "renorm_stddev",
  ]);
});

Deno.test("explain() names batch renormalization's statistics, and toTfjs refuses them", () => {
  const bn = new BatchNormalization({ renorm: true, inputShape: [64] });
  const text = String(bn.explain());
  assert.match(text, /7 × 64 = 448/);
  assert.match(text, /moving_mean, moving_variance, moving_stddev, renorm_mean and renorm_stddev/);
  assert.throws(
    () =>
      toTfjs(new Sequential([new Input({ shape: [4] }), new BatchNormalization({ renorm: true })])),
    /renorm/,
  );
});

// ---------------------------------------------------------------------------------------------
// RMSNormalization

interface RmsCase {
  readonly kwargs: { readonly axis?: number | readonly number[] };
  readonly input: (number | null)[];
  readonly count: number;
  readonly scale: readonly number[];
  readonly output: (number | null)[];
  readonly json: string;
  readonly table: string;
}

const RMS = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/keras3_rms_normalization.json", import.meta.url)),
).cases as Record<string, RmsCase> & { errors: Record<string, string | null> };
const RMS_CASES = Object.entries(RMS).filter(([name]) => name !== "errors") as [string, RmsCase][];

Deno.test("RMSNormalization holds one scale per position of its axes, as Keras 3 builds it", () => {
  // tests/fixtures/keras3_rms_normalization.py: axis -1 on (10, 64): 64; axis 1: 10; [1, 2]:
  // 640; -2 on (6, 5, 3): 5; [-1, 1] on (8, 8, 3): scale (3, 8), 24.
  assert.equal(RMS_CASES.length, 5);
  for (const [name, c] of RMS_CASES) {
    const layer = new RMSNormalization({ ...c.kwargs }).build([null, ...c.input]);
    assert.equal(layer.paramCount(), c.count, name);
    assert.deepEqual(layer.weights().map((w) => [w.name, w.shape, w.trainable]), [
      ["scale", c.scale, true],
    ], name);
    assert.deepEqual(layer.outputShape(), c.output, name);
  }
  // Keras refuses an axis out of bounds (IndexError) and one of unknown size (ValueError).
  assert.deepEqual(RMS.errors, { out_of_bounds: "IndexError", unknown_size: "ValueError" });
  assert.throws(
    () => new RMSNormalization({ axis: 3 }).build([null, 10, 64]),
    (e: Error) => e instanceof IncompatibleShapeError && /Axis 3 .* out of bounds/.test(e.message),
  );
  assert.throws(
    () => new RMSNormalization({ axis: 1 }).build([null, null, 64]),
    (e: Error) => e instanceof IncompatibleShapeError && /known size on axis 1/.test(e.message),
  );
});

Deno.test("RMSNormalization read from Keras 3's JSON prints Keras's table, and its printed rows are checked", () => {
  for (const [name, c] of RMS_CASES) {
    const model = fromKerasJson(c.json);
    assert.equal(model.layers.at(-1)!.paramCount(), c.count, name);
    // Keras printed the table at line_length 100 on a console 200 wide.
    assert.equal(`${model.summary({ lineLength: 100, consoleWidth: 200 })}\n`, c.table, name);
    const explained = explainSummary(c.table);
    assert.equal(explained.fullyExplained, true, name);
    const row = explained.rows.at(-1)!;
    assert.deepEqual([row.checked, row.consistent, row.expectedParamCount], [true, true, c.count]);
  }
  // Printed with another count, the row is flagged: every axis set was tried.
  const wrong = RMS.last.table.replace(/│ +64 │/, (m) => m.replace("64", "65"));
  assert.notEqual(wrong, RMS.last.table);
  const flagged = explainSummary(wrong).rows.at(-1)!;
  assert.deepEqual([flagged.checked, flagged.consistent], [true, false], flagged.note);
});
