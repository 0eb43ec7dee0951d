// Never drop what you do not understand: dict and nested inputs and outputs, Lambda layers,
// registered custom classes, frozen nested models and Keras's names, each against what real
// Keras 3.15.1 wrote, counted and printed (tests/fixtures/never_drop, written by
// tools/keras_oracle/never_drop_fixtures.py).

import assert from "assert";
import {
  Add,
  BatchNormalization,
  Concatenate,
  Dense,
  Embedding,
  explainSummary,
  fromKerasJson,
  Input,
  kerasObjectClasses,
  type KerasObjectKind,
  Lambda,
  LSTM,
  Model,
  Sequential,
  SinePositionEncoding,
  type SymbolicTensor,
  TokenAndPositionEmbedding,
  TransformerDecoder,
  TransformerEncoder,
} from "../mod.ts";
import {
  assertTotalsAndSummaries,
  type NeverDropFixture as Fixture,
  neverDropFixture as fixture,
} from "./_never_drop.ts";

function checkAgainst(model: Model, f: Fixture): void {
  const rows = model.operations.map((l) => [l.name, l.className, l.paramCount()]);
  assert.deepEqual(rows, f.layers.map((l) => [l.name, l.class_name, l.params]));
  assertTotalsAndSummaries(model, f);
}

function names(tensors: readonly SymbolicTensor[]): string[] {
  return tensors.map((t) => t.layer.name);
}

// ---------------------------------------------------------------------------------------------
// Dict and nested inputs and outputs

function dictModel(): Model {
  const num = new Input({ shape: [8], name: "num" });
  const cat = new Input({ shape: [3], name: "cat" });
  const merged = new Concatenate().apply([new Dense(16).apply(num), new Dense(4).apply(cat)]);
  const trunk = new Dense(32, { activation: "relu", name: "trunk" }).apply(merged);
  const reg = new Dense(1, { name: "reg" }).apply(trunk);
  const cls = new Dense(3, { activation: "softmax", name: "cls" }).apply(trunk);
  return new Model({ inputs: { num, cat }, outputs: { reg, cls }, name: "dict_io" });
}

Deno.test("a Model takes dicts of inputs and outputs, flattened by sorted key as Keras does", () => {
  const f = fixture("dict_inputs_outputs");
  const model = dictModel();
  assert.deepEqual(names(model.inputs), f.flat_inputs);
  assert.deepEqual(names(model.outputs), f.flat_outputs);
  checkAgainst(model, f);
});

Deno.test("Keras 3's JSON with dict input_layers and output_layers is read, flattened by sorted key", () => {
  const f = fixture("dict_inputs_outputs");
  assert.ok(!Array.isArray(f.json.config.input_layers), "the fixture writes a dict");
  const model = fromKerasJson(f.json) as Model;
  assert.deepEqual(names(model.inputs), ["cat", "num"]);
  assert.deepEqual(names(model.outputs), ["cls", "reg"]);
  checkAgainst(model, f);
});

function nestedModel(): Model {
  const a = new Input({ shape: [4], name: "a" });
  const b = new Input({ shape: [5], name: "b" });
  const c = new Input({ shape: [6], name: "c" });
  const x = new Dense(7, { name: "x" }).apply(new Concatenate({ name: "ab" }).apply([a, b]));
  const y = new Dense(2, { name: "y" }).apply(new Concatenate({ name: "xc" }).apply([x, c]));
  const z = new Dense(3, { name: "z" }).apply(c);
  return new Model({ inputs: [a, [b, c]], outputs: [x, [y, z]], name: "nested_io" });
}

Deno.test("a Model takes nested lists of inputs and outputs, flattened in order", () => {
  const f = fixture("nested_list_inputs_outputs");
  const model = nestedModel();
  assert.deepEqual(names(model.inputs), f.flat_inputs);
  assert.deepEqual(names(model.outputs), f.flat_outputs);
  checkAgainst(model, f);
});

