// The keras.applications builders (lib/applications/) against what real Keras 3.15.1 built with
// the same arguments: every layer's name, class, count and output shape, the totals, the model's
// name and the summary at 76 and 88 columns. The records are the gzipped fixtures
// tools/keras_oracle/applications.py wrote: one per application with weights=None, and the
// `NAME__variant` ones with the keyword arguments they were built with ("args").

import assert from "assert";
import {
  type AnyApplicationArgs,
  applicationByModelName,
  APPLICATIONS,
  Dense,
  GlobalAveragePooling2D,
  Input,
  MobileNet,
  MobileNetV2,
  Model,
  rebuildApplication,
  Rescaling,
  ResNet50,
  type Shape,
  Xception,
} from "../mod.ts";
import { type KerasRecord, type KerasRow, readGzipJson } from "./_support.ts";

interface Record extends KerasRecord {
  readonly application: string;
  readonly include_top: boolean;
  readonly args?: { readonly [key: string]: unknown };
  readonly json: { readonly config: { readonly name: string } };
  readonly layers: readonly (KerasRow & { readonly output_shape: Shape })[];
  readonly summary_88: string;
}

const FOLDER = new URL("./fixtures/keras3_applications/", import.meta.url);

function readRecord(file: string): Promise<Record> {
  return readGzipJson(new URL(file, FOLDER));
}

const FILES = [...Deno.readDirSync(FOLDER)].map((e) => e.name)
  .filter((n) => n.endsWith(".json.gz")).sort();

function application(name: string) {
  return APPLICATIONS.find((a) => a.name === name);
}

/** The keyword arguments Keras was called with, as our builders take them. */
function builderArgs(record: Record): AnyApplicationArgs {
  const keras = record.args ?? { include_top: record.include_top, weights: null };
  return Object.fromEntries(
    Object.entries(keras).map(([k, v]) => [k.replace(/_(\w)/g, (_, c) => c.toUpperCase()), v]),
  );
}

const BUILT = FILES.filter((f) => application(f.replace(/(__\w+|_notop)?\.json\.gz$/, "")));

for (const file of BUILT) {
  const label = file.replace(".json.gz", "");
  Deno.test(`${label} builds as Keras 3 built it, row for row and byte for byte`, async () => {
    const record = await readRecord(file);
    const model = application(record.application)!.build(builderArgs(record));
    assert.equal(model.name, record.json.config.name);
    assert.deepEqual(
      model.layers.map((
        l,
      ) => [l.name, l.className, l.paramCount(), l.inboundNodes.at(-1)!.outputShapes[0]]),
      record.layers.map((l) => [l.name, l.class_name, l.params, l.output_shape]),
    );
    assert.equal(model.paramCount(), record.total);
    assert.equal(model.trainableParamCount(), record.trainable);
    assert.equal(model.nonTrainableParamCount(), record.non_trainable);
    assert.equal(String(model.summary()) + "\n", record.summary);
    assert.equal(String(model.summary({ lineLength: 88 })) + "\n", record.summary_88);
  });
}

Deno.test("every application the library builds has a Keras fixture with its top", () => {
  for (const app of APPLICATIONS) {
    assert.ok(BUILT.includes(`${app.name}.json.gz`), `${app.name} has no fixture`);
  }
  assert.equal(APPLICATIONS.length, 23);
});

for (const file of BUILT) {
  const label = file.replace(".json.gz", "");
  Deno.test(`${label}'s model name leads back to its application and arguments`, async () => {
    const record = await readRecord(file);
    const match = applicationByModelName(record.json.config.name);
    assert.ok(match, `no application for ${record.json.config.name}`);
    assert.equal(match.application.name, record.application);
    if (record.application.startsWith("MobileNet")) {
      assert.equal(match.args.alpha, record.args?.alpha ?? 1.0);
    }
  });
}

