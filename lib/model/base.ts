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
  type Weight,
  type WeightTotals,
} from "../layers/base.ts";
import type { CallArgs, SymbolicTensor } from "../layers/base.ts";
import type { SummaryData, SummaryOptions } from "../summary/data.ts";
import { checkSummaryOptions, JUPYTER_DISPLAY, Summary } from "../summary/summary.ts";
import { summaryRows, totalsData } from "../summary/rows.ts";
import { asLayer } from "./nested.ts";
import { type MacsTerms, macsTotal } from "../layers/macs.ts";
import { UnknownSizeError } from "../errors.ts";
import { expectObject } from "../guard.ts";
import type { Shape } from "../shape.ts";

/** How a model's compute is counted: sizes its inputs leave unknown, without the batch axis. */
export interface ModelMacsOptions {
  /**
   * The input shape without the batch axis (a list of them for several inputs), e.g.
   * `[400, 13]` for a model built on `(None, None, 13)`. By default: the built input shape.
   */
  readonly inputShape?: Shape | readonly Shape[];
}

/** One call of a layer in a model, and its MACs for one example. */
export interface LayerCallMacs {
  /** The layer called. */
  readonly layer: Layer;
  /** The call's MACs: one number, or the parts its kind declares. */
  readonly macs: number | MacsTerms;
}
import { ModelExplanation } from "../explain/model.ts";

