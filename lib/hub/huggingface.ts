/**
 * keras-hub's decoder backbones beside Hugging Face transformers' causal language models: the
 * same architecture as `LlamaForCausalLM`, `MistralForCausalLM`, `Qwen2ForCausalLM`,
 * `Qwen3ForCausalLM`, `Phi3ForCausalLM`, `GemmaForCausalLM`, `Gemma2ForCausalLM`,
 * `Gemma3ForCausalLM`, `GPT2LMHeadModel`, `OPTForCausalLM`, `BloomForCausalLM` or
 * `FalconForCausalLM`, built from its
 * config, with its `named_parameters()` (names and shapes, a tied matrix listed once, as torch's
 * `model.parameters()` yields it) and its count with and without tied embeddings.
 *
 * keras-hub's causal LM adds no weights to its backbone: its logits come from the token
 * embedding's reverse projection, the shared table when tied, its own `reverse_embeddings` when
 * not. So the backbone's count is the causal LM's, and it is compared with the whole
 * `…ForCausalLM`, whose `lm_head` is that reverse projection.
 *
 * The configs follow keras-hub's `convert_*.py` mappings the other way: e.g. Gemma's
 * `intermediate_size` is half keras-hub's `intermediate_dim`. `deno task pytorch` builds every
 * modelled preset and fresh random small configurations in real transformers on the meta device
 * (nothing allocated) and compares every parameter's name and shape.
 *
 * @module
 */

import type { PyTorchTensor } from "../layers/declaration.ts";
import { pytorchTensor } from "../layers/pytorch.ts";
import type { HubBackbone } from "./backbone.ts";
import { countOf } from "./blocks.ts";
import { thousands } from "../numbers.ts";
import { expectObject, expectWith } from "../guard.ts";

/** A Hugging Face transformers model, built from its config. */
export interface HuggingFaceModel {
  /** The model class, e.g. `"LlamaForCausalLM"`. */
  readonly className: string;
  /** Its config class, e.g. `"LlamaConfig"`. */
  readonly configClass: string;
  /** The config's arguments that shape the weights (Hugging Face's names). */
  readonly config: Readonly<Record<string, number | boolean | null>>;
  /** Whether the output projection is the token table (`tie_word_embeddings`). */
  readonly tieWordEmbeddings: boolean;
  /** `model.named_parameters()`: each parameter once, a tied matrix under its first name. */
  readonly weights: readonly PyTorchTensor[];
  /** `sum(p.numel() for p in model.parameters())`. */
  readonly paramCount: number;
  /** The base model's count, without the output projection (`model.model` or `.transformer`). */
  readonly baseParamCount: number;
  /** Python that builds it on the meta device and counts it. */
  readonly code: string;
}

/** No Hugging Face model corresponds, and why. */
export interface HuggingFaceNone {
  /** Why not, in a sentence. */
  readonly none: string;
}

type Config = Readonly<Record<string, unknown>>;
const num = (c: Config, key: string) => c[key] as number;
const fmt = thousands;

interface Family {
  readonly className: string;
  readonly configClass: string;
  /** keras-hub's own tying for this configuration. */
  readonly tied: (c: Config) => boolean;
  /** The config (without tie_word_embeddings), or why none matches. */
  readonly config: (c: Config) => Record<string, number | boolean | null> | string;
  /** The base model's parameters, named as Hugging Face names them. */
  readonly base: (c: Config) => PyTorchTensor[];
  /** Why the counts agree or differ, besides tying. */
  readonly notes: (c: Config) => string[];
}

const t = pytorchTensor;

// The decoder families of grouped-query attention, a gated MLP and RMS norms.
interface GatedOptions {
  readonly qkvBias?: boolean;
  readonly qkNorm?: boolean;
  readonly fused?: boolean;
  readonly sandwich?: boolean;
}

