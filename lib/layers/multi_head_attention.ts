/**
 * MultiHeadAttention and GroupedQueryAttention: query, key and value projections per head
 * (EinsumDense layers, as Keras builds them) and an output projection. The count depends on the
 * feature sizes and heads, never on the sequence lengths.
 *
 * @module
 */

import { einsumMacs, type MacsTerms } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import type { Layer, Weight } from "./base.ts";
import type { AxisMeaning, InputSpec, KernelExtrasArgs, LayerArgs } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import {
  groupedQueryAttentionCandidates,
  multiHeadAttentionCandidates,
} from "./_attention_reading.ts";
import { inert, KERNEL_EXTRAS, opt } from "./options.ts";
import { EinsumDense } from "./einsum_dense.ts";
import { MultiInputLayer } from "./attention.ts";
import { PROJECTED_ATTENTION_CALL } from "./call.ts";
import {
  groupedQueryAttentionCounterpart,
  multiHeadAttentionCounterpart,
} from "./pytorch_attention.ts";

/** Sub-layer weights, renamed `query/kernel` as Keras's paths name them, with their axes. */
function projectionWeights(sub: EinsumDense, axes: {
  kernel: readonly AxisMeaning[];
  bias: readonly AxisMeaning[];
}): Weight[] {
  return sub.weightSpecs().map((w) => ({
    ...w,
    name: `${sub.name}/${w.name}`,
    axes: w.name === "kernel" ? axes.kernel : axes.bias,
  }));
}

// ---------------------------------------------------------------------------------------------
// MultiHeadAttention

// keras/src/layers/attention/multi_head_attention.py: _build_proj_equation, _get_output_shape.
function projectionEquation(
  freeDims: number,
  boundDims: number,
  outputDims: number,
): { equation: string; biasAxes: string; outputRank: number } {
  const letter = (i: number) => "abcdefghijklmnopqrstuvwxyz"[i];
  let input = "", kernel = "", output = "", bias = "";
  for (let i = 0; i < freeDims; i++) {
    input += letter(i);
    output += letter(i);
  }
  for (let i = 0; i < boundDims; i++) {
    input += letter(freeDims + i);
    kernel += letter(freeDims + i);
  }
  for (let i = 0; i < outputDims; i++) {
    const char = letter(freeDims + boundDims + i);
    kernel += char;
    output += char;
    bias += char;
  }
  return { equation: `${input},${kernel}->${output}`, biasAxes: bias, outputRank: output.length };
}

function partialShape(outputRank: number, known: readonly number[]): Dim[] {
  return [...new Array<Dim>(outputRank - known.length).fill(null), ...known];
}

const SIZES = "a positive integer or a list of positive integers";
function isPositiveSizes(v: unknown): boolean {
  const size = (d: unknown) => typeof d === "number" && Number.isSafeInteger(d) && d >= 1;
  return size(v) || Array.isArray(v) && v.length > 0 && v.every(size);
}

/**
 * What the multi-head attention layers accept besides their shapes: the kernels' and biases'
 * initializers, regularizers and constraints, dropout, a local window, flash attention and a
 * seed. None of it has parameters.
 */
export interface AttentionExtrasArgs extends KernelExtrasArgs {
  /** Dropout on the attention scores; it has no parameters. */
  readonly dropout?: number;
  /** A local attention window; it has no parameters. */
  readonly slidingWindow?: number | null;
  /** Use flash attention; it has no parameters. */
  readonly flashAttention?: boolean | null;
  /** The random seed; it adds no parameters. */
  readonly seed?: unknown;
}

/** The options of {@linkcode AttentionExtrasArgs}. */
const ATTENTION_EXTRAS = {
  ...KERNEL_EXTRAS,
  dropout: { ...opt.fraction(0), inert: true },
  slidingWindow: { ...opt.intOrNull(), inert: true },
  flashAttention: {
    ...opt.custom<boolean | null>(
      "true, false or null",
      (v) => v === null || typeof v === "boolean",
      null,
    ),
    inert: true,
  },
  ...inert("seed"),
};

