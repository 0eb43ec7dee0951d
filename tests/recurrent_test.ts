// The recurrent layers (SimpleRNN, LSTM, GRU) against formulas written here from the layers'
// definitions, independent of the weight lists in lib/. The differential tests
// (tfjs_diff_test.ts) check the same against TensorFlow.js; recurrent_cells_test.ts covers cells.

import assert from "assert";
import { GRU, LSTM, SimpleRNN } from "../mod.ts";

Deno.test("recurrent layers count g × (n·m + m² + m) with g = 1, 4, 3", () => {
  for (const [n, m] of [[1, 1], [13, 5], [650, 20], [3, 128]]) {
    const shape = [7, n];
    assert.equal(new SimpleRNN({ units: m, inputShape: shape }).paramCount(), n * m + m * m + m);
    assert.equal(new LSTM({ units: m, inputShape: shape }).paramCount(), 4 * (n * m + m * m + m));
    assert.equal(
      new GRU({ units: m, resetAfter: false, inputShape: shape }).paramCount(),
      3 * (n * m + m * m + m),
    );
    assert.equal(
      new GRU({ units: m, inputShape: shape }).paramCount(),
      3 * (n * m + m * m + 2 * m),
    );
    assert.equal(
      new LSTM({ units: m, useBias: false, inputShape: shape }).paramCount(),
      4 * (n * m + m * m),
    );
  }
});

Deno.test("the sequence length never changes a recurrent count", () => {
  const counts = [1, 10, 400, null].map((t) =>
    new LSTM({ units: 5, inputShape: [t, 13] }).paramCount()
  );
  assert.deepEqual(counts, [380, 380, 380, 380]);
});

Deno.test("returnSequences keeps the time axis", () => {
  assert.deepEqual(new GRU({ units: 4, returnSequences: true, inputShape: [9, 2] }).outputShape(), [
    null,
    9,
    4,
  ]);
  assert.deepEqual(new GRU({ units: 4, inputShape: [9, 2] }).outputShape(), [null, 4]);
});

Deno.test("a large count is exact: LSTM(100,000) on 100,000 features", () => {
  const lstm = new LSTM({ units: 100_000, inputShape: [null, 100_000] });
  assert.equal(lstm.paramCount(), 4 * (1e10 + 1e10 + 1e5));
  assert.equal(lstm.paramCount(), 80_000_400_000);
});
