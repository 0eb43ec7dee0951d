/**
 * What the convolutional image backbones share (ResNet, DenseNet): a Keras functional graph built
 * layer by layer as keras-hub's constructor builds it, each layer's output shape as Keras computes
 * it, and Keras's order of the graph's layers. Internal to lib/hub.
 *
 * @module
 */

import type { HubSummaryRow } from "./backbone.ts";
import type { HubLayer, HubWeight } from "./blocks.ts";
import type { Config } from "./_family_kit.ts";
import { describe, fmt, positiveInt, w } from "./_vision_kit.ts";
import type { Shape } from "../shape.ts";

export type Dim = number | null;

/** A tensor: the operation that makes it and its height, width and channels. */
export interface Tensor {
  readonly op: string;
  readonly h: Dim;
  readonly w: Dim;
  readonly c: number;
}

/** One operation of the graph, a layer or (ResNetV2's `ops.pad`) not. */
export interface Op {
  readonly name: string;
  readonly className: string;
  readonly inputs: readonly string[];
  readonly out: Tensor;
  readonly weights: readonly HubWeight[];
  readonly what: string;
  readonly formula: string;
  readonly component: HubLayer["component"];
  readonly layer: boolean;
}

/** The image's height and width (either may be null) and channels, in `dataFormat`'s order. */
export function imageSizes(owner: string, c: Config, first: boolean): [Dim, Dim, number] {
  const shape = c.imageShape;
  if (!Array.isArray(shape) || shape.length !== 3) {
    throw new TypeError(
      `${owner}'s "imageShape" must be [height, width, channels], received ${describe(shape)}`,
    );
  }
  const [h, wd, ch] = (first ? [shape[1], shape[2], shape[0]] : shape) as Dim[];
  if (![h, wd].every((size) => size === null || positiveInt(size)) || !positiveInt(ch)) {
    throw new TypeError(
      `${owner}'s "imageShape" must hold positive integers (height and width may be null), ` +
        `received ${describe(shape)}`,
    );
  }
  return [h, wd, ch];
}

/** The graph as keras-hub's constructor builds it, operation by operation. */
export class Graph {
  readonly ops: Op[] = [];
  readonly #owner: string;
  #pools = 0;

  constructor(owner: string) {
    this.#owner = owner;
  }

  /** Keras's output size of a convolution or pooling; it refuses a size of zero or less. */
  slide(name: string, size: Dim, kernel: number, stride: number, same: boolean): Dim {
    if (size === null) return null;
    const out = same
      ? Math.floor((size - 1) / stride) + 1
      : Math.floor((size - kernel) / stride) + 1;
    if (out <= 0) {
      throw new RangeError(
        `${this.#owner}: ${name}'s computed output size would be zero or negative (input ` +
          `${size}, kernel ${kernel}, stride ${stride}): the image is too small`,
      );
    }
    return out;
  }

  add(op: Omit<Op, "layer"> & { layer?: boolean }): Tensor {
    this.ops.push({ layer: true, ...op });
    return op.out;
  }

  input(h: Dim, wd: Dim, c: number): Tensor {
    return this.add({
      name: "input_layer",
      className: "InputLayer",
      inputs: [],
      out: { op: "input_layer", h, w: wd, c },
      weights: [],
      what: "an input",
      formula: "",
      component: "inputs",
    });
  }

  /** A weightless layer (or operation) reading one tensor. */
  plain(name: string, className: string, x: Tensor, out = x, layer = true): Tensor {
    return this.add({
      name,
      className,
      inputs: [x.op],
      out: { ...out, op: name },
      weights: [],
      what: `${className}, no weights`,
      formula: "",
      component: "other",
      layer,
    });
  }

  pad(name: string, x: Tensor, p: number, className = "ZeroPadding2D", layer = true): Tensor {
    const size = (d: Dim) => d === null ? null : d + 2 * p;
    return this.plain(name, className, x, { ...x, h: size(x.h), w: size(x.w) }, layer);
  }

  conv(name: string, x: Tensor, filters: number, k: number, stride: number, same: boolean) {
    return this.add({
      name,
      className: "Conv2D",
      inputs: [x.op],
      out: {
        op: name,
        h: this.slide(name, x.h, k, stride, same),
        w: this.slide(name, x.w, k, stride, same),
        c: filters,
      },
      weights: [w(`${name}/kernel`, [k, k, x.c, filters])],
      // No stride in the words: explain() groups the layers of one formula, strided or not.
      what: `a ${k}×${k} convolution from ${fmt(x.c)} channels to ${fmt(filters)}, no bias`,
      formula: `${k}·${k}·${fmt(x.c)}·${fmt(filters)}`,
      component: "blocks",
    });
  }