const MHA_OPTIONS = {
  numHeads: opt.int(),
  keyDim: opt.int(),
  valueDim: opt.intOrNull(),
  useBias: opt.bool(true),
  outputShape: {
    ...opt.custom<number | readonly number[] | null>(
      `${SIZES}, or null`,
      (v) => v === null || isPositiveSizes(v),
      null,
    ),
    nullInJson: true,
  },
  attentionAxes: {
    ...opt.custom<number | readonly number[] | null>(
      "an integer axis, a list of them, or null",
      (v) =>
        v === null || Number.isSafeInteger(v) ||
        Array.isArray(v) && v.length > 0 && v.every((a) => Number.isSafeInteger(a)),
      null,
    ),
    nullInJson: true,
  },
  useGate: opt.bool(false),
  ...ATTENTION_EXTRAS,
};

/** Arguments of {@linkcode MultiHeadAttention}. */
export interface MultiHeadAttentionArgs extends LayerArgs, AttentionExtrasArgs {
  /** The number of attention heads. */
  readonly numHeads: number;
  /** The size of each head's query and key vectors. */
  readonly keyDim: number;
  /**
   * The size of each head's value vectors.
   * @default {keyDim}
   */
  readonly valueDim?: number | null;
  /**
   * Whether the projections have biases.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * The output's last axes; by default the query's last axis.
   * @default {null}
   */
  readonly outputShape?: number | readonly number[] | null;
  /**
   * The axes attention runs over; by default every axis but the batch and the features.
   * @default {null}
   */
  readonly attentionAxes?: number | readonly number[] | null;
  /**
   * A sigmoid gate on the heads' outputs: one more projection of the query, as large as the
   * value's.
   * @default {false}
   */
  readonly useGate?: boolean;
}

/**
 * The MACs of multi-head attention for one example: each projection is an einsum (linear in the
 * length), the scores QKᵀ and the weighted sum of the values pair every query position with
 * every key position along the attention axes (quadratic in the length).
 */
function attentionMacs(
  layer: Layer,
  inputs: readonly (readonly number[])[],
  heads: number,
  keyDim: number,
  valueDim: number,
  attentionAxes: number | readonly number[] | null,
): MacsTerms {
  const [query, value, key] = inputs;
  const projections = layer.innerLayers() as readonly EinsumDense[];
  const on: Record<string, readonly number[]> = {
    query,
    key,
    gate: query,
    value,
    attention_output: [...query.slice(0, -1), heads, valueDim],
  };
  const terms: Record<string, number> = {};
  for (const p of projections) {
    terms[`${p.name} projection`] = einsumMacs(p.equation, on[p.name], p.weights()[0].shape);
  }
  const positions = query.slice(1, -1);
  const axes = attentionAxes === null
    ? positions.map((_, i) => i + 1)
    : (typeof attentionAxes === "number" ? [attentionAxes] : attentionAxes).map((a) =>
      a < 0 ? query.length + a : a
    );
  let queryPositions = 1;
  for (const d of positions) queryPositions *= d;
  let keyPositions = 1;
  for (const a of axes) keyPositions *= key[a];
  terms["scores QKᵀ"] = queryPositions * keyPositions * heads * keyDim;
  terms["weighted sum"] = queryPositions * keyPositions * heads * valueDim;
  return terms;
}

/**
 * Multi-head attention, as Keras builds it: four `EinsumDense` projections named `query`, `key`,
 * `value` and `attention_output` (and `gate` with `useGate`). The query, key and value
 * projections map their input's features to `numHeads × keyDim` (value: `numHeads × valueDim`)
 * columns; the output projection maps the heads back to the query's width. Nothing depends on
 * the sequence lengths.
 *
 * @example 4 heads of 16 on 64 features: 4 × 4,160 = 16,640
 * ```ts
 * import { MultiHeadAttention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 16, inputShape: [10, 64] });
 * assert.equal(mha.paramCount(), 16_640);
 * assert.deepEqual(mha.outputShape(), [null, 10, 64]);
 * assert.deepEqual(mha.weights().map((w) => w.name).slice(0, 2), ["query/kernel", "query/bias"]);
 * ```
 */
