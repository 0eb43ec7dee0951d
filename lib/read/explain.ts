/**
 * Explaining a printed summary: each row's input found (the `Connected to` edges of a
 * functional table, else the row above), the row explained on it, the totals checked.
 *
 * @module
 */

import { parseSummary } from "./parse.ts";
import { splitOutput } from "./_cells.ts";
import { describeValue } from "../errors.ts";
import type { ParsedSummary } from "./rows.ts";
import { formatShape, type Shape } from "../shape.ts";
import { isInputClass, type LayerConfig } from "../layers/registry.ts";
import { nearestInputSizes } from "../infer.ts";
import { commas, plural, singleShape, sizeWord } from "./_text.ts";
import { describeConfig } from "./config.ts";
import { explainRow } from "./_row.ts";
import { type Ambiguous, connectedInputs, explainAmbiguous, type Walk } from "./_inputs.ts";
import type { ExplainedRow, ExplainSummaryOptions } from "./rows.ts";
import { SummaryExplanation } from "./result.ts";
import { checkTotals } from "./_totals.ts";
import { cutCountsFromSums } from "./_cut_counts.ts";
import { settleCutDepths } from "./_depths.ts";
import { uncheckQuantizable } from "./_quantized.ts";
import { ANY_COUNT } from "./_count_forms.ts";
import { loraFromTotals } from "./_lora_totals.ts";

/**
 * Explains a printed model summary: infers every layer's configuration and the model's input,
 * fills `?` counts, and checks each printed count, shape and annotation against Keras's rules.
 *
 * @param summary The printed summary (any format {@linkcode parseSummary} reads), or one already
 * parsed.
 * @param options What the code declares, if known.
 * @returns The explanation; `String(result)` is a report.
 * @throws {SummaryParseError} When the text is not a summary or a row cannot be read.
 *
 * @example "Why does the first LSTM have more params?": the input behind 380, and `?`
 * ```ts
 * import { explainSummary } from "../../mod.ts";
 * import assert from "assert";
 *
 * const result = explainSummary(`
 * Layer (type)         Output Shape        Param #
 * ========================================================================
 * lstm_1 (LSTM)        (None, 400, 5)      380   = 4*(13*5 + 5*5 + 5)
 * ________________________________________________________________________
 * lstm_2 (LSTM)        (None, 400, 5)      220   = 4*(5*5 + 5*5 + 5)
 * ________________________________________________________________________
 * time_distributed_1   (None, 400, 650)    3900  = ?
 * ________________________________________________________________________`);
 * assert.deepEqual(result.inputShape, [null, 400, 13]);
 * const td = result.rows[2];
 * assert.equal(td.formula, "5*650 + 650");
 * assert.deepEqual(td.layer, {
 *   className: "TimeDistributed",
 *   layer: { className: "Dense", units: 650 },
 * });
 * assert.ok(result.rows.every((r) => r.consistent));
 * ```
 */
