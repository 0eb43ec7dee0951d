/**
 * Renders the README's pictures, a summary table, a plot and a drawing of an LSTM's weights, to
 * `docs/*.png` with headless Chromium, from the same HTML the notebooks display. Run with
 * `deno task readme-images`.
 *
 * @module
 */

import {
  Dense,
  Input,
  LAYER_FACTORIES,
  LSTM,
  Sequential,
  sweepUnits,
  TimeDistributed,
} from "../mod.ts";
import { lineFigure } from "../lib/plot.ts";
import { HEADLESS_CHROMIUM_FLAGS } from "./_chromium.ts";

const model = new Sequential([
  new Input({ shape: [400, 13] }),
  new LSTM({ units: 5, returnSequences: true }),
  new LSTM({ units: 5, returnSequences: true }),
  new TimeDistributed({ layer: new Dense({ units: 650 }) }),
  new LSTM({ units: 20, returnSequences: true }),
  new LSTM({ units: 20, returnSequences: true }),
]);

const units = [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024];
const figure = lineFigure({
  title: "LSTM parameters against units",
  xTitle: "units",
  yTitle: "parameters",
  logX: true,
  logY: true,
  series: [1, 13, 650].map((n) => {
    const points = sweepUnits(LAYER_FACTORIES.LSTM, n, units);
    return {
      name: `${n} input feature${n === 1 ? "" : "s"}`,
      x: units,
      y: points.map((p) => p.params),
      hover: points.map((p) => p.formula),
    };
  }),
});

const page = (body: string) =>
  `<!doctype html><html><head><meta charset="utf-8"><style>` +
  `body{font-family:sans-serif;margin:16px;background:#fff}</style></head><body>${body}</body></html>`;

const pages: Record<string, [string, string]> = {
  "summary.png": [
    page(model.summary({ explain: true }).toHtml()),
    "760,230",
  ],
  "plot.png": [page((await figure.toMimeBundle())["text/html"]), "900,500"],
  "weights.png": [page(new LSTM({ units: 5, inputShape: [400, 13] }).explain().svg()), "600,600"],
};

const folder = await Deno.makeTempDir({ prefix: "paramlab_readme_" });
try {
  for (const [name, [html, size]] of Object.entries(pages)) {
    const file = `${folder}/${name}.html`;
    await Deno.writeTextFile(file, html);
    const { success, stderr } = await new Deno.Command("chromium", {
      args: [
        ...HEADLESS_CHROMIUM_FLAGS,
        "--hide-scrollbars",
        `--user-data-dir=${folder}/profile`,
        `--window-size=${size}`,
        "--virtual-time-budget=5000",
        `--screenshot=${new URL(`../docs/${name}`, import.meta.url).pathname}`,
        `file://${file}`,
      ],
      stdout: "null",
      stderr: "piped",
    }).output();
    if (!success) {
      throw new Error(`chromium failed on ${name}: ${new TextDecoder().decode(stderr)}`);
    }
    console.log(`docs/${name}`);
  }
} finally {
  await Deno.remove(folder, { recursive: true });
}
