/**
 * keras-hub's encoder and encoder–decoder families of text and audio: DeBERTaV3 (disentangled
 * attention with a shared relative-position table), T5 (RMS-style norms without offsets, no
 * biases, a relative-position bias in each stack's first layer), Whisper (a convolutional audio
 * front end, key projections without bias), GPT-NeoX (one fused query-key-value projection),
 * FNet (Fourier mixing: blocks without attention weights), RoFormerV2 and ESM (RoFormer's
 * attention of four Dense layers, rotary positions) and XLNet (relative attention).
 *
 * keras-hub sizes each head as `hidden_dim // num_heads` in these families and checks no
 * divisibility; so does this file.
 *
 * @module
 */

import type { FamilyDeclaration } from "./backbone.ts";
import {
  type BlockSizes,
  dense,
  encoderBlock,
  type HubLayer,
  layerNorm,
  reversibleEmbedding,
  sequenceOf,
  table,
  tokenAndPosition,
  weightless,
} from "./blocks.ts";
import {
  type Config,
  ENCODER_REQUIRED,
  flooredSizes,
  n,
  reads,
  readsEach,
  repeat,
  shaped,
  tensorOf,
  w,
} from "./_family_kit.ts";
import { operation } from "./blocks.ts";
import type { Shape } from "../shape.ts";
import { XLNET } from "./families_xlnet.ts";
import { bertEmbeddings } from "./families_text.ts";
import { thousands } from "../numbers.ts";

const fmt = thousands;

// --- DeBERTaV3 ---------------------------------------------------------------------------------

/**
 * DeBERTaV3's `DisentangledAttentionEncoder`: BERT's encoder block, except that the attention's
 * output is a Dense layer `hidden × hidden` (keras-hub builds it on the hidden size, which equals
 * heads × headDim only when the heads divide it), not an EinsumDense `(heads, headDim, hidden)`.
 */
function disentangledBlock(name: string, s: BlockSizes): HubLayer {
  const base = encoderBlock(name, "TransformerEncoder", s);
  const { hidden: d, heads: h, headDim: k, intermediate: f } = s;
  return {
    ...base,
    className: "DisentangledAttentionEncoder",
    weights: base.weights.map((x) =>
      x.path.endsWith("/attention_output/kernel") ? { ...x, shape: [d, d] } : x
    ),
    what: `disentangled attention (content and relative position share the query and key ` +
      `projections): query, key, value ${fmt(d)} → ${h} heads × ${k} with biases, output Dense ` +
      `${fmt(d)} → ${fmt(d)} with bias; MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)} with biases; two ` +
      `layer norms`,
    formula: `attention 3·${fmt(d)}·${fmt(h * k)} + ${fmt(d)}·${fmt(d)} + 3·${fmt(h * k)} + ` +
      `${fmt(d)} + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms 4·${fmt(d)}`,
  };
}

const DEBERTA_V3: FamilyDeclaration = {
  className: "DebertaV3Backbone",
  defaultName: "deberta_v3_backbone",
  required: ENCODER_REQUIRED,
  defaults: { dropout: 0.1, maxSequenceLength: 512, bucketSize: 256, dtype: null },
  sizes: ["maxSequenceLength", "bucketSize"],
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const rows = 2 * n(c, "bucketSize");
    return [
      weightless("token_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      layerNorm("embeddings_layer_norm", d),
      weightless("embeddings_dropout", "Dropout"),
      weightless("padding_mask", "InputLayer"),
      {
        name: "rel_embedding",
        className: "RelativeEmbedding",
        weights: [
          w("rel_embedding/rel_embedding", [rows, d]),
          w("rel_embedding/rel_embeddings_layer_norm/gamma", [d]),
          w("rel_embedding/rel_embeddings_layer_norm/beta", [d]),
        ],
        what: `the relative-position table every block shares: 2·bucketSize = ${fmt(rows)} ` +
          `relative positions × ${fmt(d)}, and its layer norm (γ and β)`,
        formula: `${fmt(rows)}·${fmt(d)} + 2·${fmt(d)}`,
        component: "embeddings",
        // The table's rows, batched: keras-hub's RelativeEmbedding reads the hidden states only
        // for their batch size.
        outputShape: [null, rows, d],
        calls: [[tensorOf("embeddings_dropout")]],
      },
      ...repeat(
        n(c, "numLayers"),
        (i) =>
          reads(
            disentangledBlock(`disentangled_attention_encoder_layer_${i}`, flooredSizes(c)),
            i === 0 ? "embeddings_dropout" : `disentangled_attention_encoder_layer_${i - 1}`,
            "padding_mask",
            "rel_embedding",
          ),
      ),
    ];
  },
};

