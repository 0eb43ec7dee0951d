/**
 * keras-hub's TransformerEncoder and TransformerDecoder: self-attention (and, in the decoder,
 * cross-attention), layer normalizations and a feed-forward block, built as keras-hub's `build()`
 * builds them, so their weights are those sub-layers' weights.
 *
 * @module
 */

import { describeValue, IncompatibleShapeError } from "../errors.ts";
import { formatShape, sameShape, type Shape } from "../shape.ts";
import { type ApplyInput, asTensor, type CallArgs, Layer, type SymbolicTensor } from "./base.ts";
import type { Weight } from "./base.ts";
import { DECODER_CALL, ENCODER_CALL, refuseAttentionScores } from "./_keras_hub_calls.ts";
import type { InputSpec, LayerArgs } from "./args.ts";
import { defineKind, type LayerKind, positional } from "./kind.ts";
import { inert, opt, type Option, optional } from "./options.ts";
import { Dense } from "./core.ts";
import { LayerNormalization } from "./normalization.ts";
import { MultiHeadAttention } from "./multi_head_attention.ts";
import { type PyTorchCounterpart, pytorchTensor } from "./pytorch.ts";
import {
  applySequence,
  attentionWeights,
  blockMacs,
  blockReading,
  ENCODER,
  feedForwardWeights,
  fmt,
  headSize,
  HIDDEN,
  hubActivation,
  layerNormWeights,
  registeredNames,
  sizesByPrefix,
} from "./_keras_hub.ts";

/** The options the encoder and the decoder share, in keras-hub's order. */
const BLOCK_OPTIONS = {
  intermediateDim: opt.int(),
  numHeads: opt.int(),
  dropout: { ...opt.fraction(0), inert: true },
  activation: hubActivation("relu"),
  layerNormEpsilon: { ...opt.number(1e-5), inert: true },
  normalizeFirst: { ...opt.bool(false), inert: true },
};

const ENCODER_OPTIONS = {
  ...BLOCK_OPTIONS,
  ...inert(
    "kernelInitializer",
    "biasInitializer",
    "kernelRegularizer",
    "biasRegularizer",
    "activityRegularizer",
  ),
};

/** Arguments of {@linkcode TransformerEncoder}. */
export interface TransformerEncoderArgs extends LayerArgs {
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The attention heads; each has `hiddenSize // numHeads` columns. */
  readonly numHeads: number;
  /** Dropout in the attention and the feed-forward network; it has no parameters. */
  readonly dropout?: number;
  /**
   * The feed-forward network's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly activation?: string | null;
  /** The layer normalizations' epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /**
   * Normalize before the attention and the feed-forward network (GPT-2) rather than after them
   * (BERT); it moves the normalizations, it adds no parameters.
   * @default {false}
   */
  readonly normalizeFirst?: boolean;
  /** Initializers and regularizers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly kernelRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasRegularizer?: unknown;
  /** See `kernelInitializer`. */
  readonly activityRegularizer?: unknown;
}

/**
 * keras-hub's `TransformerEncoder`: self-attention (Keras's `MultiHeadAttention` with `numHeads`
 * heads of `key_dim = hidden // numHeads`, where hidden is the input's last axis), two layer
 * normalizations, and a feed-forward network, `Dense(intermediateDim)` then `Dense(hidden)`.
 * The output has the input's shape. Called in a model with `padding_mask` or `attention_mask`,
 * it ignores those tensors: masks have no weights.
 *
 * @example keras-io's getting-started transformer: 64 features, 2 heads, 128 wide
 * ```ts
 * import { TransformerEncoder } from "../../mod.ts";
 * import assert from "assert";
 *
 * const encoder = new TransformerEncoder(128, { numHeads: 2, inputShape: [null, 64] });
 * // attention 4 × (64·64 + 64), norms 2 × 2 × 64, feed-forward 64·128 + 128 + 128·64 + 64
 * assert.equal(encoder.paramCount(), 16_640 + 256 + 16_576);
 * assert.deepEqual(encoder.outputShape(), [null, null, 64]);
 * ```
 */
