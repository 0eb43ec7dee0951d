/**
 * What the layer declarations say about PyTorch: the module that corresponds to a Keras layer,
 * its parameters and buffers, and why the counts agree or differ. Declarations fill these in;
 * `lib/frameworks.ts` reads them and sets them beside Keras's count.
 *
 * PyTorch's recurrent weight names and shapes follow the "Variables" section of the
 * `torch.nn.LSTM`, `torch.nn.GRU` and `torch.nn.RNN` documentation: `weight_ih_l[k]` (G·h,
 * input size; G·h, directions × h (or × proj_size) for k > 0), `weight_hh_l[k]` (G·h, h, or
 * proj_size), `bias_ih_l[k]` and `bias_hh_l[k]` (G·h), `weight_hr_l[k]` (proj_size, h) with
 * projections, and `_reverse` copies for the backward direction.
 *
 * @module
 */

import { describeValue } from "../errors.ts";
import { safeAdd, sizeOf } from "../shape.ts";
import type { Layer } from "./base.ts";
import type {
  PyTorchContextOf,
  PyTorchDeclarationOf,
  PyTorchModule,
  PyTorchTensor,
} from "./declaration.ts";

export type {
  PyTorchCounterpart,
  PyTorchModule,
  PyTorchNone,
  PyTorchOptions,
  PyTorchTensor,
} from "./declaration.ts";

/** What a declaration may ask of the comparison (see `PyTorchContextOf`). */
export type PyTorchContext = PyTorchContextOf<Layer>;

/** A kind's PyTorch declaration: the counterpart of a built layer of that kind. */
export type PyTorchDeclaration = PyTorchDeclarationOf<Layer>;

/**
 * A PyTorch tensor description.
 *
 * @param name Its name in the module.
 * @param shape Its shape.
 * @returns The tensor with its size.
 *
 * @example
 * ```ts
 * import { pytorchTensor } from "./pytorch.ts";
 * import assert from "assert";
 *
 * assert.equal(pytorchTensor("weight", [5, 13]).size, 65);
 * ```
 */
export function pytorchTensor(name: string, shape: readonly number[]): PyTorchTensor {
  return { name, shape, size: sizeOf(shape, `size of ${name}`) };
}

/** PyTorch's recurrent modules. */
export type PyTorchRecurrentKind = "LSTM" | "GRU" | "RNN";

/** The arguments of `torch.nn.LSTM`, `torch.nn.GRU` or `torch.nn.RNN`, camelCased. */
export interface PyTorchRecurrentConfig {
  /** Which module. */
  readonly kind: PyTorchRecurrentKind;
  /** `input_size`: features of the input. */
  readonly inputSize: number;
  /** `hidden_size`: units. */
  readonly hiddenSize: number;
  /**
   * `num_layers`: stacked layers.
   * @default {1}
   */
  readonly numLayers?: number;
  /**
   * `bidirectional`.
   * @default {false}
   */
  readonly bidirectional?: boolean;
  /**
   * `bias`: both bias vectors, or neither.
   * @default {true}
   */
  readonly bias?: boolean;
  /**
   * `proj_size`: LSTM only; projects the hidden state to this size (must be below hiddenSize).
   * @default {0}
   */
  readonly projSize?: number;
}

const GATES: Record<PyTorchRecurrentKind, number> = { LSTM: 4, GRU: 3, RNN: 1 };

function positive(field: string, value: unknown, min = 1): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    const expected = min === 0 ? "a non-negative integer" : "a positive integer";
    const message = `Invalid ${field} for a PyTorch recurrent module: expected ${expected}, ` +
      `received ${describeValue(value)}`;
    throw typeof value === "number" ? new RangeError(message) : new TypeError(message);
  }
  return value;
}

