// The drawings of the weights (lib/explain/drawing.ts, lib/explain/svg.ts). The expected shapes
// and blocks come from Keras 3's own source: lstm.py splits its kernel's columns into i, f, c, o;
// gru.py into z, r, h (with reset_after's bias of shape (2, 3 * units)); MultiHeadAttention's
// query kernel is (features, heads, key_dim) and its output kernel (heads, value_dim, features).

import assert from "assert";
import {
  Add,
  BatchNormalization,
  Bidirectional,
  Conv2D,
  ConvLSTM2D,
  Dense,
  Embedding,
  explanationSvg,
  fromKerasJson,
  GroupedQueryAttention,
  GRU,
  Input,
  JUPYTER_DISPLAY,
  type Layer,
  layerFromConfig,
  layerKinds,
  LSTM,
  Model,
  MultiHeadAttention,
  SeparableConv2D,
  Sequential,
  type SymbolicTensor,
  TimeDistributed,
  weightDrawing,
} from "../mod.ts";

/**
 * Checks that a string is well-formed XML as far as an SVG drawing needs: tags balanced, no
 * attribute twice in one tag, no raw `<` or `&` outside tags and entities. Returns its tags.
 */
function assertWellFormed(svg: string): string[] {
  const stack: string[] = [];
  const names: string[] = [];
  const tag = /<(\/?)([a-zA-Z][\w-]*)((?:\s+[\w:-]+="[^"<]*")*)\s*(\/?)>/y;
  let i = 0;
  while (i < svg.length) {
    if (svg[i] === "<") {
      tag.lastIndex = i;
      const m = tag.exec(svg);
      assert.ok(m, `a malformed tag at ${i}: ${svg.slice(i, i + 80)}`);
      const [whole, closing, name, attributes, selfClosing] = m;
      const keys = [...attributes.matchAll(/([\w:-]+)="/g)].map((a) => a[1]);
      assert.equal(new Set(keys).size, keys.length, `an attribute twice in ${whole}`);
      if (closing) assert.equal(stack.pop(), name, `</${name}> closes another tag`);
      else if (!selfClosing) stack.push(name);
      names.push(name);
      i += whole.length;
    } else if (svg[i] === "&") {
      assert.match(svg.slice(i, i + 8), /^&(amp|lt|gt|quot|#39);/, `a raw & at ${i}`);
      i++;
    } else {
      assert.notEqual(svg[i], ">", `a raw > at ${i}`);
      i++;
    }
  }
  assert.deepEqual(stack, [], "every tag is closed");
  return names;
}

/** The labels of one tensor's bands of a kind, in order. */
function labels(layer: Layer, tensor: string, kind: string): string[] {
  const drawing = weightDrawing(layer.explain());
  const t = drawing.sections.flatMap((s) => s.tensors).find((t) => t.name === tensor);
  assert.ok(t, `${tensor} is drawn`);
  return t.bands.filter((b) => b.kind === kind).map((b) => b.label);
}

function tensor(layer: Layer, name: string) {
  const t = weightDrawing(layer.explain()).sections.flatMap((s) => s.tensors)
    .find((t) => t.name === name);
  assert.ok(t, `${name} is drawn`);
  return t;
}

Deno.test("an LSTM(5) on 13 features draws 13 × 20, 5 × 20 and 20, each in four gate bands", () => {
  const lstm = new LSTM({ units: 5, inputShape: [400, 13] });
  const order = ["input gate", "forget gate", "cell candidate", "output gate"];
  for (
    const [name, rows, columns] of [["kernel", 13, 20], ["recurrent_kernel", 5, 20], [
      "bias",
      1,
      20,
    ]] as const
  ) {
    const t = tensor(lstm, name);
    assert.deepEqual([t.rows, t.columns, t.size], [rows, columns, rows * columns]);
    assert.deepEqual(labels(lstm, name, "gate"), order);
    assert.ok(t.bands.every((b) => b.along === "columns" && b.of === 4));
  }
  const svg = lstm.explain().svg();
  assertWellFormed(svg);
  assert.equal(svg.match(/data-kind="gate"/g)?.length, 12);
  assert.match(svg, /data-name="kernel" data-shape="13,20" data-size="260"/);
});

Deno.test("a GRU with resetAfter draws three gate bands and its bias's two rows", () => {
  const gru = new GRU({ units: 5, inputShape: [400, 13] });
  assert.deepEqual(labels(gru, "kernel", "gate"), ["update gate", "reset gate", "candidate"]);
  const bias = tensor(gru, "bias");
  assert.deepEqual([bias.rows, bias.columns], [2, 15]);
  assert.deepEqual(labels(gru, "bias", "bias row"), ["input bias", "recurrent bias"]);
  assert.deepEqual(labels(gru, "bias", "gate"), ["update gate", "reset gate", "candidate"]);
  const classic = new GRU({ units: 5, resetAfter: false, inputShape: [400, 13] });
  assert.deepEqual(labels(classic, "bias", "bias row"), []);
  assert.equal(tensor(classic, "bias").columns, 15);
});

Deno.test("MultiHeadAttention(4 heads, keyDim 8) draws each projection in four head slices", () => {
  const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8, inputShape: [10, 16] });
  const heads = ["head 1", "head 2", "head 3", "head 4"];
  for (const name of ["query/kernel", "key/kernel", "value/kernel"]) {
    const t = tensor(mha, name);
    assert.deepEqual([t.rows, t.columns], [16, 32], name);
    assert.deepEqual(labels(mha, name, "head"), heads, name);
    assert.ok(t.bands.every((b) => b.along === "columns"), name);
  }
  const output = tensor(mha, "attention_output/kernel");
  assert.deepEqual([output.rows, output.columns], [32, 16]);
  assert.deepEqual(labels(mha, "attention_output/kernel", "head"), heads);
  assert.ok(output.bands.every((b) => b.along === "rows"));
  assert.deepEqual(labels(mha, "query/bias", "head"), heads);
  assert.deepEqual(labels(mha, "attention_output/bias", "head"), []);
  const sections = weightDrawing(mha.explain()).sections.map((s) => s.title);
  assert.deepEqual(sections, ["query", "key", "value", "attention_output"]);
});

Deno.test("grouped-query attention draws its shared key and value heads apart from the query's", () => {
  const gqa = new GroupedQueryAttention({
    headDim: 8,
    numQueryHeads: 4,
    numKeyValueHeads: 2,
    inputShape: [10, 16],
  });
  assert.deepEqual(labels(gqa, "query/kernel", "head"), ["head 1", "head 2", "head 3", "head 4"]);
  assert.deepEqual(labels(gqa, "key/kernel", "head"), ["kv head 1", "kv head 2"]);
  assert.deepEqual(labels(gqa, "value/kernel", "head"), ["kv head 1", "kv head 2"]);
});

Deno.test("convolutions draw window × channels × filters, groups and depthwise channels", () => {
  const grouped = new Conv2D({ filters: 8, kernelSize: 3, groups: 2, inputShape: [28, 28, 4] });
  const kernel = tensor(grouped, "kernel");
  assert.deepEqual([kernel.rows, kernel.columns], [3 * 3 * 2, 8]);
  assert.equal(kernel.rowLabel, "3 × 3 × 2 (kh × kw × c/g)");
  assert.deepEqual(labels(grouped, "kernel", "group"), ["group 1", "group 2"]);
  const plain = new Conv2D({ filters: 8, kernelSize: 3, inputShape: [28, 28, 4] });
  assert.deepEqual(labels(plain, "kernel", "group"), []);

  const separable = new SeparableConv2D({ filters: 8, kernelSize: 3, inputShape: [28, 28, 4] });
  const depthwise = tensor(separable, "depthwise_kernel");
  assert.deepEqual([depthwise.rows, depthwise.columns], [4 * 3 * 3, 1]);
  assert.deepEqual(labels(separable, "depthwise_kernel", "channel"), [
    "channel 1",
    "channel 2",
    "channel 3",
    "channel 4",
  ]);
  const pointwise = tensor(separable, "pointwise_kernel");
  assert.deepEqual([pointwise.rows, pointwise.columns], [4, 8]);
});

Deno.test("a ConvLSTM's kernels show their four gate blocks, numbered as its kind names none", () => {
  const layer = new ConvLSTM2D({ filters: 4, kernelSize: 3, inputShape: [5, 8, 8, 2] });
  const kernel = tensor(layer, "kernel");
  assert.deepEqual([kernel.rows, kernel.columns], [3 * 3 * 2, 4 * 4]);
  for (const name of ["kernel", "recurrent_kernel", "bias"]) {
    assert.deepEqual(labels(layer, name, "gate"), ["gate 1", "gate 2", "gate 3", "gate 4"]);
  }
});

Deno.test("Bidirectional draws two copies, TimeDistributed one shared over time", () => {
  const bi = new Bidirectional({ layer: new LSTM({ units: 5 }), inputShape: [400, 13] });
  const d = weightDrawing(bi.explain());
  assert.equal(d.sections.length, 2);
  assert.match(d.sections[0].title, /^forward_\w+ \(copy 1 of 2, its own weights\)$/);
  assert.match(d.sections[1].title, /^backward_\w+ \(copy 2 of 2, its own weights\)$/);
  for (const s of d.sections) {
    assert.deepEqual(s.tensors.map((t) => t.size), [260, 100, 20]);
    assert.equal(s.tensors[0].bands.filter((b) => b.kind === "gate").length, 4);
  }
  const td = new TimeDistributed({ layer: new Dense({ units: 5 }), inputShape: [400, 13] });
  const shared = weightDrawing(td.explain());
  assert.equal(shared.sections.length, 1);
  assert.equal(shared.note, "one Dense, the same weights at all 400 time steps");
});

Deno.test("frozen weights are hatched and dashed, with a legend", () => {
  const bn = new BatchNormalization({ inputShape: [64] });
  const svg = bn.explain().svg();
  assertWellFormed(svg);
  assert.equal(svg.match(/data-trainable="false"/g)?.length, 2);
  assert.equal(svg.match(/class="frozen"/g)?.length, 2);
  assert.match(svg, /frozen \(non-trainable\)/);
  const frozenDense = new Dense({ units: 5, inputShape: [13], trainable: false });
  assert.equal(frozenDense.explain().svg().match(/class="frozen"/g)?.length, 2);
  assert.doesNotMatch(
    new Dense({ units: 5, inputShape: [13] }).explain().svg(),
    /class="frozen"|non-trainable/,
  );
});

Deno.test("sizes that differ by orders of magnitude are drawn on a log scale, and say so", () => {
  const embedding = new Embedding({ inputDim: 10000, outputDim: 64, inputShape: [10] });
  assert.match(embedding.explain().svg(), /data-log-scale="true"/);
  assert.match(embedding.explain().svg(), /log scale/);
  const dense = new Dense({ units: 5, inputShape: [13] });
  assert.match(dense.explain().svg(), /data-log-scale="false"/);
  assert.doesNotMatch(dense.explain().svg(), /log scale/);
});

Deno.test("a drawing can be written in Chinese: the gates' names, the heading and the legend", () => {
  const lstm = new LSTM({ units: 5, inputShape: [400, 13] });
  const svg = lstm.explain().svg({ lang: "zh" });
  assertWellFormed(svg);
  const shown = [...svg.matchAll(/class="band-label"[^>]*>([^<]*)</g)].map((m) => m[1]);
  assert.deepEqual(shown.slice(0, 4), ["输入门", "遗忘门", "候选值", "输出门"]);
  // The data keeps the English names, so a reader of the DOM finds the same bands.
  assert.equal(svg.match(/data-label="forget gate"/g)?.length, 3);
  assert.match(svg, /lstm（LSTM）：380 个参数/);
  assert.match(svg, />可训练</);
  assert.doesNotMatch(svg, /class="role"/, "the English roles are left out");
  const bn = new BatchNormalization({ inputShape: [64] }).explain().svg({ lang: "zh" });
  assert.match(bn, /冻结（不可训练）/);
  const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8, inputShape: [10, 16] });
  assert.match(mha.explain().svg({ lang: "zh" }), />头 1</);
  const td = new TimeDistributed({ layer: new Dense({ units: 5 }), inputShape: [400, 13] });
  assert.match(td.explain().svg({ lang: "zh" }), /一个 Dense，全部 400 个时间步共用同一套权重/);
  assert.throws(() => lstm.explain().svg({ lang: "fr" as never }), RangeError);
});

Deno.test("a hostile layer name is shown as text, never as markup", () => {
  const name = `<script>alert(1)</script>"'&`;
  for (
    const layer of [
      new LSTM({ units: 5, inputShape: [4, 3], name }),
      new Dense({ units: 2, inputShape: [3], name }),
    ]
  ) {
    const svg = layer.explain().svg();
    const tags = assertWellFormed(svg);
    assert.ok(!tags.includes("script"), "no script element");
    assert.ok(!svg.includes("<script"));
    assert.ok(svg.includes("&lt;script&gt;alert(1)&lt;/script&gt;&quot;&#39;&amp;"));
  }
});

Deno.test("the Jupyter bundle carries the drawing as image/svg+xml, and the HTML shows it", () => {
  const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
  const bundle = e[JUPYTER_DISPLAY]();
  assert.equal(bundle["image/svg+xml"], explanationSvg(e));
  assert.ok(bundle["text/html"].includes(bundle["image/svg+xml"]));
  assert.equal(bundle["text/plain"], String(e));
  const model = new Sequential([
    new LSTM({ units: 5, returnSequences: true, inputShape: [400, 13] }),
    new LSTM({ units: 5 }),
    new Dense({ units: 1 }),
  ]);
  const m = model.explain()[JUPYTER_DISPLAY]();
  assertWellFormed(m["image/svg+xml"]);
  assert.deepEqual(
    [...m["image/svg+xml"].matchAll(/data-class="(\w+)"/g)].map((x) => x[1]),
    ["LSTM", "LSTM", "Dense"],
  );
  assert.match(m["text/plain"], /4 × \(\(5 \+ 5\) × 5 \+ 5\) = 220/);
});

Deno.test("a graph with a merge layer explains and draws layer by layer", () => {
  const x = new Input({ shape: [8] });
  const sum = new Add().apply([
    new Dense({ units: 4 }).apply(x) as SymbolicTensor,
    new Dense({ units: 4 }).apply(x) as SymbolicTensor,
  ]);
  const model = new Model({ inputs: x, outputs: sum as SymbolicTensor });
  const e = model.explain();
  assert.deepEqual(e.layers.map((l) => [l.className, l.paramCount]), [
    ["InputLayer", 0],
    ["Dense", 8 * 4 + 4],
    ["Dense", 8 * 4 + 4],
    ["Add", 0],
  ]);
  const svg = e.svg();
  assertWellFormed(svg);
  assert.deepEqual([...svg.matchAll(/data-class="(\w+)"/g)].map((m) => m[1]), ["Dense", "Dense"]);
});

/** The fixtures that are whole Keras models (`model.to_json()`). */
const MODEL_FIXTURES = [
  "keras2_0_seed000.json",
  "keras2_seed002.json",
  "keras3_activation_noise_preprocessing.json",
  "keras3_attention_self.json",
  "keras3_bidirectional_gru.json",
  "keras3_conv_lstm.json",
  "keras3_conv_lstm1d.json",
  "keras3_conv_lstm3d.json",
  "keras3_einsum_dense.json",
  "keras3_rnn_cells.json",
  "keras3_seed001.json",
];

/** Every layer this test can build: each kind's declared samples and the fixtures' models. */
function everyLayer(): Layer[] {
  const layers: Layer[] = [];
  for (const kind of layerKinds()) {
    for (const sample of kind.samples ?? []) {
      layers.push(layerFromConfig({ className: kind.className, ...sample }));
    }
  }
  const fixtures = new URL("./fixtures/", import.meta.url);
  for (const name of MODEL_FIXTURES) {
    layers.push(...fromKerasJson(Deno.readTextFileSync(new URL(name, fixtures))).layers);
  }
  return layers;
}

Deno.test("every layer with weights draws each of its tensors, well-formed", () => {
  const classes = new Set<string>();
  let drawn = 0;
  for (const layer of everyLayer()) {
    const e = layer.explain();
    if (e.weights.length === 0) continue;
    const svg = e.svg();
    assertWellFormed(svg);
    const shapes = [...svg.matchAll(/class="tensor" data-name="[^"]*" data-shape="([\d,]*)"/g)]
      .map((m) => m[1]);
    assert.deepEqual(shapes, e.weights.map((w) => w.shape.join(",")), layer.className);
    classes.add(layer.className);
    drawn++;
  }
  assert.ok(drawn >= 40, `${drawn} layers drawn`);
  assert.ok(classes.size >= 20, `${classes.size} classes drawn: ${[...classes].join(" ")}`);
});
