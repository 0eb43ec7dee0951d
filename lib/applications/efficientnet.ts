/**
 * EfficientNetB0 to B7, layer for layer as Keras 3 builds them
 * (`keras/src/applications/efficientnet.py`): B0's mobile inverted bottleneck blocks with
 * squeeze-and-excitation, widened and deepened by each variant's coefficients.
 *
 * @module
 */

import type { Model } from "../model/functional.ts";
import type { SymbolicTensor } from "../layers/base.ts";
import { Activation } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { DepthwiseConv2D } from "../layers/depthwise_conv.ts";
import { Add, Multiply } from "../layers/merging.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { GlobalAveragePooling2D } from "../layers/pooling.ts";
import { Normalization, Rescaling } from "../layers/preprocessing.ts";
import { Dropout } from "../layers/regularization.ts";
import { Reshape } from "../layers/reshaping.ts";
import { ZeroPadding2D } from "../layers/padding_cropping.ts";
import { Dense } from "../layers/core.ts";
import {
  type ApplicationArgs,
  correctPad,
  finishModel,
  globalPooling,
  startModel,
  validateActivation,
} from "./_common.ts";

/** One stage of B0: its blocks' settings before widening and deepening. */
interface BlockArgs {
  readonly kernelSize: number;
  readonly repeats: number;
  readonly filtersIn: number;
  readonly filtersOut: number;
  readonly expandRatio: number;
  readonly strides: number;
}

/** Keras's `DEFAULT_BLOCKS_ARGS` (every stage has `id_skip` and `se_ratio` 0.25). */
const STAGES: readonly BlockArgs[] = [
  { kernelSize: 3, repeats: 1, filtersIn: 32, filtersOut: 16, expandRatio: 1, strides: 1 },
  { kernelSize: 3, repeats: 2, filtersIn: 16, filtersOut: 24, expandRatio: 6, strides: 2 },
  { kernelSize: 5, repeats: 2, filtersIn: 24, filtersOut: 40, expandRatio: 6, strides: 2 },
  { kernelSize: 3, repeats: 3, filtersIn: 40, filtersOut: 80, expandRatio: 6, strides: 2 },
  { kernelSize: 5, repeats: 3, filtersIn: 80, filtersOut: 112, expandRatio: 6, strides: 1 },
  { kernelSize: 5, repeats: 4, filtersIn: 112, filtersOut: 192, expandRatio: 6, strides: 2 },
  { kernelSize: 3, repeats: 1, filtersIn: 192, filtersOut: 320, expandRatio: 6, strides: 1 },
];

const SE_RATIO = 0.25;
const DROP_CONNECT_RATE = 0.2;
const DEPTH_DIVISOR = 8;
const ACTIVATION = "swish";
const IMAGENET_STDDEV_RGB = [0.229, 0.224, 0.225];

const CONV_KERNEL_INITIALIZER = {
  class_name: "VarianceScaling",
  config: { scale: 2.0, mode: "fan_out", distribution: "truncated_normal" },
};
const DENSE_KERNEL_INITIALIZER = {
  class_name: "VarianceScaling",
  config: { scale: 1.0 / 3.0, mode: "fan_out", distribution: "uniform" },
};

/** What sets B0 to B7 apart. */
interface Variant {
  readonly width: number;
  readonly depth: number;
  readonly defaultSize: number;
  readonly dropoutRate: number;
}

/**
 * Keras's coefficients of `EfficientNetB0` to `B7` (`keras/src/applications/efficientnet.py`):
 * the compound scaling's width, depth and input size, and the top's dropout.
 */
const VARIANTS = {
  B0: { width: 1.0, depth: 1.0, defaultSize: 224, dropoutRate: 0.2 },
  B1: { width: 1.0, depth: 1.1, defaultSize: 240, dropoutRate: 0.2 },
  B2: { width: 1.1, depth: 1.2, defaultSize: 260, dropoutRate: 0.3 },
  B3: { width: 1.2, depth: 1.4, defaultSize: 300, dropoutRate: 0.3 },
  B4: { width: 1.4, depth: 1.8, defaultSize: 380, dropoutRate: 0.4 },
  B5: { width: 1.6, depth: 2.2, defaultSize: 456, dropoutRate: 0.4 },
  B6: { width: 1.8, depth: 2.6, defaultSize: 528, dropoutRate: 0.5 },
  B7: { width: 2.0, depth: 3.1, defaultSize: 600, dropoutRate: 0.5 },
} as const satisfies Readonly<Record<string, Variant>>;

function bn(x: SymbolicTensor, name: string): SymbolicTensor {
  return new BatchNormalization({ axis: 3, name }).apply(x);
}

function act(x: SymbolicTensor, name: string): SymbolicTensor {
  return new Activation({ activation: ACTIVATION, name }).apply(x);
}