Deno.test("Keras 3's JSON with nested input_layers and output_layers is read, flattened in order", () => {
  const f = fixture("nested_list_inputs_outputs");
  const model = fromKerasJson(f.json) as Model;
  assert.deepEqual(names(model.inputs), ["a", "b", "c"]);
  assert.deepEqual(names(model.outputs), ["x", "y", "z"]);
  checkAgainst(model, f);
});

Deno.test("a dict input that is not a tensor is refused, naming where it sits", () => {
  const num = new Input({ shape: [8] });
  assert.throws(
    () => new Model({ inputs: { num, cat: 3 as never }, outputs: new Dense(1).apply(num) }),
    { name: "TypeError", message: /Invalid input cat of Model/ },
  );
  assert.throws(
    () => fromKerasJson({ class_name: "Functional", config: { layers: [], input_layers: 5 } }),
    TypeError,
  );
});

Deno.test("a nested model with named inputs called on a dict, its masks a dict, is read as Keras flattens it", () => {
  // Keras 3.15.1 wrote this (initializers and dtypes left out): inner = Model({"b": b, "a": a},
  // Dense(2)(Concatenate()([a, b]))), called as inner({"a": x, "b": y}, training=False), then
  // Dense(1): 21 parameters.
  const json = {
    "class_name": "Functional",
    "config": {
      "name": "outer",
      "trainable": true,
      "layers": [{
        "class_name": "InputLayer",
        "config": { "batch_shape": [null, 3], "name": "x" },
        "name": "x",
        "inbound_nodes": [],
      }, {
        "class_name": "InputLayer",
        "config": { "batch_shape": [null, 5], "name": "y" },
        "name": "y",
        "inbound_nodes": [],
      }, {
        "class_name": "Functional",
        "config": {
          "name": "inner",
          "trainable": true,
          "layers": [{
            "class_name": "InputLayer",
            "config": { "batch_shape": [null, 3], "name": "a" },
            "name": "a",
            "inbound_nodes": [],
          }, {
            "class_name": "InputLayer",
            "config": { "batch_shape": [null, 5], "name": "b" },
            "name": "b",
            "inbound_nodes": [],
          }, {
            "class_name": "Concatenate",
            "config": { "name": "cat", "trainable": true, "axis": -1 },
            "name": "cat",
            "inbound_nodes": [{
              "args": [[{
                "class_name": "__keras_tensor__",
                "config": { "shape": [null, 3], "keras_history": ["a", 0, 0] },
              }, {
                "class_name": "__keras_tensor__",
                "config": { "shape": [null, 5], "keras_history": ["b", 0, 0] },
              }]],
              "kwargs": {},
            }],
          }, {
            "class_name": "Dense",
            "config": {
              "name": "d",
              "trainable": true,
              "units": 2,
              "activation": "linear",
              "use_bias": true,
            },
            "name": "d",
            "inbound_nodes": [{
              "args": [{
                "class_name": "__keras_tensor__",
                "config": { "shape": [null, 8], "keras_history": ["cat", 0, 0] },
              }],
              "kwargs": {},
            }],
          }],
          "input_layers": { "b": ["b", 0, 0], "a": ["a", 0, 0] },
          "output_layers": ["d", 0, 0],
        },
        "name": "inner",
        "inbound_nodes": [{
          "args": [{
            "a": {
              "class_name": "__keras_tensor__",
              "config": { "shape": [null, 3], "keras_history": ["x", 0, 0] },
            },
            "b": {
              "class_name": "__keras_tensor__",
              "config": { "shape": [null, 5], "keras_history": ["y", 0, 0] },
            },
          }],
          "kwargs": { "training": false, "mask": { "a": null, "b": null } },
        }],
      }, {
        "class_name": "Dense",
        "config": {
          "name": "head",
          "trainable": true,
          "units": 1,
          "activation": "linear",
          "use_bias": true,
        },
        "name": "head",
        "inbound_nodes": [{
          "args": [{
            "class_name": "__keras_tensor__",
            "config": { "shape": [null, 2], "keras_history": ["inner", 0, 0] },
          }],
          "kwargs": {},
        }],
      }],
      "input_layers": [["x", 0, 0], ["y", 0, 0]],
      "output_layers": ["head", 0, 0],
    },
  };
  const model = fromKerasJson(json) as Model;
  assert.equal(model.paramCount(), 21);
});

