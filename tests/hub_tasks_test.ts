/**
 * keras-hub task models against real keras-hub (tests/fixtures/keras_hub_tasks.json, recorded by
 * tools/keras_oracle/keras_hub_tasks.py with `preprocessor=None`): every top-level layer's name,
 * class, count and weights (path, shape, trainable), the total and the trainable split, LoRA on
 * the backbone included, and the task read back from the Keras JSON keras-hub writes.
 */

import assert from "assert";
import { kerasHubBackbone } from "../lib/hub/families.ts";
import { KERAS_HUB_TASKS, kerasHubTask } from "../lib/hub/tasks.ts";
import { kerasHubTaskFromJson } from "../lib/hub/task_json.ts";

interface OracleWeight {
  path: string;
  shape: readonly number[];
  trainable: boolean;
}
interface OracleTask {
  class: string;
  backbone_class: string;
  backbone_config: Record<string, unknown>;
  args: Record<string, unknown>;
  lora_rank: number | null;
  name: string;
  params: number;
  trainable: number;
  /** What keras-hub builds again from the task's JSON (recorded by fresh oracle runs). */
  json_params?: number;
  json_trainable?: number;
  layers: { name: string; class: string; params: number; weights: OracleWeight[] }[];
  json: unknown;
}

// CI records a fresh seed with real keras-hub and points PARAMLAB_KERAS_HUB_TASKS_ORACLE at it.
const FRESH = Deno.permissions.querySync({
    name: "env",
    variable: "PARAMLAB_KERAS_HUB_TASKS_ORACLE",
  }).state === "granted"
  ? Deno.env.get("PARAMLAB_KERAS_HUB_TASKS_ORACLE")
  : undefined;
const ORACLE: { tasks: OracleTask[] } = JSON.parse(
  await Deno.readTextFile(FRESH ?? new URL("./fixtures/keras_hub_tasks.json", import.meta.url)),
);

const camel = (snake: string) => snake.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const camelArgs = (args: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [camel(k), v]));

function build(t: OracleTask) {
  const backbone = kerasHubBackbone(t.backbone_class, camelArgs(t.backbone_config));
  if (t.lora_rank) backbone.enableLora(t.lora_rank);
  return kerasHubTask(t.class, { backbone, ...camelArgs(t.args) });
}

const weightRows = (ws: readonly OracleWeight[]) =>
  ws.map((w) => `${w.path} ${w.shape.join("x")} ${w.trainable}`);

Deno.test("keras-hub tasks: every layer, weight and count as real keras-hub builds them", () => {
  const classes = new Set<string>();
  let lora = 0;
  for (const t of ORACLE.tasks) {
    const label = `${t.class} on ${JSON.stringify(t.backbone_config)} ${
      JSON.stringify(t.args)
    } lora=${t.lora_rank ?? "-"}`;
    const task = build(t);
    // Keras numbers a name reused in one session (`bert_backbone_1`); the oracle builds many.
    assert.equal(task.name, t.name.replace(/_\d+$/, ""), label);
    assert.deepEqual(
      task.layers.map((l) => `${l.name} (${l.className})`),
      t.layers.map((l) => `${l.name.replace(/_backbone_\d+$/, "_backbone")} (${l.class})`),
      label,
    );
    task.layers.forEach((layer, i) => {
      const expected = t.layers[i];
      assert.equal(layer.params, expected.params, `${label} ${layer.name}`);
      if (layer.role !== "backbone") {
        assert.deepEqual(
          weightRows(layer.weights),
          weightRows(expected.weights),
          `${label} ${layer.name}`,
        );
      }
    });
    assert.equal(task.paramCount(), t.params, label);
    assert.equal(task.trainableParamCount(), t.trainable, label);
    classes.add(t.class);
    if (t.lora_rank) lora++;
  }
  assert.ok(ORACLE.tasks.length >= 40, `only ${ORACLE.tasks.length} tasks checked`);
  assert.ok(classes.size >= 20, `only ${classes.size} task classes checked`);
  assert.ok(lora >= 8, `only ${lora} tasks with LoRA`);
  for (const kind of ["CausalLM", "TextClassifier", "MaskedLM"]) {
    assert.ok([...classes].some((c) => c.endsWith(kind)), `no ${kind} checked`);
  }
  // Every modelled task class is checked against keras-hub.
  assert.deepEqual([...KERAS_HUB_TASKS.keys()].filter((c) => !classes.has(c)), []);
});

Deno.test("keras-hub tasks: read from the Keras JSON keras-hub writes, nested backbone included", () => {
  let read = 0;
  for (const t of ORACLE.tasks.filter((t) => !t.lora_rank)) {
    const task = kerasHubTaskFromJson(t.json);
    assert.equal(task.className, t.class);
    // What keras-hub itself builds from the JSON, where the oracle recorded it: keras-hub's
    // get_config leaves some arguments out (LlamaBackbone's tie_word_embeddings).
    assert.equal(task.paramCount(), t.json_params ?? t.params, t.class);
    assert.equal(task.trainableParamCount(), t.json_trainable ?? t.trainable, t.class);
    read++;
  }
  assert.ok(read >= 20, `only ${read} tasks read from JSON`);
});

