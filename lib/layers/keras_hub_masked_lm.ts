/**
 * keras-hub's MaskedLMHead: a dense layer, a layer normalization and an output projection
 * (its own, or the token embedding's, tied), as keras-hub builds it.
 *
 * @module
 */

import { perExample } from "./macs.ts";
import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, sameShape, type Shape } from "../shape.ts";
import { type ApplyInput, asTensor, type CallArgs, Layer } from "./base.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import type { SymbolicTensor } from "./base.ts";
import { inert, opt, optional } from "./options.ts";
import { Dense } from "./core.ts";
import { Embedding } from "./embedding.ts";
import { LayerNormalization } from "./normalization.ts";
import {
  fmt,
  HIDDEN,
  hubActivation,
  registeredNames,
  sizesByPrefix,
  subWeights,
} from "./_keras_hub.ts";

const MASKED_LM_OPTIONS = {
  vocabularySize: optional(opt.int()),
  tokenEmbedding: opt.custom<Embedding | null>(
    "an Embedding layer (the token embedding whose table the head reuses), or null",
    (v) => v === null || v instanceof Embedding,
    null,
  ),
  intermediateActivation: hubActivation("relu"),
  activation: hubActivation(null),
  layerNormEpsilon: { ...opt.number(1e-5), inert: true },
  ...inert("kernelInitializer", "biasInitializer"),
};

/** Arguments of {@linkcode MaskedLMHead}. */
export interface MaskedLMHeadArgs extends LayerArgs {
  /** The vocabulary the head predicts over; by default the token embedding's `inputDim`. */
  readonly vocabularySize?: number;
  /**
   * The token embedding whose table the head reuses for its projection to the vocabulary
   * (keras-hub's `token_embedding`, a tied `ReversibleEmbedding`), instead of an
   * `output_kernel` of its own.
   * @default {null}
   */
  readonly tokenEmbedding?: Embedding | null;
  /**
   * The intermediate Dense layer's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly intermediateActivation?: string | null;
  /** The output's activation; it has no parameters. */
  readonly activation?: string | null;
  /** The layer normalization's epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /** Initializers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
}

/**
 * keras-hub's `MaskedLMHead`: it gathers the encoded tokens at the mask positions, applies
 * `Dense(width)` (`intermediate_dense`) and a layer normalization, then projects to the
 * vocabulary and adds `output_bias`. The projection is its own `output_kernel` (hidden ×
 * vocabulary), or, given a `tokenEmbedding`, that embedding's table: keras-hub tracks the
 * embedding as a sub-layer, so its table counts in the head's row too, and once in a model's
 * total. It takes the encoded sequence (batch, sequence, hidden) and the mask positions (batch,
 * masks), and outputs (batch, masks, vocabulary): `build(sequenceShape, maskPositionsShape)` or
 * `apply([sequence, maskPositions])`.
 *
 * @example keras-io's getting-started MLM head on BERT-tiny's 128 features, untied and tied
 * ```ts
 * import { Embedding, MaskedLMHead } from "../../mod.ts";
 * import assert from "assert";
 *
 * const head = new MaskedLMHead(30522).build([null, null, 128], [null, null]);
 * assert.equal(head.paramCount(), 128 * 30522 + 30522 + (128 * 128 + 128) + 2 * 128);
 * assert.deepEqual(head.outputShape(), [null, null, 30522]);
 * const tokenEmbedding = new Embedding(30522, { outputDim: 128 });
 * const tied = new MaskedLMHead({ tokenEmbedding }).build([null, null, 128], [null, null]);
 * assert.equal(tied.paramCount(), head.paramCount());
 * assert.equal(tied.weights()[1].owner, tokenEmbedding);
 * ```
 */
export class MaskedLMHead extends Layer {
  /** The declaration of keras-hub's `MaskedLMHead`. */
  static readonly kind: LayerKind = defineKind({
    className: "MaskedLMHead",
    aliases: registeredNames("MaskedLMHead"),
    family: "keras_hub",
    holdsQuantizable: true, // model.quantize quantizes its Dense transform
    summary: "keras-hub: Dense and a layer norm on the masked tokens, then a projection to the " +
      "vocabulary.",
    options: MASKED_LM_OPTIONS,
    positional: "vocabularySize",
    create: (config) => new MaskedLMHead(config as MaskedLMHeadArgs),
    // keras-hub's `call(inputs, mask_positions)`.
    call: {
      maskPositions: { takes: "tensors", about: "the positions whose tokens are predicted" },
    },
    // At each masked position: the intermediate Dense (d × width), then the projection to the
    // vocabulary (width × vocabulary, the embedding's matrix when tied).
    macs: (layer, { inputs }) => {
      const head = layer as MaskedLMHead;
      const d = inputs[0].at(-1)!;
      const width = head.tokenEmbedding ? head.tokenEmbedding.outputDim : d;
      return perExample(inputs[1]) * (d * width + width * head.vocabularySize);
    },
    fromJson: (config) => {
      if (config.token_embedding !== null && config.token_embedding !== undefined) {
        throw new TypeError(
          `Unsupported option "token_embedding": the JSON holds a copy of the embedding, not ` +
            `which layer of the model the head shares it with, so the model's total cannot be ` +
            `told; build the head with tokenEmbedding set to that Embedding layer instead`,
        );
      }
      return {};
    },
    why: (layer) => maskedLMWhy(layer as MaskedLMHead),
    read: {
      // The vocabulary is the output's last size; it reads the encoded sequence and the mask
      // positions. Tied to a token embedding, its row counts that table as its own output
      // kernel: the same count, so the untied head is built.
      candidates: (row) => {
        const vocabularySize = row.out?.at(-1);
        if (typeof vocabularySize !== "number" || row.inputs?.length !== 2) return [];
        return [{ config: { vocabularySize }, input: row.inputs }];
      },
      hints: () => [
        `A head tied to its token embedding (tokenEmbedding) has the same count: the table is ` +
        `its output kernel, counted in this row and once in the model's total.`,
      ],
    },
  });
  /** The vocabulary size. */
  readonly vocabularySize: number;
  /** The token embedding whose table the head reuses, or `null` for its own output kernel. */
  readonly tokenEmbedding: Embedding | null;
  #maskPositions: Shape | undefined;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param vocabularySize The vocabulary size, or the whole configuration.
   * @param args The rest of the configuration, when `vocabularySize` came first.
   * @throws {TypeError} When neither `vocabularySize` nor `tokenEmbedding` is given.
   * @throws {RangeError} When `vocabularySize` is not the token embedding's vocabulary.
   */
  constructor(
    vocabularySize: number | MaskedLMHeadArgs,
    args?: Omit<MaskedLMHeadArgs, "vocabularySize">,
  ) {
    super(
      positional(MaskedLMHead.kind, vocabularySize, args) as MaskedLMHeadArgs,
      MaskedLMHead.kind,
    );
    const c = this.options(MASKED_LM_OPTIONS);
    this.tokenEmbedding = c.tokenEmbedding;
    const tied = c.tokenEmbedding?.inputDim;
    if (c.vocabularySize === undefined && tied === undefined) {
      throw new TypeError(
        `Invalid configuration for MaskedLMHead: one of vocabularySize or tokenEmbedding must ` +
          `be set, received neither`,
      );
    }
    if (c.vocabularySize !== undefined && tied !== undefined && c.vocabularySize !== tied) {
      throw new RangeError(
        `Invalid vocabularySize for MaskedLMHead: it must be the token embedding's inputDim ` +
          `${tied}, received ${c.vocabularySize}`,
      );
    }
    this.vocabularySize = (c.vocabularySize ?? tied)!;
  }

