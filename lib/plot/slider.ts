/**
 * Figures you can slide: plotly's own sliders, buttons and frames, which need no kernel and work
 * in exported pages. A slider line figure switches its lines' values step by step (e.g. the
 * input features); a blocks figure animates a drawing of weight tensors through frames (e.g. an
 * LSTM's four gate blocks as its units grow).
 *
 * @module
 */

import { Figure } from "./figure.ts";
import type { LineSeries } from "./line.ts";
import { plotlyText } from "./_text.ts";

/** One position of a slider: its label and the lines shown there. */
export interface SliderStep {
  /** The slider's label at this step, e.g. `"13 features"`. */
  readonly label: string;
  /** The lines at this step; every step has as many, with the same names and x values. */
  readonly series: readonly LineSeries[];
}

/** What a {@linkcode sliderLineFigure} shows. */
export interface SliderLineFigureOptions {
  /** The figure's title. */
  readonly title: string;
  /** The x axis title. */
  readonly xTitle: string;
  /** The y axis title. */
  readonly yTitle: string;
  /** What the slider moves, e.g. `"input features"`. */
  readonly sliderTitle: string;
  /** The slider's steps, in order; the first is shown first. */
  readonly steps: readonly SliderStep[];
  /**
   * Whether the x axis is logarithmic.
   * @default {false}
   */
  readonly logX?: boolean;
  /**
   * Whether the y axis starts logarithmic; buttons switch it between log and linear.
   * @default {false}
   */
  readonly logY?: boolean;
}

const SLIDER_BASE = {
  active: 0,
  pad: { t: 50 },
  len: 0.9,
  x: 0.05,
};

/** Where both figures put their row of buttons: above the plot, from its left edge. */
const BUTTONS_BASE = {
  type: "buttons",
  direction: "right",
  x: 0,
  y: 1.12,
  xanchor: "left",
};

function checkSteps(steps: readonly SliderStep[], what: string): void {
  if (steps.length < 2) {
    throw new RangeError(`${what}: a slider needs at least 2 steps, received ${steps.length}`);
  }
  const names = steps[0].series.map((s) => s.name).join("\n");
  for (const step of steps) {
    if (step.series.map((s) => s.name).join("\n") !== names) {
      throw new TypeError(
        `${what}: every step must have the same lines; step "${step.label}" has ` +
          `${step.series.map((s) => s.name).join(", ")}`,
      );
    }
    for (const s of step.series) {
      if (s.x.length !== s.y.length) {
        throw new RangeError(
          `${what}: line "${s.name}" at step "${step.label}" has ${s.x.length} x values and ` +
            `${s.y.length} y values`,
        );
      }
    }
  }
}

function hoverOf(s: LineSeries): string[] {
  return s.hover?.map(plotlyText) ?? s.y.map((y, i) => `${s.x[i]}: ${y}`);
}

/**
 * A line figure with a slider: each step of the slider shows its own values of the same lines,
 * switched by plotly itself (no kernel), with buttons for a log or linear y axis.
 *
 * @param options The titles, the slider's steps and the axes.
 * @returns A figure; the last value of a notebook cell displays it.
 * @throws {RangeError} With fewer than 2 steps, or a line whose x and y differ in length.
 * @throws {TypeError} When the steps do not have the same lines.
 *
 * @example An LSTM's count against units, with the input features on the slider
 * ```ts
 * import { sliderLineFigure } from "../plot.ts";
 * import assert from "assert";
 *
 * const units = [1, 5, 10];
 * const lstm = (n: number) => units.map((m) => 4 * ((n + m) * m + m));
 * const figure = sliderLineFigure({
 *   title: "LSTM parameters",
 *   xTitle: "units",
 *   yTitle: "parameters",
 *   sliderTitle: "input features",
 *   steps: [1, 13].map((n) => ({ label: `${n}`, series: [{ name: "LSTM", x: units, y: lstm(n) }] })),
 * });
 * const slider = (figure.layout.sliders as { steps: { args: unknown[] }[] }[])[0];
 * assert.deepEqual(slider.steps[1].args[0], {
 *   y: [[60, 380, 960]],
 *   hovertext: [["1: 60", "5: 380", "10: 960"]],
 * });
 * ```
 */
