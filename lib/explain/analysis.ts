/**
 * Why a layer has the parameters it has, read from the layer's own weight tensors
 * (`layer.weights()`) and its kind's declaration: the formula is the structure of those shapes,
 * never a second, hand-written count that could drift from them. It names no layer class: it
 * reads what every layer has (`ExplainedLayer`), so the layers can call it.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { formatShape } from "../shape.ts";
import type { WeightSpec, WrapperRelation } from "../layers/args.ts";
import { type CountedWeight, countWeights } from "../layers/totals.ts";
import { evaluate, type Expr, product, render, sum, term } from "./_formula.ts";
import type { GateTerm, Variable, WeightTerm } from "./data.ts";
import { Explanation, type InnerExplanation } from "./explanation.ts";
import { type ComputeExplanation, computeOf } from "./compute.ts";

/** A weight as an explanation reads it: its declaration, its size and whether it is trained. */
export interface ExplainedWeight extends WeightSpec, CountedWeight {
  /** The weight's name inside its layer. */
  readonly name: string;
  /** Whether training updates it. */
  readonly trainable: boolean;
  /** The weight's own dtype when it is not the layer's. */
  readonly dtype?: string;
}

/** What an explanation reads of a layer's kind (a `LayerKind` is one). */
export interface ExplainedKind {
  /** For a wrapper: how it holds the layers it wraps, and which they are. */
  readonly wrapper?: {
    readonly relation: WrapperRelation;
    layers(layer: ExplainedLayer): readonly ExplainedLayer[];
  };
  /** A recurrent cell's gate blocks, in kernel column order. */
  readonly gates?: readonly string[];
  /**
   * The gate blocks of a layer whose gates depend on it.
   *
   * @param layer The layer.
   */
  gatesOf?(layer: ExplainedLayer): readonly string[] | undefined;
  /**
   * Why a layer of the kind has no weights.
   *
   * @param layer The layer.
   */
  noWeights?(layer: ExplainedLayer): string;
  /**
   * Why a layer of the kind has its count, given the formula its weights add up to.
   *
   * @param layer The layer.
   * @param formula The formula with symbols.
   */
  why?(layer: ExplainedLayer, formula: string): readonly string[] | undefined;
}

/** What an explanation reads of a layer (a `Layer` is one). */
export interface ExplainedLayer {
  /** The layer's name. */
  readonly name: string;
  /** Its Keras class. */
  readonly className: string;
  /** Whether it is trainable. */
  readonly trainable: boolean;
  /** Its kind's declaration. */
  readonly kind: ExplainedKind;
  /** Its calls in a graph: the tensors each call was given. */
  readonly inboundNodes: readonly {
    readonly inputs: readonly {
      readonly node: { readonly layer: { readonly name: string }; readonly index: number };
      readonly index: number;
    }[];
  }[];
  /** The input shape it was built for (building it from its declared one if needed). */
  inputShape(): Shape;
  /** The input shapes it was built for: several for a layer that takes a list (a merge). */
  inputShapes?(): readonly Shape[];
  /** Its weights. */
  weights(): readonly ExplainedWeight[];
  /** Its parameter count. */
  paramCount(): number;
  /** Its MACs for one example (see `Layer.macsTerms`). */
  macsTerms?(): number | Readonly<Record<string, number>>;
}

/**
 * Explains a built layer's parameter count from its weight tensors: what `layer.explain()` and
 * `explainLayer` return.
 *
 * @param layer Any layer; it is built from its declared input shape if it has not been built.
 * @returns The explanation.
 * @throws {Error} When the layer has no input shape to be built for.
 *
 * @example
 * ```ts
 * import { Dense } from "../../mod.ts";
 * import { explanationOf } from "./analysis.ts";
 * import assert from "assert";
 *
 * assert.equal(explanationOf(new Dense({ units: 5, inputShape: [13] })).numeric, "13 × 5 + 5 = 70");
 * ```
 */
export function explanationOf(layer: ExplainedLayer): Explanation {
  const e = explain(layer);
  const compute = computeOf(layer, e.gates.map((g) => g.name));
  if (compute) (e as { compute?: ComputeExplanation }).compute = compute;
  return e;
}

/**
 * The input shape an explanation shows: the layer's, or the first of a merge layer's several
 * (whose count never depends on them: merges have no weights).
 */
function inputShapeOf(layer: ExplainedLayer): Shape {
  const shapes = layer.inputShapes?.();
  return shapes !== undefined && shapes.length > 1 ? shapes[0] : layer.inputShape();
}

/** The formula trees behind each explanation, for wrappers that build on them. */
const TREES = new WeakMap<Explanation, { formula: Expr; expanded: Expr }>();

function treesOf(e: Explanation): { formula: Expr; expanded: Expr } {
  return TREES.get(e)!;
}

/**
 * Where a layer called more than once in a graph is reused: every call reads the same weights,
 * so a model counts them once, as Keras does.
 */
function reuse(layer: ExplainedLayer): string[] {
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

function explain(layer: ExplainedLayer): Explanation {
  const weights = layer.weights();
  const split = countWeights([layer]);
  const base = {
    layerName: layer.name,
    className: layer.className,
    inputShape: inputShapeOf(layer),
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

function analyse(layer: ExplainedLayer, weights: readonly ExplainedWeight[]): Analysis {
  const { wrapper } = layer.kind;
  const gates = layer.kind.gates ?? layer.kind.gatesOf?.(layer);
  if (wrapper) return wrapped(layer, wrapper);
  if (weights.length === 0) return noWeights(layer);
  return (gates ? gated(layer, weights, gates) : undefined) ?? declared(layer, weights) ??
    generic(weights);
}

function wrapped(layer: ExplainedLayer, wrapper: NonNullable<ExplainedKind["wrapper"]>): Analysis {
  const copies = wrapper.layers(layer);
  const inner = explanationOf(copies[0]);
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
      explanationOf(copy).weights.map((w) => ({ ...w, name: `${copy.name}/${w.name}` }))
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

function noWeights(layer: ExplainedLayer): Analysis {
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

/** The size of the axis a weight declares with a symbol. */
function sizeOf(weight: ExplainedWeight | undefined, symbol: string): number | undefined {
  const index = weight?.axes?.findIndex((axis) => axis.symbol === symbol) ?? -1;
  return index < 0 ? undefined : weight!.shape[index];
}

function meaningOf(weight: ExplainedWeight, symbol: string): string {
  return weight.axes?.find((axis) => axis.symbol === symbol)?.meaning ?? "";
}

function gated(
  layer: ExplainedLayer,
  weights: readonly ExplainedWeight[],
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

function isConstant(symbol: string): boolean {
  return /^\d+$/.test(symbol);
}

function roleOf(w: ExplainedWeight): string {
  return w.role ??
    (w.axes?.map((axis, i) => `${w.shape[i]} ${axis.meaning}`).join(" × ") ?? "");
}

function declared(
  layer: ExplainedLayer,
  weights: readonly ExplainedWeight[],
): Analysis | undefined {
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

function generic(weights: readonly ExplainedWeight[]): Analysis {
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
