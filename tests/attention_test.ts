// The attention family against real Keras 3.15.1. Every expected shape and count was printed by
// Keras itself (KERAS_BACKEND=jax), with the snippet beside it; the fixtures in tests/fixtures/
// were written by the same Keras (tests/fixtures/README.md says how).

import assert from "assert";
import fc from "fast-check";
import {
  AdditiveAttention,
  analyzeEinsum,
  Attention,
  compareFrameworks,
  configOf,
  countWeights,
  Dense,
  EinsumDense,
  findKind,
  fromKerasJson,
  GroupedQueryAttention,
  IncompatibleShapeError,
  Input,
  type Layer,
  layerFromConfig,
  LayerNormalization,
  MultiHeadAttention,
  Sequential,
  type Shape,
} from "../mod.ts";
import { toTfjs } from "../lib/tfjs.ts";
import { replaySeed } from "./_support.ts";

const SEED = replaySeed("attention_test");

const FIXTURES = new URL("./fixtures/", import.meta.url);
const fixture = (name: string) => Deno.readTextFileSync(new URL(name, FIXTURES));

type Named = { name: string; shape: readonly number[] };
const shapes = (layer: { weights(): readonly Named[] }) =>
  layer.weights().map((w) => [w.name, [...w.shape]]);

// ---------------------------------------------------------------------------------------------
// EinsumDense

// Each row: keras.layers.EinsumDense(equation, output_shape=…, bias_axes=…).build(input), then
// [w.shape for w in layer.weights], layer.compute_output_shape(input).
const EINSUM_CASES: {
  equation: string;
  output: number | (number | null)[];
  bias: string | null;
  input: Shape;
  kernel: number[];
  biasShape?: number[];
  out: Shape;
}[] = [
  {
    equation: "ab,bc->ac",
    output: 64,
    bias: "c",
    input: [null, 32],
    kernel: [32, 64],
    biasShape: [64],
    out: [null, 64],
  },
  {
    equation: "ab,bc->ac",
    output: 64,
    bias: null,
    input: [null, 32],
    kernel: [32, 64],
    out: [null, 64],
  },
  {
    equation: "abc,cd->abd",
    output: [null, 64],
    bias: "d",
    input: [null, 10, 32],
    kernel: [32, 64],
    biasShape: [64],
    out: [null, null, 64],
  },
  {
    equation: "abc,cde->abde",
    output: [null, 4, 16],
    bias: "de",
    input: [null, 10, 64],
    kernel: [64, 4, 16],
    biasShape: [4, 16],
    out: [null, null, 4, 16],
  },
  {
    equation: "abc,cde->abde",
    output: [null, 4, 16],
    bias: "d",
    input: [null, 10, 64],
    kernel: [64, 4, 16],
    biasShape: [4, 1],
    out: [null, null, 4, 16],
  },
  {
    equation: "abcd,cde->abe",
    output: [null, 64],
    bias: "e",
    input: [null, 10, 4, 16],
    kernel: [4, 16, 64],
    biasShape: [64],
    out: [null, null, 64],
  },
  // Keras inserts the elided axes at position 1 one by one, so they come out reversed.
  {
    equation: "...b,bc->...c",
    output: 8,
    bias: "c",
    input: [null, 5, 7, 16],
    kernel: [16, 8],
    biasShape: [8],
    out: [null, 7, 5, 8],
  },
  {
    equation: "...b,bc->...c",
    output: 8,
    bias: "c",
    input: [null, 16],
    kernel: [16, 8],
    biasShape: [8],
    out: [null, 8],
  },
  {
    equation: "ab...,bc->ac...",
    output: 8,
    bias: "c",
    input: [null, 16, 5, 7],
    kernel: [16, 8],
    biasShape: [8, 1, 1],
    out: [null, 8, 5, 7],
  },
];

Deno.test("EinsumDense's kernel, bias and output shapes are Keras's for every equation form", () => {
  for (const c of EINSUM_CASES) {
    const layer = new EinsumDense(c.equation, { outputShape: c.output, biasAxes: c.bias });
    layer.build(c.input);
    const expected = [["kernel", c.kernel], ...(c.biasShape ? [["bias", c.biasShape]] : [])];
    assert.deepEqual(shapes(layer), expected, c.equation);
    assert.deepEqual(layer.outputShape(), c.out, c.equation);
    const analysis = analyzeEinsum(
      c.equation,
      c.bias,
      c.input,
      typeof c.output === "number" ? [c.output] : c.output,
    );
    assert.deepEqual(analysis.outputShape, c.out);
  }
});