/**
 * The parameters a PyTorch recurrent module registers, in its order: for each layer and
 * direction, `weight_ih`, `weight_hh`, `bias_ih`, `bias_hh`, then `weight_hr` with projections.
 *
 * @param config The module's arguments.
 * @returns The parameters with their shapes.
 * @throws {RangeError} On sizes that are not positive integers, `projSize` for GRU or RNN, or
 * `projSize` not below `hiddenSize` (PyTorch's own checks).
 *
 * @example torch.nn.LSTM(13, 5)
 * ```ts
 * import { pytorchRecurrentWeights } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(
 *   pytorchRecurrentWeights({ kind: "LSTM", inputSize: 13, hiddenSize: 5 }).map((w) => [w.name, w.shape]),
 *   [["weight_ih_l0", [20, 13]], ["weight_hh_l0", [20, 5]], ["bias_ih_l0", [20]], ["bias_hh_l0", [20]]],
 * );
 * ```
 */
export function pytorchRecurrentWeights(config: PyTorchRecurrentConfig): PyTorchTensor[] {
  if (typeof config !== "object" || config === null || !(config.kind in GATES)) {
    throw new TypeError(
      `Invalid PyTorch recurrent module: expected kind "LSTM", "GRU" or "RNN", received ${
        describeValue((config as { kind?: unknown } | null)?.kind)
      }`,
    );
  }
  const inputSize = positive("inputSize", config.inputSize);
  const hidden = positive("hiddenSize", config.hiddenSize);
  const layers = positive("numLayers", config.numLayers ?? 1);
  const proj = positive("projSize", config.projSize ?? 0, 0);
  const bias = config.bias ?? true;
  const directions = config.bidirectional ? 2 : 1;
  if (proj > 0 && config.kind !== "LSTM") {
    throw new RangeError(
      `Invalid projSize for torch.nn.${config.kind}: proj_size is only supported for LSTM, ` +
        `received ${proj}`,
    );
  }
  if (proj >= hidden) {
    throw new RangeError(
      `Invalid projSize: proj_size has to be smaller than hidden_size (${hidden}), received ${proj}`,
    );
  }
  const gates = GATES[config.kind] * hidden;
  const realHidden = proj > 0 ? proj : hidden;
  const tensors: PyTorchTensor[] = [];
  for (let k = 0; k < layers; k++) {
    const layerInput = k === 0 ? inputSize : realHidden * directions;
    for (let d = 0; d < directions; d++) {
      const suffix = `l${k}${d === 1 ? "_reverse" : ""}`;
      tensors.push(pytorchTensor(`weight_ih_${suffix}`, [gates, layerInput]));
      tensors.push(pytorchTensor(`weight_hh_${suffix}`, [gates, realHidden]));
      if (bias) {
        tensors.push(pytorchTensor(`bias_ih_${suffix}`, [gates]));
        tensors.push(pytorchTensor(`bias_hh_${suffix}`, [gates]));
      }
      if (proj > 0) tensors.push(pytorchTensor(`weight_hr_${suffix}`, [proj, hidden]));
    }
  }
  return tensors;
}

/**
 * The parameter count of a PyTorch recurrent module: `sum(p.numel() for p in m.parameters())`.
 *
 * @param config The module's arguments.
 * @returns The count.
 * @throws {RangeError} As {@linkcode pytorchRecurrentWeights}.
 *
 * @example Two bias vectors: 4 × (n·m + m² + 2m)
 * ```ts
 * import { pytorchParamCount } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(pytorchParamCount({ kind: "LSTM", inputSize: 13, hiddenSize: 5 }), 4 * (65 + 25 + 10));
 * ```
 */
export function pytorchParamCount(config: PyTorchRecurrentConfig): number {
  return pytorchRecurrentWeights(config).reduce(
    (total, w) => safeAdd(total, w.size, "PyTorch parameter count"),
    0,
  );
}

/**
 * The PyTorch counterpart of a Keras recurrent cell: `torch.nn.LSTM`, `GRU` or `RNN` on the
 * same input features, bidirectional for a Bidirectional wrapper.
 *
 * @param cell The Keras recurrent layer (for a Bidirectional, its forward copy).
 * @param kind PyTorch's module.
 * @param inputSize The input features.
 * @param bidirectional Whether the Keras layer is wrapped in Bidirectional.
 * @returns The module and why the counts differ.
 *
 * @example torch.nn.LSTM(13, 5) keeps a second bias: 400 against Keras's 380
 * ```ts
 * import { recurrentCounterpart } from "./pytorch.ts";
 * import { LSTM } from "./recurrent.ts";
 * import assert from "assert";
 *
 * const lstm = new LSTM(5, { inputShape: [400, 13] });
 * const torch = recurrentCounterpart(lstm, "LSTM", 13, false);
 * assert.equal(torch.module, "torch.nn.LSTM(13, 5)");
 * assert.equal(torch.weights.reduce((total, w) => total + w.size, 0), 400);
 * ```
 */
