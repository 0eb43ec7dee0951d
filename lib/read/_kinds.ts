// Which class a printed name stands for: the layer registry's kinds (aliases included) and the
// Keras classes it knows by name only, so that a cut name like `(Conv2DT` or `(M` is never taken
// for the one modelled kind that happens to share its prefix. Internal to the reader.

import { snakeCase } from "../layers/base.ts";
import {
  findKind,
  isInputClass,
  isWeightlessClass,
  knownClassNames,
  layerKinds,
  unmodelledClasses,
} from "../layers/registry.ts";

let snakeNames: readonly (readonly [string, string])[] | undefined;

function defaultNames(): readonly (readonly [string, string])[] {
  const input = layerKinds().find((kind) => isInputClass(kind.className))!.className;
  return snakeNames ??= [
    ...knownClassNames().map((c) => [snakeCase(c), canonicalClass(c)] as const),
    ...unmodelledClasses().map((c) => [snakeCase(c), c] as const),
    // Keras names an input layer `input_1` (Keras 2) or `input_layer` (Keras 3).
    ["input", input] as const,
  ].sort((a, b) => b[0].length - a[0].length);
}

/**
 * Keras's default names (`lstm_1`) and TensorFlow.js's (`lstm_LSTM1`) tell the class; the
 * longest default name that fits wins, so `conv2d_transpose_1` is no Conv2D.
 */
export function classFromName(name: string): string | undefined {
  for (const [snake, className] of defaultNames()) {
    if (name === snake || name.startsWith(`${snake}_`)) {
      return isReadable(className) ? className : undefined;
    }
  }
  return undefined;
}

/**
 * The classes, other than `except`, whose Keras default name a name cut short (`layer_norm…`)
 * may have begun: `layer_norm` is LayerNorm's, an operation's, and the start of
 * LayerNormalization's `layer_normalization`.
 */
export function classesNamedFrom(cut: string, except: string): string[] {
  const found = new Set<string>();
  for (const [snake, className] of defaultNames()) {
    if (className !== except && snake.startsWith(cut) && snake !== cut) found.add(className);
  }
  return [...found];
}

/** The class a printed name stands for: the name itself, or what its alias names. */
export function canonicalClass(name: string): string {
  return findKind(name)?.className ?? name;
}

/** Whether the reader can check a row of a class: a kind it models, or one Keras gives no weights. */
export function isReadable(className: string): boolean {
  return findKind(className) !== undefined || isWeightlessClass(className);
}

/** The classes, modelled or not, whose name starts with a cut class name. */
export function classesWithPrefix(prefix: string): { known: string[]; unmodelled: string[] } {
  const known = new Set<string>();
  for (const c of knownClassNames()) if (c.startsWith(prefix)) known.add(canonicalClass(c));
  return {
    known: [...known],
    unmodelled: unmodelledClasses().filter((c) => c.startsWith(prefix)),
  };
}
