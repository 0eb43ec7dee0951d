// Keras operations in graphs (issue 16, part 3): keras.ops calls on symbolic tensors, as Keras 3
// writes them in a Functional model's JSON and prints them in its summary. Every expected shape
// and count here is real Keras 3.15.1's: the never-drop fixtures (tools/keras_oracle/
// never_drop_fixtures.py) and 656 random calls whose shapes Keras computed
// (tools/keras_oracle/ops_shapes.py, tests/fixtures/keras3_oracle/ops_shapes.json).

import assert from "assert";
import {
  Dense,
  explainSummary,
  fromKerasJson,
  IncompatibleShapeError,
  Input,
  kerasOperationNames,
  Model,
  Operation,
  operationKinds,
  operationShapeFromInputs,
  ops,
  Slice,
  UnknownOperationError,
} from "../mod.ts";
import { neverDropFixture as neverDrop } from "./_never_drop.ts";
import type { Shape } from "../mod.ts";

/** A Functional model read from JSON (the fixtures are all Functional). */
function graphOf(json: unknown): Model {
  const model = fromKerasJson(json as Record<string, unknown>);
  assert.ok(model instanceof Model, "expected a Functional model");
  return model;
}

interface OracleCase {
  readonly op: string;
  readonly inputs: readonly Shape[];
  readonly output: Shape | readonly Shape[];
  readonly layers: readonly Record<string, unknown>[];
  readonly input_layers: unknown;
  readonly output_layers: unknown;
}

interface Oracle {
  seed: number;
  keras_version: string;
  keras_operation_names: string[];
  cases: OracleCase[];
}

const ORACLE: Oracle = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/keras3_oracle/ops_shapes.json", import.meta.url)),
);

// CI has Keras make fresh random calls with a new seed and points PARAMLAB_OPS_ORACLE at them:
// the tests below that read the committed calls read those too.
const FRESH_PATH = Deno.permissions.querySync({ name: "env", variable: "PARAMLAB_OPS_ORACLE" })
    .state === "granted"
  ? Deno.env.get("PARAMLAB_OPS_ORACLE")
  : undefined;
const ORACLES: Oracle[] = [
  ORACLE,
  ...(FRESH_PATH ? [JSON.parse(Deno.readTextFileSync(FRESH_PATH)) as Oracle] : []),
];

/** A graph's JSON with one entry changed. */
function withEntry(
  json: Record<string, unknown>,
  name: string,
  change: (entry: Record<string, unknown>) => Record<string, unknown>,
): Record<string, unknown> {
  const config = json.config as { layers: Record<string, unknown>[] };
  return {
    ...json,
    config: {
      ...config,
      layers: config.layers.map((l) => (l.name === name ? change(l) : l)),
    },
  };
}

Deno.test("ops_graph.json reads as Keras counted it: 138 parameters, 17 operations", () => {
  const fixture = neverDrop("ops_graph");
  const model = graphOf(fixture.json);
  assert.equal(model.paramCount(), 138);
  assert.equal(fixture.total, 138);
  const ops = model.operations.filter((l) => l.isOperation);
  assert.equal(ops.length, 17);
  assert.deepEqual(
    model.layers.map((l) => `${l.name} ${l.paramCount()}`),
    ["tokens 0", "feats 0", "proj 72", "head 66"],
  );
});

Deno.test("ops_graph.json: every operation's output shape is the one Keras recorded", () => {
  const fixture = neverDrop("ops_graph");
  const model = graphOf(fixture.json);
  const byName = new Map(model.operations.map((l) => [l.name, l]));
  const recorded = fixture.operations.filter((o) => o.module.startsWith("keras.src.ops"));
  assert.equal(recorded.length, 17);
  for (const keras of recorded) {
    const ours = byName.get(keras.name);
    assert.ok(ours, `${keras.name} is missing`);
    assert.equal(ours.className, keras.class_name);
    assert.ok(ours.isOperation, `${keras.name} is not marked an operation`);
    assert.equal(ours.paramCount(), keras.params);
    assert.deepEqual(ours.outputShape(), keras.output_shape, keras.name);
  }
});

