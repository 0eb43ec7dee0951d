/**
 * A Sequential model from its list of layer entries: each layer built on the previous one's
 * output, the input shape taken from an InputLayer, the first layer, or `build_input_shape`.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { Sequential } from "../model/sequential.ts";
import { isInputClass } from "../layers/registry.ts";
import type { Layer } from "../layers/base.ts";
import { checkBuiltFor, checkWrapped } from "./_built.ts";
import {
  type Context,
  convert,
  declaredInputShape,
  type Entry,
  inputLayer,
  readEntry,
  registerModelReader,
  takenNamesOf,
  withContext,
  type Wrapped,
} from "./_entries.ts";

export function buildModel(
  name: string | undefined,
  layers: readonly unknown[],
  buildInputShape: unknown,
): Sequential {
  const entries = layers.map((value, i) => readEntry(value, i));
  const model = new Sequential([], { name });
  const takenNames = takenNamesOf(entries);
  const read: [Entry, Layer][] = [];
  const wrapped: Wrapped[] = [];
  entries.forEach((entry, i) => {
    if (isInputClass(entry.className)) {
      withContext(entry, () => model.add(inputLayer(entry)));
      return;
    }
    // Keras ignores an input shape declared by any layer but the first.
    const batchInputShape = i === 0 ? declaredInputShape(entry, buildInputShape) : undefined;
    const context: Context = {
      rank: model.built ? (model.outputShape() as Shape).length : batchInputShape?.length,
      takenNames,
      batchInputShape,
      depth: 0,
      wrapped,
    };
    const layer = withContext(entry, () => convert(entry, context));
    withContext(entry, () => model.add(layer));
    read.push([entry, layer]);
  });
  if (!model.built && buildInputShape !== undefined && buildInputShape !== null) {
    model.build(buildInputShape as Shape);
  }
  // Keras built each layer from its build_config before calling it.
  for (const [entry, layer] of read) checkBuiltFor(entry, layer);
  checkWrapped(wrapped);
  return model;
}

registerModelReader(
  "sequential",
  (found, builtFor) => buildModel(found.name, found.layers, found.buildInputShape ?? builtFor),
);
