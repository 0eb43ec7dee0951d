/**
 * A backbone's functional graph as Keras's summary shows it: who reads what (`Connected to`), the
 * order of the rows, and whether the table has the `Connected to` column. The order is Keras's
 * `map_graph` (keras/src/ops/function.py): operations by decreasing depth from the outputs, ties
 * by the depth-first traversal from the outputs. Internal to lib/hub.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { HubLayer } from "./blocks.ts";

const ref = (name: string, tensor = 0) => `${name}[0][${tensor}]`;

/**
 * Fills in what a family does not say: an input reads nothing and prints `(None, None)`; another
 * row reads the previous row that is not an input (or, for the first, the first input), a
 * block (component `"blocks"`) the `padding_mask` input too when there is one; a row without a
 * shape of its own (Dropout, Add) prints its input's.
 *
 * @param rows The family's rows, operations included, in Keras's order.
 * @returns The rows with their calls and shapes.
 */
export function wireBackbone(rows: readonly HubLayer[]): HubLayer[] {
  const mask = rows.some((r) => r.name === "padding_mask" && r.className === "InputLayer");
  const out: HubLayer[] = [];
  let previous: HubLayer | undefined;
  let firstInput: HubLayer | undefined;
  for (const row of rows) {
    if (row.className === "InputLayer") {
      out.push(row);
      firstInput ??= row;
      continue;
    }
    const from = previous ?? firstInput;
    const calls = row.calls ??
      (from === undefined ? undefined : [[
        ref(from.name),
        ...(row.component === "blocks" && mask ? [ref("padding_mask")] : []),
      ]]);
    const outputShape = row.outputShape ?? firstShape(from?.outputShape);
    const wired: HubLayer = {
      ...row,
      ...(calls === undefined ? {} : { calls }),
      ...(outputShape === undefined ? {} : { outputShape }),
    };
    out.push(wired);
    previous = wired;
  }
  return out;
}

function firstShape(shape: Shape | readonly Shape[] | undefined): Shape | undefined {
  if (shape === undefined) return undefined;
  return Array.isArray(shape[0]) ? shape[0] as Shape : shape as Shape;
}

interface Node {
  readonly row: HubLayer;
  readonly index: number;
  readonly parents: readonly Node[];
  readonly inputs: readonly string[];
}

/** The rows of a graph in Keras's order, and whether Keras draws it as a plain stack. */
export interface GraphOrder {
  /** The rows in the order Keras's summary prints them. */
  readonly rows: readonly HubLayer[];
  /** Whether Keras's summary has no `Connected to` column (one chain, no shared layer). */
  readonly sequentialLike: boolean;
}

/**
 * The rows in Keras's order, from the graph their calls describe.
 *
 * @param rows The rows, each with its calls.
 * @param outputs The model's outputs (`name[node][tensor]`), in Keras's order (a dict's keys
 * sorted).
 * @returns The order, or `undefined` when a row's calls are not known.
 */
export function kerasOrder(
  rows: readonly HubLayer[],
  outputs: readonly string[],
): GraphOrder | undefined {
  const byName = new Map(rows.map((r) => [r.name, r]));
  const nodes = new Map<string, Node>();
  const parse = (tensor: string) => {
    const m = /^(.+)\[(\d+)\]\[(\d+)\]$/.exec(tensor);
    if (m === null) throw new RangeError(`Not a tensor of the graph: ${tensor}`);
    return { name: m[1], node: Number(m[2]) };
  };
  const nodeOf = (tensor: string): Node | undefined => {
    const { name, node } = parse(tensor);
    const key = `${name}[${node}]`;
    const known = nodes.get(key);
    if (known !== undefined) return known;
    const row = byName.get(name);
    const inputs = row?.className === "InputLayer" && node === 0 ? [] : row?.calls?.[node];
    if (row === undefined || inputs === undefined) return undefined;
    const parents: Node[] = [];
    for (const input of inputs) {
      const parent = nodeOf(input);
      if (parent === undefined) return undefined;
      parents.push(parent);
    }
    const made = { row, index: node, parents, inputs };
    nodes.set(key, made);
    return made;
  };
  // Keras's _build_map: a depth-first walk from the outputs, each operation numbered when first
  // reached, each node listed after its parents.
  const finished = new Set<Node>();
  const ordered: Node[] = [];
  const indices = new Map<HubLayer, number>();
  const visit = (node: Node) => {
    if (finished.has(node)) return;
    if (!indices.has(node.row)) indices.set(node.row, indices.size);
    for (const parent of node.parents) visit(parent);
    finished.add(node);
    ordered.push(node);
  };
  for (const output of outputs) {
    const node = nodeOf(output);
    if (node === undefined) return undefined;
    visit(node);
  }
  // Keras's map_graph: a node's depth is one more than the deepest node reading it; an operation
  // takes its deepest node's.
  const nodeDepth = new Map<Node, number>();
  const rowDepth = new Map<HubLayer, number>();
  for (const node of [...ordered].reverse()) {
    if (!nodeDepth.has(node)) nodeDepth.set(node, 0);
    const depth = Math.max(nodeDepth.get(node)!, rowDepth.get(node.row) ?? 0);
    rowDepth.set(node.row, depth);
    nodeDepth.set(node, depth);
    for (const parent of node.parents) {
      nodeDepth.set(parent, Math.max(depth + 1, nodeDepth.get(parent) ?? 0));
    }
  }
  // Inputs no output reads come first among depth 0.
  let unused = 0;
  for (const row of rows) {
    if (row.className === "InputLayer" && !rowDepth.has(row)) {
      rowDepth.set(row, 0);
      indices.set(row, -1);
      unused++;
    }
  }
  const order = [...rowDepth.keys()].sort((a, b) =>
    rowDepth.get(b)! - rowDepth.get(a)! || indices.get(a)! - indices.get(b)!
  );
  // Keras draws a plain stack when every depth holds one node reading one tensor and no layer is
  // called twice.
  const byDepth = new Map<number, Node[]>();
  for (const [node, depth] of nodeDepth) {
    const list = byDepth.get(depth);
    if (list === undefined) byDepth.set(depth, [node]);
    else list.push(node);
  }
  const chain = unused === 0 &&
    [...byDepth.values()].every((list) => list.length === 1 && list[0].inputs.length <= 1);
  const shared = new Set([...nodeDepth.keys()].filter((n) => n.index > 0).map((n) => n.row));
  return { rows: order, sequentialLike: chain && shared.size === 0 };
}

/**
 * The shape of one tensor of the graph, `name[node][tensor]`: its row's output shape, or the
 * tensor's own of a row with several outputs; `undefined` when not modelled.
 */
export function shapeOfTensor(rows: readonly HubLayer[], tensor: string): Shape | undefined {
  const m = /^(.+)\[\d+\]\[(\d+)\]$/.exec(tensor);
  const shape = rows.find((row) => row.name === m?.[1])?.outputShape;
  if (m === null || shape === undefined) return undefined;
  return Array.isArray(shape[0]) ? (shape as readonly Shape[])[Number(m[2])] : shape as Shape;
}
