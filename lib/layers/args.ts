/**
 * What a layer is given and declares, as plain data: the arguments every layer accepts
 * (`LayerArgs`, `KernelExtrasArgs`), what input it accepts (`InputSpec`), the weight tensors it
 * declares (`WeightSpec`, with what each axis means) and its input and output shapes.
 *
 * @module
 */

import type { Shape } from "../shape.ts";

/** What one axis of a weight tensor stands for: a symbol of the formula and words. */
export interface AxisMeaning {
  /** The formula's symbol for the axis's size, e.g. `"n"`, or a product such as `"4·m"`. */
  readonly symbol: string;
  /** What the axis runs over, e.g. `"input features"`. */
  readonly meaning: string;
}

/** One weight tensor a layer creates, as Keras's `add_weight` would. */
export interface WeightSpec {
  /** The weight's name inside its layer, e.g. `"kernel"`, `"recurrent_kernel"`, `"bias"`. */
  readonly name: string;
  /** The weight's shape; always fully known. */
  readonly shape: readonly number[];
  /** Whether training updates it. */
  readonly trainable: boolean;
  /**
   * What each axis stands for, one entry per axis, declared with the weight so explanations
   * read it instead of guessing from the shape.
   */
  readonly axes?: readonly AxisMeaning[];
  /** What the tensor holds, in words for an explanation, e.g. `"13 input features × 5 units"`. */
  readonly role?: string;
  /** The weight's own dtype when it is not the layer's (Normalization's count is int32). */
  readonly dtype?: string;
}

/** What a layer's input must look like, as Keras's `InputSpec`. */
export interface InputSpec {
  /** Exact rank, batch dimension included. */
  readonly ndim?: number;
  /** Minimum rank, batch dimension included. */
  readonly minNdim?: number;
  /** Axes (negative counts from the end) whose size must be known. */
  readonly definedAxes?: readonly number[];
}

/** A layer's output: one shape, or several (Bidirectional with `mergeMode: null`). */
export type OutputShape = Shape | readonly Shape[];

/** A layer's input: one shape, or a list of shapes for a layer that takes several (Add). */
export type InputShape = Shape | readonly Shape[];

/** Arguments every layer accepts. */
export interface LayerArgs {
  /** The layer's name; by default Keras's snake_case of the class name, numbered in a model. */
  readonly name?: string;
  /** The input shape without the batch dimension, e.g. `[400, 13]`; lets the layer build alone. */
  readonly inputShape?: readonly (number | null)[];
  /** The input shape with the batch dimension, e.g. `[null, 400, 13]`. */
  readonly batchInputShape?: Shape;
  /**
   * The batch size to put in front of `inputShape`.
   * @default {null}
   */
  readonly batchSize?: number;
  /**
   * Whether the layer's weights are trained; `false` makes all of them non-trainable.
   * @default {true}
   */
  readonly trainable?: boolean;
  /** The weights' data type; it decides no shape or count. */
  readonly dtype?: unknown;
}

/**
 * What Keras accepts about a kernel and a bias besides their shapes: initializers, regularizers
 * and constraints. They decide no shape or count; a layer accepts them so that a Keras
 * configuration reads as it is.
 */
export interface KernelExtrasArgs {
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly activityRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelConstraint?: unknown;
  /** See `kernelInitializer`. */
  readonly biasConstraint?: unknown;
}

/**
 * How a wrapper holds the layer it wraps: `"shared over time"` (one set of the inner layer's
 * weights applied at every time step; the inner layer sees one step, the input without its
 * axis 1) or `"two copies"` (two copies of the inner layer, each with its own weights, on the
 * same input).
 */
export type WrapperRelation = "shared over time" | "two copies";

/** A weight tensor of a built layer: its declaration, its number of elements and its creator. */
export interface WeightOf<L> extends WeightSpec {
  /** The number of scalars it holds: the product of its shape. */
  readonly size: number;
  /** The layer that created it: the layer itself, or for a wrapper the layer it wraps. */
  readonly owner: L;
}

/** The LoRA options of Dense, EinsumDense and Embedding (Keras 3's `lora_rank`, `lora_alpha`). */
export interface LoraArgs {
  /**
   * Keras 3's LoRA rank: when set (and not 0), building the layer freezes its kernel (or table)
   * and adds two trainable low-rank factors, as `enableLora(rank)` does.
   * @default {null}
   */
  readonly loraRank?: number | null;
  /** Keras's `lora_alpha`: the update is scaled by alpha / rank; it changes no count. */
  readonly loraAlpha?: number | null;
}

/** A layer's LoRA (Keras 3's low-rank adaptation): its rank and its scale numerator. */
export interface LoraSettings {
  /** The rank r of the two factors. */
  readonly rank: number;
  /** Keras's `lora_alpha`: the update is scaled by alpha / rank (the rank when not given). */
  readonly alpha: number;
}
