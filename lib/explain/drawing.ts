/**
 * What a drawing of a layer's weights shows, as plain data: each weight tensor laid out as a
 * rectangle of rows × columns, with the named blocks inside it (a recurrent cell's gate bands, an
 * attention projection's per-head slices, a grouped convolution's groups, GRU's two bias rows).
 * Everything is read from the explanation's data: the weights' declared axes and the gates, never
 * from the layer's class. `svg.ts` renders it.
 *
 * @module
 */

import type { ExplanationData, WeightTerm } from "./data.ts";
import { type DrawingLanguage, drawingWords } from "./words.ts";
import { expectWith } from "../guard.ts";

/** What a band inside a tensor stands for. */
export type BandKind = "gate" | "head" | "group" | "bias row" | "channel";

/** A named block inside a tensor: an equal slice of its rows or of its columns. */
export interface Band {
  /** Its label, e.g. `"forget gate"`, `"head 2"`, `"group 1"`. */
  readonly label: string;
  /** What it is. */
  readonly kind: BandKind;
  /** Which side it slices. */
  readonly along: "rows" | "columns";
  /** Its index among the bands of its side, from 0. */
  readonly index: number;
  /** How many bands share its side. */
  readonly of: number;
}

/** One weight tensor as a rectangle. */
export interface TensorDrawing {
  /** The weight's name, e.g. `"kernel"` or `"query/kernel"`. */
  readonly name: string;
  /** Its shape. */
  readonly shape: readonly number[];
  /** Its number of values. */
  readonly size: number;
  /** Whether training updates it; a frozen tensor is drawn hatched. */
  readonly trainable: boolean;
  /** The rectangle's rows: the product of the axes drawn down its side (1 for a vector). */
  readonly rows: number;
  /** The rectangle's columns: the product of the axes drawn across. */
  readonly columns: number;
  /** The axes down the side, as sizes and symbols, e.g. `"13 (n)"`; empty for a vector. */
  readonly rowLabel: string;
  /** The axes across, e.g. `"20 (4·m)"`. */
  readonly columnLabel: string;
  /** What the tensor holds, in words. */
  readonly role: string;
  /** The named blocks inside it. */
  readonly bands: readonly Band[];
}

/** A group of tensors drawn together: one sub-layer, or one copy of a wrapped layer. */
export interface DrawingSection {
  /** Its heading, e.g. `"forward_lstm (copy 1 of 2)"`; empty for a layer's own weights. */
  readonly title: string;
  /** Its tensors, in Keras's order. */
  readonly tensors: readonly TensorDrawing[];
}

/** Everything a drawing of one layer's weights shows. */
export interface WeightDrawing {
  /** The heading: the layer's name, class and count. */
  readonly title: string;
  /** A note under the heading, e.g. a wrapper's sharing over time. */
  readonly note: string;
  /** The tensors, by section. */
  readonly sections: readonly DrawingSection[];
}

const HEAD_AXIS = /heads/;

/**
 * The drawing of an explanation's weights, as data.
 *
 * @param e An explanation.
 * @param lang The language of the heading, the note and the sections' titles; the bands keep
 *   their English labels as keys (a renderer translates them with `bandName`).
 * @returns Its tensors as rectangles with their named blocks.
 *
 * @example An LSTM's kernel is cut into four gate bands
 * ```ts
 * import { LSTM } from "../../mod.ts";
 * import { weightDrawing } from "./drawing.ts";
 * import assert from "assert";
 *
 * const d = weightDrawing(new LSTM({ units: 5, inputShape: [400, 13] }).explain());
 * const kernel = d.sections[0].tensors[0];
 * assert.deepEqual([kernel.rows, kernel.columns], [13, 20]);
 * assert.deepEqual(kernel.bands.map((b) => b.label), [
 *   "input gate",
 *   "forget gate",
 *   "cell candidate",
 *   "output gate",
 * ]);
 * ```
 */
export function weightDrawing(e: ExplanationData, lang: DrawingLanguage = "en"): WeightDrawing {
  expectWith(
    "weightDrawing",
    "its explanation",
    e,
    "a layer's explanation (layer.explain())",
    "weights",
  );
  const words = drawingWords(lang);
  const tensors = e.weights.map((w) => tensorDrawing(w, e));
  const copies = e.inner?.relation === "two copies" ? e.inner.copies : 0;
  const sections: { title: string; tensors: TensorDrawing[] }[] = [];
  for (const t of tensors) {
    const slash = t.name.lastIndexOf("/");
    const prefix = slash < 0 ? "" : t.name.slice(0, slash);
    const last = sections.at(-1);
    if (last && last.title === prefix) last.tensors.push(t);
    else sections.push({ title: prefix, tensors: [t] });
  }
  const titled = sections.map((s, i) =>
    copies > 1 && sections.length === copies
      ? { ...s, title: words.copy(s.title, i + 1, copies) }
      : s
  );
  const note = e.inner?.relation === "shared over time"
    ? words.sharedOverTime(e.inner.explanation.className, e.inputShape[1])
    : "";
  return {
    title: words.title(e.layerName, e.className, e.paramCount),
    note,
    sections: titled,
  };
}

function product(values: readonly number[]): number {
  return values.reduce((a, b) => a * b, 1);
}

function sideLabel(w: WeightTerm, axes: readonly number[]): string {
  if (axes.length === 0) return "";
  const sizes = axes.map((i) => w.shape[i]).join(" × ");
  const symbols = w.axes?.length === w.shape.length
    ? ` (${axes.map((i) => w.axes![i].symbol).join(" × ")})`
    : "";
  return `${sizes}${symbols}`;
}

