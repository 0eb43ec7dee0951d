/**
 * What the convolutional image backbones share (ResNet, DenseNet, VGG): a Keras functional graph built
 * layer by layer as keras-hub's constructor builds it. Each layer is the library's own layer
 * (`lib/layers`), created by its class name and built on its inputs' shapes: its weights, its
 * output shape and its class are the layer's, never worked out here. The rows go through the
 * backbones' one graph path (`_graph.ts`): their calls give Keras's order and `Connected to`.
 * Internal to lib/hub.
 *
 * @module
 */

import type { HubLayer } from "./blocks.ts";
import type { Config } from "./_family_kit.ts";
import { describe, fmt, positiveInt } from "./_vision_kit.ts";
import { kerasOrder } from "./_graph.ts";
import { type Layer, snakeCase } from "../layers/base.ts";
import type { LayerKind } from "../layers/kind.ts";
import { Activation } from "../layers/activations.ts";
import { Conv2D } from "../layers/convolutional.ts";
import { InputLayer } from "../layers/core.ts";
import { Add, Concatenate } from "../layers/merging.ts";
import { BatchNormalization } from "../layers/normalization.ts";
import { ZeroPadding2D } from "../layers/padding_cropping.ts";
import type { AveragePooling2D, MaxPooling2D } from "../layers/pooling.ts";
import type { Shape } from "../shape.ts";

export type Dim = number | null;

/** A layer class of `lib/layers`, by which the graph creates its layers (`Conv2D`, `Add`, …). */
interface LayerClass {
  readonly kind: LayerKind;
}

/** A tensor of the graph: the row that makes it, its shape (batch first) and its channels. */
export interface Tensor {
  readonly op: string;
  readonly shape: Shape;
  readonly c: number;
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

/** Words for `explain()`: what the layer is and the formula of its count. */
interface Words {
  readonly what: string;
  readonly formula: string;
  readonly component: HubLayer["component"];
}

/**
 * A layer's words: what its kind says it is and the formula of its weights; a layer without
 * weights is its class (`shown`, an operation's where it stands for one) and "no weights".
 */
function wordsOf(layer: Layer, shown: string, component: HubLayer["component"]): Words {
  if (layer.weights().length === 0) {
    return { what: `${shown}, no weights`, formula: "", component: "other" };
  }
  return {
    what: layer.kind.describe?.(layer) ?? shown,
    formula: weightsFormula(layer),
    component,
  };
}

/**
 * The formula of a layer's count, read from the weights the layer declares: each weight's shape as
 * a product, neighbours of one shape and one trainability counted together (`2·64`), a weight
 * that is not trained marked `(frozen)`. A 7×7 kernel from 3 channels to 64 is `7·7·3·64`; a
 * batch norm of 64 channels `2·64 + 2·64 (frozen)`.
 */
function weightsFormula(layer: Layer): string {
  const terms: { shape: string; trainable: boolean; n: number }[] = [];
  for (const weight of layer.weights()) {
    const shape = weight.shape.map(fmt).join("·");
    const last = terms[terms.length - 1];
    if (last !== undefined && last.shape === shape && last.trainable === weight.trainable) last.n++;
    else terms.push({ shape, trainable: weight.trainable, n: 1 });
  }
  return terms.map(({ shape, trainable, n }) =>
    (n === 1 ? shape : `${n}·${shape}`) + (trainable ? "" : " (frozen)")
  ).join(" + ");
}

/** The graph as keras-hub's constructor builds it, layer by layer. */
export class Graph {
  readonly rows: HubLayer[] = [];
  readonly #owner: string;
  readonly #dataFormat: "channels_first" | "channels_last";
  #pools = 0;

  constructor(owner: string, channelsFirst: boolean) {
    this.#owner = owner;
    this.#dataFormat = channelsFirst ? "channels_first" : "channels_last";
  }

  /**
   * A layer of the class `Class` named `name`, built on the tensors it reads, described as its
   * kind describes it (`lib/layers`), with the formula its weights give.
   */
  #layer(
    name: string,
    Class: LayerClass,
    options: Record<string, unknown>,
    inputs: readonly Tensor[],
    component: HubLayer["component"] = "blocks",
    extra: Partial<HubLayer> = {},
  ): Tensor {
    let layer: Layer;
    try {
      layer = Class.kind.create({ ...options, name });
      layer.build(inputs.length === 1 ? inputs[0].shape : inputs.map((x) => x.shape));
    } catch (e) {
      throw this.#refused(name, Class.kind.className, inputs, e);
    }
    const shape = layer.outputShape() as Shape;
    this.rows.push({
      name,
      className: layer.className,
      weights: layer.weights().map((w) => ({
        path: `${name}/${w.name}`,
        shape: w.shape,
        trainable: w.trainable,
      })),
      ...wordsOf(layer, extra.className ?? layer.className, component),
      outputShape: shape,
      calls: [inputs.map((x) => `${x.op}[0][0]`)],
      ...extra,
    });
    return { op: name, shape, c: this.#channels(shape) };
  }

  #channels(shape: Shape): number {
    return shape[this.#dataFormat === "channels_first" ? 1 : shape.length - 1] as number;
  }

  /** A layer's refusal, said as keras-hub's backbone: which layer, on what. */
  #refused(name: string, className: string, inputs: readonly Tensor[], e: unknown): Error {
    if (!(e instanceof Error)) return new Error(String(e));
    const shapes = inputs.map((x) => `(${x.shape.map((d) => d ?? "None").join(", ")})`);
    const Refusal = e instanceof TypeError ? TypeError : RangeError;
    const why = /computed output size/.test(e.message)
      ? "its computed output size would be zero or negative: the image is too small"
      : "Keras refuses it";
    return new Refusal(
      `${this.#owner}: ${name} (${className}) on ${shapes.join(" and ")}: ${why}. ${e.message}`,
      { cause: e },
    );
  }

