/**
 * Which keras-hub presets fit a printed backbone row: a row such as `bert_backbone (BertBackbone)`
 * prints the backbone's class, its count and its outputs; the presets of that class with that
 * count and those outputs are the ones it can be. The reader checks a row only when they agree on
 * one architecture; it never picks one of several.
 *
 * @module
 */

import type { HubBackbone } from "./backbone.ts";
import { KERAS_HUB_BACKBONES } from "./families.ts";
import { fromKerasHubPreset, kerasHubPresetNames } from "./presets.ts";
import { PRESET_TABLE } from "./_preset_table.ts";
import { shapeOfTensor } from "./_graph.ts";

/** The printed facts of a backbone row. */
export interface BackboneRow {
  /** The printed class, e.g. `"BertBackbone"`. */
  readonly className: string;
  /** The printed count. */
  readonly params: number;
  /** The printed outputs (one shape, or the shapes of a dict of outputs, in any order). */
  readonly outputs: readonly (readonly (number | null)[])[];
}

/** The presets that fit a row. */
export interface BackboneFit {
  /** Whether the class is one paramlab models. */
  readonly modelled: boolean;
  /** The presets whose count and outputs are the row's. */
  readonly presets: readonly string[];
  /** Whether the fitting presets share one architecture (one set of arguments). */
  readonly oneArchitecture: boolean;
  /**
   * Whether the fitting presets build the same weights (every layer's paths and shapes), though
   * their arguments may differ in ones that hold no weights (Llama 3.1's RoPE scaling): then the
   * row's every weight is known whichever of them it is.
   */
  readonly sameWeights: boolean;
  /** The arguments the fitting presets differ in (camelCase), when they differ. */
  readonly differingArgs: readonly string[];
  /** The backbone of the first fitting preset, when there is one. */
  readonly backbone: HubBackbone | undefined;
}

/**
 * The backbone's outputs as keras-hub's functional model returns them, from its graph: BERT and
 * ELECTRA a dict of `pooled_output` and `sequence_output`; BART, T5 and Whisper a dict of
 * `decoder_sequence_output` and `encoder_sequence_output` (a row of such a backbone prints two
 * shapes); the others one output.
 *
 * @param backbone The backbone.
 * @returns The output shapes, in Keras's order (a dict's keys sorted).
 * @throws {RangeError} For a backbone whose output shapes are not modelled.
 *
 * @example
 * ```ts
 * import { fromKerasHubPreset } from "./presets.ts";
 * import { backboneOutputs } from "./read.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(backboneOutputs(fromKerasHubPreset("bert_tiny_en_uncased").backbone), [
 *   [null, 128],
 *   [null, null, 128],
 * ]);
 * assert.deepEqual(backboneOutputs(fromKerasHubPreset("t5_small_multi").backbone), [
 *   [null, null, 512],
 *   [null, null, 512],
 * ]);
 * ```
 */
export function backboneOutputs(backbone: HubBackbone): (number | null)[][] {
  return backbone.outputs.map((tensor) => {
    const shape = shapeOfTensor(backbone.graph, tensor);
    if (shape === undefined) {
      throw new RangeError(`${backbone.className}'s output ${tensor} has no modelled shape`);
    }
    return [...shape];
  });
}

function presetClass(name: string): string | undefined {
  return PRESET_TABLE.find((p) => p.name === name)?.className;
}

const key = (s: readonly unknown[]) => JSON.stringify(s);

/** Every layer's name and class, and each weight's path, shape and trainable flag. */
function weightsKey(backbone: HubBackbone): string {
  return JSON.stringify(
    backbone.layers.map((l) => [l.name, l.className, backbone.weightsOf(l)]),
  );
}

/**
 * The modelled presets that fit a printed backbone row.
 *
 * @param row The row's class, count and outputs.
 * @returns The fitting presets, and whether they share one architecture.
 *
 * @example keras-io's getting-started guide prints BERT-tiny's row
 * ```ts
 * import { kerasHubPresetsFitting } from "./read.ts";
 * import assert from "assert";
 *
 * const fit = kerasHubPresetsFitting({
 *   className: "BertBackbone",
 *   params: 4_385_920,
 *   outputs: [[null, 128], [null, null, 128]],
 * });
 * assert.deepEqual(fit.presets, ["bert_tiny_en_uncased"]);
 * ```
 *
 * @example Llama 3 8B and Llama 3.1 8B: two presets, the same weights
 * ```ts
 * import { kerasHubPresetsFitting } from "./read.ts";
 * import assert from "assert";
 *
 * const fit = kerasHubPresetsFitting({
 *   className: "Llama3Backbone",
 *   params: 8_030_261_248,
 *   outputs: [[null, null, 4096]],
 * });
 * assert.deepEqual(fit.presets, ["llama3_8b_en", "llama3.1_8b"]);
 * assert.equal(fit.oneArchitecture, false); // 3.1 scales its RoPE frequencies
 * assert.equal(fit.sameWeights, true);
 * ```
 */
export function kerasHubPresetsFitting(row: BackboneRow): BackboneFit {
  const modelled = KERAS_HUB_BACKBONES.has(row.className);
  const printed = row.outputs.map(key).sort();
  const fits = kerasHubPresetNames()
    .filter((name) => presetClass(name) === row.className)
    .map((name) => ({ name, ...fromKerasHubPreset(name) }))
    .filter(({ backbone }) =>
      backbone.paramCount() === row.params &&
      key(backboneOutputs(backbone).map(key).sort()) === key(printed)
    );
  const architectures = new Set(fits.map((f) => JSON.stringify(f.preset.args)));
  const weights = new Set(fits.map((f) => weightsKey(f.backbone)));
  const argNames = new Set(fits.flatMap((f) => Object.keys(f.preset.args)));
  const differingArgs = [...argNames].filter((name) =>
    new Set(fits.map((f) => JSON.stringify(f.preset.args[name] ?? null))).size > 1
  );
  return {
    modelled,
    presets: fits.map((f) => f.name),
    oneArchitecture: architectures.size === 1,
    sameWeights: weights.size === 1,
    differingArgs,
    backbone: fits[0]?.backbone,
  };
}
