// The reshaping layers against real Keras 3.15.1. Every row below was recorded by running the
// Keras call in its comment (KERAS_BACKEND=jax, the venv of issue 8): the output shape Keras
// computed (none of these layers has weights); a row without numbers is a call Keras refuses,
// and so must we. tests/fixtures/keras3_conv_reshape.json adds whole models.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import {
  Activation,
  configOf,
  Cropping1D,
  Cropping2D,
  Cropping3D,
  Dense,
  findKind,
  Flatten,
  fromKerasJson,
  IncompatibleShapeError,
  Input,
  type Layer,
  Permute,
  RepeatVector,
  Reshape,
  Sequential,
  UpSampling1D,
  UpSampling2D,
  UpSampling3D,
  ZeroPadding1D,
  ZeroPadding2D,
  ZeroPadding3D,
} from "../mod.ts";
import * as reshaping from "../lib/layers/reshaping.ts";
import { toTfjs } from "../lib/tfjs.ts";
import {
  assertSweepAgrees,
  built,
  builtFromConfigOf,
  CONV_RESHAPE_MODELS,
  type Row,
} from "./_conv_reshape_fixture.ts";
import { tfjsForTests } from "./_support.ts";

await tfjsForTests();

const KERAS: Row[] = [
  // keras.layers.Reshape(target_shape=(-1, 4)) on (8, 2)
  ["Reshape", { "targetShape": [-1, 4] }, [8, 2], 0, [null, 4, 4], []],
  // keras.layers.Reshape(target_shape=(4, 4)) on (8, 2)
  ["Reshape", { "targetShape": [4, 4] }, [8, 2], 0, [null, 4, 4], []],
  // keras.layers.Reshape(target_shape=(2, -1, 2)) on (4, 3, 2)
  ["Reshape", { "targetShape": [2, -1, 2] }, [4, 3, 2], 0, [null, 2, 6, 2], []],
  // keras.layers.Reshape(target_shape=(24,)) on (4, 3, 2)
  ["Reshape", { "targetShape": [24] }, [4, 3, 2], 0, [null, 24], []],
  // keras.layers.Reshape(target_shape=(-1, 4)) on (None, 2)
  ["Reshape", { "targetShape": [-1, 4] }, [null, 2], 0, [null, null, 4], []],
  // keras.layers.Reshape(target_shape=(3, 4)) on (None, 2)
  ["Reshape", { "targetShape": [3, 4] }, [null, 2], 0, [null, 3, 4], []],
  // keras.layers.Reshape(target_shape=(None, 4)) on (8, 2)
  ["Reshape", { "targetShape": [null, 4] }, [8, 2], 0, [null, null, 4], []],
  // keras.layers.Permute(dims=(2, 1)) on (10, 64)
  ["Permute", { "dims": [2, 1] }, [10, 64], 0, [null, 64, 10], []],
  // keras.layers.Permute(dims=(3, 1, 2)) on (2, 3, 4)
  ["Permute", { "dims": [3, 1, 2] }, [2, 3, 4], 0, [null, 4, 2, 3], []],
  // keras.layers.Permute(dims=(2, 1)) on (None, 3)
  ["Permute", { "dims": [2, 1] }, [null, 3], 0, [null, 3, null], []],
  // keras.layers.ZeroPadding1D() on (10, 4)
  ["ZeroPadding1D", {}, [10, 4], 0, [null, 12, 4], []],
  // keras.layers.ZeroPadding1D(padding=2) on (10, 4)
  ["ZeroPadding1D", { "padding": 2 }, [10, 4], 0, [null, 14, 4], []],
  // keras.layers.ZeroPadding1D(padding=(1, 2)) on (None, 4)
  ["ZeroPadding1D", { "padding": [1, 2] }, [null, 4], 0, [null, null, 4], []],
  // keras.layers.ZeroPadding1D(padding=(0, 3), data_format="channels_first") on (4, 10)
  ["ZeroPadding1D", { "padding": [0, 3], "dataFormat": "channels_first" }, [4, 10], 0, [
    null,
    4,
    13,
  ], []],
  // keras.layers.ZeroPadding2D() on (28, 28, 3)
  ["ZeroPadding2D", {}, [28, 28, 3], 0, [null, 30, 30, 3], []],
  // keras.layers.ZeroPadding2D(padding=2) on (28, 28, 3)
  ["ZeroPadding2D", { "padding": 2 }, [28, 28, 3], 0, [null, 32, 32, 3], []],
  // keras.layers.ZeroPadding2D(padding=(1, 2)) on (28, 28, 3)
  ["ZeroPadding2D", { "padding": [1, 2] }, [28, 28, 3], 0, [null, 30, 32, 3], []],
  // keras.layers.ZeroPadding2D(padding=((1, 2), (3, 4))) on (28, 28, 3)
  ["ZeroPadding2D", { "padding": [[1, 2], [3, 4]] }, [28, 28, 3], 0, [null, 31, 35, 3], []],
  // keras.layers.ZeroPadding2D(padding=((1, 2), 3)) on (28, None, 3)
  ["ZeroPadding2D", { "padding": [[1, 2], 3] }, [28, null, 3], 0, [null, 31, null, 3], []],
  // keras.layers.ZeroPadding2D(padding=((0, 1), (2, 0)), data_format="channels_first") on (3, 5, 6)
  ["ZeroPadding2D", { "padding": [[0, 1], [2, 0]], "dataFormat": "channels_first" }, [3, 5, 6], 0, [
    null,
    3,
    6,
    8,
  ], []],
  // keras.layers.ZeroPadding3D() on (4, 4, 4, 1)
  ["ZeroPadding3D", {}, [4, 4, 4, 1], 0, [null, 6, 6, 6, 1], []],
  // keras.layers.ZeroPadding3D(padding=(1, 2, 3)) on (4, 4, 4, 1)
  ["ZeroPadding3D", { "padding": [1, 2, 3] }, [4, 4, 4, 1], 0, [null, 6, 8, 10, 1], []],
  // keras.layers.ZeroPadding3D(padding=((1, 0), (0, 2), (3, 3))) on (4, 5, 6, 2)
  [
    "ZeroPadding3D",
    { "padding": [[1, 0], [0, 2], [3, 3]] },
    [4, 5, 6, 2],
    0,
    [null, 5, 7, 12, 2],
    [],
  ],
  // keras.layers.ZeroPadding3D(padding=2, data_format="channels_first") on (2, 3, 4, 5)
  ["ZeroPadding3D", { "padding": 2, "dataFormat": "channels_first" }, [2, 3, 4, 5], 0, [
    null,
    2,
    7,
    8,
    9,
  ], []],
  // keras.layers.Cropping1D() on (10, 4)
  ["Cropping1D", {}, [10, 4], 0, [null, 8, 4], []],
  // keras.layers.Cropping1D(cropping=(2, 3)) on (10, 4)
  ["Cropping1D", { "cropping": [2, 3] }, [10, 4], 0, [null, 5, 4], []],
  // keras.layers.Cropping1D(cropping=4) on (None, 4)
  ["Cropping1D", { "cropping": 4 }, [null, 4], 0, [null, null, 4], []],
  // keras.layers.Cropping2D() on (28, 28, 3)
  ["Cropping2D", {}, [28, 28, 3], 0, [null, 28, 28, 3], []],
  // keras.layers.Cropping2D(cropping=2) on (28, 28, 3)
  ["Cropping2D", { "cropping": 2 }, [28, 28, 3], 0, [null, 24, 24, 3], []],
  // keras.layers.Cropping2D(cropping=(2, 4)) on (28, 28, 3)
  ["Cropping2D", { "cropping": [2, 4] }, [28, 28, 3], 0, [null, 24, 20, 3], []],
  // keras.layers.Cropping2D(cropping=((1, 2), (3, 4))) on (28, 28, 3)
  ["Cropping2D", { "cropping": [[1, 2], [3, 4]] }, [28, 28, 3], 0, [null, 25, 21, 3], []],
  // keras.layers.Cropping2D(cropping=((1, 2), 3), data_format="channels_first") on (3, 28, 28)
  ["Cropping2D", { "cropping": [[1, 2], 3], "dataFormat": "channels_first" }, [3, 28, 28], 0, [
    null,
    3,
    25,
    22,
  ], []],
  // keras.layers.Cropping3D() on (6, 6, 6, 2)
  ["Cropping3D", {}, [6, 6, 6, 2], 0, [null, 4, 4, 4, 2], []],
  // keras.layers.Cropping3D(cropping=(1, 2, 0)) on (6, 6, 6, 2)
  ["Cropping3D", { "cropping": [1, 2, 0] }, [6, 6, 6, 2], 0, [null, 4, 2, 6, 2], []],
  // keras.layers.Cropping3D(cropping=((1, 0), (0, 2), (1, 1)), data_format="channels_first") on (2, 5, 6, 7)
  [
    "Cropping3D",
    { "cropping": [[1, 0], [0, 2], [1, 1]], "dataFormat": "channels_first" },
    [2, 5, 6, 7],
    0,
    [null, 2, 4, 4, 5],
    [],
  ],
  // keras.layers.UpSampling1D() on (10, 4)
  ["UpSampling1D", {}, [10, 4], 0, [null, 20, 4], []],
  // keras.layers.UpSampling1D(size=3) on (None, 4)
  ["UpSampling1D", { "size": 3 }, [null, 4], 0, [null, null, 4], []],
  // keras.layers.UpSampling2D() on (7, 7, 64)
  ["UpSampling2D", {}, [7, 7, 64], 0, [null, 14, 14, 64], []],
  // keras.layers.UpSampling2D(size=(2, 3), interpolation="bilinear") on (7, 7, 64)
  ["UpSampling2D", { "size": [2, 3], "interpolation": "bilinear" }, [7, 7, 64], 0, [
    null,
    14,
    21,
    64,
  ], []],
  // keras.layers.UpSampling2D(size=3, data_format="channels_first") on (3, 4, None)
  ["UpSampling2D", { "size": 3, "dataFormat": "channels_first" }, [3, 4, null], 0, [
    null,
    3,
    12,
    null,
  ], []],
  // keras.layers.UpSampling3D() on (2, 3, 4, 1)
  ["UpSampling3D", {}, [2, 3, 4, 1], 0, [null, 4, 6, 8, 1], []],
  // keras.layers.UpSampling3D(size=(1, 2, 3), data_format="channels_first") on (2, 3, 4, 5)
  ["UpSampling3D", { "size": [1, 2, 3], "dataFormat": "channels_first" }, [2, 3, 4, 5], 0, [
    null,
    2,
    3,
    8,
    15,
  ], []],
  // keras.layers.Reshape(target_shape=(5,)) on (8, 2)
  //   raises ValueError: The total size of the tensor must be unchanged. Received: input_shape=(8, 2), target_shape=(5,)
  ["Reshape", { "targetShape": [5] }, [8, 2], null, null, null],
  // keras.layers.Reshape(target_shape=(-1, 3)) on (8, 2)
  //   raises ValueError: The total size of the tensor must be unchanged, however, the input size cannot by divided by the specified dimensions in target_shape. Received: input
  ["Reshape", { "targetShape": [-1, 3] }, [8, 2], null, null, null],
  // keras.layers.Reshape(target_shape=(-1, -1)) on (8, 2)
  //   raises ValueError: There must be at most one unknown dimension (-1) in `target_shape`. Received: target_shape=(-1, -1).
  ["Reshape", { "targetShape": [-1, -1] }, [8, 2], null, null, null],
  // keras.layers.Reshape(target_shape=(-2, 8)) on (8, 2)
  //   raises ValueError: Each dimension in `target_shape` must be a non-negative integer, or `-1` for a single unknown dimension. Received: target_shape=(-2, 8).
  ["Reshape", { "targetShape": [-2, 8] }, [8, 2], null, null, null],
  // keras.layers.Permute(dims=(1, 3)) on (8, 2, 2)
  //   raises ValueError: Invalid permutation argument `dims` for Permute Layer. The set of indices in `dims` must be consecutive and start from 1. Received dims=(1, 3)
  ["Permute", { "dims": [1, 3] }, [8, 2, 2], null, null, null],
  // keras.layers.Permute(dims=(1, 2)) on (8,)
  //   raises ValueError: Input 0 with name 'None' of layer 'permute_4' is incompatible with the layer: expected ndim=3, found ndim=2. Full shape received: (None, 8)
  ["Permute", { "dims": [1, 2] }, [8], null, null, null],
  // keras.layers.Cropping1D(cropping=(4, 4)) on (8, 2)
  //   raises ValueError: `cropping` parameter of `Cropping1D` layer must be smaller than the input length. Received: input_shape=(None, 8, 2), cropping=(4, 4)
  ["Cropping1D", { "cropping": [4, 4] }, [8, 2], null, null, null],
  // keras.layers.Cropping2D(cropping=14) on (28, 28, 3)
  //   raises ValueError: Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=(None, 28, 28, 3), croppi
  ["Cropping2D", { "cropping": 14 }, [28, 28, 3], null, null, null],
  // keras.layers.Cropping3D(cropping=3) on (6, 6, 6, 2)
  //   raises ValueError: Values in `cropping` argument should be smaller than the corresponding spatial dimension of the input. Received: input_shape=(None, 6, 6, 6, 2), cropp
  ["Cropping3D", { "cropping": 3 }, [6, 6, 6, 2], null, null, null],
  // keras.layers.UpSampling1D(size=(2,)) on (8, 2)
  //   raises TypeError: Expected an integer value for `size`, got <class 'tuple'>.
  ["UpSampling1D", { "size": [2] }, [8, 2], null, null, null],
  // keras.layers.Cropping1D(cropping=1, data_format="channels_first") on (8, 2)
  //   raises ValueError: Unrecognized keyword arguments passed to Cropping1D: {'data_format': 'channels_first'}
  ["Cropping1D", { "cropping": 1, "dataFormat": "channels_first" }, [8, 2], null, null, null],
  // keras.layers.Cropping2D(cropping=-1) on (8, 8, 2)
  //   raises ValueError: `cropping` cannot be negative. Received: cropping=-1.
  ["Cropping2D", { "cropping": -1 }, [8, 8, 2], null, null, null],
  // keras.layers.ZeroPadding2D(padding=((1, 2, 3), (1, 2))) on (8, 8, 2)
  //   raises ValueError: The `1st entry of padding` argument must be a tuple of 2 integers. Received 1st entry of padding=(1, 2, 3)
  ["ZeroPadding2D", { "padding": [[1, 2, 3], [1, 2]] }, [8, 8, 2], null, null, null],
];

