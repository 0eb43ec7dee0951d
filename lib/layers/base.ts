/**
 * The base of every layer. A layer is its configuration, the weight tensors it creates when it is
 * built for an input shape, and its output shape; every count is derived from the weight
 * tensors, as in Keras, so counts and weights cannot disagree.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, safeAdd, sameShape, type Shape, sizeOf } from "../shape.ts";
import { intAtLeast, layerName } from "./_validate.ts";
import type { LayerKind } from "./kind.ts";
import { Node, SymbolicTensor } from "./node.ts";
// A type only: explanations read layers, and are installed into them at load time below.
import type { Explanation } from "../explain.ts";

let explainer: ((layer: Layer) => Explanation) | undefined;

/**
 * Installs what `layer.explain()` calls. `lib/explain.ts` installs itself when it loads (as
 * `mod.ts` does), so the layers need not import the part of the library that reads them.
 *
 * @param explain The function that explains a layer.
 *
 * @example
 * ```ts
 * import { explainLayer, installExplainer, LSTM } from "../../mod.ts";
 * import assert from "assert";
 *
 * installExplainer(explainLayer);
 * assert.equal(new LSTM(5, { inputShape: [400, 13] }).explain().paramCount, 380);
 * ```
 */
export function installExplainer(explain: (layer: Layer) => Explanation): void {
  explainer = explain;
}
import { checkKeys, type OptionTable, type Resolved, resolveOptions } from "./options.ts";

/** What one axis of a weight tensor stands for: a symbol of the formula and words. */
export interface AxisMeaning {
  /** The formula's symbol for the axis's size, e.g. `"n"`, or a product such as `"4·m"`. */
  readonly symbol: string;
  /** What the axis runs over, e.g. `"input features"`. */
  readonly meaning: string;
}

/** One weight tensor a layer creates, as Keras's `add_weight` would. */
export interface WeightSpec {
  /** The weight's name inside its layer, e.g. `"kernel"`, `"recurrent_kernel"`, `"bias"`. */
  readonly name: string;
  /** The weight's shape; always fully known. */
  readonly shape: readonly number[];
  /** Whether training updates it. */
  readonly trainable: boolean;
  /**
   * What each axis stands for, one entry per axis, declared with the weight so explanations
   * read it instead of guessing from the shape.
   */
  readonly axes?: readonly AxisMeaning[];
  /** What the tensor holds, in words for an explanation, e.g. `"13 input features × 5 units"`. */
  readonly role?: string;
  /** The weight's own dtype when it is not the layer's (Normalization's count is int32). */
  readonly dtype?: string;
}

/** A weight tensor of a built layer, with its number of elements. */
export interface Weight extends WeightSpec {
  /** The number of scalars it holds: the product of its shape. */
  readonly size: number;
  /** The layer that created it: the layer itself, or for a wrapper the layer it wraps. */
  readonly owner: Layer;
}

/** What a layer's input must look like, as Keras's `InputSpec`. */
export interface InputSpec {
  /** Exact rank, batch dimension included. */
  readonly ndim?: number;
  /** Minimum rank, batch dimension included. */
  readonly minNdim?: number;
  /** Axes (negative counts from the end) whose size must be known. */
  readonly definedAxes?: readonly number[];
}

/** A layer's output: one shape, or several (Bidirectional with `mergeMode: null`). */
export type OutputShape = Shape | readonly Shape[];

/** A layer's input: one shape, or a list of shapes for a layer that takes several (Add). */
export type InputShape = Shape | readonly Shape[];

/** What `layer.apply()` takes: a tensor, an `Input`, or a list of them. */
export type ApplyInput = SymbolicTensor | Layer | readonly (SymbolicTensor | Layer)[];

/** Arguments every layer accepts. */
export interface LayerArgs {
  /** The layer's name; by default Keras's snake_case of the class name, numbered in a model. */
  readonly name?: string;
  /** The input shape without the batch dimension, e.g. `[400, 13]`; lets the layer build alone. */
  readonly inputShape?: readonly (number | null)[];
  /** The input shape with the batch dimension, e.g. `[null, 400, 13]`. */
  readonly batchInputShape?: Shape;
  /**
   * The batch size to put in front of `inputShape`.
   * @default {null}
   */
  readonly batchSize?: number;
  /**
   * Whether the layer's weights are trained; `false` makes all of them non-trainable.
   * @default {true}
   */
  readonly trainable?: boolean;
  /** The weights' data type; it decides no shape or count. */
  readonly dtype?: unknown;
}

