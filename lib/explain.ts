/**
 * Why a layer has the parameters it has: its weight tensors, the formula they add up to (with
 * symbols, with numbers, and in the compact form the documents use), the split per gate for
 * recurrent cells, and what wrappers share. Everything is read from the layer's own weight
 * tensors (`layer.weights()`): the formula is the structure of those shapes, never a second,
 * hand-written count that could drift from them.
 *
 * @module
 */

import type { Layer, Weight } from "./layers/base.ts";
import { escapeHtml } from "./html.ts";
import { formatShape, type Shape } from "./shape.ts";
import { JUPYTER_DISPLAY } from "./summary/summary.ts";
import { evaluate, type Expr, product, render, sum, term } from "./explain/_formula.ts";

/** A weight tensor of the layer, with what it holds in words. */
export interface WeightTerm extends Weight {
  /** What the tensor's axes are, e.g. `13 input features × (4 gates × 5 units)`. */
  readonly role: string;
}

/** A symbol of the formula and its value, e.g. `n = 13` (input features). */
export interface Variable {
  /** The symbol, e.g. `"n"`. */
  readonly symbol: string;
  /** Its value for this layer. */
  readonly value: number;
  /** What it stands for, e.g. `"input features"`. */
  readonly meaning: string;
}

/** One gate block of a recurrent cell: its slice of the kernel, recurrent kernel and bias. */
export interface GateTerm {
  /** The gate's name, e.g. `"forget gate"` or `"cell candidate"`. */
  readonly name: string;
  /** Its slice of the kernel: (input features, units). */
  readonly kernelShape: readonly [number, number];
  /** Its slice of the recurrent kernel: (units, units). */
  readonly recurrentKernelShape: readonly [number, number];
  /** Its biases: `units`, twice that for GRU with `resetAfter`, 0 without bias. */
  readonly biasSize: number;
  /** Its parameter count. */
  readonly size: number;
  /** Its formula with symbols, e.g. `(n + m) × m + m`. */
  readonly symbolic: string;
  /** Its formula with numbers, e.g. `(13 + 5) × 5 + 5 = 95`. */
  readonly numeric: string;
}

/** How a wrapper relates to the layer it wraps. */
export interface InnerExplanation {
  /**
   * `"shared over time"` for TimeDistributed (one set of weights used at every step), `"two
   * copies"` for Bidirectional (a forward and a backward layer, each with its own weights).
   */
  readonly relation: "shared over time" | "two copies";
  /** How many sets of the inner layer's weights the wrapper holds. */
  readonly copies: number;
  /** The inner layer's explanation. */
  readonly explanation: Explanation;
}

/** Everything an {@linkcode Explanation} says: its fields, without its methods. */
export type ExplanationParts = {
  readonly [
    K in keyof Explanation as Explanation[K] extends (...args: never[]) => unknown ? never
      : K
  ]: Explanation[K];
};

/** The formula trees behind each explanation, for wrappers that build on them. */
const TREES = new WeakMap<Explanation, { formula: Expr; expanded: Expr }>();

function treesOf(e: Explanation): { formula: Expr; expanded: Expr } {
  return TREES.get(e)!;
}

/**
 * Why a layer has its parameter count. Prints as text; displays as HTML in Jupyter.
 *
 * @example Seed 000's first LSTM: 13 features, 5 units
 * ```ts
 * import { LSTM } from "../mod.ts";
 * import assert from "assert";
 *
 * const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
 * assert.deepEqual(e.weights.map((w) => [w.name, w.size]), [
 *   ["kernel", 260],
 *   ["recurrent_kernel", 100],
 *   ["bias", 20],
 * ]);
 * assert.equal(e.symbolic, "4 × ((n + m) × m + m)");
 * assert.equal(e.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
 * assert.equal(e.expanded, "4 × (13×5 + 5×5 + 5)");
 * assert.equal(e.annotation, "4*(13*5 + 5*5 + 5)");
 * ```
 */
