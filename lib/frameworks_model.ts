/**
 * A whole model counted under PyTorch's conventions, beside Keras's: each layer's counterpart,
 * and consecutive identical recurrent layers as one `torch.nn.LSTM`, `GRU` or `RNN` with
 * `num_layers` (and `bidirectional=True` for Bidirectional wrappers, `dropout=p` for Keras's
 * Dropout layers between them), as a PyTorch user writes them.
 *
 * torch's stacked module feeds layer k the output sequence of layer k − 1 (both directions
 * concatenated when bidirectional), which is what a Keras layer with `returnSequences: true`
 * hands the next. So `weight_ih_l0` reads the model's input and `weight_ih_l1` onwards read
 * `hidden_size` (× 2) features, exactly as the second Keras layer's kernel does. Each layer and
 * direction keeps torch's two bias vectors, `bias_ih_l[k]` and `bias_hh_l[k]`.
 *
 * @module
 */

import { escapeHtml } from "./html.ts";
import type { Layer } from "./layers/base.ts";
import type { PyTorchModule, PyTorchRecurrentStacking } from "./layers/declaration.ts";
import { pytorchRecurrentWeights, pytorchTensor } from "./layers/pytorch.ts";
import type { ModelBase } from "./model/base.ts";
import { Model } from "./model/functional.ts";
import { Sequential } from "./model/sequential.ts";
import { safeAdd } from "./shape.ts";
import { JUPYTER_DISPLAY } from "./summary/summary.ts";
import {
  compareFrameworks,
  FrameworkComparison,
  type FrameworkSide,
  pytorchCounterpart,
} from "./frameworks.ts";
import { expectArray, expectString, expectWith } from "./guard.ts";

/** One part of a model's comparison: a layer, or a stack of recurrent layers. */
export interface FrameworkPart {
  /** The Keras layers it covers (a stack's Dropout layers included). */
  readonly layers: readonly Layer[];
  /** The comparison of those layers with their PyTorch counterpart. */
  readonly comparison: FrameworkComparison;
}

const fmt = (n: number) => n.toLocaleString("en-US");

/**
 * A model in Keras beside PyTorch: its parts (single layers and recurrent stacks) and the totals.
 *
 * @example Three LSTM(64) layers are one torch.nn.LSTM(13, 64, num_layers=3)
 * ```ts
 * import { compareModelFrameworks, Input, LSTM, Sequential } from "../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new Input({ shape: [20, 13] }),
 *   new LSTM(64, { returnSequences: true }),
 *   new LSTM(64, { returnSequences: true }),
 *   new LSTM(64, { returnSequences: true }),
 * ]);
 * const c = compareModelFrameworks(model);
 * assert.equal(c.parts.length, 1);
 * assert.equal(c.parts[0].comparison.pytorch?.module, "torch.nn.LSTM(13, 64, num_layers=3)");
 * assert.equal(c.difference, 3 * 4 * 64);
 * ```
 */
export class ModelFrameworkComparison {
  /** The model's name. */
  readonly name: string;
  /** Its parts, in the model's order. */
  readonly parts: readonly FrameworkPart[];
  /** Keras's count. */
  readonly kerasParamCount: number;
  /** PyTorch's count; undefined when a part with weights has no PyTorch counterpart. */
  readonly pytorchParamCount: number | undefined;
  /** PyTorch's count minus Keras's (0 when PyTorch's is unknown). */
  readonly difference: number;
  /** The parts with weights that have no PyTorch counterpart, and why. */
  readonly missing: readonly string[];

  /**
   * Assembles a model's comparison; {@linkcode compareModelFrameworks} makes them.
   *
   * @param name The model's name.
   * @param parts Its parts.
   */
  constructor(name: string, parts: readonly FrameworkPart[]) {
    expectString("ModelFrameworkComparison", "its name", name);
    expectArray(
      "ModelFrameworkComparison",
      "its parts",
      parts,
      "a list of the model's parts (use compareModelFrameworks(model))",
    );
    this.name = name;
    this.parts = parts;
    this.kerasParamCount = parts.reduce(
      (n, p) => safeAdd(n, p.comparison.keras.paramCount, "Keras parameter count"),
      0,
    );
    const missing = parts.filter((p) => !p.comparison.pytorch && p.comparison.keras.paramCount > 0);
    this.missing = missing.map((p) =>
      `${p.comparison.keras.module}: ${p.comparison.why.join(" ")}`
    );
    this.pytorchParamCount = missing.length > 0 ? undefined : parts.reduce(
      (n, p) => safeAdd(n, p.comparison.pytorch?.paramCount ?? 0, "PyTorch parameter count"),
      0,
    );
    this.difference = this.pytorchParamCount === undefined
      ? 0
      : this.pytorchParamCount - this.kerasParamCount;
  }

