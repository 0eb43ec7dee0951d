// The transposed, separable and depthwise convolutions against real Keras 3.15.1. Every row below
// was recorded by running the Keras call in its comment (KERAS_BACKEND=jax, the venv of issue 8):
// the count, the output shape and the weights Keras built; a row without numbers is a call Keras
// refuses, and so must we. tests/fixtures/keras3_conv_reshape.json adds whole models.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import * as tf from "@tensorflow/tfjs";
import {
  type AxisMeaning,
  configOf,
  Conv1D,
  Conv1DTranspose,
  Conv2D,
  Conv2DTranspose,
  Conv3DTranspose,
  DepthwiseConv1D,
  DepthwiseConv2D,
  findKind,
  fromKerasJson,
  Input,
  type Layer,
  SeparableConv1D,
  SeparableConv2D,
  Sequential,
} from "../mod.ts";
import { toTfjs } from "../lib/tfjs.ts";
import {
  assertSweepAgrees,
  built,
  builtFromConfigOf,
  CONV_RESHAPE_MODELS,
  type Row,
} from "./_conv_reshape_fixture.ts";
import { tfjsForTests } from "./_support.ts";
import {
  depthwiseCountForms,
  separableCountForms,
  transposeCountForms,
} from "../lib/layers/_conv_counts.ts";
import { formCounts } from "../lib/read/_count_forms.ts";

await tfjsForTests();

