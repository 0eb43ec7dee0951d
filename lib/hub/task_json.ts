/**
 * A keras-hub task model from the Keras JSON keras-hub writes (`keras.saving.
 * serialize_keras_object(task)`): its `registered_name` (`keras_hub>BertTextClassifier`) names
 * the class, its `config` holds the nested backbone (read by `kerasHubBackboneFromJson`), the
 * preprocessor (holding no weights, not counted) and the task's own arguments in snake_case. What
 * the backbone's JSON cannot hold (arguments its `get_config()` leaves out) is said in the
 * backbone's `notes` and at the end of the task's `explain()`.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { kerasHubBackboneFromJson } from "./json.ts";
import { camel, serializedObject } from "./_serialized.ts";
import { type HubTask, kerasHubTask } from "./tasks.ts";

/**
 * Builds the task model a keras-hub Keras JSON describes, with its nested backbone.
 *
 * @param json The JSON text, or its parsed value.
 * @returns The task, named as the JSON names it.
 * @throws {TypeError} For JSON that is no keras-hub task, or a class not modelled.
 * @throws {RangeError} For a frozen task (`trainable: false`), not modelled yet.
 *
 * @example A BERT classifier as keras-hub writes it
 * ```ts
 * import { kerasHubTaskFromJson } from "./task_json.ts";
 * import assert from "assert";
 *
 * const task = kerasHubTaskFromJson({
 *   class_name: "BertTextClassifier",
 *   registered_name: "keras_hub>BertTextClassifier",
 *   config: {
 *     backbone: {
 *       class_name: "BertBackbone",
 *       registered_name: "keras_hub>BertBackbone",
 *       config: {
 *         name: "bert_backbone", trainable: true, vocabulary_size: 30522, num_layers: 12,
 *         num_heads: 12, hidden_dim: 768, intermediate_dim: 3072, dropout: 0.1,
 *         max_sequence_length: 512, num_segments: 2,
 *       },
 *     },
 *     preprocessor: null, name: "bert_text_classifier", num_classes: 2, activation: "linear",
 *     dropout: 0.1,
 *   },
 * });
 * assert.equal(task.paramCount(), 109_482_240 + 768 * 2 + 2);
 * ```
 */
export function kerasHubTaskFromJson(json: string | unknown): HubTask {
  const { className, config } = serializedObject(json, "task");
  if (!("backbone" in config)) {
    throw new TypeError(
      `${className}'s JSON config must hold its backbone, received ${describeValue(config)}`,
    );
  }
  const args: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(config)) {
    if (key === "trainable") {
      if (v === false) {
        throw new RangeError(`${className}: a frozen task (trainable: false) is not modelled yet`);
      }
      continue;
    }
    if (key === "dtype") continue;
    if (key === "backbone") args.backbone = kerasHubBackboneFromJson(v);
    // keras-hub writes the identity activation as "linear"; it adds no weights either way.
    else if (key === "activation") args.activation = v === "linear" ? null : v;
    else args[key === "name" ? "name" : camel(key)] = v;
  }
  return kerasHubTask(className, args);
}
