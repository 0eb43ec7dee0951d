/**
 * keras-hub's image backbones: ViT, DeiT, DINOv2 and VGG. A vision transformer cuts the image
 * into patches with one strided convolution (`kernel = stride = patch`), adds a class token (DeiT
 * also a distillation token, DINOv2 register tokens) and a learned position per token, and runs
 * the tokens through encoder blocks of pre-norm attention and an MLP. keras-hub keeps all the
 * blocks in one layer (`vit_encoder`, `deit_encoder`, `encoder`), so a backbone has three or four
 * top-level layers. VGG is stacks of 3×3 convolutions, each stack closed by a 2×2 max pooling,
 * every layer a top-level layer.
 *
 * @module
 */

import type { FamilyDeclaration, HubArg } from "./backbone.ts";
import type { Shape } from "../shape.ts";
import { type HubLayer, type HubWeight, layerNorm } from "./blocks.ts";
import { type Config, n, w } from "./_family_kit.ts";
import { MaxPooling2D } from "../layers/pooling.ts";
import { Graph, graphRows, imageSizes } from "./_graph_kit.ts";
import {
  channelsFirst,
  describe,
  fmt,
  type Image,
  imageOf,
  input,
  intList,
  mha,
  patchConv,
  positiveInt,
  type VisionBlock,
} from "./_vision_kit.ts";

function patchOf(owner: string, c: Config): readonly [number, number] {
  const p = c.patchSize;
  const pair = typeof p === "number" ? [p, p] : p;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every(positiveInt)) {
    throw new TypeError(
      `${owner}'s "patchSize" must be a positive integer or [height, width], received ${
        describe(p)
      }`,
    );
  }
  return [pair[0] as number, pair[1] as number];
}

/** The sizes of an image and its patches, as keras-hub's ViT and DeiT check them. */
function patchGrid(owner: string, c: Config): { image: Image; patch: readonly [number, number] } {
  const image = imageOf(owner, c);
  const patch = patchOf(owner, c);
  if (image.height % patch[0] !== 0) {
    throw new RangeError(
      `${owner}: input height ${image.height} should be divisible by patch size ${patch[0]}`,
    );
  }
  if (image.width % patch[1] !== 0) {
    throw new RangeError(
      `${owner}: input width ${image.width} should be divisible by patch size ${patch[1]}`,
    );
  }
  return { image, patch };
}

function headsFit(owner: string, c: Config): void {
  if (n(c, "hiddenDim") < n(c, "numHeads")) {
    throw new RangeError(
      `${owner}: hiddenDim (${n(c, "hiddenDim")}) must be at least numHeads (${
        n(c, "numHeads")
      }): each head's key_dim is hiddenDim // numHeads`,
    );
  }
}

/** The names inside one encoder block: ViT's, DeiT's and DINOv2's. */
interface BlockNames {
  readonly norm1: string;
  readonly attention: string;
  readonly norm2: string;
  readonly up: string;
  readonly down: string;
}

const VIT_NAMES: BlockNames = {
  norm1: "ln_1",
  attention: "mha",
  norm2: "ln_2",
  up: "mlp/dense_1",
  down: "mlp/dense_2",
};
const DEIT_NAMES: BlockNames = {
  norm1: "ln_1",
  attention: "mha",
  norm2: "ln_2",
  up: "mlp/dense",
  down: "output_layer/output",
};

function blockWeights(p: string, b: VisionBlock, names: BlockNames): HubWeight[] {
  const d = b.hidden;
  const norm = (name: string) => [w(`${p}/${name}/gamma`, [d]), w(`${p}/${name}/beta`, [d])];
  const dense = (name: string, from: number, to: number) => [
    w(`${p}/${name}/kernel`, [from, to]),
    ...(b.mlpBias ? [w(`${p}/${name}/bias`, [to])] : []),
  ];
  const scale = (name: string) => b.layerScale ? [w(`${p}/${name}/lambda1`, [d])] : [];
  return [
    ...norm(names.norm1),
    ...mha(`${p}/${names.attention}`, b),
    ...scale("layer_scale1"),
    ...norm(names.norm2),
    ...dense(names.up, d, b.swiglu ? 2 * b.inner : b.inner),
    ...dense(names.down, b.inner, d),
    ...scale("layer_scale2"),
  ];
}

