// layer.explain(): the weights, the formula three ways, the gates, the wrappers. Expected numbers
// come from the seed documents (each checked to be printed there), or from formulas written out
// here independently of lib/explain.ts, and every formula the explainer writes is evaluated by a
// small evaluator of this file's own.

import assert from "assert";
import fc from "fast-check";
import {
  AveragePooling1D,
  BatchNormalization,
  Bidirectional,
  Concatenate,
  Conv1D,
  Conv2D,
  defineKind,
  Dense,
  Dropout,
  Embedding,
  explainLayer,
  type Explanation,
  Flatten,
  GlobalAveragePooling1D,
  GRU,
  Input,
  type InputSpec,
  JUPYTER_DISPLAY,
  Layer,
  type LayerArgs,
  LayerNormalization,
  LSTM,
  MaxPooling2D,
  Model,
  renderKeras2,
  renderKeras3,
  type Shape,
  SimpleRNN,
  TimeDistributed,
  type WeightSpec,
} from "../mod.ts";
import { seed000Dense, seed000Lstm } from "./_models.ts";
import { seedShows, seedText } from "./_seeds.ts";
import { replaySeed } from "./_support.ts";

const SEED = replaySeed("explain_test");

/** Evaluates `4*(13*5 + 5*5 + 5)`, `4 × ((1 + 1) × 5 + 5^2)`, `2m`-style products of symbols. */
function evaluate(expression: string, variables: Record<string, number> = {}): number {
  let text = expression.replace(/[×x·]/g, "*").replace(/\^/g, "**").replace(/,/g, "");
  // Juxtaposed constant and symbol, `2m`, is a product.
  text = text.replace(/\b(\d+)([a-z]+)\b/g, "$1*$2");
  text = text.replace(/\b[a-z]+\b/g, (symbol) => {
    assert.ok(symbol in variables, `unknown symbol ${symbol} in ${expression}`);
    return String(variables[symbol]);
  });
  assert.match(text, /^[\d\s+*()-]+$/, `not arithmetic: ${expression}`);
  return new Function(`return (${text});`)() as number;
}

function variablesOf(e: Explanation): Record<string, number> {
  return Object.fromEntries(e.variables.map((v) => [v.symbol, v.value]));
}

/** Every written form of the formula comes to the layer's count. */
function assertFormulasAgree(e: Explanation): void {
  const count = e.paramCount;
  assert.equal(evaluate(e.symbolic, variablesOf(e)), count, `symbolic ${e.symbolic}`);
  assert.equal(evaluate(e.numeric.replace(/ = \d+$/, "")), count, `numeric ${e.numeric}`);
  assert.equal(evaluate(e.expanded), count, `expanded ${e.expanded}`);
  assert.equal(evaluate(e.annotation), count, `annotation ${e.annotation}`);
  assert.equal(e.weights.reduce((t, w) => t + w.size, 0), count, "weights add up");
}

Deno.test("an LSTM on 13 features with 5 units explains its three weight tensors", () => {
  const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
  // n = 13, m = 5, four gate blocks side by side: kernel (n, 4m), recurrent (m, 4m), bias (4m).
  assert.deepEqual(e.weights.map((w) => [w.name, w.shape, w.size]), [
    ["kernel", [13, 20], 13 * 20],
    ["recurrent_kernel", [5, 20], 5 * 20],
    ["bias", [20], 20],
  ]);
  assert.equal(e.paramCount, 380);
  assert.ok(seedShows("000", "lstm_1 (LSTM)                (None, 400, 5)            380"));
  assert.deepEqual(e.variables.map((v) => [v.symbol, v.value]), [["n", 13], ["m", 5]]);
});

Deno.test("an LSTM's formula is written with symbols, with numbers and as the documents do", () => {
  const e = new LSTM({ units: 5, inputShape: [400, 13] }).explain();
  assert.equal(e.symbolic, "4 × ((n + m) × m + m)");
  assert.equal(e.numeric, "4 × ((13 + 5) × 5 + 5) = 380");
  assert.equal(e.expanded, "4 × (13×5 + 5×5 + 5)");
  assert.equal(e.annotation, "4*(13*5 + 5*5 + 5)");
  assertFormulasAgree(e);
});

