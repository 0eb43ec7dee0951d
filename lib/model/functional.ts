/**
 * Keras's functional API: a model is the graph of layer calls between its inputs and outputs.
 * Branches, merges, several inputs and outputs, and shared layers (called more than once, their
 * weights counted once) all follow from the calls recorded by `layer.apply()`. The graph is
 * walked and ordered exactly as Keras 3's `map_graph` does, so `model.layers` and the summary's
 * rows come out in Keras's order.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import type { Shape } from "../shape.ts";
import { Layer, type OutputShape } from "../layers/base.ts";
import type { Node, SymbolicTensor } from "../layers/base.ts";
import { SymbolicTensor as Tensor } from "../layers/base.ts";
import { ModelBase, type ModelMacsOptions, type SummarySource } from "./base.ts";
import { isShapeList } from "../shape.ts";
import { isInputClass } from "../layers/registry.ts";
import { checkConnected, checkUniqueNames, mapGraph, nameLayers } from "./_graph.ts";

/**
 * A tensor, or a list or dict of them, nested as deep as wanted: how Keras takes a model's
 * inputs and outputs (`{ num, cat }`, `[a, [b, c]]`).
 *
 * @typeParam T What the leaves are.
 */
export type Structure<T> = T | readonly Structure<T>[] | { readonly [key: string]: Structure<T> };

// Only ever sliced (a layer's connections), never written to.
const NO_CONNECTIONS: readonly string[] = [];

/** What {@linkcode Model} takes. */
export interface ModelArgs {
  /**
   * The model's inputs: tensors from `new Input(...)` (or the inputs themselves), or a list or
   * dict of them, nested as deep as wanted. Keras flattens them: lists in order, dicts by
   * sorted key (`{ num, cat }` is `[cat, num]`).
   */
  readonly inputs: Structure<SymbolicTensor | Layer>;
  /** The model's outputs: tensors returned by `layer.apply(...)`, or a list or dict of them. */
  readonly outputs: Structure<SymbolicTensor>;
  /**
   * The model's name.
   * @default {"functional"}
   */
  readonly name?: string;
}

/**
 * A model made of layer calls, as Keras's `keras.Model(inputs, outputs)`.
 *
 * @example Two inputs, a shared layer counted once, a merge
 * ```ts
 * import { Add, Dense, Input, Model } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [8] });
 * const b = new Input({ shape: [8] });
 * const shared = new Dense(4);
 * const sum = new Add().apply([shared.apply(a), shared.apply(b)]);
 * const model = new Model({ inputs: [a, b], outputs: new Dense(1).apply(sum) });
 * assert.deepEqual(model.layers.map((l) => l.name), [
 *   "input_layer",
 *   "input_layer_1",
 *   "dense",
 *   "add",
 *   "dense_1",
 * ]);
 * assert.equal(model.paramCount(), (8 * 4 + 4) + (4 + 1));
 * ```
 *
 * @example Named inputs and outputs, flattened as Keras flattens them (dicts by sorted key)
 * ```ts
 * import { Concatenate, Dense, Input, Model } from "../../mod.ts";
 * import assert from "assert";
 *
 * const num = new Input({ shape: [8], name: "num" });
 * const cat = new Input({ shape: [3], name: "cat" });
 * const trunk = new Dense(4).apply(new Concatenate().apply([num, cat]));
 * const model = new Model({
 *   inputs: { num, cat },
 *   outputs: { reg: new Dense(1, { name: "reg" }).apply(trunk), cls: new Dense(3).apply(trunk) },
 * });
 * assert.deepEqual(model.inputs.map((t) => t.layer.name), ["cat", "num"]);
 * assert.deepEqual(model.outputShape(), [[null, 3], [null, 1]]);
 * ```
 */
export class Model extends ModelBase {
  /** The model's name. */
  readonly name: string;
  /** The input tensors. */
  readonly inputs: readonly SymbolicTensor[];
  /** The output tensors. */
  readonly outputs: readonly SymbolicTensor[];
  readonly #layers: readonly Layer[];
  readonly #nodes: ReadonlySet<Node>;
  readonly #nodesByDepth: readonly (readonly Node[])[];
  #calls: readonly { readonly layer: Layer; readonly inputs: readonly Shape[] }[] | undefined;

