// What the reader does not yet read in the tables real Keras 3 prints (tools/keras_oracle/
// prints.py, checked by tools/keras_oracle/prints_check.ts). Each entry names a category,
// explains it, and matches exactly the findings it excuses; a table is excused only when every
// one of its findings is matched. tests/keras_prints_test.ts fails when an entry matches nothing
// in the committed tables (then the reader was fixed, and the entry goes). The aim is an empty
// list. /work/notes/keras_prints_failures.md lists each category with an example table, and
// tests/fixtures/keras_prints/failing/ holds one table per category.

import type { ExplainedRow } from "../mod.ts";
import type { Finding, KerasRow, PrintedTable } from "../tools/keras_oracle/prints_check.ts";

/** What a finding is about: its table, its row as Keras knows it and as read, and the rest. */
export interface FindingContext {
  readonly table: PrintedTable;
  readonly keras?: KerasRow;
  readonly read?: ExplainedRow;
  /** Every finding of the table. */
  readonly findings: readonly Finding[];
}

/** A known difference: named, explained, and matched precisely. */
export interface KnownPrintDifference {
  /** A short name, printed with the count of tables it excuses. */
  readonly name: string;
  /** What Keras prints, and what the reader does instead. */
  readonly why: string;
  /** Whether this entry explains `finding`. */
  readonly matches: (finding: Finding, context: FindingContext) => boolean;
}

const config = (c: FindingContext): Readonly<Record<string, unknown>> => c.keras?.config ?? {};
const inner = (c: FindingContext): Readonly<Record<string, unknown>> =>
  ((config(c).layer as { config?: Record<string, unknown> } | undefined)?.config) ?? {};
const notOne = (value: unknown): boolean =>
  value !== undefined &&
  JSON.stringify(value).replace(/[^0-9]/g, "").split("").some((d) => d !== "1");
/** The row's own problem: not checked, or checked and flagged. */
const rowProblem = (f: Finding): boolean => f.kind === "not checked" || f.kind === "flagged";

/** The header's cells wrap onto a second line (`Layer` / `(type)`), as rich prints them when a
 * column is narrower than its title. */
function headerWraps(table: PrintedTable): boolean {
  const lines = table.table.split("\n");
  const header = lines.findIndex((line) => line.startsWith("┃"));
  return header >= 0 && (lines[header + 1] ?? "").startsWith("┃");
}

/** Whether the table has rows of a nested model printed under it (`└ name`). */
function expanded(table: PrintedTable): boolean {
  return table.rows.some((row) => row.depth > 0);
}

/** Rows whose class is one of `classes` (a wrapper's inner class counts too). */
function classIs(c: FindingContext, ...classes: string[]): boolean {
  const name = c.keras?.class_name ?? "";
  const wrapped = (config(c).layer as { class_name?: string } | undefined)?.class_name ?? "";
  return classes.includes(name) || classes.includes(wrapped);
}

/** A normalization over an axis other than the last. */
function otherAxis(row: KerasRow | undefined): boolean {
  if (!row || !["BatchNormalization", "LayerNormalization"].includes(row.class_name)) return false;
  const axis = JSON.stringify(row.config?.axis ?? -1);
  return axis !== "-1" && axis !== "[-1]";
}