function gatedBase(
  sizes: { v: number; d: number; layers: number; heads: number; kv: number; hd: number; i: number },
  o: GatedOptions,
): PyTorchTensor[] {
  const { v, d, heads, kv, hd, i } = sizes;
  const out: PyTorchTensor[] = [t("model.embed_tokens.weight", [v, d])];
  for (let k = 0; k < sizes.layers; k++) {
    const p = `model.layers.${k}`;
    if (o.fused) {
      out.push(
        t(`${p}.self_attn.o_proj.weight`, [d, heads * hd]),
        t(`${p}.self_attn.qkv_proj.weight`, [(heads + 2 * kv) * hd, d]),
        t(`${p}.mlp.gate_up_proj.weight`, [2 * i, d]),
        t(`${p}.mlp.down_proj.weight`, [d, i]),
      );
    } else {
      for (const [name, rows] of [["q", heads], ["k", kv], ["v", kv]] as const) {
        out.push(t(`${p}.self_attn.${name}_proj.weight`, [rows * hd, d]));
        if (o.qkvBias) out.push(t(`${p}.self_attn.${name}_proj.bias`, [rows * hd]));
      }
      out.push(t(`${p}.self_attn.o_proj.weight`, [d, heads * hd]));
      if (o.qkNorm) {
        out.push(t(`${p}.self_attn.q_norm.weight`, [hd]), t(`${p}.self_attn.k_norm.weight`, [hd]));
      }
      out.push(
        t(`${p}.mlp.gate_proj.weight`, [i, d]),
        t(`${p}.mlp.up_proj.weight`, [i, d]),
        t(`${p}.mlp.down_proj.weight`, [d, i]),
      );
    }
    out.push(t(`${p}.input_layernorm.weight`, [d]), t(`${p}.post_attention_layernorm.weight`, [d]));
    if (o.sandwich) {
      out.push(
        t(`${p}.pre_feedforward_layernorm.weight`, [d]),
        t(`${p}.post_feedforward_layernorm.weight`, [d]),
      );
    }
  }
  out.push(t("model.norm.weight", [d]));
  return out;
}

function gatedSizes(c: Config, intermediate = num(c, "intermediateDim")) {
  const d = num(c, "hiddenDim");
  const heads = num(c, "numQueryHeads");
  const hd = (c.headDim as number | null | undefined) ?? d / heads;
  return {
    v: num(c, "vocabularySize"),
    d,
    layers: num(c, "numLayers"),
    heads,
    kv: num(c, "numKeyValueHeads"),
    hd,
    i: intermediate,
  };
}

function gatedConfig(
  s: ReturnType<typeof gatedSizes>,
  extra: Record<string, number | boolean | null> = {},
): Record<string, number | boolean | null> {
  return {
    vocab_size: s.v,
    hidden_size: s.d,
    intermediate_size: s.i,
    num_hidden_layers: s.layers,
    num_attention_heads: s.heads,
    num_key_value_heads: s.kv,
    head_dim: s.hd,
    ...extra,
  };
}

const LAYOUT_NOTE =
  `Each projection is the same matrix transposed: Hugging Face's torch.nn.Linear ` +
  `weight is (out, in) where keras-hub's EinsumDense kernel is (in, heads, head_dim) or ` +
  `(heads, head_dim, out).`;

function gated(
  className: string,
  configClass: string,
  tied: (c: Config) => boolean,
  o: GatedOptions & {
    gemma?: boolean;
    config?: Record<string, number | boolean | null>;
    /** The config refuses a hidden size the query heads do not divide, head_dim given or not. */
    headsDivideHidden?: boolean;
  } = {},
  notes: (c: Config) => string[] = () => [],
): Family {
  const sizes = (c: Config) =>
    gatedSizes(c, o.gemma ? num(c, "intermediateDim") / 2 : num(c, "intermediateDim"));
  return {
    className,
    configClass,
    tied,
    config: (c) => {
      const s = sizes(c);
      if (o.headsDivideHidden && s.d % s.heads !== 0) {
        return `No Hugging Face ${className} matches: its ${configClass} refuses a ` +
          `hidden_size (${s.d}) that num_attention_heads (${s.heads}) does not divide ` +
          `(validate_architecture), though head_dim (${s.hd}) is given; keras-hub sizes the ` +
          `heads by headDim alone. The count would be the same.`;
      }
      return gatedConfig(s, o.config);
    },
    base: (c) => gatedBase(sizes(c), o),
    notes: (c) => [
      LAYOUT_NOTE,
      ...(o.gemma
        ? [
          `keras-hub's intermediateDim (${
            fmt(num(c, "intermediateDim"))
          }) is twice Hugging Face's intermediate_size (${
            fmt(num(c, "intermediateDim") / 2)
          }): keras-hub's convert_gemma.py doubles it, and gives each of the gate and up ` +
          `matrices half.`,
        ]
        : []),
      ...(o.fused
        ? [
          `Hugging Face's Phi-3 packs the query, key and value projections into one ` +
          `qkv_proj and the gate and up projections into one gate_up_proj; keras-hub keeps ` +
          `them apart: the same numbers.`,
        ]
        : []),
      ...notes(c),
    ],
  };
}

