// The keras_hub family (keras-hub's, formerly keras-nlp's, layers) against two oracles:
// - real Keras 3.15.1, composing each layer's sub-layers as keras-hub's build() does
//   (tools/keras_oracle/keras_hub_oracle.py wrote tests/fixtures/keras_hub_oracle.json);
// - tables real Keras printed in keras-io's examples (../shared/realworld, read when present),
//   for the configurations the examples' code documents.
// No expected number comes from the code under test.

import assert from "assert";
import { sequentialJson } from "./_json.ts";
import {
  compareFrameworks,
  Dense,
  Dropout,
  Embedding,
  findKind,
  FNetEncoder,
  fromKerasJson,
  GlobalAveragePooling1D,
  Input,
  kindsOf,
  type Layer,
  LayerNormalization,
  MaskedLMHead,
  Model,
  PositionEmbedding,
  Sequential,
  type Shape,
  SinePositionEncoding,
  type SymbolicTensor,
  TokenAndPositionEmbedding,
  TransformerDecoder,
  TransformerEncoder,
} from "../mod.ts";
import { createLayer } from "../lib/layers/registry.ts";

interface OracleCase {
  readonly what: string;
  readonly className: string;
  readonly config: Record<string, unknown>;
  readonly inputShapes: Shape[];
  readonly weights?: [string, number[], boolean][];
  readonly params?: number;
  readonly outputShape?: Shape;
  readonly error?: string;
}

interface OracleModel {
  readonly json: object;
  readonly layers: { name: string; class_name: string; params: number; output_shape: Shape }[];
  readonly total: number;
  readonly trainable: number;
  readonly summary: string;
}

const ORACLE = JSON.parse(
  Deno.readTextFileSync(new URL("./fixtures/keras_hub_oracle.json", import.meta.url)),
) as { keras_version: string; cases: OracleCase[]; models: Record<string, OracleModel> };

/** Builds a layer of the oracle's case as Keras did: `build(*input_shapes)`. */
function buildCase(c: OracleCase): Layer {
  const config: Record<string, unknown> = { ...c.config, name: "probe" };
  if (Array.isArray(config.tokenEmbedding)) {
    // A head tied to an embedding: the case gives the embedding's sizes.
    const [inputDim, outputDim] = config.tokenEmbedding;
    config.tokenEmbedding = new Embedding({ inputDim, outputDim, name: "token_embedding" });
  }
  const layer = createLayer(c.className, config);
  const [first, second] = c.inputShapes;
  if (layer instanceof TransformerDecoder || layer instanceof MaskedLMHead) {
    return layer.build(first, second);
  }
  return layer.build(first);
}

const documented = (what: string) => ORACLE.cases.find((c) => c.what.startsWith(what))!;

// ---------------------------------------------------------------------------------------------
// Real Keras 3, composed as keras-hub builds

// Keras's MultiHeadAttention builds for a query without a sequence axis (None, 8), so keras-hub's
// transformers build there too (running them fails); this library's MultiHeadAttention, and so
// its transformers, refuse such an input when it is given, with the reason.
const KNOWN_DIFFERENCES = new Set(["edge: no sequence axis"]);

Deno.test("every keras-hub layer has the weights, count and output shape Keras 3 builds", () => {
  const built = ORACLE.cases.filter((c) => !c.error && !KNOWN_DIFFERENCES.has(c.what));
  assert.ok(built.length >= 190, `${built.length} cases`);
  for (const c of built) {
    const where = `${c.className} ${JSON.stringify(c.config)} on ${JSON.stringify(c.inputShapes)}`;
    const layer = buildCase(c);
    assert.deepEqual(
      layer.weights().map((w) => [w.name, [...w.shape], w.trainable]),
      c.weights,
      where,
    );
    assert.equal(layer.paramCount(), c.params, where);
    assert.deepEqual(layer.outputShape(), c.outputShape, where);
  }
});

Deno.test("every input Keras refuses to build a keras-hub layer on is refused, as a typed error", () => {
  const refused = ORACLE.cases.filter((c) => c.error);
  assert.ok(refused.length >= 20, `${refused.length} cases`);
  for (const c of refused) {
    assert.throws(
      () => buildCase(c).paramCount(),
      (error: Error) => error instanceof TypeError || error instanceof RangeError,
      `${c.className} on ${JSON.stringify(c.inputShapes)}: Keras said ${c.error}`,
    );
  }
});

