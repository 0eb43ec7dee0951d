/**
 * An explanation as text: the weights as a table, the formula three ways, the gates, why, and
 * the layer a wrapper holds, indented.
 *
 * @module
 */

import { formatShape } from "../shape.ts";
import { currentLanguage, type Language } from "../language.ts";
import { type ExplanationData, numericFormula } from "./data.ts";
import { computeWords, frameWord as w, gateName, sentence } from "./sentences.ts";
import { expectWith } from "../guard.ts";

/**
 * An explanation as text.
 *
 * @param e The explanation's data.
 * @param lang The language of its words, by default the one {@linkcode setLanguage} set.
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
export function explanationText(e: ExplanationData, lang: Language = currentLanguage()): string {
  expectWith(
    "explanationText",
    "its explanation",
    e,
    "a layer's explanation (layer.explain())",
    "weights",
  );
  return textLines(e, "", lang).join("\n");
}

/** The count in words: `70 parameters, all trainable`. */
export function countText(e: ExplanationData, lang: Language = currentLanguage()): string {
  if (lang === "zh") {
    const count = `${e.paramCount} ${w("parameters", lang)}`;
    if (e.paramCount === 0) return count;
    if (e.nonTrainableParamCount === 0) return `${count}，${w("allTrainable", lang)}`;
    if (e.trainableParamCount === 0) return `${count}，${w("allNonTrainable", lang)}`;
    return `${count}：${e.trainableParamCount} 个${w("trainable", lang)}，` +
      `${e.nonTrainableParamCount} 个${w("nonTrainable", lang)}`;
  }
  const plural = e.paramCount === 1 ? "parameter" : "parameters";
  if (e.paramCount === 0) return `0 parameters`;
  if (e.nonTrainableParamCount === 0) return `${e.paramCount} ${plural}, all trainable`;
  if (e.trainableParamCount === 0) return `${e.paramCount} ${plural}, all non-trainable`;
  return `${e.paramCount} ${plural}: ${e.trainableParamCount} trainable, ` +
    `${e.nonTrainableParamCount} non-trainable`;
}

/** The symbols and their values: `n = 13 (input features), m = 5 (units)`. */
export function variablesText(e: ExplanationData, lang: Language = currentLanguage()): string {
  if (lang === "zh") {
    return e.variables.map((v) => `${v.symbol} = ${v.value}（${sentence(v.meaning, lang)}）`)
      .join("，");
  }
  return e.variables.map((v) => `${v.symbol} = ${v.value} (${v.meaning})`).join(", ");
}

/** The gate blocks in one line, or `undefined` for a layer without gates. */
export function gatesText(
  e: ExplanationData,
  lang: Language = currentLanguage(),
): string | undefined {
  if (e.gates.length === 0) return undefined;
  const first = e.gates[0];
  if (lang === "zh") {
    return `${e.gates.length} 个块，每个 ${first.symbolic} = ${first.numeric}：` +
      e.gates.map((g) => gateName(g.name, lang)).join("、");
  }
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

function textLines(e: ExplanationData, indent: string, lang: Language): string[] {
  const zh = lang === "zh";
  const lines = [`${e.layerName} (${e.className}): ${countText(e, lang)}`];
  const body: string[] = [];
  // The labels are padded to one width: "formula:  " in English, "公式：" in Chinese.
  const label = (key: "formula" | "gates" | "compute") =>
    zh ? w(key, lang) : w(key, lang).padEnd(10);
  const pad = zh ? "      " : "        ";
  if (e.weights.length > 0) {
    body.push(w("weights", lang));
    body.push(
      ...table(e.weights.map((weight) => [
        weight.name,
        formatShape(weight.shape),
        String(weight.size),
        w(weight.trainable ? "trainable" : "nonTrainable", lang),
        sentence(weight.role, lang),
      ])).map((line) => `  ${line}`),
    );
    body.push(`${label("formula")}${e.symbolic}`);
    if (e.variables.length > 0) {
      body.push(`${pad}  ${w("with", lang)} ${variablesText(e, lang)}`);
    }
    body.push(`${pad}= ${e.numeric}`);
    if (e.expanded !== numericFormula(e)) {
      body.push(`${pad}= ${e.expanded}${zh ? "" : "  "}${w("asWritten", lang)}`);
    }
    const gates = gatesText(e, lang);
    if (gates) body.push(`${label("gates")}${gates}`);
  }
  const why = (s: string) => `${w("why", lang)}${zh ? "" : " "}${sentence(s, lang)}`;
  body.push(...e.why.map(why));
  if (e.compute) {
    body.push(
      `${label("compute")}${computeWords(e.compute.formula, lang)} ${w("perExample", lang)}`,
    );
    body.push(...e.compute.why.map(why));
  }
  if (e.inner) {
    body.push(w(e.inner.relation === "shared over time" ? "innerShared" : "innerTwo", lang));
    body.push(...textLines(e.inner.explanation, "  ", lang));
  }
  return [...lines, ...body.map((l) => `  ${l}`)].map((l) => indent + l);
}