Deno.test("each reshaping layer computes the output shape Keras 3.15.1 does", () => {
  for (const [className, config, inputShape, count, outputShape] of KERAS) {
    const label = `${className}(${JSON.stringify(config)}) on ${JSON.stringify(inputShape)}`;
    if (count === null) {
      assert.throws(() => built(className, config, inputShape), label);
      continue;
    }
    const layer = built(className, config, inputShape);
    assert.equal(layer.paramCount(), 0, label);
    assert.deepEqual(layer.weights(), [], label);
    assert.deepEqual(layer.outputShape(), outputShape, label);
  }
});

Deno.test("Reshape's refusals are Keras's, naming the layer and the shapes", () => {
  assert.throws(
    () => new Reshape([5], { inputShape: [8, 2] }).outputShape(),
    (e: unknown) =>
      e instanceof IncompatibleShapeError &&
      /"reshape": the total size of the tensor must be unchanged\. Received: input_shape=\(8, 2\), target_shape=\(5,\)/
        .test(e.message),
  );
  assert.throws(
    () => new Reshape([-1, 3], { inputShape: [8, 2] }).outputShape(),
    /the input size 16 cannot be divided by 3/,
  );
  assert.throws(
    () => new Reshape([-1, -1]),
    /at most one unknown size \(-1\), received \(-1, -1\)/,
  );
  assert.throws(() => new Reshape([-2, 8]), RangeError);
  // Keras accepts a 0 (and builds an empty tensor when the input size is unknown); we refuse it.
  assert.throws(() => new Reshape([0, -1]), /a size of 0 makes an empty tensor/);
  assert.throws(() => new Reshape(["4"] as never), TypeError);
  assert.throws(() => new Reshape({} as never), /Invalid targetShape for Reshape/);
});

