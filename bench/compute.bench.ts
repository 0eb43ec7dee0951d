// model.macs() against model.paramCount() on ResNet50 (keras.applications, 177 layers): counting
// the compute reads each kind's rule once per call, and must stay within 2× of counting the
// parameters. Both counts are checked against Keras before anything is timed.

import assert from "assert";
import { ResNet50 } from "../mod.ts";

const model = ResNet50({ weights: null });
assert.equal(model.paramCount(), 25_636_712, "ResNet50 has Keras's count");
// Keras 3.15.1 on JAX, traced by tools/keras_oracle/macs_oracle.py.
assert.equal(model.macs(), 3_857_973_248, "ResNet50 has Keras's traced MACs");

Deno.bench({
  group: "ResNet50: compute against parameters",
  name: "model.paramCount()",
  baseline: true,
  fn: () => {
    model.paramCount();
  },
});

Deno.bench({
  group: "ResNet50: compute against parameters",
  name: "model.macs()",
  fn: () => {
    model.macs();
  },
});

// The first count of a model built afresh: macs() counts every call once, then keeps it.
Deno.bench({
  group: "ResNet50 built afresh, then counted once",
  name: "ResNet50() + paramCount()",
  baseline: true,
  fn: () => {
    ResNet50({ weights: null }).paramCount();
  },
});

Deno.bench({
  group: "ResNet50 built afresh, then counted once",
  name: "ResNet50() + macs()",
  fn: () => {
    ResNet50({ weights: null }).macs();
  },
});
