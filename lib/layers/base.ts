/**
 * The base of every layer. A layer is its configuration, the weight tensors it creates when it is
 * built for an input shape, and its output shape; every count is derived from the weight
 * tensors, as in Keras, so counts and weights cannot disagree.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { isShapeList, sameShape, type Shape } from "../shape.ts";
import * as sizes from "./_sizes.ts";
import { Built, LayerState, listedWeights, listOf } from "./_built.ts";
import { checkCommon, checkKind, layerName } from "./_validate.ts";
import { checkMacsOptions, checkNodeParts } from "./_validate.ts";
export { MAX_NESTING } from "./_validate.ts";
export { snakeCase } from "./naming.ts";
import { snakeCase } from "./naming.ts";
import type { KindDeclaration } from "./declaration.ts";
import { type CallArgsOf, checkInitialState, type ReadCall, readCall } from "./call.ts";
import { callMacs, callSaved, givenInputs, type MacsOptions, macsTotal } from "./macs.ts";
import type { MacsTerms } from "./macs.ts";
import { explanationOf } from "../explain/analysis.ts";
import type { Explanation } from "../explain/explanation.ts";
import { checkedKeys, type OptionTable, type Resolved, resolveOptions } from "./options.ts";
import type { InputShape, InputSpec, LayerArgs, OutputShape } from "./args.ts";
import type { WeightOf, WeightSpec } from "./args.ts";
import {
  checkCallArity,
  checkInputSpec,
  checkListOrShape,
  copyInput,
  firstShape,
  formatInput,
  sameInput,
} from "./_input_shapes.ts";
import { expectWith } from "../guard.ts";

export type { InputShape, InputSpec, OutputShape, WeightSpec } from "./args.ts";
export { countWeights, type WeightTotals } from "./totals.ts";

/** A weight tensor of a built layer, with its number of elements and the layer that made it. */
export type Weight = WeightOf<Layer>;

/** What `layer.apply()` takes: a tensor, an `Input`, or a list of them. */
export type ApplyInput = SymbolicTensor | Layer | readonly (SymbolicTensor | Layer)[];

let nextCreationIndex = 0;
const NO_LAYERS: readonly Layer[] = Object.freeze([]);
// Bumped whenever any layer's `trainable` is set, so cached weight lists know they are stale.
let trainableGeneration = 0;

/** A layer's state (see `LayerState`). */
type State = LayerState<KindDeclaration<Layer>, Weight, Node, number | MacsTerms>;

/**
 * A layer's build, building it for the input its own arguments declare when nothing has built it
 * yet. A function of the layer and its state rather than a private method: calling a private
 * method checks the receiver's class first, one more megamorphic lookup.
 */
