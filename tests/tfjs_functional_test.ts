// The TF.js bridge for functional models: tf.model built from our graphs counts what Keras 3
// counted for the same graphs (tests/fixtures/keras3_functional).

import assert from "assert";
import { fromKerasJson, Model } from "../mod.ts";
import { toTfjsModel } from "../lib/tfjs.ts";
import { tfjsForTests } from "./_support.ts";

const FOLDER = new URL("./fixtures/keras3_functional/", import.meta.url);

/** The fixture's functional models (not its Sequential ones), by file name, with Keras's total. */
function* functionalModels(): Generator<{ name: string; total: number; model: Model }> {
  for (const entry of [...Deno.readDirSync(FOLDER)].sort((a, b) => a.name < b.name ? -1 : 1)) {
    const fixture = JSON.parse(Deno.readTextFileSync(new URL(entry.name, FOLDER)));
    const model = fromKerasJson(fixture.json);
    if (model instanceof Model) yield { name: entry.name, total: fixture.total, model };
  }
}

/**
 * The fixture's functional models that TF.js builds, each disposed once the loop moves on; a
 * model TF.js refuses is skipped only when the refusal names the layer and what TF.js lacks.
 */
function* builtInTfjs(): Generator<
  { name: string; total: number; tfModel: ReturnType<typeof toTfjsModel> }
> {
  for (const { name, total, model } of functionalModels()) {
    let tfModel;
    try {
      tfModel = toTfjsModel(model);
    } catch (error) {
      assert.match(
        String(error),
        /Layer "[^"]+" \(\w+\) has no TensorFlow\.js equivalent|resetAfter/,
      );
      continue;
    }
    try {
      yield { name, total, tfModel };
    } finally {
      tfModel.dispose();
    }
  }
}

Deno.test("toTfjsModel builds Keras's graphs in TF.js with Keras's total, or refuses by name", async () => {
  await tfjsForTests();
  let built = 0;
  for (const { name, total, tfModel } of builtInTfjs()) {
    assert.equal(tfModel.countParams(), total, name);
    built++;
  }
  assert.ok(built >= 3, `built ${built} graphs in TF.js`);
});

Deno.test("fromKerasJson reads TF.js's JSON of a functional model (Keras 2's inbound-node lists)", async () => {
  await tfjsForTests();
  let read = 0;
  for (const { name, total, tfModel } of builtInTfjs()) {
    read++;
    // TF.js writes `inbound_nodes` as Keras 2 did: [[["name", node, tensor, {}], …]].
    const back = fromKerasJson(tfModel.toJSON(undefined, false) as object);
    assert.ok(back instanceof Model, name);
    assert.equal(back.paramCount(), total, name);
    assert.deepEqual(
      back.layers.map((l) => l.paramCount()),
      tfModel.layers.map((l) => l.countParams()),
      name,
    );
  }
  assert.ok(read >= 3, `read back ${read} graphs from TF.js's JSON`);
});
