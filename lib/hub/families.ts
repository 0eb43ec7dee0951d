/**
 * keras-hub's backbone families, each a short declaration over the blocks of `blocks.ts`:
 * BERT, RoBERTa, XLM-RoBERTa, DistilBERT, ELECTRA, ALBERT, GPT-2, OPT, Llama, Llama 3, Mistral,
 * Qwen 2, Qwen 3, Phi-3, Bloom, Falcon, BART, Gemma (with Gemma 2's extra norms) and Gemma 3's
 * text model.
 * The arguments are keras-hub's constructor arguments in camelCase, with keras-hub's defaults;
 * arguments that do not change a count (dropout, RoPE settings, epsilons) are accepted and kept.
 *
 * @module
 */

import { type FamilyDeclaration, type HubArg, HubBackbone } from "./backbone.ts";
import {
  biasedDecoderBlock,
  type BlockSizes,
  dense,
  encoderBlock,
  gatedDecoderBlock,
  type GatedExtras,
  type GatedLayout,
  type HubLayer,
  layerNorm,
  reversibleEmbedding,
  rmsNorm,
  table,
  tokenAndPosition,
  weightless,
} from "./blocks.ts";

type Config = Readonly<Record<string, HubArg>>;

const n = (c: Config, key: string): number => c[key] as number;

function repeat(count: number, make: (i: number) => HubLayer): HubLayer[] {
  return Array.from({ length: count }, (_, i) => make(i));
}

function divisible(owner: string, hidden: number, heads: number, what = "numHeads"): void {
  if (hidden % heads !== 0) {
    throw new RangeError(
      `${owner}: hiddenDim (${hidden}) must be divisible by ${what} (${heads})`,
    );
  }
}

function encoderSizes(c: Config): BlockSizes {
  const heads = n(c, "numHeads");
  return {
    hidden: n(c, "hiddenDim"),
    heads,
    kvHeads: heads,
    headDim: n(c, "hiddenDim") / heads,
    intermediate: n(c, "intermediateDim"),
  };
}

const ENCODER_REQUIRED = [
  "vocabularySize",
  "numLayers",
  "numHeads",
  "hiddenDim",
  "intermediateDim",
] as const;

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

const DECODER_REQUIRED = [
  "vocabularySize",
  "numLayers",
  "numQueryHeads",
  "hiddenDim",
  "intermediateDim",
  "numKeyValueHeads",
] as const;

const ROPE_DEFAULTS = {
  ropeMaxWavelength: 10000,
  layerNormEpsilon: 1e-6,
  dropout: 0,
  dtype: null,
};

function gatedFamily(
  className: string,
  defaultName: string,
  blockClass: string,
  normClass: string,
  extra: Readonly<Record<string, HubArg>>,
  tied: (c: Config) => boolean,
  options: {
    layout?: GatedLayout;
    extras?: GatedExtras;
    required?: readonly string[];
    defaults?: Readonly<Record<string, HubArg>>;
  } = {},
): FamilyDeclaration {
  return {
    className,
    defaultName,
    required: options.required ?? DECODER_REQUIRED,
    defaults: { ...(options.defaults ?? ROPE_DEFAULTS), ...extra },
    sizes: "headDim" in extra ? ["headDim"] : [],
    check: (c) => {
      divisible(className, n(c, "numQueryHeads"), n(c, "numKeyValueHeads"));
      if (c.headDim === null || c.headDim === undefined) {
        divisible(className, n(c, "hiddenDim"), n(c, "numQueryHeads"), "numQueryHeads");
      }
    },
    layers: (c) => {
      const d = n(c, "hiddenDim");
      const sizes: BlockSizes = {
        hidden: d,
        heads: n(c, "numQueryHeads"),
        kvHeads: n(c, "numKeyValueHeads"),
        headDim: (c.headDim as number | null | undefined) ?? d / n(c, "numQueryHeads"),
        intermediate: n(c, "intermediateDim"),
      };
      return [
        weightless("token_ids", "InputLayer"),
        reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, tied(c)),
        weightless("padding_mask", "InputLayer"),
        ...repeat(
          n(c, "numLayers"),
          (i) =>
            gatedDecoderBlock(
              `transformer_layer_${i}`,
              blockClass,
              sizes,
              options.layout ?? "llama",
              options.extras,
            ),
        ),
        rmsNorm("sequence_output_layernorm", normClass, d),
      ];
    },
  };
}

const LLAMA_EXTRA = {
  ropePositionScalingFactor: 1.0,
  ropeFrequencyAdjustmentFactor: null,
  ropeLowFreqFactor: null,
  ropeHighFreqFactor: null,
  ropePretrainingSequenceLength: null,
  tieWordEmbeddings: false,
};

