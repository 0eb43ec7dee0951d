/**
 * An explanation as HTML, every text escaped: a table of the weights, the formulas, the gates,
 * why, and the layer a wrapper holds, indented.
 *
 * @module
 */

import { escapeHtml } from "../html.ts";
import { formatShape } from "../shape.ts";
import { type ExplanationData, numericFormula } from "./data.ts";
import { currentLanguage, type Language } from "../language.ts";
import { computeWords, frameWord, sentence } from "./sentences.ts";
import { countText, gatesText, variablesText } from "./text.ts";
import { expectWith } from "../guard.ts";

/**
 * An explanation as HTML.
 *
 * @param e The explanation's data.
 * @param drawing A drawing of the weights to show under the heading, an SVG string this library
 *   made (`explanationSvg`): it is inserted as it is, not escaped.
 * @param lang The language of its words, by default the one {@linkcode setLanguage} set.
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
export function explanationHtml(
  e: ExplanationData,
  drawing?: string,
  lang: Language = currentLanguage(),
): string {
  expectWith(
    "explanationHtml",
    "its explanation",
    e,
    "a layer's explanation (layer.explain())",
    "weights",
  );
  const esc = escapeHtml;
  const w = (key: Parameters<typeof frameWord>[0]) => esc(frameWord(key, lang));
  const zh = lang === "zh";
  const space = zh ? "" : " ";
  // Jupyter's stylesheets right-align table cells; every cell says how it aligns.
  const left = `style="text-align:left;padding:2px 10px"`;
  const right = `style="text-align:right;padding:2px 10px"`;
  const parts = [
    `<div class="paramlab-explanation">`,
    `<p><strong>${esc(e.layerName)}</strong> (${esc(e.className)}): ${esc(countText(e, lang))}</p>`,
  ];
  if (drawing) parts.push(`<div class="paramlab-weights-drawing">${drawing}</div>`);
  if (e.weights.length > 0) {
    parts.push(
      `<table><thead><tr><th ${left}>${w("weight")}</th><th ${left}>${w("shape")}</th>` +
        `<th ${right}>${w("size")}</th><th ${left}>${w("trainable")}</th>` +
        `<th ${left}>${w("whatItHolds")}</th></tr></thead><tbody>`,
    );
    for (const weight of e.weights) {
      parts.push(
        `<tr><td ${left}><code>${esc(weight.name)}</code></td><td ${left}>${
          esc(formatShape(weight.shape))
        }</td><td ${right}>${weight.size}</td><td ${left}>${
          w(weight.trainable ? "yes" : "no")
        }</td>` +
          `<td ${left}>${esc(sentence(weight.role, lang))}</td></tr>`,
      );
    }
    parts.push(`</tbody></table>`);
    const vars = e.variables.length > 0 ? ` ${w("with")} ${esc(variablesText(e, lang))}` : "";
    const asWritten = e.expanded !== numericFormula(e)
      ? `<br>= <code>${esc(e.expanded)}</code>${zh ? "" : " "}${w("asWritten")}`
      : "";
    parts.push(
      `<p>${w("formula")}${space}<code>${esc(e.symbolic)}</code>${vars}<br>` +
        `= <code>${esc(e.numeric)}</code>${asWritten}</p>`,
    );
    const gates = gatesText(e, lang);
    if (gates) parts.push(`<p>${w("gates")}${space}${esc(gates)}</p>`);
  }
  for (const s of e.why) parts.push(`<p>${esc(sentence(s, lang))}</p>`);
  if (e.compute) {
    parts.push(
      `<p>${w("compute")}${space}<code>${esc(computeWords(e.compute.formula, lang))}</code> ${
        w("perExample")
      }</p>`,
    );
    for (const s of e.compute.why) parts.push(`<p>${esc(sentence(s, lang))}</p>`);
  }
  if (e.inner) {
    parts.push(
      `<p>${w(e.inner.relation === "shared over time" ? "innerSharedHtml" : "innerTwoHtml")}</p>`,
    );
    parts.push(
      `<div style="margin-left:1.5em">${
        explanationHtml(e.inner.explanation, undefined, lang)
      }</div>`,
    );
  }
  parts.push(`</div>`);
  return parts.join("\n");
}
