/**
 * CLIP's and SigLIP's vision encoders, keras-hub backbone classes of their own
 * (`CLIPVisionEncoder`, `SigLIPVisionEncoder`): a patch embedding, one top-level layer per encoder
 * block, and (SigLIP) an attention-pooling head; their text encoders (`CLIPTextEncoder`,
 * `SigLIPTextEncoder`); and `CLIPBackbone` and `SigLIPBackbone`, which nest a vision and a text
 * encoder as two of their layers and add (CLIP) two projections and the logit scale, (SigLIP) the
 * logits' scale and bias.
 *
 * @module
 */

import { type FamilyDeclaration, type HubArgs, HubBackbone } from "./backbone.ts";
import type { Shape } from "../shape.ts";
import {
  dense,
  type HubLayer,
  type HubWeight,
  layerNorm,
  operation,
  sequenceOf,
  tokenAndPosition,
  weightless,
} from "./blocks.ts";
import { type Config, n, reads, shaped, tensorOf, w } from "./_family_kit.ts";
import { shapeOfTensor } from "./_graph.ts";
import {
  biasedDense,
  describe,
  fmt,
  imageOf,
  input,
  mha,
  normWeights,
  patchConv,
} from "./_vision_kit.ts";

/** The divisibility CLIP's and SigLIP's encoder layers check. */
function headsDivide(owner: string, c: Config): void {
  if (n(c, "hiddenDim") % n(c, "numHeads") !== 0) {
    throw new RangeError(
      `${owner}: hiddenDim (${n(c, "hiddenDim")}) must be divisible by numHeads (${
        n(c, "numHeads")
      })`,
    );
  }
}

/** The image size of CLIP's and SigLIP's encoders, which ask for a square image. */
function squareSide(owner: string, c: Config): number {
  const image = imageOf(owner, c);
  if (image.height !== image.width) {
    throw new RangeError(
      `${owner} expects the height and width to be the same in imageShape, received ${
        describe(c.imageShape)
      }`,
    );
  }
  return image.height;
}

/** Keras's MultiHeadAttention with biases, `key_dim = hidden / heads`, at `path`. */
function attention(path: string, d: number, h: number): HubWeight[] {
  return mha(path, { hidden: d, heads: h, keyDim: d / h, inner: 0, mhaBias: true, mlpBias: true });
}

const CLIP_SIGLIP_REQUIRED = [
  "patchSize",
  "hiddenDim",
  "numLayers",
  "numHeads",
  "intermediateDim",
] as const;

/** An encoder block of CLIP's or SigLIP's, one top-level layer each. */
function clipBlock(
  name: string,
  className: string,
  d: number,
  h: number,
  f: number,
  weights: HubWeight[],
  shape: Shape,
): HubLayer {
  const k = d / h;
  return {
    name,
    className,
    weights,
    what: `two layer norms, attention (query, key, value ${fmt(d)} → ${h} heads × ${k} with ` +
      `biases, output back to ${fmt(d)}), an MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)} with biases`,
    formula: `attention 4·${fmt(d)}·${fmt(d)} + 4·${fmt(d)} + MLP 2·${fmt(d)}·${fmt(f)} + ` +
      `${fmt(f)} + ${fmt(d)} + norms 4·${fmt(d)}`,
    component: "blocks",
    outputShape: shape,
  };
}

function clipBlockWeights(b: string, d: number, h: number, f: number): HubWeight[] {
  return [
    ...normWeights(`${b}/layer_norm_1`, d),
    ...attention(`${b}/attention`, d, h),
    ...normWeights(`${b}/layer_norm_2`, d),
    ...biasedDense(`${b}/dense_1`, d, f),
    ...biasedDense(`${b}/dense_2`, f, d),
  ];
}

/** The sizes CLIP's and SigLIP's encoders read, and the prefix a nesting backbone gives names. */
interface EncoderSizes {
  readonly prefix: string;
  readonly d: number;
  readonly h: number;
  readonly f: number;
}

function sizesOf(c: Config, name: string | undefined): EncoderSizes {
  return {
    prefix: name === undefined ? "" : `${name}_`,
    d: n(c, "hiddenDim"),
    h: n(c, "numHeads"),
    f: n(c, "intermediateDim"),
  };
}

