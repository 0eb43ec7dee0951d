/**
 * A plan for resolving configurations whose keys come in the same order as the last one a table
 * resolved: which option each key is, whether it has a default, and the resolved object's key
 * order worked out once. A model read from JSON gives every layer of a kind the same keys in the
 * same order (ResNet50: 53 BatchNormalizations, 53 Conv2Ds), so each is checked without looking
 * its keys up again or putting its options back in the table's order.
 *
 * The plan only takes the usual path: a value it did not plan for (an option without a default
 * given `undefined`, or given where the plan had none), a check that throws, or a required option
 * missing sends the configuration back to `resolveOptions`' full path, which decides and throws
 * exactly as before (the checks are pure, so running one again changes nothing).
 *
 * @module
 */

/** What a plan needs of an option: its check, which returns the value to keep. */
export interface PlannedOption {
  check(owner: string, key: string, value: unknown): unknown;
}

// What the plan does with each key of the configuration.
/** Not an option (a key every layer takes, read elsewhere): skipped. */
const SKIP = 0;
/** An option with a default: checked when given, its default kept when `undefined`. */
const DEFAULTED = 1;
/** An option without a default, given: checked; it must not be `undefined`. */
const PRESENT = 2;
/** An option without a default, given `undefined`: it must stay `undefined`. */
const ABSENT = 3;

/**
 * A table's plan for one order of keys.
 *
 * @example
 * ```ts
 * import { followPlan, makePlan, samePlanKeys } from "./_option_plan.ts";
 * import assert from "assert";
 *
 * const units = { check: (_o: string, _k: string, v: unknown) => v };
 * const options = { units, useBias: units };
 * const order = new Map([["units", 0], ["useBias", 1]]);
 * const args = { name: "d", units: 5 };
 * const plan = makePlan(Object.keys(args), args, options, order, { useBias: true }, ["units"]);
 * assert.ok(samePlanKeys(plan, ["name", "units"]));
 * assert.deepEqual(followPlan(plan, "Dense", { name: "e", units: 7 }, ["units"]), {
 *   useBias: true,
 *   units: 7,
 * });
 * ```
 */
export class OptionPlan {
  /** The keys, in the order they were given. */
  readonly keys: readonly string[];
  /** What to do with each key (`SKIP`, `DEFAULTED`, `PRESENT`, `ABSENT`). */
  readonly steps: readonly number[];
  /** Each key's option (`undefined` for a key skipped). */
  readonly options: readonly (PlannedOption | undefined)[];
  /**
   * The resolved object's keys in their final order, at their defaults: the defaults, then the
   * options without a default that are given, in the table's order.
   */
  readonly template: Readonly<Record<string, unknown>>;
  /** How many configurations the plan has resolved (see {@linkcode COMPILE_AFTER}). */
  uses = 0;
  /** The plan compiled into one function, once it has been used often enough. */
  compiled: CompiledPlan | undefined = undefined;

  constructor(
    keys: readonly string[],
    steps: readonly number[],
    options: readonly (PlannedOption | undefined)[],
    template: Readonly<Record<string, unknown>>,
  ) {
    this.keys = keys;
    this.steps = steps;
    this.options = options;
    this.template = template;
  }
}

/**
 * The plan for a configuration `resolveOptions` has just resolved by its full path.
 *
 * @param keys The configuration's keys, in order.
 * @param args The configuration.
 * @param options The table's options.
 * @param order Each option's position in the table.
 * @param defaults The options with a default, at their defaults, in the table's order.
 * @param otherKeys The options without a default, in the table's order.
 * @returns The plan.
 */
export function makePlan(
  keys: readonly string[],
  args: Readonly<Record<string, unknown>>,
  options: Readonly<Record<string, PlannedOption>>,
  order: ReadonlyMap<string, number>,
  defaults: Readonly<Record<string, unknown>>,
  otherKeys: readonly string[],
): OptionPlan {
  const steps: number[] = new Array(keys.length);
  const planned: (PlannedOption | undefined)[] = new Array(keys.length);
  const given = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (!order.has(key)) {
      steps[i] = SKIP;
      planned[i] = undefined;
      continue;
    }
    planned[i] = options[key];
    if (Object.hasOwn(defaults, key)) {
      steps[i] = DEFAULTED;
    } else if (args[key] === undefined) {
      steps[i] = ABSENT;
    } else {
      steps[i] = PRESENT;
      given.add(key);
    }
  }
  const template: Record<string, unknown> = { ...defaults };
  for (const key of otherKeys) if (given.has(key)) template[key] = undefined;
  return new OptionPlan(keys.slice(), steps, planned, template);
}