function blockFormula(b: VisionBlock): string {
  const { hidden: d, heads: h, keyDim: k, inner: f } = b;
  const hk = h * k;
  const attention = `attention 3·${fmt(d)}·${fmt(hk)} + ${fmt(hk)}·${fmt(d)}` +
    (b.mhaBias ? ` + 3·${fmt(hk)} + ${fmt(d)}` : "");
  const mlp = b.swiglu
    ? `SwiGLU ${fmt(d)}·2·${fmt(f)} + ${fmt(f)}·${fmt(d)}` +
      (b.mlpBias ? ` + 2·${fmt(f)} + ${fmt(d)}` : "")
    : `MLP 2·${fmt(d)}·${fmt(f)}` + (b.mlpBias ? ` + ${fmt(f)} + ${fmt(d)}` : "");
  return `${attention} + ${mlp} + norms 4·${fmt(d)}` +
    (b.layerScale ? ` + layer scales 2·${fmt(d)}` : "");
}

function blockWords(b: VisionBlock): string {
  const { hidden: d, heads: h, keyDim: k, inner: f } = b;
  return `a layer norm, attention (query, key, value ${fmt(d)} → ${h} heads × ${k}` +
    `${b.mhaBias ? " with biases" : ", no biases"}, output back to ${fmt(d)})` +
    `${b.layerScale ? ", a layer scale" : ""}, a layer norm, ` +
    (b.swiglu
      ? `a SwiGLU MLP ${fmt(d)} → 2·${fmt(f)}, ${fmt(f)} → ${fmt(d)}`
      : `an MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)}`) +
    `${b.mlpBias ? " with biases" : ", no biases"}${b.layerScale ? ", a layer scale" : ""}`;
}

/**
 * An encoder layer holding every block, as keras-hub's `ViTEncoder`, `DeiTEncoder` and
 * `DINOV2Encoder` do: the blocks' weights in order, then (ViT, DeiT) the final layer norm.
 */
function encoderLayer(
  name: string,
  className: string,
  layers: number,
  block: (i: number) => string,
  b: VisionBlock,
  names: BlockNames,
  finalNorm: string | undefined,
  outputShape: Shape | readonly Shape[],
): HubLayer {
  const d = b.hidden;
  const blocks = Array.from(
    { length: layers },
    (_, i) => blockWeights(`${name}/${block(i)}`, b, names),
  ).flat();
  const norm = finalNorm === undefined
    ? []
    : [w(`${name}/${finalNorm}/gamma`, [d]), w(`${name}/${finalNorm}/beta`, [d])];
  return {
    name,
    className,
    weights: [...blocks, ...norm],
    what: `${layers} encoder blocks, each ${blockWords(b)}` +
      (finalNorm === undefined ? "" : `; then a final layer norm`),
    formula: `${layers}·(${blockFormula(b)})` + (finalNorm === undefined ? "" : ` + 2·${fmt(d)}`),
    component: "blocks",
    outputShape,
  };
}

const VIT_DEFAULTS: Readonly<Record<string, HubArg>> = {
  dropoutRate: 0,
  attentionDropout: 0,
  layerNormEpsilon: 1e-6,
  useMhaBias: true,
  useMlpBias: true,
  useClassToken: true,
  usePatchBias: true,
  dataFormat: null,
  dtype: null,
};

const VIT: FamilyDeclaration = {
  className: "ViTBackbone",
  // keras-hub 0.32's get_config() leaves out data_format.
  notInConfig: ["dataFormat"],
  defaultName: "vi_t_backbone",
  required: ["numLayers", "numHeads", "hiddenDim", "mlpDim"],
  defaults: { imageShape: null, patchSize: null, ...VIT_DEFAULTS },
  check: (c) => {
    requireArgs("ViTBackbone", c, ["imageShape", "patchSize"]);
    patchGrid("ViTBackbone", c);
    headsFit("ViTBackbone", c);
  },
  layers: (c) => {
    const { image, patch } = patchGrid("ViTBackbone", c);
    const d = n(c, "hiddenDim");
    const patches = (image.height / patch[0]) * (image.width / patch[1]);
    const cls = c.useClassToken !== false;
    const positions = patches + (cls ? 1 : 0);
    const bias = c.usePatchBias !== false;
    const e = "vit_patching_and_embedding";
    const block: VisionBlock = {
      hidden: d,
      heads: n(c, "numHeads"),
      keyDim: Math.floor(d / n(c, "numHeads")),
      inner: n(c, "mlpDim"),
      mhaBias: c.useMhaBias !== false,
      mlpBias: c.useMlpBias !== false,
    };
    return [
      input("images", c),
      {
        name: e,
        className: "ViTPatchingAndEmbedding",
        weights: [
          ...(cls ? [w(`${e}/class_token`, [1, 1, d])] : []),
          ...patchConv(`${e}/patch_embedding`, patch, image.channels, d, bias),
          w(`${e}/position_embedding/embeddings`, [positions, d]),
        ],
        what: `the patch embedding, a ${patch[0]}×${patch[1]} convolution with stride ` +
          `${patch[0]}×${patch[1]} from ${image.channels} channels to ${fmt(d)}` +
          `${bias ? " with bias" : ""}${cls ? `, a class token (${fmt(d)})` : ""}, and ` +
          `${fmt(positions)} learned positions (${fmt(patches)} patches${cls ? " + 1" : ""})`,
        formula: `${patch[0]}·${patch[1]}·${image.channels}·${fmt(d)}${bias ? ` + ${fmt(d)}` : ""}${
          cls ? ` + ${fmt(d)}` : ""
        } + ${fmt(positions)}·${fmt(d)}`,
        component: "embeddings",
        outputShape: [null, positions, d],
      },
      encoderLayer(
        "vit_encoder",
        "ViTEncoder",
        n(c, "numLayers"),
        (i) => `transformer_block_${i + 1}`,
        block,
        VIT_NAMES,
        "ln",
        [null, positions, d],
      ),
    ];
  },
};

