/**
 * Keras 3's LoRA (low-rank adaptation) on Dense, EinsumDense, Embedding and the plain
 * convolutions (Conv1D, Conv2D, Conv3D, Keras 3.15's `base_conv.py`), as
 * `keras/src/layers/core/{dense,einsum_dense,embedding}.py` do it: `enable_lora(rank)` (or
 * `lora_rank` in the constructor, which enables it when the layer is built) adds two trainable
 * factors `A` and `B`, `A·B` having the kernel's shape, and freezes the kernel; the bias stays
 * trainable. Internal to lib/layers: these layers share its helpers.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { AxisMeaning, LoraSettings, WeightSpec } from "./args.ts";
import { opt } from "./options.ts";

const isRank = (v: unknown) =>
  v === null || typeof v === "number" && Number.isSafeInteger(v) && v >= 0;
const isAlpha = (v: unknown) => v === null || typeof v === "number" && Number.isFinite(v);

/**
 * The options `loraRank` and `loraAlpha`, as Keras's constructors take them: a rank of `null` or
 * 0 (Keras tests `if self.lora_rank:`) leaves LoRA off.
 */
export const LORA_OPTIONS = {
  loraRank: { ...opt.custom<number | null>("a positive integer or null", isRank, null) },
  loraAlpha: { ...opt.custom<number | null>("a number or null", isAlpha, null), inert: true },
};

/**
 * The LoRA settings a layer's checked configuration asks for.
 *
 * @param config The layer's configuration with `loraRank` and `loraAlpha`.
 * @returns The settings, or `undefined` when LoRA is off.
 */
export function loraFromConfig(
  config: { readonly loraRank: number | null; readonly loraAlpha: number | null },
): LoraSettings | undefined {
  const rank = config.loraRank;
  if (!rank) return undefined;
  return { rank, alpha: config.loraAlpha ?? rank };
}

/** What a {@linkcode LoraSwitch} reads of its layer, to refuse what Keras refuses. */
export interface LoraHost {
  /** The layer's name. */
  readonly name: string;
  /** Its class. */
  readonly className: string;
  /** Whether it is built. */
  readonly built: boolean;
  /** Its checked configuration, which holds the frozen weight's constraint. */
  readonly config: Readonly<Record<string, unknown>>;
  /** The input shape its arguments declare, if any: it can be built without a model. */
  declaredInputShape(): unknown;
}

/**
 * The LoRA of one Dense, EinsumDense or Embedding, as the three share it: off, or the settings
 * its `loraRank` asked for when it was created, or a later `enableLora`, each checked as Keras's
 * `enable_lora` checks them; and the layer's weights with it applied.
 */
export class LoraSwitch {
  readonly #layer: LoraHost;
  readonly #frozen: "kernel" | "embeddings";
  #settings: LoraSettings | undefined;

