// The counts a count cut short may have, named for the totals to choose among: the ranges of
// counts Keras prints starting with the digits a column kept, and the counts of a kind's count
// forms (`per × n + plus`, lib/layers/declaration.ts) in them. Internal to the reader.

import type { CountForm, LayerKind, PrintedRow } from "../layers/kind.ts";
import { countForInputSize } from "../infer.ts";
import { candidatesFor } from "./_candidates.ts";
import type { ParsedRow, ParsedSummary } from "./rows.ts";
import { commas } from "./_text.ts";

/**
 * Most counts named for a count cut short before they tell nothing (the sums then choose among
 * them, lib/read/_cut_counts.ts, which bounds the ways of combining several rows' counts).
 */
const MOST_CUT_COUNTS = 4096;

/**
 * Why a row is not checked whose input no row prints, of a kind that gives its printed output
 * (almost) any count on some input: any count that fits its cell is one it may have.
 */
export const ANY_COUNT = "input printed nowhere, any count fits";

/**
 * The ranges of counts up to `bound` that Keras prints starting with `prefix` (`"2,11"`: 2,110
 * to 2,119, 2,110,000 to 2,119,999, …); a prefix of no digits (a count cut off whole) is any.
 *
 * @param prefix The digits (and commas) printed before `…`.
 * @param bound The largest count possible.
 * @returns The ranges, each from its least to its greatest count.
 *
 * @example
 * ```ts
 * import { prefixRanges } from "./_count_forms.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(prefixRanges("2,11", 3_000_000), [[2_110, 2_119], [2_110_000, 2_119_999]]);
 * assert.deepEqual(prefixRanges("215,", 300_000), [[215_000, 215_999]]);
 * assert.deepEqual(prefixRanges("", 50), [[0, 50]]);
 * ```
 */
export function prefixRanges(prefix: string, bound: number): [number, number][] {
  const digits = prefix.replaceAll(",", "");
  if (digits === "") return [[0, bound]];
  const ranges: [number, number][] = [];
  if (!/^\d+$/.test(digits)) return ranges;
  for (let length = Math.max(1, digits.length); length <= String(bound).length; length++) {
    const scale = 10 ** (length - digits.length);
    const low = Number(digits) * scale;
    if (String(low).length !== length || !commas(low).startsWith(prefix)) continue;
    ranges.push([low, Math.min(bound, low + scale - 1)]);
  }
  return ranges.filter(([low, high]) => low <= high);
}

/** LoRA's ranks past this many, for one count form, are not scanned: its counts are not named. */
const MOST_SCANNED_RANKS = 1_000_000;

/** At most this many ranges are kept for what the other rows may add up to: past it, their span. */
const MOST_SUM_RANGES = 256;

/**
 * The counts a top row's count cut short may have: those that start with the digits its column
 * kept (up to the printed total, the layers' part of it), and that the total leaves beside the
 * other top rows, each printed whole, or any count starting with its own printed digits (`"2,4…"`
 * beside `"1,0…"` under 2,433,729,965: 2,4… can only be billions, so 1,0… is a million and
 * some). A nested model's row, printed under its model, is bounded by the total alone.
 * `undefined` when no total is printed.
 *
 * @param row The row whose count is cut.
 * @param summary The table.
 * @returns The ranges, each from its least to its greatest count.
 *
 * @example Two counts cut short under one total
 * ```ts
 * import { cutRanges } from "./_count_forms.ts";
 * import { parseSummary } from "./parse.ts";
 * import assert from "assert";
 *
 * const summary = parseSummary([
 *   "Layer (type)        Output Shape   Param #",
 *   "a (Dense)           (None, 9)      2,4…",
 *   "b (Dense)           (None, 3)      1,0…",
 *   "Total params: 2,433,729,965",
 * ].join("\n"));
 * // b is 2,433,729,965 less a's 2,4…: a of 2,4xx,xxx,xxx leaves b under 34 million, and b of
 * // "1,0…" is then 1,0xx or 1,0xx,xxx; a of 2,4xx or 2,4xx,xxx leaves b 2,43x,xxx,xxx, not 1,0….
 * assert.deepEqual(cutRanges(summary.rows[1], summary), [[1_000, 1_099], [1_000_000, 1_099_999]]);
 * ```
 */
