/**
 * Models: a {@linkcode Sequential} stack of layers, a functional {@linkcode Model} made of layer
 * calls, and either used as a layer of another model ({@linkcode asLayer}).
 *
 * @example A Sequential block inside a functional model
 * ```ts
 * import { Dense, Input, Model, Sequential } from "../../mod.ts";
 * import assert from "assert";
 *
 * const block = new Sequential([new Dense(4)]);
 * const x = new Input({ shape: [8] });
 * const model = new Model({ inputs: x, outputs: block.apply(x) as never });
 * assert.equal(model.paramCount(), 8 * 4 + 4);
 * ```
 *
 * @module
 */

export * from "./base.ts";
export * from "./sequential.ts";
export * from "./functional.ts";
export * from "./nested.ts";
