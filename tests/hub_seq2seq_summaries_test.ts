/**
 * Tables real keras-hub printed with a sequence-to-sequence backbone built from a public preset
 * (tests/fixtures/keras_hub_seq2seq_summaries.json, recorded by
 * tools/keras_oracle/keras_hub_seq2seq_summaries.py): T5, BART and Whisper return a dict of the
 * decoder's and the encoder's sequences, so their row prints two output shapes; the row is read,
 * checked against the preset that fits, with real keras-hub's count.
 */

import assert from "assert";
import { kerasHubPresetsFitting } from "../mod.ts";
import { explainedCase, summaryCases } from "./_hub_oracle.ts";
import { backboneOutputs } from "../lib/hub/read.ts";
import { fromKerasHubPreset } from "../lib/hub/presets.ts";

const FIXTURE = { cases: await summaryCases("keras_hub_seq2seq_summaries.json") };

Deno.test("keras-hub seq2seq tables: a T5, BART or Whisper row (two outputs) is checked as its preset", () => {
  assert.ok(FIXTURE.cases.length >= 5, `${FIXTURE.cases.length} tables`);
  const classes = new Set(FIXTURE.cases.map((c) => c.className));
  for (const name of ["T5Backbone", "BartBackbone", "WhisperBackbone"]) {
    assert.ok(classes.has(name), `no ${name} table`);
  }
  for (const c of FIXTURE.cases) {
    const { where, explained } = explainedCase(c);
    const row = explained.rows.find((r) => r.className === c.className)!;
    // The printed row: two shapes, the decoder's and the encoder's sequences.
    assert.equal(row.outputShape?.length, 2, where);
    assert.deepEqual(row.outputShape?.[0], row.outputShape?.[1], where);
    assert.deepEqual((row.outputShape?.[0] as unknown[]).slice(0, 2), [null, null], where);
    // Real keras-hub's count_params() of the backbone it built from the preset's arguments.
    assert.equal(row.paramCount, c.backboneParams, where);
    assert.equal(row.expectedParamCount, c.backboneParams, where);
    assert.match(row.note ?? "", new RegExp(`those of ${c.preset.replaceAll(".", "\\.")} \\(`));
  }
});

Deno.test("keras-hub seq2seq presets: a backbone's outputs are its decoder's and encoder's sequences", () => {
  // T5-small: hidden size 512 (keras-hub's t5_presets / the published config's d_model).
  assert.deepEqual(backboneOutputs(fromKerasHubPreset("t5_small_multi").backbone), [
    [null, null, 512],
    [null, null, 512],
  ]);
  // One shape alone is not a T5 row: it fits no preset.
  const one = kerasHubPresetsFitting({
    className: "T5Backbone",
    params: 60_506_624,
    outputs: [[null, null, 512]],
  });
  assert.deepEqual(one.presets, []);
  const two = kerasHubPresetsFitting({
    className: "T5Backbone",
    params: 60_506_624,
    outputs: [[null, null, 512], [null, null, 512]],
  });
  assert.deepEqual(two.presets, ["t5_small_multi"]);
});
