// The activation layers (Activation, ReLU, LeakyReLU, PReLU, ELU, Softmax) against real Keras
// 3.15.1: every expected count, shape and error below was printed by Keras (the snippet beside
// it, run with KERAS_BACKEND=jax), or read from the Keras-generated fixture.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import fc from "fast-check";
import {
  Activation,
  ELU,
  explainLayer,
  fromKerasJson,
  IncompatibleShapeError,
  Input,
  layerFromConfig,
  LeakyReLU,
  PReLU,
  ReLU,
  Sequential,
  Softmax,
} from "../mod.ts";
import * as family from "../lib/layers/activations.ts";
import { toTfjs } from "../lib/tfjs.ts";
import { assertBuildsLikeKeras, fixtureLayersOf } from "./_kinds_fixture.ts";
import { replaySeed, tfjsForTests } from "./_support.ts";

const tf = await tfjsForTests();

// ---------------------------------------------------------------------------------------------
// Counts and shapes, from Keras

Deno.test("PReLU holds one slope per input value, batch excluded", () => {
  // keras.Sequential([keras.Input((10, 64)), layers.PReLU()]): alpha (10, 64), 640 params
  const prelu = new PReLU({ inputShape: [10, 64] });
  assert.deepEqual(prelu.weights().map((w) => [w.name, w.shape, w.trainable]), [
    ["alpha", [10, 64], true],
  ]);
  assert.equal(prelu.paramCount(), 640);
  assert.deepEqual(prelu.outputShape(), [null, 10, 64]);
});

Deno.test("PReLU's sharedAxes set those axes of alpha to 1, as Keras's param_shape[i - 1] = 1", () => {
  const cases: [PReLU, number[], number][] = [
    // layers.PReLU(shared_axes=[1]) on (10, 64): alpha (1, 64), 64
    [new PReLU({ sharedAxes: [1], inputShape: [10, 64] }), [1, 64], 64],
    // layers.PReLU(shared_axes=[1, 2]) on (32, 32, 16): alpha (1, 1, 16), 16
    [new PReLU({ sharedAxes: [1, 2], inputShape: [32, 32, 16] }), [1, 1, 16], 16],
    // layers.PReLU(shared_axes=-1) on (8, 8, 3): alpha (8, 1, 3), 24 (Python's index -2)
    [new PReLU({ sharedAxes: -1, inputShape: [8, 8, 3] }), [8, 1, 3], 24],
    // layers.PReLU(shared_axes=0) on (8, 8, 3): alpha (8, 8, 1), 64 (Python's index -1)
    [new PReLU({ sharedAxes: 0, inputShape: [8, 8, 3] }), [8, 8, 1], 64],
    // layers.PReLU(shared_axes=1) on (None, 3): alpha (1, 3), 3
    [new PReLU({ sharedAxes: 1, inputShape: [null, 3] }), [1, 3], 3],
    // layers.PReLU() on (): alpha (), 1
    [new PReLU({ inputShape: [] }), [], 1],
  ];
  for (const [prelu, shape, count] of cases) {
    assert.deepEqual(prelu.weights()[0].shape, shape);
    assert.equal(prelu.paramCount(), count);
  }
});

Deno.test("PReLU refuses a shared axis out of range and an unknown unshared axis", () => {
  // layers.PReLU(shared_axes=[3]) on (8, 3): IndexError: list assignment index out of range
  assert.throws(
    () => new PReLU({ sharedAxes: [3], inputShape: [8, 3] }).paramCount(),
    (e: Error) =>
      e instanceof IncompatibleShapeError &&
      /Invalid sharedAxes 3 for layer "p_re_lu"/.test(e.message),
  );
  // layers.PReLU(shared_axes=[-3]) on (8, 3): IndexError
  assert.throws(
    () => new PReLU({ sharedAxes: [-3], inputShape: [8, 3] }).paramCount(),
    IncompatibleShapeError,
  );
  // layers.PReLU() on (None, 3): ValueError: Shapes used to initialize variables must be fully-defined
  assert.throws(
    () => new PReLU({ inputShape: [null, 3] }).paramCount(),
    {
      name: "IncompatibleShapeError",
      message: /axis 1 of the input must be known.*sharedAxes: \[1\]/,
    },
  );
});

