/**
 * Checks `huggingFaceCounterpart` against real Hugging Face transformers: every modelled keras-hub
 * preset of a decoder family, and fresh random small configurations of every such family, are
 * built in transformers from the config paramlab states, tied and untied, on the meta device
 * (`with torch.device("meta")`: shapes only, nothing allocated, so Llama 3 8B takes a second).
 * Each model's `named_parameters()` (names and shapes, in order) and
 * `sum(p.numel() for p in model.parameters())` must be the ones paramlab states. The random
 * configurations' seed is printed; `--seed N` replays it. The random configurations' causal LMs
 * are also built in real keras-hub (`preprocessor=None`): each must count exactly its backbone,
 * which is what the comparison with `…ForCausalLM` relies on.
 *
 * ```sh
 * .venv/bin/pip install torch transformers
 * deno run --allow-read --allow-run tools/huggingface_check.ts --python .venv/bin/python
 * ```
 *
 * @module
 */

import {
  type HubBackbone,
  huggingFaceBackbones,
  huggingFaceCounterpart,
  type HuggingFaceModel,
  kerasHubBackbone,
  kerasHubPresetNames,
} from "../mod.ts";
import { fromKerasHubPreset } from "../mod.ts";

const PYTHON = `
import json, sys, warnings
warnings.filterwarnings("ignore")
import torch
try:
    import transformers
except ImportError:
    sys.exit("transformers is not installed: pip install transformers")
transformers.logging.set_verbosity_error()

out = {"torch": torch.__version__, "transformers": transformers.__version__, "models": []}
for item in json.load(sys.stdin):
    config = getattr(transformers, item["configClass"])(**item["config"])
    with torch.device("meta"):
        model = getattr(transformers, item["className"])(config)
    out["models"].append({
        "weights": [[k, list(v.shape)] for k, v in model.named_parameters()],
        "count": sum(p.numel() for p in model.parameters()),
    })
print(json.dumps(out))
`;

const argAt = (flag: string) => {
  const i = Deno.args.indexOf(flag);
  return i >= 0 ? Deno.args[i + 1] : undefined;
};
const python = argAt("--python") ?? "python3";
const seed = Number(argAt("--seed") ?? Math.floor(Math.random() * 2 ** 31));

// mulberry32: a small seeded generator, so a failing configuration can be replayed.
let state = seed >>> 0;
function random(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let x = state;
  x = Math.imul(x ^ (x >>> 15), x | 1);
  x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
  return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
}
const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)];

/** A random small configuration of a keras-hub decoder family (keras-hub's arguments). */
function randomArgs(className: string): Record<string, unknown> {
  const kv = int(1, 2), heads = kv * int(1, 3), headDim = pick([2, 4, 8]);
  const common = { vocabularySize: int(40, 120), numLayers: int(1, 3) };
  const gated = {
    ...common,
    numQueryHeads: heads,
    numKeyValueHeads: kv,
    hiddenDim: heads * headDim,
    intermediateDim: int(3, 40),
  };
  const tie = { tieWordEmbeddings: random() < 0.5 };
  // Gemma 2 and 3's configs refuse a hidden size the heads do not divide (said as "none"):
  // mostly a divisible one, so most configurations are built.
  const gemmaHidden = () => random() < 0.75 ? heads * int(1, 8) : int(4, 40);
  const classic = () => {
    const h = int(1, 4);
    return {
      ...common,
      numHeads: h,
      hiddenDim: h * pick([2, 4, 8]),
      intermediateDim: int(3, 40),
      maxSequenceLength: int(4, 40),
    };
  };
  switch (className) {
    case "LlamaBackbone":
    case "Llama3Backbone":
    case "QwenBackbone":
      return { ...gated, ...tie };
    case "MistralBackbone":
    case "Phi3Backbone":
      return gated;
    case "Qwen3Backbone":
      return { ...gated, hiddenDim: int(4, 40), headDim, ...tie };
    case "GemmaBackbone": {
      const post = random() < 0.5;
      return {
        ...gated,
        hiddenDim: gemmaHidden(),
        headDim,
        intermediateDim: 2 * int(2, 20),
        usePostFfwNorm: post,
        usePostAttentionNorm: post,
      };
    }
    case "Gemma3Backbone":
      return {
        ...gated,
        hiddenDim: gemmaHidden(),
        headDim,
        usePostFfwNorm: true,
        usePostAttentionNorm: true,
      };
    case "GPT2Backbone":
    case "OPTBackbone":
      return classic();
    case "FalconBackbone": {
      const { maxSequenceLength: _, numHeads, ...args } = classic();
      return { ...args, numAttentionHeads: numHeads };
    }
    case "BloomBackbone": {
      const { maxSequenceLength: _, ...args } = classic();
      return { ...args, intermediateDim: 4 * args.hiddenDim };
    }
  }
  throw new TypeError(`no random configuration for ${className}`);
}

// keras-hub's causal LM of each backbone, built in real keras-hub: its count must be the
// backbone's, the head being the token embedding's reverse projection (tied or not).
const KERAS_HUB = `
import json, os, sys, warnings
warnings.filterwarnings("ignore")
os.environ.setdefault("KERAS_BACKEND", "jax")
import keras_hub

out = []
for item in json.load(sys.stdin):
    backbone = getattr(keras_hub.models, item["backbone"])(**item["args"])
    task = getattr(keras_hub.models, item["task"])(backbone=backbone, preprocessor=None)
    out.append([backbone.count_params(), task.count_params()])
print(json.dumps(out))
`;

