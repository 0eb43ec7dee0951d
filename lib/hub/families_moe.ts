/**
 * keras-hub's mixture-of-experts decoders and SmolLM3: Mixtral, Qwen 1.5 MoE (`QwenMoeBackbone`),
 * Qwen 3 MoE, GPT-OSS and SmolLM3. Mixtral and the Qwen MoE models are the gated decoder block of
 * `blocks.ts` with an expert bank and a router in place of the MLP; GPT-OSS and SmolLM3 have blocks
 * of their own (`blocks_moe.ts`).
 *
 * keras-hub names the sparse block of Mixtral and Qwen with Keras's automatic names
 * (`mixtral_sparse_moe_block`, `mixtral_sparse_moe_block_1`, …), numbered in the order the blocks
 * are built; the paths here are those of a backbone built in a fresh Keras session, as keras-hub's
 * `from_preset` builds one.
 *
 * @module
 */

import type { FamilyDeclaration, HubArg } from "./backbone.ts";
import {
  type BlockSizes,
  type FeedForward,
  gatedDecoderBlock,
  type GatedExtras,
  type HubLayer,
} from "./blocks.ts";
import {
  denseGatedMlp,
  type ExpertSizes,
  gptOssBlock,
  mixtralExperts,
  qwenExperts,
  smolLm3Block,
} from "./blocks_moe.ts";
import { type Config, divisible, n } from "./_family_kit.ts";
import { DECODER_SIZES, decoderSizes, decoderStack, headDimOf } from "./_decoder_kit.ts";
import { snake } from "./_serialized.ts";

const MOE_REQUIRED = [...DECODER_SIZES, "numExperts"];

/** What Qwen 1.5 MoE and Qwen 3 MoE default alike, in keras-hub's order. */
const QWEN_MOE_DEFAULTS = {
  topK: 4,
  normTopKProb: false,
  decoderSparseStep: 1,
  ropeMaxWavelength: 10000,
  ropeScalingFactor: 1.0,
  layerNormEpsilon: 1e-6,
  dropout: 0,
  dtype: null,
  tieWordEmbeddings: false,
};

/** Keras's automatic name: the first is bare, the next ones numbered from 1. */
const autoName = (base: string, i: number) => i === 0 ? base : `${base}_${i}`;

function mlpOnlyLayers(owner: string, c: Config): readonly number[] {
  const list = c.mlpOnlyLayers ?? [];
  if (!Array.isArray(list) || list.some((i) => !Number.isInteger(i))) {
    throw new TypeError(
      `${owner}'s "mlpOnlyLayers" must be a list of layer indices, received ` +
        JSON.stringify(c.mlpOnlyLayers),
    );
  }
  return list as number[];
}

/**
 * A decoder family of gated blocks whose feed-forward part is given per block: its layers are
 * keras-hub's `token_ids`, `token_embedding`, `padding_mask`, the blocks, and the final RMS norm.
 */
function moeFamily(
  className: string,
  defaultName: string,
  required: readonly string[],
  defaults: Readonly<Record<string, HubArg>>,
  check: (c: Config) => void,
  block: (c: Config, i: number, sizes: BlockSizes) => HubLayer,
  finalNorm: string,
  tied: (c: Config) => boolean,
): FamilyDeclaration {
  return {
    className,
    defaultName,
    required,
    defaults,
    sizes: Object.keys(defaults).filter((k) =>
      ["headDim", "topK", "decoderSparseStep"].includes(k)
    ),
    check,
    layers: (c) => {
      const sizes = decoderSizes(c, headDimOf(className, c));
      const stack = { tied: tied(c), norm: ["sequence_output_layernorm", finalNorm] as const };
      return decoderStack(c, stack, (i) => block(c, i, sizes));
    },
  };
}

function experts(c: Config, width: string): ExpertSizes {
  return {
    hidden: n(c, "hiddenDim"),
    width: n(c, width),
    experts: n(c, "numExperts"),
    topK: n(c, "topK"),
  };
}

function gated(
  name: string,
  className: string,
  sizes: BlockSizes,
  feedForward: FeedForward,
  extras: GatedExtras = {},
): HubLayer {
  return gatedDecoderBlock(name, className, sizes, "llama", { ...extras, feedForward });
}

