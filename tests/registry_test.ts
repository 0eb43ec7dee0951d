// The layer registry and strict configurations: every kind declared once, every unknown key,
// activation or style refused by name, Keras's positional first argument, deep nesting bounded.

import assert from "assert";
import { isWeightlessByName, kerasClassNames } from "../lib/layers/unmodelled.ts";
import {
  Bidirectional,
  Conv2D,
  Dense,
  Dropout,
  explainSummary,
  findKind,
  fromKerasJson,
  GRU,
  Input,
  knownClassNames,
  layerFromConfig,
  layerKinds,
  LSTM,
  MAX_NESTING,
  Sequential,
  TimeDistributed,
} from "../mod.ts";
import { indexKinds } from "../lib/layers/_kind_index.ts";
import { TABLE_START, withLayerTable } from "../tools/readme_table.ts";

Deno.test("every kind is declared once, under its class name and its aliases", () => {
  const names = layerKinds().flatMap((kind) => [kind.className, ...(kind.aliases ?? [])]);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(knownClassNames(), [...names].sort());
  for (const kind of layerKinds()) {
    assert.equal(findKind(kind.className), kind);
    assert.ok(kind.summary.length > 10, `${kind.className} has a one-line summary`);
  }
});

Deno.test("every kind keeps every field of a declaration, in one order", () => {
  // One shape for all kinds: code that reads the kinds of many layers reads one hidden class
  // (see DeclaredKind in lib/layers/kind.ts). A kind made without defineKind would differ.
  const [first, ...rest] = layerKinds();
  const fields = Object.keys(first);
  assert.ok(fields.includes("fromJson") && fields.includes("saved"), fields.join(", "));
  for (const kind of rest) assert.deepEqual(Object.keys(kind), fields, kind.className);
});

Deno.test("an unknown class is not guessed from a near name", () => {
  assert.equal(findKind("Conv2DTranspos"), undefined);
  assert.equal(findKind("lstm"), undefined);
  assert.throws(() => layerFromConfig({ className: "Conv2DTranspos" }), {
    name: "TypeError",
    message: /Unknown layer class "Conv2DTranspos"/,
  });
});

Deno.test("Keras's Python option names are refused with the TypeScript name", () => {
  const cases: [() => unknown, string, string][] = [
    [
      () => new LSTM({ units: 5, return_sequences: true } as never),
      "return_sequences",
      "returnSequences",
    ],
    [() => new Dense({ units: 5, use_bias: false } as never), "use_bias", "useBias"],
    [() => new GRU({ units: 5, reset_after: false } as never), "reset_after", "resetAfter"],
    [
      () => new Bidirectional({ layer: new LSTM(4), merge_mode: "sum" } as never),
      "merge_mode",
      "mergeMode",
    ],
    [() => new Conv2D({ filters: 2, kernel_size: 3 } as never), "kernel_size", "kernelSize"],
  ];
  for (const [make, python, ours] of cases) {
    assert.throws(make, (error: Error) => {
      assert.ok(error instanceof TypeError, error.message);
      assert.ok(error.message.includes(`"${python}" is Keras's Python name; here it is ${ours}`));
      return true;
    });
  }
});

Deno.test("a typo in an option gets the nearest valid key", () => {
  assert.throws(() => new LSTM({ units: 5, returnSequence: true } as never), {
    name: "TypeError",
    message: /Unknown option "returnSequence" for LSTM: did you mean returnSequences\?/,
  });
  assert.throws(() => new Dense({ unit: 5 } as never), {
    name: "TypeError",
    message: /did you mean units\?/,
  });
});

Deno.test("an unknown activation name is refused with the nearest one", () => {
  assert.throws(() => new Dense({ units: 5, activation: "rellu" }), {
    name: "TypeError",
    message: /Invalid activation for Dense: .*did you mean "relu"\?/,
  });
  assert.throws(() => new LSTM({ units: 5, activation: "banana" }), {
    name: "TypeError",
    message: /Invalid activation for LSTM/,
  });
  // Keras's and TF.js's spellings both work.
  assert.equal(new Dense({ units: 2, activation: "hard_sigmoid" }).units, 2);
  assert.equal(new Dense({ units: 2, activation: "hardSigmoid" }).units, 2);
});