Deno.test("every annotated row of seed 000 is reproduced exactly, in text and in value", () => {
  const lstm = seed000Lstm();
  const dense = seed000Dense();
  // The annotations as the document prints them beside each row, `count = formula`.
  const printed = [...seedText("000").matchAll(/^\S+.*?\s(\d+)\s+= (.+?)\s*$/gm)]
    .map((m) => ({ count: Number(m[1]), formula: m[2] }));
  const expected = [
    ...lstm.layers.map((l) => l.explain()),
    ...dense.layers.map((l) => l.explain()),
  ];
  assert.equal(printed.length, expected.length, "one annotated row per layer of both tables");
  printed.forEach(({ count, formula }, i) => {
    const e = expected[i];
    assert.equal(e.paramCount, count);
    if (formula === "?") {
      // The document leaves TimeDistributed(Dense(650)) on 5 features open: 5 × 650 + 650.
      assert.equal(e.annotation, "5*650 + 650");
      assert.equal(evaluate(e.annotation), 5 * 650 + 650);
      return;
    }
    assert.equal(e.annotation, formula, `row ${i + 1}`);
    assert.equal(evaluate(formula), e.paramCount);
  });
});

Deno.test("the bullet lists of seed 000 evaluate to the explained counts", () => {
  const bullets: [string, number][] = [
    [
      "LSTM 1 个参数 = 4*(13*5 + 5*5 + 5)",
      new LSTM({ units: 5, inputShape: [400, 13] }).paramCount(),
    ],
    [
      "LSTM 2 个参数 = 4*(5*5 + 5*5 + 5)",
      new LSTM({ units: 5, inputShape: [400, 5] }).paramCount(),
    ],
    [
      "LSTM 3 个参数 = 4*(650*20 + 20*20 + 20)",
      new LSTM({ units: 20, inputShape: [400, 650] }).paramCount(),
    ],
    [
      "LSTM 4 个参数 = 4*(20*20 + 20*20 + 20)",
      new LSTM({ units: 20, inputShape: [400, 20] }).paramCount(),
    ],
    ["密集1个参数=13*5+5", new Dense({ units: 5, inputShape: [13] }).paramCount()],
    ["密集2个参数=5*5+5", new Dense({ units: 5, inputShape: [5] }).paramCount()],
    ["密集3个参数=5*650+650", new Dense({ units: 650, inputShape: [5] }).paramCount()],
    ["密集4个参数=650*20+20", new Dense({ units: 20, inputShape: [650] }).paramCount()],
    ["密集5个参数=20*20+20", new Dense({ units: 20, inputShape: [20] }).paramCount()],
  ];
  for (const [line, count] of bullets) {
    assert.ok(seedShows("000", line), `seed 000 prints ${line}`);
    assert.equal(evaluate(line.split("=")[1]), count, line);
  }
});

Deno.test("seed 001's 480 and 11 are explained: per layer, not per unit", () => {
  const lstm = new LSTM({ units: 10, returnSequences: true, inputShape: [null, 1] }).explain();
  assert.ok(seedShows("001", "lstm_4 (LSTM)                (None, None, 10)          480"));
  assert.equal(lstm.paramCount, 480);
  // The question's formula, 4 * ((input_size + 1) * output_size + output_size^2), per layer.
  assert.ok(seedShows("001", "params = 4 * ((input_size + 1) * output_size + output_size^2)"));
  assert.equal(evaluate("4 * ((1 + 1) * 10 + 10^2)"), lstm.paramCount);
  assert.equal(evaluate(lstm.symbolic, { n: 1, m: 10 }), 480);
  const td = new TimeDistributed({ layer: new Dense({ units: 1 }), inputShape: [null, 10] })
    .explain();
  assert.equal(td.paramCount, 11);
  assert.equal(td.annotation, "10*1 + 1");
});

