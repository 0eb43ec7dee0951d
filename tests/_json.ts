// Keras model JSON for tests: the Sequential wrapper around layer entries that every exporter
// writes, so a test writes only the entries it is about.

/** What differs between exporters around the layers. */
export interface SequentialJsonOptions {
  /**
   * The model's name; `null` leaves it out, as Keras ≤ 2.1's and some hand-written JSON do.
   * @default {"sequential"}
   */
  readonly name?: string | null;
  /** Keras 3's `build_input_shape`, for a model without an InputLayer. */
  readonly buildInputShape?: readonly (number | null)[];
  /** The top-level `keras_version`, e.g. `"2.2.4"`. */
  readonly kerasVersion?: string;
  /** The top-level `backend`, e.g. `"tensorflow"`. */
  readonly backend?: string;
}

/**
 * A Sequential model's JSON, as `model.to_json()` writes it: `{"class_name": "Sequential",
 * "config": {"name", "layers"}}`, with the exporter's extra keys when given.
 */
export function sequentialJson(
  layers: readonly unknown[],
  options: SequentialJsonOptions = {},
): Record<string, unknown> {
  const name = options.name === undefined ? "sequential" : options.name;
  return {
    class_name: "Sequential",
    config: {
      ...(name === null ? {} : { name }),
      layers,
      ...(options.buildInputShape ? { build_input_shape: options.buildInputShape } : {}),
    },
    ...(options.kerasVersion ? { keras_version: options.kerasVersion } : {}),
    ...(options.backend ? { backend: options.backend } : {}),
  };
}
