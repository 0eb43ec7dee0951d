/**
 * Keras operations that act value by value: one tensor in, the same shape out (`Relu`, `Exp`,
 * `Cast`, `Softmax`), or several broadcast together (`Add`, `NotEqual`, `Where`), with
 * Keras's `broadcast_shapes`: a constant operand (`x != 0`) broadcasts as a scalar.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import {
  type CallValue,
  defineOperation,
  operandShape,
  type OperationCall,
  type OperationKind,
  type OperationModule,
  REQUIRED,
  tensorShape,
} from "./kind.ts";
import { broadcastShapes, canonicalizeAxis, intList } from "./_shapes.ts";

/** An operation whose output has its first argument's shape (`Relu`, `LayerNorm`). */
function keepsFirstShape(
  kind: Omit<OperationKind, "shape" | "byInputs">,
): OperationKind {
  return defineOperation({ ...kind, shape: (call) => tensorShape(call, 0), byInputs: true });
}

/** An operation whose output has its one input's shape. */
function valueByValue(
  className: string,
  module: OperationModule,
  summary: string,
  config: Readonly<Record<string, unknown>> = {},
  aliases?: readonly string[],
): OperationKind {
  return keepsFirstShape({
    className,
    ...(aliases ? { aliases } : {}),
    module,
    summary,
    config,
    args: ["x"],
  });
}

/**
 * An operation along an axis (`Softmax`, `Normalize`): the input's shape, the axis checked as
 * Keras does.
 */
function alongAxis(
  className: string,
  summary: string,
  config: Readonly<Record<string, unknown>> = { axis: -1 },
): OperationKind {
  return defineOperation({
    className,
    module: "nn",
    summary,
    config,
    args: ["x"],
    shape: (call) => {
      const shape = tensorShape(call, 0);
      for (const a of intList(call, "axis", call.config.axis) ?? []) {
        canonicalizeAxis(call, a, shape.length);
      }
      return shape;
    },
    byInputs: true,
  });
}

/** An operation of two operands broadcast together (`Add`, `NotEqual`). */
function broadcasting(className: string, summary: string): OperationKind {
  return defineOperation({
    className,
    module: "numpy",
    summary,
    config: {},
    args: ["x1", "x2"],
    shape: (call) => broadcastAll(call.args.slice(0, 2)),
    byInputs: true,
  });
}

function broadcastAll(args: readonly (CallValue | undefined)[]): Shape {
  return args.map(operandShape).reduce((a, b) => broadcastShapes(a, b));
}

/**
 * Operations that keep their input's shape, value by value.
 *
 * @example
 * ```ts
 * import { VALUE_BY_VALUE_OPERATIONS } from "./elementwise.ts";
 * import assert from "assert";
 *
 * assert.ok(VALUE_BY_VALUE_OPERATIONS.some((op) => op.className === "Absolute"));
 * ```
 */