// ---------------------------------------------------------------------------------------------
// Lambda

Deno.test("a Lambda that declares its output shape has no weights and that shape", () => {
  const f = fixture("lambda_layers");
  const json = structuredClone(f.json);
  // The fixture's second Lambda declares nothing: give it the shape Keras computed, (None, 6).
  const scaled = json.config.layers.find((l: { name: string }) => l.name === "scaled");
  const keras = f.layers.find((l) => l.name === "scaled")!;
  assert.deepEqual(keras.output_shape, [null, 6]);
  scaled.config.output_shape = [6];
  const model = fromKerasJson(json) as Model;
  assert.equal(model.paramCount(), f.total);
  assert.deepEqual(
    model.layers.map((l) => [l.name, l.paramCount(), l.outputShape()]),
    f.layers.map((l) => [l.name, l.params, l.output_shape]),
  );
});

Deno.test("a Lambda without an output shape is refused: Keras finds it by running Python", () => {
  const f = fixture("lambda_layers");
  assert.throws(() => fromKerasJson(f.json), {
    name: "TypeError",
    message: /"scaled" \(Lambda\).*no output_shape: Keras infers .* running its Python function/,
  });
  assert.throws(() => new Lambda(), /cannot run Python/);
  assert.throws(() => new Lambda({ outputShape: "fn" as never }), /cannot be run here/);
});

Deno.test("a Lambda through the API: its declared shape after the batch, on one tensor or a list", () => {
  const x = new Input({ shape: [6] });
  const doubled = new Lambda({ outputShape: [12] }).apply(x);
  const both = new Lambda([[6], [6]]).apply([x, x]) as unknown as SymbolicTensor[];
  assert.deepEqual(doubled.shape, [null, 12]);
  assert.deepEqual(both.map((t) => t.shape), [[null, 6], [null, 6]]);
  const model = new Model({ inputs: x, outputs: new Dense(3).apply(doubled) });
  assert.equal(model.paramCount(), 12 * 3 + 3);
});

// ---------------------------------------------------------------------------------------------
// A registered custom class

Deno.test("a registered custom class is refused by its registered name, as the user's own code", () => {
  const f = fixture("custom_registered");
  assert.equal(f.json.config.layers[1].registered_name, "paramlab_fixtures>ScaledDense");
  assert.throws(() => fromKerasJson(f.json), {
    name: "TypeError",
    message: /"ScaledDense" \(registered as "paramlab_fixtures>ScaledDense"\).*user's own code/,
  });
});

Deno.test("a class of the user's own named Dense is refused by its module, not counted as Keras's", () => {
  const f = fixture("custom_same_name");
  const entry = f.json.config.layers[1];
  // Keras 3 writes a class a script defines with no module and its name as registered name.
  assert.deepEqual([entry.class_name, entry.module, entry.registered_name], [
    "Dense",
    null,
    "Dense",
  ]);
  // Its 24 weights are not the 4 × 3 + 3 = 15 of Keras's Dense(3) on 4 features.
  assert.deepEqual(f.layers.map((l) => [l.name, l.params]), [["x", 0], ["own_dense", 24], [
    "out",
    7,
  ]]);
  assert.throws(() => fromKerasJson(f.json), {
    name: "TypeError",
    message:
      /"own_dense" \(Dense\).*"Dense" \(registered name "Dense"\) comes from no module: it is not Keras's Dense.*user's own code/,
  });
  // The same entry as Keras writes its own Dense (module "keras.layers", no registered name) is
  // Keras's Dense(3): 4 × 3 + 3, then the output Dense(1) on its 3 features, 3 × 1 + 1, once
  // the output layer's build_config says so too (it was built on the user's 6 outputs).
  const json = structuredClone(f.json);
  Object.assign(json.config.layers[1], { module: "keras.layers", registered_name: null });
  assert.throws(
    () => fromKerasJson(json),
    /"out" \(Dense\) was saved built for input shape \(None, 6\)/,
  );
  json.config.layers[2].build_config.input_shape = [null, 3];
  assert.equal(fromKerasJson(json).paramCount(), 4 * 3 + 3 + (3 * 1 + 1));
  // A class Keras is to find in a module not its own is not Keras's either.
  Object.assign(json.config.layers[1], { module: "my_project.layers" });
  assert.throws(() => fromKerasJson(json), /comes from module "my_project.layers"/);
});