Deno.test("the weightless activations keep the shape and count 0", () => {
  // keras.Sequential([keras.Input((10, 64)), layers.ReLU(6)]) and the others: (None, 10, 64), 0
  const layers = [
    new ReLU(6),
    new LeakyReLU(0.2),
    new ELU(0.5),
    new Softmax(),
    new Softmax([1, 2]),
    new Activation("relu"),
  ];
  const model = new Sequential([new Input({ shape: [10, 64] }), ...layers]);
  for (const layer of model.layers) {
    assert.deepEqual(layer.outputShape(), [null, 10, 64], layer.name);
    assert.equal(layer.paramCount(), 0, layer.name);
  }
  assert.deepEqual(model.layers.map((l) => l.name), [
    "re_lu",
    "leaky_re_lu",
    "elu",
    "softmax",
    "softmax_1",
    "activation",
  ]);
});

Deno.test("Softmax takes any axis without checking it, as Keras 3 does", () => {
  // keras.Sequential([keras.Input((3,)), layers.Softmax(axis=5)]): builds, (None, 3), 0
  assert.deepEqual(new Softmax(5, { inputShape: [3] }).outputShape(), [null, 3]);
});

Deno.test("the Keras 3 fixture's activation layers match Keras's summary rows", () => {
  const ours = fixtureLayersOf("activation");
  assert.deepEqual(ours.map((l) => l.className), ["ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"]);
  const [relu, leaky, prelu, elu] = ours as [ReLU, LeakyReLU, PReLU, ELU];
  assert.equal(relu.maxValue, 6);
  assert.equal(leaky.negativeSlope, 0.2);
  assert.deepEqual(prelu.sharedAxes, [1]);
  assert.equal(elu.alpha, 0.5);
});

// ---------------------------------------------------------------------------------------------
// Configuration

Deno.test("ReLU, LeakyReLU, ELU and Softmax take Keras's first positional argument", () => {
  assert.equal(new ReLU(6).maxValue, 6);
  assert.equal(new LeakyReLU(0.1).negativeSlope, 0.1);
  assert.equal(new ELU(0.5).alpha, 0.5);
  assert.deepEqual(new Softmax([1, 2]).axis, [1, 2]);
  // layers.LeakyReLU().negative_slope == 0.3, layers.ELU().alpha == 1.0, layers.ReLU().max_value is None
  assert.equal(new LeakyReLU().negativeSlope, 0.3);
  assert.equal(new ELU().alpha, 1);
  assert.equal(new ReLU().maxValue, null);
  assert.equal(new Softmax().axis, -1);
});

Deno.test("ReLU and LeakyReLU refuse negative values as Keras does, naming them", () => {
  // layers.ReLU(max_value=-1): ValueError max_value of a ReLU layer cannot be a negative value
  assert.throws(() => new ReLU(-1), {
    name: "RangeError",
    message: /Invalid maxValue for ReLU: .*received -1/,
  });
  // layers.ReLU(negative_slope=-1), layers.ReLU(threshold=-1): ValueError
  assert.throws(() => new ReLU({ negativeSlope: -1 }), /Invalid negativeSlope for ReLU/);
  assert.throws(() => new ReLU({ threshold: -1 }), /Invalid threshold for ReLU/);
  // layers.LeakyReLU(negative_slope=-1): ValueError
  assert.throws(() => new LeakyReLU(-1), {
    name: "RangeError",
    message: /negativeSlope for LeakyReLU/,
  });
  assert.throws(() => new ReLU({ maxValue: "6" as unknown as number }), TypeError);
});

