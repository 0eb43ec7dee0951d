/**
 * What a layer kind declares, as types generic in the layer class the kind creates: its options,
 * its JSON, TF.js and PyTorch counterparts, how a wrapper holds its layers, how a printed row is
 * read back. `kind.ts` and `pytorch.ts` name them for the library's `Layer` (`LayerKind` is
 * `KindDeclaration<Layer>`); being generic, they need no import of the layer class, so the layer
 * class can name its kind without a circle.
 *
 * @module
 */

import type { Shape } from "../shape.ts";
import type { OptionTable } from "./options.ts";
import type { WrapperRelation } from "./args.ts";
import type { CallTable } from "./call.ts";
import type { MacsRule, SavedRule } from "./macs.ts";

/** The families layers are grouped in, one file each under `lib/layers/`. */
export type Family =
  | "core"
  | "activation"
  | "reshaping"
  | "embedding"
  | "recurrent"
  | "wrappers"
  | "convolutional"
  | "pooling"
  | "normalization"
  | "preprocessing"
  | "regularization"
  | "merging"
  | "attention"
  | "keras_hub"
  | "operation";

/** A Keras JSON config: `{"units": 5, "return_sequences": true, …}`. */
export type JsonConfig = Readonly<Record<string, unknown>>;

/** What a kind's JSON hook can ask of the reader that is reading it. */
export interface JsonReaderOf<L> {
  /** The rank of the layer's input (batch included), when known. */
  readonly rank: number | undefined;
  /**
   * Reads the layer a wrapper holds under `key` (`{"class_name", "config"}`).
   *
   * @param key The JSON key, e.g. `"layer"`.
   * @param rank The inner layer's input rank, when known.
   * @param stripPrefix A prefix Keras added to the inner layer's name (`"forward_"`).
   */
  layer(key: string, rank: number | undefined, stripPrefix?: string): L;
  /**
   * Reads the list of layers a kind holds under `key` (`StackedRNNCells`'s `"cells"`).
   *
   * @param key The JSON key, e.g. `"cells"`.
   * @param rank The inner layers' input rank, when known.
   */
  layers(key: string, rank: number | undefined): L[];
}

/** How a kind is built in TensorFlow.js, described as data: the bridge does the building. */
export interface TfjsDeclarationOf<L> {
  /** The `tf.layers` factory, e.g. `"lstm"`. */
  readonly factory: string;
  /**
   * The factory's arguments besides `name`, `trainable` and the input shape. Values that are
   * layers are converted by the bridge. By default: every option that is not inert, as it is.
   */
  readonly args?: (layer: L) => Record<string, unknown>;
  /** Why TF.js cannot build this configuration, or `undefined` when it can. */
  readonly refuse?: (layer: L) => string | undefined;
}

/** What a wrapper declares about the layer it wraps. */
export interface WrapperDeclarationOf<L> {
  /** How it holds the inner layer. */
  readonly relation: WrapperRelation;
  /** How many sets of the inner layer's weights it holds. */
  readonly copies: number;
  /** The built copies whose weights it holds, in order (`forward_lstm`, `backward_lstm`). */
  readonly layers: (layer: L) => readonly L[];
}

/**
 * What a parameter count tells about a layer's input, for inverse inference: the count is
 * affine in one input size (input features, channels, vocabulary), and this says how to build
 * the layer for a given size.
 */
export interface InputSizeDeclaration {
  /** One unit of the input size, singular: `"input feature"`, `"input channel"`, `"token id"`. */
  readonly unit: string;
  /**
   * The input shape (batch first) to build a layer of this configuration on for an input size,
   * and options to put over the configuration (Embedding's `inputDim`); `undefined` when this
   * configuration's count is not affine in one input size.
   */
  readonly input: (
    config: Readonly<Record<string, unknown>>,
    size: number,
  ) => { readonly shape: Shape; readonly options?: Record<string, unknown> } | undefined;
}

/**
 * A layer in the library's one configuration format: its Keras class name and its options, a
 * wrapped layer nested in the same format. The summary reader, the inverse inference, the
 * benchmarks and the tests all describe layers this way.
 */