export class TransformerEncoder extends Layer {
  /** The declaration of keras-hub's `TransformerEncoder`. */
  static readonly kind: LayerKind = defineKind({
    className: "TransformerEncoder",
    samples: [
      { intermediateDim: 128, numHeads: 4, inputShape: [10, 64] },
      { intermediateDim: 96, numHeads: 8, normalizeFirst: true, inputShape: [7, 32] },
    ],
    aliases: registeredNames("TransformerEncoder"),
    family: "keras_hub",
    holdsQuantizable: true, // model.quantize quantizes its attention and feed-forward layers
    summary: "keras-hub: self-attention (key_dim = hidden // heads), two layer norms and a " +
      "feed-forward network.",
    options: ENCODER_OPTIONS,
    positional: "intermediateDim",
    create: (config) => new TransformerEncoder(config as unknown as TransformerEncoderArgs),
    call: ENCODER_CALL,
    read: blockReading(() => TransformerEncoder.kind, true),
    why: (layer) => blockWhy(layer as TransformerEncoder),
    macs: (layer, { inputs }) => {
      const block = layer as TransformerEncoder;
      const k = Math.floor(inputs[0].at(-1)! / block.numHeads);
      return blockMacs(inputs[0], block.numHeads, k, block.intermediateDim);
    },
    pytorch: (layer) => torchBlock(layer as TransformerEncoder),
  });
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The number of attention heads. */
  readonly numHeads: number;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param intermediateDim The feed-forward size, or the whole configuration.
   * @param args The rest of the configuration, when `intermediateDim` came first.
   */
  constructor(
    intermediateDim: number | TransformerEncoderArgs,
    args?: Omit<TransformerEncoderArgs, "intermediateDim">,
  ) {
    super(positional(TransformerEncoder.kind, intermediateDim, args), TransformerEncoder.kind);
    const c = this.options(ENCODER_OPTIONS);
    this.intermediateDim = c.intermediateDim;
    this.numHeads = c.numHeads;
  }

  /**
   * The attention, the normalizations and the feed-forward layers, once built: they follow the
   * layer's `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras
   * neither numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.#subLayers;
  }

  /** What input the layer accepts: (batch, sequence, features), the features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The sub-layers' weights, in keras-hub's order. */
  protected buildWeights(inputShape: Shape): Weight[] {
    const k = headSize(this.name, "key_dim", inputShape, this.numHeads);
    const attention = new MultiHeadAttention(this.numHeads, {
      keyDim: k,
      name: "self_attention_layer",
    }).build(inputShape, inputShape);
    const attentionNorm = new LayerNormalization({ name: "self_attention_layer_norm" })
      .build(inputShape);
    const feedForwardNorm = new LayerNormalization({ name: "feedforward_layer_norm" })
      .build(inputShape);
    const [intermediate, output] = feedForward(this.intermediateDim, inputShape);
    const subLayers = [attention, attentionNorm, feedForwardNorm, intermediate, output];
    if (!this.built) this.#subLayers = subLayers;
    return [
      ...attentionWeights(attention, HIDDEN),
      ...layerNormWeights(attentionNorm),
      ...layerNormWeights(feedForwardNorm),
      ...feedForwardWeights(intermediate, output),
    ];
  }

  /** The output shape: the input's. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }

  /**
   * The shape of the scores keras-hub's eager call returns with `return_attention_scores=True`:
   * (batch, numHeads, sequence, sequence). A symbolic call does not return them: see `apply`.
   *
   * @returns The scores' shape, for the input the layer was built on.
   * @throws {Error} When the layer is not built.
   *
   * @example
   * ```ts
   * import { TransformerEncoder } from "../../mod.ts";
   * import assert from "assert";
   *
   * const encoder = new TransformerEncoder(32, { numHeads: 4, inputShape: [7, 16] });
   * assert.deepEqual(encoder.attentionScoresShape(), [null, 4, 7, 7]);
   * ```
   */
  attentionScoresShape(): Shape {
    const input = this.outputShape() as Shape;
    const sequence = input.at(-2) ?? null;
    return [input[0], this.numHeads, sequence, sequence];
  }

