// A row of a layer with Keras 3's LoRA (`enable_lora(rank)`, `lora_rank=`): Dense, EinsumDense
// and Embedding add two trainable factors A (kernel rows × rank) and B (rank × kernel columns)
// and freeze the kernel, so the count is the plain layer's plus rank × (rows + columns), and
// Keras prints it in the layer's row. A row that no configuration without LoRA fits is tried
// with LoRA: the count is linear in the rank, so each plain configuration on a known input
// gives at most one rank, which the layer built with it must then give exactly. Where the input
// size is unknown (a first layer, an Embedding's vocabulary), size and rank are solved together
// and several pairs fit: the row is not checked, with the candidates. Which kinds take LoRA is
// read from their declarations (a `loraRank` option), not from class names. Internal to the
// reader.

import type { Layer } from "../layers/base.ts";
import type { LayerConfig, LayerKind, PrintedRow } from "../layers/kind.ts";
import { configOf } from "../layers/registry.ts";
import { type Candidate, candidatesFor } from "./_candidates.ts";
import { describeConfig } from "./config.ts";
import { commas, plural } from "./_text.ts";
import { formatShape } from "../shape.ts";
import type { ParsedRow, ParsedSummary } from "./rows.ts";
import { cutRanges, formCounts } from "./_count_forms.ts";

/** A candidate built, as the row reader builds it. */
export interface LoraBuilt {
  readonly candidate: Candidate;
  readonly layer: Layer | undefined;
  readonly count: number | null;
}

/** What the row reader lends: building a candidate, its shape check, size solving. */
export interface LoraTools<B extends LoraBuilt> {
  readonly build: (candidate: Candidate) => B;
  readonly shapeFits: (built: B) => boolean;
  readonly exactSize: (config: LayerConfig, params: number) => number | undefined;
}

/** What LoRA makes of a row no plain configuration fits. */
export type LoraReading<B extends LoraBuilt> =
  /** One configuration with LoRA fits, on the row's known input: check it. */
  | { readonly kind: "one"; readonly built: B; readonly note: string }
  /** Several fit, or the input size had to be solved too: the row is not checked. */
  | {
    readonly kind: "several";
    readonly fits: readonly B[];
    readonly configs: readonly LayerConfig[];
    readonly reason: string;
    readonly note: string;
  };

/** Ranks tried where the input size is solved from the count too. */
export const MOST_LORA_RANK = 256;

/**
 * Whether a kind's rows are read with Keras's LoRA: its declaration has the `loraRank` option, and
 * its reading does not leave LoRA to its count forms (`read.loraByForms`, the convolutions).
 */
export function takesLora(kind: LayerKind): boolean {
  return kind.options["loraRank"] !== undefined && kind.read?.loraByForms !== true;
}

/**
 * The row read with LoRA, when no plain configuration fits it: `undefined` when no rank fits
 * either (the row is then read as before, and flagged as before).
 *
 * @param plain The plain candidates built on a known input (the row reader's).
 */