for (const file of BUILT) {
  const label = file.replace(".json.gz", "");
  Deno.test(`${label} is rebuilt from its nested row: name, output shape and count`, async () => {
    const record = await readRecord(file);
    const last = record.layers.at(-1)!;
    const row = { outputShape: last.output_shape, params: record.total };
    const rebuilt = rebuildApplication(record.json.config.name, row);
    assert.ok(rebuilt, `${label} was not rebuilt`);
    assert.equal(rebuilt.application, record.application);
    assert.equal(rebuilt.model.name, record.json.config.name);
    assert.deepEqual(rebuilt.model.outputShape(), last.output_shape);
    assert.equal(rebuilt.model.paramCount(), record.total);
    // Given the input the summary shows, the input is read, not guessed.
    const input = record.layers[0].output_shape;
    const read = rebuildApplication(record.json.config.name, { ...row, inputShape: input })!;
    assert.deepEqual(read.model.inputShape(), input);
    assert.equal(read.inputShapeGuessed, false);
  });
}

Deno.test("a name no application has is not rebuilt", () => {
  assert.equal(applicationByModelName("functional"), undefined);
  assert.equal(applicationByModelName("mobilenetv3_1.00_224"), undefined);
  assert.equal(rebuildApplication("resnet50", { outputShape: [null, 7, 7, 1280] }), undefined);
});

// Keras 3.15.1's messages for the same arguments (keras.applications.X(**kwargs)).
const KERAS_REFUSES: [string, () => unknown, string][] = [
  [
    "classes other than 1000 with ImageNet weights",
    () => ResNet50({ classes: 10 }),
    "If using `weights='imagenet'` with `include_top=True`, `classes` should be 1000.  " +
    "Received classes=10",
  ],
  [
    "an input under 32×32",
    () => ResNet50({ weights: null, inputShape: [16, 16, 3], includeTop: false }),
    "Input size must be at least 32x32; Received: input_shape=(16, 16, 3)",
  ],
  [
    "an open input with the top",
    () => ResNet50({ weights: null, inputShape: [null, null, 3] }),
    "If `include_top` is True, you should specify a static `input_shape`. " +
    "Received: input_shape=(None, None, 3)",
  ],
  [
    "another input size with ImageNet weights and the top",
    () => ResNet50({ inputShape: [160, 160, 3] }),
    "When setting `include_top=True` and loading `imagenet` weights, `input_shape` should be " +
    "(224, 224, 3).  Received: input_shape=(160, 160, 3)",
  ],
  [
    "one channel with ImageNet weights",
    () => ResNet50({ inputShape: [160, 160, 1], includeTop: false }),
    "The input must have 3 channels; Received `input_shape=(160, 160, 1)`",
  ],
  [
    "an input of rank 2",
    () => ResNet50({ weights: null, inputShape: [160, 160], includeTop: false }),
    "`input_shape` must be a tuple of three integers.",
  ],
  [
    "a ReLU classifier with ImageNet weights",
    () => ResNet50({ classifierActivation: "relu" }),
    "Only `None` and `softmax` activations are allowed for the `classifier_activation` " +
    "argument when using pretrained weights, with `include_top=True`; Received: " +
    "classifier_activation=",
  ],
  [
    "MobileNetV2 with an alpha ImageNet has no weights for",
    () => MobileNetV2({ alpha: 0.6 }),
    "If imagenet weights are being loaded, alpha must be one of `0.35`, `0.50`, `0.75`, " +
    "`1.0`, `1.3` or `1.4` only; Received `alpha=0.6`",
  ],
  [
    "MobileNet with an alpha ImageNet has no weights for",
    () => MobileNet({ alpha: 0.6 }),
    "If imagenet weights are being loaded, alpha can be one of`0.25`, `0.50`, `0.75` or " +
    "`1.0` only.  Received alpha=0.6",
  ],
  [
    "MobileNet with a depth multiplier and ImageNet weights",
    () => MobileNet({ depthMultiplier: 2 }),
    "If imagenet weights are being loaded, depth multiplier must be 1.  " +
    "Received depth_multiplier=2",
  ],
  [
    "Xception with weights it cannot load",
    () => Xception({ weights: "imagenets" }),
    "The `weights` argument should be either `None` (random initialization), 'imagenet' " +
    "(pre-training on ImageNet), or the path to the weights file to be loaded",
  ],
  [
    "a name with a slash",
    () => ResNet50({ name: "a/b" }),
    "Argument `name` must be a string and cannot contain character `/`. Received: name=",
  ],
];

