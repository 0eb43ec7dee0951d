// The Chinese of a keras-hub backbone's explanation: the blocks (blocks.ts) describe each layer in
// English from a few templates; this turns each template's clauses into Chinese, keeping the
// numbers, formulas and Keras names. A clause no template here knows stays in English, never
// dropped. Internal to lib/hub.

const N = "([\\d,]+)";

/** Whole descriptions: the tables, norms and Dense layers. */
const WHOLE: readonly (readonly [RegExp, string])[] = [
  [
    new RegExp(`^the token table, ${N} tokens × ${N}; the output logits reuse it \\(tied\\)$`),
    "词元嵌入表，$1 个词元 × $2；输出 logits 复用这张表（共享权重）",
  ],
  [
    new RegExp(
      `^the token table, ${N} tokens × ${N}, and its own output projection ${N} × ${N} ` +
        `\\(untied: counted twice\\)$`,
    ),
    "词元嵌入表，$1 个词元 × $2，以及它自己的输出投影 $3 × $4（不共享：计两次）",
  ],
  [new RegExp(`^a table of ${N} positions × ${N}$`), "位置嵌入表，$1 个位置 × $2"],
  [new RegExp(`^a table of ${N} rows × ${N}$`), "嵌入表，$1 行 × $2"],
  [new RegExp(`^a layer norm: γ and β, ${N} each$`), "层归一化：γ 和 β 各 $1 个"],
  [
    new RegExp(`^an RMS norm: one scale per feature, ${N}$`),
    "RMS 归一化：每个特征一个缩放系数，$1 个",
  ],
  [new RegExp(`^a Dense layer ${N} → ${N} with bias$`), "Dense 层 $1 → $2，带偏置"],
  [
    new RegExp(`^token table ${N} × ${N} and position table ${N} × ${N}$`),
    "词元嵌入表 $1 × $2 和位置嵌入表 $3 × $4",
  ],
];

/** A block's clauses, separated by "; " in English. */
const CLAUSES: readonly (readonly [RegExp, string])[] = [
  [
    new RegExp(
      `^attention: query, key, value ${N} → ${N} heads × ${N} with biases, output back to ${N}$`,
    ),
    "注意力：query、key、value $1 → $2 个头 × $3，带偏置，输出投影回 $4",
  ],
  [
    new RegExp(
      `^self- and cross-attention, each: query, key, value ${N} → ${N} heads × ${N} with ` +
        `biases, output back to ${N}$`,
    ),
    "自注意力和交叉注意力各一个：query、key、value $1 → $2 个头 × $3，带偏置，输出投影回 $4",
  ],
  [
    new RegExp(
      `^attention: query, key, value ${N} → ${N} heads × ${N} with biases, output ${N} → ${N} ` +
        `with bias$`,
    ),
    "注意力：query、key、value $1 → $2 个头 × $3，带偏置，输出 $4 → $5，带偏置",
  ],
  [new RegExp(`^MLP ${N} → ${N} → ${N} with biases$`), "MLP $1 → $2 → $3，带偏置"],
  [/^two layer norms$/, "两个层归一化"],
  [/^three layer norms$/, "三个层归一化"],
  [/^two RMS norms$/, "两个 RMS 归一化"],
  [/^three RMS norms$/, "三个 RMS 归一化"],
  [/^four RMS norms$/, "四个 RMS 归一化"],
  [
    new RegExp(`^gated MLP: gate and up ${N} → ${N}, down ${N} → ${N}$`),
    "门控 MLP：gate 和 up $1 → $2，down $3 → $4",
  ],
];

/** The attention clause of a gated block: its kind, then what it adds. */
const ATTENTION: readonly (readonly [RegExp, string])[] = [
  [
    new RegExp(
      `^grouped-query attention: ${N} query heads share ${N} key/value heads, so key and value ` +
        `are ${N} → ${N}×${N} \\(${N}× smaller than the query\\)`,
    ),
    "分组查询注意力：$1 个 query 头共享 $2 个 key/value 头，所以 key 和 value 是 $3 → $4×$5" +
    "（比 query 小 $6 倍）",
  ],
  [
    new RegExp(`^multi-head attention: ${N} heads of ${N} for query, key and value`),
    "多头注意力：query、key、value 各 $1 个头，每头 $2",
  ],
];

const ATTENTION_EXTRAS: readonly (readonly [string, string])[] = [
  [", no biases", "，没有偏置"],
  [", query/key/value biases", "，query、key、value 带偏置"],
  [", an RMS norm per query and key head", "，query 头和 key 头各有一个 RMS 归一化"],
];

function clause(text: string): string {
  for (const [pattern, zh] of CLAUSES) if (pattern.test(text)) return text.replace(pattern, zh);
  for (const [pattern, zh] of ATTENTION) {
    const match = pattern.exec(text);
    if (!match) continue;
    let rest = text.slice(match[0].length);
    let out = match[0].replace(pattern, zh);
    for (let changed = true; changed && rest !== "";) {
      changed = false;
      for (const [en, extra] of ATTENTION_EXTRAS) {
        if (rest.startsWith(en)) {
          out += extra;
          rest = rest.slice(en.length);
          changed = true;
        }
      }
    }
    return out + rest;
  }
  return text;
}

/**
 * A layer's description in Chinese.
 *
 * @param what The English description, as a block writes it.
 * @returns Its Chinese, clause by clause; a clause no template knows stays English.
 */
export function whatInChinese(what: string): string {
  for (const [pattern, zh] of WHOLE) if (pattern.test(what)) return what.replace(pattern, zh);
  return what.split("; ").map(clause).join("；");
}

/**
 * A formula's words in Chinese (its numbers and operators unchanged).
 *
 * @param formula The formula, e.g. `"attention 4·768·768 + … + norms 4·768"`.
 * @returns The formula with `attention`, `MLP`, `norms`, `head norms` and `biases` in Chinese.
 */
export function formulaInChinese(formula: string): string {
  return formula
    .replace(/\bhead norms\b/g, "头归一化")
    .replace(/\battention\b/g, "注意力")
    .replace(/\bnorms\b/g, "归一化")
    .replace(/\bbiases\b/g, "偏置");
}
