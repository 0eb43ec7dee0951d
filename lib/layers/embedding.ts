/**
 * Embedding: a lookup table of one vector per token.
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import type { Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, LoraArgs, LoraSettings, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { lastSize, perInputCountForms } from "./reading.ts";
import { inert, opt } from "./options.ts";
import { pytorchTensor } from "./pytorch.ts";
import { LORA_OPTIONS, LoraSwitch, loraWhy } from "./lora.ts";

const EMBEDDING_OPTIONS = {
  inputDim: opt.int(),
  outputDim: opt.int(),
  inputLength: { ...opt.intOrNull(), fallback: undefined as number | null | undefined },
  maskZero: { ...opt.bool(false), inert: true },
  ...LORA_OPTIONS,
  ...inert(
    "embeddingsInitializer",
    "embeddingsRegularizer",
    "embeddingsConstraint",
    "activityRegularizer",
    "sparse",
    "quantizationConfig",
    "weights",
  ),
};

/** Arguments of {@linkcode Embedding}. */
export interface EmbeddingArgs extends LayerArgs, LoraArgs {
  /** The vocabulary size: how many different token ids there are. */
  readonly inputDim: number;
  /** The size of each token's vector. */
  readonly outputDim: number;
  /**
   * The sequence length (Keras 2's `input_length`). Without an `inputShape`, the input shape is
   * `(None, inputLength)`, or `(None, None)` when this is absent too.
   */
  readonly inputLength?: number | null;
  /**
   * Treat token 0 as padding and mask it; it adds no parameters.
   * @default {false}
   */
  readonly maskZero?: boolean;
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly embeddingsInitializer?: unknown;
  /** See `embeddingsInitializer`. */
  readonly embeddingsRegularizer?: unknown;
  /** See `embeddingsInitializer`. */
  readonly embeddingsConstraint?: unknown;
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
  /** The declaration of Keras's `Embedding`. */
  static readonly kind: LayerKind = defineKind({
    className: "Embedding",
    // Elementwise work and lookups only: no matrix products. With LoRA, Keras merges the
    // table at every call, embeddings + (alpha / r)·(A·B): inputDim × rank × outputDim.
    macs: (layer) => {
      const { lora, inputDim, outputDim } = layer as Embedding;
      return lora ? inputDim * lora.rank * outputDim : noMacs();
    },
    samples: [{ inputDim: 100, outputDim: 8 }, { inputDim: 100, outputDim: 8, loraRank: 4 }],
    family: "embedding",
    summary: "A lookup table: one trained vector of outputDim values per token id.",
    options: EMBEDDING_OPTIONS,
    positional: "inputDim",
    create: (config) => new Embedding(config as unknown as EmbeddingArgs),
    tfjs: {
      factory: "embedding",
      // TF.js has no LoRA: a layer built without the factors would count differently.
      refuse: (layer) =>
        (layer as Embedding).lora
          ? `Layer "${layer.name}" (Embedding) has LoRA (rank ${
            (layer as Embedding).lora!.rank
          }), which ` +
            `TensorFlow.js's Embedding has no equivalent of`
          : undefined,
      args: (layer) => {
        const e = layer as Embedding;
        return {
          inputDim: e.inputDim,
          outputDim: e.outputDim,
          maskZero: layer.config.maskZero,
          ...(e.inputLength === undefined ? {} : { inputLength: e.inputLength }),
        };
      },
    },
    why: (layer) => {
      const [v, d] = layer.weights()[0].shape;
      return [
        `An embedding is a lookup table: one row of d = ${d} numbers per token id, v = ${v} ` +
        `rows. The sequence length does not matter.`,
        ...loraWhy(layer.weights(), (layer as Embedding).lora),
      ];
    },
    inputSize: {
      unit: "token id",
      input: (_config, v) => ({ shape: [null, null], options: { inputDim: v } }),
    },
    read: {
      // Keras 3's model.quantize changes the count; a table does not print it.
      quantizable: true,
      // The count is the table: the output's last size per token id, the vocabulary solved
      // from the count by inverse inference.
      candidates: (row) => {
        const outputDim = lastSize(row.out);
        if (!row.out || outputDim === undefined) return [];
        const input = row.input ?? row.out.slice(0, -1);
        return [{
          config: { outputDim },
          input: null,
          sized: (inputDim) => ({ config: { inputDim, outputDim }, input }),
        }];
      },
    },
    // On a vocabulary no row tells: the vector per token id, and LoRA's ranks.
    countForms: (row, bound) =>
      perInputCountForms(lastSize(row.out), [0], row.printer === "keras3", bound),
    pytorch: (layer) => {
      const [v, d] = layer.weights()[0].shape;
      if ((layer as Embedding).lora) {
        return {
          none: "torch.nn.Embedding has no LoRA factors; they come from a library such as " +
            "peft, not from torch itself, so no torch module is compared.",
        };
      }
      return {
        module: `torch.nn.Embedding(${v}, ${d})`,
        weights: [pytorchTensor("weight", [v, d])],
        why: () => [`The same table, the same count.`],
      };
    },
  });
  /** The vocabulary size. */
  readonly inputDim: number;
  /** The vector size. */
  readonly outputDim: number;
  /** The sequence length, if given. */
  readonly inputLength: number | undefined;
  readonly #lora: LoraSwitch;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The layer's configuration.
   */
  constructor(inputDim: number | EmbeddingArgs, args?: Omit<EmbeddingArgs, "inputDim">) {
    super(positional(Embedding.kind, inputDim, args), Embedding.kind);
    const c = this.options(EMBEDDING_OPTIONS);
    this.inputDim = c.inputDim;
    this.outputDim = c.outputDim;
    this.inputLength = c.inputLength ?? undefined;
    // Keras builds an Embedding without an input shape (see declaredInputShape): LoRA can be
    // enabled on it at any time.
    this.#lora = new LoraSwitch(this, "embeddings", c);
  }