Deno.test("EinsumDense refuses an equation Keras cannot parse, naming it", () => {
  assert.throws(() => new EinsumDense("ab->b", { outputShape: 4 }), {
    name: "TypeError",
    message: /Invalid equation for EinsumDense: expected the form "ab,bc->ac".*"ab->b"/,
  });
  assert.throws(() => new EinsumDense("ab,bc->ad", { outputShape: 4 }), /dimension 'd'/);
  assert.throws(() => new EinsumDense("ab,bcx->ac", { outputShape: 4 }), /kernel dimension 'x'/);
  assert.throws(
    () => new EinsumDense("ab,bc->ac", { outputShape: 4, biasAxes: "z" }),
    /Invalid biasAxes for EinsumDense: bias dimension 'z'/,
  );
  assert.throws(
    () => new EinsumDense("abc,cd->abd", { outputShape: 4 }),
    /outputShape needs 2 sizes/,
  );
});

Deno.test("EinsumDense refuses an input whose rank does not fit the equation", () => {
  const layer = new EinsumDense("ab,bc->ac", { outputShape: 4 });
  assert.throws(() => layer.build([null, 10, 32]), IncompatibleShapeError);
  assert.throws(
    () => new EinsumDense("abc,cd->abd", { outputShape: [5, 4] }).build([null, 10, 32]),
    /do not match at shared dimension 'b'. Input shape is 10, and output shape is 5/,
  );
  assert.throws(
    () => new EinsumDense("abc,cd->abd", { outputShape: [null, 4] }).build([null, 10, null]),
    /cannot create its kernel/,
  );
});

// ---------------------------------------------------------------------------------------------
// MultiHeadAttention

Deno.test("MultiHeadAttention with 4 heads of 16 on 64 features has 16,640 parameters, as Keras builds them", () => {
  // q = keras.Input((10, 64)); mha = MultiHeadAttention(num_heads=4, key_dim=16); mha(q, q)
  // [(w.path, w.shape) for w in mha.weights]
  const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 16, inputShape: [10, 64] });
  assert.deepEqual(shapes(mha), [
    ["query/kernel", [64, 4, 16]],
    ["query/bias", [4, 16]],
    ["key/kernel", [64, 4, 16]],
    ["key/bias", [4, 16]],
    ["value/kernel", [64, 4, 16]],
    ["value/bias", [4, 16]],
    ["attention_output/kernel", [4, 16, 64]],
    ["attention_output/bias", [64]],
  ]);
  assert.equal(mha.paramCount(), 16_640);
  assert.equal(mha.trainableParamCount(), 16_640);
  assert.deepEqual(mha.outputShape(), [null, 10, 64]);
  assert.deepEqual(mha.innerLayers().map((l) => [l.name, l.className]), [
    ["query", "EinsumDense"],
    ["key", "EinsumDense"],
    ["value", "EinsumDense"],
    ["attention_output", "EinsumDense"],
  ]);
});

Deno.test("MultiHeadAttention takes query, value and key of different widths", () => {
  // MultiHeadAttention(num_heads=2, key_dim=8, value_dim=12)
  //   .build((None, 10, 32), (None, 20, 48), (None, 20, 24)): count_params() 2904
  const mha = new MultiHeadAttention(2, { keyDim: 8, valueDim: 12 });
  mha.build([null, 10, 32], [null, 20, 48], [null, 20, 24]);
  assert.deepEqual(shapes(mha), [
    ["query/kernel", [32, 2, 8]],
    ["query/bias", [2, 8]],
    ["key/kernel", [24, 2, 8]],
    ["key/bias", [2, 8]],
    ["value/kernel", [48, 2, 12]],
    ["value/bias", [2, 12]],
    ["attention_output/kernel", [2, 12, 32]],
    ["attention_output/bias", [32]],
  ]);
  assert.equal(mha.paramCount(), 2904);
  assert.deepEqual(mha.outputShape(), [null, 10, 32]);
  assert.deepEqual(mha.attentionInputs(), {
    query: [null, 10, 32],
    value: [null, 20, 48],
    key: [null, 20, 24],
  });
});

