/**
 * Core layers: InputLayer and Dense. Activation, Dropout, Flatten and RepeatVector, which used to
 * live here, are declared with their families (`activations.ts`, `regularization.ts`,
 * `reshaping.ts`) and re-exported from here unchanged.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type {
  InputSpec,
  KernelExtrasArgs,
  LayerArgs,
  LoraArgs,
  LoraSettings,
  WeightSpec,
} from "./args.ts";
import { Layer } from "./base.ts";
import type { SymbolicTensor } from "./base.ts";
import { defineKind, type LayerKind, positional, type PrintedRow } from "./kind.ts";
import {
  choices,
  lastSize,
  onInputOrSolved,
  perInputCountForms,
  projectionSizes,
} from "./reading.ts";
import { inert, KERNEL_EXTRAS, opt, optional } from "./options.ts";
import { pytorchTensor } from "./pytorch.ts";
import { perExample } from "./macs.ts";
import { LORA_OPTIONS, LoraSwitch, loraWhy } from "./lora.ts";

const INPUT_OPTIONS = {
  shape: optional(opt.shape()),
  batchShape: optional(opt.shape()),
  ...inert("sparse", "ragged", "inputTensor", "optional"),
};
const INPUT_KIND: LayerKind = defineKind({
  className: "InputLayer",
  samples: [{ shape: [4] }],
  family: "core",
  summary: "The model's input: declares the shape, holds no weights.",
  options: INPUT_OPTIONS,
  positional: "shape",
  create: (config) => new InputLayer(config as InputLayerArgs),
  jsonIgnored: ["input_dtype"],
  weightless: true,
  noWeights: () => "An input layer only declares the shape of the data; it computes nothing.",
  read: {
    // The printed output is the declared shape; a batch size is kept only when one is printed.
    candidates: (row) =>
      row.out
        ? [{
          config: row.out[0] === null ? { shape: row.out.slice(1) } : { batchShape: row.out },
          input: row.out,
        }]
        : [],
  },
  pytorch: () => ({
    none: "PyTorch has no input layer: a module takes whatever tensor it is called with.",
  }),
});

/** Arguments of {@linkcode InputLayer}. */
export interface InputLayerArgs extends LayerArgs {
  /** Keras 3's name for `inputShape`: the shape without the batch dimension. */
  readonly shape?: readonly (number | null)[];
  /** Keras 3's name for `batchInputShape`. */
  readonly batchShape?: Shape;
}

/**
 * The model's input: declares the shape, has no weights. Sequential models do not list it among
 * their layers, as in Keras.
 *
 * @example
 * ```ts
 * import { InputLayer } from "../../mod.ts";
 * import assert from "assert";
 *
 * const input = new InputLayer({ inputShape: [400, 13] });
 * assert.deepEqual(input.outputShape(), [null, 400, 13]);
 * assert.equal(input.paramCount(), 0);
 * ```
 */
