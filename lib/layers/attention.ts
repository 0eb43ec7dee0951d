/**
 * Attention: the attention layers' shared base (`MultiInputLayer`: several inputs, query, value
 * and key), Attention and AdditiveAttention. MultiHeadAttention and GroupedQueryAttention are in
 * `multi_head_attention.ts`, EinsumDense in `einsum_dense.ts`. Their weights are projections of
 * feature vectors, applied at every position alike, and the attention weights themselves are
 * computed from the data, not learned, so no count depends on the sequence length.
 *
 * The attention layers take several inputs (query, value and optionally key). Until a model
 * connects them, build them with `build(queryShape, valueShape?, keyShape?)`, as Keras's
 * `build` does; built from one shape (an `inputShape`, or as a layer of a Sequential model) they
 * are self-attention: query, value and key are the same tensor.
 *
 * @module
 */

import { perExample } from "./macs.ts";
import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, sameShape, type Shape } from "../shape.ts";
import { type ApplyInput, asTensor, Layer } from "./base.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { defineKind, type LayerKind } from "./kind.ts";
import type { CallArgs, SymbolicTensor } from "./base.ts";
import { DOT_ATTENTION_CALL, type ReadCall } from "./call.ts";
import { inert, opt } from "./options.ts";

/** The shapes of an attention layer's inputs, batch first. */
export interface AttentionInputs {
  /** The query: the sequence that attends. */
  readonly query: Shape;
  /** The value: the sequence attended to. */
  readonly value: Shape;
  /** The key, compared with the query; the value when absent. */
  readonly key: Shape;
}

/**
 * What the attention layers share: several inputs. `build(query, value?, key?)` is Keras's
 * `build(query_shape, value_shape, key_shape)`; a layer built from one shape (its `inputShape`,
 * or in a Sequential model) is self-attention, with value and key equal to the query.
 *
 * @example Self-attention from one shape, cross-attention from two
 * ```ts
 * import { MultiHeadAttention, type MultiInputLayer } from "../../mod.ts";
 * import assert from "assert";
 *
 * const self: MultiInputLayer = new MultiHeadAttention(4, { keyDim: 16, inputShape: [10, 64] });
 * assert.deepEqual(self.attentionInputs().value, [null, 10, 64]);
 * const cross = new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64], [null, 7, 32]);
 * assert.equal(cross.paramCount(), 4160 + 2 * (32 * 64 + 64) + 4160);
 * ```
 */
export abstract class MultiInputLayer extends Layer {
  #value: Shape | undefined;
  #key: Shape | undefined;

  /**
   * Builds the layer for its inputs, as Keras's `build(query_shape, value_shape, key_shape)`.
   *
   * @param query The query's shape, batch first.
   * @param value The value's shape; the query's when absent (self-attention).
   * @param key The key's shape; the value's when absent.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When an input cannot be taken, or the layer was built for
   * other inputs.
   *
   * @example Cross-attention: a 10-step query over a 20-step value of another width
   * ```ts
   * import { MultiHeadAttention } from "../../mod.ts";
   * import assert from "assert";
   *
   * const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 8 });
   * mha.build([null, 10, 32], [null, 20, 48]);
   * assert.deepEqual(mha.outputShape(), [null, 10, 32]);
   * assert.deepEqual(mha.attentionInputs().key, [null, 20, 48]);
   * ```
   */
  override build(query: Shape, value?: Shape, key?: Shape): this {
    const v = value ?? query;
    const k = key ?? v;
    if (this.built) {
      const had = this.attentionInputs();
      if (
        sameShape(had.query, query) && sameShape(had.value, v) && sameShape(had.key, k)
      ) {
        return this;
      }
      throw new IncompatibleShapeError(
        this.name,
        query,
        `Layer "${this.name}" was already built for query ${formatShape(had.query)}, value ` +
          `${formatShape(had.value)} and key ${formatShape(had.key)}, and cannot be built ` +
          `again for query ${formatShape(query)}, value ${formatShape(v)} and key ` +
          `${formatShape(k)}`,
      );
    }
    for (const [what, shape] of [["value", v], ["key", k]] as const) {
      if (!Array.isArray(shape) || shape.length < 2) {
        throw new TypeError(
          `Invalid ${what} shape for layer "${this.name}": expected a list of sizes with the ` +
            `batch dimension first, received ${describeValue(shape)}`,
        );
      }
    }
    this.#value = [...v];
    this.#key = [...k];
    try {
      return super.build(query);
    } catch (error) {
      this.#value = this.#key = undefined;
      throw error;
    }
  }

