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
 */
export function plotlyText(text: string): string {
  return escapeHtml(text).replaceAll("\n", "<br>");
}

/** JSON that is safe inside an HTML `<script>` element: no `<`, `>` or `&` left. */
export function scriptSafeJson(value: unknown): string {
  return JSON.stringify(value).replace(
    /[<>&\u2028\u2029]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

/** `"min … max"` of some numbers, or `"none"`. */
export function range(values: readonly number[]): string {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return "none";
  const min = Math.min(...finite);
  const max = Math.max(...finite);
  return min === max ? formatNumber(min) : `${formatNumber(min)} … ${formatNumber(max)}`;
}

/** `"first … last"` of some axis labels. */
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
