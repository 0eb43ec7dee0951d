// Every table our renderers print reads back exactly: random summaries (names of any
// characters, any classes, single and several output shapes, counts up to billions) through
// Keras 3's box table at 76 and 88 columns and Keras 2's classic table, then read. A cell the
// table cut short (Keras 2's columns, Keras 3's `…`) must say it was cut, and what was printed
// of it must be what is read.

import assert from "assert";
import fc from "fast-check";
import { parseSummary, type Shape, type SummaryData } from "../mod.ts";
import { renderKeras2 } from "../lib/summary/keras2.ts";
import { renderKeras3 } from "../lib/summary/keras3.ts";
import { replaySeed } from "./_support.ts";

const SEED = replaySeed("read_roundtrip_test");

const NAME_CHARS = [..."abcdefghijklmnopqrstuvwxyz_0123456789/.-éü中文 ()|:,'"];
const name = fc.array(fc.constantFrom(...NAME_CHARS), { minLength: 1, maxLength: 40 })
  .map((chars) => chars.join("").replace(/\s+/g, " ").trim())
  .filter((n) => n !== "" && !n.endsWith("…"));
const className = fc.constantFrom(
  "Dense",
  "LSTM",
  "TimeDistributed",
  "Bidirectional",
  "Conv2D",
  "BatchNormalization",
  "MultiHeadAttention",
  "MyVeryOwnCustomLayerClass",
);
const dim = fc.oneof(fc.constant(null), fc.integer({ min: 1, max: 100_000 }));
const shape: fc.Arbitrary<Shape> = fc.tuple(fc.array(dim, { minLength: 1, maxLength: 4 }))
  .map(([dims]) => [null, ...dims]);
const output = fc.oneof(
  { weight: 4, arbitrary: shape },
  { weight: 1, arbitrary: fc.array(shape, { minLength: 2, maxLength: 3 }) },
);
const summaryData: fc.Arbitrary<SummaryData> = fc.array(
  fc.record({
    name,
    className,
    outputShape: output,
    paramCount: fc.integer({ min: 0, max: 5_000_000_000 }),
  }),
  { minLength: 1, maxLength: 8 },
).chain((rows) =>
  fc.record({
    graph: fc.boolean(),
    picks: fc.array(fc.array(fc.nat(), { maxLength: 3 }), {
      minLength: rows.length,
      maxLength: rows.length,
    }),
  }).map(({ graph, picks }) => {
    const total = rows.reduce((a, r) => a + r.paramCount, 0);
    // A graph's rows read earlier rows (names without the characters of a connection list).
    const clean = rows.map((r) => ({ ...r, name: r.name.replace(/[,'[\]]/g, "_") }));
    const withEdges = clean.map((r, i) => {
      if (!graph) return r;
      const sources = i === 0 ? [] : picks[i].map((p) => clean[p % i].name);
      return { ...r, connectedTo: sources.map((n) => `${n}[0][0]`), isInput: i === 0 };
    });
    return {
      modelName: "model",
      rows: graph ? withEdges : rows,
      ...(graph ? { connections: true } : {}),
      totalParams: total,
      trainableParams: total,
      nonTrainableParams: 0,
    };
  })
);

function sameOrPrefix(read: Shape | readonly Shape[] | null, printed: Shape | readonly Shape[]) {
  const flat = (s: Shape | readonly Shape[]) =>
    s.length > 0 && Array.isArray(s[0]) ? (s as readonly Shape[]).flat() : (s as Shape);
  const a = flat(read ?? []);
  const b = flat(printed);
  return a.length <= b.length && a.every((d, i) => d === b[i]);
}

function assertReadsBack(data: SummaryData, text: string): void {
  const summary = parseSummary(text);
  const where = `\n${text}`;
  assert.equal(summary.rows.length, data.rows.length, where);
  assert.equal(summary.totalParams, data.totalParams, where);
  summary.rows.forEach((row, i) => {
    const expected = data.rows[i];
    const cut = row.nameCut || row.classNameCut;
    if (!cut) {
      assert.equal(row.name, expected.name, where);
      assert.equal(row.className, expected.className, where);
    } else {
      const full = `${expected.name} (${expected.className})`;
      const read = `${row.name}${row.className !== undefined ? ` (${row.className}` : ""}`;
      assert.ok(full.startsWith(read) || full.startsWith(row.name), `${read} of ${full}${where}`);
    }
    if (row.outputShapeCut) {
      assert.ok(sameOrPrefix(row.outputShape, expected.outputShape), where);
    } else {
      assert.deepEqual(row.outputShape, expected.outputShape, where);
    }
    if (data.connections) {
      const names = (expected.connectedTo ?? []).map((c) => c.slice(0, -"[0][0]".length));
      const read = row.inbound ?? [];
      if (row.inboundCut) {
        // What is read of a cut list is its start; an 80-column console may also hide the ends
        // of wrapped lines, so only the first entry is sure to be a prefix.
        if (read.length > 0 && names.length > 0) {
          assert.ok(
            names[0].startsWith(read[0]) || read[0].startsWith(names[0]),
            `${read[0]} of ${names[0]}${where}`,
          );
        }
      } else {
        assert.deepEqual(read, names, where);
      }
    }
    if (row.paramCountCut) {
      assert.ok(expected.paramCount.toLocaleString("en-US").startsWith(row.paramCountPrefix!));
    } else {
      assert.equal(row.paramCount, expected.paramCount, where);
    }
  });
}

Deno.test("every Keras 3 table we print at 76 columns reads back exactly", () => {
  fc.assert(fc.property(summaryData, (data) => assertReadsBack(data, renderKeras3(data))), {
    seed: SEED,
    numRuns: 300,
  });
});

Deno.test("every Keras 3 table we print at 88 columns reads back exactly", () => {
  fc.assert(
    fc.property(
      summaryData,
      (data) => assertReadsBack(data, renderKeras3(data, { lineLength: 88 })),
    ),
    { seed: SEED, numRuns: 300 },
  );
});

Deno.test("every Keras 2 table we print reads back exactly", () => {
  fc.assert(fc.property(summaryData, (data) => assertReadsBack(data, renderKeras2(data))), {
    seed: SEED,
    numRuns: 300,
  });
});

Deno.test("every Keras 2 table we print at 98 columns reads back exactly", () => {
  fc.assert(
    fc.property(
      summaryData,
      (data) => assertReadsBack(data, renderKeras2(data, { lineLength: 98 })),
    ),
    { seed: SEED, numRuns: 300 },
  );
});