Deno.test("ops_graph.json's summary is Keras's, byte for byte", () => {
  const fixture = neverDrop("ops_graph");
  const model = graphOf(fixture.json);
  assert.equal(String(model.summary()) + "\n", fixture.summary);
  assert.equal(
    String(model.summary({ lineLength: 120, consoleWidth: 130 })) + "\n",
    fixture.summary_120,
  );
});

Deno.test("explainSummary checks every operation row of ops_graph's printed table", () => {
  const result = explainSummary(neverDrop("ops_graph").summary);
  assert.equal(result.rows.length, 21);
  for (const row of result.rows) {
    assert.ok(row.checked, `${row.name} (${row.className}) not checked: ${row.note}`);
    assert.ok(row.consistent, `${row.name} flagged: ${row.note}`);
  }
  assert.equal(result.rows.reduce((sum, r) => sum + (r.expectedParamCount ?? NaN), 0), 138);
  assert.ok(result.totals.consistent);
  // Every operation row has its shape checked, not only its count: from its inputs, or as a
  // shape some configuration (axes, a key) gives.
  const ops = result.rows.filter((r) =>
    !["InputLayer", "Dense", "Add", "Multiply", "Softmax", "Reshape"].includes(r.className!)
  );
  assert.equal(ops.length, 13);
  for (const row of ops) {
    assert.deepEqual(row.expectedOutputShape, row.outputSingle, row.name);
  }
  assert.deepEqual(ops.find((r) => r.name === "matmul")!.expectedOutputShape, [null, 12, 12]);
});

Deno.test("an operation row whose printed shape no configuration gives has only its count checked", () => {
  const table = neverDrop("ops_graph").summary.replace(
    "│ tile (Tile)         │ (None, 4, 8)      │",
    "│ tile (Tile)         │ (None, 5, 8)      │",
  );
  const row = explainSummary(table).rows.find((r) => r.name === "tile")!;
  assert.deepEqual(row.outputSingle, [null, 5, 8]);
  assert.ok(row.checked && row.countOnly);
  assert.equal(row.expectedOutputShape, null);
});

Deno.test("embedding_mask_zero's printed NotEqual and LogicalOr rows are checked", () => {
  const result = explainSummary(neverDrop("embedding_mask_zero").summary);
  const byName = new Map(result.rows.map((r) => [r.name, r]));
  for (const name of ["not_equal", "not_equal_1", "logical_or"]) {
    const row = byName.get(name)!;
    assert.ok(row.checked && row.consistent, `${name}: ${row.note}`);
    assert.equal(row.expectedParamCount, 0);
    assert.deepEqual(row.expectedOutputShape, [null, 20]);
  }
  assert.ok(result.rows.every((r) => r.checked && r.consistent));
  assert.equal(result.rows.reduce((sum, r) => sum + (r.expectedParamCount ?? NaN), 0), 1567);
  assert.ok(result.totals.consistent);
});

Deno.test("embedding_mask_zero.json reads as Keras counted it: 1,567, the LSTM's mask keyword an edge", () => {
  const fixture = neverDrop("embedding_mask_zero");
  const model = graphOf(fixture.json);
  assert.equal(model.paramCount(), 1567);
  assert.equal(String(model.summary()) + "\n", fixture.summary);
});

Deno.test("embedding_mask_zero.json's masks read as Keras computed them (the LSTM's mask keyword set aside)", () => {
  const fixture = neverDrop("embedding_mask_zero");
  // Reading an LSTM's mask keyword is issue 16 part 1 (branch never-drop); without it the
  // LSTM reads the same input, and every count and operation shape is Keras's.
  const json = withEntry(fixture.json, "lstm", (e) => ({
    ...e,
    inbound_nodes: (e.inbound_nodes as { args: unknown[] }[]).map((node) => ({
      args: node.args,
      kwargs: {},
    })),
  }));
  // The masks then feed nothing: the model outputs the combined mask too, as Keras computed it.
  const config = json.config as Record<string, unknown>;
  const model = graphOf({
    ...json,
    config: { ...config, output_layers: [config.output_layers, ["logical_or", 0, 0]] },
  });
  assert.equal(model.paramCount(), 1567);
  const recorded = fixture.operations.filter((o) => o.module.startsWith("keras.src.ops"));
  assert.deepEqual(recorded.map((o) => o.class_name), ["NotEqual", "NotEqual", "LogicalOr"]);
  for (const keras of recorded) {
    const ours = model.operations.find((l) => l.name === keras.name)!;
    assert.equal(ours.className, keras.class_name);
    assert.deepEqual(ours.outputShape(), keras.output_shape);
  }
});

