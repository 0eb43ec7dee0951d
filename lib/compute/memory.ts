/**
 * Memory: what a model's activations take for a batch, and what training it takes: weights,
 * gradients, optimizer state and the activations kept for the backward pass.
 *
 * Conventions (paramlab's, stated once):
 * - weights are stored in float32 (4 bytes) under every dtype policy here: Keras's mixed
 *   policies keep float32 variables and compute in float16 / bfloat16;
 * - gradients: one per trainable weight, in the variables' dtype (float32);
 * - optimizer state: the elements of the optimizer's variables, as Keras 3 builds them (its
 *   iteration counter and learning rate included), in float32 — `optimizerParams` equals the
 *   `Optimizer params` Keras prints after compiling and building;
 * - saved activations: each layer call keeps its outputs for the backward pass (a recurrent
 *   layer keeps its state at every step: h, and c for an LSTM), in the compute dtype (float32: 4
 *   bytes; mixed: 2), for every example of the batch. What a layer keeps inside itself (an
 *   LSTM's gate values, a softmax's probabilities, a dropout mask) and the model's input are
 *   not counted: a lower bound that grows as real memory does, with the batch and the length.
 *
 * @module
 */

import type { ModelBase, ModelMacsOptions } from "../model/base.ts";
import type { Weight } from "../layers/base.ts";
import { expectObject, expectWith } from "../guard.ts";

/** The optimizers whose state {@linkcode trainingMemory} knows, as Keras 3 builds them. */
export const OPTIMIZERS = [
  "sgd",
  "sgd-momentum",
  "adam",
  "adamw",
  "rmsprop",
  "adagrad",
  "adafactor",
] as const;

/** An optimizer {@linkcode trainingMemory} knows. */
export type OptimizerName = typeof OPTIMIZERS[number];

/** The dtype policies {@linkcode trainingMemory} knows. */
export const TRAINING_DTYPES = ["float32", "mixed_float16", "mixed_bfloat16"] as const;

/** A dtype policy {@linkcode trainingMemory} knows. */
export type TrainingDtype = typeof TRAINING_DTYPES[number];

/** What {@linkcode trainingMemory} takes. */
export interface TrainingMemoryOptions extends ModelMacsOptions {
  /** The optimizer, e.g. `"adam"`. */
  readonly optimizer: OptimizerName;
  /** The examples per batch. */
  readonly batchSize: number;
  /**
   * The dtype policy.
   * @default {"float32"}
   */
  readonly dtype?: TrainingDtype;
}

/** The memory training takes, in bytes, and the counts behind it. */
export interface TrainingMemory {
  /** The weights, every parameter in float32. */
  readonly weights: number;
  /** One gradient per trainable parameter, float32. */
  readonly gradients: number;
  /** The optimizer's variables, float32. */
  readonly optimizerState: number;
  /** The activations kept for the backward pass, for the whole batch, in the compute dtype. */
  readonly activations: number;
  /** The sum of the four. */
  readonly total: number;
  /** The optimizer's variables' elements: Keras's `Optimizer params`. */
  readonly optimizerParams: number;
  /** The activation elements kept per example. */
  readonly activationElements: number;
}

// Keras 3's optimizers (keras/src/optimizers/*.py, measured by
// tools/keras_oracle/optimizer_params.py): every one holds an iteration counter and its
// learning rate (2 scalars), then per trainable variable: SGD with momentum a momentum, Adam and
// AdamW a momentum and a velocity, RMSprop (not centered) a velocity, Adagrad an accumulator;
// Adafactor a velocity the variable's size, and, for a variable of 2 axes or more, its row and
// column factors (shape[:-1] and shape[:-2] + shape[-1:]), else two placeholder scalars.
const BASE_SCALARS = 2;
const SLOTS: Readonly<Record<Exclude<OptimizerName, "adafactor">, number>> = {
  "sgd": 0,
  "sgd-momentum": 1,
  "adam": 2,
  "adamw": 2,
  "rmsprop": 1,
  "adagrad": 1,
};

function adafactorState(w: Weight): number {
  const shape = w.shape;
  if (shape.length < 2) return w.size + 2;
  let rows = 1;
  for (let i = 0; i < shape.length - 1; i++) rows *= shape[i];
  let columns = shape.at(-1)!;
  for (let i = 0; i < shape.length - 2; i++) columns *= shape[i];
  return w.size + rows + columns;
}

/**
 * The elements of an optimizer's variables for a model, as Keras 3 builds them: its `Optimizer
 * params`.
 *
 * @param model The model.
 * @param optimizer The optimizer.
 * @returns The elements.
 * @throws {TypeError} When the optimizer is not one of {@linkcode OPTIMIZERS}.
 *
 * @example Adam keeps two values per trainable parameter, and two scalars
 * ```ts
 * import { Dense, Input, optimizerParams, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([new Input({ shape: [13] }), new Dense(5)]);
 * assert.equal(optimizerParams(model, "adam"), 2 + 2 * 70);
 * assert.equal(optimizerParams(model, "sgd"), 2);
 * ```
 */
