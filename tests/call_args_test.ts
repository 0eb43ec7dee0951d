// Call arguments the Keras way: `layer.apply(inputs, callArgs)` takes what each kind's call
// declares, and every tensor among them is an edge of the graph. Expected numbers, rows and
// summaries are real Keras 3.15.1's (tests/fixtures/never_drop, written by
// tools/keras_oracle/never_drop_fixtures.py).

import assert from "assert";
import {
  AdditiveAttention,
  Attention,
  Bidirectional,
  callTableOf,
  ConvLSTM2D,
  Dense,
  fromKerasJson,
  GroupedQueryAttention,
  GRU,
  IncompatibleShapeError,
  Input,
  LSTM,
  Model,
  MultiHeadAttention,
} from "../mod.ts";
import {
  assertTotalsAndSummaries,
  type NeverDropFixture as Fixture,
  neverDropFixture as fixture,
} from "./_never_drop.ts";
import { toTfjsModel } from "../lib/tfjs.ts";
import { tfjsForTests } from "./_support.ts";

function rows(model: Model): unknown[][] {
  return model.operations.map((l) => {
    const node = l.inboundNodes.at(-1)!;
    const shapes = node.outputShapes;
    return [l.name, l.className, l.paramCount(), shapes.length === 1 ? shapes[0] : shapes];
  });
}

function kerasRows(f: Fixture): unknown[][] {
  return f.layers.map((l) => [l.name, l.class_name, l.params, l.output_shape]);
}

function checkAgainst(model: Model, f: Fixture): void {
  assert.deepEqual(rows(model), kerasRows(f));
  assertTotalsAndSummaries(model, f);
}

/** keras-io's lstm_seq2seq, as the fixture's Keras script builds it (latent_dim 64). */
function encoderDecoder(): Model {
  const encoderInputs = new Input({ shape: [null, 30] });
  const encoder = new LSTM(64, { returnState: true });
  const [, stateH, stateC] = encoder.applyAll(encoderInputs);
  const decoderInputs = new Input({ shape: [null, 40] });
  const decoder = new LSTM(64, { returnSequences: true, returnState: true });
  const [decoded] = decoder.applyAll(decoderInputs, { initialState: [stateH, stateC] });
  const outputs = new Dense(40, { activation: "softmax" }).apply(decoded);
  return new Model({ inputs: [encoderInputs, decoderInputs], outputs });
}

Deno.test("the LSTM encoder–decoder built through the API counts Keras's 53,800, row by row and as Keras prints it", () => {
  const f = fixture("encoder_decoder");
  assert.equal(f.total, 53_800);
  checkAgainst(encoderDecoder(), f);
});

Deno.test("the encoder's states are edges: the decoder's Connected to reads its input, then h and c", () => {
  const model = encoderDecoder();
  const decoder = model.layers.find((l) => l.name === "lstm_1")!;
  assert.deepEqual(model.connectionsOf(decoder), [
    "input_layer_1[0][0]",
    "lstm[0][1]",
    "lstm[0][2]",
  ]);
  // The encoder, created first, is named lstm, as Keras names it.
  assert.equal(model.layers.find((l) => l.name === "lstm")!.paramCount(), 24_320);
});

Deno.test("the encoder–decoder read from Keras 3's JSON counts 53,800, row by row and as Keras prints it", () => {
  const f = fixture("encoder_decoder");
  checkAgainst(fromKerasJson(f.json) as Model, f);
});

Deno.test("the encoder–decoder as Keras 2 writes it (the decoder called on [x, h, c]) counts 53,800", () => {
  const f = fixture("encoder_decoder");
  const keras3 = structuredClone(f.json);
  // tf.keras 2's RNN.__call__ appends the initial states to the inputs; the node list holds
  // [name, node, tensor, kwargs] per tensor.
  const layers = keras3.config.layers.map((l: Record<string, unknown>) => ({
    class_name: l.class_name,
    name: l.name,
    config: l.class_name === "InputLayer"
      ? {
        name: l.name,
        batch_input_shape: (l.config as Record<string, unknown>).batch_shape,
      }
      : l.config,
    inbound_nodes: (l.inbound_nodes as { args: unknown[]; kwargs: Record<string, unknown> }[])
      .map((node) => {
        const refs = [node.args[0], ...((node.kwargs.initial_state as unknown[]) ?? [])];
        return refs.map((ref) => {
          const [name, n, i] = (ref as { config: { keras_history: unknown[] } }).config
            .keras_history;
          return [name, n, i, {}];
        });
      }),
  }));
  const model = fromKerasJson({
    class_name: "Functional",
    config: {
      name: "functional",
      layers,
      input_layers: keras3.config.input_layers,
      output_layers: [keras3.config.output_layers],
    },
    keras_version: "2.15.0",
    backend: "tensorflow",
  }) as Model;
  assert.equal(model.paramCount(), 53_800);
  const decoder = model.layers.find((l) => l.name === "lstm_1")!;
  assert.deepEqual(model.connectionsOf(decoder), [
    "input_layer_1[0][0]",
    "lstm[0][1]",
    "lstm[0][2]",
  ]);
});

