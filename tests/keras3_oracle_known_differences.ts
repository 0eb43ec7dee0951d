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

/** Whether a summary difference leaves the title, the header and the three total lines alike. */
function sameHeadAndTotals(difference: Difference): boolean {
  const keras = String(difference.keras).split("\n");
  const ours = String(difference.ours).split("\n");
  const ends = (lines: string[]) => [...lines.slice(0, 4), ...lines.slice(-4)].join("\n");
  return ends(keras) === ends(ours);
}
const SIZE = / \([\d.]+ [KMGTP]?B\)$/;

/** The layer's dtype policy name, from Keras 3's `{"class_name": "DTypePolicy", ...}` or a string. */
function dtypeOf(layer: LayerJson): string | undefined {
  const dtype = layer.config.dtype as { config?: { name?: unknown } } | string | undefined;
  const name = typeof dtype === "string" ? dtype : dtype?.config?.name;
  return typeof name === "string" ? name : undefined;
}

/** Whether the layer is a Bidirectional or TimeDistributed given `trainable: false`. */
function frozenWrapper(layer: LayerJson | undefined): boolean {
  return (layer?.class_name === "Bidirectional" || layer?.class_name === "TimeDistributed") &&
    layer.config.trainable === false;
}

/** Whether the layer is a Bidirectional whose recurrent layer has `return_state: true`. */
function bidirectionalReturningState(layer: LayerJson | undefined): boolean {
  const inner = layer?.config.layer as LayerJson | undefined;
  return layer?.class_name === "Bidirectional" && inner?.config.return_state === true;
}

export const KNOWN_DIFFERENCES: readonly KnownDifference[] = [
  {
    name: "a wrapper frozen in its config: Keras's row splits its weights as all non-trainable",
    why: "Keras 3 applies `trainable=False` given to a Bidirectional or TimeDistributed " +
      "constructor to the wrapper only: Layer.__init__ sets `self._trainable` " +
      "(keras/src/layers/layer.py:312) before the wrapped layer exists " +
      "(keras/src/layers/core/wrapper.py:25-26; bidirectional.py:110-130 copies it after " +
      "super().__init__), so the wrapped variables keep trainable=True and the model's totals " +
      "count them trainable (summary_utils.py:329-332), as ours now do. But the wrapper's own " +
      "`trainable_weights` is [] and `non_trainable_weights` is all its weights, because the " +
      "layer is not trainable (layer.py:733-752): Keras's row is 0 trainable, N non-trainable; " +
      "ours says N trainable, 0 non-trainable.",
    matches: (difference, layers) =>
      difference.layer !== undefined && frozenWrapper(layers[difference.layer]) &&
      (difference.field === "trainable" || difference.field === "non_trainable"),
  },
  {
    name: "Bidirectional around a recurrent layer with return_state drops the backward state",
    why: "Keras 3 returns the merged output, then the forward states, then the backward states " +
      "(keras/src/layers/rnn/bidirectional.py:183-197): [output, h_fwd, h_bwd] for GRU and " +
      "SimpleRNN, [output, h_fwd, c_fwd, h_bwd, c_bwd] for LSTM (output twice when " +
      "merge_mode is None). Our Bidirectional merges the wrapped layer's list of shapes as if " +
      "it were one shape (lib/layers/wrappers.ts computeOutputShape). The summary's row shows " +
      "the shape, so it differs there too.",
    matches: (difference, layers) =>
      (difference.field === "output_shape" &&
        bidirectionalReturningState(layers[difference.layer ?? -1])) ||
      (difference.field.startsWith("summary") && layers.some(bidirectionalReturningState) &&
        sameHeadAndTotals(difference)),
  },
  {
    name: "the summary's byte sizes ignore a layer's dtype",
    why: "Keras 3 sizes each weight by its own dtype: weight_memory_size sums " +
      "_compute_memory_size(w.shape, w.dtype) (keras/src/utils/summary_utils.py:33-46), so a " +
      'layer with dtype "float16" or "bfloat16" takes 2 bytes a parameter and "float64" 8 ' +
      "(mixed_* policies keep float32 variables). fromKerasJson ignores dtypes, and we print " +
      "4 bytes a parameter for every layer. Only the sizes in the total lines differ.",
    matches: (difference, layers) =>
      difference.layer === undefined && difference.field.startsWith("summary") &&
      layers.some((l) => ["float16", "bfloat16", "float64"].includes(dtypeOf(l) ?? "")) &&
      differingLines(difference).length > 0 &&
      differingLines(difference).every((line) => / params: /.test(line) && SIZE.test(line)) &&
      String(difference.keras).replace(/ \([\d.]+ [KMGTP]?B\)\n/g, "\n") ===
        String(difference.ours).replace(/ \([\d.]+ [KMGTP]?B\)\n/g, "\n"),
  },
];