  /** Keras 3's LoRA on this layer (`loraRank`, `loraAlpha`), or `undefined` when it is off. */
  get lora(): LoraSettings | undefined {
    return this.#lora.settings;
  }

  /**
   * Keras 3's `enable_lora(rank)`: freezes the table and adds two trainable factors,
   * `lora_embeddings_a` (inputDim × rank) and `lora_embeddings_b` (rank × outputDim).
   *
   * @param rank The rank r, a positive integer.
   * @param loraAlpha The update's scale numerator (Keras's `lora_alpha`); the rank by default.
   * @throws {RangeError} For a rank that is not a positive integer, or LoRA enabled twice.
   * @throws {TypeError} For a rank that is no number, or an `embeddingsConstraint`.
   *
   * @example GPT-2's token table with rank 4 trains 4 × (50,257 + 768) of 38,801,476
   * ```ts
   * import { Embedding } from "../../mod.ts";
   * import assert from "assert";
   *
   * const table = new Embedding({ inputDim: 50257, outputDim: 768 });
   * table.enableLora(4);
   * assert.equal(table.trainableParamCount(), 4 * (50257 + 768));
   * assert.equal(table.paramCount(), 50257 * 768 + 4 * (50257 + 768));
   * ```
   */
  enableLora(rank: number, loraAlpha?: number): void {
    this.#lora.enable(rank, loraAlpha);
    if (this.built) this.rebuild();
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
    return this.#lora.weights([{
      name: "embeddings",
      shape: [this.inputDim, this.outputDim],
      trainable: true,
      axes: [
        { symbol: "v", meaning: "vocabulary size, inputDim" },
        { symbol: "d", meaning: "vector size, outputDim" },
      ],
      role: `one vector of ${this.outputDim} numbers for each of ${this.inputDim} token ids`,
    }]);
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.outputDim];
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { EMBEDDING_KINDS } from "./embedding.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(EMBEDDING_KINDS.map((kind) => kind.className), ["Embedding"]);
 * ```
 */
export const EMBEDDING_KINDS: readonly LayerKind[] = [
  Embedding.kind,
];