function conv1x1(x: SymbolicTensor, filters: number, name: string): SymbolicTensor {
  return new Conv2D({
    filters,
    kernelSize: 1,
    padding: "same",
    useBias: false,
    kernelInitializer: CONV_KERNEL_INITIALIZER,
    name,
  }).apply(x);
}

/** A squeeze-and-excite 1×1 convolution, with a bias and its activation. */
function seConv(
  x: SymbolicTensor,
  filters: number,
  activation: string,
  name: string,
): SymbolicTensor {
  return new Conv2D({
    filters,
    kernelSize: 1,
    padding: "same",
    activation,
    kernelInitializer: CONV_KERNEL_INITIALIZER,
    name,
  }).apply(x);
}

/** Keras's `block`: expand, depthwise, squeeze-and-excite, project, and the skip. */
function block(
  inputs: SymbolicTensor,
  dropRate: number,
  name: string,
  filtersIn: number,
  filtersOut: number,
  kernelSize: number,
  strides: number,
  expandRatio: number,
): SymbolicTensor {
  const filters = filtersIn * expandRatio;
  let x = inputs;
  if (expandRatio !== 1) {
    x = act(
      bn(conv1x1(inputs, filters, `${name}expand_conv`), `${name}expand_bn`),
      `${name}expand_activation`,
    );
  }
  let padding: "valid" | "same" = "same";
  if (strides === 2) {
    x = new ZeroPadding2D({ padding: correctPad(x.shape, kernelSize), name: `${name}dwconv_pad` })
      .apply(x);
    padding = "valid";
  }
  x = new DepthwiseConv2D({
    kernelSize,
    strides,
    padding,
    useBias: false,
    depthwiseInitializer: CONV_KERNEL_INITIALIZER,
    name: `${name}dwconv`,
  }).apply(x);
  x = act(bn(x, `${name}bn`), `${name}activation`);

  const filtersSe = Math.max(1, Math.trunc(filtersIn * SE_RATIO));
  let se = new GlobalAveragePooling2D({ name: `${name}se_squeeze` }).apply(x);
  se = new Reshape({ targetShape: [1, 1, filters], name: `${name}se_reshape` }).apply(se);
  se = seConv(se, filtersSe, ACTIVATION, `${name}se_reduce`);
  se = seConv(se, filters, "sigmoid", `${name}se_expand`);
  x = new Multiply({ name: `${name}se_excite` }).apply([x, se]);

  x = bn(conv1x1(x, filtersOut, `${name}project_conv`), `${name}project_bn`);
  if (strides === 1 && filtersIn === filtersOut) {
    if (dropRate > 0) {
      x = new Dropout({ rate: dropRate, noiseShape: [null, 1, 1, 1], name: `${name}drop` })
        .apply(x);
    }
    x = new Add({ name: `${name}add` }).apply([x, inputs]);
  }
  return x;
}

/** Keras's `EfficientNet`. */
function efficientNet(
  owner: string,
  given: ApplicationArgs | undefined,
  variant: Variant,
  defaultName: string,
): Model {
  const { args, input } = startModel(owner, given, {
    defaultSize: variant.defaultSize,
    minSize: 32,
  });

  const roundFilters = (filters: number): number => {
    filters *= variant.width;
    let rounded = Math.max(
      DEPTH_DIVISOR,
      Math.floor(Math.trunc(filters + DEPTH_DIVISOR / 2) / DEPTH_DIVISOR) * DEPTH_DIVISOR,
    );
    if (rounded < 0.9 * filters) rounded += DEPTH_DIVISOR;
    return Math.trunc(rounded);
  };
  const roundRepeats = (repeats: number): number => Math.ceil(variant.depth * repeats);

  let x = new Rescaling({ scale: 1.0 / 255.0 }).apply(input.tensor);
  x = new Normalization({ axis: 3 }).apply(x);
  if (args.weights === "imagenet") {
    // Keras adds this when it loads ImageNet weights: the stddev its Normalization lacks.
    x = new Rescaling({ scale: IMAGENET_STDDEV_RGB.map((s) => 1.0 / Math.sqrt(s)) }).apply(x);
  }
  x = new ZeroPadding2D({ padding: correctPad(x.shape, 3), name: "stem_conv_pad" }).apply(x);
  x = new Conv2D({
    filters: roundFilters(32),
    kernelSize: 3,
    strides: 2,
    padding: "valid",
    useBias: false,
    kernelInitializer: CONV_KERNEL_INITIALIZER,
    name: "stem_conv",
  }).apply(x);
  x = act(bn(x, "stem_bn"), "stem_activation");

  const blocks = STAGES.reduce((sum, stage) => sum + roundRepeats(stage.repeats), 0);
  let b = 0;
  STAGES.forEach((stage, i) => {
    let filtersIn = roundFilters(stage.filtersIn);
    const filtersOut = roundFilters(stage.filtersOut);
    let strides = stage.strides;
    for (let j = 0; j < roundRepeats(stage.repeats); j++) {
      if (j > 0) {
        strides = 1;
        filtersIn = filtersOut;
      }
      const name = `block${i + 1}${String.fromCharCode(j + 97)}_`;
      const dropRate = DROP_CONNECT_RATE * b / blocks;
      x = block(
        x,
        dropRate,
        name,
        filtersIn,
        filtersOut,
        stage.kernelSize,
        strides,
        stage.expandRatio,
      );
      b++;
    }
  });

  x = act(bn(conv1x1(x, roundFilters(1280), "top_conv"), "top_bn"), "top_activation");
  if (args.includeTop) {
    x = new GlobalAveragePooling2D({ name: "avg_pool" }).apply(x);
    if (variant.dropoutRate > 0) {
      x = new Dropout({ rate: variant.dropoutRate, name: "top_dropout" }).apply(x);
    }
    validateActivation(args);
    x = new Dense({
      units: args.classes,
      activation: args.classifierActivation,
      kernelInitializer: DENSE_KERNEL_INITIALIZER,
      name: "predictions",
    }).apply(x);
  } else {
    x = globalPooling(x, args.pooling, { avg: "avg_pool", max: "max_pool" });
  }
  return finishModel(input, x, args.name ?? defaultName);
}

