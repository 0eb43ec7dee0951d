/**
 * keras-hub's (formerly keras-nlp's) modeling layers: PositionEmbedding, SinePositionEncoding,
 * TokenAndPositionEmbedding, TransformerEncoder, TransformerDecoder, FNetEncoder and
 * MaskedLMHead. Each builds, as keras-hub's `build()` does (keras_hub/src/layers/modeling/), the
 * Keras layers this library already has: `MultiHeadAttention` with `key_dim = hidden_dim //
 * num_heads`, `LayerNormalization`, `Dense`, `Embedding`. Their weights are those sub-layers'
 * weights, named by their path inside the layer (`self_attention_layer/query/kernel`), so every
 * count is the sum of weights Keras itself would create.
 *
 * Keras JSON names these classes `keras_hub>TransformerEncoder` (Keras 3's `registered_name`) or
 * `keras_nlp>TransformerEncoder` (keras-nlp, and Keras 2's `class_name`); those names are the
 * kinds' aliases.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, sameShape, type Shape } from "../shape.ts";
import {
  type ApplyInput,
  asTensor,
  type AxisMeaning,
  type InputSpec,
  Layer,
  type LayerArgs,
  type Weight,
  type WeightSpec,
} from "./base.ts";
import {
  defineKind,
  type LayerKind,
  positional,
  type RowCandidate,
  type RowReading,
} from "./kind.ts";
import { keepsShape, lastSize, solveOption } from "./_reading.ts";
import type { SymbolicTensor } from "./node.ts";
import { inert, opt, type Option, optional } from "./options.ts";
import { Dense } from "./core.ts";
import { Embedding } from "./embedding.ts";
import { LayerNormalization } from "./normalization.ts";
import { MultiHeadAttention } from "./attention.ts";
import { type PyTorchCounterpart, pytorchTensor } from "./_pytorch.ts";

// ---------------------------------------------------------------------------------------------
// What the kinds share

/** keras-hub registers its layers under these packages; Keras JSON names a class by them. */
function registeredNames(className: string): string[] {
  return [`keras_hub>${className}`, `keras_nlp>${className}`];
}

const HIDDEN: AxisMeaning = { symbol: "d", meaning: "hidden size, the input's features" };
const HEADS: AxisMeaning = { symbol: "h", meaning: "heads, numHeads" };
const KEY: AxisMeaning = { symbol: "k", meaning: "key_dim per head, d // h" };
const FEEDFORWARD: AxisMeaning = {
  symbol: "f",
  meaning: "intermediateDim, the feed-forward width",
};
const ENCODER: AxisMeaning = { symbol: "d_e", meaning: "the encoder sequence's features" };

/**
 * An activation, by name; keras-hub's own activations (`keras_hub>gelu_approximate`) are
 * registered functions and accepted as such. Activations have no parameters.
 */
