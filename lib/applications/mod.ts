/**
 * Keras's `keras.applications`, built on the functional API: each builder returns a
 * {@linkcode Model} with Keras's layers, names, counts, shapes and summary.
 *
 * @module
 */

export * from "./args.ts";
export * from "./resnet.ts";
export * from "./mobilenet_v2.ts";
export * from "./xception.ts";
export * from "./efficientnet.ts";
export * from "./vgg.ts";
export * from "./densenet.ts";
export * from "./mobilenet.ts";
export * from "./inception_v3.ts";
export * from "./lookup.ts";