Deno.test("a size unknown in the input or the target leaves the -1 unknown, with no size check", () => {
  // keras.layers.Reshape((3, 4)) on (None, 2) gives (None, 3, 4): Keras cannot check the size.
  assert.deepEqual(new Reshape([3, 4], { inputShape: [null, 2] }).outputShape(), [null, 3, 4]);
  assert.deepEqual(new Reshape([null, -1], { inputShape: [8, 2] }).outputShape(), [
    null,
    null,
    null,
  ]);
});

Deno.test("Permute needs each axis from 1 once, and an input of its rank", () => {
  assert.throws(() => new Permute([1, 3]), /Invalid dims for Permute: .*received \(1, 3\)/);
  assert.throws(() => new Permute([0, 1]), RangeError);
  assert.throws(() => new Permute([]), RangeError);
  assert.throws(
    () => new Permute([1, 2], { inputShape: [8] }).outputShape(),
    /expected ndim=3, found ndim=2/,
  );
});

Deno.test("padding and cropping take an int, one per axis, or a pair per axis", () => {
  const pad = (padding: unknown) =>
    new ZeroPadding2D(padding as number, { inputShape: [28, 28, 3] }).outputShape();
  assert.deepEqual(pad(2), [null, 32, 32, 3]);
  assert.deepEqual(pad([1, 2]), [null, 30, 32, 3]);
  assert.deepEqual(pad([[1, 2], [3, 4]]), [null, 31, 35, 3]);
  assert.deepEqual(pad([[1, 2], 3]), [null, 31, 34, 3]);
  for (const bad of [-1, [1, 2, 3], [[1, 2, 3], [1, 2]], "1", [[1, -2], [0, 0]]]) {
    assert.throws(() => pad(bad), /Invalid padding for ZeroPadding2D/, JSON.stringify(bad));
  }
  assert.throws(() => new Cropping2D(-1), RangeError);
  assert.throws(() => new Cropping1D([1, 2, 3] as never), /Invalid cropping for Cropping1D/);
});