Deno.test("seed 002's (64+6)×64+64 = 4544 per gate is the LSTM's gate block", () => {
  const e = new LSTM({ units: 64, returnSequences: true, inputShape: [100, 6] }).explain();
  assert.ok(seedShows("002", "lstm_1 (LSTM)                (None, 100, 64)           18176"));
  assert.equal(e.gates.length, 4);
  for (const gate of e.gates) {
    assert.equal(gate.size, evaluate("(64+6)*64+64"));
    assert.equal(gate.size, 4544);
  }
  assert.equal(e.paramCount, 4 * 4544);
  assert.equal(e.paramCount, 18176);
});

Deno.test("seed 003's hand counts 140, 6 and 30 are the explained counts", () => {
  const cases: [string, string, Explanation][] = [
    [
      "n = 4 * ((1 + 1) * 5 + 5^2)",
      "n = 140",
      new LSTM({ units: 5, inputShape: [1, 1] }).explain(),
    ],
    ["n = 5 * 1 + 1", "n = 6", new Dense({ units: 1, inputShape: [5] }).explain()],
    ["n = 5 * 5 + 5", "n = 30", new Dense({ units: 5, inputShape: [5] }).explain()],
  ];
  for (const [formula, result, e] of cases) {
    assert.ok(seedShows("003", formula), `seed 003 prints ${formula}`);
    assert.ok(seedShows("003", result), `seed 003 prints ${result}`);
    assert.equal(evaluate(formula.slice(4)), e.paramCount);
    assert.equal(Number(result.slice(4)), e.paramCount);
  }
});

Deno.test("seed 004's gates: 160 forget, 320 input and candidate, 160 output, 640 in all", () => {
  const e = new LSTM({ units: 10, inputShape: [13, 5] }).explain();
  for (const text of ["=15×10+10=160", "=2×(15×10+10)=320", "=160+320+160=640"]) {
    assert.ok(seedShows("004", text), `seed 004 prints ${text}`);
  }
  const byName = Object.fromEntries(e.gates.map((g) => [g.name, g.size]));
  assert.equal(byName["forget gate"], evaluate("15×10+10"));
  assert.equal(byName["input gate"] + byName["cell candidate"], evaluate("2×(15×10+10)"));
  assert.equal(byName["output gate"], 160);
  assert.equal(e.paramCount, 640);
  // The document's general formula, Neurons_all = 4 × ((n+m)×m+m), is ours.
  assert.ok(seedShows("004", "4×((n+m)×m+m)"));
  assert.equal(e.symbolic.replaceAll(" ", ""), "4×((n+m)×m+m)");
});

Deno.test("an LSTM's gates are input, forget, cell candidate and output, in kernel order", () => {
  const e = new LSTM({ units: 3, inputShape: [7, 4] }).explain();
  assert.deepEqual(e.gates.map((g) => g.name), [
    "input gate",
    "forget gate",
    "cell candidate",
    "output gate",
  ]);
  for (const gate of e.gates) {
    assert.deepEqual(gate.kernelShape, [4, 3]);
    assert.deepEqual(gate.recurrentKernelShape, [3, 3]);
    assert.equal(gate.biasSize, 3);
    assert.equal(gate.size, (4 + 3) * 3 + 3);
    assert.equal(gate.symbolic, "(n + m) × m + m");
  }
});

Deno.test("a GRU with resetAfter has update, reset and candidate blocks with two biases each", () => {
  const e = new GRU({ units: 5, inputShape: [400, 13] }).explain();
  assert.deepEqual(e.gates.map((g) => g.name), ["update gate", "reset gate", "candidate"]);
  for (const gate of e.gates) {
    assert.equal(gate.biasSize, 2 * 5);
    assert.equal(gate.size, 13 * 5 + 5 * 5 + 2 * 5);
  }
  assert.equal(e.symbolic, "3 × ((n + m) × m + 2m)");
  assert.deepEqual(e.weights.find((w) => w.name === "bias")?.shape, [2, 15]);
  assert.match(e.weights.find((w) => w.name === "bias")!.role, /resetAfter/);
  assertFormulasAgree(e);
});

