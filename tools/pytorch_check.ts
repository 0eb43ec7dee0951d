/**
 * Checks every PyTorch counterpart the layer kinds declare against real PyTorch: each sample
 * layer's declared module is built in torch, and its parameters (names and shapes), buffers and
 * count must be the ones `compareFrameworks` prints. A kind that declares a counterpart but has
 * no sample here is reported as not checked, and fails the run.
 *
 * ```sh
 * python3 -m venv /tmp/tvenv && /tmp/tvenv/bin/pip install torch
 * deno run --allow-read --allow-run tools/pytorch_check.ts --python /tmp/tvenv/bin/python
 * ```
 *
 * @module
 */

import { compareFrameworks, type LayerConfig, layerFromConfig, layerKinds } from "../mod.ts";

/** One layer per configuration worth checking, each with its input shape. */
const SAMPLES: readonly LayerConfig[] = [
  { className: "LSTM", units: 5, inputShape: [400, 13] },
  { className: "LSTM", units: 5, useBias: false, inputShape: [400, 13] },
  { className: "GRU", units: 5, inputShape: [400, 13] },
  { className: "GRU", units: 5, resetAfter: false, inputShape: [400, 13] },
  { className: "SimpleRNN", units: 7, inputShape: [4, 3] },
  { className: "Bidirectional", layer: { className: "LSTM", units: 5 }, inputShape: [4, 13] },
  {
    className: "Bidirectional",
    layer: { className: "GRU", units: 4, resetAfter: false },
    inputShape: [4, 650],
  },
  { className: "Dense", units: 5, inputShape: [13] },
  { className: "Dense", units: 5, useBias: false, inputShape: [13] },
  {
    className: "TimeDistributed",
    layer: { className: "Dense", units: 650 },
    inputShape: [400, 5],
  },
  {
    className: "TimeDistributed",
    layer: { className: "Conv2D", filters: 4, kernelSize: 3 },
    inputShape: [5, 8, 8, 3],
  },
  { className: "Conv1D", filters: 8, kernelSize: 3, inputShape: [10, 4] },
  { className: "Conv1D", filters: 8, kernelSize: 3, groups: 2, inputShape: [10, 4] },
  { className: "Conv2D", filters: 32, kernelSize: 3, inputShape: [28, 28, 1] },
  { className: "Conv2D", filters: 32, kernelSize: [3, 5], useBias: false, inputShape: [28, 28, 3] },
  { className: "Conv3D", filters: 8, kernelSize: 3, inputShape: [10, 10, 10, 2] },
  { className: "Embedding", inputDim: 100, outputDim: 8 },
  { className: "BatchNormalization", inputShape: [64] },
  { className: "BatchNormalization", center: false, inputShape: [64] },
  { className: "BatchNormalization", center: false, scale: false, inputShape: [64] },
  { className: "BatchNormalization", axis: 1, inputShape: [3, 8, 8] },
  { className: "BatchNormalization", inputShape: [4, 4, 4, 3] },
  { className: "LayerNormalization", inputShape: [64] },
  { className: "LayerNormalization", center: false, inputShape: [64] },
  { className: "LayerNormalization", center: false, scale: false, inputShape: [64] },
  { className: "LayerNormalization", axis: [1, 2], inputShape: [8, 64] },
  { className: "LayerNormalization", axis: [-2, -1], center: false, inputShape: [8, 64] },
  { className: "Dropout", rate: 0.5, inputShape: [4] },
  { className: "Flatten", inputShape: [4, 5] },
  { className: "Activation", activation: "relu", inputShape: [5] },
  { className: "Activation", activation: "softmax", inputShape: [5] },
  { className: "Activation", activation: "leaky_relu", inputShape: [5] },
  { className: "Activation", activation: "gelu", inputShape: [5] },
  { className: "MaxPooling1D", inputShape: [8, 3] },
  { className: "MaxPooling2D", inputShape: [8, 8, 3] },
  { className: "MaxPooling3D", inputShape: [8, 8, 8, 3] },
  { className: "AveragePooling1D", poolSize: 3, strides: 1, inputShape: [8, 3] },
  { className: "AveragePooling2D", inputShape: [8, 8, 3] },
  { className: "AveragePooling3D", inputShape: [8, 8, 8, 3] },
  { className: "GlobalAveragePooling1D", inputShape: [8, 3] },
  { className: "GlobalAveragePooling2D", inputShape: [8, 8, 3] },
  { className: "GlobalAveragePooling3D", inputShape: [8, 8, 8, 3] },
  { className: "GlobalMaxPooling1D", inputShape: [8, 3] },
  { className: "GlobalMaxPooling2D", inputShape: [8, 8, 3] },
  { className: "GlobalMaxPooling3D", inputShape: [8, 8, 8, 3] },
  { className: "TransformerEncoder", intermediateDim: 128, numHeads: 4, inputShape: [10, 64] },
  {
    className: "TransformerEncoder",
    intermediateDim: 96,
    numHeads: 8,
    normalizeFirst: true,
    inputShape: [7, 32],
  },
  { className: "TransformerDecoder", intermediateDim: 256, numHeads: 4, inputShape: [12, 256] },
  {
    className: "TransformerDecoder",
    intermediateDim: 128,
    numHeads: 4,
    encoderSequenceShape: [null, 9, 64],
    inputShape: [10, 64],
  },
  // No PyTorch module corresponds: each says why.
  { className: "TransformerDecoder", intermediateDim: 256, numHeads: 3, inputShape: [12, 256] },
  {
    className: "TransformerDecoder",
    intermediateDim: 64,
    numHeads: 4,
    encoderSequenceShape: [null, 9, 48],
    inputShape: [10, 32],
  },
  { className: "LayerNormalization", scale: false, inputShape: [64] },
  { className: "LayerNormalization", axis: 1, inputShape: [8, 64] },
  { className: "BatchNormalization", scale: false, inputShape: [64] },
  { className: "RepeatVector", n: 3, inputShape: [5] },
  { className: "InputLayer", shape: [4] },
];

