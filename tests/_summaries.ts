// Printed summaries for the reader's tests, in every style Keras, tf.keras and TensorFlow.js
// print, written for this project (the real-world tables in ../shared/realworld belong to their
// authors and are only read by `deno task corpus`). Where a style is generated, it is by a port
// of the printing code of the Keras version that prints it, so the tables are what it prints.

/** A row to print: the layer cell, the shape text, the count, and connections if any. */
export interface PrintRow {
  readonly name: string;
  readonly className: string;
  readonly shape: string;
  readonly params: number | string;
  readonly connections?: readonly string[];
}

/**
 * TF ≥ 2.11's `print_row` (keras/utils/layer_utils.py): every cell wraps onto continuation lines
 * at its column's width, breaking early after `),` `},` `],` or `',`; rows are separated by a
 * line of spaces. A port of the Python, line for line.
 */
export function tf211Row(
  fields: readonly string[],
  positions: readonly number[],
  nestedLevel = 0,
): string[] {
  const left = [...fields];
  const lines: string[] = [];
  while (left.some((f) => f !== "")) {
    let line = "";
    for (let col = 0; col < left.length; col++) {
      const start = col > 0 ? positions[col - 1] : 0;
      const end = positions[col];
      const space = col !== positions.length - 1 ? 2 : 0;
      let cutoff = end - start - space;
      if (col === 0) cutoff -= nestedLevel;
      let fit = left[col].slice(0, cutoff);
      const breaks = ["),", "},", "],", "',"].filter((b) => fit.includes(b))
        .map((b) => fit.indexOf(b) + b.length);
      if (breaks.length > 0) {
        cutoff = Math.min(...breaks);
        fit = fit.slice(0, cutoff);
      }
      if (col === 0) line += "|".repeat(nestedLevel) + " ";
      line += fit;
      line += " ".repeat(space);
      left[col] = left[col].slice(cutoff);
      line += " ".repeat(Math.max(0, positions[col] - line.length - nestedLevel));
    }
    lines.push(line + "|".repeat(nestedLevel));
  }
  return lines;
}

/** A whole TF ≥ 2.11 table, sequential (3 columns) or functional (with `Connected to`). */
export function tf211Table(
  modelName: string,
  rows: readonly PrintRow[],
  totals: { total: number; trainable: number; nonTrainable: number },
): string {
  const functional = rows.some((r) => r.connections !== undefined);
  const lineLength = functional ? 98 : 65;
  const positions = (functional ? [0.33, 0.55, 0.67, 1] : [0.45, 0.85, 1])
    .map((p) => Math.floor(lineLength * p));
  const header = functional
    ? ["Layer (type)", "Output Shape", "Param #", "Connected to"]
    : ["Layer (type)", "Output Shape", "Param #"];
  const lines = [`Model: "${modelName}"`, "_".repeat(lineLength)];
  lines.push(...tf211Row(header, positions));
  lines.push("=".repeat(lineLength));
  for (const row of rows) {
    const fields = [`${row.name} (${row.className})`, row.shape, String(row.params)];
    if (functional) {
      fields.push(`[${(row.connections ?? []).map((c) => `'${c}'`).join(", ")}]`);
    }
    lines.push(...tf211Row(fields, positions));
    lines.push(" ".repeat(lineLength));
  }
  lines.push("=".repeat(lineLength));
  const n = (x: number) => x.toLocaleString("en-US");
  lines.push(`Total params: ${n(totals.total)}`);
  lines.push(`Trainable params: ${n(totals.trainable)}`);
  lines.push(`Non-trainable params: ${n(totals.nonTrainable)}`);
  lines.push("_".repeat(lineLength));
  return lines.join("\n");
}

/**
 * A TF 2.12 sequential table whose wrapped cells are the cause of most misreadings: a class
 * name wrapped twice, a bare `)` on its own line. Conv2DTranspose is not modelled by the reader.
 * Embedding(1000, 16) = 16,000; Bidirectional(LSTM(8)) on 16 = 2 × 4 × ((16 + 8) × 8 + 8) =
 * 1,600; RepeatVector(3) = 0; TimeDistributed(Dense(4)) on 16 = 68.
 */
export const WRAPPED = tf211Table("sequential", [
  { name: "embedding", className: "Embedding", shape: "(None, 20, 16)", params: 16000 },
  {
    name: "bidirectional",
    className: "Bidirectional",
    shape: "(None, 16)",
    params: 1600,
  },
  { name: "repeat_vector", className: "RepeatVector", shape: "(None, 3, 16)", params: 0 },
  {
    name: "time_distributed_with_a_long_name",
    className: "TimeDistributed",
    shape: "(None, 3, 4)",
    params: 68,
  },
], { total: 17668, trainable: 17668, nonTrainable: 0 });

/**
 * A TF 2.12 functional table: two inputs, each row's inputs in `Connected to` (a list wrapped
 * over lines), a Dense reading a branch that is not the row above. Dense(8) on 4 = 40; Dense(8)
 * on 6 = 56; Concatenate = 0; Dense(1) on 16 = 17.
 */
