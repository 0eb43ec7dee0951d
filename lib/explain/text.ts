/**
 * An explanation as text: the weights as a table, the formula three ways, the gates, why, and
 * the layer a wrapper holds, indented.
 *
 * @module
 */

import { formatShape } from "../shape.ts";
import { type ExplanationData, numericFormula } from "./data.ts";

/**
 * An explanation as text.
 *
 * @param e The explanation's data.
 * @returns Several lines: the weights, the formula three ways, the gates, the inner layer, why.
 *
 * @example
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import { explanationText } from "./text.ts";
 * import assert from "assert";
 *
 * const text = explanationText(new Dense({ units: 5, inputShape: [13] }).explain());
 * assert.match(text, /13 × 5 \+ 5 = 70/);
 * ```
 */
export function explanationText(e: ExplanationData): string {
  return textLines(e, "").join("\n");
}

/** The count in words: `70 parameters, all trainable`. */
export function countText(e: ExplanationData): string {
  const plural = e.paramCount === 1 ? "parameter" : "parameters";
  if (e.paramCount === 0) return `0 parameters`;
  if (e.nonTrainableParamCount === 0) return `${e.paramCount} ${plural}, all trainable`;
  if (e.trainableParamCount === 0) return `${e.paramCount} ${plural}, all non-trainable`;
  return `${e.paramCount} ${plural}: ${e.trainableParamCount} trainable, ` +
    `${e.nonTrainableParamCount} non-trainable`;
}

/** The symbols and their values: `n = 13 (input features), m = 5 (units)`. */
export function variablesText(e: ExplanationData): string {
  return e.variables.map((v) => `${v.symbol} = ${v.value} (${v.meaning})`).join(", ");
}

/** The gate blocks in one line, or `undefined` for a layer without gates. */
export function gatesText(e: ExplanationData): string | undefined {
  if (e.gates.length === 0) return undefined;
  const first = e.gates[0];
  return `${e.gates.length} blocks, each ${first.symbolic} = ${first.numeric}: ` +
    e.gates.map((g) => g.name).join(", ");
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ").trimEnd()
  );
}

function textLines(e: ExplanationData, indent: string): string[] {
  const lines = [`${e.layerName} (${e.className}): ${countText(e)}`];
  const body: string[] = [];
  if (e.weights.length > 0) {
    body.push("weights:");
    body.push(
      ...table(e.weights.map((w) => [
        w.name,
        formatShape(w.shape),
        String(w.size),
        w.trainable ? "trainable" : "non-trainable",
        w.role,
      ])).map((line) => `  ${line}`),
    );
    body.push(`formula:  ${e.symbolic}`);
    if (e.variables.length > 0) body.push(`          with ${variablesText(e)}`);
    body.push(`        = ${e.numeric}`);
    if (e.expanded !== numericFormula(e)) {
      body.push(`        = ${e.expanded}  (as the documents write it)`);
    }
    const gates = gatesText(e);
    if (gates) body.push(`gates:    ${gates}`);
  }
  body.push(...e.why.map((sentence) => `why: ${sentence}`));
  if (e.compute) {
    body.push(`compute:  ${e.compute.formula} per example (FLOPs = 2 × MACs)`);
    body.push(...e.compute.why.map((sentence) => `why: ${sentence}`));
  }
  if (e.inner) {
    body.push(
      e.inner.relation === "shared over time"
        ? "inner layer (one copy, shared over time):"
        : "inner layer (two copies, forward and backward):",
    );
    body.push(...textLines(e.inner.explanation, "  "));
  }
  return [...lines, ...body.map((l) => `  ${l}`)].map((l) => indent + l);
}
