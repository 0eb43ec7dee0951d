// keras-hub's decoder backbones beside Hugging Face transformers' causal LMs. Every expected
// count and parameter list here was recorded from real transformers 5.18.0 (torch 2.13.0), each
// model built from its config under `with torch.device("meta")`, counted with
// `sum(p.numel() for p in model.parameters())` and listed with `model.named_parameters()`; the
// formulas beside them are written out independently. `deno task pytorch`
// (tools/huggingface_check.ts) rebuilds every preset and fresh random configurations in CI.

import assert from "assert";
import {
  compareHuggingFace,
  fromKerasHubPreset,
  huggingFaceBackbones,
  huggingFaceCounterpart,
  type HuggingFaceModel,
  kerasHubBackbone,
} from "../mod.ts";

const model = (c: ReturnType<typeof huggingFaceCounterpart>): HuggingFaceModel => {
  assert.ok("className" in c, "none" in c ? c.none : "");
  return c;
};

Deno.test("Llama 3 8B is LlamaForCausalLM: 8,030,261,248 untied, 7,504,924,672 tied", () => {
  const { backbone } = fromKerasHubPreset("llama3_8b_en");
  const c = compareHuggingFace(backbone);
  assert.equal(c.huggingFace?.className, "LlamaForCausalLM");
  assert.equal(c.huggingFace?.configClass, "LlamaConfig");
  assert.equal(c.huggingFace?.paramCount, 8_030_261_248);
  assert.equal(c.keras.paramCount, 8_030_261_248);
  assert.equal(c.difference, 0);
  assert.equal(c.huggingFace?.tieWordEmbeddings, false);
  // transformers lists 291 parameters: the table, 9 per block × 32, the norm, lm_head.
  assert.equal(c.huggingFace?.weights.length, 291);
  assert.equal(c.tied?.paramCount, 7_504_924_672);
  assert.equal(c.untied!.paramCount - c.tied!.paramCount, 128_256 * 4096);
  assert.equal(c.huggingFace?.baseParamCount, 7_504_924_672);
  assert.deepEqual(c.huggingFace?.config, {
    vocab_size: 128256,
    hidden_size: 4096,
    intermediate_size: 14336,
    num_hidden_layers: 32,
    num_attention_heads: 32,
    num_key_value_heads: 8,
    head_dim: 128,
    tie_word_embeddings: false,
  });
  const why = c.why.join(" ");
  assert.match(why, /reverse_embeddings \(4,096 × 128,256\) is lm_head\.weight/);
  assert.match(why, /Tied \(tie_word_embeddings=True\) the count is 7,504,924,672/);
  assert.match(c.huggingFace!.code, /with torch\.device\("meta"\)/);
  assert.match(c.huggingFace!.code, /LlamaForCausalLM\(config\)/);
  assert.match(String(c), /tied 7,504,924,672, untied 8,030,261,248/);
});

Deno.test("GPT-2 is GPT2LMHeadModel, tied: 124,439,808, untied 163,037,184", () => {
  const c = compareHuggingFace(fromKerasHubPreset("gpt2_base_en").backbone);
  assert.equal(c.huggingFace?.className, "GPT2LMHeadModel");
  assert.equal(c.huggingFace?.paramCount, 124_439_808);
  assert.equal(c.difference, 0);
  assert.equal(c.untied?.paramCount, 163_037_184);
  assert.equal(163_037_184 - 124_439_808, 50257 * 768);
  assert.equal(c.untied?.weights.at(-1)?.name, "lm_head.weight");
  assert.notEqual(c.tied?.weights.at(-1)?.name, "lm_head.weight");
  assert.match(c.why.join(" "), /counted once/);
});

