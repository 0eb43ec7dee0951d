// What each notebook must show once executed: the seed documents' numbers, derivations and
// summary rows, and the trained models' predictions. A notebook that runs without error but no
// longer prints these has stopped teaching what it is for.
//
// Each string must occur, exactly, in the notebook's executed text as `executedText` flattens it.
// Every string is one line, so it is found however a test joins the outputs. Summary rows are
// written with Keras 2's spacing, which is the spacing the seed documents print.

/**
 * The pipeline check: not a lesson, so it lives with the tests. It draws a figure with a hostile
 * series name and shows a model with a hostile layer name; the browser test opens its page.
 */
export const PIPELINE_NOTEBOOK: string = new URL(
  "./fixtures/notebooks/pipeline_check.ipynb",
  import.meta.url,
).pathname;

/** A notebook as nbformat 4 stores it, as far as its outputs go. */
export interface ExecutedNotebook {
  readonly cells: readonly {
    readonly cell_type: string;
    readonly outputs?: readonly ExecutedOutput[];
  }[];
}

/** One output of an executed code cell. */
export interface ExecutedOutput {
  readonly output_type: string;
  /** Stream outputs: the text, whole or as lines. */
  readonly text?: string | readonly string[];
  /** Results and displays: the renderings by MIME type. */
  readonly data?: Readonly<Record<string, unknown>>;
  readonly ename?: string;
  readonly evalue?: string;
}

function joinLines(text: unknown): string {
  if (Array.isArray(text)) return text.join("");
  return typeof text === "string" ? text : "";
}

/**
 * The text a reader of the executed notebook sees, in order: stream output as printed (each
 * `console.log` already ends its line), and the `text/plain` rendering of every result and
 * display, each followed by a newline. HTML and plotly renderings are left out; their text/plain
 * twins say the same.
 */
export function executedText(notebook: ExecutedNotebook): string {
  let text = "";
  for (const cell of notebook.cells) {
    if (cell.cell_type !== "code") continue;
    for (const output of cell.outputs ?? []) {
      if (output.output_type === "stream") {
        text += joinLines(output.text);
      } else if (output.output_type === "error") {
        text += `${output.ename}: ${output.evalue}\n`;
      } else if (output.data) {
        text += joinLines(output.data["text/plain"]) + "\n";
      }
    }
  }
  return text;
}

