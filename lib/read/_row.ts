// One row explained: its class resolved, the candidate configurations built on its input, the
// one that fits chosen, and every printed number checked against it. Internal to the reader.

import type { LayerConfig, LayerKind, PrintedRow } from "../layers/kind.ts";
import { findKind, isModelClassPrefix, isWeightlessClass } from "../layers/registry.ts";
import { article } from "../layers/reading.ts";
import { QUANTIZED } from "./_quantized.ts";
import { countForInputSize, nearestInputSizes } from "../infer.ts";
import type { ParsedRow, ParsedSummary } from "./rows.ts";
import { formatOutputShape, formatShape, type Shape } from "../shape.ts";
import { notModelled, resolveClass } from "./_resolve.ts";
import { orCountOnly, weightless } from "./_weightless.ts";
import { cannotInfer, commas, printedOutput } from "./_text.ts";
import {
  type Candidate,
  candidatesFor,
  firstLayerCandidates,
  widerCandidates,
} from "./_candidates.ts";
import type { DeclaredConfig, ExplainedRow, ExplainedSummary } from "./rows.ts";
import { explainApplication, explainNested } from "./_nested.ts";
import { explainHubBackbone, explainReversibleEmbedding } from "./_hub_row.ts";
import {
  loraByFormsNote,
  loraCounts,
  loraCutRow,
  loraReading,
  loraWithSize,
  takesLora,
} from "./_lora.ts";
import { ANY_COUNT, cutRanges, formCandidates, formCounts, sizedForms } from "./_count_forms.ts";
import { registerLoraAlternatives } from "./_lora_totals.ts";
import { type Built, preferPrintedSizes, shapeFits } from "./_fit.ts";
import { type Base, build, checkChosen } from "./_chosen.ts";

/** The reason of a row whose count Keras 3's LoRA may give, on a kind it is not read for. */
const LORA_NOT_READ = "LoRA not read";

export function explainRow(
  row: ParsedRow,
  input: Shape | null,
  summary: ParsedSummary,
  declared: DeclaredConfig | undefined,
  inputs?: readonly Shape[],
  nested?: ExplainedSummary,
): ExplainedRow {
  if (row.unbuilt) {
    return {
      ...row,
      layerInputShape: input,
      expectedOutputShape: null,
      expectedParamCount: null,
      filled: false,
      checked: false,
      consistent: true,
      notCheckedReason: "unbuilt",
      note: `Keras had not built this layer when it printed the summary (it prints ` +
        `"(unbuilt)"), so there is no count or shape to check.`,
    };
  }
  const resolved = resolveClass(row, declared, input);
  const base: Base = {
    ...row,
    layerInputShape: input,
    expectedOutputShape: null,
    expectedParamCount: null,
    filled: false,
  };
  // A row named as a model whose own summary was printed, and of no class the library models.
  if (nested && !(resolved.className && findKind(resolved.className))) {
    return explainNested(row, nested, base);
  }
  // A nested model named as Keras names an application (`efficientnetb0 (Functional)`).
  if (row.className !== undefined && isModelClassPrefix(row.className)) {
    const application = explainApplication(row, input, base);
    if (application) return application;
  }
  // A keras-hub backbone (`bert_backbone (BertBackbone)`), checked when one preset's fits.
  const hub = explainHubBackbone(row, base) ?? explainReversibleEmbedding(row, input, base);
  if (hub) return hub;
  const byCandidates = !resolved.className && resolved.candidates
    ? oneCandidateFits(row, resolved.candidates, input, inputs, summary, declared, base)
    : undefined;
  if (byCandidates) return byCandidates;
  if (!resolved.className) {
    return {
      ...base,
      checked: false,
      consistent: true,
      notCheckedReason: resolved.reason ?? "class unknown",
      ...(resolved.candidates ? { classCandidates: resolved.candidates } : {}),
      ...(resolved.note ? { note: resolved.note } : {}),
    };
  }
  const className = resolved.className;
  const kind = findKind(className);
  const explained = kind
    ? orCountOnly(
      explainKind(row, kind, printedRowOf(row, input, inputs, summary, declared), base, summary),
      className,
      row,
      base,
    )
    : isWeightlessClass(className)
    ? weightless(row, className, base, inputs ?? (input ? [input] : []))
    : { ...base, ...notModelled(className), checked: false, consistent: true };
  if (!resolved.tentative) return explained;
  if (explained.checked && explained.consistent) {
    return resolved.note
      ? { ...explained, note: [resolved.note, explained.note].filter(Boolean).join(" ") }
      : explained;
  }
  // The one modelled class it could be fits any count on an input printed nowhere, and so would
  // a class of the same start: no reader could check the row, and it says so.
  if (explained.notCheckedReason === ANY_COUNT) {
    return {
      ...explained,
      note: `The class is cut short; ${resolved.className} is the one modelled class it could ` +
        `be. ${explained.note}`,
    };
  }
  // A guessed class that does not fit is no finding about the table: the row is not checked.
  const why = row.className === undefined
    ? `class not printed`
    : `class cut to ${row.className === "" ? "a bare (" : `"${row.className}"`}`;
  return {
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: why,
    // A count cut short that several configurations of the one class fit: the totals may tell
    // (and whether the reading tries every configuration, lib/read/_cut_counts.ts).
    ...(explained.candidateCounts ? { candidateCounts: explained.candidateCounts } : {}),
    ...(explained.plainCounts ? { plainCounts: explained.plainCounts } : {}),
    ...(explained.readingIncomplete ? { readingIncomplete: true } : {}),
    note:
      `The class is ${
        row.className === undefined ? "not printed" : "cut short"
      }; ${resolved.className}, the one modelled class it could be, does not fit what is ` +
      `printed${explained.note ? ` (${explained.note})` : ""}, so this row is not checked.`,
  };
}

