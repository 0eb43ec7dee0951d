/**
 * keras-hub's decoder families of grouped-query attention, gated MLPs and RMS norms: Llama,
 * Llama 3, Mistral, Qwen 2, Qwen 3, Phi-3, Gemma (with Gemma 2's extra norms) and Gemma 3's text
 * model.
 *
 * @module
 */

import type { FamilyDeclaration, HubArg } from "./backbone.ts";
import { gatedDecoderBlock, type GatedExtras, type GatedLayout } from "./blocks.ts";
import { type Config, divisible, n } from "./_family_kit.ts";
import {
  DECODER_SIZES,
  decoderSizes,
  type DecoderStack,
  decoderStack,
  headDimOf,
} from "./_decoder_kit.ts";

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
      headDimOf(className, c);
    },
    layers: (c) =>
      decoderStack(
        c,
        { tied: tied(c), norm: ["sequence_output_layernorm", normClass] },
        (i) =>
          gatedDecoderBlock(
            `transformer_layer_${i}`,
            blockClass,
            decoderSizes(c, headDimOf(className, c)),
            options.layout ?? "llama",
            options.extras,
          ),
      ),
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

/** Llama and Llama 3: one decoder, two classes. */
function llama(className: string, defaultName: string): FamilyDeclaration {
  return gatedFamily(
    className,
    defaultName,
    "LlamaTransformerDecoder",
    "LlamaLayerNorm",
    LLAMA_EXTRA,
    (c) => c.tieWordEmbeddings === true,
  );
}

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

const GEMMA_REQUIRED = [...DECODER_SIZES, "headDim"];

// keras-hub scales Gemma's embeddings by √hiddenDim: an operation, a row of the summary.
const GEMMA_STACK: DecoderStack = {
  tied: true,
  norm: ["final_normalization", "RMSNormalization"],
  scaled: true,
};

const GEMMA3: FamilyDeclaration = {
  className: "Gemma3Backbone",
  defaultName: "gemma3_backbone",
  required: GEMMA_REQUIRED,
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
    const sizes = decoderSizes(c, n(c, "headDim"));
    return decoderStack(
      c,
      GEMMA_STACK,
      (i) =>
        gatedDecoderBlock(`decoder_block_${i}`, "Gemma3DecoderBlock", sizes, "gemma", {
          postAttentionNorm: c.usePostAttentionNorm === true,
          postFfwNorm: c.usePostFfwNorm === true,
          qkNorm: c.useQueryKeyNorm === true,
        }),
    );
  },
};

const GEMMA: FamilyDeclaration = {
  className: "GemmaBackbone",
  defaultName: "gemma_backbone",
  required: GEMMA_REQUIRED,
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
    const sizes = decoderSizes(c, n(c, "headDim"), n(c, "intermediateDim") / 2);
    return decoderStack(
      c,
      GEMMA_STACK,
      (i) =>
        gatedDecoderBlock(`decoder_block_${i}`, "GemmaDecoderBlock", sizes, "gemma", {
          postAttentionNorm: c.usePostAttentionNorm === true,
          postFfwNorm: c.usePostFfwNorm === true,
        }),
    );
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
  { ...llama("LlamaBackbone", "llama_backbone"), notInConfig: ["tieWordEmbeddings"] },
  { ...llama("Llama3Backbone", "llama3_backbone"), notInConfig: ["tieWordEmbeddings"] },
  MISTRAL,
  QWEN,
  QWEN3,
  PHI3,
  GEMMA,
  GEMMA3,
];
