/**
 * The configurations the summary reader infers for a printed row, in the field names of our layer
 * classes: how to build one, and how to write it as a reader would (`LSTM(5, returnSequences:
 * true)`).
 *
 * @module
 */

import type { Layer } from "../layers/base.ts";
import { Activation, Dense, Dropout, Flatten, RepeatVector } from "../layers/core.ts";
import { Conv1D, Conv2D, type Padding } from "../layers/convolutional.ts";
import { Embedding } from "../layers/embedding.ts";
import { BatchNormalization, LayerNormalization } from "../layers/normalization.ts";
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  MaxPooling1D,
  MaxPooling2D,
} from "../layers/pooling.ts";
import { GRU, LSTM, type Recurrent, SimpleRNN } from "../layers/recurrent.ts";
import { Bidirectional, type MergeMode, TimeDistributed } from "../layers/wrappers.ts";
import { createLayer } from "../layers/registry.ts";
import type { IdentityClass } from "./_kinds.ts";

export type { IdentityClass } from "./_kinds.ts";
/** A recurrent layer's configuration. */
export interface RecurrentConfig {
  /** Which recurrent layer. */
  readonly className: "SimpleRNN" | "LSTM" | "GRU";
  /** The size of the hidden state. */
  readonly units: number;
  /** Whether every step's state is output. */
  readonly returnSequences: boolean;
  /** Whether the cell has biases. */
  readonly useBias: boolean;
  /** GRU only: two bias rows, the reset gate after the recurrent product. */
  readonly resetAfter?: boolean;
  /** Whether the layer also outputs its final states (present only when it does). */
  readonly returnState?: boolean;
}

/** The configuration inferred for a row, with the field names of our layer classes. */
export type InferredLayer =
  | { readonly className: "InputLayer" }
  | { readonly className: "Dense"; readonly units: number; readonly useBias: boolean }
  | RecurrentConfig
  | { readonly className: "TimeDistributed"; readonly layer: InferredLayer }
  | {
    readonly className: "Bidirectional";
    readonly layer: RecurrentConfig;
    readonly mergeMode: MergeMode;
  }
  | {
    readonly className: "Conv1D" | "Conv2D";
    readonly filters: number;
    readonly kernelSize: readonly number[];
    readonly strides: readonly number[];
    readonly padding: Padding;
    readonly useBias: boolean;
  }
  | { readonly className: "Embedding"; readonly inputDim: number; readonly outputDim: number }
  | {
    readonly className: "BatchNormalization" | "LayerNormalization";
    readonly scale: boolean;
    readonly center: boolean;
  }
  | {
    readonly className: "MaxPooling1D" | "MaxPooling2D" | "AveragePooling1D" | "AveragePooling2D";
    readonly poolSize: readonly number[];
    /** Present only when not the pool size, Keras's default. */
    readonly strides?: readonly number[];
    /** Present only when not `"valid"`, Keras's default. */
    readonly padding?: "valid" | "same";
  }
  | {
    readonly className: "GlobalAveragePooling1D" | "GlobalAveragePooling2D";
    /** Present only for `"channels_first"` (features before steps); Keras's default is last. */
    readonly dataFormat?: "channels_first";
  }
  | { readonly className: "Flatten" }
  | { readonly className: "RepeatVector"; readonly n: number }
  | { readonly className: IdentityClass }
  | RegisteredConfig;

/**
 * A layer of a kind the library's registry declares and the reader tries generically: its Keras
 * class and the configuration (in the library's format) that fits the row.
 */