Deno.test("a transformer on a query without a sequence axis is refused where Keras builds it", () => {
  for (const c of ORACLE.cases.filter((c) => KNOWN_DIFFERENCES.has(c.what))) {
    assert.equal(c.params, 600, "Keras builds its weights");
    assert.throws(() => buildCase(c), {
      name: "IncompatibleShapeError",
      message: /expected min_ndim=3, found ndim=2/,
    });
  }
});

Deno.test("the encoder's count does not depend on numHeads when it divides the hidden size", () => {
  // Keras composed 64 features, 2 heads, 128 wide: 33,472 (torch's TransformerEncoderLayer(64,
  // 4, 128) has the same, tests/attention_test.ts).
  const expected = documented("getting_started: the tiny transformer").params!;
  assert.equal(expected, 33_472);
  for (const heads of [1, 2, 4, 8, 16, 32, 64]) {
    const encoder = new TransformerEncoder(128, { numHeads: heads, inputShape: [null, 64] });
    assert.equal(encoder.paramCount(), expected, `${heads} heads`);
  }
  // 3 heads do not divide 64: key_dim 21, 63 columns per projection instead of 64.
  const three = new TransformerEncoder(128, { numHeads: 3, inputShape: [null, 64] });
  assert.equal(three.paramCount(), 3 * (64 * 63 + 63) + (63 * 64 + 64) + 2 * 2 * 64 + 16_576);
});

// ---------------------------------------------------------------------------------------------
// Models Keras built, summarized and exported

// The tied model's head holds a copy of its embedding in JSON, not which layer it shares: it is
// rebuilt below with the API instead.
for (const [name, model] of Object.entries(ORACLE.models).filter(([name]) => name !== "tied")) {
  Deno.test(`fromKerasJson reads the ${name} model with Keras's counts, shapes and totals`, () => {
    const ours = fromKerasJson(model.json) as Model;
    const layers = ours.layers.map((l) => [l.name, l.className, l.paramCount(), l.outputShape()]);
    const keras = model.layers
      .filter((l) => l.class_name !== "InputLayer")
      .map((l) => [l.name, l.class_name, l.params, l.output_shape]);
    assert.deepEqual(layers.filter(([, c]) => c !== "InputLayer"), keras);
    assert.equal(ours.paramCount(), model.total);
    assert.equal(ours.trainableParamCount(), model.trainable);
    assert.equal(String(ours.summary()), model.summary.trimEnd());
  });
}

Deno.test("a head tied to a model's embedding counts the table in its row and once in the total", () => {
  const keras = ORACLE.models.tied;
  const tokens = new Input({ shape: [null], dtype: "int32" });
  const positions = new Input({ shape: [null], dtype: "int32" });
  const embedding = new Embedding(300, { outputDim: 32, name: "token_embedding" });
  const encoded = new TransformerEncoder(64, { numHeads: 4 }).apply(embedding.apply(tokens));
  const head = new MaskedLMHead({ tokenEmbedding: embedding, activation: "softmax" });
  const model = new Model({
    inputs: [tokens, positions],
    outputs: head.apply([encoded, positions]),
  });
  assert.deepEqual(
    model.layers.filter((l) => l.className !== "InputLayer").map((l) => l.paramCount()),
    keras.layers.filter((l) => l.class_name !== "InputLayer").map((l) => l.params),
  );
  assert.equal(model.paramCount(), keras.total);
  // In JSON the head holds a copy of the embedding, not which layer it shares: refused.
  const layers = (keras.json as { config: { layers: { class_name: string }[] } }).config.layers;
  const entry = layers.find((l) => l.class_name === "MaskedLMHead");
  const json = sequentialJson([
    { class_name: "InputLayer", config: { batch_shape: [null, 5, 32], name: "input" } },
    entry,
  ], { name: null });
  assert.throws(() => fromKerasJson(json), {
    name: "TypeError",
    message: /Unsupported option "token_embedding": the JSON holds a copy of the embedding/,
  });
});

