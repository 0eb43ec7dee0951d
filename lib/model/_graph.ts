/**
 * The graph of a functional model, as Keras 3's `map_graph` finds it: the calls between the
 * inputs and the outputs, their depths and order, the check that every output is reachable from
 * the inputs, and Keras's naming of the layers in it.
 *
 * @module
 */

import { type Layer, snakeCase } from "../layers/base.ts";
import type { Node, SymbolicTensor } from "../layers/base.ts";

export interface Graph {
  readonly layers: readonly Layer[];
  readonly nodes: ReadonlySet<Node>;
  /**
   * The nodes at each depth (`nodesByDepth[0]` the outputs' calls), each depth's in the order
   * the nodes got it. Depths are small integers: a list indexed by them, deepest last.
   */
  readonly nodesByDepth: readonly (readonly Node[])[];
}

const IN_PROGRESS = 1;
const FINISHED = 2;
const ORDERED = 3;

// The walk's records are classes, not object literals: V8 pretenures a literal's allocation site
// once most of what it made survives a scavenge, and a walk makes one record per node at once.
// A record made old keeps the young node it names, and through it the whole model, alive
// through every scavenge until a full collection (see `lib/layers/_built.ts`).

/** What the walk knows of a node: where it is in the walk, and its depth once it has one. */
class NodeVisit {
  readonly node: Node;
  state: typeof IN_PROGRESS | typeof FINISHED | typeof ORDERED;
  /** The longest path to an output; -1 until the node has a depth. */
  depth: number;
  /** Whether the run from the inputs has reached the node: its outputs are computable. */
  reached = false;
  /** The record of the node's layer (none for a declared input's node, which stops the walk). */
  readonly layer: LayerVisit | undefined;
  /**
   * Where the records of the nodes that made the node's inputs start in the walk's list of
   * parents, one per input, as the walk entered them: its later passes read them there rather
   * than looking each node up again.
   */
  readonly parents: number;

  constructor(
    node: Node,
    state: NodeVisit["state"],
    depth: number,
    layer: LayerVisit | undefined,
    parents: number,
  ) {
    this.node = node;
    this.state = state;
    this.depth = depth;
    this.layer = layer;
    this.parents = parents;
  }
}

/** What the walk knows of a layer: its depth, and when the walk first met it. */
class LayerVisit {
  readonly layer: Layer;
  depth: number;
  /** The order the walk met the layers in; -1 for an input that reaches no output. */
  readonly seen: number;

  constructor(layer: Layer, depth: number, seen: number) {
    this.layer = layer;
    this.depth = depth;
    this.seen = seen;
  }
}

/**
 * Keras 3's `map_graph`: a depth-first walk from the outputs (iterative, so deep graphs do not
 * overflow the stack), each node's depth the longest path to an output, layers ordered by
 * decreasing depth and then by when the walk first met them.
 */