export function recurrentCounterpart(
  cell: Layer,
  kind: PyTorchRecurrentKind,
  inputSize: number,
  bidirectional: boolean,
): PyTorchModule {
  const hiddenSize = cell.config.units as number;
  const useBias = cell.config.useBias !== false;
  const resetAfter = cell.config.resetAfter === true;
  const tensors = pytorchRecurrentWeights({
    kind,
    inputSize,
    hiddenSize,
    bidirectional,
    bias: useBias,
  });
  const args = [
    String(inputSize),
    String(hiddenSize),
    ...(useBias ? [] : ["bias=False"]),
    ...(bidirectional ? ["bidirectional=True"] : []),
  ];
  const g = GATES[kind];
  const c = cell.config;
  return {
    module: `torch.nn.${kind}(${args.join(", ")})`,
    weights: tensors,
    recurrent: {
      kind,
      inputSize,
      hiddenSize,
      bias: useBias,
      bidirectional,
      identity: ["resetAfter", "activation", "recurrentActivation"].filter((key) => key in c)
        .map((key) => `${key}=${String(c[key])}`),
      returnSequences: c.returnSequences === true,
      stackable: c.returnState !== true && c.goBackwards !== true,
    },
    why: (keras, pytorch) => {
      const copies = bidirectional ? 2 : 1;
      const reasons: string[] = [];
      if (!useBias) {
        reasons.push(`Without bias the two frameworks hold the same matrices: the same count.`);
      } else if (kind === "GRU" && resetAfter) {
        reasons.push(
          `The same count: PyTorch keeps two bias vectors per gate block (bias_ih and bias_hh), ` +
            `and so does Keras's GRU with resetAfter (its default), in its bias of shape ` +
            `(2, ${g * hiddenSize}).`,
        );
      } else {
        const extra = `${copies > 1 ? `${copies} × ` : ""}${g} × ${hiddenSize} = ` +
          `${pytorch - keras} more`;
        reasons.push(
          kind === "GRU"
            ? `PyTorch's GRU applies the reset gate after the recurrent product, with its own ` +
              `recurrent bias (bias_hh), as Keras does only with resetAfter: true; this GRU has ` +
              `resetAfter: false and one bias: ${extra}.`
            : `PyTorch keeps two bias vectors, bias_ih and bias_hh, of ${g} × ${hiddenSize} ` +
              `each where Keras keeps one: ${extra}. The two are only ever added together, so ` +
              `they can learn nothing one could not; PyTorch keeps both to follow cuDNN.`,
        );
        reasons.push(
          `Per block: Keras (n + m) × m + m, PyTorch (n + m) × m + 2m, with n = ${inputSize}, ` +
            `m = ${hiddenSize}.`,
        );
      }
      reasons.push(
        `PyTorch stores the matrices transposed: weight_ih (${g * hiddenSize}, ${inputSize}) ` +
          `against Keras's kernel (${inputSize}, ${g * hiddenSize}).` +
          (kind === "GRU"
            ? ` Its gate blocks are ordered reset, update, new; Keras's update, reset, candidate.`
            : ""),
      );
      return reasons;
    },
  };
}

/**
 * A module without parameters in either framework.
 *
 * @param module The PyTorch module, e.g. `torch.nn.Dropout(p=0.5)`.
 * @returns The counterpart.
 *
 * @example
 * ```ts
 * import { weightlessCounterpart } from "./pytorch.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(weightlessCounterpart("torch.nn.Flatten()").weights, []);
 * ```
 */
export function weightlessCounterpart(module: string): PyTorchModule {
  return { module, weights: [], why: () => [`No weights in either framework.`] };
}