const KERAS: Row[] = [
  // keras.layers.Conv1DTranspose(filters=8, kernel_size=3, strides=2) on (10, 4)
  [
    "Conv1DTranspose",
    { "filters": 8, "kernelSize": 3, "strides": 2 },
    [10, 4],
    104,
    [null, 21, 8],
    [["kernel", [3, 8, 4]], ["bias", [8]]],
  ],
  // keras.layers.Conv1DTranspose(filters=3, kernel_size=4, strides=3, padding="same") on (7, 2)
  [
    "Conv1DTranspose",
    { "filters": 3, "kernelSize": 4, "strides": 3, "padding": "same" },
    [7, 2],
    27,
    [null, 21, 3],
    [["kernel", [4, 3, 2]], ["bias", [3]]],
  ],
  // keras.layers.Conv1DTranspose(filters=2, kernel_size=3, dilation_rate=2) on (5, 3)
  ["Conv1DTranspose", { "filters": 2, "kernelSize": 3, "dilationRate": 2 }, [5, 3], 20, [
    null,
    9,
    2,
  ], [["kernel", [3, 2, 3]], ["bias", [2]]]],
  // keras.layers.Conv1DTranspose(filters=5, kernel_size=3, strides=2, output_padding=1) on (6, 2)
  [
    "Conv1DTranspose",
    { "filters": 5, "kernelSize": 3, "strides": 2, "outputPadding": 1 },
    [6, 2],
    35,
    [null, 14, 5],
    [["kernel", [3, 5, 2]], ["bias", [5]]],
  ],
  // keras.layers.Conv1DTranspose(filters=4, kernel_size=2, strides=3, padding="same", output_padding=2) on (5, 3)
  [
    "Conv1DTranspose",
    { "filters": 4, "kernelSize": 2, "strides": 3, "padding": "same", "outputPadding": 2 },
    [5, 3],
    28,
    [null, 14, 4],
    [["kernel", [2, 4, 3]], ["bias", [4]]],
  ],
  // keras.layers.Conv1DTranspose(filters=4, kernel_size=3, data_format="channels_first") on (3, 10)
  [
    "Conv1DTranspose",
    { "filters": 4, "kernelSize": 3, "dataFormat": "channels_first" },
    [3, 10],
    40,
    [null, 4, 12],
    [["kernel", [3, 4, 3]], ["bias", [4]]],
  ],
  // keras.layers.Conv1DTranspose(filters=4, kernel_size=2, strides=5) on (None, 3)
  ["Conv1DTranspose", { "filters": 4, "kernelSize": 2, "strides": 5 }, [null, 3], 28, [
    null,
    null,
    4,
  ], [["kernel", [2, 4, 3]], ["bias", [4]]]],
  // keras.layers.Conv1DTranspose(filters=4, kernel_size=3, use_bias=False) on (6, 3)
  [
    "Conv1DTranspose",
    { "filters": 4, "kernelSize": 3, "useBias": false },
    [6, 3],
    36,
    [null, 8, 4],
    [["kernel", [3, 4, 3]]],
  ],
  // keras.layers.Conv2DTranspose(filters=4, kernel_size=3, strides=2) on (5, 5, 3)
  ["Conv2DTranspose", { "filters": 4, "kernelSize": 3, "strides": 2 }, [5, 5, 3], 112, [
    null,
    11,
    11,
    4,
  ], [["kernel", [3, 3, 4, 3]], ["bias", [4]]]],
  // keras.layers.Conv2DTranspose(filters=4, kernel_size=3, strides=2, padding="same", output_padding=1) on (5, 5, 3)
  [
    "Conv2DTranspose",
    { "filters": 4, "kernelSize": 3, "strides": 2, "padding": "same", "outputPadding": 1 },
    [5, 5, 3],
    112,
    [null, 10, 10, 4],
    [["kernel", [3, 3, 4, 3]], ["bias", [4]]],
  ],
  // keras.layers.Conv2DTranspose(filters=4, kernel_size=3, strides=2, output_padding=(1, 0)) on (5, 5, 3)
  [
    "Conv2DTranspose",
    { "filters": 4, "kernelSize": 3, "strides": 2, "outputPadding": [1, 0] },
    [5, 5, 3],
    112,
    [null, 12, 11, 4],
    [["kernel", [3, 3, 4, 3]], ["bias", [4]]],
  ],
  // keras.layers.Conv2DTranspose(filters=4, kernel_size=5) on (2, 2, 3)
  ["Conv2DTranspose", { "filters": 4, "kernelSize": 5 }, [2, 2, 3], 304, [null, 6, 6, 4], [[
    "kernel",
    [5, 5, 4, 3],
  ], ["bias", [4]]]],
  // keras.layers.Conv2DTranspose(filters=6, kernel_size=(3, 2), dilation_rate=2, padding="same") on (7, 7, 2)
  [
    "Conv2DTranspose",
    { "filters": 6, "kernelSize": [3, 2], "dilationRate": 2, "padding": "same" },
    [7, 7, 2],
    78,
    [null, 7, 7, 6],
    [["kernel", [3, 2, 6, 2]], ["bias", [6]]],
  ],
  // keras.layers.Conv2DTranspose(filters=6, kernel_size=(3, 1), strides=(2, 1), data_format="channels_first") on (2, 7, 5)
  [
    "Conv2DTranspose",
    { "filters": 6, "kernelSize": [3, 1], "strides": [2, 1], "dataFormat": "channels_first" },
    [2, 7, 5],
    42,
    [null, 6, 15, 5],
    [["kernel", [3, 1, 6, 2]], ["bias", [6]]],
  ],
  // keras.layers.Conv2DTranspose(filters=16, kernel_size=4, strides=2, padding="same", use_bias=False) on (None, 14, 32)
  [
    "Conv2DTranspose",
    { "filters": 16, "kernelSize": 4, "strides": 2, "padding": "same", "useBias": false },
    [null, 14, 32],
    8192,
    [null, null, 28, 16],
    [["kernel", [4, 4, 16, 32]]],
  ],
  // keras.layers.Conv3DTranspose(filters=2, kernel_size=2, strides=2) on (4, 4, 4, 3)
  ["Conv3DTranspose", { "filters": 2, "kernelSize": 2, "strides": 2 }, [4, 4, 4, 3], 50, [
    null,
    8,
    8,
    8,
    2,
  ], [["kernel", [2, 2, 2, 2, 3]], ["bias", [2]]]],
  // keras.layers.Conv3DTranspose(filters=3, kernel_size=3, strides=(1, 2, 3), padding="same") on (4, 5, 6, 2)
  [
    "Conv3DTranspose",
    { "filters": 3, "kernelSize": 3, "strides": [1, 2, 3], "padding": "same" },
    [4, 5, 6, 2],
    165,
    [null, 4, 10, 18, 3],
    [["kernel", [3, 3, 3, 3, 2]], ["bias", [3]]],
  ],
  // keras.layers.Conv3DTranspose(filters=3, kernel_size=3, strides=2, output_padding=(0, 1, 1)) on (2, 3, 4, 1)
  [
    "Conv3DTranspose",
    { "filters": 3, "kernelSize": 3, "strides": 2, "outputPadding": [0, 1, 1] },
    [2, 3, 4, 1],
    84,
    [null, 5, 8, 10, 3],
    [["kernel", [3, 3, 3, 3, 1]], ["bias", [3]]],
  ],
  // keras.layers.Conv3DTranspose(filters=2, kernel_size=(1, 2, 3), data_format="channels_first") on (3, 4, 4, 4)
  [
    "Conv3DTranspose",
    { "filters": 2, "kernelSize": [1, 2, 3], "dataFormat": "channels_first" },
    [3, 4, 4, 4],
    38,
    [null, 2, 4, 5, 6],
    [["kernel", [1, 2, 3, 2, 3]], ["bias", [2]]],
  ],
  // keras.layers.SeparableConv1D(filters=8, kernel_size=3) on (10, 4)
  ["SeparableConv1D", { "filters": 8, "kernelSize": 3 }, [10, 4], 52, [null, 8, 8], [
    ["depthwise_kernel", [3, 4, 1]],
    ["pointwise_kernel", [1, 4, 8]],
    ["bias", [8]],
  ]],
  // keras.layers.SeparableConv1D(filters=5, kernel_size=4, depth_multiplier=3, strides=2, padding="same") on (11, 2)
  [
    "SeparableConv1D",
    { "filters": 5, "kernelSize": 4, "depthMultiplier": 3, "strides": 2, "padding": "same" },
    [11, 2],
    59,
    [null, 6, 5],
    [["depthwise_kernel", [4, 2, 3]], ["pointwise_kernel", [1, 6, 5]], ["bias", [5]]],
  ],
  // keras.layers.SeparableConv1D(filters=5, kernel_size=3, dilation_rate=2, use_bias=False) on (9, 6)
  [
    "SeparableConv1D",
    { "filters": 5, "kernelSize": 3, "dilationRate": 2, "useBias": false },
    [9, 6],
    48,
    [null, 5, 5],
    [["depthwise_kernel", [3, 6, 1]], ["pointwise_kernel", [1, 6, 5]]],
  ],
  // keras.layers.SeparableConv1D(filters=7, kernel_size=2, data_format="channels_first") on (3, 12)
  [
    "SeparableConv1D",
    { "filters": 7, "kernelSize": 2, "dataFormat": "channels_first" },
    [3, 12],
    34,
    [null, 7, 11],
    [["depthwise_kernel", [2, 3, 1]], ["pointwise_kernel", [1, 3, 7]], ["bias", [7]]],
  ],
  // keras.layers.SeparableConv2D(filters=8, kernel_size=3, strides=2, dilation_rate=2) on (9, 9, 3)
  [
    "SeparableConv2D",
    { "filters": 8, "kernelSize": 3, "strides": 2, "dilationRate": 2 },
    [9, 9, 3],
    59,
    [null, 3, 3, 8],
    [["depthwise_kernel", [3, 3, 3, 1]], ["pointwise_kernel", [1, 1, 3, 8]], ["bias", [8]]],
  ],
  // keras.layers.SeparableConv2D(filters=16, kernel_size=3, depth_multiplier=2, padding="same") on (28, 28, 3)
  [
    "SeparableConv2D",
    { "filters": 16, "kernelSize": 3, "depthMultiplier": 2, "padding": "same" },
    [28, 28, 3],
    166,
    [null, 28, 28, 16],
    [["depthwise_kernel", [3, 3, 3, 2]], ["pointwise_kernel", [1, 1, 6, 16]], ["bias", [16]]],
  ],
  // keras.layers.SeparableConv2D(filters=4, kernel_size=(3, 1), strides=(1, 2), data_format="channels_first") on (5, 8, 8)
  [
    "SeparableConv2D",
    { "filters": 4, "kernelSize": [3, 1], "strides": [1, 2], "dataFormat": "channels_first" },
    [5, 8, 8],
    39,
    [null, 4, 6, 4],
    [["depthwise_kernel", [3, 1, 5, 1]], ["pointwise_kernel", [1, 1, 5, 4]], ["bias", [4]]],
  ],
  // keras.layers.SeparableConv2D(filters=4, kernel_size=3, use_bias=False) on (None, None, 6)
  ["SeparableConv2D", { "filters": 4, "kernelSize": 3, "useBias": false }, [null, null, 6], 78, [
    null,
    null,
    null,
    4,
  ], [["depthwise_kernel", [3, 3, 6, 1]], ["pointwise_kernel", [1, 1, 6, 4]]]],
  // keras.layers.DepthwiseConv1D(kernel_size=3, depth_multiplier=2) on (10, 4)
  ["DepthwiseConv1D", { "kernelSize": 3, "depthMultiplier": 2 }, [10, 4], 32, [null, 8, 8], [[
    "kernel",
    [3, 4, 2],
  ], ["bias", [8]]]],
  // keras.layers.DepthwiseConv1D(kernel_size=5, strides=2, padding="same") on (11, 3)
  ["DepthwiseConv1D", { "kernelSize": 5, "strides": 2, "padding": "same" }, [11, 3], 18, [
    null,
    6,
    3,
  ], [["kernel", [5, 3, 1]], ["bias", [3]]]],
  // keras.layers.DepthwiseConv1D(kernel_size=3, depth_multiplier=4, data_format="channels_first", use_bias=False) on (2, 9)
  [
    "DepthwiseConv1D",
    { "kernelSize": 3, "depthMultiplier": 4, "dataFormat": "channels_first", "useBias": false },
    [2, 9],
    24,
    [null, 8, 7],
    [["kernel", [3, 2, 4]]],
  ],
  // keras.layers.DepthwiseConv2D(kernel_size=3, depth_multiplier=2, padding="same", data_format="channels_first") on (3, 9, 9)
  [
    "DepthwiseConv2D",
    { "kernelSize": 3, "depthMultiplier": 2, "padding": "same", "dataFormat": "channels_first" },
    [3, 9, 9],
    60,
    [null, 6, 9, 9],
    [["kernel", [3, 3, 3, 2]], ["bias", [6]]],
  ],
  // keras.layers.DepthwiseConv2D(kernel_size=3, strides=2, dilation_rate=2) on (9, 9, 3)
  ["DepthwiseConv2D", { "kernelSize": 3, "strides": 2, "dilationRate": 2 }, [9, 9, 3], 30, [
    null,
    3,
    3,
    3,
  ], [["kernel", [3, 3, 3, 1]], ["bias", [3]]]],
  // keras.layers.DepthwiseConv2D(kernel_size=(5, 3), depth_multiplier=3, use_bias=False) on (16, 16, 8)
  [
    "DepthwiseConv2D",
    { "kernelSize": [5, 3], "depthMultiplier": 3, "useBias": false },
    [16, 16, 8],
    360,
    [null, 12, 14, 24],
    [["kernel", [5, 3, 8, 3]]],
  ],
  // keras.layers.Conv2DTranspose(filters=4, kernel_size=3, strides=2, output_padding=2) on (5, 5, 3)
  //   raises ValueError: `output_padding` must be strictly less than `strides` for all dimensions. At dimension 0, `output_padding` is 2 but `strides` is 2. Received: output_p
  [
    "Conv2DTranspose",
    { "filters": 4, "kernelSize": 3, "strides": 2, "outputPadding": 2 },
    [5, 5, 3],
    null,
    null,
    null,
  ],
  // keras.layers.Conv2DTranspose(filters=4, kernel_size=3, strides=2, dilation_rate=2) on (5, 5, 3)
  //   raises ValueError: `strides > 1` not supported in conjunction with `dilation_rate > 1`. Received: strides=(2, 2) and dilation_rate=(2, 2)
  [
    "Conv2DTranspose",
    { "filters": 4, "kernelSize": 3, "strides": 2, "dilationRate": 2 },
    [5, 5, 3],
    null,
    null,
    null,
  ],
  // keras.layers.Conv1DTranspose(filters=4, kernel_size=3, padding="causal") on (5, 3)
  //   raises ValueError: The `padding` argument must be a list/tuple or one of {'valid', 'same'}. Received: causal
  [
    "Conv1DTranspose",
    { "filters": 4, "kernelSize": 3, "padding": "causal" },
    [5, 3],
    null,
    null,
    null,
  ],
  // keras.layers.DepthwiseConv2D(kernel_size=5) on (3, 3, 2)
  //   raises ValueError: Computed output size would be zero or negative. Received `inputs shape=(None, 3, 3, 2)`, `kernel shape=(5, 5, 2, 2)`, `dilation_rate=[1 1]`, `strides=
  ["DepthwiseConv2D", { "kernelSize": 5 }, [3, 3, 2], null, null, null],
  // keras.layers.SeparableConv1D(filters=2, kernel_size=3, padding="causal") on (5, 3)
  //   raises ValueError: The `padding` argument must be a list/tuple or one of {'valid', 'same'}. Received: causal
  [
    "SeparableConv1D",
    { "filters": 2, "kernelSize": 3, "padding": "causal" },
    [5, 3],
    null,
    null,
    null,
  ],
  // keras.layers.DepthwiseConv1D(kernel_size=3, padding="causal") on (5, 3)
  //   raises ValueError: The `padding` argument must be a list/tuple or one of {'valid', 'same'}. Received: causal
  ["DepthwiseConv1D", { "kernelSize": 3, "padding": "causal" }, [5, 3], null, null, null],
];

