/**
 * What an explanation says, as plain data: its weights with what they hold, its symbols, its gates
 * and the layer it wraps. The renderers (`text.ts`, `html.ts`) read only this.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { WeightSpec, WrapperRelation } from "../layers/args.ts";
import type { CountedWeight } from "../layers/totals.ts";

/** A weight tensor of the layer, with what it holds in words. */
export interface WeightTerm extends WeightSpec, CountedWeight {
  /** The weight's name inside its layer, e.g. `"kernel"`. */
  readonly name: string;
  /** Whether training updates it. */
  readonly trainable: boolean;
  /** The weight's own dtype when it is not the layer's. */
  readonly dtype?: string;
  /** What the tensor's axes are, e.g. `13 input features × (4 gates × 5 units)`. */
  readonly role: string;
}

/** A symbol of the formula and its value, e.g. `n = 13` (input features). */
export interface Variable {
  /** The symbol, e.g. `"n"`. */
  readonly symbol: string;
  /** Its value for this layer. */
  readonly value: number;
  /** What it stands for, e.g. `"input features"`. */
  readonly meaning: string;
}

/** One gate block of a recurrent cell: its slice of the kernel, recurrent kernel and bias. */
export interface GateTerm {
  /** The gate's name, e.g. `"forget gate"` or `"cell candidate"`. */
  readonly name: string;
  /** Its slice of the kernel: (input features, units). */
  readonly kernelShape: readonly [number, number];
  /** Its slice of the recurrent kernel: (units, units). */
  readonly recurrentKernelShape: readonly [number, number];
  /** Its biases: `units`, twice that for GRU with `resetAfter`, 0 without bias. */
  readonly biasSize: number;
  /** Its parameter count. */
  readonly size: number;
  /** Its formula with symbols, e.g. `(n + m) × m + m`. */
  readonly symbolic: string;
  /** Its formula with numbers, e.g. `(13 + 5) × 5 + 5 = 95`. */
  readonly numeric: string;
}

/** Everything an explanation says, as data: what the text and HTML renderers read. */
export interface ExplanationData {
  /** The layer's name. */
  readonly layerName: string;
  /** The layer's class, e.g. `"LSTM"`. */
  readonly className: string;
  /** The input shape the layer was built for (the first, for a merge layer that takes several). */
  readonly inputShape: Shape;
  /** The parameter count: the sum of the weights' sizes. */
  readonly paramCount: number;
  /** The parameters training updates. */
  readonly trainableParamCount: number;
  /** The parameters training does not update. */
  readonly nonTrainableParamCount: number;
  /** The weight tensors, in Keras's order, each with what it holds. */
  readonly weights: readonly WeightTerm[];
  /** The formula's symbols and their values. */
  readonly variables: readonly Variable[];
  /** The formula with symbols, e.g. `4 × ((n + m) × m + m)`; `0` for a layer without weights. */
  readonly symbolic: string;
  /** The formula with numbers and its value, e.g. `4 × ((13 + 5) × 5 + 5) = 380`. */
  readonly numeric: string;
  /** The documents' equivalent form, e.g. `4 × (13×5 + 5×5 + 5)` or `13×5 + 5`. */
  readonly expanded: string;
  /**
   * The annotation the answer to "Why does the first LSTM in a Keras model have more params?"
   * writes beside a summary row, e.g. `4*(13*5 + 5*5 + 5)`.
   */
  readonly annotation: string;
  /** For a recurrent cell, its gate blocks in kernel column order; otherwise empty. */
  readonly gates: readonly GateTerm[];
  /** For a wrapper, the layer it wraps and how. */
  readonly inner:
    | {
      readonly relation: WrapperRelation;
      readonly copies: number;
      readonly explanation: ExplanationData;
    }
    | undefined;
  /** Why, in sentences. */
  readonly why: readonly string[];
  /** What one call computes for one example; absent when the layer does no matrix products. */
  readonly compute?: {
    readonly formula: string;
    readonly why: readonly string[];
  };
}

/**
 * The formula with numbers, without its value: `numeric` is this followed by ` = ` and the count,
 * or the count alone when the formula is a single number.
 *
 * @param e An explanation.
 * @returns The formula with numbers, e.g. `4 × ((13 + 5) × 5 + 5)`.
 */
export function numericFormula(e: ExplanationData): string {
  const total = ` = ${e.paramCount}`;
  return e.numeric.endsWith(total) ? e.numeric.slice(0, -total.length) : e.numeric;
}