const snake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface Case {
  readonly label: string;
  readonly model: HuggingFaceModel;
}

const cases: Case[] = [];
const none: string[] = [];
function add(label: string, backbone: HubBackbone): void {
  for (const tie of [true, false]) {
    const model = huggingFaceCounterpart(backbone, { tieWordEmbeddings: tie });
    if ("none" in model) {
      none.push(`${label}: ${model.none}`);
      return;
    }
    cases.push({ label: `${label}, tie_word_embeddings=${tie ? "True" : "False"}`, model });
  }
}

let presets = 0;
for (const name of kerasHubPresetNames()) {
  const { backbone } = fromKerasHubPreset(name);
  if (!huggingFaceBackbones().includes(backbone.className)) continue;
  presets++;
  add(`preset ${name}`, backbone);
}
const RANDOM_PER_FAMILY = 3;
const tasks: { label: string; backbone: string; args: Record<string, unknown>; ours: number }[] =
  [];
for (const className of huggingFaceBackbones()) {
  for (let i = 0; i < RANDOM_PER_FAMILY; i++) {
    const args = randomArgs(className);
    const label = `${className}(${JSON.stringify(args)})`;
    const backbone = kerasHubBackbone(className, args);
    add(label, backbone);
    tasks.push({
      label,
      backbone: className,
      args: {
        ...Object.fromEntries(Object.entries(args).map(([k, v]) => [snake(k), v])),
        // keras-hub's Gemma 3 requires image_size; null is its text-only model.
        ...(className === "Gemma3Backbone" ? { image_size: null } : {}),
      },
      ours: backbone.paramCount(),
    });
  }
}

async function runPython(code: string, input: unknown, env?: Record<string, string>) {
  const child = new Deno.Command(python, {
    args: ["-c", code],
    stdin: "piped",
    stdout: "piped",
    stderr: "piped",
    ...(env ? { env } : {}),
  }).spawn();
  const writer = child.stdin.getWriter();
  await writer.write(new TextEncoder().encode(JSON.stringify(input)));
  await writer.close();
  return await child.output();
}

const result = await runPython(
  PYTHON,
  cases.map((c) => ({
    className: c.model.className,
    configClass: c.model.configClass,
    config: c.model.config,
  })),
);
if (!result.success) {
  console.error(`${python} could not build the models in transformers:`);
  console.error(new TextDecoder().decode(result.stderr));
  Deno.exit(1);
}
const real = JSON.parse(new TextDecoder().decode(result.stdout)) as {
  torch: string;
  transformers: string;
  models: { weights: [string, number[]][]; count: number }[];
};

console.log(`torch ${real.torch}, transformers ${real.transformers}, random seed ${seed}`);
let failures = 0;
cases.forEach((c, i) => {
  const r = real.models[i];
  const ours = c.model.weights.map((w) => [w.name, w.shape]);
  const same = JSON.stringify(r.weights) === JSON.stringify(ours) && r.count === c.model.paramCount;
  if (!same) failures++;
  console.log(
    `${same ? "ok  " : "DIFF"} ${c.label} → ${c.model.className}: ${
      r.count.toLocaleString("en-US")
    } parameters (ours ${c.model.paramCount.toLocaleString("en-US")})`,
  );
  if (!same) {
    const first = r.weights.findIndex((w, j) => JSON.stringify(w) !== JSON.stringify(ours[j]));
    console.log(
      `     first difference at parameter ${first}: transformers ${
        JSON.stringify(r.weights[first])
      }, ours ${JSON.stringify(ours[first])}`,
    );
  }
});
for (const line of none) console.log(`none ${line}`);

const hub = await runPython(
  KERAS_HUB,
  tasks.map((t) => ({
    backbone: t.backbone,
    task: t.backbone.replace(/Backbone$/, "CausalLM"),
    args: t.args,
  })),
  { KERAS_BACKEND: "jax" },
);
if (!hub.success) {
  console.error(`${python} could not build keras-hub's causal LMs:`);
  console.error(new TextDecoder().decode(hub.stderr));
  Deno.exit(1);
}
const counts = JSON.parse(new TextDecoder().decode(hub.stdout)) as [number, number][];
tasks.forEach((t, i) => {
  const [backbone, task] = counts[i];
  const same = backbone === t.ours && task === t.ours;
  if (!same) failures++;
  console.log(
    `${same ? "ok  " : "DIFF"} keras-hub ${
      t.backbone.replace(/Backbone$/, "CausalLM")
    } of ${t.label}: backbone ${backbone}, causal LM ${task} (ours ${t.ours})`,
  );
});
const families = huggingFaceBackbones().length;
console.log(
  `${cases.length} models built in transformers on the meta device: ${presets} presets and ` +
    `${RANDOM_PER_FAMILY} random configurations of each of ${families} keras-hub families, ` +
    `tied and untied; ${tasks.length} keras-hub causal LMs counted as their backbones ` +
    `(seed ${seed})`,
);
if (presets < 20 || cases.length < 2 * (20 + families)) {
  console.log(`too few models checked: expected at least 20 presets`);
  failures++;
}
if (failures > 0) {
  console.log(`${failures} differences (replay with --seed ${seed})`);
  Deno.exit(1);
}
