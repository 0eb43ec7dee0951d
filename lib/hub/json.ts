/**
 * A keras-hub backbone from the Keras JSON keras-hub writes (`backbone.to_json()`): its
 * `registered_name` (`keras_hub>BertBackbone`, or keras-nlp's `keras_nlp>…`) names the class, its
 * `config` holds the constructor arguments in snake_case beside Keras's `name`, `trainable` and
 * `dtype`; a nested backbone (CLIP's `vision_encoder`, `text_encoder`) is a serialized object there,
 * read the same way.
 *
 * @module
 */

import type { HubArg, HubBackbone } from "./backbone.ts";
import { kerasHubBackbone } from "./families.ts";
import { camel, serializedObject } from "./_serialized.ts";

/**
 * Builds the backbone a keras-hub Keras JSON describes.
 *
 * @param json The JSON text, or its parsed value.
 * @returns The backbone, named as the JSON names it.
 * @throws {TypeError} For JSON that is no keras-hub backbone, or a class not modelled.
 * @throws {RangeError} For a frozen backbone (`trainable: false`), not modelled yet.
 *
 * @example
 * ```ts
 * import { kerasHubBackboneFromJson } from "./json.ts";
 * import assert from "assert";
 *
 * const backbone = kerasHubBackboneFromJson({
 *   class_name: "GPT2Backbone",
 *   registered_name: "keras_hub>GPT2Backbone",
 *   config: {
 *     name: "gpt2_backbone", trainable: true, vocabulary_size: 50257, num_layers: 12,
 *     num_heads: 12, hidden_dim: 768, intermediate_dim: 3072, dropout: 0.1,
 *     max_sequence_length: 1024,
 *   },
 * });
 * assert.equal(backbone.paramCount(), 124_439_808);
 * ```
 */
export function kerasHubBackboneFromJson(json: string | unknown): HubBackbone {
  const { className, config } = serializedObject(json, "backbone");
  return kerasHubBackbone(className, argsOf(className, config));
}

/** A serialized Keras object: a nested backbone in its parent's config (CLIP's encoders). */
function isSerialized(v: unknown): v is { config: Record<string, unknown>; class_name: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "config" in v &&
    typeof (v as { class_name?: unknown }).class_name === "string" &&
    typeof (v as { config?: unknown }).config === "object";
}

function argsOf(className: string, config: Record<string, unknown>): Record<string, HubArg> {
  const args: Record<string, HubArg> = {};
  for (const [key, v] of Object.entries(config)) {
    if (key === "trainable") {
      if (v === false) {
        throw new RangeError(
          `${className}: a frozen backbone (trainable: false) is not modelled yet`,
        );
      }
      continue;
    }
    // Keras's dtype policy does not change a count.
    if (key === "dtype") continue;
    args[key === "name" ? "name" : camel(key)] = isSerialized(v)
      ? argsOf(v.class_name, v.config)
      : v as HubArg;
  }
  return args;
}
