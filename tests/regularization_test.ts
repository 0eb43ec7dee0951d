// The regularization, noise and masking layers (Dropout, SpatialDropout1D/2D/3D, GaussianNoise,
// GaussianDropout, AlphaDropout, ActivityRegularization, Masking) against real Keras 3.15.1:
// every expected shape, count and error below was printed by Keras (the snippet beside it, run
// with KERAS_BACKEND=jax), or read from the Keras-generated fixture.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import {
  ActivityRegularization,
  AlphaDropout,
  Dropout,
  fromKerasJson,
  GaussianDropout,
  GaussianNoise,
  IncompatibleShapeError,
  Input,
  type Layer,
  LSTM,
  Masking,
  Sequential,
  SpatialDropout1D,
  SpatialDropout2D,
  SpatialDropout3D,
} from "../mod.ts";
import * as family from "../lib/layers/regularization.ts";
import { toTfjs } from "../lib/tfjs.ts";
import { fixtureLayersOf } from "./_kinds_fixture.ts";
import { tfjsForTests } from "./_support.ts";

await tfjsForTests();

// ---------------------------------------------------------------------------------------------
// Shapes and counts, from Keras

Deno.test("every regularization layer keeps its input's shape and has no weights", () => {
  // keras.Sequential([keras.Input((10, 64)), layers.GaussianNoise(0.1), ...]): (None, 10, 64), 0
  const model = new Sequential([
    new Input({ shape: [10, 64] }),
    new Dropout(0.5),
    new SpatialDropout1D(0.2),
    new GaussianNoise(0.1),
    new GaussianDropout(0.2),
    new AlphaDropout(0.1, { noiseShape: [null, 1, 64] }),
    new ActivityRegularization({ l1: 0.01 }),
    new Masking(-1),
  ]);
  for (const layer of model.layers) {
    assert.deepEqual(layer.outputShape(), [null, 10, 64], layer.name);
    assert.equal(layer.paramCount(), 0, layer.name);
    assert.deepEqual(layer.weights(), [], layer.name);
  }
});

Deno.test("SpatialDropout1D and 2D take inputs of rank 3 and 4 only, in Keras's words", () => {
  // layers.SpatialDropout1D(0.2) on (3, 5, 2): ValueError: Input 0 ... of layer
  // 'spatial_dropout1d' is incompatible with the layer: expected ndim=3, found ndim=4. Full shape
  // received: (None, 3, 5, 2)
  assert.throws(
    () => new SpatialDropout1D(0.2, { inputShape: [3, 5, 2] }).outputShape(),
    (e: Error) =>
      e instanceof IncompatibleShapeError &&
      e.message ===
        `Input 0 of layer "spatial_dropout1d" is incompatible with the layer: expected ndim=3, ` +
          `found ndim=4. Full shape received: (None, 3, 5, 2)`,
  );
  // layers.SpatialDropout2D(0.2) on (3, 5): expected ndim=4, found ndim=3
  assert.throws(
    () => new SpatialDropout2D(0.2, { inputShape: [3, 5] }).outputShape(),
    /expected ndim=4, found ndim=3/,
  );
  // layers.SpatialDropout2D(0.2) on (8, 8, 5): (None, 8, 8, 5), 0
  assert.deepEqual(new SpatialDropout2D(0.2, { inputShape: [8, 8, 5] }).outputShape(), [
    null,
    8,
    8,
    5,
  ]);
});