Deno.test("a Keras or TF.js name in a config gets the name used here", () => {
  assert.throws(
    () => new ReLU({ max_value: 6 } as never),
    /"max_value" is Keras's Python name; here it is maxValue/,
  );
  assert.throws(() => new PReLU({ shared_axes: [1] } as never), /here it is sharedAxes/);
  assert.throws(
    () => new LeakyReLU({ alpha: 0.2 } as never),
    /Unknown option "alpha" for LeakyReLU/,
  );
  assert.throws(
    () => new PReLU([1, 2] as never),
    /Invalid configuration for PReLU: expected an object/,
  );
});

Deno.test("the one config format round-trips every activation", () => {
  for (
    const config of [
      { className: "ReLU", maxValue: 6, negativeSlope: 0.1, threshold: 0.5 },
      { className: "LeakyReLU", negativeSlope: 0.2 },
      { className: "PReLU", sharedAxes: [1, 2] },
      { className: "ELU", alpha: 0.5 },
      { className: "Softmax", axis: [1, 2] },
    ]
  ) {
    const layer = layerFromConfig({ ...config, inputShape: [4, 4, 3] });
    assert.equal(layer.className, config.className);
    for (const [key, value] of Object.entries(config).slice(1)) {
      assert.deepEqual(layer.config[key], value, `${config.className}.${key}`);
    }
  }
});

Deno.test("Activation moved to the activation family and is still exported from mod.ts", () => {
  assert.equal(family.Activation, Activation);
  assert.equal(Activation.kind.family, "activation");
});

// ---------------------------------------------------------------------------------------------
// Keras JSON

Deno.test("LeakyReLU reads Keras 2's alpha and Keras 3's negative_slope", () => {
  const keras2 = sequentialJson([
    // tf.keras 2's LeakyReLU.get_config(): {"alpha": float(self.alpha)}
    {
      class_name: "LeakyReLU",
      config: { name: "leaky", trainable: true, batch_input_shape: [null, 4], alpha: 0.1 },
    },
    // Keras 3.15.1: layers.LeakyReLU(negative_slope=0.2).get_config()
    { class_name: "LeakyReLU", config: { name: "leaky_2", negative_slope: 0.2 } },
    { class_name: "ELU", config: { name: "elu", alpha: 0.5 } },
    {
      class_name: "ReLU",
      config: { name: "relu", max_value: null, negative_slope: 0, threshold: 0 },
    },
    {
      class_name: "PReLU",
      config: {
        name: "prelu",
        alpha_initializer: { class_name: "Zeros", config: {} },
        alpha_regularizer: null,
        alpha_constraint: null,
        shared_axes: null,
      },
    },
  ], { kerasVersion: "2.15.0" });
  const model = fromKerasJson(keras2);
  assert.deepEqual(model.layers.map((l) => l.config.negativeSlope), [
    0.1,
    0.2,
    undefined,
    0,
    undefined,
  ]);
  assert.equal((model.layers[2] as ELU).alpha, 0.5);
  assert.equal((model.layers[3] as ReLU).maxValue, null);
  assert.equal(model.layers[4].paramCount(), 4);
});

// ---------------------------------------------------------------------------------------------
// TensorFlow.js

Deno.test("toTfjs builds the activations TF.js has, with the same counts and shapes", () => {
  const model = new Sequential([
    new Input({ shape: [6, 4] }),
    new ReLU(6),
    new LeakyReLU(0.2),
    new PReLU({ sharedAxes: [1] }),
    new ELU(),
    new Softmax(),
  ]);
  const tfModel = toTfjs(model);
  try {
    assert.deepEqual(tfModel.layers.map((l) => l.getClassName()), [
      "ReLU",
      "LeakyReLU",
      "PReLU",
      "ELU",
      "Softmax",
    ]);
    assert.deepEqual(
      tfModel.layers.map((l) => l.countParams()),
      model.layers.map((l) => l.paramCount()),
    );
    assert.deepEqual(
      tfModel.layers.map((l) => l.outputShape),
      model.layers.map((l) => l.outputShape()),
    );
    const out = tfModel.predict(tf.ones([1, 6, 4])) as import("@tensorflow/tfjs").Tensor;
    assert.deepEqual(out.shape, [1, 6, 4]);
    out.dispose();
    // And back: TF.js's toJSON() read by fromKerasJson.
    const back = fromKerasJson(tfModel.toJSON() as string);
    assert.deepEqual(back.layers.map((l) => [l.className, l.paramCount()]), [
      ["ReLU", 0],
      ["LeakyReLU", 0],
      ["PReLU", 4],
      ["ELU", 0],
      ["Softmax", 0],
    ]);
    assert.equal((back.layers[1] as LeakyReLU).negativeSlope, 0.2);
    assert.equal((back.layers[0] as ReLU).maxValue, 6);
  } finally {
    tfModel.dispose();
  }
});

