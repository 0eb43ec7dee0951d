/**
 * Checks every PyTorch counterpart the layer kinds declare against real PyTorch: each sample
 * layer's declared module is built in torch, and its parameters (names and shapes), buffers and
 * count must be the ones `compareFrameworks` prints. Each module whose input the check knows how
 * to lay out (recurrent, convolutional, linear and transformer modules) is also run once, for one
 * example, under `torch.utils.flop_counter.FlopCounterMode`: its FLOPs / 2 must equal the MACs
 * `compareFrameworks` states (Keras's, by paramlab's convention). The samples are the kinds' own
 * (`LayerKind.samples`); a kind that declares a counterpart but no sample is reported as not
 * checked, and fails the run.
 *
 * ```sh
 * python3 -m venv /tmp/tvenv && /tmp/tvenv/bin/pip install torch
 * deno run --allow-read --allow-run tools/pytorch_check.ts --python /tmp/tvenv/bin/python
 * ```
 *
 * @module
 */

import {
  Bidirectional,
  compareFrameworks,
  compareModelFrameworks,
  Dense,
  Dropout,
  type FrameworkComparison,
  GRU,
  Input,
  type Layer,
  type LayerConfig,
  layerFromConfig,
  layerKinds,
  LSTM,
  Model,
  MultiHeadAttention,
  Sequential,
  SimpleRNN,
  type SymbolicTensor,
} from "../mod.ts";

/**
 * Layers a kind's sample cannot describe: cross-attention, whose key and value differ from the
 * query (torch's kdim and vdim).
 */
const BUILT: readonly [string, () => Layer][] = [
  [
    "MultiHeadAttention(4, keyDim 16) on query 64, value 48, key 24",
    () =>
      new MultiHeadAttention(4, { keyDim: 16 }).build([null, 10, 64], [null, 12, 48], [
        null,
        12,
        24,
      ]),
  ],
  [
    "MultiHeadAttention(2, keyDim 8, no bias) on query 16, value and key 40",
    () =>
      new MultiHeadAttention(2, { keyDim: 8, useBias: false }).build([null, 5, 16], [null, 9, 40]),
  ],
];

/**
 * Models whose identical recurrent layers `compareModelFrameworks` folds into one `num_layers`
 * module; each part with a PyTorch side is built in torch.
 */
const MODELS: readonly [string, () => Sequential | Model][] = [
  ["LSTM(64, returnSequences) × 3 on 13 features, Dense(3)", () =>
    new Sequential([
      new Input({ shape: [20, 13] }),
      new LSTM(64, { returnSequences: true }),
      new LSTM(64, { returnSequences: true }),
      new LSTM(64),
      new Dense(3),
    ])],
  ["Bidirectional(GRU(16)) × 2 with Dropout(0.2) between", () =>
    new Sequential([
      new Input({ shape: [30, 8] }),
      new Bidirectional(new GRU(16, { returnSequences: true })),
      new Dropout(0.2),
      new Bidirectional(new GRU(16)),
    ])],
  ["GRU(12, resetAfter false) × 2, no bias LSTM(6) × 2", () =>
    new Sequential([
      new Input({ shape: [9, 5] }),
      new GRU(12, { resetAfter: false, returnSequences: true }),
      new GRU(12, { resetAfter: false, returnSequences: true }),
      new LSTM(6, { useBias: false, returnSequences: true }),
      new LSTM(6, { useBias: false, returnSequences: true }),
    ])],
  ["SimpleRNN(16, relu) × 2, Bidirectional(LSTM(8)) × 3", () =>
    new Sequential([
      new Input({ shape: [11, 4] }),
      new SimpleRNN(16, { activation: "relu", returnSequences: true }),
      new SimpleRNN(16, { activation: "relu", returnSequences: true }),
      new Bidirectional(new LSTM(8, { returnSequences: true })),
      new Bidirectional(new LSTM(8, { returnSequences: true })),
      new Bidirectional(new LSTM(8, { returnSequences: true })),
    ])],
  ["functional GRU(10) × 2 with Dropout(0.3) between, Dense(1)", functionalChain],
];