Deno.test("each convolution counts, shapes and builds its weights as Keras 3.15.1 does", () => {
  for (const [className, config, inputShape, count, outputShape, weights] of KERAS) {
    const label = `${className}(${JSON.stringify(config)}) on ${JSON.stringify(inputShape)}`;
    if (count === null) {
      assert.throws(() => built(className, config, inputShape), label);
      continue;
    }
    const layer = built(className, config, inputShape);
    assert.equal(layer.paramCount(), count, label);
    assert.equal(layer.trainableParamCount(), count, label);
    assert.deepEqual(layer.outputShape(), outputShape, label);
    assert.deepEqual(layer.weights().map((w) => [w.name, w.shape]), weights, label);
  }
});

Deno.test("the refusals name the layer and the value, with Keras's reason", () => {
  assert.throws(
    () => new Conv2DTranspose(4, { kernelSize: 3, strides: 2, outputPadding: 2 }),
    (e: unknown) =>
      e instanceof RangeError &&
      /outputPadding for Conv2DTranspose: each value must be less than the stride/.test(
        e.message,
      ) && /\(2, 2\)/.test(e.message),
  );
  assert.throws(
    () => new Conv1DTranspose(4, { kernelSize: 3, strides: 2, dilationRate: 2 }),
    /Invalid strides for Conv1DTranspose: strides > 1 cannot be combined with dilationRate > 1/,
  );
  assert.throws(
    () => new SeparableConv1D(2, { kernelSize: 3, padding: "causal" as "valid" }),
    /Invalid padding for SeparableConv1D: expected one of "valid" .*"same" .*received "causal"/,
  );
  assert.throws(
    () => new Conv2DTranspose(4, { kernelSize: 3, groups: 2 } as never),
    /Unknown option "groups" for Conv2DTranspose/,
  );
  assert.throws(
    () => new DepthwiseConv2D(3, { depth_multiplier: 2 } as never),
    /"depth_multiplier" is Keras's Python name; here it is depthMultiplier/,
  );
  assert.throws(() => new DepthwiseConv2D(3, { depthMultiplier: 0 }), RangeError);
  assert.throws(
    () => new Conv2DTranspose(4, { kernelSize: 3, outputPadding: [1, -1], strides: 2 }),
    /Invalid outputPadding for Conv2DTranspose: expected null or an integer ≥ 0/,
  );
});