// --- T5 ----------------------------------------------------------------------------------------

const T5_BUCKETS = 32;

// Keras names T5's inner norms by a session-wide counter ("t5_layer_norm", "t5_layer_norm_1", …):
// the encoder's layers take two each, then the decoder's three each, in a fresh session.
function t5Norm(index: number): string {
  return index === 0 ? "t5_layer_norm" : `t5_layer_norm_${index}`;
}

function t5Layer(
  name: string,
  c: Config,
  first: boolean,
  decoder: boolean,
  normIndex: number,
): HubLayer {
  const d = n(c, "hiddenDim");
  const h = n(c, "numHeads");
  const inner = h * ((c.keyValueDim as number | null) ?? Math.floor(d / h));
  const f = n(c, "intermediateDim");
  const gated = c.useGatedActivation === true;
  const attention = (a: string, bias: boolean) => [
    ...(bias ? [w(`self_attention/embeddings`, [T5_BUCKETS, h])] : []),
    w(`${name}/${a}/query_projector/kernel`, [d, inner]),
    w(`${name}/${a}/key_projector/kernel`, [d, inner]),
    w(`${name}/${a}/value_projector/kernel`, [d, inner]),
    w(`${name}/${a}/output_projector/kernel`, [inner, d]),
  ];
  const norm = (k: number) => w(`${name}/${t5Norm(normIndex + k)}/weight`, [d]);
  const weights = [
    ...attention("self_attention", first),
    norm(0),
    ...(decoder ? [...attention("cross_attention", false), norm(1)] : []),
    w(`${name}/input_projector/kernel`, [d, f]),
    ...(gated ? [w(`${name}/gate_projector/kernel`, [d, f])] : []),
    w(`${name}/output_projector/kernel`, [f, d]),
    norm(decoder ? 2 : 1),
  ];
  const attentions = decoder ? 2 : 1;
  return {
    name,
    className: "T5TransformerLayer",
    weights,
    what: `${decoder ? "self- and cross-attention, each" : "self-attention"}: query, key, value ` +
      `${fmt(d)} → ${fmt(inner)} and output ${fmt(inner)} → ${fmt(d)}, no biases` +
      (first ? `; the stack's relative-position bias, ${T5_BUCKETS} buckets × ${h} heads` : "") +
      `; ${gated ? "gated " : ""}MLP ${fmt(d)} → ${fmt(f)} → ${fmt(d)}` +
      `${gated ? " (input and gate)" : ""}, no biases; ${attentions + 1} T5 layer norms ` +
      `(a scale, no offset)`,
    formula: `attention ${attentions === 2 ? "2·" : ""}4·${fmt(d)}·${fmt(inner)}` +
      (first ? ` + bias table ${T5_BUCKETS}·${h}` : "") +
      ` + MLP ${gated ? 3 : 2}·${fmt(d)}·${fmt(f)} + norms ${attentions + 1}·${fmt(d)}`,
    component: "blocks",
  };
}

function t5Norm1(name: string, d: number): HubLayer {
  return {
    name,
    className: "T5LayerNorm",
    weights: [w(`${name}/weight`, [d])],
    what: `a T5 layer norm: one scale per feature, ${fmt(d)}, no offset`,
    formula: fmt(d),
    component: "norms",
  };
}

