// Option plans and a kind's JSON steps are compiled into one function each once a model has used
// them four times (`lib/layers/_option_plan.ts`, `lib/json/_entries.ts`). These tests read the
// same configurations before and after compiling and ask for the same layers: arguments,
// configuration (key order included), counts and errors.

import assert from "assert";
import { createLayer, type Dense, fromKerasJson, type Layer } from "../mod.ts";
import { sequentialJson } from "./_json.ts";

const RESNET50 = new URL("../notebooks/data/resnet50_keras3.json", import.meta.url);

/** A layer as these tests compare it: what it was given and what it resolved, in key order. */
function described(layer: Layer): string {
  return JSON.stringify([layer.className, layer.args, layer.config, layer.paramCount()]);
}

/**
 * A Dense entry whose keys come in an order no other test writes (units last), so its kind's
 * JSON steps and option plan are made fresh by this test and compiled partway through it.
 */
function denseEntry(i: number): Record<string, unknown> {
  const config: Record<string, unknown> = {
    name: `dense_${i}`,
    trainable: i % 3 !== 0,
    kernel_regularizer: i % 2 === 0 ? null : { class_name: "L2", config: { l2: 0.01 } },
    activation: i % 2 === 0 ? "relu" : { class_name: "function", config: "tanh" },
    use_bias: i % 4 !== 1,
    bias_initializer: null,
    units: i + 1,
  };
  return { class_name: "Dense", config };
}

Deno.test("a kind's JSON steps read the same arguments before and after they are compiled", () => {
  const entries = Array.from({ length: 10 }, (_, i) => denseEntry(i));
  const model = fromKerasJson(sequentialJson(entries, { buildInputShape: [null, 6] }));
  const layers = model.layers;
  assert.equal(layers.length, 10);
  let inputs = 6;
  for (const [i, layer] of layers.entries()) {
    // What each entry says, written here by hand in the library's names: the first four are
    // read key by key, the rest by the compiled steps.
    const units = i + 1;
    const useBias = i % 4 !== 1;
    const expected = {
      name: `dense_${i}`,
      trainable: i % 3 !== 0,
      batchInputShape: undefined,
      ...(i % 2 === 0 ? {} : { kernelRegularizer: { class_name: "L2", config: { l2: 0.01 } } }),
      activation: i % 2 === 0 ? "relu" : "tanh",
      useBias,
      units,
    };
    assert.deepEqual(layer.args, expected, `layer ${i}`);
    // In the entry's order: the keys every layer has, then the options as the JSON gives them.
    assert.deepEqual(Object.keys(layer.args), Object.keys(expected), `layer ${i}`);
    assert.equal(layer.paramCount(), inputs * units + (useBias ? units : 0), `layer ${i}`);
    assert.equal((layer as Dense).config.units, units);
    inputs = units;
  }
});

Deno.test("the layers of ResNet50 read the same on the first read and the fiftieth", () => {
  const text = Deno.readTextFileSync(RESNET50);
  const first = fromKerasJson(text);
  for (let i = 0; i < 48; i++) fromKerasJson(text);
  const later = fromKerasJson(text);
  assert.equal(later.paramCount(), 25_636_712);
  assert.deepEqual(later.layers.map(described), first.layers.map(described));
  assert.equal(String(later.summary()), String(first.summary()));
});

