/**
 * A model's summary rows, as Keras's `print_summary` lists them: one per layer (or operation),
 * with Keras's options `expandNested` (a nested model's layers under it, `└ ` indented),
 * `showTrainable` (`Y`, `N`, or `-` for a layer without weights) and `layerRange` (the rows from
 * the first name matching the start to the last matching the end). Sequential and Model both
 * build their rows here.
 *
 * @module
 */

import type { Layer, OutputShape, WeightTotals } from "../layers/base.ts";
import type { SummaryData, SummaryOptions, SummaryRow } from "./data.ts";
import { explainLayer } from "../explain/mod.ts";
import { isInputClass } from "../layers/registry.ts";

/** What the rows need of each layer besides the layer itself. */
export interface RowSource {
  /** The layer's output shape as the model sees it. */
  readonly outputShape: (layer: Layer) => OutputShape;
  /** For a graph, the tensors the layer reads (`Connected to`); otherwise `undefined`. */
  readonly connections?: (layer: Layer) => readonly string[];
}

/**
 * The rows of a summary.
 *
 * @param layers The model's layers (or operations), in order.
 * @param source Shapes and connections.
 * @param options `explain`, `expandNested`, `showTrainable`, `layerRange`.
 * @returns The rows.
 *
 * @example
 * ```ts
 * import { summaryRows } from "./rows.ts";
 * import { Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense(2, { inputShape: [3] });
 * const rows = summaryRows([dense], { outputShape: (l) => l.outputShape() }, {
 *   showTrainable: true,
 * });
 * assert.equal(rows[0].trainableFlag, "Y");
 * ```
 */
export function summaryRows(
  layers: readonly Layer[],
  source: RowSource,
  options: Pick<SummaryOptions, "explain" | "expandNested" | "showTrainable" | "layerRange"> = {},
): SummaryRow[] {
  const [from, to] = rangeOf(layers, options.layerRange);
  const rows: SummaryRow[] = [];
  const add = (layer: Layer, level: number, top: boolean) => {
    const params = layer.paramCount();
    // Written field by field into an empty object, in the same key order: a literal with keys
    // is an allocation site V8 may pretenure (see `lib/layers/_built.ts`), as it did this one.
    const row = {} as { -readonly [K in keyof SummaryRow]: SummaryRow[K] };
    row.name = level === 0 ? layer.name : `${"   ".repeat(level)}└ ${layer.name}`;
    row.className = layer.className;
    row.outputShape = top ? source.outputShape(layer) : layer.outputShape();
    row.paramCount = params;
    if (top && source.connections) row.connectedTo = source.connections(layer);
    if (isInputClass(layer.kind.className)) row.isInput = true;
    if (options.showTrainable) {
      row.trainableFlag = layer.weights().length === 0 ? "-" : layer.trainable ? "Y" : "N";
    }
    if (options.explain && params > 0) row.formula = explainLayer(layer).annotation;
    rows.push(row);
    // Asked only when expanding: most layers have no `model`, and a missing property is looked
    // up along each class's prototype chain.
    if (!options.expandNested) return;
    const nested = (layer as { model?: { layers?: readonly Layer[] } }).model?.layers;
    if (nested && nested.length > 0) {
      for (const inner of nested) add(inner, level + 1, false);
    }
  };
  for (let i = from; i < to; i++) add(layers[i], 0, true);
  return rows;
}

/** Keras's `get_layer_index_bound_by_layer_name`: names (or patterns) to a slice. */
function rangeOf(layers: readonly Layer[], range: readonly string[] | undefined): [number, number] {
  if (range === undefined) return [0, layers.length];
  if (!Array.isArray(range) || range.length !== 2 || !range.every((r) => typeof r === "string")) {
    throw new TypeError(
      `Invalid layerRange for summary: expected two layer names, e.g. ["dense", "dense_2"], ` +
        `received ${JSON.stringify(range)}`,
    );
  }
  const matches = (pattern: string) =>
    layers.flatMap((l, i) => (new RegExp(pattern).test(l.name) ? [i] : []));
  const starts = matches(range[0]);
  const ends = matches(range[1]);
  if (starts.length === 0 || ends.length === 0) {
    throw new TypeError(
      `Passed layerRange does not match any layer name: no layer matches ${
        JSON.stringify(starts.length === 0 ? range[0] : range[1])
      }`,
    );
  }
  return [starts[0], ends.at(-1)! + 1];
}

/**
 * A summary's totals and their bytes, from a model's weight totals.
 *
 * @param totals The model's totals.
 * @returns The summary's total fields.
 *
 * @example
 * ```ts
 * import { totalsData } from "./rows.ts";
 * import assert from "assert";
 *
 * const data = totalsData({
 *   total: 15,
 *   trainable: 15,
 *   nonTrainable: 0,
 *   totalBytes: 30,
 *   trainableBytes: 30,
 *   nonTrainableBytes: 0,
 * });
 * assert.equal(data.bytes?.total, 30);
 * ```
 */
export function totalsData(totals: WeightTotals): Pick<
  SummaryData,
  "totalParams" | "trainableParams" | "nonTrainableParams" | "bytes"
> {
  return {
    totalParams: totals.total,
    trainableParams: totals.trainable,
    nonTrainableParams: totals.nonTrainable,
    bytes: {
      total: totals.totalBytes,
      trainable: totals.trainableBytes,
      nonTrainable: totals.nonTrainableBytes,
    },
  };
}