Deno.test("MultiHeadAttention's options change its weights as in Keras", () => {
  const self = (layer: MultiHeadAttention, shape: Shape = [null, 10, 64]) => layer.build(shape);
  // use_bias=False: 16384; output_shape=100: 18980, (None, 10, 100);
  // output_shape=(5, 20): 18980, (None, 10, 5, 20), attention_output kernel (4, 16, 5, 20);
  // use_gate=True: 20800; num_heads=8, key_dim=64 on (None, None, 512): 1050624;
  // attention_axes=(1, 2) on (None, 5, 6, 32) with 2 heads of 4: 1080.
  assert.equal(self(new MultiHeadAttention(4, { keyDim: 16, useBias: false })).paramCount(), 16384);
  const wide = self(new MultiHeadAttention(4, { keyDim: 16, outputShape: 100 }));
  assert.equal(wide.paramCount(), 18980);
  assert.deepEqual(wide.outputShape(), [null, 10, 100]);
  const tuple = self(new MultiHeadAttention(4, { keyDim: 16, outputShape: [5, 20] }));
  assert.deepEqual(tuple.outputShape(), [null, 10, 5, 20]);
  assert.deepEqual(tuple.weights().at(-2)!.shape, [4, 16, 5, 20]);
  assert.deepEqual(tuple.weights().at(-1)!.shape, [5, 20]);
  const gated = self(new MultiHeadAttention(4, { keyDim: 16, useGate: true }));
  assert.equal(gated.paramCount(), 20800);
  assert.deepEqual(gated.innerLayers().map((l) => l.name), [
    "query",
    "key",
    "gate",
    "value",
    "attention_output",
  ]);
  const big = self(new MultiHeadAttention(8, { keyDim: 64 }), [null, null, 512]);
  assert.equal(big.paramCount(), 1_050_624);
  assert.deepEqual(big.outputShape(), [null, null, 512]);
  const image = self(new MultiHeadAttention(2, { keyDim: 4, attentionAxes: [1, 2] }), [
    null,
    5,
    6,
    32,
  ]);
  assert.equal(image.paramCount(), 1080);
  assert.deepEqual(image.outputShape(), [null, 5, 6, 32]);
});

Deno.test("MultiHeadAttention's count does not depend on the sequence length", () => {
  for (const steps of [1, 10, 4096, null]) {
    const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 16, inputShape: [steps, 64] });
    assert.equal(mha.paramCount(), 16_640);
  }
});

Deno.test("MultiHeadAttention refuses inputs Keras refuses, naming the layer and the shapes", () => {
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4, name: "mha" });
  assert.throws(() => mha.build([null, 64]), {
    name: "IncompatibleShapeError",
    message: /Input 0 of layer "mha" is incompatible with the layer: expected min_ndim=3/,
  });
  assert.throws(
    () => mha.build([null, 10, 8], [null, 20, 8], [null, 21, 8]),
    /All dimensions of `value` and `key`, except the last one, must be equal/i,
  );
  assert.throws(
    () => new MultiHeadAttention(2, { keyDim: 4, attentionAxes: 3 }).build([null, 5, 6, 8]),
    /Invalid attentionAxes for layer "multi_head_attention": axis 3/,
  );
  assert.throws(() => new MultiHeadAttention({ numHeads: 0, keyDim: 4 }), {
    name: "RangeError",
    message: /Invalid numHeads for MultiHeadAttention: expected a positive integer, received 0/,
  });
  assert.throws(
    () => new MultiHeadAttention({ num_heads: 2, keyDim: 4 } as never),
    /"num_heads" is Keras's Python name; here it is numHeads/,
  );
});

Deno.test("an attention layer built once refuses to be built again for other inputs", () => {
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4, name: "mha" });
  mha.build([null, 10, 8], [null, 20, 8]);
  assert.equal(mha.build([null, 10, 8], [null, 20, 8]), mha);
  assert.throws(
    () => mha.build([null, 10, 8]),
    /already built for query \(None, 10, 8\), value \(None, 20, 8\)/,
  );
});

Deno.test("MultiHeadAttention in a Sequential model is self-attention", () => {
  const model = new Sequential([
    new Input({ shape: [10, 64] }),
    new MultiHeadAttention({ numHeads: 4, keyDim: 16 }),
    new Dense(8),
  ]);
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [16_640, 520]);
  assert.equal(model.layers[0].name, "multi_head_attention");
});

