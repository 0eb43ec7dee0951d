// The merge layers' shape checks against what Keras 3.15.1 answered for the same inputs
// (`keras.layers.Concatenate(axis)` called on `keras.Input(batch_shape=...)`).

import assert from "assert";
import { Concatenate, IncompatibleShapeError, Input, type Shape } from "../mod.ts";

function concatenate(shapes: readonly Shape[], axis: number): Shape {
  const inputs = shapes.map((batchShape) => new Input({ batchShape }));
  return new Concatenate({ axis }).apply(inputs).shape;
}

Deno.test("Concatenate joins InceptionV3's 1×1 branches on the channels as Keras does", () => {
  assert.deepEqual(
    concatenate([[null, 1, 1, 320], [null, 1, 1, 192], [null, 1, 1, 768]], 3),
    [null, 1, 1, 1280],
  );
  assert.deepEqual(concatenate([[null, 1, 8], [null, 3, 8]], 1), [null, 4, 8]);
  assert.deepEqual(concatenate([[4, 1, 8], [null, 1, 8]], -1), [4, 1, 16]);
});

Deno.test("Concatenate refuses what Keras refuses, an axis of size 1 included", () => {
  for (
    const [shapes, axis] of [
      [[[null, 1, 8], [null, 8]], -1],
      [[[null, 2, 8], [null, 3, 8]], -1],
      [[[null, 1, 2, 320], [null, 1, 3, 192]], 3],
      [[[null, 1, 8], [null, 2, 8]], -5],
    ] as const
  ) {
    assert.throws(
      () => concatenate(shapes, axis),
      IncompatibleShapeError,
      "A `Concatenate` layer requires inputs with matching shapes except for the " +
        "concatenation axis",
    );
  }
});
