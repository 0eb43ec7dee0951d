/**
 * keras-hub's ResNetBackbone (lib/hub/families_resnet.ts) and DenseNetBackbone
 * (lib/hub/families_densenet.ts) against real keras-hub
 * (tests/fixtures/keras_hub_backbones.json, tools/keras_oracle/keras_hub_backbones.py): the
 * printed summary line for line (a graph's `Connected to` column, ResNetV2's `pad (Pad)`
 * operation), its presets' counts from hand formulas, and LoRA on the image classes whose LoRA
 * the first recordings left out (DeiT, CLIP, SigLIP). Every layer's weights and counts are
 * compared by tests/hub_backbones_test.ts, which reads every recorded backbone.
 */

import assert from "assert";
import { kerasHubBackbone } from "../lib/hub/families.ts";
import { fromKerasHubPreset, kerasHubPresetNames } from "../lib/hub/presets.ts";
import { hubBackboneSummary } from "../lib/hub/summary.ts";
import { explainSummary } from "../mod.ts";
import { camelArgs, ORACLE } from "./_hub_oracle.ts";

const RESNET = ORACLE.backbones.filter((b) => b.class === "ResNetBackbone" && !b.lora_rank);
const DENSENET = ORACLE.backbones.filter((b) => b.class === "DenseNetBackbone");

Deno.test("keras-hub ResNet: the oracle covers v1, v2 and vd, each block type", () => {
  assert.ok(RESNET.length >= 5, `only ${RESNET.length} ResNet cases`);
  const types = new Set(RESNET.map((b) => b.config.block_type));
  assert.equal(types.size, 4, [...types].join(", "));
  assert.ok(RESNET.some((b) => b.config.use_pre_activation === true), "no ResNetV2 case");
  assert.ok(RESNET.some((b) => b.config.use_pre_activation !== true), "no ResNet (v1) case");
});

Deno.test("keras-hub ResNet and DenseNet: the printed summary is real keras-hub's, line for line", () => {
  let compared = 0;
  for (const b of [...RESNET, ...DENSENET]) {
    const backbone = kerasHubBackbone(b.class, camelArgs(b.config));
    const text = hubBackboneSummary(backbone, { lineLength: 120, consoleWidth: 120 })
      .replace(`Model: "${backbone.name}"`, `Model: "${b.name}"`);
    assert.equal(text, b.summary.replace(/\n$/, ""), JSON.stringify(b.config));
    assert.equal(backbone.paramCount(), b.params);
    assert.equal(backbone.trainableParamCount(), b.trainable);
    compared++;
  }
  assert.ok(compared >= 9, `only ${compared} summaries compared`);
});

Deno.test("keras-hub ResNet: LoRA finds no query or value layer and freezes every weight", () => {
  const lora = ORACLE.backbones.filter((b) => b.class === "ResNetBackbone" && b.lora_rank);
  assert.ok(lora.length >= 1, "no ResNet LoRA case");
  for (const b of lora) {
    const backbone = kerasHubBackbone(b.class, camelArgs(b.config));
    backbone.enableLora(b.lora_rank!);
    assert.equal(b.trainable, 0);
    assert.equal(backbone.trainableParamCount(), 0);
    assert.equal(backbone.paramCount(), b.params);
  }
});

Deno.test("keras-hub LoRA: DeiT, CLIP and SigLIP are each checked with enable_lora", () => {
  for (
    const cls of [
      "DeiTBackbone",
      "CLIPVisionEncoder",
      "CLIPTextEncoder",
      "CLIPBackbone",
      "SigLIPTextEncoder",
      "SigLIPBackbone",
    ]
  ) {
    const cases = ORACLE.backbones.filter((b) => b.class === cls && b.lora_rank);
    assert.ok(cases.length >= 3, `only ${cases.length} ${cls} LoRA cases`);
    for (const b of cases) {
      const backbone = kerasHubBackbone(b.class, camelArgs(b.config));
      backbone.enableLora(b.lora_rank!);
      const label = `${cls} ${JSON.stringify(b.config)} rank ${b.lora_rank}`;
      assert.equal(backbone.paramCount(), b.params, label);
      assert.equal(backbone.trainableParamCount(), b.trainable, label);
      assert.ok(b.trainable < b.params, label);
    }
  }
});

/** A bottleneck ResNet's count by hand: no convolution has a bias, a batch norm is 4 per channel. */
function bottleneckResNet(blocks: readonly number[], stem: number): number {
  let count = stem;
  let cin = 64;
  [64, 128, 256, 512].forEach((f, s) => {
    for (let i = 0; i < blocks[s]; i++) {
      const shortcut = i === 0 ? cin * 4 * f + 4 * 4 * f : 0;
      count += shortcut + cin * f + 4 * f + 9 * f * f + 4 * f + f * 4 * f + 4 * 4 * f;
      cin = 4 * f;
    }
  });
  return count;
}

