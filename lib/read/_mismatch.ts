// What a row's printed numbers that its configuration does not give are told: a count that
// another input size would give, a shape the layer does not output, an annotation's arithmetic.
// Internal to the reader.

import type { Explanation } from "../explain/mod.ts";
import type { LayerConfig, LayerKind, PrintedRow } from "../layers/kind.ts";
import { nearestInputSizes } from "../infer.ts";
import { formatOutputShape, formatShape, type Shape } from "../shape.ts";
import type { ParsedRow } from "./rows.ts";
import { evaluateArithmetic } from "./_arith.ts";
import type { Built } from "./_fit.ts";
import { equation, plural, singleShape, sizeWord } from "./_text.ts";
import { describeConfig } from "./config.ts";

/** The note of a row whose printed count its configuration does not have. */
export function countMismatch(
  printed: number,
  config: LayerConfig,
  input: Shape | null,
  explanation: Explanation | undefined,
): string {
  const layerText = describeConfig(config);
  let text =
    `Printed ${printed}, but ${layerText} on ${input ? formatShape(input) : "its inputs"} ` +
    `has ${explanation?.numeric ?? "another count"}.`;
  if (!input) return text;
  try {
    const near = nearestInputSizes({ ...config, params: printed });
    const unit = sizeWord(config);
    if (near.exact !== undefined) {
      text += ` ${printed} is what it would have on ${plural(near.exact, unit)}, but the layer ` +
        `before outputs ${input.at(-1)}.`;
    } else {
      const options = [near.below, near.above].filter((a) => a !== undefined)
        .map((a) => `${a!.params} (on ${plural(a!.inputSize, unit)})`);
      text += ` No input size gives ${layerText} ${printed}; the nearest counts are ` +
        `${options.join(" and ")}.`;
    }
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
  }
  return text;
}

/** The note of a row whose printed shape its configuration does not output. */
export function shapeMismatch(
  kind: LayerKind,
  row: ParsedRow,
  printed: PrintedRow,
  config: LayerConfig,
  chosen: Built,
): string {
  const shown = formatOutputShape(row.outputShape!);
  const expected = formatOutputShape(chosen.output!);
  const input = singleShape(chosen.candidate.input);
  const text = `Printed ${shown}, but ${describeConfig(config)}${
    input ? ` on ${formatShape(input)}` : ""
  } outputs ${expected}.`;
  const hint = kind.read?.shapeHint?.(config, printed, shown, expected);
  return hint ? `${text} ${hint}` : text;
}

/** A row's annotation (`4 * (13 + 5 + 1) * 5`, `???`) checked against its count. */
export function checkAnnotation(
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