const T5: FamilyDeclaration = {
  className: "T5Backbone",
  defaultName: "t5_backbone",
  required: ENCODER_REQUIRED,
  defaults: {
    keyValueDim: null,
    dropout: 0.1,
    activation: "relu",
    useGatedActivation: true,
    layerNormEpsilon: 1e-6,
    tieEmbeddingWeights: true,
    dtype: null,
  },
  sizes: ["keyValueDim"],
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const layers = n(c, "numLayers");
    const h = n(c, "numHeads");
    // Each layer returns its hidden states and the stack's position bias, `(None, heads, None,
    // None)`, which the next layer reads; Keras flattens the keyword arguments by name.
    const both: Shape[] = [sequenceOf(d), [null, h, null, null]];
    const drop = (name: string, from: string) =>
      reads(shaped(weightless(name, "Dropout"), sequenceOf(d)), from);
    const encoder = (i: number) => `transformer_encoder_layer_${i}`;
    const decoder = (i: number) => `transformer_decoder_layer_${i}`;
    return [
      weightless("decoder_token_ids", "InputLayer"),
      weightless("encoder_token_ids", "InputLayer"),
      readsEach(
        reversibleEmbedding(
          "token_embedding",
          n(c, "vocabularySize"),
          d,
          c.tieEmbeddingWeights === true,
        ),
        ["encoder_token_ids"],
        ["decoder_token_ids"],
      ),
      weightless("encoder_padding_mask", "InputLayer"),
      // The attention masks, `padding_mask[:, None, :]`: operations.
      reads(operation("get_item", "GetItem", [null, 1, null]), "encoder_padding_mask"),
      drop("encoder_embedding_dropout", "token_embedding[0][0]"),
      ...repeat(layers, (i) =>
        reads(
          shaped(t5Layer(encoder(i), c, i === 0, false, 2 * i), both),
          i === 0 ? "encoder_embedding_dropout" : encoder(i - 1),
          "get_item",
          ...(i === 0 ? [] : [`${encoder(i - 1)}[0][1]`]),
        )),
      weightless("decoder_padding_mask", "InputLayer"),
      reads(shaped(t5Norm1("encoder_output_layer_norm", d), sequenceOf(d)), encoder(layers - 1)),
      drop("decoder_embedding_dropout", "token_embedding[1][0]"),
      reads(operation("get_item_1", "GetItem", [null, 1, null]), "decoder_padding_mask"),
      drop("encoder_output_dropout", "encoder_output_layer_norm"),
      ...repeat(layers, (i) =>
        reads(
          shaped(t5Layer(decoder(i), c, i === 0, true, 2 * layers + 3 * i), both),
          i === 0 ? "decoder_embedding_dropout" : decoder(i - 1),
          "get_item_1",
          "get_item",
          "encoder_output_dropout",
          ...(i === 0 ? [] : [`${decoder(i - 1)}[0][1]`]),
        )),
      reads(shaped(t5Norm1("decoder_output_layer_norm", d), sequenceOf(d)), decoder(layers - 1)),
      drop("decoder_output_dropout", "decoder_output_layer_norm"),
    ];
  },
  // A dict of decoder_sequence_output and encoder_sequence_output, its keys sorted.
  outputs: () => [tensorOf("decoder_output_dropout"), tensorOf("encoder_output_dropout")],
};

// --- Whisper -----------------------------------------------------------------------------------

/** Whisper's blocks: keras-hub's TransformerEncoder/Decoder whose key projections have no bias. */
function whisperBlock(name: string, s: BlockSizes, decoder: boolean): HubLayer {
  const base = encoderBlock(
    name,
    decoder ? "TransformerDecoder" : "TransformerEncoder",
    s,
    decoder,
  );
  const attentions = decoder ? 2 : 1;
  const { hidden: d, heads: h, headDim: k, intermediate: f } = s;
  return {
    ...base,
    className: decoder ? "WhisperDecoder" : "WhisperEncoder",
    weights: base.weights.filter((x) => !x.path.endsWith("/key/bias")),
    what: base.what.replace("with biases, output", "with biases on query and value only, output"),
    formula: `${attentions === 2 ? "2·(" : ""}attention 4·${fmt(d)}·${fmt(h * k)} + ` +
      `2·${fmt(h * k)} + ${fmt(d)}${attentions === 2 ? ")" : ""}` +
      ` + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms ${2 * (attentions + 1)}·${
        fmt(d)
      }`,
  };
}

function conv1d(name: string, kernel: number, inputs: number, filters: number): HubLayer {
  return {
    name,
    className: "Conv1D",
    weights: [w(`${name}/kernel`, [kernel, inputs, filters]), w(`${name}/bias`, [filters])],
    what: `a Conv1D over time, kernel ${kernel}, ${fmt(inputs)} → ${
      fmt(filters)
    } channels, with bias`,
    formula: `${kernel}·${fmt(inputs)}·${fmt(filters)} + ${fmt(filters)}`,
    component: "embeddings",
  };
}