export function explainSummary(
  summary: string | ParsedSummary,
  options: ExplainSummaryOptions = {},
): SummaryExplanation {
  const parsed = settleCutDepths(summaryOf(summary));
  checkOptions(options);
  const rows: ExplainedRow[] = [];
  // Each row's output, by row: a list for a layer of several outputs. Names find rows (the
  // latest row of each whole name); a cut name may fit several.
  const walk: Walk = { outputOf: [], listOf: [], byName: new Map() };
  const { outputOf, listOf, byName } = walk;
  const given: Shape | null = options.inputShape ? [...options.inputShape] : null;
  // The output of the last row at each nesting depth (expand_nested tables): a row's input is
  // the row above it at its own depth, and a nested model's first layer reads the model's input.
  const previousAt: (Shape | null)[] = [given];
  const nameAt: (string | undefined)[] = [];
  // The class of the last row at each depth: a nested model's, for the rows printed under it.
  const classAt: (string | undefined)[] = [];
  const totalLessRows = cutCountFromTotal(parsed);
  // Rows whose count is cut, read again with a count given, when several counts are cut.
  const rederive = new Map<number, (count: number) => ExplainedRow>();
  let modelInput: Shape | null = given;
  let inputReason = options.inputShape ? "given" : "";
  parsed.rows.forEach((row, index) => {
    const depth = row.depth ?? 0;
    const previous = previousAt[depth] ?? null;
    const printedInput = singleShape(row.inputShape);
    let input: Shape | null;
    let inputsFrom: readonly string[] | undefined;
    let inputNote: string | undefined;
    let inputs: Shape[] | undefined;
    let ambiguous: Ambiguous | undefined;
    if (parsed.connections && row.inboundMayGoOn === true) {
      // Entries of the row's Connected to list may be lost past the console's right edge.
      input = printedInput;
      inputNote = `The console cut the table at its right edge, through this row's Connected ` +
        `to list, so which rows feed this one is not fully printed.`;
    } else if (parsed.connections && row.inbound !== undefined && row.inbound.length > 0) {
      // A functional table: the row's inputs are the rows it names, not the row above.
      ({ input, inputs, inputsFrom, inputNote, ambiguous } = connectedInputs(
        row,
        index,
        parsed.rows,
        walk,
        printedInput,
      ));
    } else if (parsed.connections && row.inbound !== undefined) {
      input = index === 0 ? previous ?? printedInput : printedInput;
      inputsFrom = [];
    } else if (row.depthCut) {
      // A column cut the row's `└` marker, and the rows above leave its depth open: which
      // nested model holds it, and which row feeds it, are not printed.
      input = printedInput;
      inputNote = `A column cut this row's └ marker, so how deep it is nested, and which row ` +
        `feeds it, is not printed.`;
    } else if (depth > 0 && !parsed.connections && !isSequentialClass(classAt[depth - 1])) {
      // A nested Functional's layers printed without their Connected to: each may read any
      // layer above it, so none is taken for its input.
      input = printedInput;
    } else if (parsed.connectionsCutOff && !parsed.connections) {
      // A Functional table whose Connected to column the console cut off: each row may read
      // any row above it, so none is taken for its input.
      input = printedInput;
      inputNote = `The console cut the table at its right edge, and its Connected to column ` +
        `with it, so which rows feed this one is not printed.`;
    } else {
      input = previous ?? printedInput;
      const above = nameAt[depth];
      if (above !== undefined) inputsFrom = [above];
    }
    const nested = options.models && Object.hasOwn(options.models, row.name)
      ? options.models[row.name]
      : undefined;
    const explain = (input: Shape | null, inputs: Shape[] | undefined) => {
      const plain = () =>
        explainRow(row, input, parsed, options.declared?.[row.name], inputs, nested);
      if (index !== totalLessRows?.index) return plain();
      // The one count cut short, read as the total less the other rows; kept only if a layer
      // fits it, else the row is read with its count unknown.
      const derived = explainRow(
        { ...row, paramCount: totalLessRows.count },
        input,
        parsed,
        options.declared?.[row.name],
        inputs,
        nested,
      );
      if (!derived.checked) {
        // No configuration can be checked on the row, with the count or without: the total
        // still gives its count, and the row stays not checked.
        const unread = plain();
        if (
          unread.checked ||
          (unread.candidateCounts !== undefined && unread.notCheckedReason !== ANY_COUNT)
        ) return unread;
        return {
          ...unread,
          expectedParamCount: totalLessRows.count,
          filled: true,
          ...(unread.notCheckedReason === "input and count unknown"
            ? { notCheckedReason: "input unknown" }
            : {}),
          note: [
            unread.note,
            `The count is cut to "${row.paramCountPrefix}…" by its column; the total less the ` +
            `other rows gives ${commas(totalLessRows.count)}, which it starts as.`,
          ].filter(Boolean).join(" "),
        };
      }
      if (!derived.consistent) return plain();
      return {
        ...derived,
        paramCount: null,
        note: [
          `The count is cut to "${row.paramCountPrefix}…" by its column; the total less the ` +
          `other rows gives ${commas(totalLessRows.count)}, which it starts as.`,
          derived.note,
        ].filter(Boolean).join(" "),
      };
    };
    const explained = ambiguous
      ? explainAmbiguous(row, printedInput, ambiguous, parsed.rows, explain)
      : explain(input, inputs);
    const withInputs = (explained: ExplainedRow): ExplainedRow => ({
      ...explained,
      ...(inputsFrom ? { inputsFrom } : {}),
      ...(inputs ? { layerInputShapes: inputs } : {}),
      ...(inputNote && !explained.checked
        ? { note: [inputNote, explained.note].filter(Boolean).join(" ") }
        : {}),
    });
    rows.push(withInputs(explained));
    if (row.paramCountCut && index !== totalLessRows?.index) {
      rederive.set(index, (count) => {
        const given = { ...row, paramCount: count };
        const explain = (input: Shape | null, inputs: Shape[] | undefined) =>
          explainRow(given, input, parsed, options.declared?.[row.name], inputs, nested);
        return withInputs(
          ambiguous
            ? explainAmbiguous(given, printedInput, ambiguous, parsed.rows, explain)
            : explain(input, inputs),
        );
      });
    }
    if (index === 0 && !options.inputShape) {
      const found = firstInput(explained, printedInput);
      modelInput = found.shape;
      inputReason = found.reason;
    }
    const output = row.outputSingle && !row.outputShapeCut
      ? row.outputSingle
      : singleShape(explained.expectedOutputShape ?? null);
    outputOf.push(output);
    listOf.push(
      !output && row.outputList && row.outputList.length > 0 && !row.outputShapeCut
        ? row.outputList
        : null,
    );
    if (!row.nameCut && !byName.has(row.name)) byName.set(row.name, index);
    previousAt.length = depth + 1;
    nameAt.length = depth + 1;
    // A row whose depth is open feeds no row below it that a reader could name.
    previousAt[depth] = row.depthCut ? null : output;
    nameAt[depth] = row.depthCut ? undefined : row.name;
    classAt.length = depth + 1;
    classAt[depth] = row.depthCut ? undefined : row.className;
    previousAt[depth + 1] = row.depthCut ? null : explained.layerInputShape ?? input;
  });
  cutCountsFromSums(parsed, rows, rederive);
  // Rows LoRA may give, told apart by the printed Non-trainable params.
  if (loraFromTotals(parsed, rows).includes(0) && !options.inputShape) {
    const found = firstInput(rows[0], singleShape(parsed.rows[0].inputShape));
    modelInput = found.shape;
    inputReason = found.reason;
  }
  uncheckQuantizable(parsed, rows);
  checkNestedModels(rows);
  if (parsed.format === "keras3") checkTrainableFlags(rows);
  if (!inputReason) inputReason = "the summary has no rows";
  // A graph with several inputs: name them all.
  const inputRows = rows.filter((r) =>
    r.inbound !== undefined && r.inbound.length === 0 && isInputClass(r.layer?.className ?? "")
  );
  if (inputRows.length > 1 && !options.inputShape) {
    inputReason = `the first of ${inputRows.length} inputs: ${
      inputRows.slice(0, 6).map((r) =>
        `${r.name} ${r.layerInputShape ? formatShape(r.layerInputShape) : "?"}`
      ).join(", ")
    }${inputRows.length > 6 ? ", …" : ""}`;
  }
  return new SummaryExplanation(parsed, modelInput, inputReason, rows, checkTotals(parsed, rows));
}

