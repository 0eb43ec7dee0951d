/**
 * keras-hub presets by name: the backbone built from the preset's public architecture arguments,
 * its true count beside keras-hub's published `metadata.params`, and where the two differ, why.
 *
 * @module
 */

import { nearest } from "../layers/options.ts";
import type { HubBackbone } from "./backbone.ts";
import { kerasHubBackbone } from "./families.ts";
import { PRESET_TABLE } from "./_preset_table.ts";
import type { PresetEntry } from "./preset_types.ts";
import { thousands } from "../numbers.ts";

export type { PresetEntry };

const LLAMA3_INT8 = "keras-hub publishes 8,031,894,016 for the int8 preset: the float " +
  "architecture's 8,030,261,248 plus int8 quantization's scales, one per output column of each " +
  "quantized kernel: per block 4,096 (query) + 2·1,024 (key, value) + 2·4,096 (output, down) + " +
  "2·14,336 (gate, up) = 43,008, × 32 blocks = 1,376,256, and 2·128,256 for the token table and " +
  'its reverse projection = 1,632,768 in all (the scales real keras-hub\'s quantize("int8") adds ' +
  "to a small Llama3Backbone). Those scales are not the architecture's parameters.";

const QWEN25_7B = "keras-hub publishes 6,993,420,288, which is not this architecture's count; " +
  "where the number comes from is not known. Qwen2.5-7B's published config (28 blocks of " +
  "hidden 3,584, 28 query and 4 key/value heads, MLP 18,944, untied table of 152,064) has " +
  "7,615,616,512 parameters: transformers' Qwen2ForCausalLM counts the same (meta device), " +
  "and keras-hub's qwen2.5_math_7b_en, of the same sizes, publishes 7,615,616,512.";

const QWEN25_1_5B = "keras-hub publishes 1,543,434,240, which is not this architecture's " +
  "count; where the number comes from is not known (it is 280,064 below, not a multiple of the " +
  "hidden size 1,536, so not a number of table rows). Qwen2.5-Coder-1.5B's published config (28 " +
  "blocks of hidden 1,536, 12 query and 2 key/value heads, MLP 8,960, tied table of 151,936) " +
  "has 1,543,714,304 parameters: transformers' Qwen2ForCausalLM counts the same (meta device), " +
  "and keras-hub's qwen2.5_math_1.5b_en, of the same sizes, publishes 1,543,714,304.";

/**
 * Presets whose published `metadata.params` is not the count of the architecture their public
 * configuration describes, with the evidence. The true count is the architecture's.
 */
