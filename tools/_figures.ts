// Pictures of the figures in an executed notebook. Every output holding a plotly figure gets an
// `image/png` rendering beside its interactive ones, drawn by plotly.js itself in headless
// Chromium, so that viewers which run no JavaScript show the figure instead of an empty box.
// The same picture goes into the HTML rendering, in place of the note its script would replace:
// JupyterLab shows an untrusted notebook's HTML (sanitized, scripts removed) rather than its PNG,
// because it counts its HTML renderer as safe and ranks HTML first.

import { escapeHtml } from "../lib/html.ts";
import { readPlotlySource } from "../lib/plot/_plotly.ts";
import { PLOTLY_MIME, type PlotlyJson } from "../lib/plot/figure.ts";
import type { Browser } from "./_chromium.ts";

/** The size figures are drawn at, in CSS pixels; the PNG is twice that for sharp text. */
export const PICTURE_WIDTH = 900;
/** The height of a figure whose layout does not set one. */
export const PICTURE_HEIGHT = 450;

interface Output {
  output_type: string;
  data?: Record<string, unknown>;
}

interface NotebookJson {
  cells: { cell_type: string; outputs?: Output[] }[];
}

/**
 * Adds an `image/png` to every plotly output of an executed notebook, in place.
 *
 * @param path The executed `.ipynb`.
 * @param browser A running Chromium.
 * @returns How many figures were drawn.
 */
export async function addFigurePictures(path: string, browser: Browser): Promise<number> {
  const notebook = JSON.parse(await Deno.readTextFile(path)) as NotebookJson;
  const outputs = notebook.cells.flatMap((cell) => cell.outputs ?? [])
    .filter((output) => output.data?.[PLOTLY_MIME] !== undefined);
  if (outputs.length === 0) return 0;

  const { devtools } = browser;
  const { targetId, sessionId } = await devtools.newPage();
  try {
    await devtools.evaluate(sessionId, await plotlyDefinition());
    for (const output of outputs) {
      const figure = output.data![PLOTLY_MIME] as PlotlyJson;
      const height = Number(figure.layout.height ?? PICTURE_HEIGHT);
      const width = Number(figure.layout.width ?? PICTURE_WIDTH);
      // plotly.js draws the axes of a trace type it does not register and skips the trace: the
      // picture would look drawn. The inlined bundle is the cartesian one; a figure asking for
      // more is an error here, naming the types.
      const types = figure.data.map((trace) => String(trace.type ?? "scatter"));
      const unknown = await devtools.evaluate<string[]>(
        sessionId,
        `(() => { const known = Plotly.PlotSchema.get().traces; ` +
          `return ${JSON.stringify(types)}.filter((t) => !(t in known)); })()`,
      );
      if (unknown.length > 0) {
        throw new Error(`plotly.js (cartesian bundle) lacks trace types: ${unknown.join(", ")}`);
      }
      const url = await devtools.evaluate<string>(
        sessionId,
        `Plotly.toImage(${JSON.stringify({ data: figure.data, layout: figure.layout })}, ` +
          `{ format: "png", width: ${width}, height: ${height}, scale: 2 })`,
      );
      const prefix = "data:image/png;base64,";
      if (!url.startsWith(prefix)) throw new Error(`plotly.js gave no PNG: ${url.slice(0, 40)}`);
      // nbformat stores a PNG as base64 text, lines of any length.
      output.data!["image/png"] = url.slice(prefix.length);
      output.data!["text/html"] = withPicture(output.data!, url, width);
    }
  } finally {
    await devtools.send("Target.closeTarget", { targetId }).catch(() => {});
  }
  // nbformat's own layout: one-space indents, a final newline.
  await Deno.writeTextFile(path, JSON.stringify(notebook, null, 1) + "\n");
  return outputs.length;
}

const NOTE = /<p class="paramlab-plot-note"/;

/** The HTML rendering with the picture before the note, both replaced when the script runs. */
function withPicture(data: Record<string, unknown>, url: string, width: number): string {
  const raw = data["text/html"];
  const html = Array.isArray(raw) ? raw.join("") : String(raw ?? "");
  if (!NOTE.test(html)) throw new Error("a figure's HTML has no place for its picture");
  const text = data["text/plain"];
  const alt = escapeHtml(Array.isArray(text) ? text.join("") : String(text ?? "figure"));
  const picture = `<img class="paramlab-plot-picture" src="${url}" alt="${alt}" ` +
    `style="display:block;width:100%;max-width:${width}px">`;
  return html.replace(NOTE, `${picture}$&`);
}

let definition: string | undefined;

/** plotly.js as an expression that defines `window.Plotly` in a blank page. */
async function plotlyDefinition(): Promise<string> {
  definition ??= `(function (module, exports, define) {\n${await readPlotlySource()}\n` +
    `}).call(window); typeof window.Plotly`;
  return definition;
}