/**
 * Keras's `keras.applications.EfficientNetB0`: 5,330,571 parameters with its ImageNet top,
 * input 224×224×3. With ImageNet weights (Keras's default) Keras adds a second `Rescaling`
 * after the `Normalization`; it has no parameters.
 *
 * @param args Keras's arguments: `includeTop`, `weights`, `inputShape`, `pooling`, `classes`, …
 * @returns The model, named `"efficientnetb0"`.
 * @throws {TypeError} For an unknown argument or a value of the wrong type.
 * @throws {RangeError} For a value Keras refuses, in Keras's words.
 *
 * @example The base a summary shows as `efficientnetb0 (Functional) (None, 7, 7, 1280) 4,049,571`
 * ```ts
 * import { EfficientNetB0 } from "../../mod.ts";
 * import assert from "assert";
 *
 * const base = EfficientNetB0({ includeTop: false, inputShape: [224, 224, 3] });
 * assert.deepEqual(base.outputShape(), [null, 7, 7, 1280]);
 * assert.equal(base.paramCount(), 4_049_571);
 * // The Normalization's mean, variance and count are the 7 that are not trained.
 * assert.equal(base.layers[2].className, "Normalization");
 * assert.equal(base.layers[2].nonTrainableParamCount(), 7);
 * ```
 */
export function EfficientNetB0(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB0", args, VARIANTS.B0, "efficientnetb0");
}

/**
 * Keras's `keras.applications.EfficientNetB1`: B0 10% deeper, input 240×240×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb1"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB1 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB1().paramCount(), 7_856_239);
 * ```
 */
export function EfficientNetB1(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB1", args, VARIANTS.B1, "efficientnetb1");
}

/**
 * Keras's `keras.applications.EfficientNetB2`: width 1.1, depth 1.2, input 260×260×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb2"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB2 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB2().paramCount(), 9_177_569);
 * ```
 */
export function EfficientNetB2(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB2", args, VARIANTS.B2, "efficientnetb2");
}

/**
 * Keras's `keras.applications.EfficientNetB3`: width 1.2, depth 1.4, input 300×300×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb3"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB3 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB3().paramCount(), 12_320_535);
 * ```
 */
export function EfficientNetB3(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB3", args, VARIANTS.B3, "efficientnetb3");
}

/**
 * Keras's `keras.applications.EfficientNetB4`: width 1.4, depth 1.8, input 380×380×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb4"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB4 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB4().paramCount(), 19_466_823);
 * ```
 */
export function EfficientNetB4(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB4", args, VARIANTS.B4, "efficientnetb4");
}

/**
 * Keras's `keras.applications.EfficientNetB5`: width 1.6, depth 2.2, input 456×456×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb5"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB5 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB5().paramCount(), 30_562_527);
 * ```
 */
export function EfficientNetB5(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB5", args, VARIANTS.B5, "efficientnetb5");
}

/**
 * Keras's `keras.applications.EfficientNetB6`: width 1.8, depth 2.6, input 528×528×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb6"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB6 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB6().paramCount(), 43_265_143);
 * ```
 */
export function EfficientNetB6(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB6", args, VARIANTS.B6, "efficientnetb6");
}

/**
 * Keras's `keras.applications.EfficientNetB7`: width 2.0, depth 3.1, input 600×600×3.
 *
 * @param args Keras's arguments, as for {@linkcode EfficientNetB0}.
 * @returns The model, named `"efficientnetb7"`.
 *
 * @example
 * ```ts
 * import { EfficientNetB7 } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(EfficientNetB7().paramCount(), 66_658_687);
 * ```
 */
export function EfficientNetB7(args?: ApplicationArgs): Model {
  return efficientNet("EfficientNetB7", args, VARIANTS.B7, "efficientnetb7");
}
