// The sliding figures (lib/plot/slider.ts): plotly's own sliders, buttons and frames. The counts
// in the cases are the LSTM formula 4((n + m)m + m) from Keras's lstm.py, worked by hand.

import assert from "assert";
import { blocksFigure, PLOTLY_MIME, sliderLineFigure } from "../lib/plot.ts";

const UNITS = [1, 5, 10];
const LSTM_ON_1 = [12, 140, 480];
const LSTM_ON_13 = [60, 380, 960];

Deno.test("a slider line figure switches its lines' values at each step", () => {
  const figure = sliderLineFigure({
    title: "LSTM parameters",
    xTitle: "units",
    yTitle: "parameters",
    sliderTitle: "input features",
    steps: [
      { label: "1", series: [{ name: "LSTM", x: UNITS, y: LSTM_ON_1 }] },
      { label: "13", series: [{ name: "LSTM", x: UNITS, y: LSTM_ON_13 }] },
    ],
  });
  assert.deepEqual((figure.data[0] as { y: number[] }).y, LSTM_ON_1);
  const slider = (figure.layout.sliders as {
    steps: { label: string; method: string; args: { y: number[][] }[] }[];
  }[])[0];
  assert.deepEqual(slider.steps.map((s) => [s.label, s.method, s.args[0].y]), [
    ["1", "restyle", [LSTM_ON_1]],
    ["13", "restyle", [LSTM_ON_13]],
  ]);
  const menus = figure.layout.updatemenus as { buttons: { label: string }[] }[];
  assert.deepEqual(menus[0].buttons.map((b) => b.label), ["log y", "linear y"]);
  assert.match(String(figure), /input features on a slider \(1, 13\)/);
});

Deno.test("a slider line figure refuses one step and steps with other lines", () => {
  const step = (label: string, name: string) => ({ label, series: [{ name, x: [1], y: [2] }] });
  const base = { title: "t", xTitle: "x", yTitle: "y", sliderTitle: "s" };
  assert.throws(() => sliderLineFigure({ ...base, steps: [step("a", "A")] }), RangeError);
  assert.throws(
    () => sliderLineFigure({ ...base, steps: [step("a", "A"), step("b", "B")] }),
    (e: Error) => e instanceof TypeError && /step "b" has B/.test(e.message),
  );
  assert.throws(
    () =>
      sliderLineFigure({
        ...base,
        steps: [step("a", "A"), { label: "b", series: [{ name: "A", x: [1, 2], y: [2] }] }],
      }),
    RangeError,
  );
});

Deno.test("a blocks figure animates an LSTM's four gate blocks through frames, to scale", async () => {
  const gates = ["input gate", "forget gate", "cell candidate", "output gate"];
  const figure = blocksFigure({
    title: "LSTM gate blocks",
    sliderTitle: "units",
    frames: [2, 5].map((m) => ({
      label: `${m} units`,
      tensors: [
        { name: "kernel", rows: 13, columns: 4 * m, bands: gates },
        { name: "recurrent_kernel", rows: m, columns: 4 * m, bands: gates },
        { name: "bias", rows: 1, columns: 4 * m, bands: gates },
      ],
    })),
  });
  const frames = figure.frames as {
    name: string;
    data: { name: string; x: (number | null)[]; text?: string[] }[];
  }[];
  assert.equal(frames.length, 2);
  // The forget gate is the second of four 5-column bands at 5 units: columns 5 to 10.
  const forget = frames[1].data[1];
  assert.equal(forget.name, "forget gate");
  assert.deepEqual([...new Set(forget.x.filter((x) => x !== null))].sort((a, b) => a! - b!), [
    5,
    10,
  ]);
  assert.deepEqual(frames[1].data.at(-1)!.text, [
    "kernel: 13 × 20 = 260",
    "recurrent_kernel: 5 × 20 = 100",
    "bias: 1 × 20 = 20",
  ]);
  const slider = (figure.layout.sliders as { steps: { method: string; args: unknown[][] }[] }[])[0];
  assert.deepEqual(slider.steps.map((s) => [s.method, s.args[0]]), [
    ["animate", ["2 units"]],
    ["animate", ["5 units"]],
  ]);
  const bundle = await figure.toMimeBundle();
  assert.equal(bundle[PLOTLY_MIME].frames?.length, 2);
  assert.throws(
    () => blocksFigure({ title: "t", sliderTitle: "s", frames: [frames[0] as never] }),
    RangeError,
  );
  const fromFive = blocksFigure({
    title: "LSTM gate blocks",
    sliderTitle: "units",
    frames: [2, 5].map((m) => ({
      label: `${m} units`,
      tensors: [{ name: "kernel", rows: 13, columns: 4 * m, bands: gates }],
    })),
    start: 1,
  });
  assert.equal((fromFive.layout.sliders as { active: number }[])[0].active, 1);
  assert.deepEqual((fromFive.data.at(-1) as { text: string[] }).text, ["kernel: 13 × 20 = 260"]);
  assert.throws(
    () =>
      blocksFigure({
        title: "t",
        sliderTitle: "s",
        frames: [2, 5].map((m) => ({
          label: `${m}`,
          tensors: [{ name: "kernel", rows: 13, columns: 4 * m, bands: gates }],
        })),
        start: 2,
      }),
    (e: Error) =>
      e instanceof RangeError &&
      /start must be a frame's index, 0 to 1, received 2/.test(e.message),
  );
});

Deno.test("sliding figures show hostile names as text", () => {
  const name = '<img src=x onerror="globalThis.xss = true">';
  const figure = sliderLineFigure({
    title: name,
    xTitle: "x",
    yTitle: "y",
    sliderTitle: name,
    steps: [name, "b"].map((label) => ({ label, series: [{ name, x: [1], y: [1] }] })),
  });
  assert.ok(!JSON.stringify(figure.toJSON()).includes("<img"));
});
