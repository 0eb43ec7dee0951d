/**
 * Merge layers: Add, Subtract, Multiply, Average, Maximum, Minimum, Concatenate and Dot. They
 * take a list of tensors and combine them; none has weights. They decide shapes, and in a
 * residual block that is all they do: `Add` needs both branches to have the same shape.
 *
 * @module
 */

import { perExample } from "./macs.ts";
import { IncompatibleShapeError } from "../errors.ts";
import { type Dim, formatShape, type Shape } from "../shape.ts";
import type { InputSpec, LayerArgs, WeightSpec } from "./args.ts";
import { Layer } from "./base.ts";
import { sizesOf } from "./_built.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { opt } from "./options.ts";

function pythonShape(shape: Shape): string {
  const dims = shape.map((d) => (d === null ? "None" : String(d)));
  return `(${dims.join(", ")}${dims.length === 1 ? "," : ""})`;
}

function pythonShapes(shapes: readonly Shape[]): string {
  return `[${shapes.map(pythonShape).join(", ")}]`;
}

/** What the merge layers share: a list of inputs, no weights. */
export abstract class Merge extends Layer {
  /** The merge layers take a list of inputs. */
  protected override get takesList(): boolean {
    return true;
  }
  /** What input the layer accepts: checked on the whole list. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates: none. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** Checks the list as Keras's `build` does, then the layer's own rule. */
  protected override checkInputShape(inputShape: readonly Shape[] | Shape): void {
    super.checkInputShape(inputShape);
    const shapes = inputShape as readonly Shape[];
    if (shapes.length < 1) {
      throw new IncompatibleShapeError(
        this.name,
        [],
        `A merge layer should be called on a list of at least 1 input. Received 0 inputs.`,
      );
    }
    const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null));
    if (batches.size > 1) {
      throw new IncompatibleShapeError(
        this.name,
        shapes[0],
        `Cannot merge tensors with different batch sizes. Received tensors with shapes ${
          pythonShapes(shapes)
        }`,
      );
    }
    this.checkList(shapes);
  }
  /**
   * The layer's own check of its list of inputs.
   *
   * @param shapes The input shapes.
   */
  protected checkList(shapes: readonly Shape[]): void {
    this.computeOutputShape(shapes);
  }
  /**
   * The output shape for a list of input shapes.
   *
   * @param shapes The input shapes.
   */
  protected abstract override computeOutputShape(shapes: readonly Shape[]): Shape;
}

/** Combines inputs value by value, broadcasting axes of size 1, as Keras's elementwise merges. */
export abstract class ElementwiseMerge extends Merge {
  /** The shape of an elementwise combination, with Keras's broadcasting and errors. */
  protected computeOutputShape(shapes: readonly Shape[]): Shape {
    let out: Shape = shapes[0].slice(1);
    for (const shape of shapes.slice(1)) out = this.#pair(out, shape.slice(1));
    const batches = new Set(shapes.map((s) => s[0]).filter((d) => d !== null));
    return sizesOf(batches.size === 1 ? [...batches][0] : null, out);
  }

  #pair(a: Shape, b: Shape): Shape {
    if (a.length < b.length) return this.#pair(b, a);
    if (b.length === 0) return a;
    const out: Dim[] = a.slice(0, a.length - b.length);
    const tail = a.slice(a.length - b.length);
    tail.forEach((i, k) => {
      const j = b[k];
      if (i === null || j === null) out.push(null);
      else if (i === 1) out.push(j);
      else if (j === 1) out.push(i);
      else if (i !== j) {
        throw new IncompatibleShapeError(
          this.name,
          a,
          `Inputs have incompatible shapes. Received shapes ${pythonShape(a)} and ${
            pythonShape(b)
          }`,
        );
      } else out.push(i);
    });
    return out;
  }
}

const NO_WEIGHTS = (op: string) => () =>
  `A merge layer ${op}: a fixed operation on its inputs, so it has no weights. It decides the ` +
  `shape: its inputs must fit together.`;