const PUBLISHED_DIFFERS: Readonly<Record<string, string>> = {
  llama2_7b_en_int8: "keras-hub publishes 6,739,839,488 for the int8 preset: the float " +
    "architecture's 6,738,415,616 plus int8 quantization's scales, one per output column of " +
    "each quantized kernel: per block 5·4,096 (query, key, value, output, down) + 2·11,008 " +
    "(gate, up) = 42,496, × 32 blocks = 1,359,872, and 2·32,000 for the token table and its " +
    'reverse projection = 1,423,872 in all (the scales real keras-hub\'s quantize("int8") ' +
    "adds to a small Llama). Those scales are not the architecture's parameters.",
  siglip2_base_patch16_384: "keras-hub publishes 376,856,194, the count it publishes for " +
    "siglip2_base_patch32_256, the preset above it. A B/16 at 384 pixels has 576 patches: " +
    "siglip2_base_patch16_224's published 375,188,230 plus 380 more patches, each a position of " +
    "768 and a position id, 380·769 = 292,220, is 375,480,450; the same step to 1,024 patches " +
    "gives 375,824,962, the count keras-hub's commented-out siglip2_base_patch16_512 entry " +
    "publishes.",
  whisper_tiny_en:
    "keras-hub publishes 37,184,256, exactly the trainable count: it leaves out the " +
    "encoder's position table, 1,500 positions (maxEncoderSequenceLength 3,000 // 2) × 384 = " +
    "576,000, which keras-hub builds frozen (trainable=False) but which is a weight of the " +
    "model; count_params() of the architecture is 37,760,256.",
  whisper_base_en: "keras-hub publishes 124,439,808, GPT-2 base's count (gpt2_base_en's " +
    "metadata.params), the placeholder keras-nlp's first Whisper presets gave every size " +
    "(keras_nlp/models/whisper/whisper_presets.py @ 0f4f99ab3418). The architecture has " +
    "72,593,408: whisper_base_multi's 72,593,920 less one 512-wide row for its one token fewer.",
  "qwen2.5_coder_14b": "keras-hub publishes 14,000,000,000, the round size in the model's name " +
    "(14B), not a count: Qwen2.5-Coder-14B's published config (48 blocks of hidden 5,120, 40 " +
    "query and 8 key/value heads, MLP 13,824, untied table of 152,064) has 14,770,033,664 " +
    "parameters, as transformers' Qwen2ForCausalLM counts it too (built on the meta device).",
  // The presets of keras_hub_withheld_configs.json whose published count is not the architecture's.
  llama2_instruct_7b_en_int8: "keras-hub publishes 6,739,839,488, as for llama2_7b_en_int8: the " +
    "float architecture's 6,738,415,616 plus int8 quantization's 1,423,872 scales (see " +
    "llama2_7b_en_int8), which are not the architecture's parameters.",
  llama3_8b_en_int8: LLAMA3_INT8,
  llama3_instruct_8b_en_int8: LLAMA3_INT8,
  "qwen2.5_coder_instruct_14b": "keras-hub publishes 14,000,000,000, as for " +
    "qwen2.5_coder_14b: the round size in the model's name (14B), not a count; the architecture " +
    "(the same published sizes as Qwen2.5-Coder-14B) has 14,770,033,664.",
  "qwen2.5_7b_en": QWEN25_7B,
  "qwen2.5_coder_7b": QWEN25_7B,
  "qwen2.5_coder_instruct_7b": QWEN25_7B,
  "qwen2.5_coder_1.5b": QWEN25_1_5B,
  "qwen2.5_coder_instruct_1.5b": QWEN25_1_5B,
  "t5_1.1_large": "keras-hub publishes 750,251,008, the count with the output projection tied " +
    "to the token table: transformers' T5ForConditionalGeneration of google/t5-v1_1-large's " +
    "sizes, tied, counts exactly that (meta device). T5 1.1 does not share them (its config's " +
    "tie_word_embeddings is false; keras-hub's own PARAM_MAP in convert_t5_checkpoints.py gives " +
    "t5_1.1_large tie_embedding_weights False), so the untied 1,024 × 32,128 = 32,899,072 are " +
    "a weight of the model: 783,150,080. An earlier keras-hub t5_presets.py published the tied " +
    "count for t5_1.1_xl too (2,783,959,040); the installed one corrects xl to its untied " +
    "2,849,757,184 but keeps large's.",
  siglip2_so400m_patch16_512: "keras-hub publishes 1,136,555,698, transformers' count of " +
    "google/siglip2-so400m-patch16-512 (SiglipModel from its config on the meta device gives " +
    "exactly that): transformers keeps the position ids as buffers, keras-hub holds them as " +
    "weights, 1,024 for the 32 × 32 patches and 64 for the text, 1,088 in all. The other " +
    "so400m/16 presets publish keras-hub's own count: siglip2_so400m_patch16_384's 1,136,040,242 " +
    "plus 448 more patches, each a position of 1,152 and a position id (448 · 1,153 = 516,544), " +
    "is 1,136,556,786.",
  "opt_2.7b_en": "keras-hub publishes 2,700,000,000, the round size in the model's name (2.7B), " +
    "not a count. facebook/opt-2.7b's published config has 2,651,591,680 in keras-hub's " +
    "layers: transformers' OPTModel counts 2,651,596,800 (meta device), 2 more position rows " +
    "of 2,560 (its position table has 2,050 rows, keras-hub's 2,048), as opt_1.3b_en's " +
    "published 1,315,753,984 is transformers' 1,315,758,080 less 2 rows of 2,048.",
  "opt_6.7b_en": "keras-hub publishes 6,700,000,000, the round size in the model's name (6.7B), " +
    "not a count. facebook/opt-6.7b's published config has 6,658,465,792 in keras-hub's " +
    "layers: transformers' OPTModel counts 6,658,473,984 (meta device), 2 more position rows " +
    "of 4,096 (its position table has 2,050 rows, keras-hub's 2,048), as opt_1.3b_en's " +
    "published 1,315,753,984 is transformers' 1,315,758,080 less 2 rows of 2,048.",
  resnet_v2_50_imagenet: resnetV2Differs("23,561,152", "resnet_50_imagenet", "23,545,792"),
  resnet_v2_101_imagenet: resnetV2Differs("42,605,504", "resnet_101_imagenet", "42,590,144"),
  ...Object.fromEntries(
    (
      [
        ["resnet_vd_18_imagenet", "11,722,824", "11,209,824", 512],
        ["resnet_vd_34_imagenet", "21,838,408", "21,325,408", 512],
        ["resnet_vd_50_imagenet", "25,629,512", "23,580,512", 2048],
        ["resnet_vd_50_ssld_imagenet", "25,629,512", "23,580,512", 2048],
        ["resnet_vd_50_ssld_v2_imagenet", "25,629,512", "23,580,512", 2048],
        ["resnet_vd_50_ssld_v2_fix_imagenet", "25,629,512", "23,580,512", 2048],
        ["resnet_vd_101_imagenet", "44,673,864", "42,624,864", 2048],
        ["resnet_vd_101_ssld_imagenet", "44,673,864", "42,624,864", 2048],
        ["resnet_vd_152_imagenet", "60,363,592", "58,314,592", 2048],
        ["resnet_vd_200_imagenet", "74,933,064", "72,884,064", 2048],
      ] as const
    ).map(([name, published, backbone, width]) => [
      name,
      `keras-hub publishes ${published}, the count of the ImageNet classifier its conversion ` +
      "script saves as the preset (keras-hub's tools/checkpoint_conversion/" +
      "convert_resnet_vd_checkpoints.py prints classifier_model.count_params()): the backbone's " +
      `${backbone} (real keras-hub's count_params()) plus the 1,000-class Dense head on its ` +
      `${thousands(width)} channels, ${thousands(width)}·1,000 + ` +
      `1,000 = ${thousands(width * 1000 + 1000)}.`,
    ]),
  ),
};