Deno.test("MultiHeadAttention explains each projection, each head, and why the length does not enter", () => {
  const e = new MultiHeadAttention({ numHeads: 4, keyDim: 16, inputShape: [10, 64] }).explain();
  assert.equal(e.paramCount, 16_640);
  assert.equal(
    e.symbolic,
    "n × h × d_k + h × d_k + n × h × d_k + h × d_k + n × h × d_v + h × d_v + h × d_v × n + n",
  );
  assert.equal(
    e.numeric,
    "64 × 4 × 16 + 4 × 16 + 64 × 4 × 16 + 4 × 16 + 64 × 4 × 16 + 4 × 16 + 4 × 16 × 64 + 64 = 16640",
  );
  assert.deepEqual(e.variables.map((v) => [v.symbol, v.value]), [
    ["n", 64],
    ["h", 4],
    ["d_k", 16],
    ["d_v", 16],
  ]);
  const why = e.why.join("\n");
  assert.match(
    why,
    /query: 64·\(4·16\) \+ 4·16 = 4,160; key: 64·\(4·16\) \+ 4·16 = 4,160; value: 64·\(4·16\) \+ 4·16 = 4,160; attention_output: \(4·16\)·64 \+ 64 = 4,160; total 4 × 4,160 = 16,640/,
  );
  assert.match(why, /each of the 4 heads owns its own slice .* 3,120 parameters/);
  assert.match(why, /never on the sequence length \(10 here\)/);
});

// ---------------------------------------------------------------------------------------------
// GroupedQueryAttention, Attention, AdditiveAttention

Deno.test("GroupedQueryAttention shares fewer key and value heads, as Keras builds it", () => {
  // GroupQueryAttention(head_dim=16, num_query_heads=8, num_key_value_heads=2)
  //   .build((None, 10, 64), (None, 12, 64)): count_params() 20736
  const gqa = new GroupedQueryAttention(16, { numQueryHeads: 8, numKeyValueHeads: 2 });
  gqa.build([null, 10, 64], [null, 12, 64]);
  assert.deepEqual(shapes(gqa), [
    ["query/kernel", [64, 8, 16]],
    ["query/bias", [8, 16]],
    ["key/kernel", [64, 2, 16]],
    ["key/bias", [2, 16]],
    ["value/kernel", [64, 2, 16]],
    ["value/bias", [2, 16]],
    ["attention_output/kernel", [8, 16, 64]],
    ["attention_output/bias", [64]],
  ]);
  assert.equal(gqa.paramCount(), 20736);
  assert.deepEqual(gqa.outputShape(), [null, 10, 64]);
  // use_bias=False: 20480. head_dim=8, 4 and 4 heads, use_gate=True, key width 48: 5792.
  const noBias = new GroupedQueryAttention(16, {
    numQueryHeads: 8,
    numKeyValueHeads: 2,
    useBias: false,
  });
  assert.equal(noBias.build([null, 10, 64]).paramCount(), 20480);
  const gated = new GroupedQueryAttention(8, {
    numQueryHeads: 4,
    numKeyValueHeads: 4,
    useGate: true,
  });
  assert.equal(gated.build([null, 10, 32], [null, 12, 32], [null, 12, 48]).paramCount(), 5792);
  assert.equal(findKind("GroupQueryAttention"), GroupedQueryAttention.kind);
  assert.throws(
    () => new GroupedQueryAttention(8, { numQueryHeads: 4, numKeyValueHeads: 3 }),
    /numQueryHeads must be divisible by numKeyValueHeads, received numQueryHeads 4 and numKeyValueHeads 3/,
  );
  assert.throws(
    () =>
      new GroupedQueryAttention(8, { numQueryHeads: 4, numKeyValueHeads: 2 }).build(
        [null, 10, 32],
        [null, 10, 16],
      ),
    /last dimension of `query_shape` and `value_shape` must be equal, but are 32, 16/,
  );
});