/**
 * A class cut short that several classes could be (`GlobalMaxPoo…`, `Multi…`), each one the
 * reader models: the row explained as each, kept when exactly one of them fits what is printed
 * (by its shape, not its count alone). Where an unmodelled class could be it, nothing is told.
 */
function oneCandidateFits(
  row: ParsedRow,
  candidates: readonly string[],
  input: Shape | null,
  inputs: readonly Shape[] | undefined,
  summary: ParsedSummary,
  declared: DeclaredConfig | undefined,
  base: Base,
): ExplainedRow | undefined {
  if (candidates.length > 8 || !candidates.every((c) => findKind(c) !== undefined)) {
    return undefined;
  }
  const printed = printedRowOf(row, input, inputs, summary, declared);
  const fits = candidates.flatMap((className) => {
    const explained = explainKind(row, findKind(className)!, printed, base, summary);
    return explained.checked && explained.consistent && !explained.countOnly
      ? [{ className, explained }]
      : [];
  });
  if (fits.length !== 1) return undefined;
  const { className, explained } = fits[0];
  return {
    ...explained,
    note: [
      `The class is cut to "${row.className}"; of ${candidates.join(", ")}, only ` +
      `${className} fits what is printed.`,
      explained.note,
    ].filter(Boolean).join(" "),
  };
}

