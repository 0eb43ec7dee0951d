/**
 * Checks every PyTorch counterpart the layer kinds declare against real PyTorch: each sample
 * layer's declared module is built in torch, and its parameters (names and shapes), buffers and
 * count must be the ones `compareFrameworks` prints. The samples are the kinds' own
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

import { compareFrameworks, type LayerConfig, layerFromConfig, layerKinds } from "../mod.ts";

/** Every sample the kinds declare (`LayerKind.samples`), each with its input shape. */
const SAMPLES: readonly LayerConfig[] = layerKinds().flatMap((kind) =>
  (kind.samples ?? []).map((sample) => ({ className: kind.className, ...sample }))
);

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
