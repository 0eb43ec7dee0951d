// One row explained: its class resolved, the candidate configurations built on its input, the
// one that fits chosen, and every printed number checked against it. Internal to the reader.

import type { Layer, OutputShape } from "../layers/base.ts";
import type { Explanation } from "../explain.ts";
import { explainLayer } from "../explain.ts";
import { nearestInputSizes } from "../infer.ts";
import type { ParsedRow, ParsedSummary } from "../parse_summary.ts";
import { formatOutputShape, formatShape, type Shape } from "../shape.ts";
import { evaluateArithmetic } from "../explain/_arith.ts";
import {
  isIdentityClass,
  isKnownClass,
  isWeightless,
  type KnownClass,
  registeredKind,
} from "./_kinds.ts";
import { notModelled, resolveClass } from "./_resolve.ts";
import { orCountOnly, weightless } from "./_weightless.ts";
import { explainRegistered } from "./_generic.ts";
import {
  article,
  commas,
  equation,
  onInput,
  plural,
  recurrentOf,
  singleShape,
  sizeWord,
} from "./_text.ts";
import { type Candidate, candidatesFor, type Context, specOf } from "./_candidates.ts";
import { describeConfig, layerFromConfig } from "./config.ts";
import type { DeclaredConfig, ExplainedRow } from "./result.ts";

interface Built {
  readonly candidate: Candidate;
  readonly layer: Layer | undefined;
  readonly count: number | null;
  readonly output: OutputShape | null;
  readonly error?: string;
}

export function explainRow(
  row: ParsedRow,
  input: Shape | null,
  summary: ParsedSummary,
  declared: DeclaredConfig | undefined,
  inputs?: readonly Shape[],
): ExplainedRow {
  const out = row.outputShapeCut ? null : row.outputShape;
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
  const resolved = resolveClass(row, declared);
  const base = {
    ...row,
    layerInputShape: input,
    expectedOutputShape: null,
    expectedParamCount: null,
    filled: false,
  };
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
  const kind = registeredKind(className);
  const explained = isKnownClass(className)
    ? explainKnown(row, className, input, out, summary, declared, base)
    : kind
    ? orCountOnly(
      explainRegistered(row, kind, inputs ?? input, base, sameOutput),
      className,
      row,
      base,
    )
    : isWeightless(className)
    ? weightless(row, className, base)
    : { ...base, ...notModelled(className), checked: false, consistent: true };
  if (!resolved.tentative) return explained;
  if (explained.checked && explained.consistent) {
    return resolved.note
      ? { ...explained, note: [resolved.note, explained.note].filter(Boolean).join(" ") }
      : explained;
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
    note:
      `The class is ${
        row.className === undefined ? "not printed" : "cut short"
      }; ${resolved.className}, the one modelled class it could be, does not fit what is ` +
      `printed${explained.note ? ` (${explained.note})` : ""}, so this row is not checked.`,
  };
}

/** The full output shapes a cut one may be, for the layers whose last size can be solved. */
function completions(
  className: KnownClass,
  printed: Shape | null,
  input: Shape | null,
  params: number | null,
): (Shape | null)[] {
  if (!printed || !input || printed.length !== input.length - 1) return [null];
  const channels = input.at(-1);
  if (typeof channels !== "number") return [null];
  const sizes = new Set<number>();
  switch (className) {
    case "BatchNormalization":
    case "LayerNormalization":
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D":
      sizes.add(channels);
      break;
    case "Dense":
      if (params !== null) {
        for (const bias of [1, 0]) {
          if (params % (channels + bias) === 0) sizes.add(params / (channels + bias));
        }
      }
      break;
    case "Conv1D":
    case "Conv2D": {
      if (params === null) break;
      const rank = className === "Conv1D" ? 1 : 2;
      for (let k = 1; k <= 11; k++) {
        for (const bias of [1, 0]) {
          const per = k ** rank * channels + bias;
          if (params % per === 0) sizes.add(params / per);
        }
      }
      break;
    }
    default:
      if (isIdentityClass(className)) sizes.add(channels);
  }
  return sizes.size === 0 ? [null] : [...sizes].map((d) => [...printed, d]);
}

