/**
 * UnitNormalization (each vector scaled to unit length; no weights), RMSNormalization (divided
 * by its root mean square, then a learned scale) and LayerScale (ConvNeXt's learned per-feature
 * scale): scaling without batch statistics or an offset.
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { inert, opt } from "./options.ts";
import { type PyTorchCounterpart, pytorchTensor } from "./pytorch.ts";
import type { RowCandidate } from "./kind.ts";

/** Arguments of {@linkcode UnitNormalization}. */
export interface UnitNormalizationArgs extends LayerArgs {
  /**
   * The axis (or axes) over which each sample is scaled to L2 norm 1.
   * @default {-1}
   */
  readonly axis?: number | readonly number[];
}

const UNIT_OPTIONS = {
  axis: opt.custom<number | readonly number[]>(
    "an integer axis or a list of them",
    (v) => Number.isSafeInteger(v) || Array.isArray(v) && v.every((a) => Number.isSafeInteger(a)),
    -1,
  ),
};

/**
 * Scales each sample to L2 norm 1 over `axis`: `x / ‖x‖`. A fixed computation: no parameters,
 * same shape.
 *
 * @example
 * ```ts
 * import { UnitNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(new UnitNormalization({ inputShape: [128] }).paramCount(), 0);
 * assert.throws(() => new UnitNormalization(2, { inputShape: [128] }).outputShape(), /out of bounds/);
 * ```
 */
