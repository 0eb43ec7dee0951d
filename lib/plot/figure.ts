/**
 * The figure object every plot builder returns, and how it shows itself in Jupyter.
 *
 * @module
 */

import type { Config as PlotlyConfig } from "./_plotly_types.ts";
import { plotlyScriptOnce } from "./_plotly.ts";
import { scriptSafeJson } from "./_text.ts";
import { escapeHtml } from "../html.ts";

/**
 * One trace of a figure, as plotly.js reads it: `{ type: "scatter", x, y, name }` and plotly's
 * other keys. The builders check their traces against plotly.js's own types; the figure keeps
 * them as plain JSON, so its public type does not carry plotly's.
 */
export type Data = { readonly [key: string]: unknown };

/** One axis of a figure's layout: its title, its scale and plotly's other keys. */
export interface LayoutAxis {
  /** The axis title, e.g. `{ text: "units" }`. */
  readonly title?: unknown;
  /** The scale: `"linear"`, `"log"`, `"category"` and plotly's other axis types. */
  readonly type?: string;
  /** plotly's other axis keys. */
  readonly [key: string]: unknown;
}

/** A figure's layout, as plotly.js reads it: `{ title, xaxis, yaxis }` and plotly's other keys. */
export interface Layout {
  /** The figure's title, e.g. `{ text: "Dense parameters" }`. */
  readonly title?: unknown;
  /** The horizontal axis. */
  readonly xaxis?: LayoutAxis;
  /** The vertical axis. */
  readonly yaxis?: LayoutAxis;
  /** plotly's other layout keys. */
  readonly [key: string]: unknown;
}

/** The options plotly.js draws a figure with: `{ responsive: true }` and plotly's other keys. */
export type Config = { readonly [key: string]: unknown };

/**
 * The MIME type of a plotly figure, as JupyterLab's and VS Code's plotly renderers expect.
 *
 * @example Looking up the plotly rendering in a bundle
 * ```ts
 * import { lineFigure, PLOTLY_MIME } from "../plot.ts";
 * import assert from "assert";
 *
 * const figure = lineFigure({
 *   title: "Dense parameters",
 *   xTitle: "units",
 *   yTitle: "parameters",
 *   series: [{ name: "Dense", x: [1, 2], y: [9, 18] }],
 * });
 * const bundle = await figure.toMimeBundle();
 * assert.equal(PLOTLY_MIME, "application/vnd.plotly.v1+json");
 * assert.equal(bundle[PLOTLY_MIME].data.length, 1);
 * ```
 */
export const PLOTLY_MIME = "application/vnd.plotly.v1+json";

const JUPYTER_DISPLAY: unique symbol = Symbol.for("Jupyter.display");

/** One frame of an animated figure: its name (what a slider step animates to) and its traces. */
export interface Frame {
  /** The frame's name. */
  readonly name: string;
  /** The traces it shows. */
  readonly data: readonly Data[];
}

/** A figure as plotly.js draws it: traces and layout, and frames for an animated one. */
export interface PlotlyJson {
  /** The traces. */
  readonly data: readonly Data[];
  /** Titles, axes and the rest of the page. */
  readonly layout: Layout;
  /** The frames a slider or a play button animates through; absent for a still figure. */
  readonly frames?: readonly Frame[];
}

/** The MIME bundle a {@linkcode Figure} shows in Jupyter: one output, three renderings. */
export interface FigureBundle {
  /** For plotly-aware front ends (JupyterLab with the plotly extension, VS Code). */
  readonly "application/vnd.plotly.v1+json": PlotlyJson;
  /** For everything else, including HTML exports: a `<div>` drawn by an inline script. */
  readonly "text/html": string;
  /** For terminals: what the figure shows, in words. */
  readonly "text/plain": string;
}

const CONFIG: Partial<PlotlyConfig> = { responsive: true, displaylogo: false };

/**
 * A plotly figure that displays itself in a Deno Jupyter notebook.
 *
 * Text in `data` and `layout` is already in plotly's label markup (HTML-escaped), so the
 * figure can be drawn as is. Build one with {@linkcode lineFigure} or
 * {@linkcode heatmapFigure} rather than with `new`.
 *
 * @example A figure describes itself in words
 * ```ts
 * import { lineFigure } from "../plot.ts";
 * import assert from "assert";
 *
 * const figure = lineFigure({
 *   title: "Dense parameters",
 *   xTitle: "units",
 *   yTitle: "parameters",
 *   series: [{ name: "Dense(units) on 8 inputs", x: [1, 2, 4], y: [9, 18, 36] }],
 * });
 * assert.match(String(figure), /Dense parameters/);
 * assert.equal(JSON.parse(JSON.stringify(figure)).data.length, 1);
 * ```
 */
