/**
 * keras-hub's ResNetBackbone: ResNet (v1), ResNetV2 (`usePreActivation`, batch norm and ReLU
 * before each convolution) and ResNet-vd (a stem of three 3×3 convolutions and an average pooling
 * before a strided shortcut), each a Keras functional graph whose every convolution, batch norm,
 * activation, padding and `Add` is a top-level layer. The convolutions have no bias; each batch
 * norm holds γ and β (trained) and a moving mean and variance (not trained).
 *
 * The layers are listed in Keras's order for a functional graph (`map_graph` in
 * `keras/src/ops/function.py`): by depth from the output, deepest first, and at one depth in the
 * order a depth-first walk from the output first meets them. So a block's shortcut convolution
 * sits between its main path's layers, as real keras-hub's summary shows.
 *
 * @module
 */

import type { FamilyDeclaration } from "./backbone.ts";
import type { Config } from "./_family_kit.ts";
import { channelsFirst, describe } from "./_vision_kit.ts";
import { AveragePooling2D, MaxPooling2D } from "../layers/pooling.ts";
import { Graph, graphRows, imageSizes, type Tensor } from "./_graph_kit.ts";
import { intList } from "./_vision_kit.ts";

const OWNER = "ResNetBackbone";
const BLOCK_TYPES = ["basic_block", "bottleneck_block", "basic_block_vd", "bottleneck_block_vd"];

/** One residual block, as keras-hub's `apply_basic_block`, `apply_bottleneck_block` and vd. */
function block(
  g: Graph,
  x: Tensor,
  filters: number,
  stride: number,
  shortcutConv: boolean,
  type: string,
  pre: boolean,
  name: string,
): Tensor {
  const bottleneck = type.startsWith("bottleneck");
  const vd = type.endsWith("_vd");
  const width = bottleneck ? 4 * filters : filters;
  let preact: Tensor | undefined;
  if (pre) {
    preact = g.bn(`${name}_pre_activation_bn`, x);
    preact = g.relu(`${name}_pre_activation_relu`, preact);
  }
  let shortcut = x;
  if (shortcutConv) {
    if (preact !== undefined) shortcut = preact;
    else if (vd && stride > 1) shortcut = g.pool(undefined, AveragePooling2D, x, 2, stride, true);
    // The vd shortcut pools first, then a 1×1 convolution with stride 1.
    shortcut = g.conv(`${name}_0_conv`, shortcut, width, 1, vd ? 1 : stride, false);
    if (!pre) shortcut = g.bn(`${name}_0_bn`, shortcut);
  }
  let y = preact ?? x;
  // The strided 3×3 convolution: padded by 1 and "valid", else "same".
  const strided = (index: number, from: Tensor) => {
    if (stride > 1) from = g.pad(`${name}_${index}_pad`, from, 1);
    return g.conv(`${name}_${index}_conv`, from, filters, 3, stride, stride === 1);
  };
  if (bottleneck) {
    y = g.conv(`${name}_1_conv`, y, filters, 1, 1, false);
    y = g.relu(`${name}_1_relu`, g.bn(`${name}_1_bn`, y));
    y = strided(2, y);
    y = g.relu(`${name}_2_relu`, g.bn(`${name}_2_bn`, y));
    y = g.conv(`${name}_3_conv`, y, width, 1, 1, false);
  } else {
    y = strided(1, y);
    y = g.relu(`${name}_1_relu`, g.bn(`${name}_1_bn`, y));
    y = g.conv(`${name}_2_conv`, y, filters, 3, 1, true);
  }
  if (pre) return g.add(`${name}_out`, shortcut, y);
  y = g.bn(`${name}_${bottleneck ? 3 : 2}_bn`, y);
  return g.relu(`${name}_out`, g.add(`${name}_add`, shortcut, y));
}