Deno.test("a decoder read from JSON has cross-attention exactly when keras-hub built it so", () => {
  const json = ORACLE.models.translation.json as {
    config: { layers: { class_name: string; config: Record<string, unknown> }[] };
  };
  const decoder = json.config.layers.find((l) => l.class_name === "TransformerDecoder")!;
  assert.deepEqual(decoder.config.encoder_sequence_shape, [null, null, 48]);
  const gpt = ORACLE.models.gpt.json as typeof json;
  const decoderOnly = gpt.config.layers.find((l) => l.class_name === "TransformerDecoder")!;
  assert.equal(decoderOnly.config.encoder_sequence_shape, null);
  const model = fromKerasJson(ORACLE.models.translation.json) as Model;
  const ours = model.layers.find((l) => l.className === "TransformerDecoder") as TransformerDecoder;
  assert.deepEqual(ours.encoderSequenceShape, [null, null, 48]);
  assert.ok(ours.weights().some((w) => w.name === "cross_attention/key/kernel"));
});

// ---------------------------------------------------------------------------------------------
// Tables real Keras printed in keras-io's examples (../shared/realworld)

const REALWORLD = new URL("../../shared/realworld/", import.meta.url);

function realworld(file: string): string | undefined {
  try {
    return Deno.readTextFileSync(new URL(file, REALWORLD));
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return undefined;
    throw error;
  }
}

/** The count and output shape printed on the row that starts with a layer's (cut) name. */
function printedRow(table: string, rowStart: string): { params: number; shape: string } {
  const line = table.split("\n").find((l) => l.startsWith(` ${rowStart}`));
  assert.ok(line, `no row starts with ${rowStart}`);
  const match = /(\([^()]*\))\]?\s+(\d[\d,]*)(?:\s|$)/.exec(line);
  assert.ok(match, `unreadable row: ${line}`);
  return { shape: match[1], params: Number(match[2].replaceAll(",", "")) };
}

function printedTotal(table: string): number {
  return Number(/Total params: ([\d,]+)/.exec(table)![1].replaceAll(",", ""));
}

const shapeText = (shape: Shape) => `(${shape.map((d) => d ?? "None").join(", ")})`;

/** Runs a test on a printed table; without ../shared/realworld the test is ignored, saying why. */
function onTable(file: string, name: string, check: (table: string) => void): void {
  const table = realworld(file);
  Deno.test({
    name: table === undefined ? `${name} (ignored: ../shared/realworld/${file} is absent)` : name,
    ignore: table === undefined,
    fn: () => check(table!),
  });
}

// Each model below is the example's code with its documented hyperparameters; the source of
// each table is in ../shared/realworld/index.json.
onTable(
  "kio2023__generative__text_generation_gpt__01.txt",
  "keras-io's GPT example (decoder-only TransformerDecoder) prints our counts",
  (table) => {
    // SEQ_LEN 128, EMBED_DIM 256, FEED_FORWARD_DIM 256, NUM_HEADS 3, NUM_LAYERS 2, VOCAB 5000.
    const inputs = new Input({ shape: [null], dtype: "int32" });
    let x = new TokenAndPositionEmbedding(5000, { sequenceLength: 128, embeddingDim: 256 })
      .apply(inputs);
    const decoders = [0, 1].map(() => new TransformerDecoder(256, { numHeads: 3 }));
    for (const decoder of decoders) x = decoder.apply(x);
    const model = new Model({ inputs, outputs: new Dense(5000).apply(x) });
    const embedding = model.layers[1];
    const row = printedRow(table, "token_and_position_embeddin");
    assert.equal(embedding.paramCount(), row.params);
    assert.equal(shapeText(embedding.outputShape() as Shape), row.shape);
    for (
      const [decoder, start] of [[decoders[0], "transformer_decoder (Transf"], [
        decoders[1],
        "transformer_decoder_1 (Tran",
      ]] as const
    ) {
      assert.equal(decoder.paramCount(), printedRow(table, start).params);
      assert.equal(decoder.hasCrossAttention, false);
    }
    assert.equal(model.paramCount(), printedTotal(table));
  },
);

function classifier(block: () => Layer): Model {
  // fnet_classification_with_keras_nlp: MAX_SEQUENCE_LENGTH 512, VOCAB_SIZE 15000, EMBED_DIM 128,
  // INTERMEDIATE_DIM 512, three blocks, pooling, Dropout(0.1), Dense(1).
  const inputs = new Input({ shape: [null], dtype: "int64", name: "input_ids" });
  let x: SymbolicTensor = new TokenAndPositionEmbedding(15000, {
    sequenceLength: 512,
    embeddingDim: 128,
    maskZero: true,
  }).apply(inputs);
  for (let i = 0; i < 3; i++) x = block().apply(x);
  x = new GlobalAveragePooling1D().apply(x);
  x = new Dropout(0.1).apply(x);
  return new Model({ inputs, outputs: new Dense(1, { activation: "sigmoid" }).apply(x) });
}