/**
 * What Keras accepts about a kernel and a bias besides their shapes: initializers, regularizers
 * and constraints. They decide no shape or count; a layer accepts them so that a Keras
 * configuration reads as it is.
 */
export interface KernelExtrasArgs {
  /** Initializers, regularizers and constraints: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly activityRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelConstraint?: unknown;
  /** See `kernelInitializer`. */
  readonly biasConstraint?: unknown;
}

/**
 * The constructor of a layer class Keras declares once per rank (`Conv1D`, `Conv2D`, `Conv3D`,
 * …): its kind, and `new` with the kind's first option (`new Conv2D(32, { kernelSize: 3 })`) or
 * the whole configuration.
 *
 * @typeParam Args The layer's configuration.
 * @typeParam First The option that may come first, such as `"filters"`.
 * @typeParam L The layers it creates.
 */
export type RankedConstructor<Args, First extends keyof Args, L extends Layer> = {
  /** The declaration of the Keras class. */
  readonly kind: LayerKind;
  /**
   * Creates the layer, checking its configuration.
   *
   * @param first The first option (`First`), or the whole configuration.
   * @param args The rest of the configuration, when the first option came first.
   */
  new (first: Args[First] | Args, args?: Omit<Args, First>): L;
};

interface Built {
  readonly inputShape: InputShape;
  readonly specs: readonly OwnedSpec[];
  readonly outputShape: OutputShape;
}

interface OwnedSpec extends WeightSpec {
  readonly owner: Layer;
  readonly size: number;
}

let nextCreationIndex = 0;

// Bumped whenever any layer's `trainable` is set, so cached weight lists know they are stale.
let trainableGeneration = 0;

/**
 * Keras's `to_snake_case`: the default name of a layer class.
 *
 * @param className A class name such as `"TimeDistributed"`.
 * @returns Its snake_case form, e.g. `"time_distributed"`.
 *
 * @example
 * ```ts
 * import { snakeCase } from "./base.ts";
 * import assert from "assert";
 *
 * assert.equal(snakeCase("TimeDistributed"), "time_distributed");
 * assert.equal(snakeCase("SimpleRNN"), "simple_rnn");
 * assert.equal(snakeCase("MaxPooling2D"), "max_pooling2d");
 * ```
 */