  /**
   * The shapes the layer was built for.
   *
   * @returns The query's, the value's and the key's shapes.
   */
  attentionInputs(): AttentionInputs {
    const query = this.inputShape();
    return { query, value: this.#value!, key: this.#key! };
  }

  /** The query, value and key shapes, in Keras's call order. */
  override inputShapes(): readonly Shape[] {
    const { query, value, key } = this.attentionInputs();
    return [query, value, key];
  }

  /**
   * Builds the layer for the inputs a call gives it: the query, then the value and the key.
   *
   * @param inputs `[query]`, `[query, value]` or `[query, value, key]`.
   * @returns The layer.
   */
  override buildFor(inputs: readonly Shape[]): this {
    if (inputs.length < 1 || inputs.length > 3) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a query, a value and a key, received ` +
          `${inputs.length} inputs`,
      );
    }
    return this.build(inputs[0], inputs[1], inputs[2]);
  }

  /**
   * Calls the layer on a query (self-attention) or on `[query, value]` or
   * `[query, value, key]`, as Keras's `layer(query, value, key)`; MultiHeadAttention and
   * GroupedQueryAttention also take the value and the key as call arguments, as Keras's
   * `layer(query, value=v, key=k)`. With `returnAttentionScores`, it returns `[output, scores]`.
   *
   * @param inputs The query tensor, or the list.
   * @param callArgs The call's other arguments (`value`, `key`, masks, flags), as the kind
   * declares them.
   * @returns The output tensor, or `[output, scores]`.
   *
   * @example Cross-attention: the value and key projections read the value's 24 features
   * ```ts
   * import { Input, MultiHeadAttention } from "../../mod.ts";
   * import assert from "assert";
   *
   * const q = new Input({ shape: [10, 16] });
   * const v = new Input({ shape: [20, 24] });
   * const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8 });
   * const [out, scores] = mha.apply(q, { value: v, returnAttentionScores: true });
   * assert.equal(mha.paramCount(), 2672);
   * assert.deepEqual(out.shape, [null, 10, 16]);
   * assert.deepEqual(scores.shape, [null, 4, 10, 10]);
   * ```
   */
  override apply(
    inputs: ApplyInput,
    callArgs: CallArgs & { readonly returnAttentionScores: true },
  ): SymbolicTensor[];
  /**
   * Calls the layer; without `returnAttentionScores`, it returns the output alone.
   *
   * @param inputs The query tensor, or the list.
   * @param callArgs The call's other arguments.
   * @returns The output tensor.
   */
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor;
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const call = this.readCallArgs(callArgs);
    const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
    const tensors = list.map((x) => asTensor(this, x as SymbolicTensor | Layer));
    if (tensors.length < 1 || tensors.length > 3) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a query, a value and a key, received ` +
          `${tensors.length} inputs`,
      );
    }
    const value = this.#oneTensor(call, "value", tensors.length > 1);
    const key = this.#oneTensor(call, "key", tensors.length > 2);
    const query = tensors[0].shape;
    const valueShape = value?.shape ?? tensors[1]?.shape;
    const keyShape = key?.shape ?? tensors[2]?.shape;
    this.build(query, valueShape, keyShape);
    const output = this.outputShape();
    const shapes = Array.isArray(output[0]) ? output as readonly Shape[] : [output as Shape];
    const { value: v, key: k } = this.attentionInputs();
    const all = call.flags.returnAttentionScores
      ? [...shapes, this.scoresShape(query, v, k)]
      : shapes;
    const node = this.recordNode(
      [...tensors, ...call.edges],
      all,
      Array.isArray(inputs),
      call.given,
    );
    return node.outputs.length === 1 ? node.outputs[0] : [...node.outputs];
  }

  #oneTensor(
    call: ReadCall<SymbolicTensor>,
    name: string,
    inList: boolean,
  ): SymbolicTensor | undefined {
    const given = call.tensors[name];
    if (!given) return undefined;
    if (inList) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) got ${name} twice: in the list of inputs and ` +
          `as a call argument`,
      );
    }
    if (given.length !== 1) {
      throw new TypeError(
        `Invalid ${name} for layer "${this.name}" (${this.className}): expected one tensor, ` +
          `received ${given.length}`,
      );
    }
    return given[0];
  }

  /**
   * The shape of the attention scores a call with `returnAttentionScores` returns, as Keras's
   * `compute_output_spec` gives it.
   *
   * @param query The query's shape.
   * @param value The value's shape.
   * @param key The key's shape.
   * @returns The scores' shape.
   */
  protected abstract scoresShape(query: Shape, value: Shape, key: Shape): Shape;

  /** The value's and the key's shapes while building. */
  protected others(): { value: Shape; key: Shape } {
    return { value: this.#value!, key: this.#key! };
  }

  /** Checks the value's and the key's shapes with Keras's wording. */
  protected checkOthers(minNdim: number): void {
    const { value, key } = this.others();
    for (const [i, what, shape] of [[1, "value", value], [2, "key", key]] as const) {
      if (shape.length < minNdim) {
        throw new IncompatibleShapeError(
          this.name,
          shape,
          `Input ${i} (${what}) of layer "${this.name}" is incompatible with the layer: ` +
            `expected min_ndim=${minNdim}, found ndim=${shape.length}. Full shape received: ` +
            `${formatShape(shape)}`,
        );
      }
      if (shape.at(-1) === null) {
        throw new IncompatibleShapeError(
          this.name,
          shape,
          `Input ${i} (${what}) of layer "${this.name}" is incompatible with the layer: its ` +
            `last axis must be known to build the layer's weights, found None`,
        );
      }
    }
    if (!sameShape(value.slice(1, -1), key.slice(1, -1))) {
      throw new IncompatibleShapeError(
        this.name,
        key,
        `Layer "${this.name}": all dimensions of \`value\` and \`key\`, except the last one, ` +
          `must be equal. Received: value_shape=${formatShape(value)} and key_shape=` +
          `${formatShape(key)}`,
      );
    }
  }
}