/**
 * The one count of a table cut short with `…`, as the total less the other rows, when the total
 * is printed, every other row's count is, and the difference starts with the digits printed.
 */
function cutCountFromTotal(parsed: ParsedSummary): { index: number; count: number } | undefined {
  if (parsed.totalParams === undefined) return undefined;
  let cut = -1;
  let others = 0;
  for (const [index, row] of parsed.rows.entries()) {
    if ((row.depth ?? 0) > 0) continue;
    if (row.paramCount !== null) {
      others += row.paramCount;
    } else if (row.paramCountCut && cut < 0) {
      cut = index;
    } else {
      return undefined;
    }
  }
  if (cut < 0) return undefined;
  const count = parsed.totalParams - (parsed.optimizerParams ?? 0) - others;
  const prefix = parsed.rows[cut].paramCountPrefix ?? "";
  return count >= 0 && commas(count).startsWith(prefix) ? { index: cut, count } : undefined;
}

/** Whether a nested model's printed class is Sequential (whole, or cut short). */
function isSequentialClass(className: string | undefined): boolean {
  return className !== undefined && className.length >= 3 && "Sequential".startsWith(className);
}

/** The summary argument read: text parsed, a parsed summary's rows normalised as the parser does. */
function summaryOf(summary: unknown): ParsedSummary {
  if (typeof summary === "string") return parseSummary(summary);
  if (
    typeof summary !== "object" || summary === null ||
    !Array.isArray((summary as { rows?: unknown }).rows)
  ) {
    throw new TypeError(
      `explainSummary expects the summary as text or as parseSummary's result, received ` +
        `${describeValue(summary)}`,
    );
  }
  const parsed = summary as ParsedSummary;
  const rows = parsed.rows.map((row, i) => {
    if (typeof row !== "object" || row === null || typeof row.name !== "string") {
      throw new TypeError(
        `explainSummary expects each of the summary's rows to have a name, received ` +
          `${describeValue(row)} at row ${i}`,
      );
    }
    return row.outputSingle !== undefined && row.outputList !== undefined
      ? row
      : { ...row, ...splitOutput(row.outputShape ?? null) };
  });
  return { ...parsed, rows, notes: parsed.notes ?? [] };
}