Deno.test("a GRU without resetAfter has one bias per unit of each block", () => {
  const e = new GRU({ units: 5, resetAfter: false, inputShape: [400, 13] }).explain();
  assert.equal(e.symbolic, "3 × ((n + m) × m + m)");
  assert.equal(e.paramCount, 3 * (13 * 5 + 5 * 5 + 5));
  assertFormulasAgree(e);
});

Deno.test("a SimpleRNN is one block, and without bias loses its + m", () => {
  const e = new SimpleRNN({ units: 10, useBias: false, inputShape: [13, 5] }).explain();
  assert.equal(e.symbolic, "(n + m) × m");
  assert.equal(e.paramCount, (5 + 10) * 10);
  assert.equal(e.gates.length, 0);
  assertFormulasAgree(e);
});

Deno.test("TimeDistributed explains through its inner layer, shared over time", () => {
  const e = new TimeDistributed({ layer: new Dense({ units: 650 }), inputShape: [400, 5] })
    .explain();
  assert.equal(e.inner?.relation, "shared over time");
  assert.equal(e.inner?.copies, 1);
  assert.equal(e.inner?.explanation.className, "Dense");
  assert.equal(e.paramCount, 5 * 650 + 650);
  assert.equal(e.annotation, "5*650 + 650");
  assert.match(e.why.join(" "), /same weights/);
  assert.match(e.why.join(" "), /400/);
});

Deno.test("Bidirectional explains as two copies of its inner layer", () => {
  const e = new Bidirectional({ layer: new LSTM({ units: 5 }), inputShape: [400, 13] }).explain();
  assert.equal(e.inner?.relation, "two copies");
  assert.equal(e.inner?.copies, 2);
  assert.equal(e.inner?.explanation.paramCount, 380);
  assert.equal(e.paramCount, 2 * 380);
  assert.equal(e.symbolic, "2 × 4 × ((n + m) × m + m)");
  assert.deepEqual(e.weights.map((w) => w.name.split("/")[0]), [
    "forward_lstm",
    "forward_lstm",
    "forward_lstm",
    "backward_lstm",
    "backward_lstm",
    "backward_lstm",
  ]);
  assertFormulasAgree(e);
});

Deno.test("Dropout, Flatten and pooling layers say why they have no parameters", () => {
  const cases: [Explanation, RegExp][] = [
    [new Dropout({ rate: 0.5, inputShape: [100, 64] }).explain(), /nothing is learned/i],
    [new Flatten({ inputShape: [4, 5] }).explain(), /reshape/],
    [new MaxPooling2D({ inputShape: [8, 8, 3] }).explain(), /maximum over each window/],
    [new AveragePooling1D({ inputShape: [8, 3] }).explain(), /average over each window/],
    [new GlobalAveragePooling1D({ inputShape: [8, 3] }).explain(), /average over all positions/],
  ];
  for (const [e, why] of cases) {
    assert.equal(e.paramCount, 0);
    assert.deepEqual(e.weights, []);
    assert.equal(e.symbolic, "0");
    assert.match(e.why.join(" "), why);
  }
});

Deno.test("BatchNormalization names its four vectors and the two that are not trained", () => {
  const e = new BatchNormalization({ inputShape: [64] }).explain();
  assert.deepEqual(e.weights.map((w) => [w.name, w.trainable]), [
    ["gamma", true],
    ["beta", true],
    ["moving_mean", false],
    ["moving_variance", false],
  ]);
  assert.equal(e.symbolic, "4 × f");
  assert.equal(e.numeric, "4 × 64 = 256");
  assert.equal(e.nonTrainableParamCount, 2 * 64);
  assert.match(e.why.join(" "), /moving_mean and moving_variance: statistics/);
  const ln = new LayerNormalization({ inputShape: [10, 64] }).explain();
  assert.equal(ln.symbolic, "2 × f");
  assert.equal(ln.nonTrainableParamCount, 0);
});