onTable(
  "kio2023__nlp__fnet_classification_with_keras_nlp__01.txt",
  "keras-io's FNet classifier prints our FNetEncoder and TokenAndPositionEmbedding counts",
  (table) => {
    const model = classifier(() => new FNetEncoder(512));
    assert.equal(
      model.layers[1].paramCount(),
      printedRow(table, "token_and_position_embeddin").params,
    );
    for (const start of ["f_net_encoder (FNetEncoder)", "f_net_encoder_1", "f_net_encoder_2"]) {
      const row = printedRow(table, start);
      assert.equal(model.layers[2].paramCount(), row.params, start);
      assert.equal(shapeText(model.layers[2].outputShape() as Shape), row.shape);
    }
    assert.equal(model.paramCount(), printedTotal(table));
  },
);

onTable(
  "kio2023__nlp__fnet_classification_with_keras_nlp__02.txt",
  "keras-io's transformer classifier (2 heads on 128 features) prints our TransformerEncoder count",
  (table) => {
    const model = classifier(() => new TransformerEncoder(512, { numHeads: 2 }));
    for (
      const start of [
        "transformer_encoder (Transf",
        "transformer_encoder_1",
        "transformer_encoder_2",
      ]
    ) {
      assert.equal(model.layers[2].paramCount(), printedRow(table, start).params, start);
    }
    assert.equal(model.paramCount(), printedTotal(table));
  },
);

onTable(
  "kio2023__guides__keras_nlp__transformer_pretraining__01.txt",
  "keras-io's pretraining guide prints our counts for its encoder model",
  (table) => {
    // SEQ_LENGTH 128, MODEL_DIM 256, INTERMEDIATE_DIM 512, NUM_HEADS 4, NUM_LAYERS 3,
    // NORM_EPSILON 1e-5, DROPOUT 0.1; the vocabulary is BERT's uncased WordPiece file, 30,522.
    const model = new Sequential([
      new Input({ shape: [128], dtype: "int32" }),
      new TokenAndPositionEmbedding(30522, { sequenceLength: 128, embeddingDim: 256 }),
      new LayerNormalization({ epsilon: 1e-5 }),
      new Dropout(0.1),
      ...[0, 1, 2].map(() =>
        new TransformerEncoder(512, { numHeads: 4, dropout: 0.1, layerNormEpsilon: 1e-5 })
      ),
    ]);
    const row = printedRow(table, "token_and_position_embeddin");
    assert.equal(model.layers[0].paramCount(), row.params);
    assert.equal(shapeText(model.layers[0].outputShape() as Shape), row.shape);
    for (
      const start of [
        "transformer_encoder (Transf",
        "transformer_encoder_1",
        "transformer_encoder_2",
      ]
    ) {
      assert.equal(model.layers[3].paramCount(), printedRow(table, start).params, start);
    }
    assert.equal(model.paramCount(), printedTotal(table));
  },
);

onTable(
  "kio2023__guides__keras_nlp__getting_started__03.txt",
  "keras-io's getting-started tiny transformer prints our TransformerEncoder count",
  (table) => {
    // TransformerEncoder(num_heads=2, intermediate_dim=128) on embedding_dim 64. The embedding's
    // vocabulary is len() of a WordPiece vocabulary trained on IMDB, which the guide does not
    // print, so its row is not checked here.
    const encoder = new TransformerEncoder(128, { numHeads: 2, inputShape: [null, 64] });
    const row = printedRow(table, "transformer_encoder_2 (Tran");
    assert.equal(encoder.paramCount(), row.params);
    assert.equal(shapeText(encoder.outputShape() as Shape), row.shape);
  },
);

onTable(
  "kio2023__guides__keras_nlp__getting_started__01.txt",
  "keras-io's getting-started encoders on BERT-tiny's 128 features print our count",
  (table) => {
    // TransformerEncoder(num_heads=2, intermediate_dim=512) on BertBackbone("bert_tiny_en_uncased")
    // sequence_output (hidden 128), called with padding_mask, which has no weights.
    const sequence = new Input({ shape: [null, 128] });
    const mask = new Input({ shape: [null], dtype: "int32" });
    const first = new TransformerEncoder(512, { numHeads: 2 });
    const second = new TransformerEncoder(512, { numHeads: 2 });
    second.apply([first.apply([sequence, mask]), mask]);
    for (
      const [layer, start] of [[first, "transformer_encoder (Transform"], [
        second,
        "transformer_encoder_1 (Transfo",
      ]] as const
    ) {
      assert.equal(layer.paramCount(), printedRow(table, start).params, start);
    }
  },
);

