/**
 * The sizes of a layer's weights, and their sums: plain arithmetic first, and only a result past
 * exact integers goes through the checked path, which names what overflowed.
 *
 * @module
 */

import { safeAdd, sizeOf } from "../shape.ts";
import type { WeightSpec } from "./args.ts";

/** What a sum reads of a weight. */
interface Sized {
  readonly size: number;
  readonly trainable: boolean;
}

// Plain arithmetic first; only a result past exact integers goes through the checked path,
// which names what overflowed. Counting is on every path a sweep takes, so it stays lean.
/** The layer a size is for: named only in the error past exact integers. */
interface NamedLayer {
  readonly name: string;
}

export function weightSize(w: WeightSpec, layer: NamedLayer): number {
  let size = 1;
  for (const d of w.shape) size *= d;
  return Number.isSafeInteger(size)
    ? size
    : sizeOf(w.shape, `size of weight "${w.name}" of layer "${layer.name}"`);
}

export function sumSizes<W extends Sized>(
  weights: readonly W[],
  keep: (w: W) => boolean,
  layer: NamedLayer,
): number {
  let total = 0;
  // Indexed: a `for…of` makes an iterator wherever the loop runs unoptimized.
  for (let i = 0; i < weights.length; i++) if (keep(weights[i])) total += weights[i].size;
  if (Number.isSafeInteger(total)) return total;
  total = 0;
  for (const w of weights) {
    if (keep(w)) total = safeAdd(total, w.size, `parameter count of layer "${layer.name}"`);
  }
  return total;
}

// What a layer's counts keep, made once: a closure written at each call is an object per call.
export const everyWeight = (): boolean => true;
export const trainableWeight = (w: Sized): boolean => w.trainable;
export const frozenWeight = (w: Sized): boolean => !w.trainable;
