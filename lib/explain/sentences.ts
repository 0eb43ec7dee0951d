/**
 * The words an explanation's text and HTML write, in English and in Chinese: the fixed words of
 * the layout (weights, formula, gates, why …), keyed, and the sentences the kind declarations
 * write (why a count is what it is, what a weight holds, what a symbol stands for), each an
 * English pattern with its Chinese. Numbers, formulas, Keras class and weight names stay as they
 * are. A sentence no pattern knows stays in English.
 *
 * @module
 */

import type { Language } from "../language.ts";
import { bandName } from "./words.ts";

/** The fixed words of an explanation, in both languages. */
const FRAME = {
  parameter: { en: "parameter", zh: "个参数" },
  parameters: { en: "parameters", zh: "个参数" },
  allTrainable: { en: "all trainable", zh: "全部可训练" },
  allNonTrainable: { en: "all non-trainable", zh: "全部不可训练" },
  trainable: { en: "trainable", zh: "可训练" },
  nonTrainable: { en: "non-trainable", zh: "不可训练" },
  weights: { en: "weights:", zh: "权重：" },
  formula: { en: "formula:", zh: "公式：" },
  with: { en: "with", zh: "其中" },
  asWritten: { en: "(as the documents write it)", zh: "（文档中的写法）" },
  gates: { en: "gates:", zh: "门：" },
  why: { en: "why:", zh: "原因：" },
  compute: { en: "compute:", zh: "计算量：" },
  perExample: { en: "per example (FLOPs = 2 × MACs)", zh: "每个样本（FLOPs = 2 × MACs）" },
  innerShared: {
    en: "inner layer (one copy, shared over time):",
    zh: "内层（一份，所有时间步共用）：",
  },
  innerTwo: {
    en: "inner layer (two copies, forward and backward):",
    zh: "内层（两份，正向与反向）：",
  },
  innerSharedHtml: { en: "Inner layer, shared over time:", zh: "内层，所有时间步共用：" },
  innerTwoHtml: { en: "Inner layer, two copies:", zh: "内层，两份：" },
  weight: { en: "weight", zh: "权重" },
  shape: { en: "shape", zh: "形状" },
  size: { en: "size", zh: "大小" },
  whatItHolds: { en: "what it holds", zh: "含义" },
  yes: { en: "yes", zh: "是" },
  no: { en: "no", zh: "否" },
  model: { en: "Model", zh: "模型" },
  layerByLayer: { en: ", layer by layer", zh: "，逐层" },
} as const;

/** A key of the fixed words. */
export type FrameWord = keyof typeof FRAME;

/**
 * One of an explanation's fixed words in a language.
 *
 * @param key Which word.
 * @param lang The language.
 * @returns The word.
 *
 * @example
 * ```ts
 * import { frameWord } from "./sentences.ts";
 * import assert from "assert";
 *
 * assert.equal(frameWord("formula", "en"), "formula:");
 * assert.equal(frameWord("formula", "zh"), "公式：");
 * ```
 */
export function frameWord(key: FrameWord, lang: Language): string {
  return FRAME[key][lang];
}

/** Every fixed word, for tests: `[key, English, Chinese]`. */
export const FRAME_WORDS: readonly (readonly [FrameWord, string, string])[] = Object.entries(
  FRAME,
).map(([key, w]) => [key as FrameWord, w.en, w.zh]);

/**
 * A gate's name in a language, as a drawing labels its band (遗忘门 …).
 *
 * @param name The name, in English.
 * @param lang The language.
 * @returns Its name; an unknown name as it is.
 *
 * @example
 * ```ts
 * import { gateName } from "./sentences.ts";
 * import assert from "assert";
 *
 * assert.equal(gateName("forget gate", "zh"), "遗忘门");
 * assert.equal(gateName("forget gate", "en"), "forget gate");
 * ```
 */
export function gateName(name: string, lang: Language): string {
  return bandName(name, lang);
}

function gateList(list: string): string {
  return list.split(", ").map((n) => gateName(n, "zh")).join("、");
}

type Pattern = readonly [RegExp, (...groups: string[]) => string];