Deno.test("keras-hub ResNet presets: the counts from a hand formula, keras-hub's published where it holds", () => {
  const v1Stem = 7 * 7 * 3 * 64 + 4 * 64;
  const expected: Record<string, number> = {
    resnet_50_imagenet: bottleneckResNet([3, 4, 6, 3], v1Stem),
    resnet_101_imagenet: bottleneckResNet([3, 4, 23, 3], v1Stem),
    resnet_152_imagenet: bottleneckResNet([3, 8, 36, 3], v1Stem),
  };
  for (const [name, count] of Object.entries(expected)) {
    const { backbone, preset, publishedDiffers } = fromKerasHubPreset(name);
    assert.equal(backbone.paramCount(), count, name);
    assert.equal(preset.published, count, name);
    assert.equal(publishedDiffers, undefined, name);
  }
  // ResNet-18: basic blocks of two 3×3 convolutions; the first stack has no shortcut convolution.
  let r18 = v1Stem;
  let cin = 64;
  for (const f of [64, 128, 256, 512]) {
    r18 += (cin === f ? 0 : cin * f + 4 * f) + 9 * cin * f + 4 * f + 9 * f * f + 4 * f;
    r18 += 2 * (9 * f * f + 4 * f);
    cin = f;
  }
  assert.equal(fromKerasHubPreset("resnet_18_imagenet").backbone.paramCount(), r18);
  assert.equal(r18, 11_186_112);

  const names = kerasHubPresetNames().filter((n) => n.startsWith("resnet_"));
  assert.equal(names.length, 16);
  // ResNet-vd: keras-hub publishes the ImageNet classifier's count, the backbone plus a Dense
  // head of 1,000 classes on the last stack's channels (512 for basic blocks, 4·512 else).
  const vd = names.filter((n) => n.startsWith("resnet_vd_"));
  assert.equal(vd.length, 10);
  for (const name of vd) {
    const { backbone, preset, publishedDiffers } = fromKerasHubPreset(name);
    const width = /resnet_vd_(18|34)_/.test(name) ? 512 : 2048;
    assert.equal(preset.published! - backbone.paramCount(), width * 1000 + 1000, name);
    assert.match(publishedDiffers ?? "", /classifier/, name);
  }
  // The vd stem: three 3×3 convolutions 3 → 32 → 32 → 64, each with its batch norm; the shortcut
  // pools, then a 1×1 convolution with stride 1, so ResNet-vd-50 differs from ResNet-50 by its
  // stem alone.
  const vdStem = 9 * 3 * 32 + 4 * 32 + 9 * 32 * 32 + 4 * 32 + 9 * 32 * 64 + 4 * 64;
  assert.equal(
    fromKerasHubPreset("resnet_vd_50_imagenet").backbone.paramCount(),
    bottleneckResNet([3, 4, 6, 3], vdStem),
  );
  // ResNetV2 publishes ResNet (v1)'s number: its batch norms are elsewhere.
  for (
    const [v2, v1] of [["resnet_v2_50_imagenet", "resnet_50_imagenet"], [
      "resnet_v2_101_imagenet",
      "resnet_101_imagenet",
    ]]
  ) {
    const { backbone, preset, publishedDiffers } = fromKerasHubPreset(v2);
    assert.equal(preset.published, ORACLE.presets[v1].params);
    assert.notEqual(backbone.paramCount(), preset.published);
    assert.match(publishedDiffers ?? "", new RegExp(v1));
  }
});

Deno.test("keras-hub ResNet presets: ResNetV2-50's batch norms, by hand", () => {
  // No stem batch norm; each block's pre-activation norm on its input channels; a post norm on
  // the last 2,048; the shortcut and third convolutions have no norm after them.
  let count = 7 * 7 * 3 * 64;
  let cin = 64;
  [[64, 3], [128, 4], [256, 6], [512, 3]].forEach(([f, n]) => {
    for (let i = 0; i < n; i++) {
      count += 4 * cin + (i === 0 ? cin * 4 * f : 0) + cin * f + 4 * f + 9 * f * f + 4 * f +
        f * 4 * f;
      cin = 4 * f;
    }
  });
  count += 4 * 2048;
  const { backbone } = fromKerasHubPreset("resnet_v2_50_imagenet");
  assert.equal(backbone.paramCount(), count);
  assert.deepEqual(
    backbone.layers.slice(0, 4).map((l) => l.name),
    ["input_layer", "conv1_pad", "conv1_conv", "pool1_pool"],
  );
  assert.equal(backbone.layers.at(-1)?.name, "post_relu");
});