  /**
   * Reads the LoRA a layer's configuration asks for, and checks it.
   *
   * @param layer The layer.
   * @param frozen The weight LoRA freezes: `"kernel"` or `"embeddings"`.
   * @param config The layer's checked configuration, with `loraRank` and `loraAlpha`.
   */
  constructor(
    layer: LoraHost,
    frozen: "kernel" | "embeddings",
    config: { readonly loraRank: number | null; readonly loraAlpha: number | null },
  ) {
    this.#layer = layer;
    this.#frozen = frozen;
    const settings = loraFromConfig(config);
    if (settings) checkEnableLora(this.#subject(true), settings.rank);
    this.#settings = settings;
  }

  /** The settings, or `undefined` when LoRA is off. */
  get settings(): LoraSettings | undefined {
    return this.#settings;
  }

  /**
   * Turns LoRA on, as `enableLora(rank, loraAlpha)` asks (see {@linkcode checkEnableLora}); the
   * layer builds its weights again if it is built.
   *
   * @param rank The rank asked for.
   * @param alpha The `loraAlpha` asked for, if any.
   */
  enable(rank: unknown, alpha?: unknown): void {
    this.#settings = checkEnableLora(this.#subject(false), rank, alpha);
  }

  /**
   * The layer's weights with its LoRA applied (see {@linkcode withLora}).
   *
   * @param weights The layer's own weights.
   * @returns The weights.
   */
  weights(weights: readonly WeightSpec[]): WeightSpec[] {
    return withLora(weights, this.#frozen, this.#settings);
  }

  #subject(creating: boolean): LoraSubject {
    const layer = this.#layer;
    const key = `${this.#frozen}Constraint`;
    return {
      name: layer.name,
      className: layer.className,
      buildable: creating || layer.built || layer.declaredInputShape() !== undefined,
      lora: creating ? undefined : this.#settings,
      constraint: { key, value: layer.config[key] },
    };
  }
}

/** What `enableLora` needs to know of the layer, to refuse what Keras refuses. */
export interface LoraSubject {
  /** The layer's name. */
  readonly name: string;
  /** Its class. */
  readonly className: string;
  /** Whether it is built or can be (it has an input shape). */
  readonly buildable: boolean;
  /** Its LoRA, if enabled. */
  readonly lora: LoraSettings | undefined;
  /** The constraint on the weight LoRA freezes (`kernelConstraint`, `embeddingsConstraint`). */
  readonly constraint: { readonly key: string; readonly value: unknown };
}

/**
 * Checks a call of `enableLora(rank, loraAlpha)` as Keras's `enable_lora` does, with typed
 * errors naming the layer and the value.
 *
 * @param layer The layer.
 * @param rank The rank asked for.
 * @param alpha The `loraAlpha` asked for, if any.
 * @returns The settings to build with.
 * @throws {TypeError} For a rank or alpha that is no number, or a layer with a constraint on
 * its kernel (Keras: "Lora is incompatible with kernel constraints").
 * @throws {RangeError} For a rank that is not a positive integer, a layer that cannot be built
 * yet (Keras: "Cannot enable lora on a layer that isn't yet built"), or LoRA enabled twice
 * (Keras: "lora is already enabled").
 */
export function checkEnableLora(
  layer: LoraSubject,
  rank: unknown,
  alpha?: unknown,
): LoraSettings {
  const who = `Layer "${layer.name}" (${layer.className})`;
  if (typeof rank !== "number") {
    throw new TypeError(
      `${who}: enableLora's rank must be a positive integer, received ${describeValue(rank)}`,
    );
  }
  if (!Number.isSafeInteger(rank) || rank < 1) {
    throw new RangeError(
      `${who}: enableLora's rank must be a positive integer, received ${describeValue(rank)}`,
    );
  }
  if (alpha !== undefined && alpha !== null && !isAlpha(alpha)) {
    throw new TypeError(
      `${who}: enableLora's loraAlpha must be a number, received ${describeValue(alpha)}`,
    );
  }
  const { key, value } = layer.constraint;
  if (value !== null && value !== undefined) {
    throw new TypeError(
      `${who}: LoRA is incompatible with ${key} (${describeValue(value)}), as in Keras; ` +
        `remove ${key} to enable it`,
    );
  }
  if (!layer.buildable) {
    throw new RangeError(
      `${who}: cannot enable LoRA on a layer that is not built yet (Keras's rule): give it an ` +
        `inputShape, add it to a model first, or create it with loraRank: ${rank}`,
    );
  }
  if (layer.lora !== undefined) {
    throw new RangeError(
      `${who}: LoRA is already enabled (rank ${layer.lora.rank}); Keras allows it once per ` +
        `layer, received rank ${rank}`,
    );
  }
  return { rank, alpha: typeof alpha === "number" ? alpha : rank };
}

const RANK: AxisMeaning = { symbol: "r", meaning: "LoRA rank" };

/**
 * A layer's weights with LoRA applied, as Keras's `enable_lora` leaves them: the frozen weight
 * (`kernel` or `embeddings`) and, after the layer's own weights, the two trainable factors,
 * `A` of the frozen weight's shape with its last size replaced by the rank, and `B` of shape
 * (rank, its last size).
 *
 * @param weights The layer's own weights.
 * @param frozen The weight LoRA freezes: `"kernel"` (factors `lora_kernel_a/b`) or
 * `"embeddings"` (factors `lora_embeddings_a/b`).
 * @param lora The settings, or `undefined` for none.
 * @returns The weights.
 */
export function withLora(
  weights: readonly WeightSpec[],
  frozen: "kernel" | "embeddings",
  lora: LoraSettings | undefined,
): WeightSpec[] {
  if (lora === undefined) return [...weights];
  const target = weights.find((w) => w.name === frozen)!;
  const r = lora.rank;
  const last = target.shape.length - 1;
  const lastAxis = target.axes?.[last];
  return [
    ...weights.map((w) =>
      w === target
        ? { ...w, trainable: false, role: `${w.role ?? frozen}; frozen by LoRA` }
        : { ...w }
    ),
    {
      name: `lora_${frozen}_a`,
      shape: [...target.shape.slice(0, -1), r],
      trainable: true,
      axes: target.axes ? [...target.axes.slice(0, -1), RANK] : undefined,
      role: `LoRA factor A: ${frozen}'s shape with its last size replaced by the rank ${r}`,
      dtype: "float32",
    },
    {
      name: `lora_${frozen}_b`,
      shape: [r, target.shape[last]],
      trainable: true,
      axes: lastAxis ? [RANK, lastAxis] : undefined,
      role: `LoRA factor B: rank ${r} × ${target.shape[last]}`,
      dtype: "float32",
    },
  ];
}

/**
 * The sentence `explain()` adds for a layer with LoRA: what is frozen, what trains, and the
 * share of the layer that trains.
 *
 * @param weights The layer's weights (with trainable flags).
 * @param lora The settings, or `undefined`.
 * @returns The sentences (none without LoRA).
 */
export function loraWhy(
  weights: readonly { name: string; shape: readonly number[]; trainable: boolean }[],
  lora: LoraSettings | undefined,
): string[] {
  if (lora === undefined) return [];
  const size = (s: readonly number[]) => s.reduce((a, b) => a * b, 1);
  const a = weights.find((w) => w.name.startsWith("lora_") && w.name.endsWith("_a"))!;
  const b = weights.find((w) => w.name.startsWith("lora_") && w.name.endsWith("_b"))!;
  const frozenName = a.name.slice(5, -2);
  const frozen = weights.find((w) => w.name === frozenName)!;
  const total = weights.reduce((n, w) => n + size(w.shape), 0);
  const trained = weights.filter((w) => w.trainable).reduce((n, w) => n + size(w.shape), 0);
  const percent = total === 0 ? 0 : (100 * trained) / total;
  const shown = percent >= 1 ? percent.toFixed(1) : percent.toPrecision(2);
  return [
    `LoRA rank r = ${lora.rank} (alpha ${lora.alpha}): the ${frozenName} ` +
    `(${frozen.shape.join(" × ")} = ${size(frozen.shape)}) is frozen; the two low-rank ` +
    `factors ${a.name} (${a.shape.join(" × ")} = ${size(a.shape)}) and ${b.name} ` +
    `(${b.shape.join(" × ")} = ${size(b.shape)}) train: ${trained} of the ${total} ` +
    `parameters are trainable (${shown}%).`,
  ];
}