Deno.test("a transposed convolution whose output would be empty is refused with its sizes", () => {
  // (1 - 1)·1 + (2 mod 2) + 0 = 0 steps: Keras computes a size of 0; we refuse it by name.
  const up = new Conv1DTranspose(4, {
    kernelSize: 2,
    padding: "same",
    outputPadding: 0,
    inputShape: [1, 3],
  });
  assert.throws(() => up.outputShape(), /conv1d_transpose.*computed output size would be 0/);
});

Deno.test("the first argument is Keras's: filters, or the kernel size for depthwise", () => {
  assert.equal(new Conv2DTranspose(4, { kernelSize: 3, inputShape: [5, 5, 3] }).paramCount(), 112);
  assert.equal(new SeparableConv2D(8, { kernelSize: 3, inputShape: [9, 9, 3] }).filters, 8);
  assert.deepEqual(new DepthwiseConv2D([5, 3]).kernelSize, [5, 3]);
  assert.deepEqual(new DepthwiseConv1D(3).kernelSize, [3]);
});

Deno.test("the aliases are Keras 3's own, and DepthwiseConv has none", () => {
  for (
    const [alias, className] of [
      ["Convolution1DTranspose", "Conv1DTranspose"],
      ["Convolution2DTranspose", "Conv2DTranspose"],
      ["Convolution3DTranspose", "Conv3DTranspose"],
      ["SeparableConvolution1D", "SeparableConv1D"],
      ["SeparableConvolution2D", "SeparableConv2D"],
    ]
  ) {
    assert.equal(findKind(alias)?.className, className);
  }
  assert.equal(findKind("DepthwiseConvolution2D"), undefined);
  assert.equal(findKind("Deconvolution2D"), undefined);
});