Deno.test("SpatialDropout3D takes volumes, channels last or first, and TF.js lacks it", () => {
  // layers.SpatialDropout3D(0.2) on (8, 8, 3): ValueError ... expected ndim=5, found ndim=4
  assert.throws(
    () => new SpatialDropout3D(0.2, { inputShape: [8, 8, 3] }).outputShape(),
    { name: "IncompatibleShapeError", message: /expected ndim=5, found ndim=4/ },
  );
  // layers.SpatialDropout3D(0.2, data_format="channels_first") on (3, 5, 2, 2): (None, 3, 5, 2, 2), 0
  const volume = new SpatialDropout3D(0.2, {
    dataFormat: "channels_first",
    inputShape: [3, 5, 2, 2],
  });
  assert.deepEqual([volume.outputShape(), volume.paramCount()], [[null, 3, 5, 2, 2], 0]);
  assert.deepEqual([volume.rate, volume.dataFormat], [0.2, "channels_first"]);
  // Keras 3.15.1, layers.SpatialDropout3D(0.1) on (4, 8, 8, 3), its to_json() entry:
  const model = fromKerasJson(sequentialJson([
    { class_name: "InputLayer", config: { batch_shape: [null, 4, 8, 8, 3], name: "input" } },
    {
      module: "keras.layers",
      class_name: "SpatialDropout3D",
      config: {
        rate: 0.1,
        seed: null,
        name: "spatial_dropout3d",
        dtype: "float32",
        data_format: "channels_last",
      },
      registered_name: null,
    },
  ]));
  assert.deepEqual(model.outputShape(), [null, 4, 8, 8, 3]);
  assert.equal((model.layers[0] as SpatialDropout3D).rate, 0.1);
  assert.throws(
    () => toTfjs(model),
    /"spatial_dropout3d" \(SpatialDropout3D\) has no TensorFlow.js equivalent/,
  );
  assert.match(String(model.layers[0].explain()), /whole channels .*no weights/);
});

Deno.test("the Keras 3 fixture's regularization layers match Keras's summary rows", () => {
  const ours = fixtureLayersOf("regularization");
  assert.deepEqual(ours.map((l) => l.className), [
    "Masking",
    "GaussianNoise",
    "SpatialDropout1D",
    "GaussianDropout",
    "AlphaDropout",
    "ActivityRegularization",
  ]);
  const byName = (name: string) => ours.find((l) => l.name === name)!;
  assert.equal((byName("gaussian_noise") as GaussianNoise).stddev, 0.1);
  assert.equal((byName("spatial_dropout1d") as SpatialDropout1D).rate, 0.2);
  assert.deepEqual(byName("alpha_dropout").config.noiseShape, [null, 1, 16]);
  assert.equal((byName("activity_regularization") as ActivityRegularization).l2, 0.001);
});

// ---------------------------------------------------------------------------------------------
// Configuration

Deno.test("rates and stddev must lie in [0, 1], as Keras 3 requires", () => {
  // layers.GaussianNoise(2.0): ValueError ... Expected a float value between 0 and 1
  assert.throws(() => new GaussianNoise(2), {
    name: "RangeError",
    message: /Invalid stddev for GaussianNoise: expected a number between 0 and 1, received 2/,
  });
  // layers.GaussianDropout(1.5), layers.AlphaDropout(-0.1), layers.SpatialDropout1D(1.2): ValueError
  assert.throws(() => new GaussianDropout(1.5), /Invalid rate for GaussianDropout/);
  assert.throws(() => new AlphaDropout(-0.1), /Invalid rate for AlphaDropout/);
  assert.throws(() => new SpatialDropout1D(1.2), /Invalid rate for SpatialDropout1D/);
  assert.throws(
    () => new GaussianNoise({} as never),
    /Invalid stddev for GaussianNoise: .*undefined/,
  );
});

Deno.test("Dropout and AlphaDropout check noiseShape as Keras 3's Dropout does", () => {
  // layers.Dropout(0.5, noise_shape="x"): ValueError ... Expected a tuple or list of integers
  assert.throws(() => new Dropout(0.5, { noiseShape: "x" as never }), {
    name: "TypeError",
    message: /Invalid noiseShape for Dropout/,
  });
  // layers.Dropout(0.5, noise_shape=(None, 0, 4)): ValueError ... Received negative or zero value
  assert.throws(() => new Dropout(0.5, { noiseShape: [null, 0, 4] }), /Invalid noiseShape/);
  // layers.Dropout(0.5, noise_shape=(None, 1.5)): ValueError ... Expected all elements to be
  // integers or None. Keras 3's AlphaDropout does not check it until it is called; here it is
  // refused where it is typed, for both.
  assert.throws(() => new Dropout(0.5, { noiseShape: [null, 1.5] }), /Invalid noiseShape/);
  assert.throws(() => new AlphaDropout(0.5, { noiseShape: [null, 1.5] }), /Invalid noiseShape/);
  // layers.Dropout(0.5, noise_shape=(None, 1, 4)) on (3, 4): (None, 3, 4), 0
  const dropout = new Dropout(0.5, { noiseShape: [null, 1, 4], inputShape: [3, 4] });
  assert.deepEqual([dropout.outputShape(), dropout.paramCount()], [[null, 3, 4], 0]);
});

