// Every count a convolution the reader does not solve may have on a printed row: a transposed
// convolution's kernel is (window… × filters × input channels) and a ConvLSTM's four gates'
// kernels (window… × (input channels + filters) × filters), each with a bias per filter, and the
// window is what the shapes allow. Where "same" padding gives the output any window does, so
// the window's volume is any; with "valid" only the windows that take each input size to the
// output's, whatever the stride, output padding and dilation. Internal to the convolution
// family.

import type { CountForm, PrintedRow } from "./kind.ts";
import { divisors, gcd } from "./_integers.ts";

/** Sizes past this are not searched: the window on that axis is taken as any. */
const MOST_SEARCHED = 512;

/** Kernel volumes past this many are not listed: the volume is taken as any. */
const MOST_VOLUMES = 4096;

/**
 * Every count a transposed convolution of `rank` may have on the row's input and output, as
 * count forms (kernel volume × input channels × filters, with or without a bias), channels last
 * or first where the sizes allow: more than the true ones, never fewer. `undefined` when the
 * row's input or channels are not known.
 *
 * @param rank The number of spatial axes.
 * @param row The row's input and output.
 * @returns The count forms, or `undefined`.
 *
 * @example Keras 3's Conv3DTranspose on (2, 9, 1, 45) to (2, 18, 1, 9): any window ("same")
 * ```ts
 * import { transposeCountForms } from "./_conv_counts.ts";
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
  if (row.input === null) return anyInputForms(rank, row.out);
  const layouts = rowLayouts(rank, row);
  return layouts && formsOf(layouts, (c, f) => c * f, (_c, f) => f, transposedVolumes);
}

/**
 * Every count a depthwise convolution of `rank` may have on the row's input and output, as count
 * forms: a kernel of window volume × input channels × depth multiplier (the output's channels
 * over the input's, a whole number), with or without a bias per output channel; channels last or
 * first where the sizes allow. `undefined` when the row's input or channels are not known.
 *
 * @param rank The number of spatial axes.
 * @param row The row's input and output.
 * @returns The count forms, or `undefined`.
 *
 * @example Keras 3's DepthwiseConv1D on (12, 24007) to (12, 72021): a depth multiplier of 3
 * ```ts
 * import { depthwiseCountForms } from "./_conv_counts.ts";
 * import assert from "assert";
 *
 * const row = { input: [null, 12, 24007], out: [null, 12, 72021] };
 * // Each window position adds 24,007 × 3 = 72,021; a bias another 72,021.
 * assert.deepEqual(depthwiseCountForms(1, row), [
 *   { per: 72021, plus: 0 },
 *   { per: 72021, plus: 72021 },
 * ]);
 * ```
 */
export function depthwiseCountForms(
  rank: number,
  row: Pick<PrintedRow, "input" | "out">,
): CountForm[] | undefined {
  if (row.input === null) return anyInputForms(rank, row.out);
  const layouts = rowLayouts(rank, row);
  if (layouts === undefined) return undefined;
  // A layout whose output channels are no whole multiple of its input's is no depthwise one.
  const whole = layouts.filter(({ c, f }) => f % c === 0);
  return formsOf(whole, (_c, f) => f, (_c, f) => f, convVolumes);
}

/**
 * Every count a separable convolution of `rank` may have on the row's input and output, as count
 * forms: a depthwise kernel of window volume × input channels × depth multiplier, a pointwise
 * kernel of input channels × depth multiplier × filters, and with or without a bias per filter;
 * the depth multiplier is printed nowhere, so each one whose count fits under `bound` is a rank
 * of the form (multiplier 1 + rank). Channels last or first where the sizes allow. `undefined`
 * when the row's input or channels are not known.
 *
 * @param rank The number of spatial axes.
 * @param row The row's input and output.
 * @param bound The most the count may be (the printed total).
 * @returns The count forms, or `undefined`.
 *
 * @example Keras 3's SeparableConv2D(9, depth_multiplier=3) on (9, 11, 30): (9 × 30 × 3) + (30 × 3 × 9) + 9
 * ```ts
 * import { separableCountForms } from "./_conv_counts.ts";
 * import assert from "assert";
 *
 * const row = { input: [null, 9, 11, 30], out: [null, 7, 9, 9] };
 * const [plain, biased] = separableCountForms(2, row, 4439)!;
 * // Multiplier m: window volume × 30·m, plus 30·m × 9 (and 9 for the bias).
 * assert.deepEqual([biased.per, biased.plus, biased.ranks], [30, 279, { most: 14, per: 30, plus: 270 }]);
 * assert.equal(plain.plus, 270);
 * ```
 */