export class MultiHeadAttention extends MultiInputLayer {
  /** The declaration of Keras's `MultiHeadAttention`. */
  static readonly kind: LayerKind = defineKind({
    className: "MultiHeadAttention",
    family: "attention",
    holdsQuantizable: true, // model.quantize quantizes its EinsumDense projections
    summary: "Query, key, value and output projections (EinsumDense), h heads of key_dim each.",
    options: MHA_OPTIONS,
    positional: "numHeads",
    create: (config) => new MultiHeadAttention(config as unknown as MultiHeadAttentionArgs),
    call: PROJECTED_ATTENTION_CALL,
    macs: (layer, call) => {
      const mha = layer as MultiHeadAttention;
      const axes = mha.config.attentionAxes as number | readonly number[] | null;
      return attentionMacs(mha, call.inputs, mha.numHeads, mha.keyDim, mha.valueDim, axes);
    },
    why: (layer) => projectionsWhy(layer as MultiInputLayer),
    pytorch: (layer) => multiHeadAttentionCounterpart(layer),
    samples: [
      { numHeads: 4, keyDim: 16, inputShape: [10, 64] },
      { numHeads: 2, keyDim: 16, useBias: false, inputShape: [7, 32] },
      // No PyTorch module corresponds: each says why.
      { numHeads: 4, keyDim: 32, inputShape: [10, 64] },
      { numHeads: 4, keyDim: 16, outputShape: 32, inputShape: [10, 64] },
    ],
    read: {
      candidates: (row) => multiHeadAttentionCandidates(MultiHeadAttention.kind, row),
      unknownInput: { anyCount: "a value and key of another width than the query's" },
    },
  });
  /** The number of heads. */
  readonly numHeads: number;
  /** The size of each head's query and key. */
  readonly keyDim: number;
  /** The size of each head's value. */
  readonly valueDim: number;
  /** Whether the projections have biases. */
  readonly useBias: boolean;
  /** Whether a gate projection is added. */
  readonly useGate: boolean;
  #subLayers: EinsumDense[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param numHeads The number of heads, or the whole configuration.
   * @param args The rest of the configuration, when `numHeads` came first.
   */
  constructor(
    numHeads: number | MultiHeadAttentionArgs,
    args?: Omit<MultiHeadAttentionArgs, "numHeads">,
  ) {
    super(positional(MultiHeadAttention.kind, numHeads, args), MultiHeadAttention.kind);
    const c = this.options(MHA_OPTIONS);
    this.numHeads = c.numHeads;
    this.keyDim = c.keyDim;
    this.valueDim = c.valueDim ?? c.keyDim;
    this.useBias = c.useBias;
    this.useGate = c.useGate;
  }

