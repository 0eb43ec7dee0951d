// Models several test files build, written once in the library's one configuration format. Each
// call builds fresh layers: a model names and builds its layers, so tests cannot share instances.

import { Input, type LayerConfig, layerFromConfig, Sequential } from "../mod.ts";

/** Seed 000's question: LSTM(5) ×2, TimeDistributed(Dense(650)), LSTM(20) ×2 on (400, 13). */
export const SEED_000_LSTM: readonly LayerConfig[] = [
  { className: "LSTM", units: 5, returnSequences: true },
  { className: "LSTM", units: 5, returnSequences: true },
  { className: "TimeDistributed", layer: { className: "Dense", units: 650 } },
  { className: "LSTM", units: 20, returnSequences: true },
  { className: "LSTM", units: 20, returnSequences: true },
];

/** Seed 000's answer's twin: the same stack with Dense layers, on 13 features. */
export const SEED_000_DENSE: readonly LayerConfig[] = [5, 5, 650, 20, 20].map((units) => ({
  className: "Dense",
  units,
}));

/**
 * A Sequential model on an input shape, its layers built from configurations.
 *
 * @param shape The input shape without the batch dimension.
 * @param layers The layers.
 * @returns A new model.
 */
export function sequentialOf(
  shape: readonly (number | null)[],
  layers: readonly LayerConfig[],
): Sequential {
  return new Sequential([new Input({ shape }), ...layers.map(layerFromConfig)]);
}

/**
 * Seed 000's LSTM stack on (400, 13), with any layers after it.
 *
 * @param after Layers to add after the stack.
 * @returns A new model: 380, 220, 3900, 53680 and 3280 parameters.
 */
export function seed000Lstm(after: readonly LayerConfig[] = []): Sequential {
  return sequentialOf([400, 13], [...SEED_000_LSTM, ...after]);
}

/**
 * Seed 000's Dense stack on 13 features.
 *
 * @returns A new model: 70, 30, 3900, 13020 and 420 parameters.
 */
export function seed000Dense(): Sequential {
  return sequentialOf([13], SEED_000_DENSE);
}
