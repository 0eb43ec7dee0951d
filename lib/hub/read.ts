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
import { expectWith } from "../guard.ts";

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
  /**
   * The presets whose count and outputs are the row's; a preset that repeats the arguments of
   * one of them exactly (a fine-tune, a quantized copy or another model of that architecture) is
   * in `sameArchitecture` instead.
   */
  readonly presets: readonly string[];
  /**
   * The fitting presets that repeat the arguments of one in `presets` exactly
   * (`PresetEntry.architectureOf`): the same weights, whichever it is.
   */
  readonly sameArchitecture: readonly string[];
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
  expectWith(
    "backboneOutputs",
    "its backbone",
    backbone,
    "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
    "graph",
  );
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
 * // keras-hub's fine-tunes and int8 copies of the two, named apart.
 * assert.ok(fit.sameArchitecture.includes("llama3_instruct_8b_en"));
 * ```
 */
export function kerasHubPresetsFitting(row: BackboneRow): BackboneFit {
  expectWith(
    "kerasHubPresetsFitting",
    "its row",
    row,
    "a printed backbone row ({ className, params, outputs })",
    "className",
  );
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
  const named = new Set(fits.map((f) => f.name));
  const copy = (f: (typeof fits)[number]) =>
    f.preset.architectureOf !== undefined && named.has(f.preset.architectureOf);
  return {
    modelled,
    presets: fits.filter((f) => !copy(f)).map((f) => f.name),
    sameArchitecture: fits.filter(copy).map((f) => f.name),
    oneArchitecture: architectures.size === 1,
    sameWeights: weights.size === 1,
    differingArgs,
    backbone: fits[0]?.backbone,
  };
}

/** A preset that gives a backbone row's count with keras-hub's `backbone.enable_lora(rank)`. */
export interface BackboneLoraFit {
  /** The preset. */
  readonly name: string;
  /** The rank. */
  readonly rank: number;
  /** The count with LoRA: the row's. */
  readonly count: number;
  /** The LoRA factors' size: the count less the preset's. */
  readonly factors: number;
  /** The trainable count with LoRA (the factors, and the query and value biases). */
  readonly trainable: number;
  /** Presets of this one's architecture exactly that fit too (`PresetEntry.architectureOf`). */
  readonly sameArchitecture: readonly string[];
}

/**
 * The modelled presets of a backbone row's class that give its count and outputs with
 * keras-hub's `backbone.enable_lora(rank)`: the count is linear in the rank, so each preset gives
 * at most one rank, which the backbone built with it must then give exactly.
 *
 * @param row The row: class, count and outputs.
 * @returns The presets that fit, each with its rank.
 *
 * @example BERT-tiny with enable_lora(4): 4,385,920 + 2 layers × 2 × (128·2·4 + 4·64)
 * ```ts
 * import { kerasHubPresetsWithLora } from "./read.ts";
 * import assert from "assert";
 *
 * const fits = kerasHubPresetsWithLora({
 *   className: "BertBackbone",
 *   params: 4_391_040,
 *   outputs: [[null, 128], [null, null, 128]],
 * });
 * assert.deepEqual(fits.map((f) => [f.name, f.rank]), [["bert_tiny_en_uncased", 4]]);
 * ```
 */
export function kerasHubPresetsWithLora(row: BackboneRow): BackboneLoraFit[] {
  const printed = key(row.outputs.map(key).sort());
  const fits: (Omit<BackboneLoraFit, "sameArchitecture"> & { of?: string })[] = [];
  for (const name of kerasHubPresetNames()) {
    if (presetClass(name) !== row.className) continue;
    const plain = fromKerasHubPreset(name).backbone;
    const base = plain.paramCount();
    if (base >= row.params || key(backboneOutputs(plain).map(key).sort()) !== printed) continue;
    const one = fromKerasHubPreset(name).backbone;
    one.enableLora(1);
    const step = one.paramCount() - base;
    if (step <= 0 || (row.params - base) % step !== 0) continue;
    const rank = (row.params - base) / step;
    const built = fromKerasHubPreset(name).backbone;
    built.enableLora(rank);
    if (built.paramCount() !== row.params) continue;
    fits.push({
      name,
      rank,
      count: row.params,
      factors: row.params - base,
      trainable: built.trainableParamCount(),
      of: fromKerasHubPreset(name).preset.architectureOf,
    });
  }
  // A preset that repeats another's architecture exactly is named with it, not beside it.
  const named = new Set(fits.map((f) => f.name));
  const copy = (f: (typeof fits)[number]) =>
    f.of !== undefined && named.has(f.of) && fits.find((g) => g.name === f.of)!.rank === f.rank;
  return fits.filter((f) => !copy(f)).map(({ of: _, ...f }) => ({
    ...f,
    sameArchitecture: fits.filter((g) => copy(g) && g.of === f.name).map((g) => g.name),
  }));
}