function checkOptions(options: unknown): void {
  const isRecord = (value: unknown) =>
    typeof value === "object" && value !== null && !Array.isArray(value);
  if (!isRecord(options)) {
    throw new TypeError(
      `explainSummary expects its options as an object, received ${describeValue(options)}`,
    );
  }
  const { declared, models, inputShape } = options as Record<string, unknown>;
  for (const [name, value] of [["declared", declared], ["models", models]] as const) {
    if (value !== undefined && !isRecord(value)) {
      throw new TypeError(
        `explainSummary expects options.${name} as an object by layer name, received ` +
          describeValue(value),
      );
    }
  }
  if (
    inputShape !== undefined &&
    (!Array.isArray(inputShape) ||
      !inputShape.every((d) => d === null || (Number.isInteger(d) && d > 0)))
  ) {
    throw new TypeError(
      `explainSummary expects options.inputShape as a shape such as [null, 400, 13], ` +
        `received ${describeValue(inputShape)}`,
    );
  }
}

/**
 * A nested model's row, printed with its layers below it (`expand_nested`), is checked by them:
 * its count is the sum of its layers'. Rows are updated in place; one pass with a stack.
 */
/**
 * Keras 3's `Trainable` column prints `-` for a layer without weights and `Y` or `N` for one
 * with them: a checked row whose layer says otherwise is flagged.
 */
function checkTrainableFlags(rows: ExplainedRow[]): void {
  rows.forEach((row, i) => {
    const flag = row.trainableFlag;
    const weights = row.explanation?.weights.length;
    if (flag === undefined || !row.checked || !row.consistent || weights === undefined) return;
    if ((flag === "-") !== (weights === 0)) {
      rows[i] = {
        ...row,
        consistent: false,
        note: [
          row.note,
          `Its Trainable cell is "${flag}", but Keras 3 prints "-" for a layer without weights ` +
          `and Y or N for one with them, and ${row.layer?.className ?? "its layer"} has ` +
          `${weights === 0 ? "none" : `${weights} weight tensor${weights === 1 ? "" : "s"}`}.`,
        ].filter(Boolean).join(" "),
      };
    }
  });
}

