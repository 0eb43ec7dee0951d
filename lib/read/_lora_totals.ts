// Rows whose count fits Keras 3's LoRA as well as a plain layer, or LoRA in several ways, told
// apart by the printed `Non-trainable params`: LoRA freezes its layer's kernel, so each reading
// keeps a different part of the count non-trainable. A row whose input size the reader solved
// from its count (an Embedding's vocabulary, a first layer's features) keeps its plain reading
// whenever the plain readings fit the totals, any layer possibly frozen (`trainable: false`,
// all of its count non-trainable) or a LoRA kernel thawed again (none of it). Only when no plain
// reading fits and exactly one way with LoRA does is a row read again with LoRA; when several
// do, a row the ways disagree on is not checked, with them as candidates. Internal to the
// reader.

import { isInputClass } from "../layers/registry.ts";
import type { ParsedRow, ParsedSummary } from "./rows.ts";
import type { ExplainedRow } from "./rows.ts";
import { describeConfig } from "./config.ts";
import { commas } from "./_text.ts";

/** A row's readings with LoRA, to try against the totals (registered by the row reader). */
interface Alternatives {
  /** What the reading they belong to is, so that a row read again otherwise is left alone. */
  readonly key: string;
  /** The readings with LoRA, each checked on the row. */
  readonly rows: () => readonly ExplainedRow[];
}

const ALTERNATIVES = new WeakMap<ParsedRow, Alternatives>();

/** At most this many sums of the other rows' non-trainable parts are tracked. */
const MOST_SUMS = 1 << 15;
/** At most this many ways to read the open rows together are tried. */
const MOST_WAYS = 4096;

function keyOf(row: ExplainedRow): string {
  return `${row.checked}|${JSON.stringify(row.layer ?? null)}|${row.notCheckedReason ?? ""}`;
}

/**
 * Registers a row's readings with LoRA, computed only if the totals are consulted.
 *
 * @param parsed The row as printed.
 * @param result What the reader made of it.
 * @param rows The readings with LoRA.
 */
export function registerLoraAlternatives(
  parsed: ParsedRow,
  result: ExplainedRow,
  rows: () => readonly ExplainedRow[],
): void {
  let cached: readonly ExplainedRow[] | undefined;
  ALTERNATIVES.set(parsed, { key: keyOf(result), rows: () => cached ??= rows() });
}

/** The part of a reading's count that may be non-trainable: as read, frozen, or thawed. */
function nonTrainableOptions(row: ExplainedRow): number[] | undefined {
  const count = row.paramCount ?? row.expectedParamCount;
  if (isInputClass(row.layer?.className ?? "") || count === 0) return [0];
  if (!row.checked || count === null) return undefined;
  if (!row.explanation) return undefined;
  const kept = row.explanation.nonTrainableParamCount;
  const options = new Set([kept, count]);
  if (row.nonTrainableRange) {
    const [least, most] = row.nonTrainableRange;
    // Only a LoRA kernel's range (thawed or frozen) is two values; others are not tried.
    if (least !== 0 || most !== kept || !row.layer?.["loraRank"]) return undefined;
    options.add(0);
  }
  return [...options];
}

/** Every sum of one option per row, or `undefined` when there are too many. */
function sums(options: readonly (readonly number[])[]): Set<number> | undefined {
  let reach = new Set([0]);
  for (const row of options) {
    const next = new Set<number>();
    for (const s of reach) for (const o of row) next.add(s + o);
    if (next.size > MOST_SUMS) return undefined;
    reach = next;
  }
  return reach;
}

/**
 * Reads again, from the printed `Non-trainable params`, the rows whose count LoRA may give:
 * replaces `rows`' entries in place.
 *
 * @returns The indices of the rows read again.
 */
export function loraFromTotals(parsed: ParsedSummary, rows: ExplainedRow[]): number[] {
  const target = parsed.nonTrainableParams;
  if (target === undefined || rows.some((r) => (r.depth ?? 0) > 0)) return [];
  const open: number[] = [];
  rows.forEach((row, i) => {
    const alternatives = ALTERNATIVES.get(parsed.rows[i]);
    if (alternatives && alternatives.key === keyOf(row)) open.push(i);
  });
  if (open.length === 0) return [];
  const fixedOptions: number[][] = [];
  for (const [i, row] of rows.entries()) {
    if (open.includes(i)) continue;
    const options = nonTrainableOptions(row);
    if (options === undefined) return [];
    fixedOptions.push(options);
  }
  const fixed = sums(fixedOptions);
  if (fixed === undefined) return [];
  const fits = (choice: readonly ExplainedRow[]): boolean => {
    const options = choice.map(nonTrainableOptions);
    if (options.some((o) => o === undefined)) return false;
    const mine = sums(options as number[][]);
    return mine !== undefined && [...mine].some((s) => fixed.has(target - s));
  };
  // The plain readings first: when they fit the totals, every row reads as before.
  const plain = open.map((i) => rows[i]);
  if (plain.every((r) => r.checked) && fits(plain)) return [];
  const choices = open.map((i) => [
    ...(rows[i].checked ? [rows[i]] : []),
    ...ALTERNATIVES.get(parsed.rows[i])!.rows(),
  ]);
  if (choices.reduce((n, c) => n * c.length, 1) > MOST_WAYS) return [];
  const ways: ExplainedRow[][] = [];
  const walk = (at: number, picked: ExplainedRow[]) => {
    if (at === choices.length) {
      if (fits(picked)) ways.push([...picked]);
      return;
    }
    for (const c of choices[at]) walk(at + 1, [...picked, c]);
  };
  walk(0, []);
  if (ways.length === 0) return [];
  const changed: number[] = [];
  open.forEach((i, k) => {
    const read = [...new Map(ways.map((w) => [keyOf(w[k]), w[k]])).values()];
    const current = rows[i];
    const keep = { inputsFrom: current.inputsFrom, layerInputShapes: current.layerInputShapes };
    const defined = Object.fromEntries(Object.entries(keep).filter(([, v]) => v !== undefined));
    if (read.length === 1) {
      if (read[0] === current) return;
      rows[i] = {
        ...read[0],
        ...defined,
        note: [
          `Non-trainable params ${commas(target)} is what the layers keep only if this row ` +
          `is ${describeConfig(read[0].layer!)}${
            current.checked
              ? ` (its count fits ${describeConfig(current.layer!)} too, which the totals rule out)`
              : ""
          }: LoRA freezes the kernel.`,
          read[0].note,
        ].filter(Boolean).join(" "),
      };
      changed.push(i);
      return;
    }
    const configs = read.map((r) => r.layer!).filter(Boolean);
    rows[i] = {
      ...current,
      layer: undefined,
      explanation: undefined,
      formula: undefined,
      expectedParamCount: null,
      expectedOutputShape: null,
      checked: false,
      consistent: true,
      notCheckedReason: "LoRA rank not determined",
      configCandidates: configs,
      note: `With the totals' Non-trainable params ${commas(target)}, this row is one of ` +
        `${configs.length} readings with Keras 3's LoRA (${
          configs.slice(0, 3).map(describeConfig).join("; ")
        }${configs.length > 3 ? ", …" : ""}), and the table does not tell which, so it is ` +
        `not checked.`,
    };
    changed.push(i);
  });
  return changed;
}
