// The wrappers (Bidirectional, TimeDistributed) against formulas written here from the layers'
// definitions, independent of the weight lists in lib/. The differential tests
// (tfjs_diff_test.ts) check the same against TensorFlow.js.

import assert from "assert";
import {
  Bidirectional,
  Conv2D,
  Dense,
  EinsumDense,
  explainSummary,
  LSTM,
  TimeDistributed,
} from "../mod.ts";

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

Deno.test("a printed TimeDistributed around an EinsumDense of another equation is not checked, and says why", () => {
  // Real Keras 3.15.1 (tests/fixtures/keras3_time_distributed_einsum.py).
  const { tables } = JSON.parse(
    Deno.readTextFileSync(
      new URL("./fixtures/keras3_time_distributed_einsum.json", import.meta.url),
    ),
  ) as { tables: Record<string, { table: string; count: number; equation: string }> };
  const rowOf = (name: string) => {
    const result = explainSummary(tables[name].table);
    assert.equal(result.totals.consistent, true, result.totals.note);
    const row = result.rows.find((r) => r.className === "TimeDistributed")!;
    assert.equal(row.paramCount, tables[name].count, name);
    return row;
  };
  // Steps (3, 6) printed by the Dropout above, summed into 5 by "abc,bcd->ad": no layer the
  // reader tries on each step (a Dense, a projecting EinsumDense, a convolution, a pooling, a
  // normalization, an RNN) gives (None, 4, 5) with 95. The wrapped layer is printed nowhere,
  // so the row is not checked, and never flagged.
  const printed = rowOf("steps_printed");
  assert.deepEqual([printed.checked, printed.consistent], [false, true], printed.note);
  assert.match(printed.note ?? "", /those it does not try .* may have almost any count/);
  // The count is one that layer has: Keras's equation, wrapped, gives 95 and (None, 4, 5).
  const step = new EinsumDense(tables.steps_printed.equation, {
    outputShape: [5],
    biasAxes: "d",
  });
  const wrapped = new TimeDistributed(step).build([null, 4, 3, 6]);
  assert.equal(wrapped.paramCount(), tables.steps_printed.count);
  assert.deepEqual(wrapped.outputShape(), [null, 4, 5]);
  // The first row: its steps are printed nowhere, and "abcz,z->abc" of each step gives any
  // count, so no reader can check its 7, and the row says so.
  const nowhere = rowOf("steps_printed_nowhere");
  assert.deepEqual([nowhere.checked, nowhere.consistent], [false, true]);
  assert.equal(nowhere.notCheckedReason, "input printed nowhere, any count fits");
  assert.match(nowhere.note ?? "", /an EinsumDense of each step, on steps with one axis more/);
});