export interface LayerConfig {
  /** The Keras class name, e.g. `"LSTM"`. */
  readonly className: string;
  /** The options, as the layer's constructor takes them (`layer` for a wrapper's inner one). */
  readonly [option: string]: unknown;
}

/** What one row of a printed `model.summary()` shows about its layer, for a kind's row reader. */
export interface PrintedRow {
  /** The printed output shape, when it is one shape. */
  readonly out: Shape | null;
  /** The printed outputs, when the layer has several (`return_state=True`). */
  readonly outList: readonly Shape[] | null;
  /**
   * Whether the column cut the list of outputs short: more outputs may follow those printed,
   * and the last one printed may lack its last sizes.
   */
  readonly outListCut?: boolean;
  /** The layer's input, when known: the row above, or the row its `Connected to` names. */
  readonly input: Shape | null;
  /** A layer's several inputs, in order, when its `Connected to` names more than one. */
  readonly inputs: readonly Shape[] | null;
  /** The printed count, when it is printed in full. */
  readonly params: number | null;
  /** Options the code that printed the table declares for the layer (`returnSequences`). */
  readonly declared: Readonly<Record<string, unknown>>;
  /**
   * Which program printed the table: TF.js's defaults differ (its GRU's `resetAfter`), and
   * Keras 2 and 3 take different options (Keras 2's BatchNormalization takes a list of axes).
   */
  readonly printer: "keras2" | "keras3" | "tfjs";
}

/** A configuration that might have printed a row, with the input it is built on. */
export interface RowCandidate {
  /** The options, in the library's format (a wrapped layer as a {@linkcode LayerConfig}). */
  readonly config: Readonly<Record<string, unknown>>;
  /** The input to build it on (a layer of several inputs: each one's); `null` when unknown. */
  readonly input: Shape | readonly Shape[] | null;
  /**
   * Options a row cannot tell (a dropout rate): the configuration holds a stand-in value to
   * build with, and the reader leaves them out of what it reports.
   */
  readonly unread?: readonly string[];
  /** The assumption this candidate rests on (a kernel size, a pool size), in a sentence. */
  readonly assumption?: string;
  /** Away from Keras's defaults (no bias): tried only when no usual candidate fits. */
  readonly unusual?: boolean;
  /**
   * For a candidate whose input size only the count tells (a first layer's features, an
   * embedding's vocabulary): the candidate at an input size. The reader solves the size from
   * the printed count by inverse inference on `config`, and keeps the candidate only if one
   * size gives the count.
   */
  readonly sized?: (size: number) => RowCandidate;
}

/**
 * How a printed summary row of a kind is read backwards. A kind that declares it is solved by
 * it: the candidates cover every configuration Keras could have printed the row with, so a row
 * none of them fits is flagged. A kind without it is tried generically, and a row no generic
 * guess fits is only "not checked".
 */
