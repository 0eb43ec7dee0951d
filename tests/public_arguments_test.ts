// Every function and class `mod.ts` exports, given what a notebook cell (which nothing
// type-checks) may pass by mistake: `null`, `undefined`, a number, a string, an empty object or
// list, a boolean. Each must either answer (a finite number where it returns one) or throw a typed
// error of its own, never an engine error from inside ("Cannot read properties of null") and never
// `NaN`. Before the argument checks of `lib/guard.ts`, 104 of the 299 exports failed this.

import assert from "assert";
import * as paramlab from "../mod.ts";
import { setLanguage } from "../lib/language.ts";

const WRONG: readonly unknown[] = [null, undefined, 42, "x", {}, [], true];

/** Messages the JavaScript engine writes when code reads what it was never given. */
const ENGINE =
  /Cannot read propert|Cannot convert undefined or null|is not a function|is not iterable|Cannot use 'in' operator|Invalid array length|Maximum call stack|undefined \(reading|null \(reading/;

function isClass(value: unknown): boolean {
  return typeof value === "function" && /^class\b/.test(Function.prototype.toString.call(value));
}

interface Failure {
  readonly name: string;
  readonly args: string;
  readonly what: string;
}

/** Calls `fn` on `args` and says what went wrong, if anything did. */
async function misbehaves(
  name: string,
  fn: unknown,
  args: readonly unknown[],
): Promise<Failure | undefined> {
  const shown = args.map((a) => a === undefined ? "undefined" : JSON.stringify(a)).join(", ");
  const judge = (e: unknown): Failure | undefined => {
    if (!(e instanceof TypeError || e instanceof RangeError || e instanceof SyntaxError)) {
      return { name, args: shown, what: `threw ${e instanceof Error ? e.name : typeof e}: ${e}` };
    }
    if (ENGINE.test(e.message)) return { name, args: shown, what: `engine error: ${e.message}` };
    return undefined;
  };
  try {
    // deno-lint-ignore no-explicit-any
    const f = fn as any;
    const result = isClass(fn) ? new f(...args) : f(...args);
    if (result instanceof Promise) {
      try {
        await result;
      } catch (e) {
        return judge(e);
      }
    }
    if (typeof result === "number" && !Number.isFinite(result)) {
      return { name, args: shown, what: `returned ${result}` };
    }
    return undefined;
  } catch (e) {
    return judge(e);
  }
}

Deno.test("every export of mod.ts, given null, undefined or a value of the wrong type, answers or throws a typed error of its own", async () => {
  const failures: Failure[] = [];
  let functions = 0;
  try {
    for (const [name, value] of Object.entries(paramlab)) {
      if (typeof value !== "function") continue;
      functions++;
      for (const wrong of WRONG) {
        for (const args of [[wrong], [wrong, wrong], [wrong, wrong, wrong]]) {
          const failure = await misbehaves(name, value, args);
          if (failure !== undefined) failures.push(failure);
        }
      }
    }
  } finally {
    setLanguage("en");
  }
  // mod.ts exports 299 functions and classes today; far fewer would mean the loop read nothing.
  assert.ok(functions >= 250, `only ${functions} functions and classes were tried`);
  const byName = new Map<string, Failure>();
  for (const failure of failures) if (!byName.has(failure.name)) byName.set(failure.name, failure);
  assert.deepEqual(
    [...byName.values()].map((f) => `${f.name}(${f.args}): ${f.what}`),
    [],
    `${byName.size} exports misbehave`,
  );
});

Deno.test("a wrong argument's error names the function, the argument and the value received", () => {
  const cases: [string, () => unknown, RegExp][] = [
    [
      "explainLayer(null)",
      () => paramlab.explainLayer(null as never),
      /^explainLayer expects its layer to be a layer \(e\.g\. new Dense\(2\)\), received null$/,
    ],
    [
      "formatShape('(None, 13)')",
      () => paramlab.formatShape("(None, 13)" as never),
      /^formatShape expects its shape to be a shape \(a list of sizes\), received "\(None, 13\)" \(a string\)$/,
    ],
    [
      "sweepUnits(42, 3, [1])",
      () => paramlab.sweepUnits(42 as never, 3, [1]),
      /^sweepUnits expects its factory to be a function from units to a layer .*, received 42$/,
    ],
    [
      "renderKeras3({})",
      () => paramlab.renderKeras3({} as never),
      /^renderKeras3 expects its data to be a summary's data \(model\.summaryData\(\)\), received \{\}$/,
    ],
    [
      "slidingOutputLength('conv', [null, 8, 3], 8, null, 1, 'valid')",
      () => paramlab.slidingOutputLength("conv", [null, 8, 3], 8, null as never, 1, "valid"),
      /^slidingOutputLength expects its window to be a positive integer, received null$/,
    ],
    [
      "new Conv(null)",
      // deno-lint-ignore no-explicit-any
      () => new (paramlab.Conv as any)(null),
      /^Conv is a base class of layers and is not created directly \(its kind was undefined\): create a layer by its class, e\.g\. new Dense\(2\)/,
    ],
    [
      "lstm.macs(null)",
      () => new paramlab.LSTM(5, { inputShape: [400, 13] }).macs(null as never),
      /^macs\(\) of "lstm(_\d+)?" \(LSTM\) expects its options to be options such as \{ inputShape: \[400, 13\] \}, received null$/,
    ],
    [
      "model.macs(null)",
      () =>
        new paramlab.Sequential([new paramlab.Dense(2, { inputShape: [3] })]).macs(null as never),
      /^macs\(\) of model "sequential(_\d+)?" expects its options to be options such as/,
    ],
    [
      "blockBreakdown(new Dense(2))",
      () => paramlab.blockBreakdown(new paramlab.Dense(2) as never),
      /^blockBreakdown expects its backbone to be a keras-hub backbone .*, received /,
    ],
  ];
  for (const [what, call, message] of cases) {
    assert.throws(call, (e: unknown) => {
      assert.ok(e instanceof TypeError, `${what}: ${e}`);
      assert.match(e.message, message, what);
      return true;
    });
  }
});

Deno.test("a wrong argument's error shows a long value cut, not whole", () => {
  const huge = { rows: null, text: "x".repeat(10_000) };
  assert.throws(() => paramlab.renderKeras3(huge as never), (e: unknown) => {
    assert.ok(e instanceof TypeError);
    assert.ok(e.message.length < 400, `${e.message.length} characters`);
    assert.match(e.message, /…$/);
    return true;
  });
});