Deno.test("Attention has at most two scalars and AdditiveAttention a scale per query feature", () => {
  const q: Shape = [null, 10, 16];
  const v: Shape = [null, 20, 16];
  // Attention(): 0; use_scale=True: 1 ("scale", ()); score_mode="concat": +1 "concat_score_weight"
  assert.equal(new Attention().build(q, v).paramCount(), 0);
  assert.deepEqual(shapes(new Attention({ useScale: true }).build(q, v)), [["scale", []]]);
  assert.deepEqual(shapes(new Attention({ useScale: true, scoreMode: "concat" }).build(q, v, v)), [
    ["scale", []],
    ["concat_score_weight", []],
  ]);
  assert.equal(new Attention({ scoreMode: "concat" }).build(q, v).paramCount(), 1);
  // Output: query's shape with the value's width: [(None, 10, 16), (None, 20, 24), (None, 20, 16)]
  assert.deepEqual(new Attention().build(q, [null, 20, 24], v).outputShape(), [null, 10, 24]);
  // AdditiveAttention(): ("scale", (16,)); use_scale=False: 0
  assert.deepEqual(shapes(new AdditiveAttention().build(q, v)), [["scale", [16]]]);
  assert.equal(new AdditiveAttention({ useScale: false }).build(q, v).paramCount(), 0);
  assert.throws(
    () => new Attention({ scoreMode: "add" as never }),
    /Invalid scoreMode for Attention: expected one of "dot".*"concat".*received "add"/,
  );
});

Deno.test("attention layers without weights say why nothing is learned", () => {
  const e = new Attention({ inputShape: [10, 16] }).explain();
  assert.equal(e.paramCount, 0);
  assert.match(e.why.join(" "), /nothing is learned/);
  const scale = new AdditiveAttention({ inputShape: [10, 16] }).explain();
  assert.equal(scale.symbolic, "n");
  assert.match(scale.why.join(" "), /one learned weight per feature of the query \(16\)/);
});

// ---------------------------------------------------------------------------------------------
// Keras JSON, the one config format, TF.js

Deno.test("Keras 3's EinsumDense layers read from JSON print Keras's own summary", () => {
  const model = fromKerasJson(fixture("keras3_einsum_dense.json"));
  // model.summary(line_length=76) in Keras 3.15.1, the model the fixture was written from.
  assert.equal(
    String(model.summary()),
    `Model: "sequential_4"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃       Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩
│ embedding (Embedding)           │ (None, 10, 64)         │        64,000 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ einsum_dense (EinsumDense)      │ (None, None, 4, 16)    │         4,160 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ einsum_dense_1 (EinsumDense)    │ (None, None, 64)       │         4,160 │
├─────────────────────────────────┼────────────────────────┼───────────────┤
│ einsum_dense_2 (EinsumDense)    │ (None, None, 8)        │           512 │
└─────────────────────────────────┴────────────────────────┴───────────────┘
 Total params: 72,832 (284.50 KB)
 Trainable params: 72,832 (284.50 KB)
 Non-trainable params: 0 (0.00 B)`,
  );
  assert.equal(model.layers[0].config.maskZero, true);
  assert.equal(model.layers[3].config.activation, "relu");
});

Deno.test("Keras 3's attention layers read from JSON count as Keras counts them", () => {
  // The four layers called as self-attention in a Keras functional model print 16,640, 20,736,
  // 2 and 64; the fixture holds their own serializations (see tests/fixtures/README.md).
  const model = fromKerasJson(fixture("keras3_attention_self.json"));
  assert.deepEqual(model.layers.map((l) => [l.className, l.paramCount()]), [
    ["MultiHeadAttention", 16_640],
    ["GroupedQueryAttention", 20_736],
    ["Attention", 2],
    ["AdditiveAttention", 64],
  ]);
  assert.equal(model.paramCount(), 37_442);
  assert.deepEqual(model.outputShape(), [null, 10, 64]);
  assert.equal(model.layers[0].config.dropout, 0.1);
});

Deno.test("an unknown MultiHeadAttention key in JSON is refused rather than counted", () => {
  // Still refused now that Dense, EinsumDense and Embedding read lora_rank: Keras 3.15.1's
  // MultiHeadAttention takes none ("Unrecognized keyword arguments ... {'lora_rank': 4}"); its
  // LoRA is enabled on its EinsumDense sublayers (`query_dense.enable_lora(rank)`).
  const json = JSON.parse(fixture("keras3_attention_self.json"));
  json.config.layers[1].config.lora_rank = 4;
  assert.throws(() => fromKerasJson(json), /Unsupported option "lora_rank": MultiHeadAttention/);
});