export function sliderLineFigure(options: SliderLineFigureOptions): Figure {
  checkSteps(options.steps, `sliderLineFigure "${options.title}"`);
  const first = options.steps[0];
  const data = first.series.map((s) => ({
    type: "scatter",
    mode: "lines+markers",
    name: plotlyText(s.name),
    x: [...s.x],
    y: [...s.y],
    hovertext: hoverOf(s),
    hoverinfo: "text+name",
    line: { dash: s.dash ?? "solid" },
    marker: { symbol: s.marker ?? "circle" },
  }));
  const yType = options.logY ? "log" : "linear";
  const layout = {
    title: { text: plotlyText(options.title) },
    xaxis: { title: { text: plotlyText(options.xTitle) }, type: options.logX ? "log" : "linear" },
    yaxis: { title: { text: plotlyText(options.yTitle) }, type: yType },
    sliders: [{
      ...SLIDER_BASE,
      currentvalue: { prefix: `${plotlyText(options.sliderTitle)}: ` },
      steps: options.steps.map((step) => ({
        label: plotlyText(step.label),
        method: "restyle",
        args: [{ y: step.series.map((s) => [...s.y]), hovertext: step.series.map(hoverOf) }],
      })),
    }],
    updatemenus: [{
      ...BUTTONS_BASE,
      showactive: true,
      active: options.logY ? 0 : 1,
      buttons: [
        { label: "log y", method: "relayout", args: [{ "yaxis.type": "log" }] },
        { label: "linear y", method: "relayout", args: [{ "yaxis.type": "linear" }] },
      ],
    }],
  };
  const description = `${options.title}: ${options.yTitle} against ${options.xTitle}, ` +
    `with ${options.sliderTitle} on a slider (${
      options.steps.map((s) => s.label).join(", ")
    }); the first step shows ${first.series.map((s) => `${s.name}: ${s.y.join(", ")}`).join("; ")}`;
  return new Figure(data, layout, description);
}

/** One tensor of a {@linkcode blocksFigure}'s frame: a rectangle cut into equal column bands. */
export interface BlockTensor {
  /** The tensor's name, e.g. `"kernel"`. */
  readonly name: string;
  /** Its rows (1 for a vector). */
  readonly rows: number;
  /** Its columns. */
  readonly columns: number;
  /** The names of its column bands, in order, e.g. the gates; empty for none. */
  readonly bands: readonly string[];
}

/** One frame of a {@linkcode blocksFigure}: the tensors at one size. */
export interface BlocksFrame {
  /** The slider's label at this frame, e.g. `"5 units"`. */
  readonly label: string;
  /** The tensors, drawn one under another; every frame has the same names and bands. */
  readonly tensors: readonly BlockTensor[];
}

/** What a {@linkcode blocksFigure} shows. */
export interface BlocksFigureOptions {
  /** The figure's title. */
  readonly title: string;
  /** What the slider moves, e.g. `"units"`. */
  readonly sliderTitle: string;
  /** The frames, in order. */
  readonly frames: readonly BlocksFrame[];
  /**
   * The index of the frame shown first, and in the figure's static picture.
   * @default {0}
   */
  readonly start?: number;
}

/** The Okabe–Ito colours, which colour-blind readers can tell apart. */
const BAND_COLOURS = ["#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"];
const GAP = 2;

function frameData(frame: BlocksFrame, bandNames: readonly string[]) {
  // One filled trace per band name (its rectangles in every tensor, split by nulls), one for
  // tensors without bands, one of labels: the same traces in every frame, so plotly animates.
  const xs: (number | null)[][] = bandNames.map(() => []);
  const ys: (number | null)[][] = bandNames.map(() => []);
  const plainX: (number | null)[] = [];
  const plainY: (number | null)[] = [];
  const textX: number[] = [];
  const textY: number[] = [];
  const texts: string[] = [];
  let top = 0;
  for (const t of frame.tensors) {
    const height = t.rows;
    const box = (x0: number, x1: number, into: [(number | null)[], (number | null)[]]) => {
      into[0].push(x0, x1, x1, x0, x0, null);
      into[1].push(-top, -top, -top - height, -top - height, -top, null);
    };
    if (t.bands.length === 0) box(0, t.columns, [plainX, plainY]);
    t.bands.forEach((band, i) => {
      const width = t.columns / t.bands.length;
      const index = bandNames.indexOf(band);
      box(i * width, (i + 1) * width, [xs[index], ys[index]]);
    });
    textX.push(t.columns + 0.5);
    textY.push(-top - height / 2);
    texts.push(plotlyText(`${t.name}: ${t.rows} × ${t.columns} = ${t.rows * t.columns}`));
    top += height + GAP;
  }
  return [
    ...bandNames.map((name, i) => ({
      type: "scatter",
      mode: "lines",
      fill: "toself",
      name: plotlyText(name),
      x: xs[i],
      y: ys[i],
      fillcolor: BAND_COLOURS[i % BAND_COLOURS.length],
      line: { color: "#1b1b1b", width: 1 },
      hoverinfo: "name",
    })),
    {
      type: "scatter",
      mode: "lines",
      fill: "toself",
      name: "weights",
      x: plainX,
      y: plainY,
      fillcolor: "#0072B2",
      line: { color: "#1b1b1b", width: 1 },
      hoverinfo: "name",
      showlegend: plainX.length > 0,
    },
    {
      type: "scatter",
      mode: "text",
      name: "shapes",
      x: textX,
      y: textY,
      text: texts,
      textposition: "middle right",
      hoverinfo: "text",
      showlegend: false,
    },
  ];
}