Deno.test("Keras's odd defaults: Cropping2D crops nothing, Cropping1D and 3D crop 1 per side", () => {
  assert.deepEqual(new Cropping2D({ inputShape: [5, 5, 1] }).outputShape(), [null, 5, 5, 1]);
  assert.deepEqual(new Cropping1D({ inputShape: [5, 1] }).outputShape(), [null, 3, 1]);
  assert.deepEqual(new Cropping3D({ inputShape: [5, 5, 5, 1] }).outputShape(), [
    null,
    3,
    3,
    3,
    1,
  ]);
});

Deno.test("Keras 3 gives Cropping1D and UpSampling1D no dataFormat, and UpSampling1D one size", () => {
  assert.throws(
    () => new Cropping1D({ dataFormat: "channels_first" } as never),
    /Unknown option "dataFormat" for Cropping1D/,
  );
  assert.throws(
    () => new UpSampling1D({ dataFormat: "channels_first" } as never),
    /Unknown option "dataFormat" for UpSampling1D/,
  );
  assert.throws(() => new UpSampling1D([2] as never), /Invalid size for UpSampling1D/);
  // ZeroPadding1D has one in Keras 3.
  assert.deepEqual(
    new ZeroPadding1D(1, { dataFormat: "channels_first", inputShape: [4, 10] }).outputShape(),
    [null, 4, 12],
  );
});

