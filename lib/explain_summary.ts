/**
 * Reads a printed model summary the way seed 000's answer does by hand: infers each layer's
 * configuration and the model's input from what is printed, fills the `?`s, and checks every
 * printed number against Keras's rules by building the inferred layer with our Keras-exact
 * classes and comparing its count and output shape with the row.
 *
 * Inference goes row by row. A layer's input is the previous row's output; the first layer's
 * input comes from its count (an LSTM with 5 units and 380 parameters reads 13 features) and its
 * output shape (400 time steps). Where several configurations fit what is printed, the one Keras
 * uses by default is chosen and the others are named.
 *
 * @module
 */

import type { Layer, OutputShape } from "./layers/base.ts";
import { Activation, Dense, Dropout, Flatten, RepeatVector } from "./layers/core.ts";
import { Conv1D, Conv2D, type Padding } from "./layers/convolutional.ts";
import { Embedding } from "./layers/embedding.ts";
import { BatchNormalization, LayerNormalization } from "./layers/normalization.ts";
import {
  AveragePooling1D,
  AveragePooling2D,
  GlobalAveragePooling1D,
  GlobalAveragePooling2D,
  MaxPooling1D,
  MaxPooling2D,
} from "./layers/pooling.ts";
import { GRU, LSTM, type Recurrent, SimpleRNN } from "./layers/recurrent.ts";
import { Bidirectional, type MergeMode, TimeDistributed } from "./layers/wrappers.ts";
import { snakeCase } from "./layers/base.ts";
import { explainLayer, type Explanation } from "./explain.ts";
import { type LayerSpec, nearestInputSizes } from "./infer.ts";
import { type ParsedRow, type ParsedSummary, parseSummary } from "./parse_summary.ts";
import { formatOutputShape, formatShape, type Shape } from "./shape.ts";
import { evaluateArithmetic } from "./explain/_arith.ts";
import { escapeHtml } from "./html.ts";
import { JUPYTER_DISPLAY } from "./summary/summary.ts";

// ---------------------------------------------------------------------------------------------
// Configurations.

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
  }
  | { readonly className: "GlobalAveragePooling1D" | "GlobalAveragePooling2D" }
  | { readonly className: "Flatten" }
  | { readonly className: "RepeatVector"; readonly n: number }
  | { readonly className: IdentityClass };

/** Layers without weights that keep the shape. */
export type IdentityClass =
  | "Dropout"
  | "SpatialDropout1D"
  | "SpatialDropout2D"
  | "GaussianNoise"
  | "GaussianDropout"
  | "AlphaDropout"
  | "ActivityRegularization"
  | "Activation"
  | "ReLU"
  | "LeakyReLU"
  | "Softmax"
  | "ELU"
  | "Masking";

const IDENTITY_CLASSES: readonly IdentityClass[] = [
  "Dropout",
  "SpatialDropout1D",
  "SpatialDropout2D",
  "GaussianNoise",
  "GaussianDropout",
  "AlphaDropout",
  "ActivityRegularization",
  "Activation",
  "ReLU",
  "LeakyReLU",
  "Softmax",
  "ELU",
  "Masking",
];

const KNOWN_CLASSES = [
  "InputLayer",
  "Dense",
  "SimpleRNN",
  "LSTM",
  "GRU",
  "TimeDistributed",
  "Bidirectional",
  "Conv1D",
  "Conv2D",
  "Embedding",
  "BatchNormalization",
  "LayerNormalization",
  "MaxPooling1D",
  "MaxPooling2D",
  "AveragePooling1D",
  "AveragePooling2D",
  "GlobalAveragePooling1D",
  "GlobalAveragePooling2D",
  "Flatten",
  "RepeatVector",
  ...IDENTITY_CLASSES,
] as const;

/**
 * Builds one of our layers from an inferred configuration (not yet built for an input).
 *
 * @param config The configuration.
 * @returns The layer.
 *
 * @example
 * ```ts
 * import { layerFromConfig } from "../mod.ts";
 * import assert from "assert";
 *
 * const layer = layerFromConfig({ className: "LSTM", units: 5, returnSequences: true, useBias: true });
 * assert.equal(layer.build([null, 400, 13]).paramCount(), 380);
 * ```
 */
