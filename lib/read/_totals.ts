// The totals printed below a summary, checked against the rows and each other. Where Keras's
// own total differs from the sum of the rows for a reason Keras has, the reason is given
// instead of a flag: Keras 3 adds the optimizer's variables to `Total params` after training,
// and counts a weight shared or tied between layers once in the total but in every row that
// uses it. Internal to the reader.

import type { Explanation } from "../explain/mod.ts";
import { findKind, isInputClass } from "../layers/registry.ts";
import type { ParsedSummary } from "./rows.ts";
import type { Shape } from "../shape.ts";
import { quantizedBySizes } from "./_quantized.ts";
import { commas } from "./_text.ts";
import type { ExplainedRow, TotalsCheck } from "./rows.ts";

/** Checks the printed totals. */
export function checkTotals(summary: ParsedSummary, rows: readonly ExplainedRow[]): TotalsCheck {
  const notes: string[] = [];
  let consistent = true;
  const known = rows.every((r) => r.expectedParamCount !== null || !r.checked);
  let expected: TotalsCheck["expected"] = null;
  if (
    !rows.some((r) => (r.depth ?? 0) > 0 || r.depthCut) &&
    rows.every((r) => r.explanation || isInputClass(r.layer?.className ?? "")) && known
  ) {
    const sum = (f: (e: Explanation) => number) =>
      rows.reduce((acc, r) => acc + (r.explanation ? f(r.explanation) : 0), 0);
    expected = {
      totalParams: sum((e) => e.paramCount),
      trainableParams: sum((e) => e.trainableParamCount),
      nonTrainableParams: sum((e) => e.nonTrainableParamCount),
    };
  }
  const rowCount = (r: ExplainedRow) => r.paramCount ?? r.expectedParamCount;
  // The layers of nested models (expand_nested) are counted in their model's row.
  const top = rows.filter((r) => (r.depth ?? 0) === 0);
  // A row that may be a nested model's layer, its marker cut (a name column one wide): which
  // rows the total adds up is not printed.
  const depthsOpen = top.some((r) => r.depthCut);
  const printedRows = !depthsOpen && top.every((r) => rowCount(r) !== null)
    ? top.reduce((acc, r) => acc + rowCount(r)!, 0)
    : null;
  const { totalParams, trainableParams, nonTrainableParams, optimizerParams } = summary;
  const optimizer = optimizerParams ?? 0;
  let outsideLayers = 0;
  // Rows that may be some of the model's only (a summary's layer_range): totals not checked.
  let sliced = false;
  if (totalParams !== undefined) {
    // Keras 3 after training: Total = trainable + non-trainable + optimizer.
    const modelTotal = totalParams - optimizer;
    if (optimizer > 0) {
      notes.push(
        `Total params ${commas(totalParams)} includes ${commas(optimizer)} optimizer ` +
          `params (the optimizer's variables, which Keras 3 adds after training); the layers ` +
          `hold ${commas(modelTotal)}.`,
      );
    }
    let rowsExplained = false;
    // Variables a model keeps outside every layer (a TensorFlow Decision Forests model keeps
    // one) are in the totals and in no row: more than the rows, all of it non-trainable.
    const outside = printedRows !== null && printedRows < modelTotal &&
        trainableParams !== undefined && nonTrainableParams !== undefined &&
        trainableParams + nonTrainableParams === modelTotal &&
        nonTrainableParams - (expected?.nonTrainableParams ?? 0) === modelTotal - printedRows
      ? modelTotal - printedRows
      : undefined;
    if (outside !== undefined) {
      outsideLayers = outside;
      rowsExplained = true;
      notes.push(
        `Total params ${commas(modelTotal)} is ${commas(outside)} more than the rows add up ` +
          `to (${commas(printedRows!)}), all of it non-trainable: ` +
          `variables the model keeps outside every layer, which no row prints (a TensorFlow ` +
          `Decision Forests model keeps one). Freezing a layer cannot give them: its ` +
          `parameters would be in its row.`,
      );
    } else if (printedRows !== null && printedRows !== modelTotal) {
      const shared = printedRows > modelTotal
        ? sharedWeights(rows, printedRows - modelTotal)
        : undefined;
      if (shared) {
        rowsExplained = true;
        notes.push(
          `The rows add up to ${commas(printedRows)}, ${
            commas(printedRows - modelTotal)
          } more than the total ${commas(modelTotal)}: Keras counts a weight once in the ` +
            `total but in every row whose layer uses it, and ${shared} — shared or tied weights.`,
        );
      } else if (printedRows < modelTotal) {
        // summary(layer_range=...) prints some rows and the whole model's totals.
        sliced = true;
        notes.push(
          `The rows add up to ${commas(printedRows)}, ${
            commas(modelTotal - printedRows)
          } less than Total params ${commas(modelTotal)}: Keras's summary(layer_range=...) ` +
            `prints some layers with the whole model's totals, and a table does not say so, so ` +
            `the totals are not checked against the rows (a total typed wrong would read the ` +
            `same).`,
        );
      } else {
        consistent = false;
        notes.push(
          `Total params ${commas(modelTotal)} is not the sum of the rows, ${commas(printedRows)}.`,
        );
      }
    } else if (expected && expected.totalParams !== modelTotal && !rowsExplained) {
      consistent = false;
      notes.push(
        `Total params ${commas(modelTotal)}, but the inferred layers have ` +
          `${commas(expected.totalParams)}.`,
      );
    }
    if (trainableParams !== undefined && nonTrainableParams !== undefined) {
      const parts = trainableParams + nonTrainableParams;
      if (parts !== totalParams && parts !== modelTotal) {
        consistent = false;
        notes.push(
          `Trainable ${commas(trainableParams)} + non-trainable ${commas(nonTrainableParams)} = ` +
            `${commas(parts)}, not the total ${commas(totalParams)}.`,
        );
      }
    }
  }
  // Rows whose fits split their count differently widen what the layers may keep; a row read by
  // guesses (a reading that does not try every configuration: a TimeDistributed whose inner
  // layer no row prints) may keep any part of its count.
  const spread = rows.reduce((acc, r) => {
    if (!r.explanation || !(r.nonTrainableRange || r.readingIncomplete)) return acc;
    const kept = r.explanation.nonTrainableParamCount;
    const [least, most] = r.readingIncomplete
      ? [0, r.explanation.paramCount]
      : r.nonTrainableRange!;
    return { low: acc.low + least - kept, high: acc.high + most - kept };
  }, { low: 0, high: 0 });
  if (expected && nonTrainableParams !== undefined && !sliced) {
    const least = expected.nonTrainableParams + spread.low + outsideLayers;
    const most = expected.nonTrainableParams + spread.high + outsideLayers;
    if (nonTrainableParams >= least && nonTrainableParams <= most) {
      if (least !== most) {
        notes.push(
          `Non-trainable params ${nonTrainableParams} is within what the layers that fit ` +
            `the rows keep (${least} to ${most}).`,
        );
      }
    } else if (nonTrainableParams < least) {
      consistent = false;
      notes.push(
        `Non-trainable params ${nonTrainableParams}, but the layers keep at least ` +
          `${least} non-trainable (BatchNormalization's moving statistics).`,
      );
    } else {
      // LoRA freezes a kernel too (Dense, EinsumDense, Embedding: kinds with a loraRank option).
      const lora = rows.some((r) => {
        const kind = r.layer ? findKind(r.layer.className) : undefined;
        return kind !== undefined && kind.options["loraRank"] !== undefined;
      });
      notes.push(
        `Non-trainable params ${nonTrainableParams} is more than the ` +
          `${most} Keras keeps by default: some layers were frozen ` +
          `(trainable: false)${
            lora ? `, or have Keras 3's LoRA (enable_lora freezes the kernel)` : ""
          }${
            quantizedBySizes(summary)
              ? `, or were quantized (the sizes say so: model.quantize keeps its kernels and ` +
                `scales non-trainable)`
              : ""
          }.`,
      );
    }
  }
  if (depthsOpen && totalParams !== undefined) {
    notes.push(
      `A name column too narrow for the └ markers of nested models' layers leaves open which ` +
        `rows are layers of a model printed above them, so the total is not checked against ` +
        `the rows.`,
    );
  }
  const where = summary.totalsLine !== undefined && !consistent
    ? `Line ${summary.totalsLine}: `
    : "";
  notes.push(...summary.notes);
  return {
    expected,
    consistent,
    ...(sliced || (depthsOpen && totalParams !== undefined) ? { checked: false } : {}),
    ...(notes.length > 0 ? { note: where + notes.join(" ") } : {}),
  };
}