/** Notebook file name → strings its executed text must contain. */
export const NOTEBOOK_EXPECTATIONS: Readonly<Record<string, readonly string[]>> = {
  "00_overview.ipynb": [
    "kernel (13, 5) = 65",
    "count: 70",
    "13 × 5 + 5 = 70",
    "13*5 + 5*5 + 5 = 95",
    "4*(13*5 + 5*5 + 5) = 380",
    "None steps: 380",
    "dense_1 (Dense)              (None, 5)                 30",
    "Total params: 61,460",
    "380   = 4*(13*5 + 5*5 + 5)",
    "3900  = 5*650 + 650",
    "53680 = 4*(650*20 + 20*20 + 20)",
    'Line figure "LSTM parameters against units" (log x, log y)',
  ],
  "01_why_the_first_lstm_has_more_params.ipynb": [
    "features per step:    65 / 5 = 13",
    // explainSummary reads the printed tables back: the input, and the answer's "?" filled
    "Model input: (None, 400, 13)",
    "5×650 + 650 = 3,900",
    "reads 13 features per step",
    "reads 650 features per step",
    "lstm_1 (LSTM)                (None, 400, 5)            380",
    "lstm_2 (LSTM)                (None, 400, 5)            220",
    "time_distributed_1 (TimeDist (None, 400, 650)          3900",
    "lstm_3 (LSTM)                (None, 400, 20)           53680",
    "lstm_4 (LSTM)                (None, 400, 20)           3280",
    "Total params: 61,460",
    "Keras's kernel:        (13, 20)",
    "the answer's kernel:   (5, 52)",
    "380   = 4*(13*5 + 5*5 + 5)",
    "220   = 4*(5*5 + 5*5 + 5)",
    "3900  = 5*650 + 650",
    "53680 = 4*(650*20 + 20*20 + 20)",
    "3280  = 4*(20*20 + 20*20 + 20)",
    "5*650 + 650 = 3900",
    "4000 steps: (None, 4000, 650) 3900",
    "dense_1 (Dense)              (None, 5)                 70",
    "dense_2 (Dense)              (None, 5)                 30",
    "dense_3 (Dense)              (None, 650)               3900",
    "dense_4 (Dense)              (None, 20)                13020",
    "dense_5 (Dense)              (None, 20)                420",
    "70    = 13*5 + 5",
    "13020 = 650*20 + 20",
    "420   = 20*20 + 20",
    "lstm_1: 4 * (dense_1 70 + 5*5) = 380",
    "lstm_3: 4 * (dense_4 13020 + 20*20) = 53680",
  ],
  "02_lstm_480_not_120.ipynb": [
    "Model input: (None, None, 1)",
    "lstm_4 (LSTM)                (None, None, 10)          480",
    "time_distributed_4 (TimeDist (None, None, 1)           11",
    "Total params: 491",
    "10*1 + 1 = 11",
    "recurrent_kernel (10, 40) = 400",
    'one "unit":  4 * ((1 + 1) * 1 + 1^2) = 12',
    'ten "units": 10 * 12 = 120',
    "4 * ((1 + 1) * 10 + 10^2) = 480",
    "difference:                    360",
  ],
  "03_reading_an_lstm_summary.ipynb": [
    "Model input: (None, 100, 6)",
    "lstm_1 (LSTM)                (None, 100, 64)           18176",
    "dropout_1 (Dropout)          (None, 100, 64)           0",
    "lstm_2 (LSTM)                (None, 64)                33024",
    "dense_1 (Dense)              (None, 64)                4160",
    "dense_2 (Dense)              (None, 64)                4160",
    "dense_3 (Dense)              (None, 6)                 390",
    "Total params: 59,910",
    "(64 + 6) * 64 + 64 = 70 * 64 + 64 = 4544",
    "4 blocks: 4 * 4544 = 18176",
    "lstm_2:  4 * ((64 + 64) * 64 + 64) = 33024",
    "total:   18176 + 0 + 33024 + 4160 + 4160 + 390 = 59,910",
    "(32, 100, 64)  18176",
    "weights: [], count: 0",
    "1000 steps: 59,910 parameters",
  ],
  "04_timedistributed_and_three_trained_examples.ipynb": [
    "output shape: (50, 128)",
    "4 * ((300 + 128) * 128 + 128) = 219648",
    "1000 tokens per line: 219648",
    "total:                     54912 + 109824 + 0 + 54912 = 219648",
    "0.0 0.2 0.4 0.6 0.8",
    "lstm_1 (LSTM)                (None, 5)                 140",
    "dense_1 (Dense)              (None, 1)                 6",
    "Total params: 146",
    "LSTM:  4 * ((1 + 1) * 5 + 5^2) = 4 * 35 = 140",
    // the post's (None, 1, 5) for an LSTM without return_sequences, caught
    "Printed (None, 1, 5), but LSTM(5)",
    "TF.js model: 146 parameters",
    "dense_1 (Dense)              (None, 5)                 30",
    "Total params: 170",
    "lstm_1 (LSTM)                (None, 5, 5)              140",
    "time_distributed_1 (TimeDist (None, 5, 1)              6",
    "5 * 1 + 1 = 6, shared by all 5 steps",
    "(None, 5, 1) 6",
    // each trained model's predictions, rounded to one decimal, are the sequence it learned
    "one-to-one    params 146 (TF.js 146)  rounded: 0.0 0.2 0.4 0.6 0.8",
    "many-to-one   params 170 (TF.js 170)  rounded: 0.0 0.2 0.4 0.6 0.8",
    "many-to-many  params 146 (TF.js 146)  rounded: 0.0 0.2 0.4 0.6 0.8",
  ],
  "05_lstm_gate_by_gate.ipynb": [
    "[h(t-1), x(t)] has 10 + 5 = 15 values",
    "forget gate: 15 * 10 + 10 = 160",
    "input gate + candidate: 2 * (15 * 10 + 10) = 320",
    "cell-state update: 0",
    "output gate: 15 * 10 + 10 = 160",
    "160 + 320 + 160 = 640",
    "4 * ((5 + 10) * 10 + 10) = 640",
    "lstm_8 (LSTM)                (None, 10)                640",
    "Total params: 640",
    "kernel           (5, 40)  = 200",
    "forget gate     kernel (5, 10) + recurrent (10, 10) + bias 10 = 50 + 100 + 10 = 160",
    "None steps: 640",
  ],
  "06_plots.ipynb": [
    'Line figure "LSTM parameters against units" (log x, log y)',
    'Line figure "LSTM parameters against input features" (log x, log y)',
    'Heatmap "LSTM parameters (colour: log10 of the count)" (8 × 8)',
    'Line figure "Parameters against units, on 13 input features" (log x, log y)',
    "LSTM(5) on 13: 4*(13*5 + 5*5 + 5) = 380",
    "LSTM(10) on 1: 4*(1*10 + 10*10 + 10) = 480",
    "LSTM(20) on 650: 4*(650*20 + 20*20 + 20) = 53680",
    "LSTM(64) on 6: 18176",
    "LSTM(128) on 300: 219648",
    "LSTM(10) on 5: 640",
    "= 380   4.00 × SimpleRNN",
    "= 285   3.00 × SimpleRNN",
    "=  95   1.00 × SimpleRNN",
    // The sliding figures: 4((n + m)m + m) by hand, and attention's 4 × 512 × h × d + 3hd + 512.
    "with input features on a slider (1, 5, 13, 20, 64, 650); the first step shows LSTM: 12, 32, " +
    "96, 320, 1152, 4352",
    "with heads on a slider (1, 2, 4, 8, 16); the first step shows MultiHeadAttention: 16920, " +
    "33328, 66144, 131776, 263040",
    "slider at 1 features, LSTM(8): 320",
    "slider at 13 features, LSTM(8): 704",
    "slider at 650 features, LSTM(8): 21088",
    "LSTM gate blocks on 13 input features, units on the slider: kernel, recurrent_kernel, bias " +
    "drawn to scale, cut into input gate, forget gate, cell candidate, output gate",
    "LSTM(5): kernel 13 × 20 = 260, bands: input gate, forget gate, cell candidate, output gate",
    "LSTM(5): recurrent_kernel 5 × 20 = 100, bands: input gate, forget gate, cell candidate, " +
    "output gate",
    "LSTM(5): bias 1 × 20 = 20, bands: input gate, forget gate, cell candidate, output gate",
    "8 heads of 64 on 512: 1050624",
    "16 heads of 32 on 512: 1050624",
  ],
  // Counts from the Keras 3 formulas and from what Keras 3.15.1 printed for ResNet50.
  "07_beyond_a_stack_of_layers.ipynb": [
    "lstm: 98816",
    "lstm_1: 12416",
    "priority: 161",
    "hidden (Dense): 544",
    "back_to_16 (Dense): 528",
    "Inputs have incompatible shapes. Received shapes (16,) and (8,)",
    "total: 76481",
    '{ layers: 177, parameters: "25,636,712" }',
    "conv2_block1_1_conv (Conv2D): 4160 parameters, all trainable",
    "conv2_block2_1_conv (Conv2D): 16448 parameters, all trainable",
    '"predictions: 2,049,000"',
  ],
  // Keras 3's MultiHeadAttention weights; 4 × (width² + width); torch 2.13's recorded counts.
  "08_attention_parameters.ipynb": [
    "query/kernel (64, 4, 16) = 4096",
    "attention_output/kernel (4, 16, 64) = 4096",
    "1000 positions: 16640",
    "multi_head_attention (MultiHeadAttention): 16640",
    "dense_1 (Dense): 8320",
    "dense (Dense): 8256",
    "lstm64: 33024,",
    "torchMultiheadAttention: 16640,",
    "torchTransformerEncoderLayer: 33472",
    "width 512: 1050624 = 4 × (512² + 512)",
  ],
  // Compute: seed 000's model (LSTM 5, LSTM 5, TimeDistributed Dense 650, LSTM 20, LSTM 20 on
  // 13 features: 61,460 parameters, as the document prints) does 60,610 × T MACs, derived by hand:
  // 4 × 5 × (13 + 5) + 4 × 5 × (5 + 5) + 5 × 650 + 4 × 20 × (650 + 20) + 4 × 20 × (20 + 20) per
  // step; 750 activation elements per step (h and c of each LSTM, 650 Dense outputs); Keras's
  // Optimizer params for Adam (2 + 2 × 61,460); ResNet50's MACs as Keras traced them on JAX; each
  // PyTorch counter's rule on the same LSTM and attention.
  "09_compute_grows_params_dont.ipynb": [
    "1 steps: 61460 params, 60,610 MACs, 750 activation elements per example",
    "400 steps: 61460 params, 24,244,000 MACs, 300,000 activation elements per example",
    "10000 steps: 61460 params, 606,100,000 MACs, 7,500,000 activation elements per example",
    "by hand: 60,610 MACs per step, × 400 = 24,244,000",
    "model.macs() at 400 steps: 24,244,000",
    "lstm_2: 53680 params, 21,440,000 MACs",
    "slider at 10000 steps, LSTM(5): 380 params, 3,600,000 MACs",
    "compute:  400 steps × 4 × 5 × (13 + 5) = 144,000 MACs per example",
    "Total params: 61,460 (240.08 KB)",
    "Total MACs: 24.2 M (per example; FLOPs = 2 × MACs = 48.5 M)",
    "optimizerParams: 122922",
    "activations: 38400000",
    "total: 39383368",
    "L 1024: 16640 params, projections 16,777,216, scores + sum 134,217,728 MACs",
    "stage 4: 58.50% of parameters, 18.98% of MACs",
    "ResNet50: 25,636,712 parameters, 3,857,973,248 MACs per 224 × 224 image",
    "torchinfo: LSTM 160,000, attention 166,400",
    "fvcore: LSTM 0, attention 176,640",
    "thop: LSTM 176,000, attention 0",
  ],
  // From an LSTM to Llama 3. The published counts are keras-hub's metadata.params (its preset
  // files). By hand, d = 4,096, 32 query and 8 key/value heads of 128, MLP 14,336, vocabulary
  // 128,256: query and output 4,096 × 32 × 128 = 16,777,216 each, key and value 4,096 × 8 × 128 =
  // 4,194,304 each, MLP 3 × 4,096 × 14,336 = 176,160,768, norms 2 × 4,096; one block 218,112,000;
  // the table and output projection 128,256 × 4,096 = 525,336,576 each (6.54% of 8,030,261,248).
  // Full multi-head attention: 32 × 2 × 4,096 × (32 − 8) × 128 = 805,306,368 more (9.1% of
  // 8,835,567,616). MACs per token: every projection weight once (Llama's blocks: 218,112,000 −
  // 8,192 norms, × 32), scores and weighted sum 2 × context × 4,096 per block, logits 4,096 ×
  // 128,256; GPT-2 and BERT blocks: 4 × 768² + 2 × 768 × 3,072 = 7,077,888, + 2 × context × 768;
  // the TransformerDecoder layer's MACs are checked against Keras traced on JAX.
  "10_from_an_lstm_to_llama3.ipynb": [
    "LSTM(5) on 13 features: 380 parameters = 4 × ((13 + 5) × 5 + 5) = 380",
    "lstm (LSTM): 380 parameters, all trainable",
    "keras-hub publishes 109,482,240; counted 109,482,240",
    "= 7,087,872; × 12 = 85,054,464",
    "keras-hub publishes 124,439,808; counted 124,439,808",
    "keras-hub publishes 8,030,261,248; counted 8,030,261,248",
    "embeddings: 525,336,576 (6.54%), in one block 0",
    "output projection: 525,336,576 (6.54%), in one block 0",
    "attention: query: 536,870,912 (6.69%), in one block 16,777,216",
    "attention: key: 134,217,728 (1.67%), in one block 4,194,304",
    "attention: value: 134,217,728 (1.67%), in one block 4,194,304",
    "attention: output: 536,870,912 (6.69%), in one block 16,777,216",
    "MLP: 5,637,144,576 (70.20%), in one block 176,160,768",
    "norms: 266,240 (0.00%), in one block 8,192",
    "one block: 218,112,000, × 32 = 6,979,584,000",
    "token_embedding: 1,050,673,152, transformer_layer_0: 218,112,000",
    "transformer_layer_31: 218,112,000, sequence_output_layernorm: 4,096",
    "with 32 key/value heads (full multi-head attention): 8,835,567,616",
    "grouped-query attention saves 805,306,368 (25,165,824 per block, 9.1% of the full model)",
    "LSTM(5) on 13 features: 360 MACs per step, 144,000 MACs for 400 steps, 380 parameters",
    "BERT-base at 512 positions: 109,482,240 parameters, 94,371,840 MACs per token = projections 84,934,656 + attention 9,437,184",
    "GPT-2 at 1,024 positions: 124,439,808 parameters, 142,406,400 MACs per token = projections 84,934,656 + attention 18,874,368 + logits 38,597,376",
    "Llama 3 8B at 8,192 positions: 8,030,261,248 parameters, 9,652,142,080 MACs per token = projections 6,979,321,856 + attention 2,147,483,648 + logits 525,336,576",
    "TransformerDecoder(3072, 12 heads) at 1,024 positions: 7,087,872 parameters, 8,650,752 MACs per token; × 12 = 103,809,024",
    "backboneMacsPerToken(gpt2): 103,809,024",
  ],
};