Deno.test("Keras 2's kwargs in a node's fourth element are read: a tensor in them is an edge", () => {
  const model = fromKerasJson({
    class_name: "Model",
    config: {
      name: "cross",
      layers: [
        {
          class_name: "InputLayer",
          name: "q",
          config: { name: "q", batch_input_shape: [null, 10, 16] },
          inbound_nodes: [],
        },
        {
          class_name: "InputLayer",
          name: "v",
          config: { name: "v", batch_input_shape: [null, 20, 24] },
          inbound_nodes: [],
        },
        {
          class_name: "MultiHeadAttention",
          name: "mha",
          config: { name: "mha", num_heads: 4, key_dim: 8 },
          inbound_nodes: [[["q", 0, 0, { value: ["v", 0, 0] }]]],
        },
      ],
      input_layers: [["q", 0, 0], ["v", 0, 0]],
      output_layers: [["mha", 0, 0]],
    },
    keras_version: "2.15.0",
  }) as Model;
  assert.equal(model.paramCount(), fixture("cross_attention").total);
});

Deno.test("cross-attention through the API counts Keras's 2,672: key and value read the value's 24 features", () => {
  const f = fixture("cross_attention");
  assert.equal(f.total, 2_672);
  const query = new Input({ shape: [10, 16], name: "query" });
  const value = new Input({ shape: [20, 24], name: "value" });
  const mha = new MultiHeadAttention({ numHeads: 4, keyDim: 8 });
  const model = new Model({
    inputs: [query, value],
    outputs: mha.apply(query, { value }),
    name: "cross_attention",
  });
  checkAgainst(model, f);
  assert.deepEqual(
    mha.weights().map((w) => w.shape),
    f.weights!.map((w) => w.shape),
  );
});

Deno.test("cross-attention read from Keras 3's JSON counts 2,672, as Keras prints it", () => {
  const f = fixture("cross_attention");
  checkAgainst(fromKerasJson(f.json) as Model, f);
});

Deno.test("returnAttentionScores returns [output, scores] with the shapes Keras 3.15.1's symbolic call gives", () => {
  // Keras 3.15.1, MultiHeadAttention(num_heads=2, key_dim=3)(q, value=v, key=k,
  // return_attention_scores=True) on q (None, 10, 16), v (None, 20, 24), k (None, 20, 12):
  // (None, 10, 16) and (None, 2, 10, 10), 442 parameters; its summary's Connected to reads q,
  // then k, then v (keyword arguments flattened by sorted name).
  const q = new Input({ shape: [10, 16] });
  const v = new Input({ shape: [20, 24] });
  const k = new Input({ shape: [20, 12] });
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 3 });
  const [out, scores] = mha.apply(q, { value: v, key: k, returnAttentionScores: true });
  assert.deepEqual(out.shape, [null, 10, 16]);
  assert.deepEqual(scores.shape, [null, 2, 10, 10]);
  assert.equal(mha.paramCount(), 442);
  const model = new Model({ inputs: [q, v, k], outputs: out });
  assert.deepEqual(model.connectionsOf(mha), [
    "input_layer[0][0]",
    "input_layer_2[0][0]",
    "input_layer_1[0][0]",
  ]);
  // Keras 3.15.1, Attention()([q, v], return_attention_scores=True) on q (None, 10, 16),
  // v (None, 20, 16): (None, 10, 16) and (None, 10, 20).
  const [o2, s2] = new Attention().apply([q, new Input({ shape: [20, 16] })], {
    returnAttentionScores: true,
  });
  assert.deepEqual([o2.shape, s2.shape], [[null, 10, 16], [null, 10, 20]]);
});

Deno.test("an attention mask is an edge, and a causal mask changes no count", () => {
  const q = new Input({ shape: [10, 16] });
  const m = new Input({ shape: [10, 10] });
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 8 });
  const out = mha.apply(q, { attentionMask: m, useCausalMask: true, training: false });
  const model = new Model({ inputs: [q, m], outputs: out });
  assert.deepEqual(model.connectionsOf(mha), ["input_layer[0][0]", "input_layer_1[0][0]"]);
  // Self-attention: 4 × (16·16 + 16) for query, key, value and output projections.
  assert.equal(model.paramCount(), 4 * (16 * 16 + 16));
});