Deno.test("the attention kinds go through the one config format and back", () => {
  const cases = [
    new MultiHeadAttention({ numHeads: 4, keyDim: 16, valueDim: 8, outputShape: [5, 20] }),
    new GroupedQueryAttention(16, { numQueryHeads: 8, numKeyValueHeads: 2, useGate: true }),
    new EinsumDense("abc,cde->abde", { outputShape: [null, 4, 16], biasAxes: "de" }),
    new Attention({ useScale: true, scoreMode: "concat" }),
    new AdditiveAttention({ useScale: false }),
  ];
  for (const layer of cases) {
    const again = layerFromConfig(configOf(layer)).build([null, 10, 64]);
    assert.equal(again.paramCount(), layer.build([null, 10, 64]).paramCount(), layer.className);
  }
});

Deno.test("TF.js has no attention layers, and toTfjs says so", () => {
  const model = new Sequential([
    new Input({ shape: [10, 64] }),
    new MultiHeadAttention(4, { keyDim: 16 }),
  ]);
  assert.throws(
    () => toTfjs(model),
    /"multi_head_attention" \(MultiHeadAttention\) has no TensorFlow.js equivalent/,
  );
  const einsum = new Sequential([
    new Input({ shape: [8] }),
    new EinsumDense("ab,bc->ac", { outputShape: 4 }),
  ]);
  assert.throws(() => toTfjs(einsum), /TensorFlow.js has no EinsumDense layer/);
});

Deno.test("a frozen MultiHeadAttention freezes its projections only when set after creation, as in Keras 3", () => {
  // MultiHeadAttention(4, 16, trainable=False) called on (None, 10, 64) in a functional model:
  // Keras 3.15.1's summary says "Trainable params: 16,640" (the projections, created in build,
  // stay trainable); setting mha.trainable = False afterwards prints "Trainable params: 0".
  const created = new MultiHeadAttention(4, { keyDim: 16, trainable: false, inputShape: [10, 64] });
  // The model's totals count weight by weight; Keras's own row for the frozen layer lists no
  // trainable weights (layer.trainable_weights is empty for a layer that is not trainable).
  assert.equal(countWeights([created]).trainable, 16_640);
  assert.equal(created.trainableParamCount(), 0);
  const set = new MultiHeadAttention(4, { keyDim: 16, inputShape: [10, 64] });
  set.paramCount();
  set.trainable = false;
  assert.equal(set.trainableParamCount(), 0);
  assert.equal(set.nonTrainableParamCount(), 16_640);
});

// ---------------------------------------------------------------------------------------------
// Beside real PyTorch: tests/fixtures/torch_attention.json is what torch 2.13 records for its
// attention modules (tools/torch_attention.py writes it).

const torch = JSON.parse(fixture("torch_attention.json")) as {
  modules: Record<string, { count: number; params: { name: string; shape: number[] }[] }>;
};
const torchCount = (module: string) => torch.modules[module].count;
const total = (layers: readonly Layer[]) => layers.reduce((sum, l) => sum + l.paramCount(), 0);

Deno.test("Keras's MultiHeadAttention and torch's MultiheadAttention hold as many parameters at equal widths", () => {
  const self = (args: { useBias?: boolean } = {}) =>
    new MultiHeadAttention(4, { keyDim: 16, ...args }).build([null, 10, 64]).paramCount();
  assert.equal(self(), torchCount("MultiheadAttention(64, 4)"));
  assert.equal(self(), 16_640);
  assert.equal(self({ useBias: false }), torchCount("MultiheadAttention(64, 4, bias=False)"));
  // torch's kdim and vdim are Keras's key and value widths.
  const cross = new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64], [null, 12, 48], [
    null,
    12,
    24,
  ]);
  assert.equal(cross.paramCount(), torchCount("MultiheadAttention(64, 4, kdim=24, vdim=48)"));
  // add_bias_kv appends a learned key and value (2 × 64) that Keras has no option for: refused.
  assert.equal(torchCount("MultiheadAttention(64, 4, add_bias_kv=True)") - self(), 2 * 64);
  assert.throws(
    () => new MultiHeadAttention(4, { keyDim: 16, addBiasKv: true } as never),
    /Unknown option "addBiasKv" for MultiHeadAttention/,
  );
});