/** The kind declarations' sentences and phrases, each English pattern with its Chinese. */
const SENTENCES: readonly Pattern[] = [
  // Recurrent layers (lib/explain/analysis.ts).
  [
    /^(\w+) has (one block|(\d+) gate blocks \((.*)\), laid side by side in the kernel columns)\. Each maps the concatenation \[input \(n = (\d+)\), previous hidden state \(m = (\d+)\)\] to m = \d+ values, (plus one bias per unit|plus two biases per unit \(input and recurrent, because of resetAfter\)|and no bias \(useBias: false\)): (.*) = (\d+) per block\.$/,
    (cls, _b, g, names, n, m, bias, formula, size) =>
      `${cls} ${
        g === undefined ? "只有一个块" : `有 ${g} 个门块（${gateList(names)}），在核的列中并排放置`
      }。每个块把拼接向量 [输入 (n = ${n}), 上一时刻的隐藏状态 (m = ${m})] 映射为 m = ${m} 个值，${
        bias.startsWith("plus one")
          ? "每个单元再加一个偏置"
          : bias.startsWith("plus two")
          ? "每个单元再加两个偏置（输入与循环各一个，因为 resetAfter）"
          : "没有偏置（useBias: false）"
      }：每个块 ${formula} = ${size}。`,
  ],
  [
    /^One cell is reused at every time step(?: \(all (\d+) of them\))?, so the count depends on n and m only, never on the sequence length\.$/,
    (steps) =>
      `同一个单元在每个时间步${
        steps === undefined ? "" : `（全部 ${steps} 个）`
      }重复使用，所以参数量只取决于 n 和 m，与序列长度无关。`,
  ],
  [
    /^The same ([\d,]+) parameters are used at every one of the (\d+) steps: the parameters do not grow with the sequence, the compute does \(([\d,]+) MACs per step\)\.$/,
    (p, steps, per) =>
      `同样的 ${p} 个参数在全部 ${steps} 个时间步中的每一步都被使用：参数不随序列增长，计算量随之增长（每步 ${per} MACs）。`,
  ],
  // Wrappers.
  [
    /^Bidirectional runs two (\w+) layers over the sequence, (\S+) forwards and (\S+) backwards, each with its own weights: twice ([\d,]+)\.$/,
    (cls, f, b, p) =>
      `Bidirectional 在序列上运行两个 ${cls} 层，${f} 正向、${b} 反向，各有自己的权重：两倍的 ${p}。`,
  ],
  [
    /^TimeDistributed applies one (\w+) to every time step with the same weights, so it holds exactly the \w+'s ([\d,]+) parameters for one step's input (.*), shared by all (\d+) of them: the count does not depend on the number of steps\.$/,
    (cls, p, shape, steps) =>
      `TimeDistributed 用同一套权重把一个 ${cls} 应用到每个时间步，所以它恰好持有该 ${cls} 针对单步输入 ${shape} 的 ${p} 个参数，由全部 ${steps} 个时间步共用：参数量与时间步数无关。`,
  ],
  // Dense, Embedding, Dropout.
  [
    /^Each of the m = (\d+) units has one weight per input feature \(n = (\d+)\) and one bias: n × m \+ m\.$/,
    (m, n) =>
      `m = ${m} 个单元中的每一个，对每个输入特征（n = ${n}）有一个权重，再加一个偏置：n × m + m。`,
  ],
  [
    /^An embedding is a lookup table: one row of d = (\d+) numbers per token id, v = (\d+) rows\. The sequence length does not matter\.$/,
    (d, v) =>
      `嵌入层是一张查找表：每个词元 id 一行，每行 d = ${d} 个数，共 v = ${v} 行。序列长度无关紧要。`,
  ],
  [
    /^Dropout sets a random fraction \(the rate\) of its inputs to zero while training and passes everything through at inference\. Nothing is learned, so it has no weights\.$/,
    () =>
      "Dropout 在训练时把随机一部分（比例为 rate）输入置零，推理时原样通过。它不学习任何东西，所以没有权重。",
  ],
  // What a weight holds (lib/layers/recurrent.ts, core.ts).
  [
    /^(\d+) input features × \((\d+) gate blocks × (\d+) units\)$/,
    (n, g, m) => `${n} 个输入特征 × （${g} 个门块 × ${m} 个单元）`,
  ],
  [/^(\d+) input features × (\d+) units$/, (n, m) => `${n} 个输入特征 × ${m} 个单元`],
  [
    /^(\d+) values of the previous hidden state × \((\d+) gate blocks × (\d+) units\)$/,
    (m, g, u) => `上一时刻隐藏状态的 ${m} 个值 × （${g} 个门块 × ${u} 个单元）`,
  ],
  [
    /^(\d+) values of the previous hidden state × (\d+) units$/,
    (m, u) => `上一时刻隐藏状态的 ${m} 个值 × ${u} 个单元`,
  ],
  [/^one per unit of each block: (.*)$/, (x) => `每个块的每个单元一个：${x}`],
  [/^one per unit$/, () => "每个单元一个"],
  [
    /^2 rows of (\d+) × (\d+): a bias for the input product and one for the recurrent product \(resetAfter\)$/,
    (g, m) => `2 行，每行 ${g} × ${m}：一行给输入乘积的偏置，一行给循环乘积的偏置（resetAfter）`,
  ],
  [
    /^one vector of (\d+) numbers for each of (\d+) token ids$/,
    (d, v) => `${v} 个词元 id 各一个向量，每个 ${d} 个数`,
  ],
  // Convolutions.
  [
    /^Each of the f = (\d+) filters has a (.*) window over all c = (\d+) input channels, plus a bias\. The same window slides over every position, so the count does not depend on the input's length or size\.$/,
    (f, window, c) =>
      `f = ${f} 个卷积核中的每一个，都有一个覆盖全部 c = ${c} 个输入通道的 ${window} 窗口，再加一个偏置。同一个窗口滑过每个位置，所以参数量与输入的长度或大小无关。`,
  ],
  [
    /^a (.*) window × (\d+) input channels, for each of (\d+) filters$/,
    (window, c, f) => `${window} 窗口 × ${c} 个输入通道，${f} 个卷积核各一份`,
  ],
  [/^one per filter$/, () => "每个卷积核一个"],
  // Attention (lib/layers/attention.ts) and its compute.
  [
    /^Each projection maps its input's features to heads × columns per head \((.*)\), plus a bias per column; the output projection maps the (.*) head outputs back to ([\d,]+) features, plus a bias per feature\.$/,
    (each, heads, n) =>
      `每个投影把输入的特征映射为 头数 × 每个头的列数（${each}），每列再加一个偏置；输出投影把 ${heads} 个头的输出映射回 ${n} 个特征，每个特征再加一个偏置。`,
  ],
  [
    /^((?:\w+: [^;]+; )+)total (.*)\.$/,
    (parts, total) => `${parts.replaceAll("; ", "；")}合计 ${total}。`,
  ],
  [
    /^Per head: each of the (\d+) heads owns its own slice of the query, key, value kernels and biases, ([\d,]+) parameters \((.*)\), so (.*); the output projection, which mixes the heads, adds ([\d,]+)\.$/,
    (h, p, sum, total, out) =>
      `按头来看：${h} 个头各自拥有 query、key、value 的核与偏置中属于自己的一份，${p} 个参数（${sum}），所以 ${total}；混合各个头的输出投影再加 ${out}。`,
  ],
  [
    /^Each projection is applied to every position alike, and the attention weights between positions are computed from the data, not learned: the count depends on the widths, the heads and their sizes, never on the sequence length(?: \((\d+) here\))?\.$/,
    (length) =>
      `每个投影对每个位置一视同仁，位置之间的注意力权重由数据算出，而不是学习得到的：参数量取决于宽度、头数和每个头的大小，与序列长度${
        length === undefined ? "" : `（这里是 ${length}）`
      }无关。`,
  ],
  [
    /^The projections \(([\d,]+) MACs\) grow linearly with the length; the scores QKᵀ and the weighted sum \(([\d,]+) MACs\) pair every query position with every key position, so they grow with its square\. The parameters do not depend on the length at all\.$/,
    (linear, square) =>
      `投影（${linear} MACs）随长度线性增长；注意力分数 QKᵀ 与加权求和（${square} MACs）把每个 query 位置与每个 key 位置配对，所以随长度的平方增长。参数量则完全不取决于长度。`,
  ],
];

