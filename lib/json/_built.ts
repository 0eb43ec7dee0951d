/**
 * What a layer was saved built for, against what the model calls it on. Keras builds each layer
 * from its `build_config` before calling it (`build_from_config`): its `input_shape`, or for a
 * layer whose `build` takes several shapes (MultiHeadAttention's query, value and key) its
 * `shapes_dict`. A layer whose weights for the saved shapes differ from those for the call is a
 * model Keras refuses, or counts with weights it cannot run: refused here.
 *
 * @module
 */

import { IncompatibleShapeError } from "../errors.ts";
import { formatOutputShape, formatShape, sameShape, type Shape } from "../shape.ts";
import type { Layer, SymbolicTensor } from "../layers/base.ts";
import { MultiInputLayer } from "../layers/attention.ts";
import { createLayer } from "../layers/registry.ts";
import { brief, FUNCTIONAL_CLASSES, isObject } from "./_detect.ts";
import type { Entry, Wrapped } from "./_entries.ts";

/**
 * Keras builds a layer from its `build_config` before calling it (`build_from_config`): a layer
 * saved built for one input and called on another must take both with the same weights, or
 * Keras refuses the model (its input spec names the axis). A layer never called is not in the
 * model. A `build_config` input of another structure (a dict, for a layer of someone's that
 * takes one; a list where the library's layer takes one tensor) is Keras's `build()`'s to read:
 * the call alone is checked then.
 *
 * @param entry The layer's entry.
 * @param layer The layer, called on the model's tensors.
 * @param inputs The tensors of its first call, when known.
 * @throws {IncompatibleShapeError} When the layer's weights for its `build_config` input do not
 * fit the input it is called on.
 * @throws {TypeError} When `build_config.input_shape` is neither a shape nor a structure.
 */
export function checkBuiltFor(
  entry: Entry,
  layer: Layer,
  inputs?: readonly SymbolicTensor[],
  wrapped = false,
): void {
  const shape = entry.builtFor;
  // Most often the shape the call gave it: nothing to ask the layer.
  if (inputs !== undefined && Array.isArray(shape) && builtOnThese(shape, inputs)) return;
  if (!Array.isArray(shape)) {
    if (isObject(shape) && isObject(shape.shapes_dict)) {
      return checkShapesDict(entry, layer, shape.shapes_dict, wrapped);
    }
    if (shape === undefined || shape === null || typeof shape === "object") return;
    throw new TypeError(
      `Invalid "build_config" of ${entry.where}: its "input_shape" is ${
        brief(shape)
      }, not a shape such as [null, 10]`,
    );
  }
  // A model used as a layer is read on its own input (see nestedModel); a layer never called is
  // not in the model.
  if (entry.className === "Sequential" || FUNCTIONAL_CLASSES.has(entry.className)) return;
  if (!layer.built) return;
  try {
    // What is not a shape, nor a list of them, the layer refuses with a TypeError (below).
    layer.outputShapeFor(shape as Shape | Shape[]);
  } catch (error) {
    // Keras's build of some layers takes a list where the library's layer takes one tensor and
    // the rest as the call's (Attention's query and value), or another structure: the call
    // checked those shapes.
    if (error instanceof TypeError) return;
    if (!(error instanceof IncompatibleShapeError)) throw error;
    const called = layer.inputShapes();
    const saved = formatOutputShape(shape as Shape | Shape[]);
    const given = formatOutputShape(called.length === 1 ? called[0] : called);
    throw new IncompatibleShapeError(
      layer.name,
      called[0],
      wrapped
        // A wrapper does not build a layer Keras has built already: it keeps those weights.
        ? `Layer "${layer.name}" (${entry.className}), in ${entry.where}, was saved built ` +
          `for input shape ${saved} (its "build_config"), and its wrapper gives it ${given}: ` +
          `${error.message}. Keras keeps the weights it built for ${saved} and counts them, for a ` +
          `model that cannot run; the model is refused rather than counted either way`
        : `Layer "${layer.name}" (${entry.className}) was saved built for input shape ${saved} ` +
          `(its "build_config"), which Keras builds it on before calling it, but it is called ` +
          `on ${given}: ${error.message}. Keras refuses to load such a model`,
    );
  }
}

/**
 * Checks the layers wrappers hold against their `build_config`, once the model is built (see
 * {@linkcode Context.wrapped}).
 *
 * @param wrapped The layers, with their entries and wrappers.
 * @throws {IncompatibleShapeError} When a held layer's weights for its `build_config` input do
 * not fit the input its wrapper gives it.
 */