const flag = (key: string) => (c: Config) => c[key] === true;

// GPT-2, OPT and Bloom: LayerNorms with biases, biased projections, always tied in keras-hub.
function gpt2Base(c: Config): PyTorchTensor[] {
  const v = num(c, "vocabularySize"), d = num(c, "hiddenDim"), i = num(c, "intermediateDim");
  const out = [
    t("transformer.wte.weight", [v, d]),
    t("transformer.wpe.weight", [num(c, "maxSequenceLength"), d]),
  ];
  for (let k = 0; k < num(c, "numLayers"); k++) {
    const p = `transformer.h.${k}`;
    out.push(
      t(`${p}.ln_1.weight`, [d]),
      t(`${p}.ln_1.bias`, [d]),
      t(`${p}.attn.c_attn.weight`, [d, 3 * d]),
      t(`${p}.attn.c_attn.bias`, [3 * d]),
      t(`${p}.attn.c_proj.weight`, [d, d]),
      t(`${p}.attn.c_proj.bias`, [d]),
      t(`${p}.ln_2.weight`, [d]),
      t(`${p}.ln_2.bias`, [d]),
      t(`${p}.mlp.c_fc.weight`, [d, i]),
      t(`${p}.mlp.c_fc.bias`, [i]),
      t(`${p}.mlp.c_proj.weight`, [i, d]),
      t(`${p}.mlp.c_proj.bias`, [d]),
    );
  }
  out.push(t("transformer.ln_f.weight", [d]), t("transformer.ln_f.bias", [d]));
  return out;
}

function optBase(c: Config): PyTorchTensor[] {
  const v = num(c, "vocabularySize"), d = num(c, "hiddenDim"), i = num(c, "intermediateDim");
  const out = [
    t("model.decoder.embed_tokens.weight", [v, d]),
    t("model.decoder.embed_positions.weight", [num(c, "maxSequenceLength") + 2, d]),
    t("model.decoder.final_layer_norm.weight", [d]),
    t("model.decoder.final_layer_norm.bias", [d]),
  ];
  for (let k = 0; k < num(c, "numLayers"); k++) {
    const p = `model.decoder.layers.${k}`;
    for (const name of ["k_proj", "v_proj", "q_proj", "out_proj"]) {
      out.push(t(`${p}.self_attn.${name}.weight`, [d, d]), t(`${p}.self_attn.${name}.bias`, [d]));
    }
    out.push(
      t(`${p}.self_attn_layer_norm.weight`, [d]),
      t(`${p}.self_attn_layer_norm.bias`, [d]),
      t(`${p}.fc1.weight`, [i, d]),
      t(`${p}.fc1.bias`, [i]),
      t(`${p}.fc2.weight`, [d, i]),
      t(`${p}.fc2.bias`, [d]),
      t(`${p}.final_layer_norm.weight`, [d]),
      t(`${p}.final_layer_norm.bias`, [d]),
    );
  }
  return out;
}

