/**
 * keras-hub's backbone families, each a short declaration over the blocks of `blocks.ts`:
 * BERT, RoBERTa, XLM-RoBERTa, DistilBERT, ELECTRA, ALBERT, GPT-2, OPT, Llama, Llama 3, Mistral,
 * Qwen 2, Qwen 3, Phi-3, Bloom, Falcon, BART, Gemma (with Gemma 2's extra norms) and Gemma 3's
 * text model; DeBERTaV3, T5, Whisper, GPT-NeoX, FNet, RoFormerV2, ESM and XLNet
 * (`families_seq2seq.ts`); the mixtures of experts Mixtral, Qwen 1.5 MoE, Qwen 3 MoE
 * and GPT-OSS, and SmolLM3 (`families_moe.ts`); and the image backbones ViT, DeiT, DINOv2, VGG,
 * and CLIP's and SigLIP's vision encoders; ResNet, ResNetV2 and ResNet-vd (`families_resnet.ts`) and DenseNet
 * (`families_densenet.ts`).
 * The arguments are keras-hub's constructor arguments in camelCase, with keras-hub's defaults;
 * arguments that do not change a count (dropout, RoPE settings, epsilons) are accepted and kept.
 *
 * @module
 */
import { type FamilyDeclaration, HubBackbone } from "./backbone.ts";
import { TEXT_FAMILIES } from "./families_text.ts";
import { GATED_FAMILIES } from "./families_gated.ts";
import { SEQ2SEQ_FAMILIES } from "./families_seq2seq.ts";
import { HUB_CLASS_ALIASES, MOE_FAMILIES } from "./families_moe.ts";
import { VISION_FAMILIES } from "./families_vision.ts";
import { CLIP_FAMILIES } from "./families_clip.ts";
import { RESNET_FAMILIES } from "./families_resnet.ts";
import { DENSENET_FAMILIES } from "./families_densenet.ts";

/**
 * The backbone classes modelled, by keras-hub's class name.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_BACKBONES } from "./families.ts";
 * import assert from "assert";
 *
 * assert.ok(KERAS_HUB_BACKBONES.has("Llama3Backbone"));
 * assert.ok(KERAS_HUB_BACKBONES.has("ViTBackbone"));
 * assert.ok(KERAS_HUB_BACKBONES.has("T5Backbone"));
 * assert.ok(KERAS_HUB_BACKBONES.has("MixtralBackbone"));
 * assert.equal(KERAS_HUB_BACKBONES.size, 44);
 * ```
 */
export const KERAS_HUB_BACKBONES: ReadonlyMap<string, FamilyDeclaration> = new Map(
  [
    ...TEXT_FAMILIES,
    ...GATED_FAMILIES,
    ...SEQ2SEQ_FAMILIES,
    ...MOE_FAMILIES,
    ...VISION_FAMILIES,
    ...CLIP_FAMILIES,
    ...RESNET_FAMILIES,
    ...DENSENET_FAMILIES,
  ].map((f) => [f.className, f]),
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
  const family = KERAS_HUB_BACKBONES.get(HUB_CLASS_ALIASES.get(className) ?? className);
  if (family === undefined) {
    throw new TypeError(
      `keras-hub backbone "${className}" is not modelled; modelled: ${
        [...KERAS_HUB_BACKBONES.keys()].join(", ")
      }`,
    );
  }
  return new HubBackbone(family, args);
}
