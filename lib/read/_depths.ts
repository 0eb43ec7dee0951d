// The depth of a nested layer whose `└` marker a column cut (summary's `positions`), settled
// from the rows above it where they leave one. Internal to the reader.

import { findKind, isModelClassPrefix } from "../layers/registry.ts";
import type { ParsedRow, ParsedSummary } from "./rows.ts";

/**
 * Whether the layer of a row may be a model printed with its layers below it: Keras's
 * `expand_nested` expands any layer that has layers, a model (a subclass of the user's own too,
 * or a keras-hub backbone), never a layer of a kind the library knows.
 */
function mayHoldLayers(row: ParsedRow): boolean {
  const className = row.className;
  if (className === undefined || row.classNameCut) return true;
  return isModelClassPrefix(className) || /Backbone$/.test(className) ||
    findKind(className) === undefined;
}

/**
 * The summary with each row whose `└` marker a column cut (`depthCut`, `depth` the least it may
 * be) given its depth when the row above leaves one: no deeper than that row's, or one deeper
 * when that row may hold layers. A row left between two depths keeps `depthCut`.
 *
 * @param summary The parsed summary.
 * @returns The summary, its rows settled.
 *
 * @example The first layer of a nested model whose marker a column three wide cut
 * ```ts
 * import { settleCutDepths } from "./_depths.ts";
 * import assert from "assert";
 *
 * const rows = [
 *   { name: "block", className: "Sequential", depth: 0 },
 *   { name: "dense", className: "Dense", depth: 1, depthCut: true },
 *   { name: "relu", className: "ReLU", depth: 1, depthCut: true },
 * ];
 * const settled = settleCutDepths({ rows } as never).rows;
 * assert.deepEqual(settled.map((r) => [r.depth, r.depthCut]), [[0, undefined], [1, undefined], [1, undefined]]);
 * ```
 */
export function settleCutDepths(summary: ParsedSummary): ParsedSummary {
  if (!summary.rows.some((row) => row.depthCut)) return summary;
  const rows: ParsedRow[] = [];
  for (const row of summary.rows) {
    const above = rows.at(-1);
    if (!row.depthCut || above === undefined || above.depthCut) {
      rows.push(row);
      continue;
    }
    const most = (above.depth ?? 0) + (mayHoldLayers(above) ? 1 : 0);
    if (most !== (row.depth ?? 0)) {
      rows.push(row);
      continue;
    }
    const { depthCut: _, ...settled } = row;
    rows.push(settled);
  }
  return { ...summary, rows };
}