for (const [what, build, message] of KERAS_REFUSES) {
  Deno.test(`the builders refuse ${what} in Keras's words`, () => {
    assert.throws(build, (error: Error) => {
      assert.ok(error instanceof RangeError || error instanceof TypeError, String(error));
      assert.ok(error.message.startsWith(message), error.message);
      return true;
    });
  });
}

Deno.test("ResNet50() throws on an unknown argument, naming it and the one meant", () => {
  assert.throws(
    () => ResNet50({ include_top: false } as never),
    TypeError,
    'Unknown argument "include_top" for ResNet50; did you mean "includeTop"?',
  );
  assert.throws(() => ResNet50({ alpha: 0.5 } as never), TypeError, '"alpha"');
});

Deno.test("the builders refuse a pooling, classes or alpha of the wrong kind, naming it", () => {
  assert.throws(
    () => ResNet50({ includeTop: false, pooling: "average" as never }),
    TypeError,
    'Invalid pooling for ResNet50: expected "avg", "max" or null, received "average"',
  );
  assert.throws(
    () => ResNet50({ weights: null, classes: 0 }),
    RangeError,
    "Invalid classes for ResNet50: expected a positive integer, received 0",
  );
  assert.throws(
    () => MobileNetV2({ weights: null, alpha: -1 }),
    RangeError,
    "Invalid alpha for MobileNetV2: expected a positive number, received -1",
  );
  assert.throws(
    () => ResNet50({ includeTop: "no" as never }),
    TypeError,
    'Invalid includeTop for ResNet50: expected true or false, received "no" (a string)',
  );
});

Deno.test("ResNet50 built on an inputTensor takes the inputs that tensor comes from", async () => {
  const headless = await readRecord("ResNet50_notop.json.gz");
  const images = new Input({ shape: [224, 224, 3] });
  const scaled = new Rescaling(1 / 255).apply(images);
  const base = ResNet50({ includeTop: false, weights: null, inputTensor: scaled });
  assert.deepEqual(base.inputs, [images.output]);
  assert.deepEqual(
    base.layers.map((l) => l.className).slice(0, 3),
    ["InputLayer", "Rescaling", "ZeroPadding2D"],
  );
  assert.equal(base.paramCount(), headless.total);
});

Deno.test("a transfer-learning model counts its ResNet50 base once, as one row", async () => {
  const headless = await readRecord("ResNet50_notop.json.gz");
  const base = ResNet50({ includeTop: false, weights: null, inputShape: [224, 224, 3] });
  const images = new Input({ shape: [224, 224, 3] });
  const pooled = new GlobalAveragePooling2D().apply(base.apply(images) as never);
  const model = new Model({ inputs: images, outputs: new Dense(10).apply(pooled) });
  const row = model.layers.find((l) => l.name === "resnet50")!;
  assert.equal(row.className, "Functional");
  assert.equal(row.paramCount(), headless.total);
  assert.equal(model.paramCount(), headless.total + 2048 * 10 + 10);
});

Deno.test("the builders read classes and classifierActivation only for the top, as Keras does", () => {
  const headless = { includeTop: false, weights: null } as const;
  assert.equal(
    ResNet50({ ...headless, classes: 0, classifierActivation: "nope" }).paramCount(),
    ResNet50(headless).paramCount(),
  );
  assert.throws(
    () => ResNet50({ weights: null, classifierActivation: "softmx" }),
    TypeError,
    "Invalid classifierActivation for ResNet50: could not interpret activation function " +
      'identifier: "softmx" (a string); did you mean "softmax"?',
  );
});