export const VALUE_BY_VALUE_OPERATIONS: readonly OperationKind[] = [
  valueByValue("Absolute", "numpy", "The absolute value.", {}, ["Abs"]),
  valueByValue("Negative", "numpy", "The negated value."),
  valueByValue("Square", "numpy", "The square."),
  valueByValue("Sqrt", "numpy", "The square root."),
  valueByValue("Rsqrt", "math", "One over the square root."),
  valueByValue("Exp", "numpy", "e to the value."),
  valueByValue("Expm1", "numpy", "e to the value, minus 1."),
  valueByValue("Log", "numpy", "The natural logarithm."),
  valueByValue("Log1p", "numpy", "The natural logarithm of 1 plus the value."),
  valueByValue("Log2", "numpy", "The base-2 logarithm."),
  valueByValue("Log10", "numpy", "The base-10 logarithm."),
  valueByValue("Sin", "numpy", "The sine."),
  valueByValue("Cos", "numpy", "The cosine."),
  valueByValue("Tan", "numpy", "The tangent."),
  valueByValue("Tanh", "numpy", "The hyperbolic tangent."),
  valueByValue("Arctan", "numpy", "The inverse tangent."),
  valueByValue("Sign", "numpy", "The sign: -1, 0 or 1."),
  valueByValue("Floor", "numpy", "Rounded down."),
  valueByValue("Ceil", "numpy", "Rounded up."),
  valueByValue("Round", "numpy", "Rounded to some decimals.", { decimals: 0 }),
  valueByValue("Reciprocal", "numpy", "One over the value."),
  valueByValue("Erf", "math", "The error function."),
  valueByValue("LogicalNot", "numpy", "Whether the value is false."),
  valueByValue("Isnan", "numpy", "Whether the value is NaN."),
  valueByValue("Isinf", "numpy", "Whether the value is infinite."),
  valueByValue("Isfinite", "numpy", "Whether the value is finite."),
  valueByValue("ZerosLike", "numpy", "Zeros of the input's shape.", { dtype: null }),
  valueByValue("OnesLike", "numpy", "Ones of the input's shape.", { dtype: null }),
  valueByValue("StopGradient", "core", "The value, with no gradient flowing back."),
  valueByValue("Cast", "core", "The value in another dtype.", { dtype: REQUIRED }),
  valueByValue("Sinh", "numpy", "The hyperbolic sine."),
  valueByValue("Cosh", "numpy", "The hyperbolic cosine."),
  valueByValue("Arcsin", "numpy", "The inverse sine."),
  valueByValue("Arccos", "numpy", "The inverse cosine."),
  valueByValue("Arcsinh", "numpy", "The inverse hyperbolic sine."),
  valueByValue("Arccosh", "numpy", "The inverse hyperbolic cosine."),
  valueByValue("Arctanh", "numpy", "The inverse hyperbolic tangent."),
  valueByValue("Trunc", "numpy", "Rounded towards 0."),
  valueByValue("Exp2", "numpy", "2 to the value."),
  valueByValue("Cbrt", "numpy", "The cube root."),
  valueByValue("Copy", "numpy", "The value, copied."),
  valueByValue("Signbit", "numpy", "Whether the sign bit is set."),
  valueByValue("Tril", "numpy", "The lower triangle of the last two axes.", { k: 0 }),
  valueByValue("Triu", "numpy", "The upper triangle of the last two axes.", { k: 0 }),
  valueByValue("NanToNum", "numpy", "NaN and infinities replaced by numbers.", {
    nan: 0.0,
    posinf: null,
    neginf: null,
  }),
  valueByValue("Clip", "numpy", "The value clipped to a range.", {
    x_min: REQUIRED,
    x_max: REQUIRED,
  }),
];

/**
 * Activations (`keras.ops.nn`), value by value or along an axis.
 *
 * @example
 * ```ts
 * import { ACTIVATION_OPERATIONS } from "./elementwise.ts";
 * import assert from "assert";
 *
 * assert.ok(ACTIVATION_OPERATIONS.some((op) => op.className === "Relu"));
 * ```
 */
export const ACTIVATION_OPERATIONS: readonly OperationKind[] = [
  valueByValue("Relu", "nn", "max(x, 0)."),
  valueByValue("Relu6", "nn", "min(max(x, 0), 6)."),
  valueByValue("Sigmoid", "nn", "1 / (1 + e^-x)."),
  valueByValue("HardSigmoid", "nn", "A piecewise linear sigmoid."),
  valueByValue("Softplus", "nn", "log(1 + e^x)."),
  valueByValue("Softsign", "nn", "x / (1 + |x|)."),
  valueByValue("Silu", "nn", "x × sigmoid(x), also called swish."),
  valueByValue("HardSilu", "nn", "x × hard_sigmoid(x)."),
  valueByValue("LogSigmoid", "nn", "log(sigmoid(x))."),
  valueByValue("LeakyRelu", "nn", "x, or a slope times x below 0.", { negative_slope: 0.2 }),
  valueByValue("Elu", "nn", "x, or alpha × (e^x - 1) below 0.", { alpha: 1.0 }),
  valueByValue("Selu", "nn", "A scaled ELU."),
  valueByValue("Gelu", "nn", "x × Φ(x), the Gaussian error linear unit.", { approximate: true }),
  valueByValue("Celu", "nn", "A continuously differentiable ELU.", { alpha: 1.0 }),
  valueByValue("SparsePlus", "nn", "A smooth ReLU that is 0 below -1 and x above 1."),
  valueByValue("Squareplus", "nn", "(x + sqrt(x² + b)) / 2.", { b: 4 }),
  valueByValue("TanhShrink", "nn", "x - tanh(x)."),
  valueByValue("HardTanh", "nn", "x clipped to [-1, 1]."),
  valueByValue("HardShrink", "nn", "x, or 0 where |x| is at most a threshold.", {
    threshold: 0.5,
  }),
  valueByValue("SoftShrink", "nn", "x moved towards 0 by a threshold, 0 within it.", {
    threshold: 0.5,
  }),
  valueByValue("Threshold", "nn", "x above a threshold, else a default value.", {
    threshold: REQUIRED,
    default_value: REQUIRED,
  }),
  valueByValue("SparseSigmoid", "nn", "A piecewise linear sigmoid, 0 below -1 and 1 above 1."),
  alongAxis("Softmax", "e^x normalised to sum to 1 along an axis."),
  alongAxis("Sparsemax", "A softmax whose small values are exactly 0, along an axis."),
  alongAxis("LogSoftmax", "The logarithm of the softmax along an axis."),
  alongAxis("Normalize", "The value divided by its norm along an axis.", {
    axis: -1,
    order: 2,
    epsilon: null,
  }),
  keepsFirstShape({
    className: "RMSNorm",
    module: "nn",
    summary: "x divided by its root mean square along an axis, times a scale.",
    config: { axis: -1, epsilon: null },
    args: ["x", "scale"],
  }),
  keepsFirstShape({
    className: "LayerNorm",
    module: "nn",
    summary: "x normalised along an axis, then scaled by gamma and shifted by beta.",
    config: { axis: -1, epsilon: null, rms_scaling: false },
    args: ["x", "gamma", "beta"],
  }),
  keepsFirstShape({
    className: "DotProductAttention",
    module: "nn",
    summary: "softmax(query · keyᵀ × scale) · value: one output per query, of the query's shape.",
    config: { is_causal: false, flash_attention: null, attn_logits_soft_cap: null },
    args: ["query", "key", "value", "bias", "mask", "scale"],
  }),
  defineOperation({
    className: "Glu",
    module: "nn",
    summary: "A gated linear unit: half of the axis gates the other half, so the axis halves.",
    config: { axis: -1 },
    args: ["x"],
    shape: glu,
  }),
];