function elementwise(className: string, op: string, tfjs: string, exactlyTwo = false) {
  const Merged = class extends ElementwiseMerge {
    static readonly kind: LayerKind = defineKind({
      className,
      family: "merging",
      summary: `Merges a list of tensors: ${op}; no weights.`,
      options: {},
      create: (config) => new Merged(config as LayerArgs),
      tfjs: { factory: tfjs, args: () => ({}) },
      weightless: true,
      noWeights: NO_WEIGHTS(op),
    });
    constructor(args: LayerArgs = {}) {
      super(args, Merged.kind);
    }
    protected override checkList(shapes: readonly Shape[]): void {
      if (exactlyTwo && shapes.length !== 2) {
        throw new IncompatibleShapeError(
          this.name,
          shapes[0] ?? [],
          `A \`${className}\` layer should be called on exactly 2 inputs. Received: ` +
            `input_shape=${pythonShapes(shapes)}`,
        );
      }
      super.checkList(shapes);
    }
  };
  return Merged;
}

/** A merge layer's constructor. */
export type MergeConstructor = {
  /** The declaration of the Keras class. */
  readonly kind: LayerKind;
  /**
   * Creates the layer.
   *
   * @param args The common layer arguments.
   */
  new (args?: LayerArgs): ElementwiseMerge;
};

/**
 * Adds its inputs value by value: a residual connection's `x + f(x)`.
 *
 * @example A residual block: Add has no weights but needs equal shapes
 * ```ts
 * import { Add, Dense, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [16] });
 * const y = new Add().apply([x, new Dense(16).apply(x)]);
 * assert.deepEqual(y.shape, [null, 16]);
 * assert.throws(() => new Add().apply([x, new Dense(8).apply(x)]), /incompatible shapes/);
 * ```
 */
export const Add: MergeConstructor = elementwise("Add", "their sum", "add");
/**
 * Subtracts its second input from its first.
 *
 * @example
 * ```ts
 * import { Input, Subtract } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [4] });
 * assert.deepEqual(new Subtract().apply([a, new Input({ shape: [4] })]).shape, [null, 4]);
 * ```
 */
export const Subtract: MergeConstructor = elementwise(
  "Subtract",
  "the first minus the second",
  "subtract",
  true,
);
/**
 * Multiplies its inputs value by value.
 *
 * @example
 * ```ts
 * import { Input, Multiply } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [4, 3] });
 * assert.deepEqual(new Multiply().apply([a, new Input({ shape: [1, 3] })]).shape, [null, 4, 3]);
 * ```
 */
export const Multiply: MergeConstructor = elementwise("Multiply", "their product", "multiply");
/**
 * Averages its inputs value by value.
 *
 * @example
 * ```ts
 * import { Average, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [4] });
 * assert.deepEqual(new Average().apply([a, a]).shape, [null, 4]);
 * ```
 */
export const Average: MergeConstructor = elementwise("Average", "their mean", "average");
/**
 * The maximum of its inputs, value by value.
 *
 * @example
 * ```ts
 * import { Input, Maximum } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [4] });
 * assert.deepEqual(new Maximum().apply([a, a]).shape, [null, 4]);
 * ```
 */
export const Maximum: MergeConstructor = elementwise("Maximum", "their maximum", "maximum");
/**
 * The minimum of its inputs, value by value.
 *
 * @example
 * ```ts
 * import { Input, Minimum } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [4] });
 * assert.deepEqual(new Minimum().apply([a, a]).shape, [null, 4]);
 * ```
 */
export const Minimum: MergeConstructor = elementwise("Minimum", "their minimum", "minimum");

/** Arguments of {@linkcode CustomScaleLayer}. */
export interface CustomScaleLayerArgs extends LayerArgs {
  /** The residual's scale; it adds no parameters. */
  readonly scale: number;
}

const CUSTOM_SCALE_OPTIONS = { scale: { ...opt.number(), inert: true } };

/**
 * InceptionResNetV2's `CustomScaleLayer` (`keras.applications.inception_resnet_v2`): its two
 * inputs as `x + scale · r`, a shortcut plus a scaled residual. No weights.
 *
 * @example
 * ```ts
 * import { CustomScaleLayer, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [35, 35, 320] });
 * const y = new CustomScaleLayer({ scale: 0.17 }).apply([x, x]);
 * assert.deepEqual(y.shape, [null, 35, 35, 320]);
 * ```
 */
export class CustomScaleLayer extends ElementwiseMerge {
  /** The declaration of InceptionResNetV2's `CustomScaleLayer`. */
  static readonly kind: LayerKind = defineKind({
    className: "CustomScaleLayer",
    family: "merging",
    summary: "InceptionResNetV2's shortcut plus scaled residual, x + scale · r; no weights.",
    options: CUSTOM_SCALE_OPTIONS,
    create: (config) => new CustomScaleLayer(config as unknown as CustomScaleLayerArgs),
    weightless: true,
    noWeights: NO_WEIGHTS("adds a scaled residual to a shortcut"),
  });

