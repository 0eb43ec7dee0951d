/**
 * What the image backbone families share: reading an image shape in its data format, the patch
 * convolution, Keras's multi-head attention weights, the image input. Internal to lib/hub.
 *
 * @module
 */

import { type HubLayer, type HubWeight, weightless } from "./blocks.ts";
import type { Config } from "./_family_kit.ts";
import { layerWeights } from "./_layer_weights.ts";
import { thousands } from "../numbers.ts";

export function fmt(x: number): string {
  return thousands(x);
}

export function describe(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}

/** The image's height, width and channels, in the order `dataFormat` puts them. */
export interface Image {
  readonly height: number;
  readonly width: number;
  readonly channels: number;
}

export function positiveInt(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}

export function channelsFirst(owner: string, c: Config): boolean {
  const format = c.dataFormat;
  if (format === null || format === "channels_last") return false;
  if (format === "channels_first") return true;
  throw new TypeError(
    `${owner}'s "dataFormat" must be "channels_last" or "channels_first", received ${
      describe(format)
    }`,
  );
}

export function imageOf(owner: string, c: Config, key = "imageShape"): Image {
  const shape = c[key];
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new TypeError(
      `${owner}'s "${key}" must be [height, width, channels], received ${describe(shape)}`,
    );
  }
  const [height, width, channels] = channelsFirst(owner, c)
    ? [shape[1], shape[2], shape[0]]
    : shape;
  if (height === null || width === null) {
    throw new RangeError(
      `${owner}: image shape must have defined height and width, received ${key} ${
        describe(shape)
      }`,
    );
  }
  for (const size of [height, width, channels]) {
    if (!positiveInt(size)) {
      throw new RangeError(
        `${owner}'s "${key}" must hold positive integers, received ${describe(shape)}`,
      );
    }
  }
  return { height, width, channels };
}

/** Keras's Conv2D patch embedding: a `p × p × channels × hidden` kernel and a bias. */
export function patchConv(
  path: string,
  patch: readonly number[],
  channels: number,
  d: number,
  bias = true,
): HubWeight[] {
  const options = { filters: d, kernelSize: patch, strides: patch, useBias: bias };
  return layerWeights(path, "Conv2D", options, [null, null, null, channels]);
}

/** One block's sizes and options. */
export interface VisionBlock {
  readonly hidden: number;
  readonly heads: number;
  /** keras-hub's `key_dim = hidden_dim // num_heads`. */
  readonly keyDim: number;
  /** The MLP's inner width (for DINOv2's SwiGLU: each of its two halves). */
  readonly inner: number;
  readonly mhaBias: boolean;
  readonly mlpBias: boolean;
  /** DINOv2's SwiGLU feed-forward: `weights_in` is `hidden × 2·inner`. */
  readonly swiglu?: boolean;
  /** DINOv2's LayerScale after attention and after the MLP: one scale per feature each. */
  readonly layerScale?: boolean;
}

export function mha(a: string, b: VisionBlock): HubWeight[] {
  const options = { numHeads: b.heads, keyDim: b.keyDim, useBias: b.mhaBias };
  return layerWeights(a, "MultiHeadAttention", options, [null, null, b.hidden]);
}

/** The image input, its shape as given (in `dataFormat`'s order). */
export function input(name: string, c: Config): HubLayer {
  const shape = c.imageShape as readonly (number | null)[];
  return { ...weightless(name, "InputLayer"), outputShape: [null, ...shape] };
}

export function biasedDense(path: string, from: number, to: number): HubWeight[] {
  return layerWeights(path, "Dense", { units: to }, [null, from]);
}

export function normWeights(path: string, d: number): HubWeight[] {
  return layerWeights(path, "LayerNormalization", {}, [null, d]);
}

/** A configuration's list of positive integers (a stack's sizes), or keras-hub's TypeError. */
export function intList(owner: string, c: Config, key: string): number[] {
  const list = c[key];
  if (!Array.isArray(list) || list.length === 0 || !list.every(positiveInt)) {
    throw new TypeError(
      `${owner}'s "${key}" must be a non-empty list of positive integers, received ${
        describe(list)
      }`,
    );
  }
  return list as number[];
}