onTable(
  "kio2023__guides__keras_nlp__getting_started__02.txt",
  "keras-io's getting-started MaskedLMHead, tied to BERT's token embedding, prints our count",
  (table) => {
    // BertBackbone(vocabulary_size=30522 (BERT's), hidden_dim=128, …) and
    // MaskedLMHead(embedding_weights=backbone.token_embedding.embeddings): Keras counts the
    // tracked embedding table in the head's row, and once in the total.
    const tokenEmbedding = new Embedding(30522, { outputDim: 128, name: "token_embedding" });
    const head = new MaskedLMHead({ tokenEmbedding });
    head.build([null, null, 128], [null, null]);
    const row = printedRow(table, "masked_lm_head (MaskedLMHead)");
    assert.equal(head.paramCount(), row.params);
    assert.equal(shapeText(head.outputShape() as Shape), row.shape);
    // The backbone's row prints a dict of outputs, then its count.
    const backboneLine = table.split("\n").find((l) => l.startsWith(" bert_backbone_4"))!;
    const backbone = Number(/:\s+(\d+)\s/.exec(backboneLine)![1]);
    assert.equal(backbone + head.paramCount() - 30522 * 128, printedTotal(table));
  },
);

onTable(
  "kio2023__nlp__neural_machine_translation_with_keras_nlp__01.txt",
  "keras-io's translation example prints our encoder and embedding counts",
  (table) => {
    // MAX_SEQUENCE_LENGTH 40, ENG_VOCAB_SIZE 15000, EMBED_DIM 256, INTERMEDIATE_DIM 2048,
    // NUM_HEADS 8. (The decoder sits inside the nested model_1 row, which is its sum.)
    const embedding = new TokenAndPositionEmbedding(15000, {
      sequenceLength: 40,
      embeddingDim: 256,
    });
    const encoder = new TransformerEncoder(2048, { numHeads: 8, inputShape: [null, 256] });
    assert.equal(
      embedding.paramCount(),
      printedRow(table, "token_and_position_embedding (").params,
    );
    assert.equal(encoder.paramCount(), printedRow(table, "transformer_encoder (Transform").params);
  },
);

// ---------------------------------------------------------------------------------------------
// Declarations, names and JSON

Deno.test("the keras_hub family declares its seven kinds, under keras_hub> and keras_nlp> names", () => {
  assert.deepEqual(kindsOf("keras_hub").map((k) => k.className), [
    "PositionEmbedding",
    "SinePositionEncoding",
    "TokenAndPositionEmbedding",
    "TransformerEncoder",
    "TransformerDecoder",
    "FNetEncoder",
    "MaskedLMHead",
  ]);
  assert.equal(findKind("keras_hub>TransformerEncoder"), TransformerEncoder.kind);
  assert.equal(findKind("keras_nlp>FNetEncoder"), FNetEncoder.kind);
});

Deno.test("fromKerasJson reads keras-nlp layers as Keras 2 names them, keras_nlp>Class", () => {
  const model = fromKerasJson(sequentialJson([
    {
      class_name: "keras_nlp>TokenAndPositionEmbedding",
      config: {
        name: "token_and_position_embedding",
        batch_input_shape: [null, 512],
        vocabulary_size: 15000,
        sequence_length: 512,
        embedding_dim: 128,
        embeddings_initializer: "uniform",
        mask_zero: true,
      },
    },
    {
      class_name: "keras_nlp>FNetEncoder",
      config: {
        name: "f_net_encoder",
        intermediate_dim: 512,
        dropout: 0,
        activation: "relu",
        layer_norm_epsilon: 1e-5,
        kernel_initializer: { class_name: "GlorotUniform", config: { seed: null } },
        bias_initializer: "zeros",
      },
    },
  ])) as Sequential;
  assert.deepEqual(
    model.layers.map((l) => l.paramCount()),
    ["fnet_classification: VOCAB_SIZE", "fnet_classification: EMBED_DIM"].map((w) =>
      documented(w).params
    ),
  );
});