// Keras lists a functional model's layers by their depth from the output, deepest first; at equal
// depth the decoder's input chain comes first. The encoder's chain is 7 layers, the encoder blocks
// and its norm; the decoder's is its token input, embeddings, mask and dropout, then its blocks.
function byDepth(encoder: HubLayer[], decoder: HubLayer[], layers: number): HubLayer[] {
  const L = layers;
  // Encoder: features … dropout, its blocks, its norm: one step shallower each, from 2L + 8.
  const enc = encoder.map((layer, i) => ({ layer, depth: 2 * L + 8 - i }));
  // Decoder: token ids L + 3, embeddings L + 2, mask and dropout L + 1, block j at L − j, norm 0.
  const dec = decoder.map((layer, i) => ({
    layer,
    depth: i < 3 ? L + 3 - i : i === 3 ? L + 1 : L + 4 - i,
  }));
  return [...dec, ...enc].sort((a, b) => b.depth - a.depth).map((x) => x.layer);
}

const WHISPER: FamilyDeclaration = {
  className: "WhisperBackbone",
  defaultName: "whisper_backbone",
  required: ENCODER_REQUIRED,
  defaults: {
    numMels: 80,
    dropout: 0.0,
    maxEncoderSequenceLength: 3000,
    maxDecoderSequenceLength: 448,
    dtype: null,
  },
  sizes: ["numMels", "maxEncoderSequenceLength", "maxDecoderSequenceLength"],
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const L = n(c, "numLayers");
    const s = flooredSizes(c);
    const positions = Math.floor(n(c, "maxEncoderSequenceLength") / 2);
    const seq = sequenceOf(d);
    const encoderBlock = (i: number) =>
      i < 0 ? "encoder_embeddings_dropout" : `transformer_encoder_layer_${i}`;
    const decoderBlock = (i: number) =>
      i < 0 ? "decoder_embeddings_dropout" : `transformer_decoder_layer_${i}`;
    const encoder: HubLayer[] = [
      shaped(weightless("encoder_features", "InputLayer"), [null, null, n(c, "numMels")]),
      reads(
        shaped(conv1d("encoder_token_embedding_conv_layer_1", 3, n(c, "numMels"), d), seq),
        "encoder_features",
      ),
      reads(shaped(weightless("encoder_padder", "Padder"), seq), "gelu"),
      reads(
        shaped(conv1d("encoder_token_embedding_conv_layer_2", 3, d, d), seq),
        "encoder_padder",
      ),
      reads({
        ...table("encoder_position_embedding", "PositionEmbedding", positions, d),
        weights: [w("encoder_position_embedding/embeddings", [positions, d], false)],
        what: `a table of ${fmt(positions)} positions (maxEncoderSequenceLength // 2, after the ` +
          `stride-2 convolution) × ${fmt(d)}, frozen: keras-hub makes it non-trainable`,
      }, "gelu_1"),
      reads(
        shaped(weightless("encoder_embeddings_add", "Add"), seq),
        "gelu_1",
        "encoder_position_embedding",
      ),
      reads(
        shaped(weightless("encoder_embeddings_dropout", "Dropout"), seq),
        "encoder_embeddings_add",
      ),
      ...repeat(L, (i) =>
        reads(
          shaped(whisperBlock(encoderBlock(i), s, false), seq),
          encoderBlock(i - 1),
        )),
      reads(layerNorm("encoder_layer_norm", d), encoderBlock(L - 1)),
    ];
    const decoder: HubLayer[] = [
      weightless("decoder_token_ids", "InputLayer"),
      reads(
        tokenAndPosition(
          "decoder_token_and_position_embedding",
          n(c, "vocabularySize"),
          n(c, "maxDecoderSequenceLength"),
          d,
        ),
        "decoder_token_ids",
      ),
      weightless("decoder_padding_mask", "InputLayer"),
      reads(
        shaped(weightless("decoder_embeddings_dropout", "Dropout"), seq),
        "decoder_token_and_position_embedding",
      ),
      // keras-hub calls the decoder with keyword arguments; Keras flattens them by name.
      ...repeat(L, (i) =>
        reads(
          shaped(whisperBlock(decoderBlock(i), s, true), seq),
          "decoder_padding_mask",
          decoderBlock(i - 1),
          "encoder_layer_norm",
        )),
      reads(layerNorm("decoder_layer_norm", d), decoderBlock(L - 1)),
    ];
    // keras.activations.gelu after each convolution: operations, rows of the summary only.
    return [
      ...byDepth(encoder, decoder, L),
      reads(operation("gelu", "Gelu", seq), "encoder_token_embedding_conv_layer_1"),
      reads(operation("gelu_1", "Gelu", seq), "encoder_token_embedding_conv_layer_2"),
    ];
  },
  // A dict of decoder_sequence_output and encoder_sequence_output, its keys sorted.
  outputs: () => [tensorOf("decoder_layer_norm"), tensorOf("encoder_layer_norm")],
};