  /** The projections, once built: `query`, `key`, (`gate`,) `value`, `attention_output`. */
  override innerLayers(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What the query must look like. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The projections' weights, in Keras's order. */
  protected buildWeights(query: Shape): Weight[] {
    this.checkOthers(3);
    const { value, key } = this.others();
    const h = this.numHeads;
    const sub = (rank: number, bound: number, known: readonly number[], name: string) => {
      const p = projectionEquation(rank - 1, bound, known.length);
      return new EinsumDense({
        equation: p.equation,
        outputShape: partialShape(p.outputRank - 1, known),
        biasAxes: this.useBias ? p.biasAxes : null,
        ...(name === "gate" ? { activation: "sigmoid" } : {}),
        name,
      });
    };
    const queryDense = sub(query.length, 1, [h, this.keyDim], "query");
    queryDense.build(query);
    const keyDense = sub(key.length, 1, [h, this.keyDim], "key");
    keyDense.build(key);
    const gate = this.useGate ? sub(query.length, 1, [h, this.valueDim], "gate") : undefined;
    gate?.build(query);
    const valueDense = sub(value.length, 1, [h, this.valueDim], "value");
    valueDense.build(value);
    this.#checkAttentionAxes(query);
    const out = this.#outputWidths(query);
    const outputDense = sub(query.length, 2, out, "attention_output");
    const outputInput = [...(queryDense.outputShape() as Shape)];
    outputInput[outputInput.length - 1] = this.valueDim;
    outputDense.build(outputInput);
    this.#subLayers = [queryDense, keyDense, ...(gate ? [gate] : []), valueDense, outputDense];
    const widths = symbolsFor(query.at(-1)!, key.at(-1)!, value.at(-1)!);
    const heads = { symbol: "h", meaning: "heads" };
    const dk = { symbol: "d_k", meaning: "key_dim, per head" };
    const dv = { symbol: "d_v", meaning: "value_dim, per head" };
    const outAxes = out.length === 1 && out[0] === query.at(-1) && !this.config.outputShape
      ? [widths.query]
      : out.map((_, i) => ({
        symbol: out.length === 1 ? "n_o" : `n_o${i + 1}`,
        meaning: "output features (outputShape)",
      }));
    return [
      ...projectionWeights(queryDense, {
        kernel: [widths.query, heads, dk],
        bias: [heads, dk],
      }),
      ...projectionWeights(keyDense, { kernel: [widths.key, heads, dk], bias: [heads, dk] }),
      ...(gate
        ? projectionWeights(gate, { kernel: [widths.query, heads, dv], bias: [heads, dv] })
        : []),
      ...projectionWeights(valueDense, { kernel: [widths.value, heads, dv], bias: [heads, dv] }),
      ...projectionWeights(outputDense, { kernel: [heads, dv, ...outAxes], bias: outAxes }),
    ];
  }

  #outputWidths(query: Shape): number[] {
    const given = this.config.outputShape as number | readonly number[] | null;
    if (given === null) return [query.at(-1)!];
    return typeof given === "number" ? [given] : [...given];
  }

  #checkAttentionAxes(query: Shape): void {
    const given = this.config.attentionAxes as number | readonly number[] | null;
    if (given === null) return;
    const axes = typeof given === "number" ? [given] : given;
    for (const axis of axes) {
      const normalized = axis >= 0 ? axis : query.length + axis;
      if (normalized < 1 || normalized > query.length - 2) {
        throw new IncompatibleShapeError(
          this.name,
          query,
          `Invalid attentionAxes for layer "${this.name}": axis ${axis} is not one of the ` +
            `query's attention axes 1 to ${query.length - 2} (every axis but the batch and ` +
            `the features) for query shape ${formatShape(query)}`,
        );
      }
    }
  }

  /**
   * Keras 3's symbolic scores: (batch, heads, query steps, query steps). Its
   * `compute_output_spec` uses the query's length twice, whatever the value's; the scores the
   * model computes when it runs are (batch, heads, query steps, value steps).
   */
  protected scoresShape(query: Shape): Shape {
    return [query[0], this.numHeads, query[1], query[1]];
  }

  /** The output shape, as Keras's `compute_output_shape`: the query's, its width replaced. */
  protected computeOutputShape(query: Shape): Shape {
    const given = this.config.outputShape as number | readonly number[] | null;
    if (given === null) return query;
    return [...query.slice(0, -1), ...(typeof given === "number" ? [given] : given)];
  }
}

/** `n` when query, key and value have one width; `n_q`, `n_k`, `n_v` otherwise. */
function symbolsFor(query: number, key: number, value: number) {
  const same = query === key && key === value;
  const axis = (symbol: string, meaning: string): AxisMeaning => ({ symbol, meaning });
  return same
    ? {
      query: axis("n", "features"),
      key: axis("n", "features"),
      value: axis("n", "features"),
    }
    : {
      query: axis("n_q", "query features"),
      key: axis("n_k", "key features"),
      value: axis("n_v", "value features"),
    };
}