Deno.test("convolutions and embeddings explain their kernel and table", () => {
  const conv1 = new Conv1D({ filters: 8, kernelSize: 3, inputShape: [10, 4] }).explain();
  assert.equal(conv1.symbolic, "k × c × f + f");
  assert.equal(conv1.paramCount, 3 * 4 * 8 + 8);
  const conv2 = new Conv2D({ filters: 32, kernelSize: 3, inputShape: [28, 28, 1] }).explain();
  assert.equal(conv2.symbolic, "kh × kw × c × f + f");
  assert.equal(conv2.annotation, "3*3*1*32 + 32");
  const embedding = new Embedding({ inputDim: 1000, outputDim: 300, inputLength: 10 }).explain();
  assert.equal(embedding.symbolic, "v × d");
  assert.equal(embedding.paramCount, 1000 * 300);
  for (const e of [conv1, conv2, embedding]) assertFormulasAgree(e);
});

Deno.test("a grouped convolution's kernel axis is the input channels per group", () => {
  // Keras 3: Conv1D(8, 3, groups=2) on 4 channels builds kernel (3, 2, 8) and bias (8,): 56.
  const e = new Conv1D({ filters: 8, kernelSize: 3, groups: 2, inputShape: [10, 4] }).explain();
  assert.equal(e.paramCount, 3 * (4 / 2) * 8 + 8);
  assert.equal(e.symbolic, "k × c/g × f + f");
  assert.deepEqual(e.variables.map((v) => [v.symbol, v.value, v.meaning]), [
    ["k", 3, "kernel size"],
    ["c/g", 2, "input channels per group"],
    ["f", 8, "filters"],
  ]);
  assert.match(e.why.join(" "), /c\/g = 2 input channels of its group \(groups: 2\)/);
});

Deno.test("normalization over another axis names that axis, over two axes both", () => {
  // BatchNormalization(axis=1) on (3, 8, 8): four vectors of the 3 features on axis 1.
  const bn = new BatchNormalization({ axis: 1, inputShape: [3, 8, 8] }).explain();
  assert.equal(bn.paramCount, 4 * 3);
  assert.deepEqual(bn.variables.map((v) => [v.symbol, v.meaning]), [["f", "features on axis 1"]]);
  assert.doesNotMatch(bn.why.join(" "), /last axis/);
  // LayerNormalization(axis=[1, 2]) on (8, 64): gamma and beta of shape (8, 64), 1024.
  const ln = new LayerNormalization({ axis: [1, 2], inputShape: [8, 64] }).explain();
  assert.equal(ln.paramCount, 2 * 8 * 64);
  assert.equal(ln.symbolic, "2 × f1 × f2");
  assert.equal(evaluate(ln.numeric.replace(/ = \d+$/, "")), 1024);
  assert.deepEqual(ln.weights.map((w) => w.role), [
    "scale, one per feature",
    "offset, one per feature",
  ]);
});

Deno.test("a wrapper created with trainable: false does not claim its weights are frozen", () => {
  // Keras 3.15: Bidirectional(LSTM(4, return_sequences=True), trainable=False) on (4, 3); its
  // summary prints Trainable params: 256, Non-trainable params: 0.
  const created = new Bidirectional({
    layer: new LSTM({ units: 4, returnSequences: true }),
    trainable: false,
    inputShape: [4, 3],
  }).explain();
  assert.equal(created.trainableParamCount, 256);
  assert.doesNotMatch(created.why.join(" "), /all 256 are non-trainable/);
  assert.match(created.why.join(" "), /keeps its weights trainable/);
  const set = new Bidirectional({ layer: new LSTM({ units: 4 }), inputShape: [4, 3] });
  set.trainable = false;
  assert.match(set.explain().why.join(" "), /frozen \(trainable: false\), so all 256/);
});

