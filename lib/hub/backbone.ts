/**
 * A keras-hub backbone as this library models it: keras-hub's top-level layers (`backbone.layers`)
 * in keras-hub's order, each with its weights, so its count, its per-layer counts and its
 * trainable split are keras-hub's. Counting allocates nothing: an 8B model is a list of shapes.
 *
 * @module
 */

import { nearest } from "../layers/options.ts";
import { describeValue } from "../errors.ts";
import { countOf, type HubLayer, sizeOf } from "./blocks.ts";
import { currentLanguage } from "../language.ts";
import { formulaInChinese, whatInChinese } from "./_words_zh.ts";
import { camel, snake } from "./_serialized.ts";
import { wireBackbone } from "./_graph.ts";
import { thousands } from "../numbers.ts";
import { expectWith } from "../guard.ts";

/**
 * A configuration value: a size, a flag, a setting that does not change the count, a list (an
 * image backbone's `imageShape` and `patchSize`, Qwen 3 MoE's `mlpOnlyLayers`, SmolLM3's
 * `layerTypes`), or the arguments of a nested backbone (CLIP's `visionEncoder`).
 */
export type HubArg =
  | number
  | boolean
  | string
  | null
  | readonly (number | boolean | string | null)[]
  | HubArgs;

/** The arguments of a nested backbone, e.g. CLIP's `visionEncoder`. */
export interface HubArgs {
  /** Each argument by its camelCase name. */
  readonly [key: string]: HubArg;
}

/** How a family is declared: its arguments and the layers they build. */
export interface FamilyDeclaration {
  /** keras-hub's class, e.g. `"BertBackbone"`. */
  readonly className: string;
  /** The model's default name, e.g. `"bert_backbone"`. */
  readonly defaultName: string;
  /** The arguments keras-hub requires (camelCase), each a positive integer. */
  readonly required: readonly string[];
  /** The optional arguments with keras-hub's defaults. */
  readonly defaults: Readonly<Record<string, HubArg>>;
  /** Arguments that must be positive integers among the optional ones. */
  readonly sizes?: readonly string[];
  /**
   * The layers, in keras-hub's order. `name` is the name given to the constructor, if any (a
   * few families prefix their layers' names with it).
   */
  layers(c: Readonly<Record<string, HubArg>>, name?: string): HubLayer[];
  /** Checks between arguments (e.g. hidden size divisible by heads), as keras-hub's errors. */
  check?(c: Readonly<Record<string, HubArg>>): void;
  /**
   * Constructor arguments (camelCase) that keras-hub's `get_config()` leaves out, so the JSON it
   * writes never holds them and `from_config` builds their defaults again (LlamaBackbone's
   * `tie_word_embeddings`).
   */
  readonly notInConfig?: readonly string[];
  /**
   * The model's outputs, `name[node][tensor]`, in Keras's order (a dict of outputs by its keys
   * sorted: BERT's `pooled_output`, then `sequence_output`). Without it, the last row's output.
   */
  outputs?(c: Readonly<Record<string, HubArg>>, rows: readonly HubLayer[]): readonly string[];
}

/**
 * One row of a graph backbone's summary, as `hubBackboneSummaryData` gives it (with its count):
 * a layer or an operation that is not a layer (ResNetV2's `ops.pad`), and the tensors it reads.
 */
export interface HubSummaryRow {
  /** The layer's or operation's name, e.g. `"stack0_block0_add"` or `"pad"`. */
  readonly name: string;
  /** Its class, e.g. `"Add"` or `"Pad"`. */
  readonly className: string;
  /** Its output shape, batch first. */
  readonly outputShape: readonly (number | null)[];
  /** The tensors it reads, as Keras prints them (`"conv1_bn[0][0]"`); empty for an input. */
  readonly connectedTo: readonly string[];
}