export function loraReading<B extends LoraBuilt>(
  kind: LayerKind,
  printed: PrintedRow,
  plain: readonly B[],
  tools: LoraTools<B>,
): LoraReading<B> | undefined {
  const params = printed.params;
  if (params === null || !takesLora(kind)) return undefined;
  const className = kind.className;
  const known: B[] = [];
  const factors = new Map<B, number>();
  for (const b of plain) {
    if (!b.layer || b.count === null || b.count >= params || !tools.shapeFits(b)) continue;
    if (b.candidate.config["loraRank"]) continue;
    const one = tools.build(withRank(b.candidate, 1));
    if (!one.layer || one.count === null) continue;
    const step = one.count - b.count;
    if (step <= 0 || (params - b.count) % step !== 0) continue;
    const rank = (params - b.count) / step;
    const fit = tools.build(withRank(b.candidate, rank));
    if (fit.layer && fit.count === params && tools.shapeFits(fit)) {
      known.push(fit);
      factors.set(fit, params - b.count);
    }
  }
  const unique = distinct(known);
  if (unique.length === 1) {
    const fit = unique[0];
    const rank = fit.candidate.config["loraRank"] as number;
    const frozen = fit.layer!.nonTrainableParamCount();
    return {
      kind: "one",
      built: fit,
      note: `No ${className} without LoRA gives ${commas(params)} on its input; Keras 3's ` +
        `LoRA of rank ${rank} does (enable_lora(${rank}), or lora_rank=${rank}), and no other ` +
        `rank: its two factors add ${rank} × (kernel rows + columns) = ` +
        `${commas(factors.get(fit)!)} trainable parameters, and the kernel is frozen ` +
        `(${commas(frozen)} non-trainable).`,
    };
  }
  if (unique.length > 1) {
    return { ...several(className, params, unique.map(reportedConfig), "known"), fits: unique };
  }
  const pairs = loraWithSize(kind, printed, tools);
  if (pairs.length === 0) return undefined;
  // Rank r adds r × (rows + columns) ≥ 2r: no rank past half the count fits. When every rank up
  // to that was tried, one size and rank that fit are the only ones.
  if (pairs.length === 1 && params / 2 <= MOST_LORA_RANK) {
    const fit = pairs[0];
    const rank = fit.candidate.config["loraRank"] as number;
    return {
      kind: "one",
      built: fit,
      note: `No ${className} without LoRA gives ${commas(params)}, and its input is not ` +
        `printed; with Keras 3's LoRA one input size and rank do, and no other (every rank ` +
        `that could, 1 to ${Math.floor(params / 2)}, tried): ` +
        `${describeConfig(reportedConfig(fit))} on ${formatShape(fit.layer!.inputShape())} ` +
        `(enable_lora(${rank}), or lora_rank=${rank}).`,
    };
  }
  return { ...several(className, params, pairs.map(reportedConfig), "unknown"), fits: pairs };
}

/**
 * The configurations with LoRA that give a row's count where its input size is not known (an
 * Embedding's vocabulary, a first layer's features): size and rank solved together, ranks 1 to
 * {@linkcode MOST_LORA_RANK}, at most 64 of them.
 */
export function loraWithSize<B extends LoraBuilt>(
  kind: LayerKind,
  printed: PrintedRow,
  tools: LoraTools<B>,
): B[] {
  const params = printed.params;
  if (params === null || !takesLora(kind)) return [];
  const open = candidatesFor(kind, printed).candidates.filter((c) => c.sized && c.input === null);
  const solved: B[] = [];
  for (const c of open) {
    if (c.config["loraRank"]) continue;
    const plane = countPlane(c, tools);
    for (let rank = 1; rank <= MOST_LORA_RANK && solved.length <= 64; rank++) {
      let size: number | undefined;
      if (plane) {
        // The count is a + b·n + e·r + f·n·r: the size n is what the rank leaves, per size.
        const per = plane.b + plane.f * rank;
        const left = params - plane.a - plane.e * rank;
        size = per > 0 && left % per === 0 && left / per >= 1 ? left / per : undefined;
      } else {
        const config = { className: kind.className, ...c.config, loraRank: rank } as LayerConfig;
        size = tools.exactSize(config, params);
      }
      if (size === undefined) continue;
      const fit = tools.build(withRank(c.sized!(size), rank));
      if (fit.layer && fit.count === params && tools.shapeFits(fit)) solved.push(fit);
    }
  }
  return distinct(solved);
}

/** Most counts LoRA's ranks may add to a cut count's candidates before they tell nothing. */
const MOST_LORA_COUNTS = 4096;

/**
 * The counts a cut count of a kind with LoRA may have besides its plain ones: each fitting
 * configuration with every rank whose count is in `ranges` (those starting with the printed
 * digits that the printed total leaves the row, `cutRanges`). `undefined` when there is no total
 * to bound them, or too many. `build` builds a configuration of the kind.
 */
export function loraCounts<B extends LoraBuilt>(
  fits: readonly B[],
  ranges: readonly [number, number][] | undefined,
  build: (candidate: Candidate) => B,
): number[] | undefined {
  if (ranges === undefined) return undefined;
  const found: number[] = [];
  for (const b of fits) {
    if (b.count === null || b.candidate.config["loraRank"]) continue;
    const one = build({
      ...b.candidate,
      config: { ...b.candidate.config, loraRank: 1 },
    });
    if (one.count === null || one.count <= b.count) return undefined;
    const step = one.count - b.count;
    for (const [low, high] of ranges) {
      const first = Math.max(1, Math.ceil((low - b.count) / step));
      const last = Math.floor((high - b.count) / step);
      if (last - first + 1 + found.length > MOST_LORA_COUNTS) return undefined;
      for (let rank = first; rank <= last; rank++) found.push(b.count + rank * step);
    }
  }
  return found;
}