  /**
   * Each part, then the totals.
   *
   * @returns Text.
   *
   * @example
   * ```ts
   * import { compareModelFrameworks, Dense, Input, Sequential } from "../mod.ts";
   * import assert from "assert";
   *
   * const text = String(compareModelFrameworks(new Sequential([new Input({ shape: [4] }), new Dense(2)])));
   * assert.match(text, /PyTorch: 10 parameters/);
   * ```
   */
  toString(): string {
    return [
      ...this.parts.flatMap((p) => [String(p.comparison), ""]),
      this.#totals(),
    ].join("\n");
  }

  #totals(): string {
    const keras = `${this.name}: Keras ${fmt(this.kerasParamCount)} parameters`;
    if (this.pytorchParamCount === undefined) {
      return `${keras}; PyTorch's total is not known: ${this.missing.join(" ")}`;
    }
    const d = this.difference;
    return `${keras}, PyTorch: ${fmt(this.pytorchParamCount)} parameters` +
      (d === 0 ? " (the same)." : ` (${d > 0 ? `${fmt(d)} more` : `${fmt(-d)} fewer`}).`);
  }

  /**
   * The parts as HTML, every text escaped.
   *
   * @returns A `<div>`.
   *
   * @example
   * ```ts
   * import { compareModelFrameworks, Dense, Input, Sequential } from "../mod.ts";
   * import assert from "assert";
   *
   * const html = compareModelFrameworks(new Sequential([new Input({ shape: [4] }), new Dense(2)])).toHtml();
   * assert.ok(html.startsWith("<div"));
   * ```
   */
  toHtml(): string {
    return `<div class="paramlab-frameworks-model">${
      this.parts.map((p) => p.comparison.toHtml()).join("")
    }<p><strong>${escapeHtml(this.#totals())}</strong></p></div>`;
  }

  /**
   * What Deno's Jupyter kernel displays.
   *
   * @returns A MIME bundle with the text and the HTML.
   *
   * @example
   * ```ts
   * import { compareModelFrameworks, Dense, Input, JUPYTER_DISPLAY, Sequential } from "../mod.ts";
   * import assert from "assert";
   *
   * const c = compareModelFrameworks(new Sequential([new Input({ shape: [4] }), new Dense(2)]));
   * assert.equal(c[JUPYTER_DISPLAY]()["text/plain"], String(c));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }
}

// A recurrent layer's stacking description, when its counterpart is a recurrent module.
function stackingOf(layer: Layer): PyTorchRecurrentStacking | undefined {
  const c = pytorchCounterpart(layer);
  return c && "module" in c ? (c as PyTorchModule).recurrent : undefined;
}

// Whether `next` can be the layer after `previous` in one torch module.
function stacksOn(previous: PyTorchRecurrentStacking, next: PyTorchRecurrentStacking): boolean {
  const directions = previous.bidirectional ? 2 : 1;
  return previous.stackable && next.stackable && previous.returnSequences &&
    previous.kind === next.kind && previous.hiddenSize === next.hiddenSize &&
    previous.bias === next.bias && previous.bidirectional === next.bidirectional &&
    previous.identity.join() === next.identity.join() &&
    (!previous.bidirectional || previous.mergeMode === "concat") &&
    next.inputSize === directions * previous.hiddenSize;
}

// Whether, in a functional model, `b` reads `a`'s one output and nothing else, and nothing else
// (no other layer, no model output) reads it: torch's stacked module never shows it.
function feedsOnly(model: Model, a: Layer, b: Layer): boolean {
  const nodes = (l: Layer) => l.inboundNodes.filter((n) => model.hasNode(n));
  const [from] = nodes(a), [to] = nodes(b);
  if (nodes(a).length !== 1 || nodes(b).length !== 1 || from.outputs.length !== 1) return false;
  const tensor = from.outputs[0];
  if (to.inputs.length !== 1 || to.inputs[0] !== tensor) return false;
  const readers = model.layers.filter((l) => nodes(l).some((n) => n.inputs.includes(tensor)));
  return readers.length === 1 && !model.outputs.includes(tensor);
}

function dropoutRate(layer: Layer): number | undefined {
  const noise = layer.config.noiseShape;
  return layer.className === "Dropout" && (noise === null || noise === undefined)
    ? layer.config.rate as number
    : undefined;
}

/**
 * Compares a model with PyTorch layer by layer, consecutive identical recurrent layers of a
 * Sequential model as one stacked module: `LSTM(64, returnSequences: true)` three times is
 * `torch.nn.LSTM(n, 64, num_layers=3)`. Layers stack when they are of one kind with the same
 * units, bias, directions and settings (a GRU's `resetAfter`), each but the last returns
 * sequences, none returns its states or runs backwards, a Bidirectional concatenates its
 * directions, and the gaps between them hold the same Dropout (torch's `dropout=`) or nothing.
 *
 * @param model A built model: a Sequential model, or a functional one whose recurrent layers
 * form a chain (each read only by the next, none a model output).
 * @returns The parts and the totals.
 *
 * @example Two bidirectional GRUs with Dropout(0.2) between them
 * ```ts
 * import { Bidirectional, compareModelFrameworks, Dropout, GRU, Input, Sequential } from "../mod.ts";
 * import assert from "assert";
 *
 * const model = new Sequential([
 *   new Input({ shape: [30, 8] }),
 *   new Bidirectional(new GRU(16, { returnSequences: true })),
 *   new Dropout(0.2),
 *   new Bidirectional(new GRU(16)),
 * ]);
 * const c = compareModelFrameworks(model);
 * assert.equal(
 *   c.parts[0].comparison.pytorch?.module,
 *   "torch.nn.GRU(8, 16, num_layers=2, bidirectional=True, dropout=0.2)",
 * );
 * assert.equal(c.difference, 0); // Keras's GRU keeps two biases too (resetAfter)
 * ```
 */