/**
 * Checks a family's arguments: unknown keys (with the camelCase name of a Python one), missing
 * required sizes, sizes that are not positive integers.
 *
 * @param family The family.
 * @param args The arguments given.
 * @returns The full configuration with keras-hub's defaults.
 * @throws {TypeError} For an unknown or missing argument, or a value of the wrong type.
 * @throws {RangeError} For a size that is not a positive integer.
 *
 * @example keras-hub's Python names get their camelCase
 * ```ts
 * import { checkFamilyArgs } from "./backbone.ts";
 * import { KERAS_HUB_BACKBONES } from "./families.ts";
 * import assert from "assert";
 *
 * const gpt2 = KERAS_HUB_BACKBONES.get("GPT2Backbone")!;
 * assert.throws(() => checkFamilyArgs(gpt2, { hidden_dim: 768 }), /did you mean "hiddenDim"/);
 * ```
 */
export function checkFamilyArgs(
  family: FamilyDeclaration,
  args: unknown,
): Record<string, HubArg> {
  const owner = family.className;
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new TypeError(
      `${owner} takes an options object such as { ${
        family.required[0] ?? Object.keys(family.defaults)[0]
      }: … }, received ${describeValue(args)}`,
    );
  }
  const keys = [...family.required, ...Object.keys(family.defaults), "name"];
  const given = args as Record<string, unknown>;
  for (const key of Object.keys(given)) {
    if (keys.includes(key)) continue;
    const suggestion = keys.includes(camel(key)) ? camel(key) : nearest(key, keys);
    throw new TypeError(
      `Unknown argument "${key}" for ${owner}${
        suggestion === undefined ? "" : `; did you mean "${suggestion}"?`
      } It takes ${keys.join(", ")}`,
    );
  }
  const config: Record<string, HubArg> = { ...family.defaults };
  for (const key of family.required) {
    if (!(key in given)) {
      throw new TypeError(`${owner} requires "${key}" (keras-hub's ${snake(key)})`);
    }
  }
  for (const [key, value] of Object.entries(given)) {
    if (key === "name") continue;
    config[key] = value as HubArg;
  }
  for (const key of [...family.required, ...(family.sizes ?? [])]) {
    const value = config[key];
    if (value === null && !family.required.includes(key)) continue;
    if (typeof value !== "number") {
      throw new TypeError(
        `${owner}'s "${key}" must be a positive integer, received ${describeValue(value)}`,
      );
    }
    if (!Number.isInteger(value) || value < 1) {
      throw new RangeError(
        `${owner}'s "${key}" must be a positive integer, received ${describeValue(value)}`,
      );
    }
  }
  family.check?.(config);
  return config;
}

/** A component's share of a backbone. */
export interface ComponentCount {
  /** `"embeddings"`, `"blocks"`, `"norms"`, `"head"` or `"other"`. */
  readonly component: string;
  /** Its parameters. */
  readonly params: number;
}

/**
 * A keras-hub backbone: its layers, its counts and what each component holds.
 *
 * @example BERT-base's 109,482,240
 * ```ts
 * import { kerasHubBackbone } from "./families.ts";
 * import assert from "assert";
 *
 * const bert = kerasHubBackbone("BertBackbone", {
 *   vocabularySize: 30522, numLayers: 12, numHeads: 12, hiddenDim: 768, intermediateDim: 3072,
 * });
 * assert.equal(bert.paramCount(), 109_482_240);
 * assert.equal(bert.name, "bert_backbone");
 * ```
 */
export class HubBackbone {
  /** keras-hub's class, e.g. `"BertBackbone"`. */
  readonly className: string;
  /** The model's name, e.g. `"bert_backbone"`. */
  readonly name: string;
  /** The configuration with keras-hub's defaults (camelCase). */
  readonly config: Readonly<Record<string, HubArg>>;
  /** The top-level layers, in keras-hub's order. */
  readonly layers: readonly HubLayer[];
  /**
   * What the source it was read from could not say, in words: e.g. an argument keras-hub's
   * `get_config()` leaves out of its JSON, built with its default as keras-hub builds it.
   */
  readonly notes: readonly string[];
  /**
   * The rows of Keras's summary: the layers and the operations between them (`get_item
   * (GetItem)`), each with its output shape and the tensors it reads, where modelled.
   */
  readonly graph: readonly HubLayer[];
  /** The model's outputs, `name[node][tensor]`, in Keras's order. */
  readonly outputs: readonly string[];
  #lora: number | undefined;

