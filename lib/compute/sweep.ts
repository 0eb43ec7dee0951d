/**
 * Sweeps of compute: one model at many sequence lengths or image sizes, with its parameters, its
 * MACs and its activation memory side by side. The parameters stay flat; compute and memory
 * grow.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { ModelBase } from "../model/base.ts";
import { activationMemory, type TrainingDtype } from "./memory.ts";
import { expectArray, expectWith } from "../guard.ts";

/** One size of a compute sweep. */
export interface ComputePoint {
  /** The size swept: the sequence length, or the image's side. */
  readonly size: number;
  /** The input shape counted on, without the batch axis. */
  readonly inputShape: Shape;
  /** The parameters: the same at every size. */
  readonly params: number;
  /** The MACs for one example. */
  readonly macs: number;
  /** The activation elements kept for the backward pass, per example. */
  readonly activationElements: number;
  /** The activation memory of a batch, in bytes. */
  readonly activationBytes: number;
}

/** Options of a compute sweep. */
export interface ComputeSweepOptions {
  /**
   * The batch the activation memory is for.
   * @default {1}
   */
  readonly batchSize?: number;
  /**
   * The dtype policy of the activations.
   * @default {"float32"}
   */
  readonly dtype?: TrainingDtype;
}

/** A model whose input shape can be read (a Sequential or a Model of one input). */
export type SweptModel = ModelBase & { inputShape(): Shape };

/**
 * The model at each sequence length: axis 1 of its input set to the length.
 *
 * @param model A model of one input of rank 3 or more, (batch, steps, …).
 * @param lengths The lengths.
 * @param options The batch and dtype of the activation memory.
 * @returns One point per length.
 * @throws {IncompatibleShapeError} When a layer's weights depend on the length (a Flatten before a
 * Dense): the model cannot take another length.
 *
 * @example "Why does the first LSTM have more params?": flat parameters, MACs linear in steps
 * ```ts
 * import { LSTM, Sequential, sweepLength } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([new LSTM({ units: 5, inputShape: [null, 13] })]);
 * const points = sweepLength(model, [1, 400]);
 * assert.deepEqual(points.map((p) => p.params), [380, 380]);
 * assert.deepEqual(points.map((p) => p.macs), [360, 144_000]);
 * ```
 */
export function sweepLength(
  model: SweptModel,
  lengths: readonly number[],
  options: ComputeSweepOptions = {},
): ComputePoint[] {
  expectWith("sweepLength", "its model", model, "a model (a Sequential or a Model)", "layers");
  expectArray("sweepLength", "its lengths", lengths, "a list of lengths");
  const input = model.inputShape();
  if (input.length < 3) {
    throw new TypeError(
      `sweepLength needs an input of (batch, steps, …), model "${model.name}" takes ` +
        `rank ${input.length}`,
    );
  }
  return lengths.map((length) =>
    pointAt(model, length, input.slice(1).map((d, i) => (i === 0 ? length : d)), options)
  );
}

/**
 * The model at each image size: its input's spatial axes (channels last) set to the size.
 *
 * @param model A model of one image input (batch, height, width, channels), or of rank 3 or 5.
 * @param sizes The sides.
 * @param options The batch and dtype of the activation memory.
 * @returns One point per size.
 * @throws {IncompatibleShapeError} When a layer's weights depend on the size (a Flatten before a
 * Dense): build the model with unknown spatial sizes, or without its top.
 *
 * @example A convolution's MACs grow with the image's area, its parameters do not
 * ```ts
 * import { Conv2D, Sequential, sweepImageSize } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new Conv2D({ filters: 8, kernelSize: 3, padding: "same", inputShape: [null, null, 3] }),
 * ]);
 * const [small, large] = sweepImageSize(model, [32, 64]);
 * assert.equal(small.params, large.params);
 * assert.equal(large.macs, 4 * small.macs);
 * ```
 */
export function sweepImageSize(
  model: SweptModel,
  sizes: readonly number[],
  options: ComputeSweepOptions = {},
): ComputePoint[] {
  expectWith("sweepImageSize", "its model", model, "a model (a Sequential or a Model)", "layers");
  expectArray("sweepImageSize", "its sizes", sizes, "a list of image sizes");
  const input = model.inputShape();
  if (input.length < 3) {
    throw new TypeError(
      `sweepImageSize needs an input of (batch, …spatial, channels), model "${model.name}" ` +
        `takes rank ${input.length}`,
    );
  }
  const last = input.length - 2;
  return sizes.map((size) =>
    pointAt(model, size, input.slice(1).map((d, i) => (i < last ? size : d)), options)
  );
}

function pointAt(
  model: ModelBase,
  size: number,
  inputShape: Shape,
  options: ComputeSweepOptions,
): ComputePoint {
  const batchSize = options.batchSize ?? 1;
  const given = { inputShape };
  let elements = 0;
  for (const call of model.activationsByCall(given)) elements += call.elements;
  return {
    size,
    inputShape,
    params: model.paramCount(),
    macs: model.macs(given),
    activationElements: elements,
    activationBytes: activationMemory(model, { ...given, batchSize, dtype: options.dtype }),
  };
}
