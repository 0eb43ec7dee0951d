/**
 * Where a keras-hub backbone's parameters sit, block by block: each top-level layer with weights
 * (the token table, every decoder or encoder block, the final norm) split into its parts (the
 * attention's query, key, value and output projections, the MLP, the norms …), read from
 * keras-hub's weight paths. The parts of every layer add up to its count, and the layers to the
 * backbone's.
 *
 * @module
 */

import { t } from "../language.ts";
import type { HubBackbone } from "./backbone.ts";
import { type HubLayer, sizeOf } from "./blocks.ts";
import { expectObject, expectString, expectWith } from "../guard.ts";

/** The parts a breakdown names, in the order they stack. */
export const BREAKDOWN_PARTS = [
  "embeddings",
  "output projection",
  "attention: query",
  "attention: key",
  "attention: value",
  "attention: output",
  "attention: sinks",
  "cross-attention",
  "MLP",
  "router",
  "experts",
  "norms",
  "pooler",
  "layer scale",
  "convolutions",
  "other",
] as const;

/** One part of a layer, e.g. `"attention: key"`. */
export type BreakdownPart = typeof BREAKDOWN_PARTS[number];

/** The parts' names in Chinese, for figures in the Chinese edition. */
const BREAKDOWN_PARTS_ZH: Readonly<Record<BreakdownPart, string>> = {
  "embeddings": "嵌入表",
  "output projection": "输出投影",
  "attention: query": "注意力：query 投影",
  "attention: key": "注意力：key 投影",
  "attention: value": "注意力：value 投影",
  "attention: output": "注意力：输出投影",
  "attention: sinks": "注意力：sink 值",
  "cross-attention": "交叉注意力",
  "MLP": "前馈网络（MLP）",
  "router": "路由器（router）",
  "experts": "专家（experts）",
  "norms": "归一化层",
  "pooler": "池化层（pooled_dense）",
  "layer scale": "层缩放（LayerScale）",
  "convolutions": "卷积层",
  "other": "其他",
};

/** A backbone's count by layer and part. */
export interface BlockBreakdown {
  /** The backbone's name, e.g. `"llama3_backbone"`. */
  readonly name: string;
  /** keras-hub's class, e.g. `"Llama3Backbone"`. */
  readonly className: string;
  /** The top-level layers with weights, in keras-hub's order. */
  readonly layers: readonly string[];
  /** Each part with parameters, with one count per layer (0 where the layer has none). */
  readonly parts: readonly {
    readonly part: BreakdownPart;
    /** The part's name in the language set with `setLanguage` (the part itself in English). */
    readonly label: string;
    readonly params: readonly number[];
  }[];
  /** The backbone's total: the sum of every part of every layer. */
  readonly total: number;
}

const NORM = /(^|\/)(gamma|beta|scale)$|norm[a-z0-9_]*\/weight$/;

/**
 * The part of a backbone a weight belongs to, from keras-hub's path and its layer's component.
 *
 * @param layer The top-level layer holding the weight.
 * @param path The weight's path, e.g. `"transformer_layer_0/self_attention/key/kernel"`.
 * @returns Its part.
 *
 * @example
 * ```ts
 * import { partOf } from "./breakdown.ts";
 * import { fromKerasHubPreset } from "./presets.ts";
 * import assert from "assert";
 *
 * const block = fromKerasHubPreset("llama3_8b_en").backbone.layers
 *   .find((l) => l.name === "transformer_layer_0")!;
 * assert.deepEqual(block.weights.map((w) => partOf(block, w.path)), [
 *   "attention: query", "attention: key", "attention: value", "attention: output", "norms",
 *   "MLP", "MLP", "MLP", "norms",
 * ]);
 * ```
 */
