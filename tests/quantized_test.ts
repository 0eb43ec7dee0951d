// Models real Keras 3.15.1 quantized with model.quantize (tests/fixtures/keras3_quantized.py): an
// Embedding, a Dense and an EinsumDense in int8, int4 and float8. paramlab does not model
// quantized weights (packed kernels with their scales), so it must never count them as float
// layers, nor flag the counts Keras prints for them.

import assert from "assert";
import { explainSummary, fromKerasJson } from "../mod.ts";

interface Quantized {
  readonly before: readonly number[];
  readonly after: readonly number[];
  readonly total: number;
  readonly json: string;
  readonly table: string;
}

const { models } = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/keras3_quantized.json", import.meta.url)),
) as { models: Record<string, Quantized> };

Deno.test("Keras quantization changes the counts: the fixture holds what Keras printed", () => {
  // Float: Embedding(50, 8) 400, Dense(16) on 8 features 144, EinsumDense to (6, 4) 68. int8
  // adds a scale per output column (Dense 144 + 16 = 160); int4 packs two weights a byte.
  assert.deepEqual(Object.keys(models), ["int8", "int4", "float8"]);
  assert.deepEqual(models.int8.before, [400, 144, 68]);
  assert.deepEqual(models.int8.after, [450, 160, 72]);
  assert.deepEqual(models.int4.after, [308, 120, 60]);
  assert.deepEqual(models.float8.after, [400, 3219, 3143]);
});

Deno.test("a quantized model's JSON is refused by layer and mode, never counted as float", () => {
  // Before, each read as 612 (the float counts), where Keras counts 682, 488 and 6,762.
  for (const [mode, model] of Object.entries(models)) {
    assert.throws(
      () => fromKerasJson(model.json),
      (e: Error) =>
        e instanceof TypeError &&
        /is quantized \(Keras 3's model\.quantize, mode "/.test(e.message) &&
        e.message.includes(mode) && /refused rather than counted wrong/.test(e.message),
      mode,
    );
  }
  // A float policy, mixed precision included, is read as before.
  const float = JSON.parse(models.int8.json);
  for (const entry of float.config.layers) {
    if (entry.class_name === "InputLayer") continue;
    entry.config.dtype = {
      module: "keras",
      class_name: "DTypePolicy",
      config: { name: "mixed_float16" },
      registered_name: null,
    };
    entry.config.quantization_config = null;
  }
  assert.equal(fromKerasJson(float).paramCount(), 612);
});

Deno.test("the tables Keras prints of quantized models are never flagged", () => {
  for (const [mode, model] of Object.entries(models)) {
    const result = explainSummary(model.table);
    // Before, int8's Dense row (160 on 8 features, a float Dense's 144) was flagged.
    assert.deepEqual(result.rows.filter((r) => !r.consistent).map((r) => r.name), [], mode);
    assert.equal(result.totals.consistent, true, `${mode}: ${result.totals.note}`);
    assert.equal(result.consistent, true, mode);
    const dense = result.rows.find((r) => r.className === "Dense")!;
    assert.deepEqual([dense.checked, dense.notCheckedReason], [
      false,
      "quantized weights possible",
    ], mode);
    assert.match(dense.note ?? "", /Keras 3 quantizes Dense layers \(model\.quantize/);
  }
});

Deno.test("a table whose sizes say its weights are quantized leaves every row of a kind Keras quantizes not checked", () => {
  // tests/fixtures/keras3_quantized_attention.py: Keras 3.15.1 printed each model before and
  // after model.quantize (int8, int4). MultiHeadAttention(2, 4) on 8 features counts 288, and
  // 320 quantized to int8: 320 is also 1 head of key size 10, unquantized, which the reader
  // checked, a confident wrong answer; a first Dense of a Sequential (its input printed
  // nowhere) quantized read as a Dense on another input. The sizes tell: 504 non-trainable
  // parameters in 672 bytes, less than the two a parameter any float dtype takes.
  const { models } = JSON.parse(Deno.readTextFileSync(
    new URL("./fixtures/keras3_quantized_attention.json", import.meta.url),
  )) as { models: Record<string, { mode: string | null; table: string }> };
  const quantizable = new Set([
    "MultiHeadAttention",
    "GroupedQueryAttention",
    "Dense",
    "TimeDistributed",
  ]);
  assert.equal(Object.keys(models).length, 6);
  for (const [name, { mode, table }] of Object.entries(models)) {
    const result = explainSummary(table);
    assert.ok(result.consistent, `${name}: ${result}`);
    for (const row of result.rows) {
      const className = row.className ?? "";
      if (mode === null || !quantizable.has(className)) {
        assert.ok(row.checked, `${name} ${row.name}: ${row.note}`);
      } else {
        // Not checked, never flagged (some for another reason: a TimeDistributed whose inner
        // layer no row prints, a Dense that LoRA would fit too).
        assert.equal(row.checked, false, `${name} ${row.name}: ${row.note}`);
        assert.ok(row.consistent, `${name} ${row.name}: ${row.note}`);
      }
    }
  }
  const int8 = explainSummary(models["attention-int8"].table).rows;
  assert.deepEqual(
    int8.map((row) => row.notCheckedReason),
    [undefined, "quantized weights possible", "quantized weights possible"],
  );
});
