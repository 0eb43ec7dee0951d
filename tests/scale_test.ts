// Counts at sizes no framework could allocate: exact up to Number.MAX_SAFE_INTEGER, a RangeError
// that names the layer past it. And `mod.ts` stays light: its module graph holds neither
// TensorFlow.js nor plotly.js. No timing here; bench/ measures speed.

import assert from "assert";
import { Dense, LSTM, Sequential } from "../mod.ts";
import { heavyModules, moduleGraph } from "../bench/import_cost.ts";

// 2^53 − 1 = 6,361 × 1,416,003,655,831: a Dense layer with 6,361 units on 1,416,003,655,830
// features has (features + 1) × units parameters, exactly the largest safe integer.
const LAST_SAFE_UNITS = 6361;
const LAST_SAFE_FEATURES = 1_416_003_655_830;

function isRangeErrorNaming(...parts: string[]): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof RangeError, `expected a RangeError, received ${error}`);
    for (const part of parts) assert.ok(error.message.includes(part), error.message);
    return true;
  };
}

Deno.test("LSTM(100,000) on 100,000 features counts 80,000,400,000 exactly", () => {
  const lstm = new LSTM({ units: 100_000, inputShape: [null, 100_000] });
  assert.equal(lstm.paramCount(), 80_000_400_000);
  assert.equal(lstm.paramCount(), 4 * (1e10 + 1e10 + 1e5));
  assert.deepEqual(
    lstm.weights().map((w) => [w.name, w.shape, w.size]),
    [
      ["kernel", [100_000, 400_000], 40_000_000_000],
      ["recurrent_kernel", [100_000, 400_000], 40_000_000_000],
      ["bias", [400_000], 400_000],
    ],
  );
});

Deno.test("a summary prints the 80,000,400,000 of LSTM(100,000) with every digit", () => {
  const model = new Sequential([new LSTM({ units: 100_000, inputShape: [null, 100_000] })]);
  assert.equal(model.paramCount(), 80_000_400_000);
  // At the default 76 columns the Param # cell is 13 characters wide, and Keras (through rich)
  // cuts a longer count with "…"; a wider table shows it whole.
  assert.match(String(model.summary({ lineLength: 90, consoleWidth: 94 })), /│ +80,000,400,000 │/);
  assert.match(String(model.summary()), /Total params: 80,000,400,000 \(298\.02 GB\)/);
  assert.match(String(model.summary({ style: "keras2" })), /Total params: 80,000,400,000\n/);
});

Deno.test("a count of exactly Number.MAX_SAFE_INTEGER is exact", () => {
  const dense = new Dense({ units: LAST_SAFE_UNITS, inputShape: [LAST_SAFE_FEATURES] });
  assert.equal(dense.paramCount(), Number.MAX_SAFE_INTEGER);
  assert.equal(
    BigInt(dense.paramCount()),
    BigInt(LAST_SAFE_FEATURES) * BigInt(LAST_SAFE_UNITS) + BigInt(LAST_SAFE_UNITS),
  );
});

Deno.test("a Dense one feature past Number.MAX_SAFE_INTEGER parameters throws a RangeError naming it", () => {
  const dense = new Dense({ units: LAST_SAFE_UNITS, inputShape: [LAST_SAFE_FEATURES + 1] });
  assert.throws(
    () => dense.paramCount(),
    isRangeErrorNaming('layer "dense"', "MAX_SAFE_INTEGER", String(Number.MAX_SAFE_INTEGER)),
  );
});

Deno.test("a weight tensor larger than Number.MAX_SAFE_INTEGER throws a RangeError naming the weight and layer", () => {
  // kernel: 50,000,000 × 200,000,000 = 10^16 > 2^53 − 1
  const lstm = new LSTM({ units: 50_000_000, inputShape: [null, 50_000_000], name: "huge" });
  assert.throws(
    () => lstm.paramCount(),
    isRangeErrorNaming('weight "kernel"', 'layer "huge"', "MAX_SAFE_INTEGER"),
  );
});

Deno.test("weights that each fit but add up past Number.MAX_SAFE_INTEGER throw a RangeError", () => {
  // kernel and recurrent kernel are 2^25 × 2^27 = 2^52 each; together 2^53 is not safe.
  const lstm = new LSTM({ units: 2 ** 25, inputShape: [null, 2 ** 25] });
  assert.equal(lstm.units, 33_554_432);
  assert.throws(() => lstm.paramCount(), isRangeErrorNaming('layer "lstm"', "MAX_SAFE_INTEGER"));
});

Deno.test("a model whose layers each fit but whose total does not throws a RangeError naming it", () => {
  const model = new Sequential([
    new Dense({ units: LAST_SAFE_UNITS, inputShape: [LAST_SAFE_FEATURES] }),
    new Dense({ units: 1 }),
  ], { name: "too_big" });
  assert.deepEqual(model.layers.map((l) => l.paramCount()), [
    Number.MAX_SAFE_INTEGER,
    LAST_SAFE_UNITS + 1,
  ]);
  assert.throws(
    () => model.paramCount(),
    isRangeErrorNaming('model "too_big"', "MAX_SAFE_INTEGER"),
  );
  assert.throws(() => model.summary(), RangeError);
});

Deno.test("mod.ts's module graph holds neither TensorFlow.js nor plotly.js", async () => {
  const graph = await moduleGraph("mod.ts");
  assert.ok(graph.specifiers.some((s) => s.endsWith("/mod.ts")), "the graph is mod.ts's");
  assert.ok(
    graph.specifiers.some((s) => s.endsWith("/lib/model/sequential.ts")),
    "the graph is complete",
  );
  assert.deepEqual(heavyModules(graph), []);
});

Deno.test("the module graph check finds TensorFlow.js where it is imported", async () => {
  const graph = await moduleGraph("bench/_tfjs.ts");
  assert.ok(heavyModules(graph).some((s) => s.includes("@tensorflow/tfjs")));
});