Deno.test("keras-hub ResNet: sizes keras-hub refuses are refused by name", () => {
  const base = {
    inputConvFilters: [64],
    inputConvKernelSizes: [7],
    stackwiseNumFilters: [64, 128],
    stackwiseNumBlocks: [1, 1],
    stackwiseNumStrides: [1, 2],
    blockType: "basic_block",
  };
  assert.throws(
    () => kerasHubBackbone("ResNetBackbone", { ...base, stackwiseNumFilters: [32, 128] }),
    /first element of stackwiseNumFilters must be 64/,
  );
  assert.throws(
    () => kerasHubBackbone("ResNetBackbone", { ...base, blockType: "bottleneck" }),
    /"blockType" must be one of/,
  );
  assert.throws(
    () => kerasHubBackbone("ResNetBackbone", { ...base, stackwiseNumBlocks: [1] }),
    /must be the same/,
  );
  assert.throws(
    () => kerasHubBackbone("ResNetBackbone", { ...base, input_conv_filters: [64] }),
    /"inputConvFilters"/,
  );
  // A basic block's first stack adds its input to its output: 32 channels cannot meet 64.
  assert.throws(
    () => kerasHubBackbone("ResNetBackbone", { ...base, inputConvFilters: [32] }),
    /stack0_block0_add/,
  );
  assert.throws(
    () =>
      kerasHubBackbone("ResNetBackbone", {
        ...base,
        inputConvKernelSizes: [4],
        imageShape: [1, 1, 3],
      }),
    /zero or negative/,
  );
});

Deno.test("keras-hub DenseNet presets: each count from a hand formula, keras-hub's published", () => {
  // A conv block on c channels: batch norm 4·c, a 1×1 convolution c → 128, batch norm 4·128, a
  // 3×3 convolution 128 → 32; it adds 32 channels. A transition halves them with a 1×1
  // convolution after its batch norm.
  const densenet = (repeats: readonly number[]) => {
    let count = 7 * 7 * 3 * 64 + 4 * 64;
    let c = 64;
    repeats.forEach((n, s) => {
      for (let i = 0; i < n; i++) {
        count += 4 * c + c * 128 + 4 * 128 + 9 * 128 * 32;
        c += 32;
      }
      if (s < repeats.length - 1) {
        count += 4 * c + c * (c / 2);
        c /= 2;
      }
    });
    return count + 4 * c;
  };
  for (
    const [name, repeats] of [
      ["densenet_121_imagenet", [6, 12, 24, 16]],
      ["densenet_169_imagenet", [6, 12, 32, 32]],
      ["densenet_201_imagenet", [6, 12, 48, 32]],
    ] as const
  ) {
    const { backbone, preset, publishedDiffers } = fromKerasHubPreset(name);
    assert.equal(backbone.paramCount(), densenet(repeats), name);
    assert.equal(preset.published, densenet(repeats), name);
    assert.equal(publishedDiffers, undefined);
  }
  assert.ok(DENSENET.length >= 3, `only ${DENSENET.length} DenseNet cases`);
});

// Real keras-hub image classifiers on backbones built from the presets' architectures
// (tools/keras_oracle/keras_hub_convnet_tables.py).
const TABLES: {
  cases: {
    preset: string;
    className: string;
    numClasses: number;
    backboneParams: number;
    params: number;
    summary: string;
  }[];
} = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/keras_hub_convnet_tables.json", import.meta.url)),
);

Deno.test("keras-hub image classifiers: the ResNet and DenseNet backbone rows are read as their presets", () => {
  assert.ok(TABLES.cases.length >= 3);
  for (const c of TABLES.cases) {
    const explained = explainSummary(c.summary);
    assert.deepEqual(explained.rows.filter((r) => !r.checked).map((r) => r.name), [], c.preset);
    assert.ok(explained.rows.every((r) => r.consistent), c.preset);
    assert.ok(explained.totals.consistent, c.preset);
    const row = explained.rows.find((r) => r.className === c.className)!;
    assert.equal(row.paramCount, c.backboneParams, c.preset);
    assert.equal(row.expectedParamCount, c.backboneParams, c.preset);
    assert.match(row.note ?? "", new RegExp(`those of ${c.preset} \\(`), c.preset);
  }
  // ResNet-vd-18's classifier of 1,000 classes has exactly keras-hub's published count: its
  // metadata.params is the classifier's, not the backbone's.
  const vd = TABLES.cases.find((c) =>
    c.preset === "resnet_vd_18_imagenet" && c.numClasses === 1000
  )!;
  assert.equal(vd.params, ORACLE.presets["resnet_vd_18_imagenet"].params);
  assert.equal(vd.params - vd.backboneParams, 512 * 1000 + 1000);
});

Deno.test("keras-hub ResNet: explain() gives each convolution and batch norm its formula", () => {
  const { backbone } = fromKerasHubPreset("resnet_50_imagenet");
  const text = backbone.explain();
  assert.match(
    text,
    /conv1_conv \(Conv2D\): a 7×7 convolution from 3 channels to 64, no bias\. 7·7·3·64 = 9,408/,
  );
  // 53 batch norms, each of 4 per channel: γ and β trained, the moving statistics frozen.
  assert.match(text, /2·2,048 \+ 2·2,048 \(frozen\) = 8,192/);
  assert.equal(backbone.layers.filter((l) => l.className === "BatchNormalization").length, 53);
  assert.equal(backbone.layers.filter((l) => l.className === "Conv2D").length, 53);
});
