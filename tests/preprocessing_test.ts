// The preprocessing layers (Rescaling, Normalization) against real Keras 3.15.1: every expected
// weight, count and error below was printed by Keras (the snippet beside it, run with
// KERAS_BACKEND=jax), or read from the Keras-generated fixture, whose whole summary is compared
// here byte for byte.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import {
  fromKerasJson,
  IncompatibleShapeError,
  Input,
  Normalization,
  Rescaling,
  Sequential,
} from "../mod.ts";
import { toTfjs } from "../lib/tfjs.ts";
import {
  assertBuildsLikeKeras,
  fixtureLayersOf,
  KINDS_JSON,
  KINDS_SUMMARY,
  KINDS_SUMMARY_88,
} from "./_kinds_fixture.ts";
import { tfjsForTests } from "./_support.ts";

const tf = await tfjsForTests();

function weightsOf(layer: Normalization): [string, readonly number[], boolean][] {
  return layer.weights().map((w) => [w.name, w.shape, w.trainable]);
}

// ---------------------------------------------------------------------------------------------
// Normalization's weights, from Keras

Deno.test("Normalization keeps mean, variance and count, all non-trainable", () => {
  // keras.Sequential([keras.Input((10, 5)), layers.Normalization()]): 11 params,
  // [('mean', (5,), False), ('variance', (5,), False), ('count', (), False)]
  const norm = new Normalization({ inputShape: [10, 5] });
  assert.deepEqual(weightsOf(norm), [
    ["mean", [5], false],
    ["variance", [5], false],
    ["count", [], false],
  ]);
  assert.deepEqual([norm.paramCount(), norm.trainableParamCount()], [11, 0]);
  assert.deepEqual(norm.outputShape(), [null, 10, 5]);
});

Deno.test("Normalization's axis decides the statistics' shape; the count is always one number", () => {
  const cases: [Normalization, number[], number][] = [
    // layers.Normalization(axis=None) on (10, 5): mean (), variance (), count (): 3
    [new Normalization(null, { inputShape: [10, 5] }), [], 3],
    // layers.Normalization(axis=(1, 2)) on (10, 5): mean (10, 5): 101
    [new Normalization([1, 2], { inputShape: [10, 5] }), [10, 5], 101],
    // layers.Normalization(axis=1) on (10, 5): mean (10,): 21
    [new Normalization(1, { inputShape: [10, 5] }), [10], 21],
    // layers.Normalization(axis=[2, 1]) on (10, 5): mean (10, 5): 101 (the axes are sorted)
    [new Normalization([2, 1], { inputShape: [10, 5] }), [10, 5], 101],
    // layers.Normalization(axis=[1, 3]) on (4, 8, 6): mean (4, 6): 49
    [new Normalization([1, 3], { inputShape: [4, 8, 6] }), [4, 6], 49],
    // Keras 3 writes axis=None as "axis": [] in its JSON; it reads back as the same layer.
    [new Normalization([], { inputShape: [10, 5] }), [], 3],
  ];
  for (const [norm, shape, count] of cases) {
    assert.deepEqual(norm.weights().map((w) => w.shape), [shape, shape, []]);
    assert.equal(norm.paramCount(), count);
    assert.equal(norm.nonTrainableParamCount(), count);
  }
});

Deno.test("Normalization given its mean and variance has no weights", () => {
  // layers.Normalization(mean=3.0, variance=2.0) on (10, 5): 0, []
  assert.deepEqual(weightsOf(new Normalization({ mean: 3, variance: 2, inputShape: [10, 5] })), []);
  // layers.Normalization(mean=[1., 2, 3, 4, 5], variance=[1., 2, 3, 4, 5]) on (10, 5): 0, []
  const given = new Normalization({
    mean: [1, 2, 3, 4, 5],
    variance: [1, 2, 3, 4, 5],
    inputShape: [10, 5],
  });
  assert.equal(given.paramCount(), 0);
  assert.deepEqual(given.outputShape(), [null, 10, 5]);
});

Deno.test("Normalization refuses a mean that does not broadcast to the kept axes", () => {
  // layers.Normalization(mean=[1., 2], variance=[1., 2]) on (10, 5): ValueError: Incompatible
  // types for broadcasting: input type=float32[1,1,2] and requested type=float32[1,1,5]
  assert.throws(
    () => new Normalization({ mean: [1, 2], variance: [1, 2], inputShape: [10, 5] }).paramCount(),
    (e: Error) =>
      e instanceof IncompatibleShapeError &&
      /shape \(2,\) cannot be broadcast to the kept axes' shape \(5,\)/.test(e.message),
  );
});

