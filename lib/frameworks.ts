/**
 * The same layer counted under PyTorch's conventions, beside Keras's, for a learner moving
 * between the two. The recurrent layers are where the numbers differ: `torch.nn.LSTM`,
 * `torch.nn.GRU` and `torch.nn.RNN` keep two bias vectors per gate block (`bias_ih` and
 * `bias_hh`), so an LSTM has 4 × (n·m + m² + 2m) parameters in PyTorch against Keras's
 * 4 × (n·m + m² + m). Keras's GRU with `resetAfter` (its default) keeps the second bias too and
 * matches PyTorch. BatchNormalization differs the other way: PyTorch keeps the running mean and
 * variance as buffers, not parameters.
 *
 * PyTorch's weight names and shapes follow the "Variables" section of the `torch.nn.LSTM`,
 * `torch.nn.GRU` and `torch.nn.RNN` documentation: `weight_ih_l[k]` (G·h, input size; G·h,
 * directions × h (or × proj_size) for k > 0), `weight_hh_l[k]` (G·h, h, or proj_size),
 * `bias_ih_l[k]` and `bias_hh_l[k]` (G·h), `weight_hr_l[k]` (proj_size, h) with projections, and
 * `_reverse` copies for the backward direction.
 *
 * @module
 */

import { describeValue } from "./errors.ts";
import { escapeHtml } from "./html.ts";
import type { Layer, Weight } from "./layers/base.ts";
import { formatShape, safeAdd, sizeOf } from "./shape.ts";
import { JUPYTER_DISPLAY } from "./summary/summary.ts";

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