function glu(call: OperationCall): Shape {
  const shape = [...tensorShape(call, 0)];
  const axis = canonicalizeAxis(call, call.config.axis, shape.length);
  const size = shape[axis];
  if (size !== null) {
    if (size % 2 !== 0) {
      throw new RangeError(
        `axis size must be divisible by 2. Received: x.shape=${
          JSON.stringify(shape)
        } with axis=${call.config.axis}`,
      );
    }
    shape[axis] = size / 2;
  }
  return shape;
}

/**
 * Operations of several operands broadcast together.
 *
 * @example
 * ```ts
 * import { BROADCASTING_OPERATIONS } from "./elementwise.ts";
 * import assert from "assert";
 *
 * assert.ok(BROADCASTING_OPERATIONS.some((op) => op.className === "NotEqual"));
 * ```
 */
export const BROADCASTING_OPERATIONS: readonly OperationKind[] = [
  broadcasting("Add", "x1 + x2."),
  broadcasting("Subtract", "x1 - x2."),
  broadcasting("Multiply", "x1 × x2."),
  broadcasting("Divide", "x1 / x2."),
  broadcasting("TrueDivide", "x1 / x2."),
  broadcasting("FloorDivide", "x1 // x2."),
  broadcasting("Mod", "x1 % x2."),
  broadcasting("Power", "x1 to the power x2."),
  broadcasting("Maximum", "The larger of x1 and x2."),
  broadcasting("Minimum", "The smaller of x1 and x2."),
  broadcasting("Equal", "Whether x1 == x2."),
  broadcasting("NotEqual", "Whether x1 != x2 (Embedding's mask_zero: tokens != 0)."),
  broadcasting("Greater", "Whether x1 > x2."),
  broadcasting("GreaterEqual", "Whether x1 >= x2."),
  broadcasting("Less", "Whether x1 < x2."),
  broadcasting("LessEqual", "Whether x1 <= x2."),
  broadcasting("LogicalAnd", "Whether x1 and x2 are both true."),
  broadcasting("LogicalOr", "Whether x1 or x2 is true (masks combined)."),
  broadcasting("LogicalXor", "Whether exactly one of x1 and x2 is true."),
  broadcasting("Arctan2", "The angle of the point (x2, x1)."),
  broadcasting("Hypot", "sqrt(x1² + x2²)."),
  broadcasting("Logaddexp", "log(e^x1 + e^x2)."),
  broadcasting("DivideNoNan", "x1 / x2, 0 where x2 is 0."),
  broadcasting("Heaviside", "The step function of x1, x2 where x1 is 0."),
  defineOperation({
    className: "Where",
    module: "numpy",
    summary: "x1 where the condition holds, else x2: the three broadcast together.",
    config: {},
    args: ["condition", "x1", "x2"],
    shape: (call) => broadcastAll([call.args[0], call.args[1], call.args[2]]),
    byInputs: true,
  }),
];
