/**
 * Sequential: a stack of layers, each built on the previous one's output shape.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { formatShape, isShapeList, type Shape } from "../shape.ts";
import { Layer, type OutputShape, snakeCase } from "../layers/base.ts";
import { asLayer, type NestableModel } from "./nested.ts";
import { isInputClass } from "../layers/registry.ts";
import { ModelBase, type ModelMacsOptions, type SummarySource } from "./base.ts";

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
 * @example The stack of the Q&A "Why does the first LSTM in a Keras model have more params than
 * the subsequent one?": five layers on 400 steps of 13 features
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
export class Sequential extends ModelBase {
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
    super();
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

  /** Each layer's call: on the built shapes, or on those a given input shape propagates. */
  protected layerCalls(
    options: ModelMacsOptions,
  ): readonly { readonly layer: Layer; readonly inputs: readonly Shape[] }[] {
    const given = options.inputShape;
    if (given === undefined) {
      return this.#layers.map((layer) => ({ layer, inputs: layer.inputShapes() }));
    }
    const first = (isShapeList(given) ? given[0] : given) as Shape;
    let shape: OutputShape = [null, ...first];
    return this.#layers.map((layer) => {
      const inputs = [shape as Shape];
      shape = layer.outputShapeFor(shape as Shape);
      return { layer, inputs };
    });
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

  /** The layers, all built once the input shape is known. */
  protected weightedLayers(): readonly Layer[] {
    this.#requireBuilt();
    return this.#layers;
  }

  /** Rows in the order the layers were added, each with its layer's output shape. */
  protected summarySource(): SummarySource {
    this.#requireBuilt();
    return { layers: this.#layers, outputShape: (layer) => layer.outputShape() };
  }
}

function isModel(value: unknown): value is NestableModel {
  return typeof value === "object" && value !== null && "layers" in value &&
    typeof (value as NestableModel).outputShape === "function";
}
