/**
 * From a model's name to the application that makes it. A summary of a transfer-learning model
 * shows the base as one row, `efficientnetb0 (Functional)  (None, 7, 7, 1280)  4,049,571`; the
 * name is Keras's default for the application (`"resnet50"`, `"mobilenetv2_1.00_224"`), so it
 * says which builder, and for MobileNet which `alpha` and input rows, rebuild it. What the name
 * does not say (the top, the pooling, the input size, the weights) the row's output shape and
 * count decide: {@linkcode rebuildApplication} tries the variants in turn.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { Model } from "../model/functional.ts";
import type { ApplicationArgs, ApplicationPooling } from "./args.ts";
import { ResNet101, ResNet101V2, ResNet152, ResNet152V2, ResNet50, ResNet50V2 } from "./resnet.ts";
import { MobileNetV2, type MobileNetV2Args } from "./mobilenet_v2.ts";
import { MobileNet, type MobileNetArgs } from "./mobilenet.ts";
import { Xception } from "./xception.ts";
import {
  EfficientNetB0,
  EfficientNetB1,
  EfficientNetB2,
  EfficientNetB3,
  EfficientNetB4,
  EfficientNetB5,
  EfficientNetB6,
  EfficientNetB7,
} from "./efficientnet.ts";
import { VGG16, VGG19 } from "./vgg.ts";
import { DenseNet121, DenseNet169, DenseNet201 } from "./densenet.ts";
import { InceptionV3 } from "./inception_v3.ts";

/** The applications this library builds, by Keras's function name. */
export type ApplicationName =
  | "ResNet50"
  | "ResNet101"
  | "ResNet152"
  | "ResNet50V2"
  | "ResNet101V2"
  | "ResNet152V2"
  | "MobileNetV2"
  | "Xception"
  | "EfficientNetB0"
  | "EfficientNetB1"
  | "EfficientNetB2"
  | "EfficientNetB3"
  | "EfficientNetB4"
  | "EfficientNetB5"
  | "EfficientNetB6"
  | "EfficientNetB7"
  | "VGG16"
  | "VGG19"
  | "DenseNet121"
  | "DenseNet169"
  | "DenseNet201"
  | "MobileNet"
  | "InceptionV3";

/**
 * The arguments any builder may take: Keras's common ones and MobileNet's own (`alpha`,
 * `depthMultiplier`, `dropout`). A builder refuses the ones it does not have.
 */
export type AnyApplicationArgs = ApplicationArgs & MobileNetArgs & MobileNetV2Args;

/** One application: its builder and what Keras's defaults are for it. */
export interface Application {
  /** Keras's function name, e.g. `"ResNet50"`. */
  readonly name: ApplicationName;
  /** The builder. */
  readonly build: (args?: AnyApplicationArgs) => Model;
  /**
   * The model's default name (`"resnet50"`); `undefined` for MobileNet and MobileNetV2, whose
   * name records `alpha` and the input rows (`"mobilenetv2_1.00_224"`).
   */
  readonly modelName?: string;
  /** The width and height of its ImageNet input (224 for most, 299 for Xception). */
  readonly defaultSize: number;
  /** The smallest width and height it accepts. */
  readonly minSize: number;
  /** The arguments it takes besides the common ones (`["alpha"]` for MobileNetV2). */
  readonly ownArgs: readonly string[];
}

function app(
  name: ApplicationName,
  build: (args?: AnyApplicationArgs) => Model,
  modelName: string | undefined,
  defaultSize = 224,
  minSize = 32,
  ownArgs: readonly string[] = [],
): Application {
  return {
    name,
    build,
    ...(modelName === undefined ? {} : { modelName }),
    defaultSize,
    minSize,
    ownArgs,
  };
}

/**
 * Every application this library builds, in alphabetical order as `keras.applications` lists
 * them.
 *
 * @example Each fixed default name once
 * ```ts
 * import { APPLICATIONS } from "../../mod.ts";
 * import assert from "assert";
 *
 * const names = APPLICATIONS.flatMap((a) => a.modelName ?? []);
 * assert.equal(new Set(names).size, names.length);
 * assert.equal(APPLICATIONS.find((a) => a.name === "Xception")!.defaultSize, 299);
 * ```
 */
