/**
 * A keras-hub backbone from the Keras JSON keras-hub writes (`backbone.to_json()`): its
 * `registered_name` (`keras_hub>BertBackbone`, or keras-nlp's `keras_nlp>…`) names the class, its
 * `config` holds the constructor arguments in snake_case beside Keras's `name`, `trainable` and
 * `dtype`; a nested backbone (CLIP's `vision_encoder`, `text_encoder`) is a serialized object there,
 * read the same way. What the JSON cannot hold, the arguments keras-hub's `get_config()` leaves
 * out, is built with keras-hub's default and said in the backbone's `notes`.
 *
 * @module
 */

import { type FamilyDeclaration, type HubArg, HubBackbone } from "./backbone.ts";
import { KERAS_HUB_BACKBONES, kerasHubBackbone } from "./families.ts";
import { camel, serializedObject, snake } from "./_serialized.ts";
import { thousands } from "../numbers.ts";

/**
 * Builds the backbone a keras-hub Keras JSON describes. An argument keras-hub's `get_config()`
 * leaves out (LlamaBackbone's `tie_word_embeddings`) is not in the JSON, so it is built with its
 * default, as keras-hub's `from_config` builds it, and the backbone's `notes` (and `explain()`)
 * say so, with the count the other value of a flag would give.
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
 * assert.deepEqual(backbone.notes, []);
 * ```
 *
 * @example A Llama's JSON cannot say whether it was tied: keras-hub builds it untied again
 * ```ts
 * import { kerasHubBackboneFromJson } from "./json.ts";
 * import assert from "assert";
 *
 * const llama = kerasHubBackboneFromJson({
 *   class_name: "Llama3Backbone",
 *   registered_name: "keras_hub>Llama3Backbone",
 *   config: {
 *     name: "llama3_backbone", trainable: true, vocabulary_size: 11, num_layers: 1,
 *     num_query_heads: 2, hidden_dim: 8, intermediate_dim: 6, num_key_value_heads: 1,
 *   },
 * });
 * assert.equal(llama.paramCount(), 2 * 11 * 8 + 352 + 8); // the table and its own projection
 * assert.match(llama.notes[0], /leaves out tie_word_embeddings/);
 * assert.match(llama.explain(), /would have 448 parameters/);
 * ```
 */
export function kerasHubBackboneFromJson(json: string | unknown): HubBackbone {
  const { className, config } = serializedObject(json, "backbone");
  const notes: string[] = [];
  const args = argsOf(className, config, notes);
  const built = kerasHubBackbone(className, args);
  const family = KERAS_HUB_BACKBONES.get(built.className)!;
  // What the JSON cannot hold: each argument get_config() leaves out, and for a flag, what the
  // other value would build (so a reader sees whether the guess changes the count).
  for (const arg of omitted(family, config)) {
    const value = family.defaults[arg];
    let other = "";
    if (typeof value === "boolean") {
      const count = new HubBackbone(family, { ...args, [arg]: !value }).paramCount();
      other = count === built.paramCount()
        ? ` It holds no weights: ${fmt(count)} parameters either way.`
        : ` With ${snake(arg)}=${python(!value)} the model would have ${fmt(count)} parameters ` +
          `(${fmt(built.paramCount())} as built).`;
    }
    notes.unshift(omittedNote(family.className, arg, value) + other);
  }
  return notes.length === 0 ? built : new HubBackbone(family, args, notes);
}

/** The arguments the family's get_config() leaves out that the JSON indeed lacks. */
function omitted(family: FamilyDeclaration, config: Record<string, unknown>): string[] {
  return (family.notInConfig ?? []).filter((arg) => !(snake(arg) in config) && !(arg in config));
}

function omittedNote(className: string, arg: string, value: HubArg | undefined): string {
  return `keras-hub's ${className}.get_config() leaves out ${snake(arg)}, so its JSON cannot ` +
    `say what it was; keras-hub builds the default again, ${snake(arg)}=${python(value)}, and ` +
    `so does this reader.`;
}

const fmt = thousands;

/** A value as Python writes it. */
function python(value: HubArg | undefined): string {
  if (value === true) return "True";
  if (value === false) return "False";
  if (value === null || value === undefined) return "None";
  return typeof value === "string" ? JSON.stringify(value) : String(value);
}

/** A serialized Keras object: a nested backbone in its parent's config (CLIP's encoders). */
function isSerialized(v: unknown): v is { config: Record<string, unknown>; class_name: string } {
  return typeof v === "object" && v !== null && !Array.isArray(v) && "config" in v &&
    typeof (v as { class_name?: unknown }).class_name === "string" &&
    typeof (v as { config?: unknown }).config === "object";
}

function argsOf(
  className: string,
  config: Record<string, unknown>,
  notes: string[],
): Record<string, HubArg> {
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
    if (isSerialized(v)) {
      // A nested backbone (CLIP's vision_encoder): what its own get_config() leaves out.
      const nested = KERAS_HUB_BACKBONES.get(v.class_name);
      for (const arg of nested === undefined ? [] : omitted(nested, v.config)) {
        notes.push(
          `${key}: ` + omittedNote(v.class_name, arg, nested!.defaults[arg]),
        );
      }
    }
    args[key === "name" ? "name" : camel(key)] = isSerialized(v)
      ? argsOf(v.class_name, v.config, notes)
      : v as HubArg;
  }
  return args;
}