function explainKnown(
  row: ParsedRow,
  className: KnownClass,
  input: Shape | null,
  out: ParsedRow["outputShape"],
  summary: ParsedSummary,
  declared: DeclaredConfig | undefined,
  base: Omit<ExplainedRow, "checked" | "consistent">,
): ExplainedRow {
  const context: Context = {
    row,
    out: singleShape(out),
    outList: out && !singleShape(out) ? (out as readonly Shape[]) : null,
    input,
    params: row.paramCount,
    declared: declared ?? {},
    tfjs: summary.format === "tfjs",
  };
  const candidates: Candidate[] = [];
  // A shape cut by its column lost its last size; what the layer's kind and count say it must
  // be is tried, and only a configuration that fits both the count and what was printed counts.
  const outs = row.outputShapeCut
    ? completions(className, singleShape(row.outputShape), input, row.paramCount)
    : [context.out];
  for (const o of outs) {
    try {
      candidates.push(...candidatesFor(className, { ...context, out: o }));
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
  }
  if (candidates.length === 0) {
    return {
      ...base,
      checked: false,
      consistent: true,
      notCheckedReason: context.input === null && context.params === null
        ? "input and count unknown"
        : row.outputShapeCut
        ? "output shape cut"
        : context.out === null && context.outList === null
        ? "output shape not printed"
        : `no ${className} fits`,
      note: cannotInfer(className, context),
    };
  }
  // Keras's defaults first; a configuration without bias only when nothing usual fits.
  const ordered = [...candidates.filter((c) => !c.unusual), ...candidates.filter((c) => c.unusual)];
  const built = ordered.map((c) => build(c));
  const fits = (b: Built) => countFits(b, context) && shapeFits(b, row);
  const exact = built.filter(fits);
  const chosen = exact[0] ?? built.find((b) => countFits(b, context)) ??
    built.find((b) => b.layer) ?? built[0];
  const notes: string[] = [];
  if (row.outputShapeCut && exact.length === 0) {
    return {
      ...base,
      checked: false,
      consistent: true,
      notCheckedReason: "output shape cut",
      note: `The output shape is cut short by its column, and no ${className} that paramlab ` +
        `tries fits both the count and what is printed, so this row is not checked.`,
    };
  }
  if (!chosen.layer) {
    return {
      ...base,
      layer: chosen.candidate.config,
      checked: false,
      consistent: true,
      notCheckedReason: chosen.error ? `${className} cannot take its input` : "input unknown",
      note: chosen.error ?? cannotInfer(className, context),
    };
  }
  const explanation = explainLayer(chosen.layer);
  let consistent = true;
  const count = chosen.count!;
  const output = chosen.output!;
  const layerText = describeConfig(chosen.candidate.config);
  const on = onInput(chosen.candidate.config, chosen.candidate.input);
  if (row.paramCount === null && row.paramCountCut) {
    const prefix = row.paramCountPrefix ?? "";
    if (commas(count).startsWith(prefix)) {
      notes.push(
        `The count is cut to "${prefix}…" by its column; it is ${layerText}${on}: ` +
          `${equation(explanation)}.`,
      );
    } else {
      consistent = false;
      notes.push(
        `The count is cut to "${prefix}…", but ${layerText}${on} has ${commas(count)}.`,
      );
    }
  } else if (row.paramCount === null) {
    notes.push(`The ? is ${layerText}${on}: ${equation(explanation)}.`);
  } else if (row.paramCount !== count) {
    consistent = false;
    notes.push(countMismatch(row.paramCount, chosen, explanation));
  }
  if (out !== null && !shapeFits(chosen, row)) {
    consistent = false;
    notes.push(shapeMismatch(row, chosen, context));
  }
  if (row.outputShapeCut) {
    notes.push(
      `The printed shape is cut short by its column; Keras's full shape is ` +
        `${formatOutputShape(output)}.`,
    );
  }
  const annotationNote = checkAnnotation(row, count, explanation, `${layerText}${on}`);
  if (annotationNote) {
    if (annotationNote.inconsistent) consistent = false;
    notes.push(annotationNote.text);
  }
  if (chosen.candidate.assumption) notes.push(chosen.candidate.assumption);
  notes.push(...hints(chosen, context));
  const others = exact.filter((b) =>
    b !== chosen && !b.candidate.unusual && describeConfig(b.candidate.config) !== layerText
  );
  if (others.length > 0 && context.input === null) {
    notes.push(
      `The row fits other layers too: ${
        others.slice(0, 2).map((b) =>
          `${describeConfig(b.candidate.config)}${
            b.candidate.input ? ` on ${formatShape(b.candidate.input)}` : ""
          }`
        ).join("; ")
      }. ${layerText} is what Keras's defaults give.`,
    );
  }
  return {
    ...base,
    layer: chosen.candidate.config,
    layerInputShape: chosen.candidate.input,
    expectedOutputShape: output,
    expectedParamCount: count,
    ...(explanation.paramCount > 0 ? { formula: explanation.annotation } : {}),
    explanation,
    filled: row.paramCount === null || /^\?+$/.test(row.annotation ?? ""),
    checked: true,
    consistent,
    ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
  };
}

function build(candidate: Candidate): Built {
  if (!candidate.input) {
    return { candidate, layer: undefined, count: null, output: null, error: undefined };
  }
  try {
    const layer = layerFromConfig(candidate.config).build(candidate.input);
    return { candidate, layer, count: layer.paramCount(), output: layer.outputShape() };
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      return {
        candidate,
        layer: undefined,
        count: null,
        output: null,
        error: `${describeConfig(candidate.config)} cannot take the input ` +
          `${formatShape(candidate.input)}: ${error.message}`,
      };
    }
    throw error;
  }
}

function countFits(built: Built, context: Context): boolean {
  return built.layer !== undefined && (context.params === null || built.count === context.params);
}

