// Reading, explaining and rendering are linear in their input: each is run on an input and on
// one twice its size, and the ratio of the medians of their times must stay far below the 4 a
// quadratic cost gives (the bound is generous, for a busy machine). Output sizes are compared
// exactly. Also every probe of issue 11: pasted code, huge reports, deep annotations, a name of
// 50,000 spaces, our own Keras 2 table with a 26-character name, the command's paths.

import assert from "assert";
import { Dense, explainSummary, Input, parseSummary, Sequential } from "../mod.ts";
import { explainText } from "../tools/explain.ts";
import { classify, runCorpus } from "../tools/corpus.ts";
import { resolveFromCaller } from "../tools/_cwd.ts";
import { FUNCTIONAL, KERAS3_TRAINED, tf211Table, WRAPPED } from "./_summaries.ts";
import { runDeno } from "./_support.ts";

/** Median time of `f` over a few runs, in milliseconds. */
function medianTime(f: () => unknown, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    f();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(runs / 2)];
}

/**
 * Asserts `work(size)` grows linearly: doubling the input at most triples the median time.
 * A busy machine can slow one measurement, so up to three attempts are made; a quadratic cost
 * (×4) fails them all.
 */
function assertLinear(
  what: string,
  make: (n: number) => string,
  work: (text: string) => unknown,
  n: number,
): void {
  const small = make(n);
  const large = make(2 * n);
  work(small); // warm up the JIT
  const tries: string[] = [];
  for (let attempt = 0; attempt < 3; attempt++) {
    const a = medianTime(() => work(small));
    const b = medianTime(() => work(large));
    const ratio = b / Math.max(a, 0.5);
    if (ratio < 3) return;
    tries.push(`${a.toFixed(1)} ms → ${b.toFixed(1)} ms (×${ratio.toFixed(2)})`);
  }
  assert.fail(
    `${what}: ${small.length} → ${large.length} characters: ${tries.join("; ")}; linear is ×2, ` +
      `quadratic ×4`,
  );
}

/** A TF ≥ 2.11 sequential table of `n` Dense rows, every cell wrapped once. */
function wrappedTable(n: number): string {
  const rows = [{
    name: "input_layer_with_a_long_name",
    className: "InputLayer",
    shape: "[(None, 8)]",
    params: 0,
  }];
  for (let i = 0; i < n; i++) {
    rows.push({
      name: `dense_layer_with_a_long_name_${i}`,
      className: "Dense",
      shape: "(None, 8)",
      params: 72,
    });
  }
  return tf211Table("m", rows, { total: 72 * n, trainable: 72 * n, nonTrainable: 0 });
}

/** A Keras 3 table of `n` rows, as our renderer prints it. */
function keras3Table(n: number): string {
  const layers = [new Input({ shape: [8] })];
  for (let i = 0; i < n; i++) layers.push(new Dense({ units: 8 }) as never);
  return String(new Sequential(layers).summary());
}

Deno.test("reading a table is linear in its size", () => {
  assertLinear("TF 2.11 table", wrappedTable, parseSummary, 2000);
  assertLinear("Keras 3 table", keras3Table, parseSummary, 1000);
});

Deno.test("explaining a table and rendering its report are linear in its size", () => {
  assertLinear("explain", wrappedTable, explainSummary, 1000);
  const explained = (text: string) => explainSummary(text);
  assertLinear("report", wrappedTable, (t) => String(explained(t)), 1000);
  assertLinear("HTML", wrappedTable, (t) => explained(t).toHtml(), 1000);
});

Deno.test("a report's size is linear in the table's, however long one name is", () => {
  // The probe: a 1.29 MB table made String(report) take 4.2 GB. One name of 600,000 characters
  // among 2,000 rows must not widen every other line of the report.
  const long = "n".repeat(600_000);
  const make = (n: number) => {
    const lines = ["Layer (type) Output Shape Param #", "=".repeat(65)];
    lines.push(`${long} (Dense) (None, 8) 72`);
    for (let i = 0; i < n; i++) lines.push(`dense_${i} (Dense) (None, 8) 72`);
    lines.push("=".repeat(65));
    return lines.join("\n");
  };
  for (const n of [2000, 4000]) {
    const text = make(n);
    const result = explainSummary(text);
    const report = String(result);
    const html = result.toHtml();
    assert.ok(report.length < 3 * text.length, `report ${report.length} for ${text.length}`);
    assert.ok(html.length < 3 * text.length + 2000 * n, `HTML ${html.length} for ${text.length}`);
  }
});

Deno.test("Keras code pasted above a table is read in linear time", () => {
  // The probe: "LSTM(5)\n" 40,000 times took 25.7 s.
  const table = "Layer (type) Output Shape Param #\n===\nlstm (LSTM) (None, 5) 140\n===";
  assertLinear("pasted code", (n) => "model.add(LSTM(5))\n".repeat(n) + table, explainText, 20_000);
});