Deno.test("the families match transformers' own counts for their presets", () => {
  // transformers 5.18.0 on the meta device, tied as keras-hub ties each preset.
  const expected: Record<string, [string, number]> = {
    llama2_7b_en: ["LlamaForCausalLM", 6_738_415_616],
    mistral_7b_en: ["MistralForCausalLM", 7_241_732_096],
    gemma_2b_en: ["GemmaForCausalLM", 2_506_172_416],
    gemma2_2b_en: ["Gemma2ForCausalLM", 2_614_341_888],
    gemma3_1b: ["Gemma3ForCausalLM", 999_885_952],
    "qwen2.5_0.5b_en": ["Qwen2ForCausalLM", 494_032_768],
    "qwen3_0.6b_en": ["Qwen3ForCausalLM", 596_049_920],
    phi3_mini_4k_instruct_en: ["Phi3ForCausalLM", 3_821_079_552],
    bloom_560m_multi: ["BloomForCausalLM", 559_214_592],
    opt_125m_en: ["OPTForCausalLM", 125_239_296],
    falcon_refinedweb_1b_en: ["FalconForCausalLM", 1_311_625_216],
  };
  assert.ok(Object.keys(expected).length >= 10);
  for (const [preset, [className, count]] of Object.entries(expected)) {
    const c = compareHuggingFace(fromKerasHubPreset(preset).backbone);
    assert.equal(c.huggingFace?.className, className, preset);
    assert.equal(c.huggingFace?.paramCount, count, preset);
    assert.equal(c.difference, preset === "opt_125m_en" ? 2 * 768 : 0, preset);
  }
});

