/**
 * What every keras.applications builder shares: Keras's arguments and their checks
 * (`imagenet_utils.obtain_input_shape`, `validate_activation`, the `weights` and `classes`
 * rules), the classifier top, the pooling of a headless model, and the model around the graph.
 * Internal to `lib/applications/`; the builders' files export what users call.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Shape } from "../shape.ts";
import { formatShape } from "../shape.ts";
import { Model } from "../model/functional.ts";
import { Dense, Input } from "../layers/core.ts";
import { GlobalAveragePooling2D, GlobalMaxPooling2D } from "../layers/pooling.ts";
import { activationNames, nearest } from "../layers/options.ts";
import { SymbolicTensor } from "../layers/base.ts";
import type { ApplicationArgs, ApplicationPooling } from "./args.ts";

export type { ApplicationArgs, ApplicationPooling };

/** The keys every builder takes. */
export const COMMON_KEYS: readonly string[] = [
  "includeTop",
  "weights",
  "inputTensor",
  "inputShape",
  "pooling",
  "classes",
  "classifierActivation",
  "name",
];

/** The arguments after their checks, with Keras's defaults filled in. */
export interface CheckedArgs {
  readonly includeTop: boolean;
  readonly weights: string | null;
  readonly inputTensor: SymbolicTensor | undefined;
  readonly inputShape: readonly (number | null)[] | undefined;
  readonly pooling: ApplicationPooling | null;
  readonly classes: number;
  readonly classifierActivation: string | null;
  readonly name: string | undefined;
}

/**
 * Checks the arguments every builder takes: unknown keys (with the one most likely meant),
 * types, and Keras's `weights` and `classes` rules.
 *
 * @param owner The builder, e.g. `"ResNet50"`.
 * @param args The arguments given.
 * @param extraKeys The builder's own keys (`alpha`).
 * @returns The checked arguments with Keras's defaults.
 */
export function checkArgs(
  owner: string,
  args: unknown,
  extraKeys: readonly string[] = [],
): CheckedArgs {
  if (args === undefined) args = {};
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new TypeError(
      `${owner} takes an options object such as { includeTop: false }, received ${
        describeValue(args)
      }`,
    );
  }
  const given = args as Record<string, unknown>;
  const keys = [...COMMON_KEYS, ...extraKeys];
  for (const key of Object.keys(given)) {
    if (keys.includes(key)) continue;
    const near = nearest(key, keys);
    throw new TypeError(
      `Unknown argument "${key}" for ${owner}${
        near === undefined ? "" : `; did you mean "${near}"?`
      } It takes ${keys.join(", ")}`,
    );
  }
  const includeTop = given.includeTop ?? true;
  if (typeof includeTop !== "boolean") {
    throw new TypeError(
      `Invalid includeTop for ${owner}: expected true or false, received ${
        describeValue(includeTop)
      }`,
    );
  }
  const weights = given.weights === undefined ? "imagenet" : given.weights;
  checkWeights(weights);
  const pooling = given.pooling ?? null;
  if (pooling !== null && pooling !== "avg" && pooling !== "max") {
    // Keras ignores any other value silently; a typo here would drop the pooling unseen.
    throw new TypeError(
      `Invalid pooling for ${owner}: expected "avg", "max" or null, received ${
        describeValue(pooling)
      }`,
    );
  }
  const classes = given.classes ?? 1000;
  if (includeTop) {
    if (typeof classes !== "number") {
      throw new TypeError(
        `Invalid classes for ${owner}: expected a positive integer, received ${
          describeValue(classes)
        }`,
      );
    }
    if (!Number.isSafeInteger(classes) || classes < 1) {
      throw new RangeError(
        `Invalid classes for ${owner}: expected a positive integer, received ${
          describeValue(classes)
        }`,
      );
    }
    if (weights === "imagenet" && classes !== 1000) {
      throw new RangeError(
        "If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  " +
          `Received classes=${classes}`,
      );
    }
  }
  const classifierActivation = given.classifierActivation === undefined
    ? "softmax"
    : given.classifierActivation;
  // Keras reads the activation only when it builds the top.
  if (includeTop) checkActivation(owner, classifierActivation);
  const inputTensor = given.inputTensor;
  if (inputTensor !== undefined && !(inputTensor instanceof SymbolicTensor)) {
    throw new TypeError(
      `input_tensor is not a Keras tensor; Received \`input_tensor=${describeValue(inputTensor)}\``,
    );
  }
  const inputShape = given.inputShape as readonly (number | null)[] | undefined | null;
  if (inputShape !== undefined && inputShape !== null) checkShapeValues(owner, inputShape);
  const name = given.name;
  if (name !== undefined && (typeof name !== "string" || name.includes("/") || name === "")) {
    throw new TypeError(
      "Argument `name` must be a string and cannot contain character `/`. " +
        `Received: name=${describeValue(name)}`,
    );
  }
  return {
    includeTop,
    weights,
    inputTensor,
    inputShape: inputShape ?? undefined,
    pooling,
    classes: classes as number,
    classifierActivation: classifierActivation as string | null,
    name,
  };
}