/** Kinds the reader has no row reading for yet, or cannot infer some of their options. */
const NOT_INFERRED: readonly [string, readonly string[], string][] = [
  [
    "GroupNormalization rows",
    ["GroupNormalization"],
    "GroupNormalization's count, 2 × channels (or less with center/scale off), is printed, " +
    "but the reader has no row reading for it: 'configuration not inferred'.",
  ],
  [
    "EinsumDense rows",
    ["EinsumDense"],
    "EinsumDense's equation is not printed; its count and output shape often determine a " +
    "bias-free or biased projection of the last axis, which the reader does not try.",
  ],
  [
    "transposed convolution rows",
    ["Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"],
    "Conv*DTranspose rows (and use_bias=False among them) are not inferred from the count and " +
    "the output shape.",
  ],
  [
    "Normalization rows",
    ["Normalization"],
    "Normalization keeps mean, variance and count (2 × features + 1, non-trainable), or 0 " +
    "given its statistics; the reader has no row reading for it.",
  ],
  [
    "PReLU rows",
    ["PReLU"],
    "PReLU's count is the product of its input's dimensions not shared (shared_axes); the " +
    "reader does not infer it.",
  ],
  [
    "ConvLSTM rows",
    ["ConvLSTM1D", "ConvLSTM2D", "ConvLSTM3D"],
    "ConvLSTM*D rows are not inferred from count and output shape.",
  ],
  [
    "depthwise and separable convolutions",
    ["DepthwiseConv1D", "DepthwiseConv2D", "SeparableConv1D", "SeparableConv2D"],
    "Depthwise and separable convolutions (with or without bias, depth_multiplier) are not " +
    "inferred from their rows.",
  ],
  [
    "attention rows",
    ["Attention", "AdditiveAttention", "GroupedQueryAttention", "GroupQueryAttention"],
    "Attention (use_scale: 1 weight, or 0), AdditiveAttention (use_scale: the last " +
    "dimension) and GroupedQueryAttention (num_query_heads, num_key_value_heads, head_dim) " +
    "have no row reading: 'configuration not inferred'.",
  ],
  [
    "RNN wrapper rows",
    ["RNN"],
    "keras.layers.RNN around a cell (or stacked cells) prints as RNN; the reader has no row " +
    "reading for it.",
  ],
];

