import assert from "assert";
import { type FigureBundle, heatmapFigure, lineFigure, PLOTLY_MIME } from "../lib/plot.ts";
import { _resetPlotlyInlining } from "../lib/plot/_plotly.ts";

// The header of the bundle the first display inlines: plotly's cartesian one, not the full one.
const BUNDLE_HEADER = /plotly\.js \(cartesian - minified\) v3\.\d+\.\d+/;

const HOSTILE = "<img src=x onerror=alert(1)>";
const ESCAPED = "&lt;img src=x onerror=alert(1)&gt;";

function display(figure: object): Promise<FigureBundle> {
  const show = (figure as Record<symbol, () => Promise<FigureBundle>>)[
    Symbol.for("Jupyter.display")
  ];
  assert.equal(typeof show, "function", "figure has no Jupyter.display method");
  return show.call(figure);
}

function smallLine(name = "Dense") {
  return lineFigure({
    title: "Dense parameters",
    xTitle: "units",
    yTitle: "parameters",
    series: [{ name, x: [1, 2, 4], y: [9, 18, 36], hover: ["8*1 + 1", "8*2 + 2", "8*4 + 4"] }],
  });
}

/** The figure JSON embedded in a bundle's HTML, parsed back. */
function embeddedFigure(html: string): { data: Record<string, unknown>[] } {
  const match = html.match(/var figure = (\{.*\});\n/);
  assert.ok(match, "no figure JSON in the HTML");
  return JSON.parse(match[1]);
}

Deno.test("a figure displays as one bundle with plotly JSON, HTML and plain text", async () => {
  _resetPlotlyInlining();
  const bundle = await display(smallLine());
  assert.deepEqual(Object.keys(bundle).sort(), [PLOTLY_MIME, "text/html", "text/plain"].sort());
  assert.equal(bundle[PLOTLY_MIME].data.length, 1);
  assert.deepEqual(bundle[PLOTLY_MIME].layout.title, { text: "Dense parameters" });
  assert.match(bundle["text/html"], /class="paramlab-plot"/);
  assert.match(bundle["text/html"], /Plotly\.newPlot/);
  assert.match(bundle["text/plain"], /^Line figure "Dense parameters"/);
  assert.match(bundle["text/plain"], /Dense: 3 points, x 1 … 4, y 9 … 36/);
});

Deno.test("plotly.js is inlined into the first bundle of a session and never again", async () => {
  _resetPlotlyInlining();
  const first = await display(smallLine());
  const second = await display(smallLine());
  const third = await display(heatmapFigure({
    title: "t",
    xTitle: "x",
    yTitle: "y",
    x: [1],
    y: [1],
    z: [[1]],
  }));
  assert.match(first["text/html"], BUNDLE_HEADER);
  assert.ok(first["text/html"].length > 1_000_000, "first bundle lacks the plotly.js source");
  // Deno's kernel sends the first figure to the page as one message: the cartesian bundle keeps
  // it near 1.4 MB, where the full bundle made it 4.8 MB.
  assert.ok(first["text/html"].length < 2_000_000, `first bundle ${first["text/html"].length} B`);
  for (const later of [second, third]) {
    assert.doesNotMatch(later["text/html"], BUNDLE_HEADER);
    assert.ok(later["text/html"].length < 10_000);
    assert.match(later["text/html"], /window\.Plotly\.newPlot/);
  }
  // Each display is its own element, even for the same figure.
  const ids = [first, second].map((b) => b["text/html"].match(/id="(paramlab-plot-[^"]+)"/)?.[1]);
  assert.notEqual(ids[0], ids[1]);
});

Deno.test("concurrent first displays inline plotly.js once", async () => {
  _resetPlotlyInlining();
  const bundles = await Promise.all([display(smallLine()), display(smallLine())]);
  const carrying = bundles.filter((b) => BUNDLE_HEADER.test(b["text/html"]));
  assert.equal(carrying.length, 1);
});

Deno.test("inlined plotly.js cannot end its script element early", async () => {
  _resetPlotlyInlining();
  const html = (await display(smallLine()))["text/html"];
  const scripts = html.match(/<script\b/g) ?? [];
  const ends = html.match(/<\/script>/g) ?? [];
  assert.equal(scripts.length, 2);
  assert.equal(ends.length, 2);
});

Deno.test("a hostile trace name is escaped in the HTML, the plotly JSON and the hover", async () => {
  _resetPlotlyInlining();
  await display(smallLine()); // take the plotly.js script out of the way
  const figure = lineFigure({
    title: HOSTILE,
    xTitle: HOSTILE,
    yTitle: "parameters",
    series: [{ name: HOSTILE, x: [1, 2], y: [3, 4], hover: [HOSTILE, `a\n${HOSTILE}`] }],
  });
  const bundle = await display(figure);
  const html = bundle["text/html"];
  assert.ok(!html.includes("<img"), "raw <img in the HTML");
  assert.ok(!html.includes("onerror=alert(1)>"), "raw attribute in the HTML");
  const trace = embeddedFigure(html).data[0];
  assert.equal(trace.name, ESCAPED);
  assert.deepEqual(trace.text, [ESCAPED, `a<br>${ESCAPED}`]);
  assert.match(String(trace.hovertemplate), /^&lt;img src=x onerror=alert\(1\)&gt; = %\{x\}/);
  const json = bundle[PLOTLY_MIME];
  assert.equal((json.data[0] as { name: string }).name, ESCAPED);
  assert.deepEqual(json.layout.title, { text: ESCAPED });
  // Plain text is for terminals: shown as written.
  assert.match(bundle["text/plain"], /<img src=x onerror=alert\(1\)>/);
});

