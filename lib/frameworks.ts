/**
 * The same layer counted under PyTorch's conventions, beside Keras's, for a learner moving
 * between the two. The recurrent layers are where the numbers differ: `torch.nn.LSTM`,
 * `torch.nn.GRU` and `torch.nn.RNN` keep two bias vectors per gate block (`bias_ih` and
 * `bias_hh`), so an LSTM has 4 × (n·m + m² + 2m) parameters in PyTorch against Keras's
 * 4 × (n·m + m² + m). Keras's GRU with `resetAfter` (its default) keeps the second bias too and
 * matches PyTorch. BatchNormalization differs the other way: PyTorch keeps the running mean and
 * variance as buffers, not parameters.
 *
 * Each layer kind declares its PyTorch counterpart (`pytorch` in its declaration, see
 * `lib/layers/pytorch.ts`); this module only sets the two sides beside each other. A kind that
 * declares none is not supported, and the comparison says so.
 *
 * @module
 */

import { escapeHtml } from "./html.ts";
import type { Layer, Weight } from "./layers/base.ts";
import {
  type PyTorchCounterpart,
  type PyTorchOptions,
  type PyTorchTensor,
  pytorchTensor,
} from "./layers/pytorch.ts";
import { formatShape, safeAdd } from "./shape.ts";
import { JUPYTER_DISPLAY } from "./summary/summary.ts";

export {
  type PyTorchContext,
  type PyTorchCounterpart,
  type PyTorchDeclaration,
  type PyTorchModule,
  type PyTorchNone,
  type PyTorchOptions,
  pytorchParamCount,
  type PyTorchRecurrentConfig,
  type PyTorchRecurrentKind,
  pytorchRecurrentWeights,
  type PyTorchTensor,
} from "./layers/pytorch.ts";
import { thousands } from "./numbers.ts";
import { expectObject, expectWith } from "./guard.ts";

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
  /**
   * The multiply-accumulates of one call for one example, by paramlab's convention (matrix
   * products and convolutions only); absent when a size is unknown. PyTorch's module computes the
   * same products on the same input, so its MACs are Keras's: `deno task pytorch` checks them
   * with `torch.utils.flop_counter.FlopCounterMode` (its FLOPs / 2).
   */
  readonly macs?: number;
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
 * assert.equal(c.pytorch?.macs, 400 * 4 * 5 * (13 + 5));
 * ```
 */
export function compareFrameworks(layer: Layer): FrameworkComparison {
  expectWith("compareFrameworks", "its layer", layer, "a layer (e.g. new Dense(2))", "paramCount");
  const macs = macsOf(layer);
  const keras: FrameworkSide = {
    framework: "Keras",
    module: `${layer.name} (${layer.className})`,
    weights: layer.weights().map(tensorOf),
    paramCount: layer.paramCount(),
    buffers: [],
    ...(macs === undefined ? {} : { macs }),
  };
  const counterpart = pytorchCounterpart(layer);
  if (!counterpart) {
    return new FrameworkComparison(keras, undefined, [
      `The PyTorch comparison is not supported for ${layer.className}: paramlab knows no ` +
      `PyTorch counterpart of ${layer.className}.`,
    ]);
  }
  if ("none" in counterpart) return new FrameworkComparison(keras, undefined, [counterpart.none]);
  const pytorch: FrameworkSide = {
    framework: "PyTorch",
    module: counterpart.module,
    weights: counterpart.weights,
    paramCount: counterpart.weights.reduce(
      (total, w) => safeAdd(total, w.size, "PyTorch parameter count"),
      0,
    ),
    buffers: counterpart.buffers ?? [],
    ...(macs === undefined ? {} : { macs }),
  };
  const compute = macs === undefined ? [] : [
    `Compute, one example: ${thousands(macs)} MACs in both (the same matrix ` +
    `products; biases and activations are not MACs; FLOPs = 2 × MACs = ${thousands(2 * macs)}).`,
  ];
  return new FrameworkComparison(
    keras,
    pytorch,
    [...counterpart.why(keras.paramCount, pytorch.paramCount), ...compute],
  );
}

/**
 * What a layer's kind declares about PyTorch for this layer.
 *
 * @param layer A built layer (or one with an input shape).
 * @param options How the layer is used: `bidirectional` inside a Bidirectional wrapper.
 * @returns The module, or why none corresponds; `undefined` when the kind declares nothing.
 *
 * @example LayerNormalization without its offset is LayerNorm(…, bias=False)
 * ```ts
 * import { LayerNormalization, pytorchCounterpart } from "../mod.ts";
 * import assert from "assert";
 *
 * const c = pytorchCounterpart(new LayerNormalization({ center: false, inputShape: [64] }));
 * assert.ok(c && "module" in c);
 * assert.equal(c.module, "torch.nn.LayerNorm(64, bias=False)");
 * ```
 */
export function pytorchCounterpart(
  layer: Layer,
  options: PyTorchOptions = {},
): PyTorchCounterpart | undefined {
  expectWith("pytorchCounterpart", "its layer", layer, "a layer (e.g. new Dense(2))", "paramCount");
  expectObject("pytorchCounterpart", "its options", options);
  return layer.kind.pytorch?.(layer, {
    bidirectional: options.bidirectional ?? false,
    counterpart: pytorchCounterpart,
  });
}

// The layer's MACs, or undefined when a size is unknown or its kind declares no rule.
function macsOf(layer: Layer): number | undefined {
  try {
    return layer.macs();
  } catch {
    return undefined;
  }
}

function tensorOf(w: Weight): PyTorchTensor {
  return pytorchTensor(w.name, w.shape);
}
