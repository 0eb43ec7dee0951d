/**
 * keras-hub backbones block by block (lib/hub/breakdown.ts), their compute per token
 * (lib/hub/compute.ts) and the stacked bar that draws the breakdown (lib/plot/breakdown.ts).
 * Expected numbers are derived by hand from the published architectures, or come from the
 * library's Keras layers whose MACs are checked against Keras traced on JAX (tests/macs_test.ts).
 */

import assert from "assert";
import {
  backboneMacsPerToken,
  blockBreakdown,
  fromKerasHubPreset,
  kerasHubBackbone,
  kerasHubPresetNames,
  setLanguage,
  TransformerDecoder,
  TransformerEncoder,
} from "../mod.ts";
import { breakdownFigure, type FigureBundle, PLOTLY_MIME } from "../lib/plot.ts";
import { _resetPlotlyInlining } from "../lib/plot/_plotly.ts";

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

Deno.test("blockBreakdown: every preset's parts add up to its count, none left unnamed", () => {
  const names = kerasHubPresetNames();
  assert.ok(names.length >= 46, `${names.length} presets`);
  for (const name of names) {
    const { backbone } = fromKerasHubPreset(name);
    const b = blockBreakdown(backbone);
    assert.equal(b.total, backbone.paramCount(), name);
    assert.equal(sum(b.parts.map((p) => sum(p.params))), backbone.paramCount(), name);
    assert.ok(!b.parts.some((p) => p.part === "other"), `${name} has weights of no known part`);
    for (const p of b.parts) assert.equal(p.params.length, b.layers.length, name);
  }
});

Deno.test("blockBreakdown: Llama 3 8B's parts, each from its formula", () => {
  const d = 4096, v = 128_256, f = 14_336, h = 32, g = 8, k = 128;
  const b = blockBreakdown(fromKerasHubPreset("llama3_8b_en").backbone);
  assert.equal(b.layers[0], "token_embedding");
  assert.equal(b.layers.at(-1), "sequence_output_layernorm");
  const total = (part: string) => sum(b.parts.find((p) => p.part === part)!.params);
  assert.equal(total("embeddings"), v * d);
  assert.equal(total("output projection"), d * v);
  assert.equal(total("attention: query"), 32 * d * h * k);
  assert.equal(total("attention: key"), 32 * d * g * k);
  assert.equal(total("attention: value"), 32 * d * g * k);
  assert.equal(total("attention: output"), 32 * h * k * d);
  assert.equal(total("MLP"), 32 * 3 * d * f);
  assert.equal(total("norms"), 32 * 2 * d + d);
});

Deno.test("blockBreakdown: BERT-base's tables, norms and pooler", () => {
  const b = blockBreakdown(fromKerasHubPreset("bert_base_en_uncased").backbone);
  const total = (part: string) => sum(b.parts.find((p) => p.part === part)!.params);
  // Token, position and segment tables.
  assert.equal(total("embeddings"), 30_522 * 768 + 512 * 768 + 2 * 768);
  // The embeddings' layer norm and two per block, γ and β each.
  assert.equal(total("norms"), 2 * 768 + 12 * 4 * 768);
  assert.equal(total("pooler"), 768 * 768 + 768);
  assert.equal(total("attention: key"), 12 * (768 * 768 + 768));
  assert.equal(total("MLP"), 12 * (2 * 768 * 3072 + 3072 + 768));
});

Deno.test("blockBreakdown: LoRA's factors count with the projection they adapt", () => {
  const gpt2 = fromKerasHubPreset("gpt2_base_en").backbone;
  gpt2.enableLora(4);
  const b = blockBreakdown(gpt2);
  assert.equal(b.total, gpt2.paramCount());
  const query = sum(b.parts.find((p) => p.part === "attention: query")!.params);
  assert.equal(query, 12 * (768 * 768 + 768 + 768 * 12 * 4 + 4 * 64));
});

Deno.test("blockBreakdown: the parts are named in Chinese after setLanguage('zh')", () => {
  setLanguage("zh");
  try {
    const b = blockBreakdown(fromKerasHubPreset("gpt2_base_en").backbone);
    assert.ok(b.parts.some((p) => p.part === "MLP" && p.label === "前馈网络（MLP）"));
  } finally {
    setLanguage("en");
  }
});

Deno.test("backboneMacsPerToken: GPT-2 small is 12 of the library's TransformerDecoder", () => {
  for (const context of [1, 128, 1024]) {
    const decoder = new TransformerDecoder(3072, { numHeads: 12, inputShape: [context, 768] });
    const m = backboneMacsPerToken(fromKerasHubPreset("gpt2_base_en").backbone, { context });
    assert.equal(m.backbone, 12 * decoder.macs() / context, `at ${context} positions`);
    // The tied table projects back to the vocabulary: stored once, used per token.
    assert.equal(m.logits, 50_257 * 768);
  }
});

Deno.test("backboneMacsPerToken: BERT-base is 12 of the library's TransformerEncoder", () => {
  const encoder = new TransformerEncoder(3072, { numHeads: 12, inputShape: [512, 768] });
  const m = backboneMacsPerToken(fromKerasHubPreset("bert_base_en_uncased").backbone, {
    context: 512,
  });
  // The pooler works once per sequence, not per token: left out.
  assert.equal(m.backbone, 12 * encoder.macs() / 512);
});