const LLAMA: FamilyDeclaration = gatedFamily(
  "LlamaBackbone",
  "llama_backbone",
  "LlamaTransformerDecoder",
  "LlamaLayerNorm",
  LLAMA_EXTRA,
  (c) => c.tieWordEmbeddings === true,
);

const LLAMA3: FamilyDeclaration = gatedFamily(
  "Llama3Backbone",
  "llama3_backbone",
  "LlamaTransformerDecoder",
  "LlamaLayerNorm",
  LLAMA_EXTRA,
  (c) => c.tieWordEmbeddings === true,
);

const MISTRAL: FamilyDeclaration = gatedFamily(
  "MistralBackbone",
  "mistral_backbone",
  "MistralTransformerDecoder",
  "MistralLayerNormalization",
  { ropeScalingFactor: 1.0, slidingWindow: 512, headDim: null },
  () => false,
);

const QWEN: FamilyDeclaration = gatedFamily(
  "QwenBackbone",
  "qwen_backbone",
  "QwenTransformerDecoder",
  "QwenLayerNorm",
  {
    ropeScalingFactor: 1.0,
    tieWordEmbeddings: true,
    useSlidingWindowAttention: false,
    slidingWindowSize: 32768,
  },
  (c) => c.tieWordEmbeddings === true,
  { extras: { qkvBias: true } },
);

const QWEN3: FamilyDeclaration = gatedFamily(
  "Qwen3Backbone",
  "qwen3_backbone",
  "Qwen3TransformerDecoder",
  "Qwen3LayerNorm",
  { ropeScalingFactor: 1.0, tieWordEmbeddings: true, slidingWindowSize: 32768 },
  (c) => c.tieWordEmbeddings === true,
  { extras: { qkNorm: true }, required: [...DECODER_REQUIRED, "headDim"] },
);

const PHI3: FamilyDeclaration = gatedFamily(
  "Phi3Backbone",
  "phi3_backbone",
  "Phi3Decoder",
  "Phi3LayerNorm",
  {
    maxSequenceLength: 4096,
    pretrainingSequenceLength: 4096,
    ropeScalingType: null,
    ropeScalingShortFactor: null,
    ropeScalingLongFactor: null,
  },
  () => false,
  { layout: "phi3" },
);

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

const GEMMA3: FamilyDeclaration = {
  className: "Gemma3Backbone",
  defaultName: "gemma3_backbone",
  required: [
    "vocabularySize",
    "numLayers",
    "numQueryHeads",
    "numKeyValueHeads",
    "hiddenDim",
    "intermediateDim",
    "headDim",
  ],
  defaults: {
    imageSize: null,
    queryHeadDimNormalize: true,
    useQueryKeyNorm: true,
    usePostFfwNorm: false,
    usePostAttentionNorm: false,
    attentionLogitSoftCap: null,
    finalLogitSoftCap: null,
    useSlidingWindowAttention: false,
    slidingWindowSize: 1024,
    localRopeScalingFactor: 1.0,
    globalRopeScalingFactor: 1.0,
    visionEncoder: null,
    layerNormEpsilon: 1e-6,
    useBidirectionalAttention: false,
    dropout: 0,
    isEmbeddingModel: false,
    poolingIntermediateDim: null,
    embeddingDim: null,
    dtype: null,
  },
  check: (c) => {
    divisible("Gemma3Backbone", n(c, "numQueryHeads"), n(c, "numKeyValueHeads"));
    if (c.visionEncoder !== null || c.isEmbeddingModel !== false) {
      throw new RangeError(
        "Gemma3Backbone: only the text model is modelled (visionEncoder null, " +
          "isEmbeddingModel false)",
      );
    }
  },
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const sizes: BlockSizes = {
      hidden: d,
      heads: n(c, "numQueryHeads"),
      kvHeads: n(c, "numKeyValueHeads"),
      headDim: n(c, "headDim"),
      intermediate: n(c, "intermediateDim"),
    };
    return [
      weightless("token_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      weightless("padding_mask", "InputLayer"),
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          gatedDecoderBlock(`decoder_block_${i}`, "Gemma3DecoderBlock", sizes, "gemma", {
            postAttentionNorm: c.usePostAttentionNorm === true,
            postFfwNorm: c.usePostFfwNorm === true,
            qkNorm: c.useQueryKeyNorm === true,
          }),
      ),
      rmsNorm("final_normalization", "RMSNormalization", d),
    ];
  },
};

