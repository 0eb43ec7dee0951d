/**
 * What the family declarations share: reading a configuration's sizes, repeating a block, the
 * sizes of a standard attention block, and keras-hub's divisibility checks. Internal to lib/hub.
 *
 * @module
 */

import type { HubArg } from "./backbone.ts";
import type { BlockSizes, HubLayer, HubWeight } from "./blocks.ts";
import type { Shape } from "../shape.ts";

export type Config = Readonly<Record<string, HubArg>>;

/** A weight at keras-hub's path, trainable unless said. */
export function w(path: string, shape: readonly number[], trainable = true): HubWeight {
  return { path, shape, trainable };
}

export const n = (c: Config, key: string): number => c[key] as number;

export function repeat(count: number, make: (i: number) => HubLayer): HubLayer[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

export function divisible(owner: string, hidden: number, heads: number, what = "numHeads"): void {
  if (hidden % heads !== 0) {
    throw new RangeError(
      `${owner}: hiddenDim (${hidden}) must be divisible by ${what} (${heads})`,
    );
  }
}

export function encoderSizes(c: Config): BlockSizes {
  const heads = n(c, "numHeads");
  return {
    hidden: n(c, "hiddenDim"),
    heads,
    kvHeads: heads,
    headDim: n(c, "hiddenDim") / heads,
    intermediate: n(c, "intermediateDim"),
  };
}

/** Sizes with keras-hub's `hidden_dim // num_heads` heads (no divisibility checked). */
export function flooredSizes(c: Config): BlockSizes {
  const sizes = encoderSizes(c);
  return { ...sizes, headDim: Math.floor(sizes.headDim) };
}

export const ENCODER_REQUIRED = [
  "vocabularySize",
  "numLayers",
  "numHeads",
  "hiddenDim",
  "intermediateDim",
] as const;

/**
 * A row that reads the given tensors (Keras's `Connected to`): a name alone is its first call's
 * first output, `name[0][0]`.
 */
export function reads(layer: HubLayer, ...tensors: string[]): HubLayer {
  return { ...layer, calls: [tensors.map(tensorOf)] };
}

/** A row called more than once, each call reading its own tensors (BART's shared token table). */
export function readsEach(layer: HubLayer, ...calls: string[][]): HubLayer {
  return { ...layer, calls: calls.map((c) => c.map(tensorOf)) };
}

/** A row with its own output shape (BERT's pooled output `(None, 768)`). */
export function shaped(layer: HubLayer, outputShape: Shape | readonly Shape[]): HubLayer {
  return { ...layer, outputShape };
}

/** `name[0][0]` for a bare name, the tensor as given otherwise. */
export function tensorOf(name: string): string {
  return name.includes("[") ? name : `${name}[0][0]`;
}