Deno.test("ActivityRegularization's factors must be ≥ 0", () => {
  // layers.ActivityRegularization(l1=-1.0): ValueError Invalid value for argument l1: expected a
  // non-negative float
  assert.throws(() => new ActivityRegularization(-1), {
    name: "RangeError",
    message: /Invalid l1/,
  });
  assert.throws(() => new ActivityRegularization({ l2: -1 }), /Invalid l2/);
  const reg = new ActivityRegularization(0.01, { l2: 0.02 });
  assert.deepEqual([reg.l1, reg.l2], [0.01, 0.02]);
});

Deno.test("SpatialDropout checks its dataFormat, and SpatialDropout1D has none", () => {
  // layers.SpatialDropout2D(0.1, data_format="bad"): ValueError The `data_format` argument must be
  // one of {'channels_first', 'channels_last'}
  assert.throws(
    () => new SpatialDropout2D(0.1, { dataFormat: "bad" as never }),
    /Invalid dataFormat for SpatialDropout2D/,
  );
  // SpatialDropout1D.__init__(rate, seed=None, name=None, dtype=None): no data_format
  assert.throws(
    () => new SpatialDropout1D(0.1, { dataFormat: "channels_last" } as never),
    /Unknown option "dataFormat" for SpatialDropout1D/,
  );
  assert.throws(
    () => new SpatialDropout2D({ rate: 0.1, noiseShape: [null, 1, 1, 3] } as never),
    /Unknown option "noiseShape"/,
  );
});

Deno.test("Masking's value and Dropout's rate are Keras's first positional argument", () => {
  assert.equal(new Masking(-1).maskValue, -1);
  assert.equal(new Masking().maskValue, 0);
  assert.equal(new SpatialDropout2D(0.3).rate, 0.3);
  assert.throws(() => new Masking("0" as never), /Invalid maskValue for Masking/);
});

Deno.test("Masking before an LSTM adds nothing to the LSTM's count", () => {
  // keras.Sequential([keras.Input((10, 8)), layers.Masking(-1.0), layers.LSTM(32)]): 0 and 5248
  const model = new Sequential([new Input({ shape: [10, 8] }), new Masking(-1), new LSTM(32)]);
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [0, 5248]);
});

Deno.test("Dropout moved to the regularization family and is still exported from mod.ts", () => {
  assert.equal(family.Dropout, Dropout);
  assert.equal(Dropout.kind.family, "regularization");
});

// ---------------------------------------------------------------------------------------------
// Keras JSON