function bloomBase(c: Config): PyTorchTensor[] {
  const v = num(c, "vocabularySize"), d = num(c, "hiddenDim");
  const out = [
    t("transformer.word_embeddings.weight", [v, d]),
    t("transformer.word_embeddings_layernorm.weight", [d]),
    t("transformer.word_embeddings_layernorm.bias", [d]),
  ];
  for (let k = 0; k < num(c, "numLayers"); k++) {
    const p = `transformer.h.${k}`;
    out.push(
      t(`${p}.input_layernorm.weight`, [d]),
      t(`${p}.input_layernorm.bias`, [d]),
      t(`${p}.self_attention.query_key_value.weight`, [3 * d, d]),
      t(`${p}.self_attention.query_key_value.bias`, [3 * d]),
      t(`${p}.self_attention.dense.weight`, [d, d]),
      t(`${p}.self_attention.dense.bias`, [d]),
      t(`${p}.post_attention_layernorm.weight`, [d]),
      t(`${p}.post_attention_layernorm.bias`, [d]),
      t(`${p}.mlp.dense_h_to_4h.weight`, [4 * d, d]),
      t(`${p}.mlp.dense_h_to_4h.bias`, [4 * d]),
      t(`${p}.mlp.dense_4h_to_h.weight`, [d, 4 * d]),
      t(`${p}.mlp.dense_4h_to_h.bias`, [d]),
    );
  }
  out.push(t("transformer.ln_f.weight", [d]), t("transformer.ln_f.bias", [d]));
  return out;
}

function falconBase(c: Config): PyTorchTensor[] {
  const v = num(c, "vocabularySize"), d = num(c, "hiddenDim"), i = num(c, "intermediateDim");
  const out = [t("transformer.word_embeddings.weight", [v, d])];
  for (let k = 0; k < num(c, "numLayers"); k++) {
    const p = `transformer.h.${k}`;
    out.push(
      t(`${p}.self_attention.query_key_value.weight`, [3 * d, d]),
      t(`${p}.self_attention.query_key_value.bias`, [3 * d]),
      t(`${p}.self_attention.dense.weight`, [d, d]),
      t(`${p}.self_attention.dense.bias`, [d]),
      t(`${p}.mlp.dense_h_to_4h.weight`, [i, d]),
      t(`${p}.mlp.dense_h_to_4h.bias`, [i]),
      t(`${p}.mlp.dense_4h_to_h.weight`, [d, i]),
      t(`${p}.mlp.dense_4h_to_h.bias`, [d]),
      t(`${p}.post_attention_layernorm.weight`, [d]),
      t(`${p}.post_attention_layernorm.bias`, [d]),
      t(`${p}.input_layernorm.weight`, [d]),
      t(`${p}.input_layernorm.bias`, [d]),
    );
  }
  out.push(t("transformer.ln_f.weight", [d]), t("transformer.ln_f.bias", [d]));
  return out;
}

const always = (value: boolean) => () => value;

