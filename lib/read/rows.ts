/**
 * The data of the summary reader, in one place: a printed row and table as read
 * ({@linkcode ParsedRow}, {@linkcode ParsedSummary}), and as explained ({@linkcode ExplainedRow},
 * {@linkcode TotalsCheck}, {@linkcode ExplainedSummary}). Types only; every room of the reader
 * imports them from here, and none of them imports a room.
 *
 * @module
 */

import type { OutputShape } from "../layers/base.ts";
import type { Explanation } from "../explain/mod.ts";
import type { LayerConfig } from "../layers/kind.ts";
import type { Shape } from "../shape.ts";

/** Which program printed the table. */
export type SummaryFormat = "keras2" | "keras3" | "tfjs";

/** One layer row of a printed summary. */
export interface ParsedRow {
  /** The layer's name as printed, e.g. `"lstm_1"`. */
  readonly name: string;
  /** The class in parentheses after the name, when printed, e.g. `"LSTM"` or `"TimeDist"`. */
  readonly className?: string;
  /** Whether the class was cut short by the column (`(TimeDist`, `(Bidirectio…`). */
  readonly classNameCut?: boolean;
  /** Whether the name itself ends in Keras 3's `…`. */
  readonly nameCut?: boolean;
  /**
   * The output shape: `null` for `None`; a list of shapes for several outputs; `null` when the
   * summary prints no shape (`?`, `multiple`).
   */
  readonly outputShape: Shape | readonly Shape[] | null;
  /**
   * The output shape when one is printed (whole or cut), normalised once when the row is read:
   * `null` for a list of outputs or none.
   */
  readonly outputSingle: Shape | null;
  /** The outputs when several are printed (`[(None, 5), (None, 5)]`), else `null`. */
  readonly outputList: readonly Shape[] | null;
  /** Whether the printed shape was cut short by the column; its last dimensions are missing. */
  readonly outputShapeCut?: boolean;
  /**
   * When the cut fell inside the output's last size: the digits printed of it (`"256"` of
   * `(None, 128, 128, 256`); the size starts with them, and `outputShape` leaves it out.
   */
  readonly outputShapeCutDigits?: string;
  /**
   * When the cut fell inside a list's last printed output (Keras 2's `[(None, 64), (None,`):
   * that output's last sizes are missing, and only its first ones are printed.
   */
  readonly outputLastCut?: boolean;
  /** The input shape, printed by TensorFlow.js only. */
  readonly inputShape?: Shape | readonly Shape[] | null;
  /** The parameter count, or `null` for `?`, a count cut with `…`, or Keras 3's `(unbuilt)`. */
  readonly paramCount: number | null;
  /** Whether Keras 3 cut the count with `…` (`2,720,…`), so it is unknown. */
  readonly paramCountCut?: boolean;
  /** What was printed of a cut count, before its `…`, e.g. `"2,720,"`. */
  readonly paramCountPrefix?: string;
  /** Whether Keras 3 printed the layer as `(unbuilt)`. */
  readonly unbuilt?: boolean;
  /**
   * The layers this row's `Connected to` (or `Receives inputs`) cell names, in order, when the
   * table has that column; empty for a model input.
   */
  readonly inbound?: readonly string[];
  /**
   * Which output of each inbound layer the row reads (`lstm[0][1]`: its second), when one is
   * not the first; -1 where the entry was cut.
   */
  readonly inboundTensors?: readonly number[];
  /**
   * Which `Connected to` entries may name a layer cut short by the column (a prefix of its
   * name), when any does; an entry cut in its index (`lstm[0][…`) names its layer whole.
   */
  readonly inboundNamesCut?: readonly boolean[];
  /** Whether the last `Connected to` entry was cut short by its column (a name prefix). */
  readonly inboundCut?: boolean;
  /**
   * Whether the console's right edge cut the `Connected to` list, so that entries may be lost
   * after those read: the row's inputs are not known.
   */
  readonly inboundMayGoOn?: boolean;
  /**
   * For a layer of a nested model printed with `expand_nested` (TF ≥ 2.11's `|` frames): how
   * deep it is; the rows right above it at a lower depth is its model's row.
   */
  readonly depth?: number;
  /**
   * Whether a column narrower than a nested layer's `└` marker cut it (summary's `positions`):
   * `depth` is then the least it may be, and the reader settles it from the rows above where it
   * can.
   */
  readonly depthCut?: boolean;
  /**
   * The `Trainable` column of `show_trainable`, when printed: `"Y"` or `"N"` as the layer is
   * trainable or frozen (Keras 2 prints them for every layer; Keras 3 only for a layer with
   * weights, and `"-"` for one without).
   */
  readonly trainableFlag?: "Y" | "N" | "-";
  /**
   * What is written after the count, without its `=`, as the answer to "Why does the first LSTM in
   * a Keras model have more params?" annotates its rows:
   * `"4*(13*5 + 5*5 + 5)"`, or `"?"` for a formula left to find.
   */
  readonly annotation?: string;
  /** The 1-based line of the text the row starts on. */
  readonly line: number;
}

