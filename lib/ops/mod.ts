/**
 * Keras operations (`keras.ops` calls on symbolic tensors) in graphs: their declarations, one
 * table, and the operation as a node of a model.
 *
 * @module
 */

export * from "./kind.ts";
export * from "./table.ts";
export * from "./operation.ts";
export {
  ACTIVATION_OPERATIONS,
  BROADCASTING_OPERATIONS,
  VALUE_BY_VALUE_OPERATIONS,
} from "./elementwise.ts";
export { REDUCTION_OPERATIONS } from "./reductions.ts";
export { SHAPING_OPERATIONS } from "./shaping.ts";
export { INDEXING_OPERATIONS } from "./indexing.ts";
export { PRODUCT_OPERATIONS } from "./products.ts";
export { SEVERAL_OUTPUT_OPERATIONS } from "./several.ts";
export { type OpFunction, ops } from "./functions.ts";