function requireArgs(owner: string, c: Config, keys: readonly string[]): void {
  for (const key of keys) {
    if (c[key] === null || c[key] === undefined) {
      const snake = key.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);
      throw new TypeError(`${owner} requires "${key}" (keras-hub's ${snake})`);
    }
  }
}

const DEIT: FamilyDeclaration = {
  className: "DeiTBackbone",
  // keras-hub 0.32's get_config() leaves out data_format.
  notInConfig: ["dataFormat"],
  defaultName: "dei_t_backbone",
  required: ["numLayers", "numHeads", "hiddenDim", "intermediateDim"],
  defaults: {
    imageShape: null,
    patchSize: null,
    dropoutRate: 0,
    attentionDropout: 0,
    layerNormEpsilon: 1e-6,
    useMhaBias: true,
    dataFormat: null,
    dtype: null,
  },
  check: (c) => {
    requireArgs("DeiTBackbone", c, ["imageShape", "patchSize"]);
    patchGrid("DeiTBackbone", c);
    headsFit("DeiTBackbone", c);
  },
  layers: (c) => {
    const { image, patch } = patchGrid("DeiTBackbone", c);
    const d = n(c, "hiddenDim");
    const patches = (image.height / patch[0]) * (image.width / patch[1]);
    const positions = patches + 2;
    const e = "deit_patching_and_embedding";
    const block: VisionBlock = {
      hidden: d,
      heads: n(c, "numHeads"),
      keyDim: Math.floor(d / n(c, "numHeads")),
      inner: n(c, "intermediateDim"),
      mhaBias: c.useMhaBias !== false,
      mlpBias: true,
    };
    return [
      // keras-hub gives DeiT's input no name: Keras calls it `input_layer`.
      input("input_layer", c),
      {
        name: e,
        className: "DeiTEmbeddings",
        weights: [
          w(`${e}/class_token`, [1, 1, d]),
          w(`${e}/distillation_token`, [1, 1, d]),
          w(`${e}/position_embedding`, [1, positions, d]),
          ...patchConv(`${e}/patch_embedding`, patch, image.channels, d),
        ],
        what: `a class token and a distillation token (${fmt(d)} each), ${fmt(positions)} ` +
          `learned positions (${fmt(patches)} patches + 2), and the patch embedding, a ` +
          `${patch[0]}×${patch[1]} convolution with stride ${patch[0]}×${patch[1]} from ` +
          `${image.channels} channels to ${fmt(d)} with bias`,
        formula: `2·${fmt(d)} + ${fmt(positions)}·${fmt(d)} + ${patch[0]}·${patch[1]}·` +
          `${image.channels}·${fmt(d)} + ${fmt(d)}`,
        component: "embeddings",
        outputShape: [null, positions, d],
      },
      // The encoder also returns its hidden states and attention scores, empty (batch 0) when
      // not asked for.
      encoderLayer(
        "deit_encoder",
        "DeiTEncoder",
        n(c, "numLayers"),
        (i) => `transformer_block_${i + 1}`,
        block,
        DEIT_NAMES,
        "ln",
        [[null, positions, d], [0, positions, d], [0, block.heads, positions, positions]],
      ),
    ];
  },
};

/** DINOv2's SwiGLU width: `intermediate_dim · 2/3`, rounded up to a multiple of 8. */
function swigluWidth(intermediate: number): number {
  return Math.floor((Math.trunc(intermediate * 2 / 3) + 7) / 8) * 8;
}

