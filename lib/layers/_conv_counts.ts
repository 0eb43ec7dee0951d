// Every count a transposed convolution may have on a printed row: its kernel is (window… ×
// filters × input channels) and a bias per filter, and the window is what the shapes allow.
// With "same" padding any window gives the output (its size is the input's times the stride),
// so the window's volume is any; with "valid" only the windows that take each input size to the
// output's, whatever the stride, output padding and dilation. Internal to the convolution
// family.

import type { CountForm, PrintedRow } from "./kind.ts";

/** Output sizes past this are not searched: the window on that axis is taken as any. */
const MOST_SEARCHED = 512;

/** Kernel volumes past this many are not listed: the volume is taken as any. */
const MOST_VOLUMES = 4096;

/**
 * Every count a transposed convolution of `rank` may have on the row's input and output, as
 * count forms (kernel volume × input channels × filters, with or without a bias), channels last
 * or first where the sizes allow: more than the true ones, never fewer. `undefined` when the
 * row's input or channels are not known.
 *
 * @example Keras 3's Conv3DTranspose on (2, 9, 1, 45) to (2, 18, 1, 9): any window ("same")
 * ```ts
 * import { transposeCountForms } from "./_conv_transpose_counts.ts";
 * import assert from "assert";
 *
 * const row = { input: [null, 2, 9, 1, 45], out: [null, 2, 18, 1, 9] };
 * assert.deepEqual(transposeCountForms(3, row), [{ per: 405, plus: 0 }, { per: 405, plus: 9 }]);
 * ```
 */
export function transposeCountForms(
  rank: number,
  row: Pick<PrintedRow, "input" | "out">,
): CountForm[] | undefined {
  const { input, out } = row;
  if (!input || !out || input.length !== rank + 2 || out.length !== rank + 2) return undefined;
  const layouts = [
    { c: input.at(-1), f: out.at(-1), from: input.slice(1, -1), to: out.slice(1, -1) },
    { c: input[1], f: out[1], from: input.slice(2), to: out.slice(2) },
  ];
  const forms: CountForm[] = [];
  for (const { c, f, from, to } of layouts) {
    if (typeof c !== "number" || typeof f !== "number") return undefined;
    const volumes = windowVolumes(from, to);
    if (volumes === "none") continue;
    const n = volumes === "any" ? {} : { n: volumes };
    forms.push({ per: c * f, plus: 0, ...n }, { per: c * f, plus: f, ...n });
  }
  return forms;
}

/** The kernel volumes that take the spatial sizes `from` to `to`: a list, any, or none. */
function windowVolumes(
  from: readonly (number | null)[],
  to: readonly (number | null)[],
): readonly number[] | "any" | "none" {
  if (from.every((length, i) => sameFits(length, to[i]))) return "any";
  const kernels = from.map((length, i) => validKernels(length, to[i]));
  if (kernels.some((k) => k !== "any" && k.size === 0)) return "none";
  if (kernels.some((k) => k === "any")) return "any";
  let volumes = new Set<number>([1]);
  for (const sizes of kernels as Set<number>[]) {
    const next = new Set<number>();
    for (const v of volumes) for (const k of sizes) next.add(v * k);
    if (next.size > MOST_VOLUMES) return "any";
    volumes = next;
  }
  return [...volumes].sort((a, b) => a - b);
}

/** Whether "same" padding takes `length` to `out` with some stride and output padding. */
function sameFits(length: number | null, out: number | null): boolean {
  if (length === null || out === null) return true;
  for (let s = 1; s <= out; s++) {
    if (length * s === out) return true;
    // With an output padding p < s: (length - 1)·s + window mod 2 + p.
    const rest = out - (length - 1) * s;
    if (rest < 0) break;
    if (rest <= s) return true;
  }
  return false;
}

/**
 * The kernel sizes "valid" padding may take `length` to `out` with: each window (after
 * dilation) that some stride and output padding give, and each kernel size a dilation spreads
 * to it; `"any"` when a size is unknown or too large to search.
 */
function validKernels(length: number | null, out: number | null): Set<number> | "any" {
  if (length === null || out === null || out > MOST_SEARCHED) return "any";
  const windows = new Set<number>();
  for (let s = 1; s <= out; s++) {
    const base = (length - 1) * s;
    if (base >= out) break;
    for (let w = 1; w <= out - base; w++) {
      // Keras's default output padding gives (length - 1)·s + max(w, s); one given, p < s.
      const padding = out - base - w;
      if (base + Math.max(w, s) === out || (padding >= 0 && padding < s)) windows.add(w);
    }
  }
  const kernels = new Set<number>();
  for (const w of windows) {
    if (w === 1) kernels.add(1);
    // A kernel of k spread by a dilation d covers (k - 1)·d + 1.
    for (let t = 1; t <= w - 1; t++) if ((w - 1) % t === 0) kernels.add(t + 1);
  }
  return kernels;
}