Deno.test("keras-hub tasks: the documents' models, a tied table counted once", async () => {
  const { fromKerasHubPreset } = await import("../lib/hub/presets.ts");
  // GPT-2 small: keras-hub's published 124,439,808; the logits reuse the 50,257 × 768 table.
  const gpt2 = kerasHubTask("GPT2CausalLM", {
    backbone: fromKerasHubPreset("gpt2_base_en").backbone,
  });
  assert.equal(gpt2.paramCount(), 124_439_808);
  assert.equal(gpt2.layers.at(-1)!.params, 50_257 * 768);
  assert.match(gpt2.explain(), /\(tied\): its 38,597,376 are the backbone's, counted once/);
  // Llama 3 8B is untied: its row shows both 128,256 × 4,096 tables, the total has each once.
  const llama = kerasHubTask("Llama3CausalLM", {
    backbone: fromKerasHubPreset("llama3_8b_en").backbone,
  });
  assert.equal(llama.paramCount(), 8_030_261_248);
  assert.equal(llama.layers.at(-1)!.params, 2 * 128_256 * 4_096);
  assert.match(llama.explain(), /untied/);
  // BERT-base: 109,482,240, plus a 768 × 2 Dense, or an MLM head of 768·768 + 768 + 2·768 +
  // 30,522 of its own whose logits reuse the 30,522 × 768 table.
  const bert = fromKerasHubPreset("bert_base_en_uncased").backbone;
  const classifier = kerasHubTask("BertTextClassifier", { backbone: bert, numClasses: 2 });
  assert.equal(classifier.paramCount(), 109_482_240 + 768 * 2 + 2);
  const mlm = kerasHubTask("BertMaskedLM", { backbone: bert });
  const own = 768 * 768 + 768 + 2 * 768 + 30_522;
  assert.equal(mlm.paramCount(), 109_482_240 + own);
  assert.equal(mlm.layers.at(-1)!.params, own + 30_522 * 768);
  const head = mlm.breakdown().find((c) => c.component === "head")!;
  assert.equal(head.params, 768 * 768 + 768 + own);
  assert.equal(mlm.breakdown().reduce((n, c) => n + c.params, 0), mlm.paramCount());
});

Deno.test("keras-hub tasks: LoRA on the backbone leaves the head trainable", async () => {
  const { fromKerasHubPreset } = await import("../lib/hub/presets.ts");
  const backbone = fromKerasHubPreset("bert_base_en_uncased").backbone;
  const classifier = kerasHubTask("BertTextClassifier", { backbone, numClasses: 3 });
  backbone.enableLora(4);
  // Per block, query and value each: lora_kernel_a (768, 12, 4) + lora_kernel_b (4, 64) and their
  // bias (12, 64) trainable; 12 blocks; the logits 768 × 3 + 3 stay trainable.
  const perBlock = 2 * (768 * 12 * 4 + 4 * 64 + 12 * 64);
  assert.equal(classifier.trainableParamCount(), 12 * perBlock + 768 * 3 + 3);
  assert.match(classifier.explain(), /trainable \(0\.\d+%\)/);
});

Deno.test("keras-hub tasks: bad arguments are refused by name", async () => {
  const { fromKerasHubPreset } = await import("../lib/hub/presets.ts");
  const bert = fromKerasHubPreset("bert_tiny_en_uncased").backbone;
  const gpt2 = fromKerasHubPreset("gpt2_base_en").backbone;
  assert.throws(() => kerasHubTask("BertTextClassifier", { backbone: bert }), {
    name: "TypeError",
    message: /requires "numClasses"/,
  });
  assert.throws(() => kerasHubTask("BertTextClassifier", { backbone: bert, numClasses: 0 }), {
    name: "RangeError",
    message: /"numClasses" must be a positive integer, received 0/,
  });
  assert.throws(() => kerasHubTask("BertTextClassifier", { backbone: bert, num_classes: 2 }), {
    name: "TypeError",
    message: /did you mean "numClasses"/,
  });
  assert.throws(() => kerasHubTask("GPT2CausalLM", { backbone: bert }), {
    name: "TypeError",
    message: /GPT2CausalLM takes a GPT2Backbone, received a BertBackbone/,
  });
  assert.throws(() => kerasHubTask("GPT2CausalLM", { backbone: "gpt2" }), /needs a backbone/);
  assert.throws(() => kerasHubTask("GPT2Classifier", { backbone: gpt2 }), /is not modelled/);
  assert.throws(
    () =>
      kerasHubTaskFromJson({
        registered_name: "keras_hub>GPT2CausalLM",
        config: { backbone: null, trainable: false },
      }),
    TypeError,
  );
});
