/**
 * Wrappers: TimeDistributed applies one layer to every time step with the same weights;
 * Bidirectional runs a recurrent layer forwards and a copy of it backwards.
 *
 * @module
 */

import type { Dim, Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer, MAX_NESTING } from "./base.ts";
import { GRU, LSTM, Recurrent, recurrentConfigs, SimpleRNN } from "./recurrent.ts";
import { choices, lastSize, onInputOrSolved } from "./reading.ts";
import {
  defineKind,
  type LayerKind,
  positional,
  type PrintedRow,
  type RowCandidate,
} from "./kind.ts";
import { Conv1D, Conv2D, Conv3D } from "./convolutional.ts";
import {
  AveragePooling1D,
  AveragePooling2D,
  AveragePooling3D,
  MaxPooling1D,
  MaxPooling2D,
  MaxPooling3D,
} from "./pooling.ts";
import { BatchNormalization, GroupNormalization, LayerNormalization } from "./normalization.ts";
import { Normalization } from "./preprocessing.ts";
import { RepeatVector } from "./reshaping.ts";
import { EinsumDense } from "./einsum_dense.ts";
import { RECURRENT_CALL, TRAINING_MASKED_CALL } from "./call.ts";
import { inert, opt, optional } from "./options.ts";

const LAYER_OPTION = opt.custom<Layer>(
  "a layer instance such as new Dense(1)",
  (v) => v instanceof Layer,
);

/** The depth of a wrapper around `inner`, refused past {@linkcode MAX_NESTING}. */
function depthAround(owner: string, inner: Layer): number {
  const depth = inner.nestingDepth + 1;
  if (depth > MAX_NESTING) {
    throw new RangeError(
      `Invalid layer for ${owner}: wrappers nest ${depth} deep here; this library follows at ` +
        `most ${MAX_NESTING} wrappers inside one another`,
    );
  }
  return depth;
}

/** The convolutions, poolings and RepeatVector a TimeDistributed may apply to each step, by rank. */
const STEP_KINDS: Readonly<Record<number, readonly LayerKind[]>> = {
  1: [Conv1D.kind, MaxPooling1D.kind, AveragePooling1D.kind, RepeatVector.kind],
  2: [Conv2D.kind, MaxPooling2D.kind, AveragePooling2D.kind],
  3: [Conv3D.kind, MaxPooling3D.kind, AveragePooling3D.kind],
};

/** Recurrent layers a TimeDistributed may run over each step's own sequence. */
const RECURRENT_STEP_KINDS: readonly LayerKind[] = [LSTM.kind, GRU.kind, SimpleRNN.kind];

/**
 * Kinds tried on each step whatever its rank, with its last axis: an EinsumDense projecting it,
 * whose output may leave the other sizes unknown (Keras keeps an `output_shape`'s `None`).
 */
const PROJECTING_STEP_KINDS: readonly LayerKind[] = [EinsumDense.kind];

/** Kinds tried on each step whatever its rank: normalizations, which keep the step's shape. */
const KEEPING_STEP_KINDS: readonly LayerKind[] = [
  BatchNormalization.kind,
  LayerNormalization.kind,
  GroupNormalization.kind,
  Normalization.kind,
];

/**
 * A TimeDistributed row read as a convolution, pooling, recurrent layer or normalization of
 * each step: the step's row (the time axis taken out) read by that kind, its candidates wrapped.
 */