Deno.test("a JSON edited by hand is read as Keras reads it: build_config shapes and modules", () => {
  const f = fixture("build_config_edits");
  const plain = fromKerasJson(f.json) as Model;
  checkAgainst(plain, f);
  const variants = f.variants ?? [];
  // Each edit Keras refused and each it read: three shapes of the same weights, five refusals.
  assert.deepEqual(
    [variants.filter((v) => v.count !== undefined).length, variants.length],
    [3, 8],
  );
  for (const { layer, field, value, count, error } of variants) {
    const json = structuredClone(f.json);
    const entry = json.config.layers.find((e: { name: string }) => e.name === layer);
    if (field === "build_config") entry.build_config.input_shape = value;
    else entry[field!] = value;
    const what = `${layer}'s ${field} ${JSON.stringify(value)}`;
    if (count !== undefined) {
      assert.equal(fromKerasJson(json).paramCount(), count, what);
    } else {
      // Keras refused it (`error`): so do we, naming the layer, never with a count.
      assert.ok(error, what);
      assert.throws(() => fromKerasJson(json), new RegExp(`"${layer}"`), what);
    }
  }
});

Deno.test("an attention layer saved built on other shapes (its shapes_dict) is refused where its model cannot run", () => {
  const f = fixture("shapes_dict_edits");
  checkAgainst(fromKerasJson(f.json) as Model, f);
  const variants = f.variants ?? [];
  // Keras builds MultiHeadAttention and GroupQueryAttention on their saved query, value and
  // key shapes and keeps those weights: 8,008, 7,364, 8,136 and 8,072 for other widths, and
  // for a value of rank 2 the model's 7,624, on which the attention cannot run; another length
  // or batch runs. keras-hub's TransformerDecoder builds its parts on the call, whatever it was
  // saved built for.
  assert.deepEqual(
    variants.map((v) => [v.count, v.runs]),
    [
      [8008, false],
      [7364, false],
      [7624, true],
      [7624, true],
      [8136, false],
      [7624, true],
      [7624, false],
      [7624, true],
      [7624, true],
      [7624, true],
      [8072, false],
      [7624, true],
    ],
  );
  for (const { about, json, count, runs } of variants) {
    if (runs) {
      assert.equal(fromKerasJson(json as object).paramCount(), count, about);
    } else {
      assert.throws(
        () => fromKerasJson(json as object),
        /Layer "(mha|gqa)" \((MultiHeadAttention|GroupQueryAttention)\) was saved built for .* "shapes_dict"/,
        about,
      );
    }
  }
});