export function cutRanges(row: ParsedRow, summary: ParsedSummary): [number, number][] | undefined {
  if (summary.totalParams === undefined) return undefined;
  const total = summary.totalParams - (summary.optimizerParams ?? 0);
  const own = prefixRanges(row.paramCountPrefix ?? "", total);
  // A layer of a nested model, or a table whose rows may be (their └ markers cut): the total
  // bounds it alone.
  if ((row.depth ?? 0) > 0 || summary.rows.some((r) => r.depthCut)) return own;
  // What the other top rows may add up to, as ranges.
  let others: [number, number][] = [[0, 0]];
  for (const r of summary.rows) {
    if (r.line === row.line || (r.depth ?? 0) > 0 || r.unbuilt) continue;
    const ranges: [number, number][] = r.paramCount !== null
      ? [[r.paramCount, r.paramCount]]
      : r.paramCountCut
      ? prefixRanges(r.paramCountPrefix ?? "", total)
      : [[0, total]];
    others = addRanges(others, ranges, total);
  }
  const left = others.map(([low, high]): [number, number] => [total - high, total - low]);
  return intersect(own, left);
}

/**
 * Every sum of a count in `a` and one in `b`, up to `most`, as ranges merged where they meet
 * (past {@linkcode MOST_SUM_RANGES} of them, their span).
 *
 * @example
 * ```ts
 * import { addRanges } from "./_count_forms.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(addRanges([[0, 0], [10, 19]], [[5, 5]], 100), [[5, 5], [15, 24]]);
 * ```
 */
export function addRanges(
  a: readonly [number, number][],
  b: readonly [number, number][],
  most: number,
): [number, number][] {
  const sums: [number, number][] = [];
  for (const [al, ah] of a) {
    for (const [bl, bh] of b) if (al + bl <= most) sums.push([al + bl, Math.min(most, ah + bh)]);
  }
  sums.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [low, high] of sums) {
    const last = merged[merged.length - 1];
    if (last !== undefined && low <= last[1] + 1) last[1] = Math.max(last[1], high);
    else merged.push([low, high]);
  }
  return merged.length > MOST_SUM_RANGES ? [[merged[0][0], merged[merged.length - 1][1]]] : merged;
}

/**
 * The counts in both lists of ranges, as ranges.
 *
 * @example
 * ```ts
 * import { intersect } from "./_count_forms.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(intersect([[0, 9], [100, 199]], [[5, 150]]), [[5, 9], [100, 150]]);
 * ```
 */
export function intersect(
  a: readonly [number, number][],
  b: readonly [number, number][],
): [number, number][] {
  const found: [number, number][] = [];
  for (const [al, ah] of a) {
    for (const [bl, bh] of b) {
      const low = Math.max(al, bl);
      const high = Math.min(ah, bh);
      if (low <= high) found.push([low, high]);
    }
  }
  return found.sort((x, y) => x[0] - y[0]);
}

/**
 * The counts of the forms within `ranges` (those {@linkcode cutRanges} or
 * {@linkcode prefixRanges} give), in order;
 * `undefined` when there are more than {@linkcode MOST_CUT_COUNTS}.
 *
 * @param forms The count forms, each `per × n + plus`.
 * @param ranges The counts possible, as ranges.
 * @returns The counts, or `undefined`.
 *
 * @example A transposed convolution of 45 channels to 9 filters: 405 per kernel position
 * ```ts
 * import { formCounts, prefixRanges } from "./_count_forms.ts";
 * import assert from "assert";
 *
 * const forms = [{ per: 405, plus: 0 }, { per: 405, plus: 9 }];
 * assert.deepEqual(formCounts(forms, prefixRanges("2,4", 4_870)), [2_430, 2_439]);
 * assert.deepEqual(
 *   formCounts([{ per: 90, plus: 10, n: [8, 27] }], prefixRanges("2,4", 4_870)),
 *   [2_440],
 * );
 * ```
 */