export interface RowReading {
  /**
   * Whether the candidates may miss configurations Keras could have printed the row with (a
   * wrapper of any layer): then a row none fits is not checked, never flagged.
   */
  readonly partial?: boolean;
  /**
   * For a partial reading: the configurations it does not try are printed nowhere in a table and
   * may have almost any count (an RNN over stacked cells: the kinds and sizes of the cells
   * between its input and output are printed nowhere). A count cut short that the totals can
   * fill in several ways is then open, whichever way each fills this row.
   */
  readonly untried?: "any count";
  /**
   * On an input no row prints, some configuration the reading does not try gives the printed
   * output with any count of 1 or more (an EinsumDense whose input has one more axis than its
   * output, summed by a kernel of that axis's size; attention to a value of any width). A row
   * none of its candidates fits is then not checked, and says that no reader could check it.
   * The value says how, in a phrase: `"an input with one axis more, which its kernel sums"`.
   */
  readonly unknownInput?: { readonly anyCount: string };
  /**
   * Keras 3's LoRA is not searched on this kind's rows (its kernel is solved from a count LoRA
   * would change): in a Keras 3 table, a row no configuration without LoRA fits, whose count the
   * kind's count forms give with a rank of LoRA, is not checked rather than flagged.
   */
  readonly loraByForms?: true;
  /**
   * For a partial reading: whether, for this row, its candidates are every configuration Keras
   * could have printed it with after all (a LayerNormalization over an input of known rank, every
   * set of its axes tried). Then a row none fits is flagged, and the counts of a count cut short
   * are named for the totals to choose among.
   */
  readonly completeFor?: (row: PrintedRow) => boolean;
  /** The configurations that might have printed the row, Keras's defaults first. */
  readonly candidates: (row: PrintedRow) => readonly RowCandidate[];
  /**
   * For a partial reading: configurations rarer than its candidates, tried only when none of
   * those fits the row, with Keras 3's LoRA or without (an EinsumDense's one weight per unit on
   * the features' sum).
   */
  readonly wider?: (row: PrintedRow) => readonly RowCandidate[];
  /**
   * For a partial reading: the last configurations tried, when neither its candidates, nor the
   * wider ones, nor Keras 3's LoRA on them fit the row (an EinsumDense of any equation).
   */
  readonly widest?: (row: PrintedRow) => readonly RowCandidate[];
  /**
   * Keras 3 quantizes the kind (`model.quantize`: int8, int4, float8, GPTQ, AWQ), which packs
   * its kernel and adds scales, changing its count, and which a table does not print (its dtype
   * policy). In a Keras 3 table, a row of the printed shape that no configuration fits is not
   * checked, never flagged: paramlab does not model quantized weights.
   */
  readonly quantizable?: boolean;
  /**
   * The last sizes an output shape may have had when its column cut it off, given the input
   * and the count; absent when the kind cannot tell.
   */
  readonly lastSizes?: (
    input: Shape,
    params: number | null,
    row: Pick<PrintedRow, "printer">,
  ) => readonly number[];
  /**
   * For a row whose count is printed and whose input is not (a first layer): why no layer of
   * the kind has that count on that output whatever its input size (every size tried, and in a
   * Keras 3 table every LoRA rank), in a sentence; `undefined` when one may, or the kind cannot
   * tell. The row is then flagged, not left unchecked.
   */
  readonly noneFits?: (row: PrintedRow) => string | undefined;
  /** Remarks on a fitting configuration that are not errors (a single time step), if any. */
  readonly hints?: (config: LayerConfig, row: PrintedRow) => readonly string[];
  /**
   * A sentence that explains why the printed output (written `printed`) is not what the
   * configuration gives (`expected`), when the kind can tell.
   */
  readonly shapeHint?: (
    config: LayerConfig,
    row: PrintedRow,
    printed: string,
    expected: string,
  ) => string | undefined;
}

/**
 * Counts of the form `per × n + plus` for a whole `n ≥ 1` the row does not tell (a
 * convolution's kernel volume): every such `n`, or those listed; with `ranks`, also those of
 * every rank r from 1 to `ranks.most`, `(per + r × ranks.per) × n + plus + r × ranks.plus`
 * (Keras 3's LoRA, whose two factors grow with its rank).
 */
export interface CountForm {
  /** What each unit of `n` adds. */
  readonly per: number;
  /** What the count has besides (a bias). */
  readonly plus: number;
  /** The values `n` may take, when not every whole number. */
  readonly n?: readonly number[];
  /** LoRA's ranks: what each adds per unit of `n` and besides, up to the most that fit. */
  readonly ranks?: { readonly most: number; readonly per: number; readonly plus: number };
}

