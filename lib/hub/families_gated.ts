/**
 * keras-hub's decoder families of grouped-query attention, gated MLPs and RMS norms: Llama,
 * Llama 3, Mistral, Qwen 2, Qwen 3, Phi-3, Gemma (with Gemma 2's extra norms) and Gemma 3's text
 * model.
 *
 * @module
 */

import type { FamilyDeclaration, HubArg } from "./backbone.ts";
import {
  type BlockSizes,
  gatedDecoderBlock,
  type GatedExtras,
  type GatedLayout,
  operation,
  reversibleEmbedding,
  rmsNorm,
  weightless,
} from "./blocks.ts";
import { type Config, divisible, n, repeat } from "./_family_kit.ts";

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
      // keras-hub scales the embeddings by √hiddenDim: an operation, a row of the summary.
      operation("multiply", "Multiply"),
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
      // keras-hub scales the embeddings by √hiddenDim: an operation, a row of the summary.
      operation("multiply", "Multiply"),
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
 * The families of this file.
 *
 * @example
 * ```ts
 * import { GATED_FAMILIES } from "./families_gated.ts";
 * import assert from "assert";
 *
 * assert.equal(GATED_FAMILIES[0].className, "LlamaBackbone");
 * ```
 */
export const GATED_FAMILIES: readonly FamilyDeclaration[] = [
  // keras-hub 0.32's LlamaBackbone.get_config() (Llama3Backbone's too) leaves out
  // tie_word_embeddings.
  { ...LLAMA, notInConfig: ["tieWordEmbeddings"] },
  { ...LLAMA3, notInConfig: ["tieWordEmbeddings"] },
  MISTRAL,
  QWEN,
  QWEN3,
  PHI3,
  GEMMA,
  GEMMA3,
];