  /**
   * Builds the backbone from a family's declaration.
   *
   * @param family The family.
   * @param args The constructor arguments (camelCase).
   * @param notes What the source it was read from could not say (see `notes`).
   */
  constructor(family: FamilyDeclaration, args: unknown, notes: readonly string[] = []) {
    expectWith(
      "HubBackbone",
      "its family",
      family,
      "a backbone family's declaration (make a backbone with kerasHubBackbone(className, args))",
      "className",
    );
    const config = checkFamilyArgs(family, args);
    this.className = family.className;
    this.config = config;
    this.notes = [...notes];
    const name = (args as { name?: unknown }).name;
    if (name !== undefined && typeof name !== "string") {
      throw new TypeError(
        `${family.className}'s name must be a string, received ${describeValue(name)}`,
      );
    }
    this.name = name ?? family.defaultName;
    this.graph = wireBackbone(family.layers(config, name));
    this.layers = this.graph.filter((row) => row.operation !== true);
    this.outputs = family.outputs?.(config, this.graph) ??
      [`${this.graph[this.graph.length - 1].name}[0][0]`];
  }

  /**
   * Keras 3's LoRA on the backbone, as keras-hub's `backbone.enable_lora(rank)`: every Dense or
   * EinsumDense named `query`, `value`, `query_dense` or `value_dense` gets Keras's
   * `lora_kernel_a` (its kernel's shape with the last size replaced by the rank) and
   * `lora_kernel_b` (rank × the kernel's last size), both trainable, its kernel frozen and its
   * bias trainable; every other weight is frozen.
   *
   * @param rank The rank.
   * @throws {RangeError} For a rank that is not a positive integer, or LoRA enabled twice
   * (Keras's "lora is already enabled").
   */
  enableLora(rank: number): void {
    if (!Number.isInteger(rank) || rank < 1) {
      throw new RangeError(
        `${this.className}.enableLora: rank must be a positive integer, received ${
          describeValue(rank)
        }`,
      );
    }
    if (this.#lora !== undefined) {
      throw new RangeError(`${this.className}: lora is already enabled (rank ${this.#lora})`);
    }
    this.#lora = rank;
  }

  /** The LoRA rank, if enabled. */
  get loraRank(): number | undefined {
    return this.#lora;
  }

  /**
   * A layer's weights, LoRA factors included when enabled.
   *
   * @param layer One of `layers`.
   * @returns Its weights with their trainable flags.
   */
  weightsOf(layer: HubLayer): { path: string; shape: readonly number[]; trainable: boolean }[] {
    const rank = this.#lora;
    if (rank === undefined) return layer.weights.map((w) => ({ ...w }));
    const out: { path: string; shape: readonly number[]; trainable: boolean }[] = [];
    for (const w of layer.weights) {
      // keras-hub freezes every layer, then sets `trainable = True` on each `query` and `value`
      // EinsumDense before Keras's enable_lora freezes its kernel alone: their biases train.
      // keras-hub's default_lora_layer_names: query_dense and value_dense too (Bloom, Falcon).
      const target = /^(.*\/(query|value|query_dense|value_dense))\/(kernel|bias)$/.exec(w.path);
      const isKernel = target?.[3] === "kernel";
      out.push({ ...w, trainable: target !== null && !isKernel });
      // Keras's Dense and EinsumDense both have enable_lora: A is the kernel's shape with the
      // last size replaced by the rank, B is rank × the last size.
      if (target && isKernel && w.shape.length >= 2) {
        out.push({
          path: `${target[1]}/lora_kernel_a`,
          shape: [...w.shape.slice(0, -1), rank],
          trainable: true,
        });
        out.push({
          path: `${target[1]}/lora_kernel_b`,
          shape: [rank, w.shape[w.shape.length - 1]],
          trainable: true,
        });
      }
    }
    return out;
  }