/** Keras's own check of `weights`, with the file formats `load_weights` reads. */
function checkWeights(weights: unknown): asserts weights is string | null {
  if (weights === null || weights === "imagenet") return;
  if (
    typeof weights === "string" &&
    [".weights.h5", ".keras", ".h5"].some((ending) => weights.endsWith(ending))
  ) return;
  throw new TypeError(
    "The `weights` argument should be either `None` (random initialization), 'imagenet' " +
      "(pre-training on ImageNet), or the path to the weights file to be loaded " +
      `(a .weights.h5, .keras or .h5 file).  Received: weights=${describeValue(weights)}`,
  );
}

function checkActivation(owner: string, value: unknown): void {
  if (value === null) return;
  if (typeof value === "string" && activationNames().includes(value)) return;
  const near = typeof value === "string" ? nearest(value, activationNames()) : undefined;
  throw new TypeError(
    `Invalid classifierActivation for ${owner}: could not interpret activation function ` +
      `identifier: ${describeValue(value)}${near === undefined ? "" : `; did you mean "${near}"?`}`,
  );
}

function checkShapeValues(owner: string, shape: unknown): void {
  if (!Array.isArray(shape)) {
    throw new TypeError(
      `Invalid inputShape for ${owner}: expected [rows, cols, channels], received ${
        describeValue(shape)
      }`,
    );
  }
  for (const d of shape) {
    if (d === null) continue;
    if (typeof d !== "number") {
      throw new TypeError(
        `Invalid inputShape for ${owner}: every size must be a positive integer or null, ` +
          `received ${describeValue(d)} in ${describeValue(shape)}`,
      );
    }
    if (!Number.isSafeInteger(d) || d < 1) {
      throw new RangeError(
        `Invalid inputShape for ${owner}: every size must be a positive integer or null, ` +
          `received ${describeValue(d)} in ${describeValue(shape)}`,
      );
    }
  }
}

/** What `obtainInputShape` needs to know of an application. */
export interface InputShapeRule {
  /** The width and height of the application's ImageNet input. */
  readonly defaultSize: number;
  /** The smallest width and height the application accepts. */
  readonly minSize: number;
}

/**
 * Keras's `imagenet_utils.obtain_input_shape` for channels-last data: the input shape the model
 * is built for, from the one given (or none), with Keras's checks and messages.
 *
 * @param inputShape The shape given, without the batch dimension.
 * @param rule The application's default and minimum sizes.
 * @param requireFlatten Whether the top is built (it needs a static shape).
 * @param weights The weights argument.
 * @returns The shape, e.g. `[224, 224, 3]` or `[null, null, 3]`.
 */
export function obtainInputShape(
  inputShape: readonly (number | null)[] | undefined,
  rule: InputShapeRule,
  requireFlatten: boolean,
  weights: string | null,
): readonly (number | null)[] {
  const { defaultSize, minSize } = rule;
  const shown = (s: readonly (number | null)[]) => formatShape(s);
  const defaultShape: readonly (number | null)[] =
    weights !== "imagenet" && inputShape && inputShape.length === 3
      ? [defaultSize, defaultSize, inputShape[2]]
      : [defaultSize, defaultSize, 3];
  if (weights === "imagenet" && requireFlatten) {
    if (inputShape !== undefined && !sameDims(inputShape, defaultShape)) {
      throw new RangeError(
        "When setting `include_top=True` and loading `imagenet` weights, `input_shape` should " +
          `be ${shown(defaultShape)}.  Received: input_shape=${shown(inputShape)}`,
      );
    }
    return defaultShape;
  }
  let shape: readonly (number | null)[];
  if (inputShape !== undefined && inputShape.length > 0) {
    if (inputShape.length !== 3) {
      throw new RangeError(
        "`input_shape` must be a tuple of three integers. " +
          `Received: input_shape=${shown(inputShape)}`,
      );
    }
    if (inputShape[2] !== 3 && weights === "imagenet") {
      throw new RangeError(
        `The input must have 3 channels; Received \`input_shape=${shown(inputShape)}\``,
      );
    }
    if (
      (inputShape[0] !== null && inputShape[0] < minSize) ||
      (inputShape[1] !== null && inputShape[1] < minSize)
    ) {
      throw new RangeError(
        `Input size must be at least ${minSize}x${minSize}; Received: input_shape=${
          shown(inputShape)
        }`,
      );
    }
    shape = inputShape;
  } else {
    shape = requireFlatten ? defaultShape : [null, null, 3];
  }
  if (requireFlatten && shape.includes(null)) {
    throw new RangeError(
      "If `include_top` is True, you should specify a static `input_shape`. " +
        `Received: input_shape=${shown(shape)}`,
    );
  }
  return shape;
}

