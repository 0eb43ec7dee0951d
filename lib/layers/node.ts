/**
 * The functional API's bookkeeping, as Keras keeps it: calling a layer on symbolic tensors
 * records a node (the call) on the layer, and the call's outputs are symbolic tensors that
 * remember which layer, which node and which output made them (Keras's `keras_history`). A model
 * is the graph these records describe; nothing is computed and no weight is allocated.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { Layer } from "./base.ts";

/**
 * A tensor that stands for data flowing through a model: its shape and where it came from.
 *
 * @example
 * ```ts
 * import { Dense, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [32] });
 * const y = new Dense(8).apply(x);
 * assert.deepEqual(y.shape, [null, 8]);
 * assert.equal(y.node.layer.className, "Dense");
 * ```
 */
export class SymbolicTensor {
  /** The shape, batch dimension first. */
  readonly shape: Shape;
  /** The call that produced it. */
  readonly node: Node;
  /** Which of the call's outputs it is. */
  readonly index: number;

  /**
   * Use `layer.apply(...)`, which creates the tensors of a call.
   *
   * @param shape The shape.
   * @param node The call that produced it.
   * @param index Which output of the call it is.
   */
  constructor(shape: Shape, node: Node, index: number) {
    this.shape = shape;
    this.node = node;
    this.index = index;
  }

  /** The layer that produced it. */
  get layer(): Layer {
    return this.node.layer;
  }

  /** Keras's `keras_history` as the summary prints it: `dense[0][0]`. */
  get history(): string {
    return `${this.node.layer.name}[${this.node.index}][${this.index}]`;
  }
}

/**
 * One call of a layer: the tensors it was called on and the tensors it returned. A layer called
 * twice has two nodes and one set of weights.
 */
export class Node {
  /** The layer called. */
  readonly layer: Layer;
  /** Its position among the layer's calls (Keras's node index). */
  readonly index: number;
  /** The tensors the layer was called on (none for an input layer). */
  readonly inputs: readonly SymbolicTensor[];
  /** The tensors it returned. */
  readonly outputs: readonly SymbolicTensor[];
  /** Whether the layer was called on a list (a merge layer), not on one tensor. */
  readonly calledOnList: boolean;
  /**
   * The call's other arguments as given (`{ initialState: [h, c] }`); their tensors are among
   * `inputs`, after the tensors the layer was called on, as Keras flattens a call.
   */
  readonly callArgs: Readonly<Record<string, unknown>>;

  /**
   * Use `layer.apply(...)`.
   *
   * @param layer The layer called.
   * @param index Its position among the layer's calls.
   * @param inputs The tensors it was called on.
   * @param outputShapes The shapes it returned.
   * @param calledOnList Whether it was called on a list.
   * @param callArgs The call's other arguments, as given.
   */
  constructor(
    layer: Layer,
    index: number,
    inputs: readonly SymbolicTensor[],
    outputShapes: readonly Shape[],
    calledOnList: boolean,
    callArgs: Readonly<Record<string, unknown>> = {},
  ) {
    this.layer = layer;
    this.index = index;
    this.inputs = inputs;
    this.calledOnList = calledOnList;
    this.callArgs = callArgs;
    this.outputs = outputShapes.map((shape, i) => new SymbolicTensor(shape, this, i));
  }

  /** The output shapes, one per output. */
  get outputShapes(): readonly Shape[] {
    return this.outputs.map((t) => t.shape);
  }
}

/** A tensor given as a call argument: a tensor, or an `Input` (which stands for its tensor). */
export type CallTensor = SymbolicTensor | { readonly output: SymbolicTensor };

/**
 * The call arguments `layer.apply(inputs, callArgs)` takes, each as Keras names it in camelCase.
 * Which ones a layer takes is declared by its kind (see {@linkcode callTableOf}); any other is
 * refused.
 */
export interface CallArgs {
  /** A recurrent layer's initial states: `[h, c]` for an LSTM, `[h]` for a GRU. */
  readonly initialState?: CallTensor | readonly CallTensor[] | null;
  /** The mask, for the layers that take one (Attention takes `[queryMask, valueMask]`). */
  readonly mask?: CallTensor | readonly (CallTensor | null)[] | null;
  /** Whether the call is in training mode: decides no shape and no count. */
  readonly training?: boolean | null;
  /** Attention's value (cross-attention), when it is not the query. */
  readonly value?: CallTensor;
  /** Attention's key, when it is not the value. */
  readonly key?: CallTensor | null;
  /** MultiHeadAttention's mask of the query. */
  readonly queryMask?: CallTensor | null;
  /** MultiHeadAttention's mask of the value. */
  readonly valueMask?: CallTensor | null;
  /** MultiHeadAttention's mask of the key. */
  readonly keyMask?: CallTensor | null;
  /** Which positions may attend to which. */
  readonly attentionMask?: CallTensor | null;
  /** Whether each position attends only to itself and the positions before it. */
  readonly useCausalMask?: boolean | null;
  /** Whether the call returns `[output, scores]`. */
  readonly returnAttentionScores?: boolean | null;
}