// A functional chain: Input → GRU(10) → Dropout(0.3) → GRU(10) → Dense(1).
function functionalChain(): Model {
  const x = new Input({ shape: [15, 6] });
  const call = (layer: Layer, input: Parameters<Layer["apply"]>[0]) =>
    layer.apply(input) as SymbolicTensor;
  const a = call(new GRU(10, { returnSequences: true }), x);
  const b = call(new GRU(10), call(new Dropout(0.3), a));
  return new Model({ inputs: x, outputs: call(new Dense(1), b) });
}

/** Every sample the kinds declare (`LayerKind.samples`), each with its input shape. */
const SAMPLES: readonly LayerConfig[] = layerKinds().flatMap((kind) =>
  (kind.samples ?? []).map((sample) => ({ className: kind.className, ...sample }))
);

// Builds each module in torch and reports what it registers.
const PYTHON = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import torch
from torch import nn
from torch.utils.flop_counter import FlopCounterMode

def inputs_for(m, shapes):
    # One example laid out as the module reads it, from Keras's input shapes (batch left out);
    # None when this check does not know the layout.
    shape = shapes[0]
    zeros = lambda *s: torch.zeros(*s)
    if isinstance(m, nn.RNNBase):
        steps, features = shape
        return (zeros(1, steps, features) if m.batch_first else zeros(steps, 1, features),)
    if isinstance(m, nn.modules.conv._ConvNd):
        n = len(m.kernel_size)
        spatial, channels = shape[-1 - n:-1], shape[-1]
        lead = shape[0] if len(shape) == n + 2 else 1  # TimeDistributed: the steps as the batch
        return (zeros(lead, channels, *spatial),)
    if isinstance(m, nn.Linear):
        return (zeros(1, *shape),)
    if isinstance(m, nn.MultiheadAttention):
        # Keras's call order is query, value, key; torch's forward takes query, key, value.
        query, value, key = shapes
        return (zeros(1, *query), zeros(1, *key), zeros(1, *value))
    if isinstance(m, nn.TransformerEncoderLayer):
        return (zeros(1, *shape),)
    if isinstance(m, nn.TransformerDecoderLayer):
        return (zeros(1, *shape), zeros(1, *shapes[1]))
    return None

out = {"torch": torch.__version__, "modules": []}
for item in json.load(sys.stdin):
    m = eval(item["module"], {"torch": torch})
    record = {
        "weights": [[k, list(v.shape)] for k, v in m.named_parameters()],
        "buffers": [[k, list(v.shape)] for k, v in m.named_buffers()],
        "count": sum(p.numel() for p in m.parameters()),
        "macs": None,
    }
    inputs = inputs_for(m, item["inputs"]) if item["macs"] is not None else None
    if inputs is not None:
        if isinstance(m, nn.LSTM):
            # On the CPU aten::lstm is one fused kernel FlopCounterMode has no formula for (it
            # counts 0); on the meta device it decomposes into the matrix products it does.
            m = m.to("meta")
            inputs = tuple(x.to("meta") for x in inputs)
        counter = FlopCounterMode(display=False)
        with counter:
            m(*inputs)
        record["macs"] = counter.get_total_flops() / 2
    out["modules"].append(record)
