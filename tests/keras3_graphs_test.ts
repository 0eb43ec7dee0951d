// Random functional graphs built by real Keras 3 (tools/keras_oracle/graphs.py): branches,
// merges, shared layers called twice, Sequential blocks used as layers, one to three inputs, one
// or two outputs. Each is read from the JSON Keras wrote and compared with what Keras counted and
// printed: layer by layer, totals, and the summary at 76 and 88 columns.
//
// The committed set is tests/fixtures/keras3_graphs.json.gz; `deno task oracle:graphs` writes a
// fresh random set with real Keras and runs this test on it (PARAMLAB_GRAPHS names the file).

import assert from "assert";
import { fromKerasJson } from "../mod.ts";
import { type KerasRecord, readGzipJson } from "./_support.ts";

interface GraphRecord extends KerasRecord {
  readonly seed: number;
  readonly json: object;
  readonly summary_88: string;
}

async function readGraphs(): Promise<{ seed: number; graphs: GraphRecord[] }> {
  const path = Deno.env.get("PARAMLAB_GRAPHS");
  if (path) return JSON.parse(await Deno.readTextFile(path));
  return readGzipJson(new URL("./fixtures/keras3_graphs.json.gz", import.meta.url));
}

/** What differs between Keras's record of a graph and ours, in words; empty when nothing. */
function differences(record: GraphRecord): string[] {
  const model = fromKerasJson(record.json);
  const found: string[] = [];
  const ours = model.layers.map((l) => `${l.name} (${l.className}) ${l.paramCount()}`);
  const theirs = record.layers.map((l) => `${l.name} (${l.class_name}) ${l.params}`);
  const i = ours.findIndex((row, k) => row !== theirs[k]);
  if (i !== -1 || ours.length !== theirs.length) {
    found.push(`layer ${i}: ours ${ours[i]}, Keras ${theirs[i]}`);
  }
  const totals = [model.paramCount(), model.trainableParamCount(), model.nonTrainableParamCount()];
  const expected = [record.total, record.trainable, record.non_trainable];
  if (totals.join() !== expected.join()) found.push(`totals: ours ${totals}, Keras ${expected}`);
  for (
    const [text, keras, label] of [
      [String(model.summary()) + "\n", record.summary, "summary"],
      [String(model.summary({ lineLength: 88 })) + "\n", record.summary_88, "summary at 88"],
    ]
  ) {
    if (text === keras) continue;
    const a = text.split("\n");
    const b = keras.split("\n");
    const line = a.findIndex((l, k) => l !== b[k]);
    found.push(`${label}, line ${line}:\n  ours:  ${a[line]}\n  Keras: ${b[line]}`);
  }
  return found;
}

Deno.test("every random graph real Keras 3 built reads back with Keras's rows, totals and summaries", async () => {
  const { seed, graphs } = await readGraphs();
  assert.ok(graphs.length >= 200, `only ${graphs.length} graphs (seed ${seed})`);
  const failures: string[] = [];
  for (const record of graphs) {
    let found: string[];
    try {
      found = differences(record);
    } catch (error) {
      found = [`error: ${(error as Error).message}`];
    }
    if (found.length > 0) {
      failures.push(
        `graph seed ${record.seed} (replay: KERAS_BACKEND=jax .venv/bin/python ` +
          `tools/keras_oracle/graphs.py OUT --seed ${seed}):\n  ${found.join("\n  ")}`,
      );
    }
  }
  assert.deepEqual(failures.slice(0, 3), [], `${failures.length} of ${graphs.length} differ`);
});

Deno.test("the random graphs hold branches, merges, shared layers and nested models", async () => {
  const { graphs } = await readGraphs();
  const classes = new Set(graphs.flatMap((g) => g.layers.map((l) => l.class_name)));
  for (const needed of ["Add", "Concatenate", "Sequential", "InputLayer", "Dense", "LSTM"]) {
    assert.ok(classes.has(needed), `no graph has a ${needed}`);
  }
  const connected = graphs.filter((g) => g.summary.includes("Connected to")).length;
  assert.ok(connected > graphs.length / 2, `${connected} graph tables of ${graphs.length}`);
  // A shared layer: one entry of Keras's JSON with two calls (inbound nodes).
  const calls = (g: GraphRecord) =>
    (g.json as { config: { layers: { inbound_nodes?: unknown[] }[] } }).config.layers
      .map((l) => l.inbound_nodes?.length ?? 0);
  const shared = graphs.filter((g) => calls(g).some((n) => n >= 2)).length;
  assert.ok(shared > 0, "no layer is called twice in any graph");
});
