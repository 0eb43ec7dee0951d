/**
 * Sequential: a stack of layers, each built on the previous one's output shape.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { formatShape, type Shape } from "../shape.ts";
import {
  type ApplyInput,
  countWeights,
  Layer,
  type OutputShape,
  snakeCase,
  type WeightTotals,
} from "../layers/base.ts";
import type { SummaryData, SummaryOptions } from "../summary/data.ts";
import { checkSummaryOptions, JUPYTER_DISPLAY, Summary } from "../summary/summary.ts";
import { summaryRows, totalsData } from "../summary/rows.ts";
import { asLayer, type NestableModel } from "./nested.ts";
import type { SymbolicTensor } from "../layers/node.ts";
import { isInputClass } from "../layers/registry.ts";

/** Options of {@linkcode Sequential}. */
export interface SequentialOptions {
  /**
   * The model's name.
   * @default {"sequential"}
   */
  readonly name?: string;
}

/**
 * A linear stack of layers, as Keras's `Sequential`. The input shape comes from a leading
 * {@linkcode InputLayer}/`Input`, from the first layer's `inputShape`, or from `build()`.
 *
 * @example Seed 000's model
 * ```ts
 * import { Dense, Input, LSTM, Sequential, TimeDistributed } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new Input({ shape: [400, 13] }),
 *   new LSTM({ units: 5, returnSequences: true }),
 *   new LSTM({ units: 5, returnSequences: true }),
 *   new TimeDistributed({ layer: new Dense({ units: 650 }) }),
 *   new LSTM({ units: 20, returnSequences: true }),
 *   new LSTM({ units: 20, returnSequences: true }),
 * ]);
 * assert.deepEqual(model.layers.map((l) => l.paramCount()), [380, 220, 3900, 53680, 3280]);
 * assert.equal(model.paramCount(), 61460);
 * assert.equal(model.layers[2].name, "time_distributed");
 * ```
 */
export class Sequential {
  /** The model's name. */
  readonly name: string;
  #input: Layer | undefined;
  #inputShape: Shape | undefined;
  readonly #layers: Layer[] = [];
  readonly #added = new Set<Layer>();
  // Keras checks explicit names against the model's own layers only; automatic names also
  // avoid the names of wrapped layers, as Keras's session-wide numbering does.
  readonly #topLevelNames = new Set<string>();
  readonly #usedNames = new Set<string>();
  readonly #counters = new Map<string, number>();

  /**
   * Creates the model, adding each layer in turn.
   *
   * @param layers The layers, in order; an `Input` may come first.
   * @param options The model's name.
   */
  constructor(layers: readonly (Layer | NestableModel)[] = [], options: SequentialOptions = {}) {
    if (!Array.isArray(layers)) {
      throw new TypeError(
        `Sequential expects a list of layers, received ${describeValue(layers)}`,
      );
    }
    this.name = options.name ?? "sequential";
    for (const layer of layers) this.add(layer);
  }

  /**
   * Appends a layer, naming it like Keras when it has no name and building it on the current
   * output shape when that is known.
   *
   * @param layer The layer to add.
   * @returns The model.
   * @throws {TypeError} When `layer` is not a layer, or its name is taken.
   * @throws {IncompatibleShapeError} When the layer cannot take the current output.
   */
  add(layer: Layer | NestableModel): this {
    if (!(layer instanceof Layer) && isModel(layer)) layer = asLayer(layer);
    if (!(layer instanceof Layer)) {
      throw new TypeError(
        `Sequential.add expects a layer such as new Dense({ units: 1 }), received ${
          describeValue(layer)
        }`,
      );
    }
    if (isInputClass(layer.className)) {
      if (this.#layers.length > 0 || this.#input) {
        throw new TypeError(
          `An Input can only be the first layer of model "${this.name}"; ` +
            `it was added after ${this.#layers.length} layer(s)`,
        );
      }
      this.#nameLayer(layer, true);
      this.#input = layer;
      this.#inputShape = layer.outputShape() as Shape;
      return this;
    }
    if (this.#added.has(layer)) {
      throw new TypeError(`Layer "${layer.name}" is already in model "${this.name}"`);
    }
    for (const inner of layer.innerLayers()) this.#nameLayer(inner, false);
    this.#nameLayer(layer, true);
    if (this.#layers.length === 0 && !this.#inputShape) {
      this.#inputShape = layer.declaredInputShape();
    }
    this.#layers.push(layer);
    this.#added.add(layer);
    if (this.#inputShape) this.#buildFrom(this.#layers.length - 1);
    return this;
  }

  /**
   * Builds the model for an input shape, for a model whose first layer declared none.
   *
   * @param inputShape The input shape, batch dimension first, e.g. `[null, 400, 13]`.
   * @returns The model.
   */
  build(inputShape: Shape): this {
    this.#inputShape = [...inputShape];
    this.#buildFrom(0);
    return this;
  }

  #buildFrom(start: number): void {
    let shape: OutputShape = start === 0
      ? this.#inputShape!
      : this.#layers[start - 1].outputShape();
    for (let i = start; i < this.#layers.length; i++) {
      const layer = this.#layers[i];
      if (isShapeList(shape)) {
        throw new TypeError(
          `Layer "${layer.name}" expects 1 input, but it received ${shape.length} input tensors ` +
            `(${shape.map(formatShape).join(", ")})`,
        );
      }
      shape = layer.build(shape).outputShape();
    }
  }