const MIXTRAL: FamilyDeclaration = moeFamily(
  "MixtralBackbone",
  "mixtral_backbone",
  MOE_REQUIRED,
  {
    topK: 2,
    routerJitterNoise: 0.0,
    ropeMaxWavelength: 10000,
    ropeScalingFactor: 1.0,
    layerNormEpsilon: 1e-6,
    routerAuxLossCoef: 0.02,
    slidingWindow: 512,
    dropout: 0,
    dtype: null,
    outputRouterLogits: false,
  },
  (c) => {
    headDimOf("MixtralBackbone", c);
  },
  (c, i, sizes) => {
    const name = `transformer_layer_${i}`;
    const moe = `${name}/${autoName("mixtral_sparse_moe_block", i)}`;
    return gated(
      name,
      "MixtralTransformerDecoder",
      sizes,
      mixtralExperts(moe, experts(c, "intermediateDim")),
    );
  },
  "MixtralLayerNormalization",
  () => false,
);

// keras-hub 0.32's QwenMoeBackbone does not pass each block its index: every block decides whether
// it is sparse as block 0 does (0 not in mlp_only_layers, and 1 % decoder_sparse_step == 0).
const QWEN_MOE: FamilyDeclaration = moeFamily(
  "QwenMoeBackbone",
  "qwen_moe_backbone",
  [...MOE_REQUIRED, "moeIntermediateDim", "sharedExpertIntermediateDim"],
  {
    ...QWEN_MOE_DEFAULTS,
    useSlidingWindowAttention: false,
    slidingWindowSize: 32768,
    outputRouterLogits: false,
    routerAuxLossCoefficient: 0.001,
    mlpOnlyLayers: [],
  },
  (c) => {
    headDimOf("QwenMoeBackbone", c);
    mlpOnlyLayers("QwenMoeBackbone", c);
  },
  (c, i, sizes) => {
    const name = `transformer_layer_${i}`;
    const sparse = !mlpOnlyLayers("QwenMoeBackbone", c).includes(0) &&
      1 % n(c, "decoderSparseStep") === 0;
    const ff = sparse
      ? qwenExperts(
        `${name}/${autoName("qwen_sparse_moe_block", i)}`,
        experts(c, "moeIntermediateDim"),
        n(c, "sharedExpertIntermediateDim"),
      )
      : denseGatedMlp(`${name}/${autoName("qwen_moe_mlp", i)}`, sizes.hidden, sizes.intermediate);
    return gated(name, "QwenMoeTransformerDecoder", sizes, ff, { qkvBias: true });
  },
  "QwenLayerNorm",
  (c) => c.tieWordEmbeddings === true,
);

const QWEN3_MOE: FamilyDeclaration = moeFamily(
  "Qwen3MoeBackbone",
  "qwen3_moe_backbone",
  [...MOE_REQUIRED, "moeIntermediateDim"],
  {
    headDim: null,
    ...QWEN_MOE_DEFAULTS,
    slidingWindowSize: 32768,
    routerAuxLossCoefficient: 0.001,
    mlpOnlyLayers: null,
  },
  (c) => {
    headDimOf("Qwen3MoeBackbone", c);
    mlpOnlyLayers("Qwen3MoeBackbone", c);
  },
  (c, i, sizes) => {
    const name = `transformer_layer_${i}`;
    const dense = mlpOnlyLayers("Qwen3MoeBackbone", c);
    const isSparse = (j: number) => !dense.includes(j) && (j + 1) % n(c, "decoderSparseStep") === 0;
    // Keras numbers the sparse blocks and the dense MLPs separately, each in build order.
    const before = Array.from({ length: i }, (_, j) => j).filter((j) => isSparse(j) === isSparse(i))
      .length;
    const ff = isSparse(i)
      ? qwenExperts(
        `${name}/${autoName("qwen3_sparse_moe_block", before)}`,
        experts(c, "moeIntermediateDim"),
      )
      : denseGatedMlp(
        `${name}/${autoName("qwen3_moe_mlp", before)}`,
        sizes.hidden,
        sizes.intermediate,
      );
    return gated(name, "Qwen3MoeTransformerDecoder", sizes, ff, { qkNorm: true });
  },
  "Qwen3MoeLayerNorm",
  (c) => c.tieWordEmbeddings === true,
);

const GPT_OSS: FamilyDeclaration = moeFamily(
  "GptOssBackbone",
  "gpt_oss_backbone",
  MOE_REQUIRED,
  {
    topK: 2,
    ropeMaxWavelength: 10000,
    ropeScalingFactor: 1.0,
    layerNormEpsilon: 1e-6,
    slidingWindow: 4096,
    headDim: null,
    dropout: 0,
    outputRouterLogits: false,
    dtype: null,
  },
  (c) => {
    headDimOf("GptOssBackbone", c);
  },
  (c, i, sizes) =>
    gptOssBlock(`transformer_layer_${i}`, sizes, {
      experts: n(c, "numExperts"),
      topK: n(c, "topK"),
    }),
  "GptOssLayerNormalization",
  () => false,
);

