/**
 * keras-hub's position layers: PositionEmbedding (a learned vector per position),
 * SinePositionEncoding (no weights) and TokenAndPositionEmbedding (a token Embedding and a
 * PositionEmbedding, added).
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import type { Shape } from "../shape.ts";
import { Layer, type Weight } from "./base.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { keepsShape, lastSize, solveOption } from "./reading.ts";
import { inert, opt } from "./options.ts";
import { Embedding } from "./embedding.ts";
import { fmt, POSITION_CALL, registeredNames, subWeights } from "./_keras_hub.ts";

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
    // Lookups and additions only: no matrix products.
    macs: noMacs,
    aliases: registeredNames("PositionEmbedding"),
    family: "keras_hub",
    summary: "keras-hub: one learned vector per position up to sequenceLength, as wide as the " +
      "input.",
    options: POSITION_OPTIONS,
    positional: "sequenceLength",
    create: (config) => new PositionEmbedding(config as unknown as PositionEmbeddingArgs),
    call: POSITION_CALL,
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
    // Lookups and additions only: no matrix products.
    macs: noMacs,
    aliases: registeredNames("SinePositionEncoding"),
    family: "keras_hub",
    summary: "keras-hub: fixed sine and cosine position encodings, as large as the input; no " +
      "weights.",
    options: SINE_OPTIONS,
    positional: "maxWavelength",
    create: (config) => new SinePositionEncoding(config as SinePositionEncodingArgs),
    call: POSITION_CALL,
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
    // Lookups and additions only: no matrix products.
    macs: noMacs,
    aliases: registeredNames("TokenAndPositionEmbedding"),
    family: "keras_hub",
    holdsQuantizable: true, // model.quantize quantizes its token Embedding
    summary: "keras-hub: a token embedding (vocabulary × dim) plus a position embedding " +
      "(sequenceLength × dim), added.",
    options: TOKEN_POSITION_OPTIONS,
    positional: "vocabularySize",
    create: (config) =>
      new TokenAndPositionEmbedding(config as unknown as TokenAndPositionEmbeddingArgs),
    call: POSITION_CALL,
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

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_POSITION_KINDS } from "./keras_hub_position.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(KERAS_HUB_POSITION_KINDS.map((kind) => kind.className), ["PositionEmbedding", "SinePositionEncoding", "TokenAndPositionEmbedding"]);
 * ```
 */
export const KERAS_HUB_POSITION_KINDS: readonly LayerKind[] = [
  PositionEmbedding.kind,
  SinePositionEncoding.kind,
  TokenAndPositionEmbedding.kind,
];