  /**
   * Calls the layer on a sequence, as keras-hub's `encoder(x, padding_mask=…,
   * attention_mask=…)`: the masks (`paddingMask`, `attentionMask`) have no weights, and are
   * edges of the graph. The list `[sequence, paddingMask?, attentionMask?]` is taken too.
   *
   * With `returnAttentionScores`, keras-hub's eager call returns `(outputs, scores)`, but its
   * symbolic call (a Functional model, Keras's JSON) one tensor: its `compute_output_shape`
   * gives the input's alone. So here; the scores' shape is `attentionScoresShape()`.
   *
   * @param inputs The sequence tensor, or the list.
   * @param callArgs `paddingMask`, `attentionMask`, `training`, `returnAttentionScores`.
   * @returns The output tensor.
   *
   * @example A padding mask given as keras-hub gives it
   * ```ts
   * import { Input, TransformerEncoder } from "../../mod.ts";
   * import assert from "assert";
   *
   * const tokens = new Input({ shape: [null, 64] });
   * const mask = new Input({ shape: [null], dtype: "int32" });
   * const encoder = new TransformerEncoder(128, { numHeads: 2 });
   * const out = encoder.apply(tokens, { paddingMask: mask });
   * assert.deepEqual(out.shape, [null, null, 64]);
   * assert.equal(encoder.inboundNodes[0].inputs.length, 2);
   * assert.throws(() => encoder.apply(tokens, { padding_mask: mask } as never), /paddingMask/);
   * // keras-hub's return_attention_scores: one tensor on a symbolic input, as in Keras.
   * const scored = new TransformerEncoder(128, { numHeads: 2 });
   * assert.deepEqual(scored.apply(tokens, { returnAttentionScores: true }).shape, [null, null, 64]);
   * ```
   */
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor;
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    const call = this.readCallArgs(callArgs);
    return applySequence(
      this,
      inputs,
      2,
      (tensors, output, list) =>
        this.recordNode([...tensors, ...call.edges], [output], list, call.given).outputs[0],
    );
  }
}

/** keras-hub's feed-forward network: Dense(intermediate) on the input, Dense(hidden) after. */
function feedForward(intermediateDim: number, inputShape: Shape): [Dense, Dense] {
  const intermediate = new Dense(intermediateDim, { name: "feedforward_intermediate_dense" })
    .build(inputShape);
  const output = new Dense(inputShape.at(-1)!, { name: "feedforward_output_dense" })
    .build([...inputShape.slice(0, -1), intermediateDim]);
  return [intermediate, output];
}

// TransformerDecoder

const DECODER_OPTIONS = {
  ...BLOCK_OPTIONS,
  encoderSequenceShape: {
    ...optional(opt.shape()),
    expected: "the encoder sequence's shape, batch first (a list of positive integers or " +
      "null), or null for no cross-attention",
    nullInJson: true,
    check: (owner: string, key: string, value: unknown) =>
      value === null ? null : opt.shape().check(owner, key, value),
  } as Option<Shape | null | undefined>,
  ...inert("kernelInitializer", "biasInitializer"),
};

/** Arguments of {@linkcode TransformerDecoder}. */
export interface TransformerDecoderArgs extends LayerArgs {
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The attention heads; each has `hiddenSize // numHeads` columns. */
  readonly numHeads: number;
  /** Dropout in the attentions and the feed-forward network; it has no parameters. */
  readonly dropout?: number;
  /**
   * The feed-forward network's activation; it has no parameters.
   * @default {"relu"}
   */
  readonly activation?: string | null;
  /** The layer normalizations' epsilon; it has no parameters. */
  readonly layerNormEpsilon?: number;
  /**
   * Normalize before each block (GPT-2) rather than after it; it adds no parameters.
   * @default {false}
   */
  readonly normalizeFirst?: boolean;
  /**
   * The encoder sequence the cross-attention is built for, batch first, as keras-hub's JSON
   * records it (`encoder_sequence_shape`); `null` for a decoder-only layer, with no
   * cross-attention. Absent, keras-hub's rule decides when the layer is built: cross-attention
   * exactly when it is built or called with an encoder sequence (`build(decoder, encoder)`,
   * `apply([decoder, encoder])`), none when called on the decoder sequence alone.
   */
  readonly encoderSequenceShape?: Shape | null;
  /** Initializers: accepted, no parameters. */
  readonly kernelInitializer?: unknown;
  /** See `kernelInitializer`. */
  readonly biasInitializer?: unknown;
}