Deno.test("cropping everything away is refused with the sizes", () => {
  assert.throws(
    () => new Cropping1D([4, 4], { inputShape: [8, 2] }).outputShape(),
    (e: unknown) =>
      e instanceof IncompatibleShapeError && /"cropping1d": the cropping must be smaller/.test(
        e.message,
      ) && /input_shape=\(None, 8, 2\), cropping=\(4, 4\)/.test(e.message),
  );
  assert.throws(
    () => new Cropping3D(3, { inputShape: [6, 6, 6, 2] }).outputShape(),
    /cropping=\(\(3, 3\), \(3, 3\), \(3, 3\)\)/,
  );
});

Deno.test("UpSampling2D's interpolation decides no shape, and is checked like Keras's names", () => {
  const up = new UpSampling2D(2, { interpolation: "Bilinear", inputShape: [4, 4, 1] });
  assert.equal(up.config.interpolation, "bilinear");
  assert.deepEqual(up.outputShape(), [null, 8, 8, 1]);
  assert.throws(() => new UpSampling2D(2, { interpolation: "bilinar" }), /did you mean "bilinear"/);
  assert.deepEqual(configOf(up), { className: "UpSampling2D" });
});

Deno.test("the first argument is Keras's: the shape, the axes, the padding, the size", () => {
  assert.deepEqual(new Reshape([2, 3]).targetShape, [2, 3]);
  assert.deepEqual(new Permute([2, 1]).dims, [2, 1]);
  assert.deepEqual(new ZeroPadding3D(2).margins, [[2, 2], [2, 2], [2, 2]]);
  assert.deepEqual(new Cropping1D([1, 3]).margins, [[1, 3]]);
  assert.deepEqual(new UpSampling3D([1, 2, 3]).size, [1, 2, 3]);
  assert.deepEqual(new UpSampling1D(4).size, [4]);
});

