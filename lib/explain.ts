/**
 * Why a layer has the parameters it has: its weight tensors, the formula they add up to (with
 * symbols, with numbers, and in the compact form the documents use), the split per gate for
 * recurrent cells, and what wrappers share. Everything is read from the layer's own weight
 * tensors (`layer.weights()`): the formula is the structure of those shapes, never a second,
 * hand-written count that could drift from them.
 *
 * @module
 */

import { countWeights } from "./layers/totals.ts";
import { installExplainer, type Layer, type Weight } from "./layers/base.ts";
import type { WrapperDeclaration, WrapperRelation } from "./layers/kind.ts";
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
  readonly relation: WrapperRelation;
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
  return explain(layer);
}

installExplainer(explain);

/**
 * Where a layer called more than once in a graph is reused: every call reads the same weights,
 * so a model counts them once, as Keras does.
 */
function reuse(layer: Layer): string[] {
  const calls = layer.inboundNodes.filter((node) => node.inputs.length > 0);
  if (calls.length < 2) return [];
  const on = calls.map((node) =>
    node.inputs.map((tensor) => `${tensor.node.layer.name}[${tensor.node.index}][${tensor.index}]`)
      .join(" + ")
  );
  const listed = on.length > 4 ? [...on.slice(0, 4), "…"] : on;
  return [
    `It is called ${calls.length} times (on ${listed.join(", ")}) and every call uses the same ` +
    `weights, so ${
      layer.paramCount() === 0 ? "it adds nothing" : `its ${layer.paramCount()} count once`
    } in a model's total, as in Keras.`,
  ];
}

function explain(layer: Layer): Explanation {
  const weights = layer.weights();
  const split = countWeights([layer]);
  const base = {
    layerName: layer.name,
    className: layer.className,
    inputShape: layer.inputShape(),
    paramCount: layer.paramCount(),
    // What training updates, weight by weight (as a model's totals count it): a wrapper created
    // frozen keeps its wrapped layer's weights trainable, though Keras lists none for its row.
    trainableParamCount: split.trainable,
    nonTrainableParamCount: split.nonTrainable,
  };
  const analysis = analyse(layer, weights);
  // Keras 3 keeps a wrapped layer's variables trainable when the wrapper is created with
  // trainable=False (its summary counts them as trainable); only the setter freezes them.
  const frozen = layer.trainable || base.paramCount === 0
    ? []
    : base.trainableParamCount === 0
    ? [`The layer is frozen (trainable: false), so all ${base.paramCount} are non-trainable.`]
    : [
      `It was created with trainable: false, but as in Keras 3 the layer it wraps keeps its ` +
      `weights trainable (Keras's summary counts all ${base.trainableParamCount} as trainable); ` +
      `set trainable to false after creating it to freeze them.`,
    ];
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
    why: [...checked.why, ...frozen, ...reuse(layer)],
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
  const { wrapper } = layer.kind;
  const gates = layer.kind.gates ?? layer.kind.gatesOf?.(layer);
  if (wrapper) return wrapped(layer, wrapper);
  if (weights.length === 0) return noWeights(layer);
  return (gates ? gated(layer, weights, gates) : undefined) ?? declared(layer, weights) ??
    generic(weights);
}

// ---------------------------------------------------------------------------------------------
// Wrappers: the layers they hold, as their declaration gives them.

function wrapped(layer: Layer, wrapper: WrapperDeclaration): Analysis {
  const copies = wrapper.layers(layer);
  const inner = explainLayer(copies[0]);
  if (wrapper.relation === "shared over time") {
    const steps = layer.inputShape()[1];
    const stepText = steps === null ? "however many steps there are" : `all ${steps} of them`;
    const why = inner.paramCount === 0
      ? [
        `${layer.className} applies one ${inner.className} to every time step. ${
          inner.why.join(" ")
        }`,
      ]
      : [
        `${layer.className} applies one ${inner.className} to every time step with the same ` +
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
      inner: { relation: wrapper.relation, copies: 1, explanation: inner },
      why,
    };
  }
  const count = term(copies.length);
  const times = copies.length === 2 ? "twice" : `${copies.length} times`;
  return {
    weights: copies.flatMap((copy) =>
      explainLayer(copy).weights.map((w) => ({ ...w, name: `${copy.name}/${w.name}` }))
    ),
    variables: inner.variables,
    formula: product(count, treesOf(inner).formula),
    expanded: product(count, treesOf(inner).expanded),
    gates: inner.gates,
    inner: { relation: wrapper.relation, copies: copies.length, explanation: inner },
    why: [
      `${layer.className} runs ${copies.length === 2 ? "two" : copies.length} ` +
      `${inner.className} layers over the sequence, ${copies[0].name} forwards and ` +
      `${copies[1]?.name} backwards, each with its own weights: ${times} ${inner.paramCount}.`,
    ],
  };
}

// ---------------------------------------------------------------------------------------------
// Layers without weights.