Deno.test("Normalization refuses an axis out of range or of unknown size, as Keras's build does", () => {
  // layers.Normalization(axis=3) on (10, 5): ValueError All `axis` values must be in the range
  // [-ndim, ndim). Received inputs with ndim=3, while axis=(3,)
  assert.throws(
    () => new Normalization(3, { inputShape: [10, 5] }).paramCount(),
    { name: "IncompatibleShapeError", message: /Invalid axis 3 .*\[-ndim, ndim\).*ndim=3/ },
  );
  // layers.Normalization(axis=0) on (5,): ValueError All `axis` values to be kept must have a
  // known shape ... with unknown axis at index 0
  assert.throws(
    () => new Normalization(0, { inputShape: [5] }).paramCount(),
    /axis 0 is kept .*found None/,
  );
  // layers.Normalization() on (None,): ... with unknown axis at index 1
  assert.throws(() => new Normalization({ inputShape: [null] }).paramCount(), /axis 1 is kept/);
});

Deno.test("Normalization checks mean and variance together, as Keras's constructor does", () => {
  // layers.Normalization(mean=1.0): ValueError When setting values directly, both `mean` and
  // `variance` must be set
  assert.throws(() => new Normalization({ mean: 1 }), {
    name: "TypeError",
    message: /give both mean and variance, or neither; received mean 1 and variance null/,
  });
  // layers.Normalization(mean=[1., 2], variance=[1., 2, 3]): ValueError ... must have the same
  // shape. Received: mean shape (2,) and variance shape (3,)
  assert.throws(
    () => new Normalization({ mean: [1, 2], variance: [1, 2, 3] }),
    /same shape; received mean of shape \(2,\) and variance of shape \(3,\)/,
  );
  // layers.Normalization(mean=[[1.]], variance=[[2.]]): ValueError The rank of `mean` must be
  // less than or equal to the number of axes (1)
  assert.throws(
    () => new Normalization({ mean: [[1]], variance: [[2]] }),
    /rank must be at most the number of axes \(1\)/,
  );
  assert.throws(() => new Normalization({ mean: [1, [2]], variance: 1 } as never), /Invalid mean/);
  assert.throws(() => new Normalization({ invert: "yes" } as never), /Invalid invert/);
});

// ---------------------------------------------------------------------------------------------
// Rescaling

Deno.test("Rescaling keeps the shape and has no weights, per channel too", () => {
  // layers.Rescaling(1 / 255) on (28, 28, 1): (None, 28, 28, 1), 0
  const pixels = new Rescaling(1 / 255, { inputShape: [28, 28, 1] });
  assert.deepEqual([pixels.outputShape(), pixels.paramCount()], [[null, 28, 28, 1], 0]);
  assert.equal(pixels.offset, 0);
  // layers.Rescaling([1., 2]) on (4, 3): (None, 4, 3), 0 (Keras checks no broadcast at build)
  assert.equal(new Rescaling([1, 2], { inputShape: [4, 3] }).paramCount(), 0);
  assert.throws(() => new Rescaling({} as never), /Invalid scale for Rescaling: .*undefined/);
  assert.throws(() => new Rescaling("1/255" as never), /Invalid scale for Rescaling/);
});

// ---------------------------------------------------------------------------------------------
// The Keras 3 fixture

Deno.test("the Keras 3 fixture's preprocessing layers match Keras's summary rows", () => {
  const ours = fixtureLayersOf("preprocessing");
  assert.deepEqual(ours.map((l) => l.className), ["Rescaling", "Normalization"]);
  const [rescaling, normalization] = ours as [Rescaling, Normalization];
  assert.deepEqual([rescaling.scale, rescaling.offset], [0.5, -1]);
  assert.deepEqual(normalization.axes, [-1]);
  assert.equal(normalization.nonTrainableParamCount(), 33);
});