// A made-up kind, as another family file might add: one weight whose axes it declares.
const OUTER_KIND = defineKind({
  className: "Outer",
  family: "core",
  summary: "A made-up layer with a (features, p) weight and a (p,) weight.",
  options: {},
  create: () => new Outer(),
});

class Outer extends Layer {
  constructor(args: LayerArgs = {}) {
    super(args, OUTER_KIND);
  }
  protected get inputSpec(): InputSpec {
    return { minNdim: 2, definedAxes: [-1] };
  }
  protected buildWeights(inputShape: Shape): WeightSpec[] {
    const n = inputShape.at(-1)!;
    return [
      {
        name: "w",
        shape: [n, 3],
        trainable: true,
        axes: [{ symbol: "n", meaning: "input features" }, { symbol: "p", meaning: "projections" }],
      },
      { name: "s", shape: [3], trainable: true, axes: [{ symbol: "p", meaning: "projections" }] },
    ];
  }
  protected computeOutputShape(inputShape: Shape): Shape {
    return [...inputShape.slice(0, -1), 3];
  }
}

Deno.test("a new kind is explained from the axes its weights declare, not from their shapes", () => {
  const e = new Outer({ inputShape: [7] }).explain();
  assert.equal(e.symbolic, "n × p + p");
  assert.equal(e.numeric, "7 × 3 + 3 = 24");
  assert.deepEqual(e.variables.map((v) => [v.symbol, v.value, v.meaning]), [
    ["n", 7, "input features"],
    ["p", 3, "projections"],
  ]);
  // Without a declared role or reason, the words come from the axes and the weights' sizes.
  assert.deepEqual(e.weights.map((w) => w.role), [
    "7 input features × 3 projections",
    "3 projections",
  ]);
  assert.match(e.why.join(" "), /sum of the sizes of its weight tensors: w \(7, 3\), s \(3,\)/);
  assertFormulasAgree(e);
});

Deno.test("a frozen layer says all its parameters are non-trainable", () => {
  const e = new Dense({ units: 4, trainable: false, inputShape: [3] }).explain();
  assert.equal(e.nonTrainableParamCount, 3 * 4 + 4);
  assert.match(e.why.join(" "), /frozen/);
});

Deno.test("an explanation prints as text and displays as escaped HTML in Jupyter", () => {
  const e = new LSTM({ units: 5, inputShape: [400, 13], name: "<img onerror=x>" }).explain();
  const text = String(e);
  assert.match(text, /4 × \(\(n \+ m\) × m \+ m\)/);
  assert.match(text, /= 4 × \(\(13 \+ 5\) × 5 \+ 5\) = 380/);
  assert.match(text, /cell candidate/);
  const bundle = e[JUPYTER_DISPLAY]();
  assert.equal(bundle["text/plain"], text);
  assert.ok(bundle["text/html"].includes("&lt;img onerror=x&gt;"));
  assert.ok(!bundle["text/html"].includes("<img"));
  assert.ok(explainLayer(new Dense({ units: 1, inputShape: [2] })).toHtml().startsWith("<div"));
});

Deno.test("summary({ explain: true }) annotates each row as seed 000 does, in both styles", () => {
  const model = seed000Lstm([{ className: "Dropout", rate: 0.5 }]);
  const data = model.summaryData({ explain: true });
  assert.deepEqual(data.rows.map((r) => r.formula), [
    "4*(13*5 + 5*5 + 5)",
    "4*(5*5 + 5*5 + 5)",
    "5*650 + 650",
    "4*(650*20 + 20*20 + 20)",
    "4*(20*20 + 20*20 + 20)",
    undefined,
  ]);
  assert.deepEqual(model.summaryData().rows.map((r) => r.formula), new Array(6).fill(undefined));
  const keras2 = String(model.summary({ style: "keras2", explain: true }));
  const keras3 = String(model.summary({ style: "keras3", explain: true }));
  for (const annotated of ["380   = 4*(13*5 + 5*5 + 5)", "53680 = 4*(650*20 + 20*20 + 20)"]) {
    assert.ok(seedShows("000", annotated), `seed 000 prints ${annotated}`);
    assert.ok(keras2.includes(annotated), `keras2 table shows ${annotated}`);
  }
  assert.ok(keras3.includes("380 = 4*(13*5 + 5*5 + 5)"));
  assert.equal(keras2, renderKeras2(data, { explain: true }));
  assert.equal(keras3, renderKeras3(data, { explain: true }));
});