const FAMILIES: Readonly<Record<string, Family | ((c: Config) => Family | string)>> = {
  LlamaBackbone: gated("LlamaForCausalLM", "LlamaConfig", flag("tieWordEmbeddings")),
  Llama3Backbone: gated("LlamaForCausalLM", "LlamaConfig", flag("tieWordEmbeddings")),
  MistralBackbone: gated("MistralForCausalLM", "MistralConfig", always(false)),
  QwenBackbone: gated("Qwen2ForCausalLM", "Qwen2Config", flag("tieWordEmbeddings"), {
    qkvBias: true,
  }),
  Qwen3Backbone: gated("Qwen3ForCausalLM", "Qwen3Config", flag("tieWordEmbeddings"), {
    qkNorm: true,
  }),
  Phi3Backbone: gated("Phi3ForCausalLM", "Phi3Config", always(false), {
    fused: true,
    // Phi-3's published pad_token_id (32000) is a row of its table; null builds any vocabulary.
    config: { pad_token_id: null },
  }),
  GemmaBackbone: (c) => {
    const post = [c.usePostAttentionNorm === true, c.usePostFfwNorm === true];
    if (post[0] !== post[1]) {
      return `No Hugging Face Gemma matches: GemmaForCausalLM has neither post-attention nor ` +
        `post-feed-forward norms and Gemma2ForCausalLM has both, where this GemmaBackbone has ` +
        `usePostAttentionNorm ${post[0]} and usePostFfwNorm ${post[1]}.`;
    }
    return post[0]
      ? gated("Gemma2ForCausalLM", "Gemma2Config", always(true), {
        gemma: true,
        sandwich: true,
        headsDivideHidden: true,
      })
      : gated("GemmaForCausalLM", "GemmaConfig", always(true), { gemma: true });
  },
  Gemma3Backbone: (c) => {
    const needed = ["useQueryKeyNorm", "usePostAttentionNorm", "usePostFfwNorm"];
    const off = needed.filter((key) => c[key] !== true);
    if (off.length > 0) {
      return `No Hugging Face Gemma 3 matches: Gemma3ForCausalLM always has query and key ` +
        `norms and post-attention and post-feed-forward norms, where this Gemma3Backbone has ` +
        `${off.map((key) => `${key} false`).join(", ")}.`;
    }
    return gated("Gemma3ForCausalLM", "Gemma3TextConfig", always(true), {
      qkNorm: true,
      sandwich: true,
      headsDivideHidden: true,
    });
  },
  GPT2Backbone: {
    className: "GPT2LMHeadModel",
    configClass: "GPT2Config",
    tied: always(true),
    config: (c) => ({
      vocab_size: num(c, "vocabularySize"),
      n_positions: num(c, "maxSequenceLength"),
      n_embd: num(c, "hiddenDim"),
      n_layer: num(c, "numLayers"),
      n_head: num(c, "numHeads"),
      n_inner: num(c, "intermediateDim"),
    }),
    base: gpt2Base,
    notes: () => [
      `GPT-2's Conv1D stores its weights (in, out), as Keras does, and packs the query, key ` +
      `and value projections into one c_attn (d, 3·d) with one bias: the same numbers as ` +
      `keras-hub's three (d, heads, head_dim) kernels and biases.`,
    ],
  },
  OPTBackbone: {
    className: "OPTForCausalLM",
    configClass: "OPTConfig",
    tied: always(true),
    config: (c) => ({
      vocab_size: num(c, "vocabularySize"),
      hidden_size: num(c, "hiddenDim"),
      word_embed_proj_dim: num(c, "hiddenDim"),
      ffn_dim: num(c, "intermediateDim"),
      num_hidden_layers: num(c, "numLayers"),
      num_attention_heads: num(c, "numHeads"),
      max_position_embeddings: num(c, "maxSequenceLength"),
      pad_token_id: null,
    }),
    base: optBase,
    notes: (c) => [
      LAYOUT_NOTE,
      `Hugging Face's OPT keeps 2 more position rows than keras-hub: its learned positions ` +
      `start at offset 2 (OPTLearnedPositionalEmbedding has max_position_embeddings + 2 = ${
        fmt(num(c, "maxSequenceLength") + 2)
      } rows), a habit kept from fairseq; keras-hub keeps max_sequence_length = ${
        fmt(num(c, "maxSequenceLength"))
      }: 2 × ${fmt(num(c, "hiddenDim"))} = ${fmt(2 * num(c, "hiddenDim"))} more in Hugging Face.`,
    ],
  },
  // keras-hub's Falcon is the falcon-rw-1b architecture: ALiBi positions (no weights), biased
  // projections, attention then MLP in sequence, one query, key and value head each per head.
  FalconBackbone: {
    className: "FalconForCausalLM",
    configClass: "FalconConfig",
    tied: always(true),
    config: (c) => ({
      vocab_size: num(c, "vocabularySize"),
      hidden_size: num(c, "hiddenDim"),
      ffn_hidden_size: num(c, "intermediateDim"),
      num_hidden_layers: num(c, "numLayers"),
      num_attention_heads: num(c, "numAttentionHeads"),
      alibi: true,
      bias: true,
      multi_query: false,
      new_decoder_architecture: false,
      parallel_attn: false,
    }),
    base: falconBase,
    notes: () => [
      LAYOUT_NOTE,
      `Falcon packs the query, key and value projections into one query_key_value; keras-hub ` +
      `keeps them apart: the same numbers. Its positions are ALiBi's, with no weights in either.`,
    ],
  },
  BloomBackbone: (c) => {
    const d = num(c, "hiddenDim");
    if (num(c, "intermediateDim") !== 4 * d) {
      return `No Hugging Face Bloom matches: BloomForCausalLM's MLP is always 4 × hidden_size ` +
        `= ${fmt(4 * d)} wide (BloomConfig has no intermediate size), and this BloomBackbone ` +
        `has intermediateDim ${fmt(num(c, "intermediateDim"))}.`;
    }
    return {
      className: "BloomForCausalLM",
      configClass: "BloomConfig",
      tied: always(true),
      config: (c) => ({
        vocab_size: num(c, "vocabularySize"),
        hidden_size: num(c, "hiddenDim"),
        n_layer: num(c, "numLayers"),
        n_head: num(c, "numHeads"),
      }),
      base: bloomBase,
      notes: () => [
        LAYOUT_NOTE,
        `Bloom packs the query, key and value projections into one query_key_value; keras-hub ` +
        `keeps them apart: the same numbers.`,
      ],
    };
  },
};

