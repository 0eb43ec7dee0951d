/**
 * A model summary as an HTML table, for Jupyter.
 *
 * @module
 */

import { escapeHtml } from "../html.ts";
import { formatOutputShape } from "../shape.ts";
import type { SummaryData } from "./data.ts";
import type { TableOptions } from "./options.ts";
import { formatCount, readableMemorySize } from "./_format.ts";
import { computeLine, hasCompute, macsCell } from "./_compute.ts";
import { expectWith } from "../guard.ts";

const CELL = "padding:2px 10px;border-bottom:1px solid #ddd;";
const LEFT = `${CELL}text-align:left;`;
const RIGHT = `${CELL}text-align:right;`;

/**
 * Renders a summary as an HTML `<table>`: the columns of Keras's table, counts with thousands
 * separators, and the totals with their memory size (4 bytes per parameter) below. With
 * `explain`, a `Formula` column shows each row's formula. Every text from the data (model name,
 * layer names and classes, formulas) is escaped, so a hostile layer name cannot inject markup.
 *
 * @param data What the summary says.
 * @param options Only `explain` is used.
 * @returns One `<table>` element with inline styles.
 *
 * @example Names are escaped
 * ```ts
 * import { renderHtml } from "./html.ts";
 * import assert from "assert";
 *
 * const html = renderHtml({
 *   modelName: "sequential",
 *   rows: [{ name: "<b>x</b>", className: "Dense", outputShape: [null, 1], paramCount: 11 }],
 *   totalParams: 11,
 *   trainableParams: 11,
 *   nonTrainableParams: 0,
 * });
 * assert.ok(html.startsWith("<table"));
 * assert.ok(html.includes("&lt;b&gt;x&lt;/b&gt; (Dense)"));
 * assert.ok(!html.includes("<b>x</b>"));
 * ```
 */
export function renderHtml(data: SummaryData, options: Pick<TableOptions, "explain"> = {}): string {
  expectWith("renderHtml", "its data", data, "a summary's data (model.summaryData())", "rows");
  const explain = (options.explain ?? false) && data.rows.some((row) => row.formula);
  const compute = hasCompute(data);
  const headers = [
    `<th style="${LEFT}">Layer (type)</th>`,
    `<th style="${LEFT}">Output Shape</th>`,
    `<th style="${RIGHT}">Param #</th>`,
    ...(data.connections ? [`<th style="${LEFT}">Connected to</th>`] : []),
    ...(explain ? [`<th style="${LEFT}">Formula</th>`] : []),
    ...(compute ? [`<th style="${RIGHT}">MACs</th>`] : []),
  ];
  const rows = data.rows.map((row) => {
    const cells = [
      `<td style="${LEFT}">${escapeHtml(row.name)} (${escapeHtml(row.className)})</td>`,
      `<td style="${LEFT}">${escapeHtml(formatOutputShape(row.outputShape))}</td>`,
      `<td style="${RIGHT}">${formatCount(row.paramCount)}</td>`,
      ...(data.connections
        ? [
          `<td style="${LEFT}">${
            row.connectedTo?.length ? row.connectedTo.map(escapeHtml).join("<br>") : "-"
          }</td>`,
        ]
        : []),
      ...(explain ? [`<td style="${LEFT}">${escapeHtml(row.formula ?? "")}</td>`] : []),
      ...(compute ? [`<td style="${RIGHT}">${macsCell(row.macs)}</td>`] : []),
    ];
    return `<tr>${cells.join("")}</tr>`;
  });
  const total = (label: string, count: number, bytes = count * 4) =>
    `<tr><td colspan="${headers.length}" style="padding:2px 10px;">${label}: ` +
    `<b>${formatCount(count)}</b> (${readableMemorySize(bytes)})</td></tr>`;
  return [
    `<table style="border-collapse:collapse;font-family:monospace;">`,
    `<caption style="text-align:left;font-weight:bold;padding:2px 10px;">Model: "${
      escapeHtml(data.modelName)
    }"</caption>`,
    `<thead><tr style="border-bottom:2px solid #333;">${headers.join("")}</tr></thead>`,
    `<tbody>${rows.join("")}</tbody>`,
    `<tfoot>${
      [
        total("Total params", data.totalParams, data.bytes?.total),
        total("Trainable params", data.trainableParams, data.bytes?.trainable),
        total("Non-trainable params", data.nonTrainableParams, data.bytes?.nonTrainable),
        ...(compute
          ? [
            `<tr><td colspan="${headers.length}" style="padding:2px 10px;">${
              escapeHtml(computeLine(data))
            }</td></tr>`,
          ]
          : []),
      ].join("")
    }</tfoot>`,
    `</table>`,
  ].join("\n");
}