Deno.test("an unknown summary style or summary option is refused by name", () => {
  const model = new Sequential([new Input({ shape: [3] }), new Dense(2)]);
  assert.throws(() => model.summary({ style: "keras4" } as never), {
    name: "TypeError",
    message: /Invalid style for summary: .*did you mean "keras3"\?/,
  });
  assert.throws(() => model.summary({ line_length: 88 } as never), {
    name: "TypeError",
    message: /"line_length" is Keras's Python name; here it is lineLength/,
  });
});

Deno.test("enum options are checked: merge modes and paddings", () => {
  assert.throws(() => new Bidirectional({ layer: new LSTM(2), mergeMode: "add" as never }), {
    name: "TypeError",
    message: /Invalid mergeMode for Bidirectional: expected one of/,
  });
  assert.throws(() => new Conv2D(2, { kernelSize: 3, padding: "causal" as never }), {
    name: "TypeError",
    message: /Invalid padding for Conv2D/,
  });
});

Deno.test("Keras's positional first argument works as in Keras", () => {
  // The counts are the documents' formulas: LSTM 4·((n + m)·m + m), Dense n·m + m,
  // Conv2D k·k·c·f + f.
  assert.equal(new LSTM(5, { returnSequences: true, inputShape: [400, 13] }).paramCount(), 380);
  assert.equal(new LSTM(5, { returnSequences: true }).returnSequences, true);
  assert.equal(new Dense(64, { activation: "relu", inputShape: [10] }).paramCount(), 10 * 64 + 64);
  assert.equal(new Conv2D(32, { kernelSize: 3, inputShape: [28, 28, 1] }).paramCount(), 320);
  assert.equal(new Dropout(0.5).rate, 0.5);
  assert.equal(
    new TimeDistributed(new Dense(650), { inputShape: [400, 5] }).paramCount(),
    5 * 650 + 650,
  );
  assert.equal(new Bidirectional(new LSTM(5), { inputShape: [400, 13] }).paramCount(), 760);
  assert.throws(() => new LSTM(5, { units: 6 } as never), {
    name: "TypeError",
    message: /LSTM got units twice/,
  });
});

Deno.test("a missing required option names it", () => {
  assert.throws(() => new LSTM(undefined as never), {
    name: "TypeError",
    message: /Invalid units for LSTM: expected a positive integer, received undefined/,
  });
});

Deno.test("an Input with a shape that is not a list is the library's TypeError", () => {
  assert.throws(() => new Input({ shape: {} as never }), {
    name: "TypeError",
    message: /Invalid shape for InputLayer: expected a list of positive integers or null/,
  });
});

Deno.test("wrappers nested past the limit are a RangeError, not a stack overflow", () => {
  let layer: Dense | TimeDistributed = new Dense(1);
  let error: unknown;
  try {
    for (let i = 0; i < 10_000; i++) layer = new TimeDistributed(layer);
  } catch (e) {
    error = e;
  }
  assert.ok(error instanceof RangeError, String(error));
  assert.match((error as Error).message, new RegExp(`at most ${MAX_NESTING} wrappers`));
  // Up to the limit, nesting works: each TimeDistributed adds one time axis.
  let nested: Dense | TimeDistributed = new Dense(2);
  for (let i = 0; i < 10; i++) nested = new TimeDistributed(nested);
  const shape = [null, ...new Array(10).fill(2), 3];
  assert.equal(nested.build(shape).paramCount(), 3 * 2 + 2);
});

Deno.test("a JSON chain of wrappers 100,000 deep is a RangeError, not a stack overflow", () => {
  const depth = 100_000;
  const text = '{"class_name":"Sequential","config":{"layers":[' +
    '{"class_name":"TimeDistributed","config":{"layer":'.repeat(depth) +
    '{"class_name":"Dense","config":{"units":1}}' + "}}".repeat(depth) + "]}}";
  assert.throws(() => fromKerasJson(text), (error: Error) => {
    assert.ok(error instanceof RangeError, `${error.name}: ${error.message.slice(0, 200)}`);
    assert.match(error.message, /wrappers/);
    return true;
  });
});