function stepCandidates(row: PrintedRow, out: Shape): RowCandidate[] {
  // A normalization only where a Dense of each step cannot give the count: a Dense keeps
  // the step's shape too when its units are the input's features.
  const features = row.input ? row.input.at(-1) : undefined;
  const units = out.at(-1);
  const dense = typeof features === "number" && typeof units === "number" &&
    row.params !== null && (row.params === features * units ||
      row.params === (features + 1) * units);
  const keeps = (!row.input || sameSizes(row.input, out)) && !dense;
  // A recurrent layer of each step, whose own steps are the input's third axis (its last step,
  // or every step): only with the input printed, which tells the step's features.
  const recurrent = row.input?.length === 4 && row.params !== 0 &&
      (out.length === 3 || out.length === 4)
    ? RECURRENT_STEP_KINDS
    : [];
  const kinds = [
    ...(STEP_KINDS[out.length - 3] ?? []),
    ...recurrent,
    ...(row.params !== 0 ? PROJECTING_STEP_KINDS : []),
    ...(keeps ? KEEPING_STEP_KINDS : []),
  ];
  if (kinds.length === 0) return [];
  // Without the input printed, a normalization comes after the usual readings; an EinsumDense
  // always does, as a Dense reads the same projection.
  const after = (kind: LayerKind) =>
    (row.input === null && KEEPING_STEP_KINDS.includes(kind)) ||
    PROJECTING_STEP_KINDS.includes(kind);
  const step = stepRow(row, out);
  return kinds.flatMap((kind) =>
    (kind.read?.candidates(step) ?? []).map((c) => wrapStep(kind, c, out[1], after(kind)))
  );
}

/** The row of one step: the time axis (the second) taken out of the input and the output. */
function stepRow(row: PrintedRow, out: Shape): PrintedRow {
  const drop = (shape: Shape | null) => shape ? [shape[0], ...shape.slice(2)] : null;
  return { ...row, out: drop(out), input: drop(row.input), inputs: null };
}

/** A candidate of the layer of each step, as a TimeDistributed around it: the steps put back. */
function wrapStep(kind: LayerKind, c: RowCandidate, steps: Dim, unusual: boolean): RowCandidate {
  const input = c.input && !Array.isArray(c.input[0])
    ? [(c.input as Shape)[0], steps, ...(c.input as Shape).slice(1)]
    : null;
  return {
    config: { layer: { className: kind.className, ...c.config } },
    input,
    ...(c.unread ? { unread: c.unread.map((u) => `layer.${u}`) } : {}),
    ...(c.assumption ? { assumption: c.assumption } : {}),
    ...(c.unusual || unusual ? { unusual: true } : {}),
  };
}

function sameSizes(a: Shape, b: Shape): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Arguments of {@linkcode TimeDistributed}. */
export interface TimeDistributedArgs extends LayerArgs {
  /** The layer applied at every time step. */
  readonly layer: Layer;
}

/**
 * Applies one layer to every time step of a sequence. The weights are the inner layer's, shared
 * by all steps, so the count is the inner layer's count on one step's features: for
 * `TimeDistributed(Dense(650))` on 5 features, 5 × 650 + 650 = 3,900 however long the sequence.
 *
 * @example "Why does the first LSTM have more params?": time_distributed_1
 * ```ts
 * import { Dense, TimeDistributed } from "../../mod.ts";
 * import assert from "assert";
 *
 * const td = new TimeDistributed({ layer: new Dense({ units: 650 }), inputShape: [400, 5] });
 * assert.equal(td.paramCount(), 3900);
 * assert.deepEqual(td.outputShape(), [null, 400, 650]);
 * ```
 */