  /** The total count, as keras-hub's `backbone.count_params()`. */
  paramCount(): number {
    return this.layers.reduce((n, l) => n + this.layerParamCount(l), 0);
  }

  /** The parameters training updates. */
  trainableParamCount(): number {
    return this.layers.reduce(
      (n, l) =>
        n + this.weightsOf(l).filter((w) => w.trainable).reduce((a, w) => a + sizeOf(w.shape), 0),
      0,
    );
  }

  /** The parameters training does not update. */
  nonTrainableParamCount(): number {
    return this.paramCount() - this.trainableParamCount();
  }

  /**
   * One layer's count, LoRA factors included.
   *
   * @param layer One of `layers`.
   * @returns Its count.
   */
  layerParamCount(layer: HubLayer): number {
    return this.#lora === undefined
      ? countOf(layer)
      : this.weightsOf(layer).reduce((a, w) => a + sizeOf(w.shape), 0);
  }

  /**
   * The count by component: embeddings, blocks, norms, head.
   *
   * @returns One entry per component with parameters.
   */
  breakdown(): ComponentCount[] {
    const by = new Map<string, number>();
    for (const l of this.layers) {
      const n = this.layerParamCount(l);
      if (n > 0) by.set(l.component, (by.get(l.component) ?? 0) + n);
    }
    return [...by].map(([component, params]) => ({ component, params }));
  }

  /**
   * Each component with its formula, identical blocks said once with their number; in Chinese
   * after `setLanguage("zh")`.
   *
   * @returns The explanation, one line per distinct layer.
   */
  explain(): string {
    const fmt = thousands;
    // In Chinese after setLanguage("zh"): the words, never the numbers or formulas' values.
    const zh = currentLanguage() === "zh";
    const what = zh ? whatInChinese : (text: string) => text;
    const formula = zh ? formulaInChinese : (text: string) => text;
    const lines = [
      zh
        ? `${this.name} (${this.className})：${fmt(this.paramCount())} 个参数` +
          (this.#lora === undefined
            ? ""
            : `，LoRA 秩 ${this.#lora} 时 ${fmt(this.trainableParamCount())} 个可训练`)
        : `${this.name} (${this.className}): ${fmt(this.paramCount())} parameters` +
          (this.#lora === undefined
            ? ""
            : `, ${fmt(this.trainableParamCount())} trainable with LoRA rank ${this.#lora}`),
    ];
    const done = new Set<number>();
    this.layers.forEach((layer, i) => {
      if (done.has(i) || layer.weights.length === 0) return;
      const same = this.layers
        .map((other, j) => ({ other, j }))
        .filter(({ other }) =>
          other.className === layer.className && other.formula === layer.formula &&
          other.component === "blocks" && layer.component === "blocks"
        )
        .map(({ j }) => j);
      const group = same.length > 1 ? same : [i];
      group.forEach((j) => done.add(j));
      const n = this.layerParamCount(layer);
      const names = group.length > 1
        ? `${layer.name} … ${
          this.layers[group[group.length - 1]].name
        } (${group.length} × ${layer.className})`
        : `${layer.name} (${layer.className})`;
      lines.push(
        zh
          ? `- ${names}：${what(layer.what)}。${formula(layer.formula)} = ${fmt(n)}` +
            (group.length > 1 ? `；× ${group.length} = ${fmt(n * group.length)}` : "")
          : `- ${names}: ${layer.what}. ${layer.formula} = ${fmt(n)}` +
            (group.length > 1 ? `; × ${group.length} = ${fmt(n * group.length)}` : ""),
      );
    });
    for (const note of this.notes) lines.push(zh ? `注：${note}` : `Note: ${note}`);
    return lines.join("\n");
  }
}