const GEMMA: FamilyDeclaration = {
  className: "GemmaBackbone",
  defaultName: "gemma_backbone",
  required: [
    "vocabularySize",
    "numLayers",
    "numQueryHeads",
    "numKeyValueHeads",
    "hiddenDim",
    "intermediateDim",
    "headDim",
  ],
  defaults: {
    queryHeadDimNormalize: true,
    useSlidingWindowAttention: false,
    slidingWindowSize: 4096,
    attentionLogitSoftCap: null,
    finalLogitSoftCap: null,
    usePostFfwNorm: false,
    usePostAttentionNorm: false,
    layerNormEpsilon: 1e-6,
    dropout: 0,
    dtype: null,
  },
  check: (c) => {
    divisible("GemmaBackbone", n(c, "numQueryHeads"), n(c, "numKeyValueHeads"));
    for (const key of ["usePostFfwNorm", "usePostAttentionNorm", "queryHeadDimNormalize"]) {
      if (typeof c[key] !== "boolean") {
        throw new TypeError(`GemmaBackbone's "${key}" must be a boolean, received ${c[key]}`);
      }
    }
    if (n(c, "intermediateDim") % 2 !== 0) {
      throw new RangeError(
        `GemmaBackbone: intermediateDim (${n(c, "intermediateDim")}) must be even: keras-hub ` +
          `gives each gate matrix intermediateDim / 2 columns`,
      );
    }
  },
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const sizes: BlockSizes = {
      hidden: d,
      heads: n(c, "numQueryHeads"),
      kvHeads: n(c, "numKeyValueHeads"),
      headDim: n(c, "headDim"),
      intermediate: n(c, "intermediateDim") / 2,
    };
    return [
      weightless("token_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      weightless("padding_mask", "InputLayer"),
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          gatedDecoderBlock(`decoder_block_${i}`, "GemmaDecoderBlock", sizes, "gemma", {
            postAttentionNorm: c.usePostAttentionNorm === true,
            postFfwNorm: c.usePostFfwNorm === true,
          }),
      ),
      rmsNorm("final_normalization", "RMSNormalization", d),
    ];
  },
};

/**
 * The backbone classes modelled, by keras-hub's class name.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_BACKBONES } from "./families.ts";
 * import assert from "assert";
 *
 * assert.ok(KERAS_HUB_BACKBONES.has("Llama3Backbone"));
 * assert.equal(KERAS_HUB_BACKBONES.size, 19);
 * ```
 */
export const KERAS_HUB_BACKBONES: ReadonlyMap<string, FamilyDeclaration> = new Map(
  [
    BERT,
    ROBERTA,
    XLM_ROBERTA,
    DISTIL_BERT,
    ELECTRA,
    ALBERT,
    GPT2,
    OPT,
    LLAMA,
    LLAMA3,
    MISTRAL,
    QWEN,
    QWEN3,
    PHI3,
    BLOOM,
    FALCON,
    BART,
    GEMMA,
    GEMMA3,
  ].map(
    (f) => [f.className, f],
  ),
);

/**
 * A keras-hub backbone from its class name and constructor arguments (camelCase, keras-hub's
 * defaults), with keras-hub's layers, names and weights.
 *
 * @param className keras-hub's class, e.g. `"GPT2Backbone"`.
 * @param args The constructor arguments, e.g. `{ vocabularySize: 50257, numLayers: 12, … }`.
 * @returns The backbone.
 * @throws {TypeError} For an unknown class or argument (with the camelCase name of a Python
 * one), or a missing one.
 * @throws {RangeError} For sizes keras-hub refuses.
 *
 * @example GPT-2 small: 124,439,808, its output logits tied to the token table
 * ```ts
 * import { kerasHubBackbone } from "./families.ts";
 * import assert from "assert";
 *
 * const gpt2 = kerasHubBackbone("GPT2Backbone", {
 *   vocabularySize: 50257, numLayers: 12, numHeads: 12, hiddenDim: 768, intermediateDim: 3072,
 * });
 * assert.equal(gpt2.paramCount(), 124_439_808);
 * assert.throws(() => kerasHubBackbone("GPT2Backbone", { vocabulary_size: 1 }), /vocabularySize/);
 * ```
 */
export function kerasHubBackbone(className: string, args: unknown): HubBackbone {
  const family = KERAS_HUB_BACKBONES.get(className);
  if (family === undefined) {
    throw new TypeError(
      `keras-hub backbone "${className}" is not modelled; modelled: ${
        [...KERAS_HUB_BACKBONES.keys()].join(", ")
      }`,
    );
  }
  return new HubBackbone(family, args);
}