Deno.test("an unknown call argument is refused by name, listing what the layer's call takes", () => {
  const x = new Input({ shape: [4] });
  assert.throws(
    () => new Dense(2).apply(x, { trainingg: false } as never),
    { name: "TypeError", message: /Unknown call argument "trainingg".*did you mean training/ },
  );
  assert.throws(
    () => new Dense(2).apply(x, { mask: null }),
    { name: "TypeError", message: /"mask" for layer "dense" \(Dense\).*its call takes training/ },
  );
  const seq = new Input({ shape: [5, 3] });
  assert.throws(
    () => new LSTM(4).apply(seq, { initialStates: [] } as never),
    { name: "TypeError", message: /its call takes initialState, mask, training/ },
  );
});

Deno.test("Keras's Python names of call arguments get the camelCase one", () => {
  const seq = new Input({ shape: [5, 3] });
  assert.throws(
    () => new LSTM(4).apply(seq, { initial_state: [] } as never),
    /"initial_state" is Keras's Python name; here it is initialState/,
  );
  const q = new Input({ shape: [5, 8] });
  assert.throws(
    () =>
      new MultiHeadAttention(2, { keyDim: 4 }).apply(q, { return_attention_scores: true } as never),
    /"return_attention_scores" is Keras's Python name; here it is returnAttentionScores/,
  );
});

Deno.test("a call argument of the wrong type is refused, naming it", () => {
  const seq = new Input({ shape: [5, 3] });
  assert.throws(
    () => new LSTM(4).apply(seq, { initialState: [5 as never] }),
    { name: "TypeError", message: /Invalid initialState for layer "lstm" \(LSTM\).*received 5/ },
  );
  assert.throws(
    () => new LSTM(4).apply(seq, { training: "no" as never }),
    { name: "TypeError", message: /Invalid training.*expected true or false/ },
  );
  assert.throws(() => new LSTM(4).apply(seq, 3 as never), /Invalid call arguments/);
});

Deno.test("initial states of the wrong number or shape are refused, where Keras fails when the model runs", () => {
  const seq = new Input({ shape: [5, 3] });
  const h = new Input({ shape: [4] });
  const wide = new Input({ shape: [6] });
  assert.throws(
    () => new LSTM(4).apply(seq, { initialState: [h] }),
    (e: Error) => e instanceof IncompatibleShapeError && /carries 2 states/.test(e.message),
  );
  assert.throws(
    () => new GRU(4).apply(seq, { initialState: [wide] }),
    (e: Error) =>
      e instanceof IncompatibleShapeError &&
      /initial state 0 .* has shape \(None, 6\), expected \(None, 4\)/.test(e.message),
  );
  assert.throws(
    () => new Dense(4).apply(seq, { initialState: [h] } as never),
    /Unknown call argument "initialState"/,
  );
});

Deno.test("one GRU state may be given as a tensor, not a list", () => {
  const seq = new Input({ shape: [5, 3] });
  const h = new Input({ shape: [4] });
  const gru = new GRU(4);
  const model = new Model({ inputs: [seq, h], outputs: gru.apply(seq, { initialState: h }) });
  assert.deepEqual(model.connectionsOf(gru), ["input_layer[0][0]", "input_layer_1[0][0]"]);
});

Deno.test("Bidirectional takes the forward copy's states, then the backward copy's", () => {
  const seq = new Input({ shape: [5, 3] });
  const states = [4, 4, 4, 4].map((n) => new Input({ shape: [n] }));
  const bi = new Bidirectional(new LSTM(4));
  const model = new Model({
    inputs: [seq, ...states],
    outputs: bi.apply(seq, { initialState: states }),
  });
  assert.equal(model.connectionsOf(bi).length, 5);
  // Two LSTMs of 4 units on 3 features: 2 × 4 × ((3 + 4) × 4 + 4).
  assert.equal(model.paramCount(), 2 * 4 * ((3 + 4) * 4 + 4));
  assert.throws(
    () => new Bidirectional(new LSTM(4)).apply(seq, { initialState: states.slice(2) }),
    {
      name: "IncompatibleShapeError",
      message: /carries 4 states/,
    },
  );
});

Deno.test("ConvLSTM2D's states are shaped like one step of its output", () => {
  const seq = new Input({ shape: [3, 8, 8, 2] });
  const h = new Input({ shape: [6, 6, 4] });
  const layer = new ConvLSTM2D(4, { kernelSize: 3 });
  layer.apply(seq, { initialState: [h, h] });
  // Keras 3.15.1: ConvLSTM2D(4, 3)(frames, initial_state=[h, c]) on (None, 3, 8, 8, 2) with h and
  // c (None, 6, 6, 4) counts 880, and its JSON reads back the same.
  assert.equal(layer.paramCount(), 880);
  assert.throws(
    () => new ConvLSTM2D(4, { kernelSize: 3 }).apply(seq, { initialState: [h, seq] }),
    /initial state 1 .* expected \(None, 6, 6, 4\)/,
  );
});

