// A configuration chosen for a row, built and checked against it: every printed number (count,
// shape, annotation) compared with what the layer gives, and the notes that say so. Internal to
// the reader.

import type { Layer } from "../layers/base.ts";
import type { LayerConfig, LayerKind, PrintedRow } from "../layers/kind.ts";
import { configOf, layerFromConfig } from "../layers/registry.ts";
import { explainLayer } from "../explain/mod.ts";
import type { ExplainedRow, ParsedRow } from "./rows.ts";
import { formatOutputShape, formatShape, type Shape } from "../shape.ts";
import { commas, equation, onInput, singleShape } from "./_text.ts";
import type { Candidate } from "./_candidates.ts";
import { describeConfig } from "./config.ts";
import { type Built, shapeFits } from "./_fit.ts";
import { checkAnnotation, countMismatch, shapeMismatch } from "./_mismatch.ts";

/** A row explained but for its verdict: what every reading of it starts from. */
export type Base = Omit<ExplainedRow, "checked" | "consistent">;

/** The row checked against the configuration chosen: count, shape, annotation, and notes. */
export function checkChosen(
  row: ParsedRow,
  kind: LayerKind,
  printed: PrintedRow,
  base: Base,
  chosen: Built,
  exact: readonly Built[],
): ExplainedRow {
  const layer = chosen.layer!;
  const config = reported(layer, chosen.candidate.unread);
  // A layer of several inputs (a merge) has no one input to explain it on, and no weights.
  const several = singleShape(chosen.candidate.input) === null && chosen.candidate.input !== null;
  const explanation = several && chosen.count === 0 ? undefined : explainLayer(layer);
  const count = chosen.count!;
  const output = chosen.output!;
  const layerText = describeConfig(config);
  const candidateInput = singleShape(chosen.candidate.input);
  const on = onInput(config, candidateInput);
  const notes: string[] = [];
  let consistent = true;
  const equals = explanation ? equation(explanation) : `${commas(count)} parameters`;
  if (row.paramCount === null && row.paramCountCut) {
    const prefix = row.paramCountPrefix ?? "";
    if (commas(count).startsWith(prefix)) {
      notes.push(
        `The count is cut to "${prefix}…" by its column; it is ${layerText}${on}: ${equals}.`,
      );
    } else {
      consistent = false;
      notes.push(`The count is cut to "${prefix}…", but ${layerText}${on} has ${commas(count)}.`);
    }
  } else if (row.paramCount === null) {
    notes.push(`The ? is ${layerText}${on}: ${equals}.`);
  } else if (row.paramCount !== count) {
    consistent = false;
    notes.push(countMismatch(row.paramCount, config, candidateInput, explanation));
  }
  if (!row.outputShapeCut && row.outputShape !== null && !shapeFits(chosen, row)) {
    consistent = false;
    notes.push(shapeMismatch(kind, row, printed, config, chosen));
  }
  if (row.outputShapeCut) {
    notes.push(
      `The printed shape is cut short by its column; Keras's full shape is ` +
        `${formatOutputShape(output)}.`,
    );
  }
  const annotationNote = explanation &&
    checkAnnotation(row, count, explanation, `${layerText}${on}`);
  if (annotationNote) {
    if (annotationNote.inconsistent) consistent = false;
    notes.push(annotationNote.text);
  }
  if (chosen.candidate.assumption) notes.push(chosen.candidate.assumption);
  notes.push(...(kind.read?.hints?.(config, printed) ?? []));
  // Fits of the same count may split it differently between trainable and not.
  const splits = exact.filter((b) => b.layer && b.count === count)
    .map((b) => b.layer!.nonTrainableParamCount());
  const least = Math.min(...splits);
  const most = Math.max(...splits);
  if (splits.length > 1 && least !== most) {
    notes.push(
      `Other configurations give the same count, keeping ${least} to ${most} of it ` +
        `non-trainable; the totals are checked against that range.`,
    );
  }
  const others = exact.filter((b) =>
    b !== chosen && !b.candidate.unusual && b.layer &&
    describeConfig(reported(b.layer, b.candidate.unread)) !== layerText
  );
  if (others.length > 0 && printed.input === null) {
    notes.push(
      `The row fits other layers too: ${
        others.slice(0, 2).map((b) => {
          const other = singleShape(b.candidate.input);
          return `${describeConfig(reported(b.layer!, b.candidate.unread))}${
            other ? ` on ${formatShape(other)}` : ""
          }`;
        }).join("; ")
      }. ${layerText} is what Keras's defaults give.`,
    );
  }
  const result: ExplainedRow = {
    ...base,
    layer: config,
    layerInputShape: candidateInput,
    expectedOutputShape: output,
    expectedParamCount: count,
    // A formula written with stand-ins for what the row does not tell would show them as read.
    ...(explanation && explanation.paramCount > 0 && !chosen.candidate.unread?.length
      ? { formula: explanation.annotation }
      : {}),
    ...(explanation ? { explanation } : {}),
    filled: row.paramCount === null || /^\?+$/.test(row.annotation ?? ""),
    ...(splits.length > 1 && least !== most ? { nonTrainableRange: [least, most] as const } : {}),
    checked: true,
    consistent,
    ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
  };
  if (chosen.candidate.unusual) UNUSUAL.add(result);
  return result;
}

/**
 * The explained rows whose configuration is away from Keras's defaults (no bias, channels
 * first, groups): a reader choosing between inputs prefers the rows that need none of that.
 */
export const UNUSUAL: WeakSet<ExplainedRow> = new WeakSet();

/**
 * The configuration reported for a built layer: the one format with its defaults left out, and
 * without what the row cannot tell (`unread`, dotted for a wrapped layer: `"layer.rate"`).
 */
function reported(layer: Layer, unread: readonly string[] | undefined): LayerConfig {
  const config = configOf(layer) as Record<string, unknown>;
  for (const path of unread ?? []) {
    const keys = path.split(".");
    let at: Record<string, unknown> | undefined = config;
    for (const key of keys.slice(0, -1)) {
      const next: unknown = at?.[key];
      at = typeof next === "object" && next !== null ? next as Record<string, unknown> : undefined;
    }
    if (at) delete at[keys.at(-1)!];
  }
  return config as LayerConfig;
}

/** A candidate built on its input: its layer, count and output, or why it cannot be. */
export function build(kind: LayerKind, candidate: Candidate): Built {
  const nothing = { candidate, layer: undefined, count: null, output: null };
  if (!candidate.input) return nothing;
  try {
    const layer = layerFromConfig({ ...candidate.config, className: kind.className });
    const input = candidate.input;
    if (singleShape(input)) layer.build(input as Shape);
    else layer.buildFor(input as readonly Shape[]);
    return { candidate, layer, count: layer.paramCount(), output: layer.outputShape() };
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      const input = singleShape(candidate.input);
      return {
        ...nothing,
        error: `${describeConfig({ className: kind.className, ...candidate.config })} cannot ` +
          `take the input ${input ? formatShape(input) : "it is given"}: ${error.message}`,
      };
    }
    throw error;
  }
}
