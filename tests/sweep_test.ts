// Sweeps count by building layers; these tests hold them to the textbook formulas, written out
// here independently of the layer code, and to the counts printed in the seed documents.

import assert from "assert";
import fc from "fast-check";
import {
  defineKind,
  GRU,
  type InputSpec,
  Layer,
  LSTM,
  type Shape,
  type WeightSpec,
} from "../mod.ts";
import {
  countGrid,
  countParams,
  LAYER_FACTORIES,
  layerFactory,
  sweepFeatures,
  sweepUnits,
} from "../lib/sweep.ts";

// n input features, m units.
const dense = (n: number, m: number) => n * m + m;
const simpleRnn = (n: number, m: number) => n * m + m * m + m;
const lstm = (n: number, m: number) => 4 * ((n + m) * m + m);
const gruResetAfter = (n: number, m: number) => 3 * (n * m + m * m + 2 * m);
const gruClassic = (n: number, m: number) => 3 * (n * m + m * m + m);

/** Evaluates a formula made of integers, `*`, `+` and parentheses, without `eval`. */
function evaluate(formula: string): number {
  let at = 0;
  const skip = () => {
    while (formula[at] === " ") at++;
  };
  const sum = (): number => {
    let value = product();
    skip();
    while (formula[at] === "+") {
      at++;
      value += product();
      skip();
    }
    return value;
  };
  const product = (): number => {
    let value = factor();
    skip();
    while (formula[at] === "*") {
      at++;
      value *= factor();
      skip();
    }
    return value;
  };
  const factor = (): number => {
    skip();
    if (formula[at] === "(") {
      at++;
      const value = sum();
      skip();
      assert.equal(formula[at], ")", `closing parenthesis in ${formula}`);
      at++;
      return value;
    }
    const digits = /^\d+/.exec(formula.slice(at));
    assert.ok(digits, `a number at ${at} in ${formula}`);
    at += digits[0].length;
    return Number(digits[0]);
  };
  const value = sum();
  assert.equal(at, formula.length, `the whole of ${formula} is read`);
  return value;
}

const size = fc.record({
  units: fc.integer({ min: 1, max: 300 }),
  features: fc.integer({ min: 1, max: 1000 }),
});

Deno.test("countParams agrees with the textbook formula of each layer", () => {
  const kinds = [
    ["Dense", dense],
    ["SimpleRNN", simpleRnn],
    ["GRU", gruResetAfter],
    ["LSTM", lstm],
  ] as const;
  fc.assert(
    fc.property(size, ({ units, features }) => {
      for (const [kind, formula] of kinds) {
        const point = countParams(LAYER_FACTORIES[kind], { units, features });
        assert.equal(point.params, formula(features, units), `${kind}(${units}) on ${features}`);
        assert.equal(evaluate(point.formula), point.params, point.formula);
        assert.equal(point.units, units);
        assert.equal(point.features, features);
      }
    }),
  );
});

Deno.test("an LSTM has exactly four times a SimpleRNN's parameters, a classic GRU three", () => {
  const classicGru = (units: number) => new GRU({ units, resetAfter: false });
  fc.assert(
    fc.property(size, (s) => {
      const rnn = countParams(LAYER_FACTORIES.SimpleRNN, s).params;
      assert.equal(countParams(LAYER_FACTORIES.LSTM, s).params, 4 * rnn);
      assert.equal(countParams(classicGru, s).params, 3 * rnn);
      assert.equal(countParams(classicGru, s).params, gruClassic(s.features, s.units));
    }),
  );
});

Deno.test("countParams gives the counts the seed documents print", () => {
  const lstmAt = (units: number, features: number) =>
    countParams(LAYER_FACTORIES.LSTM, { units, features });
  const denseAt = (units: number, features: number) =>
    countParams(LAYER_FACTORIES.Dense, { units, features });
  // seed 000: the LSTM stack and its Dense twin
  assert.deepEqual(
    [lstmAt(5, 13), lstmAt(5, 5), denseAt(650, 5), lstmAt(20, 650), lstmAt(20, 20)].map((p) =>
      p.params
    ),
    [380, 220, 3900, 53680, 3280],
  );
  assert.deepEqual(
    [denseAt(5, 13), denseAt(5, 5), denseAt(650, 5), denseAt(20, 650), denseAt(20, 20)].map((p) =>
      p.params
    ),
    [70, 30, 3900, 13020, 420],
  );
  // seed 000 writes its formulas the way a sweep's points do
  assert.equal(lstmAt(5, 13).formula, "4*(13*5 + 5*5 + 5)");
  assert.equal(lstmAt(5, 5).formula, "4*(5*5 + 5*5 + 5)");
  assert.equal(lstmAt(20, 650).formula, "4*(650*20 + 20*20 + 20)");
  assert.equal(lstmAt(20, 20).formula, "4*(20*20 + 20*20 + 20)");
  assert.equal(denseAt(650, 5).formula, "5*650 + 650");
  // seed 001, 002, 003, 004
  assert.equal(lstmAt(10, 1).params, 480);
  assert.equal(denseAt(1, 10).params, 11);
  assert.equal(lstmAt(64, 6).params, 18176);
  assert.equal(lstmAt(64, 64).params, 33024);
  assert.equal(lstmAt(128, 300).params, 219648);
  assert.equal(lstmAt(5, 1).params, 140);
  assert.equal(denseAt(5, 5).params, 30);
  assert.equal(lstmAt(10, 5).params, 640);
});