export function separableCountForms(
  rank: number,
  row: Pick<PrintedRow, "input" | "out">,
  bound: number,
): CountForm[] | undefined {
  // On an input printed nowhere, c × m (volume + f) + f: with one channel and multiplier,
  // any count past f (a window of the count less f).
  if (row.input === null) {
    return anyInputForms(rank, row.out)?.filter((form) => form.plus === 0)
      .map((form) => ({ per: 1, plus: form.per }));
  }
  // Each multiplier past 1 adds c per window position and c × f to the pointwise kernel.
  return rowLayouts(rank, row)?.flatMap((layout) => {
    const { c, f } = layout;
    const ranks = { most: Math.floor(bound / (c * (f + 1))), per: c, plus: c * f };
    return formsOf([layout], (c) => c, (_c, f) => f, convVolumes)!
      .map((form) => ({ ...form, plus: form.plus + c * f, ranks }));
  });
}

/**
 * Every count a ConvLSTM of `rank` may have on the row's input and output, as count forms: four
 * gates, each a kernel of window volume × (input channels + filters) × filters, and with a bias
 * 4 × filters more; channels last or first where the sizes allow. On an input printed nowhere,
 * every multiple of 4 × filters, with or without the bias. `undefined` when the row's channels
 * are not known.
 *
 * @param rank The number of spatial axes.
 * @param row The row's input and output (with its time steps, or without).
 * @returns The count forms, or `undefined`.
 *
 * @example Keras 3's ConvLSTM1D on (4, 17, 237797) to (4, 16, 5): only a window of 2
 * ```ts
 * import { convLstmCountForms } from "./_conv_counts.ts";
 * import assert from "assert";
 *
 * const row = { input: [null, 4, 17, 237797], out: [null, 4, 16, 5] };
 * const [last] = convLstmCountForms(1, row)!;
 * assert.deepEqual(last, { per: 4 * 5 * (237797 + 5), plus: 0, n: [2] });
 * ```
 *
 * @example On an input printed nowhere: every multiple of 4 × 5 filters, or of 4 × 2 should the
 * channels come first (Keras 3's 1,460 is 4 × 5 × (2 × 2 × 2 × (4 + 5)) + 4 × 5)
 * ```ts
 * import { convLstmCountForms } from "./_conv_counts.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(convLstmCountForms(3, { input: null, out: [null, 2, 2, 5, 6, 5] }), [
 *   { per: 20, plus: 0 },
 *   { per: 20, plus: 20 },
 *   { per: 8, plus: 0 },
 *   { per: 8, plus: 8 },
 * ]);
 * ```
 */
export function convLstmCountForms(
  rank: number,
  row: Pick<PrintedRow, "input" | "out">,
): CountForm[] | undefined {
  const { input, out } = row;
  if (!out || (out.length !== rank + 3 && out.length !== rank + 2)) return undefined;
  const at = out.length - rank - 1; // the first axis after the batch and any time steps
  if (input === null) {
    // On an input printed nowhere: 4 × filters × (window volume × (channels + filters)), and
    // the bias, where the product may be any whole number past the filters (a window of one).
    return [out.at(-1), out[at]].flatMap((f) =>
      typeof f === "number" && f > 0 ? [{ per: 4 * f, plus: 0 }, { per: 4 * f, plus: 4 * f }] : []
    );
  }
  if (!input || input.length !== rank + 3) return undefined;
  return formsOf(
    [
      { c: input.at(-1), f: out.at(-1), from: input.slice(2, -1), to: out.slice(at, -1) },
      { c: input[2], f: out[at], from: input.slice(3), to: out.slice(at + 1) },
    ],
    (c, f) => 4 * f * (c + f),
    (_c, f) => 4 * f,
    convVolumes,
  );
}

/**
 * Every count a convolution of `rank` may have on the row's input and output, as count forms:
 * a kernel of window volume × input channels per group × filters, with or without a bias per
 * filter, for each number of groups that divides both the channels and the filters; channels
 * last or first where the sizes allow; in a Keras 3 table also with LoRA of every rank whose
 * factors fit under `loraBound` (Keras 3.15's `Conv*D(lora_rank=…)`, the forms' `ranks`).
 * `undefined` when the row's input or channels are not known.
 *
 * @param rank The number of spatial axes.
 * @param row The row's input and output.
 * @param loraBound In a Keras 3 table, the most the count may be (the printed total).
 * @returns The count forms, or `undefined`.
 *
 * @example Keras 3's Conv3D on (12, 1, 3, 92379) to (12, 1, 3, 11): any window ("same")
 * ```ts
 * import { convCountForms } from "./_conv_counts.ts";
 * import assert from "assert";
 *
 * const row = { input: [null, 12, 1, 3, 92379], out: [null, 12, 1, 3, 11] };
 * // 92,379 and 11 share no divisor but 1: one group.
 * assert.deepEqual(convCountForms(3, row)!.slice(0, 2), [
 *   { per: 92379 * 11, plus: 0 },
 *   { per: 92379 * 11, plus: 11 },
 * ]);
 * ```
 */