function several(
  className: string,
  params: number,
  configs: readonly LayerConfig[],
  input: "known" | "unknown",
): Omit<Extract<LoraReading<LoraBuilt>, { kind: "several" }>, "fits"> {
  const shown = configs.slice(0, 3).map(describeConfig).join("; ");
  const more = configs.length > 3 ? `, and ${plural(configs.length - 3, "more")}` : "";
  return {
    kind: "several",
    configs,
    reason: "LoRA rank not determined",
    note: input === "known"
      ? `No ${className} without LoRA gives ${commas(params)}; with Keras 3's LoRA, ` +
        `${configs.length} configurations do (${shown}${more}), so this row is not checked.`
      : `No ${className} without LoRA gives ${commas(params)}, and its input size is not ` +
        `printed: with Keras 3's LoRA, input size and rank together fit in ` +
        `${configs.length >= 64 ? "many" : configs.length} ways (${shown}${more}; ranks 1 ` +
        `to ${MOST_LORA_RANK} tried), so this row is not checked.`,
  };
}

/**
 * A sized candidate's count with LoRA as a function of its input size n and rank r (0: none),
 * a + b·n + e·r + f·n·r (a LoRA factor of the input side and one of the output side, each r
 * wide), read from four builds and checked at a fifth; `undefined` when the builds do not fit
 * that form, and each rank's size is then solved by building.
 */
function countPlane<B extends LoraBuilt>(
  c: Candidate,
  tools: LoraTools<B>,
): { a: number; b: number; e: number; f: number } | undefined {
  const at = (n: number, r: number): number | null => {
    const sized = c.sized!(n);
    return tools.build(r === 0 ? sized : withRank(sized, r)).count;
  };
  const [c10, c20, c11, c21, c32] = [at(1, 0), at(2, 0), at(1, 1), at(2, 1), at(3, 2)];
  if (c10 === null || c20 === null || c11 === null || c21 === null || c32 === null) {
    return undefined;
  }
  const b = c20 - c10;
  const a = c10 - b;
  const f = c21 - c11 - b;
  const e = c11 - a - b - f;
  return a + 3 * b + 2 * e + 6 * f === c32 ? { a, b, e, f } : undefined;
}

function withRank(candidate: Candidate, rank: number): Candidate {
  return { ...candidate, config: { ...candidate.config, loraRank: rank } };
}

/** The configuration a fit reports, the equation left out where the row does not tell it. */
function reportedConfig(fit: LoraBuilt): LayerConfig {
  const config = configOf(fit.layer!) as Record<string, unknown>;
  for (const key of fit.candidate.unread ?? []) delete config[key];
  return config as LayerConfig;
}