export function formCounts(
  forms: readonly CountForm[],
  ranges: readonly [number, number][],
): number[] | undefined {
  const found = new Set<number>();
  const within = (count: number) => ranges.some(([low, high]) => count >= low && count <= high);
  // One form, with LoRA's rank r (0: none): false when the counts are too many.
  const add = ({ per, plus, n }: CountForm, r: number, ranks: CountForm["ranks"]): boolean => {
    const step = per + r * (ranks?.per ?? 0);
    const base = plus + r * (ranks?.plus ?? 0);
    if (step <= 0) return true;
    if (n) {
      for (const v of n) if (within(v * step + base)) found.add(v * step + base);
      return found.size <= MOST_CUT_COUNTS;
    }
    for (const [low, high] of ranges) {
      const first = Math.max(1, Math.ceil((low - base) / step));
      const last = Math.floor((high - base) / step);
      if (last - first + 1 + found.size > MOST_CUT_COUNTS) return false;
      for (let v = first; v <= last; v++) found.add(v * step + base);
    }
    return true;
  };
  const highest = Math.max(...ranges.map(([, high]) => high));
  for (const form of forms) {
    if (!add(form, 0, undefined)) return undefined;
    const ranks = form.ranks;
    if (ranks === undefined) continue;
    // Rank r's least count (n = 1) grows by ranks.per + ranks.plus: none past the ranges fits.
    const growth = ranks.per + ranks.plus;
    const most = growth > 0
      ? Math.min(ranks.most, Math.floor((highest - form.per - form.plus) / growth))
      : ranks.most;
    if (most > MOST_SCANNED_RANKS) return undefined;
    for (let r = 1; r <= most; r++) if (!add(form, r, ranks)) return undefined;
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * For a count cut short that a kind's reading does not try every configuration of: the counts
 * its count forms give on the row, within what the printed total leaves it
 * ({@linkcode cutRanges}), for the totals to choose among (none when its count is printed whole,
 * the kind has no forms, no total bounds them, or they are too many).
 *
 * @param kind The row's kind.
 * @param printed The row as the kind's reading sees it.
 * @param row The row as printed.
 * @param summary The table, for its total.
 * @param otherwise The forms of a kind that declares none, when the caller knows them.
 * @returns `{ candidateCounts }`, or `{}`.
 */
export function formCandidates(
  kind: LayerKind,
  printed: PrintedRow,
  row: ParsedRow,
  summary: ParsedSummary,
  otherwise?: () => readonly CountForm[] | undefined,
): { candidateCounts?: number[] } {
  const ranges = row.paramCountCut ? cutRanges(row, summary) : undefined;
  if (ranges === undefined || printed.params !== null) return {};
  const bound = summary.totalParams! - (summary.optimizerParams ?? 0);
  const forms = kind.countForms ? kind.countForms(printed, bound) : otherwise?.();
  const counts = forms ? formCounts(forms, ranges) : undefined;
  return counts && counts.length > 0 ? { candidateCounts: counts } : {};
}

/**
 * The count forms of a row whose input no row tells, for a kind that declares none: each
 * configuration its reading gives, with the input size left to solve (`sized`), as its count at
 * one input unit and the step to the next (a count grows by one step per unit, lib/infer.ts).
 * The caller asks only of a reading that tries every configuration: guesses could miss the true
 * count, which the forms must hold.
 *
 * @param kind The row's kind.
 * @param printed The row as the kind's reading sees it, its input and count unknown.
 * @returns The forms, or `undefined` when none are known.
 *
 * @example An LSTM of 10 units, on features no row tells: 4 gates × 10 × (n + 10 + 1)
 * ```ts
 * import { sizedForms } from "./_count_forms.ts";
 * import { findKind } from "../layers/registry.ts";
 * import assert from "assert";
 *
 * const row = {
 *   out: [null, 31, 10], outList: null, input: null, inputs: null, params: null,
 *   declared: {}, printer: "keras3" as const,
 * };
 * const forms = sizedForms(findKind("LSTM")!, row)!;
 * // With its bias, 40 per feature and 40 × 11 besides; without, 40 × 10.
 * assert.deepEqual(forms.slice(0, 2), [{ per: 40, plus: 440 }, { per: 40, plus: 400 }]);
 * ```
 */
export function sizedForms(kind: LayerKind, printed: PrintedRow): CountForm[] | undefined {
  const forms: CountForm[] = [];
  try {
    for (const c of candidatesFor(kind, printed).candidates) {
      if (!c.sized || c.input !== null) continue;
      const spec = { className: kind.className, ...c.config };
      const first = countForInputSize(spec, 1);
      const per = countForInputSize(spec, 2) - first;
      if (!(per > 0)) return undefined;
      forms.push({ per, plus: first - per });
    }
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
  return forms.length > 0 ? forms : undefined;
}