export class TimeDistributed extends Layer {
  /** The declaration of Keras's `TimeDistributed`. */
  static readonly kind: LayerKind = defineKind({
    className: "TimeDistributed",
    samples: [
      { layer: { className: "Dense", units: 650 }, inputShape: [400, 5] },
      { layer: { className: "Conv2D", filters: 4, kernelSize: 3 }, inputShape: [5, 8, 8, 3] },
    ],
    family: "wrappers",
    summary: "Applies one layer to every time step with the same weights.",
    options: { layer: LAYER_OPTION },
    positional: "layer",
    create: (config) => new TimeDistributed(config as unknown as TimeDistributedArgs),
    call: TRAINING_MASKED_CALL,
    fromJson: (_config, reader) => ({
      layer: reader.layer("layer", reader.rank === undefined ? undefined : reader.rank - 1),
    }),
    tfjs: {
      factory: "timeDistributed",
      args: (layer) => ({ layer: (layer as TimeDistributed).layer }),
    },
    // The wrapped layer's compute, once per time step.
    macs: (layer, { inputs }) =>
      inputs[0][1] * (layer as TimeDistributed).layer.macs({ inputShape: inputs[0].slice(2) }),
    wrapper: {
      relation: "shared over time",
      copies: 1,
      layers: (layer) => [(layer as TimeDistributed).layer],
    },
    read: {
      // It wraps any layer: the ones tried here (Dense, Flatten, a layer that keeps its input,
      // convolutions, poolings and normalizations of each step) are not all, so a row none
      // fits is not checked. The layer it wraps is printed nowhere, and may hold any count.
      partial: true,
      untried: "any count",
      candidates: (row) => {
        const out = row.out;
        if (!out || out.length < 3) return [];
        const spatial = stepCandidates(row, out);
        if (row.params === 0) {
          // A wrapped layer without weights: a Flatten of each step, or one that keeps it.
          return row.input && row.input.length > out.length
            ? [{ config: { layer: { className: "Flatten" } }, input: row.input }]
            : [
              ...(row.input && !sameSizes(row.input, out) ? [] : [{
                config: { layer: { className: "Dropout", rate: 0.5 } },
                input: row.input ?? out,
                unread: ["layer.rate"],
              }]),
              ...spatial,
            ];
        }
        const units = lastSize(out);
        // Features of unknown size: no Dense gives them, a layer of each step may (a
        // Normalization with `axis=None` keeps 3 scalars whatever the features).
        if (units === undefined) return spatial;
        return [
          ...choices<boolean>(row.declared.useBias, [true, false]).flatMap((useBias) =>
            onInputOrSolved(
              row,
              { layer: { className: "Dense", units, useBias } },
              "TimeDistributed",
              (n) => [...out.slice(0, -1), n],
              { unusual: !useBias },
            )
          ),
          ...spatial,
        ];
      },
      // On steps printed nowhere, an EinsumDense of each step gives any count (one more axis).
      unknownInput: {
        anyCount: "an EinsumDense of each step, on steps with one axis more, which its kernel sums",
      },
    },
    pytorch: (layer, context) => {
      const inner = (layer as TimeDistributed).layer;
      const counterpart = context.counterpart(inner);
      if (!counterpart) {
        return {
          none: `The PyTorch comparison is not supported for ${inner.className}, which this ` +
            `TimeDistributed wraps: paramlab knows no PyTorch counterpart of ${inner.className}.`,
        };
      }
      if ("none" in counterpart) return counterpart;
      const how = counterpart.weights.length === 0
        ? `has no weights to share: it is applied to every step as it is`
        : counterpart.module.startsWith("torch.nn.Linear(")
        ? `is applied to the last axis of a (batch, steps, features) tensor directly, with the ` +
          `same weights at every step`
        : `is applied to the steps folded into the batch (x.flatten(0, 1), then unflattened), ` +
          `with the same weights at every step`;
      return {
        ...counterpart,
        why: (keras, pytorch) => [
          `PyTorch has no TimeDistributed: ${counterpart.module} ${how}.`,
          ...counterpart.why(keras, pytorch),
        ],
      };
    },
  });
  /** The wrapped layer. */
  readonly layer: Layer;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param layer The layer applied at every step, or the whole configuration.
   * @param args The rest of the configuration, when the layer came first.
   */
  constructor(layer: Layer | TimeDistributedArgs, args?: Omit<TimeDistributedArgs, "layer">) {
    super(positional(TimeDistributed.kind, layer, args), TimeDistributed.kind);
    this.layer = this.config.layer as Layer;
    this.#depth = depthAround("TimeDistributed", this.layer);
  }

  readonly #depth: number;

  /** One more than the wrapped layer's. */
  override get nestingDepth(): number {
    return this.#depth;
  }

  /** The layer this wrapper holds. */
  override innerLayers(): readonly Layer[] {
    return [this.layer];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3 };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): readonly WeightSpec[] {
    return withInput(this.layer, [inputShape[0], ...inputShape.slice(2)]).weightSpecs();
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const step = this.layer.outputShapeFor([inputShape[0], ...inputShape.slice(2)]) as Shape;
    return [inputShape[0], inputShape[1], ...step.slice(1)];
  }
}

