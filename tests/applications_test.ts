// Every keras.applications model that Keras 3.15.1 builds (weights=None), read from the JSON
// Keras wrote and compared with what Keras counted and printed for it: layer by layer, totals,
// and the summary at 76 and 88 columns. The fixtures are gzipped records written by
// tools/keras_oracle/applications.py; `deno task oracle` writes fresh ones with real Keras.

import assert from "assert";
import { fromKerasJson, parameterBreakdown, stageOf } from "../mod.ts";
import { type KerasRecord, readGzipJson } from "./_support.ts";

interface Record extends KerasRecord {
  readonly application: string;
  readonly include_top: boolean;
  readonly json: object;
  readonly summary_88: string;
}

const FOLDER = new URL("./fixtures/keras3_applications/", import.meta.url);

function readRecord(file: string): Promise<Record> {
  return readGzipJson(new URL(file, FOLDER));
}

function files(): string[] {
  return [...Deno.readDirSync(FOLDER)].map((e) => e.name).filter((n) => n.endsWith(".json.gz"))
    .sort();
}

Deno.test("the committed applications cover the families keras.applications has", () => {
  // Each file is a test below: at least the 67 committed with this test.
  assert.ok(files().length >= 67, `found ${files().length} application records`);
  const names = files().map((f) => f.replace(/(_notop)?\.json\.gz$/, ""));
  for (const family of ["ConvNeXt", "DenseNet", "EfficientNet", "ResNet", "MobileNet", "VGG"]) {
    assert.ok(names.some((n) => n.startsWith(family)), `${family} is missing`);
  }
});

for (const file of files()) {
  Deno.test(`${file.replace(".json.gz", "")} reads as Keras 3 built it, row for row and byte for byte`, async () => {
    const record = await readRecord(file);
    const model = fromKerasJson(record.json);
    assert.deepEqual(
      model.layers.map((l) => [l.name, l.className, l.paramCount()]),
      record.layers.map((l) => [l.name, l.class_name, l.params]),
    );
    assert.equal(model.paramCount(), record.total);
    assert.equal(model.trainableParamCount(), record.trainable);
    assert.equal(model.nonTrainableParamCount(), record.non_trainable);
    assert.equal(String(model.summary()) + "\n", record.summary);
    assert.equal(String(model.summary({ lineLength: 88 })) + "\n", record.summary_88);
  });
}

const HAS_RESNET50 = files().includes("ResNet50.json.gz");

Deno.test({
  name: "ResNet50's 25,636,712 parameters add up stage by stage as Keras counted them" +
    (HAS_RESNET50 ? "" : " (ignored: the fixture ResNet50.json.gz is absent)"),
  ignore: !HAS_RESNET50,
}, async () => {
  const record = await readRecord("ResNet50.json.gz");
  assert.equal(record.total, 25_636_712);
  // Keras's own per-layer counts, grouped by the stage the layer's name gives.
  const expected = new Map<string, number>();
  for (const l of record.layers) {
    expected.set(stageOf(l.name), (expected.get(stageOf(l.name)) ?? 0) + l.params);
  }
  const groups = parameterBreakdown(fromKerasJson(record.json), (l) => stageOf(l.name));
  assert.deepEqual(groups.map((g) => [g.key, g.params]), [...expected]);
  assert.deepEqual(
    groups.filter((g) => /^conv\d$/.test(g.key)).map((g) => g.key),
    ["conv1", "conv2", "conv3", "conv4", "conv5"],
  );
});