function axes(layer: Layer): Record<string, string[]> {
  return Object.fromEntries(
    layer.weights().map((w) => [w.name, (w.axes ?? []).map((a: AxisMeaning) => a.symbol)]),
  );
}

Deno.test("every weight declares what each of its axes is, in Keras's axis order", () => {
  assert.deepEqual(axes(new Conv2DTranspose(4, { kernelSize: 3, inputShape: [5, 5, 3] })), {
    kernel: ["kh", "kw", "f", "c"],
    bias: ["f"],
  });
  assert.deepEqual(axes(new SeparableConv1D(8, { kernelSize: 3, inputShape: [10, 4] })), {
    depthwise_kernel: ["k", "c", "d"],
    pointwise_kernel: ["1", "c·d", "f"],
    bias: ["f"],
  });
  assert.deepEqual(axes(new DepthwiseConv2D(3, { inputShape: [9, 9, 3] })), {
    kernel: ["kh", "kw", "c", "d"],
    bias: ["c·d"],
  });
  for (const className of [...KERAS.map((r) => r[0])]) {
    const row = KERAS.find((r) => r[0] === className && r[3] !== null)!;
    for (const w of built(row[0], row[1], row[2]).weights()) {
      assert.equal(w.axes?.length, w.shape.length, `${className} ${w.name}`);
    }
  }
});

Deno.test("a frozen convolution moves every weight to non-trainable", () => {
  const sep = new SeparableConv2D(8, { kernelSize: 3, trainable: false, inputShape: [9, 9, 3] });
  assert.equal(sep.trainableParamCount(), 0);
  assert.equal(sep.nonTrainableParamCount(), 27 + 24 + 8);
});

Deno.test("explain() gives each convolution's count from its weights", () => {
  // The counts are the rows' above, recorded from Keras.
  const cases: [Layer, number][] = [
    [
      new SeparableConv2D(16, { kernelSize: 3, depthMultiplier: 2, inputShape: [28, 28, 3] }),
      166,
    ],
    [new Conv2DTranspose(4, { kernelSize: 3, strides: 2, inputShape: [5, 5, 3] }), 112],
    [new DepthwiseConv2D(3, { depthMultiplier: 2, inputShape: [9, 9, 3] }), 60],
    [new Conv3DTranspose(2, { kernelSize: 2, inputShape: [4, 4, 4, 3] }), 50],
  ];
  for (const [layer, count] of cases) {
    const e = layer.explain();
    assert.equal(e.paramCount, count);
    assert.ok(e.numeric.endsWith(`= ${count}`), e.numeric);
    assert.match(String(e), new RegExp(`\\(${layer.className}\\): ${count} parameters`));
    assert.deepEqual(e.weights.map((w) => w.name), layer.weights().map((w) => w.name));
  }
});

Deno.test("configOf and layerFromConfig give the same convolution back", () => {
  for (const [className, config, inputShape, count] of KERAS) {
    if (count === null) continue;
    const again = builtFromConfigOf(className, config, inputShape);
    assert.equal(again.paramCount(), count, `${className} ${JSON.stringify(config)}`);
  }
  assert.deepEqual(configOf(new Conv2DTranspose(4, { kernelSize: 3 })), {
    className: "Conv2DTranspose",
    filters: 4,
    kernelSize: [3, 3],
  });
});

