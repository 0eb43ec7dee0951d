/**
 * plotly.js, inlined into the first figure a kernel session displays.
 *
 * The bundle is plotly's cartesian one (every trace the figures draw: scatter, bar, heatmap, with
 * sliders, buttons and frames), 1.4 MB where the full bundle is 4.8 MB: the first figure of a
 * session travels from Deno's kernel to the page in one message, and a smaller message is
 * lighter for every notebook that stores it. It is read lazily, at the first display, so
 * importing the plot builders (or `mod.ts`) stays cheap, and inlined rather than linked from a
 * CDN so that notebooks exported to HTML render offline.
 *
 * @module
 */

let claimed = false;

/**
 * Returns a `<script>` defining `window.Plotly` the first time it is called in this session,
 * and `""` every time after.
 *
 * The claim is taken before the file is read, so two figures displayed concurrently cannot
 * both carry the bundle; a failed read gives the claim back.
 *
 * @returns The script element, or `""`.
 *
 * @example Once, then never again
 * ```ts
 * import { _resetPlotlyInlining, plotlyScriptOnce } from "./_plotly.ts";
 * import assert from "assert";
 *
 * _resetPlotlyInlining();
 * assert.match(await plotlyScriptOnce(), /^<script/);
 * assert.equal(await plotlyScriptOnce(), "");
 * ```
 */
export async function plotlyScriptOnce(): Promise<string> {
  if (claimed) return "";
  claimed = true;
  try {
    return plotlyScript(await readPlotlySource());
  } catch (error) {
    claimed = false;
    throw error;
  }
}

/**
 * Forgets that plotly.js was inlined, as a kernel restart would. For tests only.
 *
 * @example The next display carries plotly.js again
 * ```ts
 * import { _resetPlotlyInlining, plotlyScriptOnce } from "./_plotly.ts";
 * import assert from "assert";
 *
 * await plotlyScriptOnce();
 * _resetPlotlyInlining();
 * assert.notEqual(await plotlyScriptOnce(), "");
 * ```
 */
export function _resetPlotlyInlining(): void {
  claimed = false;
}

/**
 * Reads `plotly-cartesian.min.js` from the npm package in the import map, as text.
 *
 * @returns The library's source.
 *
 * @example It defines Plotly
 * ```ts
 * import { readPlotlySource } from "./_plotly.ts";
 * import assert from "assert";
 *
 * assert.match(await readPlotlySource(), /newPlot/);
 * ```
 */
export async function readPlotlySource(): Promise<string> {
  // A text import lets Deno fetch and cache the package like any dependency: no node_modules
  // path to guess, and it works offline once cached.
  const module = await import("plotly.js-cartesian-dist-min/plotly-cartesian.min.js", {
    with: { type: "text" },
  });
  return module.default;
}

function plotlyScript(source: string): string {
  // An inline script ends at the first "</script", wherever it appears; "<!--" can also
  // change how the rest of a script element is parsed. Neither occurs in plotly.js 3.7, and
  // inside its strings and regular expressions the escaped forms mean the same.
  const safe = source.replaceAll("</script", "<\\/script").replaceAll("<!--", "<\\!--");
  // `module` is shadowed so that the UMD wrapper sets window.Plotly even on a page that
  // happens to define a CommonJS-like `module`.
  return `<script type="text/javascript">/* plotly.js, inlined once per session by paramlab */
(function (module, exports, define) {
${safe}
}).call(window);
</script>
`;
}