const ATTENTION_OPTIONS = {
  useScale: opt.bool(false),
  scoreMode: opt.oneOf(["dot", "concat"] as const, "dot"),
  dropout: { ...opt.fraction(0), inert: true },
  ...inert("seed"),
};

/** Arguments of {@linkcode Attention}. */
export interface AttentionArgs extends LayerArgs {
  /**
   * Learn one scalar that scales the scores.
   * @default {false}
   */
  readonly useScale?: boolean;
  /**
   * `"dot"` (Luong) scores, or `"concat"`: tanh of the sum, which adds one learned scalar.
   * @default {"dot"}
   */
  readonly scoreMode?: "dot" | "concat";
  /** Dropout on the attention scores; it has no parameters. */
  readonly dropout?: number;
  /** The dropout's seed; it has no parameters. */
  readonly seed?: unknown;
}

/**
 * Dot-product (Luong-style) attention. It has no projections: at most a learned scalar `scale`
 * (`useScale`) and, with `scoreMode: "concat"`, a scalar `concat_score_weight`.
 *
 * @example
 * ```ts
 * import { Attention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const attention = new Attention({ useScale: true, scoreMode: "concat" });
 * attention.build([null, 10, 16], [null, 20, 16]);
 * assert.equal(attention.paramCount(), 2);
 * assert.deepEqual(attention.outputShape(), [null, 10, 16]);
 * ```
 */
