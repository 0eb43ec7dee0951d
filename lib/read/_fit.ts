// Whether a configuration built for a row gives what the row prints: its output shape, whole or
// cut short, and which of several fitting configurations comes first. Internal to the reader.

import type { Layer, OutputShape } from "../layers/base.ts";
import type { ParsedRow } from "./rows.ts";
import type { Candidate } from "./_candidates.ts";
import { singleShape } from "./_text.ts";

/** A candidate configuration built: its layer, count and output, or why it does not build. */
export interface Built {
  readonly candidate: Candidate;
  readonly layer: Layer | undefined;
  readonly count: number | null;
  readonly output: OutputShape | null;
  readonly error?: string;
}

/** Whether a built configuration's output is the row's printed one (or starts it, when cut). */
export function shapeFits(built: Built, row: ParsedRow): boolean {
  if (!built.output) return false;
  if (row.outputShape === null) return true;
  if (row.outputShapeCut) {
    // A list of outputs cut short keeps its first ones whole: the configuration's must start so.
    // One the cut fell inside (`(None,`) gives only its first sizes.
    const printedList = row.outputList;
    if (printedList !== null && printedList.length > 0) {
      const outputs = built.output;
      const last = printedList.length - 1;
      return Array.isArray(outputs[0]) && outputs.length >= printedList.length &&
        printedList.every((shape, i) => {
          const output = outputs[i] as OutputShape;
          return i === last && row.outputLastCut
            ? shape.length <= output.length && shape.every((d, at) => d === output[at])
            : sameOutput(shape, output);
        });
    }
    const expected = singleShape(built.output);
    const printed = row.outputSingle;
    return !expected || !printed || printed.every((d, i) => d === expected[i]);
  }
  return sameOutput(row.outputShape, built.output);
}

/**
 * The fitting configurations, those whose output is the printed one size for size first: one
 * that leaves a printed size unknown (a Flatten of a step of unknown length where a pooling
 * gives the printed size, a pooling over the wrong axis where channels first gives it) fits
 * only as Keras 2's tensors may know more, and comes after. Among each, Keras's defaults come
 * before an unusual configuration.
 */
export function preferPrintedSizes(exact: readonly Built[], row: ParsedRow): Built[] {
  const strict = (b: Built) =>
    row.outputShape === null || row.outputShapeCut || sameOutput(row.outputShape, b.output!, true);
  const rank = (b: Built) => (strict(b) ? 0 : 2) + (b.candidate.unusual ? 1 : 0);
  return exact.map((b, i) => ({ b, i, r: rank(b) }))
    .sort((x, y) => x.r - y.r || x.i - y.i).map((x) => x.b);
}

/**
 * Whether a printed output is what Keras computes. A dimension Keras's shape inference leaves
 * unknown (`None`, from an unknown input dimension) may be printed as a number: Keras 2 prints a
 * layer's output from the tensor it was called on, which can know more than the row above.
 */
function sameOutput(printed: OutputShape, expected: OutputShape, strict = false): boolean {
  if (printed.length !== expected.length) return false;
  for (let i = 0; i < printed.length; i++) {
    const p = printed[i];
    const e = expected[i];
    if (Array.isArray(p) || Array.isArray(e)) {
      if (!Array.isArray(p) || !Array.isArray(e) || !sameOutput(p, e, strict)) return false;
    } else if (p !== e && (strict || !(e === null && i > 0))) {
      return false;
    }
  }
  return true;
}
