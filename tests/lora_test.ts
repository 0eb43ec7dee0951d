/**
 * Keras 3's LoRA on Dense, EinsumDense and Embedding against real Keras
 * (tests/fixtures/keras3_lora.json, written by tools/keras_oracle/lora_layers.py): random models
 * whose layers got LoRA from `lora_rank` or from `enable_lora` after building, some with
 * `lora_alpha`, some frozen, read back from their Keras JSON.
 */

import assert from "assert";
import { Dense, EinsumDense, Embedding, fromKerasJson, Sequential } from "../mod.ts";
import { Input } from "../mod.ts";

interface OracleWeight {
  name: string;
  shape: number[];
  trainable: boolean;
}
interface OracleLayer {
  name: string;
  class_name: string;
  params: number;
  trainable: number;
  non_trainable: number;
  lora_rank: number | null;
  lora_alpha: number | null;
  macs: number | null;
  weights: OracleWeight[];
}
interface OracleModel {
  how: string;
  json: object;
  layers: OracleLayer[];
  total: number;
  trainable: number;
  non_trainable: number;
  summary: string;
}
// CI records a fresh seed with real Keras and points PARAMLAB_KERAS_LORA_ORACLE at it.
const FRESH = Deno.permissions.querySync({ name: "env", variable: "PARAMLAB_KERAS_LORA_ORACLE" })
    .state === "granted"
  ? Deno.env.get("PARAMLAB_KERAS_LORA_ORACLE")
  : undefined;
const ORACLE: { models: OracleModel[]; errors: Record<string, string | null> } = JSON.parse(
  Deno.readTextFileSync(FRESH ?? new URL("./fixtures/keras3_lora.json", import.meta.url)),
);

Deno.test("LoRA models read from Keras JSON have Keras's weights, counts and trainable split", () => {
  let loraLayers = 0;
  const hows = new Set<string>();
  for (const [i, expected] of ORACLE.models.entries()) {
    const model = fromKerasJson(expected.json);
    const label = `model ${i} (${expected.how})`;
    assert.equal(model.paramCount(), expected.total, label);
    assert.equal(model.trainableParamCount(), expected.trainable, label);
    assert.equal(model.nonTrainableParamCount(), expected.non_trainable, label);
    for (const want of expected.layers.filter((l) => l.class_name !== "InputLayer")) {
      const layer = model.layers.find((l) => l.name === want.name)!;
      assert.ok(layer, `${label}: no layer ${want.name}`);
      assert.deepEqual(
        layer.weights().map((w) => [w.name, [...w.shape], w.trainable]),
        want.weights.map((w) => [w.name, w.shape, w.trainable]),
        `${label} ${want.name}`,
      );
      assert.equal(layer.trainableParamCount(), want.trainable, `${label} ${want.name}`);
      assert.equal(layer.nonTrainableParamCount(), want.non_trainable, `${label} ${want.name}`);
      const lora = (layer as Dense | EinsumDense | Embedding).lora;
      if (want.lora_rank !== null) {
        assert.deepEqual(lora, { rank: want.lora_rank, alpha: want.lora_alpha }, label);
        loraLayers++;
      }
    }
    hows.add(expected.how);
  }
  assert.ok(ORACLE.models.length >= 8, `only ${ORACLE.models.length} models`);
  // The four models built with lora_rank have three LoRA layers each.
  assert.ok(loraLayers >= 12, `only ${loraLayers} layers with LoRA`);
  assert.deepEqual([...hows].sort(), ["enable_lora", "lora_rank"]);
});

Deno.test("a LoRA layer's MACs are what Keras does: the merged kernel A·B at every call", () => {
  let checked = 0;
  for (const [i, expected] of ORACLE.models.entries()) {
    const model = fromKerasJson(expected.json);
    for (const want of expected.layers.filter((l) => l.macs !== null)) {
      const layer = model.layers.find((l) => l.name === want.name)!;
      assert.equal(layer.macs(), want.macs, `model ${i} ${want.name}`);
      checked++;
    }
  }
  assert.ok(checked >= 24, `only ${checked} layers' MACs checked`);
});

Deno.test("a LoRA model's summary is Keras's, byte for byte, its trainable split included", () => {
  for (const [i, expected] of ORACLE.models.entries()) {
    const model = fromKerasJson(expected.json);
    assert.equal(String(model.summary()) + "\n", expected.summary, `model ${i}`);
  }
});

