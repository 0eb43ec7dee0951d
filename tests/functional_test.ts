// Functional models: graphs, merge layers, nested and shared layers, checked against what real
// Keras 3.15.1 printed and counted for the same graphs (tests/fixtures/keras3_functional, written
// by tools/keras_oracle/functional_fixtures.py).

import assert from "assert";
import {
  Add,
  asLayer,
  Concatenate,
  Dense,
  Dot,
  fromKerasJson,
  Input,
  JUPYTER_DISPLAY,
  LSTM,
  Model,
  Multiply,
  Sequential,
  Subtract,
  type SymbolicTensor,
  TimeDistributed,
} from "../mod.ts";

interface Fixture {
  readonly json: unknown;
  readonly layers: readonly {
    name: string;
    class_name: string;
    params: number;
    output_shape: unknown;
  }[];
  readonly total: number;
  readonly trainable: number;
  readonly non_trainable: number;
  readonly summary: string;
  readonly summary_88: string;
}

const FOLDER = new URL("./fixtures/keras3_functional/", import.meta.url);

function fixtures(): [string, Fixture][] {
  return [...Deno.readDirSync(FOLDER)]
    .filter((e) => e.name.endsWith(".json"))
    .map((e) => e.name)
    .sort()
    .map((name) => [name, JSON.parse(Deno.readTextFileSync(new URL(name, FOLDER)))]);
}

Deno.test("every functional fixture reads back with Keras's layers, counts, shapes and totals", () => {
  const all = fixtures();
  assert.ok(all.length >= 7, `found ${all.length} fixtures`);
  for (const [file, fixture] of all) {
    const model = fromKerasJson(fixture.json as object);
    assert.deepEqual(
      model.layers.map((l) => [l.name, l.className, l.paramCount()]),
      fixture.layers.map((l) => [l.name, l.class_name, l.params]),
      file,
    );
    assert.equal(model.paramCount(), fixture.total, file);
    assert.equal(model.trainableParamCount(), fixture.trainable, file);
    assert.equal(model.nonTrainableParamCount(), fixture.non_trainable, file);
  }
});

Deno.test("every functional fixture's summary is Keras's, byte for byte, at 76 and 88 columns", () => {
  for (const [file, fixture] of fixtures()) {
    const model = fromKerasJson(fixture.json as object);
    assert.equal(String(model.summary()) + "\n", fixture.summary, file);
    assert.equal(String(model.summary({ lineLength: 88 })) + "\n", fixture.summary_88, file);
  }
});

Deno.test("the two-input graph built in TypeScript prints what Keras printed for it", () => {
  const fixture = fixtures().find(([file]) => file === "two_inputs_shared.json")![1];
  const a = new Input({ shape: [32], name: "a" });
  const b = new Input({ shape: [16] });
  const x = new Dense(8).apply(a);
  const y = new Dense(8).apply(b);
  const shared = new Dense(8, { name: "shared" });
  const merged = new Add().apply([shared.apply(x), shared.apply(y)]);
  const joined = new Concatenate().apply([merged, x]);
  const model = new Model({ inputs: [a, b], outputs: new Dense(1).apply(joined) });
  assert.equal(String(model.summary()) + "\n", fixture.summary);
});

Deno.test("a functional model displays in Jupyter as its summary: Keras's text and a table", () => {
  const fixture = fixtures().find(([file]) => file === "two_inputs_shared.json")![1];
  const model = fromKerasJson(fixture.json as object);
  const bundle = model[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"] + "\n", fixture.summary);
  assert.match(bundle["text/html"], /<th[^>]*>Connected to<\/th>/);
});

Deno.test("a shared layer is one set of weights: called twice, counted once", () => {
  const shared = new Dense(4);
  const a = new Input({ shape: [8] });
  const b = new Input({ shape: [8] });
  const model = new Model({
    inputs: [a, b],
    outputs: new Add().apply([shared.apply(a), shared.apply(b)]),
  });
  // 8·4 + 4 once, not twice.
  assert.equal(model.paramCount(), 36);
  assert.deepEqual(model.connectionsOf(shared), ["input_layer[0][0]", "input_layer_1[0][0]"]);
});

Deno.test("one Dense inside two TimeDistributed wrappers is counted once by the model", () => {
  const dense = new Dense(5);
  const model = new Sequential([
    new Input({ shape: [3, 5] }),
    new TimeDistributed(dense),
    new TimeDistributed(dense),
  ]);
  // Each row shows the Dense's 5·5 + 5 = 30; Keras's total counts the one kernel and bias once.
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [30, 30]);
  assert.equal(model.paramCount(), 30);
});

