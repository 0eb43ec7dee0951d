// The pooling layers against the output sizes written here from their definition (no weights).
// The differential tests (tfjs_diff_test.ts) check the same against TensorFlow.js.

import assert from "assert";
import { AveragePooling2D, GlobalAveragePooling1D, MaxPooling2D } from "../mod.ts";

Deno.test("pooling layers have no parameters and shrink the spatial axes", () => {
  const pool = new MaxPooling2D({ poolSize: 2, inputShape: [7, 8, 3] });
  assert.equal(pool.paramCount(), 0);
  assert.deepEqual(pool.outputShape(), [null, 3, 4, 3]);
  const same = new AveragePooling2D({ poolSize: 2, padding: "same", inputShape: [7, 8, 3] });
  assert.deepEqual(same.outputShape(), [null, 4, 4, 3]);
  assert.deepEqual(new GlobalAveragePooling1D({ inputShape: [null, 6] }).outputShape(), [null, 6]);
});