export const APPLICATIONS: readonly Application[] = [
  app("DenseNet121", DenseNet121, "densenet121"),
  app("DenseNet169", DenseNet169, "densenet169"),
  app("DenseNet201", DenseNet201, "densenet201"),
  app("EfficientNetB0", EfficientNetB0, "efficientnetb0", 224),
  app("EfficientNetB1", EfficientNetB1, "efficientnetb1", 240),
  app("EfficientNetB2", EfficientNetB2, "efficientnetb2", 260),
  app("EfficientNetB3", EfficientNetB3, "efficientnetb3", 300),
  app("EfficientNetB4", EfficientNetB4, "efficientnetb4", 380),
  app("EfficientNetB5", EfficientNetB5, "efficientnetb5", 456),
  app("EfficientNetB6", EfficientNetB6, "efficientnetb6", 528),
  app("EfficientNetB7", EfficientNetB7, "efficientnetb7", 600),
  app("InceptionV3", InceptionV3, "inception_v3", 299, 75),
  app("MobileNet", MobileNet, undefined, 224, 32, ["alpha", "depthMultiplier", "dropout"]),
  app("MobileNetV2", MobileNetV2, undefined, 224, 32, ["alpha"]),
  app("ResNet50", ResNet50, "resnet50"),
  app("ResNet101", ResNet101, "resnet101"),
  app("ResNet152", ResNet152, "resnet152"),
  app("ResNet50V2", ResNet50V2, "resnet50v2"),
  app("ResNet101V2", ResNet101V2, "resnet101v2"),
  app("ResNet152V2", ResNet152V2, "resnet152v2"),
  app("VGG16", VGG16, "vgg16"),
  app("VGG19", VGG19, "vgg19"),
  app("Xception", Xception, "xception", 299, 71),
];

/** What a model's name says about the application that built it. */
export interface ApplicationMatch {
  /** The application. */
  readonly application: Application;
  /** The arguments the name fixes: `{ alpha: 0.35 }` for `"mobilenetv2_0.35_160"`, else `{}`. */
  readonly args: { readonly alpha?: number };
  /**
   * The input rows MobileNet's name records: a number, or `null` for `None` (no top, no input
   * shape, no weights); `undefined` for the applications whose name records none. With ImageNet
   * weights Keras writes 224 for any size it has no weights for.
   */
  readonly rows?: number | null;
  /**
   * The argument sets to try, most common first: with the top, then without it, with no
   * pooling, `"avg"` and `"max"`; each with the arguments the name fixes. Add `inputShape` and
   * `weights` (see {@linkcode rebuildApplication}, which tries them all).
   */
  readonly variants: readonly AnyApplicationArgs[];
}

const MOBILENET_NAME = /^(mobilenetv2|mobilenet)_(\d+\.\d\d)_(\d+|None)$/;

/**
 * The application a model name is Keras's default for, and the arguments the name fixes.
 *
 * @param modelName A model's name, as a summary prints it (`"efficientnetb0"`).
 * @returns The match, or `undefined` when no application this library builds has that name.
 *
 * @example What a nested row's name says
 * ```ts
 * import { applicationByModelName } from "../../mod.ts";
 * import assert from "assert";
 *
 * const match = applicationByModelName("mobilenetv2_0.35_160")!;
 * assert.equal(match.application.name, "MobileNetV2");
 * assert.deepEqual(match.args, { alpha: 0.35 });
 * assert.equal(match.rows, 160);
 * assert.deepEqual(match.variants.map((v) => [v.includeTop, v.pooling]), [
 *   [true, null],
 *   [false, null],
 *   [false, "avg"],
 *   [false, "max"],
 * ]);
 * assert.equal(applicationByModelName("efficientnetb0")!.application.name, "EfficientNetB0");
 * assert.equal(applicationByModelName("my_model"), undefined);
 * ```
 */