// ---------------------------------------------------------------------------------------------
// JSON: Keras 2's form (its transposed and depthwise layers write "groups": 1)

Deno.test("Keras 2 JSON reads, the groups: 1 it writes included, and other groups are refused", () => {
  const keras2 = (config: Record<string, unknown>) => (sequentialJson([
    { class_name: "InputLayer", config: { batch_input_shape: [null, 9, 9, 3] } },
    { class_name: "DepthwiseConv2D", config },
  ], { name: "sequential_1", kerasVersion: "2.15.0" }));
  const config = {
    name: "depthwise_conv2d",
    trainable: true,
    dtype: "float32",
    kernel_size: [3, 3],
    strides: [1, 1],
    padding: "valid",
    data_format: "channels_last",
    dilation_rate: [1, 1],
    groups: 1,
    activation: "linear",
    use_bias: true,
    bias_initializer: { class_name: "Zeros", config: {} },
    bias_regularizer: null,
    activity_regularizer: null,
    bias_constraint: null,
    depth_multiplier: 2,
    depthwise_initializer: { class_name: "GlorotUniform", config: { seed: null } },
    depthwise_regularizer: null,
    depthwise_constraint: null,
  };
  const model = fromKerasJson(keras2(config));
  assert.equal(model.layers[0].paramCount(), 3 * 3 * 3 * 2 + 6);
  assert.deepEqual(model.outputShape(), [null, 7, 7, 6]);
  assert.throws(() => fromKerasJson(keras2({ ...config, groups: 3 })), /"groups": 3/);
});

Deno.test("Keras 2's SeparableConv2D and Conv2DTranspose JSON read, with the keys Conv adds", () => {
  // tf.keras 2's SeparableConv.get_config() merges Conv's config (groups, kernel_initializer,
  // kernel_regularizer, kernel_constraint) under its own; Conv2DTranspose adds output_padding.
  const model = fromKerasJson(sequentialJson([
    { class_name: "InputLayer", config: { batch_input_shape: [null, 5, 5, 3] } },
    {
      class_name: "Conv2DTranspose",
      config: {
        name: "conv2d_transpose",
        filters: 4,
        kernel_size: [3, 3],
        strides: [2, 2],
        padding: "valid",
        data_format: "channels_last",
        dilation_rate: [1, 1],
        groups: 1,
        activation: "linear",
        use_bias: true,
        kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
        bias_initializer: { class_name: "Zeros", config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
        output_padding: null,
      },
    },
    {
      class_name: "SeparableConv2D",
      config: {
        name: "separable_conv2d",
        filters: 8,
        kernel_size: [3, 3],
        strides: [1, 1],
        padding: "valid",
        data_format: "channels_last",
        dilation_rate: [1, 1],
        groups: 1,
        activation: "relu",
        use_bias: true,
        kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
        kernel_regularizer: null,
        kernel_constraint: null,
        depth_multiplier: 2,
        depthwise_initializer: { class_name: "GlorotUniform", config: { seed: null } },
        pointwise_initializer: { class_name: "GlorotUniform", config: { seed: null } },
        bias_initializer: { class_name: "Zeros", config: {} },
        depthwise_regularizer: null,
        pointwise_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        depthwise_constraint: null,
        pointwise_constraint: null,
        bias_constraint: null,
      },
    },
  ], { kerasVersion: "2.15.0" }));
  // Independent arithmetic: 3·3·4·3 + 4 = 112 to (11, 11, 4); then 3·3·4·2 + 8·8 + 8 = 144.
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [112, 144]);
  assert.deepEqual(model.outputShape(), [null, 9, 9, 8]);
});

// ---------------------------------------------------------------------------------------------
// TensorFlow.js

Deno.test("toTfjs builds the TF.js layers with the same counts and shapes", () => {
  const cases: Layer[][] = [
    [new Input({ shape: [5, 5, 3] }), new Conv2DTranspose(4, { kernelSize: 3, strides: 2 })],
    [
      new Input({ shape: [3, 6, 6] }),
      new Conv2DTranspose(4, { kernelSize: [3, 2], padding: "same", dataFormat: "channels_first" }),
    ],
    [new Input({ shape: [4, 4, 4, 3] }), new Conv3DTranspose(2, { kernelSize: 3, strides: 2 })],
    [
      new Input({ shape: [28, 28, 3] }),
      new SeparableConv2D(16, { kernelSize: 3, depthMultiplier: 2, padding: "same" }),
    ],
    [
      new Input({ shape: [9, 9, 3] }),
      new SeparableConv2D(8, { kernelSize: 3, dilationRate: 2, useBias: false }),
    ],
    [
      new Input({ shape: [16, 16, 8] }),
      new DepthwiseConv2D([5, 3], { depthMultiplier: 3, strides: 2 }),
    ],
  ];
  for (const layers of cases) {
    const model = new Sequential(layers);
    const tfModel = toTfjs(model);
    try {
      assert.equal(tfModel.countParams(), model.paramCount(), model.layers[0].className);
      assert.deepEqual(tfModel.outputs[0].shape, model.outputShape());
      const json = tfModel.toJSON(null, false) as { config: { layers: { config: object }[] } };
      const written = json.config.layers.at(-1)!.config;
      const layer = model.layers[0];
      if (layer instanceof SeparableConv2D && layer.depthMultiplier !== 1) {
        // TF.js 4.22's SeparableConv.getConfig() leaves depth_multiplier out, so its own JSON
        // reloads the layer with 1; read as written, ours does the same.
        assert.ok(!("depth_multiplier" in written));
        continue;
      }
      const roundTrip = fromKerasJson(json);
      assert.equal(roundTrip.paramCount(), model.paramCount());
      assert.deepEqual(roundTrip.outputShape(), model.outputShape());
    } finally {
      tfModel.dispose();
    }
  }
});

