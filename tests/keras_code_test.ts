// Keras code pasted above a summary, read for what the table cannot show. The code and tables
// are the seed documents' own, as pasted.

import assert from "assert";
import { declaredFromCode, explainSummary, parseSummaries, recurrentCalls } from "../mod.ts";
import { explainText } from "../tools/explain.ts";
import { type SeedId, seedText } from "./_seeds.ts";

function explainSeed(id: SeedId) {
  const text = seedText(id);
  const summaries = parseSummaries(text);
  return summaries.map((summary, i) => {
    const options = declaredFromCode(text, summary, i === 0 ? 0 : summaries[i - 1].endLine);
    return { options, explained: explainSummary(summary, options) };
  });
}

Deno.test("seed 003's first table is flagged: its code declares LSTM(5) without return_sequences", () => {
  const [first, second, third] = explainSeed("003");
  assert.deepEqual(first.options.declared, {
    lstm_1: { className: "LSTM", returnSequences: false },
  });
  const lstm = first.explained.rows[0];
  assert.equal(lstm.consistent, false);
  assert.deepEqual(lstm.outputShape, [null, 1, 5]);
  assert.deepEqual(lstm.expectedOutputShape, [null, 5]);
  // The other two examples print what their code declares.
  assert.deepEqual(second.options.declared, {
    lstm_1: { className: "LSTM", returnSequences: false },
  });
  assert.ok(second.explained.consistent);
  assert.deepEqual(third.options.declared, {
    lstm_1: { className: "LSTM", returnSequences: true },
  });
  assert.ok(third.explained.consistent);
});

Deno.test("deno task explain flags seed 003 as pasted, and exits with 1 for it", () => {
  const { report, consistent } = explainText(seedText("003"));
  assert.equal(consistent, false);
  assert.match(report, /lstm_1 \(LSTM\).*INCONSISTENT/);
  assert.match(report, /\(None, 1, 5\) is what returnSequences: true gives/);
});

Deno.test("seeds 001 and 002 print what their code declares", () => {
  const [seed001] = explainSeed("001");
  assert.deepEqual(seed001.options.declared, {
    lstm_4: { className: "LSTM", returnSequences: true },
  });
  assert.ok(seed001.explained.consistent);
  const [seed002] = explainSeed("002");
  // The first LSTM's arguments span two lines and nest l2(0.0015) and a tuple.
  assert.deepEqual(seed002.options.declared, {
    lstm_1: { className: "LSTM", returnSequences: true },
    lstm_2: { className: "LSTM", returnSequences: false },
  });
  assert.ok(seed002.explained.consistent);
});

Deno.test("nothing is declared when calls and rows cannot be matched one to one", () => {
  // Seed 004 names keras.layers.LSTM(10) in its prose as well as in its code: two calls, one row.
  const [seed004] = explainSeed("004");
  assert.deepEqual(seed004.options, {});
  assert.ok(seed004.explained.consistent);
});

Deno.test("recurrentCalls ignores a call whose parentheses never close", () => {
  assert.deepEqual(recurrentCalls("model.add(LSTM(5, return_sequences=True"), []);
  assert.deepEqual(
    recurrentCalls("GRU(8)\nSimpleRNN(4, return_sequences = True)").map((c) => [
      c.className,
      c.returnSequences,
    ]),
    [["GRU", false], ["SimpleRNN", true]],
  );
});