export function convCountForms(
  rank: number,
  row: Pick<PrintedRow, "input" | "out">,
  loraBound?: number,
): CountForm[] | undefined {
  if (row.input === null) return anyInputForms(rank, row.out, loraBound);
  const layouts = rowLayouts(rank, row);
  if (layouts === undefined) return undefined;
  const forms: CountForm[] = [];
  for (const layout of layouts) {
    const { c, f } = layout;
    for (const g of divisors(gcd(c, f))) {
      const plain = formsOf([layout], (c, f) => (c / g) * f, (_c, f) => f, convVolumes)!;
      if (loraBound === undefined) {
        forms.push(...plain);
        continue;
      }
      // LoRA of rank r adds a factor of window × c/g × r and one of r × f: the form of window
      // volume n is n·(c/g)·(f + r) + r·f (+ f with a bias). Rank r adds at least c/g + f.
      const ranks = { most: Math.floor(loraBound / (c / g + f)), per: c / g, plus: f };
      forms.push(...plain.map((form) => ({ ...form, ranks })));
    }
  }
  return forms;
}

/**
 * On an input printed nowhere, every count a kernel gives the output's channels: its window
 * volume × input channels (per group) is any whole number n, so the count is n × channels, with
 * or without a bias of one per channel; channels last or first. With `loraBound` (a Keras 3
 * convolution), LoRA of rank r adds n·r + r·channels, for each rank whose least count fits
 * under it. `undefined` when the output's channels are not known.
 *
 * @example A Conv1D's output (None, 60, 6): any multiple of 6 (Keras 3's 240 is 40 × 6), or
 * of 60 should the channels come first
 * ```ts
 * import { convCountForms } from "./_conv_counts.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(convCountForms(1, { input: null, out: [null, 60, 6] }), [
 *   { per: 6, plus: 0 },
 *   { per: 6, plus: 6 },
 *   { per: 60, plus: 0 },
 *   { per: 60, plus: 60 },
 * ]);
 * ```
 */
function anyInputForms(
  rank: number,
  out: PrintedRow["out"],
  loraBound?: number,
): CountForm[] | undefined {
  if (!out || out.length !== rank + 2) return undefined;
  const channels = [...new Set([out.at(-1), out[1]])]
    .filter((f): f is number => typeof f === "number" && f > 0);
  if (channels.length === 0) return undefined;
  return channels.flatMap((f) => {
    const forms: CountForm[] = [{ per: f, plus: 0 }, { per: f, plus: f }];
    if (loraBound === undefined) return forms;
    const ranks = { most: Math.floor(loraBound / (1 + f)), per: 1, plus: f };
    return forms.map((form) => ({ ...form, ranks }));
  });
}

/** A layout's channels, filters and spatial sizes before and after. */
interface Layout {
  readonly c: number | null | undefined;
  readonly f: number | null | undefined;
  readonly from: readonly (number | null)[];
  readonly to: readonly (number | null)[];
}

/** A convolution's row read channels last, then channels first (batch first, no time axis). */
function channelLayouts(
  input: readonly (number | null)[],
  out: readonly (number | null)[],
): Layout[] {
  return [
    { c: input.at(-1), f: out.at(-1), from: input.slice(1, -1), to: out.slice(1, -1) },
    { c: input[1], f: out[1], from: input.slice(2), to: out.slice(2) },
  ];
}

/** A layout whose channels and filters are both known. */
type BuiltLayout = Layout & { readonly c: number; readonly f: number };

/**
 * The layouts a layer can have been built in: Keras makes a kernel of the input's channels, so
 * a layout whose channel axis is `None` (a channels-first reading of a sequence of unknown
 * length) cannot be one. `undefined` when no layout's channels are known.
 */
function builtLayouts(layouts: readonly Layout[]): BuiltLayout[] | undefined {
  const built = layouts.filter((layout): layout is BuiltLayout =>
    typeof layout.c === "number" && typeof layout.f === "number"
  );
  return built.length > 0 ? built : undefined;
}

/**
 * The layouts a convolution of `rank` can have been built in on a row (batch first, no time
 * axis); `undefined` when the row's input or output is not known or not of that rank, or no
 * layout's channels are known.
 */
function rowLayouts(
  rank: number,
  { input, out }: Pick<PrintedRow, "input" | "out">,
): BuiltLayout[] | undefined {
  if (!input || !out || input.length !== rank + 2 || out.length !== rank + 2) return undefined;
  return builtLayouts(channelLayouts(input, out));
}