export function optimizerParams(model: ModelBase, optimizer: OptimizerName): number {
  checkName("optimizer", optimizer, OPTIMIZERS);
  if (optimizer === "adafactor") {
    let total = BASE_SCALARS;
    for (const w of model.trainableWeights()) total += adafactorState(w);
    return total;
  }
  return BASE_SCALARS + SLOTS[optimizer] * model.trainableParamCount();
}

/**
 * The activation memory of a batch: the elements every layer call keeps (see the module's
 * conventions), times the batch, times the bytes of the compute dtype.
 *
 * @param model The model.
 * @param options The batch size, the dtype policy and, for a model with an unknown length, the
 * input shape without the batch axis.
 * @returns The bytes.
 *
 * @example "Why does the first LSTM have more params?": h and c at each of 400 steps
 * ```ts
 * import { activationMemory, LSTM, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([new LSTM({ units: 5, inputShape: [400, 13] })]);
 * assert.equal(activationMemory(model, { batchSize: 32 }), 32 * 400 * 2 * 5 * 4);
 * ```
 */
export function activationMemory(
  model: ModelBase,
  options: { readonly batchSize: number; readonly dtype?: TrainingDtype } & ModelMacsOptions,
): number {
  expectWith("activationMemory", "its model", model, "a model (a Sequential or a Model)", "layers");
  expectObject("activationMemory", "its options", options, "options such as { batchSize: 32 }");
  checkBatch(options.batchSize);
  const dtype = options.dtype ?? "float32";
  checkName("dtype", dtype, TRAINING_DTYPES);
  return options.batchSize * activationElements(model, options) * computeBytes(dtype);
}

/**
 * The memory training a model takes, in bytes: weights, gradients, optimizer state and the
 * activations kept for the backward pass (see the module's conventions).
 *
 * @param model The model.
 * @param options The optimizer, the batch size, the dtype policy and, for a model with an
 * unknown length, the input shape without the batch axis.
 * @returns The bytes of each part, their total and the counts behind them.
 * @throws {TypeError} When the optimizer or the dtype is not one this library knows (with the
 * nearest name), or the batch size is not a positive integer.
 *
 * @example "Why does the first LSTM have more params?": the model, Adam, a batch of 32
 * ```ts
 * import { Dense, LSTM, Sequential, trainingMemory } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new LSTM({ units: 5, returnSequences: true, inputShape: [400, 13] }),
 *   new LSTM({ units: 5 }),
 *   new Dense(650),
 * ]);
 * const memory = trainingMemory(model, { optimizer: "adam", batchSize: 32 });
 * assert.equal(memory.optimizerParams, 2 + 2 * 4500); // Keras prints 9,002
 * assert.equal(memory.weights, 4500 * 4);
 * assert.equal(memory.total, memory.weights + memory.gradients + memory.optimizerState +
 *   memory.activations);
 * ```
 */
export function trainingMemory(model: ModelBase, options: TrainingMemoryOptions): TrainingMemory {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `trainingMemory expects { optimizer, batchSize, dtype? }, received ${String(options)}`,
    );
  }
  checkName("optimizer", options.optimizer, OPTIMIZERS);
  const dtype = options.dtype ?? "float32";
  checkName("dtype", dtype, TRAINING_DTYPES);
  checkBatch(options.batchSize);
  const optimizer = optimizerParams(model, options.optimizer);
  const elements = activationElements(model, options);
  const weights = model.paramCount() * 4;
  const gradients = model.trainableParamCount() * 4;
  const optimizerState = optimizer * 4;
  const activations = options.batchSize * elements * computeBytes(dtype);
  return {
    weights,
    gradients,
    optimizerState,
    activations,
    total: weights + gradients + optimizerState + activations,
    optimizerParams: optimizer,
    activationElements: elements,
  };
}

function activationElements(model: ModelBase, options: ModelMacsOptions): number {
  let total = 0;
  const given = options.inputShape === undefined ? {} : { inputShape: options.inputShape };
  for (const call of model.activationsByCall(given)) total += call.elements;
  return total;
}

function computeBytes(dtype: TrainingDtype): number {
  return dtype === "float32" ? 4 : 2;
}

function checkBatch(batchSize: unknown): void {
  if (typeof batchSize !== "number" || !Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new TypeError(
      `Invalid batchSize: expected a positive integer such as 32, received ${String(batchSize)}`,
    );
  }
}

function checkName(what: string, value: unknown, names: readonly string[]): void {
  if (typeof value === "string" && names.includes(value)) return;
  const nearest = typeof value === "string" ? closest(value, names) : undefined;
  throw new TypeError(
    `Unknown ${what} ${JSON.stringify(value)}${
      nearest ? `: did you mean "${nearest}"?` : ""
    } Expected one of ${names.map((n) => `"${n}"`).join(", ")}`,
  );
}

// The name at the smallest edit distance (case, "_" and " " ignored), if it is close enough.
function closest(value: string, names: readonly string[]): string | undefined {
  const norm = (s: string) => s.toLowerCase().replace(/[_\s]/g, "-");
  const v = norm(value);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(v, norm(name));
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return bestDistance <= Math.max(2, Math.floor(v.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