Deno.test("a class of one's own named TransformerEncoder is not read as keras-hub's", () => {
  const ownClass = (registeredName: string) =>
    sequentialJson([{
      module: "__main__",
      class_name: "TransformerEncoder",
      registered_name: registeredName,
      config: {
        name: "mine",
        intermediate_dim: 64,
        num_heads: 2,
        batch_input_shape: [null, 8, 16],
      },
    }], { name: null });
  const own = ownClass("Custom>TransformerEncoder");
  assert.throws(() => fromKerasJson(own), {
    name: "TypeError",
    message:
      /Unknown layer class "TransformerEncoder" \(registered as "Custom>TransformerEncoder"\)/,
  });
  const unregistered = ownClass("TransformerEncoder");
  assert.throws(() => fromKerasJson(unregistered), {
    name: "TypeError",
    message:
      /from module "__main__": paramlab's TransformerEncoder is the one Keras registers as "keras_hub>TransformerEncoder"/,
  });
});

// ---------------------------------------------------------------------------------------------
// The functional API and trainable

Deno.test("an encoder called with a padding mask takes its weights from the sequence alone", () => {
  const x = new Input({ shape: [10, 64] });
  const mask = new Input({ shape: [10] });
  const encoder = new TransformerEncoder(128, { numHeads: 4 });
  const y = encoder.apply([x, mask]);
  assert.deepEqual(y.shape, [null, 10, 64]);
  assert.equal(encoder.paramCount(), documented("getting_started: the tiny transformer").params);
  assert.throws(() => new TransformerEncoder(8, { numHeads: 2 }).apply([x, mask, mask, mask]), {
    name: "TypeError",
    message: /takes a sequence and up to 2 masks, received 4 inputs/,
  });
});

Deno.test("a decoder called on [decoder, encoder] builds the cross-attention Keras builds", () => {
  const expected = documented("neural_machine_translation_with_keras_nlp: the decoder");
  const target = new Input({ shape: [null, 256] });
  const source = new Input({ shape: [null, 256] });
  const decoder = new TransformerDecoder(2048, { numHeads: 8 });
  decoder.apply([target, source]);
  assert.equal(decoder.paramCount(), expected.params);
  assert.deepEqual(decoder.weights().map((w) => w.name), expected.weights!.map(([n]) => n));
  const alone = new TransformerDecoder(2048, { numHeads: 8 });
  alone.apply(target);
  assert.equal(alone.hasCrossAttention, false);
});

Deno.test("encoderSequenceShape decides the cross-attention as keras-hub's JSON records it", () => {
  const expected = documented("neural_machine_translation_with_keras_nlp: the decoder").params;
  const configured = new TransformerDecoder(2048, {
    numHeads: 8,
    encoderSequenceShape: [null, null, 256],
    inputShape: [null, 256],
  });
  assert.equal(configured.paramCount(), expected);
  const decoderOnly = new TransformerDecoder(16, { numHeads: 2, encoderSequenceShape: null });
  assert.throws(() => decoderOnly.build([null, 5, 8], [null, 5, 8]), {
    name: "IncompatibleShapeError",
    message: /configured without cross-attention \(encoderSequenceShape: null\)/,
  });
  const other = new TransformerDecoder(16, { numHeads: 2, encoderSequenceShape: [null, 5, 8] });
  assert.throws(() => other.build([null, 5, 8], [null, 5, 9]), {
    name: "IncompatibleShapeError",
    message: /configured for an encoder sequence of shape \(None, 5, 8\).*received \(None, 5, 9\)/,
  });
});

Deno.test("setting trainable to false freezes the sub-layers' weights too", () => {
  const decoder = new TransformerDecoder(32, { numHeads: 2 }).build([null, 4, 16], [null, 3, 8]);
  const embedding = new TokenAndPositionEmbedding(50, {
    sequenceLength: 12,
    embeddingDim: 16,
    tieWeights: false,
  });
  for (const layer of [decoder, embedding]) {
    layer.trainable = false;
    assert.ok(layer.weights().every((w) => !w.trainable), layer.name);
    assert.equal(layer.nonTrainableParamCount(), layer.paramCount());
  }
});

// ---------------------------------------------------------------------------------------------
// Explanations

Deno.test("the encoder explains itself as attention, norms and feed-forward", () => {
  const why = new TransformerEncoder(128, { numHeads: 2, inputShape: [null, 64] }).explain().why
    .join("\n");
  assert.match(
    why,
    /Self-attention \(self_attention_layer\): Keras's MultiHeadAttention with 2 heads of 32/,
  );
  assert.match(why, /query, key and value projections 64·\(2·32\) \+ 2·32 = 4,160 each/);
  assert.match(why, /Two layer normalizations .*: 2 × 2 × 64 = 256/);
  assert.match(why, /Feed-forward: .* 64·128 \+ 128 = 8,320, .* 128·64 \+ 64 = 8,256/);
  assert.match(why, /Total: 16,640 \+ 256 \+ 8,320 \+ 8,256 = 33,472/);
  assert.match(why, /the count does not depend on numHeads/);
});

