/**
 * An explanation as HTML, every text escaped: a table of the weights, the formulas, the gates,
 * why, and the layer a wrapper holds, indented.
 *
 * @module
 */

import { escapeHtml } from "../html.ts";
import { formatShape } from "../shape.ts";
import { type ExplanationData, numericFormula } from "./data.ts";
import { countText, gatesText, variablesText } from "./text.ts";

/**
 * An explanation as HTML.
 *
 * @param e The explanation's data.
 * @param drawing A drawing of the weights to show under the heading, an SVG string this library
 *   made (`explanationSvg`): it is inserted as it is, not escaped.
 * @returns A `<div>` with a table of the weights and the formulas.
 *
 * @example
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import { explanationHtml } from "./html.ts";
 * import assert from "assert";
 *
 * const html = explanationHtml(new Dense({ units: 5, inputShape: [13], name: "<b>" }).explain());
 * assert.ok(html.includes("&lt;b&gt;") && !html.includes("<b>"));
 * ```
 */
export function explanationHtml(e: ExplanationData, drawing?: string): string {
  const esc = escapeHtml;
  // Jupyter's stylesheets right-align table cells; every cell says how it aligns.
  const left = `style="text-align:left;padding:2px 10px"`;
  const right = `style="text-align:right;padding:2px 10px"`;
  const parts = [
    `<div class="paramlab-explanation">`,
    `<p><strong>${esc(e.layerName)}</strong> (${esc(e.className)}): ${esc(countText(e))}</p>`,
  ];
  if (drawing) parts.push(`<div class="paramlab-weights-drawing">${drawing}</div>`);
  if (e.weights.length > 0) {
    parts.push(
      `<table><thead><tr><th ${left}>weight</th><th ${left}>shape</th><th ${right}>size</th>` +
        `<th ${left}>trainable</th><th ${left}>what it holds</th></tr></thead><tbody>`,
    );
    for (const w of e.weights) {
      parts.push(
        `<tr><td ${left}><code>${esc(w.name)}</code></td><td ${left}>${
          esc(formatShape(w.shape))
        }</td><td ${right}>${w.size}</td><td ${left}>${w.trainable ? "yes" : "no"}</td>` +
          `<td ${left}>${esc(w.role)}</td></tr>`,
      );
    }
    parts.push(`</tbody></table>`);
    const vars = e.variables.length > 0 ? ` with ${esc(variablesText(e))}` : "";
    const asWritten = e.expanded !== numericFormula(e)
      ? `<br>= <code>${esc(e.expanded)}</code> (as the documents write it)`
      : "";
    parts.push(
      `<p>formula: <code>${esc(e.symbolic)}</code>${vars}<br>` +
        `= <code>${esc(e.numeric)}</code>${asWritten}</p>`,
    );
    const gates = gatesText(e);
    if (gates) parts.push(`<p>gates: ${esc(gates)}</p>`);
  }
  for (const sentence of e.why) parts.push(`<p>${esc(sentence)}</p>`);
  if (e.compute) {
    parts.push(
      `<p>compute: <code>${esc(e.compute.formula)}</code> per example (FLOPs = 2 × MACs)</p>`,
    );
    for (const sentence of e.compute.why) parts.push(`<p>${esc(sentence)}</p>`);
  }
  if (e.inner) {
    parts.push(
      `<p>${
        esc(
          e.inner.relation === "shared over time"
            ? "Inner layer, shared over time:"
            : "Inner layer, two copies:",
        )
      }</p>`,
    );
    parts.push(`<div style="margin-left:1.5em">${explanationHtml(e.inner.explanation)}</div>`);
  }
  parts.push(`</div>`);
  return parts.join("\n");
}