/**
 * The keras-hub backbone classes that have a Hugging Face causal LM counterpart here.
 *
 * @returns keras-hub's class names.
 *
 * @example
 * ```ts
 * import { huggingFaceBackbones } from "./huggingface.ts";
 * import assert from "assert";
 *
 * assert.ok(huggingFaceBackbones().includes("Llama3Backbone"));
 * ```
 */
export function huggingFaceBackbones(): string[] {
  return Object.keys(FAMILIES);
}

function familyOf(backbone: HubBackbone): Family | string {
  const entry = FAMILIES[backbone.className];
  if (entry === undefined) {
    return `paramlab knows no Hugging Face causal LM for ${backbone.className}; it compares ` +
      `the decoder families ${huggingFaceBackbones().join(", ")}.`;
  }
  return typeof entry === "function" ? entry(backbone.config) : entry;
}

function python(value: number | boolean | null): string {
  return value === null ? "None" : typeof value === "boolean" ? (value ? "True" : "False") : String(
    value,
  );
}

/**
 * The Hugging Face transformers model with a keras-hub backbone's architecture, as its causal
 * LM: its class, config, parameters and count.
 *
 * @param backbone A keras-hub backbone of a decoder family.
 * @param options `tieWordEmbeddings`: build it tied or untied; keras-hub's own tying by default.
 * @returns The model, or why none matches.
 *
 * @example Llama 3 8B is LlamaForCausalLM: 8,030,261,248 untied, as published
 * ```ts
 * import { fromKerasHubPreset } from "./presets.ts";
 * import { huggingFaceCounterpart } from "./huggingface.ts";
 * import assert from "assert";
 *
 * const hf = huggingFaceCounterpart(fromKerasHubPreset("llama3_8b_en").backbone);
 * assert.ok("className" in hf);
 * assert.equal(hf.className, "LlamaForCausalLM");
 * assert.equal(hf.paramCount, 8_030_261_248);
 * assert.equal(hf.weights.at(-1)?.name, "lm_head.weight");
 * ```
 */