function tensorDrawing(w: WeightTerm, e: ExplanationData): TensorDrawing {
  const rank = w.shape.length;
  const headAxis = w.axes?.length === rank
    ? w.axes.findIndex((a) => HEAD_AXIS.test(a.meaning))
    : -1;
  // A head axis leads its side, so each head's slice is one contiguous band.
  const split = rank <= 1 ? 0 : headAxis > 0 ? headAxis : rank - 1;
  const columnAxes = [...Array(rank).keys()].slice(split);
  // A depthwise kernel gives each input channel its own window: the channels lead the rows.
  const channelAxis = depthwiseChannelAxis(w);
  const rowAxes = [...Array(split).keys()].sort((a, b) =>
    (b === channelAxis ? 1 : 0) - (a === channelAxis ? 1 : 0)
  );
  const bands: Band[] = [
    ...channelBands(w, channelAxis, rowAxes),
    ...gateBands(w, e, columnAxes),
    ...biasRowBands(w, e, rowAxes),
    ...headBands(w, headAxis, rowAxes),
    ...groupBands(w, e, columnAxes),
  ];
  return {
    name: w.name,
    shape: w.shape,
    size: w.size,
    trainable: w.trainable,
    rows: product(rowAxes.map((i) => w.shape[i])),
    columns: product(columnAxes.map((i) => w.shape[i])),
    rowLabel: sideLabel(w, rowAxes),
    columnLabel: sideLabel(w, columnAxes),
    role: w.role,
    bands,
  };
}

function gateBands(w: WeightTerm, e: ExplanationData, columnAxes: readonly number[]): Band[] {
  const g = e.gates.length;
  if (g < 2) return unnamedGateBands(w, columnAxes);
  if (columnAxes.length !== 1) return [];
  // The gate axis is declared as g times the units: `4·m`, or `4·m2` in a stack of cells.
  const symbol = w.axes?.[columnAxes[0]]?.symbol ?? "";
  const factor = /^(\d+)·m\d*$/.exec(symbol);
  if (!factor || Number(factor[1]) !== g) return [];
  return e.gates.map((gate, index) => ({
    label: gate.name,
    kind: "gate",
    along: "columns",
    index,
    of: g,
  }));
}

function biasRowBands(w: WeightTerm, e: ExplanationData, rowAxes: readonly number[]): Band[] {
  // GRU with resetAfter declares its bias's rows as a constant 2: the input and recurrent biases.
  if (e.gates.length < 2 || rowAxes.length !== 1 || w.axes?.[0]?.symbol !== "2") return [];
  return ["input bias", "recurrent bias"].map((label, index) => ({
    label,
    kind: "bias row",
    along: "rows",
    index,
    of: 2,
  }));
}

function headBands(w: WeightTerm, headAxis: number, rowAxes: readonly number[]): Band[] {
  if (headAxis < 0) return [];
  const heads = w.shape[headAxis];
  const along = rowAxes.includes(headAxis) ? "rows" : "columns";
  // Grouped-query attention's key and value heads are each shared by several query heads.
  const shared = /key and value/.test(w.axes![headAxis].meaning);
  return [...Array(heads).keys()].map((index) => ({
    label: `${shared ? "kv head" : "head"} ${index + 1}`,
    kind: "head",
    along,
    index,
    of: heads,
  }));
}

function groupBands(w: WeightTerm, e: ExplanationData, columnAxes: readonly number[]): Band[] {
  // A grouped convolution's kernel declares `c/g` input channels of a group; its filters are
  // split into the groups, each reading its own slice of the input channels.
  const perGroup = w.axes?.findIndex((a) => a.symbol === "c/g") ?? -1;
  if (perGroup < 0 || columnAxes.length !== 1) return [];
  const channels = e.inputShape.at(-1);
  const filters = w.shape[columnAxes[0]];
  if (typeof channels !== "number") return [];
  const groups = channels / w.shape[perGroup];
  if (!Number.isInteger(groups) || groups < 2 || filters % groups !== 0) return [];
  return [...Array(groups).keys()].map((index) => ({
    label: `group ${index + 1}`,
    kind: "group",
    along: "columns",
    index,
    of: groups,
  }));
}

function depthwiseChannelAxis(w: WeightTerm): number {
  if (!w.axes?.some((a) => a.meaning === "depth multiplier")) return -1;
  return w.axes.findIndex((a) => a.symbol === "c");
}

function channelBands(w: WeightTerm, channelAxis: number, rowAxes: readonly number[]): Band[] {
  if (channelAxis < 0 || rowAxes[0] !== channelAxis) return [];
  const channels = w.shape[channelAxis];
  return [...Array(channels).keys()].map((index) => ({
    label: `channel ${index + 1}`,
    kind: "channel",
    along: "rows",
    index,
    of: channels,
  }));
}

/**
 * The gate blocks of a weight whose kind declares its axis as gates times something (`4·f`,
 * "4 gates × filters", a ConvLSTM's) but names no gates: numbered, since the names are not known.
 */
function unnamedGateBands(w: WeightTerm, columnAxes: readonly number[]): Band[] {
  if (columnAxes.length !== 1) return [];
  const axis = w.axes?.[columnAxes[0]];
  const factor = axis ? /^(\d+)·\w+$/.exec(axis.symbol) : null;
  if (!factor || !/\bgates\b/.test(axis!.meaning)) return [];
  const g = Number(factor[1]);
  return [...Array(g).keys()].map((index) => ({
    label: `gate ${index + 1}`,
    kind: "gate",
    along: "columns",
    index,
    of: g,
  }));
}