print(json.dumps(out))
`;

interface Expected {
  readonly label: string;
  readonly module: string;
  readonly weights: [string, readonly number[]][];
  readonly buffers: [string, readonly number[]][];
  readonly count: number;
  /** The MACs compareFrameworks states; null when a size is unknown. */
  readonly macs: number | null;
  /** Keras's input shapes, without the batch. */
  readonly inputs: readonly (readonly (number | null)[])[];
}

function label(config: LayerConfig): string {
  const { className, inputShape: _, ...options } = config;
  return `${className}(${JSON.stringify(options).slice(1, -1)})`;
}

const argIndex = Deno.args.indexOf("--python");
const python = argIndex >= 0 ? Deno.args[argIndex + 1] : "python3";

const expected: Expected[] = [];
const none: string[] = [];
function expect(name: string, c: FrameworkComparison, inputs: readonly Layer[]): void {
  if (!c.pytorch) {
    none.push(`${name}: ${c.why.join(" ")}`);
    return;
  }
  expected.push({
    label: name,
    module: c.pytorch.module,
    weights: c.pytorch.weights.map((w) => [w.name, w.shape]),
    buffers: c.pytorch.buffers.map((b) => [b.name, b.shape]),
    count: c.pytorch.paramCount,
    macs: c.pytorch.macs ?? null,
    inputs: inputs[0].inputShapes().map((s) => s.slice(1)),
  });
}
for (const config of SAMPLES) {
  const layer = layerFromConfig(config);
  expect(label(config), compareFrameworks(layer), [layer]);
}
for (const [name, make] of BUILT) {
  const layer = make();
  expect(name, compareFrameworks(layer), [layer]);
}
let stacks = 0;
for (const [name, make] of MODELS) {
  for (const part of compareModelFrameworks(make()).parts) {
    if (part.layers.length > 1) stacks++;
    expect(`${name}: ${part.comparison.keras.module}`, part.comparison, part.layers);
  }
}

const child = new Deno.Command(python, {
  args: ["-c", PYTHON],
  stdin: "piped",
  stdout: "piped",
  stderr: "piped",
}).spawn();
const writer = child.stdin.getWriter();
await writer.write(
  new TextEncoder().encode(
    JSON.stringify(expected.map((e) => ({ module: e.module, macs: e.macs, inputs: e.inputs }))),
  ),
);
await writer.close();
const result = await child.output();
if (!result.success) {
  console.error(`${python} could not build the modules in torch:`);
  console.error(new TextDecoder().decode(result.stderr));
  Deno.exit(1);
}
const real = JSON.parse(new TextDecoder().decode(result.stdout)) as {
  torch: string;
  modules: { weights: unknown; buffers: unknown; count: number; macs: number | null }[];
};

let failures = 0;
let measured = 0;
console.log(`torch ${real.torch}`);
expected.forEach((e, i) => {
  const r = real.modules[i];
  const sameMacs = r.macs === null || r.macs === e.macs;
  if (r.macs !== null) measured++;
  const same = JSON.stringify(r.weights) === JSON.stringify(e.weights) &&
    JSON.stringify(r.buffers) === JSON.stringify(e.buffers) && r.count === e.count && sameMacs;
  if (!same) failures++;
  const compute = r.macs === null
    ? "MACs not measured"
    : `${r.macs} MACs (FlopCounterMode FLOPs / 2; ours ${e.macs})`;
  console.log(
    `${same ? "ok  " : "DIFF"} ${e.label} → ${e.module}: ${r.count} parameters, ${compute}`,
  );
  if (!same) console.log(`     torch: ${JSON.stringify(r)}\n     ours:  ${JSON.stringify(e)}`);
});
console.log(`${measured} modules' MACs measured with FlopCounterMode`);
console.log(`${stacks} stacks of recurrent layers built as one num_layers module`);
if (stacks < 7) {
  console.log(`expected at least 7 stacks from the sample models, found ${stacks}`);
  failures++;
}
for (const line of none) console.log(`none ${line}`);

const sampled = new Set(SAMPLES.map((s) => s.className));
const unchecked = layerKinds().filter((kind) => kind.pytorch && !sampled.has(kind.className));
for (const kind of unchecked) {
  console.log(`not checked: ${kind.className} declares a PyTorch counterpart but has no sample`);
}
if (failures > 0 || unchecked.length > 0) Deno.exit(1);