Deno.test("a compiled option plan resolves what the plan step by step resolves, key order included", () => {
  // Ten configurations with the same keys in an order of this test's own (units first, the
  // name last): the first few resolved by the full path and the plan, the rest compiled.
  const made = Array.from({ length: 10 }, (_, i) =>
    createLayer("Dense", {
      units: i + 2,
      useBias: i % 2 === 0,
      activation: i % 3 === 0 ? null : "softmax",
      kernelConstraint: { class_name: "NonNeg", config: {} },
      name: `d${i}`,
    }));
  for (const [i, layer] of made.entries()) {
    // The same options, their keys in another order each time: every one of these is resolved
    // by the full path, as no two in a row share a plan.
    const options: [string, unknown][] = [
      ["name", `d${i}`],
      ["units", i + 2],
      ["useBias", i % 2 === 0],
      ["activation", i % 3 === 0 ? null : "softmax"],
      ["kernelConstraint", { class_name: "NonNeg", config: {} }],
    ];
    const rotated = [...options.slice(i % 5), ...options.slice(0, i % 5)];
    createLayer("Dense", Object.fromEntries(rotated.toReversed()));
    const expected = createLayer("Dense", Object.fromEntries(rotated));
    assert.deepEqual(Object.keys(layer.config), Object.keys(expected.config), `layer ${i}`);
    assert.deepEqual(layer.config, expected.config, `layer ${i}`);
  }
});

Deno.test("a compiled option plan sends a configuration it cannot resolve back to the full path", () => {
  const config = (units: unknown, extra: Record<string, unknown> = {}) => ({
    activation: "relu",
    units,
    useBias: false,
    name: "over",
    ...extra,
  });
  // The error before the plan exists, and after it is compiled, is the same error.
  const message = (units: unknown, extra?: Record<string, unknown>) => {
    try {
      createLayer("Dense", config(units, extra));
    } catch (error) {
      return (error as Error).message;
    }
    return "no error";
  };
  const before = [message(0), message("7"), message(undefined), message(3, { useBias: "yes" })];
  for (let i = 0; i < 8; i++) createLayer("Dense", config(i + 1));
  const after = [message(0), message("7"), message(undefined), message(3, { useBias: "yes" })];
  assert.deepEqual(after, before);
  assert.ok(before.every((m) => m.includes("Dense")), before.join("\n"));
  assert.equal(message(5), "no error");
  // An option with a default given `undefined` keeps its default.
  assert.equal(createLayer("Dense", config(4, { useBias: undefined })).config.useBias, true);
  // A value the plan did not plan for: an option without a default, given `undefined`.
  const constrained = (constraint: unknown) =>
    createLayer("Dense", config(4, { kernelConstraint: constraint }));
  for (let i = 0; i < 8; i++) constrained({ class_name: "NonNeg", config: {} });
  const unconstrained = constrained(undefined).config;
  assert.ok(!Object.hasOwn(unconstrained, "kernelConstraint"));
  assert.deepEqual(unconstrained, createLayer("Dense", config(4)).config);
  // And the other way: planned `undefined`, then given.
  for (let i = 0; i < 8; i++) constrained(undefined);
  assert.deepEqual(constrained({ class_name: "NonNeg", config: {} }).config.kernelConstraint, {
    class_name: "NonNeg",
    config: {},
  });
});

Deno.test("where the runtime refuses to make code from strings, plans are followed step by step", async () => {
  // A process whose V8 refuses `new Function` (as a page's content security policy may): the
  // plans are never compiled, and ResNet50 reads to the same counts and table.
  const text = Deno.readTextFileSync(RESNET50);
  const model = fromKerasJson(text);
  const script = `
    import { fromKerasJson } from ${JSON.stringify(new URL("../mod.ts", import.meta.url).href)};
    let refused = false;
    try { new Function("return 1"); } catch (error) { refused = error instanceof EvalError; }
    const text = Deno.readTextFileSync(${JSON.stringify(RESNET50.pathname)});
    const summaries = [];
    for (let i = 0; i < 6; i++) summaries.push(String(fromKerasJson(text).summary()));
    console.log(JSON.stringify({ refused, same: new Set(summaries).size === 1, summary: summaries[5] }));
  `;
  const output = await new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      "--quiet",
      "--no-lock",
      "--v8-flags=--disallow-code-generation-from-strings",
      script,
    ],
    stdout: "piped",
    stderr: "piped",
  }).output();
  assert.ok(output.success, new TextDecoder().decode(output.stderr));
  const result = JSON.parse(new TextDecoder().decode(output.stdout));
  assert.equal(result.refused, true);
  assert.equal(result.same, true);
  assert.equal(result.summary, String(model.summary()));
});
