/**
 * What building a layer made, held by the layer: a class rather than an object literal.
 *
 * V8 pretenures an object literal's (or an array literal's) allocation site once most of the
 * objects it made survive a scavenge, which happens while a reader creates every layer of a
 * model at once and then calls them. Objects made there go straight to the old generation, and
 * an old object keeps each young object it points to alive through every scavenge until a full
 * collection: a layer's weights, and through their owner the whole model, copied and promoted
 * again and again. A class instance, or an array a builtin makes (`slice`, `concat`), has no
 * allocation site, so the records a layer keeps for its life are made that way: its lists with
 * {@linkcode listOf} (`slice` of an empty list takes a few nanoseconds, `Array.of` about 60).
 *
 * @module
 */

import type { InputShape, OutputShape } from "./args.ts";

/**
 * A built layer's input shape, weights and output shape.
 *
 * @example
 * ```ts
 * import { Built } from "./_built.ts";
 * import assert from "assert";
 *
 * const built = new Built([null, 3], [{ name: "kernel" }], [null, 2]);
 * assert.deepEqual(built.outputShape, [null, 2]);
 * ```
 */
export class Built<W> {
  readonly inputShape: InputShape;
  readonly specs: readonly W[];
  readonly outputShape: OutputShape;

  constructor(inputShape: InputShape, specs: readonly W[], outputShape: OutputShape) {
    this.inputShape = inputShape;
    this.specs = specs;
    this.outputShape = outputShape;
  }
}

/**
 * A layer's state besides its kind, arguments and options: its name, whether it trains, what
 * building it made, its calls. One record of one class for every layer, held by the layer: the
 * layer classes are many (V8 gives each its own hidden class), and the base class's methods, run
 * on layers of every kind, would read each of its fields through a megamorphic lookup (a
 * private field's the slowest); they read the record (one lookup) and then fields of one shape.
 *
 * @typeParam K The layer's kind.
 * @typeParam W A weight.
 * @typeParam N A call of the layer.
 * @typeParam M The layer's compute.
 *
 * @example
 * ```ts
 * import { LayerState } from "./_built.ts";
 * import assert from "assert";
 *
 * const state = new LayerState("Dense", undefined, true, true);
 * assert.equal(state.nodes.length, 0);
 * assert.equal(state.built, undefined);
 * ```
 */
export class LayerState<K, W, N, M> {
  readonly kind: K;
  /** The name given in the arguments. */
  readonly givenName: string | undefined;
  trainable: boolean;
  weightsTrainable: boolean;
  /** A model's name for the layer, or once asked for, Keras's default (`named` says which). */
  name: string | undefined = undefined;
  named = false;
  built: Built<W> | undefined = undefined;
  /** The weights as last listed, and the `trainableGeneration` they were listed in. */
  weights: readonly W[] | undefined = undefined;
  weightsGeneration = -1;
  /** The calls, in order: a builtin's list. */
  readonly nodes: N[] = listOf<N>();
  operation = false;
  builtMacs: M | undefined = undefined;

  constructor(
    kind: K,
    givenName: string | undefined,
    trainable: boolean,
    weightsTrainable: boolean,
  ) {
    this.kind = kind;
    this.givenName = givenName;
    this.trainable = trainable;
    this.weightsTrainable = weightsTrainable;
  }
}

// Not frozen: `slice` of a frozen list leaves V8's fast path (about 80 ns instead of 12). It is
// only ever sliced, never written to.
const EMPTY: readonly never[] = [];

/**
 * A new list, empty or of one item, made by a builtin (`slice`) so that it has no allocation
 * site V8 could pretenure.
 *
 * @param items At most one item (none for an empty list).
 * @returns The list.
 *
 * @example
 * ```ts
 * import { listOf } from "./_built.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(listOf(), []);
 * assert.deepEqual(listOf(7), [7]);
 * ```
 */
export function listOf<T>(...items: [] | [T]): T[] {
  // A copy of a one-item list is as long as it (a push into an empty list would make room for
  // 17, in a list a layer or a node keeps for as long as the model lives); `concat`, which also
  // makes it exact, takes ten times as long.
  if (items.length === 0) return EMPTY.slice();
  const list = blank(1) as T[];
  list[0] = items[0];
  return list;
}

/**
 * A new list of sizes, made by a builtin (`slice`) so that it has no allocation site V8 could
 * pretenure: an output shape (`[batch, ...sizes, channels]`) lives as long as its layer, and a
 * spread in an array literal is such a site (a reader's bench found ResNet50's 53 Conv2D output
 * shapes made old in processes that fell into the collector's trap).
 *
 * @param parts Sizes, or lists of sizes, in order.
 * @returns The sizes in one list.
 *
 * @example
 * ```ts
 * import { sizesOf } from "./_built.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(sizesOf(null, [14, 14], 8), [null, 14, 14, 8]);
 * assert.deepEqual(sizesOf([null], [], 3), [null, 3]);
 * ```
 */
export function sizesOf(
  ...parts: (number | null | readonly (number | null)[])[]
): (number | null)[] {
  let length = 0;
  for (const part of parts) length += Array.isArray(part) ? part.length : 1;
  const sizes = blank(length) as (number | null)[];
  let at = 0;
  for (const part of parts) {
    if (!Array.isArray(part)) sizes[at++] = part as number | null;
    else for (let i = 0; i < part.length; i++) sizes[at++] = part[i];
  }
  return sizes;
}

// Lists of placeholders, one of each length asked for, each only ever sliced: a `slice` of one
// is a list of that length, made by a builtin, fast, and of the elements kind an array literal
// of objects has (a list pushed full of placeholders, not `new Array(n)`, which has holes).
const BLANKS: (readonly unknown[])[] = [];
const PLACEHOLDER = {};

/** A new list of `n` placeholders, to be written over. */
function blank(n: number): unknown[] {
  let template = BLANKS[n];
  if (template === undefined) {
    const made: unknown[] = [];
    for (let i = 0; i < n; i++) made.push(PLACEHOLDER);
    template = made;
    // Lengths are few (a shape's rank); a flood of others is not kept.
    if (n <= 64) BLANKS[n] = made;
  }
  return template.slice();
}

/** What {@linkcode listedWeights} reads of a weight. */
interface OwnedWeight {
  readonly trainable: boolean;
  readonly owner: { readonly weightsTrainable: boolean };
}

/**
 * A built layer's weights as it lists them: a declared weight is already one, and only one its
 * frozen owner no longer trains changes (a copy, marked not trainable). When none changes, the
 * declared list itself (read-only) is the list: no copy of it per layer.
 *
 * @param specs The declared weights.
 * @returns The weights.
 *
 * @example
 * ```ts
 * import { listedWeights } from "./_built.ts";
 * import assert from "assert";
 *
 * const frozen = { weightsTrainable: false };
 * const specs = [{ trainable: true, owner: { weightsTrainable: true } }];
 * assert.equal(listedWeights(specs), specs);
 * assert.equal(listedWeights([{ trainable: true, owner: frozen }])[0].trainable, false);
 * ```
 */
export function listedWeights<W extends OwnedWeight>(specs: readonly W[]): readonly W[] {
  for (const spec of specs) {
    if (spec.trainable && !spec.owner.weightsTrainable) {
      return specs.map((w) =>
        w.trainable && !w.owner.weightsTrainable ? { ...w, trainable: false } : w
      );
    }
  }
  return specs;
}