function sameDims(a: readonly (number | null)[], b: readonly (number | null)[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** Where a model starts: its input tensor, and the inputs the model is made of. */
export interface ModelInput {
  /** The tensor the first layer is called on. */
  readonly tensor: SymbolicTensor;
  /** The model's inputs. */
  readonly inputs: readonly SymbolicTensor[];
}

/**
 * The model's input as Keras makes it: a new `Input` of the shape, or the `inputTensor` given,
 * whose source inputs become the model's (Keras's `get_source_inputs`).
 *
 * @param shape The input shape without the batch dimension.
 * @param inputTensor The tensor given, if any.
 * @returns The tensor to build on and the model's inputs.
 */
export function modelInput(
  shape: readonly (number | null)[],
  inputTensor: SymbolicTensor | undefined,
): ModelInput {
  if (inputTensor === undefined) {
    const tensor = new Input({ shape }).output;
    return { tensor, inputs: [tensor] };
  }
  return { tensor: inputTensor, inputs: sourceInputs(inputTensor) };
}

function sourceInputs(tensor: SymbolicTensor): SymbolicTensor[] {
  const node = tensor.node;
  if (node.inputs.length === 0) return [...node.outputs];
  const sources: SymbolicTensor[] = [];
  for (const x of node.inputs) {
    for (const source of sourceInputs(x)) if (!sources.includes(source)) sources.push(source);
  }
  return sources;
}

/**
 * How a builder starts, as each of Keras's application functions does: the arguments checked,
 * the input shape obtained from them (`obtain_input_shape`) and the model's input made.
 *
 * @param owner The builder, e.g. `"ResNet50"`.
 * @param given The arguments given.
 * @param sizes The builder's default and smallest image size.
 * @param extraKeys The builder's own keys (`alpha`).
 * @returns The checked arguments and the model's input.
 */
export function startModel(
  owner: string,
  given: unknown,
  sizes: InputShapeRule,
  extraKeys: readonly string[] = [],
): { readonly args: CheckedArgs; readonly input: ModelInput } {
  const args = checkArgs(owner, given, extraKeys);
  const shape = obtainInputShape(args.inputShape, sizes, args.includeTop, args.weights);
  return { args, input: modelInput(shape, args.inputTensor) };
}

/**
 * Keras's `validate_activation`: with pretrained weights, the top's activation must be
 * softmax or none.
 *
 * @param args The checked arguments.
 */
export function validateActivation(args: CheckedArgs): void {
  if (args.weights === null) return;
  const activation = args.classifierActivation;
  if (activation !== null && activation !== "softmax" && activation !== "linear") {
    throw new RangeError(
      "Only `None` and `softmax` activations are allowed for the `classifier_activation` " +
        "argument when using pretrained weights, with `include_top=True`; Received: " +
        `classifier_activation=${activation}`,
    );
  }
}

/**
 * The classifier Keras puts on top: `Dense(classes, activation, name="predictions")`, after
 * `validate_activation` as Keras calls it.
 *
 * @param x The pooled features.
 * @param args The checked arguments.
 * @returns The predictions.
 */
export function predictions(x: SymbolicTensor, args: CheckedArgs): SymbolicTensor {
  validateActivation(args);
  return new Dense({
    units: args.classes,
    activation: args.classifierActivation,
    name: "predictions",
  }).apply(x);
}

/**
 * The global pooling of a model without its top, as `pooling` asks.
 *
 * @param x The last feature map.
 * @param pooling The pooling.
 * @param names The layers' names, when the application names them (`"avg_pool"`).
 * @returns The pooled tensor, or `x` without pooling.
 */
export function globalPooling(
  x: SymbolicTensor,
  pooling: ApplicationPooling | null,
  names: { readonly avg?: string; readonly max?: string } = {},
): SymbolicTensor {
  if (pooling === "avg") {
    return new GlobalAveragePooling2D(names.avg === undefined ? {} : { name: names.avg })
      .apply(x);
  }
  if (pooling === "max") {
    return new GlobalMaxPooling2D(names.max === undefined ? {} : { name: names.max }).apply(x);
  }
  return x;
}

/**
 * The end most applications share: with the top, average pooling (`avg_pool`) and the
 * classifier; without it, the global pooling `pooling` asks.
 *
 * @param x The last feature map.
 * @param args The checked arguments.
 * @param names The pooling layers' names without the top, when the application names them.
 * @returns The model's output.
 */
export function poolingTop(
  x: SymbolicTensor,
  args: CheckedArgs,
  names: { readonly avg?: string; readonly max?: string } = {},
): SymbolicTensor {
  if (!args.includeTop) return globalPooling(x, args.pooling, names);
  return predictions(new GlobalAveragePooling2D({ name: "avg_pool" }).apply(x), args);
}

/**
 * Keras's `imagenet_utils.correct_pad`: the zero padding before a strided convolution that
 * keeps the output size `ceil(size / 2)`.
 *
 * @param shape The input tensor's shape, batch first, channels last.
 * @param kernelSize The convolution's kernel size.
 * @returns The padding, `[[top, bottom], [left, right]]`.
 */
export function correctPad(shape: Shape, kernelSize: number): [[number, number], [number, number]] {
  const rows = shape[1];
  const cols = shape[2];
  if (rows !== null && cols === null) {
    // Keras computes `None % 2` here and fails.
    throw new TypeError(
      `Keras's correct_pad cannot pad an input of known rows and unknown columns: received ${
        formatShape(shape)
      }; give both sizes or neither`,
    );
  }
  const adjust = rows === null ? [1, 1] : [1 - rows % 2, 1 - cols! % 2];
  const correct = Math.floor(kernelSize / 2);
  return [[correct - adjust[0], correct], [correct - adjust[1], correct]];
}

/**
 * Makes the model, with the name given or the application's.
 *
 * @param input The model's input.
 * @param output The output tensor.
 * @param name The model's name.
 * @returns The model.
 */
export function finishModel(input: ModelInput, output: SymbolicTensor, name: string): Model {
  return new Model({ inputs: [...input.inputs], outputs: output, name });
}

/**
 * Python's `f"{x:0.2f}"`: two decimals, a tie rounded to even, as MobileNet's model name
 * writes `alpha`.
 *
 * @param x The number.
 * @returns E.g. `"1.00"`, `"0.35"`.
 */
export function pythonFixed2(x: number): string {
  const fixed = x.toFixed(2);
  // toFixed rounds an exact tie up; Python rounds it to even. Only a tie can differ.
  const exact = Math.abs(x) >= 1e-6 && Math.abs(x) < 1e21 ? x.toPrecision(100) : undefined;
  if (exact === undefined || exact.includes("e")) return fixed;
  const [whole, fraction = ""] = exact.split(".");
  if (!/^50*$/.test(fraction.slice(2)) || fraction.length <= 2) return fixed;
  const lastKept = Number(fraction[1]);
  if (lastKept % 2 === 1) return fixed;
  return `${whole}.${fraction.slice(0, 2)}`;
}

/**
 * Shows a number as Python prints a float (`1.0`, `0.35`), for messages in Keras's words.
 *
 * @param x The number.
 * @returns Its Python repr.
 */
export function pythonFloat(x: number): string {
  return Number.isInteger(x) ? `${x}.0` : String(x);
}

/**
 * Keras's `_make_divisible`: the nearest multiple of `divisor`, at least `divisor`, and not
 * more than 10% below `v`.
 *
 * @param v The width.
 * @param divisor The multiple.
 * @returns The rounded width.
 */
export function makeDivisible(v: number, divisor: number): number {
  let rounded = Math.max(divisor, Math.floor(Math.trunc(v + divisor / 2) / divisor) * divisor);
  if (rounded < 0.9 * v) rounded += divisor;
  return rounded;
}

/**
 * Checks `alpha`: a positive number.
 *
 * @param owner The builder.
 * @param alpha The value given.
 * @returns The value.
 */
export function checkAlpha(owner: string, alpha: unknown): number {
  if (typeof alpha !== "number") {
    throw new TypeError(
      `Invalid alpha for ${owner}: expected a positive number, received ${describeValue(alpha)}`,
    );
  }
  if (!Number.isFinite(alpha) || alpha <= 0) {
    throw new RangeError(
      `Invalid alpha for ${owner}: expected a positive number, received ${describeValue(alpha)}`,
    );
  }
  return alpha;
}