Deno.test("spatial dropout reads Keras 3's bare config and Keras 2's noise_shape", () => {
  const model = fromKerasJson(sequentialJson([
    {
      class_name: "InputLayer",
      config: { batch_shape: [null, 16, 8, 8], dtype: "float32", name: "input_layer" },
    },
    // Keras 3.15.1, layers.SpatialDropout2D(0.2, data_format="channels_first") on (16, 8, 8):
    {
      module: "keras.layers",
      class_name: "SpatialDropout2D",
      config: {
        rate: 0.2,
        seed: null,
        name: "spatial_dropout2d",
        dtype: "float32",
        data_format: "channels_first",
      },
      registered_name: null,
    },
    // tf.keras 2: Dropout's config (rate, noise_shape, seed) plus data_format.
    {
      class_name: "SpatialDropout2D",
      config: {
        name: "spatial_dropout2d_1",
        trainable: true,
        dtype: "float32",
        rate: 0.1,
        noise_shape: null,
        seed: null,
        data_format: "channels_last",
      },
    },
    { class_name: "GaussianNoise", config: { name: "noise", stddev: 0.3, seed: null } },
    { class_name: "GaussianDropout", config: { name: "gdrop", rate: 0.4, seed: null } },
    {
      class_name: "AlphaDropout",
      config: { name: "adrop", rate: 0.1, noise_shape: null, seed: 7 },
    },
    {
      class_name: "ActivityRegularization",
      config: {
        name: "reg",
        trainable: true,
        l1: 0.01,
        l2: 0.0,
        // What the layer builds from l1 and l2; Keras 3's get_config pops it, others may not.
        activity_regularizer: { class_name: "L1L2", config: { l1: 0.01, l2: 0.0 } },
      },
    },
    { class_name: "Masking", config: { name: "mask", mask_value: -1.0 } },
  ]));
  const [first, second] = model.layers as SpatialDropout2D[];
  assert.deepEqual([first.rate, first.dataFormat], [0.2, "channels_first"]);
  assert.deepEqual([second.rate, second.dataFormat], [0.1, "channels_last"]);
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [0, 0, 0, 0, 0, 0, 0]);
  assert.deepEqual(model.outputShape(), [null, 16, 8, 8]);
  assert.equal((model.layers[6] as Masking).maskValue, -1);
});

// ---------------------------------------------------------------------------------------------
// TensorFlow.js

Deno.test("toTfjs builds the regularization layers TF.js has, and back through toJSON()", () => {
  const model = new Sequential([
    new Input({ shape: [6, 4] }),
    new Masking(0),
    new SpatialDropout1D(0.2),
    new GaussianNoise(0.1),
    new GaussianDropout(0.2),
    new AlphaDropout(0.1),
  ]);
  const tfModel = toTfjs(model);
  try {
    assert.deepEqual(tfModel.layers.map((l) => l.getClassName()), [
      "Masking",
      "SpatialDropout1D",
      "GaussianNoise",
      "GaussianDropout",
      "AlphaDropout",
    ]);
    assert.deepEqual(
      tfModel.layers.map((l) => l.outputShape),
      model.layers.map((l) => l.outputShape()),
    );
    assert.equal(tfModel.countParams(), 0);
    const back = fromKerasJson(tfModel.toJSON() as string);
    assert.deepEqual(back.layers.map((l) => l.className), model.layers.map((l) => l.className));
    assert.equal((back.layers[2] as GaussianNoise).stddev, 0.1);
    assert.equal((back.layers[1] as SpatialDropout1D).rate, 0.2);
  } finally {
    tfModel.dispose();
  }
});

Deno.test("toTfjs refuses the regularization layers TF.js lacks, by name", () => {
  const cases: [Layer, number[]][] = [
    [new SpatialDropout2D(0.1), [4, 4, 3]],
    [new ActivityRegularization(0.01), [4]],
  ];
  for (const [layer, shape] of cases) {
    assert.throws(
      () => toTfjs(new Sequential([new Input({ shape }), layer])),
      new RegExp(`\\(${layer.className}\\) has no TensorFlow.js equivalent`),
    );
  }
});

// ---------------------------------------------------------------------------------------------
// Explanations

Deno.test("explain() says why each regularization layer has no weights", () => {
  const cases: [Layer, RegExp][] = [
    [new SpatialDropout1D(0.2, { inputShape: [10, 8] }), /whole channels .*probability 0.2/],
    [new GaussianNoise(0.1, { inputShape: [8] }), /standard deviation 0.1/],
    [new GaussianDropout(0.2, { inputShape: [8] }), /mean 1 .*rate 0.2/],
    [new AlphaDropout(0.1, { inputShape: [8] }), /mean and variance stay the same/],
    [new ActivityRegularization({ l1: 0.01, inputShape: [8] }), /0.01 × Σ\|x\| \+ 0 × Σx²/],
    [new Masking(-1, { inputShape: [10, 8] }), /all equal -1/],
  ];
  for (const [layer, why] of cases) {
    const text = String(layer.explain());
    assert.match(text, new RegExp(`^${layer.name} \\(${layer.className}\\): 0 parameters`));
    assert.match(text, why);
    assert.match(text, /no weights/);
  }
});