export class Explanation {
  /** The layer's name. */
  declare readonly layerName: string;
  /** The layer's class, e.g. `"LSTM"`. */
  declare readonly className: string;
  /** The input shape the layer was built for. */
  declare readonly inputShape: Shape;
  /** The parameter count: the sum of the weights' sizes. */
  declare readonly paramCount: number;
  /** The parameters training updates. */
  declare readonly trainableParamCount: number;
  /** The parameters training does not update. */
  declare readonly nonTrainableParamCount: number;
  /** The weight tensors, in Keras's order, each with what it holds. */
  declare readonly weights: readonly WeightTerm[];
  /** The formula's symbols and their values. */
  declare readonly variables: readonly Variable[];
  /** The formula with symbols, e.g. `4 × ((n + m) × m + m)`; `0` for a layer without weights. */
  declare readonly symbolic: string;
  /** The formula with numbers and its value, e.g. `4 × ((13 + 5) × 5 + 5) = 380`. */
  declare readonly numeric: string;
  /** The documents' equivalent form, e.g. `4 × (13×5 + 5×5 + 5)` or `13×5 + 5`. */
  declare readonly expanded: string;
  /** The annotation seed 000 writes beside a summary row, e.g. `4*(13*5 + 5*5 + 5)`. */
  declare readonly annotation: string;
  /** For a recurrent cell, its gate blocks in kernel column order; otherwise empty. */
  declare readonly gates: readonly GateTerm[];
  /** For a wrapper, the layer it wraps and how. */
  declare readonly inner: InnerExplanation | undefined;
  /** Why, in sentences. */
  declare readonly why: readonly string[];

  /**
   * Use {@linkcode explainLayer} or `layer.explain()`; this assembles the parts.
   *
   * @param parts What the explanation says.
   */
  constructor(parts: ExplanationParts) {
    Object.assign(this, parts);
  }

  /**
   * The explanation as text.
   *
   * @returns Several lines: the weights, the formula three ways, the gates, the inner layer, why.
   *
   * @example
   * ```ts
   * import { Dense } from "../mod.ts";
   * import assert from "assert";
   *
   * const text = String(new Dense({ units: 5, inputShape: [13] }).explain());
   * assert.match(text, /n × m \+ m/);
   * assert.match(text, /13 × 5 \+ 5 = 70/);
   * ```
   */
  toString(): string {
    return textLines(this, "").join("\n");
  }

  /**
   * The explanation as HTML, every text escaped.
   *
   * @returns A `<div>` with a table of the weights and the formulas.
   *
   * @example
   * ```ts
   * import { Dense } from "../mod.ts";
   * import assert from "assert";
   *
   * const html = new Dense({ units: 5, inputShape: [13], name: "<b>" }).explain().toHtml();
   * assert.ok(html.includes("&lt;b&gt;"));
   * assert.ok(!html.includes("<b>"));
   * ```
   */
  toHtml(): string {
    return htmlOf(this);
  }

