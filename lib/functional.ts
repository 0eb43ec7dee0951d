/**
 * Keras's functional API: a model is the graph of layer calls between its inputs and outputs.
 * Branches, merges, several inputs and outputs, and shared layers (called more than once, their
 * weights counted once) all follow from the calls recorded by `layer.apply()`. The graph is
 * walked and ordered exactly as Keras 3's `map_graph` does, so `model.layers` and the summary's
 * rows come out in Keras's order.
 *
 * @module
 */

import { describeValue } from "./errors.ts";
import type { Shape } from "./shape.ts";
import {
  type ApplyInput,
  countWeights,
  Layer,
  type OutputShape,
  snakeCase,
  type WeightTotals,
} from "./layers/base.ts";
import type { Node, SymbolicTensor } from "./layers/node.ts";
import { SymbolicTensor as Tensor } from "./layers/node.ts";
import type { SummaryData, SummaryOptions } from "./summary/data.ts";
import { checkSummaryOptions, Summary } from "./summary/summary.ts";
import { summaryRows, totalsData } from "./summary_rows.ts";
import { asLayer } from "./nested.ts";
import { isInputClass } from "./layers/registry.ts";

/** What {@linkcode Model} takes. */
export interface ModelArgs {
  /** The model's inputs: tensors from `new Input(...)` (or the inputs themselves). */
  readonly inputs: SymbolicTensor | Layer | readonly (SymbolicTensor | Layer)[];
  /** The model's outputs: tensors returned by `layer.apply(...)`. */
  readonly outputs: SymbolicTensor | readonly SymbolicTensor[];
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
 * import { Add, Dense, Input, Model } from "../mod.ts";
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
 */
export class Model {
  /** The model's name. */
  readonly name: string;
  /** The input tensors. */
  readonly inputs: readonly SymbolicTensor[];
  /** The output tensors. */
  readonly outputs: readonly SymbolicTensor[];
  readonly #layers: readonly Layer[];
  readonly #nodes: ReadonlySet<Node>;
  readonly #nodesByDepth: ReadonlyMap<number, readonly Node[]>;

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
    this.name = args.name ?? "functional";
    this.inputs = listOf(args.inputs).map((x, i) => inputTensor(x, i));
    this.outputs = listOf(args.outputs).map((y, i) => outputTensor(y, i));
    const graph = mapGraph(this.inputs, this.outputs);
    checkConnected(this.inputs, this.outputs, graph, Array.isArray(args.outputs));
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
    const nodes = new Set<Node>();
    for (const level of this.#nodesByDepth.values()) {
      if (level.length > 1 || (level.length === 1 && level[0].inputs.length > 1)) return false;
      for (const node of level) nodes.add(node);
    }
    for (const layer of this.layers) {
      if (layer.inboundNodes.filter((n) => nodes.has(n)).length > 1) return false;
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

  /**
   * Calls the model as a layer, as Keras's `model(x)`: the model becomes one row of the outer
   * model, its weights counted once however often it is called.
   *
   * @param inputs A tensor, or a list of them for a model with several inputs.
   * @returns The output tensor (a list for several outputs).
   */
  apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    return asLayer(this).apply(inputs);
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
    return countWeights(this.#layers, `parameter count of model "${this.name}"`);
  }

  /**
   * The layers the model's layer `layer` reads from, as Keras's summary lists them: each call of
   * the layer in this model, each tensor it was called on, `name[node][tensor]`.
   *
   * @param layer One of the model's layers.
   * @returns The connections; empty for an input.
   */
  connectionsOf(layer: Layer): string[] {
    const connections: string[] = [];
    for (const node of layer.inboundNodes) {
      if (!this.#nodes.has(node)) continue;
      for (const input of node.inputs) connections.push(input.history);
    }
    return connections;
  }

  /**
   * What a summary of the model shows, independent of style.
   *
   * @param options With `explain`, each row with parameters gets its formula.
   * @returns The rows and totals.
   */
  summaryData(
    options: Pick<SummaryOptions, "explain" | "expandNested" | "showTrainable" | "layerRange"> = {},
  ): SummaryData {
    const graph = !this.isSequentialLike;
    const totals = this.#totals();
    return {
      modelName: this.name,
      rows: summaryRows(this.#layers, {
        // Keras prints the shapes of the layer's last call, wherever it was.
        outputShape: lastOutput,
        ...(graph ? { connections: (layer: Layer) => this.connectionsOf(layer) } : {}),
      }, options),
      connections: graph,
      ...totalsData(totals),
    };
  }

  /**
   * The model's summary: prints as Keras's table (with a `Connected to` column for a graph),
   * displays as an HTML table in Jupyter.
   *
   * @param options The style, widths, and annotations.
   * @returns A summary value; `String(summary)` is the table.
   */
  summary(options: SummaryOptions = {}): Summary {
    checkSummaryOptions(options);
    return new Summary(this.summaryData(options), options);
  }
}

function listOf<T>(value: T | readonly T[]): T[] {
  return Array.isArray(value) ? [...value] : [value as T];
}

function inputTensor(value: unknown, i: number): SymbolicTensor {
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

function outputTensor(value: unknown, i: number): SymbolicTensor {
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
  const shapes = node.outputShapes;
  return shapes.length === 1 ? shapes[0] : shapes;
}

interface Graph {
  readonly layers: readonly Layer[];
  readonly nodes: ReadonlySet<Node>;
  readonly nodesByDepth: ReadonlyMap<number, readonly Node[]>;
}

/**
 * Keras 3's `map_graph`: a depth-first walk from the outputs (iterative, so deep graphs do not
 * overflow the stack), each node's depth the longest path to an output, layers ordered by
 * decreasing depth and then by when the walk first met them.
 */
function mapGraph(inputs: readonly SymbolicTensor[], outputs: readonly SymbolicTensor[]): Graph {
  const inputSet = new Set(inputs);
  const finished = new Set<Node>();
  const inProgress = new Set<Node>();
  const ordered: Node[] = [];
  const firstSeen = new Map<Layer, number>();

  for (const output of outputs) {
    const stack: { node: Node; next: number }[] = [];
    const enter = (tensor: SymbolicTensor): void => {
      const node = tensor.node;
      if (finished.has(node)) return;
      const isInput = node.inputs.length === 0;
      if (!isInput && inputSet.has(tensor)) {
        finished.add(node);
        return;
      }
      if (inProgress.has(node)) {
        throw new TypeError(
          `Tensor ${tensor.history} from layer "${node.layer.name}" is part of a cycle`,
        );
      }
      if (!firstSeen.has(node.layer)) firstSeen.set(node.layer, firstSeen.size);
      inProgress.add(node);
      stack.push({ node, next: 0 });
    };
    enter(output);
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      if (top.next < top.node.inputs.length) {
        enter(top.node.inputs[top.next++]);
        continue;
      }
      stack.pop();
      finished.add(top.node);
      inProgress.delete(top.node);
      ordered.push(top.node);
    }
  }

  const inGraph = new Set(ordered);
  const nodeDepth = new Map<Node, number>();
  const layerDepth = new Map<Layer, number>();
  for (let i = ordered.length - 1; i >= 0; i--) {
    const node = ordered[i];
    if (!nodeDepth.has(node)) nodeDepth.set(node, 0);
    const depth = Math.max(nodeDepth.get(node)!, layerDepth.get(node.layer) ?? 0);
    layerDepth.set(node.layer, depth);
    nodeDepth.set(node, depth);
    for (const input of node.inputs) {
      const parent = input.node;
      if (!inGraph.has(parent)) continue;
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  // Inputs that reach no output still belong to the model.
  for (const input of inputs) {
    const node = input.node;
    if (node.inputs.length === 0 && !layerDepth.has(node.layer)) {
      layerDepth.set(node.layer, 0);
      firstSeen.set(node.layer, -1);
      nodeDepth.set(node, 0);
    }
  }

  // Every tensor a node reads must come from the inputs or from a node of the graph.
  const computable = new Set<SymbolicTensor>(inputs);
  const byDepth = new Map<number, Node[]>();
  for (const [node, depth] of nodeDepth) {
    if (!byDepth.has(depth)) byDepth.set(depth, []);
    byDepth.get(depth)!.push(node);
  }
  const depths = [...byDepth.keys()].sort((a, b) => b - a);
  const reached: string[] = [];
  for (const depth of depths) {
    for (const node of byDepth.get(depth)!) {
      for (const x of node.inputs) {
        if (!computable.has(x)) {
          throw new TypeError(
            `Graph disconnected: cannot find parent for tensor ${x.history} at layer ` +
              `"${node.layer.name}". The following previous layers were accessed without ` +
              `issue: [${reached.map((n) => `'${n}'`).join(", ")}]`,
          );
        }
      }
      reached.push(node.layer.name);
      for (const x of node.outputs) computable.add(x);
    }
  }

  const layers = [...layerDepth.keys()].sort((a, b) =>
    layerDepth.get(b)! - layerDepth.get(a)! || firstSeen.get(a)! - firstSeen.get(b)!
  );
  return { layers, nodes: new Set(nodeDepth.keys()), nodesByDepth: byDepth };
}

/**
 * Keras 3's run through the graph: from the declared inputs only, each call whose inputs are
 * known gives its outputs; an output never reached is not connected to the inputs.
 */
function checkConnected(
  inputs: readonly SymbolicTensor[],
  outputs: readonly SymbolicTensor[],
  graph: Graph,
  outputList: boolean,
): void {
  const known = new Set<SymbolicTensor>(inputs);
  const depths = [...graph.nodesByDepth.keys()].sort((a, b) => b - a);
  for (const depth of depths) {
    for (const node of graph.nodesByDepth.get(depth)!) {
      if (node.inputs.length === 0) continue;
      if (node.inputs.some((x) => !known.has(x))) continue;
      for (const x of node.outputs) known.add(x);
    }
  }
  outputs.forEach((output, i) => {
    if (!known.has(output)) {
      throw new TypeError(
        `Output with path \`${outputList ? i : ""}\` is not connected to \`inputs\``,
      );
    }
  });
}

/**
 * Names the layers that have no name yet as Keras does, in the order they were created:
 * `dense`, `dense_1`, … A layer keeps a name it was given or that an earlier model chose.
 */
function nameLayers(layers: readonly Layer[]): void {
  const taken = new Set<string>();
  for (const layer of layers) {
    if (layer.hasExplicitName || layer.hasAssignedName) taken.add(layer.name);
    for (const inner of layer.innerLayers()) {
      if (inner.hasExplicitName || inner.hasAssignedName) taken.add(inner.name);
    }
  }
  const unnamed: Layer[] = [];
  for (const layer of layers) {
    for (const inner of layer.innerLayers()) {
      if (!inner.hasExplicitName && !inner.hasAssignedName) unnamed.push(inner);
    }
    if (!layer.hasExplicitName && !layer.hasAssignedName) unnamed.push(layer);
  }
  unnamed.sort((a, b) => a.creationIndex - b.creationIndex);
  const counters = new Map<string, number>();
  for (const layer of unnamed) {
    const base = snakeCase(layer.className);
    let name: string;
    do {
      const n = counters.get(base) ?? 0;
      counters.set(base, n + 1);
      name = n === 0 ? base : `${base}_${n}`;
    } while (taken.has(name));
    layer.assignName(name);
    taken.add(name);
  }
}

function checkUniqueNames(layers: readonly Layer[]): void {
  const counts = new Map<string, number>();
  for (const layer of layers) counts.set(layer.name, (counts.get(layer.name) ?? 0) + 1);
  for (const [name, count] of counts) {
    if (count > 1) {
      throw new TypeError(
        `The name "${name}" is used ${count} times in the model. All operation names should ` +
          `be unique.`,
      );
    }
  }
}