Deno.test("an annotation of 100,000 minus signs or powers neither overflows nor is believed", () => {
  for (
    const annotation of ["-".repeat(100_000) + "5", "2^".repeat(100_000) + "2", "(".repeat(100_000)]
  ) {
    const text =
      `Layer (type) Output Shape Param #\n===\ndense (Dense) (None, 5) 70 = ${annotation}\n===`;
    const result = explainSummary(text);
    assert.match(result.rows[0].note ?? "", /not arithmetic that can be checked/);
  }
});

Deno.test("summary() of a layer named with 50,000 spaces is linear, and reads back", () => {
  const make = (n: number) => {
    const model = new Sequential([
      new Input({ shape: [4] }),
      new Dense({ units: 3, name: `a${" ".repeat(n)}b` }),
    ]);
    return model;
  };
  const render = (n: number) => String(make(n).summary()) + make(n).summary({ style: "keras2" });
  assertLinear("summary()", (n) => " ".repeat(n), (s) => render(s.length), 50_000);
  const keras2 = String(make(50_000).summary({ style: "keras2" }));
  assert.equal(parseSummary(keras2).rows[0].paramCount, 15);
});

Deno.test("summary() of a layer named with 50,000 letters is linear, and reads back", () => {
  const make = (n: number) =>
    new Sequential([new Input({ shape: [4] }), new Dense({ units: 3, name: "x".repeat(n) })]);
  const render = (n: number) => String(make(n).summary()) + make(n).summary({ style: "keras2" });
  assertLinear("summary()", (n) => "x".repeat(n), (s) => render(s.length), 50_000);
  const start = performance.now();
  render(50_000);
  assert.ok(performance.now() - start < 1000, "a 50,000-character name takes under a second");
  // Dense(3) on 4 features: 4 × 3 + 3 = 15, in every style.
  assert.equal(parseSummary(String(make(50_000).summary())).rows[0].paramCount, 15);
});

Deno.test("a table whose cut Connected to entries fit every row above is read in linear time", () => {
  // Each Dense row reads `dense_…`, which fits every dense row before it, of three outputs:
  // read on each, some fit several of them differently, and are not checked, never flagged.
  const table = (n: number) => {
    const lines = [
      "┏━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┳━━━━━━━━━━━┳━━━━━━━━━━━━━━━━┓",
      "┃ Layer (type)          ┃ Output Shape  ┃   Param # ┃ Connected to   ┃",
      "┡━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━╇━━━━━━━━━━━╇━━━━━━━━━━━━━━━━┩",
      "│ input_layer           │ (None, 4)     │         0 │ -              │",
    ];
    for (let i = 0; i < n; i++) {
      lines.push(
        `│ ${`dense_${i} (Dense)`.padEnd(21)} │ ${`(None, ${4 + (i % 3)})`.padEnd(13)} │ ` +
          `${"20".padStart(9)} │ dense_…        │`,
      );
    }
    lines.push("└───────────────────────┴───────────────┴───────────┴────────────────┘");
    return lines.join("\n");
  };
  assertLinear("explainSummary", (n) => table(n), (text) => explainSummary(text), 400);
  const result = explainSummary(table(40));
  assert.ok(result.consistent);
  assert.ok(result.rows.some((r) => r.notCheckedReason === "input cut short, fits several rows"));
});

Deno.test("our Keras 2 table with a 26-character name reads back", () => {
  const name = "abcdefghijklmnopqrstuvwxyz";
  const model = new Sequential([new Input({ shape: [4] }), new Dense({ units: 3, name })]);
  const text = String(model.summary({ style: "keras2" }));
  const row = parseSummary(text).rows[0];
  assert.equal(row.name, name);
  assert.equal(row.classNameCut, true);
  assert.equal(row.paramCount, 15);
  // A bare ( fits every class: the row is read, and honestly not checked.
  assert.equal(explainSummary(text).rows[0].notCheckedReason, "class cut to a bare (");
});

Deno.test("command-line paths are read from the folder the task was started in", () => {
  const env = (value: string | undefined) => ({ get: (_: string) => value });
  assert.equal(resolveFromCaller("table.txt", env("/home/me/work")), "/home/me/work/table.txt");
  assert.equal(resolveFromCaller("../t.txt", env("/home/me/work/")), "/home/me/work/../t.txt");
  assert.equal(resolveFromCaller("/abs/t.txt", env("/home/me")), "/abs/t.txt");
  assert.equal(resolveFromCaller("t.txt", env(undefined)), "t.txt");
});

const canSpawn = Deno.permissions.querySync({ name: "run" }).state === "granted" &&
  Deno.permissions.querySync({ name: "write" }).state === "granted";