/**
 * keras-hub's `TransformerDecoder`: self-attention (`MultiHeadAttention`, `numHeads` heads of
 * `hidden // numHeads`) and its layer normalization; with an encoder sequence, cross-attention
 * (queries from the decoder, keys and values from the encoder) and its layer normalization;
 * then a feed-forward network, `Dense(intermediateDim)` then `Dense(hidden)`, and its layer
 * normalization. keras-hub builds the cross-attention only when the layer is called with an
 * encoder sequence, so a decoder-only stack (GPT) has none. The output has the decoder
 * sequence's shape.
 *
 * @example keras-io's GPT decoder: 256 features, 3 heads of 85, decoder-only
 * ```ts
 * import { TransformerDecoder } from "../../mod.ts";
 * import assert from "assert";
 *
 * const decoder = new TransformerDecoder(256, { numHeads: 3, inputShape: [null, 256] });
 * assert.equal(decoder.paramCount(), 394_749);
 * const translator = new TransformerDecoder(256, { numHeads: 4 });
 * translator.build([null, null, 256], [null, null, 128]);
 * assert.ok(translator.weights().some((w) => w.name === "cross_attention/key/kernel"));
 * ```
 */
export class TransformerDecoder extends Layer {
  /** The declaration of keras-hub's `TransformerDecoder`. */
  static readonly kind: LayerKind = defineKind({
    className: "TransformerDecoder",
    samples: [
      { intermediateDim: 256, numHeads: 4, inputShape: [12, 256] },
      {
        intermediateDim: 128,
        numHeads: 4,
        encoderSequenceShape: [null, 9, 64],
        inputShape: [10, 64],
      },
      // No PyTorch module corresponds: each says why.
      { intermediateDim: 256, numHeads: 3, inputShape: [12, 256] },
      {
        intermediateDim: 64,
        numHeads: 4,
        encoderSequenceShape: [null, 9, 48],
        inputShape: [10, 32],
      },
    ],
    aliases: registeredNames("TransformerDecoder"),
    family: "keras_hub",
    holdsQuantizable: true, // model.quantize quantizes its attention and feed-forward layers
    summary: "keras-hub: self-attention, cross-attention only with an encoder sequence, layer " +
      "norms and a feed-forward network.",
    options: DECODER_OPTIONS,
    positional: "intermediateDim",
    create: (config) => new TransformerDecoder(config as unknown as TransformerDecoderArgs),
    call: DECODER_CALL,
    // Self-attention, cross-attention when there is an encoder sequence, the feed-forward.
    macs: (layer, { inputs }) => {
      const block = layer as TransformerDecoder;
      const k = Math.floor(inputs[0].at(-1)! / block.numHeads);
      const encoder = block.encoderSequenceShape ? inputs[block.#encoderAt] : undefined;
      return blockMacs(inputs[0], block.numHeads, k, block.intermediateDim, encoder);
    },
    read: blockReading(() => TransformerDecoder.kind, true),
    // keras-hub records the decoder's build shape too; the reader builds from the model instead.
    jsonIgnored: ["decoder_sequence_shape"],
    why: (layer) => blockWhy(layer as TransformerDecoder),
    pytorch: (layer) => torchBlock(layer as TransformerDecoder),
  });
  /** The feed-forward network's hidden size. */
  readonly intermediateDim: number;
  /** The number of attention heads. */
  readonly numHeads: number;
  #encoder: Shape | undefined;
  /** Where the encoder sequence is among the inputs of the layer's last call. */
  #encoderAt = 1;
  #subLayers: Layer[] = [];

  /**
   * Creates the layer, checking its configuration.
   *
   * @param intermediateDim The feed-forward size, or the whole configuration.
   * @param args The rest of the configuration, when `intermediateDim` came first.
   */
  constructor(
    intermediateDim: number | TransformerDecoderArgs,
    args?: Omit<TransformerDecoderArgs, "intermediateDim">,
  ) {
    super(positional(TransformerDecoder.kind, intermediateDim, args), TransformerDecoder.kind);
    const c = this.options(DECODER_OPTIONS);
    this.intermediateDim = c.intermediateDim;
    this.numHeads = c.numHeads;
  }

  /** The encoder sequence's shape the cross-attention was built for; none when decoder-only. */
  get encoderSequenceShape(): Shape | undefined {
    this.inputShape();
    return this.#encoder;
  }

  /** Whether the layer has cross-attention (it was built with an encoder sequence). */
  get hasCrossAttention(): boolean {
    return this.encoderSequenceShape !== undefined;
  }

  /**
   * Builds the layer for the inputs a call gives it: the decoder sequence, then the encoder's.
   *
   * @param inputs `[decoder]` or `[decoder, encoder]`.
   * @returns The layer.
   */
  override buildFor(inputs: readonly Shape[]): this {
    return this.build(inputs[0], inputs[1]);
  }

  /**
   * Builds the layer as keras-hub's `build(decoder_sequence_shape, encoder_sequence_shape)`:
   * with an encoder sequence (given here or in `encoderSequenceShape`), cross-attention too.
   *
   * @param decoder The decoder sequence's shape, batch first.
   * @param encoder The encoder sequence's shape; absent for a decoder-only layer.
   * @returns The layer.
   * @throws {IncompatibleShapeError} When a shape cannot be taken, the encoder sequence
   * contradicts `encoderSequenceShape`, or the layer was built for other shapes.
   *
   * @example Cross-attention on an encoder of another width
   * ```ts
   * import { TransformerDecoder } from "../../mod.ts";
   * import assert from "assert";
   *
   * const decoder = new TransformerDecoder(64, { numHeads: 4 });
   * decoder.build([null, 10, 32], [null, 7, 48]);
   * assert.deepEqual(decoder.encoderSequenceShape, [null, 7, 48]);
   * assert.deepEqual(decoder.outputShape(), [null, 10, 32]);
   * ```
   */
  override build(decoder: Shape, encoder?: Shape): this {
    const configured = this.config.encoderSequenceShape as Shape | null | undefined;
    if (encoder !== undefined) this.#checkEncoder(encoder, configured);
    const wanted = encoder ?? configured ?? undefined;
    if (this.built) {
      const had = this.#encoder;
      const same = wanted === undefined ? had === undefined : had && sameShape(had, wanted);
      if (same && sameShape(this.inputShape(), decoder)) return this;
      throw new IncompatibleShapeError(
        this.name,
        decoder,
        `Layer "${this.name}" was already built for decoder sequence ` +
          `${formatShape(this.inputShape())}${
            had ? ` and encoder sequence ${formatShape(had)}` : " alone"
          }, and cannot be built again for ${formatShape(decoder)}${
            wanted ? ` and ${formatShape(wanted)}` : " alone"
          }`,
      );
    }
    this.#encoder = wanted === undefined ? undefined : [...wanted];
    try {
      return super.build(decoder);
    } catch (error) {
      this.#encoder = undefined;
      throw error;
    }
  }

  #checkEncoder(encoder: Shape, configured: Shape | null | undefined): void {
    if (!Array.isArray(encoder) || encoder.length === 0) {
      throw new TypeError(
        `Invalid encoder sequence shape for layer "${this.name}": expected a list of sizes ` +
          `with the batch dimension first, received ${describeValue(encoder)}`,
      );
    }
    if (configured === null) {
      throw new IncompatibleShapeError(
        this.name,
        encoder,
        `Layer "${this.name}" was configured without cross-attention ` +
          `(encoderSequenceShape: null), so it cannot take an encoder sequence; keras-hub ` +
          `refuses the call likewise. Received encoder sequence ${formatShape(encoder)}`,
      );
    }
    if (configured !== undefined && !sameShape(configured, encoder)) {
      throw new IncompatibleShapeError(
        this.name,
        encoder,
        `Layer "${this.name}" was configured for an encoder sequence of shape ` +
          `${formatShape(configured)} (encoderSequenceShape), received ${formatShape(encoder)}`,
      );
    }
  }