export class UnitNormalization extends Layer {
  /** The declaration of Keras's `UnitNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "UnitNormalization",
    family: "normalization",
    summary: "Scales each sample to L2 norm 1; no weights.",
    options: UNIT_OPTIONS,
    positional: "axis",
    create: (config) => new UnitNormalization(config as UnitNormalizationArgs),
    weightless: true,
    noWeights: (layer) => {
      const axis = (layer as UnitNormalization).axis;
      return `UnitNormalization divides each sample by its L2 norm over axis ${
        typeof axis === "number" ? axis : formatShape(axis)
      }: a fixed computation, so nothing is learned and it has no weights.`;
    },
  });
  /** The axis or axes normalized over. */
  readonly axis: number | readonly number[];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param axis The axis or axes, or the whole configuration.
   * @param args The rest of the configuration, when the axis came first.
   */
  constructor(axis?: number | readonly number[] | UnitNormalizationArgs, args?: LayerArgs) {
    super(positional(UnitNormalization.kind, axis, args), UnitNormalization.kind);
    this.axis = this.options(UNIT_OPTIONS).axis;
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors: none. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape: the input's, once every axis is checked to be in bounds. */
  protected computeOutputShape(inputShape: Shape): Shape {
    const rank = inputShape.length;
    for (const axis of typeof this.axis === "number" ? [this.axis] : this.axis) {
      if (axis >= rank || axis < -rank) {
        throw new IncompatibleShapeError(
          this.name,
          inputShape,
          `Axis ${axis} of layer "${this.name}" is out of bounds for input shape ${
            formatShape(inputShape)
          }`,
        );
      }
    }
    return inputShape;
  }
}

/** Arguments of {@linkcode RMSNormalization}. */
export interface RMSNormalizationArgs extends LayerArgs {
  /**
   * The axis (or axes) over which the root mean square is taken; the scale has their sizes.
   * @default {-1}
   */
  readonly axis?: number | readonly number[];
  /**
   * Added to the mean square before its root; it adds no parameters.
   * @default {1e-6}
   */
  readonly epsilon?: number;
}

const RMS_OPTIONS = {
  axis: UNIT_OPTIONS.axis,
  ...inert("epsilon"),
};

/**
 * The axes of an RMSNormalization over an input, as Keras builds its scale: a list sorted as
 * given (negative axes as written), one axis as itself; each in bounds and of a known size.
 */
function rmsAxes(layer: RMSNormalization, inputShape: Shape): number[] {
  const axes = typeof layer.axis === "number"
    ? [layer.axis]
    : [...layer.axis].sort((a, b) => a - b);
  const rank = inputShape.length;
  for (const axis of axes) {
    const size = axis >= rank || axis < -rank ? undefined : inputShape.at(axis);
    if (typeof size !== "number") {
      throw new IncompatibleShapeError(
        layer.name,
        inputShape,
        size === undefined
          ? `Axis ${axis} of layer "${layer.name}" is out of bounds for input shape ${
            formatShape(inputShape)
          }`
          : `Layer "${layer.name}" (RMSNormalization) needs a known size on axis ${axis}, ` +
            `which sizes its scale; input shape ${formatShape(inputShape)} has None there`,
      );
    }
  }
  return axes;
}

/** RMSNormalization's PyTorch counterpart: `torch.nn.RMSNorm` over the same trailing axes. */
function rmsCounterpart(layer: Layer): PyTorchCounterpart {
  const input = layer.inputShape();
  const indices = rmsAxes(layer as RMSNormalization, input)
    .map((a) => (a < 0 ? input.length + a : a))
    .sort((a, b) => a - b);
  const trailing = indices.every((index, i) => index === input.length - indices.length + i);
  if (!trailing || new Set(indices).size !== indices.length) {
    return {
      none: `No PyTorch RMSNorm matches: torch.nn.RMSNorm normalizes over the last dimensions ` +
        `of its input, and this RMSNormalization over axis ${indices.join(", ")} of an input ` +
        `of ${input.length - 1} dimensions after the batch.`,
    };
  }
  const shape = indices.map((i) => input[i] as number);
  return {
    module: `torch.nn.RMSNorm(${shape.length === 1 ? shape[0] : `(${shape.join(", ")})`})`,
    weights: [pytorchTensor("weight", shape)],
    why: () => [
      `The same learned scale per normalized value (${layer.paramCount()}), and no offset ` +
      `on either side.`,
    ],
  };
}

/**
 * Divides each sample by its root mean square over `axis`, then multiplies by a learned
 * `scale` of the sizes of those axes (Keras 3's RMSNormalization, as Llama and Gemma use).
 * Unlike LayerNormalization it subtracts no mean and adds no offset, so it has half the
 * parameters.
 *
 * @example A scale per feature: 64 on 64 features
 * ```ts
 * import { RMSNormalization } from "../../mod.ts";
 * import assert from "assert";
 *
 * const rms = new RMSNormalization({ inputShape: [10, 64] });
 * assert.equal(rms.paramCount(), 64);
 * assert.deepEqual(rms.outputShape(), [null, 10, 64]);
 * assert.equal(new RMSNormalization({ axis: [1, 2], inputShape: [10, 64] }).paramCount(), 640);
 * ```
 */
export class RMSNormalization extends Layer {
  /** The declaration of Keras's `RMSNormalization`. */
  static readonly kind: LayerKind = defineKind({
    className: "RMSNormalization",
    family: "normalization",
    summary: "Divides by the root mean square over axis, then a learned scale of its sizes.",
    options: RMS_OPTIONS,
    positional: "axis",
    // Elementwise work and a mean: no matrix products.
    macs: noMacs,
    create: (config) => new RMSNormalization(config as RMSNormalizationArgs),
    why: (layer) => [
      `RMSNormalization divides each sample by its root mean square over axis ${
        JSON.stringify((layer as RMSNormalization).axis)
      }, then multiplies each value along it by a learned scale: no mean is subtracted and no ` +
      `offset added, so there is one weight (scale) per position of those axes.`,
    ],
    pytorch: rmsCounterpart,
    samples: [{ inputShape: [10, 64] }, { axis: [1, 2], inputShape: [10, 64] }],
    read: {
      // The scale has the sizes of the normalized axes: each set of the input's known axes is
      // tried, the last alone first (Keras's default), so every count the row may have is.
      candidates: (row) => {
        const input = row.input ?? row.out;
        if (!input) return [];
        const known = input.flatMap((d, i) => (i > 0 && typeof d === "number" ? [i] : []));
        const sets: number[][] = [[]];
        for (const axis of known) {
          for (const set of sets.slice()) sets.push([...set, axis]);
        }
        const last = input.length - 1;
        return sets.filter((set) => set.length > 0)
          .sort((a, b) => Number(b.join() === String(last)) - Number(a.join() === String(last)))
          .map((set): RowCandidate => {
            const usual = set.length === 1 && set[0] === last;
            return {
              config: usual ? {} : { axis: set.length === 1 ? set[0] : set },
              input,
              unusual: !usual,
              ...(usual ? {} : {
                assumption: `Normalized over axis ${set.join(", ")}, whose sizes give the ` +
                  `count; any axes of the same sizes give the same.`,
              }),
            };
          });
      },
    },
  });
  /** The axis or axes normalized over. */
  readonly axis: number | readonly number[];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param axis The axis or axes, or the whole configuration.
   * @param args The rest of the configuration, when the axis came first.
   */
  constructor(
    axis?: number | readonly number[] | RMSNormalizationArgs,
    args?: Omit<RMSNormalizationArgs, "axis">,
  ) {
    super(positional(RMSNormalization.kind, axis, args), RMSNormalization.kind);
    this.axis = this.options(RMS_OPTIONS).axis;
  }