/**
 * How an expected output reads in the Chinese edition, which sets `setLanguage("zh")` first:
 * the figure titles the notebooks give with `t()`, and the explanations' words. English → Chinese,
 * each applied to every expectation of a Chinese edition.
 */
export const CHINESE_EDITION_WORDS: readonly (readonly [string, string])[] = [
  ['"LSTM parameters against units"', '"LSTM 参数量随单元数的变化"'],
  ['"LSTM parameters against input features"', '"LSTM 参数量随输入特征数的变化"'],
  ['"LSTM parameters (colour: log10 of the count)"', '"LSTM 参数量（颜色：参数量的 log10）"'],
  ['"Parameters against units, on 13 input features"', '"13 个输入特征上，参数量随单元数的变化"'],
  ["with input features on a slider", "with 输入特征数 on a slider"],
  ["with heads on a slider", "with 头数 on a slider"],
  [
    "LSTM gate blocks on 13 input features, units on the slider:",
    "13 个输入特征上的 LSTM 门块，滑块调节单元数:",
  ],
  ["parameters, all trainable", "个参数，全部可训练"],
  ["= 7,087,872; × 12 = 85,054,464", "= 7,087,872；× 12 = 85,054,464"],
  [
    "compute:  400 steps × 4 × 5 × (13 + 5) = 144,000 MACs per example",
    "计算量：400 步 × 4 × 5 × (13 + 5) = 144,000 MACs 每个样本",
  ],
];

