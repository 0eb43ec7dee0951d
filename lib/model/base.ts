/**
 * What every model is, whether a {@linkcode Sequential} stack or a functional {@linkcode Model}:
 * its weights counted once, its summary, its display in Jupyter, and its use as a layer of
 * another model. Written once here; each model says only which layers it holds and how its
 * summary rows find their shapes.
 *
 * @module
 */

import {
  type ApplyInput,
  countWeights,
  type Layer,
  type OutputShape,
  type WeightTotals,
} from "../layers/base.ts";
import type { SymbolicTensor } from "../layers/node.ts";
import type { SummaryData, SummaryOptions } from "../summary/data.ts";
import { checkSummaryOptions, JUPYTER_DISPLAY, Summary } from "../summary/summary.ts";
import { summaryRows, totalsData } from "../summary/rows.ts";
import { asLayer } from "./nested.ts";
import { ModelExplanation } from "../explain/model.ts";

/** The options {@linkcode ModelBase.summaryData} reads: what is in the rows, not how they look. */
export type SummaryDataOptions = Pick<
  SummaryOptions,
  "explain" | "expandNested" | "showTrainable" | "layerRange"
>;

/** What a model's summary lists: its rows' layers, how to read them, and whether it is a graph. */
export interface SummarySource {
  /** The rows' layers (and operations), in order. */
  readonly layers: readonly Layer[];
  /** A row's output shape. */
  readonly outputShape: (layer: Layer) => OutputShape;
  /** For a graph, the tensors a row's layer reads: its `Connected to` cell. */
  readonly connectedTo?: (layer: Layer) => readonly string[];
  /** Whether the summary has a `Connected to` column; `undefined` for a Sequential model. */
  readonly connections?: boolean;
}

/**
 * The base of {@linkcode Sequential} and {@linkcode Model}, as Keras's `Model` is of both: totals,
 * summary, Jupyter display and calling the model as a layer.
 *
 * @example Both kinds of model count and summarise the same way
 * ```ts
 * import { Dense, Input, Model, ModelBase, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const stack = new Sequential([new Input({ shape: [3] }), new Dense(2)]);
 * const x = new Input({ shape: [3] });
 * const graph = new Model({ inputs: x, outputs: new Dense(2).apply(x) });
 * for (const model of [stack, graph]) {
 *   assert.ok(model instanceof ModelBase);
 *   assert.equal(model.paramCount(), 3 * 2 + 2);
 *   assert.match(String(model.summary()), /Total params: 8/);
 * }
 * ```
 */
export abstract class ModelBase {
  /** The model's name. */
  abstract readonly name: string;

  /** The layers, as Keras lists them. */
  abstract get layers(): readonly Layer[];

  /** The output shape (a list of them for several outputs). */
  abstract outputShape(): OutputShape;

  /**
   * The layers whose weights the model holds, operations included; a model that cannot know
   * its weights yet throws here.
   */
  protected abstract weightedLayers(): readonly Layer[];

  /** What the summary lists; a model that cannot know its weights yet throws here. */
  protected abstract summarySource(): SummarySource;

  /** The total parameter count, as Keras's `count_params()`: each weight once. */
  paramCount(): number {
    return this.#totals().total;
  }

  /** The parameters training updates. */
  trainableParamCount(): number {
    return this.#totals().trainable;
  }

  /** The parameters training does not update. */
  nonTrainableParamCount(): number {
    return this.#totals().nonTrainable;
  }

  #totals(): WeightTotals {
    return countWeights(this.weightedLayers(), `parameter count of model "${this.name}"`);
  }

  /**
   * What a summary of the model shows, independent of style.
   *
   * @param options With `explain`, each row with parameters gets its formula, as Keras's
   * own documents write it: `4*(13*5 + 5*5 + 5)` for an LSTM.
   * @returns The rows and totals.
   */
  summaryData(options: SummaryDataOptions = {}): SummaryData {
    const { layers, outputShape, connectedTo, connections } = this.summarySource();
    return {
      modelName: this.name,
      rows: summaryRows(
        layers,
        { outputShape, ...(connectedTo ? { connections: connectedTo } : {}) },
        options,
      ),
      ...(connections === undefined ? {} : { connections }),
      ...totalsData(this.#totals()),
    };
  }

  /**
   * The model's summary: prints as Keras's table (with a `Connected to` column for a graph),
   * displays as an HTML table in Jupyter.
   *
   * @param options The style (`"keras3"` or the classic `"keras2"`), widths, and annotations.
   * @returns A summary value; `String(summary)` is the table.
   *
   * @example The classic table of an LSTM that labels every time step
   * ```ts
   * import { Dense, LSTM, Sequential, TimeDistributed } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([
   *   new LSTM({ units: 10, returnSequences: true, inputShape: [null, 1] }),
   *   new TimeDistributed({ layer: new Dense({ units: 1 }) }),
   * ]);
   * const text = String(model.summary({ style: "keras2" }));
   * assert.match(text, /Total params: 491/);
   * ```
   */
  summary(options: SummaryOptions = {}): Summary {
    checkSummaryOptions(options);
    return new Summary(this.summaryData(options), options);
  }

  /**
   * Why the model has its parameter count, layer by layer: each summary row's explanation, with
   * a drawing of every weight tensor (`.svg()`).
   *
   * @returns The explanation; it prints as text and displays as HTML and SVG in Jupyter.
   *
   * @example
   * ```ts
   * import { Dense, Input, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([new Input({ shape: [13] }), new Dense({ units: 5 })]);
   * const e = model.explain();
   * assert.deepEqual(e.layers.map((l) => l.numeric), ["13 × 5 + 5 = 70"]);
   * assert.match(e.svg(), /data-shape="13,5"/);
   * ```
   */
  explain(): ModelExplanation {
    return new ModelExplanation(this.name, this.summarySource().layers.map((l) => l.explain()));
  }

  /**
   * What Deno's Jupyter kernel shows when a model is a cell's last expression: its summary, as
   * an HTML table (names escaped) with Keras 3's text table as the plain-text rendering.
   *
   * @returns The summary's MIME bundle.
   *
   * @example A model displays as its summary
   * ```ts
   * import { Dense, Input, JUPYTER_DISPLAY, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([new Input({ shape: [13] }), new Dense({ units: 5 })]);
   * const bundle = model[JUPYTER_DISPLAY]();
   * assert.match(bundle["text/html"], /<table/);
   * assert.match(bundle["text/plain"], /Total params: 70/);
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    return this.summary()[JUPYTER_DISPLAY]();
  }

  /**
   * Calls the model as a layer of another model, as Keras's `model(x)`: the model becomes one
   * row of the outer model, its weights counted once however often it is called.
   *
   * @param inputs A tensor, or a list of them for a model with several inputs.
   * @returns The output tensor (a list for several outputs).
   *
   * @example
   * ```ts
   * import { Dense, Input, Model, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const block = new Sequential([new Dense(4)]);
   * const x = new Input({ shape: [8] });
   * const model = new Model({ inputs: x, outputs: block.apply(x) as never });
   * assert.equal(model.paramCount(), 8 * 4 + 4);
   * ```
   */
  apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    return asLayer(this).apply(inputs);
  }
}