function projectionsWhy(layer: MultiInputLayer): string[] {
  const weights = layer.weights();
  const groups = new Map<string, Weight[]>();
  for (const w of weights) {
    const [group] = w.name.split("/");
    groups.set(group, [...(groups.get(group) ?? []), w]);
  }
  const lines: string[] = [];
  const parts: string[] = [];
  let total = 0;
  for (const [name, list] of groups) {
    const size = list.reduce((s, w) => s + w.size, 0);
    total += size;
    const [kernel, bias] = list;
    const shape = kernel.shape;
    const text = name === "attention_output"
      ? `(${shape.slice(0, 2).join("·")})·${shape.slice(2).join("·")}`
      : `${shape[0]}·(${shape.slice(1).join("·")})`;
    parts.push(
      `${name}: ${text}${bias ? ` + ${bias.shape.join("·")}` : ""} = ${
        size.toLocaleString("en-US")
      }`,
    );
  }
  const query = weights.find((w) => w.name === "query/kernel")!;
  const heads = query.shape[1];
  const mapped = [...groups].filter(([name]) => name !== "attention_output").map(([name, l]) =>
    `${name} ${l[0].shape[1]} × ${l[0].shape[2]}`
  );
  const out = groups.get("attention_output")!;
  lines.push(
    `Each projection maps its input's features to heads × columns per head (${mapped.join(", ")})${
      out.length > 1 ? ", plus a bias per column" : ""
    }; the output projection maps the ` +
      `${out[0].shape[0]} × ${out[0].shape[1]} head outputs back to ${
        out[0].shape.slice(2).join(" × ")
      } features${out.length > 1 ? ", plus a bias per feature" : ""}.`,
  );
  const sizes = [...groups.values()].map((l) => l.reduce((s, w) => s + w.size, 0));
  const fmt = (n: number) => n.toLocaleString("en-US");
  const same = sizes.every((n) => n === sizes[0]);
  lines.push(
    `${parts.join("; ")}; total ${same ? `${sizes.length} × ${fmt(sizes[0])} = ` : ""}${
      fmt(total)
    }.`,
  );
  const perHead = [...groups].filter(([name]) => name !== "attention_output").map(([name, l]) => {
    const headCount = l[0].shape[1];
    return { name, size: l.reduce((s, w) => s + w.size, 0) / headCount, heads: headCount };
  });
  const sharedHeads = perHead.every((p) => p.heads === heads);
  if (sharedHeads) {
    const each = perHead.reduce((s, p) => s + p.size, 0);
    lines.push(
      `Per head: each of the ${heads} heads owns its own slice of the ${
        perHead.map((p) => p.name).join(", ")
      } kernels${weights.some((w) => w.name.endsWith("/bias")) ? " and biases" : ""}, ${
        each.toLocaleString("en-US")
      } parameters (${
        perHead.map((p) => p.size.toLocaleString("en-US")).join(" + ")
      }), so ${heads} × ${each.toLocaleString("en-US")} = ${
        (heads * each).toLocaleString("en-US")
      }; the output projection, which mixes the heads, adds ${
        groups.get("attention_output")!.reduce((s, w) => s + w.size, 0).toLocaleString("en-US")
      }.`,
    );
  } else {
    lines.push(
      perHead.map((p) =>
        `${p.name}: ${p.heads} head${p.heads === 1 ? "" : "s"} of ${
          p.size.toLocaleString("en-US")
        } parameters each`
      ).join("; ") +
        ` (the key and value heads are shared by groups of query heads, which is why there are ` +
        `fewer of them).`,
    );
  }
  const { query: q } = layer.attentionInputs();
  const steps = q.slice(1, -1);
  lines.push(
    `Each projection is applied to every position alike, and the attention weights between ` +
      `positions are computed from the data, not learned: the count depends on the widths, the ` +
      `heads and their sizes, never on the sequence length${
        steps.every((d) => d !== null) ? ` (${steps.join(" × ")} here)` : ""
      }.`,
  );
  return lines;
}

// ---------------------------------------------------------------------------------------------
// GroupedQueryAttention

const GQA_OPTIONS = {
  headDim: opt.int(),
  numQueryHeads: opt.int(),
  numKeyValueHeads: opt.int(),
  useBias: opt.bool(true),
  useGate: opt.bool(false),
  ...ATTENTION_EXTRAS,
};