  /**
   * Maps the graph between the inputs and the outputs, orders its layers as Keras does and names
   * the unnamed ones.
   *
   * @param args The inputs, the outputs and the name.
   * @throws {TypeError} When an input or output is not a tensor, the graph is disconnected or
   * has a cycle, or two layers share a name (Keras's messages).
   */
  constructor(args: ModelArgs) {
    if (typeof args !== "object" || args === null || !("inputs" in args && "outputs" in args)) {
      throw new TypeError(
        `Model expects { inputs, outputs }, e.g. new Model({ inputs: x, outputs: y }), ` +
          `received ${describeValue(args)}`,
      );
    }
    super();
    this.name = args.name ?? "functional";
    this.inputs = flatten(args.inputs).map(([x, path]) => inputTensor(x, path));
    this.outputs = flatten(args.outputs).map(([y, path]) => outputTensor(y, path));
    const graph = mapGraph(this.inputs, this.outputs);
    checkConnected(this.inputs, this.outputs, graph, !isLeaf(args.outputs));
    this.#layers = graph.layers;
    this.#nodes = graph.nodes;
    this.#nodesByDepth = graph.nodesByDepth;
    nameLayers(this.#layers);
    checkUniqueNames(this.#layers);
  }

  /**
   * The layers, in Keras's order: by depth from the inputs, then by first visit. Keras 3
   * operations (`x + y`) are not layers; see `operations`.
   */
  get layers(): readonly Layer[] {
    return this.#layers.filter((l) => !l.isOperation);
  }

  /** Every layer and operation of the graph, in Keras's order: the rows of its summary. */
  get operations(): readonly Layer[] {
    return this.#layers;
  }

  /**
   * Whether a call belongs to this model (a shared layer may also be called elsewhere).
   *
   * @param node A call of a layer.
   * @returns Whether the model's graph holds it.
   */
  hasNode(node: Node): boolean {
    return this.#nodes.has(node);
  }

  /**
   * Whether Keras 3 would print the model as a plain stack: one call per depth, each on at most
   * one tensor, and no layer called twice. Its summary then has no `Connected to` column.
   */
  get isSequentialLike(): boolean {
    for (const level of this.#nodesByDepth) {
      if (level.length > 1 || (level.length === 1 && level[0].inputs.length > 1)) return false;
    }
    for (const layer of this.#layers) {
      if (layer.isOperation) continue;
      let calls = 0;
      for (const node of layer.inboundNodes) if (this.#nodes.has(node) && ++calls > 1) return false;
    }
    return true;
  }

  /**
   * The input shape of a model with one input.
   *
   * @returns The shape, batch dimension first.
   * @throws {TypeError} When the model has several inputs: see `inputShapes()`.
   */
  inputShape(): Shape {
    if (this.inputs.length !== 1) {
      throw new TypeError(
        `Model "${this.name}" has ${this.inputs.length} inputs: use inputShapes()`,
      );
    }
    return this.inputs[0].shape;
  }

  /** The input shapes, one per input. */
  inputShapes(): readonly Shape[] {
    return this.inputs.map((t) => t.shape);
  }

  /** The output shape, or the list of them for a model with several outputs. */
  outputShape(): OutputShape {
    const shapes = this.outputs.map((t) => t.shape);
    return shapes.length === 1 ? shapes[0] : shapes;
  }

  /**
   * The layers the model's layer `layer` reads from, as Keras's summary lists them: each call of
   * the layer in this model, each tensor it was called on, `name[node][tensor]`.
   *
   * @param layer One of the model's layers.
   * @returns The connections; empty for an input.
   */
  connectionsOf(layer: Layer): string[] {
    // Sliced, not a literal: no allocation site for V8 to pretenure (see `lib/layers/_built.ts`).
    const connections: string[] = NO_CONNECTIONS.slice();
    for (const node of layer.inboundNodes) {
      if (!this.#nodes.has(node)) continue;
      for (const input of node.inputs) connections.push(input.history);
    }
    return connections;
  }

  /**
   * Each call of a layer in the graph, from the inputs on, with its input shapes: the recorded
   * ones, or those a given input shape propagates.
   */
  protected layerCalls(
    options: ModelMacsOptions,
  ): readonly { readonly layer: Layer; readonly inputs: readonly Shape[] }[] {
    const given = options.inputShape;
    if (given === undefined && this.#calls) return this.#calls;
    const shapes = new Map<SymbolicTensor, Shape>();
    if (given !== undefined) {
      const list = (isShapeList(given) ? given : [given]) as readonly Shape[];
      this.inputs.forEach((t, i) => shapes.set(t, [null, ...(list[i] ?? list.at(-1)!)]));
    }
    const calls: { layer: Layer; inputs: readonly Shape[] }[] = [];
    for (let depth = this.#nodesByDepth.length - 1; depth >= 0; depth--) {
      for (const node of this.#nodesByDepth[depth]) {
        if (node.inputs.length === 0 || isInputClass(node.layer.className)) continue;
        const inputs = node.inputs.map((t) => shapes.get(t) ?? t.shape);
        calls.push({ layer: node.layer, inputs });
        if (given === undefined) continue;
        const out = node.layer.outputShapeForCall(inputs);
        const outs = isShapeList(out) ? out : [out];
        node.outputs.forEach((t, i) => shapes.set(t, outs[i]));
      }
    }
    // The graph is fixed once the model is made: its calls on their recorded shapes are too.
    if (given === undefined) this.#calls = calls;
    return calls;
  }

  /** Every layer and operation of the graph: an operation may hold weights too. */
  protected weightedLayers(): readonly Layer[] {
    return this.#layers;
  }

  /**
   * Rows for every layer and operation, with the shapes of each one's last call (as Keras
   * prints them, wherever that call was) and, unless the graph is a plain stack, its
   * connections.
   */
  protected summarySource(): SummarySource {
    const graph = !this.isSequentialLike;
    return {
      layers: this.#layers,
      outputShape: lastOutput,
      ...(graph ? { connectedTo: (layer: Layer) => this.connectionsOf(layer) } : {}),
      connections: graph,
    };
  }
}

function isLeaf(value: unknown): boolean {
  return Array.isArray(value)
    ? false
    : typeof value !== "object" || value === null || value instanceof Tensor ||
      value instanceof Layer || Object.getPrototypeOf(value) !== Object.prototype;
}

/**
 * Keras's `keras.tree.flatten`: the leaves of a structure with where each sits (`0`, `"num"`,
 * `"1/0"`); lists in order, dicts by sorted key.
 */
function flatten(value: unknown, path = ""): [unknown, string][] {
  if (isLeaf(value)) return [[value, path === "" ? "0" : path]];
  const at = (key: string | number) => (path === "" ? `${key}` : `${path}/${key}`);
  if (Array.isArray(value)) return value.flatMap((v, i) => flatten(v, at(i)));
  const dict = value as Record<string, unknown>;
  return Object.keys(dict).sort().flatMap((key) => flatten(dict[key], at(key)));
}

function inputTensor(value: unknown, i: string): SymbolicTensor {
  if (value instanceof Tensor) return value;
  if (value instanceof Layer && isInputClass(value.kind.className)) {
    return value.inboundNodes[0].outputs[0];
  }
  throw new TypeError(
    `Invalid input ${i} of Model: expected a tensor from new Input({ shape }), received ${
      value instanceof Layer
        ? `the layer "${value.name}" (${value.className})`
        : describeValue(value)
    }`,
  );
}

function outputTensor(value: unknown, i: string): SymbolicTensor {
  if (value instanceof Tensor) return value;
  throw new TypeError(
    `Invalid output ${i} of Model: expected a tensor returned by layer.apply(...), received ${
      value instanceof Layer
        ? `the layer "${value.name}" (${value.className})`
        : describeValue(value)
    }`,
  );
}

function lastOutput(layer: Layer): OutputShape {
  const node = layer.inboundNodes.at(-1);
  if (!node) return layer.outputShape();
  const outputs = node.outputs;
  return outputs.length === 1 ? outputs[0].shape : node.outputShapes;
}