Deno.test({
  name: "deno task explain reads a relative path from the caller's folder, and - as stdin",
  ignore: !canSpawn,
}, async () => {
  const dir = await Deno.makeTempDir();
  await Deno.writeTextFile(`${dir}/table.txt`, WRAPPED);
  const config = new URL("../deno.json", import.meta.url).pathname;
  // Deno's task runner keeps an INIT_CWD it inherits (as npm does), and `deno task test` sets
  // one: start the child without it, as a user's shell would.
  const env = Deno.env.toObject();
  delete env.INIT_CWD;
  const run = (args: string[], stdin?: string) =>
    runDeno(["task", "-q", "--config", config, "explain", ...args], { stdin, cwd: dir, env });
  const fromFile = await run(["table.txt"]);
  assert.equal(fromFile.code, 0, `${fromFile.stdout}\n${fromFile.stderr}`);
  assert.match(fromFile.stdout, /time_distributed_with_a_long_name/);
  const fromStdin = await run(["-"], WRAPPED);
  assert.equal(fromStdin.stdout, fromFile.stdout);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("the corpus task gives each table a status and fails on a truncated one", () => {
  const entry = (file: string) => ({ file, source: "made for this test", style: "keras2" });
  assert.equal(classify(entry("a"), WRAPPED).status, "full");
  assert.equal(classify(entry("b"), KERAS3_TRAINED).status, "partial");
  assert.equal(classify(entry("c"), FUNCTIONAL.replace("113", "1,113")).status, "flagged");
  assert.equal(classify(entry("d"), "no table").status, "parse error");
  // Text and then the table's totals: the reader refuses to stop silently before them.
  const table = "Layer (type) Output Shape Param #\n===\nd (Dense) (None, 5) 70";
  assert.equal(classify(entry("e"), `${table}\n\nprose\nTotal params: 70`).status, "parse error");
  // Past what the reader looks ahead, a `Total params` line left unread is caught here.
  const cut = `${table}\n\n${"prose\n".repeat(300)}Total params: 70`;
  const truncated = classify(entry("e"), cut);
  assert.equal(truncated.status, "TRUNCATED");
  assert.match(truncated.reasons[0], /line 305 .* was not read/);

  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/ok.txt`, KERAS3_TRAINED);
  Deno.writeTextFileSync(`${dir}/cut.txt`, cut);
  Deno.writeTextFileSync(`${dir}/index.json`, JSON.stringify([entry("ok.txt"), entry("cut.txt")]));
  const lines: string[] = [];
  const { ok, results } = runCorpus(dir, { write: (l) => lines.push(l) });
  assert.equal(ok, false);
  assert.deepEqual(results.map((r) => r.status), ["partial", "TRUNCATED"]);
  assert.match(lines.join("\n"), /full 0, partial 1, flagged 0, parse error 0, truncated 1/);
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("the corpus task fails on a row not checked for a reason of the reader's own, not the table's", () => {
  const entry = (file: string) => ({ file, source: "made for this test", style: "keras2" });
  // An unbuilt layer: Keras printed no count or shape, which no reader could check.
  assert.deepEqual(classify(entry("a"), KERAS3_TRAINED).readerReasons, []);
  // A GRU whose cut outputs no configuration fits: the reader's own limit, said as such.
  const gru = Deno.readTextFileSync(
    new URL("./fixtures/keras2_prints_reader/state_cut_inside_98.txt", import.meta.url),
  ).replace("[(None, 32), (None, ", "[(None, 8), (None,  ");
  assert.deepEqual(classify(entry("b"), gru).readerReasons, ["state_encoder: output shape cut"]);
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/unbuilt.txt`, KERAS3_TRAINED);
  Deno.writeTextFileSync(`${dir}/gru.txt`, gru);
  Deno.writeTextFileSync(`${dir}/index.json`, JSON.stringify([entry("unbuilt.txt")]));
  const lines: string[] = [];
  assert.equal(runCorpus(dir, { write: (l) => lines.push(l), quiet: true }).ok, true);
  Deno.writeTextFileSync(
    `${dir}/index.json`,
    JSON.stringify([entry("unbuilt.txt"), entry("gru.txt")]),
  );
  assert.equal(runCorpus(dir, { write: (l) => lines.push(l), quiet: true }).ok, false);
  assert.match(
    lines.join("\n"),
    /gru\.txt {2}FAIL\n(.*\n)*?.*reader's own, not the table's: state_encoder: output shape cut/,
  );
  Deno.removeSync(dir, { recursive: true });
});

Deno.test("the corpus task lets a table a person edited be flagged, but not one Keras printed", () => {
  const dir = Deno.makeTempDirSync();
  Deno.writeTextFileSync(`${dir}/edited.txt`, FUNCTIONAL.replace("113", "1,113"));
  Deno.writeTextFileSync(
    `${dir}/index.json`,
    JSON.stringify([{ file: "edited.txt", source: "", style: "keras2-functional" }]),
  );
  const quiet = { write: () => {} };
  assert.equal(runCorpus(dir, quiet).ok, false);
  assert.equal(runCorpus(dir, { ...quiet, handEdited: ["edited.txt"] }).ok, true);
  Deno.removeSync(dir, { recursive: true });
});