Deno.test("Gemma's intermediate_size is half keras-hub's intermediateDim", () => {
  const c = compareHuggingFace(fromKerasHubPreset("gemma_2b_en").backbone);
  assert.equal(c.huggingFace?.config.intermediate_size, 16384);
  assert.match(c.why.join(" "), /twice Hugging Face's intermediate_size \(16,384\)/);
});

Deno.test("OPT keeps two more position rows in Hugging Face: 2 × 768 more", () => {
  const c = compareHuggingFace(fromKerasHubPreset("opt_125m_en").backbone);
  assert.equal(c.keras.paramCount, 125_237_760);
  assert.equal(c.huggingFace?.paramCount, 125_239_296);
  assert.equal(c.difference, 1536);
  assert.deepEqual(
    c.huggingFace?.weights.find((w) => w.name === "model.decoder.embed_positions.weight")?.shape,
    [2050, 768],
  );
  assert.match(c.why.join(" "), /offset 2/);
});

// One block of each gated family at vocabulary 11, hidden 16, 4 query heads and 2 key/value
// heads of 4, intermediate 24, untied unless the family always ties; transformers listed these.
const TINY = {
  vocabularySize: 11,
  numLayers: 1,
  numQueryHeads: 4,
  numKeyValueHeads: 2,
  hiddenDim: 16,
  intermediateDim: 24,
};

Deno.test("a small Llama lists transformers' parameters, name for name", () => {
  const hf = model(huggingFaceCounterpart(kerasHubBackbone("LlamaBackbone", TINY)));
  assert.deepEqual(hf.weights.map((w) => [w.name, w.shape]), [
    ["model.embed_tokens.weight", [11, 16]],
    ["model.layers.0.self_attn.q_proj.weight", [16, 16]],
    ["model.layers.0.self_attn.k_proj.weight", [8, 16]],
    ["model.layers.0.self_attn.v_proj.weight", [8, 16]],
    ["model.layers.0.self_attn.o_proj.weight", [16, 16]],
    ["model.layers.0.mlp.gate_proj.weight", [24, 16]],
    ["model.layers.0.mlp.up_proj.weight", [24, 16]],
    ["model.layers.0.mlp.down_proj.weight", [16, 24]],
    ["model.layers.0.input_layernorm.weight", [16]],
    ["model.layers.0.post_attention_layernorm.weight", [16]],
    ["model.norm.weight", [16]],
    ["lm_head.weight", [11, 16]],
  ]);
  assert.equal(hf.paramCount, 2320);
});

Deno.test("small configurations of each gated family count as transformers counts them", () => {
  const cases: [string, Record<string, unknown>, boolean, string, number][] = [
    ["MistralBackbone", TINY, false, "MistralForCausalLM", 2320],
    ["QwenBackbone", TINY, false, "Qwen2ForCausalLM", 2352],
    ["Qwen3Backbone", { ...TINY, headDim: 4 }, false, "Qwen3ForCausalLM", 2328],
    ["Phi3Backbone", TINY, false, "Phi3ForCausalLM", 2320],
    // keras-hub's Gemma intermediateDim is twice transformers' intermediate_size (24).
    ["GemmaBackbone", { ...TINY, intermediateDim: 48, headDim: 4 }, true, "GemmaForCausalLM", 2144],
    [
      "GemmaBackbone",
      {
        ...TINY,
        intermediateDim: 48,
        headDim: 4,
        usePostFfwNorm: true,
        usePostAttentionNorm: true,
      },
      true,
      "Gemma2ForCausalLM",
      2176,
    ],
    [
      "Gemma3Backbone",
      { ...TINY, headDim: 4, usePostFfwNorm: true, usePostAttentionNorm: true },
      true,
      "Gemma3ForCausalLM",
      2184,
    ],
  ];
  for (const [className, args, tie, hfClass, count] of cases) {
    const hf = model(
      huggingFaceCounterpart(kerasHubBackbone(className, args), { tieWordEmbeddings: tie }),
    );
    assert.equal(hf.className, hfClass, className);
    assert.equal(hf.paramCount, count, hfClass);
  }
});

Deno.test("a backbone with no Hugging Face causal LM says why", () => {
  const bert = compareHuggingFace(fromKerasHubPreset("bert_base_en_uncased").backbone);
  assert.equal(bert.huggingFace, undefined);
  assert.match(bert.why.join(" "), /knows no Hugging Face causal LM for BertBackbone/);
  const half = compareHuggingFace(
    kerasHubBackbone("GemmaBackbone", {
      ...TINY,
      intermediateDim: 48,
      headDim: 4,
      usePostFfwNorm: true,
    }),
  );
  assert.equal(half.huggingFace, undefined);
  assert.match(half.why.join(" "), /Gemma2ForCausalLM has both/);
  const bloom = huggingFaceCounterpart(
    kerasHubBackbone("BloomBackbone", {
      vocabularySize: 11,
      numLayers: 1,
      numHeads: 2,
      hiddenDim: 8,
      intermediateDim: 20,
    }),
  );
  assert.ok("none" in bloom);
  assert.match(bloom.none, /always 4 × hidden_size = 32 wide/);
  // transformers' Gemma3TextConfig raises "The hidden size (18) is not a multiple of the
  // number of attention heads (4)" even with head_dim given.
  const gemma3 = huggingFaceCounterpart(
    kerasHubBackbone("Gemma3Backbone", {
      ...TINY,
      hiddenDim: 18,
      headDim: 4,
      usePostFfwNorm: true,
      usePostAttentionNorm: true,
    }),
  );
  assert.ok("none" in gemma3);
  assert.match(gemma3.none, /refuses a hidden_size \(18\)/);
  assert.ok(huggingFaceBackbones().length >= 12);
});

Deno.test("with LoRA the comparison says keras-hub counts the factors and transformers has none", () => {
  const backbone = kerasHubBackbone("LlamaBackbone", TINY);
  backbone.enableLora(2);
  const c = compareHuggingFace(backbone);
  // query kernel (16, 4, 4) and value kernel (16, 2, 4): a (16, 4, 2) + b (2, 4) each.
  const factors = (16 * 4 * 2 + 2 * 4) + (16 * 2 * 2 + 2 * 4);
  assert.equal(c.keras.paramCount, 2320 + factors);
  assert.equal(c.difference, -factors);
  assert.match(c.why.join(" "), new RegExp(`LoRA rank 2: .* ${factors} parameters`));
});
