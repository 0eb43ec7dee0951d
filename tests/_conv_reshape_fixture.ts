// What the convolutional and reshaping tests share: the row format of their tables of Keras
// calls, how a row's layer is built, and what real Keras 3.15.1 built for both families
// (whole models by tests/fixtures/keras3_conv_reshape.py, random configurations by
// tests/fixtures/keras3_conv_reshape_sweep.py).

import assert from "assert";
import {
  configOf,
  createLayer,
  type Family,
  findKind,
  type Layer,
  layerFromConfig,
} from "../mod.ts";

const FIXTURES = new URL("./fixtures/", import.meta.url);

/**
 * One Keras call of a test table: the class, the configuration, the input shape (no batch), and
 * what Keras answered, the count, output shape and weights (name and shape); `null`s when Keras
 * refused the call.
 */
export type Row = [
  className: string,
  config: Record<string, unknown>,
  inputShape: (number | null)[],
  count: number | null,
  outputShape: (number | null)[] | null,
  weights: [string, number[]][] | null,
];

/** A row's layer, built on its input (so a refusal of the input throws here). */
export function built(
  className: string,
  config: Record<string, unknown>,
  inputShape: (number | null)[],
): Layer {
  const layer = createLayer(className, { ...config, inputShape });
  layer.outputShape();
  return layer;
}

/** A row's layer built again from what `configOf` says of it. */
export function builtFromConfigOf(
  className: string,
  config: Record<string, unknown>,
  inputShape: (number | null)[],
): Layer {
  return layerFromConfig({ ...configOf(built(className, config, inputShape)), inputShape });
}

/** One model of keras3_conv_reshape.json: its JSON and what Keras said of it. */
export interface KerasModel {
  readonly model: string;
  readonly to_json: object;
  readonly layers: {
    name: string;
    count: number;
    trainable: number;
    output_shape: (number | null)[];
  }[];
  readonly summary: string;
}

/** The models with convolutional and reshaping layers Keras 3 exported. */
export const CONV_RESHAPE_MODELS = JSON.parse(
  Deno.readTextFileSync(new URL("keras3_conv_reshape.json", FIXTURES)),
) as { keras_version: string; models: KerasModel[] };

/**
 * Checks the layers of a family against every random configuration Keras 3 built or refused in
 * keras3_conv_reshape_sweep.jsonl: the count and output shape of what it built, a refusal of
 * what it refused, and a refusal naming the empty axis where Keras computed one.
 */
export function assertSweepAgrees(family: Family, minimumRows: number): void {
  const text = Deno.readTextFileSync(new URL("keras3_conv_reshape_sweep.jsonl", FIXTURES));
  type Swept = [string, Record<string, unknown>, (number | null)[], number | null, unknown];
  const rows = text.trim().split("\n").map((line) => JSON.parse(line) as Swept)
    .filter(([className]) => findKind(className)?.family === family);
  assert.ok(rows.length >= minimumRows, `${rows.length} rows`);
  for (const [className, config, inputShape, count, output] of rows) {
    const label = `${className}(${JSON.stringify(config)}) on ${JSON.stringify(inputShape)}`;
    const build = () => built(className, config, inputShape);
    if (count === null) {
      assert.throws(build, label);
    } else if ((output as (number | null)[]).includes(0)) {
      // Keras computes an empty axis here; this library refuses it, naming the layer.
      assert.throws(build, /computed output size would be 0/, label);
    } else {
      const layer = build();
      assert.equal(layer.paramCount(), count, label);
      assert.deepEqual(layer.outputShape(), output, label);
    }
  }
}
