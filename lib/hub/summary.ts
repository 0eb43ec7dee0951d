/**
 * A keras-hub backbone's `summary()`, as Keras 3 prints it: the layers and the operations between
 * them (`get_item (GetItem)`), each with its output shape (a sequence of unknown length prints
 * `(None, None, 768)`), in Keras's order, with the `Connected to` column when the graph is not a
 * plain stack. A backbone whose shapes or connections are not modelled is refused with that
 * reason, never guessed.
 *
 * @module
 */

import type { HubBackbone } from "./backbone.ts";
import type { SummaryData } from "../summary/data.ts";
import type { TableOptions } from "../summary/options.ts";
import { renderKeras3 } from "../summary/keras3.ts";
import { kerasOrder } from "./_graph.ts";
import { expectWith } from "../guard.ts";

/**
 * The summary's rows and totals of a backbone whose layers carry their output shapes.
 *
 * @param backbone The backbone.
 * @returns What Keras's summary shows.
 * @throws {RangeError} For a family whose output shapes or connections are not modelled.
 *
 * @example
 * ```ts
 * import { fromKerasHubPreset } from "./presets.ts";
 * import { hubBackboneSummaryData } from "./summary.ts";
 * import assert from "assert";
 *
 * const data = hubBackboneSummaryData(fromKerasHubPreset("vit_base_patch16_224_imagenet").backbone);
 * assert.deepEqual(data.rows[1].outputShape, [null, 197, 768]);
 * assert.equal(data.totalParams, 85_798_656);
 * ```
 *
 * @example BERT-tiny: the sequence length unknown, the first token's `GetItem`, who reads what
 * ```ts
 * import { fromKerasHubPreset } from "./presets.ts";
 * import { hubBackboneSummaryData } from "./summary.ts";
 * import assert from "assert";
 *
 * const data = hubBackboneSummaryData(fromKerasHubPreset("bert_tiny_en_uncased").backbone);
 * assert.equal(data.connections, true);
 * const row = (name: string) => data.rows.find((r) => r.name === name)!;
 * assert.deepEqual(row("transformer_layer_1").outputShape, [null, null, 128]);
 * assert.deepEqual(row("transformer_layer_1").connectedTo, [
 *   "transformer_layer_0[0][0]",
 *   "padding_mask[0][0]",
 * ]);
 * assert.deepEqual(row("get_item").outputShape, [null, 128]);
 * ```
 */
export function hubBackboneSummaryData(backbone: HubBackbone): SummaryData {
  expectWith(
    "hubBackboneSummaryData",
    "its backbone",
    backbone,
    "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
    "graph",
  );
  const missing = backbone.graph.find((l) => l.outputShape === undefined);
  if (missing !== undefined) {
    throw new RangeError(
      `${backbone.className}'s summary is not modelled: its layers' output shapes are not ` +
        `(first: ${missing.name}); its counts are (paramCount(), layerParamCount())`,
    );
  }
  const total = backbone.paramCount();
  const trainable = backbone.trainableParamCount();
  const totals = {
    totalParams: total,
    trainableParams: trainable,
    nonTrainableParams: total - trainable,
  };
  const order = kerasOrder(backbone.graph, backbone.outputs);
  if (order === undefined || order.rows.length !== backbone.graph.length) {
    throw new RangeError(
      `${backbone.className}'s summary is not modelled: the tensors its layers read are not; ` +
        `its counts are (paramCount(), layerParamCount())`,
    );
  }
  return {
    modelName: backbone.name,
    connections: !order.sequentialLike,
    rows: order.rows.map((layer) => ({
      name: layer.name,
      className: layer.className,
      outputShape: layer.outputShape!,
      paramCount: backbone.layerParamCount(layer),
      ...(order.sequentialLike ? {} : { connectedTo: layer.calls!.flat() }),
    })),
    ...totals,
  };
}

/**
 * The backbone's summary as Keras 3's `backbone.summary()` prints it.
 *
 * @param backbone The backbone.
 * @param options Keras's `line_length` and `positions`, and the console width rich cuts at.
 * @returns The printed table.
 * @throws {RangeError} For a family whose output shapes or connections are not modelled.
 *
 * @example DeiT-Ti's three rows
 * ```ts
 * import { fromKerasHubPreset } from "./presets.ts";
 * import { hubBackboneSummary } from "./summary.ts";
 * import assert from "assert";
 *
 * const deit = fromKerasHubPreset("deit_tiny_distilled_patch16_224_imagenet").backbone;
 * const text = hubBackboneSummary(deit, { lineLength: 120 });
 * assert.match(text, /deit_patching_and_embedding \(DeiTEmbeddings\)/);
 * assert.match(text, / Total params: 5,524,800 /);
 * ```
 */
export function hubBackboneSummary(backbone: HubBackbone, options: TableOptions = {}): string {
  expectWith(
    "hubBackboneSummary",
    "its backbone",
    backbone,
    "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
    "graph",
  );
  return renderKeras3(hubBackboneSummaryData(backbone), options);
}