export const FUNCTIONAL = tf211Table("model", [
  { name: "left_input", className: "InputLayer", shape: "[(None, 4)]", params: 0, connections: [] },
  {
    name: "right_input",
    className: "InputLayer",
    shape: "[(None, 6)]",
    params: 0,
    connections: [],
  },
  {
    name: "left_dense",
    className: "Dense",
    shape: "(None, 8)",
    params: 40,
    connections: ["left_input[0][0]"],
  },
  {
    name: "right_dense",
    className: "Dense",
    shape: "(None, 8)",
    params: 56,
    connections: ["right_input[0][0]"],
  },
  {
    name: "concatenate_the_two_branches",
    className: "Concatenate",
    shape: "(None, 16)",
    params: 0,
    connections: ["left_dense[0][0]", "right_dense[0][0]"],
  },
  {
    name: "output",
    className: "Dense",
    shape: "(None, 1)",
    params: 17,
    connections: ["concatenate_the_two_branches[0][0]"],
  },
], { total: 113, trainable: 113, nonTrainable: 0 });

/**
 * The old Keras 2 functional table: connections one per line, names and connections cut at
 * their columns. Dense(8) on 4 = 40; Dense(8) on 8 = 72; Add = 0.
 */
export const OLD_FUNCTIONAL = `Model: "model"
__________________________________________________________________________________________________
Layer (type)                    Output Shape         Param #     Connected to                     
==================================================================================================
input_1 (InputLayer)            [(None, 4)]          0                                            
__________________________________________________________________________________________________
dense_block_with_a_long_name_on (None, 8)            40          input_1[0][0]                    
__________________________________________________________________________________________________
dense_1 (Dense)                 (None, 8)            72          dense_block_with_a_long_name_one_
__________________________________________________________________________________________________
add (Add)                       (None, 8)            0           dense_block_with_a_long_name_one_
                                                                 dense_1[0][0]                    
==================================================================================================
Total params: 112
Trainable params: 112
Non-trainable params: 0
__________________________________________________________________________________________________`;

/**
 * A Keras 3 table after training, as a notebook's text output keeps it: `Optimizer params` in
 * the total, a count cut with `…` in a narrow column, an unbuilt layer. Dense(64) on 32 = 2,112;
 * Dense(9) on 64 = 585; Dense(100000) on 9 = 1,000,000; Adam's optimizer variables: 2 ×
 * 1,002,697 + 1 = 2,005,395.
 */
export const KERAS3_TRAINED = `Model: "sequential"
┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━┓
┃ Layer (type)                    ┃ Output Shape           ┃ Param # ┃
┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━┩
│ dense (Dense)                   │ (None, 64)             │   2,112 │
├─────────────────────────────────┼────────────────────────┼─────────┤
│ dense_1 (Dense)                 │ (None, 9)              │     585 │
├─────────────────────────────────┼────────────────────────┼─────────┤
│ big_dense (Dense)               │ (None, 100000)         │ 1,000,… │
├─────────────────────────────────┼────────────────────────┼─────────┤
│ extra (Dense)                   │ ?                      │       0 │
│                                 │                        │ (unbui… │
└─────────────────────────────────┴────────────────────────┴─────────┘
 Total params: 3,008,092 (11.47 MB)
 Trainable params: 1,002,697 (3.82 MB)
 Non-trainable params: 0 (0.00 B)
 Optimizer params: 2,005,395 (7.65 MB)`;

/** The same table's first two rows with the colour codes a notebook keeps, and CRLF ends. */
export const KERAS3_ANSI = [
  'Model: "sequential"',
  "┏━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━┓",
  "┃\x1b[1m \x1b[0m\x1b[1mLayer (type)                   \x1b[0m\x1b[1m \x1b[0m┃\x1b[1m \x1b[0m\x1b[1mOutput Shape          \x1b[0m\x1b[1m \x1b[0m┃\x1b[1m \x1b[0m\x1b[1m      Param #\x1b[0m\x1b[1m \x1b[0m┃",
  "┡━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━┩",
  "│ dense (\x1b[38;5;33mDense\x1b[0m)                   │ (\x1b[38;5;45mNone\x1b[0m, \x1b[38;5;34m64\x1b[0m)             │         \x1b[38;5;34m2,112\x1b[0m │",
  "├─────────────────────────────────┼────────────────────────┼───────────────┤",
  "│ dense_1 (\x1b[38;5;33mDense\x1b[0m)                 │ (\x1b[38;5;45mNone\x1b[0m, \x1b[38;5;34m10\x1b[0m)             │           \x1b[38;5;34m650\x1b[0m │",
  "└─────────────────────────────────┴────────────────────────┴───────────────┘",
  "\x1b[1m Total params: \x1b[0m\x1b[38;5;34m2,762\x1b[0m (10.79 KB)",
  "\x1b[1m Trainable params: \x1b[0m\x1b[38;5;34m2,762\x1b[0m (10.79 KB)",
  "\x1b[1m Non-trainable params: \x1b[0m\x1b[38;5;34m0\x1b[0m (0.00 B)",
].join("\r\n");

