// The HTML view of an explained summary, for Jupyter: one table row per layer with its
// inferred configuration, formula and status, flags highlighted, notes under the table.
// Everything printed in the summary is user input, so every piece of text is escaped.

import { escapeHtml } from "../html.ts";
import { formatShape } from "../shape.ts";
import { reportRows, totalsLines } from "./_report.ts";
import type { ExplainedSummary } from "./rows.ts";

const STYLE = "border-collapse:collapse;font-family:monospace;font-size:12px";
const CELL = "padding:2px 8px;text-align:left;vertical-align:top;border-bottom:1px solid #ddd";
const STATUS_STYLE: Record<string, string> = {
  "ok": "color:#1a7f37",
  "count ok": "color:#1a7f37",
  "not checked": "color:#9a6700",
  "INCONSISTENT": "color:#fff;background:#cf222e;font-weight:bold",
};

/** The report as an HTML fragment, closed by its verdict. */
export function reportHtml(result: ExplainedSummary, verdict: string): string {
  const e = escapeHtml;
  const parts: string[] = [];
  const name = result.summary.modelName ? ` of model "${result.summary.modelName}"` : "";
  parts.push(`<div class="paramlab-explain">`);
  parts.push(
    `<p><b>Model input${e(name)}:</b> <code>${
      e(result.inputShape ? formatShape(result.inputShape) : "unknown")
    }</code> <i>${e(result.inputReason)}</i></p>`,
  );
  parts.push(`<table style="${STYLE}"><thead><tr>`);
  for (const h of ["Layer (type)", "Input", "Output Shape", "Param #", "Inferred layer"]) {
    parts.push(`<th style="${CELL}">${e(h)}</th>`);
  }
  parts.push(`<th style="${CELL}">Formula</th><th style="${CELL}">Check</th></tr></thead><tbody>`);
  for (const r of reportRows(result)) {
    const flagged = r.status === "INCONSISTENT";
    parts.push(`<tr${flagged ? ` style="background:#ffebe9"` : ""}>`);
    for (const cell of [r.label, r.input, r.output, r.count, r.layer, r.formula]) {
      parts.push(`<td style="${CELL}">${e(cell)}</td>`);
    }
    const why = r.row.note ? ` title="${e(r.row.note)}"` : "";
    parts.push(
      `<td style="${CELL};${STATUS_STYLE[r.status]}"${why}>${e(r.status)}</td></tr>`,
    );
  }
  parts.push(`</tbody></table>`);
  const noted = result.rows.filter((r) => r.note);
  if (noted.length > 0) {
    parts.push(`<ul>`);
    for (const row of noted) {
      const style = row.checked && !row.consistent ? ` style="color:#cf222e"` : "";
      parts.push(
        `<li${style}><code>${e(row.name)}</code> (line ${row.line}): ${e(row.note!)}</li>`,
      );
    }
    parts.push(`</ul>`);
  }
  const totals = totalsLines(result);
  if (totals.length > 0) {
    const style = result.totals.consistent ? "" : ` style="color:#cf222e"`;
    parts.push(`<p${style}>${totals.map(e).join("<br>")}</p>`);
  }
  parts.push(`<p><b>${e(verdict)}</b></p></div>`);
  return parts.join("");
}