Deno.test("toTfjs refuses what TF.js lacks, saying what", () => {
  const refused: [Layer, RegExp][] = [
    [new Conv1DTranspose(4, { kernelSize: 3 }), /TensorFlow.js has no Conv1DTranspose/],
    [new SeparableConv1D(4, { kernelSize: 3 }), /TensorFlow.js has no SeparableConv1D/],
    [new DepthwiseConv1D(3), /TensorFlow.js has no DepthwiseConv1D/],
    [
      new Conv2DTranspose(4, { kernelSize: 3, strides: 2, outputPadding: 1 }),
      /uses outputPadding/,
    ],
    [new Conv2DTranspose(4, { kernelSize: 3, dilationRate: 2 }), /dilationRate \(2, 2\)/],
    [new DepthwiseConv2D(3, { dilationRate: 2 }), /DepthwiseConv2D ignores/],
    [
      new SeparableConv2D(4, { kernelSize: 3, strides: 2, dilationRate: 2 }),
      /combines strides > 1 with dilationRate > 1/,
    ],
  ];
  for (const [layer, message] of refused) {
    const rank = layer.className.includes("1D") ? 1 : 2;
    const shape = rank === 1 ? [12, 4] : [12, 12, 4];
    assert.throws(() => toTfjs(new Sequential([new Input({ shape }), layer])), message);
  }
  assert.ok(tf.layers.conv2dTranspose);
});

// ---------------------------------------------------------------------------------------------
// Whole models exported by real Keras 3 (tests/fixtures/keras3_conv_reshape.py writes them)

Deno.test("models real Keras 3 exported read back with Keras's counts, shapes and summary", () => {
  assert.equal(CONV_RESHAPE_MODELS.keras_version, "3.15.1");
  const seen = new Set<string>();
  for (const entry of CONV_RESHAPE_MODELS.models) {
    const model = fromKerasJson(entry.to_json);
    assert.deepEqual(
      model.layers.map((l) => [l.name, l.paramCount(), l.trainableParamCount(), l.outputShape()]),
      entry.layers.map((l) => [l.name, l.count, l.trainable, l.output_shape]),
      entry.model,
    );
    assert.equal(`${model.summary()}\n`, entry.summary, entry.model);
    for (const layer of model.layers) seen.add(layer.className);
  }
  for (const kind of [Conv1DTranspose, Conv2DTranspose, Conv3DTranspose]) {
    assert.ok(seen.has(kind.kind.className), kind.kind.className);
  }
  for (const kind of [SeparableConv1D, SeparableConv2D, DepthwiseConv1D, DepthwiseConv2D]) {
    assert.ok(seen.has(kind.kind.className), kind.kind.className);
  }
});

// ---------------------------------------------------------------------------------------------
// Random configurations real Keras 3 built (tests/fixtures/keras3_conv_reshape_sweep.py)

Deno.test("convolutional layers agree with Keras 3 on every random configuration it built or refused", () => {
  assertSweepAgrees("convolutional", 150);
});

// ---------------------------------------------------------------------------------------------
// Counted by formulas written here from the layers' definitions

Deno.test("convolutions count kernel × channels × filters + filters", () => {
  const conv1 = new Conv1D({ filters: 16, kernelSize: 5, strides: 2, inputShape: [100, 3] });
  assert.equal(conv1.paramCount(), 5 * 3 * 16 + 16);
  assert.deepEqual(conv1.outputShape(), [null, Math.floor((100 - 5) / 2) + 1, 16]);
  const conv2 = new Conv2D({
    filters: 4,
    kernelSize: [3, 5],
    strides: [1, 2],
    padding: "same",
    inputShape: [9, 9, 2],
  });
  assert.equal(conv2.paramCount(), 3 * 5 * 2 * 4 + 4);
  assert.deepEqual(conv2.outputShape(), [null, 9, 5, 4]);
  const dilated = new Conv1D({ filters: 1, kernelSize: 3, dilationRate: 2, inputShape: [10, 1] });
  assert.deepEqual(dilated.outputShape(), [null, 10 - (3 - 1) * 2, 1]);
});

