/**
 * The key under which a walk of a model's graph (`lib/model/_graph.ts`) keeps its record of a
 * node or a layer on the object itself, instead of in a hash table of every node and layer the
 * walk meets. A record is the walk's own: each walk tells its records from an earlier walk's by
 * the walk's number, so nothing one walk leaves is read by the next.
 *
 * @example
 * ```ts
 * import { WALK } from "./walk.ts";
 * import assert from "assert";
 *
 * assert.equal(typeof WALK, "symbol");
 * ```
 *
 * @module
 */

/** The key of a walk's record on a node or a layer. */
export const WALK: unique symbol = Symbol("graph walk");