const SMOLLM3_SETTINGS = [
  "attentionBias",
  "attentionDropout",
  "ropeLayerEnabledList",
  "layerTypes",
  "mlpBias",
  "layerNormEpsilon",
  "ropeTheta",
  "partialRotaryFactor",
] as const;

const SMOLLM3: FamilyDeclaration = {
  className: "SmolLM3Backbone",
  defaultName: "smol_lm3_backbone",
  required: [
    "vocabularySize",
    "hiddenDim",
    "intermediateDim",
    "numLayers",
    "numAttentionHeads",
    "numKeyValueHeads",
    "maxPositionEmbeddings",
  ],
  // keras-hub requires these too; they are not sizes, so they are checked in `check`.
  defaults: Object.fromEntries(SMOLLM3_SETTINGS.map((k) => [k, null])),
  check: (c) => {
    const owner = "SmolLM3Backbone";
    for (const key of SMOLLM3_SETTINGS) {
      if (c[key] === null || c[key] === undefined) {
        throw new TypeError(`${owner} requires "${key}" (keras-hub's ${snake(key)})`);
      }
    }
    for (const key of ["attentionBias", "mlpBias"]) {
      if (typeof c[key] !== "boolean") {
        throw new TypeError(`${owner}'s "${key}" must be a boolean, received ${c[key]}`);
      }
    }
    if (typeof c.partialRotaryFactor !== "number") {
      throw new TypeError(
        `${owner}'s "partialRotaryFactor" must be a number, received ${c.partialRotaryFactor}`,
      );
    }
    for (const key of ["ropeLayerEnabledList", "layerTypes"]) {
      if (!Array.isArray(c[key])) {
        throw new TypeError(`${owner}'s "${key}" must be a list, received ${c[key]}`);
      }
    }
    const types = c.layerTypes as readonly unknown[];
    if (types.length < n(c, "numLayers")) {
      throw new RangeError(
        `${owner}: layerTypes has ${types.length} entries for ${n(c, "numLayers")} layers ` +
          `(keras-hub reads layer_types[i] for every layer)`,
      );
    }
    divisible(owner, n(c, "numAttentionHeads"), n(c, "numKeyValueHeads"));
    divisible(owner, n(c, "hiddenDim"), n(c, "numAttentionHeads"), "numAttentionHeads");
  },
  layers: (c) => {
    const headDim = n(c, "hiddenDim") / n(c, "numAttentionHeads");
    // keras-hub's rope_init: arange(0, int(headDim · partial_rotary_factor), 2).
    const rotary = Math.trunc(headDim * (c.partialRotaryFactor as number));
    const sizes = decoderSizes(c, headDim, n(c, "intermediateDim"), "numAttentionHeads");
    const options = {
      attentionBias: c.attentionBias === true,
      mlpBias: c.mlpBias === true,
      ropeFrequencies: Math.max(0, Math.ceil(rotary / 2)),
    };
    const stack = { tied: true, norm: ["sequence_output_layernorm", "RMSNormalization"] as const };
    return decoderStack(c, stack, (i) => smolLm3Block(`transformer_layer_${i}`, sizes, options));
  },
};

/**
 * The families of this file.
 *
 * @example
 * ```ts
 * import { MOE_FAMILIES } from "./families_moe.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(MOE_FAMILIES.map((f) => f.className), [
 *   "MixtralBackbone", "QwenMoeBackbone", "Qwen3MoeBackbone", "GptOssBackbone", "SmolLM3Backbone",
 * ]);
 * ```
 */
export const MOE_FAMILIES: readonly FamilyDeclaration[] = [
  // keras-hub 0.32's get_config() leaves out Mixtral's output_router_logits and Qwen MoE's
  // router_aux_loss_coefficient.
  { ...MIXTRAL, notInConfig: ["outputRouterLogits"] },
  { ...QWEN_MOE, notInConfig: ["routerAuxLossCoefficient"] },
  QWEN3_MOE,
  GPT_OSS,
  SMOLLM3,
];

/**
 * keras-hub's other names for modelled classes: `keras_hub.models.Qwen2Backbone` is
 * `QwenBackbone`, `SmolLMBackbone` is `SmolLM3Backbone` (the same classes, so their printed class
 * and their JSON's `registered_name` are the modelled names).
 *
 * @example
 * ```ts
 * import { HUB_CLASS_ALIASES } from "./families_moe.ts";
 * import assert from "assert";
 *
 * assert.equal(HUB_CLASS_ALIASES.get("Qwen2Backbone"), "QwenBackbone");
 * ```
 */
export const HUB_CLASS_ALIASES: ReadonlyMap<string, string> = new Map([
  ["Qwen2Backbone", "QwenBackbone"],
  ["SmolLMBackbone", "SmolLM3Backbone"],
]);
