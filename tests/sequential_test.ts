// Sequential (lib/model/sequential.ts): Keras's layer names and the two ways to build a stack,
// against names and counts written here from Keras's rules.

import assert from "assert";
import { Dense, Input, LSTM, Sequential, TimeDistributed } from "../mod.ts";

Deno.test("Sequential names layers like Keras, inner layers included", () => {
  const model = new Sequential([
    new Input({ shape: [5, 3] }),
    new LSTM({ units: 4, returnSequences: true }),
    new LSTM({ units: 4, returnSequences: true }),
    new TimeDistributed({ layer: new Dense({ units: 2 }) }),
    new Dense({ units: 1, name: "head" }),
    new Dense({ units: 1 }),
  ]);
  assert.deepEqual(model.layers.map((l) => l.name), [
    "lstm",
    "lstm_1",
    "time_distributed",
    "head",
    "dense_1",
  ]);
});

Deno.test("Sequential built with add() matches one built from a list", () => {
  const model = new Sequential();
  model.add(new Input({ shape: [400, 13] }));
  model.add(new LSTM({ units: 5 }));
  model.add(new Dense({ units: 1 }));
  assert.equal(model.paramCount(), 4 * (13 * 5 + 5 * 5 + 5) + 5 + 1);
  assert.deepEqual(model.inputShape(), [null, 400, 13]);
});