/** The encoder blocks, `encoder_block_0` on: CLIP's or SigLIP's. */
function encoderBlocks(c: Config, sizes: EncoderSizes, siglip: boolean, shape: Shape): HubLayer[] {
  const { prefix, d, h, f } = sizes;
  return Array.from({ length: n(c, "numLayers") }, (_, i) => {
    const b = `${prefix}encoder_block_${i}`;
    return siglip
      ? clipBlock(b, "SigLIPEncoderLayer", d, h, f, siglipBlockWeights(b, d, h, f), shape)
      : clipBlock(b, "CLIPEncoderLayer", d, h, f, clipBlockWeights(b, d, h, f), shape);
  });
}

/** What a vision encoder's declaration holds besides its defaults and layers. */
function visionEncoder(className: string, defaultName: string) {
  return {
    className,
    // keras-hub 0.32's get_config() leaves out data_format.
    notInConfig: ["dataFormat"],
    defaultName,
    required: CLIP_SIGLIP_REQUIRED,
    check: (c: Config) => {
      squareSide(className, c);
      headsDivide(className, c);
    },
  };
}

/** What a text encoder's declaration holds besides its defaults and layers. */
function textEncoder(className: string, defaultName: string) {
  return {
    className,
    defaultName,
    required: [
      "vocabularySize",
      "embeddingDim",
      "hiddenDim",
      "numLayers",
      "numHeads",
      "intermediateDim",
    ],
    check: (c: Config) => {
      headsDivide(className, c);
      if (n(c, "embeddingDim") !== n(c, "hiddenDim")) {
        throw new RangeError(
          `${className}: embeddingDim (${n(c, "embeddingDim")}) must equal hiddenDim (${
            n(c, "hiddenDim")
          }): the embeddings feed the first block`,
        );
      }
    },
  };
}

const CLIP_VISION: FamilyDeclaration = {
  ...visionEncoder("CLIPVisionEncoder", "clip_vision_encoder"),
  defaults: {
    intermediateActivation: "quick_gelu",
    intermediateOutputIndex: null,
    imageShape: [224, 224, 3],
    dataFormat: null,
    dtype: null,
  },
  layers: (c, name) => {
    const owner = "CLIPVisionEncoder";
    const sizes = sizesOf(c, name);
    const { prefix, d } = sizes;
    const side = squareSide(owner, c);
    const channels = imageOf(owner, c).channels;
    const p = n(c, "patchSize");
    const positions = Math.floor(side / p) ** 2 + 1;
    const shape: Shape = [null, positions, d];
    const e = `${prefix}embedding`;
    return [
      input("images", c),
      {
        name: e,
        className: "CLIPVisionEmbedding",
        weights: [
          w(`${e}/class_embedding`, [d]),
          // keras-hub keeps the position ids as a frozen (integer) weight: Keras counts them.
          w(`${e}/position_ids`, [1, positions], false),
          ...patchConv(`${e}/patch_embedding`, [p, p], channels, d, false),
          w(`${e}/position_embedding/embeddings`, [positions, d]),
        ],
        what: `a class embedding (${fmt(d)}); the patch embedding, a ${p}×${p} convolution with ` +
          `stride ${p} from ${channels} channels to ${fmt(d)} without bias; ${fmt(positions)} ` +
          `learned positions (${fmt(positions - 1)} patches + 1) and their ${fmt(positions)} ` +
          `position ids, a frozen integer weight Keras counts`,
        formula:
          `${fmt(d)} + ${fmt(positions)} (ids, frozen) + ${p}·${p}·${channels}·${fmt(d)} + ` +
          `${fmt(positions)}·${fmt(d)}`,
        component: "embeddings",
        outputShape: shape,
      },
      { ...layerNorm(`${prefix}pre_layer_norm`, d), outputShape: shape },
      ...encoderBlocks(c, sizes, false, shape),
      { ...layerNorm(`${prefix}layer_norm`, d), outputShape: shape },
    ];
  },
};

function siglipBlockWeights(b: string, d: number, h: number, f: number): HubWeight[] {
  return [
    ...attention(`${b}/self_attn`, d, h),
    ...normWeights(`${b}/layer_norm1`, d),
    ...biasedDense(`${b}/mlp/fc1`, d, f),
    ...biasedDense(`${b}/mlp/fc2`, f, d),
    ...normWeights(`${b}/layer_norm2`, d),
  ];
}

