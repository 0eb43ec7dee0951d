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
  reads,
  readsEach,
  repeat,
  shaped,
  tensorOf,
} from "./_family_kit.ts";
import { operation, sequenceOf } from "./blocks.ts";

/** BERT's pooled output: the first token's hidden state through a Dense layer. */
function pooled(d: number): HubLayer[] {
  return [
    operation("get_item", "GetItem", [null, d]),
    shaped(dense("pooled_dense", d, d, "head"), [null, d]),
  ];
}

/** A dict of `pooled_output` and `sequence_output`, Keras's order: its keys sorted. */
function pooledOutputs(_c: Config, rows: readonly HubLayer[]): string[] {
  const blocks = rows.filter((r) => r.component === "blocks");
  return [tensorOf("pooled_dense"), tensorOf(blocks[blocks.length - 1].name)];
}

function encoderFamily(
  className: string,
  defaultName: string,
  extra: Readonly<Record<string, HubArg>>,
  embeddings: (c: Config) => HubLayer[],
  head: (c: Config) => HubLayer[] = () => [],
  required: readonly string[] = ENCODER_REQUIRED,
): FamilyDeclaration {
  return {
    ...(className === "BertBackbone" || className === "ElectraBackbone"
      ? { outputs: pooledOutputs }
      : {}),
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

/**
 * BERT's embeddings: token, position and segment tables added, a layer norm, and dropout; FNet
 * projects them (`embedding_projection`) before the dropout.
 */
export function bertEmbeddings(
  c: Config,
  v: number,
  d: number,
  projection: readonly HubLayer[] = [],
): HubLayer[] {
  return [
    weightless("token_ids", "InputLayer"),
    reversibleEmbedding("token_embedding", v, d, true),
    weightless("segment_ids", "InputLayer"),
    table("position_embedding", "PositionEmbedding", n(c, "maxSequenceLength"), d),
    reads(table("segment_embedding", "Embedding", n(c, "numSegments"), d), "segment_ids"),
    reads(
      weightless("embeddings_add", "Add"),
      "token_embedding",
      "position_embedding",
      "segment_embedding",
    ),
    layerNorm("embeddings_layer_norm", d),
    ...projection,
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
  (c) => pooled(n(c, "hiddenDim")),
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
  (c) => pooled(n(c, "hiddenDim")),
  ["vocabSize", "numLayers", "numHeads", "hiddenDim", "embeddingDim", "intermediateDim"],
);

/**
 * What GPT-2, OPT and BART declare alike: the encoder sizes, keras-hub's divisibility check, and
 * a learned position table of `maxSequenceLength` rows.
 */
function learnedPositions(className: string, defaultName: string, maxSequenceLength: number) {
  return {
    className,
    defaultName,
    required: ENCODER_REQUIRED,
    defaults: { dropout: 0.1, maxSequenceLength, dtype: null },
    sizes: ["maxSequenceLength"],
    check: (c: Config) => divisible(className, n(c, "hiddenDim"), n(c, "numHeads")),
  };
}

const GPT2: FamilyDeclaration = {
  ...learnedPositions("GPT2Backbone", "gpt2_backbone", 1024),
  layers: (c) => {
    const d = n(c, "hiddenDim");
    return [
      weightless("token_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      table("position_embedding", "PositionEmbedding", n(c, "maxSequenceLength"), d),
      reads(weightless("embeddings_add", "Add"), "token_embedding", "position_embedding"),
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
  ...learnedPositions("OPTBackbone", "opt_backbone", 2048),
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
      // keras-hub calls each block with keyword arguments; Keras flattens them by name, so the
      // padding mask (`attention_mask`) comes before the hidden states (`inputs`).
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          reads(
            biasedDecoderBlock(`transformer_layer_${i}`, "FalconTransformerDecoder", sizes, {
              preNorm: "input_layernorm",
              attention: "attention",
              mlp: ["dense_h_to_4h", "dense_4h_to_h"],
            }),
            "padding_mask",
            i === 0 ? "token_embedding" : `transformer_layer_${i - 1}`,
          ),
      ),
      layerNorm("final_layernorm", n(c, "hiddenDim")),
    ];
  },
};

// Each group's inner layers run numLayers / numGroups times in turn: each call is a node of the
// shared layer (`group_0_inner_layer_0[1][0]`), and Keras's row lists every call's inputs.
function albertGroups(c: Config): { layers: HubLayer[]; last: string } {
  const calls = n(c, "numLayers") / n(c, "numGroups");
  let x = tensorOf("embedding_projection");
  const layers = Array.from({ length: n(c, "numGroups") }, (_, g) => {
    const inner = repeat(
      n(c, "numInnerRepetitions"),
      (i) => encoderBlock(`group_${g}_inner_layer_${i}`, "TransformerEncoder", encoderSizes(c)),
    );
    const reading: string[][][] = inner.map(() => []);
    for (let k = 0; k < calls; k++) {
      inner.forEach((layer, i) => {
        reading[i].push([x, tensorOf("padding_mask")]);
        x = `${layer.name}[${k}][0]`;
      });
    }
    return inner.map((layer, i) => readsEach(layer, ...reading[i]));
  }).flat();
  return { layers, last: x };
}

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
      ...albertGroups(c).layers,
      ...pooled(d).map((l) => l.name === "get_item" ? reads(l, albertGroups(c).last) : l),
    ];
  },
  outputs: (c) => [tensorOf("pooled_dense"), albertGroups(c).last],
};