/** How Bidirectional combines the forward and backward outputs. */
export type MergeMode = "concat" | "sum" | "mul" | "ave" | null;

/** Arguments of {@linkcode Bidirectional}. */
export interface BidirectionalArgs extends LayerArgs {
  /** The recurrent layer to run in both directions. */
  readonly layer: Recurrent;
  /**
   * How to combine the two outputs; `null` returns both.
   * @default {"concat"}
   */
  readonly mergeMode?: MergeMode;
  /** Keras's separate backward layer; not modeled (the backward copy mirrors `layer`). */
  readonly backwardLayer?: undefined;
}

const BIDIRECTIONAL_OPTIONS = {
  layer: LAYER_OPTION,
  mergeMode: opt.oneOf(["concat", "sum", "mul", "ave", null] as const, "concat"),
  backwardLayer: optional(opt.custom<undefined>(
    "undefined (a separate backward layer is not modeled: the backward copy mirrors the layer)",
    (v) => v === undefined,
  )),
  ...inert("weights"),
};

function copyOf(layer: Recurrent, name: string, goBackwards: boolean): Recurrent {
  const Class = layer.constructor as new (args: object) => Recurrent;
  return new Class({
    ...layer.args,
    name,
    goBackwards,
    inputShape: undefined,
    batchInputShape: undefined,
  });
}

// Keras names the copies "forward_" + name and "backward_" + name, without doubling a prefix
// the wrapped layer's name already has.
function prefixed(prefix: string, name: string): string {
  return prefix + (name.startsWith(prefix) ? name.slice(prefix.length) : name);
}

/**
 * Runs a recurrent layer over the sequence forwards and an identical copy backwards: two sets of
 * weights, so twice the count of the wrapped layer.
 *
 * @example
 * ```ts
 * import { Bidirectional, LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * const bi = new Bidirectional({ layer: new LSTM({ units: 5 }), inputShape: [400, 13] });
 * assert.equal(bi.paramCount(), 2 * 380);
 * assert.deepEqual(bi.outputShape(), [null, 10]);
 * ```
 */
