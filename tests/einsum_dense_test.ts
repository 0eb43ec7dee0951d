// EinsumDense read from a printed row: every count Keras 3 gives a random equation between two
// shapes is among the row's count forms, and a configuration the reader constructs for a count
// printed whole gives that count and Keras's output shape. The equations, counts and shapes come
// from real Keras 3.15.1 (tests/fixtures/keras3_einsum_sweep.py, seed 1).

import assert from "assert";
import { EinsumDense, explainSummary } from "../mod.ts";
import type { CountForm } from "../lib/layers/declaration.ts";
import { einsumCountForms, einsumGuesses } from "../lib/layers/_einsum_counts.ts";

type Swept = [
  string,
  (number | null)[],
  string | null,
  number | null,
  (number | null)[],
  number | null,
  (number | null)[] | string,
];

const swept: Swept[] = Deno.readTextFileSync(
  new URL("./fixtures/keras3_einsum_sweep.jsonl", import.meta.url),
).trim().split("\n").map((line) => JSON.parse(line));
const built = swept.filter((row) => row[5] !== null) as (Swept & {
  5: number;
  6: (number | null)[];
})[];

/** Whether `count` is one of the forms' counts (n and the LoRA rank searched). */
function among(forms: readonly CountForm[], count: number): boolean {
  return forms.some(({ per, plus, n, ranks }) => {
    for (let r = 0; r <= (ranks?.most ?? 0); r++) {
      const step = per + r * (ranks?.per ?? 0);
      const rest = count - plus - r * (ranks?.plus ?? 0);
      if (rest < step) continue;
      if (rest % step === 0 && (n === undefined || n.includes(rest / step))) return true;
    }
    return false;
  });
}

Deno.test("the Keras 3 EinsumDense sweep holds built and refused layers", () => {
  assert.ok(built.length >= 150, `${built.length} layers Keras built`);
  assert.ok(swept.length - built.length >= 20, `${swept.length - built.length} Keras refused`);
  assert.ok(built.filter((row) => row[3] !== null).length >= 40, "layers with LoRA");
  assert.ok(built.filter((row) => row[0].includes("...")).length >= 10, "equations with ...");
});

Deno.test("our EinsumDense gives Keras's count and output shape for every equation of the sweep", () => {
  for (const [equation, outputShape, biasAxes, loraRank, input, count, output] of built) {
    const label = `EinsumDense("${equation}", ${JSON.stringify(outputShape)}, bias ${biasAxes}, ` +
      `lora ${loraRank}) on ${JSON.stringify(input)}`;
    const layer = new EinsumDense(equation, {
      outputShape,
      biasAxes,
      ...(loraRank === null ? {} : { loraRank }),
    });
    layer.build(input);
    assert.deepEqual(layer.outputShape(), output, label);
    assert.equal(layer.paramCount(), count, label);
  }
});

Deno.test("every count Keras 3 gives an EinsumDense is among the counts its row allows", () => {
  // A count cut short is chosen among these forms by the totals, so the true count must always
  // be among them, whatever the equation (which no table prints).
  for (const [equation, , , loraRank, input, count, output] of built) {
    const forms = einsumCountForms(input, output, true, count);
    const label = `"${equation}" (LoRA ${loraRank}) on ${JSON.stringify(input)} to ${
      JSON.stringify(output)
    }`;
    assert.ok(forms !== undefined, label);
    assert.ok(among(forms, count), `${label}: ${count} is not among ${JSON.stringify(forms)}`);
    // Without LoRA (a Keras 2 or TF.js table), only a layer without it is among them.
    if (loraRank === null) assert.ok(among(einsumCountForms(input, output, false, count)!, count));
  }
  // 2 → 2 from 16 features to 8 units: a kernel of 128 (a projection) or 8 (one weight per
  // unit on the features' sum), a bias of 8 or none, nothing else.
  const plain = einsumCountForms([null, 16], [null, 8], false, 10_000)!;
  const counts = [...new Set(plain.map((f) => f.per + f.plus))].sort((a, b) => a - b);
  assert.deepEqual(counts, [8, 16, 128, 136]);
  // An unknown shape tells nothing.
  assert.equal(einsumCountForms(null, [null, 8], true, 100), undefined);
});