// --- GPT-NeoX ----------------------------------------------------------------------------------

function neoXBlock(name: string, s: BlockSizes): HubLayer {
  const { hidden: d, heads: h, headDim: k, intermediate: f } = s;
  const a = `${name}/self_attention`;
  return {
    name,
    className: "GPTNeoXDecoder",
    weights: [
      w(`${a}/query_key_value/kernel`, [d, h, 3 * k]),
      w(`${a}/query_key_value/bias`, [h, 3 * k]),
      w(`${a}/attention_output/kernel`, [d, d]),
      w(`${a}/attention_output/bias`, [d]),
      w(`${name}/self_attention_layer_norm/gamma`, [d]),
      w(`${name}/self_attention_layer_norm/beta`, [d]),
      w(`${name}/feedforward_intermediate_dense/kernel`, [d, f]),
      w(`${name}/feedforward_intermediate_dense/bias`, [f]),
      w(`${name}/feedforward_output_dense/kernel`, [f, d]),
      w(`${name}/feedforward_output_dense/bias`, [d]),
      w(`${name}/feedforward_layer_norm/gamma`, [d]),
      w(`${name}/feedforward_layer_norm/beta`, [d]),
    ],
    what: `attention with one fused query-key-value projection ${fmt(d)} → ${h} heads × 3·${k} ` +
      `with bias, output Dense ${fmt(d)} → ${
        fmt(d)
      } with bias (rotary positions, no weights); MLP ` +
      `${fmt(d)} → ${fmt(f)} → ${fmt(d)} with biases; two layer norms`,
    formula: `attention ${fmt(d)}·3·${fmt(h * k)} + 3·${fmt(h * k)} + ${fmt(d)}·${fmt(d)} + ` +
      `${fmt(d)} + MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms 4·${fmt(d)}`,
    component: "blocks",
  };
}

const GPT_NEOX: FamilyDeclaration = {
  className: "GPTNeoXBackbone",
  defaultName: "gpt_neo_x_backbone",
  required: ENCODER_REQUIRED,
  defaults: {
    dropout: 0.0,
    rotaryPercentage: 0.25,
    rotaryMaxWavelength: 10000,
    layerNormEpsilon: 1e-5,
    maxSequenceLength: 512,
    dtype: null,
  },
  sizes: ["maxSequenceLength"],
  layers: (c) => [
    weightless("token_ids", "InputLayer"),
    reversibleEmbedding("token_embedding", n(c, "vocabularySize"), n(c, "hiddenDim"), true),
    weightless("embeddings_dropout", "Dropout"),
    weightless("padding_mask", "InputLayer"),
    ...repeat(n(c, "numLayers"), (i) => neoXBlock(`transformer_layer_${i}`, flooredSizes(c))),
    layerNorm("layer_norm", n(c, "hiddenDim")),
  ],
};

// --- FNet --------------------------------------------------------------------------------------

function fNetBlock(name: string, d: number, f: number): HubLayer {
  return {
    name,
    className: "FNetEncoder",
    weights: [
      w(`${name}/mixing_layer_norm/gamma`, [d]),
      w(`${name}/mixing_layer_norm/beta`, [d]),
      w(`${name}/output_layer_norm/gamma`, [d]),
      w(`${name}/output_layer_norm/beta`, [d]),
      w(`${name}/intermediate_dense/kernel`, [d, f]),
      w(`${name}/intermediate_dense/bias`, [f]),
      w(`${name}/output_dense/kernel`, [f, d]),
      w(`${name}/output_dense/bias`, [d]),
    ],
    what: `Fourier mixing in place of attention (no weights); MLP ${fmt(d)} → ${fmt(f)} → ` +
      `${fmt(d)} with biases; two layer norms`,
    formula: `MLP 2·${fmt(d)}·${fmt(f)} + ${fmt(f)} + ${fmt(d)} + norms 4·${fmt(d)}`,
    component: "blocks",
    outputShape: sequenceOf(d),
  };
}