Deno.test("a mask given to a recurrent layer is an edge of the graph", () => {
  const seq = new Input({ shape: [5, 3] });
  const mask = new Input({ shape: [5] });
  const lstm = new LSTM(4);
  const model = new Model({ inputs: [seq, mask], outputs: lstm.apply(seq, { mask }) });
  assert.deepEqual(model.connectionsOf(lstm), ["input_layer[0][0]", "input_layer_1[0][0]"]);
});

Deno.test("each kind declares its call once: the API and the JSON reader read the same table", () => {
  assert.deepEqual(Object.keys(callTableOf(LSTM.kind)), ["initialState", "mask", "training"]);
  assert.deepEqual(Object.keys(callTableOf(Dense.kind)), ["training"]);
  assert.ok(Object.hasOwn(callTableOf(MultiHeadAttention.kind), "returnAttentionScores"));
  assert.ok(Object.hasOwn(callTableOf(Attention.kind), "useCausalMask"));
});

Deno.test("a kwarg Keras 3's JSON writes that the layer's call does not take is refused by name", () => {
  const f = fixture("encoder_decoder");
  const json = structuredClone(f.json);
  const decoder = json.config.layers.find((l: { name: string }) => l.name === "lstm_1");
  decoder.inbound_nodes[0].kwargs.constants = [1];
  assert.throws(() => fromKerasJson(json), {
    name: "TypeError",
    message: /Unknown call argument "constants".*LSTM.*initial_state, mask, training/,
  });
});

Deno.test("the decoder without the encoder's states would count 29,480: the states are not dropped", () => {
  // What the library counted when it ignored initial_state: the decoder and the Dense only.
  const model = encoderDecoder();
  const encoder = model.layers.find((l) => l.name === "lstm")!;
  assert.equal(model.paramCount() - encoder.paramCount(), 29_480);
});

Deno.test("GroupedQueryAttention takes its value as a call argument; its scores are Keras's", () => {
  // Keras 3.15.1: GroupQueryAttention(head_dim=8, num_query_heads=4, num_key_value_heads=2)
  // (q, v, return_attention_scores=True) on q (None, 10, 16), v (None, 20, 16): 1,616
  // parameters, output (None, 10, 16), scores (None, 4, 10, 20).
  const q = new Input({ shape: [10, 16] });
  const v = new Input({ shape: [20, 16] });
  const gqa = new GroupedQueryAttention({ headDim: 8, numQueryHeads: 4, numKeyValueHeads: 2 });
  const [out, scores] = gqa.apply(q, { value: v, returnAttentionScores: true });
  assert.equal(gqa.paramCount(), 1_616);
  assert.deepEqual([out.shape, scores.shape], [[null, 10, 16], [null, 4, 10, 20]]);
});

Deno.test("Attention's [queryMask, valueMask] are edges, after the query and the value", () => {
  // Keras 3.15.1: AdditiveAttention()([q, v], mask=[qm, vm]) on q (None, 10, 16),
  // v (None, 20, 16): 16 parameters, connected to q, v, qm, vm.
  const q = new Input({ shape: [10, 16] });
  const v = new Input({ shape: [20, 16] });
  const qm = new Input({ shape: [10] });
  const vm = new Input({ shape: [20] });
  const attention = new AdditiveAttention();
  const out = attention.apply([q, v], { mask: [qm, vm] });
  const model = new Model({ inputs: [q, v, qm, vm], outputs: out });
  assert.equal(model.paramCount(), 16);
  assert.deepEqual(model.connectionsOf(attention), [
    "input_layer[0][0]",
    "input_layer_1[0][0]",
    "input_layer_2[0][0]",
    "input_layer_3[0][0]",
  ]);
});

Deno.test("attention's value given twice, in the list and as a call argument, is refused", () => {
  const q = new Input({ shape: [10, 16] });
  const mha = new MultiHeadAttention({ numHeads: 2, keyDim: 4 });
  assert.throws(() => mha.apply([q, q], { value: q }), /got value twice/);
});

Deno.test("toTfjsModel passes the encoder's states to TF.js: its model counts 53,800 too", async () => {
  await tfjsForTests();
  const tfModel = toTfjsModel(encoderDecoder());
  try {
    assert.equal(tfModel.countParams(), 53_800);
  } finally {
    tfModel.dispose();
  }
});