/**
 * An expectation as the Chinese edition prints it.
 *
 * @example
 * ```ts
 * import { inChineseEdition } from "./notebook_expectations.ts";
 * import assert from "assert";
 *
 * assert.equal(inChineseEdition("conv (Conv2D): 4160 parameters, all trainable"), "conv (Conv2D): 4160 个参数，全部可训练");
 * ```
 */
export function inChineseEdition(expected: string): string {
  return CHINESE_EDITION_WORDS.reduce((s, [en, zh]) => s.replaceAll(en, zh), expected);
}

/** What only the Chinese edition shows: its explanations' own words. */
export const CHINESE_EXPLANATIONS: Readonly<Record<string, readonly string[]>> = {
  "00_overview.ipynb": ["dense (Dense): 70 个参数，全部可训练", "公式：n × m + m", "原因："],
  "01_why_the_first_lstm_has_more_params.ipynb": ["门：4 个块", "输入门、遗忘门、候选值、输出门"],
  "08_attention_parameters.ipynb": ["其中 n = 64（特征数），h = 4（头数）"],
  "09_compute_grows_params_dont.ipynb": ["同一个单元在每个时间步（全部 400 个）重复使用"],
  "10_from_an_lstm_to_llama3.ipynb": [
    "门：4 个块，每个 (n + m) × m + m = (13 + 5) × 5 + 5 = 95：输入门、遗忘门、候选值、输出门",
    "Llama 3 8B：各层各部分的参数量",
    "llama3_backbone (Llama3Backbone)：8,030,261,248 个参数",
    "分组查询注意力：32 个 query 头共享 8 个 key/value 头，所以 key 和 value 是 4,096 → 8×128（比 query 小 4 倍），没有偏置",
    "词元嵌入表，50,257 个词元 × 768；输出 logits 复用这张表（共享权重）",
  ],
};