const F_NET: FamilyDeclaration = {
  className: "FNetBackbone",
  defaultName: "f_net_backbone",
  required: ["vocabularySize", "numLayers", "hiddenDim", "intermediateDim"],
  defaults: { dropout: 0.1, maxSequenceLength: 512, numSegments: 4, dtype: null },
  sizes: ["maxSequenceLength", "numSegments"],
  layers: (c) => {
    const d = n(c, "hiddenDim");
    return [
      ...bertEmbeddings(c, n(c, "vocabularySize"), d, [
        dense("embedding_projection", d, d, "embeddings"),
      ]),
      ...repeat(
        n(c, "numLayers"),
        (i) => fNetBlock(`f_net_layer_${i}`, d, n(c, "intermediateDim")),
      ),
      operation("get_item", "GetItem", [null, d]),
      shaped(dense("pooled_dense", d, d, "head"), [null, d]),
    ];
  },
  // A dict of pooled_output and sequence_output, its keys sorted.
  outputs: (c) => [tensorOf("pooled_dense"), tensorOf(`f_net_layer_${n(c, "numLayers") - 1}`)],
};

// --- RoFormerV2 and ESM: RoFormer's attention of four Dense layers --------------------------------

/** keras-hub's padding mask from the token ids, `ops.not_equal(token_ids, pad)`: an operation. */
function paddingMaskOf(input: string): HubLayer[] {
  return [reads(operation("not_equal", "NotEqual", [null, null]), input)];
}

/**
 * The encoder block of RoFormerV2 (`RoformerV2Encoder`, RMS-style `RoformerNorm`s of one scale)
 * and ESM (`ESMEncoder`, layer norms): query, key and value Dense `hidden → heads·headSize`, an
 * output Dense `heads·headSize → heads·headSize`, an MLP of two Dense layers, two norms; biases
 * when `useBias`.
 */
function roformerBlock(
  name: string,
  className: "RoformerV2Encoder" | "ESMEncoder",
  d: number,
  inner: number,
  f: number,
  bias: boolean,
): HubLayer {
  const dense2 = (path: string, i: number, o: number) => [
    w(`${path}/kernel`, [i, o]),
    ...(bias ? [w(`${path}/bias`, [o])] : []),
  ];
  const a = `${name}/attention_layer`;
  const esm = className === "ESMEncoder";
  const norm = (x: string) =>
    esm
      ? [w(`${name}/${x}/gamma`, [d]), w(`${name}/${x}/beta`, [d])]
      : [w(`${name}/${x}/scale`, [d])];
  const b = bias ? " with biases" : ", no biases";
  return {
    name,
    className,
    weights: [
      ...dense2(`${a}/q_dense_layer`, d, inner),
      ...dense2(`${a}/k_dense_layer`, d, inner),
      ...dense2(`${a}/v_dense_layer`, d, inner),
      ...dense2(`${a}/o_dense_layer`, inner, inner),
      ...dense2(`${name}/feedforward_intermediate_dense`, d, f),
      ...dense2(`${name}/feedforward_output_dense`, f, d),
      ...norm("attention_norm"),
      ...norm(esm ? "ffn_norm" : "feedforward_norm"),
    ],
    what: `attention: query, key, value ${fmt(d)} → ${fmt(inner)} and output ${fmt(inner)} → ` +
      `${fmt(inner)}${b} (rotary positions, no weights); MLP ${fmt(d)} → ${fmt(f)} → ${
        fmt(d)
      }${b}; ` +
      `two ${esm ? "layer norms" : "RoFormer norms (a scale, no offset)"}`,
    formula: `attention 3·${fmt(d)}·${fmt(inner)} + ${fmt(inner)}·${fmt(inner)}` +
      (bias ? ` + 4·${fmt(inner)}` : "") + ` + MLP 2·${fmt(d)}·${fmt(f)}` +
      (bias ? ` + ${fmt(f)} + ${fmt(d)}` : "") + ` + norms ${esm ? 4 : 2}·${fmt(d)}`,
    component: "blocks",
    outputShape: sequenceOf(d),
  };
}

