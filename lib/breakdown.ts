/**
 * Where a model's parameters sit: its count broken down by a key of each layer, such as its
 * class (`Conv2D`, `BatchNormalization`) or the stage its name says it belongs to (ResNet's
 * `conv3_block2_1_conv` is in stage `conv3`). Each weight is counted once, in the group of the
 * first layer that holds it, so the groups add up to the model's total.
 *
 * @module
 */

import type { Layer } from "./layers/base.ts";
import { expectFunction, expectWith } from "./guard.ts";

/** One group of a breakdown. */
export interface ParameterGroup {
  /** The group's key, e.g. `"Conv2D"` or `"conv3"`. */
  readonly key: string;
  /** Its layers' names, in the model's order. */
  readonly layers: readonly string[];
  /** Its parameters, each weight once. */
  readonly params: number;
  /** Its trainable parameters. */
  readonly trainable: number;
}

/** Anything with layers: a Sequential or a Model. */
export interface HasLayers {
  /** The layers, in order. */
  readonly layers: readonly Layer[];
}

/**
 * Breaks a model's parameters down by a key of each layer.
 *
 * @param model A Sequential or a Model.
 * @param key The group of a layer, e.g. its class name.
 * @returns The groups, in order of first appearance.
 *
 * @example By class: an LSTM stack
 * ```ts
 * import { Dense, Input, LSTM, parameterBreakdown, Sequential } from "../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new Input({ shape: [400, 13] }),
 *   new LSTM(5, { returnSequences: true }),
 *   new LSTM(5),
 *   new Dense(1),
 * ]);
 * const groups = parameterBreakdown(model, (layer) => layer.className);
 * assert.deepEqual(groups.map((g) => [g.key, g.params]), [["LSTM", 380 + 220], ["Dense", 6]]);
 * ```
 */
export function parameterBreakdown(
  model: HasLayers,
  key: (layer: Layer) => string,
): ParameterGroup[] {
  expectWith(
    "parameterBreakdown",
    "its model",
    model,
    "a model (a Sequential or a Model)",
    "layers",
  );
  expectFunction(
    "parameterBreakdown",
    "its key",
    key,
    "a function from a layer to its group's name",
  );
  const groups = new Map<string, { layers: string[]; params: number; trainable: number }>();
  const seen = new Map<Layer, Set<string>>();
  for (const layer of model.layers) {
    const k = key(layer);
    let group = groups.get(k);
    if (!group) groups.set(k, group = { layers: [], params: 0, trainable: 0 });
    group.layers.push(layer.name);
    for (const w of layer.weights()) {
      let names = seen.get(w.owner);
      if (!names) seen.set(w.owner, names = new Set());
      if (names.has(w.name)) continue;
      names.add(w.name);
      group.params += w.size;
      if (w.trainable) group.trainable += w.size;
    }
  }
  return [...groups].map(([k, g]) => ({ key: k, ...g }));
}

/**
 * The stage a layer's name puts it in: the part before the first `_` that is followed by
 * `block` or a digit-led word (`conv3_block2_1_conv` → `conv3`, `block_13_expand` → `block_13`),
 * or the whole name for a layer outside the stages (`avg_pool`, `predictions`).
 *
 * @param name A layer's name.
 * @returns Its stage.
 *
 * @example
 * ```ts
 * import { stageOf } from "./breakdown.ts";
 * import assert from "assert";
 *
 * assert.equal(stageOf("conv3_block2_1_conv"), "conv3");
 * assert.equal(stageOf("conv1_conv"), "conv1");
 * assert.equal(stageOf("predictions"), "predictions");
 * ```
 */
export function stageOf(name: string): string {
  const block = /^(.+?)_block/.exec(name);
  if (block) return block[1];
  const numbered = /^([a-z]+\d+)_/.exec(name);
  return numbered ? numbered[1] : name;
}