/** The input size at which a configuration has a count, or `undefined`. */
function exactSize(config: LayerConfig, params: number | null): number | undefined {
  if (params === null) return undefined;
  try {
    return nearestInputSizes({ ...config, params }).exact;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/** A configuration's count at one input unit and its step per unit, or `null`: none. */
type CountLine = { readonly first: number; readonly step: number } | null;

/** The count lines found while reading a table, by configuration: each is built once per read. */
const LINES = new WeakMap<ParsedSummary, Map<string, CountLine>>();

/**
 * {@linkcode exactSize}, with the configuration's count line kept for the table's read: a row
 * read again with other counts (lib/read/_cut_counts.ts) solves its candidates on the same
 * lines. The size found is built and checked, as `nearestInputSizes` checks it.
 */
function exactSizeIn(
  summary: ParsedSummary,
  config: LayerConfig,
  params: number | null,
): number | undefined {
  if (params === null) return undefined;
  let lines = LINES.get(summary);
  if (lines === undefined) LINES.set(summary, lines = new Map());
  const key = JSON.stringify(config);
  let line = lines.get(key);
  if (line === undefined) {
    line = null;
    try {
      const first = countForInputSize(config, 1);
      const step = countForInputSize(config, 2) - first;
      if (step > 0) line = { first, step };
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
    lines.set(key, line);
  }
  if (line === null || params < line.first || (params - line.first) % line.step !== 0) {
    return undefined;
  }
  const size = (params - line.first) / line.step + 1;
  try {
    return countForInputSize(config, size) === params ? size : undefined;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

/**
 * The full output shapes a cut one may be: its last size solved from the kind's declaration
 * (for a kind tried generically, the input's channels), and starting with the digits the column
 * left of it (`(None, 128, 128, 256` ends in a size that starts with 256).
 */
function completions(
  kind: LayerKind,
  row: ParsedRow,
  input: Shape | null,
  printer: Pick<PrintedRow, "printer">,
): (Shape | null)[] {
  const printed = row.outputSingle;
  if (!printed || !input || printed.length !== input.length - 1) return [null];
  const digits = row.outputShapeCutDigits;
  const starts = (d: number) => digits === undefined || String(d).startsWith(digits);
  if (!kind.read) {
    // Its guesses are kept only if they fit the count and what is printed, so the input's
    // channels, which most layers of its shape keep, are a fair one to try.
    const channels = input.at(-1);
    return typeof channels === "number" && starts(channels)
      ? [[...printed, channels], null]
      : [null];
  }
  const sizes = (kind.read.lastSizes?.(input, row.paramCount, printer) ?? []).filter(starts);
  return sizes.length === 0 ? [null] : sizes.map((d) => [...printed, d]);
}

/** The row as a kind's reading sees it. */
function printedRowOf(
  row: ParsedRow,
  input: Shape | null,
  inputs: readonly Shape[] | undefined,
  summary: ParsedSummary,
  declared: DeclaredConfig | undefined,
): PrintedRow {
  const { className: _declaredClass, ...declaredOptions } = declared ?? {};
  // A list cut inside its first output (`[(None, 10,`) prints no output whole: like one shape
  // cut short, it gives a reading no output to take for the layer's (its first sizes are still
  // checked against each configuration's, lib/read/_fit.ts).
  const noneWhole = row.outputShapeCut && row.outputLastCut && row.outputList?.length === 1;
  return {
    out: row.outputShapeCut ? null : row.outputSingle,
    // A cut list of outputs keeps its first ones whole: a layer's main output is read from it.
    outList: noneWhole ? null : row.outputList,
    ...(row.outputShapeCut && row.outputList !== null ? { outListCut: true } : {}),
    input,
    inputs: inputs ?? null,
    params: row.paramCount,
    declared: declaredOptions,
    printer: summary.format,
  };
}

/**
 * Every candidate for the row: for each way a cut output may end, what the kind's reading (or
 * the generic guesses) gives, a candidate whose input only the count tells solved by inverse
 * inference.
 */
function gatherCandidates(
  kind: LayerKind,
  row: ParsedRow,
  printed: PrintedRow,
  summary: ParsedSummary,
): Candidate[] {
  // A shape cut by its column lost its last size; what the layer's kind and count say it must
  // be is tried, and only a configuration that fits both the count and what was printed counts.
  const outs = row.outputShapeCut ? completions(kind, row, printed.input, printed) : [printed.out];
  const candidates: Candidate[] = [];
  for (const o of outs) {
    try {
      for (const c of candidatesFor(kind, { ...printed, out: o }).candidates) {
        if (!c.sized || c.input !== null) {
          candidates.push(c);
          continue;
        }
        const size = exactSizeIn(
          summary,
          { className: kind.className, ...c.config },
          row.paramCount,
        );
        if (size !== undefined) candidates.push(c.sized(size));
      }
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
  }
  return candidates;
}

/** The row checked against a kind: its candidates built, the one that fits chosen and checked. */
function explainKind(
  row: ParsedRow,
  kind: LayerKind,
  printed: PrintedRow,
  base: Base,
  summary: ParsedSummary,
): ExplainedRow {
  const explained = readKind(row, kind, printed, base, summary);
  const complete = kind.read !== undefined &&
    (kind.read.partial !== true || kind.read.completeFor?.(printed) === true);
  return complete ? explained : { ...explained, readingIncomplete: true };
}

/** {@linkcode explainKind}'s reading. */
function readKind(
  row: ParsedRow,
  kind: LayerKind,
  printed: PrintedRow,
  base: Base,
  summary: ParsedSummary,
): ExplainedRow {
  const className = kind.className;
  const notChecked = (reason: string, note: string): ExplainedRow => ({
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: reason,
    note,
  });
  let candidates = gatherCandidates(kind, row, printed, summary);
  const complete = kind.read !== undefined &&
    (kind.read.partial !== true || kind.read.completeFor?.(printed) === true);
  if (
    kind.read === undefined && printed.input === null && printed.inputs === null &&
    candidates.length === 0
  ) {
    // A first layer of a kind tried generically: a kernel assumed, its channels solved.
    candidates = firstLayerCandidates(kind, printed);
  }
  if (candidates.length === 0 && kind.read === undefined && printed.input === null) {
    return {
      ...notChecked(
        "input unknown",
        `paramlab knows the ${className} layer, but this row's input is not known, so its ` +
          `configuration cannot be inferred and the row is not checked.`,
      ),
      // A count cut short: every count the kind may have on any input, for the sums.
      ...formCandidates(kind, printed, row, summary),
    };
  }
  // A count printed whole: one cut is read below, after the LoRA readings.
  const anyCount = printed.params === null
    ? undefined
    : anyCountRow(kind, printed, row, summary)?.why;
  if (candidates.length === 0 && anyCount) return notChecked(...anyCount);
  if (
    candidates.length === 0 && kind.read?.partial === true && printed.input === null &&
    printed.params !== null && printed.out !== null && !row.outputShapeCut
  ) {
    // A reading that tries some configurations only (an RNN's one cell, not stacked cells):
    // none giving the count says nothing against the row.
    return notChecked(
      `${className} configuration not inferred`,
      printed.inputs !== null
        // Several inputs, each printed: the configurations not tried may give the count.
        ? `paramlab knows the ${className} layer, but no configuration it tries gives a count ` +
          `of ${commas(printed.params)} with output ${formatShape(printed.out)} on its ` +
          `inputs, and those it does not try may, so the row is not checked.`
        : `paramlab knows the ${className} layer, but this row's input is not printed, and no ` +
          `configuration it tries gives a count of ${commas(printed.params)} with output ` +
          `${formatShape(printed.out)}, so its input cannot be inferred and the row is not ` +
          `checked.`,
    );
  }
  // Keras 3 alone has LoRA: Keras 2's and TF.js's tables are read without it.
  const lora3 = summary.format === "keras3";
  if (candidates.length === 0) {
    const lora = lora3 ? loraRow(row, kind, printed, base, []) : undefined;
    if (lora) return lora;
    const byForms = loraByFormsNote(kind, printed);
    if (byForms) return notChecked(LORA_NOT_READ, byForms);
    // Every input size (and LoRA rank) tried: a count none gives is a finding.
    const none = row.outputShapeCut ? undefined : kind.read?.noneFits?.(printed);
    if (none) return { ...base, checked: true, consistent: false, note: none };
    // No input of one tensor (a row of several inputs has them in `inputs`), no whole count.
    const oneUnknown = printed.input === null && printed.params === null;
    const unknown = oneUnknown && printed.inputs === null;
    const anyCut = unknown ? anyCountRow(kind, printed, row, summary) : undefined;
    if (anyCut) {
      const { why, candidateCounts } = anyCut;
      return { ...notChecked(...why), ...(candidateCounts ? { candidateCounts } : {}) };
    }
    return {
      ...notChecked(
        unknown
          ? "input and count unknown"
          : row.outputShapeCut
          ? "output shape cut"
          : printed.out === null && printed.outList === null
          ? "output shape not printed"
          : printed.params === null && row.paramCountCut
          ? "count cut"
          : `no ${className} fits`,
        cannotInfer(className, printed),
      ),
      // A count cut short on an input no row tells: the counts its kind's forms give on every
      // input size (and LoRA's ranks) that start as it, for the totals to choose among.
      ...(oneUnknown && row.paramCountCut
        ? formCandidates(
          kind,
          printed,
          row,
          summary,
          () => complete && !(lora3 && takesLora(kind)) ? sizedForms(kind, printed) : undefined,
        )
        : {}),
    };
  }
  // Keras's defaults first; a configuration without bias only when nothing usual fits.
  const ordered = [...candidates.filter((c) => !c.unusual), ...candidates.filter((c) => c.unusual)];
  let built = ordered.map((c) => build(kind, c));
  // A count cut with `…` keeps its first digits: a configuration must start with them.
  const prefix = row.paramCountCut ? row.paramCountPrefix ?? "" : undefined;
  const countFits = (b: Built) =>
    b.layer !== undefined &&
    (printed.params === null
      ? prefix === undefined || (b.count !== null && commas(b.count).startsWith(prefix))
      : b.count === printed.params);
  let exact = built.filter((b) => countFits(b) && shapeFits(b, row));
  // The kind's rarer configurations, tried (with LoRA too) only when the others miss.
  let rarer: Built[] = [];
  if (!complete && exact.length === 0) {
    // The usual guesses miss: the kernel solved from the count, its shapes and strides.
    const wider = widerCandidates(kind, printed).map((c) => build(kind, c));
    built = [...built, ...wider];
    exact = wider.filter((b) => countFits(b) && shapeFits(b, row));
    rarer = (kind.read?.wider?.(printed) ?? []).map((c) => build(kind, c));
    if (exact.length === 0) exact = rarer.filter((b) => countFits(b) && shapeFits(b, row));
  }
  exact = preferPrintedSizes(exact, row);
  if (lora3 && exact.length === 0 && printed.params !== null) {
    // No plain configuration fits: Keras 3's LoRA may (Dense, EinsumDense, Embedding), or
    // does by the kind's count forms (the convolutions), which is not read.
    const lora = loraRow(row, kind, printed, base, built) ??
      (rarer.length > 0 ? loraRow(row, kind, printed, base, rarer) : undefined);
    if (lora) return lora;
    const byForms = loraByFormsNote(kind, printed);
    if (byForms) return notChecked(LORA_NOT_READ, byForms);
  }
  if (exact.length === 0 && printed.params !== null && kind.read?.widest) {
    // The kind's last configurations, when nothing before fits (an EinsumDense of any equation).
    const widest = kind.read.widest(printed).map((c) => build(kind, c));
    built = [...built, ...widest];
    exact = preferPrintedSizes(widest.filter((b) => countFits(b) && shapeFits(b, row)), row);
  }
  if (lora3 && exact.length === 0 && prefix !== undefined && printed.params === null) {
    // A count cut short that no plain configuration starts as: the counts LoRA gives that do.
    const cut = loraCutRow(
      kind,
      built.filter((b) => shapeFits(b, row)),
      row,
      summary,
      (row.depth ?? 0) === 0 && !row.unbuilt,
      (c) => build(kind, c),
    );
    if (cut) {
      // A reading that tries some configurations only (an EinsumDense's equations): those it
      // does not try may start as the cut count without LoRA, so the counts named are its
      // kind's count forms too (every configuration's), or none when it has none.
      const forms = complete ? undefined : formCandidates(kind, printed, row, summary);
      const counts = complete
        ? cut.counts
        : cut.counts && forms?.candidateCounts
        ? [...new Set([...forms.candidateCounts, ...cut.counts])].sort((a, b) => a - b)
        : undefined;
      return {
        ...notChecked("count cut", cut.note),
        ...(counts ? { candidateCounts: counts } : {}),
      };
    }
  }
  const usual = exact.filter((b) => !b.candidate.unusual);
  // Keras's defaults are preferred over an unusual configuration only when the count is known:
  // a cut count that a layer with its bias and one without both start as is not told apart.
  const counts = new Set(
    (usual.length > 0 && prefix === undefined ? usual : exact).map((b) => b.count),
  );
  // In a Keras 3 table a kind with LoRA has more counts than its plain ones: each rank adds to
  // it, so a cut count one plain configuration starts as may be another's with LoRA (a Dense of
  // 400 on a console cut to "4…" was 449, rank 1). None named when there are too many, or no
  // total bounds them.
  const withLora = prefix !== undefined && printed.params === null && counts.size === 1 && lora3 &&
      takesLora(kind)
    ? loraCounts(exact, cutRanges(row, summary), (c) => build(kind, c))
    : [];
  if (prefix !== undefined && (counts.size > 1 || withLora === undefined || withLora.length > 0)) {
    const shown = [...counts, ...(withLora ?? [])];
    return {
      plainCounts: [...counts].filter((c): c is number => c !== null),
      ...notChecked(
        "count cut",
        `The count is cut to "${prefix}…" by its column, and ${className}s of different ` +
          `counts fit what is printed (${shown.slice(0, 3).map((c) => commas(c!)).join(", ")}${
            withLora === undefined ? ", and with Keras 3's LoRA more" : ""
          }), so this row is not checked.`,
      ),
      // Only a reading that tries every configuration of the kind names the counts the total
      // may choose among: guesses that miss the real one could sum to the total by chance
      // (two cut rows, a SeparableConv2D's 1,629 read as 1,749), a confident wrong answer. In a
      // Keras 3 table a kind with LoRA has more: each rank adds to the count (a Dense of 279 or
      // 248 was 318, rank 1), up to the printed total.
      ...(() => {
        if (!complete) return formCandidates(kind, printed, row, summary);
        const plain = [...counts].filter((c): c is number => c !== null);
        if (!(lora3 && takesLora(kind))) return { candidateCounts: plain };
        const withLora = loraCounts(exact, cutRanges(row, summary), (c) => build(kind, c));
        return withLora ? { candidateCounts: [...new Set([...plain, ...withLora])] } : {};
      })(),
    };
  }
  if (prefix !== undefined && printed.params === null && exact.length > 0 && !complete) {
    // A reading that tries some configurations only (an RNN's one cell, a kind tried by generic
    // guesses): a cut count that one of them starts as is no proof, as those it does not try
    // (stacked cells, other kernels) may too.
    const untried = className === "RNN" ? " (stacked cells)" : "";
    const tried = className === "RNN" ? `${className} of one cell` : `a ${className} it tries`;
    return {
      plainCounts: [...new Set(exact.map((b) => b.count!))],
      ...notChecked(
        "count cut",
        `The count is cut to "${prefix}…" by its column. ${
          commas(exact[0].count!)
        } (${tried}) starts as it, but configurations paramlab does not try${untried} may ` +
          `too, so this row is not checked.`,
      ),
      // The counts every configuration of the kind may have, when it declares them.
      ...formCandidates(kind, printed, row, summary),
    };
  }
  if (!complete && exact.length === 0 && anyCount) return notChecked(...anyCount);
  if (!complete && exact.length === 0) {
    // A generic guess that misses is no finding about the table.
    return {
      ...notChecked(
        `${className} configuration not inferred`,
        kind.read?.untried === "any count"
          ? `paramlab knows the ${className} layer, but no configuration it tries gives this ` +
            `row's count and shape, and those it does not try (what it wraps may be stacked ` +
            `cells or another kind, printed nowhere in the table) may have almost any count, so ` +
            `the row is not checked.`
          : `paramlab knows the ${className} layer, but no configuration it tries (the ` +
            `defaults, its first argument read from the shapes, small kernels and strides, ` +
            `shared axes) gives this row's count and shape, so the row is not checked.`,
      ),
      ...formCandidates(kind, printed, row, summary),
    };
  }
  // A shape cut by its column that two configurations complete differently is not told.
  const outputs = new Set(exact.map((b) => formatOutputShape(b.output!)));
  if (row.outputShapeCut && outputs.size > 1) {
    return notChecked(
      "output shape cut",
      `The output shape is cut short by its column, and ${className}s of different outputs ` +
        `fit what is printed (${[...outputs].slice(0, 3).join(", ")}), so this row is not ` +
        `checked.`,
    );
  }
  const chosen = exact[0] ?? built.find(countFits) ?? built.find((b) => b.layer) ?? built[0];
  if (row.outputShapeCut && exact.length === 0) {
    return notChecked(
      "output shape cut",
      `The output shape is cut short by its column, and no ${className} that paramlab ` +
        `tries fits both the count and what is printed, so this row is not checked.`,
    );
  }
  if (!chosen.layer) {
    return {
      ...notChecked(
        chosen.error ? `${className} cannot take its input` : "input unknown",
        chosen.error ?? cannotInfer(className, printed),
      ),
      layer: { className, ...chosen.candidate.config },
    };
  }
  if (
    lora3 && exact.length === 0 && kind.read?.quantizable === true && printed.params !== null &&
    chosen.count !== null && chosen.count !== printed.params && shapeFits(chosen, row)
  ) {
    // The printed shape, another count: a quantized layer's (its dtype policy is not printed).
    return notChecked(
      QUANTIZED,
      `No ${className} paramlab builds gives ${commas(printed.params)} with output ` +
        `${printedOutput(printed)} (${commas(chosen.count)} without quantization), ` +
        `but Keras 3 quantizes ${className} layers (model.quantize: int8, int4, float8, GPTQ, ` +
        `AWQ), which packs the kernel and adds scales, changing the count; a table does not ` +
        `print that, and paramlab does not model quantized weights, so the row is not checked.`,
    );
  }
  const result = checkChosen(row, kind, printed, base, chosen, exact);
  return lora3 ? offerLora(row, kind, printed, base, result) : result;
}

/**
 * The row read with Keras 3's LoRA when no plain configuration fits it (lib/read/_lora.ts):
 * checked when one rank fits on the known input, else not checked with the candidates. A LoRA
 * kernel is frozen, but Keras's `layer.trainable = True` (a layer frozen and thawed again) makes
 * it trainable again, so the totals may keep none of it non-trainable: its range is given.
 */
function loraRow(
  row: ParsedRow,
  kind: LayerKind,
  printed: PrintedRow,
  base: Base,
  built: readonly Built[],
): ExplainedRow | undefined {
  const lora = loraReading(kind, printed, built, {
    build: (c) => build(kind, c),
    shapeFits: (b) => shapeFits(b, row),
    exactSize,
  });
  if (lora === undefined) return undefined;
  if (lora.kind === "several") {
    const result: ExplainedRow = {
      ...base,
      checked: false,
      consistent: true,
      notCheckedReason: lora.reason,
      note: lora.note,
      configCandidates: lora.configs,
    };
    const fits = lora.fits;
    registerLoraAlternatives(
      row,
      result,
      () => fits.map((fit) => withLora(row, kind, printed, base, fit, "")),
    );
    return result;
  }
  return withLora(row, kind, printed, base, lora.built, lora.note);
}

/** A configuration with LoRA checked on the row; its frozen kernel may have been thawed. */
function withLora(
  row: ParsedRow,
  kind: LayerKind,
  printed: PrintedRow,
  base: Base,
  fit: Built,
  note: string,
): ExplainedRow {
  const checked = checkChosen(row, kind, printed, base, fit, [fit]);
  const frozen = fit.layer!.nonTrainableParamCount();
  return {
    ...checked,
    ...(frozen > 0 && !checked.nonTrainableRange
      ? { nonTrainableRange: [0, frozen] as const }
      : {}),
    note: [
      note,
      checked.note,
      frozen > 0
        ? `Its frozen kernel (${commas(frozen)}) counts as trainable again if the layer was ` +
          `frozen and thawed (Keras's layer.trainable = True sets every weight trainable).`
        : "",
    ].filter(Boolean).join(" "),
  };
}

/**
 * A plain reading whose input size was solved from the count (an Embedding's vocabulary, a
 * first layer's features): the readings with LoRA that give the same count are kept for the
 * totals, which may tell them apart (lib/read/_lora_totals.ts).
 */
function offerLora(
  row: ParsedRow,
  kind: LayerKind,
  printed: PrintedRow,
  base: Base,
  result: ExplainedRow,
): ExplainedRow {
  if (!takesLora(kind) || !result.checked || !result.consistent || row.paramCountCut) {
    return result;
  }
  if (printed.params === null || printed.params === 0) return result;
  registerLoraAlternatives(row, result, () =>
    loraWithSize(kind, printed, {
      build: (c) => build(kind, c),
      shapeFits: (b) => shapeFits(b, row),
      exactSize,
    }).map((fit) => withLora(row, kind, printed, base, fit, "")));
  return result;
}

/**
 * A row whose input no row prints, of a kind that gives its printed output almost any count on
 * some input (its `read.unknownInput`): not checked, with the reason and note, and for a count
 * its column cut, every count the cut allows for the totals to choose among (a sum of two cut
 * counts may then still tell them, or leave them open). `undefined` for any other row.
 */
function anyCountRow(
  kind: LayerKind,
  printed: PrintedRow,
  row: ParsedRow,
  summary: ParsedSummary,
): { why: [string, string]; candidateCounts?: number[] } | undefined {
  const how = kind.read?.unknownInput?.anyCount;
  if (
    how === undefined || printed.input !== null || printed.inputs !== null ||
    printed.out === null || row.outputShapeCut
  ) {
    return undefined;
  }
  const opening = `The input is printed nowhere, and on some input ${article(kind.className)} ` +
    `${kind.className} gives this output with almost any count (${how})`;
  if (printed.params !== null) {
    if (printed.params < 1) return undefined;
    return {
      why: [
        ANY_COUNT,
        `${opening}, so no reader can check ${commas(printed.params)} from the table, and the ` +
        `row is not checked.`,
      ],
    };
  }
  if (!row.paramCountCut) return undefined;
  const ranges = cutRanges(row, summary);
  const counts = ranges ? formCounts([{ per: 1, plus: 0 }], ranges) : undefined;
  return {
    why: [
      ANY_COUNT,
      `${opening}; the count is cut to "${row.paramCountPrefix ?? ""}…" by its column, so no ` +
      `reader can check it from the table, and the row is not checked.`,
    ],
    ...(counts && counts.length > 0 ? { candidateCounts: counts } : {}),
  };
}