const ROFORMER_V2: FamilyDeclaration = {
  className: "RoformerV2Backbone",
  defaultName: "roformer_v2_backbone",
  required: [...ENCODER_REQUIRED, "headSize"],
  defaults: {
    useBias: false,
    activation: "relu",
    dropout: 0.1,
    numSegments: 2,
    dtype: null,
    maxWavelength: 10000,
  },
  sizes: ["numSegments"],
  layers: (c) => {
    const d = n(c, "hiddenDim");
    return [
      weightless("token_ids", "InputLayer"),
      weightless("segment_ids", "InputLayer"),
      reversibleEmbedding("token_embedding", n(c, "vocabularySize"), d, true),
      reads(table("segment_embedding", "Embedding", n(c, "numSegments"), d), "segment_ids"),
      reads(weightless("embeddings_add", "Add"), "token_embedding", "segment_embedding"),
      {
        name: "embeddings_layer_norm",
        className: "RoformerNorm",
        weights: [w("embeddings_layer_norm/scale", [d])],
        what: `a RoFormer norm: one scale per feature, ${fmt(d)}, no offset`,
        formula: fmt(d),
        component: "norms",
        outputShape: sequenceOf(d),
      },
      weightless("embeddings_dropout", "Dropout"),
      ...paddingMaskOf("token_ids"),
      ...repeat(n(c, "numLayers"), (i) =>
        reads(
          roformerBlock(
            `transformer_layer_${i}`,
            "RoformerV2Encoder",
            d,
            n(c, "numHeads") * n(c, "headSize"),
            n(c, "intermediateDim"),
            c.useBias === true,
          ),
          i === 0 ? "embeddings_dropout" : `transformer_layer_${i - 1}`,
          "not_equal",
        )),
    ];
  },
};

const ESM: FamilyDeclaration = {
  className: "ESMBackbone",
  defaultName: "esm_backbone",
  required: ENCODER_REQUIRED,
  defaults: {
    useBias: true,
    activation: "gelu",
    dropout: 0.1,
    dtype: null,
    maxSequenceLength: 1024,
    maxWavelength: 10000,
    layerNormEps: 1e-12,
    usePreLayerNorm: false,
    positionEmbeddingType: "rotary",
    padTokenId: 0,
  },
  sizes: ["maxSequenceLength"],
  check: (c) => {
    if (c.positionEmbeddingType !== "rotary" && c.positionEmbeddingType !== "absolute") {
      throw new RangeError(
        `ESMBackbone: positionEmbeddingType must be "rotary" or "absolute", received ${
          JSON.stringify(c.positionEmbeddingType)
        }`,
      );
    }
  },
  layers: (c) => {
    const d = n(c, "hiddenDim");
    const absolute = c.positionEmbeddingType === "absolute";
    return [
      weightless("token_ids", "InputLayer"),
      {
        ...table("token_embedding", "Embedding", n(c, "vocabularySize"), d),
        what: `the token table, ${fmt(n(c, "vocabularySize"))} tokens × ${fmt(d)}`,
      },
      ...(absolute
        ? [
          table("position_embedding", "PositionEmbedding", n(c, "maxSequenceLength"), d),
          reads(weightless("embeddings_add", "Add"), "token_embedding", "position_embedding"),
        ]
        : []),
      ...(c.usePreLayerNorm === true ? [layerNorm("emb_layer_norm", d)] : []),
      ...paddingMaskOf("token_ids"),
      ...repeat(n(c, "numLayers"), (i) =>
        reads(
          roformerBlock(
            `transformer_layer_${i}`,
            "ESMEncoder",
            d,
            n(c, "numHeads") * Math.floor(d / n(c, "numHeads")),
            n(c, "intermediateDim"),
            c.useBias === true,
          ),
          i > 0
            ? `transformer_layer_${i - 1}`
            : c.usePreLayerNorm === true
            ? "emb_layer_norm"
            : absolute
            ? "embeddings_add"
            : "token_embedding",
          "not_equal",
        )),
      reads(layerNorm("output_layer_norm", d), `transformer_layer_${n(c, "numLayers") - 1}`),
    ];
  },
};

/**
 * The families of this file.
 *
 * @example
 * ```ts
 * import { SEQ2SEQ_FAMILIES } from "./families_seq2seq.ts";
 * import assert from "assert";
 *
 * assert.deepEqual(SEQ2SEQ_FAMILIES.map((f) => f.className), [
 *   "DebertaV3Backbone", "T5Backbone", "WhisperBackbone", "GPTNeoXBackbone", "FNetBackbone",
 *   "RoformerV2Backbone", "ESMBackbone", "XLNetBackbone",
 * ]);
 * ```
 */
export const SEQ2SEQ_FAMILIES: readonly FamilyDeclaration[] = [
  DEBERTA_V3,
  T5,
  WHISPER,
  GPT_NEOX,
  F_NET,
  ROFORMER_V2,
  ESM,
  XLNET,
];
