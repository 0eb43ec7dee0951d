// The adaptive pooling layers (Keras 3's keras/src/layers/pooling/adaptive_*.py). Every expected
// shape and count below is what real Keras 3.15.1 printed for the same layer.

import assert from "assert";
import {
  AdaptiveAveragePooling1D,
  AdaptiveAveragePooling3D,
  AdaptiveMaxPooling1D,
  AdaptiveMaxPooling2D,
  compareFrameworks,
  fromKerasJson,
  IncompatibleShapeError,
  Input,
  Sequential,
} from "../mod.ts";

// keras.Sequential([keras.Input((64, 3)), keras.layers.AdaptiveAveragePooling1D(4),
//   keras.layers.Flatten(), keras.layers.Dense(2)]).to_json(), Keras 3.15.1.
const KERAS_JSON = '{"module": "keras", "class_name": "Sequential", "config": {"name": ' +
  '"sequential", "trainable": true, "dtype": {"module": "keras", "class_name": "DTypePolicy", ' +
  '"config": {"name": "float32"}, "registered_name": null}, "layers": [{"module": ' +
  '"keras.layers", "class_name": "InputLayer", "config": {"batch_shape": [null, 64, 3], ' +
  '"dtype": "float32", "sparse": false, "ragged": false, "name": "input_layer", "optional": ' +
  'false}, "registered_name": null}, {"module": "keras.layers", "class_name": ' +
  '"AdaptiveAveragePooling1D", "config": {"name": "adaptive_average_pooling1d", "trainable": ' +
  'true, "dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": ' +
  '"float32"}, "registered_name": null}, "output_size": [4], "data_format": "channels_last"}, ' +
  '"registered_name": null, "build_config": {"input_shape": [null, 64, 3]}}, {"module": ' +
  '"keras.layers", "class_name": "Flatten", "config": {"name": "flatten", "trainable": true, ' +
  '"dtype": {"module": "keras", "class_name": "DTypePolicy", "config": {"name": "float32"}, ' +
  '"registered_name": null}, "data_format": "channels_last"}, "registered_name": null, ' +
  '"build_config": {"input_shape": [null, 4, 3]}}, {"module": "keras.layers", "class_name": ' +
  '"Dense", "config": {"name": "dense", "trainable": true, "dtype": {"module": "keras", ' +
  '"class_name": "DTypePolicy", "config": {"name": "float32"}, "registered_name": null}, ' +
  '"units": 2, "activation": "linear", "use_bias": true, "kernel_initializer": {"module": ' +
  '"keras.initializers", "class_name": "GlorotUniform", "config": {"seed": null, "input_axes": ' +
  'null, "output_axes": null}, "registered_name": null}, "bias_initializer": {"module": ' +
  '"keras.initializers", "class_name": "Zeros", "config": {}, "registered_name": null}, ' +
  '"kernel_regularizer": null, "bias_regularizer": null, "kernel_constraint": null, ' +
  '"bias_constraint": null, "quantization_config": null}, "registered_name": null, ' +
  '"build_config": {"input_shape": [null, 12]}}], "build_input_shape": [null, 64, 3]}, ' +
  '"registered_name": null, "build_config": {"input_shape": [null, 64, 3]}, "compile_config": {}}';

Deno.test("adaptive pooling outputs outputSize per spatial axis, channels kept, no weights", () => {
  // Keras 3.15.1: (None, 32, 3), (None, 8, 4, 3), (None, 3, 2, 2, 2), (None, 5, 3); 0 each.
  const cases: [{ outputShape(): unknown; paramCount(): number }, unknown][] = [
    [new AdaptiveAveragePooling1D(32, { inputShape: [64, 3] }), [null, 32, 3]],
    [new AdaptiveMaxPooling2D([8, 4], { inputShape: [32, 32, 3] }), [null, 8, 4, 3]],
    [
      new AdaptiveAveragePooling3D(2, {
        dataFormat: "channels_first",
        inputShape: [3, 16, 16, 16],
      }),
      [null, 3, 2, 2, 2],
    ],
    [new AdaptiveMaxPooling1D({ outputSize: 5, inputShape: [null, 3] }), [null, 5, 3]],
    [
      new AdaptiveMaxPooling2D([2, 5], { dataFormat: "channels_first", inputShape: [3, 20, 20] }),
      [null, 3, 2, 5],
    ],
  ];
  for (const [layer, shape] of cases) {
    assert.deepEqual(layer.outputShape(), shape);
    assert.equal(layer.paramCount(), 0);
  }
});

Deno.test("a Keras JSON with AdaptiveAveragePooling1D reads to Keras's shapes and count", () => {
  const model = fromKerasJson(KERAS_JSON);
  // Keras 3.15.1: output (None, 2), count_params() 26 = Dense (4 · 3) · 2 + 2.
  assert.equal(model.paramCount(), 4 * 3 * 2 + 2);
  assert.deepEqual(model.layers.map((l) => l.outputShape()), [[null, 4, 3], [null, 12], [
    null,
    2,
  ]]);
  assert.deepEqual(model.layers[0].config.outputSize, [4]);
});

Deno.test("adaptive pooling refuses an outputSize of the wrong length or size, naming it", () => {
  // Keras: TypeError "`output_size` must be an integer or (height, width) tuple".
  assert.throws(() => new AdaptiveMaxPooling2D([2, 2, 2]), {
    name: "TypeError",
    message: /outputSize for AdaptiveMaxPooling2D/,
  });
  assert.throws(() => new AdaptiveAveragePooling1D(0), /outputSize for AdaptiveAveragePooling1D/);
  assert.throws(() => new AdaptiveAveragePooling1D({ output_size: 4 } as never), {
    name: "TypeError",
    message: /"output_size" is Keras's Python name; here it is outputSize/,
  });
});

Deno.test("adaptive pooling on an input of the wrong rank is refused, as Keras's call refuses it", () => {
  // Keras's compute_output_shape does not check the rank, but calling the layer fails:
  // "adaptive_average_pool supports only 1D/2D/3D inputs".
  const model = () => new Sequential([new Input({ shape: [64] }), new AdaptiveAveragePooling1D(4)]);
  assert.throws(model, (error: Error) => {
    assert.ok(error instanceof IncompatibleShapeError, String(error));
    assert.match(error.message, /expected ndim=3, found ndim=2/);
    return true;
  });
});

Deno.test("adaptive pooling's PyTorch counterpart is torch's adaptive pooling, with no weights", () => {
  const c = compareFrameworks(new AdaptiveMaxPooling2D([8, 4], { inputShape: [32, 32, 3] }));
  assert.equal(c.pytorch?.module, "torch.nn.AdaptiveMaxPool2d((8, 4))");
  assert.equal(c.pytorch?.paramCount, 0);
  const one = compareFrameworks(new AdaptiveAveragePooling1D(32, { inputShape: [64, 3] }));
  assert.equal(one.pytorch?.module, "torch.nn.AdaptiveAvgPool1d(32)");
});