Deno.test("configOf and layerFromConfig give the same layer back, defaults left out", () => {
  for (const [className, config, inputShape, count, outputShape] of KERAS) {
    if (count === null) continue;
    const again = builtFromConfigOf(className, config, inputShape);
    assert.deepEqual(again.outputShape(), outputShape, `${className} ${JSON.stringify(config)}`);
  }
  assert.deepEqual(configOf(new ZeroPadding2D(1)), { className: "ZeroPadding2D" });
  assert.deepEqual(configOf(new ZeroPadding2D([[1, 1], [1, 2]])), {
    className: "ZeroPadding2D",
    padding: [[1, 1], [1, 2]],
  });
});

Deno.test("explain() says why each reshaping layer has no weights", () => {
  const cases: [Layer, RegExp][] = [
    [new Reshape([-1], { inputShape: [4, 4] }), /nothing to learn/],
    [new Permute([2, 1], { inputShape: [4, 3] }), /reorders the axes; nothing is learned/],
    [new ZeroPadding2D(1, { inputShape: [4, 4, 1] }), /adds zeros at the borders/],
    [new Cropping3D(1, { inputShape: [4, 4, 4, 1] }), /removes values at the borders/],
    [new UpSampling1D(2, { inputShape: [4, 1] }), /repeats \(or interpolates\)/],
  ];
  for (const [layer, why] of cases) {
    const text = String(layer.explain());
    assert.match(text, new RegExp(`\\(${layer.className}\\): 0 parameters`));
    assert.match(text, why);
    assert.ok(layer.kind.noWeights, layer.className);
  }
});

Deno.test("a padded or upsampled image changes the count of the Dense after it", () => {
  // Independent arithmetic: (28 + 2 + 2) · (28 + 2 + 2) · 1 values flattened into Dense(10).
  const model = new Sequential([
    new Input({ shape: [28, 28, 1] }),
    new ZeroPadding2D(2),
    new Flatten(),
    new Dense(10),
  ]);
  assert.equal(model.paramCount(), 32 * 32 * 10 + 10);
});

Deno.test("Flatten and RepeatVector moved to the reshaping family and are still exported by mod.ts", () => {
  assert.equal(reshaping.Flatten, Flatten);
  assert.equal(reshaping.RepeatVector, RepeatVector);
  assert.equal(findKind("Flatten")?.family, "reshaping");
});

// ---------------------------------------------------------------------------------------------
// JSON and TensorFlow.js

Deno.test("Keras 2 JSON reads, with its names and tuple forms", () => {
  const model = fromKerasJson(sequentialJson([
    {
      class_name: "ZeroPadding2D",
      config: {
        name: "zero_padding2d_1",
        batch_input_shape: [null, 28, 28, 1],
        padding: [[1, 1], [2, 2]],
        data_format: "channels_last",
      },
    },
    {
      class_name: "Cropping2D",
      config: { name: "c", cropping: [[0, 0], [1, 1]], data_format: "channels_last" },
    },
    {
      class_name: "UpSampling2D",
      config: {
        name: "u",
        size: [2, 2],
        data_format: "channels_last",
        interpolation: "nearest",
      },
    },
    { class_name: "Reshape", config: { name: "r", target_shape: [60, -1] } },
    { class_name: "Permute", config: { name: "p", dims: [2, 1] } },
    { class_name: "UpSampling1D", config: { name: "u1", size: 2 } },
    { class_name: "Cropping1D", config: { name: "c1", cropping: [1, 1] } },
    { class_name: "ZeroPadding1D", config: { name: "z1", padding: [0, 2] } },
  ], { name: "sequential_1", kerasVersion: "2.15.0" }));
  // Independent arithmetic: 28+2 = 30 rows, 28+4-2 = 30 columns, ×2 = (60, 60); permuted, then
  // 60·2 = 120 steps, 120 - 2 = 118, + 2 = 120.
  assert.deepEqual(model.layers.map((l) => l.outputShape()), [
    [null, 30, 32, 1],
    [null, 30, 30, 1],
    [null, 60, 60, 1],
    [null, 60, 60],
    [null, 60, 60],
    [null, 120, 60],
    [null, 118, 60],
    [null, 120, 60],
  ]);
});

