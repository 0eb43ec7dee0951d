/**
 * A layer's weights as the library's own layers declare them (`lib/layers`): the hub's Dense,
 * LayerNormalization, Embedding, PositionEmbedding and TokenAndPositionEmbedding rows, the vision
 * families' patch convolutions, attentions, Dense layers and norms, and keras-hub's
 * TransformerEncoder and TransformerDecoder blocks take their weights from here instead of
 * writing the layer's rule again. Internal to lib/hub.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import { createLayer } from "../layers/registry.ts";

/** One weight at its keras-hub path (blocks.ts's `HubWeight`). */
interface Weight {
  readonly path: string;
  readonly shape: readonly number[];
  readonly trainable: boolean;
}

/**
 * The weights of the library's own layer of `className` (`lib/layers`), built on `inputShape`:
 * each at `name/…`, as keras-hub's paths are.
 */
export function layerWeights(
  name: string,
  className: string,
  options: Record<string, unknown>,
  inputShape: Shape,
): Weight[] {
  // A backbone repeats one block dozens of times: the layer is built once per configuration.
  const key = JSON.stringify([className, options, inputShape]);
  let weights = BUILT.get(key);
  if (weights === undefined) {
    weights = createLayer(className, { ...options, name }).build(inputShape).weights()
      .map((x) => ({ path: x.name, shape: x.shape, trainable: x.trainable }));
    if (BUILT.size >= 4096) BUILT.clear();
    BUILT.set(key, weights);
  }
  return weights.map((x) => ({ ...x, path: `${name}/${x.path}` }));
}

const BUILT = new Map<string, readonly Weight[]>();