  /**
   * Creates the layer.
   *
   * @param args The scale and the common arguments.
   */
  constructor(args: CustomScaleLayerArgs) {
    super(args, CustomScaleLayer.kind);
  }

  /** Exactly two inputs: the shortcut and the residual. */
  protected override checkList(shapes: readonly Shape[]): void {
    if (shapes.length !== 2) {
      throw new IncompatibleShapeError(
        this.name,
        shapes[0] ?? [],
        `CustomScaleLayer takes a shortcut and a residual, received ${shapes.length} inputs`,
      );
    }
    super.checkList(shapes);
  }
}

/** Arguments of {@linkcode Concatenate}. */
export interface ConcatenateArgs extends LayerArgs {
  /**
   * The axis to join along.
   * @default {-1}
   */
  readonly axis?: number;
}

const CONCATENATE_OPTIONS = { axis: opt.axis(-1) };

/**
 * Joins its inputs along one axis; the other axes must match. No weights.
 *
 * @example
 * ```ts
 * import { Concatenate, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [10, 8] });
 * const b = new Input({ shape: [10, 4] });
 * assert.deepEqual(new Concatenate().apply([a, b]).shape, [null, 10, 12]);
 * assert.deepEqual(new Concatenate({ axis: 1 }).apply([a, a]).shape, [null, 20, 8]);
 * ```
 */
export class Concatenate extends Merge {
  /** The declaration of Keras's `Concatenate`. */
  static readonly kind: LayerKind = defineKind({
    className: "Concatenate",
    family: "merging",
    summary: "Joins a list of tensors along one axis; no weights.",
    options: CONCATENATE_OPTIONS,
    positional: "axis",
    create: (config) => new Concatenate(config as ConcatenateArgs),
    tfjs: { factory: "concatenate", args: (layer) => ({ axis: layer.config.axis }) },
    weightless: true,
    noWeights: NO_WEIGHTS("joins its inputs along one axis"),
  });
  /** The axis joined along. */
  readonly axis: number;

  /**
   * Creates the layer.
   *
   * @param axis The axis, or the whole configuration.
   * @param args The rest of the configuration, when the axis came first.
   */
  constructor(axis?: number | ConcatenateArgs, args?: ConcatenateArgs) {
    super(positional(Concatenate.kind, axis, args), Concatenate.kind);
    this.axis = this.options(CONCATENATE_OPTIONS).axis;
  }

  /**
   * Keras 3's check: the shapes without the concatenated axis must agree, an unknown size
   * agreeing with any. Keras means to let axes of size 1 differ too, but its loop walks the list
   * of shapes instead of each shape's sizes, so it never drops one: `(None, 1, 8)` and
   * `(None, 8)` are refused, and InceptionV3's `(None, 1, 1, 320)` and `(None, 1, 1, 192)`
   * (at its smallest input, 75×75) join. This checks what Keras checks.
   */
  protected override checkList(shapes: readonly Shape[]): void {
    const message = "A `Concatenate` layer requires inputs with matching shapes except for " +
      `the concatenation axis. Received: input_shape=${pythonShapes(shapes)}`;
    const fail = (): never => {
      throw new IncompatibleShapeError(this.name, shapes[0], message);
    };
    const reduced = shapes.map((shape) => {
      const kept = [...shape];
      // Python's `del shape[axis]`, run when `len(shape) > axis`; a negative axis counts from
      // the end, and one past the start raises.
      if (kept.length > this.axis) {
        if (this.axis < -kept.length) fail();
        kept.splice(this.axis, 1);
      }
      return kept;
    });
    const ranks = new Set(reduced.map((s) => s.length));
    if (ranks.size !== 1) fail();
    for (let axis = 0; axis < reduced[0].length; axis++) {
      const sizes = new Set(reduced.map((s) => s[axis]).filter((d) => d !== null));
      if (sizes.size > 1) fail();
    }
  }

  /** The first input's shape with the axis summed over the inputs (unknown if any is). */
  protected computeOutputShape(shapes: readonly Shape[]): Shape {
    const out = [...shapes[0]];
    const at = mod(this.axis, out.length);
    for (const shape of shapes.slice(1)) {
      const d = shape[mod(this.axis, shape.length)];
      if (out[at] === null || d === null) {
        out[at] = null;
        break;
      }
      out[at] = (out[at] as number) + d;
    }
    return out;
  }
}