Deno.test("initializers, regularizers and constraints are read as Keras reads them, with its table", () => {
  // CI writes this fixture fresh, its random edits drawn with a fresh seed
  // (PARAMLAB_KERAS_OBJECTS); the committed one has seed 0.
  const fresh = Deno.env.get("PARAMLAB_KERAS_OBJECTS");
  const f: Fixture = fresh
    ? JSON.parse(Deno.readTextFileSync(fresh))
    : fixture("keras_object_edits");
  const model = fromKerasJson(f.json);
  assert.deepEqual(model.layers.map((l) => [l.name, l.paramCount()]), [["d", 15]]);
  assert.deepEqual(f.layers.map((l) => [l.name, l.params]), [["d", 15]]);
  assertTotalsAndSummaries(model, f);
  // Our table is Keras's (the names each class goes by, its constructor's arguments, those it
  // needs, whether it takes any key), plus TF.js's two names for Keras's Lecun initializers.
  for (const [kind, classes] of Object.entries(f.objects ?? {})) {
    const ours = kerasObjectClasses(kind as KerasObjectKind);
    const mine = Object.keys(ours).filter((c) => !(c in classes));
    assert.deepEqual(mine, kind === "initializer" ? ["LeCunNormal", "LeCunUniform"] : [], kind);
    for (const [name, keras] of Object.entries(classes)) {
      const c = ours[name];
      assert.ok(c, `${kind} ${name} is missing`);
      assert.deepEqual(
        [[...c.names].sort(), [...c.keys].sort(), [...(c.required ?? [])], c.anyKeys ?? false],
        [keras.names, keras.keys, keras.required, keras.any_keys],
        `${kind} ${name}`,
      );
    }
  }
  const variants = f.variants ?? [];
  assert.ok(variants.length >= 150, `${variants.length} edits`);
  // Where our verdict is not Keras's, and why: STFT builds only a weight of rank 3 (Keras fails
  // on the Dense's 4×3 kernel; an initializer is not checked against its weight's shape), and
  // the user's own registered class is read (Keras needs its code, which the user has; no
  // count does).
  const differ: string[] = [];
  for (const { field, value, count, error } of variants) {
    const json = structuredClone(f.json);
    json.config.layers[1].config[field!] = value;
    const what = `${field} ${JSON.stringify(value)}`;
    let ours: number | Error;
    try {
      ours = fromKerasJson(json).paramCount();
    } catch (e) {
      ours = e as Error;
    }
    if (count !== undefined) {
      assert.equal(ours, count, what);
    } else if (typeof ours === "number") {
      differ.push(`${field} ${JSON.stringify(value).slice(0, 120)}: ${error!.slice(0, 40)}`);
    } else {
      // Keras refused it: so do we, naming the layer and the option.
      assert.match(
        ours.message,
        /"d" \(Dense\): Invalid kernel(Initializer|Regularizer|Constraint) for Dense: /,
        what,
      );
    }
  }
  // Eight of the fixed edits (STFT's three names, two of its forms, three custom classes); the
  // random edits leave STFT and custom classes out.
  assert.equal(differ.length, 8, differ.join("\n"));
  for (const d of differ) {
    assert.match(
      d,
      /"class_name": ?"STFT"|^kernel_initializer "(STFT|stft|STFTInitializer)"|my_project>Mine/,
      d,
    );
  }
});

Deno.test("a Sequential JSON edited by hand is built as Keras builds it: build_input_shape", () => {
  const f = fixture("sequential_build_edits");
  const model = fromKerasJson(f.json);
  assert.deepEqual(model.layers.map((l) => [l.name, l.paramCount()]), [["a", 21], ["b", 8]]);
  assert.deepEqual(f.layers.map((l) => [l.name, l.params]), [["a", 21], ["b", 8]]);
  assertTotalsAndSummaries(model, f);
  const variants = f.variants ?? [];
  // Three edits Keras reads (a build_input_shape beside an InputLayer, another batch, the
  // first layer's build_config as the input) and three it refuses.
  assert.deepEqual([variants.filter((v) => v.count !== undefined).length, variants.length], [
    3,
    6,
  ]);
  for (const { about, json, count, error } of variants) {
    if (count !== undefined) {
      // 6 × 3 + 3 and 3 × 2 + 2 whenever Keras reads it.
      assert.equal(count, 6 * 3 + 3 + (3 * 2 + 2), about);
      assert.equal(fromKerasJson(json as object).paramCount(), count, about);
    } else {
      assert.ok(error, about);
      assert.throws(() => fromKerasJson(json as object), /"a"/, about);
    }
  }
});

Deno.test("a wrapped layer saved built on another input is refused where Keras's count cannot run", () => {
  // TimeDistributed's and Bidirectional's layers; an RNN's cell and the cells it stacks.
  for (const name of ["wrapped_build_edits", "rnn_cell_build_edits"]) {
    checkHeldLayerEdits(fixture(name));
  }
});

