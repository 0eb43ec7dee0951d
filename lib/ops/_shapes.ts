// Keras's shape helpers for operations (keras/src/ops/operation_utils.py and
// backend/common/backend_utils.py), ported line by line, and the checks of the configuration
// values they read. Internal to lib/ops/.

import { describeValue } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import type { OperationCall } from "./kind.ts";

/** Keras's `canonicalize_axis`: a negative axis counted from the end, checked against the rank. */
export function canonicalizeAxis(call: OperationCall, axis: unknown, ndim: number): number {
  const a = int(call, "axis", axis);
  if (a < -ndim || a >= ndim) {
    throw new RangeError(
      `axis ${a} is out of bounds for an array of dimension ${ndim}`,
    );
  }
  return a < 0 ? a + ndim : a;
}

/** An integer a rule reads, or a TypeError naming the field. */
export function int(call: OperationCall, what: string, value: unknown): number {
  if (typeof value === "number" && Number.isInteger(value)) return value;
  throw new TypeError(
    `Invalid ${what} of operation "${call.name}": expected an integer, received ${
      describeValue(value)
    }`,
  );
}

/** A list of integers (or one integer, as a list of one), or `null` when absent. */
export function intList(call: OperationCall, what: string, value: unknown): number[] | null {
  if (value === null || value === undefined) return null;
  if (typeof value === "number") return [int(call, what, value)];
  if (Array.isArray(value)) return value.map((v) => int(call, what, v));
  throw new TypeError(
    `Invalid ${what} of operation "${call.name}": expected an integer or a list of them, ` +
      `received ${describeValue(value)}`,
  );
}

/** A flag a rule reads. */
export function flag(call: OperationCall, what: string, value: unknown): boolean {
  if (typeof value === "boolean") return value;
  throw new TypeError(
    `Invalid ${what} of operation "${call.name}": expected true or false, received ${
      describeValue(value)
    }`,
  );
}

/** Keras's `broadcast_shapes`: an unknown size meeting a known one takes the known one. */
export function broadcastShapes(shape1: Shape, shape2: Shape): Dim[] {
  let a: Dim[] = [...shape1];
  let b: Dim[] = [...shape2];
  if (a.length > b.length) b = [...Array(a.length - b.length).fill(1), ...b];
  if (a.length < b.length) a = [...Array(b.length - a.length).fill(1), ...a];
  return a.map((d, i) => {
    const e = b[i];
    if (d === 1) return e;
    if (d === null) return e === 1 ? null : e;
    if (e === 1 || e === null || e === d) return d;
    throw new RangeError(
      `Cannot broadcast shape, the failure dim has value ${d}, which cannot be broadcasted ` +
        `to ${e}. Input shapes are: ${formatShape(shape1)} and ${formatShape(shape2)}`,
    );
  });
}

/** Keras's `reduce_shape`: the axes reduced away, or kept as 1. */
export function reduceShape(
  call: OperationCall,
  shape: Shape,
  axis: unknown,
  keepdims: unknown,
): Dim[] {
  const keep = flag(call, "keepdims", keepdims);
  const axes = intList(call, "axis", axis);
  if (axes === null) return keep ? shape.map(() => 1) : [];
  const canonical = axes.map((a) => canonicalizeAxis(call, a, shape.length));
  if (keep) return shape.map((d, i) => (canonical.includes(i) ? 1 : d));
  return shape.filter((_, i) => !canonical.includes(i));
}

/** Python's `len(range(*slice.indices(length)))`: how many items a slice takes. */
export function sliceLength(
  start: number | null,
  stop: number | null,
  step: number | null,
  length: number,
): number {
  const s = step ?? 1;
  if (s === 0) throw new RangeError("slice step cannot be zero");
  const clamp = (v: number | null, fallback: number, low: number, high: number) => {
    if (v === null) return fallback;
    const x = v < 0 ? v + length : v;
    return Math.min(Math.max(x, low), high);
  };
  const begin = s > 0 ? clamp(start, 0, 0, length) : clamp(start, length - 1, -1, length - 1);
  const end = s > 0 ? clamp(stop, length, 0, length) : clamp(stop, -1, -1, length - 1);
  const count = s > 0 ? Math.ceil((end - begin) / s) : Math.ceil((begin - end) / -s);
  return Math.max(0, count);
}

/** Python's product of known sizes, or `null` when one is unknown. */
export function product(shape: Shape): number | null {
  let p = 1;
  for (const d of shape) {
    if (d === null) return null;
    p *= d;
  }
  return p;
}