/** Everything the library knows about a Keras layer class. */
export interface KindDeclaration<L> {
  /** Keras's class name, e.g. `"LSTM"`. */
  readonly className: string;
  /** Other names Keras writes for the same class (`"Convolution1D"`, `"MaxPool2D"`). */
  readonly aliases?: readonly string[];
  /** The family (and file) it belongs to. */
  readonly family: Family;
  /** One line for a learner: what the layer does and what it holds. */
  readonly summary: string;
  /** Its configuration beyond the options every layer has. */
  readonly options: OptionTable;
  /** The option Keras takes as its first positional argument (`LSTM(5)` is `units`). */
  readonly positional?: string;
  /** Creates the layer from a configuration in the library's one format. */
  readonly create: (config: Record<string, unknown>) => L;
  /**
   * Keras JSON keys this kind writes that decide no shape or count and have no option here
   * (`"unroll"`, `"implementation"`), so the reader skips them rather than refusing them.
   */
  readonly jsonIgnored?: readonly string[];
  /**
   * Keras builds the layer's weights in an inner cell created trainable whatever the layer was
   * given (ConvLSTM's `ConvLSTMCell`): a layer created with `trainable: false` is printed `N`,
   * yet its weights count in the model's `Trainable params`. Only setting `trainable` afterwards
   * freezes them.
   */
  readonly weightsInTrainableCell?: true;
  /**
   * The layer holds layers Keras 3's `model.quantize` quantizes (MultiHeadAttention's
   * EinsumDense projections, a Transformer block's attention and feed-forward Dense layers): a
   * quantized model changes its count as it does theirs. (A kind quantized itself says so in
   * `read.quantizable`.)
   */
  readonly holdsQuantizable?: true;
  /**
   * Reads a Keras JSON config where the generic mapping (snake_case key ↔ option) is not enough:
   * nested layers, or a default that differs between Keras versions. Returns options to put
   * over the generically read ones.
   */
  readonly fromJson?: (config: JsonConfig, reader: JsonReaderOf<L>) => Record<string, unknown>;
  /** How TF.js builds it; absent when TF.js has no such layer. */
  readonly tfjs?: TfjsDeclarationOf<L>;
  /**
   * Why a layer of this kind has no weights, in one sentence for an explanation. Layers with
   * weights explain themselves from their weight declarations.
   */
  readonly noWeights?: (layer: L) => string;
  /**
   * Keras gives no layer of this kind weights, whatever its configuration, so a printed row's
   * count can be checked even when its configuration cannot be read.
   */
  readonly weightless?: boolean;
  /**
   * Why a layer of this kind with weights has its count, in sentences for an explanation, given
   * the formula its declared weight axes add up to (e.g. `"n × m + m"`).
   */
  readonly why?: (layer: L, formula: string) => readonly string[] | undefined;
  /**
   * What a layer of this kind is, in a few words naming its sizes (`a 7×7 convolution from 3
   * channels to 64, no bias`), for a list of a model's layers (keras-hub's backbones'
   * `explain()`); absent: its class name.
   */
  readonly describe?: (layer: L) => string;
  /**
   * The gate blocks a recurrent cell lays side by side in its kernel columns, in Keras's order,
   * in words (`"input gate"`, `"forget gate"`, `"cell candidate"`, `"output gate"`).
   */
  readonly gates?: readonly string[];
  /** For a kind whose gates depend on the layer (an `RNN` of one cell): its gate blocks. */
  readonly gatesOf?: (layer: L) => readonly string[] | undefined;
  /** For a wrapper: how it holds the layer it wraps. */
  readonly wrapper?: WrapperDeclarationOf<L>;
  /** How the count gives back the input size; absent when it cannot. */
  readonly inputSize?: InputSizeDeclaration;
  /** The PyTorch module that corresponds, or why none does; absent when not known. */
  readonly pytorch?: PyTorchDeclarationOf<L>;
  /** How a printed summary row of this kind is solved; absent: tried generically. */
  readonly read?: RowReading;
  /**
   * For a kind whose rows are not read by trying every configuration: every count a layer of it
   * may have on a row's input and output, as {@linkcode CountForm}s. More than the true ones is
   * fine; the true count must be among them. A count cut short is then chosen among them by the
   * totals. `bound` is the most the row may hold (the printed total), for forms that are many
   * (LoRA's ranks). `undefined` when the row does not tell, or the forms are too many.
   */
  readonly countForms?: (row: PrintedRow, bound: number) => readonly CountForm[] | undefined;
  /**
   * What its call takes besides its inputs (`initialState`, `mask`, `value`, …), in the order
   * of Keras's `call` signature; absent: `training` only, which every Keras layer's call takes.
   * `layer.apply()` and the Keras-JSON reader read it (see `lib/layers/call.ts`).
   */
  readonly call?: CallTable;
  /**
   * Configurations worth checking against the real frameworks, each with its input: the options
   * as the constructor takes them, without the class name. `deno task pytorch` builds each in
   * PyTorch and compares it with what this library says its counterpart is.
   */
  readonly samples?: readonly Readonly<Record<string, unknown>>[];
  /**
   * The compute of one call, for one example: the multiply-accumulates of the layer's matrix
   * products and convolutions (see `macs.ts` for the conventions). Absent: a kind Keras gives no
   * weights does no matrix products (0); a kind with weights and no rule is "not known".
   */
  readonly macs?: MacsRule<L>;
  /**
   * What one call keeps for the backward pass, in elements per example, when it is more than
   * its outputs (a recurrent layer keeps its state at every step). Absent: its outputs.
   */
  readonly saved?: SavedRule<L>;
}