export function applicationByModelName(modelName: string): ApplicationMatch | undefined {
  if (typeof modelName !== "string") return undefined;
  let application = APPLICATIONS.find((a) => a.modelName === modelName);
  let args: { alpha?: number } = {};
  let rows: number | null | undefined;
  const mobile = MOBILENET_NAME.exec(modelName);
  if (!application && mobile) {
    application = APPLICATIONS.find((a) =>
      a.name === (mobile[1] === "mobilenetv2" ? "MobileNetV2" : "MobileNet")
    );
    args = { alpha: Number(mobile[2]) };
    rows = mobile[3] === "None" ? null : Number(mobile[3]);
  }
  if (!application) return undefined;
  const pools: (ApplicationPooling | null)[] = [null, "avg", "max"];
  const variants: AnyApplicationArgs[] = [
    { ...args, includeTop: true, pooling: null },
    ...pools.map((pooling) => ({ ...args, includeTop: false, pooling })),
  ];
  return { application, args, ...(rows === undefined ? {} : { rows }), variants };
}

/** What a summary's row of a nested application shows. */
export interface NestedRow {
  /** The row's output shape, batch first: `[null, 7, 7, 1280]`. */
  readonly outputShape: Shape;
  /** The row's parameter count, when the summary shows it. */
  readonly params?: number;
  /**
   * The shape of the tensor the application was called on, batch first, when the summary shows
   * it (the row it is connected to). Without it the input size is worked out from the output
   * shape, which fixes it only within a range (see {@linkcode RebuiltApplication}).
   */
  readonly inputShape?: Shape;
}

/** An application rebuilt to fit a nested row. */
export interface RebuiltApplication {
  /** The model, named as the row names it. */
  readonly model: Model;
  /** The application. */
  readonly application: ApplicationName;
  /** The arguments that build it. */
  readonly args: AnyApplicationArgs;
  /**
   * Whether the input size was chosen, not read: several sizes give the same output shape, and
   * the count does not depend on which; the layers' inner shapes do. The size chosen is the
   * name's rows, else 32 times the output size, else the smallest that fits.
   */
  readonly inputShapeGuessed: boolean;
}

/**
 * Rebuilds the application a summary's nested row names: the variant (top or not, pooling,
 * `classes`, weights, input size) whose model has the row's name, output shape and count.
 * ImageNet weights are tried first, as they are Keras's default; they decide nothing a row shows
 * except MobileNet's name (EfficientNet's extra `Rescaling` has no parameters).
 *
 * @param modelName The row's model name, e.g. `"xception"`.
 * @param row The row's output shape, and its count and input shape when known.
 * @returns The model and the arguments, or `undefined` when no variant fits.
 *
 * @example The base of a transfer-learning summary, from its row alone
 * ```ts
 * import { rebuildApplication } from "../../mod.ts";
 * import assert from "assert";
 *
 * const rebuilt = rebuildApplication("xception", {
 *   outputShape: [null, 5, 5, 2048],
 *   params: 20_861_480,
 * })!;
 * assert.equal(rebuilt.application, "Xception");
 * assert.equal(rebuilt.args.includeTop, false);
 * assert.deepEqual(rebuilt.model.inputShape(), [null, 160, 160, 3]);
 * assert.equal(rebuilt.inputShapeGuessed, true);
 * ```
 */
export function rebuildApplication(
  modelName: string,
  row: NestedRow,
): RebuiltApplication | undefined {
  const match = applicationByModelName(modelName);
  if (!match) return undefined;
  const out = row.outputShape;
  const { application } = match;
  const multipliers = application.name === "MobileNet" ? [1, 2, 3, 4] : [1];
  const searched = new Map<string, number | undefined>();
  for (const depthMultiplier of multipliers) {
    for (const variant of match.variants) {
      const pooled = variant.includeTop || variant.pooling !== null;
      if (out.length !== (pooled ? 2 : 4)) continue;
      const base: AnyApplicationArgs = {
        ...variant,
        ...(variant.includeTop && out[1] !== null ? { classes: out[1] } : {}),
        ...(depthMultiplier === 1 ? {} : { depthMultiplier }),
      };
      for (const weights of depthMultiplier === 1 ? ["imagenet", null] : [null]) {
        const args = { ...base, weights };
        for (const { inputShape, guessed } of inputShapes(match, args, row, searched)) {
          const tried = inputShape === undefined ? args : { ...args, inputShape };
          const model = tryBuild(application, tried);
          if (model && fits(model, modelName, row)) {
            return {
              model,
              application: application.name,
              args: tried,
              inputShapeGuessed: guessed,
            };
          }
        }
      }
    }
  }
  return undefined;
}

