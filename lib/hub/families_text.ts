/**
 * keras-hub's families built of multi-head attention with biases and layer norms: BERT, RoBERTa,
 * XLM-RoBERTa, DistilBERT, ELECTRA, ALBERT, GPT-2, OPT, Bloom, Falcon and BART.
 *
 * @module
 */

import type { FamilyDeclaration, HubArg } from "./backbone.ts";
import {
  biasedDecoderBlock,
  type BlockSizes,
  dense,
  encoderBlock,
  type HubLayer,
  layerNorm,
  reversibleEmbedding,
  table,
  tokenAndPosition,
  weightless,
} from "./blocks.ts";
import {
  type Config,
  divisible,
  ENCODER_REQUIRED,
  encoderSizes,
  n,
  repeat,
} from "./_family_kit.ts";

function encoderFamily(
  className: string,
  defaultName: string,
  extra: Readonly<Record<string, HubArg>>,
  embeddings: (c: Config) => HubLayer[],
  head: (c: Config) => HubLayer[] = () => [],
  required: readonly string[] = ENCODER_REQUIRED,
): FamilyDeclaration {
  return {
    className,
    defaultName,
    required,
    defaults: { dropout: 0.1, maxSequenceLength: 512, dtype: null, ...extra },
    sizes: ["maxSequenceLength", ...Object.keys(extra).filter((k) => k.startsWith("num"))],
    check: (c) => divisible(className, n(c, "hiddenDim"), n(c, "numHeads")),
    layers: (c) => [
      ...embeddings(c),
      weightless("padding_mask", "InputLayer"),
      ...repeat(
        n(c, "numLayers"),
        (i) => encoderBlock(`transformer_layer_${i}`, "TransformerEncoder", encoderSizes(c)),
      ),
      ...head(c),
    ],
  };
}

function bertEmbeddings(c: Config, v: number, d: number): HubLayer[] {
  return [
    weightless("token_ids", "InputLayer"),
    reversibleEmbedding("token_embedding", v, d, true),
    weightless("segment_ids", "InputLayer"),
    table("position_embedding", "PositionEmbedding", n(c, "maxSequenceLength"), d),
    table("segment_embedding", "Embedding", n(c, "numSegments"), d),
    weightless("embeddings_add", "Add"),
    layerNorm("embeddings_layer_norm", d),
    weightless("embeddings_dropout", "Dropout"),
  ];
}

function robertaEmbeddings(name: string): (c: Config) => HubLayer[] {
  return (c) => [
    weightless("token_ids", "InputLayer"),
    tokenAndPosition(name, n(c, "vocabularySize"), n(c, "maxSequenceLength"), n(c, "hiddenDim")),
    layerNorm("embeddings_layer_norm", n(c, "hiddenDim")),
    weightless("embeddings_dropout", "Dropout"),
  ];
}

const BERT: FamilyDeclaration = encoderFamily(
  "BertBackbone",
  "bert_backbone",
  { numSegments: 2 },
  (c) => bertEmbeddings(c, n(c, "vocabularySize"), n(c, "hiddenDim")),
  (c) => [dense("pooled_dense", n(c, "hiddenDim"), n(c, "hiddenDim"), "head")],
);

const ROBERTA: FamilyDeclaration = encoderFamily(
  "RobertaBackbone",
  "roberta_backbone",
  {},
  robertaEmbeddings("embeddings"),
);

const XLM_ROBERTA: FamilyDeclaration = {
  ...encoderFamily(
    "XLMRobertaBackbone",
    "xlm_roberta_backbone",
    {},
    robertaEmbeddings("embeddings"),
  ),
};

const DISTIL_BERT: FamilyDeclaration = encoderFamily(
  "DistilBertBackbone",
  "distil_bert_backbone",
  {},
  robertaEmbeddings("token_and_position_embedding"),
);

const ELECTRA: FamilyDeclaration = encoderFamily(
  "ElectraBackbone",
  "electra_backbone",
  { numSegments: 2 },
  (c) => {
    const e = n(c, "embeddingDim");
    const d = n(c, "hiddenDim");
    return [
      ...bertEmbeddings(c, n(c, "vocabSize"), e),
      ...(e === d ? [] : [dense("embeddings_projection", e, d, "embeddings")]),
    ];
  },
  (c) => [dense("pooled_dense", n(c, "hiddenDim"), n(c, "hiddenDim"), "head")],
  ["vocabSize", "numLayers", "numHeads", "hiddenDim", "embeddingDim", "intermediateDim"],
);