/** Arguments of {@linkcode GroupedQueryAttention}. */
export interface GroupedQueryAttentionArgs extends LayerArgs, AttentionExtrasArgs {
  /** The size of each head. */
  readonly headDim: number;
  /** The number of query heads. */
  readonly numQueryHeads: number;
  /** The number of key and value heads; it must divide `numQueryHeads`. */
  readonly numKeyValueHeads: number;
  /**
   * Whether the projections have biases.
   * @default {true}
   */
  readonly useBias?: boolean;
  /**
   * A sigmoid gate: one more projection of the query, as large as the query's.
   * @default {false}
   */
  readonly useGate?: boolean;
}

/**
 * Grouped-query attention (Keras's `GroupedQueryAttention`, exported as `GroupQueryAttention`):
 * `numQueryHeads` query heads share `numKeyValueHeads` key and value heads, so the key and value
 * projections are smaller than multi-head attention's.
 *
 * @example 8 query heads over 2 key/value heads of 16, on 64 features
 * ```ts
 * import { GroupedQueryAttention } from "../../mod.ts";
 * import assert from "assert";
 *
 * const gqa = new GroupedQueryAttention({
 *   headDim: 16,
 *   numQueryHeads: 8,
 *   numKeyValueHeads: 2,
 *   inputShape: [10, 64],
 * });
 * // query 64·(8·16) + 8·16, key and value 64·(2·16) + 2·16 each, output (8·16)·64 + 64
 * assert.equal(gqa.paramCount(), 8320 + 2 * 2080 + 8256);
 * ```
 */
export class GroupedQueryAttention extends MultiInputLayer {
  /** The declaration of Keras's `GroupedQueryAttention`. */
  static readonly kind: LayerKind = defineKind({
    className: "GroupedQueryAttention",
    aliases: ["GroupQueryAttention"],
    family: "attention",
    holdsQuantizable: true, // model.quantize quantizes its EinsumDense projections
    summary: "Attention whose query heads share fewer key/value heads: smaller key and value " +
      "projections.",
    options: GQA_OPTIONS,
    positional: "headDim",
    create: (config) => new GroupedQueryAttention(config as unknown as GroupedQueryAttentionArgs),
    call: PROJECTED_ATTENTION_CALL,
    // Keras repeats the key and value heads to the query heads before the scores.
    macs: (layer, call) => {
      const gqa = layer as GroupedQueryAttention;
      return attentionMacs(gqa, call.inputs, gqa.numQueryHeads, gqa.headDim, gqa.headDim, null);
    },
    why: (layer) => projectionsWhy(layer as MultiInputLayer),
    pytorch: (layer) => groupedQueryAttentionCounterpart(layer),
    samples: [{ headDim: 16, numQueryHeads: 8, numKeyValueHeads: 2, inputShape: [10, 64] }],
    read: {
      // Every split of the heads is solved from the count when the inputs are printed: a row
      // none fits is then flagged; on inputs printed nowhere, not checked.
      partial: true,
      completeFor: (row) => row.params !== null && (row.inputs !== null || row.input !== null),
      candidates: (row) => groupedQueryAttentionCandidates(GroupedQueryAttention.kind, row),
      unknownInput: { anyCount: "a value and key of another width than the query's" },
    },
  });
  /** The size of each head. */
  readonly headDim: number;
  /** The number of query heads. */
  readonly numQueryHeads: number;
  /** The number of key and value heads. */
  readonly numKeyValueHeads: number;
  /** Whether the projections have biases. */
  readonly useBias: boolean;
  /** Whether a gate projection is added. */
  readonly useGate: boolean;
  #subLayers: EinsumDense[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param headDim The size of each head, or the whole configuration.
   * @param args The rest of the configuration, when `headDim` came first.
   * @throws {RangeError} When `numKeyValueHeads` does not divide `numQueryHeads`.
   */
  constructor(
    headDim: number | GroupedQueryAttentionArgs,
    args?: Omit<GroupedQueryAttentionArgs, "headDim">,
  ) {
    super(positional(GroupedQueryAttention.kind, headDim, args), GroupedQueryAttention.kind);
    const c = this.options(GQA_OPTIONS);
    this.headDim = c.headDim;
    this.numQueryHeads = c.numQueryHeads;
    this.numKeyValueHeads = c.numKeyValueHeads;
    this.useBias = c.useBias;
    this.useGate = c.useGate;
    if (c.numQueryHeads % c.numKeyValueHeads !== 0) {
      throw new RangeError(
        `Invalid numKeyValueHeads for GroupedQueryAttention: numQueryHeads must be divisible ` +
          `by numKeyValueHeads, received numQueryHeads ${c.numQueryHeads} and ` +
          `numKeyValueHeads ${c.numKeyValueHeads}`,
      );
    }
  }

