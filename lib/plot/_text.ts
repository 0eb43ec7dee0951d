/**
 * Text helpers shared by the plot builders.
 *
 * @module
 */

import { escapeHtml } from "../html.ts";

/**
 * Turns user text into plotly's label markup: HTML-escaped, newlines as `<br>`.
 *
 * plotly.js draws titles, trace names and hover text from a small HTML-like markup, so a
 * layer named `<b>` would otherwise turn bold, and the text is also embedded in HTML pages.
 *
 * @param text Any text, e.g. a layer name or a formula.
 * @returns The text as plotly markup.
 *
 * @example A name and a two-line formula
 * ```ts
 * import { plotlyText } from "./_text.ts";
 * import assert from "assert";
 *
 * assert.equal(plotlyText("<b>"), "&lt;b&gt;");
 * assert.equal(plotlyText("4*(1*10 + 10*10 + 10)\n= 480"), "4*(1*10 + 10*10 + 10)<br>= 480");
 * ```
 */
export function plotlyText(text: string): string {
  // plotly.js decodes every numeric entity but only a few named ones (&amp; &lt; &gt; among
  // them, &quot; not), so a quote is written as &#34; to show as a quote.
  return escapeHtml(text).replaceAll("&quot;", "&#34;").replaceAll("\n", "<br>");
}

/**
 * JSON that is safe inside an HTML `<script>` element: no `<`, `>` or `&` left.
 *
 * @param value Anything `JSON.stringify` takes.
 * @returns JSON text that parses back to the same value.
 *
 * @example A closing script tag stays inside its string
 * ```ts
 * import { scriptSafeJson } from "./_text.ts";
 * import assert from "assert";
 *
 * const json = scriptSafeJson({ name: "</script>" });
 * assert.equal(json, '{"name":"\\u003c/script\\u003e"}');
 * assert.deepEqual(JSON.parse(json), { name: "</script>" });
 * ```
 */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/**
 * `"min … max"` of some numbers, or `"none"`.
 *
 * @param values Numbers; non-finite ones are ignored.
 * @returns The range as text.
 *
 * @example Parameter counts
 * ```ts
 * import { range } from "./_text.ts";
 * import assert from "assert";
 *
 * assert.equal(range([480, 11, 1200]), "11 … 1,200");
 * assert.equal(range([]), "none");
 * ```
 */
export function range(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "none";
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return min === max ? formatNumber(min) : `${formatNumber(min)} … ${formatNumber(max)}`;
}

/**
 * `"first … last"` of some axis labels.
 *
 * @param labels Axis labels, numbers or text.
 * @returns The first and last label as text.
 *
 * @example Layer names
 * ```ts
 * import { labelRange } from "./_text.ts";
 * import assert from "assert";
 *
 * assert.equal(labelRange(["lstm", "lstm_1", "dense"]), "lstm … dense");
 * ```
 */
export function labelRange(labels: readonly (number | string)[]): string {
  if (labels.length === 0) return "none";
  const first = formatLabel(labels[0]);
  return labels.length === 1 ? first : `${first} … ${formatLabel(labels[labels.length - 1])}`;
}

function formatLabel(label: number | string): string {
  return typeof label === "number" ? formatNumber(label) : label;
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString("en-US") : String(value);
}