export class Attention extends MultiInputLayer {
  /** The declaration of Keras's `Attention`. */
  static readonly kind: LayerKind = defineKind({
    className: "Attention",
    family: "attention",
    summary: "Dot-product attention: no projections, at most two learned scalars.",
    options: ATTENTION_OPTIONS,
    create: (config) => new Attention(config as AttentionArgs),
    call: DOT_ATTENTION_CALL,
    // Scores QKᵀ (dot mode only: "concat" adds tanh(q + k) elementwise) and the weighted sum of
    // the values: both quadratic in the length.
    macs: (layer, { inputs }) => {
      const [query, value, key] = inputs;
      const pairs = perExample(query) / query.at(-1)! * (perExample(key) / key.at(-1)!);
      return {
        scores: layer.config.scoreMode === "concat" ? 0 : pairs * query.at(-1)!,
        "weighted sum": pairs * value.at(-1)!,
      };
    },
    noWeights: () =>
      "Dot-product attention compares the query with the key and averages the value by the " +
      "resulting weights, all computed from the data: nothing is learned (useScale and " +
      'scoreMode "concat" would add one scalar each).',
    why: (layer) => scalarsWhy(layer),
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The configuration.
   */
  constructor(args: AttentionArgs = {}) {
    super(args, Attention.kind);
  }

  /** What the query must look like. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3 };
  }

  /** The scalars, as Keras creates them. */
  protected buildWeights(): WeightSpec[] {
    this.checkOthers(3);
    const weights: WeightSpec[] = [];
    if (this.config.useScale) weights.push({ name: "scale", shape: [], trainable: true, axes: [] });
    if (this.config.scoreMode === "concat") {
      weights.push({ name: "concat_score_weight", shape: [], trainable: true, axes: [] });
    }
    return weights;
  }

  /** Keras's scores: the query's shape without its features, then the key's steps. */
  protected scoresShape(query: Shape, _value: Shape, key: Shape): Shape {
    return [...query.slice(0, -1), key.at(-2)!];
  }

  /** The output shape: the query's, with the value's width. */
  protected computeOutputShape(query: Shape): Shape {
    return [...query.slice(0, -1), this.others().value.at(-1)!];
  }
}

function scalarsWhy(layer: Layer): string[] {
  return layer.weights().map((w) =>
    w.name === "scale" && w.shape.length === 1
      ? `scale: one learned weight per feature of the query (${w.shape[0]}), multiplying the ` +
        `tanh of query + key before the features are summed into a score.`
      : w.name === "scale"
      ? `scale: one learned scalar that multiplies the scores.`
      : `concat_score_weight: one learned scalar that multiplies the "concat" scores.`
  ).concat(
    `There are no projections: the scores come from the query and key themselves, so nothing ` +
      `depends on the sequence lengths.`,
  );
}

const ADDITIVE_OPTIONS = {
  useScale: opt.bool(true),
  dropout: { ...opt.fraction(0), inert: true },
  ...inert("seed"),
};

/** Arguments of {@linkcode AdditiveAttention}. */
export interface AdditiveAttentionArgs extends LayerArgs {
  /**
   * Learn a scale per feature of the query.
   * @default {true}
   */
  readonly useScale?: boolean;
  /** Dropout on the attention scores; it has no parameters. */
  readonly dropout?: number;
  /** The dropout's seed; it has no parameters. */
  readonly seed?: unknown;
}

/**
 * Additive (Bahdanau-style) attention: with `useScale` (the default), one learned `scale` per
 * feature of the query.
 *
 * @example
 * ```ts
 * import { AdditiveAttention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const attention = new AdditiveAttention();
 * attention.build([null, 10, 16], [null, 20, 16]);
 * assert.equal(attention.paramCount(), 16);
 * ```
 */
export class AdditiveAttention extends MultiInputLayer {
  /** The declaration of Keras's `AdditiveAttention`. */
  static readonly kind: LayerKind = defineKind({
    className: "AdditiveAttention",
    family: "attention",
    summary: "Additive attention: a learned scale per query feature (useScale), no projections.",
    options: ADDITIVE_OPTIONS,
    create: (config) => new AdditiveAttention(config as AdditiveAttentionArgs),
    call: DOT_ATTENTION_CALL,
    // The scores add tanh(q + k) elementwise (no MACs); the weighted sum of the values is a
    // matrix product, quadratic in the length.
    macs: (_layer, { inputs }) => {
      const [query, value, key] = inputs;
      const pairs = perExample(query) / query.at(-1)! * (perExample(key) / key.at(-1)!);
      return { scores: 0, "weighted sum": pairs * value.at(-1)! };
    },
    noWeights: () =>
      "Additive attention without useScale sums tanh(query + key) over the features to score " +
      "each pair of positions: nothing is learned.",
    why: (layer) => scalarsWhy(layer),
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The configuration.
   */
  constructor(args: AdditiveAttentionArgs = {}) {
    super(args, AdditiveAttention.kind);
  }

  /** What the query must look like. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The scale, as Keras creates it: one per query feature. */
  protected buildWeights(query: Shape): WeightSpec[] {
    this.checkOthers(3);
    if (!this.config.useScale) return [];
    return [{
      name: "scale",
      shape: [query.at(-1)!],
      trainable: true,
      axes: [{ symbol: "n", meaning: "query features" }],
    }];
  }

  /** Keras's scores: the query's shape without its features, then the key's steps. */
  protected scoresShape(query: Shape, _value: Shape, key: Shape): Shape {
    return [...query.slice(0, -1), key.at(-2)!];
  }

  /** The output shape: the query's, with the value's width. */
  protected computeOutputShape(query: Shape): Shape {
    return [...query.slice(0, -1), this.others().value.at(-1)!];
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { ATTENTION_KINDS } from "./attention.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(ATTENTION_KINDS.map((kind) => kind.className), ["Attention", "AdditiveAttention"]);
 * ```
 */
export const ATTENTION_KINDS: readonly LayerKind[] = [
  Attention.kind,
  AdditiveAttention.kind,
];