  /**
   * Builds the layer as keras-hub's `build(inputs_shape, mask_positions_shape)`.
   *
   * @param sequence The encoded sequence's shape, batch first.
   * @param maskPositions The mask positions' shape, (batch, masks).
   * @returns The layer.
   * @throws {IncompatibleShapeError} When the mask positions are missing, the sequence's
   * features are unknown, or the layer was built for other shapes.
   */
  override build(sequence: Shape, maskPositions?: Shape): this {
    if (!Array.isArray(maskPositions)) {
      throw new IncompatibleShapeError(
        this.name,
        sequence,
        `Layer "${this.name}" (MaskedLMHead) takes two inputs, the encoded sequence and the ` +
          `mask positions: build(sequenceShape, maskPositionsShape) or ` +
          `apply([sequence, maskPositions]); received ${describeValue(maskPositions)} for the ` +
          `mask positions`,
      );
    }
    if (this.built) {
      if (sameShape(this.#maskPositions!, maskPositions)) return super.build(sequence);
      throw new IncompatibleShapeError(
        this.name,
        maskPositions,
        `Layer "${this.name}" was already built for mask positions ` +
          `${formatShape(this.#maskPositions!)}, and cannot be built again for ` +
          `${formatShape(maskPositions)}`,
      );
    }
    this.#maskPositions = [...maskPositions];
    try {
      return super.build(sequence);
    } catch (error) {
      this.#maskPositions = undefined;
      throw error;
    }
  }

  /**
   * Builds the layer for its two inputs, the encoded sequence and the mask positions, as a
   * model does.
   *
   * @param inputs The two shapes, in call order.
   * @returns The layer.
   */
  override buildFor(inputs: readonly Shape[]): this {
    return inputs.length === 2 ? this.build(inputs[0], inputs[1]) : super.buildFor(inputs);
  }

  /**
   * The token embedding, the intermediate Dense layer and the layer normalization, once built:
   * they follow the layer's `trainable`. They are not `innerLayers()`: keras-hub names them
   * itself, and Keras neither numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.tokenEmbedding ? [this.tokenEmbedding, ...this.#subLayers] : this.#subLayers;
  }

  /** The encoded sequence's and the mask positions' shapes, in call order. */
  override inputShapes(): readonly Shape[] {
    return [this.inputShape(), this.#maskPositions!];
  }

  /** What the encoded sequence must look like: (batch, …, features), features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }

  /**
   * keras-hub's order: its own weights (`output_kernel` untied, `output_bias`), then its
   * sub-layers' (the token embedding's table when tied, the Dense layer's, the norm's).
   */
  protected buildWeights(sequence: Shape): WeightSpec[] {
    const d = sequence.at(-1)!;
    const embedding = this.tokenEmbedding;
    const width = embedding ? embedding.outputDim : d;
    const intermediate = new Dense(width, { name: "intermediate_dense" }).build([null, null, d]);
    const norm = new LayerNormalization({ name: "intermediate_layer_norm" })
      .build([null, null, width]);
    if (!this.built) this.#subLayers = [intermediate, norm];
    const vocabulary = { symbol: "v", meaning: "vocabularySize" };
    const tiedWidth = { symbol: "e", meaning: "the token embedding's width" };
    const out = embedding && width !== d ? tiedWidth : HIDDEN;
    return [
      ...(embedding ? [] : [{
        name: "output_kernel",
        shape: [d, this.vocabularySize],
        trainable: true,
        axes: [HIDDEN, vocabulary],
      }]),
      {
        name: "output_bias",
        shape: [this.vocabularySize],
        trainable: true,
        axes: [vocabulary],
      },
      ...(embedding ? subWeights(embedding, { embeddings: [vocabulary, out] }) : []),
      ...subWeights(intermediate, { kernel: [HIDDEN, out], bias: [out] }),
      ...subWeights(norm, { gamma: [out], beta: [out] }),
    ];
  }

  /** The output shape: one score per vocabulary entry at each mask position. */
  protected computeOutputShape(): Shape {
    return [...this.#maskPositions!, this.vocabularySize];
  }

  /**
   * Calls the layer on the sequence with `{ maskPositions }`, as keras-hub's
   * `head(sequence, mask_positions=…)`, or on `[sequence, maskPositions]`.
   *
   * @param inputs The sequence, or the two tensors.
   * @param callArgs `maskPositions`, when the sequence is given alone.
   * @returns The output tensor.
   *
   * @example
   * ```ts
   * import { Input, MaskedLMHead } from "../../mod.ts";
   * import assert from "assert";
   *
   * const sequence = new Input({ shape: [12, 32] });
   * const positions = new Input({ shape: [3], dtype: "int32" });
   * const head = new MaskedLMHead({ vocabularySize: 100, activation: "softmax" });
   * assert.deepEqual(head.apply(sequence, { maskPositions: positions }).shape, [null, 3, 100]);
   * ```
   */
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor;
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const call = this.readCallArgs(callArgs);
    const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
    const tensors = [
      ...list.map((x) => asTensor(this, x as SymbolicTensor | Layer)),
      ...call.edges,
    ];
    if (tensors.length !== 2) {
      throw new TypeError(
        `Layer "${this.name}" (MaskedLMHead) takes the encoded sequence and the mask ` +
          `positions, received ${tensors.length} input${tensors.length === 1 ? "" : "s"}`,
      );
    }
    this.build(tensors[0].shape, tensors[1].shape);
    const node = this.recordNode(tensors, [this.outputShape() as Shape], true, call.given);
    return node.outputs[0];
  }
}

function maskedLMWhy(layer: MaskedLMHead): string[] {
  const sizes = sizesByPrefix(layer.weights());
  const d = layer.inputShape().at(-1)!, v = layer.vocabularySize;
  const embedding = layer.tokenEmbedding;
  const e = embedding ? embedding.outputDim : d;
  return [
    `intermediate_dense maps each masked token's ${d} features to ${e}: ${d}·${e} + ${e} = ` +
    `${fmt(sizes.get("intermediate_dense")!)}; intermediate_layer_norm adds a scale and an ` +
    `offset per feature, 2 × ${e}.`,
    embedding
      ? `The projection to the vocabulary reuses the token embedding "${embedding.name}" ` +
        `(${fmt(v)} × ${e} = ${fmt(v * e)}): keras-hub tracks it as a sub-layer, so Keras ` +
        `counts its table in this row too, and once in the model's total. output_bias adds one ` +
        `per vocabulary entry, ${fmt(v)}.`
      : `The projection to the vocabulary: output_kernel ${d} × ${fmt(v)} = ${fmt(d * v)} and ` +
        `output_bias, one per vocabulary entry, ${fmt(v)}.`,
    `The number of masks and the sequence length change no count.`,
  ];
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_MASKED_LM_KINDS } from "./keras_hub_masked_lm.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(KERAS_HUB_MASKED_LM_KINDS.map((kind) => kind.className), ["MaskedLMHead"]);
 * ```
 */
export const KERAS_HUB_MASKED_LM_KINDS: readonly LayerKind[] = [
  MaskedLMHead.kind,
];