function mod(axis: number, rank: number): number {
  return ((axis % rank) + rank) % rank;
}

/** Arguments of {@linkcode Dot}. */
export interface DotArgs extends LayerArgs {
  /** The axis (or one per input) to take the dot product over. */
  readonly axes: number | readonly [number, number];
  /**
   * L2-normalize along the axes first (cosine similarity); it adds no parameters.
   * @default {false}
   */
  readonly normalize?: boolean;
}

const DOT_OPTIONS = {
  axes: opt.custom<number | readonly number[]>(
    "an integer axis or a list of two",
    (v) =>
      Number.isSafeInteger(v) ||
      Array.isArray(v) && v.length === 2 && v.every((a) => Number.isSafeInteger(a)),
  ),
  normalize: { ...opt.bool(false), inert: true },
};

/**
 * The dot product of two inputs over an axis of each. No weights.
 *
 * @example
 * ```ts
 * import { Dot, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const a = new Input({ shape: [10, 8] });
 * const b = new Input({ shape: [12, 8] });
 * assert.deepEqual(new Dot({ axes: 2 }).apply([a, b]).shape, [null, 10, 12]);
 * ```
 */
export class Dot extends Merge {
  /** The declaration of Keras's `Dot`. */
  static readonly kind: LayerKind = defineKind({
    className: "Dot",
    family: "merging",
    summary: "The dot product of two tensors over an axis of each; no weights.",
    options: DOT_OPTIONS,
    positional: "axes",
    create: (config) => new Dot(config as unknown as DotArgs),
    tfjs: {
      factory: "dot",
      args: (layer) => ({ axes: layer.config.axes, normalize: layer.config.normalize }),
    },
    weightless: true,
    noWeights: NO_WEIGHTS("takes a dot product"),
    // Each output element is a dot product over the contracted axis.
    macs: (layer, { inputs, outputs }) => {
      const axes = layer.config.axes as number | readonly number[];
      const axis = typeof axes === "number" ? axes : axes[0];
      const rank = inputs[0].length;
      return perExample(outputs[0]) * inputs[0][((axis % rank) + rank) % rank];
    },
  });

  /**
   * Creates the layer.
   *
   * @param axes The axes, or the whole configuration.
   * @param args The rest of the configuration, when the axes came first.
   */
  constructor(axes: number | readonly [number, number] | DotArgs, args?: Omit<DotArgs, "axes">) {
    super(positional(Dot.kind, axes, args), Dot.kind);
  }

  #axes(shapes: readonly Shape[]): [number, number] {
    const axes = this.config.axes as number | readonly number[];
    if (typeof axes === "number") {
      return axes < 0 ? [mod(axes, shapes[0].length), mod(axes, shapes[1].length)] : [axes, axes];
    }
    return [axes[0], axes[1]];
  }

  /** Keras's check: two inputs whose sizes agree on the axes. */
  protected override checkList(shapes: readonly Shape[]): void {
    if (shapes.length !== 2) {
      throw new IncompatibleShapeError(
        this.name,
        shapes[0] ?? [],
        `A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${
          pythonShapes(shapes)
        }`,
      );
    }
    const [a, b] = this.#axes(shapes);
    if (shapes[0][a] !== shapes[1][b]) {
      throw new IncompatibleShapeError(
        this.name,
        shapes[0],
        `Incompatible input shapes: axis values ${shapes[0][a]} (at axis ${a}) != ` +
          `${shapes[1][b]} (at axis ${b}). Full input shapes: ${formatShape(shapes[0])}, ` +
          `${formatShape(shapes[1])}`,
      );
    }
  }

  /** Both shapes without their dot axes, the second without its batch axis. */
  protected computeOutputShape(shapes: readonly Shape[]): Shape {
    const [a, b] = this.#axes(shapes);
    const first = shapes[0].filter((_, i) => i !== a);
    const second = shapes[1].filter((_, i) => i !== b).slice(1);
    const out = [...first, ...second];
    return out.length === 1 ? [...out, 1] : out;
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { MERGING_KINDS } from "./merging.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(MERGING_KINDS.map((kind) => kind.className), ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot", "CustomScaleLayer"]);
 * ```
 */
export const MERGING_KINDS: readonly LayerKind[] = [
  Add.kind,
  Subtract.kind,
  Multiply.kind,
  Average.kind,
  Maximum.kind,
  Minimum.kind,
  Concatenate.kind,
  Dot.kind,
  CustomScaleLayer.kind,
];