export function mapGraph(
  inputs: readonly SymbolicTensor[],
  outputs: readonly SymbolicTensor[],
): Graph {
  const inputSet = new Set(inputs);
  // One record per node met: in progress on the walk's stack, finished at a declared input, or
  // finished and ordered (a node of the graph); and one per layer met, in the order met.
  const visits = new Map<Node, NodeVisit>();
  const ordered: NodeVisit[] = [];
  const layerVisits = new Map<Layer, LayerVisit>();
  // Each entered node's parents, in the slots it took when entered (see `NodeVisit.parents`).
  const parents: NodeVisit[] = [];

  for (const output of outputs) {
    const stack: NodeVisit[] = [];
    const next: number[] = [];
    // The record of the node that made `tensor`, entered on the walk's stack when first met.
    const enter = (tensor: SymbolicTensor): NodeVisit => {
      const node = tensor.node;
      const visit = visits.get(node);
      if (visit !== undefined && visit.state !== IN_PROGRESS) return visit;
      const isInput = node.inputs.length === 0;
      if (!isInput && inputSet.has(tensor)) {
        if (visit !== undefined) {
          visit.state = FINISHED;
          return visit;
        }
        const finished = new NodeVisit(node, FINISHED, -1, undefined, -1);
        visits.set(node, finished);
        return finished;
      }
      if (visit !== undefined) {
        throw new TypeError(
          `Tensor ${tensor.history} from layer "${node.layer.name}" is part of a cycle`,
        );
      }
      let layer = layerVisits.get(node.layer);
      if (layer === undefined) {
        layer = new LayerVisit(node.layer, 0, layerVisits.size);
        layerVisits.set(node.layer, layer);
      }
      const entered = new NodeVisit(node, IN_PROGRESS, -1, layer, parents.length);
      for (let i = 0; i < node.inputs.length; i++) parents.push(entered);
      visits.set(node, entered);
      stack.push(entered);
      next.push(0);
      return entered;
    };
    enter(output);
    while (stack.length > 0) {
      const top = stack.length - 1;
      const visit = stack[top];
      const i = next[top];
      if (i < visit.node.inputs.length) {
        next[top] = i + 1;
        parents[visit.parents + i] = enter(visit.node.inputs[i]);
        continue;
      }
      stack.pop();
      next.pop();
      visit.state = ORDERED;
      ordered.push(visit);
    }
  }

  // The nodes of the graph, in the order they got a depth.
  const withDepth: NodeVisit[] = [];
  for (let i = ordered.length - 1; i >= 0; i--) {
    const visit = ordered[i];
    if (visit.depth < 0) {
      visit.depth = 0;
      withDepth.push(visit);
    }
    const layer = visit.layer!;
    const depth = Math.max(visit.depth, layer.depth);
    layer.depth = depth;
    visit.depth = depth;
    for (let p = visit.parents, end = p + visit.node.inputs.length; p < end; p++) {
      const parent = parents[p];
      if (parent.state !== ORDERED) continue;
      if (parent.depth < 0) withDepth.push(parent);
      parent.depth = Math.max(depth + 1, parent.depth);
    }
  }
  // Inputs that reach no output still belong to the model.
  for (const input of inputs) {
    const node = input.node;
    if (node.inputs.length === 0 && !layerVisits.has(node.layer)) {
      const layer = new LayerVisit(node.layer, 0, -1);
      layerVisits.set(node.layer, layer);
      const visit = new NodeVisit(node, ORDERED, 0, layer, -1);
      visits.set(node, visit);
      withDepth.push(visit);
    }
  }

  // The nodes by depth, each depth's in the order its nodes got it: a counting sort of the
  // records into one list (made by a builtin, `map`), each depth's nodes then a `slice` of it.
  // A depth's list lives as long as the model: made by a builtin, not a literal, so that it
  // has no allocation site V8 could pretenure (a deep graph makes one per depth, and an old
  // list keeps its young nodes, and through them the whole model, alive until a full
  // collection; see `lib/layers/_built.ts`); a `slice` is as long as its nodes.
  let deepest = -1;
  for (const { depth } of withDepth) if (depth > deepest) deepest = depth;
  const starts: number[] = new Array(deepest + 2).fill(0);
  for (const { depth } of withDepth) starts[depth + 1]++;
  for (let depth = 1; depth <= deepest + 1; depth++) starts[depth] += starts[depth - 1];
  const sorted = withDepth.slice();
  const placed = starts.slice();
  for (const visit of withDepth) sorted[placed[visit.depth]++] = visit;
  const sortedNodes = sorted.map((visit) => visit.node);
  const byDepth: Node[][] = [];
  for (let depth = 0; depth <= deepest; depth++) {
    byDepth.push(sortedNodes.slice(starts[depth], starts[depth + 1]));
  }
  const nodes = new Set<Node>(sortedNodes);
  // Every tensor a node reads must come from the inputs or from a node of the graph that the
  // run from the deepest nodes has reached (its record says so: no set of the tensors).
  const reached: Node[] = [];
  for (let depth = deepest; depth >= 0; depth--) {
    for (let k = starts[depth]; k < starts[depth + 1]; k++) {
      const visit = sorted[k];
      const node = visit.node;
      for (let i = 0; i < node.inputs.length; i++) {
        const x = node.inputs[i];
        if (!inputSet.has(x) && parents[visit.parents + i].reached !== true) {
          throw new TypeError(
            `Graph disconnected: cannot find parent for tensor ${x.history} at layer ` +
              `"${node.layer.name}". The following previous layers were accessed without ` +
              `issue: [${reached.map((n) => `'${n.layer.name}'`).join(", ")}]`,
          );
        }
      }
      reached.push(node);
      visit.reached = true;
    }
  }

  return { layers: byDepthThenFirstSeen(layerVisits), nodes, nodesByDepth: byDepth };
}