/** A PyTorch parameter or buffer: its name in the module, its shape and size. */
export interface PyTorchTensor {
  /** E.g. `"weight_ih_l0"`. */
  readonly name: string;
  /** E.g. `[20, 13]`. */
  readonly shape: readonly number[];
  /** The product of the shape. */
  readonly size: number;
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
 * import { pytorchRecurrentWeights } from "../mod.ts";
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
  const add = (name: string, shape: number[]) =>
    tensors.push({ name, shape, size: sizeOf(shape, `size of ${name}`) });
  for (let k = 0; k < layers; k++) {
    const layerInput = k === 0 ? inputSize : realHidden * directions;
    for (let d = 0; d < directions; d++) {
      const suffix = `l${k}${d === 1 ? "_reverse" : ""}`;
      add(`weight_ih_${suffix}`, [gates, layerInput]);
      add(`weight_hh_${suffix}`, [gates, realHidden]);
      if (bias) {
        add(`bias_ih_${suffix}`, [gates]);
        add(`bias_hh_${suffix}`, [gates]);
      }
      if (proj > 0) add(`weight_hr_${suffix}`, [proj, hidden]);
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
 * import { pytorchParamCount } from "../mod.ts";
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

/** One framework's view of a layer. */
export interface FrameworkSide {
  /** `"Keras"` or `"PyTorch"`. */
  readonly framework: "Keras" | "PyTorch";
  /** The layer or module, e.g. `LSTM(5)` or `torch.nn.LSTM(13, 5)`. */
  readonly module: string;
  /** The parameters. */
  readonly weights: readonly PyTorchTensor[];
  /** What the framework's parameter count says. */
  readonly paramCount: number;
  /** State kept outside the parameters (PyTorch's buffers), if any. */
  readonly buffers: readonly PyTorchTensor[];
}

/**
 * A layer in Keras beside its PyTorch counterpart. Prints as two columns; displays as HTML in
 * Jupyter.
 *
 * @example LSTM(5) on 13 features: PyTorch's second bias adds 4 × 5
 * ```ts
 * import { compareFrameworks, LSTM } from "../mod.ts";
 * import assert from "assert";
 *
 * const comparison = compareFrameworks(new LSTM({ units: 5, inputShape: [400, 13] }));
 * assert.equal(comparison.keras.paramCount, 380);
 * assert.equal(comparison.pytorch?.paramCount, 400);
 * ```
 */
export class FrameworkComparison {
  /** Keras's side. */
  readonly keras: FrameworkSide;
  /** PyTorch's side, or undefined when this library knows no counterpart. */
  readonly pytorch: FrameworkSide | undefined;
  /** PyTorch's count minus Keras's. */
  readonly difference: number;
  /** Why they agree or differ, in sentences. */
  readonly why: readonly string[];

  /**
   * Assembles a comparison; {@linkcode compareFrameworks} makes them.
   *
   * @param keras Keras's side.
   * @param pytorch PyTorch's side.
   * @param why Why they agree or differ.
   */
  constructor(keras: FrameworkSide, pytorch: FrameworkSide | undefined, why: readonly string[]) {
    this.keras = keras;
    this.pytorch = pytorch;
    this.difference = pytorch ? pytorch.paramCount - keras.paramCount : 0;
    this.why = why;
  }

  /**
   * The comparison as two columns of weights, then why.
   *
   * @returns Text.
   *
   * @example
   * ```ts
   * import { compareFrameworks, LSTM } from "../mod.ts";
   * import assert from "assert";
   *
   * const text = String(compareFrameworks(new LSTM({ units: 5, inputShape: [400, 13] })));
   * assert.match(text, /bias_hh_l0/);
   * ```
   */
  toString(): string {
    const sides = [this.keras, ...(this.pytorch ? [this.pytorch] : [])];
    const columns = sides.map((side) => [
      `${side.framework}: ${side.module}`,
      ...side.weights.map((w) => `  ${w.name} ${formatShape(w.shape)} = ${w.size}`),
      ...side.buffers.map((b) => `  (buffer) ${b.name} ${formatShape(b.shape)} = ${b.size}`),
      `  parameters: ${side.paramCount}`,
    ]);
    const width = Math.max(...columns[0].map((l) => l.length)) + 4;
    const height = Math.max(...columns.map((c) => c.length));
    const lines: string[] = [];
    for (let i = 0; i < height; i++) {
      const left = columns[0][i] ?? "";
      const right = columns[1]?.[i] ?? "";
      lines.push((right ? left.padEnd(width) + right : left).trimEnd());
    }
    return [...lines, ...this.why.map((w) => `${w}`)].join("\n");
  }

  /**
   * The comparison as an HTML table, every text escaped.
   *
   * @returns A `<div>`.
   *
   * @example
   * ```ts
   * import { compareFrameworks, GRU } from "../mod.ts";
   * import assert from "assert";
   *
   * const html = compareFrameworks(new GRU({ units: 5, inputShape: [4, 13] })).toHtml();
   * assert.ok(html.startsWith("<div"));
   * ```
   */
  toHtml(): string {
    const sides = [this.keras, ...(this.pytorch ? [this.pytorch] : [])];
    const cell = (side: FrameworkSide) =>
      `<td style="vertical-align:top"><strong>${escapeHtml(side.module)}</strong><br>` +
      [
        ...side.weights.map((w) =>
          `<code>${escapeHtml(w.name)}</code> ${formatShape(w.shape)} = ${w.size}`
        ),
        ...side.buffers.map((b) =>
          `buffer <code>${escapeHtml(b.name)}</code> ${formatShape(b.shape)} = ${b.size}`
        ),
        `<strong>${side.paramCount}</strong> parameters`,
      ].join("<br>") + `</td>`;
    return [
      `<div class="paramlab-frameworks"><table><thead><tr>`,
      ...sides.map((s) => `<th>${s.framework}</th>`),
      `</tr></thead><tbody><tr>`,
      ...sides.map(cell),
      `</tr></tbody></table>`,
      ...this.why.map((w) => `<p>${escapeHtml(w)}</p>`),
      `</div>`,
    ].join("");
  }

  /**
   * What Deno's Jupyter kernel displays.
   *
   * @returns A MIME bundle with the text and the HTML.
   *
   * @example
   * ```ts
   * import { compareFrameworks, Dense, JUPYTER_DISPLAY } from "../mod.ts";
   * import assert from "assert";
   *
   * const c = compareFrameworks(new Dense({ units: 5, inputShape: [13] }));
   * assert.equal(c[JUPYTER_DISPLAY]()["text/plain"], String(c));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }
}

/**
 * Counts a built layer the way PyTorch would count its counterpart, beside Keras's count.
 *
 * @param layer A layer; built from its declared input shape if need be.
 * @returns Both sides and why they differ.
 *
 * @example An LSTM: PyTorch's second bias vector
 * ```ts
 * import { compareFrameworks, LSTM } from "../mod.ts";
 * import assert from "assert";
 *
 * const c = compareFrameworks(new LSTM({ units: 5, inputShape: [400, 13] }));
 * assert.equal(c.keras.paramCount, 380);
 * assert.equal(c.pytorch?.paramCount, 400);
 * assert.equal(c.difference, 20);
 * ```
 */
export function compareFrameworks(layer: Layer): FrameworkComparison {
  const keras: FrameworkSide = {
    framework: "Keras",
    module: `${layer.name} (${layer.className})`,
    weights: layer.weights().map(tensorOf),
    paramCount: layer.paramCount(),
    buffers: [],
  };
  const counterpart = pytorchCounterpart(layer);
  if (!counterpart) {
    return new FrameworkComparison(keras, undefined, [
      `paramlab knows no PyTorch counterpart of ${layer.className}.`,
    ]);
  }
  const pytorch: FrameworkSide = { framework: "PyTorch", ...counterpart.side };
  return new FrameworkComparison(keras, pytorch, counterpart.why(keras, pytorch));
}

function tensorOf(w: Weight): PyTorchTensor {
  return { name: w.name, shape: w.shape, size: w.size };
}

interface Counterpart {
  readonly side: Omit<FrameworkSide, "framework">;
  readonly why: (keras: FrameworkSide, pytorch: FrameworkSide) => string[];
}

function tensor(name: string, shape: number[]): PyTorchTensor {
  return { name, shape, size: sizeOf(shape, `size of ${name}`) };
}

function sum(tensors: readonly PyTorchTensor[]): number {
  return tensors.reduce((t, w) => safeAdd(t, w.size, "parameter count"), 0);
}

interface RecurrentLike {
  readonly units: number;
  readonly useBias: boolean;
  readonly resetAfter?: boolean;
}

const TORCH_RECURRENT: Record<string, PyTorchRecurrentKind> = {
  LSTM: "LSTM",
  GRU: "GRU",
  SimpleRNN: "RNN",
};

function pytorchCounterpart(layer: Layer): Counterpart | undefined {
  const weights = layer.weights();
  const input = layer.inputShape();
  const n = input.at(-1);
  switch (layer.className) {
    case "LSTM":
    case "GRU":
    case "SimpleRNN":
      return recurrentCounterpart(layer, false);
    case "Bidirectional": {
      const inner = (layer as unknown as { layer?: Layer }).layer;
      return inner && inner.className in TORCH_RECURRENT
        ? recurrentCounterpart(layer, true, inner)
        : undefined;
    }
    case "TimeDistributed": {
      const inner = (layer as unknown as { layer?: Layer }).layer;
      if (!inner) return undefined;
      const side = pytorchCounterpart(inner);
      if (!side) return undefined;
      return {
        side: side.side,
        why: (k, p) => [
          `PyTorch has no TimeDistributed: ${side.side.module} is applied to the last axis of a ` +
          `(batch, steps, features) tensor directly, with the same weights at every step.`,
          ...side.why(k, p),
        ],
      };
    }
    case "Dense": {
      const [kernel, bias] = weights;
      const [inFeatures, outFeatures] = kernel.shape;
      const tensors = [
        tensor("weight", [outFeatures, inFeatures]),
        ...(bias ? [tensor("bias", [outFeatures])] : []),
      ];
      return {
        side: {
          module: `torch.nn.Linear(${inFeatures}, ${outFeatures}${bias ? "" : ", bias=False"})`,
          weights: tensors,
          paramCount: sum(tensors),
          buffers: [],
        },
        why: () => [
          `The same count: PyTorch stores the kernel transposed, weight (out, in) = ` +
          `(${outFeatures}, ${inFeatures}) against Keras's kernel (in, out).`,
        ],
      };
    }
    case "Conv1D":
    case "Conv2D": {
      const [kernel, bias] = weights;
      const window = kernel.shape.slice(0, -2);
      const [c, f] = kernel.shape.slice(-2);
      const dims = layer.className === "Conv1D" ? "1d" : "2d";
      const tensors = [tensor("weight", [f, c, ...window]), ...(bias ? [tensor("bias", [f])] : [])];
      const k = window.length === 1 ? String(window[0]) : `(${window.join(", ")})`;
      return {
        side: {
          module: `torch.nn.Conv${dims}(${c}, ${f}, ${k}${bias ? "" : ", bias=False"})`,
          weights: tensors,
          paramCount: sum(tensors),
          buffers: [],
        },
        why: () => [
          `The same count: PyTorch orders the kernel (out channels, in channels, window) ` +
          `where Keras has (window, in channels, out channels), and expects channels first.`,
        ],
      };
    }
    case "Embedding": {
      const [v, d] = weights[0].shape;
      const tensors = [tensor("weight", [v, d])];
      return {
        side: {
          module: `torch.nn.Embedding(${v}, ${d})`,
          weights: tensors,
          paramCount: v * d,
          buffers: [],
        },
        why: () => [`The same table, the same count.`],
      };
    }
    case "BatchNormalization": {
      if (typeof n !== "number") return undefined;
      const affine = weights.some((w) => w.name === "gamma" || w.name === "beta");
      const tensors = affine ? [tensor("weight", [n]), tensor("bias", [n])] : [];
      const buffers = [
        tensor("running_mean", [n]),
        tensor("running_var", [n]),
        tensor("num_batches_tracked", []),
      ];
      const dims = input.length === 4 ? "2d" : "1d";
      return {
        side: {
          module: `torch.nn.BatchNorm${dims}(${n}${affine ? "" : ", affine=False"})`,
          weights: tensors,
          paramCount: sum(tensors),
          buffers,
        },
        why: (k, p) => [
          `Keras counts the moving mean and variance as non-trainable weights; PyTorch keeps ` +
          `them (running_mean, running_var, and a step counter) as buffers, which ` +
          `parameters() does not list: ${k.paramCount} in Keras, ${p.paramCount} in PyTorch.`,
          ...(weights.length % 2 === 1
            ? [`PyTorch's affine=True has both scale and offset; Keras here has only one.`]
            : []),
        ],
      };
    }
    case "LayerNormalization": {
      if (typeof n !== "number") return undefined;
      const tensors = weights.map((w) => tensor(w.name === "gamma" ? "weight" : "bias", [n]));
      return {
        side: {
          module: `torch.nn.LayerNorm(${n}${
            tensors.length === 0 ? ", elementwise_affine=False" : ""
          })`,
          weights: tensors,
          paramCount: sum(tensors),
          buffers: [],
        },
        why: () => [`The same scale and offset per feature, the same count.`],
      };
    }
    default: {
      if (weights.length > 0) return undefined;
      const module = ZERO_MODULES[layer.className];
      if (!module) return undefined;
      return {
        side: { module, weights: [], paramCount: 0, buffers: [] },
        why: () => [`No weights in either framework.`],
      };
    }
  }
}

const ZERO_MODULES: Record<string, string> = {
  Dropout: "torch.nn.Dropout(p)",
  Flatten: "torch.nn.Flatten()",
  Activation: "an activation function (torch.nn.ReLU(), …)",
  MaxPooling1D: "torch.nn.MaxPool1d(kernel_size)",
  MaxPooling2D: "torch.nn.MaxPool2d(kernel_size)",
  AveragePooling1D: "torch.nn.AvgPool1d(kernel_size)",
  AveragePooling2D: "torch.nn.AvgPool2d(kernel_size)",
  GlobalAveragePooling1D: "torch.nn.AdaptiveAvgPool1d(1)",
  GlobalAveragePooling2D: "torch.nn.AdaptiveAvgPool2d(1)",
  InputLayer: "(no module: PyTorch has no input layer)",
};

function recurrentCounterpart(layer: Layer, bidirectional: boolean, inner?: Layer): Counterpart {
  const cell = (inner ?? layer) as unknown as RecurrentLike & Layer;
  const kind = TORCH_RECURRENT[cell.className];
  const inputSize = layer.inputShape().at(-1) as number;
  const hiddenSize = cell.units;
  const config: PyTorchRecurrentConfig = {
    kind,
    inputSize,
    hiddenSize,
    bidirectional,
    bias: cell.useBias,
  };
  const tensors = pytorchRecurrentWeights(config);
  const args = [
    String(inputSize),
    String(hiddenSize),
    ...(cell.useBias ? [] : ["bias=False"]),
    ...(bidirectional ? ["bidirectional=True"] : []),
  ];
  const g = GATES[kind];
  return {
    side: {
      module: `torch.nn.${kind}(${args.join(", ")})`,
      weights: tensors,
      paramCount: sum(tensors),
      buffers: [],
    },
    why: (k, p) => {
      const copies = bidirectional ? 2 : 1;
      const reasons: string[] = [];
      if (!cell.useBias) {
        reasons.push(`Without bias the two frameworks hold the same matrices: the same count.`);
      } else if (kind === "GRU" && cell.resetAfter) {
        reasons.push(
          `The same count: PyTorch keeps two bias vectors per gate block (bias_ih and bias_hh), ` +
            `and so does Keras's GRU with resetAfter (its default), in its bias of shape ` +
            `(2, ${g * hiddenSize}).`,
        );
      } else {
        const extra = `${copies > 1 ? `${copies} × ` : ""}${g} × ${hiddenSize} = ` +
          `${p.paramCount - k.paramCount} more`;
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