Deno.test("sweepUnits and sweepFeatures keep the order they are given", () => {
  const byUnits = sweepUnits(LAYER_FACTORIES.LSTM, 13, [20, 5, 1]);
  assert.deepEqual(byUnits.map((p) => [p.units, p.features, p.params]), [
    [20, 13, lstm(13, 20)],
    [5, 13, 380],
    [1, 13, lstm(13, 1)],
  ]);
  const byFeatures = sweepFeatures(LAYER_FACTORIES.Dense, 20, [650, 20]);
  assert.deepEqual(byFeatures.map((p) => [p.units, p.features, p.params]), [
    [20, 650, 13020],
    [20, 20, 420],
  ]);
  assert.deepEqual(sweepUnits(LAYER_FACTORIES.LSTM, 13, []), []);
});

Deno.test("countGrid has one row per input size and one column per unit count", () => {
  const units = [1, 5, 20, 64];
  const features = [1, 13, 650];
  const grid = countGrid(LAYER_FACTORIES.LSTM, units, features, { formulas: true });
  assert.deepEqual(grid.units, units);
  assert.deepEqual(grid.features, features);
  assert.equal(grid.params.length, features.length);
  features.forEach((n, row) => {
    assert.equal(grid.params[row].length, units.length);
    units.forEach((m, column) => {
      assert.equal(grid.params[row][column], lstm(n, m));
      assert.equal(evaluate(grid.formulas![row][column]), lstm(n, m));
    });
  });
});

Deno.test("countParams throws when the factory hands back a layer already built", () => {
  const shared = new LSTM({ units: 5 });
  countParams(() => shared, { units: 5, features: 13 });
  assert.throws(
    () => countParams(() => shared, { units: 5, features: 1 }),
    (error: Error) => error instanceof TypeError && /new, unbuilt layer/.test(error.message),
  );
});

Deno.test("countParams throws when the factory returns something other than a layer", () => {
  assert.throws(
    // deno-lint-ignore no-explicit-any
    () => countParams((() => 5) as any, { units: 5, features: 13 }),
    (error: Error) => error instanceof TypeError && /received 5/.test(error.message),
  );
});

Deno.test("sweeps take every kind whose first argument is units, and refuse the others", () => {
  // From the registry: the kinds Keras constructs as Kind(units, …).
  assert.deepEqual(Object.keys(LAYER_FACTORIES).sort(), ["Dense", "GRU", "LSTM", "SimpleRNN"]);
  const classic = layerFactory("GRU", { resetAfter: false });
  assert.equal(countParams(classic, { units: 5, features: 13 }).params, gruClassic(13, 5));
  assert.throws(() => layerFactory("Conv2D"), /Sweeping units is not supported for Conv2D/);
  assert.throws(() => layerFactory("Dense2"), /Unknown layer class "Dense2"/);
  assert.throws(() => layerFactory("LSTM", { returnSequence: true }), TypeError);
});

Deno.test("countParams throws RangeError on 0 units or 0 features", () => {
  assert.throws(() => countParams(LAYER_FACTORIES.LSTM, { units: 0, features: 13 }), RangeError);
  assert.throws(() => countParams(LAYER_FACTORIES.LSTM, { units: 5, features: 0 }), RangeError);
  assert.throws(() => countParams(LAYER_FACTORIES.Dense, { units: 5, features: 1.5 }), RangeError);
});

Deno.test("countGrid gives every layer kind's textbook counts without formulas", () => {
  const units = [1, 3, 7, 100];
  const features = [5, 1, 2, 13, 650, 1000];
  const textbook = { Dense: dense, SimpleRNN: simpleRnn, LSTM: lstm, GRU: gruResetAfter };
  for (const [kind, formula] of Object.entries(textbook)) {
    const grid = countGrid(LAYER_FACTORIES[kind as keyof typeof textbook], units, features);
    assert.equal(grid.formulas, undefined);
    assert.deepEqual(
      grid.params,
      features.map((n) => units.map((m) => formula(n, m))),
      `${kind} grid`,
    );
  }
});

Deno.test("countGrid counts point by point a layer whose count is not affine in its input", () => {
  // A made-up layer with an (n, n) weight: n² parameters, which no straight line fits.
  const kind = defineKind({
    className: "Square",
    family: "core",
    summary: "A made-up layer with an (n, n) weight.",
    options: {},
    create: () => new Square(),
  });
  class Square extends Layer {
    constructor() {
      super({}, kind);
    }
    protected get inputSpec(): InputSpec {
      return { minNdim: 2, definedAxes: [-1] };
    }
    protected buildWeights(inputShape: Shape): WeightSpec[] {
      const n = inputShape.at(-1)!;
      return [{ name: "w", shape: [n, n], trainable: true }];
    }
    protected computeOutputShape(inputShape: Shape): Shape {
      return inputShape;
    }
  }
  const grid = countGrid(() => new Square(), [1], [1, 2, 3, 10]);
  assert.deepEqual(grid.params, [[1], [4], [9], [100]]);
});
