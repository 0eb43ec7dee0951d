/**
 * A Sequential model from its list of layer entries: each layer built on the previous one's
 * output, the input shape taken from an InputLayer, the first layer, or `build_input_shape`.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { Sequential } from "../model/sequential.ts";
import { isInputClass } from "../layers/registry.ts";
import {
  type Context,
  convert,
  declaredInputShape,
  inputLayer,
  readEntry,
  registerModelReader,
  takenNamesOf,
  withContext,
} from "./_entries.ts";

export function buildModel(
  name: string | undefined,
  layers: readonly unknown[],
  buildInputShape: unknown,
): Sequential {
  const entries = layers.map((value, i) => readEntry(value, i));
  const model = new Sequential([], { name });
  const takenNames = takenNamesOf(entries);
  entries.forEach((entry, i) => {
    if (isInputClass(entry.className)) {
      withContext(entry, () => model.add(inputLayer(entry)));
      return;
    }
    // Keras ignores an input shape declared by any layer but the first.
    const batchInputShape = i === 0 ? declaredInputShape(entry) : undefined;
    const context: Context = {
      rank: model.built ? (model.outputShape() as Shape).length : batchInputShape?.length,
      takenNames,
      batchInputShape,
      depth: 0,
    };
    withContext(entry, () => model.add(convert(entry, context)));
  });
  if (!model.built && buildInputShape !== undefined && buildInputShape !== null) {
    model.build(buildInputShape as Shape);
  }
  return model;
}

registerModelReader(
  "sequential",
  (found, builtFor) => buildModel(found.name, found.layers, found.buildInputShape ?? builtFor),
);