const GPT2: FamilyDeclaration = {
  className: "GPT2Backbone",
  defaultName: "gpt2_backbone",
  required: ENCODER_REQUIRED,
  defaults: { dropout: 0.1, maxSequenceLength: 1024, dtype: null },
  sizes: ["maxSequenceLength"],
  check: (c) => divisible("GPT2Backbone", n(c, "hiddenDim"), n(c, "numHeads")),
  layers: (c) => {
    const d = n(c, "hiddenDim");
    return [
      weightless("token_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      table("position_embedding", "PositionEmbedding", n(c, "maxSequenceLength"), d),
      weightless("embeddings_add", "Add"),
      weightless("embeddings_dropout", "Dropout"),
      weightless("padding_mask", "InputLayer"),
      ...repeat(
        n(c, "numLayers"),
        (i) => encoderBlock(`transformer_layer_${i}`, "TransformerDecoder", encoderSizes(c)),
      ),
      layerNorm("layer_norm", d),
    ];
  },
};

const OPT: FamilyDeclaration = {
  className: "OPTBackbone",
  defaultName: "opt_backbone",
  required: ENCODER_REQUIRED,
  defaults: { dropout: 0.1, maxSequenceLength: 2048, dtype: null },
  sizes: ["maxSequenceLength"],
  check: (c) => divisible("OPTBackbone", n(c, "hiddenDim"), n(c, "numHeads")),
  layers: (c) => [
    weightless("token_ids", "InputLayer"),
    tokenAndPosition(
      "embeddings",
      n(c, "vocabularySize"),
      n(c, "maxSequenceLength"),
      n(c, "hiddenDim"),
    ),
    weightless("padding_mask", "InputLayer"),
    ...repeat(
      n(c, "numLayers"),
      (i) => encoderBlock(`transformer_layer_${i}`, "TransformerDecoder", encoderSizes(c)),
    ),
    layerNorm("layer_norm", n(c, "hiddenDim")),
  ],
};

const BLOOM: FamilyDeclaration = {
  className: "BloomBackbone",
  defaultName: "bloom_backbone",
  required: ENCODER_REQUIRED,
  defaults: { dropout: 0.0, layerNormEpsilon: 1e-5, dtype: null },
  check: (c) => divisible("BloomBackbone", n(c, "hiddenDim"), n(c, "numHeads")),
  layers: (c) => [
    weightless("token_ids", "InputLayer"),
    reversibleEmbedding("token_embedding", n(c, "vocabularySize"), n(c, "hiddenDim"), true),
    layerNorm("embedding_layernorm", n(c, "hiddenDim")),
    weightless("padding_mask", "InputLayer"),
    ...repeat(
      n(c, "numLayers"),
      (i) =>
        biasedDecoderBlock(`transformer_layer_${i}`, "BloomDecoder", encoderSizes(c), {
          preNorm: "pre_attention_layernorm",
          attention: "self_attention",
          mlp: ["mlp_intermediate_dense", "mlp_output_dense"],
        }),
    ),
    layerNorm("final_layernorm", n(c, "hiddenDim")),
  ],
};

const FALCON: FamilyDeclaration = {
  className: "FalconBackbone",
  defaultName: "falcon_backbone",
  required: ["vocabularySize", "numLayers", "numAttentionHeads", "hiddenDim", "intermediateDim"],
  defaults: {
    layerNormEpsilon: 1e-5,
    attentionDropoutRate: 0,
    feedforwardDropoutRate: 0,
    dtype: null,
  },
  check: (c) =>
    divisible("FalconBackbone", n(c, "hiddenDim"), n(c, "numAttentionHeads"), "numAttentionHeads"),
  layers: (c) => {
    const heads = n(c, "numAttentionHeads");
    const sizes: BlockSizes = {
      hidden: n(c, "hiddenDim"),
      heads,
      kvHeads: heads,
      headDim: n(c, "hiddenDim") / heads,
      intermediate: n(c, "intermediateDim"),
    };
    return [
      weightless("token_ids", "InputLayer"),
      weightless("padding_mask", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), n(c, "hiddenDim"), true),
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          biasedDecoderBlock(`transformer_layer_${i}`, "FalconTransformerDecoder", sizes, {
            preNorm: "input_layernorm",
            attention: "attention",
            mlp: ["dense_h_to_4h", "dense_4h_to_h"],
          }),
      ),
      layerNorm("final_layernorm", n(c, "hiddenDim")),
    ];
  },
};