// Keras lists BART's layers by their depth in the graph, which interleaves the encoder's and the
// decoder's chains differently for each numLayers; here they are listed encoder first, and the
// summary takes Keras's order from the graph. The layers, weights and counts are keras-hub's.
const BART: FamilyDeclaration = {
  ...learnedPositions("BartBackbone", "bart_backbone", 1024),
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const positions = n(c, "maxSequenceLength");
    const layers = n(c, "numLayers");
    const encoder = (i: number) =>
      i < 0 ? "encoder_embeddings_dropout" : `transformer_encoder_layer_${i}`;
    const decoder = (i: number) =>
      i < 0 ? "decoder_embeddings_dropout" : `transformer_decoder_layer_${i}`;
    return [
      weightless("decoder_token_ids", "InputLayer"),
      weightless("encoder_token_ids", "InputLayer"),
      readsEach(
        reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
        ["encoder_token_ids"],
        ["decoder_token_ids"],
      ),
      reads(
        table("encoder_position_embedding", "PositionEmbedding", positions, d),
        "token_embedding[0][0]",
      ),
      reads(
        table("decoder_position_embedding", "PositionEmbedding", positions, d),
        "token_embedding[1][0]",
      ),
      reads(
        weightless("encoder_embeddings_add", "Add"),
        "token_embedding[0][0]",
        "encoder_position_embedding",
      ),
      reads(
        weightless("decoder_embeddings_add", "Add"),
        "token_embedding[1][0]",
        "decoder_position_embedding",
      ),
      reads(layerNorm("encoder_embeddings_layer_norm", d), "encoder_embeddings_add"),
      reads(layerNorm("decoder_embeddings_layer_norm", d), "decoder_embeddings_add"),
      weightless("encoder_padding_mask", "InputLayer"),
      reads(
        shaped(weightless("encoder_embeddings_dropout", "Dropout"), sequenceOf(d)),
        "encoder_embeddings_layer_norm",
      ),
      weightless("decoder_padding_mask", "InputLayer"),
      reads(
        shaped(weightless("decoder_embeddings_dropout", "Dropout"), sequenceOf(d)),
        "decoder_embeddings_layer_norm",
      ),
      ...repeat(layers, (i) =>
        reads(
          encoderBlock(encoder(i), "TransformerEncoder", encoderSizes(c)),
          encoder(i - 1),
          "encoder_padding_mask",
        )),
      // keras-hub calls the decoder with keyword arguments; Keras flattens them by name.
      ...repeat(layers, (i) =>
        reads(
          encoderBlock(decoder(i), "TransformerDecoder", encoderSizes(c), true),
          "decoder_padding_mask",
          decoder(i - 1),
          "encoder_padding_mask",
          encoder(layers - 1),
        )),
    ];
  },
  // A dict of decoder_sequence_output and encoder_sequence_output, its keys sorted.
  outputs: (c) => [
    tensorOf(`transformer_decoder_layer_${n(c, "numLayers") - 1}`),
    tensorOf(`transformer_encoder_layer_${n(c, "numLayers") - 1}`),
  ],
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
