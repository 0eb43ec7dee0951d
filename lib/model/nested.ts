/**
 * A model used as a layer, as Keras allows: a Sequential inside a Model, or a Model inside
 * another. The nested model's weights are its layers' weights, counted once; its summary row
 * shows its class (`Sequential` or `Functional`) and its total.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { IncompatibleShapeError } from "../errors.ts";
import {
  type InputShape,
  type InputSpec,
  Layer,
  type OutputShape,
  type WeightSpec,
} from "../layers/base.ts";
import { defineKind, type LayerKind } from "../layers/kind.ts";
import { TRAINING_MASKED_CALL } from "../layers/call.ts";
import { expectWith } from "../guard.ts";

/** `model` as a model that nests (a Sequential or a Model), or a TypeError naming `fn`. */
function nestable(fn: string, model: NestableModel): NestableModel {
  expectWith(fn, "its model", model, "a model (a Sequential or a Model)", "layers");
  return model;
}

/** What a nested model must offer: its layers and its shapes. */
export interface NestableModel {
  /** The model's name, which becomes the layer's. */
  readonly name: string;
  /** Its layers. */
  readonly layers: readonly Layer[];
  /** Its output shape. */
  outputShape(): OutputShape;
  /** A Functional model's input shapes (a Sequential has none before it is built). */
  inputShapes?(): readonly Shape[];
  /** A Sequential's build, for the shape it is first called on. */
  build?(inputShape: Shape): unknown;
  /** Whether a Sequential knows its input shape. */
  readonly built?: boolean;
  /** The model's MACs for one example, its inputs' sizes given without the batch. */
  macs?(options: { inputShape: readonly Shape[] }): number;
}

function kindFor(className: "Sequential" | "Functional"): LayerKind {
  return defineKind({
    className,
    family: "core",
    summary: `A ${className} model used as a layer: its layers' weights, counted once.`,
    options: {},
    create: () => {
      throw new TypeError(`A nested ${className} model is created from the model itself`);
    },
    call: TRAINING_MASKED_CALL,
    // The model's own compute: each of its calls.
    macs: (layer, { inputs }) => {
      const model = (layer as NestedModel).model;
      if (!model.macs) throw new TypeError(`Model "${model.name}" cannot count its MACs`);
      return model.macs({ inputShape: inputs.map((s) => s.slice(1)) });
    },
  });
}

const SEQUENTIAL_KIND = kindFor("Sequential");
const FUNCTIONAL_KIND = kindFor("Functional");
const LAYERS = new WeakMap<NestableModel, NestedModel>();

/**
 * A model used as a layer. Get one with {@linkcode asLayer}; calling a model (`model.apply(x)`)
 * uses it.
 *
 * @example A Sequential block inside a functional model
 * ```ts
 * import { asLayer, Dense, Input, Model, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const block = new Sequential([new Dense(8), new Dense(4)], { name: "block" });
 * const x = new Input({ shape: [16] });
 * const model = new Model({ inputs: x, outputs: asLayer(block).apply(x) });
 * assert.equal(model.layers[1].name, "block");
 * assert.equal(model.layers[1].paramCount(), (16 * 8 + 8) + (8 * 4 + 4));
 * ```
 */
export class NestedModel extends Layer {
  /** The model. */
  readonly model: NestableModel;

  /**
   * Use {@linkcode asLayer}, which keeps one layer per model.
   *
   * @param model The model.
   * @param functional Whether it is a Functional model.
   */
  constructor(model: NestableModel, functional: boolean) {
    super(
      { name: nestable("NestedModel", model).name },
      functional ? FUNCTIONAL_KIND : SEQUENTIAL_KIND,
    );
    this.model = model;
  }

  /** A functional model with several inputs takes a list. */
  protected override get takesList(): boolean {
    return (this.model.inputShapes?.().length ?? 1) > 1;
  }

  /** The model's layers. */
  override innerLayers(): readonly Layer[] {
    return this.model.layers;
  }

  /** What input the layer accepts: what the model's inputs accept, checked when building. */
  protected get inputSpec(): InputSpec {
    return {};
  }

  /** Builds (a Sequential) or checks (a Functional model) for the input, then lists weights. */
  protected buildWeights(inputShape: InputShape): WeightSpec[] {
    this.#fit(inputShape);
    const seen = new Set<string>();
    const specs: WeightSpec[] = [];
    for (const layer of this.model.layers) {
      for (const w of layer.weightSpecs()) {
        const key = `${w.owner.creationIndex}/${w.name}`;
        if (seen.has(key)) continue;
        seen.add(key);
        specs.push(w);
      }
    }
    return specs;
  }

  /** The model's output shape. */
  protected computeOutputShape(inputShape: InputShape): OutputShape {
    this.#fit(inputShape);
    return this.model.outputShape();
  }

  #fit(inputShape: InputShape): void {
    const given = (this.takesList ? inputShape : [inputShape]) as readonly Shape[];
    const expected = this.model.inputShapes?.();
    if (!expected) {
      if (!this.model.built) this.model.build!(given[0]);
      return;
    }
    const fits = expected.length === given.length &&
      expected.every((shape, i) =>
        shape.length === given[i].length &&
        shape.every((d, k) => d === null || given[i][k] === null || d === given[i][k])
      );
    if (!fits) {
      throw new IncompatibleShapeError(
        this.name,
        given[0],
        `Input 0 of layer "${this.name}" is incompatible with the layer: expected shape=${
          expected.map((s) => `(${s.map((d) => d ?? "None").join(", ")})`).join(", ")
        }, found shape=${given.map((s) => `(${s.map((d) => d ?? "None").join(", ")})`).join(", ")}`,
      );
    }
  }
}

/**
 * The layer that stands for a model inside another model: one per model, so calling it twice
 * shares its weights.
 *
 * @param model A Sequential or a Model.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { asLayer, Dense, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const block = new Sequential([new Dense(2)]);
 * assert.equal(asLayer(block), asLayer(block));
 * assert.equal(asLayer(block).className, "Sequential");
 * ```
 */
export function asLayer(model: NestableModel): NestedModel {
  nestable("asLayer", model);
  let layer = LAYERS.get(model);
  if (!layer) {
    layer = new NestedModel(model, typeof model.inputShapes === "function");
    LAYERS.set(model, layer);
  }
  return layer;
}