/**
 * The layers by decreasing depth, then by when the walk first met them (the inputs that reach
 * no output, marked -1, first), as sorting on the two keys would, in time linear in the layers:
 * depths are small integers, and the visits hold the layers in the order they were met, the
 * unreached inputs last.
 */
function byDepthThenFirstSeen(layerVisits: ReadonlyMap<Layer, LayerVisit>): Layer[] {
  let deepest = 0;
  for (const { depth } of layerVisits.values()) if (depth > deepest) deepest = depth;
  // A counting sort: where the first layer of each depth goes, the deepest first.
  const next: number[] = new Array(deepest + 1).fill(0);
  for (const { depth } of layerVisits.values()) if (depth > 0) next[deepest - depth + 1]++;
  for (let i = 1; i <= deepest; i++) next[i] += next[i - 1];
  const layers: Layer[] = new Array(layerVisits.size);
  for (const { layer, depth, seen } of layerVisits.values()) {
    if (seen < 0) layers[next[deepest - depth]++] = layer;
  }
  for (const { layer, depth, seen } of layerVisits.values()) {
    if (seen >= 0) layers[next[deepest - depth]++] = layer;
  }
  return layers;
}

/**
 * Keras 3's run through the graph: from the declared inputs only, each call whose inputs are
 * known gives its outputs; an output never reached is not connected to the inputs.
 */
export function checkConnected(
  inputs: readonly SymbolicTensor[],
  outputs: readonly SymbolicTensor[],
  graph: Graph,
  outputList: boolean,
): void {
  // `mapGraph` has checked that each node's inputs come from the inputs or from the graph's
  // earlier nodes, its input layers included. When every input layer of the graph gives only
  // declared inputs, the run from the inputs alone reaches the same tensors, every output among
  // them: nothing more to check, and no set of the model's tensors to make.
  if (inputLayersDeclared(inputs, graph)) return;
  const known = new Set<SymbolicTensor>(inputs);
  for (let depth = graph.nodesByDepth.length - 1; depth >= 0; depth--) {
    for (const node of graph.nodesByDepth[depth]) {
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

/** Whether each call of the graph without inputs (an input layer's) gives declared inputs only. */
function inputLayersDeclared(inputs: readonly SymbolicTensor[], graph: Graph): boolean {
  for (const level of graph.nodesByDepth) {
    for (const node of level) {
      if (node.inputs.length !== 0) continue;
      for (const x of node.outputs) if (!inputs.includes(x)) return false;
    }
  }
  return true;
}

/**
 * Names the layers that have no name yet as Keras does, in the order they were created:
 * `dense`, `dense_1`, … A layer keeps a name it was given or that an earlier model chose.
 */
export function nameLayers(layers: readonly Layer[]): void {
  const unnamed: Layer[] = [];
  for (const layer of layers) {
    for (const inner of layer.innerLayers()) {
      if (!inner.hasExplicitName && !inner.hasAssignedName) unnamed.push(inner);
    }
    if (!layer.hasExplicitName && !layer.hasAssignedName) unnamed.push(layer);
  }
  // A model read from JSON names every layer: nothing to number.
  if (unnamed.length === 0) return;
  const taken = new Set<string>();
  for (const layer of layers) {
    if (layer.hasExplicitName || layer.hasAssignedName) taken.add(layer.name);
    for (const inner of layer.innerLayers()) {
      if (inner.hasExplicitName || inner.hasAssignedName) taken.add(inner.name);
    }
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

export function checkUniqueNames(layers: readonly Layer[]): void {
  const names = new Set<string>();
  for (const layer of layers) names.add(layer.name);
  if (names.size === layers.length) return;
  // A name is used twice: count them all, to name the first one repeated and how often.
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