export function snakeCase(className: string): string {
  return className
    .replace(/(.)([A-Z][a-z]+)/g, "$1_$2")
    .replace(/([a-z])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/**
 * A Keras layer: configuration in, weight tensors and output shape out.
 *
 * Subclasses say what input they accept (`inputSpec`), which weights they create for an input
 * shape (`buildWeights`) and what they output (`computeOutputShape`); everything else is here.
 *
 * @example A standalone layer builds from its inputShape
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense({ units: 5, inputShape: [13] });
 * assert.equal(dense.paramCount(), 70);
 * assert.deepEqual(dense.outputShape(), [null, 5]);
 * ```
 */
export abstract class Layer {
  /** The layer's kind: its Keras class and everything declared about it. */
  readonly kind: LayerKind;
  /** The arguments the layer was created with. */
  readonly args: LayerArgs;
  /** Every option of the kind, checked, with defaults filled in. */
  readonly config: Readonly<Record<string, unknown>>;
  #trainable: boolean;
  #weightsTrainable: boolean;
  #assignedName: string | undefined;
  #defaultName: string | undefined;
  #built: Built | undefined;
  #weights: { generation: number; list: readonly Weight[] } | undefined;
  readonly #nodes: Node[] = [];
  #operation = false;
  /** The order layers were created in, as Keras's names are numbered in creation order. */
  readonly creationIndex: number = nextCreationIndex++;

  /**
   * Checks the configuration against the kind's declaration: unknown keys are refused with the
   * key they most likely meant, every option is checked, defaults are filled in.
   *
   * @param args The configuration.
   * @param kind The layer's kind.
   */
  protected constructor(args: LayerArgs, kind: LayerKind) {
    const owner = kind.className;
    checkKeys(owner, kind.options, args);
    layerName(owner, args.name);
    const config = resolveOptions(owner, kind.options, args as Record<string, unknown>);
    checkCommon(owner, args);
    this.kind = kind;
    this.config = config;
    this.args = args;
    this.#trainable = args.trainable ?? true;
    // Keras builds some layers' weights in an inner cell created trainable whatever the layer
    // was given (ConvLSTM): only the setter freezes those.
    this.#weightsTrainable = this.weightsInTrainableCell ? true : this.#trainable;
  }

  /** The Keras class name, e.g. `"LSTM"`. */
  get className(): string {
    return this.kind.className;
  }

  /**
   * Whether the layer's weights live, in Keras, in an inner cell that is created trainable even
   * when the layer is created with `trainable: false` (ConvLSTM's `ConvLSTMCell`).
   */
  protected get weightsInTrainableCell(): boolean {
    return false;
  }

  /** Whether training updates the weights this layer created (see `trainable`). */
  get weightsTrainable(): boolean {
    return this.#weightsTrainable;
  }

  /**
   * The checked configuration, typed by the kind's options.
   *
   * @param _options The kind's option table (for its type).
   * @returns The configuration.
   */
  protected options<O extends OptionTable>(_options: O): Resolved<O> {
    return this.config as Resolved<O>;
  }

  /**
   * Whether the layer's weights are trained. Setting it, as Keras's setter does, sets it on the
   * layers it wraps too; given in the configuration, it applies to the layer's own weights only
   * (Keras 3 keeps a wrapped layer trainable when the wrapper is created with
   * `trainable=False`).
   */
  get trainable(): boolean {
    return this.#trainable;
  }

  set trainable(value: boolean) {
    if (typeof value !== "boolean") {
      throw new TypeError(
        `Invalid trainable for layer "${this.name}": expected true or false, received ${
          describeValue(value)
        }`,
      );
    }
    this.#trainable = value;
    this.#weightsTrainable = value;
    trainableGeneration++;
    for (const inner of this.trainableChildren()) inner.trainable = value;
  }

  /** The layer's name: given, assigned by its model, or Keras's default for its class. */
  get name(): string {
    return this.args.name ?? this.#assignedName ??
      (this.#defaultName ??= snakeCase(this.className));
  }

  /**
   * Gives the layer the name its model chose for it. A name given in the arguments wins.
   *
   * @param name The name to use when none was given.
   */
  assignName(name: string): void {
    this.#assignedName = name;
  }

  /** Whether a name was given in the arguments. */
  get hasExplicitName(): boolean {
    return this.args.name !== undefined;
  }

  /**
   * Whether it stands for a Keras 3 operation (`x + y` writes `keras.src.ops.numpy.Add`), not a
   * layer: it shows in a model's summary but not among its `layers`, as in Keras.
   */
  get isOperation(): boolean {
    return this.#operation;
  }

  /** Marks the layer as standing for a Keras 3 operation (see `isOperation`). */
  markOperation(): void {
    this.#operation = true;
  }

  /** Whether a model has already named the layer; a later model keeps that name. */
  get hasAssignedName(): boolean {
    return this.#assignedName !== undefined;
  }

  /** The input shape (batch dimension included) the layer's own arguments declare, if any. */
  declaredInputShape(): Shape | undefined {
    const { batchInputShape, inputShape, batchSize } = this.args;
    if (batchInputShape) return batchInputShape;
    if (inputShape) return [batchSize ?? null, ...inputShape];
    return undefined;
  }

  /** What input the layer accepts. */
  protected abstract get inputSpec(): InputSpec;
  /** The weight tensors the layer creates for an input shape that passed `inputSpec`. */
  protected abstract buildWeights(inputShape: InputShape): readonly WeightSpec[];
  /** The output shape for an input shape that passed `inputSpec`. */
  protected abstract computeOutputShape(inputShape: InputShape): OutputShape;

  /**
   * Builds the layer for the inputs a call gives it, as `layer.apply()` would: one input's
   * shape, or each input's shape in the order of the call (a merge's list; attention's query,
   * value and key).
   *
   * @param inputs The inputs' shapes, batch dimension first.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When the layer cannot take those inputs.
   *
   * @example
   * ```ts
   * import { Add } from "../../mod.ts";
   * import assert from "assert";
   *
   * const add = new Add().buildFor([[null, 4], [null, 4]]);
   * assert.deepEqual(add.outputShape(), [null, 4]);
   * ```
   */
  buildFor(inputs: readonly Shape[]): this {
    return this.build(inputs.length === 1 ? inputs[0] : inputs);
  }

  /**
   * Builds the layer for an input shape: checks it, creates the weight specs, computes the output
   * shape. Building again for the same shape does nothing.
   *
   * @param inputShape The input shape, batch dimension first.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When the layer cannot take that input.
   *
   * @example
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const lstm = new LSTM({ units: 5 }).build([null, 400, 13]);
   * assert.equal(lstm.paramCount(), 380);
   * ```
   */
  build(inputShape: InputShape): this {
    if (this.#built) {
      if (sameInput(this.#built.inputShape, inputShape)) return this;
      throw new IncompatibleShapeError(
        this.name,
        firstShape(inputShape),
        `Layer "${this.name}" was already built for input shape ${
          formatInput(this.#built.inputShape)
        } and cannot be built again for ${formatInput(inputShape)}`,
      );
    }
    this.checkInputShape(inputShape);
    const specs = this.buildWeights(inputShape).map((w): OwnedSpec => {
      const owner = (w as Partial<Weight>).owner ?? this;
      return { ...w, owner, size: (w as Partial<Weight>).size ?? weightSize(w, this) };
    });
    const outputShape = this.computeOutputShape(inputShape);
    this.#built = { inputShape: copyInput(inputShape), specs, outputShape };
    this.#weights = undefined;
    // Refuse a total past exact integers now, not when someone asks for it.
    this.paramCount();
    return this;
  }

  /** Checks an input shape (or list) before building or reusing the layer on it. */
  #checkListOrShape(inputShape: InputShape): void {
    if (this.takesList) {
      if (!Array.isArray(inputShape) || !inputShape.every((s) => Array.isArray(s))) {
        throw new TypeError(
          `Layer "${this.name}" (${this.className}) takes a list of inputs, received ${
            describeValue(inputShape)
          }`,
        );
      }
      for (const shape of inputShape as readonly Shape[]) checkDims(this.name, shape);
    } else {
      checkDims(this.name, inputShape as Shape);
    }
  }

  /**
   * Checks an input against the layer's input spec, as Keras does before building or calling.
   *
   * @param inputShape The input shape, or the list of them for a layer that takes several.
   */
  protected checkInputShape(inputShape: InputShape): void {
    this.#checkListOrShape(inputShape);
    if (!this.takesList) this.checkInput(inputShape as Shape);
  }

  /** Whether the layer takes a list of inputs (the merge layers), not one tensor. */
  protected get takesList(): boolean {
    return false;
  }

  /**
   * Calls the layer on symbolic tensors, as Keras's functional API does: builds it on the first
   * call, checks later calls against the same weights (a layer called twice shares its weights),
   * and records the call so a {@linkcode Model} can be made of it.
   *
   * @param inputs A tensor (or an `Input`), or a list of them for a layer that takes several.
   * @returns The output tensor, or a list of them for a layer with several outputs.
   * @throws {IncompatibleShapeError} When the layer cannot take that input, or a shared layer's
   * weights do not fit a later input.
   *
   * @example A shared Dense: two calls, one set of weights
   * ```ts
   * import { Dense, Input } from "../../mod.ts";
   * import assert from "assert";
   *
   * const shared = new Dense(4);
   * const a = shared.apply(new Input({ shape: [8] }));
   * const b = shared.apply(new Input({ shape: [8] }));
   * assert.deepEqual([a.shape, b.shape], [[null, 4], [null, 4]]);
   * assert.equal(shared.inboundNodes.length, 2);
   * assert.equal(shared.paramCount(), 8 * 4 + 4);
   * ```
   */
  apply(inputs: SymbolicTensor | Layer): SymbolicTensor;
  /**
   * Calls a layer that takes a list (a merge layer) on a list of tensors.
   *
   * @param inputs The tensors.
   * @returns The output tensor.
   */
  apply(inputs: readonly (SymbolicTensor | Layer)[]): SymbolicTensor;
  /**
   * Calls the layer; a layer with several outputs returns a list.
   *
   * @param inputs A tensor, or a list of them.
   * @returns The output tensor or tensors.
   */
  apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[];
  apply(inputs: ApplyInput): SymbolicTensor | SymbolicTensor[] {
    const list = Array.isArray(inputs);
    const tensors = (list ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs]).map((x) =>
      asTensor(this, x as SymbolicTensor | Layer)
    );
    if (list && !this.takesList && tensors.length !== 1) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes one input, received a list of ` +
          `${tensors.length}`,
      );
    }
    if (this.takesList && !list) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a list of inputs, e.g. ` +
          `[a, b], received one tensor`,
      );
    }
    const shape: InputShape = this.takesList ? tensors.map((t) => t.shape) : tensors[0].shape;
    const output = this.outputShapeFor(shape);
    const shapes = isShapeList(output) ? output : [output];
    const node = this.recordNode(tensors, shapes, this.takesList);
    const outputs = [...node.outputs];
    return isShapeList(output) ? outputs : outputs[0];
  }

  /**
   * The output shape for an input, building the layer on its first input; a built layer is
   * checked against the new input (its weights must fit it, as a shared layer's must).
   *
   * @param inputShape The input shape (a list for a layer that takes several).
   * @returns The output shape.
   * @throws {IncompatibleShapeError} When the input does not fit.
   */
  outputShapeFor(inputShape: InputShape): OutputShape {
    if (!this.#built) return this.build(inputShape).outputShape();
    if (sameInput(this.#built.inputShape, inputShape)) return this.#built.outputShape;
    this.checkInputShape(inputShape);
    const wanted = this.buildWeights(inputShape);
    const built = this.#built.specs;
    const fits = wanted.length === built.length &&
      wanted.every((w, i) => sameShape(w.shape, built[i].shape));
    if (!fits) {
      throw new IncompatibleShapeError(
        this.name,
        firstShape(inputShape),
        `Layer "${this.name}" was built for input shape ${
          formatInput(this.#built.inputShape)
        }; its weights do not fit input shape ${formatInput(inputShape)}`,
      );
    }
    return this.computeOutputShape(inputShape);
  }

  /**
   * Records a call of the layer (a node), as Keras does for its functional API.
   *
   * @param inputs The tensors it was called on.
   * @param outputShapes The shapes it returned.
   * @param calledOnList Whether it was called on a list.
   * @returns The node.
   */
  protected recordNode(
    inputs: readonly SymbolicTensor[],
    outputShapes: readonly Shape[],
    calledOnList: boolean,
  ): Node {
    const node = new Node(this, this.#nodes.length, inputs, outputShapes, calledOnList);
    this.#nodes.push(node);
    return node;
  }

  /** The calls of the layer so far, in order (Keras's `_inbound_nodes`). */
  get inboundNodes(): readonly Node[] {
    return this.#nodes;
  }

  /** Whether the layer has been built. */
  get built(): boolean {
    return this.#built !== undefined;
  }

  #ensureBuilt(): Built {
    if (!this.#built) {
      const declared = this.declaredInputShape();
      if (!declared) {
        throw new Error(
          `Layer "${this.name}" (${this.className}) has not been built: it has no input shape. ` +
            `Give it an inputShape, or add it to a Sequential model that starts with an Input`,
        );
      }
      this.build(declared);
    }
    return this.#built!;
  }

  /**
   * The input shape the layer was built for, batch dimension first.
   *
   * @returns The shape.
   * @throws {TypeError} For a layer that takes several inputs: see `inputShapes()`.
   */
  inputShape(): Shape {
    const input = this.#ensureBuilt().inputShape;
    if (this.takesList) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes several inputs: use inputShapes()`,
      );
    }
    return input as Shape;
  }

  /**
   * The input shapes the layer was built for: one for most layers, several for a merge layer.
   *
   * @returns The shapes.
   */
  inputShapes(): readonly Shape[] {
    const input = this.#ensureBuilt().inputShape;
    return this.takesList ? input as readonly Shape[] : [input as Shape];
  }

  /**
   * The layer's output shape, batch dimension first, as Keras's `compute_output_shape`.
   *
   * @returns The output shape (a list of shapes for a layer with several outputs).
   */
  outputShape(): OutputShape {
    return this.#ensureBuilt().outputShape;
  }

  /**
   * The weight tensors the layer holds once built: name, shape, trainable and size. No weight is
   * allocated; these are descriptions.
   *
   * @returns The weights in the order Keras creates them.
   */
  weights(): readonly Weight[] {
    const cached = this.#weights;
    if (cached && cached.generation === trainableGeneration) return cached.list;
    const list = this.#ensureBuilt().specs.map((spec): Weight => ({
      ...spec,
      trainable: spec.trainable && spec.owner.weightsTrainable,
    }));
    this.#weights = { generation: trainableGeneration, list };
    return list;
  }

  /**
   * The number of parameters: the sum of the weights' sizes, as Keras's `count_params()`.
   *
   * @returns The exact count.
   * @throws {RangeError} When the count exceeds `Number.MAX_SAFE_INTEGER`.
   */
  paramCount(): number {
    return sumSizes(this.weights(), () => true, this.name);
  }

  /** The number of parameters training updates. */
  trainableParamCount(): number {
    // Keras: a layer that is not trainable lists no trainable weights, even the weights of a
    // layer it wraps that stay trainable (the model's totals count those; see countWeights).
    if (!this.#trainable) return 0;
    return sumSizes(this.weights(), (w) => w.trainable, this.name);
  }

  /** The number of parameters training does not update (all of them when the layer is frozen). */
  nonTrainableParamCount(): number {
    if (!this.#trainable) return this.paramCount();
    return sumSizes(this.weights(), (w) => !w.trainable, this.name);
  }

  /**
   * The weight tensors as declared, before freezing: each with the layer that created it. A
   * wrapper builds its own list from these, so a weight stays its creator's.
   *
   * @returns The declared weights.
   */
  weightSpecs(): readonly Weight[] {
    return this.#ensureBuilt().specs.map((spec) => ({ ...spec }));
  }

  /** The layers whose `trainable` follows this layer's when it is set. */
  protected trainableChildren(): readonly Layer[] {
    return this.innerLayers();
  }

  /**
   * Why the layer has its parameter count: its weight tensors, the formula they add up to (with
   * symbols, with numbers, and as the documents write it), the gates of a recurrent cell, and
   * what a wrapper shares. See {@linkcode explainLayer}.
   *
   * @returns The explanation; it prints as text and displays as HTML in Jupyter.
   * @throws {Error} When `lib/explain.ts` (which `mod.ts` loads) has not been imported.
   *
   * @example Seed 000's 380
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
   * assert.equal(e.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
   * ```
   */
  explain(): Explanation {
    if (!explainer) {
      throw new Error(
        `Explanations live in lib/explain.ts: import it (or mod.ts) to explain layer ` +
          `"${this.name}"`,
      );
    }
    return explainer(this);
  }

  /** The layers this layer wraps (none for most layers). */
  innerLayers(): readonly Layer[] {
    return [];
  }

  /** How many wrappers deep the layer goes: 0 for a plain layer, 1 for a wrapper of one. */
  get nestingDepth(): number {
    return 0;
  }

  /** Checks an input shape against `inputSpec`, with Keras's wording. */
  protected checkInput(inputShape: Shape): void {
    const spec = this.inputSpec;
    const received = inputShape.length;
    const incompatible = (problem: string) =>
      new IncompatibleShapeError(
        this.name,
        inputShape,
        `Input 0 of layer "${this.name}" is incompatible with the layer: ${problem}. ` +
          `Full shape received: ${formatShape(inputShape)}`,
      );
    if (spec.ndim !== undefined && received !== spec.ndim) {
      throw incompatible(`expected ndim=${spec.ndim}, found ndim=${received}`);
    }
    if (spec.minNdim !== undefined && received < spec.minNdim) {
      throw incompatible(`expected min_ndim=${spec.minNdim}, found ndim=${received}`);
    }
    for (const axis of spec.definedAxes ?? []) {
      const index = axis < 0 ? received + axis : axis;
      if (inputShape[index] === null) {
        throw incompatible(
          `axis ${axis} of the input must be known to build the layer's weights, found None`,
        );
      }
    }
  }
}

function checkCommon(owner: string, args: LayerArgs): void {
  if (args.batchSize !== undefined) intAtLeast(owner, "batchSize", args.batchSize);
  if (args.trainable !== undefined && typeof args.trainable !== "boolean") {
    throw new TypeError(
      `Invalid trainable for ${owner}: expected true or false, received ${
        describeValue(args.trainable)
      }`,
    );
  }
  for (const key of ["inputShape", "batchInputShape"] as const) {
    const value = args[key];
    if (value !== undefined && !Array.isArray(value)) {
      throw new TypeError(
        `Invalid ${key} for ${owner}: expected a list of sizes such as [400, 13], received ${
          describeValue(value)
        }`,
      );
    }
  }
}

/** A model's parameter totals, each weight counted once however many layers share it. */
export interface WeightTotals {
  /** Every parameter. */
  readonly total: number;
  /** The parameters training updates. */
  readonly trainable: number;
  /** The parameters training does not update. */
  readonly nonTrainable: number;
  /** The bytes of every weight, each by its layer's variable dtype (float32: 4). */
  readonly totalBytes: number;
  /** The bytes of the trainable weights. */
  readonly trainableBytes: number;
  /** The bytes of the weights training does not update. */
  readonly nonTrainableBytes: number;
}

const DTYPE_BYTES: Readonly<Record<string, number>> = {
  float16: 2,
  bfloat16: 2,
  float64: 8,
  int8: 1,
  uint8: 1,
  int16: 2,
  int32: 4,
  uint32: 4,
  uint16: 2,
  int64: 8,
  uint64: 8,
  bool: 1,
};

/**
 * How many bytes one parameter of a layer takes, from its dtype as Keras gives it (a name such
 * as `"float16"` or Keras 3's `DTypePolicy` object). A mixed policy (`mixed_float16`) keeps its
 * variables in float32, as Keras does, so 4.
 *
 * @param layer A layer.
 * @param weightDtype A weight's own dtype, when it has one (an integer counter).
 * @returns 4 for float32 and anything unstated; 2 for float16 and bfloat16; 8 for float64.
 *
 * @example
 * ```ts
 * import { bytesPerParam, Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(bytesPerParam(new Dense(3)), 4);
 * assert.equal(bytesPerParam(new Dense(3, { dtype: "float16" })), 2);
 * assert.equal(bytesPerParam(new Dense(3, { dtype: "mixed_float16" })), 4);
 * ```
 */
export function bytesPerParam(layer: Layer, weightDtype?: string): number {
  const dtype = weightDtype ?? layer.args.dtype;
  const name = typeof dtype === "string"
    ? dtype
    : typeof dtype === "object" && dtype !== null
    ? ((dtype as { config?: { name?: unknown } }).config?.name ??
      (dtype as { name?: unknown }).name)
    : undefined;
  if (typeof name !== "string" || name.startsWith("mixed_")) return 4;
  return Object.hasOwn(DTYPE_BYTES, name) ? DTYPE_BYTES[name] : 4;
}

/**
 * Adds up the weights of some layers, each weight once: a layer shared by two wrappers, or
 * called twice, holds one set of weights, as Keras counts it.
 *
 * @param layers The layers.
 * @param what What is counted, for the error past exact integers.
 * @returns The totals.
 * @throws {RangeError} When a total exceeds `Number.MAX_SAFE_INTEGER`.
 *
 * @example One Dense inside two TimeDistributed wrappers is counted once
 * ```ts
 * import { countWeights, Dense, TimeDistributed } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense(5);
 * const a = new TimeDistributed(dense, { inputShape: [3, 5] });
 * const b = new TimeDistributed(dense, { inputShape: [3, 5] });
 * assert.deepEqual([a.paramCount(), b.paramCount()], [30, 30]);
 * assert.equal(countWeights([a, b]).total, 30);
 * ```
 */
export function countWeights(layers: Iterable<Layer>, what = "parameter count"): WeightTotals {
  const seen = new Map<Layer, Set<string>>();
  let total = 0;
  let trainable = 0;
  let totalBytes = 0;
  let trainableBytes = 0;
  for (const layer of layers) {
    for (const w of layer.weights()) {
      let names = seen.get(w.owner);
      if (!names) seen.set(w.owner, names = new Set());
      // The weight's name inside its owner: a layer holding another's weights names them by
      // path (`self_attention/query/kernel` is the `query` projection's `kernel`), and the
      // same weight reached through two layers is one weight.
      const key = w.name.slice(w.name.lastIndexOf("/") + 1);
      if (names.has(key)) continue;
      names.add(key);
      total = safeAdd(total, w.size, what);
      const bytes = w.size * bytesPerParam(w.owner, w.dtype);
      totalBytes += bytes;
      if (w.trainable) {
        trainable += w.size;
        trainableBytes += bytes;
      }
    }
  }
  return {
    total,
    trainable,
    nonTrainable: total - trainable,
    totalBytes,
    trainableBytes,
    nonTrainableBytes: totalBytes - trainableBytes,
  };
}

/** The deepest nesting of wrappers the library follows; deeper is a RangeError, not a crash. */
export const MAX_NESTING = 64;

// Plain arithmetic first; only a result past exact integers goes through the checked path,
// which names what overflowed. Counting is on every path a sweep takes, so it stays lean.
function weightSize(w: WeightSpec, layer: Layer): number {
  let size = 1;
  for (const d of w.shape) size *= d;
  return Number.isSafeInteger(size)
    ? size
    : sizeOf(w.shape, `size of weight "${w.name}" of layer "${layer.name}"`);
}

function sumSizes(
  weights: readonly Weight[],
  keep: (w: Weight) => boolean,
  layer: string,
): number {
  let total = 0;
  for (const w of weights) if (keep(w)) total += w.size;
  if (Number.isSafeInteger(total)) return total;
  total = 0;
  for (const w of weights) {
    if (keep(w)) total = safeAdd(total, w.size, `parameter count of layer "${layer}"`);
  }
  return total;
}

function isShapeList(shape: InputShape): shape is readonly Shape[] {
  return shape.length > 0 && Array.isArray(shape[0]);
}

function sameInput(a: InputShape, b: InputShape): boolean {
  if (isShapeList(a) || isShapeList(b)) {
    return isShapeList(a) && isShapeList(b) && a.length === b.length &&
      a.every((s, i) => Array.isArray(b[i]) && sameShape(s, b[i]));
  }
  return sameShape(a, b);
}

function copyInput(shape: InputShape): InputShape {
  return isShapeList(shape) ? shape.map((s) => [...s]) : [...shape];
}

function firstShape(shape: InputShape): Shape {
  return isShapeList(shape) ? shape[0] : shape;
}

function formatInput(shape: InputShape): string {
  return isShapeList(shape) ? `[${shape.map(formatShape).join(", ")}]` : formatShape(shape);
}

/**
 * The tensor a value given to `apply()` stands for: a tensor itself, or an `Input`'s tensor.
 *
 * @param layer The layer called, for the error message.
 * @param value The value.
 * @returns The tensor.
 * @throws {TypeError} When the value is neither.
 *
 * @example
 * ```ts
 * import { asTensor, Dense, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [3] });
 * assert.equal(asTensor(new Dense(1), x), x.output);
 * ```
 */
export function asTensor(layer: Layer, value: SymbolicTensor | Layer): SymbolicTensor {
  if (value instanceof SymbolicTensor) return value;
  if (value instanceof Layer && value.inboundNodes.length > 0) {
    const outputs = value.inboundNodes.at(-1)!.outputs;
    if (outputs.length === 1) return outputs[0];
  }
  throw new TypeError(
    `Invalid input for layer "${layer.name}" (${layer.className}): expected a tensor from ` +
      `new Input({ shape }) or from another layer's apply(), received ${
        value instanceof Layer
          ? `the layer "${value.name}" (${value.className})`
          : describeValue(value)
      }`,
  );
}

function checkDims(layer: string, shape: Shape): void {
  if (!Array.isArray(shape) || shape.length === 0) {
    throw new TypeError(
      `Invalid input shape for layer "${layer}": expected a list of sizes with the batch ` +
        `dimension first, received ${describeValue(shape)}`,
    );
  }
  for (const d of shape) {
    if (d !== null && (typeof d !== "number" || !Number.isSafeInteger(d) || d < 1)) {
      const message = `Invalid input shape for layer "${layer}": every size must be a ` +
        `positive integer or null, received ${describeValue(d)} in ${describeValue(shape)}`;
      throw typeof d === "number" ? new RangeError(message) : new TypeError(message);
    }
  }
}