export class Bidirectional extends Layer {
  /** The declaration of Keras's `Bidirectional`. */
  static readonly kind: LayerKind = defineKind({
    className: "Bidirectional",
    samples: [
      { layer: { className: "LSTM", units: 5 }, inputShape: [4, 13] },
      { layer: { className: "GRU", units: 4, resetAfter: false }, inputShape: [4, 650] },
    ],
    family: "wrappers",
    summary: "Runs a recurrent layer forwards and a copy of it backwards: two sets of weights.",
    options: BIDIRECTIONAL_OPTIONS,
    positional: "layer",
    create: (config) => new Bidirectional(config as unknown as BidirectionalArgs),
    call: RECURRENT_CALL,
    // Two layers run over the sequence: the forward one's compute and the backward one's.
    saved: (layer, { inputs }) =>
      (layer as Bidirectional).forwardLayer.activationElements({ inputShape: inputs[0].slice(1) }) +
      (layer as Bidirectional).backwardLayer.activationElements({ inputShape: inputs[0].slice(1) }),
    macs: (layer, { inputs }) => ({
      forward: (layer as Bidirectional).forwardLayer.macs({ inputShape: inputs[0].slice(1) }),
      backward: (layer as Bidirectional).backwardLayer.macs({ inputShape: inputs[0].slice(1) }),
    }),
    fromJson: (config, reader) => {
      const layer = reader.layer("layer", reader.rank, "forward_");
      if (config.backward_layer !== undefined && config.backward_layer !== null) {
        const backward = reader.layer("backward_layer", reader.rank, "backward_");
        const same = backward.className === layer.className &&
          ["units", "useBias", "resetAfter", "returnSequences", "returnState"].every((key) =>
            backward.config[key] === layer.config[key]
          );
        if (!same) {
          throw new TypeError(
            `Unsupported option "backward_layer": it differs from the forward layer in class, ` +
              `units, use_bias, reset_after or return_sequences; this library mirrors the ` +
              `forward layer`,
          );
        }
      }
      return { layer, backwardLayer: undefined };
    },
    tfjs: {
      factory: "bidirectional",
      args: (layer) => ({
        layer: (layer as Bidirectional).layer,
        mergeMode: (layer as Bidirectional).mergeMode,
      }),
    },
    read: {
      // One LSTM, GRU or SimpleRNN in each direction, the same in both, is tried. Keras also
      // takes an RNN over stacked cells, a ConvLSTM, or another backward layer
      // (`backward_layer`), printed nowhere and of almost any count: a row none fits is not
      // checked, never flagged.
      partial: true,
      untried: "any count",
      // On an input printed nowhere, an RNN over stacked cells (or a custom cell) in each
      // direction gives almost any count, as it does alone.
      unknownInput: { anyCount: "an RNN over stacked cells, or a custom cell" },
      candidates: (row) => {
        const out = row.out ?? row.outList?.[0] ?? null;
        const last = lastSize(out);
        if (!out || last === undefined) return [];
        const returnSequences = (row.declared.returnSequences as boolean | undefined) ??
          out.length === 3;
        const steps = returnSequences && out.length === 3 ? out[1] : null;
        // Keras's "concat" first: the units are half the output; then the merges that keep them.
        const merges = (size: number): { mode: MergeMode; units: number }[] => [
          ...(size % 2 === 0 ? [{ mode: "concat" as const, units: size / 2 }] : []),
          { mode: "sum", units: size },
          { mode: "ave", units: size },
          { mode: "mul", units: size },
        ];
        // Several outputs: the two directions unmerged, or, with `return_state`, the merged
        // output (or the two) followed by each direction's states, whose size is the units. A
        // list the column cut may go on past the outputs it prints, whose states it may not
        // print whole: every merge with its states is tried.
        const cut = row.outListCut === true;
        const states = row.outList && row.outList.length >= 3 && !cut
          ? lastSize(row.outList.at(-1)!)
          : undefined;
        const stated = (units: number) => cut || units === states;
        const modes: { mode: MergeMode; units: number; returnState: boolean }[] = !row.outList
          ? merges(last).map((m) => ({ ...m, returnState: false }))
          : [
            ...(row.outList.length === 2 || (cut && row.outList.length < 2)
              ? [{ mode: null, units: last, returnState: false }]
              : []),
            ...(states === undefined && !cut ? [] : [
              ...merges(last).filter((m) => stated(m.units)).map((m) => ({
                ...m,
                returnState: true,
              })),
              ...(stated(last) ? [{ mode: null, units: last, returnState: true }] : []),
            ]),
          ];
        const usualMode = row.outList && states === undefined ? null : "concat";
        return modes.flatMap(({ mode, units, returnState }) =>
          [LSTM.kind, GRU.kind, SimpleRNN.kind].flatMap((kind) =>
            recurrentConfigs(kind.options, units, returnSequences, row).flatMap((inner) =>
              onInputOrSolved(
                row,
                {
                  layer: {
                    className: kind.className,
                    ...inner,
                    ...(returnState ? { returnState } : {}),
                  },
                  mergeMode: mode,
                },
                "Bidirectional",
                (n) => [out[0], steps, n],
                { unusual: !inner.useBias || mode !== usualMode },
              )
            )
          )
        );
      },
    },
    wrapper: {
      relation: "two copies",
      copies: 2,
      layers: (
        layer,
      ) => [(layer as Bidirectional).forwardLayer, (layer as Bidirectional).backwardLayer],
    },
    pytorch: (layer, context) => {
      const forward = (layer as Bidirectional).forwardLayer;
      const counterpart = context.counterpart(forward, { bidirectional: true });
      if (counterpart && "recurrent" in counterpart && counterpart.recurrent) {
        const mergeMode = (layer as Bidirectional).mergeMode;
        return { ...counterpart, recurrent: { ...counterpart.recurrent, mergeMode } };
      }
      return counterpart ?? {
        none: `The PyTorch comparison is not supported for ${forward.className}: paramlab ` +
          `knows no PyTorch counterpart of it.`,
      };
    },
  });
  /** The wrapped layer. */
  readonly layer: Recurrent;
  /** How the outputs are combined. */
  readonly mergeMode: MergeMode;
  #forward: Recurrent | undefined;
  #backward: Recurrent | undefined;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The wrapped layer, the merge mode and the common arguments.
   */
  constructor(layer: Recurrent | BidirectionalArgs, args?: Omit<BidirectionalArgs, "layer">) {
    super(positional(Bidirectional.kind, layer, args), Bidirectional.kind);
    const config = this.options(BIDIRECTIONAL_OPTIONS);
    if (!(config.layer instanceof Recurrent)) {
      throw new TypeError(
        `Invalid layer for Bidirectional: expected a recurrent layer (SimpleRNN, LSTM or GRU), ` +
          `received ${config.layer.className}`,
      );
    }
    this.layer = config.layer;
    this.mergeMode = config.mergeMode;
    this.#depth = depthAround("Bidirectional", this.layer);
  }