function checkNestedModels(rows: ExplainedRow[]): void {
  const open: {
    index: number;
    sum: number;
    known: boolean;
    children: number;
    depthsCut?: boolean;
  }[] = [];
  const close = (until: number) => {
    while (open.length > until) {
      const parent = open.pop()!;
      const row = rows[parent.index];
      if (parent.children === 0 || row.checked) continue;
      if (parent.depthsCut) {
        // A column cut the `└` marker of a row under it, and how deep that row is is open.
        rows[parent.index] = {
          ...row,
          notCheckedReason: `${row.className ?? "nested model"}'s layers' depths cut`,
          note: `A nested model: its layers are printed below it, but a column narrower than ` +
            `their └ markers cut them, so which are its own layers, and which a model's under ` +
            `it, is not printed, and their sum does not check this row.`,
        };
        continue;
      }
      if (!parent.known) {
        // Its layers are printed, but not every count of theirs is known.
        rows[parent.index] = {
          ...row,
          notCheckedReason: `${row.className ?? "nested model"}'s layers' counts not all known`,
          note: `A nested model: its ${parent.children} layers are printed below it, but not ` +
            `every one's count is known, so their sum does not check this row.`,
        };
        continue;
      }
      if (row.paramCount === null && row.paramCountCut) {
        // A count cut with `…`: its layers' sum, when it starts with the digits printed.
        const prefix = row.paramCountPrefix ?? "";
        if (!commas(parent.sum).startsWith(prefix)) continue;
        rows[parent.index] = {
          ...row,
          expectedParamCount: parent.sum,
          filled: true,
          checked: true,
          consistent: true,
          notCheckedReason: undefined,
          note: `The count is cut to "${prefix}…" by its column; its ${parent.children} ` +
            `layers, printed below it, hold ${commas(parent.sum)}: the nested model's count ` +
            `is theirs.`,
        };
        continue;
      }
      if (row.paramCount === null) continue;
      if (parent.sum === row.paramCount) {
        rows[parent.index] = {
          ...row,
          checked: true,
          consistent: true,
          notCheckedReason: undefined,
          note: `Its ${parent.children} layers, printed below it, hold ${parent.sum}: the ` +
            `nested model's count is theirs.`,
        };
      } else {
        rows[parent.index] = {
          ...row,
          note: `${row.note ?? ""} Its layers printed below it hold ${parent.sum}, not ` +
            `${row.paramCount}; shared layers would explain it, so the row is not checked.`
              .trim(),
        };
      }
    }
  };
  rows.forEach((row, index) => {
    const depth = row.depth ?? 0;
    close(depth);
    const parent = open[depth - 1];
    if (parent) {
      parent.children++;
      const count = row.paramCount ?? row.expectedParamCount;
      // A row whose depth a column left open may be a layer of a model printed below it.
      if (count === null || row.depthCut) parent.known = false;
      else parent.sum += count;
      if (row.depthCut) parent.depthsCut = true;
    }
    open[depth] = { index, sum: 0, known: !row.depthCut, children: 0, depthsCut: row.depthCut };
    open.length = depth + 1;
  });
  close(0);
}

function firstInput(
  row: ExplainedRow,
  printed: Shape | null,
): { shape: Shape | null; reason: string } {
  if (isInputClass(row.layer?.className ?? "")) {
    return { shape: row.layerInputShape, reason: `printed by the input layer ${row.name}` };
  }
  if (printed) return { shape: printed, reason: `printed as the input of ${row.name}` };
  if (!row.layerInputShape) {
    return {
      shape: null,
      reason: `${row.name} does not tell its input: ${row.note ?? "its layer is not known"}`,
    };
  }
  return { shape: row.layerInputShape, reason: inputStory(row) };
}

/** How the first layer's input was read from its row. */
function inputStory(row: ExplainedRow): string {
  const layer = row.layer!;
  const input = row.layerInputShape!;
  const parts: string[] = [];
  const e = row.explanation;
  // The input size the count tells: the input's last size, or an option (a vocabulary).
  const size = row.paramCount === null ? undefined : solvedSize(layer, row.paramCount);
  if (row.paramCount !== null && e && e.paramCount > 0 && size !== undefined) {
    parts.push(
      `${row.name} is ${describeConfig(layer)} with ${row.paramCount} parameters, and ` +
        `${e.numeric} only for ${plural(size, sizeWord(layer))}`,
    );
  }
  const out = row.outputSingle;
  if (out && out.length >= 3 && input.length === out.length - 1) {
    // A layer that turns each position into a vector (an embedding): its output has one more axis.
    parts.push(
      out[1] === null
        ? `the sequence length cannot be read from the summary`
        : `its output ${formatShape(out)} gives sequences of ${plural(out[1], "step")}`,
    );
  } else if (out && input.length >= 3) {
    const steps = input[1];
    if (steps !== null && out.length >= 3 && out[1] === steps) {
      parts.push(`its output ${formatShape(out)} gives ${plural(steps, "time step")}`);
    } else if (steps === null) {
      parts.push(`the time steps cannot be read from the summary`);
    }
  }
  return parts.length > 0 ? parts.join("; ") : `taken from ${row.name}'s output`;
}

/** The input size at which a configuration has a count, by inverse inference. */
function solvedSize(layer: LayerConfig, params: number): number | undefined {
  try {
    return nearestInputSizes({ ...layer, params }).exact;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}
