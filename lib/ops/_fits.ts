// Whether some configuration of an operation gives a printed output from its inputs, for the
// operations whose shape depends on a configuration a printed summary does not show (Transpose's
// axes, Mean's axis). Internal to lib/ops/: the declarations attach these as `fits`.

import type { Dim, Shape } from "../shape.ts";
import { product } from "./_shapes.ts";

/** Whether `small` is `big` with some entries removed, each removed one `removable`. */
function dropsFrom(big: Shape, small: Shape, removable: (d: Dim) => boolean): boolean {
  if (small.length > big.length) return false;
  if (small.length === 0) return big.every(removable);
  if (big.length === 0) return false;
  if (big[0] === small[0] && dropsFrom(big.slice(1), small.slice(1), removable)) return true;
  return removable(big[0]) && dropsFrom(big.slice(1), small, removable);
}

/** The printed output is the input's axes in another order (`Transpose`, `Swapaxes`). */
export function permutes(inputs: readonly Shape[], printed: Shape): boolean {
  const key = (s: Shape) => s.map(String).sort().join();
  return inputs.length === 1 && key(inputs[0]) === key(printed);
}

/** The printed output is the input with new axes of size 1 (`ExpandDims`). */
export function addsOnes(inputs: readonly Shape[], printed: Shape): boolean {
  return inputs.length === 1 && printed.length > inputs[0].length &&
    dropsFrom(printed, inputs[0], (d) => d === 1);
}

/** The printed output is the input without some axes of size 1 (`Squeeze`). */
export function dropsOnes(inputs: readonly Shape[], printed: Shape): boolean {
  return inputs.length === 1 && dropsFrom(inputs[0], printed, (d) => d === 1);
}

/** The printed output is the input with axes reduced away, or kept as 1 (`Mean`, `Argmax`). */
export function reduces(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length !== 1) return false;
  const [input] = inputs;
  if (printed.length === input.length && printed.every((d, i) => d === input[i] || d === 1)) {
    return true;
  }
  return dropsFrom(input, printed, () => true);
}

/** The printed output is the inputs (all of one shape) joined along a new axis (`Stack`). */
export function stacks(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length === 0 || !inputs.every((s) => s.join() === inputs[0].join())) return false;
  return printed.length === inputs[0].length + 1 &&
    dropsFrom(printed, inputs[0], (d) => d === inputs.length);
}

/** The printed output is the inputs joined along one of their axes (`Concatenate`). */
export function concatenates(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length === 0 || inputs.some((s) => s.length !== printed.length)) return false;
  return printed.some((d, axis) => {
    const others = inputs.every((s) => s.every((x, i) => i === axis || x === printed[i]));
    const sizes = inputs.map((s) => s[axis]);
    const sum = sizes.includes(null) ? null : sizes.reduce((a, b) => a! + b!, 0);
    return others && d === sum;
  });
}

/** Each axis of the printed output is a multiple of the input's, new axes in front (`Tile`). */
export function tiles(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length !== 1 || printed.length < inputs[0].length) return false;
  const input = [...Array(printed.length - inputs[0].length).fill(1), ...inputs[0]];
  return printed.every((d, i) =>
    input[i] === null ? d === null : d !== null && (input[i] === 0 ? d === 0 : d % input[i] === 0)
  );
}

/** The printed output holds as many values as the input, when both are known (`Reshape`). */
export function keepsSize(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length !== 1) return false;
  const a = product(inputs[0]);
  const b = product(printed);
  return a === null || b === null || a === b;
}

/** The input's shape, or the input flattened (`Cumsum` without an axis). */
export function keepsOrFlattens(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length !== 1) return false;
  return printed.join() === inputs[0].join() ||
    (printed.length === 1 && printed[0] === product(inputs[0]));
}

/** The input with one new axis (`OneHot`'s classes). */
export function addsAxis(inputs: readonly Shape[], printed: Shape): boolean {
  return inputs.length === 1 && printed.length === inputs[0].length + 1 &&
    dropsFrom(printed, inputs[0], () => true);
}

/**
 * The printed output is the input indexed (`GetItem`): each axis dropped (an integer), kept no
 * longer than it was (a slice; an unknown size stays unknown), and axes of size 1 added (`None`).
 */
export function indexes(inputs: readonly Shape[], printed: Shape): boolean {
  if (inputs.length !== 1) return false;
  const [input] = inputs;
  const fit = (i: number, j: number): boolean => {
    if (i === input.length && j === printed.length) return true;
    if (j < printed.length && printed[j] === 1 && fit(i, j + 1)) return true;
    if (i === input.length) return false;
    if (fit(i + 1, j)) return true;
    if (j === printed.length) return false;
    const d = input[i];
    const p = printed[j];
    const kept = d === null ? p === null : p !== null && p <= d;
    return kept && fit(i + 1, j + 1);
  };
  return fit(0, 0);
}