export function huggingFaceCounterpart(
  backbone: HubBackbone,
  options: { readonly tieWordEmbeddings?: boolean } = {},
): HuggingFaceModel | HuggingFaceNone {
  expectWith(
    "huggingFaceCounterpart",
    "its backbone",
    backbone,
    "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
    "graph",
  );
  expectObject("huggingFaceCounterpart", "its options", options);
  const family = familyOf(backbone);
  if (typeof family === "string") return { none: family };
  const c = backbone.config;
  const config = family.config(c);
  if (typeof config === "string") return { none: config };
  const tie = options.tieWordEmbeddings ?? family.tied(c);
  const base = family.base(c);
  const [table] = base;
  const weights = tie ? base : [...base, t("lm_head.weight", table.shape)];
  const full = { ...config, tie_word_embeddings: tie };
  const baseParamCount = base.reduce((a, w) => a + w.size, 0);
  const paramCount = weights.reduce((a, w) => a + w.size, 0);
  const args = Object.entries(full).map(([k, v]) => `    ${k}=${python(v)},`).join("\n");
  return {
    className: family.className,
    configClass: family.configClass,
    config: full,
    tieWordEmbeddings: tie,
    weights,
    paramCount,
    baseParamCount,
    code: [
      `import torch`,
      `from transformers import ${family.configClass}, ${family.className}`,
      ``,
      `config = ${family.configClass}(\n${args}\n)`,
      `with torch.device("meta"):  # shapes only: nothing is allocated`,
      `    model = ${family.className}(config)`,
      `sum(p.numel() for p in model.parameters())  # ${fmt(paramCount)}`,
    ].join("\n"),
  };
}

/**
 * A keras-hub backbone beside its Hugging Face causal LM, counted tied and untied.
 *
 * @example GPT-2 small: GPT2LMHeadModel ties its lm_head to wte, 124,439,808 in both
 * ```ts
 * import { compareHuggingFace, kerasHubBackbone } from "../../mod.ts";
 * import assert from "assert";
 *
 * const gpt2 = kerasHubBackbone("GPT2Backbone", {
 *   vocabularySize: 50257, numLayers: 12, numHeads: 12, hiddenDim: 768, intermediateDim: 3072,
 * });
 * const c = compareHuggingFace(gpt2);
 * assert.equal(c.huggingFace?.paramCount, 124_439_808);
 * assert.equal(c.difference, 0);
 * assert.equal(c.untied?.paramCount, 124_439_808 + 50257 * 768);
 * ```
 */
export class HuggingFaceComparison {
  /** keras-hub's class and model name, e.g. `"llama3_backbone (Llama3Backbone)"`. */
  readonly keras: { readonly module: string; readonly paramCount: number };
  /** The Hugging Face model tied as keras-hub ties it; undefined when none matches. */
  readonly huggingFace: HuggingFaceModel | undefined;
  /** The Hugging Face model with `tie_word_embeddings=True`. */
  readonly tied: HuggingFaceModel | undefined;
  /** The Hugging Face model with `tie_word_embeddings=False`. */
  readonly untied: HuggingFaceModel | undefined;
  /** Hugging Face's count minus keras-hub's, tied alike (0 when none matches). */
  readonly difference: number;
  /** Why they agree or differ, in sentences. */
  readonly why: readonly string[];

  /**
   * Assembles a comparison; {@linkcode compareHuggingFace} makes them.
   *
   * @param backbone The keras-hub backbone.
   */
  constructor(backbone: HubBackbone) {
    expectWith(
      "HuggingFaceComparison",
      "its backbone",
      backbone,
      "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
      "graph",
    );
    this.keras = {
      module: `${backbone.name} (${backbone.className})`,
      paramCount: backbone.paramCount(),
    };
    const own = huggingFaceCounterpart(backbone);
    if ("none" in own) {
      this.huggingFace = this.tied = this.untied = undefined;
      this.difference = 0;
      this.why = [own.none];
      return;
    }
    const tied = huggingFaceCounterpart(backbone, { tieWordEmbeddings: true }) as HuggingFaceModel;
    const untied = huggingFaceCounterpart(backbone, {
      tieWordEmbeddings: false,
    }) as HuggingFaceModel;
    this.huggingFace = own;
    this.tied = tied;
    this.untied = untied;
    this.difference = own.paramCount - this.keras.paramCount;
    const [table] = own.weights;
    const [v, d] = table.shape;
    const family = familyOf(backbone) as Family;
    this.why = [
      this.difference === 0
        ? `The same ${fmt(own.paramCount)} parameters: keras-hub's causal LM adds no weights ` +
          `to its backbone, and ${own.className} holds the backbone's matrices under other names.`
        : `${fmt(Math.abs(this.difference))} ${
          this.difference > 0 ? "more" : "fewer"
        } in Hugging Face (${fmt(own.paramCount)} against keras-hub's ${
          fmt(this.keras.paramCount)
        }).`,
      own.tieWordEmbeddings
        ? `Tied, as keras-hub ${backbone.className} ties it: the logits reuse the ${fmt(v)} × ` +
          `${fmt(d)} token table (${table.name}), counted once; torch's parameters() yields a ` +
          `shared tensor once. Untied (tie_word_embeddings=False) lm_head.weight adds ${fmt(v)} ` +
          `× ${fmt(d)} = ${fmt(v * d)}: ${fmt(untied.paramCount)}.`
        : `Untied, as keras-hub ${backbone.className} builds it: keras-hub's ` +
          `token_embedding/reverse_embeddings (${fmt(d)} × ${fmt(v)}) is lm_head.weight ` +
          `(${fmt(v)} × ${fmt(d)}) = ${fmt(v * d)}. Tied (tie_word_embeddings=True) the ` +
          `count is ${fmt(tied.paramCount)}.`,
      `The base model (${table.name.split(".")[0]}, without lm_head) holds ${
        fmt(own.baseParamCount)
      }.`,
      ...family.notes(backbone.config),
      ...(backbone.loraRank === undefined ? [] : [loraNote(backbone)]),
    ];
  }

