// The counts a count cut short may have, named for the totals to choose among: the ranges of
// counts Keras prints starting with the digits a column kept, and the counts of a kind's count
// forms (`per × n + plus`, lib/layers/declaration.ts) in them. Internal to the reader.

import type { CountForm, LayerKind, PrintedRow } from "../layers/kind.ts";
import type { ParsedSummary } from "./rows.ts";
import { commas } from "./_text.ts";

/** Most counts named for a count cut short before they tell nothing. */
const MOST_CUT_COUNTS = 64;

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

/**
 * The counts of the forms that start with `prefix` and stay within `bound`, in order;
 * `undefined` when there are more than {@linkcode MOST_CUT_COUNTS}.
 *
 * @param forms The count forms, each `per × n + plus`.
 * @param prefix The digits printed before `…`.
 * @param bound The largest count possible.
 * @returns The counts, or `undefined`.
 *
 * @example A transposed convolution of 45 channels to 9 filters: 405 per kernel position
 * ```ts
 * import { formCounts } from "./_count_forms.ts";
 * import assert from "assert";
 *
 * const forms = [{ per: 405, plus: 0 }, { per: 405, plus: 9 }];
 * assert.deepEqual(formCounts(forms, "2,4", 4_870), [2_430, 2_439]);
 * assert.deepEqual(formCounts([{ per: 90, plus: 10, n: [8, 27] }], "2,4", 4_870), [2_440]);
 * ```
 */
export function formCounts(
  forms: readonly CountForm[],
  prefix: string,
  bound: number,
): number[] | undefined {
  const found = new Set<number>();
  const ranges = prefixRanges(prefix, bound);
  const within = (count: number) => ranges.some(([low, high]) => count >= low && count <= high);
  for (const { per, plus, n } of forms) {
    if (per <= 0) continue;
    if (n) {
      for (const v of n) if (within(v * per + plus)) found.add(v * per + plus);
    } else {
      for (const [low, high] of ranges) {
        const first = Math.max(1, Math.ceil((low - plus) / per));
        const last = Math.floor((high - plus) / per);
        if (last - first + 1 + found.size > MOST_CUT_COUNTS) return undefined;
        for (let v = first; v <= last; v++) found.add(v * per + plus);
      }
    }
    if (found.size > MOST_CUT_COUNTS) return undefined;
  }
  return [...found].sort((a, b) => a - b);
}

/**
 * For a count cut short that a kind's reading does not try every configuration of: the counts
 * its count forms give on the row, up to the printed total, for the totals to choose among
 * (none when the kind has no forms, no total bounds them, or they are too many).
 *
 * @param kind The row's kind.
 * @param printed The row as the kind's reading sees it.
 * @param prefix The digits printed before `…`; `undefined` for a count printed whole.
 * @param summary The table, for its total.
 * @returns `{ candidateCounts }`, or `{}`.
 */
export function formCandidates(
  kind: LayerKind,
  printed: PrintedRow,
  prefix: string | undefined,
  summary: ParsedSummary,
): { candidateCounts?: number[] } {
  if (prefix === undefined || printed.params !== null || summary.totalParams === undefined) {
    return {};
  }
  const bound = summary.totalParams - (summary.optimizerParams ?? 0);
  const forms = kind.countForms?.(printed, bound);
  const counts = forms ? formCounts(forms, prefix, bound) : undefined;
  return counts && counts.length > 0 ? { candidateCounts: counts } : {};
}
