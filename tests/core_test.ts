// The core layers (Dense) against formulas written here from the layer's definition,
// independent of the weight lists in lib/. The differential tests (tfjs_diff_test.ts) check the
// same against TensorFlow.js.

import assert from "assert";
import { Dense } from "../mod.ts";

Deno.test("Dense applies to the last axis of any rank", () => {
  const dense = new Dense({ units: 7, inputShape: [4, 6, 3] });
  assert.deepEqual(dense.outputShape(), [null, 4, 6, 7]);
  assert.equal(dense.paramCount(), 3 * 7 + 7);
  assert.equal(new Dense({ units: 7, useBias: false, inputShape: [3] }).paramCount(), 21);
});

Deno.test("trainable false moves every weight to non-trainable", () => {
  const dense = new Dense({ units: 5, trainable: false, inputShape: [13] });
  assert.equal(dense.trainableParamCount(), 0);
  assert.equal(dense.nonTrainableParamCount(), 13 * 5 + 5);
});