  #nameLayer(layer: Layer, topLevel: boolean): void {
    // A name given, or one an earlier model chose, stays: a layer is never renamed.
    if (layer.hasExplicitName || layer.hasAssignedName) {
      if (topLevel && this.#topLevelNames.has(layer.name)) {
        throw new TypeError(
          `All layers added to a Sequential model should have unique names. ` +
            `Name "${layer.name}" is already the name of a layer in model "${this.name}"`,
        );
      }
    } else {
      const base = snakeCase(layer.className);
      let name: string;
      do {
        const n = this.#counters.get(base) ?? 0;
        this.#counters.set(base, n + 1);
        name = n === 0 ? base : `${base}_${n}`;
      } while (this.#usedNames.has(name));
      layer.assignName(name);
    }
    this.#usedNames.add(layer.name);
    if (topLevel) this.#topLevelNames.add(layer.name);
  }

  /** The layers, as Keras lists them: without the input layer. */
  get layers(): readonly Layer[] {
    return this.#layers;
  }

  /** Whether the model knows its input shape, so every layer is built. */
  get built(): boolean {
    return this.#inputShape !== undefined;
  }

  #requireBuilt(): void {
    if (!this.#inputShape) {
      throw new Error(
        `Model "${this.name}" has no input shape yet, so its layers have no weights: start it ` +
          `with new Input({ shape: [...] }), give the first layer an inputShape, or call ` +
          `build([null, ...])`,
      );
    }
  }

  /** The input shape, batch dimension first. */
  inputShape(): Shape {
    this.#requireBuilt();
    return this.#inputShape!;
  }

  /** The output shape of the last layer. */
  outputShape(): OutputShape {
    this.#requireBuilt();
    return this.#layers.at(-1)?.outputShape() ?? this.#inputShape!;
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

  #totals(): WeightTotals {
    this.#requireBuilt();
    return countWeights(this.#layers, `parameter count of model "${this.name}"`);
  }

  /**
   * What a summary of the model shows, independent of style.
   *
   * @param options With `explain`, each row with parameters gets its formula, as seed 000
   * writes it: `4*(13*5 + 5*5 + 5)`.
   * @returns The rows and totals.
   */
  summaryData(
    options: Pick<SummaryOptions, "explain" | "expandNested" | "showTrainable" | "layerRange"> = {},
  ): SummaryData {
    this.#requireBuilt();
    return {
      modelName: this.name,
      rows: summaryRows(this.#layers, { outputShape: (layer) => layer.outputShape() }, options),
      ...totalsData(this.#totals()),
    };
  }

  /**
   * Calls the model as a layer of another model, as Keras's `model(x)`.
   *
   * @param inputs A tensor.
   * @returns The output tensor.
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

  /**
   * The model's summary: prints as Keras's table, displays as an HTML table in Jupyter.
   *
   * @param options The style (`"keras3"` or the classic `"keras2"`), widths, and annotations.
   * @returns A summary value; `String(summary)` is the table.
   *
   * @example The classic table of seed 001
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
}

function isModel(value: unknown): value is NestableModel {
  return typeof value === "object" && value !== null && "layers" in value &&
    typeof (value as NestableModel).outputShape === "function";
}

function isShapeList(shape: OutputShape): shape is readonly Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}