/** A PyTorch parameter or buffer: its name in the module, its shape and size. */
export interface PyTorchTensor {
  /** E.g. `"weight_ih_l0"`. */
  readonly name: string;
  /** E.g. `[20, 13]`. */
  readonly shape: readonly number[];
  /** The product of the shape. */
  readonly size: number;
}

/** The PyTorch module that corresponds to a Keras layer. */
export interface PyTorchModule {
  /** The module as it is written, e.g. `torch.nn.LSTM(13, 5)`. */
  readonly module: string;
  /** Its parameters, in `parameters()` order. */
  readonly weights: readonly PyTorchTensor[];
  /** Its buffers (state `parameters()` does not list), if any. */
  readonly buffers?: readonly PyTorchTensor[];
  /** Why the two counts agree or differ, in sentences. */
  readonly why: (kerasCount: number, pytorchCount: number) => readonly string[];
  /**
   * For a recurrent layer: its module's arguments and the Keras settings that decide whether
   * consecutive layers stack into one `num_layers` module (see `compareModelFrameworks`).
   */
  readonly recurrent?: PyTorchRecurrentStacking;
}

/** A recurrent layer as one layer of a stacked `torch.nn.LSTM`, `GRU` or `RNN`. */
export interface PyTorchRecurrentStacking {
  /** torch's module: `"LSTM"`, `"GRU"` or `"RNN"`. */
  readonly kind: "LSTM" | "GRU" | "RNN";
  /** `input_size`: the features this layer reads. */
  readonly inputSize: number;
  /** `hidden_size`: Keras's units. */
  readonly hiddenSize: number;
  /** `bias`: Keras's useBias. */
  readonly bias: boolean;
  /** Inside a Bidirectional wrapper. */
  readonly bidirectional: boolean;
  /**
   * Keras's settings that must be equal for layers to be identical (a GRU's `resetAfter`, the
   * activations), as `"name=value"` strings.
   */
  readonly identity: readonly string[];
  /** Whether the layer outputs every step (it must, to feed the next layer of a stack). */
  readonly returnSequences: boolean;
  /** Whether it can be a layer of torch's module: no returned states, no `goBackwards`. */
  readonly stackable: boolean;
  /** A Bidirectional's merge mode; torch concatenates the two directions. */
  readonly mergeMode?: string | null;
}

/** No PyTorch module corresponds to this configuration. */
export interface PyTorchNone {
  /** Why not, in a sentence. */
  readonly none: string;
}

/** What a declaration says about PyTorch for one layer. */
export type PyTorchCounterpart = PyTorchModule | PyTorchNone;

/** Options of a counterpart: how the layer is used. */
export interface PyTorchOptions {
  /** The layer runs in both directions (inside a Bidirectional wrapper). */
  readonly bidirectional?: boolean;
}

/** What a declaration may ask of the comparison: the counterpart of a layer it wraps. */
export interface PyTorchContextOf<L> {
  /** Whether the layer runs in both directions (inside a Bidirectional wrapper). */
  readonly bidirectional: boolean;
  /**
   * The counterpart of another layer (a wrapped one).
   *
   * @param layer The layer.
   * @param options How it is used.
   * @returns Its counterpart, or `undefined` when its kind declares none.
   */
  counterpart(layer: L, options?: PyTorchOptions): PyTorchCounterpart | undefined;
}

/** A kind's PyTorch declaration: the counterpart of a built layer of that kind. */
export type PyTorchDeclarationOf<L> = (
  layer: L,
  context: PyTorchContextOf<L>,
) => PyTorchCounterpart;