  /**
   * What Deno's Jupyter kernel displays: the text and the HTML.
   *
   * @returns A MIME bundle.
   *
   * @example
   * ```ts
   * import { Dropout, JUPYTER_DISPLAY } from "../mod.ts";
   * import assert from "assert";
   *
   * const e = new Dropout({ rate: 0.5, inputShape: [10] }).explain();
   * const bundle = e[JUPYTER_DISPLAY]();
   * assert.equal(bundle["text/plain"], String(e));
   * assert.ok(bundle["text/html"].startsWith("<div"));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    return { "text/plain": this.toString(), "text/html": this.toHtml() };
  }
}

/**
 * Explains a built layer's parameter count from its weight tensors.
 *
 * @param layer Any layer; it is built from its declared input shape if it has not been built.
 * @returns The explanation.
 * @throws {Error} When the layer has no input shape to be built for.
 *
 * @example Why Dropout has none, and what BatchNormalization keeps
 * ```ts
 * import { BatchNormalization, Dropout, explainLayer } from "../mod.ts";
 * import assert from "assert";
 *
 * const dropout = explainLayer(new Dropout({ rate: 0.5, inputShape: [100, 64] }));
 * assert.equal(dropout.paramCount, 0);
 * assert.match(dropout.why.join(" "), /nothing is learned/i);
 *
 * const bn = explainLayer(new BatchNormalization({ inputShape: [64] }));
 * assert.equal(bn.symbolic, "4 × f");
 * assert.deepEqual(bn.weights.filter((w) => !w.trainable).map((w) => w.name), [
 *   "moving_mean",
 *   "moving_variance",
 * ]);
 * ```
 */
export function explainLayer(layer: Layer): Explanation {
  const weights = layer.weights();
  const base = {
    layerName: layer.name,
    className: layer.className,
    inputShape: layer.inputShape(),
    paramCount: layer.paramCount(),
    trainableParamCount: layer.trainableParamCount(),
    nonTrainableParamCount: layer.nonTrainableParamCount(),
  };
  const analysis = analyse(layer, weights);
  const frozen = !layer.trainable && base.paramCount > 0
    ? [`The layer is frozen (trainable: false), so all ${base.paramCount} are non-trainable.`]
    : [];
  const checked = evaluate(analysis.formula) === base.paramCount &&
      evaluate(analysis.expanded) === base.paramCount
    ? analysis
    : generic(weights);
  const numeric = render(checked.formula, "numeric");
  const explanation = new Explanation({
    ...base,
    weights: checked.weights,
    variables: checked.variables,
    symbolic: render(checked.formula, "symbolic"),
    numeric: numeric === String(base.paramCount) ? numeric : `${numeric} = ${base.paramCount}`,
    expanded: render(checked.expanded, "compact"),
    annotation: render(checked.expanded, "ascii"),
    gates: checked.gates,
    inner: checked.inner,
    why: [...checked.why, ...frozen],
  });
  TREES.set(explanation, { formula: checked.formula, expanded: checked.expanded });
  return explanation;
}

interface Analysis {
  readonly weights: readonly WeightTerm[];
  readonly variables: readonly Variable[];
  readonly formula: Expr;
  readonly expanded: Expr;
  readonly gates: readonly GateTerm[];
  readonly inner: InnerExplanation | undefined;
  readonly why: readonly string[];
}

function analyse(layer: Layer, weights: readonly Weight[]): Analysis {
  const wrapped = wrapperOf(layer);
  if (wrapped) return wrapped;
  if (weights.length === 0) return noWeights(layer);
  return recurrent(layer, weights) ?? dense(layer, weights) ?? convolution(weights) ??
    embedding(weights) ?? vectors(layer, weights) ?? generic(weights);
}

// ---------------------------------------------------------------------------------------------
// Wrappers: read through duck typing, so this module needs no layer class at load time.

interface TimeDistributedLike {
  readonly layer: Layer;
}
interface BidirectionalLike {
  readonly forwardLayer: Layer;
  readonly backwardLayer: Layer;
}

function wrapperOf(layer: Layer): Analysis | undefined {
  if (layer.className === "TimeDistributed" && "layer" in layer) {
    const innerLayer = (layer as unknown as TimeDistributedLike).layer;
    const inner = explainLayer(innerLayer);
    const steps = layer.inputShape()[1];
    const stepText = steps === null ? "however many steps there are" : `all ${steps} of them`;
    const why = inner.paramCount === 0
      ? [
        `TimeDistributed applies one ${inner.className} to every time step. ${inner.why.join(" ")}`,
      ]
      : [
        `TimeDistributed applies one ${inner.className} to every time step with the same ` +
        `weights, so it holds exactly the ${inner.className}'s ${inner.paramCount} parameters ` +
        `for one step's input ${formatShape(inner.inputShape)}, shared by ${stepText}: the ` +
        `count does not depend on the number of steps.`,
      ];
    return {
      weights: inner.weights,
      variables: inner.variables,
      formula: treesOf(inner).formula,
      expanded: treesOf(inner).expanded,
      gates: inner.gates,
      inner: { relation: "shared over time", copies: 1, explanation: inner },
      why,
    };
  }
  if (layer.className === "Bidirectional" && "forwardLayer" in layer && "backwardLayer" in layer) {
    const { forwardLayer, backwardLayer } = layer as unknown as BidirectionalLike;
    const inner = explainLayer(forwardLayer);
    const two = term(2);
    return {
      weights: [forwardLayer, backwardLayer].flatMap((copy) =>
        explainLayer(copy).weights.map((w) => ({ ...w, name: `${copy.name}/${w.name}` }))
      ),
      variables: inner.variables,
      formula: product(two, treesOf(inner).formula),
      expanded: product(two, treesOf(inner).expanded),
      gates: inner.gates,
      inner: { relation: "two copies", copies: 2, explanation: inner },
      why: [
        `Bidirectional runs two ${inner.className} layers over the sequence, ` +
        `${forwardLayer.name} forwards and ${backwardLayer.name} backwards, each with its own ` +
        `weights: twice ${inner.paramCount}.`,
      ],
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Layers without weights.

const NO_WEIGHTS: Record<string, string> = {
  InputLayer: "An input layer only declares the shape of the data; it computes nothing.",
  Dropout: "Dropout sets a random fraction (the rate) of its inputs to zero while training and " +
    "passes everything through at inference. Nothing is learned, so it has no weights.",
  Flatten: "Flatten only rearranges the values into one axis; a reshape has nothing to learn.",
  Activation: "An activation applies a fixed function to every value; nothing is learned.",
  RepeatVector: "RepeatVector copies its input a fixed number of times; nothing is learned.",
};

function noWeights(layer: Layer): Analysis {
  const className = layer.className;
  let why = NO_WEIGHTS[className];
  if (!why && className.includes("Pooling")) {
    const op = className.includes("Max") ? "maximum" : "average";
    const over = className.startsWith("Global") ? "all positions" : "each window";
    why = `A pooling layer takes the ${op} over ${over}: a fixed operation, so nothing is ` +
      `learned and it has no weights. It changes the shape, not the count.`;
  }
  return {
    weights: [],
    variables: [],
    formula: term(0),
    expanded: term(0),
    gates: [],
    inner: undefined,
    why: [why ?? `${className} creates no weight tensors, so it has nothing to learn.`],
  };
}

// ---------------------------------------------------------------------------------------------
// Recurrent cells: kernel (n, g·m), recurrent kernel (m, g·m), bias (g·m) or (2, g·m).

const GATE_LABELS: Record<string, string> = {
  input: "input gate",
  forget: "forget gate",
  cell: "cell candidate",
  output: "output gate",
  update: "update gate",
  reset: "reset gate",
  candidate: "candidate",
  state: "state",
};

function recurrent(layer: Layer, weights: readonly Weight[]): Analysis | undefined {
  const kernel = weights.find((w) => w.name === "kernel");
  const recurrentKernel = weights.find((w) => w.name === "recurrent_kernel");
  const bias = weights.find((w) => w.name === "bias");
  if (!kernel || !recurrentKernel || kernel.shape.length !== 2) return undefined;
  if (recurrentKernel.shape.length !== 2) return undefined;
  if (weights.length !== (bias ? 3 : 2)) return undefined;
  const [n, width] = kernel.shape;
  const m = recurrentKernel.shape[0];
  if (recurrentKernel.shape[1] !== width || width % m !== 0) return undefined;
  const g = width / m;
  let biasRows = 0;
  if (bias) {
    if (bias.shape.length === 1 && bias.shape[0] === width) biasRows = 1;
    else if (bias.shape.length === 2 && bias.shape[1] === width) biasRows = bias.shape[0];
    else return undefined;
  }
  const declared = (layer as unknown as { gates?: readonly string[] }).gates;
  const gateNames = declared?.length === g
    ? declared.map((gate) => GATE_LABELS[gate] ?? gate)
    : Array.from({ length: g }, (_, i) => `block ${i + 1}`);

  const nT = term(n, "n");
  const mT = term(m, "m");
  const biasTerm = biasRows === 0 ? [] : [biasRows === 1 ? mT : product(term(biasRows), mT)];
  const gateFormula = sum(product(sum(nT, mT), mT), ...biasTerm);
  const gateExpanded = sum(product(nT, mT), product(mT, mT), ...biasTerm);
  const times = (e: Expr) => (g === 1 ? e : product(term(g), e));
  const gateSize = evaluate(gateFormula);
  const gates: GateTerm[] = gateNames.map((name) => ({
    name,
    kernelShape: [n, m],
    recurrentKernelShape: [m, m],
    biasSize: biasRows * m,
    size: gateSize,
    symbolic: render(gateFormula, "symbolic"),
    numeric: `${render(gateFormula, "numeric")} = ${gateSize}`,
  }));

  const blocks = g === 1 ? `${m} units` : `(${g} gate blocks × ${m} units)`;
  const roles: Record<string, string> = {
    kernel: `${n} input features × ${blocks}`,
    recurrent_kernel: `${m} values of the previous hidden state × ${blocks}`,
    bias: biasRows === 2
      ? `2 rows of ${g} × ${m}: a bias for the input product and one for the recurrent ` +
        `product (resetAfter)`
      : `one per unit of each block: ${g === 1 ? m : `${g} × ${m}`}`,
  };
  const cell = `[input (n = ${n}), previous hidden state (m = ${m})]`;
  const blocksText = g === 1
    ? `one block`
    : `${g} gate blocks (${gateNames.join(", ")}), laid side by side in the kernel columns`;
  const perBlock = biasRows === 2
    ? `plus two biases per unit (input and recurrent, because of resetAfter)`
    : biasRows === 1
    ? `plus one bias per unit`
    : `and no bias (useBias: false)`;
  const steps = layer.inputShape()[1];
  return {
    weights: weights.map((w) => ({ ...w, role: roles[w.name] ?? "" })),
    variables: [
      { symbol: "n", value: n, meaning: "input features" },
      { symbol: "m", value: m, meaning: "units, the size of the hidden state" },
    ],
    formula: times(gateFormula),
    expanded: times(gateExpanded),
    gates: g === 1 ? [] : gates,
    inner: undefined,
    why: [
      `${layer.className} has ${blocksText}. Each maps the concatenation ${cell} to m = ${m} ` +
      `values, ${perBlock}: ${render(gateFormula, "symbolic")} = ${gateSize} per block.`,
      `One cell is reused at every time step${
        steps === null ? "" : ` (all ${steps} of them)`
      }, so the count depends on n and m only, never on the sequence length.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Dense: kernel (n, m) and bias (m).

function dense(layer: Layer, weights: readonly Weight[]): Analysis | undefined {
  const kernel = weights[0];
  if (kernel.name !== "kernel" || kernel.shape.length !== 2) return undefined;
  const [n, m] = kernel.shape;
  const bias = weights[1];
  if (weights.length > 2) return undefined;
  if (bias && !(bias.name === "bias" && bias.shape.length === 1 && bias.shape[0] === m)) {
    return undefined;
  }
  const nT = term(n, "n");
  const mT = term(m, "m");
  const formula = bias ? sum(product(nT, mT), mT) : product(nT, mT);
  const input = layer.inputShape();
  const positions = input.slice(1, -1);
  const shared = positions.length > 0
    ? [
      `Dense acts on the last axis only: the same weights are applied at every one of the ` +
      `${positions.map((d) => d ?? "None").join(" × ")} positions before it.`,
    ]
    : [];
  return {
    weights: weights.map((w) => ({
      ...w,
      role: w.name === "kernel" ? `${n} input features × ${m} units` : `one per unit`,
    })),
    variables: [
      { symbol: "n", value: n, meaning: "input features" },
      { symbol: "m", value: m, meaning: "units" },
    ],
    formula,
    expanded: formula,
    gates: [],
    inner: undefined,
    why: [
      `Each of the m = ${m} units has one weight per input feature (n = ${n})${
        bias ? " and one bias" : " and no bias (useBias: false)"
      }: ${render(formula, "symbolic")}.`,
      ...shared,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Convolutions: kernel (k…, c, f) and bias (f).

const WINDOW_SYMBOLS: Record<number, readonly string[]> = {
  1: ["k"],
  2: ["kh", "kw"],
  3: ["kd", "kh", "kw"],
};

function convolution(weights: readonly Weight[]): Analysis | undefined {
  const kernel = weights[0];
  if (kernel.name !== "kernel" || kernel.shape.length < 3 || weights.length > 2) return undefined;
  const window = kernel.shape.slice(0, -2);
  const [c, f] = kernel.shape.slice(-2);
  const bias = weights[1];
  if (bias && !(bias.name === "bias" && bias.shape.length === 1 && bias.shape[0] === f)) {
    return undefined;
  }
  const symbols = WINDOW_SYMBOLS[window.length] ?? window.map((_, i) => `k${i + 1}`);
  const windowTerms = window.map((k, i) => term(k, symbols[i]));
  const fT = term(f, "f");
  const kernelTerm = product(...windowTerms, term(c, "c"), fT);
  const formula = bias ? sum(kernelTerm, fT) : kernelTerm;
  const windowText = window.join(" × ");
  return {
    weights: weights.map((w) => ({
      ...w,
      role: w.name === "kernel"
        ? `a ${windowText} window × ${c} input channels, for each of ${f} filters`
        : `one per filter`,
    })),
    variables: [
      ...window.map((k, i) => ({
        symbol: symbols[i],
        value: k,
        meaning: window.length === 1 ? "kernel size" : `kernel size on axis ${i + 1}`,
      })),
      { symbol: "c", value: c, meaning: "input channels" },
      { symbol: "f", value: f, meaning: "filters" },
    ],
    formula,
    expanded: formula,
    gates: [],
    inner: undefined,
    why: [
      `Each of the f = ${f} filters has a ${windowText} window over all c = ${c} input ` +
      `channels${bias ? ", plus a bias" : ""}. The same window slides over every position, so ` +
      `the count does not depend on the input's length or size.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Embedding: one row per token id.

function embedding(weights: readonly Weight[]): Analysis | undefined {
  const table = weights[0];
  if (weights.length !== 1 || table.name !== "embeddings" || table.shape.length !== 2) {
    return undefined;
  }
  const [v, d] = table.shape;
  const formula = product(term(v, "v"), term(d, "d"));
  return {
    weights: [{ ...table, role: `one vector of ${d} numbers for each of ${v} token ids` }],
    variables: [
      { symbol: "v", value: v, meaning: "vocabulary size, inputDim" },
      { symbol: "d", value: d, meaning: "vector size, outputDim" },
    ],
    formula,
    expanded: formula,
    gates: [],
    inner: undefined,
    why: [
      `An embedding is a lookup table: one row of d = ${d} numbers per token id, v = ${v} ` +
      `rows. The sequence length does not matter.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Normalization: vectors of one value per feature.

const VECTOR_ROLES: Record<string, string> = {
  gamma: "scale, one per feature",
  beta: "offset, one per feature",
  moving_mean: "running mean of each feature, updated by averaging, not by gradients",
  moving_variance: "running variance of each feature, updated by averaging, not by gradients",
};

function vectors(layer: Layer, weights: readonly Weight[]): Analysis | undefined {
  const f = weights[0].shape[0];
  if (!weights.every((w) => w.shape.length === 1 && w.shape[0] === f)) return undefined;
  const fT = term(f, "f");
  const formula = weights.length === 1 ? fT : product(term(weights.length), fT);
  const trainable = weights.filter((w) => w.trainable).map((w) => w.name);
  const frozen = weights.filter((w) => !w.trainable).map((w) => w.name);
  const names = (list: string[]) => list.join(" and ");
  const why = [
    `${layer.className} keeps ${weights.length} vector${
      weights.length === 1 ? "" : "s"
    } of f = ${f} values, one per feature on the last axis: ${
      weights.map((w) => w.name).join(", ")
    }.`,
  ];
  if (trainable.length > 0) why.push(`${names(trainable)}: learned, trainable.`);
  if (frozen.length > 0) {
    why.push(
      `${names(frozen)}: ${
        layer.trainable
          ? "statistics, updated by moving averages during training rather than by gradients, " +
            "so non-trainable"
          : "non-trainable"
      } (${frozen.length} × ${f} = ${frozen.length * f}).`,
    );
  }
  return {
    weights: weights.map((w) => ({ ...w, role: VECTOR_ROLES[w.name] ?? "one per feature" })),
    variables: [{ symbol: "f", value: f, meaning: "features on the last axis" }],
    formula,
    expanded: formula,
    gates: [],
    inner: undefined,
    why,
  };
}

// ---------------------------------------------------------------------------------------------
// Anything else: the sum of the weights' sizes.

function generic(weights: readonly Weight[]): Analysis {
  const terms = weights.map((w) => product(...w.shape.map((d) => term(d))));
  const formula = terms.length === 0 ? term(0) : sum(...terms);
  return {
    weights: weights.map((w) => ({ ...w, role: "" })),
    variables: [],
    formula,
    expanded: formula,
    gates: [],
    inner: undefined,
    why: [
      `The count is the sum of the sizes of its weight tensors: ${
        weights.map((w) => `${w.name} ${formatShape(w.shape)}`).join(", ") || "none"
      }.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Text and HTML.

function countText(e: Explanation): string {
  const plural = e.paramCount === 1 ? "parameter" : "parameters";
  if (e.paramCount === 0) return `0 parameters`;
  if (e.nonTrainableParamCount === 0) return `${e.paramCount} ${plural}, all trainable`;
  if (e.trainableParamCount === 0) return `${e.paramCount} ${plural}, all non-trainable`;
  return `${e.paramCount} ${plural}: ${e.trainableParamCount} trainable, ` +
    `${e.nonTrainableParamCount} non-trainable`;
}

function variablesText(e: Explanation): string {
  return e.variables.map((v) => `${v.symbol} = ${v.value} (${v.meaning})`).join(", ");
}

function gatesText(e: Explanation): string | undefined {
  if (e.gates.length === 0) return undefined;
  const first = e.gates[0];
  return `${e.gates.length} blocks, each ${first.symbolic} = ${first.numeric}: ` +
    e.gates.map((g) => g.name).join(", ");
}

function table(rows: readonly string[][]): string[] {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => r[i].length)));
  return rows.map((r) =>
    r.map((cell, i) => (i === 2 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join("  ").trimEnd()
  );
}

function textLines(e: Explanation, indent: string): string[] {
  const lines = [`${e.layerName} (${e.className}): ${countText(e)}`];
  const body: string[] = [];
  if (e.weights.length > 0) {
    body.push("weights:");
    body.push(
      ...table(e.weights.map((w) => [
        w.name,
        formatShape(w.shape),
        String(w.size),
        w.trainable ? "trainable" : "non-trainable",
        w.role,
      ])).map((line) => `  ${line}`),
    );
    body.push(`formula:  ${e.symbolic}`);
    if (e.variables.length > 0) body.push(`          with ${variablesText(e)}`);
    body.push(`        = ${e.numeric}`);
    if (e.expanded !== render(treesOf(e).formula, "numeric")) {
      body.push(`        = ${e.expanded}  (as the documents write it)`);
    }
    const gates = gatesText(e);
    if (gates) body.push(`gates:    ${gates}`);
  }
  body.push(...e.why.map((sentence) => `why: ${sentence}`));
  if (e.inner) {
    body.push(
      e.inner.relation === "shared over time"
        ? "inner layer (one copy, shared over time):"
        : "inner layer (two copies, forward and backward):",
    );
    body.push(...textLines(e.inner.explanation, "  "));
  }
  return [...lines, ...body.map((l) => `  ${l}`)].map((l) => indent + l);
}

function htmlOf(e: Explanation): string {
  const esc = escapeHtml;
  // Jupyter's stylesheets right-align table cells; every cell says how it aligns.
  const left = `style="text-align:left;padding:2px 10px"`;
  const right = `style="text-align:right;padding:2px 10px"`;
  const parts = [
    `<div class="paramlab-explanation">`,
    `<p><strong>${esc(e.layerName)}</strong> (${esc(e.className)}): ${esc(countText(e))}</p>`,
  ];
  if (e.weights.length > 0) {
    parts.push(
      `<table><thead><tr><th ${left}>weight</th><th ${left}>shape</th><th ${right}>size</th>` +
        `<th ${left}>trainable</th><th ${left}>what it holds</th></tr></thead><tbody>`,
    );
    for (const w of e.weights) {
      parts.push(
        `<tr><td ${left}><code>${esc(w.name)}</code></td><td ${left}>${
          esc(formatShape(w.shape))
        }</td><td ${right}>${w.size}</td><td ${left}>${w.trainable ? "yes" : "no"}</td>` +
          `<td ${left}>${esc(w.role)}</td></tr>`,
      );
    }
    parts.push(`</tbody></table>`);
    const vars = e.variables.length > 0 ? ` with ${esc(variablesText(e))}` : "";
    const asWritten = e.expanded !== render(treesOf(e).formula, "numeric")
      ? `<br>= <code>${esc(e.expanded)}</code> (as the documents write it)`
      : "";
    parts.push(
      `<p>formula: <code>${esc(e.symbolic)}</code>${vars}<br>` +
        `= <code>${esc(e.numeric)}</code>${asWritten}</p>`,
    );
    const gates = gatesText(e);
    if (gates) parts.push(`<p>gates: ${esc(gates)}</p>`);
  }
  for (const sentence of e.why) parts.push(`<p>${esc(sentence)}</p>`);
  if (e.inner) {
    parts.push(
      `<p>${
        esc(
          e.inner.relation === "shared over time"
            ? "Inner layer, shared over time:"
            : "Inner layer, two copies:",
        )
      }</p>`,
    );
    parts.push(`<div style="margin-left:1.5em">${htmlOf(e.inner.explanation)}</div>`);
  }
  parts.push(`</div>`);
  return parts.join("\n");
}