  /**
   * The attentions, the normalizations and the feed-forward layers, once built: they follow the
   * layer's `trainable`. They are not `innerLayers()`: keras-hub names them itself, and Keras
   * neither numbers nor reserves their names in a model.
   */
  protected override trainableChildren(): readonly Layer[] {
    return this.#subLayers;
  }

  /** The decoder and (with cross-attention) the encoder sequences' shapes, in call order. */
  override inputShapes(): readonly Shape[] {
    const encoder = this.encoderSequenceShape;
    return encoder ? [this.inputShape(), encoder] : [this.inputShape()];
  }

  /** What the decoder sequence must look like: (batch, sequence, features), features known. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 3, definedAxes: [-1] };
  }

  /** The sub-layers' weights, in keras-hub's order. */
  protected buildWeights(decoder: Shape): Weight[] {
    const encoder = this.#encoder;
    if (encoder && (encoder.length < 3 || encoder.at(-1) === null)) {
      throw new IncompatibleShapeError(
        this.name,
        encoder,
        `The encoder sequence of layer "${this.name}" must be (batch, sequence, features) with ` +
          `its features known, to build the cross-attention's key and value projections. ` +
          `Full shape received: ${formatShape(encoder)}`,
      );
    }
    const k = headSize(this.name, "head_dim", decoder, this.numHeads);
    const attention = new MultiHeadAttention(this.numHeads, { keyDim: k, name: "self_attention" })
      .build(decoder, decoder);
    const attentionNorm = new LayerNormalization({ name: "self_attention_layer_norm" })
      .build(decoder);
    const cross = encoder
      ? new MultiHeadAttention(this.numHeads, {
        keyDim: k,
        valueDim: k,
        name: "cross_attention",
      }).build(decoder, encoder)
      : undefined;
    const crossNorm = encoder
      ? new LayerNormalization({ name: "cross_attention_layer_norm" }).build(decoder)
      : undefined;
    const [intermediate, output] = feedForward(this.intermediateDim, decoder);
    const feedForwardNorm = new LayerNormalization({ name: "feedforward_layer_norm" })
      .build(decoder);
    const crossLayers = cross && crossNorm ? [cross, crossNorm] : [];
    const subLayers = [attention, attentionNorm, ...crossLayers, intermediate, output];
    if (!this.built) this.#subLayers = [...subLayers, feedForwardNorm];
    const encoderAxis = encoder?.at(-1) === decoder.at(-1) ? HIDDEN : ENCODER;
    return [
      ...attentionWeights(attention, HIDDEN),
      ...layerNormWeights(attentionNorm),
      ...(cross && crossNorm
        ? [...attentionWeights(cross, encoderAxis), ...layerNormWeights(crossNorm)]
        : []),
      ...feedForwardWeights(intermediate, output),
      ...layerNormWeights(feedForwardNorm),
    ];
  }