function checkHeldLayerEdits(f: Fixture): void {
  checkAgainst(fromKerasJson(f.json) as Model, f);
  const variants = f.variants ?? [];
  assert.equal(variants.length, 4);
  for (const { about, json, count, runs } of variants) {
    assert.ok(count !== undefined, about);
    if (runs) {
      // The same weights on another batch or length: Keras's count, which is the model's.
      assert.equal(count, f.total, about);
      assert.equal(fromKerasJson(json as object).paramCount(), count, about);
    } else {
      // Keras keeps the weights it built on the saved shape and counts them (120 for the
      // Dense on 7 features, 135 for the LSTM on 6, 541 and 648 for the cells), for a model
      // that cannot run: refused.
      assert.notEqual(count, f.total, about);
      assert.throws(
        () => fromKerasJson(json as object),
        /saved built for input shape .* and its wrapper gives it/,
        about,
      );
    }
  }
}

// ---------------------------------------------------------------------------------------------
// A frozen nested model

Deno.test("a nested model keeps trainable: false from JSON: 214, of which 10 trainable", () => {
  const f = fixture("frozen_nested");
  assert.deepEqual([f.total, f.trainable, f.non_trainable], [214, 10, 204]);
  const model = fromKerasJson(f.json) as Model;
  checkAgainst(model, f);
  assert.equal(
    String(
      model.summary({
        lineLength: 132,
        consoleWidth: 142,
        expandNested: true,
        showTrainable: true,
      }),
    ) + "\n",
    f.summary_expand_nested,
  );
});

Deno.test("a frozen nested model through the API counts as Keras does", () => {
  const f = fixture("frozen_nested");
  const block = new Sequential([new Dense(8), new BatchNormalization(), new Dense(4)], {
    name: "block",
  });
  block.trainable = false;
  const x = new Input({ shape: [16], name: "x" });
  const head = new Dense(2, { name: "head" }).apply(block.apply(x) as SymbolicTensor);
  const model = new Model({ inputs: x, outputs: head, name: "frozen_nested" });
  checkAgainst(model, f);
});

// ---------------------------------------------------------------------------------------------
// Names

Deno.test("layers are numbered in the order they were created, whatever order they are called in", () => {
  // Keras names a layer in its constructor (auto_name), so the decoder created second is
  // lstm_1 even though... here the second LSTM is called first.
  const x = new Input({ shape: [5, 3] });
  const first = new LSTM(4, { returnSequences: true });
  const second = new LSTM(4, { returnSequences: true });
  const model = new Model({ inputs: x, outputs: first.apply(second.apply(x)) });
  assert.deepEqual(model.layers.map((l) => l.name), ["input_layer", "lstm_1", "lstm"]);
  assert.equal(first.name, "lstm");
});

Deno.test("a keras-hub layer given a padding mask by keyword in JSON takes it as a mask, as before", () => {
  const url = new URL("./fixtures/keras_hub_oracle.json", import.meta.url);
  const oracle = JSON.parse(Deno.readTextFileSync(url));
  const translation = oracle.models.translation;
  const json = structuredClone(translation.json);
  const encoder = json.config.layers.find((l: { class_name: string }) =>
    l.class_name === "TransformerEncoder"
  );
  // keras-hub's `encoder(x, padding_mask=m)`: the mask has no weights (any tensor stands for it).
  encoder.inbound_nodes[0].kwargs = { padding_mask: encoder.inbound_nodes[0].args[0] };
  assert.equal((fromKerasJson(json) as Model).paramCount(), translation.total);
  // keras-hub's TransformerEncoder.call takes return_attention_scores (one tensor, symbolically:
  // tests/keras_hub_attention_scores_test.ts); an argument its call does not take is refused.
  encoder.inbound_nodes[0].kwargs = { return_attention_scores: false, padding_mask: null };
  assert.equal((fromKerasJson(json) as Model).paramCount(), translation.total);
  encoder.inbound_nodes[0].kwargs = { use_causal_mask: false, padding_mask: null };
  assert.throws(() => fromKerasJson(json), /Unknown call argument "use_causal_mask"/);
});

