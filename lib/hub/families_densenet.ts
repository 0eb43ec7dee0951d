/**
 * keras-hub's DenseNetBackbone: a 7×7 stem, then dense blocks whose every conv block (batch norm,
 * ReLU, 1×1 convolution to 4·growth, batch norm, ReLU, 3×3 convolution to growth) concatenates
 * its `growthRate` new channels to its input, and between two dense blocks a transition (batch
 * norm, ReLU, a 1×1 convolution to `compressionRatio` of the channels, a 2×2 average pooling).
 * Every layer is a top-level layer of a Keras functional graph; the convolutions have no bias.
 *
 * @module
 */

import type { FamilyDeclaration } from "./backbone.ts";
import type { Config } from "./_family_kit.ts";
import { describe } from "./_vision_kit.ts";
import { AveragePooling2D, MaxPooling2D } from "../layers/pooling.ts";
import { Graph, graphRows, imageSizes, type Tensor } from "./_graph_kit.ts";
import { intList } from "./_vision_kit.ts";

const OWNER = "DenseNetBackbone";

function ratioOf(c: Config): number {
  const ratio = c.compressionRatio;
  if (typeof ratio !== "number" || !(ratio > 0)) {
    throw new TypeError(
      `${OWNER}'s "compressionRatio" must be a positive number, received ${describe(ratio)}`,
    );
  }
  return ratio;
}

function denseBlock(g: Graph, x: Tensor, repeats: number, growth: number, name: string): Tensor {
  for (let i = 1; i <= repeats; i++) {
    const p = `${name}_block${i}`;
    let y = g.relu(`${p}_1_relu`, g.bn(`${p}_1_bn`, x));
    y = g.conv(`${p}_1_conv`, y, 4 * growth, 1, 1, false);
    y = g.relu(`${p}_2_relu`, g.bn(`${p}_2_bn`, y));
    y = g.conv(`${p}_2_conv`, y, growth, 3, 1, true);
    x = g.concatenate(`${p}_concat`, x, y);
  }
  return x;
}

function graph(c: Config): Graph {
  const repeats = intList(OWNER, c, "stackwiseNumRepeats");
  const ratio = ratioOf(c);
  const growth = c.growthRate as number;
  // keras-hub reads Keras's global image_data_format, never an argument: channels_last here.
  const [h, wd, ch] = imageSizes(OWNER, c, false);
  const g = new Graph(OWNER, false);
  let x = g.input(h, wd, ch);
  x = g.conv("conv1_conv", x, 64, 7, 2, true);
  x = g.relu("conv1_relu", g.bn("conv1_bn", x));
  x = g.pool("pool1", MaxPooling2D, x, 3, 2, true);
  repeats.forEach((count, s) => {
    x = denseBlock(g, x, count, growth, `stack${s + 1}`);
    if (s === repeats.length - 1) return;
    const t = `transition${s + 1}`;
    x = g.relu(`${t}_relu`, g.bn(`${t}_bn`, x));
    // Python's int() of channels × ratio: towards zero.
    const filters = Math.trunc(x.c * ratio);
    if (filters < 1) {
      throw new RangeError(
        `${OWNER}: ${t}_conv would have ${filters} filters (${x.c} channels × compressionRatio ` +
          `${ratio}); Keras refuses a convolution without filters`,
      );
    }
    x = g.conv(`${t}_conv`, x, filters, 1, 1, false);
    x = g.pool(`${t}_pool`, AveragePooling2D, x, 2, 2, false);
  });
  x = g.relu("relu", g.bn("bn", x, "norms"));
  return g;
}

const rows = graphRows(graph);

const DENSENET: FamilyDeclaration = {
  className: OWNER,
  defaultName: "dense_net_backbone",
  required: [],
  defaults: {
    stackwiseNumRepeats: null,
    imageShape: [null, null, 3],
    compressionRatio: 0.5,
    growthRate: 32,
  },
  sizes: ["growthRate"],
  check: (c) => {
    if (c.stackwiseNumRepeats === null || c.stackwiseNumRepeats === undefined) {
      throw new TypeError(
        `${OWNER} requires "stackwiseNumRepeats" (keras-hub's ` +
          `stackwise_num_repeats)`,
      );
    }
    rows(c);
  },
  layers: rows,
};

/**
 * keras-hub's DenseNet backbone: one class, `DenseNetBackbone`.
 *
 * @example DenseNet-121: 7,037,504, keras-hub's published count
 * ```ts
 * import { DENSENET_FAMILIES } from "./families_densenet.ts";
 * import { HubBackbone } from "./backbone.ts";
 * import assert from "assert";
 *
 * const densenet = new HubBackbone(DENSENET_FAMILIES[0], { stackwiseNumRepeats: [6, 12, 24, 16] });
 * assert.equal(densenet.paramCount(), 7_037_504);
 * assert.equal(densenet.layers.at(-1)?.name, "relu");
 * ```
 */
export const DENSENET_FAMILIES: readonly FamilyDeclaration[] = [DENSENET];
