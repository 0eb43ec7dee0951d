// TensorFlow.js's side of the benchmarks: the same specs built with `tf.sequential`, as a TF.js
// user writes them, with TF.js's own defaults (so LSTM's recurrent kernel gets the orthogonal
// initializer, computed by a QR decomposition). Every model is disposed after use and the tensor
// count is checked, so a benchmark cannot grow TF.js's memory from one iteration to the next.

import * as tf from "@tensorflow/tfjs";
import { findKind, type LayerConfig, optionOf } from "../mod.ts";
import type { ModelSpec } from "./_models.ts";

/** Initialisers that replace TF.js's defaults for one benchmark series. */
export interface TfjsInitializers {
  /** The LSTM recurrent kernel's initialiser (TF.js's default is `"orthogonal"`). */
  readonly recurrentInitializer?: "glorotUniform" | "orthogonal";
}

/**
 * Runs `fn` with `console.warn` silenced: TF.js warns on every orthogonal initialisation of
 * more than 2,000 elements, and printing that would be charged to TF.js's time and flood the
 * benchmark output. Silencing it only makes TF.js faster.
 *
 * @param fn The work.
 * @returns What `fn` returns.
 */
export function quietly<T>(fn: () => T): T {
  const warn = console.warn;
  console.warn = () => {};
  try {
    return fn();
  } finally {
    console.warn = warn;
  }
}

await tf.setBackend("cpu");
await tf.ready();
// The CPU backend greets Node-like runtimes on its first write; get that out of the way.
quietly(() => tf.tidy(() => tf.tensor1d([1]).dataSync()));
const BASELINE_TENSORS = tf.memory().numTensors;

// The kind's declared TF.js factory, given the configuration as it is: our option names are
// TF.js's, and TF.js's own defaults apply to everything left out.
function tfjsLayer(
  config: LayerConfig,
  init: TfjsInitializers,
  inputShape?: (number | null)[],
): tf.layers.Layer {
  const { className, ...options } = config;
  const kind = findKind(className);
  const factory = kind?.tfjs?.factory;
  if (!kind || !factory) throw new Error(`The benchmarks cannot build ${className} in TF.js`);
  const args: Record<string, unknown> = { ...options };
  const inner = options.layer;
  if (typeof inner === "object" && inner !== null && "className" in inner) {
    args.layer = tfjsLayer(inner as LayerConfig, init);
  }
  if (inputShape) args.inputShape = inputShape;
  if (init.recurrentInitializer && optionOf(kind, "recurrentInitializer")) {
    args.recurrentInitializer = init.recurrentInitializer;
  }
  const layers = tf.layers as unknown as Record<string, (args: object) => tf.layers.Layer>;
  return layers[factory](args);
}

/**
 * Builds the spec with `tf.sequential`: every weight is allocated and initialised.
 *
 * @param spec The model.
 * @param init Initialisers to use instead of TF.js's defaults.
 * @returns The TF.js model; the caller disposes it.
 */
export function buildTfjsModel(spec: ModelSpec, init: TfjsInitializers = {}): tf.Sequential {
  return quietly(() => {
    const model = tf.sequential();
    spec.layers.forEach((layer, i) =>
      model.add(tfjsLayer(layer, init, i === 0 ? [...spec.inputShape] : undefined))
    );
    return model;
  });
}

/**
 * What a user reading a summary does with TF.js: build, `countParams()`, `summary()` (collected
 * rather than printed), then dispose the model.
 *
 * @param spec The model.
 * @param init Initialisers to use instead of TF.js's defaults.
 * @returns The total count and the summary's length.
 * @throws {Error} When tensors survive the model's disposal.
 */
export function tfjsSummarise(spec: ModelSpec, init: TfjsInitializers = {}): number {
  const model = buildTfjsModel(spec, init);
  let length = 0;
  try {
    const count = model.countParams();
    model.summary(undefined, undefined, (line?: string) => {
      length += String(line).length;
    });
    return count + length;
  } finally {
    model.dispose();
    checkNoLeak();
  }
}

/**
 * Checks that TF.js holds no more tensors than it did before any benchmark ran.
 *
 * @throws {Error} When it does.
 */
export function checkNoLeak(): void {
  const { numTensors } = tf.memory();
  if (numTensors !== BASELINE_TENSORS) {
    throw new Error(
      `TensorFlow.js holds ${numTensors} tensors after disposing the model, ` +
        `expected ${BASELINE_TENSORS}: a benchmark leaks`,
    );
  }
}

/**
 * TF.js's count for a spec, built once and disposed.
 *
 * @param spec The model.
 * @param init Initialisers to use instead of TF.js's defaults.
 * @returns `countParams()`.
 */
export function tfjsParamCount(spec: ModelSpec, init: TfjsInitializers = {}): number {
  const model = buildTfjsModel(spec, init);
  try {
    return model.countParams();
  } finally {
    model.dispose();
  }
}

/** The TF.js version the benchmarks load. */
export const TFJS_VERSION: string = tf.version.tfjs;