const SIGLIP_VISION: FamilyDeclaration = {
  ...visionEncoder("SigLIPVisionEncoder", "sig_lip_vision_encoder"),
  defaults: {
    intermediateActivation: "gelu_approximate",
    layerNormEpsilon: 1e-6,
    imageShape: [224, 224, 3],
    dataFormat: null,
    dtype: null,
  },
  layers: (c, name) => {
    const owner = "SigLIPVisionEncoder";
    const sizes = sizesOf(c, name);
    const { prefix, d, h, f } = sizes;
    const side = squareSide(owner, c);
    const channels = imageOf(owner, c).channels;
    const p = n(c, "patchSize");
    const patches = Math.floor(side / p) ** 2;
    // keras-hub's SigLIPVisionEmbedding.compute_output_shape counts a class token SigLIP does not
    // have: Keras prints patches + 1 tokens (the tensor has `patches`).
    const shape: Shape = [null, patches + 1, d];
    const e = `${prefix}embedding`;
    const head = `${prefix}head`;
    return [
      input("images", c),
      {
        name: e,
        className: "SigLIPVisionEmbedding",
        weights: [
          w(`${e}/position_ids`, [1, patches], false),
          ...patchConv(`${e}/patch_embedding`, [p, p], channels, d),
          w(`${e}/position_embedding/embeddings`, [patches, d]),
        ],
        what: `the patch embedding, a ${p}×${p} convolution with stride ${p} from ${channels} ` +
          `channels to ${fmt(d)} with bias; ${fmt(patches)} learned positions, one per patch (no ` +
          `class token), and their ${fmt(patches)} position ids, a frozen integer weight Keras ` +
          `counts`,
        formula: `${fmt(patches)} (ids, frozen) + ${p}·${p}·${channels}·${fmt(d)} + ${fmt(d)} + ` +
          `${fmt(patches)}·${fmt(d)}`,
        component: "embeddings",
        outputShape: shape,
      },
      ...encoderBlocks(c, sizes, true, shape),
      { ...layerNorm(`${prefix}post_layer_norm`, d), outputShape: shape },
      {
        name: head,
        className: "SigLIPMultiHeadAttentionPooling",
        weights: [
          // The probe query, added without a name: Keras calls it `variable`.
          w(`${head}/variable`, [1, 1, d]),
          ...attention(`${head}/attention`, d, h),
          ...normWeights(`${head}/layernorm`, d),
          ...biasedDense(`${head}/mlp/fc1`, d, f),
          ...biasedDense(`${head}/mlp/fc2`, f, d),
        ],
        what: `attention pooling: a learned probe query (${fmt(d)}) attends over the tokens ` +
          `(query, key, value ${fmt(d)} → ${h} heads × ${d / h} with biases), then a layer norm ` +
          `and an MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)} with biases`,
        formula: `probe ${fmt(d)} + attention 4·${fmt(d)}·${fmt(d)} + 4·${fmt(d)} + norm ` +
          `2·${fmt(d)} + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)}`,
        component: "head",
        outputShape: [null, d],
      },
    ];
  },
};
const CLIP_TEXT: FamilyDeclaration = {
  ...textEncoder("CLIPTextEncoder", "clip_text_encoder"),
  defaults: {
    intermediateActivation: "quick_gelu",
    intermediateOutputIndex: null,
    maxSequenceLength: 77,
    dtype: null,
  },
  sizes: ["maxSequenceLength"],
  layers: (c, name) => {
    const sizes = sizesOf(c, name);
    const { prefix, d } = sizes;
    const shape: Shape = [null, null, d];
    return [
      { ...weightless("token_ids", "InputLayer"), outputShape: [null, null] },
      {
        ...tokenAndPosition(
          `${prefix}embedding`,
          n(c, "vocabularySize"),
          n(c, "maxSequenceLength"),
          n(c, "embeddingDim"),
        ),
        outputShape: shape,
      },
      ...encoderBlocks(c, sizes, false, shape),
      { ...layerNorm(`${prefix}layer_norm`, d), outputShape: shape },
    ];
  },
};

function nested(owner: string, c: Config, key: string, family: FamilyDeclaration): HubBackbone {
  const args = c[key];
  if (typeof args !== "object" || args === null || Array.isArray(args)) {
    throw new TypeError(
      `${owner}'s "${key}" must be the ${family.className}'s arguments, received ${describe(args)}`,
    );
  }
  const index = (args as HubArgs).intermediateOutputIndex;
  if (index !== undefined && index !== null) {
    throw new RangeError(
      `${owner}'s "${key}" has intermediateOutputIndex ${
        describe(index)
      }: the encoder then returns a dict, which keras-hub's ${owner} cannot pool`,
    );
  }
  return new HubBackbone(family, args as HubArgs);
}

