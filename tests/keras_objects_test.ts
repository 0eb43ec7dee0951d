// Initializers, regularizers and constraints as a learner types them (lib/layers/keras_objects.ts):
// Keras's names, its serialized objects, TF.js's and TensorFlow 1's forms, and what Keras
// refuses. Keras's own verdicts on each name and class are in never_drop_test.ts.

import assert from "assert";
import { Conv2D, Dense, fromKerasJson, LSTM, regularizers } from "../mod.ts";

Deno.test("a layer takes Keras's names, serialized objects and functions for them", () => {
  const dense = new Dense({
    units: 3,
    inputShape: [4],
    kernelInitializer: "he_normal",
    biasInitializer: { class_name: "Constant", config: { value: 0.1 } },
    kernelRegularizer: regularizers.l1l2(0.01, 0.02),
    kernelConstraint: "max_norm",
    biasConstraint: () => 0,
  });
  assert.equal(dense.paramCount(), 4 * 3 + 3);
  assert.deepEqual(regularizers.l1(), { class_name: "L1", config: { l1: 0.01 } });
  assert.deepEqual(regularizers.l1l2(), { class_name: "L1L2", config: { l1: 0, l2: 0 } });
});

Deno.test("what Keras cannot read is refused, naming the layer kind, the option and the value", () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [
      { kernelInitializer: "glorot_unifrom" },
      /knows no initializer named "glorot_unifrom"; did you mean "glorot_uniform"\?/,
    ],
    [
      { kernelInitializer: "constant" },
      /Constant needs "value", so Keras cannot make it from its name/,
    ],
    [{ kernelInitializer: "initializer" }, /abstract base/],
    [{ kernelRegularizer: { l2: 0.0015 } }, /a name such as "l2" or a serialized object/],
    [{ kernelRegularizer: 0.01 }, /received 0\.01/],
    [
      { kernelConstraint: { class_name: "MaxNorm", config: { max_value: 2, axes: 0 } } },
      /MaxNorm takes no "axes" \(it takes "axis", "max_value"\)/,
    ],
    [
      { kernelConstraint: { class_name: "MaxNrom", config: {} } },
      /Keras knows no constraint class "MaxNrom"/,
    ],
  ];
  // Values the constructors refuse (keras/src/initializers/random_initializers.py,
  // regularizers.py): Keras raises building the model.
  cases.push(
    [
      { kernelInitializer: { class_name: "VarianceScaling", config: { mode: "fan_x" } } },
      /VarianceScaling's "mode" must be one of "fan_in", "fan_out", "fan_avg", received "fan_x"/,
    ],
    [
      { kernelInitializer: { class_name: "GlorotUniform", config: { seed: -1 } } },
      /"seed" must be null or a non-negative integer/,
    ],
    [
      { kernelRegularizer: { class_name: "L2", config: { l2: -0.1 } } },
      /"l2" must be a non-negative number/,
    ],
  );
  for (const [options, message] of cases) {
    assert.throws(
      () => new Dense({ units: 3, ...options }),
      (e: Error) =>
        e instanceof TypeError && /Invalid \w+ for Dense: /.test(e.message) &&
        message.test(e.message),
      JSON.stringify(options),
    );
  }
  assert.throws(() => regularizers.l2(-0.1), RangeError);
});

Deno.test("TF.js's and TensorFlow 1's forms are read as Keras 2 read them", () => {
  // TF.js writes LeCunNormal; TensorFlow 1's Keras wrote a dtype into an initializer's config,
  // in the form without a module. Keras 3 writes a module, and refuses that dtype there.
  const layer = (kernelInitializer: unknown) => ({
    class_name: "Sequential",
    config: {
      name: "s",
      layers: [{
        class_name: "Dense",
        config: {
          name: "d",
          units: 2,
          batch_input_shape: [null, 3],
          kernel_initializer: kernelInitializer,
        },
      }],
    },
  });
  assert.equal(
    fromKerasJson(layer({ class_name: "LeCunNormal", config: { seed: null } })).paramCount(),
    8,
  );
  const tf1 = { class_name: "GlorotUniform", config: { seed: null, dtype: "float32" } };
  assert.equal(fromKerasJson(layer(tf1)).paramCount(), 8);
  assert.throws(
    () => fromKerasJson(layer({ ...tf1, module: "keras.initializers", registered_name: null })),
    /GlorotUniform takes no "dtype"/,
  );
  // Every family's options are checked: a recurrent kernel's, a convolution's.
  assert.throws(() => new LSTM({ units: 2, recurrentInitializer: "orthogonall" }), /"orthogonal"/);
  assert.throws(
    () => new Conv2D({ filters: 2, kernelSize: 3, kernelRegularizer: "l3" }),
    /"l[12]"/,
  );
});