function hubActivation(fallback: string | null): Option<string | null> {
  const base = opt.activation(fallback);
  return {
    ...base,
    check: (owner, key, value) =>
      typeof value === "string" && value.includes(">") ? value : base.check(owner, key, value),
  };
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** The weights of a built sub-layer, named by their path here, with the axes declared here. */
function subWeights(
  sub: Layer,
  axes: Readonly<Record<string, readonly AxisMeaning[]>>,
): Weight[] {
  return sub.weightSpecs().map((w) => ({
    ...w,
    name: `${sub.name}/${w.name}`,
    axes: axes[w.name] ?? w.axes,
    // A Dense sub-layer's own words ("input features × units") are the axes' here.
    role: w.name.endsWith("gamma") || w.name.endsWith("beta") ? w.role : undefined,
  }));
}

/** keras-hub's multi-head attention weights: `d·(h·k) + h·k` per projection, `(h·k)·d + d`. */
function attentionWeights(mha: MultiHeadAttention, keyValue: AxisMeaning): Weight[] {
  return subWeights(mha, {
    "query/kernel": [HIDDEN, HEADS, KEY],
    "query/bias": [HEADS, KEY],
    "key/kernel": [keyValue, HEADS, KEY],
    "key/bias": [HEADS, KEY],
    "value/kernel": [keyValue, HEADS, KEY],
    "value/bias": [HEADS, KEY],
    "attention_output/kernel": [HEADS, KEY, HIDDEN],
    "attention_output/bias": [HIDDEN],
  });
}

function layerNormWeights(norm: LayerNormalization): Weight[] {
  return subWeights(norm, { gamma: [HIDDEN], beta: [HIDDEN] });
}

/** The feed-forward network's two Dense layers: `d·f + f`, then `f·d + d`. */
function feedForwardWeights(intermediate: Dense, output: Dense): Weight[] {
  return [
    ...subWeights(intermediate, { kernel: [HIDDEN, FEEDFORWARD], bias: [FEEDFORWARD] }),
    ...subWeights(output, { kernel: [FEEDFORWARD, HIDDEN], bias: [HIDDEN] }),
  ];
}

/**
 * keras-hub's head size: `int(hidden_dim // num_heads)`, refused when 0 as keras-hub refuses it.
 */
function headSize(owner: string, what: string, input: Shape, heads: number): number {
  const hidden = input.at(-1)!;
  const size = Math.floor(hidden / heads);
  if (size === 0) {
    throw new IncompatibleShapeError(
      owner,
      input,
      `Layer "${owner}": attention \`${what}\` computed cannot be zero: the hidden size ` +
        `${hidden} (the input's last axis) must be at least numHeads ${heads}. Full shape ` +
        `received: ${formatShape(input)}`,
    );
  }
  return size;
}

/** The sizes of the weights whose names start with each prefix, in order. */
function sizesByPrefix(weights: readonly Weight[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const w of weights) {
    const prefix = w.name.split("/")[0];
    sizes.set(prefix, (sizes.get(prefix) ?? 0) + w.size);
  }
  return sizes;
}

/**
 * Calls a layer whose call takes one sequence and, after it, masks with no weights (keras-hub's
 * `padding_mask` and `attention_mask`): only the sequence decides the weights and the output.
 */
function applySequence(
  layer: Layer,
  inputs: ApplyInput,
  masks: number,
  record: (tensors: readonly SymbolicTensor[], output: Shape, list: boolean) => SymbolicTensor,
): SymbolicTensor {
  const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
  const tensors = list.map((x) => asTensor(layer, x as SymbolicTensor | Layer));
  if (tensors.length < 1 || tensors.length > 1 + masks) {
    throw new TypeError(
      `Layer "${layer.name}" (${layer.className}) takes a sequence${
        masks > 0 ? ` and up to ${masks} masks` : ""
      }, received ${tensors.length} inputs`,
    );
  }
  // A layer called again (shared) takes another sequence its weights fit, as Keras's does.
  const output = layer.outputShapeFor(tensors[0].shape) as Shape;
  return record(tensors, output, Array.isArray(inputs));
}

// ---------------------------------------------------------------------------------------------
// PositionEmbedding

const POSITION_OPTIONS = {
  sequenceLength: opt.int(),
  hierarchicalAlpha: { ...opt.number(0.4), inert: true },
  ...inert("initializer"),
};

/** Arguments of {@linkcode PositionEmbedding}. */
export interface PositionEmbeddingArgs extends LayerArgs {
  /** The longest sequence it has a learned vector for (keras-hub's `sequence_length`). */
  readonly sequenceLength: number;
  /** How positions past `sequenceLength` are mixed (keras-hub ≥ 0.20); it has no parameters. */
  readonly hierarchicalAlpha?: number;
  /** The weights' initializer: accepted, no parameters. */
  readonly initializer?: unknown;
}

/**
 * keras-hub's `PositionEmbedding`: one learned vector per position, up to `sequenceLength`
 * positions, each as wide as the input's last axis; the output, added to the input by the
 * caller, has the input's shape.
 *
 * @example 128 positions of 256 features
 * ```ts
 * import { PositionEmbedding } from "../../mod.ts";
 * import assert from "assert";
 *
 * const layer = new PositionEmbedding(128, { inputShape: [null, 256] });
 * assert.equal(layer.paramCount(), 128 * 256);
 * assert.deepEqual(layer.outputShape(), [null, null, 256]);
 * ```
 */
export class PositionEmbedding extends Layer {
  /** The declaration of keras-hub's `PositionEmbedding`. */
  static readonly kind: LayerKind = defineKind({
    className: "PositionEmbedding",
    aliases: registeredNames("PositionEmbedding"),
    family: "keras_hub",
    summary: "keras-hub: one learned vector per position up to sequenceLength, as wide as the " +
      "input.",
    options: POSITION_OPTIONS,
    positional: "sequenceLength",
    create: (config) => new PositionEmbedding(config as unknown as PositionEmbeddingArgs),
    read: {
      // One vector per position, as wide as the input: the positions are solved from the count.
      candidates: (row) => {
        const input = row.input ?? row.out;
        if (!input || row.params === null) return [];
        const sequenceLength = solveOption(
          PositionEmbedding.kind,
          {},
          "sequenceLength",
          input,
          row.params,
        );
        return sequenceLength === undefined ? [] : [{ config: { sequenceLength }, input }];
      },
    },
    why: (layer) => {
      const [s, d] = layer.weights()[0].shape;
      return [
        `One learned vector for each of the s = ${fmt(s)} positions (sequenceLength), each as ` +
        `wide as the input's d = ${fmt(d)} features: s × d = ${fmt(s * d)}.`,
        `The input's own sequence length does not change the count; sequenceLength does.`,
      ];
    },
  });
  /** The number of positions with a learned vector. */
  readonly sequenceLength: number;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param sequenceLength The number of positions, or the whole configuration.
   * @param args The rest of the configuration, when `sequenceLength` came first.
   */
  constructor(
    sequenceLength: number | PositionEmbeddingArgs,
    args?: Omit<PositionEmbeddingArgs, "sequenceLength">,
  ) {
    super(positional(PositionEmbedding.kind, sequenceLength, args), PositionEmbedding.kind);
    this.sequenceLength = this.options(POSITION_OPTIONS).sequenceLength;
  }

  /** What input the layer accepts: (batch, …, features), the features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }

  /** One vector per position, as keras-hub's `build` adds it. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    return [{
      name: "embeddings",
      shape: [this.sequenceLength, inputShape.at(-1)!],
      trainable: true,
      axes: [
        { symbol: "s", meaning: "positions, sequenceLength" },
        { symbol: "d", meaning: "the input's features" },
      ],
    }];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

// ---------------------------------------------------------------------------------------------
// SinePositionEncoding

const SINE_OPTIONS = {
  maxWavelength: { ...opt.number(10000), inert: true },
};

/** Arguments of {@linkcode SinePositionEncoding}. */
export interface SinePositionEncodingArgs extends LayerArgs {
  /** The longest wavelength of the sines and cosines; it has no parameters. */
  readonly maxWavelength?: number;
}

/**
 * keras-hub's `SinePositionEncoding`: the fixed sine and cosine position encoding of "Attention
 * Is All You Need", as large as its input. Nothing is learned.
 *
 * @example
 * ```ts
 * import { SinePositionEncoding } from "../../mod.ts";
 * import assert from "assert";
 *
 * const layer = new SinePositionEncoding({ inputShape: [100, 32] });
 * assert.equal(layer.paramCount(), 0);
 * assert.deepEqual(layer.outputShape(), [null, 100, 32]);
 * ```
 */
export class SinePositionEncoding extends Layer {
  /** The declaration of keras-hub's `SinePositionEncoding`. */
  static readonly kind: LayerKind = defineKind({
    className: "SinePositionEncoding",
    aliases: registeredNames("SinePositionEncoding"),
    family: "keras_hub",
    summary: "keras-hub: fixed sine and cosine position encodings, as large as the input; no " +
      "weights.",
    options: SINE_OPTIONS,
    positional: "maxWavelength",
    create: (config) => new SinePositionEncoding(config as SinePositionEncodingArgs),
    read: keepsShape(),
    noWeights: (layer) =>
      `The encoding of each position is computed from fixed sines and cosines of geometrically ` +
      `spaced wavelengths (up to maxWavelength ${layer.config.maxWavelength}): nothing is ` +
      `learned.`,
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param maxWavelength The longest wavelength, or the whole configuration.
   * @param args The rest of the configuration, when `maxWavelength` came first.
   */
  constructor(
    maxWavelength?: number | SinePositionEncodingArgs,
    args?: Omit<SinePositionEncodingArgs, "maxWavelength">,
  ) {
    super(
      positional(SinePositionEncoding.kind, maxWavelength, args) as SinePositionEncodingArgs,
      SinePositionEncoding.kind,
    );
  }

  /** What input the layer accepts: (batch, …, sequence, features). */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2 };
  }

  /** No weights. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

// ---------------------------------------------------------------------------------------------
// TokenAndPositionEmbedding

const TOKEN_POSITION_OPTIONS = {
  vocabularySize: opt.int(),
  sequenceLength: opt.int(),
  embeddingDim: opt.int(),
  tieWeights: opt.bool(true),
  maskZero: { ...opt.bool(false), inert: true },
  ...inert("embeddingsInitializer"),
};

/** Arguments of {@linkcode TokenAndPositionEmbedding}. */
export interface TokenAndPositionEmbeddingArgs extends LayerArgs {
  /** How many token ids there are. */
  readonly vocabularySize: number;
  /** The longest sequence with a learned position vector. */
  readonly sequenceLength: number;
  /** The size of each token's and each position's vector. */
  readonly embeddingDim: number;
  /**
   * Whether the token embedding's reverse projection (to the vocabulary) reuses its table;
   * `false` adds a separate `reverse_embeddings` (embeddingDim × vocabularySize).
   * @default {true}
   */
  readonly tieWeights?: boolean;
  /**
   * Treat token 0 as padding and mask it; it adds no parameters.
   * @default {false}
   */
  readonly maskZero?: boolean;
  /** The initializer: accepted, no parameters. */
  readonly embeddingsInitializer?: unknown;
}

/**
 * keras-hub's `TokenAndPositionEmbedding`: a token embedding (`vocabularySize × embeddingDim`,
 * a `ReversibleEmbedding` named `token_embedding`) plus a {@linkcode PositionEmbedding}
 * (`sequenceLength × embeddingDim`, named `position_embedding`), whose outputs are added. Token
 * ids (batch, sequence) become (batch, sequence, embeddingDim).
 *
 * @example keras-io's GPT example: 5,000 tokens and 128 positions of 256
 * ```ts
 * import { TokenAndPositionEmbedding } from "../../mod.ts";
 * import assert from "assert";
 *
 * const embedding = new TokenAndPositionEmbedding(5000, {
 *   sequenceLength: 128,
 *   embeddingDim: 256,
 * });
 * assert.equal(embedding.paramCount(), 5000 * 256 + 128 * 256);
 * assert.deepEqual(embedding.outputShape(), [null, null, 256]);
 * ```
 */
export class TokenAndPositionEmbedding extends Layer {
  /** The declaration of keras-hub's `TokenAndPositionEmbedding`. */
  static readonly kind: LayerKind = defineKind({
    className: "TokenAndPositionEmbedding",
    aliases: registeredNames("TokenAndPositionEmbedding"),
    family: "keras_hub",
    summary: "keras-hub: a token embedding (vocabulary × dim) plus a position embedding " +
      "(sequenceLength × dim), added.",
    options: TOKEN_POSITION_OPTIONS,
    positional: "vocabularySize",
    create: (config) =>
      new TokenAndPositionEmbedding(config as unknown as TokenAndPositionEmbeddingArgs),
    read: {
      // The output's width is the embedding's. The count is (vocabulary + positions) × width:
      // it tells the sum, not the split, so the positions are built as the output prints them
      // (one when it does not) and the vocabulary solved from the count.
      candidates: (row) => {
        const out = row.out;
        const embeddingDim = lastSize(out);
        if (!out || out.length !== 3 || embeddingDim === undefined || row.params === null) {
          return [];
        }
        const sequenceLength = out[1] ?? 1;
        const input = row.input ?? [out[0], out[1]];
        const config = { sequenceLength, embeddingDim };
        const vocabularySize = solveOption(
          TokenAndPositionEmbedding.kind,
          config,
          "vocabularySize",
          input,
          row.params,
        );
        if (vocabularySize === undefined) return [];
        return [{
          config: { ...config, vocabularySize },
          input,
          unread: ["vocabularySize", "sequenceLength"],
          assumption: `The count is (vocabularySize + sequenceLength) × ${embeddingDim}: the ` +
            `two add up to ${vocabularySize + sequenceLength}, and how they split is not printed.`,
        }];
      },
    },
    why: (layer) => tokenAndPositionWhy(layer as TokenAndPositionEmbedding),
  });
  /** The vocabulary size. */
  readonly vocabularySize: number;
  /** The number of positions with a learned vector. */
  readonly sequenceLength: number;
  /** The size of each vector. */
  readonly embeddingDim: number;
  /** Whether the reverse projection reuses the token table. */
  readonly tieWeights: boolean;
  readonly #token: Embedding;
  readonly #reverse: Embedding | undefined;
  readonly #position: PositionEmbedding;

  /**
   * Creates the layer and, as keras-hub's constructor does, its token and position embeddings.
   *
   * @param vocabularySize The vocabulary size, or the whole configuration.
   * @param args The rest of the configuration, when `vocabularySize` came first.
   */
  constructor(
    vocabularySize: number | TokenAndPositionEmbeddingArgs,
    args?: Omit<TokenAndPositionEmbeddingArgs, "vocabularySize">,
  ) {
    super(
      positional(TokenAndPositionEmbedding.kind, vocabularySize, args),
      TokenAndPositionEmbedding.kind,
    );
    const c = this.options(TOKEN_POSITION_OPTIONS);
    this.vocabularySize = c.vocabularySize;
    this.sequenceLength = c.sequenceLength;
    this.embeddingDim = c.embeddingDim;
    this.tieWeights = c.tieWeights;
    const v = c.vocabularySize, d = c.embeddingDim;
    // keras-hub's token embedding is a ReversibleEmbedding: Keras's Embedding table and, untied,
    // a (d, v) `reverse_embeddings` of its own, held here by a (d, v) table of the same name.
    this.#token = new Embedding({ inputDim: v, outputDim: d, name: "token_embedding" });
    this.#reverse = c.tieWeights
      ? undefined
      : new Embedding({ inputDim: d, outputDim: v, name: "token_embedding" });
    this.#position = new PositionEmbedding(c.sequenceLength, { name: "position_embedding" });
  }

  /** The input shape from the arguments, else (batch, any number of token ids). */
  override declaredInputShape(): Shape {
    return super.declaredInputShape() ?? [this.args.batchSize ?? null, null];
  }

  /**
   * The token embedding (with its reverse table) and the position embedding: they follow the
   * layer's `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras
   * neither numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return [this.#token, ...(this.#reverse ? [this.#reverse] : []), this.#position];
  }

  /** What input the layer accepts: token ids, (batch, …). */
  protected get inputSpec(): InputSpec {
    return { minNdim: 1 };
  }

  /** The token table (and its reverse), then the position table, as keras-hub builds them. */
  protected buildWeights(): Weight[] {
    // Their tables do not depend on the input's shape: built once, on any sequence.
    const token = this.#token.build([null, null]);
    const reverse = this.#reverse?.build([null]);
    const position = this.#position.build([null, null, this.embeddingDim]);
    const vocabulary = { symbol: "v", meaning: "token ids, vocabularySize" };
    const width = { symbol: "d", meaning: "embeddingDim" };
    return [
      ...subWeights(token, { embeddings: [vocabulary, width] }),
      ...(reverse
        ? reverse.weightSpecs().map((w) => ({
          ...w,
          name: "token_embedding/reverse_embeddings",
          axes: [width, vocabulary],
          role: "the projection back to the vocabulary (tieWeights: false)",
        }))
        : []),
      ...subWeights(position, {
        embeddings: [{ symbol: "s", meaning: "positions, sequenceLength" }, width],
      }),
    ];
  }

  /** The output shape: the input's, one vector of embeddingDim per token id. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape, this.embeddingDim];
  }
}

function tokenAndPositionWhy(layer: TokenAndPositionEmbedding): string[] {
  const v = layer.vocabularySize, d = layer.embeddingDim, s = layer.sequenceLength;
  return [
    `Token embedding (token_embedding): one vector of d = ${fmt(d)} numbers for each of the ` +
    `v = ${fmt(v)} token ids: v × d = ${fmt(v * d)}.`,
    ...(layer.tieWeights ? [] : [
      `tieWeights: false gives the token embedding a separate table for projecting back to the ` +
      `vocabulary (reverse_embeddings, d × v = ${fmt(d * v)}), which a tied layer reads from ` +
      `its token table instead.`,
    ]),
    `Position embedding (position_embedding): one learned vector of d numbers for each of the ` +
    `s = ${fmt(s)} positions (sequenceLength): s × d = ${fmt(s * d)}. The two are added, which ` +
    `is why both are d wide.`,
    `The input's own sequence length does not change the count; vocabularySize, ` +
    `sequenceLength and embeddingDim do.`,
  ];
}

// ---------------------------------------------------------------------------------------------
// TransformerEncoder

const ENCODER_OPTIONS = {
  intermediateDim: opt.int(),
  numHeads: opt.int(),
  dropout: { ...opt.fraction(0), inert: true },
  activation: hubActivation("relu"),
  layerNormEpsilon: { ...opt.number(1e-5), inert: true },
  normalizeFirst: { ...opt.bool(false), inert: true },
  ...inert(
    "kernelInitializer",
    "biasInitializer",
    "kernelRegularizer",
    "biasRegularizer",
    "activityRegularizer",
  ),
};

/** Arguments of {@linkcode TransformerEncoder}. */
export interface TransformerEncoderArgs extends LayerArgs {
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The attention heads; each has `hiddenSize // numHeads` columns. */
  readonly numHeads: number;
  /** Dropout in the attention and the feed-forward network; it has no parameters. */
  readonly dropout?: number;
  /**
   * The feed-forward network's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly activation?: string | null;
  /** The layer normalizations' epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /**
   * Normalize before the attention and the feed-forward network (GPT-2) rather than after them
   * (BERT); it moves the normalizations, it adds no parameters.
   * @default {false}
   */
  readonly normalizeFirst?: boolean;
  /** Initializers and regularizers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly activityRegularizer?: unknown;
}

/**
 * How a transformer block's row is read: its width is its input's; its attention is `numHeads`
 * heads of `key_dim = width // numHeads`, so the count tells the heads' total width (every
 * number of heads that divides the width gives the whole width, and so the same count); the
 * feed-forward size (`intermediateDim`) is the one whole number that then gives the printed
 * count. A decoder called with an encoder's sequence (two inputs) has cross-attention.
 */
function blockReading(kind: () => LayerKind, heads: boolean): RowReading {
  return {
    candidates: (row) => {
      const input = row.inputs?.[0] ?? row.input;
      const width = lastSize(input);
      if (!input || width === undefined || row.params === null) return [];
      const encoder = row.inputs && row.inputs.length === 2 ? row.inputs[1] : undefined;
      const base = encoder ? { encoderSequenceShape: encoder } : {};
      const solve = (config: Record<string, unknown>) =>
        solveOption(kind(), config, "intermediateDim", input, row.params!);
      if (!heads) {
        const intermediateDim = solve(base);
        return intermediateDim === undefined
          ? []
          : [{ config: { ...base, intermediateDim }, input }];
      }
      // The heads by the total width they give, fewest heads first.
      const byWidth = new Map<number, number[]>();
      for (let h = 1; h <= Math.min(width, MAX_HEADS_TRIED); h++) {
        const total = h * Math.floor(width / h);
        byWidth.set(total, [...(byWidth.get(total) ?? []), h]);
      }
      const found: RowCandidate[] = [];
      for (const [total, counts] of byWidth) {
        const intermediateDim = solve({ ...base, numHeads: counts[0] });
        if (intermediateDim === undefined) continue;
        const listed = counts.length > 6 ? [...counts.slice(0, 6), "…"] : counts;
        found.push({
          config: { ...base, numHeads: counts[0], intermediateDim },
          input,
          ...(counts.length > 1
            ? {
              unread: ["numHeads"],
              assumption:
                `The count does not tell numHeads: ${
                  listed.join(", ")
                } heads of key_dim = ${width} // numHeads are ${total} wide in all, and give the ` +
                `same count.`,
            }
            : {}),
        });
      }
      return found;
    },
  };
}

/** The most attention heads a row's reading tries. */
const MAX_HEADS_TRIED = 256;

/**
 * keras-hub's `TransformerEncoder`: self-attention (Keras's `MultiHeadAttention` with `numHeads`
 * heads of `key_dim = hidden // numHeads`, where hidden is the input's last axis), two layer
 * normalizations, and a feed-forward network, `Dense(intermediateDim)` then `Dense(hidden)`.
 * The output has the input's shape. Called in a model with `padding_mask` or `attention_mask`,
 * it ignores those tensors: masks have no weights.
 *
 * @example keras-io's getting-started transformer: 64 features, 2 heads, 128 wide
 * ```ts
 * import { TransformerEncoder } from "../../mod.ts";
 * import assert from "assert";
 *
 * const encoder = new TransformerEncoder(128, { numHeads: 2, inputShape: [null, 64] });
 * // attention 4 × (64·64 + 64), norms 2 × 2 × 64, feed-forward 64·128 + 128 + 128·64 + 64
 * assert.equal(encoder.paramCount(), 16_640 + 256 + 16_576);
 * assert.deepEqual(encoder.outputShape(), [null, null, 64]);
 * ```
 */
export class TransformerEncoder extends Layer {
  /** The declaration of keras-hub's `TransformerEncoder`. */
  static readonly kind: LayerKind = defineKind({
    className: "TransformerEncoder",
    aliases: registeredNames("TransformerEncoder"),
    family: "keras_hub",
    summary: "keras-hub: self-attention (key_dim = hidden // heads), two layer norms and a " +
      "feed-forward network.",
    options: ENCODER_OPTIONS,
    positional: "intermediateDim",
    create: (config) => new TransformerEncoder(config as unknown as TransformerEncoderArgs),
    read: blockReading(() => TransformerEncoder.kind, true),
    why: (layer) => blockWhy(layer as TransformerEncoder),
    pytorch: (layer) => torchBlock(layer as TransformerEncoder),
  });
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The number of attention heads. */
  readonly numHeads: number;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param intermediateDim The feed-forward size, or the whole configuration.
   * @param args The rest of the configuration, when `intermediateDim` came first.
   */
  constructor(
    intermediateDim: number | TransformerEncoderArgs,
    args?: Omit<TransformerEncoderArgs, "intermediateDim">,
  ) {
    super(positional(TransformerEncoder.kind, intermediateDim, args), TransformerEncoder.kind);
    const c = this.options(ENCODER_OPTIONS);
    this.intermediateDim = c.intermediateDim;
    this.numHeads = c.numHeads;
  }

  /**
   * The attention, the normalizations and the feed-forward layers, once built: they follow the
   * layer's `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras
   * neither numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What input the layer accepts: (batch, sequence, features), the features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The sub-layers' weights, in keras-hub's order. */
  protected buildWeights(inputShape: Shape): Weight[] {
    const k = headSize(this.name, "key_dim", inputShape, this.numHeads);
    const attention = new MultiHeadAttention(this.numHeads, {
      keyDim: k,
      name: "self_attention_layer",
    }).build(inputShape, inputShape);
    const attentionNorm = new LayerNormalization({ name: "self_attention_layer_norm" })
      .build(inputShape);
    const feedForwardNorm = new LayerNormalization({ name: "feedforward_layer_norm" })
      .build(inputShape);
    const [intermediate, output] = feedForward(this.intermediateDim, inputShape);
    const subLayers = [attention, attentionNorm, feedForwardNorm, intermediate, output];
    if (!this.built) this.#subLayers = subLayers;
    return [
      ...attentionWeights(attention, HIDDEN),
      ...layerNormWeights(attentionNorm),
      ...layerNormWeights(feedForwardNorm),
      ...feedForwardWeights(intermediate, output),
    ];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  /**
   * Calls the layer on a sequence, or on `[sequence, paddingMask?, attentionMask?]` as keras-hub's
   * `encoder(x, padding_mask=…)` is recorded: the masks have no weights.
   *
   * @param inputs The sequence tensor, or the list.
   * @returns The output tensor.
   */
  override apply(inputs: ApplyInput): SymbolicTensor;
  override apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    return applySequence(
      this,
      inputs,
      2,
      (tensors, output, list) => this.recordNode(tensors, [output], list).outputs[0],
    );
  }
}

/** keras-hub's feed-forward network: Dense(intermediate) on the input, Dense(hidden) after. */
function feedForward(intermediateDim: number, inputShape: Shape): [Dense, Dense] {
  const intermediate = new Dense(intermediateDim, { name: "feedforward_intermediate_dense" })
    .build(inputShape);
  const output = new Dense(inputShape.at(-1)!, { name: "feedforward_output_dense" })
    .build([...inputShape.slice(0, -1), intermediateDim]);
  return [intermediate, output];
}

// ---------------------------------------------------------------------------------------------
// TransformerDecoder

const DECODER_OPTIONS = {
  intermediateDim: opt.int(),
  numHeads: opt.int(),
  dropout: { ...opt.fraction(0), inert: true },
  activation: hubActivation("relu"),
  layerNormEpsilon: { ...opt.number(1e-5), inert: true },
  normalizeFirst: { ...opt.bool(false), inert: true },
  encoderSequenceShape: {
    ...optional(opt.shape()),
    expected: "the encoder sequence's shape, batch first (a list of positive integers or " +
      "null), or null for no cross-attention",
    nullInJson: true,
    check: (owner: string, key: string, value: unknown) =>
      value === null ? null : opt.shape().check(owner, key, value),
  } as Option<Shape | null | undefined>,
  ...inert("kernelInitializer", "biasInitializer"),
};

/** Arguments of {@linkcode TransformerDecoder}. */
export interface TransformerDecoderArgs extends LayerArgs {
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The attention heads; each has `hiddenSize // numHeads` columns. */
  readonly numHeads: number;
  /** Dropout in the attentions and the feed-forward network; it has no parameters. */
  readonly dropout?: number;
  /**
   * The feed-forward network's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly activation?: string | null;
  /** The layer normalizations' epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /**
   * Normalize before each block (GPT-2) rather than after it; it adds no parameters.
   * @default {false}
   */
  readonly normalizeFirst?: boolean;
  /**
   * The encoder sequence the cross-attention is built for, batch first, as keras-hub's JSON
   * records it (`encoder_sequence_shape`); `null` for a decoder-only layer, with no
   * cross-attention. Absent, keras-hub's rule decides when the layer is built: cross-attention
   * exactly when it is built or called with an encoder sequence (`build(decoder, encoder)`,
   * `apply([decoder, encoder])`), none when called on the decoder sequence alone.
   */
  readonly encoderSequenceShape?: Shape | null;
  /** Initializers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
}

/**
 * keras-hub's `TransformerDecoder`: self-attention (`MultiHeadAttention`, `numHeads` heads of
 * `hidden // numHeads`) and its layer normalization; with an encoder sequence, cross-attention
 * (queries from the decoder, keys and values from the encoder) and its layer normalization;
 * then a feed-forward network, `Dense(intermediateDim)` then `Dense(hidden)`, and its layer
 * normalization. keras-hub builds the cross-attention only when the layer is called with an
 * encoder sequence, so a decoder-only stack (GPT) has none. The output has the decoder
 * sequence's shape.
 *
 * @example keras-io's GPT decoder: 256 features, 3 heads of 85, decoder-only
 * ```ts
 * import { TransformerDecoder } from "../../mod.ts";
 * import assert from "assert";
 *
 * const decoder = new TransformerDecoder(256, { numHeads: 3, inputShape: [null, 256] });
 * assert.equal(decoder.paramCount(), 394_749);
 * const translator = new TransformerDecoder(256, { numHeads: 4 });
 * translator.build([null, null, 256], [null, null, 128]);
 * assert.ok(translator.weights().some((w) => w.name === "cross_attention/key/kernel"));
 * ```
 */
export class TransformerDecoder extends Layer {
  /** The declaration of keras-hub's `TransformerDecoder`. */
  static readonly kind: LayerKind = defineKind({
    className: "TransformerDecoder",
    aliases: registeredNames("TransformerDecoder"),
    family: "keras_hub",
    summary: "keras-hub: self-attention, cross-attention only with an encoder sequence, layer " +
      "norms and a feed-forward network.",
    options: DECODER_OPTIONS,
    positional: "intermediateDim",
    create: (config) => new TransformerDecoder(config as unknown as TransformerDecoderArgs),
    read: blockReading(() => TransformerDecoder.kind, true),
    // keras-hub records the decoder's build shape too; the reader builds from the model instead.
    jsonIgnored: ["decoder_sequence_shape"],
    why: (layer) => blockWhy(layer as TransformerDecoder),
    pytorch: (layer) => torchBlock(layer as TransformerDecoder),
  });
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The number of attention heads. */
  readonly numHeads: number;
  #encoder: Shape | undefined;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param intermediateDim The feed-forward size, or the whole configuration.
   * @param args The rest of the configuration, when `intermediateDim` came first.
   */
  constructor(
    intermediateDim: number | TransformerDecoderArgs,
    args?: Omit<TransformerDecoderArgs, "intermediateDim">,
  ) {
    super(positional(TransformerDecoder.kind, intermediateDim, args), TransformerDecoder.kind);
    const c = this.options(DECODER_OPTIONS);
    this.intermediateDim = c.intermediateDim;
    this.numHeads = c.numHeads;
  }

  /** The encoder sequence's shape the cross-attention was built for; none when decoder-only. */
  get encoderSequenceShape(): Shape | undefined {
    this.inputShape();
    return this.#encoder;
  }

  /** Whether the layer has cross-attention (it was built with an encoder sequence). */
  get hasCrossAttention(): boolean {
    return this.encoderSequenceShape !== undefined;
  }

  /**
   * Builds the layer for the inputs a call gives it: the decoder sequence, then the encoder's.
   *
   * @param inputs `[decoder]` or `[decoder, encoder]`.
   * @returns The layer.
   */
  override buildFor(inputs: readonly Shape[]): this {
    return this.build(inputs[0], inputs[1]);
  }

  /**
   * Builds the layer as keras-hub's `build(decoder_sequence_shape, encoder_sequence_shape)`:
   * with an encoder sequence (given here or in `encoderSequenceShape`), cross-attention too.
   *
   * @param decoder The decoder sequence's shape, batch first.
   * @param encoder The encoder sequence's shape; absent for a decoder-only layer.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When a shape cannot be taken, the encoder sequence
   * contradicts `encoderSequenceShape`, or the layer was built for other shapes.
   *
   * @example Cross-attention on an encoder of another width
   * ```ts
   * import { TransformerDecoder } from "../../mod.ts";
   * import assert from "assert";
   *
   * const decoder = new TransformerDecoder(64, { numHeads: 4 });
   * decoder.build([null, 10, 32], [null, 7, 48]);
   * assert.deepEqual(decoder.encoderSequenceShape, [null, 7, 48]);
   * assert.deepEqual(decoder.outputShape(), [null, 10, 32]);
   * ```
   */
  override build(decoder: Shape, encoder?: Shape): this {
    const configured = this.config.encoderSequenceShape as Shape | null | undefined;
    if (encoder !== undefined) this.#checkEncoder(encoder, configured);
    const wanted = encoder ?? configured ?? undefined;
    if (this.built) {
      const had = this.#encoder;
      const same = wanted === undefined ? had === undefined : had && sameShape(had, wanted);
      if (same && sameShape(this.inputShape(), decoder)) return this;
      throw new IncompatibleShapeError(
        this.name,
        decoder,
        `Layer "${this.name}" was already built for decoder sequence ` +
          `${formatShape(this.inputShape())}${
            had ? ` and encoder sequence ${formatShape(had)}` : " alone"
          }, and cannot be built again for ${formatShape(decoder)}${
            wanted ? ` and ${formatShape(wanted)}` : " alone"
          }`,
      );
    }
    this.#encoder = wanted === undefined ? undefined : [...wanted];
    try {
      return super.build(decoder);
    } catch (error) {
      this.#encoder = undefined;
      throw error;
    }
  }

  #checkEncoder(encoder: Shape, configured: Shape | null | undefined): void {
    if (!Array.isArray(encoder) || encoder.length === 0) {
      throw new TypeError(
        `Invalid encoder sequence shape for layer "${this.name}": expected a list of sizes ` +
          `with the batch dimension first, received ${describeValue(encoder)}`,
      );
    }
    if (configured === null) {
      throw new IncompatibleShapeError(
        this.name,
        encoder,
        `Layer "${this.name}" was configured without cross-attention ` +
          `(encoderSequenceShape: null), so it cannot take an encoder sequence; keras-hub ` +
          `refuses the call likewise. Received encoder sequence ${formatShape(encoder)}`,
      );
    }
    if (configured !== undefined && !sameShape(configured, encoder)) {
      throw new IncompatibleShapeError(
        this.name,
        encoder,
        `Layer "${this.name}" was configured for an encoder sequence of shape ` +
          `${formatShape(configured)} (encoderSequenceShape), received ${formatShape(encoder)}`,
      );
    }
  }

  /**
   * The attentions, the normalizations and the feed-forward layers, once built: they follow the
   * layer's `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras
   * neither numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.#subLayers;
  }

  /** The decoder and (with cross-attention) the encoder sequences' shapes, in call order. */
  override inputShapes(): readonly Shape[] {
    const encoder = this.encoderSequenceShape;
    return encoder ? [this.inputShape(), encoder] : [this.inputShape()];
  }

  /** What the decoder sequence must look like: (batch, sequence, features), features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The sub-layers' weights, in keras-hub's order. */
  protected buildWeights(decoder: Shape): Weight[] {
    const encoder = this.#encoder;
    if (encoder && (encoder.length < 3 || encoder.at(-1) === null)) {
      throw new IncompatibleShapeError(
        this.name,
        encoder,
        `The encoder sequence of layer "${this.name}" must be (batch, sequence, features) with ` +
          `its features known, to build the cross-attention's key and value projections. ` +
          `Full shape received: ${formatShape(encoder)}`,
      );
    }
    const k = headSize(this.name, "head_dim", decoder, this.numHeads);
    const attention = new MultiHeadAttention(this.numHeads, { keyDim: k, name: "self_attention" })
      .build(decoder, decoder);
    const attentionNorm = new LayerNormalization({ name: "self_attention_layer_norm" })
      .build(decoder);
    const cross = encoder
      ? new MultiHeadAttention(this.numHeads, {
        keyDim: k,
        valueDim: k,
        name: "cross_attention",
      }).build(decoder, encoder)
      : undefined;
    const crossNorm = encoder
      ? new LayerNormalization({ name: "cross_attention_layer_norm" }).build(decoder)
      : undefined;
    const [intermediate, output] = feedForward(this.intermediateDim, decoder);
    const feedForwardNorm = new LayerNormalization({ name: "feedforward_layer_norm" })
      .build(decoder);
    const crossLayers = cross && crossNorm ? [cross, crossNorm] : [];
    const subLayers = [attention, attentionNorm, ...crossLayers, intermediate, output];
    if (!this.built) this.#subLayers = [...subLayers, feedForwardNorm];
    const encoderAxis = encoder?.at(-1) === decoder.at(-1) ? HIDDEN : ENCODER;
    return [
      ...attentionWeights(attention, HIDDEN),
      ...layerNormWeights(attentionNorm),
      ...(cross && crossNorm
        ? [...attentionWeights(cross, encoderAxis), ...layerNormWeights(crossNorm)]
        : []),
      ...feedForwardWeights(intermediate, output),
      ...layerNormWeights(feedForwardNorm),
    ];
  }

  /** The output shape: the decoder sequence's. */
  protected computeOutputShape(decoder: Shape): Shape {
    return decoder;
  }

  /**
   * Calls the layer on a decoder sequence, or on `[decoder, encoder]` (cross-attention), as
   * keras-hub's `decoder(x)` and `decoder(x, encoder_outputs)`. Tensors after those (keras-hub's
   * padding and attention masks) have no weights. With `encoderSequenceShape: null` every tensor
   * after the decoder sequence is a mask; with a shape, the encoder sequence is the tensor of
   * that shape.
   *
   * @param inputs The decoder sequence, or the list.
   * @returns The output tensor.
   */
  override apply(inputs: ApplyInput): SymbolicTensor;
  override apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
    const tensors = list.map((x) => asTensor(this, x as SymbolicTensor | Layer));
    if (tensors.length < 1 || tensors.length > 6) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a decoder sequence, an encoder ` +
          `sequence and up to 4 masks, received ${tensors.length} inputs`,
      );
    }
    const [decoder, ...rest] = tensors;
    const configured = this.config.encoderSequenceShape as Shape | null | undefined;
    const encoder = configured === null
      ? undefined
      : configured === undefined
      ? rest[0]
      : rest.find((t) => sameShape(t.shape, configured));
    this.build(decoder.shape, encoder?.shape);
    const node = this.recordNode(tensors, [this.outputShape() as Shape], Array.isArray(inputs));
    return node.outputs[0];
  }
}

// ---------------------------------------------------------------------------------------------
// FNetEncoder

const FNET_OPTIONS = {
  intermediateDim: opt.int(),
  dropout: { ...opt.fraction(0), inert: true },
  activation: hubActivation("relu"),
  layerNormEpsilon: { ...opt.number(1e-5), inert: true },
  ...inert("kernelInitializer", "biasInitializer"),
};

/** Arguments of {@linkcode FNetEncoder}. */
export interface FNetEncoderArgs extends LayerArgs {
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** Dropout in the feed-forward network; it has no parameters. */
  readonly dropout?: number;
  /**
   * The feed-forward network's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly activation?: string | null;
  /** The layer normalizations' epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /** Initializers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
}

/**
 * keras-hub's `FNetEncoder`: a transformer encoder whose attention is replaced by a Fourier
 * transform over the sequence and the features, which has no weights. What remains: two layer
 * normalizations (`mixing_layer_norm`, `output_layer_norm`) and the feed-forward network,
 * `Dense(intermediateDim)` (`intermediate_dense`) then `Dense(hidden)` (`output_dense`).
 *
 * @example keras-io's FNet classifier: 128 features, 512 wide
 * ```ts
 * import { FNetEncoder } from "../../mod.ts";
 * import assert from "assert";
 *
 * const encoder = new FNetEncoder(512, { inputShape: [null, 128] });
 * assert.equal(encoder.paramCount(), 2 * 2 * 128 + (128 * 512 + 512) + (512 * 128 + 128));
 * ```
 */
export class FNetEncoder extends Layer {
  /** The declaration of keras-hub's `FNetEncoder`. */
  static readonly kind: LayerKind = defineKind({
    className: "FNetEncoder",
    aliases: registeredNames("FNetEncoder"),
    family: "keras_hub",
    summary: "keras-hub: Fourier mixing (no weights), two layer norms and a feed-forward " +
      "network.",
    options: FNET_OPTIONS,
    positional: "intermediateDim",
    create: (config) => new FNetEncoder(config as unknown as FNetEncoderArgs),
    read: blockReading(() => FNetEncoder.kind, false),
    why: (layer) => fnetWhy(layer as FNetEncoder),
  });
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param intermediateDim The feed-forward size, or the whole configuration.
   * @param args The rest of the configuration, when `intermediateDim` came first.
   */
  constructor(
    intermediateDim: number | FNetEncoderArgs,
    args?: Omit<FNetEncoderArgs, "intermediateDim">,
  ) {
    super(positional(FNetEncoder.kind, intermediateDim, args), FNetEncoder.kind);
    this.intermediateDim = this.options(FNET_OPTIONS).intermediateDim;
  }

  /**
   * The normalizations and the feed-forward layers, once built: they follow the layer's
   * `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras neither
   * numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What input the layer accepts: (batch, …, features), the features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }

  /** The sub-layers' weights, in keras-hub's order. */
  protected buildWeights(inputShape: Shape): Weight[] {
    const mixingNorm = new LayerNormalization({ name: "mixing_layer_norm" }).build(inputShape);
    const outputNorm = new LayerNormalization({ name: "output_layer_norm" }).build(inputShape);
    const intermediate = new Dense(this.intermediateDim, { name: "intermediate_dense" })
      .build(inputShape);
    const output = new Dense(inputShape.at(-1)!, { name: "output_dense" })
      .build(intermediate.outputShape() as Shape);
    if (!this.built) this.#subLayers = [mixingNorm, outputNorm, intermediate, output];
    return [
      ...layerNormWeights(mixingNorm),
      ...layerNormWeights(outputNorm),
      ...feedForwardWeights(intermediate, output),
    ];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

function fnetWhy(layer: FNetEncoder): string[] {
  const sizes = sizesByPrefix(layer.weights());
  const d = layer.inputShape().at(-1)!, f = layer.intermediateDim;
  const norms = sizes.get("mixing_layer_norm")! + sizes.get("output_layer_norm")!;
  const a = sizes.get("intermediate_dense")!, b = sizes.get("output_dense")!;
  return [
    `No attention weights: FNet mixes the tokens with a Fourier transform (the real part of a ` +
    `2-D FFT over the sequence and the features), which has no parameters.`,
    `Two layer normalizations (mixing_layer_norm, output_layer_norm), a scale and an offset ` +
    `per feature: 2 × 2 × ${d} = ${fmt(norms)}.`,
    `Feed-forward: intermediate_dense ${d}·${f} + ${f} = ${fmt(a)}, then output_dense back to ` +
    `the ${d} features ${f}·${d} + ${d} = ${fmt(b)}.`,
    `Total: ${fmt(norms)} + ${fmt(a)} + ${fmt(b)} = ${fmt(layer.paramCount())}; nothing depends ` +
    `on the sequence length.`,
  ];
}

// ---------------------------------------------------------------------------------------------
// The explanation of the transformer blocks

function attentionText(
  layer: Layer,
  sizes: ReadonlyMap<string, number>,
  name: string,
  what: string,
): string | undefined {
  const size = sizes.get(name);
  if (size === undefined) return undefined;
  const weights = layer.weights().filter((w) => w.name.startsWith(`${name}/`));
  const shape = (part: string) => weights.find((w) => w.name === `${name}/${part}/kernel`)!.shape;
  const [dq, h, k] = shape("query");
  const dk = shape("key")[0];
  const each = (n: number) => `${n}·(${h}·${k}) + ${h}·${k} = ${fmt(n * h * k + h * k)}`;
  const projections = name !== "cross_attention"
    ? `query, key and value projections ${each(dq)} each`
    : `a query projection of the decoder's ${dq} features ${each(dq)}, key and value ` +
      `projections of the encoder sequence's ${dk} features ${each(dk)} each`;
  return `${what} (${name}): Keras's MultiHeadAttention with ${h} heads of ${k}; ${projections}, ` +
    `and the output projection (${h}·${k})·${dq} + ${dq} = ${fmt(h * k * dq + dq)}: ` +
    `${fmt(size)}.`;
}

function blockWhy(layer: TransformerEncoder | TransformerDecoder): string[] {
  const weights = layer.weights();
  const sizes = sizesByPrefix(weights);
  const input = layer.inputShape();
  const d = input.at(-1)!, h = layer.numHeads, f = layer.intermediateDim;
  const k = Math.floor(d / h);
  const decoder = layer instanceof TransformerDecoder;
  const selfName = decoder ? "self_attention" : "self_attention_layer";
  const norms = [...sizes.keys()].filter((name) => name.endsWith("layer_norm"));
  const normSize = norms.reduce((s, name) => s + sizes.get(name)!, 0);
  const a = sizes.get("feedforward_intermediate_dense")!;
  const b = sizes.get("feedforward_output_dense")!;
  const attentionSizes = [selfName, "cross_attention"].flatMap((n) => sizes.get(n) ?? []);
  const lines = [attentionText(layer, sizes, selfName, "Self-attention")!];
  if (decoder) {
    lines.push(
      attentionText(layer, sizes, "cross_attention", "Cross-attention") ??
        `No cross-attention: keras-hub builds it only when the layer is called with an encoder ` +
          `sequence; called on the decoder sequence alone (a decoder-only model such as GPT), ` +
          `it has self-attention only.`,
    );
  }
  lines.push(
    `${norms.length === 2 ? "Two" : "Three"} layer normalizations (${norms.join(", ")}), a ` +
      `scale and an offset per feature: ${norms.length} × 2 × ${d} = ${fmt(normSize)}.`,
    `Feed-forward: feedforward_intermediate_dense ${d}·${f} + ${f} = ${fmt(a)}, then ` +
      `feedforward_output_dense back to the ${d} features ${f}·${d} + ${d} = ${fmt(b)}.`,
    `Total: ${[...attentionSizes, normSize, a, b].map(fmt).join(" + ")} = ` +
      `${fmt(layer.paramCount())}.`,
    `keras-hub sets key_dim = d // numHeads = ${d} // ${h} = ${k}, d being the input's last ` +
      `axis. ` +
      (d % h === 0
        ? `${h} divides ${d}, so every projection has numHeads × key_dim = ${d} columns however ` +
          `many heads there are: the count does not depend on numHeads (any number of heads ` +
          `that divides ${d} gives the same ${fmt(layer.paramCount())}).`
        : `${h} does not divide ${d}, so key_dim is rounded down and each projection has ` +
          `${h} × ${k} = ${h * k} columns instead of ${d}: the count is smaller than with a ` +
          `number of heads that divides ${d}.`),
    `Nothing depends on the sequence length; normalizeFirst only moves the normalizations, and ` +
      `dropout and the activation add nothing.`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------
// PyTorch's transformer layers

/**
 * `torch.nn.TransformerEncoderLayer` for an encoder or a decoder-only decoder (self-attention,
 * feed-forward, two norms), `torch.nn.TransformerDecoderLayer` for a decoder with
 * cross-attention; none where torch cannot take keras-hub's heads or widths.
 */
function torchBlock(layer: TransformerEncoder | TransformerDecoder): PyTorchCounterpart {
  const d = layer.inputShape().at(-1)!, h = layer.numHeads, f = layer.intermediateDim;
  const k = Math.floor(d / h);
  if (d % h !== 0) {
    return {
      none: `No PyTorch layer matches: torch.nn.MultiheadAttention needs numHeads to divide ` +
        `the ${d} features, where keras-hub rounds key_dim down to ${k} (${h} × ${k} = ` +
        `${h * k} columns per projection).`,
    };
  }
  const encoder = layer instanceof TransformerDecoder ? layer.encoderSequenceShape : undefined;
  if (encoder && encoder.at(-1) !== d) {
    return {
      none: `No PyTorch layer matches: torch.nn.TransformerDecoderLayer's cross-attention reads ` +
        `a memory as wide as the decoder (${d} features), and this encoder sequence has ` +
        `${encoder.at(-1)}.`,
    };
  }
  const cross = encoder !== undefined;
  const normFirst = layer.config.normalizeFirst ? ", norm_first=True" : "";
  const attention = (name: string) => [
    pytorchTensor(`${name}.in_proj_weight`, [3 * d, d]),
    pytorchTensor(`${name}.in_proj_bias`, [3 * d]),
    pytorchTensor(`${name}.out_proj.weight`, [d, d]),
    pytorchTensor(`${name}.out_proj.bias`, [d]),
  ];
  const norms = (cross ? [1, 2, 3] : [1, 2]).flatMap((i) => [
    pytorchTensor(`norm${i}.weight`, [d]),
    pytorchTensor(`norm${i}.bias`, [d]),
  ]);
  return {
    module: `torch.nn.Transformer${cross ? "Decoder" : "Encoder"}Layer(${d}, ${h}, ${f}, ` +
      `batch_first=True${normFirst})`,
    weights: [
      ...attention("self_attn"),
      ...(cross ? attention("multihead_attn") : []),
      pytorchTensor("linear1.weight", [f, d]),
      pytorchTensor("linear1.bias", [f]),
      pytorchTensor("linear2.weight", [d, f]),
      pytorchTensor("linear2.bias", [d]),
      ...norms,
    ],
    why: () => [
      `The same weights in another layout: PyTorch packs the query, key and value projections ` +
      `into one in_proj_weight (3·${d} × ${d}), where Keras keeps three (${d}, ${h}, ${k}) ` +
      `kernels; its Dense layers are linear1 and linear2, its layer normalizations norm1…` +
      `${cross ? 3 : 2}.`,
      ...(layer instanceof TransformerDecoder && !cross
        ? [
          `A decoder without cross-attention has exactly a TransformerEncoderLayer's weights: ` +
          `the causal mask that makes it a decoder has none.`,
        ]
        : []),
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// MaskedLMHead

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
    summary: "keras-hub: Dense and a layer norm on the masked tokens, then a projection to the " +
      "vocabulary.",
    options: MASKED_LM_OPTIONS,
    positional: "vocabularySize",
    create: (config) => new MaskedLMHead(config as MaskedLMHeadArgs),
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
   * Calls the layer on `[sequence, maskPositions]`, as keras-hub's
   * `head(sequence, mask_positions=…)`.
   *
   * @param inputs The two tensors.
   * @returns The output tensor.
   */
  override apply(inputs: ApplyInput): SymbolicTensor;
  override apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
    const tensors = list.map((x) => asTensor(this, x as SymbolicTensor | Layer));
    if (tensors.length !== 2) {
      throw new TypeError(
        `Layer "${this.name}" (MaskedLMHead) takes the encoded sequence and the mask ` +
          `positions, received ${tensors.length} input${tensors.length === 1 ? "" : "s"}`,
      );
    }
    this.build(tensors[0].shape, tensors[1].shape);
    const node = this.recordNode(tensors, [this.outputShape() as Shape], true);
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
