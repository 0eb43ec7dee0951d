// Embedding against formulas written here from the layer's definition, independent of the
// weight lists in lib/. The differential tests (tfjs_diff_test.ts) check the same against
// TensorFlow.js.

import assert from "assert";
import { Embedding, LSTM, Sequential } from "../mod.ts";

Deno.test("Embedding counts one vector per token and builds from inputLength", () => {
  const embedding = new Embedding({ inputDim: 10_000, outputDim: 64 });
  assert.deepEqual(embedding.outputShape(), [null, null, 64]);
  assert.equal(embedding.paramCount(), 10_000 * 64);
  const model = new Sequential([
    new Embedding({ inputDim: 100, outputDim: 8, inputLength: 20 }),
    new LSTM({ units: 4 }),
  ]);
  assert.equal(model.paramCount(), 100 * 8 + 4 * (8 * 4 + 4 * 4 + 4));
});