export function layerFromConfig(config: InferredLayer): Layer {
  switch (config.className) {
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
      return new MaxPooling1D({ poolSize: config.poolSize });
    case "MaxPooling2D":
      return new MaxPooling2D({ poolSize: config.poolSize });
    case "AveragePooling1D":
      return new AveragePooling1D({ poolSize: config.poolSize });
    case "AveragePooling2D":
      return new AveragePooling2D({ poolSize: config.poolSize });
    case "GlobalAveragePooling1D":
      return new GlobalAveragePooling1D();
    case "GlobalAveragePooling2D":
      return new GlobalAveragePooling2D();
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

function recurrentFromConfig(config: RecurrentConfig): Recurrent {
  const args = {
    units: config.units,
    returnSequences: config.returnSequences,
    useBias: config.useBias,
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
 * import { describeConfig } from "../mod.ts";
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
      return `${config.className}(poolSize: ${listText(config.poolSize)})`;
    case "RepeatVector":
      return `RepeatVector(${config.n})`;
    default:
      return config.className;
  }
}

function listText(values: readonly number[]): string {
  return values.length === 1 ? String(values[0]) : `[${values.join(", ")}]`;
}

// ---------------------------------------------------------------------------------------------
// Results.

/** A row of the summary, explained. */
export interface ExplainedRow extends ParsedRow {
  /** The configuration inferred for the layer, if it could be. */
  readonly layer?: InferredLayer;
  /** The layer's input shape: the previous row's output, or inferred for the first layer. */
  readonly layerInputShape: Shape | null;
  /** What Keras outputs for the inferred layer on that input. */
  readonly expectedOutputShape: OutputShape | null;
  /** What Keras counts for the inferred layer on that input; fills a printed `?`. */
  readonly expectedParamCount: number | null;
  /** The formula, written as seed 000 annotates its rows: `4*(13*5 + 5*5 + 5)`. */
  readonly formula?: string;
  /** The full explanation of the inferred layer's count. */
  readonly explanation?: Explanation;
  /** Whether the row's count was printed as `?` (or annotated `= ?`) and is now known. */
  readonly filled: boolean;
  /** Whether the row could be checked at all (a known layer with a known input). */
  readonly checked: boolean;
  /** Whether what is printed agrees with Keras's rules for the inferred layer. */
  readonly consistent: boolean;
  /** What was found: the `?` filled, why a number is wrong, what else would fit. */
  readonly note?: string;
}

/** The totals printed below the table, checked. */
export interface TotalsCheck {
  /** The totals the inferred layers give. */
  readonly expected: {
    readonly totalParams: number;
    readonly trainableParams: number;
    readonly nonTrainableParams: number;
  } | null;
  /** Whether the printed totals agree with the rows and with each other. */
  readonly consistent: boolean;
  /** What disagrees, if anything. */
  readonly note?: string;
}

/** Options of {@linkcode explainSummary}. */
export interface ExplainSummaryOptions {
  /**
   * What is known from the code that printed the summary, by layer name, for example
   * `{ lstm_1: { returnSequences: false } }` when the code declares `LSTM(5)`. Declared values
   * are taken as given; the printed rows are checked against them.
   */
  readonly declared?: Readonly<Record<string, DeclaredConfig>>;
  /** The model's input shape, batch dimension first, when it is known. */
  readonly inputShape?: Shape;
}

/** What the code declares for a layer. */
export interface DeclaredConfig {
  /** The layer's class, when the printed one is cut or missing. */
  readonly className?: string;
  /** A recurrent layer's `returnSequences`. */
  readonly returnSequences?: boolean;
  /** Whether the layer has biases. */
  readonly useBias?: boolean;
  /** A GRU's `resetAfter`. */
  readonly resetAfter?: boolean;
}

/**
 * A printed summary explained: the model's input, and each row's configuration, formula and
 * check. Prints as a report.
 *
 * @example Seed 001's table: one feature, and the TimeDistributed row's 11
 * ```ts
 * import { explainSummary } from "../mod.ts";
 * import assert from "assert";
 *
 * const explained = explainSummary(`
 * Layer (type)                 Output Shape              Param #
 * =================================================================
 * lstm_4 (LSTM)                (None, None, 10)          480
 * _________________________________________________________________
 * time_distributed_4 (TimeDist (None, None, 1)           11
 * =================================================================`);
 * assert.deepEqual(explained.inputShape, [null, null, 1]);
 * assert.ok(explained.rows.every((row) => row.consistent));
 * assert.match(String(explained), /TimeDistributed\(Dense\(1\)\)/);
 * ```
 */
export class SummaryExplanation {
  /** The summary as read. */
  readonly summary: ParsedSummary;
  /** The model's input shape, batch dimension first; `null` where it cannot be read. */
  readonly inputShape: Shape | null;
  /** How the input shape was found. */
  readonly inputReason: string;
  /** The rows, explained. */
  readonly rows: readonly ExplainedRow[];
  /** The printed totals, checked. */
  readonly totals: TotalsCheck;

  /**
   * Assembles an explanation; {@linkcode explainSummary} makes them.
   *
   * @param summary The summary as read.
   * @param inputShape The inferred input shape.
   * @param inputReason How it was found.
   * @param rows The explained rows.
   * @param totals The totals check.
   */
  constructor(
    summary: ParsedSummary,
    inputShape: Shape | null,
    inputReason: string,
    rows: readonly ExplainedRow[],
    totals: TotalsCheck,
  ) {
    this.summary = summary;
    this.inputShape = inputShape;
    this.inputReason = inputReason;
    this.rows = rows;
    this.totals = totals;
  }

  /** Whether every checked row and the totals agree with Keras's rules. */
  get consistent(): boolean {
    return this.totals.consistent && this.rows.every((r) => r.consistent);
  }

  /**
   * The report: the input, a table of rows with their inferred layers and formulas, and notes.
   *
   * @returns Text for a terminal.
   *
   * @example
   * ```ts
   * import { explainSummary } from "../mod.ts";
   * import assert from "assert";
   *
   * const report = String(explainSummary(
   *   "Layer (type) Output Shape Param #\n====\nlstm_1 (LSTM) (None, 400, 5) 380\n====",
   * ));
   * assert.match(report, /Model input: \(None, 400, 13\)/);
   * assert.match(report, /4\*\(13\*5 \+ 5\*5 \+ 5\)/);
   * ```
   */
  toString(): string {
    return reportOf(this);
  }

  /**
   * What Deno's Jupyter kernel displays: the report, as text and as preformatted HTML.
   *
   * @returns A MIME bundle.
   *
   * @example
   * ```ts
   * import { explainSummary, JUPYTER_DISPLAY } from "../mod.ts";
   * import assert from "assert";
   *
   * const result = explainSummary("Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70");
   * assert.ok(result[JUPYTER_DISPLAY]()["text/html"].startsWith("<pre"));
   * ```
   */
  [JUPYTER_DISPLAY](): { "text/plain": string; "text/html": string } {
    const text = this.toString();
    return {
      "text/plain": text,
      "text/html": `<pre class="paramlab-explain">${escapeHtml(text)}</pre>`,
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The explanation.

/**
 * Explains a printed model summary: infers every layer's configuration and the model's input,
 * fills `?` counts, and checks each printed count, shape and annotation against Keras's rules.
 *
 * @param summary The printed summary (any format {@linkcode parseSummary} reads), or one already
 * parsed.
 * @param options What the code declares, if known.
 * @returns The explanation; `String(result)` is a report.
 * @throws {SummaryParseError} When the text is not a summary or a row cannot be read.
 *
 * @example Seed 000: the input behind 380, and the `?`
 * ```ts
 * import { explainSummary } from "../mod.ts";
 * import assert from "assert";
 *
 * const result = explainSummary(`
 * Layer (type)         Output Shape        Param #
 * ========================================================================
 * lstm_1 (LSTM)        (None, 400, 5)      380   = 4*(13*5 + 5*5 + 5)
 * ________________________________________________________________________
 * lstm_2 (LSTM)        (None, 400, 5)      220   = 4*(5*5 + 5*5 + 5)
 * ________________________________________________________________________
 * time_distributed_1   (None, 400, 650)    3900  = ?
 * ________________________________________________________________________`);
 * assert.deepEqual(result.inputShape, [null, 400, 13]);
 * const td = result.rows[2];
 * assert.equal(td.formula, "5*650 + 650");
 * assert.deepEqual(td.layer, {
 *   className: "TimeDistributed",
 *   layer: { className: "Dense", units: 650, useBias: true },
 * });
 * assert.ok(result.rows.every((r) => r.consistent));
 * ```
 */
export function explainSummary(
  summary: string | ParsedSummary,
  options: ExplainSummaryOptions = {},
): SummaryExplanation {
  const parsed = typeof summary === "string" ? parseSummary(summary) : summary;
  const rows: ExplainedRow[] = [];
  let previous: Shape | null = options.inputShape ? [...options.inputShape] : null;
  let modelInput: Shape | null = previous;
  let inputReason = options.inputShape ? "given" : "";
  parsed.rows.forEach((row, index) => {
    const printedInput = singleShape(row.inputShape);
    const input = previous ?? printedInput;
    const explained = explainRow(row, input, parsed, options.declared?.[row.name]);
    rows.push(explained);
    if (index === 0 && !options.inputShape) {
      const found = firstInput(explained, printedInput);
      modelInput = found.shape;
      inputReason = found.reason;
    }
    const printed = singleShape(row.outputShape);
    previous = printed && !row.outputShapeCut
      ? printed
      : singleShape(explained.expectedOutputShape ?? null);
  });
  if (!inputReason) inputReason = "the summary has no rows";
  return new SummaryExplanation(parsed, modelInput, inputReason, rows, checkTotals(parsed, rows));
}

function singleShape(shape: Shape | readonly Shape[] | null | undefined): Shape | null {
  if (!shape) return null;
  if (shape.length > 0 && Array.isArray(shape[0])) return null;
  return shape as Shape;
}

function firstInput(
  row: ExplainedRow,
  printed: Shape | null,
): { shape: Shape | null; reason: string } {
  if (row.layer?.className === "InputLayer") {
    return { shape: row.layerInputShape, reason: `printed by the input layer ${row.name}` };
  }
  if (printed) return { shape: printed, reason: `printed as the input of ${row.name}` };
  if (!row.layerInputShape) {
    return {
      shape: null,
      reason: `${row.name} does not tell its input: ${row.note ?? "its layer is not known"}`,
    };
  }
  return { shape: row.layerInputShape, reason: inputStory(row) };
}

/** How the first layer's input was read from its row. */
function inputStory(row: ExplainedRow): string {
  const layer = row.layer!;
  const input = row.layerInputShape!;
  const parts: string[] = [];
  const size = layer.className === "Embedding" ? layer.inputDim : input.at(-1);
  const e = row.explanation;
  if (row.paramCount !== null && e && e.paramCount > 0 && typeof size === "number") {
    parts.push(
      layer.className === "Embedding"
        ? `${row.name} is ${describeConfig(layer)}: ${e.numeric} parameters means a ` +
          `vocabulary of ${plural(size, "token id")}`
        : `${row.name} is ${describeConfig(layer)} with ${row.paramCount} parameters, and ` +
          `${e.numeric} only for ${plural(size, sizeWord(layer))}`,
    );
  }
  const out = singleShape(row.outputShape);
  if (layer.className === "Embedding" && out && out.length >= 3) {
    parts.push(
      out[1] === null
        ? `the sequence length cannot be read from the summary`
        : `its output ${formatShape(out)} gives sequences of ${out[1]} token ids`,
    );
  } else if (out && input.length >= 3) {
    const steps = input[1];
    if (steps !== null && out.length >= 3 && out[1] === steps) {
      parts.push(`its output ${formatShape(out)} gives ${plural(steps, "time step")}`);
    } else if (steps === null) {
      parts.push(`the time steps cannot be read from the summary`);
    }
  }
  return parts.length > 0 ? parts.join("; ") : `taken from ${row.name}'s output`;
}

function sizeWord(layer: InferredLayer): string {
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

function article(word: string): string {
  return /^[AEFHILMNORSX]/.test(word) ? "an" : "a";
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

interface Candidate {
  readonly config: InferredLayer;
  readonly input: Shape | null;
  /** Why this candidate rests on an assumption (a kernel size, a pool size), if it does. */
  readonly assumption?: string;
  /** A configuration away from Keras's defaults (no bias), tried only when the defaults fail. */
  readonly unusual?: boolean;
}

interface Built {
  readonly candidate: Candidate;
  readonly layer: Layer | undefined;
  readonly count: number | null;
  readonly output: OutputShape | null;
  readonly error?: string;
}

function explainRow(
  row: ParsedRow,
  input: Shape | null,
  summary: ParsedSummary,
  declared: DeclaredConfig | undefined,
): ExplainedRow {
  const out = row.outputShapeCut ? null : row.outputShape;
  const className = resolveClass(row, declared);
  const base = {
    ...row,
    layerInputShape: input,
    expectedOutputShape: null,
    expectedParamCount: null,
    filled: false,
  };
  if (!className || !(KNOWN_CLASSES as readonly string[]).includes(className)) {
    return {
      ...base,
      checked: false,
      consistent: true,
      note: className
        ? `paramlab does not model the ${className} layer, so this row is not checked.`
        : `The layer's class is not printed and cannot be told from its name "${row.name}", ` +
          `so this row is not checked.`,
    };
  }
  const context: Context = {
    row,
    out: singleShape(out),
    outList: out && !singleShape(out) ? (out as readonly Shape[]) : null,
    input,
    params: row.paramCount,
    declared: declared ?? {},
    tfjs: summary.format === "tfjs",
  };
  let candidates: Candidate[];
  try {
    candidates = candidatesFor(className as KnownClass, context);
  } catch (error) {
    if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    candidates = [];
  }
  if (candidates.length === 0) {
    return {
      ...base,
      checked: false,
      consistent: true,
      note: cannotInfer(className, context),
    };
  }
  // Keras's defaults first; a configuration without bias only when nothing usual fits.
  const ordered = [...candidates.filter((c) => !c.unusual), ...candidates.filter((c) => c.unusual)];
  const built = ordered.map((c) => build(c));
  const fits = (b: Built) => countFits(b, context) && shapeFits(b, row);
  const exact = built.filter(fits);
  const chosen = exact[0] ?? built.find((b) => countFits(b, context)) ??
    built.find((b) => b.layer) ?? built[0];
  const notes: string[] = [];
  if (!chosen.layer) {
    return {
      ...base,
      layer: chosen.candidate.config,
      checked: false,
      consistent: true,
      note: chosen.error ?? cannotInfer(className, context),
    };
  }
  const explanation = explainLayer(chosen.layer);
  let consistent = true;
  const count = chosen.count!;
  const output = chosen.output!;
  const layerText = describeConfig(chosen.candidate.config);
  const on = onInput(chosen.candidate.config, chosen.candidate.input);
  if (row.paramCount === null) {
    notes.push(`The ? is ${layerText}${on}: ${equation(explanation)}.`);
  } else if (row.paramCount !== count) {
    consistent = false;
    notes.push(countMismatch(row.paramCount, chosen, explanation));
  }
  if (out !== null && !shapeFits(chosen, row)) {
    consistent = false;
    notes.push(shapeMismatch(row, chosen, context));
  }
  if (row.outputShapeCut) {
    notes.push(
      `The printed shape is cut short by its column; Keras's full shape is ` +
        `${formatOutputShape(output)}.`,
    );
  }
  const annotationNote = checkAnnotation(row, count, explanation, `${layerText}${on}`);
  if (annotationNote) {
    if (annotationNote.inconsistent) consistent = false;
    notes.push(annotationNote.text);
  }
  if (chosen.candidate.assumption) notes.push(chosen.candidate.assumption);
  notes.push(...hints(chosen, context));
  const others = exact.filter((b) =>
    b !== chosen && !b.candidate.unusual && describeConfig(b.candidate.config) !== layerText
  );
  if (others.length > 0 && context.input === null) {
    notes.push(
      `The row fits other layers too: ${
        others.slice(0, 2).map((b) =>
          `${describeConfig(b.candidate.config)}${
            b.candidate.input ? ` on ${formatShape(b.candidate.input)}` : ""
          }`
        ).join("; ")
      }. ${layerText} is what Keras's defaults give.`,
    );
  }
  if (row.classNameCut && row.className !== undefined && row.className !== className) {
    notes.unshift(`"${row.className}" is ${className} cut short by the column.`);
  }
  return {
    ...base,
    layer: chosen.candidate.config,
    layerInputShape: chosen.candidate.input,
    expectedOutputShape: output,
    expectedParamCount: count,
    ...(explanation.paramCount > 0 ? { formula: explanation.annotation } : {}),
    explanation,
    filled: row.paramCount === null || /^\?+$/.test(row.annotation ?? ""),
    checked: true,
    consistent,
    ...(notes.length > 0 ? { note: notes.join(" ") } : {}),
  };
}

function build(candidate: Candidate): Built {
  if (!candidate.input) {
    return { candidate, layer: undefined, count: null, output: null, error: undefined };
  }
  try {
    const layer = layerFromConfig(candidate.config).build(candidate.input);
    return { candidate, layer, count: layer.paramCount(), output: layer.outputShape() };
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) {
      return {
        candidate,
        layer: undefined,
        count: null,
        output: null,
        error: `${describeConfig(candidate.config)} cannot take the input ` +
          `${formatShape(candidate.input)}: ${error.message}`,
      };
    }
    throw error;
  }
}

function countFits(built: Built, context: Context): boolean {
  return built.layer !== undefined && (context.params === null || built.count === context.params);
}

function shapeFits(built: Built, row: ParsedRow): boolean {
  if (!built.output) return false;
  if (row.outputShape === null) return true;
  if (row.outputShapeCut) {
    const expected = singleShape(built.output);
    const printed = singleShape(row.outputShape);
    return !expected || !printed || printed.every((d, i) => d === expected[i]);
  }
  return sameOutput(row.outputShape, built.output);
}

function sameOutput(a: OutputShape, b: OutputShape): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function countMismatch(printed: number, chosen: Built, explanation: Explanation): string {
  const layerText = describeConfig(chosen.candidate.config);
  const input = chosen.candidate.input!;
  let text = `Printed ${printed}, but ${layerText} on ${formatShape(input)} has ` +
    `${explanation.numeric}.`;
  const spec = specOf(chosen.candidate.config);
  if (spec) {
    try {
      const near = nearestInputSizes({ ...spec, params: printed } as never);
      if (near.exact !== undefined) {
        text += ` ${printed} is what it would have on ${
          plural(near.exact, sizeWord(chosen.candidate.config))
        }, but the layer before outputs ${input.at(-1)}.`;
      } else {
        const options = [near.below, near.above].filter((a) => a !== undefined)
          .map((a) =>
            `${a!.params} (on ${plural(a!.inputSize, sizeWord(chosen.candidate.config))})`
          );
        text += ` No input size gives ${layerText} ${printed}; the nearest counts are ` +
          `${options.join(" and ")}.`;
      }
    } catch (error) {
      if (!(error instanceof RangeError || error instanceof TypeError)) throw error;
    }
  }
  return text;
}

function shapeMismatch(row: ParsedRow, chosen: Built, context: Context): string {
  const config = chosen.candidate.config;
  const printed = formatOutputShape(row.outputShape!);
  const expected = formatOutputShape(chosen.output!);
  const input = chosen.candidate.input!;
  let text = `Printed ${printed}, but ${describeConfig(config)} on ${formatShape(input)} ` +
    `outputs ${expected}.`;
  const recurrent = recurrentOf(config);
  if (recurrent && context.out && context.out.length === 3 && !recurrent.returnSequences) {
    text += ` Without returnSequences ${article(recurrent.className)} ${recurrent.className} ` +
      `outputs only its last step, ` +
      `${expected}; ${printed} is what returnSequences: true gives.`;
  }
  return text;
}

/** `5×650 + 650 = 3,900`, or `no weights` for a layer without any. */
function equation(e: Explanation): string {
  if (e.paramCount === 0) return "no weights, 0 parameters";
  return `${e.expanded} = ${commas(e.paramCount)}`;
}

function commas(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** ` on 5 features`, ` on 3 channels`, or ` on (None, 10)`. */
function onInput(config: InferredLayer, input: Shape | null): string {
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

function recurrentOf(config: InferredLayer): RecurrentConfig | undefined {
  if (
    config.className === "LSTM" || config.className === "GRU" || config.className === "SimpleRNN"
  ) {
    return config;
  }
  return undefined;
}

function checkAnnotation(
  row: ParsedRow,
  count: number,
  explanation: Explanation,
  layerText: string,
): { text: string; inconsistent: boolean } | undefined {
  const annotation = row.annotation;
  if (annotation === undefined || annotation === "") return undefined;
  if (/^\?+$/.test(annotation)) {
    return { text: `The ? is ${layerText}: ${equation(explanation)}.`, inconsistent: false };
  }
  const value = evaluateArithmetic(annotation);
  if (value === undefined) {
    return {
      text: `The annotation "${annotation}" is not arithmetic that can be checked.`,
      inconsistent: false,
    };
  }
  const printed = row.paramCount ?? count;
  if (value !== printed) {
    return {
      text: `The annotation ${annotation} comes to ${value}, not ${printed}; Keras's count is ` +
        `${explanation.annotation} = ${count}.`,
      inconsistent: true,
    };
  }
  return undefined;
}

/** Remarks that are not errors: a single time step, a count that could mean another input. */
function hints(chosen: Built, context: Context): string[] {
  const notes: string[] = [];
  const recurrent = recurrentOf(chosen.candidate.config);
  const out = context.out;
  if (
    recurrent && recurrent.returnSequences && out && out.length === 3 && out[1] === 1 &&
    context.declared.returnSequences === undefined
  ) {
    notes.push(
      `${formatShape(out)} means returnSequences: true over a single time step; ` +
        `${article(recurrent.className)} ${recurrent.className} without returnSequences outputs ${
          formatShape([out[0], out[2]])
        }.`,
    );
  }
  return notes;
}

function cannotInfer(className: string, context: Context): string {
  if (context.input === null && context.params === null) {
    return `Neither the input of this ${className} nor its count is known, so its ` +
      `configuration cannot be inferred.`;
  }
  if (context.out === null && context.outList === null) {
    return `The output shape of this ${className} is not printed, so its configuration ` +
      `cannot be inferred.`;
  }
  if (context.input === null && context.params !== null) {
    return `No ${className} fits a count of ${context.params} with output ` +
      `${formatShape(context.out ?? [])}, so its input cannot be inferred.`;
  }
  return `No ${className} configuration fits this row.`;
}

// ---------------------------------------------------------------------------------------------
// Candidates per class.

type KnownClass = typeof KNOWN_CLASSES[number];

interface Context {
  readonly row: ParsedRow;
  /** The printed output shape, when it is one shape. */
  readonly out: Shape | null;
  /** The printed output, when it is several shapes. */
  readonly outList: readonly Shape[] | null;
  /** The layer's input: the previous row's output, or null for a first layer. */
  readonly input: Shape | null;
  readonly params: number | null;
  readonly declared: DeclaredConfig;
  readonly tfjs: boolean;
}

function resolveClass(row: ParsedRow, declared: DeclaredConfig | undefined): string | undefined {
  if (declared?.className) return declared.className;
  const fromName = classFromName(row.name);
  if (row.className !== undefined && !row.classNameCut) {
    return KNOWN_CLASSES.find((c) => c === row.className) ?? row.className;
  }
  if (row.className) {
    const cut = row.className;
    const candidates = KNOWN_CLASSES.filter((c) => c.startsWith(cut));
    if (fromName && (candidates as readonly string[]).includes(fromName)) return fromName;
    if (candidates.length === 1) return candidates[0];
    if (candidates.length > 1) {
      const rank = singleShape(row.outputShape)?.length;
      const byRank = candidates.find((c) => (rank === 4 ? c.endsWith("2D") : c.endsWith("1D")));
      return byRank ?? candidates[0];
    }
  }
  return fromName;
}

const SNAKE_NAMES: readonly (readonly [string, string])[] = [
  ...KNOWN_CLASSES.map((c) => [snakeCase(c), c] as const),
  ["input", "InputLayer"] as const,
  ["input_layer", "InputLayer"] as const,
].sort((a, b) => b[0].length - a[0].length);

/** Keras's default names (`lstm_1`) and TensorFlow.js's (`lstm_LSTM1`) tell the class. */
function classFromName(name: string): KnownClass | undefined {
  for (const [snake, className] of SNAKE_NAMES) {
    if (name === snake || name.startsWith(`${snake}_`)) return className as KnownClass;
  }
  return undefined;
}

function options<T>(declared: T | undefined, preferred: readonly T[]): readonly T[] {
  return declared === undefined ? preferred : [declared];
}

function exactSize(spec: LayerSpec, params: number | null): number | undefined {
  if (params === null) return undefined;
  try {
    return nearestInputSizes({ ...spec, params } as never).exact;
  } catch (error) {
    if (error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
}

function candidatesFor(className: KnownClass, c: Context): Candidate[] {
  switch (className) {
    case "InputLayer":
      return c.out ? [{ config: { className }, input: c.out }] : [];
    case "Dense":
      return denseCandidates(c);
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return recurrentCandidates(className, c);
    case "TimeDistributed":
      return timeDistributedCandidates(c);
    case "Bidirectional":
      return bidirectionalCandidates(c);
    case "Conv1D":
    case "Conv2D":
      return convCandidates(className, c);
    case "Embedding":
      return embeddingCandidates(c);
    case "BatchNormalization":
    case "LayerNormalization":
      return normalizationCandidates(className, c);
    case "MaxPooling1D":
    case "MaxPooling2D":
    case "AveragePooling1D":
    case "AveragePooling2D":
      return poolingCandidates(className, c);
    case "GlobalAveragePooling1D":
    case "GlobalAveragePooling2D": {
      const spatial = className.endsWith("1D") ? [null] : [null, null];
      const input = c.input ?? (c.out ? [c.out[0], ...spatial, c.out.at(-1)!] : null);
      return [{ config: { className }, input }];
    }
    case "Flatten":
      return [{ config: { className }, input: c.input }];
    case "RepeatVector": {
      const out = c.out;
      if (!out || out.length !== 3 || out[1] === null) return [];
      return [{ config: { className, n: out[1] }, input: c.input ?? [out[0], out[2]] }];
    }
    default:
      return [{ config: { className }, input: c.input ?? c.out }];
  }
}

function lastOf(shape: Shape | null): number | undefined {
  const last = shape?.at(-1);
  return typeof last === "number" ? last : undefined;
}

function denseCandidates(c: Context): Candidate[] {
  const units = lastOf(c.out);
  if (units === undefined) return [];
  const result: Candidate[] = [];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    const config = { className: "Dense" as const, units, useBias };
    const unusual = !useBias;
    if (c.input) {
      result.push({ config, input: c.input, unusual });
      continue;
    }
    const n = exactSize({ layer: "Dense", units, useBias }, c.params);
    if (n !== undefined) result.push({ config, input: [...c.out!.slice(0, -1), n], unusual });
  }
  return result;
}

function recurrentOptions(
  className: "SimpleRNN" | "LSTM" | "GRU",
  units: number,
  returnSequences: boolean,
  c: Context,
): RecurrentConfig[] {
  const configs: RecurrentConfig[] = [];
  const resetAfters = className === "GRU"
    ? options(c.declared.resetAfter, c.tfjs ? [false, true] : [true, false])
    : [undefined];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    for (const resetAfter of resetAfters) {
      configs.push({
        className,
        units,
        returnSequences,
        useBias,
        ...(className === "GRU" ? { resetAfter } : {}),
      });
    }
  }
  return configs;
}

function specOfRecurrent(config: RecurrentConfig): LayerSpec {
  return config.className === "GRU"
    ? { layer: "GRU", units: config.units, useBias: config.useBias, resetAfter: config.resetAfter }
    : { layer: config.className, units: config.units, useBias: config.useBias };
}

function specOf(config: InferredLayer): LayerSpec | undefined {
  switch (config.className) {
    case "Dense":
      return { layer: "Dense", units: config.units, useBias: config.useBias };
    case "SimpleRNN":
    case "LSTM":
    case "GRU":
      return specOfRecurrent(config);
    case "TimeDistributed": {
      const inner = specOf(config.layer);
      return inner && inner.layer !== "TimeDistributed" && inner.layer !== "Bidirectional"
        ? { layer: "TimeDistributed", inner }
        : undefined;
    }
    case "Bidirectional": {
      const inner = specOfRecurrent(config.layer);
      return { layer: "Bidirectional", inner: inner as never, mergeMode: config.mergeMode };
    }
    case "Conv1D":
    case "Conv2D":
      return {
        layer: config.className,
        filters: config.filters,
        kernelSize: config.kernelSize,
        useBias: config.useBias,
      };
    case "Embedding":
      return { layer: "Embedding", outputDim: config.outputDim };
    case "BatchNormalization":
    case "LayerNormalization":
      return { layer: config.className, scale: config.scale, center: config.center };
    default:
      return undefined;
  }
}

function recurrentCandidates(className: "SimpleRNN" | "LSTM" | "GRU", c: Context): Candidate[] {
  const out = c.out;
  const units = lastOf(out);
  if (!out || units === undefined) return [];
  const returnSequences = c.declared.returnSequences ?? out.length === 3;
  const steps = returnSequences && out.length === 3 ? out[1] : null;
  const result: Candidate[] = [];
  for (const config of recurrentOptions(className, units, returnSequences, c)) {
    const unusual = !config.useBias;
    if (c.input) {
      result.push({ config, input: c.input, unusual });
      continue;
    }
    const n = exactSize(specOfRecurrent(config), c.params);
    if (n !== undefined) result.push({ config, input: [out[0], steps, n], unusual });
  }
  return result;
}

function timeDistributedCandidates(c: Context): Candidate[] {
  const out = c.out;
  if (!out || out.length < 3) return [];
  if (c.params === 0) {
    return [{
      config: { className: "TimeDistributed", layer: { className: "Dropout" } },
      input: c.input ?? out,
    }];
  }
  const units = lastOf(out);
  if (units === undefined) return [];
  const result: Candidate[] = [];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    const inner = { className: "Dense" as const, units, useBias };
    const config = { className: "TimeDistributed" as const, layer: inner };
    const unusual = !useBias;
    if (c.input) {
      result.push({ config, input: c.input, unusual });
      continue;
    }
    const n = exactSize(
      { layer: "TimeDistributed", inner: { layer: "Dense", units, useBias } },
      c.params,
    );
    if (n !== undefined) result.push({ config, input: [...out.slice(0, -1), n], unusual });
  }
  return result;
}

function bidirectionalCandidates(c: Context): Candidate[] {
  const out = c.out ?? c.outList?.[0] ?? null;
  const last = lastOf(out);
  if (!out || last === undefined) return [];
  const returnSequences = c.declared.returnSequences ?? out.length === 3;
  const steps = returnSequences && out.length === 3 ? out[1] : null;
  const modes: { mode: MergeMode; units: number }[] = c.outList ? [{ mode: null, units: last }] : [
    ...(last % 2 === 0 ? [{ mode: "concat" as MergeMode, units: last / 2 }] : []),
    { mode: "sum", units: last },
    { mode: "ave", units: last },
    { mode: "mul", units: last },
  ];
  const kinds = c.declared.className && c.declared.className !== "Bidirectional"
    ? [c.declared.className as "LSTM"]
    : (["LSTM", "GRU", "SimpleRNN"] as const);
  const result: Candidate[] = [];
  for (const { mode, units } of modes) {
    for (const kind of kinds) {
      for (const inner of recurrentOptions(kind, units, returnSequences, c)) {
        const config = { className: "Bidirectional" as const, layer: inner, mergeMode: mode };
        const unusual = !inner.useBias || mode !== (c.outList ? null : "concat");
        if (c.input) {
          result.push({ config, input: c.input, unusual });
          continue;
        }
        const n = exactSize(
          { layer: "Bidirectional", inner: specOfRecurrent(inner) as never, mergeMode: mode },
          c.params,
        );
        if (n !== undefined) result.push({ config, input: [out[0], steps, n], unusual });
      }
    }
  }
  return result;
}

const KERNEL_GUESSES = [3, 5, 7, 1, 2, 4, 6, 9, 11] as const;

function convCandidates(className: "Conv1D" | "Conv2D", c: Context): Candidate[] {
  const out = c.out;
  const filters = lastOf(out);
  const rank = className === "Conv1D" ? 1 : 2;
  if (!out || filters === undefined || out.length !== rank + 2 || c.params === null) return [];
  const result: Candidate[] = [];
  for (const useBias of options(c.declared.useBias, [true, false])) {
    const weights = c.params - (useBias ? filters : 0);
    if (weights <= 0 || weights % filters !== 0) continue;
    const volume = weights / filters; // kernel positions × input channels
    if (c.input) {
      const channels = lastOf(c.input);
      if (channels === undefined || volume % channels !== 0) continue;
      const area = volume / channels;
      for (const kernelSize of kernelShapes(area, rank, c.input, out)) {
        for (const geometry of geometries(kernelSize, c.input, out)) {
          result.push({
            config: { className, filters, kernelSize, useBias, ...geometry },
            input: c.input,
          });
        }
      }
      continue;
    }
    for (const k of KERNEL_GUESSES) {
      const area = k ** rank;
      if (volume % area !== 0) continue;
      const channels = volume / area;
      const kernelSize = new Array(rank).fill(k);
      const spatial = out.slice(1, -1).map((d) => (d === null ? null : d + k - 1));
      result.push({
        config: {
          className,
          filters,
          kernelSize,
          strides: kernelSize.map(() => 1),
          padding: "valid",
          useBias,
        },
        input: [out[0], ...spatial, channels],
        assumption: `The first convolution's kernel size and input channels share one count ` +
          `(${volume} = kernel positions × channels); a ${kernelSize.join("×")} kernel on ` +
          `${channels} channels with padding "valid" and stride 1 is assumed.`,
      });
    }
  }
  return result;
}

/** Kernel shapes with `area` positions: from the spatial sizes when they tell, else square. */
function kernelShapes(area: number, rank: number, input: Shape, out: Shape): number[][] {
  const shapes: number[][] = [];
  const fromSpatial = input.slice(1, -1).map((d, i) => {
    const o = out[i + 1];
    return d !== null && o !== null ? d - o + 1 : null;
  });
  if (fromSpatial.every((k) => k !== null && k >= 1)) {
    const ks = fromSpatial as number[];
    if (ks.reduce((a, b) => a * b, 1) === area) shapes.push(ks);
  }
  const side = Math.round(area ** (1 / rank));
  if (side ** rank === area && !shapes.some((s) => s.every((k) => k === side))) {
    shapes.push(new Array(rank).fill(side));
  }
  if (rank === 1 && shapes.length === 0) shapes.push([area]);
  return shapes;
}

function geometries(
  kernelSize: readonly number[],
  input: Shape,
  out: Shape,
): { strides: number[]; padding: Padding }[] {
  const spatial = input.slice(1, -1);
  const found: { strides: number[]; padding: Padding }[] = [];
  for (const padding of ["valid", "same"] as const) {
    const strides = spatial.map((length, i) => {
      const o = out[i + 1];
      if (length === null || o === null) return 1;
      for (let s = 1; s <= Math.min(length, 64); s++) {
        const size = padding === "same"
          ? Math.ceil(length / s)
          : Math.floor((length - kernelSize[i]) / s) + 1;
        if (size === o) return s;
      }
      return 0;
    });
    if (strides.every((s) => s > 0)) found.push({ strides, padding });
  }
  if (found.length === 0) found.push({ strides: spatial.map(() => 1), padding: "valid" });
  return found;
}

function embeddingCandidates(c: Context): Candidate[] {
  const out = c.out;
  const outputDim = lastOf(out);
  if (!out || outputDim === undefined || c.params === null) return [];
  if (c.params === 0 || c.params % outputDim !== 0) return [];
  const inputDim = c.params / outputDim;
  return [{
    config: { className: "Embedding", inputDim, outputDim },
    input: c.input ?? out.slice(0, -1),
  }];
}

function normalizationCandidates(
  className: "BatchNormalization" | "LayerNormalization",
  c: Context,
): Candidate[] {
  const out = c.out;
  if (!out) return [];
  const input = c.input ?? out;
  return [[true, true], [true, false], [false, true], [false, false]].map(([scale, center]) => ({
    config: { className, scale, center },
    input,
  }));
}

function poolingCandidates(
  className: "MaxPooling1D" | "MaxPooling2D" | "AveragePooling1D" | "AveragePooling2D",
  c: Context,
): Candidate[] {
  const out = c.out;
  if (!out) return [];
  if (c.input) {
    // Keras's default pool of 2 if it gives the printed size, else the smallest that does.
    const poolSize = c.input.slice(1, -1).map((d, i) => {
      const o = out[i + 1];
      if (d === null || o === null) return 2;
      const fits = (p: number) => Math.floor((d - p) / p) + 1 === o;
      if (d >= 2 && fits(2)) return 2;
      for (let p = 1; p <= Math.min(d, 10_000); p++) if (fits(p)) return p;
      return 2;
    });
    return [{ config: { className, poolSize }, input: c.input }];
  }
  const poolSize = out.slice(1, -1).map(() => 2);
  return [{
    config: { className, poolSize },
    input: [out[0], ...out.slice(1, -1).map((d) => (d === null ? null : d * 2)), out.at(-1)!],
    assumption: `The pool size cannot be read from the first layer's row; the default 2 is ` +
      `assumed.`,
  }];
}

// ---------------------------------------------------------------------------------------------
// Totals.

function checkTotals(summary: ParsedSummary, rows: readonly ExplainedRow[]): TotalsCheck {
  const notes: string[] = [];
  let consistent = true;
  const known = rows.every((r) => r.expectedParamCount !== null || !r.checked);
  let expected: TotalsCheck["expected"] = null;
  if (rows.every((r) => r.explanation || r.layer?.className === "InputLayer") && known) {
    const sum = (f: (e: Explanation) => number) =>
      rows.reduce((acc, r) => acc + (r.explanation ? f(r.explanation) : 0), 0);
    expected = {
      totalParams: sum((e) => e.paramCount),
      trainableParams: sum((e) => e.trainableParamCount),
      nonTrainableParams: sum((e) => e.nonTrainableParamCount),
    };
  }
  const printedRows = rows.every((r) => r.paramCount !== null)
    ? rows.reduce((acc, r) => acc + r.paramCount!, 0)
    : null;
  const { totalParams, trainableParams, nonTrainableParams } = summary;
  if (totalParams !== undefined) {
    if (printedRows !== null && printedRows !== totalParams) {
      consistent = false;
      notes.push(`Total params ${totalParams} is not the sum of the rows, ${printedRows}.`);
    } else if (expected && expected.totalParams !== totalParams) {
      consistent = false;
      notes.push(
        `Total params ${totalParams}, but the inferred layers have ${expected.totalParams}.`,
      );
    }
    if (
      trainableParams !== undefined && nonTrainableParams !== undefined &&
      trainableParams + nonTrainableParams !== totalParams
    ) {
      consistent = false;
      notes.push(
        `Trainable ${trainableParams} + non-trainable ${nonTrainableParams} = ` +
          `${trainableParams + nonTrainableParams}, not the total ${totalParams}.`,
      );
    }
  }
  if (expected && nonTrainableParams !== undefined) {
    if (nonTrainableParams < expected.nonTrainableParams) {
      consistent = false;
      notes.push(
        `Non-trainable params ${nonTrainableParams}, but the layers keep at least ` +
          `${expected.nonTrainableParams} non-trainable (BatchNormalization's moving statistics).`,
      );
    } else if (nonTrainableParams > expected.nonTrainableParams) {
      notes.push(
        `Non-trainable params ${nonTrainableParams} is more than the ` +
          `${expected.nonTrainableParams} Keras keeps by default: some layers were frozen ` +
          `(trainable: false).`,
      );
    }
  }
  const where = summary.totalsLine !== undefined && !consistent
    ? `Line ${summary.totalsLine}: `
    : "";
  notes.push(...summary.notes);
  return {
    expected,
    consistent,
    ...(notes.length > 0 ? { note: where + notes.join(" ") } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// The report.

function reportOf(result: SummaryExplanation): string {
  const lines: string[] = [];
  const name = result.summary.modelName ? ` of model "${result.summary.modelName}"` : "";
  lines.push(
    `Model input${name}: ${result.inputShape ? formatShape(result.inputShape) : "unknown"}`,
  );
  lines.push(`  ${result.inputReason}`);
  lines.push("");
  const header = [
    "Layer (type)",
    "Input",
    "Output Shape",
    "Param #",
    "Inferred layer",
    "Formula",
    "Check",
  ];
  const table = result.rows.map((row) => [
    `${row.name}${
      row.className !== undefined ? ` (${row.className}${row.classNameCut ? "" : ")"}` : ""
    }`,
    row.layerInputShape ? formatShape(row.layerInputShape) : "?",
    row.outputShape === null ? "?" : formatOutputShape(row.outputShape),
    countCell(row),
    row.layer ? describeConfig(row.layer) : "?",
    (row.formula ?? (row.expectedParamCount === 0 ? "0" : "")) + (row.filled ? "  (the ?)" : ""),
    !row.checked ? "unchecked" : row.consistent ? "ok" : "INCONSISTENT",
  ]);
  const all = [header, ...table];
  const widths = header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
  for (const r of all) {
    lines.push(
      r.map((cell, i) => (i === 3 ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
        .join("  ").trimEnd(),
    );
  }
  const noted = result.rows.filter((r) => r.note);
  if (noted.length > 0) {
    lines.push("");
    lines.push("Notes:");
    for (const row of noted) lines.push(`  ${row.name} (line ${row.line}): ${row.note}`);
  }
  const totals = result.totals;
  const printed = result.summary.totalParams;
  lines.push("");
  if (totals.expected) {
    lines.push(
      `Totals: ${totals.expected.totalParams} (${totals.expected.trainableParams} trainable, ` +
        `${totals.expected.nonTrainableParams} non-trainable)${
          printed === undefined ? "" : `; printed ${printed}`
        }${totals.consistent ? "" : ": INCONSISTENT"}`,
    );
  } else if (printed !== undefined) {
    lines.push(`Totals: printed ${printed}${totals.consistent ? "" : ": INCONSISTENT"}`);
  }
  if (totals.note) lines.push(`  ${totals.note}`);
  lines.push(
    result.consistent
      ? `Every checked number agrees with Keras.`
      : `Some printed numbers disagree with Keras; see the notes.`,
  );
  return lines.join("\n");
}

function countCell(row: ExplainedRow): string {
  if (row.paramCount === null) {
    return row.expectedParamCount === null ? "?" : `? = ${row.expectedParamCount}`;
  }
  return String(row.paramCount);
}