export function compareModelFrameworks(model: ModelBase): ModelFrameworkComparison {
  expectWith(
    "compareModelFrameworks",
    "its model",
    model,
    "a model (a Sequential or a Model)",
    "layers",
  );
  const layers = model.layers.filter((l) => l.className !== "InputLayer");
  // A Sequential model's layers feed each other in order; a functional model's must be a chain.
  const feeds = model instanceof Sequential
    ? () => true
    : model instanceof Model
    ? (a: Layer, b: Layer) => feedsOnly(model, a, b)
    : undefined;
  const parts: FrameworkPart[] = [];
  for (let i = 0; i < layers.length;) {
    const first = feeds ? stackingOf(layers[i]) : undefined;
    const members = [{ layer: layers[i], stacking: first }];
    const covered = [layers[i]];
    let rate: number | undefined | null = null; // null: no gap seen yet
    let j = i + 1;
    while (first && j < layers.length) {
      const gap = dropoutRate(layers[j]);
      const at = gap === undefined ? j : j + 1;
      const next = at < layers.length ? stackingOf(layers[at]) : undefined;
      const last = members[members.length - 1];
      const previous = last.stacking!;
      if (!next || !stacksOn(previous, next) || (rate !== null && rate !== gap)) break;
      const linked = gap === undefined
        ? feeds!(last.layer, layers[at])
        : feeds!(last.layer, layers[j]) && feeds!(layers[j], layers[at]);
      if (!linked) break;
      rate = gap;
      if (gap !== undefined) covered.push(layers[j]);
      covered.push(layers[at]);
      members.push({ layer: layers[at], stacking: next });
      j = at + 1;
    }
    if (members.length === 1) {
      parts.push({ layers: [layers[i]], comparison: compareFrameworks(layers[i]) });
      i++;
      continue;
    }
    parts.push({
      layers: covered,
      comparison: stackComparison(
        members.map((m) => m.layer),
        members.map((m) => m.stacking!),
        rate ?? undefined,
      ),
    });
    i = j;
  }
  return new ModelFrameworkComparison(model.name, parts);
}

const GATES = { LSTM: 4, GRU: 3, RNN: 1 } as const;