/**
 * Whether a configuration's keys are the plan's, in the same order.
 *
 * @param plan The plan.
 * @param keys The keys.
 * @returns Whether the plan is for them.
 */
export function samePlanKeys(plan: OptionPlan, keys: readonly string[]): boolean {
  return sameKeys(plan.keys, keys);
}

/**
 * Whether two lists of keys are the same keys in the same order.
 *
 * @param a A list of keys.
 * @param b Another.
 * @returns Whether they are equal.
 *
 * @example
 * ```ts
 * import { sameKeys } from "./_option_plan.ts";
 * import assert from "assert";
 *
 * assert.ok(sameKeys(["units", "name"], ["units", "name"]));
 * assert.ok(!sameKeys(["units", "name"], ["name", "units"]));
 * ```
 */
export function sameKeys(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < b.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Resolves a configuration by its plan: each option given checked, in the order given, into a
 * copy of the plan's template.
 *
 * @param plan The plan for the configuration's keys.
 * @param owner The class name, for the checks.
 * @param args The configuration.
 * @param required The options that must be given.
 * @returns The resolved options, or `undefined` when the configuration leaves the plan (see the
 * module's documentation): the caller's full path then resolves it.
 */
export function followPlan(
  plan: OptionPlan,
  owner: string,
  args: Readonly<Record<string, unknown>>,
  required: readonly string[],
): Record<string, unknown> | undefined {
  for (const key of required) if (args[key] === undefined) return undefined;
  if (plan.compiled !== undefined) return plan.compiled(owner, args);
  if (++plan.uses === COMPILE_AFTER) plan.compiled = compilePlan(plan);
  const { keys, steps, options } = plan;
  const resolved: Record<string, unknown> = { ...plan.template };
  try {
    for (let i = 0; i < keys.length; i++) {
      const step = steps[i];
      if (step === SKIP) continue;
      const key = keys[i];
      const value = args[key];
      if (value === undefined) {
        if (step === PRESENT) return undefined;
        continue;
      }
      if (step === ABSENT) return undefined;
      resolved[key] = options[i]!.check(owner, key, value);
    }
  } catch {
    return undefined;
  }
  return resolved;
}

/** A plan as one function: what {@linkcode followPlan} does, its keys and steps written out. */
type CompiledPlan = (
  owner: string,
  args: Readonly<Record<string, unknown>>,
) => Record<string, unknown> | undefined;

/**
 * How many configurations a plan resolves step by step before it is compiled. A model's layers
 * of a kind share a plan (ResNet50's 53 Conv2Ds), so it is compiled within one read; a plan
 * used once or twice (a model of layers each configured differently) is never compiled, as
 * compiling costs more than following it a few times.
 */
export const COMPILE_AFTER = 4;

/**
 * Compiles a plan into one function that does exactly what {@linkcode followPlan} does after
 * its required options are found: the template's keys written in their order, then each
 * planned key read, checked by its option's `check` and stored, in the keys' order, and
 * `undefined` for a configuration that leaves the plan or a check that throws.
 *
 * Following a plan step by step reads and writes properties by keys held in lists, which V8
 * looks up one by one (about 40 ns a key); the compiled function names each key in its code,
 * so every read and write is a known property of a known object shape (ResNet50's 53 Conv2Ds:
 * 39 µs step by step, 6 µs compiled). The code is made only from the option table's own keys,
 * written as JSON string literals; the values and checks are passed in, never written into it.
 *
 * @param plan The plan.
 * @returns The function.
 *
 * @example
 * ```ts
 * import { compilePlan, makePlan } from "./_option_plan.ts";
 * import assert from "assert";
 *
 * const units = { check: (_o: string, _k: string, v: unknown) => v };
 * const options = { units, useBias: units };
 * const order = new Map([["units", 0], ["useBias", 1]]);
 * const args = { name: "d", units: 5 };
 * const plan = makePlan(Object.keys(args), args, options, order, { useBias: true }, ["units"]);
 * const follow = compilePlan(plan)!;
 * assert.deepEqual(follow("Dense", { name: "e", units: 7 }), { useBias: true, units: 7 });
 * assert.equal(follow("Dense", { name: "e", units: undefined }), undefined);
 * ```
 */
export function compilePlan(plan: OptionPlan): CompiledPlan | undefined {
  const { keys, steps, options, template } = plan;
  const templateKeys = Object.keys(template);
  // `r["__proto__"] = …` would set the prototype where the step-by-step copy makes a key.
  if (templateKeys.includes("__proto__") || keys.includes("__proto__")) return undefined;
  const name = (key: string) => JSON.stringify(key);
  // An empty object filled key by key: an object literal with keys would be an allocation site
  // V8 may pretenure (see `_built.ts`), and a layer keeps its configuration.
  const code = ["const r = {};"];
  templateKeys.forEach((key, i) => code.push(`r[${name(key)}] = T[${i}];`));
  code.push("let v;", "try {");
  for (let i = 0; i < keys.length; i++) {
    const step = steps[i];
    if (step === SKIP) continue;
    const key = name(keys[i]);
    code.push(`v = args[${key}];`);
    if (step === ABSENT) {
      code.push("if (v !== undefined) return undefined;");
    } else {
      code.push(
        `if (v !== undefined) r[${key}] = O[${i}].check(owner, ${key}, v);` +
          (step === PRESENT ? " else return undefined;" : ""),
      );
    }
  }
  code.push("} catch { return undefined; }", "return r;");
  const make = generatedFunction(["T", "O"], `return (owner, args) => {${code.join("\n")}};`);
  return make?.(templateKeys.map((key) => template[key]), options) as CompiledPlan | undefined;
}

// Set once the runtime refuses to make code from strings: nothing is compiled from then on.
let codeGeneration = true;

/**
 * A function made from code in a string (`new Function`, strict), or `undefined` when the runtime
 * refuses to make code from strings (V8's `--disallow-code-generation-from-strings`, a page's
 * content security policy): a plan is then followed step by step, as before it was compiled.
 *
 * @param params The parameters' names.
 * @param body The function's body.
 * @returns The function, or `undefined`.
 *
 * @example
 * ```ts
 * import { generatedFunction } from "./_option_plan.ts";
 * import assert from "assert";
 *
 * const twice = generatedFunction(["x"], "return 2 * x;");
 * assert.equal(twice?.(21), 42);
 * ```
 */
export function generatedFunction(
  params: readonly string[],
  body: string,
): ((...args: unknown[]) => unknown) | undefined {
  if (!codeGeneration) return undefined;
  try {
    return new Function(...params, `"use strict"; ${body}`) as (...args: unknown[]) => unknown;
  } catch (error) {
    if (!(error instanceof EvalError)) throw error;
    codeGeneration = false;
    return undefined;
  }
}

/**
 * Resolves a configuration by a table's plan when the plan is for its keys.
 *
 * @param plan The table's plan, if it has one.
 * @param keys The configuration's keys, in order.
 * @param owner The class name, for the checks.
 * @param args The configuration.
 * @param required The options that must be given.
 * @returns The resolved options, or `undefined` when there is no plan for these keys or the
 * configuration leaves it: the caller's full path then resolves it.
 *
 * @example
 * ```ts
 * import { fromPlan } from "./_option_plan.ts";
 * import assert from "assert";
 *
 * assert.equal(fromPlan(undefined, ["units"], "Dense", { units: 5 }, ["units"]), undefined);
 * ```
 */
export function fromPlan(
  plan: OptionPlan | undefined,
  keys: readonly string[],
  owner: string,
  args: Readonly<Record<string, unknown>>,
  required: readonly string[],
): Record<string, unknown> | undefined {
  if (plan === undefined || !samePlanKeys(plan, keys)) return undefined;
  return followPlan(plan, owner, args, required);
}

/**
 * A configuration's options as the table orders them: the defaults, then the others given.
 *
 * @param resolved The options, checked, in the order they were given.
 * @param defaultKeys The options with a default, in the table's order.
 * @param otherKeys The other options, in the table's order.
 * @returns The same options in the table's order.
 *
 * @example
 * ```ts
 * import { inTableOrder } from "./_option_plan.ts";
 * import assert from "assert";
 *
 * const ordered = inTableOrder({ b: 1, c: 2, a: 3 }, ["a", "b"], ["c", "d"]);
 * assert.deepEqual(Object.keys(ordered), ["a", "b", "c"]);
 * ```
 */
export function inTableOrder(
  resolved: Readonly<Record<string, unknown>>,
  defaultKeys: readonly string[],
  otherKeys: readonly string[],
): Record<string, unknown> {
  const ordered: Record<string, unknown> = {};
  for (const key of defaultKeys) ordered[key] = resolved[key];
  for (const key of otherKeys) {
    if (Object.hasOwn(resolved, key)) ordered[key] = resolved[key];
  }
  return ordered;
}