Deno.test("the Keras 3 fixture's whole summary is Keras's, byte for byte", () => {
  const model = fromKerasJson(KINDS_JSON);
  assert.equal(model.summary().toString() + "\n", KINDS_SUMMARY);
  // Captured from Keras with COLUMNS=120: a console that wide shows the 88-column table whole.
  assert.equal(
    model.summary({ lineLength: 88, consoleWidth: 120 }).toString() + "\n",
    KINDS_SUMMARY_88,
  );
  // Total params: 217, Trainable params: 184, Non-trainable params: 33 (Normalization's).
  assert.deepEqual(
    [model.paramCount(), model.trainableParamCount(), model.nonTrainableParamCount()],
    [217, 184, 33],
  );
});

Deno.test("Normalization reads Keras 3's given mean and its axis written as []", () => {
  const model = fromKerasJson(sequentialJson([
    { class_name: "InputLayer", config: { batch_shape: [null, 3], name: "input_layer" } },
    // Keras 3.15.1, layers.Normalization(axis=None, mean=2., variance=3.) on (3,):
    {
      module: "keras.layers",
      class_name: "Normalization",
      config: {
        name: "normalization",
        trainable: true,
        dtype: { module: "keras", class_name: "DTypePolicy", config: { name: "float32" } },
        axis: [],
        invert: false,
        mean: 2.0,
        variance: 3.0,
      },
      registered_name: null,
      build_config: { input_shape: [null, 3] },
    },
    // The same, adapted: "mean": null (np.array(None).tolist()), axis (1,).
    {
      class_name: "Normalization",
      config: { name: "normalization_1", axis: [1], invert: true, mean: null, variance: null },
    },
    { class_name: "Rescaling", config: { name: "rescaling", scale: [1, 2, 3], offset: 0.5 } },
  ]));
  const [given, adapted, rescaling] = model.layers as [Normalization, Normalization, Rescaling];
  assert.deepEqual([given.axes, given.mean, given.paramCount()], [[], 2, 0]);
  assert.deepEqual([adapted.invert, adapted.paramCount()], [true, 7]);
  assert.deepEqual(rescaling.scale, [1, 2, 3]);
});

// ---------------------------------------------------------------------------------------------
// TensorFlow.js

Deno.test("toTfjs builds Rescaling, refuses a per-channel one and Normalization", () => {
  const model = new Sequential([new Input({ shape: [4, 3] }), new Rescaling(0.5, { offset: -1 })]);
  const tfModel = toTfjs(model);
  try {
    const out = tfModel.predict(tf.ones([1, 4, 3])) as import("@tensorflow/tfjs").Tensor;
    assert.deepEqual(Array.from(out.dataSync()).slice(0, 3), [-0.5, -0.5, -0.5]);
    out.dispose();
    const back = fromKerasJson(tfModel.toJSON() as string);
    assert.deepEqual([(back.layers[0] as Rescaling).scale, (back.layers[0] as Rescaling).offset], [
      0.5,
      -1,
    ]);
  } finally {
    tfModel.dispose();
  }
  assert.throws(
    () => toTfjs(new Sequential([new Input({ shape: [4, 3] }), new Rescaling([1, 2, 3])])),
    /scale or offset per channel/,
  );
  assert.throws(
    () => toTfjs(new Sequential([new Input({ shape: [4, 3] }), new Normalization()])),
    /"normalization" \(Normalization\) has no TensorFlow.js equivalent/,
  );
});

// ---------------------------------------------------------------------------------------------
// Explanations

Deno.test("explain() adds Normalization's statistics up and says why a given mean has none", () => {
  const adapted = new Normalization({ inputShape: [10, 5] }).explain();
  assert.equal(adapted.numeric, "2 × 5 + 1 = 11");
  assert.equal(adapted.nonTrainableParamCount, 11);
  assert.match(String(adapted), /11 parameters, all non-trainable/);
  const given = String(new Normalization({ mean: 0, variance: 1, inputShape: [5] }).explain());
  assert.match(given, /0 parameters\n.*given its mean and variance.*constants rather than weights/);
  assert.match(
    String(new Rescaling(0.5, { inputShape: [5] }).explain()),
    /x × 0.5 \+ 0 .*no weights/,
  );
});

// ---------------------------------------------------------------------------------------------
// Random configurations, built by Keras

Deno.test("Normalization builds every random Keras case as Keras 3.15.1 did, and refuses what it refused", () => {
  assertBuildsLikeKeras("Normalization");
});