function squareImage(owner: string, c: Config, key: string): number {
  const image = imageOf(owner, c, key);
  if (key === "imageShape" && image.height !== image.width) {
    throw new RangeError(
      `${owner} expects the height and width to be the same in imageShape, received ${
        describe(c[key])
      }`,
    );
  }
  return image.height;
}

/**
 * The image size DINOv2's stored position table was trained at: keras-hub reads the first two
 * sizes of `position_embedding_shape` (its converter passes `(image_size, image_size)`), or the
 * last two with `channels_first`.
 */
function tableOf(c: Config): { height: number; width: number } {
  const shape = c.positionEmbeddingShape;
  const sizes = Array.isArray(shape) && (shape.length === 2 || shape.length === 3)
    ? (channelsFirst("DINOV2Backbone", c) && shape.length === 3 ? shape.slice(1) : shape)
    : undefined;
  if (sizes === undefined || !positiveInt(sizes[0]) || !positiveInt(sizes[1])) {
    throw new TypeError(
      `DINOV2Backbone's "positionEmbeddingShape" must be [height, width] or [height, width, ` +
        `channels], received ${describe(shape)}`,
    );
  }
  return { height: sizes[0], width: sizes[1] };
}

const DINOV2: FamilyDeclaration = {
  className: "DINOV2Backbone",
  // keras-hub 0.32's get_config() leaves out data_format.
  notInConfig: ["dataFormat"],
  defaultName: "dinov2_backbone",
  required: ["patchSize", "numLayers", "hiddenDim", "numHeads", "intermediateDim"],
  defaults: {
    layerScaleInitValue: 1,
    numRegisterTokens: 0,
    useMaskToken: true,
    useSwigluFfn: false,
    dropoutRate: 0,
    dropPathRate: 0,
    imageShape: [224, 224, 3],
    positionEmbeddingShape: [518, 518, 3],
    antialiasInInterpolation: false,
    applyLayernorm: false,
    dataFormat: null,
    dtype: null,
  },
  check: (c) => {
    const p = n(c, "patchSize");
    const image = squareImage("DINOV2Backbone", c, "imageShape");
    const table = tableOf(c);
    if (image < p || table.height < p || table.width < p) {
      throw new RangeError(
        `DINOV2Backbone: patchSize ${p} is larger than the image (${image}) or the position ` +
          `table's image (${table.height}×${table.width})`,
      );
    }
    const registers = c.numRegisterTokens;
    if (typeof registers !== "number" || !Number.isInteger(registers) || registers < 0) {
      throw new RangeError(
        `DINOV2Backbone's "numRegisterTokens" must be a non-negative integer, received ${
          describe(registers)
        }`,
      );
    }
    headsFit("DINOV2Backbone", c);
  },
  layers: (c, name) => {
    const prefix = name === undefined ? "" : `${name}_`;
    const image = imageOf("DINOV2Backbone", c);
    const table = tableOf(c);
    const p = n(c, "patchSize");
    const d = n(c, "hiddenDim");
    const registers = n(c, "numRegisterTokens");
    const mask = c.useMaskToken !== false;
    const swiglu = c.useSwigluFfn === true;
    // The position table is kept at the pretraining size (518 / patch)² + 1 and frozen; the
    // trainable copy interpolated to the image size is what the model adds.
    const stored = Math.floor(table.height / p) * Math.floor(table.width / p) + 1;
    const used = Math.floor(image.height / p) * Math.floor(image.width / p) + 1;
    const e = `${prefix}embeddings`;
    // The tokens: the class token, the registers, one per patch of the image.
    const sequence = used + registers;
    const block: VisionBlock = {
      hidden: d,
      heads: n(c, "numHeads"),
      keyDim: Math.floor(d / n(c, "numHeads")),
      inner: swiglu ? swigluWidth(n(c, "intermediateDim")) : n(c, "intermediateDim"),
      mhaBias: true,
      mlpBias: true,
      swiglu,
      layerScale: true,
    };
    const names: BlockNames = {
      norm1: "norm1",
      attention: "attention/attention",
      norm2: "norm2",
      up: swiglu ? "mlp/weights_in" : "mlp/fc1",
      down: swiglu ? "mlp/weights_out" : "mlp/fc2",
    };
    const tokens = [
      "a class token",
      ...(mask ? ["a mask token"] : []),
      ...(registers > 0 ? [`${registers} register tokens`] : []),
    ];
    return [
      input("images", c),
      {
        name: e,
        className: "DINOV2Embedding",
        weights: [
          w(`${e}/cls_token`, [1, 1, d]),
          ...(mask ? [w(`${e}/mask_token`, [1, d])] : []),
          ...(registers > 0 ? [w(`${e}/register_tokens`, [1, registers, d])] : []),
          w(`${e}/interpolated_position_embeddings`, [1, used, d]),
          w(`${e}/position_embeddings`, [1, stored, d], false),
          ...patchConv(`${e}/patch_embeddings/projection`, [p, p], image.channels, d),
        ],
        what: `${tokens.join(", ")} (${fmt(d)} each); ${fmt(used)} trainable positions ` +
          `interpolated to the image (${fmt(used - 1)} patches + 1) beside the frozen ` +
          `pretraining table of ${fmt(stored)}; the patch embedding, a ${p}×${p} convolution ` +
          `with stride ${p} from ${image.channels} channels to ${fmt(d)} with bias`,
        formula: `${1 + Number(mask) + registers}·${fmt(d)} + ${fmt(used)}·${fmt(d)} + ` +
          `${fmt(stored)}·${fmt(d)} (frozen) + ${p}·${p}·${image.channels}·${fmt(d)} + ${fmt(d)}`,
        component: "embeddings",
        outputShape: [null, sequence, d],
      },
      // The encoder returns the last hidden state and a dict of every block's (`stage1` …).
      encoderLayer(
        `${prefix}encoder`,
        "DINOV2Encoder",
        n(c, "numLayers"),
        (i) => `layers_${i}`,
        block,
        names,
        undefined,
        Array.from({ length: n(c, "numLayers") + 1 }, () => [null, sequence, d]),
      ),
      { ...layerNorm(`${prefix}layernorm`, d), outputShape: [null, sequence, d] },
    ];
  },
};