  /** The output shape: the decoder sequence's. */
  protected computeOutputShape(decoder: Shape): Shape {
    return decoder;
  }

  /**
   * Calls the layer on a decoder sequence, as keras-hub's `decoder(x)`, `decoder(x,
   * encoder_sequence)` (cross-attention) and `decoder(x, encoder_sequence=…,
   * decoder_padding_mask=…, …)`: the masks have no weights, and every tensor is an edge of the
   * graph. The list `[decoder, encoder]` is taken too; tensors after those in it are masks. With
   * `encoderSequenceShape: null` every tensor of the list after the decoder sequence is a mask;
   * with a shape, the encoder sequence is the tensor of that shape. The caches keras-hub's call
   * takes when generating token by token change what it returns, and are refused.
   *
   * @param inputs The decoder sequence, or the list.
   * @param callArgs `encoderSequence`, the four masks, `useCausalMask`, `training`.
   * @returns The output tensor.
   *
   * @example Cross-attention on an encoder sequence given by keyword
   * ```ts
   * import { Input, TransformerDecoder } from "../../mod.ts";
   * import assert from "assert";
   *
   * const decoderTokens = new Input({ shape: [null, 64] });
   * const encoded = new Input({ shape: [null, 48] });
   * const mask = new Input({ shape: [null], dtype: "int32" });
   * const decoder = new TransformerDecoder(128, { numHeads: 4 });
   * decoder.apply(decoderTokens, { encoderSequence: encoded, decoderPaddingMask: mask });
   * assert.ok(decoder.hasCrossAttention);
   * assert.deepEqual(decoder.encoderSequenceShape, [null, null, 48]);
   * ```
   */
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor;
  override apply(inputs: ApplyInput, callArgs?: CallArgs): SymbolicTensor | SymbolicTensor[] {
    refuseAttentionScores(this, callArgs);
    const call = this.readCallArgs(callArgs);
    const list = Array.isArray(inputs) ? inputs as readonly (SymbolicTensor | Layer)[] : [inputs];
    const tensors = list.map((x) => asTensor(this, x as SymbolicTensor | Layer));
    if (tensors.length < 1 || tensors.length > 6) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) takes a decoder sequence, an encoder ` +
          `sequence and up to 4 masks, received ${tensors.length} inputs`,
      );
    }
    const [decoder, ...rest] = tensors;
    const byKeyword = call.tensors.encoderSequence;
    if (byKeyword && byKeyword.length !== 1) {
      throw new TypeError(
        `Invalid encoderSequence for layer "${this.name}" (${this.className}): expected one ` +
          `tensor, received ${byKeyword.length}`,
      );
    }
    if (byKeyword && rest.length > 0) {
      throw new TypeError(
        `Layer "${this.name}" (${this.className}) got its encoder sequence both as ` +
          `encoderSequence and in its list of inputs; give the decoder sequence alone, with ` +
          `the encoder sequence and the masks as call arguments`,
      );
    }
    const configured = this.config.encoderSequenceShape as Shape | null | undefined;
    const encoder = byKeyword
      ? byKeyword[0]
      : configured === null
      ? undefined
      : configured === undefined
      ? rest[0]
      : rest.find((t) => sameShape(t.shape, configured));
    this.build(decoder.shape, encoder?.shape);
    // Keras's order: the inputs, then the keyword tensors by their Python names.
    const all = [...tensors, ...call.edges];
    this.#encoderAt = encoder ? all.indexOf(encoder) : 1;
    const node = this.recordNode(
      all,
      [this.outputShape() as Shape],
      Array.isArray(inputs),
      call.given,
    );
    return node.outputs[0];
  }
}

// The explanation of the transformer blocks

function attentionText(
  layer: Layer,
  sizes: ReadonlyMap<string, number>,
  name: string,
  what: string,
): string | undefined {
  const size = sizes.get(name);
  if (size === undefined) return undefined;
  const weights = layer.weights().filter((w) => w.name.startsWith(`${name}/`));
  const shape = (part: string) => weights.find((w) => w.name === `${name}/${part}/kernel`)!.shape;
  const [dq, h, k] = shape("query");
  const dk = shape("key")[0];
  const each = (n: number) => `${n}·(${h}·${k}) + ${h}·${k} = ${fmt(n * h * k + h * k)}`;
  const projections = name !== "cross_attention"
    ? `query, key and value projections ${each(dq)} each`
    : `a query projection of the decoder's ${dq} features ${each(dq)}, key and value ` +
      `projections of the encoder sequence's ${dk} features ${each(dk)} each`;
  return `${what} (${name}): Keras's MultiHeadAttention with ${h} heads of ${k}; ${projections}, ` +
    `and the output projection (${h}·${k})·${dq} + ${dq} = ${fmt(h * k * dq + dq)}: ` +
    `${fmt(size)}.`;
}

