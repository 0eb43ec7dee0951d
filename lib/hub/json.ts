/**
 * A keras-hub backbone from the Keras JSON keras-hub writes (`backbone.to_json()`): its
 * `registered_name` (`keras_hub>BertBackbone`, or keras-nlp's `keras_nlp>…`) names the class, its
 * `config` holds the constructor arguments in snake_case beside Keras's `name`, `trainable` and
 * `dtype`; a nested backbone (CLIP's `vision_encoder`, `text_encoder`) is a serialized object there,
 * read the same way.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { HubArg, HubBackbone } from "./backbone.ts";
import { kerasHubBackbone } from "./families.ts";

function camel(snake: string): string {
  return snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

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
  const value = typeof json === "string" ? JSON.parse(json) : json;
  if (typeof value !== "object" || value === null || !("config" in value)) {
    throw new TypeError(
      `A keras-hub backbone's JSON has a class_name and a config, received ${describeValue(value)}`,
    );
  }
  const { class_name, registered_name, config } = value as {
    class_name?: unknown;
    registered_name?: unknown;
    config?: unknown;
  };
  const registered = typeof registered_name === "string"
    ? /^keras_(?:hub|nlp)>(.+)$/.exec(registered_name)?.[1]
    : undefined;
  const className = registered ?? class_name;
  if (typeof className !== "string") {
    throw new TypeError(`A keras-hub backbone's JSON names no class: ${describeValue(value)}`);
  }
  if (typeof config !== "object" || config === null) {
    throw new TypeError(
      `${className}'s JSON config must be an object, received ${describeValue(config)}`,
    );
  }
  return kerasHubBackbone(className, argsOf(className, config as Record<string, unknown>));
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