Deno.test("every operation's shape rule gives what real Keras computed on random calls", () => {
  for (const oracle of ORACLES) shapeRulesAgainst(oracle);
  if (FRESH_PATH) console.log(`fresh calls of seed ${ORACLES[1].seed}: ${ORACLES[1].cases.length}`);
});

function shapeRulesAgainst(oracle: Oracle): void {
  assert.equal(oracle.keras_version, "3.15.1");
  const perOp = new Map<string, number>();
  const failures: string[] = [];
  for (const [i, c] of oracle.cases.entries()) {
    const json = {
      class_name: "Functional",
      config: {
        name: `case_${i}`,
        layers: c.layers,
        input_layers: c.input_layers,
        output_layers: c.output_layers,
      },
    };
    try {
      const model = graphOf(json);
      const out = model.outputs.map((t) => t.shape);
      const keras = Array.isArray(c.output[0]) ? c.output : [c.output];
      if (JSON.stringify(out) !== JSON.stringify(keras)) {
        failures.push(
          `${c.op} on ${JSON.stringify(c.inputs)}: ours ${JSON.stringify(out)}, ` +
            `Keras ${JSON.stringify(c.output)}`,
        );
      }
    } catch (error) {
      failures.push(`${c.op} on ${JSON.stringify(c.inputs)}: ${(error as Error).message}`);
    }
    perOp.set(c.op, (perOp.get(c.op) ?? 0) + 1);
  }
  const label = `seed ${oracle.seed}: ${failures.length} of ${oracle.cases.length}`;
  assert.deepEqual(failures.slice(0, 5), [], label);
  assert.ok(oracle.cases.length >= 400, `only ${oracle.cases.length} cases (seed ${oracle.seed})`);
  // Every declared operation is tried on at least 4 calls.
  for (const kind of operationKinds()) {
    assert.ok((perOp.get(kind.className) ?? 0) >= 4, `${kind.className} has too few cases`);
  }
  assert.ok(operationKinds().length >= 100);
}

Deno.test("the Keras operation names paramlab knows are those Keras 3.15.1 defines", () => {
  assert.deepEqual([...kerasOperationNames()], ORACLE.keras_operation_names);
});

Deno.test("an operation paramlab has no rule for is refused by name in JSON", () => {
  const fixture = neverDrop("ops_graph");
  const json = withEntry(fixture.json, "tile", (e) => ({ ...e, class_name: "Kron" }));
  let e: unknown;
  try {
    fromKerasJson(json);
  } catch (error) {
    e = error;
  }
  assert.ok(e instanceof UnknownOperationError, String(e));
  assert.ok(e instanceof TypeError);
  assert.equal(e.className, "Kron");
  assert.equal(e.module, "keras.src.ops.numpy");
  assert.match(
    e.message,
    /"Kron" \(module "keras\.src\.ops\.numpy"\) is an unknown Keras operation/,
  );
});

Deno.test("a configuration field Keras's operation does not take is refused", () => {
  const fixture = neverDrop("ops_graph");
  const json = withEntry(fixture.json, "mean", (e) => ({
    ...e,
    config: { ...(e.config as object), axes: 1 },
  }));
  assert.throws(() => fromKerasJson(json), /Unsupported configuration "axes" of operation Mean/);
});

Deno.test("a printed row of a Keras operation without a rule is not checked, and says why", () => {
  const table = neverDrop("ops_graph").summary.replace(
    "│ tile (Tile)         │",
    "│ tile (Kron)         │",
  );
  const row = explainSummary(table).rows.find((r) => r.name === "tile")!;
  assert.equal(row.checked, false);
  assert.equal(row.notCheckedReason, "an unknown Keras operation");
});