function blockWhy(layer: TransformerEncoder | TransformerDecoder): string[] {
  const weights = layer.weights();
  const sizes = sizesByPrefix(weights);
  const input = layer.inputShape();
  const d = input.at(-1)!, h = layer.numHeads, f = layer.intermediateDim;
  const k = Math.floor(d / h);
  const decoder = layer instanceof TransformerDecoder;
  const selfName = decoder ? "self_attention" : "self_attention_layer";
  const norms = [...sizes.keys()].filter((name) => name.endsWith("layer_norm"));
  const normSize = norms.reduce((s, name) => s + sizes.get(name)!, 0);
  const a = sizes.get("feedforward_intermediate_dense")!;
  const b = sizes.get("feedforward_output_dense")!;
  const attentionSizes = [selfName, "cross_attention"].flatMap((n) => sizes.get(n) ?? []);
  const lines = [attentionText(layer, sizes, selfName, "Self-attention")!];
  if (decoder) {
    lines.push(
      attentionText(layer, sizes, "cross_attention", "Cross-attention") ??
        `No cross-attention: keras-hub builds it only when the layer is called with an encoder ` +
          `sequence; called on the decoder sequence alone (a decoder-only model such as GPT), ` +
          `it has self-attention only.`,
    );
  }
  lines.push(
    `${norms.length === 2 ? "Two" : "Three"} layer normalizations (${norms.join(", ")}), a ` +
      `scale and an offset per feature: ${norms.length} × 2 × ${d} = ${fmt(normSize)}.`,
    `Feed-forward: feedforward_intermediate_dense ${d}·${f} + ${f} = ${fmt(a)}, then ` +
      `feedforward_output_dense back to the ${d} features ${f}·${d} + ${d} = ${fmt(b)}.`,
    `Total: ${[...attentionSizes, normSize, a, b].map(fmt).join(" + ")} = ` +
      `${fmt(layer.paramCount())}.`,
    `keras-hub sets key_dim = d // numHeads = ${d} // ${h} = ${k}, d being the input's last ` +
      `axis. ` +
      (d % h === 0
        ? `${h} divides ${d}, so every projection has numHeads × key_dim = ${d} columns however ` +
          `many heads there are: the count does not depend on numHeads (any number of heads ` +
          `that divides ${d} gives the same ${fmt(layer.paramCount())}).`
        : `${h} does not divide ${d}, so key_dim is rounded down and each projection has ` +
          `${h} × ${k} = ${h * k} columns instead of ${d}: the count is smaller than with a ` +
          `number of heads that divides ${d}.`),
    `Nothing depends on the sequence length; normalizeFirst only moves the normalizations, and ` +
      `dropout and the activation add nothing.`,
  );
  return lines;
}