/** The shape of a backbone's one output, from its graph. */
function outputOf(backbone: HubBackbone): Shape | undefined {
  return backbone.outputs.length === 1
    ? shapeOfTensor(backbone.graph, backbone.outputs[0])
    : undefined;
}

/** The input row of a nested backbone, as its parent's input. */
function inputOf(backbone: HubBackbone, name: string): HubLayer {
  return backbone.graph.find((r) => r.name === name && r.className === "InputLayer") ??
    weightless(name, "InputLayer");
}

/**
 * A nested backbone as one layer of its parent: its weights keep their own paths; its output
 * shape is the nested model's output.
 */
function nestedLayer(backbone: HubBackbone, input: string): HubLayer {
  const outputShape = outputOf(backbone);
  return {
    ...nestedRow(backbone),
    calls: [[tensorOf(input)]],
    ...(outputShape === undefined ? {} : { outputShape }),
  };
}

function nestedRow(backbone: HubBackbone): HubLayer {
  const blocks = backbone.layers.filter((l) => l.component === "blocks");
  const parts = backbone.breakdown().map(({ component, params }) =>
    component === "blocks" && blocks.length > 0
      ? `${blocks.length} blocks ${fmt(params)}`
      : `${component} ${fmt(params)}`
  );
  return {
    name: backbone.name,
    className: backbone.className,
    weights: backbone.layers.flatMap((l) => l.weights),
    what: `the ${backbone.className}, a backbone of its own nested as one layer (its explain() ` +
      `tells each of its ${backbone.layers.length} layers)`,
    formula: parts.join(" + "),
    component: "blocks",
  };
}

const CLIP_BACKBONE: FamilyDeclaration = {
  className: "CLIPBackbone",
  defaultName: "clip_backbone",
  required: ["projectionDim"],
  defaults: { visionEncoder: null, textEncoder: null, dtype: null },
  check: (c) => {
    nested("CLIPBackbone", c, "visionEncoder", CLIP_VISION);
    nested("CLIPBackbone", c, "textEncoder", CLIP_TEXT);
  },
  layers: (c) => {
    const vision = nested("CLIPBackbone", c, "visionEncoder", CLIP_VISION);
    const text = nested("CLIPBackbone", c, "textEncoder", CLIP_TEXT);
    const p = n(c, "projectionDim");
    const dv = n(vision.config, "hiddenDim");
    const dt = n(text.config, "hiddenDim");
    return [
      inputOf(vision, "images"),
      weightless("token_ids", "InputLayer"),
      nestedLayer(vision, "images"),
      nestedLayer(text, "token_ids"),
      reads(shaped(weightless("vision_pooler", "CLIPVisionPooler"), [null, dv]), vision.name),
      reads(
        shaped(weightless("text_pooler", "CLIPTextPooler"), [null, dt]),
        text.name,
        "token_ids",
      ),
      reads(
        shaped(withoutBias(dense("vision_projection", dv, p, "head")), [null, p]),
        "vision_pooler",
      ),
      reads(
        shaped(withoutBias(dense("text_projection", dt, p, "head")), [null, p]),
        "text_pooler",
      ),
      {
        name: "clip_head",
        className: "CLIPHead",
        weights: [w("clip_head/logit_scale", [])],
        what: "the learned temperature of the logits, one scalar",
        formula: "1",
        component: "head",
        // The image and text logits, as CLIPHead's compute_output_shape gives them.
        outputShape: [[null, null], [null, null]],
        calls: [[tensorOf("vision_projection"), tensorOf("text_projection")]],
      },
    ];
  },
};