Deno.test("Operation builds the same graph through the API", () => {
  const tokens = new Input({ shape: [12] });
  const feats = new Input({ shape: [12, 8] });
  const mask = new Operation("NotEqual").call(tokens, 0);
  const cast = new Operation("Cast", { dtype: "float32" }).call(mask);
  const expanded = new Operation("ExpandDims", { axis: -1 }).call(cast);
  const product = new Operation("Multiply").call(feats, expanded);
  const first = new Operation("GetItem").call(product, [new Slice(), 0, new Slice()]);
  const mean = new Operation("Mean", { axis: 1 }).call(product);
  const stacked = new Operation("Stack", { axis: 1 }).call([first, mean]);
  assert.deepEqual(
    [mask, cast, expanded, product, first, mean, stacked].map((t) => t.shape),
    [[null, 12], [null, 12], [null, 12, 1], [null, 12, 8], [null, 8], [null, 8], [null, 2, 8]],
  );
  const model = new Model({ inputs: [tokens, feats], outputs: stacked });
  assert.equal(model.paramCount(), 0);
  assert.equal(model.layers.length, 2);
  assert.equal(model.operations.length, 9);
  const why = mean.node.layer.explain().why.join(" ");
  assert.match(why, /^Mean is a Keras operation \(keras\.src\.ops\.numpy\): the mean over axes\./);
});

Deno.test("an operation of several outputs gives them all, and a graph reads each", () => {
  const x = new Input({ shape: [12, 8] });
  const [a, b] = new Operation("Split", { indices_or_sections: [3], axis: 1 }).callSeveral(x);
  assert.deepEqual([a.shape, b.shape], [[null, 3, 8], [null, 9, 8]]);
  const [values, indices] = new Operation("TopK", { k: 2 }).callSeveral(x);
  assert.deepEqual([values.shape, indices.shape], [[null, 12, 2], [null, 12, 2]]);
  assert.throws(() => new Operation("Unstack", { axis: 1 }).call(x), /callSeveral/);
  const model = new Model({ inputs: x, outputs: [ops.add(a, 1), indices] });
  assert.deepEqual(model.outputs.map((t) => t.shape), [[null, 3, 8], [null, 12, 2]]);
});

Deno.test("Operation refuses what Keras refuses, with typed errors naming the value", () => {
  const x = new Input({ shape: [12, 8] });
  const known = new Input({ batchShape: [4, 12, 8] });
  assert.throws(() => new Operation("Fft2"), UnknownOperationError);
  assert.throws(() => new Operation(null as unknown as string), TypeError);
  assert.throws(() => new Operation("Mean", null as unknown as Record<string, unknown>), TypeError);
  assert.throws(() => new Operation("Reshape"), /needs "newshape"/);
  assert.throws(
    () => new Operation("OneHot", { numClasses: 3 }),
    /"numClasses" of operation OneHot \(Keras names it "num_classes"\)/,
  );
  assert.throws(() => new Operation("Mean", { keepDims: true }), /Keras names it "keepdims"/);
  assert.throws(
    () => new Operation("Reshape", { newshape: [5, 7] }).call(known),
    IncompatibleShapeError,
  );
  // An unknown size takes any reshape, as in Keras.
  assert.deepEqual(new Operation("Reshape", { newshape: [5, 7] }).call(x).shape, [5, 7]);
  assert.throws(
    () => new Operation("Squeeze", { axis: 1 }).call(x),
    /Cannot squeeze axis 1, because the dimension is not 1/,
  );
  assert.throws(() => new Operation("Add").call(x, {}), /Invalid argument of operation/);
  const op = new Operation("Relu");
  op.call(x);
  assert.throws(() => op.call(x), /already called/);
});

/** The shapes of the tensors an operation entry was called on, in order. */
function tensorShapesOf(entry: Record<string, unknown>): Shape[] {
  const shapes: Shape[] = [];
  const walk = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (typeof value === "object" && value !== null) {
      const v = value as { class_name?: string; config?: { shape?: Shape } };
      if (v.class_name === "__keras_tensor__") shapes.push(v.config!.shape!);
    }
  };
  const node = (entry.inbound_nodes as { args: unknown[]; kwargs: object }[])[0];
  walk(node.args);
  walk(Object.values(node.kwargs));
  return shapes;
}