function shapeFits(built: Built, row: ParsedRow): boolean {
  if (!built.output) return false;
  if (row.outputShape === null) return true;
  if (row.outputShapeCut) {
    const expected = singleShape(built.output);
    const printed = singleShape(row.outputShape);
    return !expected || !printed || printed.every((d, i) => d === expected[i]);
  }
  return sameOutput(row.outputShape, built.output);
}

/**
 * Whether a printed output is what Keras computes. A dimension Keras's shape inference leaves
 * unknown (`None`, from an unknown input dimension) may be printed as a number: Keras 2 prints a
 * layer's output from the tensor it was called on, which can know more than the row above.
 */
function sameOutput(printed: OutputShape, expected: OutputShape): boolean {
  if (printed.length !== expected.length) return false;
  for (let i = 0; i < printed.length; i++) {
    const p = printed[i];
    const e = expected[i];
    if (Array.isArray(p) || Array.isArray(e)) {
      if (!Array.isArray(p) || !Array.isArray(e) || !sameOutput(p, e)) return false;
    } else if (p !== e && !(e === null && i > 0)) {
      return false;
    }
  }
  return true;
}

function countMismatch(printed: number, chosen: Built, explanation: Explanation): string {
  const layerText = describeConfig(chosen.candidate.config);
  const input = chosen.candidate.input!;
  let text = `Printed ${printed}, but ${layerText} on ${formatShape(input)} has ` +
    `${explanation.numeric}.`;
  const spec = specOf(chosen.candidate.config);
  if (spec) {
    try {
      const near = nearestInputSizes({ ...spec, params: printed } as never);
      if (near.exact !== undefined) {
        text += ` ${printed} is what it would have on ${
          plural(near.exact, sizeWord(chosen.candidate.config))
        }, but the layer before outputs ${input.at(-1)}.`;
      } else {
        const options = [near.below, near.above].filter((a) => a !== undefined)
          .map((a) =>
            `${a!.params} (on ${plural(a!.inputSize, sizeWord(chosen.candidate.config))})`
          );
        text += ` No input size gives ${layerText} ${printed}; the nearest counts are ` +
          `${options.join(" and ")}.`;
      }
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
  }
  return text;
}

function shapeMismatch(row: ParsedRow, chosen: Built, context: Context): string {
  const config = chosen.candidate.config;
  const printed = formatOutputShape(row.outputShape!);
  const expected = formatOutputShape(chosen.output!);
  const input = chosen.candidate.input!;
  let text = `Printed ${printed}, but ${describeConfig(config)} on ${formatShape(input)} ` +
    `outputs ${expected}.`;
  const recurrent = recurrentOf(config);
  if (recurrent && context.out && context.out.length === 3 && !recurrent.returnSequences) {
    text += ` Without returnSequences ${article(recurrent.className)} ${recurrent.className} ` +
      `outputs only its last step, ` +
      `${expected}; ${printed} is what returnSequences: true gives.`;
  }
  return text;
}

/** `5×650 + 650 = 3,900`, or `no weights` for a layer without any. */

function checkAnnotation(
  row: ParsedRow,
  count: number,
  explanation: Explanation,
  layerText: string,
): { text: string; inconsistent: boolean } | undefined {
  const annotation = row.annotation;
  if (annotation === undefined || annotation === "") return undefined;
  if (/^\?+$/.test(annotation)) {
    return { text: `The ? is ${layerText}: ${equation(explanation)}.`, inconsistent: false };
  }
  const value = evaluateArithmetic(annotation);
  if (value === undefined) {
    return {
      text: `The annotation "${annotation}" is not arithmetic that can be checked.`,
      inconsistent: false,
    };
  }
  const printed = row.paramCount ?? count;
  if (value !== printed) {
    return {
      text: `The annotation ${annotation} comes to ${value}, not ${printed}; Keras's count is ` +
        `${explanation.annotation} = ${count}.`,
      inconsistent: true,
    };
  }
  return undefined;
}

/** Remarks that are not errors: a single time step, a count that could mean another input. */
function hints(chosen: Built, context: Context): string[] {
  const notes: string[] = [];
  const recurrent = recurrentOf(chosen.candidate.config);
  const out = context.out;
  if (
    recurrent && recurrent.returnSequences && out && out.length === 3 && out[1] === 1 &&
    context.declared.returnSequences === undefined
  ) {
    notes.push(
      `${formatShape(out)} means returnSequences: true over a single time step; ` +
        `${article(recurrent.className)} ${recurrent.className} without returnSequences outputs ${
          formatShape([out[0], out[2]])
        }.`,
    );
  }
  return notes;
}

function cannotInfer(className: string, context: Context): string {
  if (context.input === null && context.params === null) {
    return `Neither the input of this ${className} nor its count is known, so its ` +
      `configuration cannot be inferred.`;
  }
  if (context.out === null && context.outList === null) {
    return `The output shape of this ${className} is not printed, so its configuration ` +
      `cannot be inferred.`;
  }
  if (context.input === null && context.params !== null) {
    return `No ${className} fits a count of ${context.params} with output ` +
      `${formatShape(context.out ?? [])}, so its input cannot be inferred.`;
  }
  return `No ${className} configuration fits this row.`;
}