/** What an axis or a symbol stands for: its name for a symbol, and a count of it for a weight. */
const MEANINGS: Readonly<Record<string, readonly [string, (n: string) => string]>> = {
  "input features": ["输入特征数", (n) => `${n} 个输入特征`],
  "features": ["特征数", (n) => `${n} 个特征`],
  "units": ["单元数", (n) => `${n} 个单元`],
  "units, the size of the hidden state": ["单元数，即隐藏状态的大小", (n) => `${n} 个单元`],
  "heads": ["头数", (n) => `${n} 个头`],
  "key_dim, per head": ["key_dim，每个头的维数", (n) => `每个头 ${n} 维 key_dim`],
  "value_dim, per head": ["value_dim，每个头的维数", (n) => `每个头 ${n} 维 value_dim`],
  "input channels": ["输入通道数", (n) => `${n} 个输入通道`],
  "filters": ["卷积核个数", (n) => `${n} 个卷积核`],
};

function meaning(text: string): string | undefined {
  const known = MEANINGS[text]?.[0];
  if (known) return known;
  const axis = /^kernel size on axis (\d+)$/.exec(text);
  return axis ? `第 ${axis[1]} 轴上的核大小` : undefined;
}

/** A weight's role made of axes, `64 features × 4 heads × 16 key_dim, per head`, piece by piece. */
function axesRole(role: string): string | undefined {
  const pieces = role.split(" × ").map((piece) => {
    const m = /^(\d+) (.+)$/.exec(piece);
    const known = m ? MEANINGS[m[2]] : undefined;
    return known && m ? known[1](m[1]) : undefined;
  });
  return pieces.every((p) => p !== undefined) ? pieces.join(" × ") : undefined;
}