function tryBuild(application: Application, args: AnyApplicationArgs): Model | undefined {
  try {
    return application.build(args);
  } catch (error) {
    if (error instanceof TypeError || error instanceof RangeError) return undefined;
    throw error;
  }
}

function fits(model: Model, modelName: string, row: NestedRow): boolean {
  const shape = model.outputShape() as Shape;
  return model.name === modelName &&
    shape.length === row.outputShape.length &&
    shape.every((d, i) => d === row.outputShape[i]) &&
    (row.params === undefined || model.paramCount() === row.params);
}

interface InputCandidate {
  readonly inputShape: readonly (number | null)[] | undefined;
  readonly guessed: boolean;
}

/**
 * The input shapes worth trying for a variant, most likely first, made only when the ones
 * before did not fit (a search builds the model a dozen times).
 */
function* inputShapes(
  match: ApplicationMatch,
  args: AnyApplicationArgs,
  row: NestedRow,
  searched: Map<string, number | undefined>,
): Generator<InputCandidate> {
  if (row.inputShape !== undefined) {
    yield { inputShape: row.inputShape.slice(1), guessed: false };
    return;
  }
  const named = typeof match.rows === "number" ? match.rows : undefined;
  if (named !== undefined) yield { inputShape: [named, named, 3], guessed: true };
  // Keras's default: the application's size with the top, any size without it. Only ImageNet
  // weights with the top fix the size; otherwise another size would give the same row.
  yield { inputShape: undefined, guessed: !(args.includeTop && args.weights === "imagenet") };
  // The weights change no shape or count, so one search serves both.
  const search = (key: string, target: number, measure: (size: number) => number | undefined) => {
    key = JSON.stringify([args.includeTop, args.depthMultiplier, key, target]);
    if (!searched.has(key)) {
      const preferred = key.includes("params") ? [named] : [named, 32 * target];
      searched.set(key, inputSizeFor(target, preferred, match.application.minSize, measure));
    }
    return searched.get(key);
  };
  const build = (size: number) =>
    tryBuild(match.application, { ...args, weights: null, inputShape: [size, size, 3] });
  const [, rows, cols] = row.outputShape;
  if (!args.includeTop && !args.pooling && typeof rows === "number" && typeof cols === "number") {
    const measure = (axis: 1 | 2) => (size: number): number | undefined => {
      const d = (build(size)?.outputShape() as Shape | undefined)?.[axis];
      return typeof d === "number" ? d : undefined;
    };
    const r = search("rows", rows, measure(1));
    const c = cols === rows ? r : search("cols", cols, measure(2));
    if (r !== undefined && c !== undefined) yield { inputShape: [r, c, 3], guessed: true };
  }
  if (args.includeTop && args.weights === null && row.params !== undefined) {
    // A top that flattens (VGG's) counts the input's size: the count grows with it.
    const size = search("params", row.params, (s) => build(s)?.paramCount());
    if (size !== undefined) yield { inputShape: [size, size, 3], guessed: true };
  }
}

/**
 * The input size at which a measure of the model (an output size, a count) takes a value: the
 * measure grows with the input, so a binary search finds the sizes that give it; of those, the
 * first preferred one, or else the smallest.
 */
function inputSizeFor(
  target: number,
  preferred: readonly (number | undefined)[],
  minSize: number,
  measure: (size: number) => number | undefined,
): number | undefined {
  const reaches = (size: number) => (measure(size) ?? -1) >= target;
  let high = Math.max(minSize, 256);
  while (!reaches(high)) {
    if (high > 1 << 13) return undefined;
    high *= 2;
  }
  let low = minSize;
  while (low < high) {
    const mid = Math.floor((low + high) / 2);
    if (reaches(mid)) high = mid;
    else low = mid + 1;
  }
  if (measure(low) !== target) return undefined;
  for (const size of preferred) {
    if (size !== undefined && size >= low && measure(size) === target) return size;
  }
  return low;
}