const SIGLIP_TEXT: FamilyDeclaration = {
  ...textEncoder("SigLIPTextEncoder", "sig_lip_text_encoder"),
  defaults: {
    intermediateActivation: "gelu_approximate",
    layerNormEpsilon: 1e-6,
    maxSequenceLength: 64,
    projectionDim: null,
    dtype: null,
  },
  sizes: ["maxSequenceLength", "projectionDim"],
  layers: (c, name) => {
    const sizes = sizesOf(c, name);
    const { prefix, d } = sizes;
    const v = n(c, "vocabularySize");
    const s = n(c, "maxSequenceLength");
    const e = n(c, "embeddingDim");
    // `projection_dim or hidden_dim`, as keras-hub reads it.
    const p = c.projectionDim === null ? d : n(c, "projectionDim");
    const emb = `${prefix}embedding`;
    // Keras's summary also prints a `get_item (GetItem)` row (the last token's slice) that
    // `backbone.layers` does not list: an operation.
    return [
      weightless("token_ids", "InputLayer"),
      {
        name: emb,
        className: "SigLIPTextEmbedding",
        weights: [
          w(`${emb}/position_ids`, [1, s], false),
          w(`${emb}/token_embedding/embeddings`, [v, e]),
          w(`${emb}/position_embedding/embeddings`, [s, e]),
        ],
        what: `a token table ${fmt(v)} × ${fmt(e)}, a position table ${fmt(s)} × ${fmt(e)}, and ` +
          `the ${fmt(s)} position ids, a frozen integer weight Keras counts`,
        formula: `${fmt(s)} (ids, frozen) + (${fmt(v)} + ${fmt(s)})·${fmt(e)}`,
        component: "embeddings",
        outputShape: sequenceOf(e),
      },
      ...encoderBlocks(c, sizes, true, [null, null, d]),
      layerNorm(`${prefix}post_layer_norm`, d),
      operation("get_item", "GetItem", [null, d]),
      shaped(dense(`${prefix}head`, d, p, "head"), [null, p]),
    ];
  },
};

const SIGLIP_BACKBONE: FamilyDeclaration = {
  className: "SigLIPBackbone",
  defaultName: "sig_lip_backbone",
  required: [],
  defaults: { visionEncoder: null, textEncoder: null, dtype: null },
  check: (c) => {
    nested("SigLIPBackbone", c, "visionEncoder", SIGLIP_VISION);
    nested("SigLIPBackbone", c, "textEncoder", SIGLIP_TEXT);
  },
  layers: (c) => {
    const vision = nested("SigLIPBackbone", c, "visionEncoder", SIGLIP_VISION);
    const text = nested("SigLIPBackbone", c, "textEncoder", SIGLIP_TEXT);
    return [
      inputOf(vision, "images"),
      weightless("token_ids", "InputLayer"),
      nestedLayer(vision, "images"),
      nestedLayer(text, "token_ids"),
      {
        name: "siglip_head",
        className: "SigLIPHead",
        weights: [w("siglip_head/logit_scale", []), w("siglip_head/logit_bias", [])],
        what: "the learned scale and bias of the sigmoid's logits, one scalar each",
        formula: "2",
        component: "head",
        // The image and text logits, as SigLIPHead's compute_output_shape gives them.
        outputShape: [[null, null], [null, null]],
        calls: [[tensorOf(vision.name), tensorOf(text.name)]],
      },
    ];
  },
};

function withoutBias(layer: HubLayer): HubLayer {
  const [kernel] = layer.weights;
  return {
    ...layer,
    weights: [kernel],
    what: `a Dense layer ${fmt(kernel.shape[0])} → ${fmt(kernel.shape[1])} without bias`,
    formula: `${fmt(kernel.shape[0])}·${fmt(kernel.shape[1])}`,
  };
}

/**
 * CLIP's and SigLIP's vision and text encoders, and their backbones, which nest one of each
 * (their `visionEncoder` and `textEncoder` are those encoders' arguments).
 *
 * @example CLIP ViT-B/32's vision tower at 224: 87,849,216
 * ```ts
 * import { CLIP_FAMILIES } from "./families_clip.ts";
 * import { HubBackbone } from "./backbone.ts";
 * import assert from "assert";
 *
 * const clip = new HubBackbone(CLIP_FAMILIES[0], {
 *   patchSize: 32, hiddenDim: 768, numLayers: 12, numHeads: 12, intermediateDim: 3072,
 * });
 * // 12 blocks of 7,087,872, the class embedding, 50 positions and their 50 ids, the patch
 * // kernel 32·32·3·768 and two layer norms.
 * const expected = 12 * 7_087_872 + 768 + 50 + 50 * 768 + 32 * 32 * 3 * 768 + 4 * 768;
 * assert.equal(clip.paramCount(), expected);
 * ```
 */
export const CLIP_FAMILIES: readonly FamilyDeclaration[] = [
  CLIP_VISION,
  SIGLIP_VISION,
  CLIP_TEXT,
  CLIP_BACKBONE,
  SIGLIP_TEXT,
  SIGLIP_BACKBONE,
];