export function partOf(layer: Pick<HubLayer, "component">, path: string): BreakdownPart {
  expectObject("partOf", "its layer", layer, "a backbone's layer (backbone.graph[i])");
  expectString("partOf", "its weight's path", path);
  switch (layer.component) {
    case "embeddings":
      if (/(^|\/)reverse_embeddings$/.test(path)) return "output projection";
      return NORM.test(path) ? "norms" : "embeddings";
    case "norms":
      return "norms";
    case "head":
      return "pooler";
    case "blocks": {
      if (NORM.test(path)) return "norms";
      // The image backbones: DINOv2's LayerScale, VGG's convolutions, and the embeddings and
      // pooling head inside a nested CLIP or SigLIP encoder (one layer of its backbone).
      if (/(^|\/)layer_scale\d\//.test(path)) return "layer scale";
      if (/(^|\/)block\d+_conv\d+\//.test(path)) return "convolutions";
      // ResNet's and DenseNet's convolutions (`…_conv`), and their batch norms' moving statistics.
      if (/(^|\/)[a-z0-9_]*conv\/kernel$/.test(path)) return "convolutions";
      if (/(^|\/)moving_(mean|variance)$/.test(path)) return "norms";
      if (/^([a-z0-9_]*_)?embedding\//.test(path)) return "embeddings";
      if (/^([a-z0-9_]*_)?head\//.test(path)) return "pooler";
      if (/(^|\/)cross_attention\//.test(path)) return "cross-attention";
      // T5's relative position bias: a table of position buckets, one column per head.
      if (/(^|\/)self_attention\/embeddings$/.test(path)) return "embeddings";
      // A mixture of experts: the stacked expert bank and the router that scores it (Mixtral,
      // Qwen MoE, GPT-OSS); Qwen 1.5 MoE's shared expert and its gate are a dense MLP.
      if (/(^|\/)experts\//.test(path)) return "experts";
      if (/(^|\/)(sparse_feedforward_gate_dense|router)\//.test(path)) return "router";
      if (/(^|\/)shared_expert_/.test(path)) return "MLP";
      // GPT-OSS's learned attention sink, one logit per query head.
      if (/(^|\/)self_attention\/sinks$/.test(path)) return "attention: sinks";
      // SmolLM3 builds o_proj and its RoPE frequencies outside the block's name scope.
      if (/^o_proj\//.test(path)) return "attention: output";
      if (/^rotary_emb\/inv_freq$/.test(path)) return "embeddings";
      const attention =
        /(^|\/)(self_attention|self_attention_layer|attention|attention_layer|mha|self_attn)\/([a-z_]+)\//
          // DINOv2 nests its attention in a layer named attention.
          .exec(path.replace(/(^|\/)attention\/attention\//, "$1attention/"));
      if (attention) {
        const projection = attention[3];
        if (/^(query|q_)/.test(projection)) return "attention: query";
        if (/^(key|k_)/.test(projection)) return "attention: key";
        if (/^(value|v_)/.test(projection)) return "attention: value";
        if (/output|^o_/.test(projection)) return "attention: output";
        return "other";
      }
      return /feedforward|ffw|mlp|dense_h_to_4h|dense_4h_to_h|intermediate_dense|output_dense|_projector\/|output_layer|(^|\/)dense_[12]\//
          .test(path)
        ? "MLP"
        : "other";
    }
    default:
      return "other";
  }
}

/**
 * A backbone's count by top-level layer and part, for a stacked bar (`breakdownFigure` in
 * `lib/plot.ts`) or a table.
 *
 * @param backbone The backbone.
 * @returns The layers with weights, and each part's count in each.
 *
 * @example Llama 3 8B: the token table and its output projection, then 32 blocks
 * ```ts
 * import { blockBreakdown } from "./breakdown.ts";
 * import { fromKerasHubPreset } from "./presets.ts";
 * import assert from "assert";
 *
 * const b = blockBreakdown(fromKerasHubPreset("llama3_8b_en").backbone);
 * assert.equal(b.layers.length, 1 + 32 + 1);
 * const key = b.parts.find((p) => p.part === "attention: key")!;
 * assert.equal(key.params[1], 4096 * 8 * 128); // 8 key/value heads of 128
 * assert.equal(b.total, 8_030_261_248);
 * ```
 */
export function blockBreakdown(backbone: HubBackbone): BlockBreakdown {
  expectWith(
    "blockBreakdown",
    "its backbone",
    backbone,
    "a keras-hub backbone (kerasHubBackbone(className, args) or fromKerasHubPreset(name).backbone)",
    "graph",
  );
  const layers = backbone.layers.filter((l) => backbone.layerParamCount(l) > 0);
  const by = new Map<BreakdownPart, number[]>();
  layers.forEach((layer, i) => {
    for (const w of backbone.weightsOf(layer)) {
      const part = partOf(layer, w.path.replace(/\/lora_kernel_[ab]$/, "/kernel"));
      let row = by.get(part);
      if (!row) by.set(part, row = layers.map(() => 0));
      row[i] += sizeOf(w.shape);
    }
  });
  const parts = BREAKDOWN_PARTS.filter((p) => by.has(p)).map((part) => ({
    part,
    label: t({ en: part, zh: BREAKDOWN_PARTS_ZH[part] }),
    params: by.get(part)!,
  }));
  return {
    name: backbone.name,
    className: backbone.className,
    layers: layers.map((l) => l.name),
    parts,
    total: parts.reduce((n, p) => n + p.params.reduce((a, b) => a + b, 0), 0),
  };
}