Deno.test("enableLora after building gives what lora_rank in the constructor gives", () => {
  // The first fixture model's Dense, made both ways: Keras gives the same weights either way.
  // The oracle freezes one layer of each model at random; when it froze this Dense, every weight
  // Keras lists is non-trainable, and ours is frozen the same way (seed 663708517 froze it).
  const want = ORACLE.models[0].layers.find((l) => l.class_name === "Dense" && l.lora_rank)!;
  const [kernel] = want.weights;
  const useBias = want.weights.some((w) => w.name === "bias");
  const trainable = want.weights.some((w) => w.trainable);
  const units = kernel.shape[1];
  const given = new Dense({
    units,
    useBias,
    trainable,
    loraRank: want.lora_rank,
    inputShape: [kernel.shape[0]],
  });
  const later = new Dense({ units, useBias, trainable, inputShape: [kernel.shape[0]] });
  later.paramCount();
  later.enableLora(want.lora_rank!);
  for (const layer of [given, later]) {
    assert.deepEqual(
      layer.weights().map((w) => [w.name, [...w.shape], w.trainable]),
      want.weights.map((w) => [w.name, w.shape, w.trainable]),
    );
  }
});

Deno.test("enableLora is refused where Keras refuses it, with a typed error naming the layer", () => {
  // Keras's messages, recorded: each of ours must say the same thing.
  assert.match(ORACLE.errors.enable_twice!, /lora is already enabled/);
  assert.match(ORACLE.errors.enable_unbuilt!, /isn't yet built/);
  assert.match(ORACLE.errors.kernel_constraint!, /incompatible with kernel constraints/);
  assert.match(ORACLE.errors.negative_rank!, /Negative dimensions/);
  assert.equal(ORACLE.errors.zero_rank_is_off, null);

  const built = new Dense({ units: 3, inputShape: [4], name: "head" });
  built.enableLora(2);
  assert.throws(() => built.enableLora(2), {
    name: "RangeError",
    message: /Layer "head" \(Dense\): LoRA is already enabled \(rank 2\).*received rank 2/,
  });
  assert.throws(() => new Dense({ units: 3, name: "lonely" }).enableLora(2), {
    name: "RangeError",
    message: /"lonely".*not built yet/,
  });
  assert.throws(
    () => new Dense({ units: 3, loraRank: 2, kernelConstraint: "non_neg", name: "c" }),
    { name: "TypeError", message: /"c".*incompatible with kernelConstraint \("non_neg"/ },
  );
  assert.throws(() => new Dense({ units: 3, loraRank: -1 }), {
    name: "RangeError",
    message: /Invalid loraRank for Dense: expected a positive integer or null, received -1/,
  });
  assert.throws(() => new EinsumDense("ab,bc->ac", { outputShape: 4, loraRank: 1.5 }), {
    name: "RangeError",
    message: /loraRank.*received 1\.5/,
  });
  assert.throws(() => new Embedding({ inputDim: 4, outputDim: 2, loraRank: "4" as never }), {
    name: "TypeError",
    message: /loraRank/,
  });
  for (const rank of [0, -2, 2.5]) {
    assert.throws(() => new Dense({ units: 3, inputShape: [4], name: "r" }).enableLora(rank), {
      name: "RangeError",
      message: new RegExp(`"r".*rank must be a positive integer, received ${rank}`),
    });
  }
  assert.throws(() => built.enableLora("2" as never), TypeError);
  // Keras's `if self.lora_rank:`: a rank of 0 leaves LoRA off.
  const off = new Dense({ units: 3, loraRank: 0, inputShape: [4] });
  assert.equal(off.lora, undefined);
  assert.equal(off.paramCount(), 15);
});

Deno.test("explain() of a LoRA layer shows both factors and the share that trains", () => {
  const model = new Sequential([new Input({ shape: [13] }), new Dense({ units: 5, loraRank: 2 })]);
  const text = String(model.layers[0].explain());
  // 13·5 kernel frozen; bias 5 + A 13·2 + B 2·5 = 41 of 106 train.
  assert.match(text, /106 parameters: 41 trainable, 65 non-trainable/);
  assert.match(text, /lora_kernel_a\s+\(13, 2\)\s+26\s+trainable/);
  assert.match(text, /lora_kernel_b\s+\(2, 5\)\s+10\s+trainable/);
  assert.match(text, /kernel\s+\(13, 5\)\s+65\s+non-trainable/);
  assert.match(text, /41 of the 106 parameters are trainable \(38\.7%\)/);
  const table = new Embedding({ inputDim: 50257, outputDim: 768, loraRank: 4 });
  // 4·(50,257 + 768) = 204,100 of 38,801,476: 0.53%.
  assert.match(
    String(table.explain()),
    /204100 of the 38801476 parameters are trainable \(0\.53%\)/,
  );
});

Deno.test("toTfjs refuses a LoRA layer: TensorFlow.js has no LoRA, and would count differently", async () => {
  const { toTfjs } = await import("../lib/tfjs.ts");
  const model = new Sequential([new Input({ shape: [13] }), new Dense({ units: 5, loraRank: 2 })]);
  assert.throws(() => toTfjs(model), /"dense" \(Dense\) has LoRA \(rank 2\)/);
  const table = new Sequential([new Embedding({ inputDim: 10, outputDim: 4, loraRank: 1 })]);
  assert.throws(() => toTfjs(table), /\(Embedding\) has LoRA \(rank 1\)/);
});
