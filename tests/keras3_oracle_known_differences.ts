// Differences between real Keras 3 and paramlab that the Keras 3 oracle found and that are not
// fixed yet. Each entry excuses exactly the differences its `matches` accepts; the oracle test
// prints every model it excuses, and fails when an entry excuses nothing (then the library was
// fixed, and the entry goes). The aim is an empty list.

/** One layer of a model as real Keras 3 recorded it. */
export interface OracleLayer {
  readonly name: string;
  readonly class_name: string;
  readonly params: number;
  readonly trainable: number;
  readonly non_trainable: number;
  readonly output_shape: unknown;
}

/** One difference between Keras and us, in a model of the oracle's fixtures. */
export interface Difference {
  /** The layer's index in `model.layers`, or undefined for the model's totals and summaries. */
  readonly layer?: number;
  /** What differs: "load", "layers", "params", "trainable", "non_trainable", "output_shape", "total", "summary", "summary_88", "summary_88_terminal". */
  readonly field: string;
  readonly keras: unknown;
  readonly ours: unknown;
}

/** The model's Keras JSON config of the layer a difference is in, with its class name. */
export interface LayerJson {
  readonly class_name: string;
  readonly config: Record<string, unknown>;
}

/** A known difference: named, explained, and matched precisely. */
export interface KnownDifference {
  /** A short name, printed with every model it excuses. */
  readonly name: string;
  /** Keras's rule, with its source file and line, and what we do instead. */
  readonly why: string;
  /**
   * Whether this entry explains `difference`, found in the model whose layers (InputLayer
   * excluded) Keras's JSON lists as `layers`. A model is excused only when every one of its
   * differences is matched.
   */
  readonly matches: (difference: Difference, layers: readonly LayerJson[]) => boolean;
}

/** The lines where a summary difference's two texts differ, Keras's version. */
export function differingLines(difference: Difference): string[] {
  const keras = String(difference.keras).split("\n");
  const ours = String(difference.ours).split("\n");
  return keras.filter((line, i) => line !== ours[i]).concat(
    ours.length > keras.length ? ours.slice(keras.length) : [],
  );
}

// Empty: the three differences the oracle found first (a frozen wrapper's row split,
// Bidirectional with returnState, bytes by dtype) are fixed in the library.
export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [];
