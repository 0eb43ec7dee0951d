// One test per kind of bad input a learner will type: each gets a typed error that names the
// layer and the value it received.

import assert from "assert";
import {
  Bidirectional,
  Conv1D,
  Dense,
  Dropout,
  Flatten,
  GRU,
  IncompatibleShapeError,
  Input,
  LSTM,
  MaxPooling1D,
  Sequential,
  TimeDistributed,
} from "../mod.ts";

const badUnits: [string, unknown, ErrorConstructor | RangeErrorConstructor, string][] = [
  ["0", 0, RangeError, "received 0"],
  ["a negative number", -5, RangeError, "received -5"],
  ["a fraction", 2.5, RangeError, "received 2.5"],
  ["NaN", NaN, RangeError, "received NaN"],
  ["Infinity", Infinity, RangeError, "received Infinity"],
  ["a string", "5", TypeError, 'received "5" (a string)'],
  ["nothing", undefined, TypeError, "received undefined"],
];

for (const [what, units, type, received] of badUnits) {
  Deno.test(`LSTM() throws on ${what} units`, () => {
    assert.throws(
      () => new LSTM({ units } as unknown as { units: number }),
      (e: unknown) => {
        assert.ok(e instanceof type, `${(e as Error).name} is a ${type.name}`);
        assert.equal(
          (e as Error).message,
          `Invalid units for LSTM: expected a positive integer, ${received}`,
        );
        return true;
      },
    );
  });
}

Deno.test("Dense() throws on 0 units, naming Dense", () => {
  assert.throws(() => new Dense({ units: 0 }), {
    name: "RangeError",
    message: "Invalid units for Dense: expected a positive integer, received 0",
  });
});

Deno.test("Dropout() throws on a rate above 1", () => {
  assert.throws(() => new Dropout({ rate: 5 }), {
    name: "RangeError",
    message: "Invalid rate for Dropout: expected a number between 0 and 1, received 5",
  });
});

Deno.test("GRU() throws on a non-boolean resetAfter", () => {
  assert.throws(
    () => new GRU({ units: 3, resetAfter: "yes" as unknown as boolean }),
    {
      name: "TypeError",
      message: 'Invalid resetAfter for GRU: expected true or false, received "yes" (a string)',
    },
  );
});

Deno.test("Bidirectional() throws on a layer that is not recurrent", () => {
  assert.throws(
    () => new Bidirectional({ layer: new Dense({ units: 3 }) as unknown as LSTM }),
    {
      name: "TypeError",
      message:
        "Invalid layer for Bidirectional: expected a recurrent layer (SimpleRNN, LSTM or GRU), received Dense",
    },
  );
});

Deno.test("a layer without an input shape says how to give one", () => {
  const lstm = new LSTM({ units: 5 });
  assert.throws(() => lstm.paramCount(), {
    name: "Error",
    message: 'Layer "lstm" (LSTM) has not been built: it has no input shape. ' +
      "Give it an inputShape, or add it to a Sequential model that starts with an Input",
  });
});

Deno.test("a model without an input shape says how to give one", () => {
  const model = new Sequential([new LSTM({ units: 5 }), new Dense({ units: 1 })]);
  assert.equal(model.built, false);
  assert.throws(() => model.paramCount(), /Model "sequential" has no input shape yet/);
  model.build([null, 400, 13]);
  assert.equal(model.paramCount(), 4 * (13 * 5 + 5 * 5 + 5) + 5 + 1);
});

Deno.test("an LSTM on a 2D input throws Keras's ndim message", () => {
  assert.throws(
    () => new Sequential([new Input({ shape: [13] }), new LSTM({ units: 5 })]),
    (e: unknown) => {
      assert.ok(e instanceof IncompatibleShapeError);
      assert.equal(
        e.message,
        'Input 0 of layer "lstm" is incompatible with the layer: expected ndim=3, found ndim=2. ' +
          "Full shape received: (None, 13)",
      );
      assert.equal(e.layerName, "lstm");
      assert.deepEqual(e.received, [null, 13]);
      return true;
    },
  );
});