Deno.test("quotes and apostrophes use entities that plotly.js decodes", () => {
  const figure = lineFigure({
    title: `"quoted" and 'single'`,
    xTitle: "x",
    yTitle: "y",
    series: [{ name: 'a "b"', x: [1], y: [1] }],
  });
  assert.deepEqual(figure.layout.title, { text: "&#34;quoted&#34; and &#39;single&#39;" });
  assert.equal((figure.data[0] as { name: string }).name, "a &#34;b&#34;");
});

Deno.test("a hostile heatmap label and hover are escaped", async () => {
  _resetPlotlyInlining();
  await display(smallLine());
  const figure = heatmapFigure({
    title: "t",
    xTitle: "layer",
    yTitle: "y",
    x: [HOSTILE, "dense"],
    y: [1],
    z: [[1, 2]],
    hover: [[HOSTILE, "ok"]],
  });
  const html = (await display(figure))["text/html"];
  assert.ok(!html.includes("<img"));
  const trace = embeddedFigure(html).data[0];
  assert.deepEqual(trace.x, [ESCAPED, "dense"]);
  assert.deepEqual(trace.customdata, [[ESCAPED, "ok"]]);
});

Deno.test("JSON in the HTML holds no <, > or & and parses back to the figure", async () => {
  _resetPlotlyInlining();
  await display(smallLine());
  const figure = smallLine("a</script><script>alert(1)</script> & b");
  const html = (await display(figure))["text/html"];
  const json = html.match(/var figure = (\{.*\});\n/)?.[1] ?? "";
  assert.doesNotMatch(json, /[<>&]/);
  assert.deepEqual(JSON.parse(json).data, JSON.parse(JSON.stringify(figure.data)));
});

Deno.test("logX and logY set logarithmic axes", () => {
  const figure = lineFigure({
    title: "t",
    xTitle: "x",
    yTitle: "y",
    series: [{ name: "a", x: [1, 10, 100], y: [2, 20, 200] }],
    logX: true,
    logY: true,
  });
  assert.equal(figure.layout.xaxis?.type, "log");
  assert.equal(figure.layout.yaxis?.type, "log");
  assert.match(figure.description, /\(log x, log y\)/);
});

Deno.test("lineFigure() is linear unless asked", () => {
  const figure = smallLine();
  assert.equal(figure.layout.xaxis?.type, "linear");
  assert.equal(figure.layout.yaxis?.type, "linear");
});

Deno.test("lineFigure() throws on a non-positive value on a log axis", () => {
  assert.throws(
    () =>
      lineFigure({
        title: "t",
        xTitle: "x",
        yTitle: "y",
        series: [{ name: "a", x: [0, 1], y: [1, 2] }],
        logX: true,
      }),
    { name: "RangeError", message: 'Series "a" has x = 0, which a logarithmic x axis cannot show' },
  );
});

Deno.test("lineFigure() throws on mismatched lengths and on no series", () => {
  const base = { title: "t", xTitle: "x", yTitle: "y" };
  assert.throws(
    () => lineFigure({ ...base, series: [{ name: "a", x: [1, 2], y: [1] }] }),
    { name: "RangeError", message: 'Series "a" has 2 x values but 1 y values' },
  );
  assert.throws(
    () => lineFigure({ ...base, series: [{ name: "a", x: [1], y: [1], hover: [] }] }),
    { name: "RangeError", message: 'Series "a" has 1 points but 0 hover texts' },
  );
  assert.throws(() => lineFigure({ ...base, series: [] }), RangeError);
});

Deno.test("heatmapFigure() throws when z does not match the labels", () => {
  const base = { title: "h", xTitle: "x", yTitle: "y", x: [1, 2], y: [1] };
  assert.throws(
    () => heatmapFigure({ ...base, z: [[1, 2], [3, 4]] }),
    { name: "RangeError", message: 'Heatmap "h" has 1 y labels but 2 z rows' },
  );
  assert.throws(
    () => heatmapFigure({ ...base, z: [[1]] }),
    { name: "RangeError", message: 'Heatmap "h" has 2 x labels but z row 0 has 1 values' },
  );
  assert.throws(() => heatmapFigure({ ...base, z: [[1, 2]], hover: [["a"]] }), RangeError);
});

Deno.test("heatmapFigure() describes its size and value range", () => {
  const figure = heatmapFigure({
    title: "Dense parameters",
    xTitle: "units",
    yTitle: "inputs",
    zTitle: "parameters",
    x: [16, 32],
    y: [2, 4, 8],
    z: [[48, 96], [80, 160], [144, 288]],
  });
  assert.equal(
    figure.description,
    'Heatmap "Dense parameters" (3 × 2)\nx: units, 16 … 32\ny: inputs, 2 … 8\n' +
      "z: parameters, 48 … 288",
  );
});

Deno.test("building a figure leaves plotly.js out; displaying it brings it in", async () => {
  // The bundle is read at the first display; building figures never touches it.
  _resetPlotlyInlining();
  const figure = smallLine();
  assert.equal(BUNDLE_HEADER.test(JSON.stringify(figure)), false);
  assert.ok(JSON.stringify(figure).length < 2_000);
  const bundle = await figure.toMimeBundle();
  assert.match(bundle["text/html"], BUNDLE_HEADER);
});