/** The options {@linkcode ModelBase.summaryData} reads: what is in the rows, not how they look. */
export type SummaryDataOptions = Pick<
  SummaryOptions,
  "explain" | "expandNested" | "showTrainable" | "layerRange" | "compute"
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

  /**
   * Whether training updates the model's weights. Setting it sets it on every layer, as Keras's
   * `model.trainable = False` does; a frozen model used as a layer of another keeps its weights
   * frozen there.
   *
   * @example A frozen block inside a model
   * ```ts
   * import { Dense, Input, Model, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const block = new Sequential([new Dense(8)]);
   * block.trainable = false;
   * const x = new Input({ shape: [16] });
   * const model = new Model({ inputs: x, outputs: new Dense(2).apply(block.apply(x) as never) });
   * assert.deepEqual([model.trainableParamCount(), model.nonTrainableParamCount()], [18, 136]);
   * ```
   */
  get trainable(): boolean {
    return asLayer(this).trainable;
  }

  set trainable(value: boolean) {
    asLayer(this).trainable = value;
  }

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

  /**
   * The model's multiply-accumulates for ONE example: every call of every layer, so a layer
   * called twice counts twice (its weights count once). FLOPs are 2 × MACs.
   *
   * @param options The input shape without the batch axis, when the model leaves a size unknown.
   * @returns The MACs.
   * @throws {UnknownSizeError} When a size other than the batch is unknown and not given.
   *
   * @example "Why does the first LSTM have more params?": the first LSTM, 400 steps and 10
   * ```ts
   * import { LSTM, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([new LSTM({ units: 5, inputShape: [null, 13] })]);
   * assert.equal(model.macs({ inputShape: [400, 13] }), 144_000);
   * assert.equal(model.macs({ inputShape: [10, 13] }), 3_600);
   * ```
   */
  macs(options: ModelMacsOptions = {}): number {
    let total = 0;
    for (const call of this.macsByCall(options)) total += macsTotal(call.macs);
    return total;
  }

  /**
   * Each call's MACs for one example, in the order of the model's layers.
   *
   * @param options As for {@linkcode ModelBase.macs}.
   * @returns The calls.
   */
  macsByCall(options: ModelMacsOptions = {}): readonly LayerCallMacs[] {
    expectObject(
      `macs() of model "${this.name}"`,
      "its options",
      options,
      "options such as { inputShape: [400, 13] }",
    );
    const given = options.inputShape !== undefined;
    return this.layerCalls(options).map(({ layer, inputs }) => ({
      layer,
      // A call on the input the layer was built for reads the layer's own (counted once).
      macs: !given && sameShapes(inputs, layer.inputShapes())
        ? layer.macsTerms()
        : layer.macsTerms({ inputShape: inputs.map((s) => s.slice(1)) }),
    }));
  }

  /**
   * The activations each call keeps for the backward pass, in elements per ONE example (see
   * `Layer.activationElements`), in the order of the model's layers.
   *
   * @param options As for {@linkcode ModelBase.macs}.
   * @returns The calls.
   *
   * @example
   * ```ts
   * import { Dense, Input, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([new Input({ shape: [13] }), new Dense(5), new Dense(2)]);
   * assert.deepEqual(model.activationsByCall().map((c) => c.elements), [5, 2]);
   * ```
   */
  activationsByCall(
    options: ModelMacsOptions = {},
  ): readonly { readonly layer: Layer; readonly elements: number }[] {
    return this.layerCalls(options).map(({ layer, inputs }) => ({
      layer,
      elements: layer.activationElements({ inputShape: inputs.map((s) => s.slice(1)) }),
    }));
  }

  /**
   * The weights training updates, each once (a shared layer's, a wrapped layer's): those
   * `trainableParamCount()` adds up.
   *
   * @returns The weights.
   *
   * @example
   * ```ts
   * import { Dense, Input, Sequential } from "../../mod.ts";
   * import assert from "assert";
   *
   * const model = new Sequential([new Input({ shape: [13] }), new Dense(5)]);
   * assert.deepEqual(model.trainableWeights().map((w) => w.shape), [[13, 5], [5]]);
   * ```
   */
  trainableWeights(): readonly Weight[] {
    const seen = new Map<Layer, string[]>();
    const list: Weight[] = [];
    for (const layer of this.weightedLayers()) {
      for (const w of layer.weights()) {
        const key = w.name.slice(w.name.lastIndexOf("/") + 1);
        const names = seen.get(w.owner);
        if (names === undefined) seen.set(w.owner, [key]);
        else if (names.includes(key)) continue;
        else names.push(key);
        if (w.trainable) list.push(w);
      }
    }
    return list;
  }

  /**
   * Every call of a layer in the model with its input shapes (batch first): the built ones, or
   * those the given input shape propagates.
   *
   * @param options The input shape, when given.
   * @returns The calls.
   */
  protected abstract layerCalls(
    options: ModelMacsOptions,
  ): readonly { readonly layer: Layer; readonly inputs: readonly Shape[] }[];

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
    const rows = summaryRows(
      layers,
      { outputShape, ...(connectedTo ? { connections: connectedTo } : {}) },
      options,
    );
    const data = {
      modelName: this.name,
      rows,
      ...(connections === undefined ? {} : { connections }),
      ...totalsData(this.#totals()),
    };
    if (!options.compute) return data;
    let calls: readonly LayerCallMacs[];
    try {
      calls = this.macsByCall();
    } catch (error) {
      // A length left unknown: the rows say "?" and the total line says why.
      if (!(error instanceof UnknownSizeError)) throw error;
      return { ...data, macsUnknown: error.message };
    }
    // Compute follows the calls: a layer called twice shows both calls' MACs in its row.
    const byName = new Map<string, number>();
    let totalMacs = 0;
    for (const call of calls) {
      const macs = macsTotal(call.macs);
      byName.set(call.layer.name, (byName.get(call.layer.name) ?? 0) + macs);
      totalMacs += macs;
    }
    return {
      ...data,
      rows: rows.map((row) => ({ ...row, macs: byName.get(row.name) ?? 0 })),
      totalMacs,
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
   * @param callArgs `training` and `mask`, as Keras's `model(x, training=False)`.
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
  apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    return asLayer(this).apply(inputs, callArgs);
  }
}

function sameShapes(a: readonly Shape[], b: readonly Shape[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    if (a[i].length !== b[i].length) return false;
    for (let k = 0; k < a[i].length; k++) if (a[i][k] !== b[i][k]) return false;
  }
  return true;
}
