// Small helpers the summary reader's rooms share for writing shapes, counts and words.

import type { Explanation } from "../explain.ts";
import type { Shape } from "../shape.ts";
import { formatShape } from "../shape.ts";
import type { InferredLayer, RecurrentConfig } from "./config.ts";

export function singleShape(shape: Shape | readonly Shape[] | null | undefined): Shape | null {
  if (!shape) return null;
  if (shape.length > 0 && Array.isArray(shape[0])) return null;
  return shape as Shape;
}

export function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? "an" : "a";
}

export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

export function equation(e: Explanation): string {
  if (e.paramCount === 0) return "no weights, 0 parameters";
  return `${e.expanded} = ${commas(e.paramCount)}`;
}

export function commas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** ` on 5 features`, ` on 3 channels`, or ` on (None, 10)`. */
export function onInput(config: InferredLayer, input: Shape | null): string {
  if (!input) return "";
  const last = input.at(-1);
  if (typeof last !== "number") return ` on ${formatShape(input)}`;
  switch (config.className) {
    case "Conv1D":
    case "Conv2D":
      return ` on ${last} channel${last === 1 ? "" : "s"}`;
    case "Embedding":
    case "InputLayer":
    case "Flatten":
    case "RepeatVector":
      return ` on ${formatShape(input)}`;
    default:
      return ` on ${last} feature${last === 1 ? "" : "s"}`;
  }
}

export function recurrentOf(config: InferredLayer): RecurrentConfig | undefined {
  if (
    config.className === "LSTM" || config.className === "GRU" || config.className === "SimpleRNN"
  ) {
    return config;
  }
  return undefined;
}

export function lastOf(shape: Shape | null): number | undefined {
  const last = shape?.at(-1);
  return typeof last === "number" ? last : undefined;
}

export function sizeWord(layer: InferredLayer): string {
  switch (layer.className) {
    case "Conv1D":
    case "Conv2D":
      return "input channel";
    case "Embedding":
      return "token id";
    default:
      return "input feature";
  }
}