Deno.test("a layer put into a second model keeps the name the first model gave it", () => {
  const dense = new Dense(2);
  const first = new Sequential([new Input({ shape: [3] }), new Dense(2), dense]);
  assert.equal(first.layers[1].name, "dense_1");
  const second = new Sequential([new Input({ shape: [3] }), new Dense(2), new Dense(2)]);
  assert.equal(second.layers[0].name, "dense");
  const x = new Input({ shape: [2] });
  new Model({ inputs: x, outputs: dense.apply(x) });
  assert.equal(first.layers[1].name, "dense_1");
  assert.equal(dense.name, "dense_1");
});

Deno.test("merge layers refuse incompatible shapes with Keras's messages", () => {
  const a = new Input({ shape: [4] });
  const b = new Input({ shape: [5] });
  assert.throws(() => new Add().apply([a, b]), {
    name: "IncompatibleShapeError",
    message: "Inputs have incompatible shapes. Received shapes (4,) and (5,)",
  });
  assert.throws(() => new Subtract().apply([a, a, a]), /exactly 2 inputs/);
  assert.throws(
    () => new Concatenate().apply([new Input({ shape: [3, 4] }), new Input({ shape: [2, 4] })]),
    /requires inputs with matching shapes except for the concatenation axis/,
  );
  assert.throws(() => new Dot({ axes: 1 }).apply([a, b]), /Incompatible input shapes/);
  // Broadcasting as Keras: (4, 3) and (1, 3) multiply to (4, 3).
  assert.deepEqual(
    new Multiply().apply([new Input({ shape: [4, 3] }), new Input({ shape: [1, 3] })]).shape,
    [null, 4, 3],
  );
});

Deno.test("a disconnected graph and a duplicate name are refused as Keras refuses them", () => {
  const a = new Input({ shape: [4] });
  const b = new Input({ shape: [4] });
  const y = new Add().apply([a, b]);
  assert.throws(() => new Model({ inputs: a, outputs: y }), {
    name: "TypeError",
    message: "Output with path `` is not connected to `inputs`",
  });
  const c = new Input({ shape: [4] });
  const twice = new Dense(2, { name: "same" }).apply(c);
  assert.throws(
    () => new Model({ inputs: c, outputs: new Dense(2, { name: "same" }).apply(twice) }),
    /The name "same" is used 2 times in the model/,
  );
});

Deno.test("a model is a layer of another: a Sequential block and a called Model", () => {
  const block = new Sequential([new Dense(8), new Dense(4)], { name: "block" });
  const x = new Input({ shape: [16] });
  const headInput = new Input({ shape: [4] });
  const head = new Model({
    inputs: headInput,
    outputs: new Dense(2).apply(headInput),
    name: "head",
  });
  const y = head.apply(block.apply(x)) as SymbolicTensor;
  const model = new Model({ inputs: x, outputs: y, name: "outer" });
  assert.deepEqual(model.layers.map((l) => [l.name, l.className]).slice(1), [
    ["block", "Sequential"],
    ["head", "Functional"],
  ]);
  // The block's two Dense layers and the head's one, each once.
  assert.equal(model.paramCount(), (16 * 8 + 8) + (8 * 4 + 4) + (4 * 2 + 2));
  assert.equal(asLayer(block).paramCount(), (16 * 8 + 8) + (8 * 4 + 4));
});

Deno.test("a graph 10,000 layers deep maps without overflowing the stack", () => {
  const x = new Input({ shape: [2] });
  let y = x.output;
  for (let i = 0; i < 10_000; i++) y = new Dense(2).apply(y);
  const model = new Model({ inputs: x, outputs: y });
  assert.equal(model.layers.length, 10_001);
  assert.equal(model.paramCount(), 10_000 * (2 * 2 + 2));
});

Deno.test("LSTM stacks built as graphs keep the documents' counts", () => {
  const x = new Input({ shape: [400, 13] });
  const y = new LSTM(5, { returnSequences: true }).apply(x);
  const z = new LSTM(5, { returnSequences: true }).apply(y);
  const model = new Model({ inputs: x, outputs: z });
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [0, 380, 220]);
  assert.equal(model.isSequentialLike, true);
});

Deno.test("showTrainable, expandNested and layerRange draw what Keras 3 drew", () => {
  // Written by tools/keras_oracle/functional_fixtures.py with real Keras 3.15.1.
  const fixture = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/keras3_summary_options.json", import.meta.url)),
  );
  const model = fromKerasJson(fixture.json);
  const cases: [string, Parameters<typeof model.summary>[0]][] = [
    ["show_trainable", { showTrainable: true }],
    ["expand_nested", { expandNested: true }],
    ["layer_range", { layerRange: ["block", "dropout"] }],
    ["both", { expandNested: true, showTrainable: true }],
  ];
  for (const [key, options] of cases) {
    assert.equal(String(model.summary(options)) + "\n", fixture[key], key);
  }
  assert.throws(
    () => model.summary({ layerRange: ["nothing", "add"] }),
    /does not match any layer/,
  );
});