export class InputLayer extends Layer {
  /** The declaration of Keras's `InputLayer`. */
  static readonly kind: LayerKind = INPUT_KIND;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param shape The input's shape as `{ shape }`/`{ inputShape }` or
   * `{ batchShape }`/`{ batchInputShape }`, or the shape itself (Keras's `Input((400, 13))`).
   * @param args The other arguments, when the shape came first.
   */
  constructor(shape: InputLayerArgs | readonly (number | null)[], args?: InputLayerArgs) {
    const given = positional(INPUT_KIND, shape, args) as InputLayerArgs;
    const inputShape = given.shape ?? given.inputShape;
    const batchInputShape = given.batchShape ?? given.batchInputShape;
    if (!inputShape && !batchInputShape) {
      throw new TypeError(
        `InputLayer needs a shape: give shape (without the batch dimension), e.g. ` +
          `{ shape: [400, 13] }, received ${`the keys ${
            Object.keys(given).join(", ") || "(none)"
          }`}`,
      );
    }
    super({ ...given, inputShape, batchInputShape }, INPUT_KIND);
    const declared = this.declaredInputShape()!;
    this.build(declared);
    this.recordNode([], [declared], false);
  }

  /** The tensor this input stands for, to call layers on (Keras's `Input` returns it). */
  get output(): SymbolicTensor {
    return this.inboundNodes[0].outputs[0];
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return {};
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(): WeightSpec[] {
    return [];
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return inputShape;
  }
}

/**
 * Keras's `Input(shape=…)`: the input layer written the way Keras 3 code writes it.
 *
 * @example
 * ```ts
 * import { Input, LSTM, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([new Input({ shape: [400, 13] }), new LSTM({ units: 5 })]);
 * assert.equal(model.layers.length, 1);
 * assert.equal(model.paramCount(), 380);
 * ```
 */
export class Input extends InputLayer {}

/** Arguments of {@linkcode Dense}. */
export interface DenseArgs extends LayerArgs, KernelExtrasArgs, LoraArgs {
  /** The output size. */
  readonly units: number;
  /**
   * Whether to add a bias vector.
   * @default {true}
   */
  readonly useBias?: boolean;
  /** The activation's name; it has no parameters. */
  readonly activation?: string | null;
}

const LORA = { ...LORA_OPTIONS, ...inert("quantizationConfig") };

/** Input sizes times ranks past this are not searched: a first Dense's row then tells nothing. */
const MOST_DENSE_RANKS = 100_000;

/**
 * Why no Dense has a first row's printed count whatever its input size: n inputs, with a bias
 * or not, and in a Keras 3 table LoRA of rank r, count n·(units + r) + (bias + r)·units, every
 * rank up to count / units tried. `undefined` when one does.
 */
function denseNoneFits(row: PrintedRow): string | undefined {
  const units = lastSize(row.out);
  const params = row.params;
  if (units === undefined || params === null || row.input !== null) return undefined;
  const most = row.printer === "keras3" ? Math.floor(params / units) : 0;
  if (most > MOST_DENSE_RANKS) return undefined;
  for (let rank = 0; rank <= most; rank++) {
    for (const bias of [0, 1]) {
      const rest = params - (bias + rank) * units;
      if (rest > 0 && rest % (units + rank) === 0) return undefined;
    }
  }
  return `No Dense(${units}) has ${params.toLocaleString("en-US")} parameters whatever its ` +
    `input size: n inputs give n × ${units} (+ ${units} with a bias)${
      most > 0 ? `, and LoRA of rank r adds r × (n + ${units}), every rank tried` : ""
    }.`;
}

const DENSE_OPTIONS = {
  units: opt.int(),
  useBias: opt.bool(true),
  activation: opt.activation(),
  ...KERNEL_EXTRAS,
  ...LORA,
};

/**
 * A fully connected layer on the last axis: kernel (n, units) and bias (units).
 *
 * @example "Why does the first LSTM have more params?": dense_1, 13 features to 5
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import assert from "assert";
 *
 * const dense = new Dense({ units: 5, inputShape: [13] });
 * assert.equal(dense.paramCount(), 13 * 5 + 5);
 * assert.equal(new Dense(64, { activation: "relu", inputShape: [10] }).paramCount(), 704);
 * ```
 */
export class Dense extends Layer {
  /** The declaration of Keras's `Dense`. */
  static readonly kind: LayerKind = defineKind({
    className: "Dense",
    samples: [
      { units: 5, inputShape: [13] },
      { units: 5, useBias: false, inputShape: [13] },
      { units: 5, loraRank: 2, inputShape: [13] },
    ],
    family: "core",
    summary: "Fully connected: a kernel (inputs × units) and a bias (units).",
    options: DENSE_OPTIONS,
    positional: "units",
    create: (config) => new Dense(config as unknown as DenseArgs),
    tfjs: {
      factory: "dense",
      // TF.js has no LoRA: a layer built without the factors would count differently.
      refuse: (layer) =>
        (layer as Dense).lora
          ? `Layer "${layer.name}" (Dense) has LoRA (rank ${(layer as Dense).lora!.rank}), which ` +
            `TensorFlow.js's Dense has no equivalent of`
          : undefined,
      args: (layer) => ({
        units: (layer as Dense).units,
        useBias: (layer as Dense).useBias,
        activation: layer.config.activation ?? "linear",
        kernelInitializer: "glorotUniform",
      }),
    },
    why: (layer, formula) => {
      const [n, m] = layer.weights()[0].shape;
      const positions = layer.inputShape().slice(1, -1);
      return [
        `Each of the m = ${m} units has one weight per input feature (n = ${n})${
          layer.config.useBias ? " and one bias" : " and no bias (useBias: false)"
        }: ${(layer as Dense).lora ? (layer.config.useBias ? "n × m + m" : "n × m") : formula}.`,
        ...(positions.length > 0
          ? [
            `Dense acts on the last axis only: the same weights are applied at every one of the ` +
            `${positions.map((d) => d ?? "None").join(" × ")} positions before it.`,
          ]
          : []),
        ...loraWhy(layer.weights(), (layer as Dense).lora),
      ];
    },
    inputSize: { unit: "input feature", input: (_config, n) => ({ shape: [null, n] }) },
    // The kernel (inputs × units) at every position before the last axis.
    // With LoRA, Keras merges the kernel at every call, kernel + (alpha / r)·(A·B): A·B is
    // inputs × rank × units more, once per call whatever the positions.
    // On features no row tells: units per feature, with a bias or without, and LoRA's ranks.
    countForms: (row, bound) => {
      const units = lastSize(row.out);
      return perInputCountForms(units, [units ?? 0, 0], row.printer === "keras3", bound);
    },
    macs: (layer, { inputs }) => {
      const { units, lora } = layer as Dense;
      const n = inputs[0].at(-1)!;
      return perExample(inputs[0]) * units + (lora ? n * lora.rank * units : 0);
    },
    read: {
      // Keras 3's model.quantize changes the count; a table does not print it.
      quantizable: true,
      candidates: (row) => {
        const units = lastSize(row.out);
        if (units === undefined) return [];
        return choices<boolean>(row.declared.useBias, [true, false]).flatMap((useBias) =>
          onInputOrSolved(
            row,
            { units, useBias },
            "Dense",
            (n) => [...row.out!.slice(0, -1), n],
            { unusual: !useBias },
          )
        );
      },
      noneFits: denseNoneFits,
      // The units that give the count on the input's features, with a bias and without.
      lastSizes: (input, params, row) => projectionSizes(input, params, row.printer === "keras3"),
    },
    pytorch: (layer) => {
      const [n, m] = layer.weights()[0].shape;
      const bias = layer.config.useBias === true;
      if ((layer as Dense).lora) {
        return {
          none: "torch.nn.Linear has no LoRA factors; they come from a library such as peft, " +
            "not from torch itself, so no torch module is compared.",
        };
      }
      return {
        module: `torch.nn.Linear(${n}, ${m}${bias ? "" : ", bias=False"})`,
        weights: [
          pytorchTensor("weight", [m, n]),
          ...(bias ? [pytorchTensor("bias", [m])] : []),
        ],
        why: () => [
          `The same count: PyTorch stores the kernel transposed, weight (out, in) = ` +
          `(${m}, ${n}) against Keras's kernel (in, out).`,
        ],
      };
    },
  });
  /** The output size. */
  readonly units: number;
  /** Whether a bias is added. */
  readonly useBias: boolean;
  readonly #lora: LoraSwitch;

  /**
   * Creates the layer, checking its configuration.
   *
   * @param units The output size, or the whole configuration.
   * @param args The rest of the configuration, when `units` came first.
   */
  constructor(units: number | DenseArgs, args?: Omit<DenseArgs, "units">) {
    super(positional(Dense.kind, units, args), Dense.kind);
    const config = this.options(DENSE_OPTIONS);
    this.units = config.units;
    this.useBias = config.useBias;
    this.#lora = new LoraSwitch(this, "kernel", config);
  }

  /** Keras 3's LoRA on this layer (`loraRank`, `loraAlpha`), or `undefined` when it is off. */
  get lora(): LoraSettings | undefined {
    return this.#lora.settings;
  }

  /**
   * Keras 3's `enable_lora(rank)`: freezes the kernel and adds two trainable factors,
   * `lora_kernel_a` (inputs × rank) and `lora_kernel_b` (rank × units); the bias stays trainable.
   *
   * @param rank The rank r, a positive integer.
   * @param loraAlpha The update's scale numerator (Keras's `lora_alpha`); the rank by default.
   * @throws {RangeError} For a rank that is not a positive integer, a layer without an input
   * shape yet (Keras enables LoRA on built layers only), or LoRA enabled twice.
   * @throws {TypeError} For a rank that is no number, or a layer with a `kernelConstraint`.
   *
   * @example 1,024 × 1,024 trains 16,384 + 1,024 of 1,066,048 with rank 8
   * ```ts
   * import { Dense } from "../../mod.ts";
   * import assert from "assert";
   *
   * const dense = new Dense({ units: 1024, inputShape: [1024] });
   * dense.enableLora(8);
   * assert.deepEqual(dense.weights().map((w) => [w.name, w.shape, w.trainable]), [
   *   ["kernel", [1024, 1024], false],
   *   ["bias", [1024], true],
   *   ["lora_kernel_a", [1024, 8], true],
   *   ["lora_kernel_b", [8, 1024], true],
   * ]);
   * assert.equal(dense.trainableParamCount(), 2 * 1024 * 8 + 1024);
   * assert.throws(() => dense.enableLora(8), /already enabled/);
   * ```
   */
  enableLora(rank: number, loraAlpha?: number): void {
    this.#lora.enable(rank, loraAlpha);
    if (this.built) this.rebuild();
  }

  /** What input the layer accepts. */
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }
  /** The weight tensors the layer creates for an input shape. */
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const n = inputShape.at(-1)!;
    return this.#lora.weights([
      {
        name: "kernel",
        shape: [n, this.units],
        trainable: true,
        axes: [{ symbol: "n", meaning: "input features" }, { symbol: "m", meaning: "units" }],
        role: `${n} input features × ${this.units} units`,
      },
      ...(this.useBias
        ? [{
          name: "bias",
          shape: [this.units],
          trainable: true,
          axes: [{ symbol: "m", meaning: "units" }],
          role: "one per unit",
        }]
        : []),
    ]);
  }
  /** The output shape for an input shape. */
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), this.units];
  }
}

/**
 * The kinds this file declares, in the order the library lists them; the registry reads them
 * here, so adding a kind to this file is all it takes to register it.
 *
 * @example
 * ```ts
 * import { CORE_KINDS } from "./core.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(CORE_KINDS.map((kind) => kind.className), ["InputLayer", "Dense"]);
 * ```
 */
export const CORE_KINDS: readonly LayerKind[] = [
  InputLayer.kind,
  Dense.kind,
];