Deno.test("PReLU counts as TF.js's PReLU for any input shape and shared axes", () => {
  // TF.js builds alpha as Keras does for shared axes from 1 up: paramShape[i - 1] = 1.
  const shapes = fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 1, maxLength: 4 });
  const cases = shapes.chain((shape) =>
    fc.tuple(
      fc.constant(shape),
      fc.option(fc.uniqueArray(fc.integer({ min: 1, max: shape.length }), { maxLength: 3 })),
    )
  );
  fc.assert(
    fc.property(cases, ([shape, sharedAxes]) => {
      const ours = new PReLU({ sharedAxes, inputShape: shape });
      const theirs = tf.layers.prelu({ sharedAxes: sharedAxes ?? undefined });
      theirs.apply(tf.input({ shape }));
      try {
        assert.equal(ours.paramCount(), theirs.countParams(), `${shape} shared ${sharedAxes}`);
        assert.deepEqual(ours.weights()[0].shape, theirs.getWeights()[0].shape);
      } finally {
        theirs.dispose();
      }
    }),
    { numRuns: 100, seed: replaySeed("activations_test") },
  );
});

Deno.test("toTfjs refuses what TF.js's activations lack, saying what", () => {
  const build = (layer: ReLU | ELU | PReLU) => () =>
    toTfjs(new Sequential([new Input({ shape: [4] }), layer]));
  assert.throws(
    build(new ReLU({ negativeSlope: 0.1 })),
    /negativeSlope: 0.1.*TensorFlow.js's ReLU/,
  );
  assert.throws(build(new ReLU({ threshold: 0.5 })), /threshold: 0.5/);
  assert.throws(build(new ELU(0.5)), /alpha: 0.5; TensorFlow.js's ELU supports alpha 1 only/);
  assert.throws(build(new PReLU({ sharedAxes: 0 })), /shares axis 0/);
});

// ---------------------------------------------------------------------------------------------
// Explanations

Deno.test("explain() gives PReLU's formula and says why the other activations have none", () => {
  const prelu = explainLayer(new PReLU({ sharedAxes: [1], inputShape: [10, 64] }));
  assert.equal(prelu.paramCount, 64);
  assert.match(prelu.numeric, /= 64$|^64$/);
  assert.deepEqual(prelu.weights.map((w) => w.name), ["alpha"]);
  const text = String(new LeakyReLU(0.2, { inputShape: [5] }).explain());
  assert.match(text, /^leaky_re_lu \(LeakyReLU\): 0 parameters/);
  assert.match(text, /fixed slope \(0\.2\).*no weights/);
  assert.match(String(new ReLU(6, { inputShape: [5] }).explain()), /up to 6.*no weights/);
  assert.match(String(new ELU({ inputShape: [5] }).explain()), /alpha = 1.*no weights/);
  assert.match(String(new Softmax({ inputShape: [5] }).explain()), /along axis -1.*no weights/);
});

// ---------------------------------------------------------------------------------------------
// Random configurations, built by Keras

Deno.test("PReLU builds every random Keras case as Keras 3.15.1 did, and refuses what it refused", () => {
  assertBuildsLikeKeras("PReLU");
});