Deno.test("backboneMacsPerToken: Llama 3 8B by hand", () => {
  const d = 4096, v = 128_256, f = 14_336, h = 32, g = 8, k = 128;
  const m = backboneMacsPerToken(fromKerasHubPreset("llama3_8b_en").backbone, { context: 8192 });
  assert.equal(m.projections, 32 * (d * (h + 2 * g) * k + h * k * d + 3 * d * f));
  assert.equal(m.attention, 32 * 2 * 8192 * h * k);
  assert.equal(m.logits, d * v);
  // Gemma puts the heads first in its kernels; the query width is the same product.
  const gemma = backboneMacsPerToken(fromKerasHubPreset("gemma_2b_en").backbone, { context: 10 });
  assert.equal(gemma.attention, 18 * 2 * 10 * 8 * 256);
});

Deno.test("backboneMacsPerToken: says what it does not model, never a number", () => {
  const at = (preset: string, context: number) =>
    backboneMacsPerToken(fromKerasHubPreset(preset).backbone, { context });
  assert.throws(() => at("albert_base_en_uncased", 8), /reuse one block's weights/);
  assert.throws(() => at("bart_base_en", 8), /cross_attention.*not modelled/);
  assert.throws(() => at("mistral_7b_en", 8192), /slidingWindow is 4096.*not modelled/);
  assert.equal(at("mistral_7b_en", 4096).attention, 32 * 2 * 4096 * 4096);
  assert.throws(() => at("gpt2_base_en", 0), RangeError);
  assert.throws(() => at("gpt2_base_en", 1.5), /positive integer, received 1.5/);
});

function display(figure: object): Promise<FigureBundle> {
  return (figure as Record<symbol, () => Promise<FigureBundle>>)[Symbol.for("Jupyter.display")]
    .call(figure);
}

Deno.test("breakdownFigure: one bar per layer, one stack per part, hostile names as text", async () => {
  const hostile = "<img src=x onerror=alert(1)>";
  const gpt2 = kerasHubBackbone("GPT2Backbone", {
    vocabularySize: 100,
    numLayers: 2,
    numHeads: 2,
    hiddenDim: 8,
    intermediateDim: 16,
    maxSequenceLength: 10,
    name: hostile,
  });
  const figure = breakdownFigure(blockBreakdown(gpt2));
  assert.equal(figure.layout.barmode, "stack");
  // token and position tables, two blocks, the final norm
  assert.deepEqual(figure.data[0].x, [
    "token_embedding",
    "position_embedding",
    "transformer_layer_0",
    "transformer_layer_1",
    "layer_norm",
  ]);
  _resetPlotlyInlining();
  await display(figure); // the first display carries plotly.js
  const bundle = await display(figure);
  assert.ok(!bundle["text/html"].includes("<img"), "raw <img in the HTML");
  assert.ok(!bundle["text/html"].includes("onerror=alert(1)>"), "raw attribute in the HTML");
  assert.match(
    JSON.stringify(bundle[PLOTLY_MIME].layout.title),
    /&lt;img src=x onerror=alert\(1\)&gt; \(GPT2Backbone\)/,
  );
  // Per block: attention 4 × (8 × 8 + 8), MLP 8 × 16 + 16 + 16 × 8 + 8, norms 4 × 8.
  assert.match(figure.description, /transformer_layer_1: 600/);
  assert.equal(4 * (8 * 8 + 8) + 8 * 16 + 16 + 16 * 8 + 8 + 4 * 8, 600);
});

Deno.test("explain() in Chinese: every backbone's words, its numbers and formulas kept", () => {
  // The classes modelled when the Chinese was written; a family added later is read in English
  // until its templates are given their Chinese.
  const classes = [
    "BertBackbone",
    "RobertaBackbone",
    "XLMRobertaBackbone",
    "DistilBertBackbone",
    "ElectraBackbone",
    "AlbertBackbone",
    "GPT2Backbone",
    "OPTBackbone",
    "BloomBackbone",
    "FalconBackbone",
    "BartBackbone",
    "LlamaBackbone",
    "Llama3Backbone",
    "MistralBackbone",
    "QwenBackbone",
    "Qwen3Backbone",
    "Phi3Backbone",
    "GemmaBackbone",
    "Gemma3Backbone",
  ];
  const english =
    /\b(the|with|and|of|each|heads?|table|norms?|attention|bias(es)?|share|smaller|tokens|positions|rows|parameters|feature|projection|counted|trainable)\b/;
  let read = 0;
  setLanguage("zh");
  try {
    for (const name of kerasHubPresetNames()) {
      const { backbone } = fromKerasHubPreset(name);
      if (!classes.includes(backbone.className)) continue;
      read++;
      const zh = backbone.explain();
      assert.doesNotMatch(zh, english, `${name}: ${zh.match(english)?.[0]} left in English`);
      // Every number of the English explanation is in the Chinese one.
      setLanguage("en");
      const numbers = backbone.explain().match(/\d[\d,]*\d/g) ?? [];
      setLanguage("zh");
      for (const n of numbers) assert.ok(zh.includes(n), `${name}: ${n} missing`);
    }
  } finally {
    setLanguage("en");
  }
  assert.ok(read >= 46, `${read} presets read`);
  const llama = fromKerasHubPreset("llama3_8b_en").backbone;
  setLanguage("zh");
  try {
    assert.match(llama.explain(), /^llama3_backbone \(Llama3Backbone\)：8,030,261,248 个参数$/m);
    assert.match(llama.explain(), /32 个 query 头共享 8 个 key\/value 头/);
  } finally {
    setLanguage("en");
  }
});

Deno.test("explain(): a gated block says as many RMS norms as its formula counts", () => {
  // Gemma 2 adds a norm after attention and after the MLP: four per block.
  const gemma2 = fromKerasHubPreset("gemma2_2b_en").backbone.explain();
  assert.match(gemma2, /four RMS norms\. .* \+ norms 4·2,304 = /);
  assert.match(fromKerasHubPreset("llama3_8b_en").backbone.explain(), /two RMS norms\. .*norms 2·/);
});