/**
 * A sentence or phrase of an explanation in a language: in Chinese when the table knows it,
 * otherwise as it is.
 *
 * @param sentence The sentence, in English, as the explanation's data holds it.
 * @param lang The language.
 * @returns The sentence to show.
 *
 * @example
 * ```ts
 * import { sentence } from "./sentences.ts";
 * import assert from "assert";
 *
 * assert.equal(sentence("one per unit", "zh"), "每个单元一个");
 * assert.equal(sentence("one per unit", "en"), "one per unit");
 * assert.equal(sentence("something new", "zh"), "something new");
 * ```
 */
export function sentence(sentence: string, lang: Language): string {
  if (lang === "en") return sentence;
  for (const [pattern, chinese] of SENTENCES) {
    const match = pattern.exec(sentence);
    if (match) return chinese(...match.slice(1));
  }
  return meaning(sentence) ?? axesRole(sentence) ?? sentence;
}

/**
 * A compute formula's words in a language: `3 steps × …` and `forward 96 + backward 96` in
 * Chinese; its numbers and the unit MACs as they are.
 *
 * @param formula The formula, in English.
 * @param lang The language.
 * @returns The formula to show.
 *
 * @example
 * ```ts
 * import { computeWords } from "./sentences.ts";
 * import assert from "assert";
 *
 * assert.equal(computeWords("3 steps × 4 × 6 = 72 MACs", "zh"), "3 步 × 4 × 6 = 72 MACs");
 * assert.equal(computeWords("forward 9 + backward 9 = 18 MACs", "zh"), "正向 9 + 反向 9 = 18 MACs");
 * assert.equal(computeWords("3 steps × 4", "en"), "3 steps × 4");
 * ```
 */
export function computeWords(formula: string, lang: Language): string {
  if (lang === "en") return formula;
  return formula.replace(/(\d) steps × /g, "$1 步 × ").replace(/\bforward (?=\d)/g, "正向 ")
    .replace(/\bbackward (?=\d)/g, "反向 ").replace(/(\w+) projection (?=[\d,]+)/g, "$1 投影 ")
    .replace(/\bscores QKᵀ (?=\d)/g, "注意力分数 QKᵀ ").replace(
      /\bweighted sum (?=\d)/g,
      "加权求和 ",
    );
}