function noWeights(layer: Layer): Analysis {
  const className = layer.className;
  const why = layer.kind.noWeights?.(layer);
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
// Gated cells (the recurrent kinds declare their gates): kernel (n, g·m), recurrent kernel
// (m, g·m), bias (g·m) or (2, g·m). n and m are read from the axes the weights declare.

/** The size of the axis a weight declares with a symbol. */
function sizeOf(weight: Weight | undefined, symbol: string): number | undefined {
  const index = weight?.axes?.findIndex((axis) => axis.symbol === symbol) ?? -1;
  return index < 0 ? undefined : weight!.shape[index];
}

function meaningOf(weight: Weight, symbol: string): string {
  return weight.axes?.find((axis) => axis.symbol === symbol)?.meaning ?? "";
}

function gated(
  layer: Layer,
  weights: readonly Weight[],
  gateNames: readonly string[],
): Analysis | undefined {
  const kernel = weights.find((w) => w.name === "kernel");
  const recurrentKernel = weights.find((w) => w.name === "recurrent_kernel");
  const bias = weights.find((w) => w.name === "bias");
  if (!kernel || !recurrentKernel || weights.length !== (bias ? 3 : 2)) return undefined;
  const n = sizeOf(kernel, "n");
  const m = sizeOf(recurrentKernel, "m");
  if (n === undefined || m === undefined) return undefined;
  const g = gateNames.length;
  // A bias declares its rows as a constant first axis (GRU's 2 with resetAfter).
  const rows = bias?.axes?.length === 2 ? Number(bias.axes[0].symbol) : 1;
  const biasRows = bias ? rows : 0;
  if (!Number.isSafeInteger(biasRows)) return undefined;

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
    weights: weights.map((w) => ({ ...w, role: roleOf(w) })),
    variables: [
      { symbol: "n", value: n, meaning: meaningOf(kernel, "n") },
      { symbol: "m", value: m, meaning: meaningOf(recurrentKernel, "m") },
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
// Any other layer with weights: each weight is the product of the symbols its axes declare, and
// identical weights side by side are counted together (`4 × f` for BatchNormalization's four
// vectors). The kind's declaration says why, in words.

function isConstant(symbol: string): boolean {
  return /^\d+$/.test(symbol);
}

function roleOf(w: Weight): string {
  return w.role ??
    (w.axes?.map((axis, i) => `${w.shape[i]} ${axis.meaning}`).join(" × ") ?? "");
}

function declared(layer: Layer, weights: readonly Weight[]): Analysis | undefined {
  const variables = new Map<string, Variable>();
  // One symbol standing for two sizes would make the formula a lie.
  const bind = (symbol: string, value: number, meaning: string): boolean => {
    const known = variables.get(symbol);
    if (known) return known.value === value;
    variables.set(symbol, { symbol, value, meaning });
    return true;
  };
  // An axis is a constant (`2`), a symbol (`n`), or a multiple of one (`4·m`: 4 gates × units).
  const axisTerm = (symbol: string, size: number, meaning: string): Expr | undefined => {
    if (isConstant(symbol)) return Number(symbol) === size ? term(size) : undefined;
    const multiple = /^(\d+)·(.+)$/.exec(symbol);
    if (multiple) {
      const factor = Number(multiple[1]);
      if (size % factor !== 0) return undefined;
      const inner = variables.get(multiple[2]);
      if (!inner && !bind(multiple[2], size / factor, meaning)) return undefined;
      if (inner && inner.value !== size / factor) return undefined;
      return product(term(factor), term(size / factor, multiple[2]));
    }
    return bind(symbol, size, meaning) ? term(size, symbol) : undefined;
  };
  // Plain symbols first, so a symbol's meaning is its own axis's, not a multiple's.
  for (const w of weights) {
    if (!w.axes || w.axes.length !== w.shape.length) return undefined;
    for (const [i, axis] of w.axes.entries()) {
      if (isConstant(axis.symbol) || axis.symbol.includes("·")) continue;
      if (!bind(axis.symbol, w.shape[i], axis.meaning)) return undefined;
    }
  }
  const terms: Expr[] = [];
  for (const w of weights) {
    const factors = w.shape.map((d, i) => axisTerm(w.axes![i].symbol, d, w.axes![i].meaning));
    if (factors.some((f) => f === undefined)) return undefined;
    terms.push(factors.length === 0 ? term(1) : product(...(factors as Expr[])));
  }
  const groups: { expr: Expr; count: number }[] = [];
  for (const t of terms) {
    const last = groups.at(-1);
    if (last && render(last.expr, "symbolic") === render(t, "symbolic")) last.count++;
    else groups.push({ expr: t, count: 1 });
  }
  const formula = sum(
    ...groups.map((g) => (g.count === 1 ? g.expr : product(term(g.count), g.expr))),
  );
  const why = layer.kind.why?.(layer, render(formula, "symbolic"));
  return {
    weights: weights.map((w) => ({ ...w, role: roleOf(w) })),
    variables: [...variables.values()],
    formula,
    expanded: formula,
    gates: [],
    inner: undefined,
    why: why ?? generic(weights).why,
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
