/**
 * Tables real keras-hub printed with a backbone built from a public preset
 * (tests/fixtures/keras_hub_preset_summaries.json, recorded by
 * tools/keras_oracle/keras_hub_preset_summaries.py): every row is checked, the backbone's row
 * against the one preset that fits with real keras-hub's count; a configuration that is no preset
 * is said to fit none; and a count several presets fit names them all, never one of them.
 */

import assert from "assert";
import { explainSummary, kerasHubPresetsFitting } from "../mod.ts";
import { explainedCase, summaryCases } from "./_hub_oracle.ts";

const FIXTURE = { cases: await summaryCases("keras_hub_preset_summaries.json") };
const PRESET_CASES = FIXTURE.cases.filter((c) => c.preset !== "bert_not_a_preset");

Deno.test("keras-hub tables from public presets: every row is checked, the backbone's as its preset", () => {
  assert.ok(PRESET_CASES.length >= 8, `${PRESET_CASES.length} tables`);
  const classes = new Set(PRESET_CASES.map((c) => c.className));
  for (const name of ["BertBackbone", "GPT2Backbone", "RobertaBackbone"]) {
    assert.ok(classes.has(name), `no ${name} table`);
  }
  for (const c of PRESET_CASES) {
    const { where, explained } = explainedCase(c);
    const row = explained.rows.find((r) => r.className === c.className)!;
    // Real keras-hub's count_params() of the backbone it built from the preset's arguments.
    assert.equal(row.paramCount, c.backboneParams, where);
    assert.equal(row.expectedParamCount, c.backboneParams, where);
    assert.match(row.note ?? "", new RegExp(`those of ${c.preset.replaceAll(".", "\\.")} \\(`));
  }
});

Deno.test("keras-hub tables: GPT-2's causal LM reads its logits from the tied token table", () => {
  const c = PRESET_CASES.find((c) => c.preset === "gpt2_base_en" && c.kind === "task")!;
  const row = explainSummary(c.summary).rows.find((r) => r.name === "token_embedding")!;
  assert.equal(row.checked, true);
  // Real keras-hub: the model's total is the backbone's alone, the table counted once.
  assert.equal(c.params, c.backboneParams);
  assert.equal(row.paramCount, 50_257 * 768);
  assert.match(row.note ?? "", /tied/);
});

Deno.test("keras-hub tables: a backbone no preset has is said to fit none, not checked", () => {
  const cases = FIXTURE.cases.filter((c) => c.preset === "bert_not_a_preset");
  assert.equal(cases.length, 2);
  for (const c of cases) {
    const row = explainSummary(c.summary).rows.find((r) => r.className === "BertBackbone")!;
    assert.equal(row.paramCount, c.backboneParams);
    assert.equal(row.checked, false);
    assert.equal(row.expectedParamCount, null);
    assert.match(row.note ?? "", /none of the presets paramlab models has 143,552 parameters/);
  }
});

Deno.test("keras-hub presets: a count several presets fit names them all", () => {
  // Llama 3 8B and Llama 3.1 8B: the same weights, keras-hub's published 8,030,261,248 for
  // both; 3.1 only adds RoPE frequency arguments, which hold no weights.
  const fit = kerasHubPresetsFitting({
    className: "Llama3Backbone",
    params: 8_030_261_248,
    outputs: [[null, null, 4096]],
  });
  assert.deepEqual(fit.presets, ["llama3_8b_en", "llama3.1_8b"]);
  assert.equal(fit.oneArchitecture, false);
  assert.equal(fit.sameWeights, true);
  assert.deepEqual(fit.differingArgs, [
    "ropeFrequencyAdjustmentFactor",
    "ropeLowFreqFactor",
    "ropeHighFreqFactor",
    "ropePretrainingSequenceLength",
  ]);
  // The row of such a backbone is checked, and its note names both, saying it cannot tell them.
  const table = [
    'Model: "llama3_causal_lm"',
    "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━━━━━┓",
    "┃ Layer (type)                  ┃ Output Shape              ┃         Param # ┃ Connected to               ┃",
    "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━━━━━┩",
    "│ padding_mask (InputLayer)     │ (None, None)              │               0 │ -                          │",
    "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
    "│ token_ids (InputLayer)        │ (None, None)              │               0 │ -                          │",
    "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
    "│ llama3_backbone               │ (None, None, 4096)        │   8,030,261,248 │ padding_mask[0][0],        │",
    "│ (Llama3Backbone)              │                           │                 │ token_ids[0][0]            │",
    "├───────────────────────────────┼───────────────────────────┼─────────────────┼────────────────────────────┤",
    "│ token_embedding               │ (None, None, 128256)      │   1,050,673,152 │ llama3_backbone[0][0]      │",
    "│ (ReversibleEmbedding)         │                           │                 │                            │",
    "└───────────────────────────────┴───────────────────────────┴─────────────────┴────────────────────────────┘",
    " Total params: 8,030,261,248 (29.92 GB)",
    " Trainable params: 8,030,261,248 (29.92 GB)",
    " Non-trainable params: 0 (0.00 B)",
  ].join("\n");
  const rows = explainSummary(table).rows;
  const backbone = rows.find((r) => r.name === "llama3_backbone")!;
  assert.equal(backbone.checked, true);
  assert.match(backbone.note ?? "", /llama3_8b_en and llama3\.1_8b/);
  assert.match(backbone.note ?? "", /cannot be told from the table/);
  // Untied: the table and its own output projection, 2 × 128,256 × 4,096.
  const logits = rows.find((r) => r.name === "token_embedding")!;
  assert.equal(logits.checked, true);
  assert.match(logits.note ?? "", /untied/);
});