/** A printed model summary, read back. */
export interface ParsedSummary {
  /** Which program's table it is. */
  readonly format: SummaryFormat;
  /** The model's name from a `Model: "name"` line above the table, if there is one. */
  readonly modelName?: string;
  /** The layer rows, in order. */
  readonly rows: readonly ParsedRow[];
  /** `Total params`, if printed. */
  readonly totalParams?: number;
  /** `Trainable params`, if printed. */
  readonly trainableParams?: number;
  /** `Non-trainable params`, if printed. */
  readonly nonTrainableParams?: number;
  /**
   * The size Keras prints after the trainable count (`1.29 KB`), when printed whole: what those
   * weights take, by their dtypes.
   */
  readonly trainableSize?: string;
  /** The size Keras prints after the non-trainable count, when printed whole. */
  readonly nonTrainableSize?: string;
  /** Keras 3's `Optimizer params` (the optimizer's variables, after training), if printed. */
  readonly optimizerParams?: number;
  /** Whether the table has a `Connected to` (or `Receives inputs`) column. */
  readonly connections: boolean;
  /**
   * Whether a console narrower than the table cut every line of it at the right edge (Keras 3's
   * box table printed with a `line_length` wider than the console): the last column printed is
   * cut, and any after it are gone: whether that took the counts (their column cut or gone), and
   * the Connected to column (cut, or perhaps gone).
   */
  readonly consoleCut?: { readonly counts: boolean; readonly connections: boolean };
  /**
   * Whether the console cut the table at its right edge where a Functional model's Connected to
   * column would be (its InputLayer rows are printed): which rows feed which is not known.
   */
  readonly connectionsCutOff?: boolean;
  /** The 1-based line of `Total params`, if printed. */
  readonly totalsLine?: number;
  /** Remarks on how the table was printed, e.g. a total printed as `146.0`. */
  readonly notes: readonly string[];
  /** The 1-based line of the header (`Layer (type) …`). */
  readonly headerLine: number;
  /** The 1-based line of the table's last line. */
  readonly endLine: number;
}

/** A row of the summary, explained. */
export interface ExplainedRow extends ParsedRow {
  /** The configuration inferred for the layer, if it could be. */
  readonly layer?: LayerConfig;
  /** The layer's input shape: the previous row's output, or inferred for the first layer. */
  readonly layerInputShape: Shape | null;
  /** What Keras outputs for the inferred layer on that input. */
  readonly expectedOutputShape: OutputShape | null;
  /** What Keras counts for the inferred layer on that input; fills a printed `?`. */
  readonly expectedParamCount: number | null;
  /**
   * The formula, written as the answer to "Why does the first LSTM in a Keras model have more
   * params?" annotates its rows: `4*(13*5 + 5*5 + 5)`.
   */
  readonly formula?: string;
  /** The full explanation of the inferred layer's count. */
  readonly explanation?: Explanation;
  /** Whether the row's count was printed as `?` (or annotated `= ?`) and is now known. */
  readonly filled: boolean;
  /** Whether the row could be checked at all (a known layer with a known input). */
  readonly checked: boolean;
  /**
   * Why the row is not checked, in a few words (`Lambda is not modelled`, `class cut to
   * "Conv2DT"`), when it is not.
   */
  readonly notCheckedReason?: string;
  /**
   * Whether only the count was checked: a class Keras gives no weights (Lambda, Reshape, Add,
   * …) whose output shape the reader does not compute.
   */
  readonly countOnly?: boolean;
  /** For a class cut short: the classes its prefix could be, when more than one. */
  readonly classCandidates?: readonly string[];
  /** A layer of several inputs (a merge): each input's shape, from the rows it reads. */
  readonly layerInputShapes?: readonly Shape[];
  /** The rows whose outputs feed this one (from `Connected to`, or the row above). */
  readonly inputsFrom?: readonly string[];
  /**
   * When configurations that fit the row equally keep different non-trainable counts (a
   * BatchNormalization without scale and center, or one normalizing another axis): the least
   * and the most; the totals are checked against the range.
   */
  readonly nonTrainableRange?: readonly [number, number];
  /**
   * For a count cut with `…` that layers of different counts fit: those counts. The totals may
   * tell them apart.
   */
  readonly candidateCounts?: readonly number[];
  /**
   * For a count cut with `…`: the counts of the configurations the row's reading found that fit
   * it, without LoRA or a rarer form. When the ways of filling the table's cut counts are too
   * many to list, the sums try these first, to show that the table leaves the counts open.
   */
  readonly plainCounts?: readonly number[];
  /**
   * For a count cut with `…` that the sums leave open: the counts it takes in two or more ways
   * of filling the table's cut counts, each read again with a configuration of every cut row that
   * fits it, adding up to the printed sums (the printed split is read only as far as the
   * Trainable column bounds each layer's part).
   * The reader cannot tell them apart; the row is not checked.
   */
  readonly openCounts?: readonly number[];
  /**
   * When several configurations fit the row and the table cannot tell which (a LoRA rank with
   * the input size unknown): those configurations; the row is not checked.
   */
  readonly configCandidates?: readonly LayerConfig[];
  /**
   * Whether the row's kind was read by a reading that does not try every configuration Keras
   * could have printed it with (a kind read generically, or a partial reading): its fit is no
   * proof of a count the totals leave.
   */
  readonly readingIncomplete?: boolean;
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
  /**
   * `false` when the totals could not be checked against the rows: they add up to less than
   * the total, as a summary printed with `layer_range` shows some layers and the whole model's
   * totals. A table whose totals are not checked is not fully explained.
   */
  readonly checked?: boolean;
  /** What disagrees, or what explains a difference (optimizer variables, shared weights). */
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
  /**
   * The explained summaries of models this one nests, by model name (`Model: "encoder"`), when
   * they were printed too: a nested model's row is checked against its own summary.
   */
  readonly models?: Readonly<Record<string, ExplainedSummary>>;
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
 * An explained summary as plain data: what the report and HTML renderers draw, and what a
 * nested model's row is checked against. {@linkcode SummaryExplanation} is one.
 */
export interface ExplainedSummary {
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
  /** Whether every checked row and the totals agree with Keras's rules. */
  readonly consistent: boolean;
}
