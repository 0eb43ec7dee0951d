/**
 * keras-hub's FNetEncoder: a Fourier transform in place of attention (no weights), then layer
 * normalizations and a feed-forward block.
 *
 * @module
 */

import { perExample } from "./macs.ts";
import type { Shape } from "../shape.ts";
import { Layer, type Weight } from "./base.ts";
import type { InputSpec, LayerArgs } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { inert, opt } from "./options.ts";
import { Dense } from "./core.ts";
import { LayerNormalization } from "./normalization.ts";
import {
  blockReading,
  feedForwardWeights,
  fmt,
  hubActivation,
  layerNormWeights,
  registeredNames,
  sizesByPrefix,
} from "./_keras_hub.ts";

const FNET_OPTIONS = {
  intermediateDim: opt.int(),
  dropout: { ...opt.fraction(0), inert: true },
  activation: hubActivation("relu"),
  layerNormEpsilon: { ...opt.number(1e-5), inert: true },
  ...inert("kernelInitializer", "biasInitializer"),
};

/** Arguments of {@linkcode FNetEncoder}. */
export interface FNetEncoderArgs extends LayerArgs {
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** Dropout in the feed-forward network; it has no parameters. */
  readonly dropout?: number;
  /**
   * The feed-forward network's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly activation?: string | null;
  /** The layer normalizations' epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /** Initializers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
}

/**
 * keras-hub's `FNetEncoder`: a transformer encoder whose attention is replaced by a Fourier
 * transform over the sequence and the features, which has no weights. What remains: two layer
 * normalizations (`mixing_layer_norm`, `output_layer_norm`) and the feed-forward network,
 * `Dense(intermediateDim)` (`intermediate_dense`) then `Dense(hidden)` (`output_dense`).
 *
 * @example keras-io's FNet classifier: 128 features, 512 wide
 * ```ts
 * import { FNetEncoder } from "../../mod.ts";
 * import assert from "assert";
 *
 * const encoder = new FNetEncoder(512, { inputShape: [null, 128] });
 * assert.equal(encoder.paramCount(), 2 * 2 * 128 + (128 * 512 + 512) + (512 * 128 + 128));
 * ```
 */
export class FNetEncoder extends Layer {
  /** The declaration of keras-hub's `FNetEncoder`. */
  static readonly kind: LayerKind = defineKind({
    className: "FNetEncoder",
    aliases: registeredNames("FNetEncoder"),
    family: "keras_hub",
    holdsQuantizable: true, // model.quantize quantizes its feed-forward Dense layers
    summary: "keras-hub: Fourier mixing (no weights), two layer norms and a feed-forward " +
      "network.",
    options: FNET_OPTIONS,
    positional: "intermediateDim",
    create: (config) => new FNetEncoder(config as unknown as FNetEncoderArgs),
    read: blockReading(() => FNetEncoder.kind, false),
    why: (layer) => fnetWhy(layer as FNetEncoder),
    // The Fourier mixing is an FFT, not a matrix product: only the feed-forward network counts.
    macs: (layer, { inputs }) => 2 * perExample(inputs[0]) * (layer as FNetEncoder).intermediateDim,
  });
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param intermediateDim The feed-forward size, or the whole configuration.
   * @param args The rest of the configuration, when `intermediateDim` came first.
   */
  constructor(
    intermediateDim: number | FNetEncoderArgs,
    args?: Omit<FNetEncoderArgs, "intermediateDim">,
  ) {
    super(positional(FNetEncoder.kind, intermediateDim, args), FNetEncoder.kind);
    this.intermediateDim = this.options(FNET_OPTIONS).intermediateDim;
  }

  /**
   * The normalizations and the feed-forward layers, once built: they follow the layer's
   * `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras neither
   * numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What input the layer accepts: (batch, …, features), the features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }

  /** The sub-layers' weights, in keras-hub's order. */
  protected buildWeights(inputShape: Shape): Weight[] {
    const mixingNorm = new LayerNormalization({ name: "mixing_layer_norm" }).build(inputShape);
    const outputNorm = new LayerNormalization({ name: "output_layer_norm" }).build(inputShape);
    const intermediate = new Dense(this.intermediateDim, { name: "intermediate_dense" })
      .build(inputShape);
    const output = new Dense(inputShape.at(-1)!, { name: "output_dense" })
      .build(intermediate.outputShape() as Shape);
    if (!this.built) this.#subLayers = [mixingNorm, outputNorm, intermediate, output];
    return [
      ...layerNormWeights(mixingNorm),
      ...layerNormWeights(outputNorm),
      ...feedForwardWeights(intermediate, output),
    ];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

function fnetWhy(layer: FNetEncoder): string[] {
  const sizes = sizesByPrefix(layer.weights());
  const d = layer.inputShape().at(-1)!, f = layer.intermediateDim;
  const norms = sizes.get("mixing_layer_norm")! + sizes.get("output_layer_norm")!;
  const a = sizes.get("intermediate_dense")!, b = sizes.get("output_dense")!;
  return [
    `No attention weights: FNet mixes the tokens with a Fourier transform (the real part of a ` +
    `2-D FFT over the sequence and the features), which has no parameters.`,
    `Two layer normalizations (mixing_layer_norm, output_layer_norm), a scale and an offset ` +
    `per feature: 2 × 2 × ${d} = ${fmt(norms)}.`,
    `Feed-forward: intermediate_dense ${d}·${f} + ${f} = ${fmt(a)}, then output_dense back to ` +
    `the ${d} features ${f}·${d} + ${d} = ${fmt(b)}.`,
    `Total: ${fmt(norms)} + ${fmt(a)} + ${fmt(b)} = ${fmt(layer.paramCount())}; nothing depends ` +
    `on the sequence length.`,
  ];
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_FNET_KINDS } from "./keras_hub_fnet.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(KERAS_HUB_FNET_KINDS.map((kind) => kind.className), ["FNetEncoder"]);
 * ```
 */
export const KERAS_HUB_FNET_KINDS: readonly LayerKind[] = [
  FNetEncoder.kind,
];