/**
 * A drawing of weight tensors as rectangles cut into their named column bands (e.g. an LSTM's
 * four gates), one frame per size, with a slider and a play button: plotly animates the blocks
 * growing, with no kernel. Every rectangle is to scale, one unit of the axes per row or column.
 *
 * @param options The title, the slider's name and the frames.
 * @returns A figure; the last value of a notebook cell displays it.
 * @throws {RangeError} With fewer than 2 frames.
 * @throws {TypeError} When the frames' tensors or bands differ.
 *
 * @example An LSTM on 13 features at 2 and 5 units: a kernel of 13 × 8, then 13 × 20
 * ```ts
 * import { blocksFigure } from "../plot.ts";
 * import assert from "assert";
 *
 * const gates = ["input", "forget", "cell", "output"];
 * const figure = blocksFigure({
 *   title: "LSTM gate blocks",
 *   sliderTitle: "units",
 *   frames: [2, 5].map((m) => ({
 *     label: `${m}`,
 *     tensors: [{ name: "kernel", rows: 13, columns: 4 * m, bands: gates }],
 *   })),
 * });
 * const frames = figure.frames as { name: string; data: { x: number[] }[] }[];
 * assert.deepEqual(frames.map((f) => f.name), ["2", "5"]);
 * assert.equal(Math.max(...frames[1].data[3].x.filter((x) => x !== null)), 20);
 * ```
 */
export function blocksFigure(options: BlocksFigureOptions): Figure {
  const what = `blocksFigure "${options.title}"`;
  if (options.frames.length < 2) {
    throw new RangeError(`${what}: needs at least 2 frames, received ${options.frames.length}`);
  }
  const signature = (f: BlocksFrame) =>
    f.tensors.map((t) => `${t.name}:${t.bands.join(",")}`).join("\n");
  for (const f of options.frames) {
    if (signature(f) !== signature(options.frames[0])) {
      throw new TypeError(`${what}: frame "${f.label}" has other tensors or bands than the first`);
    }
  }
  const start = options.start ?? 0;
  if (!Number.isInteger(start) || start < 0 || start >= options.frames.length) {
    throw new RangeError(
      `${what}: start must be a frame's index, 0 to ${
        options.frames.length - 1
      }, received ${start}`,
    );
  }
  const bandNames = [...new Set(options.frames[0].tensors.flatMap((t) => t.bands))];
  const frames = options.frames.map((f) => ({
    name: plotlyText(f.label),
    data: frameData(f, bandNames),
  }));
  const widest = Math.max(...options.frames.flatMap((f) => f.tensors.map((t) => t.columns)));
  const tallest = Math.max(
    ...options.frames.map((f) => f.tensors.reduce((sum, t) => sum + t.rows + GAP, 0)),
  );
  const animate = (names: string[] | null) => [names, {
    mode: "immediate",
    frame: { duration: 400, redraw: true },
    transition: { duration: 300 },
  }];
  const layout = {
    title: { text: plotlyText(options.title) },
    xaxis: {
      title: { text: "columns" },
      range: [-1, widest * 1.6],
      zeroline: false,
      showgrid: false,
    },
    yaxis: {
      title: { text: "rows" },
      range: [-tallest - 1, 1],
      zeroline: false,
      showgrid: false,
      scaleanchor: "x",
      scaleratio: 1,
    },
    sliders: [{
      ...SLIDER_BASE,
      active: start,
      currentvalue: { prefix: `${plotlyText(options.sliderTitle)}: ` },
      steps: frames.map((f) => ({ label: f.name, method: "animate", args: animate([f.name]) })),
    }],
    updatemenus: [{
      ...BUTTONS_BASE,
      showactive: false,
      buttons: [
        { label: "play", method: "animate", args: animate(null) },
        {
          label: "pause",
          method: "animate",
          args: [[null], {
            mode: "immediate",
            frame: { duration: 0 },
            transition: { duration: 0 },
          }],
        },
      ],
    }],
  };
  const description = `${options.title}: ${
    options.frames[0].tensors.map((t) => t.name).join(", ")
  } drawn to scale, cut into ${bandNames.join(", ") || "no bands"}, one frame each for ${
    options.frames.map((f) => f.label).join(", ")
  } on a slider, starting at ${options.frames[start].label}`;
  return new Figure(frames[start].data, layout, description, frames);
}