/** The fits, one per configuration reported. */
function distinct<B extends LoraBuilt>(fits: readonly B[]): B[] {
  const seen = new Set<string>();
  return fits.filter((f) => {
    const key = describeConfig(reportedConfig(f));
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The counts with LoRA of the plain configurations built on a row's known input that start with
 * the digits a cut count keeps, every rank whose count is in `ranges` (what the printed total
 * leaves the row, `cutRanges`), or without a total, ranks 1 to {@linkcode MOST_LORA_RANK}. `undefined` when they
 * are too many to name.
 */
function loraCutCounts<B extends LoraBuilt>(
  kind: LayerKind,
  plain: readonly B[],
  prefix: string,
  ranges: readonly [number, number][] | undefined,
  build: (candidate: Candidate) => B,
): number[] | undefined {
  if (!takesLora(kind)) return [];
  const counts = new Set<number>();
  for (const b of plain) {
    if (!b.layer || b.count === null || b.candidate.config["loraRank"]) continue;
    const one = build(withRank(b.candidate, 1));
    if (!one.layer || one.count === null || one.count <= b.count) continue;
    const step = one.count - b.count;
    if (ranges === undefined) {
      // No total to bound them: the ranks the reader tries elsewhere, as the candidates.
      for (let rank = 1; rank <= MOST_LORA_RANK; rank++) {
        const count = b.count + rank * step;
        if (commas(count).startsWith(prefix)) counts.add(count);
      }
      continue;
    }
    for (const [low, high] of ranges) {
      const first = Math.max(1, Math.ceil((low - b.count) / step));
      const last = Math.floor((high - b.count) / step);
      if (last - first + 1 + counts.size > MOST_LORA_COUNTS) return undefined;
      for (let rank = first; rank <= last; rank++) counts.add(b.count + rank * step);
    }
  }
  return [...counts].sort((a, b) => a - b);
}

/**
 * A row whose count is cut short and that no plain configuration starts as: the counts with
 * LoRA that do, for the sums below the table to choose from (none named when they are too
 * many); `undefined` when there are none up to the printed total, or when the total gives this
 * row (the one top row cut) a count that is none of them: the plain reading then stands, and
 * is flagged as before.
 */
export function loraCutRow<B extends LoraBuilt>(
  kind: LayerKind,
  plain: readonly B[],
  row: ParsedRow,
  summary: ParsedSummary,
  topRow: boolean,
  build: (candidate: Candidate) => B,
): { counts: number[] | undefined; note: string } | undefined {
  if (!takesLora(kind)) return undefined;
  const prefix = row.paramCountPrefix ?? "";
  const counts = loraCutCounts(kind, plain, prefix, cutRanges(row, summary), build);
  // The total less the other top rows is this row's count only when it is that top row.
  const given = topRow ? totalLessOthers(summary) : undefined;
  if (given !== undefined) {
    const lora = counts ?? plain.filter((b) => b.layer && b.count !== null && given > b.count)
      .flatMap((b) => {
        const one = build(withRank(b.candidate, 1));
        const step = one.count === null ? 0 : one.count - b.count!;
        return step > 0 && (given - b.count!) % step === 0 ? [given] : [];
      });
    if (!lora.includes(given)) return undefined;
  } else if (counts !== undefined && counts.length === 0) {
    return undefined;
  }
  return {
    counts,
    note: `The count is cut to "${prefix}…" by its column; no ${kind.className} without LoRA ` +
      `starts so, and with Keras 3's LoRA ${
        counts === undefined
          ? "too many counts to name may"
          : `several counts may (${counts.slice(0, 3).map(commas).join(", ")}${
            counts.length > 3 ? ", …" : ""
          })`
      }, so this row is not checked.`,
  };
}

/**
 * The count the printed total leaves for the one top row whose count is cut (`Total params`
 * less the optimizer's and the other rows', an unbuilt row 0), or `undefined`.
 */
function totalLessOthers(summary: ParsedSummary): number | undefined {
  if (summary.totalParams === undefined) return undefined;
  let cut = 0;
  let others = 0;
  for (const r of summary.rows) {
    if ((r.depth ?? 0) > 0 || r.unbuilt) continue;
    if (r.paramCount !== null) others += r.paramCount;
    else if (r.paramCountCut && cut++ === 0) continue;
    else return undefined;
  }
  return cut === 1 ? summary.totalParams - (summary.optimizerParams ?? 0) - others : undefined;
}

/**
 * For a kind whose rows are not read with LoRA (`read.loraByForms`, the convolutions): in a
 * Keras 3 table, the note of a row whose printed count no configuration without LoRA gives with
 * its shapes, when a rank of LoRA in the kind's count forms gives that count (the row is then
 * not checked rather than flagged); `undefined` otherwise.
 *
 * @param kind The row's kind.
 * @param printed The row as the kind's reading sees it.
 * @returns The note, or `undefined`.
 */
export function loraByFormsNote(kind: LayerKind, printed: PrintedRow): string | undefined {
  const params = printed.params;
  if (kind.read?.loraByForms !== true || params === null || printed.printer !== "keras3") {
    return undefined;
  }
  const forms = kind.countForms?.(printed, params);
  if (forms === undefined) return undefined;
  // Each form's ranks from 1, as a form of their own (rank r + 1 read as rank r): the count is
  // one of them, or too many ranks to scan may give it.
  const withLora = forms.flatMap(({ per, plus, n, ranks }) =>
    ranks === undefined || ranks.most < 1 ? [] : [{
      per: per + ranks.per,
      plus: plus + ranks.plus,
      ...(n ? { n } : {}),
      ranks: { ...ranks, most: ranks.most - 1 },
    }]
  );
  const counts = formCounts(withLora, [[params, params]]);
  const fits = counts === undefined || counts.includes(params);
  if (!fits) return undefined;
  return `No ${kind.className} without LoRA gives this row's count of ${commas(params)} with its ` +
    `shapes; with Keras 3's LoRA (Keras 3.15's convolutions take lora_rank) a ` +
    `configuration can, which paramlab does not read from a table, so this row is not checked.`;
}
