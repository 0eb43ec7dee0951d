/**
 * Finding the model in whatever Keras or TensorFlow.js wrote: the JSON text parsed (a cut-off or
 * Python-dict text explained), a TF.js `model.json` or an HDF5 `model_config` unwrapped, and the
 * Sequential or Functional config with its list of layers found.
 *
 * @module
 */

import { describeValue } from "../errors.ts";

export type Json = Record<string, unknown>;

export function parseJson(text: string): unknown {
  if (text.trim() === "") {
    throw new SyntaxError("The Keras model JSON is empty: expected the text of model.to_json()");
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SyntaxError(describeJsonError(text, (error as Error).message), { cause: error });
  }
}

function describeJsonError(text: string, message: string): string {
  const trimmed = text.trimEnd();
  const position = Number(/position (\d+)/.exec(message)?.[1] ?? NaN);
  let detail = `The Keras model JSON is not valid JSON: ${message}`;
  if (/end of (JSON )?input|Unterminated/i.test(message) || position >= trimmed.length) {
    const ending = JSON.stringify(trimmed.slice(-30));
    detail += `. The text ends after ${trimmed.length} characters with ${ending}: it looks cut ` +
      `off (truncated), so copy the whole output`;
  } else if (Number.isInteger(position)) {
    const near = JSON.stringify(text.slice(Math.max(0, position - 25), position + 25));
    detail += `. Near: ${near}`;
  }
  if (/'|\bNone\b|\bTrue\b|\bFalse\b/.test(text) && !/"class_name"/.test(text)) {
    detail += ". It looks like a Python dict (single quotes, None, True): pass the text of " +
      "model.to_json() instead of print(model.get_config())";
  }
  return detail;
}

/** A value for an error message, shortened: a whole model would drown the message. */
export function brief(value: unknown): string {
  const text = describeValue(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}

export function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export interface ModelConfig {
  /** Whether it is a graph (Functional) rather than a Sequential stack. */
  readonly functional: boolean;
  readonly name: string | undefined;
  readonly layers: readonly unknown[];
  readonly buildInputShape: unknown;
  readonly inputLayers: unknown;
  readonly outputLayers: unknown;
}

export const FUNCTIONAL_CLASSES = new Set(["Functional", "Model"]);

function modelConfig(config: Json, functional: boolean, what: string): ModelConfig {
  if (!Array.isArray(config.layers)) {
    throw new TypeError(
      `${what} has no layers: expected "config" to hold a "layers" list, received ` +
        `${brief(config.layers)}; its keys are ${describeKeys(config)}`,
    );
  }
  const graph = functional || "input_layers" in config || "output_layers" in config;
  return {
    functional: graph,
    name: stringOr(config.name),
    layers: config.layers,
    buildInputShape: config.build_input_shape,
    inputLayers: config.input_layers,
    outputLayers: config.output_layers,
  };
}

/** Keras ≤ 2.1's form: a Sequential model written as the bare list of its layers. */
function bareList(layers: readonly unknown[]): ModelConfig {
  return {
    functional: false,
    name: undefined,
    layers,
    buildInputShape: undefined,
    inputLayers: undefined,
    outputLayers: undefined,
  };
}

export function findModelConfig(root: unknown, what: string): ModelConfig {
  // Keras ≤ 2.1's get_config(): the bare list of layers.
  if (Array.isArray(root)) {
    return bareList(root);
  }
  if (!isObject(root)) {
    throw new TypeError(
      `${what} is not a Keras model: expected an object such as {"class_name": "Sequential", ` +
        `"config": {...}}, received ${brief(root)}`,
    );
  }
  // A TensorFlow.js model.json: {"modelTopology": ..., "weightsManifest": ...}.
  if ("modelTopology" in root) {
    if (
      root.format === "graph-model" || isObject(root.modelTopology) && "node" in root.modelTopology
    ) {
      throw new TypeError(
        `${what} is a TensorFlow.js graph model (format "graph-model"), which holds operations, ` +
          `not Keras layers: expected a layers model (format "layers-model")`,
      );
    }
    return findModelConfig(root.modelTopology, `${what}'s "modelTopology"`);
  }
  // Keras's HDF5 attribute and the converter's topology: {"model_config": ..., "keras_version"}.
  if ("model_config" in root) {
    const modelConfig = typeof root.model_config === "string"
      ? parseJson(root.model_config)
      : root.model_config;
    return findModelConfig(modelConfig, `${what}'s "model_config"`);
  }
  const className = root.class_name;
  if (className === undefined) {
    // A get_config() dict of Keras ≥ 2.2: {"name", "layers"}.
    if (Array.isArray(root.layers)) return modelConfig(root, false, what);
    throw new TypeError(
      `${what} is not a Keras model: expected "class_name": "Sequential" or "Functional" and a ` +
        `"config" with "layers", found the keys ${describeKeys(root)}`,
    );
  }
  const functional = typeof className === "string" && FUNCTIONAL_CLASSES.has(className);
  if (className !== "Sequential" && !functional) {
    throw new TypeError(
      `${what} is not a Keras model: expected "class_name": "Sequential" or "Functional", ` +
        `received ${brief(className)}`,
    );
  }
  const config = root.config;
  if (Array.isArray(config)) {
    return bareList(config);
  }
  if (!isObject(config)) {
    throw new TypeError(
      `${what} has no layers: expected "config" to be an object with a "layers" list, ` +
        `received ${brief(config)}`,
    );
  }
  return modelConfig(config, functional, what);
}

function describeKeys(object: Json): string {
  const keys = Object.keys(object);
  return keys.length === 0 ? "(none)" : keys.map((k) => JSON.stringify(k)).join(", ");
}

export function stringOr(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}
