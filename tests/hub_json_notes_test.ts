/**
 * What a keras-hub JSON cannot say: the constructor arguments keras-hub's get_config() leaves out
 * (tests/fixtures/keras_hub_config_omits.json, recorded with real keras-hub by
 * tools/keras_oracle/keras_hub_config_omits.py). The declarations list exactly those; reading
 * the JSON keras-hub wrote builds what keras-hub builds again from it, and says so in words.
 */

import assert from "assert";
import { KERAS_HUB_BACKBONES } from "../lib/hub/families.ts";
import { kerasHubBackboneFromJson } from "../lib/hub/json.ts";
import { kerasHubTaskFromJson } from "../lib/hub/task_json.ts";

interface Case {
  class: string;
  omitted: string;
  args: Record<string, unknown>;
  params: number;
  json_params: number;
  json: unknown;
  task?: { params: number; json_params: number; json: unknown };
}
const FIXTURE: { omits: Record<string, Record<string, unknown>>; cases: Case[] } = JSON.parse(
  await Deno.readTextFile(new URL("./fixtures/keras_hub_config_omits.json", import.meta.url)),
);

const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const fmt = (n: number) => n.toLocaleString("en-US");

Deno.test("keras-hub JSON: each modelled class declares exactly the arguments its get_config() leaves out", () => {
  const classes = Object.keys(FIXTURE.omits);
  assert.ok(classes.length >= 40, `only ${classes.length} classes recorded`);
  let leaving = 0;
  for (const className of classes) {
    const family = KERAS_HUB_BACKBONES.get(className);
    assert.ok(family, `${className} is not modelled`);
    const declared = (family.notInConfig ?? []).map(snake).sort();
    assert.deepEqual(declared, Object.keys(FIXTURE.omits[className]).sort(), className);
    // The default the reader builds is keras-hub's.
    for (const [arg, value] of Object.entries(FIXTURE.omits[className])) {
      const camelArg = arg.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
      assert.deepEqual(family.defaults[camelArg], value, `${className}.${arg}`);
      leaving++;
    }
  }
  // Llama, Llama 3, Mixtral, Qwen MoE and the vision encoders' data_format at least.
  assert.ok(leaving >= 4, `only ${leaving} arguments left out`);
});

Deno.test("keras-hub JSON: a tied Llama's JSON builds keras-hub's untied model again, and says so", () => {
  const llamas = FIXTURE.cases.filter((c) => c.omitted === "tie_word_embeddings");
  assert.equal(llamas.length, 2, "LlamaBackbone and Llama3Backbone");
  for (const c of llamas) {
    // Real keras-hub: built tied, it counts one table; rebuilt from its JSON, two.
    assert.equal(c.args.tie_word_embeddings, true);
    assert.notEqual(c.json_params, c.params, c.class);
    const backbone = kerasHubBackboneFromJson(c.json);
    assert.equal(backbone.paramCount(), c.json_params, c.class);
    assert.equal(backbone.notes.length, 1, c.class);
    const note = backbone.notes[0];
    assert.match(note, new RegExp(`${c.class}\\.get_config\\(\\) leaves out tie_word_embeddings`));
    assert.match(note, /tie_word_embeddings=False/);
    // The other value's count is the one keras-hub built before writing the JSON.
    assert.ok(note.includes(`tie_word_embeddings=True the model would have ${fmt(c.params)}`));
    assert.ok(backbone.explain().includes(`Note: ${note}`), "explain() says it");
    // The task nests the backbone's JSON: the same, in the task's explain().
    const task = kerasHubTaskFromJson(c.task!.json);
    assert.equal(task.paramCount(), c.task!.json_params, c.class);
    assert.notEqual(c.task!.json_params, c.task!.params);
    assert.ok(task.explain().includes(`Note: ${note}`), "the task's explain() says it");
  }
});

Deno.test("keras-hub JSON: arguments left out that hold no weights are said, with the same count", () => {
  const cases = FIXTURE.cases.filter((c) => c.omitted !== "tie_word_embeddings");
  assert.ok(cases.length >= 2, `only ${cases.length} cases`);
  for (const c of cases) {
    assert.equal(c.json_params, c.params, c.class);
    const backbone = kerasHubBackboneFromJson(c.json);
    assert.equal(backbone.paramCount(), c.json_params, c.class);
    const note = backbone.notes.find((n) => n.includes(`leaves out ${c.omitted}`));
    assert.ok(note, `${c.class}: no note on ${c.omitted}`);
    assert.ok(backbone.explain().includes(note));
  }
});

Deno.test("keras-hub JSON: a JSON that holds the argument gets no note", () => {
  const c = FIXTURE.cases.find((c) => c.class === "LlamaBackbone")!;
  const json = structuredClone(c.json) as { config: Record<string, unknown> };
  json.config.tie_word_embeddings = true;
  const backbone = kerasHubBackboneFromJson(json);
  assert.deepEqual(backbone.notes, []);
  assert.equal(backbone.paramCount(), c.params);
  assert.ok(!backbone.explain().includes("Note:"));
});

Deno.test("keras-hub JSON: the JSON real keras-hub wrote says what it leaves out, a nested encoder's too", async () => {
  const written: { models: { json: unknown; params: number }[] } = JSON.parse(
    await Deno.readTextFile(new URL("./fixtures/keras_hub_json.json", import.meta.url)),
  );
  let noted = 0;
  for (const m of written.models) {
    const json = (typeof m.json === "string" ? JSON.parse(m.json) : m.json) as {
      class_name: string;
      config: Record<string, { class_name?: string }>;
    };
    const backbone = kerasHubBackboneFromJson(json);
    assert.equal(backbone.paramCount(), m.params, json.class_name);
    // What the fixture's get_config() records for the class, and for a nested encoder.
    const expected = [
      ...Object.keys(FIXTURE.omits[json.class_name] ?? {}).map((arg) =>
        `keras-hub's ${json.class_name}.get_config() leaves out ${arg},`
      ),
      ...Object.entries(json.config).flatMap(([key, v]) =>
        typeof v?.class_name === "string"
          ? Object.keys(FIXTURE.omits[v.class_name] ?? {}).map((arg) =>
            `${key}: keras-hub's ${v.class_name}.get_config() leaves out ${arg},`
          )
          : []
      ),
    ];
    assert.equal(backbone.notes.length, expected.length, json.class_name);
    for (const start of expected) {
      assert.ok(backbone.notes.some((n) => n.startsWith(start)), `${json.class_name}: ${start}`);
      noted++;
    }
  }
  // ViT, DINOv2, CLIP's vision encoder, Llama 3, Mixtral and Qwen MoE in that fixture.
  assert.ok(noted >= 6, `only ${noted} notes`);
});