// PyTorch's transformer layers

/**
 * `torch.nn.TransformerEncoderLayer` for an encoder or a decoder-only decoder (self-attention,
 * feed-forward, two norms), `torch.nn.TransformerDecoderLayer` for a decoder with
 * cross-attention; none where torch cannot take keras-hub's heads or widths.
 */
function torchBlock(layer: TransformerEncoder | TransformerDecoder): PyTorchCounterpart {
  const d = layer.inputShape().at(-1)!, h = layer.numHeads, f = layer.intermediateDim;
  const k = Math.floor(d / h);
  if (d % h !== 0) {
    return {
      none: `No PyTorch layer matches: torch.nn.MultiheadAttention needs numHeads to divide ` +
        `the ${d} features, where keras-hub rounds key_dim down to ${k} (${h} × ${k} = ` +
        `${h * k} columns per projection).`,
    };
  }
  const encoder = layer instanceof TransformerDecoder ? layer.encoderSequenceShape : undefined;
  if (encoder && encoder.at(-1) !== d) {
    return {
      none: `No PyTorch layer matches: torch.nn.TransformerDecoderLayer's cross-attention reads ` +
        `a memory as wide as the decoder (${d} features), and this encoder sequence has ` +
        `${encoder.at(-1)}.`,
    };
  }
  const cross = encoder !== undefined;
  const normFirst = layer.config.normalizeFirst ? ", norm_first=True" : "";
  const attention = (name: string) => [
    pytorchTensor(`${name}.in_proj_weight`, [3 * d, d]),
    pytorchTensor(`${name}.in_proj_bias`, [3 * d]),
    pytorchTensor(`${name}.out_proj.weight`, [d, d]),
    pytorchTensor(`${name}.out_proj.bias`, [d]),
  ];
  const norms = (cross ? [1, 2, 3] : [1, 2]).flatMap((i) => [
    pytorchTensor(`norm${i}.weight`, [d]),
    pytorchTensor(`norm${i}.bias`, [d]),
  ]);
  return {
    module: `torch.nn.Transformer${cross ? "Decoder" : "Encoder"}Layer(${d}, ${h}, ${f}, ` +
      `batch_first=True${normFirst})`,
    weights: [
      ...attention("self_attn"),
      ...(cross ? attention("multihead_attn") : []),
      pytorchTensor("linear1.weight", [f, d]),
      pytorchTensor("linear1.bias", [f]),
      pytorchTensor("linear2.weight", [d, f]),
      pytorchTensor("linear2.bias", [d]),
      ...norms,
    ],
    why: () => [
      `The same weights in another layout: PyTorch packs the query, key and value projections ` +
      `into one in_proj_weight (3·${d} × ${d}), where Keras keeps three (${d}, ${h}, ${k}) ` +
      `kernels; its Dense layers are linear1 and linear2, its layer normalizations norm1…` +
      `${cross ? 3 : 2}.`,
      ...(layer instanceof TransformerDecoder && !cross
        ? [
          `A decoder without cross-attention has exactly a TransformerEncoderLayer's weights: ` +
          `the causal mask that makes it a decoder has none.`,
        ]
        : []),
    ],
  };
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { KERAS_HUB_TRANSFORMER_KINDS } from "./keras_hub_transformer.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(KERAS_HUB_TRANSFORMER_KINDS.map((kind) => kind.className), ["TransformerEncoder", "TransformerDecoder"]);
 * ```
 */
export const KERAS_HUB_TRANSFORMER_KINDS: readonly LayerKind[] = [
  TransformerEncoder.kind,
  TransformerDecoder.kind,
];
