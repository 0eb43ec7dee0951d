/**
 * The keras-hub presets once left out because their configuration had not been sourced exactly
 * (tools/keras_oracle/keras_hub_withheld_configs.json): each count is keras-hub's published
 * metadata.params (tests/fixtures/keras_hub_backbones.json, read from keras-hub's preset files),
 * or, where it is not, transformers' count of the published checkpoint
 * (tests/fixtures/keras_hub_presets_transformers.json, recorded by
 * tools/keras_oracle/keras_hub_presets_transformers.py on the meta device) confirms it.
 */

import assert from "assert";
import { fromKerasHubPreset, kerasHubPresetNames } from "../lib/hub/presets.ts";

const WITHHELD: { presets: Record<string, { backbone_class: string }> } = JSON.parse(
  await Deno.readTextFile(
    new URL("../tools/keras_oracle/keras_hub_withheld_configs.json", import.meta.url),
  ),
);
const PUBLISHED: { presets: Record<string, { params: number | null }> } = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/keras_hub_backbones.json", import.meta.url)),
);
const HF: { counts: Record<string, number> } = JSON.parse(
  await Deno.readTextFile(
    new URL("./fixtures/keras_hub_presets_transformers.json", import.meta.url),
  ),
);

const count = (name: string) => fromKerasHubPreset(name).backbone.paramCount();
const published = (name: string) => PUBLISHED.presets[name].params;

Deno.test("keras-hub presets once withheld: each is modelled, and equals keras-hub's published count or says why not", () => {
  const names = Object.keys(WITHHELD.presets);
  assert.ok(names.length >= 100, `only ${names.length} presets`);
  const modelled = new Set(kerasHubPresetNames());
  let equal = 0;
  for (const name of names) {
    assert.ok(modelled.has(name), `${name} is not modelled`);
    const { backbone, publishedDiffers } = fromKerasHubPreset(name);
    assert.equal(backbone.className, WITHHELD.presets[name].backbone_class, name);
    if (backbone.paramCount() === published(name)) {
      assert.equal(publishedDiffers, undefined, name);
      equal++;
    } else {
      assert.ok(publishedDiffers, `${name}: ${backbone.paramCount()} ≠ ${published(name)}`);
    }
  }
  assert.ok(equal >= 95, `only ${equal} equal keras-hub's published count`);
});

Deno.test("keras-hub presets once withheld: Qwen 2.5 7B and Coder 1.5B count what transformers counts, not keras-hub's published number", () => {
  for (const name of ["qwen2.5_7b_en", "qwen2.5_coder_7b", "qwen2.5_coder_instruct_7b"]) {
    assert.equal(count(name), HF.counts["Qwen/Qwen2.5-7B"], name);
    assert.notEqual(count(name), published(name));
    // keras-hub's qwen2.5_math_7b_en has the same sizes and publishes the true count.
    assert.equal(published("qwen2.5_math_7b_en"), HF.counts["Qwen/Qwen2.5-7B"]);
    assert.match(fromKerasHubPreset(name).publishedDiffers!, /not known/);
  }
  for (const name of ["qwen2.5_coder_1.5b", "qwen2.5_coder_instruct_1.5b"]) {
    assert.equal(count(name), HF.counts["Qwen/Qwen2.5-Coder-1.5B"], name);
    assert.equal(published("qwen2.5_math_1.5b_en"), HF.counts["Qwen/Qwen2.5-Coder-1.5B"]);
  }
});

Deno.test("keras-hub presets once withheld: T5 1.1 large's published count is the tied one, its output projection untied", () => {
  const vocab = 32128;
  assert.equal(published("t5_1.1_large"), HF.counts["google/t5-v1_1-large (tied)"]);
  assert.equal(count("t5_1.1_large"), HF.counts["google/t5-v1_1-large (tied)"] + vocab * 1024);
  // The same holds for xl, whose published count keras-hub corrected to the untied one.
  assert.equal(count("t5_1.1_xl"), HF.counts["google/t5-v1_1-xl (tied)"] + vocab * 2048);
  assert.equal(count("t5_1.1_xl"), published("t5_1.1_xl"));
  assert.equal(count("t5_1.1_xxl"), published("t5_1.1_xxl"));
});

Deno.test("keras-hub presets once withheld: SigLIP 2 so400m/16 at 512 publishes transformers' count, its position ids left out", () => {
  // keras-hub holds the position ids as weights: 32 × 32 patches and 64 text positions.
  const name = "siglip2_so400m_patch16_512";
  assert.equal(published(name), HF.counts["google/siglip2-so400m-patch16-512"]);
  assert.equal(count(name), HF.counts["google/siglip2-so400m-patch16-512"] + 32 * 32 + 64);
  // At 384 pixels keras-hub publishes its own count: transformers' plus 24 × 24 + 64.
  const at384 = "siglip2_so400m_patch16_384";
  assert.equal(count(at384), published(at384));
  assert.equal(count(at384), HF.counts["google/siglip2-so400m-patch16-384"] + 24 * 24 + 64);
});

Deno.test("keras-hub presets once withheld: OPT 2.7B and 6.7B publish the round size in their names", () => {
  // transformers' OPT position table has 2 offset rows more than keras-hub's 2,048.
  assert.equal(count("opt_1.3b_en"), HF.counts["facebook/opt-1.3b"] - 2 * 2048);
  assert.equal(count("opt_1.3b_en"), published("opt_1.3b_en"));
  assert.equal(count("opt_2.7b_en"), HF.counts["facebook/opt-2.7b"] - 2 * 2560);
  assert.equal(count("opt_6.7b_en"), HF.counts["facebook/opt-6.7b"] - 2 * 4096);
  assert.equal(published("opt_2.7b_en"), 2_700_000_000);
  assert.equal(published("opt_6.7b_en"), 6_700_000_000);
});

Deno.test("keras-hub presets once withheld: Llama 3's int8 presets publish the float count plus one scale per output column", () => {
  const perBlock = 4096 + 2 * 1024 + 2 * 4096 + 2 * 14336;
  const scales = 32 * perBlock + 2 * 128256;
  for (const name of ["llama3_8b_en_int8", "llama3_instruct_8b_en_int8"]) {
    assert.equal(count(name), count("llama3_8b_en"));
    assert.equal(published(name), count(name) + scales, name);
    assert.match(fromKerasHubPreset(name).publishedDiffers!, /int8 quantization's scales/);
  }
});