  /**
   * The two counts and why.
   *
   * @returns Text.
   *
   * @example
   * ```ts
   * import { compareHuggingFace, fromKerasHubPreset } from "../../mod.ts";
   * import assert from "assert";
   *
   * assert.match(String(compareHuggingFace(fromKerasHubPreset("gemma_2b_en").backbone)), /GemmaForCausalLM/);
   * ```
   */
  toString(): string {
    const hf = this.huggingFace;
    return [
      `keras-hub: ${this.keras.module}: ${fmt(this.keras.paramCount)} parameters`,
      ...(hf
        ? [
          `Hugging Face: ${hf.className}(${hf.configClass}(…, tie_word_embeddings=${
            python(hf.tieWordEmbeddings)
          })): ${fmt(hf.paramCount)} parameters (tied ${fmt(this.tied!.paramCount)}, untied ${
            fmt(this.untied!.paramCount)
          })`,
        ]
        : []),
      ...this.why,
    ].join("\n");
  }
}

// With LoRA enabled keras-hub counts its factors; a transformers model has none until peft adds
// its own to the same projections.
function loraNote(backbone: HubBackbone): string {
  const extra = backbone.paramCount() - backbone.layers.reduce((n, l) => n + countOf(l), 0);
  return `LoRA rank ${backbone.loraRank}: keras-hub's count includes its lora_kernel_a and ` +
    `lora_kernel_b factors on every query and value projection, ${fmt(extra)} parameters; ` +
    `transformers' model has none until peft's get_peft_model adds lora_A and lora_B to the ` +
    `same projections (target_modules=["q_proj", "v_proj"]).`;
}

/**
 * Compares a keras-hub backbone with the Hugging Face transformers causal LM of the same
 * architecture, tied and untied.
 *
 * @param backbone A keras-hub backbone.
 * @returns The comparison; for a family without a counterpart, one that says why.
 *
 * @example Llama 3 8B: 8,030,261,248 in both; tied it would be 7,504,924,672
 * ```ts
 * import { compareHuggingFace, fromKerasHubPreset } from "../../mod.ts";
 * import assert from "assert";
 *
 * const c = compareHuggingFace(fromKerasHubPreset("llama3_8b_en").backbone);
 * assert.equal(c.huggingFace?.className, "LlamaForCausalLM");
 * assert.equal(c.difference, 0);
 * assert.equal(c.tied?.paramCount, 8_030_261_248 - 128_256 * 4096);
 * ```
 */
export function compareHuggingFace(backbone: HubBackbone): HuggingFaceComparison {
  expectWith(
    "compareHuggingFace",
    "its backbone",
    backbone,
    "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
    "graph",
  );
  return new HuggingFaceComparison(backbone);
}