  /** The projections, once built. */
  override innerLayers(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What the query must look like: (batch, steps, features). */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }

  /** The projections' weights, in Keras's order. */
  protected buildWeights(query: Shape): Weight[] {
    this.checkOthers(3);
    const { value, key } = this.others();
    this.#checkWidths(query, value);
    const bias = (axes: string) => (this.useBias ? axes : null);
    const uq = this.numQueryHeads, kv = this.numKeyValueHeads, h = this.headDim;
    const make = (equation: string, out: Dim[], axes: string, name: string) =>
      new EinsumDense({ equation, outputShape: out, biasAxes: bias(axes), name });
    const queryDense = make("bqm,muh->bquh", [null, uq, h], "uh", "query").build(query);
    const keyDense = make("bkm,mvh->bkvh", [null, kv, h], "vh", "key").build(key);
    const gate = this.useGate
      ? make("bqm,muh->bquh", [null, uq, h], "uh", "gate").build(query)
      : undefined;
    const valueDense = make("bkm,mvh->bkvh", [null, kv, h], "vh", "value").build(value);
    const outputDense = make("bquh,uhm->bqm", [null, query[2]], "m", "attention_output")
      .build([null, null, uq, h]);
    this.#subLayers = [queryDense, keyDense, ...(gate ? [gate] : []), valueDense, outputDense];
    const widths = symbolsFor(query[2]!, key[2]!, value[2]!);
    const hq = { symbol: "h_q", meaning: "query heads" };
    const hkv = { symbol: "h_kv", meaning: "key and value heads" };
    const d = { symbol: "d", meaning: "head_dim" };
    return [
      ...projectionWeights(queryDense, { kernel: [widths.query, hq, d], bias: [hq, d] }),
      ...projectionWeights(keyDense, { kernel: [widths.key, hkv, d], bias: [hkv, d] }),
      ...(gate ? projectionWeights(gate, { kernel: [widths.query, hq, d], bias: [hq, d] }) : []),
      ...projectionWeights(valueDense, { kernel: [widths.value, hkv, d], bias: [hkv, d] }),
      ...projectionWeights(outputDense, { kernel: [hq, d, widths.query], bias: [widths.query] }),
    ];
  }

  #checkWidths(query: Shape, value: Shape): void {
    if (query.at(-1) !== value.at(-1)) {
      throw new IncompatibleShapeError(
        this.name,
        value,
        `Layer "${this.name}": the last dimension of \`query_shape\` and \`value_shape\` must ` +
          `be equal, but are ${query.at(-1)}, ${value.at(-1)}. Received: query_shape=` +
          `${formatShape(query)}, value_shape=${formatShape(value)}`,
      );
    }
  }

  /** Keras's scores: (batch, query heads, query steps, key steps). */
  protected scoresShape(query: Shape, _value: Shape, key: Shape): Shape {
    return [query[0], this.numQueryHeads, query[1], key[1]];
  }

  /** The output shape: the query's. */
  protected computeOutputShape(query: Shape): Shape {
    return query;
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { MULTI_HEAD_ATTENTION_KINDS } from "./multi_head_attention.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(MULTI_HEAD_ATTENTION_KINDS.map((kind) => kind.className), ["MultiHeadAttention", "GroupedQueryAttention"]);
 * ```
 */
export const MULTI_HEAD_ATTENTION_KINDS: readonly LayerKind[] = [
  MultiHeadAttention.kind,
  GroupedQueryAttention.kind,
];
