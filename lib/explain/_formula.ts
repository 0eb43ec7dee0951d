// Parameter formulas as small expression trees, so one structure can be written four ways: with
// symbols (`4 × ((n + m) × m + m)`), with numbers (`4 × ((13 + 5) × 5 + 5)`), in the documents'
// compact form (`4 × (13×5 + 5×5 + 5)`) and as a summary annotation (`4*(13*5 + 5*5 + 5)`).
// Internal to the explainer: the trees are built from weight shapes in ../explain.ts.

import { safeAdd, safeMultiply } from "../shape.ts";

/** A number, shown as a symbol (`n`) or as itself (a constant such as 4 gates). */
export interface Term {
  readonly kind: "term";
  readonly value: number;
  /** The symbol; for a constant, its digits. */
  readonly symbol: string;
}

/** A sum of expressions. */
export interface Sum {
  readonly kind: "sum";
  readonly terms: readonly Expr[];
}

/** A product of expressions. */
export interface Product {
  readonly kind: "product";
  readonly factors: readonly Expr[];
}

/** A formula. */
export type Expr = Term | Sum | Product;

/** A quantity with a symbol, e.g. `term(13, "n")`; without a symbol, a constant. */
export function term(value: number, symbol?: string): Term {
  return { kind: "term", value, symbol: symbol ?? String(value) };
}

/** `a + b + …`. */
export function sum(...terms: Expr[]): Expr {
  return terms.length === 1 ? terms[0] : { kind: "sum", terms };
}

/** `a × b × …`; with no factors (a scalar weight's empty shape), 1. */
export function product(...factors: Expr[]): Expr {
  if (factors.length === 0) return term(1);
  return factors.length === 1 ? factors[0] : { kind: "product", factors };
}

/** The formula's value, refusing results past exact integers. */
export function evaluate(expr: Expr): number {
  switch (expr.kind) {
    case "term":
      return expr.value;
    case "sum":
      return expr.terms.reduce((acc, t) => safeAdd(acc, evaluate(t), "formula"), 0);
    case "product":
      return expr.factors.reduce((acc, f) => safeMultiply(acc, evaluate(f), "formula"), 1);
  }
}

/**
 * How to write a formula:
 * - `symbolic`: `4 × ((n + m) × m + m)`;
 * - `numeric`: `4 × ((13 + 5) × 5 + 5)`;
 * - `compact`: products inside sums written tight, as the documents do: `4 × (13×5 + 5×5 + 5)`;
 * - `ascii`: the summary annotation of the answer to "Why does the first LSTM in a Keras model
 *   have more params than the subsequent one?", `4*(13*5 + 5*5 + 5)`.
 */
export type Notation = "symbolic" | "numeric" | "compact" | "ascii";

function isConstant(t: Term): boolean {
  return t.symbol === String(t.value);
}

function flatFactors(expr: Product): Expr[] {
  return expr.factors.flatMap((f) => (f.kind === "product" ? flatFactors(f) : [f]));
}

/** Writes a formula in a notation. */
export function render(expr: Expr, notation: Notation): string {
  return write(expr, notation, false);
}

function write(expr: Expr, notation: Notation, insideSum: boolean): string {
  switch (expr.kind) {
    case "term":
      return notation === "symbolic" ? expr.symbol : String(expr.value);
    case "sum":
      return expr.terms.map((t) => write(t, notation, true)).join(" + ");
    case "product": {
      const factors = flatFactors(expr);
      // `2m`, not `2 × m`, for a constant times a symbol inside a sum.
      if (
        notation === "symbolic" && insideSum && factors.length === 2 &&
        factors[0].kind === "term" && isConstant(factors[0]) &&
        factors[1].kind === "term" && !isConstant(factors[1])
      ) {
        return `${factors[0].symbol}${factors[1].symbol}`;
      }
      const joiner = notation === "ascii" ? "*" : notation === "compact" && insideSum ? "×" : " × ";
      return factors.map((f) => {
        const text = write(f, notation, false);
        return f.kind === "sum" ? `(${text})` : text;
      }).join(joiner);
    }
  }
}