export const KNOWN_PRINT_DIFFERENCES: readonly KnownPrintDifference[] = [
  {
    name: "two-line header",
    why: "At narrow widths rich wraps a header cell onto a second line (`Layer` / `(type)`, " +
      "`Param` / `#`, `Connected` / `to`); the reader looks for the column titles on one line " +
      "and stops (no Output Shape column, or no table at all), or misses the `Connected to` " +
      "column, so each row is read as taking the row above.",
    matches: (f, c) =>
      headerWraps(c.table) &&
      (f.kind === "parse error" || f.kind === "columns" ||
        // Rows read without their Connected to column take the row above as their input.
        (rowProblem(f) && c.findings.some((g) => g.kind === "columns"))),
  },
  ...NOT_INFERRED.map(([name, classes, why]): KnownPrintDifference => ({
    name,
    why,
    matches: (f, c) =>
      f.kind === "not checked" && classIs(c, ...classes) &&
      /configuration not inferred|input unknown|no \w+ fits|count unknown/.test(f.detail),
  })),
  {
    name: "grouped convolution",
    why: "Convolutions with groups > 1 have filters × (kernel × channels / groups) weights; " +
      "the reader finds no convolution that fits.",
    matches: (f, c) => rowProblem(f) && Number(config(c).groups ?? 1) > 1,
  },
  {
    name: "cut Connected to entries",
    why: "Keras cuts every line of a long `Connected to` cell with `…`, not only the last; the " +
      "reader marks only the last entry cut (inboundCut), reads the others as whole names " +
      "(`batch_normali`), and may match a cut entry to the first row that starts the same way.",
    matches: (f, c) =>
      (f.kind === "inbound" || rowProblem(f)) && c.keras !== undefined &&
      (c.read?.inbound ?? []).some((name, j) => {
        const keras = c.keras!.inbound[j] ?? "";
        const prefix = name.replace(/…$/, "");
        return name !== keras && prefix.length > 0 && keras.startsWith(prefix);
      }),
  },
  {
    name: "keras.ops and mask rows",
    why: "Keras 3 prints a row for each keras.ops call in a graph (`not_equal (NotEqual)`, " +
      "`matmul (Matmul)`, `get_item (GetItem)`, ...) and for the mask Embedding(mask_zero=True) " +
      "computes (`not_equal (NotEqual)`, `logical_or (LogicalOr)`); the reader does not know " +
      "them: '<Op> is not modelled'.",
    matches: (f, c) =>
      (f.kind === "not checked" || f.kind === "flagged") && c.keras?.operation === true,
  },
  {
    name: "cut name kept",
    why: "Keras cuts a long name with `…`; the reader keeps the `…` in the name and leaves " +
      "nameCut unset, so the name is never matched.",
    matches: (f, c) => f.kind === "name" && c.read?.name.endsWith("…") === true && !c.read.nameCut,
  },
  {
    name: "cut class not resolved",
    why: "A class cut with `…` (`GlobalAveragePooli…`) is not resolved: by the only class it " +
      "can be, or by its input's rank (Global*Pooling1D/2D/3D).",
    matches: (f) => f.kind === "not checked" && /class cut to/.test(f.detail),
  },
  {
    name: "pooling keepdims",
    why: "Global*Pooling with keepdims=True prints (None, 1, 1, C); the reader flags it.",
    matches: (f, c) =>
      f.kind === "flagged" && /^Global/.test(c.keras?.class_name ?? "") &&
      config(c).keepdims === true,
  },
  {
    name: "channels_first",
    why: "Layers with data_format='channels_first' (pooling, convolutions, upsampling, cropping, " +
      "padding, Global*Pooling) are read as channels_last.",
    matches: (f, c) =>
      rowProblem(f) && (config(c).data_format === "channels_first" ||
        inner(c).data_format === "channels_first"),
  },
  {
    name: "normalization axis",
    why: "BatchNormalization / LayerNormalization over an axis other than the last (axis=1, or " +
      "several axes) keeps other counts; the reader assumes the last axis: the row is flagged, " +
      "or read as the last axis without center or scale, which only the trainable split of " +
      "the totals contradicts.",
    matches: (f, c) =>
      (rowProblem(f) && otherAxis(c.keras)) ||
      (f.kind === "totals flagged" && c.table.rows.some(otherAxis)),
  },
  {
    name: "dilated convolution",
    why: "Convolutions with dilation_rate > 1 shrink the output by the dilated kernel; the " +
      "reader finds no convolution that fits.",
    matches: (f, c) => rowProblem(f) && notOne(config(c).dilation_rate ?? inner(c).dilation_rate),
  },
  {
    name: "non-square kernel or strides",
    why: "A Conv1D/2D/3D whose kernel or strides differ by axis (kernel (1, 3), strides " +
      "(3, 1)) is not among the configurations the reader tries: 'no Conv2D fits'.",
    matches: (f, c) => {
      const uneven = (v: unknown) => Array.isArray(v) && new Set(v).size > 1;
      return rowProblem(f) && classIs(c, "Conv1D", "Conv2D", "Conv3D") &&
        (uneven(config(c).kernel_size) || uneven(config(c).strides));
    },
  },
  {
    name: "TimeDistributed of a non-Dense layer",
    why: "TimeDistributed(Conv2D / MaxPooling2D / Flatten / ...) is read as TimeDistributed of " +
      "a Dense or Dropout.",
    matches: (f, c) => rowProblem(f) && c.keras?.class_name === "TimeDistributed",
  },
  {
    name: "Bidirectional return_state",
    why: "Bidirectional(return_state=True) outputs the merged sequence and each direction's " +
      "states; the reader expects fewer outputs.",
    matches: (f, c) =>
      rowProblem(f) && c.keras?.class_name === "Bidirectional" && inner(c).return_state === true,
  },
  {
    name: "expand_nested rows",
    why: "Rows of a nested model printed with expand_nested (`└ name`) are read as rows of the " +
      "outer model, and the nested model's own row is not checked against them.",
    matches: (f, c) =>
      expanded(c.table) &&
      (c.keras === undefined ? f.kind === "rows" : c.keras.depth > 0 || c.keras.expanded),
  },
  {
    name: "cut count",
    why: "A count cut with `…` (`55,834,113,8…`) on a row whose input is not printed (a " +
      "Sequential's first row) leaves input and count unknown; the totals less the other rows " +
      "give the count, which the reader does not try (nor for a nested model's row whose " +
      "count is cut).",
    matches: (f, c) =>
      c.read?.paramCountCut === true &&
      ((f.kind === "not checked" && /count unknown/.test(f.detail)) || f.kind === "count"),
  },
  {
    name: "consequence of a row's category",
    why: "What follows from a row not checked or flagged under another category: its cut " +
      "count stays unknown, its expected count or shape is not Keras's, and the totals do not " +
      "add up.",
    matches: (f, c) =>
      (["count", "expected count", "expected shape"].includes(f.kind) &&
        c.findings.some((g) => g.row === f.row && rowProblem(g))) ||
      (f.kind === "totals flagged" && c.findings.some((g) => rowProblem(g))),
  },
];