// Builds each module in torch and reports what it registers.
const PYTHON = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import torch
out = {"torch": torch.__version__, "modules": []}
for module in json.load(sys.stdin):
    m = eval(module, {"torch": torch})
    out["modules"].append({
        "weights": [[k, list(v.shape)] for k, v in m.named_parameters()],
        "buffers": [[k, list(v.shape)] for k, v in m.named_buffers()],
        "count": sum(p.numel() for p in m.parameters()),
    })
print(json.dumps(out))
`;

interface Expected {
  readonly label: string;
  readonly module: string;
  readonly weights: [string, readonly number[]][];
  readonly buffers: [string, readonly number[]][];
  readonly count: number;
}

function label(config: LayerConfig): string {
  const { className, inputShape: _, ...options } = config;
  return `${className}(${JSON.stringify(options).slice(1, -1)})`;
}

const argIndex = Deno.args.indexOf("--python");
const python = argIndex >= 0 ? Deno.args[argIndex + 1] : "python3";

const expected: Expected[] = [];
const none: string[] = [];
for (const config of SAMPLES) {
  const c = compareFrameworks(layerFromConfig(config));
  if (!c.pytorch) {
    none.push(`${label(config)}: ${c.why.join(" ")}`);
    continue;
  }
  expected.push({
    label: label(config),
    module: c.pytorch.module,
    weights: c.pytorch.weights.map((w) => [w.name, w.shape]),
    buffers: c.pytorch.buffers.map((b) => [b.name, b.shape]),
    count: c.pytorch.paramCount,
  });
}

const child = new Deno.Command(python, {
  args: ["-c", PYTHON],
  stdin: "piped",
  stdout: "piped",
  stderr: "piped",
}).spawn();
const writer = child.stdin.getWriter();
await writer.write(new TextEncoder().encode(JSON.stringify(expected.map((e) => e.module))));
await writer.close();
const result = await child.output();
if (!result.success) {
  console.error(`${python} could not build the modules in torch:`);
  console.error(new TextDecoder().decode(result.stderr));
  Deno.exit(1);
}
const real = JSON.parse(new TextDecoder().decode(result.stdout)) as {
  torch: string;
  modules: { weights: unknown; buffers: unknown; count: number }[];
};

let failures = 0;
console.log(`torch ${real.torch}`);
expected.forEach((e, i) => {
  const r = real.modules[i];
  const same = JSON.stringify(r.weights) === JSON.stringify(e.weights) &&
    JSON.stringify(r.buffers) === JSON.stringify(e.buffers) && r.count === e.count;
  if (!same) failures++;
  console.log(`${same ? "ok  " : "DIFF"} ${e.label} → ${e.module}: ${r.count} parameters`);
  if (!same) console.log(`     torch: ${JSON.stringify(r)}\n     ours:  ${JSON.stringify(e)}`);
});
for (const line of none) console.log(`none ${line}`);

const sampled = new Set(SAMPLES.map((s) => s.className));
const unchecked = layerKinds().filter((kind) => kind.pytorch && !sampled.has(kind.className));
for (const kind of unchecked) {
  console.log(`not checked: ${kind.className} declares a PyTorch counterpart but has no sample`);
}
if (failures > 0 || unchecked.length > 0) Deno.exit(1);