Deno.test("for every count of the sweep, the reader constructs an equation that gives it", () => {
  let lora = 0;
  for (const [equation, , , loraRank, input, count, output] of built) {
    const guesses = einsumGuesses(input, output, count, loraRank !== null);
    const label = `"${equation}" (LoRA ${loraRank}) on ${JSON.stringify(input)}: ${count}`;
    assert.ok(guesses.length > 0, label);
    for (const guess of guesses) {
      const layer = new EinsumDense({ ...guess });
      layer.build(input);
      assert.equal(layer.paramCount(), count, `${label}: ${guess.equation}`);
      assert.deepEqual(layer.outputShape(), output, `${label}: ${guess.equation}`);
      if (guess.loraRank !== undefined) lora++;
    }
  }
  assert.ok(lora >= 20, `${lora} guesses with LoRA`);
  // A count no equation gives has none: 7 from (None, 2) to (None, 3) takes a kernel of 3 or 6
  // and a bias of 0 or 3, which never make 7.
  assert.deepEqual(einsumGuesses([null, 2], [null, 3], 7, false), []);
});

Deno.test("a cut EinsumDense count that an equation with LoRA also fits is left open, not declined", () => {
  // Real Keras 3.15.1 (sequential seed 1341711925, tests/fixtures/keras_prints/fixed/
  // console-cut-einsum-count-of-any-equation.json): EinsumDense("abc,cd->abd", (None, 10)) on
  // (None, 5, 300), 3,000, printed "3,0…", and GRU(20, reset_after=False), 1,860, printed "1,8…".
  // "abc,bd->acd" with a bias and LoRA of rank 200 (50 + 10 + 200 × 15 = 3,060) beside a GRU
  // without bias (1,800) meets the same total: both rows are open, each said so.
  const table = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/console-cut-einsum-count-of-any-equation.json",
        import.meta.url,
      ),
    ),
  ).table as string;
  const rows = explainSummary(table).rows;
  const einsum = rows.find((r) => r.name === "einsum_dense")!;
  const gru = rows.find((r) => r.name === "gru")!;
  assert.deepEqual(einsum.openCounts, [3000, 3060]);
  assert.deepEqual(gru.openCounts, [1800, 1860]);
  assert.equal(einsum.checked, false);
});

Deno.test("an EinsumDense on an input printed nowhere that no projection fits says no reader can check it", () => {
  // Real Keras 3.15.1 (sequential seed 531725347, tests/fixtures/keras_prints/fixed/
  // einsum-input-printed-nowhere-any-count.json): EinsumDense("ab,n->anb", (10, None)) on
  // (None, 9), 10 parameters, output (None, 10, None), a first layer. On an input of one more
  // axis, "abcz,z->abc" gives that output any count, so the table cannot tell.
  const fixture = JSON.parse(
    Deno.readTextFileSync(
      new URL(
        "./fixtures/keras_prints/fixed/einsum-input-printed-nowhere-any-count.json",
        import.meta.url,
      ),
    ),
  );
  const einsum = explainSummary(fixture.table).rows.find((r) => r.name === "einsum_dense")!;
  assert.equal(einsum.checked, false);
  assert.equal(einsum.notCheckedReason, "input printed nowhere, any count fits");
  assert.match(einsum.note ?? "", /almost any count \(an input with one axis more/);
  // The claim holds: on (None, 10, 7, 10) "abcz,z->abc" gives (None, 10, 7) and 10.
  const summed = new EinsumDense("abcz,z->abc", { outputShape: [10, 7] }).build([null, 10, 7, 10]);
  assert.deepEqual([summed.outputShape(), summed.paramCount()], [[null, 10, 7], 10]);
  // With its input printed, the row is checked, its equation assumed and said.
  const known = explainSummary([
    'Model: "m"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━┓",
    "┃ Layer (type)                 ┃ Output Shape               ┃  Param # ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━┩",
    "│ input_layer (InputLayer)     │ (None, 9)                  │        0 │",
    "├──────────────────────────────┼────────────────────────────┼──────────┤",
    "│ einsum_dense (EinsumDense)   │ (None, 10, None)           │       10 │",
    "└──────────────────────────────┴────────────────────────────┴──────────┘",
    " Total params: 10 (40.00 B)",
    " Trainable params: 10 (40.00 B)",
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n")).rows.find((r) => r.name === "einsum_dense")!;
  assert.equal(known.checked, true, known.note);
  assert.match(known.note ?? "", /The equation is not printed: "ab,n->anb"/);
});