Deno.test("TimeDistributed on a 2D input throws the min_ndim message", () => {
  assert.throws(
    () => new TimeDistributed({ layer: new Dense({ units: 1 }), inputShape: [5] }).paramCount(),
    {
      name: "IncompatibleShapeError",
      message: 'Input 0 of layer "time_distributed" is incompatible with the layer: ' +
        "expected min_ndim=3, found ndim=2. Full shape received: (None, 5)",
    },
  );
});

Deno.test("a Conv1D kernel larger than the time axis throws", () => {
  assert.throws(
    () => new Conv1D({ filters: 4, kernelSize: 5, inputShape: [3, 2] }).outputShape(),
    {
      name: "IncompatibleShapeError",
      message: 'Layer "conv1d": computed output size would be negative: a window of size 5 ' +
        'does not fit in an input of size 3 with padding "valid". Full shape received: (None, 3, 2)',
    },
  );
  // With "same" padding the window is padded, and any length works.
  assert.deepEqual(
    new Conv1D({ filters: 4, kernelSize: 5, padding: "same", inputShape: [3, 2] }).outputShape(),
    [null, 3, 4],
  );
});

Deno.test("a pooling window larger than the time axis throws", () => {
  assert.throws(
    () => new MaxPooling1D({ poolSize: 4, inputShape: [3, 2] }).outputShape(),
    IncompatibleShapeError,
  );
});

Deno.test("Flatten over an unknown dimension gives None, and the Dense after it says why it fails", () => {
  const flatten = new Flatten({ inputShape: [null, 13] });
  assert.deepEqual(flatten.outputShape(), [null, null]);
  assert.throws(
    () =>
      new Sequential([new Input({ shape: [null, 13] }), new Flatten(), new Dense({ units: 1 })]),
    {
      name: "IncompatibleShapeError",
      message: 'Input 0 of layer "dense" is incompatible with the layer: axis -1 of the input ' +
        "must be known to build the layer's weights, found None. Full shape received: (None, None)",
    },
  );
});

Deno.test("an input shape with a zero, a fraction or a string is refused", () => {
  assert.throws(() => new Dense({ units: 1, inputShape: [0] }).paramCount(), {
    name: "RangeError",
    message: 'Invalid input shape for layer "dense": every size must be a positive integer or ' +
      "null, received 0 in (None, 0)",
  });
  assert.throws(() => new Input({ shape: [1.5] }), RangeError);
  assert.throws(() => new Input({ shape: ["13"] as unknown as number[] }), TypeError);
});

Deno.test("a count past Number.MAX_SAFE_INTEGER throws instead of rounding", () => {
  const huge = new LSTM({ units: 100_000_000, inputShape: [1, 100_000_000] });
  assert.throws(() => huge.paramCount(), (e: unknown) => {
    assert.ok(e instanceof RangeError);
    assert.match(e.message, /layer "lstm"/);
    assert.match(e.message, /Number.MAX_SAFE_INTEGER \(9007199254740991\)/);
    return true;
  });
});

Deno.test("two layers with the same name are refused", () => {
  assert.throws(
    () =>
      new Sequential([
        new Dense({ units: 1, name: "out", inputShape: [3] }),
        new Dense({ units: 1, name: "out" }),
      ]),
    {
      name: "TypeError",
      message: "All layers added to a Sequential model should have unique names. " +
        'Name "out" is already the name of a layer in model "sequential"',
    },
  );
});

Deno.test("an Input after other layers is refused", () => {
  assert.throws(
    () => new Sequential([new Dense({ units: 1, inputShape: [3] }), new Input({ shape: [3] })]),
    /An Input can only be the first layer/,
  );
});

Deno.test("a layer after Bidirectional with mergeMode null is told it got two inputs", () => {
  assert.throws(
    () =>
      new Sequential([
        new Input({ shape: [10, 3] }),
        new Bidirectional({ layer: new LSTM({ units: 4 }), mergeMode: null }),
        new Dense({ units: 1 }),
      ]),
    {
      name: "TypeError",
      message: 'Layer "dense" expects 1 input, but it received 2 input tensors ' +
        "((None, 4), (None, 4))",
    },
  );
});