function graph(c: Config): Graph {
  const stem = intList(OWNER, c, "inputConvFilters");
  const kernels = intList(OWNER, c, "inputConvKernelSizes");
  const filters = intList(OWNER, c, "stackwiseNumFilters");
  const blocks = intList(OWNER, c, "stackwiseNumBlocks");
  const strides = intList(OWNER, c, "stackwiseNumStrides");
  if (stem.length !== kernels.length) {
    throw new RangeError(
      `${OWNER}: the length of inputConvFilters (${stem.length}) and inputConvKernelSizes ` +
        `(${kernels.length}) must be the same`,
    );
  }
  if (filters.length !== blocks.length || filters.length !== strides.length) {
    throw new RangeError(
      `${OWNER}: the length of stackwiseNumFilters (${filters.length}), stackwiseNumBlocks ` +
        `(${blocks.length}) and stackwiseNumStrides (${strides.length}) must be the same`,
    );
  }
  if (filters[0] !== 64) {
    throw new RangeError(
      `${OWNER}: the first element of stackwiseNumFilters must be 64, received ${
        describe(filters)
      }`,
    );
  }
  const type = c.blockType;
  if (typeof type !== "string" || !BLOCK_TYPES.includes(type)) {
    throw new TypeError(
      `${OWNER}'s "blockType" must be one of ${BLOCK_TYPES.join(", ")}, received ${describe(type)}`,
    );
  }
  const pre = c.usePreActivation === true;
  const first = channelsFirst(OWNER, c);
  const [h, wd, ch] = imageSizes(OWNER, c, first);
  const g = new Graph(OWNER, first);
  let x = g.input(h, wd, ch);
  x = g.pad("conv1_pad", x, Math.floor((kernels[0] - 1) / 2));
  x = g.conv("conv1_conv", x, stem[0], kernels[0], 2, false);
  for (let i = 1; i < stem.length; i++) {
    x = g.relu(`conv${i}_relu`, g.bn(`conv${i}_bn`, x));
    x = g.conv(`conv${i + 1}_conv`, x, stem[i], kernels[i], 1, true);
  }
  if (!pre) {
    x = g.relu(`conv${stem.length}_relu`, g.bn(`conv${stem.length}_bn`, x));
  }
  // ResNetV2 pads with -inf through ops.pad: an operation Keras's summary lists as `pad (Pad)`,
  // not a layer.
  x = pre ? g.padOperation("pad", x, 1) : g.pad("pool1_pad", x, 1);
  x = g.pool("pool1_pool", MaxPooling2D, x, 3, 2, false);
  filters.forEach((f, s) => {
    for (let i = 0; i < blocks[s]; i++) {
      x = block(
        g,
        x,
        f,
        i === 0 ? strides[s] : 1,
        i === 0 && (type !== "basic_block" || s > 0),
        type,
        pre,
        `stack${s}_block${i}`,
      );
    }
  });
  if (pre) x = g.relu("post_relu", g.bn("post_bn", x, "norms"));
  return g;
}

const rows = graphRows(graph);

const RESNET: FamilyDeclaration = {
  className: OWNER,
  defaultName: "res_net_backbone",
  required: [],
  defaults: {
    inputConvFilters: null,
    inputConvKernelSizes: null,
    stackwiseNumFilters: null,
    stackwiseNumBlocks: null,
    stackwiseNumStrides: null,
    blockType: null,
    usePreActivation: false,
    imageShape: [null, null, 3],
    dataFormat: null,
    dtype: null,
  },
  check: (c) => {
    for (
      const key of [
        "inputConvFilters",
        "inputConvKernelSizes",
        "stackwiseNumFilters",
        "stackwiseNumBlocks",
        "stackwiseNumStrides",
        "blockType",
      ]
    ) {
      if (c[key] === null || c[key] === undefined) {
        const snake = key.replace(/[A-Z]/g, (x) => `_${x.toLowerCase()}`);
        throw new TypeError(`${OWNER} requires "${key}" (keras-hub's ${snake})`);
      }
    }
    rows(c);
  },
  layers: rows,
};

/**
 * keras-hub's ResNet backbones (ResNet, ResNetV2, ResNet-vd): one class, `ResNetBackbone`.
 *
 * @example ResNet-50: 23,561,152, keras-hub's published count
 * ```ts
 * import { RESNET_FAMILIES } from "./families_resnet.ts";
 * import { HubBackbone } from "./backbone.ts";
 * import assert from "assert";
 *
 * const resnet50 = new HubBackbone(RESNET_FAMILIES[0], {
 *   inputConvFilters: [64], inputConvKernelSizes: [7], stackwiseNumFilters: [64, 128, 256, 512],
 *   stackwiseNumBlocks: [3, 4, 6, 3], stackwiseNumStrides: [1, 2, 2, 2],
 *   blockType: "bottleneck_block",
 * });
 * assert.equal(resnet50.paramCount(), 23_561_152);
 * // 53 batch norms' moving means and variances are not trained.
 * assert.equal(resnet50.nonTrainableParamCount(), 53_120);
 * ```
 */
export const RESNET_FAMILIES: readonly FamilyDeclaration[] = [RESNET];