// ---------------------------------------------------------------------------------------------
// keras-hub's call arguments

Deno.test("keras-hub's blocks take their masks, encoder sequence and start index by keyword, from JSON as Keras wrote them", () => {
  const f = fixture("keras_hub_call_args");
  const decoder = f.json.config.layers.find((l: { class_name: string }) =>
    l.class_name === "TransformerDecoder"
  );
  assert.deepEqual(Object.keys(decoder.inbound_nodes[0].kwargs).sort(), [
    "decoder_padding_mask",
    "encoder_padding_mask",
    "encoder_sequence",
    "use_causal_mask",
  ]);
  const model = fromKerasJson(f.json) as Model;
  checkAgainst(model, f);
});

Deno.test("Keras's tables of keras-hub blocks called with masks read fully: a mask is no encoder sequence", () => {
  // The encoder reads token_and_position_embedding and encoder_mask (None, None); the decoder
  // reads add, two masks and transformer_encoder (None, None, 16), its encoder sequence:
  // TransformerDecoder(24, 4) with cross-attention, 3,080 in Keras's row.
  const f = fixture("keras_hub_call_args");
  for (const text of [f.summary, f.summary_120]) {
    const result = explainSummary(text);
    assert.ok(result.fullyExplained, String(result));
    const decoder = result.rows.find((r) => r.name === "transformer_decoder")!;
    assert.deepEqual(decoder.layer, {
      className: "TransformerDecoder",
      intermediateDim: 24,
      encoderSequenceShape: [null, null, 16],
    });
  }
});

Deno.test("keras-hub's blocks take their masks, encoder sequence and start index by keyword, through the API", () => {
  const f = fixture("keras_hub_call_args");
  const encoderTokens = new Input({ shape: [null], dtype: "int32", name: "encoder_tokens" });
  const decoderTokens = new Input({ shape: [null], dtype: "int32", name: "decoder_tokens" });
  const encoderMask = new Input({ shape: [null], dtype: "int32", name: "encoder_mask" });
  const decoderMask = new Input({ shape: [null], dtype: "int32", name: "decoder_mask" });
  let x = new TokenAndPositionEmbedding(50, { sequenceLength: 12, embeddingDim: 16 })
    .apply(encoderTokens);
  x = new TransformerEncoder(32, { numHeads: 2 }).apply(x, { paddingMask: encoderMask });
  const embedded = new Embedding(60, { outputDim: 16 }).apply(decoderTokens);
  const positions = new SinePositionEncoding().apply(embedded, { startIndex: 0 });
  let y = new Add().apply([positions, embedded]);
  y = new TransformerDecoder(24, { numHeads: 4 }).apply(y, {
    encoderSequence: x,
    decoderPaddingMask: decoderMask,
    encoderPaddingMask: encoderMask,
    useCausalMask: true,
  });
  const out = new Dense(60).apply(y);
  const model = new Model({
    inputs: [encoderTokens, encoderMask, decoderTokens, decoderMask],
    outputs: out,
    name: "keras_hub_call_args",
  });
  checkAgainst(model, f);
  // A Python name gets the camelCase one; the decoder's caches are refused by name.
  const z = new Input({ shape: [null, 16] });
  assert.throws(
    () => new TransformerEncoder(32, { numHeads: 2 }).apply(z, { padding_mask: z } as never),
    /"padding_mask" is Keras's Python name; here it is paddingMask/,
  );
  assert.throws(
    () =>
      new TransformerDecoder(24, { numHeads: 4, name: "dec" }).apply(z, {
        selfAttentionCache: z,
      } as never),
    /Unsupported call argument selfAttentionCache for layer "dec" \(TransformerDecoder\): .*generating token by token/,
  );
  assert.throws(
    () => new SinePositionEncoding({ name: "pos" }).apply(z, { startIndex: -1 }),
    /Invalid startIndex for layer "pos" \(SinePositionEncoding\): .*received -1/,
  );
});