Deno.test("a decoder whose heads do not divide the hidden size says key_dim is rounded down", () => {
  const e = new TransformerDecoder(256, { numHeads: 3, inputShape: [null, 256] }).explain();
  assert.equal(e.paramCount, documented("text_generation_gpt: decoder-only").params);
  const why = e.why.join("\n");
  assert.match(why, /256 \/\/ 3 = 85/);
  assert.match(why, /3 does not divide 256.*3 × 85 = 255 columns instead of 256/);
  assert.match(why, /No cross-attention: keras-hub builds it only when/);
  const cross = new TransformerDecoder(64, { numHeads: 4 }).build([null, 10, 32], [null, 7, 48]);
  assert.match(
    cross.explain().why.join("\n"),
    /Cross-attention \(cross_attention\).*key and value projections of the encoder sequence's 48 features/,
  );
  assert.match(cross.explain().why.join("\n"), /Three layer normalizations/);
});

Deno.test("the weightless and embedding kinds explain their counts", () => {
  assert.match(
    new SinePositionEncoding({ inputShape: [10, 8] }).explain().why.join(" "),
    /nothing is learned/,
  );
  assert.match(
    new FNetEncoder(512, { inputShape: [null, 128] }).explain().why.join(" "),
    /No attention weights: FNet mixes the tokens with a Fourier transform/,
  );
  const untied = new TokenAndPositionEmbedding(100, {
    sequenceLength: 10,
    embeddingDim: 8,
    tieWeights: false,
  }).explain();
  assert.equal(untied.symbolic, "v × d + d × v + s × d");
  assert.match(untied.why.join(" "), /reverse_embeddings, d × v = 800/);
  const position = new PositionEmbedding(128, { inputShape: [null, 256] }).explain();
  assert.equal(position.symbolic, "s × d");
});

// ---------------------------------------------------------------------------------------------
// PyTorch

Deno.test("the transformers have PyTorch's transformer layers' parameters, as torch records them", () => {
  // What torch 2.13 registers for nn.TransformerEncoderLayer(64, 4, 128) and
  // nn.TransformerDecoderLayer(64, 4, 128) (tools/torch_attention.py wrote the fixture).
  const torch = JSON.parse(
    Deno.readTextFileSync(new URL("./fixtures/torch_attention.json", import.meta.url)),
  ).modules as Record<string, { params: { name: string; shape: number[] }[]; count: number }>;
  const cases = [
    [new TransformerEncoder(128, { numHeads: 4, inputShape: [10, 64] }), "TransformerEncoderLayer"],
    // A decoder without cross-attention is, in weights, an encoder layer.
    [new TransformerDecoder(128, { numHeads: 4, inputShape: [10, 64] }), "TransformerEncoderLayer"],
    [
      new TransformerDecoder(128, { numHeads: 4 }).build([null, 10, 64], [null, 7, 64]),
      "TransformerDecoderLayer",
    ],
  ] as const;
  for (const [layer, module] of cases) {
    const real = torch[`${module}(64, 4, 128)`];
    const c = compareFrameworks(layer);
    assert.ok(c.pytorch, c.why.join(" "));
    assert.match(c.pytorch.module, new RegExp(`^torch\\.nn\\.${module}\\(64, 4, 128`));
    assert.deepEqual(
      c.pytorch.weights.map((w) => [w.name, [...w.shape]]),
      real.params.map((p) => [p.name, p.shape]),
    );
    assert.equal(layer.paramCount(), real.count);
    assert.equal(c.difference, 0);
  }
  const gpt = compareFrameworks(
    new TransformerDecoder(256, { numHeads: 3, inputShape: [null, 256] }),
  );
  assert.equal(gpt.pytorch, undefined);
  assert.match(gpt.why.join(" "), /needs numHeads to divide the 256 features/);
});

// ---------------------------------------------------------------------------------------------
// Bad input