/** The forms of each layout the sizes allow; `undefined` when no layout's channels are known. */
function formsOf(
  all: readonly Layout[],
  per: (c: number, f: number) => number,
  bias: (c: number, f: number) => number,
  volumes: (from: Layout["from"], to: Layout["to"]) => readonly number[] | "any" | "none",
): CountForm[] | undefined {
  const layouts = builtLayouts(all);
  if (layouts === undefined) return undefined;
  const forms: CountForm[] = [];
  for (const { c, f, from, to } of layouts) {
    const found = volumes(from, to);
    if (found === "none") continue;
    const n = found === "any" ? {} : { n: found };
    forms.push({ per: per(c, f), plus: 0, ...n }, { per: per(c, f), plus: bias(c, f), ...n });
  }
  return forms;
}

/** The kernel volumes a transposed convolution takes `from` to `to` with. */
function transposedVolumes(
  from: readonly (number | null)[],
  to: readonly (number | null)[],
): readonly number[] | "any" | "none" {
  // "same": length·s, or with an output padding p < s, (length - 1)·s + window mod 2 + p.
  const same = (length: number | null, out: number | null) => {
    if (length === null || out === null) return true;
    for (let s = 1; s <= out; s++) {
      const rest = out - (length - 1) * s;
      if (rest < 0) break;
      if (length * s === out || rest <= s) return true;
    }
    return false;
  };
  if (from.every((length, i) => same(length, to[i]))) return "any";
  return volumesOf(from.map((length, i) => transposedKernels(length, to[i])));
}

/**
 * The kernel sizes "valid" padding takes `length` to `out` with in a transposed convolution:
 * each window (after dilation) that some stride and output padding give, (length - 1)·s +
 * max(window, s) by default or (length - 1)·s + window + p with p < s, and each kernel size a
 * dilation spreads to it; `"any"` when a size is unknown or too large to search.
 */
function transposedKernels(length: number | null, out: number | null): Set<number> | "any" {
  if (length === null || out === null || out > MOST_SEARCHED) return "any";
  const windows = new Set<number>();
  for (let s = 1; s <= out; s++) {
    const base = (length - 1) * s;
    if (base >= out) break;
    for (let w = 1; w <= out - base; w++) {
      const padding = out - base - w;
      if (base + Math.max(w, s) === out || (padding >= 0 && padding < s)) windows.add(w);
    }
  }
  return kernelsOf(windows);
}

/** The kernel volumes a convolution takes `from` to `to` with. */
function convVolumes(
  from: readonly (number | null)[],
  to: readonly (number | null)[],
): readonly number[] | "any" | "none" {
  // "same": ceil(length / s).
  const same = (length: number | null, out: number | null) => {
    if (length === null || out === null) return true;
    for (let s = 1; s <= length; s++) if (Math.ceil(length / s) === out) return true;
    return false;
  };
  if (from.every((length, i) => same(length, to[i]))) return "any";
  return volumesOf(from.map((length, i) => convKernels(length, to[i])));
}

/**
 * The kernel sizes "valid" padding takes `length` to `out` with in a convolution: each window
 * (after dilation) that some stride gives, floor((length - window) / s) + 1 = out, and each
 * kernel size a dilation spreads to it; `"any"` when a size is unknown or too large to search.
 */
function convKernels(length: number | null, out: number | null): Set<number> | "any" {
  if (length === null || out === null) return "any";
  // No window and stride make an axis longer: "valid" shortens it, "same" keeps or divides it.
  if (out > length) return new Set();
  if (length > MOST_SEARCHED) return "any";
  const windows = new Set<number>();
  // One output position: any window up to the length, with a stride past the rest.
  if (out === 1) { for (let w = 1; w <= length; w++) windows.add(w); }
  for (let s = 1; out > 1 && length - (out - 1) * s >= 1; s++) {
    const widest = length - (out - 1) * s;
    for (let w = Math.max(1, widest - s + 1); w <= widest; w++) windows.add(w);
  }
  return kernelsOf(windows);
}

/** The kernel sizes that cover the windows: each window, or spread to it by a dilation. */
function kernelsOf(windows: ReadonlySet<number>): Set<number> {
  const kernels = new Set<number>();
  for (const w of windows) {
    if (w === 1) kernels.add(1);
    // A kernel of k spread by a dilation d covers (k - 1)·d + 1.
    for (let t = 1; t <= w - 1; t++) if ((w - 1) % t === 0) kernels.add(t + 1);
  }
  return kernels;
}

/** The products of one kernel size per axis: a list, any (an axis any), or none. */
function volumesOf(kernels: readonly (Set<number> | "any")[]): readonly number[] | "any" | "none" {
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