Deno.test("the layers of a Transformer encoder and decoder block count as torch's layers do", () => {
  // Post-norm, as torch's default: attention, add, LayerNorm, Dense(128) relu, Dense(64), add,
  // LayerNorm. The additions hold no parameters.
  const encoder = new Sequential([
    new Input({ shape: [10, 64] }),
    new MultiHeadAttention(4, { keyDim: 16 }),
    new LayerNormalization(),
    new Dense(128, { activation: "relu" }),
    new Dense(64),
    new LayerNormalization(),
  ]);
  assert.equal(encoder.paramCount(), torchCount("TransformerEncoderLayer(64, 4, 128)"));
  assert.equal(encoder.paramCount(), 33_472);
  const decoder = [
    new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64]),
    new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64], [null, 12, 64]),
    ...[0, 1, 2].map(() => new LayerNormalization().build([null, 10, 64])),
    new Dense(128).build([null, 10, 64]),
    new Dense(64).build([null, 10, 128]),
  ];
  assert.equal(total(decoder), torchCount("TransformerDecoderLayer(64, 4, 128)"));
});

const torchParams = (module: string) =>
  torch.modules[module].params.map((p) => [p.name, p.shape] as [string, number[]]);
const counterpartParams = (layer: Layer) =>
  compareFrameworks(layer).pytorch?.weights.map((w) => [w.name, [...w.shape]]);

Deno.test("MultiHeadAttention's PyTorch counterpart is torch.nn.MultiheadAttention, with torch's own parameter names and shapes", () => {
  const self = new MultiHeadAttention(4, { keyDim: 16, inputShape: [10, 64] });
  const c = compareFrameworks(self);
  assert.equal(c.pytorch?.module, "torch.nn.MultiheadAttention(64, 4, batch_first=True)");
  assert.deepEqual(counterpartParams(self), torchParams("MultiheadAttention(64, 4)"));
  assert.equal(c.pytorch?.paramCount, torchCount("MultiheadAttention(64, 4)"));
  assert.equal(c.difference, 0);
  assert.match(c.why.join(" "), /embed_dim \/ num_heads = 64 \/ 4 = 16/);
  assert.match(c.why.join(" "), /add_bias_kv=True would add .* 2 × 64 = 128/);

  const noBias = new MultiHeadAttention(4, { keyDim: 16, useBias: false, inputShape: [10, 64] });
  assert.equal(
    compareFrameworks(noBias).pytorch?.module,
    "torch.nn.MultiheadAttention(64, 4, bias=False, batch_first=True)",
  );
  assert.deepEqual(counterpartParams(noBias), torchParams("MultiheadAttention(64, 4, bias=False)"));

  // Cross-attention: a 48-wide value and a 24-wide key are torch's vdim and kdim.
  const cross = new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64], [null, 12, 48], [
    null,
    12,
    24,
  ]);
  const crossed = compareFrameworks(cross);
  assert.equal(
    crossed.pytorch?.module,
    "torch.nn.MultiheadAttention(64, 4, kdim=24, vdim=48, batch_first=True)",
  );
  assert.deepEqual(
    counterpartParams(cross),
    torchParams("MultiheadAttention(64, 4, kdim=24, vdim=48)"),
  );
  assert.equal(crossed.difference, 0);
  assert.match(crossed.why.join(" "), /kdim=24 and vdim=48/);
});

