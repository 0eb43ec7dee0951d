/**
 * Embedding: a lookup table of one vector per token.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { type InputSpec, Layer, type LayerArgs, type WeightSpec } from "./base.ts";
import { intAtLeast } from "./_validate.ts";

/** Arguments of {@linkcode Embedding}. */
export interface EmbeddingArgs extends LayerArgs {
  /** The vocabulary size: how many different token ids there are. */
  readonly inputDim: number;
  /** The size of each token's vector. */
  readonly outputDim: number;
  /**
   * The sequence length (Keras 2's `input_length`). Without an `inputShape`, the input shape is
   * `(None, inputLength)`, or `(None, None)` when this is absent too.
   */
  readonly inputLength?: number;
}

/**
 * Maps token ids to vectors: one weight matrix `embeddings` of shape (inputDim, outputDim).
 *
 * @example A 1,000-word vocabulary in 300 dimensions
 * ```ts
 * import { Embedding } from "../../mod.ts";
 * import assert from "assert";
 *
 * const embedding = new Embedding({ inputDim: 1000, outputDim: 300, inputLength: 10 });
 * assert.equal(embedding.paramCount(), 300_000);
 * assert.deepEqual(embedding.outputShape(), [null, 10, 300]);
 * ```
 */
export class Embedding extends Layer {
  /** The Keras class name. */
  readonly className: string = "Embedding";
  /** The vocabulary size. */
  readonly inputDim: number;
  /** The vector size. */
  readonly outputDim: number;
  /** The sequence length, if given. */
  readonly inputLength: number | undefined;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(args: EmbeddingArgs) {
    super(args, "Embedding");
    this.inputDim = intAtLeast("Embedding", "inputDim", args.inputDim);
    this.outputDim = intAtLeast("Embedding", "outputDim", args.outputDim);
    this.inputLength = args.inputLength === undefined
      ? undefined
      : intAtLeast("Embedding", "inputLength", args.inputLength);
  }

  /** The input shape from the arguments, else `(None, inputLength)`. */
  override declaredInputShape(): Shape {
    return super.declaredInputShape() ?? [this.args.batchSize ?? null, this.inputLength ?? null];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [{ name: "embeddings", shape: [this.inputDim, this.outputDim], trainable: true }];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }
}