export function checkWrapped(wrapped: readonly Wrapped[]): void {
  for (const { entry, layer, wrapper } of wrapped) {
    if (layer.built) {
      checkBuiltFor(entry, layer, undefined, true);
    } else if (wrapper?.built && Array.isArray(entry.builtFor)) {
      // A wrapper that runs copies of the layer on its own input (Bidirectional's forward and
      // backward layers) built those: a layer like it, built on the saved shape and on that
      // input, must hold the same weights.
      const given = wrapper.inputShapes()[0];
      if (builtOnThese(entry.builtFor, [{ shape: given }])) continue;
      const copy = createLayer(layer.className, { ...layer.args });
      copy.build(given);
      checkBuiltFor(entry, copy, undefined, true);
    }
  }
}

/** Whether a build shape is the first input's shape, or the shapes of the first inputs. */
function builtOnThese(
  shape: readonly unknown[],
  inputs: readonly { readonly shape: Shape }[],
): boolean {
  if (!Array.isArray(shape[0])) {
    return inputs.length > 0 && sameShape(shape as Shape, inputs[0].shape);
  }
  if (shape.length > inputs.length) return false;
  for (let i = 0; i < shape.length; i++) {
    if (!Array.isArray(shape[i]) || !sameShape(shape[i] as Shape, inputs[i].shape)) return false;
  }
  return true;
}

/**
 * Keras's own layers whose `build(query_shape, value_shape, key_shape)` Keras runs on the saved
 * `shapes_dict` and never again (GroupedQueryAttention is Keras's GroupQueryAttention):
 * keras-hub's blocks (TransformerDecoder) build their parts on the call, whatever they were saved
 * built for (Keras's verdicts: the `shapes_dict_edits` fixture).
 */
const BUILT_FROM_SHAPES_DICT = new Set(["MultiHeadAttention", "GroupedQueryAttention"]);

function checkShapesDict(
  entry: Entry,
  layer: Layer,
  saved: Record<string, unknown>,
  wrapped: boolean,
): void {
  if (!BUILT_FROM_SHAPES_DICT.has(layer.className) || !(layer instanceof MultiInputLayer)) return;
  if (!layer.built) return;
  const shapes: Shape[] = [];
  for (const key of ["query_shape", "value_shape", "key_shape"]) {
    const value = saved[key];
    if (value === undefined || value === null) continue;
    if (!Array.isArray(value) || value.some((d) => d !== null && !Number.isSafeInteger(d))) {
      throw new TypeError(
        `Invalid "build_config" of ${entry.where}: its "shapes_dict" gives ${key} ${
          brief(value)
        }, not a shape such as [null, 10, 64]`,
      );
    }
    shapes.push(value as Shape);
  }
  if (shapes.length === 0) return;
  const called = layer.attentionInputs();
  const given = [called.query, called.value, called.key];
  const [query, value = query, key = value] = shapes;
  const wanted = [query, value, key];
  if (wanted.every((s, i) => sameShape(s, given[i]))) return;
  // The same layer built on the saved shapes: the weights Keras makes.
  const copy = createLayer(layer.className, { ...layer.args }) as MultiInputLayer;
  let reason: string | undefined;
  try {
    copy.build(query, value, key);
    const mine = layer.weights().map((w) => formatShape(w.shape));
    const theirs = copy.weights().map((w) => formatShape(w.shape));
    if (mine.join() !== theirs.join()) {
      reason = `its weights for those are ${theirs.join(", ")}, for the call ${mine.join(", ")}`;
    } else if (!wanted.every((s, i) => s.length === given[i].length)) {
      reason = "the same weights, but inputs of another rank, on which its attention cannot run";
    }
  } catch (error) {
    if (!(error instanceof IncompatibleShapeError)) throw error;
    reason = error.message;
  }
  if (reason === undefined) return;
  const names = ["query", "value", "key"];
  const show = (list: Shape[]) => list.map((s, i) => `${names[i]} ${formatShape(s)}`).join(", ");
  throw new IncompatibleShapeError(
    layer.name,
    given[0],
    `Layer "${layer.name}" (${entry.className})${wrapped ? `, in ${entry.where},` : ""} was ` +
      `saved built for ${show(wanted)} (its "build_config" "shapes_dict"), which Keras builds ` +
      `it on before calling it, and it is called on ${show(given)}: ${reason}. Keras keeps ` +
      `the weights it built and counts them, for a model that cannot run; the model is ` +
      `refused rather than counted either way`,
  );
}