  bn(name: string, x: Tensor, component: HubLayer["component"] = "blocks"): Tensor {
    const c = x.c;
    return this.add({
      name,
      className: "BatchNormalization",
      inputs: [x.op],
      out: { ...x, op: name },
      weights: [
        w(`${name}/gamma`, [c]),
        w(`${name}/beta`, [c]),
        w(`${name}/moving_mean`, [c], false),
        w(`${name}/moving_variance`, [c], false),
      ],
      what: `a batch norm of ${fmt(c)} channels: γ and β trained, the moving mean and ` +
        `variance not`,
      formula: `2·${fmt(c)} + 2·${fmt(c)} (frozen)`,
      component,
    });
  }

  /** A pooling; keras-hub leaves ResNet-vd's average pooling unnamed, and Keras numbers it. */
  pool(
    name: string | undefined,
    className: "MaxPooling2D" | "AveragePooling2D",
    x: Tensor,
    size: number,
    stride: number,
    same: boolean,
  ): Tensor {
    if (name === undefined) {
      name = this.#pools === 0 ? "average_pooling2d" : `average_pooling2d_${this.#pools}`;
      this.#pools++;
    }
    const h = this.slide(name, x.h, size, stride, same);
    return this.plain(name, className, x, {
      ...x,
      h,
      w: this.slide(name, x.w, size, stride, same),
    });
  }

  /** Keras's `Add` (element by element) or `Concatenate` (on the channels) of two tensors. */
  merge(name: string, className: "Add" | "Concatenate", a: Tensor, b: Tensor): Tensor {
    const fits = (x: Dim, y: Dim) => x === null || y === null || x === y;
    if ((className === "Add" && a.c !== b.c) || !fits(a.h, b.h) || !fits(a.w, b.w)) {
      throw new RangeError(
        `${this.#owner}: ${name} (${className}) of (${a.h}, ${a.w}, ${a.c}) and (${b.h}, ` +
          `${b.w}, ${b.c}): Keras refuses shapes that differ`,
      );
    }
    return this.add({
      name,
      className,
      inputs: [a.op, b.op],
      out: { op: name, h: a.h ?? b.h, w: a.w ?? b.w, c: className === "Add" ? a.c : a.c + b.c },
      weights: [],
      what: `${className}, no weights`,
      formula: "",
      component: "other",
    });
  }
}

/**
 * Keras's order of a functional graph's operations (`map_graph` in `keras/src/ops/function.py`):
 * by depth from the output, deepest first; at one depth, in the order a depth-first walk from the
 * output through each operation's inputs first meets them.
 */
export function kerasOrder(ops: readonly Op[]): Op[] {
  const byName = new Map(ops.map((op) => [op.name, op]));
  const index = new Map<string, number>();
  const done = new Set<string>();
  const finished: string[] = [];
  const walk = (name: string) => {
    if (done.has(name)) return;
    if (!index.has(name)) index.set(name, index.size);
    for (const parent of byName.get(name)!.inputs) walk(parent);
    done.add(name);
    finished.push(name);
  };
  walk(ops[ops.length - 1].name);
  const depth = new Map<string, number>();
  for (const name of [...finished].reverse()) {
    const d = depth.get(name) ?? 0;
    depth.set(name, d);
    for (const parent of byName.get(name)!.inputs) {
      depth.set(parent, Math.max(d + 1, depth.get(parent) ?? 0));
    }
  }
  return [...ops].sort((a, b) =>
    depth.get(b.name)! - depth.get(a.name)! || index.get(a.name)! - index.get(b.name)!
  );
}

function shapeOf(t: Tensor, first: boolean): Shape {
  return first ? [null, t.c, t.h, t.w] : [null, t.h, t.w, t.c];
}

/** The graph's layers in Keras's order, as `backbone.layers` lists them. */
export function graphLayers(ops: readonly Op[], first: boolean): HubLayer[] {
  return kerasOrder(ops).filter((op) => op.layer).map((op) => ({
    name: op.name,
    className: op.className,
    weights: op.weights,
    what: op.what,
    formula: op.formula,
    component: op.component,
    outputShape: shapeOf(op.out, first),
  }));
}

/** The graph's summary rows: every operation, with Keras's `Connected to`. */
export function graphRows(ops: readonly Op[], first: boolean): HubSummaryRow[] {
  return kerasOrder(ops).map((op) => ({
    name: op.name,
    className: op.className,
    outputShape: shapeOf(op.out, first),
    connectedTo: op.inputs.map((name) => `${name}[0][0]`),
  }));
}