  input(h: Dim, wd: Dim, c: number): Tensor {
    const shape = this.#dataFormat === "channels_first" ? [c, h, wd] : [h, wd, c];
    const layer = InputLayer.kind.create({ shape, name: "input_layer" });
    const out = layer.outputShape() as Shape;
    this.rows.push({
      name: layer.name,
      className: layer.className,
      weights: [],
      what: "an input",
      formula: "",
      component: "inputs",
      outputShape: out,
      calls: [],
    });
    return { op: layer.name, shape: out, c };
  }

  /** A ReLU activation layer. */
  relu(name: string, x: Tensor): Tensor {
    return this.#layer(name, Activation, { activation: "relu" }, [x]);
  }

  /** Keras's ZeroPadding2D of `p` on each side. */
  pad(name: string, x: Tensor, p: number): Tensor {
    return this.#zeroPadding(name, x, p);
  }

  /**
   * ResNetV2's `ops.pad` of `p` on each side: an operation Keras's summary lists (as `Pad`) but
   * `backbone.layers` does not, which pads as ZeroPadding2D does.
   */
  padOperation(name: string, x: Tensor, p: number): Tensor {
    return this.#zeroPadding(name, x, p, { className: "Pad", operation: true });
  }

  /** A ZeroPadding2D of `p` on each side, listed as `listed` says. */
  #zeroPadding(name: string, x: Tensor, p: number, listed: Partial<HubLayer> = {}): Tensor {
    const options = { padding: p, dataFormat: this.#dataFormat };
    return this.#layer(name, ZeroPadding2D, options, [x], "other", listed);
  }

  /** A Conv2D, "same" or "valid", without bias (ResNet, DenseNet) or with (VGG). */
  conv(
    name: string,
    x: Tensor,
    filters: number,
    k: number,
    stride: number,
    same: boolean,
    bias = false,
  ): Tensor {
    const options = {
      filters,
      kernelSize: k,
      strides: stride,
      padding: same ? "same" : "valid",
      useBias: bias,
      dataFormat: this.#dataFormat,
    };
    return this.#layer(name, Conv2D, options, [x]);
  }

  /** A BatchNormalization on the channels axis. */
  bn(name: string, x: Tensor, component: HubLayer["component"] = "blocks"): Tensor {
    const axis = this.#dataFormat === "channels_first" ? 1 : -1;
    return this.#layer(name, BatchNormalization, { axis }, [x], component);
  }

  /**
   * A pooling; keras-hub leaves ResNet-vd's average pooling unnamed, and Keras names it after its
   * class and numbers it (`average_pooling2d`, `average_pooling2d_1`, …).
   */
  pool(
    name: string | undefined,
    Pooling: typeof MaxPooling2D | typeof AveragePooling2D,
    x: Tensor,
    size: number,
    stride: number,
    same: boolean,
  ): Tensor {
    if (name === undefined) {
      const named = snakeCase(Pooling.kind.className);
      name = this.#pools === 0 ? named : `${named}_${this.#pools}`;
      this.#pools++;
    }
    const options = {
      poolSize: size,
      strides: stride,
      padding: same ? "same" : "valid",
      dataFormat: this.#dataFormat,
    };
    return this.#layer(name, Pooling, options, [x]);
  }

  /** Keras's `Add` of two tensors, element by element. */
  add(name: string, a: Tensor, b: Tensor): Tensor {
    return this.#layer(name, Add, {}, [a, b]);
  }

  /** Keras's `Concatenate` of two tensors on the channels. */
  concatenate(name: string, a: Tensor, b: Tensor): Tensor {
    const axis = this.#dataFormat === "channels_first" ? 1 : -1;
    return this.#layer(name, Concatenate, { axis }, [a, b]);
  }

  /** The rows in Keras's order, as `backbone.layers` lists them and its summary prints them. */
  ordered(): HubLayer[] {
    const last = this.rows[this.rows.length - 1];
    return [...kerasOrder(this.rows, [`${last.name}[0][0]`])!.rows];
  }
}

/**
 * A family's rows from its graph builder, built once per configuration: `check` builds them to
 * find keras-hub's errors, and `layers` reads the same rows.
 */
export function graphRows(build: (c: Config) => Graph): (c: Config) => HubLayer[] {
  const built = new WeakMap<Config, HubLayer[]>();
  return (c) => {
    let rows = built.get(c);
    if (rows === undefined) {
      rows = build(c).ordered();
      built.set(c, rows);
    }
    return [...rows];
  };
}