function builtState(layer: Layer, state: State): Built<Weight> {
  if (!state.built) {
    const declared = layer.declaredInputShape();
    if (!declared) {
      throw new Error(
        `Layer "${layer.name}" (${layer.className}) has not been built: it has no input shape. ` +
          `Give it an inputShape, or add it to a Sequential model that starts with an Input`,
      );
    }
    layer.build(declared);
  }
  return state.built!;
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
  declare readonly kind: KindDeclaration<Layer>;
  /** The arguments the layer was created with. */
  declare readonly args: LayerArgs;
  /** Every option of the kind, checked, with defaults filled in. */
  declare readonly config: Readonly<Record<string, unknown>>;
  // Its name, calls, build and whether it trains: one record of one class (see `LayerState`).
  readonly #s: State;
  /** The order layers were created in, as Keras's names are numbered in creation order. */
  readonly creationIndex: number = nextCreationIndex++;

  /**
   * Checks the configuration against the kind's declaration: unknown keys are refused with the
   * key they most likely meant, every option is checked, defaults are filled in.
   *
   * @param args The configuration.
   * @param kind The layer's kind.
   */
  protected constructor(args: LayerArgs, kind: KindDeclaration<Layer>) {
    checkKind(new.target.name, kind);
    const owner = kind.className;
    const keys = checkedKeys(owner, kind.options, args);
    layerName(owner, args.name);
    const config = resolveOptions(owner, kind.options, args as Record<string, unknown>, keys);
    checkCommon(owner, args);
    this.kind = kind;
    this.config = config;
    this.args = args;
    const trainable = args.trainable ?? true;
    // Keras builds some layers' weights in an inner cell created trainable whatever the layer
    // was given (ConvLSTM): only the setter freezes those.
    const weightsTrainable = kind.weightsInTrainableCell ? true : trainable;
    this.#s = new LayerState(kind, args.name, trainable, weightsTrainable) as State;
  }

  /** The Keras class name, e.g. `"LSTM"`. */
  get className(): string {
    return this.#s.kind.className;
  }

  /** Whether training updates the weights this layer created (see `trainable`). */
  get weightsTrainable(): boolean {
    return this.#s.weightsTrainable;
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
    return this.#s.trainable;
  }

  set trainable(value: boolean) {
    if (typeof value !== "boolean") {
      throw new TypeError(
        `Invalid trainable for layer "${this.name}": expected true or false, received ${
          describeValue(value)
        }`,
      );
    }
    this.#s.trainable = value;
    this.#s.weightsTrainable = value;
    trainableGeneration++;
    for (const inner of this.trainableChildren()) inner.trainable = value;
  }

  /** The layer's name: given, assigned by its model, or Keras's default for its class. */
  get name(): string {
    const s = this.#s;
    return s.givenName ?? (s.name ??= snakeCase(s.kind.className));
  }

  /** Gives the layer the `name` its model chose for it; a name given in the arguments wins. */
  assignName(name: string): void {
    const s = this.#s;
    s.name = name;
    s.named = true;
  }

  /** Whether a name was given in the arguments. */
  get hasExplicitName(): boolean {
    return this.#s.givenName !== undefined;
  }

  /** Whether it stands for a Keras 3 operation (`x + y`): summarized, not in `layers`. */
  get isOperation(): boolean {
    return this.#s.operation;
  }

  /** Marks the layer as standing for a Keras 3 operation (see `isOperation`). */
  markOperation(): void {
    this.#s.operation = true;
  }

  /** Whether a model has already named the layer; a later model keeps that name. */
  get hasAssignedName(): boolean {
    return this.#s.named;
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
    const state = this.#s;
    if (state.built) {
      if (sameInput(state.built.inputShape, inputShape)) return this;
      throw new IncompatibleShapeError(
        this.name,
        firstShape(inputShape),
        `Layer "${this.name}" was already built for input shape ${
          formatInput(state.built.inputShape)
        } and cannot be built again for ${formatInput(inputShape)}`,
      );
    }
    this.checkInputShape(inputShape);
    let total = 0;
    const specs = this.buildWeights(inputShape).map((w): Weight => {
      const owner = (w as Partial<Weight>).owner ?? this;
      const size = (w as Partial<Weight>).size ?? sizes.weightSize(w, this);
      total += size;
      return { ...w, owner, size };
    });
    const outputShape = this.computeOutputShape(inputShape);
    state.built = new Built(copyInput(inputShape), specs, outputShape);
    state.weights = undefined;
    // Refuse a total past exact integers now (the count's error names what overflowed).
    if (!Number.isSafeInteger(total)) this.paramCount();
    return this;
  }

  /** Builds the weights again for the same input, after a change to what they are (LoRA). */
  protected rebuild(): void {
    const state = this.#s;
    const input = builtState(this, state).inputShape;
    state.built = state.builtMacs = undefined;
    this.build(input);
  }

  /**
   * Checks an input against the layer's input spec, as Keras does before building or calling.
   *
   * @param inputShape The input shape, or the list of them for a layer that takes several.
   */
  protected checkInputShape(inputShape: InputShape): void {
    checkListOrShape(this, this.takesList, inputShape);
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
  apply(inputs: SymbolicTensor | Layer, callArgs?: CallArgs): SymbolicTensor;
  /**
   * Calls a layer that takes a list (a merge layer) on a list of tensors.
   *
   * @param inputs The tensors.
   * @param callArgs The call's other arguments, as Keras's `layer(inputs, **kwargs)`.
   * @returns The output tensor.
   */
  apply(inputs: readonly (SymbolicTensor | Layer)[], callArgs?: CallArgs): SymbolicTensor;
  /**
   * Calls the layer; a layer with several outputs returns a list.
   *
   * @param inputs A tensor, or a list of them.
   * @param callArgs The call's other arguments, as Keras's `layer(inputs, **kwargs)`.
   * @returns The output tensor or tensors.
   */
  apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[];
  apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const call = this.readCallArgs(callArgs);
    const list = Array.isArray(inputs);
    // The node keeps these lists: made by builtins, not literals (see `_built.ts`).
    const tensors = list
      ? (inputs as readonly (SymbolicTensor | Layer)[]).map((x) => asTensor(this, x))
      : listOf(asTensor(this, inputs as SymbolicTensor | Layer));
    checkCallArity(this, this.takesList, list ? tensors.length : undefined);
    const shape: InputShape = this.takesList ? tensors.map((t) => t.shape) : tensors[0].shape;
    const output = this.callOutputShape(shape, call);
    const several = isShapeList(output);
    const edges = call.edges.length === 0 ? tensors : tensors.concat(call.edges);
    const node = this.recordNode(edges, several ? output : [output], this.takesList, call.given);
    return several ? [...node.outputs] : node.outputs[0];
  }

  /**
   * Calls the layer as `apply()` does, and returns its outputs as a list whatever their number:
   * `[output, h, c]` for an LSTM with `returnState`, `[output]` for a layer with one output.
   *
   * @param inputs A tensor, or a list of them.
   * @param callArgs The call's other arguments, as Keras's `layer(inputs, **kwargs)`.
   * @returns The output tensors.
   *
   * @example
   * ```ts
   * import { Input, LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const [, h, c] = new LSTM(8, { returnState: true }).applyAll(new Input({ shape: [5, 3] }));
   * assert.deepEqual([h.shape, c.shape], [[null, 8], [null, 8]]);
   * ```
   */
  applyAll(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor[] {
    const out = this.apply(inputs, callArgs);
    return Array.isArray(out) ? out : [out];
  }

  /** Checks a call's arguments against what the kind's call takes (see `lib/layers/call.ts`). */
  protected readCallArgs(callArgs: unknown): ReadCall<SymbolicTensor> {
    return readCall(this, callArgs, tensorOf);
  }

  /**
   * The output shape of one call, its arguments checked (a recurrent layer's initial states must
   * be the states it carries); an IncompatibleShapeError when the input or an argument does not fit.
   */
  protected callOutputShape(inputShape: InputShape, call: ReadCall<SymbolicTensor>): OutputShape {
    const output = this.outputShapeFor(inputShape);
    const states = call.tensors.initialState;
    if (states) checkInitialState(this, states, this.initialStateShapes(inputShape as Shape));
    return output;
  }

  /**
   * The shapes (batch first) of the states a recurrent layer carries from step to step on an
   * input: what its `initialState` must be. None for other layers.
   */
  initialStateShapes(_inputShape: Shape): readonly Shape[] {
    return [];
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
    const built = this.#s.built;
    if (!built) return this.build(inputShape).outputShape();
    if (sameInput(built.inputShape, inputShape)) return built.outputShape;
    this.checkInputShape(inputShape);
    const wanted = this.buildWeights(inputShape);
    const specs = built.specs;
    const fits = wanted.length === specs.length &&
      wanted.every((w, i) => sameShape(w.shape, specs[i].shape));
    if (!fits) {
      throw new IncompatibleShapeError(
        this.name,
        firstShape(inputShape),
        `Layer "${this.name}" was built for input shape ${
          formatInput(built.inputShape)
        }; its weights do not fit input shape ${formatInput(inputShape)}`,
      );
    }
    return this.computeOutputShape(inputShape);
  }

  /** The output shape for one call's input shapes, in call order, as `apply()` gives it. */
  outputShapeForCall(inputs: readonly Shape[]): OutputShape {
    return this.outputShapeFor(this.takesList ? inputs : inputs[0]);
  }

  /**
   * Records a call of the layer (a node), as Keras does for its functional API.
   *
   * @param inputs The tensors it was called on.
   * @param outputShapes The shapes it returned.
   * @param calledOnList Whether it was called on a list.
   * @param callArgs The call's other arguments, as given (their tensors are among `inputs`).
   * @returns The node.
   */
  protected recordNode(
    inputs: readonly SymbolicTensor[],
    outputShapes: readonly Shape[],
    calledOnList: boolean,
    callArgs: Readonly<Record<string, unknown>> = {},
  ): Node {
    const nodes = this.#s.nodes;
    const node = new Node(this, nodes.length, inputs, outputShapes, calledOnList, callArgs);
    nodes.push(node);
    return node;
  }

  /** The calls of the layer so far, in order (Keras's `_inbound_nodes`). */
  get inboundNodes(): readonly Node[] {
    return this.#s.nodes;
  }

  /** Whether the layer has been built. */
  get built(): boolean {
    return this.#s.built !== undefined;
  }

  /**
   * The input shape the layer was built for, batch dimension first.
   *
   * @returns The shape.
   * @throws {TypeError} For a layer that takes several inputs: see `inputShapes()`.
   */
  inputShape(): Shape {
    const input = builtState(this, this.#s).inputShape;
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
    const input = builtState(this, this.#s).inputShape;
    return this.takesList ? input as readonly Shape[] : [input as Shape];
  }

  /**
   * The layer's output shape, batch dimension first, as Keras's `compute_output_shape`.
   *
   * @returns The output shape (a list of shapes for a layer with several outputs).
   */
  outputShape(): OutputShape {
    return builtState(this, this.#s).outputShape;
  }

  /**
   * The weight tensors the layer holds once built: name, shape, trainable and size. No weight is
   * allocated; these are descriptions.
   *
   * @returns The weights in the order Keras creates them.
   */
  weights(): readonly Weight[] {
    const s = this.#s;
    const cached = s.weights;
    if (cached && s.weightsGeneration === trainableGeneration) return cached;
    const list = listedWeights(builtState(this, s).specs);
    s.weights = list;
    s.weightsGeneration = trainableGeneration;
    return list;
  }

  /**
   * The number of parameters: the sum of the weights' sizes, as Keras's `count_params()`.
   *
   * @returns The exact count.
   * @throws {RangeError} When the count exceeds `Number.MAX_SAFE_INTEGER`.
   */
  paramCount(): number {
    return sizes.sumSizes(this.weights(), sizes.everyWeight, this);
  }

  /** The number of parameters training updates. */
  trainableParamCount(): number {
    // Keras: a layer that is not trainable lists no trainable weights, even the weights of a
    // layer it wraps that stay trainable (the model's totals count those; see countWeights).
    if (!this.#s.trainable) return 0;
    return sizes.sumSizes(this.weights(), sizes.trainableWeight, this);
  }

  /** The number of parameters training does not update (all of them when the layer is frozen). */
  nonTrainableParamCount(): number {
    if (!this.#s.trainable) return this.paramCount();
    return sizes.sumSizes(this.weights(), sizes.frozenWeight, this);
  }

  /**
   * The weight tensors as declared, before freezing: each with the layer that created it. A
   * wrapper builds its own list from these, so a weight stays its creator's.
   *
   * @returns The declared weights.
   */
  weightSpecs(): readonly Weight[] {
    return builtState(this, this.#s).specs.map((spec) => ({ ...spec }));
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
   * @throws {Error} When the layer has no input shape to be built for.
   *
   * @example "Why does the first LSTM have more params?": its 380
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
   * assert.equal(e.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
   * ```
   */
  explain(): Explanation {
    return explanationOf(this);
  }

  /**
   * The multiply-accumulates of one call of the layer, for ONE example, on the input it was
   * built for: the kind's declared compute rule (bias adds, activations, normalization, pooling
   * and lookups are not MACs; FLOPs are 2 × MACs).
   *
   * @param options The input shape (without the batch axis) when the layer was built with an
   * unknown size, e.g. `{ inputShape: [400, 13] }` for a sequence of unknown length.
   * @returns The MACs.
   * @throws {UnknownSizeError} When a size other than the batch is unknown and not given.
   *
   * @example "Why does the first LSTM have more params?": 400 × 4 × 5 × (13 + 5) MACs
   * ```ts
   * import { LSTM } from "../../mod.ts";
   * import assert from "assert";
   *
   * const lstm = new LSTM({ units: 5, inputShape: [400, 13] });
   * assert.equal(lstm.macs(), 400 * 4 * 5 * (13 + 5));
   * assert.equal(lstm.macs({ inputShape: [10, 13] }), 10 * 4 * 5 * (13 + 5));
   * assert.equal(lstm.activationElements(), 400 * 2 * 5);
   * ```
   */
  macs(options: MacsOptions = {}): number {
    return macsTotal(this.macsTerms(options));
  }

  /** {@linkcode Layer.macs} in the kind's named parts (attention's projections, scores). */
  macsTerms(options: MacsOptions = {}): number | MacsTerms {
    checkMacsOptions(`"${this.name}" (${this.className})`, options);
    // A built layer's input never changes, so its compute on that input is counted once.
    if (options.inputShape === undefined) {
      return this.#s.builtMacs ??= callMacs(this, this.inputShapes(), this.takesList);
    }
    return callMacs(this, givenInputs(this, this.inputShapes(), options), this.takesList);
  }

  /**
   * The activations one call keeps for the backward pass, in elements per ONE example: its
   * outputs, and for a recurrent layer its state at every step.
   *
   * @param options As for {@linkcode Layer.macs}.
   * @returns The elements.
   * @throws {UnknownSizeError} When a size other than the batch is unknown and not given.
   */
  activationElements(options: MacsOptions = {}): number {
    return callSaved(this, givenInputs(this, this.inputShapes(), options), this.takesList);
  }

  /** The layers this layer wraps (none for most layers). */
  innerLayers(): readonly Layer[] {
    return NO_LAYERS;
  }

  /** How many wrappers deep the layer goes: 0 for a plain layer, 1 for a wrapper of one. */
  get nestingDepth(): number {
    return 0;
  }

  /** Checks an input shape against `inputSpec`, with Keras's wording. */
  protected checkInput(inputShape: Shape): void {
    checkInputSpec(this, this.inputSpec, inputShape);
  }
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
  expectWith("asTensor", "its layer", layer, "the layer called", "kind");
  const tensor = tensorOf(value);
  if (tensor) return tensor;
  throw new TypeError(
    `Invalid input for layer "${layer.name}" (${layer.className}): expected a tensor from ` +
      `new Input({ shape }) or from another layer's apply(), received ${
        value instanceof Layer
          ? `the layer "${value.name}" (${value.className})`
          : describeValue(value)
      }`,
  );
}

/** The tensor a value stands for: a tensor itself, or an `Input`'s (a called layer's one output). */
function tensorOf(value: unknown): SymbolicTensor | undefined {
  if (value instanceof SymbolicTensor) return value;
  const node = value instanceof Layer ? value.inboundNodes.at(-1) : undefined;
  return node?.outputs.length === 1 ? node.outputs[0] : undefined;
}

// The functional API's bookkeeping, as Keras keeps it: a call records a node on the layer, and
// its outputs remember which layer, node and output made them (Keras's `keras_history`).

/**
 * A tensor that stands for data flowing through a model: its shape and where it came from.
 *
 * @example
 * ```ts
 * import { Dense, Input } from "../../mod.ts";
 * import assert from "assert";
 *
 * const x = new Input({ shape: [32] });
 * const y = new Dense(8).apply(x);
 * assert.deepEqual(y.shape, [null, 8]);
 * assert.equal(y.node.layer.className, "Dense");
 * ```
 */
export class SymbolicTensor {
  /** The shape, batch dimension first. */
  readonly shape: Shape;
  /** The call that produced it. */
  readonly node: Node;
  /** Which of the call's outputs it is. */
  readonly index: number;

  /**
   * Use `layer.apply(...)`, which creates the tensors of a call.
   *
   * @param shape The shape.
   * @param node The call that produced it.
   * @param index Which output of the call it is.
   */
  constructor(shape: Shape, node: Node, index: number) {
    this.shape = shape;
    this.node = node;
    this.index = index;
  }

  /** The layer that produced it. */
  get layer(): Layer {
    return this.node.layer;
  }

  /** Keras's `keras_history` as the summary prints it: `dense[0][0]`. */
  get history(): string {
    return `${this.node.layer.name}[${this.node.index}][${this.index}]`;
  }
}

/**
 * One call of a layer: the tensors it was called on and the tensors it returned. A layer called
 * twice has two nodes and one set of weights.
 */
export class Node {
  /** The layer called. */
  readonly layer: Layer;
  /** Its position among the layer's calls (Keras's node index). */
  readonly index: number;
  /** The tensors the layer was called on (none for an input layer). */
  readonly inputs: readonly SymbolicTensor[];
  /** The tensors it returned. */
  readonly outputs: readonly SymbolicTensor[];
  /** Whether the layer was called on a list (a merge layer), not on one tensor. */
  readonly calledOnList: boolean;
  /**
   * The call's other arguments as given (`{ initialState: [h, c] }`); their tensors are among
   * `inputs`, after the tensors the layer was called on, as Keras flattens a call.
   */
  readonly callArgs: Readonly<Record<string, unknown>>;

  /**
   * Use `layer.apply(...)`.
   *
   * @param layer The layer called.
   * @param index Its position among the layer's calls.
   * @param inputs The tensors it was called on.
   * @param outputShapes The shapes it returned.
   * @param calledOnList Whether it was called on a list.
   * @param callArgs The call's other arguments, as given.
   */
  constructor(
    layer: Layer,
    index: number,
    inputs: readonly SymbolicTensor[],
    outputShapes: readonly Shape[],
    calledOnList: boolean,
    callArgs: Readonly<Record<string, unknown>> = {},
  ) {
    checkNodeParts(layer, inputs, outputShapes);
    this.layer = layer;
    this.index = index;
    this.inputs = inputs;
    this.calledOnList = calledOnList;
    this.callArgs = callArgs;
    this.outputs = outputShapes.map((shape, i) => new SymbolicTensor(shape, this, i));
  }

  /** The output shapes, one per output. */
  get outputShapes(): readonly Shape[] {
    return this.outputs.map((t) => t.shape);
  }
}

/** A tensor given as a call argument: a tensor, or an `Input` (which stands for its tensor). */
export type CallTensor = SymbolicTensor | { readonly output: SymbolicTensor };

/**
 * The call arguments `layer.apply(inputs, callArgs)` takes, each as Keras names it in camelCase
 * (see {@linkcode CallArgsOf}); any other is refused.
 */
export type CallArgs = CallArgsOf<CallTensor>;
