/**
 * Wrappers: TimeDistributed applies one layer to every time step with the same weights;
 * Bidirectional runs a recurrent layer forwards and a copy of it backwards.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { Recurrent } from "./recurrent.ts";
import { oneOf } from "./_validate.ts";

function requireLayer(owner: string, value: unknown): Layer {
  if (!(value instanceof Layer)) {
    throw new TypeError(
      `Invalid layer for ${owner}: expected a layer instance such as new Dense({ units: 1 }), ` +
        `received ${describeValue(value)}`,
    );
  }
  return value;
}

/** Arguments of {@linkcode TimeDistributed}. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied at every time step. */
  readonly layer: Layer;
}

/**
 * Applies one layer to every time step of a sequence. The weights are the inner layer's, shared
 * by all steps, so the count is the inner layer's count on one step's features: for
 * `TimeDistributed(Dense(650))` on 5 features, 5 × 650 + 650 = 3,900 however long the sequence.
 *
 * @example Seed 000's time_distributed_1
 * ```ts
 * import { Dense, TimeDistributed } from "../../mod.ts";
 * import assert from "assert";
 *
 * const td = new TimeDistributed({ layer: new Dense({ units: 650 }), inputShape: [400, 5] });
 * assert.equal(td.paramCount(), 3900);
 * assert.deepEqual(td.outputShape(), [null, 400, 650]);
 * ```
 */
export class TimeDistributed extends Layer {
  /** The Keras class name. */
  readonly className: string = "TimeDistributed";
  /** The wrapped layer. */
  readonly layer: Layer;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The wrapped layer and the common arguments.
   */
  constructor(args: TimeDistributedArgs) {
    super(args, "TimeDistributed");
    this.layer = requireLayer("TimeDistributed", args.layer);
  }

  /** The layer this wrapper holds. */
  override innerLayers(): readonly Layer[] {
    return [this.layer];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): readonly WeightSpec[] {
    return this.layer.build([inputShape[0], ...inputShape.slice(2)]).weights();
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const step = this.layer.outputShape() as Shape;
    return [inputShape[0], inputShape[1], ...step.slice(1)];
  }
}

/** How Bidirectional combines the forward and backward outputs. */
export type MergeMode = "concat" | "sum" | "mul" | "ave" | null;

/** Arguments of {@linkcode Bidirectional}. */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run in both directions. */
  readonly layer: Recurrent;
  /**
   * How to combine the two outputs; `null` returns both.
   * @default {"concat"}
   */
  readonly mergeMode?: MergeMode;
}

function copyOf(layer: Recurrent, name: string, goBackwards: boolean): Recurrent {
  const Class = layer.constructor as new (args: object) => Recurrent;
  return new Class({
    ...layer.args,
    name,
    goBackwards,
    inputShape: undefined,
    batchInputShape: undefined,
  });
}

// Keras names the copies "forward_" + name and "backward_" + name, without doubling a prefix
// the wrapped layer's name already has.
function prefixed(prefix: string, name: string): string {
  return prefix + (name.startsWith(prefix) ? name.slice(prefix.length) : name);
}

/**
 * Runs a recurrent layer over the sequence forwards and an identical copy backwards: two sets of
 * weights, so twice the count of the wrapped layer.
 *
 * @example
 * ```ts
 * import { Bidirectional, LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * const bi = new Bidirectional({ layer: new LSTM({ units: 5 }), inputShape: [400, 13] });
 * assert.equal(bi.paramCount(), 2 * 380);
 * assert.deepEqual(bi.outputShape(), [null, 10]);
 * ```
 */
export class Bidirectional extends Layer {
  /** The Keras class name. */
  readonly className: string = "Bidirectional";
  /** The wrapped layer. */
  readonly layer: Recurrent;
  /** How the outputs are combined. */
  readonly mergeMode: MergeMode;
  #forward: Recurrent | undefined;
  #backward: Recurrent | undefined;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The wrapped layer, the merge mode and the common arguments.
   */
  constructor(args: BidirectionalArgs) {
    super(args, "Bidirectional");
    const layer = requireLayer("Bidirectional", args.layer);
    if (!(layer instanceof Recurrent)) {
      throw new TypeError(
        `Invalid layer for Bidirectional: expected a recurrent layer (SimpleRNN, LSTM or GRU), ` +
          `received ${layer.className}`,
      );
    }
    this.layer = layer;
    this.mergeMode = oneOf(
      "Bidirectional",
      "mergeMode",
      args.mergeMode,
      ["concat", "sum", "mul", "ave", null] as const,
      "concat",
    );
  }

  /** The forward copy, named `forward_<name>` as in Keras. */
  get forwardLayer(): Recurrent {
    return this.#forward ??= copyOf(this.layer, prefixed("forward_", this.layer.name), false);
  }

  /** The backward copy, named `backward_<name>` as in Keras. */
  get backwardLayer(): Recurrent {
    return this.#backward ??= copyOf(this.layer, prefixed("backward_", this.layer.name), true);
  }

  /** The layer this wrapper holds. */
  override innerLayers(): readonly Layer[] {
    return [this.layer];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    return [this.forwardLayer, this.backwardLayer].flatMap((copy) =>
      copy.build(inputShape).weights().map((w) => ({ ...w, name: `${copy.name}/${w.name}` }))
    );
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(): Shape | Shape[] {
    const one = this.forwardLayer.outputShape() as Shape;
    if (this.mergeMode === null) return [one, one];
    if (this.mergeMode !== "concat") return one;
    return [...one.slice(0, -1), (one.at(-1) as number) * 2];
  }
}