const VGG: FamilyDeclaration = {
  className: "VGGBackbone",
  defaultName: "vgg_backbone",
  required: [],
  defaults: { stackwiseNumRepeats: null, stackwiseNumFilters: null, imageShape: [null, null, 3] },
  check: (c) => {
    const repeats = intList("VGGBackbone", c, "stackwiseNumRepeats");
    const filters = intList("VGGBackbone", c, "stackwiseNumFilters");
    if (repeats.length !== filters.length) {
      throw new RangeError(
        `VGGBackbone: stackwiseNumRepeats (${repeats.length} stacks) and stackwiseNumFilters ` +
          `(${filters.length}) must have the same length`,
      );
    }
    vggRows(c);
  },
  layers: (c) => vggRows(c),
};

/** VGG's stacks of "same" 3×3 convolutions with biases, each ending in a 2×2 max pooling. */
function vggGraph(c: Config): Graph {
  const repeats = intList("VGGBackbone", c, "stackwiseNumRepeats");
  const filters = intList("VGGBackbone", c, "stackwiseNumFilters");
  const channels = vggChannels(c);
  const [height, width] = imageSizes("VGGBackbone", c, false);
  const g = new Graph("VGGBackbone", false);
  let x = g.input(height, width, channels);
  repeats.forEach((count, s) => {
    for (let i = 1; i <= count; i++) {
      x = g.conv(`block${s + 1}_conv${i}`, x, filters[s], 3, 1, true, true);
    }
    x = g.pool(`block${s + 1}_pool`, MaxPooling2D, x, 2, 2, false);
  });
  return g;
}

const vggRows = graphRows(vggGraph);

function vggChannels(c: Config): number {
  const shape = c.imageShape;
  const channels = Array.isArray(shape) && shape.length === 3 ? shape[2] : undefined;
  if (!positiveInt(channels)) {
    throw new TypeError(
      `VGGBackbone's "imageShape" must be [height, width, channels] with known channels, ` +
        `received ${describe(shape)}`,
    );
  }
  return channels;
}

/**
 * keras-hub's image backbones modelled here: ViT, DeiT, DINOV2 and VGG (CLIP's and SigLIP's
 * vision encoders are in `families_clip.ts`).
 *
 * @example ViT-B/16 at 224: 85,798,656, keras-hub's published count
 * ```ts
 * import { VISION_FAMILIES } from "./families_vision.ts";
 * import { HubBackbone } from "./backbone.ts";
 * import assert from "assert";
 *
 * const vit = new HubBackbone(VISION_FAMILIES[0], {
 *   imageShape: [224, 224, 3], patchSize: 16, numLayers: 12, numHeads: 12, hiddenDim: 768,
 *   mlpDim: 3072,
 * });
 * assert.equal(vit.paramCount(), 85_798_656);
 * assert.deepEqual(VISION_FAMILIES.map((f) => f.className), [
 *   "ViTBackbone", "DeiTBackbone", "DINOV2Backbone", "VGGBackbone",
 * ]);
 * ```
 */
export const VISION_FAMILIES: readonly FamilyDeclaration[] = [
  VIT,
  DEIT,
  DINOV2,
  VGG,
];