Deno.test("a MultiHeadAttention whose heads torch cannot hold says plainly that no torch module matches, and why", () => {
  // keyDim 32 × 4 heads = 128 columns on a 64-wide query: torch's heads are 64 / 4 = 16.
  const wide = compareFrameworks(new MultiHeadAttention(4, { keyDim: 32, inputShape: [10, 64] }));
  assert.equal(wide.pytorch, undefined);
  const why = wide.why.join(" ");
  assert.match(why, /No torch\.nn\.MultiheadAttention matches: torch has no per-head key_dim/);
  assert.match(why, /64 \/ 4 = 16 wide/);
  assert.match(
    why,
    /keyDim 32 × 4 heads projects the query and key .* to 128 columns instead of 64/,
  );
  // The same count written with torch.nn.Linear: three Linear(64, 128) and Linear(128, 64).
  assert.equal(wide.keras.paramCount, 3 * (64 * 128 + 128) + 128 * 64 + 64);
  assert.match(why, /the same 33,216 parameters: query Linear\(64, 128\)/);

  const value = compareFrameworks(
    new MultiHeadAttention(4, { keyDim: 16, valueDim: 8, inputShape: [10, 64] }),
  );
  assert.equal(value.pytorch, undefined);
  assert.match(value.why.join(" "), /no per-head value_dim: valueDim 8 × 4 heads/);

  const uneven = compareFrameworks(new MultiHeadAttention(3, { keyDim: 16, inputShape: [10, 64] }));
  assert.match(uneven.why.join(" "), /64 \/ 3, not a whole number, wide/);

  const out = compareFrameworks(
    new MultiHeadAttention(4, { keyDim: 16, outputShape: 32, inputShape: [10, 64] }),
  );
  assert.match(out.why.join(" "), /torch's output is embed_dim = 64 wide/);

  const gated = compareFrameworks(
    new MultiHeadAttention(4, { keyDim: 16, useGate: true, inputShape: [10, 64] }),
  );
  assert.match(gated.why.join(" "), /torch has no gated attention/);

  const image = compareFrameworks(
    new MultiHeadAttention(4, { keyDim: 16, inputShape: [5, 10, 64] }),
  );
  assert.equal(image.pytorch, undefined);
  assert.match(image.why.join(" "), /attends over one sequence axis/);
  assert.match(image.why.join(" "), /x\.flatten\(1, -2\)/);

  const gqa = compareFrameworks(
    new GroupedQueryAttention({
      headDim: 16,
      numQueryHeads: 8,
      numKeyValueHeads: 2,
      inputShape: [10, 64],
    }),
  );
  assert.equal(gqa.pytorch, undefined);
  assert.match(gqa.why.join(" "), /torch\.nn has no grouped-query attention module/);
  // query 64·128 + 128, key and value 64·32 + 32 each, output 128·64 + 64.
  assert.equal(gqa.keras.paramCount, 64 * 128 + 128 + 2 * (64 * 32 + 32) + 128 * 64 + 64);
  assert.match(gqa.why.join(" "), /key Linear\(64, 32\), value Linear\(64, 32\)/);
});

// ---------------------------------------------------------------------------------------------
// Properties: counts against Keras's construction written out by hand, for random sizes.

const dim = fc.integer({ min: 1, max: 48 });

Deno.test("MultiHeadAttention's count and formula agree with its four projections written out, for random sizes", () => {
  fc.assert(
    fc.property(
      dim,
      dim,
      dim,
      dim,
      dim,
      dim,
      fc.boolean(),
      fc.boolean(),
      (h, dk, dv, nq, nk, nv, bias, gate) => {
        // query nq→h·dk, key nk→h·dk, (gate nq→h·dv,) value nv→h·dv, output h·dv→nq; biases
        // h·dk, h·dk, (h·dv,) h·dv, nq.
        const b = bias ? 1 : 0;
        const expected = nq * h * dk + b * h * dk + nk * h * dk + b * h * dk +
          (gate ? nq * h * dv + b * h * dv : 0) + nv * h * dv + b * h * dv + h * dv * nq + b * nq;
        const mha = new MultiHeadAttention(h, {
          keyDim: dk,
          valueDim: dv,
          useBias: bias,
          useGate: gate,
        });
        mha.build([null, 7, nq], [null, 5, nv], [null, 5, nk]);
        assert.equal(mha.paramCount(), expected);
        const e = mha.explain();
        assert.ok(e.numeric.endsWith(`= ${expected}`), e.numeric);
        assert.ok(e.symbolic.includes("h × d_k"), e.symbolic);
        assert.deepEqual(mha.outputShape(), [null, 7, nq]);
      },
    ),
    { seed: SEED, numRuns: 100 },
  );
});

Deno.test("GroupedQueryAttention's count agrees with its projections written out, for random sizes", () => {
  fc.assert(
    fc.property(
      dim,
      fc.integer({ min: 1, max: 8 }),
      fc.integer({ min: 1, max: 4 }),
      dim,
      fc.boolean(),
      (d, kv, group, n, bias) => {
        const hq = kv * group;
        const b = bias ? 1 : 0;
        const expected = n * hq * d + b * hq * d + 2 * (n * kv * d + b * kv * d) + hq * d * n +
          b * n;
        const gqa = new GroupedQueryAttention(d, {
          numQueryHeads: hq,
          numKeyValueHeads: kv,
          useBias: bias,
        });
        assert.equal(gqa.build([null, 3, n]).paramCount(), expected);
        const e = gqa.explain();
        assert.ok(e.numeric.endsWith(`= ${expected}`), e.numeric);
        assert.ok(e.symbolic.includes("h_q × d"), e.symbolic);
      },
    ),
    { seed: SEED, numRuns: 100 },
  );
});