// keras-hub's two ResNetV2 presets publish the ResNet (v1) preset's count of the same depth.
function resnetV2Differs(published: string, v1: string, count: string): string {
  return `keras-hub publishes ${published}, ${v1}'s count (its metadata.params, copied): ` +
    "ResNetV2 puts a batch norm before each block (on the block's input channels) and one " +
    "after the last stack, where ResNet has one after every convolution, so the two differ. " +
    `keras-hub's ResNetBackbone with use_pre_activation=True and convert_resnet.py's config has ` +
    `${count} (real keras-hub's count_params()).`;
}

/** A preset's backbone with its provenance. */
export interface PresetBackbone {
  /** The backbone. */
  readonly backbone: HubBackbone;
  /** The preset's entry: its arguments, their source and keras-hub's published count. */
  readonly preset: PresetEntry;
  /** Why keras-hub's published count differs from the architecture's, when it does. */
  readonly publishedDiffers: string | undefined;
}

/**
 * The names of the presets `fromKerasHubPreset` builds.
 *
 * @returns The preset names.
 *
 * @example
 * ```ts
 * import { kerasHubPresetNames } from "./presets.ts";
 * import assert from "assert";
 *
 * assert.ok(kerasHubPresetNames().includes("llama3_8b_en"));
 * ```
 */
export function kerasHubPresetNames(): string[] {
  return PRESET_TABLE.map((p) => p.name);
}

/**
 * A keras-hub preset's backbone, from its public architecture arguments: counting allocates
 * nothing, so Llama 3 8B is as instant as BERT-tiny.
 *
 * @param name The preset, e.g. `"bert_base_en_uncased"`.
 * @returns The backbone with its provenance and keras-hub's published count.
 * @throws {TypeError} For a preset not modelled (with the nearest name).
 *
 * @example Llama 3 8B: 8,030,261,248, keras-hub's published count
 * ```ts
 * import { fromKerasHubPreset } from "./presets.ts";
 * import assert from "assert";
 *
 * const { backbone, preset } = fromKerasHubPreset("llama3_8b_en");
 * assert.equal(backbone.paramCount(), 8_030_261_248);
 * assert.equal(preset.published, 8_030_261_248);
 * ```
 */
export function fromKerasHubPreset(name: string): PresetBackbone {
  const preset = PRESET_TABLE.find((p) => p.name === name);
  if (preset === undefined) {
    const near = typeof name === "string" ? nearest(name, kerasHubPresetNames()) : undefined;
    throw new TypeError(
      `keras-hub preset ${JSON.stringify(name)} is not modelled${
        near === undefined ? "" : `; did you mean "${near}"?`
      } (${PRESET_TABLE.length} presets are; see kerasHubPresetNames())`,
    );
  }
  return {
    backbone: kerasHubBackbone(preset.className, preset.args),
    preset,
    publishedDiffers: PUBLISHED_DIFFERS[name],
  };
}