/** A case of the committed Keras 3 sweep: class, options, input, count, output. */
type Swept = [string, Record<string, unknown>, (number | null)[], number | null, (number | null)[]];

/** The sweep's built cases of the classes `pattern` matches, with no axis of size 0. */
function builtSweep(pattern: RegExp): Swept[] {
  const text = Deno.readTextFileSync(
    new URL("./fixtures/keras3_conv_reshape_sweep.jsonl", import.meta.url),
  );
  return text.trim().split("\n").map((line) => JSON.parse(line) as Swept)
    .filter(([className, , , count, output]) =>
      pattern.test(className) && count !== null && !output.includes(0)
    );
}

Deno.test("every transposed convolution Keras 3 built has its count among the counts its row allows", () => {
  // A count cut short is chosen among the counts a transposed convolution may have on its row
  // (lib/layers/_conv_counts.ts): the true one must always be there. Each built case
  // of the sweep, its row as Keras prints it (the input, the output Keras gave).
  const rows = builtSweep(/^Conv\dDTranspose$/);
  assert.ok(rows.length >= 40, `${rows.length} transposed convolutions`);
  let listed = 0;
  for (const [className, config, inputShape, count, output] of rows) {
    const rank = Number(className[4]);
    const forms = transposeCountForms(rank, {
      input: [null, ...inputShape],
      out: output,
    });
    const label = `${className}(${JSON.stringify(config)}) on ${JSON.stringify(inputShape)}`;
    if (!forms) {
      // No layout's channels known: the row does not tell, and none are named. A layout whose
      // channel axis is None is no layout Keras can build, and the other's forms are named.
      assert.ok(inputShape[0] === null && inputShape.at(-1) === null, label);
      continue;
    }
    const among = forms.some(({ per, plus, n }) =>
      (count! - plus) % per === 0 && (count! - plus) / per >= 1 &&
      (n === undefined || n.includes((count! - plus) / per))
    );
    assert.ok(among, `${label}: ${count} is not among ${JSON.stringify(forms)}`);
    if (forms.some((f) => f.n !== undefined)) listed++;
  }
  // Some rows only "valid" padding gives, whose windows are listed rather than any.
  assert.ok(listed >= 5, `${listed} rows with their kernel volumes listed`);
});

Deno.test("every depthwise convolution Keras 3 built has its count among the counts its row allows", () => {
  // As for the transposed convolutions above: a cut count is chosen among these forms
  // (lib/layers/_conv_counts.ts), so the true count must always be among them.
  const rows = builtSweep(/^DepthwiseConv\dD$/);
  assert.ok(rows.length >= 20, `${rows.length} depthwise convolutions`);
  for (const [className, config, inputShape, count, output] of rows) {
    const rank = Number(className[13]);
    const forms = depthwiseCountForms(rank, {
      input: [null, ...inputShape],
      out: output,
    });
    const label = `${className}(${JSON.stringify(config)}) on ${JSON.stringify(inputShape)}`;
    assert.ok(forms, label);
    const among = forms.some(({ per, plus, n }) =>
      (count! - plus) % per === 0 && (count! - plus) / per >= 1 &&
      (n === undefined || n.includes((count! - plus) / per))
    );
    assert.ok(among, `${label}: ${count} is not among ${JSON.stringify(forms)}`);
  }
  // No window makes an axis longer: an output longer than its input has no form on that layout.
  assert.deepEqual(depthwiseCountForms(1, { input: [null, 5, 4], out: [null, 6, 8] }), []);
});

Deno.test("every separable convolution Keras 3 built has its count among the counts its row allows", () => {
  const rows = builtSweep(/^SeparableConv\dD$/);
  assert.ok(rows.length >= 20, `${rows.length} separable convolutions`);
  for (const [className, config, inputShape, count, output] of rows) {
    const rank = Number(className[13]);
    // The printed total bounds the depth multiplier: here the layer is the whole model.
    const forms = separableCountForms(rank, {
      input: [null, ...inputShape],
      out: output,
    }, count!);
    const label = `${className}(${JSON.stringify(config)}) on ${JSON.stringify(inputShape)}`;
    assert.ok(forms, label);
    assert.ok(formCounts(forms, [[count!, count!]])?.includes(count!), `${label}: ${count}`);
  }
});

Deno.test("a transposed convolution on a sequence of unknown length has the forms of channels last", () => {
  // Conv1DTranspose(7, 3, strides=2, output_padding=1) on (None, 138), as a table printed it
  // (sequential seed 1641071393): read channels first, the channel axis is the unknown length,
  // which Keras cannot build a kernel of, so only channels last's forms are named.
  const forms = transposeCountForms(1, { input: [null, null, 138], out: [null, null, 7] });
  assert.deepEqual(forms, [{ per: 138 * 7, plus: 0 }, { per: 138 * 7, plus: 7 }]);
  // 3 × 138 × 7 + 7, Keras's count, is among them.
  assert.ok(forms!.some(({ per, plus }) => (2905 - plus) % per === 0));
  assert.equal(
    transposeCountForms(1, { input: [null, null, null], out: [null, null, 7] }),
    undefined,
  );
});