  /** What input the layer accepts: any (the axes are checked when it is built). */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors: `scale`, the sizes of the normalized axes. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const axes = rmsAxes(this, inputShape);
    return [{
      name: "scale",
      shape: axes.map((a) => inputShape.at(a) as number),
      trainable: true,
      axes: axes.map((a) => ({ symbol: `d${a}`, meaning: `size of axis ${a}` })),
    }];
  }
  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    rmsAxes(this, inputShape);
    return inputShape;
  }
}

/** Arguments of {@linkcode LayerScale}. */
export interface LayerScaleArgs extends LayerArgs {
  /** The initial value of every scale; it adds no parameters. */
  readonly initValues: number;
  /** The number of features scaled: the size of `gamma`. */
  readonly projectionDim: number;
}

const LAYER_SCALE_OPTIONS = {
  initValues: { ...opt.number(), inert: true },
  projectionDim: opt.int(),
};

/**
 * ConvNeXt's layer scale (`keras.applications.convnext.LayerScale`): multiplies each feature by
 * a learned scale, `gamma` of `projectionDim` values. Keras builds `gamma` from `projectionDim`
 * alone, whatever the input.
 *
 * @example ConvNeXtTiny's first stage scales 96 channels
 * ```ts
 * import { LayerScale } from "../../mod.ts";
 * import assert from "assert";
 *
 * const scale = new LayerScale({ initValues: 1e-6, projectionDim: 96, inputShape: [56, 56, 96] });
 * assert.equal(scale.paramCount(), 96);
 * assert.deepEqual(scale.outputShape(), [null, 56, 56, 96]);
 * ```
 */
export class LayerScale extends Layer {
  /** The declaration of ConvNeXt's `LayerScale`. */
  static readonly kind: LayerKind = defineKind({
    className: "LayerScale",
    // Elementwise work and lookups only: no matrix products.
    macs: noMacs,
    family: "normalization",
    summary: "ConvNeXt's learned per-feature scale: gamma of projectionDim values.",
    options: LAYER_SCALE_OPTIONS,
    create: (config) => new LayerScale(config as unknown as LayerScaleArgs),
    why: (layer) => [
      `LayerScale multiplies each of the ${
        String(layer.config.projectionDim)
      } features by its own learned scale, gamma; the scale is the same at every position.`,
    ],
  });

  /**
   * Creates the layer, checking its configuration.
   *
   * @param args The initial value and the number of features.
   */
  constructor(args: LayerScaleArgs) {
    super(args, LayerScale.kind);
  }

  /** What input the layer accepts: any (Keras does not check it). */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors: `gamma`, one scale per feature. */
  protected buildWeights(): WeightSpec[] {
    return [{
      name: "gamma",
      shape: [this.config.projectionDim as number],
      trainable: true,
      axes: [{ symbol: "d", meaning: "features scaled (projectionDim)" }],
    }];
  }
  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { UNIT_NORMALIZATION_KINDS } from "./unit_normalization.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(UNIT_NORMALIZATION_KINDS.map((kind) => kind.className), [
 *   "UnitNormalization",
 *   "RMSNormalization",
 *   "LayerScale",
 * ]);
 * ```
 */
export const UNIT_NORMALIZATION_KINDS: readonly LayerKind[] = [
  UnitNormalization.kind,
  RMSNormalization.kind,
  LayerScale.kind,
];
