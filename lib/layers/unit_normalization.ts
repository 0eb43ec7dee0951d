/**
 * UnitNormalization (each vector scaled to unit length; no weights) and LayerScale (ConvNeXt's
 * learned per-feature scale): scaling without batch or layer statistics.
 *
 * @module
 */

import { noMacs } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { opt } from "./options.ts";

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
 * assert.deepEqual(UNIT_NORMALIZATION_KINDS.map((kind) => kind.className), ["UnitNormalization", "LayerScale"]);
 * ```
 */
export const UNIT_NORMALIZATION_KINDS: readonly LayerKind[] = [
  UnitNormalization.kind,
  LayerScale.kind,
];