/**
 * What in the rows accounts for `extra` parameters counted twice: one row's whole count, or one
 * of its weight tensors (an embedding matrix tied to an output layer), when exactly that.
 */
function sharedWeights(rows: readonly ExplainedRow[], extra: number): string | undefined {
  for (const row of rows) {
    if (row.paramCount === extra) return `${commas(extra)} is exactly ${row.name}'s count`;
  }
  for (const row of rows) {
    for (const w of row.explanation?.weights ?? []) {
      if (w.size === extra) {
        return `${commas(extra)} is exactly the size of ${row.name}'s ${w.name}`;
      }
    }
  }
  // An output projection tied to an embedding: a (vocabulary × features) matrix counted in the
  // embedding's row and again in the row that projects features back onto the vocabulary.
  const byName = new Map(rows.map((r) => [r.name, r]));
  for (const row of rows) {
    if (row.paramCount === null || row.paramCount < extra) continue;
    const vocabulary = lastDims(row.outputShape);
    const features = new Set<number>(lastDims(row.layerInputShape));
    for (const source of row.inputsFrom ?? []) {
      for (const d of lastDims(byName.get(source)?.outputShape ?? null)) features.add(d);
    }
    for (const v of vocabulary) {
      for (const h of features) {
        if (v * h === extra) {
          return `${commas(extra)} = ${v} × ${h} is the size of a (${v}, ${h}) matrix: an ` +
            `embedding tied to ${row.name}'s projection onto its ${v} outputs`;
        }
      }
    }
  }
  return undefined;
}

function lastDims(shape: Shape | readonly Shape[] | null): number[] {
  if (!shape || shape.length === 0) return [];
  const shapes = Array.isArray(shape[0]) ? (shape as readonly Shape[]) : [shape as Shape];
  return shapes.map((s) => s.at(-1)).filter((d): d is number => typeof d === "number");
}