Deno.test("the README's layer table lists every kind the registry has", () => {
  const readme = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
  const table = readme.slice(readme.indexOf("### Layers"));
  const listed = new Set<string>();
  for (const [, token] of table.matchAll(/`([A-Za-z0-9/]+)`/g)) {
    const [first, ...rest] = token.split("/");
    listed.add(first);
    // `MaxPooling1D/2D/3D` and `Conv1DTranspose/2DTranspose` name one class per part.
    const prefix = first.replace(/\d.*$/, "");
    for (const part of rest) listed.add(prefix + part);
  }
  const missing = layerKinds().map((k) => k.className).filter((name) => !listed.has(name));
  assert.deepEqual(missing, []);
});

Deno.test("the classes known by name only are none of the kinds the registry models", () => {
  const modelled = new Set(knownClassNames());
  const names = kerasClassNames();
  assert.ok(names.length >= 20, `${names.length} classes known by name`);
  assert.deepEqual(names.filter((name) => modelled.has(name)), []);
});

Deno.test("the README's layer table is the one the registry generates", () => {
  const readme = Deno.readTextFileSync(new URL("../README.md", import.meta.url));
  assert.ok(readme.includes(TABLE_START), "README.md has the table's markers");
  // Stale after adding a kind: `deno task readme-table` rewrites it.
  assert.equal(withLayerTable(readme, layerKinds()), readme);
});

Deno.test("a class name or alias declared by two kinds is refused when the registry is built", () => {
  const lstm = findKind("LSTM")!;
  const maxPool = findKind("MaxPooling2D")!;
  assert.equal(indexKinds([lstm, maxPool]).get("MaxPool2D"), maxPool);
  assert.throws(() => indexKinds([lstm, maxPool, lstm]), {
    message: "Layer class LSTM is declared twice",
  });
  // An alias that is another kind's class name.
  assert.throws(() => indexKinds([maxPool, { ...lstm, aliases: ["MaxPooling2D"] }]), {
    message: "Layer class MaxPooling2D is declared twice",
  });
});

Deno.test("every layer class Keras 3 exports is known, and none is called the model's own code", () => {
  // tests/fixtures/keras3_layer_classes.py: the 143 classes keras.layers exports in Keras
  // 3.15.1, each with the count Keras gives it built with its defaults, where it builds so.
  // A class paramlab did not know was called "no Keras class: the model's own code defines
  // it": RMSNormalization and SpectralNormalization were, a confident wrong answer.
  const { classes } = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/keras3_layer_classes.json", import.meta.url)),
  ) as { classes: Record<string, { params: number | null }> };
  const names = Object.keys(classes);
  assert.ok(names.length >= 140, `${names.length} classes`);
  // Modelled (the registry), or known by name (lib/layers/unmodelled.ts).
  const known = new Set([...knownClassNames(), ...kerasClassNames()]);
  assert.deepEqual(names.filter((name) => !known.has(name)), []);
  // Those known by name as weightless, Keras built with no weights wherever it built them.
  assert.deepEqual(
    names.filter((name) => isWeightlessByName(name) && (classes[name].params ?? 0) !== 0),
    [],
  );
  for (const name of names) {
    const table = [
      `Model: "m"`,
      "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)              ┃ Output Shape           ┃       Param # ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
      `│ x (${name}) │ (None, 4, 4, 3)        │            16 │`,
      "└───────────────────────────┴────────────────────────┴───────────────┘",
      " Total params: 16 (64.00 B)",
      " Trainable params: 16 (64.00 B)",
      " Non-trainable params: 0 (0.00 B)",
    ].join("\n");
    const row = explainSummary(table).rows[0];
    assert.doesNotMatch(row.note ?? "", /no Keras class|model's own code/, name);
  }
});