/**
 * A Keras 3 functional table: several outputs of an LSTM with `return_state`, `Connected to`
 * lists over several lines. LSTM(8) on 4 = 4 × ((4 + 8) × 8 + 8) = 416; Dense(3) on 8 = 27.
 */
export const KERAS3_FUNCTIONAL = `Model: "functional"
┏━━━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┳━━━━━━━━━━━━┳━━━━━━━━━━━━━━━━━━━┓
┃ Layer (type)        ┃ Output Shape      ┃    Param # ┃ Connected to      ┃
┡━━━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━╇━━━━━━━━━━━━╇━━━━━━━━━━━━━━━━━━━┩
│ input_layer         │ (None, 10, 4)     │          0 │ -                 │
│ (InputLayer)        │                   │            │                   │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ lstm (LSTM)         │ [(None, 8),       │        416 │ input_layer[0][0] │
│                     │ (None, 8), (None, │            │                   │
│                     │ 8)]               │            │                   │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ dense (Dense)       │ (None, 3)         │         27 │ lstm[0][0]        │
├─────────────────────┼───────────────────┼────────────┼───────────────────┤
│ concatenate         │ (None, 11)        │          0 │ dense[0][0],      │
│ (Concatenate)       │                   │            │ lstm[0][1]        │
└─────────────────────┴───────────────────┴────────────┴───────────────────┘
 Total params: 443 (1.73 KB)
 Trainable params: 443 (1.73 KB)
 Non-trainable params: 0 (0.00 B)`;

/** TensorFlow.js 4's functional table with `Input Shape` and `Receives inputs`. */
export const TFJS_FUNCTIONAL =
  `__________________________________________________________________________________________________________
Layer (type)               Input Shape              Output shape          Param #     Receives inputs      
==========================================================================================================
a (InputLayer)             [[null,4]]               [null,4]              0                                
__________________________________________________________________________________________________________
b (InputLayer)             [[null,6]]               [null,6]              0                                
__________________________________________________________________________________________________________
dense_Dense1 (Dense)       [[null,6]]               [null,3]              21          b[0][0]              
__________________________________________________________________________________________________________
concatenate_Concatenate1 ( [[null,4],[null,3]]      [null,7]              0           a[0][0]              
                                                                                      dense_Dense1[0][0]   
==========================================================================================================
Total params: 21
Trainable params: 21
Non-trainable params: 0
__________________________________________________________________________________________________________`;

/**
 * A keras-hub style row with a structured output (a dict of shapes wrapped over lines), tied
 * output weights, and a total that is less than the rows' sum by the tied matrix. Embedding(100,
 * 8) = 800; the head's 900 = its tied (100, 8) kernel's 800 + a bias of 100.
 */
export const TIED = tf211Table("tied", [
  { name: "tokens", className: "InputLayer", shape: "[(None, 5)]", params: 0, connections: [] },
  {
    name: "embedding",
    className: "Embedding",
    shape: "(None, 5, 8)",
    params: 800,
    connections: ["tokens[0][0]"],
  },
  {
    name: "backbone",
    className: "Backbone",
    shape: "{'sequence_output': (None, 5, 8), 'pooled_output': (None, 8)}",
    params: 0,
    connections: ["embedding[0][0]"],
  },
  {
    name: "lm_head",
    className: "TiedHead",
    shape: "(None, 5, 100)",
    params: 900,
    connections: ["backbone[0][0]"],
  },
], { total: 900, trainable: 900, nonTrainable: 0 });

/**
 * TF ≥ 2.11's `summary(expand_nested=True)`: a nested model's layers between `|¯¯¯|` and
 * `¯¯¯` rules, each line framed by `|`. Dense(8) on 4 = 40; Dense(2) on 8 = 18 (the nested
 * model's 58); Dense(1) on 2 = 3.
 */
export const NESTED = (() => {
  const positions = [29, 55, 65];
  const lines = ['Model: "outer"', "_".repeat(65)];
  lines.push(...tf211Row(["Layer (type)", "Output Shape", "Param #"], positions));
  lines.push("=".repeat(65));
  const row = (name: string, shape: string, params: number, level = 0) => {
    lines.push(...tf211Row([name, shape, String(params)], positions, level));
    lines.push(level ? `|${" ".repeat(63)}|` : " ".repeat(65));
  };
  row("input_1 (InputLayer)", "[(None, 4)]", 0);
  lines.push(...tf211Row(["inner (Sequential)", "(None, 2)", "58"], positions));
  lines.push(`|${"¯".repeat(63)}|`);
  row("dense (Dense)", "(None, 8)", 40, 1);
  lines.pop();
  lines.push(...tf211Row(["dense_1 (Dense)", "(None, 2)", "18"], positions, 1));
  lines.push("¯".repeat(65));
  row("dense_2 (Dense)", "(None, 1)", 3);
  lines.push("=".repeat(65), "Total params: 61", "Trainable params: 61", "Non-trainable params: 0");
  return lines.join("\n");
})();