export class Figure implements PlotlyJson {
  /** The traces, ready for `Plotly.newPlot`. */
  readonly data: readonly Data[];
  /** The layout, ready for `Plotly.newPlot`. */
  readonly layout: Layout;
  /** What the figure shows, in words: the `text/plain` rendering. */
  readonly description: string;
  /** The frames a slider or play button animates through; absent for a still figure. */
  readonly frames?: readonly Frame[];

  /**
   * Creates a figure; the builders in `lib/plot/` make them.
   *
   * @param data The traces, text already escaped for plotly.
   * @param layout The layout, text already escaped for plotly.
   * @param description What the figure shows, in plain words.
   * @param frames For an animated figure, its frames, text already escaped for plotly.
   */
  constructor(
    data: readonly Data[],
    layout: Layout,
    description: string,
    frames?: readonly Frame[],
  ) {
    this.data = data;
    this.layout = layout;
    this.description = description;
    if (frames) this.frames = frames;
  }

  /**
   * Builds what Jupyter shows for this figure. The first bundle of a session (a kernel's
   * lifetime) carries plotly.js itself in its HTML; later bundles draw with the
   * `window.Plotly` it defined, so an exported notebook holds the library once.
   *
   * @returns The MIME bundle with the plotly JSON, HTML and plain text renderings.
   *
   * @example The bundle holds three renderings
   * ```ts
   * import { heatmapFigure } from "../plot.ts";
   * import assert from "assert";
   *
   * const figure = heatmapFigure({
   *   title: "LSTM parameters",
   *   xTitle: "units",
   *   yTitle: "input features",
   *   x: [1, 2],
   *   y: [1, 2],
   *   z: [[16, 40], [20, 48]],
   * });
   * const bundle = await figure.toMimeBundle();
   * assert.deepEqual(Object.keys(bundle).sort(), [
   *   "application/vnd.plotly.v1+json",
   *   "text/html",
   *   "text/plain",
   * ]);
   * assert.match(bundle["text/html"], /Plotly\.newPlot/);
   * ```
   */
  async toMimeBundle(): Promise<FigureBundle> {
    const script = await plotlyScriptOnce();
    return {
      [PLOTLY_MIME]: this.toJSON(),
      "text/html": script + this.#plotHtml(),
      "text/plain": this.description,
    };
  }

  /** Deno's Jupyter kernel calls this to display the figure. */
  [JUPYTER_DISPLAY](): Promise<FigureBundle> {
    return this.toMimeBundle();
  }

  /** The figure as plotly JSON, so `JSON.stringify(figure)` is what plotly.js reads. */
  toJSON(): PlotlyJson {
    return this.frames
      ? { data: this.data, layout: this.layout, frames: this.frames }
      : { data: this.data, layout: this.layout };
  }

  /** The `text/plain` rendering. */
  toString(): string {
    return this.description;
  }

  #plotHtml(): string {
    const id = `paramlab-plot-${crypto.randomUUID()}`;
    const figure = scriptSafeJson({ ...this.toJSON(), config: CONFIG });
    // The note shows wherever the script does not run (an untrusted notebook, a viewer that
    // strips scripts); the script replaces it with the figure, or says why it cannot draw.
    return `<div class="paramlab-plot" id="${id}" style="width:100%">` +
      `<p class="paramlab-plot-note" style="${NOTE_STYLE}">${escapeHtml(FIGURE_NOTE)}</p></div>
<script type="text/javascript">
(function () {
  var element = document.getElementById("${id}");
  var figure = ${figure};
  if (typeof window.Plotly === "undefined") {
    element.firstChild.textContent = "plotly.js is not loaded on this page: restart the kernel and run all cells.";
    return;
  }
  element.textContent = "";
  element.style.minHeight = "450px";
  window.Plotly.newPlot(element, figure);
})();
</script>
`;
  }
}

/**
 * What an interactive figure shows until its script draws it. A notebook viewer that runs no
 * scripts shows this instead of an empty box (and the PNG picture, where the notebook has one).
 *
 * @example The HTML rendering carries the note
 * ```ts
 * import { FIGURE_NOTE, lineFigure } from "../plot.ts";
 * import assert from "assert";
 *
 * const figure = lineFigure({
 *   title: "Dense parameters",
 *   xTitle: "units",
 *   yTitle: "parameters",
 *   series: [{ name: "Dense", x: [1, 2], y: [9, 18] }],
 * });
 * assert.ok((await figure.toMimeBundle())["text/html"].includes(FIGURE_NOTE));
 * ```
 */
export const FIGURE_NOTE =
  "Interactive figure: run the cell, or trust the notebook, to draw it and interact with it here.";

const NOTE_STYLE =
  "margin:0;padding:8px 12px;border:1px dashed #999;color:#555;font-family:sans-serif;";