Deno.test("Keras's Python names get the TypeScript name", () => {
  const cases: [() => unknown, string, string][] = [
    [
      () => new TransformerEncoder({ intermediate_dim: 64, numHeads: 2 } as never),
      "intermediate_dim",
      "intermediateDim",
    ],
    [() => new TransformerEncoder(64, { num_heads: 2 } as never), "num_heads", "numHeads"],
    [
      () => new TransformerDecoder(64, { numHeads: 2, normalize_first: true } as never),
      "normalize_first",
      "normalizeFirst",
    ],
    [
      () => new TokenAndPositionEmbedding({ vocabulary_size: 10 } as never),
      "vocabulary_size",
      "vocabularySize",
    ],
    [
      () => new TokenAndPositionEmbedding(10, { sequenceLength: 4, embedding_dim: 3 } as never),
      "embedding_dim",
      "embeddingDim",
    ],
    [
      () =>
        new TokenAndPositionEmbedding(
          10,
          { sequenceLength: 4, embeddingDim: 3, tie_weights: false } as never,
        ),
      "tie_weights",
      "tieWeights",
    ],
    [
      () => new PositionEmbedding({ sequence_length: 10 } as never),
      "sequence_length",
      "sequenceLength",
    ],
    [
      () => new FNetEncoder(8, { layer_norm_epsilon: 1e-6 } as never),
      "layer_norm_epsilon",
      "layerNormEpsilon",
    ],
  ];
  for (const [make, python, ours] of cases) {
    assert.throws(make, (error: Error) => {
      assert.ok(error instanceof TypeError, error.message);
      assert.ok(
        error.message.includes(`"${python}" is Keras's Python name; here it is ${ours}`),
        error.message,
      );
      return true;
    });
  }
});

Deno.test("a missing or invalid size names the layer and the value", () => {
  assert.throws(() => new TransformerEncoder(64 as never), {
    name: "TypeError",
    message:
      /Invalid numHeads for TransformerEncoder: expected a positive integer, received undefined/,
  });
  assert.throws(() => new TransformerDecoder(64, { numHeads: 0 }), {
    name: "RangeError",
    message: /Invalid numHeads for TransformerDecoder: expected a positive integer, received 0/,
  });
  assert.throws(
    () => new TokenAndPositionEmbedding(10, { sequenceLength: "4" as never, embeddingDim: 3 }),
    {
      name: "TypeError",
      message: /Invalid sequenceLength for TokenAndPositionEmbedding: .*received "4" \(a string\)/,
    },
  );
  assert.throws(() => new FNetEncoder(8, { activation: "rellu" }), {
    name: "TypeError",
    message: /Invalid activation for FNetEncoder: .*did you mean "relu"\?/,
  });
  // keras-hub's own registered activations are accepted.
  assert.equal(
    new TransformerEncoder(8, { numHeads: 2, activation: "keras_hub>gelu_approximate" }).numHeads,
    2,
  );
});

Deno.test("more heads than features is refused as keras-hub refuses it, naming the layer", () => {
  assert.throws(
    () => new TransformerEncoder(16, { numHeads: 12, inputShape: [null, 8] }).paramCount(),
    {
      name: "IncompatibleShapeError",
      message:
        /Layer "transformer_encoder": attention `key_dim` computed cannot be zero: the hidden size 8 .* must be at least numHeads 12/,
    },
  );
  assert.throws(
    () => new TransformerEncoder(16, { numHeads: 2, inputShape: [5, null] }).paramCount(),
    {
      name: "IncompatibleShapeError",
      message: /axis -1 of the input must be known/,
    },
  );
});

Deno.test("a MaskedLMHead needs its mask positions and one vocabulary", () => {
  assert.throws(() => new MaskedLMHead(10, { inputShape: [5, 8] }).paramCount(), {
    name: "IncompatibleShapeError",
    message: /takes two inputs, the encoded sequence and the mask positions/,
  });
  assert.throws(() => new MaskedLMHead({}), {
    name: "TypeError",
    message: /one of vocabularySize or tokenEmbedding must be set/,
  });
  assert.throws(
    () => new MaskedLMHead(10, { tokenEmbedding: new Embedding(12, { outputDim: 4 }) }),
    {
      name: "RangeError",
      message:
        /vocabularySize for MaskedLMHead: it must be the token embedding's inputDim 12, received 10/,
    },
  );
  assert.throws(() => new MaskedLMHead(10, { tokenEmbedding: { inputDim: 10 } as never }), {
    name: "TypeError",
    message: /Invalid tokenEmbedding for MaskedLMHead: expected an Embedding layer/,
  });
});