Deno.test("a printed operation row is checked against every shape Keras computed on random calls", () => {
  let checked = 0;
  const misses: string[] = [];
  for (const c of ORACLES.flatMap((oracle) => oracle.cases)) {
    const op = c.layers.filter((l) => l.class_name === c.op).at(-1)!;
    const inputs = tensorShapesOf(op);
    const kind = operationKinds().find((k) => k.className === c.op)!;
    if (!kind.byInputs && !kind.fits) continue;
    const shape = operationShapeFromInputs(c.op, inputs, c.output as Shape);
    checked++;
    if (JSON.stringify(shape) !== JSON.stringify(c.output)) {
      misses.push(`${c.op} on ${JSON.stringify(inputs)}: ${JSON.stringify(shape)}`);
    }
  }
  assert.deepEqual(misses.slice(0, 5), [], `${misses.length} misses`);
  assert.ok(checked >= 350, `only ${checked} cases`);
});

Deno.test("a printed operation shape no configuration gives is not taken", () => {
  const cases: [string, Shape[], Shape][] = [
    ["Transpose", [[null, 12, 8]], [null, 8, 8]],
    ["ExpandDims", [[null, 12]], [null, 12, 2]],
    ["Squeeze", [[null, 1, 32]], [null, 1, 31]],
    ["Mean", [[null, 12, 8]], [null, 12, 2]],
    ["Stack", [[null, 8], [null, 8]], [null, 3, 8]],
    ["Concatenate", [[null, 2], [null, 3]], [null, 6]],
    ["Tile", [[null, 2, 8]], [null, 3, 8]],
    ["Reshape", [[4, 8]], [5, 7]],
    ["NotEqual", [[null, 20]], [null, 21]],
    ["GetItem", [[null, 12, 8]], [null, 13]],
    ["GetItem", [[null, 12, 8]], [null, 12, 8, 8]],
  ];
  for (const [op, inputs, printed] of cases) {
    const shape = operationShapeFromInputs(op, inputs, printed);
    assert.ok(
      shape === undefined || JSON.stringify(shape) !== JSON.stringify(printed),
      `${op} took ${JSON.stringify(printed)}`,
    );
  }
});

Deno.test("ops_graph built through ops.* prints Keras's summary, byte for byte", () => {
  const tokens = new Input({ shape: [12], dtype: "int32", name: "tokens" });
  const feats = new Input({ shape: [12, 8], name: "feats" });
  const mask = ops.notEqual(tokens, 0);
  let m = ops.cast(mask, "float32");
  m = ops.expandDims(m, -1);
  let x = new Dense(8, { name: "proj" }).apply(feats);
  x = ops.multiply(x, m);
  x = ops.add(x, feats);
  x = ops.relu(x);
  const t = ops.transpose(x, [0, 2, 1]);
  let scores = ops.matmul(x, t);
  scores = ops.softmax(scores, { axis: -1 });
  const ctx = ops.matmul(scores, x);
  const first = ops.getItem(ctx, [new Slice(), 0, new Slice()]);
  const pooled = ops.mean(ctx, { axis: 1 });
  const stacked = ops.stack([first, pooled], { axis: 1 });
  const tiled = ops.tile(stacked, [1, 2, 1]);
  const flat = ops.reshape(tiled, [-1, 32]);
  const sq = ops.squeeze(ops.expandDims(flat, 1), { axis: 1 });
  const out = new Dense(2, { name: "head" }).apply(sq);
  const model = new Model({ inputs: [tokens, feats], outputs: out, name: "ops_graph" });
  assert.equal(String(model.summary()) + "\n", neverDrop("ops_graph").summary);
});

Deno.test("ops.* refuses an option Keras's operation does not take, and too many arguments", () => {
  const x = new Input({ shape: [12, 8] });
  assert.throws(() => ops.mean(x, { axes: 1 }), /ops\.mean has no option "axes"/);
  assert.throws(() => ops.mean(x, 1, false, null, 4), /ops\.mean takes x, axis, keepdims/);
  assert.throws(() => ops.mean(x, 1, { axis: 2 }), /got axis twice/);
  assert.deepEqual(ops.mean(x, { keepdims: true }).shape, [1, 1, 1]);
  assert.throws(
    () => ops.notEqual(null, 0),
    /needs a tensor among its arguments, received null, 0/,
  );
  assert.throws(() => ops.relu(), TypeError);
  assert.throws(() => new Operation("Relu").apply(null as never), TypeError);
});