export interface RegisteredConfig {
  /** Marks a generically inferred layer. */
  readonly className: "Registered";
  /** The Keras class, e.g. `"Conv3D"`. */
  readonly kind: string;
  /** The configuration given to the kind, e.g. `{ filters: 8, kernelSize: [3, 3, 3] }`. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** Layers without weights that keep the shape. */

/**
 * Builds one of our layers from an inferred configuration (not yet built for an input).
 *
 * @param config The configuration.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { layerFromConfig } from "./config.ts";
 * import assert from "assert";
 *
 * const layer = layerFromConfig({ className: "LSTM", units: 5, returnSequences: true, useBias: true });
 * assert.equal(layer.build([null, 400, 13]).paramCount(), 380);
 * ```
 */
export function layerFromConfig(config: InferredLayer): Layer {
  switch (config.className) {
    case "Registered":
      return createLayer(config.kind, { ...config.config });
    case "InputLayer":
      return new Activation({ activation: "linear" });
    case "Dense":
      return new Dense({ units: config.units, useBias: config.useBias });
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return recurrentFromConfig(config);
    case "TimeDistributed":
      return new TimeDistributed({ layer: layerFromConfig(config.layer) });
    case "Bidirectional":
      return new Bidirectional({
        layer: recurrentFromConfig(config.layer),
        mergeMode: config.mergeMode,
      });
    case "Conv1D":
    case "Conv2D": {
      const Class = config.className === "Conv1D" ? Conv1D : Conv2D;
      return new Class({
        filters: config.filters,
        kernelSize: config.kernelSize,
        strides: config.strides,
        padding: config.padding,
        useBias: config.useBias,
      });
    }
    case "Embedding":
      return new Embedding({ inputDim: config.inputDim, outputDim: config.outputDim });
    case "BatchNormalization":
      return new BatchNormalization({ scale: config.scale, center: config.center });
    case "LayerNormalization":
      return new LayerNormalization({ scale: config.scale, center: config.center });
    case "MaxPooling1D":
      return new MaxPooling1D(poolArgs(config));
    case "MaxPooling2D":
      return new MaxPooling2D(poolArgs(config));
    case "AveragePooling1D":
      return new AveragePooling1D(poolArgs(config));
    case "AveragePooling2D":
      return new AveragePooling2D(poolArgs(config));
    case "GlobalAveragePooling1D":
      return new GlobalAveragePooling1D(config.dataFormat ? { dataFormat: config.dataFormat } : {});
    case "GlobalAveragePooling2D":
      return new GlobalAveragePooling2D(config.dataFormat ? { dataFormat: config.dataFormat } : {});
    case "Flatten":
      return new Flatten();
    case "RepeatVector":
      return new RepeatVector({ n: config.n });
    case "Dropout":
      return new Dropout({ rate: 0.5 });
    default:
      // Every other layer without weights that keeps the shape behaves like an activation here.
      return new Activation({ activation: "linear" });
  }
}

function poolArgs(
  config: { poolSize: readonly number[]; strides?: readonly number[]; padding?: "valid" | "same" },
) {
  return {
    poolSize: config.poolSize,
    ...(config.strides ? { strides: config.strides } : {}),
    ...(config.padding ? { padding: config.padding } : {}),
  };
}

function recurrentFromConfig(config: RecurrentConfig): Recurrent {
  const args = {
    units: config.units,
    returnSequences: config.returnSequences,
    useBias: config.useBias,
    ...(config.returnState ? { returnState: true } : {}),
  };
  if (config.className === "GRU") return new GRU({ ...args, resetAfter: config.resetAfter });
  return config.className === "LSTM" ? new LSTM(args) : new SimpleRNN(args);
}

/**
 * A configuration written the way a reader would: `LSTM(5, returnSequences: true)`,
 * `TimeDistributed(Dense(650))`.
 *
 * @param config The configuration.
 * @returns The short form; defaults are left out.
 *
 * @example
 * ```ts
 * import { describeConfig } from "../../mod.ts";
 * import assert from "assert";
 *
 * assert.equal(
 *   describeConfig({ className: "TimeDistributed", layer: { className: "Dense", units: 650, useBias: true } }),
 *   "TimeDistributed(Dense(650))",
 * );
 * ```
 */
export function describeConfig(config: InferredLayer): string {
  const args = (parts: (string | false)[]) => `(${parts.filter(Boolean).join(", ")})`;
  switch (config.className) {
    case "Registered":
      return `${config.kind}${
        args(
          Object.entries(config.config).map(([k, v]) =>
            `${k}: ${Array.isArray(v) ? listText(v) : JSON.stringify(v)}`
          ),
        )
      }`;
    case "Dense":
      return `Dense${args([String(config.units), !config.useBias && "useBias: false"])}`;
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return `${config.className}${
        args([
          String(config.units),
          config.returnSequences && "returnSequences: true",
          !config.useBias && "useBias: false",
          config.className === "GRU" && config.resetAfter === false && "resetAfter: false",
          config.returnState === true && "returnState: true",
        ])
      }`;
    case "TimeDistributed":
      return `TimeDistributed(${describeConfig(config.layer)})`;
    case "Bidirectional":
      return `Bidirectional(${describeConfig(config.layer)}${
        config.mergeMode === "concat" ? "" : `, mergeMode: ${JSON.stringify(config.mergeMode)}`
      })`;
    case "Conv1D":
    case "Conv2D":
      return `${config.className}${
        args([
          String(config.filters),
          `kernelSize: ${listText(config.kernelSize)}`,
          config.strides.some((s) => s !== 1) && `strides: ${listText(config.strides)}`,
          config.padding !== "valid" && `padding: "${config.padding}"`,
          !config.useBias && "useBias: false",
        ])
      }`;
    case "Embedding":
      return `Embedding(inputDim: ${config.inputDim}, outputDim: ${config.outputDim})`;
    case "BatchNormalization":
    case "LayerNormalization":
      return `${config.className}${
        args([!config.scale && "scale: false", !config.center && "center: false"])
      }`;
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D":
      return `${config.className}${
        args([
          `poolSize: ${listText(config.poolSize)}`,
          config.strides !== undefined && `strides: ${listText(config.strides)}`,
          config.padding !== undefined && `padding: "${config.padding}"`,
        ])
      }`;
    case "RepeatVector":
      return `RepeatVector(${config.n})`;
    case "GlobalAveragePooling1D":
    case "GlobalAveragePooling2D":
      return config.dataFormat
        ? `${config.className}(dataFormat: "${config.dataFormat}")`
        : config.className;
    default:
      return config.className;
  }
}

function listText(values: readonly number[]): string {
  return values.length === 1 ? String(values[0]) : `[${values.join(", ")}]`;
}