// ---------------------------------------------------------------------------------------------
// Properties: the formulas agree with counts written out independently.

const size = fc.integer({ min: 1, max: 40 });

Deno.test("recurrent formulas agree with 4, 3 and 1 × (n·m + m² + b·m) for random sizes", () => {
  fc.assert(
    fc.property(size, size, fc.boolean(), fc.boolean(), (n, m, useBias, resetAfter) => {
      const b = useBias ? 1 : 0;
      const cases: [Explanation, number][] = [
        [
          new LSTM({ units: m, useBias, inputShape: [null, n] }).explain(),
          4 * (n * m + m * m + b * m),
        ],
        [
          new GRU({ units: m, useBias, resetAfter, inputShape: [null, n] }).explain(),
          3 * (n * m + m * m + b * (resetAfter ? 2 : 1) * m),
        ],
        [
          new SimpleRNN({ units: m, useBias, inputShape: [null, n] }).explain(),
          n * m + m * m + b * m,
        ],
      ];
      for (const [e, expected] of cases) {
        assert.equal(e.paramCount, expected);
        assertFormulasAgree(e);
        for (const gate of e.gates) assert.equal(gate.size * e.gates.length, expected);
      }
    }),
    { seed: SEED, numRuns: 150 },
  );
});

Deno.test("wrapper and feed-forward formulas agree with counts written out by hand", () => {
  fc.assert(
    fc.property(size, size, size, fc.boolean(), (n, m, k, useBias) => {
      const b = useBias ? 1 : 0;
      const cases: [Explanation, number][] = [
        [new Dense({ units: m, useBias, inputShape: [n] }).explain(), n * m + b * m],
        [
          new TimeDistributed({ layer: new Dense({ units: m, useBias }), inputShape: [3, n] })
            .explain(),
          n * m + b * m,
        ],
        [
          new Bidirectional({ layer: new GRU({ units: m, useBias }), inputShape: [3, n] })
            .explain(),
          2 * 3 * (n * m + m * m + 2 * b * m),
        ],
        [
          new Conv1D({ filters: m, kernelSize: k, useBias, padding: "same", inputShape: [50, n] })
            .explain(),
          k * n * m + b * m,
        ],
        [new Embedding({ inputDim: n, outputDim: m }).explain(), n * m],
        [new BatchNormalization({ center: useBias, inputShape: [n] }).explain(), (3 + b) * n],
      ];
      for (const [e, expected] of cases) {
        assert.equal(e.paramCount, expected);
        assertFormulasAgree(e);
      }
    }),
    { seed: SEED, numRuns: 150 },
  );
});

Deno.test("a layer called twice in a graph says its weights serve both calls and count once", () => {
  const a = new Input({ shape: [8] });
  const b = new Input({ shape: [8] });
  const shared = new Dense(4);
  const model = new Model({
    inputs: [a, b],
    outputs: new Concatenate().apply([shared.apply(a), shared.apply(b)]),
  });
  // Dense(4) on 8 features: 8 × 4 + 4 = 36, once in the total though it is called twice.
  assert.equal(model.paramCount(), 36);
  const why = shared.explain().why.join(" ");
  assert.match(why, /called 2 times \(on input_layer\S*\[0\]\[0\], input_layer\S*\[0\]\[0\]\)/);
  assert.match(why, /its 36 count once in a model's total/);
  assert.doesNotMatch(new Dense(4, { inputShape: [8] }).explain().why.join(" "), /called/);
});
