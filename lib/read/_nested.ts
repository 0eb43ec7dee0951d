// A nested model's row (`encoder (Functional)`) checked against the model's own summary, when
// that was printed too (a notebook prints the encoder, then the autoencoder that uses it): its
// count is that summary's total, its output that summary's last output. Internal to the reader.

import { applicationByModelName, rebuildApplication } from "../applications/lookup.ts";
import type { ParsedRow } from "./rows.ts";
import { formatOutputShape, sameShape, type Shape } from "../shape.ts";
import { commas, plural, singleShape } from "./_text.ts";
import type { ExplainedRow, ExplainedSummary } from "./rows.ts";

type Base = Omit<ExplainedRow, "checked" | "consistent">;

/** Checks a nested model's row against the model's own explained summary. */
export function explainNested(
  row: ParsedRow,
  nested: ExplainedSummary,
  base: Base,
): ExplainedRow {
  const name = `the summary of Model "${nested.summary.modelName ?? row.name}"`;
  const notChecked = (note: string): ExplainedRow => ({
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: "nested model not checked",
    note,
  });
  const total = nested.summary.totalParams;
  if (total === undefined) {
    return notChecked(`${name} prints no total, so this row's count is not checked.`);
  }
  const unchecked = nested.rows.filter((r) => !r.checked).length;
  if (!nested.consistent || unchecked > 0) {
    return notChecked(
      `${name} is printed too, but ${
        nested.consistent
          ? `${plural(unchecked, "of its rows")} could not be checked`
          : "it is flagged"
      }, so this row is not checked by it.`,
    );
  }
  if (row.paramCount !== null && row.paramCount !== total) {
    return notChecked(
      `${name} totals ${commas(total)}, not the ${commas(row.paramCount)} printed here: another ` +
        `model of the same name, so this row is not checked.`,
    );
  }
  const top = nested.rows.filter((r) => (r.depth ?? 0) === 0);
  const last = top.at(-1);
  const output = last ? last.outputSingle ?? singleShape(last.expectedOutputShape) : null;
  const printed = row.outputSingle;
  if (printed && !row.outputShapeCut && (!output || !sameShape(printed, output))) {
    return notChecked(
      `${name} totals ${commas(total)}, but its last layer outputs ${
        output ? formatOutputShape(output) : "a shape not printed"
      }, not ${formatOutputShape(printed)}, so this row is not checked by it.`,
    );
  }
  return {
    ...base,
    expectedParamCount: total,
    expectedOutputShape: output,
    filled: row.paramCount === null,
    checked: true,
    consistent: true,
    note: `A nested model: ${name}, printed before it, totals ${commas(total)}, and all ` +
      `${plural(nested.rows.length, "row")} of it were checked.`,
  };
}

/**
 * Checks a nested model's row whose name is Keras's default for an application it builds
 * (`efficientnetb0`, `mobilenetv2_1.00_224`): the application is rebuilt on the row's input, with
 * or without its top and pooling, and must give the printed count and output shape. A row it
 * does not fit is not checked (another Keras version, or another model of that name), never
 * flagged. Returns `undefined` when the name is no application's.
 */
export function explainApplication(
  row: ParsedRow,
  input: Shape | null,
  base: Base,
): ExplainedRow | undefined {
  const match = applicationByModelName(row.name);
  if (!match) return undefined;
  const application = match.application.name;
  const printed = row.outputSingle;
  const notChecked = (why: string): ExplainedRow => ({
    ...base,
    checked: false,
    consistent: true,
    notCheckedReason: `${application} not rebuilt`,
    note: `"${row.name}" is the name Keras gives ${application}, ${why}, so this row is not ` +
      `checked.`,
  });
  if (!printed || row.outputShapeCut) {
    return notChecked("but its output shape is not printed whole");
  }
  const rebuilt = rebuildApplication(row.name, {
    outputShape: printed,
    ...(row.paramCount === null ? {} : { params: row.paramCount }),
    ...(input ? { inputShape: input } : {}),
  });
  if (!rebuilt) {
    return notChecked(
      `but none of the variants paramlab builds (with or without its top, each pooling, ` +
        `ImageNet's weights or none) gives this row's count and output on ${
          input ? formatOutputShape(input) : "any input it tries"
        }`,
    );
  }
  const { model, args } = rebuilt;
  const given = [
    `includeTop: ${args.includeTop !== false}`,
    ...(args.pooling ? [`pooling: "${args.pooling}"`] : []),
    ...(args.alpha !== undefined ? [`alpha: ${args.alpha}`] : []),
    ...(args.includeTop !== false && args.classes !== undefined
      ? [`classes: ${args.classes}`]
      : []),
  ];
  const count = model.paramCount();
  return {
    ...base,
    layerInputShape: model.inputShape() as Shape,
    expectedParamCount: count,
    expectedOutputShape: model.outputShape(),
    filled: row.paramCount === null,
    checked: true,
    consistent: true,
    note: `A nested model: "${row.name}" is the name Keras gives ${application}; ` +
      `${application}({ ${given.join(", ")} }) on ${formatOutputShape(model.inputShape())} has ${
        commas(count)
      } parameters (${commas(model.trainableParamCount())} trainable) in ` +
      `${plural(model.layers.length, "layer")} and outputs ${
        formatOutputShape(model.outputShape())
      }` +
      `${
        rebuilt.inputShapeGuessed
          ? `; its input size is not printed, and another size with the same output gives the ` +
            `same count`
          : ""
      }.`,
  };
}