Deno.test("toTfjs builds the TF.js layers with the same shapes, and its JSON reads back", () => {
  const model = new Sequential([
    new Input({ shape: [12, 10, 3] }),
    new ZeroPadding2D([[1, 2], [0, 3]]),
    new Cropping2D([[2, 1], [1, 0]], { dataFormat: "channels_first" }),
    new UpSampling2D([2, 1], { interpolation: "bilinear" }),
    new Reshape([-1, 4]),
    new Permute([2, 1]),
  ]);
  const tfModel = toTfjs(model);
  try {
    assert.deepEqual(
      tfModel.layers.map((l) => l.outputShape),
      model.layers.map((l) => l.outputShape()),
    );
    const back = fromKerasJson(tfModel.toJSON(null, false) as object);
    assert.deepEqual(
      back.layers.map((l) => l.outputShape()),
      model.layers.map((l) => l.outputShape()),
    );
  } finally {
    tfModel.dispose();
  }
});

Deno.test("toTfjs refuses the 1D and 3D layers TF.js lacks, and what its 2D ones cannot do", () => {
  const refused: [Layer[], RegExp][] = [
    [[new Input({ shape: [8, 2] }), new ZeroPadding1D()], /TensorFlow.js has no ZeroPadding1D/],
    [[new Input({ shape: [8, 2] }), new Cropping1D()], /TensorFlow.js has no Cropping1D/],
    [[new Input({ shape: [8, 2] }), new UpSampling1D()], /TensorFlow.js has no UpSampling1D/],
    [[new Input({ shape: [4, 4, 4, 2] }), new ZeroPadding3D()], /has no ZeroPadding3D/],
    [[new Input({ shape: [4, 4, 4, 2] }), new Cropping3D()], /has no Cropping3D/],
    [[new Input({ shape: [4, 4, 4, 2] }), new UpSampling3D()], /has no UpSampling3D/],
    [
      [new Input({ shape: [4, 4, 2] }), new UpSampling2D(2, { interpolation: "bicubic" })],
      /"nearest" and "bilinear" only/,
    ],
    [[new Input({ shape: [8, 2] }), new Reshape([null, 4])], /unknown size \(null\)/],
  ];
  for (const [layers, message] of refused) {
    assert.throws(() => toTfjs(new Sequential(layers)), message);
  }
});

Deno.test("every reshaping layer of the Keras 3 fixture reads back with Keras's shapes", () => {
  const seen = new Set<string>();
  for (const entry of CONV_RESHAPE_MODELS.models) {
    const model = fromKerasJson(entry.to_json);
    assert.deepEqual(
      model.layers.map((l) => l.outputShape()),
      entry.layers.map((l) => l.output_shape),
    );
    for (const layer of model.layers) seen.add(layer.className);
  }
  for (
    const kind of [
      Reshape,
      Permute,
      ZeroPadding1D,
      ZeroPadding2D,
      ZeroPadding3D,
      Cropping1D,
      Cropping2D,
      Cropping3D,
      UpSampling1D,
      UpSampling2D,
      UpSampling3D,
    ]
  ) {
    assert.ok(seen.has(kind.kind.className), kind.kind.className);
  }
});

// ---------------------------------------------------------------------------------------------
// Random configurations real Keras 3 built (tests/fixtures/keras3_conv_reshape_sweep.py)

Deno.test("reshaping layers agree with Keras 3 on every random configuration it built or refused", () => {
  assertSweepAgrees("reshaping", 300);
});

// ---------------------------------------------------------------------------------------------
// Counted by formulas written here from the layers' definitions

Deno.test("RepeatVector and Activation reshape or keep without parameters", () => {
  const model = new Sequential([
    new Input({ shape: [6] }),
    new RepeatVector({ n: 4 }),
    new Activation({ activation: "tanh" }),
  ]);
  assert.deepEqual(model.outputShape(), [null, 4, 6]);
  assert.equal(model.paramCount(), 0);
});