  readonly #depth: number;

  /** One more than the wrapped layer's. */
  override get nestingDepth(): number {
    return this.#depth;
  }

  /** Setting `trainable` sets it on the wrapped layer and both of its copies. */
  protected override trainableChildren(): readonly Layer[] {
    return [this.layer, this.forwardLayer, this.backwardLayer];
  }

  /** The forward copy, named `forward_<name>` as in Keras. */
  get forwardLayer(): Recurrent {
    return this.#forward ??= copyOf(this.layer, prefixed("forward_", this.layer.name), false);
  }

  /** The backward copy, named `backward_<name>` as in Keras. */
  get backwardLayer(): Recurrent {
    return this.#backward ??= copyOf(this.layer, prefixed("backward_", this.layer.name), true);
  }

  /** The layer this wrapper holds. */
  override innerLayers(): readonly Layer[] {
    return [this.layer];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { ndim: 3, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    return [this.forwardLayer, this.backwardLayer].flatMap((copy) =>
      withInput(copy, inputShape).weightSpecs().map((w) => ({
        ...w,
        name: `${copy.name}/${w.name}`,
      }))
    );
  }
  /** The forward copy's states, then the backward copy's, as Keras splits `initialState`. */
  override initialStateShapes(inputShape: Shape): readonly Shape[] {
    return [this.forwardLayer, this.backwardLayer].flatMap((copy) =>
      copy.initialStateShapes(inputShape)
    );
  }

  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape | Shape[] {
    // Keras's Bidirectional.compute_output_shape: the merged output, then with returnState the
    // forward states and the backward states.
    const forward = this.forwardLayer.outputShapeFor(inputShape);
    const several = Array.isArray(forward[0]);
    const one = (several ? forward[0] : forward) as Shape;
    const states = several ? (forward as readonly Shape[]).slice(1) : [];
    const merged: Shape[] = this.mergeMode === null
      ? [one, one]
      : [this.mergeMode === "concat" ? [...one.slice(0, -1), (one.at(-1) as number) * 2] : one];
    if (!several) return merged.length === 1 ? merged[0] : merged;
    return [...merged, ...states, ...states];
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { WRAPPER_KINDS } from "./wrappers.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(WRAPPER_KINDS.map((kind) => kind.className), ["TimeDistributed", "Bidirectional"]);
 * ```
 */
export const WRAPPER_KINDS: readonly LayerKind[] = [
  TimeDistributed.kind,
  Bidirectional.kind,
];

// The wrapped layer on an input: built on its first, checked on another (a shared layer's
// weights must fit it), as when the wrapper's shapes are counted for another length.
function withInput(layer: Layer, inputShape: Shape): Layer {
  if (!layer.built) return layer.build(inputShape);
  layer.outputShapeFor(inputShape);
  return layer;
}