const ALBERT: FamilyDeclaration = {
  className: "AlbertBackbone",
  defaultName: "albert_backbone",
  required: [
    "vocabularySize",
    "numLayers",
    "numHeads",
    "embeddingDim",
    "hiddenDim",
    "intermediateDim",
  ],
  defaults: {
    numGroups: 1,
    numInnerRepetitions: 1,
    dropout: 0.0,
    maxSequenceLength: 512,
    numSegments: 2,
    dtype: null,
  },
  sizes: ["numGroups", "numInnerRepetitions", "maxSequenceLength", "numSegments"],
  check: (c) => {
    divisible("AlbertBackbone", n(c, "hiddenDim"), n(c, "numHeads"));
    if (n(c, "numLayers") % n(c, "numGroups") !== 0) {
      throw new RangeError(
        `AlbertBackbone: numLayers (${n(c, "numLayers")}) must be divisible by numGroups ` +
          `(${n(c, "numGroups")})`,
      );
    }
  },
  // ALBERT shares its blocks: numLayers calls of numGroups × numInnerRepetitions encoders.
  layers: (c) => {
    const e = n(c, "embeddingDim");
    const d = n(c, "hiddenDim");
    return [
      ...bertEmbeddings(c, n(c, "vocabularySize"), e),
      dense("embedding_projection", e, d, "embeddings"),
      weightless("padding_mask", "InputLayer"),
      ...Array.from({ length: n(c, "numGroups") }, (_, g) =>
        repeat(
          n(c, "numInnerRepetitions"),
          (i) => encoderBlock(`group_${g}_inner_layer_${i}`, "TransformerEncoder", encoderSizes(c)),
        )).flat(),
      dense("pooled_dense", d, d, "head"),
    ];
  },
};

// Keras lists BART's layers by their depth in the graph, which interleaves the encoder's and the
// decoder's chains differently for each numLayers; here they are listed encoder first. The
// layers, weights and counts are keras-hub's; only that order is not.
const BART: FamilyDeclaration = {
  className: "BartBackbone",
  defaultName: "bart_backbone",
  required: ENCODER_REQUIRED,
  defaults: { dropout: 0.1, maxSequenceLength: 1024, dtype: null },
  sizes: ["maxSequenceLength"],
  check: (c) => divisible("BartBackbone", n(c, "hiddenDim"), n(c, "numHeads")),
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const positions = n(c, "maxSequenceLength");
    return [
      weightless("decoder_token_ids", "InputLayer"),
      weightless("encoder_token_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      table("encoder_position_embedding", "PositionEmbedding", positions, d),
      table("decoder_position_embedding", "PositionEmbedding", positions, d),
      weightless("encoder_embeddings_add", "Add"),
      weightless("decoder_embeddings_add", "Add"),
      layerNorm("encoder_embeddings_layer_norm", d),
      layerNorm("decoder_embeddings_layer_norm", d),
      weightless("encoder_padding_mask", "InputLayer"),
      weightless("encoder_embeddings_dropout", "Dropout"),
      weightless("decoder_padding_mask", "InputLayer"),
      weightless("decoder_embeddings_dropout", "Dropout"),
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          encoderBlock(`transformer_encoder_layer_${i}`, "TransformerEncoder", encoderSizes(c)),
      ),
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          encoderBlock(
            `transformer_decoder_layer_${i}`,
            "TransformerDecoder",
            encoderSizes(c),
            true,
          ),
      ),
    ];
  },
};

/**
 * The families of this file.
 *
 * @example
 * ```ts
 * import { TEXT_FAMILIES } from "./families_text.ts";
 * import assert from "assert";
 *
 * assert.equal(TEXT_FAMILIES[0].className, "BertBackbone");
 * ```
 */
export const TEXT_FAMILIES: readonly FamilyDeclaration[] = [
  BERT,
  ROBERTA,
  XLM_ROBERTA,
  DISTIL_BERT,
  ELECTRA,
  ALBERT,
  GPT2,
  OPT,
  BLOOM,
  FALCON,
  BART,
];
