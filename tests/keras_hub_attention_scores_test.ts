// keras-hub's TransformerEncoder called with return_attention_scores, against real Keras 3.15.1
// + keras-hub 0.32 (tests/fixtures/keras_hub_attention_scores.json, written by
// tools/keras_oracle/keras_hub_attention_scores.py). keras-hub's eager call returns
// (outputs, scores (batch, heads, sequence, sequence)); its symbolic call, which is what a
// Functional model and Keras's JSON hold, returns one tensor shaped as the input, since its
// compute_output_shape gives the input's shape alone. TransformerDecoder's call has no such
// argument, in keras-hub as here.

import assert from "assert";
import {
  explainSummary,
  fromKerasJson,
  Input,
  type Model,
  TransformerDecoder,
  TransformerEncoder,
} from "../mod.ts";

interface Case {
  readonly name: string;
  readonly json: object;
  readonly total: number;
  readonly encoder_params: number;
  readonly symbolic_output_shapes: (number | null)[][];
  readonly eager_batch: number;
  readonly eager_output_shapes: number[][];
  readonly summary_120: string;
}

const FIXTURE = new URL("./fixtures/keras_hub_attention_scores.json", import.meta.url);
const CASES: readonly Case[] = JSON.parse(Deno.readTextFileSync(FIXTURE)).cases;

/** The encoder's configuration, read from the case's JSON as keras-hub wrote it. */
function encoderConfig(c: Case) {
  const layers = (c.json as { config: { layers: { class_name: string; config: never }[] } })
    .config.layers;
  const entry = layers.find((l) => l.class_name.endsWith("TransformerEncoder"))!;
  const config = entry.config as {
    intermediate_dim: number;
    num_heads: number;
    normalize_first: boolean;
  };
  const args = (layers[0] as unknown as { config: { batch_shape: (number | null)[] } }).config;
  return { ...config, input: args.batch_shape };
}

Deno.test("keras-hub's TransformerEncoder read from Keras's JSON with return_attention_scores: true", () => {
  assert.ok(CASES.length >= 3);
  for (const c of CASES) {
    const model = fromKerasJson(c.json) as Model;
    assert.equal(model.paramCount(), c.total, c.name);
    const encoder = model.layers.find((l) => l.name === "encoder") as TransformerEncoder;
    assert.equal(encoder.paramCount(), c.encoder_params, c.name);
    assert.deepEqual(model.outputs.map((t) => t.shape), c.symbolic_output_shapes, c.name);
    // The scores an eager call returns: (batch, heads, sequence, sequence), the batch left open.
    const [, scores] = c.eager_output_shapes;
    const known = encoder.attentionScoresShape();
    assert.deepEqual(known.slice(1, 2), scores.slice(1, 2), c.name);
    for (const [i, d] of known.entries()) if (d !== null) assert.equal(d, scores[i], c.name);
  }
});

Deno.test("keras-hub's TransformerEncoder takes returnAttentionScores through the API, as keras-hub does", () => {
  for (const c of CASES) {
    const { intermediate_dim, num_heads, normalize_first, input } = encoderConfig(c);
    const x = new Input({ shape: input.slice(1) });
    const encoder = new TransformerEncoder(intermediate_dim, {
      numHeads: num_heads,
      normalizeFirst: normalize_first,
      name: "encoder",
    });
    const out = encoder.apply(x, { returnAttentionScores: true });
    assert.deepEqual([out.shape], c.symbolic_output_shapes, c.name);
    assert.equal(encoder.paramCount(), c.encoder_params, c.name);
    // The same layer without the flag: the same parameters and shape.
    const plain = new TransformerEncoder(intermediate_dim, {
      numHeads: num_heads,
      normalizeFirst: normalize_first,
    });
    assert.deepEqual(plain.apply(x).shape, out.shape);
    assert.equal(plain.paramCount(), encoder.paramCount());
  }
  const x = new Input({ shape: [5, 8] });
  assert.throws(
    () =>
      new TransformerEncoder(8, { numHeads: 2 }).apply(x, { returnAttentionScores: 1 } as never),
    (e) => e instanceof TypeError && /returnAttentionScores/.test(e.message),
  );
  assert.throws(
    () =>
      new TransformerEncoder(8, { numHeads: 2 }).apply(x, {
        return_attention_scores: true,
      } as never),
    /"return_attention_scores" is Keras's Python name; here it is returnAttentionScores/,
  );
});

Deno.test("keras-hub's TransformerDecoder has no return_attention_scores: refused, saying so", () => {
  const x = new Input({ shape: [5, 8] });
  for (const name of ["returnAttentionScores", "return_attention_scores"]) {
    assert.throws(
      () => new TransformerDecoder(8, { numHeads: 2 }).apply(x, { [name]: true } as never),
      (e) =>
        e instanceof TypeError && e.message.includes(name) &&
        /TransformerDecoder\.call has no return_attention_scores/.test(e.message),
    );
  }
});

Deno.test("Keras's tables of an encoder called with return_attention_scores read fully", () => {
  for (const c of CASES) {
    const result = explainSummary(c.summary_120);
    assert.ok(result.fullyExplained, `${c.name}: ${result}`);
    assert.equal(result.totals.expected?.totalParams, c.total, c.name);
  }
});
