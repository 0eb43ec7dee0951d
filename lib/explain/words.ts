/**
 * The words a drawing of the weights writes, in English and in Chinese, with the terms the seed
 * documents use (参数, 门, 时间步, 偏置, 循环核 …). The explanation's text and HTML words are in
 * `sentences.ts`.
 *
 * @module
 */

import type { Language } from "../language.ts";

/** The languages a drawing can be written in. */
export type DrawingLanguage = Language;

/** The Chinese of the gate, head, group and bias names a drawing labels its bands with. */
const BAND_NAMES_ZH: Readonly<Record<string, string>> = {
  "input gate": "输入门",
  "forget gate": "遗忘门",
  "cell candidate": "候选值",
  "output gate": "输出门",
  "update gate": "更新门",
  "reset gate": "重置门",
  "candidate": "候选值",
  "input bias": "输入偏置",
  "recurrent bias": "循环偏置",
};

const NUMBERED_ZH: readonly [RegExp, string][] = [
  [/^kv head (\d+)$/, "kv 头 $1"],
  [/^head (\d+)$/, "头 $1"],
  [/^group (\d+)$/, "组 $1"],
  [/^channel (\d+)$/, "通道 $1"],
  [/^gate (\d+)$/, "门 $1"],
];

/**
 * A band's label in a language: a known gate, head, group or bias name in Chinese, anything else
 * as it is.
 *
 * @param label The label, in English, as the drawing's data holds it.
 * @param lang The language.
 * @returns The label to show.
 *
 * @example
 * ```ts
 * import { bandName } from "./words.ts";
 * import assert from "assert";
 *
 * assert.equal(bandName("forget gate", "zh"), "遗忘门");
 * assert.equal(bandName("kv head 2", "zh"), "kv 头 2");
 * assert.equal(bandName("forget gate", "en"), "forget gate");
 * ```
 */
export function bandName(label: string, lang: DrawingLanguage): string {
  if (lang === "en") return label;
  const known = BAND_NAMES_ZH[label];
  if (known) return known;
  for (const [pattern, replacement] of NUMBERED_ZH) {
    if (pattern.test(label)) return label.replace(pattern, replacement);
  }
  return label;
}

/** The fixed words of a drawing. */
export interface DrawingWords {
  /** The heading: a layer's name, class and count. */
  title(layer: string, className: string, count: number): string;
  /** A wrapper's one layer shared over time. */
  sharedOverTime(className: string, steps: number | null | undefined): string;
  /** A wrapper's copy's heading. */
  copy(name: string, index: number, copies: number): string;
  /** The legend's words. */
  readonly trainable: string;
  /** The legend's words for frozen weights. */
  readonly frozen: string;
  /** The legend's note on a log scale. */
  logScale(ratio: number): string;
  /** What a layer without weights shows. */
  readonly noWeights: string;
  /** What the picture shows, for screen readers. */
  label(layer: string, className: string, count: number): string;
  /** What a model's picture shows, for screen readers. */
  modelLabel(model: string): string;
}

const EN: DrawingWords = {
  title: (layer, className, count) => `${layer} (${className}): ${count} parameters`,
  sharedOverTime: (className, steps) =>
    `one ${className}, the same weights at ${
      steps === null || steps === undefined ? "every" : `all ${steps}`
    } time steps`,
  copy: (name, index, copies) => `${name} (copy ${index} of ${copies}, its own weights)`,
  trainable: "trainable",
  frozen: "frozen (non-trainable)",
  logScale: (ratio) =>
    `log scale: sides differ by more than ${ratio}×, so lengths are not to scale`,
  noWeights: "no weight tensors",
  label: (layer, className, count) =>
    `The weight tensors of ${layer} (${className}), ${count} parameters`,
  modelLabel: (model) => `The weight tensors of model ${model}, layer by layer`,
};

const ZH: DrawingWords = {
  title: (layer, className, count) => `${layer}（${className}）：${count} 个参数`,
  sharedOverTime: (className, steps) =>
    `一个 ${className}，${
      steps === null || steps === undefined ? "每个" : `全部 ${steps} 个`
    }时间步共用同一套权重`,
  copy: (name, index, copies) => `${name}（第 ${index} 份，共 ${copies} 份，各有自己的权重）`,
  trainable: "可训练",
  frozen: "冻结（不可训练）",
  logScale: (ratio) => `对数刻度：各边相差超过 ${ratio} 倍，长度不按比例`,
  noWeights: "没有权重张量",
  label: (layer, className, count) => `${layer}（${className}）的权重张量，${count} 个参数`,
  modelLabel: (model) => `模型 ${model} 的权重张量，逐层`,
};

/**
 * The fixed words of a drawing in a language.
 *
 * @param lang The language.
 * @returns Its words.
 * @throws {RangeError} For a language other than `"en"` and `"zh"`.
 *
 * @example
 * ```ts
 * import { drawingWords } from "./words.ts";
 * import assert from "assert";
 *
 * assert.equal(drawingWords("zh").title("lstm", "LSTM", 380), "lstm（LSTM）：380 个参数");
 * assert.throws(() => drawingWords("fr" as never), RangeError);
 * ```
 */
export function drawingWords(lang: DrawingLanguage): DrawingWords {
  if (lang === "en") return EN;
  if (lang === "zh") return ZH;
  throw new RangeError(`A drawing's language is "en" or "zh", received ${JSON.stringify(lang)}`);
}