function stackComparison(
  layers: readonly Layer[],
  stacking: readonly PyTorchRecurrentStacking[],
  dropout: number | undefined,
): FrameworkComparison {
  const [s] = stacking;
  const n = layers.length;
  const last = stacking[n - 1];
  const directions = s.bidirectional ? 2 : 1;
  const macs = layers.map((l) => {
    try {
      return l.macs();
    } catch {
      return undefined;
    }
  });
  const known = macs.every((m) => m !== undefined);
  const total = macs.reduce((a: number, m) => a + (m ?? 0), 0);
  const className = layers[0].className === "Bidirectional"
    ? `Bidirectional(${(layers[0] as unknown as { forwardLayer: Layer }).forwardLayer.className})`
    : layers[0].className;
  const keras: FrameworkSide = {
    framework: "Keras",
    module: `${layers.map((l) => l.name).join(", ")} (${n} × ${className})`,
    weights: layers.flatMap((l) =>
      l.weights().map((w) => pytorchTensor(`${l.name}/${w.name}`, w.shape))
    ),
    paramCount: layers.reduce((a, l) => a + l.paramCount(), 0),
    buffers: [],
    ...(known ? { macs: total } : {}),
  };
  const relu = s.kind === "RNN" && s.identity.includes("activation=relu");
  const args = [
    String(s.inputSize),
    String(s.hiddenSize),
    `num_layers=${n}`,
    ...(s.bias ? [] : ["bias=False"]),
    ...(s.bidirectional ? ["bidirectional=True"] : []),
    ...(dropout ? [`dropout=${dropout}`] : []),
    ...(relu ? ["nonlinearity='relu'"] : []),
  ];
  const weights = pytorchRecurrentWeights({
    kind: s.kind,
    inputSize: s.inputSize,
    hiddenSize: s.hiddenSize,
    numLayers: n,
    bidirectional: s.bidirectional,
    bias: s.bias,
  });
  const pytorch: FrameworkSide = {
    framework: "PyTorch",
    module: `torch.nn.${s.kind}(${args.join(", ")})`,
    weights,
    paramCount: weights.reduce((a, w) => a + w.size, 0),
    buffers: [],
    ...(known ? { macs: total } : {}),
  };
  const g = GATES[s.kind];
  const h = s.hiddenSize;
  const inner = directions * h;
  const resetAfter = s.identity.includes("resetAfter=true");
  const why = [
    `Keras's ${n} ${className} layers are one ${pytorch.module}: torch stacks num_layers = ${n} ` +
    `layers, layer k reading layer k − 1's output sequence, as each Keras layer with ` +
    `returnSequences: true feeds the next. weight_ih_l0 reads the ${s.inputSize} input ` +
    `features; weight_ih_l1 onwards read ${inner}${
      s.bidirectional ? ` (both directions concatenated, 2 × ${h})` : ""
    }, as the Keras layers after the first do.`,
    !s.bias
      ? `Without bias both frameworks hold the same matrices: the same count.`
      : s.kind === "GRU" && resetAfter
      ? `The same count: torch keeps two bias vectors per layer and direction (bias_ih_l[k] ` +
        `and bias_hh_l[k], ${g} × ${h} each), and so does Keras's GRU with resetAfter (its ` +
        `default), in its bias of shape (2, ${g * h}).`
      : `torch keeps two bias vectors per layer and direction, bias_ih_l[k] and bias_hh_l[k] ` +
        `(${g} × ${h} each), where Keras keeps one: ${n} layers${
          directions > 1 ? ` × 2 directions` : ""
        } × ${g} × ${h} = ${fmt(n * directions * g * h)} more. Per layer and direction: Keras ` +
        `(n + ${h})·${g * h} + ${g * h}, torch (n + ${h})·${g * h} + 2·${g * h}, with n = ` +
        `${s.inputSize} for the first layer and ${inner} after.`,
    ...(dropout
      ? [
        `Keras's Dropout(${dropout}) between the layers is torch's dropout=${dropout}, which it ` +
        `applies to the output of every layer but the last; it has no parameters.`,
      ]
      : []),
    ...(last.returnSequences ? [] : [
      `The last Keras layer returns only its final state: torch returns every step (output) ` +
      `and the final states (h_n), so the Keras output is ${
        s.bidirectional
          ? `torch.cat((h_n[-2], h_n[-1]), dim=-1), both directions' final states`
          : `h_n[-1], equal to output[:, -1] with batch_first=True`
      }.`,
    ]),
    ...(known
      ? [
        `Compute, one example: ${fmt(total)} MACs in both (the same matrix products; FLOPs = ` +
        `2 × MACs).`,
      ]
      : []),
  ];
  return new FrameworkComparison(keras, pytorch, why);
}
