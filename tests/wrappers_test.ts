// The wrappers (Bidirectional, TimeDistributed) against formulas written here from the layers'
// definitions, independent of the weight lists in lib/. The differential tests
// (tfjs_diff_test.ts) check the same against TensorFlow.js.

import assert from "assert";
import { Bidirectional, Conv2D, Dense, LSTM, TimeDistributed } from "../mod.ts";

Deno.test("Bidirectional doubles the count and merges as asked", () => {
  const count = 2 * 4 * (13 * 5 + 5 * 5 + 5);
  const merged = (mergeMode: "concat" | "sum" | "mul" | "ave" | null) =>
    new Bidirectional({ layer: new LSTM({ units: 5 }), mergeMode, inputShape: [400, 13] });
  assert.equal(merged("concat").paramCount(), count);
  assert.deepEqual(merged("concat").outputShape(), [null, 10]);
  for (const mode of ["sum", "mul", "ave"] as const) {
    assert.deepEqual(merged(mode).outputShape(), [null, 5]);
  }
  assert.deepEqual(merged(null).outputShape(), [[null, 5], [null, 5]]);
  const names = merged("concat").weights().map((w) => w.name);
  assert.deepEqual(names, [
    "forward_lstm/kernel",
    "forward_lstm/recurrent_kernel",
    "forward_lstm/bias",
    "backward_lstm/kernel",
    "backward_lstm/recurrent_kernel",
    "backward_lstm/bias",
  ]);
});

Deno.test("TimeDistributed counts its inner layer once, whatever the sequence length", () => {
  for (const steps of [1, 5, 400]) {
    const td = new TimeDistributed({ layer: new Dense({ units: 650 }), inputShape: [steps, 5] });
    assert.equal(td.paramCount(), 5 * 650 + 650);
    assert.deepEqual(td.outputShape(), [null, steps, 650]);
  }
  const conv = new TimeDistributed({
    layer: new Conv2D({ filters: 8, kernelSize: 3 }),
    inputShape: [10, 32, 32, 3],
  });
  assert.equal(conv.paramCount(), 3 * 3 * 3 * 8 + 8);
  assert.deepEqual(conv.outputShape(), [null, 10, 30, 30, 8]);
});
